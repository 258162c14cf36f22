"""The state store's tables, as SQLAlchemy Core objects (the queries use these; migrations own the DDL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

__all__ = ["UTCDateTime", "aliases", "cursors", "journal", "links", "metadata", "snapshots", "tokens", "utcnow"]


def utcnow() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(tz=dt.UTC)


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on both backends (SQLite keeps no zone, so it is put back on read)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the state store; use an aware UTC datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # pragma: no cover - SQLite returns datetime for DateTime columns
            value = dt.datetime.fromisoformat(value)
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


JSONDoc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

metadata = sa.MetaData()

cursors = sa.Table(
    "cursors",
    metadata,
    sa.Column("tenant", sa.String(200), primary_key=True),
    sa.Column("stream", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

links = sa.Table(
    "links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity", sa.String(100), nullable=False),
    sa.Column("arsync_id", sa.String(200), nullable=False, index=True),
    sa.Column("system", sa.String(100), nullable=False),
    sa.Column("tenant", sa.String(200), nullable=False),
    sa.Column("external_id", sa.String(200), nullable=False),
    sa.Column("content_hash", sa.String(128)),
    sa.Column("remote_version", sa.String(200)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("system", "tenant", "external_id", name="uq_links_external"),
)

snapshots = sa.Table(
    "snapshots",
    metadata,
    sa.Column("tenant", sa.String(200), primary_key=True),
    sa.Column("stream", sa.String(200), primary_key=True),
    sa.Column("record_id", sa.String(200), primary_key=True),
    sa.Column("content_hash", sa.String(128), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

journal = sa.Table(
    "journal",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("idempotency_key", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False),
    sa.Column("tenant", sa.String(200), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("request", JSONDoc),
    sa.Column("response", JSONDoc),
    sa.Column("error", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime),
    sa.Column("finished_at", UTCDateTime),
    sa.UniqueConstraint("idempotency_key", name="uq_journal_idempotency_key"),
)

aliases = sa.Table(
    "aliases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scope", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("hits", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("scope", "kind", "key", name="uq_aliases_scope_kind_key"),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("tokens", JSONDoc, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
