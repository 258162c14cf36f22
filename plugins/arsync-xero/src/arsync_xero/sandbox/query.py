"""The subset of Xero's ``where`` and ``order`` query syntax the sandbox understands.

``where``: ``==, !=, <, >, <=, >=``, ``AND``/``&&``, ``OR``/``||``, ``NOT``/``!``, parentheses,
``Guid("...")``, ``DateTime(y, m, d[, h, m, s])``, strings, numbers, ``true``/``false``/``null``,
dotted paths (``Contact.ContactID``) and ``.Contains("x")``, ``.StartsWith("x")``, ``.EndsWith("x")``.
Anything else is a 400 in the sandbox, as an unparseable filter is on Xero.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

__all__ = ["QueryError", "compile_order", "compile_where"]

Lookup = Callable[[dict[str, Any], str], Any]
Predicate = Callable[[dict[str, Any]], bool]

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<string>"(?:[^"\\]|\\.)*")
    |(?P<number>-?\d+(?:\.\d+)?)
    |(?P<op>==|!=|<=|>=|&&|\|\||<|>|\(|\)|,|!)
    |(?P<name>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_METHODS = ("Contains", "StartsWith", "EndsWith")


class QueryError(ValueError):
    """The filter or ordering cannot be parsed."""


class _Guid(str):
    """A GUID literal: compares case-insensitively."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise QueryError(f"cannot parse the filter near {text[pos : pos + 20]!r}")
        kind = match.lastgroup
        assert kind is not None
        out.append((kind, match[kind]))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


def _normal(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return value


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _normal(left), _normal(right)
    if isinstance(left, _Guid) or isinstance(right, _Guid):
        left = None if left is None else str(left).lower()
        right = None if right is None else str(right).lower()
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        if op == "<":
            return bool(left < right)
        if op == ">":
            return bool(left > right)
        if op == "<=":
            return bool(left <= right)
        return bool(left >= right)
    except TypeError:
        raise QueryError(f"cannot compare {left!r} with {right!r}") from None


class _Parser:
    def __init__(self, text: str, lookup: Lookup) -> None:
        self.tokens = _tokens(text)
        self.pos = 0
        self.lookup = lookup

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].upper() != value.upper()):
            raise QueryError(f"expected {value or 'more'} in the filter")
        self.pos += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.disjunction()
        leftover = self.peek()
        if leftover is not None:
            raise QueryError(f"unexpected {leftover[1]!r} in the filter")
        return predicate

    def disjunction(self) -> Predicate:
        parts = [self.conjunction()]
        while (token := self.peek()) is not None and token[1].upper() in ("OR", "||"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def conjunction(self) -> Predicate:
        parts = [self.negation()]
        while (token := self.peek()) is not None and token[1].upper() in ("AND", "&&"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def negation(self) -> Predicate:
        token = self.peek()
        if token is not None and token[1].upper() in ("NOT", "!"):
            self.take()
            inner = self.negation()
            return lambda r: not inner(r)
        if token is not None and token[1] == "(":
            self.take()
            inner = self.disjunction()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self) -> Predicate:
        token = self.peek()
        if token is not None and token[0] == "name":
            head, _, method = token[1].rpartition(".")
            if head and method in _METHODS:
                self.take()
                self.take("(")
                needle = self.operand()(None)
                self.take(")")
                return self._method(head, method, str(needle))
        left = self.operand()
        token = self.peek()
        if token is None or token[1] not in ("==", "!=", "<", ">", "<=", ">="):
            return lambda r: bool(left(r))
        op = self.take()[1]
        right = self.operand()
        return lambda r: _compare(op, left(r), right(r))

    def _method(self, path: str, method: str, needle: str) -> Predicate:
        lookup = self.lookup

        def check(record: dict[str, Any]) -> bool:
            value = lookup(record, path)
            if value is None:
                return False
            text, probe = str(value).lower(), needle.lower()
            if method == "Contains":
                return probe in text
            if method == "StartsWith":
                return text.startswith(probe)
            return text.endswith(probe)

        return check

    def operand(self) -> Callable[[Any], Any]:
        kind, value = self.take()
        if kind == "string":
            literal = bytes(value[1:-1], "utf-8").decode("unicode_escape")
            return lambda r: literal
        if kind == "number":
            number = Decimal(value)
            return lambda r: number
        if kind != "name":
            raise QueryError(f"unexpected {value!r} in the filter")
        upper = value.upper()
        if upper in ("TRUE", "FALSE"):
            flag = upper == "TRUE"
            return lambda r: flag
        if upper == "NULL":
            return lambda r: None
        if value in ("Guid", "DateTime", "DateTimeOffset") and (nxt := self.peek()) is not None and nxt[1] == "(":
            self.take("(")
            args: list[str] = []
            while (tok := self.peek()) is not None and tok[1] != ")":
                if tok[1] == ",":
                    self.take()
                    continue
                args.append(self.take()[1])
            self.take(")")
            if value == "Guid":
                if len(args) != 1:
                    raise QueryError("Guid() takes one string")
                try:
                    guid = _Guid(str(uuid.UUID(args[0].strip('"'))))
                except ValueError:
                    raise QueryError(f"not a GUID: {args[0]}") from None
                return lambda r: guid
            try:
                numbers = [int(a) for a in args]
                moment = dt.datetime(*numbers, tzinfo=dt.UTC)  # type: ignore[arg-type,misc]
            except (TypeError, ValueError):
                raise QueryError(f"bad DateTime({', '.join(args)})") from None
            return lambda r: moment
        lookup = self.lookup
        return lambda r: None if r is None else lookup(r, value)


def compile_where(text: str, lookup: Lookup) -> Predicate:
    """Compile a ``where`` expression into a predicate over sandbox records."""
    return _Parser(text, lookup).parse()


def compile_order(text: str, lookup: Lookup) -> Callable[[list[dict[str, Any]]], list[dict[str, Any]]]:
    """Compile ``"Field [ASC|DESC][, Field2 ...]"`` into a stable sort over records (nulls first)."""
    keys: list[tuple[str, bool]] = []
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1].upper() not in ("ASC", "DESC")):
            raise QueryError(f"cannot parse the order {text!r}")
        keys.append((words[0], len(words) == 2 and words[1].upper() == "DESC"))

    def sort(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        out = list(records)
        for path, descending in reversed(keys):
            out.sort(key=lambda r: _sort_key(lookup(r, path)), reverse=descending)
        return out

    return sort


def _sort_key(value: Any) -> tuple[int, Any]:
    value = _normal(value)
    if value is None:
        return (0, "")
    if isinstance(value, str):
        return (1, value.lower())
    return (1, value)
