"""OAuth tokens in the state store: :class:`StateTokenStore` implements the connectors' ``TokenStore``.

The token set is written in one transaction, and :meth:`TokenStore.rotate` runs under the store's lock
(``flock`` next to the SQLite file, or a PostgreSQL advisory lock), so two processes never both spend
the same refresh token and a rotated one is never lost.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from arsync.connectors.tokens import TokenStore
from arsync.logs import register_secret
from arsync.state.store import StateStore

__all__ = ["StateTokenStore"]

_SECRET_FIELDS = ("access_token", "refresh_token", "id_token")


def _register(tokens: dict[str, Any] | None) -> None:
    """Mask the token values in logs from now on."""
    for field in _SECRET_FIELDS:
        value = (tokens or {}).get(field)
        if isinstance(value, str):
            register_secret(value)


class StateTokenStore(TokenStore):
    """Token sets in the ``tokens`` table of a :class:`StateStore`.

    Args:
        store: the open state store.
        lock_timeout: seconds :meth:`lock` waits for another process's refresh before raising ``LockedError``.
    """

    def __init__(self, store: StateStore, *, lock_timeout: float = 60) -> None:
        self.store = store
        self.lock_timeout = lock_timeout

    def load(self, key: str) -> dict[str, Any] | None:
        tokens = self.store.load_token(key)
        _register(tokens)
        return tokens

    def save(self, key: str, tokens: dict[str, Any]) -> None:
        _register(tokens)
        self.store.save_token(key, tokens)

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        with self.store.token_lock(key, timeout=self.lock_timeout):
            yield
