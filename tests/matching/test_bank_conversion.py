"""A payment the bank converted carries what the payer sent (camt ``InstdAmt``, an "Original amount"
column). That amount is compared with invoices in the payer's currency at the bank's own rate: exact
where the payer paid exactly, and found without any rate in the ledger or the config."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Match, Money, Party, RemittanceItem, StatementLine

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc")
MARCH = dt.date(2026, 3, 1)
PAID = dt.date(2026, 3, 9)


def euro_invoice(number: str, amount: str, rate: str | None = None, party: Party = ACME) -> Invoice:
    invoice = sample_invoice(number, amount, party, currency="EUR", issued=MARCH, due=MARCH + dt.timedelta(days=30))
    return invoice.model_copy(update={"exchange_rate": Decimal(rate) if rate else None})


def ledger(*invoices: Invoice) -> LedgerSnapshot:
    background = [sample_invoice("INV-0101", "310.00", BOLT), sample_invoice("INV-0102", "77.15", ACME)]
    return LedgerSnapshot(source="qbo", parties=(ACME, BOLT), invoices=(*invoices, *background), home_currency="USD")


def converted(amount: str, sent: str, description: str = "", payer: str | None = "ACME INDUSTRIES") -> StatementLine:
    line = sample_line(amount, description, payer=payer, day=PAID)
    return line.model_copy(update={"original_amount": Money(sent, "EUR")})


def amount_reason(match: Match) -> str:
    return next(r.detail for r in match.reasons if r.feature == "amount")


def test_what_the_payer_sent_matches_a_euro_invoice_with_no_rate_anywhere() -> None:
    """Neither the ledger nor the config has a EUR rate: before, no FX proposal could be built at all.
    The bank's own conversion (1,000.00 EUR booked as 1,087.50 USD) is an exact fit, and says so."""
    result = match_statement([converted("1087.50", "1000.00")], ledger(euro_invoice("INV-0700", "1000.00")))
    (match,) = result.matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["INV-0700"]
    assert match.allocations[0].applied == Money("1087.50", "USD")
    assert match.allocations[0].invoice_currency_amount == Money("1000.00", "EUR")
    assert match.fx_difference == Money("0.00", "EUR")
    reason = amount_reason(match)
    sent = "the payer sent EUR 1,000.00 (booked as USD 1,087.50 at the bank's rate of 0.91954 EUR per USD)"
    assert reason == f"{sent}, the open amount"


def test_the_banks_rate_wins_over_the_ledgers_and_a_shortfall_is_the_payers() -> None:
    """The invoice recorded 1.10 USD per EUR; at that rate 1,079.10 USD would be 981.00 EUR, 19.00 short.
    The payer in fact sent 990.00 EUR: 10.00 short in the payer's own currency, within the write-off
    tolerance, so the invoice closes with a 10.00 EUR write-off (not an FX loss: no rate made it). The
    payment pays 990.00 of it in euros; the write-off, reported apart, the rest (as a same-currency
    allocation's ``applied`` is without its write-off: before, 1,000.00 paid and 10.00 written off)."""
    invoice = euro_invoice("INV-0700", "1000.00", "1.10")
    result = match_statement([converted("1079.10", "990.00", "INV-0700")], ledger(invoice))
    (match,) = result.matches
    assert [a.invoice_number for a in match.allocations] == ["INV-0700"]
    assert match.allocations[0].invoice_currency_amount == Money("990.00", "EUR")
    assert (match.write_off, match.fx_difference) == (Money("10.00", "EUR"), None)
    assert "the payer sent EUR 990.00 (booked as USD 1,079.10" in amount_reason(match)
    assert "is EUR 10.00 short of EUR 1,000.00, within the write-off tolerance" in amount_reason(match)


def test_what_the_payer_sent_beyond_the_invoice_stays_unapplied_in_the_statements_currency() -> None:
    """1,200.00 EUR sent (booked as 1,305.00 USD) for an invoice open for 1,000.00 EUR: the invoice takes
    its share of the dollars at the bank's rate, 1,087.50, and 217.50 USD stays unapplied."""
    result = match_statement([converted("1305.00", "1200.00", "INV-0700")], ledger(euro_invoice("INV-0700", "1000.00")))
    (match,) = result.matches
    assert [(a.applied, a.invoice_currency_amount) for a in match.allocations] == [
        (Money("1087.50", "USD"), Money("1000.00", "EUR"))
    ]
    assert match.unapplied == Money("217.50", "USD")


def test_an_unknown_payers_euros_find_the_one_invoice_of_that_amount() -> None:
    """No payer name, no reference: the only open invoice of exactly what the payer sent, in the payer's
    currency, is proposed (another customer's, and none in dollars fits)."""
    result = match_statement(
        [converted("1087.50", "1000.00", payer=None)],
        ledger(euro_invoice("INV-0700", "1000.00", party=BOLT), euro_invoice("INV-0701", "640.00")),
    )
    (match,) = result.matches
    proposed = [a.invoice_number for m in (match, *match.alternatives) for a in m.allocations]
    assert proposed[:1] == ["INV-0700"]


def test_remittance_items_each_carry_what_the_payer_sent() -> None:
    """A batched credit of two converted transfers: each item is matched on its own euros."""
    items = (
        RemittanceItem(amount=Money("543.75", "USD"), original_amount=Money("500.00", "EUR"), description="INV-0700"),
        RemittanceItem(amount=Money("326.25", "USD"), original_amount=Money("300.00", "EUR"), description="INV-0701"),
    )
    line = sample_line("870.00", payer="ACME INDUSTRIES", day=PAID, items=items)
    result = match_statement([line], ledger(euro_invoice("INV-0700", "500.00"), euro_invoice("INV-0701", "300.00")))
    assert [(m.item, m.decision, [a.invoice_number for a in m.allocations]) for m in result.matches] == [
        (0, "auto", ["INV-0700"]),
        (1, "auto", ["INV-0701"]),
    ]
    assert {m.fx_difference for m in result.matches} == {Money("0.00", "EUR")}


def test_one_converted_transfer_pays_several_invoices_in_the_payers_currency() -> None:
    """1,500.00 EUR booked as 1,631.25 USD, no reference: the customer's two euro invoices of 1,000.00 and
    500.00 are the only combination the payer's euros pay exactly. The dollars are split in the same
    proportion and add up to the payment to the cent."""
    result = match_statement(
        [converted("1631.25", "1500.00")],
        ledger(
            euro_invoice("INV-0700", "1000.00"), euro_invoice("INV-0701", "500.00"), euro_invoice("INV-0702", "730.00")
        ),
    )
    (match,) = result.matches
    assert sorted(a.invoice_number for a in match.allocations) == ["INV-0700", "INV-0701"]
    applied = {a.invoice_number: a.applied for a in match.allocations}
    assert applied == {"INV-0700": Money("1087.50", "USD"), "INV-0701": Money("543.75", "USD")}
    assert {a.invoice_currency_amount for a in match.allocations} == {Money("1000.00", "EUR"), Money("500.00", "EUR")}
    assert "the payer sent EUR 1,500.00, the sum of 2 open invoices" in amount_reason(match)


def test_an_invoice_worth_less_than_a_cent_of_the_payment_gets_no_empty_application() -> None:
    """Found by the property tests: 1.00 USD that the bank booked from 200.00 EUR, against a 1.00 EUR
    invoice. Closing it would take 0.005 USD, which rounds to nothing: no 0.00 application is proposed."""
    result = match_statement([converted("1.00", "200.00", "INV-0700")], ledger(euro_invoice("INV-0700", "1.00")))
    proposals = [p for m in (*result.matches, *result.unmatched_bank) for p in (m, *m.alternatives)]
    assert all(a.applied.amount > 0 for p in proposals for a in p.allocations)


def test_charges_the_banks_deducted_on_the_way_are_not_the_payers_shortfall() -> None:
    """A SWIFT transfer with shared charges: the payer sent 1,000.00 and 965.00 arrived (camt InstdAmt in
    the account's own currency, above the booked amount). Read at 965.00, the invoice was paid in part and
    35.00 left open for AR to chase; the payer paid 1,000.00, and the 35.00 is the business's cost."""
    line = sample_line("965.00", "INV-0700", payer="ACME INDUSTRIES", day=PAID)
    line = line.model_copy(update={"original_amount": Money("1000.00", "USD")})
    invoice = sample_invoice("INV-0700", "1000.00", ACME, issued=MARCH, due=MARCH + dt.timedelta(days=30))
    (match,) = match_statement([line], ledger(invoice)).matches
    assert match.decision == "auto"
    assert [(a.invoice_number, a.applied) for a in match.allocations] == [("INV-0700", Money("1000.00", "USD"))]
    assert match.fee_withheld == Money("35.00", "USD")
    assert match.write_off is None
    assert any("the banks on the way deducted USD 35.00" in r.detail for r in match.reasons)
