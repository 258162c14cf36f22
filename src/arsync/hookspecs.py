"""The arsync plugin contract: every hook a plugin may implement.

Hooks are few and only *register classes*; behaviour lives on the classes (see
:mod:`arsync.connectors.base` and :mod:`arsync.bankfiles.base`). A plugin is any module with
functions decorated by :data:`arsync.hookimpl` whose names are listed here. A misspelt hook name is
an error when the plugin loads (``PluginManager.check_pending``), so it cannot be silently ignored.

Every hook is documented in ``docs/plugins.md``; ``tests/test_docs.py`` fails when one is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

hookspec = pluggy.HookspecMarker("arsync")
"""Marker for hook specifications (used only in this module)."""


@hookspec
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register accounting-system connectors.

    Args:
        register: call ``register(ConnectorClass)`` once per connector. The class subclasses
            :class:`arsync.connectors.base.Connector`, and its ``type_name`` (e.g. ``"quickbooks"``)
            is what a config file's ``connectors.<name>.type`` refers to.

    Returns:
        Nothing; the return value is ignored.

    Raises:
        PluginError: raised by ``register`` when two plugins claim the same ``type_name``.
    """


@hookspec
def register_bank_formats(register: Callable[[Any], None]) -> None:
    """Register bank-statement formats.

    Args:
        register: call ``register(fmt)`` with an *instance* of
            :class:`arsync.bankfiles.base.BankFormat`: a parser with ``identify(path, head)``
            returning a confidence in [0, 1] and ``parse(path)`` yielding
            :class:`arsync.models.StatementLine`. CSV bank profiles (YAML data) register through
            this same hook, one instance per profile.

    Returns:
        Nothing; the return value is ignored.
    """


@hookspec
def register_matchers(register: Callable[[Any], None]) -> None:
    """Register extra cash-application scoring features or strategies.

    Args:
        register: call ``register(obj)`` with an instance of
            :class:`arsync.matching.features.Feature` (adds a scored, explained term to every
            candidate) or :class:`arsync.matching.features.Strategy` (proposes extra candidates).

    Returns:
        Nothing; the return value is ignored.
    """


@hookspec
def register_sandboxes(register: Callable[[type[Any]], None]) -> None:
    """Register loopback emulators of remote systems.

    Args:
        register: call ``register(SandboxClass)``; the class subclasses
            :class:`arsync.connectors.base.Sandbox` and its ``type_name`` matches the connector it
            emulates. Used by ``arsync sandbox serve``, ``arsync demo`` and the conformance suite.

    Returns:
        Nothing; the return value is ignored.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``arsync`` command line.

    Args:
        cli: the root :class:`click.Group`; call ``cli.add_command(...)`` or decorate with
            ``@cli.command()``. Command names must not clash with built-in ones.

    Returns:
        Nothing; the return value is ignored.
    """
