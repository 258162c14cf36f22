"""Xero webhook deliveries: signature check and the intent-to-receive handshake."""

from __future__ import annotations

import io
import json
from typing import Any

from arsync_xero.webhooks import WebhookReceiver, sign, verify_signature

KEY = "webhook-key-for-tests-0123456789"
INTENT = json.dumps({"events": [], "lastEventSequence": 0, "firstEventSequence": 0, "entropy": "S0m3r4Nd0mt3xt"})


def _deliver(app: WebhookReceiver, body: bytes, signature: str | None) -> tuple[str, bytes]:
    seen: dict[str, Any] = {}
    environ = {"REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    if signature is not None:
        environ["HTTP_X_XERO_SIGNATURE"] = signature
    out = b"".join(app(environ, lambda status, headers: seen.update(status=status)))
    return seen["status"], out


def test_intent_to_receive_answers_200_to_a_good_signature_and_401_to_a_bad_one() -> None:
    app = WebhookReceiver(KEY)
    body = INTENT.encode()
    assert _deliver(app, body, sign(KEY, body)) == ("200 OK", b"")
    assert _deliver(app, body, sign("another-key-entirely", body)) == ("401 Unauthorized", b"")
    assert _deliver(app, body, None) == ("401 Unauthorized", b"")


def test_signature_covers_the_exact_bytes() -> None:
    body = INTENT.encode()
    assert verify_signature(KEY, body, sign(KEY, body))
    assert not verify_signature(KEY, body + b" ", sign(KEY, body))


def test_signed_events_reach_the_callback() -> None:
    received: list[dict[str, Any]] = []
    app = WebhookReceiver(KEY, on_events=received.extend)
    event = {"resourceId": "55d8", "tenantId": "aef8", "eventCategory": "INVOICE", "eventType": "UPDATE"}
    body = json.dumps({"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "X"}).encode()
    assert _deliver(app, body, sign(KEY, body))[0] == "200 OK"
    assert received == [event]
