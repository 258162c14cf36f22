"""Opening a store creates and migrates the schema; SQLite is set up for concurrent use."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from arsync.state import StateStore
from arsync.state.migrate import head_revision

TABLES = {"cursors", "links", "snapshots", "journal", "aliases", "tokens"}


def test_opening_an_empty_database_migrates_it_to_head(state_url: str) -> None:
    with StateStore.open(state_url) as store:
        assert store.revision() == head_revision()
        assert set(sa.inspect(store.engine).get_table_names()) >= TABLES


def test_reopening_keeps_the_data_and_runs_no_migration(state_url: str) -> None:
    with StateStore.open(state_url) as store:
        store.set_cursor("acme", "invoices", "2026-11-01")
    with StateStore.open(state_url) as store:
        assert store.migrate() is False
        assert store.revision() == head_revision()
        assert store.get_cursor("acme", "invoices") == "2026-11-01"


def test_opening_without_migrating_leaves_an_empty_database_empty(state_url: str) -> None:
    with StateStore.open(state_url, migrate_to_head=False) as store:
        assert store.revision() is None
        assert store.migrate() is True
        assert store.revision() == head_revision()


def test_sqlite_store_uses_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    with StateStore.open(f"sqlite:///{tmp_path / 'state.db'}") as store:
        assert store.journal_mode() == "wal"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_store_is_sqlite_in_the_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ARSYNC_STATE_URL", raising=False)
    monkeypatch.setattr("platformdirs.user_data_dir", lambda appname: str(tmp_path / "data" / appname))
    with StateStore.open() as store:
        assert store.path == tmp_path / "data" / "arsync" / "state.db"
        assert store.path.exists()


def test_sqlite_file_is_private_to_its_owner(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "state.db"
    with StateStore.open(f"sqlite:///{db}"):
        pass
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_environment_variable_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARSYNC_STATE_URL", f"sqlite:///{tmp_path / 'from-env.db'}")
    with StateStore.open() as store:
        assert store.path == tmp_path / "from-env.db"
