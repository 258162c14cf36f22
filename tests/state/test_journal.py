"""The apply journal: one entry per idempotency key, moved through planned -> started -> done/failed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arsync.state import JournalStatusError, StateStore, StateValueError

KEY = "a1b2c3"


def record(store: StateStore, status: str, **kwargs: object) -> object:
    return store.journal_record(KEY, kind="apply_payment", tenant="acme", status=status, **kwargs)  # type: ignore[arg-type]


def test_a_recorded_step_can_be_read_back(store: StateStore) -> None:
    record(store, "planned", request={"invoice": "130", "amount": "10.00", "lines": [1, 2]})
    entry = store.journal_get(KEY)
    assert entry is not None
    assert (entry.kind, entry.tenant, entry.status, entry.attempts) == ("apply_payment", "acme", "planned", 0)
    assert entry.request == {"invoice": "130", "amount": "10.00", "lines": [1, 2]}
    assert entry.created_at.utcoffset() == dt.timedelta(0)
    assert store.journal_get("unknown") is None


def test_a_step_goes_planned_started_done_and_keeps_the_response(store: StateStore) -> None:
    record(store, "planned", request={"amount": "10.00"})
    record(store, "started")
    done = store.journal_record(KEY, kind="apply_payment", tenant="acme", status="done", response={"Id": "77"})
    assert (done.status, done.request, done.response, done.attempts) == ("done", {"amount": "10.00"}, {"Id": "77"}, 1)
    assert done.started_at is not None
    assert done.finished_at is not None


def test_recording_a_key_twice_keeps_one_entry(store: StateStore) -> None:
    record(store, "planned")
    record(store, "planned")
    assert len(store.journal_entries()) == 1


def test_done_is_final(store: StateStore) -> None:
    record(store, "started")
    record(store, "done")
    for status in ("planned", "started", "failed", "done"):
        with pytest.raises(JournalStatusError, match="done is final"):
            record(store, status)
    entry = store.journal_get(KEY)
    assert entry is not None
    assert entry.status == "done"


def test_a_started_step_cannot_go_back_to_planned(store: StateStore) -> None:
    record(store, "started")
    with pytest.raises(JournalStatusError, match="from started to planned"):
        record(store, "planned")


def test_an_unfinished_started_step_is_in_doubt(store: StateStore) -> None:
    record(store, "started")
    entry = store.journal_get(KEY)
    assert entry is not None
    assert entry.in_doubt
    assert [e.key for e in store.journal_entries(status="started")] == [KEY]


def test_each_retry_after_a_failure_counts_an_attempt(store: StateStore) -> None:
    record(store, "started")
    record(store, "failed", error="HTTP 503")
    entry = store.journal_record(KEY, kind="apply_payment", tenant="acme", status="started")
    assert (entry.attempts, entry.error) == (2, "HTTP 503")


def test_a_key_cannot_be_reused_for_another_action(store: StateStore) -> None:
    record(store, "planned")
    with pytest.raises(JournalStatusError, match="already belongs"):
        store.journal_record(KEY, kind="create_invoice", tenant="acme", status="planned")


def test_an_unknown_status_is_refused(store: StateStore) -> None:
    with pytest.raises(JournalStatusError, match="'sent'"):
        record(store, "sent")


@pytest.mark.parametrize("bad", [10.5, Decimal("10.50")])
def test_money_that_is_not_a_string_is_refused_and_nothing_is_written(store: StateStore, bad: object) -> None:
    with pytest.raises(StateValueError, match=r"journal request\.lines\[0\]\.amount"):
        record(store, "planned", request={"lines": [{"amount": bad}]})
    assert store.journal_get(KEY) is None


def test_entries_filter_by_tenant_status_and_kind(store: StateStore) -> None:
    store.journal_record("k1", kind="apply_payment", tenant="acme", status="done")
    store.journal_record("k2", kind="apply_payment", tenant="globex", status="done")
    store.journal_record("k3", kind="create_invoice", tenant="acme", status="failed")
    assert [e.key for e in store.journal_entries(tenant="acme")] == ["k1", "k3"]
    assert [e.key for e in store.journal_entries(status="done")] == ["k1", "k2"]
    assert [e.key for e in store.journal_entries(kind="create_invoice", tenant="acme")] == ["k3"]
