"""Cash application decides each kind of payment the way an AR specialist would, and says why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from arsync.matching.engine import match_statement
from arsync.matching.references import InvoiceNumberIndex, find_rf_references, make_rf
from arsync.matching.result import MatchResult
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.matching.settings import FxRate, MatchingSettings
from arsync.models import (
    DocumentStatus,
    Invoice,
    Match,
    Money,
    Party,
    Reference,
    RemittanceItem,
    SourceRef,
    StatementLine,
)

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc", accounts=["GB29 NWBK 6016 1331 9268 19"])
CEDAR = sample_party("c3", "Cedar Dental LLC")
PARTIES = [ACME, BOLT, CEDAR]


def run(
    lines: list[StatementLine],
    invoices: list[Invoice],
    parties: list[Party] | None = None,
    settings: MatchingSettings | None = None,
) -> MatchResult:
    return match_statement(lines, (invoices, parties or PARTIES), settings)


def only(result: MatchResult) -> Match:
    assert len(result.matches) == 1, result.to_json()
    return result.matches[0]


def applied(match: Match) -> dict[str, Decimal]:
    return {a.invoice_number: a.applied.amount for a in match.allocations}


def features(match: Match) -> set[str]:
    return {r.feature for r in match.reasons}


def background() -> list[Invoice]:
    """Other open invoices, so a match has something to be told apart from."""
    return [
        sample_invoice("INV-0101", "310.00", ACME),
        sample_invoice("INV-0102", "1200.00", BOLT),
        sample_invoice("INV-0103", "77.15", CEDAR),
        sample_invoice("INV-0104", "980.40", ACME),
    ]


def test_exact_reference_applies_automatically() -> None:
    invoices = [sample_invoice("INV-0012", "1250.00", ACME), *background()]
    result = run([sample_line("1250.00", "PAYMENT INV-0012", payer="ACME INDUSTRIES")], invoices)
    match = only(result)
    assert match.decision == "auto"
    assert applied(match) == {"INV-0012": Decimal("1250.00")}
    assert {"reference", "amount", "party"} <= features(match)


def test_mangled_references_are_found() -> None:
    for text in ("inv 12", "#12 thanks", "INV0012", "invoice no. 0012"):
        invoices = [sample_invoice("INV-0012", "1250.00", ACME), *background()]
        match = only(run([sample_line("1250.00", text, payer="Acme Industries")], invoices))
        assert match.decision == "auto", text
        assert applied(match) == {"INV-0012": Decimal("1250.00")}, text


def test_typo_in_reference_still_finds_the_invoice_with_matching_amount() -> None:
    invoices = [sample_invoice("INV-10234", "640.00", ACME), *background()]
    match = only(run([sample_line("640.00", "INV-10243", payer="ACME INDUSTRIES")], invoices))
    assert applied(match) == {"INV-10234": Decimal("640.00")}
    assert any("typo" in r.detail for r in match.reasons)


def test_name_only_payment_applies_to_the_customers_invoice_of_that_amount() -> None:
    invoices = [sample_invoice("INV-0012", "1250.00", ACME), *background()]
    match = only(run([sample_line("1250.00", "ACH CREDIT", payer="ACME INDUSTRIES LT")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0012": Decimal("1250.00")}


def test_bank_account_identifies_the_payer_whatever_the_name() -> None:
    invoices = [sample_invoice("INV-0012", "415.00", BOLT), *background()]
    line = sample_line("415.00", "", payer="BL HOLDINGS", account="GB29NWBK60161331926819")
    match = only(run([line], invoices))
    assert match.decision == "auto"
    assert match.customer_id == "c2"


def test_one_payment_to_several_invoices_by_exact_sum() -> None:
    invoices = [
        sample_invoice("INV-0001", "100.00", CEDAR),
        sample_invoice("INV-0002", "250.50", CEDAR),
        sample_invoice("INV-0003", "75.25", CEDAR),
        *background(),
    ]
    match = only(run([sample_line("325.75", "", payer="Cedar Dental")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0002": Decimal("250.50"), "INV-0003": Decimal("75.25")}


def test_odoo_greedy_case_applies_to_50_and_40() -> None:
    """Odoo's greedy fill takes 60 then 50 and stops short; the exact subset is 50 + 40."""
    invoices = [
        sample_invoice("INV-0060", "60.00", CEDAR, due=dt.date(2026, 1, 1)),
        sample_invoice("INV-0050", "50.00", CEDAR, due=dt.date(2026, 1, 15)),
        sample_invoice("INV-0040", "40.00", CEDAR, due=dt.date(2026, 2, 1)),
    ]
    match = only(run([sample_line("90.00", "", payer="CEDAR DENTAL")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0050": Decimal("50.00"), "INV-0040": Decimal("40.00")}


def test_two_exact_combinations_are_not_applied_automatically() -> None:
    invoices = [
        sample_invoice("INV-0001", "30.00", CEDAR),
        sample_invoice("INV-0002", "70.00", CEDAR),
        sample_invoice("INV-0003", "40.00", CEDAR),
        sample_invoice("INV-0004", "60.00", CEDAR),
    ]
    match = only(run([sample_line("100.00", "", payer="Cedar Dental")], invoices))
    assert match.decision == "suggest"
    assert match.alternatives


def test_tie_break_policy_opts_in_to_fewest_then_oldest() -> None:
    invoices = [
        sample_invoice("INV-0001", "30.00", CEDAR, due=dt.date(2026, 1, 1)),
        sample_invoice("INV-0002", "70.00", CEDAR, due=dt.date(2026, 1, 2)),
        sample_invoice("INV-0003", "40.00", CEDAR, due=dt.date(2026, 2, 1)),
        sample_invoice("INV-0004", "60.00", CEDAR, due=dt.date(2026, 2, 2)),
    ]
    settings = MatchingSettings(tie_break="stripe")
    match = only(run([sample_line("100.00", "", payer="Cedar Dental")], invoices, settings=settings))
    assert match.decision == "auto"
    assert set(applied(match)) == {"INV-0001", "INV-0002"}
    assert "policy" in features(match)


def test_several_payments_to_one_invoice() -> None:
    invoices = [sample_invoice("INV-0500", "1000.00", ACME), *background()]
    lines = [
        sample_line("400.00", "INSTALMENT 1 INV-0500", payer="ACME INDUSTRIES", line=2),
        sample_line("600.00", "INSTALMENT 2 INV-0500", payer="ACME INDUSTRIES", line=3),
    ]
    result = run(lines, invoices)
    assert [m.decision for m in result.matches] == ["auto", "auto"]
    assert sum(m.allocations[0].applied.amount for m in result.matches) == Decimal("1000.00")
    assert "INV-0500" not in {inv.number for inv in result.unmatched_invoices}


def test_partial_payment_with_reference_leaves_the_rest_open() -> None:
    invoices = [sample_invoice("INV-0500", "1000.00", ACME), *background()]
    match = only(run([sample_line("300.00", "PART PAYMENT INV-0500", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0500": Decimal("300.00")}
    assert match.write_off is None


def test_short_payment_within_tolerance_proposes_a_write_off() -> None:
    invoices = [sample_invoice("INV-0500", "1000.00", ACME), *background()]
    match = only(run([sample_line("985.00", "INV-0500", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0500": Decimal("985.00")}
    assert match.write_off is not None and match.write_off.amount == Decimal("15.00")


def test_an_exact_invoice_is_not_held_back_by_pairs_that_come_near_by_chance() -> None:
    """A customer with many open invoices pays 1,037.97, exactly one invoice. Two pairs of its other
    invoices add up to a little more (1,053.89 and 1,045.57, within the write-off tolerance): among many
    invoices some pair lands near any amount. A clerk applies the exact invoice. Each near pair now says
    one bit less (two were found), so it is no longer a rival within the margin; one such pair alone still
    is a rival, and the line a suggestion."""
    pairs = [("600.00", "453.89"), ("700.00", "345.57")]
    invoices = [
        sample_invoice("INV-0700", "1037.97", ACME),
        *(
            sample_invoice(f"INV-07{k}{j}", amount, ACME)
            for k, pair in enumerate(pairs, 1)
            for j, amount in enumerate(pair)
        ),
        *background(),
    ]
    match = only(run([sample_line("1037.97", "PAYMENT", payer="ACME INDUSTRIES LTD")], invoices))
    assert (match.decision, applied(match)) == ("auto", {"INV-0700": Decimal("1037.97")})
    one_pair = [i for i in invoices if i.number not in ("INV-0720", "INV-0721")]
    match = only(run([sample_line("1037.97", "PAYMENT", payer="ACME INDUSTRIES LTD")], one_pair))
    assert match.decision == "suggest"
    near = next(a for a in match.alternatives if len(a.allocations) == 2)
    assert not any("such combinations" in r.detail for r in near.reasons)


def test_short_payment_beyond_tolerance_is_a_partial_not_a_write_off() -> None:
    settings = MatchingSettings(write_off_tolerance_abs=Decimal("5.00"))
    invoices = [sample_invoice("INV-0500", "1000.00", ACME), *background()]
    match = only(run([sample_line("985.00", "INV-0500", payer="ACME INDUSTRIES")], invoices, settings=settings))
    assert match.write_off is None


def test_overpayment_is_left_unapplied_and_reported() -> None:
    invoices = [sample_invoice("INV-0500", "1000.00", ACME), *background()]
    match = only(run([sample_line("1100.00", "INV-0500", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0500": Decimal("1000.00")}
    assert match.unapplied is not None and match.unapplied.amount == Decimal("100.00")


def test_foreign_currency_payment_reports_the_fx_difference() -> None:
    settings = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=Decimal("1.10")),))
    invoices = [sample_invoice("INV-0700", "1000.00", ACME, currency="EUR"), *background()]
    match = only(run([sample_line("1105.50", "INV-0700", payer="ACME INDUSTRIES")], invoices, settings=settings))
    assert match.decision == "auto"
    allocation = match.allocations[0]
    assert allocation.applied.amount == Decimal("1105.50")
    assert allocation.invoice_currency_amount is not None
    assert allocation.invoice_currency_amount.amount == Decimal("1000.00")
    assert match.fx_difference is not None
    assert match.fx_difference.currency == "EUR"
    assert match.fx_difference.amount == Decimal("5.00")


def test_foreign_invoice_is_found_among_hundreds_of_the_customers_foreign_invoices() -> None:
    """Acme has 250 open euro invoices; a dollar payment converting to the largest of them finds that
    one (candidates in another currency are looked up around the converted amount, not taken as the
    first few hundred)."""
    settings = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=Decimal("1.10")),))
    small = [sample_invoice(f"INV-{k:04d}", f"{100 + k}.00", ACME, currency="EUR") for k in range(250)]
    invoices = [*small, sample_invoice("INV-9000", "5000.00", ACME, currency="EUR"), *background()]
    result = run([sample_line("5500.00", "ACH CREDIT", payer="ACME INDUSTRIES")], invoices, settings=settings)
    match = only(result)
    assert match.decision in ("auto", "suggest")
    assert [a.invoice_number for a in match.allocations] == ["INV-9000"]
    assert match.fx_difference is not None
    assert match.fx_difference.amount == Decimal("0.00")


def test_non_customer_credits_stay_unmatched() -> None:
    invoices = background()
    lines = [
        sample_line("12.34", "INTEREST PAYMENT", payer="FIRST NATIONAL BANK", line=2),
        sample_line("310.00", "TRANSFER FROM SAVINGS 20260301", payer="OWN ACCOUNT", line=3),
        sample_line("55.00", "REFUND ORDER 4417", payer="AMAZON MARKETPLACE", line=4),
    ]
    result = run(lines, invoices)
    assert not result.auto()
    assert len(result.unmatched_bank) + len(result.suggestions()) == 3


def test_invoices_left_out_of_a_long_candidate_list_still_rival_with_their_own_dates() -> None:
    """Acme pays 1,000.00 with no reference. One invoice is exactly 1,000.00 and due; 50 more are a few
    cents above (a short payment of any of them is plausible). The engine scores the few nearest in
    amount and three beyond (at most 23): those are dated after the payment (unlikely), but the 25
    after them are due, as likely as the exact one but for the amount. The exact one must not auto-apply as if it
    had no serious rival."""
    march = dt.date(2026, 3, 1)
    exact = sample_invoice("INV-1000", "1000.00", ACME, due=dt.date(2026, 2, 15))
    later = [
        sample_invoice(f"INV-2{k:03d}", f"1000.{k:02d}", ACME, issued=dt.date(2026, 3, 20), due=dt.date(2026, 4, 19))
        for k in range(1, 26)
    ]
    due = [sample_invoice(f"INV-3{k:03d}", f"1000.{k:02d}", ACME, due=dt.date(2026, 2, 20)) for k in range(26, 51)]
    line = sample_line("1000.00", "ACH CREDIT", payer="ACME INDUSTRIES LTD", day=march)

    match = only(run([line], [exact, *later, *due, *background()]))
    assert match.decision == "suggest"
    assert applied(match) == {"INV-1000": Decimal("1000.00")}
    assert "rivals" in features(match)  # the reviewer is told why, though those rivals are not listed

    # Without the rivals that are due, the same payment is applied on its own.
    alone = only(run([line], [exact, *later, *background()]))
    assert alone.decision == "auto"


def test_payment_fitting_none_of_the_payers_invoices_lists_the_nearest_in_amount() -> None:
    """500.00 from Acme with no reference fits none of its invoices: nothing is applied, and the reviewer
    is shown Acme's three invoices nearest in amount (480, 530, 700), not the far ones."""
    invoices = [
        sample_invoice("INV-0201", "480.00", ACME),
        sample_invoice("INV-0202", "530.00", ACME),
        sample_invoice("INV-0203", "700.00", ACME),
        sample_invoice("INV-0204", "100.00", ACME),
        sample_invoice("INV-0205", "2500.00", ACME),
        sample_invoice("INV-0206", "77.15", CEDAR),
    ]
    result = run([sample_line("500.00", "ACH CREDIT", payer="ACME INDUSTRIES")], invoices)
    assert not result.auto()
    (decided,) = [*result.matches, *result.unmatched_bank]
    shown = [m for m in (decided, *decided.alternatives) if m.allocations]
    assert {a.invoice_number for m in shown for a in m.allocations} == {"INV-0201", "INV-0202", "INV-0203"}


def test_money_going_out_is_never_matched() -> None:
    result = run([sample_line("-310.00", "INV-0101", payer="ACME")], background())
    assert not result.matches and not result.unmatched_bank
    assert len(result.ignored_lines) == 1


def test_same_amount_invoices_of_different_customers_are_told_apart_by_payer() -> None:
    invoices = [sample_invoice("INV-0001", "500.00", ACME), sample_invoice("INV-0002", "500.00", CEDAR)]
    match = only(run([sample_line("500.00", "", payer="CEDAR DENTAL")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0002": Decimal("500.00")}


def test_same_amount_with_unknown_payer_is_only_suggested() -> None:
    invoices = [sample_invoice("INV-0001", "500.00", ACME), sample_invoice("INV-0002", "500.00", CEDAR)]
    result = run([sample_line("500.00", "DEPOSIT", payer="J SMITH")], invoices)
    assert not result.auto()


def test_two_invoices_of_one_customer_with_the_same_amount_are_ambiguous() -> None:
    invoices = [sample_invoice("INV-0001", "500.00", ACME), sample_invoice("INV-0002", "500.00", ACME)]
    match = only(run([sample_line("500.00", "", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "suggest"
    assert len(match.alternatives) == 1


def test_payer_name_fitting_two_customers_abstains() -> None:
    parties = [sample_party("a", "Summit Foods Ltd"), sample_party("b", "Summit Foods Inc")]
    invoices = [sample_invoice("INV-0001", "500.00", parties[0]), sample_invoice("INV-0002", "500.00", parties[1])]
    result = run([sample_line("500.00", "", payer="SUMMIT FOODS")], invoices, parties)
    assert not result.auto()


def test_rf_creditor_reference_is_validated_and_used() -> None:
    rf = make_rf("INV0077")
    invoices = [sample_invoice("INV-0077", "880.00", ACME), *background()]
    spaced = " ".join(rf[i : i + 4] for i in range(0, len(rf), 4))
    match = only(run([sample_line("880.00", spaced)], invoices))
    assert match.decision == "auto"
    assert any("rf" in r.detail for r in match.reasons)


def test_rf_reference_with_a_bad_check_digit_is_ignored() -> None:
    rf = make_rf("CUST42ORDER7")
    broken = rf[:2] + ("00" if rf[2:4] != "00" else "01") + rf[4:]
    assert find_rf_references(f"ref {rf} thanks") == [rf]
    assert find_rf_references(f"ref {broken} thanks") == []


def test_rf_reference_stored_on_the_invoice_is_matched() -> None:
    rf = make_rf("CUST42ORDER7")
    invoices = [sample_invoice("INV-0077", "880.00", ACME, reference=rf), *background()]
    match = only(run([sample_line("880.00", f"ref {rf}")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0077": Decimal("880.00")}


def test_structured_remittance_items_are_matched_one_by_one() -> None:
    invoices = [
        sample_invoice("INV-0201", "120.00", BOLT),
        sample_invoice("INV-0202", "80.00", BOLT),
        *background(),
    ]
    items = [
        RemittanceItem(amount=inv.amount_due, references=(Reference(kind="invoice", value=inv.number),))
        for inv in invoices[:2]
    ]
    result = run([sample_line("200.00", "BATCH CREDIT", payer="BOLT LOGISTICS", items=items)], invoices)
    assert [(m.item, m.decision) for m in result.matches] == [(0, "auto"), (1, "auto")]
    assert {m.allocations[0].invoice_number for m in result.matches} == {"INV-0201", "INV-0202"}


def test_item_references_without_amounts_help_the_whole_line() -> None:
    invoices = [sample_invoice("INV-0201", "120.00", BOLT), sample_invoice("INV-0202", "80.00", BOLT), *background()]
    items = [RemittanceItem(references=(Reference(kind="invoice", value=n),)) for n in ("INV-0201", "INV-0202")]
    match = only(run([sample_line("200.00", "", items=items)], invoices))
    assert match.decision == "auto"
    assert set(applied(match)) == {"INV-0201", "INV-0202"}


def test_a_stronger_match_frees_the_ambiguous_line() -> None:
    """Line 3 could pay either 500.00 invoice; line 2 names INV-0001, so line 3 must pay INV-0002."""
    invoices = [sample_invoice("INV-0001", "500.00", ACME), sample_invoice("INV-0002", "500.00", ACME)]
    lines = [
        sample_line("500.00", "INV-0001", payer="ACME INDUSTRIES", line=2),
        sample_line("500.00", "", payer="ACME INDUSTRIES", line=3),
    ]
    result = run(lines, invoices)
    decided = {m.bank.line: (m.decision, applied(m)) for m in result.matches}
    assert decided[2] == ("auto", {"INV-0001": Decimal("500.00")})
    assert decided[3] == ("auto", {"INV-0002": Decimal("500.00")})


def test_an_invoice_is_never_applied_twice() -> None:
    invoices = [sample_invoice("INV-0001", "500.00", ACME)]
    lines = [
        sample_line("500.00", "INV-0001", payer="ACME INDUSTRIES", line=2),
        sample_line("500.00", "INV-0001", payer="ACME INDUSTRIES", line=3),
    ]
    result = run(lines, invoices)
    assert len(result.auto()) == 1


def test_learned_alias_identifies_a_parent_company_paying() -> None:
    invoices = [sample_invoice("INV-0012", "1250.00", ACME), *background()]
    line = sample_line("1250.00", "", payer="GLOBEX HOLDINGS TREASURY")
    assert not run([line], invoices).auto()
    result = match_statement([line], (invoices, PARTIES), None, {"Globex Holdings Treasury": "c1"})
    assert only(result).decision == "auto"
    assert "learned alias" in " ".join(r.detail for r in only(result).reasons)


def test_dates_and_amounts_in_text_are_not_read_as_invoice_numbers() -> None:
    invoices = [sample_invoice("2026", "99.00", ACME), sample_invoice("1250", "40.00", CEDAR)]
    line = sample_line("1250.00", "TRANSFER 20260301 AMOUNT 1250.00", payer="OWN ACCOUNT")
    result = run([line], invoices)
    assert not result.matches or all(m.decision != "auto" for m in result.matches)


def test_two_lines_competing_for_two_equal_invoices_are_not_guessed() -> None:
    invoices = [sample_invoice("INV-0001", "500.00", ACME), sample_invoice("INV-0002", "500.00", ACME)]
    lines = [
        sample_line("500.00", "", payer="ACME INDUSTRIES", line=2),
        sample_line("500.00", "", payer="ACME INDUSTRIES", line=3),
    ]
    result = run(lines, invoices)
    assert [m.decision for m in result.matches] == ["suggest", "suggest"]


def monthly_invoices(count: int) -> list[Invoice]:
    """A customer billed the same fee for each of its sites: ``count`` open invoices of one amount, all
    due in the month before the payments arrive (2024-03-01)."""
    return [
        sample_invoice(f"INV-{n:04d}", "500.00", ACME, due=dt.date(2024, 2, 1) + dt.timedelta(days=n))
        for n in range(1, count + 1)
    ]


def test_an_unreferenced_payment_of_a_recurring_fee_is_only_suggested() -> None:
    """Eight invoices fit equally: the line is not guessed, and the reviewer sees several of them."""
    invoices = monthly_invoices(8)
    match = only(run([sample_line("500.00", "", payer="ACME INDUSTRIES", day=dt.date(2024, 3, 1))], invoices))
    assert match.decision == "suggest"
    assert len(match.alternatives) == 3
    assert {m.allocations[0].invoice_number for m in (match, *match.alternatives)} <= {i.number for i in invoices}


def test_the_last_free_invoice_of_a_recurring_fee_goes_to_the_unreferenced_payment() -> None:
    """Seven of eight equal invoices are paid by number; the eighth payment names none, and only one
    invoice is left for it, whichever of the eight it is."""
    for free in (1, 5, 8):
        invoices = monthly_invoices(8)
        lines = [
            sample_line("500.00", f"INV-{n:04d}", payer="ACME INDUSTRIES", line=n + 1, day=dt.date(2024, 3, 1))
            for n in range(1, 9)
            if n != free
        ]
        lines.append(sample_line("500.00", "", payer="ACME INDUSTRIES", line=20, day=dt.date(2024, 3, 1)))
        result = run(lines, invoices)
        decided = {m.bank.line: (m.decision, applied(m)) for m in result.matches}
        assert decided[20] == ("auto", {f"INV-{free:04d}": Decimal("500.00")}), free
        assert len(result.auto()) == 8


def test_a_recurring_fee_stays_ambiguous_while_two_invoices_are_free() -> None:
    invoices = monthly_invoices(8)
    lines = [
        sample_line("500.00", f"INV-{n:04d}", payer="ACME INDUSTRIES", line=n + 1, day=dt.date(2024, 3, 1))
        for n in range(1, 7)
    ]
    lines.append(sample_line("500.00", "", payer="ACME INDUSTRIES", line=20, day=dt.date(2024, 3, 1)))
    result = run(lines, invoices)
    unreferenced = next(m for m in (*result.matches, *result.unmatched_bank) if m.bank.line == 20)
    assert unreferenced.decision == "suggest"
    assert {m.allocations[0].invoice_number for m in (unreferenced, *unreferenced.alternatives)} == {
        "INV-0007",
        "INV-0008",
    }


def test_a_payer_wrapped_in_another_languages_bank_words_is_still_named() -> None:
    """German, French, Dutch and Spanish banks put their own words around the payer's name ("SEPA-
    Überweisung", "VIR SEPA RECU", "Overboeking", "Transferencia"): they are not part of the name, so the
    payer is recognised by its exact name, not only loosely."""
    for wrapped in (
        "SEPA-Überweisung Cedar Dental",
        "VIR SEPA RECU CEDAR DENTAL",
        "Overboeking Cedar Dental",
        "TRANSFERENCIA CEDAR DENTAL",
    ):
        invoices = [sample_invoice("INV-0500", "415.00", CEDAR), *background()]
        match = only(run([sample_line("415.00", payer=wrapped)], invoices))
        party = next(r.detail for r in match.reasons if r.feature == "party")
        assert "is the name of Cedar Dental LLC" in party, (wrapped, party)


def test_a_short_number_after_a_european_invoice_word_names_the_invoice() -> None:
    """A number too short to stand alone ("Facture n° 124", "betaling factuur 118") still names an invoice
    when the word before it says it is one, as "#12" or "inv 12" does."""
    dupont = sample_party("c5", "Dupont et Fils SARL")
    berg = sample_party("c6", "Van der Berg BV")
    invoices = [
        sample_invoice("FA-000123", "840.00", dupont),
        sample_invoice("FA-000124", "840.00", dupont),
        sample_invoice("2024-117", "605.00", berg),
        sample_invoice("2024-118", "605.00", berg),
    ]
    for text, payer, amount, meant in (
        ("Facture n° 124", "DUPONT ET FILS", "840.00", "FA-000124"),
        ("betaling factuur 118", "VAN DER BERG", "605.00", "2024-118"),
        ("Rechnung Nr. 117", "VAN DER BERG", "605.00", "2024-117"),
    ):
        match = only(run([sample_line(amount, text, payer=payer)], invoices, [dupont, berg]))
        assert [a.invoice_number for a in match.allocations] == [meant], (text, match.reasons)
        assert any(r.feature == "reference" and meant in r.detail for r in match.reasons)


def test_a_payment_naming_an_already_paid_invoice_is_not_applied_to_another_automatically() -> None:
    """The customer paid INV-0005 last month and pays it again. Only INV-0006 is open, for the same amount,
    one digit away: read as a typo it would be applied automatically. It stays a suggestion that says the
    named invoice is paid: a duplicate payment to refund, or money meant for INV-0006."""
    paid = sample_invoice("INV-0005", "500.00", ACME, paid="500.00")
    invoices = [paid, sample_invoice("INV-0006", "500.00", ACME), *background()]
    match = only(run([sample_line("500.00", "PAYMENT INV-0005", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "suggest"
    assert applied(match) == {"INV-0006": Decimal("500.00")}
    assert any("names INV-0005, which is already paid" in r.detail for r in match.reasons)
    assert not any("typo" in r.detail for r in match.reasons)


def test_naming_a_paid_invoice_beside_the_open_one_paid_still_applies_automatically() -> None:
    """ "INV-0006 (INV-0005 paid in March)": the open invoice is named and fits; the paid one is context."""
    paid = sample_invoice("INV-0005", "500.00", ACME, paid="500.00")
    voided = sample_invoice("INV-0004", "500.00", ACME).model_copy(update={"status": DocumentStatus.VOID})
    invoices = [paid, voided, sample_invoice("INV-0006", "500.00", ACME), *background()]
    match = only(run([sample_line("500.00", "INV-0006 (INV-0005 paid in March)", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == {"INV-0006": Decimal("500.00")}
    voided_named = only(run([sample_line("500.00", "INV-0004", payer="ACME INDUSTRIES")], invoices))
    assert voided_named.decision == "suggest"
    assert any("names INV-0004, which is void" in r.detail for r in voided_named.reasons)


def test_a_draft_invoice_takes_no_payment_and_a_payment_naming_it_is_told_so() -> None:
    """Xero's DRAFT and SUBMITTED invoices are not receivable yet, and Xero refuses a payment against one
    ("Invoice not of valid status for modification"). Before, a payment naming a draft at its total was
    applied to it unattended (8 wrong autos in benchmarks/bench_match_connectors.py --style xero)."""
    draft = sample_invoice("INV-0018", "1314.96", ACME).model_copy(update={"status": DocumentStatus.DRAFT})
    assert not draft.is_open
    invoices = [draft, sample_invoice("INV-0019", "200.00", ACME), *background()]
    result = run([sample_line("1314.96", "ACME INDUSTRIES INV-0018", payer="ACME INDUSTRIES")], invoices)
    assert not any(a.invoice_number == "INV-0018" for m in result.matches for a in m.allocations)
    assert "INV-0018" not in {inv.number for inv in result.unmatched_invoices}
    reasons = [r.detail for m in (*result.matches, *result.unmatched_bank) for r in m.reasons]
    said = "remittance names INV-0018, which is a draft: the ledger takes no payment against it until it is approved"
    assert said in reasons


def test_an_invoice_paid_years_ago_is_not_looked_for() -> None:
    """Only closed invoices issued within two years of the statement are indexed: an old ledger's paid
    history is far larger than what is open, and a duplicate payment names a recent invoice."""
    old = sample_invoice("INV-0005", "500.00", ACME, paid="500.00", issued=dt.date(2020, 1, 10))
    invoices = [old, sample_invoice("INV-0006", "500.00", ACME), *background()]
    match = only(run([sample_line("500.00", "PAYMENT INV-0005", payer="ACME INDUSTRIES")], invoices))
    assert not any("already paid" in r.detail for r in match.reasons)
    assert applied(match) == {"INV-0006": Decimal("500.00")}


def test_the_payers_own_customer_number_names_no_invoice() -> None:
    """Invoices numbered 4711 and 4712 exist (another customer's); the payer writes its customer number,
    "Kd.Nr. 4711", beside the invoice it pays. Read as an invoice number, 4711 would be an exact
    reference to another invoice and cost the right one six points."""
    other = sample_party("c9", "Other Corp")
    invoices = [
        sample_invoice("RE-2024-0012", "595.00", ACME),
        sample_invoice("4711", "980.00", other),
        sample_invoice("4712", "595.00", other),
        *background(),
    ]
    for text in ("Rechnung RE-2024-0012 Kd.Nr. 4711", "customer no 4711 invoice RE-2024-0012"):
        match = only(run([sample_line("595.00", text, payer="ACME INDUSTRIES")], invoices, [*PARTIES, other]))
        assert match.decision == "auto"
        assert applied(match) == {"RE-2024-0012": Decimal("595.00")}
        assert not any("4711" in r.detail for r in match.reasons), match.reasons


def list_ledger() -> list[Invoice]:
    """INV-0014 and INV-0015 are both 75.50, and INV-0013 and INV-0016 both 250.00: 425.50 is paid by
    INV-0012 + INV-0013 + INV-0014 or by three other combinations, so only the remittance tells them apart."""
    return [
        sample_invoice("INV-0012", "100.00", ACME),
        sample_invoice("INV-0013", "250.00", ACME),
        sample_invoice("INV-0014", "75.50", ACME),
        sample_invoice("INV-0015", "75.50", ACME),
        sample_invoice("INV-0016", "250.00", ACME),
        *background(),
    ]


def test_a_list_of_invoice_numbers_names_every_invoice_in_it() -> None:
    """Remittances list the invoices paid the way people write them: after one prefix, or with the leading
    digits left out. Each listed invoice is named, so the one combination that fits applies automatically."""
    for text in ("INV 12/13/14", "Inv 12, 13 and 14", "INV-0012 + 0013 + 0014", "INV-0012/13/14", "inv 12 & 13; 14"):
        match = only(run([sample_line("425.50", text, payer="ACME INDUSTRIES")], list_ledger()))
        assert match.decision == "auto", (text, match.reasons)
        assert applied(match) == {
            "INV-0012": Decimal("100.00"),
            "INV-0013": Decimal("250.00"),
            "INV-0014": Decimal("75.50"),
        }, text
        named = next(r.detail for r in match.reasons if r.feature == "reference" and r.weight > 0)
        assert "INV-0013" in named and "INV-0014" in named, (text, named)


def test_a_range_of_invoice_numbers_names_the_invoices_between_its_ends() -> None:
    """ "INV-0012 to 0014" pays INV-0013 too, although it is not written."""
    for text in ("INV-0012 to 0014", "INV 12-14", "Rechnungen INV-0012 bis 14", "INV-0012 \u2013 INV-0014"):
        match = only(run([sample_line("425.50", text, payer="ACME INDUSTRIES")], list_ledger()))
        assert match.decision == "auto", (text, match.reasons)
        assert set(applied(match)) == {"INV-0012", "INV-0013", "INV-0014"}, text
        assert not any("typo" in r.detail for r in match.reasons), (text, match.reasons)


def test_a_ledger_of_bare_numbers_reads_lists_and_abbreviated_numbers() -> None:
    """QuickBooks numbers invoices 1001, 1002, ...: "1001/02" and "1001-1003" name them too."""
    invoices = [
        sample_invoice("1001", "100.00", ACME),
        sample_invoice("1002", "250.00", ACME),
        sample_invoice("1003", "75.50", ACME),
        sample_invoice("1004", "75.50", ACME),
        sample_invoice("1005", "250.00", ACME),
        *background(),
    ]
    pair = only(run([sample_line("350.00", "PMT 1001/02", payer="ACME INDUSTRIES")], invoices))
    assert pair.decision == "auto", pair.reasons
    assert set(applied(pair)) == {"1001", "1002"}
    three = only(run([sample_line("425.50", "Inv 1001-1003", payer="ACME INDUSTRIES")], invoices))
    assert three.decision == "auto", three.reasons
    assert set(applied(three)) == {"1001", "1002", "1003"}


def test_numbers_beside_an_invoice_number_are_not_read_as_a_list() -> None:
    """An amount, a date or a number after spaces alone is not another invoice: only "/", ",", "&", "+",
    "and" and the like join a list, and only "-" or "to" a range of at most twenty."""
    index = InvoiceNumberIndex([f"INV-{n:04d}" for n in range(1, 100)])
    day = dt.date(2026, 3, 1)

    def named(text: str) -> set[str]:
        return {f"INV-{h.invoice + 1:04d}" for h in index.find([text], near=day)}

    assert named("INV-0012, 1,250.00 EUR") == {"INV-0012"}
    assert named("INV-0012 13 14") == {"INV-0012"}
    assert named("INV-0012 2026-03-01") == {"INV-0012"}
    assert named("INV-0012,50") == {"INV-0012"}
    assert named("INV-0012 to 0050") == {"INV-0012", "INV-0050"}
    assert named("INV-0012/13") == {"INV-0012", "INV-0013"}
    assert named("INV 12-14") == {"INV-0012", "INV-0013", "INV-0014"}


def split_ledger() -> list[Invoice]:
    """INV-0042 is open for 480.00, the amount the payer writes against INV-0040."""
    return [
        sample_invoice("INV-0040", "500.00", ACME),
        sample_invoice("INV-0041", "250.00", ACME),
        sample_invoice("INV-0042", "480.00", ACME),
        *background(),
    ]


def test_the_remittances_own_amount_per_invoice_is_how_the_payment_is_split() -> None:
    """ "INV-0040 480.00 INV-0041 250.00" pays 730.00: the payer says 480.00 of INV-0040 and all of
    INV-0041. Without reading the amounts, the payment fits INV-0041 + INV-0042 exactly and was suggested
    that way; filling the named invoices oldest first would have put 500.00 on INV-0040."""
    for text in (
        "INV-0040 480.00 INV-0041 250.00",
        "INV-0040 $480.00, INV-0041 $250.00, total $730.00",
        "Inv 40 USD 480,00 / Inv 41 USD 250,00",
        "Payment of 730.00 for INV-0040 480.00 and INV-0041 250.00",
        "480.00 for INV-0040, 250.00 for INV-0041",
    ):
        match = only(run([sample_line("730.00", text, payer="ACME INDUSTRIES")], split_ledger()))
        assert match.decision == "auto", (text, match.reasons)
        assert applied(match) == {"INV-0040": Decimal("480.00"), "INV-0041": Decimal("250.00")}, text
        assert any("split by the remittance itself" in r.detail for r in match.reasons)


def test_written_amounts_that_do_not_add_up_or_exceed_an_invoice_are_not_a_split() -> None:
    for text, amount in (
        ("INV-0040 480.00 INV-0041 200.00", "730.00"),  # 680.00 written, 730.00 paid
        ("INV-0040 520.00 INV-0041 210.00", "730.00"),  # more than INV-0040's open 500.00
        ("INV-0040 480.00 discount 20.00 INV-0041 250.00", "730.00"),  # an amount naming no invoice
        ("INV-0040 480.00 INV-0041 250.00 INV-0042", "730.00"),  # an invoice with no amount
    ):
        match = only(run([sample_line(amount, text, payer="ACME INDUSTRIES")], split_ledger()))
        assert not any("split by the remittance" in r.detail for r in match.reasons), text
        assert match.decision != "auto" or applied(match) != {
            "INV-0040": Decimal("480.00"),
            "INV-0041": Decimal("250.00"),
        }, text


def test_a_cheque_number_is_not_an_invoice_number() -> None:
    """QuickBooks numbers invoices 1001, 1002, ...; a US bank shows the cheque's own number beside a
    deposit ("MOBILE DEPOSIT CHECK 1047"). Read as a reference it named another customer's invoice 1047
    and kept the right invoice from `auto`; read as a typo it named invoice 1048, one digit away, of the
    same amount as the invoice 1052 that is as likely."""
    bolt = sample_party("c2", "Bolt Logistics Inc")
    invoices = [sample_invoice("1047", "980.00", bolt), sample_invoice("1052", "640.00", ACME)]
    for text in ("MOBILE DEPOSIT CHECK 1047", "Check # 1047", "CHK 1047", "DEPOSITED CHECK NO 1047"):
        match = only(run([sample_line("640.00", text, payer="ACME INDUSTRIES")], invoices, [ACME, bolt]))
        assert match.decision == "auto", (text, match.reasons)
        assert applied(match) == {"1052": Decimal("640.00")}
        assert not any("1047" in r.detail for r in match.reasons), (text, match.reasons)
    # OFX's CHECKNUM and the "Check or Slip #" column of Chase and Wells Fargo exports carry it apart
    checknum = sample_line(
        "640.00", "DEPOSIT", payer="ACME INDUSTRIES", references=[Reference(kind="check", value="1047")]
    )
    match = only(run([checknum], invoices, [ACME, bolt]))
    assert match.decision == "auto" and not any("1047" in r.detail for r in match.reasons), match.reasons
    twins = [sample_invoice("1048", "640.00", ACME), sample_invoice("1052", "640.00", ACME)]
    match = only(run([sample_line("640.00", "CHECK 1047", payer="ACME INDUSTRIES")], twins))
    assert match.decision == "suggest"
    assert not any("typo" in r.detail for r in match.reasons)


def test_a_dates_year_is_not_an_invoice_number() -> None:
    """Invoices numbered in the two thousands (QuickBooks' 1001, 1002, ... after a few years) meet the
    dates banks print: "SEPA 01.03.2026" named invoice 2026 of another customer, and read as a typo a
    date's year named an invoice one digit away. A number the remittance calls an invoice still counts."""
    bolt = sample_party("c2", "Bolt Logistics Inc")
    invoices = [sample_invoice("2026", "980.00", bolt), sample_invoice("2052", "640.00", ACME)]
    day = dt.date(2026, 3, 3)
    for text in (
        "SEPA 01.03.2026 ACME",
        "2026-03-01 ACME",
        "PMT 03/2026",
        "RENT MARCH 2026",
        "March 1, 2026",
        "Q1 2026",
    ):
        line = sample_line("640.00", text, payer="ACME INDUSTRIES", day=day)
        match = only(run([line], invoices, [ACME, bolt]))
        assert match.decision == "auto", (text, match.reasons)
        assert applied(match) == {"2052": Decimal("640.00")}
        assert not any("2026" in r.detail for r in match.reasons), (text, match.reasons)
    named = only(run([sample_line("980.00", "Invoice 2026 of 01.03.2026", payer="BOLT LOGISTICS", day=day)], invoices))
    assert any("remittance names 2026" in r.detail for r in named.reasons), named.reasons
    amount = [sample_invoice("1252", "1250.00", ACME), sample_invoice("1300", "1250.00", ACME)]
    written = only(run([sample_line("1250.00", "ACME 1250", payer="ACME INDUSTRIES", day=day)], amount))
    assert written.decision == "suggest"  # the amount paid, not a typo of invoice 1252
    assert not any("typo" in r.detail for r in written.reasons)
    twins = [sample_invoice("2027", "640.00", ACME), sample_invoice("2052", "640.00", ACME)]
    typo = only(run([sample_line("640.00", "ACME 01.03.2026", payer="ACME INDUSTRIES", day=day)], twins))
    assert typo.decision == "suggest"
    assert not any("typo" in r.detail for r in typo.reasons)


def test_the_remitted_amount_of_each_structured_reference_splits_the_payment() -> None:
    """camt's structured remittance says how much of 730.00 goes to each invoice (RfrdDocAmt/RmtdAmt):
    480.00 to INV-0040 and 250.00 to INV-0041, as the text form above does."""
    references = [
        Reference(kind="invoice", value="INV-0040", amount=Money("480.00", "USD")),
        Reference(kind="invoice", value="INV-0041", amount=Money("250.00", "USD")),
    ]
    line = sample_line("730.00", payer="Acme Industries Ltd", references=references)
    match = only(run([line], split_ledger()))
    assert match.decision == "auto", match.reasons
    assert applied(match) == {"INV-0040": Decimal("480.00"), "INV-0041": Decimal("250.00")}
    without = [r.model_copy(update={"amount": None}) for r in references]
    plain = only(run([sample_line("730.00", payer="Acme Industries Ltd", references=without)], split_ledger()))
    assert applied(plain) != applied(match)


def test_an_account_of_one_customer_under_another_customers_name_waits_for_a_person() -> None:
    """Bolt's name on a payment from Acme's account (a payment service's pooled account, or stale master
    data): either customer may have paid, so the account does not settle it. A name the bank cut short,
    which fits the account's owner too, still follows the account."""
    acme = sample_party("c1", "Acme Industries Ltd", accounts=["GB29 NWBK 6016 1331 9268 19"])
    bolt = sample_party("c2", "Bolt Logistics Inc")
    invoices = [sample_invoice("INV-0052", "640.00", acme), sample_invoice("INV-0060", "640.00", bolt)]
    account = "GB29NWBK60161331926819"
    for payer, decision in (("BOLT LOGISTICS", "suggest"), ("ACME INDUSTRIES", "auto"), ("J SMITH", "auto")):
        line = sample_line("640.00", "PAYMENT", payer=payer, account=account)
        match = only(run([line], invoices, [acme, bolt]))
        assert match.decision == decision, (payer, match.reasons)
    conflict = only(run([sample_line("640.00", payer="BOLT LOGISTICS", account=account)], invoices, [acme, bolt]))
    assert any("belongs to Acme Industries Ltd, but the payer's name" in r.detail for r in conflict.reasons)
    holdings = sample_party("c3", "Ridge Hill Design Holdings", accounts=[account])
    gmbh = sample_party("c4", "Ridge Hill Design GmbH")
    ridge = [sample_invoice("INV-0070", "640.00", holdings), sample_invoice("INV-0071", "640.00", gmbh)]
    cut = only(run([sample_line("640.00", payer="RIDGE HILL DESIGN", account=account)], ridge, [holdings, gmbh]))
    assert cut.decision == "auto"
    assert applied(cut) == {"INV-0070": Decimal("640.00")}


def test_a_split_short_of_the_invoices_within_the_tolerance_proposes_the_write_off() -> None:
    """ "INV-0040 495.00, INV-0041 250.00" pays 745.00 of 750.00: the 5.00 kept back is within the
    write-off tolerance, so both invoices close and the write-off is proposed, as for one short invoice."""
    match = only(
        run([sample_line("745.00", "INV-0040 495.00, INV-0041 250.00", payer="ACME INDUSTRIES")], split_ledger())
    )
    assert match.decision == "auto", match.reasons
    assert applied(match) == {"INV-0040": Decimal("495.00"), "INV-0041": Decimal("250.00")}
    assert match.write_off is not None and match.write_off.amount == Decimal("5.00")
    far = only(run([sample_line("730.00", "INV-0040 480.00 INV-0041 250.00", payer="ACME INDUSTRIES")], split_ledger()))
    assert far.write_off is None  # 20.00 kept back is more than 2.5% of 750.00: it stays open


def test_a_payment_whose_only_fit_another_line_took_says_so() -> None:
    """Two 500.00 payments from Acme, one naming INV-0007, the only invoice of that amount: the other is
    unmatched, and says the invoice that fitted went to another line, not that nothing ever fitted."""
    invoices = [sample_invoice("INV-0007", "500.00", ACME), *background()]
    result = run(
        [
            sample_line("500.00", "INV-0007", payer="ACME INDUSTRIES", line=2),
            sample_line("500.00", "", payer="ACME INDUSTRIES", line=3),
        ],
        invoices,
    )
    (first,) = result.matches
    (second,) = result.unmatched_bank
    assert (first.bank.line, applied(first)) == (2, {"INV-0007": Decimal("500.00")})
    details = [r.detail for r in second.reasons]
    assert "INV-0007 was already applied to line 2" in details
    assert "what fitted this payment went to other lines (above); no open invoice left fits it" in details


def test_another_customers_invoices_of_the_amount_lend_no_rival_the_payers_name() -> None:
    """FRONTIER FLOORIN (cut, a fuzzy payer) pays 200.00, its one invoice of that amount. Another customer
    has five invoices of 200.00: four are looked at, the fifth stands for the rest. The payer's own invoice
    was among those four, so the left-out stranger counted as a rival as strong as it (12.5): a suggestion
    with a "rivals" reason and no rival listed."""
    frontier = sample_party("f1", "Frontier Flooring Inc")
    invoices = [
        sample_invoice("1001", "200.00", frontier),
        *(sample_invoice(f"20{k:02d}", "200.00", CEDAR) for k in range(5)),
    ]
    match = only(run([sample_line("200.00", "PAYMENT", payer="FRONTIER FLOORIN")], invoices, [frontier, CEDAR]))
    assert (match.decision, applied(match)) == ("auto", {"1001": Decimal("200.00")})
    assert "rivals" not in features(match)


def test_a_conflict_with_a_line_of_another_file_names_that_file() -> None:
    """The same payment exported as CSV and as OFX: "INV-0007 was already applied to line 2" did not say
    which of seven files' line 2 took it."""
    invoices = [sample_invoice("INV-0007", "500.00", ACME), *background()]
    csv_line = sample_line("500.00", "INV-0007", payer="ACME INDUSTRIES", line=2)
    ofx_line = sample_line("500.00", "", payer="ACME INDUSTRIES", line=9).model_copy(
        update={"source": SourceRef(file="stmt.qfx", line=9)}
    )
    result = run([csv_line, ofx_line], invoices)
    (second,) = result.unmatched_bank
    assert f"INV-0007 was already applied to line 2 of {csv_line.source.file}" in [r.detail for r in second.reasons]


def test_equal_amounts_of_two_payers_in_two_files_are_two_payments() -> None:
    """A near-duplicate pair (same amount, other files, a day apart) from two different customers is not the
    same money: each is applied as usual."""
    invoices = [sample_invoice("INV-0007", "500.00", ACME), sample_invoice("INV-0008", "500.00", BOLT)]
    acme = sample_line("500.00", "PAYMENT", payer="ACME INDUSTRIES", line=2)
    bolt = sample_line("500.00", "PAYMENT", payer="BOLT LOGISTICS", line=5).model_copy(
        update={"source": SourceRef(file="stmt.qfx", line=5)}
    )
    result = match_statement([acme, bolt], (invoices, [ACME, BOLT]), near_duplicates=[(acme.source, bolt.source)])
    assert [(m.decision, applied(m)) for m in result.matches] == [
        ("auto", {"INV-0007": Decimal("500.00")}),
        ("auto", {"INV-0008": Decimal("500.00")}),
    ]
