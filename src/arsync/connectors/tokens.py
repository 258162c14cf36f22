"""OAuth token storage that never loses a rotated refresh token.

QuickBooks and Xero rotate refresh tokens: the old one stops working once the new one is issued
(Xero at once, QBO after a grace period). The new token must be on disk *before* it is used, and two
overlapping runs must not both refresh. :class:`FileTokenStore` writes atomically
(write-to-temp, fsync, rename, mode 0600) under a file lock; :meth:`TokenStore.rotate` is the one
way connectors refresh: lock, re-read (another run may have refreshed already), refresh, persist, unlock.
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock

from arsync.errors import ConfigError

__all__ = ["FileTokenStore", "MemoryTokenStore", "TokenStore"]

TokenSet = dict[str, Any]
"""``{"access_token", "refresh_token", "expires_at", "refresh_expires_at", ...}``; stored as JSON."""


class TokenStore(abc.ABC):
    """Where a tenant's OAuth tokens live."""

    @abc.abstractmethod
    def load(self, key: str) -> TokenSet | None:
        """Return the stored token set for ``key`` (e.g. ``quickbooks:<realm>``), or ``None``."""

    @abc.abstractmethod
    def save(self, key: str, tokens: TokenSet) -> None:
        """Persist atomically: after return, a crash cannot lose ``tokens``."""

    @abc.abstractmethod
    def lock(self, key: str) -> contextlib.AbstractContextManager[None]:
        """Exclusive lock on ``key`` across processes."""

    def rotate(self, key: str, stale: TokenSet | None, refresh: Callable[[TokenSet], TokenSet]) -> TokenSet:
        """Refresh under the lock, persisting the new tokens before returning them.

        Args:
            key: the token key.
            stale: the tokens the caller holds; if the stored ones differ, another process already
                rotated and those are returned without calling ``refresh``.
            refresh: performs the OAuth refresh with the given tokens and returns the new set.
        """
        with self.lock(key):
            current = self.load(key)
            if current is not None and stale is not None and current.get("refresh_token") != stale.get("refresh_token"):
                return current
            base = current if current is not None else stale
            if base is None:
                raise ConfigError(f"no stored tokens for {key}: run `arsync auth` first")
            new = refresh(base)
            self.save(key, new)
            return new


class FileTokenStore(TokenStore):
    """One JSON file per key in ``directory`` (mode 0600), written by rename so it is never half-written."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in key)
        return self.directory / f"{safe}.json"

    def load(self, key: str) -> TokenSet | None:
        path = self._path(key)
        try:
            data: TokenSet = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            reason = type(exc).__name__
            raise ConfigError(f"token file {path} is unreadable ({reason}); run `arsync auth` again") from None
        return data

    def save(self, key: str, tokens: TokenSet) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self._path(key)
        fd, tmp = tempfile.mkstemp(prefix=".tok-", dir=self.directory)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(tokens, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
            dir_fd = os.open(self.directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with filelock.FileLock(str(self._path(key)) + ".lock", timeout=60):
            yield


class MemoryTokenStore(TokenStore):
    """In-process store for tests and sandboxes."""

    def __init__(self) -> None:
        self._data: dict[str, TokenSet] = {}
        self._mutex = threading.RLock()

    def load(self, key: str) -> TokenSet | None:
        value = self._data.get(key)
        return dict(value) if value is not None else None

    def save(self, key: str, tokens: TokenSet) -> None:
        self._data[key] = dict(tokens)

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        with self._mutex:
            yield
