"""Credits that are no customer's payment (interest, a tax refund, card takings, an own transfer) are not
proposed against an invoice that happens to have their amount."""

from __future__ import annotations

import pytest

from arsync.matching.engine import match_statement
from arsync.matching.noncustomer import not_a_customer
from arsync.matching.samples import sample_invoice, sample_line, sample_party

ACME = sample_party("c1", "Acme Industries Ltd")
WORLDPAY = sample_party("c2", "Worldpay Ltd")


@pytest.mark.parametrize(
    "text",
    [
        "WORLDPAY MERCH 624955",
        "SUMUP PAYMENTS LIM PAYOUT 5169",
        "GROSS INTEREST FEB 2026",
        "HMRC VAT 484520900 RPY",
        "Habenzinsen 01.03.2026",
        "Umbuchung vom Tagesgeldkonto",
        "NIB HEALTH FUNDS LTD REFUND",
        "INLAND REVENUE DEPT TAX REFUND",
        "TRANSFER FROM SAVINGS ACC 4362",
        "Online Transfer from SAV ...4821 transaction#: 97521780394",
        "Converted 1,000.00 EUR to 1,910.55 USD",
        "Exchanged to USD",
        "Overboeking eigen rekening spaarrekening",
        "WINDCAVE LTD SETTLEMENT",
        "Rückerstattung Versicherung",
    ],
)
def test_a_credit_that_says_it_is_no_customers_payment_is_left_unmatched(text: str) -> None:
    """It equals an open invoice to the cent. Before, that invoice was suggested; a reviewer in a hurry
    accepts it and closes an unpaid invoice with the bank's interest. The closest invoice is still listed."""
    invoices = [sample_invoice("INV-0385", "1910.55", ACME)]
    result = match_statement([sample_line("1910.55", text)], (invoices, [ACME]))
    (line,) = result.unmatched_bank
    assert any("not a customer's payment" in r.detail for r in line.reasons)
    assert [a.invoice_number for alt in line.alternatives for a in alt.allocations] == ["INV-0385"]


def test_a_customer_called_so_is_a_customer() -> None:
    invoices = [sample_invoice("INV-0385", "1910.55", WORLDPAY), sample_invoice("INV-0386", "20.00", ACME)]
    (match,) = match_statement([sample_line("1910.55", "WORLDPAY LTD")], (invoices, [ACME, WORLDPAY])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["INV-0385"])


def test_a_credit_of_that_kind_that_names_the_invoice_is_still_applied() -> None:
    invoices = [sample_invoice("INV-0385", "1910.55", ACME)]
    (match,) = match_statement([sample_line("1910.55", "INTEREST AND INV-0385")], (invoices, [ACME])).matches
    assert [a.invoice_number for a in match.allocations] == ["INV-0385"]


def test_the_words_say_which_kind_of_credit() -> None:
    assert not_a_customer(["SUMUP PAYMENTS LIM PAYOUT 5169"]) == (
        "the business's own card takings paid out by its acquirer",
        "sumup",
    )
    assert not_a_customer(["ACME INDUSTRIES INV-0385"]) is None
