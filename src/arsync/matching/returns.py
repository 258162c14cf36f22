"""Deposits the bank took back on the same statement: a bounced cheque, an ACH return, a reversed transfer.

Applying such a deposit would close invoices the customer has not paid. The bank shows the return as money
out of the same amount, soon after the deposit, marked one of these ways:

- camt.053/054: ``RvslInd`` true, or a return or reversal bank transaction code (``PMNT/RCDT/RRTN``);
- MT940: the ``:61:`` mark ``RC`` (reversal of a credit);
- BAI2: the type codes for returned and reversed deposits (555 "Deposited Item Returned" and others);
- any format: words such as ``RETURNED ITEM``, ``NSF``, ``CHARGEBACK``, ``Rücklastschrift``, ``impayé``.

The other way round, money coming in that returns a payment sent out (a refund to a customer or a
supplier payment that bounced) is no customer's payment either: the bank marks it (camt ``RvslInd``, MT940
``RD``, an ISO return code), or its words say so and an earlier payment out of its amount explains it.

A return is paired with the latest earlier deposit of its amount from the same payer (same account or
name); when the return does not say who paid, with the one deposit of that amount in the window, or with
each of several (those of the two weeks before it, if any), which then all wait for a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from arsync.matching.normalize import normalize_account, normalize_name, normalize_text
from arsync.models import StatementLine

__all__ = ["Deposit", "Return", "bank_marks_reversal", "is_return", "pair_returns", "says_return", "sent_back"]

# BAI2 detail type codes for money taken back: 552 Credit Reversal, 555 Deposited Item Returned, 557
# Individual ACH Return Item, 558 ACH Reversal Debit, 566 Return Item, 694 Deposit Reversal.
_BAI2_RETURNS = frozenset({"552", "555", "557", "558", "566", "694"})
# ISO 20022 bank transaction sub-family codes for the same: reversal due to a payment return or to a
# cancellation request, an unpaid or reversed cheque, an ACH return or reversal, a direct debit the
# payer's bank returned unpaid or reversed (UPDD, PRDD: Europe's Rücklastschrift).
_ISO_RETURNS = frozenset({"RRTN", "RPCR", "UPCQ", "CQRV", "ARET", "AREV", "UPDD", "PRDD"})
# Words (folded, see normalize_text) a bank's description uses for a returned or reversed deposit.
_RETURN_WORDS = frozenset(
    """return returned returns reversal reversed reverse chargeback nsf bounced dishonoured dishonored unpaid
    storno ruckbuchung rueckbuchung rucklastschrift ruecklastschrift retour retourne retournee impaye
    devolucion devuelto devuelta rechazo stornering terugboeking""".split()
)
# Words of the bank's own name for a return, which some exports put in the payee field (an OFX NAME of
# "RETURNED ITEM", "DEPOSITED ITEM RETURNED", "REVERSAL ACH CREDIT"): with only these, it names nobody.
_ITEM_WORDS = frozenset("item items deposit deposited check cheque chk ach credit debit entry payment".split())


# Words of the bank's charge for a return (that line is the fee, not the money taken back), and of taxes
# ("TAX RETURN", "REVERSE CHARGE VAT"): with one of them, "return" or "reverse" means something else.
_FEE_WORDS = frozenset(
    """fee fees charge charges gebuhr gebuehr gebuhren entgelt frais commission comision tax taxes vat
    hmrc irs steuer ust mwst""".split()
)
# How long after a deposit its return may come: ACH returns within days, cheques within weeks.
_WINDOW = dt.timedelta(days=60)
_RECENT = dt.timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Deposit:
    """An incoming payment as the bank booked it: currency, minor units, date, and who paid, if known."""

    currency: str
    minor: int
    date: dt.date
    payer_name: str | None
    payer_account: str | None


@dataclass(frozen=True, slots=True)
class Return:
    """The line that took a deposit back; ``certain`` is False when several deposits fit it equally."""

    line: StatementLine
    certain: bool


def is_return(line: StatementLine) -> bool:
    """Whether money out is the bank taking back a deposit (see the module's list)."""
    if line.amount.amount >= 0:
        return False
    if bank_marks_reversal(line) or (line.transaction_code or "").strip() in _BAI2_RETURNS:
        return True
    return says_return(line)


def bank_marks_reversal(line: StatementLine) -> bool:
    """The bank's own mark of a return or reversal, on money out or in: camt ``RvslInd``, MT940 ``RC`` or
    ``RD``, an ISO return or reversal transaction code."""
    if line.raw.get("RvslInd", "").strip().lower() in ("true", "1") or line.raw.get("status") in ("RC", "RD"):
        return True
    return (line.transaction_code or "").strip().upper().rsplit("/", 1)[-1] in _ISO_RETURNS


def says_return(line: StatementLine) -> bool:
    """Whether the line's text uses a word banks use for a returned or reversed payment, and is not the
    bank's fee for one ("RETURNED CHECK FEE, CHECK # 319 FOR $45.33")."""
    words = normalize_text(line.description).split()
    if _banks_words(line.counterparty_name):
        words += normalize_text(line.counterparty_name or "").split()  # an OFX NAME of "RETURNED ITEM"
    return not _RETURN_WORDS.isdisjoint(words) and _FEE_WORDS.isdisjoint(words)


def _banks_words(name: str | None) -> bool:
    """Whether a payee field holds only the bank's words for a return ("RETURNED ITEM", "DEPOSITED ITEM
    RETURNED", "REVERSAL ACH CREDIT"), not a payee's name."""
    words = set(normalize_text(name or "").split())
    return bool(words & _RETURN_WORDS) and words <= _RETURN_WORDS | _ITEM_WORDS


def sent_back(line: StatementLine, outgoing: Sequence[StatementLine]) -> StatementLine | None:
    """The earlier payment out that an incoming ``line`` returns (a refund or supplier payment that
    bounced): the latest line of the same amount paid out within the window before it, to the same
    payee when both name one."""
    found = [
        out
        for out in outgoing
        if out.amount.currency == line.amount.currency
        and out.amount.minor == -line.amount.minor
        and out.booking_date <= line.booking_date <= out.booking_date + _WINDOW
    ]
    deposit = Deposit(
        line.amount.currency, line.amount.minor, line.booking_date, line.counterparty_name, line.counterparty_account
    )
    fits = [out for out in found if _same_payer(deposit, out) is not False]
    return max(fits, key=lambda out: (out.booking_date, out.source.line)) if fits else None


def pair_returns(returns: Sequence[StatementLine], deposits: Sequence[Deposit]) -> dict[int, Return]:
    """Which deposits (by index) the ``returns`` (lines :func:`is_return` says took one back) took back."""
    by_amount: dict[tuple[str, int], list[int]] = {}
    for k, deposit in enumerate(deposits):
        by_amount.setdefault((deposit.currency, deposit.minor), []).append(k)
    taken: dict[int, Return] = {}
    for line in sorted(returns, key=lambda line: (line.booking_date, line.source.file, line.source.line)):
        window = [
            k
            for k in by_amount.get((line.amount.currency, -line.amount.minor), ())
            if k not in taken and deposits[k].date <= line.booking_date <= deposits[k].date + _WINDOW
        ]
        verdicts = [(k, _same_payer(deposits[k], line)) for k in window]
        same = [k for k, verdict in verdicts if verdict is True]
        if same:
            taken[max(same, key=lambda k: (deposits[k].date, k))] = Return(line, certain=True)
            continue
        unknown = [k for k, verdict in verdicts if verdict is None]
        certain = len(unknown) == 1
        if not certain:
            # Several fit a return that names nobody: the ones of the last two weeks before it wait (a
            # return comes within days); a month of same-amount subscriptions is not held for one.
            recent = [k for k in unknown if line.booking_date - deposits[k].date <= _RECENT]
            unknown = recent or unknown
        for k in unknown:
            taken[k] = Return(line, certain=certain)
    return taken


def _same_payer(deposit: Deposit, line: StatementLine) -> bool | None:
    """True or False when the return names the payer (account, else name) and the deposit does too; a
    return whose payee field holds only the bank's words for a return may still name the payer in its
    text ("NSF RETURN QUARRY MOTORS & SONS INC")."""
    if line.counterparty_account and deposit.payer_account:
        return normalize_account(line.counterparty_account) == normalize_account(deposit.payer_account)
    if not deposit.payer_name:
        return None
    ours = normalize_name(deposit.payer_name)
    theirs = normalize_name(line.counterparty_name or "")
    if theirs and not _banks_words(line.counterparty_name):
        return bool(ours) and (theirs == ours or theirs in ours or ours in theirs)
    said = normalize_name(line.description)
    return True if ours and f" {ours} " in f" {said} " else None
