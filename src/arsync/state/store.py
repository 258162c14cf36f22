"""The state store: cursors, links, snapshots, the apply journal, learned aliases and tokens.

SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL (by URL). :meth:`StateStore.open` migrates the
database to the newest schema. Every method is one short transaction. On SQLite, writes start with
``BEGIN IMMEDIATE`` so two processes queue on ``busy_timeout`` instead of failing on a lock upgrade.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL

from arsync.logs import redact
from arsync.state import locking, migrate
from arsync.state.aliases_yaml import dump_aliases, parse_aliases
from arsync.state.errors import JournalStatusError, StateStoreError, StateValueError
from arsync.state.records import JOURNAL_STATUSES, Alias, JournalEntry, JournalStatus, Link, Snapshot
from arsync.state.schema import aliases, cursors, journal, links, snapshots, utcnow
from arsync.state.schema import tokens as tokens_table
from arsync.state.urls import default_url, mask_url, normalize_url, sqlite_path

__all__ = ["BUSY_TIMEOUT_SECONDS", "JOURNAL_TRANSITIONS", "StateStore"]

BUSY_TIMEOUT_SECONDS = 30

JOURNAL_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "planned": frozenset({"planned", "started", "done", "failed"}),
    "started": frozenset({"started", "done", "failed"}),  # started -> started is a deliberate retry
    "failed": frozenset({"planned", "started", "done", "failed"}),
    "done": frozenset(),  # final: the remote change happened
}
"""Allowed journal moves. ``done`` from ``planned``/``failed`` records adopting a remote copy found by lookup."""

_TABLES = {
    "cursors": cursors,
    "links": links,
    "snapshots": snapshots,
    "journal": journal,
    "aliases": aliases,
    "tokens": tokens_table,
}


def _check_json(value: Any, where: str) -> None:
    """Refuse anything JSON would not carry exactly: floats (money must be Decimal strings), Decimals, objects."""
    if value is None or isinstance(value, (bool, int, str)):
        return
    if isinstance(value, float):
        raise StateValueError(
            f"{where} is a float ({value!r}); the journal keeps amounts exactly: pass money as a decimal string"
        )
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _check_json(item, f"{where}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise StateValueError(f"{where} has a non-text key {key!r}; JSON object keys are text")
            _check_json(item, f"{where}.{key}")
        return
    raise StateValueError(
        f"{where} is a {type(value).__name__}; convert it to text first (Decimal -> str, date -> isoformat())"
    )


def _check_token_json(value: Any) -> None:
    """Token sets may hold float timestamps, but must be JSON (finite numbers, text keys)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StateValueError(f"token set is not JSON-serializable ({type(exc).__name__})") from None


class StateStore:
    """Durable state for arsync runs, on SQLite or PostgreSQL.

    Attributes:
        url: the database URL with any password masked (safe to print).
        dialect: ``"sqlite"`` or ``"postgresql"``.
        path: the SQLite database file, or ``None`` (PostgreSQL or in-memory).
    """

    def __init__(self, engine: sa.Engine, url: URL) -> None:
        self.engine = engine
        self.url = mask_url(url)
        self.dialect = engine.dialect.name
        self.path = sqlite_path(url)

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, migrate_to_head: bool = True) -> StateStore:
        """Open (creating if needed) the store at ``url`` and migrate it to the newest schema.

        Args:
            url: a SQLAlchemy URL; ``None`` uses ``$ARSYNC_STATE_URL``, else SQLite at
                ``<user data dir>/arsync/state.db``. ``postgresql://`` is read as ``postgresql+psycopg://``.
            migrate_to_head: run pending migrations (default). ``arsync state info`` opens without them.

        Raises:
            ConfigError: the URL cannot be parsed or names an unsupported database.
            StateStoreError: the database cannot be reached or migrated (the message never holds a password).
        """
        parsed = normalize_url(url or os.environ.get("ARSYNC_STATE_URL") or default_url())
        store = cls(_create_engine(parsed), parsed)
        try:
            with store._errors("open"):
                if migrate_to_head:
                    store.migrate()
                else:
                    with store.engine.connect():
                        pass
        except BaseException:
            store.close()
            raise
        return store

    def migrate(self) -> bool:
        """Upgrade to the newest schema under a lock (two processes may open a new store at once)."""
        with self._lock("migrate", label="the state store migration", wait=True, timeout=120), self._errors("migrate"):
            return migrate.upgrade(self.engine)

    def revision(self) -> str | None:
        """The schema revision the database is at (``None`` when empty)."""
        with self._errors("read the schema revision"), self.engine.connect() as conn:
            return migrate.current_revision(conn)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"StateStore({self.url!r})"

    # --- plumbing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except sa.exc.SQLAlchemyError as exc:
            detail = redact(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
            raise StateStoreError(f"state store {self.url}: could not {action}: {detail}") from None

    @contextlib.contextmanager
    def _write(self, action: str) -> Iterator[sa.Connection]:
        with self._errors(action), self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(arsync_sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def _read(self, action: str) -> Iterator[sa.Connection]:
        with self._errors(action), self.engine.connect() as conn, conn.begin():
            yield conn

    def _insert(self, table: sa.Table) -> Any:
        """The dialect's INSERT, which has ``on_conflict_do_update``/``on_conflict_do_nothing``."""
        module = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    def _lock(
        self, name: str, *, label: str, wait: bool, timeout: float | None
    ) -> contextlib.AbstractContextManager[None]:
        if self.dialect == "postgresql":
            return locking.advisory_lock(self.engine, name, label=label, wait=wait, timeout=timeout)
        if self.path is not None:
            lock_dir = self.path.with_name(self.path.name + ".locks")
            return locking.file_lock(lock_dir / locking.lock_file_name(name), label=label, wait=wait, timeout=timeout)
        return locking.memory_lock(self, name, label=label, wait=wait, timeout=timeout)

    # --- locks --------------------------------------------------------------------------

    def lock(
        self, tenant: str, *, wait: bool = False, timeout: float | None = None
    ) -> contextlib.AbstractContextManager[None]:
        """Exclusive lock on ``tenant`` across processes (and, on PostgreSQL, machines).

        SQLite: ``flock`` on ``<db>.locks/<tenant>.lock``; PostgreSQL: a session advisory lock. Either is
        released when the holder exits or dies.

        Args:
            tenant: the tenant name.
            wait: block until the lock is free instead of failing at once.
            timeout: with ``wait``, give up after this many seconds.

        Raises:
            LockedError: another holder has the lock (and ``wait`` is False or ``timeout`` passed).
        """
        return self._lock(f"tenant:{tenant}", label=f"tenant {tenant!r}", wait=wait, timeout=timeout)

    def token_lock(self, key: str, *, timeout: float = 60) -> contextlib.AbstractContextManager[None]:
        """The lock :class:`~arsync.state.tokens.StateTokenStore` refreshes ``key`` under (waits up to ``timeout``)."""
        return self._lock(f"token:{key}", label=f"token {key!r}", wait=True, timeout=timeout)

    # --- cursors ------------------------------------------------------------------------

    def get_cursor(self, tenant: str, stream: str) -> str | None:
        """The saved incremental-read position of ``stream`` for ``tenant``."""
        with self._read("read a cursor") as conn:
            query = sa.select(cursors.c.value).where(cursors.c.tenant == tenant, cursors.c.stream == stream)
            return conn.execute(query).scalar_one_or_none()

    def set_cursor(self, tenant: str, stream: str, value: str) -> None:
        """Save the position; call only after the records read up to it are durably stored."""
        with self._write("save a cursor") as conn:
            stmt = self._insert(cursors).values(tenant=tenant, stream=stream, value=value, updated_at=utcnow())
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["tenant", "stream"],
                    set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
                )
            )

    # --- links --------------------------------------------------------------------------

    def put_link(
        self,
        *,
        entity: str,
        arsync_id: str,
        system: str,
        tenant: str,
        external_id: str,
        content_hash: str | None = None,
        remote_version: str | None = None,
    ) -> None:
        """Record that ``arsync_id`` is ``external_id`` in ``system``/``tenant`` (upsert on the external id).

        ``content_hash``/``remote_version`` left as ``None`` keep the values stored before.
        """
        now = utcnow()
        with self._write("save a link") as conn:
            stmt = self._insert(links).values(
                entity=entity,
                arsync_id=arsync_id,
                system=system,
                tenant=tenant,
                external_id=external_id,
                content_hash=content_hash,
                remote_version=remote_version,
                created_at=now,
                updated_at=now,
            )
            ex = stmt.excluded
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["system", "tenant", "external_id"],
                    set_={
                        "entity": ex.entity,
                        "arsync_id": ex.arsync_id,
                        "content_hash": sa.func.coalesce(ex.content_hash, links.c.content_hash),
                        "remote_version": sa.func.coalesce(ex.remote_version, links.c.remote_version),
                        "updated_at": ex.updated_at,
                    },
                )
            )

    @staticmethod
    def _link(row: sa.Row[Any]) -> Link:
        m = row._mapping
        return Link(**{f: m[f] for f in Link.__dataclass_fields__})

    def find_link(self, system: str, tenant: str, external_id: str) -> Link | None:
        """The link for an external record, or ``None``."""
        with self._read("read a link") as conn:
            row = conn.execute(
                sa.select(links).where(
                    links.c.system == system, links.c.tenant == tenant, links.c.external_id == external_id
                )
            ).first()
        return None if row is None else self._link(row)

    def links_for(self, arsync_id: str) -> list[Link]:
        """Every external copy of ``arsync_id``, ordered by system, tenant, external id."""
        with self._read("read links") as conn:
            rows = conn.execute(
                sa.select(links)
                .where(links.c.arsync_id == arsync_id)
                .order_by(links.c.system, links.c.tenant, links.c.external_id)
            ).all()
        return [self._link(row) for row in rows]

    # --- snapshots ----------------------------------------------------------------------

    def put_snapshot(self, tenant: str, stream: str, record_id: str, content_hash: str, body: str) -> bool:
        """Store the record's latest canonical form; True when it is new or its hash changed."""
        with self._write("save a snapshot") as conn:
            stmt = self._insert(snapshots).values(
                tenant=tenant,
                stream=stream,
                record_id=record_id,
                content_hash=content_hash,
                body=body,
                updated_at=utcnow(),
            )
            ex = stmt.excluded
            result = conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["tenant", "stream", "record_id"],
                    set_={"content_hash": ex.content_hash, "body": ex.body, "updated_at": ex.updated_at},
                    where=snapshots.c.content_hash != ex.content_hash,
                ).returning(snapshots.c.content_hash)
            )
            # RETURNING yields a row only when a row was inserted or actually updated
            return result.first() is not None

    def get_snapshot(self, tenant: str, stream: str, record_id: str) -> Snapshot | None:
        """The stored snapshot, or ``None``."""
        with self._read("read a snapshot") as conn:
            row = conn.execute(
                sa.select(snapshots).where(
                    snapshots.c.tenant == tenant, snapshots.c.stream == stream, snapshots.c.record_id == record_id
                )
            ).first()
        if row is None:
            return None
        m = row._mapping
        return Snapshot(**{f: m[f] for f in Snapshot.__dataclass_fields__})

    # --- journal ------------------------------------------------------------------------

    @staticmethod
    def _entry(row: sa.Row[Any]) -> JournalEntry:
        m = row._mapping
        return JournalEntry(
            key=m["idempotency_key"],
            kind=m["kind"],
            tenant=m["tenant"],
            status=cast(JournalStatus, m["status"]),
            request=m["request"],
            response=m["response"],
            error=m["error"],
            attempts=m["attempts"],
            created_at=m["created_at"],
            updated_at=m["updated_at"],
            started_at=m["started_at"],
            finished_at=m["finished_at"],
        )

    def journal_record(
        self,
        key: str,
        *,
        kind: str,
        tenant: str,
        status: str,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> JournalEntry:
        """Create or move the journal entry ``key``; call before and after every remote write.

        A new key may start in any status. An existing one moves only along :data:`JOURNAL_TRANSITIONS`
        (``done`` is final). Each move to ``started`` counts an attempt. ``request``/``response``/``error``
        left as ``None`` keep their stored values.

        An entry still ``started`` on a later run is *in doubt*: the remote call may or may not have
        happened. Look the record up remotely (idempotency key, natural key) before retrying it.

        Raises:
            StateValueError: ``request``/``response`` hold a float, Decimal or other non-JSON value.
            JournalStatusError: unknown status, a disallowed transition, or ``key`` reused for another kind/tenant.
        """
        if status not in JOURNAL_STATUSES:
            raise JournalStatusError(f"journal status {status!r} is not one of {', '.join(JOURNAL_STATUSES)}")
        _check_json(request, "journal request")
        _check_json(response, "journal response")
        now = utcnow()
        started = status == "started"
        finished = status in ("done", "failed")
        with self._write("write the journal") as conn:
            stmt = self._insert(journal).values(
                idempotency_key=key,
                kind=kind,
                tenant=tenant,
                status=status,
                request=request,
                response=response,
                error=error,
                attempts=1 if started else 0,
                created_at=now,
                updated_at=now,
                started_at=now if started else None,
                finished_at=now if finished else None,
            )
            inserted = conn.execute(
                stmt.on_conflict_do_nothing(index_elements=["idempotency_key"]).returning(journal.c.id)
            ).first()
            if inserted is not None:
                row = conn.execute(sa.select(journal).where(journal.c.idempotency_key == key)).one()
                return self._entry(row)
            current = self._entry(
                conn.execute(sa.select(journal).where(journal.c.idempotency_key == key).with_for_update()).one()
            )
            if (current.kind, current.tenant) != (kind, tenant):
                raise JournalStatusError(
                    f"journal key {key!r} already belongs to a {current.kind!r} action of tenant {current.tenant!r}; "
                    "idempotency keys must be unique per action"
                )
            if status not in JOURNAL_TRANSITIONS[current.status]:
                final = " (done is final: the change was made)" if current.status == "done" else ""
                raise JournalStatusError(f"journal entry {key!r} cannot go from {current.status} to {status}{final}")
            values: dict[str, Any] = {"status": status, "updated_at": now}
            if request is not None:
                values["request"] = request
            if response is not None:
                values["response"] = response
            if error is not None:
                values["error"] = error
            if started:
                values["attempts"] = journal.c.attempts + 1
                values["started_at"] = now
            if finished:
                values["finished_at"] = now
            conn.execute(sa.update(journal).where(journal.c.idempotency_key == key).values(**values))
            row = conn.execute(sa.select(journal).where(journal.c.idempotency_key == key)).one()
            return self._entry(row)

    def journal_get(self, key: str) -> JournalEntry | None:
        """The entry for idempotency key ``key``, or ``None``."""
        with self._read("read the journal") as conn:
            row = conn.execute(sa.select(journal).where(journal.c.idempotency_key == key)).first()
        return None if row is None else self._entry(row)

    def journal_entries(
        self, *, tenant: str | None = None, status: str | None = None, kind: str | None = None
    ) -> list[JournalEntry]:
        """Entries matching every given filter, oldest first."""
        query = sa.select(journal).order_by(journal.c.id)
        if tenant is not None:
            query = query.where(journal.c.tenant == tenant)
        if status is not None:
            query = query.where(journal.c.status == status)
        if kind is not None:
            query = query.where(journal.c.kind == kind)
        with self._read("read the journal") as conn:
            return [self._entry(row) for row in conn.execute(query).all()]

    # --- aliases ------------------------------------------------------------------------

    def _upsert_alias(
        self, conn: sa.Connection, *, scope: str, kind: str, key: str, value: str, source: str, hits: int, bump: bool
    ) -> None:
        now = utcnow()
        stmt = self._insert(aliases).values(
            scope=scope, kind=kind, key=key, value=value, source=source, hits=hits, created_at=now, updated_at=now
        )
        ex = stmt.excluded
        new_hits: Any = (
            aliases.c.hits + 1 if bump else sa.case((aliases.c.hits >= ex.hits, aliases.c.hits), else_=ex.hits)
        )
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["scope", "kind", "key"],
                set_={"value": ex.value, "source": ex.source, "hits": new_hits, "updated_at": ex.updated_at},
            )
        )

    def add_alias(self, kind: str, key: str, value: str, *, scope: str = "default", source: str = "user") -> None:
        """Learn (or confirm) ``key`` -> ``value``; an existing alias takes the new value and one more hit."""
        with self._write("save an alias") as conn:
            self._upsert_alias(conn, scope=scope, kind=kind, key=key, value=value, source=source, hits=1, bump=True)

    def aliases(self, *, kind: str | None = None, scope: str | None = None) -> list[Alias]:
        """Aliases matching the filters, ordered by scope, kind, key."""
        query = sa.select(aliases).order_by(aliases.c.scope, aliases.c.kind, aliases.c.key)
        if kind is not None:
            query = query.where(aliases.c.kind == kind)
        if scope is not None:
            query = query.where(aliases.c.scope == scope)
        with self._read("read aliases") as conn:
            rows = conn.execute(query).all()
        return [Alias(**{f: row._mapping[f] for f in Alias.__dataclass_fields__}) for row in rows]

    def delete_alias(self, kind: str, key: str, *, scope: str = "default") -> bool:
        """Forget an alias; False when there was none."""
        with self._write("delete an alias") as conn:
            result = conn.execute(
                sa.delete(aliases).where(aliases.c.scope == scope, aliases.c.kind == kind, aliases.c.key == key)
            )
            return bool(result.rowcount)

    def export_aliases_yaml(self) -> str:
        """Every alias as YAML (see :mod:`arsync.state.aliases_yaml`)."""
        return dump_aliases(self.aliases())

    def import_aliases_yaml(self, text: str, *, source_name: str = "<yaml>") -> int:
        """Load aliases from YAML, all or nothing; returns how many were read.

        Existing aliases take the file's value and source, and keep the larger hit count.

        Raises:
            ConfigError: the YAML is malformed or an entry is invalid (names the line and key).
        """
        entries = parse_aliases(text, source_name=source_name)
        with self._write("import aliases") as conn:
            for e in entries:
                self._upsert_alias(
                    conn, scope=e.scope, kind=e.kind, key=e.key, value=e.value, source=e.source, hits=e.hits, bump=False
                )
        return len(entries)

    # --- tokens -------------------------------------------------------------------------

    def save_token(self, key: str, tokens: dict[str, Any]) -> None:
        """Store the token set for ``key`` in one transaction (never logged)."""
        _check_token_json(tokens)
        with self._write("save tokens") as conn:
            stmt = self._insert(tokens_table).values(key=key, tokens=tokens, updated_at=utcnow())
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["key"],
                    set_={"tokens": stmt.excluded.tokens, "updated_at": stmt.excluded.updated_at},
                )
            )

    def load_token(self, key: str) -> dict[str, Any] | None:
        """The token set for ``key``, or ``None``."""
        table = tokens_table
        with self._read("load tokens") as conn:
            value = conn.execute(sa.select(table.c.tokens).where(table.c.key == key)).scalar_one_or_none()
        return None if value is None else dict(value)

    # --- inspection ---------------------------------------------------------------------

    def row_counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._read("count rows") as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
                for name, table in _TABLES.items()
            }

    def journal_mode(self) -> str | None:
        """SQLite's journal mode (``wal`` normally); ``None`` on PostgreSQL."""
        if self.dialect != "sqlite":
            return None
        with self._read("read the journal mode") as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())


def _create_engine(url: URL) -> sa.Engine:
    """An engine with arsync's settings: SQLite WAL + busy timeout + foreign keys; PostgreSQL via psycopg 3."""
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(
            url,
            hide_parameters=True,  # tokens and payloads never appear in error messages
            pool_pre_ping=True,
            connect_args={"application_name": f"arsync pid {os.getpid()}"},
        )
    path = sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    engine = sa.create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    _configure_sqlite(engine, wal=path is not None)
    return engine


def _prepare_sqlite_file(path: Path) -> None:
    """Create the directory (0700) and the database file (0600): it holds OAuth tokens."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)


def _configure_sqlite(engine: sa.Engine, *, wal: bool) -> None:
    """Per-connection pragmas, and explicit BEGIN so SQLAlchemy (not pysqlite) controls transactions."""

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # pysqlite must not BEGIN behind our back
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    def on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("arsync_sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", cast(Callable[..., None], on_begin))
