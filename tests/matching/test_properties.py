"""Properties that hold for any statement and ledger: money is never over-applied, every auto decision
explains itself, and the same input always gives the same output."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from arsync.matching.discounts import stated_discount
from arsync.matching.engine import _Tolerance, match_statement
from arsync.matching.normalize import normalize_text
from arsync.matching.parties import _MAX_FUZZY, PartyResolver, _add_weight, name_similarities, name_similarity
from arsync.matching.references import InvoiceNumberIndex, amount_segments, customer_numbers, dated_years
from arsync.matching.result import MatchResult
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.matching.settings import MatchingSettings
from arsync.matching.subset_sum import find_subsets
from arsync.models import Invoice, Money, Party, Reference, StatementLine, minor_units

NAMES = ["Acme Industries Ltd", "Acme Foods Inc", "Cedar Dental LLC", "Bolt Logistics", "Birch Labs GmbH"]
PAYERS = [*(n.upper() for n in NAMES), "ACME", "J SMITH", "", "CEDAR DENTAL", "OWN ACCOUNT"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[StatementLine], list[Invoice], list[Party]]:
    parties = [
        sample_party(f"p{i}", name)
        for i, name in enumerate(draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True)))
    ]
    cents = st.integers(min_value=100, max_value=60_000)
    invoices = []
    for k in range(draw(st.integers(min_value=1, max_value=8))):
        party = draw(st.sampled_from(parties))
        total = draw(cents)
        paid = draw(st.integers(min_value=0, max_value=total - 1))
        due = dt.date(2026, 3, 1) + dt.timedelta(days=draw(st.integers(min_value=-60, max_value=30)))
        invoices.append(
            sample_invoice(
                f"INV-{100 + k:04d}",
                str(Decimal(total) / 100),
                party,
                due=due,
                paid=str(Decimal(paid) / 100),
                currency=draw(st.sampled_from(["USD", "USD", "EUR"])),
            )
        )
    lines = []
    for n in range(draw(st.integers(min_value=1, max_value=6))):
        pick = draw(st.sampled_from(invoices))
        amount = draw(st.one_of(st.just(pick.amount_due.minor), cents, st.integers(min_value=-5000, max_value=-1)))
        texts = [pick.number, "inv 101", "#102", "PAYMENT", "20260301", "", "RETURNED ITEM", "INV-0100/01"]
        texts += [f"{pick.number} {pick.amount_due.amount}", "INV-0100 1.00", "INV-0101 2.50, INV-0102 1.00"]
        texts += ["CHECK 0101", "01.03.2026", "INV-0100 to 0102", "REFUND"]
        words = draw(st.lists(st.sampled_from(texts), max_size=3))
        line = sample_line(
            str(Decimal(amount) / 100),
            " ".join(words),
            payer=draw(st.sampled_from(PAYERS)) or None,
            line=n + 2,
            day=dt.date(2026, 3, 1) + dt.timedelta(days=draw(st.integers(min_value=-10, max_value=40))),
        )
        if draw(st.booleans()):  # structured references with what the payer remits for each
            remitted = [
                Reference(kind="invoice", value=inv.number, amount=Money(Decimal(draw(cents)) / 100, "USD"))
                for inv in draw(st.lists(st.sampled_from(invoices), max_size=3))
            ]
            line = line.model_copy(update={"references": tuple(remitted)})
        if amount > 0 and draw(st.booleans()):  # the bank converted what the payer sent in euros
            sent = draw(st.one_of(st.just(pick.amount_due.minor), cents))
            line = line.model_copy(update={"original_amount": Money(Decimal(sent) / 100, "EUR")})
        lines.append(line)
    return lines, invoices, parties


def _doc(result: MatchResult) -> str:
    return json.dumps(result.to_json(), sort_keys=True)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_no_allocation_exceeds_the_open_amount_or_the_payment(
    case: tuple[list[StatementLine], list[Invoice], list[Party]],
) -> None:
    lines, invoices, parties = case
    result = match_statement(lines, (invoices, parties))
    open_amount = {inv.id: inv.amount_due.amount for inv in invoices}
    auto_total: dict[str, Decimal] = defaultdict(Decimal)
    for match in result.matches:
        for proposal in (match, *match.alternatives):
            applied = sum((a.applied.amount for a in proposal.allocations), Decimal(0))
            assert applied <= proposal.statement_amount.amount
            for allocation in proposal.allocations:
                # an invoice in another currency is consumed in its own currency
                taken = allocation.invoice_currency_amount or allocation.applied
                assert Decimal(0) < allocation.applied.amount
                assert Decimal(0) < taken.amount <= open_amount[allocation.invoice_id]
        if match.decision == "auto":
            for allocation in match.allocations:
                taken = allocation.invoice_currency_amount or allocation.applied
                auto_total[allocation.invoice_id] += taken.amount + (
                    match.write_off.amount if match.write_off and len(match.allocations) == 1 else Decimal(0)
                )
    for invoice_id, total in auto_total.items():
        assert total <= open_amount[invoice_id]


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_every_auto_decision_carries_reasons_that_add_up_to_its_score(
    case: tuple[list[StatementLine], list[Invoice], list[Party]],
) -> None:
    lines, invoices, parties = case
    for match in match_statement(lines, (invoices, parties)).auto():
        assert match.reasons
        assert abs(sum(r.weight for r in match.reasons) - match.score) < 0.01
        assert all(r.detail for r in match.reasons)


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_identical_input_gives_identical_output(case: tuple[list[StatementLine], list[Invoice], list[Party]]) -> None:
    lines, invoices, parties = case
    first = _doc(match_statement(lines, (invoices, parties)))
    assert _doc(match_statement(lines, (invoices, parties))) == first
    assert _doc(match_statement(lines, (list(reversed(invoices)), list(reversed(parties))))) == first


_RERUN = """
import hashlib, json
from arsync.matching.bench import generate
from arsync.matching.engine import match_statement
data = generate(3000, invoices=30000, seed=5)
result = match_statement(data.lines, (data.invoices, data.parties), data.settings)
print(hashlib.sha256(json.dumps(result.to_json(), sort_keys=True).encode()).hexdigest())
"""


def test_a_rerun_in_another_process_decides_alike() -> None:
    """A cron job that reruns the same statement must plan the same applications. Each process hashes
    strings with its own seed, so anything that followed a set's or a dict's order of strings (the order
    fuzzy name weights are summed in, say) could decide otherwise in the next run."""
    digests = {
        subprocess.run(
            [sys.executable, "-c", _RERUN],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


numbers = st.text(alphabet="0123456789-/ ABinv", min_size=1, max_size=9)


@given(st.lists(numbers, min_size=1, max_size=25), numbers, st.lists(st.one_of(st.none(), numbers), max_size=25))
@example(["INV-12345", "INV-12354", "INV-12346", "INV-99999"], "INV-12345", [None, None, "PO 12445"])  # swap, digit
@settings(max_examples=300, deadline=None)
def test_typo_neighbour_check_agrees_with_the_number_variants(
    invoice_numbers: list[str], written: str, references: list[str | None]
) -> None:
    """The engine checks the few invoices of a payment's amount one by one instead of looking up every
    one-digit variant of the number written; both must name the same invoices."""
    index = InvoiceNumberIndex(invoice_numbers, references[: len(invoice_numbers)])
    exact = normalize_text(written).replace(" ", "")
    by_variants = {i for i, _ in index.typo_neighbours(exact)}
    one_by_one = [i for i in range(len(invoice_numbers)) if index.is_typo_neighbour(exact, i)]
    assert set(one_by_one) == by_variants
    # and the batched check (a C prefilter, then the same check on the few left) names the same, in order
    among = [i for i in range(len(invoice_numbers)) if i % 3]
    assert index.typo_neighbours_among(exact, among) == [i for i in one_by_one if i % 3]


LEDGER_NUMBERS = [f"INV-{n:04d}" for n in range(1, 100)]


@given(
    st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(["/", ", ", " & ", " and ", " + ", "; ", " und "]), min_size=5, max_size=5),
    st.sampled_from(["INV ", "INV-", "Invoices INV-", "inv"]),
)
@settings(max_examples=200, deadline=None)
def test_a_list_names_exactly_the_invoices_written_in_it(numbers: list[int], joins: list[str], prefix: str) -> None:
    """However a list of invoice numbers is joined, it names each invoice written and no other. After a
    slash, a number with fewer digits than the one before is an instalment ("INV 30/2"), which ends the list."""
    index = InvoiceNumberIndex(LEDGER_NUMBERS)
    text = prefix + str(numbers[0]) + "".join(j + str(n) for j, n in zip(joins, numbers[1:], strict=False))
    found = {LEDGER_NUMBERS[h.invoice] for h in index.find([text], near=dt.date(2026, 3, 1))}
    named = [numbers[0]]
    for join, (before, n) in zip(joins, itertools.pairwise(numbers), strict=False):
        if join == "/" and len(str(n)) < len(str(before)):
            break
        named.append(n)
    assert found == {f"INV-{n:04d}" for n in named}, text


_REMITTANCE_CHARS = list("INVPOinvpo0123456789 -/,.&+#*%:'\u2013toandbisSkontdcuermrKdNr")


@given(
    st.text(alphabet=st.sampled_from(_REMITTANCE_CHARS), max_size=80),
    st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(_REMITTANCE_CHARS), max_size=30)), max_size=8),
)
@settings(max_examples=400, deadline=None)
def test_any_text_against_any_invoice_references_reads_safely(text: str, references: list[str | None]) -> None:
    """Invoices' own references (order numbers, structured communications, lettered numbers) never make
    reading a remittance fail, every hit is a ledger invoice, and a stated discount or customer number
    read from the same text is sane."""
    numbers = [f"INV-{n:04d}{'-A' if n % 3 == 0 else ''}" for n in range(1, len(references) + 3)]
    index = InvoiceNumberIndex(numbers, references)
    hits = index.find([text], amount_minor=1250, amount_units=12, near=dt.date(2026, 3, 1))
    assert all(0 <= h.invoice < len(numbers) for h in hits)
    assert len({h.invoice for h in hits}) == len(hits)
    stated = stated_discount([text])
    if stated is not None:
        assert all(0 < p < 100 for p in stated.percents) and all(a > 0 for a in stated.amounts)
    assert all(n.isalnum() and any(c.isdigit() for c in n) for n in customer_numbers(text))


@given(st.text(alphabet=st.sampled_from(list("INVinv0123456789 -/,.&+#'\u2013toandbis")), max_size=60))
@example("INV-0012 to 0099 - 3 / 1.2,3")
@example("INV 2026 01.03.2026 2026-03 2026/")
@settings(max_examples=500, deadline=None)
def test_reading_references_never_fails_and_names_only_ledger_invoices(text: str) -> None:
    """Any remittance text is read without an error, and every hit is an invoice of the ledger."""
    index = InvoiceNumberIndex(LEDGER_NUMBERS)
    hits = index.find([text], amount_minor=1250, amount_units=12, near=dt.date(2026, 3, 1))
    assert all(0 <= h.invoice < len(LEDGER_NUMBERS) for h in hits)
    assert len({h.invoice for h in hits}) == len(hits)
    # the years of dates in it are years written in it
    assert all(year in text for year in dated_years(text, dt.date(2026, 3, 1)))
    # and the amounts written in it: two decimals each, read in order, each right after the text before it
    # (the text before the next one comes after this amount's first digit, wherever the amount ends)
    position = 0
    for before, amount in amount_segments(text):
        assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))
        at = text.find(before, position)
        assert at >= position
        position = at + len(before)
        assert text[position].isdigit()
        position += 1


name_words = st.sampled_from(["acme", "industries", "acme industr", "cedar", "dental", "llc", "holdings", "ab", ""])


@given(
    st.lists(name_words, min_size=0, max_size=4).map(" ".join),
    st.lists(st.lists(name_words, max_size=4).map(" ".join), min_size=0, max_size=30),
)
@settings(max_examples=200, deadline=None)
def test_batched_name_scores_equal_the_one_by_one_scores(payer: str, names: list[str]) -> None:
    """Fuzzy payer identification scores many names in one rapidfuzz pass; the scores (and so which
    customer is chosen, or whether the engine abstains) must be exactly those of one call per name."""
    assert name_similarities(payer, names) == [name_similarity(payer, name) for name in names]


@given(st.lists(st.sets(st.integers(min_value=0, max_value=60), max_size=40), max_size=8))
@settings(max_examples=300, deadline=None)
def test_batched_block_weights_equal_the_one_by_one_sums(blocks: list[set[int]]) -> None:
    """Which customers a fuzzy payer name is compared with follows the summed weights of the name blocks
    they share with it; summing a block at a time must give exactly (bit for bit) the per-party sums."""
    batched: dict[int, float] = {}
    one_by_one: dict[int, float] = {}
    for block in blocks:
        if not block:
            continue
        w = 1.0 / len(block)
        _add_weight(batched, block, w)
        for number in block:
            one_by_one[number] = one_by_one.get(number, 0.0) + w
    assert batched == one_by_one


@given(
    st.decimals(min_value=-5, max_value=50, places=3, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["USD", "JPY", "BHD"]),
)
@settings(max_examples=300, deadline=None)
def test_write_off_tolerance_in_integers_equals_the_decimal_rule(
    pct: Decimal, absolute: Decimal, open_minor: int, currency: str
) -> None:
    """A short payment is written off only within both limits of the ``matching:`` settings. The engine
    keeps the limits in integers (asked once per candidate invoice); they must be exactly the Decimal rule."""
    rule = MatchingSettings(write_off_tolerance_pct=pct, write_off_tolerance_abs=absolute)
    expected = max(0, min(int(absolute.scaleb(minor_units(currency))), int(pct * open_minor / 100)))
    assert _Tolerance(rule).limit(open_minor, currency) == expected


# Few words and many parties: dozens share each word, so the cut (_MAX_FUZZY) falls inside a tie.
party_words = st.sampled_from(["nordic", "supply", "acme", "industries"])


@given(
    st.lists(st.lists(party_words, min_size=1, max_size=3).map(" ".join), min_size=80, max_size=150),
    st.lists(party_words, min_size=1, max_size=3).map(" ".join),
)
@settings(max_examples=150, deadline=None)
def test_fuzzy_candidates_are_the_heaviest_blocks_ties_by_party_id(names: list[str], payer: str) -> None:
    """A fuzzy payer name is compared with at most _MAX_FUZZY customers: those sharing the rarest words with it,
    ties at the cut going to the lowest party ids. On large ledgers thousands tie, and the engine picks
    the few without sorting them all; the choice must be exactly the rule's."""
    resolver = PartyResolver([sample_party(f"p{k:03d}", name) for k, name in enumerate(names)])
    weight: dict[int, float] = {}
    words = payer.split()
    singles = [k for t in set(words) for k in (t, t[:4] + "*" if len(t) >= 4 else "") if k]
    for keys in ([f"{a}|{b[:4]}" for a, b in itertools.pairwise(words)], singles):
        for key in keys:
            block = resolver._by_token.get(key)
            if block and len(block) <= 300:
                for number in block:
                    weight[number] = weight.get(number, 0.0) + 1.0 / len(block)
        if weight:
            break
    ranked = sorted(weight.items(), key=lambda item: -item[1])
    ids = resolver._ids
    if len(ranked) <= _MAX_FUZZY:
        expected = sorted((ids[n], n) for n in weight)
    else:
        cut = ranked[_MAX_FUZZY - 1][1]
        chosen = [(ids[n], n) for n, w in ranked if w > cut]
        tied = sorted((ids[n], n) for n, w in ranked if w == cut)
        expected = sorted(chosen + tied[: _MAX_FUZZY - len(chosen)])
    assert resolver._candidates(payer) == expected


def _groups_that_fit(amounts: list[int], low: int, high: int, sizes: range) -> set[tuple[int, ...]]:
    return {
        group
        for size in sizes
        for group in itertools.combinations(range(len(amounts)), size)
        if low <= sum(amounts[i] for i in group) <= high
    }


@given(
    st.lists(st.integers(min_value=1, max_value=5_000), min_size=0, max_size=11),
    st.integers(min_value=1, max_value=12_000),
    st.integers(min_value=0, max_value=300),
    st.integers(min_value=1, max_value=400),
)
@settings(max_examples=400, deadline=None)
def test_combination_search_finds_only_groups_that_fit_and_never_claims_none_wrongly(
    amounts: list[int], low: int, spread: int, budget: int
) -> None:
    """Whatever its budget: every group it returns fits; "complete" with fewer groups than the stop
    means those are all there are; and "complete" with none means that none exists."""
    high = low + spread
    result = find_subsets(amounts, low, high, max_items=4, max_solutions=3, min_items=2, node_budget=budget)
    every = _groups_that_fit(amounts, low, high, range(2, 5))
    assert set(result.solutions) <= every
    if result.complete and len(result.solutions) < 3:
        assert set(result.solutions) == every
