"""Read a CSV/XLSX open-invoice list into a :class:`LedgerSnapshot`.

Three layouts are recognized from the header row:

- **plain**: ``number, customer, issue_date, due_date, currency, amount_due`` in any order, with
  optional ``total, customer_id, email, status`` (and common synonyms, see :mod:`arsync.ledgerfiles.columns`).
  Without a total, an invoice's total is taken to be what is due: an aged list of open balances often has
  no other amount;
- **QuickBooks Online "Open Invoices" report** (CSV or XLSX export): title/company/date rows above the
  header, rows grouped under a customer name row, ``Total for <customer>`` subtotals, a ``TOTAL`` row and
  footer lines; payments and credit memos with a negative open balance become unapplied payments and
  credit notes;
- **Xero invoice export**: one row per line item, grouped into invoices by ``InvoiceNumber``.

Nothing partial is returned: the first bad value raises :class:`~arsync.errors.InputError` naming the
file, the physical line (XLSX: row number), the column and the value, and saying what to do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypeVar

from arsync.errors import InputError, UsageError
from arsync.ledgerfiles.columns import HeaderMap, header_score, map_header
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.ledgerfiles.table import Row, Table, read_table
from arsync.ledgerfiles.values import (
    Cell,
    CellError,
    DateOrder,
    NumericDate,
    amount_style_evidence,
    clean_text,
    discount_of_terms,
    parse_amount,
    parse_currency,
    parse_date,
    parse_date_format,
    parse_emails,
    parse_status,
    resolve_numeric,
    slug,
)
from arsync.models import (
    CreditNote,
    DocumentStatus,
    ExternalRef,
    Invoice,
    InvoiceLine,
    Money,
    MoneyError,
    Party,
    Payment,
)

__all__ = ["load_ledger_file"]

log = logging.getLogger(__name__)

T = TypeVar("T")
Layout = Literal["plain", "qbo", "xero", "aged"]

_HEADER_SEARCH_ROWS = 60
_MIN_HEADER_SCORE = 3
_PLAIN_REQUIRED = ("number", "customer", "issue_date", "due_date", "amount_due")
_QBO_REQUIRED = ("number", "issue_date", "amount_due")
_XERO_REQUIRED = ("number", "customer", "issue_date", "total", "amount_due")
_AGED_REQUIRED = ("number", "issue_date", "due_date", "amount_due")
_EXPECTED = (
    "number, customer, issue_date, due_date, currency, amount_due (optional: total, customer_id, email, status), "
    "a QuickBooks Online Open Invoices report, a Xero invoice export, or an aged receivables detail report"
)
# The age-bucket columns of an aged receivables detail report (Xero: "Current", "< 1 Month", "1 Month" ...
# "Older"; others "1 - 30", "31-60 days", "Over 90"), normalized.
_AGE_BUCKET = re.compile(r"current|older|<?\d+months?|\d+\d*days?|\d+to\d+|\d{1,3}\d{2,3}|over\d+(days)?")
_AMOUNT_FIELDS = ("total", "amount_due", "line_amount", "unit_amount", "quantity")
_DATE_FIELDS = ("issue_date", "due_date")
_TOTAL_LABEL = re.compile(r"(grand\s+)?totals?\b", re.IGNORECASE)
_GRAND_LABELS = {"total", "totals", "grand total", "total receivables", "total accounts receivable"}


def load_ledger_file(
    path: Path | str, *, date_format: str | None = None, currency: str | None = None
) -> LedgerSnapshot:
    """Read an open-invoice list (CSV or XLSX) into a :class:`LedgerSnapshot`.

    Args:
        path: the file. CSV in UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 or
            ISO-8859-1, delimited by ``,`` ``;`` or tab; or an XLSX workbook (first sheet with a header).
        date_format: how to read numeric dates whose order the file does not settle: ``dmy``, ``mdy``,
            ``ymd`` or a ``strptime`` pattern such as ``%d/%m/%Y``.
        currency: the currency of rows without one (files with no currency column, such as a
            QuickBooks report in the home currency).

    Returns:
        The customers, invoices (open and closed as the file has them), unapplied payments and credit
        notes, and the file's own grand total as ``ar_balance`` when it states one.

    Raises:
        InputError: the file cannot be read as it stands (file, line, column, value and what to do).
        UsageError: ``date_format`` or ``currency`` is not valid.
    """
    path = Path(path)
    order: DateOrder | None = None
    pattern: str | None = None
    if date_format is not None:
        try:
            order, pattern = parse_date_format(date_format)
        except CellError as exc:
            raise UsageError(f"--date-format: {exc}") from None
    default_currency: str | None = None
    if currency is not None:
        try:
            default_currency = parse_currency(currency)
        except CellError as exc:
            raise UsageError(f"--currency {currency!r}: {exc}") from None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a ledger file", file=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    if not data.strip():
        raise InputError(f"the file is empty; a header row is required: {_EXPECTED}", file=path)
    table = read_table(path, data, header_score)
    reader = _Reader(path, table, order=order, pattern=pattern, currency=default_currency)
    return reader.read()


@dataclasses.dataclass
class _PartyDraft:
    name: str
    aliases: list[str] = dataclasses.field(default_factory=list)
    emails: list[str] = dataclasses.field(default_factory=list)
    numbered: bool = False  # the id is the file's customer number or id, not a slug of the name


@dataclasses.dataclass
class _Item:
    """One document read from the file, before it becomes a model."""

    line: int
    kind: Literal["invoice", "credit", "payment"]
    number: str
    doc_id: str | None
    customer_id: str
    customer_name: str
    emails: tuple[str, ...]
    issue_date: dt.date
    due_date: dt.date | None
    currency: str
    total: Decimal | None
    amount_due: Decimal
    status: DocumentStatus | None
    reference: str | None
    lines: list[InvoiceLine] = dataclasses.field(default_factory=list)
    terms: str | None = None  # the payment terms as the file names them ("Net 30", "2% 10 Net 30")
    numbered: bool = False  # customer_id came from the file's customer number or id column


def _terms(item: _Item) -> dict[str, Any]:
    """An invoice's payment terms, and the early-payment discount they grant ("2% 10 Net 30": 2% until ten
    days after the invoice date), as Invoice fields; none when the file names no terms."""
    if item.terms is None:
        return {}
    discount = discount_of_terms(item.terms)
    if discount is None:
        return {"payment_terms": item.terms}
    pct, days = discount
    until = item.issue_date + dt.timedelta(days=days)
    return {"payment_terms": item.terms, "discount_pct": pct, "discount_until": until}


class _Reader:
    def __init__(
        self, path: Path, table: Table, *, order: DateOrder | None, pattern: str | None, currency: str | None
    ) -> None:
        self.path = path
        self.table = table
        self.order = order
        self.pattern = pattern
        self.currency = currency
        self.decimal_mark: Literal[".", ","] = "."
        self.header = HeaderMap(columns={}, names={}, normalized=[], ignored=[])
        self.header_row = Row(line=1, cells=())
        self.layout: Layout = "plain"

    # --- errors --------------------------------------------------------------------------------------

    def error(self, message: str, row: Row | None = None, field: str | None = None, value: Cell = None) -> InputError:
        column = None if field is None else self.header.name(field)
        shown = None if value is None else (clean_text(value) or repr(value))
        return InputError(message, file=self.path, line=None if row is None else row.line, column=column, value=shown)

    def cell(self, row: Row, field: str) -> Cell:
        return row.cell(self.header.columns.get(field))

    def text(self, row: Row, field: str) -> str:
        return clean_text(self.cell(row, field))

    def parse(self, row: Row, field: str, parser: Callable[[Cell], T]) -> T:
        raw = self.cell(row, field)
        try:
            return parser(raw)
        except CellError as exc:
            raise self.error(str(exc), row, field, raw) from None

    # --- the whole file --------------------------------------------------------------------------------

    def read(self) -> LedgerSnapshot:
        start = self.find_header()
        body = self.table.rows[start + 1 :]
        self.decide_decimal_mark(body)
        self.decide_date_order(body)
        if self.layout == "xero":
            items, grand = self.xero_items(body), None
        else:
            items, grand = self.report_items(body)
        return self.snapshot(items, grand)

    def find_header(self) -> int:
        best_index, best_score = -1, 0
        for index, row in enumerate(self.table.rows[:_HEADER_SEARCH_ROWS]):
            score = header_score(row.cells)
            if score > best_score:
                best_index, best_score = index, score
        if best_score < _MIN_HEADER_SCORE:
            first = next((row for row in self.table.rows if any(clean_text(c) for c in row.cells)), None)
            found = ", ".join(clean_text(c) for c in first.cells if clean_text(c)) if first else "nothing"
            raise InputError(
                f"no header row found (the first row has: {found}); the header must name the columns: {_EXPECTED}",
                file=self.path,
                line=first.line if first else None,
            )
        self.header_row = self.table.rows[best_index]
        self.header = map_header(self.header_row.cells)
        normalized = set(self.header.normalized)
        if {"contactname", "invoicenumber"} <= normalized:
            self.layout = "xero"
        elif "openbalance" in normalized:
            self.layout = "qbo"
        elif self.aged_report():
            self.layout = "aged"
        self.refuse_foreign_amounts()
        required = {"plain": _PLAIN_REQUIRED, "qbo": _QBO_REQUIRED, "xero": _XERO_REQUIRED, "aged": _AGED_REQUIRED}[
            self.layout
        ]
        missing = [field for field in required if field not in self.header.columns]
        if "currency" not in self.header.columns and self.currency is None and self.layout != "qbo":
            missing.append("currency")
        if missing:
            found = ", ".join(name for name in self.header.names.values() if name) or "none"
            raise InputError(
                f"missing required column(s) {', '.join(missing)} (found columns: {found}; expected: {_EXPECTED}); "
                + ("add or rename the columns" if missing != ["currency"] else "add a currency column")
                + (", or pass --currency" if "currency" in missing else ""),
                file=self.path,
                line=self.header_row.line,
            )
        for field, indexes in self.header.duplicates.items():
            if field in self.header.columns:
                first_name = self.header.name(field)
                raise InputError(
                    f"the column {first_name!r} appears more than once (columns {self.header.columns[field] + 1} and "
                    f"{indexes[0] + 1}): keep one of them",
                    file=self.path,
                    line=self.header_row.line,
                    column=first_name,
                )
        if self.header.ignored:
            log.debug("%s: ignoring columns %s", self.path, ", ".join(repr(n) for n in self.header.ignored))
        log.debug("%s: %s layout, header on line %d", self.path, self.layout, self.header_row.line)
        return best_index

    def aged_report(self) -> bool:
        """Whether the header is an aged receivables detail report's (Xero's Aged Receivables Detail): age
        buckets ("Current", "1 Month" ... "Older") and their "Total", rows grouped under a customer heading
        with "Total <customer>" rows. Its "Total" is what each invoice still owes (the sum of its buckets),
        so it is read as the amount due; the customer comes from the heading."""
        buckets = [h for h in self.header.normalized if h and _AGE_BUCKET.fullmatch(h)]
        if len(buckets) < 3 or "amount_due" in self.header.columns or "total" not in self.header.columns:
            return False
        self.header.columns["amount_due"] = self.header.columns.pop("total")
        return True

    def refuse_foreign_amounts(self) -> None:
        """A multicurrency export (QuickBooks with multicurrency on) has amounts twice: ``Open balance`` in
        the home currency and ``Foreign open balance`` in each invoice's own. Reading the first under the
        invoice's currency would mislabel money, and converting needs rates this file may not carry, so
        such a file is refused with what to do instead."""
        foreign = [self.header.names[k] for k, name in enumerate(self.header.normalized) if name.startswith("foreign")]
        if not foreign:
            return
        raise InputError(
            f"the column(s) {', '.join(repr(n) for n in foreign)} hold amounts in each invoice's own currency "
            "while the other amount columns are in the home currency, and arsync does not read a file with "
            "both: delete the home-currency amount columns and rename the foreign ones (e.g. 'Foreign open "
            "balance' to 'Open balance'), or read the ledger through its connector",
            file=self.path,
            line=self.header_row.line,
            column=foreign[0],
        )

    def decide_decimal_mark(self, body: list[Row]) -> None:
        first: tuple[str, Row, str] | None = None
        for row in body:
            for field in _AMOUNT_FIELDS:
                if field not in self.header.columns:
                    continue
                mark = amount_style_evidence(self.cell(row, field))
                if mark is None:
                    continue
                if first is None:
                    first = (mark, row, field)
                elif mark != first[0]:
                    names = {".": "a decimal point", ",": "a decimal comma"}
                    raise self.error(
                        f"this amount uses {names[mark]} but line {first[1].line} uses {names[first[0]]}: "
                        "write every amount of the file the same way",
                        row,
                        field,
                        self.cell(row, field),
                    )
        if first is not None:
            self.decimal_mark = first[0]  # type: ignore[assignment]
        elif self.table.delimiter == ";":
            self.decimal_mark = ","  # a semicolon-separated file comes from a locale with decimal commas
        log.debug("%s: decimal mark %r", self.path, self.decimal_mark)

    def decide_date_order(self, body: list[Row]) -> None:
        if self.order in ("dmy", "mdy"):
            return
        day_first: Row | None = None
        month_first: Row | None = None
        ambiguous: tuple[Row, str] | None = None
        for row in body:
            for field in _DATE_FIELDS:
                raw = self.cell(row, field)
                if not clean_text(raw):
                    continue
                try:
                    value = parse_date(raw, pattern=self.pattern)
                except CellError:
                    continue  # reported, with its line, when the row is read
                if not isinstance(value, NumericDate):
                    continue
                if value.first > 12 and day_first is None:
                    day_first = row
                elif value.second > 12 and month_first is None:
                    month_first = row
                elif value.first != value.second and ambiguous is None and max(value.first, value.second) <= 12:
                    ambiguous = (row, field)
                if day_first is not None and month_first is not None:
                    later = max(day_first, month_first, key=lambda r: r.line)
                    earlier = day_first if later is month_first else month_first
                    raise self.error(
                        f"dates disagree: line {earlier.line} has the day first and this one has the month first; "
                        "write every date as YYYY-MM-DD, or pass --date-format",
                        later,
                        field,
                        raw,
                    )
        if day_first is not None:
            self.order = "dmy"
        elif month_first is not None:
            self.order = "mdy"
        elif ambiguous is not None:
            row, field = ambiguous
            raise self.error(
                "this date could be day/month or month/day, and no date in the file has a day over 12 to tell: "
                "pass --date-format dmy or --date-format mdy (or a pattern such as %d/%m/%Y)",
                row,
                field,
                self.cell(row, field),
            )

    # --- values ----------------------------------------------------------------------------------------

    def date(self, row: Row, field: str, *, required: bool) -> dt.date | None:
        raw = self.cell(row, field)
        if not clean_text(raw):
            if required:
                raise self.error("the date is missing: write it as YYYY-MM-DD", row, field, raw)
            return None
        value = self.parse(row, field, lambda c: parse_date(c, pattern=self.pattern))
        if isinstance(value, NumericDate):
            order = self.order or "dmy"  # only reached when every such date reads the same either way
            return self.parse(row, field, lambda _c: resolve_numeric(value, order))
        return value

    def amount(self, row: Row, field: str, currency: str) -> Decimal:
        raw = self.cell(row, field)
        value, named = self.parse(row, field, lambda c: parse_amount(c, self.decimal_mark))
        if named is not None and named != currency:
            raise self.error(f"the amount is in {named} but the row's currency is {currency}", row, field, raw)
        return self.exact(value, currency, row, field, raw)

    def exact(self, value: Decimal, currency: str, row: Row, field: str, raw: Cell) -> Decimal:
        if not Money.is_exact(value, currency):
            raise self.error(
                f"the amount has more decimals than {currency} allows; arsync never rounds money silently: "
                "correct the amount",
                row,
                field,
                raw,
            )
        return value

    def optional_amount(self, row: Row, field: str, currency: str) -> Decimal | None:
        if field not in self.header.columns or not clean_text(self.cell(row, field)):
            return None
        return self.amount(row, field, currency)

    def row_currency(self, row: Row) -> str:
        if "currency" in self.header.columns and self.text(row, "currency"):
            return self.parse(row, "currency", parse_currency)
        if self.currency is not None:
            return self.currency
        for field in ("amount_due", "total"):
            raw = self.cell(row, field)
            if not clean_text(raw):
                continue
            try:
                _, named = parse_amount(raw, self.decimal_mark)
            except CellError:
                continue
            if named is not None:
                return named
        raise self.error(
            "no currency for this row: add a currency column, or pass --currency (e.g. --currency USD)",
            row,
            "currency",
            self.cell(row, "currency"),
        )

    # --- QuickBooks report and plain lists --------------------------------------------------------------

    def report_items(self, body: list[Row]) -> tuple[list[_Item], tuple[Row, dict[str, Decimal]] | None]:
        items: list[_Item] = []
        group: str | None = None
        group_due: dict[str, Decimal] = {}
        group_total: dict[str, Decimal] = {}
        all_due: dict[str, Decimal] = {}
        all_total: dict[str, Decimal] = {}
        grand: tuple[Row, dict[str, Decimal]] | None = None
        number_index = self.header.columns["number"]
        for row in body:
            texts = [clean_text(cell) for cell in row.cells]
            filled = [text for text in texts if text]
            if not filled:
                continue
            if grand is not None:
                if self.text(row, "number") and self.text(row, "amount_due"):
                    raise self.error(
                        f"a row follows the TOTAL row on line {grand[0].line}: the file may have been edited; "
                        "remove the rows after the total",
                        row,
                    )
                continue  # report footer ("Accrual basis ...", the run date)
            label = filled[0]
            number_blank = not (texts[number_index] if number_index < len(texts) else "")
            if number_blank and self.is_total_row(row, label, group):
                folded = label.casefold()
                grand_row = folded in _GRAND_LABELS or folded.startswith("grand")
                if grand_row:
                    self.check_total(row, all_due, all_total, "the invoices of the file")
                    grand = (row, all_due)
                else:
                    self.check_total(row, group_due, group_total, f"the invoices of {group or 'this group'}")
                    group, group_due, group_total = None, {}, {}
                continue
            if number_blank and len(filled) == 1:
                group = label  # a customer heading of a grouped report
                group_due, group_total = {}, {}
                continue
            item = self.report_item(row, group)
            for sums, value in ((group_due, item.amount_due), (all_due, item.amount_due)):
                sums[item.currency] = sums.get(item.currency, Decimal(0)) + value
            total = item.amount_due if item.total is None else item.total
            for sums, value in ((group_total, total), (all_total, total)):
                sums[item.currency] = sums.get(item.currency, Decimal(0)) + value
            items.append(item)
        return items, grand

    def is_total_row(self, row: Row, label: str, group: str | None) -> bool:
        """``TOTAL``, ``Total for Acme`` or ``Total Acme`` under Acme, or ``Total ...`` with an amount;
        a customer heading such as ``Total Tools Ltd`` is not one."""
        if not _TOTAL_LABEL.match(label):
            return False
        folded = label.casefold()
        if folded in _GRAND_LABELS or folded.startswith(("total for ", "grand total")):
            return True
        if group is not None and folded == f"total {group.casefold()}":
            return True
        return any(
            clean_text(self.cell(row, field)) for field in ("amount_due", "total") if field in self.header.columns
        )

    def check_total(self, row: Row, due: dict[str, Decimal], total: dict[str, Decimal], what: str) -> None:
        for field, sums in (("amount_due", due), ("total", total)):
            if field not in self.header.columns:
                continue
            raw = self.cell(row, field)
            if not clean_text(raw):
                continue
            stated, _ = self.parse(row, field, lambda c: parse_amount(c, self.decimal_mark))
            if len(sums) > 1:
                log.debug("%s:%d: total over several currencies not checked", self.path, row.line)
                continue
            computed = next(iter(sums.values()), Decimal(0))
            if computed != stated:
                raise self.error(
                    f"{what} add up to {computed} but this total row says {stated}: rows were lost or edited; "
                    "export the report again",
                    row,
                    field,
                    raw,
                )

    def report_item(self, row: Row, group: str | None) -> _Item:
        name = self.text(row, "customer") if "customer" in self.header.columns else ""
        if not name:
            name = group or ""
        if not name:
            raise self.error("the customer is missing: write the customer's name", row, "customer")
        currency = self.row_currency(row)
        amount_due = self.amount(row, "amount_due", currency)
        total = self.optional_amount(row, "total", currency)
        kind_text = self.text(row, "type").casefold() if "type" in self.header.columns else ""
        kind: Literal["invoice", "credit", "payment"]
        if "payment" in kind_text:
            kind = "payment"
        elif "credit" in kind_text or amount_due < 0 or (total is not None and total < 0):
            kind = "credit"
        else:
            kind = "invoice"
        number = self.text(row, "number")
        if not number and kind == "invoice":
            raise self.error("the invoice has no number", row, "number")
        return self.item(
            row, kind=kind, number=number, name=name, currency=currency, total=total, amount_due=amount_due
        )

    def item(
        self,
        row: Row,
        *,
        kind: Literal["invoice", "credit", "payment"],
        number: str,
        name: str,
        currency: str,
        total: Decimal | None,
        amount_due: Decimal,
    ) -> _Item:
        customer_id = self.text(row, "customer_id") or slug(name)
        emails = self.parse(row, "email", parse_emails) if "email" in self.header.columns else ()
        issue_date = self.date(row, "issue_date", required=True)
        assert issue_date is not None
        due_date = self.date(row, "due_date", required=False) if "due_date" in self.header.columns else None
        status = self.parse(row, "status", parse_status) if "status" in self.header.columns else None
        if kind == "invoice":
            if amount_due < 0:
                raise self.error(
                    "the amount due is negative on an invoice", row, "amount_due", self.cell(row, "amount_due")
                )
            if total is not None and amount_due > total:
                raise self.error(
                    f"the amount due exceeds the invoice total {total}: check the total and amount due columns",
                    row,
                    "amount_due",
                    self.cell(row, "amount_due"),
                )
        elif kind == "credit" and total is not None and abs(amount_due) > abs(total):
            raise self.error(
                f"the credit still open exceeds the credit's total {total}",
                row,
                "amount_due",
                self.cell(row, "amount_due"),
            )
        if status == DocumentStatus.PAID and amount_due != 0:
            raise self.error(
                f"the status says paid but {amount_due} is still due: correct the status or the amount due",
                row,
                "status",
                self.cell(row, "status"),
            )
        reference = self.text(row, "reference") if "reference" in self.header.columns else ""
        return _Item(
            line=row.line,
            kind=kind,
            number=number,
            doc_id=(self.text(row, "id") or None) if "id" in self.header.columns else None,
            customer_id=customer_id,
            customer_name=name,
            emails=emails,
            issue_date=issue_date,
            due_date=due_date,
            currency=currency,
            total=total,
            amount_due=amount_due,
            status=status,
            reference=reference or None,
            numbered=customer_id != slug(name),
            terms=(self.text(row, "terms") or None) if "terms" in self.header.columns else None,
        )

    # --- Xero export -----------------------------------------------------------------------------------

    _XERO_INVOICE_FIELDS = ("customer", "issue_date", "due_date", "currency", "total", "amount_due", "status")

    def xero_items(self, body: list[Row]) -> list[_Item]:
        items: dict[str, tuple[_Item, Row]] = {}
        order: list[str] = []
        for row in body:
            if not any(clean_text(cell) for cell in row.cells):
                continue
            number = self.text(row, "number")
            if not number:
                raise self.error("the invoice has no number", row, "number")
            kind_text = self.text(row, "type").casefold() if "type" in self.header.columns else ""
            if "bill" in kind_text or "purchase" in kind_text or "accpay" in kind_text:
                raise self.error(
                    "this is a bill (accounts payable); export the sales invoices instead",
                    row,
                    "type",
                    self.cell(row, "type"),
                )
            name = self.text(row, "customer")
            if not name:
                raise self.error("the contact name is missing", row, "customer")
            currency = self.row_currency(row)
            total = self.amount(row, "total", currency)
            amount_due = self.amount(row, "amount_due", currency)
            kind: Literal["invoice", "credit"] = "credit" if "credit" in kind_text or total < 0 else "invoice"
            item = self.item(
                row,
                kind=kind,
                number=number,
                name=name,
                currency=currency,
                total=abs(total),
                amount_due=abs(amount_due),
            )
            line = self.invoice_line(row, currency)
            key = f"{kind}:{number}"
            if key not in items:
                items[key] = (item, row)
                order.append(key)
            else:
                first, first_row = items[key]
                for attribute, field in (
                    ("customer_name", "customer"),
                    ("issue_date", "issue_date"),
                    ("due_date", "due_date"),
                    ("currency", "currency"),
                    ("total", "total"),
                    ("amount_due", "amount_due"),
                    ("status", "status"),
                ):
                    if getattr(first, attribute) != getattr(item, attribute):
                        raise self.error(
                            f"invoice {number} has {getattr(first, attribute)} here on line {first_row.line} "
                            "but not on this line: every line of one invoice repeats the same invoice fields",
                            row,
                            field,
                            self.cell(row, field),
                        )
                for email in item.emails:
                    if email not in first.emails:
                        first.emails += (email,)
                item = first
            if line is not None:
                item.lines.append(line)
        return [items[key][0] for key in order]

    def invoice_line(self, row: Row, currency: str) -> InvoiceLine | None:
        amount = self.optional_amount(row, "line_amount", currency)
        if amount is None:
            return None
        quantity_raw = self.cell(row, "quantity")
        quantity = Decimal(1)
        if clean_text(quantity_raw):
            quantity, _ = self.parse(row, "quantity", lambda c: parse_amount(c, self.decimal_mark))
        unit_price: Money | None = None
        unit = self.optional_amount_any(row, "unit_amount")
        if unit is not None and Money.is_exact(unit, currency):
            unit_price = Money(unit, currency)
        try:
            return InvoiceLine(
                description=self.text(row, "description"),
                quantity=quantity,
                unit_price=unit_price,
                amount=Money(amount, currency),
                item_code=self.text(row, "item_code") or None,
                account_code=self.text(row, "account_code") or None,
                tax_code=self.text(row, "tax_type") or None,
            )
        except (ValueError, MoneyError) as exc:
            raise self.error(
                f"the invoice line is invalid: {exc}", row, "line_amount", self.cell(row, "line_amount")
            ) from None

    def optional_amount_any(self, row: Row, field: str) -> Decimal | None:
        if field not in self.header.columns or not clean_text(self.cell(row, field)):
            return None
        value, _ = self.parse(row, field, lambda c: parse_amount(c, self.decimal_mark))
        return value

    # --- models ----------------------------------------------------------------------------------------

    def sub_customers(self, parties: dict[str, _PartyDraft]) -> dict[str, str]:
        """QuickBooks reports name a sub-customer (a job) by its full name, ``Parent:Job`` (``A:B:C`` for
        deeper ones): each gets its parent's id, and a parent with no rows of its own is added, so that the
        parent's payments are matched to its jobs' invoices. Returns party id -> parent id."""
        parents: dict[str, str] = {}
        if self.layout != "qbo":
            return parents  # elsewhere a colon is only part of a name
        for pid, draft in list(parties.items()):
            name = draft.name
            while ":" in name:
                parent_name = name.rsplit(":", 1)[0].strip()
                parent_id = slug(parent_name) if parent_name.strip(": ") else ""
                if not parent_id or parent_id == pid:
                    break
                parents[pid] = parent_id
                if parent_id in parties:
                    break
                parties[parent_id] = _PartyDraft(name=parent_name)
                pid, name = parent_id, parent_name
        return parents

    def snapshot(self, items: list[_Item], grand: tuple[Row, dict[str, Decimal]] | None) -> LedgerSnapshot:
        parties: dict[str, _PartyDraft] = {}
        invoices: list[Invoice] = []
        credits: list[CreditNote] = []
        payments: list[Payment] = []
        seen: dict[tuple[str, str], int] = {}
        system = self.table.kind
        tenant = str(self.path)
        for item in items:
            party = parties.setdefault(item.customer_id, _PartyDraft(name=item.customer_name))
            party.numbered = party.numbered or item.numbered
            if item.customer_name != party.name and item.customer_name not in party.aliases:
                party.aliases.append(item.customer_name)
            party.emails.extend(e for e in item.emails if e not in party.emails)
            doc_id = item.doc_id or item.number or f"line-{item.line}"
            key = (item.kind, doc_id)
            if key in seen:
                what = {"invoice": "invoice", "credit": "credit note", "payment": "payment"}[item.kind]
                field = "id" if item.doc_id else "number"
                raise InputError(
                    f"{what} {doc_id} appears twice (lines {seen[key]} and {item.line}): one row per document; "
                    "add an id column if numbers repeat",
                    file=self.path,
                    line=item.line,
                    column=self.header.name(field),
                    value=doc_id,
                )
            seen[key] = item.line
            ref = ExternalRef(system=system, tenant=tenant, id=doc_id)
            try:
                if item.kind == "invoice":
                    total = item.amount_due if item.total is None else item.total
                    status = item.status or (DocumentStatus.PAID if item.amount_due == 0 else DocumentStatus.OPEN)
                    invoices.append(
                        Invoice(
                            id=doc_id,
                            number=item.number,
                            customer_id=item.customer_id,
                            customer_name=item.customer_name,
                            issue_date=item.issue_date,
                            due_date=item.due_date,
                            currency=item.currency,
                            lines=tuple(item.lines),
                            total=Money(total, item.currency),
                            amount_due=Money(item.amount_due, item.currency),
                            status=status,
                            reference=item.reference,
                            refs=(ref,),
                            **_terms(item),
                        )
                    )
                elif item.kind == "credit":
                    remaining = abs(item.amount_due)
                    total = remaining if item.total is None else abs(item.total)
                    status = item.status or (DocumentStatus.PAID if remaining == 0 else DocumentStatus.OPEN)
                    credits.append(
                        CreditNote(
                            id=doc_id,
                            number=item.number or doc_id,
                            customer_id=item.customer_id,
                            customer_name=item.customer_name,
                            date=item.issue_date,
                            currency=item.currency,
                            total=Money(total, item.currency),
                            remaining=Money(remaining, item.currency),
                            status=status,
                            refs=(ref,),
                        )
                    )
                elif item.amount_due != 0:
                    unapplied = Money(abs(item.amount_due), item.currency)
                    payments.append(
                        Payment.build(
                            id=doc_id,
                            date=item.issue_date,
                            amount=unapplied,
                            customer_id=item.customer_id,
                            customer_name=item.customer_name,
                            reference=item.number or None,
                            refs=(ref,),
                        )
                    )
            except (ValueError, MoneyError) as exc:
                raise InputError(f"the row is inconsistent: {exc}", file=self.path, line=item.line) from None
        parents = self.sub_customers(parties)
        ar_balance: Money | None = None
        if grand is not None and len(grand[1]) == 1:
            currency, value = next(iter(grand[1].items()))
            ar_balance = Money(value, currency)
        return LedgerSnapshot(
            source=str(self.path),
            parties=tuple(
                Party(
                    id=pid,
                    name=draft.name,
                    aliases=tuple(draft.aliases),
                    emails=tuple(draft.emails),
                    # A customer number or id column is the number payers quote ("Kd.Nr. 10042").
                    account_number=pid if draft.numbered else None,
                    parent_id=parents.get(pid),
                )
                for pid, draft in parties.items()
            ),
            invoices=tuple(invoices),
            payments=tuple(payments),
            credit_notes=tuple(credits),
            ar_balance=ar_balance,
            read_at=dt.datetime.now(dt.UTC),
        )
