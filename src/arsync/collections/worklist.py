"""The collections worklist: overdue accounts, most urgent first, with what was promised or disputed.

Priority is transparent rather than learned:
``overdue amount × (1 + oldest days overdue / 30) × (1 + average days paid late / 30)``, where the
average days late is amount-weighted over past payments allocated to invoices with a due date (a
customer who pays early or on time contributes 0). Bigger, older, habitually late accounts rise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from arsync.collections.notes import CollectionNote
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Money
from arsync.reports.aging import AgedInvoice, CustomerAging, age_receivables
from arsync.reports.settings import ReportSettings

__all__ = ["WorklistEntry", "build_worklist", "notes_for", "payment_history"]

THIRTY = Decimal(30)


def notes_for(notes: list[CollectionNote], customer_id: str, customer_name: str) -> list[CollectionNote]:
    """The notes recorded against a customer, by id or (for config holds) exact name."""
    name = customer_name.casefold()
    return [n for n in notes if n.customer_id == customer_id or n.customer_id.casefold() == name]


def payment_history(snapshot: LedgerSnapshot) -> dict[str, Decimal]:
    """Per customer: amount-weighted average days paid after the due date (early payments count as 0)."""
    invoices = {invoice.id: invoice for invoice in snapshot.invoices}
    weighted: dict[str, Decimal] = {}
    amounts: dict[str, Decimal] = {}
    for payment in snapshot.payments:
        for allocation in payment.allocations:
            invoice = invoices.get(allocation.invoice_id)
            if invoice is None or invoice.due_date is None:
                continue
            late = max((payment.date - invoice.due_date).days, 0)
            customer = invoice.customer_id
            weighted[customer] = weighted.get(customer, Decimal(0)) + allocation.amount.amount * late
            amounts[customer] = amounts.get(customer, Decimal(0)) + allocation.amount.amount
    return {c: weighted[c] / amounts[c] for c in amounts if amounts[c] > 0}


@dataclasses.dataclass
class WorklistEntry:
    """One overdue account."""

    customer_id: str
    customer_name: str
    currency: str
    emails: tuple[str, ...]
    overdue: Money
    total_open: Money
    oldest_days_overdue: int
    overdue_invoices: list[AgedInvoice]
    average_days_late: Decimal | None
    priority: Decimal
    notes: list[CollectionNote]
    unapplied: Money

    def as_json(self) -> dict[str, Any]:
        """JSON form (amounts as strings)."""
        return {
            "customer_id": self.customer_id,
            "customer": self.customer_name,
            "currency": self.currency,
            "emails": list(self.emails),
            "overdue": format(self.overdue.amount, "f"),
            "total_open": format(self.total_open.amount, "f"),
            "oldest_days_overdue": self.oldest_days_overdue,
            "average_days_late": None if self.average_days_late is None else _one(self.average_days_late),
            "priority": _one(self.priority),
            "unapplied_cash_and_credit": format(self.unapplied.amount, "f"),
            "invoices": [
                {"number": a.invoice.number, "days_overdue": a.days, "amount_due": format(a.open_amount.amount, "f")}
                for a in self.overdue_invoices
            ],
            "notes": [{"kind": n.kind, "text": n.describe()} for n in self.notes],
        }


def _one(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def build_worklist(
    snapshot: LedgerSnapshot,
    today: dt.date,
    notes: list[CollectionNote] | None = None,
    report_settings: ReportSettings | None = None,
) -> list[WorklistEntry]:
    """Overdue accounts on ``today`` (today's balances, aged by due date), highest priority first."""
    notes = notes or []
    history = payment_history(snapshot)
    entries: list[WorklistEntry] = []
    for report in age_receivables(snapshot, today, report_settings, age_by="due", method="current"):
        for customer in report.customers:
            entry = _entry(snapshot, customer, history, notes, today)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (-e.priority, e.customer_name.casefold()))
    return entries


def _entry(
    snapshot: LedgerSnapshot,
    customer: CustomerAging,
    history: dict[str, Decimal],
    notes: list[CollectionNote],
    today: dt.date,
) -> WorklistEntry | None:
    overdue = [aged for aged in customer.invoices if aged.invoice.due_date is not None and aged.days > 0]
    if not overdue:
        return None
    amount = Money.sum((a.open_amount for a in overdue), customer.currency)
    oldest = max(a.days for a in overdue)
    late = history.get(customer.customer_id)
    priority = amount.amount * (1 + Decimal(oldest) / THIRTY) * (1 + (late or Decimal(0)) / THIRTY)
    party = snapshot.party(customer.customer_id)
    unapplied = Money.zero(customer.currency)
    for extra in (customer.unapplied_cash, customer.unallocated_credit):
        if extra is not None:
            unapplied = unapplied + extra
    return WorklistEntry(
        customer_id=customer.customer_id,
        customer_name=customer.customer_name,
        currency=customer.currency,
        emails=party.emails if party is not None else (),
        overdue=amount,
        total_open=customer.total,
        oldest_days_overdue=oldest,
        overdue_invoices=overdue,
        average_days_late=late,
        priority=priority,
        notes=notes_for(notes, customer.customer_id, customer.customer_name),
        unapplied=unapplied,
    )
