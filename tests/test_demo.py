"""`arsync demo` runs the AR job end to end on the built-in sandboxes, and reruns cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import RunArsync


def test_demo_runs_the_job_end_to_end_and_reruns(run_arsync: RunArsync, tmp_path: Path) -> None:
    output = tmp_path / "demo"
    first = run_arsync("demo", "--output", str(output))
    assert first.returncode == 0, first.stderr

    applied = re.search(r"(\d+) receipts auto-applied \((\d+) exactly as an AR specialist would\)", first.stdout)
    assert applied is not None, first.stdout
    auto, correct = int(applied.group(1)), int(applied.group(2))
    assert auto > 0
    assert correct == auto  # no money posted to the wrong invoice
    assert "QuickBooks and Xero aging totals tie" in first.stdout
    assert "Ledger AR balance" in first.stdout
    assert "ties" in first.stdout

    matches = json.loads((output / "matches.json").read_text())
    assert all(isinstance(m["invoices"][0]["applied"], str) for m in matches["matches"])  # amounts are strings
    aging = json.loads((output / "aging.json").read_text())
    assert set(aging["totals"]) >= {"current", "1-30", "31-60", "61-90", "over-90", "total"}
    assert "<svg" in (output / "report.html").read_text()
    assert "Subject:" in (output / "collections-dry-run.txt").read_text()

    # The config the demo wrote takes its secrets from the environment, never from the file.
    config = (output / "arsync.yaml").read_text()
    assert "${ARSYNC_DEMO_QBO_SECRET}" in config
    assert "client_secret: ${" in config

    second = run_arsync("demo", "--output", str(output))
    assert second.returncode == 0, second.stderr
