"""Calls and time per call of the matcher's per-payment functions, for comparing two ledger sizes.

    .venv/bin/python benchmarks/profile_match_calls.py 100000
    .venv/bin/python benchmarks/profile_match_calls.py 1000000     # ~8 min, ~8 GB

Times only the proposal phase (the engine's largest), in the engine's own payment order. Each function
is wrapped with a timer, which adds about half a microsecond per call: compare the two sizes with each
other, not with `bench_match.py`. A function called more than ten times as often for ten times the data
does more work per payment on the larger ledger; one whose time per call grows pays for memory the
caches no longer hold.

Reaches into the engine's private functions on purpose: it measures them.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from arsync.matching import engine
from arsync.matching.bench import generate
from arsync.matching.learning import LearnedAliases
from arsync.matching.references import InvoiceNumberIndex

_ENGINE_FUNCTIONS = ("_single", "_group", "_typo_hits", "_subset_proposals", "_score", "_structured_hits")
_INDEX_METHODS = ("find", "typo_neighbours", "typo_neighbours_among")
_CONTEXT_METHODS = ("party_near", "same_amount", "party_dues", "amount_is")


def _timed(owner: Any, name: str, seconds: Counter[str], calls: Counter[str]) -> None:
    original: Callable[..., Any] = getattr(owner, name)
    clock = time.perf_counter

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = clock()
        try:
            return original(*args, **kwargs)
        finally:
            seconds[name] += clock() - started
            calls[name] += 1

    setattr(owner, name, wrapper)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    gc.disable()  # as run_bench and match_statement do
    data = generate(size, invoices=size, seed=7)
    seconds: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for owner, names in (
        (engine, _ENGINE_FUNCTIONS),
        (InvoiceNumberIndex, _INDEX_METHODS),
        (engine._Context, _CONTEXT_METHODS),
    ):
        for name in names:
            _timed(owner, name, seconds, calls)
    ctx = engine._Context(data.invoices, data.parties, data.settings, LearnedAliases())
    units = engine._units(data.lines)
    for unit in units:
        engine._identify(ctx, unit)
    started = time.perf_counter()
    for unit in engine._proposal_order(units):
        engine._propose(ctx, unit, (), ())
    total = time.perf_counter() - started
    print(f"{size} lines and invoices: proposals {total:.1f} s for {len(units)} payments (timers included)")
    print(f"{'function':24s} {'seconds':>8s} {'calls':>10s} {'us/call':>8s}")
    for name, spent in seconds.most_common():
        print(f"{name:24s} {spent:8.2f} {calls[name]:10d} {1e6 * spent / calls[name]:8.2f}")


if __name__ == "__main__":
    main()
