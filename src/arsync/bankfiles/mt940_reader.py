"""SWIFT MT940 on the ``mt-940`` library, plus our own reading of the ``:86:`` details.

``:86:`` is bank-specific: German banks use ``?xx`` subfields (``?20``-``?29`` purpose with SEPA
keywords ``EREF+``/``SVWZ+``/..., ``?31`` IBAN, ``?32``/``?33`` payer name), Dutch and Belgian banks
``/TAG/value`` fields (``/EREF/``, ``/NAME/``, ``/REMI/``, ...). The raw ``:86:`` text is always kept
in ``raw[":86:"]`` as ``mt-940`` gives it; the details are read from the lines as the bank wrote them,
with the spaces at their ends (see _as_written).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from arsync.bankfiles.base import ParseOptions, SkippedRow
from arsync.bankfiles.values import creditor_reference, money, original_amount, references_in_text, statement_line
from arsync.errors import InputError
from arsync.models import Money, Reference, StatementLine

__all__ = ["parse_details", "read"]

_SUBFIELD = re.compile(r"\?(\d{2})")
# SWIFT's code word for the original ordered amount, ``/OCMT/3!a15d/`` (e.g. ``/OCMT/USD1000,00/``): in the
# :61: supplementary details, or in :86: for some banks. A SWIFT amount has a decimal comma.
_OCMT = re.compile(r"/OCMT/([A-Za-z]{3})(\d+(?:,\d*)?)(?:/|$)", re.MULTILINE)
_SEPA_KEYS = ("EREF", "KREF", "MREF", "CRED", "DEBT", "COAM", "OAMT", "SVWZ", "ABWA", "ABWE", "IBAN", "BIC")
_SEPA_ANYWHERE = re.compile(r"(" + "|".join(_SEPA_KEYS) + r")\+")
_NL_TAGS = (
    "TRTP|IBAN|BIC|NAME|REMI|EREF|ORDP|BENM|MARF|CSID|ISDT|RTRN|ULTC|ULTD|ULTB|ADDR|PREF|CDTRREFTP|CDTRREF|CNTP|"
    "SVCL|PURP|CD|ID|ISSR|NRTX|PREF|FX|BUSP|ORIG|EXCH|CHGS"
)
_NL = re.compile(r"/(" + _NL_TAGS + r")/")
_MAX_BYTES = 64 * 1024 * 1024


def _german(details: str) -> dict[str, Any]:
    """``?xx`` subfields: GVC code, booking text, purpose lines, BIC, IBAN, name, SEPA keywords."""
    fields: dict[str, str] = {}
    parts = _SUBFIELD.split(details)
    gvc = parts[0].strip()
    for key, value in zip(parts[1::2], parts[2::2], strict=False):
        fields[key] = fields.get(key, "") + value
    pieces = [fields.get(f"{n:02d}", "") for n in (*range(20, 30), *range(60, 64))]
    purpose = "".join(pieces)
    # A keyword starts a subfield, or follows a non-letter inside one: the subfields are joined without a
    # separator, so "SVWZ+ZAHLUNG MAERZ" then "ABWA+..." reads "...MAERZABWA+...".
    starts = set(itertools.accumulate((len(p) for p in pieces), initial=0))
    sepa: dict[str, str] = {}
    matches = [
        m for m in _SEPA_ANYWHERE.finditer(purpose) if m.start() in starts or not purpose[m.start() - 1].isupper()
    ]
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(purpose)
        sepa[m.group(1)] = purpose[m.end() : end].strip()
    text = sepa.get("SVWZ") or (purpose[: matches[0].start()].strip() if matches else "") or purpose.strip()
    out: dict[str, Any] = {
        "gvc": gvc,
        "posting_text": fields.get("00", "").strip(),
        "purpose": purpose.strip(),
        "name": " ".join((fields.get("32", "") + fields.get("33", "")).split()) or None,
        "account": fields.get("31", "").strip() or None,
        "bic": fields.get("30", "").strip() or None,
        "remittance": text,
        "end_to_end": sepa.get("EREF"),
        "customer_ref": sepa.get("KREF"),
        "mandate": sepa.get("MREF"),
        "ultimate": sepa.get("ABWA"),
    }
    if not out["account"] and sepa.get("IBAN"):
        out["account"] = sepa["IBAN"]
    return out


def _dutch(details: str) -> dict[str, Any]:
    """``/TAG/value`` fields (Rabobank, ABN AMRO, ING NL/BE)."""
    values: dict[str, str] = {}
    matches = list(_NL.finditer(details))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(details)
        value = details[m.end() : end].strip().rstrip("/").strip()
        tag = m.group(1)
        if value and tag not in values:
            values[tag] = value
        elif tag not in values:
            values[tag] = ""
    cntp = values.get("CNTP", "")
    name = values.get("NAME") or None
    account = values.get("IBAN") or None
    if cntp and (not name or not account):
        pieces = cntp.split("/")
        account = account or (pieces[0] or None)
        if len(pieces) > 2:
            name = name or (pieces[2] or None)
    return {
        "name": name,
        "account": account,
        "bic": values.get("BIC") or None,
        "remittance": values.get("REMI", ""),
        "end_to_end": values.get("EREF") or None,
        "mandate": values.get("MARF") or None,
        "creditor_ref": values.get("CDTRREF") or None,
        "ultimate": values.get("ULTD") or None,
        "tags": values,
    }


def parse_details(raw: str) -> dict[str, Any]:
    """Read one ``:86:`` text (continuation lines are joined without spaces: fields wrap mid-word; a space
    the bank wrote at the end of a line stays, only the line break goes)."""
    joined = "".join(part.strip("\r") for part in raw.split("\n"))
    if re.match(r"^\d{3}\?\d{2}", joined) or re.match(r"^\?\d{2}", joined):
        return _german(joined)
    if _NL.search(joined) and joined.lstrip().startswith("/"):
        return _dutch(joined)
    return {"remittance": " ".join(line.strip() for line in raw.splitlines()).strip()}


def read(path: Path, options: ParseOptions) -> list[StatementLine]:
    """Every ``:61:`` (with its ``:86:``) of every statement in the file."""
    import mt940
    from mt940 import processors

    fname = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc}", file=fname) from None
    if len(data) > _MAX_BYTES:
        raise InputError("the MT940 file is larger than 64 MiB; split it", file=fname)
    text = data.decode("utf-8") if _is_utf8(data) else data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^:61:", text, re.MULTILINE)]
    transactions = mt940.models.Transactions(
        processors={
            "pre_statement": [processors.date_fixup_pre_processor],
            "post_transaction_details": [],  # keep the raw :86: text; we read it ourselves
            "post_statement": [
                processors.date_cleanup_post_processor,
                processors.transactions_to_transaction("transaction_reference", "account_identification"),
            ],
        }
    )
    try:
        parsed = transactions.parse(text)
    except Exception as exc:  # the library raises many types on malformed input
        raise InputError(f"not a readable MT940 statement ({type(exc).__name__}: {exc})", file=fname) from None
    if len(parsed) != len(starts):
        raise InputError(
            f"the file has {len(starts)} :61: lines but only {len(parsed)} could be read as transactions; "
            "the statement is malformed",
            file=fname,
        )
    source = text.split("\n")
    out: list[StatementLine] = []
    for transaction, line_no in zip(parsed, starts, strict=True):
        try:
            out.append(_line(transaction.data, fname, line_no, source))
        except InputError as exc:
            if not options.skip_bad_rows:
                raise
            options.skipped.append(SkippedRow(fname, line_no, exc.message, "bad"))
        except (ValueError, TypeError, AttributeError, ArithmeticError) as exc:
            error = InputError(f"bad :61: line ({exc})", file=fname, line=line_no)
            if not options.skip_bad_rows:
                raise error from None
            options.skipped.append(SkippedRow(fname, line_no, error.message, "bad"))
    return out


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _plain_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise ValueError(f"not a date: {value!r}")
    return dt.date(value.year, value.month, value.day)


def _as_written(raw86: str, source: list[str], line_no: int) -> str:
    """The ``:86:`` text with the spaces the bank wrote at the ends of its lines.

    mt-940 strips every line's trailing whitespace, so "?32BAUUNTERNEHMUNG " and the next line "JAEGER
    GMBH" would read "BAUUNTERNEHMUNGJAEGER GMBH". The tag's lines are found again in the file (``source``)
    after the ``:61:`` on line ``line_no``; unless they read exactly like the library's text, line for
    line but for trailing whitespace, that text is used as it is.
    """
    wanted = raw86.split("\n")
    start = None
    for index in range(line_no, len(source)):
        if source[index].startswith(":86:"):
            start = index
            break
        if source[index].startswith(":61:"):
            return raw86
    if start is None:
        return raw86
    written: list[str] = []
    # The library drops blank lines and lines holding only "-", and the blanks after the tag itself.
    lines = itertools.chain((source[start][4:].lstrip(),), source[start + 1 :])
    for k, line in enumerate(lines):
        if len(written) == len(wanted):
            break
        if not line.rstrip() or (k > 0 and line.strip() == "-"):
            continue
        expected = wanted[len(written)]
        if line.rstrip() == expected:
            written.append(line)
        elif len(written) == len(wanted) - 1 and line.startswith(expected):
            written.append(expected)  # the library cut a long :86: here
        else:
            return raw86
    return "\n".join(written) if len(written) == len(wanted) else raw86


def _line(data: dict[str, Any], fname: str, line_no: int, source: list[str]) -> StatementLine:
    amount_obj = data.get("amount")
    date = data.get("date")
    if amount_obj is None or date is None:
        raise InputError("the :61: line has no amount or value date", file=fname, line=line_no, column=":61:")
    value = amount_obj.amount
    currency = str(amount_obj.currency or data.get("currency") or "").upper()
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    # The debit/credit mark decides the sign. mt-940 5.x negates only "D" unless told otherwise, so a
    # reversal of a credit ("RC": a deposit taken back, money out) and a lowercase "d" came back as money
    # in; signed here from the mark itself, whatever the library version does.
    mark = str(data.get("status") or "").upper()
    if mark in ("D", "RC"):
        value = -abs(value)
    elif mark in ("C", "RD"):
        value = abs(value)
    amount = money(value, currency, file=fname, line=line_no, column=":61:")
    raw86 = str(data.get("transaction_details") or "")
    details = parse_details(_as_written(raw86, source, line_no)) if raw86 else {}
    references: list[Reference] = []
    if details.get("creditor_ref"):
        references.append(creditor_reference(details["creditor_ref"], None))
    if details.get("end_to_end") and str(details["end_to_end"]).upper() != "NOTPROVIDED":
        references.append(Reference(kind="end_to_end", value=details["end_to_end"]))
    if details.get("mandate"):
        references.append(Reference(kind="mandate", value=details["mandate"]))
    if details.get("customer_ref") and str(details["customer_ref"]).upper() != "NONREF":
        references.append(Reference(kind="customer_ref", value=details["customer_ref"]))
    ultimate = str(details.get("ultimate") or "").strip()
    if ultimate and details.get("name") and ultimate.casefold() != str(details["name"]).strip().casefold():
        references.append(Reference(kind="ultimate_payer", value=ultimate))  # see the camt reader
    remittance = str(details.get("remittance") or "").strip()
    if remittance:
        references.append(Reference(kind="text", value=remittance))
    references.extend(r for r in references_in_text(remittance) if r not in references)
    customer_reference = data.get("customer_reference")
    bank_reference = data.get("bank_reference")
    extra = str(data.get("extra_details") or "").strip()
    account = details.get("account")
    if not account and re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", extra):
        account = extra  # Rabobank puts the counterparty IBAN on the :61: second line
    raw: dict[str, str] = {":86:": raw86}
    for key in ("transaction_reference", "account_identification", "status", "id", "funds_code", "extra_details"):
        if data.get(key):
            raw[key] = str(data[key])
    if data.get("account_identification"):
        raw["account"] = str(data["account_identification"])
    if customer_reference:
        raw["customer_reference"] = str(customer_reference)
    if bank_reference:
        raw["bank_reference"] = str(bank_reference)
    entry = _plain_date(data.get("entry_date"))
    value_date = _plain_date(date)
    original = _original(amount, extra, raw86, fname, line_no)
    assert value_date is not None
    description = remittance or " ".join(raw86.split())
    if details.get("posting_text"):
        description = f"{details['posting_text']} {description}".strip()
    return statement_line(
        booking_date=entry if entry is not None else value_date,
        amount=amount,
        file=fname,
        line=line_no,
        raw=raw,
        value_date=value_date,
        description=description,
        counterparty_name=details.get("name"),
        counterparty_account=account,
        references=tuple(references),
        bank_id=str(bank_reference) if bank_reference else None,
        transaction_code=str(data.get("id") or "") or None,
        original_amount=original,
    )


def _original(amount: Money, extra: str, raw86: str, fname: str, line_no: int) -> Money | None:
    """``/OCMT/``: what the payer ordered, in its currency, when the bank converted it."""
    found = _OCMT.search(extra) or _OCMT.search(raw86)
    if found is None:
        return None
    where = ":61:/OCMT/" if found.string is extra else ":86:/OCMT/"
    value = Decimal(found.group(2).replace(",", ".").rstrip(".") or "0")
    return original_amount(amount, money(value, found.group(1).upper(), file=fname, line=line_no, column=where))
