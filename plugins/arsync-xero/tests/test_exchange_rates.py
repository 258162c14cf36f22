"""A foreign invoice's CurrencyRate, as Xero records it, reaches the matcher the right way round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from arsync_xero.connector import XeroConnector
from arsync_xero.sandbox import XeroSandbox

from arsync.ledgerfiles.source import snapshot_from_connector
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_line
from arsync.models import Money


def _euro_invoice(sandbox: XeroSandbox) -> tuple[dict[str, Any], dict[str, Any]]:
    """Enable EUR at 0.92 per USD and invoice the first contact 1,000.00 EUR (no tax) on 2 November;
    returns the contact and the invoice."""
    ledger = sandbox.ledger
    ledger.enable_currency("EUR", Decimal("0.92"))
    contact = next(iter(ledger.tables["contacts"].values()))
    created = ledger.create_invoice(
        {
            "Type": "ACCREC",
            "Contact": {"ContactID": contact["ContactID"]},
            "Date": "2026-11-02",
            "DueDate": "2026-12-02",
            "CurrencyCode": "EUR",
            "Status": "AUTHORISED",
            "LineAmountTypes": "NoTax",
            "LineItems": [{"Description": "Consulting", "Quantity": 1, "UnitAmount": "1000.00"}],
        }
    )
    return contact, created


def test_a_dollar_deposit_is_compared_with_a_euro_invoice_at_xeros_rate(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    """Xero stores 0.92 EUR per USD on the invoice; 1,000.00 EUR is then 1,086.96 USD, and a deposit of
    that many dollars fits the invoice exactly (read the other way round it would be 920.00)."""
    contact, created = _euro_invoice(sandbox)
    snapshot = snapshot_from_connector("books", make_connector())

    assert snapshot.home_currency == "USD"
    read = next(i for i in snapshot.invoices if i.id == created["InvoiceID"])
    assert read.currency == "EUR"
    assert read.exchange_rate is not None
    assert read.exchange_rate.quantize(Decimal("0.000001")) == Decimal("1.086957")
    assert all(i.exchange_rate is None for i in snapshot.invoices if i.currency == "USD")

    line = sample_line(
        "1086.96", f"PAYMENT {read.number}", payer=contact["Name"], day=dt.date(2026, 11, 9), currency="USD"
    )
    match = next(m for m in match_statement([line], snapshot).matches if m.allocations)
    assert [a.invoice_number for a in match.allocations] == [read.number]
    assert match.fx_difference == Money("0.00", "EUR")
    amount_reason = next(r.detail for r in match.reasons if r.feature == "amount")
    assert f"books invoice {read.number} of 2026-11-02" in amount_reason


def test_the_ar_balance_counts_a_euro_invoice_in_dollars_at_its_own_rate(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    """A multi-currency organisation's receivables are one base-currency figure: the EUR invoice adds
    1,000.00 / 0.92 = 1,086.96 USD (before, adding EUR to USD raised instead of answering)."""
    connector = make_connector()
    before = connector.ar_balance()
    _euro_invoice(sandbox)
    after = connector.ar_balance()
    assert before is not None and after is not None
    assert after - before == Money("1086.96", "USD")


def test_a_contacts_account_number_is_read_as_the_customer_number(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    """Xero's Contact.AccountNumber is the customer number payers write ("Kd.Nr. 10-7654321"): read as
    the party's account_number, it names the payer in cash application."""
    created = sandbox.ledger.create_contact({"Name": "Müller AG", "AccountNumber": "10-7654321"})
    snapshot = snapshot_from_connector("books", make_connector())
    parties = {p.id: p for p in snapshot.parties}
    assert parties[created["ContactID"]].account_number == "10-7654321"
    assert sum(1 for p in parties.values() if p.account_number) == 1


def test_a_contact_persons_e_mail_names_the_contact_a_payment_service_paid_for(
    sandbox: XeroSandbox, make_connector: Callable[..., XeroConnector]
) -> None:
    """PayPal and Stripe name the payer by e-mail, mostly the accounts-payable clerk's: one of the Xero
    contact's ContactPersons, not its own EmailAddress. Read as the party's e-mails (its own first), it
    names the contact; before, only the contact's own address did, and this payment matched no one."""
    ledger = sandbox.ledger
    contact = ledger.create_contact(
        {
            "Name": "Pacific Steel Co",
            "EmailAddress": "office@pacificsteel.example",
            "ContactPersons": [
                {
                    "FirstName": "Ann",
                    "LastName": "Lee",
                    "EmailAddress": "ap@pacificsteel.example",
                    "IncludeInEmails": True,
                }
            ],
        }
    )
    for who in (contact, next(iter(ledger.tables["contacts"].values()))):
        ledger.create_invoice(
            {
                "Type": "ACCREC",
                "Contact": {"ContactID": who["ContactID"]},
                "Date": "2026-11-02",
                "DueDate": "2026-12-02",
                "Status": "AUTHORISED",
                "LineAmountTypes": "NoTax",
                "LineItems": [{"Description": "Steel", "Quantity": 1, "UnitAmount": "480.00"}],
            }
        )
    snapshot = snapshot_from_connector("books", make_connector())
    party = next(p for p in snapshot.parties if p.id == contact["ContactID"])
    assert party.emails == ("office@pacificsteel.example", "ap@pacificsteel.example")
    line = sample_line(
        "480.00", "PayPal payment", payer="Ann Lee", account="AP@pacificsteel.example", day=dt.date(2026, 11, 20)
    )
    (match,) = match_statement([line], snapshot).matches
    assert match.decision == "auto"
    assert match.customer_id == contact["ContactID"]
