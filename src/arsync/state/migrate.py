"""Run the packaged Alembic migrations programmatically (no alembic.ini on disk)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

__all__ = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "head_revision", "upgrade"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, bound to ``connection`` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of arsync."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The revision the database is at; ``None`` for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> bool:
    """Upgrade the database to ``revision``; returns True when something ran."""
    with engine.connect() as connection:
        before = current_revision(connection)
        connection.rollback()
        if before == head_revision() and revision == "head":
            return False
        command.upgrade(alembic_config(connection), revision)
        connection.commit()
        after = current_revision(connection)
        connection.rollback()
    return after != before
