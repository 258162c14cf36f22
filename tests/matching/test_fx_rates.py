"""A foreign payment is compared at the payment date's rate, taken from the ledger or the config, and
the decision says which rate it used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.matching.settings import FxRate, MatchingSettings
from arsync.models import Invoice, Match, Money, Payment

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc")
MARCH = dt.date(2026, 3, 1)


def euro_invoice(number: str, amount: str, rate: str | None, issued: dt.date = MARCH) -> Invoice:
    invoice = sample_invoice(number, amount, ACME, currency="EUR", issued=issued, due=issued + dt.timedelta(days=30))
    return invoice.model_copy(update={"exchange_rate": Decimal(rate) if rate else None})


def ledger_payment(day: dt.date, currency: str, rate: str) -> Payment:
    """A payment the ledger already holds, which recorded the rate of its day."""
    return Payment.build(id=f"pay-{day}-{currency}", date=day, amount=Money("10.00", currency), exchange_rate=rate)


def snapshot(invoices: list[Invoice], payments: Sequence[Payment] = (), home: str | None = "USD") -> LedgerSnapshot:
    background = [sample_invoice("INV-0101", "310.00", BOLT), sample_invoice("INV-0102", "77.15", ACME)]
    return LedgerSnapshot(
        source="qbo",
        parties=(ACME, BOLT),
        invoices=(*invoices, *background),
        payments=tuple(payments),
        home_currency=home,
    )


def only(lines: int, ledger: LedgerSnapshot, settings: MatchingSettings | None = None, **line: Any) -> Match:
    result = match_statement([sample_line(**line)], ledger, settings)
    assert len(result.matches) == lines, result.to_json()
    return result.matches[0]


def fx_reason(match: Match) -> str:
    return next(r.detail for r in match.reasons if r.feature == "amount")


def test_the_ledgers_own_rate_converts_a_dollar_payment_for_a_euro_invoice() -> None:
    """No rate in the config: the invoice's recorded rate (1.10 USD per EUR) converts 1,105.50 USD to
    1,005.00 EUR, 5.00 over the open 1,000.00, and the reason names the invoice the rate came from."""
    ledger = snapshot([euro_invoice("INV-0700", "1000.00", "1.10")])
    match = only(1, ledger, amount="1105.50", description="INV-0700", payer="ACME INDUSTRIES", day=dt.date(2026, 3, 9))
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["INV-0700"]
    assert match.fx_difference == Money("5.00", "EUR")
    reason = fx_reason(match)
    assert "qbo invoice INV-0700" in reason
    assert "of 2026-03-01" in reason


def test_without_a_home_currency_the_ledgers_rates_mean_nothing() -> None:
    """A rate without the currency it converts into cannot be used: no FX match is proposed."""
    ledger = snapshot([euro_invoice("INV-0700", "1000.00", "1.10")], home=None)
    result = match_statement([sample_line("1105.50", "INV-0700", payer="ACME INDUSTRIES")], ledger)
    assert not any(m.fx_difference is not None for m in result.matches)
    assert not result.auto()


def test_the_latest_rate_on_or_before_the_payment_date_applies() -> None:
    """The invoice recorded 1.10 on 1 March, a later payment 1.20 on 20 March. A payment on 10 March is
    converted at 1.10, one on 25 March at 1.20: the same dollars leave a different FX difference."""
    ledger = snapshot(
        [euro_invoice("INV-0700", "1000.00", "1.10")],
        [ledger_payment(dt.date(2026, 3, 20), "EUR", "1.20")],
    )
    early = only(1, ledger, amount="1111.00", description="INV-0700", payer="ACME", day=dt.date(2026, 3, 10))
    late = only(1, ledger, amount="1211.00", description="INV-0700", payer="ACME", day=dt.date(2026, 3, 25))
    assert early.fx_difference == Money("10.00", "EUR")  # 1111.00 / 1.10 = 1010.00
    assert late.fx_difference == Money("9.17", "EUR")  # 1211.00 / 1.20 = 1009.17
    assert "qbo payment pay-2026-03-20-EUR" in fx_reason(late)


def test_a_config_rate_of_the_same_date_overrides_the_ledger_and_an_older_one_does_not() -> None:
    ledger = snapshot([euro_invoice("INV-0700", "1000.00", "1.10")])
    same_day = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=Decimal("1.11"), date="2026-03-01"),))
    older = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=Decimal("1.11"), date="2026-02-01"),))
    line = {"amount": "1110.00", "description": "INV-0700", "payer": "ACME", "day": dt.date(2026, 3, 5)}
    overridden = only(1, ledger, same_day, **line)
    assert overridden.fx_difference == Money("0.00", "EUR")
    assert "config matching.fx_rates[0]" in fx_reason(overridden)
    kept = only(1, ledger, older, **line)
    assert kept.fx_difference == Money("9.09", "EUR")  # 1110.00 / 1.10 = 1009.09
    assert "qbo invoice INV-0700" in fx_reason(kept)


def test_a_pound_payment_for_a_euro_invoice_converts_through_the_home_currency() -> None:
    """The ledger knows EUR->USD (1.10) and GBP->USD (1.25), not GBP->EUR: 880.00 GBP is 1,100.00 USD,
    which is 1,000.00 EUR."""
    ledger = snapshot(
        [euro_invoice("INV-0700", "1000.00", "1.10")],
        [ledger_payment(dt.date(2026, 3, 2), "GBP", "1.25")],
    )
    when = dt.date(2026, 3, 5)
    match = only(1, ledger, amount="880.00", currency="GBP", description="INV-0700", payer="ACME", day=when)
    assert match.fx_difference == Money("0.00", "EUR")
    assert "through USD" in fx_reason(match)


def test_a_payment_dated_before_every_rate_gets_no_conversion() -> None:
    """The only rate is from 1 March; a payment of 20 February has no rate of its day or before, so it is
    not converted (and not auto-applied) rather than converted at a rate from its future."""
    ledger = snapshot([euro_invoice("INV-0700", "1000.00", "1.10")])
    result = match_statement(
        [sample_line("1105.50", "INV-0700", payer="ACME INDUSTRIES", day=dt.date(2026, 2, 20))], ledger
    )
    assert not any(m.fx_difference is not None for m in result.matches)
    assert not result.auto()


def test_one_dollar_payment_for_two_named_euro_invoices_is_split_at_the_configured_rate() -> None:
    """ "RE-1 RE-3" pays EUR 1,000.00 + 2,500.00 converted at 1.085: USD 3,797.50, split in proportion to
    what is open on each. Before, only RE-1 was proposed, with USD 2,712.50 left unapplied."""
    settings = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=Decimal("1.0850"), date="2026-03-01"),))
    invoices = [
        sample_invoice("RE-1", "1000.00", ACME, currency="EUR", due=MARCH),
        sample_invoice("RE-3", "2500.00", ACME, currency="EUR", due=MARCH),
    ]
    line = sample_line("3797.50", "RE-1 RE-3", payer="ACME INDUSTRIES", day=MARCH)
    (match,) = match_statement([line], (invoices, [ACME, BOLT]), settings).matches
    assert match.decision == "auto"
    assert [(a.invoice_number, a.applied, a.invoice_currency_amount) for a in match.allocations] == [
        ("RE-1", Money("1085.00", "USD"), Money("1000.00", "EUR")),
        ("RE-3", Money("2712.50", "USD"), Money("2500.00", "EUR")),
    ]
    assert (match.unapplied, match.fx_difference) == (None, Money("0.00", "EUR"))
    assert any("of the EUR 3,500.00 open on 2 invoices (RE-1, RE-3)" in r.detail for r in match.reasons)
    # Beyond the FX tolerance the two are not a fit: RE-1 alone, the rest unapplied, for a person to see.
    off = match_statement(
        [line.model_copy(update={"amount": Money("3600.00", "USD")})], (invoices, [ACME, BOLT]), settings
    )
    assert all(len(m.allocations) == 1 for m in off.matches)


def test_a_foreign_payment_far_off_the_known_rate_waits_for_a_person() -> None:
    """A EUR invoice of 1,149.50 paid with GBP 1,007.99, naming it, where the configured rate makes that
    EUR 1,195.47: the payer's bank used another rate, and the invoice is likely settled. Before, it was
    applied unattended as an overpayment with GBP 38.77 left unapplied (and a payment 5% short as a part
    payment, leaving a settled invoice open). Saying it pays part still applies the part."""
    settings = MatchingSettings(fx_rates=(FxRate(base="GBP", quote="EUR", rate=Decimal("1.1860"), date="2026-02-27"),))
    ledger = snapshot([euro_invoice("INV-4266", "1149.50", None)])
    for amount in ("1007.99", "920.00"):
        line = sample_line(amount, "INV-4266", payer="ACME INDUSTRIES", currency="GBP", day=MARCH)
        (match,) = match_statement([line], ledger, settings).matches
        assert match.decision == "suggest", amount
        assert [a.invoice_number for a in match.allocations] == ["INV-4266"]
        assert any("the payer's bank may have used another rate" in r.detail for r in match.reasons)
    part = sample_line("480.00", "INV-4266 part payment", payer="ACME INDUSTRIES", currency="GBP", day=MARCH)
    (match,) = match_statement([part], ledger, settings).matches
    assert match.decision == "auto"
