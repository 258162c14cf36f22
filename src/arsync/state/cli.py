"""``arsync state``: look at, migrate and back up the state store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from arsync.cliutil import AppContext, echo_json, pass_app
from arsync.errors import InputError
from arsync.state.migrate import head_revision
from arsync.state.store import StateStore
from arsync.state.urls import resolve_url

__all__ = ["state"]

_URL_KEY = "arsync.state.url"


def _configured_url(app: AppContext) -> str | None:
    """``state.url`` from the config file, if any (a broken config is reported by the commands that need it)."""
    try:
        url = app.config().state.url
    except Exception:  # the config module reports its own errors; `arsync state` must still work without it
        return None
    return url if isinstance(url, str) and url else None


def _open(app: AppContext, *, migrate_to_head: bool = True) -> StateStore:
    explicit = click.get_current_context().meta.get(_URL_KEY)
    return StateStore.open(resolve_url(explicit, _configured_url(app)), migrate_to_head=migrate_to_head)


@click.group()
@click.option(
    "--state-url",
    envvar="ARSYNC_STATE_URL",
    help="State store URL (sqlite:///PATH or postgresql://USER@HOST/DB); default: config state.url, "
    "else SQLite in the user data dir.",
)
@click.pass_context
def state(ctx: click.Context, state_url: str | None) -> None:
    """The state store: cursors, links, journal, learned aliases, tokens."""
    ctx.meta[_URL_KEY] = state_url or os.environ.get("ARSYNC_STATE_URL")


@state.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@pass_app
def info(app: AppContext, as_json: bool) -> None:
    """Where the store is (password masked), its schema revision and row counts."""
    with _open(app, migrate_to_head=False) as store:
        revision = store.revision()
        document: dict[str, Any] = {
            "url": store.url,
            "backend": store.dialect,
            "path": None if store.path is None else str(store.path),
            "revision": revision,
            "head": head_revision(),
            "up_to_date": revision == head_revision(),
            "journal_mode": store.journal_mode(),
            "rows": store.row_counts() if revision is not None else {},
        }
    if as_json:
        echo_json(document)
        return
    for key in ("url", "backend", "path", "revision", "head", "journal_mode"):
        if document[key] is not None:
            click.echo(f"{key}: {document[key]}")
    if not document["up_to_date"]:
        click.echo("schema is behind: run `arsync state migrate`")
    for table, count in document["rows"].items():
        click.echo(f"rows.{table}: {count}")


@state.command()
@pass_app
def migrate(app: AppContext) -> None:
    """Create the store or upgrade its schema to this version of arsync."""
    with _open(app, migrate_to_head=False) as store:
        before = store.revision()
        store.migrate()
        click.echo(f"{store.url}: schema {before or 'empty'} -> {store.revision()}")


@state.group()
def aliases() -> None:
    """Learned aliases (payer text -> customer, reference habits) as YAML."""


@aliases.command("export")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True), default="-")
@pass_app
def export_aliases(app: AppContext, file: Path) -> None:
    """Write every alias as YAML to FILE (default: stdout)."""
    with _open(app) as store:
        text = store.export_aliases_yaml()
    if str(file) == "-":
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"wrote {file}", err=True)


@aliases.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@pass_app
def import_aliases(app: AppContext, file: Path) -> None:
    """Load aliases from a YAML FILE (all or nothing; errors name the line)."""
    if str(file) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the aliases file ({type(exc).__name__})", file=file) from None
    with _open(app) as store:
        count = store.import_aliases_yaml(text, source_name=str(file))
    click.echo(f"imported {count} aliases into {store.url}")
