"""Every public sample in ../shared/data/bank-samples parses, with counts and sums worked out by hand.

How each expectation was worked out (reading the sample file, not running the parser):
- DCU checking CSV: 10 rows. Credits 6,000.36 + 256.00 + 25.00 + 141.67 + 10,000.00 = 16,423.03; debits
  7,971.39 + 50.50 + 2,500.99 + 400.15 + 5,000.00 = 15,923.03; net 500.00.
- beangulp (Chase checking shape): -2,680.89 + 2,590.73 - 150.00 - 60.00 + 110.00 - 1,300.00 = -1,490.16.
- csv2ofx Capital One: a 1,000.00 debit and a 1,000.00 credit: 0.00.  N26: +328.00 and -328.00: 0.00.
- csv2ofx Stripe payments: net = amount - fee: 23.97 + 26.40 + 23.97 + 23.97 + 9.41 = 107.72.
- hledger PayPal: 8 rows, 3 "Bank Deposit to PP Account" rows are Pending (left out, reported);
  nets -6.99 - 7.00 - 2.00 + 9.41 (10.00 gross - 0.59 fee) = -6.58.
- hledger Stripe itemized: nets 12.00 - 0.77 = 11.23.
- Wise: -357.38 - 11.35 + 125.00 + 20.17 - 0.17 = -223.73 (two fee rows share their transfer's id).
- ofxparse checking.ofx: 0.01 - 34.51 - 25.00 = -59.50.  360Checking.qfx: 0.01 + 888.99 - 100 + 444.55 = 1,233.55.
- camt.053 txdtls: one batched CHF 3,483.00 credit = two items 2,187.00 + 1,296.00.  camt.054: one EUR 5.00 credit.
- Rabobank MT940: two statements, each -25.00 and -10.00: -70.00.
- SEPA snippet MT940: statement 1 is 50,990.05 + 154,551.93 + 154,551.93 - 1,500.00 = 358,593.91, which is exactly
  its closing 1,125,250.40 minus opening 766,656.49; statement 2 adds -0.08 + 335.33 + 15,000.00 + 15,000.05 +
  125,004.88 + 915,311.55 - 3,572,569.03 = -2,501,917.30; together -2,143,323.39.
- Citi BAI2: one 16 record, type 191 (credit), amount 1 in minor units = GBP 0.01, originator "BO1:DOE JO".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from arsync.bankfiles.api import parse_statements
from arsync.plugins import Registry

EXPECTED: dict[str, tuple[str, int, str, str]] = {
    # file: (format, lines, currency, sum)
    "csv__beancount_reds_importers__Main_Checking_Account_Transactions.csv": ("dcu-checking", 10, "USD", "500.00"),
    "csv__beangulp__statement.csv": ("chase-checking", 6, "USD", "-1490.16"),
    "csv__csv2ofx__capitalone.csv": ("capitalone-card", 2, "USD", "0.00"),
    "csv__csv2ofx__n26-fr.csv": ("n26", 2, "EUR", "0.00"),
    "csv__csv2ofx__stripe-default.csv": ("stripe-payments", 5, "CAD", "107.72"),
    "csv__hledger__paypal-custom.csv": ("paypal-activity", 4, "USD", "-6.58"),
    "csv__hledger__stripe.csv": ("stripe-balance-itemized", 2, "USD", "11.23"),
    "csv__ofxstatement-transferwise__sample-statement.csv": ("wise", 5, "USD", "-223.73"),
    "ofx__ofxparse__checking.ofx": ("ofx", 3, "USD", "-59.50"),
    "qfx__beancount_reds_importers__360Checking.qfx": ("ofx", 4, "USD", "1233.55"),
    "camt053__bank-statement-import__test-camt053-txdtls.xml": ("camt.053", 1, "CHF", "3483.00"),
    "camt054__bank-statement-import__test-camt054.xml": ("camt.054", 1, "EUR", "5.00"),
    "mt940__mt940__rabobank-iban.sta": ("mt940", 4, "EUR", "-70.00"),
    "mt940__mt940__sepa_snippet.sta": ("mt940", 11, "EUR", "-2143323.39"),
    "bai2__bai2__citi_example.bai2": ("bai2", 1, "GBP", "0.01"),
}


@pytest.fixture(scope="module")
def samples(shared_data: Path) -> Path:
    folder = shared_data / "bank-samples"
    if not folder.is_dir():
        pytest.skip("bank-samples is absent")
    return folder


def test_every_sample_file_is_covered(samples: Path) -> None:
    on_disk = {p.name for p in samples.iterdir() if p.name != "PROVENANCE.md"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_parses_to_the_hand_worked_totals(name: str, samples: Path, registry: Registry) -> None:
    fmt, count, currency, expected = EXPECTED[name]
    batch = parse_statements([samples / name], registry=registry)
    assert batch.files[0].format == fmt
    assert len(batch.lines) == count
    assert {line.amount.currency for line in batch.lines} == {currency}
    assert sum((line.amount.amount for line in batch.lines), Decimal(0)) == Decimal(expected)


def test_paypal_sample_reports_its_pending_companion_rows(samples: Path, registry: Registry) -> None:
    batch = parse_statements([samples / "csv__hledger__paypal-custom.csv"], registry=registry)
    assert [(s.line, s.kind) for s in batch.skipped] == [(3, "pending"), (5, "pending"), (7, "pending")]


def test_camt053_sample_keeps_both_payers_and_references(samples: Path, registry: Registry) -> None:
    (line,) = parse_statements(
        [samples / "camt053__bank-statement-import__test-camt053-txdtls.xml"], registry=registry
    ).lines
    assert [i.amount.amount for i in line.items if i.amount] == [Decimal("2187.00"), Decimal("1296.00")]
    assert [i.counterparty_account for i in line.items] == ["CH2222000000123456789", "CH3333000000123456789"]
    assert [i.references[0].value for i in line.items] == ["302388292000011111111111111", "302388292000022222222222222"]


def test_camt054_sample_keeps_payer_iban_end_to_end_and_qrr(samples: Path, registry: Registry) -> None:
    (line,) = parse_statements([samples / "camt054__bank-statement-import__test-camt054.xml"], registry=registry).lines
    assert (line.counterparty_name, line.counterparty_account) == ("Test Customer", "NL46ABNA0499998748")
    kinds = {(r.kind, r.value) for r in line.references}
    assert ("end_to_end", "ENDTOENDID-01") in kinds and ("qrr", "000000000000000000000000003") in kinds


def test_all_samples_together_have_no_duplicates(samples: Path, registry: Registry) -> None:
    batch = parse_statements(sorted(samples / n for n in EXPECTED), registry=registry)
    assert len(batch.lines) == sum(v[1] for v in EXPECTED.values())
    assert batch.duplicates == []
