"""State-store URLs: psycopg by default for PostgreSQL, and passwords never shown."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from arsync.errors import ConfigError
from arsync.state import StateStore, StateStoreError, mask_url
from arsync.state.urls import normalize_url


def test_a_password_in_the_url_is_masked() -> None:
    assert mask_url("postgresql+psycopg://arsync:s3cr3t-pass@db.example:5432/ar") == (
        "postgresql+psycopg://arsync:***@db.example:5432/ar"
    )


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_other_databases_are_refused_as_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"state\.url: unsupported state store 'mysql://u:\*\*\*@h/db'"):
        normalize_url("mysql://u:topsecret1@h/db")


def test_an_unreachable_server_is_reported_without_its_password() -> None:
    with pytest.raises(StateStoreError) as info:
        StateStore.open("postgresql://arsync:hunter2-secret@127.0.0.1:1/ar?connect_timeout=2")
    assert "hunter2-secret" not in str(info.value)
    assert "postgresql+psycopg://arsync:***@127.0.0.1:1/ar" in str(info.value)


@pytest.mark.postgres
def test_an_open_store_shows_its_url_with_the_password_masked(postgres_url: str) -> None:
    with_password = make_url(postgres_url).set(password="opensesame-42").render_as_string(hide_password=False)
    with StateStore.open(with_password) as store:  # the test server trusts loopback, so any password works
        assert "opensesame-42" not in store.url
        assert store.url == postgres_url.replace("postgres@", "postgres:***@")
        assert "opensesame-42" not in repr(store)
