"""The arsync plugin module for Xero: registers its connector, sandbox and commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arsync import hookimpl


@hookimpl
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register the Xero connector (added in its own issue)."""
