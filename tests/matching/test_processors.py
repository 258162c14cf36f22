"""A processor's activity export (PayPal): its payment records are paid at the gross, the fee withheld
being the business's cost; its other credits (a hold released, a currency conversion) are no payment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_party
from arsync.models import Match
from arsync.plugins import load_plugins

HEADER = (
    '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
    '"To Email Address","Transaction ID","Reference Txn ID","Invoice Number","Balance","Balance Impact"\n'
)


def _decide(tmp_path: Path, rows: str, invoices: list, parties: list) -> list[Match]:  # type: ignore[type-arg]
    path = tmp_path / "paypal.csv"
    path.write_text(HEADER + rows)
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    result = match_statement(lines, (invoices, parties))
    return [*result.matches, *result.unmatched_bank]


def test_a_paypal_payment_is_paid_at_its_gross_not_spread_over_invoices_that_fit_the_net(tmp_path: Path) -> None:
    """375.00 paid, 13.48 withheld by PayPal, 361.52 booked. Before, the net was matched as a short payment:
    four small invoices of 364.00 in all were applied unattended, 2.48 written off, and INV-1221 left open."""
    innova = sample_party("c1", "Innova Soluciones S.L.")
    day = dt.date(2026, 3, 1)
    invoices = [
        sample_invoice("INV-1221", "375.00", innova, currency="EUR", due=day),
        *(
            sample_invoice(n, a, innova, currency="EUR", due=day)
            for n, a in (("INV-1370", "45.00"), ("INV-1425", "229.00"), ("INV-1426", "45.00"), ("INV-1648", "45.00"))
        ),
    ]
    row = (
        '"03/09/2026","17:36:25","PDT","Innova Soluciones S.L.","Express Checkout Payment","Completed","EUR",'
        '"375.00","-13.48","361.52","hello@innova.es","payments@lumen.com","R95J6L0PVBSRRHCXU","","","1,361.52","Credit"\n'
    )
    (match,) = _decide(tmp_path, row, invoices, [innova])
    assert [a.invoice_number for a in match.allocations] == ["INV-1221"]
    assert match.write_off is None
    assert any(r.feature == "fee" and "13.48" in r.detail for r in match.reasons)


def test_a_hold_paypal_releases_is_no_new_payment(tmp_path: Path) -> None:
    """The customer's 4,000.00 came in (and was applied) in February; PayPal held it over a dispute and now
    releases it. Before, the release was applied to the customer's open invoice of that amount unattended."""
    copper = sample_party("c1", "Copper Realty Co.")
    invoices = [sample_invoice("INV-1212", "4000.00", copper)]
    row = (
        '"03/31/2026","09:00:00","PDT","Copper Realty Co.","Cancellation of Hold for Dispute Resolution","Completed",'
        '"USD","4,000.00","0.00","4,000.00","ap@copper.com","payments@lumen.com","FSONPW2EX4G7TUWCD",'
        '"3L6W7WSZDVI2M3Q5O","","11,734.30","Credit"\n'
    )
    (line,) = _decide(tmp_path, row, invoices, [copper])
    assert line.decision == "unmatched"
    assert any("no new payment" in r.detail for r in line.reasons)
