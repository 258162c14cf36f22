"""The ``arsync`` command line.

Built-in commands live next to the code they drive (``arsync.bankfiles.cli``, ``arsync.matching.cli``,
...) and are imported lazily, so ``arsync --version`` stays fast and a broken subsystem cannot take
the whole CLI down. Plugins add commands through the ``register_commands`` hook.

Errors: every :class:`~arsync.errors.ArsyncError` ends the process with its exit code and a one-line
message on stderr; any other exception is reported as an internal error without a traceback (rerun
with ``-v`` to see it).
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn

import click

from arsync.cliutil import AppContext, echo_json, pass_app
from arsync.errors import ArsyncError, UsageError
from arsync.exitcodes import ExitCode
from arsync.logs import redact, setup_logging

log = logging.getLogger("arsync")

# name -> "module:attribute" of a click command; loaded on first use.
BUILTIN_COMMANDS: dict[str, str] = {
    "bank": "arsync.bankfiles.cli:bank",
    "match": "arsync.matching.cli:match",
    "bench": "arsync.matching.cli:bench",
    "aging": "arsync.reports.cli:aging",
    "metrics": "arsync.reports.cli:metrics",
    "statements": "arsync.reports.cli:statements",
    "report": "arsync.reports.cli:report",
    "collect": "arsync.collections.cli:collect",
    "state": "arsync.state.cli:state",
}


class ArsyncGroup(click.Group):
    """A group that loads built-in commands lazily and adds plugin commands once."""

    _plugins_added = False

    def _plugin_commands(self, ctx: click.Context) -> None:
        if ArsyncGroup._plugins_added:
            return
        ArsyncGroup._plugins_added = True
        app = ctx.ensure_object(AppContext)
        try:
            app.registry().add_commands(self)
        except ArsyncError as exc:
            log.warning("plugins could not add commands: %s", exc)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._plugin_commands(ctx)
        return sorted(set(super().list_commands(ctx)) | set(BUILTIN_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        target = BUILTIN_COMMANDS.get(cmd_name)
        if target is not None:
            module_name, attr = target.split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                return _not_built(cmd_name)
            command = getattr(module, attr, None)
            if isinstance(command, click.Command):
                return command
            return _not_built(cmd_name)
        self._plugin_commands(ctx)
        return super().get_command(ctx, cmd_name)


def _not_built(name: str) -> click.Command:
    @click.command(name=name, context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def placeholder() -> None:
        raise UsageError(f"`arsync {name}` is not built yet in this version")

    return placeholder


@click.group(cls=ArsyncGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="arsync", message="arsync %(version)s")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="ARSYNC_CONFIG",
    help="Config file (default ./arsync.yaml, then the user config dir).",
)
@click.option(
    "--plugins-dir",
    "plugins_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Load *.py plugins and YAML bank profiles from this directory (repeatable).",
)
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", count=True, help="More logging (-vv for debug).")
@click.pass_context
def cli(
    ctx: click.Context, config_path: Path | None, plugins_dirs: tuple[Path, ...], log_format: str, verbose: int
) -> None:
    """arsync: cash application, reconciliation, aging and collections for QuickBooks Online, Xero and banks."""
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    setup_logging(log_format, level)
    app = ctx.ensure_object(AppContext)
    app.config_path = config_path
    app.plugins_dirs = plugins_dirs
    app.log_format = log_format


@cli.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def plugins_command(app: AppContext, as_json: bool) -> None:
    """List loaded plugins, what they provide, and any that failed to load."""
    registry = app.registry()
    document = {
        "plugins": [p.as_dict() for p in registry.plugins],
        "connectors": sorted(registry.connectors),
        "bank_formats": sorted(registry.bank_formats),
        "sandboxes": sorted(registry.sandboxes),
        "errors": [{"plugin": p.name, "error": p.error} for p in registry.errors],
    }
    if as_json:
        echo_json(document)
        return
    for plugin in registry.plugins:
        status = f"ERROR: {plugin.error}" if plugin.error else ", ".join(plugin.provides) or "(nothing registered)"
        version = f" {plugin.version}" if plugin.version else ""
        click.echo(f"{plugin.name}{version} [{plugin.source}] {status}")


@cli.command("init")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=Path("arsync.yaml"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(output: Path, force: bool) -> None:
    """Write a commented starter config."""
    from arsync.config import starter_config

    if output.exists() and not force:
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
    output.write_text(starter_config(), encoding="utf-8")
    click.echo(f"wrote {output}; edit it, then run `arsync check`", err=True)


@cli.command("check")
@click.option("--offline", is_flag=True, help="Validate the config only; do not call any connector.")
@pass_app
def check_command(app: AppContext, offline: bool) -> None:
    """Validate the config and test each connector's credentials."""
    config = app.config(required=True)
    registry = app.registry()
    failures = 0
    for name, block in config.connectors.items():
        connector_cls = registry.connector(block.type)
        settings = config.connector_settings(name, connector_cls.settings_model)
        if offline:
            click.echo(f"{name}: config ok ({block.type})")
            continue
        connector = connector_cls(name, settings)
        try:
            connector.check()
            click.echo(f"{name}: ok ({block.type})")
        except ArsyncError as exc:
            failures += 1
            click.echo(f"{name}: FAILED: {exc}")
        finally:
            connector.close()
    click.echo(f"config {config.source or '(defaults)'} is valid", err=True)
    if failures:
        sys.exit(ExitCode.PARTIAL)


class PluginSubgroup(click.Group):
    """A built-in group that plugins add subcommands to (``auth quickbooks``).

    Subcommands are resolved after the root callback has configured plugins (``--plugins-dir``), so
    plugin commands are added here, at resolution time, rather than when the root resolves ``auth``.
    """

    def _load_plugin_commands(self, ctx: click.Context) -> None:
        root = ctx.find_root()
        if isinstance(root.command, ArsyncGroup):
            root.command._plugin_commands(root)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands(ctx)
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load_plugin_commands(ctx)
        return super().get_command(ctx, cmd_name)


@cli.group("auth", cls=PluginSubgroup)
def auth_group() -> None:
    """Authorize arsync with an accounting system (OAuth consent through a loopback redirect)."""


@cli.group("sandbox")
def sandbox_group() -> None:
    """Loopback emulators of QuickBooks Online and Xero."""


@sandbox_group.command("serve")
@click.argument("system")
@click.option("--port", type=int, default=0, show_default=True, help="0 picks a free port.")
@click.option("--seed", default="demo", show_default=True, help="Initial data: demo or empty.")
@pass_app
def sandbox_serve(app: AppContext, system: str, port: int, seed: str) -> None:
    """Run SYSTEM's sandbox until interrupted; the first stdout line is its JSON connection info."""
    sandbox_cls = app.registry().sandbox(system)
    if seed not in tuple(sandbox_cls.seeds):
        raise UsageError(f"unknown seed {seed!r} for {system}; choose one of {', '.join(sandbox_cls.seeds)}")
    sandbox = sandbox_cls(seed=seed, port=port)
    info = sandbox.start()
    click.echo(json.dumps(info.as_json_dict()))
    sys.stdout.flush()
    stop = threading.Event()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()


@cli.command("demo")
@click.option("--output", type=click.Path(path_type=Path, file_okay=False), default=Path("demo-output"))
def demo_command(output: Path) -> None:
    """Run the whole job on the built-in sandboxes and sample statements (no credentials needed)."""
    from arsync.demo.run import run_demo

    run_demo(output)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"arsync: error: {redact(message)}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the CLI and turns errors into messages and exit codes."""
    try:
        cli.main(args=argv, prog_name="arsync", standalone_mode=False)
    except ArsyncError as exc:
        _fail(exc.message, int(exc.exit_code))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("aborted", int(ExitCode.ERROR))
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitCode.USAGE if isinstance(exc, click.UsageError) else ExitCode.ERROR)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        os._exit(int(ExitCode.OK))
    except Exception as exc:
        log.debug("internal error", exc_info=True)
        _fail(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in arsync; "
            "rerun with -vv for the traceback and report it.",
            int(ExitCode.ERROR),
        )


__all__ = ["BUILTIN_COMMANDS", "cli", "main"]
