"""Wrong automatic applications seen on large statements, each rebuilt from a few model objects.

A wrong ``auto`` posts a customer's money against the wrong invoice, so in each of these shapes the
engine must either find the right invoice or leave the line for a person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arsync.matching import engine
from arsync.matching.engine import match_statement
from arsync.matching.result import MatchResult
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Match, StatementLine

ACME = sample_party("c1", "Acme Industries Ltd")
CEDAR = sample_party("c2", "Cedar Dental LLC")


def run(lines: list[StatementLine], invoices: list[Invoice]) -> MatchResult:
    return match_statement(lines, (invoices, [ACME, CEDAR]))


def decision_of(result: MatchResult, line: int) -> Match:
    return next(m for m in [*result.matches, *result.unmatched_bank] if m.bank.line == line)


def numbers(match: Match) -> frozenset[str]:
    return frozenset(a.invoice_number for a in match.allocations)


def test_overpayment_of_a_named_invoice_is_not_padded_with_an_unnamed_one() -> None:
    """856.18 names INV-24954 (750.00); INV-19349 (123.52) would bring the pair within the write-off
    tolerance (17.34 short). That near fit is a coincidence of the combination search, not a payment
    the customer described: the unnamed invoice is never applied automatically."""
    invoices = [
        sample_invoice("INV-24954", "750.00", ACME),
        sample_invoice("INV-19349", "123.52", ACME),
        sample_invoice("INV-20771", "2210.00", ACME),
        sample_invoice("INV-31002", "77.15", CEDAR),
    ]
    result = run([sample_line("856.18", "INV-24954 + ADVANCE", payer="ACME INDUSTRIES")], invoices)
    match = decision_of(result, 2)
    assert not (match.decision == "auto" and "INV-19349" in numbers(match)), match.model_dump_json(indent=1)


def test_exact_combination_with_one_unnamed_invoice_is_still_applied() -> None:
    """The stronger penalty is for near fits only: an exact sum is rare enough to believe."""
    invoices = [
        sample_invoice("INV-24954", "750.00", ACME),
        sample_invoice("INV-19349", "123.52", ACME),
        sample_invoice("INV-31002", "77.15", CEDAR),
    ]
    match = decision_of(run([sample_line("873.52", "INV-24954", payer="ACME INDUSTRIES")], invoices), 2)
    assert match.decision == "auto"
    assert numbers(match) == {"INV-24954", "INV-19349"}


def test_last_kept_candidate_of_a_cut_list_is_not_taken_as_unrivalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A customer with more invoices of one amount than the engine looks at per payment: once other
    lines take the invoices it looked at, the one left must not look like the only answer, because the
    invoices it never looked at fit just as well."""
    monkeypatch.setattr(engine, "_MAX_NEAR", 2)  # the cap, made small (at scale it is 8 per amount)
    invoices = [sample_invoice(f"INV-{k:04d}", "500.00", ACME) for k in range(1, 8)]
    lines = [sample_line("500.00", f"INV-{k:04d}", payer="ACME INDUSTRIES", line=k + 1) for k in range(1, 5)]
    lines.append(sample_line("500.00", "ACH CREDIT", payer="ACME INDUSTRIES", line=20))
    result = run(lines, invoices)
    for k in range(1, 5):
        assert numbers(decision_of(result, k + 1)) == {f"INV-{k:04d}"}
    assert decision_of(result, 20).decision != "auto"


def test_full_candidate_list_still_frees_the_last_invoice() -> None:
    """Without a cut, the same story is decided: the lines naming their invoices take them, and the
    unreferenced line gets the one invoice of that amount left."""
    invoices = [sample_invoice(f"INV-{k:04d}", "500.00", ACME) for k in range(1, 6)]
    lines = [sample_line("500.00", f"INV-{k:04d}", payer="ACME INDUSTRIES", line=k + 1) for k in range(1, 5)]
    lines.append(sample_line("500.00", "ACH CREDIT", payer="ACME INDUSTRIES", line=20))
    match = decision_of(run(lines, invoices), 20)
    assert (match.decision, numbers(match)) == ("auto", {"INV-0005"})


@pytest.mark.parametrize("few_same_amount", [64, 0], ids=["same-amount-list", "number-variants"])
def test_reference_to_another_invoice_by_a_typo_is_not_applied_as_an_overpayment(
    monkeypatch: pytest.MonkeyPatch, few_same_amount: int
) -> None:
    """750.00 names INV-94415 (585.91 open) but INV-94451, one swap away, is open for exactly 750.00:
    reading it as an overpayment of INV-94415 is not safe to do unattended. The customer is large, so
    INV-94451 is not among the invoices looked at for the amount: the number itself must lead to it,
    whether the neighbour is found among the invoices of that amount or by the number's variants."""
    monkeypatch.setattr(engine, "_MAX_NEAR", 2)
    monkeypatch.setattr(engine, "_FEW_SAME_AMOUNT", few_same_amount)
    day = dt.date(2026, 3, 1)
    invoices = [
        sample_invoice("INV-94415", "585.91", ACME, due=day),
        sample_invoice("INV-94451", "750.00", ACME, due=day),
        sample_invoice("INV-90000", "77.15", CEDAR, due=day),
        *(sample_invoice(f"INV-{70000 + k}", "750.00", ACME, due=day - dt.timedelta(days=20 + k)) for k in range(6)),
        *(sample_invoice(f"INV-{80000 + k}", f"{1000 + 37 * k}.00", ACME, due=day) for k in range(60)),
    ]
    result = run([sample_line("750.00", "PAYMENT INV-94415", payer="ACME INDUSTRIES", day=day)], invoices)
    match = decision_of(result, 2)
    assert not (match.decision == "auto" and numbers(match) == {"INV-94415"}), match.model_dump_json(indent=1)
    candidates = [numbers(match), *(numbers(alt) for alt in match.alternatives)]
    assert {"INV-94451"} in candidates


def test_short_payment_naming_an_invoice_whose_typo_neighbour_fits_exactly_is_only_suggested() -> None:
    """869.90 names INV-52335 (875.85: a 5.95 short payment) while INV-52334 is open for exactly 869.90."""
    invoices = [
        sample_invoice("INV-52334", "869.90", ACME),
        sample_invoice("INV-52335", "875.85", ACME),
        sample_invoice("INV-50000", "77.15", CEDAR),
    ]
    match = decision_of(run([sample_line("869.90", "PAYMENT INV-52335", payer="ACME INDUSTRIES")], invoices), 2)
    assert match.decision == "suggest"
    assert {numbers(match), *(numbers(alt) for alt in match.alternatives)} >= {
        frozenset({"INV-52334"}),
        frozenset({"INV-52335"}),
    }


def test_overpayment_of_a_named_invoice_without_a_rival_is_still_applied() -> None:
    invoices = [sample_invoice("INV-94415", "585.91", ACME), sample_invoice("INV-90000", "77.15", CEDAR)]
    match = decision_of(run([sample_line("750.00", "PAYMENT INV-94415", payer="ACME INDUSTRIES")], invoices), 2)
    assert match.decision == "auto"
    assert numbers(match) == {"INV-94415"}
    assert match.unapplied is not None and match.unapplied.amount == Decimal("164.09")


def test_a_bank_credit_that_only_resembles_a_payment_does_not_push_a_payment_off_its_invoice() -> None:
    """1,782.57 from Acme fits INV-21263 exactly and INV-27026 as a 2.09 short payment: a person decides.
    An interest credit of the same amount (unknown payer, weak) must not make the optimal assignment
    'force' Acme's payment onto the short-paid invoice."""
    invoices = [
        sample_invoice("INV-21263", "1782.57", ACME),
        sample_invoice("INV-27026", "1784.66", ACME),
        sample_invoice("INV-30001", "77.15", CEDAR),
    ]
    lines = [
        sample_line("1782.57", "FPS CREDIT", payer="ACME INDUSTRIES", line=2),
        sample_line("1782.57", "INTEREST PAYMENT", payer="FIRST NATIONAL BANK", line=3),
    ]
    match = decision_of(run(lines, invoices), 2)
    assert not (match.decision == "auto" and numbers(match) == {"INV-27026"}), match.model_dump_json(indent=1)


def test_reference_to_another_customers_invoice_is_not_applied_when_the_payer_is_not_that_customer() -> None:
    """The payer is one of two Sierra Mesa companies (abstained on the name); INV-145222 is Crown Park's,
    and INV-142522, one swap away, is Sierra Mesa's for the same 500.00."""
    sierra_corp = sample_party("c4", "Sierra Mesa Lighting Corp")
    sierra_ltd = sample_party("c5", "Sierra Mesa Lighting Ltd")
    crown = sample_party("c6", "Crown Park Printing Group")
    invoices = [
        sample_invoice("INV-142522", "500.00", sierra_corp),
        sample_invoice("INV-145222", "500.00", crown),
        sample_invoice("INV-150000", "77.15", sierra_ltd),
    ]
    line = sample_line("500.00", "PAYMENT INV-145222", payer="SIERRA MESA LIGHTING CORP")
    result = match_statement([line], (invoices, [sierra_corp, sierra_ltd, crown]))
    match = decision_of(result, 2)
    assert not (match.decision == "auto" and numbers(match) == {"INV-145222"}), match.model_dump_json(indent=1)
