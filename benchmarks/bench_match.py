"""Cash-application benchmark: accuracy on generated data with known answers, speed and memory at scale.

    .venv/bin/python benchmarks/bench_match.py                   # default size: accuracy (a few seconds)
    .venv/bin/python benchmarks/bench_match.py --lines 100000    # scale: 100k lines vs 100k open invoices
    .venv/bin/python benchmarks/bench_match.py --scaling         # 100k and 1M, prints the time ratio (slow)

Each run happens in this process. Memory: ``peak_rss_mb`` is the whole process's peak (generated data
included), ``generated_rss_mb`` the resident size once the data exists, and ``match_peak_extra_mb`` the
matcher's own peak above that (Linux resets the peak mark before matching). Figures recorded on the
project's 2-core machine are in benchmarks/results_match.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from arsync.matching.bench import run_bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--invoices", type=int, default=None, help="open invoices (default: 1.4 x lines)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scaling", action="store_true", help="run 100k and 1M in fresh processes")
    parser.add_argument("--full", action="store_true", help="print the per-kind breakdown too")
    args = parser.parse_args()
    if args.scaling:
        runs = []
        for n in (100_000, 1_000_000):
            out = subprocess.run(
                [sys.executable, __file__, "--lines", str(n), "--invoices", str(n), "--seed", str(args.seed)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out))
            print(out, flush=True)
        ratio = runs[1]["match_seconds"] / runs[0]["match_seconds"]
        cpu_ratio = runs[1]["match_cpu_seconds"] / runs[0]["match_cpu_seconds"]
        print(json.dumps({"time_ratio_10x": round(ratio, 2), "cpu_ratio_10x": round(cpu_ratio, 2)}))
        return
    report = run_bench(args.lines, invoices=args.invoices, seed=args.seed)
    if not args.full:
        report.pop("per_kind")
    report.pop("wrong_auto") if not report["wrong_auto"] else None
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
