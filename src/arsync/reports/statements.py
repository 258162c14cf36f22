"""Customer statements: open items on a date and recent payments, as HTML and CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from typing import Any

from arsync.exportsafe import safe_cell
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Money, Payment
from arsync.reports.aging import CustomerAging, age_receivables
from arsync.reports.render import environment
from arsync.reports.settings import ReportSettings

__all__ = ["Statement", "build_statements", "statements_csv", "statements_html"]


@dataclasses.dataclass
class Statement:
    """One customer's statement."""

    customer_id: str
    customer_name: str
    currency: str
    aging: CustomerAging
    payments: list[Payment]

    @property
    def balance(self) -> Money:
        """Open invoices minus unapplied cash and unallocated credit."""
        return self.aging.net


def _amount(money: Money) -> str:
    return format(money.amount, "f")


def build_statements(
    snapshot: LedgerSnapshot,
    as_of: dt.date,
    settings: ReportSettings | None = None,
    customers: tuple[str, ...] = (),
) -> list[Statement]:
    """Statements of every customer with open items (or only ``customers``, by id or exact name)."""
    settings = settings or ReportSettings()
    since = as_of - dt.timedelta(days=settings.statement_payment_days)
    wanted = {c.casefold() for c in customers}
    statements: list[Statement] = []
    for report in age_receivables(snapshot, as_of, settings, method="report-date"):
        for aging in report.customers:
            if wanted and aging.customer_id.casefold() not in wanted and aging.customer_name.casefold() not in wanted:
                continue
            payments = sorted(
                (
                    p
                    for p in snapshot.payments
                    if p.customer_id == aging.customer_id
                    and p.amount.currency == aging.currency
                    and since < p.date <= as_of
                ),
                key=lambda p: (p.date, p.id),
            )
            statements.append(Statement(aging.customer_id, aging.customer_name, aging.currency, aging, payments))
    statements.sort(key=lambda s: (s.customer_name.casefold(), s.currency))
    return statements


def _numbers(snapshot: LedgerSnapshot) -> dict[str, str]:
    return {invoice.id: invoice.number for invoice in snapshot.invoices}


def statements_html(
    statements: list[Statement], snapshot: LedgerSnapshot, as_of: dt.date, settings: ReportSettings
) -> str:
    """One self-contained HTML page, a section (and a printed page) per customer."""
    numbers = _numbers(snapshot)
    rows: list[dict[str, Any]] = []
    for statement in statements:
        credits = []
        if statement.aging.unapplied_cash is not None:
            credits.append({"label": "Unapplied payments", "amount": _amount(statement.aging.unapplied_cash)})
        if statement.aging.unallocated_credit is not None:
            credits.append({"label": "Unallocated credit notes", "amount": _amount(statement.aging.unallocated_credit)})
        rows.append(
            {
                "customer": statement.customer_name,
                "currency": statement.currency,
                "balance": _amount(statement.balance),
                "credits": credits,
                "open_items": [
                    {
                        "number": a.invoice.number,
                        "issue_date": a.invoice.issue_date.isoformat(),
                        "due_date": a.invoice.due_date.isoformat() if a.invoice.due_date else "",
                        "days_overdue": max(a.days, 0),
                        "total": _amount(a.invoice.total),
                        "open": _amount(a.open_amount),
                    }
                    for a in sorted(statement.aging.invoices, key=lambda a: (a.invoice.issue_date, a.invoice.number))
                ],
                "payments": [
                    {
                        "date": p.date.isoformat(),
                        "reference": p.reference or p.id,
                        "amount": _amount(p.amount),
                        "applied_to": ", ".join(
                            a.invoice_number or numbers.get(a.invoice_id, a.invoice_id) for a in p.allocations
                        ),
                    }
                    for p in statement.payments
                ],
            }
        )
    return (
        environment()
        .get_template("statements.html.j2")
        .render(
            statements=rows,
            as_of=as_of.isoformat(),
            company=settings.company_name,
            payment_days=settings.statement_payment_days,
        )
    )


CSV_HEADER = (
    "customer_id",
    "customer",
    "currency",
    "type",
    "number",
    "date",
    "due_date",
    "days_overdue",
    "amount",
    "open",
)


def statements_csv(statements: list[Statement]) -> str:
    """Every statement line as CSV: invoices, unapplied cash, credits and recent payments; cells formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)

    def row(statement: Statement, kind: str, cells: tuple[str, str, str, str, str, str]) -> None:
        number, date, due, days, amount, open_ = cells
        writer.writerow(
            [
                safe_cell(statement.customer_id),
                safe_cell(statement.customer_name),
                statement.currency,
                kind,
                safe_cell(number),
                date,
                due,
                days,
                safe_cell(amount, numeric=True),
                safe_cell(open_, numeric=True),
            ]
        )

    for statement in statements:
        for a in sorted(statement.aging.invoices, key=lambda a: (a.invoice.issue_date, a.invoice.number)):
            due = a.invoice.due_date.isoformat() if a.invoice.due_date else ""
            issued = a.invoice.issue_date.isoformat()
            total, open_amount = _amount(a.invoice.total), _amount(a.open_amount)
            row(statement, "invoice", (a.invoice.number, issued, due, str(max(a.days, 0)), total, open_amount))
        if statement.aging.unapplied_cash is not None:
            amount = _amount(-statement.aging.unapplied_cash)
            row(statement, "unapplied_cash", ("", "", "", "", amount, amount))
        if statement.aging.unallocated_credit is not None:
            amount = _amount(-statement.aging.unallocated_credit)
            row(statement, "credit", ("", "", "", "", amount, amount))
        for p in statement.payments:
            row(statement, "payment", (p.reference or p.id, p.date.isoformat(), "", "", _amount(-p.amount), ""))
        row(statement, "balance", ("", "", "", "", "", _amount(statement.balance)))
    return out.getvalue()
