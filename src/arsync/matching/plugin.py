"""Registers the built-in matching features through the ``register_matchers`` hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arsync import hookimpl


@hookimpl
def register_matchers(register: Callable[[Any], None]) -> None:
    """Register the built-in scoring features (none are pluggable yet)."""
