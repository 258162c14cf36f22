"""``--ledger SOURCE``: a file path, or the name of a configured connector."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

import pytest

from arsync.cliutil import AppContext
from arsync.config import parse_config
from arsync.connectors.base import Connector, ConnectorSettings, ReadResult, StreamSpec
from arsync.errors import UsageError
from arsync.ledgerfiles.source import load_ledger_source
from arsync.models import Invoice, Money, Party, Payment
from arsync.plugins import Registry


class FakeSettings(ConnectorSettings):
    company: str


class FakeLedger(Connector):
    """A connector with customers, invoices and payments but no credit notes."""

    type_name = "fakeledger"
    settings_model = FakeSettings
    streams: ClassVar = (
        StreamSpec("customers", Party),
        StreamSpec("invoices", Invoice),
        StreamSpec("payments", Payment),
    )
    reads: ClassVar[list[str]] = []
    closed: ClassVar[list[str]] = []

    def check(self) -> None:
        pass

    def read(self, stream: str, since: str | None = None) -> ReadResult:
        self.reads.append(stream)
        assert isinstance(self.settings, FakeSettings)
        if stream == "customers":
            return ReadResult(records=[Party(id="1", name=self.settings.company)])
        if stream == "invoices":
            return ReadResult(
                records=[
                    Invoice(
                        id="9",
                        number="INV-9",
                        customer_id="1",
                        customer_name=self.settings.company,
                        issue_date=dt.date(2026, 1, 5),
                        currency="USD",
                        total=Money("10", "USD"),
                        amount_due=Money("10", "USD"),
                    )
                ]
            )
        return ReadResult(records=[])

    def ar_balance(self, as_of: object = None) -> Money | None:
        return Money("10", "USD")

    def close(self) -> None:
        self.closed.append(self.name)


def app_with(config_text: str) -> AppContext:
    registry = Registry()
    registry.connectors["fakeledger"] = FakeLedger
    return AppContext(_config=parse_config(config_text), _registry=registry)


def test_an_existing_file_is_read_as_an_open_invoice_list(tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    path.write_text(
        "number,customer,issue_date,due_date,total,amount_due\nINV-1,Acme,03/04/2026,,10,10\n", encoding="utf-8"
    )
    snapshot = load_ledger_source(str(path), app_with(""), date_format="dmy", currency="EUR")
    (invoice,) = snapshot.invoices
    assert (invoice.issue_date, invoice.currency) == (dt.date(2026, 4, 3), "EUR")
    assert snapshot.source == str(path)


def test_a_configured_connector_is_read_through_its_streams(tmp_path: Path) -> None:
    FakeLedger.reads.clear()
    app = app_with("connectors:\n  books:\n    type: fakeledger\n    company: Acme Inc\n")
    snapshot = load_ledger_source("books", app)
    assert FakeLedger.reads == ["customers", "invoices", "payments"]
    assert [p.name for p in snapshot.parties] == ["Acme Inc"]
    assert [i.number for i in snapshot.invoices] == ["INV-9"]
    assert snapshot.ar_balance == Money("10", "USD")
    assert snapshot.source == "books"
    assert "books" in FakeLedger.closed


def test_an_unknown_name_says_the_file_is_missing_and_lists_the_connectors() -> None:
    app = app_with(
        "connectors:\n  books:\n    type: fakeledger\n    company: A\n  other:\n    type: fakeledger\n    company: B\n"
    )
    with pytest.raises(UsageError) as caught:
        load_ledger_source("ledger.csv", app)
    assert "no such file" in caught.value.message
    assert "books, other" in caught.value.message
