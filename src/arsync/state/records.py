"""The rows the state store hands back: small frozen dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

__all__ = ["JOURNAL_STATUSES", "Alias", "JournalEntry", "JournalStatus", "Link", "Snapshot"]

JournalStatus = Literal["planned", "started", "done", "failed"]
JOURNAL_STATUSES: tuple[JournalStatus, ...] = ("planned", "started", "done", "failed")


@dataclasses.dataclass(frozen=True)
class Link:
    """One arsync record known under ``external_id`` in ``system`` for ``tenant``."""

    entity: str
    arsync_id: str
    system: str
    tenant: str
    external_id: str
    content_hash: str | None
    remote_version: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """The last normalized form of a record seen on a stream (canonical JSON and its hash)."""

    tenant: str
    stream: str
    record_id: str
    content_hash: str
    body: str
    updated_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class JournalEntry:
    """One write arsync meant to make, keyed by its idempotency key.

    ``status == "started"`` found on a later run means the remote call may or may not have happened:
    look remotely (by idempotency key or natural key) before retrying.
    """

    key: str
    kind: str
    tenant: str
    status: JournalStatus
    request: dict[str, Any] | None
    response: dict[str, Any] | None
    error: str | None
    attempts: int
    created_at: dt.datetime
    updated_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @property
    def in_doubt(self) -> bool:
        """True when a remote call was started but its outcome was never recorded."""
        return self.status == "started"


@dataclasses.dataclass(frozen=True)
class Alias:
    """A learned mapping, e.g. kind ``payer``: bank payer text ``key`` -> party id ``value``."""

    scope: str
    kind: str
    key: str
    value: str
    source: str
    hits: int
    created_at: dt.datetime
    updated_at: dt.datetime
