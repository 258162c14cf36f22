"""The ``connectors.<name>`` block of a QuickBooks Online connector."""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator

from arsync.connectors.base import ConnectorSettings

__all__ = ["QuickBooksSettings"]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class QuickBooksSettings(ConnectorSettings):
    """Settings of one QuickBooks Online company (realm).

    Attributes:
        realm_id: the company id (shown after ``arsync auth quickbooks``).
        client_id: the Intuit app's client id.
        client_secret: the Intuit app's client secret.
        refresh_token: the first refresh token; after the first refresh the rotated token lives in the
            token store, which wins over this value.
        environment: ``production`` or ``sandbox`` (Intuit's development companies).
        base_url: override the API and OAuth host, e.g. ``http://127.0.0.1:PORT`` for
            ``arsync sandbox serve quickbooks``; plain ``http`` is accepted only on loopback.
        redirect_uri: the OAuth redirect registered with the Intuit app (used by ``arsync auth``).
        token_store: ``file`` (JSON files in ``token_dir``) or ``state`` (the state store).
        token_dir: directory of the file token store; default ``<user data dir>/arsync/tokens``.
        page_size: rows per query page (QBO allows at most 1000).
        batch_size: items per batch request (QBO allows at most 30).
        timeout_seconds: timeout of every HTTP call.
        retry_attempts: tries per call on 429, 5xx, timeouts and dropped connections.
        retry_max_wait: cap on one wait between tries, in seconds.
        requests_per_minute: QBO's per-realm request limit the connector paces itself under.
        batches_per_minute: QBO's per-realm+app batch limit the connector paces itself under.
        rate_window_seconds: the length of "a minute" for pacing (benchmarks compress time with it).
        home_currency: currency of records that carry no CurrencyRef.
        minor_version: the API minor version sent with every call.
        webhook_verifier_token: the app's webhook verifier token, to check ``intuit-signature``.
    """

    realm_id: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    refresh_token: SecretStr | None = None
    environment: Literal["sandbox", "production"] = "production"
    base_url: str | None = None
    redirect_uri: str = "http://localhost:8765/callback"
    token_store: Literal["file", "state"] = "file"  # noqa: S105 - a store kind
    token_dir: Path | None = None
    page_size: int = Field(default=1000, ge=1, le=1000)
    batch_size: int = Field(default=30, ge=1, le=30)
    timeout_seconds: float = Field(default=60.0, gt=0)
    retry_attempts: int = Field(default=5, ge=1, le=20)
    retry_max_wait: float = Field(default=60.0, ge=0)
    requests_per_minute: int = Field(default=500, ge=1, le=500)
    batches_per_minute: int = Field(default=40, ge=1, le=40)
    rate_window_seconds: float = Field(default=60.0, gt=0)
    home_currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    minor_version: int = Field(default=75, ge=75)
    webhook_verifier_token: SecretStr | None = None

    @field_validator("base_url")
    @classmethod
    def _loopback_or_https(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urllib.parse.urlsplit(value)
        if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK):
            return value.rstrip("/")
        raise ValueError("base_url must be https://..., or http:// on 127.0.0.1/localhost (the loopback sandbox)")

    @property
    def is_loopback(self) -> bool:
        """True when talking to a loopback sandbox over plain http."""
        return self.base_url is not None and self.base_url.startswith("http://")
