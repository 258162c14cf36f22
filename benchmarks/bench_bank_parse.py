"""Benchmark: parse a generated CSV bank statement, report lines per second and peak memory.

Usage::

    .venv/bin/python benchmarks/bench_bank_parse.py                 # 100k, 300k and 1M lines, best of 3 (~1 minute)
    .venv/bin/python benchmarks/bench_bank_parse.py --sizes 1000000 --profile chase-checking
    .venv/bin/python benchmarks/bench_bank_parse.py --profile all    # every generated shape

Each size runs in a fresh child process (generated once, parsed ``--repeat`` times; the best run and the
median are shown) so its peak RSS (``resource.getrusage``) is its own; flat
memory across sizes shows the parser streams. Target: >= 100,000 lines/s on a 2-core machine
(aiming for 300,000). The machine's load average is printed before and after: on a shared machine,
``lines/cpu-s`` (lines per second of this process's own CPU time) is the steadier figure.

This is a measurement script, not a test: it prints, and never fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

_SHAPES = {
    # profile name: (header, row writer)
    "generic": "date,amount,currency,description,counterparty,reference,bank_id\n",
    "chase-checking": 'Details,Posting Date,"Description",Amount,Type,Balance,Check or Slip #,\n',
}


def generate(path: Path, lines: int, profile: str, seed: int = 7) -> None:
    """Write a statement with ``lines`` data rows (quoted fields, some with commas)."""
    rng = random.Random(seed)
    payers = ["ACME CORP", "Globex, Inc.", "Initech LLC", "Umbrella plc", "Stark Industries", "Wayne Enterprises"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(_SHAPES[profile])
        for i in range(lines):
            day = 1 + i % 28
            month = 1 + (i // 28) % 12
            cents = rng.randint(-500_000, 900_000)
            amount = f"{cents // 100 if cents >= 0 else -((-cents) // 100)}.{abs(cents) % 100:02d}"
            if cents < 0 and cents > -100:
                amount = f"-0.{abs(cents):02d}"
            payer = payers[i % len(payers)]
            if profile == "generic":
                fh.write(
                    f'2024-{month:02d}-{day:02d},{amount},USD,"PAYMENT FROM {payer} INV-{i % 9973:05d}",'
                    f'"{payer}",INV-{i % 9973:05d},TX{i:09d}\n'
                )
            else:
                kind = "CREDIT" if cents >= 0 else "DEBIT"
                fh.write(f'{kind},{month}/{day}/2024,"ACH {payer} PPD ID: {i:010d}",{amount},ACH_{kind},1000.00,,\n')


def child(size: int, profile: str, repeat: int) -> dict[str, float | str]:
    """Generate, then parse ``repeat`` times with the registered profile; return the measurements.

    The best run is the figure least disturbed by other work on a shared machine; the median is shown too.
    """
    from arsync.bankfiles.base import ParseOptions
    from arsync.plugins import load_plugins

    fmt = load_plugins().bank_formats[profile]
    walls: list[float] = []
    cpus: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"statement-{size}.csv"
        generate(path, size, profile)
        size_mb = path.stat().st_size / 1e6
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(repeat):
            start = time.perf_counter()
            cpu_start = time.process_time()
            count = 0
            total = Decimal(0)
            for line in fmt.parse_with(path, ParseOptions()):  # a consumer that touches every line
                count += 1
                total += line.amount.amount
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu_start)
            assert count == size, (count, size)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "lines": count,
        "seconds": round(min(walls), 3),
        "lines_per_second": round(count / min(walls)),
        "median_lines_per_second": round(count / statistics.median(walls)),
        "lines_per_cpu_second": round(count / min(cpus)),
        "file_mb": round(size_mb, 1),
        "peak_rss_mb": round(rss_after / 1024, 1),
        "rss_growth_while_parsing_mb": round((rss_after - rss_before) / 1024, 1),
        "checksum": str(total),
    }


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--profile", default="generic", choices=[*sorted(_SHAPES), "all"])
    parser.add_argument("--repeat", type=int, default=3, help="parses per size; the best is reported (default 3)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.profile, args.repeat)))
        return
    print(f"before: {_load()}")
    if os.getloadavg()[0] > 1.5:
        print("note: the machine is busy; lines/s will be low, compare lines/cpu-s or re-run when idle")
    print(
        f"{'profile':>15} {'lines':>10} {'file MB':>8} {'seconds':>8} {'lines/s':>10} {'median/s':>10} "
        f"{'lines/cpu-s':>12} {'peak RSS MB':>12} {'RSS growth MB':>14}"
    )
    results: list[dict[str, Any]] = []
    for profile in sorted(_SHAPES) if args.profile == "all" else [args.profile]:
        for size in (int(s) for s in args.sizes.split(",")):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size), "--profile", profile, "--repeat", str(args.repeat)],
                check=True,
                capture_output=True,
                text=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(
                f"{profile:>15} {r['lines']:>10} {r['file_mb']:>8} {r['seconds']:>8} {r['lines_per_second']:>10} "
                f"{r['median_lines_per_second']:>10} "
                f"{r['lines_per_cpu_second']:>12} {r['peak_rss_mb']:>12} {r['rss_growth_while_parsing_mb']:>14}",
                flush=True,
            )
    print(f"after:  {_load()}")
    slowest = min(r["lines_per_second"] for r in results)
    rss = [r["peak_rss_mb"] for r in results]
    print(
        f"target >= 100,000 lines/s: {'met' if slowest >= 100_000 else 'NOT met'} (slowest run {slowest:,.0f}); "
        f"peak RSS {min(rss)}-{max(rss)} MB across sizes (flat = streaming)"
    )


if __name__ == "__main__":
    main()
