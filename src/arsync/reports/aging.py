"""Aged receivables: what each customer owed on a date, sorted into day buckets.

Two methods (matching-and-metrics.md §4.1):

- ``report-date`` (the default, reproducible): the open amount of each invoice *on the as-of date* is
  rebuilt from the documents: today's ``amount_due`` plus every allocation dated after the as-of date
  (payments by payment date, credit notes by credit-note date). Invoices issued after the date are left
  out. Settlements the source cannot explain (a CSV file with no payments) are taken as dated on or
  before the as-of date, the only safe reading of "already paid".
- ``current``: today's ``amount_due`` (QBO's "Current" aging method).

Unapplied cash (``Payment.unapplied``) and unallocated credit (``CreditNote.remaining``) are not aged
into buckets; they are shown on their own line per customer, so that invoices minus unapplied minus
credits ties to the ledger's AR control balance.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import CreditNote, DocumentStatus, Invoice, Money, Payment
from arsync.reports.settings import ReportSettings

__all__ = [
    "AgedInvoice",
    "AgingReport",
    "CustomerAging",
    "TieOut",
    "age_receivables",
    "bucket_for",
    "open_amount_as_of",
]

AgeBy = Literal["due", "invoice"]
Method = Literal["report-date", "current"]
_DEAD = (DocumentStatus.VOID, DocumentStatus.DELETED, DocumentStatus.DRAFT)


def bucket_for(days: int, settings: ReportSettings) -> str:
    """The bucket label for ``days`` past due (or past the invoice date)."""
    labels = settings.bucket_labels()
    if days < 0 or (days == 0 and settings.report_date_in_current):
        return labels[0]
    for label, high in zip(labels[1:], settings.buckets):
        if days <= high:
            return label
    return labels[-1]


def _later_allocations(snapshot: LedgerSnapshot, as_of: dt.date) -> dict[str, Money]:
    """Per invoice id: the amount settled by documents dated after ``as_of``."""
    later: dict[str, Money] = {}
    sources: list[tuple[dt.date, Payment | CreditNote]] = [(p.date, p) for p in snapshot.payments]
    sources += [
        (c.date, c) for c in snapshot.credit_notes if c.status not in (DocumentStatus.VOID, DocumentStatus.DELETED)
    ]
    for date, document in sources:
        if date <= as_of:
            continue
        for allocation in document.allocations:
            previous = later.get(allocation.invoice_id)
            later[allocation.invoice_id] = allocation.amount if previous is None else previous + allocation.amount
    return later


def open_amount_as_of(invoice: Invoice, later: Money | None) -> Money:
    """What was open on the as-of date: today's amount due plus what was settled after it, capped at the total."""
    amount = invoice.amount_due if later is None else invoice.amount_due + later
    if invoice.total.amount >= 0 and amount > invoice.total:
        # Allocations beyond the total mean the source double-counts; never age more than was invoiced.
        return invoice.total
    return amount


@dataclasses.dataclass(frozen=True)
class AgedInvoice:
    """One open invoice in the aging."""

    invoice: Invoice
    open_amount: Money
    days: int
    bucket: str

    @property
    def days_past_due(self) -> int:
        """Days past due (negative when not yet due); equal to ``days`` when aging by due date."""
        return self.days


@dataclasses.dataclass
class CustomerAging:
    """One customer's line of the aging: invoices per bucket, plus unapplied cash and unallocated credit."""

    customer_id: str
    customer_name: str
    currency: str
    buckets: dict[str, Money]
    invoices: list[AgedInvoice] = dataclasses.field(default_factory=list)
    unapplied_cash: Money | None = None
    unallocated_credit: Money | None = None

    @property
    def total(self) -> Money:
        """Open invoices across all buckets."""
        return Money.sum(self.buckets.values(), self.currency)

    @property
    def net(self) -> Money:
        """Open invoices minus unapplied cash and unallocated credit: what the AR account shows for them."""
        net = self.total
        for amount in (self.unapplied_cash, self.unallocated_credit):
            if amount is not None:
                net = net - amount
        return net

    def as_json(self) -> dict[str, Any]:
        """The customer entry of ``arsync aging --json`` (amounts as strings)."""
        return {
            "customer_id": self.customer_id,
            "customer": self.customer_name,
            "currency": self.currency,
            **{label: _s(amount) for label, amount in self.buckets.items()},
            "total": _s(self.total),
            "unapplied_cash": _s(self.unapplied_cash or Money.zero(self.currency)),
            "unallocated_credit": _s(self.unallocated_credit or Money.zero(self.currency)),
            "net": _s(self.net),
            "invoices": [
                {
                    "number": aged.invoice.number,
                    "issue_date": aged.invoice.issue_date.isoformat(),
                    "due_date": aged.invoice.due_date.isoformat() if aged.invoice.due_date else None,
                    "days": aged.days,
                    "bucket": aged.bucket,
                    "open": _s(aged.open_amount),
                }
                for aged in self.invoices
            ],
        }


@dataclasses.dataclass(frozen=True)
class TieOut:
    """Aging net total against the ledger's own AR balance."""

    aging_net: Money
    ledger_balance: Money

    @property
    def difference(self) -> Money:
        """Ledger minus aging; zero when they tie."""
        return self.ledger_balance - self.aging_net

    @property
    def ties(self) -> bool:
        """True when the aging ties to the cent."""
        return self.difference.is_zero()


@dataclasses.dataclass
class AgingReport:
    """The whole aging in one currency (a multi-currency ledger gives one report per currency)."""

    as_of: dt.date
    age_by: AgeBy
    method: Method
    currency: str
    labels: list[str]
    customers: list[CustomerAging]
    tie_out: TieOut | None = None
    source: str = ""

    @property
    def totals(self) -> dict[str, Money]:
        """Per bucket, plus ``total`` (open invoices)."""
        result = {label: Money.sum((c.buckets[label] for c in self.customers), self.currency) for label in self.labels}
        result["total"] = Money.sum((result[label] for label in self.labels), self.currency)
        return result

    @property
    def unapplied_cash(self) -> Money:
        """Unapplied cash of every customer."""
        return Money.sum((c.unapplied_cash for c in self.customers if c.unapplied_cash is not None), self.currency)

    @property
    def unallocated_credit(self) -> Money:
        """Unallocated credit of every customer."""
        return Money.sum(
            (c.unallocated_credit for c in self.customers if c.unallocated_credit is not None), self.currency
        )

    @property
    def net(self) -> Money:
        """Open invoices minus unapplied cash and unallocated credit."""
        return self.totals["total"] - self.unapplied_cash - self.unallocated_credit

    def as_json(self) -> dict[str, Any]:
        """The document ``arsync aging --json`` prints (DESIGN.md's shape, amounts as strings)."""
        document: dict[str, Any] = {
            "as_of": self.as_of.isoformat(),
            "age_by": self.age_by,
            "method": self.method,
            "currency": self.currency,
            "totals": {label: _s(amount) for label, amount in self.totals.items()},
            "unapplied_cash": _s(self.unapplied_cash),
            "unallocated_credit": _s(self.unallocated_credit),
            "net": _s(self.net),
            "customers": [c.as_json() for c in self.customers],
        }
        if self.tie_out is not None:
            document["tie_out"] = {
                "ledger_ar_balance": _s(self.tie_out.ledger_balance),
                "aging_net": _s(self.tie_out.aging_net),
                "difference": _s(self.tie_out.difference),
                "ties": self.tie_out.ties,
            }
        return document


def _s(amount: Money) -> str:
    return format(amount.amount, "f")


def _days(invoice: Invoice, as_of: dt.date, age_by: AgeBy) -> int:
    anchor = invoice.issue_date if age_by == "invoice" else (invoice.due_date or invoice.issue_date)
    return (as_of - anchor).days


def age_receivables(
    snapshot: LedgerSnapshot,
    as_of: dt.date,
    settings: ReportSettings | None = None,
    *,
    age_by: AgeBy | None = None,
    method: Method | None = None,
) -> list[AgingReport]:
    """Age the snapshot's receivables on ``as_of``; one report per currency, the largest first.

    Args:
        snapshot: the ledger (invoices, payments with allocations, credit notes).
        as_of: the report date.
        settings: buckets and defaults; :class:`ReportSettings` defaults when ``None``.
        age_by: ``due`` or ``invoice``; the settings' default when ``None``.
        method: ``report-date`` or ``current``; the settings' default when ``None``.
    """
    settings = settings or ReportSettings()
    age_by = age_by or settings.age_by
    method = method or settings.method
    labels = settings.bucket_labels()
    later = _later_allocations(snapshot, as_of) if method == "report-date" else {}

    rows: dict[tuple[str, str], CustomerAging] = {}

    def row(customer_id: str, name: str, currency: str) -> CustomerAging:
        key = (currency, customer_id)
        if key not in rows:
            party = snapshot.party(customer_id)
            rows[key] = CustomerAging(
                customer_id=customer_id,
                customer_name=party.name if party is not None else name,
                currency=currency,
                buckets={label: Money.zero(currency) for label in labels},
            )
        return rows[key]

    for invoice in snapshot.invoices:
        if invoice.status in _DEAD:
            continue
        if method == "report-date":
            if invoice.issue_date > as_of:
                continue
            amount = open_amount_as_of(invoice, later.get(invoice.id))
        else:
            amount = invoice.amount_due
        if amount.is_zero():
            continue
        days = _days(invoice, as_of, age_by)
        bucket = bucket_for(days, settings)
        line = row(invoice.customer_id, invoice.customer_name, invoice.currency)
        line.buckets[bucket] = line.buckets[bucket] + amount
        line.invoices.append(AgedInvoice(invoice=invoice, open_amount=amount, days=days, bucket=bucket))

    for payment in _payments_on(snapshot.payments, as_of, method):
        if payment.unapplied.is_zero() or payment.customer_id is None:
            continue
        line = row(payment.customer_id, payment.customer_name or payment.customer_id, payment.amount.currency)
        line.unapplied_cash = (
            payment.unapplied if line.unapplied_cash is None else line.unapplied_cash + payment.unapplied
        )
    for credit in snapshot.credit_notes:
        if credit.status in _DEAD or credit.remaining.is_zero() or (method == "report-date" and credit.date > as_of):
            continue
        line = row(credit.customer_id, credit.customer_name, credit.currency)
        remaining = credit.remaining
        line.unallocated_credit = remaining if line.unallocated_credit is None else line.unallocated_credit + remaining

    by_currency: dict[str, list[CustomerAging]] = {}
    for (currency, _), line in rows.items():
        line.invoices.sort(key=lambda aged: (-aged.days, aged.invoice.number))
        by_currency.setdefault(currency, []).append(line)
    if not by_currency:
        currency = snapshot.ar_balance.currency if snapshot.ar_balance is not None else "USD"
        by_currency[currency] = []

    reports: list[AgingReport] = []
    for currency, customers in by_currency.items():
        customers.sort(key=lambda c: (c.customer_name.casefold(), c.customer_id))
        report = AgingReport(
            as_of=as_of,
            age_by=age_by,
            method=method,
            currency=currency,
            labels=labels,
            customers=customers,
            source=snapshot.source,
        )
        if snapshot.ar_balance is not None and snapshot.ar_balance.currency == currency:
            report.tie_out = TieOut(aging_net=report.net, ledger_balance=snapshot.ar_balance)
        reports.append(report)
    reports.sort(key=lambda r: (-r.totals["total"].amount, r.currency))
    return reports


def _payments_on(payments: Iterable[Payment], as_of: dt.date, method: Method) -> Iterable[Payment]:
    for payment in payments:
        if method == "current" or payment.date <= as_of:
            yield payment
