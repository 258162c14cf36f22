"""Turn a ledger file into rows of cells with their physical line numbers: CSV (any usual encoding and
delimiter) or XLSX (openpyxl, read-only, cached formula values)."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from arsync.errors import InputError
from arsync.ledgerfiles.values import Cell

__all__ = ["Row", "Table", "read_table"]

log = logging.getLogger(__name__)

_DELIMITERS = (",", ";", "\t")
_SNIFF_ROWS = 60
_FIELD_LIMIT = 1_000_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclasses.dataclass(frozen=True)
class Row:
    """One record: its 1-based physical line (CSV) or row number (XLSX), and its cells."""

    line: int
    cells: tuple[Cell, ...]

    def cell(self, index: int | None) -> Cell:
        """The cell at ``index``, ``None`` when the row is shorter or the column is absent."""
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


@dataclasses.dataclass(frozen=True)
class Table:
    """The rows of a file, and what it was: ``csv`` (with its delimiter) or ``xlsx`` (with its sheet)."""

    kind: str
    rows: list[Row]
    delimiter: str | None = None
    sheet: str | None = None


HeaderScore = Callable[[Sequence[Cell]], int]


def read_table(path: Path, data: bytes, header_score: HeaderScore) -> Table:
    """Read ``data`` (the bytes of ``path``) as rows.

    Args:
        path: for messages.
        data: the whole file.
        header_score: how much a row looks like the header; picks the delimiter and the XLSX sheet.

    Raises:
        InputError: the file is not text CSV nor an XLSX workbook.
    """
    if data.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, data, header_score)
    if data.startswith(_OLE_MAGIC):
        raise InputError("this is a legacy Excel .xls workbook: save it as .xlsx or CSV and try again", file=path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError("the file is named .xlsx but is not an Excel workbook (not a zip archive)", file=path)
    return _read_csv(path, _decode(path, data), header_score)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else ISO-8859-1."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                "the file says it is UTF-8 (it starts with a byte-order mark) but is not: re-save it as UTF-8",
                file=path,
                line=_line_of(data, exc.start + 3),
            ) from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("the file says it is UTF-16 but is not: re-save it as UTF-8 CSV", file=path) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                log.debug("%s: not UTF-8, read as Windows-1252", path)
            except UnicodeDecodeError:
                text = data.decode("iso-8859-1")
                log.debug("%s: not UTF-8 nor Windows-1252, read as ISO-8859-1", path)
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            "the file contains NUL bytes: it is binary, not a CSV text file; export the ledger as CSV or XLSX",
            file=path,
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def _csv_rows(path: Path, text: str, delimiter: str, limit: int | None) -> list[Row]:
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[Row] = []
    previous_end = 0
    while limit is None or len(rows) < limit:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(
                f"the CSV is malformed ({exc}): check the quotes on this line", file=path, line=previous_end + 1
            ) from None
        rows.append(Row(line=previous_end + 1, cells=tuple(record)))
        previous_end = reader.line_num
    return rows


def _read_csv(path: Path, text: str, header_score: HeaderScore) -> Table:
    best: tuple[int, int, str] | None = None
    for rank, delimiter in enumerate(_DELIMITERS):
        try:
            sample = _csv_rows(path, text, delimiter, _SNIFF_ROWS)
        except InputError:
            continue
        score = max((header_score(row.cells) for row in sample), default=0)
        candidate = (score, -rank, delimiter)
        if best is None or candidate > best:
            best = candidate
    delimiter = best[2] if best is not None else ","
    log.debug("%s: delimiter %r", path, delimiter)
    return Table(kind="csv", rows=_csv_rows(path, text, delimiter, None), delimiter=delimiter)


def _xlsx_cell(value: object) -> Cell:
    """openpyxl's value as a cell; rich text and formula objects become their text."""
    if value is None or isinstance(value, (str, int, float, Decimal, dt.date, dt.time, dt.timedelta)):
        return value
    return str(value)


def _read_xlsx(path: Path, data: bytes, header_score: HeaderScore) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML parser and openpyxl's own errors on a corrupt workbook
        raise InputError(
            f"not a readable Excel workbook ({type(exc).__name__}): open it in Excel and save it as .xlsx or CSV",
            file=path,
        ) from None
    try:
        chosen: Table | None = None
        best_score = 0
        for sheet in workbook.worksheets:
            reset = getattr(sheet, "reset_dimensions", None)
            if reset is not None:
                reset()  # some writers store wrong dimensions; read every row that is there
            rows = [
                Row(line=number, cells=tuple(_xlsx_cell(value) for value in values))
                for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
            ]
            score = max((header_score(row.cells) for row in rows[:_SNIFF_ROWS]), default=0)
            if chosen is None or score > best_score:
                chosen, best_score = Table(kind="xlsx", rows=rows, sheet=sheet.title), score
        if chosen is None:
            raise InputError("the workbook has no worksheets", file=path)
        return chosen
    except InputError:
        raise
    except Exception as exc:  # a corrupt sheet part fails lazily, while rows are read
        raise InputError(
            f"a worksheet cannot be read ({type(exc).__name__}): open it in Excel and save it as .xlsx or CSV",
            file=path,
        ) from None
    finally:
        workbook.close()
