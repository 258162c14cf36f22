"""A big customer's remittance: dozens of invoices in one payment, and the same advice paid twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_party
from arsync.models import Invoice, Match, StatementLine
from arsync.plugins import load_plugins

RETAILER = sample_party("C9", "Harbor Grocers Inc")
DUE = dt.date(2026, 3, 1)


def _invoices(count: int) -> list[Invoice]:
    return [
        sample_invoice(f"70{k:03d}", f"{1000 + 37 * k}.{k % 100:02d}", RETAILER, due=DUE) for k in range(1, count + 1)
    ]


def _read(tmp_path: Path, name: str, text: str) -> list[StatementLine]:
    path = tmp_path / name
    path.write_text(text)
    return list(parse_statements([path], registry=load_plugins()).lines)


def _camt(paid: dict[str, Decimal]) -> str:
    """One camt.054 credit whose remittance names each invoice with the amount it pays (a Strd block each)."""
    blocks = "".join(
        f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{number}</Nb></RfrdDocInf>"
        f'<RfrdDocAmt><RmtdAmt Ccy="USD">{amount}</RmtdAmt></RfrdDocAmt></Strd>\n'
        for number, amount in paid.items()
    )
    total = sum(paid.values(), Decimal(0))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-20T06:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><Acct><Id><IBAN>US00TEST0000000000001</IBAN></Id><Ccy>USD</Ccy></Acct>
  <Ntry><Amt Ccy="USD">{total}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
   <BookgDt><Dt>2026-03-20</Dt></BookgDt><AcctSvcrRef>W1</AcctSvcrRef>
   <NtryDtls><TxDtls><Amt Ccy="USD">{total}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>Harbor Grocers Inc</Nm></Pty></Dbtr></RltdPties>
    <RmtInf>
{blocks}    </RmtInf></TxDtls></NtryDtls></Ntry>
 </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_a_remittance_naming_forty_invoices_is_applied_to_all_of_them(tmp_path: Path) -> None:
    """A retailer's camt.054 names 40 invoices and what it pays on each. Before, more than 25 named
    invoices were never weighed as one group: the payment was a suggestion of one invoice, with the
    rest of the money unapplied, and a person keyed in 40 allocations."""
    invoices = _invoices(40)
    paid = {inv.number: inv.amount_due.amount for inv in invoices}
    (match,) = match_statement(_read(tmp_path, "advice.xml", _camt(paid)), (invoices, [RETAILER])).matches
    assert match.decision == "auto"
    assert {a.invoice_number: a.applied.amount for a in match.allocations} == paid
    assert match.unapplied is None


def test_a_long_remittance_with_deductions_applies_what_the_payer_says_for_each(tmp_path: Path) -> None:
    """Thirty invoices, two of them paid short by a stated amount: each invoice gets what the advice says,
    and the two shortfalls stay open on their invoices."""
    invoices = _invoices(30)
    paid = {inv.number: inv.amount_due.amount for inv in invoices}
    paid["70004"] -= Decimal("350.00")
    paid["70017"] -= Decimal("212.40")
    (match,) = match_statement(_read(tmp_path, "advice.xml", _camt(paid)), (invoices, [RETAILER])).matches
    assert match.decision == "auto"
    assert {a.invoice_number: a.applied.amount for a in match.allocations} == paid


def _bai2(payments: list[list[tuple[str, str]]]) -> str:
    """A BAI2 file of CTX payments, each with one RMR item (invoice, amount paid) per pair."""
    records: list[str] = []
    total = 100000
    for k, items in enumerate(payments, start=1):
        cents = sum(int(amount.replace(".", "")) for _, amount in items)
        total += cents
        records.append(f"16,165,{cents},0,REF{k},,ORIG CO NAME:HARBOR GROCERS SEC:CTX")
        records.append("88," + "".join(f"RMR*IV*{number}*PI*{amount}*{amount}\\" for number, amount in items))
    account = len(records) + 2
    return (
        "01,BANK,CUST,260320,0800,1,,,2/\n02,CUST,BANK,1,260320,,USD,2/\n03,123456789,USD,010,100000,,/\n"
        + "".join(f"{r}\n" for r in records)
        + f"49,{total},{account}/\n98,{total},1,{account + 2}/\n99,{total},1,{account + 4}/\n"
    )


def _by_invoice(matches: list[Match]) -> dict[str, list[Match]]:
    out: dict[str, list[Match]] = {}
    for m in matches:
        for a in m.allocations:
            out.setdefault(a.invoice_number, []).append(m)
    return out


def test_the_same_advice_paid_again_is_held_whole_not_applied_item_by_item(tmp_path: Path) -> None:
    """The retailer's EDI run sent the advice for 70001 and 70002 twice, the second time with 70003 added.
    Before, the second payment's 70001 and 70002 items found their invoices paid, and its 70003 item was
    applied unattended: money the customer will likely want back, posted to an invoice."""
    invoices = _invoices(3)
    amount = {inv.number: f"{inv.amount_due.amount}" for inv in invoices}
    first = [("70001", amount["70001"]), ("70002", amount["70002"])]
    lines = _read(tmp_path, "edi.bai", _bai2([first, [*first, ("70003", amount["70003"])]]))
    result = match_statement(lines, (invoices, [RETAILER]))
    by_invoice = _by_invoice(result.matches)
    assert [m.decision for m in by_invoice["70001"] + by_invoice["70002"]] == ["auto", "auto"]
    (held,) = by_invoice["70003"]
    assert held.decision == "suggest"
    assert any(
        "2 of this payment's 3 remittance items name invoices already applied to another payment (line" in r.detail
        and r.detail.endswith("the same advice paid twice?")
        for r in held.reasons
    )


def test_one_item_paid_before_does_not_hold_the_rest_of_a_payment(tmp_path: Path) -> None:
    """Only when most of the items were paid by another payment: one item of three (a retailer correcting
    one line of an earlier advice) leaves the other two applied unattended."""
    invoices = _invoices(4)
    amount = {inv.number: f"{inv.amount_due.amount}" for inv in invoices}
    second = [("70001", amount["70001"]), ("70003", amount["70003"]), ("70004", amount["70004"])]
    lines = _read(tmp_path, "edi.bai", _bai2([[("70001", amount["70001"]), ("70002", amount["70002"])], second]))
    by_invoice = _by_invoice(match_statement(lines, (invoices, [RETAILER])).matches)
    assert [m.decision for m in by_invoice["70003"] + by_invoice["70004"]] == ["auto", "auto"]
