"""``arsync collect``: the collections worklist and reminder emails (dry-run unless --send), plus holds,
promises to pay and disputes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from arsync.cliutil import AppContext, echo_json, ledger_file_options, pass_app
from arsync.collections.dunning import DunningPlan, plan_dunning, send_reminders
from arsync.collections.mailer import LedgerSender, SmtpSender
from arsync.collections.notes import CollectionNote, load_notes, record_note, remove_note
from arsync.collections.settings import CollectionsSettings
from arsync.errors import ArsyncError, ConfigError
from arsync.exitcodes import ExitCode
from arsync.reports.source import load_snapshot, open_state, parse_day, tenant_of

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["collect"]


class RemindersFailedError(ArsyncError):
    """Some reminders were not sent this run (exit code 3, partial)."""

    exit_code = ExitCode.PARTIAL


_ledger_option = click.option(
    "--ledger", "ledger", metavar="SOURCE", help="Configured connector name or open-invoice CSV/XLSX."
)


def _ledger(command: F) -> F:
    return _ledger_option(ledger_file_options(command))


def _default_ledger(app: AppContext) -> str | None:
    config = app.config()
    return config.collections.ledger or config.reports.ledger


def _print_plan(plan: DunningPlan, settings: CollectionsSettings, *, dry_run: bool) -> None:
    click.echo(f"Collections worklist on {plan.today} ({len(plan.worklist)} overdue accounts, most urgent first)")
    for entry in plan.worklist:
        notes = "; ".join(n.describe() for n in entry.notes)
        click.echo(
            f"  {entry.customer_name:<32} {entry.currency} {entry.overdue.amount:>12,f}  "
            f"oldest {entry.oldest_days_overdue:>4} d"
            + (f"  pays ~{entry.average_days_late:.0f} d late" if entry.average_days_late else "")
            + (f"  [{notes}]" if notes else "")
        )
    for skip in plan.skipped:
        click.echo(f"  not chased: {skip.customer_name}: {skip.reason}")
    click.echo("")
    if not plan.emails:
        click.echo("No reminders are due.")
        return
    verb = "Would send" if dry_run else "Sending"
    click.echo(f"{verb} {len(plan.emails)} reminder(s) via {settings.send_via}:")
    for email in plan.emails:
        click.echo("")
        click.echo(f"----- {email.stage.name} -> {email.customer_name} -----")
        click.echo(f"From: {settings.from_address}")
        click.echo(f"To: {', '.join(email.to) or '(the ledger contact)'}")
        click.echo(f"Subject: {email.subject}")
        click.echo("")
        click.echo(email.text.rstrip())


def _sender(app: AppContext, settings: CollectionsSettings, ledger: str | None, state: Any) -> Any:
    if settings.send_via == "smtp":
        return SmtpSender(settings)
    name = settings.ledger_connector or ledger
    if not name:
        raise ConfigError("send_via is ledger but no connector is named", key="collections.ledger_connector")
    config = app.config()
    block = config.connectors.get(name)
    if block is None:
        raise ConfigError(f"no connector named {name!r}", key="collections.ledger_connector")
    cls = app.registry().connector(block.type)
    if "send_invoice" not in cls.capabilities:
        raise ConfigError(
            f"connector {name!r} ({block.type}) cannot email invoices; use send_via: smtp",
            key="collections.send_via",
        )
    return LedgerSender(cls(name, config.connector_settings(name, cls.settings_model), state))


@click.group("collect", invoke_without_command=True)
@_ledger
@click.option("--as-of", "as_of", metavar="DATE", help="Run as of this date (default today).")
@click.option("--dry-run/--send", "dry_run", default=True, help="Print every email (default) or really send them.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def collect(ctx: click.Context, ledger: str | None, as_of: str | None, dry_run: bool, as_json: bool) -> None:
    """The collections worklist and dunning reminders; nothing is sent without --send.

    A reminder stage is journaled before and after sending and is never sent twice.
    """
    if ctx.invoked_subcommand is not None:
        return
    app = ctx.ensure_object(AppContext)
    settings = app.config().collections
    spec = ledger or _default_ledger(app)
    tenant = tenant_of(spec, None)
    snapshot = load_snapshot(app, spec, None)
    today = parse_day(as_of, "--as-of")
    state = open_state(app)
    try:
        notes = load_notes(state, tenant, settings)
        plan = plan_dunning(
            snapshot, today, settings, tenant=tenant, notes=notes, journal=state, report_settings=app.config().reports
        )
        outcome = None
        if not dry_run and plan.emails:
            outcome = send_reminders(plan, state, _sender(app, settings, spec, state))
    finally:
        state.close()
    if as_json:
        document: dict[str, Any] = {
            "as_of": today.isoformat(),
            "dry_run": dry_run,
            "worklist": [e.as_json() for e in plan.worklist],
            "skipped": [
                {"customer_id": s.customer_id, "customer": s.customer_name, "reason": s.reason} for s in plan.skipped
            ],
            "emails": [e.as_json() for e in plan.emails],
        }
        if outcome is not None:
            document["sent"] = [e.key for e in outcome.sent]
            document["already_sent"] = [{"key": e.key, "status": s} for e, s in outcome.already]
            document["failed"] = [{"key": e.key, "error": err} for e, err in outcome.failed]
        echo_json(document)
    else:
        _print_plan(plan, settings, dry_run=dry_run)
        if outcome is not None:
            click.echo("")
            click.echo(f"Sent {len(outcome.sent)}, already sent {len(outcome.already)}, failed {len(outcome.failed)}.")
            for email, error in outcome.failed:
                click.echo(f"  failed: {email.customer_name}: {error}", err=True)
    if outcome is not None and outcome.failed:
        raise RemindersFailedError(
            f"{len(outcome.failed)} reminder(s) failed; fix the cause and rerun (sent ones are not resent)"
        )


def _note_command(app: AppContext, ledger: str | None, note: CollectionNote) -> None:
    tenant = tenant_of(ledger, _default_ledger(app))
    state = open_state(app)
    try:
        record_note(state, tenant, note)
    finally:
        state.close()
    click.echo(f"{note.customer_id}: {note.describe()}")


def _date(value: str | None, option: str) -> dt.date | None:
    return None if value is None else parse_day(value, option)


@collect.command("hold")
@click.argument("customer")
@_ledger
@click.option("--until", metavar="DATE", help="Last day of the hold (default: until released).")
@click.option("--reason", default="", help="Why (a payment plan, a dispute under review...).")
@pass_app
def hold(app: AppContext, customer: str, ledger: str | None, until: str | None, reason: str) -> None:
    """Stop reminders to CUSTOMER (id or exact name)."""
    _note_command(
        app, ledger, CollectionNote(kind="hold", customer_id=customer, until=_date(until, "--until"), reason=reason)
    )


@collect.command("promise")
@click.argument("customer")
@_ledger
@click.option("--date", "date", metavar="DATE", required=True, help="The day the customer promised to pay.")
@click.option("--amount", help="The promised amount.")
@click.option("--reason", default="", help="Who promised, how.")
@pass_app
def promise(app: AppContext, *, customer: str, ledger: str | None, date: str, amount: str | None, reason: str) -> None:
    """Record a promise to pay: no reminders until the date plus collections.promise_grace_days."""
    _note_command(
        app,
        ledger,
        CollectionNote(
            kind="promise", customer_id=customer, until=parse_day(date, "--date"), amount=amount, reason=reason
        ),
    )


@collect.command("dispute")
@click.argument("customer")
@_ledger
@click.option("--invoice", help="The disputed invoice number (default: the whole account).")
@click.option("--reason", default="", help="What is disputed.")
@pass_app
def dispute(app: AppContext, customer: str, ledger: str | None, invoice: str | None, reason: str) -> None:
    """Record a dispute: the invoice (or the account) is not chased until resolved."""
    _note_command(app, ledger, CollectionNote(kind="dispute", customer_id=customer, invoice=invoice, reason=reason))


@collect.command("release")
@click.argument("kind", type=click.Choice(["hold", "promise", "dispute"]))
@click.argument("customer")
@_ledger
@click.option("--invoice", help="For a dispute on one invoice: its number.")
@pass_app
def release(app: AppContext, kind: str, customer: str, ledger: str | None, invoice: str | None) -> None:
    """Remove a hold, a promise or a resolved dispute."""
    tenant = tenant_of(ledger, _default_ledger(app))
    state = open_state(app)
    try:
        removed = remove_note(state, tenant, kind, customer, invoice)  # type: ignore[arg-type]
    finally:
        state.close()
    if not removed:
        raise ArsyncError(f"no {kind} recorded for {customer}{' invoice ' + invoice if invoice else ''}")
    click.echo(f"{customer}: {kind} removed")


@collect.command("notes")
@_ledger
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def notes_command(app: AppContext, ledger: str | None, as_json: bool) -> None:
    """List holds, promises and disputes."""
    tenant = tenant_of(ledger, _default_ledger(app))
    state = open_state(app)
    try:
        notes = load_notes(state, tenant, app.config().collections)
    finally:
        state.close()
    if as_json:
        echo_json(
            {
                "notes": [
                    {
                        "kind": n.kind,
                        "customer": n.customer_id,
                        "invoice": n.invoice,
                        "until": n.until,
                        "amount": n.amount,
                        "reason": n.reason,
                        "source": n.source,
                    }
                    for n in notes
                ]
            }
        )
        return
    for n in notes:
        click.echo(f"{n.kind:<8} {n.customer_id}: {n.describe()} ({n.source})")
