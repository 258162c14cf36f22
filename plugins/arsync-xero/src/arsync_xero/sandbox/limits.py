"""Xero's API limits as the sandbox enforces them: per tenant 60/min, 5,000/day and 5 concurrent; 10,000/min per app.

Windows are sliding. ``time_scale`` compresses time for benchmarks: with ``time_scale=20`` a "minute"
lasts three real seconds, and ``Retry-After`` is given in real seconds (fractional).
"""

from __future__ import annotations

import collections
import dataclasses
import math
import threading
import time

__all__ = ["LimitDecision", "RateLimiter", "RateLimits"]


@dataclasses.dataclass(frozen=True)
class RateLimits:
    """The limits; Xero's real values by default."""

    per_minute: int = 60
    per_day: int = 5000
    concurrent: int = 5
    app_per_minute: int = 10_000
    time_scale: float = 1.0

    @property
    def minute(self) -> float:
        """Length of a "minute" in real seconds."""
        return 60.0 / self.time_scale

    @property
    def day(self) -> float:
        """Length of a "day" in real seconds."""
        return 86_400.0 / self.time_scale


@dataclasses.dataclass(frozen=True)
class LimitDecision:
    """Whether a call may proceed; the headers to send either way."""

    allowed: bool
    headers: dict[str, str]
    problem: str | None = None
    retry_after: float | None = None


class RateLimiter:
    """Sliding-window counters per tenant and per app, plus a concurrency gate per tenant."""

    def __init__(self, limits: RateLimits, clock: collections.abc.Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()
        self._minute: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._day: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._app: collections.deque[float] = collections.deque()
        self._active: collections.Counter[str] = collections.Counter()
        self.rejected = 0

    def _retry_after(self, seconds: float) -> float:
        # Xero sends whole seconds; a compressed clock needs fractions to stay meaningful.
        if self.limits.time_scale == 1.0:
            return float(max(1, math.ceil(seconds)))
        return round(max(seconds, 0.001), 3)

    def acquire(self, tenant: str) -> LimitDecision:
        """Count one call for ``tenant`` if every limit allows it; pair with :meth:`release` when allowed."""
        limits = self.limits
        with self._lock:
            now = self.clock()
            minute, day = self._minute[tenant], self._day[tenant]
            for window, length in ((minute, limits.minute), (day, limits.day), (self._app, limits.minute)):
                while window and window[0] <= now - length:
                    window.popleft()
            problem: str | None = None
            wait = 0.0
            if len(day) >= limits.per_day:
                problem, wait = "day", day[0] + limits.day - now
            elif len(minute) >= limits.per_minute:
                problem, wait = "minute", minute[0] + limits.minute - now
            elif len(self._app) >= limits.app_per_minute:
                problem, wait = "appminute", self._app[0] + limits.minute - now
            elif self._active[tenant] >= limits.concurrent:
                problem, wait = "concurrent", 1.0 / limits.time_scale
            if problem is None:
                minute.append(now)
                day.append(now)
                self._app.append(now)
                self._active[tenant] += 1
            else:
                self.rejected += 1
            headers = {
                "X-DayLimit-Remaining": str(max(0, limits.per_day - len(day))),
                "X-MinLimit-Remaining": str(max(0, limits.per_minute - len(minute))),
                "X-AppMinLimit-Remaining": str(max(0, limits.app_per_minute - len(self._app))),
            }
        if problem is None:
            return LimitDecision(True, headers)
        retry_after = self._retry_after(wait)
        headers["Retry-After"] = format(retry_after, "g") if limits.time_scale != 1.0 else str(int(retry_after))
        headers["X-Rate-Limit-Problem"] = problem
        return LimitDecision(False, headers, problem, retry_after)

    def release(self, tenant: str) -> None:
        """End a call counted by :meth:`acquire` (the concurrency gate only)."""
        with self._lock:
            self._active[tenant] -= 1
