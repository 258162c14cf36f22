"""`arsync state`: info, migrate and alias backup from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from arsync.state.migrate import head_revision


def test_info_reports_revision_and_row_counts_with_the_password_masked(run_arsync, state_url: str) -> None:
    assert run_arsync("state", "migrate", env={"ARSYNC_STATE_URL": state_url}).returncode == 0
    result = run_arsync("state", "info", "--json", env={"ARSYNC_STATE_URL": state_url})
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert (info["revision"], info["up_to_date"], info["rows"]["journal"]) == (head_revision(), True, 0)
    assert info["backend"] in ("sqlite", "postgresql")


def test_aliases_export_and_import_through_files(run_arsync, state_url: str, tmp_path: Path) -> None:
    env = {"ARSYNC_STATE_URL": state_url}
    source = tmp_path / "in.yaml"
    source.write_text("aliases:\n  - {kind: payer, key: ACME LTD, value: cust-1, hits: 4}\n", encoding="utf-8")
    imported = run_arsync("state", "aliases", "import", str(source), env=env)
    assert imported.returncode == 0, imported.stderr
    assert run_arsync("state", "aliases", "export", str(tmp_path / "out.yaml"), env=env).returncode == 0
    exported = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "key: ACME LTD" in exported
    assert "hits: 4" in exported


def test_a_bad_aliases_file_exits_78_naming_the_line(run_arsync, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("aliases:\n  - {kind: payer, key: ACME}\n", encoding="utf-8")
    result = run_arsync("state", "aliases", "import", str(bad))
    assert result.returncode == 78
    assert f"{bad}:2: aliases[0]: missing `value`" in result.stderr


def test_an_unreachable_store_never_prints_its_password(run_arsync) -> None:
    result = run_arsync("state", "--state-url", "postgresql://u:pw-hunter2@127.0.0.1:1/ar", "info")
    assert result.returncode == 1
    assert "pw-hunter2" not in result.stderr
    assert "u:***@127.0.0.1:1/ar" in result.stderr
