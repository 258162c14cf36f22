"""A ledger as the engine sees it at one moment: what matching, aging and collections read."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from arsync.models import CreditNote, ExchangeRate, Invoice, Money, Party, Payment

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
        home_currency: the ledger's home (base) currency, when the source says; the currency its
            documents' ``exchange_rate`` converts into.
        read_at: when it was read.
    """

    source: str
    parties: tuple[Party, ...] = ()
    invoices: tuple[Invoice, ...] = ()
    payments: tuple[Payment, ...] = ()
    credit_notes: tuple[CreditNote, ...] = ()
    ar_balance: Money | None = None
    home_currency: str | None = None
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

    def exchange_rates(self) -> list[ExchangeRate]:
        """The rates the ledger recorded on its foreign-currency invoices, credit notes and payments, each
        dated by its document, in that order (so on one date a payment's rate comes last and applies).
        Empty without a home currency."""
        home = self.home_currency
        if home is None:
            return []
        found: list[tuple[str, Decimal, dt.date, str]] = []
        found += [
            (i.currency, i.exchange_rate, i.issue_date, f"invoice {i.number}") for i in self.invoices if i.exchange_rate
        ]
        found += [
            (n.currency, n.exchange_rate, n.date, f"credit note {n.number}")
            for n in self.credit_notes
            if n.exchange_rate
        ]
        found += [
            (p.amount.currency, p.exchange_rate, p.date, f"payment {p.id}") for p in self.payments if p.exchange_rate
        ]
        return [
            ExchangeRate(base=currency, quote=home, rate=rate, date=day, source=f"{self.source} {what}")
            for currency, rate, day, what in found
            if currency != home
        ]
