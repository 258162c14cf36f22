"""Credits that are no customer's payment, told by the words the bank or the sender writes.

A bank statement's credits are not all receipts from customers: the bank pays interest, a tax authority
refunds tax, a card acquirer pays out the business's own card takings, money moves between the company's
own accounts. When such a credit happens to equal an open invoice, proposing that invoice wastes a
reviewer's time at best. The matcher asks :func:`not_a_customer` only about a credit whose payer names no
customer, and proposes nothing for it unless the remittance names an invoice.
"""

from __future__ import annotations

from collections.abc import Iterable

from arsync.matching.normalize import normalize_text

__all__ = ["not_a_customer"]

# What each kind of credit is called, and the words (folded, see normalize_text) that say so.
_KINDS = (
    ("interest", "interest habenzinsen zinsen zinsgutschrift interets intereses"),
    ("a tax refund", "hmrc irs ird ato finanzamt steuererstattung ftb dgfip belastingdienst agenciatributaria"),
    (
        "the business's own card takings paid out by its acquirer",
        "worldpay sumup dojo payone adyen elavon zettle izettle squareup tyro merch windcave",
    ),
    ("a transfer between the company's own accounts", "sweep umbuchung uebertrag ubertrag savings sav spaarrekening"),
    # Revolut's EXCHANGE and Wise's CONVERSION rows: money moved between the account's own currency balances.
    ("a conversion between the company's own currency balances", "conversion converted exchanged"),
    # A supplier, an insurer or an authority paying money back ("NIB HEALTH FUNDS LTD REFUND", "TAX
    # REFUND"): customers pay invoices, they do not refund them. Not "claim": an insurer paying a
    # contractor's invoice writes its claim number.
    (
        "a refund",
        (
            "refund refnd rfnd rueckerstattung ruckerstattung erstattung remboursement terugbetaling teruggaaf"
            " reembolso rimborso"
        ),
    ),
)
_WORDS = {word: kind for kind, words in _KINDS for word in words.split()}
# Two words that say it together, where each alone does not: a merchant crediting back a purchase the
# business made with its card (Chase's "LOWE'S #4020 03/31 PURCHASE RETURN", Wells Fargo's "PURCHASE
# RETURN AUTHORIZED ON 03/21"). "RETURN" alone is also a bank returning a customer's payment.
_PAIRS = dict.fromkeys(
    (("purchase", "return"), ("pos", "return"), ("merchandise", "return"), ("card", "return")),
    "a merchant crediting back the business's own card purchase",
)


def not_a_customer(texts: Iterable[str]) -> tuple[str, str] | None:
    """What kind of non-customer credit ``texts`` (the line's description, payer and remittance) say this
    is, and the word that says it; None when they say nothing of the sort."""
    for text in texts:
        previous = ""
        for word in normalize_text(text).split():
            kind = _WORDS.get(word)
            if kind is not None:
                return kind, word
            kind = _PAIRS.get((previous, word))
            if kind is not None:
                return kind, f"{previous} {word}"
            previous = word
    return None
