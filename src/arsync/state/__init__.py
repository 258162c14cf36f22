"""The state store: cursors, links, snapshots, the apply journal, learned aliases and OAuth tokens.

SQLite (WAL) in the user data directory by default; PostgreSQL by URL. See ``docs/state.md``.

    with StateStore.open() as store, store.lock("acme"):
        store.set_cursor("acme", "invoices", "2026-11-01T00:00:00Z")
"""

from __future__ import annotations

from arsync.state.errors import JournalStatusError, StateStoreError, StateValueError
from arsync.state.records import JOURNAL_STATUSES, Alias, JournalEntry, JournalStatus, Link, Snapshot
from arsync.state.store import JOURNAL_TRANSITIONS, StateStore
from arsync.state.urls import ENV_VAR, default_url, mask_url, resolve_url

__all__ = [
    "ENV_VAR",
    "JOURNAL_STATUSES",
    "JOURNAL_TRANSITIONS",
    "Alias",
    "JournalEntry",
    "JournalStatus",
    "JournalStatusError",
    "Link",
    "Snapshot",
    "StateStore",
    "StateStoreError",
    "StateValueError",
    "default_url",
    "mask_url",
    "resolve_url",
]
