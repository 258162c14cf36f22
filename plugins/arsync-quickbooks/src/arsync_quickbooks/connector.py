"""The QuickBooks Online connector: incremental reads (CDC or windowed queries) and idempotent batched writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, cast

import platformdirs

from arsync.connectors.base import Connector, ReadResult, StreamSpec, WriteResult
from arsync.connectors.tokens import FileTokenStore, TokenStore
from arsync.errors import ArsyncError, ConfigError, ConflictError, NotFoundError, SkippableError, ValidationRejected
from arsync.models import (
    Account,
    Action,
    ActionKind,
    CreditNote,
    Deposit,
    ExternalRef,
    Invoice,
    Money,
    Party,
    Payment,
    Record,
)
from arsync_quickbooks import normalize
from arsync_quickbooks.gateway import Gateway, _Client
from arsync_quickbooks.jsonwire import dumps
from arsync_quickbooks.settings import QuickBooksSettings

__all__ = ["QuickBooksConnector"]

log = logging.getLogger("arsync.quickbooks")

CDC_MAX_AGE = dt.timedelta(days=29)  # QBO allows 30; a day's margin for clocks and long runs
CDC_CAP = 1000
CURSOR_OVERLAP = dt.timedelta(seconds=1)  # MetaData times have whole seconds; re-read the boundary second
MARKER = "arsync:"


@dataclasses.dataclass(frozen=True)
class _Stream:
    entity: str
    normalize: Callable[..., Any]
    name_list: bool = False
    incremental: bool = True


_STREAMS: dict[str, _Stream] = {
    "customers": _Stream("Customer", normalize.party, name_list=True),
    "invoices": _Stream("Invoice", normalize.invoice),
    "payments": _Stream("Payment", normalize.payment),
    "credit_notes": _Stream("CreditMemo", normalize.credit_note),
    "deposits": _Stream("Deposit", normalize.deposit),
    "accounts": _Stream("Account", normalize.account, name_list=True, incremental=False),
    "items": _Stream("Item", normalize.item, name_list=True, incremental=False),
}


def marker(idempotency_key: str) -> str:
    """The tag written into PrivateNote/Notes so a later run can find this write's earlier copy."""
    return MARKER + hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:24]


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _parse_cursor(since: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(
            f"QuickBooks cursor {since!r} is not an ISO 8601 timestamp; reset the stream's cursor"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _server_time(response: dict[str, Any]) -> dt.datetime | None:
    text = response.get("time")
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


@dataclasses.dataclass
class _Pending:
    index: int
    action: Action
    entity: str
    body: dict[str, Any]


class QuickBooksConnector(Connector):
    """QuickBooks Online through python-quickbooks (see ``docs/quickbooks.md``)."""

    type_name: ClassVar[str] = "quickbooks"
    settings_model = QuickBooksSettings
    streams: ClassVar[Sequence[StreamSpec]] = (
        StreamSpec("customers", Party),
        StreamSpec("invoices", Invoice),
        StreamSpec("payments", Payment),
        StreamSpec("credit_notes", CreditNote),
        StreamSpec("deposits", Deposit),
        StreamSpec("accounts", Account, replication_key=None),
        StreamSpec("items", normalize.Item, replication_key=None),
    )
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"read", "write", "batch", "cdc", "webhooks", "ar_balance", "send_invoice"}
    )

    def __init__(self, name: str, settings: Any, state: Any = None) -> None:
        if not isinstance(settings, QuickBooksSettings):
            settings = QuickBooksSettings.model_validate(settings)
        super().__init__(name, settings, state)
        self.qbo: QuickBooksSettings = settings
        self.gateway = Gateway(settings, self._token_store())
        self._accounts: dict[str, str] | None = None
        self._items: dict[str, str] | None = None
        self._terms: dict[str, tuple[Decimal, int] | None] | None = None

    def _token_store(self) -> TokenStore:
        if self.qbo.token_store == "state":  # noqa: S105 - a store kind, not a password
            if self.state is None:
                raise ConfigError("token_store is 'state' but no state store is configured", key="token_store")
            from arsync.state.tokens import StateTokenStore  # type: ignore[import-not-found,unused-ignore]

            return cast(TokenStore, StateTokenStore(self.state))
        directory = self.qbo.token_dir or Path(platformdirs.user_data_dir("arsync")) / "tokens"
        return FileTokenStore(directory)

    @property
    def tenant(self) -> str:
        """The realm id."""
        return self.qbo.realm_id

    # --- small helpers ---------------------------------------------------------------------------

    def _company_url(self, client: _Client, tail: str) -> str:
        return f"{client.api_url}/company/{self.qbo.realm_id}/{tail}"

    def _query(self, sql: str) -> dict[str, Any]:
        response: dict[str, Any] = self.gateway.call(
            f"query {sql.split(' WHERE', maxsplit=1)[0]}", lambda qb: qb.query(sql)
        )
        return response

    def _query_all(
        self, entity: str, where: str = "", *, order: str = "Id"
    ) -> tuple[list[dict[str, Any]], int, dt.datetime | None]:
        """Every row of a query, paged at ``page_size``; returns rows, calls and the first response's time."""
        rows: list[dict[str, Any]] = []
        calls = 0
        first_time: dt.datetime | None = None
        start = 1
        size = self.qbo.page_size
        while True:
            clause = f" WHERE {where}" if where else ""
            sql = f"SELECT * FROM {entity}{clause} ORDERBY {order} STARTPOSITION {start} MAXRESULTS {size}"
            response = self._query(sql)
            calls += 1
            if first_time is None:
                first_time = _server_time(response)
            page = response.get("QueryResponse", {}).get(entity, [])
            rows.extend(page)
            if len(page) < size:
                return rows, calls, first_time
            start += size

    def _normalize(self, spec: _Stream, objs: Iterable[dict[str, Any]]) -> list[Record]:
        records: dict[str, Record] = {}
        objs = list(objs)
        extra: dict[str, Any] = {}
        if spec.entity == "Invoice" and any((o.get("SalesTermRef") or {}).get("value") for o in objs):
            extra["terms"] = self._discount_terms()
        for obj in objs:
            record = spec.normalize(obj, self.qbo.realm_id, self.qbo.home_currency, **extra)
            if record is not None:
                records[str(obj["Id"])] = record
        return list(records.values())

    def _discount_terms(self) -> dict[str, tuple[Decimal, int] | None]:
        """The company's sales terms with an early-payment discount (one query, once per connector: terms
        rarely change, and only invoices that name a term need them)."""
        if self._terms is None:
            rows, _, _ = self._query_all("Term", "Active IN (true, false)")
            self._terms = normalize.discount_terms(rows)
        return self._terms

    # --- Connector API ---------------------------------------------------------------------------

    def check(self) -> None:
        """Fetch CompanyInfo (one call)."""
        realm = self.qbo.realm_id
        self.gateway.call("check", lambda qb: qb.get_single_object("CompanyInfo", realm))

    def read(self, stream: str, since: str | None = None) -> ReadResult:
        """Read ``stream``: CDC for a cursor under 29 days old whose changes fit in 1000, else queries."""
        spec = _STREAMS.get(stream)
        if spec is None:
            raise ConfigError(f"QuickBooks has no stream {stream!r}; streams: {', '.join(_STREAMS)}")
        before = self.gateway.calls
        active = "Active IN (true, false)" if spec.name_list else ""
        if since is None or not spec.incremental:
            rows, _, server_time = self._query_all(spec.entity, active)
            cursor = _iso(server_time or dt.datetime.now(dt.UTC)) if spec.incremental else None
            return ReadResult(self._normalize(spec, rows), cursor, [], self.gateway.calls - before)
        moment = _parse_cursor(since)
        now = dt.datetime.now(dt.UTC)
        lower = moment - CURSOR_OVERLAP
        if now - CDC_MAX_AGE < lower <= now:
            result = self._read_cdc(spec, lower, moment)
            if result is not None:
                result.calls = self.gateway.calls - before
                return result
        where = f"MetaData.LastUpdatedTime >= {_quote(_iso(lower))}"
        if active:
            where = f"{active} AND {where}"
        rows, _, server_time = self._query_all(spec.entity, where, order="MetaData.LastUpdatedTime, Id")
        upto = max(moment, server_time or now)
        return ReadResult(self._normalize(spec, rows), _iso(upto), [], self.gateway.calls - before)

    def _read_cdc(self, spec: _Stream, lower: dt.datetime, since: dt.datetime) -> ReadResult | None:
        changed_since = _iso(lower)
        response: dict[str, Any] = self.gateway.call(
            f"cdc {spec.entity}", lambda qb: qb.change_data_capture(spec.entity, changed_since)
        )
        objects: list[dict[str, Any]] = []
        for group in (response.get("CDCResponse") or [{}])[0].get("QueryResponse", []):
            for key, value in group.items():
                if key.lower() == spec.entity.lower() and isinstance(value, list):
                    objects.extend(value)
        if len(objects) >= CDC_CAP:
            log.info("CDC for %s hit QBO's 1000-object cap; reading by query windows instead", spec.entity)
            return None
        live = [o for o in objects if o.get("status") != "Deleted"]
        deleted = [str(o["Id"]) for o in objects if o.get("status") == "Deleted"]
        cursor = max(since, _server_time(response) or dt.datetime.now(dt.UTC))
        return ReadResult(self._normalize(spec, live), _iso(cursor), deleted, 0)

    def remote_version(self, ref: ExternalRef) -> str | None:
        """The record's current SyncToken (tries Invoice, Payment, CreditMemo, Deposit, Customer), ``None`` if gone."""
        for entity in ("Invoice", "Payment", "CreditMemo", "Deposit", "Customer"):
            rows = self._query(f"SELECT * FROM {entity} WHERE Id = {_quote(ref.id)}").get("QueryResponse", {})
            found = rows.get(entity) or []
            if found:
                return str(found[0].get("SyncToken"))
        return None

    def ar_balance(self, as_of: Any = None) -> Money | None:
        """The Accounts Receivable account balance (one query); ``None`` for a past ``as_of``."""
        if as_of is not None:
            return None
        response = self._query("SELECT * FROM Account WHERE AccountType = 'Accounts Receivable'")
        accounts = response.get("QueryResponse", {}).get("Account", [])
        total = sum((Decimal(str(a.get("CurrentBalance", 0))) for a in accounts), Decimal(0))
        return Money(total, self.qbo.home_currency)

    def home_currency(self) -> str | None:
        """The company's home currency, which QBO's ``ExchangeRate`` converts into: Preferences'
        ``CurrencyPrefs.HomeCurrency`` (one call), or the ``home_currency`` setting when QBO does not say.

        Raises:
            ConfigError: the setting names another currency than the company's (records without a
                CurrencyRef would be labelled wrongly).
        """

        def read(qb: _Client) -> Any:
            return qb.get(self._company_url(qb, "preferences"), {})

        preferences = self.gateway.call("preferences", read).get("Preferences") or {}
        home = ((preferences.get("CurrencyPrefs") or {}).get("HomeCurrency") or {}).get("value")
        if not home:
            return self.qbo.home_currency
        if str(home) != self.qbo.home_currency:
            raise ConfigError(
                f"home_currency is {self.qbo.home_currency} but the QuickBooks company's home currency is {home}: "
                f"set home_currency: {home}",
                key=f"connectors.{self.name}.home_currency",
            )
        return str(home)

    def send_invoice_email(self, invoice_id: str, to: str | None = None) -> None:
        """Ask QBO to email the invoice (``POST /invoice/{id}/send``)."""
        params = {"sendTo": to} if to else {}

        def send(qb: _Client) -> Any:
            url = self._company_url(qb, f"invoice/{invoice_id}/send")
            return qb.make_request("POST", url, "", content_type="application/octet-stream", params=dict(params))

        self.gateway.call(f"send invoice {invoice_id}", send)

    def close(self) -> None:
        """Drop the HTTP session."""
        self.gateway.close()

    # --- writes ----------------------------------------------------------------------------------

    def write_many(self, actions: Sequence[Action]) -> list[WriteResult]:
        """Carry out actions in batches of ``batch_size``, adopting earlier copies instead of duplicating."""
        results: dict[int, WriteResult] = {}
        pending: list[_Pending] = []
        for index, action in enumerate(actions):
            try:
                self._check_action(action)
            except ArsyncError as exc:
                results[index] = WriteResult(action.idempotency_key, "failed", error=str(exc))
        todo = [(i, a) for i, a in enumerate(actions) if i not in results]
        size = self.qbo.batch_size
        for offset in range(0, len(todo), size):
            chunk = todo[offset : offset + size]
            adopted = self._find_earlier(chunk)
            results.update(adopted)
            fresh = [(i, a) for i, a in chunk if i not in adopted]
            results.update(self._check_versions(fresh))
            pending = []
            for index, action in fresh:
                if index in results:
                    continue
                try:
                    entity, body = self._body(action)
                except ArsyncError as exc:
                    results[index] = WriteResult(action.idempotency_key, "failed", error=str(exc))
                    continue
                pending.append(_Pending(index, action, entity, body))
            if pending:
                results.update(self._send_batch(pending))
        return [results[i] for i in range(len(actions))]

    def _check_action(self, action: Action) -> None:
        expected = {
            ActionKind.APPLY_PAYMENT: Payment,
            ActionKind.CREATE_DEPOSIT: Deposit,
            ActionKind.CREATE_CUSTOMER: Party,
            ActionKind.CREATE_INVOICE: Invoice,
            ActionKind.APPLY_CREDIT_NOTE: CreditNote,
        }.get(action.kind)
        if expected is None:
            raise ValidationRejected(f"the QuickBooks connector cannot {action.kind.value} ({action.idempotency_key})")
        if not isinstance(action.record, expected):
            raise ValidationRejected(
                f"{action.kind.value} needs a {expected.__name__} record, got {type(action.record).__name__}"
            )
        if action.kind in (ActionKind.APPLY_PAYMENT, ActionKind.APPLY_CREDIT_NOTE):
            self._customer_of(action)

    def _ref(self, entity: str, obj: dict[str, Any]) -> ExternalRef:
        del entity
        return ExternalRef(
            system="quickbooks", tenant=self.qbo.realm_id, id=str(obj["Id"]), version=str(obj.get("SyncToken", "0"))
        )

    def _find_earlier(self, chunk: list[tuple[int, Action]]) -> dict[int, WriteResult]:
        """Look for copies an earlier (perhaps crashed) run already wrote: one query per entity kind."""
        found: dict[int, WriteResult] = {}
        by_marker: dict[str, list[int]] = {}
        payment_like: list[tuple[int, Action]] = []
        deposits: list[tuple[int, Action]] = []
        customers: dict[str, list[int]] = {}
        invoices: dict[str, list[int]] = {}
        for index, action in chunk:
            by_marker.setdefault(marker(action.idempotency_key), []).append(index)
            record = action.record
            if action.kind in (ActionKind.APPLY_PAYMENT, ActionKind.APPLY_CREDIT_NOTE):
                payment_like.append((index, action))
            elif action.kind == ActionKind.CREATE_DEPOSIT:
                deposits.append((index, action))
            elif action.kind == ActionKind.CREATE_CUSTOMER and isinstance(record, Party):
                customers.setdefault(record.name.casefold(), []).append(index)
            elif action.kind == ActionKind.CREATE_INVOICE and isinstance(record, Invoice):
                invoices.setdefault(record.number, []).append(index)

        def adopt(entity: str, rows: Iterable[dict[str, Any]], note_field: str) -> None:
            for row in rows:
                note = str(row.get(note_field) or "")
                start = note.find(MARKER)
                if start < 0:
                    continue
                tag = note[start : start + len(MARKER) + 24]
                for index in by_marker.get(tag, []):
                    key = dict(chunk)[index].idempotency_key
                    found[index] = WriteResult(key, "adopted", ref=self._ref(entity, row))

        if payment_like:
            customer_ids = sorted({self._customer_of(a) for _, a in payment_like})
            dates = [self._date_of(a) for _, a in payment_like]
            where = (
                f"CustomerRef IN ({', '.join(_quote(c) for c in customer_ids)}) "
                f"AND TxnDate >= {_quote(min(dates).isoformat())} AND TxnDate <= {_quote(max(dates).isoformat())}"
            )
            adopt("Payment", self._query_all("Payment", where)[0], "PrivateNote")
        if deposits:
            dates = [self._date_of(a) for _, a in deposits]
            where = f"TxnDate >= {_quote(min(dates).isoformat())} AND TxnDate <= {_quote(max(dates).isoformat())}"
            adopt("Deposit", self._query_all("Deposit", where)[0], "PrivateNote")
        if customers:
            names = ", ".join(
                _quote(n) for n in sorted({cast(Party, dict(chunk)[i[0]].record).name for i in customers.values()})
            )
            for row in self._query_all("Customer", f"Active IN (true, false) AND DisplayName IN ({names})")[0]:
                for index in customers.get(str(row.get("DisplayName", "")).casefold(), []):
                    found[index] = WriteResult(
                        dict(chunk)[index].idempotency_key, "adopted", ref=self._ref("Customer", row)
                    )
        if invoices:
            numbers = ", ".join(_quote(n) for n in sorted(invoices))
            for row in self._query_all("Invoice", f"DocNumber IN ({numbers})")[0]:
                for index in invoices.get(str(row.get("DocNumber", "")), []):
                    found[index] = WriteResult(
                        dict(chunk)[index].idempotency_key, "adopted", ref=self._ref("Invoice", row)
                    )
        return found

    @staticmethod
    def _customer_of(action: Action) -> str:
        record = action.record
        customer = getattr(record, "customer_id", None)
        if not customer:
            raise ValidationRejected(f"{action.kind.value} {action.idempotency_key}: the record has no customer_id")
        return str(customer)

    @staticmethod
    def _date_of(action: Action) -> dt.date:
        record = action.record
        value = getattr(record, "date", None) or getattr(record, "issue_date", None)
        return value if isinstance(value, dt.date) else dt.datetime.now(dt.UTC).date()

    def _check_versions(self, chunk: list[tuple[int, Action]]) -> dict[int, WriteResult]:
        """Refetch targets whose SyncToken moved since planning; fail the action if the change matters."""
        # Only payment applications are planned against an invoice's version.
        chunk = [(i, a) for i, a in chunk if a.kind == ActionKind.APPLY_PAYMENT]
        targets = {a.target.id: a for _, a in chunk if a.target is not None and a.base_version is not None}
        if not targets:
            return {}
        ids = ", ".join(_quote(t) for t in sorted(targets))
        rows = {str(r["Id"]): r for r in self._query_all("Invoice", f"Id IN ({ids})")[0]}
        failed: dict[int, WriteResult] = {}
        for index, action in chunk:
            if action.target is None or action.base_version is None:
                continue
            row = rows.get(action.target.id)
            if row is None:
                error: ArsyncError = NotFoundError(f"invoice {action.target.id} no longer exists in QuickBooks")
                failed[index] = WriteResult(action.idempotency_key, "failed", error=str(error))
                continue
            current = str(row.get("SyncToken"))
            if current == action.base_version:
                continue
            needed = sum(
                (
                    al.amount.amount
                    for al in getattr(action.record, "allocations", ())
                    if al.invoice_id == action.target.id
                ),
                Decimal(0),
            )
            balance = Decimal(str(row.get("Balance", 0)))
            if balance < needed:
                error = ConflictError(
                    f"invoice {row.get('DocNumber')} (Id {action.target.id}) changed in QuickBooks since the plan "
                    f"(SyncToken {action.base_version} -> {current}); its open balance is now {balance}, less than "
                    f"the {needed} to apply: plan again"
                )
                failed[index] = WriteResult(action.idempotency_key, "failed", error=str(error))
        return failed

    def _account_id(self, name_or_id: str | None) -> str | None:
        if not name_or_id:
            return None
        if name_or_id.isdigit():
            return name_or_id
        if self._accounts is None:
            rows = self._query_all("Account", "Active IN (true, false)")[0]
            self._accounts = {str(r["Name"]).casefold(): str(r["Id"]) for r in rows}
        found = self._accounts.get(name_or_id.casefold())
        if found is None:
            raise ValidationRejected(f"QuickBooks has no account named {name_or_id!r}")
        return found

    def _item_id(self, name: str | None) -> str:
        if self._items is None:
            rows = self._query_all("Item", "Active IN (true, false)")[0]
            self._items = {str(r["Name"]).casefold(): str(r["Id"]) for r in rows}
        if name and name.isdigit():
            return name
        found = self._items.get((name or "Services").casefold()) or self._items.get("services")
        if found is None:
            raise ValidationRejected(f"QuickBooks has no item named {name or 'Services'!r}")
        return found

    def _body(self, action: Action) -> tuple[str, dict[str, Any]]:
        tag = marker(action.idempotency_key)
        note = f"{tag} {action.description}".strip()[:4000]
        record = action.record
        if action.kind == ActionKind.APPLY_PAYMENT and isinstance(record, Payment):
            body: dict[str, Any] = {
                "CustomerRef": {"value": self._customer_of(action)},
                "TotalAmt": record.amount.amount,
                "TxnDate": record.date.isoformat(),
                "PrivateNote": note,
                "Line": [
                    {"Amount": a.amount.amount, "LinkedTxn": [{"TxnId": a.invoice_id, "TxnType": "Invoice"}]}
                    for a in record.allocations
                ],
            }
            if record.reference:
                body["PaymentRefNum"] = record.reference[:21]
            account = self._account_id(record.deposit_account)
            if account:
                body["DepositToAccountRef"] = {"value": account}
            return "Payment", body
        if action.kind == ActionKind.APPLY_CREDIT_NOTE and isinstance(record, CreditNote):
            total = sum((a.amount.amount for a in record.allocations), Decimal(0))
            lines = [
                {"Amount": a.amount.amount, "LinkedTxn": [{"TxnId": a.invoice_id, "TxnType": "Invoice"}]}
                for a in record.allocations
            ]
            lines.append({"Amount": total, "LinkedTxn": [{"TxnId": record.id, "TxnType": "CreditMemo"}]})
            return "Payment", {
                "CustomerRef": {"value": record.customer_id},
                "TotalAmt": Decimal("0"),
                "TxnDate": record.date.isoformat(),
                "PrivateNote": note,
                "Line": lines,
            }
        if action.kind == ActionKind.CREATE_DEPOSIT and isinstance(record, Deposit):
            if not record.payment_ids:
                raise ValidationRejected(f"deposit {record.id} lists no payments to move out of Undeposited Funds")
            ids = ", ".join(_quote(p) for p in record.payment_ids)
            payments = {str(r["Id"]): r for r in self._query_all("Payment", f"Id IN ({ids})")[0]}
            missing = [p for p in record.payment_ids if p not in payments]
            if missing:
                raise NotFoundError(f"deposit {record.id}: QuickBooks has no payment {', '.join(missing)}")
            amounts = [Decimal(str(payments[p]["TotalAmt"])) for p in record.payment_ids]
            if sum(amounts, Decimal(0)) != record.amount.amount:
                raise ValidationRejected(
                    f"deposit {record.id} is {record.amount.amount} but its payments total {sum(amounts, Decimal(0))}"
                )
            return "Deposit", {
                "DepositToAccountRef": {"value": self._account_id(record.account)},
                "TxnDate": record.date.isoformat(),
                "PrivateNote": note,
                "Line": [
                    {"Amount": amount, "LinkedTxn": [{"TxnId": pid, "TxnType": "Payment", "TxnLineId": "0"}]}
                    for pid, amount in zip(record.payment_ids, amounts, strict=True)
                ],
            }
        if action.kind == ActionKind.CREATE_CUSTOMER and isinstance(record, Party):
            body = {"DisplayName": record.name, "Notes": note[:2000]}
            if record.emails:
                body["PrimaryEmailAddr"] = {"Address": record.emails[0]}
            return "Customer", body
        if action.kind == ActionKind.CREATE_INVOICE and isinstance(record, Invoice):
            lines = []
            for line in record.lines:
                detail: dict[str, Any] = {"ItemRef": {"value": self._item_id(line.item_code)}, "Qty": line.quantity}
                if line.unit_price is not None:
                    detail["UnitPrice"] = line.unit_price.amount
                lines.append(
                    {
                        "Amount": line.amount.amount,
                        "Description": line.description,
                        "DetailType": "SalesItemLineDetail",
                        "SalesItemLineDetail": detail,
                    }
                )
            if not lines:
                lines.append(
                    {
                        "Amount": record.total.amount,
                        "DetailType": "SalesItemLineDetail",
                        "SalesItemLineDetail": {"ItemRef": {"value": self._item_id(None)}},
                    }
                )
            body = {
                "CustomerRef": {"value": record.customer_id},
                "DocNumber": record.number[:21],
                "TxnDate": record.issue_date.isoformat(),
                "PrivateNote": note,
                "Line": lines,
            }
            if record.due_date:
                body["DueDate"] = record.due_date.isoformat()
            return "Invoice", body
        raise ValidationRejected(f"cannot write {action.kind.value} to QuickBooks")

    def _send_batch(self, pending: list[_Pending]) -> dict[int, WriteResult]:
        """One batch request with a deterministic requestid; per-item faults become failed results."""
        items = [{"bId": f"b{n}", "operation": "create", p.entity: p.body} for n, p in enumerate(pending)]
        request_id = hashlib.sha256("\n".join(p.action.idempotency_key for p in pending).encode()).hexdigest()[:36]
        payload = dumps({"BatchItemRequest": items}).decode("utf-8")

        def send(qb: _Client) -> Any:
            return qb.make_request("POST", self._company_url(qb, "batch"), payload, request_id=request_id)

        response: dict[str, Any] = self.gateway.call(f"batch of {len(pending)}", send, batch=True)
        by_bid = {str(item.get("bId")): item for item in response.get("BatchItemResponse", [])}
        results: dict[int, WriteResult] = {}
        for n, p in enumerate(pending):
            key = p.action.idempotency_key
            item = by_bid.get(f"b{n}")
            if item is None:
                results[n] = WriteResult(
                    key, "failed", error="QuickBooks did not answer this batch item", retriable=True
                )
            elif p.entity in item:
                results[n] = WriteResult(key, "created", ref=self._ref(p.entity, item[p.entity]))
            else:
                error = (item.get("Fault") or {}).get("Error") or [{}]
                code = str(error[0].get("code", ""))
                text = f"{error[0].get('Message', '')}: {error[0].get('Detail', '')}"
                exc: SkippableError
                if code == "5010":
                    exc = ConflictError(f"{key}: stale SyncToken (5010), refetch and plan again: {text}")
                elif code == "610":
                    exc = NotFoundError(f"{key}: a referenced record does not exist (610): {text}")
                else:
                    exc = ValidationRejected(f"{key}: QuickBooks rejected it (code {code}): {text}")
                results[n] = WriteResult(key, "failed", error=str(exc))
        return {p.index: results[n] for n, p in enumerate(pending)}
