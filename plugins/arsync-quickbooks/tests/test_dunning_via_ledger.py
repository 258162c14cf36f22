"""Dunning through QuickBooks' own invoice email (`collections.send_via: ledger`), end to end."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from arsync.cli import cli
from arsync.demo.run import demo_environment


def _collect(config: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["--config", str(config), "collect", "--ledger", "qbo", "--as-of", "2026-11-15", "--json", *args]
    )
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_reminders_sent_through_the_ledger_email_exactly_the_planned_invoices_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARSYNC_STATE_URL", f"sqlite:///{tmp_path / 'state.db'}")
    with demo_environment(tmp_path, send_via="ledger") as environment:
        company = environment.sandboxes["qbo"].company  # type: ignore[attr-defined]
        planned = _collect(environment.config)
        expected = {(invoice["id"], email["to"][0]) for email in planned["emails"] for invoice in email["invoices"]}  # type: ignore[union-attr,index]
        assert expected, "the demo company has overdue customers to remind"
        assert company.sent_emails == []  # the dry run asked the ledger for nothing

        _collect(environment.config, "--send")
        assert set(company.sent_emails) == expected
        assert len(company.sent_emails) == len(expected)

        again = _collect(environment.config, "--send")
        assert len(company.sent_emails) == len(expected)  # a rerun sends nothing new
        assert again["emails"] == []
