"""The common model every connector normalizes into and every engine stage works on.

All models are frozen pydantic models with ``extra="forbid"``. Money is :class:`Money`: a ``Decimal``
amount with an ISO 4217 currency, quantized to the currency's minor unit; a ``float`` is refused.
Every model has a canonical JSON form (:meth:`ArModel.canonical_json`: sorted keys, no whitespace,
amounts as strings) and a content hash (:meth:`ArModel.content_hash`) used for diffing and plans.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from arsync.errors import ArsyncError

__all__ = [
    "Account",
    "Action",
    "ActionKind",
    "Allocation",
    "ArModel",
    "CreditNote",
    "CurrencyMismatchError",
    "Deposit",
    "Discrepancy",
    "DocumentStatus",
    "ExchangeRate",
    "ExternalRef",
    "Invoice",
    "InvoiceLine",
    "Match",
    "MatchAllocation",
    "MatchCreditNote",
    "Money",
    "MoneyError",
    "Party",
    "Payment",
    "Plan",
    "Reason",
    "Reference",
    "RemittanceItem",
    "SourceRef",
    "StatementLine",
    "minor_units",
]


class MoneyError(ArsyncError, ValueError):
    """A money value was malformed: a float, a bad currency code, or a non-numeric amount."""


class CurrencyMismatchError(MoneyError):
    """Arithmetic or comparison across two currencies: convert explicitly first."""


# ISO 4217 active codes (2026) and their minor units. Codes not listed here are refused, so a typo such
# as "USDD" or "EURO" is caught at the boundary. Source: ISO 4217 list one (SIX), minor-unit column.
_ZERO_DECIMAL = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())
_THREE_DECIMAL = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_FOUR_DECIMAL = frozenset("CLF UYW".split())
_TWO_DECIMAL = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD
    CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR
    PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP
    TRY TTD TWD TZS UAH USD USN UYU UZS VES VED WST XCD XCG YER ZAR ZMW ZWG ZWL""".split()
)
_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_DECIMAL, 2),
    **dict.fromkeys(_ZERO_DECIMAL, 0),
    **dict.fromkeys(_THREE_DECIMAL, 3),
    **dict.fromkeys(_FOUR_DECIMAL, 4),
}
_QUANTUM = {n: Decimal(1).scaleb(-n) for n in range(5)}


def minor_units(currency: str) -> int:
    """Return the number of decimal places of ``currency`` (JPY 0, USD 2, BHD 3).

    Raises:
        MoneyError: the code is not an active ISO 4217 currency.
    """
    try:
        return _MINOR_UNITS[currency]
    except KeyError:
        raise MoneyError(
            f"unknown currency code {currency!r}: use a three-letter ISO 4217 code such as USD, EUR or GBP"
        ) from None


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, (bool, float)):
        # Refusing floats at the boundary keeps binary fractions out of the books (0.1 + 0.2 != 0.3).
        kind = type(value).__name__
        raise MoneyError(f"money amounts must be Decimal, int or a decimal string, not {kind} {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError(f"not a decimal amount: {value!r}") from None
    else:
        raise MoneyError(f"money amounts must be Decimal, int or a decimal string, not {type(value).__name__}")
    if not result.is_finite():
        raise MoneyError(f"money amounts must be finite, not {value!r}")
    return result


def _drop_unset(data: dict[str, Any], *fields: str) -> dict[str, Any]:
    """``data`` without those of ``fields`` that are None: fields added to a model after records were
    stored are left out of its JSON while unset, so the keys and hashes of those records stay the same."""
    for name in fields:
        if data.get(name) is None:
            data.pop(name, None)
    return data


class ArModel(BaseModel):
    """Base of every arsync model: frozen, strict about unknown fields, with canonical JSON and a hash."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    def canonical_json(self) -> str:
        """Return the canonical JSON form: keys sorted, no whitespace, amounts as decimal strings."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def content_hash(self) -> str:
        """Return ``sha256:<hex>`` of the canonical JSON; equal content gives an equal hash."""
        return "sha256:" + hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_canonical_json(cls, text: str | bytes) -> Self:
        """Parse a model back from its canonical (or any) JSON form."""
        return cls.model_validate_json(text)


class Money(ArModel):
    """A Decimal amount with an ISO 4217 currency, quantized to the currency's minor unit.

    ``Money("12.345", "USD")`` is an error-free construction that rounds half-up to ``12.35``;
    parsers that must not round check :meth:`is_exact` on the raw value first. Arithmetic and
    ordering across two currencies raise :class:`CurrencyMismatchError`; a ``float`` anywhere
    raises :class:`MoneyError`.

    Args:
        amount: ``Decimal``, ``int`` or a decimal string.
        currency: ISO 4217 code, upper case.
    """

    amount: Decimal
    currency: str

    def __init__(self, amount: object = None, currency: str | None = None, /, **data: Any) -> None:
        if amount is not None:
            data["amount"] = amount
        if currency is not None:
            data["currency"] = currency
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise MoneyError(f"money must be an object with amount and currency, not {data!r}")
        currency = data.get("currency")
        if not isinstance(currency, str):
            raise MoneyError(f"money needs a currency code, got {currency!r}")
        code = currency.strip().upper()
        places = minor_units(code)
        amount = _to_decimal(data.get("amount"))
        return {"amount": amount.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP), "currency": code}

    @model_serializer(mode="plain")
    def _serialize(self) -> dict[str, str]:
        return {"amount": format(self.amount, "f"), "currency": self.currency}

    # --- construction helpers ---------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in ``currency``."""
        return cls(0, currency)

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        """Same as ``Money(amount, currency)``; reads better in comprehensions."""
        return cls(amount, currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Money:
        """Build from an integer count of minor units (cents): ``from_minor(1234, "USD")`` is 12.34."""
        return cls(Decimal(units).scaleb(-minor_units(currency)), currency)

    @staticmethod
    def is_exact(amount: Decimal, currency: str) -> bool:
        """True when ``amount`` has no more decimals than ``currency`` allows (nothing would be rounded)."""
        places = minor_units(currency)
        return amount == amount.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)

    @classmethod
    def sum(cls, values: Iterable[Money], currency: str) -> Money:
        """Sum ``values``, all in ``currency``; an empty iterable gives zero."""
        total = cls.zero(currency)
        for value in values:
            total = total + value
        return total

    @property
    def minor(self) -> int:
        """The amount in integer minor units (cents), exact."""
        return int(self.amount.scaleb(minor_units(self.currency)))

    # --- arithmetic ---------------------------------------------------------------------------

    def _same(self, other: Money, op: str) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(
                f"cannot {op} {self.currency} {self.amount} and {other.currency} {other.amount}: "
                "convert one of them at a dated exchange rate first"
            )

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other, "add")
            return Money(self.amount + other.amount, self.currency)
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self  # lets sum() start from 0
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            self._same(other, "subtract")
            return Money(self.amount - other.amount, self.currency)
        return NotImplemented

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, (Decimal, int)) and not isinstance(factor, bool):
            return Money(self.amount * factor, self.currency)
        if isinstance(factor, float):
            raise MoneyError("multiply money by a Decimal, not a float")
        return NotImplemented

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.amount != 0

    def _cmp(self, other: object) -> Decimal:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        self._same(other, "compare")
        return self.amount - other.amount

    def __lt__(self, other: object) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: object) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: object) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: object) -> bool:
        return self._cmp(other) >= 0

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount == other.amount and self.currency == other.currency

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,f}"

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"

    def is_zero(self) -> bool:
        """True for a zero amount."""
        return self.amount == 0

    def allocate(self, weights: Iterable[int]) -> list[Money]:
        """Split into parts proportional to integer ``weights``; the parts always sum to ``self``.

        Remainder cents go to the earliest parts (largest-remainder is not needed for accounting splits).
        """
        ws = list(weights)
        if not ws or any(w < 0 for w in ws) or sum(ws) == 0:
            raise MoneyError("allocate needs non-negative weights with a positive sum")
        total_minor = self.minor
        total_w = sum(ws)
        parts = [total_minor * w // total_w for w in ws]
        for i in range(total_minor - sum(parts)):
            parts[i % len(parts)] += 1
        return [Money.from_minor(p, self.currency) for p in parts]


Currency = Annotated[str, Field(min_length=3, max_length=3, pattern=r"^[A-Z]{3}$")]


def _positive_rate(value: object) -> Decimal:
    rate = _to_decimal(value)
    if rate <= 0:
        raise ValueError(f"an exchange rate must be positive, got {rate}")
    return rate


# An exchange rate: Decimal like money (a float is refused), and positive.
Rate = Annotated[Decimal, BeforeValidator(_positive_rate)]


def _check_currency(money: Money | None, currency: str, what: str) -> None:
    if money is not None and money.currency != currency:
        raise CurrencyMismatchError(f"{what} is in {money.currency} but the document is in {currency}")


class ExternalRef(ArModel):
    """Where a record lives in an outside system.

    Args:
        system: connector type, e.g. ``quickbooks``, ``xero``, ``csv``.
        tenant: realm id, tenant id, or file path.
        id: the record's id there.
        version: QBO ``SyncToken`` or Xero ``UpdatedDateUTC``; ``None`` when the system has none.
    """

    system: str
    tenant: str
    id: str
    version: str | None = None

    def key(self) -> str:
        """``system:tenant:id``, stable across versions."""
        return f"{self.system}:{self.tenant}:{self.id}"


class SourceRef(ArModel):
    """Where a statement line came from: the file and its 1-based physical line (or record index)."""

    file: str
    line: int


class DocumentStatus(enum.StrEnum):
    """Lifecycle of an invoice or credit note, common to QBO and Xero."""

    DRAFT = "draft"  # Xero DRAFT or SUBMITTED (awaiting approval): not yet receivable, no payment applies
    OPEN = "open"  # QBO open / Xero AUTHORISED
    PAID = "paid"
    VOID = "void"
    DELETED = "deleted"


class Party(ArModel):
    """A customer (QBO Customer, Xero Contact).

    Args:
        id: arsync's key for the party within its source (usually the remote id).
        name: display name.
        aliases: other names the party pays under (learned or entered).
        emails: where invoices and reminders go.
        bank_accounts: IBANs or account numbers the party pays from.
        tax_ids: VAT / tax numbers.
        currency: the party's default currency, when known.
        active: False for archived/inactive parties.
        refs: the party's records in each system.
        parent_id: the party this one belongs to (a QBO sub-customer or job: ``ParentRef``); its
            invoices are often paid by the parent.
        account_number: the customer number the business gives this party (Xero's
            ``AccountNumber``), which payers write in remittances ("Kd.Nr. 1234567").
        ``parent_id`` and ``account_number`` are left out of the JSON form while unset, so the keys and
        hashes of parties without them stay as they were.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    bank_accounts: tuple[str, ...] = ()
    tax_ids: tuple[str, ...] = ()
    currency: Currency | None = None
    active: bool = True
    refs: tuple[ExternalRef, ...] = ()
    updated_at: AwareDatetime | None = None
    parent_id: str | None = None
    account_number: str | None = None

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(handler(self), "parent_id", "account_number")


class InvoiceLine(ArModel):
    """One line of an invoice; ``amount`` is net of tax."""

    description: str = ""
    quantity: Decimal = Decimal(1)
    unit_price: Money | None = None
    amount: Money
    item_code: str | None = None
    account_code: str | None = None
    tax_code: str | None = None

    @field_validator("quantity", mode="before")
    @classmethod
    def _no_float_quantity(cls, value: Any) -> Any:
        return _to_decimal(value)


class Invoice(ArModel):
    """A sales invoice (QBO Invoice, Xero ACCREC invoice).

    ``amount_due`` is what is still open; ``total - amount_due`` has been paid or credited.
    ``exchange_rate`` is the ledger's rate on the issue date: home-currency units per one unit of
    ``currency`` (QBO's ``ExchangeRate``; Xero's ``CurrencyRate`` inverted). None when the ledger
    records none; the home currency is :attr:`LedgerSnapshot.home_currency`.

    ``discount_pct`` and ``discount_until`` are the early-payment discount of the invoice's terms
    (QBO's Term ``DiscountPercent``, "2% 10 Net 30") and the last day a payment earns it. ``payment_terms``
    is the terms' name as the ledger gives it ("Net 30", "2% 10 Net 30"): terms known, without a discount,
    grant none. All three are left out of the JSON form while unset, so the keys and hashes of invoices
    without them stay as they were.

    Raises:
        CurrencyMismatchError: a money field is not in the invoice's currency.
        ValueError: ``amount_due`` exceeds ``total`` or is negative; a discount outside 0-100%.
    """

    id: str
    number: str
    customer_id: str
    customer_name: str
    issue_date: dt.date
    due_date: dt.date | None = None
    currency: Currency
    lines: tuple[InvoiceLine, ...] = ()
    subtotal: Money | None = None
    tax: Money | None = None
    total: Money
    amount_due: Money
    status: DocumentStatus = DocumentStatus.OPEN
    reference: str | None = None
    exchange_rate: Rate | None = None
    refs: tuple[ExternalRef, ...] = ()
    updated_at: AwareDatetime | None = None
    discount_pct: Decimal | None = None
    discount_until: dt.date | None = None
    payment_terms: str | None = None

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(handler(self), "discount_pct", "discount_until", "payment_terms")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.discount_pct is not None and not 0 < self.discount_pct < 100:
            raise ValueError(f"invoice {self.number}: discount {self.discount_pct}% is not between 0 and 100")
        for name in ("subtotal", "tax", "total", "amount_due"):
            _check_currency(getattr(self, name), self.currency, f"invoice {self.number} {name}")
        for line in self.lines:
            _check_currency(line.amount, self.currency, f"invoice {self.number} line amount")
        if self.amount_due.amount < 0:
            raise ValueError(f"invoice {self.number}: amount due {self.amount_due} is negative")
        if self.total.amount >= 0 and self.amount_due.amount > self.total.amount:
            raise ValueError(f"invoice {self.number}: amount due {self.amount_due} exceeds total {self.total}")
        return self

    @property
    def is_open(self) -> bool:
        """True when the invoice still has something to collect. A draft has not: it is not in receivables
        yet, and neither ledger takes a payment against it (Xero: "Invoice not of valid status for
        modification") until it is approved."""
        return self.status == DocumentStatus.OPEN and self.amount_due.amount > 0


class Allocation(ArModel):
    """Part of a payment or credit note applied to one invoice."""

    invoice_id: str
    invoice_number: str | None = None
    amount: Money

    @field_validator("amount")
    @classmethod
    def _positive(cls, value: Money) -> Money:
        if value.amount <= 0:
            raise ValueError(f"an allocation must be positive, got {value}")
        return value


def _check_allocations(total: Money, allocations: tuple[Allocation, ...], unapplied: Money, what: str) -> None:
    for allocation in allocations:
        _check_currency(allocation.amount, total.currency, f"{what} allocation")
    _check_currency(unapplied, total.currency, f"{what} unapplied amount")
    applied = Money.sum((a.amount for a in allocations), total.currency)
    if unapplied.amount < 0:
        raise ValueError(f"{what}: unapplied amount {unapplied} is negative")
    if applied + unapplied != total:
        raise ValueError(f"{what}: allocations {applied} plus unapplied {unapplied} do not add up to the total {total}")


class Payment(ArModel):
    """Money received from a customer, applied to invoices through ``allocations``.

    The invariant ``sum(allocations) + unapplied == amount`` is checked on construction; use
    :meth:`build` to have ``unapplied`` computed. ``exchange_rate`` is the ledger's rate on the payment
    date, in the same direction as :attr:`Invoice.exchange_rate`.
    """

    id: str
    date: dt.date
    amount: Money
    customer_id: str | None = None
    customer_name: str | None = None
    allocations: tuple[Allocation, ...] = ()
    unapplied: Money
    deposit_account: str | None = None
    reference: str | None = None
    method: str | None = None
    exchange_rate: Rate | None = None
    refs: tuple[ExternalRef, ...] = ()
    updated_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        if self.amount.amount <= 0:
            raise ValueError(f"payment {self.id}: amount {self.amount} must be positive")
        _check_allocations(self.amount, self.allocations, self.unapplied, f"payment {self.id}")
        return self

    @classmethod
    def build(cls, *, amount: Money, allocations: Iterable[Allocation] = (), **fields: Any) -> Payment:
        """Construct a payment, computing ``unapplied`` from the allocations."""
        allocs = tuple(allocations)
        applied = Money.sum((a.amount for a in allocs), amount.currency)
        return cls(amount=amount, allocations=allocs, unapplied=amount - applied, **fields)


class CreditNote(ArModel):
    """A credit note / credit memo; ``remaining`` is the part not yet allocated or refunded.

    ``exchange_rate`` is the ledger's rate on its date, as on :attr:`Invoice.exchange_rate`.
    """

    id: str
    number: str
    customer_id: str
    customer_name: str
    date: dt.date
    currency: Currency
    total: Money
    remaining: Money
    allocations: tuple[Allocation, ...] = ()
    status: DocumentStatus = DocumentStatus.OPEN
    exchange_rate: Rate | None = None
    refs: tuple[ExternalRef, ...] = ()
    updated_at: AwareDatetime | None = None

    @model_validator(mode="after")
    def _adds_up(self) -> Self:
        _check_currency(self.total, self.currency, f"credit note {self.number} total")
        if self.status not in (DocumentStatus.VOID, DocumentStatus.DELETED):
            # Refunds also reduce `remaining`, so allocations + remaining may fall short of the total.
            applied = Money.sum((a.amount for a in self.allocations), self.currency)
            _check_currency(self.remaining, self.currency, f"credit note {self.number} remaining")
            if self.remaining.amount < 0 or applied + self.remaining > self.total:
                raise ValueError(
                    f"credit note {self.number}: allocated {applied} plus remaining {self.remaining} "
                    f"exceed the total {self.total}"
                )
        return self


class ExchangeRate(ArModel):
    """One unit of ``base`` buys ``rate`` units of ``quote`` from ``date`` on, as ``source`` recorded it.

    ``source`` says where the rate came from (a config key, or a ledger document such as
    ``qbo invoice 1043``), so a conversion can say which rate it used.
    """

    base: Currency
    quote: Currency
    rate: Rate
    date: dt.date | None = None
    source: str = ""


class Deposit(ArModel):
    """A bank deposit grouping received payments (QBO Deposit from Undeposited Funds)."""

    id: str
    date: dt.date
    amount: Money
    account: str
    payment_ids: tuple[str, ...] = ()
    refs: tuple[ExternalRef, ...] = ()
    updated_at: AwareDatetime | None = None


class Account(ArModel):
    """A ledger account from the chart of accounts."""

    id: str
    name: str
    code: str | None = None
    type: str
    currency: Currency | None = None
    active: bool = True
    refs: tuple[ExternalRef, ...] = ()


class Reference(ArModel):
    """A remittance reference found on a statement line.

    ``kind`` is one of: ``rf`` (ISO 11649, validated), ``qrr`` (Swiss QR reference), ``invoice``
    (a referenced document number), ``end_to_end`` (SEPA EndToEndId), ``payment_id`` (bank or
    processor id), ``mandate``, ``ultimate_payer`` (the name of the party paid for, when it is not the
    account holder: camt ``UltmtDbtr``), ``text`` (unstructured remittance text), or another lower-case
    word.
    ``amount`` is what the payer remits for that document, when the bank passes it on (camt
    ``RfrdDocAmt/RmtdAmt``); it is left out of the JSON form while unset, so the keys and hashes of
    lines without one stay as they were.
    """

    kind: str
    value: str
    amount: Money | None = None

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(handler(self), "amount")


class RemittanceItem(ArModel):
    """One item inside a statement line: an invoice paid within a batched credit, or the gross,
    fee and net of a processor payout.

    Args:
        kind: ``remittance`` (an invoice paid), ``charge``, ``refund``, ``fee``, ``gross``, ``net``,
            ``adjustment``, ``payout``, or another lower-case word.
        amount: the item's amount (signed like the statement: positive is money in), when known.
        fee: the processor fee withheld on the item, as a positive amount, when known.
        net: amount minus fee, when the processor reports it.
        original_amount: what the payer sent, in its own currency, when the bank converted it into
            the account's (camt ``InstdAmt``); signed like ``amount``.
        discount: the cash discount the payer says it took off the item (X12 ``RMR06``, camt
            ``DscntApldAmt``), as a positive amount; left out of the JSON form while unset, so the
            keys and hashes of items without one stay as they were.
        adjustment: another amount the payer says it took off the item (X12 ``RMR08``: a deduction
            for damaged goods, a pricing dispute, a retailer's chargeback), as written: positive is
            taken off, negative added; left out of the JSON form while unset, like ``discount``.
        adjustment_reason: the payer's code for that adjustment (X12 ``RMR07``), as written.
    """

    kind: str = "remittance"
    amount: Money | None = None
    fee: Money | None = None
    net: Money | None = None
    original_amount: Money | None = None
    references: tuple[Reference, ...] = ()
    description: str = ""
    counterparty_name: str | None = None
    counterparty_account: str | None = None
    bank_id: str | None = None
    date: dt.date | None = None
    discount: Money | None = None
    adjustment: Money | None = None
    adjustment_reason: str | None = None

    @model_validator(mode="after")
    def _original_is_another_currency(self) -> Self:
        if self.amount is not None:
            _check_original(self.amount, self.original_amount)
        elif self.original_amount is not None:
            raise ValueError("original_amount needs the amount it was converted into")
        if self.discount is not None and self.discount.amount < 0:
            raise ValueError(f"discount {self.discount} must not be negative")
        return self

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _drop_unset(handler(self), "discount", "adjustment", "adjustment_reason")


def _check_original(amount: Money, original: Money | None) -> None:
    if original is None:
        return
    if original.currency == amount.currency and abs(original.amount) <= abs(amount.amount):
        raise ValueError(
            f"original_amount is in {amount.currency}, the amount's own currency, and no larger: leave it unset "
            "(in the same currency it is only kept when banks deducted charges on the way)"
        )
    if (original.amount > 0) != (amount.amount > 0) or original.amount == 0:
        raise ValueError(f"original_amount {original} must have the sign of the amount {amount}")


class StatementLine(ArModel):
    """One line of a bank (or processor) statement.

    Args:
        booking_date: the date the bank booked it.
        value_date: the value date, when the statement has one.
        amount: signed: positive is money in (a customer paying us).
        description: the bank's free text, unchanged.
        counterparty_name: the payer or payee as the bank shows it.
        counterparty_account: their IBAN or account number.
        references: remittance references found in structured fields.
        bank_id: the bank's own transaction id (FITID, AcctSvcrRef, ...), when it gives one.
        status: ``booked`` or ``pending``.
        source: the file and line it came from.
        items: remittance items inside it (batched credits, processor gross/fee/net).
        transaction_code: the bank's own type code (BAI2 type code, BTC, OFX TRNTYPE, ...).
        raw: the source fields as text, kept so nothing is lost (e.g. the MT940 ``:86:`` text).
        balance_after: running balance after this line, when the export carries it.
        original_amount: what the payer sent, in its own currency, when the bank converted it into the
            account's (camt ``InstdAmt``, an export's "Original amount" column); signed like ``amount``.
            Matching compares it with invoices in that currency, at the bank's own rate. In the account's
            own currency it is set only when larger than ``amount``: the banks on the way deducted charges.
    """

    booking_date: dt.date
    value_date: dt.date | None = None
    amount: Money
    description: str = ""
    counterparty_name: str | None = None
    counterparty_account: str | None = None
    references: tuple[Reference, ...] = ()
    bank_id: str | None = None
    status: Literal["booked", "pending"] = "booked"
    source: SourceRef
    items: tuple[RemittanceItem, ...] = ()
    transaction_code: str | None = None
    raw: dict[str, str] = Field(default_factory=dict)
    balance_after: Money | None = None
    original_amount: Money | None = None

    @model_validator(mode="after")
    def _original_is_another_currency(self) -> Self:
        _check_original(self.amount, self.original_amount)
        return self

    def identity(self) -> str:
        """A key for this line that ignores where it was read from (for de-duplication)."""
        # original_amount came later: leaving it out while unset keeps the keys of lines without one.
        unset = set() if self.original_amount is not None else {"original_amount"}
        body = self.model_dump(mode="json", exclude={"source", "raw", *unset})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class Reason(ArModel):
    """One term of a match score: which feature, how much it weighed, and a human sentence."""

    feature: str
    weight: float
    detail: str


class MatchAllocation(ArModel):
    """An invoice and the amount a match applies to it."""

    invoice_id: str
    invoice_number: str
    applied: Money
    invoice_currency_amount: Money | None = None  # when the invoice is in another currency


class MatchCreditNote(ArModel):
    """One of the customer's open credit notes a match applies beside the payment (an invoice paid less
    its credit note)."""

    credit_note_id: str
    credit_note_number: str
    applied: Money


class Match(ArModel):
    """A cash-application decision for one statement line (or one remittance item of it).

    ``decision`` is ``auto`` (safe to apply unattended), ``suggest`` (a human should confirm;
    ``alternatives`` ranks the runners-up) or ``unmatched``. ``credit_notes`` are applied to the
    allocated invoice beside the payment, when the customer paid it less an open credit note.
    ``fee_withheld`` is what a card processor, or the banks a transfer passed through, withheld from what
    the customer paid: ``statement_amount`` is then that gross (applied to the invoices) and the deposit
    is that less the fee.
    """

    bank: SourceRef
    item: int | None = None
    statement_amount: Money
    allocations: tuple[MatchAllocation, ...] = ()
    customer_id: str | None = None
    score: float
    decision: Literal["auto", "suggest", "unmatched"]
    reasons: tuple[Reason, ...] = ()
    alternatives: tuple[Match, ...] = ()
    unapplied: Money | None = None
    write_off: Money | None = None
    fx_difference: Money | None = None
    credit_notes: tuple[MatchCreditNote, ...] = ()
    fee_withheld: Money | None = None

    @model_validator(mode="after")
    def _auto_has_reasons(self) -> Self:
        if self.decision == "auto" and not self.reasons:
            raise ValueError("an auto decision must carry the reasons that produced it")
        return self


class Discrepancy(ArModel):
    """Something that does not tie: between the bank and a ledger, or between two ledgers."""

    kind: str
    records: tuple[str, ...]
    amounts: dict[str, Money] = Field(default_factory=dict)
    message: str
    suggested_action: str | None = None


class ActionKind(enum.StrEnum):
    """Writes a plan can contain."""

    APPLY_PAYMENT = "apply_payment"
    CREATE_DEPOSIT = "create_deposit"
    CREATE_CUSTOMER = "create_customer"
    CREATE_INVOICE = "create_invoice"
    APPLY_CREDIT_NOTE = "apply_credit_note"
    WRITE_OFF = "write_off"
    SEND_REMINDER = "send_reminder"


class Action(ArModel):
    """One write a sync would make.

    Args:
        kind: what to do.
        connector: the configured connector name that will carry it out.
        idempotency_key: deterministic from the action's meaning; the same intent gives the same key,
            sent as QBO ``requestid`` / Xero ``Idempotency-Key`` and journaled.
        record: what to write (a payment with allocations, an invoice, a customer, ...).
        target: the remote record the write depends on, when there is one.
        base_version: that record's remote version when the action was planned.
        description: one sentence for the reviewer.
    """

    kind: ActionKind
    connector: str
    idempotency_key: str
    record: Payment | Invoice | Party | CreditNote | Deposit
    target: ExternalRef | None = None
    base_version: str | None = None
    description: str = ""


class Plan(ArModel):
    """The writes a sync would make, with the hash of the inputs they were planned from."""

    FORMAT: ClassVar[int] = 1

    format: int = 1
    created_at: AwareDatetime
    inputs_hash: str
    actions: tuple[Action, ...] = ()

    def is_empty(self) -> bool:
        """True when there is nothing to write."""
        return not self.actions


Match.model_rebuild()

Record = Party | Invoice | Payment | CreditNote | Deposit | Account
"""Anything a connector's ``read`` can yield."""
