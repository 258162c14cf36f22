"""The structured formats (OFX/QFX, camt.052/053/054, MT940, BAI2) as registered :class:`BankFormat` objects.

Identification is a cheap look at the file's first bytes; the parsers (and lxml, mt-940, bai2) are
imported only when a file is parsed, so registering these costs nothing at CLI start.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from arsync.bankfiles.base import BankFormat, ParseOptions
from arsync.models import StatementLine

__all__ = ["StructuredFormat", "structured_formats"]


def _text(head: bytes) -> str:
    return head.lstrip(b"\xef\xbb\xbf").decode("latin-1").lstrip()


class StructuredFormat(BankFormat):
    """A structured format whose parser lives in ``module.read(path, options)``."""

    kind = "structured"

    def __init__(self, name: str, description: str, module: str) -> None:
        self.name = name
        self.description = description
        self._module = module

    def identify(self, path: Path, head: bytes) -> float:
        """Score by the format's magic (header lines, XML namespace, record codes)."""
        try:
            return self._score(_text(head[:65536]))
        except Exception:
            return 0.0

    def _score(self, text: str) -> float:  # pragma: no cover - overridden
        return 0.0

    def explain(self, path: Path, head: bytes) -> str:
        """Why it scored as it did."""
        return f"{self.name} signature" if self.identify(path, head) > 0 else f"no {self.name} signature"

    def parse(self, path: Path) -> Iterator[StatementLine]:
        """See :meth:`parse_with`."""
        return self.parse_with(path, ParseOptions())

    def parse_with(self, path: Path, options: ParseOptions) -> Iterator[StatementLine]:
        """Parse the whole file (structured files are read at once) and yield its lines in file order."""
        module = importlib.import_module(self._module)
        lines: list[StatementLine] = module.read(path, options)
        return iter(lines)


class _Ofx(StructuredFormat):
    def _score(self, text: str) -> float:
        start = text[:4096]
        if start.startswith("OFXHEADER:") or "<?OFX" in start:
            return 1.0
        if re.search(r"<OFX>", start, re.IGNORECASE):
            return 0.9
        return 0.0


class _Camt(StructuredFormat):
    def __init__(self, name: str, description: str, module: str, message: str, root: str) -> None:
        super().__init__(name, description, module)
        self._message = message
        self._root = root

    def _score(self, text: str) -> float:
        if not text.startswith("<"):
            return 0.0
        if f"urn:iso:std:iso:20022:tech:xsd:{self._message}" in text:
            return 1.0
        if f"<{self._root}>" in text or re.search(rf"<\w+:{self._root}>", text):
            return 0.9
        return 0.0


class _Mt940(StructuredFormat):
    def _score(self, text: str) -> float:
        has = [re.search(p, text, re.MULTILINE) is not None for p in (r"^:20:", r"^:25:", r"^:6[02][FM]:", r"^:61:")]
        if all(has[:3]):
            return 1.0 if "{1:F01" in text[:200] or has[3] else 0.9
        return 0.0


class _Bai2(StructuredFormat):
    def _score(self, text: str) -> float:
        if not text.startswith("01,"):
            return 0.0
        first = text.split("\n", 1)[0]
        if "/" in first and re.search(r"^0[23],", text, re.MULTILINE):
            return 1.0
        return 0.6 if re.search(r"^(02|03|16|88),", text, re.MULTILINE) else 0.0


def structured_formats() -> list[StructuredFormat]:
    """One instance of every structured format."""
    camt = "arsync.bankfiles.camt_reader"
    return [
        _Ofx(
            "ofx", "OFX/QFX/QBO statement, v1 SGML or v2 XML (charset from the header)", "arsync.bankfiles.ofx_reader"
        ),
        _Camt(
            "camt.053",
            "ISO 20022 camt.053 bank statement (any version, batched entries as items)",
            camt,
            "camt.053",
            "BkToCstmrStmt",
        ),
        _Camt(
            "camt.054",
            "ISO 20022 camt.054 debit/credit notification (any version)",
            camt,
            "camt.054",
            "BkToCstmrDbtCdtNtfctn",
        ),
        _Camt(
            "camt.052", "ISO 20022 camt.052 intraday account report (any version)", camt, "camt.052", "BkToCstmrAcctRpt"
        ),
        _Mt940(
            "mt940",
            "SWIFT MT940 statement (German ?xx subfields, Dutch/Belgian /TAG/ fields; raw :86: kept)",
            "arsync.bankfiles.mt940_reader",
        ),
        _Bai2(
            "bai2",
            "BAI2 cash-management file (type codes to credit/debit, 16/88 payer and RMR references)",
            "arsync.bankfiles.bai2_reader",
        ),
    ]
