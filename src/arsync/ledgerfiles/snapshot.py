"""A ledger as the engine sees it at one moment: what matching, aging and collections read."""

from __future__ import annotations

import dataclasses
import datetime as dt

from arsync.models import CreditNote, Invoice, Money, Party, Payment

__all__ = ["LedgerSnapshot"]


@dataclasses.dataclass(frozen=True)
class LedgerSnapshot:
    """Receivables read from one source (a connector or a CSV/XLSX open-invoice file).

    Attributes:
        source: what it was read from: a configured connector name or a file path.
        parties: customers.
        invoices: invoices (open and, when the source has them, closed).
        payments: payments with their allocations (unapplied cash is ``Payment.unapplied``).
        credit_notes: credit notes (unallocated credit is ``CreditNote.remaining``).
        ar_balance: the ledger's own AR control balance, for tie-outs, when the source provides it.
        read_at: when it was read.
    """

    source: str
    parties: tuple[Party, ...] = ()
    invoices: tuple[Invoice, ...] = ()
    payments: tuple[Payment, ...] = ()
    credit_notes: tuple[CreditNote, ...] = ()
    ar_balance: Money | None = None
    read_at: dt.datetime | None = None

    def open_invoices(self) -> list[Invoice]:
        """Invoices with something left to collect."""
        return [invoice for invoice in self.invoices if invoice.is_open]

    def party(self, party_id: str) -> Party | None:
        """The party with ``party_id``, if known."""
        for party in self.parties:
            if party.id == party_id:
                return party
        return None
