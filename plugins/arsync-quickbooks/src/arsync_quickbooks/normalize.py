"""QBO JSON objects -> :mod:`arsync.models` records (and the plugin's own :class:`Item`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from arsync.models import (
    Account,
    Allocation,
    ArModel,
    CreditNote,
    Deposit,
    DocumentStatus,
    ExternalRef,
    Invoice,
    InvoiceLine,
    Money,
    Party,
    Payment,
)

__all__ = [
    "Item",
    "account",
    "credit_note",
    "deposit",
    "discount_terms",
    "invoice",
    "item",
    "party",
    "payment",
    "updated_at",
]

SYSTEM = "quickbooks"


class Item(ArModel):
    """A QBO product or service (``arsync.models`` has no item model; mirroring needs the names)."""

    id: str
    name: str
    type: str
    income_account: str | None = None
    active: bool = True
    refs: tuple[ExternalRef, ...] = ()
    updated_at: dt.datetime | None = None


def _ref(obj: dict[str, Any], realm: str) -> tuple[ExternalRef, ...]:
    return (ExternalRef(system=SYSTEM, tenant=realm, id=str(obj["Id"]), version=str(obj.get("SyncToken", "0"))),)


def updated_at(obj: dict[str, Any]) -> dt.datetime | None:
    """``MetaData.LastUpdatedTime`` as an aware datetime."""
    meta = obj.get("MetaData")
    text = meta.get("LastUpdatedTime") if isinstance(meta, dict) else None
    if not text:
        return None
    return dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))


def _amount(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # only if a caller parsed without parse_float=Decimal
    return Decimal(str(value))


def _currency(obj: dict[str, Any], home: str) -> str:
    ref = obj.get("CurrencyRef")
    value = ref.get("value") if isinstance(ref, dict) else None
    return str(value).upper() if value else home


def _exchange_rate(obj: dict[str, Any], currency: str, home: str) -> Decimal | None:
    """QBO's ``ExchangeRate`` (home-currency units per unit of the document's currency, on its date) for
    a foreign-currency document; ``None`` for a home-currency one (QBO answers 1) or when it is missing."""
    if currency == home:
        return None
    rate = _amount(obj.get("ExchangeRate"))
    return rate if rate > 0 else None


def _ref_value(obj: dict[str, Any], key: str) -> str | None:
    ref = obj.get(key)
    if isinstance(ref, dict) and ref.get("value") not in (None, ""):
        return str(ref["value"])
    return None


def _ref_name(obj: dict[str, Any], key: str) -> str:
    ref = obj.get(key)
    return str(ref.get("name") or "") if isinstance(ref, dict) else ""


def _date(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10])


def _voided(obj: dict[str, Any]) -> bool:
    return _amount(obj.get("TotalAmt")) == 0 and str(obj.get("PrivateNote", "")).startswith("Voided")


def _addresses(value: object) -> tuple[str, ...]:
    """The addresses of a QuickBooks e-mail field: one, or several separated by commas ("ap@acme.com,
    billing@acme.com", as QuickBooks asks for them), each trimmed, in their order, once."""
    if not value:
        return ()
    found = (part.strip() for part in str(value).replace(";", ",").split(","))
    return tuple(dict.fromkeys(part for part in found if part))


def party(obj: dict[str, Any], realm: str, home: str) -> Party:
    """Customer -> Party."""
    email = (obj.get("PrimaryEmailAddr") or {}).get("Address")
    name = str(obj.get("DisplayName") or obj.get("FullyQualifiedName") or obj["Id"])
    aliases = tuple(
        sorted({str(v) for v in (obj.get("CompanyName"), obj.get("PrintOnCheckName")) if v and str(v) != name})
    )
    return Party(
        id=str(obj["Id"]),
        name=name,
        aliases=aliases,
        emails=_addresses(email),
        currency=_currency(obj, home),
        active=obj.get("Active") is not False,
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
        # A sub-customer (job) names its parent; the parent usually pays its invoices.
        parent_id=str(obj["ParentRef"]["value"]) if (obj.get("ParentRef") or {}).get("value") else None,
    )


def _lines(obj: dict[str, Any], currency: str) -> tuple[InvoiceLine, ...]:
    lines: list[InvoiceLine] = []
    for line in obj.get("Line", []):
        if line.get("DetailType") != "SalesItemLineDetail":
            continue
        detail = line.get("SalesItemLineDetail") or {}
        qty = _amount(detail.get("Qty"))
        price = detail.get("UnitPrice")
        lines.append(
            InvoiceLine(
                description=str(line.get("Description") or ""),
                quantity=qty if qty else Decimal(1),
                unit_price=Money(_amount(price), currency) if price not in (None, "") else None,
                amount=Money(_amount(line.get("Amount")), currency),
                item_code=_ref_name(detail, "ItemRef") or _ref_value(detail, "ItemRef"),
                tax_code=_ref_value(detail, "TaxCodeRef"),
            )
        )
    return tuple(lines)


# QuickBooks has no order-number field of its own: companies add a custom field for it ("P.O. Number" is
# one QuickBooks suggests). Its value is the invoice's reference, the number payers quote.
_ORDER_FIELDS = frozenset(
    {
        "po",
        "pono",
        "ponr",
        "ponum",
        "ponumber",
        "purchaseorder",
        "purchaseordernumber",
        "customerpo",
        "customerponumber",
    }
)


def _order_number(obj: dict[str, Any]) -> str | None:
    """The value of the invoice's purchase-order custom field, when it has one (by the field's name)."""
    for custom in obj.get("CustomField") or ():
        name = "".join(c for c in str(custom.get("Name", "")).casefold() if c.isalnum())
        value = str(custom.get("StringValue") or "").strip()
        if name in _ORDER_FIELDS and value:
            return value
    return None


def discount_terms(terms: Iterable[dict[str, Any]]) -> dict[str, tuple[Decimal, int] | None]:
    """Term id -> (DiscountPercent, DiscountDays) for the standard terms with an early-payment discount
    ("2% 10 Net 30"), None for terms with no discount at all ("Net 30"). Date-driven terms with a discount
    (until a day of the month) are left out: what they grant is not read."""
    out: dict[str, tuple[Decimal, int] | None] = {}
    for term in terms:
        pct = _amount(term.get("DiscountPercent"))
        days = term.get("DiscountDays")
        if term.get("Type", "STANDARD") == "STANDARD" and 0 < pct < 100 and days is not None and int(days) >= 0:
            out[str(term["Id"])] = (pct, int(days))
        elif pct == 0:
            out[str(term["Id"])] = None
    return out


def invoice(
    obj: dict[str, Any], realm: str, home: str, terms: Mapping[str, tuple[Decimal, int] | None] | None = None
) -> Invoice:
    """Invoice -> Invoice; ``amount_due`` is QBO's Balance; ``terms`` (see :func:`discount_terms`) give the
    early-payment discount of the invoice's SalesTermRef: its percent, and the last day, TxnDate plus
    DiscountDays. A term known to grant none gives the invoice its ``payment_terms`` alone (its name)."""
    currency = _currency(obj, home)
    total = _amount(obj.get("TotalAmt"))
    balance = _amount(obj.get("Balance"))
    tax = _amount((obj.get("TxnTaxDetail") or {}).get("TotalTax"))
    if _voided(obj):
        status = DocumentStatus.VOID
    elif balance == 0 and total > 0:
        status = DocumentStatus.PAID
    else:
        status = DocumentStatus.OPEN
    term = _ref_value(obj, "SalesTermRef") or ""
    discount = (terms or {}).get(term)
    known = bool(term) and term in (terms or {})
    return Invoice(
        id=str(obj["Id"]),
        number=str(obj.get("DocNumber") or obj["Id"]),
        customer_id=_ref_value(obj, "CustomerRef") or "",
        customer_name=_ref_name(obj, "CustomerRef"),
        issue_date=_date(obj["TxnDate"]),
        due_date=_date(obj["DueDate"]) if obj.get("DueDate") else None,
        currency=currency,
        lines=_lines(obj, currency),
        subtotal=Money(total - tax, currency),
        tax=Money(tax, currency),
        total=Money(total, currency),
        amount_due=Money(balance, currency),
        status=status,
        reference=_order_number(obj),
        discount_pct=discount[0] if discount else None,
        discount_until=_date(obj["TxnDate"]) + dt.timedelta(days=discount[1]) if discount else None,
        payment_terms=(_ref_name(obj, "SalesTermRef") or term) if known else None,
        exchange_rate=_exchange_rate(obj, currency, home),
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
    )


def _line_ex(line: dict[str, Any], name: str) -> str | None:
    for entry in (line.get("LineEx") or {}).get("any", []):
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, dict) and value.get("Name") == name:
            return str(value.get("Value"))
    return None


def payment(obj: dict[str, Any], realm: str, home: str) -> Payment | None:
    """Payment -> Payment; ``None`` for a zero-total payment (QBO's way of applying a credit memo).

    Credit memo lines pay part of the invoice lines; those parts are taken off the allocations so that
    allocations plus unapplied add up to the cash received.
    """
    currency = _currency(obj, home)
    total = _amount(obj.get("TotalAmt"))
    if total <= 0:
        return None
    credits = Decimal(0)
    invoice_lines: list[tuple[str, str | None, Decimal]] = []
    for line in obj.get("Line", []):
        for link in line.get("LinkedTxn", []):
            if link.get("TxnType") == "Invoice":
                invoice_lines.append(
                    (str(link["TxnId"]), _line_ex(line, "txnReferenceNumber"), _amount(line["Amount"]))
                )
            elif link.get("TxnType") == "CreditMemo":
                credits += _amount(line["Amount"])
    allocations: list[Allocation] = []
    for invoice_id, number, amount in invoice_lines:
        covered = min(amount, credits)
        credits -= covered
        if amount - covered > 0:
            allocations.append(
                Allocation(invoice_id=invoice_id, invoice_number=number, amount=Money(amount - covered, currency))
            )
    return Payment(
        id=str(obj["Id"]),
        date=_date(obj["TxnDate"]),
        amount=Money(total, currency),
        customer_id=_ref_value(obj, "CustomerRef"),
        customer_name=_ref_name(obj, "CustomerRef") or None,
        allocations=tuple(allocations),
        unapplied=Money(_amount(obj.get("UnappliedAmt")), currency),
        deposit_account=_ref_value(obj, "DepositToAccountRef"),
        reference=str(obj["PaymentRefNum"]) if obj.get("PaymentRefNum") else None,
        method=_ref_name(obj, "PaymentMethodRef") or None,
        exchange_rate=_exchange_rate(obj, currency, home),
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
    )


def credit_note(obj: dict[str, Any], realm: str, home: str) -> CreditNote:
    """CreditMemo -> CreditNote (``remaining`` is RemainingCredit)."""
    currency = _currency(obj, home)
    total = _amount(obj.get("TotalAmt"))
    remaining = _amount(obj.get("RemainingCredit", obj.get("Balance")))
    status = DocumentStatus.PAID if remaining == 0 and total > 0 else DocumentStatus.OPEN
    return CreditNote(
        id=str(obj["Id"]),
        number=str(obj.get("DocNumber") or obj["Id"]),
        customer_id=_ref_value(obj, "CustomerRef") or "",
        customer_name=_ref_name(obj, "CustomerRef"),
        date=_date(obj["TxnDate"]),
        currency=currency,
        total=Money(total, currency),
        remaining=Money(remaining, currency),
        status=status,
        exchange_rate=_exchange_rate(obj, currency, home),
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
    )


def deposit(obj: dict[str, Any], realm: str, home: str) -> Deposit:
    """Deposit -> Deposit with the Payment Ids it moved out of Undeposited Funds."""
    currency = _currency(obj, home)
    payment_ids = tuple(
        str(link["TxnId"])
        for line in obj.get("Line", [])
        for link in line.get("LinkedTxn", [])
        if link.get("TxnType") == "Payment"
    )
    return Deposit(
        id=str(obj["Id"]),
        date=_date(obj["TxnDate"]),
        amount=Money(_amount(obj.get("TotalAmt")), currency),
        account=_ref_value(obj, "DepositToAccountRef") or "",
        payment_ids=payment_ids,
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
    )


def account(obj: dict[str, Any], realm: str, home: str) -> Account:
    """Account -> Account."""
    return Account(
        id=str(obj["Id"]),
        name=str(obj.get("Name") or obj["Id"]),
        code=str(obj["AcctNum"]) if obj.get("AcctNum") else None,
        type=str(obj.get("AccountType") or ""),
        currency=_currency(obj, home),
        active=obj.get("Active") is not False,
        refs=_ref(obj, realm),
    )


def item(obj: dict[str, Any], realm: str, home: str) -> Item:
    """Item -> :class:`Item`."""
    del home
    return Item(
        id=str(obj["Id"]),
        name=str(obj.get("Name") or obj["Id"]),
        type=str(obj.get("Type") or ""),
        income_account=_ref_value(obj, "IncomeAccountRef"),
        active=obj.get("Active") is not False,
        refs=_ref(obj, realm),
        updated_at=updated_at(obj),
    )
