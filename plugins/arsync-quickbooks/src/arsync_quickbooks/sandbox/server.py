"""The loopback HTTP server: OAuth discovery and tokens, the v3 API, throttling, requestid replay, faults.

The unmodified python-quickbooks and intuit-oauth clients work against it (see the emulator recipe in
``shared/reference/quickbooks-online.md`` §10). It is a stdlib ``ThreadingHTTPServer`` speaking HTTP/1.1.
"""

from __future__ import annotations

import base64
import collections
import dataclasses
import datetime as dt
import json
import random
import re
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Literal

from arsync.connectors.base import Fault, Sandbox, SandboxInfo
from arsync_quickbooks.sandbox.company import Company, canonical_entity
from arsync_quickbooks.sandbox.seeds import seed_demo, seed_empty
from arsync_quickbooks.sandbox.wire import (
    QboFault,
    company_time,
    dumps,
    fault_body,
    throttle_json,
    throttle_xml,
    unauthorized_body,
)

__all__ = ["QuickBooksSandbox", "ThrottleLimits"]

_API = re.compile(r"^/v3/company/(?P<realm>[^/]+)/(?P<rest>.*)$")


@dataclasses.dataclass(frozen=True)
class ThrottleLimits:
    """QBO's documented limits per realm; ``window_seconds`` shrinks for time-compressed benchmarks."""

    requests_per_window: int = 500
    batches_per_window: int = 40
    concurrent: int = 10
    window_seconds: float = 60.0


class _Tokens:
    """The OAuth side: client credentials, refresh-token rotation, access-token expiry, auth codes."""

    def __init__(self, client_id: str, client_secret: str, mode: str, ttl: float, clock: Callable[[], float]) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.mode = mode
        self.ttl = ttl
        self.clock = clock
        self.lock = threading.Lock()
        self.refresh_tokens: set[str] = set()
        self.access_tokens: dict[str, float] = {}
        self.codes: dict[str, str] = {}
        self.refreshes = 0

    def issue_refresh_token(self) -> str:
        token = "RT1-" + secrets.token_urlsafe(24)
        with self.lock:
            self.refresh_tokens.add(token)
        return token

    def _issue(self, refresh_token: str | None) -> dict[str, Any]:
        access = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0.." + secrets.token_urlsafe(24)
        self.access_tokens[access] = self.clock() + self.ttl
        if refresh_token is None or self.mode == "strict":
            if refresh_token is not None:
                self.refresh_tokens.discard(refresh_token)
            refresh_token = "RT1-" + secrets.token_urlsafe(24)
            self.refresh_tokens.add(refresh_token)
        return {
            "token_type": "bearer",
            "access_token": access,
            "refresh_token": refresh_token,
            "expires_in": int(self.ttl),
            "x_refresh_token_expires_in": 8726400,
        }

    def grant(self, form: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            grant_type = form.get("grant_type")
            if grant_type == "refresh_token":
                token = form.get("refresh_token", "")
                if token not in self.refresh_tokens:
                    return 400, {"error": "invalid_grant", "error_description": "Incorrect or invalid refresh token"}
                self.refreshes += 1
                return 200, self._issue(token)
            if grant_type == "authorization_code":
                if self.codes.pop(form.get("code", ""), None) is None:
                    return 400, {"error": "invalid_grant", "error_description": "Invalid authorization code"}
                return 200, self._issue(None)
            return 400, {"error": "unsupported_grant_type"}

    def valid_access(self, token: str) -> bool:
        with self.lock:
            expiry = self.access_tokens.get(token)
            return expiry is not None and expiry > self.clock()

    def revoke_all(self) -> None:
        with self.lock:
            self.refresh_tokens.clear()
            self.access_tokens.clear()

    def expire_all(self) -> None:
        with self.lock:
            for token in self.access_tokens:
                self.access_tokens[token] = 0.0


class _Limiter:
    """Sliding-window counters per realm: requests, batch requests and requests in flight."""

    def __init__(self, limits: ThrottleLimits) -> None:
        self.limits = limits
        self.lock = threading.Lock()
        self.requests: collections.deque[float] = collections.deque()
        self.batches: collections.deque[float] = collections.deque()
        self.active = 0

    def admit(self, is_batch: bool) -> bool:
        now = time.monotonic()
        horizon = now - self.limits.window_seconds
        with self.lock:
            for window in (self.requests, self.batches):
                while window and window[0] <= horizon:
                    window.popleft()
            if self.active >= self.limits.concurrent:
                return False
            if len(self.requests) >= self.limits.requests_per_window:
                return False
            if is_batch and len(self.batches) >= self.limits.batches_per_window:
                return False
            self.requests.append(now)
            if is_batch:
                self.batches.append(now)
            self.active += 1
            return True

    def release(self) -> None:
        with self.lock:
            self.active -= 1


@dataclasses.dataclass
class _ArmedFault:
    fault: Fault
    seen: int = 0
    fired: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    sandbox: QuickBooksSandbox


class _Drop(Exception):
    """Close the connection without answering."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes; Nagle would add 40 ms to each call
    server_version = "QBO-sandbox/1.0"
    timeout = 30
    server: _Server
    _slow = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the sandbox keeps counters instead of an access log."""

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # --- plumbing --------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("intuit_tid", secrets.token_hex(8))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, dumps(payload), "application/json;charset=UTF-8", headers)

    def _handle(self, method: str) -> None:
        box = self.server.sandbox
        self._slow = 0.0
        parsed = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = f"{method} {parsed.path}{'?' + parsed.query if parsed.query else ''}"
        box._count(method, parsed.path)
        fault = box._fire(target)
        try:
            if fault is not None:
                if fault.kind == "reset":
                    raise _Drop
                if fault.kind == "delay":
                    if parsed.path.startswith("/v3/"):
                        self._slow = fault.seconds  # slept while admitted: a slow call counts as in flight
                    else:
                        time.sleep(fault.seconds)
                elif fault.kind == "status":
                    self._fault_response(fault)
                    return
            response = self._route(method, parsed.path, params, body)
            if fault is not None and fault.kind == "drop_after_commit":
                raise _Drop
            status, payload, content_type, headers = response
            self._send(status, payload, content_type, headers)
        except _Drop:
            self.close_connection = True
            self.wfile.flush()
            try:
                import socket

                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _fault_response(self, fault: Fault) -> None:
        box = self.server.sandbox
        now = box.clock()
        headers: dict[str, str] = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = format(fault.retry_after, "g")
        if fault.status == 429:
            box._bump("throttled")
            if box.throttle_format == "json":
                self._json(429, throttle_json(now), headers)
            else:
                self._send(429, throttle_xml(now), "application/xml", headers)
        elif fault.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="Intuit", error="invalid_token"'
            self._json(401, unauthorized_body(now), headers)
        elif fault.status >= 500:
            page = f"<html><body><h1>{fault.status} Server Error</h1></body></html>".encode()
            self._send(fault.status, page, "text/html", headers)
        else:
            error = QboFault(str(fault.status), "Injected fault", "the sandbox injected this fault")
            self._json(fault.status, fault_body(error, now), headers)

    # --- routing ---------------------------------------------------------------------------------

    Response = tuple[int, bytes, str, Mapping[str, str]]

    def _route(self, method: str, path: str, params: dict[str, str], body: bytes) -> _Handler.Response:
        box = self.server.sandbox
        if path.rstrip("/") == "/.well-known/openid_configuration":
            return 200, dumps(box._discovery()), "application/json", {}
        if path == "/connect/oauth2":
            return self._consent(params)
        if path == "/oauth2/v1/tokens/bearer" and method == "POST":
            return self._token(body)
        if path == "/oauth2/v1/tokens/revoke" and method == "POST":
            return 200, b"", "application/json", {}
        if path == "/v1/openid_connect/userinfo":
            return 200, dumps({"sub": "sandbox-user", "email": "sandbox@example.com"}), "application/json", {}
        found = _API.match(path)
        if found is None:
            return 404, b"<html><body>Not Found</body></html>", "text/html", {}
        return self._api(method, found.group("realm"), found.group("rest"), params, body)

    def _consent(self, params: dict[str, str]) -> _Handler.Response:
        box = self.server.sandbox
        if params.get("client_id") != box.client_id:
            return 400, b"unknown client_id", "text/plain", {}
        code = "AB-" + secrets.token_urlsafe(16)
        with box.tokens.lock:
            box.tokens.codes[code] = params.get("redirect_uri", "")
        query = urllib.parse.urlencode({"code": code, "state": params.get("state", ""), "realmId": box.realm_id})
        return 302, b"", "text/plain", {"Location": f"{params.get('redirect_uri', '')}?{query}"}

    def _token(self, body: bytes) -> _Handler.Response:
        box = self.server.sandbox
        expected = base64.b64encode(f"{box.client_id}:{box.client_secret}".encode()).decode()
        if self.headers.get("Authorization", "") != f"Basic {expected}":
            return 401, dumps({"error": "invalid_client"}), "application/json", {}
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8")))
        status, payload = box.tokens.grant(form)
        return status, dumps(payload), "application/json;charset=UTF-8", {}

    def _api(self, method: str, realm: str, rest: str, params: dict[str, str], body: bytes) -> _Handler.Response:
        box = self.server.sandbox
        now = box.clock()
        auth = self.headers.get("Authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else ""
        if not box.tokens.valid_access(token):
            return (
                401,
                dumps(unauthorized_body(now)),
                "application/json;charset=UTF-8",
                {"WWW-Authenticate": 'Bearer realm="Intuit", error="invalid_token"'},
            )
        if realm != box.realm_id:
            error = QboFault(
                "3100",
                "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
                f"realm {realm} is not authorized for this token",
                status=403,
                fault_type="SERVICE",
            )
            return 403, dumps(fault_body(error, now)), "application/json;charset=UTF-8", {}
        parts = [p for p in rest.split("/") if p]
        is_batch = parts[:1] == ["batch"]
        if box.limiter is not None and not box.limiter.admit(is_batch):
            box._bump("throttled")
            if box.throttle_format == "json":
                return 429, dumps(throttle_json(now)), "application/json;charset=UTF-8", {}
            return 429, throttle_xml(now), "application/xml", {}
        try:
            if self._slow:
                time.sleep(self._slow)
            return self._dispatch(method, parts, params, body)
        finally:
            if box.limiter is not None:
                box.limiter.release()

    def _dispatch(self, method: str, parts: list[str], params: dict[str, str], body: bytes) -> _Handler.Response:
        box = self.server.sandbox
        company = box.company
        requestid = params.get("requestid")
        try:
            payload: Any = None
            if body and method == "POST" and parts[:1] != ["query"] and parts[-1:] != ["send"]:
                try:
                    payload = json.loads(body, parse_float=Decimal)
                except ValueError:
                    raise QboFault(
                        "2010", "Request has invalid or unsupported property", "the request body is not valid JSON"
                    ) from None
            replay_key = None
            if requestid and method == "POST" and parts[:1] != ["query"]:
                replay_key = requestid
                if parts[:1] == ["batch"] and isinstance(payload, dict):
                    bids = [str(i.get("bId")) for i in payload.get("BatchItemRequest", []) if isinstance(i, dict)]
                    replay_key += "|" + ",".join(bids)
            with company.lock:
                if replay_key is not None and replay_key in company.replays:
                    box._bump("replayed")
                    status, stored = company.replays[replay_key]
                    return status, stored, "application/json;charset=UTF-8", {}
                result = self._execute(method, parts, params, body, payload)
                encoded = dumps({**result, "time": company_time(box.clock())})
                if replay_key is not None:
                    company.replays[replay_key] = (200, encoded)
            return 200, encoded, "application/json;charset=UTF-8", {}
        except QboFault as fault:
            return fault.status, dumps(fault_body(fault, box.clock())), "application/json;charset=UTF-8", {}

    def _execute(
        self, method: str, parts: list[str], params: dict[str, str], body: bytes, payload: Any
    ) -> dict[str, Any]:
        box = self.server.sandbox
        company = box.company
        head = parts[0].lower() if parts else ""
        if head == "query":
            sql = params.get("query") if method == "GET" else body.decode("utf-8")
            return {"QueryResponse": company.query(sql or "")}
        if head == "cdc" and method == "GET":
            return {
                "CDCResponse": [
                    {"QueryResponse": company.cdc(params.get("entities", ""), params.get("changedSince", ""))}
                ]
            }
        if head == "batch" and method == "POST":
            items = payload.get("BatchItemRequest") if isinstance(payload, dict) else None
            if not isinstance(items, list):
                raise QboFault("2010", "Request has invalid or unsupported property", "BatchItemRequest is missing")
            return {"BatchItemResponse": company.batch(items)}
        if head == "companyinfo":
            return {"CompanyInfo": box._company_info()}
        if head == "preferences":
            return {
                "Preferences": {
                    "SalesFormsPrefs": {"CustomTxnNumbers": True},
                    "CurrencyPrefs": {"MultiCurrencyEnabled": True, "HomeCurrency": {"value": "USD"}},
                    "domain": "QBO",
                    "Id": "1",
                    "SyncToken": "0",
                }
            }
        if head == "reports":
            return {"Header": {"ReportName": parts[1] if len(parts) > 1 else ""}, "Rows": {}, "Columns": {}}
        entity = canonical_entity(head)
        if entity is None:
            raise QboFault("500", "Unsupported Operation", f"Operation {'/'.join(parts)} is not supported.")
        if method == "GET":
            if len(parts) != 2:
                raise QboFault("500", "Unsupported Operation", f"Operation {'/'.join(parts)} is not supported.")
            return {entity: company.get(entity, parts[1])}
        if len(parts) == 3 and parts[2] == "send" and entity == "Invoice":
            return {entity: company.send_invoice(parts[1], params.get("sendTo"))}
        if len(parts) != 1 or not isinstance(payload, dict):
            raise QboFault("500", "Unsupported Operation", f"Operation {'/'.join(parts)} is not supported.")
        operation = params.get("operation", "").lower()
        if operation == "delete":
            return {entity: company.delete(entity, payload)}
        if operation == "void" or (operation == "update" and params.get("include") == "void"):
            return {entity: company.void(entity, payload)}
        return {entity: company.create(entity, payload)}


_TEMPLATES: dict[str, Company] = {}
_TEMPLATE_IDS: dict[str, dict[str, str]] = {}


class QuickBooksSandbox(Sandbox):
    """A loopback QuickBooks Online: the unmodified python-quickbooks client works against it.

    Args:
        seed: ``empty`` or ``demo``.
        port: TCP port on 127.0.0.1 (0 picks a free one).
        realm_id: the company's realm id.
        token_mode: ``strict`` (a refresh invalidates the old refresh token at once) or ``grace``
            (the same refresh token keeps working and is returned again, as QBO does within 24 h).
        access_token_ttl: seconds an access token lives.
        limits: QBO's throttling limits, or ``None`` to disable throttling.
        time_scale: compress the throttling window by this factor (60 s / ``time_scale``), for benchmarks.
        throttle_format: ``xml`` (what QBO historically sends with 429) or ``json``.
        fault_seed: seed for probabilistic faults.
        clock: the company clock (aware UTC datetimes), for tests of CDC's 30-day window.
    """

    type_name: ClassVar[str] = "quickbooks"
    seeds: ClassVar[tuple[str, ...]] = ("empty", "demo")

    def __init__(
        self,
        seed: str = "empty",
        port: int = 0,
        *,
        realm_id: str = "9130357766900456",
        token_mode: Literal["strict", "grace"] = "strict",  # noqa: S107 - a mode, not a password
        access_token_ttl: float = 3600.0,
        limits: ThrottleLimits | None = ThrottleLimits(),
        time_scale: float = 1.0,
        throttle_format: Literal["xml", "json"] = "xml",
        fault_seed: int = 0,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(seed=seed, port=port)
        if seed not in self.seeds:
            raise ValueError(f"unknown seed {seed!r}; choose one of {', '.join(self.seeds)}")
        self.realm_id = realm_id
        self.client_id = "ABsandbox" + secrets.token_hex(8)
        self.client_secret = secrets.token_urlsafe(30)
        self.clock: Callable[[], dt.datetime] = clock or (lambda: dt.datetime.now(dt.UTC))
        self.tokens = _Tokens(self.client_id, self.client_secret, token_mode, access_token_ttl, time.monotonic)
        if limits is not None and time_scale != 1.0:
            limits = dataclasses.replace(limits, window_seconds=limits.window_seconds / time_scale)
        self.limiter = _Limiter(limits) if limits is not None else None
        self.throttle_format = throttle_format
        self.company = Company(realm_id, lambda: self.clock())  # noqa: PLW0108 - tests swap self.clock
        self.ids: dict[str, str] = {}
        self.info: SandboxInfo | None = None
        self._faults: list[_ArmedFault] = []
        self._fault_lock = threading.Lock()
        self._random = random.Random(fault_seed)
        self._counts: collections.Counter[str] = collections.Counter()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._seed(seed)

    def _seed(self, seed: str) -> None:
        # Seeded records were last changed a day before the sandbox started, so "changes since start" are ours.
        template = _TEMPLATES.get(seed)
        if template is None:
            seeded_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
            template = Company(self.realm_id, lambda: seeded_at)
            ids: dict[str, str] = {}
            if seed == "demo":
                ids = seed_demo(template)
            else:
                seed_empty(template)
            _TEMPLATES[seed] = template
            _TEMPLATE_IDS[seed] = ids
        self.company.copy_state_from(template)
        self.ids = dict(_TEMPLATE_IDS[seed])

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> SandboxInfo:
        """Serve on 127.0.0.1 in a background thread; returns the connection info."""
        if self.info is not None:
            return self.info
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.sandbox = self
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="qbo-sandbox", daemon=True)
        self._thread.start()
        self.info = SandboxInfo(
            base_url=self.base_url,
            tenant_key="realm_id",
            tenant=self.realm_id,
            client_id=self.client_id,
            client_secret=self.client_secret,
            refresh_token=self.tokens.issue_refresh_token(),
        )
        return self.info

    def stop(self) -> None:
        """Stop serving; idempotent."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        self.info = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def _discovery(self) -> dict[str, str]:
        base = self.base_url
        return {
            "issuer": f"{base}/op/v1",
            "authorization_endpoint": f"{base}/connect/oauth2",
            "token_endpoint": f"{base}/oauth2/v1/tokens/bearer",
            "userinfo_endpoint": f"{base}/v1/openid_connect/userinfo",
            "revocation_endpoint": f"{base}/oauth2/v1/tokens/revoke",
            "jwks_uri": f"{base}/op/v1/jwks",
        }

    def _company_info(self) -> dict[str, Any]:
        return {
            "CompanyName": "arsync Demo Company",
            "LegalName": "arsync Demo Company",
            "Country": "US",
            "domain": "QBO",
            "sparse": False,
            "Id": "1",
            "SyncToken": "0",
            "MetaData": {"CreateTime": "2026-01-01T00:00:00-08:00", "LastUpdatedTime": "2026-01-01T00:00:00-08:00"},
        }

    # --- test and benchmark hooks ----------------------------------------------------------------

    def _count(self, method: str, path: str) -> None:
        template = path
        found = _API.match(path)
        if found is not None:
            parts = [p for p in found.group("rest").split("/") if p]
            shape = [parts[0].lower()] if parts else []
            shape += ["{id}" if p.isdigit() else p for p in parts[1:]]
            template = "/v3/company/{realm}/" + "/".join(shape)
        with self._fault_lock:
            self._counts[f"{method} {template}"] += 1
            self._counts["total"] += 1

    def _fire(self, target: str) -> Fault | None:
        with self._fault_lock:
            for armed in self._faults:
                fault = armed.fault
                if fault.route is not None and re.search(fault.route, target) is None:
                    continue
                armed.seen += 1
                if fault.times is not None and armed.fired >= fault.times:
                    continue
                if fault.nth is not None and armed.seen != fault.nth:
                    continue
                if fault.probability is not None and self._random.random() >= fault.probability:
                    continue
                armed.fired += 1
                self._counts["faults"] += 1  # under _fault_lock
                return fault
        return None

    def _bump(self, key: str) -> None:
        with self._fault_lock:
            self._counts[key] += 1

    def inject(self, fault: Fault) -> None:
        """Add a fault (see :class:`arsync.connectors.base.Fault`)."""
        with self._fault_lock:
            self._faults.append(_ArmedFault(fault))

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._fault_lock:
            self._faults.clear()

    def revoke_tokens(self) -> None:
        """Invalidate every access and refresh token: the next refresh gets ``invalid_grant``."""
        self.tokens.revoke_all()

    def expire_access_tokens(self) -> None:
        """Expire every access token: the next API call gets QBO's 401."""
        self.tokens.expire_all()

    def request_counts(self) -> Mapping[str, int]:
        """Requests served, by ``"METHOD /route-template"``, plus ``total``, ``throttled``, ``replayed``, ``faults``."""
        with self._fault_lock:
            counts = dict(self._counts)
        for key in ("total", "throttled", "replayed", "faults"):
            counts.setdefault(key, 0)
        return counts

    def reset_counts(self) -> None:
        """Zero the request counters (benchmarks measure one phase at a time)."""
        self._counts.clear()

    @property
    def refreshes(self) -> int:
        """How many refresh-token grants succeeded."""
        return self.tokens.refreshes
