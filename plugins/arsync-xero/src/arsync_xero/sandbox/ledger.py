"""The sandbox's books: one Xero organisation's records and the business rules Xero applies to them.

Records are kept as dicts keyed by Xero's own field names, with ``Decimal`` money, ``date`` dates and
aware ``datetime`` timestamps; :meth:`XeroLedger.render` turns one into Xero's JSON shape
(``/Date(ms+0000)/``, money to 2 dp, absent fields omitted rather than null). Totals, AmountDue,
AmountPaid and AmountCredited are derived here in Decimal, never taken from the client.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from arsync_xero.wire import ms_date, ms_datetime, parse_date

__all__ = ["ZERO_GUID", "Rejected", "XeroLedger"]

ZERO_GUID = "00000000-0000-0000-0000-000000000000"
CENT = Decimal("0.01")
_NAMESPACE = uuid.UUID("6f0b7c1e-5a38-4c56-9d0e-2f3a1b4c5d6e")
TAX_RATES = {"NONE": Decimal(0), "OUTPUT": Decimal("0.10"), "TAX001": Decimal("0.10"), "EXEMPTOUTPUT": Decimal(0)}

# Fields whose Decimal value is money (2 dp); the rest (Quantity, UnitAmount, CurrencyRate) keep up to 4 dp.
_MONEY = frozenset(
    "Amount BankAmount TotalAmount SubTotal TotalTax Total AmountDue AmountPaid AmountCredited RemainingCredit "
    "AppliedAmount TaxAmount LineAmount Outstanding Overdue".split()
)
# Internal reference fields: key -> (collection, id field) expanded by render() into a small nested object.
_REFS = {
    "Contact": ("contacts", "ContactID"),
    "Invoice": ("invoices", "InvoiceID"),
    "Account": ("accounts", "AccountID"),
    "BankAccount": ("accounts", "AccountID"),
    "CreditNote": ("credit_notes", "CreditNoteID"),
    "Overpayment": ("overpayments", "OverpaymentID"),
    "Prepayment": ("prepayments", "PrepaymentID"),
}
_REF_FIELDS = {
    "contacts": ("ContactID", "Name", "ContactStatus", "EmailAddress"),
    "invoices": ("InvoiceID", "InvoiceNumber", "Type", "Status", "CurrencyCode", "Total", "AmountDue", "AmountPaid"),
    "accounts": ("AccountID", "Code", "Name"),
    "credit_notes": ("CreditNoteID", "CreditNoteNumber", "Type", "Total", "RemainingCredit"),
    "overpayments": ("OverpaymentID", "Type", "Total", "RemainingCredit"),
    "prepayments": ("PrepaymentID", "Type", "Total", "RemainingCredit"),
}
ID_FIELDS = {
    "contacts": "ContactID",
    "invoices": "InvoiceID",
    "payments": "PaymentID",
    "batch_payments": "BatchPaymentID",
    "credit_notes": "CreditNoteID",
    "overpayments": "OverpaymentID",
    "prepayments": "PrepaymentID",
    "bank_transactions": "BankTransactionID",
    "accounts": "AccountID",
}


class Rejected(Exception):
    """One element failed Xero's validation; ``messages`` are its ValidationErrors."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def _money(value: Any, what: str = "Amount") -> Decimal:
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise Rejected(f"{what} must be a number") from None
    if not amount.is_finite():
        raise Rejected(f"{what} must be a number")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _guid(value: Any) -> str | None:
    if value in (None, "", ZERO_GUID):
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Rejected(f"{value!r} is not a valid identifier") from None


class XeroLedger:
    """The records of one organisation, guarded by one lock (the sandbox serves several threads)."""

    def __init__(self, tenant_id: str, name: str = "Demo Company (US)", currency: str = "USD") -> None:
        self.tenant_id = tenant_id
        self.name = name
        self.currency = currency
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, dict[str, Any]]] = {key: {} for key in ID_FIELDS}
        self._last_stamp = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        self._numbers = itertools.count(1)
        self._cn_numbers = itertools.count(1)
        self.created_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
        self.emails_sent: list[tuple[str, str]] = []
        self.payments_by_invoice: dict[str, list[str]] = {}
        # Foreign currencies enabled for the organisation, with the day rate Xero would take from XE.com
        # when a document gives none: units of the currency per one unit of the base currency (Xero's
        # CurrencyRate direction). The sandbox has one rate per currency, whatever the day.
        self.day_rates: dict[str, Decimal] = {}
        self._seed_accounts()

    def enable_currency(self, code: str, day_rate: Decimal) -> None:
        """Add a foreign currency (Settings > Currencies) with its day rate (units per base unit)."""
        if code == self.currency or day_rate <= 0:
            raise ValueError(f"cannot enable {code} at {day_rate}")
        self.day_rates[code] = day_rate

    def currency_rate(self, currency: str, given: Any) -> Decimal:
        """The CurrencyRate a document or payment in ``currency`` gets: 1 in the base currency; else the
        rate sent, or the day rate when none was sent."""
        if currency == self.currency:
            return Decimal(1)
        if given in (None, "", 0):
            return self.day_rates[currency]
        try:
            rate = Decimal(str(given))
        except InvalidOperation:
            raise Rejected("CurrencyRate must be a number") from None
        if not rate.is_finite() or rate <= 0:
            raise Rejected("The currency rate must be greater than zero")
        return rate.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)

    # --- identities and time ------------------------------------------------------------------

    def new_id(self) -> str:
        """A fresh GUID."""
        return str(uuid.uuid4())

    @staticmethod
    def stable_id(name: str) -> str:
        """A deterministic GUID for seeded records, so the demo has the same ids every run."""
        return str(uuid.uuid5(_NAMESPACE, name))

    def stamp(self) -> dt.datetime:
        """A strictly increasing UpdatedDateUTC, at millisecond precision as Xero keeps it."""
        now = self.clock()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        if now <= self._last_stamp:
            now = self._last_stamp + dt.timedelta(milliseconds=1)
        self._last_stamp = now
        return now

    # --- lookup -----------------------------------------------------------------------------------

    def get(self, table: str, record_id: str | None) -> dict[str, Any] | None:
        """The record ``record_id`` of ``table``, or ``None``."""
        if record_id is None:
            return None
        return self.tables[table].get(record_id.lower())

    def lookup(self, record: dict[str, Any], path: str) -> Any:
        """The value at a dotted ``path`` of ``record``, following references (``Contact.Name``)."""
        value: Any = record
        for part in path.split("."):
            if isinstance(value, dict) and part in _REFS and isinstance(value.get(part), dict):
                table, id_field = _REFS[part]
                target = self.get(table, value[part].get(id_field))
                value = target if target is not None else value[part]
                continue
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def find_account(self, ref: dict[str, Any] | None) -> dict[str, Any] | None:
        """An account referenced by ``AccountID`` or ``Code``."""
        if not ref:
            return None
        account_id = _guid(ref.get("AccountID"))
        if account_id:
            return self.get("accounts", account_id)
        code = ref.get("Code")
        return next((a for a in self.tables["accounts"].values() if code and a.get("Code") == code), None)

    def find_invoice(self, ref: dict[str, Any] | None, number: Any = None) -> dict[str, Any] | None:
        """An invoice referenced by ``InvoiceID`` or ``InvoiceNumber``."""
        ref = ref or {}
        invoice_id = _guid(ref.get("InvoiceID"))
        if invoice_id:
            return self.get("invoices", invoice_id)
        number = ref.get("InvoiceNumber") or number
        return next((i for i in self.tables["invoices"].values() if number and i.get("InvoiceNumber") == number), None)

    def find_contact(self, ref: dict[str, Any] | None) -> dict[str, Any] | None:
        """A contact referenced by ``ContactID`` or ``Name``."""
        if not ref:
            return None
        contact_id = _guid(ref.get("ContactID"))
        if contact_id:
            return self.get("contacts", contact_id)
        name = ref.get("Name")
        return next((c for c in self.tables["contacts"].values() if name and c["Name"] == name), None)

    def _payments_of(self, invoice_id: str) -> list[dict[str, Any]]:
        return [self.tables["payments"][pid] for pid in self.payments_by_invoice.get(invoice_id, ())]

    # --- rendering --------------------------------------------------------------------------------

    def _ref(self, key: str, value: dict[str, Any]) -> dict[str, Any]:
        table, id_field = _REFS[key]
        target = self.get(table, value.get(id_field))
        shown: dict[str, Any] = self._plain(
            value if target is None else {f: target[f] for f in _REF_FIELDS[table] if target.get(f) is not None}
        )
        return shown

    def _plain(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for k, v in value.items():
                if v is None or k.startswith("_"):
                    continue
                if k in _REFS and isinstance(v, dict):
                    out[k] = self._ref(k, v)
                else:
                    out[k] = self._plain(v, k)
            return out
        if isinstance(value, list):
            return [self._plain(v, key) for v in value]
        if isinstance(value, dt.datetime):
            return ms_datetime(value)
        if isinstance(value, dt.date):
            return ms_date(value)
        if isinstance(value, Decimal):
            return value.quantize(CENT, rounding=ROUND_HALF_UP) if key in _MONEY else value.normalize()
        return value

    def render(self, table: str, record: dict[str, Any]) -> dict[str, Any]:
        """One record in Xero's JSON shape (still with Decimals; :func:`arsync_xero.wire.dumps` writes them)."""
        out: dict[str, Any] = self._plain(record)
        if "UpdatedDateUTC" in record:
            out["UpdatedDateUTCString"] = record["UpdatedDateUTC"].strftime("%Y-%m-%d %H:%M:%S+00:00")
        if table == "invoices":
            out["Payments"] = [
                self._plain(
                    {
                        "PaymentID": p["PaymentID"],
                        "Date": p["Date"],
                        "Amount": p["Amount"],
                        "CurrencyRate": p["CurrencyRate"],
                        "HasAccount": True,
                        "HasValidationErrors": False,
                    }
                )
                for p in self._payments_of(record["InvoiceID"])
                if p["Status"] == "AUTHORISED"
            ]
            out["CreditNotes"] = [
                self._plain(
                    {
                        "CreditNoteID": cn["CreditNoteID"],
                        "CreditNoteNumber": cn["CreditNoteNumber"],
                        "AppliedAmount": alloc["Amount"],
                        "Date": alloc["Date"],
                        "Total": cn["Total"],
                    }
                )
                for cn in self.tables["credit_notes"].values()
                for alloc in cn["Allocations"]
                if alloc["Invoice"]["InvoiceID"] == record["InvoiceID"]
            ]
            for kind, table_name in (("Overpayments", "overpayments"), ("Prepayments", "prepayments")):
                out[kind] = [
                    self._plain({ID_FIELDS[table_name]: src[ID_FIELDS[table_name]], "AppliedAmount": alloc["Amount"]})
                    for src in self.tables[table_name].values()
                    for alloc in src["Allocations"]
                    if alloc["Invoice"]["InvoiceID"] == record["InvoiceID"]
                ]
        if table == "batch_payments":
            out["Payments"] = [
                self._plain(
                    {
                        "PaymentID": p["PaymentID"],
                        "Amount": p["Amount"],
                        "BankAmount": p["Amount"],
                        "Invoice": {"InvoiceID": p["Invoice"]["InvoiceID"]},
                    }
                )
                for pid in record["Payments"]
                if (p := self.get("payments", pid)) is not None
            ]
        if table == "contacts":
            out["IsCustomer"] = any(
                i["Type"] == "ACCREC" and i["Contact"]["ContactID"] == record["ContactID"]
                for i in self.tables["invoices"].values()
            )
            out["IsSupplier"] = bool(record.get("_supplier")) or any(
                i["Type"] == "ACCPAY" and i["Contact"]["ContactID"] == record["ContactID"]
                for i in self.tables["invoices"].values()
            )
        return out

    # --- seeds ------------------------------------------------------------------------------------

    def _seed_accounts(self) -> None:
        for code, name, kind, extra in (
            ("090", "Checking Account", "BANK", {"BankAccountNumber": "121000248", "BankAccountType": "BANK"}),
            ("091", "Savings Account", "BANK", {"BankAccountNumber": "121000249", "BankAccountType": "BANK"}),
            ("120", "Accounts Receivable", "CURRENT", {"SystemAccount": "DEBTORS"}),
            ("200", "Sales", "REVENUE", {}),
            ("260", "Other Revenue", "REVENUE", {}),
            ("404", "Bank Fees", "EXPENSE", {}),
            ("800", "Accounts Payable", "CURRLIAB", {"SystemAccount": "CREDITORS"}),
            ("970", "Owner A Funds Introduced", "EQUITY", {"EnablePaymentsToAccount": True}),
        ):
            account_id = self.stable_id(f"account:{code}")
            self.tables["accounts"][account_id] = {
                "AccountID": account_id,
                "Code": code,
                "Name": name,
                "Type": kind,
                "Status": "ACTIVE",
                "TaxType": "NONE",
                "EnablePaymentsToAccount": False,
                "CurrencyCode": self.currency if kind == "BANK" else None,
                "HasAttachments": False,
                "UpdatedDateUTC": self.created_at,
                **extra,
            }

    def seed_demo(self) -> None:
        """Load :func:`arsync.demo.company.demo_company`: the same business the QuickBooks sandbox seeds."""
        from arsync.demo.company import demo_company

        company = demo_company()
        bank = self.find_account({"Code": "090"})
        assert bank is not None

        def noon(day: dt.date, minute: int = 0) -> dt.datetime:
            return dt.datetime(day.year, day.month, day.day, 12, minute % 60, tzinfo=dt.UTC)

        contact_ids: dict[str, str] = {}
        for party in company.parties:
            contact_id = self.stable_id(f"contact:{party.id}")
            contact_ids[party.id] = contact_id
            self.tables["contacts"][contact_id] = {
                "ContactID": contact_id,
                "ContactNumber": party.id,
                "Name": party.name,
                "EmailAddress": party.emails[0] if party.emails else None,
                "BankAccountDetails": party.bank_accounts[0] if party.bank_accounts else None,
                "ContactStatus": "ACTIVE",
                "DefaultCurrency": party.currency,
                "Addresses": [],
                "Phones": [],
                "ContactGroups": [],
                "ContactPersons": [],
                "HasAttachments": False,
                "HasValidationErrors": False,
                "UpdatedDateUTC": noon(company.today - dt.timedelta(days=200)),
            }
        invoice_ids: dict[str, str] = {}
        for n, inv in enumerate(company.invoices):
            invoice_id = self.stable_id(f"invoice:{inv.id}")
            invoice_ids[inv.id] = invoice_id
            lines = [
                {
                    "Description": line.description,
                    "Quantity": line.quantity,
                    "UnitAmount": line.unit_price.amount if line.unit_price else line.amount.amount,
                    "ItemCode": line.item_code,
                    "AccountCode": "200",
                    "TaxType": "NONE",
                }
                for line in inv.lines
            ]
            record = self._new_document(
                "ACCREC", contact_ids[inv.customer_id], inv.issue_date, inv.due_date, lines, "NoTax", inv.currency
            )
            record.update(
                InvoiceID=invoice_id,
                InvoiceNumber=inv.number,
                Status="AUTHORISED",
                UpdatedDateUTC=noon(inv.issue_date, n),
            )
            self._derive_invoice(record)
            self.tables["invoices"][invoice_id] = record
        for k, pay in enumerate(company.payments):
            for alloc in pay.allocations:
                payment_id = self.stable_id(f"payment:{pay.id}:{alloc.invoice_id}")
                self.payments_by_invoice.setdefault(invoice_ids[alloc.invoice_id], []).append(payment_id)
                self.tables["payments"][payment_id] = {
                    "PaymentID": payment_id,
                    "Date": pay.date,
                    "Amount": alloc.amount.amount,
                    "BankAmount": alloc.amount.amount,
                    "CurrencyRate": Decimal(1),
                    "Reference": pay.reference,
                    "Invoice": {"InvoiceID": invoice_ids[alloc.invoice_id]},
                    "Account": {"AccountID": bank["AccountID"]},
                    "Status": "AUTHORISED",
                    "PaymentType": "ACCRECPAYMENT",
                    "IsReconciled": True,
                    "HasAccount": True,
                    "HasValidationErrors": False,
                    "UpdatedDateUTC": noon(pay.date, k),
                }
        for k, note in enumerate(company.credit_notes):
            note_id = self.stable_id(f"creditnote:{note.id}")
            lines = [
                {
                    "Description": "Credit",
                    "Quantity": Decimal(1),
                    "UnitAmount": note.total.amount,
                    "AccountCode": "200",
                    "TaxType": "NONE",
                }
            ]
            record = self._new_document(
                "ACCRECCREDIT", contact_ids[note.customer_id], note.date, None, lines, "NoTax", note.currency
            )
            record.update(
                CreditNoteID=note_id,
                CreditNoteNumber=note.number,
                Status="AUTHORISED",
                Allocations=[
                    {
                        "AllocationID": self.stable_id(f"allocation:{note.id}:{a.invoice_id}"),
                        "Invoice": {"InvoiceID": invoice_ids[a.invoice_id]},
                        "Amount": a.amount.amount,
                        "Date": note.date,
                    }
                    for a in note.allocations
                ],
                UpdatedDateUTC=noon(note.date, k),
            )
            self.tables["credit_notes"][note_id] = record
        for record in self.tables["credit_notes"].values():
            self._derive_credit(record)
        for record in self.tables["invoices"].values():
            self._derive_invoice(record)
        # A supplier and two bills: ACCPAY documents the AR connector must leave alone.
        supplier_id = self.stable_id("contact:supplier-1")
        self.tables["contacts"][supplier_id] = {
            "ContactID": supplier_id,
            "Name": "Office Supplies Wholesale Inc.",
            "ContactStatus": "ACTIVE",
            "_supplier": True,
            "Addresses": [],
            "Phones": [],
            "ContactGroups": [],
            "ContactPersons": [],
            "HasAttachments": False,
            "HasValidationErrors": False,
            "UpdatedDateUTC": noon(company.today - dt.timedelta(days=200)),
        }
        for k in range(2):
            bill_id = self.stable_id(f"bill:{k}")
            day = company.today - dt.timedelta(days=20 + 10 * k)
            lines = [
                {
                    "Description": "Paper",
                    "Quantity": Decimal(1),
                    "UnitAmount": Decimal("245.00"),
                    "AccountCode": "404",
                    "TaxType": "NONE",
                }
            ]
            record = self._new_document(
                "ACCPAY", supplier_id, day, day + dt.timedelta(days=30), lines, "NoTax", self.currency
            )
            record.update(
                InvoiceID=bill_id, InvoiceNumber=f"BILL-{k + 1}", Status="AUTHORISED", UpdatedDateUTC=noon(day, k)
            )
            self._derive_invoice(record)
            self.tables["invoices"][bill_id] = record
        self._numbers = itertools.count(1001 + len(company.invoices))
        self._cn_numbers = itertools.count(501 + len(company.credit_notes))

    # --- documents and their arithmetic ---------------------------------------------------------

    def _new_document(  # noqa: PLR0917 - mirrors the wire request
        self,
        kind: str,
        contact_id: str,
        day: dt.date,
        due: dt.date | None,
        lines: list[dict[str, Any]],
        amount_types: str,
        currency: str,
    ) -> dict[str, Any]:
        record: dict[str, Any] = {
            "Type": kind,
            "Contact": {"ContactID": contact_id},
            "Date": day,
            "DueDate": due,
            "LineAmountTypes": amount_types,
            "LineItems": [],
            "CurrencyCode": currency,
            "CurrencyRate": Decimal(1),
            "HasAttachments": False,
        }
        for raw in lines:
            record["LineItems"].append(self._line(raw, amount_types))
        self._totals(record)
        return record

    def _line(self, raw: dict[str, Any], amount_types: str) -> dict[str, Any]:
        try:
            quantity = Decimal(str(raw.get("Quantity") if raw.get("Quantity") is not None else 1))
            unit = Decimal(str(raw.get("UnitAmount") if raw.get("UnitAmount") is not None else 0))
        except InvalidOperation:
            raise Rejected("Quantity and UnitAmount must be numbers") from None
        line_amount = (quantity * unit).quantize(CENT, rounding=ROUND_HALF_UP)
        tax_type = str(raw.get("TaxType") or ("NONE" if amount_types == "NoTax" else "OUTPUT"))
        if tax_type not in TAX_RATES:
            raise Rejected(
                f"The TaxType code '{tax_type}' does not exist or cannot be used for this type of transaction."
            )
        rate = Decimal(0) if amount_types == "NoTax" else TAX_RATES[tax_type]
        if amount_types == "Inclusive":
            tax = (line_amount * rate / (1 + rate)).quantize(CENT, rounding=ROUND_HALF_UP)
        else:
            tax = (line_amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        return {
            "LineItemID": str(raw.get("LineItemID") or self.new_id()),
            "Description": raw.get("Description") or None,
            "Quantity": quantity,
            "UnitAmount": unit,
            "ItemCode": raw.get("ItemCode") or None,
            "AccountCode": raw.get("AccountCode") or None,
            "TaxType": tax_type,
            "TaxAmount": tax,
            "LineAmount": line_amount,
            "Tracking": [],
        }

    @staticmethod
    def _totals(record: dict[str, Any]) -> None:
        # Tax is rounded per line, then summed (Xero's "Rounding in Xero").
        lines = record["LineItems"]
        line_sum = sum((line["LineAmount"] for line in lines), Decimal("0.00"))
        tax = sum((line["TaxAmount"] for line in lines), Decimal("0.00"))
        subtotal = line_sum - tax if record["LineAmountTypes"] == "Inclusive" else line_sum
        record["SubTotal"] = subtotal
        record["TotalTax"] = tax
        record["Total"] = subtotal + tax

    def _derive_invoice(self, record: dict[str, Any]) -> None:
        invoice_id = record["InvoiceID"]
        paid = sum(
            (p["Amount"] for p in self._payments_of(invoice_id) if p["Status"] == "AUTHORISED"),
            Decimal("0.00"),
        )
        credited = sum(
            (
                a["Amount"]
                for table in ("credit_notes", "overpayments", "prepayments")
                for src in self.tables[table].values()
                for a in src.get("Allocations", ())
                if a["Invoice"]["InvoiceID"] == invoice_id
            ),
            Decimal("0.00"),
        )
        record["AmountPaid"] = paid
        record["AmountCredited"] = credited
        record["AmountDue"] = record["Total"] - paid - credited
        if record["Status"] in ("AUTHORISED", "PAID"):
            if record["AmountDue"] <= 0 and record["Total"] > 0:
                if record["Status"] != "PAID":
                    record["Status"] = "PAID"
                last = [p["Date"] for p in self._payments_of(invoice_id) if p["Status"] == "AUTHORISED"]
                record["FullyPaidOnDate"] = max(last) if last else record["Date"]
            else:
                record["Status"] = "AUTHORISED"
                record["FullyPaidOnDate"] = None

    @staticmethod
    def _derive_credit(record: dict[str, Any]) -> None:
        applied = sum((a["Amount"] for a in record.get("Allocations", ())), Decimal("0.00"))
        record["RemainingCredit"] = record["Total"] - applied
        record["AppliedAmount"] = applied if applied else None
        if record["Status"] in ("AUTHORISED", "PAID"):
            record["Status"] = "PAID" if record["RemainingCredit"] <= 0 else "AUTHORISED"

    # --- writes -------------------------------------------------------------------------------

    def create_contact(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /Contacts element."""
        name = str(data.get("Name") or "").strip()
        if not name:
            raise Rejected("The contact name must be specified.")
        if any(
            c["Name"].lower() == name.lower() and c["ContactStatus"] == "ACTIVE"
            for c in self.tables["contacts"].values()
        ):
            raise Rejected(
                f"The contact name {name} is already assigned to another contact. "
                "The contact name must be unique across all active contacts."
            )
        contact_id = self.new_id()
        record: dict[str, Any] = {
            "ContactID": contact_id,
            "ContactNumber": data.get("ContactNumber") or None,
            "AccountNumber": data.get("AccountNumber") or None,
            "Name": name,
            "FirstName": data.get("FirstName") or None,
            "LastName": data.get("LastName") or None,
            "EmailAddress": data.get("EmailAddress") or None,
            "BankAccountDetails": data.get("BankAccountDetails") or None,
            "TaxNumber": data.get("TaxNumber") or None,
            "DefaultCurrency": data.get("DefaultCurrency") or None,
            "ContactStatus": "ACTIVE",
            "Addresses": [],
            "Phones": [],
            "ContactGroups": [],
            "ContactPersons": [
                {
                    key: person[key]
                    for key in ("FirstName", "LastName", "EmailAddress", "IncludeInEmails")
                    if person.get(key) not in (None, "")
                }
                for person in data.get("ContactPersons") or ()
                if isinstance(person, dict)
            ],
            "HasAttachments": False,
            "HasValidationErrors": False,
            "UpdatedDateUTC": self.stamp(),
        }
        self.tables["contacts"][contact_id] = record
        return record

    def _document_input(self, data: dict[str, Any], kind_field: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        kind = str(data.get("Type") or "")
        if kind not in allowed:
            raise Rejected(f"{kind_field} Type must be one of {', '.join(allowed)}")
        contact = self.find_contact(data.get("Contact"))
        if contact is None:
            raise Rejected("A Contact must be specified for this type of transaction")
        lines = data.get("LineItems") or []
        if not lines:
            raise Rejected("One or more line items must be specified")
        amount_types = data.get("LineAmountTypes") or "Exclusive"
        if amount_types not in ("Exclusive", "Inclusive", "NoTax"):
            raise Rejected(f"LineAmountTypes {amount_types!r} is not valid")
        try:
            day = parse_date(data.get("Date")) or self.clock().date()
            due = parse_date(data.get("DueDate"))
        except ValueError as exc:
            raise Rejected(str(exc)) from None
        currency = data.get("CurrencyCode") or self.currency
        if currency != self.currency and currency not in self.day_rates:
            raise Rejected(f"The currency {currency} is not enabled for this organisation")
        record = self._new_document(kind, contact["ContactID"], day, due, lines, amount_types, currency)
        record["CurrencyRate"] = self.currency_rate(currency, data.get("CurrencyRate"))
        record["Reference"] = data.get("Reference") or None
        status = data.get("Status") or "DRAFT"
        if status not in ("DRAFT", "SUBMITTED", "AUTHORISED"):
            raise Rejected(f"{kind_field} not of valid status for creation")
        record["Status"] = status
        return record

    def create_invoice(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /Invoices element."""
        record = self._document_input(data, "Invoice", ("ACCREC", "ACCPAY"))
        number = data.get("InvoiceNumber")
        if record["Type"] == "ACCREC":
            if number and any(
                i.get("InvoiceNumber") == number and i["Type"] == "ACCREC" for i in self.tables["invoices"].values()
            ):
                raise Rejected("Invoice # must be unique.")
            number = number or f"INV-{next(self._numbers)}"
        if record["Type"] == "ACCREC" and record["Status"] == "AUTHORISED" and record["DueDate"] is None:
            raise Rejected("Due Date is required.")
        invoice_id = self.new_id()
        record.update(
            InvoiceID=invoice_id,
            InvoiceNumber=number or None,
            SentToContact=False,
            IsDiscounted=False,
            HasErrors=False,
            UpdatedDateUTC=self.stamp(),
        )
        self._derive_invoice(record)
        self.tables["invoices"][invoice_id] = record
        return record

    def create_credit_note(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /CreditNotes element."""
        record = self._document_input(data, "Credit Note", ("ACCRECCREDIT", "ACCPAYCREDIT"))
        note_id = self.new_id()
        record.update(
            CreditNoteID=note_id,
            CreditNoteNumber=data.get("CreditNoteNumber") or f"CN-{next(self._cn_numbers)}",
            Allocations=[],
            HasErrors=False,
            UpdatedDateUTC=self.stamp(),
        )
        self._derive_credit(record)
        self.tables["credit_notes"][note_id] = record
        return record

    def _payment_target(self, data: dict[str, Any]) -> dict[str, Any]:
        invoice = self.find_invoice(data.get("Invoice"), data.get("InvoiceNumber"))
        if invoice is None:
            raise Rejected("Invoice could not be found")
        if invoice["Status"] != "AUTHORISED":
            raise Rejected("Invoice not of valid status for modification")
        return invoice

    def _check_payment(
        self, data: dict[str, Any], account: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any], Decimal, dt.date]:
        invoice = self._payment_target(data)
        account = account or self.find_account(
            data.get("Account") or ({"Code": data["Code"]} if data.get("Code") else None)
        )
        if account is None:
            raise Rejected("Account could not be found")
        if account["Type"] != "BANK" and not account.get("EnablePaymentsToAccount"):
            raise Rejected("Account type is invalid for making a payment to/from")
        if data.get("Amount") is None:
            raise Rejected("Payment amount must be specified")
        amount = _money(data["Amount"])
        if amount <= 0:
            raise Rejected("Payment amount must be greater than zero")
        if amount > invoice["AmountDue"]:
            raise Rejected("Payment amount exceeds the amount outstanding on this document")
        try:
            day = parse_date(data.get("Date"))
        except ValueError as exc:
            raise Rejected(str(exc)) from None
        if day is None:
            raise Rejected("Payment date must be specified")
        return invoice, account, amount, day

    def _post_payment(  # noqa: PLR0917 - mirrors the wire request
        self,
        invoice: dict[str, Any],
        account: dict[str, Any],
        amount: Decimal,
        day: dt.date,
        reference: Any,
        batch_id: str | None = None,
    ) -> dict[str, Any]:
        payment_id = self.new_id()
        stamp = self.stamp()
        record = {
            "PaymentID": payment_id,
            "Date": day,
            "Amount": amount,
            "BankAmount": amount,
            "CurrencyRate": Decimal(1),
            "Reference": reference or None,
            "Invoice": {"InvoiceID": invoice["InvoiceID"]},
            "Account": {"AccountID": account["AccountID"]},
            "Status": "AUTHORISED",
            "PaymentType": "ACCRECPAYMENT" if invoice["Type"] == "ACCREC" else "ACCPAYPAYMENT",
            "IsReconciled": False,
            "HasAccount": True,
            "HasValidationErrors": False,
            "BatchPaymentID": batch_id,
            "UpdatedDateUTC": stamp,
        }
        self.tables["payments"][payment_id] = record
        self.payments_by_invoice.setdefault(invoice["InvoiceID"], []).append(payment_id)
        self._derive_invoice(invoice)
        invoice["UpdatedDateUTC"] = stamp
        return record

    def create_payment(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT/POST /Payments element: one payment against one invoice."""
        invoice, account, amount, day = self._check_payment(data)
        record = self._post_payment(invoice, account, amount, day, data.get("Reference"))
        rate = self.currency_rate(invoice["CurrencyCode"], data.get("CurrencyRate"))
        if rate != 1:
            # Paid into a base-currency bank account: the bank sees the invoice-currency amount at the rate.
            record["CurrencyRate"] = rate
            record["BankAmount"] = (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)
        return record

    def delete_payment(self, payment_id: str) -> dict[str, Any]:
        """POST /Payments/{id} ``{"Status":"DELETED"}``: reverses the payment."""
        payment = self.get("payments", _guid(payment_id))
        if payment is None:
            raise KeyError(payment_id)
        if payment.get("BatchPaymentID"):
            raise Rejected("Payments that are part of a batch payment cannot be deleted individually")
        if payment["Status"] == "DELETED":
            raise Rejected("This payment has already been deleted")
        payment["Status"] = "DELETED"
        payment["UpdatedDateUTC"] = self.stamp()
        invoice = self.get("invoices", payment["Invoice"]["InvoiceID"])
        assert invoice is not None
        self._derive_invoice(invoice)
        invoice["UpdatedDateUTC"] = payment["UpdatedDateUTC"]
        return payment

    def create_batch_payment(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /BatchPayments element: one deposit paying several invoices (all or nothing)."""
        account = self.find_account(data.get("Account"))
        if account is None:
            raise Rejected("Account could not be found")
        try:
            day = parse_date(data.get("Date"))
        except ValueError as exc:
            raise Rejected(str(exc)) from None
        if day is None:
            raise Rejected("Batch payment date must be specified")
        items = data.get("Payments") or []
        if not items:
            raise Rejected("A batch payment must contain at least one payment")
        checked = []
        due: dict[str, Decimal] = {}
        for item in items:
            invoice, _, amount, _ = self._check_payment({**item, "Date": item.get("Date") or day}, account)
            remaining = due.setdefault(invoice["InvoiceID"], invoice["AmountDue"]) - amount
            if remaining < 0:
                raise Rejected("Payment amount exceeds the amount outstanding on this document")
            due[invoice["InvoiceID"]] = remaining
            checked.append((invoice, amount))
        batch_id = self.new_id()
        payments = [self._post_payment(inv, account, amt, day, data.get("Reference"), batch_id) for inv, amt in checked]
        record = {
            "BatchPaymentID": batch_id,
            "Account": {"AccountID": account["AccountID"]},
            "Date": day,
            "Reference": data.get("Reference") or None,
            "Particulars": data.get("Particulars") or None,
            "Type": "RECBATCH",
            "Status": "AUTHORISED",
            "TotalAmount": sum((p["Amount"] for p in payments), Decimal("0.00")),
            "IsReconciled": False,
            "Payments": [p["PaymentID"] for p in payments],
            "UpdatedDateUTC": payments[-1]["UpdatedDateUTC"],
        }
        self.tables["batch_payments"][batch_id] = record
        return record

    def allocate(self, table: str, source_id: str, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /CreditNotes|Overpayments|Prepayments/{id}/Allocations element."""
        source = self.get(table, _guid(source_id))
        if source is None:
            raise KeyError(source_id)
        if source["Status"] != "AUTHORISED":
            raise Rejected("The document is not of a valid status for allocation")
        invoice = self._payment_target(data)
        if invoice["Contact"]["ContactID"] != source["Contact"]["ContactID"]:
            raise Rejected("The invoice and the credit must belong to the same contact")
        amount = _money(data.get("Amount"), "Amount")
        if amount <= 0:
            raise Rejected("Allocation amount must be greater than zero")
        if amount > source["RemainingCredit"]:
            raise Rejected("The amount being allocated exceeds the remaining credit")
        if amount > invoice["AmountDue"]:
            raise Rejected("The amount being allocated exceeds the amount due on the invoice")
        try:
            day = parse_date(data.get("Date")) or self.clock().date()
        except ValueError as exc:
            raise Rejected(str(exc)) from None
        allocation = {
            "AllocationID": self.new_id(),
            "Invoice": {"InvoiceID": invoice["InvoiceID"]},
            "Amount": amount,
            "Date": day,
        }
        source["Allocations"].append(allocation)
        stamp = self.stamp()
        self._derive_credit(source)
        source["UpdatedDateUTC"] = stamp
        self._derive_invoice(invoice)
        invoice["UpdatedDateUTC"] = stamp
        key = {"credit_notes": "CreditNote", "overpayments": "Overpayment", "prepayments": "Prepayment"}[table]
        id_field = ID_FIELDS[table]
        return {**allocation, key: {id_field: source[id_field]}}

    def create_bank_transaction(self, data: dict[str, Any]) -> dict[str, Any]:
        """PUT /BankTransactions element; RECEIVE-OVERPAYMENT/-PREPAYMENT also create the credit."""
        account = self.find_account(data.get("BankAccount"))
        if account is None or account["Type"] != "BANK":
            raise Rejected("A valid BankAccount must be specified")
        kinds = (
            "RECEIVE",
            "SPEND",
            "RECEIVE-OVERPAYMENT",
            "RECEIVE-PREPAYMENT",
            "SPEND-OVERPAYMENT",
            "SPEND-PREPAYMENT",
        )
        record = self._document_input({**data, "Status": "AUTHORISED"}, "Bank transaction", kinds)
        record.pop("DueDate", None)
        transaction_id = self.new_id()
        stamp = self.stamp()
        record.update(
            BankTransactionID=transaction_id,
            BankAccount={"AccountID": account["AccountID"]},
            IsReconciled=bool(data.get("IsReconciled")),
            UpdatedDateUTC=stamp,
        )
        for suffix, table in (("OVERPAYMENT", "overpayments"), ("PREPAYMENT", "prepayments")):
            if record["Type"].endswith(suffix):
                credit_id = self.new_id()
                id_field = ID_FIELDS[table]
                credit = {
                    id_field: credit_id,
                    "Type": record["Type"],
                    "Contact": record["Contact"],
                    "Date": record["Date"],
                    "Status": "AUTHORISED",
                    "LineAmountTypes": record["LineAmountTypes"],
                    "LineItems": record["LineItems"],
                    "SubTotal": record["SubTotal"],
                    "TotalTax": record["TotalTax"],
                    "Total": record["Total"],
                    "CurrencyCode": record["CurrencyCode"],
                    "CurrencyRate": Decimal(1),
                    "Reference": record.get("Reference"),
                    "Allocations": [],
                    "HasAttachments": False,
                    "UpdatedDateUTC": stamp,
                }
                self._derive_credit(credit)
                self.tables[table][credit_id] = credit
                record[id_field] = credit_id
        self.tables["bank_transactions"][transaction_id] = record
        return record

    def email_invoice(self, invoice_id: str) -> None:
        """POST /Invoices/{id}/Email."""
        invoice = self.get("invoices", _guid(invoice_id))
        if invoice is None:
            raise KeyError(invoice_id)
        if invoice["Type"] != "ACCREC" or invoice["Status"] not in ("AUTHORISED", "PAID"):
            raise Rejected("Only sales invoices that are approved can be emailed")
        contact = self.get("contacts", invoice["Contact"]["ContactID"])
        if contact is None or not contact.get("EmailAddress"):
            raise Rejected("The contact does not have an email address")
        invoice["SentToContact"] = True
        invoice["UpdatedDateUTC"] = self.stamp()
        self.emails_sent.append((invoice["InvoiceID"], contact["EmailAddress"]))
