"""Logging to stderr, as text or JSON lines, with secrets redacted from every record.

The redaction filter runs on the *formatted* message and on exception text, so a token that
reaches a log call through an f-string, an ``%s`` argument, an SDK's exception message or a URL
query string is still masked. Known secret values (from config and token stores) are registered
with :func:`register_secret` and masked verbatim; well-known shapes (bearer tokens, ``client_secret=``,
``refresh_token`` JSON fields, passwords in URLs) are masked by pattern.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import threading
from collections.abc import Iterable

__all__ = ["redact", "register_secret", "setup_logging"]

_MASK = "***"
_secrets: set[str] = set()
_secrets_lock = threading.Lock()

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization: Bearer <token> / Basic <b64>
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + _MASK),
    # key=value and "key": "value" for secret-ish keys, in query strings, form bodies, JSON and reprs
    (
        re.compile(
            r"""(?ix)
            (["']?(?:access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|password|passwd|
            secret|api[_-]?key|authorization|webhook[_-]?(?:key|token)|verifier[_-]?token|code)["']?
            \s*[:=]\s*["']?)
            ([^"'\s&,}]+)
            """
        ),
        r"\1" + _MASK,
    ),
    # user:password@host in URLs (PostgreSQL, SMTP)
    (re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^:/\s@]+:)([^@\s/]+)(@)"), r"\1" + _MASK + r"\3"),
    # JWTs anywhere
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"), _MASK),
)


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears in logs from now on (ignored when short or empty)."""
    if value and len(value) >= 6:
        with _secrets_lock:
            _secrets.add(value)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """Return ``text`` with registered secrets, ``extra`` values and secret-shaped substrings masked."""
    with _secrets_lock:
        known = sorted(_secrets.union(v for v in extra if v and len(v) >= 6), key=len, reverse=True)
    for value in known:
        text = text.replace(value, _MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Masks secrets in the message, its arguments and any exception text of each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not kill logging
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and extra fields under ``extra``."""

    _STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        extra = {k: v for k, v in vars(record).items() if k not in self._STANDARD}
        if extra:
            document["extra"] = {k: redact(str(v)) for k, v in extra.items()}
        if record.exc_text:
            document["exception"] = record.exc_text
        return json.dumps(document, ensure_ascii=False)


def setup_logging(fmt: str = "text", level: int = logging.WARNING) -> None:
    """Send arsync's logs to stderr in ``fmt`` (``text`` or ``json``), redacted, at ``level``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_arsync", False):
            root.removeHandler(existing)
    handler._arsync = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # Vendor SDKs log request bodies and headers at DEBUG; they go through the same filter, but keep them quiet.
    for noisy in ("urllib3", "requests_oauthlib", "oauthlib", "httpx", "httpcore", "xero_python", "quickbooks"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO))
