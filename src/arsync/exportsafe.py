"""Make exported cells safe to open: spreadsheet formula injection (CSV/XLSX) and HTML escaping.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab/carriage return followed by one) is run
as a formula by Excel, LibreOffice and Google Sheets, so a customer name like ``=HYPERLINK(...)``
from a bank statement could execute on the reviewer's machine (OWASP "CSV Injection"). Such cells
get a leading apostrophe. Numbers we format ourselves (amounts as decimal strings) are passed with
``numeric=True`` so ``-12.50`` stays a number.
"""

from __future__ import annotations

import html
import re

__all__ = ["escape_html", "safe_cell"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def safe_cell(value: object, *, numeric: bool = False) -> str:
    """Return ``value`` as text that no spreadsheet will evaluate as a formula.

    Args:
        value: the cell's content (``None`` becomes an empty string).
        numeric: the caller formatted this as a plain decimal number; keep a leading minus.
    """
    if value is None:
        return ""
    text = str(value)
    if numeric and _NUMBER.match(text):
        return text
    if text.startswith(_TRIGGERS):
        return "'" + text
    return text


def escape_html(value: object) -> str:
    """HTML-escape ``value`` (quotes included) for element text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)
