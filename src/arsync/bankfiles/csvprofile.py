"""The CSV engine: one declarative profile (validated YAML data) per bank export, streamed row by row.

A profile says how to decode the file, where its header is (after a preamble, or none at all), how
dates and amounts are written, where the currency comes from, which columns hold the payer, the
references and the bank's id, and which rows to leave out (pending rows, balance pseudo-rows).
The field reference is ``docs/bank-formats.md``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from arsync.bankfiles.base import BankFormat, ParseOptions, SkippedRow
from arsync.bankfiles.csvfast import RowPlan, compile_rows
from arsync.bankfiles.values import (
    NumberFormat,
    _build,
    choose_encoding,
    creditor_reference,
    money,
    original_amount,
    reference,
    references_in_text,
    remittance_item,
)
from arsync.errors import InputError
from arsync.models import Money, MoneyError, Reference, SourceRef, StatementLine, minor_units

__all__ = ["CsvProfile", "CsvProfileFormat"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HeaderSpec(_Spec):
    """The header row: required column names (``re:`` prefix for a regex), optional ones, how far to look."""

    columns: list[str] = Field(min_length=1)
    optional: list[str] = []
    search_lines: int = Field(default=30, ge=1, le=500)
    preamble_regex: str | None = None


class HeaderlessSpec(_Spec):
    """An export without a header: the field names by position and a regex every data row matches."""

    fields: list[str] = Field(min_length=1)
    row_regex: str


class DateSpec(_Spec):
    """A date column and its strptime formats, tried in order (a datetime keeps only its date)."""

    col: str
    formats: list[str] = Field(min_length=1)


class AmountSpec(_Spec):
    """How the signed amount (positive = money in) is obtained.

    ``signed``: ``col`` as written. ``negated``: ``col`` with the sign flipped (charges positive).
    ``debit_credit``: ``debit`` and ``credit`` columns, either may carry a sign (taken absolute).
    ``sign_column``: ``abs(col)`` signed by ``sign_col`` (``negative``/``positive`` values).
    ``gross_fee_net``: processors; the line amount is the net, the row also becomes an item with
    gross, fee and net.
    """

    mode: Literal["signed", "negated", "debit_credit", "sign_column", "gross_fee_net"] = "signed"
    col: str | None = None
    debit: str | None = None
    credit: str | None = None
    sign_col: str | None = None
    negative: list[str] = []
    positive: list[str] = []
    gross: str | None = None
    fee: str | None = None
    net: str | None = None
    fee_sign: Literal["positive", "negative"] = "positive"
    item_kind_col: str | None = None
    item_kind: str = "charge"

    @model_validator(mode="after")
    def _columns_for_mode(self) -> AmountSpec:
        need = {
            "signed": ("col",),
            "negated": ("col",),
            "debit_credit": ("debit", "credit"),
            "sign_column": ("col", "sign_col", "negative", "positive"),
            "gross_fee_net": ("gross", "fee"),
        }[self.mode]
        missing = [k for k in need if not getattr(self, k)]
        if missing:
            raise ValueError(f"amount mode {self.mode!r} needs {', '.join(missing)}")
        return self


class NumberSpec(_Spec):
    """Decimal and thousands marks, negative styles and currency symbols that may appear in amounts."""

    decimal: Literal[".", ","] = "."
    thousands: Literal["", ",", ".", "'", " "] = ""
    parentheses: bool = True
    trailing_minus: bool = False
    symbols: list[str] = []

    @model_validator(mode="after")
    def _distinct_marks(self) -> NumberSpec:
        if self.decimal == self.thousands:
            raise ValueError("decimal and thousands marks must differ")
        return self


class CurrencySpec(_Spec):
    """Where the currency comes from: a column, a regex over header cells or preamble, or fixed."""

    col: str | None = None
    header_regex: str | None = None
    preamble_regex: str | None = None
    fixed: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> CurrencySpec:
        if not any((self.col, self.header_regex, self.preamble_regex, self.fixed)):
            raise ValueError("give one of col, header_regex, preamble_regex or fixed")
        if self.fixed is not None:
            try:
                minor_units(self.fixed)
            except MoneyError as exc:
                raise ValueError(str(exc)) from None
        for rx in (self.header_regex, self.preamble_regex):
            if rx is not None and "(?P<ccy>" not in rx:
                raise ValueError("a currency regex needs a named group (?P<ccy>...)")
        return self


class RowRule(_Spec):
    """Matches a row by one column: listed ``values`` (case-insensitive), ``empty``, or a ``regex``."""

    col: str
    values: list[str] | None = None
    empty: bool | None = None
    regex: str | None = None
    reason: str = "filtered"

    @model_validator(mode="after")
    def _one_test(self) -> RowRule:
        if sum(x is not None for x in (self.values, self.empty, self.regex)) != 1:
            raise ValueError("give exactly one of values, empty or regex")
        return self


class RefSpec(_Spec):
    """A column holding a remittance reference of the given kind (``text``, ``invoice``, ``end_to_end``, ...)."""

    col: str
    kind: str = "text"


class OriginalSpec(_Spec):
    """The columns of what the payer sent before the bank converted it ("Original Amount", "Original
    Currency"). A row whose original is empty or in the account's own currency has none."""

    col: str
    currency_col: str


class CsvProfile(_Spec):
    """A CSV bank export, as data. Field reference: ``docs/bank-formats.md``."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    version: int = 1
    description: str
    bank: str = ""
    country: str = ""
    encoding: list[str] = ["utf-8", "cp1252"]
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    header: HeaderSpec | None = None
    headerless: HeaderlessSpec | None = None
    footer_regex: str | None = None
    strip_apostrophe: bool = True
    date: DateSpec
    value_date: DateSpec | None = None
    amount: AmountSpec
    number: NumberSpec = NumberSpec()
    currency: CurrencySpec
    description_cols: list[str] = Field(default=[], alias="description_columns")
    counterparty: str | None = None
    counterparty_account: str | None = None
    bank_id: str | None = None
    transaction_code: str | None = None
    balance: str | None = None
    original_amount: OriginalSpec | None = None
    references: list[RefSpec] = []
    pending: RowRule | None = None
    keep_pending: bool = False
    skip: list[RowRule] = []

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("encoding")
    @classmethod
    def _known_encodings(cls, value: list[str]) -> list[str]:
        for name in value:
            try:
                codecs.lookup(name)
            except LookupError:
                raise ValueError(f"unknown encoding {name!r}") from None
        if not value:
            raise ValueError("list at least one encoding")
        return value

    @model_validator(mode="after")
    def _header_or_headerless(self) -> CsvProfile:
        if (self.header is None) == (self.headerless is None):
            raise ValueError("give exactly one of header or headerless")
        for rx in self._regexes():
            try:
                re.compile(rx)
            except re.error as exc:
                raise ValueError(f"bad regex {rx!r}: {exc}") from None
        if self.headerless is not None:
            names = set(self.headerless.fields)
            for col in self.column_names():
                if col not in names:
                    raise ValueError(f"column {col!r} is not one of the headerless fields")
        else:
            assert self.header is not None
            declared = {_norm(c) for c in (*self.header.columns, *self.header.optional)}
            for col in self.column_names():
                if _norm(col) not in declared and _norm(_OCCURRENCE.sub("", col)) not in declared:
                    raise ValueError(f"column {col!r} is read but not listed in header.columns or header.optional")
        return self

    def _regexes(self) -> list[str]:
        out = [r for r in (self.footer_regex, self.currency.header_regex, self.currency.preamble_regex) if r]
        if self.header is not None:
            out += [c[3:] for c in (*self.header.columns, *self.header.optional) if c.startswith("re:")]
            if self.header.preamble_regex:
                out.append(self.header.preamble_regex)
        if self.headerless is not None:
            out.append(self.headerless.row_regex)
        out += [r.regex for r in (*self.skip, *([self.pending] if self.pending else [])) if r.regex]
        return out

    def column_names(self) -> list[str]:
        """Every column the profile reads."""
        a = self.amount
        cols: list[str | None] = [
            self.date.col,
            self.value_date.col if self.value_date else None,
            a.col,
            a.debit,
            a.credit,
            a.sign_col,
            a.gross,
            a.fee,
            a.net,
            a.item_kind_col,
            self.currency.col,
            *self.description_cols,
            self.counterparty,
            self.counterparty_account,
            self.bank_id,
            self.transaction_code,
            self.balance,
            *((self.original_amount.col, self.original_amount.currency_col) if self.original_amount else ()),
            *(r.col for r in self.references),
            *(r.col for r in self.skip),
            self.pending.col if self.pending else None,
        ]
        return [c for c in dict.fromkeys(cols) if c]


# --- header handling --------------------------------------------------------------------------


def _norm(cell: str) -> str:
    s = cell.replace("\ufeff", "").strip()
    if s.startswith("'"):
        s = s[1:]
    return " ".join(s.split()).casefold()


def _trimmed(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1].strip():
        end -= 1
    return row[:end]


_OCCURRENCE = re.compile(r"#\d+$")
_DATE_SAMPLE = 5  # data rows read after a matching header to check its dates
_FOREIGN_DATES = 0.3  # what a header loses when none of the sampled dates reads in the profile's formats


def _cell_matches(spec: str, cell: str) -> bool:
    if spec.startswith("re:"):
        return re.fullmatch(spec[3:], cell.replace("\ufeff", "").strip().lstrip("'").strip(), re.IGNORECASE) is not None
    return _norm(_OCCURRENCE.sub("", spec)) == _norm(cell)


def _header_names(row: list[str]) -> list[str]:
    """Header cells as names; a repeated name gets ``#2``, ``#3`` (ING DE has two ``Währung``)."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for cell in row:
        base = cell.replace("\ufeff", "").strip().lstrip("'").strip()
        key = base.casefold()
        seen[key] = seen.get(key, 0) + 1
        names.append(base if seen[key] == 1 else f"{base}#{seen[key]}")
    return names


def header_score(spec: HeaderSpec, row: list[str]) -> float:
    """1.0 when ``row`` is exactly the header (optional columns allowed), 0.8 with unknown extras, else 0."""
    cells = _trimmed(row)
    if not cells:
        return 0.0
    used: set[int] = set()
    for want in spec.columns:
        for i, cell in enumerate(cells):
            if i not in used and _cell_matches(want, cell):
                used.add(i)
                break
        else:
            return 0.0
    extras = 0
    for i, cell in enumerate(cells):
        if i in used or not cell.strip():
            continue
        if any(_cell_matches(opt, cell) for opt in spec.optional):
            continue
        extras += 1
    specificity = min(len(spec.columns), 40) / 10000  # more required columns wins a tie
    return (1.0 if extras == 0 else 0.8) - 0.01 + specificity


def _column(names: list[str], spec: str) -> int | None:
    """The index of the column ``spec`` names (``re:`` for a regex), or None."""
    if spec.startswith("re:"):
        rx = re.compile(spec[3:], re.IGNORECASE)
        return next((i for i, name in enumerate(names) if rx.fullmatch(name)), None)
    wanted = _norm(spec)
    return next((i for i, name in enumerate(names) if _norm(name) == wanted), None)


def _resolve(names: list[str], spec: str, path: Path, line: int) -> int:
    index = _column(names, spec)
    if index is not None:
        return index
    raise InputError(
        f"the header has no column {spec!r} that the profile needs (header: {', '.join(names)})",
        file=path,
        line=line,
        column=spec,
    )


# --- the format -------------------------------------------------------------------------------


class _DateParser:
    """strptime with a bounded cache: statements repeat the same few hundred dates."""

    __slots__ = ("cache", "formats")

    def __init__(self, formats: list[str]) -> None:
        self.formats = formats
        self.cache: dict[str, dt.date] = {}

    def __call__(self, text: str) -> dt.date:
        got = self.cache.get(text)
        if got is not None:
            return got
        s = text.strip().lstrip("'")
        for fmt in self.formats:
            try:
                value = dt.datetime.strptime(s, fmt).date()  # noqa: DTZ007 - a calendar date, no timezone
            except ValueError:
                continue
            if 1900 <= value.year <= 2200:
                if len(self.cache) > 8192:
                    self.cache.clear()
                self.cache[text] = value
                return value
        raise ValueError(f"not a date in the format {' or '.join(self.formats)}")


class _Row:
    """Predicate of a :class:`RowRule` over a row."""

    def __init__(self, rule: RowRule, index: int) -> None:
        self.index = index
        self.reason = rule.reason
        self.values = {v.casefold() for v in rule.values} if rule.values is not None else None
        self.empty = rule.empty
        self.regex = re.compile(rule.regex) if rule.regex else None

    def __call__(self, row: list[str]) -> bool:
        if self.index < 0:
            return False
        cell = row[self.index].strip().lstrip("'") if self.index < len(row) else ""
        if self.values is not None:
            return cell.casefold() in self.values
        if self.empty is not None:
            return (cell == "") == self.empty
        assert self.regex is not None
        return self.regex.search(cell) is not None


class CsvProfileFormat(BankFormat):
    """A bank format driven by one :class:`CsvProfile`."""

    kind = "csv"

    def __init__(self, profile: CsvProfile, origin: str = "") -> None:
        self.profile = profile
        self.name = profile.name
        self.description = profile.description
        self.origin = origin
        self.fast_rows = True  # False: every row through the general converter (tests compare the two)

    # --- detection ------------------------------------------------------------------------

    def _head_rows(self, head: bytes) -> list[list[str]]:
        text = _decode_head(head, self.profile.encoding)
        if text is None:
            return []
        limit = self.profile.header.search_lines + 3 if self.profile.header else 6
        lines = text.splitlines(keepends=True)[:limit]
        if len(head) >= 65536 and len(lines) == len(text.splitlines()):
            lines = lines[:-1]  # the last line of a truncated head may be cut short
        try:
            return list(csv.reader(lines, delimiter=self.profile.delimiter))
        except csv.Error:
            return []

    def identify(self, path: Path, head: bytes) -> float:
        """Score the header (exact 1.0, with extra columns 0.8) or, headerless, the row shape (0.5)."""
        try:
            return self._identify(head)[0]
        except Exception:  # identify never raises
            return 0.0

    def explain(self, path: Path, head: bytes) -> str:
        """Why the profile scored as it did."""
        try:
            return self._identify(head)[1]
        except Exception:
            return "error while sniffing"

    def _identify(self, head: bytes) -> tuple[float, str]:
        p = self.profile
        rows = self._head_rows(head)
        if p.header is not None:
            spec = p.header
            for i, row in enumerate(rows[: spec.search_lines]):
                score = header_score(spec, row)
                if score > 0:
                    if spec.preamble_regex:
                        before = "\n".join(p.delimiter.join(r) for r in rows[:i])
                        if not re.search(spec.preamble_regex, before, re.MULTILINE):
                            return 0.0, "header matches but the expected preamble is missing"
                    how = "exact header" if score >= 0.98 else "header with extra columns"
                    foreign = self._foreign_date(row, rows[i + 1 :])
                    if foreign is not None:
                        # Same header, other bank: Amex and QuickBooks' upload both write "Date, Description,
                        # Amount", with opposite signs. Dates the profile cannot read tell them apart.
                        formats = " or ".join(p.date.formats)
                        return score - _FOREIGN_DATES, f"{how}, but dates such as {foreign!r} are not {formats}"
                    return score, f"{how} on record {i + 1}"
            return 0.0, "header not found"
        assert p.headerless is not None
        rx = re.compile(p.headerless.row_regex)
        text = _decode_head(head, p.encoding) or ""
        data = [ln for ln in text.splitlines()[:5] if ln.strip()]
        if len(head) >= 65536 and len(data) > 1:
            data = data[:-1]
        if data and all(rx.fullmatch(ln) for ln in data[:3]):
            return 0.5, "headerless rows match the row shape (confirm with --profile)"
        return 0.0, "row shape does not match"

    def _foreign_date(self, header: list[str], rows: list[list[str]]) -> str | None:
        """The first date of the sampled rows when none of them reads in the profile's date formats
        (None when one does, or there is nothing to read)."""
        index = _column(_header_names(header), self.profile.date.col)
        if index is None:
            return None
        cells = [c for c in (r[index].strip().lstrip("'") for r in rows[:_DATE_SAMPLE] if index < len(r)) if c]
        parse = _DateParser(self.profile.date.formats)
        for cell in cells:
            try:
                parse(cell)
            except ValueError:
                continue
            return None
        return cells[0] if cells else None

    # --- parsing --------------------------------------------------------------------------

    def parse(self, path: Path) -> Iterator[StatementLine]:
        """Stream the file's statement lines (see :meth:`parse_with`)."""
        return self.parse_with(path, ParseOptions())

    def parse_with(self, path: Path, options: ParseOptions) -> Iterator[StatementLine]:
        """Stream statement lines; bad rows raise InputError, or are recorded when ``skip_bad_rows``."""
        p = self.profile
        encoding = choose_encoding(path, p.encoding)
        fname = str(path)
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=p.delimiter)
            end = 0

            def next_row() -> tuple[int, list[str]] | None:
                nonlocal end
                start = end + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return None
                except csv.Error as exc:
                    raise InputError(f"malformed CSV ({exc})", file=fname, line=start) from None
                end = reader.line_num
                return start, row

            preamble: list[str] = []
            if p.header is not None:
                header_line = 0
                header: list[str] | None = None
                for _ in range(p.header.search_lines):
                    got = next_row()
                    if got is None:
                        break
                    header_line, row = got
                    if header_score(p.header, row) > 0:
                        header = row
                        break
                    preamble.append(p.delimiter.join(row))
                if header is None:
                    raise InputError(
                        f"no header row matching profile {p.name!r} in the first {p.header.search_lines} lines "
                        f"(expected columns: {', '.join(p.header.columns)}); pick another --profile",
                        file=fname,
                    )
                names = _header_names(_trimmed(header))
                header_norm = [_norm(c) for c in _trimmed(header)]
            else:
                assert p.headerless is not None
                names = list(p.headerless.fields)
                header_line = 0
                header_norm = []
                header = None
            convert = self._converter(path, names, header_line, preamble, fast=self.fast_rows)
            footer = re.compile(p.footer_regex) if p.footer_regex else None
            skip_bad = options.skip_bad_rows
            first_header = _trimmed(header)[0] if header_norm and header is not None else None
            skipped = options.skipped
            try:
                for row in reader:
                    line = end + 1
                    end = reader.line_num
                    if not row or (not row[0].strip() and not any(c.strip() for c in row)):
                        continue
                    if footer is not None and footer.search(p.delimiter.join(row)):
                        return
                    if (
                        first_header is not None
                        and row[0] == first_header
                        and [_norm(c) for c in _trimmed(row)] == header_norm
                    ):
                        continue  # a repeated header (NatWest concatenates accounts)
                    try:
                        result = convert(row, line)
                    except InputError as exc:
                        if not skip_bad:
                            raise
                        skipped.append(SkippedRow(fname, line, exc.message, "bad"))
                        continue
                    if isinstance(result, SkippedRow):
                        skipped.append(result)
                    else:
                        yield result
            except csv.Error as exc:
                raise InputError(f"malformed CSV ({exc})", file=fname, line=end + 1) from None

    def _converter(
        self, path: Path, names: list[str], header_line: int, preamble: list[str], *, fast: bool = True
    ) -> Callable[[list[str], int], StatementLine | SkippedRow]:
        """Compile the profile against this file's header into one row function.

        With ``fast`` (the default) ordinary rows take a function generated for this profile and
        header (:mod:`arsync.bankfiles.csvfast`) that hands every other row to the general one.
        """
        p = self.profile
        fname = str(path)

        required = {_norm(c) for c in p.header.columns} if p.header is not None else set()

        def col(spec: str | None) -> int:
            if spec is None:
                return -1
            if p.headerless is not None:
                return names.index(spec)
            try:
                return _resolve(names, spec, path, header_line)
            except InputError:
                if _norm(spec) not in required:
                    return -1  # an optional column this export does not have
                raise

        ncols = len(names)
        strip_guard = p.strip_apostrophe
        i_date = col(p.date.col)
        parse_date = _DateParser(p.date.formats)
        i_vdate = col(p.value_date.col) if p.value_date else -1
        parse_vdate = _DateParser(p.value_date.formats) if p.value_date else None
        a = p.amount
        i_amt, i_debit, i_credit, i_sign = col(a.col), col(a.debit), col(a.credit), col(a.sign_col)
        i_gross, i_fee, i_net, i_kind = col(a.gross), col(a.fee), col(a.net), col(a.item_kind_col)
        negative = {v.casefold() for v in a.negative}
        positive = {v.casefold() for v in a.positive}
        n = p.number
        number = NumberFormat(
            decimal=n.decimal,
            thousands=n.thousands,
            parentheses=n.parentheses,
            trailing_minus=n.trailing_minus,
            symbols=n.symbols,
        )
        i_ccy = col(p.currency.col)
        fixed_ccy = self._file_currency(names, preamble, path)
        i_desc = [col(c) for c in p.description_cols]
        i_cp, i_cpacct, i_id = col(p.counterparty), col(p.counterparty_account), col(p.bank_id)
        i_code, i_bal = col(p.transaction_code), col(p.balance)
        orig = p.original_amount
        i_orig, i_orig_ccy = (col(orig.col), col(orig.currency_col)) if orig is not None else (-1, -1)
        if i_orig < 0 or i_orig_ccy < 0:
            i_orig = i_orig_ccy = -1  # an export without the columns: nothing to read
        refs = [(col(r.col), r.kind, r.col) for r in p.references]
        skips = [_Row(r, col(r.col)) for r in p.skip]
        pending = _Row(p.pending, col(p.pending.col)) if p.pending else None
        if pending is not None and pending.index < 0:
            pending = None  # the export has no status column
        skips = [rule for rule in skips if rule.index >= 0]
        keep_pending = p.keep_pending
        mode = a.mode
        known_ccy: dict[str, str] = {}
        if fixed_ccy is not None:
            known_ccy[fixed_ccy] = fixed_ccy
        one_desc = i_desc[0] if len(i_desc) == 1 else -1
        needed = max([i for i in (i_date, i_amt, i_debit, i_credit, i_sign, i_gross, i_fee, i_net) if i >= 0])

        def text(row: list[str], i: int) -> str:
            if i < 0 or i >= len(row):
                return ""
            s = row[i].strip()
            if strip_guard and s.startswith("'"):
                s = s[1:].lstrip()
            return s

        number_parse = number.parse

        def num(row: list[str], i: int, line: int) -> Decimal | None:
            raw = row[i] if i < len(row) else ""
            try:
                return number_parse(raw)
            except (ValueError, ArithmeticError) as exc:
                raise InputError(
                    f"not an amount ({exc}); check the profile's number format",
                    file=fname,
                    line=line,
                    column=names[i],
                    value=raw,
                ) from None

        quanta: dict[str, Decimal] = {}

        def to_money(value: Decimal, ccy: str, line: int, i: int) -> Money:
            quantum = quanta.get(ccy)
            if quantum is not None and value.is_finite():
                try:
                    quantized = value.quantize(quantum)
                except ArithmeticError:
                    quantized = None
                if quantized == value:  # exact: nothing is rounded
                    return _build(Money, {"amount": quantized, "currency": ccy})
            result = money(value, ccy, file=fname, line=line, column=names[i] if i >= 0 else None)
            quanta[ccy] = Decimal(1).scaleb(-minor_units(ccy))
            return result

        def original(row: list[str], line: int, amount: Money) -> Money | None:
            value = num(row, i_orig, line)
            if value is None:
                return None
            code = text(row, i_orig_ccy).upper()
            try:
                minor_units(code)
            except MoneyError:
                raise InputError(
                    f"the original amount's currency is not an ISO 4217 code (the {names[i_orig]} column holds "
                    f"{row[i_orig].strip()!r}); fix the row or leave both cells empty",
                    file=fname,
                    line=line,
                    column=names[i_orig_ccy],
                    value=code,
                ) from None
            return original_amount(amount, to_money(value, code, line, i_orig))

        def convert(row: list[str], line: int) -> StatementLine | SkippedRow:
            if len(row) <= needed:
                raise InputError(
                    f"the row has {len(row)} fields but the profile reads column {needed + 1} "
                    f"({names[needed] if needed < ncols else '?'})",
                    file=fname,
                    line=line,
                )
            for rule in skips:
                if rule(row):
                    return SkippedRow(fname, line, rule.reason, "filtered" if rule.reason != "balance" else "balance")
            status = "booked"
            if pending is not None and pending(row):
                if not keep_pending:
                    return SkippedRow(fname, line, "pending (not yet booked)", "pending")
                status = "pending"
            try:
                booking = parse_date(row[i_date])
            except ValueError as exc:
                raise InputError(str(exc), file=fname, line=line, column=names[i_date], value=row[i_date]) from None
            # currency
            if i_ccy >= 0:
                cell = row[i_ccy] if i_ccy < len(row) else ""
                ccy = known_ccy.get(cell)
                if ccy is None:
                    raw_ccy = text(row, i_ccy)
                    code = raw_ccy.upper()
                    try:
                        minor_units(code)
                    except MoneyError as exc:
                        if not raw_ccy and fixed_ccy is not None:
                            code = fixed_ccy
                        else:
                            raise InputError(
                                str(exc), file=fname, line=line, column=names[i_ccy], value=raw_ccy
                            ) from None
                    if len(known_ccy) < 1024:  # keyed by the cell as written; bounded for flat memory
                        known_ccy[cell] = code
                    ccy = code
            else:
                assert fixed_ccy is not None
                ccy = fixed_ccy
            items: tuple[Any, ...] = ()
            # amount
            if mode in {"signed", "negated"}:
                value = num(row, i_amt, line)
                if value is None:
                    raise InputError("the amount is empty", file=fname, line=line, column=names[i_amt], value="")
                amount = to_money(value if mode == "signed" else -value, ccy, line, i_amt)
            elif mode == "debit_credit":
                debit = num(row, i_debit, line)
                credit = num(row, i_credit, line)
                if debit and credit:
                    raise InputError(
                        "both the debit and the credit column hold an amount; which one applies is unclear",
                        file=fname,
                        line=line,
                        column=names[i_debit],
                        value=f"{row[i_debit]} / {row[i_credit]}",
                    )
                if debit is None and credit is None:
                    raise InputError(
                        "neither the debit nor the credit column holds an amount",
                        file=fname,
                        line=line,
                        column=names[i_debit],
                        value="",
                    )
                if debit:
                    amount = to_money(-abs(debit), ccy, line, i_debit)
                else:
                    amount = to_money(abs(credit or Decimal(0)), ccy, line, i_credit)
            elif mode == "sign_column":
                value = num(row, i_amt, line)
                if value is None:
                    raise InputError("the amount is empty", file=fname, line=line, column=names[i_amt], value="")
                sign = text(row, i_sign).casefold()
                if sign in negative:
                    value = -abs(value)
                elif sign in positive:
                    value = abs(value)
                else:
                    raise InputError(
                        f"unknown debit/credit indicator; expected one of {', '.join(a.negative + a.positive)}",
                        file=fname,
                        line=line,
                        column=names[i_sign],
                        value=row[i_sign],
                    )
                amount = to_money(value, ccy, line, i_amt)
            else:
                amount, items = gross_fee_net(row, line, ccy)
            if one_desc >= 0:
                description = row[one_desc].strip() if one_desc < len(row) else ""
                if strip_guard and description.startswith("'"):
                    description = description[1:].lstrip()
            else:
                description = " ".join(t for t in (text(row, i) for i in i_desc) if t)
            values: dict[str, Any] = {
                "booking_date": booking,
                "value_date": None,
                "amount": amount,
                "description": description,
                "counterparty_name": (text(row, i_cp) or None) if i_cp >= 0 else None,
                "counterparty_account": (text(row, i_cpacct) or None) if i_cpacct >= 0 else None,
                "references": (),
                "bank_id": (text(row, i_id) or None) if i_id >= 0 else None,
                "status": status,
                "source": _build(SourceRef, {"file": fname, "line": line}),
                "items": items,
                "transaction_code": (text(row, i_code) or None) if i_code >= 0 else None,
                "raw": dict(zip(names, row, strict=False)) if len(row) <= ncols else _raw_with_extras(names, row),
                "balance_after": None,
                "original_amount": original(row, line, amount) if i_orig >= 0 else None,
            }
            if i_vdate >= 0 and parse_vdate is not None and i_vdate < len(row) and row[i_vdate].strip():
                try:
                    values["value_date"] = parse_vdate(row[i_vdate])
                except ValueError as exc:
                    raise InputError(
                        str(exc), file=fname, line=line, column=names[i_vdate], value=row[i_vdate]
                    ) from None
            if i_bal >= 0 and i_bal < len(row):
                bal = num(row, i_bal, line)
                if bal is not None:
                    values["balance_after"] = to_money(bal, ccy, line, i_bal)
            if refs:
                found: list[Reference] = []
                for i, kind, _name in refs:
                    value_text = text(row, i)
                    if value_text:
                        found.append(
                            creditor_reference(value_text, None)
                            if kind == "creditor_ref"
                            else reference(kind, value_text)
                        )
                if found:
                    found.extend(r for r in references_in_text(" ".join(x.value for x in found)) if r not in found)
                    values["references"] = tuple(found)
            return _build(StatementLine, values)

        def gross_fee_net(row: list[str], line: int, ccy: str) -> tuple[Money, tuple[Any, ...]]:
            gross = num(row, i_gross, line)
            fee = num(row, i_fee, line) or Decimal(0)
            if gross is None:
                raise InputError("the gross amount is empty", file=fname, line=line, column=names[i_gross], value="")
            fee_abs = abs(fee)
            if a.fee_sign == "positive":
                fee_effect = -fee
            else:
                fee_effect = fee
            expected_net = gross + fee_effect
            if i_net >= 0:
                net = num(row, i_net, line)
                if net is None:
                    net = expected_net
                elif net != expected_net:
                    raise InputError(
                        f"gross {gross} and fee {fee} do not give the net {net}",
                        file=fname,
                        line=line,
                        column=names[i_net],
                        value=row[i_net],
                    )
            else:
                net = expected_net
            net_money = to_money(net, ccy, line, i_net if i_net >= 0 else i_gross)
            kind = (text(row, i_kind).casefold().replace(" ", "_") if i_kind >= 0 else "") or a.item_kind
            refs_found = tuple(Reference(kind=k, value=v) for i, k, _n in refs if (v := text(row, i)))
            item = remittance_item(
                kind=kind,
                amount=to_money(gross, ccy, line, i_gross),
                fee=to_money(fee_abs, ccy, line, i_fee),
                net=net_money,
                references=refs_found,
                bank_id=text(row, i_id) or None if i_id >= 0 else None,
                counterparty_name=text(row, i_cp) or None if i_cp >= 0 else None,
                date=parse_date(row[i_date]),
            )
            return net_money, (item,)

        if not fast:
            return convert
        plan = RowPlan(
            names=names,
            needed=needed,
            mode=mode,
            decimal=n.decimal,
            strip_guard=strip_guard,
            i_date=i_date,
            i_vdate=i_vdate,
            i_amt=i_amt,
            i_debit=i_debit,
            i_credit=i_credit,
            i_sign=i_sign,
            i_ccy=i_ccy,
            fixed_ccy=fixed_ccy,
            desc=i_desc,
            i_cp=i_cp,
            i_cpacct=i_cpacct,
            i_id=i_id,
            i_code=i_code,
            i_bal=i_bal,
            i_orig=i_orig,
            refs=[(i, kind) for i, kind, _name in refs],
            negative=frozenset(negative),
            positive=frozenset(positive),
        )
        return compile_rows(
            plan,
            fname=fname,
            slow=convert,
            parse_date=parse_date,
            parse_vdate=parse_vdate,
            number=number,
            known_ccy=known_ccy,
            rules=[*skips, *([pending] if pending is not None else [])],
            raw_with_extras=_raw_with_extras,
        )

    def _file_currency(self, names: list[str], preamble: list[str], path: Path) -> str | None:
        """The currency that applies to the whole file (fixed, from a header cell, from the preamble)."""
        c = self.profile.currency
        for rx, texts in ((c.header_regex, names), (c.preamble_regex, preamble)):
            if rx is None:
                continue
            pattern = re.compile(rx, re.IGNORECASE)
            for t in texts:
                m = pattern.search(t)
                if m:
                    code = m.group("ccy").upper()
                    try:
                        minor_units(code)
                    except MoneyError as exc:
                        raise InputError(str(exc), file=path, value=code) from None
                    return code
        if c.fixed:
            return c.fixed.upper()
        if c.col is None:
            raise InputError(
                f"profile {self.profile.name!r} could not find the currency in the file's header or preamble",
                file=path,
            )
        return None


def _raw_with_extras(names: list[str], row: list[str]) -> dict[str, str]:
    raw = dict(zip(names, row, strict=False))
    for i, extra in enumerate(row[len(names) :], start=len(names) + 1):
        if extra.strip():
            raw[f"column{i}"] = extra
    return raw


def _decode_head(head: bytes, encodings: list[str]) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("utf-8", errors="replace")
    for enc in encodings:
        try:
            decoder = codecs.getincrementaldecoder(enc)(errors="strict")
            return str(decoder.decode(head, final=False))
        except (UnicodeDecodeError, LookupError):
            continue
    return None
