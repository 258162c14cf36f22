"""Plain open-invoice lists: our own columns (and synonyms) in any order, any usual encoding, CSV or XLSX."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from arsync.ledgerfiles.columns import FIELDS, map_header, normalize_header
from arsync.ledgerfiles.reader import load_ledger_file
from arsync.models import DocumentStatus, Money

HEADER = "number,customer,issue_date,due_date,currency,total,amount_due"


def write(tmp_path: Path, text: str, *, name: str = "ledger.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_columns_in_another_order_with_optional_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Amount Due,Customer ID,Email,Total,Customer,Invoice Number,Status,Due Date,Invoice Date,Currency\n"
        "40.00,C-7,ap@acme.example; boss@acme.example,100.00,Acme Inc,INV-0012,Awaiting Payment,"
        "2026-02-04,2026-01-05,usd\n",
    )
    snapshot = load_ledger_file(path)
    (invoice,) = snapshot.invoices
    assert (invoice.id, invoice.number, invoice.customer_id, invoice.customer_name) == (
        "INV-0012",
        "INV-0012",
        "C-7",
        "Acme Inc",
    )
    assert invoice.total == Money("100.00", "USD")
    assert invoice.amount_due == Money("40.00", "USD")
    assert (invoice.issue_date, invoice.due_date) == (dt.date(2026, 1, 5), dt.date(2026, 2, 4))
    assert invoice.status is DocumentStatus.OPEN
    (party,) = snapshot.parties
    assert party.emails == ("ap@acme.example", "boss@acme.example")


def test_a_list_of_open_balances_without_a_total_column(tmp_path: Path) -> None:
    # An aged list often carries only what is still due; the total is taken to be that amount.
    path = write(
        tmp_path,
        "Invoice Number,Customer,Invoice Date,Due Date,Amount Due\n"
        "INV-1001,Acme Corporation,2026-10-01,2026-10-31,1200.00\n",
    )
    (invoice,) = load_ledger_file(path, currency="USD").invoices
    assert (invoice.number, invoice.total, invoice.amount_due) == (
        "INV-1001",
        Money("1200.00", "USD"),
        Money("1200.00", "USD"),
    )


def test_customer_without_id_gets_a_stable_slug_and_keeps_other_spellings_as_aliases(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + '\nINV-1,"Acme, Inc.",2026-01-05,2026-02-04,USD,10.00,10.00\n'
        "INV-2,ACME Inc,2026-01-06,2026-02-05,USD,20.00,20.00\n",
    )
    snapshot = load_ledger_file(path)
    assert {invoice.customer_id for invoice in snapshot.invoices} == {"acme-inc"}
    (party,) = snapshot.parties
    assert (party.name, party.aliases) == ("Acme, Inc.", ("ACME Inc",))


def test_utf8_with_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + HEADER + "\nINV-1,Café Müller,2026-01-05,2026-02-04,EUR,10.00,10.00\n")
    (invoice,) = load_ledger_file(path).invoices
    assert invoice.customer_name == "Café Müller"


def test_windows_1252_file(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\nINV-1,Café Müller – Zürich,2026-01-05,,EUR,10.00,10.00\n", encoding="cp1252")
    (invoice,) = load_ledger_file(path).invoices
    assert invoice.customer_name == "Café Müller – Zürich"
    assert invoice.due_date is None


def test_semicolons_with_decimal_commas_and_day_first_dates(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Rechnungsnummer;Kunde;Rechnung;Currency;Number;Customer;Issue date;Due date;Total;Amount due\n"
        ";;;EUR;R-1;Müller GmbH;15.01.2026;14.02.2026;1.234,50;234,50\n"
        ";;;EUR;R-2;Schulz AG;03.02.2026;05.03.2026;99,00;99,00\n",
    )
    snapshot = load_ledger_file(path)
    first, second = snapshot.invoices
    assert first.total == Money("1234.50", "EUR")
    assert first.amount_due == Money("234.50", "EUR")
    assert first.issue_date == dt.date(2026, 1, 15)
    assert second.issue_date == dt.date(2026, 2, 3)  # the column is day-first because of 15.01


def test_tab_separated_with_accounting_style_amounts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER.replace(",", "\t") + "\nINV-1\tAcme\t2026-01-05\t2026-02-04\tUSD\t$1,250.00\t'1,250.00\n"
        "CN-1\tAcme\t2026-01-07\t\tUSD\t(50.00)\t(50.00)\n",
    )
    snapshot = load_ledger_file(path)
    (invoice,) = snapshot.invoices
    assert invoice.total == Money("1250.00", "USD")
    (credit,) = snapshot.credit_notes
    assert (credit.number, credit.remaining) == ("CN-1", Money("50.00", "USD"))


def test_currency_option_fills_a_missing_currency_column(tmp_path: Path) -> None:
    path = write(tmp_path, "number,customer,issue_date,due_date,total,amount_due\nINV-1,Acme,2026-01-05,,10,10\n")
    (invoice,) = load_ledger_file(path, currency="gbp").invoices
    assert invoice.amount_due == Money("10.00", "GBP")


def test_ambiguous_dates_read_with_a_date_format(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\nINV-1,Acme,03/04/2026,05/06/2026,USD,10,10\n")
    (invoice,) = load_ledger_file(path, date_format="mdy").invoices
    assert invoice.issue_date == dt.date(2026, 3, 4)
    (invoice,) = load_ledger_file(path, date_format="%d/%m/%Y").invoices
    assert invoice.issue_date == dt.date(2026, 4, 3)


def test_paid_rows_are_kept_but_not_open(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "\nINV-1,Acme,2026-01-05,,USD,10.00,0.00\nINV-2,Acme,2026-01-05,,USD,5.00,5.00\n")
    snapshot = load_ledger_file(path)
    assert [invoice.number for invoice in snapshot.open_invoices()] == ["INV-2"]
    assert snapshot.invoices[0].status is DocumentStatus.PAID


def test_unknown_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "Sales rep," + HEADER + ",Notes\nJo,INV-1,Acme,2026-01-05,,USD,10,10,call Monday\n")
    (invoice,) = load_ledger_file(path).invoices
    assert invoice.number == "INV-1"


def test_a_trailing_total_row_is_checked_and_becomes_the_ar_balance(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "\nINV-1,Acme,2026-01-05,,USD,10.00,10.00\nINV-2,Beta,2026-01-05,,USD,5.50,5.50\n,Total,,,,15.50,15.50\n",
    )
    snapshot = load_ledger_file(path)
    assert len(snapshot.invoices) == 2
    assert snapshot.ar_balance == Money("15.50", "USD")


def test_xlsx_with_date_cells_and_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Customer", "Invoice #", "Invoice date", "Due date", "Currency", "Total", "Balance due"])
    sheet.append(["Acme", "INV-1", dt.datetime(2026, 1, 5), dt.datetime(2026, 2, 4), "USD", 1234.56, 234.56])
    sheet.append(["Beta", 1043, dt.datetime(2026, 1, 6), None, "USD", 10, Decimal("10")])
    path = tmp_path / "ledger.xlsx"
    workbook.save(path)
    snapshot = load_ledger_file(path)
    first, second = snapshot.invoices
    assert (first.issue_date, first.total, first.amount_due) == (
        dt.date(2026, 1, 5),
        Money("1234.56", "USD"),
        Money("234.56", "USD"),
    )
    assert second.number == "1043"
    assert first.refs[0].system == "xlsx"


def test_a_customer_number_column_is_the_number_payers_quote(tmp_path: Path) -> None:
    """ "Customer Number" (or any customer id column) names the party and is its account_number, which cash
    application finds in a remittance ("Kd.Nr. 10-7654321"); a customer without one gets a slug and none."""
    path = write(
        tmp_path,
        "Invoice Number,Customer,Customer Number,Invoice Date,Due Date,Total,Amount Due,Currency\n"
        "RE-0100,Müller GmbH,10-1234567,2026-02-01,2026-03-01,595.00,595.00,EUR\n"
        "RE-0101,Müller AG,,2026-02-01,2026-03-01,595.00,595.00,EUR\n",
    )
    parties = {p.name: p for p in load_ledger_file(path).parties}
    assert (parties["Müller GmbH"].id, parties["Müller GmbH"].account_number) == ("10-1234567", "10-1234567")
    assert parties["Müller AG"].account_number is None


def test_a_german_open_item_list_as_excel_writes_it(tmp_path: Path) -> None:
    """German headers, semicolons, decimal commas, dd.mm.yyyy dates, Windows-1252: the list Excel saves."""
    path = write(
        tmp_path,
        "Rechnungsnr.;Kunde;Kundennr.;Rechnungsdatum;Fällig am;Bruttobetrag;Offener Betrag;Währung;E-Mail\n"
        "RE-2026-0041;Müller Maschinenbau GmbH;10-7654321;15.01.2026;14.02.2026;1.190,00;1.190,00;EUR;"
        "buchhaltung@mueller.example\n"
        "RE-2026-0042;Schulz & Söhne KG;10-7654322;03.02.2026;05.03.2026;2.380,50;380,50;EUR;\n",
        encoding="cp1252",
    )
    snapshot = load_ledger_file(path)
    first, second = snapshot.invoices
    assert (first.number, first.customer_name, first.customer_id) == (
        "RE-2026-0041",
        "Müller Maschinenbau GmbH",
        "10-7654321",
    )
    assert (first.issue_date, first.due_date) == (dt.date(2026, 1, 15), dt.date(2026, 2, 14))
    assert (second.total, second.amount_due) == (Money("2380.50", "EUR"), Money("380.50", "EUR"))
    assert second.issue_date == dt.date(2026, 2, 3)  # day first, as 15.01 shows
    parties = {p.name: p for p in snapshot.parties}
    assert parties["Müller Maschinenbau GmbH"].emails == ("buchhaltung@mueller.example",)
    assert parties["Schulz & Söhne KG"].account_number == "10-7654322"


@pytest.mark.parametrize(
    "header", ["Fällig am", "Fa\u0308llig am", "FÄLLIG AM", "Faellig am", "Fallig am", "fällig_am"]
)
def test_a_german_header_reads_however_its_umlaut_is_written(header: str) -> None:
    """Composed or decomposed (as macOS writes file text), upper case, or typed without the umlaut."""
    assert map_header([header]).columns == {"due_date": 0}


@pytest.mark.parametrize(
    "row",
    [
        [
            "N° facture",
            "Nom du client",
            "Numéro client",
            "Date de facture",
            "Date d'échéance",
            "Montant TTC",
            "Montant restant dû",
            "Devise",
        ],
        [
            "Factuurnummer",
            "Klant",
            "Klantnummer",
            "Factuurdatum",
            "Vervaldatum",
            "Factuurbedrag",
            "Openstaand bedrag",
            "Valuta",
        ],
        [
            "Número de factura",
            "Cliente",
            "Número de cliente",
            "Fecha de factura",
            "Fecha de vencimiento",
            "Importe total",
            "Importe pendiente",
            "Moneda",
        ],
    ],
)
def test_french_dutch_and_spanish_headers_name_the_fields(row: list[str]) -> None:
    expected = ["number", "customer", "customer_id", "issue_date", "due_date", "total", "amount_due", "currency"]
    assert map_header(row).columns == {field: index for index, field in enumerate(expected)}


def test_no_header_synonym_names_two_fields() -> None:
    synonyms = [synonym for synonyms in FIELDS.values() for synonym in synonyms]
    assert len(synonyms) == len(set(synonyms))
    assert all(normalize_header(synonym) == synonym for synonym in synonyms)


@pytest.mark.parametrize(
    "header",
    ["Betalingskenmerk", "Kenmerk", "Communication structurée", "Gestructureerde mededeling", "QR-Referenz", "Referenz",
     "KID", "KID-nummer", "OCR-nummer", "Viitenumero", "Referensnummer"],
)  # fmt: skip
def test_a_structured_payment_reference_column_is_the_invoices_reference(header: str) -> None:
    """The reference printed on the invoice for the payer to quote (betalingskenmerk, OGM/VCS, QR, KID, OCR):
    a local export names it so, and it was dropped, so a payment quoting only it named no invoice."""
    row = ["Factuurnummer", "Klant", "Vervaldatum", "Openstaand bedrag", header]
    assert map_header(row).columns["reference"] == 4


def test_a_list_typed_by_hand_with_dollar_signs_of_several_countries(tmp_path: Path) -> None:
    """ "Inv. date" was no known header, and "CA$1,171.11" (Canadian dollars as US English writes them) was
    not an amount: both files were refused."""
    path = write(
        tmp_path,
        "Invoice #,Client,Inv. date,Due,Currency,Balance\n"
        '1001,Maple Leaf Foods,2026-02-01,2026-03-03,CAD,"CA$1,171.11"\n'
        "1002,Harbour Bridge Pty,2026-02-02,2026-03-04,AUD,AU$250.00\n"
        "1003,Kowloon Trading,2026-02-03,2026-03-05,HKD,HK$980.00\n"
        "1004,Lion City Pte,2026-02-04,2026-03-06,SGD,S$75.50\n",
    )
    invoices = load_ledger_file(path).invoices
    assert [(i.number, i.issue_date, i.amount_due) for i in invoices] == [
        ("1001", dt.date(2026, 2, 1), Money("1171.11", "CAD")),
        ("1002", dt.date(2026, 2, 2), Money("250.00", "AUD")),
        ("1003", dt.date(2026, 2, 3), Money("980.00", "HKD")),
        ("1004", dt.date(2026, 2, 4), Money("75.50", "SGD")),
    ]
