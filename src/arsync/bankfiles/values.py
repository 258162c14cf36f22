"""Parsing primitives shared by every bank format: amounts, dates, encodings, references, fast model building.

Parsers build :class:`~arsync.models.Money` and :class:`~arsync.models.StatementLine` through
:func:`money` and :func:`statement_line`, which check every value here (currency code, exact
quantization, types) and then skip pydantic's per-field validation: a million-line CSV would
otherwise spend most of its time re-validating values that are already known to be good.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from arsync.errors import InputError
from arsync.models import Money, MoneyError, Reference, RemittanceItem, SourceRef, StatementLine, minor_units

__all__ = [
    "FIELD_END",
    "STREET_TYPES",
    "NumberFormat",
    "choose_encoding",
    "money",
    "normalize_text",
    "original_amount",
    "originator_in_text",
    "parse_decimal",
    "payer_in_text",
    "qrr_valid",
    "rf_valid",
    "statement_line",
    "street_address_start",
    "without_bank_data",
]

_QUANTUM = {n: Decimal(1).scaleb(-n) for n in range(5)}
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")

M = TypeVar("M", bound=BaseModel)
_set = object.__setattr__


_FIELD_SETS: dict[type[BaseModel], set[str]] = {}


def _build(cls: type[M], values: dict[str, Any]) -> M:
    """Instantiate a pydantic model from values already validated by this module (no re-validation).

    ``values`` must hold every field of ``cls``; all are marked as set (one shared set per class:
    pydantic copies it before changing it in ``model_copy``).
    """
    obj = _new(cls)
    fields_set = _FIELD_SETS.get(cls)
    if fields_set is None:
        fields_set = _FIELD_SETS[cls] = set(cls.model_fields)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new = object.__new__


def field_set(cls: type[BaseModel]) -> set[str]:
    """The shared "every field is set" set :func:`_build` gives instances of ``cls``."""
    fields_set = _FIELD_SETS.get(cls)
    if fields_set is None:
        fields_set = _FIELD_SETS[cls] = set(cls.model_fields)
    return fields_set


def money(amount: Decimal, currency: str, *, file: Path | str, line: int | None, column: str | None) -> Money:
    """Build Money without rounding: more decimals than the currency allows is an :class:`InputError`."""
    try:
        places = minor_units(currency)
    except MoneyError as exc:
        raise InputError(str(exc), file=file, line=line, column=column, value=currency) from None
    if not amount.is_finite():
        raise InputError("amount is not a finite number", file=file, line=line, column=column, value=str(amount))
    try:
        quantized = amount.quantize(_QUANTUM[places])
    except InvalidOperation:
        raise InputError("amount is too large", file=file, line=line, column=column, value=str(amount)) from None
    if quantized != amount:
        raise InputError(
            f"amount has more decimals than {currency} allows ({places}); arsync never rounds a bank amount, "
            "check the profile's decimal mark and currency",
            file=file,
            line=line,
            column=column,
            value=str(amount),
        )
    return _build(Money, {"amount": quantized, "currency": currency})


_LINE_DEFAULTS: dict[str, Any] = {
    "value_date": None,
    "description": "",
    "counterparty_name": None,
    "counterparty_account": None,
    "references": (),
    "bank_id": None,
    "status": "booked",
    "items": (),
    "transaction_code": None,
    "balance_after": None,
    "original_amount": None,
}


def original_amount(amount: Money, original: Money | None) -> Money | None:
    """The payer's own amount for a line or item the bank converted, signed like ``amount``.

    None when there is nothing to add: no original, zero, or in the account's own currency no more than
    the booked amount (a bank often repeats the booked amount there; a larger one means the banks on the
    way deducted charges, and is kept). Banks write it unsigned or signed; the booked amount's sign wins.
    """
    if original is None or original.amount == 0:
        return None
    if original.currency == amount.currency and abs(original.amount) <= abs(amount.amount):
        return None
    value = abs(original.amount) if amount.amount > 0 else -abs(original.amount)
    return original if value == original.amount else _build(Money, {"amount": value, "currency": original.currency})


def statement_line(
    *,
    booking_date: dt.date,
    amount: Money,
    file: str,
    line: int,
    raw: dict[str, str],
    **fields: Any,
) -> StatementLine:
    """Build a StatementLine from checked values (dates are dates, money is Money, strings are str)."""
    values = {
        **_LINE_DEFAULTS,
        **fields,
        "booking_date": booking_date,
        "amount": amount,
        "raw": raw,
        "source": _build(SourceRef, {"file": file, "line": line}),
    }
    return _build(StatementLine, values)


def reference(kind: str, value: str) -> Reference:
    """Build a Reference from two strings without re-validation."""
    return _build(Reference, {"kind": kind, "value": value, "amount": None})


def remittance_item(**fields: Any) -> RemittanceItem:
    """Build a RemittanceItem through pydantic validation (items are few; no need for the fast path)."""
    return RemittanceItem(**fields)


class NumberFormat:
    """How a file writes numbers: decimal and thousands marks, negative styles, allowed symbols.

    Args:
        decimal: the decimal mark (``.`` or ``,``).
        thousands: the grouping mark (``,``, ``.``, ``'``, `` `` or empty for none).
        parentheses: ``(12.34)`` means ``-12.34``.
        trailing_minus: ``12.34-`` means ``-12.34``.
        symbols: currency symbols that may appear and are dropped (``$``, ``£``, ``€``); anything else
            that is not part of a number is an error, never silently stripped.
    """

    __slots__ = ("_cache", "decimal", "parentheses", "symbols", "thousands", "trailing_minus")

    def __init__(
        self,
        *,
        decimal: str = ".",
        thousands: str = "",
        parentheses: bool = True,
        trailing_minus: bool = False,
        symbols: Sequence[str] = (),
    ) -> None:
        self.decimal = decimal
        self.thousands = thousands
        self.parentheses = parentheses
        self.trailing_minus = trailing_minus
        self.symbols = tuple(symbols)
        self._cache: dict[str, Decimal | None] = {}

    def parse(self, text: str) -> Decimal | None:
        """Return the number written in ``text`` (``None`` when blank).

        Raises:
            ValueError: the text is not a number in this format (the caller names file/line/column).
        """
        if self.decimal == "." and _PLAIN_NUMBER.match(text):
            return Decimal(text)
        cached = self._cache.get(text, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        value = self._parse_slow(text)
        if len(self._cache) > 4096:  # bounded: memory must stay flat on huge files
            self._cache.clear()
        self._cache[text] = value
        return value

    def _parse_slow(self, text: str) -> Decimal | None:
        s = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
        if s.startswith("'"):
            s = s[1:]  # Excel text guard
        if not s:
            return None
        negative = False
        if self.parentheses and s.startswith("(") and s.endswith(")"):
            negative, s = True, s[1:-1].strip()
        if s and s[0] in "+-":  # ("" in "+-" is true: an empty "()" must not reach s[0])
            negative ^= s[0] == "-"
            s = s[1:].strip()
        for symbol in self.symbols:
            if s.startswith(symbol):
                s = s[len(symbol) :].strip()
            elif s.endswith(symbol):
                s = s[: -len(symbol)].strip()
        if self.parentheses and s.startswith("(") and s.endswith(")") and not negative:
            negative, s = True, s[1:-1].strip()  # $(12.34)
        if s[:1] == "-" and not negative:
            negative, s = True, s[1:].strip()  # $-12.34
        if self.trailing_minus and s.endswith("-"):
            negative, s = not negative, s[:-1].strip()
        elif s.endswith(("-", "+")):
            raise ValueError("trailing sign is not allowed by this profile")
        if self.thousands and self.thousands in s:
            integer, _, fraction = s.partition(self.decimal)
            groups = integer.split(self.thousands)
            if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
                raise ValueError("misplaced thousands separator")
            s = "".join(groups) + (("." + fraction) if self.decimal in s else "")
        elif self.decimal != ".":
            if "." in s:
                raise ValueError(f"unexpected '.' (this profile's decimal mark is {self.decimal!r})")
            s = s.replace(self.decimal, ".", 1)
        if s.startswith("."):
            s = "0" + s
        if s.endswith("."):
            s = s + "0"
        if not _PLAIN_NUMBER.match(s) or s[:1] in "+-":
            raise ValueError("not a number")
        value = Decimal(s)
        return -value if negative else value


_MISSING = object()


def parse_decimal(text: str, fmt: NumberFormat, *, file: Path | str, line: int, column: str) -> Decimal | None:
    """:meth:`NumberFormat.parse` with an :class:`InputError` naming the file, line and column."""
    try:
        return fmt.parse(text)
    except (ValueError, InvalidOperation) as exc:
        raise InputError(
            f"not an amount ({exc}); check the profile's decimal/thousands marks",
            file=file,
            line=line,
            column=column,
            value=text,
        ) from None


def normalize_text(text: str) -> str:
    """Casefold and collapse whitespace, for comparing descriptions across exports."""
    return " ".join(text.split()).casefold()


# --- structured references ----------------------------------------------------------------


def rf_valid(ref: str) -> bool:
    """True for a valid ISO 11649 creditor reference (``RF`` + 2 check digits + up to 21 chars, mod 97 == 1)."""
    s = ref.replace(" ", "").upper()
    if not re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", s):
        return False
    rearranged = s[4:] + s[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return int(digits) % 97 == 1


_MOD10_TABLE = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)


def qrr_valid(ref: str) -> bool:
    """True for a valid Swiss QR/ISR reference: 27 digits, recursive mod-10 check digit."""
    s = ref.replace(" ", "")
    if not re.fullmatch(r"\d{27}", s):
        return False
    carry = 0
    for ch in s[:-1]:
        carry = _MOD10_TABLE[(carry + int(ch)) % 10]
    return (10 - carry) % 10 == int(s[-1])


_RF_COMPACT = re.compile(r"\bRF\d{2}[0-9A-Z]{1,21}\b", re.IGNORECASE)
_RF_SPACED = re.compile(r"\bRF\d{2}(?: [0-9A-Z]{1,4}){1,6}\b", re.IGNORECASE)
_HAS_RF = re.compile(r"rf\d\d", re.IGNORECASE)


# US bank texts label their fields: NACHA's "ORIG CO NAME:", "IND NAME:", a wire's "ORG=", "B/O", "BO1:",
# "ORIGINATOR:", Zelle's "from". A field's value ends where the next label, a segment mark or the text ends.
# An ACH entry's addenda (the payer's remittance: "ADDENDA:INV 1608, 1951", "PMT INFO:...", "REMARK:...")
# ends the field before it, the receiving company's name included.
_LABELS = (
    r"ORIG CO NAME|ORIG ID|DESC DATE|CO ENTRY DESCR|CO DISCR|SEC|TRACE#|EED|IND ID|IND NAME|TRN|ADDENDA|PMT INFO"
    r"|REMARK|[A-Z]{2,4}\d?"
)
FIELD_END = r"(?=\s+(?:(?:" + _LABELS + r"):|[A-Z]{3}=|B/O\s)|\s*$|\s*(?:RMR|REF|ADX|NTE|DTM)\*|\s*[\\~])"
_PAYER_PATTERNS = (
    re.compile(r"ORIG CO NAME:\s*(.+?)" + FIELD_END),
    # Bank of America: the originator before "DES:" ("ACME CORP DES:PAYMENT ID:0001047 INDN:... CO ID:..."),
    # and a wire's "ORIG:" ("... ORIG:ACME CORP ID:0099887766 SND BK:...").
    re.compile(r"^\s*(\S.*?)\s+DES:.*\bID:"),
    re.compile(r"\bORIG:\s*(.+?)" + FIELD_END),
    re.compile(r"\bIND NAME:\s*(.+?)" + FIELD_END),
    # A Wells Fargo wire: "WT Fed#06710 Morgan Stanley and /Org=Acme Corp Srf# D10201... Trn#2201... Rfb# ..."
    re.compile(r"(?i)/ORG=\s*(.+?)(?=\s+(?:SRF|TRN|RFB|OBI|BNF)#|\s*$)"),
    re.compile(r"\bORG=\s*(.+?)" + FIELD_END),
    re.compile(r"\bB/O:?\s+(.+?)" + FIELD_END),  # "B/O ACME CORP", Chase's Fedwire "B/O: ACME CORP"
    re.compile(r"\bBO1:\s*(.+?)" + FIELD_END),
    re.compile(r"\bORIGINATOR:\s*(.+?)" + FIELD_END),
    # Zelle, as Chase and others print it: "Zelle payment from JOHN DOE 12345678901", "... Conf# abc123"
    re.compile(r"(?i)\bzelle (?:payment |transfer )?from\s+(.+?)(?=\s+(?:conf|for|on|memo)\b|\s+\d{6,}|\s*[;#]|\s*$)"),
)


# Labelled fields of a US bank's text that hold the bank's own data, never the payer's remittance: dates and
# times, trace, sequence and reference numbers, company and bank ids, the names of the payer (read apart, by
# payer_in_text), of the banks and of the receiving company (INDN, IND NAME: the account holder itself). A
# name's "ID:" that follows it (the originator's account, the sending bank's routing number) goes with it.
# Left in, "TIME:1049" or a bank's "ID:0002" would name invoice 1049 or INV-0002 like a remittance does.
# Chase's Fedwire credit ("FEDWIRE CREDIT VIA: CITIBANK N.A./021000089 B/O: ACME CORP NEW YORK NY 10001
# REF: CHASE NYC/CTR/BNF=<the receiver, its address>/AC-<its account> RFB=... OBI=... IMAD: ... TRN: ...")
# also loses the sending bank (VIA), the payer with its address (B/O), the receiver (REF: .../BNF=) and the
# bank-to-bank fields (BBI=, IMAD:).
# What stays is what the payer wrote: Bank of America's "DES:" and "ID:" (the ACH individual id), Chase's
# "CO ENTRY DESCR:" and "IND ID:", a wire's "PMT DET:", "RFB=" and "OBI=".
_US_LABELLED = re.compile(r"WIRE TYPE:|SND BK:|ORIG CO NAME:|\bINDN:|\bORIG:|\bDES:.*\bID:|\bB/O:|\bIMAD:")
_BANK_DATA_FIELD = re.compile(
    r"(?:\b(?:ORIG CO NAME|ORIG ID|CO ID|DESC DATE|DATE|TIME|TRN|SEQ|TRACE#|EED|INDN|IND NAME|VIA|B/O|IMAD"
    r"|(?:SND|ORIG|BNF|RCV) BK|ORIG|BNF):|\bREF:\s*[A-Z ]*/CTR/BNF=|\bBBI=)\s*.*?" + FIELD_END + r"(?:\s+ID:\s*\S+)?"
)


# A Wells Fargo wire: everything before "Rfb#" (the payer's reference) is the bank's: its Fed reference
# number, the sending bank, the originator (read apart), "Srf#" and "Trn#".
_WF_WIRE = re.compile(r"(?i)\bWT\s+FED#.*?(?=\bRFB#|\bOBI#|$)")


# A deposit made at the bank's own machine or app: an ATM, a mobile or remote check deposit. The text is the
# bank's (its date, the machine's sequence number, the branch's address), since no payer wrote anything:
# "BKOFAMERICA ATM 10/01 #000002015 DEPOSIT LAMAR AUSTIN TX", "ATM CHECK DEPOSIT 10/01 2450 S LAMAR BLVD",
# "BKOFAMERICA MOBILE 10/01 1234567890 DEPOSIT *MOBILE TX", "REMOTE ONLINE DEPOSIT # 1", Wells Fargo's
# "EDEPOSIT IN BRANCH/STORE 03/11/26 10:21:05 AM 1234 MAIN ST ..." and "MOBILE DEPOSIT : REF NUMBER
# :123456789012". Its numbers are
# none of an invoice's; left in, "#000002015" named invoice 2015.
_SELF_SERVICE_DEPOSIT = re.compile(
    r"^\s*(?:BKOFAMERICA (?:ATM|MOBILE)\b|(?:ATM|MOBILE|REMOTE(?: ONLINE)?) (?:CHECK |CHEQUE |CASH )?DEPOSIT\b"
    r"|EDEPOSIT IN BRANCH|DEPOSIT MADE IN A BRANCH)",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"[#*]?\d[\d/]*")


def without_bank_data(text: str) -> str:
    """A US bank's labelled text without the fields that hold the bank's own data (see _BANK_DATA_FIELD,
    _WF_WIRE), a self-service deposit's text without its numbers (see _SELF_SERVICE_DEPOSIT); any other text
    as it is."""
    if _SELF_SERVICE_DEPOSIT.match(text):
        return " ".join(_DIGITS.sub(" ", text).split())
    if "#" in text and "FED#" in text.upper():
        text = " ".join(_WF_WIRE.sub(" ", text).split())
    if ":" not in text or not _US_LABELLED.search(text):
        return text
    return " ".join(_BANK_DATA_FIELD.sub(" ", text).split())


def payer_in_text(text: str) -> str | None:
    """The payer a US bank's text names in a labelled field (ACH "ORIG CO NAME:", a wire's "B/O"), if any."""
    return next((m.group(1).strip() for p in _PAYER_PATTERNS if (m := p.search(text))), None)


# A wire writes the originator's account before its name, after a slash ("ORG=/6310025942 THORNBURY COFFEE
# ROASTERS INC.", "B/O /123456789 ACME CORP"): a number, or an IBAN.
_LEADING_ACCOUNT = re.compile(r"/(\d{4,34}|[A-Z]{2}\d{2}[A-Z0-9]{11,30})(?:\s+|$)")
# Street types after a house number ("2153 COMMERCE DR", "3314 HARBOR BLVD"), lower case: a US originator's
# address, which banks write after the payer's name in a wire's text. The matcher also reads a number
# before them as no invoice's (arsync.matching.references).
STREET_TYPES = frozenset(
    """st street ave avenue blvd boulevard dr drive rd road ln lane way ct court pl place pkwy parkway hwy
    highway ste suite plaza sq square cir circle ter terrace trl trail""".split()
)
# A US street address: a house number, then one to three words and a street type ("2153 COMMERCE DR",
# "100 N MICHIGAN AVE", "1 WORLD TRADE CENTER SUITE 500"). At least one word between, so "ACME 2 WAY
# RADIO" keeps its name.
_STREET_ADDRESS = re.compile(
    r"(?<!\S)\d{1,6}(?:\s+\S+){1,3}?\s+(?:" + "|".join(sorted(STREET_TYPES)) + r")[.,]?(?!\S)", re.IGNORECASE
)


def street_address_start(text: str) -> int | None:
    """Where a US street address starts in ``text``, if it holds one.

    Args:
        text: a name possibly followed by an address, as wires write the originator
            ("THORNBURY COFFEE ROASTERS INC. 2153 COMMERCE DR AUSTIN TX 78701").

    Returns:
        The index of the house number of the first street address (a number followed, within one to
        four words, by a street type such as ST, AVE, BLVD, DR, RD, WAY, SUITE), or None.
    """
    found = _STREET_ADDRESS.search(text)
    return None if found is None else found.start()


def originator_in_text(text: str) -> tuple[str | None, str | None]:
    """The payer's name and account a US bank's text names in a labelled field (see :func:`payer_in_text`).

    The account a wire writes right after the label (``ORG=/6310025942 THORNBURY ...``) is the account, not
    part of the name, and a street address after the name (``... INC. 2153 COMMERCE DR AUSTIN TX 78701``)
    is left out of it. Either is None when the text does not give it.
    """
    value = payer_in_text(text)
    if value is None:
        return None, None
    account = None
    leading = _LEADING_ACCOUNT.match(value)
    if leading is not None:
        account, value = leading.group(1), value[leading.end() :]
    start = street_address_start(value)
    if start:  # an address right at the start leaves no name to cut it from: kept as it is
        value = value[:start].rstrip().rstrip(",;").rstrip()
    return value or None, account


def references_in_text(text: str) -> list[Reference]:
    """Valid RF creditor references written inside free text (compact, or printed in groups of four)."""
    found: list[Reference] = []
    if not _HAS_RF.search(text):
        return found
    candidates = [m.group(0) for m in _RF_COMPACT.finditer(text)]
    for m in _RF_SPACED.finditer(text):
        groups = m.group(0).split(" ")
        for end in range(len(groups), 1, -1):  # the longest prefix that validates
            candidates.append("".join(groups[:end]))
    for candidate in candidates:
        value = candidate.upper()
        if rf_valid(value) and all(r.value != value for r in found):
            found.append(Reference(kind="rf", value=value))
    return found


def creditor_reference(value: str, declared: str | None) -> Reference:
    """Classify a structured creditor reference.

    ``rf`` only when it passes ISO 11649 mod-97; ``qrr``/``isr`` when the bank declares that type (or an
    undeclared 27-digit reference passes the Swiss mod-10 check); otherwise ``creditor_ref``.
    """
    compact = value.replace(" ", "")
    kind = (declared or "").strip().upper()
    if compact.upper().startswith("RF") and rf_valid(compact):
        return Reference(kind="rf", value=compact.upper())
    if kind == "QRR":
        return Reference(kind="qrr", value=compact)
    if "ISR" in kind or "ESR" in kind:
        return Reference(kind="isr", value=compact)
    if kind in ("", "SCOR") and qrr_valid(compact):
        return Reference(kind="qrr", value=compact)
    return Reference(kind="creditor_ref", value=value.strip())


# --- encodings ----------------------------------------------------------------------------------


def choose_encoding(path: Path, candidates: Iterable[str], head: bytes | None = None) -> str:
    """Return the first encoding in which the whole file decodes, honouring a byte-order mark.

    The check streams the file in 1 MiB chunks, so memory stays flat.

    Raises:
        InputError: no candidate decodes the file.
    """
    if head is None:
        with path.open("rb") as fh:
            head = fh.read(4)
    bom = None
    if head.startswith(codecs.BOM_UTF8):
        bom = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = "utf-16"
    if bom is not None:  # the mark decides, but the rest must decode too (else a UnicodeDecodeError mid-parse)
        if _decodes(path, bom):
            return bom
        raise InputError(
            f"the file starts with a {bom} byte-order mark but is not valid {bom} throughout; "
            "it may be damaged or saved with mixed encodings: export it again",
            file=path,
        )
    tried: list[str] = []
    for encoding in candidates:
        tried.append(encoding)
        if _decodes(path, encoding):
            return encoding
    raise InputError(
        f"the file is not in any encoding the profile allows ({', '.join(tried)}); "
        "add the right one to the profile's `encoding` list",
        file=path,
    )


def _decodes(path: Path, encoding: str) -> bool:
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    except LookupError:
        return False
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
