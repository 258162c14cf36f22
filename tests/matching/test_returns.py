"""A deposit the bank takes back on the same statement (a bounced cheque, an ACH return, a reversed
transfer) is never applied automatically: applied, it would close invoices the customer has not paid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.result import MatchResult
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Match, RemittanceItem, StatementLine
from arsync.plugins import load_plugins

ACME = sample_party("c1", "Acme Industries Ltd", accounts=["DE02120300000000202051"])
BOLT = sample_party("c2", "Bolt Logistics Inc")
DAY = dt.date(2026, 3, 2)


def ledger() -> list[Invoice]:
    return [
        sample_invoice("INV-0012", "1250.00", ACME),
        sample_invoice("INV-0013", "480.00", ACME),
        sample_invoice("INV-0020", "1250.00", BOLT),
    ]


def run(lines: list[StatementLine], invoices: list[Invoice] | None = None) -> MatchResult:
    return match_statement(lines, (invoices or ledger(), [ACME, BOLT]))


def decision_of(result: MatchResult, line: int) -> Match:
    return next(m for m in (*result.matches, *result.unmatched_bank) if m.bank.line == line)


def notes(match: Match) -> list[str]:
    return [r.detail for r in match.reasons if r.feature == "returned"]


def paid(amount: str = "1250.00", text: str = "INV-0012", line: int = 2, **kw: object) -> StatementLine:
    return sample_line(amount, text, payer="ACME INDUSTRIES", line=line, day=DAY, **kw)  # type: ignore[arg-type]


def test_a_bounced_cheque_is_suggested_with_the_return_named_not_applied() -> None:
    alone = decision_of(run([paid()]), 2)
    assert alone.decision == "auto"  # the same deposit, not taken back
    returned = sample_line("-1250.00", "RETURNED ITEM NSF", line=7, day=DAY + dt.timedelta(days=3))
    match = decision_of(run([paid(), returned]), 2)
    assert match.decision == "suggest"
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    (note,) = notes(match)
    assert "took this deposit back (USD 1,250.00) on line 7" in note and "RETURNED ITEM NSF" in note


@pytest.mark.parametrize(
    "text",
    ["CHARGEBACK", "ACH RETURN R01", "Rücklastschrift", "STORNO Gutschrift", "Chèque impayé", "Reversal of credit"],
)
def test_the_words_banks_use_for_a_return_are_recognized(text: str) -> None:
    back = sample_line("-1250.00", text, line=7, day=DAY + dt.timedelta(days=1))
    assert decision_of(run([paid(), back]), 2).decision == "suggest", text


def test_a_direct_debit_returned_unpaid_is_recognized_by_its_bank_code() -> None:
    """A SEPA direct debit collected from Acme comes back unpaid: camt books it as money out with the
    code PMNT/IDDT/UPDD and often no words at all."""
    collected = paid(text="SEPA DIRECT DEBIT INV-0012")
    back = sample_line("-1250.00", "", line=7, day=DAY + dt.timedelta(days=5)).model_copy(
        update={"transaction_code": "PMNT/IDDT/UPDD"}
    )
    assert decision_of(run([collected, back]), 2).decision == "suggest"


def test_money_out_that_is_not_a_return_or_not_this_deposit_changes_nothing() -> None:
    later = DAY + dt.timedelta(days=2)
    cases = [
        sample_line("-1250.00", "SUPPLIER PAYMENT 5521", line=7, day=later),  # not a return
        sample_line("-1250.00", "RETURNED ITEM", payer="BOLT LOGISTICS", line=7, day=later),  # another payer's
        sample_line("-1250.00", "RETURNED ITEM", line=7, day=DAY - dt.timedelta(days=1)),  # before the deposit
        sample_line("-1250.00", "RETURNED ITEM", line=7, day=DAY + dt.timedelta(days=90)),  # long after
        sample_line("-125.00", "RETURNED ITEM", line=7, day=later),  # another amount
        sample_line("-1250.00", "RETURNED CHECK FEE, CHECK # 319", line=7, day=later),  # the bank's fee for one
        sample_line("-1250.00", "TAX RETURN 2025 BALANCE DUE", line=7, day=later),  # a tax payment
        sample_line("-1250.00", "SUPPLIER 5521 REVERSE CHARGE VAT", line=7, day=later),  # the EU VAT term
    ]
    for other in cases:
        assert decision_of(run([paid(), other]), 2).decision == "auto", other.description


def test_a_return_naming_nobody_with_two_deposits_of_its_amount_holds_both() -> None:
    """Two deposits of 1,250.00 and one anonymous return: either may be the one taken back, so a person
    decides both, and each says so."""
    bolt = sample_line("1250.00", "INV-0020", payer="BOLT LOGISTICS", line=3, day=DAY)
    back = sample_line("-1250.00", "RETURN ITEM", line=7, day=DAY + dt.timedelta(days=2))
    result = run([paid(), bolt, back])
    for line in (2, 3):
        match = decision_of(result, line)
        assert match.decision == "suggest"
        assert any("it may be this one" in n for n in notes(match))


def test_one_cheque_of_a_batch_deposit_bounces_and_only_it_waits() -> None:
    batch = sample_line(
        "1730.00",
        "DEPOSIT 2 ITEMS",
        line=2,
        day=DAY,
        items=[
            RemittanceItem(amount=paid().amount, description="INV-0012", counterparty_name="ACME INDUSTRIES"),
            RemittanceItem(
                amount=sample_line("480.00").amount, description="INV-0013", counterparty_name="ACME INDUSTRIES"
            ),
        ],
    )
    back = sample_line("-480.00", "DEPOSITED ITEM RETURNED", line=9, day=DAY + dt.timedelta(days=4))
    result = run([batch, back])
    by_item = {m.item: m for m in (*result.matches, *result.unmatched_bank)}
    assert by_item[0].decision == "auto"
    assert by_item[1].decision == "suggest" and notes(by_item[1])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


BAI2_RETURN = (
    "01,BANK,CUST,260302,0800,1,,,2/\n"
    "02,CUST,BANK,1,260302,,USD,2/\n"
    "03,123456789,USD,010,100000,,,015,100000,,/\n"
    "16,301,125000,0,REF1,,DEPOSIT ACME INDUSTRIES INV-0012/\n"
    "16,555,125000,0,REF2,,/\n"
    "49,450000,4/\n"
    "98,450000,1,6/\n"
    "99,450000,1,8/\n"
)
CAMT_REVERSAL = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
 <BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-05T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>USD</Ccy></Acct>
   <Ntry><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
    <NtryDtls><TxDtls><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
     <RltdPties><Dbtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></Dbtr>
      <DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Ustrd>INV-0012</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-03-04</Dt></BookgDt><AcctSvcrRef>R2</AcctSvcrRef>
    <NtryDtls><TxDtls><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>
     <RltdPties><Cdtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></Cdtr>
      <CdtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></CdtrAcct></RltdPties></TxDtls></NtryDtls></Ntry>
  </Stmt></BkToCstmrStmt></Document>
"""
MT940_REVERSAL = (
    ":20:940S260302\n:25:NL71RABO0123456789\n:28C:0\n:60F:C260302USD100,00\n"
    ":61:2603020302C1250,00NTRFNONREF//BANKREF1\n:86:/NAME/ACME INDUSTRIES/REMI/INV-0012\n"
    ":61:2603040304RC1250,00NTRFNONREF//BANKREF2\n:86:/NAME/ACME INDUSTRIES/REMI/NOTPROVIDED\n"
    ":62F:C260304USD100,00\n"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [("s.bai", BAI2_RETURN), ("s.xml", CAMT_REVERSAL), ("s.sta", MT940_REVERSAL)],
    ids=["bai2-555", "camt-RvslInd", "mt940-RC"],
)
def test_each_formats_own_return_mark_is_read(tmp_path: Path, name: str, text: str) -> None:
    """BAI2's type code 555, camt's RvslInd and MT940's RC mark say "taken back" without a word of text."""
    batch = parse_statements([write(tmp_path, name, text)], registry=load_plugins())
    deposit, back = batch.lines
    assert back.amount.amount == -deposit.amount.amount  # a reversal of a credit is money out
    result = run(list(batch.lines))
    match = decision_of(result, deposit.source.line)
    assert match.decision == "suggest"
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    assert notes(match), match.reasons
    assert back in result.ignored_lines


def test_money_coming_back_from_a_payment_sent_out_is_no_customers_payment() -> None:
    """A refund sent to Acme bounces: 1,250.00 comes back from Acme's account, the amount of Acme's open
    invoice. It is not Acme paying that invoice."""
    refund = sample_line("-1250.00", "REFUND ACME INDUSTRIES CREDIT BALANCE", payer="ACME INDUSTRIES", line=3, day=DAY)
    bounced = sample_line(
        "1250.00", "RETURNED PAYMENT ACCOUNT CLOSED", payer="ACME INDUSTRIES", line=6, day=DAY + dt.timedelta(days=4)
    )
    match = decision_of(run([refund, bounced]), 6)
    assert match.decision == "suggest"
    assert any("returns USD 1,250.00 paid out on line 3" in n for n in notes(match)), match.reasons
    # the same words without a payment out of that amount, or a plain payment beside one, decide as before
    assert decision_of(run([bounced]), 6).decision == "auto"
    plain = sample_line("1250.00", "INV-0012", payer="ACME INDUSTRIES", line=6, day=DAY + dt.timedelta(days=4))
    assert decision_of(run([refund, plain]), 6).decision == "auto"


def test_a_credit_the_bank_marks_as_a_reversal_is_not_applied_automatically() -> None:
    """camt's RvslInd on a credit, or MT940's RD mark: the bank says this undoes a payment out."""
    for raw in ({"RvslInd": "true"}, {"status": "RD"}):
        credit = paid().model_copy(update={"raw": raw})
        match = decision_of(run([credit]), 2)
        assert match.decision == "suggest", raw
        assert any("marks this credit as the return" in n for n in notes(match)), raw


def test_an_anonymous_return_holds_the_recent_deposits_of_its_amount_not_a_months_worth() -> None:
    """A return naming nobody, and deposits of its amount five weeks and two days before it: the recent one
    waits, the old one (a return comes within days) is applied as usual."""
    old = paid(line=2).model_copy(update={"booking_date": DAY - dt.timedelta(days=35)})
    bolt = sample_line("1250.00", "INV-0020", payer="BOLT LOGISTICS", line=3, day=DAY)
    back = sample_line("-1250.00", "RETURN ITEM", line=7, day=DAY + dt.timedelta(days=2))
    result = run([old, bolt, back])
    assert decision_of(result, 2).decision == "auto"
    recent = decision_of(result, 3)
    assert recent.decision == "suggest"
    assert any("it may be this one" in n for n in notes(recent))


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(st.integers(min_value=100, max_value=20_000), min_size=1, max_size=6, unique=True),
    returned=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 20), st.booleans()), max_size=3),
)
def test_a_return_holds_back_only_deposits_of_its_amount(
    amounts: list[int], returned: list[tuple[int, int, bool]]
) -> None:
    """Whatever the statement: a deposit a return took back is never `auto`, and a deposit of an amount no
    return has decides exactly as it would with no return on the statement."""
    invoices = [sample_invoice(f"INV-{k:04d}", str(Decimal(v) / 100), ACME) for k, v in enumerate(amounts)]
    deposits = [
        sample_line(str(Decimal(v) / 100), f"INV-{k:04d}", payer="ACME INDUSTRIES", line=k + 2, day=DAY)
        for k, v in enumerate(amounts)
    ]
    backs = [
        sample_line(
            str(-Decimal(amounts[k % len(amounts)]) / 100),
            "RETURNED ITEM",
            payer="ACME INDUSTRIES" if named else None,
            line=100 + n,
            day=DAY + dt.timedelta(days=days),
        )
        for n, (k, days, named) in enumerate(returned)
    ]
    alone = {m.bank.line: m for m in (*run(deposits, invoices).matches, *run(deposits, invoices).unmatched_bank)}
    result = run([*deposits, *backs], invoices)
    taken = {-back.amount.minor for back in backs}
    for match in (*result.matches, *result.unmatched_bank):
        if match.statement_amount.minor in taken:
            assert match.decision != "auto"
        else:
            assert match.model_dump() == alone[match.bank.line].model_dump()


CAMT_ONE_CREDIT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">
 <BkToCstmrAcctRpt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-02T12:00:00</CreDtTm></GrpHdr>
  <Rpt><Id>R1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>USD</Ccy></Acct>
   <Ntry><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>{status}</Cd></Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
    <NtryDtls><TxDtls><Amt Ccy="USD">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
     <RltdPties><Dbtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></Dbtr></RltdPties>
     <RmtInf><Ustrd>INV-0012</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Rpt></BkToCstmrAcctRpt></Document>
"""


@pytest.mark.parametrize(("status", "expected"), [("BOOK", "auto"), ("PDNG", "suggest")])
def test_a_credit_the_bank_has_not_booked_yet_waits_for_a_person(tmp_path: Path, status: str, expected: str) -> None:
    """A camt report's pending (PDNG) credit may still fail or be withdrawn: suggested, not applied."""
    path = write(tmp_path, "report.xml", CAMT_ONE_CREDIT.format(status=status))
    (line,) = parse_statements([path], registry=load_plugins()).lines
    match = decision_of(run([line]), line.source.line)
    assert match.decision == expected
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    pending = [r.detail for r in match.reasons if r.feature == "pending"]
    assert bool(pending) == (status == "PDNG"), match.reasons


@pytest.mark.parametrize(
    ("payee", "memo"),
    [
        ("RETURNED ITEM", "NSF RETURN ACME INDUSTRIES"),
        ("DEPOSITED ITEM RETURNED", "ACME INDUSTRIES"),
        ("REVERSAL ACH CREDIT", "ACME INDUSTRIES INV-0012"),
    ],
)
def test_a_return_whose_payee_field_holds_the_banks_words_is_still_paired(payee: str, memo: str) -> None:
    """An OFX return names the bank's words in NAME ("RETURNED ITEM") and the payer in MEMO. "RETURNED
    ITEM" was taken for a payee other than Acme, so the return was paired with nobody and Acme's bounced
    deposit was applied unattended."""
    back = sample_line(f"-{1250}.00", memo, payer=payee, line=3, day=DAY + dt.timedelta(days=3))
    result = run([paid(), back, sample_line("75.00", "BOLT LOGISTICS", line=4, day=DAY)])
    deposit = decision_of(result, 2)
    assert deposit.decision != "auto"
    assert notes(deposit)
