"""Bank exports with no payer column (Chase and Bank of America in the US; NatWest, Lloyds, Barclays and
HSBC in the UK): the payer and the numbers that are no invoice's are read from the description, as a
person reads "ORIG CO NAME:ACME CORP ... TRACE#:..." or "ACME CORP , INV 1047 , FP 02/03/26 0930".
QuickBooks numbers invoices 1001, 1002, ...: every bank number could name one."""

from __future__ import annotations

from pathlib import Path

import pytest

from arsync.bankfiles.api import parse_statements
from arsync.bankfiles.values import payer_in_text
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_party
from arsync.models import Invoice, Match
from arsync.plugins import load_plugins

ACME = sample_party("c1", "Acme Corp")
BOLT = sample_party("c2", "Bolt Logistics Inc")
ACH = (
    "ORIG CO NAME:ACME CORP ORIG ID:1234567890 DESC DATE:260302 CO ENTRY DESCR:PAYMENT SEC:CCD "
    "TRACE#:021000021234567 EED:260302 IND ID:1047 IND NAME:NORTHWIND SUPPLY TRN: 0611234567TC"
)


def ledger() -> list[Invoice]:
    """Acme owes 1047 and 1049, Bolt owes 1048 and 2603, all 500.00."""
    return [
        sample_invoice("1047", "500.00", ACME),
        sample_invoice("1048", "500.00", BOLT),
        sample_invoice("1049", "500.00", ACME),
        sample_invoice("2603", "500.00", BOLT),
    ]


def chase(tmp_path: Path, description: str) -> Match:
    """One 500.00 credit in a Chase checking export (no payer column), decided against ledger()."""
    path = tmp_path / "chase.csv"
    path.write_text(
        "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,\n"
        f"CREDIT,03/02/2026,{description},500.00,ACH_CREDIT,10500.00,,\n"
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    result = match_statement(lines, (ledger(), [ACME, BOLT]))
    (match,) = (*result.matches, *result.unmatched_bank)
    return match


@pytest.mark.parametrize(
    ("text", "payer"),
    [
        (ACH, "ACME CORP"),
        (
            "WIRE TYPE:WIRE IN DATE:260302 TIME:1015 ET TRN:2026030200123456 B/O ACME CORP NEW YORK NY",
            "ACME CORP NEW YORK NY",
        ),
        ("Zelle payment from ACME CORP Conf# 1057abc", "ACME CORP"),
        ("Zelle payment from JOHN DOE 12345678901", "JOHN DOE"),
        ("DEPOSIT", None),
    ],
)
def test_the_payer_a_us_bank_text_labels_is_read(text: str, payer: str | None) -> None:
    assert payer_in_text(text) == payer


def test_an_ach_credit_described_only_names_its_payer_and_its_invoice(tmp_path: Path) -> None:
    """The payer is read from ORIG CO NAME (an exact name, not the whole description loosely)."""
    match = chase(tmp_path, ACH)
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert any(r.detail == "payer 'ACME CORP' is the name of Acme Corp" for r in match.reasons)


@pytest.mark.parametrize("text", ["REMOTE ONLINE DEPOSIT # 2603", "Zelle payment from ACME CORP Conf# 1048ab"])
def test_deposit_and_confirmation_numbers_name_no_invoice(tmp_path: Path, text: str) -> None:
    """Chase numbers remote deposits, Zelle confirms with a code: 2603 and 1048 are Bolt's invoices."""
    match = chase(tmp_path, text)
    assert all(a.invoice_number not in ("2603", "1048") for a in match.allocations)
    assert not [r for r in match.reasons if r.feature == "reference"]


NATWEST_ROW = "02/03/2026,BAC,\"'{description}\",500.00,10500.00,'OUR COMPANY LTD,'601613-31926819\n"


@pytest.mark.parametrize(
    "description",
    ["ACME CORP , INV 1047 , FP 02/03/26 0930 , 100000000123456789", "ACME CORP            INV1047"],
)
def test_a_uk_description_names_its_payer_in_its_first_padded_field(tmp_path: Path, description: str) -> None:
    """UK banks pad the payer's name and the reference into one description (NatWest's " , " fields,
    Lloyds' run of spaces): the payer is the first field, not the whole text."""
    path = tmp_path / "natwest.csv"
    path.write_text(
        "Date, Type, Description, Value, Balance, Account Name, Account Number\n"
        + NATWEST_ROW.format(description=description)
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    pounds = [
        sample_invoice(i.number, "500.00", ACME if i.customer_id == ACME.id else BOLT, currency="GBP") for i in ledger()
    ]
    (match,) = match_statement(lines, (pounds, [ACME, BOLT])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert any(r.detail == "payer 'ACME CORP' is the name of Acme Corp" for r in match.reasons)
