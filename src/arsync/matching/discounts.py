"""A cash discount the payer says it took: "RE-4711 abzgl. 2% Skonto", "INV-0020 less 2% early pay discount",
"Facture 118 escompte 1,5 %", "discount 200.00".

Customers who pay early under terms such as 2/10 net 30 (2% off when paid within 10 days), Germany's
Skonto, or France's escompte, pay the invoice less the discount and say so in the remittance. Such a
payment is short by more than any fee tolerance, and would otherwise leave the discount open on the
invoice as if the customer still owed it.

The engine reads the statement once: the discount percentages and amounts a remittance text states. It
then checks whether they explain a payment's shortfall against an invoice (or several), and whether the
business's own terms (``matching.discount_max_pct``, ``matching.discount_days``) grant it; see
arsync.matching.engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from arsync.matching.normalize import fold_text
from arsync.matching.references import written_amounts

__all__ = ["StatedDiscount", "percent_of", "stated_discount"]

# Words for a cash discount (folded: accents dropped, lower case): English, German, French, Spanish,
# Italian, Dutch, Scandinavian; and the words for "less" that put a percentage off the invoice.
_WORDS = (
    r"skonto|skt|discount|disc|escompte|descuento|dto|pronto pago|sconto|korting|betalingskorting|"
    r"kontantrabatt|kassarabatt|early pay(?:ment)?"
)
_LESS = r"less|abzgl|abzuglich|abzueglich|minus|moins|menos|meno|min|\./\."
_HINT = re.compile(rf"(?<![a-z])(?:{_WORDS})(?![a-z])|%|(?<![a-z])(?:pct|prozent)(?![a-z])")
_DISCOUNT_WORD = re.compile(rf"(?<![a-z])(?:{_WORDS})(?![a-z])")
# "2%", "2 %", "1,5 %", "2.0%", "2 pct", "2 Prozent": at most two digits before the decimal mark.
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?(?:%|pct\b|prozent\b)")
_LESS_BEFORE = re.compile(rf"(?<![a-z])(?:{_LESS})\s*$")
# Terms as the trade writes them after the percentage, "2% 10" (two percent for paying within ten days) and
# "2% 10 net 30": a percentage so followed is the discount the payer says it took.
_TERMS_AFTER = re.compile(r"^\s?(?:\d{1,2})(?![\d.,%])")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class StatedDiscount:
    """What a remittance says was taken off: percentages and amounts, and the text that says so."""

    percents: tuple[Decimal, ...]
    amounts: tuple[Decimal, ...]
    text: str

    @property
    def source(self) -> str:
        """Where it was said, for a reason: the remittance text quoted, or the advice's own field."""
        return repr(self.text) if self.text else "as the remittance advice reports it"

    def explains(self, shortfall: int, opens: Sequence[int], exponent: int) -> str | None:
        """How this discount accounts for ``shortfall`` (minor units, ``exponent`` decimals) off invoices
        open for ``opens``: "2%" or the amount as written; None when it does not, to the cent.

        A percentage is taken off each invoice and rounded to the cent, as the payer's system does; one
        cent per invoice either way absorbs rounding of the whole instead."""
        for pct in self.percents:
            expected = sum(percent_of(o, pct) for o in opens)
            if abs(expected - shortfall) <= len(opens):
                return f"{pct.normalize():f}%"
        unit = Decimal(1).scaleb(-exponent)
        for amount in self.amounts:
            if int((amount / unit).to_integral_value()) == shortfall:
                return f"{amount:f}"
        return None


def percent_of(minor: int, pct: Decimal) -> int:
    """``pct`` percent of ``minor`` units, rounded half up to a whole unit (the cent), as invoices do."""
    return int((Decimal(minor) * pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def stated_discount(texts: Iterable[str]) -> StatedDiscount | None:
    """The cash discount the remittance ``texts`` state, if any.

    A percentage counts when a discount word is in the same text, a word for "less" stands right before
    it ("INV 123 less 2%"), or the days of the terms right after it ("INV 123 2% 10"); an amount only when
    a discount word stands right before it ("Skonto 200,00", "discount of 200.00"). Several texts'
    statements are pooled.
    """
    percents: list[Decimal] = []
    amounts: list[Decimal] = []
    said: list[str] = []
    for text in texts:
        folded = fold_text(text)
        if not _HINT.search(folded):
            continue
        worded = _DISCOUNT_WORD.search(folded) is not None
        found = False
        for m in _PERCENT.finditer(folded):
            if worded or _LESS_BEFORE.search(folded[: m.start()]) or _TERMS_AFTER.match(folded[m.end() :]):
                pct = Decimal(m.group(1).replace(",", "."))
                if 0 < pct < 100:
                    percents.append(pct)
                    found = True
        if worded:
            pieces, written = written_amounts(folded)
            for before, amount in zip(pieces, written, strict=False):
                # the word right before the amount: "skonto 200,00", "discount of usd 200.00"
                last = max((m.end() for m in _DISCOUNT_WORD.finditer(before)), default=None)
                if last is not None and len(before) - last <= 12 and not _DIGIT.search(before[last:]):
                    amounts.append(amount)
                    found = True
        if found:
            said.append(text.strip())
    if not said:
        return None
    return StatedDiscount(tuple(dict.fromkeys(percents)), tuple(dict.fromkeys(amounts)), "; ".join(said))
