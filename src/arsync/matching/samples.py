"""Small builders for statement lines, invoices and parties: for tests, docs and plugin authors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from arsync.models import Invoice, Money, Party, Reference, RemittanceItem, SourceRef, StatementLine

__all__ = ["sample_invoice", "sample_line", "sample_party"]

_DAY = dt.date(2026, 3, 1)


def sample_party(party_id: str, name: str, *, accounts: Sequence[str] = (), aliases: Sequence[str] = ()) -> Party:
    """A customer."""
    return Party(id=party_id, name=name, bank_accounts=tuple(accounts), aliases=tuple(aliases))


def sample_invoice(
    number: str,
    amount: str,
    party: Party,
    *,
    due: dt.date = _DAY,
    issued: dt.date | None = None,
    currency: str = "USD",
    paid: str = "0",
    reference: str | None = None,
) -> Invoice:
    """An open invoice of ``party`` for ``amount`` (a decimal string), ``paid`` already collected."""
    total = Money(amount, currency)
    return Invoice(
        id=f"id-{number}",
        number=number,
        customer_id=party.id,
        customer_name=party.name,
        issue_date=issued or due - dt.timedelta(days=30),
        due_date=due,
        currency=currency,
        total=total,
        amount_due=total - Money(paid, currency),
        reference=reference,
    )


def sample_line(
    amount: str,
    description: str = "",
    *,
    payer: str | None = None,
    account: str | None = None,
    day: dt.date = _DAY,
    currency: str = "USD",
    line: int = 2,
    references: Sequence[Reference] = (),
    items: Sequence[RemittanceItem] = (),
    file: str = "statement.csv",
) -> StatementLine:
    """A statement line paying ``amount`` (negative is money out)."""
    return StatementLine(
        booking_date=day,
        amount=Money(amount, currency),
        description=description,
        counterparty_name=payer,
        counterparty_account=account,
        references=tuple(references),
        items=tuple(items),
        source=SourceRef(file=file, line=line),
    )
