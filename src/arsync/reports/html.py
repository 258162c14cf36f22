"""The self-contained HTML AR report: aging with a bar chart, DSO trend, metrics, collections worklist.

No scripts, no external resources: inline CSS and inline SVG only, so the file opens anywhere,
mails well and reads on a phone (viewport meta, fluid tables, charts scaled by viewBox).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.reports.aging import AgingReport, age_receivables
from arsync.reports.metrics import Metric, display, ledger_metrics, month_end_dso_trend
from arsync.reports.render import environment
from arsync.reports.settings import ReportSettings
from arsync.reports.svg import bar_chart, line_chart

__all__ = ["render_report"]


def _shown(metric: Metric) -> str:
    if metric.value is None:
        return "n/a"
    if metric.unit == "money":
        return format(metric.value, ",f")
    return f"{display(metric.value, 1)}{' days' if metric.unit == 'days' else '%'}"


def render_report(
    snapshot: LedgerSnapshot,
    as_of: dt.date,
    settings: ReportSettings | None = None,
    *,
    aging: AgingReport | None = None,
    worklist: list[dict[str, Any]] | None = None,
) -> str:
    """Render the report for ``as_of`` (the largest currency's aging unless ``aging`` is given).

    Args:
        snapshot: the ledger.
        as_of: the report date.
        settings: report settings.
        aging: a precomputed aging (to honour --age-by/--method from the command line).
        worklist: collections worklist entries in their JSON form, most urgent first.
    """
    settings = settings or ReportSettings()
    if worklist is None:
        from arsync.collections.worklist import build_worklist

        worklist = [entry.as_json() for entry in build_worklist(snapshot, as_of, None, settings)][:25]
    if aging is None:
        aging = age_receivables(snapshot, as_of, settings)[0]
    currency = aging.currency
    _, metrics = ledger_metrics(snapshot, as_of, settings, currency=currency)
    document = aging.as_json()
    labels = aging.labels
    totals = document["totals"]
    past_due = sum((aging.totals[label].amount for label in labels[1:]), aging.totals["total"].amount * 0)
    customers = [
        {
            **{label: c[label] for label in labels},
            "customer": c["customer"],
            "total": c["total"],
            "unapplied": format(-(aging.customers[i].total.amount - aging.customers[i].net.amount), "f"),
        }
        for i, c in enumerate(document["customers"])
    ]
    headline = []
    for metric in metrics:
        if metric.name == "DSO" and metric.variant.startswith("countback"):
            headline.append({"label": "DSO (countback)", "value": _shown(metric)})
        elif metric.name == "CEI" and metric.variant.startswith("whole"):
            headline.append({"label": f"CEI (N = {metric.inputs['N']})", "value": _shown(metric)})
        elif metric.name == "ADD" and metric.variant.startswith("simple"):
            headline.append({"label": "ADD", "value": _shown(metric)})
    aging_chart = bar_chart(
        f"Aging of {currency} receivables on {as_of}", [(label, aging.totals[label].amount) for label in labels]
    )
    trend = month_end_dso_trend(snapshot, as_of, settings, currency)
    trend_chart = line_chart("Countback DSO at month-end", [(day[:7], value) for day, value in trend])
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            as_of=as_of.isoformat(),
            company=settings.company_name,
            source=snapshot.source,
            aging=aging,
            labels=labels,
            totals=totals,
            past_due=format(past_due, "f"),
            unapplied_total=format(-(aging.unapplied_cash + aging.unallocated_credit).amount, "f"),
            customers=customers,
            tie_out=document.get("tie_out"),
            headline=headline,
            metrics=[{**m.as_json(), "shown": _shown(m)} for m in metrics],
            worklist=worklist,
            # Built by svg.py, which escapes every text it places; safe to embed as markup.
            aging_chart=Markup(aging_chart),  # noqa: S704
            trend_chart=Markup(trend_chart),  # noqa: S704
        )
    )
