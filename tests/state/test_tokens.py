"""OAuth tokens in the state store, and refresh-token rotation through StateTokenStore."""

from __future__ import annotations

import threading
from typing import Any

from arsync.state import StateStore
from arsync.state.tokens import StateTokenStore


def test_saved_tokens_load_back(store: StateStore) -> None:
    tokens = {"access_token": "at-1", "refresh_token": "rt-1", "expires_at": 1767225600.5}
    store.save_token("quickbooks:123", tokens)
    assert store.load_token("quickbooks:123") == tokens
    assert store.load_token("xero:unknown") is None


def test_saving_again_replaces_the_token_set(store: StateStore) -> None:
    store.save_token("xero:t1", {"refresh_token": "rt-1", "scope": "a b"})
    store.save_token("xero:t1", {"refresh_token": "rt-2"})
    assert store.load_token("xero:t1") == {"refresh_token": "rt-2"}


def test_rotation_persists_the_new_refresh_token(store: StateStore) -> None:
    tokens = StateTokenStore(store)
    tokens.save("xero:t1", {"refresh_token": "rt-1"})
    new = tokens.rotate("xero:t1", {"refresh_token": "rt-1"}, lambda old: {"refresh_token": old["refresh_token"] + "+"})
    assert new == {"refresh_token": "rt-1+"}
    assert store.load_token("xero:t1") == {"refresh_token": "rt-1+"}


def test_a_caller_holding_a_stale_token_gets_the_rotated_one_without_refreshing(store: StateStore) -> None:
    tokens = StateTokenStore(store)
    tokens.save("xero:t1", {"refresh_token": "rt-2"})

    def refresh(_old: dict[str, Any]) -> dict[str, Any]:
        raise AssertionError("must not spend a refresh token another run already rotated")

    assert tokens.rotate("xero:t1", {"refresh_token": "rt-1"}, refresh) == {"refresh_token": "rt-2"}


def test_overlapping_rotations_from_two_connections_refresh_once(state_url: str) -> None:
    first, second = StateStore.open(state_url), StateStore.open(state_url)
    try:
        StateTokenStore(first).save("qbo:1", {"refresh_token": "rt-1"})
        calls: list[str] = []
        inside = threading.Event()

        def slow_refresh(old: dict[str, Any]) -> dict[str, Any]:
            calls.append(old["refresh_token"])
            inside.set()
            threading.Event().wait(0.3)  # the other run arrives while this refresh is in flight
            return {"refresh_token": old["refresh_token"] + "+"}

        results: list[dict[str, Any]] = []

        def run(store: StateStore) -> None:
            results.append(StateTokenStore(store).rotate("qbo:1", {"refresh_token": "rt-1"}, slow_refresh))

        t1 = threading.Thread(target=run, args=(first,))
        t1.start()
        inside.wait(5)
        t2 = threading.Thread(target=run, args=(second,))
        t2.start()
        t1.join(10)
        t2.join(10)
        assert calls == ["rt-1"]
        assert results == [{"refresh_token": "rt-1+"}] * 2
    finally:
        first.close()
        second.close()
