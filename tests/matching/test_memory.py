"""The matcher runs with Python's cyclic collector paused (see ``match_statement``), so anything it
builds per payment must be freed by reference counting alone, or a million-line statement keeps it all."""

from __future__ import annotations

import gc

from arsync.matching.subset_sum import find_subsets


def test_combination_search_leaves_nothing_for_the_paused_collector() -> None:
    amounts = [6000, 5000, 4000, 3500, 2500, 1200, 999, 450] * 2
    gc.collect()
    gc.disable()
    try:
        result = find_subsets(amounts, 9000, 9000, max_items=4, max_solutions=4, min_items=2)
        assert result.solutions  # the search really ran
        assert gc.collect() == 0
    finally:
        gc.enable()
