"""The one place that touches xero-python: client wiring, tokens, pacing, and error mapping.

xero-python traps handled here (see ``shared/reference/xero.md``):

- ``Configuration`` is a hidden singleton: never pass arguments, assign attributes on the copy.
- The token URL is a class attribute of ``TokenApi``: we set it on our own instance only.
- urllib3's default ``Retry`` silently re-sends PUTs on timeouts and sleeps on 429: switched off.
- A float ``_request_timeout`` is ignored: we always pass a ``(connect, read)`` tuple.
- The SDK never refreshes safely across processes: it gets no client secret, and we refresh through
  :meth:`arsync.connectors.tokens.TokenStore.rotate`, which persists the rotated token before use.
"""

from __future__ import annotations

import collections
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import urllib3
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import ApiException, HTTPStatusException, OAuth2Error, RateLimitException
from xero_python.identity import IdentityApi

from arsync.connectors.retry import retrying
from arsync.connectors.tokens import TokenSet, TokenStore
from arsync.errors import (
    ArsyncError,
    AuthError,
    ConfigError,
    DailyLimitError,
    NotFoundError,
    RateLimitedError,
    RemoteUnavailableError,
    ValidationRejected,
)
from arsync.logs import register_secret
from arsync_xero.settings import XeroSettings

__all__ = ["CallResult", "XeroGateway", "reauth_hint"]

log = logging.getLogger("arsync.xero")
T = TypeVar("T")
CallResult = tuple[Any, int, Any]
"""What an SDK method returns with ``_return_http_data_only=False``: (model, status, headers)."""

_EXPIRY_BUFFER = 120.0  # refresh when less than this is left (the SDK's own buffer is 60 s)
_TOKEN_KEYS = ("access_token", "scope", "expires_in", "token_type", "expires_at")


def reauth_hint(connector: str) -> str:
    """What to tell a user whose Xero authorization is gone."""
    return f"run `arsync auth xero --connector {connector}` to authorize arsync with Xero again"


class _Unauthorized(Exception):
    """A 401 from the API: the access token was refused."""


class XeroGateway:
    """xero-python clients for one tenant, with tokens, pacing and errors done the arsync way.

    Args:
        name: the configured connector name (for messages).
        settings: the connector settings.
        store: where tokens live.
        sleep: replaces ``time.sleep`` (tests).
    """

    def __init__(
        self, name: str, settings: XeroSettings, store: TokenStore, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.name = name
        self.settings = settings
        self.store = store
        self.sleep = sleep
        self.token_key = f"xero:{settings.tenant_id}"
        self.calls = 0
        self.rate_limited = 0
        self._tokens: TokenSet | None = None
        self._recent: collections.deque[float] = collections.deque()
        register_secret(settings.client_secret.get_secret_value())
        if settings.refresh_token is not None:
            register_secret(settings.refresh_token.get_secret_value())
        config = Configuration()  # the singleton's copy: configure by attribute, never by argument
        config.oauth2_token = OAuth2Token(client_id=settings.client_id)  # no secret: the SDK must not refresh
        self.api_client = ApiClient(
            config,
            pool_threads=1,
            oauth2_token_getter=self._sdk_token,
            oauth2_token_saver=lambda token: None,
        )
        # urllib3 would otherwise re-send PUTs on timeouts and sleep through 429s on its own.
        self.api_client.rest_client.pool_manager.connection_pool_kw["retries"] = urllib3.Retry(
            total=0, connect=0, read=0, redirect=0, status=0, respect_retry_after_header=False, raise_on_status=False
        )
        self.accounting = AccountingApi(self.api_client, base_url=settings.api_url)
        self.identity = IdentityApi(self.api_client, base_url=settings.base_url.rstrip("/"))
        self.timeout = (settings.connect_timeout_seconds, settings.timeout_seconds)

    # --- tokens -------------------------------------------------------------------------------

    def _sdk_token(self) -> dict[str, Any]:
        tokens = self._tokens or {}
        return {k: tokens[k] for k in _TOKEN_KEYS if k in tokens}

    def _remember(self, tokens: TokenSet) -> TokenSet:
        register_secret(tokens.get("access_token"))
        register_secret(tokens.get("refresh_token"))
        self._tokens = tokens
        return tokens

    def _initial(self) -> TokenSet:
        stored = self.store.load(self.token_key)
        if stored is not None:
            return self._remember(stored)
        if self.settings.refresh_token is None:
            raise AuthError(
                f"connector {self.name}: no Xero tokens stored for tenant {self.settings.tenant_id} and no "
                f"refresh_token configured; {reauth_hint(self.name)}"
            )
        seed: TokenSet = {
            "refresh_token": self.settings.refresh_token.get_secret_value(),
            "access_token": "",
            "expires_at": 0,
            "scope": list(self.settings.scopes),
            "token_type": "Bearer",
            "expires_in": 0,
        }
        return self._remember(seed)

    def _refresh(self, base: TokenSet) -> TokenSet:
        """One OAuth refresh at Xero's token endpoint; runs inside ``TokenStore.rotate`` (locked)."""
        token_api = TokenApi(self.api_client, self.settings.client_id, self.settings.client_secret.get_secret_value())
        token_api.refresh_token_url = self.settings.token_url  # instance attribute: no process-wide patching
        scope = base.get("scope") or list(self.settings.scopes)
        if isinstance(scope, str):
            scope = scope.split()  # a string scope would be sent letter by letter
        try:
            fresh = token_api.refresh_token(base["refresh_token"], scope)
        except HTTPStatusException as exc:
            error = _oauth_error(exc)
            if error in ("invalid_grant", "invalid_client", "unauthorized_client"):
                raise AuthError(
                    f"connector {self.name}: Xero refused the stored refresh token ({error}): it was revoked, "
                    f"expired after 60 days unused, or used by another copy of these tokens; {reauth_hint(self.name)}"
                ) from None
            if exc.status == 429:
                raise RateLimitedError(
                    "Xero's token endpoint is throttling; will retry", retry_after=_retry_after(exc)
                ) from None
            if exc.status is not None and exc.status >= 500:
                raise RemoteUnavailableError(
                    f"Xero's token endpoint answered {exc.status}; will retry", retry_after=_retry_after(exc)
                ) from None
            raise AuthError(
                f"connector {self.name}: token refresh failed with HTTP {exc.status}; {reauth_hint(self.name)}"
            ) from None
        except urllib3.exceptions.HTTPError as exc:
            raise RemoteUnavailableError(
                f"Xero's token endpoint did not answer ({type(exc).__name__}); try again later"
            ) from None
        register_secret(fresh.get("access_token"))
        register_secret(fresh.get("refresh_token"))
        expires_in = int(fresh.get("expires_in") or 1800)
        new_scope = fresh.get("scope")
        return {
            "access_token": fresh["access_token"],
            "refresh_token": fresh.get("refresh_token") or base["refresh_token"],
            "expires_in": expires_in,
            "expires_at": time.time() + expires_in,
            "token_type": fresh.get("token_type", "Bearer"),
            "scope": str(new_scope).split() if new_scope else scope,
        }

    def ensure_token(self, force: bool = False) -> None:
        """Have a usable access token, rotating (persisted, locked) when it is near expiry or ``force``."""
        tokens = self._tokens if self._tokens is not None else self._initial()
        if not force and _fresh(tokens):
            return
        rotated = self.store.rotate(self.token_key, tokens, self._refresh)
        if rotated.get("access_token") == tokens.get("access_token") or not _fresh(rotated):
            # rotate() handed back tokens another run stored, and they are no better than ours: refresh those.
            rotated = self.store.rotate(self.token_key, rotated, self._refresh)
        self._remember(rotated)

    # --- pacing -------------------------------------------------------------------------------

    def _pace(self) -> None:
        # Stay under the per-tenant minute limit on our side, so a normal run sees no 429.
        window, limit = self.settings.rate_window_seconds, self.settings.calls_per_minute
        now = time.monotonic()
        while self._recent and self._recent[0] <= now - window:
            self._recent.popleft()
        if len(self._recent) >= limit:
            wait = self._recent[0] + window - now
            if wait > 0:
                self.sleep(wait)
            now = time.monotonic()
            while self._recent and self._recent[0] <= now - window:
                self._recent.popleft()
        self._recent.append(time.monotonic())

    def _observe(self, headers: Any) -> None:
        # The server's count wins when another process shares the tenant's minute.
        remaining = _header(headers, "X-MinLimit-Remaining")
        if remaining is None:
            return
        try:
            left = int(remaining)
        except ValueError:
            return
        used = self.settings.calls_per_minute - left
        now = time.monotonic()
        while len(self._recent) < used:
            self._recent.appendleft(now)

    # --- calls --------------------------------------------------------------------------------

    def call(self, what: str, op: Callable[[AccountingApi, dict[str, Any]], T]) -> T:
        """Run ``op(accounting_api, call_kwargs)`` with retries; ``call_kwargs`` carry timeout and headers mode.

        Raises:
            AuthError, DailyLimitError, RateLimitedError, RemoteUnavailableError, NotFoundError,
            ValidationRejected: see :mod:`arsync.errors`.
        """

        def on_retry(exc: BaseException, attempt: int) -> None:
            log.warning("xero %s: %s (attempt %d of %d), retrying", what, exc, attempt, self.settings.retry_attempts)

        return retrying(
            lambda: self._once(what, op),
            attempts=self.settings.retry_attempts,
            max_wait=self.settings.retry_max_wait,
            sleep=self.sleep,
            on_retry=on_retry,
        )

    def _once(self, what: str, op: Callable[[AccountingApi, dict[str, Any]], T]) -> T:
        self.ensure_token()
        try:
            return self._attempt(what, op)
        except _Unauthorized:
            log.info("xero %s: access token refused; refreshing once", what)
            self.ensure_token(force=True)
            try:
                return self._attempt(what, op)
            except _Unauthorized:
                raise AuthError(
                    f"connector {self.name}: Xero refused a freshly refreshed access token for tenant "
                    f"{self.settings.tenant_id}; {reauth_hint(self.name)}"
                ) from None

    def _attempt(self, what: str, op: Callable[[AccountingApi, dict[str, Any]], T]) -> T:
        self._pace()
        self.calls += 1
        kwargs: dict[str, Any] = {"_request_timeout": self.timeout, "_return_http_data_only": False}
        try:
            try:
                result = op(self.accounting, kwargs)
            finally:
                # The server counted the call somewhere between send and answer: date it at the answer,
                # so our window never frees a slot before the server's does.
                if self._recent:
                    self._recent[-1] = time.monotonic()
        except RateLimitException as exc:
            self.rate_limited += 1
            raise _rate_limit_error(self.name, what, exc) from None
        except HTTPStatusException as exc:
            raise self._status_error(what, exc) from None
        except urllib3.exceptions.HTTPError as exc:
            raise RemoteUnavailableError(f"Xero did not answer {what} ({type(exc).__name__}); will retry") from None
        except OAuth2Error:
            raise AuthError(f"connector {self.name}: no valid Xero access token; {reauth_hint(self.name)}") from None
        except ApiException as exc:
            raise RemoteUnavailableError(f"Xero {what} failed ({type(exc).__name__})") from None
        if isinstance(result, tuple) and len(result) == 3:
            self._observe(result[2])
        return result

    def _status_error(self, what: str, exc: HTTPStatusException) -> Exception:
        status = int(exc.status or 0)
        if status == 401:
            return _Unauthorized()
        if status == 403:
            return AuthError(
                f"connector {self.name}: Xero refused access to tenant {self.settings.tenant_id} (403); the "
                f"organisation may have been disconnected from the app; {reauth_hint(self.name)}"
            )
        if status == 404:
            return NotFoundError(f"Xero {what}: not found")
        if status == 400:
            return ValidationRejected(f"Xero rejected {what}: {_validation_text(exc)}")
        if status >= 500 or status in (408, 409, 423):
            return RemoteUnavailableError(
                f"Xero answered {status} to {what}; will retry", retry_after=_retry_after(exc)
            )
        return ValidationRejected(f"Xero answered {status} to {what}")

    def connections(self) -> list[dict[str, Any]]:
        """``GET /connections``: the tenants these tokens can reach."""
        self.ensure_token()
        try:
            items = self.identity.get_connections(_request_timeout=self.timeout)
        except HTTPStatusException as exc:
            raise self._status_error("GET /connections", exc) from None
        except urllib3.exceptions.HTTPError as exc:
            raise RemoteUnavailableError(f"Xero did not answer GET /connections ({type(exc).__name__})") from None
        return [{"tenant_id": c.tenant_id, "tenant_name": c.tenant_name, "tenant_type": c.tenant_type} for c in items]

    def close(self) -> None:
        """Release pooled connections."""
        self.api_client.rest_client.pool_manager.clear()


def _fresh(tokens: TokenSet) -> bool:
    return bool(tokens.get("access_token")) and float(tokens.get("expires_at") or 0) - _EXPIRY_BUFFER > time.time()


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    getter = getattr(headers, "get", None)
    if getter is None:
        return None
    value = getter(name)
    if value is None:
        value = getter(name.lower())
    return None if value is None else str(value)


def _retry_after(exc: ApiException) -> float | None:
    value = _header(exc.http_resp.getheaders() if exc.http_resp is not None else None, "Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _rate_limit_error(name: str, what: str, exc: RateLimitException) -> ArsyncError:
    problem = (getattr(exc, "rate_limit", None) or "").lower()
    retry_after = _retry_after(exc)
    if problem == "day":
        hours = f" (Xero says in about {retry_after / 3600:.1f} h)" if retry_after else ""
        return DailyLimitError(
            f"connector {name}: Xero's daily call limit for this organisation is spent; resume later{hours}"
        )
    return RateLimitedError(
        f"Xero rate limit ({problem or 'minute'}) on {what}; Retry-After {'-' if retry_after is None else retry_after}",
        retry_after=retry_after,
    )


def _oauth_error(exc: HTTPStatusException) -> str:
    try:
        body = json.loads(exc.body or b"{}")
    except ValueError:
        return ""
    return str(body.get("error", "")) if isinstance(body, dict) else ""


def _validation_text(exc: HTTPStatusException) -> str:
    try:
        body = json.loads(exc.body or b"{}")
    except ValueError:
        return "Bad Request"
    if not isinstance(body, dict):
        return "Bad Request"
    messages = [
        str(err.get("Message"))
        for element in body.get("Elements") or []
        for err in element.get("ValidationErrors") or []
        if isinstance(err, dict)
    ]
    return "; ".join(messages) or str(body.get("Detail") or body.get("Message") or "Bad Request")


def check_config(settings: XeroSettings) -> None:
    """Reject settings that cannot work before any call is made."""
    if not settings.tenant_id.strip():
        raise ConfigError("tenant_id is empty: run `arsync auth xero` to find your organisation's tenant id")
