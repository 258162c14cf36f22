"""Alembic environment: runs on the connection :mod:`arsync.state.migrate` passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from arsync.state.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - always driven programmatically
    raise RuntimeError("run arsync state migrations with `arsync state migrate`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables instead
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
