"""The connector's reads, writes and error mapping against the sandbox."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import requests
from arsync_quickbooks.gateway import map_error
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.sandbox.wire import throttle_xml
from arsync_quickbooks.testing import MakeConnector
from quickbooks import exceptions as qbe

from arsync.errors import ConflictError, RateLimitedError, RemoteUnavailableError, ValidationRejected
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_line
from arsync.matching.settings import MatchingSettings
from arsync.models import (
    Action,
    ActionKind,
    Allocation,
    CreditNote,
    Deposit,
    Invoice,
    InvoiceLine,
    Money,
    Party,
    Payment,
)

USD = "USD"


def _usd(amount: str) -> Money:
    return Money(amount, USD)


def _action(kind: ActionKind, key: str, record: object) -> Action:
    return Action(kind=kind, connector="qbo", idempotency_key=key, record=record)  # type: ignore[arg-type]


def _open(connector: object, count: int) -> list[Invoice]:
    records = connector.read("invoices").records  # type: ignore[attr-defined]
    return sorted((r for r in records if r.is_open), key=lambda r: int(r.id))[:count]


# --- reads -------------------------------------------------------------------------------------


def test_full_read_normalizes_the_demo_company(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    connector = make_connector()
    result = connector.read("invoices")
    invoice = result.records[0]
    assert isinstance(invoice, Invoice)
    assert invoice.refs[0].system == "quickbooks" and invoice.refs[0].tenant == sandbox.realm_id
    assert invoice.refs[0].version == "0" or invoice.refs[0].version
    assert result.calls == 1  # 300 invoices fit one page of 1000
    payments = connector.read("payments").records
    assert all(isinstance(p, Payment) and p.amount.amount > 0 for p in payments)


def test_incremental_read_uses_one_cdc_call_and_reports_deletions(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    connector = make_connector()
    cursor = connector.read("invoices").cursor
    assert cursor is not None
    victim = sandbox.company.objects["Invoice"]["1"]
    sandbox.company.delete("Invoice", {"Id": "1", "SyncToken": victim["SyncToken"]})
    result = connector.read("invoices", since=cursor)
    assert result.deleted == ["1"]
    assert result.calls == 1
    assert sandbox.request_counts().get("GET /v3/company/{realm}/cdc") == 1


def test_a_read_with_no_changes_makes_one_call_per_stream(make_connector: MakeConnector) -> None:
    connector = make_connector()
    cursors = {s.name: connector.read(s.name).cursor for s in connector.streams}
    calls = {name: connector.read(name, since=cursor).calls for name, cursor in cursors.items()}
    assert calls == dict.fromkeys(cursors, 1)


def test_an_old_cursor_reads_by_lastupdatedtime_window(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    connector = make_connector()
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=40)).isoformat()
    result = connector.read("customers", since=old)
    assert len(result.records) == 50
    assert "GET /v3/company/{realm}/cdc" not in sandbox.request_counts()


def test_cdc_over_the_cap_falls_back_to_queries(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    connector = make_connector()
    cursor = connector.read("customers").cursor
    assert cursor is not None
    for n in range(1000):
        sandbox.company.create("Customer", {"DisplayName": f"Bulk {n}"})
    result = connector.read("customers", since=cursor)
    assert len(result.records) == 1000
    assert sandbox.request_counts()["GET /v3/company/{realm}/cdc"] == 1
    assert result.calls == 3  # the capped CDC call, then two pages of queries


def test_ar_balance_ties_to_open_invoices_less_credits(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    connector = make_connector()
    invoices = [r for r in connector.read("invoices").records if isinstance(r, Invoice)]
    credits = [r for r in connector.read("credit_notes").records if isinstance(r, CreditNote)]
    payments = [r for r in connector.read("payments").records if isinstance(r, Payment)]
    expected = sum((i.amount_due.amount for i in invoices), Decimal(0))
    expected -= sum((c.remaining.amount for c in credits), Decimal(0))
    expected -= sum((p.unapplied.amount for p in payments), Decimal(0))
    assert connector.ar_balance() == _usd(str(expected))


def test_send_invoice_email(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    make_connector().send_invoice_email("5", to="ap@example.com")
    assert sandbox.company.sent_emails == [("5", "ap@example.com")]
    assert sandbox.company.objects["Invoice"]["5"]["EmailStatus"] == "EmailSent"


# --- writes ------------------------------------------------------------------------------------


def test_31_payments_take_two_batch_calls(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    connector = make_connector()
    invoices = _open(connector, 31)
    actions = [
        _action(
            ActionKind.APPLY_PAYMENT,
            f"k{inv.id}",
            Payment.build(
                id=inv.id,
                date=dt.date(2026, 11, 20),
                amount=_usd("1.00"),
                customer_id=inv.customer_id,
                allocations=[Allocation(invoice_id=inv.id, amount=_usd("1.00"))],
            ),
        )
        for inv in invoices
    ]
    sandbox.reset_counts()
    results = connector.write_many(actions)
    assert {r.status for r in results} == {"created"}
    assert sandbox.request_counts()["POST /v3/company/{realm}/batch"] == 2


def test_payment_with_unapplied_amount_to_several_invoices(make_connector: MakeConnector) -> None:
    connector = make_connector()
    by_customer: dict[str, list[Invoice]] = {}
    for inv in _open(connector, 300):
        by_customer.setdefault(inv.customer_id, []).append(inv)
    a, b = next(invs for invs in by_customer.values() if len(invs) >= 2)[:2]
    record = Payment.build(
        id="multi",
        date=dt.date(2026, 11, 20),
        amount=_usd("25.00"),
        customer_id=a.customer_id,
        allocations=[
            Allocation(invoice_id=a.id, amount=_usd("10.00")),
            Allocation(invoice_id=b.id, amount=_usd("5.00")),
        ],
        deposit_account="Checking",
    )
    result = connector.write(_action(ActionKind.APPLY_PAYMENT, "multi-1", record))
    assert result.status == "created" and result.ref is not None
    written = {r.id: r for r in connector.read("payments").records}[result.ref.id]
    assert isinstance(written, Payment)
    assert written.unapplied == _usd("10.00")
    assert written.deposit_account == "35"


def test_customer_invoice_credit_and_deposit_writes(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    connector = make_connector()
    party = Party(id="new", name="Mirror Customer LLC", emails=("ap@mirror.example",))
    [customer] = connector.write_many([_action(ActionKind.CREATE_CUSTOMER, "cust-1", party)])
    assert customer.status == "created" and customer.ref is not None
    assert connector.write(_action(ActionKind.CREATE_CUSTOMER, "cust-1", party)).status == "adopted"
    invoice = Invoice(
        id="x",
        number="MIRROR-1",
        customer_id=customer.ref.id,
        customer_name=party.name,
        issue_date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 12, 1),
        currency=USD,
        lines=(
            InvoiceLine(
                description="Consulting",
                quantity=Decimal(2),
                unit_price=_usd("50"),
                amount=_usd("100"),
                item_code="Services",
            ),
        ),
        total=_usd("100"),
        amount_due=_usd("100"),
    )
    created = connector.write(_action(ActionKind.CREATE_INVOICE, "inv-1", invoice))
    assert created.status == "created" and created.ref is not None
    assert connector.write(_action(ActionKind.CREATE_INVOICE, "inv-1", invoice)).status == "adopted"
    memo = sandbox.company.create(
        "CreditMemo",
        {
            "CustomerRef": {"value": customer.ref.id},
            "Line": [
                {
                    "Amount": "30",
                    "DetailType": "SalesItemLineDetail",
                    "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
                }
            ],
        },
    )
    credit = CreditNote(
        id=memo["Id"],
        number=memo["DocNumber"],
        customer_id=customer.ref.id,
        customer_name=party.name,
        date=dt.date(2026, 11, 2),
        currency=USD,
        total=_usd("30"),
        remaining=_usd("0"),  # the state once the application this action asks for is made
        allocations=(Allocation(invoice_id=created.ref.id, amount=_usd("30")),),
    )
    assert connector.write(_action(ActionKind.APPLY_CREDIT_NOTE, "cn-1", credit)).status == "created"
    assert sandbox.company.objects["Invoice"][created.ref.id]["Balance"] == Decimal("70.00")
    pay = Payment.build(
        id="p",
        date=dt.date(2026, 11, 3),
        amount=_usd("70"),
        customer_id=customer.ref.id,
        allocations=[Allocation(invoice_id=created.ref.id, amount=_usd("70"))],
    )
    paid = connector.write(_action(ActionKind.APPLY_PAYMENT, "pay-1", pay))
    assert paid.ref is not None
    deposit = Deposit(
        id="d", date=dt.date(2026, 11, 4), amount=_usd("70"), account="Checking", payment_ids=(paid.ref.id,)
    )
    deposited = connector.write(_action(ActionKind.CREATE_DEPOSIT, "dep-1", deposit))
    assert deposited.status == "created"
    assert connector.write(_action(ActionKind.CREATE_DEPOSIT, "dep-1", deposit)).status == "adopted"
    assert [d.payment_ids for d in connector.read("deposits").records] == [(paid.ref.id,)]


def test_a_rejected_item_fails_alone(make_connector: MakeConnector) -> None:
    connector = make_connector()
    [invoice] = _open(connector, 1)
    too_much = invoice.amount_due + _usd("1")
    bad = Payment.build(
        id="bad",
        date=dt.date(2026, 11, 20),
        amount=too_much,
        customer_id=invoice.customer_id,
        allocations=[Allocation(invoice_id=invoice.id, amount=too_much)],
    )
    good = Payment.build(
        id="good",
        date=dt.date(2026, 11, 20),
        amount=_usd("1"),
        customer_id=invoice.customer_id,
        allocations=[Allocation(invoice_id=invoice.id, amount=_usd("1"))],
    )
    results = connector.write_many(
        [_action(ActionKind.APPLY_PAYMENT, "bad", bad), _action(ActionKind.APPLY_PAYMENT, "good", good)]
    )
    assert [r.status for r in results] == ["failed", "created"]
    assert "6000" in (results[0].error or "")


def test_a_target_that_changed_since_the_plan_is_refetched_and_reported(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    connector = make_connector()
    [invoice] = _open(connector, 1)
    ref = invoice.refs[0]
    # Someone else pays the invoice in full after we planned.
    sandbox.company.create(
        "Payment",
        {
            "CustomerRef": {"value": invoice.customer_id},
            "TotalAmt": invoice.amount_due.amount,
            "Line": [{"Amount": invoice.amount_due.amount, "LinkedTxn": [{"TxnId": invoice.id, "TxnType": "Invoice"}]}],
        },
    )
    record = Payment.build(
        id="late",
        date=dt.date(2026, 11, 20),
        amount=_usd("5"),
        customer_id=invoice.customer_id,
        allocations=[Allocation(invoice_id=invoice.id, amount=_usd("5"))],
    )
    action = Action(
        kind=ActionKind.APPLY_PAYMENT,
        connector="qbo",
        idempotency_key="late",
        record=record,
        target=ref,
        base_version=ref.version,
    )
    result = connector.write(action)
    assert result.status == "failed"
    assert "changed in QuickBooks since the plan" in (result.error or "")


# --- error mapping -----------------------------------------------------------------------------


def _response(status: int, body: bytes, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers.update(headers or {})
    return response


def test_xml_throttle_body_maps_to_rate_limited() -> None:
    body = throttle_xml(dt.datetime.now(dt.UTC))
    exc = qbe.QuickbooksException(f"Error reading json response: {body.decode()}", 10000)
    mapped = map_error(exc, _response(429, body, {"Retry-After": "7"}), "query")
    assert isinstance(mapped, RateLimitedError) and mapped.retry_after == 7


def test_json_throttle_fault_raised_as_validation_maps_to_rate_limited() -> None:
    exc = qbe.ValidationException("message=ThrottleExceeded; errorCode=003001; statusCode=429", 3001)
    assert isinstance(map_error(exc, None, "query"), RateLimitedError)


def test_status_less_errors_map_by_code() -> None:
    assert isinstance(map_error(qbe.QuickbooksException("Stale Object Error", 5010), None, "x"), ConflictError)
    assert isinstance(map_error(qbe.QuickbooksException("Duplicate", 6240), None, "x"), ValidationRejected)
    assert isinstance(map_error(requests.ConnectionError("reset"), None, "x"), RemoteUnavailableError)
    assert isinstance(map_error(requests.ReadTimeout("slow"), None, "x"), RemoteUnavailableError)
    html = _response(503, b"<html>down</html>")
    assert isinstance(
        map_error(qbe.QuickbooksException("Error reading json response", 10000), html, "x"), RemoteUnavailableError
    )


def test_a_sub_customer_reads_with_its_parent(make_connector: MakeConnector, sandbox: QuickBooksSandbox) -> None:
    """A job (Job true, ParentRef) is read with parent_id, so cash application matches its invoices as the
    parent's, who pays them; a customer without a parent has none."""
    parent = sandbox.company.create("Customer", {"DisplayName": "Freeman Sporting Goods"})
    job = sandbox.company.create(
        "Customer",
        {"DisplayName": "55 Twin Lane", "CompanyName": "Freeman Sporting Goods", "ParentRef": {"value": parent["Id"]}},
    )
    assert job["FullyQualifiedName"] == "Freeman Sporting Goods:55 Twin Lane" and job["Level"] == 1
    parties = {p.id: p for p in make_connector().read("customers").records}  # type: ignore[attr-defined]
    assert parties[job["Id"]].parent_id == parent["Id"]
    assert parties[parent["Id"]].parent_id is None


def test_a_purchase_order_custom_field_is_the_invoices_reference(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    """QuickBooks keeps the customer's order number in a custom field ("P.O. Number"); read as the
    invoice's reference, it is what cash application finds in a remittance ("PO 7781")."""
    customer = sandbox.company.create("Customer", {"DisplayName": "Order Quoting Customer"})
    line = {"Amount": "640", "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": {"ItemRef": {"value": "1"}}}
    fields = [
        {"DefinitionId": "1", "Name": "Crew #", "Type": "StringType", "StringValue": "102"},
        {"DefinitionId": "2", "Name": "P.O. Number", "Type": "StringType", "StringValue": "PO-7781"},
    ]
    made = sandbox.company.create(
        "Invoice", {"CustomerRef": {"value": customer["Id"]}, "Line": [line], "CustomField": fields}
    )
    plain = sandbox.company.create(
        "Invoice", {"CustomerRef": {"value": customer["Id"]}, "Line": [line], "CustomField": fields[:1]}
    )
    invoices = {i.id: i for i in make_connector().read("invoices").records}  # type: ignore[attr-defined]
    assert invoices[made["Id"]].reference == "PO-7781"
    assert invoices[plain["Id"]].reference is None


def test_an_invoices_early_payment_terms_are_read_and_earn_the_discount(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    """ "2% 10 Net 30": the invoice names its term, the term holds the discount. The connector reads the
    terms once (one more call, only when an invoice names one), and cash application closes the invoice
    with the 2% a payer takes within ten days as the write-off."""
    term = sandbox.company.create(
        "Term", {"Name": "2% 10 Net 30", "DueDays": 30, "DiscountPercent": 2, "DiscountDays": 10}
    )
    customer = sandbox.company.create("Customer", {"DisplayName": "Early Payer Co"})
    line = {"Amount": "2500", "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": {"ItemRef": {"value": "1"}}}
    made = sandbox.company.create(
        "Invoice",
        {
            "CustomerRef": {"value": customer["Id"]},
            "Line": [line],
            "TxnDate": "2026-03-02",
            "SalesTermRef": {"value": term["Id"]},
        },
    )
    assert made["SalesTermRef"] == {"value": term["Id"], "name": "2% 10 Net 30"} and made["DueDate"] == "2026-04-01"
    connector = make_connector()
    result = connector.read("invoices")
    assert result.calls == 2  # the invoices, and the terms one of them names
    invoice = next(i for i in result.records if i.id == made["Id"])  # type: ignore[attr-defined]
    assert (invoice.discount_pct, invoice.discount_until) == (Decimal(2), dt.date(2026, 3, 12))
    assert connector.read("invoices").calls == 1  # the terms are read once
    # 2,450.00 on 2026-03-10: within the ten days, 2% off
    line_in = sample_line("2450.00", "ACH EARLY PAYER CO", payer="EARLY PAYER CO", day=dt.date(2026, 3, 10))
    parties = connector.read("customers").records  # type: ignore[attr-defined]
    (match,) = match_statement([line_in], ([invoice], parties)).matches
    assert match.write_off == _usd("50.00")
    assert "2% early-payment discount of its terms" in next(r.detail for r in match.reasons if r.feature == "amount")


def test_an_invoice_on_terms_without_a_discount_keeps_a_discount_the_payer_takes_open(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    """ "Net 30" offers no discount: a payer that takes 2% anyway, within the days the business's settings
    would allow one, leaves the 50.00 open on the invoice for the clerk to bill back; nothing is written off."""
    term = sandbox.company.create("Term", {"Name": "Net 30", "DueDays": 30})
    customer = sandbox.company.create("Customer", {"DisplayName": "Early Payer Co"})
    line = {"Amount": "2500", "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": {"ItemRef": {"value": "1"}}}
    made = sandbox.company.create(
        "Invoice",
        {
            "CustomerRef": {"value": customer["Id"]},
            "Line": [line],
            "TxnDate": "2026-03-02",
            "SalesTermRef": {"value": term["Id"]},
        },
    )
    connector = make_connector()
    invoice = next(i for i in connector.read("invoices").records if i.id == made["Id"])  # type: ignore[attr-defined]
    assert (invoice.payment_terms, invoice.discount_pct) == ("Net 30", None)
    text = f"ACH EARLY PAYER CO INV {made['DocNumber']} LESS 2% DISC"
    line_in = sample_line("2450.00", text, payer="EARLY PAYER CO", day=dt.date(2026, 3, 10))
    parties = connector.read("customers").records  # type: ignore[attr-defined]
    settings = MatchingSettings(discount_max_pct=Decimal(2), discount_days=10)
    (match,) = match_statement([line_in], ([invoice], parties), settings).matches
    assert match.write_off is None
    assert [str(a.applied.amount) for a in match.allocations] == ["2450.00"]
    assert "terms (Net 30) grant no early-payment discount" in next(
        r.detail for r in match.reasons if r.feature == "amount"
    )


def test_a_customers_e_mail_field_may_hold_several_addresses(
    make_connector: MakeConnector, sandbox: QuickBooksSandbox
) -> None:
    """QuickBooks keeps several addresses in one e-mail field, separated by commas: each is one of the
    party's e-mails (the one a payment service names the payer by), not one string matching none."""
    made = sandbox.company.create(
        "Customer",
        {
            "DisplayName": "Pacific Steel",
            "PrimaryEmailAddr": {"Address": "office@pacificsteel.example, ap@pacificsteel.example"},
        },
    )
    parties = {p.id: p for p in make_connector().read("customers").records}  # type: ignore[attr-defined]
    assert parties[made["Id"]].emails == ("office@pacificsteel.example", "ap@pacificsteel.example")
