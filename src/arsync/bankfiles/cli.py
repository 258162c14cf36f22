"""``arsync bank``: parse statements and list the formats and CSV profiles arsync knows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from arsync.cliutil import AppContext, echo_json, pass_app

if TYPE_CHECKING:
    from arsync.bankfiles.api import StatementBatch

__all__ = ["bank", "echo_batch_notes"]


def echo_batch_notes(batch: StatementBatch) -> None:
    """Tell the user, on stderr, which lines a batch dropped as duplicates of another file's, which it kept
    although they look alike, and which records it skipped."""
    for dup in batch.duplicates:
        click.echo(
            f"duplicate dropped: {dup.dropped.file}:{dup.dropped.line} (same as {dup.kept.file}:{dup.kept.line})",
            err=True,
        )
    for near in batch.near_duplicates:
        click.echo(
            f"possible duplicate (kept both): {near.first.file}:{near.first.line} and "
            f"{near.second.file}:{near.second.line}: {near.reason}",
            err=True,
        )
    for skip in batch.skipped:
        click.echo(f"skipped {skip.file}:{skip.line} ({skip.kind}): {skip.reason}", err=True)


@click.group()
def bank() -> None:
    """Bank statements: parse them, list the known formats."""


@bank.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--profile", "profile", default=None, help="Format or CSV profile to use instead of detection.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("--skip-bad-rows", is_flag=True, help="Skip unreadable records and report them instead of failing.")
@pass_app
def parse_command(
    app: AppContext, files: tuple[Path, ...], profile: str | None, as_json: bool, skip_bad_rows: bool
) -> None:
    """Parse FILE... into normalized statement lines (amounts positive for money in)."""
    from arsync.bankfiles.api import batch_document, parse_statements

    batch = parse_statements(files, profile=profile, skip_bad_rows=skip_bad_rows, registry=app.registry())
    if as_json:
        echo_json(batch_document(batch))
        return
    for det in batch.files:
        click.echo(f"{det.file}: {det.format} (confidence {det.confidence:.2f}), {det.lines} line(s)", err=True)
    for line in batch.lines:
        who = line.counterparty_name or ""
        click.echo(
            f"{line.booking_date}  {line.amount.amount:>14}  {line.amount.currency}  "
            f"{line.status:<7}  {who[:24]:<24}  {line.description[:60]}"
        )
    echo_batch_notes(batch)
    for payout in batch.payouts:
        click.echo(
            f"payout {payout.payout_id} at {payout.bank.file}:{payout.bank.line} expanded into {payout.items} item(s)",
            err=True,
        )


@bank.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@pass_app
def formats_command(app: AppContext, as_json: bool) -> None:
    """List the structured formats and CSV bank profiles (including --plugins-dir profiles)."""
    registry = app.registry()
    rows = []
    for name in sorted(registry.bank_formats):
        fmt = registry.bank_formats[name]
        try:
            description = fmt.description
        except Exception as exc:  # a broken profile is shown, not fatal
            description = f"(cannot load: {exc})"
        rows.append({"name": name, "kind": fmt.kind, "description": description})
    if as_json:
        echo_json({"formats": rows})
        return
    width = max((len(r["name"]) for r in rows), default=10)
    for row in rows:
        click.echo(f"{row['name']:<{width}}  {row['kind']:<10}  {row['description']}")
