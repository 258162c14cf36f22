"""Where report and collections commands get their ledger and their state store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arsync.cliutil import AppContext
from arsync.errors import UsageError
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.ledgerfiles.source import load_ledger_source
from arsync.state import StateStore, resolve_url

__all__ = ["load_snapshot", "open_state", "parse_day", "tenant_of"]


def _spec(spec: str | None, default: str | None) -> str:
    chosen = spec or default
    if not chosen:
        raise UsageError(
            "no ledger given: pass --ledger SOURCE (a configured connector name or a CSV/XLSX open-invoice file), "
            "or set reports.ledger in the config"
        )
    return chosen


def tenant_of(spec: str | None, default: str | None) -> str:
    """A stable name for the ledger: the absolute path of a file, else the connector name."""
    chosen = _spec(spec, default)
    path = Path(chosen)
    return str(path.resolve()) if path.is_file() else chosen


def load_snapshot(app: AppContext, spec: str | None, default: str | None) -> LedgerSnapshot:
    """Read the ledger named by ``--ledger`` (or the configured default).

    Raises:
        UsageError: no ledger given.
        InputError, ConfigError: the source cannot be read.
    """
    return load_ledger_source(_spec(spec, default), app)


def open_state(app: AppContext) -> StateStore:
    """The state store: ``$ARSYNC_STATE_URL``, else config ``state.url``, else the default SQLite file."""
    return StateStore.open(resolve_url(None, app.config().state.url))


def parse_day(value: str | None, option: str) -> dt.date:
    """An ISO date from the command line; today when ``None``."""
    if value is None:
        return dt.datetime.now().astimezone().date()  # the local calendar day
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} {value!r}: write the date as YYYY-MM-DD, e.g. 2026-06-30") from None
