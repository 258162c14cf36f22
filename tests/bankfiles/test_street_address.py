"""Where a US street address starts in a wire's originator text (``street_address_start``), and the payer's
name and account read around it (``originator_in_text``)."""

from __future__ import annotations

import pytest

from arsync.bankfiles.values import originator_in_text, street_address_start


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("THORNBURY COFFEE ROASTERS INC. 2153 COMMERCE DR AUSTIN TX 78701", 31),
        ("RIVERSIDE DELI 3314 HARBOR BLVD RENO NV", 15),
        ("IRONBRIDGE BREWING CO 2141 MAIN ST CHICAGO IL 60607", 22),
        ("Acme Corp 100 N Michigan Ave. Chicago IL", 10),
        ("GLOBEX 1 WORLD TRADE CENTER SUITE 500 NEW YORK NY", 7),
        ("2153 COMMERCE DR AUSTIN TX", 0),
    ],
)
def test_a_house_number_followed_by_a_street_type_starts_an_address(text: str, start: int) -> None:
    assert street_address_start(text) == start


@pytest.mark.parametrize(
    "text",
    [
        "ACME CORP NEW YORK NY 10048",  # a city and ZIP code, but no street
        "PIER 1 IMPORTS",
        "ACME 24 HOUR FITNESS CENTER",
        "ACME 2153 LONG NAME WORDS BEFORE DR",  # the street type five words after the number
        "ACME CORP ST2153",
    ],
)
def test_a_number_without_a_street_type_close_after_it_starts_no_address(text: str) -> None:
    assert street_address_start(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ORG=/6310025942 THORNBURY COFFEE ROASTERS INC. 2153 COMMERCE DR AUSTIN TX 78701",
            ("THORNBURY COFFEE ROASTERS INC.", "6310025942"),
        ),
        ("B/O /123456789 ACME CORP", ("ACME CORP", "123456789")),
        ("IND NAME:/GB33BUKB20201555555555 JANE DOE TRN:123", ("JANE DOE", "GB33BUKB20201555555555")),
        ("ORIG:/9988776655 ACME CORP ID:0099887766 SND BK:FIRST NATIONAL BANK", ("ACME CORP", "9988776655")),
        ("B/O ACME CORP NEW YORK NY 10048", ("ACME CORP NEW YORK NY 10048", None)),
        ("ORG=/6310025942", (None, "6310025942")),
        ("ORG=/12 ACME CORP", ("/12 ACME CORP", None)),  # too short for an account number
        ("DEPOSIT", (None, None)),
    ],
)
def test_the_originators_account_and_name_are_read_apart(text: str, expected: tuple[str | None, str | None]) -> None:
    assert originator_in_text(text) == expected
