"""The seeded generator and scorer: the matcher keeps its accuracy targets on data with known answers."""

from __future__ import annotations

from arsync.matching.bench import KINDS, generate, run_bench


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
