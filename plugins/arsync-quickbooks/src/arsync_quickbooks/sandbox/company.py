"""One emulated QuickBooks Online company: entities, business rules, query, batch and CDC.

Everything here is pure state manipulation under one lock; :mod:`.server` puts HTTP, OAuth,
throttling and faults around it. Money stays :class:`~decimal.Decimal` throughout.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from arsync_quickbooks.sandbox.query import Query, matches, parse_query, sort_key
from arsync_quickbooks.sandbox.wire import AMOUNT_KEYS, COMPANY_TZ, QboFault, metadata_time

__all__ = ["ENTITIES", "NAME_LISTS", "Company", "canonical_entity"]

Obj = dict[str, Any]

NAME_LISTS = ("Customer", "Item", "Account", "Term")
TRANSACTIONS = ("Invoice", "Payment", "CreditMemo", "Deposit")
ENTITIES = NAME_LISTS + TRANSACTIONS
_BY_LOWER = {name.lower(): name for name in ENTITIES}
CDC_LOOKBACK = dt.timedelta(days=30)
CDC_CAP = 1000
BATCH_MAX = 30
CENT = Decimal("0.01")
UNDEPOSITED_FUNDS = "4"
AR_ACCOUNT = "84"

# Server-computed or server-owned fields: values sent for them are ignored silently, as on QBO.
_READ_ONLY = frozenset(
    {
        "Id",
        "SyncToken",
        "MetaData",
        "domain",
        "sparse",
        "status",
        "Balance",
        "HomeBalance",
        "UnappliedAmt",
        "RemainingCredit",
        "HomeTotalAmt",
        "FullyQualifiedName",
        "CurrentBalance",
        "CurrentBalanceWithSubAccounts",
        "BalanceWithJobs",
        "Classification",
        "Level",
        "time",
    }
)


def canonical_entity(name: str) -> str | None:
    """``invoice`` / ``INVOICE`` -> ``Invoice``; ``None`` for an entity the sandbox does not emulate."""
    return _BY_LOWER.get(name.lower())


def _money(value: Any, field: str) -> Decimal:
    if isinstance(value, bool):
        raise QboFault("2050", "Invalid String", f"{field} must be a number", element=field)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise QboFault("2050", "Invalid Number", f"{field} is not a number: {value!r}", element=field) from None
    if not amount.is_finite():
        raise QboFault("2050", "Invalid Number", f"{field} is not a number: {value!r}", element=field)
    return amount


def _q(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _clean(value: Any, key: str = "") -> Any:
    """Drop ``""``/``None`` (absent on QBO) and read amount fields as Decimals (numeric strings too)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            cleaned = _clean(v, k)
            if cleaned is not None:
                out[k] = cleaned
        return out
    if isinstance(value, list):
        return [_clean(v) for v in value if v is not None]
    if value is None or value == "":
        return None
    if key in AMOUNT_KEYS:
        return _money(value, key)
    return value


def _ref_id(ref: Any) -> str | None:
    if isinstance(ref, dict):
        value = ref.get("value")
        return None if value in (None, "") else str(value)
    if isinstance(ref, (str, int)):
        return str(ref)
    return None


class Company:
    """The realm's data and rules. Every public method takes the lock; all money is Decimal."""

    def __init__(self, realm_id: str, clock: Callable[[], dt.datetime]) -> None:
        self.realm_id = realm_id
        self.clock = clock
        self.lock = threading.RLock()
        self.objects: dict[str, dict[str, Obj]] = {name: {} for name in ENTITIES}
        self.updated: dict[tuple[str, str], dt.datetime] = {}
        self.created: dict[tuple[str, str], dt.datetime] = {}
        self.tombstones: list[tuple[str, str, dt.datetime]] = []
        self.replays: dict[str, tuple[int, bytes]] = {}
        self.sent_emails: list[tuple[str, str]] = []
        self._name_seq: dict[str, int] = {"Customer": 1, "Item": 2, "Account": 100, "Term": 1}
        self._txn_seq = 1
        self._doc_seq = 1001
        # (txn type, txn id) -> {payment id: amount applied}; drives Balance, RemainingCredit and LinkedTxn.
        self._applied: dict[tuple[str, str], dict[str, Decimal]] = {}
        self._deposited: dict[str, str] = {}  # payment id -> deposit id
        self._by_customer: dict[str, set[tuple[str, str]]] = {}

    _STATE = (
        "objects",
        "updated",
        "created",
        "tombstones",
        "_name_seq",
        "_txn_seq",
        "_doc_seq",
        "_applied",
        "_deposited",
        "_by_customer",
    )

    def copy_state_from(self, other: Company) -> None:
        """Take a deep copy of ``other``'s data (seeding many sandboxes from one template)."""
        with other.lock, self.lock:
            for name in self._STATE:
                setattr(self, name, copy.deepcopy(getattr(other, name)))

    # --- helpers -----------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """The sandbox clock (aware UTC)."""
        return self.clock()

    def today(self) -> dt.date:
        """Today in company time."""
        return self.now().astimezone(COMPANY_TZ).date()

    def _peek_id(self, entity: str) -> str:
        return str(self._name_seq[entity] if entity in NAME_LISTS else self._txn_seq)

    def _next_id(self, entity: str) -> str:
        if entity in NAME_LISTS:
            value = self._name_seq[entity]
            self._name_seq[entity] = value + 1
            return str(value)
        value = self._txn_seq
        self._txn_seq += 1
        return str(value)

    def _get(self, entity: str, obj_id: Any) -> Obj:
        found = self.objects[entity].get(str(obj_id)) if obj_id is not None else None
        if found is None:
            raise QboFault(
                "610",
                "Object Not Found",
                f"Object Not Found : Something you're trying to use has been made inactive. Check the fields "
                f"with accounts, customers, items, vendors or employees. ({entity} {obj_id})",
            )
        return found

    def _ref(self, entity: str, ref: Any, field: str) -> Obj:
        ref_id = _ref_id(ref)
        if ref_id is None:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                f"Required parameter {field} is missing in the request",
                element=field,
            )
        found = self.objects[entity].get(ref_id)
        if found is None:
            raise QboFault(
                "2500", "Invalid Reference Id", f"Invalid Reference Id : {field} {ref_id} does not exist", element=field
            )
        return found

    def _stamp(self, entity: str, obj: Obj, *, new: bool) -> None:
        now = self.now()
        key = (entity, obj["Id"])
        if new:
            self.created[key] = now
            obj["SyncToken"] = "0"
        else:
            obj["SyncToken"] = str(int(obj.get("SyncToken", "0")) + 1)
        self.updated[key] = now
        created = self.created.get(key, now)
        obj["MetaData"] = {"CreateTime": metadata_time(created), "LastUpdatedTime": metadata_time(now)}

    def _touch(self, entity: str, obj_id: str) -> None:
        """A side effect changed an object: bump its SyncToken and LastUpdatedTime."""
        obj = self.objects[entity].get(obj_id)
        if obj is not None:
            self._stamp(entity, obj, new=False)

    # --- rendering ---------------------------------------------------------------------------

    def render(self, entity: str, obj: Obj) -> Obj:
        """The wire form of a stored object, with balances computed now."""
        out = copy.deepcopy(obj)
        out.pop("status", None)  # the sandbox's own void marker; QBO shows a void through amounts and PrivateNote
        if entity == "Customer":
            balance = Decimal(0)
            for txn_entity, txn_id in self._by_customer.get(obj["Id"], ()):
                txn = self.objects[txn_entity].get(txn_id)
                if txn is None:
                    continue
                if txn_entity == "Invoice":
                    balance += txn.get("Balance", Decimal(0))
                elif txn_entity == "Payment":
                    balance -= txn.get("UnappliedAmt", Decimal(0))
                elif txn_entity == "CreditMemo":
                    balance -= txn.get("RemainingCredit", Decimal(0))
            out["Balance"] = _q(balance)
            out["BalanceWithJobs"] = _q(balance)
        elif entity == "Account":
            if obj["Id"] == AR_ACCOUNT:
                total = sum((i.get("Balance", Decimal(0)) for i in self.objects["Invoice"].values()), Decimal(0))
                total -= sum((p.get("UnappliedAmt", Decimal(0)) for p in self.objects["Payment"].values()), Decimal(0))
                total -= sum(
                    (c.get("RemainingCredit", Decimal(0)) for c in self.objects["CreditMemo"].values()), Decimal(0)
                )
                out["CurrentBalance"] = _q(total)
            elif obj["Id"] == UNDEPOSITED_FUNDS:
                out["CurrentBalance"] = _q(
                    sum(
                        (
                            p["TotalAmt"]
                            for p in self.objects["Payment"].values()
                            if _ref_id(p.get("DepositToAccountRef")) == UNDEPOSITED_FUNDS
                            and p["Id"] not in self._deposited
                        ),
                        Decimal(0),
                    )
                )
            out["CurrentBalanceWithSubAccounts"] = out.get("CurrentBalance", Decimal(0))
        return out

    # --- create / update / delete / void -------------------------------------------------------

    def create(self, entity: str, body: Obj) -> Obj:
        """Create from a client body (or update, when it carries an ``Id``, as ``POST /{entity}`` does)."""
        with self.lock:
            cleaned = _clean(body)
            if not isinstance(cleaned, dict):
                raise QboFault("2010", "Request has invalid or unsupported property", "the body is not an object")
            if cleaned.get("Id") not in (None, "", "0", 0):
                return self.update(entity, cleaned)
            obj: Obj = {k: v for k, v in cleaned.items() if k not in _READ_ONLY}
            obj["Id"] = self._peek_id(entity)
            obj["domain"] = "QBO"
            obj["sparse"] = False
            self._prepare(entity, obj, None)
            self._next_id(entity)  # consume the Id only once the object is valid
            self.objects[entity][obj["Id"]] = obj
            self._stamp(entity, obj, new=True)
            self._after_save(entity, obj, None)
            return self.render(entity, obj)

    def update(self, entity: str, body: Obj) -> Obj:
        """Full or sparse update; a stale SyncToken fails with 5010."""
        with self.lock:
            cleaned = _clean(body)
            old = self._get(entity, cleaned.get("Id"))
            self._check_sync_token(entity, old, cleaned)
            writable = {k: v for k, v in cleaned.items() if k not in _READ_ONLY}
            if cleaned.get("sparse") is True:
                obj = copy.deepcopy(old)
                obj.update(writable)
            else:
                keep = {k: old[k] for k in old if k in _READ_ONLY}
                obj = {**keep, **writable}
            obj["sparse"] = False
            before = copy.deepcopy(old)
            self._prepare(entity, obj, before)
            self.objects[entity][obj["Id"]] = obj
            self._stamp(entity, obj, new=False)
            self._after_save(entity, obj, before)
            return self.render(entity, obj)

    def _check_sync_token(self, entity: str, old: Obj, body: Obj) -> None:
        sent = body.get("SyncToken")
        if sent is None:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                "Required parameter SyncToken is missing in the request",
                element="SyncToken",
            )
        if str(sent) != old["SyncToken"]:
            raise QboFault(
                "5010",
                "Stale Object Error",
                "Stale Object Error : You and Sandbox User were working on this at the same time. Sandbox User "
                f"finished before you did, so your work was not saved. ({entity} {old['Id']} is at SyncToken "
                f"{old['SyncToken']}, the request had {sent})",
            )

    def delete(self, entity: str, body: Obj) -> Obj:
        """Hard-delete a transaction (a tombstone remains for CDC); name lists cannot be deleted."""
        with self.lock:
            if entity in NAME_LISTS:
                raise QboFault(
                    "500",
                    "Unsupported Operation",
                    f"Operation Delete is not supported for {entity}; make it inactive instead",
                )
            cleaned = _clean(body)
            old = self._get(entity, cleaned.get("Id"))
            self._check_sync_token(entity, old, cleaned)
            if entity == "Payment" and old["Id"] in self._deposited:
                raise self._deposited_fault(old["Id"])
            self._detach(entity, old)
            del self.objects[entity][old["Id"]]
            now = self.now()
            self.tombstones.append((entity, old["Id"], now))
            self.updated.pop((entity, old["Id"]), None)
            return {"domain": "QBO", "status": "Deleted", "Id": old["Id"]}

    def void(self, entity: str, body: Obj) -> Obj:
        """Void: amounts become 0, ``Voided`` is prepended to PrivateNote, applications are released."""
        with self.lock:
            if entity not in ("Invoice", "Payment"):
                raise QboFault("500", "Unsupported Operation", f"Operation Void is not supported for {entity}")
            cleaned = _clean(body)
            old = self._get(entity, cleaned.get("Id"))
            self._check_sync_token(entity, old, cleaned)
            if entity == "Payment" and old["Id"] in self._deposited:
                raise self._deposited_fault(old["Id"])
            self._detach(entity, old)
            obj = old
            obj["TotalAmt"] = Decimal("0.00")
            note = str(obj.get("PrivateNote", ""))
            if not note.startswith("Voided"):
                obj["PrivateNote"] = f"Voided - {note}" if note else "Voided"
            for line in obj.get("Line", []):
                line["Amount"] = Decimal("0.00")
            if entity == "Invoice":
                obj["Balance"] = Decimal("0.00")
                obj["LinkedTxn"] = []
                obj["status"] = "Voided"
            else:
                obj["Line"] = []
                obj["UnappliedAmt"] = Decimal("0.00")
            self._stamp(entity, obj, new=False)
            if entity == "Invoice":
                self._refresh_target("Invoice", obj["Id"], bump=False)
            return self.render(entity, obj)

    def _deposited_fault(self, payment_id: str) -> QboFault:
        return QboFault(
            "6000",
            "A business validation error has occurred while processing your request",
            f"Business Validation Error: Payment {payment_id} is deposited (Deposit {self._deposited[payment_id]}); "
            "delete the deposit first",
        )

    def send_invoice(self, invoice_id: str, to: str | None) -> Obj:
        """``POST /invoice/{id}/send``: mark the invoice emailed and remember the message."""
        with self.lock:
            invoice = self._get("Invoice", invoice_id)
            address = to or (invoice.get("BillEmail") or {}).get("Address")
            if not address:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    "Required parameter sendTo or BillEmail is missing",
                    element="BillEmail",
                )
            invoice["EmailStatus"] = "EmailSent"
            invoice["BillEmail"] = {"Address": address}
            invoice["DeliveryInfo"] = {"DeliveryType": "Email", "DeliveryTime": metadata_time(self.now())}
            self._stamp("Invoice", invoice, new=False)
            self.sent_emails.append((invoice_id, address))
            return self.render("Invoice", invoice)

    # --- business rules --------------------------------------------------------------------------

    def _prepare(self, entity: str, obj: Obj, old: Obj | None) -> None:
        if entity == "Customer":
            self._prepare_customer(obj)
        elif entity == "Item":
            self._prepare_named(obj, "Item", "Name")
            obj.setdefault("Type", "Service")
            obj.setdefault("Active", True)
            obj["FullyQualifiedName"] = obj["Name"]
        elif entity == "Account":
            self._prepare_named(obj, "Account", "Name")
            if "AccountType" not in obj:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    "Required parameter AccountType is missing",
                    element="AccountType",
                )
            obj.setdefault("Active", True)
            obj["FullyQualifiedName"] = obj["Name"]
            obj["Classification"] = _classification(str(obj["AccountType"]))
            obj.setdefault("CurrentBalance", Decimal("0.00"))
            obj.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
        elif entity == "Term":
            # Sales terms ("Net 30", "2% 10 Net 30"): days until due, and an early-payment discount.
            self._prepare_named(obj, "Term", "Name")
            obj.setdefault("Active", True)
            obj.setdefault("Type", "STANDARD")
        elif entity in ("Invoice", "CreditMemo"):
            self._prepare_sales(entity, obj)
        elif entity == "Payment":
            self._prepare_payment(obj, old)
        elif entity == "Deposit":
            self._prepare_deposit(obj, old)

    def _prepare_customer(self, obj: Obj) -> None:
        if "DisplayName" not in obj:
            parts = [obj.get(k) for k in ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")]
            name = " ".join(str(p) for p in parts if p)
            if not name:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    "Required parameter DisplayName is missing in the request",
                    element="DisplayName",
                )
            obj["DisplayName"] = name
        self._prepare_named(obj, "Customer", "DisplayName")
        obj.setdefault("Active", True)
        obj.setdefault("Job", False)
        obj.setdefault("BillWithParent", False)
        obj.setdefault("Taxable", False)
        obj.setdefault("PreferredDeliveryMethod", "Print")
        obj.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
        obj["FullyQualifiedName"] = obj["DisplayName"]
        if obj.get("ParentRef"):
            # A sub-customer (job): QBO names it under its parent ("Parent:Child") one level down.
            parent = self._ref("Customer", obj["ParentRef"], "ParentRef")
            obj["Job"] = True
            obj["Level"] = int(parent.get("Level", 0)) + 1
            obj["FullyQualifiedName"] = f"{parent['FullyQualifiedName']}:{obj['DisplayName']}"
        obj.setdefault("PrintOnCheckName", obj["DisplayName"])
        for key in ("Balance", "BalanceWithJobs"):
            obj.pop(key, None)
        if obj.get("IsProject") is False:
            obj.pop("IsProject")

    def _prepare_named(self, obj: Obj, entity: str, field: str) -> None:
        name = str(obj.get(field, "")).strip()
        if not name:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                f"Required parameter {field} is missing in the request",
                element=field,
            )
        if any(c in name for c in ":\t\n"):
            raise QboFault("2050", "Invalid String", f"{field} cannot contain a colon, tab or newline", element=field)
        obj[field] = name
        folded = name.casefold()
        for other in self.objects[entity].values():
            if other["Id"] != obj["Id"] and str(other.get(field, "")).casefold() == folded:
                raise QboFault("6240", "Duplicate Name Exists Error", f"The name supplied already exists. : {name}")

    def _sales_lines(self, obj: Obj, entity: str) -> Decimal:
        lines_in = [line for line in obj.get("Line", []) if line.get("DetailType") != "SubTotalLineDetail"]
        if not lines_in:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                f"Required parameter Line is missing in the request ({entity} needs at least one line)",
                element="Line",
            )
        total = Decimal(0)
        lines: list[Obj] = []
        for number, line in enumerate(lines_in, start=1):
            line = dict(line)
            for empty in ("LinkedTxn", "CustomField"):
                if not line.get(empty):
                    line.pop(empty, None)
            detail_type = line.get("DetailType")
            if detail_type == "SalesItemLineDetail":
                detail = dict(line.get("SalesItemLineDetail") or {})
                item = self._ref("Item", detail.get("ItemRef") or {"value": "1"}, "ItemRef")
                detail["ItemRef"] = {"value": item["Id"], "name": item["Name"]}
                detail.setdefault("TaxCodeRef", {"value": "NON"})
                qty = detail.get("Qty", Decimal(0))
                price = detail.get("UnitPrice", Decimal(0))
                for zero in ("Qty", "UnitPrice", "TaxInclusiveAmt"):
                    if detail.get(zero) == 0:
                        detail.pop(zero)
                if "Amount" not in line:
                    if qty and price:
                        line["Amount"] = qty * price
                    else:
                        raise QboFault(
                            "2020",
                            "Required param missing, need to supply the required value for the API",
                            f"Required parameter Line.Amount is missing (line {number})",
                            element="Amount",
                        )
                line["SalesItemLineDetail"] = detail
            elif detail_type == "DescriptionOnly":
                line.setdefault("Amount", Decimal(0))
            elif detail_type is None:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    f"Required parameter Line.DetailType is missing (line {number})",
                    element="DetailType",
                )
            amount = _q(_money(line.get("Amount", 0), "Amount"))
            line["Amount"] = amount
            line["Id"] = str(number)
            line["LineNum"] = number
            total += amount
            lines.append(line)
        lines.append({"Amount": _q(total), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}})
        obj["Line"] = lines
        return _q(total)

    def _prepare_sales(self, entity: str, obj: Obj) -> None:
        customer = self._ref("Customer", obj.get("CustomerRef"), "CustomerRef")
        obj["CustomerRef"] = {"value": customer["Id"], "name": customer["DisplayName"]}
        voided = obj.get("status") == "Voided"
        total = Decimal("0.00") if voided else self._sales_lines(obj, entity)
        obj["TotalAmt"] = total
        obj.setdefault("TxnDate", self.today().isoformat())
        if entity == "Invoice":
            due_days = 30
            if obj.get("SalesTermRef"):
                # QBO names the term on the invoice and, with no DueDate given, dates it by the term's DueDays.
                term = self._ref("Term", obj["SalesTermRef"], "SalesTermRef")
                obj["SalesTermRef"] = {"value": term["Id"], "name": term["Name"]}
                due_days = int(term.get("DueDays") or 0)
            obj.setdefault(
                "DueDate", (dt.date.fromisoformat(str(obj["TxnDate"])) + dt.timedelta(days=due_days)).isoformat()
            )
        if "DocNumber" not in obj:
            obj["DocNumber"] = str(self._doc_seq)
            self._doc_seq += 1
        elif len(str(obj["DocNumber"])) > 21:
            raise QboFault(
                "6000",
                "A business validation error has occurred while processing your request",
                "Business Validation Error: DocNumber is longer than 21 characters",
                element="DocNumber",
            )
        obj.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
        obj.setdefault("TxnTaxDetail", {"TotalTax": Decimal("0")})
        obj.setdefault("PrintStatus", "NotSet")
        obj.setdefault("EmailStatus", "NotSet")
        obj.setdefault("ApplyTaxAfterDiscount", False)
        for noisy in ("AllowIPNPayment", "AllowOnlinePayment", "AllowOnlineCreditCardPayment", "AllowOnlineACHPayment"):
            obj.setdefault(noisy, False)
        if "BillEmail" not in obj and customer.get("PrimaryEmailAddr"):
            obj["BillEmail"] = dict(customer["PrimaryEmailAddr"])
        applied = sum(self._applied.get((entity, obj["Id"]), {}).values(), Decimal(0))
        if total < applied:
            raise QboFault(
                "6000",
                "A business validation error has occurred while processing your request",
                f"Business Validation Error: {entity} total {total} is less than the {applied} already applied to it",
            )
        open_amount = Decimal("0.00") if voided else _q(total - applied)
        if entity == "Invoice":
            obj["Balance"] = open_amount
            obj["LinkedTxn"] = [
                {"TxnId": pid, "TxnType": "Payment"} for pid in self._applied.get(("Invoice", obj["Id"]), {})
            ]
        else:
            obj["RemainingCredit"] = open_amount
            obj["Balance"] = open_amount

    def _prepare_payment(self, obj: Obj, old: Obj | None) -> None:
        customer = self._ref("Customer", obj.get("CustomerRef"), "CustomerRef")
        obj["CustomerRef"] = {"value": customer["Id"], "name": customer["DisplayName"]}
        if "TotalAmt" not in obj:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                "Required parameter TotalAmt is missing in the request",
                element="TotalAmt",
            )
        total = _q(_money(obj["TotalAmt"], "TotalAmt"))
        if total < 0:
            raise QboFault(
                "6000",
                "A business validation error has occurred while processing your request",
                "Business Validation Error: TotalAmt cannot be negative",
                element="TotalAmt",
            )
        obj["TotalAmt"] = total
        obj.setdefault("TxnDate", self.today().isoformat())
        obj.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
        deposit_to = _ref_id(obj.get("DepositToAccountRef")) or UNDEPOSITED_FUNDS
        account = self._ref("Account", deposit_to, "DepositToAccountRef")
        obj["DepositToAccountRef"] = {"value": account["Id"], "name": account["Name"]}
        previous: dict[tuple[str, str], Decimal] = {}
        if old is not None:
            for line in old.get("Line", []):
                for link in line.get("LinkedTxn", []):
                    key = (str(link.get("TxnType")), str(link.get("TxnId")))
                    previous[key] = previous.get(key, Decimal(0)) + line["Amount"]
        applied = Decimal(0)
        credits = Decimal(0)
        lines: list[Obj] = []
        seen: dict[tuple[str, str], Decimal] = {}
        for line in obj.get("Line", []):
            links = [dict(link) for link in line.get("LinkedTxn", [])]
            amount = _q(_money(line.get("Amount", 0), "Amount"))
            if amount <= 0 and links:
                continue
            if len(links) != 1:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    "Each payment line links exactly one transaction (Line.LinkedTxn)",
                    element="LinkedTxn",
                )
            link = links[0]
            txn_type = str(link.get("TxnType", ""))
            txn_id = str(link.get("TxnId", ""))
            if txn_type not in ("Invoice", "CreditMemo"):
                raise QboFault(
                    "2010",
                    "Request has invalid or unsupported property",
                    f"LinkedTxn.TxnType {txn_type!r} is not supported by the sandbox",
                    element="TxnType",
                )
            target = self._get(txn_type, txn_id)
            if _ref_id(target.get("CustomerRef")) != customer["Id"]:
                raise QboFault(
                    "6000",
                    "A business validation error has occurred while processing your request",
                    f"Business Validation Error: {txn_type} {txn_id} belongs to another customer",
                )
            key = (txn_type, txn_id)
            open_amount = target.get("Balance", Decimal(0)) + previous.get(key, Decimal(0)) - seen.get(key, Decimal(0))
            if amount > open_amount:
                raise QboFault(
                    "6000",
                    "A business validation error has occurred while processing your request",
                    f"Business Validation Error: the payment applies {amount} to {txn_type} {txn_id} "
                    f"(DocNumber {target.get('DocNumber')}) whose open balance is {open_amount}",
                )
            seen[key] = seen.get(key, Decimal(0)) + amount
            if txn_type == "Invoice":
                applied += amount
            else:
                credits += amount
            line_out: Obj = {"Amount": amount, "LinkedTxn": [{"TxnId": txn_id, "TxnType": txn_type}]}
            if txn_type == "Invoice":
                line_out["LineEx"] = {
                    "any": [
                        _name_value("txnId", txn_id),
                        _name_value("txnOpenBalance", format(_q(open_amount), "f")),
                        _name_value("txnReferenceNumber", str(target.get("DocNumber", ""))),
                    ]
                }
            lines.append(line_out)
        unapplied = total - applied + credits
        if unapplied < 0:
            raise QboFault(
                "6000",
                "A business validation error has occurred while processing your request",
                f"Business Validation Error: the payment applies {applied - credits} but its TotalAmt is {total}",
            )
        obj["Line"] = lines
        obj["UnappliedAmt"] = _q(unapplied)
        obj.setdefault("ProcessPayment", False)

    def _prepare_deposit(self, obj: Obj, old: Obj | None) -> None:
        account = self._ref("Account", obj.get("DepositToAccountRef"), "DepositToAccountRef")
        if account.get("AccountType") not in ("Bank", "Other Current Asset") or account["Id"] == UNDEPOSITED_FUNDS:
            raise QboFault(
                "6000",
                "A business validation error has occurred while processing your request",
                "Business Validation Error: Select a bank account for this deposit",
            )
        obj["DepositToAccountRef"] = {"value": account["Id"], "name": account["Name"]}
        obj.setdefault("TxnDate", self.today().isoformat())
        obj.setdefault("CurrencyRef", {"value": "USD", "name": "United States Dollar"})
        own = {pid for pid, dep in self._deposited.items() if old is not None and dep == old["Id"]}
        total = Decimal(0)
        lines: list[Obj] = []
        for number, line in enumerate(obj.get("Line", []), start=1):
            line = dict(line)
            links = line.get("LinkedTxn") or []
            if links:
                link = links[0]
                if link.get("TxnType") != "Payment":
                    raise QboFault(
                        "2010",
                        "Request has invalid or unsupported property",
                        "the sandbox deposits only Payments from Undeposited Funds",
                        element="TxnType",
                    )
                payment = self._get("Payment", link.get("TxnId"))
                if _ref_id(payment.get("DepositToAccountRef")) != UNDEPOSITED_FUNDS:
                    raise QboFault(
                        "6000",
                        "A business validation error has occurred while processing your request",
                        f"Business Validation Error: Payment {payment['Id']} is not in Undeposited Funds",
                    )
                if payment["Id"] in self._deposited and payment["Id"] not in own:
                    raise QboFault(
                        "6000",
                        "A business validation error has occurred while processing your request",
                        f"Business Validation Error: Payment {payment['Id']} is already deposited",
                    )
                line.pop("DetailType", None)
                line["LinkedTxn"] = [{"TxnId": payment["Id"], "TxnType": "Payment", "TxnLineId": "0"}]
                line.setdefault("Amount", payment["TotalAmt"])
            elif line.get("DetailType") == "DepositLineDetail":
                detail = dict(line.get("DepositLineDetail") or {})
                ref = self._ref("Account", detail.get("AccountRef"), "DepositLineDetail.AccountRef")
                detail["AccountRef"] = {"value": ref["Id"], "name": ref["Name"]}
                line["DepositLineDetail"] = detail
            else:
                raise QboFault(
                    "2020",
                    "Required param missing, need to supply the required value for the API",
                    "a deposit line links a Payment or has a DepositLineDetail",
                    element="Line",
                )
            amount = _q(_money(line.get("Amount", 0), "Amount"))
            line["Amount"] = amount
            line["Id"] = str(number)
            line["LineNum"] = number
            total += amount
            lines.append(line)
        if not lines:
            raise QboFault(
                "2020",
                "Required param missing, need to supply the required value for the API",
                "Required parameter Line is missing in the request",
                element="Line",
            )
        obj["Line"] = lines
        obj["TotalAmt"] = _q(total)

    # --- side effects ----------------------------------------------------------------------------

    def _links_of(self, entity: str, obj: Obj) -> Iterable[tuple[str, str, Decimal]]:
        if entity == "Payment":
            for line in obj.get("Line", []):
                for link in line.get("LinkedTxn", []):
                    yield str(link["TxnType"]), str(link["TxnId"]), line["Amount"]

    def _after_save(self, entity: str, obj: Obj, old: Obj | None) -> None:
        customer_id = _ref_id(obj.get("CustomerRef"))
        if customer_id is not None:
            if old is not None:
                old_customer = _ref_id(old.get("CustomerRef"))
                if old_customer and old_customer != customer_id:
                    self._by_customer.get(old_customer, set()).discard((entity, obj["Id"]))
            self._by_customer.setdefault(customer_id, set()).add((entity, obj["Id"]))
        if entity == "Payment":
            touched: set[tuple[str, str]] = set()
            if old is not None:
                for txn_type, txn_id, _ in self._links_of("Payment", old):
                    self._applied.get((txn_type, txn_id), {}).pop(obj["Id"], None)
                    touched.add((txn_type, txn_id))
            for txn_type, txn_id, amount in self._links_of("Payment", obj):
                bucket = self._applied.setdefault((txn_type, txn_id), {})
                bucket[obj["Id"]] = bucket.get(obj["Id"], Decimal(0)) + amount
                touched.add((txn_type, txn_id))
            for txn_type, txn_id in sorted(touched):
                self._refresh_target(txn_type, txn_id, bump=True)
        elif entity == "Deposit":
            for pid in [p for p, dep in self._deposited.items() if dep == obj["Id"]]:
                del self._deposited[pid]
            for line in obj["Line"]:
                for link in line.get("LinkedTxn", []):
                    self._deposited[str(link["TxnId"])] = obj["Id"]

    def _refresh_target(self, entity: str, obj_id: str, *, bump: bool) -> None:
        obj = self.objects[entity].get(obj_id)
        if obj is None:
            return
        applied = self._applied.get((entity, obj_id), {})
        voided = obj.get("status") == "Voided"
        open_amount = Decimal("0.00") if voided else _q(obj["TotalAmt"] - sum(applied.values(), Decimal(0)))
        if entity == "Invoice":
            obj["Balance"] = open_amount
            obj["LinkedTxn"] = [{"TxnId": pid, "TxnType": "Payment"} for pid in applied]
        else:
            obj["RemainingCredit"] = open_amount
            obj["Balance"] = open_amount
        if bump:
            self._touch(entity, obj_id)

    def _detach(self, entity: str, obj: Obj) -> None:
        """Release what ``obj`` applies or what is applied to it (void and delete)."""
        if entity == "Payment":
            for txn_type, txn_id, _ in list(self._links_of("Payment", obj)):
                self._applied.get((txn_type, txn_id), {}).pop(obj["Id"], None)
                self._refresh_target(txn_type, txn_id, bump=True)
        elif entity in ("Invoice", "CreditMemo"):
            for pid in list(self._applied.get((entity, obj["Id"]), {})):
                payment = self.objects["Payment"].get(pid)
                if payment is None:
                    continue
                payment["Line"] = [
                    line
                    for line in payment.get("Line", [])
                    if not any(
                        link.get("TxnId") == obj["Id"] and link.get("TxnType") == entity
                        for link in line.get("LinkedTxn", [])
                    )
                ]
                applied = sum((a for t, _, a in self._links_of("Payment", payment) if t == "Invoice"), Decimal(0))
                credits = sum((a for t, _, a in self._links_of("Payment", payment) if t == "CreditMemo"), Decimal(0))
                payment["UnappliedAmt"] = _q(payment["TotalAmt"] - applied + credits)
                self._touch("Payment", pid)
            self._applied.pop((entity, obj["Id"]), None)
        elif entity == "Deposit":
            for pid in [p for p, dep in self._deposited.items() if dep == obj["Id"]]:
                del self._deposited[pid]

    # --- reads -----------------------------------------------------------------------------------

    def get(self, entity: str, obj_id: str) -> Obj:
        """``GET /{entity}/{id}``."""
        with self.lock:
            if not obj_id.isdigit():
                raise QboFault(
                    "2030", "Invalid ID", f"Id should be a valid number. Supplied value:{obj_id}", element="Id"
                )
            return self.render(entity, self._get(entity, obj_id))

    def field(self, entity: str, obj: Obj, path: str) -> Any:
        """A field's value for WHERE and ORDERBY (``MetaData.*`` compare as instants)."""
        lowered = path.lower()
        if lowered == "metadata.lastupdatedtime":
            return self.updated.get((entity, obj["Id"]))
        if lowered == "metadata.createtime":
            return self.created.get((entity, obj["Id"]))
        value: Any = obj
        for part in path.split("."):
            if not isinstance(value, dict):
                return None
            if part in value:
                value = value[part]
                continue
            folded = part.lower()
            value = next((v for k, v in value.items() if k.lower() == folded), None)
        return value

    def query(self, sql: str) -> dict[str, Any]:
        """Run a query; returns the ``QueryResponse`` object."""
        with self.lock:
            parsed = parse_query(sql, canonical_entity)
            rows = self._select(parsed)
            if parsed.count:
                return {"totalCount": len(rows)}
            page = rows[parsed.start - 1 : parsed.start - 1 + parsed.max_results]
            if not page:
                return {}
            return {
                parsed.entity: [self.render(parsed.entity, obj) for obj in page],
                "startPosition": parsed.start,
                "maxResults": len(page),
            }

    def _select(self, parsed: Query) -> list[Obj]:
        entity = parsed.entity
        rows: list[Obj] = []
        active_default = entity in NAME_LISTS and not parsed.mentions("Active")
        for obj in self.objects[entity].values():
            if active_default and obj.get("Active") is False:
                continue
            if all(matches(c, self._condition_value(entity, obj, c.path)) for c in parsed.conditions):
                rows.append(obj)
        order = parsed.order or (("Id", False),)
        for path, descending in reversed(order):

            def key(obj: Obj, path: str = path) -> tuple[int, Any]:
                return sort_key(self.field(entity, obj, path))

            rows.sort(key=key, reverse=descending)
        return rows

    def _condition_value(self, entity: str, obj: Obj, path: str) -> Any:
        if entity == "Customer" and path.lower() == "balance":
            return self.render(entity, obj).get("Balance")
        return self.field(entity, obj, path)

    def cdc(self, entity_names: str, changed_since: str) -> list[dict[str, Any]]:
        """The ``QueryResponse`` list of a CDC answer: changed objects, then tombstones, capped at 1000."""
        with self.lock:
            since = _parse_instant(changed_since)
            now = self.now()
            if since < now - CDC_LOOKBACK:
                raise QboFault(
                    "4001", "Invalid query", "QueryValidationError: changedSince must be within the last 30 days"
                )
            wanted: list[str] = []
            for raw in entity_names.split(","):
                entity = canonical_entity(raw.strip())
                if entity is None:
                    raise QboFault("4001", "Invalid query", f"QueryValidationError: invalid entity {raw.strip()}")
                wanted.append(entity)
            budget = CDC_CAP
            groups: list[dict[str, Any]] = []
            for entity in wanted:
                stamps = {i: self.updated[(entity, i)] for i in self.objects[entity]}
                changed = sorted(
                    (o for o in self.objects[entity].values() if stamps[o["Id"]] >= since),
                    key=lambda o: stamps[o["Id"]],
                )
                items: list[Obj] = [self.render(entity, o) for o in changed[:budget]]
                budget -= len(items)
                for tomb_entity, tomb_id, when in self.tombstones:
                    if tomb_entity == entity and when >= since and budget > 0:
                        items.append(
                            {
                                "domain": "QBO",
                                "status": "Deleted",
                                "Id": tomb_id,
                                "MetaData": {"LastUpdatedTime": metadata_time(when)},
                            }
                        )
                        budget -= 1
                if items:
                    groups.append(
                        {entity: items, "startPosition": 1, "maxResults": len(items), "totalCount": len(items)}
                    )
            return groups or [{}]

    # --- batch -----------------------------------------------------------------------------------

    def batch(self, items: list[Any]) -> list[dict[str, Any]]:
        """Run up to 30 batch items independently; each failure becomes that item's Fault."""
        if len(items) > BATCH_MAX:
            raise QboFault(
                "4001", "Invalid batch request", f"Batch size {len(items)} exceeds the maximum of {BATCH_MAX} items"
            )
        responses: list[dict[str, Any]] = []
        for item in items:
            if not isinstance(item, dict):
                raise QboFault("2010", "Request has invalid or unsupported property", "batch item is not an object")
            bid = str(item.get("bId", ""))
            try:
                if "Query" in item:
                    responses.append({"QueryResponse": self.query(str(item["Query"])), "bId": bid})
                    continue
                operation = str(item.get("operation", "create")).lower()
                keys = [k for k in item if canonical_entity(k) is not None]
                if len(keys) != 1:
                    raise QboFault(
                        "2010", "Request has invalid or unsupported property", "a batch item carries exactly one entity"
                    )
                entity = canonical_entity(keys[0]) or ""
                body = item[keys[0]]
                if operation == "create":
                    result = self.create(entity, body)
                elif operation == "update":
                    result = self.update(entity, body)
                elif operation == "delete":
                    result = self.delete(entity, body)
                else:
                    raise QboFault(
                        "2010",
                        "Request has invalid or unsupported property",
                        f"unsupported batch operation {operation!r}",
                    )
                responses.append({entity: result, "bId": bid})
            except QboFault as fault:
                responses.append({"Fault": fault.fault(), "bId": bid})
        return responses


def _name_value(name: str, value: str) -> Obj:
    return {
        "name": "{http://schema.intuit.com/finance/v3}NameValue",
        "declaredType": "com.intuit.schema.finance.v3.NameValue",
        "scope": "javax.xml.bind.JAXBElement$GlobalScope",
        "value": {"Name": name, "Value": value},
        "nil": False,
        "globalScope": True,
        "typeSubstituted": False,
    }


def _classification(account_type: str) -> str:
    if account_type in ("Income", "Other Income"):
        return "Revenue"
    if account_type in ("Expense", "Other Expense", "Cost of Goods Sold"):
        return "Expense"
    if account_type in ("Accounts Payable", "Credit Card", "Other Current Liability", "Long Term Liability"):
        return "Liability"
    if account_type == "Equity":
        return "Equity"
    return "Asset"


def _parse_instant(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = dt.datetime.combine(dt.date.fromisoformat(text.strip()), dt.time())
        except ValueError:
            raise QboFault("4001", "Invalid query", f"QueryValidationError: invalid changedSince {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COMPANY_TZ)
    return moment
