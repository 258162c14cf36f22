"""``--ledger SOURCE``: an open-invoice file, or the name of a configured connector."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from arsync.errors import ConfigError, UsageError
from arsync.ledgerfiles.reader import load_ledger_file
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import CreditNote, Invoice, Money, Party, Payment

if TYPE_CHECKING:
    from arsync.cliutil import AppContext
    from arsync.connectors.base import Connector

__all__ = ["load_ledger_source", "snapshot_from_connector"]

log = logging.getLogger(__name__)

_STREAMS = ("customers", "invoices", "payments", "credit_notes")


def load_ledger_source(
    spec: str, app: AppContext, *, date_format: str | None = None, currency: str | None = None
) -> LedgerSnapshot:
    """Read the ledger that ``--ledger SPEC`` names.

    Args:
        spec: a path to a CSV/XLSX open-invoice file, or a connector name from ``connectors:`` in the config.
        app: the command's context (config and plugins are loaded only when ``spec`` is not a file).
        date_format: passed to :func:`~arsync.ledgerfiles.reader.load_ledger_file`.
        currency: passed to :func:`~arsync.ledgerfiles.reader.load_ledger_file`.

    Returns:
        The snapshot; for a connector, every customer, invoice, payment and credit note it declares,
        and its AR balance when it provides one.

    Raises:
        InputError: the file cannot be read.
        UsageError: ``spec`` is neither an existing file nor a configured connector.
        ConfigError: the connector's settings are invalid.
        PluginError: the connector's type is not installed.
    """
    path = Path(spec)
    if path.is_file():
        return load_ledger_file(
            path,
            date_format=date_format or app.ledger_date_format,
            currency=currency or app.ledger_currency,
        )
    if path.is_dir():
        raise UsageError(f"--ledger {spec}: this is a directory; give a CSV/XLSX open-invoice file or a connector name")
    config = app.config()
    block = config.connectors.get(spec)
    if block is None:
        known = ", ".join(sorted(config.connectors)) or "none configured"
        raise UsageError(
            f"--ledger {spec}: no such file, and no connector of that name in the config (configured connectors: "
            f"{known}); give a CSV/XLSX open-invoice file or a connector name"
        )
    cls = app.registry().connector(block.type)
    settings = config.connector_settings(spec, cls.settings_model)
    connector = cls(spec, settings, state=None)
    try:
        return snapshot_from_connector(spec, connector)
    finally:
        connector.close()


def snapshot_from_connector(spec: str, connector: Connector) -> LedgerSnapshot:
    """Everything ``connector`` declares among customers, invoices, payments and credit notes, with its AR
    balance and home currency when it provides them; ``spec`` (the connector's name) labels the snapshot."""
    declared = {stream.name for stream in connector.streams}
    if "invoices" not in declared:
        raise ConfigError(
            f"connector {spec!r} ({connector.type_name}) cannot read invoices, so it cannot be a ledger source",
            key=f"connectors.{spec}",
        )
    records: dict[str, list[object]] = {}
    for stream in _STREAMS:
        if stream in declared:
            result = connector.read(stream, None)
            records[stream] = list(result.records)
            log.debug("ledger %s: %d %s in %d calls", spec, len(result.records), stream, result.calls)
    try:
        ar_balance: Money | None = connector.ar_balance()
    except NotImplementedError:
        ar_balance = None
    return LedgerSnapshot(
        source=spec,
        parties=tuple(r for r in records.get("customers", ()) if isinstance(r, Party)),
        invoices=tuple(r for r in records.get("invoices", ()) if isinstance(r, Invoice)),
        payments=tuple(r for r in records.get("payments", ()) if isinstance(r, Payment)),
        credit_notes=tuple(r for r in records.get("credit_notes", ()) if isinstance(r, CreditNote)),
        ar_balance=ar_balance,
        home_currency=connector.home_currency(),
        read_at=dt.datetime.now(dt.UTC),
    )
