"""The Xero connector: incremental AR reads and idempotent batched writes through xero-python."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from xero_python.accounting import (
    Account as XAccount,
)
from xero_python.accounting import (
    Allocation as XAllocation,
)
from xero_python.accounting import (
    Allocations as XAllocations,
)
from xero_python.accounting import (
    BatchPayment as XBatchPayment,
)
from xero_python.accounting import (
    BatchPayments as XBatchPayments,
)
from xero_python.accounting import (
    Contact as XContact,
)
from xero_python.accounting import (
    Contacts as XContacts,
)
from xero_python.accounting import (
    CurrencyCode,
    LineAmountTypes,
    LineItem,
    RequestEmpty,
)
from xero_python.accounting import (
    Invoice as XInvoice,
)
from xero_python.accounting import (
    Invoices as XInvoices,
)
from xero_python.accounting import (
    Payment as XPayment,
)
from xero_python.accounting import (
    Payments as XPayments,
)

from arsync.connectors.base import Connector, ReadResult, StreamSpec, WriteResult
from arsync.connectors.tokens import FileTokenStore, TokenStore
from arsync.errors import ArsyncError, ConfigError, NotFoundError, SkippableError, ValidationRejected
from arsync.models import (
    Account,
    Action,
    ActionKind,
    CreditNote,
    ExternalRef,
    Invoice,
    Money,
    Party,
    Payment,
    Record,
)
from arsync_xero import normalize
from arsync_xero.gateway import CallResult, XeroGateway
from arsync_xero.settings import XeroSettings, default_token_dir

if TYPE_CHECKING:
    from arsync.state import StateStore

__all__ = ["XeroConnector"]

log = logging.getLogger("arsync.xero")
_GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclasses.dataclass(frozen=True)
class _Stream:
    method: str
    envelope: str
    where: str | None
    paged: bool
    convert: Callable[[Any, str], Record | None]
    deleted: Callable[[Any], bool] = lambda m: False


def _customer(model: Any, tenant: str) -> Record | None:
    # Suppliers that never bought from us are not receivables counterparties.
    if model.is_supplier and not model.is_customer:
        return None
    return normalize.party(model, tenant)


def _receivable(model: Any, tenant: str) -> Record | None:
    return normalize.invoice(model, tenant) if str(getattr(model.type, "value", model.type)) == "ACCREC" else None


def _sales_credit(model: Any, tenant: str) -> Record | None:
    return normalize.credit_note(model, tenant) if str(model.type) == "ACCRECCREDIT" else None


def _receipt(model: Any, tenant: str) -> Record | None:
    return normalize.payment(model, tenant) if str(model.payment_type) == "ACCRECPAYMENT" else None


_STREAMS: dict[str, _Stream] = {
    "customers": _Stream("get_contacts", "contacts", None, True, _customer),
    "invoices": _Stream("get_invoices", "invoices", 'Type=="ACCREC"', True, _receivable),
    "payments": _Stream(
        "get_payments",
        "payments",
        'PaymentType=="ACCRECPAYMENT"',
        True,
        _receipt,
        deleted=lambda m: str(m.status) == "DELETED",
    ),
    "credit_notes": _Stream("get_credit_notes", "credit_notes", 'Type=="ACCRECCREDIT"', True, _sales_credit),
    "overpayments": _Stream(
        "get_overpayments",
        "overpayments",
        'Type=="RECEIVE-OVERPAYMENT"',
        True,
        lambda m, t: normalize.prepaid_credit(m, t, "overpayment_id", "overpayment"),
    ),
    "prepayments": _Stream(
        "get_prepayments",
        "prepayments",
        'Type=="RECEIVE-PREPAYMENT"',
        True,
        lambda m, t: normalize.prepaid_credit(m, t, "prepayment_id", "prepayment"),
    ),
    "accounts": _Stream("get_accounts", "accounts", None, False, normalize.account),
}


def _key(*parts: str) -> str:
    """An Idempotency-Key within Xero's 128 characters."""
    text = "arsync:" + ":".join(parts)
    if len(text) <= 128:
        return text
    return "arsync:h:" + hashlib.sha256(text.encode()).hexdigest()


def _parse_cursor(since: str | None) -> dt.datetime | None:
    if since is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"not a Xero cursor (an ISO 8601 UTC timestamp): {since!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _replayed(headers: Any) -> bool:
    getter = getattr(headers, "get", None)
    return bool(getter and str(getter("Idempotent-Replayed") or "").lower() == "true")


def _errors(element: Any) -> list[str]:
    return [str(e.message) for e in (getattr(element, "validation_errors", None) or []) if e.message]


class XeroConnector(Connector):
    """One Xero organisation.

    Streams: customers (contacts), invoices (ACCREC only), payments, credit_notes, overpayments,
    prepayments, accounts. Cursors are ISO 8601 UTC timestamps: the newest UpdatedDateUTC seen.
    Reads ask for ``If-Modified-Since`` = cursor - ``overlap_seconds`` and dedupe by id, so records
    committed late with an older timestamp are not missed (they may be read twice; that is harmless).
    """

    type_name: ClassVar[str] = "xero"
    settings_model: ClassVar[type[XeroSettings]] = XeroSettings
    streams: ClassVar[Sequence[StreamSpec]] = (
        StreamSpec("customers", Party),
        StreamSpec("invoices", Invoice),
        StreamSpec("payments", Payment),
        StreamSpec("credit_notes", CreditNote),
        StreamSpec("overpayments", Payment),
        StreamSpec("prepayments", Payment),
        StreamSpec("accounts", Account, replication_key=None),
    )
    capabilities: ClassVar[frozenset[str]] = frozenset(
        {"read", "write", "batch", "webhooks", "ar_balance", "send_invoice"}
    )

    def __init__(
        self,
        name: str,
        settings: XeroSettings,
        state: StateStore | None = None,
        *,
        token_store: TokenStore | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(name, settings, state)
        self.settings: XeroSettings = settings
        if not settings.tenant_id.strip():
            raise ConfigError(
                "tenant_id is empty: `arsync auth xero` prints your organisation's tenant id",
                key=f"connectors.{name}.tenant_id",
            )
        store = (
            token_store
            or self._state_tokens(state)
            or FileTokenStore(Path(settings.token_dir) if settings.token_dir else default_token_dir())
        )
        kwargs: dict[str, Any] = {"sleep": sleep} if sleep is not None else {}
        self.gateway = XeroGateway(name, settings, store, **kwargs)
        self._base_currency: str | None = None  # Xero never changes an organisation's base currency

    @staticmethod
    def _state_tokens(state: StateStore | None) -> TokenStore | None:
        try:
            from arsync.state.tokens import StateTokenStore  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        if state is None:
            return None
        store: TokenStore = StateTokenStore(state)
        return store

    @property
    def tenant(self) -> str:
        """The Xero tenant id."""
        return self.settings.tenant_id

    @property
    def calls(self) -> int:
        """Remote calls made so far (benchmarks)."""
        return self.gateway.calls

    def _call(self, what: str, method: str, *args: Any, **kwargs: Any) -> CallResult:
        def op(api: Any, extra: dict[str, Any]) -> CallResult:
            result: CallResult = getattr(api, method)(self.tenant, *args, **kwargs, **extra)
            return result

        return self.gateway.call(what, op)

    # --- reads --------------------------------------------------------------------------------

    def check(self) -> None:
        """``GET /Organisation``: proves the tokens, the tenant and the network."""
        self._call("GET /Organisation", "get_organisations")

    def read(self, stream: str, since: str | None = None) -> ReadResult:
        """Read ``stream`` changed since the cursor ``since`` (see the class docstring)."""
        spec = _STREAMS.get(stream)
        if spec is None:
            raise ConfigError(f"the xero connector has no stream {stream!r}; it has {', '.join(_STREAMS)}")
        cursor_at = _parse_cursor(since)
        kwargs: dict[str, Any] = {}
        if spec.where:
            kwargs["where"] = spec.where
        if cursor_at is not None:
            kwargs["if_modified_since"] = cursor_at - dt.timedelta(seconds=self.settings.overlap_seconds)
        if stream == "customers":
            kwargs["include_archived"] = True
        records: dict[str, Record] = {}
        deleted: list[str] = []
        newest = cursor_at
        calls = 0
        page = 1
        while True:
            if spec.paged:
                kwargs.update(page=page, page_size=self.settings.page_size, order="UpdatedDateUTC ASC")
            model, _, _ = self._call(f"GET {spec.envelope} page {page}", spec.method, **kwargs)
            calls += 1
            items = getattr(model, spec.envelope) or []
            for item in items:
                stamp = normalize.updated_at(item)
                if stamp is not None and (newest is None or stamp > newest):
                    newest = stamp
                if spec.deleted(item):
                    deleted.append(str(item.payment_id))
                    continue
                record = spec.convert(item, self.tenant)
                if record is not None:
                    records[record.id] = record
            pagination = getattr(model, "pagination", None)
            if not spec.paged or len(items) < self.settings.page_size:
                break
            if pagination is not None and pagination.page_count is not None and page >= pagination.page_count:
                break
            page += 1
        if spec.paged is False and stream == "accounts":
            return ReadResult(records=list(records.values()), cursor=None, calls=calls)
        cursor = newest.isoformat() if newest is not None else since
        return ReadResult(records=list(records.values()), cursor=cursor, deleted=deleted, calls=calls)

    def remote_version(self, ref: ExternalRef) -> str | None:
        """UpdatedDateUTC of the record ``ref`` names (looked up as invoice, contact, payment, credit note)."""
        for method, envelope, arg in (
            ("get_invoice", "invoices", "invoice_id"),
            ("get_contact", "contacts", "contact_id"),
            ("get_payment", "payments", "payment_id"),
            ("get_credit_note", "credit_notes", "credit_note_id"),
        ):
            try:
                model, _, _ = self._call(f"{method} {ref.id}", method, **{arg: ref.id})
            except NotFoundError:
                continue
            items = getattr(model, envelope) or []
            if items:
                stamp = normalize.updated_at(items[0])
                return stamp.isoformat() if stamp else None
        return None

    def ar_balance(self, as_of: Any = None) -> Money | None:
        """Open ACCREC invoices' AmountDue less unallocated sales credits, now (``as_of`` unsupported), in
        the base currency: a foreign document counts at its own CurrencyRate, as Xero's receivables
        account carries it before any revaluation. ``None`` when a foreign document has no rate."""
        if as_of is not None and as_of != dt.datetime.now(dt.UTC).date():
            return None
        base = self.home_currency() or "USD"
        total = Money.zero(base)
        for stream, sign in (("invoices", 1), ("credit_notes", -1), ("overpayments", -1), ("prepayments", -1)):
            for record in self.read(stream).records:
                amount: Money | None = None
                if isinstance(record, Invoice) and record.is_open:
                    amount = record.amount_due
                elif isinstance(record, CreditNote) and record.status.value == "open":
                    amount = record.remaining
                elif isinstance(record, Payment):
                    amount = record.unapplied
                if amount is None or not amount:
                    continue
                if amount.currency != base:
                    rate = getattr(record, "exchange_rate", None)
                    if rate is None:
                        log.info("xero AR balance: %s %s has no currency rate, so no tie-out", stream, record.id)
                        return None
                    amount = Money(amount.amount * rate, base)
                total = total + amount if sign > 0 else total - amount
        return total

    def home_currency(self) -> str | None:
        """``GET /Organisation`` (once per connector): the organisation's base currency, which its
        CurrencyRates are against."""
        if self._base_currency is None:
            model, _, _ = self._call("GET /Organisation", "get_organisations")
            organisations = getattr(model, "organisations", None) or []
            base = getattr(organisations[0], "base_currency", None) if organisations else None
            code = getattr(base, "value", base)
            self._base_currency = str(code) if code else None
        return self._base_currency

    def send_invoice_email(self, invoice_id: str, to: str | None = None) -> None:
        """``POST /Invoices/{id}/Email``: Xero emails the invoice to the contact's own address (``to`` is ignored)."""
        if to is not None:
            log.info("xero emails invoice %s to the contact's address on file, not %s", invoice_id, to)
        self._call(
            f"POST /Invoices/{invoice_id}/Email",
            "email_invoice",
            invoice_id,
            RequestEmpty(),
            idempotency_key=_key("email", invoice_id, dt.datetime.now(dt.UTC).date().isoformat()),
        )

    # --- writes -------------------------------------------------------------------------------

    def write_many(self, actions: Sequence[Action]) -> list[WriteResult]:
        """Carry out ``actions``: payments batched by ``payment_batch_size`` (a BatchPayment when one
        deposit pays several invoices), contacts and invoices batched, credit-note allocations one by one.
        Every request carries an Idempotency-Key derived from its actions and ``summarizeErrors=false``."""
        results: list[WriteResult | None] = [None] * len(actions)
        singles: list[int] = []
        contacts: list[int] = []
        invoices: list[int] = []
        for index, action in enumerate(actions):
            try:
                if action.kind == ActionKind.APPLY_PAYMENT:
                    payment = self._expect(action, Payment)
                    if len(payment.allocations) == 1:
                        singles.append(index)
                    else:
                        results[index] = self._batch_payment(action, payment)
                elif action.kind == ActionKind.CREATE_CUSTOMER:
                    self._expect(action, Party)
                    contacts.append(index)
                elif action.kind == ActionKind.CREATE_INVOICE:
                    self._expect(action, Invoice)
                    invoices.append(index)
                elif action.kind == ActionKind.APPLY_CREDIT_NOTE:
                    results[index] = self._allocate_credit(action, self._expect(action, CreditNote))
                else:
                    results[index] = self._failed(action, f"the xero connector does not carry out {action.kind.value}")
            except SkippableError as exc:
                results[index] = self._failed(action, exc.message)
        for chunk in _chunks(singles, self.settings.payment_batch_size):
            self._put_batch(actions, chunk, results, "payments", self._payments_request)
        for chunk in _chunks(contacts, self.settings.write_batch_size):
            self._put_batch(actions, chunk, results, "contacts", self._contacts_request)
        for chunk in _chunks(invoices, self.settings.write_batch_size):
            self._put_batch(actions, chunk, results, "invoices", self._invoices_request)
        return [r if r is not None else self._failed(actions[i], "not attempted") for i, r in enumerate(results)]

    @staticmethod
    def _expect(action: Action, kind: type[Any]) -> Any:
        if not isinstance(action.record, kind):
            raise ValidationRejected(
                f"action {action.idempotency_key}: {action.kind.value} needs a {kind.__name__}, "
                f"got {type(action.record).__name__}"
            )
        return action.record

    @staticmethod
    def _failed(action: Action, message: str, retriable: bool = False) -> WriteResult:
        return WriteResult(idempotency_key=action.idempotency_key, status="failed", error=message, retriable=retriable)

    def _ref(self, record_id: Any, model: Any = None) -> ExternalRef:
        stamp = normalize.updated_at(model) if model is not None else None
        return ExternalRef(
            system="xero", tenant=self.tenant, id=str(record_id), version=stamp.isoformat() if stamp else None
        )

    def _account(self, payment: Payment) -> XAccount:
        code = payment.deposit_account or self.settings.deposit_account_code
        return XAccount(account_id=code) if _GUID_RE.match(code) else XAccount(code=code)

    def _payments_request(self, batch: list[Action]) -> tuple[str, tuple[Any, ...], str]:
        models = []
        for action in batch:
            payment: Payment = action.record  # type: ignore[assignment]
            allocation = payment.allocations[0]
            models.append(
                XPayment(
                    invoice=XInvoice(invoice_id=allocation.invoice_id),
                    account=self._account(payment),
                    date=payment.date,
                    amount=allocation.amount.amount,
                    reference=payment.reference,
                )
            )
        return "create_payments", (XPayments(payments=models),), "payments"

    def _contacts_request(self, batch: list[Action]) -> tuple[str, tuple[Any, ...], str]:
        models = []
        for action in batch:
            party: Party = action.record  # type: ignore[assignment]
            models.append(
                XContact(
                    name=party.name,
                    email_address=party.emails[0] if party.emails else None,
                    bank_account_details=party.bank_accounts[0] if party.bank_accounts else None,
                    tax_number=party.tax_ids[0] if party.tax_ids else None,
                    default_currency=CurrencyCode(party.currency) if party.currency else None,
                )
            )
        return "create_contacts", (XContacts(contacts=models),), "contacts"

    def _invoices_request(self, batch: list[Action]) -> tuple[str, tuple[Any, ...], str]:
        models = []
        for action in batch:
            inv: Invoice = action.record  # type: ignore[assignment]
            lines = [
                LineItem(
                    description=line.description or "Item",
                    quantity=line.quantity,
                    unit_amount=(
                        line.unit_price.amount
                        if line.unit_price is not None
                        else (line.amount.amount / line.quantity if line.quantity else line.amount.amount)
                    ),
                    account_code=line.account_code or self.settings.sales_account_code,
                    tax_type=line.tax_code or "NONE",
                )
                for line in inv.lines
            ] or [
                LineItem(
                    description=inv.number,
                    quantity=Decimal(1),
                    unit_amount=inv.total.amount,
                    account_code=self.settings.sales_account_code,
                    tax_type="NONE",
                )
            ]
            tax_free = inv.tax is None or inv.tax.is_zero()
            models.append(
                XInvoice(
                    type="ACCREC",
                    contact=XContact(contact_id=inv.customer_id),
                    invoice_number=inv.number,
                    reference=inv.reference,
                    date=inv.issue_date,
                    due_date=inv.due_date or inv.issue_date,
                    line_items=lines,
                    line_amount_types=LineAmountTypes.NOTAX if tax_free else LineAmountTypes.EXCLUSIVE,
                    currency_code=CurrencyCode(inv.currency),
                    status="AUTHORISED",
                )
            )
        return "create_invoices", (XInvoices(invoices=models),), "invoices"

    def _put_batch(
        self,
        actions: Sequence[Action],
        chunk: list[int],
        results: list[WriteResult | None],
        envelope: str,
        build: Callable[[list[Action]], tuple[str, tuple[Any, ...], str]],
    ) -> None:
        batch = [actions[i] for i in chunk]
        key = (
            _key(batch[0].idempotency_key)
            if len(batch) == 1
            else _key(envelope, hashlib.sha256("\n".join(a.idempotency_key for a in batch).encode()).hexdigest())
        )
        method, args, attr = build(batch)
        try:
            model, _, headers = self._call(
                f"PUT /{envelope} ({len(batch)})", method, *args, summarize_errors=False, idempotency_key=key
            )
        except SkippableError as exc:
            for i in chunk:
                results[i] = self._failed(actions[i], exc.message)
            return
        except ArsyncError:
            raise
        replay = _replayed(headers)
        elements = getattr(model, attr) or []
        for offset, i in enumerate(chunk):
            action = actions[i]
            element = elements[offset] if offset < len(elements) else None
            if element is None:
                results[i] = self._failed(action, "Xero returned no result for this element", retriable=True)
                continue
            messages = _errors(element)
            if messages or str(getattr(element, "status_attribute_string", "") or "") == "ERROR":
                adopted = self._adopt(action, messages)
                results[i] = adopted or self._failed(action, "; ".join(messages) or "rejected by Xero")
                continue
            record_id = {"payments": "payment_id", "contacts": "contact_id", "invoices": "invoice_id"}[envelope]
            results[i] = WriteResult(
                idempotency_key=action.idempotency_key,
                status="replayed" if replay else "created",
                ref=self._ref(getattr(element, record_id), element),
            )

    def _adopt(self, action: Action, messages: list[str]) -> WriteResult | None:
        """Find the earlier copy Xero's uniqueness rules point at, instead of failing."""
        text = " ".join(messages)
        found: Any = None
        if action.kind == ActionKind.CREATE_CUSTOMER and "already assigned to another contact" in text:
            party: Party = action.record  # type: ignore[assignment]
            name = party.name.replace('"', '\\"')
            model, _, _ = self._call("GET /Contacts (adopt)", "get_contacts", where=f'Name=="{name}"')
            found = next(iter(model.contacts or []), None)
            found_id = found.contact_id if found is not None else None
        elif action.kind == ActionKind.CREATE_INVOICE and "must be unique" in text:
            inv: Invoice = action.record  # type: ignore[assignment]
            model, _, _ = self._call(
                "GET /Invoices (adopt)", "get_invoices", invoice_numbers=[inv.number], where='Type=="ACCREC"'
            )
            found = next(iter(model.invoices or []), None)
            found_id = found.invoice_id if found is not None else None
        else:
            return None
        if found is None:
            return None
        return WriteResult(idempotency_key=action.idempotency_key, status="adopted", ref=self._ref(found_id, found))

    def _batch_payment(self, action: Action, payment: Payment) -> WriteResult:
        request = XBatchPayments(
            batch_payments=[
                XBatchPayment(
                    account=self._account(payment),
                    date=payment.date,
                    reference=payment.reference,
                    payments=[
                        XPayment(invoice=XInvoice(invoice_id=a.invoice_id), amount=a.amount.amount)
                        for a in payment.allocations
                    ],
                )
            ]
        )
        try:
            model, _, headers = self._call(
                "PUT /BatchPayments",
                "create_batch_payment",
                request,
                summarize_errors=False,
                idempotency_key=_key(action.idempotency_key),
            )
        except SkippableError as exc:
            return self._failed(action, exc.message)
        element = next(iter(model.batch_payments or []), None)
        if element is None or _errors(element):
            return self._failed(action, "; ".join(_errors(element)) if element is not None else "no result")
        return WriteResult(
            idempotency_key=action.idempotency_key,
            status="replayed" if _replayed(headers) else "created",
            ref=self._ref(element.batch_payment_id, element),
        )

    def _allocate_credit(self, action: Action, note: CreditNote) -> WriteResult:
        if not note.allocations:
            return self._failed(action, f"credit note {note.number} has no allocations to apply")
        request = XAllocations(
            allocations=[
                XAllocation(invoice=XInvoice(invoice_id=a.invoice_id), amount=a.amount.amount, date=note.date)
                for a in note.allocations
            ]
        )
        try:
            model, _, headers = self._call(
                f"PUT /CreditNotes/{note.id}/Allocations",
                "create_credit_note_allocation",
                note.id,
                request,
                summarize_errors=False,
                idempotency_key=_key(action.idempotency_key),
            )
        except SkippableError as exc:
            return self._failed(action, exc.message)
        messages = [m for element in model.allocations or [] for m in _errors(element)]
        if messages:
            return self._failed(action, "; ".join(messages))
        return WriteResult(
            idempotency_key=action.idempotency_key,
            status="replayed" if _replayed(headers) else "created",
            ref=self._ref(note.id),
        )

    def close(self) -> None:
        """Release pooled connections; idempotent."""
        self.gateway.close()


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
