"""BAI2 on the ``bai2`` library: type codes to credit/debit, payer and references from the 16/88 text.

Amounts are integers in minor units (the currency's decimals), unsigned; the type code says which
way the money moved (100-399 credits, 400-699 debits). The text of a 16 record and its 88
continuations carries the payer (NACHA ``ORIG CO NAME:``/``IND NAME:``, wire ``ORG=``/``B/O``, Citi
``BO1:``; a wire's ``/account`` before the name is the payer's account, a street address after it is no
part of the name) and remittance (X12 ``RMR*IV*<invoice>*<amount>``, wire ``OBI=``), each bank its own
way; the whole text is kept as the description and in ``raw``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from arsync.bankfiles.base import ParseOptions, SkippedRow
from arsync.bankfiles.values import FIELD_END, money, originator_in_text, references_in_text, statement_line
from arsync.errors import InputError
from arsync.models import Money, MoneyError, Reference, RemittanceItem, StatementLine, minor_units

__all__ = ["parse_text", "read"]

_MAX_BYTES = 64 * 1024 * 1024
_STOP = FIELD_END
_ACCOUNT_PATTERNS = (re.compile(r"\bBO:\s*(\S+)"), re.compile(r"\bORIG ID:\s*(\S+)"))
# X12 RMR (remittance advice, open item): RMR01 qualifier (IV: invoice), RMR02 the reference, RMR03 a
# payment action code (PI, PO, ...; often empty), RMR04 the amount paid, RMR05 the invoice's amount,
# RMR06 the discount taken, RMR07 an adjustment's reason code and RMR08 its amount (a deduction the payer
# took: damaged goods, a pricing dispute). Some banks and tools write the amount paid right after the
# reference instead ("RMR*IV*INV-1001*200.00"): a number in RMR03's place is read that way.
# A segment ends at X12's terminator (~ or a bank's \) or where the next segment id starts.
_RMR = re.compile(r"RMR\*")
_SEGMENT_END = re.compile(r"[~\\]|\s+(?=[A-Z][A-Z0-9]{1,2}\*)")
_QUALIFIER = re.compile(r"[A-Z0-9]{2,3}")
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?|-?\.\d+")
_TEXT_REFS = (
    (re.compile(r"\bOBI=\s*(.+?)" + _STOP), "text"),
    (re.compile(r"\bPY:\s*(\S+)"), "payer_ref"),
    (re.compile(r"\bTRID:\s*(\S+)"), "payment_id"),
    (re.compile(r"\bTRN:\s*(\S+)"), "payment_id"),
    (re.compile(r"\bCO ENTRY DESCR:\s*(.+?)" + _STOP), "text"),
)


def parse_text(text: str) -> dict[str, Any]:
    """Payer name/account, references and RMR invoice items from a 16/88 text."""
    name, account = originator_in_text(text)
    if account is None:
        account = next((m.group(1).strip() for p in _ACCOUNT_PATTERNS if (m := p.search(text))), None)
    references: list[Reference] = []
    for pattern, kind in _TEXT_REFS:
        for m in pattern.finditer(text):
            value = m.group(1).strip()
            if value and Reference(kind=kind, value=value) not in references:
                references.append(Reference(kind=kind, value=value))
    rmr = _rmr_segments(text)
    for segment in rmr:
        kind = "invoice" if segment.qualifier in ("IV", "IK", "OI") else f"rmr_{segment.qualifier.lower()}"
        references.append(Reference(kind=kind, value=segment.number))
    references.extend(r for r in references_in_text(text) if r not in references)
    return {"name": name, "account": account, "references": references, "rmr": rmr}


@dataclass(frozen=True, slots=True)
class _Rmr:
    """One RMR segment: the open item's qualifier and reference, the amount paid, the discount taken and
    an adjustment with its reason code (their text, when given)."""

    qualifier: str
    number: str
    paid: str | None
    discount: str | None
    reason: str | None = None  # RMR07, the adjustment reason code
    adjustment: str | None = None  # RMR08


def _rmr_segments(text: str) -> list[_Rmr]:
    """Every RMR segment of a 16/88 text (see _RMR)."""
    out: list[_Rmr] = []
    for m in _RMR.finditer(text):
        rest = text[m.end() :]
        end = _SEGMENT_END.search(rest)
        elements = [e.strip() for e in (rest[: end.start()] if end else rest).split("*")]
        if len(elements) < 2 or not _QUALIFIER.fullmatch(elements[0]) or not elements[1]:
            continue
        amounts = elements[2:]
        if amounts and not _NUMBER.fullmatch(amounts[0]):
            amounts = amounts[1:]  # RMR03, the payment action code (or empty)
        paid = amounts[0] if amounts and amounts[0] else None
        discount = amounts[2] if len(amounts) > 2 and amounts[2] else None
        reason = amounts[3] if len(amounts) > 3 and amounts[3] else None
        adjustment = amounts[4] if len(amounts) > 4 and amounts[4] else None
        out.append(_Rmr(elements[0], elements[1], paid, discount, reason, adjustment))
    return out


def _lines_of_16(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n"), start=1) if line.lstrip().startswith("16,")]


def read(path: Path, options: ParseOptions) -> list[StatementLine]:
    """Every 16 (transaction detail) record of every account and group."""
    from bai2 import bai2 as bai2_api

    fname = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc}", file=fname) from None
    if len(data) > _MAX_BYTES:
        raise InputError("the BAI2 file is larger than 64 MiB; split it", file=fname)
    text = data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines or lines[-1][:2] != "99":
        # The library loops forever (and grows without bound) when the records run out inside a group,
        # e.g. a file cut short after a 16 record; a complete file always ends with its 99 trailer.
        raise InputError(
            "the file does not end with a BAI2 99 (file trailer) record; it may be cut short: download it again",
            file=fname,
            line=len(lines) or None,
        )
    try:
        parsed = bai2_api.parse_from_lines(lines, check_integrity=True)
    except Exception as exc:  # the library raises ParsingException, IntegrityException, ValueError, ...
        raise InputError(
            f"not a valid BAI2 file ({type(exc).__name__}: {exc}); check the record structure and control totals",
            file=fname,
        ) from None
    starts = _lines_of_16(text)
    details: list[tuple[Any, Any, Any]] = []
    for group in parsed.children:
        for account in group.children:
            for tx in account.children:
                details.append((group, account, tx))
    if len(details) != len(starts):
        raise InputError(
            f"the file has {len(starts)} 16 records but {len(details)} were read; the file is malformed", file=fname
        )
    out: list[StatementLine] = []
    for (group, account, tx), line_no in zip(details, starts, strict=True):
        try:
            line = _line(group, account, tx, fname, line_no, options)
        except InputError as exc:
            if not options.skip_bad_rows:
                raise
            options.skipped.append(SkippedRow(fname, line_no, exc.message, "bad"))
            continue
        except (ValueError, TypeError, AttributeError, ArithmeticError) as exc:
            error = InputError(f"bad 16 record ({exc})", file=fname, line=line_no)
            if not options.skip_bad_rows:
                raise error from None
            options.skipped.append(SkippedRow(fname, line_no, error.message, "bad"))
            continue
        if line is not None:
            out.append(line)
    return out


def _line(  # noqa: PLR0917 - one record's whole context
    group: Any, account: Any, tx: Any, fname: str, line_no: int, options: ParseOptions
) -> StatementLine | None:
    type_code = tx.type_code
    direction = getattr(getattr(type_code, "transaction", None), "value", "misc")
    code = str(getattr(type_code, "code", "") or "")
    if direction not in ("credit", "debit"):
        options.skipped.append(
            SkippedRow(fname, line_no, f"type code {code} is not a credit or a debit (information only)", "info")
        )
        return None
    currency = str(account.header.currency or group.header.currency or "USD").upper()
    try:
        places = minor_units(currency)
    except MoneyError as exc:
        raise InputError(str(exc), file=fname, line=line_no, column="currency", value=currency) from None
    if tx.amount is None:
        raise InputError("the 16 record has no amount", file=fname, line=line_no, column="amount")
    units = int(tx.amount)
    if units < 0:
        raise InputError("BAI2 amounts are unsigned", file=fname, line=line_no, column="amount", value=str(units))
    value = Decimal(units).scaleb(-places)
    if direction == "debit":
        value = -value
    amount = money(value, currency, file=fname, line=line_no, column="amount")
    booking = group.header.as_of_date
    if not isinstance(booking, dt.date):
        raise InputError("the group header has no as-of date", file=fname, line=line_no, column="02 as-of date")
    availability = getattr(tx, "availability", None) or {}
    value_date = availability.get("date") if isinstance(availability, dict) else None
    text = " ".join(str(tx.text or "").split())
    found = parse_text(text)
    references: list[Reference] = list(found["references"])
    if tx.customer_reference:
        references.insert(0, Reference(kind="customer_ref", value=str(tx.customer_reference)))
    # An RMR segment names no party: each item is paid by the line's payer (camt items carry their own).
    payer = (found["name"], found["account"])
    items = _rmr_items(found["rmr"], currency, fname, line_no, direction, payer)
    raw = {
        "type_code": code,
        "text": str(tx.text or ""),
        "account": str(account.header.customer_account_number or ""),
        "bank_reference": str(tx.bank_reference or ""),
        "customer_reference": str(tx.customer_reference or ""),
        "funds_type": str(getattr(tx.funds_type, "value", tx.funds_type) or ""),
    }
    return statement_line(
        booking_date=booking,
        amount=amount,
        file=fname,
        line=line_no,
        raw={k: v for k, v in raw.items() if v},
        value_date=value_date if isinstance(value_date, dt.date) else None,
        description=text or str(getattr(type_code, "description", "") or ""),
        counterparty_name=found["name"],
        counterparty_account=found["account"],
        references=tuple(references),
        bank_id=str(tx.bank_reference) if tx.bank_reference else None,
        transaction_code=code,
        items=items,
    )


def _rmr_items(  # noqa: PLR0917 - one record's whole context
    rmr: list[_Rmr], currency: str, fname: str, line_no: int, direction: str, payer: tuple[str | None, str | None]
) -> tuple[RemittanceItem, ...]:
    items: list[RemittanceItem] = []
    for segment in rmr:
        amount = _rmr_amount(segment.paid, "RMR04 amount paid", currency, fname, line_no)
        if amount is not None and direction != "credit":
            amount = -amount
        discount = _rmr_amount(segment.discount, "RMR06 discount taken", currency, fname, line_no)
        if discount is not None and discount.amount < 0:
            raise InputError(
                "the RMR06 discount taken is negative; a discount is written as a positive amount",
                file=fname,
                line=line_no,
                column="RMR06 discount taken",
                value=segment.discount,
            )
        adjustment = _rmr_amount(segment.adjustment, "RMR08 adjustment amount", currency, fname, line_no)
        kind = "invoice" if segment.qualifier in ("IV", "IK", "OI") else f"rmr_{segment.qualifier.lower()}"
        reference = Reference(kind=kind, value=segment.number)
        items.append(
            RemittanceItem(
                kind="remittance",
                amount=amount,
                discount=discount,
                adjustment=adjustment,
                adjustment_reason=segment.reason if adjustment is not None else None,
                references=(reference,),
                counterparty_name=payer[0],
                counterparty_account=payer[1],
            )
        )
    return tuple(items)


def _rmr_amount(text: str | None, column: str, currency: str, fname: str, line_no: int) -> Money | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError(
            f"the {column} is not a number; fix the RMR segment", file=fname, line=line_no, column=column, value=text
        ) from None
    return money(value, currency, file=fname, line=line_no, column=column)
