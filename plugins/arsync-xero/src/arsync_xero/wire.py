"""Xero's JSON wire conventions: ``/Date(ms+0000)/`` dates and money as 2-dp JSON numbers, never floats."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from decimal import Decimal
from typing import Any

__all__ = [
    "EPOCH",
    "dumps",
    "ms_date",
    "ms_datetime",
    "parse_date",
    "parse_datetime",
    "to_ms",
    "utc_ms",
]

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MS_RE = re.compile(r"^/Date\((?P<ms>-?\d+)(?P<tz>[+-]\d{2,4})?\)/$")
# A per-process marker lets Decimals pass through json.dumps as strings and come out as bare numbers.
_MARK = "\u2063dec" + secrets.token_hex(4) + ":"
_MARK_RE = re.compile('"' + re.escape(_MARK) + r'(-?[0-9.]+)"')


def to_ms(moment: dt.datetime) -> int:
    """Milliseconds since the epoch of an aware datetime, exact (no float on the way)."""
    delta = moment.astimezone(dt.UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def utc_ms(ms: int) -> dt.datetime:
    """The aware UTC datetime of ``ms`` milliseconds since the epoch, exact."""
    return EPOCH + dt.timedelta(milliseconds=ms)


def ms_date(day: dt.date) -> str:
    """A date-only field as Xero sends it: midnight UTC, ``/Date(ms+0000)/``."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return f"/Date({to_ms(midnight)}+0000)/"


def ms_datetime(moment: dt.datetime, *, offset: bool = True) -> str:
    """A timestamp as Xero sends it (``UpdatedDateUTC`` with ``+0000``; the envelope's ``DateTimeUTC`` without)."""
    return f"/Date({to_ms(moment)}{'+0000' if offset else ''})/"


def parse_datetime(value: Any) -> dt.datetime | None:
    """Parse a request timestamp: ``/Date(ms[±hhmm])/``, ISO 8601 (naive means UTC) or RFC 1123."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _MS_RE.match(text)
    if match:
        return utc_ms(int(match["ms"]))
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise ValueError(f"not a date: {text!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def parse_date(value: Any) -> dt.date | None:
    """Parse a request date: ``/Date(ms)/`` (its UTC date), ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    match = _MS_RE.match(text)
    if match:
        return utc_ms(int(match["ms"])).date()
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()


def _mark(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _MARK + format(value, "f")
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mark(v) for v in value]
    return value


def dumps(document: Any) -> bytes:
    """JSON with every Decimal written as a bare number exactly as quantized (``40.00``, not ``40.0``)."""
    text = json.dumps(_mark(document), ensure_ascii=False, separators=(",", ":"))
    return _MARK_RE.sub(r"\1", text).encode("utf-8")
