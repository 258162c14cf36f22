"""Every state test runs on SQLite and on a real PostgreSQL server, each in a fresh database.

The PostgreSQL server comes from ``scripts/with-postgres.sh`` (``make test`` uses it), which sets
``ARSYNC_TEST_POSTGRES_URL``. Without it the PostgreSQL variants skip, unless ``ARSYNC_REQUIRE_POSTGRES=1``,
when they fail: a CI run must never pass by quietly skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from arsync.state import StateStore


def _postgres_admin_url() -> str:
    url = os.environ.get("ARSYNC_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("ARSYNC_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            "ARSYNC_REQUIRE_POSTGRES=1 but ARSYNC_TEST_POSTGRES_URL is not set: "
            "run the tests through `bash scripts/with-postgres.sh`",
            pytrace=False,
        )
    pytest.skip("no PostgreSQL server: run through `bash scripts/with-postgres.sh ...` (make test does)")


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[sa.Engine]:
    """An autocommit engine on the test server's maintenance database."""
    engine = sa.create_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_admin: sa.Engine) -> Iterator[str]:
    """The URL of a brand-new database, dropped after the test (tests run in parallel under xdist)."""
    name = f"arsync_test_{uuid.uuid4().hex[:16]}"
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield make_url(str(postgres_admin.url)).set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty state database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(state_url: str) -> Iterator[StateStore]:
    """An open, migrated store; closed after the test."""
    opened = StateStore.open(state_url)
    yield opened
    opened.close()
