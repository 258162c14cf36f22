"""Holds, promises to pay and disputes recorded against customers.

They live in the state store's aliases table, scoped by tenant (the ledger source), so every run and
every machine sharing the store sees them: kind ``collections.hold`` / ``collections.promise`` /
``collections.dispute``, key the customer id (a dispute on one invoice: ``<customer>#<invoice number>``),
value a small JSON object. One hold and one promise per customer: recording another replaces it.
Holds may also be set in config (``collections.holds``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, Literal, Protocol

from arsync.collections.settings import CollectionsSettings

__all__ = ["CollectionNote", "NoteStore", "load_notes", "record_note", "remove_note"]

NoteKind = Literal["hold", "promise", "dispute"]
_PREFIX = "collections."


class NoteStore(Protocol):
    """The part of :class:`arsync.state.StateStore` notes need."""

    def add_alias(self, kind: str, key: str, value: str, *, scope: str = ..., source: str = ...) -> None: ...

    def aliases(self, *, kind: str | None = ..., scope: str | None = ...) -> Iterable[Any]: ...

    def delete_alias(self, kind: str, key: str, *, scope: str = ...) -> bool: ...


@dataclasses.dataclass(frozen=True)
class CollectionNote:
    """A hold, a promise to pay or a dispute.

    Attributes:
        kind: ``hold`` (no reminders until ``until``), ``promise`` (no reminders until ``until`` plus the
            grace days), ``dispute`` (the invoice, or the whole account without ``invoice``, is not chased).
        customer_id: the customer.
        invoice: for a dispute on one invoice, its number.
        until: last day of a hold; the promised payment date of a promise.
        amount: the promised amount, as a decimal string.
        reason: free text.
        source: ``config`` or ``state``.
    """

    kind: NoteKind
    customer_id: str
    invoice: str | None = None
    until: dt.date | None = None
    amount: str | None = None
    reason: str = ""
    source: str = "state"

    def key(self) -> str:
        """The alias key: the customer, plus ``#invoice`` for a dispute on one invoice."""
        return self.customer_id if self.invoice is None else f"{self.customer_id}#{self.invoice}"

    def active(self, today: dt.date, grace_days: int = 0) -> bool:
        """True while the note still stops reminders on ``today``."""
        if self.until is None:
            return True
        extra = grace_days if self.kind == "promise" else 0
        return today <= self.until + dt.timedelta(days=extra)

    def describe(self) -> str:
        """One line for the worklist."""
        if self.kind == "promise":
            text = f"promised to pay {self.amount or ''} by {self.until}".replace("  ", " ")
        elif self.kind == "dispute":
            text = f"disputes invoice {self.invoice}" if self.invoice else "disputes the account"
        else:
            text = f"on hold until {self.until}" if self.until else "on hold"
        return f"{text}: {self.reason}" if self.reason else text


def record_note(store: NoteStore, tenant: str, note: CollectionNote) -> None:
    """Save ``note`` for ``tenant`` (replacing the customer's previous note of the same kind and key)."""
    value = {"until": note.until.isoformat() if note.until else None, "amount": note.amount, "reason": note.reason}
    store.add_alias(_PREFIX + note.kind, note.key(), json.dumps(value, sort_keys=True), scope=tenant, source="user")


def remove_note(store: NoteStore, tenant: str, kind: NoteKind, customer_id: str, invoice: str | None = None) -> bool:
    """Delete a note; False when there was none."""
    key = customer_id if invoice is None else f"{customer_id}#{invoice}"
    return store.delete_alias(_PREFIX + kind, key, scope=tenant)


def load_notes(store: NoteStore | None, tenant: str, settings: CollectionsSettings) -> list[CollectionNote]:
    """Config holds, then every note recorded in the store for ``tenant``."""
    notes = [
        CollectionNote(kind="hold", customer_id=h.customer, until=h.until, reason=h.reason, source="config")
        for h in settings.holds
    ]
    if store is None:
        return notes
    for kind in ("hold", "promise", "dispute"):
        for alias in store.aliases(kind=_PREFIX + kind, scope=tenant):
            value = json.loads(alias.value)
            customer, _, invoice = str(alias.key).partition("#")
            until = value.get("until")
            notes.append(
                CollectionNote(
                    kind=kind,
                    customer_id=customer,
                    invoice=invoice or None,
                    until=dt.date.fromisoformat(until) if until else None,
                    amount=value.get("amount"),
                    reason=value.get("reason") or "",
                )
            )
    return notes
