"""An invoice paid less an open QBO credit memo: the memo's RemainingCredit, read through the real SDK,
lets the matcher apply the payment and the credit memo together."""

from __future__ import annotations

import datetime as dt

from arsync_quickbooks.testing import MakeConnector, sdk_invoice, sdk_services_line
from quickbooks import QuickBooks
from quickbooks.objects.creditmemo import CreditMemo
from quickbooks.objects.customer import Customer

from arsync.ledgerfiles.source import snapshot_from_connector
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_line
from arsync.models import Money


def _credit_memo(qb: QuickBooks, customer: Customer, amount: str) -> CreditMemo:
    memo = CreditMemo()
    memo.CustomerRef = customer.to_ref()
    memo.Line.append(sdk_services_line(amount))
    saved: CreditMemo = memo.save(qb=qb)
    return saved


def test_a_deposit_short_by_an_open_credit_memo_applies_both(make_connector: MakeConnector) -> None:
    connector = make_connector()
    customer = connector.gateway.call("customers", lambda qb: Customer.all(qb=qb)[0])
    invoice = connector.gateway.call("invoice", lambda qb: sdk_invoice(qb, customer.Id, "1375.00"))
    memo = connector.gateway.call("credit memo", lambda qb: _credit_memo(qb, customer, "175.00"))
    snapshot = snapshot_from_connector("books", connector)
    read = next(n for n in snapshot.credit_notes if n.id == str(memo.Id))
    assert read.remaining == Money("175.00", "USD")

    text = f"INV {invoice.DocNumber} less credit memo {memo.DocNumber}"
    line = sample_line("1200.00", text, payer=customer.DisplayName, day=dt.date.today())
    match = next(m for m in match_statement([line], snapshot).matches if m.allocations)
    assert match.decision == "auto"  # the remittance names the credit memo too
    assert [a.invoice_number for a in match.allocations] == [invoice.DocNumber]
    assert [(c.credit_note_id, c.applied) for c in match.credit_notes] == [(str(memo.Id), Money("175.00", "USD"))]
