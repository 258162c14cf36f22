"""Every bad value is an InputError naming the file, the physical line, the column and the value; nothing partial."""

from __future__ import annotations

from pathlib import Path

import pytest

from arsync.errors import InputError, UsageError
from arsync.ledgerfiles.reader import load_ledger_file

HEADER = "number,customer,issue_date,due_date,currency,total,amount_due"
GOOD = "INV-1,Acme,2026-01-05,2026-02-04,USD,10.00,10.00"


def fails(tmp_path: Path, text: str, **options: str) -> InputError:
    path = tmp_path / "ledger.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ledger_file(path, **options)
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_missing_column_names_the_columns_found_and_expected(tmp_path: Path) -> None:
    error = fails(tmp_path, "number,customer,issue_date,currency,total\nINV-1,Acme,2026-01-05,USD,10\n")
    assert error.line == 1
    assert "due_date, amount_due" in error.message
    assert "found columns: number, customer, issue_date, currency, total" in error.message


def test_a_multicurrency_export_with_home_and_foreign_amounts_is_refused_not_mislabelled(tmp_path: Path) -> None:
    """'Open balance' is in the home currency and 'Foreign open balance' in the invoice's: reading the first
    as euros would misstate every foreign invoice, so the file is refused with what to change."""
    text = (
        "Date,Transaction type,Num,Customer full name,Due date,Currency,Amount,Open balance,"
        "Foreign amount,Foreign open balance\n"
        "2026-01-05,Invoice,1043,Acme GmbH,2026-02-04,EUR,1084.20,1084.20,1000.00,1000.00\n"
    )
    error = fails(tmp_path, text)
    assert (error.line, error.column) == (1, "Foreign amount")
    assert "rename the foreign ones" in error.message


def test_a_file_without_a_header_row(tmp_path: Path) -> None:
    error = fails(tmp_path, "INV-1,Acme,2026-01-05,2026-02-04,USD,10.00,10.00\n")
    assert "no header row" in error.message


def test_bad_amount(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\n{GOOD}\nINV-2,Acme,2026-01-05,,USD,12.3.4,1\n")
    assert (error.line, error.column, error.value) == (3, "total", "12.3.4")


def test_amount_with_more_decimals_than_the_currency_is_not_rounded(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\nINV-1,Acme,2026-01-05,,JPY,1000.50,1000\n")
    assert (error.line, error.column, error.value) == (2, "total", "1000.50")
    assert "never rounds" in error.message


def test_bad_currency(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\n{GOOD}\nINV-2,Acme,2026-01-05,,EURO,10,10\n")
    assert (error.line, error.column, error.value) == (3, "currency", "EURO")


def test_ambiguous_dates_ask_for_a_date_format(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\nINV-1,Acme,03/04/2026,05/04/2026,USD,10,10\n")
    assert (error.line, error.column, error.value) == (2, "issue_date", "03/04/2026")
    assert "--date-format" in error.message


def test_dates_that_disagree_on_order(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\nINV-1,Acme,25/01/2026,,USD,10,10\nINV-2,Acme,01/25/2026,,USD,10,10\n")
    assert (error.line, error.value) == (3, "01/25/2026")


def test_amount_due_over_total(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\nINV-1,Acme,2026-01-05,,USD,10.00,10.01\n")
    assert (error.line, error.column, error.value) == (2, "amount_due", "10.01")


def test_grand_total_mismatch_means_something_was_lost(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\n{GOOD}\nINV-2,Beta,2026-01-05,,USD,5.00,5.00\n,TOTAL,,,,,16.00\n")
    assert (error.line, error.column, error.value) == (4, "amount_due", "16.00")
    assert "15.00" in error.message


def test_customer_subtotal_mismatch_in_a_qbo_report(tmp_path: Path) -> None:
    report = (
        "Open Invoices\n,Date,Transaction type,Num,Due date,Open balance\nAcme,,,,,\n"
        ",2026-01-05,Invoice,1,2026-02-04,10.00\nTotal for Acme,,,,,12.00\nTOTAL,,,,,10.00\n"
    )
    error = fails(tmp_path, report, currency="USD")
    assert (error.line, error.column, error.value) == (5, "Open balance", "12.00")


def test_duplicate_invoice_number(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD}\n")
    assert (error.line, error.column, error.value) == (3, "number", "INV-1")


def test_bad_email_and_status(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER},email\n{GOOD},not-an-address\n")
    assert (error.line, error.column) == (2, "email")
    error = fails(tmp_path, f"{HEADER},status\n{GOOD},maybe\n")
    assert (error.line, error.column, error.value) == (2, "status", "maybe")


def test_paid_status_with_money_still_due(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER},status\n{GOOD},Paid\n")
    assert (error.line, error.column) == (2, "status")


def test_mixed_decimal_marks(tmp_path: Path) -> None:
    error = fails(
        tmp_path, f'{HEADER}\nINV-1,Acme,2026-01-05,,USD,10.50,10.50\nINV-2,Acme,2026-01-05,,USD,"10,50","10,50"\n'
    )
    assert (error.line, error.column) == (3, "total")


def test_duplicate_header(tmp_path: Path) -> None:
    error = fails(tmp_path, f"{HEADER},total\n{GOOD},11.00\n")
    assert (error.line, error.column) == (1, "total")


def test_missing_file_and_legacy_excel(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_ledger_file(tmp_path / "nope.csv")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(InputError, match=r"\.xls"):
        load_ledger_file(legacy)


def test_bad_options_are_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    with pytest.raises(UsageError):
        load_ledger_file(path, currency="EURO")
    with pytest.raises(UsageError):
        load_ledger_file(path, date_format="sometimes")
