"""Fuzzing every bank parser: whatever the bytes, the only error that escapes is InputError.

Inputs are small and built from each format's own fragments (tags, record codes, separators) mixed
with arbitrary text, so the parsers are driven deep rather than rejected at the first byte. Every
parser gets ``ARSYNC_FUZZ_EXAMPLES`` examples (default 10,000). "No partial output": a parse either
returns all its lines or raises (``parse_statements`` collects a whole file before returning), which
each test checks by requiring a complete list or an InputError, never both.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.bankfiles.base import BankFormat, ParseOptions
from arsync.errors import InputError
from arsync.models import StatementLine
from arsync.plugins import Registry

EXAMPLES = int(os.environ.get("ARSYNC_FUZZ_EXAMPLES", "10000"))
settings.register_profile(
    "bank-fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    database=None,
)
FUZZ = settings.get_profile("bank-fuzz")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _noise() -> st.SearchStrategy[str]:
    return st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6)


def _doc(fragments: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(fragments), _noise()), max_size=14).map("".join)


def _check(fmt: BankFormat, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    options = ParseOptions()
    try:
        lines = list(fmt.parse_with(path, options))
    except InputError as exc:
        assert str(exc)  # a message for the user  # noqa: PT017
        return
    assert all(isinstance(line, StatementLine) for line in lines)
    for line in lines:
        assert line.source.line >= 1


OFX_FRAGMENTS = [
    "OFXHEADER:100\n",
    "CHARSET:1252\n",
    "ENCODING:UTF-8\n",
    "CHARSET:8859-1\n",
    "\n",
    "<OFX>",
    "</OFX>",
    "<STMTRS>",
    "</STMTRS>",
    "<CCSTMTRS>",
    "<CURDEF>USD",
    "<CURDEF>JPY",
    "<CURDEF>XXX",
    "<STMTTRN>",
    "</STMTTRN>",
    "<TRNAMT>",
    "-12.50",
    "1,5",
    "0.001",
    "1e5",
    "<DTPOSTED>",
    "20240101",
    "2024",
    "99999999",
    "<FITID>",
    "<NAME>",
    "<MEMO>",
    "&amp;",
    "&",
    "<",
    ">",
    "<?xml version='1.0' encoding='latin-1'?>",
    "<?OFX ?>",
    "<!-- x -->",
    "<CURRENCY><CURSYM>EUR</CURRENCY>",
    "</NAME>",
    "<PAYEE><NAME>x</PAYEE>",
]
CAMT_FRAGMENTS = [
    '<?xml version="1.0"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
    "</Document>",
    "<BkToCstmrStmt>",
    "</BkToCstmrStmt>",
    "<Stmt>",
    "</Stmt>",
    "<Ntry>",
    "</Ntry>",
    '<Amt Ccy="EUR">',
    "<Amt>",
    "</Amt>",
    "12.34",
    "-1",
    "1.001",
    "NaN",
    "<CdtDbtInd>CRDT</CdtDbtInd>",
    "<CdtDbtInd>DBIT</CdtDbtInd>",
    "<Sts>BOOK</Sts>",
    "<Sts><Cd>PDNG</Cd></Sts>",
    "<BookgDt><Dt>2024-01-31</Dt></BookgDt>",
    "<BookgDt><Dt>",
    "2024-02-30",
    "</Dt></BookgDt>",
    "<NtryDtls><TxDtls>",
    "</TxDtls></NtryDtls>",
    "<RmtInf><Ustrd>x</Ustrd></RmtInf>",
    "<RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>",
    "<!DOCTYPE d>",
    "&x;",
    '<Amt Ccy="JPY">1.5</Amt>',
]
MT940_FRAGMENTS = [
    ":20:REF\n",
    ":25:NL71RABO0123456789\n",
    ":28C:1\n",
    ":60F:C240101EUR1000,00\n",
    ":62F:C240101EUR10,00\n",
    ":61:2401010101CR10,00NTRFNONREF//B1\n",
    ":61:240101D5,NMSC\n",
    ":61:2402300230C1,NTRF\n",
    ":61:\n",
    ":86:",
    "?00GUTSCHRIFT?20EREF+E2E?21SVWZ+INV 1?32NAME",
    "/EREF/X/NAME/Y/REMI/Z",
    "/ORDP//NAME/",
    "\n",
    "-\n",
    "{1:F01}{4:\n",
    "-}",
    ":61:240101RC1,00NTRF\n",
    ",",
    "?",
    "/",
]
BAI2_FRAGMENTS = [
    "01,S,R,240101,0800,1,,,2/\n",
    "02,R,S,1,240101,,USD,2/\n",
    "02,R,S,1,240101,,JPY,2/\n",
    "03,123,USD,010,100,,/\n",
    "16,165,100,0,B,C,TEXT\n",
    "16,475,25,0,B,,/\n",
    "16,999,1,Z,B,C,X/\n",
    "88,RMR*IV*INV-1*1.00\\\n",
    "88,ORIG CO NAME:ACME\n",
    "49,100,3/\n",
    "98,100,1,5/\n",
    "99,100,1,7/\n",
    "16,165,-5,0,,,/\n",
    "16,165,,,/\n",
    ",",
    "/",
    "\n",
]
CSV_FRAGMENTS = [
    "date,amount,currency,description,counterparty,reference,bank_id\n",
    "2024-01-01",
    "2024-13-01",
    ",",
    ";",
    '"',
    '""',
    "\n",
    "\r\n",
    "1.00",
    "(2.50)",
    "-0.001",
    "1,000.00",
    "1e3",
    "EUR",
    "usd",
    "XXX",
    "JPY",
    "'",
    "\x00",
    "\ufeff",
    "RF18539007547034",
    "pending",
    "\u00e9",
]


def test_ofx_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["ofx"]

    @FUZZ
    @given(_doc(OFX_FRAGMENTS), st.sampled_from(["utf-8", "cp1252"]))
    def run(text: str, encoding: str) -> None:
        _check(fmt, scratch / "f.ofx", text.encode(encoding, errors="replace"))

    run()


def test_camt_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["camt.053"]

    @FUZZ
    @given(_doc(CAMT_FRAGMENTS))
    def run(text: str) -> None:
        _check(fmt, scratch / "f.xml", text.encode("utf-8"))

    run()


def test_mt940_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["mt940"]

    @FUZZ
    @given(_doc(MT940_FRAGMENTS))
    def run(text: str) -> None:
        _check(fmt, scratch / "f.sta", text.encode("utf-8"))

    run()


def test_bai2_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["bai2"]

    @FUZZ
    @given(_doc(BAI2_FRAGMENTS))
    def run(text: str) -> None:
        _check(fmt, scratch / "f.bai", text.encode("latin-1", errors="replace"))

    run()


def test_csv_engine_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    profiles = ["generic", "ing-de", "bofa-checking", "wellsfargo-checking", "paypal-activity", "lloyds"]

    @FUZZ
    @given(_doc(CSV_FRAGMENTS), st.sampled_from(profiles), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
    def run(text: str, profile: str, encoding: str) -> None:
        _check(registry.bank_formats[profile], scratch / "f.csv", text.encode(encoding, errors="replace"))

    run()


def test_detection_and_batch_raise_only_input_errors(registry: Registry, scratch: Path) -> None:
    fragments = OFX_FRAGMENTS[:6] + CAMT_FRAGMENTS[:4] + MT940_FRAGMENTS[:5] + BAI2_FRAGMENTS[:3] + CSV_FRAGMENTS

    @settings(FUZZ, max_examples=max(EXAMPLES // 5, 10))
    @given(_doc(fragments))
    def run(text: str) -> None:
        path = scratch / "any.dat"
        path.write_bytes(text.encode("utf-8"))
        try:
            batch = parse_statements([path], registry=registry)
        except InputError:
            return
        assert batch.files and batch.files[0].lines == len(batch.lines) + sum(
            1 for d in batch.duplicates if d.dropped.file == str(path)
        )

    run()
