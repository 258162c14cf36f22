"""The unmodified xero-python client against the sandbox: the wire protocol is Xero's.

Every accounting response a test here receives is checked by the `captured` + `oracle` fixtures against
the component schemas of Xero's OpenAPI spec and deserialized by xero-python's own deserializer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from arsync_xero.sandbox import XeroSandbox
from xero_python.accounting import Account, BatchPayment, BatchPayments, Contact, Contacts, Invoice, Payment, Payments
from xero_python.exceptions import HTTPStatusException, RateLimitException

from arsync.connectors.base import Fault

pytestmark = pytest.mark.usefixtures("captured")


@pytest.fixture(autouse=True)
def _responses_match_the_spec(captured: list[tuple[str, str, int, bytes]], request: pytest.FixtureRequest) -> Any:
    try:
        oracle = request.getfixturevalue("oracle")
    except pytest.skip.Exception:
        oracle = None  # shared data absent: the wire tests still run, without the spec check
    yield
    if oracle is None:
        return
    assert captured, "the test made no accounting call"
    problems = []
    for method, url, status, body in captured:
        if status in (200, 400):
            response_type, errors = oracle.check(method, url, status, body)
            problems += [f"{method} {url} ({response_type}): {e}" for e in errors]
    assert problems == []


def _open(raw: Any, count: int) -> list[Any]:
    found = raw.api.get_invoices(
        raw.info.tenant, statuses=["AUTHORISED"], where='Type=="ACCREC"', order="InvoiceNumber ASC"
    )
    return [i for i in found.invoices if i.amount_due > 2][:count]


def test_refresh_rotates_the_refresh_token_and_the_old_one_is_refused(sandbox: XeroSandbox, raw: Any) -> None:
    first = raw.refresh_token
    raw.refresh()
    assert raw.refresh_token != first
    with pytest.raises(HTTPStatusException) as refused:
        raw.token_api.refresh_token(first, ["offline_access"])
    assert refused.value.status == 400
    assert b"invalid_grant" in refused.value.body
    assert raw.api.get_organisations(raw.info.tenant).organisations  # the rotated token works


def test_expired_access_token_gets_xeros_401_until_refreshed(sandbox: XeroSandbox, raw: Any) -> None:
    sandbox.expire_access_tokens()
    with pytest.raises(HTTPStatusException) as refused:
        raw.api.get_organisations(raw.info.tenant)
    assert refused.value.status == 401
    assert b"TokenExpired" in refused.value.body
    raw.refresh()
    assert raw.api.get_organisations(raw.info.tenant).organisations[0].base_currency.value == "USD"


def test_pages_cover_every_invoice_once_with_xeros_pagination(raw: Any) -> None:
    seen: list[str] = []
    page = 1
    while True:
        result = raw.api.get_invoices(raw.info.tenant, page=page, page_size=40, order="UpdatedDateUTC ASC")
        seen += [i.invoice_id for i in result.invoices]
        if page >= result.pagination.page_count:
            break
        page += 1
    assert result.pagination.item_count == len(seen) == len(set(seen)) == 302
    assert page == 8


def test_if_modified_since_returns_only_what_changed(raw: Any) -> None:
    invoice = _open(raw, 1)[0]
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    payment = Payment(
        invoice=Invoice(invoice_id=invoice.invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 14),
        amount=Decimal("1.00"),
    )
    raw.api.create_payments(raw.info.tenant, Payments(payments=[payment]), summarize_errors=False)
    changed = raw.api.get_invoices(raw.info.tenant, if_modified_since=since).invoices
    assert [i.invoice_id for i in changed] == [invoice.invoice_id]
    assert changed[0].amount_due == invoice.amount_due - Decimal("1.00")
    assert changed[0].amount_paid == invoice.amount_paid + Decimal("1.00")


def test_batch_payment_pays_several_invoices_and_a_replayed_key_creates_nothing(sandbox: XeroSandbox, raw: Any) -> None:
    invoices = _open(raw, 3)
    batch = BatchPayments(
        batch_payments=[
            BatchPayment(
                account=Account(code="090"),
                date=dt.date(2026, 11, 14),
                reference="deposit 42",
                payments=[Payment(invoice=Invoice(invoice_id=i.invoice_id), amount=i.amount_due) for i in invoices],
            )
        ]
    )
    first = raw.api.create_batch_payment(raw.info.tenant, batch, summarize_errors=False, idempotency_key="dep-42")
    payments_after_first = len(sandbox.ledger.tables["payments"])
    again, _status, headers = raw.api.create_batch_payment(
        raw.info.tenant, batch, summarize_errors=False, idempotency_key="dep-42", _return_http_data_only=False
    )
    assert again.batch_payments[0].batch_payment_id == first.batch_payments[0].batch_payment_id
    assert headers.get("Idempotent-Replayed") == "true"
    assert len(sandbox.ledger.tables["payments"]) == payments_after_first
    assert first.batch_payments[0].total_amount == sum(i.amount_due for i in invoices)
    paid = raw.api.get_invoices(raw.info.tenant, i_ds=[i.invoice_id for i in invoices]).invoices
    assert {i.status for i in paid} == {"PAID"}
    assert all(i.amount_due == 0 for i in paid)


def test_summarize_errors_false_reports_each_element_in_a_200(sandbox: XeroSandbox, raw: Any) -> None:
    good, bad = _open(raw, 2)
    payments = Payments(
        payments=[
            Payment(
                invoice=Invoice(invoice_id=good.invoice_id),
                account=Account(code="090"),
                date=dt.date(2026, 11, 14),
                amount=Decimal("5.00"),
            ),
            Payment(
                invoice=Invoice(invoice_id=bad.invoice_id),
                account=Account(code="090"),
                date=dt.date(2026, 11, 14),
                amount=bad.amount_due + 1,
            ),
        ]
    )
    result = raw.api.create_payments(raw.info.tenant, payments, summarize_errors=False)
    assert [p.status_attribute_string for p in result.payments] == ["OK", "ERROR"]
    assert result.payments[1].validation_errors[0].message == (
        "Payment amount exceeds the amount outstanding on this document"
    )


def test_summarized_errors_are_a_400_validation_exception(raw: Any) -> None:
    contact = Contacts(contacts=[Contact(name="Brand New Customer LLC"), Contact(name="")])
    with pytest.raises(HTTPStatusException) as refused:
        raw.api.create_contacts(raw.info.tenant, contact)
    assert refused.value.status == 400
    assert refused.value.reason == "The contact name must be specified."


def test_429_carries_retry_after_and_the_problem(sandbox: XeroSandbox, raw: Any) -> None:
    sandbox.inject(Fault(kind="status", status=429, retry_after=7, route="GET .*/Contacts"))
    with pytest.raises(RateLimitException) as limited:
        raw.api.get_contacts(raw.info.tenant)
    assert limited.value.rate_limit == "minute"
    assert limited.value.headers["Retry-After"] == "7"
    assert sandbox.request_counts()["GET /Contacts"] == 1  # urllib3's hidden retries are off


def test_every_response_carries_the_remaining_limit_headers(raw: Any) -> None:
    _, _, headers = raw.api.get_accounts(raw.info.tenant, _return_http_data_only=False)
    for name in ("X-MinLimit-Remaining", "X-DayLimit-Remaining", "X-AppMinLimit-Remaining"):
        assert int(headers[name]) > 0


def test_where_and_order_filter_as_xero_does(raw: Any) -> None:
    bills = raw.api.get_invoices(raw.info.tenant, where='Type=="ACCPAY" AND Total > 100', order="Date DESC").invoices
    assert [b.invoice_number for b in bills] == ["BILL-1", "BILL-2"]


def test_deleting_a_payment_reopens_the_invoice(raw: Any) -> None:
    invoice = _open(raw, 1)[0]
    made = raw.api.create_payments(
        raw.info.tenant,
        Payments(
            payments=[
                Payment(
                    invoice=Invoice(invoice_id=invoice.invoice_id),
                    account=Account(code="090"),
                    date=dt.date(2026, 11, 14),
                    amount=invoice.amount_due,
                )
            ]
        ),
        summarize_errors=False,
    )
    paid_id = made.payments[0].payment_id
    assert raw.api.get_invoice(raw.info.tenant, invoice.invoice_id).invoices[0].status == "PAID"
    from xero_python.accounting import PaymentDelete

    raw.api.delete_payment(raw.info.tenant, paid_id, PaymentDelete(status="DELETED"))
    reopened = raw.api.get_invoice(raw.info.tenant, invoice.invoice_id).invoices[0]
    assert reopened.status == "AUTHORISED"
    assert reopened.amount_due == invoice.amount_due


def _foreign_invoice(contact: Any, currency: str, amount: str, rate: Decimal | None = None) -> Any:
    """An authorised one-line ACCREC invoice of ``contact`` in ``currency``, dated 2 November 2026."""
    from xero_python.accounting import CurrencyCode, Invoices, LineItem

    invoice = Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact.contact_id),
        date=dt.date(2026, 11, 2),
        due_date=dt.date(2026, 12, 2),
        line_items=[LineItem(description="Consulting", quantity=1, unit_amount=Decimal(amount))],
        currency_code=getattr(CurrencyCode, currency),
        currency_rate=rate,
        status="AUTHORISED",
    )
    return Invoices(invoices=[invoice])


def test_a_foreign_invoice_takes_the_day_rate_or_the_rate_sent_and_its_payment_its_own(
    sandbox: XeroSandbox, raw: Any
) -> None:
    """Xero's CurrencyRate is units of the document's currency per unit of the base currency. An EUR
    invoice sent without one gets the day rate; one sent with a rate keeps it. A payment of it gets the
    rate of its own day, and the base-currency bank sees Amount / CurrencyRate."""
    sandbox.ledger.enable_currency("EUR", Decimal("0.92"))
    contact = raw.api.get_contacts(raw.info.tenant).contacts[0]

    def euro(rate: Decimal | None) -> Any:
        return raw.api.create_invoices(raw.info.tenant, _foreign_invoice(contact, "EUR", "1000.00", rate)).invoices[0]

    day_rate, sent = euro(None), euro(Decimal("0.9175"))
    assert Decimal(str(day_rate.currency_rate)) == Decimal("0.92")
    assert Decimal(str(sent.currency_rate)) == Decimal("0.9175")

    payment = Payment(
        invoice=Invoice(invoice_id=sent.invoice_id),
        account=Account(code="090"),
        date=dt.date(2026, 11, 20),
        amount=Decimal("460.00"),
        currency_rate=Decimal("0.9200"),
    )
    made = raw.api.create_payments(raw.info.tenant, Payments(payments=[payment]), summarize_errors=False).payments[0]
    assert Decimal(str(made.currency_rate)) == Decimal("0.92")
    assert Decimal(str(made.bank_amount)) == Decimal("500.00")


def test_a_currency_the_organisation_has_not_enabled_is_refused(raw: Any) -> None:
    contact = raw.api.get_contacts(raw.info.tenant).contacts[0]
    with pytest.raises(HTTPStatusException) as refused:
        raw.api.create_invoices(raw.info.tenant, _foreign_invoice(contact, "GBP", "10.00"))
    assert refused.value.status == 400
    assert b"GBP is not enabled" in refused.value.body
