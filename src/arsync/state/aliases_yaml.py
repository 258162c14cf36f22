"""Learned aliases as a YAML file people can read, review in git and load again.

```yaml
version: 1
aliases:
  - {scope: default, kind: payer, key: "ACME LTD LONDON", value: "cust-17", source: user, hits: 3}
```
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import yaml

from arsync.errors import ConfigError
from arsync.state.records import Alias

__all__ = ["AliasInput", "dump_aliases", "parse_aliases"]

_FIELDS = ("scope", "kind", "key", "value", "source", "hits")
_REQUIRED = ("kind", "key", "value")


@dataclasses.dataclass(frozen=True)
class AliasInput:
    """One alias read from YAML, with the line it came from."""

    scope: str
    kind: str
    key: str
    value: str
    source: str
    hits: int
    line: int


def dump_aliases(aliases: Iterable[Alias]) -> str:
    """YAML for ``aliases`` (sorted by scope, kind, key, so exports diff cleanly)."""
    rows = [
        {"scope": a.scope, "kind": a.kind, "key": a.key, "value": a.value, "source": a.source, "hits": a.hits}
        for a in sorted(aliases, key=lambda a: (a.scope, a.kind, a.key))
    ]
    body = yaml.safe_dump({"version": 1, "aliases": rows}, sort_keys=False, allow_unicode=True, width=1000)
    return "# arsync learned aliases; load with `arsync state aliases import FILE`\n" + body


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node, source_name: str, key: str) -> str:
    """The scalar exactly as written (so ``0042`` or ``yes`` stay text), refusing empty values and lists."""
    if not isinstance(node, yaml.ScalarNode):
        raise ConfigError("must be a single text value", path=source_name, key=key, line=_line(node))
    if node.tag == "tag:yaml.org,2002:null" or node.value == "":
        raise ConfigError("must not be empty", path=source_name, key=key, line=_line(node))
    return str(node.value)


def parse_aliases(text: str, *, source_name: str = "<yaml>", default_source: str = "import") -> list[AliasInput]:
    """Read aliases from ``text``; every problem names the line and the key.

    Raises:
        ConfigError: the YAML is malformed or an entry is missing a field, has an unknown field or a bad value.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"not valid YAML ({exc.problem})", path=source_name, line=line) from None
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        sequence: yaml.Node | None = None
        for key_node, value_node in root.value:
            if key_node.value == "aliases":
                sequence = value_node
            elif key_node.value != "version":
                raise ConfigError(
                    "unknown key; expected `version` and `aliases`",
                    path=source_name,
                    key=key_node.value,
                    line=_line(key_node),
                )
        if sequence is None:
            raise ConfigError("no `aliases:` list found", path=source_name, line=_line(root))
    else:
        sequence = root
    if isinstance(sequence, yaml.ScalarNode) and sequence.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(sequence, yaml.SequenceNode):
        raise ConfigError("must be a list of aliases", path=source_name, key="aliases", line=_line(sequence))
    result: list[AliasInput] = []
    for index, item in enumerate(sequence.value):
        where = f"aliases[{index}]"
        if not isinstance(item, yaml.MappingNode):
            raise ConfigError(
                "each alias must be a mapping with kind, key and value", path=source_name, key=where, line=_line(item)
            )
        fields: dict[str, str] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in item.value:
            name = str(key_node.value)
            if name not in _FIELDS:
                raise ConfigError(
                    f"unknown field; allowed: {', '.join(_FIELDS)}",
                    path=source_name,
                    key=f"{where}.{name}",
                    line=_line(key_node),
                )
            fields[name] = _text(value_node, source_name, f"{where}.{name}")
            lines[name] = _line(value_node)
        for name in _REQUIRED:
            if name not in fields:
                raise ConfigError(f"missing `{name}`", path=source_name, key=where, line=_line(item))
        hits = 1
        if "hits" in fields:
            try:
                hits = int(fields["hits"])
            except ValueError:
                hits = -1
            if hits < 0:
                raise ConfigError(
                    f"hits must be a whole number >= 0, not {fields['hits']!r}",
                    path=source_name,
                    key=f"{where}.hits",
                    line=lines["hits"],
                )
        result.append(
            AliasInput(
                scope=fields.get("scope", "default"),
                kind=fields["kind"],
                key=fields["key"],
                value=fields["value"],
                source=fields.get("source", default_source),
                hits=hits,
                line=_line(item),
            )
        )
    return result
