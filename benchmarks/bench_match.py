"""Cash-application benchmark: accuracy on generated data with known answers, speed and memory at scale.

    .venv/bin/python benchmarks/bench_match.py                   # default size: accuracy (a few seconds)
    .venv/bin/python benchmarks/bench_match.py --lines 100000    # scale: 100k lines vs 100k open invoices
    .venv/bin/python benchmarks/bench_match.py --scaling         # 100k 4 times around one 1M run: time ratios (slow)

Each run happens in this process. Memory: ``peak_rss_mb`` is the whole process's peak (generated data
included), ``generated_rss_mb`` the resident size once the data exists, and ``match_peak_extra_mb`` the
matcher's own peak above that (Linux resets the peak mark before matching). Figures recorded on the
project's 2-core machine are in benchmarks/results_match.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
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
    parser.add_argument(
        "--repeat", type=int, default=4, help="with --scaling: 100k runs, half before the 1M run (default 4)"
    )
    args = parser.parse_args()
    if args.scaling:
        # The 100k run takes half a minute and the 1M run minutes, and this shared machine drifts by 10-20%
        # from one quarter hour to the next. So the small size runs several times, half before the large
        # run and half after it, so that a drift during the session weighs on both sizes alike; the
        # ratio is given against the small runs' median and against their fastest (the stricter one).
        def run(n: int) -> dict[str, float]:
            out = subprocess.run(
                [sys.executable, __file__, "--lines", str(n), "--invoices", str(n), "--seed", str(args.seed)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            print(out, flush=True)
            return dict(json.loads(out))

        before = (args.repeat + 1) // 2
        small = [run(100_000) for _ in range(before)]
        large = run(1_000_000)
        small += [run(100_000) for _ in range(args.repeat - before)]
        summary: dict[str, object] = {"small_runs": args.repeat, "small_runs_before_large": before}
        # The generator does a bounded amount of work per invoice and per line, so its own ratio is the
        # machine's ratio for plain Python work on a heap of each size: the yardstick for the matcher's.
        # "kernel" is the system CPU time (page faults on fresh memory), part of "cpu".
        for label, key in (
            ("wall", "match_seconds"),
            ("cpu", "match_cpu_seconds"),
            ("kernel", "match_kernel_seconds"),
            ("generator", "generate_seconds"),
        ):
            times = sorted(r[key] for r in small)
            summary[f"{label}_100k_seconds"] = times
            summary[f"{label}_1m_seconds"] = large[key]
            summary[f"{label}_ratio_10x_vs_median"] = round(large[key] / statistics.median(times), 2)
            summary[f"{label}_ratio_10x_vs_fastest"] = round(large[key] / times[0], 2)
        print(json.dumps(summary))
        return
    report = run_bench(args.lines, invoices=args.invoices, seed=args.seed)
    if not args.full:
        report.pop("per_kind")
    report.pop("wrong_auto") if not report["wrong_auto"] else None
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
