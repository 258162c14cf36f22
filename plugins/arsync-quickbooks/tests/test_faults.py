"""Fault tests: every failure mode ends with the right ledger state and no duplicate write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from arsync_quickbooks.connector import QuickBooksConnector
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.testing import MakeConnector

from arsync.connectors.base import Fault
from arsync.connectors.tokens import FileTokenStore, TokenSet
from arsync.errors import AuthError, RemoteUnavailableError
from arsync.exitcodes import ExitCode
from arsync.models import Action, ActionKind, Allocation, Invoice, Money, Payment

BATCH = r"POST /v3/company/\d+/batch"


def _open_invoices(connector: QuickBooksConnector, count: int) -> list[Invoice]:
    invoices = [r for r in connector.read("invoices").records if isinstance(r, Invoice) and r.is_open]
    return sorted(invoices, key=lambda inv: int(inv.id))[:count]


def _apply(invoice: Invoice, amount: str = "10.00", key: str | None = None) -> Action:
    money = Money(amount, invoice.currency)
    payment = Payment.build(
        id=f"p-{invoice.id}",
        date=dt.date(2026, 11, 20),
        amount=money,
        customer_id=invoice.customer_id,
        allocations=[Allocation(invoice_id=invoice.id, amount=money)],
    )
    return Action(
        kind=ActionKind.APPLY_PAYMENT,
        connector="qbo",
        idempotency_key=key or f"test:apply:{invoice.id}:{amount}",
        record=payment,
    )


def _payments_on(sandbox: QuickBooksSandbox, invoice_id: str) -> int:
    return len(sandbox.company._applied.get(("Invoice", invoice_id), {}))


def _balance(sandbox: QuickBooksSandbox, invoice_id: str) -> Decimal:
    balance: Decimal = sandbox.company.objects["Invoice"][invoice_id]["Balance"]
    return balance


@pytest.mark.parametrize("retry_after", [0.0, None])
def test_429_with_and_without_retry_after_is_retried(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector, retry_after: float | None
) -> None:
    connector = make_connector()
    invoice = _open_invoices(connector, 1)[0]
    before = _balance(sandbox, invoice.id)
    sandbox.inject(Fault(kind="status", status=429, route=BATCH, retry_after=retry_after, times=2))
    [result] = connector.write_many([_apply(invoice)])
    assert result.status == "created"
    assert _payments_on(sandbox, invoice.id) == 1 + (invoice.total != invoice.amount_due)
    assert _balance(sandbox, invoice.id) == before - Decimal("10.00")
    assert sandbox.request_counts()["throttled"] == 2


def test_a_500_is_retried_and_writes_once(sandbox: QuickBooksSandbox, make_connector: MakeConnector) -> None:
    connector = make_connector()
    invoice = _open_invoices(connector, 1)[0]
    before = _balance(sandbox, invoice.id)
    sandbox.inject(Fault(kind="status", status=500, route=BATCH, times=1))
    assert connector.write(_apply(invoice)).status == "created"
    assert _balance(sandbox, invoice.id) == before - Decimal("10.00")


def test_a_timeout_is_retried_with_the_same_requestid(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    connector = make_connector(timeout_seconds=0.3)
    invoice = _open_invoices(connector, 1)[0]
    before = _balance(sandbox, invoice.id)
    sandbox.inject(Fault(kind="delay", seconds=0.8, route=BATCH, times=1))
    assert connector.write(_apply(invoice)).status == "created"
    import time

    time.sleep(0.8)  # let the slow original finish: it commits after the client gave up, then replays
    assert _balance(sandbox, invoice.id) == before - Decimal("10.00")
    assert sandbox.request_counts()["replayed"] == 1


def test_a_connection_dropped_after_commit_is_replayed_not_duplicated(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    connector = make_connector()
    invoices = _open_invoices(connector, 3)
    before = {inv.id: _balance(sandbox, inv.id) for inv in invoices}
    sandbox.inject(Fault(kind="drop_after_commit", route=BATCH, times=1))
    results = connector.write_many([_apply(inv) for inv in invoices])
    assert [r.status for r in results] == ["created"] * 3
    assert {inv.id: _balance(sandbox, inv.id) for inv in invoices} == {
        k: v - Decimal("10.00") for k, v in before.items()
    }
    assert sandbox.request_counts()["replayed"] == 1


def test_a_run_that_died_after_commit_is_adopted_on_the_rerun(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    first = make_connector(retry_attempts=1)
    invoices = _open_invoices(first, 2)
    before = {inv.id: _balance(sandbox, inv.id) for inv in invoices}
    sandbox.inject(Fault(kind="drop_after_commit", route=BATCH, times=1))
    with pytest.raises(RemoteUnavailableError):
        first.write_many([_apply(inv) for inv in invoices])
    # The rerun plans the same actions but chunks them differently (one more action): a new requestid.
    extra = _open_invoices(first, 3)[2]
    results = make_connector().write_many([_apply(inv) for inv in invoices] + [_apply(extra)])
    assert [r.status for r in results] == ["adopted", "adopted", "created"]
    assert {inv.id: _balance(sandbox, inv.id) for inv in invoices} == {
        k: v - Decimal("10.00") for k, v in before.items()
    }


def test_an_access_token_expiring_mid_run_is_refreshed_once(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    connector = make_connector()
    invoices = _open_invoices(connector, 2)
    refreshes = sandbox.refreshes
    assert connector.write(_apply(invoices[0])).status == "created"
    sandbox.expire_access_tokens()
    assert connector.write(_apply(invoices[1])).status == "created"
    assert sandbox.refreshes == refreshes + 1
    assert all(_balance(sandbox, inv.id) == inv.amount_due.amount - Decimal("10.00") for inv in invoices)


class _CrashAfterSave(FileTokenStore):
    """Persists the rotated tokens, then the process 'dies' before using them."""

    def save(self, key: str, tokens: TokenSet) -> None:
        super().save(key, tokens)
        raise SystemExit("crashed right after persisting the rotated refresh token")


def test_rotation_then_crash_loses_no_refresh_token(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector, tmp_path: Path
) -> None:
    token_dir = tmp_path / "tokens"
    crashing = make_connector(token_dir=token_dir)
    crashing.gateway.store = _CrashAfterSave(token_dir)
    with pytest.raises(SystemExit):
        crashing.check()
    # Strict rotation: the refresh token in the settings is dead now; only the persisted one works.
    survivor = make_connector(token_dir=token_dir)
    survivor.check()
    invoice = _open_invoices(survivor, 1)[0]
    assert survivor.write(_apply(invoice)).status == "created"
    assert _balance(sandbox, invoice.id) == invoice.amount_due.amount - Decimal("10.00")


def test_overlapping_runs_share_a_rotated_token(sandbox: QuickBooksSandbox, make_connector: MakeConnector) -> None:
    one = make_connector()
    one.check()
    two = make_connector()
    two.check()  # uses the stored access token, no refresh
    sandbox.expire_access_tokens()
    one.check()  # refreshes: the refresh token rotates
    two.check()  # gets a 401, finds the already-rotated tokens in the store, does not reuse the dead one
    assert sandbox.refreshes == 2


def test_a_revoked_token_needs_reauthorization(sandbox: QuickBooksSandbox, make_connector: MakeConnector) -> None:
    connector = make_connector()
    connector.check()
    sandbox.revoke_tokens()
    sandbox.expire_access_tokens()
    with pytest.raises(AuthError) as raised:
        connector.read("invoices")
    assert raised.value.exit_code == ExitCode.REAUTH
    assert "invalid_grant" in str(raised.value) and "arsync auth quickbooks" in str(raised.value)


def test_persistent_throttling_ends_in_rate_limited_error(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    from arsync.errors import RateLimitedError

    connector = make_connector(retry_attempts=2)
    connector.check()
    sandbox.inject(Fault(kind="status", status=429, times=None))
    with pytest.raises(RateLimitedError):
        connector.read("customers")


def test_probabilistic_faults_still_end_with_every_payment_once(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector
) -> None:
    connector = make_connector(retry_attempts=8)
    invoices = _open_invoices(connector, 12)
    sandbox.inject(Fault(kind="status", status=503, probability=0.3, times=None, route=r"/v3/"))
    sandbox.inject(Fault(kind="drop_after_commit", probability=0.3, times=None, route=BATCH))
    actions: list[Any] = [_apply(inv) for inv in invoices]
    results = connector.write_many(actions)
    sandbox.clear_faults()
    assert all(r.status in ("created", "adopted") for r in results)
    assert all(_balance(sandbox, inv.id) == inv.amount_due.amount - Decimal("10.00") for inv in invoices)


def test_tokens_can_live_in_the_state_store(
    sandbox: QuickBooksSandbox, make_connector: MakeConnector, tmp_path: Path
) -> None:
    from arsync.state.store import StateStore

    state = StateStore.open(f"sqlite:///{tmp_path / 'state.db'}")
    try:
        info = sandbox.info
        assert info is not None
        first = QuickBooksConnector("qbo", make_connector().settings.model_copy(update={"token_store": "state"}), state)
        first.check()  # spends the configured refresh token; the rotated one is now only in the state store
        second = QuickBooksConnector("qbo", first.settings, state)
        sandbox.expire_access_tokens()
        second.check()
        assert sandbox.refreshes == 2
    finally:
        state.close()
