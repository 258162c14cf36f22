"""The arsync plugin module for QuickBooks Online: registers its connector, sandbox and commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arsync import hookimpl


@hookimpl
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register the QuickBooks Online connector (added in its own issue)."""
