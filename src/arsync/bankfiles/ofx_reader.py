"""A tolerant OFX/QFX/QBO reader (v1 SGML and v2 XML) on lxml.

The charset comes from the v1 header (``CHARSET``/``ENCODING``) or the XML declaration. SGML leaf
elements are closed implicitly (an element with text ends at the next tag), unknown and unbalanced
tags are tolerated, and field lengths are not enforced (banks exceed NAME's 32 characters).
"""

from __future__ import annotations

import codecs
import datetime as dt
import html
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from arsync.bankfiles.base import ParseOptions, SkippedRow
from arsync.bankfiles.values import money, references_in_text, statement_line
from arsync.errors import InputError
from arsync.models import Reference, StatementLine

__all__ = ["read"]


def _lineof(el: etree._Element) -> int:
    """The element's 1-based source line (0 when unknown)."""
    line = el.sourceline
    return line if isinstance(line, int) else 0


_TOKEN = re.compile(r"<!--.*?-->|<\?.*?\?>|<!.*?>|<(/?)([A-Za-z0-9_.:-]+)[^<>]*?(/?)>|([^<]+)|<", re.DOTALL)
_MAX_BYTES = 256 * 1024 * 1024
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _charset(raw: bytes) -> str:
    head = raw[:2048].decode("latin-1")
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    m = re.search(r"<\?xml[^>]*encoding=[\"']([A-Za-z0-9_.:-]+)[\"']", head)
    if m:
        return _lookup(m.group(1)) or "utf-8"
    charset = re.search(r"^\s*CHARSET:\s*([^\r\n]+)", head, re.MULTILINE)
    encoding = re.search(r"^\s*ENCODING:\s*([^\r\n]+)", head, re.MULTILINE)
    enc = (encoding.group(1).strip().upper() if encoding else "").replace("-", "")
    if enc in ("UTF8", "UNICODE"):
        return "utf-8"
    cs = charset.group(1).strip().upper() if charset else ""
    if cs.isdigit():
        return _lookup(f"cp{cs}") or "cp1252"
    if cs in ("ISO88591", "ISO-8859-1", "8859-1", "LATIN1"):
        return "iso-8859-1"
    return _lookup(cs) or "cp1252" if cs and cs != "NONE" else "cp1252"


def _lookup(name: str) -> str | None:
    """The codec for a declared charset; None for an unknown, malformed (NUL) or non-text one (base64, zlib)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _tree(text: str) -> etree._Element:
    """Build an element tree from OFX text, closing SGML leaves; each element keeps its source line."""
    root = etree.Element("ROOT")
    stack: list[etree._Element] = [root]
    leaf_open = False  # the top of the stack got text, so it is a leaf awaiting an optional close tag
    line = 1
    pos = 0
    for m in _TOKEN.finditer(text):
        chunk = m.group(0)
        closing, name, selfclose, body = m.group(1), m.group(2), m.group(3), m.group(4)
        if body is not None:
            stripped = html.unescape(body.strip()) if "&" in body else body.strip()
            if stripped and len(stack) > 1:
                top = stack[-1]
                top.text = (top.text or "") + (" " if top.text else "") + stripped
                leaf_open = True
        elif name is not None:
            tag = name.upper()
            if not closing:
                if leaf_open:
                    stack.pop()
                    leaf_open = False
                try:
                    element = etree.SubElement(stack[-1], tag)
                except ValueError:
                    element = etree.SubElement(stack[-1], "X")
                element.sourceline = line  # type: ignore[assignment]
                if not selfclose:
                    stack.append(element)
            else:
                leaf_open = False
                names = [e.tag for e in stack]
                if tag in names[1:]:
                    while stack[-1].tag != tag:
                        stack.pop()
                    stack.pop()
        line += text.count("\n", pos, m.end()) if chunk else 0
        pos = m.end()
    return root


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})(\d{2})(\d{2})", value)
    if not m:
        raise ValueError(f"not an OFX date {value!r} (expected YYYYMMDD...)")
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _amount(value: str) -> Decimal:
    s = value.strip().replace(" ", "")
    if "," in s and "." not in s:
        s = s.replace(",", ".")  # some European banks write TRNAMT with a decimal comma
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", s):
        raise ValueError("not an amount")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError("not an amount") from None


def _find(el: etree._Element, path: str) -> str | None:
    found = el.find(path)
    if found is None or found.text is None:
        return None
    return str(found.text).strip() or None


def read(path: Path, options: ParseOptions) -> list[StatementLine]:
    """Every STMTTRN of every statement (bank and credit card) in the file."""
    fname = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc}", file=fname) from None
    if len(raw) > _MAX_BYTES:
        raise InputError("the OFX file is larger than 256 MiB; split it", file=fname)
    encoding = _charset(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"the file is not valid {encoding} (as its header says)", file=fname, line=line) from None
    root = _tree(_XML_UNSAFE.sub("", text))  # control characters cannot live in an XML tree
    ofx = root.find(".//OFX")
    if ofx is None:
        raise InputError("no <OFX> element: this is not an OFX/QFX file", file=fname, line=1)
    out: list[StatementLine] = []
    for stmt in ofx.iter("STMTRS", "CCSTMTRS"):
        currency = (_find(stmt, "CURDEF") or "").upper()
        account = _find(stmt, "BANKACCTFROM/ACCTID") or _find(stmt, "CCACCTFROM/ACCTID") or ""
        for trn in stmt.iter("STMTTRN"):
            line_no = _lineof(trn) or 1
            try:
                out.append(_line(trn, currency, account, fname, line_no))
            except InputError as exc:
                if not options.skip_bad_rows:
                    raise
                options.skipped.append(SkippedRow(fname, line_no, exc.message, "bad"))
    return out


def _line(trn: etree._Element, currency: str, account: str, fname: str, line_no: int) -> StatementLine:
    def need(tag: str) -> str:
        value = _find(trn, tag)
        if value is None:
            raise InputError(f"the transaction has no <{tag}>", file=fname, line=line_no, column=tag)
        return value

    ccy = (_find(trn, "CURRENCY/CURSYM") or currency or "").upper()
    if not ccy:
        raise InputError("no currency: the statement has no <CURDEF>", file=fname, line=line_no, column="CURDEF")
    posted = need("DTPOSTED")
    try:
        booking = _date(posted)
        value_date = _date(_find(trn, "DTAVAIL")) if _find(trn, "DTAVAIL") else None
    except ValueError as exc:
        raise InputError(str(exc), file=fname, line=line_no, column="DTPOSTED", value=posted) from None
    assert booking is not None
    trnamt = need("TRNAMT")
    try:
        amount = _amount(trnamt)
    except ValueError as exc:
        raise InputError(str(exc), file=fname, line=line_no, column="TRNAMT", value=trnamt) from None
    name = _find(trn, "NAME") or _find(trn, "PAYEE/NAME") or _find(trn, "EXTDNAME")
    memo = _find(trn, "MEMO") or ""
    refs: list[Reference] = []
    for tag, kind in (("CHECKNUM", "check"), ("REFNUM", "text"), ("PAYEEID", "payee_id")):
        value = _find(trn, tag)
        if value:
            refs.append(Reference(kind=kind, value=value))
    refs.extend(references_in_text(f"{name or ''} {memo}"))
    raw = {child.tag: (child.text or "").strip() for child in trn if isinstance(child.tag, str) and len(child) == 0}
    if account:
        raw["account"] = account
    description = memo if name and memo.startswith(name) else " ".join(x for x in (name, memo) if x)
    return statement_line(
        booking_date=booking,
        amount=money(amount, ccy, file=fname, line=line_no, column="TRNAMT"),
        file=fname,
        line=line_no,
        raw=raw,
        value_date=value_date,
        description=description,
        counterparty_name=name,
        counterparty_account=_find(trn, "BANKACCTTO/ACCTID") or _find(trn, "CCACCTTO/ACCTID"),
        references=tuple(refs),
        bank_id=_find(trn, "FITID"),
        transaction_code=_find(trn, "TRNTYPE"),
    )
