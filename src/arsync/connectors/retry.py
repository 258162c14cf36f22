"""The shared retry policy for remote calls: tenacity, honouring the server's Retry-After.

Connectors map vendor failures to :class:`~arsync.errors.RetriableError` (with ``retry_after`` when
the server said how long to wait) and wrap calls with :func:`retrying`. Non-retriable errors pass
straight through. The wait never exceeds ``max_wait`` seconds per attempt, and the whole call gives
up after ``attempts`` tries, re-raising the last error.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TypeVar

import tenacity

from arsync.errors import RetriableError

__all__ = ["retrying"]

T = TypeVar("T")


def _wait(base: float, max_wait: float) -> Callable[[tenacity.RetryCallState], float]:
    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        if isinstance(exc, RetriableError) and exc.retry_after is not None:
            return min(max(exc.retry_after, 0.0), max_wait)
        # Exponential backoff with full jitter (AWS architecture blog): spreads retries of many workers.
        ceiling = min(max_wait, base * (2 ** (state.attempt_number - 1)))
        return random.uniform(0, ceiling)

    return wait


def retrying(
    call: Callable[[], T],
    *,
    attempts: int = 5,
    base: float = 0.5,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] | None = None,
    on_retry: Callable[[BaseException, int], None] | None = None,
) -> T:
    """Call ``call()`` and retry it on :class:`RetriableError`.

    Args:
        call: the remote call; it must be idempotent (carry its idempotency key).
        attempts: total tries, the first included.
        base: first backoff ceiling in seconds when the server gave no Retry-After.
        max_wait: cap on one wait.
        sleep: replaces ``time.sleep`` (tests).
        on_retry: called with the error and attempt number before each wait (logging, counters).

    Raises:
        RetriableError: the last one, when every attempt failed.
        ArsyncError: any non-retriable error at once.
    """

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if on_retry is not None and state.outcome is not None:
            exc = state.outcome.exception()
            if exc is not None:
                on_retry(exc, state.attempt_number)

    kwargs: dict[str, object] = {}
    if sleep is not None:
        kwargs["sleep"] = sleep
    retryer = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(RetriableError),
        stop=tenacity.stop_after_attempt(attempts),
        wait=_wait(base, max_wait),
        reraise=True,
        before_sleep=before_sleep,
        **kwargs,  # type: ignore[arg-type]
    )
    return retryer(call)
