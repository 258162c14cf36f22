"""The arsync plugin module for Xero: registers its connector, sandbox and commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from arsync import hookimpl


@hookimpl
def register_connectors(register: Callable[[type[Any]], None]) -> None:
    """Register the Xero connector."""
    from arsync_xero.connector import XeroConnector

    register(XeroConnector)


@hookimpl
def register_sandboxes(register: Callable[[type[Any]], None]) -> None:
    """Register the loopback Xero sandbox."""
    from arsync_xero.sandbox import XeroSandbox

    register(XeroSandbox)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``arsync auth xero``."""
    from arsync_xero.auth import auth_xero

    auth = cli.commands.get("auth")
    if isinstance(auth, click.Group):
        auth.add_command(auth_xero)
