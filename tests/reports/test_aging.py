"""Aging: buckets, the report-date method, unapplied cash on its own line, and the tie-out."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Allocation, CreditNote, DocumentStatus, Invoice, Money, Party, Payment
from arsync.reports.aging import age_receivables
from arsync.reports.settings import ReportSettings

AS_OF = dt.date(2026, 6, 30)


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")


def invoice(
    number: str, customer: str, due: dt.date, total: str, amount_due: str | None = None, **kw: object
) -> Invoice:
    return Invoice(
        id=f"I{number}",
        number=number,
        customer_id=customer,
        customer_name=f"Customer {customer}",
        issue_date=kw.pop("issued", due - dt.timedelta(days=30)),  # type: ignore[arg-type]
        due_date=due,
        currency="USD",
        total=usd(total),
        amount_due=usd(amount_due if amount_due is not None else total),
        **kw,  # type: ignore[arg-type]
    )


def test_each_invoice_lands_in_the_bucket_of_its_days_past_due() -> None:
    days = {"A": 0, "B": 1, "C": 30, "D": 31, "E": 60, "F": 61, "G": 90, "H": 91, "I": -5}
    snapshot = LedgerSnapshot(
        source="t", invoices=tuple(invoice(n, "C1", AS_OF - dt.timedelta(days=d), "10.00") for n, d in days.items())
    )
    (report,) = age_receivables(snapshot, AS_OF)
    buckets = {aged.invoice.number: aged.bucket for aged in report.customers[0].invoices}
    assert buckets == {
        "A": "current",
        "I": "current",
        "B": "1-30",
        "C": "1-30",
        "D": "31-60",
        "E": "31-60",
        "F": "61-90",
        "G": "61-90",
        "H": "over-90",
    }


def test_configured_buckets_change_the_columns() -> None:
    snapshot = LedgerSnapshot(source="t", invoices=(invoice("1", "C1", AS_OF - dt.timedelta(days=20), "5.00"),))
    (report,) = age_receivables(snapshot, AS_OF, ReportSettings(buckets=(15, 45)))
    assert report.labels == ["current", "1-15", "16-45", "over-45"]
    assert report.totals["16-45"] == usd("5.00")


def test_age_by_invoice_date_counts_from_the_issue_date() -> None:
    inv = invoice("1", "C1", AS_OF + dt.timedelta(days=10), "5.00", issued=AS_OF - dt.timedelta(days=40))
    (report,) = age_receivables(LedgerSnapshot(source="t", invoices=(inv,)), AS_OF, age_by="invoice")
    assert report.customers[0].invoices[0].bucket == "31-60"


def test_report_date_mode_ignores_payments_dated_after_the_as_of_date() -> None:
    paid_later = invoice("1", "C1", AS_OF - dt.timedelta(days=45), "1000.00", "0.00", status=DocumentStatus.PAID)
    partly_paid_before = invoice("2", "C1", AS_OF - dt.timedelta(days=5), "500.00", "200.00")
    payments = (
        Payment.build(
            id="P-after",
            date=AS_OF + dt.timedelta(days=1),
            customer_id="C1",
            amount=usd("1000.00"),
            allocations=[Allocation(invoice_id="I1", amount=usd("1000.00"))],
        ),
        Payment.build(
            id="P-before",
            date=AS_OF,
            customer_id="C1",
            amount=usd("300.00"),
            allocations=[Allocation(invoice_id="I2", amount=usd("300.00"))],
        ),
    )
    snapshot = LedgerSnapshot(source="t", invoices=(paid_later, partly_paid_before), payments=payments)

    (on_date,) = age_receivables(snapshot, AS_OF, method="report-date")
    assert on_date.totals["31-60"] == usd("1000.00")
    assert on_date.totals["1-30"] == usd("200.00")
    assert on_date.totals["total"] == usd("1200.00")

    (today,) = age_receivables(snapshot, AS_OF, method="current")
    assert today.totals["total"] == usd("200.00")


def test_report_date_mode_ignores_credit_notes_dated_after_and_invoices_issued_after() -> None:
    inv = invoice("1", "C1", AS_OF - dt.timedelta(days=10), "400.00", "100.00")
    future = invoice("2", "C1", AS_OF + dt.timedelta(days=30), "999.00", issued=AS_OF + dt.timedelta(days=1))
    credit = CreditNote(
        id="CN1",
        number="CN1",
        customer_id="C1",
        customer_name="Customer C1",
        date=AS_OF + dt.timedelta(days=3),
        currency="USD",
        total=usd("300.00"),
        remaining=usd("0.00"),
        allocations=(Allocation(invoice_id="I1", amount=usd("300.00")),),
    )
    (report,) = age_receivables(LedgerSnapshot(source="t", invoices=(inv, future), credit_notes=(credit,)), AS_OF)
    assert report.totals["total"] == usd("400.00")


def test_unapplied_cash_and_credits_are_on_their_own_line_and_the_net_ties_to_the_ledger() -> None:
    snapshot = LedgerSnapshot(
        source="t",
        parties=(Party(id="C1", name="Acme Ltd"),),
        invoices=(invoice("1", "C1", AS_OF - dt.timedelta(days=70), "700.00"),),
        payments=(Payment.build(id="P", date=AS_OF - dt.timedelta(days=2), customer_id="C1", amount=usd("50.00")),),
        credit_notes=(
            CreditNote(
                id="CN",
                number="CN",
                customer_id="C1",
                customer_name="Acme",
                date=AS_OF,
                currency="USD",
                total=usd("20.00"),
                remaining=usd("20.00"),
            ),
        ),
        ar_balance=usd("630.00"),
    )
    (report,) = age_receivables(snapshot, AS_OF)
    (acme,) = report.customers
    assert acme.customer_name == "Acme Ltd"
    assert acme.total == usd("700.00")
    assert acme.unapplied_cash == usd("50.00")
    assert acme.unallocated_credit == usd("20.00")
    assert report.tie_out is not None and report.tie_out.ties
    document = report.as_json()
    assert document["totals"]["61-90"] == "700.00"
    assert document["unapplied_cash"] == "50.00"
    assert document["tie_out"]["difference"] == "0.00"


def test_a_ledger_balance_that_does_not_tie_shows_the_difference() -> None:
    snapshot = LedgerSnapshot(source="t", invoices=(invoice("1", "C1", AS_OF, "10.00"),), ar_balance=usd("12.50"))
    (report,) = age_receivables(snapshot, AS_OF)
    assert report.tie_out is not None and not report.tie_out.ties
    assert report.tie_out.difference == usd("2.50")


def test_json_follows_the_design_shape_with_amounts_as_strings() -> None:
    (report,) = age_receivables(LedgerSnapshot(source="t", invoices=(invoice("1", "C1", AS_OF, "10.00"),)), AS_OF)
    document = report.as_json()
    assert set(document) >= {"as_of", "age_by", "totals", "customers"}
    assert list(document["totals"]) == ["current", "1-30", "31-60", "61-90", "over-90", "total"]
    assert all(isinstance(v, str) for v in document["totals"].values())


def _random_ledger(rng: random.Random) -> LedgerSnapshot:
    invoices: list[Invoice] = []
    payments: list[Payment] = []
    for n in range(rng.randint(1, 25)):
        customer = f"C{rng.randint(1, 5)}"
        due = AS_OF + dt.timedelta(days=rng.randint(-200, 40))
        issued = due - dt.timedelta(days=rng.choice([0, 14, 30]))
        total = Decimal(rng.randint(1, 500_000)) / 100
        paid_before = (total * Decimal(rng.choice([0, 0, 25, 50, 100])) / 100).quantize(Decimal("0.01"))
        paid_after = (total - paid_before) * Decimal(rng.choice([0, 0, 50, 100])) / 100
        paid_after = paid_after.quantize(Decimal("0.01"))
        inv = Invoice(
            id=f"I{n}",
            number=str(n),
            customer_id=customer,
            customer_name=customer,
            issue_date=issued,
            due_date=due,
            currency="USD",
            total=usd(str(total)),
            amount_due=usd(str(total - paid_before - paid_after)),
        )
        invoices.append(inv)
        for i, (amount, date) in enumerate(
            ((paid_before, AS_OF - dt.timedelta(days=1)), (paid_after, AS_OF + dt.timedelta(days=2)))
        ):
            if amount > 0:
                payments.append(
                    Payment.build(
                        id=f"P{n}-{i}",
                        date=date,
                        customer_id=customer,
                        amount=usd(str(amount)),
                        allocations=[Allocation(invoice_id=inv.id, amount=usd(str(amount)))],
                    )
                )
    return LedgerSnapshot(source="t", invoices=tuple(invoices), payments=tuple(payments))


def _independent_totals(snapshot: LedgerSnapshot) -> dict[str, Decimal]:
    """Recompute the aging from scratch, to the cent, without the code under test."""
    after: dict[str, Decimal] = {}
    for p in snapshot.payments:
        if p.date > AS_OF:
            for a in p.allocations:
                after[a.invoice_id] = after.get(a.invoice_id, Decimal(0)) + a.amount.amount
    totals = dict.fromkeys(["current", "1-30", "31-60", "61-90", "over-90"], Decimal("0.00"))
    for inv in snapshot.invoices:
        if inv.issue_date > AS_OF:
            continue
        open_amount = inv.amount_due.amount + after.get(inv.id, Decimal(0))
        assert inv.due_date is not None
        d = (AS_OF - inv.due_date).days
        key = "current" if d <= 0 else "1-30" if d <= 30 else "31-60" if d <= 60 else "61-90" if d <= 90 else "over-90"
        totals[key] += open_amount
    totals["total"] = sum(totals.values(), Decimal(0))
    return totals


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_aging_ties_to_the_cent_with_totals_computed_independently(seed: int) -> None:
    snapshot = _random_ledger(random.Random(seed))
    reports = age_receivables(snapshot, AS_OF)
    expected = _independent_totals(snapshot)
    if expected["total"] == 0:
        assert all(r.totals["total"].is_zero() for r in reports)
        return
    (report,) = reports
    assert {k: v.amount for k, v in report.totals.items()} == expected
    # and the customer lines add up to the totals
    assert sum((c.total.amount for c in report.customers), Decimal(0)) == expected["total"]
