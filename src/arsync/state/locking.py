"""Tenant locks: ``flock`` on a file next to the SQLite database, session advisory locks on PostgreSQL.

Both are released by the operating system or the server when the holder dies (even ``kill -9``), so a
crashed run never leaves a stale lock behind. Neither is re-entrant: a second ``lock()`` on the same name,
even from the same process, is a second holder and is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from arsync.errors import LockedError

__all__ = ["advisory_key", "advisory_lock", "file_lock", "lock_file_name", "memory_lock"]

_POLL_SECONDS = 0.05


def _holder_text() -> str:
    now = dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds")
    return f"pid {os.getpid()} on {socket.gethostname()} since {now}"


def lock_file_name(name: str) -> str:
    """A file name for lock ``name``: readable, and unique even when two names sanitize alike."""
    readable = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:80]
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{readable}-{digest}.lock"


def _refused(label: str, holder: str | None, where: str) -> LockedError:
    by = f" by {holder}" if holder else ""
    return LockedError(
        f"{label} is locked{by} ({where}): another arsync run is working on it; "
        "wait for it to finish, or run again with --wait"
    )


@contextlib.contextmanager
def file_lock(path: Path, *, label: str, wait: bool, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path``; the holder's pid and host are written into it for the error message.

    Raises:
        LockedError: another holder has it and ``wait`` is False, or ``timeout`` seconds passed.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if wait and timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + (timeout or 0.0)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise
                if not wait or time.monotonic() >= deadline:
                    holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or None
                    raise _refused(label, holder, f"lock file {path}")
                time.sleep(_POLL_SECONDS)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, _holder_text().encode("utf-8"), 0)
            yield
        finally:
            # The file stays: deleting it would let a waiter lock an unlinked inode while a newcomer locks a new one.
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def advisory_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for ``name`` (the same on every machine and Python)."""
    digest = hashlib.blake2b(b"arsync:" + name.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _advisory_holder(conn: sa.Connection, key: int) -> str | None:
    row = conn.execute(
        sa.text(
            "SELECT l.pid, a.application_name, a.client_addr FROM pg_locks l "
            "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND l.classid = CAST(:hi AS oid) AND l.objid = CAST(:lo AS oid)"
        ),
        {"hi": (key >> 32) & 0xFFFFFFFF, "lo": key & 0xFFFFFFFF},
    ).first()
    if row is None:
        return None
    who = f"server backend {row.pid}"
    if row.application_name:
        who += f" ({row.application_name})"
    return who


@contextlib.contextmanager
def advisory_lock(
    engine: sa.Engine, name: str, *, label: str, wait: bool, timeout: float | None = None
) -> Iterator[None]:
    """Hold a session-level PostgreSQL advisory lock on a dedicated connection.

    Raises:
        LockedError: another session has it and ``wait`` is False, or ``timeout`` seconds passed.
    """
    key = advisory_key(name)
    conn = engine.connect()
    try:
        # autocommit: the session lock must not keep a transaction open for the whole run
        conn.execution_options(isolation_level="AUTOCOMMIT")
        if wait and timeout is None:
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
        else:
            deadline = time.monotonic() + (timeout or 0.0)
            while not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
                if not wait or time.monotonic() >= deadline:
                    raise _refused(label, _advisory_holder(conn, key), f"PostgreSQL advisory lock {key}")
                time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            except sa.exc.SQLAlchemyError:
                conn.invalidate()  # closing the session releases the lock for sure
    finally:
        conn.close()


_memory_locks: dict[tuple[int, str], threading.Lock] = {}
_memory_guard = threading.Lock()


@contextlib.contextmanager
def memory_lock(owner: object, name: str, *, label: str, wait: bool, timeout: float | None = None) -> Iterator[None]:
    """In-process lock for an in-memory SQLite store (nothing else can see that database anyway)."""
    with _memory_guard:
        mutex = _memory_locks.setdefault((id(owner), name), threading.Lock())
    if not mutex.acquire(blocking=wait, timeout=-1 if timeout is None or not wait else timeout):
        raise _refused(label, "this process", "in-memory state store")
    try:
        yield
    finally:
        mutex.release()
