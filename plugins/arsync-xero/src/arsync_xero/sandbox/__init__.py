"""A loopback Xero that the unmodified xero-python client cannot tell from api.xero.com.

It serves the identity endpoints (``/connect/token`` with single-use rotating refresh tokens and
``invalid_grant``, ``/connect/revocation``, ``/connections``, and a consent page that redirects at
once) and ``/api.xro/2.0/...`` for the AR resources, with Xero's paging, ``If-Modified-Since``,
``where``/``order``, ``summarizeErrors``, ``Idempotency-Key`` replay, rate limits and headers, and
injectable faults. Responses use ``/Date(ms+0000)/`` dates, 2-dp money and omit absent fields.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
import random
import re
import secrets
import threading
import time
import urllib.parse
import uuid
from collections.abc import Mapping
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from arsync.connectors.base import Fault, Sandbox, SandboxInfo
from arsync_xero.sandbox.ledger import ID_FIELDS, ZERO_GUID, Rejected, XeroLedger
from arsync_xero.sandbox.limits import RateLimiter, RateLimits
from arsync_xero.sandbox.query import QueryError, compile_order, compile_where
from arsync_xero.wire import dumps, ms_datetime, parse_date, parse_datetime

__all__ = ["RateLimits", "XeroSandbox", "XeroSandboxConfig"]

log = logging.getLogger(__name__)

API_PREFIX = "/api.xro/2.0"
_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# lower-case resource -> (canonical name, table, envelope key)
_RESOURCES = {
    "contacts": ("Contacts", "contacts", "Contacts"),
    "invoices": ("Invoices", "invoices", "Invoices"),
    "payments": ("Payments", "payments", "Payments"),
    "batchpayments": ("BatchPayments", "batch_payments", "BatchPayments"),
    "creditnotes": ("CreditNotes", "credit_notes", "CreditNotes"),
    "overpayments": ("Overpayments", "overpayments", "Overpayments"),
    "prepayments": ("Prepayments", "prepayments", "Prepayments"),
    "banktransactions": ("BankTransactions", "bank_transactions", "BankTransactions"),
    "accounts": ("Accounts", "accounts", "Accounts"),
    "currencies": ("Currencies", "", "Currencies"),
    "organisation": ("Organisation", "", "Organisations"),
}
_PAGED = frozenset(
    {"contacts", "invoices", "payments", "creditnotes", "overpayments", "prepayments", "banktransactions"}
)
# Element schemas that carry StatusAttributeString / the error flag the SDK reads.
_STATUS_ATTR = frozenset({"contacts", "invoices", "payments", "credit_notes", "bank_transactions", "allocations"})
_ERROR_FLAG = {
    "contacts": "HasValidationErrors",
    "payments": "HasValidationErrors",
    "invoices": "HasErrors",
    "credit_notes": "HasErrors",
}


@dataclasses.dataclass
class XeroSandboxConfig:
    """Knobs of the sandbox; Xero's own behaviour by default except where noted.

    Attributes:
        limits: rate limits. The default per-minute limit is generous (600) so long test suites do
            not trip it; pass ``RateLimits()`` for Xero's real 60/min.
        access_token_seconds: access-token lifetime (Xero: 1800).
        refresh_grace_seconds: how long a rotated-out refresh token still works (Xero: 1800; 0 = single use).
        payment_batch_cap: most payments one ``PUT /Payments`` may carry.
        commit_valid_siblings: with summarized errors (the default mode), still create the valid
            elements of a batch that has invalid ones, as Xero does.
        idempotency_ttl_seconds: how long an Idempotency-Key is remembered.
    """

    limits: RateLimits = dataclasses.field(default_factory=lambda: RateLimits(per_minute=600, per_day=100_000))
    access_token_seconds: int = 1800
    refresh_grace_seconds: float = 0.0
    payment_batch_cap: int = 50
    commit_valid_siblings: bool = True
    idempotency_ttl_seconds: float = 86_400.0


@dataclasses.dataclass
class _RefreshToken:
    value: str
    scope: str
    issued_at: float
    superseded_at: float | None = None
    successor: dict[str, Any] | None = None
    revoked: bool = False


@dataclasses.dataclass
class _Stored:
    fingerprint: str
    status: int
    headers: dict[str, str]
    body: bytes
    at: float


class _Reply(Exception):
    """Answer the request with this status, body and headers (raised from deep inside handlers)."""

    def __init__(self, status: int, body: Any = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = dict(headers or {})


class XeroSandbox(Sandbox):
    """The Xero emulator (see the module docstring).

    Args:
        seed: ``empty`` or ``demo`` (the shared demo company, :mod:`arsync.demo.company`).
        port: TCP port on 127.0.0.1; 0 picks a free one.
        config: limits and behaviour switches.
    """

    type_name: ClassVar[str] = "xero"
    seeds = ("empty", "demo")

    def __init__(self, seed: str = "empty", port: int = 0, config: XeroSandboxConfig | None = None) -> None:
        super().__init__(seed=seed, port=port)
        if seed not in self.seeds:
            raise ValueError(f"unknown seed {seed!r}: choose empty or demo")
        self.config = config or XeroSandboxConfig()
        self.tenant_id = XeroLedger.stable_id(f"tenant:{seed}")
        self.ledger = XeroLedger(self.tenant_id)
        if seed == "demo":
            self.ledger.seed_demo()
        self.client_id = "SANDBOX" + secrets.token_hex(12).upper()
        self.client_secret = secrets.token_urlsafe(36)
        self.limiter = RateLimiter(self.config.limits)
        self._lock = threading.RLock()
        self._access: dict[str, float] = {}
        self._refresh: dict[str, _RefreshToken] = {}
        self._codes: dict[str, str] = {}
        self._faults: list[tuple[Fault, list[int]]] = []
        self._rng = random.Random(5)
        self._counts: collections.Counter[str] = collections.Counter()
        self._idem: dict[tuple[str, str], _Stored] = {}
        self._idem_locks: dict[tuple[str, str], threading.Lock] = collections.defaultdict(threading.Lock)
        self.initial_refresh_token = self._issue_refresh(
            "offline_access accounting.transactions accounting.contacts accounting.settings.read"
        )
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    # --- Sandbox contract ---------------------------------------------------------------------

    def start(self) -> SandboxInfo:
        """Serve on 127.0.0.1 in a background thread."""
        if self._server is None:
            handler = type("Handler", (_Handler,), {"sandbox": self})
            self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
            self._server.daemon_threads = True
            self.port = self._server.server_address[1]
            self.base_url = f"http://127.0.0.1:{self.port}"
            self._thread = threading.Thread(target=self._server.serve_forever, name="xero-sandbox", daemon=True)
            self._thread.start()
        return self.info

    @property
    def info(self) -> SandboxInfo:
        """How to reach this sandbox: base URL, tenant id and the first credentials."""
        return SandboxInfo(
            base_url=self.base_url,
            tenant_key="tenant_id",
            tenant=self.tenant_id,
            client_id=self.client_id,
            client_secret=self.client_secret,
            refresh_token=self.initial_refresh_token,
            extra={
                "api_url": self.base_url + API_PREFIX,
                "identity_url": self.base_url,
                "authorize_url": self.base_url + "/identity/connect/authorize",
            },
        )

    def stop(self) -> None:
        """Stop serving; idempotent."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def inject(self, fault: Fault) -> None:
        """Add a fault; ``route`` is searched in ``"METHOD /path?query"``."""
        with self._lock:
            self._faults.append((fault, [0, 0]))  # [matching requests seen, times fired]

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    def revoke_tokens(self) -> None:
        """Invalidate every access and refresh token (the next refresh gets ``invalid_grant``)."""
        with self._lock:
            self._access.clear()
            for token in self._refresh.values():
                token.revoked = True

    def expire_access_tokens(self) -> None:
        """Every access token expires now (the next call gets Xero's 401 TokenExpired)."""
        with self._lock:
            for token in self._access:
                self._access[token] = 0.0

    def request_counts(self) -> Mapping[str, int]:
        """Requests served, by ``"METHOD /Route"`` plus ``"total"``."""
        with self._lock:
            counts = dict(self._counts)
        counts["total"] = sum(counts.values())
        return counts

    def reset_counts(self) -> None:
        """Zero the request counters (benchmarks)."""
        with self._lock:
            self._counts.clear()

    # --- tokens -----------------------------------------------------------------------------------

    def _issue_refresh(self, scope: str) -> str:
        value = secrets.token_hex(32)
        self._refresh[value] = _RefreshToken(value, scope, time.time())
        return value

    def _issue(self, scope: str, with_refresh: bool = True) -> dict[str, Any]:
        access = "sbx." + secrets.token_urlsafe(48)
        self._access[access] = time.time() + self.config.access_token_seconds
        out: dict[str, Any] = {
            "access_token": access,
            "expires_in": self.config.access_token_seconds,
            "token_type": "Bearer",
            "scope": scope,
        }
        if with_refresh:
            out["refresh_token"] = self._issue_refresh(scope)
        return out

    def token_endpoint(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """``POST /connect/token``: refresh_token (rotating), authorization_code, client_credentials."""
        with self._lock:
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return 400, {"error": "invalid_client"}
            grant = form.get("grant_type")
            if grant == "refresh_token":
                token = self._refresh.get(form.get("refresh_token", ""))
                now = time.time()
                if token is None or token.revoked or now - token.issued_at > 60 * 86_400:
                    return 400, {"error": "invalid_grant"}
                if token.superseded_at is not None:
                    # A lost response may be retried within the grace period: same answer again.
                    if now - token.superseded_at <= self.config.refresh_grace_seconds and token.successor:
                        return 200, dict(token.successor)
                    return 400, {"error": "invalid_grant"}
                issued = self._issue(token.scope)
                token.superseded_at, token.successor = now, dict(issued)
                return 200, issued
            if grant == "authorization_code":
                scope = self._codes.pop(form.get("code", ""), None)
                if scope is None:
                    return 400, {"error": "invalid_grant"}
                return 200, self._issue(scope)
            if grant == "client_credentials":
                return 200, self._issue("accounting.transactions accounting.contacts", with_refresh=False)
            return 400, {"error": "unsupported_grant_type"}

    def authorize(self, query: dict[str, str]) -> str:
        """The consent page: approves at once and returns the redirect location with a code."""
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = query.get("scope", "offline_access accounting.transactions")
        params = {"code": code, "scope": query.get("scope", ""), "state": query.get("state", "")}
        return query.get("redirect_uri", "") + "?" + urllib.parse.urlencode(params)

    def revoke(self, form: dict[str, str]) -> None:
        """``POST /connect/revocation``: revoke a refresh token and what it issued."""
        with self._lock:
            token = self._refresh.get(form.get("token", ""))
            if token is not None:
                token.revoked = True

    def access_ok(self, header: str | None) -> str | None:
        """The reason a bearer token is refused, or ``None`` when it is good."""
        if not header or not header.startswith("Bearer "):
            return "AuthenticationUnsuccessful"
        with self._lock:
            expires = self._access.get(header[7:])
        if expires is None:
            return "AuthenticationUnsuccessful"
        if expires <= time.time():
            when = dt.datetime.fromtimestamp(expires, dt.UTC).strftime("%m/%d/%Y %H:%M:%S")
            return f"TokenExpired: token expired at {when}"
        return None

    # --- faults -----------------------------------------------------------------------------------

    def fault_for(self, line: str) -> Fault | None:
        """The fault to fire on this request line, if any (counts matches and firings)."""
        with self._lock:
            for fault, state in self._faults:
                if fault.route is not None and not re.search(fault.route, line):
                    continue
                state[0] += 1
                if fault.times is not None and state[1] >= fault.times:
                    continue
                if fault.nth is not None and state[0] != fault.nth:
                    continue
                if fault.probability is not None and self._rng.random() >= fault.probability:
                    continue
                state[1] += 1
                return fault
        return None

    def count(self, template: str) -> None:
        """Count one request under its route template."""
        with self._lock:
            self._counts[template] += 1

    # --- idempotency ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def idempotency(self, key: str) -> Any:
        """Serialize requests that share a key, so a retry waits for the first attempt to commit."""
        lock = self._idem_locks[(self.tenant_id, key)]
        with lock:
            yield

    def stored(self, key: str) -> _Stored | None:
        """The remembered response of ``key``, if still fresh."""
        with self._lock:
            entry = self._idem.get((self.tenant_id, key))
            if entry is not None and time.time() - entry.at > self.config.idempotency_ttl_seconds:
                del self._idem[(self.tenant_id, key)]
                return None
            return entry

    def remember(self, key: str, entry: _Stored) -> None:
        """Remember a response for its key."""
        with self._lock:
            self._idem[(self.tenant_id, key)] = entry

    # --- data access for tests ------------------------------------------------------------------

    def records(self, table: str) -> list[dict[str, Any]]:
        """Rendered copies of every record in ``table`` (``invoices``, ``payments``, ...)."""
        with self.ledger.lock:
            return [self.ledger.render(table, r) for r in self.ledger.tables[table].values()]

    # --- the API ----------------------------------------------------------------------------------

    def envelope(self, key: str, items: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """Xero's response envelope."""
        out: dict[str, Any] = {
            "Id": str(uuid.uuid4()),
            "Status": "OK",
            "ProviderName": "arsync sandbox",
            "DateTimeUTC": ms_datetime(dt.datetime.now(dt.UTC), offset=False),
        }
        out.update(extra or {})
        out[key] = items
        return out

    def api(
        self, method: str, parts: list[str], query: dict[str, str], headers: Any, body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        """Dispatch one ``/api.xro/2.0`` request (already authenticated and rate-limited)."""
        resource = parts[0].lower()
        if resource not in _RESOURCES:
            raise _Reply(404, _problem(404, "NotFound", "The resource you're looking for cannot be found"))
        _, table, key = _RESOURCES[resource]
        ledger = self.ledger
        with ledger.lock:
            if method == "GET":
                return 200, self._get(resource, table, key, parts[1:], query, headers), {}
            data = _json_body(body)
            if method == "POST" and resource == "payments" and len(parts) == 2:
                payload = data.get("Payments", [data])[0] if isinstance(data, dict) else {}
                if str(payload.get("Status", "")).upper() != "DELETED":
                    raise _Reply(
                        400,
                        _validation(
                            [
                                {
                                    **payload,
                                    "ValidationErrors": [{"Message": "Payments can only be deleted, not modified"}],
                                }
                            ]
                        ),
                    )
                try:
                    payment = ledger.delete_payment(parts[1])
                except KeyError:
                    raise _Reply(
                        404, _problem(404, "NotFound", "The resource you're looking for cannot be found")
                    ) from None
                except Rejected as exc:
                    raise _Reply(400, _validation([_echo_failed("payments", payload, exc.messages)])) from None
                return 200, self.envelope("Payments", [ledger.render("payments", payment)]), {}
            if method == "POST" and resource == "invoices" and len(parts) == 3 and parts[2].lower() == "email":
                try:
                    ledger.email_invoice(parts[1])
                except KeyError:
                    raise _Reply(
                        404, _problem(404, "NotFound", "The resource you're looking for cannot be found")
                    ) from None
                except Rejected as exc:
                    raise _Reply(
                        400, _validation([{"ValidationErrors": [{"Message": m} for m in exc.messages]}])
                    ) from None
                return 204, None, {}
            if (
                len(parts) == 3
                and parts[2].lower() == "allocations"
                and resource in ("creditnotes", "overpayments", "prepayments")
            ):
                if ledger.get(table, parts[1]) is None:
                    raise _Reply(404, _problem(404, "NotFound", "The resource you're looking for cannot be found"))
                items = _elements(data, "Allocations")
                return self._write(
                    "allocations",
                    "Allocations",
                    items,
                    query,
                    lambda item: ledger.allocate(table, parts[1], item),
                )
            if len(parts) != 1:
                raise _Reply(405, _problem(405, "MethodNotAllowed", "This method is not supported here"))
            creators = {
                "contacts": ledger.create_contact,
                "invoices": ledger.create_invoice,
                "payments": ledger.create_payment,
                "batchpayments": ledger.create_batch_payment,
                "creditnotes": ledger.create_credit_note,
                "banktransactions": ledger.create_bank_transaction,
            }
            if resource not in creators or method not in ("PUT", "POST"):
                raise _Reply(405, _problem(405, "MethodNotAllowed", "This method is not supported here"))
            if method == "POST" and resource == "payments" and isinstance(data, dict) and "Payments" not in data:
                items = [data]  # xero-python's create_payment sends one bare Payment object
            else:
                items = _elements(data, key)
            if resource == "payments" and len(items) > self.config.payment_batch_cap:
                raise _Reply(
                    400,
                    {
                        "ErrorNumber": 10,
                        "Type": "ValidationException",
                        "Message": f"A maximum of {self.config.payment_batch_cap} payments can be "
                        "created in a single request",
                        "Elements": [],
                    },
                )
            return self._write(table, key, items, query, creators[resource])

    def _write(
        self, table: str, key: str, items: list[dict[str, Any]], query: dict[str, str], create: Any
    ) -> tuple[int, Any, dict[str, str]]:
        summarize = query.get("summarizeerrors", "true").lower() != "false"
        results: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        render_table = table if table != "allocations" else ""
        for item in items:
            if not isinstance(item, dict):
                item = {}
            if summarize and failed and not self.config.commit_valid_siblings:
                break
            try:
                record = create(item)
            except Rejected as exc:
                echo = _echo_failed(table, item, exc.messages)
                results.append(echo)
                failed.append(echo)
                continue
            rendered = self.ledger.render(render_table, record) if render_table else self.ledger._plain(record)
            if table in _STATUS_ATTR:
                rendered["StatusAttributeString"] = "OK"
            if table in _ERROR_FLAG:
                rendered[_ERROR_FLAG[table]] = False
            results.append(rendered)
        if summarize and failed:
            raise _Reply(400, _validation(failed))
        return 200, self.envelope(key, results), {}

    def _get(  # noqa: PLR0917 - mirrors the wire request
        self, resource: str, table: str, key: str, rest: list[str], query: dict[str, str], headers: Any
    ) -> dict[str, Any]:
        ledger = self.ledger
        if resource == "currencies":
            enabled = [ledger.currency, *sorted(ledger.day_rates)]
            return self.envelope(key, [{"Code": code, "Description": code} for code in enabled])
        if resource == "organisation":
            return self.envelope(
                key,
                [
                    {
                        "OrganisationID": ledger.tenant_id,
                        "Name": ledger.name,
                        "LegalName": ledger.name,
                        "BaseCurrency": ledger.currency,
                        "CountryCode": "US",
                        "OrganisationType": "COMPANY",
                        "OrganisationStatus": "ACTIVE",
                        "IsDemoCompany": True,
                        "PaysTax": True,
                        "Version": "US",
                        "SalesTaxBasis": "ACCRUALS",
                        "FinancialYearEndDay": 31,
                        "FinancialYearEndMonth": 12,
                        "CreatedDateUTC": ms_datetime(ledger.created_at),
                        "Timezone": "EASTERNSTANDARDTIME",
                        "ShortCode": "!sbx01",
                        "Edition": "BUSINESS",
                        "Class": "PREMIUM",
                    }
                ],
            )
        records = list(ledger.tables[table].values())
        if rest:
            record = ledger.get(table, rest[0]) if _GUID_RE.match(rest[0]) else None
            if record is None and table == "invoices":
                record = ledger.find_invoice(None, rest[0])
            if record is None:
                raise _Reply(404, _problem(404, "NotFound", "The resource you're looking for cannot be found"))
            return self.envelope(key, [ledger.render(table, record)])
        try:
            since = parse_datetime(headers.get("if-modified-since"))
        except ValueError:
            raise _Reply(400, _problem(400, "BadRequest", "If-Modified-Since is not a valid date")) from None
        if since is not None:
            floor = since.replace(microsecond=0)
            records = [
                r for r in records if r.get("UpdatedDateUTC") and r["UpdatedDateUTC"].replace(microsecond=0) >= floor
            ]
        if resource == "contacts" and query.get("includearchived", "false").lower() != "true":
            records = [r for r in records if r.get("ContactStatus") != "ARCHIVED"]
        id_field = ID_FIELDS.get(table)
        for param, field in (
            ("ids", id_field),
            ("statuses", "Status"),
            ("invoicenumbers", "InvoiceNumber"),
            ("contactids", "Contact.ContactID"),
        ):
            if param in query and field:
                wanted = {v.strip().lower() for v in query[param].split(",") if v.strip()}
                records = [r for r in records if str(ledger.lookup(r, field) or "").lower() in wanted]
        try:
            if query.get("where"):
                predicate = compile_where(query["where"], ledger.lookup)
                records = [r for r in records if predicate(r)]
            if query.get("order"):
                records = compile_order(query["order"], ledger.lookup)(records)
        except QueryError as exc:
            raise _Reply(400, _problem(400, "BadRequest", str(exc))) from None
        extra: dict[str, Any] = {}
        if resource in _PAGED and "page" in query:
            try:
                page = max(1, int(query["page"]))
                size = min(1000, max(1, int(query.get("pagesize", "100"))))
            except ValueError:
                raise _Reply(400, _problem(400, "BadRequest", "page and pageSize must be integers")) from None
            total = len(records)
            extra["pagination"] = {
                "page": page,
                "pageSize": size,
                "pageCount": math.ceil(total / size),
                "itemCount": total,
            }
            records = records[(page - 1) * size : page * size]
        return self.envelope(key, [ledger.render(table, r) for r in records], extra)


def _problem(status: int, title: str, detail: str) -> dict[str, Any]:
    return {"Title": title, "Status": status, "Detail": detail, "Instance": str(uuid.uuid4()), "Extensions": {}}


def _validation(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "ErrorNumber": 10,
        "Type": "ValidationException",
        "Message": "A validation exception occurred",
        "Elements": elements,
    }


def _json_body(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return json.loads(body, parse_float=Decimal)
    except ValueError:
        raise _Reply(400, _problem(400, "BadRequest", "The request body is not valid JSON")) from None


def _elements(data: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        items = data.get(key)
        if items is None:
            items = next((v for k, v in data.items() if k.lower() == key.lower()), None)
        if isinstance(items, list):
            return [i if isinstance(i, dict) else {} for i in items]
    raise _Reply(400, _problem(400, "BadRequest", f"The request body must be an object with a {key} list"))


def _echo(value: Any, key: str = "") -> Any:
    """A failed element as Xero echoes it: the input, with dates in Xero's form and zero GUIDs for ids."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            echoed = _echo(v, k)
            if echoed is not None:
                out[k] = echoed
        return out
    if isinstance(value, list):
        return [e for e in (_echo(v, key) for v in value) if e is not None]
    if key.endswith("Date"):
        try:
            day = parse_date(value)
        except (ValueError, TypeError):
            return None
        from arsync_xero.wire import ms_date

        return ms_date(day) if day else None
    if key.endswith("ID") and isinstance(value, str) and not _GUID_RE.match(value):
        return ZERO_GUID
    if isinstance(value, (str, bool, int, Decimal)):
        return value
    return None


def _echo_failed(table: str, item: dict[str, Any], messages: list[str]) -> dict[str, Any]:
    echo: dict[str, Any] = _echo(item)
    echo.pop("StatusAttributeString", None)
    echo.pop("UpdatedDateUTC", None)
    echo["ValidationErrors"] = [{"Message": m} for m in messages]
    if table in _STATUS_ATTR:
        echo["StatusAttributeString"] = "ERROR"
    if table in _ERROR_FLAG:
        echo[_ERROR_FLAG[table]] = True
    id_field = ID_FIELDS.get(table)
    if id_field and table not in ("accounts",):
        echo[id_field] = ZERO_GUID
    return echo


class _Handler(BaseHTTPRequestHandler):
    sandbox: ClassVar[XeroSandbox]
    protocol_version = "HTTP/1.1"
    server_version = "arsync-xero-sandbox"
    timeout = 60

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("xero sandbox: " + format, *args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _send(self, status: int, body: Any, headers: Mapping[str, str] | None = None) -> None:
        payload = b"" if body is None else body if isinstance(body, bytes) else dumps(body)
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _template(self, method: str, path: str) -> str:
        parts = [p for p in path.split("/") if p]
        if path.lower().startswith(API_PREFIX):
            parts = parts[2:]
            if parts and parts[0].lower() in _RESOURCES:
                parts[0] = _RESOURCES[parts[0].lower()][0]
        out = []
        for part in parts:
            out.append("{id}" if _GUID_RE.match(part) else part)
        return f"{method} /" + "/".join(out)

    def _serve(self, method: str) -> None:
        sandbox = self.sandbox
        url = urllib.parse.urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        sandbox.count(self._template(method, path))
        fault = sandbox.fault_for(f"{method} {self.path}")
        if fault is not None and fault.kind == "reset":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "status":
            self._send(*_fault_reply(fault))
            return
        try:
            status, payload, headers = self._route(method, path, url.query, body)
        except _Reply as reply:
            status, payload, headers = reply.status, reply.body, reply.headers
        except Exception:  # a bug in the sandbox must look like Xero's 500, not hang the client
            log.exception("xero sandbox: internal error")
            status, payload, headers = 500, _problem(500, "An error occurred", "An error occurred in Xero."), {}
        if fault is not None and fault.kind == "drop_after_commit":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send(status, payload, headers)

    def _route(self, method: str, path: str, raw_query: str, body: bytes) -> tuple[int, Any, dict[str, str]]:
        sandbox = self.sandbox
        lower = path.lower()
        if lower == "/connect/token" and method == "POST":
            form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
            status, document = sandbox.token_endpoint(form)
            return status, document, {"Cache-Control": "no-store"}
        if lower == "/connect/revocation" and method == "POST":
            sandbox.revoke(dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"))))
            return 200, None, {}
        if lower == "/identity/connect/authorize" and method == "GET":
            location = sandbox.authorize(dict(urllib.parse.parse_qsl(raw_query)))
            return 302, None, {"Location": location}
        if lower == "/connections" and method == "GET":
            refused = sandbox.access_ok(self.headers.get("Authorization"))
            if refused:
                return 401, _problem(401, "Unauthorized", refused), {}
            stamp = sandbox.ledger.created_at.strftime("%Y-%m-%dT%H:%M:%S.0000000")
            return (
                200,
                [
                    {
                        "id": XeroLedger.stable_id("connection:" + sandbox.tenant_id),
                        "tenantId": sandbox.tenant_id,
                        "tenantName": sandbox.ledger.name,
                        "tenantType": "ORGANISATION",
                        "createdDateUtc": stamp,
                        "updatedDateUtc": stamp,
                    }
                ],
                {},
            )
        if not lower.startswith(API_PREFIX + "/"):
            return 404, _problem(404, "NotFound", "The resource you're looking for cannot be found"), {}
        refused = sandbox.access_ok(self.headers.get("Authorization"))
        if refused:
            return (
                401,
                {
                    "Type": None,
                    "Title": "Unauthorized",
                    "Status": 401,
                    "Detail": refused,
                    "Instance": str(uuid.uuid4()),
                    "Extensions": {},
                },
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        tenant = (self.headers.get("xero-tenant-id") or "").lower()
        if tenant != sandbox.tenant_id:
            return 403, _problem(403, "Forbidden", "AuthorizationUnsuccessful"), {}
        decision = sandbox.limiter.acquire(tenant)
        if not decision.allowed:
            return 429, None, decision.headers
        try:
            parts = [urllib.parse.unquote(p) for p in path[len(API_PREFIX) + 1 :].split("/") if p]
            query = {k.lower(): v for k, v in urllib.parse.parse_qsl(raw_query)}
            key = self.headers.get("Idempotency-Key")
            if key and method in ("PUT", "POST"):
                status, payload, headers = self._idempotent(key, method, parts, query, raw_query, body)
            else:
                status, payload, headers = sandbox.api(method, parts, query, self.headers, body)
        except _Reply as reply:
            status, payload, headers = reply.status, reply.body, reply.headers
        finally:
            sandbox.limiter.release(tenant)
        return status, payload, {**decision.headers, **headers}

    def _idempotent(  # noqa: PLR0917 - mirrors the wire request
        self, key: str, method: str, parts: list[str], query: dict[str, str], raw_query: str, body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        sandbox = self.sandbox
        if len(key) > 128:
            raise _Reply(400, _problem(400, "BadRequest", "Idempotency-Key must be 128 characters or fewer"))
        fingerprint = hashlib.sha256(f"{method} {'/'.join(parts).lower()}?{raw_query}\n".encode() + body).hexdigest()
        with sandbox.idempotency(key):
            stored = sandbox.stored(key)
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise _Reply(
                        400,
                        _problem(400, "BadRequest", "This Idempotency-Key was already used for a different request"),
                    )
                return stored.status, stored.body or None, {**stored.headers, "Idempotent-Replayed": "true"}
            try:
                status, payload, headers = sandbox.api(method, parts, query, self.headers, body)
            except _Reply as reply:
                status, payload, headers = reply.status, reply.body, reply.headers
            if status < 500:
                encoded = b"" if payload is None else dumps(payload)
                sandbox.remember(key, _Stored(fingerprint, status, dict(headers), encoded, time.time()))
            return status, payload, headers


def _fault_reply(fault: Fault) -> tuple[int, Any, dict[str, str]]:
    headers: dict[str, str] = {}
    if fault.retry_after is not None:
        value = fault.retry_after
        headers["Retry-After"] = str(int(value)) if float(value).is_integer() else format(value, "g")
    status = fault.status
    if status == 429:
        headers["X-Rate-Limit-Problem"] = "minute"
        headers.setdefault("Retry-After", "1")
        return 429, None, headers
    if status == 401:
        return (
            401,
            {
                "Type": None,
                "Title": "Unauthorized",
                "Status": 401,
                "Detail": "AuthenticationUnsuccessful",
                "Instance": str(uuid.uuid4()),
                "Extensions": {},
            },
            headers,
        )
    if status == 503:
        return 503, _problem(503, "Service Unavailable", "The Xero API is temporarily unavailable"), headers
    if status >= 500:
        return (
            status,
            _problem(
                status,
                "An error occurred",
                "An error occurred in Xero. Check the API Status page "
                "http://status.developer.xero.com for current service status.",
            ),
            headers,
        )
    return status, _problem(status, "Error", "Injected fault"), headers
