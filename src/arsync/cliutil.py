"""Helpers shared by every command: the app context, JSON output and error reporting.

Commands get an :class:`AppContext` with ``@pass_app``; it loads the config and the plugins lazily,
so ``arsync --version`` or ``arsync bank parse`` work without a config file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from pydantic import BaseModel

from arsync.models import Money

if TYPE_CHECKING:
    from arsync.config import AppConfig
    from arsync.plugins import Registry

__all__ = ["AppContext", "echo_json", "json_default", "ledger_file_options", "pass_app", "to_jsonable"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclasses.dataclass
class AppContext:
    """Global options and lazily loaded config and plugins."""

    config_path: Path | None = None
    plugins_dirs: tuple[Path, ...] = ()
    log_format: str = "text"
    ledger_date_format: str | None = None
    ledger_currency: str | None = None
    _config: AppConfig | None = None
    _registry: Registry | None = None

    def config(self, *, required: bool = False) -> AppConfig:
        """The validated config; defaults when no file exists and ``required`` is False.

        Raises:
            ConfigError: the file is invalid, or missing while ``required``.
        """
        if self._config is None:
            from arsync.config import load_config

            self._config = load_config(self.config_path, required=required)
        return self._config

    def registry(self) -> Registry:
        """The loaded plugins (built-ins, entry points, ``--plugins-dir`` and config ``plugins_dir``)."""
        if self._registry is None:
            from arsync.plugins import load_plugins

            dirs = list(self.plugins_dirs)
            if not dirs:
                try:
                    configured = self.config().plugins_dir
                except Exception:  # a broken config must not hide `arsync plugins`
                    configured = None
                if configured is not None:
                    dirs.append(Path(configured))
            self._registry = load_plugins(dirs)
        return self._registry


pass_app = click.make_pass_decorator(AppContext, ensure=True)


def _store_on_app(attribute: str) -> Callable[[click.Context, click.Parameter, str | None], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            setattr(ctx.ensure_object(AppContext), attribute, value)

    return callback


def ledger_file_options(command: F) -> F:
    """Add ``--date-format`` and ``--currency`` for CSV/XLSX ledger files (read by ``load_ledger_source``)."""
    command = click.option(
        "--currency",
        metavar="CODE",
        expose_value=False,
        callback=_store_on_app("ledger_currency"),
        help="Currency of a ledger file that has no currency column (e.g. a QuickBooks Open Invoices export).",
    )(command)
    return click.option(
        "--date-format",
        metavar="FORMAT",
        expose_value=False,
        callback=_store_on_app("ledger_date_format"),
        help="Date order of a ledger file whose dates are ambiguous: dmy, mdy, ymd or a strptime pattern.",
    )(command)


def to_jsonable(value: Any) -> Any:
    """Convert models, Money, Decimal, dates and enums to JSON-ready values (amounts as strings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return json_default(value) if not isinstance(value, (str, int, float, bool, type(None))) else value


def json_default(value: Any) -> Any:
    """``json.dumps`` default: Decimal as string, dates ISO 8601, models and dataclasses as dicts."""
    if isinstance(value, Money):
        return value.model_dump(mode="json")
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialize {type(value).__name__} to JSON")


def echo_json(document: Any) -> None:
    """Print one JSON document on stdout (and nothing else there)."""
    click.echo(json.dumps(document, default=json_default, indent=2, ensure_ascii=False))
