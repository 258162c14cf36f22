"""Fuzzing: whatever the bytes, the reader returns a snapshot or raises InputError, never anything else."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arsync.errors import InputError
from arsync.ledgerfiles.reader import load_ledger_file
from arsync.ledgerfiles.snapshot import LedgerSnapshot

# 5,000 byte strings + 5,000 structured files = 10,000 inputs.
BYTES_EXAMPLES = 5_000
STRUCTURED_EXAMPLES = 5_000

HEADERS = [
    "number",
    "Invoice #",
    "customer",
    "ContactName",
    "issue_date",
    "Date",
    "due_date",
    "Due date",
    "currency",
    "total",
    "Amount",
    "amount_due",
    "Open balance",
    "InvoiceAmountDue",
    "InvoiceNumber",
    "email",
    "status",
    "customer_id",
    "Transaction type",
    "LineAmount",
    "Quantity",
    "id",
    "",
    "Notes",
]
VALUES = [
    "",
    "INV-1",
    "INV-2",
    "Acme",
    "Total",
    "TOTAL",
    "Total for Acme",
    "2026-01-05",
    "2026-02-30",
    "03/04/2026",
    "25/12/2026",
    "12/25/26",
    "15 Jul 2026",
    "Jul 15, 2026",
    "USD",
    "usd",
    "EURO",
    "JPY",
    "10.00",
    "10,00",
    "1.234,56",
    "1,234.56",
    "(50.00)",
    "50.00-",
    "$1,250.00",
    "'=1+1",
    '="007"',
    "€ 12",
    "12 EUR",
    "1e400",
    "99999999999999999999999",
    "--5",
    "Paid",
    "Awaiting Payment",
    "void",
    "a@b.example",
    "not an email",
    "Payment",
    "Credit Memo",
    "Invoice",
    "\u00a0",
    "Ü",
    '"',
    "NaN",
    "Infinity",
    "x\ny",
    "a,b;c\td",
    "\x00",
    "\ud7ff\u202e",
]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "ledger.csv"


def read_or_input_error(path: Path, data: bytes, **options: str) -> None:
    path.write_bytes(data)
    error: InputError | None = None
    try:
        result = load_ledger_file(path, **options)
    except InputError as raised:
        error = raised
    if error is not None:
        assert error.file == str(path)  # the message names the file
    else:
        assert isinstance(result, LedgerSnapshot)


@settings(max_examples=BYTES_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"number,customer,issue_date,"]),
    data=st.binary(max_size=400),
)
def test_random_bytes_give_a_snapshot_or_an_input_error(scratch: Path, prefix: bytes, data: bytes) -> None:
    read_or_input_error(scratch, prefix + data)


def corrupted_csv(seed: int) -> tuple[bytes, dict[str, str]]:
    """A ledger-shaped CSV, corrupted: random headers, cells, delimiters, quoting, preambles and encodings.

    Built from one drawn seed rather than from many hypothesis draws: drawing each cell made every
    example ten times slower, and a failing seed reproduces the file exactly.
    """
    rng = random.Random(seed)
    delimiter = rng.choice([",", ";", "\t"])
    header = rng.choices(HEADERS, k=rng.randint(1, 10))
    if rng.random() < 0.5:  # often start from a complete header, so rows get past the column check
        header = ["number", "customer", "issue_date", "due_date", "currency", "total", "amount_due"]
        rng.shuffle(header)
    lines = rng.choices(["Open Invoices", "Acme Inc", "As of 2026-01-05", ""], k=rng.randint(0, 3))
    lines.append(delimiter.join(header))
    for _ in range(rng.randint(0, 6)):
        cells = rng.choices(VALUES, k=rng.randint(0, len(header) + 2))
        quoted = ['"' + c.replace('"', '""') + '"' if delimiter in c or "\n" in c else c for c in cells]
        lines.append(delimiter.join(quoted))
    text = rng.choice(["\n", "\r\n"]).join(lines)
    if rng.random() < 0.2:  # cut the file anywhere, as a truncated download would
        text = text[: rng.randint(0, len(text))]
    encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
    options = rng.choice([{}, {"currency": "USD"}, {"date_format": "dmy"}, {"date_format": "%m/%d/%Y"}])
    return text.encode(encoding, errors="replace"), options


@settings(max_examples=STRUCTURED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**64))
def test_corrupted_ledger_csv_gives_a_snapshot_or_an_input_error(scratch: Path, seed: int) -> None:
    data, options = corrupted_csv(seed)
    read_or_input_error(scratch, data, **options)
