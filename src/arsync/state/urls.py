"""State-store URLs: the default SQLite location, driver normalization and password masking."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from arsync.errors import ConfigError
from arsync.logs import redact, register_secret

__all__ = ["ENV_VAR", "default_url", "mask_url", "normalize_url", "resolve_url", "sqlite_path"]

ENV_VAR = "ARSYNC_STATE_URL"


def default_url() -> str:
    """SQLite at ``<user data dir>/arsync/state.db``."""
    return f"sqlite:///{Path(platformdirs.user_data_dir('arsync')) / 'state.db'}"


def resolve_url(explicit: str | None = None, configured: str | None = None) -> str:
    """Pick the URL: an explicit one (``--state-url``), then ``$ARSYNC_STATE_URL``, then config, then the default."""
    return explicit or os.environ.get(ENV_VAR) or configured or default_url()


def normalize_url(raw: str) -> URL:
    """Parse ``raw``; plain ``postgresql://``/``postgres://`` use psycopg 3; only SQLite and PostgreSQL are accepted.

    Raises:
        ConfigError: the URL cannot be parsed or names another database.
    """
    text = raw.strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://") :]
    try:
        url = make_url(text)
    except sa.exc.ArgumentError:
        raise ConfigError(
            f"cannot parse state store URL {redact(text)!r}; use sqlite:///PATH or postgresql://USER@HOST/DB",
            key="state.url",
        ) from None
    if url.password:
        register_secret(str(url.password))
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.drivername in ("postgresql", "postgresql+psycopg2"):
            url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise ConfigError(
            f"unsupported state store {mask_url(url)!r}: arsync keeps state in SQLite or PostgreSQL",
            key="state.url",
        )
    return url


def mask_url(url: URL | str) -> str:
    """The URL with its password (and any secret-looking query values) replaced by ``***``."""
    if isinstance(url, str):
        try:
            parsed = make_url(url)
        except sa.exc.ArgumentError:
            return redact(url)
    else:
        parsed = url
    return redact(parsed.render_as_string(hide_password=True))


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, absolute; ``None`` for an in-memory database."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database).expanduser().resolve()
