"""parse_statements across files: de-duplication, near-duplicates, Stripe payouts, bad input, detection."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from arsync.errors import ConfigError, InputError

HEADER = "date,amount,currency,description,counterparty,reference,bank_id\n"


def test_overlapping_statements_drop_exact_duplicates_but_keep_identical_payments(statement, parse) -> None:
    # January has two identical 5.00 payments on one day; the overlapping February export repeats one of them
    jan = statement(
        "jan.csv", HEADER + "2024-01-31,5.00,EUR,Tram,,,\n2024-01-31,5.00,EUR,Tram,,,\n2024-01-30,9.00,EUR,X,,,\n"
    )
    feb = statement("feb.csv", HEADER + "2024-01-31,5.00,EUR,Tram,,,\n2024-02-01,7.00,EUR,Y,,,\n")
    batch = parse(jan, feb)
    assert [(line.source.file.rsplit("/", 1)[1], line.amount.amount) for line in batch.lines] == [
        ("jan.csv", Decimal("5.00")),
        ("jan.csv", Decimal("5.00")),
        ("jan.csv", Decimal("9.00")),
        ("feb.csv", Decimal("7.00")),
    ]
    assert len(batch.duplicates) == 1
    assert batch.duplicates[0].dropped.file.endswith("feb.csv") and batch.duplicates[0].kept.line == 2


def test_bank_id_decides_duplicates_even_when_the_text_changes(statement, parse) -> None:
    a = statement("a.csv", HEADER + "2024-01-02,100.00,EUR,ACH ACME,,,TX1\n")
    b = statement("b.csv", HEADER + "2024-01-02,100.00,EUR,ORIG CO NAME:ACME,,,TX1\n")
    batch = parse(a, b)
    assert len(batch.lines) == 1 and batch.duplicates[0].key == "id"


def test_reworded_line_is_a_near_duplicate_reported_and_kept(statement, parse) -> None:
    a = statement("a.csv", HEADER + "2024-01-02,100.00,EUR,ACH ACME,,,\n")
    b = statement("b.csv", HEADER + "2024-01-03,100.00,EUR,ORIG CO NAME:ACME,,,\n")
    batch = parse(a, b)
    assert len(batch.lines) == 2
    assert len(batch.near_duplicates) == 1
    assert "1 day" in batch.near_duplicates[0].reason


BANK_WITH_PAYOUT = HEADER + "2024-02-06,145.05,USD,STRIPE TRANSFER ST-ABC,Stripe,,\n2024-02-06,-3.00,USD,Fee,,,\n"
PAYOUT_REPORT = (
    "automatic_payout_id,automatic_payout_effective_at,balance_transaction_id,created,currency,gross,fee,net,"
    "reporting_category,invoice_number\n"
    "po_1,2024-02-05 00:00:00,txn_a,2024-02-01 10:00:00,usd,100.00,3.20,96.80,charge,INV-1\n"
    "po_1,2024-02-05 00:00:00,txn_b,2024-02-02 10:00:00,usd,50.00,1.75,48.25,charge,INV-2\n"
)


def test_stripe_payout_expands_into_its_charges_and_net_sums_to_the_payout(statement, parse) -> None:
    batch = parse(statement("bank.csv", BANK_WITH_PAYOUT), statement("payouts.csv", PAYOUT_REPORT))
    payout = batch.lines[0]
    assert len(batch.lines) == 2  # the report's rows became items, not extra lines
    assert [r.value for i in payout.items for r in i.references if r.kind == "invoice"] == ["INV-1", "INV-2"]
    assert sum((i.net.amount for i in payout.items if i.net), Decimal(0)) == payout.amount.amount
    assert batch.payouts[0].payout_id == "po_1"


def test_stripe_payout_named_in_the_bank_but_not_adding_up_is_an_error(statement, parse) -> None:
    bank = statement("bank.csv", HEADER + "2024-02-06,140.00,USD,STRIPE PAYOUT po_1,Stripe,,\n")
    with pytest.raises(InputError, match=r"po_1.*145\.05.*140\.00"):
        parse(bank, statement("payouts.csv", PAYOUT_REPORT))


def test_bad_amount_names_file_line_column_and_value(statement, parse) -> None:
    path = statement("x.csv", HEADER + "2024-01-02,10.00,EUR,ok,,,\n2024-01-03,12.3.4,EUR,bad,,,\n")
    with pytest.raises(InputError) as err:
        parse(path)
    assert err.value.line == 3 and err.value.column == "amount" and err.value.value == "12.3.4"
    assert "x.csv:3" in str(err.value)


def test_more_decimals_than_the_currency_allows_is_an_error_not_rounding(statement, parse) -> None:
    path = statement("x.csv", HEADER + "2024-01-02,10.005,EUR,ok,,,\n")
    with pytest.raises(InputError, match="more decimals than EUR"):
        parse(path)
    jpy = statement("y.csv", HEADER + "2024-01-02,10.5,JPY,ok,,,\n")
    with pytest.raises(InputError, match="JPY"):
        parse(jpy)


def test_skip_bad_rows_reports_what_it_skipped(statement, parse) -> None:
    path = statement("x.csv", HEADER + "2024-01-02,10.00,EUR,ok,,,\n2024-13-03,1.00,EUR,bad date,,,\n")
    batch = parse(path, skip_bad_rows=True)
    assert len(batch.lines) == 1
    assert [(s.line, s.kind) for s in batch.skipped] == [(3, "bad")]
    assert "date" in batch.skipped[0].reason


def test_unknown_format_lists_known_ones_and_how_to_add_a_profile(statement, parse) -> None:
    path = statement("x.csv", "foo;bar\n1;2\n")
    with pytest.raises(InputError, match=r"unknown statement format.*chase-checking.*plugins directory"):
        parse(path)


def test_ambiguous_header_lists_candidates_and_asks_for_profile(statement, parse) -> None:
    path = statement("x.csv", "Date,Description,Amount\n01/02/2024,Deposit,10.00\n")
    with pytest.raises(InputError, match=r"ambiguous.*amex.*quickbooks-3col.*--profile"):
        parse(path)
    assert parse(path, profile="amex").lines[0].amount.amount == Decimal("-10.00")


def test_the_ambiguity_error_says_how_each_candidate_reads_the_amounts(statement, parse) -> None:
    # Amex and QuickBooks' upload share the header but not the sign: the user must learn which is which.
    path = statement("x.csv", "Date,Description,Amount\n01/02/2024,Deposit,10.00\n")
    with pytest.raises(InputError, match=r"amex, American Express.*negated.*quickbooks-3col, QuickBooks.*signed"):
        parse(path)


def test_dates_a_profile_cannot_read_settle_a_shared_header(statement, parse) -> None:
    # ISO dates: Amex's export never writes them, QuickBooks' upload accepts them. Read as deposits.
    path = statement("x.csv", "Date,Description,Amount\n2024-01-02,ACME payment,10.00\n2024-01-03,Fee,-2.50\n")
    batch = parse(path)
    assert batch.files[0].format == "quickbooks-3col"
    assert [line.amount.amount for line in batch.lines] == [Decimal("10.00"), Decimal("-2.50")]


def test_a_header_alone_is_not_second_guessed_by_its_dates(statement, parse) -> None:
    # No data rows to read (or a pending row without a date): detection stays with the header.
    path = statement("x.csv", "Date,Description,Amount\n,Pending deposit,10.00\n")
    with pytest.raises(InputError, match=r"ambiguous.*amex.*quickbooks-3col"):
        parse(path)


def test_unknown_profile_name_is_an_input_error(statement, parse) -> None:
    with pytest.raises(InputError, match="no bank format or profile named 'nope'"):
        parse(statement("x.csv", HEADER), profile="nope")


def test_profile_dropped_into_plugins_dir_is_loaded(tmp_path, statement) -> None:
    from arsync.bankfiles.api import parse_statements
    from arsync.plugins import load_plugins

    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "acme-bank.yaml").write_text(
        textwrap.dedent(
            """\
            name: acme-bank
            description: ACME Bank semicolon export
            delimiter: ";"
            header: {columns: [Buchungsdatum, Betrag, Text]}
            date: {col: Buchungsdatum, formats: ["%d.%m.%Y"]}
            amount: {mode: signed, col: Betrag}
            number: {decimal: ",", thousands: "."}
            currency: {fixed: EUR}
            description_columns: [Text]
            """
        )
    )
    registry = load_plugins([plugins], fresh=True)
    assert "acme-bank" in registry.bank_formats
    path = statement("acme.csv", "Buchungsdatum;Betrag;Text\n01.02.2024;1.234,50;Kunde\n")
    batch = parse_statements([path], registry=registry)
    assert batch.files[0].format == "acme-bank" and batch.lines[0].amount.amount == Decimal("1234.50")


def test_bad_profile_names_file_key_and_line(tmp_path) -> None:
    from arsync.bankfiles.profiles import load_profile_file

    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: bad\ndescription: x\nheader: {columns: [A, B]}\ndate: {col: A, formats: ['%Y-%m-%d']}\n"
        "amount: {mode: signed, col: B, colour: red}\ncurrency: {fixed: EUR}\n"
    )
    with pytest.raises(ConfigError) as err:
        load_profile_file(path)
    assert err.value.line == 5 and err.value.key == "amount.colour"
    assert "bad.yaml:5" in str(err.value)


def test_profile_with_unknown_currency_is_a_config_error(tmp_path) -> None:
    from arsync.bankfiles.profiles import load_profile_file

    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: bad\ndescription: x\nheader: {columns: [A, B]}\ndate: {col: A, formats: ['%Y-%m-%d']}\n"
        "amount: {mode: signed, col: B}\ncurrency: {fixed: EURO}\n"
    )
    with pytest.raises(ConfigError, match="currency"):
        load_profile_file(path)


def _camt(kind: str, status: str, day: str, ref: str) -> str:
    """One 7,914.11 credit in a camt.052 intraday report or a camt.053 statement."""
    root, report = ("BkToCstmrAcctRpt", "Rpt") if kind == "052" else ("BkToCstmrStmt", "Stmt")
    svcr = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    return textwrap.dedent(f"""\
        <?xml version="1.0" encoding="UTF-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{kind}.001.08"><{root}>
         <GrpHdr><MsgId>M{kind}</MsgId><CreDtTm>{day}T18:00:00</CreDtTm></GrpHdr>
         <{report}><Id>R{kind}</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
          <Ntry><Amt Ccy="EUR">7914.11</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>{status}</Cd></Sts>
           <BookgDt><Dt>{day}</Dt></BookgDt>{svcr}
           <NtryDtls><TxDtls><RmtInf><Ustrd>INV 1177</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
         </{report}></{root}></Document>
        """)


def test_a_pending_entry_is_dropped_once_its_booking_with_the_same_bank_id_is_read(statement, parse) -> None:
    """The intraday camt.052 said PDNG on the 17th; the camt.053 books the same AcctSvcrRef on the 21st.
    Both were kept, and four days apart not even reported as near duplicates: one payment counted twice."""
    pending = statement("intraday.xml", _camt("052", "PDNG", "2026-01-17", "202601170000014"))
    booked = statement("statement.xml", _camt("053", "BOOK", "2026-01-21", "202601170000014"))
    batch = parse(pending, booked)
    assert [(line.status, str(line.booking_date)) for line in batch.lines] == [("booked", "2026-01-21")]
    assert [d.key for d in batch.duplicates] == ["pending"]
    assert batch.duplicates[0].dropped.file.endswith("intraday.xml")


def test_a_pending_entry_without_a_bank_id_stays_beside_its_booking_and_is_reported(statement, parse) -> None:
    """Without a shared id nothing proves the two are one payment: both stay, reported up to ten days apart."""
    pending = statement("intraday.xml", _camt("052", "PDNG", "2026-01-17", ""))
    booked = statement("statement.xml", _camt("053", "BOOK", "2026-01-21", "202601170000014"))
    batch = parse(pending, booked)
    assert len(batch.lines) == 2
    (near,) = batch.near_duplicates
    assert "a pending line and a booked line 4 day(s) apart" in near.reason


def test_a_reference_read_from_a_csv_is_a_whole_reference(statement, parse) -> None:
    """References built on the CSV fast and general paths lacked the ``amount`` field the model gained later
    (unset, None): code asking a reference for its remitted amount failed with an internal error."""
    path = statement("s.csv", HEADER + "2024-05-01,1234.50,EUR,Payment,ACME,INV-0012,b1\n")
    (line,) = parse(path).lines
    assert [(r.kind, r.value, r.amount) for r in line.references][:1] == [("text", "INV-0012", None)]
    assert line.references[0] == type(line.references[0])(kind="text", value="INV-0012")
