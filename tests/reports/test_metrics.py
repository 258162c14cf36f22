"""The metric test vectors of matching-and-metrics.md §4, and the metrics computed from a ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Allocation, Invoice, Money, Payment
from arsync.reports.metrics import (
    MonthSales,
    add,
    bad_debt_ratio,
    cei,
    display,
    dso_average,
    dso_countback,
    dso_simple,
    ledger_metrics,
)
from arsync.reports.settings import ReportSettings

ORACLE_MONTHS = [
    MonthSales("Sep", Decimal(2500), 30),
    MonthSales("Aug", Decimal(1750), 31),
    MonthSales("Jul", Decimal(2250), 31),
    MonthSales("Jun", Decimal(2500), 30),
    MonthSales("May", Decimal(2000), 31),
    MonthSales("Apr", Decimal(2250), 30),
]


def test_countback_dso_of_the_oracle_example_is_166_3_days_not_the_published_179_7() -> None:
    days, exhausted = dso_countback(Decimal(12000), ORACLE_MONTHS)
    assert display(days) == "166.3"
    assert exhausted


def test_countback_dso_reaches_179_7_only_when_debtors_are_13000() -> None:
    days, _ = dso_countback(Decimal(13000), ORACLE_MONTHS)
    assert display(days) == "179.7"


def test_countback_stops_at_a_month_without_sales_and_says_the_figure_is_a_floor() -> None:
    months = [MonthSales("Sep", Decimal(1000), 30), MonthSales("Aug", Decimal(0), 31)]
    days, exhausted = dso_countback(Decimal(5000), months)
    assert days == 30
    assert not exhausted


def test_cei_whole_period_variant_is_79_63_percent() -> None:
    value = cei(Decimal(6200), Decimal(10890), Decimal(6340), Decimal(3590))
    assert display(value, 2) == "79.63"


def test_cei_monthly_average_variant_with_three_months_is_55_93_percent() -> None:
    value = cei(Decimal(6200), Decimal(10890), Decimal(6340), Decimal(3590), months=3)
    assert display(value, 2) == "55.93"


def test_add_is_33_days_for_ar_15000_current_4000_sales_10000_over_30_days() -> None:
    value, dso, bpdso = add(Decimal(15000), Decimal(4000), Decimal(10000), 30)
    assert (value, dso, bpdso) == (Decimal(33), Decimal(45), Decimal(12))


def test_simple_and_average_dso_and_bad_debt_ratio_follow_their_formulas() -> None:
    assert dso_simple(Decimal(15000), Decimal(10000), 30) == Decimal(45)
    assert dso_average(Decimal(9000), ORACLE_MONTHS[:3]) == Decimal(9000) * 92 / Decimal(6500)
    assert bad_debt_ratio(Decimal(50), Decimal(10000)) == Decimal("0.5")


def _invoice(number: str, issued: dt.date, total: str, due: str | None = None) -> Invoice:
    return Invoice(
        id=number,
        number=number,
        customer_id="C1",
        customer_name="Acme",
        issue_date=issued,
        due_date=issued + dt.timedelta(days=30),
        currency="USD",
        total=Money(total, "USD"),
        amount_due=Money(due if due is not None else total, "USD"),
    )


def test_ledger_metrics_label_every_figure_and_compute_simple_dso_from_invoices() -> None:
    snapshot = LedgerSnapshot(
        source="test",
        invoices=(
            _invoice("1", dt.date(2026, 1, 10), "3000.00", "0.00"),
            _invoice("2", dt.date(2026, 2, 10), "3000.00", "0.00"),
            _invoice("3", dt.date(2026, 3, 10), "3000.00"),
        ),
        payments=(
            Payment.build(
                id="P1",
                date=dt.date(2026, 3, 1),
                customer_id="C1",
                amount=Money("6000.00", "USD"),
                allocations=[
                    Allocation(invoice_id="1", amount=Money("3000.00", "USD")),
                    Allocation(invoice_id="2", amount=Money("3000.00", "USD")),
                ],
            ),
        ),
    )
    currency, metrics = ledger_metrics(snapshot, dt.date(2026, 3, 31), ReportSettings(dso_months=3, cei_months=3))
    assert currency == "USD"
    assert all(m.formula and m.variant for m in metrics)
    simple = next(m for m in metrics if m.name == "DSO" and m.variant.startswith("simple"))
    # AR 3000 on sales 9000 over Jan-Mar (31 + 28 + 31 = 90 days)
    assert simple.value == Decimal(3000) / Decimal(9000) * 90
    cei_variants = [m for m in metrics if m.name == "CEI"]
    assert len(cei_variants) == 2
    assert all(m.inputs["N"] == "3" for m in cei_variants)
