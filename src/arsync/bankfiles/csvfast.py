"""The CSV engine's fast row path: one Python function generated per profile and file header.

The general row converter in :mod:`arsync.bankfiles.csvprofile` reads a profile's settings on every
row. For a million-line statement that interpretation costs more than the reading itself, so once
the header is known, :func:`compile_rows` writes a function for exactly this profile and header: the
column indexes are constants, the branches the profile cannot take are gone, and the objects are
built directly from values checked here.

The fast path only ever handles the ordinary row: a known date, a plain or already-seen number that
is exact in the currency, a booked row that no skip rule matches. Anything else (an error, a pending
or filtered row, an unseen currency, a number the profile's format has to interpret) is handed to
the general converter, which gives the same result or the same :class:`~arsync.errors.InputError`
it always did. ``tests/bankfiles/test_csv_fast.py`` checks the two agree.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from arsync.bankfiles.base import SkippedRow
from arsync.bankfiles.values import NumberFormat, field_set, references_in_text
from arsync.models import Money, Reference, SourceRef, StatementLine, minor_units

__all__ = ["RowPlan", "compile_rows"]

RowFunction = Callable[[list[str], int], StatementLine | SkippedRow]

# A plain amount: at most 18 integer and 8 fraction digits, so quantizing it never overflows the context.
_PLAIN_DOT = re.compile(r"[+-]?\d{1,18}(?:\.\d{1,8})?\Z")
_PLAIN_COMMA = re.compile(r"[+-]?\d{1,18}(?:,\d{1,8})?\Z")
_HAS_RF = re.compile(r"rf\d\d", re.IGNORECASE)


_CENTS = re.compile(r"[+-]?\d{1,18}\.\d\d\Z")
_QUANTUM = {n: Decimal(1).scaleb(-n) for n in range(5)}  # shared objects: ``Q is Q2`` means two decimals


class _Quanta(dict[str, Decimal]):
    """Currency code -> its minor unit as a Decimal exponent (``USD`` -> ``0.01``), filled on demand."""

    def __missing__(self, code: str) -> Decimal:
        quantum = self[code] = _QUANTUM[minor_units(code)]
        return quantum


@dataclasses.dataclass(frozen=True)
class RowPlan:
    """A profile resolved against one file's header: column indexes (``-1`` when absent) and settings."""

    names: list[str]
    needed: int  # the highest index a row must have (shorter rows go to the general converter)
    mode: str
    decimal: str
    strip_guard: bool
    i_date: int
    i_vdate: int
    i_amt: int
    i_debit: int
    i_credit: int
    i_sign: int
    i_ccy: int
    fixed_ccy: str | None
    desc: list[int]
    i_cp: int
    i_cpacct: int
    i_id: int
    i_code: int
    i_bal: int
    i_orig: int  # the original amount column: a row with one goes to the general converter
    refs: list[tuple[int, str]]  # (index, reference kind)
    negative: frozenset[str]
    positive: frozenset[str]


def compile_rows(
    plan: RowPlan,
    *,
    fname: str,
    slow: RowFunction,
    parse_date: Any,
    parse_vdate: Any,
    number: NumberFormat,
    known_ccy: dict[str, str],
    rules: list[Callable[[list[str]], bool]],
    raw_with_extras: Callable[[list[str], list[str]], dict[str, str]],
) -> RowFunction:
    """Return a row function equivalent to ``slow`` for this plan, faster on ordinary rows.

    ``rules`` are the skip and pending predicates: a row any of them matches goes to ``slow``.
    ``parse_date``/``parse_vdate`` are the general converter's cached date parsers (``.cache`` is read
    directly); ``known_ccy`` is its currency cache, keyed by the cell as written.
    """
    if plan.mode not in {"signed", "negated", "debit_credit", "sign_column"}:
        return slow  # gross/fee/net rows carry items built through pydantic: the general path
    if any(kind == "creditor_ref" for _, kind in plan.refs):
        return slow  # classified by check digits; rare enough for the general path
    p = plan
    ns: dict[str, Any] = {
        "SLOW": slow,
        "RULES": tuple(rules),
        "DGET": parse_date.cache.get,
        "PDATE": parse_date,
        "VGET": parse_vdate.cache.get if parse_vdate is not None else None,
        "PVDATE": parse_vdate,
        "PLAIN": (_PLAIN_DOT if p.decimal == "." else _PLAIN_COMMA).match,
        "NPARSE": number.parse,
        "D": Decimal,
        "ZERO": Decimal(0),
        "CCY": known_ccy.get,
        "QUANTA": _Quanta(),
        "NAMES": p.names,
        "NCOLS": len(p.names),
        "RAWX": raw_with_extras,
        "FNAME": fname,
        "NEW": object.__new__,
        "SET_DICT": BaseModel.__dict__["__dict__"].__set__,
        "SET_FS": BaseModel.__dict__["__pydantic_fields_set__"].__set__,
        "SET_EXTRA": BaseModel.__dict__["__pydantic_extra__"].__set__,
        "SET_PRIVATE": BaseModel.__dict__["__pydantic_private__"].__set__,
        "Money": Money,
        "SourceRef": SourceRef,
        "StatementLine": StatementLine,
        "Reference": Reference,
        "FS_MONEY": field_set(Money),
        "FS_SOURCE": field_set(SourceRef),
        "FS_LINE": field_set(StatementLine),
        "FS_REF": field_set(Reference),
        "HAS_RF": _HAS_RF.search,
        "RIT": references_in_text,
        "SIGNS": {},
        "NEGATIVE": p.negative,
        "POSITIVE": p.positive,
        "zip": zip,
        "len": len,
        "abs": abs,
        "dict": dict,
        "tuple": tuple,
        "ArithmeticError": ArithmeticError,
        "ValueError": ValueError,
    }
    ns["FIXED_Q"] = _QUANTUM[minor_units(p.fixed_ccy)] if p.fixed_ccy is not None else None
    ns["Q2"] = _QUANTUM[2]
    ns["CENTS"] = _CENTS.match
    out: list[str] = ["def convert(row, line):"]

    def emit(code: str, depth: int = 1) -> None:
        out.append("    " * depth + code)

    def cell(i: int) -> str:
        """An expression for cell ``i`` as written ('' past the end of a short row)."""
        return f"row[{i}]" if i <= p.needed else f"(row[{i}] if nrow > {i} else '')"

    def text(var: str, i: int, depth: int = 1) -> None:
        """``var`` = the stripped cell without its Excel apostrophe guard (the general ``text()``)."""
        if i < 0:
            emit(f"{var} = ''", depth)
            return
        emit(f"{var} = {cell(i)}.strip()", depth)
        if p.strip_guard:
            emit(f'if {var}[:1] == "\'": {var} = {var}[1:].lstrip()', depth)

    def number_into(var: str, i: int, depth: int = 1) -> None:
        """``var`` = the Decimal in cell ``i`` or None when blank; a bad number goes to the general path."""
        emit(f"s = {cell(i)}", depth)
        emit("if PLAIN(s):", depth)
        if p.decimal == ".":
            emit(f"{var} = D(s)", depth + 1)
        else:  # the general parser reads the sign apart, so its zero is never negative
            emit(f"{var} = D(s.replace(',', '.'))", depth + 1)
            emit(f"if not {var}: {var} = abs({var})", depth + 1)
        emit("else:", depth)
        emit("try:", depth + 1)
        emit(f"{var} = NPARSE(s)", depth + 2)
        emit("except (ValueError, ArithmeticError):", depth + 1)
        emit("return SLOW(row, line)", depth + 2)

    def quantize_into(value: str, depth: int = 1) -> None:
        """``q`` = value quantized to the currency when that is exact; otherwise the general path decides."""
        emit("try:", depth)
        emit(f"q = {value}.quantize(Q)", depth + 1)
        emit("except ArithmeticError:", depth)
        emit("return SLOW(row, line)", depth + 1)
        emit(f"if q != {value}: return SLOW(row, line)", depth)

    def money_into(var: str, value: str, depth: int = 1) -> None:
        """``var`` = Money(value, ccy) when exact in the currency; otherwise the general path decides."""
        quantize_into(value, depth)
        build_money(var, depth)

    def build_money(var: str, depth: int = 1) -> None:
        """``var`` = Money(q, ccy), ``q`` already exact and quantized."""
        emit(f"{var} = NEW(Money)", depth)
        emit(f"SET_DICT({var}, {{'amount': q, 'currency': ccy}})", depth)
        emit(f"SET_FS({var}, FS_MONEY)", depth)
        emit(f"SET_EXTRA({var}, None)", depth)
        emit(f"SET_PRIVATE({var}, None)", depth)

    emit("nrow = len(row)")
    emit(f"if nrow <= {p.needed}: return SLOW(row, line)")
    if rules:
        emit("for rule in RULES:")
        emit("if rule(row): return SLOW(row, line)", 2)
    # booking date: the general parser's cache, or the parser itself
    emit(f"c = row[{p.i_date}]")
    emit("booking = DGET(c)")
    emit("if booking is None:")
    emit("try:", 2)
    emit("booking = PDATE(c)", 3)
    emit("except ValueError:", 2)
    emit("return SLOW(row, line)", 3)
    # currency
    if p.i_ccy >= 0:
        emit(f"ccy = CCY({cell(p.i_ccy)})")
        emit("if ccy is None: return SLOW(row, line)")
        emit("Q = QUANTA[ccy]")
    else:
        ns["FIXED_CCY"] = p.fixed_ccy
        emit("ccy = FIXED_CCY")
        emit("Q = FIXED_Q")
    # amount
    cents_ok = p.decimal == "." and (p.fixed_ccy is None or ns["FIXED_Q"] is _QUANTUM[2])
    if p.mode in {"signed", "negated"} and cents_ok:
        # The commonest amount of all, "-12.34" in a two-decimal currency, is its own quantization.
        emit(f"s = {cell(p.i_amt)}")
        emit("if CENTS(s)" + (" and Q is Q2:" if p.fixed_ccy is None else ":"))
        emit("q = D(s)" if p.mode == "signed" else "q = -D(s)", 2)
        emit("else:")
        number_into("v", p.i_amt, 2)
        emit("if v is None: return SLOW(row, line)", 2)
        if p.mode == "negated":
            emit("v = -v", 2)
        quantize_into("v", 2)
        build_money("amount")
    elif p.mode in {"signed", "negated", "sign_column"}:
        number_into("v", p.i_amt)
        emit("if v is None: return SLOW(row, line)")
        if p.mode == "negated":
            emit("v = -v")
        elif p.mode == "sign_column":
            emit(f"c = {cell(p.i_sign)}")
            emit("neg = SIGNS.get(c)")
            emit("if neg is None:")
            text("t", p.i_sign, 2)
            emit("t = t.casefold()", 2)
            emit("if t in NEGATIVE: neg = True", 2)
            emit("elif t in POSITIVE: neg = False", 2)
            emit("else: return SLOW(row, line)", 2)
            emit("if len(SIGNS) < 1024: SIGNS[c] = neg", 2)
            emit("v = -abs(v) if neg else abs(v)")
        money_into("amount", "v")
    else:  # debit_credit
        number_into("dv", p.i_debit)
        number_into("cv", p.i_credit)
        emit("if (dv and cv) or (dv is None and cv is None): return SLOW(row, line)")
        emit("v = -abs(dv) if dv else abs(cv or ZERO)")
        money_into("amount", "v")
    # description
    if len(p.desc) == 1:
        text("description", p.desc[0])
    elif p.desc:
        for k, i in enumerate(p.desc):
            text(f"d{k}", i)
        emit("description = ' '.join(t for t in (" + "".join(f"d{k}, " for k in range(len(p.desc))) + ") if t)")
    else:
        emit("description = ''")
    for var, i in (("cp", p.i_cp), ("cpacct", p.i_cpacct), ("bank_id", p.i_id), ("code", p.i_code)):
        if i < 0:
            emit(f"{var} = None")
        else:
            text(var, i)
            emit(f"{var} = {var} or None")
    # value date
    emit("vdate = None")
    if p.i_vdate >= 0 and parse_vdate is not None:
        emit(f"if nrow > {p.i_vdate}:")
        emit(f"c = row[{p.i_vdate}]", 2)
        emit("vdate = VGET(c)", 2)
        emit("if vdate is None and c.strip():", 2)
        emit("try:", 3)
        emit("vdate = PVDATE(c)", 4)
        emit("except ValueError:", 3)
        emit("return SLOW(row, line)", 4)
    if p.i_orig >= 0:
        emit(f"if nrow > {p.i_orig} and row[{p.i_orig}].strip(): return SLOW(row, line)")
    # running balance
    emit("balance = None")
    if p.i_bal >= 0:
        emit(f"if nrow > {p.i_bal}:")
        number_into("bv", p.i_bal, 2)
        emit("if bv is not None:", 2)
        money_into("balance", "bv", 3)
    # references
    emit("refs = ()")
    if len(p.refs) == 1:
        i, kind = p.refs[0]
        text("r0", i)
        emit("if r0:")
        emit(f"ref = NEW(Reference); SET_DICT(ref, {{'kind': {kind!r}, 'value': r0, 'amount': None}})", 2)
        emit("SET_FS(ref, FS_REF); SET_EXTRA(ref, None); SET_PRIVATE(ref, None)", 2)
        emit("refs = (ref,)", 2)
        emit("if ('R' in r0 or 'r' in r0) and HAS_RF(r0):", 2)  # an RF reference written inside the text
        emit("found = [ref]; found.extend(r for r in RIT(r0) if r not in found); refs = tuple(found)", 3)
    elif p.refs:
        emit("found = []")
        for k, (i, kind) in enumerate(p.refs):
            text(f"r{k}", i)
            emit(f"if r{k}:")
            emit(f"ref = NEW(Reference); SET_DICT(ref, {{'kind': {kind!r}, 'value': r{k}, 'amount': None}})", 2)
            emit("SET_FS(ref, FS_REF); SET_EXTRA(ref, None)", 2)
            emit("SET_PRIVATE(ref, None); found.append(ref)", 2)
        emit("if found:")
        emit("joined = ' '.join(x.value for x in found) if len(found) > 1 else found[0].value", 2)
        emit("if HAS_RF(joined): found.extend(r for r in RIT(joined) if r not in found)", 2)
        emit("refs = tuple(found)", 2)
    # the line
    # raw: a dict display with the header names as constants when the row is exactly as wide as the header
    display = "{" + ", ".join(f"{name!r}: row[{i}]" for i, name in enumerate(p.names)) + "}"
    # (one blank cell past the header is common: a trailing delimiter, as in Chase's exports)
    n = len(p.names)
    emit(f"if nrow == {n} or (nrow == {n + 1} and not row[{n}].strip()): raw = {display}")
    emit("else: raw = dict(zip(NAMES, row)) if nrow < NCOLS else RAWX(NAMES, row)")
    emit("src = NEW(SourceRef); SET_DICT(src, {'file': FNAME, 'line': line})")
    emit("SET_FS(src, FS_SOURCE); SET_EXTRA(src, None)")
    emit("SET_PRIVATE(src, None)")
    emit("out = NEW(StatementLine)")
    emit(
        "SET_DICT(out, {'booking_date': booking, 'value_date': vdate, 'amount': amount, "
        "'description': description, 'counterparty_name': cp, 'counterparty_account': cpacct, "
        "'references': refs, 'bank_id': bank_id, 'status': 'booked', 'source': src, 'items': (), "
        "'transaction_code': code, 'raw': raw, 'balance_after': balance, 'original_amount': None})"
    )
    emit("SET_FS(out, FS_LINE); SET_EXTRA(out, None)")
    emit("SET_PRIVATE(out, None)")
    emit("return out")
    source = "\n".join(out) + "\n"
    exec(compile(source, f"<csv row function {fname}>", "exec"), ns)  # noqa: S102 - our own generated code
    convert: RowFunction = ns["convert"]
    convert.__doc__ = source  # kept for debugging: print(fn.__doc__)
    return convert
