"""`arsync match` end to end: a bank CSV and an open-invoice CSV in, decisions with reasons out, and
accepted suggestions remembered for the next run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

LEDGER = """number,customer,customer_id,issue_date,due_date,currency,total,amount_due
INV-0012,Acme Industries Ltd,C1,2026-01-05,2026-02-04,USD,1250.00,1250.00
INV-0013,Acme Industries Ltd,C1,2026-01-10,2026-02-09,USD,310.00,310.00
INV-0020,Cedar Dental LLC,C3,2026-01-02,2026-02-01,USD,60.00,60.00
INV-0021,Cedar Dental LLC,C3,2026-01-12,2026-02-11,USD,50.00,50.00
INV-0022,Cedar Dental LLC,C3,2026-01-20,2026-02-19,USD,40.00,40.00
INV-0030,Bolt Logistics Inc,C2,2026-01-03,2026-02-02,USD,500.00,500.00
INV-0031,Globex Corp,C4,2026-01-03,2026-02-02,USD,775.00,775.00
"""

BANK = """Date,Description,Amount,Running Bal.
02/05/2026,ACH CREDIT ACME INDUSTRIES INV-0012,"1,250.00","11,250.00"
02/06/2026,CEDAR DENTAL PAYMENT,90.00,"11,340.00"
02/07/2026,INTEREST PAYMENT,3.21,"11,343.21"
02/08/2026,GLOBEX HOLDINGS TREASURY,775.00,"12,118.21"
02/09/2026,OFFICE RENT,-900.00,"11,218.21"
"""


def _bofa_args(tmp_path: Path) -> list[str]:
    """`arsync match` arguments for bank.csv (Bank of America's export) and ledger.csv in ``tmp_path``."""
    return [
        "--bank",
        str(tmp_path / "bank.csv"),
        "--ledger",
        str(tmp_path / "ledger.csv"),
        "--profile",
        "bofa-checking",
    ]


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    (tmp_path / "ledger.csv").write_text(LEDGER)
    (tmp_path / "bank.csv").write_text(BANK)
    return _bofa_args(tmp_path)


def _match(run_arsync: Any, files: list[str]) -> dict[str, Any]:
    done = run_arsync("match", *files, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _by_line(doc: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {m["bank"]["line"]: m for m in doc["matches"]}


def test_match_json_has_decisions_reasons_and_string_amounts(run_arsync: Any, files: list[str]) -> None:
    doc = _match(run_arsync, files)
    matches = _by_line(doc)
    assert matches[2]["decision"] == "auto"
    assert matches[2]["invoices"] == [{"number": "INV-0012", "id": "INV-0012", "applied": "1250.00"}]
    assert {r["feature"] for r in matches[2]["reasons"]} >= {"reference", "amount"}
    # the Odoo greedy case, from a file: 90.00 pays 50 + 40, not 60 + part of 50
    assert sorted(i["number"] for i in matches[3]["invoices"]) == ["INV-0021", "INV-0022"]
    assert [m["bank"]["line"] for m in doc["unmatched_bank"]] == [4]
    assert "INV-0013" in {i["number"] for i in doc["unmatched_invoices"]}


def test_human_table_shows_each_decision_and_why(run_arsync: Any, files: list[str]) -> None:
    done = run_arsync("match", *files)
    assert done.returncode == 0, done.stderr
    assert "auto" in done.stdout and "unmatched" in done.stdout
    assert "INV-0012" in done.stdout and "equals the open amount" in done.stdout


def test_the_totals_account_for_every_deposit_of_the_statement(run_arsync: Any, files: list[str]) -> None:
    """Finance staff tie the run to the statement: the money decided automatically, to confirm and unmatched
    adds up to the statement's deposits (1,250.00 + 90.00 + 3.21 + 775.00), the rent paid out is not in it."""
    totals = _match(run_arsync, files)["totals"]
    assert totals == {
        "USD": {"auto": "1340.00", "suggest": "775.00", "unmatched": "3.21", "write_off": "0.00", "unapplied": "0.00"}
    }
    done = run_arsync("match", *files)
    assert "USD deposits: 1,340.00 decided automatically, 775.00 to confirm, 3.21 unmatched" in " ".join(
        done.stdout.split()
    )
    assert "3 open invoices untouched; 1 outgoing line ignored" in done.stdout


def test_accepting_a_suggestion_teaches_the_payer_alias(run_arsync: Any, files: list[str]) -> None:
    before = _by_line(_match(run_arsync, files))
    assert before[5]["decision"] == "suggest"
    accepted = run_arsync("match", "accept", *files, "--line", "5", "--json")
    assert accepted.returncode == 0, accepted.stderr
    learned = json.loads(accepted.stdout)["learned"]
    assert {"kind": "payer", "key": "globex holdings treasury", "value": "C4", "scope": "default"} in learned
    after = _by_line(_match(run_arsync, files))
    assert after[5]["decision"] == "auto"
    assert any("learned alias" in r["detail"] for r in after[5]["reasons"])


def test_accepting_a_payer_read_from_a_banks_description_teaches_its_name(run_arsync: Any, tmp_path: Path) -> None:
    """Bank of America has no payer column: "GLOBEX HOLDINGS DES:TREASURY ID:... INDN:... CO ID:..." names
    the payer before DES. Accepting the suggestion learns that name, so Globex's next payment, with other
    ids, is identified by it. Before, the whole description was learned, and matched nothing again."""
    (tmp_path / "ledger.csv").write_text(LEDGER)
    text = "GLOBEX HOLDINGS DES:TREASURY ID:XXXXX{id} INDN:NORTHWIND SUPPLY CO ID:XXXXX42850 CCD"
    row = f'02/08/2026,"{text}",775.00,"1.00"\n'
    header = "Date,Description,Amount,Running Bal.\n"
    (tmp_path / "bank.csv").write_text(header + row.format(id="4410"))
    files = _bofa_args(tmp_path)
    assert _by_line(_match(run_arsync, files))[2]["decision"] == "suggest"
    accepted = run_arsync("match", "accept", *files, "--line", "2", "--json")
    assert accepted.returncode == 0, accepted.stderr
    learned = json.loads(accepted.stdout)["learned"]
    assert {"kind": "payer", "key": "globex holdings", "value": "C4", "scope": "default"} in learned
    (tmp_path / "bank.csv").write_text(header + row.format(id="9921"))
    after = _by_line(_match(run_arsync, files))[2]
    assert after["decision"] == "auto"
    assert any("learned alias" in r["detail"] for r in after["reasons"])


def test_aliases_can_be_listed_exported_imported_and_deleted(run_arsync: Any, tmp_path: Path) -> None:
    assert run_arsync("match", "accept", "--customer", "C4", "--payer", "GLOBEX TREASURY").returncode == 0
    listed = json.loads(run_arsync("match", "aliases", "list", "--json").stdout)["aliases"]
    assert [(a["kind"], a["key"], a["value"]) for a in listed] == [("payer", "globex treasury", "C4")]
    exported = tmp_path / "aliases.yaml"
    assert run_arsync("match", "aliases", "export", "--output", str(exported)).returncode == 0
    assert run_arsync("match", "aliases", "delete", "payer", "globex treasury").returncode == 0
    assert json.loads(run_arsync("match", "aliases", "list", "--json").stdout)["aliases"] == []
    assert run_arsync("match", "aliases", "import", str(exported)).returncode == 0
    again = json.loads(run_arsync("match", "aliases", "list", "--json").stdout)["aliases"]
    assert [(a["kind"], a["key"], a["value"]) for a in again] == [("payer", "globex treasury", "C4")]


def test_an_overlapping_second_statement_is_not_applied_twice_and_says_so(run_arsync: Any, tmp_path: Path) -> None:
    """The same month exported twice (or two exports that overlap): each payment is applied once, and the
    user is told which lines were dropped as another file's. Before, they were dropped without a word."""
    (tmp_path / "ledger.csv").write_text(LEDGER)
    (tmp_path / "bank.csv").write_text(BANK)
    (tmp_path / "again.csv").write_text(BANK)
    files = _bofa_args(tmp_path)
    once = _match(run_arsync, files)
    done = run_arsync("match", *files, "--bank", str(tmp_path / "again.csv"), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"] == once["summary"]
    assert "duplicate dropped: " in done.stderr and "again.csv:2 (same as " in done.stderr


def test_match_without_inputs_is_a_usage_error(run_arsync: Any) -> None:
    done = run_arsync("match")
    assert done.returncode == 2
    assert "--bank" in done.stderr and "--ledger" in done.stderr


def test_bench_match_prints_its_scores(run_arsync: Any) -> None:
    done = run_arsync("bench", "match", "--size", "200", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"precision", "auto_rate", "invoice_auto_rate", "suggest_rate", "ambiguity_rate", "per_kind"} <= set(report)


CONVERTED_CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt><GrpHdr><MsgId>M2</MsgId><CreDtTm>2026-02-10T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S2</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>USD</Ccy></Acct>
   <Ntry><Amt Ccy="USD">1631.25</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-02-10</Dt></BookgDt>
    <NtryDtls><TxDtls><AmtDtls><InstdAmt><Amt Ccy="EUR">1500.00</Amt></InstdAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>Delta BV</Nm></Dbtr></RltdPties></TxDtls></NtryDtls>
   </Ntry>
  </Stmt></BkToCstmrStmt></Document>
"""


def test_a_converted_camt_payment_pays_euro_invoices_from_a_list_without_rates(run_arsync: Any, tmp_path: Path) -> None:
    """A camt statement of a dollar account, and a CSV list with euro invoices (no rates anywhere): what
    the payer sent, 1,500.00 EUR, pays two of them exactly, and the table shows both currencies."""
    (tmp_path / "bank.xml").write_text(CONVERTED_CAMT)
    (tmp_path / "ledger.csv").write_text(
        LEDGER
        + "FA-100,Delta BV,C5,2026-01-05,2026-02-04,EUR,1000.00,1000.00\n"
        + "FA-101,Delta BV,C5,2026-01-06,2026-02-05,EUR,500.00,500.00\n"
        + "FA-102,Delta BV,C5,2026-01-07,2026-02-06,EUR,730.00,730.00\n"
    )
    args = ["--bank", str(tmp_path / "bank.xml"), "--ledger", str(tmp_path / "ledger.csv")]
    (match,) = _match(run_arsync, args)["matches"]
    assert match["decision"] == "auto"
    assert match["invoices"] == [
        {"number": "FA-100", "id": "FA-100", "applied": "1087.50", "invoice_currency_amount": "1000.00"},
        {"number": "FA-101", "id": "FA-101", "applied": "543.75", "invoice_currency_amount": "500.00"},
    ]
    table = run_arsync("match", *args)
    assert table.returncode == 0, table.stderr
    assert "FA-100 1087.50 (= EUR 1,000.00)" in table.stdout


STRIPE_ITEMIZED = (
    "automatic_payout_id,balance_transaction_id,created_utc,currency,gross,fee,net,reporting_category,"
    "customer_name,invoice_number\n"
    "po_1,txn_1,2026-02-05 10:00:00,usd,1250.00,36.55,1213.45,charge,Acme Industries Ltd,INV-0012\n"
    "po_1,txn_2,2026-02-05 11:00:00,usd,310.00,9.29,300.71,charge,Acme Industries Ltd,\n"
)


def test_a_card_processors_charges_pay_their_invoices_at_the_gross(run_arsync: Any, tmp_path: Path) -> None:
    """Stripe's itemized payout report: each charge's gross is what the customer paid, and Stripe's fee
    is the business's cost. Read at the net, the first charge left 36.55 open on INV-0012 (a fee the
    customer would be chased for) and the second, 300.71, fitted nothing and was put on INV-0012 too."""
    (tmp_path / "stripe.csv").write_text(STRIPE_ITEMIZED)
    (tmp_path / "ledger.csv").write_text(LEDGER)
    doc = _match(run_arsync, ["--bank", str(tmp_path / "stripe.csv"), "--ledger", str(tmp_path / "ledger.csv")])
    matches = _by_line(doc)
    assert [(m["decision"], m["amount"], m["fee_withheld"]) for m in matches.values()] == [
        ("auto", "1250.00", "36.55"),
        ("auto", "310.00", "9.29"),
    ]
    assert matches[2]["invoices"] == [{"number": "INV-0012", "id": "INV-0012", "applied": "1250.00"}]
    assert matches[3]["invoices"] == [{"number": "INV-0013", "id": "INV-0013", "applied": "310.00"}]


def test_a_returned_cheque_and_a_list_of_invoices_from_the_command_line(run_arsync: Any, tmp_path: Path) -> None:
    """A bank CSV where Acme's cheque for INV-0012 bounces three days later, and Cedar pays "INV 20/21/22"
    (the Odoo case's three invoices, listed after one prefix): the bounce waits for a person, and says
    which line took the money back; the list applies automatically to all three."""
    (tmp_path / "ledger.csv").write_text(LEDGER)
    (tmp_path / "bank.csv").write_text(
        "Date,Description,Amount,Running Bal.\n"
        '02/05/2026,DEPOSIT ACME INDUSTRIES INV-0012,"1,250.00","11,250.00"\n'
        '02/06/2026,CEDAR DENTAL INV 20/21/22,150.00,"11,400.00"\n'
        '02/08/2026,RETURNED ITEM NSF,"-1,250.00","10,150.00"\n'
    )
    args = _bofa_args(tmp_path)
    doc = _match(run_arsync, args)
    by_line = _by_line(doc)
    bounced, cedar = by_line[2], by_line[3]
    assert bounced["decision"] == "suggest"
    assert any(r["feature"] == "returned" and "line 4" in r["detail"] for r in bounced["reasons"])
    assert cedar["decision"] == "auto"
    assert [i["number"] for i in cedar["invoices"]] == ["INV-0020", "INV-0021", "INV-0022"]
    table = run_arsync("match", *args)
    assert table.returncode == 0, table.stderr
    assert "returned:" in table.stdout  # the reason, however the table wraps it


def test_one_payment_in_two_overlapping_exports_is_not_applied_twice(run_arsync: Any, tmp_path: Path) -> None:
    """February's statement and a 'last 30 days' export of the same account both hold Acme's 1,250.00, worded
    differently (so it is a near duplicate, kept). Acme owes two invoices of 1,250.00: the copy naming
    INV-0012 was applied to it, the other copy to INV-0014, unattended: one payment closed two invoices."""
    (tmp_path / "ledger.csv").write_text(
        LEDGER + "INV-0014,Acme Industries Ltd,C1,2026-01-15,2026-02-14,USD,1250.00,1250.00\n"
    )
    header = "date,amount,currency,description,counterparty,reference,bank_id\n"
    (tmp_path / "feb.csv").write_text(header + "2026-02-05,1250.00,USD,ACH CREDIT INV-0012,ACME INDUSTRIES,,\n")
    (tmp_path / "last30.csv").write_text(header + "2026-02-06,1250.00,USD,ACH PMT,ACME INDUSTRIES,,\n")
    args = ["--bank", str(tmp_path / "feb.csv"), "--bank", str(tmp_path / "last30.csv")]
    doc = _match(run_arsync, [*args, "--ledger", str(tmp_path / "ledger.csv")])
    by_file = {m["bank"]["file"].rsplit("/", 1)[-1]: m for m in (*doc["matches"], *doc["unmatched_bank"])}
    named, other = by_file["feb.csv"], by_file["last30.csv"]
    assert (named["decision"], [i["number"] for i in named["invoices"]]) == ("auto", ["INV-0012"])
    assert other["decision"] != "auto"
    assert any("maybe the same payment as line 2 of" in r["detail"] for r in other["reasons"])
