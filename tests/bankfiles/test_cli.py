"""``arsync bank parse`` and ``arsync bank formats`` as a user runs them."""

from __future__ import annotations

import json


def test_parse_json_has_the_design_shape_with_amounts_as_strings(run_arsync, statement) -> None:
    path = statement(
        "s.csv",
        "date,amount,currency,description,counterparty,reference,bank_id\n"
        "2024-05-01,1234.50,EUR,Payment,ACME,RF18539007547034,b1\n",
    )
    result = run_arsync("bank", "parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    (tx,) = doc["transactions"]
    assert tx["date"] == "2024-05-01" and tx["amount"] == "1234.50" and tx["currency"] == "EUR"
    assert tx["counterparty"] == "ACME" and tx["bank_id"] == "b1" and tx["reference"] == "RF18539007547034"
    assert tx["source"] == {"file": str(path), "line": 2}
    assert {"items", "references", "value_date", "status"} <= set(tx)
    assert {"duplicates", "near_duplicates", "skipped", "files"} <= set(doc)


def test_parse_error_exits_non_zero_and_prints_nothing_on_stdout(run_arsync, statement) -> None:
    path = statement("s.csv", "date,amount,currency,description\n2024-05-01,1.00,EUR,ok\n2024-05-02,abc,EUR,bad\n")
    result = run_arsync("bank", "parse", str(path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "arsync: error:" in result.stderr and "s.csv:3" in result.stderr and "'abc'" in result.stderr


def test_skip_bad_rows_reports_the_skipped_rows(run_arsync, statement) -> None:
    path = statement("s.csv", "date,amount,currency,description\n2024-05-01,1.00,EUR,ok\n2024-05-02,abc,EUR,bad\n")
    result = run_arsync("bank", "parse", str(path), "--json", "--skip-bad-rows")
    assert result.returncode == 0
    doc = json.loads(result.stdout)
    assert len(doc["transactions"]) == 1
    assert doc["skipped"][0]["line"] == 3


def test_formats_lists_structured_formats_and_profiles(run_arsync) -> None:
    result = run_arsync("bank", "formats", "--json")
    assert result.returncode == 0, result.stderr
    names = {f["name"]: f["kind"] for f in json.loads(result.stdout)["formats"]}
    assert names["camt.053"] == "structured" and names["mt940"] == "structured" and names["bai2"] == "structured"
    assert names["chase-checking"] == "csv" and names["generic"] == "csv"


def test_formats_include_a_plugins_dir_profile(run_arsync, tmp_path) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "mybank.yaml").write_text(
        "name: mybank\ndescription: My bank\nheader: {columns: [When, Sum]}\n"
        "date: {col: When, formats: ['%Y-%m-%d']}\namount: {mode: signed, col: Sum}\ncurrency: {fixed: EUR}\n"
    )
    result = run_arsync("--plugins-dir", str(plugins), "bank", "formats")
    assert result.returncode == 0, result.stderr
    assert "mybank" in result.stdout and "My bank" in result.stdout


CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T06:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>
  <Ntry><Amt Ccy="CHF">141.30</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
   <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>W1</AcctSvcrRef>
   <NtryDtls><TxDtls><Amt Ccy="CHF">141.30</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <AmtDtls><InstdAmt><Amt Ccy="EUR">150.00</Amt></InstdAmt></AmtDtls>
    <RmtInf><Strd><RfrdDocInf><Nb>RE-4711</Nb></RfrdDocInf>
     <RfrdDocAmt><DscntApldAmt Ccy="EUR">3.00</DscntApldAmt><AdjstmntAmtAndRsn><Amt Ccy="EUR">2.00</Amt>
      <Rsn>DM</Rsn></AdjstmntAmtAndRsn><RmtdAmt Ccy="EUR">150.00</RmtdAmt></RfrdDocAmt></Strd></RmtInf>
   </TxDtls></NtryDtls></Ntry>
 </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_parse_json_shows_what_the_payer_sent_and_took_off(run_arsync, statement) -> None:
    """The JSON left out what a finance user checks a conversion and a short payment by: the amount the payer
    sent in its own currency (camt InstdAmt), and the discount and deduction its remittance states."""
    result = run_arsync("bank", "parse", str(statement("n.xml", CAMT)), "--json")
    assert result.returncode == 0, result.stderr
    (tx,) = json.loads(result.stdout)["transactions"]
    assert tx["original_amount"] == {"amount": "150.00", "currency": "EUR"}
    (item,) = tx["items"]
    assert item["discount"] == {"amount": "3.00", "currency": "EUR"}
    assert item["adjustment"] == {"amount": "2.00", "currency": "EUR"} and item["adjustment_reason"] == "DM"
