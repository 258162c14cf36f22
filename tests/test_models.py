"""The common model: money arithmetic, quantization, invariants and canonical JSON."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from arsync.matching.samples import sample_invoice, sample_party
from arsync.models import (
    Allocation,
    CurrencyMismatchError,
    Invoice,
    Money,
    MoneyError,
    Party,
    Payment,
    Reference,
    RemittanceItem,
    SourceRef,
    StatementLine,
    minor_units,
)

CURRENCIES = {"JPY": 0, "USD": 2, "EUR": 2, "BHD": 3, "KWD": 3}
amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False)


@given(amount=amounts, currency=st.sampled_from(sorted(CURRENCIES)))
def test_money_is_quantized_to_the_currency_minor_unit(amount: Decimal, currency: str) -> None:
    money = Money(amount, currency)
    places = CURRENCIES[currency]
    assert money.amount.as_tuple().exponent == -places
    assert money.amount == amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(("currency", "expected"), [("JPY", "1235"), ("USD", "1234.57"), ("BHD", "1234.568")])
def test_quantization_examples(currency: str, expected: str) -> None:
    assert Money("1234.5678", currency).amount == Decimal(expected)
    assert minor_units(currency) == len(expected.partition(".")[2])


@given(a=amounts, b=amounts, pair=st.permutations(["USD", "EUR", "JPY"]))
def test_arithmetic_across_currencies_raises(a: Decimal, b: Decimal, pair: list[str]) -> None:
    x, y = Money(a, pair[0]), Money(b, pair[1])
    for operation in (lambda: x + y, lambda: x - y, lambda: x < y, lambda: x >= y):
        with pytest.raises(CurrencyMismatchError):
            operation()


@given(a=amounts, b=amounts)
def test_same_currency_arithmetic_is_exact(a: Decimal, b: Decimal) -> None:
    x, y = Money(a, "USD"), Money(b, "USD")
    assert (x + y) - y == x
    assert sum([x, y]) == x + y


@pytest.mark.parametrize("bad", [1.5, 0.1, float("nan")])
def test_a_float_amount_is_refused(bad: float) -> None:
    with pytest.raises((MoneyError, ValidationError), match="float"):
        Money(bad, "USD")


@pytest.mark.parametrize(("rate", "message"), [(1.0842, "float"), ("0", "positive"), ("-1.1", "positive")])
def test_an_exchange_rate_is_a_positive_decimal(rate: object, message: str) -> None:
    with pytest.raises((MoneyError, ValidationError), match=message):
        sample_invoice("INV-1", "10.00", sample_party("c1", "Acme"), currency="EUR").model_validate(
            {**sample_invoice("INV-1", "10.00", sample_party("c1", "Acme")).model_dump(), "exchange_rate": rate}
        )


def test_float_in_json_is_refused() -> None:
    with pytest.raises(ValidationError, match="float"):
        Money.model_validate_json('{"amount": 10.5, "currency": "USD"}')


def test_multiplying_money_by_a_float_is_refused() -> None:
    with pytest.raises(MoneyError):
        Money(10, "USD") * 1.1  # type: ignore[operator]


@pytest.mark.parametrize("code", ["USDD", "EURO", "XYZ", ""])
def test_unknown_currency_codes_are_refused(code: str) -> None:
    with pytest.raises((MoneyError, ValidationError)):
        Money(1, code)


@given(
    total_cents=st.integers(min_value=1, max_value=10**9),
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=8).filter(lambda w: sum(w) > 0),
)
def test_allocations_sum_to_the_payment(total_cents: int, weights: list[int]) -> None:
    amount = Money.from_minor(total_cents, "USD")
    # Apply only part of the payment so that unapplied cash is exercised too.
    applied = Money.from_minor(total_cents * 3 // 4, "USD")
    parts = [p for p in applied.allocate(weights) if p.amount > 0] if applied.amount > 0 else []
    allocations = [Allocation(invoice_id=f"I{i}", amount=p) for i, p in enumerate(parts)]
    payment = Payment.build(id="P1", date=dt.date(2026, 1, 5), amount=amount, allocations=allocations)
    assert Money.sum((a.amount for a in payment.allocations), "USD") + payment.unapplied == payment.amount
    assert payment.unapplied.amount >= 0


def test_allocations_exceeding_the_payment_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"do not add up|negative"):
        Payment.build(
            id="P1",
            date=dt.date(2026, 1, 5),
            amount=Money("100", "USD"),
            allocations=[
                Allocation(invoice_id="I1", amount=Money("60", "USD")),
                Allocation(invoice_id="I2", amount=Money("50", "USD")),
            ],
        )


def test_an_allocation_in_another_currency_is_refused() -> None:
    with pytest.raises(CurrencyMismatchError):
        Payment.build(
            id="P1",
            date=dt.date(2026, 1, 5),
            amount=Money("100", "USD"),
            allocations=[Allocation(invoice_id="I1", amount=Money("60", "EUR"))],
        )


def test_invoice_amount_due_cannot_exceed_total() -> None:
    with pytest.raises(ValidationError, match="exceeds total"):
        Invoice(
            id="1",
            number="INV-1",
            customer_id="C1",
            customer_name="Acme",
            issue_date=dt.date(2026, 1, 1),
            currency="USD",
            total=Money("10", "USD"),
            amount_due=Money("11", "USD"),
        )


def test_models_are_frozen_and_reject_unknown_fields() -> None:
    money = Money("1", "USD")
    with pytest.raises(ValidationError):
        money.amount = Decimal(2)  # type: ignore[misc]
    with pytest.raises(ValidationError):
        SourceRef(file="a.csv", line=1, column=3)  # type: ignore[call-arg]


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def statement_lines(draw: st.DrawFn) -> StatementLine:
    currency = draw(st.sampled_from(sorted(CURRENCIES)))
    money = st.builds(Money, amounts, st.just(currency))
    return StatementLine(
        booking_date=draw(st.dates()),
        amount=draw(money),
        description=draw(text),
        counterparty_name=draw(st.none() | text),
        references=tuple(
            draw(st.lists(st.builds(Reference, kind=st.sampled_from(["rf", "invoice"]), value=text), max_size=3))
        ),
        bank_id=draw(st.none() | text),
        source=SourceRef(file=draw(text), line=draw(st.integers(1, 10**6))),
        items=tuple(draw(st.lists(st.builds(RemittanceItem, amount=st.none() | money, description=text), max_size=3))),
        raw=draw(st.dictionaries(text, text, max_size=3)),
    )


@settings(max_examples=200)
@given(line=statement_lines())
def test_canonical_json_round_trips(line: StatementLine) -> None:
    again = StatementLine.from_canonical_json(line.canonical_json())
    assert again == line
    assert again.content_hash() == line.content_hash()
    assert again.canonical_json() == line.canonical_json()


def test_canonical_json_carries_amounts_as_strings_and_sorted_keys() -> None:
    assert Money("12.5", "USD").canonical_json() == '{"amount":"12.50","currency":"USD"}'


def test_content_hash_changes_with_content() -> None:
    assert Money("1", "USD").content_hash() != Money("1.01", "USD").content_hash()
    assert Money("1", "USD").content_hash() == Money("1.00", "USD").content_hash()


@pytest.mark.parametrize(
    ("original", "message"),
    [
        (Money("100.00", "USD"), "the amount's own currency"),
        (Money("-92.00", "EUR"), "must have the sign of the amount"),
    ],
)
def test_an_original_amount_is_another_currency_with_the_bookings_sign(original: Money, message: str) -> None:
    """What the payer sent before the bank converted it: a same-currency or opposite-sign value would be
    compared with invoices as if it were the payer's, so it is refused."""
    with pytest.raises(ValidationError, match=message):
        StatementLine(
            booking_date=dt.date(2026, 3, 1),
            amount=Money("100.00", "USD"),
            source=SourceRef(file="s.csv", line=2),
            original_amount=original,
        )
    line = StatementLine(
        booking_date=dt.date(2026, 3, 1),
        amount=Money("100.00", "USD"),
        source=SourceRef(file="s.csv", line=2),
        original_amount=Money("92.00", "EUR"),
    )
    assert line.identity() != line.model_copy(update={"original_amount": None}).identity()


def test_a_reference_without_a_remitted_amount_keeps_its_json_form() -> None:
    """The remitted amount came later: a reference without one dumps as before, so the keys and hashes of
    lines stored before it stay the same; one with it round-trips."""
    plain = Reference(kind="invoice", value="INV-0012")
    assert plain.model_dump(mode="json") == {"kind": "invoice", "value": "INV-0012"}
    assert plain.canonical_json() == '{"kind":"invoice","value":"INV-0012"}'
    paid = Reference(kind="invoice", value="INV-0012", amount=Money("480.00", "USD"))
    assert Reference.model_validate(paid.model_dump(mode="json")) == paid


def test_a_remittance_item_without_a_discount_keeps_its_json_form() -> None:
    """The discount taken came later: an item without one dumps without the key, so the hashes of lines
    stored before it stay the same; one with it round-trips, and a negative discount is refused."""
    item = RemittanceItem(amount=Money("98.00", "USD"), references=(Reference(kind="invoice", value="INV-1"),))
    assert "discount" not in item.model_dump(mode="json")
    taken = item.model_copy(update={"discount": Money("2.00", "USD")})
    assert RemittanceItem.model_validate(taken.model_dump(mode="json")) == taken
    assert taken.content_hash() != item.content_hash()
    with pytest.raises(ValueError, match="must not be negative"):
        RemittanceItem(amount=Money("98.00", "USD"), discount=Money("-2.00", "USD"))


def test_a_party_without_a_parent_or_customer_number_keeps_its_json_form() -> None:
    """parent_id and account_number came later: a party without them dumps without the keys (stored
    hashes unchanged); with them it round-trips."""
    party = Party(id="7", name="Freeman Sporting Goods")
    assert set(party.model_dump(mode="json")).isdisjoint({"parent_id", "account_number"})
    job = Party(id="9", name="55 Twin Lane", parent_id="7", account_number="10-7654321")
    assert Party.model_validate(job.model_dump(mode="json")) == job


def test_an_invoice_without_discount_terms_keeps_its_json_form() -> None:
    party = sample_party("c1", "Acme Industries Ltd")
    plain = sample_invoice("INV-0012", "100.00", party)
    assert set(plain.model_dump(mode="json")).isdisjoint({"discount_pct", "discount_until"})
    termed = plain.model_copy(update={"discount_pct": Decimal(2), "discount_until": dt.date(2026, 3, 12)})
    assert Invoice.model_validate(termed.model_dump(mode="json")) == termed
    with pytest.raises(ValidationError, match="between 0 and 100"):
        Invoice.model_validate({**plain.model_dump(mode="json"), "discount_pct": "120"})
