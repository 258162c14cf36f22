"""What one scattered memory access and one fresh page cost on this machine, at small and large sizes.

    .venv/bin/python benchmarks/bench_random_access.py

The cash-application engine visits dictionaries and objects built from every open invoice. A random
lookup in a dictionary of a million string keys, or a visit to one of a million small objects, misses
the CPU caches and the TLB far more often than at 100k, so the same Python code runs slower per
payment on the bigger ledger. This prints the cost per lookup and per object visit at each size, so
the engine's 100k -> 1M time ratio can be read against the machine's own. Recorded figures are in
benchmarks/results_match.md.

It also prints what the first touch of a fresh 4 KB page costs when a process takes 0.5 GB and when it
takes 4 GB (the matcher's own share at 100k and at 1M): the kernel's page-fault work, which on a
virtual machine whose memory the host hands out lazily grows with the memory taken. Each size is
touched three times: fresh, again at once (memory the process has just given back), and again after
ten seconds. With virtio-balloon free page reporting on (printed first), the guest hands memory it
frees back to the host within seconds, and the next process to take it pays the host's fault again.
"""

from __future__ import annotations

import json
import mmap
import random
import resource
import time
from pathlib import Path

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


def fresh_pages(gib: float) -> dict[str, float]:
    """Map ``gib`` GiB of fresh anonymous memory and write one byte per 4 KB page."""
    size = int(gib * 2**30)
    pages = size // 4096
    with mmap.mmap(-1, size) as memory:
        kernel = resource.getrusage(resource.RUSAGE_SELF).ru_stime
        started = time.perf_counter()
        for offset in range(0, size, 4096):
            memory[offset] = 1
        wall = time.perf_counter() - started
        kernel = resource.getrusage(resource.RUSAGE_SELF).ru_stime - kernel
    return {
        "fresh_gib": gib,
        "page_touch_us": round(wall * 1e6 / pages, 2),
        "page_fault_kernel_us": round(kernel * 1e6 / pages, 2),
    }


def free_page_reporting() -> bool | None:
    """Whether the virtio-balloon device offers free page reporting (feature bit 5); None without one."""
    for features in Path("/sys/bus/virtio/drivers/virtio_balloon").glob("virtio*/features"):
        bits = features.read_text().strip()
        return len(bits) > 5 and bits[5] == "1"
    return None


def main() -> None:
    print(json.dumps({"free_page_reporting": free_page_reporting()}), flush=True)
    for n in (100_000, 1_000_000, 3_000_000):
        print(json.dumps(measure(n)), flush=True)
    for gib in (0.5, 4.0):
        for when in ("fresh", "again at once", "again after 10 s"):
            if when == "again after 10 s":
                time.sleep(10)
            print(json.dumps({"touch": when, **fresh_pages(gib)}), flush=True)


if __name__ == "__main__":
    main()
