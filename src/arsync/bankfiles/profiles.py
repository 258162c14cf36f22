"""CSV bank profiles as YAML data: loading with errors that name file, key and line; the built-in set.

Built-in profiles live in ``arsync/bankfiles/csv_profiles/*.yaml``; the file stem is the profile
name. They are registered as :class:`LazyProfile` proxies, so starting the CLI reads no YAML; a
profile is parsed the first time detection or parsing needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from arsync.bankfiles.base import BankFormat, ParseOptions
from arsync.bankfiles.csvprofile import CsvProfile, CsvProfileFormat
from arsync.errors import ConfigError
from arsync.models import StatementLine

__all__ = ["BUILTIN_PROFILE_DIR", "LazyProfile", "builtin_profiles", "load_profile_file"]

BUILTIN_PROFILE_DIR = Path(__file__).with_name("csv_profiles")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


def _to_python(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    """Convert a composed YAML node to Python, remembering the line of every key path."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_Loader.construct_scalar(_Loader(""), key_node))  # keys are plain scalars
            sub = f"{path}.{key}" if path else key
            if key in out:
                raise ConfigError(f"key {key!r} appears twice", key=sub, line=key_node.start_mark.line + 1)
            lines[sub] = key_node.start_mark.line + 1
            out[key] = _to_python(value_node, sub, lines)
            lines[sub] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, f"{path}.{i}", lines) for i, item in enumerate(node.value)]
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_profile_text(text: str, path: Path) -> CsvProfile:
    """Validate a YAML profile.

    Raises:
        ConfigError: naming the file, the key path and its line.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if node is None:
        raise ConfigError("the profile is empty; see docs/bank-formats.md for the fields", path=path, line=1)
    lines: dict[str, int] = {}
    try:
        data = _to_python(node, "", lines)
    except ConfigError as exc:
        raise ConfigError(exc.message.split(": ", 1)[-1], path=path, key=exc.key, line=exc.line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", path=path) from None
    if not isinstance(data, dict):
        raise ConfigError("a profile is a mapping of keys (name, description, header, date, ...)", path=path, line=1)
    try:
        return CsvProfile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        # pydantic adds the model-validator's class name or union tags to loc; keep real keys only
        key_parts: list[str] = []
        for part in loc:
            candidate = ".".join([*key_parts, part])
            if candidate in lines or part.isdigit():
                key_parts.append(part)
        key = ".".join(key_parts) or (loc[0] if loc else "")
        line = lines.get(key, lines.get(key.rsplit(".", 1)[0], 1))
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r} (a typo?); see docs/bank-formats.md for the fields"
        elif err["type"] == "missing":
            message = f"missing required key {loc[-1]!r}"
        raise ConfigError(message, path=path, key=key or None, line=line) from None


def load_profile_file(path: Path) -> BankFormat:
    """Load one YAML CSV profile from ``path`` (as dropped into a plugins directory).

    Raises:
        ConfigError: the file cannot be read, is not valid YAML, or a key is wrong; the message
            names the file, the key path and the line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the profile: {exc}", path=path) from None
    profile = load_profile_text(text, Path(path))
    return CsvProfileFormat(profile, origin=str(path))


class LazyProfile(BankFormat):
    """A built-in profile registered by name; its YAML is parsed on first use."""

    kind = "csv"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.stem
        self._loaded: CsvProfileFormat | None = None

    def load(self) -> CsvProfileFormat:
        """The real format (parsed once)."""
        if self._loaded is None:
            fmt = load_profile_file(self.path)
            assert isinstance(fmt, CsvProfileFormat)
            if fmt.name != self.name:
                raise ConfigError(f"profile name {fmt.name!r} must equal the file name", path=self.path, key="name")
            self._loaded = fmt
        return self._loaded

    def __getattribute__(self, name: str) -> Any:
        if name == "description":  # read from the YAML only when someone asks
            return object.__getattribute__(self, "load")().description
        return object.__getattribute__(self, name)

    def identify(self, path: Path, head: bytes) -> float:
        """See :meth:`CsvProfileFormat.identify`."""
        try:
            return self.load().identify(path, head)
        except Exception:
            return 0.0

    def explain(self, path: Path, head: bytes) -> str:
        """See :meth:`CsvProfileFormat.explain`."""
        return self.load().explain(path, head)

    def parse(self, path: Path) -> Iterator[StatementLine]:
        """See :meth:`CsvProfileFormat.parse`."""
        return self.load().parse(path)

    def parse_with(self, path: Path, options: ParseOptions) -> Iterator[StatementLine]:
        """See :meth:`CsvProfileFormat.parse_with`."""
        return self.load().parse_with(path, options)


def builtin_profiles() -> list[LazyProfile]:
    """Every built-in profile, unparsed."""
    return [LazyProfile(p) for p in sorted(BUILTIN_PROFILE_DIR.glob("*.yaml"))]
