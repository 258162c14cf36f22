"""AR metrics with their formulas and variants named (matching-and-metrics.md §4.2–4.6).

The formula functions are pure and take plain Decimals, so the published test vectors can be checked
directly. :func:`ledger_metrics` computes them all from a :class:`LedgerSnapshot`: monthly credit sales
are invoice totals by issue month (void, deleted and draft invoices excluded; credit notes not
netted), receivables are rebuilt on each date with the report-date method.

Results are exact Decimals; round only for display (:func:`display`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import DocumentStatus, Money
from arsync.reports.aging import AgingReport, age_receivables
from arsync.reports.settings import ReportSettings

__all__ = [
    "Metric",
    "MonthSales",
    "add",
    "bad_debt_ratio",
    "cei",
    "display",
    "dso_average",
    "dso_countback",
    "dso_simple",
    "ledger_metrics",
    "month_end_dso_trend",
    "monthly_sales",
]

HUNDRED = Decimal(100)


def display(value: Decimal, places: int = 1) -> str:
    """Round half-up to ``places`` decimals for display."""
    return format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


@dataclasses.dataclass(frozen=True)
class MonthSales:
    """Credit sales of one month (or part of a month) and the number of days it covers."""

    label: str
    sales: Decimal
    days: int


def dso_simple(ar_end: Decimal, credit_sales: Decimal, days: int) -> Decimal:
    """Simple DSO: ``AR_end / credit_sales × days``.

    Raises:
        ZeroDivisionError: no credit sales in the period.
    """
    return ar_end / credit_sales * days


def dso_average(ar_end: Decimal, months: Sequence[MonthSales]) -> Decimal:
    """DSO on average daily sales of ``months``: ``AR_end / (Σ sales / Σ days)`` (the 3-month average variant)."""
    return ar_end * sum(m.days for m in months) / sum((m.sales for m in months), Decimal(0))


def dso_countback(ar_end: Decimal, months: Sequence[MonthSales]) -> tuple[Decimal, bool]:
    """Countback (exhaustion) DSO.

    Walk back from the latest month: while the remaining AR covers the month's sales, subtract them
    and add the month's days; then add ``remaining / sales × days`` of the month that exhausts it.
    Stops at a month with sales ≤ 0 (Oracle HFM's rule).

    Args:
        ar_end: receivables at the end of the latest month.
        months: the latest month first.

    Returns:
        The days, and whether the AR was exhausted within ``months`` (False means the figure is a floor).
    """
    remaining = ar_end
    days = Decimal(0)
    for month in months:
        if month.sales <= 0:
            return days, False
        if remaining >= month.sales:
            remaining -= month.sales
            days += month.days
            if remaining == 0:
                return days, True
            continue
        return days + remaining / month.sales * month.days, True
    return days, remaining <= 0


def cei(b: Decimal, s: Decimal, e_total: Decimal, e_current: Decimal, *, months: int = 1) -> Decimal:
    """CEI in percent: ``(B + S/N − E_total) / (B + S/N − E_current) × 100``.

    Args:
        b: beginning receivables.
        s: credit sales over the period.
        e_total: ending total receivables.
        e_current: ending current (not yet due) receivables.
        months: N. ``1`` is the whole-period variant (S as is); ``N > 1`` is the monthly-average
            variant (S / N), which gives a different figure for the same data.
    """
    sales = s / months
    return (b + sales - e_total) / (b + sales - e_current) * HUNDRED


def add(ar: Decimal, current_ar: Decimal, sales: Decimal, days: int) -> tuple[Decimal, Decimal, Decimal]:
    """ADD = DSO − BPDSO, where ``BPDSO = current_AR / sales × days``. Returns (ADD, DSO, BPDSO)."""
    dso = dso_simple(ar, sales, days)
    bpdso = current_ar / sales * days
    return dso - bpdso, dso, bpdso


def bad_debt_ratio(write_offs: Decimal, denominator: Decimal) -> Decimal:
    """Bad debts over the named denominator (credit sales by default, or receivables), in percent."""
    return write_offs / denominator * HUNDRED


@dataclasses.dataclass(frozen=True)
class Metric:
    """One figure with the formula and variant that produced it."""

    name: str
    value: Decimal | None
    unit: Literal["days", "%", "money"]
    formula: str
    variant: str
    inputs: dict[str, str]
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        """JSON form: value as a decimal string (rounded to 2 places for days/%), inputs as strings."""
        value = None
        if self.value is not None:
            value = display(self.value, 2) if self.unit != "money" else format(self.value, "f")
        return {
            "name": self.name,
            "value": value,
            "unit": self.unit,
            "formula": self.formula,
            "variant": self.variant,
            "inputs": self.inputs,
            "note": self.note,
        }


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_sales(snapshot: LedgerSnapshot, as_of: dt.date, months: int, currency: str) -> list[MonthSales]:
    """Credit sales per calendar month, latest first; the as-of month runs from its 1st to ``as_of``."""
    result: list[MonthSales] = []
    for back in range(months):
        start = _month_start(as_of, back)
        last = dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        end = min(last, as_of)
        total = Decimal(0)
        for invoice in snapshot.invoices:
            if invoice.currency != currency or invoice.status in (
                DocumentStatus.VOID,
                DocumentStatus.DELETED,
                DocumentStatus.DRAFT,
            ):
                continue
            if start <= invoice.issue_date <= end:
                total += invoice.total.amount
        result.append(MonthSales(label=start.strftime("%Y-%m"), sales=total, days=(end - start).days + 1))
    return result


def _aging(snapshot: LedgerSnapshot, on: dt.date, settings: ReportSettings, currency: str) -> AgingReport | None:
    for report in age_receivables(snapshot, on, settings, age_by="due", method="report-date"):
        if report.currency == currency:
            return report
    return None


def _ar(report: AgingReport | None) -> tuple[Decimal, Decimal]:
    """Total and current (not yet due) open invoices."""
    if report is None:
        return Decimal(0), Decimal(0)
    totals = report.totals
    return totals["total"].amount, totals[report.labels[0]].amount


def ledger_metrics(
    snapshot: LedgerSnapshot,
    as_of: dt.date,
    settings: ReportSettings | None = None,
    *,
    currency: str | None = None,
    write_offs: Decimal | None = None,
    bad_debt_denominator: Literal["sales", "ar"] = "sales",
) -> tuple[str, list[Metric]]:
    """Every metric for the period ending ``as_of``, in one currency (the largest when ``None``).

    Returns:
        The currency and the metrics.
    """
    settings = settings or ReportSettings()
    if currency is None:
        agings = age_receivables(snapshot, as_of, settings, age_by="due", method="report-date")
        currency = agings[0].currency
    current_aging = _aging(snapshot, as_of, settings, currency)
    ar_end, current_ar = _ar(current_aging)
    metrics: list[Metric] = []
    n_dso = settings.dso_months
    history = monthly_sales(snapshot, as_of, max(24, n_dso, settings.cei_months), currency)
    period = history[:n_dso]
    sales = sum((m.sales for m in period), Decimal(0))
    days = sum(m.days for m in period)
    inputs = {"ar_end": str(ar_end), "credit_sales": str(sales), "days": str(days)}
    period_text = f"{n_dso} month{'s' if n_dso > 1 else ''} {period[-1].label}..{period[0].label}"

    metrics.append(
        Metric(
            "DSO",
            dso_simple(ar_end, sales, days) if sales > 0 else None,
            "days",
            "AR_end / credit_sales × days",
            f"simple, {period_text}",
            inputs,
            "" if sales > 0 else "no credit sales in the period",
        )
    )
    countback, exhausted = dso_countback(ar_end, history)
    metrics.append(
        Metric(
            "DSO",
            countback,
            "days",
            "walk back month by month subtracting sales while AR covers them; last month pro rata",
            "countback (exhaustion), calendar months with actual days",
            {"ar_end": str(ar_end), **{f"sales_{m.label}": f"{m.sales} ({m.days} d)" for m in history[:6]}},
            "" if exhausted else f"AR not exhausted by {len(history)} months of sales: the figure is a minimum",
        )
    )
    last3 = history[:3]
    sales3 = sum((m.sales for m in last3), Decimal(0))
    metrics.append(
        Metric(
            "DSO",
            dso_average(ar_end, last3) if sales3 > 0 else None,
            "days",
            "AR_end / (Σ sales / Σ days) over 3 months",
            "3-month average daily sales",
            {"ar_end": str(ar_end), "credit_sales_3m": str(sales3), "days_3m": str(sum(m.days for m in last3))},
            "" if sales3 > 0 else "no credit sales in the last 3 months",
        )
    )

    n_cei = settings.cei_months
    cei_period = history[:n_cei]
    start = _month_start(as_of, n_cei - 1)
    b, _ = _ar(_aging(snapshot, start - dt.timedelta(days=1), settings, currency))
    s = sum((m.sales for m in cei_period), Decimal(0))
    cei_inputs = {
        "B": str(b),
        "S": str(s),
        "E_total": str(ar_end),
        "E_current": str(current_ar),
        "N": str(n_cei),
    }
    for months, variant in (
        (1, f"whole-period sales S over N = {n_cei} months"),
        (n_cei, f"monthly-average sales S/N, N = {n_cei}"),
    ):
        denominator = b + s / months - current_ar
        metrics.append(
            Metric(
                "CEI",
                cei(b, s, ar_end, current_ar, months=months) if denominator != 0 else None,
                "%",
                "(B + S − E_total) / (B + S − E_current) × 100"
                if months == 1
                else "(B + S/N − E_total) / (B + S/N − E_current) × 100",
                variant,
                cei_inputs,
                "E_current is not-yet-due receivables" if denominator != 0 else "denominator is zero",
            )
        )

    if sales > 0:
        add_value, _, bpdso = add(ar_end, current_ar, sales, days)
        metrics.append(
            Metric(
                "ADD",
                add_value,
                "days",
                "DSO − BPDSO, BPDSO = current_AR / credit_sales × days",
                f"simple DSO, {period_text}",
                {**inputs, "current_ar": str(current_ar), "BPDSO": display(bpdso, 2)},
            )
        )
    else:
        metrics.append(
            Metric("ADD", None, "days", "DSO − BPDSO", "simple DSO", inputs, "no credit sales in the period")
        )
    metrics.append(_weighted_days_late(current_aging, currency))

    denominator_value = sales if bad_debt_denominator == "sales" else ar_end
    denominator_name = f"credit sales over {period_text}" if bad_debt_denominator == "sales" else "ending receivables"
    if write_offs is None:
        metrics.append(
            Metric(
                "bad-debt ratio",
                None,
                "%",
                "write-offs / " + ("credit sales" if bad_debt_denominator == "sales" else "receivables") + " × 100",
                f"denominator: {denominator_name}",
                {"denominator": str(denominator_value)},
                "write-offs are not in the ledger snapshot: pass --write-offs AMOUNT",
            )
        )
    else:
        metrics.append(
            Metric(
                "bad-debt ratio",
                bad_debt_ratio(write_offs, denominator_value) if denominator_value > 0 else None,
                "%",
                "write-offs / " + ("credit sales" if bad_debt_denominator == "sales" else "receivables") + " × 100",
                f"denominator: {denominator_name}",
                {"write_offs": str(write_offs), "denominator": str(denominator_value)},
            )
        )
    metrics.extend(_at_risk_and_unapplied(snapshot, current_aging, as_of, settings, currency))
    return currency, metrics


def _weighted_days_late(aging: AgingReport | None, currency: str) -> Metric:
    total = Decimal(0)
    weighted = Decimal(0)
    for customer in aging.customers if aging else []:
        for aged in customer.invoices:
            if aged.days > 0:
                total += aged.open_amount.amount
                weighted += aged.open_amount.amount * aged.days
    return Metric(
        "ADD",
        weighted / total if total else Decimal(0),
        "days",
        "Σ(open × days past due) / Σ open, over past-due invoices",
        "invoice-level, amount-weighted",
        {"past_due": str(total), "currency": currency},
    )


def _at_risk_and_unapplied(
    snapshot: LedgerSnapshot, aging: AgingReport | None, as_of: dt.date, settings: ReportSettings, currency: str
) -> list[Metric]:
    count = risky = 0
    amount = risky_amount = Decimal(0)
    for customer in aging.customers if aging else []:
        for aged in customer.invoices:
            count += 1
            amount += aged.open_amount.amount
            if aged.days >= settings.at_risk_days:
                risky += 1
                risky_amount += aged.open_amount.amount
    unapplied = [
        p for p in snapshot.payments if p.date <= as_of and p.amount.currency == currency and not p.unapplied.is_zero()
    ]
    unapplied_total = Money.sum((p.unapplied for p in unapplied), currency).amount
    weighted_age = sum((p.unapplied.amount * (as_of - p.date).days for p in unapplied), Decimal(0))
    oldest = max(((as_of - p.date).days for p in unapplied), default=0)
    return [
        Metric(
            "at-risk rate",
            Decimal(risky) / count * HUNDRED if count else Decimal(0),
            "%",
            f"open invoices ≥ {settings.at_risk_days} days past due / open invoices × 100",
            "by count",
            {"at_risk": str(risky), "open": str(count)},
        ),
        Metric(
            "at-risk rate",
            risky_amount / amount * HUNDRED if amount else Decimal(0),
            "%",
            f"open amount ≥ {settings.at_risk_days} days past due / open amount × 100",
            "by amount",
            {"at_risk": str(risky_amount), "open": str(amount)},
        ),
        Metric(
            "unapplied cash",
            unapplied_total,
            "money",
            "Σ unapplied part of payments received",
            currency,
            {
                "payments": str(len(unapplied)),
                "oldest_days": str(oldest),
                "weighted_age_days": display(weighted_age / unapplied_total, 1) if unapplied_total else "0",
            },
        ),
    ]


def month_end_dso_trend(
    snapshot: LedgerSnapshot, as_of: dt.date, settings: ReportSettings, currency: str
) -> list[tuple[str, Decimal | None]]:
    """Countback DSO at each of the last ``trend_months`` month-ends (the latest is ``as_of``), oldest first."""
    points: list[tuple[str, Decimal | None]] = []
    for back in range(settings.trend_months - 1, -1, -1):
        if back == 0:
            end = as_of
        else:
            end = _month_start(as_of, back - 1) - dt.timedelta(days=1)
        ar_end, _ = _ar(_aging(snapshot, end, settings, currency))
        history = monthly_sales(snapshot, end, 24, currency)
        value: Decimal | None = None
        if history and history[0].sales > 0:
            value, _ = dso_countback(ar_end, history)
        points.append((end.isoformat(), value))
    return points
