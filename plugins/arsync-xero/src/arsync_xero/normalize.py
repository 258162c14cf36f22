"""xero-python models -> :mod:`arsync.models` (ids are Xero GUIDs, versions are UpdatedDateUTC)."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from arsync.models import (
    Account,
    Allocation,
    CreditNote,
    DocumentStatus,
    ExternalRef,
    Invoice,
    InvoiceLine,
    Money,
    Party,
    Payment,
)
from arsync_xero.wire import to_ms, utc_ms

__all__ = [
    "account",
    "credit_note",
    "invoice",
    "party",
    "payment",
    "prepaid_credit",
    "updated_at",
]

_STATUS = {
    "DRAFT": DocumentStatus.DRAFT,
    "SUBMITTED": DocumentStatus.DRAFT,
    "AUTHORISED": DocumentStatus.OPEN,
    "PAID": DocumentStatus.PAID,
    "VOIDED": DocumentStatus.VOID,
    "DELETED": DocumentStatus.DELETED,
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    text = str(value)
    return text or None


def _dec(value: Any) -> Decimal:
    return Decimal(0) if value is None else value if isinstance(value, Decimal) else Decimal(str(value))


def _exchange_rate(model: Any) -> Decimal | None:
    """Xero's ``CurrencyRate`` turned into arsync's direction. Xero states units of the document's currency
    per one unit of the organisation's base currency (a EUR invoice in a USD organisation carries about
    0.92), so the base-currency units per unit of the document's currency is its inverse. ``None`` for a
    rate of 1 (every base-currency document has it) or none; a foreign currency pegged at exactly 1 then
    needs its rate in the config."""
    rate = getattr(model, "currency_rate", None)
    if rate is None:
        return None
    value = _dec(rate)
    if value <= 0 or value == 1:
        return None
    return Decimal(1) / value


def updated_at(model: Any) -> dt.datetime | None:
    """UpdatedDateUTC, exact to the millisecond (the SDK goes through a float on the way)."""
    value = getattr(model, "updated_date_utc", None)
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return utc_ms(round(to_ms(value) + (value.microsecond % 1000) / 1000))


def _ref(tenant: str, record_id: str, model: Any) -> tuple[ExternalRef, ...]:
    stamp = updated_at(model)
    return (ExternalRef(system="xero", tenant=tenant, id=record_id, version=stamp.isoformat() if stamp else None),)


def party(model: Any, tenant: str) -> Party:
    """A Contact."""
    contact_id = str(model.contact_id)
    return Party(
        id=contact_id,
        name=model.name or contact_id,
        # The contact's own address first (what a mirror writes back), then its contact persons' (the
        # accounts-payable clerk a PayPal or Stripe payment names), each once.
        emails=tuple(
            dict.fromkeys(
                e
                for e in [
                    _text(model.email_address),
                    *(_text(person.email_address) for person in model.contact_persons or ()),
                ]
                if e
            )
        ),
        bank_accounts=tuple(b for b in [_text(model.bank_account_details)] if b),
        tax_ids=tuple(t for t in [_text(model.tax_number)] if t),
        currency=_text(model.default_currency),
        active=_text(model.contact_status) in (None, "ACTIVE"),
        refs=_ref(tenant, contact_id, model),
        updated_at=updated_at(model),
        account_number=_text(model.account_number),
    )


def invoice(model: Any, tenant: str) -> Invoice:
    """An ACCREC invoice."""
    currency = _text(model.currency_code) or "USD"
    invoice_id = str(model.invoice_id)
    lines = []
    for item in model.line_items or ():
        quantity = _dec(item.quantity if item.quantity is not None else 1)
        lines.append(
            InvoiceLine(
                description=item.description or "",
                quantity=quantity,
                unit_price=Money(_dec(item.unit_amount), currency) if item.unit_amount is not None else None,
                amount=Money(_dec(item.line_amount), currency),
                item_code=_text(item.item_code),
                account_code=_text(item.account_code),
                tax_code=_text(item.tax_type),
            )
        )
    status = _STATUS.get(_text(model.status) or "", DocumentStatus.OPEN)
    total = Money(_dec(model.total), currency)
    due = Money(_dec(model.amount_due), currency)
    if status in (DocumentStatus.VOID, DocumentStatus.DELETED):
        due = Money.zero(currency)
    return Invoice(
        id=invoice_id,
        number=model.invoice_number or invoice_id,
        customer_id=str(model.contact.contact_id),
        customer_name=model.contact.name or "",
        issue_date=model.date,
        due_date=model.due_date,
        currency=currency,
        lines=tuple(lines),
        subtotal=Money(_dec(model.sub_total), currency),
        tax=Money(_dec(model.total_tax), currency),
        total=total,
        amount_due=due,
        status=status,
        reference=model.reference or None,
        exchange_rate=_exchange_rate(model),
        refs=_ref(tenant, invoice_id, model),
        updated_at=updated_at(model),
    )


def payment(model: Any, tenant: str) -> Payment:
    """A customer payment against one invoice (Xero payments always settle one document)."""
    target = model.invoice
    currency = _text(getattr(target, "currency_code", None)) or "USD"
    amount = Money(_dec(model.amount), currency)
    payment_id = str(model.payment_id)
    allocations = []
    if target is not None and target.invoice_id:
        allocations.append(
            Allocation(invoice_id=str(target.invoice_id), invoice_number=target.invoice_number or None, amount=amount)
        )
    account_ref = model.account
    return Payment.build(
        id=payment_id,
        date=model.date,
        amount=amount,
        customer_id=str(target.contact.contact_id) if target is not None and target.contact else None,
        customer_name=(target.contact.name or None) if target is not None and target.contact else None,
        allocations=allocations,
        deposit_account=(account_ref.code or str(account_ref.account_id)) if account_ref is not None else None,
        reference=model.reference or None,
        method="batch" if model.batch_payment_id else None,
        exchange_rate=_exchange_rate(model),
        refs=_ref(tenant, payment_id, model),
        updated_at=updated_at(model),
    )


def credit_note(model: Any, tenant: str) -> CreditNote:
    """An ACCRECCREDIT credit note with its allocations."""
    currency = _text(model.currency_code) or "USD"
    note_id = str(model.credit_note_id)
    return CreditNote(
        id=note_id,
        number=model.credit_note_number or note_id,
        customer_id=str(model.contact.contact_id),
        customer_name=model.contact.name or "",
        date=model.date,
        currency=currency,
        total=Money(_dec(model.total), currency),
        remaining=Money(_dec(model.remaining_credit), currency),
        allocations=tuple(
            Allocation(
                invoice_id=str(a.invoice.invoice_id),
                invoice_number=a.invoice.invoice_number or None,
                amount=Money(_dec(a.amount), currency),
            )
            for a in model.allocations or ()
            if a.invoice is not None and _dec(a.amount) > 0
        ),
        status=_STATUS.get(_text(model.status) or "", DocumentStatus.OPEN),
        exchange_rate=_exchange_rate(model),
        refs=_ref(tenant, note_id, model),
        updated_at=updated_at(model),
    )


def prepaid_credit(model: Any, tenant: str, id_attr: str, method: str) -> Payment:
    """An overpayment or prepayment: money received ahead of (or beyond) invoices, as a Payment."""
    currency = _text(model.currency_code) or "USD"
    record_id = str(getattr(model, id_attr))
    allocations = [
        Allocation(
            invoice_id=str(a.invoice.invoice_id),
            invoice_number=a.invoice.invoice_number or None,
            amount=Money(_dec(a.amount), currency),
        )
        for a in model.allocations or ()
        if a.invoice is not None and _dec(a.amount) > 0
    ]
    return Payment.build(
        id=record_id,
        date=model.date,
        amount=Money(_dec(model.total), currency),
        customer_id=str(model.contact.contact_id) if model.contact else None,
        customer_name=(model.contact.name or None) if model.contact else None,
        allocations=allocations,
        reference=model.reference or None,
        method=method,
        exchange_rate=_exchange_rate(model),
        refs=_ref(tenant, record_id, model),
        updated_at=updated_at(model),
    )


def account(model: Any, tenant: str) -> Account:
    """A chart-of-accounts entry."""
    account_id = str(model.account_id)
    return Account(
        id=account_id,
        name=model.name or account_id,
        code=model.code or None,
        type=_text(model.type) or "UNKNOWN",
        currency=_text(model.currency_code),
        active=_text(model.status) in (None, "ACTIVE"),
        refs=_ref(tenant, account_id, model),
    )
