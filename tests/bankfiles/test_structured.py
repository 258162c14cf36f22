# ruff: noqa: E501 - the fixtures below are bank files, kept as the bank writes them
"""OFX, camt.053/054, MT940 and BAI2 read from small statements of our own, each with its traps."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from arsync.bankfiles.api import StatementBatch
from arsync.errors import InputError
from arsync.models import Money

OFX_V1 = (
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
    "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
    "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>0<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>42"
    "<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>\r\n"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240301120000.000[-5:EST]<TRNAMT>1500.00<FITID>A1"
    "<NAME>Société Générale client with a name longer than 32<MEMO>INV-7 RF18 5390 0754 7034</STMTTRN>\r\n"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240302<TRNAMT>-12,50<FITID>A2<NAME>Bank &amp; fee</NAME></STMTTRN>\r\n"
    "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
)

OFX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="202" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>USD</CURDEF>
<CCACCTFROM><ACCTID>9999</ACCTID></CCACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>-20.00</TRNAMT><FITID>X1</FITID>
<NAME>Café</NAME></STMTTRN>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240106</DTPOSTED><TRNAMT>100</TRNAMT><FITID>X2</FITID>
<PAYEE><NAME>Payment received</NAME></PAYEE></STMTTRN>
</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
"""


def test_ofx_v1_sgml_reads_cp1252_and_unclosed_tags(statement: Callable[..., Path], parse) -> None:
    batch: StatementBatch = parse(statement("s.ofx", OFX_V1, "cp1252"))
    assert batch.files[0].format == "ofx"
    first, second = batch.lines
    assert (first.amount.amount, first.amount.currency, first.bank_id) == (Decimal("1500.00"), "EUR", "A1")
    assert first.counterparty_name == "Société Générale client with a name longer than 32"
    assert ("rf", "RF18539007547034") in [(r.kind, r.value) for r in first.references]
    assert second.amount.amount == Decimal("-12.50")  # decimal comma tolerated
    assert second.counterparty_name == "Bank & fee"
    assert first.source.line == 12 and second.source.line == 13


def test_ofx_v2_credit_card_statement(statement, parse) -> None:
    batch = parse(statement("s.qfx", OFX_V2))
    assert [(line.amount.amount, line.counterparty_name) for line in batch.lines] == [
        (Decimal("-20.00"), "Café"),
        (Decimal("100.00"), "Payment received"),
    ]
    assert batch.lines[0].raw["account"] == "9999"


def test_ofx_on_a_single_line(statement, parse) -> None:
    one_line = OFX_V1.replace("\r\n", "").replace("NEWFILEUID:NONE", "NEWFILEUID:NONE\n")
    batch = parse(statement("s.ofx", one_line, "cp1252"), profile="ofx")
    assert len(batch.lines) == 2


def test_ofx_bad_amount_names_line_and_field(statement, parse) -> None:
    bad = OFX_V1.replace("<TRNAMT>1500.00", "<TRNAMT>15OO.00")
    with pytest.raises(InputError, match=r"s\.ofx:12, column 'TRNAMT', value '15OO\.00'"):
        parse(statement("s.ofx", bad, "cp1252"))


CAMT053_V08 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-04-02T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Ntry>
    <Amt Ccy="EUR">1500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2024-04-01</Dt></BookgDt><ValDt><Dt>2024-04-02</Dt></ValDt>
    <AcctSvcrRef>BANKREF-1</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
     <TxDtls><Refs><EndToEndId>E2E-A</EndToEndId></Refs><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
      <RltdPties><Dbtr><Pty><Nm>Alpha GmbH</Nm></Pty></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
      <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
     </TxDtls>
     <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><Amt Ccy="EUR">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
      <RltdPties><Dbtr><Pty><Nm>Beta SA</Nm></Pty></Dbtr></RltdPties>
      <RmtInf><Ustrd>Invoice 2024-17</Ustrd><Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>2024-17</Nb></RfrdDocInf>
      <CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547035</Ref></CdtrRefInf></Strd></RmtInf>
     </TxDtls>
    </NtryDtls>
   </Ntry>
   <Ntry><Amt Ccy="EUR">9.90</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
    <BookgDt><Dt>2024-04-02</Dt></BookgDt><AcctSvcrRef>BANKREF-2</AcctSvcrRef></Ntry>
   <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>INFO</Cd></Sts>
    <BookgDt><Dt>2024-04-02</Dt></BookgDt></Ntry>
  </Stmt></BkToCstmrStmt></Document>
"""


def test_camt053_v08_batched_entry_becomes_one_line_with_items(statement, parse) -> None:
    batch = parse(statement("s.xml", CAMT053_V08))
    assert batch.files[0].format == "camt.053"
    deposit, pending = batch.lines
    assert (deposit.amount.amount, deposit.bank_id, deposit.transaction_code) == (
        Decimal("1500.00"),
        "BANKREF-1",
        "PMNT/RCDT/ESCT",
    )
    first, second = deposit.items
    assert (first.counterparty_name, first.counterparty_account) == ("Alpha GmbH", "DE02120300000000202051")
    assert [(r.kind, r.value) for r in first.references] == [("rf", "RF18539007547034"), ("end_to_end", "E2E-A")]
    # a wrong check digit is kept, but not as a validated RF reference; NOTPROVIDED is no end-to-end id
    assert [(r.kind, r.value) for r in second.references] == [
        ("creditor_ref", "RF18539007547035"),
        ("invoice", "2024-17"),
        ("text", "Invoice 2024-17"),
    ]
    assert pending.status == "pending" and pending.amount.amount == Decimal("-9.90")
    assert [s.kind for s in batch.skipped] == ["info"]


CAMT053_CONVERTED = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt><GrpHdr><MsgId>M2</MsgId><CreDtTm>2024-05-02T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S2</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>
   <Ntry><Amt Ccy="CHF">904.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-05-02</Dt></BookgDt>
    <NtryDtls><TxDtls><Refs><EndToEndId>E2E-FX</EndToEndId></Refs>
     <AmtDtls><InstdAmt><Amt Ccy="EUR">1000.00</Amt></InstdAmt><TxAmt><Amt Ccy="CHF">904.50</Amt>
      <CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>0.9045</XchgRate></CcyXchg></TxAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>Delta BV</Nm></Dbtr></RltdPties><RmtInf><Ustrd>INV 88</Ustrd></RmtInf></TxDtls></NtryDtls>
   </Ntry>
   <Ntry><Amt Ccy="CHF">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-05-02</Dt></BookgDt>
    <NtryDtls><TxDtls><AmtDtls><InstdAmt><Amt Ccy="CHF">50.00</Amt></InstdAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>Epsilon AG</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
   </Ntry>
   <Ntry><Amt Ccy="CHF">965.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-05-02</Dt></BookgDt>
    <NtryDtls><TxDtls><AmtDtls><InstdAmt><Amt Ccy="CHF">1000.00</Amt></InstdAmt></AmtDtls>
     <Chrgs><Amt Ccy="CHF">35.00</Amt></Chrgs><RltdPties><Dbtr><Nm>Zeta SA</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
   </Ntry>
  </Stmt></BkToCstmrStmt></Document>
"""


def test_camt_instructed_amount_in_another_currency_is_what_the_payer_sent(statement, parse) -> None:
    """``AmtDtls/InstdAmt`` in EUR on a CHF booking is kept as the line's original amount (matching
    compares it with EUR invoices). In the account's own currency it is kept only above the booked amount
    (charges deducted on the way); equal, it adds nothing."""
    converted, local, charged = parse(statement("fx.xml", CAMT053_CONVERTED)).lines
    assert converted.amount == Money("904.50", "CHF")
    assert converted.original_amount == Money("1000.00", "EUR")
    assert local.original_amount is None
    assert (charged.amount, charged.original_amount) == (Money("965.00", "CHF"), Money("1000.00", "CHF"))


def test_camt_instructed_amount_in_an_unknown_currency_is_an_input_error(statement, parse) -> None:
    with pytest.raises(InputError) as info:
        parse(statement("fx.xml", CAMT053_CONVERTED.replace('Ccy="EUR"', 'Ccy="EU"')))
    assert info.value.column == "AmtDtls/InstdAmt/Amt"
    assert info.value.line == 7


CAMT054_V02 = """<?xml version="1.0"?>
<camt:Document xmlns:camt="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><camt:BkToCstmrDbtCdtNtfctn>
<camt:Ntfctn><camt:Acct><camt:Id><camt:IBAN>CH9300762011623852957</camt:IBAN></camt:Id></camt:Acct>
<camt:Ntry><camt:Amt Ccy="CHF">250.00</camt:Amt><camt:CdtDbtInd>CRDT</camt:CdtDbtInd><camt:Sts>BOOK</camt:Sts>
<camt:BookgDt><camt:Dt>2024-06-03</camt:Dt></camt:BookgDt><camt:AcctSvcrRef>N1</camt:AcctSvcrRef>
<camt:NtryDtls><camt:TxDtls><camt:Amt Ccy="CHF">250.00</camt:Amt>
<camt:RltdPties><camt:Dbtr><camt:Nm>Gamma AG</camt:Nm></camt:Dbtr></camt:RltdPties>
<camt:RmtInf><camt:Strd><camt:CdtrRefInf><camt:Tp><camt:CdOrPrtry><camt:Prtry>QRR</camt:Prtry></camt:CdOrPrtry></camt:Tp>
<camt:Ref>210000000003139471430009017</camt:Ref></camt:CdtrRefInf></camt:Strd></camt:RmtInf>
</camt:TxDtls></camt:NtryDtls></camt:Ntry></camt:Ntfctn></camt:BkToCstmrDbtCdtNtfctn></camt:Document>
"""


def test_camt054_prefixed_namespace_and_qrr_reference(statement, parse) -> None:
    batch = parse(statement("n.xml", CAMT054_V02))
    assert batch.files[0].format == "camt.054"
    (line,) = batch.lines
    assert line.counterparty_name == "Gamma AG"
    assert ("qrr", "210000000003139471430009017") in [(r.kind, r.value) for r in line.references]


def test_camt_entity_expansion_is_refused(statement, parse) -> None:
    evil = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + CAMT054_V02.split("?>", 1)[1]
    evil = evil.replace("Gamma AG", "&x;")
    batch = parse(statement("n.xml", evil), profile="camt.054")
    assert "root:" not in (batch.lines[0].counterparty_name or "")


MT940_CONVERTED = (
    ":20:940S240501\n:25:CH9300762011623852957\n:28C:0\n:60F:C240501CHF100,00\n"
    ":61:2405020502CR904,50NTRFNONREF//BANKREF7\n/OCMT/EUR1000,00/CHGS/CHF0,/\n"
    ":86:/NAME/DELTA BV/REMI/INV 88\n"
    ":61:2405020502CR50,00NTRFNONREF//BANKREF8\n/OCMT/CHF50,00/\n"
    ":86:/NAME/EPSILON AG\n"
    ":62F:C240502CHF1054,50\n"
)


def test_mt940_ocmt_original_amount_is_what_the_payer_sent(statement, parse) -> None:
    """``/OCMT/`` on the :61: supplementary line, in another currency than the booking, is the line's
    original amount; in the account's own currency it adds nothing."""
    converted, local = parse(statement("fx.sta", MT940_CONVERTED)).lines
    assert converted.amount == Money("904.50", "CHF")
    assert converted.original_amount == Money("1000.00", "EUR")
    assert local.original_amount is None


def test_mt940_ocmt_in_an_unknown_currency_names_the_field(statement, parse) -> None:
    with pytest.raises(InputError) as info:
        parse(statement("fx.sta", MT940_CONVERTED.replace("/OCMT/EUR", "/OCMT/EUX")))
    assert (info.value.line, info.value.column) == (5, ":61:/OCMT/")


MT940_DE = (
    ":20:STARTUMS\n:25:10020030/1234567\n:28C:0\n:60F:C240301EUR1000,00\n"
    ":61:2403010301CR250,00NTRFNONREF//BANKREF1\n"
    ":86:166?00GUTSCHRIFT?100399?20EREF+E2E-77?21SVWZ+Rechnung RE-20\n24-001?30COBADEFFXXX?31DE4410\n"
    "0200300001234567?32Muster?33mann GmbH\n"
    ":61:2403020302DR10,5NMSCNONREF\n:86:Kontofuehrung\n"
    ":62F:C240302EUR1239,50\n-\n"
)
MT940_NL = (
    ":20:940S240301\n:25:NL71RABO0123456789\n:28C:0\n:60F:C240301EUR100,00\n"
    ":61:240301C75,00N541EREF\nNL70ABNA0987654321\n"
    ":86:/EREF/E2E-9/ORDP//NAME/KLANT BV/REMI/Factuur 2024-9\n/ISDT/2024-03-01\n"
    ":62F:C240301EUR175,00\n"
)


def test_mt940_german_subfields_join_wrapped_lines(statement, parse) -> None:
    batch = parse(statement("s.sta", MT940_DE))
    credit, fee = batch.lines
    assert credit.counterparty_name == "Mustermann GmbH"
    assert credit.counterparty_account == "DE44100200300001234567"
    assert [(r.kind, r.value) for r in credit.references] == [
        ("end_to_end", "E2E-77"),
        ("text", "Rechnung RE-2024-001"),
    ]
    assert credit.raw[":86:"].startswith("166?00GUTSCHRIFT")
    assert credit.bank_id == "BANKREF1" and credit.source.line == 5
    assert fee.amount.amount == Decimal("-10.50") and fee.source.line == 9


def test_mt940_german_keyword_starting_a_subfield_after_capitals_ends_the_purpose(statement, parse) -> None:
    """Subfields join without a separator: "?21SVWZ+ZAHLUNG MAERZ?22ABWA+..." reads "...MAERZABWA+...". The
    keyword still starts the ultimate debtor's name, which is not part of the remittance text."""
    text = MT940_DE.replace(
        "?21SVWZ+Rechnung RE-20\n24-001", "?21SVWZ+RECHNUNG RE-2024-001 MAERZ?22ABWA+Acme Industries Ltd"
    )
    (credit, _fee) = parse(statement("s.sta", text)).lines
    assert [(r.kind, r.value) for r in credit.references] == [
        ("end_to_end", "E2E-77"),
        ("ultimate_payer", "Acme Industries Ltd"),
        ("text", "RECHNUNG RE-2024-001 MAERZ"),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_mt940_space_at_the_end_of_a_wrapped_line_is_kept(newline: str, statement, parse) -> None:
    """Wrapped :86: lines join without a separator (banks cut mid-word), but a space the bank wrote at the
    end of a line is part of the text: only the line terminator goes."""
    text = MT940_DE.replace("?32Muster?33mann GmbH\n", "?32BAUUNTERNEHMUNG \nJAEGER GMBH\n")
    (credit, _fee) = parse(statement("s.sta", text.replace("\n", newline))).lines
    assert credit.counterparty_name == "BAUUNTERNEHMUNG JAEGER GMBH"
    assert credit.counterparty_account == "DE44100200300001234567"


def test_mt940_dutch_tags_and_counter_iban_on_61(statement, parse) -> None:
    batch = parse(statement("s.sta", MT940_NL))
    (line,) = batch.lines
    assert (line.counterparty_name, line.counterparty_account) == ("KLANT BV", "NL70ABNA0987654321")
    assert ("text", "Factuur 2024-9") in [(r.kind, r.value) for r in line.references]
    assert line.amount.amount == Decimal("75.00")


BAI2 = (
    "01,BANK,CUST,240301,0800,1,,,2/\n"
    "02,CUST,BANK,1,240301,,USD,2/\n"
    "03,123456789,USD,010,100000,,,015,130000,,/\n"
    "16,165,30000,0,REF1,CUSTREF1,ORIG CO NAME:ACME CORP ORIG ID:999 SEC:CCD IND NAME:ACME\n"
    "88,RMR*IV*INV-1001*200.00\\RMR*IV*INV-1002*100.00\\\n"
    "16,475,2500,0,REF2,,CHECK PAID/\n"
    "49,262500,5/\n"
    "98,262500,1,7/\n"
    "99,262500,1,9/\n"
)


def test_bai2_type_codes_payer_and_rmr_invoices(statement, parse) -> None:
    batch = parse(statement("f.bai", BAI2))
    ach, check = batch.lines
    assert ach.amount.amount == Decimal("300.00") and check.amount.amount == Decimal("-25.00")
    assert ach.counterparty_name == "ACME CORP"
    assert [(i.references[0].value, i.amount.amount) for i in ach.items] == [  # type: ignore[union-attr]
        ("INV-1001", Decimal("200.00")),
        ("INV-1002", Decimal("100.00")),
    ]
    assert (ach.source.line, check.source.line) == (4, 6)


def _bai2_credit(text: str) -> str:
    """A one-credit BAI2 file (an incoming wire, type 195) whose 16 record's text is ``text``."""
    return (
        "01,BANK,CUST,260302,0800,1,,,2/\n02,CUST,BANK,1,260302,,USD,2/\n03,123456789,USD,010,100000,,/\n"
        f"16,195,980000,0,REF1,,{text}\n49,1080000,3/\n98,1080000,1,5/\n99,1080000,1,7/\n"
    )


@pytest.mark.parametrize(
    ("text", "payer", "account"),
    [
        (
            "WIRE IN ORG=/6310025942 THORNBURY COFFEE ROASTERS INC. 2153 COMMERCE DR AUSTIN TX 78701 OBI=INV 5521",
            "THORNBURY COFFEE ROASTERS INC.",
            "6310025942",
        ),
        ("FEDWIRE CREDIT B/O /123456789 ACME CORP", "ACME CORP", "123456789"),
        (
            "WIRE BO1:/DE89370400440532013000 MUELLER GMBH 3314 HARBOR BLVD RENO NV",
            "MUELLER GMBH",
            "DE89370400440532013000",
        ),
        ("ORIG CO NAME:/4400112233 RIVERSIDE DELI SEC:CCD", "RIVERSIDE DELI", "4400112233"),
        ("FEDWIRE CREDIT B/O IRONBRIDGE BREWING CO 2141 MAIN ST CHICAGO IL 60607", "IRONBRIDGE BREWING CO", None),
        # a slash that starts no account number is the name's own
        ("FEDWIRE CREDIT B/O /A1 AUTO PARTS", "/A1 AUTO PARTS", None),
    ],
)
def test_bai2_wire_originator_account_and_street_address_are_no_part_of_the_payer_name(
    text: str, payer: str, account: str | None, statement, parse
) -> None:
    """Fedwire texts write the originator as "/<account> <name> <address>": the account is the payer's
    account, the name stops before the street address; the text stays whole in the description and raw."""
    (line,) = parse(statement("w.bai", _bai2_credit(text))).lines
    assert (line.counterparty_name, line.counterparty_account) == (payer, account)
    assert line.description == text
    assert line.raw["text"] == text


def test_bai2_rmr_items_are_paid_by_the_lines_payer(statement, parse) -> None:
    """An RMR segment names no party: each remittance item carries its line's payer name and account."""
    bai2 = _bai2_rmr("RMR*IV*INV-1001*5000.00\\RMR*IV*INV-1002*4800.00\\", 980000)
    (line,) = parse(statement("r.bai", bai2.replace("ACME CORP", "ACME CORP ORIG ID:1234567890"))).lines
    assert (line.counterparty_name, line.counterparty_account) == ("ACME CORP", "1234567890")
    assert [(i.counterparty_name, i.counterparty_account) for i in line.items] == [("ACME CORP", "1234567890")] * 2


def test_bai2_control_total_mismatch_is_an_input_error(statement, parse) -> None:
    with pytest.raises(InputError, match="BAI2"):
        parse(statement("f.bai", BAI2.replace("49,262500,5/", "49,162501,5/")))


def test_bai2_file_cut_short_is_an_input_error_not_a_hang(statement, parse) -> None:
    cut = BAI2[: BAI2.index("16,475")]  # ends inside the account, after a 16 record and its 88 continuation
    with pytest.raises(InputError, match="99 \\(file trailer\\)"):
        parse(statement("f.bai", cut), profile="bai2")


@pytest.mark.parametrize("charset", ["\x00", "base64", "rot13"])
def test_ofx_charset_that_is_no_text_encoding_falls_back_to_cp1252(charset: str, statement, parse) -> None:
    text = OFX_V1.replace("CHARSET:1252", f"CHARSET:{charset}")
    batch = parse(statement("s.ofx", text, "cp1252"), profile="ofx")
    assert batch.lines[0].counterparty_name == "Société Générale client with a name longer than 32"


CAMT_REMITTED = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T06:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><Acct><Id><IBAN>US00TEST0000000000001</IBAN></Id><Ccy>USD</Ccy></Acct>
  <Ntry><Amt Ccy="USD">730.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
   <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>W1</AcctSvcrRef>
   <NtryDtls><TxDtls><Amt Ccy="USD">730.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></Dbtr></RltdPties>
    <RmtInf>
     <Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>INV-0040</Nb></RfrdDocInf>
      <RfrdDocAmt><DuePyblAmt Ccy="USD">500.00</DuePyblAmt><RmtdAmt Ccy="USD">480.00</RmtdAmt></RfrdDocAmt></Strd>
     <Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>INV-0041</Nb></RfrdDocInf>
      <RfrdDocAmt><RmtdAmt Ccy="USD">250.00</RmtdAmt></RfrdDocAmt></Strd>
    </RmtInf></TxDtls></NtryDtls></Ntry>
 </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_camt_remitted_amount_per_referenced_document_is_kept(statement, parse) -> None:
    """Structured remittance (one Strd per invoice, RfrdDocAmt/RmtdAmt): how much of the transfer the payer
    remits for each invoice is kept on its reference; a bad currency there names the field."""
    (line,) = parse(statement("n.xml", CAMT_REMITTED)).lines
    invoices = [(r.value, r.amount) for r in line.references if r.kind == "invoice"]
    assert invoices == [("INV-0040", Money("480.00", "USD")), ("INV-0041", Money("250.00", "USD"))]
    with pytest.raises(InputError, match="RmtdAmt"):
        parse(statement("bad.xml", CAMT_REMITTED.replace('RmtdAmt Ccy="USD">250', 'RmtdAmt Ccy="US">250')))


def _bai2_rmr(rmr: str, total_cents: int) -> str:
    """A one-deposit BAI2 file whose 88 record carries ``rmr`` (control totals computed)."""
    account = 100000 + total_cents
    return (
        "01,BANK,CUST,260302,0800,1,,,2/\n02,CUST,BANK,1,260302,,USD,2/\n03,123456789,USD,010,100000,,/\n"
        f"16,165,{total_cents},0,REF1,,ORIG CO NAME:ACME CORP SEC:CTX\n88,{rmr}\n"
        f"49,{account},4/\n98,{account},1,6/\n99,{account},1,8/\n"
    )


@pytest.mark.parametrize(
    ("rmr", "expected"),
    [
        # X12: RMR03 a payment action code, RMR04 paid, RMR05 the invoice's amount, RMR06 the discount taken
        ("RMR*IV*INV-1001*PI*9800.00*10000.00*200.00\\", ("INV-1001", "9800.00", "200.00")),
        ("RMR*IV*INV-1001**9800.00*10000.00*200.00~", ("INV-1001", "9800.00", "200.00")),
        ("RMR*IV*INV-1001*PO*9800.00", ("INV-1001", "9800.00", None)),
        # the amount paid right after the reference, as some banks write it
        ("RMR*IV*INV-1001*9800.00\\", ("INV-1001", "9800.00", None)),
        # segments joined with spaces: the next segment's id ends this one
        ("RMR*IV*INV-1001*PI*9800.00*10000.00*200.00 DTM*003*20260301", ("INV-1001", "9800.00", "200.00")),
    ],
)
def test_bai2_x12_rmr_amount_paid_and_discount_taken(rmr: str, expected: tuple, statement, parse) -> None:  # type: ignore[type-arg]
    (line,) = parse(statement("r.bai", _bai2_rmr(rmr, 980000))).lines
    (item,) = line.items
    number, paid, discount = expected
    assert item.references[0].value == number
    assert item.amount == Money(paid, "USD")
    assert item.discount == (Money(discount, "USD") if discount else None)


def test_bai2_rmr_amount_that_is_no_number_names_the_element(statement, parse) -> None:
    with pytest.raises(InputError, match="RMR04 amount paid"):
        parse(statement("r.bai", _bai2_rmr("RMR*IV*INV-1001*PI*98O0.00\\", 980000)))
    with pytest.raises(InputError, match="RMR06 discount taken is negative"):
        parse(statement("r.bai", _bai2_rmr("RMR*IV*INV-1001*PI*9800.00*10000.00*-200.00\\", 980000)))


CAMT_DISCOUNT = CAMT_REMITTED.replace(
    '<RmtdAmt Ccy="USD">480.00</RmtdAmt>',
    '<DscntApldAmt Ccy="USD">10.00</DscntApldAmt><RmtdAmt Ccy="USD">480.00</RmtdAmt>',
).replace(
    '<RmtdAmt Ccy="USD">250.00</RmtdAmt>',
    '<DscntApldAmt><Tp><Cd>EARLY</Cd></Tp><Amt Ccy="USD">5.00</Amt></DscntApldAmt><RmtdAmt Ccy="USD">250.00</RmtdAmt>',
)


def test_camt_discount_taken_in_either_schema_form_is_kept_on_the_item(statement, parse) -> None:
    """DscntApldAmt is an amount with its currency up to camt.05x.001.02 and a type with an Amt from .04 on;
    the discounts of one transaction add up."""
    (line,) = parse(statement("d.xml", CAMT_DISCOUNT)).lines
    (item,) = line.items
    assert item.discount == Money("15.00", "USD")
    with pytest.raises(InputError, match="DscntApldAmt"):
        parse(statement("bad.xml", CAMT_DISCOUNT.replace('<Amt Ccy="USD">5.00', '<Amt Ccy="EUR">5.00')))


CAMT_ADJUSTED = CAMT_REMITTED.replace(
    '<RmtdAmt Ccy="USD">480.00</RmtdAmt>',
    '<AdjstmntAmtAndRsn><Amt Ccy="USD">20.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Rsn>DAMG</Rsn>'
    "<AddtlInf>2 cartons damaged</AddtlInf></AdjstmntAmtAndRsn>"
    '<AdjstmntAmtAndRsn><Amt Ccy="USD">5.00</Amt><AddtlInf>freight short</AddtlInf></AdjstmntAmtAndRsn>'
    '<RmtdAmt Ccy="USD">480.00</RmtdAmt>',
).replace(
    '<RmtdAmt Ccy="USD">250.00</RmtdAmt>',
    '<AdjstmntAmtAndRsn><Amt Ccy="USD">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></AdjstmntAmtAndRsn>'
    '<RmtdAmt Ccy="USD">250.00</RmtdAmt>',
)


def test_camt_adjustments_the_payer_states_are_kept_with_their_sign_and_reason(statement, parse) -> None:
    """RfrdDocAmt/AdjstmntAmtAndRsn: DBIT (or no indicator) is taken off, CRDT added; the adjustments of one
    transaction add up, and the first reason code given is kept. Before, they were not read at all."""
    (line,) = parse(statement("a.xml", CAMT_ADJUSTED)).lines
    (item,) = line.items
    assert item.adjustment == Money("22.00", "USD")  # 20.00 + 5.00 taken off, 3.00 added
    assert item.adjustment_reason == "DAMG"
    free_text = CAMT_ADJUSTED.replace("<Rsn>DAMG</Rsn>", "")
    (line,) = parse(statement("b.xml", free_text)).lines
    assert line.items[0].adjustment_reason == "2 cartons damaged"


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ('<Amt Ccy="USD">3.00</Amt><CdtDbtInd>CRDT', '<Amt Ccy="EUR">3.00</Amt><CdtDbtInd>CRDT'),
        ("<CdtDbtInd>CRDT</CdtDbtInd></Adj", "<CdtDbtInd>CREDIT</CdtDbtInd></Adj"),
        ('<Amt Ccy="USD">5.00</Amt>', ""),
    ],
)
def test_a_bad_camt_adjustment_names_the_field(bad: str, named: str, statement, parse) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="AdjstmntAmtAndRsn"):
        parse(statement("bad.xml", CAMT_ADJUSTED.replace(bad, named)))
