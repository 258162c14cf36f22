"""Initial state store: cursors, links, snapshots, journal, aliases, tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# A frozen copy of the types, so later edits to schema.py never change what this revision creates.
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "cursors",
        sa.Column("tenant", sa.String(200), primary_key=True),
        sa.Column("stream", sa.String(200), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity", sa.String(100), nullable=False),
        sa.Column("arsync_id", sa.String(200), nullable=False),
        sa.Column("system", sa.String(100), nullable=False),
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(128)),
        sa.Column("remote_version", sa.String(200)),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.UniqueConstraint("system", "tenant", "external_id", name="uq_links_external"),
    )
    op.create_index("ix_links_arsync_id", "links", ["arsync_id"])
    op.create_table(
        "snapshots",
        sa.Column("tenant", sa.String(200), primary_key=True),
        sa.Column("stream", sa.String(200), primary_key=True),
        sa.Column("record_id", sa.String(200), primary_key=True),
        sa.Column("content_hash", sa.String(128), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("tenant", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("request", _JSON),
        sa.Column("response", _JSON),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.Column("started_at", _TS),
        sa.Column("finished_at", _TS),
        sa.UniqueConstraint("idempotency_key", name="uq_journal_idempotency_key"),
        sa.CheckConstraint("status IN ('planned', 'started', 'done', 'failed')", name="ck_journal_status"),
    )
    op.create_index("ix_journal_tenant", "journal", ["tenant"])
    op.create_index("ix_journal_status", "journal", ["status"])
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("hits", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
        sa.UniqueConstraint("scope", "kind", "key", name="uq_aliases_scope_kind_key"),
    )
    op.create_table(
        "tokens",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("tokens", _JSON, nullable=False),
        sa.Column("updated_at", _TS, nullable=False),
    )


def downgrade() -> None:
    """Drop every table."""
    for table in ("tokens", "aliases", "journal", "snapshots", "links", "cursors"):
        op.drop_table(table)
