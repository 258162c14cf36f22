"""JSON as QBO writes it: Decimals become JSON numbers with their exact digits, never floats."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

__all__ = ["dumps"]


def _encode(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        first = True
        for key, item in value.items():
            if not first:
                out.append(",")
            first = False
            out.append(json.dumps(str(key)))
            out.append(":")
            _encode(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _encode(item, out)
        out.append("]")
    elif isinstance(value, Decimal):
        # QBO sends amounts as JSON numbers; writing the Decimal's digits keeps them exact on the wire.
        out.append(format(value, "f"))
    else:
        out.append(json.dumps(value))


def dumps(value: Any) -> bytes:
    """JSON with Decimals as JSON numbers (never through float)."""
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode("utf-8")
