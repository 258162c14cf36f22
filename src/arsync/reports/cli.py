"""``arsync aging``, ``metrics``, ``statements`` and ``report``."""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from arsync.cliutil import AppContext, echo_json, ledger_file_options, pass_app
from arsync.errors import InputError, UsageError
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.reports.aging import AgingReport, age_receivables
from arsync.reports.metrics import display, ledger_metrics
from arsync.reports.settings import ReportSettings
from arsync.reports.source import load_snapshot, parse_day

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["aging", "metrics", "report", "statements"]

_ledger_option = click.option(
    "--ledger", "ledger", metavar="SOURCE", help="Configured connector name or open-invoice CSV/XLSX."
)


def _ledger(command: F) -> F:
    return _ledger_option(ledger_file_options(command))


_as_of = click.option("--as-of", "as_of", metavar="DATE", help="Report date, YYYY-MM-DD (default today).")
_json = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


def _settings(app: AppContext) -> ReportSettings:
    return app.config().reports


def _load(app: AppContext, ledger: str | None) -> tuple[ReportSettings, LedgerSnapshot]:
    settings = _settings(app)
    return settings, load_snapshot(app, ledger, settings.ledger)


def _write_atomic(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8", newline="")
    temporary.replace(path)


def _amount_table(report: AgingReport) -> str:
    labels = [*report.labels, "total"]
    header = ["customer", *labels, "unapplied+credit"]
    rows = [header]
    for customer in report.customers:
        extra = customer.total - customer.net
        rows.append(
            [
                customer.customer_name,
                *[format(customer.buckets[label].amount, ",f") for label in report.labels],
                format(customer.total.amount, ",f"),
                format(-extra.amount, ",f") if extra else "",
            ]
        )
    totals = report.totals
    rows.append(
        [
            "TOTAL",
            *[format(totals[label].amount, ",f") for label in labels],
            format(-(report.unapplied_cash + report.unallocated_credit).amount, ",f"),
        ]
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
        if index == 0 or index == len(rows) - 2:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


@click.command("aging")
@_ledger
@_as_of
@click.option("--age-by", type=click.Choice(["due", "invoice"]), help="Age by due date (default) or invoice date.")
@click.option(
    "--method",
    type=click.Choice(["report-date", "current"]),
    help="report-date: balances rebuilt as of the date (default); current: today's balances.",
)
@_json
@pass_app
def aging(
    app: AppContext,
    *,
    ledger: str | None,
    as_of: str | None,
    age_by: Literal["due", "invoice"] | None,
    method: Literal["report-date", "current"] | None,
    as_json: bool,
) -> None:
    """Aged receivables per customer and in total, with unapplied cash and credits and the AR tie-out."""
    settings, snapshot = _load(app, ledger)
    day = parse_day(as_of, "--as-of")
    reports = age_receivables(snapshot, day, settings, age_by=age_by, method=method)
    if as_json:
        document = reports[0].as_json()
        if len(reports) > 1:
            document["other_currencies"] = [r.as_json() for r in reports[1:]]
        echo_json(document)
        return
    for report in reports:
        click.echo(
            f"Aged receivables as of {report.as_of} ({report.currency}, by {report.age_by} date, "
            f"{report.method} method) from {report.source}"
        )
        click.echo(_amount_table(report))
        click.echo(f"Net receivable (invoices - unapplied cash - credits): {report.net}")
        if report.tie_out is not None:
            state = "ties" if report.tie_out.ties else f"DOES NOT TIE: difference {report.tie_out.difference}"
            click.echo(f"Ledger AR balance {report.tie_out.ledger_balance}: {state}")
        click.echo("")


def _decimal(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        raise UsageError(f"{option} {value!r}: give a decimal amount such as 1250.00") from None


@click.command("metrics")
@_ledger
@_as_of
@click.option("--currency", help="Currency to report (default: the one with the most receivables).")
@click.option("--write-offs", metavar="AMOUNT", help="Bad debts written off in the DSO period, for the bad-debt ratio.")
@click.option(
    "--bad-debt-denominator",
    type=click.Choice(["sales", "ar"]),
    default="sales",
    show_default=True,
    help="Divide write-offs by credit sales or by receivables.",
)
@_json
@pass_app
def metrics(
    app: AppContext,
    *,
    ledger: str | None,
    as_of: str | None,
    currency: str | None,
    write_offs: str | None,
    bad_debt_denominator: Literal["sales", "ar"],
    as_json: bool,
) -> None:
    """DSO (simple, countback, 3-month average), CEI (N explicit), ADD, bad-debt ratio, at-risk rate and
    unapplied cash, each with its formula and variant."""
    settings, snapshot = _load(app, ledger)
    day = parse_day(as_of, "--as-of")
    code, figures = ledger_metrics(
        snapshot,
        day,
        settings,
        currency=currency.upper() if currency else None,
        write_offs=_decimal(write_offs, "--write-offs"),
        bad_debt_denominator=bad_debt_denominator,
    )
    if as_json:
        echo_json({"as_of": day.isoformat(), "currency": code, "metrics": [m.as_json() for m in figures]})
        return
    click.echo(f"AR metrics as of {day} ({code}) from {snapshot.source}")
    for m in figures:
        if m.value is None:
            shown = "n/a"
        elif m.unit == "money":
            shown = f"{code} {m.value:,f}"
        else:
            shown = f"{display(m.value, 1)}{' days' if m.unit == 'days' else '%'}"
        click.echo(f"  {m.name:<15} {shown:>14}  [{m.variant}]")
        click.echo(f"  {'':<15} {'':>14}  = {m.formula}" + (f"  ({m.note})" if m.note else ""))


@click.command("statements")
@_ledger
@_as_of
@click.option("--customer", "customers", multiple=True, help="Only this customer (id or exact name); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["html", "csv"]), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default stdout).")
@pass_app
def statements(
    app: AppContext,
    *,
    ledger: str | None,
    as_of: str | None,
    customers: tuple[str, ...],
    fmt: str,
    output: Path | None,
) -> None:
    """Customer statements: open items on the date and recent payments, as HTML or CSV."""
    from arsync.reports.statements import build_statements, statements_csv, statements_html

    settings, snapshot = _load(app, ledger)
    day = parse_day(as_of, "--as-of")
    built = build_statements(snapshot, day, settings, customers)
    if customers and not built:
        raise InputError(f"no open items for {', '.join(customers)} on {day}: check the customer id or name")
    text = statements_html(built, snapshot, day, settings) if fmt == "html" else statements_csv(built)
    _emit(text, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)


@click.command("report")
@_ledger
@_as_of
@click.option("--age-by", type=click.Choice(["due", "invoice"]), help="Age by due date (default) or invoice date.")
@click.option("--method", type=click.Choice(["report-date", "current"]), help="Aging method (default report-date).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="HTML file (default stdout).")
@pass_app
def report(
    app: AppContext,
    *,
    ledger: str | None,
    as_of: str | None,
    age_by: Literal["due", "invoice"] | None,
    method: Literal["report-date", "current"] | None,
    output: Path | None,
) -> None:
    """The HTML AR report: aging bar chart, DSO trend, metrics and the collections worklist (inline SVG)."""
    from arsync.collections.worklist import build_worklist
    from arsync.reports.html import render_report

    settings, snapshot = _load(app, ledger)
    day = parse_day(as_of, "--as-of")
    agings = age_receivables(snapshot, day, settings, age_by=age_by, method=method)
    worklist: list[dict[str, Any]] = [
        entry.as_json() for entry in build_worklist(snapshot, day, _notes(app, ledger), settings)
    ]
    _emit(render_report(snapshot, day, settings, aging=agings[0], worklist=worklist[:25]), output)


def _notes(app: AppContext, ledger: str | None) -> list[Any]:
    """Holds, promises and disputes, when a state store is reachable; the report works without them."""
    from arsync.collections.notes import load_notes
    from arsync.reports.source import open_state, tenant_of

    settings = app.config().collections
    tenant = tenant_of(ledger, settings.ledger or app.config().reports.ledger)
    try:
        store = open_state(app)
    except Exception:  # a report must not fail because the state store is absent
        return load_notes(None, tenant, settings)
    try:
        return load_notes(store, tenant, settings)
    finally:
        store.close()
