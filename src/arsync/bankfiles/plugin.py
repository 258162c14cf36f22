"""Registers the built-in bank formats through the ``register_bank_formats`` hook.

Registration runs on every CLI start, so it only creates small objects: structured formats import
their parsers (lxml, mt-940, bai2) when first used, and CSV profiles are read from YAML lazily.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from arsync import hookimpl


@hookimpl
def register_bank_formats(register: Callable[[Any], None]) -> None:
    """Register every built-in structured format and CSV profile."""
    from arsync.bankfiles.profiles import builtin_profiles
    from arsync.bankfiles.structured import structured_formats

    for fmt in structured_formats():
        register(fmt)
    for profile in builtin_profiles():
        register(profile)
