"""The arsync connector conformance suite, run against the Xero sandbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from arsync_xero.connector import XeroConnector
from arsync_xero.sandbox import XeroSandbox
from arsync_xero.settings import XeroSettings

from arsync.testing.conformance import ConnectorConformance


class TestXeroConformance(ConnectorConformance):
    @pytest.fixture
    def sandbox(self) -> Iterator[XeroSandbox]:
        box = XeroSandbox(seed="demo")
        box.start()
        yield box
        box.stop()

    @pytest.fixture
    def make_connector(self, sandbox: XeroSandbox, tmp_path: Path) -> Iterator[Callable[..., XeroConnector]]:
        made: list[XeroConnector] = []
        info = sandbox.info

        def make(**overrides: Any) -> XeroConnector:
            fields: dict[str, Any] = {
                "tenant_id": info.tenant,
                "client_id": info.client_id,
                "client_secret": info.client_secret,
                "refresh_token": info.refresh_token,
                "base_url": info.base_url,
                "identity_url": info.base_url,
                "token_dir": tmp_path / "tokens",
                "timeout_seconds": 5,
                **overrides,
            }
            connector = XeroConnector("conformance", XeroSettings(**fields))
            made.append(connector)
            return connector

        yield make
        for connector in made:
            connector.close()
