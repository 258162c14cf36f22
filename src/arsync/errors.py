"""One exception tree for arsync, grouped by what the engine should do with the error.

- :class:`FatalError` stops the run (bad config, bad input, re-authorization needed).
- :class:`RetriableError` may succeed if tried again later (rate limits, 5xx, timeouts).
- :class:`SkippableError` spoils one record or action; the run goes on and reports it.

Every error carries a user-facing message that names the file, line, config key or record
involved and says what to do. ``exit_code`` tells the CLI how to end the process.
"""

from __future__ import annotations

from pathlib import Path

from arsync.exitcodes import ExitCode


class ArsyncError(Exception):
    """Root of every error arsync raises on purpose.

    Args:
        message: a sentence for the user: what went wrong, where, and what to do.
    """

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FatalError(ArsyncError):
    """The run cannot continue; retrying will not help until someone acts."""


class RetriableError(ArsyncError):
    """A transient failure: the same call may succeed later.

    Args:
        message: what failed.
        retry_after: seconds the remote side asked us to wait, when it said so.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class SkippableError(ArsyncError):
    """One record or action failed; the rest of the run can go on."""


# --- fatal -------------------------------------------------------------------------------


class UsageError(FatalError):
    """The command line was wrong."""

    exit_code = ExitCode.USAGE


class ConfigError(FatalError):
    """The configuration file or environment is invalid.

    Args:
        message: what is wrong and how to fix it.
        path: the config file, when there is one.
        key: the dotted key path, e.g. ``connectors.qbo.realm_id``.
        line: the 1-based line of that key in the file, when known.
    """

    exit_code = ExitCode.CONFIG

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        if key:
            where += f"{key}: "
        super().__init__(f"{where}{message}")
        self.path = None if path is None else str(path)
        self.key = key
        self.line = line


class InputError(FatalError):
    """An input file (bank statement, ledger export) cannot be read as it stands.

    Args:
        message: what is wrong with the value and what to do.
        file: the file being read.
        line: the 1-based physical line of the offending record, when known.
        column: the column name or field, when known.
        value: the offending raw value, when known (it is shown truncated).
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        parts: list[str] = []
        if file is not None:
            parts.append(str(file) + (f":{line}" if line is not None else ""))
        elif line is not None:
            parts.append(f"line {line}")
        if column is not None:
            parts.append(f"column {column!r}")
        if value is not None:
            shown = value if len(value) <= 60 else value[:57] + "..."
            parts.append(f"value {shown!r}")
        prefix = ", ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.file = None if file is None else str(file)
        self.line = line
        self.column = column
        self.value = value


class AuthError(FatalError):
    """Credentials were refused for good (revoked or expired refresh token): a human must re-authorize."""

    exit_code = ExitCode.REAUTH


class PluginError(FatalError):
    """A plugin needed by this run failed to load or misbehaved."""


class LockedError(FatalError):
    """Another run holds the tenant's lock."""

    exit_code = ExitCode.LOCKED


class StalePlanError(FatalError):
    """A plan's inputs or remote versions changed since it was made."""

    exit_code = ExitCode.STALE_PLAN


class ConflictError(SkippableError):
    """A write lost an optimistic-concurrency race (stale SyncToken / version); refetch and replan."""


class ValidationRejected(SkippableError):
    """The remote system rejected one record as invalid (it said why)."""


class NotFoundError(SkippableError):
    """A record the action refers to does not exist remotely."""


# --- retriable ---------------------------------------------------------------------------


class RateLimitedError(RetriableError):
    """The remote system throttled us (HTTP 429 or its equivalent)."""


class DailyLimitError(FatalError):
    """A per-day quota is spent: end this tenant's run and resume later (exit 3), do not spin."""

    exit_code = ExitCode.PARTIAL


class RemoteUnavailableError(RetriableError):
    """5xx, timeout or dropped connection."""
