"""Plugin discovery and the registry of what plugins provide.

Order: built-in modules, then entry points in group ``arsync``, then ``*.py`` files (and YAML bank
profiles) in the plugins directories. Each plugin is loaded and each of its hooks is called in
isolation: a plugin that fails is recorded in :attr:`Registry.plugins` with its error and the rest
go on; a run fails only if it needs what the broken plugin would have provided.

Environment:
    ``ARSYNC_LOAD_PLUGINS``: comma-separated allow-list of plugin names (entry-point names or
    plugin-file stems). When set, only those non-built-in plugins load; set to an empty string to
    load none.
    ``ARSYNC_DISABLE_PLUGIN_AUTOLOAD``: when set to a non-empty value, entry points are not
    discovered automatically; those named in ``ARSYNC_LOAD_PLUGINS`` still load.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import importlib.util
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from arsync import hookspecs
from arsync.errors import PluginError

if TYPE_CHECKING:
    import click

    from arsync.bankfiles.base import BankFormat
    from arsync.connectors.base import Connector, Sandbox

__all__ = ["BUILTIN_PLUGINS", "ENTRY_POINT_GROUP", "PluginInfo", "Registry", "load_plugins"]

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "arsync"
BUILTIN_PLUGINS: tuple[str, ...] = (
    "arsync.bankfiles.plugin",
    "arsync.matching.plugin",
)
_HOOKS = ("register_connectors", "register_bank_formats", "register_matchers", "register_sandboxes")


@dataclasses.dataclass
class PluginInfo:
    """One plugin as ``arsync plugins`` shows it."""

    name: str
    source: str  # "builtin", "entrypoint" or "plugins-dir"
    module: str
    version: str | None = None
    hooks: list[str] = dataclasses.field(default_factory=list)
    provides: list[str] = dataclasses.field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dataclasses.asdict(self)


class Registry:
    """Everything the loaded plugins registered."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager("arsync")
        self.pm.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self.connectors: dict[str, type[Connector]] = {}
        self.bank_formats: dict[str, BankFormat] = {}
        self.matchers: list[Any] = []
        self.sandboxes: dict[str, type[Sandbox]] = {}
        self._owner: dict[object, PluginInfo] = {}

    # --- lookups used by commands; they fail loudly, naming a broken plugin if one might be the cause

    def connector(self, type_name: str) -> type[Connector]:
        """Return the connector class for ``type_name``.

        Raises:
            PluginError: none registered; the message lists the known ones and any load errors.
        """
        try:
            return self.connectors[type_name]
        except KeyError:
            raise PluginError(self._missing("connector", type_name, sorted(self.connectors))) from None

    def sandbox(self, type_name: str) -> type[Sandbox]:
        """Return the sandbox class for ``type_name`` (see :meth:`connector`)."""
        try:
            return self.sandboxes[type_name]
        except KeyError:
            raise PluginError(self._missing("sandbox", type_name, sorted(self.sandboxes))) from None

    def _missing(self, what: str, name: str, known: list[str]) -> str:
        message = f"no {what} named {name!r} is installed (known: {', '.join(known) or 'none'})"
        broken = [p for p in self.plugins if p.error]
        if broken:
            message += "; these plugins failed to load and may be the cause: " + ", ".join(
                f"{p.name} ({p.error})" for p in broken
            )
        return message + ". Run `arsync plugins` to see what loaded."

    @property
    def errors(self) -> list[PluginInfo]:
        """Plugins that failed to load or whose hooks raised."""
        return [p for p in self.plugins if p.error]

    # --- loading ------------------------------------------------------------------------------

    def add_module(self, module: ModuleType, info: PluginInfo) -> None:
        """Register ``module`` as a plugin and call its registration hooks, each in isolation."""
        unknown = [
            name
            for name in dir(module)
            if hasattr(getattr(module, name, None), "arsync_impl") and not hasattr(hookspecs, name)
        ]
        if unknown:
            info.error = f"unknown hook name(s) {', '.join(unknown)}; see docs/plugins.md for the hooks"
            self.plugins.append(info)
            return
        try:
            self.pm.register(module, name=info.name)
        except Exception as exc:  # pluggy validation: wrong hook signature and the like
            info.error = f"{type(exc).__name__}: {exc}"
            self.plugins.append(info)
            return
        self.plugins.append(info)
        self._owner[module] = info
        for hook in _HOOKS:
            for impl in getattr(self.pm.hook, hook).get_hookimpls():
                if impl.plugin is module:
                    info.hooks.append(hook)
                    self._call(info, hook, impl.function)

    def _call(self, info: PluginInfo, hook: str, function: Callable[..., Any]) -> None:
        register = self._registrar(hook, info)
        try:
            function(register=register)
        except Exception as exc:
            info.error = f"{hook} raised {type(exc).__name__}: {exc}"
            log.warning("plugin %s: %s", info.name, info.error)
            log.debug("%s", traceback.format_exc())

    def _registrar(self, hook: str, info: PluginInfo) -> Callable[[Any], None]:
        def register(obj: Any) -> None:
            if hook == "register_connectors":
                self._put(self.connectors, obj.type_name, obj, "connector", info)
            elif hook == "register_sandboxes":
                self._put(self.sandboxes, obj.type_name, obj, "sandbox", info)
            elif hook == "register_bank_formats":
                self._put(self.bank_formats, obj.name, obj, "bank format", info)
            else:
                self.matchers.append(obj)
                info.provides.append(f"matcher:{getattr(obj, 'name', type(obj).__name__)}")

        return register

    def _put(self, table: dict[str, Any], key: str, obj: Any, what: str, info: PluginInfo) -> None:
        if key in table and table[key] is not obj:
            raise PluginError(f"{what} {key!r} is already registered by another plugin")
        table[key] = obj
        info.provides.append(f"{what.replace(' ', '_')}:{key}")

    def add_commands(self, cli: click.Group) -> None:
        """Let plugins add CLI commands; a plugin whose hook raises is recorded, not fatal."""
        for impl in self.pm.hook.register_commands.get_hookimpls():
            info = self._owner.get(impl.plugin)
            try:
                impl.function(cli=cli)
            except Exception as exc:
                if info is not None:
                    info.error = f"register_commands raised {type(exc).__name__}: {exc}"


def _allow_list() -> set[str] | None:
    raw = os.environ.get("ARSYNC_LOAD_PLUGINS")
    if raw is None:
        return None
    return {name.strip() for name in raw.split(",") if name.strip()}


def _import_file(path: Path) -> ModuleType:
    module_name = f"arsync_local_plugin_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    return module


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _load_builtins(registry: Registry) -> None:
    for module_name in BUILTIN_PLUGINS:
        info = PluginInfo(name=module_name.split(".")[1], source="builtin", module=module_name)
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            info.error = _describe(exc)
            registry.plugins.append(info)
            continue
        registry.add_module(module, info)


def _load_entry_points(registry: Registry, allow: set[str] | None) -> None:
    autoload = not os.environ.get("ARSYNC_DISABLE_PLUGIN_AUTOLOAD")
    seen: set[str] = set()
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in seen:
            continue
        seen.add(ep.name)
        if allow is not None and ep.name not in allow:
            continue
        if not autoload and (allow is None or ep.name not in allow):
            continue
        version = ep.dist.version if ep.dist is not None else None
        info = PluginInfo(name=ep.name, source="entrypoint", module=ep.value, version=version)
        try:
            module = ep.load()
        except BaseException as exc:  # SystemExit from a plugin must not end our process either
            if isinstance(exc, KeyboardInterrupt):
                raise
            info.error = _describe(exc)
            registry.plugins.append(info)
            continue
        registry.add_module(module, info)


def _load_dir(registry: Registry, directory: Path, allow: set[str] | None) -> None:
    if not directory.is_dir():
        registry.plugins.append(
            PluginInfo(
                name=str(directory),
                source="plugins-dir",
                module=str(directory),
                error="plugins directory does not exist; fix --plugins-dir or plugins_dir in the config",
            )
        )
        return
    for path in sorted(directory.iterdir()):
        if allow is not None and path.stem not in allow:
            continue
        if path.suffix == ".py" and not path.name.startswith("_"):
            info = PluginInfo(name=path.stem, source="plugins-dir", module=str(path))
            try:
                module = _import_file(path)
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                info.error = _describe(exc)
                registry.plugins.append(info)
                continue
            registry.add_module(module, info)
        elif path.suffix in (".yaml", ".yml"):
            _load_profile(registry, path)


def _load_profile(registry: Registry, path: Path) -> None:
    info = PluginInfo(name=path.name, source="plugins-dir", module=str(path), hooks=["register_bank_formats"])
    registry.plugins.append(info)
    try:
        from arsync.bankfiles.profiles import load_profile_file

        fmt = load_profile_file(path)
        registry._put(registry.bank_formats, fmt.name, fmt, "bank format", info)
    except Exception as exc:
        info.error = _describe(exc)


_cache: dict[tuple[object, ...], Registry] = {}


def load_plugins(plugins_dirs: Iterable[Path] = (), *, fresh: bool = False) -> Registry:
    """Discover and load every plugin; cached per plugins directories and environment.

    Args:
        plugins_dirs: local plugin directories (from ``--plugins-dir`` or config ``plugins_dir``).
        fresh: ignore the cache (tests that change plugins on disk).

    Returns:
        The registry; load errors are in :attr:`Registry.errors`, never raised.
    """
    dirs: Sequence[Path] = tuple(Path(d) for d in plugins_dirs)
    key = (
        dirs,
        os.environ.get("ARSYNC_LOAD_PLUGINS"),
        os.environ.get("ARSYNC_DISABLE_PLUGIN_AUTOLOAD"),
    )
    if not fresh and key in _cache:
        return _cache[key]
    registry = Registry()
    allow = _allow_list()
    _load_builtins(registry)
    _load_entry_points(registry, allow)
    for directory in dirs:
        _load_dir(registry, directory, allow)
    _cache[key] = registry
    return registry
