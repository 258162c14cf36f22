"""The small gateway around python-quickbooks and intuit-oauth: tokens, pacing, timeouts, retries, errors.

python-quickbooks sets no timeout, never refreshes, never retries, and turns every failure into a
``QuickbooksException`` that often lacks the HTTP status (a 429's XML body becomes "Error reading json
response"). The gateway keeps the last HTTP response so failures are classified by status and body,
refreshes once on 401 (rotating the refresh token through :meth:`TokenStore.rotate`, persisted before
use), paces itself under QBO's per-realm limits, and retries with :func:`arsync.connectors.retry.retrying`.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import requests
from intuitlib.client import AuthClient
from intuitlib.exceptions import AuthClientError
from quickbooks import QuickBooks
from quickbooks import exceptions as qbe

from arsync.connectors.retry import retrying
from arsync.connectors.tokens import TokenSet, TokenStore
from arsync.errors import (
    ArsyncError,
    AuthError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    RemoteUnavailableError,
    ValidationRejected,
)
from arsync.logs import redact, register_secret
from arsync_quickbooks.settings import QuickBooksSettings

__all__ = ["Gateway", "Pacer", "map_error"]

log = logging.getLogger("arsync.quickbooks")
T = TypeVar("T")

REAUTH_HINT = "run `arsync auth quickbooks` to authorize arsync again"

# requests-oauthlib logs whole token dicts at DEBUG; keep those loggers above DEBUG unless someone chose a level.
for _noisy in ("requests_oauthlib", "oauthlib"):
    if logging.getLogger(_noisy).level == logging.NOTSET:
        logging.getLogger(_noisy).setLevel(logging.INFO)


class _Client(QuickBooks):  # type: ignore[misc]
    """python-quickbooks with a timeout on every call and the last response kept for error mapping."""

    timeout: float = 60.0
    last_response: requests.Response | None = None

    def process_request(
        self, request_type: str, url: str, headers: Any = "", params: Any = "", data: Any = ""
    ) -> requests.Response:
        if self.session is None:
            raise qbe.QuickbooksException("No session manager")
        headers.update({"Authorization": "Bearer " + self.session.access_token})
        self.last_response = None
        response: requests.Response = self.session.request(
            request_type, url, headers=headers, params=params, data=data, timeout=self.timeout
        )
        self.last_response = response
        return response


class _Unauthorized(Exception):
    """The access token was refused (HTTP 401)."""


class Pacer:
    """Client-side sliding-window limiter that keeps a run under QBO's per-realm limits.

    It budgets 95% of each limit so that clock skew between client and server cannot tip a window over.
    """

    def __init__(
        self, per_window: int, batches_per_window: int, window: float, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.limit = max(1, per_window - max(1, per_window // 20))
        self.batch_limit = max(1, batches_per_window - max(1, batches_per_window // 20))
        self.window = window
        self.sleep = sleep
        self.calls: collections.deque[float] = collections.deque()
        self.batches: collections.deque[float] = collections.deque()
        self.lock = threading.Lock()
        self.waited = 0.0

    def acquire(self, batch: bool) -> None:
        """Block until one more request (and batch) fits in the window, then record it."""
        while True:
            with self.lock:
                now = time.monotonic()
                for window in (self.calls, self.batches):
                    while window and window[0] <= now - self.window:
                        window.popleft()
                wait = 0.0
                if len(self.calls) >= self.limit:
                    wait = self.calls[0] + self.window - now
                if batch and len(self.batches) >= self.batch_limit:
                    wait = max(wait, self.batches[0] + self.window - now)
                if wait <= 0:
                    self.calls.append(now)
                    if batch:
                        self.batches.append(now)
                    return
            self.waited += wait
            self.sleep(wait + 0.001)


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    raw = response.headers.get("Retry-After")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def map_error(exc: BaseException, response: requests.Response | None, what: str) -> ArsyncError | _Unauthorized:
    """Turn a python-quickbooks / requests failure into arsync's error tree.

    The status is taken from the HTTP response when there is one, because the library's exception
    types do not tell a throttle (XML body, or a JSON Fault 3001 raised as ValidationException) from a
    validation error.
    """
    status = response.status_code if response is not None else None
    body = response.text if response is not None else ""
    if isinstance(exc, requests.Timeout):
        return RemoteUnavailableError(f"QuickBooks did not answer {what} in time (timeout); it will be retried")
    if isinstance(exc, requests.ConnectionError):
        return RemoteUnavailableError(f"the connection to QuickBooks dropped during {what}; it will be retried")
    code = getattr(exc, "error_code", None)
    text = f"{getattr(exc, 'message', '')} {getattr(exc, 'detail', '')} {body[:500]}"
    if status == 401 or (isinstance(exc, qbe.AuthorizationException) and code in (401, 3200, "3200")):
        return _Unauthorized()
    if status == 429 or "ThrottleExceeded" in text or str(code) == "3001":
        return RateLimitedError(
            f"QuickBooks throttled {what} (HTTP 429, ThrottleExceeded)", retry_after=_retry_after(response)
        )
    if status is not None and status >= 500:
        return RemoteUnavailableError(
            f"QuickBooks answered {what} with HTTP {status}", retry_after=_retry_after(response)
        )
    if isinstance(exc, qbe.QuickbooksException):
        message = redact(f"{exc.message}: {exc.detail}" if exc.detail else str(exc.message))
        if str(code) == "5010":
            return ConflictError(
                f"{what}: the record changed in QuickBooks since it was read (5010 stale SyncToken); "
                f"refetch and plan again ({message})"
            )
        if str(code) == "610":
            return NotFoundError(f"{what}: QuickBooks has no such record (610 Object Not Found: {message})")
        if str(code) == "6240":
            return ValidationRejected(
                f"{what}: the name is already used in QuickBooks (6240 Duplicate Name: {message})"
            )
        return ValidationRejected(f"QuickBooks rejected {what} (code {code}): {message}")
    return RemoteUnavailableError(f"QuickBooks call {what} failed: {type(exc).__name__}")


class Gateway:
    """One realm's authenticated python-quickbooks client with pacing, retries and error mapping."""

    def __init__(self, settings: QuickBooksSettings, store: TokenStore) -> None:
        self.settings = settings
        self.store = store
        self.key = f"quickbooks:{settings.realm_id}"
        self.calls = 0
        self.pacer = Pacer(settings.requests_per_minute, settings.batches_per_minute, settings.rate_window_seconds)
        self._auth_client: AuthClient | None = None
        self._client: _Client | None = None
        self._tokens: TokenSet | None = None
        register_secret(settings.client_secret.get_secret_value())
        if settings.refresh_token is not None:
            register_secret(settings.refresh_token.get_secret_value())
        if settings.is_loopback:
            # oauthlib refuses http:// unless told; only ever for the loopback sandbox.
            os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

    # --- tokens ----------------------------------------------------------------------------------

    def _auth(self) -> AuthClient:
        if self._auth_client is None:
            s = self.settings
            environment = f"{s.base_url}/.well-known/openid_configuration/" if s.base_url else s.environment
            try:
                self._auth_client = AuthClient(
                    client_id=s.client_id,
                    client_secret=s.client_secret.get_secret_value(),
                    redirect_uri=s.redirect_uri,
                    environment=environment,
                )
            except AuthClientError as exc:
                if exc.status_code == 429:
                    raise RateLimitedError("Intuit throttled the OAuth discovery document (HTTP 429)") from None
                raise RemoteUnavailableError(
                    f"Intuit's OAuth discovery document answered HTTP {exc.status_code}"
                ) from None
            except (requests.RequestException, KeyError, ValueError) as exc:
                raise RemoteUnavailableError(
                    f"cannot reach Intuit's OAuth discovery document ({type(exc).__name__})"
                ) from None
        return self._auth_client

    def _refresh(self, base: TokenSet) -> TokenSet:
        """The OAuth refresh itself (called by TokenStore.rotate under the tenant lock)."""
        client = self._auth()
        refresh_token = base.get("refresh_token")
        if not refresh_token:
            raise AuthError(f"no QuickBooks refresh token for realm {self.settings.realm_id}: {REAUTH_HINT}")
        try:
            client.refresh(refresh_token=refresh_token)
        except AuthClientError as exc:
            content = str(getattr(exc, "content", ""))
            if exc.status_code == 429:
                raise RateLimitedError("Intuit's token endpoint throttled the refresh (HTTP 429)") from None
            if exc.status_code >= 500:
                raise RemoteUnavailableError(f"Intuit's token endpoint answered HTTP {exc.status_code}") from None
            reason = "invalid_grant" if "invalid_grant" in content else f"HTTP {exc.status_code}"
            raise AuthError(
                f"QuickBooks refused the refresh token for realm {self.settings.realm_id} ({reason}): it was revoked, "
                f"expired or already used; {REAUTH_HINT}"
            ) from None
        except requests.RequestException as exc:
            raise RemoteUnavailableError(f"cannot reach Intuit's token endpoint ({type(exc).__name__})") from None
        register_secret(client.access_token)
        register_secret(client.refresh_token)
        now = time.time()
        return {
            "access_token": client.access_token,
            "refresh_token": client.refresh_token,
            "expires_at": now + float(client.expires_in or 3600),
            "refresh_expires_at": now + float(client.x_refresh_token_expires_in or 0),
            "realm_id": self.settings.realm_id,
        }

    def _current_tokens(self) -> TokenSet:
        if self._tokens is None:
            stored = self.store.load(self.key)
            if stored is None:
                seed = self.settings.refresh_token
                if seed is None:
                    raise AuthError(f"no QuickBooks tokens for realm {self.settings.realm_id}: {REAUTH_HINT}")
                stored = {"refresh_token": seed.get_secret_value()}
            self._tokens = stored
            register_secret(stored.get("access_token"))
            register_secret(stored.get("refresh_token"))
        return self._tokens

    def rotate(self) -> None:
        """Refresh now (under the tenant lock; the rotated token is persisted before it is used)."""
        self._tokens = self.store.rotate(self.key, self._current_tokens(), self._refresh)
        register_secret(self._tokens.get("access_token"))
        self._client = None

    def client(self) -> _Client:
        """The authenticated client, refreshing first when the access token is missing or about to expire."""
        if self._client is None:
            tokens = self._current_tokens()
            if not tokens.get("access_token") or float(tokens.get("expires_at", 0)) < time.time() + 60:
                self.rotate()
                tokens = self._current_tokens()
            auth = self._auth()
            auth.access_token = tokens["access_token"]
            auth.refresh_token = tokens["refresh_token"]
            client = _Client(
                auth_client=auth,
                refresh_token=tokens["refresh_token"],
                company_id=self.settings.realm_id,
                minorversion=self.settings.minor_version,
                use_decimal=True,
            )
            client.timeout = self.settings.timeout_seconds
            if self.settings.base_url:
                client.api_url_v3 = f"{self.settings.base_url}/v3"
                client.sandbox_api_url_v3 = client.api_url_v3
            elif self.settings.environment == "sandbox":
                client.sandbox = True
            self._client = client
        return self._client

    # --- calls -----------------------------------------------------------------------------------

    def _once(self, what: str, call: Callable[[_Client], T], batch: bool) -> T:
        self.pacer.acquire(batch)
        self.calls += 1
        client = self.client()
        try:
            return call(client)
        except (qbe.QuickbooksException, requests.RequestException) as exc:
            mapped = map_error(exc, client.last_response, what)
        if isinstance(mapped, _Unauthorized):
            raise mapped
        raise mapped from None

    def call(self, what: str, call: Callable[[_Client], T], *, batch: bool = False) -> T:
        """Run ``call(client)`` with pacing, one refresh on 401, and retries on 429/5xx/timeouts.

        Raises:
            AuthError: the refresh token is refused, or a fresh access token is refused too.
            RateLimitedError, RemoteUnavailableError: still failing after ``retry_attempts`` tries.
            ConflictError, NotFoundError, ValidationRejected: QBO refused the request.
        """

        def attempt() -> T:
            try:
                return self._once(what, call, batch)
            except _Unauthorized:
                log.info("QuickBooks refused the access token during %s; refreshing once", what)
                self.rotate()
            try:
                return self._once(what, call, batch)
            except _Unauthorized:
                raise AuthError(
                    f"QuickBooks refused a freshly refreshed access token for realm {self.settings.realm_id}; "
                    f"{REAUTH_HINT}"
                ) from None

        def on_retry(exc: BaseException, attempt_number: int) -> None:
            log.warning(
                "QuickBooks %s failed (%s), try %d of %d", what, exc, attempt_number, self.settings.retry_attempts
            )

        return retrying(
            attempt,
            attempts=self.settings.retry_attempts,
            base=min(0.5, self.settings.retry_max_wait),
            max_wait=self.settings.retry_max_wait,
            on_retry=on_retry,
        )

    def close(self) -> None:
        """Drop the HTTP session."""
        if self._client is not None and self._client.session is not None:
            self._client.session.close()
        self._client = None
