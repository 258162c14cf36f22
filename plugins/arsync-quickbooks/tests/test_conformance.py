"""The QuickBooks connector passes arsync's connector conformance suite against its sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.testing import MakeConnector, connector_factory

from arsync.testing.conformance import ConnectorConformance


class TestQuickBooksConformance(ConnectorConformance):
    @pytest.fixture
    def sandbox(self) -> Iterator[QuickBooksSandbox]:
        box = QuickBooksSandbox(seed="demo")
        box.start()
        yield box
        box.stop()

    @pytest.fixture
    def make_connector(self, sandbox: QuickBooksSandbox, tmp_path: Path) -> MakeConnector:
        return connector_factory(sandbox, tmp_path / "tokens")
