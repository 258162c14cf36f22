"""``arsync match`` (cash application, learning from confirmed matches) and ``arsync bench match``."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from arsync.cliutil import AppContext, echo_json, ledger_file_options, pass_app
from arsync.errors import ArsyncError, UsageError
from arsync.matching.engine import REFERENCE_WEIGHTS, match_statement, payer_in_description
from arsync.matching.features import Feature, Strategy
from arsync.matching.learning import ALIAS_KINDS, LearnedAliases, learn_from_match
from arsync.matching.result import MatchResult
from arsync.matching.services import PaymentServices
from arsync.matching.settings import MatchingSettings
from arsync.models import Match, Money, StatementLine

if TYPE_CHECKING:
    from arsync.state import StateStore

__all__ = ["bench", "match"]

log = logging.getLogger(__name__)

_REF_KIND = re.compile(r"\((" + "|".join(REFERENCE_WEIGHTS) + r"):")


def _settings(app: AppContext) -> MatchingSettings:
    """The ``matching:`` section; defaults when there is no config (a broken config is still an error)."""
    config = app.config()
    settings = getattr(config, "matching", None)
    return settings if isinstance(settings, MatchingSettings) else MatchingSettings()


def _store(app: AppContext, url: str | None) -> StateStore:
    from arsync.state import StateStore, resolve_url

    configured = None
    try:
        configured = app.config().state.url
    except (ArsyncError, AttributeError):  # no config: the env var or the default store
        configured = None
    return StateStore.open(resolve_url(url, configured))


def _plugins(app: AppContext) -> tuple[list[Feature], list[Strategy]]:
    try:
        matchers = app.registry().matchers
    except ArsyncError as exc:
        log.warning("plugins could not be loaded; matching with the built-in features only: %s", exc)
        return [], []
    features = [m for m in matchers if isinstance(m, Feature)]
    strategies = [m for m in matchers if isinstance(m, Strategy)]
    return features, strategies


def _learned(app: AppContext, url: str | None, scope: str) -> LearnedAliases:
    try:
        with _store(app, url) as store:
            return LearnedAliases.from_rows(store.aliases(scope=scope))
    except ArsyncError as exc:
        log.warning("learned aliases not used: %s", exc)
        return LearnedAliases()


def _run(
    app: AppContext,
    bank: Sequence[Path],
    ledger: str,
    *,
    profile: str | None,
    skip_bad_rows: bool,
    url: str | None,
    scope: str,
) -> tuple[MatchResult, list[StatementLine]]:
    from arsync.bankfiles.api import parse_statements
    from arsync.bankfiles.cli import echo_batch_notes
    from arsync.ledgerfiles.source import load_ledger_source

    settings = _settings(app)
    batch = parse_statements(bank, profile=profile, skip_bad_rows=skip_bad_rows, registry=app.registry())
    echo_batch_notes(batch)
    snapshot = load_ledger_source(ledger, app)
    features, strategies = _plugins(app)
    aliases = _learned(app, url, scope)
    pairs = [(near.first, near.second) for near in batch.near_duplicates]  # maybe one payment read twice
    result = match_statement(
        batch.lines, snapshot, settings, aliases, features=features, strategies=strategies, near_duplicates=pairs
    )
    return result, batch.lines


@click.group("match", invoke_without_command=True)
@click.option(
    "--bank",
    "bank",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Bank statement file (repeatable): CSV, OFX, camt.053/054, MT940, BAI2.",
)
@click.option("--ledger", help="CSV/XLSX open-invoice file, or a configured connector name.")
@click.option("--profile", default=None, help="Bank format or CSV profile to use instead of detection.")
@click.option("--skip-bad-rows", is_flag=True, help="Skip unreadable statement records and report them.")
@click.option("--state-url", default=None, help="State store with learned aliases (default $ARSYNC_STATE_URL).")
@click.option("--scope", default="default", show_default=True, help="Alias scope (e.g. one per company).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@ledger_file_options
@click.pass_context
def match(  # noqa: PLR0917 - click passes every option positionally
    ctx: click.Context,
    bank: tuple[Path, ...],
    ledger: str | None,
    profile: str | None,
    skip_bad_rows: bool,
    state_url: str | None,
    scope: str,
    as_json: bool,
) -> None:
    """Cash application: apply each bank deposit to open invoices and say why.

    Decisions are `auto` (safe to apply unattended), `suggest` (confirm it; alternatives are ranked) or
    unmatched (with the closest candidates). Nothing is written to any ledger.
    """
    if ctx.invoked_subcommand is not None:
        return
    if not bank or not ledger:
        raise UsageError("arsync match needs --bank FILE (one or more) and --ledger SOURCE; see `arsync match --help`")
    app = ctx.ensure_object(AppContext)
    result, _lines = _run(app, bank, ledger, profile=profile, skip_bad_rows=skip_bad_rows, url=state_url, scope=scope)
    if as_json:
        echo_json(result.to_json())
        return
    _print_table(result)


def _print_table(result: MatchResult) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=sys.stdout, width=max(120, Console().width))
    table = Table(title="Cash application", show_lines=True)
    for column in ("bank line", "amount", "decision", "score", "invoices", "why"):
        table.add_column(column, overflow="fold")
    for m in (*result.matches, *result.unmatched_bank):
        where = f"{Path(m.bank.file).name}:{m.bank.line}" + (f" item {m.item}" if m.item is not None else "")
        invoices = "\n".join(
            f"{a.invoice_number} {a.applied.amount}"
            + (f" (= {a.invoice_currency_amount})" if a.invoice_currency_amount is not None else "")
            for a in m.allocations
        )
        extras = []
        if m.write_off is not None:
            extras.append(f"write off {m.write_off}")
        if m.unapplied is not None:
            extras.append(f"unapplied {m.unapplied}")
        if m.fx_difference is not None:
            extras.append(f"FX difference {m.fx_difference}")
        extras += [f"credit note {c.credit_note_number} {c.applied}" for c in m.credit_notes]
        why = [f"{r.weight:+.1f} {r.feature}: {r.detail}" for r in m.reasons]
        if m.alternatives:
            label = "closest" if m.decision == "unmatched" else "or"
            why += [
                f"{label}: " + ", ".join(a.invoice_number for a in alt.allocations) + f" ({alt.score:.1f})"
                for alt in m.alternatives
            ]
        table.add_row(
            where,
            str(m.statement_amount),
            m.decision,
            f"{m.score:.1f}",
            "\n".join(filter(None, [invoices, *extras])),
            "\n".join(why),
        )
    console.print(table)
    summary = result.summary()
    console.print(
        f"{summary['auto']} auto, {summary['suggest']} to confirm, {summary['unmatched']} unmatched; "
        f"{_count(summary['unmatched_invoices'], 'open invoice')} untouched; "
        f"{_count(summary['ignored'], 'outgoing line')} ignored"
    )
    for currency, sums in result.totals().items():
        console.print(
            f"{currency} deposits: {_fmt(sums['auto'])} decided automatically, {_fmt(sums['suggest'])} to confirm, "
            f"{_fmt(sums['unmatched'])} unmatched; {_fmt(sums['write_off'])} short paid to write off, "
            f"{_fmt(sums['unapplied'])} overpaid left unapplied",
            highlight=False,
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _fmt(money: Money) -> str:
    return f"{money.amount:,f}"


@match.command("accept")
@click.option("--customer", "customer", default=None, help="Party id the payment belongs to.")
@click.option("--payer", default=None, help="Payer text as the bank shows it.")
@click.option("--account", default=None, help="Payer IBAN or account number.")
@click.option(
    "--ref-kind", "ref_kinds", multiple=True, type=click.Choice(sorted(REFERENCE_WEIGHTS)), help="Reference habit."
)
@click.option("--bank", "bank", multiple=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--ledger", default=None, help="With --bank and --line: learn from that line's decision.")
@click.option("--line", "line_no", type=int, default=None, help="Statement line number (as in the report).")
@click.option("--item", "item", type=int, default=None, help="Remittance item of that line.")
@click.option("--alternative", type=int, default=0, show_default=True, help="0 = the proposal, 1.. = alternatives.")
@click.option("--profile", default=None)
@click.option("--state-url", default=None)
@click.option("--scope", default="default", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@ledger_file_options
@pass_app
def accept_command(  # noqa: PLR0917 - click passes every option positionally
    app: AppContext,
    customer: str | None,
    payer: str | None,
    account: str | None,
    ref_kinds: tuple[str, ...],
    bank: tuple[Path, ...],
    ledger: str | None,
    line_no: int | None,
    item: int | None,
    alternative: int,
    profile: str | None,
    state_url: str | None,
    scope: str,
    as_json: bool,
) -> None:
    """Record a confirmed match: the payer's alias (name, account) and its reference habit.

    Either name them (--customer with --payer and/or --account), or point at a decision
    (--bank ... --ledger ... --line N [--alternative K]) and the payer, account and reference kinds are
    taken from it. Later runs identify this payer directly.
    """
    services = PaymentServices(_settings(app).payment_services)
    if line_no is not None:
        if not bank or not ledger:
            raise UsageError("--line needs --bank and --ledger, the same as the `arsync match` run it refers to")
        result, lines = _run(app, bank, ledger, profile=profile, skip_bad_rows=False, url=state_url, scope=scope)
        decision = _find(result, line_no, item)
        proposal = decision if alternative == 0 else _alternative(decision, alternative)
        source = next(ln for ln in lines if ln.source == decision.bank)
        customer = customer or proposal.customer_id
        account = account or source.counterparty_account
        # A plain CSV has no payer field: the engine read the payer from the description ("ACME CORP" of
        # "ACME CORP DES:PAYMENT ID:0001047 INDN:... CO ID:..."), so learn what it read, not the whole
        # text, whose ids differ on the payer's next payment.
        if not (payer or source.counterparty_name or account) and source.description:
            payer = payer_in_description(source.description, services)
        payer = payer or source.counterparty_name
        if item is not None and item < len(source.items):
            payer = source.items[item].counterparty_name or payer
            account = source.items[item].counterparty_account or account
        ref_kinds = ref_kinds or tuple(sorted({k for r in proposal.reasons for k in _REF_KIND.findall(r.detail)}))
    if not customer or not (payer or account or ref_kinds):
        raise UsageError("name the customer (--customer) and what to learn (--payer, --account or --ref-kind)")
    with _store(app, state_url) as store:
        existing = [a.value for a in store.aliases(kind="ref_habit", scope=scope) if a.key == customer]
        learned = learn_from_match(
            party_id=customer,
            payer_name=payer,
            payer_account=account,
            reference_kinds=ref_kinds,
            existing_habits=",".join(existing).split(",") if existing else (),
            services=services,
        )
        for kind, key, value in learned:
            store.add_alias(kind, key, value, scope=scope, source="accepted")
    service = services.service(payer) if payer and services.paid_via(payer) is None else None
    if service:
        click.echo(
            f"not learned: payer {payer!r} is {service}, which pays for many businesses; its name and account "
            "would send other businesses' payments to this customer",
            err=True,
        )
    if as_json:
        echo_json({"learned": [{"kind": k, "key": key, "value": v, "scope": scope} for k, key, v in learned]})
        return
    for kind, key, value in learned:
        click.echo(f"learned {kind}: {key} -> {value}")


def _find(result: MatchResult, line_no: int, item: int | None) -> Match:
    for m in (*result.matches, *result.unmatched_bank):
        if m.bank.line == line_no and (item is None or m.item == item):
            return m
    raise UsageError(f"no incoming statement line {line_no}{f' item {item}' if item is not None else ''} to accept")


def _alternative(decision: Match, index: int) -> Match:
    if not 1 <= index <= len(decision.alternatives):
        raise UsageError(f"line {decision.bank.line} has {len(decision.alternatives)} alternative(s); got {index}")
    return decision.alternatives[index - 1]


@match.group("aliases")
def aliases_group() -> None:
    """Learned payer aliases and reference habits: list, export, import, delete."""


@aliases_group.command("list")
@click.option("--kind", type=click.Choice(ALIAS_KINDS), default=None)
@click.option("--scope", default=None)
@click.option("--state-url", default=None)
@click.option("--json", "as_json", is_flag=True)
@pass_app
def aliases_list(app: AppContext, kind: str | None, scope: str | None, state_url: str | None, as_json: bool) -> None:
    """List learned aliases."""
    with _store(app, state_url) as store:
        rows = [a for a in store.aliases(kind=kind, scope=scope) if a.kind in ALIAS_KINDS]
    doc: list[dict[str, Any]] = [
        {"scope": a.scope, "kind": a.kind, "key": a.key, "value": a.value, "source": a.source, "hits": a.hits}
        for a in rows
    ]
    if as_json:
        echo_json({"aliases": doc})
        return
    for a in doc:
        click.echo(f"{a['scope']}  {a['kind']:<13} {a['key']!r} -> {a['value']}  ({a['source']}, {a['hits']} hit(s))")


@aliases_group.command("export")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option("--state-url", default=None)
@pass_app
def aliases_export(app: AppContext, output: Path | None, state_url: str | None) -> None:
    """Write every alias as YAML (stdout, or --output FILE)."""
    with _store(app, state_url) as store:
        text = store.export_aliases_yaml()
    if output is None:
        click.echo(text, nl=False)
    else:
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)


@aliases_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--state-url", default=None)
@pass_app
def aliases_import(app: AppContext, file: Path, state_url: str | None) -> None:
    """Load aliases from a YAML file (all or nothing)."""
    with _store(app, state_url) as store:
        count = store.import_aliases_yaml(file.read_text(encoding="utf-8"), source_name=str(file))
    click.echo(f"imported {count} alias(es) from {file}", err=True)


@aliases_group.command("delete")
@click.argument("kind", type=click.Choice(ALIAS_KINDS))
@click.argument("key")
@click.option("--scope", default="default", show_default=True)
@click.option("--state-url", default=None)
@pass_app
def aliases_delete(app: AppContext, kind: str, key: str, scope: str, state_url: str | None) -> None:
    """Forget one alias (KIND is payer, payer_account or ref_habit; KEY as listed)."""
    with _store(app, state_url) as store:
        found = store.delete_alias(kind, key, scope=scope)
    if not found:
        raise UsageError(f"no {kind} alias {key!r} in scope {scope!r}; see `arsync match aliases list`")
    click.echo(f"deleted {kind} {key!r}", err=True)


@click.group("bench")
def bench() -> None:
    """Benchmarks on generated data with known answers."""


@bench.command("match")
@click.option("--size", type=int, default=2000, show_default=True, help="Statement lines to generate.")
@click.option("--invoices", type=int, default=None, help="Open invoices (default 1.4 x size).")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def bench_match(size: int, invoices: int | None, seed: int, as_json: bool) -> None:
    """Accuracy and speed of cash application on a seeded statement and ledger with known answers."""
    from arsync.matching.bench import run_bench

    if size < 1:
        raise UsageError("--size must be at least 1")
    report = run_bench(size, invoices=invoices, seed=seed)
    if as_json:
        echo_json(report)
        return
    click.echo(
        f"{report['statement_lines']} statement lines, {report['open_invoices']} open invoices, seed {seed}\n"
        f"precision of auto decisions: {report['precision']:.2%}\n"
        f"auto rate (matchable payments): {report['auto_rate']:.2%}\n"
        f"auto rate (invoice level): {report['invoice_auto_rate']:.2%}\n"
        f"suggestion rate: {report['suggest_rate']:.2%}   ambiguity rate: {report['ambiguity_rate']:.2%}\n"
        f"match time: {report['match_seconds']:.2f} s (generation {report['generate_seconds']:.2f} s), "
        f"peak memory {report['peak_rss_mb']:.0f} MB"
    )
    click.echo("per kind: payments / auto correct / auto / suggest / unmatched")
    for kind, counts in report["per_kind"].items():
        click.echo(
            f"  {kind:<17} {counts.get('payments', 0):>6} {counts.get('auto_correct', 0):>6} {counts.get('auto', 0):>6}"
            f" {counts.get('suggest', 0):>6} {counts.get('unmatched', 0):>6}"
        )
    for wrong in report["wrong_auto"]:
        click.echo(
            f"  wrong auto: line {wrong['line']} ({wrong['kind']}): {wrong['got']} instead of {wrong['expected']}"
        )
