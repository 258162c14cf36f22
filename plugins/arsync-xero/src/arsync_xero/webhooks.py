"""Xero webhooks: the ``x-xero-signature`` check and the intent-to-receive handshake.

Xero signs the raw body with HMAC-SHA256 under the webhook key and sends it base64-encoded in
``x-xero-signature``. During "intent to receive" it posts empty event lists, some signed correctly and
some not: the receiver must answer 200 (empty body) to the first and 401 to the others, within 5 s.
Events carry ids only; the receiver hands them to a callback, which should re-read the resources.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from arsync.logs import register_secret

__all__ = ["WebhookReceiver", "sign", "verify_signature"]

log = logging.getLogger("arsync.xero.webhooks")
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def sign(webhook_key: str, body: bytes) -> str:
    """The ``x-xero-signature`` Xero would send for ``body``."""
    digest = hmac.new(webhook_key.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify_signature(webhook_key: str, body: bytes, signature: str | None) -> bool:
    """True when ``signature`` is Xero's signature of exactly these bytes (constant-time compare)."""
    if not signature:
        return False
    return hmac.compare_digest(sign(webhook_key, body).encode("ascii"), signature.strip().encode("ascii", "replace"))


class WebhookReceiver:
    """A WSGI application answering Xero's webhook deliveries.

    Args:
        webhook_key: the key shown on the app's webhook page.
        on_events: called with the list of events of each correctly signed, non-empty delivery.
    """

    def __init__(self, webhook_key: str, on_events: Callable[[list[dict[str, Any]]], None] | None = None) -> None:
        register_secret(webhook_key)
        self.webhook_key = webhook_key
        self.on_events = on_events

    def handle(self, body: bytes, signature: str | None) -> int:
        """Process one delivery; return the HTTP status to answer with (200 or 401)."""
        if not verify_signature(self.webhook_key, body, signature):
            log.warning("xero webhook: signature mismatch; answered 401")
            return 401
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            return 401  # signed garbage is still not something Xero sends
        events = payload.get("events") if isinstance(payload, dict) else None
        if events and self.on_events is not None:
            self.on_events([e for e in events if isinstance(e, dict)])
        return 200

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """WSGI entry point: POST only, empty body in every answer, as Xero requires."""
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [("Content-Length", "0"), ("Allow", "POST")])
            return [b""]
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length else b""
        status = self.handle(body, environ.get("HTTP_X_XERO_SIGNATURE"))
        start_response("200 OK" if status == 200 else "401 Unauthorized", [("Content-Length", "0")])
        return [b""]
