"""Find invoice references in remittance text: learned invoice numbering, digit tokens and ISO 11649 RF.

The index learns the ledger's own numbering from the open invoices: each number splits into a prefix
(everything before its last digit run, letters and digits, separators dropped) and a number (the last
digit run). ``INV-0012`` is ``("inv", 12)``, so ``INV-0012``, ``inv 12`` and ``INV0012`` all find it, and
``#12`` finds it more weakly (a bare number with a marker). Digit runs of 4+ digits are joined against
the invoices' digits-only form, as Odoo does, but not when they read as a date or as the amount paid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Hamming

from arsync.bankfiles.values import STREET_TYPES
from arsync.matching.normalize import fold_text, normalize_text

__all__ = [
    "STRENGTH_ORDER",
    "InvoiceNumberIndex",
    "RefHit",
    "account_codes",
    "amount_segments",
    "compact_number",
    "customer_numbers",
    "dated_years",
    "find_rf_references",
    "is_valid_rf",
    "make_rf",
    "names_no_invoice",
    "number_key",
    "street_number",
    "written_amounts",
    "year_like",
]

# Strength of a reference hit, strongest first. The engine turns these into weights.
STRENGTH_ORDER = ("rf", "exact", "number", "digits", "marker", "typo")

_MARKERS = frozenset(
    """no nr num number invoice inv invoices facture factura fattura rechnung re bill ref rg fakt faktura
    factuur facturen fact fra ft fatura rechnungsnr rechnungsnummer renr rgnr factuurnr factuurnummer
    fakturanr""".split()
)
# Words before a number that is not an invoice's: the payer's own customer, account or contract number
# ("Kd.Nr. 4711", "customer no 4711"), the bank's cheque, trace, deposit or confirmation number ("CHECK
# 1047", "Check # 1047", "TRACE 0210", "REMOTE ONLINE DEPOSIT # 2603", Zelle's "Conf# 1057ab"), the
# customer's purchase order ("PO 1047"), our quote or estimate ("Anzahlung Angebot 1047", "deposit for
# quote 1047": QuickBooks numbers estimates 1001, 1002, ... apart from its invoices). With invoices
# numbered 1001, 1002, ... (QuickBooks' default) such a number would otherwise name an invoice exactly.
_NOT_INVOICE = frozenset(
    """kd kdnr kunde kunden kundennr kundennummer customer cust custno client clientnr cliente klant klantnr
    klantnummer debitor debitornr debitorennr debiteur debiteurnr account acct acc konto kto member mitglied
    mitgliedsnr contract vertrag vertragsnr mandat mandate mref
    check cheque chk chq ck cheq checkno chkno scheck schecknr trace trn seq serial batch deposit slip conf atm
    confirmation po pono ponr ponum ponumber bestellnr bestellnummer
    quote quotation estimate angebot angebotsnr angebotsnummer kostenvoranschlag offerte offertenr devis
    presupuesto cotizacion preventivo orcamento""".split()
)
# ... and two words that say so together: the customer's purchase order ("P.O. 1047", "Purchase order 1047").
# A purchase order can still name the invoice that carries it as its reference (see InvoiceNumberIndex).
_NOT_INVOICE_PAIRS = frozenset({("p", "o"), ("purchase", "order")})
# Words for the customer's order, which an invoice may carry as its reference written "PO-45852".
_ORDER_WORDS = frozenset("order orders bestellung auftrag commande pedido ordine bestelling".split())
# Words for "number" that sit between a marker and the number ("Facture n° 124", "Rechnung Nr. 12"):
# "n°" reads "n" once folded.
_NUMBER_WORDS = frozenset("n no nr num number nummer numero".split())
# Words joining invoice numbers into a list ("INV 12, 13 and 14", "Rechnungen 4711 und 4712") or a range
# ("INV-0012 to 0014", "Rg. 4711 bis 4714"); a range names every number between its ends, up to _MAX_RANGE.
_LIST_WORDS = frozenset("and und et en y e og och i plus".split())
_RANGE_WORDS = frozenset("to thru through till until bis au tot al".split())
_MAX_RANGE = 20
_LIST_MARKS = frozenset("/,&+;")
_RANGE_MARKS = frozenset("-\u2010\u2011\u2012\u2013\u2014")
_SPANS = re.compile(r"[a-z]+|[0-9]+|#")
# Month names and abbreviations (English, German, French, Spanish, Dutch, Italian; folded) and "fy": a
# year after one is a date's ("MARCH 2026", "Feb 2026", "FY2026"), not an invoice numbered 2026.
_MONTHS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september oct
    october nov november dec december januar februar marz maerz mai juni juli okt oktober dez dezember
    janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre enero febrero marzo
    abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre januari februari maart
    mei augustus gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre fy""".split()
)
_DATE_MARKS = frozenset("./-")
# An amount written with two decimals ("480.00", "1,250.00", "1.250,00", "1'250.00"), not part of a longer
# run of digits and separators such as a date ("01.03.26") or a number with more decimals.
_WRITTEN_AMOUNT = re.compile(
    r"(?<![\d.,'])\d{1,3}(?:([.,'])\d{3})(?:\1\d{3})*[.,]\d{2}(?!\d|[.,]\d)|(?<![\d.,'])\d+[.,]\d{2}(?!\d|[.,]\d)"
)
_RF = re.compile(r"RF\s?(\d\s?\d)((?:\s?[0-9A-Z]){1,21})")
_RUN = re.compile(r"[a-z]+|[0-9]+|#")
_ALNUM_RUNS = re.compile(r"[a-z]+|[0-9]+")
_NON_DIGIT = re.compile(r"\D")
_DIGIT_RUNS = re.compile(r"\d+")
_LETTERS_DIGITS = re.compile(r"([a-z]+)([0-9]+)")
# Digit groups written apart by spaces or marks ("090/9337/55493", "21 00000 00003 13947 14300 09017"): a
# reference printed for reading aloud. Joined, at least this many digits, they are looked up as a whole.
_DIGIT_GROUPS = re.compile(r"\d+(?:[ ./\-]{1,3}\d+)+")
_MIN_GROUPED = 8
_MAX_GROUPED = 35  # a Swiss QR reference has 27 digits, a Norwegian KID up to 25
# Invoice numbers are each normalized once, when the index is built: through the cache, a million of
# them would only evict the payer texts that recur all through a statement.
_normalize_once = normalize_text.__wrapped__


@dataclass(frozen=True, slots=True)
class RefHit:
    """An invoice named in the remittance: which (index into the open invoices), how strongly, by what text."""

    invoice: int
    strength: str
    text: str


def is_valid_rf(reference: str) -> bool:
    """True for a well-formed ISO 11649 creditor reference (``RF`` + 2 check digits + up to 21 chars, mod 97)."""
    ref = re.sub(r"\s", "", reference).upper()
    if not re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", ref):
        return False
    moved = ref[4:] + ref[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


def make_rf(body: str) -> str:
    """Build the ISO 11649 reference for ``body`` (letters and digits): ``RF`` + check digits + body."""
    clean = re.sub(r"[^0-9A-Za-z]", "", body).upper()
    digits = "".join(str(int(ch, 36)) for ch in clean + "RF00")
    check = 98 - int(digits) % 97
    return f"RF{check:02d}{clean}"


def find_rf_references(text: str) -> list[str]:
    """The valid RF references in ``text`` (spaces inside allowed), without spaces; invalid ones are dropped."""
    found = []
    for m in _RF.finditer(text.upper()):
        candidate = "RF" + re.sub(r"\s", "", m.group(1) + m.group(2))
        # The greedy body may have swallowed a following word; shorten until the check digits hold.
        while len(candidate) > 4:
            if is_valid_rf(candidate):
                found.append(candidate)
                break
            candidate = candidate[:-1]
    return found


# The payer's customer number at the business ("Kd.Nr. 1234567", "Customer no: C-1042", "Account 12345-ABCD"):
# a word for it, maybe a word for "number", then the number itself (letters, digits, "-" and "/").
_CUSTOMER_WORDS = """kd kdnr kunde kunden kundennr kundennummer customer cust custno client clientnr cliente
    klant klantnr klantnummer debitor debitornr debitorennr debiteur debiteurnr account acct acc a/c""".split()
_CUSTOMER_NUMBER = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(sorted(_CUSTOMER_WORDS, key=len, reverse=True)) + r")(?![a-z])"
    r"(?:[\s.:#-]*+(?:nr|no|num|number|nummer|numero|id)(?![a-z]))?[\s.:#-]*+([a-z0-9][a-z0-9/-]*+)"
)


def customer_numbers(text: str) -> list[str]:
    """The customer numbers ``text`` writes after a word for one, compacted (casefolded, letters and digits
    only) as :func:`compact_number` compacts a party's; only those with a digit."""
    found = (compact_number(m.group(1)) for m in _CUSTOMER_NUMBER.finditer(fold_text(text)))
    return [n for n in found if any(c.isdigit() for c in n)]


def account_codes(text: str) -> list[str]:
    """The words of ``text`` shaped like an account code of letters and digits (Sage's "WHIT001", "C1042"),
    compacted: UK payers quote the code the supplier's ledger gives them, with no word before it. Only a
    code the ledger knows names anyone (see the matcher's customer number table)."""
    return [w for w in _CODE_WORDS.findall(fold_text(text)) if not w.isdigit() and not w.isalpha()]


_CODE_WORDS = re.compile(r"(?<![a-z0-9])[a-z0-9]{4,12}(?![a-z0-9])")


def compact_number(number: str) -> str:
    """A customer or account number casefolded, with only its letters and digits ("C-1042" is "c1042")."""
    return "".join(c for c in fold_text(number) if c.isalnum())


def names_no_invoice(words: Sequence[str], j: int) -> bool:
    """Whether the number ``words[j]`` follows a word that says it is no invoice's: the payer's customer or
    account number, a cheque or trace number ("Kd.Nr. 4711", "CHECK 1047", "Check # 1047")."""
    k = j - 1  # the word before, past a word for "number" or a "#" ("Check # 1047", "P.O. No. 1047")
    if k > 0 and words[k] not in _NOT_INVOICE and (words[k] in _NUMBER_WORDS or words[k] == "#"):
        k -= 1
    if k < 0:
        return False
    return words[k] in _NOT_INVOICE or (k > 0 and (words[k - 1], words[k]) in _NOT_INVOICE_PAIRS)


_PO_WORDS = frozenset("po pono ponr ponum ponumber bestellnr bestellnummer".split()) | _ORDER_WORDS


def _after_order_word(words: Sequence[str], j: int) -> bool:
    """Whether the number ``words[j]`` follows a word for the customer's order ("PO 214030", "P.O. No.
    214030", "Purchase order # 214030", "Bestellnr. 214030"), past a word for "number" or a "#"."""
    k = j - 1
    if k > 0 and (words[k] in _NUMBER_WORDS or words[k] == "#"):
        k -= 1
    if k < 0:
        return False
    return words[k] in _PO_WORDS or (k > 0 and (words[k - 1], words[k]) in _NOT_INVOICE_PAIRS)


def street_number(words: Sequence[str], j: int) -> bool:
    """Whether the number ``words[j]`` is a house number: one to three words and then a street type follow
    it ("2141 MAIN ST", "100 N HARBOR BLVD"), and no invoice word comes before it ("INV 2141" is an invoice)."""
    if j + 2 >= len(words) or not words[j + 1].isalpha() or words[j + 1] in STREET_TYPES:
        return False
    if j > 0 and (words[j - 1] in _MARKERS or words[j - 1] in _NUMBER_WORDS or words[j - 1] == "#"):
        return False
    for k in range(j + 2, min(j + 5, len(words))):
        if not words[k].isalpha():
            return False
        if words[k] in STREET_TYPES:
            return True
    return False


def _word_before(runs: Sequence[str], end: int) -> str:
    """The word before the number that starts at ``end``, past a word for "number" ("Inv.-Nr. 0880",
    "Bestellung Nr. 45852"); "" when none."""
    k = end - 1
    if k > 0 and runs[k] in _NUMBER_WORDS:
        k -= 1
    return runs[k] if k >= 0 else ""


def year_like(token: str, near: dt.date | None) -> bool:
    """A four-digit run that may be a year: within three years of ``near``, or 1990-2099 without one."""
    if len(token) != 4 or not token.isdigit():
        return False
    year = int(token)
    return abs(year - near.year) <= 3 if near is not None else 1990 <= year <= 2099


def dated_years(text: str, near: dt.date | None) -> frozenset[str]:
    """The years in ``text`` that are part of a date ("01.03.2026", "2026-03-01", "03/2026", "MARCH 2026",
    "March 1, 2026", "Q1 2026"): with invoices numbered 2001, 2002, ... such a year would name an invoice
    exactly."""
    tokens, at = _date_years(text, near)
    return frozenset(tokens[k] for k in at)


def _date_years(text: str, near: dt.date | None) -> tuple[list[str], set[int]]:
    """The text's runs (as :data:`_SPANS` reads them) and the indexes of those that are a date's year."""
    folded = fold_text(text)
    spans = [(m.group(0), m.start(), m.end()) for m in _SPANS.finditer(folded)]
    years: set[int] = set()
    for k, (token, start, end) in enumerate(spans):
        if not year_like(token, near):
            continue
        before = spans[k - 1] if k > 0 else None
        after = spans[k + 1] if k + 1 < len(spans) else None
        if before is not None and before[0] in _MONTHS:
            years.add(k)  # "MARCH 2026", "FY2026"
        elif before is not None and before[0].isdigit() and len(before[0]) <= 2:
            gap = folded[before[2] : start].strip()
            # "March 1, 2026"; "Q1 2026", "H2 2026" (the letter joined to the digit)
            named = k > 1 and (
                spans[k - 2][0] in _MONTHS or (spans[k - 2][0] in ("q", "h") and spans[k - 2][2] == before[1])
            )
            if (gap and set(gap) <= _DATE_MARKS) or named:
                years.add(k)  # "01.03.2026", "03/2026"
        if after is not None and after[0].isdigit() and len(after[0]) <= 2:
            gap = folded[end : after[1]].strip()
            if gap and set(gap) <= _DATE_MARKS:
                years.add(k)  # "2026-03-01", "2026/03"
    return [token for token, _, _ in spans], years


def amount_segments(text: str) -> list[tuple[str, Decimal]]:
    """The text before each amount written in it, with that amount: "INV-0040 480.00, INV-0041 250.00" gives
    ("INV-0040 ", 480.00) and (", INV-0041 ", 250.00). Text after the last amount is left out."""
    pieces, amounts = written_amounts(text)
    return list(zip(pieces, amounts, strict=False))


def written_amounts(text: str) -> tuple[list[str], list[Decimal]]:
    """The amounts written in ``text`` (two decimals), and the pieces of text around them: one more piece
    than amounts, the last one after the last amount."""
    pieces: list[str] = []
    amounts: list[Decimal] = []
    start = 0
    for m in _WRITTEN_AMOUNT.finditer(text):
        written = m.group(0)
        digits = re.sub(r"[.,']", "", written[:-3])
        pieces.append(text[start : m.start()])
        amounts.append(Decimal(f"{digits}.{written[-2:]}"))
        start = m.end()
    pieces.append(text[start:])
    return pieces, amounts


def number_key(number: str) -> tuple[str, int] | None:
    """Split an invoice number into (normalized prefix, numeric value of the last digit run)."""
    return _key_of_normalized(normalize_text(number))


def _key_of_normalized(normalized: str) -> tuple[str, int] | None:
    runs = _ALNUM_RUNS.findall(normalized)
    for i in range(len(runs) - 1, -1, -1):
        if runs[i].isdigit():
            return "".join(runs[:i]), int(runs[i])
    return None


def _looks_like_date(token: str, near: dt.date | None) -> bool:
    """True when a digit run reads as a date within two years of the payment (20240315, 150324, 15032024)."""
    if len(token) not in (6, 8):
        return False
    candidates: list[tuple[int, int, int]] = []
    if len(token) == 8:
        y1, m1, d1 = int(token[:4]), int(token[4:6]), int(token[6:])
        candidates.append((y1, m1, d1))
        d2, m2, y2 = int(token[:2]), int(token[2:4]), int(token[4:])
        candidates.append((y2, m2, d2))
        candidates.append((y2, d2, m2))
    else:
        candidates.append((2000 + int(token[:2]), int(token[2:4]), int(token[4:])))
        candidates.append((2000 + int(token[4:]), int(token[2:4]), int(token[:2])))
        candidates.append((2000 + int(token[4:]), int(token[:2]), int(token[2:4])))
    for y, m, d in candidates:
        try:
            when = dt.date(y, m, d)
        except ValueError:
            continue
        if near is None or abs((when - near).days) <= 730:
            return True
    return False


class InvoiceNumberIndex:
    """Lookups from reference text to open invoices, learned from their own numbers and references."""

    def __init__(self, numbers: Sequence[str], references: Sequence[str | None] = ()) -> None:
        # Each dictionary maps a key to the invoice it names, or to a list when several share the key.
        # Most keys name one invoice; a one-element list for each would cost two more allocations per
        # key and two more memory visits per lookup (on a million invoices, four million lists).
        self._by_key: dict[tuple[str, int], int | list[int]] = {}
        self._by_value: dict[int, int | list[int]] = {}
        self._by_digits: dict[int, int | list[int]] = {}
        self._by_exact: dict[str, int | list[int]] = {}
        self._digits_text: list[str] = []
        self._exact_text: list[str] = []
        self._exact_ref: dict[int, str] = {}  # an invoice's own reference, when it has one
        self._last_run: list[str] = []
        self.prefixes: set[str] = set()
        # Letters after a number's last digit run ("INV-0012-A", "1001B": a revised or split invoice), for
        # the few ledgers that number that way; such numbers share their key with their siblings.
        self._suffix: dict[int, str] = {}
        for i, number in enumerate(numbers):
            normalized = _normalize_once(number)
            key = _key_of_normalized(normalized)
            if key is not None and not normalized[-1:].isdigit():
                self._suffix[i] = _ALNUM_RUNS.findall(normalized)[-1]
            exact = normalized.replace(" ", "")
            _put(self._by_exact, exact, i)
            self._exact_text.append(exact)
            digits = _NON_DIGIT.sub("", number)
            self._digits_text.append(digits)
            runs = _DIGIT_RUNS.findall(number)
            # The common numbering ends in its only digit run: share the one string object.
            self._last_run.append((digits if runs[-1] == digits else runs[-1]) if runs else "")
            if key is not None:
                _put(self._by_key, key, i)
                _put(self._by_value, key[1], i)
                if key[0]:
                    self.prefixes.add(key[0])
            if len(digits) >= 4:
                _put(self._by_digits, int(digits), i)
        # Prefixes that end in digits ("re2025" of RE2025-02026), as (letters, how many digits): a run of that
        # many digits after those letters, with a number after it, is such a prefix (see _read_number).
        self._dated_prefixes = frozenset(
            (m[1], len(m[2])) for m in map(_LETTERS_DIGITS.fullmatch, self.prefixes) if m is not None
        )
        # The fewest digits of the ledger's zero-padded numbers ("0004" of 2026/0004): see _read_number.
        self._padded_width = min((len(run) for run in self._last_run if run[:1] == "0"), default=0)
        # The ledger's prefixes that are invoice words themselves ("inv", "re"): see _by_invoice_word.
        self._marker_prefixes = tuple(sorted(p for p in self.prefixes if p in _MARKERS))
        # An invoice's own reference (Xero's Reference: mostly the customer's order number; a Belgian
        # structured communication, a Swiss QR or a Norwegian KID reference printed on the invoice) is
        # found in remittance text the way a number is: by its key ("PO 7781" names "PO-7781"), and when
        # all digits, also written in groups ("+++090/9337/55493+++", "21 00000 00003 13947 ...").
        self._ref_by_key: dict[tuple[str, int], int | list[int]] = {}
        self._ref_last_run: dict[int, str] = {}
        self._ref_grouped: frozenset[str] = frozenset()
        grouped: set[str] = set()
        for i, reference in enumerate(references):
            if reference:
                normalized = _normalize_once(reference)
                exact = normalized.replace(" ", "")
                if exact:
                    self._exact_ref[i] = exact
                    if i not in _get(self._by_exact, exact):
                        _put(self._by_exact, exact, i)
                    key = _key_of_normalized(normalized)
                    if key is not None and key[0]:
                        _put(self._ref_by_key, key, i)
                        self._ref_last_run[i] = _DIGIT_RUNS.findall(normalized)[-1]
                    if exact.isdigit() and len(exact) >= _MIN_GROUPED:
                        grouped.add(exact)
        self._ref_grouped = frozenset(grouped)
        # Order numbers a marketplace or a customer's system makes up, letters and digits mixed at random
        # ("LX39XW0FRP", "Faire U62QFCLWWN"): no prefix and number to key them by, so each such word of an
        # invoice's own reference is looked up whole (see _mixed_words).
        self._mixed_refs: dict[str, int | list[int]] = {}
        for i, reference in enumerate(references):
            if reference:
                for word in _normalize_once(reference).split():
                    if _is_mixed(word):
                        _put(self._mixed_refs, word, i)
        # Own references written in digits alone (the customer's order number "214030", an SAP order
        # "4500085156"): found after the word for an order too (see _by_order_number).
        self._digit_refs: dict[str, list[int]] = {}
        for i, exact in self._exact_ref.items():
            if exact.isdigit():
                self._digit_refs.setdefault(exact, []).append(i)

    def lookup_exact(self, text: str) -> Sequence[int]:
        """Invoices whose number (or own reference) equals ``text`` ignoring case and separators."""
        return _get(self._by_exact, normalize_text(text).replace(" ", ""))

    def find(
        self,
        texts: Iterable[str],
        *,
        amount_minor: int | None = None,
        amount_units: int | None = None,
        near: dt.date | None = None,
    ) -> list[RefHit]:
        """All invoice hits in ``texts``; one hit per (invoice, strength), strongest kinds first."""
        hits: dict[int, RefHit] = {}
        rank = {s: i for i, s in enumerate(STRENGTH_ORDER)}

        def add(invoice: int, strength: str, text: str) -> None:
            old = hits.get(invoice)
            if old is None or rank[strength] < rank[old.strength]:
                hits[invoice] = RefHit(invoice, strength, text)

        for text in texts:
            if not text:
                continue
            for rf in find_rf_references(text):
                body = rf[4:]
                for i in (*_get(self._by_exact, rf.lower()), *_get(self._by_exact, body.lower())):
                    add(i, "rf", rf)
                key = number_key(body)
                if key is not None:
                    for i in _get(self._by_key, key):
                        add(i, "rf", rf)
            normalized = _hash_text(text) if "#" in text else normalize_text(text)
            runs = _RUN.findall(normalized)
            self._scan_runs(runs, add, amount_minor, amount_units, near, text)
            if self._mixed_refs:
                self._mixed_words(normalized, add)
            if self._ref_grouped:
                self._grouped(text, add)
        return sorted(hits.values(), key=lambda h: (rank[h.strength], h.invoice))

    def _mixed_words(self, normalized: str, add: Callable[[int, str, str], None]) -> None:
        """The invoices whose own reference holds a word of ``normalized`` that mixes letters and digits
        ("ORDERS YTQG2SBTDJ, 6DG9DT4W3H": a marketplace's order numbers), named exactly."""
        for word in normalized.split():
            if _is_mixed(word):
                for i in _get(self._mixed_refs, word):
                    add(i, "exact", word)

    def _scan_runs(  # noqa: PLR0917 - internal: the digit runs of find
        self,
        runs: list[str],
        add: Callable[[int, str, str], None],
        amount_minor: int | None,
        amount_units: int | None,
        near: dt.date | None,
        text: str = "",
    ) -> None:
        """Read every digit run of ``runs`` (the normalized ``text``) as an invoice number, through ``add``.

        A date's year is skipped; a run joined to the one before as a list or a range is read with that
        one's prefix (see :meth:`_continue`). What the raw text says about either (separators, month
        names) is looked at only when a run could need it, so plain remittances cost no more.
        """
        links: dict[int, tuple[str, str]] | None = None
        dates: set[int] | None = None
        last: tuple[int, _Reading] | None = None  # the digit run before, and how it named invoices
        for j in range(len(runs)):
            tok = runs[j]
            if not tok.isdigit():
                continue
            if len(tok) == 4 and year_like(tok, near):
                if dates is None:
                    tokens, dates = _date_years(text, near)
                    if tokens != runs:
                        dates = set()  # normalization read the text another way (rare): no dates
                if j in dates:
                    last = None
                    continue  # a date's year ("01.03.2026"), not an invoice numbered 2026
            after = runs[j + 1] if j + 1 < len(runs) else ""
            if (
                len(after) == 2
                and after.isdigit()
                and (f"{tok}.{after}" in text or f"{tok},{after}" in text)
                and not (j > 0 and (runs[j - 1] in self.prefixes or runs[j - 1] in _MARKERS))
            ):
                # An amount's units ("RMR*IV*1186*PI*1150.00", "1.250,00"), not invoice 1150. After an invoice's
                # prefix it is still the number ("INV-0012,50").
                last = None
                continue
            reading = self._read_number(runs, j, add, amount_minor, amount_units, near)
            if last is not None and j - last[0] <= 2:
                # Only after a number that named an invoice: is this one the next in a list or the end of a
                # range ("INV 12/13/14", "Rechnungen 4711 und 12", "INV-0012 to 0014")?
                if links is None:
                    links = _links(text, runs)
                link, word = links.get(j, ("", ""))
                # A word between the two must be the prefix written again ("INV-0012 - INV-0014").
                if link and (not word or (last[1][0] == "key" and last[1][1] == word)):
                    guard = (amount_minor, amount_units, near)
                    reading = self._continue(last[1], tok, link, reading, add, guard)
            last = (j, reading) if reading is not None else None

    def _read_number(  # noqa: PLR0917 - internal: one digit run of _scan_runs
        self,
        runs: list[str],
        j: int,
        add: Callable[[int, str, str], None],
        amount_minor: int | None,
        amount_units: int | None,
        near: dt.date | None,
    ) -> _Reading | None:
        """The invoices the digit run ``runs[j]`` names, added through ``add``; how it named them, if it did."""
        tok = runs[j]
        if tok[0] == "0" and len(tok) < self._padded_width and not any(r.isdigit() for r in runs[j + 1 :]):
            # The start of a longer number the field cut off (UK payments carry 18 characters: "INVOICE NO
            # 2026/04" of 2026/0469), not invoice 2026/0004: the ledger's leading zero, but fewer digits than
            # any of its zero-padded numbers, and last in the text. A typo reading may still find the number.
            return None
        if (
            j + 1 < len(runs)
            and runs[j + 1].isdigit()
            and (tok in self.prefixes or (j > 0 and (runs[j - 1], len(tok)) in self._dated_prefixes))
        ):
            # The year inside a number the ledger writes with one ("RE2026-00261", "2026/0456"): part of the
            # next run's prefix, not invoice 2026 (RE2025-02026) by itself; also for a year no open invoice
            # has yet ("RE2027-" where the ledger has RE2025- and RE2026-).
            return None
        # the payer's customer or account number, a cheque or trace number, the customer's purchase order:
        # no invoice's number (but maybe an invoice's own reference, "PO 7781")
        if street_number(runs, j):
            return None
        excluded = names_no_invoice(runs, j)
        if excluded and tok in self._digit_refs and _after_order_word(runs, j):
            # "YOUR PO 214030", "ID:PO 289402": the customer's order, which the invoice carries as its own
            # reference in digits alone. That invoice, exactly (not an invoice numbered 214030).
            for i in self._digit_refs[tok]:
                add(i, "exact", tok)
            return ("exact", "", tok)
        if excluded and not self._ref_by_key:
            return None
        value = int(tok)
        reading: _Reading | None = None
        # prefix = the one or two runs before the number ("inv 12", "inv 2024 0012")
        # ... also before a "#" ("INV#1234", "PO# 7781")
        end = j - 1 if j > 1 and runs[j - 1] == "#" else j
        for width in (1, 2):
            if end - width < 0:
                break
            parts = runs[end - width : end]
            if "#" in parts:
                break
            prefix = "".join(parts)
            found = _get(self._by_key, (prefix, value)) if not excluded else ()
            written = prefix + tok
            if self._suffix and len(found) > 1:
                found, weaker, letters = self._by_suffix(found, runs[j + 1] if j + 1 < len(runs) else "")
                for i in weaker:
                    add(i, "number", written)
                    reading = ("key", prefix, tok)
                written += letters
            for i in found:
                exact_digits = self._last_run[i] == tok
                add(i, "exact" if exact_digits else "number", written)
                reading = ("key", prefix, tok)
            if self._ref_by_key:
                for i in _get(self._ref_by_key, (prefix, value)):
                    add(i, "exact" if self._ref_last_run[i] == tok else "number", prefix + tok)
                    reading = ("key", prefix, tok)
        if reading is None and not excluded and self._marker_prefixes:
            reading = self._by_invoice_word(runs, end, tok, add)
        if reading is None and self._ref_by_key:
            reading = self._by_order_word(runs, end, tok, add)
        if reading is not None or excluded:
            return reading
        guarded = (amount_minor is not None and value == amount_minor) or (
            amount_units is not None and value == amount_units
        )
        if guarded:
            return None
        if tok in self._exact_digit_numbers():
            for i in _get(self._by_exact, tok):
                add(i, "exact", tok)
            return ("exact", "", tok)
        marker = j > 0 and (
            runs[j - 1] == "#"
            or runs[j - 1] in _MARKERS
            or (j > 1 and runs[j - 1] in _NUMBER_WORDS and runs[j - 2] in _MARKERS)
        )
        if len(tok) >= 4 and not _looks_like_date(tok, near):
            by_digits = _get(self._by_digits, value) or _get(self._by_value, value)
            for i in by_digits:
                add(i, "digits", tok)
            return ("digits", "", tok) if by_digits else None
        if marker:
            by_value = _get(self._by_value, value)
            for i in by_value:
                add(i, "marker", "#" + tok)
            return ("marker", "", tok) if by_value else None
        return None

    def _by_order_word(
        self, runs: list[str], end: int, tok: str, add: Callable[[int, str, str], None]
    ) -> _Reading | None:
        """ "YOUR ORDER 45852", "Bestellung Nr. 45852": the customer's order, which the invoice carries as its
        own reference written with a purchase-order prefix (``PO-45852``, Xero's Reference)."""
        if _word_before(runs, end) not in _ORDER_WORDS:
            return None
        reading: _Reading | None = None
        for prefix in ("po", "pono"):
            for i in _get(self._ref_by_key, (prefix, int(tok))):
                add(i, "number", prefix + tok)
                reading = ("key", prefix, tok)
        return reading

    def _by_invoice_word(
        self, runs: list[str], end: int, tok: str, add: Callable[[int, str, str], None]
    ) -> _Reading | None:
        """ "Inv.-Nr. 0880", "Invoice 491", "Rechnung Nr. 12" where the ledger numbers INV-0880 or RE-12: the
        invoice word the payer wrote before ``tok`` (past a word for "number") stands for the ledger's own
        prefix, when that prefix is an invoice word too. The ledger's very prefix with its digits is
        ``exact``; another invoice word, or other digits (no leading zeros), is a ``number``."""
        word = _word_before(runs, end)
        if word not in _MARKERS:
            return None
        reading: _Reading | None = None
        for prefix in self._marker_prefixes:
            for i in _get(self._by_key, (prefix, int(tok))):
                add(i, "exact" if word == prefix and self._last_run[i] == tok else "number", prefix + tok)
                reading = ("key", prefix, tok)
        return reading

    def _by_suffix(self, found: Sequence[int], after: str) -> tuple[Sequence[int], Sequence[int], str]:
        """Of invoices sharing one key, some with letters after the number ("INV-0012-A", "INV-0012-B"):
        those the run written after the number (``after``) names as their letters, when it does, and those
        letters; else the ones without letters in full, and the lettered ones as the number only (their
        letters not written)."""
        if after.isalpha():
            named = [i for i in found if self._suffix.get(i) == after]
            if named:
                return named, (), after
        return [i for i in found if i not in self._suffix], [i for i in found if i in self._suffix], ""

    def _grouped(self, text: str, add: Callable[[int, str, str], None]) -> None:
        """Add the invoices whose all-digit reference ``text`` writes in groups ("090/9337/55493")."""
        for m in _DIGIT_GROUPS.finditer(text):
            groups = _DIGIT_RUNS.findall(m.group(0))
            for a in range(len(groups) - 1):
                joined = groups[a]
                for b in range(a + 1, len(groups)):
                    joined += groups[b]
                    if len(joined) > _MAX_GROUPED:
                        break
                    if joined in self._ref_grouped:
                        for i in _get(self._by_exact, joined):
                            add(i, "exact", joined)

    def _continue(  # noqa: PLR0917 - internal: one link of _scan_runs
        self,
        before: _Reading,
        tok: str,
        link: str,
        reading: _Reading | None,
        add: Callable[[int, str, str], None],
        guard: tuple[int | None, int | None, dt.date | None],
    ) -> _Reading | None:
        """Read ``tok`` as the next number of a list or the end of a range that began with ``before``.

        It takes that number's prefix ("INV 12/13" names INV-0013), and a shorter one replaces the end of
        a number of four digits or more ("4711/12" names 4712). A range also names every number between
        ("INV-0012 to 0014" names INV-0013). Returns how ``tok`` named invoices, for the next link.
        """
        kind, prefix, first = before
        # People shorten long numbers ("4711/12", "1001/02"); a short one is written out ("INV 10/11").
        written = first[: len(first) - len(tok)] + tok if len(tok) < len(first) and int(first) >= 1000 else tok
        if link == "slash" and written == tok and len(tok) < len(first.lstrip("0") or "0"):
            # After a slash, fewer digits than the number before and not a shortened long number: an
            # instalment or a part ("INV-0030/2", "Rechnung 12/3"), not invoice 2 or 3. ("INV 12, 3" and
            # "INV 12 and 3" are lists.)
            return reading
        if reading is None:
            for candidate in dict.fromkeys((written, tok)):
                if self._member(before, candidate, add, guard):
                    reading = (kind, prefix, candidate)
                    break
        if link == "range" and 0 < int(written) - int(first) <= _MAX_RANGE:
            for value in range(int(first) + 1, int(written)):
                self._member(before, str(value).zfill(len(first)), add, guard)
        return reading

    def _member(
        self,
        before: _Reading,
        number: str,
        add: Callable[[int, str, str], None],
        guard: tuple[int | None, int | None, dt.date | None],
    ) -> bool:
        """Add the invoices ``number`` names read the way ``before`` was (the same prefix, or the same kind
        of bare number); False when there are none, or when it reads as the amount or a date."""
        amount_minor, amount_units, near = guard
        value = int(number)
        if value in (amount_minor, amount_units) or _looks_like_date(number, near):
            return False
        kind, prefix, _ = before
        if kind == "key":
            found, strength = _get(self._by_key, (prefix, value)), "number"
        elif kind == "exact":
            found = _get(self._by_exact, number) if number in self._exact_digit_numbers() else ()
            strength = "number"
        elif kind == "digits":
            found, strength = _get(self._by_digits, value) or _get(self._by_value, value), "digits"
        else:
            found, strength = _get(self._by_value, value), "marker"
        for i in found:
            add(i, strength, prefix + number if strength != "marker" else "#" + number)
        return bool(found)

    def _exact_digit_numbers(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_digit_numbers", None)
        if cached is None:
            cached = frozenset(k for k in self._by_exact if k.isdigit())
            self._digit_numbers = cached
        return cached

    def typo_neighbours(self, text: str) -> list[tuple[int, str]]:
        """Invoices whose number is one digit change or one adjacent swap away from ``text`` (``INV-94415``
        finds ``INV-94451``): the invoice a payer meant when the number written is another invoice's."""
        exact = normalize_text(text).replace(" ", "")
        if not any(c.isdigit() for c in exact):
            return []
        seen: set[int] = set(_get(self._by_exact, exact))
        out: list[tuple[int, str]] = []

        def look(variant: str) -> None:
            for i in _get(self._by_exact, variant):
                if i not in seen:
                    seen.add(i)
                    out.append((i, exact))

        for k in range(len(exact) - 1):
            if exact[k] != exact[k + 1] and exact[k].isdigit() and exact[k + 1].isdigit():
                look(exact[:k] + exact[k + 1] + exact[k] + exact[k + 2 :])
        for k, ch in enumerate(exact):
            if ch.isdigit():
                for d in "0123456789":
                    if d != ch:
                        look(exact[:k] + d + exact[k + 1 :])
        return out

    def exact_of(self, invoice: int) -> str:
        """An invoice's number as :meth:`lookup_exact` compares it (casefolded, separators removed)."""
        return self._exact_text[invoice]

    def is_typo_neighbour(self, written: str, invoice: int) -> bool:
        """Whether :meth:`typo_neighbours` of ``written`` (normalized as :meth:`exact_of`) lists ``invoice``.

        Checking the few invoices of one amount this way replaces some sixty lookups in a dictionary of
        every open invoice; on a million invoices each of those lookups is a cache miss.
        """
        forms = (self._exact_text[invoice], self._exact_ref.get(invoice))
        if written in forms:
            return False
        return any(form is not None and one_digit_apart(written, form) for form in forms)

    def typo_neighbours_among(self, written: str, invoices: Sequence[int]) -> list[int]:
        """The invoices of ``invoices`` that are :meth:`is_typo_neighbour` of ``written``, in their order.

        A payment checks up to dozens of same-amount invoices, and a ledger ten times larger fills those
        lists: one rapidfuzz pass in C first drops every number more than two characters away (a
        neighbour is at most two), so the exact check runs on the few left instead of on each.
        """
        near: set[int] = set()
        forms: list[list[str | None]] = [[self._exact_text[i] for i in invoices]]
        if self._exact_ref:
            forms.append([self._exact_ref.get(i) for i in invoices])
        for choices in forms:
            found = process.extract(written, choices, scorer=Hamming.distance, score_cutoff=2, limit=None)
            near.update(k for _, _, k in found)
        return [invoices[k] for k in sorted(near) if self.is_typo_neighbour(written, invoices[k])]

    def digits_of(self, invoice: int) -> str:
        """The digits-only form of an invoice's number."""
        return self._digits_text[invoice]


def one_digit_apart(written: str, number: str) -> bool:
    """True when ``number`` is one digit changed or two adjacent digits swapped from ``written`` (both
    normalized as :meth:`InvoiceNumberIndex.exact_of`): the neighbours :meth:`typo_neighbours` finds."""
    if len(written) != len(number) or written == number:
        return False
    # Nearly every pair differs in more than two places: rapidfuzz says so in C, 15x faster than the
    # comparison below (which a payment may run against each of dozens of same-amount invoices).
    if Hamming.distance(written, number, score_cutoff=2) > 2:
        return False
    diff = [k for k, (a, b) in enumerate(zip(written, number, strict=True)) if a != b]
    if len(diff) == 1:
        k = diff[0]
        return written[k].isdigit() and number[k].isdigit()
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        k = diff[0]
        return (
            written[k] == number[k + 1]
            and written[k + 1] == number[k]
            and written[k].isdigit()
            and written[k + 1].isdigit()
        )
    return False


_K = TypeVar("_K")
# How a digit run named invoices: ("key", prefix, digits) for a prefixed number ("inv", "12"); ("exact",
# "", digits) for a ledger of bare numbers; ("digits", "", digits) and ("marker", "", digits) otherwise.
_Reading = tuple[str, str, str]


def _links(text: str, runs: list[str]) -> dict[int, tuple[str, str]]:
    """Each digit run of ``runs`` joined to the digit run before it: its index -> ("list" or "range", the
    word between them, if one is).

    Joined means written as "12/13", "12, 13", "12 & 13", "12 and 13" (a list) or "12-14", "12 to 14" (a
    range), also with the prefix written again ("INV-0012 - INV-0014": the word is then the prefix, which
    the caller checks). Digits joined by a bare "." or "," are one formatted number ("1,250.00", "12,50"),
    not two; and runs separated by spaces alone are not taken as a list, since an amount or a date may
    follow the number in a bank's description.
    """
    folded = fold_text(text)
    spans = [(m.start(), m.end()) for m in _SPANS.finditer(folded)]
    if [folded[a:b] for a, b in spans] != runs:
        return {}  # normalization read the text another way (rare): no lists
    links: dict[int, tuple[str, str]] = {}
    before = -1
    for j, tok in enumerate(runs):
        if not tok.isdigit():
            continue
        joined = before >= 0 and j - before <= 2
        if joined and not _in_amount(folded, spans[before]) and not _in_amount(folded, spans[j]):
            word = runs[before + 1] if j - before == 2 else ""
            kind = _join_kind(word, folded[spans[before][1] : spans[before + 1][0]])
            if kind is not None:
                links[j] = (kind, "" if word in _LIST_WORDS or word in _RANGE_WORDS else word)
        before = j
    return links


def _join_kind(word: str, between: str) -> str | None:
    """ "list", "slash" (a list joined by "/"), "range" or None for what stands between two numbers: a word
    ("and", "to"), or the marks before the next number or the word before it ("/", "-")."""
    if word in _LIST_WORDS:
        return "list"
    if word in _RANGE_WORDS:
        return "range"
    marks = set(between) - {" ", "\t"}
    if not marks:
        return None
    if marks == {"/"}:
        return "slash"  # a list, but also how an instalment is written (see _continue)
    return "range" if marks <= _RANGE_MARKS else "list" if marks <= _LIST_MARKS else None


def _in_amount(folded: str, span: tuple[int, int]) -> bool:
    """Whether the digit run at ``span`` is part of a formatted amount ("1,250.00", "12,50"): a bare "." or
    "," between it and another digit."""
    start, end = span
    after = folded[end : end + 2]
    before = folded[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] in ".," and after[1].isdigit()) or (
        len(before) == 2 and before[1] in ".," and before[0].isdigit()
    )


def _is_mixed(word: str) -> bool:
    """A word of at least eight characters with letters and digits mixed: a made-up order id ("LX39XW0FRP",
    "8HUKXMQCJR"), not a word, a number or an invoice number's prefix and digits ("inv1047")."""
    if len(word) < 8 or word.isdigit() or word.isalpha():
        return False
    digits = sum(c.isdigit() for c in word)
    return len(word) - digits >= 2 and _DIGIT_RUNS.fullmatch(word[-digits:]) is None


def _put(index: dict[_K, int | list[int]], key: _K, invoice: int) -> None:
    """Add ``invoice`` under ``key``: a plain int while it is the only one, a list from the second on."""
    present = index.get(key)
    if present is None:
        index[key] = invoice
    elif isinstance(present, int):
        index[key] = [present, invoice]
    else:
        present.append(invoice)


def _get(index: dict[_K, int | list[int]], key: _K) -> Sequence[int]:
    """The invoices under ``key`` (see :func:`_put`), in the order they were added."""
    present = index.get(key)
    if present is None:
        return ()
    return (present,) if isinstance(present, int) else present


def _hash_text(text: str) -> str:
    """Normalize but keep ``#`` as its own token so ``#12`` reads as a marked number."""
    return " # ".join(normalize_text(part) for part in text.split("#"))
