"""arsync: the repetitive half of accounts receivable, automated.

Plugins import :data:`hookimpl` from here to implement the hooks in :mod:`arsync.hookspecs`.
"""

from __future__ import annotations

import pluggy

__all__ = ["__version__", "hookimpl"]

hookimpl = pluggy.HookimplMarker("arsync")
"""Marker for plugin hook implementations: ``@arsync.hookimpl def register_connectors(register): ...``."""


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("arsync")
        except PackageNotFoundError:  # running from a source tree without installation
            return "0.0.0+unknown"
    raise AttributeError(name)
