"""QuickBooks webhooks: the ``intuit-signature`` check and the two payload formats (legacy and CloudEvents)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
from typing import Any

from arsync.errors import InputError

__all__ = ["ChangeEvent", "parse_events", "verify_signature"]


def verify_signature(body: bytes, signature: str | None, verifier_token: str) -> bool:
    """True when ``signature`` is base64(HMAC-SHA256(verifier_token, body)); compared in constant time."""
    if not signature:
        return False
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = hmac.new(verifier_token.encode("utf-8"), body, hashlib.sha256).digest()
    return hmac.compare_digest(given, expected)


@dataclasses.dataclass(frozen=True)
class ChangeEvent:
    """One entity change a webhook reported: reconcile it with CDC, it may arrive out of order."""

    realm_id: str
    entity: str
    id: str
    operation: str
    last_updated: str | None = None


def parse_events(body: bytes) -> list[ChangeEvent]:
    """Parse a legacy ``eventNotifications`` payload or a CloudEvents array.

    Raises:
        InputError: the body is neither.
    """
    try:
        data: Any = json.loads(body)
    except ValueError:
        raise InputError("the QuickBooks webhook body is not JSON", file="webhook") from None
    events: list[ChangeEvent] = []
    if isinstance(data, dict) and isinstance(data.get("eventNotifications"), list):
        for note in data["eventNotifications"]:
            realm = str(note.get("realmId", ""))
            for entity in (note.get("dataChangeEvent") or {}).get("entities", []):
                events.append(
                    ChangeEvent(
                        realm,
                        str(entity.get("name")),
                        str(entity.get("id")),
                        str(entity.get("operation")),
                        entity.get("lastUpdated"),
                    )
                )
        return events
    if isinstance(data, list):
        for event in data:
            kind = str(event.get("type", ""))  # qbo.customer.created.v1
            pieces = kind.split(".")
            if len(pieces) < 3:
                raise InputError(f"unknown CloudEvents type {kind!r}", file="webhook")
            events.append(
                ChangeEvent(
                    str(event.get("intuitaccountid", "")),
                    pieces[1].capitalize(),
                    str(event.get("intuitentityid", "")),
                    pieces[2].capitalize(),
                    event.get("time"),
                )
            )
        return events
    raise InputError("the QuickBooks webhook body is neither eventNotifications nor CloudEvents", file="webhook")
