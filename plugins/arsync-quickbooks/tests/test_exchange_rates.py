"""A foreign-currency invoice's ExchangeRate, as QBO records it, reaches the matcher through the real SDK."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from arsync_quickbooks.testing import MakeConnector, sdk_invoice
from quickbooks import QuickBooks
from quickbooks.objects.base import Ref
from quickbooks.objects.customer import Customer
from quickbooks.objects.invoice import Invoice

from arsync.errors import ConfigError
from arsync.ledgerfiles.source import snapshot_from_connector
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_line
from arsync.models import Money


def _euro_invoice(qb: QuickBooks, customer: Customer, amount: str, rate: str, day: str) -> Invoice:
    currency = Ref()
    currency.value = "EUR"
    invoice: Invoice = sdk_invoice(
        qb, customer.Id, amount, CurrencyRef=currency, ExchangeRate=Decimal(rate), TxnDate=day
    )
    return invoice


def test_a_dollar_deposit_is_compared_with_a_euro_invoice_at_qbos_own_rate(make_connector: MakeConnector) -> None:
    connector = make_connector()
    # the connector's own python-quickbooks client (one refresh-token chain) writes the invoice
    customer = connector.gateway.call("customers", lambda qb: Customer.all(qb=qb)[0])
    euro = connector.gateway.call("invoice", lambda qb: _euro_invoice(qb, customer, "1000.00", "1.0842", "2026-11-02"))
    snapshot = snapshot_from_connector("books", connector)

    assert snapshot.home_currency == "USD"
    read = next(i for i in snapshot.invoices if i.id == str(euro.Id))
    assert read.currency == "EUR"
    assert read.exchange_rate == Decimal("1.0842")
    assert all(i.exchange_rate is None for i in snapshot.invoices if i.currency == "USD")

    line = sample_line("1084.20", f"INV {euro.DocNumber}", payer=customer.DisplayName, day=dt.date(2026, 11, 5))
    result = match_statement([line], snapshot)
    match = next(m for m in result.matches if m.allocations)
    assert [a.invoice_number for a in match.allocations] == [euro.DocNumber]
    assert match.fx_difference == Money("0.00", "EUR")
    amount_reason = next(r.detail for r in match.reasons if r.feature == "amount")
    assert f"books invoice {euro.DocNumber} of 2026-11-02" in amount_reason


def test_a_home_currency_setting_other_than_the_companys_is_a_config_error(make_connector: MakeConnector) -> None:
    """The company says USD in Preferences; a connector set to GBP would label every record without a
    CurrencyRef as pounds and convert at rates into the wrong currency, so it stops and names the key."""
    assert make_connector().home_currency() == "USD"
    with pytest.raises(ConfigError, match=r"home_currency: USD") as refused:
        make_connector(home_currency="GBP").home_currency()
    assert refused.value.key == "connectors.qbo.home_currency"
