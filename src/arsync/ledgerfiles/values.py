"""Cell values of ledger exports: amounts, dates, currencies, statuses and names, as finance files write them.

Each parser takes the raw cell (text from a CSV, or what openpyxl returns from an XLSX) and either returns
a clean value or raises :class:`CellError` with a sentence saying what is wrong and what to do; the reader
adds the file, line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Literal

from arsync.models import DocumentStatus, MoneyError, minor_units

__all__ = [
    "Cell",
    "CellError",
    "DateOrder",
    "NumericDate",
    "amount_style_evidence",
    "clean_text",
    "parse_amount",
    "parse_currency",
    "parse_date",
    "parse_date_format",
    "parse_emails",
    "parse_status",
    "slug",
]

Cell = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
DateOrder = Literal["dmy", "mdy", "ymd"]

# Digits before the decimal mark we accept: beyond this an "amount" is an id or a corrupted cell, and
# Decimal quantization at 28 digits of precision would fail anyway.
_MAX_INTEGER_DIGITS = 15
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class CellError(ValueError):
    """A cell cannot be read; ``str()`` says why and what to do."""


def clean_text(value: Cell) -> str:
    """Text of a cell, stripped; a spreadsheet's apostrophe guard (``'=...``, ``'-12``) is removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.translate(_SPACES).strip()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # an invoice number typed as 1043 arrives from Excel as 1043.0
    elif isinstance(value, dt.datetime) and value.time() == dt.time(0):
        text = value.date().isoformat()
    elif isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith("'") and (len(text) == 1 or text[1] in _FORMULA_TRIGGERS or text[1].isdigit()):
        text = text[1:].strip()
    return text


# --- amounts ---------------------------------------------------------------------------------------

# Symbols that name one currency; "$", "¥" and "kr" name several and only tell us nothing.
_SYMBOL_CURRENCY = {
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "US$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "SG$": "SGD",
    "MX$": "MXN",
}
_AMBIGUOUS_SYMBOLS = {"$", "¥", "KR", "R$", "FR", "CHF."}
_AFFIX_TOKEN = re.compile(r"US\$|NZ\$|AU\$|CA\$|HK\$|SG\$|MX\$|A\$|C\$|S\$|R\$|[A-Za-z]{2,3}|[$€£¥₹]|[-−+()]|\s+")
_NUMBER_BODY = re.compile(r"\d(?:[\d.,' ]*\d)?")


@dataclasses.dataclass(frozen=True)
class _AmountParts:
    negative: bool
    body: str
    currency: str | None


def _split_amount(text: str) -> _AmountParts:
    match = _NUMBER_BODY.search(text)
    if match is None:
        raise CellError("not an amount: write a number such as 1234.56")
    lead, body, trail = text[: match.start()], match.group(0), text[match.end() :]
    minus = parens_open = parens_close = 0
    currency: str | None = None
    for part, affix in ((lead, "lead"), (trail, "trail")):
        pos = 0
        while pos < len(part):
            token = _AFFIX_TOKEN.match(part, pos)
            if token is None:
                raise CellError("not an amount: write a number such as 1234.56, without other text")
            word = token.group(0)
            pos = token.end()
            if word.isspace() or word == "+":
                continue
            if word in ("-", "−"):
                minus += 1
            elif word == "(":
                if affix != "lead":
                    raise CellError("misplaced parenthesis in amount")
                parens_open += 1
            elif word == ")":
                if affix != "trail":
                    raise CellError("misplaced parenthesis in amount")
                parens_close += 1
            else:
                code = word.upper()
                if code in _AMBIGUOUS_SYMBOLS or code in ("$", "¥"):
                    continue
                named = _SYMBOL_CURRENCY.get(word) or _SYMBOL_CURRENCY.get(code)
                if named is None:
                    if len(code) != 3 or not code.isalpha():
                        raise CellError("not an amount: write a number such as 1234.56, without other text")
                    try:
                        minor_units(code)
                    except MoneyError:
                        raise CellError(f"{word!r} is not a currency code: write a plain number") from None
                    named = code
                if currency is not None and currency != named:
                    raise CellError(f"amount names two currencies, {currency} and {named}")
                currency = named
    if parens_open != parens_close or parens_open > 1 or minus > 1 or (parens_open and minus):
        raise CellError("amount has unbalanced parentheses or more than one sign")
    return _AmountParts(negative=bool(minus or parens_open), body=body, currency=currency)


def amount_style_evidence(value: Cell) -> Literal[".", ",", None]:
    """Which decimal mark a text amount shows: ``"."`` (1,234.56), ``","`` (1.234,56) or ``None`` (undecided)."""
    if not isinstance(value, str):
        return None
    text = clean_text(value)
    if not text:
        return None
    try:
        body = _split_amount(text).body.replace(" ", "").replace("'", "")
    except CellError:
        return None
    comma, dot = body.count(","), body.count(".")
    if comma and dot:
        return "." if body.rfind(".") > body.rfind(",") else ","
    if comma:
        return _single(body, ",")
    if dot:
        return _single(body, ".")
    return None


def _single(body: str, mark: str) -> Literal[".", ",", None]:
    other: Literal[".", ","] = "," if mark == "." else "."
    if body.count(mark) > 1:
        # 1.234.567 groups with dots, so the decimal mark is the other one; 12..4 shows nothing
        return other if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+", body) else None
    decimals = len(body) - body.rfind(mark) - 1
    if decimals == 3:
        return None  # 1,234 or 1.234: a thousands group or three decimals; the rest of the file decides
    return "," if mark == "," else "."


def parse_amount(value: Cell, decimal_mark: Literal[".", ","]) -> tuple[Decimal, str | None]:
    """Read an amount; return it and the currency its symbol or code names (``None`` when it names none).

    Accepts thousands separators (``,``/``.``/space/apostrophe, whichever is not the decimal mark),
    parentheses and trailing minus for negatives, currency symbols and ISO codes around the number,
    and a spreadsheet apostrophe guard. XLSX numbers arrive as int/float and are taken by their
    shortest decimal form.

    Raises:
        CellError: not an amount, or too large.
    """
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise CellError("expected an amount, found a date or a true/false value: check the column")
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CellError("not a finite amount")
        # repr() is the shortest string that reads back as the same double: 1234.56, not 1234.559999...
        return _bounded(Decimal(repr(value))), None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError("not a finite amount")
        return _bounded(value), None
    text = clean_text(value)
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1].strip()  # Excel's ="00123" text guard
    if not text:
        raise CellError("the amount is empty: write 0 if nothing is due")
    parts = _split_amount(text)
    body = parts.body
    group_marks = " '" + ("," if decimal_mark == "." else ".")
    if decimal_mark in body:
        integer, _, fraction = body.rpartition(decimal_mark)
        if decimal_mark in integer or not fraction.isdigit():
            raise CellError(f"amount has more than one decimal mark {decimal_mark!r}")
    else:
        integer, fraction = body, ""
    if any(ch in integer for ch in group_marks):
        separators = {ch for ch in integer if not ch.isdigit()}
        groups = re.split(r"[ ',.]", integer)
        if len(separators) != 1 or not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            other = "comma" if decimal_mark == "," else "point"
            raise CellError(
                f"amount has misplaced thousands separators (this file uses a decimal {other}); "
                "write it as 1234.56 or 1,234.56"
            )
        integer = "".join(groups)
    if not integer.isdigit():
        raise CellError("not an amount: write a number such as 1234.56")
    if len(integer.lstrip("0")) > _MAX_INTEGER_DIGITS:
        raise CellError(f"amount is too large (more than {_MAX_INTEGER_DIGITS} digits)")
    try:
        amount = Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        raise CellError("not an amount: write a number such as 1234.56") from None
    return (-amount if parts.negative else amount), parts.currency


def _bounded(amount: Decimal) -> Decimal:
    if amount.adjusted() >= _MAX_INTEGER_DIGITS:
        raise CellError(f"amount is too large (more than {_MAX_INTEGER_DIGITS} digits)")
    return amount


# --- dates -------------------------------------------------------------------------------------------

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ \-/.]([A-Za-z]{3,9})\.?[ \-/.,]+(\d{4}|\d{2})")
_MONTH_NAME_DAY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")


@dataclasses.dataclass(frozen=True)
class NumericDate:
    """A ``dd/mm/yyyy``-or-``mm/dd/yyyy`` date whose order the whole file must decide."""

    first: int
    second: int
    year: int


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"no such date (year {year}, month {month}, day {day})") from None


def parse_date_format(spec: str) -> tuple[DateOrder | None, str | None]:
    """Read a ``--date-format``: ``dmy``/``mdy``/``ymd`` (any case) or a ``strptime`` pattern like ``%d/%m/%Y``.

    Raises:
        CellError: neither.
    """
    lowered = spec.strip().lower()
    if lowered in ("dmy", "mdy", "ymd"):
        return lowered, None  # type: ignore[return-value]
    if "%" in spec:
        try:
            dt.date(2001, 2, 3).strftime(spec)
        except ValueError:
            raise CellError(f"{spec!r} is not a valid date pattern") from None
        return None, spec
    raise CellError(f"{spec!r} is not a date format: use dmy, mdy, ymd or a pattern such as %d/%m/%Y")


def parse_date(value: Cell, *, pattern: str | None = None) -> dt.date | NumericDate:
    """Read a date cell.

    ISO dates, month-name dates (``15 Jul 2026``, ``Jul 15, 2026``) and XLSX date cells are read at once;
    a numeric ``03/04/2026`` comes back as :class:`NumericDate` for the file-wide order decision.

    Raises:
        CellError: not a date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise CellError("a number where a date was expected: format the column as dates (YYYY-MM-DD)")
    text = clean_text(value)
    if not text:
        raise CellError("the date is empty")
    if pattern is not None:
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - only the date part is kept
        except ValueError:
            pass  # ISO and month names still read below
    if match := _ISO.fullmatch(text):
        return _make_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
    if match := _NUMERIC.fullmatch(text):
        return NumericDate(int(match.group(1)), int(match.group(3)), _year(match.group(4)))
    if match := _DAY_MONTH_NAME.fullmatch(text):
        month = _MONTHS.get(match.group(2).lower())
        if month is not None:
            return _make_date(_year(match.group(3)), month, int(match.group(1)))
    if match := _MONTH_NAME_DAY.fullmatch(text):
        month = _MONTHS.get(match.group(1).lower())
        if month is not None:
            return _make_date(int(match.group(3)), month, int(match.group(2)))
    hint = f" or the --date-format {pattern!r}" if pattern else ""
    raise CellError(f"not a date: write it as YYYY-MM-DD{hint}")


def resolve_numeric(date: NumericDate, order: DateOrder) -> dt.date:
    """Turn a :class:`NumericDate` into a date given the file's order."""
    if order == "dmy":
        return _make_date(date.year, date.second, date.first)
    if order == "mdy":
        return _make_date(date.year, date.first, date.second)
    raise CellError("this date is day/month/year or month/day/year, not year first: check --date-format")


# --- currencies, statuses, names ----------------------------------------------------------------------


def parse_currency(value: Cell) -> str:
    """An ISO 4217 code, upper-cased.

    Raises:
        CellError: empty or not an active ISO 4217 code.
    """
    text = clean_text(value).upper()
    if not text:
        raise CellError("the currency is empty: write a three-letter code such as USD, or pass --currency")
    try:
        minor_units(text)
    except MoneyError:
        raise CellError("not an ISO 4217 currency code: write a three-letter code such as USD, EUR or GBP") from None
    return text


_STATUSES: dict[str, DocumentStatus] = {
    **dict.fromkeys(
        (
            "open awaitingpayment authorised authorized submitted sent viewed overdue due unpaid partial "
            "partiallypaid partlypaid outstanding approved posted pending"
        ).split(),
        DocumentStatus.OPEN,
    ),
    **dict.fromkeys("paid closed settled fullypaid".split(), DocumentStatus.PAID),
    **dict.fromkeys("void voided cancelled canceled".split(), DocumentStatus.VOID),
    **dict.fromkeys("draft awaitingapproval".split(), DocumentStatus.DRAFT),
    **dict.fromkeys("deleted".split(), DocumentStatus.DELETED),
}


def parse_status(value: Cell) -> DocumentStatus | None:
    """An invoice status in any of the words QuickBooks, Xero and people use; ``None`` when empty.

    Raises:
        CellError: a word we do not know.
    """
    text = clean_text(value)
    if not text:
        return None
    key = re.sub(r"[^a-z]", "", text.casefold())
    try:
        return _STATUSES[key]
    except KeyError:
        raise CellError(
            "unknown status: use open, paid, void, draft or deleted "
            "(QuickBooks and Xero words such as 'Awaiting Payment' are understood too)"
        ) from None


# An early-payment discount in the terms' name: QuickBooks' "2% 10 Net 30" and "1.5% 15, Net 45", the
# trade's "2/10 Net 30" and "2/10, n/30", "2% 10 days net 30". The percent, then the days.
_DISCOUNT_TERMS = re.compile(
    r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%\s*|/\s*)(\d{1,3})\s*(?:days?\s*)?,?\s*(?:net|n\s*/)",
    re.IGNORECASE,
)


def discount_of_terms(value: Cell) -> tuple[Decimal, int] | None:
    """The early-payment discount the terms grant, as (percent, days from the invoice date): "2% 10 Net
    30" gives (2, 10). None for terms without one ("Net 30", "Due on receipt") or that are not read."""
    found = _DISCOUNT_TERMS.search(clean_text(value))
    if found is None:
        return None
    pct = Decimal(found.group(1).replace(",", "."))
    return (pct, int(found.group(2))) if 0 < pct < 100 else None


_EMAIL = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")


def parse_emails(value: Cell) -> tuple[str, ...]:
    """Email addresses separated by commas, semicolons or spaces.

    Raises:
        CellError: a piece that is not an address.
    """
    found: list[str] = []
    for piece in re.split(r"[,;\s]+", clean_text(value)):
        if not piece:
            continue
        if not _EMAIL.fullmatch(piece):
            raise CellError(f"{piece!r} is not an email address; separate several with ';'")
        if piece not in found:
            found.append(piece)
    return tuple(found)


def slug(name: str) -> str:
    """A stable id for a customer that has none: ``"Acme, Inc."`` -> ``"acme-inc"``.

    Letters of any script are kept; a name with none gets a short hash so it still has a stable id.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    result = "-".join(part for part in re.split(r"[^\w]+|_", folded) if part)
    if not result:
        result = "customer-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return result
