"""The seeded generator and scorer: the matcher keeps its accuracy targets on data with known answers."""

from __future__ import annotations

import random
from collections import Counter

from arsync.matching.bench import KINDS, LEGAL_FORMS, _name, generate, run_bench


def test_generated_statements_cover_every_kind() -> None:
    data = generate(600, seed=3)
    assert set(data.kinds.values()) == set(KINDS)


def test_generator_is_deterministic_for_a_seed() -> None:
    first, second = generate(200, seed=11), generate(200, seed=11)
    assert [line.canonical_json() for line in first.lines] == [line.canonical_json() for line in second.lines]
    assert first.truth == second.truth


def test_precision_and_auto_rate_meet_the_targets_at_small_size() -> None:
    report = run_bench(700, seed=1)
    assert report["precision"] >= 0.995, report["wrong_auto"]
    assert report["auto_rate"] >= 0.90, report


def _twin_share(customers: int) -> float:
    """Share of generated customer names that another customer's name equals once the legal form is gone."""
    rng, used = random.Random(5), set[str]()
    cores = Counter(
        " ".join(w for w in _name(rng, used, customers).upper().split() if w not in LEGAL_FORMS)
        for _ in range(customers)
    )
    return sum(n for n in cores.values() if n > 1) / customers


def test_ten_times_the_customers_are_as_easy_to_tell_apart() -> None:
    # A scaling benchmark compares like with like: a million-invoice ledger's payers must not be twins
    # far more often than a 100k ledger's, or the larger run measures harder data, not more data.
    small, large = _twin_share(16_666), _twin_share(166_666)
    assert large < 1.5 * small, (small, large)
