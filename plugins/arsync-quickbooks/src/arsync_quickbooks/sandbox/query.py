"""The SQL subset the QBO query endpoint accepts, parsed and evaluated against stored entities.

``SELECT * | COUNT(*) FROM Entity [WHERE p op v (AND p op v)*] [ORDERBY|ORDER BY p [ASC|DESC], ...]
[STARTPOSITION n] [MAXRESULTS n]``; operators ``= < > <= >= IN LIKE``; no OR. Keywords, entity and field
names and string values are case-insensitive, as on QBO.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from arsync_quickbooks.sandbox.wire import COMPANY_TZ, QboFault

__all__ = ["Condition", "Query", "matches", "parse_query", "sort_key"]

MAX_RESULTS = 1000
DEFAULT_RESULTS = 100

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<string>'(?:\\.|[^'\\])*')
    |(?P<op><=|>=|!=|<>|=|<|>)
    |(?P<punct>[(),*])
    |(?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    |(?P<number>-?\d+(?:\.\d+)?)
    )""",
    re.VERBOSE,
)


@dataclasses.dataclass(frozen=True)
class Condition:
    """``path op values`` (``values`` has one element except for IN)."""

    path: str
    op: str
    values: tuple[str, ...]

    @functools.cached_property
    def folded(self) -> frozenset[str]:
        """The IN list, case-folded, for fast membership tests on string fields."""
        return frozenset(v.lower() for v in self.values)


@dataclasses.dataclass(frozen=True)
class Query:
    """A parsed query."""

    entity: str
    count: bool
    conditions: tuple[Condition, ...]
    order: tuple[tuple[str, bool], ...]  # (path, descending)
    start: int
    max_results: int

    def mentions(self, field: str) -> bool:
        """True when the WHERE clause names ``field`` (QBO then drops the Active default)."""
        return any(c.path.lower() == field.lower() for c in self.conditions)


def _invalid(detail: str, code: str = "4000") -> QboFault:
    return QboFault(code, "Error parsing query", f"QueryParserError: {detail}")


def _tokens(sql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = sql.rstrip().rstrip(";")
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        found = _TOKEN.match(text, pos)
        if found is None or found.end() == pos:
            raise _invalid(f"Encountered unexpected text at position {pos}: {text[pos : pos + 20]!r}")
        kind = found.lastgroup or ""
        value = found.group(kind)
        if kind == "string":
            value = value[1:-1].replace("\\'", "'").replace("\\\\", "\\")
        tokens.append((kind, value))
        pos = found.end()
    return tokens


def parse_query(sql: str, entities: Callable[[str], str | None]) -> Query:
    """Parse ``sql``; ``entities`` maps a case-insensitive entity name to its canonical name or ``None``.

    Raises:
        QboFault: 4000 for a parse error, 4001 for an unknown entity or MAXRESULTS over 1000.
    """
    tokens = _tokens(sql)
    index = 0

    def peek(offset: int = 0) -> tuple[str, str]:
        return tokens[index + offset] if index + offset < len(tokens) else ("end", "")

    def take() -> tuple[str, str]:
        nonlocal index
        token = peek()
        if token[0] == "end":
            raise _invalid("unexpected end of query")
        index += 1
        return token

    def keyword(word: str) -> bool:
        return peek()[0] == "word" and peek()[1].upper() == word

    def expect_keyword(word: str) -> None:
        if not keyword(word):
            raise _invalid(f"expected {word}, found {peek()[1]!r}")
        take()

    expect_keyword("SELECT")
    count = False
    if keyword("COUNT"):
        take()
        for expected in ("(", "*", ")"):
            if take()[1] != expected:
                raise _invalid("COUNT must be written COUNT(*)")
        count = True
    else:
        if take()[1] != "*":
            raise _invalid("only SELECT * and SELECT COUNT(*) are supported")
        while peek()[1] == ",":  # `SELECT *, Sku FROM Item` (python-quickbooks' Item.all)
            take()
            take()
    expect_keyword("FROM")
    raw_entity = take()[1]
    entity = entities(raw_entity)
    if entity is None:
        raise QboFault("4001", "Invalid query", f"QueryValidationError: invalid context declaration: {raw_entity}")

    conditions: list[Condition] = []
    order: list[tuple[str, bool]] = []
    start = 1
    max_results = DEFAULT_RESULTS
    while peek()[0] != "end":
        if keyword("WHERE"):
            take()
            while True:
                kind, path = take()
                if kind != "word":
                    raise _invalid(f"expected a field name, found {path!r}")
                op_kind, op = take()
                if op_kind == "word" and op.upper() in ("IN", "LIKE"):
                    op = op.upper()
                elif op_kind != "op":
                    raise _invalid(f"expected an operator after {path}, found {op!r}")
                if op == "IN":
                    if take()[1] != "(":
                        raise _invalid("IN needs a parenthesised list")
                    values: list[str] = []
                    while True:
                        values.append(take()[1])
                        sep = take()[1]
                        if sep == ")":
                            break
                        if sep != ",":
                            raise _invalid("IN list items are separated by commas")
                    conditions.append(Condition(path, "IN", tuple(values)))
                else:
                    conditions.append(Condition(path, {"<>": "!="}.get(op, op), (take()[1],)))
                if keyword("AND"):
                    take()
                    continue
                if keyword("OR"):
                    raise _invalid("OR is not supported")
                break
        elif keyword("ORDERBY") or keyword("ORDER"):
            if take()[1].upper() == "ORDER":
                expect_keyword("BY")
            while True:
                path = take()[1]
                descending = False
                if keyword("ASC") or keyword("DESC"):
                    descending = take()[1].upper() == "DESC"
                order.append((path, descending))
                if peek()[1] != ",":
                    break
                take()
        elif keyword("STARTPOSITION"):
            take()
            start = _positive(take()[1], "STARTPOSITION")
        elif keyword("MAXRESULTS"):
            take()
            max_results = _positive(take()[1], "MAXRESULTS")
            if max_results > MAX_RESULTS:
                raise QboFault(
                    "4001",
                    "Invalid query",
                    f"QueryValidationError: value {max_results} is too large. Max allowed value is {MAX_RESULTS}",
                )
        else:
            raise _invalid(f"unexpected {peek()[1]!r}")
    return Query(entity, count, tuple(conditions), tuple(order), start, max_results)


def _positive(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise _invalid(f"{what} must be a whole number, not {text!r}") from None
    if value < 1:
        raise _invalid(f"{what} must be at least 1")
    return value


# --- evaluation ------------------------------------------------------------------------------


def _comparable(value: Any, literal: str) -> tuple[Any, Any] | None:
    """Both sides converted to one comparable type, or ``None`` when they cannot be compared."""
    if isinstance(value, dict):
        value = value.get("value")
    if value is None:
        return None
    if isinstance(value, bool):
        return value, literal.lower() == "true"
    if isinstance(value, dt.datetime):
        try:
            other = dt.datetime.fromisoformat(literal.replace("Z", "+00:00"))
        except ValueError:
            try:
                other = dt.datetime.combine(dt.date.fromisoformat(literal), dt.time(), value.tzinfo)
            except ValueError:
                return None
        if other.tzinfo is None:
            other = other.replace(tzinfo=value.tzinfo)
        return value, other
    if isinstance(value, (Decimal, int)):
        try:
            return Decimal(value), Decimal(literal)
        except InvalidOperation:
            return None
    text = str(value)
    if literal.upper() == "CURRENT_DATE":
        literal = dt.datetime.now(COMPANY_TZ).date().isoformat()
    return text.lower(), literal.lower()


def _like(value: str, pattern: str) -> bool:
    regex = "^" + ".*".join(re.escape(part) for part in pattern.lower().split("%")) + "$"
    return re.match(regex, value.lower(), re.DOTALL) is not None


def matches(condition: Condition, value: Any) -> bool:
    """Does a field ``value`` satisfy ``condition``?"""
    if condition.op == "IN":
        raw = value.get("value") if isinstance(value, dict) else value
        if isinstance(raw, str) and not raw.isdigit():
            return raw.lower() in condition.folded
        if isinstance(raw, str):  # Ids and other digit strings: compare as text, as QBO does for Id IN (...)
            return raw in condition.folded
        return any(matches(Condition(condition.path, "=", (v,)), value) for v in condition.values)
    pair = _comparable(value, condition.values[0])
    if pair is None:
        return False
    left, right = pair
    if condition.op == "LIKE":
        return _like(str(left), str(right))
    try:
        if condition.op == "=":
            return bool(left == right)
        if condition.op == "!=":
            return bool(left != right)
        if condition.op == "<":
            return bool(left < right)
        if condition.op == ">":
            return bool(left > right)
        if condition.op == "<=":
            return bool(left <= right)
        if condition.op == ">=":
            return bool(left >= right)
    except TypeError:
        return False
    raise _invalid(f"unsupported operator {condition.op}")


def sort_key(value: Any) -> tuple[int, Any]:
    """A key that orders mixed field values without TypeError (missing values first)."""
    if isinstance(value, dict):
        value = value.get("value")
    if value is None:
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, Decimal)):
        return (2, Decimal(value))
    if isinstance(value, dt.datetime):
        return (3, value.timestamp())
    text = str(value)
    if text.isdigit():
        return (2, Decimal(text))
    return (4, text.lower())
