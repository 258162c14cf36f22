"""Exports of QuickBooks Online ("Open Invoices" report) and Xero (invoice export), in the shapes they really have."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from arsync.errors import InputError
from arsync.ledgerfiles.reader import load_ledger_file
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_line
from arsync.matching.settings import MatchingSettings
from arsync.models import DocumentStatus, Money

# The QBO Online "Open Invoices" report as exported to CSV: title, company and date rows, a header whose
# first column is blank, customers as heading rows, "Total for <customer>" subtotals, a TOTAL row, a footer.
QBO_REPORT = """\
Harbor Design Co
Open Invoices
"As of October 7, 2026"

,Date,Transaction type,Num,Term,Due date,Amount,Open balance
Acme Inc,,,,,,,
,09/16/2026,Invoice,1414,Net 30,10/16/2026,"$1,120.00","$1,120.00"
,09/22/2026,Payment,25763,,09/22/2026,-200.00,-20.00
Total for Acme Inc,,,,,,,"$1,100.00"
Beta Media Ltd,,,,,,,
,07/16/2026,Invoice,1256,Net 30,08/15/2026,237.70,137.70
,08/01/2026,Credit Memo,CM-9,,08/01/2026,-37.70,-37.70
Total for Beta Media Ltd,,,,,,,$100.00
TOTAL,,,,,,,"$1,200.00"

"Wednesday, October 07, 2026 01:49 PM GMT-06:00"
"""

XERO_HEADER = (
    "ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
    "POPostalCode,POCountry,SAAddressLine1,SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,SARegion,"
    "SAPostalCode,SACountry,InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,"
    "InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,"
    "AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,Type,"
    "Sent,Status"
)


def xero_row(
    contact: str, number: str, total: str, due: str, description: str, line: str, *, status: str = "Awaiting Payment"
) -> str:
    address = [""] * 16
    return ",".join(
        [
            contact,
            "ap@" + contact.split(maxsplit=1)[0].lower() + ".example",
            *address,
            number,
            "PO-1",
            "15 Jul 2026",
            "14 Aug 2026",
            "",
            total,
            "0.00",
            "0.00",
            due,
            "",
            description,
            "1.0000",
            line,
            "",
            line,
            "200",
            "Tax Exempt",
            "0.00",
            "",
            "",
            "",
            "",
            "NZD",
            "Sales invoice",
            "Sent",
            status,
        ]
    )


def test_qbo_open_invoices_report(tmp_path: Path) -> None:
    path = tmp_path / "open-invoices.csv"
    path.write_text(QBO_REPORT, encoding="utf-8")
    snapshot = load_ledger_file(path, currency="USD")
    assert [(i.number, i.customer_name, i.amount_due) for i in snapshot.invoices] == [
        ("1414", "Acme Inc", Money("1120.00", "USD")),
        ("1256", "Beta Media Ltd", Money("137.70", "USD")),
    ]
    assert snapshot.invoices[1].total == Money("237.70", "USD")
    assert snapshot.invoices[0].due_date == dt.date(2026, 10, 16)
    (payment,) = snapshot.payments
    assert (payment.customer_name, payment.unapplied) == ("Acme Inc", Money("20.00", "USD"))
    (credit,) = snapshot.credit_notes
    assert (credit.number, credit.remaining) == ("CM-9", Money("37.70", "USD"))
    assert snapshot.ar_balance == Money("1200.00", "USD")


@pytest.mark.parametrize(
    ("term", "write_off", "why"),
    [
        ("Net 30", None, "the invoice's terms (Net 30) grant no early-payment discount"),
        ("2% 10 Net 30", "22.40", "2% early-payment discount of its terms"),
    ],
)
def test_qbo_reports_term_says_whether_a_discount_the_payer_takes_is_earned(
    tmp_path: Path, term: str, write_off: str | None, why: str
) -> None:
    """A retailer pays 1414 "LESS 2% DISC" four days after the invoice date. Under the report's "Net 30" the
    2% was never offered: it stays open for the clerk to bill back, even where the business's own settings
    allow a 2% discount to customers on discount terms (and 22.40 is more than the 10.00 they let go as a
    small short payment). Under "2% 10 Net 30" it is earned and written off.
    Before, the Term column was not read and the settings wrote off the 22.40 either way."""
    path = tmp_path / "open-invoices.csv"
    path.write_text(QBO_REPORT.replace(",Net 30,10/16/2026", f",{term},10/16/2026"), encoding="utf-8")
    snapshot = load_ledger_file(path, currency="USD")
    invoice = snapshot.invoices[0]
    assert invoice.payment_terms == term
    line = sample_line("1097.60", "ACME INC PMT INFO:INV 1414 LESS 2% DISC", payer="ACME INC", day=dt.date(2026, 9, 20))
    settings = MatchingSettings(discount_max_pct=Decimal(2), discount_days=10, write_off_tolerance_abs=Decimal(10))
    (match,) = match_statement([line], snapshot, settings).matches
    assert [a.invoice_number for a in match.allocations] == ["1414"]
    assert (match.write_off and str(match.write_off.amount)) == write_off
    assert why in next(r.detail for r in match.reasons if r.feature == "amount")


def test_qbo_report_without_a_currency_asks_for_one(tmp_path: Path) -> None:
    path = tmp_path / "open-invoices.csv"
    path.write_text(QBO_REPORT, encoding="utf-8")
    with pytest.raises(InputError, match="--currency") as caught:
        load_ledger_file(path)
    assert caught.value.line == 7


def test_qbo_report_as_xlsx(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Harbor Design Co"])
    sheet.append(["Open Invoices"])
    sheet.append([])
    sheet.append([None, "Date", "Transaction type", "Num", "Customer full name", "Due date", "Amount", "Open balance"])
    sheet.append(["Acme Inc"])
    sheet.append([None, dt.datetime(2026, 9, 16), "Invoice", 1414, "Acme Inc", dt.datetime(2026, 10, 16), 120, 120])
    sheet.append(["Total for Acme Inc", None, None, None, None, None, 120, 120])
    sheet.append(["TOTAL", None, None, None, None, None, 120, 120])
    path = tmp_path / "open-invoices.xlsx"
    workbook.save(path)
    snapshot = load_ledger_file(path, currency="USD")
    (invoice,) = snapshot.invoices
    assert (invoice.number, invoice.issue_date, invoice.amount_due) == (
        "1414",
        dt.date(2026, 9, 16),
        Money("120", "USD"),
    )


def test_xero_export_groups_line_items_into_invoices(tmp_path: Path) -> None:
    path = tmp_path / "Export.csv"
    path.write_text(
        "\n".join(
            [
                XERO_HEADER,
                xero_row("Fable Creative", "INV-0212", "3600.00", "3600.00", "Design", "3000.00"),
                xero_row("Fable Creative", "INV-0212", "3600.00", "3600.00", "Hosting", "600.00"),
                xero_row("Orchard PR", "INV-0219", "2150.00", "1150.00", "Retainer", "2150.00"),
                xero_row("Orchard PR", "INV-0201", "500.00", "0.00", "Retainer", "500.00", status="Paid"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    snapshot = load_ledger_file(path)
    assert [i.number for i in snapshot.invoices] == ["INV-0212", "INV-0219", "INV-0201"]
    first = snapshot.invoices[0]
    assert [line.description for line in first.lines] == ["Design", "Hosting"]
    assert first.total == Money("3600.00", "NZD")
    assert (first.issue_date, first.due_date) == (dt.date(2026, 7, 15), dt.date(2026, 8, 14))
    assert first.reference == "PO-1"
    assert snapshot.invoices[1].amount_due == Money("1150.00", "NZD")
    assert snapshot.invoices[2].status is DocumentStatus.PAID
    assert [i.number for i in snapshot.open_invoices()] == ["INV-0212", "INV-0219"]
    assert {p.name: p.emails for p in snapshot.parties}["Orchard PR"] == ("ap@orchard.example",)


def test_xero_lines_of_one_invoice_that_disagree_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "Export.csv"
    path.write_text(
        "\n".join(
            [
                XERO_HEADER,
                xero_row("Fable Creative", "INV-0212", "3600.00", "3600.00", "Design", "3000.00"),
                xero_row("Fable Creative", "INV-0212", "3600.00", "3000.00", "Hosting", "600.00"),
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ledger_file(path)
    assert (caught.value.line, caught.value.column, caught.value.value) == (3, "InvoiceAmountDue", "3000.00")


QBO_JOBS = """\
Harbor Design Co
Open Invoices
"As of October 7, 2026"

,Date,Transaction type,Num,Term,Due date,Amount,Open balance
Freeman Sporting Goods:0969 Ocean View Road,,,,,,,
,09/16/2026,Invoice,1037,Net 30,10/16/2026,226.00,226.00
Total for Freeman Sporting Goods:0969 Ocean View Road,,,,,,,$226.00
Freeman Sporting Goods:55 Twin Lane,,,,,,,
,09/20/2026,Invoice,1036,Net 30,10/20/2026,85.00,85.00
Total for Freeman Sporting Goods:55 Twin Lane,,,,,,,$85.00
Acme Inc,,,,,,,
,09/22/2026,Invoice,1038,Net 30,10/22/2026,226.00,226.00
Total for Acme Inc,,,,,,,$226.00
TOTAL,,,,,,,$537.00
"""


def test_a_qbo_reports_sub_customers_belong_to_their_parent(tmp_path: Path) -> None:
    """QuickBooks writes a job by its full name, "Parent:Job". The parent, which has no rows of its own,
    is added, and the parent's payment of 226.00 goes to its job's invoice, not to Acme's of the same
    amount (before, the payer only resembled both jobs alike, and the payment was a coin toss)."""
    path = tmp_path / "open.csv"
    path.write_text(QBO_JOBS)
    snapshot = load_ledger_file(path, currency="USD")
    by_name = {p.name: p for p in snapshot.parties}
    parent = by_name["Freeman Sporting Goods"]
    assert parent.parent_id is None
    assert by_name["Freeman Sporting Goods:55 Twin Lane"].parent_id == parent.id
    assert by_name["Freeman Sporting Goods:0969 Ocean View Road"].parent_id == parent.id
    assert by_name["Acme Inc"].parent_id is None
    (match,) = match_statement(
        [sample_line("226.00", payer="FREEMAN SPORTING GOODS", day=dt.date(2026, 10, 13))], snapshot
    ).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["1037"])


def test_a_colon_in_a_plain_lists_customer_name_is_only_part_of_the_name(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "number,customer,issue_date,due_date,currency,amount_due\nINV-1,Re:Source Ltd,2026-01-05,2026-02-04,USD,10\n"
    )
    (party,) = load_ledger_file(path).parties
    assert (party.name, party.parent_id) == ("Re:Source Ltd", None)


# Xero's Aged Receivables Detail as exported to CSV: title rows, age buckets and their Total, each contact
# a heading row with a "Total <contact>" row, a grand total in the home currency.
XERO_AGED = """\
Aged Receivables Detail
Thistle & Finch Ltd
As at 31 March 2026
Ageing by due date

Invoice Date,Invoice Number,Invoice Reference,Due Date,Currency,Current,< 1 Month,1 Month,2 Months,3 Months,Older,Total
A-1 Towing & Recovery
04/01/2026,INV-4239,PO 34374,05/03/2026,GBP,0.00,7316.15,0.00,0.00,0.00,0.00,7316.15
05/01/2026,INV-4245,,04/02/2026,GBP,0.00,0.00,2845.80,0.00,0.00,0.00,2845.80
Total A-1 Towing & Recovery,,,,,0.00,7316.15,2845.80,0.00,0.00,0.00,10161.95
Brecon Bakery
20/03/2026,INV-4401,,19/04/2026,EUR,410.00,0.00,0.00,0.00,0.00,0.00,410.00
Total Brecon Bakery,,,,,410.00,0.00,0.00,0.00,0.00,0.00,410.00
Total,,,,,,,,,,,10523.95
"""


def test_xero_aged_receivables_detail_reads_each_invoice_under_its_contact(tmp_path: Path) -> None:
    """It was refused: "missing required column(s) customer, amount_due ... add or rename the columns", which
    no one can do to this report. Its Total is what each invoice still owes; the contact is the heading."""
    path = tmp_path / "Aged_Receivables_Detail.csv"
    path.write_text(XERO_AGED, encoding="utf-8")
    invoices = load_ledger_file(path).invoices
    assert [(i.number, i.customer_name, i.amount_due, i.due_date, i.reference) for i in invoices] == [
        ("INV-4239", "A-1 Towing & Recovery", Money("7316.15", "GBP"), dt.date(2026, 3, 5), "PO 34374"),
        ("INV-4245", "A-1 Towing & Recovery", Money("2845.80", "GBP"), dt.date(2026, 2, 4), None),
        ("INV-4401", "Brecon Bakery", Money("410.00", "EUR"), dt.date(2026, 4, 19), None),
    ]
    edited = XERO_AGED.replace(
        "0.00,7316.15,2845.80,0.00,0.00,0.00,10161.95", "0.00,7316.15,2845.80,0.00,0.00,0.00,10161.00"
    )
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(InputError, match=r"add up to 10161\.95 but this total row says 10161\.00"):
        load_ledger_file(path)
