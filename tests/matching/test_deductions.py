"""Deductions a payer states in X12 remittance (RMR07 reason code, RMR08 amount): a retailer's chargeback,
damaged goods, a pricing dispute. The payment is applied; the shortfall is explained with the payer's own
reason, and a deduction larger than the write-off tolerance stays open on the invoice."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from arsync.bankfiles.api import parse_statements
from arsync.errors import InputError
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Match, Money
from arsync.plugins import load_plugins

RETAILER = sample_party("C7", "Northgate Stores Inc")
HEADER = "01,BANK,CUST,260302,0800,1,,,2/\n02,CUST,BANK,1,260302,,USD,2/\n03,123456789,USD,010,100000,,/\n"
# 9,650.00 for RE-4711 (10,000.00 less 350.00 for damaged goods) and 4,996.00 for RE-4712 (5,000.00 less
# 4.00 for a pricing difference): 14,646.00 in one CTX payment.
CTX = (
    HEADER + "16,165,1464600,0,REF1,,ORIG CO NAME:NORTHGATE STORES SEC:CTX\n"
    "88,RMR*IV*RE-4711*PI*9650.00*10000.00**DM*350.00\\RMR*IV*RE-4712*PI*4996.00*5000.00**PR*4.00\\\n"
    "49,1564600,4/\n98,1564600,1,6/\n99,1564600,1,8/\n"
)


def _decisions(tmp_path: Path, text: str, name: str = "lockbox.bai") -> dict[str, Match]:
    path = tmp_path / name
    path.write_text(text)
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    day = dt.date(2026, 3, 1)
    invoices = [
        sample_invoice("RE-4711", "10000.00", RETAILER, due=day),
        sample_invoice("RE-4712", "5000.00", RETAILER, due=day),
    ]
    result = match_statement(lines, (invoices, [RETAILER]))
    return {m.allocations[0].invoice_number: m for m in result.matches}


def _amount_reason(match: Match) -> str:
    return next(r.detail for r in match.reasons if r.feature == "amount")


def test_the_reader_keeps_each_items_deduction_and_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "lockbox.bai"
    path.write_text(CTX)
    (line,) = parse_statements([path], registry=load_plugins()).lines
    assert [(i.amount, i.adjustment, i.adjustment_reason) for i in line.items] == [
        (Money("9650.00", "USD"), Money("350.00", "USD"), "DM"),
        (Money("4996.00", "USD"), Money("4.00", "USD"), "PR"),
    ]


def test_an_item_without_a_deduction_keeps_its_json_and_its_key() -> None:
    """Records stored before deductions were read hash the same: the fields are left out while unset."""
    from arsync.models import Reference, RemittanceItem

    item = RemittanceItem(amount=Money("10.00", "USD"), references=(Reference(kind="invoice", value="1"),))
    assert "adjustment" not in json.loads(item.model_dump_json())
    assert "adjustment_reason" not in json.loads(item.model_dump_json())


def test_a_large_deduction_stays_open_and_a_small_one_is_written_off_with_its_reason(tmp_path: Path) -> None:
    """Before, both read as a bare short payment: "pays part of" and "within the write-off tolerance",
    with no word of the payer's reason."""
    by_invoice = _decisions(tmp_path, CTX)
    large, small = by_invoice["RE-4711"], by_invoice["RE-4712"]
    assert [a.applied for a in large.allocations] == [Money("9650.00", "USD")]
    assert large.write_off is None  # 350.00 is a claim to settle, not a fee to write off
    assert "the payer deducted USD 350.00 (reason code 'DM'), left open on the invoice" in _amount_reason(large)
    assert small.write_off == Money("4.00", "USD")
    assert "a deduction the payer states (USD 4.00 (reason code 'PR'))" in _amount_reason(small)


def test_a_deduction_that_does_not_account_for_the_shortfall_is_not_claimed(tmp_path: Path) -> None:
    """RMR08 says 300.00 but the item is 350.00 short: the reason is not quoted for the whole shortfall."""
    by_invoice = _decisions(tmp_path, CTX.replace("**DM*350.00", "**DM*300.00"))
    assert "deducted" not in _amount_reason(by_invoice["RE-4711"])


@pytest.mark.parametrize("bad", ["3S0.00", "1e400000"])
def test_a_deduction_that_is_no_amount_is_an_error_naming_rmr08(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "lockbox.bai"
    path.write_text(CTX.replace("**DM*350.00", f"**DM*{bad}"))
    with pytest.raises(InputError) as error:
        list(parse_statements([path], registry=load_plugins()).lines)
    assert "RMR08 adjustment amount" in str(error.value)


# The same two deductions as a camt.054 notification (RfrdDocAmt/AdjstmntAmtAndRsn, ISO 20022's form).
CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T06:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><Acct><Id><IBAN>US00TEST0000000000001</IBAN></Id><Ccy>USD</Ccy></Acct>
  <Ntry><Amt Ccy="USD">14646.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
   <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>W1</AcctSvcrRef>
   <NtryDtls><TxDtls><Amt Ccy="USD">9650.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>Northgate Stores Inc</Nm></Pty></Dbtr></RltdPties>
    <RmtInf>
     <Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>RE-4711</Nb></RfrdDocInf>
      <RfrdDocAmt><DuePyblAmt Ccy="USD">10000.00</DuePyblAmt><AdjstmntAmtAndRsn><Amt Ccy="USD">350.00</Amt>
       <CdtDbtInd>DBIT</CdtDbtInd><Rsn>DM</Rsn></AdjstmntAmtAndRsn>
       <RmtdAmt Ccy="USD">9650.00</RmtdAmt></RfrdDocAmt></Strd>
    </RmtInf></TxDtls>
    <TxDtls><Amt Ccy="USD">4996.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>Northgate Stores Inc</Nm></Pty></Dbtr></RltdPties>
    <RmtInf>
     <Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>RE-4712</Nb></RfrdDocInf>
      <RfrdDocAmt><AdjstmntAmtAndRsn><Amt Ccy="USD">4.00</Amt><Rsn>PR</Rsn></AdjstmntAmtAndRsn>
       <RmtdAmt Ccy="USD">4996.00</RmtdAmt></RfrdDocAmt></Strd>
    </RmtInf></TxDtls></NtryDtls></Ntry>
 </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_deductions_a_camt_notification_states_are_explained_like_x12_ones(tmp_path: Path) -> None:
    """camt's AdjstmntAmtAndRsn was not read: both items were bare short payments, with no word of the
    payer's reason, and the 4.00 pricing difference was not written off as the deduction it is."""
    by_invoice = _decisions(tmp_path, CAMT, "camt054.xml")
    large, small = by_invoice["RE-4711"], by_invoice["RE-4712"]
    assert large.write_off is None
    assert "the payer deducted USD 350.00 (reason code 'DM'), left open on the invoice" in _amount_reason(large)
    assert small.write_off == Money("4.00", "USD")
    assert "a deduction the payer states (USD 4.00 (reason code 'PR'))" in _amount_reason(small)


def test_a_small_shortfall_over_the_tolerance_says_why_it_is_left_open() -> None:
    """A 12.50 wire fee off a 438.55 invoice is under the 25.00 limit but over 2.5% of it (10.96): the
    reviewer is told why it is not written off, not only that it pays part."""
    invoices = [sample_invoice("1036", "438.55", RETAILER), sample_invoice("1037", "4000.00", RETAILER)]
    result = match_statement(
        [
            sample_line("426.05", "NORTHGATE STORES INV 1036", line=2),
            sample_line("200.00", "NORTHGATE INV 1037", line=3),
        ],
        (invoices, [RETAILER]),
    )
    fee, part = result.matches
    (why,) = [r.detail for r in fee.reasons if r.feature == "amount"]
    assert fee.write_off is None
    assert why.endswith(
        "USD 12.50 short, over the write-off tolerance (the lesser of 25.00 and 2.5%: USD 10.96): left open"
    )
    assert [r.detail for r in part.reasons if r.feature == "amount"] == ["USD 200.00 pays part of USD 4,000.00"]


def test_a_remittance_whose_items_add_up_to_more_than_the_bank_booked_waits_for_a_person(tmp_path: Path) -> None:
    """The advice says RE-4711 is paid 10,000.00 and RE-4712 5,000.00; the bank booked 14,741.91. Before, the
    payment was applied unattended with the 258.09 missing taken off RE-4712, which the payer says it paid in
    full (and a 15.00 gap was written off unstated)."""
    for booked in ("14741.91", "14985.00"):
        cents = booked.replace(".", "")
        text = (
            HEADER + f"16,165,{cents},0,REF1,,ORIG CO NAME:NORTHGATE STORES SEC:CTX\n"
            "88,RMR*IV*RE-4711*PI*10000.00*10000.00\\RMR*IV*RE-4712*PI*5000.00*5000.00\\\n"
            f"49,{100000 + int(cents)},4/\n98,{100000 + int(cents)},1,6/\n99,{100000 + int(cents)},1,8/\n"
        )
        (match,) = _decisions(tmp_path, text).values()
        assert match.decision == "suggest", booked
        assert any("items add up to USD 15,000.00" in r.detail for r in match.reasons)


def test_an_amount_in_the_remittance_is_no_typo_of_an_invoice_number() -> None:
    """ "RMR*IV*SD99812*PI*2316.00": 2316 is what the payer paid on its own document, not a mistyped 23136.
    Two invoices of 500.00 are open; before, the amount's digits picked 23136 and applied it unattended (an
    independent benchmark's retailer remittance put two such invoices in a wrong auto)."""
    invoices = [sample_invoice("23136", "500.00", RETAILER), sample_invoice("23137", "500.00", RETAILER)]
    line = sample_line("500.00", "EDI PYMNTS RMR*IV*SD99812*PI*2316.00", payer="NORTHGATE STORES")
    (match,) = match_statement([line], (invoices, [RETAILER])).matches
    assert match.decision == "suggest"
    assert "typo" not in " ".join(r.detail for r in match.reasons)
