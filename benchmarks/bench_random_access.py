"""What one scattered memory access costs on this machine, for 100k, 1M and 3M entries.

    .venv/bin/python benchmarks/bench_random_access.py

The cash-application engine visits dictionaries and objects built from every open invoice. A random
lookup in a dictionary of a million string keys, or a visit to one of a million small objects, misses
the CPU caches and the TLB far more often than at 100k, so the same Python code runs slower per
payment on the bigger ledger. This prints the cost per lookup and per object visit at each size, so
the engine's 100k -> 1M time ratio can be read against the machine's own. Recorded figures are in
benchmarks/results_match.md.
"""

from __future__ import annotations

import json
import random
import time

PROBES = 1_000_000


def measure(n: int, seed: int = 1) -> dict[str, float]:
    keys = [f"INV-{k:07d}" for k in range(n)]
    table = {key: [i] for i, key in enumerate(keys)}
    objects = [[i, str(i)] for i in range(n)]
    rng = random.Random(seed)
    probe_keys = [keys[rng.randrange(n)] for _ in range(PROBES)]
    probe_idx = [rng.randrange(n) for _ in range(PROBES)]
    total = 0
    started = time.perf_counter()
    for key in probe_keys:
        total += table[key][0]
    looked_up = time.perf_counter()
    for i in probe_idx:
        total += objects[i][0]
    visited = time.perf_counter()
    assert total >= 0
    return {
        "entries": n,
        "dict_lookup_ns": round((looked_up - started) * 1e9 / PROBES),
        "object_visit_ns": round((visited - looked_up) * 1e9 / PROBES),
    }


def main() -> None:
    for n in (100_000, 1_000_000, 3_000_000):
        print(json.dumps(measure(n)), flush=True)


if __name__ == "__main__":
    main()
