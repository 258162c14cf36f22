"""Tenant locks: one run per tenant, across connections and processes; freed when the holder dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from arsync.errors import LockedError
from arsync.exitcodes import ExitCode
from arsync.state import StateStore


def test_a_second_holder_is_refused(state_url: str) -> None:
    first, second = StateStore.open(state_url), StateStore.open(state_url)
    try:
        with first.lock("acme"):
            with pytest.raises(LockedError, match="tenant 'acme' is locked") as info, second.lock("acme"):
                pass
            assert info.value.exit_code == ExitCode.LOCKED
        with second.lock("acme"):  # free again once the first run is done
            pass
    finally:
        first.close()
        second.close()


def test_different_tenants_do_not_block_each_other(store: StateStore) -> None:
    with store.lock("acme"), store.lock("globex"):
        pass


def test_waiting_gives_up_after_the_timeout(store: StateStore) -> None:
    with store.lock("acme"):
        started = time.monotonic()
        with pytest.raises(LockedError), store.lock("acme", wait=True, timeout=0.3):
            pass
        assert time.monotonic() - started >= 0.3


HOLDER = textwrap.dedent(
    """
    import sys, time
    from arsync.state import StateStore
    store = StateStore.open(sys.argv[1])
    with store.lock("acme"):
        print("locked", flush=True)
        time.sleep(60)
    """
)


def test_the_lock_holds_across_processes_and_dies_with_its_holder(state_url: str) -> None:
    url = state_url
    StateStore.open(url).close()
    child = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with StateStore.open(url) as store:
            # the message says who holds it: the pid (SQLite lock file) or the server session's application name
            with pytest.raises(LockedError, match=f"pid {child.pid}"), store.lock("acme"):
                pass
            os.kill(child.pid, signal.SIGKILL)
            child.wait(10)
            with store.lock("acme", wait=True, timeout=10):
                pass
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
