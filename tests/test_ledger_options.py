"""`--date-format` and `--currency` reach the ledger-file reader from every command that takes `--ledger`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunArsync

AMBIGUOUS = (
    "number,customer,issue_date,due_date,total,amount_due\n"
    "INV-1,Acme Ltd,03/04/2026,03/05/2026,100.00,100.00\n"
    "INV-2,Birch LLC,05/04/2026,05/05/2026,250.50,200.50\n"
)


def test_ambiguous_dates_need_a_date_format_and_then_age(run_arsync: RunArsync, tmp_path: Path) -> None:
    ledger = tmp_path / "open.csv"
    ledger.write_text(AMBIGUOUS)
    refused = run_arsync("aging", "--ledger", str(ledger), "--as-of", "2026-06-30", "--json", "--currency", "EUR")
    assert refused.returncode != 0
    assert "--date-format" in refused.stderr
    assert refused.stdout == ""

    aged = run_arsync(
        "aging", "--ledger", str(ledger), "--as-of", "2026-06-30", "--json", "--date-format", "dmy", "--currency", "EUR"
    )
    assert aged.returncode == 0, aged.stderr
    document = json.loads(aged.stdout)
    # Day-first: due 3 May and 5 May, so 58 and 56 days overdue on 30 June.
    assert document["totals"]["31-60"] == "300.50"
    assert document["totals"]["total"] == "300.50"


def test_a_file_without_currency_needs_the_currency_option(run_arsync: RunArsync, tmp_path: Path) -> None:
    ledger = tmp_path / "open.csv"
    ledger.write_text(
        "number,customer,issue_date,due_date,total,amount_due\nINV-1,Acme Ltd,2026-04-03,2026-05-03,100.00,100.00\n"
    )
    missing = run_arsync("aging", "--ledger", str(ledger), "--as-of", "2026-06-30", "--json")
    assert missing.returncode != 0
    assert "--currency" in missing.stderr
    given = run_arsync("aging", "--ledger", str(ledger), "--as-of", "2026-06-30", "--json", "--currency", "GBP")
    assert given.returncode == 0, given.stderr
    assert json.loads(given.stdout)["totals"]["total"] == "100.00"
