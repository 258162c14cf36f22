"""The arsync configuration: YAML validated by pydantic, with ``${VAR}`` interpolation.

- Unknown keys are errors (``extra="forbid"``): a typo is never a silent default.
- ``${VAR}`` takes an environment variable and fails when it is unset; ``${VAR:-default}`` falls back;
  ``$${`` is a literal ``${``. Interpolation applies to string values only, never to keys.
- Every error is one line naming the file, the line and the dotted key path, and says what to do;
  it ends the process with exit code 78 (EX_CONFIG).

Lookup order: ``--config FILE`` (or ``$ARSYNC_CONFIG``), ``./arsync.yaml``, then
``<user config dir>/arsync/arsync.yaml``; with none, the defaults apply (commands that need a
config say so).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import platformdirs
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from arsync.collections.settings import CollectionsSettings
from arsync.errors import ConfigError
from arsync.logs import register_secret
from arsync.matching.settings import MatchingSettings
from arsync.reports.settings import ReportSettings

__all__ = ["AppConfig", "ConnectorBlock", "find_config", "load_config", "parse_config", "starter_config"]

S = TypeVar("S", bound=BaseModel)

_VAR = re.compile(r"\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\}")
_SECRET_KEY = re.compile(r"(?i)(secret|password|token|api_key|webhook_key)")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateSettings(_Section):
    """Where arsync keeps cursors, links, the journal, learned aliases and tokens."""

    url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default SQLite in the user data dir. PostgreSQL: postgresql://user@host/db",
    )


class LogSettings(_Section):
    """Logging to stderr."""

    format: Literal["text", "json"] = "text"
    level: Literal["debug", "info", "warning", "error"] = "warning"


class ConnectorBlock(BaseModel):
    """One ``connectors.<name>`` block: ``type`` picks the connector; the rest is its own settings,
    validated by :meth:`AppConfig.connector_settings` against the connector's settings model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    type: str = Field(description="connector type, e.g. quickbooks or xero (see `arsync plugins`)")


class AppConfig(_Section):
    """The whole configuration file."""

    version: Literal[1] = 1
    plugins_dir: Path | None = None
    state: StateSettings = StateSettings()
    log: LogSettings = LogSettings()
    connectors: dict[str, ConnectorBlock] = Field(default_factory=dict)
    matching: MatchingSettings = MatchingSettings()
    reports: ReportSettings = ReportSettings()
    collections: CollectionsSettings = CollectionsSettings()

    _source: Path | None = PrivateAttr(default=None)
    _lines: dict[tuple[str, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> Path | None:
        """The file this config was read from (``None`` for defaults)."""
        return self._source

    def line_of(self, *path: str) -> int | None:
        """The 1-based line of the key at ``path`` in the source file, when known."""
        return self._lines.get(tuple(path))

    def connector_settings(self, name: str, model: type[S]) -> S:
        """Validate the ``connectors.<name>`` block (minus ``type``) against ``model``.

        Raises:
            ConfigError: no such connector, or its block is invalid (naming key path and line).
        """
        block = self.connectors.get(name)
        if block is None:
            known = ", ".join(sorted(self.connectors)) or "none configured"
            raise ConfigError(f"no connector named {name!r} (known: {known})", path=self._source, key="connectors")
        data = dict(block.model_extra or {})
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise _to_config_error(exc, self._source, self._lines, ("connectors", name), model) from None


def _key_lines(node: yaml.Node, path: tuple[str, ...], out: dict[tuple[str, ...], int], file: Path | None) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise ConfigError(
                    "duplicate key; keep only one of them",
                    path=file,
                    key=".".join((*path, key)),
                    line=key_node.start_mark.line + 1,
                )
            seen.add(key)
            out[(*path, key)] = key_node.start_mark.line + 1
            _key_lines(value_node, (*path, key), out, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*path, str(index))] = item.start_mark.line + 1
            _key_lines(item, (*path, str(index)), out, file)


def _interpolate(
    value: Any, path: tuple[str, ...], env: Mapping[str, str], lines: dict[tuple[str, ...], int], file: Path | None
) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, (*path, str(k)), env, lines, file) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, (*path, str(i)), env, lines, file) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value

    def substitute(match: re.Match[str]) -> str:
        escaped, name, default = match.group(1), match.group(2), match.group(3)
        if escaped:
            return match.group(0)[1:]
        if name in env:
            return env[name]
        if default is not None:
            return default
        raise ConfigError(
            f"environment variable {name} is not set; export it or write ${{{name}:-default}}",
            path=file,
            key=".".join(path),
            line=lines.get(path),
        )

    result = _VAR.sub(substitute, value)
    if path and _SECRET_KEY.search(path[-1]):
        register_secret(result)
    return result


def _loc_path(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    return tuple(str(part) for part in loc)


def _known_fields(model: type[BaseModel], loc: tuple[str, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _to_config_error(
    exc: ValidationError,
    file: Path | None,
    lines: dict[tuple[str, ...], int],
    prefix: tuple[str, ...],
    model: type[BaseModel],
) -> ConfigError:
    errors = exc.errors(include_url=False, include_input=False)
    # A misspelt key also makes the real key "missing"; the unknown key is the actionable one.
    errors.sort(key=lambda error: error["type"] != "extra_forbidden")
    first = errors[0]
    loc = _loc_path(first["loc"])
    full = (*prefix, *loc)
    # The nearest enclosing key that exists in the file gives the line.
    line = None
    for cut in range(len(full), 0, -1):
        line = lines.get(full[:cut])
        if line is not None:
            break
    if first["type"] == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        guess = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else f"; allowed keys here: {', '.join(known)}"
        message = f"unknown key{hint} (see config.example.yaml)"
    elif first["type"] == "missing":
        message = "required key is missing"
    else:
        message = first["msg"].removeprefix("Value error, ")
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return ConfigError(message, path=file, key=".".join(full) or None, line=line)


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, with dates left as the text they were written as: the settings parse them, so an
    impossible one (2026-13-01) is reported with its key and line instead of escaping from PyYAML as a
    bare ValueError, and a string setting such as an FX rate's date accepts an unquoted date."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_config(text: str, *, source: Path | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    """Parse and validate config ``text``.

    Args:
        text: YAML.
        source: the file it came from, for messages.
        env: environment for ``${VAR}``; ``os.environ`` by default.

    Raises:
        ConfigError: YAML syntax, unknown or invalid keys, or a missing environment variable.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is the safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context_mark = getattr(exc, "context_mark", None)
        if "<stream end>" in problem and context_mark is not None:
            mark = context_mark  # an unclosed bracket or quote: point at where it opened
            context = getattr(exc, "context", None)
            problem += f" ({context})" if context else ""
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"not valid YAML: {problem}", path=source, line=line) from None
    lines: dict[tuple[str, ...], int] = {}
    if root is not None:
        _key_lines(root, (), lines, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping of keys to values", path=source, line=1)
    data = _interpolate(data, (), os.environ if env is None else env, lines, source)
    try:
        config = AppConfig.model_validate(data)
    except ValidationError as exc:
        raise _to_config_error(exc, source, lines, (), AppConfig) from None
    config._source = source
    config._lines = lines
    return config


def find_config(explicit: Path | None = None) -> Path | None:
    """The config file to use: ``explicit``, ``./arsync.yaml``, or the user config dir's; ``None`` if none exists."""
    if explicit is not None:
        return explicit
    for candidate in (Path("arsync.yaml"), Path(platformdirs.user_config_dir("arsync")) / "arsync.yaml"):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: Path | None = None, *, required: bool = False) -> AppConfig:
    """Find, read and validate the config.

    Args:
        explicit: ``--config`` value.
        required: raise when no file is found instead of returning defaults.

    Raises:
        ConfigError: see :func:`parse_config`; or the file is missing/unreadable.
    """
    path = find_config(explicit)
    if path is None:
        if required:
            raise ConfigError("no config file found; run `arsync init` to write ./arsync.yaml, or pass --config FILE")
        return AppConfig()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("config file not found; run `arsync init` or fix --config", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the config file ({type(exc).__name__}: {exc})", path=path) from None
    return parse_config(text, source=path)


def starter_config() -> str:
    """The commented starter config ``arsync init`` writes (the same text as ``config.example.yaml``)."""
    return resources.files("arsync").joinpath("data/config.example.yaml").read_text(encoding="utf-8")
