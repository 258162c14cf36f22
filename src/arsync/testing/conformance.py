"""The connector conformance suite: what every arsync connector must do, proven against its sandbox.

Use it by subclassing in your connector's tests and providing two fixtures::

    from arsync.testing.conformance import ConnectorConformance

    class TestMyConnector(ConnectorConformance):
        @pytest.fixture
        def sandbox(self):
            box = MySandbox(seed="demo")
            box.start()
            yield box
            box.stop()

        @pytest.fixture
        def make_connector(self, sandbox, tmp_path):
            def make(**overrides):
                settings = MySettings(base_url=..., **overrides)
                return MyConnector("conformance", settings)
            return make

The suite needs the sandbox's ``demo`` seed to hold open invoices and the connector's settings to accept
``page_size``, ``retry_attempts`` and ``retry_max_wait`` overrides. Cursors must be ISO 8601 timestamps
(the suite reads with a cursor in 2099 and expects nothing back).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from pydantic import BaseModel, SecretStr

from arsync.connectors.base import Connector, Fault, Sandbox
from arsync.errors import AuthError, RemoteUnavailableError
from arsync.exitcodes import ExitCode
from arsync.models import Action, ActionKind, Allocation, Invoice, Money, Payment

__all__ = ["ConnectorConformance"]

MakeConnector = Callable[..., Connector]
FUTURE_CURSOR = "2099-01-01T00:00:00+00:00"


def _secrets_of(connector: Connector, sandbox: Sandbox) -> list[str]:
    secrets: list[str] = []

    def collect(model: BaseModel) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, SecretStr):
                secrets.append(value.get_secret_value())
            elif isinstance(value, BaseModel):
                collect(value)

    collect(connector.settings)
    info = getattr(sandbox, "info", None)
    for attr in ("client_secret", "refresh_token"):
        value = getattr(info, attr, None)
        if isinstance(value, str):
            secrets.append(value)
    return [s for s in secrets if s and len(s) >= 6]


def _open_invoice(connector: Connector) -> Invoice:
    invoices = [r for r in connector.read("invoices").records if isinstance(r, Invoice) and r.is_open]
    invoices = [inv for inv in invoices if inv.amount_due.amount >= 2]
    assert invoices, "the sandbox's demo seed must contain open invoices"
    return sorted(invoices, key=lambda inv: inv.id)[0]


def _payment_action(connector: Connector, invoice: Invoice, amount: Money) -> Action:
    payment = Payment.build(
        id=f"conformance-{invoice.id}",
        date=dt.datetime.now(dt.UTC).date(),
        amount=amount,
        customer_id=invoice.customer_id,
        customer_name=invoice.customer_name,
        allocations=[Allocation(invoice_id=invoice.id, invoice_number=invoice.number, amount=amount)],
        reference=invoice.number,
    )
    target = invoice.refs[0] if invoice.refs else None
    return Action(
        kind=ActionKind.APPLY_PAYMENT,
        connector=connector.name,
        idempotency_key=f"conformance:apply_payment:{invoice.id}:{amount.amount}",
        record=payment,
        target=target,
        base_version=target.version if target else None,
        description=f"apply {amount} to {invoice.number}",
    )


def _payments_for(connector: Connector, invoice_id: str) -> int:
    return sum(
        1
        for record in connector.read("payments").records
        if isinstance(record, Payment) and any(a.invoice_id == invoice_id for a in record.allocations)
    )


class ConnectorConformance:
    """The standard tests every connector runs against its sandbox (see the module docstring)."""

    @pytest.fixture
    def sandbox(self) -> Iterator[Sandbox]:
        """Override: a started, demo-seeded sandbox."""
        raise NotImplementedError("provide a `sandbox` fixture")

    @pytest.fixture
    def make_connector(self, sandbox: Sandbox) -> MakeConnector:
        """Override: a factory of connectors talking to ``sandbox``; keyword arguments override settings."""
        raise NotImplementedError("provide a `make_connector` fixture")

    @pytest.fixture
    def connector(self, make_connector: MakeConnector) -> Iterator[Connector]:
        """A connector with default settings."""
        connector = make_connector()
        yield connector
        connector.close()

    def test_check_accepts_valid_credentials(self, connector: Connector) -> None:
        connector.check()

    def test_declares_the_receivables_streams(self, connector: Connector) -> None:
        names = {stream.name for stream in connector.streams}
        assert {"customers", "invoices", "payments"} <= names

    def test_every_declared_stream_reads_its_model(self, connector: Connector) -> None:
        for stream in connector.streams:
            result = connector.read(stream.name)
            assert all(isinstance(record, stream.model) for record in result.records), stream.name
            ids = [getattr(record, stream.primary_key) for record in result.records]
            assert len(ids) == len(set(ids)), f"{stream.name} returned duplicate records"

    def test_invoices_carry_decimal_money_and_a_cursor(self, connector: Connector) -> None:
        result = connector.read("invoices")
        assert result.records
        for invoice in result.records:
            assert isinstance(invoice, Invoice)
            assert isinstance(invoice.total.amount, Decimal)
        assert result.cursor is not None
        assert dt.datetime.fromisoformat(result.cursor).tzinfo is not None

    def test_paging_returns_every_record_once(self, make_connector: MakeConnector) -> None:
        paged = make_connector(page_size=7).read("invoices")
        whole = make_connector().read("invoices")
        assert sorted(r.id for r in paged.records) == sorted(r.id for r in whole.records)
        assert paged.calls > whole.calls

    def test_cursor_in_the_future_returns_nothing(self, connector: Connector) -> None:
        assert connector.read("invoices", since=FUTURE_CURSOR).records == []
        assert connector.read("customers", since=FUTURE_CURSOR).records == []

    def test_incremental_read_sees_a_write(self, connector: Connector) -> None:
        cursor = connector.read("invoices").cursor
        invoice = _open_invoice(connector)
        amount = Money(invoice.amount_due.amount / 2, invoice.currency)
        result = connector.write(_payment_action(connector, invoice, amount))
        assert result.status == "created", result.error
        changed = {r.id: r for r in connector.read("invoices", since=cursor).records if isinstance(r, Invoice)}
        assert invoice.id in changed
        assert changed[invoice.id].amount_due == invoice.amount_due - amount

    def test_same_action_twice_writes_once(self, connector: Connector) -> None:
        invoice = _open_invoice(connector)
        before = _payments_for(connector, invoice.id)
        action = _payment_action(connector, invoice, Money(1, invoice.currency))
        first = connector.write(action)
        second = connector.write(action)
        assert first.status == "created", first.error
        assert second.status in ("adopted", "replayed"), second
        assert _payments_for(connector, invoice.id) == before + 1
        after = {r.id: r for r in connector.read("invoices").records if isinstance(r, Invoice)}
        assert after[invoice.id].amount_due == invoice.amount_due - Money(1, invoice.currency)

    def test_rate_limit_is_retried_transparently(self, sandbox: Sandbox, make_connector: MakeConnector) -> None:
        connector = make_connector(retry_attempts=3, retry_max_wait=0.01)
        sandbox.inject(Fault(kind="status", status=429, retry_after=0, times=1))
        assert connector.read("customers").records

    def test_persistent_server_error_is_retriable(self, sandbox: Sandbox, make_connector: MakeConnector) -> None:
        connector = make_connector(retry_attempts=2, retry_max_wait=0.01)
        connector.check()
        sandbox.inject(Fault(kind="status", status=500, times=None))
        try:
            with pytest.raises(RemoteUnavailableError):
                connector.read("customers")
        finally:
            sandbox.clear_faults()

    def test_revoked_credentials_need_reauthorization_and_leak_no_secret(
        self, sandbox: Sandbox, make_connector: MakeConnector, caplog: pytest.LogCaptureFixture
    ) -> None:
        connector = make_connector(retry_attempts=2, retry_max_wait=0.01)
        connector.check()
        sandbox.revoke_tokens()
        sandbox.expire_access_tokens()
        with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as raised:
            connector.read("customers")
        assert raised.value.exit_code == ExitCode.REAUTH
        assert "arsync auth" in str(raised.value)
        texts = [str(raised.value), repr(raised.value), caplog.text]
        for secret in _secrets_of(connector, sandbox):
            for text in texts:
                assert secret not in text
