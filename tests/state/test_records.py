"""Cursors, links and snapshots: what incremental reads and diffing rely on."""

from __future__ import annotations

import datetime as dt

from arsync.state import StateStore


def test_a_cursor_is_none_until_set(store: StateStore) -> None:
    assert store.get_cursor("acme", "invoices") is None


def test_setting_a_cursor_again_moves_it(store: StateStore) -> None:
    store.set_cursor("acme", "invoices", "2026-10-01T00:00:00Z")
    store.set_cursor("acme", "invoices", "2026-11-01T00:00:00Z")
    assert store.get_cursor("acme", "invoices") == "2026-11-01T00:00:00Z"


def test_cursors_are_kept_per_tenant_and_stream(store: StateStore) -> None:
    store.set_cursor("acme", "invoices", "a")
    store.set_cursor("acme", "payments", "b")
    store.set_cursor("globex", "invoices", "c")
    assert [store.get_cursor(*k) for k in [("acme", "invoices"), ("acme", "payments"), ("globex", "invoices")]] == [
        "a",
        "b",
        "c",
    ]


def test_a_link_is_found_by_its_external_id(store: StateStore) -> None:
    store.put_link(
        entity="invoice",
        arsync_id="inv-1",
        system="qbo",
        tenant="acme",
        external_id="130",
        content_hash="h1",
        remote_version="0",
    )
    link = store.find_link("qbo", "acme", "130")
    assert link is not None
    assert (link.arsync_id, link.entity, link.content_hash, link.remote_version) == ("inv-1", "invoice", "h1", "0")
    assert link.updated_at.tzinfo is not None
    assert link.updated_at.utcoffset() == dt.timedelta(0)
    assert store.find_link("qbo", "other-tenant", "130") is None


def test_putting_a_link_again_updates_it_in_place(store: StateStore) -> None:
    store.put_link(
        entity="invoice", arsync_id="inv-1", system="qbo", tenant="acme", external_id="130", content_hash="h1"
    )
    store.put_link(
        entity="invoice", arsync_id="inv-1", system="qbo", tenant="acme", external_id="130", remote_version="5"
    )
    link = store.find_link("qbo", "acme", "130")
    assert link is not None
    assert (link.content_hash, link.remote_version) == ("h1", "5")
    assert len(store.links_for("inv-1")) == 1


def test_links_for_lists_every_system_holding_the_record(store: StateStore) -> None:
    store.put_link(entity="invoice", arsync_id="inv-1", system="xero", tenant="t1", external_id="uuid-1")
    store.put_link(entity="invoice", arsync_id="inv-1", system="qbo", tenant="acme", external_id="130")
    store.put_link(entity="invoice", arsync_id="inv-2", system="qbo", tenant="acme", external_id="131")
    assert [(link.system, link.external_id) for link in store.links_for("inv-1")] == [
        ("qbo", "130"),
        ("xero", "uuid-1"),
    ]


def test_a_new_snapshot_counts_as_changed(store: StateStore) -> None:
    assert store.put_snapshot("acme", "invoices", "130", "h1", '{"total":"10.00"}') is True


def test_the_same_snapshot_again_is_unchanged(store: StateStore) -> None:
    store.put_snapshot("acme", "invoices", "130", "h1", '{"total":"10.00"}')
    assert store.put_snapshot("acme", "invoices", "130", "h1", '{"total":"10.00"}') is False


def test_a_snapshot_with_a_new_hash_is_changed_and_replaces_the_body(store: StateStore) -> None:
    store.put_snapshot("acme", "invoices", "130", "h1", '{"total":"10.00"}')
    assert store.put_snapshot("acme", "invoices", "130", "h2", '{"total":"12.00"}') is True
    snapshot = store.get_snapshot("acme", "invoices", "130")
    assert snapshot is not None
    assert (snapshot.content_hash, snapshot.body) == ("h2", '{"total":"12.00"}')
    assert store.get_snapshot("acme", "invoices", "131") is None
