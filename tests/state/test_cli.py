"""`arsync state`: info, migrate and alias backup from the command line (run in-process through ``main``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arsync.cli import main
from arsync.state.migrate import head_revision


@pytest.fixture
def arsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run ``arsync ARGS...`` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ARSYNC_CONFIG", raising=False)
    monkeypatch.setenv("ARSYNC_STATE_URL", f"sqlite:///{tmp_path / 'cli-state.db'}")

    def run(*args: str) -> tuple[int, str, str]:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_info_reports_revision_and_row_counts(arsync, state_url: str) -> None:
    assert arsync("state", "--state-url", state_url, "migrate")[0] == 0
    code, out, err = arsync("state", "--state-url", state_url, "info", "--json")
    assert code == 0, err
    info = json.loads(out)
    assert (info["revision"], info["up_to_date"], info["rows"]["journal"]) == (head_revision(), True, 0)


def test_info_on_a_new_store_says_it_needs_migrating(arsync) -> None:
    code, out, _ = arsync("state", "info")
    assert code == 0
    assert "run `arsync state migrate`" in out


def test_aliases_export_and_import_through_files(arsync, state_url: str, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text("aliases:\n  - {kind: payer, key: ACME LTD, value: cust-1, hits: 4}\n", encoding="utf-8")
    code, out, err = arsync("state", "--state-url", state_url, "aliases", "import", str(source))
    assert (code, out.startswith("imported 1 aliases")) == (0, True), err
    assert arsync("state", "--state-url", state_url, "aliases", "export", str(tmp_path / "out.yaml"))[0] == 0
    exported = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "key: ACME LTD" in exported
    assert "hits: 4" in exported


def test_a_bad_aliases_file_exits_78_naming_the_line(arsync, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("aliases:\n  - {kind: payer, key: ACME}\n", encoding="utf-8")
    code, _, err = arsync("state", "aliases", "import", str(bad))
    assert code == 78
    assert f"{bad}:2: aliases[0]: missing `value`" in err


def test_an_unreachable_store_never_prints_its_password(arsync) -> None:
    code, out, err = arsync("state", "--state-url", "postgresql://u:pw-hunter2@127.0.0.1:1/ar", "info")
    assert code == 1
    assert "pw-hunter2" not in out + err
    assert "u:***@127.0.0.1:1/ar" in err
