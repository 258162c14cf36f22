"""A small multi-month ledger for report tests."""

from __future__ import annotations

import datetime as dt

import pytest

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Allocation, CreditNote, Invoice, Money, Party, Payment

AS_OF = dt.date(2026, 6, 30)


def _usd(amount: str) -> Money:
    return Money(amount, "USD")


@pytest.fixture
def ledger() -> LedgerSnapshot:
    """Six months of invoices for three customers, some paid (on time and late), some open, with
    unapplied cash and an unallocated credit note; one name tries to inject markup and a formula."""
    customers = [("c1", "Alder <script>alert(1)</script> Dental"), ("c2", '=HYPERLINK("x")'), ("c3", "Cedar & Sons")]
    invoices: list[Invoice] = []
    payments: list[Payment] = []
    number = 1000
    for month in range(1, 7):
        for index, (cid, name) in enumerate(customers):
            number += 1
            issued = dt.date(2026, month, 5 + index * 7)
            total = _usd(str(400 + 150 * index + 10 * month))
            paid = month <= 3 or (month == 4 and index == 0)
            invoice_id = f"inv-{number}"
            invoices.append(
                Invoice(
                    id=invoice_id,
                    number=f"INV-{number}",
                    customer_id=cid,
                    customer_name=name,
                    issue_date=issued,
                    due_date=issued + dt.timedelta(days=30),
                    currency="USD",
                    total=total,
                    amount_due=_usd("0") if paid else total,
                )
            )
            if paid:
                payments.append(
                    Payment.build(
                        id=f"pay-{number}",
                        date=issued + dt.timedelta(days=25 + 10 * index),
                        customer_id=cid,
                        amount=total,
                        allocations=[Allocation(invoice_id=invoice_id, amount=total)],
                        reference=f"R{number}",
                    )
                )
    payments.append(
        Payment.build(id="pay-extra", date=AS_OF - dt.timedelta(days=3), customer_id="c3", amount=_usd("75.00"))
    )
    credit = CreditNote(
        id="cn-1",
        number="CN-1",
        customer_id="c2",
        customer_name=customers[1][1],
        date=AS_OF - dt.timedelta(days=10),
        currency="USD",
        total=_usd("40.00"),
        remaining=_usd("40.00"),
    )
    return LedgerSnapshot(
        source="test-ledger",
        parties=tuple(Party(id=cid, name=name, emails=(f"{cid}@example.com",)) for cid, name in customers),
        invoices=tuple(invoices),
        payments=tuple(payments),
        credit_notes=(credit,),
    )
