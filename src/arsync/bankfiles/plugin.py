"""Registers the built-in bank formats through the ``register_bank_formats`` hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arsync import hookimpl


@hookimpl
def register_bank_formats(register: Callable[[Any], None]) -> None:
    """Register every built-in structured format and CSV profile."""
