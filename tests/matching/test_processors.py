"""A processor's activity export (PayPal): its payment records are paid at the gross, the fee withheld
being the business's cost; its other credits (a hold released, a currency conversion) are no payment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Match, Party, StatementLine
from arsync.plugins import load_plugins

HEADER = (
    '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
    '"To Email Address","Transaction ID","Reference Txn ID","Invoice Number","Balance","Balance Impact"\n'
)


def _read(tmp_path: Path, files: dict[str, str]) -> list[StatementLine]:
    """The lines of ``files`` (name -> content), written to ``tmp_path`` and read as a user's files are."""
    paths = []
    for name, content in files.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(content)
    return list(parse_statements(paths, registry=load_plugins()).lines)


def _decide(tmp_path: Path, rows: str, invoices: list, parties: list) -> list[Match]:  # type: ignore[type-arg]
    result = match_statement(_read(tmp_path, {"paypal.csv": HEADER + rows}), (invoices, parties))
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


def test_the_note_a_paypal_payer_writes_names_the_invoice(tmp_path: Path) -> None:
    """The payer wrote "for INV-1242" in PayPal's Note column, which was not read: with two of the
    customer's invoices open at 250.00, the payment was a suggestion between them."""
    chloe = sample_party("c1", "Chloe Brooks")
    invoices = [sample_invoice("INV-1241", "250.00", chloe), sample_invoice("INV-1242", "250.00", chloe)]
    export = (
        '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
        '"Transaction ID","Note","Balance"\n'
        '"03/09/2026","17:36:25","PDT","Chloe Brooks","General Payment","Completed","USD","250.00","0.00","250.00",'
        '"chloe@example.com","R95J6L0PVBSRRHCXU","for INV-1242, thanks!","1,361.52"\n'
    )
    (match,) = match_statement(_read(tmp_path, {"paypal.csv": export}), (invoices, [chloe])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["INV-1242"])


def test_stripe_exports_name_the_invoice_in_checkout_metadata_and_the_dashboard_header(tmp_path: Path) -> None:
    """A Checkout payment carries its invoice only as metadata (the itemized report's
    ``payment_metadata[invoice_number]``, the Dashboard's ``invoice_number (metadata)``), and the Dashboard's
    payments export writes its headers in title case. Before, the metadata was not read and the Dashboard
    export was refused as an unknown format."""
    acme = sample_party("c1", "Acme Analytics")
    invoices = [sample_invoice("INV-1588", "29.00", acme), sample_invoice("INV-1589", "29.00", acme)]
    itemized = (
        "balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,description,"
        "payment_metadata[invoice_number]\n"
        "txn_1,2026-03-02 05:41:09,usd,29.00,1.14,27.86,charge,Checkout payment,INV-1588\n"
    )
    dashboard = (
        "id,Description,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Description,"
        "Customer Email,invoice_number (metadata)\n"
        "ch_1,Checkout payment,2026-03-03 10:00:00,29.00,0.00,usd,1.14,Paid,Acme Analytics,ap@acme.example,INV-1589\n"
    )
    lines = _read(tmp_path, {"balance.csv": itemized, "payments.csv": dashboard})
    decided = {m.bank.file.split("/")[-1]: m for m in match_statement(lines, (invoices, [acme])).matches}
    assert [a.invoice_number for a in decided["balance.csv"].allocations] == ["INV-1588"]
    assert [a.invoice_number for a in decided["payments.csv"].allocations] == ["INV-1589"]
    assert all(m.decision == "auto" for m in decided.values())


def _with_email(party_id: str, name: str, email: str) -> Party:
    return sample_party(party_id, name).model_copy(update={"emails": (email,)})


def test_another_mailbox_at_the_customers_own_domain_names_the_customer() -> None:
    """Beacon Design's e-mail on file is ap@beacondesign.com; a colleague pays by card from
    hannah@beacondesign.com with no name. Before, only the amount spoke and another customer's invoice of
    195.00 tied with Beacon's. Free mail (gmail.com) names no company."""
    beacon = _with_email("c1", "Beacon Design LLC", "ap@beacondesign.com")
    other = _with_email("c2", "Harbor Coffee Co", "owner@gmail.com")
    invoices = [sample_invoice("INV-1", "195.00", beacon), sample_invoice("INV-2", "195.00", other)]
    lines = [
        sample_line("195.00", "Payment", account="hannah@beacondesign.com", line=2),
        sample_line("195.00", "Payment", account="someone.else@gmail.com", line=3),
    ]
    by_line = {m.bank.line: m for m in match_statement(lines, (invoices, [beacon, other])).matches}
    assert (by_line[2].decision, [a.invoice_number for a in by_line[2].allocations]) == ("auto", ["INV-1"])
    assert any("beacondesign.com" in r.detail for r in by_line[2].reasons if r.feature == "party")
    assert by_line[3].decision != "auto"


def test_a_card_holder_who_is_a_customer_too_does_not_outweigh_the_company_domain_and_invoice() -> None:
    """Daniel Kim, a customer in his own name, pays his employer's invoice INV-1363 with the company card
    (daniel@summitdental.com). Before, his name counted -8 against Summit Dental's invoice, named exactly
    and paid to the cent, and the payment waited for a person."""
    summit = _with_email("c1", "Summit Dental Group", "accounts@summitdental.com")
    daniel = sample_party("c2", "Daniel Kim")
    invoices = [sample_invoice("INV-1363", "2500.00", summit), sample_invoice("INV-1400", "90.00", daniel)]
    line = sample_line("2500.00", "Payment for invoice INV-1363", payer="Daniel Kim", account="daniel@summitdental.com")
    (match,) = match_statement([line], (invoices, [summit, daniel])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["INV-1363"])
    assert not any(r.weight < 0 for r in match.reasons if r.feature == "party")
