"""The arsync plugin module for QuickBooks Online: registers its connector, sandbox and commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from arsync import hookimpl


@hookimpl
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register the QuickBooks Online connector."""
    from arsync_quickbooks.connector import QuickBooksConnector

    register(QuickBooksConnector)


@hookimpl
def register_sandboxes(register: Callable[[type[Any]], None]) -> None:
    """Register the loopback QuickBooks Online sandbox."""
    from arsync_quickbooks.sandbox.server import QuickBooksSandbox

    register(QuickBooksSandbox)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``arsync auth quickbooks`` to the core ``auth`` group."""
    from arsync_quickbooks.auth import auth_quickbooks

    group = cli.commands.get("auth")
    if isinstance(group, click.Group):
        group.add_command(auth_quickbooks)
    else:
        cli.add_command(auth_quickbooks, name="auth-quickbooks")
