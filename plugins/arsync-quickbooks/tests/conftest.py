"""Fixtures: a started demo sandbox, connectors talking to it, and the real python-quickbooks client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.testing import MakeConnector, connector_factory, sdk_client
from quickbooks import QuickBooks


@pytest.fixture
def sandbox() -> Iterator[QuickBooksSandbox]:
    """A started, demo-seeded sandbox."""
    box = QuickBooksSandbox(seed="demo")
    box.start()
    yield box
    box.stop()


@pytest.fixture
def make_connector(sandbox: QuickBooksSandbox, tmp_path: Path) -> MakeConnector:
    """A factory of connectors talking to ``sandbox``; keyword arguments override settings."""
    return connector_factory(sandbox, tmp_path / "tokens")


@pytest.fixture
def qb(sandbox: QuickBooksSandbox) -> QuickBooks:
    """The unmodified python-quickbooks client against the sandbox."""
    return sdk_client(sandbox)
