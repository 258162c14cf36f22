"""Plugin discovery, isolation of broken plugins, and `arsync plugins`."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from tests.conftest import RunArsync

GOOD_PLUGIN = textwrap.dedent(
    """
    import arsync
    from arsync.connectors.base import Connector, ReadResult


    class Ledgerly(Connector):
        type_name = "ledgerly"

        def check(self):
            pass

        def read(self, stream, since=None):
            return ReadResult(records=[])


    @arsync.hookimpl
    def register_connectors(register):
        register(Ledgerly)
    """
)


def _plugins(run_arsync: RunArsync, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    result = run_arsync(*args, "plugins", "--json", env=env)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_version_is_printed(run_arsync: RunArsync) -> None:
    result = run_arsync("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("arsync ")


def test_plugins_json_lists_builtins_and_the_two_connector_distributions(run_arsync: RunArsync) -> None:
    document = _plugins(run_arsync)
    plugins = {p["name"]: p for p in document["plugins"]}
    assert plugins["bankfiles"]["source"] == "builtin"
    assert plugins["matching"]["source"] == "builtin"
    assert plugins["quickbooks"]["source"] == "entrypoint"
    assert plugins["xero"]["source"] == "entrypoint"
    assert all(p["error"] is None for p in plugins.values())


def test_a_python_file_in_the_plugins_dir_registers_a_connector(run_arsync: RunArsync, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "ledgerly.py").write_text(GOOD_PLUGIN)
    document = _plugins(run_arsync, "--plugins-dir", str(plugins_dir))
    assert "ledgerly" in document["connectors"]
    human = run_arsync("--plugins-dir", str(plugins_dir), "plugins")
    assert "ledgerly [plugins-dir] connector:ledgerly" in human.stdout


def test_the_plugins_dir_can_come_from_the_config_file(run_arsync: RunArsync, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "ledgerly.py").write_text(GOOD_PLUGIN)
    (tmp_path / "arsync.yaml").write_text(f"plugins_dir: {plugins_dir}\n")
    assert "ledgerly" in _plugins(run_arsync)["connectors"]


def test_a_plugin_that_raises_on_import_is_listed_and_other_commands_still_work(
    run_arsync: RunArsync, tmp_path: Path
) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "broken.py").write_text("raise RuntimeError('vendor SDK missing: pip install ledgerly-sdk')\n")
    (plugins_dir / "ledgerly.py").write_text(GOOD_PLUGIN)
    document = _plugins(run_arsync, "--plugins-dir", str(plugins_dir))
    errors = {e["plugin"]: e["error"] for e in document["errors"]}
    assert "vendor SDK missing" in errors["broken"]
    assert "ledgerly" in document["connectors"]
    # Another command, unrelated to the broken plugin, still runs.
    init = run_arsync("--plugins-dir", str(plugins_dir), "init", "-o", str(tmp_path / "new.yaml"))
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "new.yaml").exists()


def test_a_misspelt_hook_name_is_reported_not_ignored(run_arsync: RunArsync, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "typo.py").write_text(
        "import arsync\n\n@arsync.hookimpl\ndef register_conectors(register):\n    pass\n"
    )
    errors = {e["plugin"]: e["error"] for e in _plugins(run_arsync, "--plugins-dir", str(plugins_dir))["errors"]}
    assert "register_conectors" in errors["typo"]


def test_a_hook_that_raises_is_isolated(run_arsync: RunArsync, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "angry.py").write_text(
        "import arsync\n\n@arsync.hookimpl\ndef register_connectors(register):\n    raise ValueError('boom')\n"
    )
    (plugins_dir / "ledgerly.py").write_text(GOOD_PLUGIN)
    document = _plugins(run_arsync, "--plugins-dir", str(plugins_dir))
    errors = {e["plugin"]: e["error"] for e in document["errors"]}
    assert "boom" in errors["angry"]
    assert "ledgerly" in document["connectors"]


def test_load_plugins_allow_list_limits_entry_points(run_arsync: RunArsync) -> None:
    names = {p["name"] for p in _plugins(run_arsync, env={"ARSYNC_LOAD_PLUGINS": "quickbooks"})["plugins"]}
    assert "quickbooks" in names
    assert "xero" not in names
    assert {"bankfiles", "matching"} <= names  # built-ins always load


def test_disabling_autoload_skips_entry_points(run_arsync: RunArsync) -> None:
    names = {p["name"] for p in _plugins(run_arsync, env={"ARSYNC_DISABLE_PLUGIN_AUTOLOAD": "1"})["plugins"]}
    assert "quickbooks" not in names
    assert "xero" not in names
    both = {
        p["name"]
        for p in _plugins(run_arsync, env={"ARSYNC_DISABLE_PLUGIN_AUTOLOAD": "1", "ARSYNC_LOAD_PLUGINS": "xero"})[
            "plugins"
        ]
    }
    assert "xero" in both
    assert "quickbooks" not in both


def test_a_run_that_needs_a_missing_connector_names_the_broken_plugin(run_arsync: RunArsync, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "ledgerly.py").write_text("raise ImportError('no module named ledgerly_sdk')\n")
    (tmp_path / "arsync.yaml").write_text("connectors:\n  books:\n    type: ledgerly\n")
    result = run_arsync("--plugins-dir", str(plugins_dir), "check", "--offline")
    assert result.returncode == 1
    assert "no connector named 'ledgerly'" in result.stderr
    assert "ledgerly_sdk" in result.stderr
