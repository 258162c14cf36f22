# ruff: noqa: E501, ISC004 - the seed documents below are bank files, kept as the bank writes them
"""Fuzzing every bank parser: whatever the bytes, the only error that escapes is InputError.

Each parser gets ``ARSYNC_FUZZ_EXAMPLES`` inputs (default 10,000), one test per parser so pytest-xdist
spreads them over the workers. Hypothesis draws one integer seed per input and the file is built from
``random.Random(seed)``: either a small valid statement of that format, corrupted a few times (slices
deleted, repeated or swapped, fragments and noise inserted, bytes flipped, the file cut short), or a
soup of the format's own fragments (tags, record codes, separators) and noise. Cheap to draw, and a
failure is reproduced from the seed alone (``_document(FORMAT, seed)``).

"No partial output": a parse either returns all its lines or raises, which each test checks by
requiring a complete list or an InputError, never both. The CSV test also checks that the engine's
fast row path and its general converter agree on every input.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.bankfiles.base import BankFormat, ParseOptions
from arsync.bankfiles.csvprofile import CsvProfileFormat
from arsync.bankfiles.values import originator_in_text, payer_in_text, street_address_start, without_bank_data
from arsync.errors import InputError
from arsync.matching.services import BUILT_IN
from arsync.models import StatementLine
from arsync.plugins import Registry

EXAMPLES = int(os.environ.get("ARSYNC_FUZZ_EXAMPLES", "10000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SEEDS = st.integers(min_value=0, max_value=2**64 - 1)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One directory per module; each test rewrites the same file for every input.

    In memory (``/dev/shm``) where there is one: rewriting a file on ext4 costs ~0.3 ms, a third of an input.
    """
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None) as tmp:
        yield Path(tmp)


@dataclass(frozen=True)
class Format:
    """What the fuzzer knows of a format: valid statements to corrupt, fragments, how to encode."""

    seeds: tuple[str, ...]
    fragments: tuple[str, ...]
    encodings: tuple[str, ...] = ("utf-8",)


# Characters that upset parsers: controls, NUL, BOM, separators, quotes, non-ASCII, a surrogate-free astral.
_NOISE = (
    "\x00\x01\t\r\n\x1a\x7f \"'<>&;:,/\\?-+.()[]{}#=0123456789eE\u00a0\u00e9\u00fc\u20ac\u2212\ufeff\ufffd\U0001f4b8"
)


def _noise(rng: random.Random) -> str:
    return "".join(rng.choice(_NOISE) for _ in range(rng.randrange(1, 7)))


def _soup(rng: random.Random, fmt: Format) -> str:
    parts = (rng.choice(fmt.fragments) if rng.random() < 0.7 else _noise(rng) for _ in range(rng.randrange(15)))
    return "".join(parts)


def _corrupt(rng: random.Random, fmt: Format) -> str:
    text = rng.choice(fmt.seeds)
    for _ in range(rng.randrange(1, 5)):
        n = len(text)
        i = rng.randrange(n + 1)
        j = min(n, i + rng.choice((1, 2, 4, 16, 64)))
        op = rng.randrange(7)
        if op == 0:  # delete a slice
            text = text[:i] + text[j:]
        elif op == 1:  # repeat a slice
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2:  # insert one of the format's fragments
            text = text[:i] + rng.choice(fmt.fragments) + text[i:]
        elif op == 3:  # overwrite with noise
            text = text[:i] + _noise(rng) + text[j:]
        elif op == 4:  # swap two slices
            k = rng.randrange(j, n + 1)
            text = text[:i] + text[j:k] + text[i:j] + text[k:]
        elif op == 5:  # cut the file short
            text = text[:i]
        else:  # a digit for another digit (amounts, dates, counts, check digits)
            digits = [m for m, ch in enumerate(text) if ch.isdigit()]
            if digits:
                m = rng.choice(digits)
                text = text[:m] + rng.choice("0123456789") + text[m + 1 :]
    return text


def _document(fmt: Format, seed: int) -> bytes:
    """The input for ``seed``: reproducible, a few hundred bytes to a few KiB."""
    rng = random.Random(seed)
    text = _corrupt(rng, fmt) if rng.random() < 0.7 else _soup(rng, fmt)
    data = bytearray(text.encode(rng.choice(fmt.encodings), errors="replace"))
    if data and rng.random() < 0.1:  # a byte flipped after encoding: broken multi-byte sequences
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _check(fmt: BankFormat, path: Path, data: bytes) -> list[StatementLine] | None:
    """Parse ``data`` (written to ``path``): all lines, or an InputError with a message; nothing else."""
    path.write_bytes(data)
    try:
        lines = list(fmt.parse_with(path, ParseOptions()))
    except InputError as exc:
        assert str(exc)  # a message for the user  # noqa: PT017
        return None
    assert all(isinstance(line, StatementLine) for line in lines)
    assert all(line.source.line >= 1 for line in lines)
    return lines


OFX = Format(
    seeds=(
        "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
        "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
        "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>0<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>42"
        "<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\r\n"
        "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240301120000.000[-5:EST]<TRNAMT>1500.00<FITID>A1"
        "<NAME>Société Générale<MEMO>INV-7 RF18 5390 0754 7034</STMTTRN>\r\n"
        "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240302<TRNAMT>-12,50<FITID>A2<NAME>Bank &amp; fee</NAME></STMTTRN>\r\n"
        "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?OFX OFXHEADER="200" VERSION="202" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
        "<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD</CURDEF>\n"
        "<CCACCTFROM><ACCTID>9999</ACCTID></CCACCTFROM><BANKTRANLIST>\n"
        "<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>-20.00</TRNAMT><FITID>X1</FITID>\n"
        "<NAME>Café</NAME></STMTTRN>\n"
        "<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240106</DTPOSTED><TRNAMT>100</TRNAMT><FITID>X2</FITID>\n"
        "<PAYEE><NAME>Payment received</NAME></PAYEE></STMTTRN>\n"
        "</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>\n",
    ),
    fragments=(
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
    ),
    encodings=("utf-8", "cp1252"),
)

CAMT = Format(
    seeds=(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        '<Ntry><Amt Ccy="EUR">1500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        "<BookgDt><Dt>2024-04-01</Dt></BookgDt><ValDt><Dt>2024-04-02</Dt></ValDt><AcctSvcrRef>BANKREF-1</AcctSvcrRef>\n"
        "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"
        '<TxDtls><Refs><EndToEndId>E2E-A</EndToEndId></Refs><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        "<RltdPties><Dbtr><Pty><Nm>Alpha GmbH</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>"
        "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>\n"
        '<TxDtls><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><RmtInf><Ustrd>Invoice 2024-17</Ustrd>'
        "<Strd><RfrdDocInf><Nb>2024-17</Nb></RfrdDocInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        '<Ntry><Amt Ccy="EUR">9.90</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>'
        "<BookgDt><Dt>2024-04-02</Dt></BookgDt></Ntry>\n</Stmt></BkToCstmrStmt></Document>\n",
        '<?xml version="1.0"?>\n'
        '<camt:Document xmlns:camt="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><camt:BkToCstmrDbtCdtNtfctn>\n'
        "<camt:Ntfctn><camt:Acct><camt:Id><camt:IBAN>CH9300762011623852957</camt:IBAN></camt:Id></camt:Acct>\n"
        '<camt:Ntry><camt:Amt Ccy="CHF">250.00</camt:Amt><camt:CdtDbtInd>CRDT</camt:CdtDbtInd><camt:Sts>BOOK</camt:Sts>\n'
        "<camt:BookgDt><camt:Dt>2024-06-03</camt:Dt></camt:BookgDt><camt:AcctSvcrRef>N1</camt:AcctSvcrRef>\n"
        '<camt:NtryDtls><camt:TxDtls><camt:Amt Ccy="CHF">250.00</camt:Amt>'
        '<camt:AmtDtls><camt:InstdAmt><camt:Amt Ccy="EUR">260.00</camt:Amt></camt:InstdAmt></camt:AmtDtls>\n'
        "<camt:RmtInf><camt:Strd><camt:CdtrRefInf><camt:Tp><camt:CdOrPrtry><camt:Prtry>QRR</camt:Prtry></camt:CdOrPrtry></camt:Tp>\n"
        "<camt:Ref>210000000003139471430009017</camt:Ref></camt:CdtrRefInf></camt:Strd></camt:RmtInf>\n"
        "</camt:TxDtls></camt:NtryDtls></camt:Ntry></camt:Ntfctn></camt:BkToCstmrDbtCdtNtfctn></camt:Document>\n",
    ),
    fragments=(
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
        '<AmtDtls><InstdAmt><Amt Ccy="USD">',
        "</Amt></InstdAmt></AmtDtls>",
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
        '<RmtInf><Strd><RfrdDocInf><Nb>INV-1</Nb></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="EUR">12.50</RmtdAmt></RfrdDocAmt></Strd></RmtInf>',
        '<RfrdDocAmt><RmtdAmt Ccy="EU">',
        '<RfrdDocAmt><DscntApldAmt Ccy="EUR">0.25</DscntApldAmt></RfrdDocAmt>',
        '<RfrdDocAmt><DscntApldAmt><Tp><Cd>X</Cd></Tp><Amt Ccy="EUR">',
        '<RfrdDocAmt><AdjstmntAmtAndRsn><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Rsn>X</Rsn></AdjstmntAmtAndRsn></RfrdDocAmt>',
        "<AdjstmntAmtAndRsn><CdtDbtInd>",
        "<RvslInd>true</RvslInd>",
        "<!DOCTYPE d>",
        "&x;",
        '<Amt Ccy="JPY">1.5</Amt>',
        '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ),
)

MT940 = Format(
    seeds=(
        ":20:STARTUMS\n:25:10020030/1234567\n:28C:0\n:60F:C240301EUR1000,00\n"
        ":61:2403010301CR250,00NTRFNONREF//BANKREF1\n"
        ":86:166?00GUTSCHRIFT?100399?20EREF+E2E-77?21SVWZ+Rechnung RE-20\n24-001?30COBADEFFXXX?31DE4410\n"
        "0200300001234567?32Muster?33mann GmbH\n"
        ":61:2403020302DR10,5NMSCNONREF\n:86:Kontofuehrung\n"
        ":62F:C240302EUR1239,50\n-\n",
        ":20:940S240301\n:25:NL71RABO0123456789\n:28C:0\n:60F:C240301EUR100,00\n"
        ":61:240301C75,00N541EREF\nNL70ABNA0987654321\n"
        ":86:/EREF/E2E-9/ORDP//NAME/KLANT BV/REMI/Factuur 2024-9\n/ISDT/2024-03-01\n"
        ":62F:C240301EUR175,00\n",
        ":20:940S240501\n:25:CH9300762011623852957\n:28C:0\n:60F:C240501CHF100,00\n"
        ":61:2405020502CR904,50NTRFNONREF//BANKREF7\n/OCMT/EUR1000,00/CHGS/CHF0,/\n"
        ":86:/NAME/DELTA BV/REMI/INV 88\n:62F:C240502CHF1004,50\n",
    ),
    fragments=(
        ":20:REF\n",
        "/OCMT/USD12,5/",
        "/OCMT/",
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
    ),
    encodings=("utf-8", "latin-1"),
)

BAI2 = Format(
    seeds=(
        "01,BANK,CUST,240301,0800,1,,,2/\n02,CUST,BANK,1,240301,,USD,2/\n"
        "03,123456789,USD,010,100000,,,015,130000,,/\n"
        "16,165,30000,0,REF1,CUSTREF1,ORIG CO NAME:ACME CORP ORIG ID:999 SEC:CCD IND NAME:ACME\n"
        "88,RMR*IV*INV-1001*200.00\\RMR*IV*INV-1002*100.00\\\n"
        "16,475,2500,0,REF2,,CHECK PAID/\n49,262500,5/\n98,262500,1,7/\n99,262500,1,9/\n",
    ),
    fragments=(
        "01,S,R,240101,0800,1,,,2/\n",
        "02,R,S,1,240101,,USD,2/\n",
        "02,R,S,1,240101,,JPY,2/\n",
        "03,123,USD,010,100,,/\n",
        "16,165,100,0,B,C,TEXT\n",
        "16,475,25,0,B,,/\n",
        "16,999,1,Z,B,C,X/\n",
        "88,RMR*IV*INV-1*1.00\\\n",
        "88,RMR*IV*INV-1*PI*98.00*100.00*2.00\\\n",
        "88,RMR*IV*INV-1**9.8*10*0.2~DTM*003*20240101\n",
        "88,RMR*IV*INV-1*PI*96.00*100.00**DM*4.00\\\n",
        "88,RMR*IV*INV-1*PI*96.00*100.00*1*DM*x4\\\n",
        "RMR*",
        "*",
        "88,ORIG CO NAME:ACME\n",
        "49,100,3/\n",
        "98,100,1,5/\n",
        "99,100,1,7/\n",
        "16,165,-5,0,,,/\n",
        "16,165,,,/\n",
        ",",
        "/",
        "\n",
    ),
    encodings=("latin-1",),
)

# The CSV engine, through six profiles that between them use every kind of setting (preamble, headerless,
# decimal comma, debit/credit columns, gross/fee/net, apostrophe guards, pending and balance rows).
CSV_SEEDS = {
    "generic": (
        "date,amount,currency,description,counterparty,reference,bank_id\n"
        "2024-05-01,1234.56,EUR,Payment,ACME,RF18539007547034,b1\n2024-05-02,(34.56),EUR,Bank fee,,,b2\n",
        "utf-8",
    ),
    "ing-de": (
        "Umsatzanzeige;Datei erstellt am: 25.07.2024 12:00\n\nIBAN;DE99 9999 9999 9999 9999 99\nKontoname;Girokonto\n"
        "Bank;ING\nKunde;Max Müller\nZeitraum;01.06.2024 - 30.06.2024\nSaldo;5.000,00;EUR\n\n"
        "In der CSV-Datei finden Sie alle bereits gebuchten Umsätze.\n\n"
        "Buchung;Valuta;Auftraggeber/Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung\n"
        "08.06.2024;08.06.2024;Müller GmbH;Gutschrift;Rechnung 4711;5.500,00;EUR;500,00;EUR\n"
        "09.06.2024;09.06.2024;Vermieter;Lastschrift;Miete Juni;4.265,44;EUR;-1.234,56;EUR\n",
        "iso-8859-1",
    ),
    "bofa-checking": (
        'Description,,Summary Amt.\r\nBeginning balance as of 01/01/2024,,"5,000.00"\r\nTotal credits,,"2,000.00"\r\n'
        'Total debits,,"-1,234.56"\r\nEnding balance as of 01/31/2024,,"5,765.44"\r\n\r\n'
        'Date,Description,Amount,Running Bal.\r\n01/01/2024,Beginning balance as of 01/01/2024,,"5,000.00"\r\n'
        '01/10/2024,"RENT","-1,234.56","3,765.44"\r\n01/15/2024,"ACME CORP DES:PAYMENT","2,000.00","5,765.44"\r\n',
        "utf-8",
    ),
    "wellsfargo-checking": (
        '"12/04/2023","-12.07","*","","CHECK CRD PURCHASE 12/02 GROCER"\n"12/05/2023","1500.00","*","","ACME INC PAYROLL"\n',
        "utf-8",
    ),
    "paypal-activity": (
        '\ufeff"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","From Email Address",'
        '"Transaction ID","Reference Txn ID","Invoice Number","Balance"\n'
        '"10/01/2024","03:46:20","PDT","ACME Inc","Website Payment","Completed","USD","1,120.00","-32.78","1,087.22",'
        '"ap@acme.example","1AB","","INV-100","1,087.22"\n'
        '"10/02/2024","03:46:20","PDT","","Bank Deposit to PP Account ","Pending","USD","6.99","0.00","6.99","","3EF",'
        '"2CD","","0.00"\n',
        "utf-8",
    ),
    "lloyds": (
        "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,"
        "Credit Amount,Balance,\n28/02/2024,DEB,'11-22-33,12345678,TESCO STORES 1234,12.00,,988.00,\n"
        '29/02/2024,FPI,\'11-22-33,12345678,"ACME LTD\nINV-77",,300.00,1288.00,\n',
        "utf-8",
    ),
}
CSV_FRAGMENTS = (
    "date,amount,currency,description,counterparty,reference,bank_id\n",
    "2024-01-01",
    "2024-13-01",
    "01/02/2024",
    "28.02.2024",
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
    "1.000,00",
    "-0,00",
    "1e3",
    "EUR",
    "usd",
    "XXX",
    "JPY",
    "'",
    "' ",
    "\x00",
    "\ufeff",
    "RF18539007547034",
    "pending",
    "Pending",
    "\u00e9",
)
CSV_ENCODINGS = ("utf-8", "cp1252", "utf-16", "iso-8859-1")
# Per profile: mostly its own export corrupted; fragments and encodings shared.
CSV = {name: Format((text,), CSV_FRAGMENTS, CSV_ENCODINGS) for name, (text, _enc) in CSV_SEEDS.items()}


def test_ofx_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["ofx"]

    @FUZZ
    @given(SEEDS)
    def run(seed: int) -> None:
        _check(fmt, scratch / "f.ofx", _document(OFX, seed))

    run()


def test_camt_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["camt.053"]

    @FUZZ
    @given(SEEDS)
    def run(seed: int) -> None:
        _check(fmt, scratch / "f.xml", _document(CAMT, seed))

    run()


def test_mt940_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["mt940"]

    @FUZZ
    @given(SEEDS)
    def run(seed: int) -> None:
        _check(fmt, scratch / "f.sta", _document(MT940, seed))

    run()


def test_bai2_parser_raises_only_input_errors(registry: Registry, scratch: Path) -> None:
    fmt = registry.bank_formats["bai2"]

    @FUZZ
    @given(SEEDS)
    def run(seed: int) -> None:
        _check(fmt, scratch / "f.bai", _document(BAI2, seed))

    run()


def test_csv_engine_raises_only_input_errors_and_both_row_paths_agree(registry: Registry, scratch: Path) -> None:
    formats = {name: registry.bank_formats[name].load() for name in CSV_SEEDS}  # type: ignore[attr-defined]
    general = {name: CsvProfileFormat(fmt.profile) for name, fmt in formats.items()}
    for fmt in general.values():
        fmt.fast_rows = False

    @FUZZ
    @given(SEEDS)
    def run(seed: int) -> None:
        name = sorted(CSV)[seed % len(CSV)]
        path = scratch / "f.csv"
        lines = _check(formats[name], path, _document(CSV[name], seed))
        try:
            expected = list(general[name].parse_with(path, ParseOptions()))
        except InputError:
            expected = None
        assert (None if lines is None else [repr(x) for x in lines]) == (
            None if expected is None else [repr(x) for x in expected]
        )

    run()


def test_detection_and_batch_raise_only_input_errors(registry: Registry, scratch: Path) -> None:
    mixed = Format(
        seeds=OFX.seeds + CAMT.seeds + MT940.seeds + BAI2.seeds + tuple(text for text, _enc in CSV_SEEDS.values()),
        fragments=OFX.fragments[:6] + CAMT.fragments[:4] + MT940.fragments[:5] + BAI2.fragments[:3] + CSV_FRAGMENTS,
    )

    @settings(FUZZ, max_examples=max(EXAMPLES // 5, 10))
    @given(SEEDS)
    def run(seed: int) -> None:
        path = scratch / "any.dat"
        path.write_bytes(_document(mixed, seed))
        try:
            batch = parse_statements([path], registry=registry)
        except InputError:
            return
        assert batch.files and batch.files[0].lines == len(batch.lines) + sum(
            1 for d in batch.duplicates if d.dropped.file == str(path)
        )

    run()


# The labelled texts of US banks' exports (ACH, Bank of America, Chase Fedwire, Wells Fargo wires), cut
# into the pieces the description readers key on, and noise.
DESCRIPTION_FRAGMENTS = (
    "ORIG CO NAME:",
    "ORIG ID:",
    "DESC DATE:",
    "CO ENTRY DESCR:",
    "SEC:",
    "TRACE#:",
    "EED:",
    "IND ID:",
    "IND NAME:",
    "TRN:",
    " DES:",
    " ID:",
    " INDN:",
    " CO ID:",
    "WIRE TYPE:",
    "DATE: ",
    "TIME:",
    "SEQ:",
    "ORIG:",
    "SND BK:",
    "PMT DET:",
    "FEDWIRE CREDIT VIA: ",
    "B/O: ",
    "B/O ",
    "REF: CHASE NYC/CTR/BNF=",
    "/AC-",
    "RFB=",
    "OBI=",
    "BBI=",
    "IMAD: ",
    "WT Fed#",
    "/Org=",
    "Srf# ",
    "Trn#",
    "Rfb# ",
    "Zelle payment from ",
    "Conf# ",
    " via ",
    " VIA BILL.COM",
    "Bill.com",
    "PayPal",
    "RMR*IV*",
    "~",
    "\\",
    " ",
    "  ",
    ":",
    "#",
    "=",
    "/",
    "ACME CORP",
    "INV 1047",
    "0001047",
    "60601-1047",
    "ORG=/6310025942 ",
    "BO1:/DE89370400440532013000 ",
    " 2153 COMMERCE DR ",
    " MAIN ",
    "ST",
    "\u00e9",
    "\x00",
)


@FUZZ
@given(SEEDS)
def test_bank_description_readers_only_take_out_and_never_raise(seed: int) -> None:
    """Whatever a description holds, the payer read from it is a piece of it, and the text left for
    references is made of pieces of it: the readers take out, never make up, and never raise."""
    rng = random.Random(seed)
    text = "".join(rng.choice(DESCRIPTION_FRAGMENTS) for _ in range(rng.randint(0, 40)))
    payer = payer_in_text(text)
    assert payer is None or (payer == payer.strip() and payer in text)
    name, account = originator_in_text(text)
    assert name is None or (name == name.strip() and name in (payer or ""))
    assert account is None or f"/{account}" in (payer or "")
    start = street_address_start(text)
    assert start is None or text[start].isdigit()
    kept = without_bank_data(text)
    assert all(piece in text for piece in kept.split())
    via = BUILT_IN.paid_via(text)  # "ACME CORP via Bill.com": the business, and a service the text names
    assert via is None or (via[0] in text and via[0] == via[0].strip() and via[1].casefold() in text.casefold())
