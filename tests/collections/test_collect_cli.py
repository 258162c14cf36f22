"""`arsync collect` from the command line: dry-run by default, --send through SMTP, holds recorded by command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from arsync.cli import cli

from .conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer

LEDGER = """number,customer,customer_id,email,issue_date,due_date,currency,total,amount_due
INV-1,Alder Dental,alder,ap@alder.example,2026-04-01,2026-05-01,USD,1200.00,1200.00
INV-2,Birch Bakery,birch,pay@birch.example,2026-05-20,2026-06-19,USD,300.00,150.00
INV-3,Cedar Labs,cedar,ap@cedar.example,2026-06-15,2026-07-15,USD,80.00,80.00
"""


@pytest.fixture
def workdir(tmp_path: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ledger.csv").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "arsync.yaml").write_text(
        f"""version: 1
collections:
  ledger: {tmp_path / "ledger.csv"}
  from_address: ar@seller.example
  smtp:
    host: {smtp_server.host}
    port: {smtp_server.port}
    starttls: true
    username: {SMTP_USER}
    password: ${{ARSYNC_SMTP_PASSWORD}}
    ca_file: {smtp_server.ca_file}
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("ARSYNC_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("ARSYNC_STATE_URL", f"sqlite:///{tmp_path / 'state.db'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(workdir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--config", str(workdir / "arsync.yaml"), *args], catch_exceptions=False)
    return result.exit_code, result.stdout


def test_collect_is_a_dry_run_by_default_that_prints_every_email_and_sends_nothing(
    workdir: Path, smtp_server: SmtpServer
) -> None:
    code, out = _run(workdir, "collect", "--as-of", "2026-06-30")
    assert code == 0
    assert smtp_server.inbox.messages == []
    assert "Would send 2 reminder(s)" in out
    assert "To: ap@alder.example" in out and "INV-1" in out and "USD 1,200.00" in out
    assert "To: pay@birch.example" in out and "USD 150.00" in out
    assert SMTP_PASSWORD not in out


def test_collect_send_delivers_once_and_a_rerun_sends_nothing(workdir: Path, smtp_server: SmtpServer) -> None:
    code, out = _run(workdir, "collect", "--as-of", "2026-06-30", "--send", "--json")
    assert code == 0, out
    document = json.loads(out)
    assert len(document["sent"]) == 2
    assert sorted(r for rs in smtp_server.inbox.recipients for r in rs) == ["ap@alder.example", "pay@birch.example"]

    code, out = _run(workdir, "collect", "--as-of", "2026-06-30", "--send", "--json")
    assert code == 0
    assert json.loads(out)["emails"] == []
    assert len(smtp_server.inbox.messages) == 2


def test_a_hold_recorded_from_the_command_line_stops_that_customers_reminder(
    workdir: Path, smtp_server: SmtpServer
) -> None:
    code, _ = _run(workdir, "collect", "hold", "alder", "--reason", "payment plan")
    assert code == 0
    code, out = _run(workdir, "collect", "--as-of", "2026-06-30", "--send", "--json")
    assert code == 0
    document = json.loads(out)
    assert [e["customer_id"] for e in document["emails"]] == ["birch"]
    assert any(s["customer_id"] == "alder" and "payment plan" in s["reason"] for s in document["skipped"])
    assert smtp_server.inbox.to("ap@alder.example") == []

    code, _ = _run(workdir, "collect", "release", "hold", "alder")
    assert code == 0
    _, out = _run(workdir, "collect", "--as-of", "2026-06-30", "--json")
    assert [e["customer_id"] for e in json.loads(out)["emails"]] == ["alder"]


def test_aging_json_from_the_command_line_follows_the_design_shape(workdir: Path) -> None:
    code, out = _run(workdir, "aging", "--ledger", str(workdir / "ledger.csv"), "--as-of", "2026-06-30", "--json")
    assert code == 0, out
    document = json.loads(out)
    assert document["totals"] == {
        "current": "80.00",
        "1-30": "150.00",
        "31-60": "1200.00",
        "61-90": "0.00",
        "over-90": "0.00",
        "total": "1430.00",
    }
    assert document["as_of"] == "2026-06-30" and document["age_by"] == "due"
