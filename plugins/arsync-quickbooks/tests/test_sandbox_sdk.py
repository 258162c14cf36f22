"""The unmodified python-quickbooks client against the sandbox: CRUD, query, batch, CDC, requestid and faults."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import requests
from arsync_quickbooks.sandbox import QuickBooksSandbox, ThrottleLimits
from arsync_quickbooks.testing import sdk_client, sdk_invoice
from intuitlib.client import AuthClient
from intuitlib.exceptions import AuthClientError
from quickbooks import QuickBooks
from quickbooks import exceptions as qbe
from quickbooks.batch import batch_create
from quickbooks.cdc import change_data_capture
from quickbooks.objects.base import LinkedTxn, Ref
from quickbooks.objects.creditmemo import CreditMemo
from quickbooks.objects.customer import Customer
from quickbooks.objects.deposit import Deposit, DepositLine
from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail
from quickbooks.objects.invoice import Invoice
from quickbooks.objects.payment import Payment, PaymentLine

from arsync.demo.company import demo_company


def _new_invoice(qb: QuickBooks, customer_id: str, amount: str) -> Invoice:
    invoice: Invoice = sdk_invoice(qb, customer_id, amount)
    return invoice


def _pay(qb: QuickBooks, invoice: Invoice, amount: str, total: str | None = None) -> Payment:
    payment = Payment()
    payment.CustomerRef = invoice.CustomerRef
    payment.TotalAmt = Decimal(total or amount)
    line = PaymentLine()
    line.Amount = Decimal(amount)
    line.LinkedTxn.append(invoice.to_linked_txn())
    payment.Line = [line]
    return payment.save(qb=qb)


# --- seeds -------------------------------------------------------------------------------------


def test_demo_seed_matches_the_demo_company(qb: QuickBooks) -> None:
    demo = demo_company()
    invoices = Invoice.where("", start_position=1, max_results=1000, qb=qb)
    assert len(invoices) == len(demo.invoices)
    due = {inv.number: inv.amount_due.amount for inv in demo.invoices}
    assert {inv.DocNumber: inv.Balance for inv in invoices} == due
    assert Customer.count("", qb=qb) == len(demo.parties)


def test_empty_seed_has_undeposited_funds_and_the_services_item() -> None:
    with QuickBooksSandbox(seed="empty") as info:
        del info
    box = QuickBooksSandbox(seed="empty")
    box.start()
    try:
        qb = sdk_client(box)
        response = qb.query("SELECT * FROM Account WHERE AccountSubType = 'UndepositedFunds'")
        assert response["QueryResponse"]["Account"][0]["Id"] == "4"
        items = qb.query("SELECT * FROM Item")["QueryResponse"]["Item"]
        assert [i["Name"] for i in items] == ["Services"]
        assert qb.query("SELECT COUNT(*) FROM Invoice")["QueryResponse"]["totalCount"] == 0
    finally:
        box.stop()


# --- CRUD --------------------------------------------------------------------------------------


def test_create_computes_totals_balance_docnumber_and_subtotal_line(qb: QuickBooks) -> None:
    created = _new_invoice(qb, "1", "100.10")
    fetched = Invoice.get(created.Id, qb=qb)
    assert (fetched.TotalAmt, fetched.Balance, fetched.SyncToken) == (Decimal("100.10"), Decimal("100.10"), "0")
    assert fetched.DocNumber
    assert fetched.Line[-1].DetailType == "SubTotalLineDetail"
    assert fetched.MetaData.LastUpdatedTime


def test_full_and_sparse_updates_bump_the_synctoken(qb: QuickBooks) -> None:
    customer = Customer()
    customer.DisplayName = "Sparse Test LLC"
    customer = customer.save(qb=qb)
    customer.Notes = "full update"
    customer = customer.save(qb=qb)
    assert customer.SyncToken == "1"
    sparse = qb.update_object(
        "Customer", json.dumps({"Id": customer.Id, "SyncToken": "1", "sparse": True, "Active": False})
    )
    assert sparse["Customer"]["SyncToken"] == "2"
    assert sparse["Customer"]["Notes"] == "full update"
    assert sparse["Customer"]["Active"] is False


def test_delete_is_hard_and_leaves_610(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "2", "50")
    invoice.delete(qb=qb)
    with pytest.raises(qbe.ObjectNotFoundException) as raised:
        Invoice.get(invoice.Id, qb=qb)
    assert raised.value.error_code == 610


def test_void_zeroes_the_invoice_and_releases_its_payment(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "3", "80")
    payment = _pay(qb, invoice, "30")
    Invoice.get(invoice.Id, qb=qb).void(qb=qb)
    voided = Invoice.get(invoice.Id, qb=qb)
    assert (voided.TotalAmt, voided.Balance) == (Decimal("0.00"), Decimal("0.00"))
    assert voided.PrivateNote.startswith("Voided")
    assert Payment.get(payment.Id, qb=qb).UnappliedAmt == Decimal("30.00")


# --- business rules ----------------------------------------------------------------------------


def test_payment_reduces_balance_and_bumps_the_invoice_synctoken(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "4", "200")
    payment = _pay(qb, invoice, "150", total="175")
    after = Invoice.get(invoice.Id, qb=qb)
    assert after.Balance == Decimal("50.00")
    assert after.SyncToken == "1"
    assert [link.TxnId for link in after.LinkedTxn] == [payment.Id]
    assert Payment.get(payment.Id, qb=qb).UnappliedAmt == Decimal("25.00")


def test_a_payment_cannot_apply_more_than_the_open_balance(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "5", "20")
    with pytest.raises(qbe.QuickbooksException) as raised:
        _pay(qb, invoice, "20.01")
    assert raised.value.error_code == 6000


def test_credit_memo_applied_through_a_zero_payment(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "6", "100")
    memo = CreditMemo()
    memo.CustomerRef = invoice.CustomerRef
    line = SalesItemLine()
    line.Amount = Decimal("40")
    line.SalesItemLineDetail = SalesItemLineDetail()
    line.SalesItemLineDetail.ItemRef = Ref()
    line.SalesItemLineDetail.ItemRef.value = "1"
    memo.Line.append(line)
    memo = memo.save(qb=qb)
    body = (
        '{"CustomerRef": {"value": "6"}, "TotalAmt": 0, "Line": ['
        f'{{"Amount": 40, "LinkedTxn": [{{"TxnId": "{invoice.Id}", "TxnType": "Invoice"}}]}},'
        f'{{"Amount": 40, "LinkedTxn": [{{"TxnId": "{memo.Id}", "TxnType": "CreditMemo"}}]}}]}}'
    )
    qb.create_object("Payment", body)
    assert Invoice.get(invoice.Id, qb=qb).Balance == Decimal("60.00")
    assert CreditMemo.get(memo.Id, qb=qb).RemainingCredit == Decimal("0.00")


def test_deposit_of_undeposited_funds_locks_the_payment_until_deleted(qb: QuickBooks) -> None:
    invoice = _new_invoice(qb, "7", "90")
    payment = _pay(qb, invoice, "90")
    deposit = Deposit()
    deposit.DepositToAccountRef = Ref()
    deposit.DepositToAccountRef.value = "35"
    line = DepositLine()
    line.DetailType = None  # the reference's workaround: a linked line carries no DetailType
    line.Amount = Decimal("90")
    link = LinkedTxn()
    link.TxnId, link.TxnType, link.TxnLineId = payment.Id, "Payment", "0"
    line.LinkedTxn = [link]
    deposit.Line = [line]
    deposit = deposit.save(qb=qb)
    assert Deposit.get(deposit.Id, qb=qb).TotalAmt == Decimal("90.00")
    with pytest.raises(qbe.QuickbooksException) as raised:
        Payment.get(payment.Id, qb=qb).delete(qb=qb)
    assert raised.value.error_code == 6000
    Deposit.get(deposit.Id, qb=qb).delete(qb=qb)
    Payment.get(payment.Id, qb=qb).delete(qb=qb)
    assert Invoice.get(invoice.Id, qb=qb).Balance == Decimal("90.00")


# --- query -------------------------------------------------------------------------------------


def test_query_pages_with_startposition_and_maxresults(qb: QuickBooks) -> None:
    seen: list[str] = []
    start = 1
    while True:
        page = Invoice.where("", order_by="Id", start_position=start, max_results=70, qb=qb)
        seen += [inv.Id for inv in page]
        if len(page) < 70:
            break
        start += 70
    assert len(seen) == len(set(seen)) == 300


def test_query_refuses_more_than_1000_rows(qb: QuickBooks) -> None:
    with pytest.raises(qbe.ValidationException) as raised:
        Invoice.where("", max_results=1001, qb=qb)
    assert raised.value.error_code == 4001


def test_query_where_orderby_count_and_case_insensitivity(qb: QuickBooks) -> None:
    rows = qb.query(
        "select * from invoice where TotalAmt >= '1000' and Balance > '0' orderby TotalAmt desc maxresults 5"
    )
    amounts = [row["TotalAmt"] for row in rows["QueryResponse"]["Invoice"]]
    assert amounts == sorted(amounts, reverse=True) and all(a >= 1000 for a in amounts)
    assert Invoice.count("DocNumber LIKE 'inv-10%'", qb=qb) == 99  # INV-1001 ... INV-1099
    assert Customer.filter(DisplayName=Customer.all(max_results=1, qb=qb)[0].DisplayName.upper(), qb=qb)


def test_name_lists_hide_inactive_rows_unless_active_is_named(qb: QuickBooks) -> None:
    qb.update_object("Customer", '{"Id": "9", "SyncToken": "0", "sparse": true, "Active": false}')
    assert Customer.count("", qb=qb) == 49
    assert Customer.count("Active IN (true, false)", qb=qb) == 50


# --- batch -------------------------------------------------------------------------------------


def test_batch_create_of_31_customers_takes_two_requests(qb: QuickBooks, sandbox: QuickBooksSandbox) -> None:
    customers = []
    for n in range(31):
        customer = Customer()
        customer.DisplayName = f"Batch Customer {n}"
        customers.append(customer)
    result = batch_create(customers, qb=qb)
    assert len(result.successes) == 31 and not result.faults
    assert sandbox.request_counts()["POST /v3/company/{realm}/batch"] == 2


def test_a_batch_over_30_items_is_refused(qb: QuickBooks) -> None:
    items = [{"bId": str(n), "operation": "create", "Customer": {"DisplayName": f"Over {n}"}} for n in range(31)]
    with pytest.raises(qbe.ValidationException):
        qb.batch_operation(json.dumps({"BatchItemRequest": items}))


def test_batch_items_fail_one_by_one(qb: QuickBooks) -> None:
    existing = Customer.all(max_results=1, qb=qb)[0].DisplayName
    items = [
        {"bId": "ok", "operation": "create", "Customer": {"DisplayName": "Fresh Name Co"}},
        {"bId": "dup", "operation": "create", "Customer": {"DisplayName": existing}},
        {"bId": "gone", "operation": "delete", "Invoice": {"Id": "99999", "SyncToken": "0"}},
        {"bId": "q", "Query": "SELECT * FROM Item"},
    ]
    response = qb.batch_operation(json.dumps({"BatchItemRequest": items}))
    by_bid = {item["bId"]: item for item in response["BatchItemResponse"]}
    assert "Customer" in by_bid["ok"]
    assert by_bid["dup"]["Fault"]["Error"][0]["code"] == "6240"
    assert by_bid["gone"]["Fault"]["Error"][0]["code"] == "610"
    assert by_bid["q"]["QueryResponse"]["Item"]


# --- CDC ---------------------------------------------------------------------------------------


def test_cdc_returns_changes_and_tombstones(qb: QuickBooks) -> None:
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat(timespec="seconds")
    qb.query("SELECT * FROM Invoice MAXRESULTS 1")
    changed = _new_invoice(qb, "8", "10")
    doomed = _new_invoice(qb, "8", "11")
    doomed.delete(qb=qb)
    cdc = change_data_capture([Invoice, Customer], since, qb=qb)
    invoices = {inv.Id: inv for inv in cdc.Invoice}
    assert changed.Id in invoices
    assert getattr(invoices[doomed.Id], "status", None) == "Deleted"
    assert not hasattr(cdc, "Customer")


def test_cdc_refuses_a_window_older_than_30_days(qb: QuickBooks) -> None:
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).isoformat(timespec="seconds")
    with pytest.raises(qbe.ValidationException):
        change_data_capture([Invoice], old, qb=qb)


def test_cdc_caps_a_response_at_1000_objects(qb: QuickBooks, sandbox: QuickBooksSandbox) -> None:
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    for n in range(1001):
        sandbox.company.create("Customer", {"DisplayName": f"CDC Customer {n}"})
    cdc = change_data_capture([Customer, Invoice], since, qb=qb)
    assert len(cdc.Customer) + len(getattr(cdc, "Invoice", [])) == 1000


# --- idempotency and concurrency ---------------------------------------------------------------


def test_requestid_replays_the_original_response(qb: QuickBooks, sandbox: QuickBooksSandbox) -> None:
    first = Customer()
    first.DisplayName = "Replay Original"
    first = first.save(qb=qb, request_id="req-customer-1")
    again = Customer()
    again.DisplayName = "Replay Different Body"
    again = again.save(qb=qb, request_id="req-customer-1")
    assert again.Id == first.Id
    assert Customer.count("DisplayName = 'Replay Different Body'", qb=qb) == 0
    assert sandbox.request_counts()["replayed"] == 1


def test_stale_synctoken_fails_with_5010(qb: QuickBooks) -> None:
    customer = Customer.get(10, qb=qb)
    stale = Customer.get(10, qb=qb)
    customer.Notes = "first writer"
    customer.save(qb=qb)
    stale.Notes = "second writer"
    with pytest.raises(qbe.QuickbooksException) as raised:
        stale.save(qb=qb)
    assert raised.value.error_code == 5010


def test_duplicate_display_name_fails_with_6240(qb: QuickBooks) -> None:
    customer = Customer()
    customer.DisplayName = Customer.get(11, qb=qb).DisplayName.lower()
    with pytest.raises(qbe.QuickbooksException) as raised:
        customer.save(qb=qb)
    assert raised.value.error_code == 6240


def test_missing_object_fails_with_610(qb: QuickBooks) -> None:
    with pytest.raises(qbe.ObjectNotFoundException):
        Invoice.get(987654, qb=qb)


# --- auth and throttling -----------------------------------------------------------------------


def test_expired_access_token_gets_the_real_401(qb: QuickBooks, sandbox: QuickBooksSandbox) -> None:
    sandbox.expire_access_tokens()
    with pytest.raises(qbe.AuthorizationException) as raised:
        Customer.get(1, qb=qb)
    assert raised.value.error_code == 401
    body = json.loads(raised.value.detail)
    assert body["fault"]["error"][0]["code"] == "3200"
    assert body["fault"]["type"] == "AUTHENTICATION"


def test_refresh_rotates_and_the_old_refresh_token_gets_invalid_grant(sandbox: QuickBooksSandbox) -> None:
    info = sandbox.info
    assert info is not None
    discovery = f"{info.base_url}/.well-known/openid_configuration/"
    auth = AuthClient(info.client_id, info.client_secret, "http://localhost/cb", environment=discovery)
    auth.refresh(refresh_token=info.refresh_token)
    assert auth.refresh_token != info.refresh_token
    with pytest.raises(AuthClientError) as raised:
        auth.refresh(refresh_token=info.refresh_token)
    assert raised.value.status_code == 400
    assert b"invalid_grant" in raised.value.content


@pytest.mark.parametrize("throttle_format", ["xml", "json"])
def test_past_the_request_limit_qbo_answers_429(throttle_format: str) -> None:
    box = QuickBooksSandbox(seed="empty", limits=ThrottleLimits(requests_per_window=3), throttle_format=throttle_format)  # type: ignore[arg-type]
    box.start()
    try:
        qb = sdk_client(box)
        for _ in range(3):
            qb.query("SELECT * FROM Item")
        with pytest.raises(qbe.QuickbooksException) as raised:
            qb.query("SELECT * FROM Item")
        if throttle_format == "xml":
            assert "ThrottleExceeded" in raised.value.message  # "Error reading json response: <?xml ..."
        else:
            assert raised.value.error_code == 3001
        assert box.request_counts()["throttled"] == 1
    finally:
        box.stop()


def test_batches_past_40_a_minute_get_429(sandbox: QuickBooksSandbox) -> None:
    box = QuickBooksSandbox(seed="empty", limits=ThrottleLimits(batches_per_window=2))
    box.start()
    try:
        qb = sdk_client(box)
        body = '{"BatchItemRequest": [{"bId": "1", "Query": "SELECT * FROM Item"}]}'
        qb.batch_operation(body)
        qb.batch_operation(body)
        with pytest.raises(qbe.QuickbooksException):
            qb.batch_operation(body)
        qb.query("SELECT * FROM Item")  # other requests still pass
    finally:
        box.stop()


def test_unknown_realm_and_missing_token_are_refused(sandbox: QuickBooksSandbox) -> None:
    info = sandbox.info
    assert info is not None
    response = requests.get(f"{info.base_url}/v3/company/{info.tenant}/customer/1", timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_more_than_10_concurrent_requests_get_429() -> None:
    import threading

    from arsync.connectors.base import Fault

    box = QuickBooksSandbox(seed="empty")
    box.start()
    try:
        qb = sdk_client(box)
        # Each call is held for 2 s and the threads start together, so all 11 are in flight at once even
        # on a loaded 2-core machine (0.5 s was not always enough there).
        box.inject(Fault(kind="delay", seconds=2.0, route="query", times=None))
        errors: list[BaseException] = []
        start = threading.Barrier(11)

        def query() -> None:
            start.wait()
            try:
                qb.query("SELECT * FROM Item")  # one client shared by 11 threads
            except qbe.QuickbooksException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=query) for _ in range(11)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(errors) == 1
        assert box.request_counts()["throttled"] == 1
    finally:
        box.stop()
