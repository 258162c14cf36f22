"""The connector under injected faults: timeouts after commit, dropped connections, limits, revoked tokens."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from arsync_xero.connector import XeroConnector
from arsync_xero.sandbox import XeroSandbox

from arsync.connectors.base import Fault
from arsync.errors import AuthError, DailyLimitError
from arsync.exitcodes import ExitCode
from arsync.models import Action, ActionKind, Allocation, Invoice, Money, Payment


def _open_invoices(connector: XeroConnector, count: int) -> list[Invoice]:
    found = [r for r in connector.read("invoices").records if isinstance(r, Invoice) and r.is_open]
    return sorted(found, key=lambda i: i.number)[:count]


def _apply(invoice: Invoice, key: str) -> Action:
    payment = Payment.build(
        id=key,
        date=dt.date(2026, 11, 14),
        amount=invoice.amount_due,
        customer_id=invoice.customer_id,
        allocations=[Allocation(invoice_id=invoice.id, amount=invoice.amount_due)],
    )
    return Action(kind=ActionKind.APPLY_PAYMENT, connector="books", idempotency_key=key, record=payment)


def _payments_on(sandbox: XeroSandbox, invoice_id: str) -> int:
    return sum(1 for p in sandbox.records("payments") if p["Invoice"]["InvoiceID"] == invoice_id)


def test_put_that_timed_out_after_commit_is_retried_without_a_duplicate(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    connector = make_connector(timeout_seconds=0.5)
    invoice = _open_invoices(connector, 1)[0]
    sandbox.inject(Fault(kind="delay", seconds=1.5, route="PUT .*/Payments", times=1))
    result = connector.write(_apply(invoice, "timeout-1"))
    assert result.status in ("created", "replayed"), result.error
    assert _payments_on(sandbox, invoice.id) == 1
    assert sandbox.request_counts()["PUT /Payments"] == 2  # our one retry; urllib3 added none


def test_connection_dropped_after_commit_is_retried_without_a_duplicate(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    connector = make_connector()
    invoice = _open_invoices(connector, 1)[0]
    sandbox.inject(Fault(kind="drop_after_commit", route="PUT .*/Payments", times=1))
    result = connector.write(_apply(invoice, "drop-1"))
    assert result.status == "replayed"
    assert _payments_on(sandbox, invoice.id) == 1
    assert sandbox.request_counts()["PUT /Payments"] == 2


def test_a_batch_of_payments_is_one_call_with_per_element_results(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    connector = make_connector()
    good, bad = _open_invoices(connector, 2)
    too_much = _apply(bad, "too-much")
    record = too_much.record
    assert isinstance(record, Payment)
    over = Money(bad.amount_due.amount + 1, bad.currency)
    too_much = too_much.model_copy(
        update={
            "record": record.model_copy(
                update={"amount": over, "allocations": (Allocation(invoice_id=bad.id, amount=over),)}
            )
        }
    )
    before = sandbox.request_counts().get("PUT /Payments", 0)
    results = connector.write_many([_apply(good, "ok-1"), too_much])
    assert [r.status for r in results] == ["created", "failed"]
    assert results[1].error == "Payment amount exceeds the amount outstanding on this document"
    assert sandbox.request_counts()["PUT /Payments"] == before + 1


def test_pacing_keeps_a_tiny_minute_limit_free_of_429s(
    tiny_limits: Callable[..., XeroSandbox], tmp_path: Path, settings_for: Callable[..., Any]
) -> None:
    box = tiny_limits(per_minute=3, time_scale=60.0)  # a "minute" of one real second
    connector = XeroConnector(
        "books", settings_for(box, tmp_path, page_size=50, calls_per_minute=3, rate_window_seconds=1.0)
    )
    assert len(connector.read("invoices").records) == 300
    assert box.limiter.rejected == 0


def test_minute_limit_429s_are_waited_out(
    tiny_limits: Callable[..., XeroSandbox], tmp_path: Path, settings_for: Callable[..., Any]
) -> None:
    box = tiny_limits(per_minute=3, time_scale=60.0)
    connector = XeroConnector(
        "books",
        settings_for(
            box,
            tmp_path,
            page_size=50,
            calls_per_minute=3,
            rate_window_seconds=1.0,
            retry_max_wait=2.0,
            retry_attempts=8,
        ),
    )
    for _ in range(3):  # another process sharing the tenant has just spent this "minute"
        box.limiter.acquire(box.tenant_id)
        box.limiter.release(box.tenant_id)
    assert len(connector.read("invoices").records) == 300
    assert box.limiter.rejected > 0
    assert connector.gateway.rate_limited == box.limiter.rejected


def test_daily_limit_ends_the_run_as_resume_later(
    tiny_limits: Callable[..., XeroSandbox], tmp_path: Path, settings_for: Callable[..., Any]
) -> None:
    box = tiny_limits(per_day=2)
    connector = XeroConnector("books", settings_for(box, tmp_path, page_size=10))
    with pytest.raises(DailyLimitError) as spent:
        connector.read("invoices")
    assert spent.value.exit_code == ExitCode.PARTIAL
    assert "resume later" in str(spent.value)
    assert box.request_counts()["GET /Invoices"] == 3  # no retry loop on a daily limit


def test_expired_access_token_is_refreshed_once_and_the_rotation_persisted_first(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector], tmp_path: Path
) -> None:
    connector = make_connector()
    connector.check()
    stored_before = json.loads(next((tmp_path / "tokens").glob("xero_*.json")).read_text())
    sandbox.expire_access_tokens()
    connector.check()
    stored_after = json.loads(next((tmp_path / "tokens").glob("xero_*.json")).read_text())
    assert stored_after["refresh_token"] != stored_before["refresh_token"]
    assert sandbox.request_counts()["POST /connect/token"] == 2
    # A second process starting from the same store picks up the rotated token, not the configured one.
    assert make_connector().read("accounts").records


def test_invalid_grant_asks_for_reauthorization(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    sandbox.revoke_tokens()
    with pytest.raises(AuthError) as refused:
        make_connector().check()
    assert refused.value.exit_code == ExitCode.REAUTH
    assert "invalid_grant" in str(refused.value)
    assert "arsync auth xero --connector books" in str(refused.value)


def test_persistent_503_gives_up_after_the_configured_attempts(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    from arsync.errors import RemoteUnavailableError

    connector = make_connector(retry_attempts=3)
    connector.check()
    sandbox.inject(Fault(kind="status", status=503, retry_after=0, route="Contacts", times=None))
    with pytest.raises(RemoteUnavailableError):
        connector.read("customers")
    assert sandbox.request_counts()["GET /Contacts"] == 3


def test_accpay_bills_are_not_receivables(make_connector: Callable[..., XeroConnector]) -> None:
    numbers = {r.number for r in make_connector().read("invoices").records if isinstance(r, Invoice)}
    assert len(numbers) == 300
    assert not any(n.startswith("BILL-") for n in numbers)


def test_deleted_payment_is_reported_deleted(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    connector = make_connector()
    invoice = _open_invoices(connector, 1)[0]
    created = connector.write(_apply(invoice, "to-delete"))
    assert created.ref is not None
    cursor = connector.read("payments").cursor
    sandbox.ledger.delete_payment(created.ref.id)
    result = connector.read("payments", since=cursor)
    assert created.ref.id in result.deleted
    assert created.ref.id not in {r.id for r in result.records}


def test_mirrored_customer_and_invoice_are_created_then_adopted(
    make_connector: Callable[..., XeroConnector],
) -> None:
    from arsync.models import InvoiceLine, Party

    connector = make_connector()
    party = Party(id="q-77", name="Mirror Test Co", emails=("ap@mirror.example",))
    make_party = Action(kind=ActionKind.CREATE_CUSTOMER, connector="books", idempotency_key="cust-77", record=party)
    created = connector.write(make_party)
    assert created.status == "created" and created.ref is not None
    invoice = Invoice(
        id="q-inv",
        number="QB-9001",
        customer_id=created.ref.id,
        customer_name=party.name,
        issue_date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 12, 1),
        currency="USD",
        lines=(
            InvoiceLine(
                description="Consulting", quantity=3, unit_price=Money("150.00", "USD"), amount=Money("450.00", "USD")
            ),
        ),
        total=Money("450.00", "USD"),
        amount_due=Money("450.00", "USD"),
    )
    make_invoice = Action(kind=ActionKind.CREATE_INVOICE, connector="books", idempotency_key="inv-9001", record=invoice)
    assert connector.write(make_invoice).status == "created"
    # A different key for the same documents (e.g. a re-planned run) adopts instead of duplicating.
    again = connector.write_many(
        [
            make_party.model_copy(update={"idempotency_key": "cust-77b"}),
            make_invoice.model_copy(update={"idempotency_key": "inv-9001b"}),
        ]
    )
    assert [r.status for r in again] == ["adopted", "adopted"]
    read = {r.number: r for r in connector.read("invoices").records if isinstance(r, Invoice)}
    assert read["QB-9001"].total == Money("450.00", "USD")


def test_credit_note_allocation_reduces_the_invoice(make_connector: Callable[..., XeroConnector]) -> None:
    from arsync.models import CreditNote

    connector = make_connector()
    notes = [n for n in connector.read("credit_notes").records if isinstance(n, CreditNote) and n.remaining]
    note = notes[0]
    invoice = next(i for i in _open_invoices(connector, 300) if i.customer_id == note.customer_id)
    amount = min(note.remaining, invoice.amount_due)
    apply = Action(
        kind=ActionKind.APPLY_CREDIT_NOTE,
        connector="books",
        idempotency_key="cn-1",
        record=note.model_copy(
            update={
                "allocations": (Allocation(invoice_id=invoice.id, amount=amount),),
                "remaining": note.remaining - amount,
            }
        ),
    )
    assert connector.write(apply).status == "created"
    after = {r.id: r for r in connector.read("invoices").records if isinstance(r, Invoice)}
    assert after[invoice.id].amount_due == invoice.amount_due - amount


def test_invoice_email_goes_through_xero(sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]) -> None:
    connector = make_connector()
    invoice = _open_invoices(connector, 1)[0]
    connector.send_invoice_email(invoice.id)
    assert sandbox.ledger.emails_sent[-1][0] == invoice.id


def test_ar_balance_ties_to_the_demo_company(make_connector: Callable[..., XeroConnector]) -> None:
    from arsync.demo.company import demo_company

    company = demo_company()
    expected = sum((i.amount_due for i in company.invoices), Money.zero("USD")) - sum(
        (n.remaining for n in company.credit_notes), Money.zero("USD")
    )
    assert make_connector().ar_balance() == expected
