"""The demo company: one deterministic set of customers, invoices, payments, credit notes and bank lines.

Both sandboxes (QuickBooks and Xero) seed their ``demo`` data from :func:`demo_company`, so the two
ledgers describe the same business and the demo bank statement is consistent with them:

- every payment already recorded in the ledger has its deposit on the statement (it reconciles);
- the statement also carries new customer receipts not yet in the ledger (cash application has work to
  do: exact, partial, several invoices in one receipt, short-paid with a bank fee, mangled references,
  name-only), and non-customer lines (interest, bank fees, transfers) that must stay unmatched.

Everything is generated from a seed with :class:`random.Random`, so the same seed gives the same company.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import Decimal

from arsync.models import (
    Allocation,
    CreditNote,
    DocumentStatus,
    Invoice,
    InvoiceLine,
    Money,
    Party,
    Payment,
    Reference,
    SourceRef,
    StatementLine,
)

__all__ = ["DEMO_TODAY", "DemoCompany", "demo_company"]

DEMO_TODAY = dt.date(2026, 11, 15)
"""The demo's fixed "today", so reports of the demo are reproducible."""

CURRENCY = "USD"
STATEMENT_FILE = "demo-bank-statement.csv"

_FIRST = (
    "Acme Harbor Blue Cedar Summit Northwind Granite Silver Maple Oak Pioneer Redwood Atlas Beacon "
    "Copper Delta Evergreen Falcon Golden Horizon Iron Juniper Keystone Lakeside Meridian Nova Orchard "
    "Pinnacle Quarry Riverbend Sequoia Tidewater Union Vertex Willow Yellowstone Zephyr Alder Birch "
    "Canyon Driftwood Ember Fjord Glacier Highland Indigo Jasper Kestrel Lantern Mosaic Nimbus"
).split()
_SECOND = "Supply Logistics Dental Studio Bakery Consulting Engineering Foods Design Outfitters Labs Builders".split()
_SUFFIX = ("LLC", "Inc.", "Ltd", "Co.", "Corp", "LLP")
_SERVICES = (
    ("Consulting hours", Decimal("150.00")),
    ("Monthly support plan", Decimal("450.00")),
    ("Implementation", Decimal("1200.00")),
    ("Training session", Decimal("375.50")),
    ("Hosting (quarter)", Decimal("89.99")),
)


@dataclasses.dataclass(frozen=True)
class DemoCompany:
    """The demo data set.

    Attributes:
        today: the demo's "today".
        parties: about 50 customers.
        invoices: about 300 invoices, their ``amount_due`` net of recorded payments and credits.
        payments: payments recorded in the ledger, with allocations.
        credit_notes: credit memos, some applied to invoices.
        statement_lines: the demo bank statement, oldest first.
        expected: for each *new* receipt on the statement (source line -> invoice numbers it pays),
            the answer a careful AR specialist would give; empty tuple for non-customer lines.
    """

    today: dt.date
    parties: tuple[Party, ...]
    invoices: tuple[Invoice, ...]
    payments: tuple[Payment, ...]
    credit_notes: tuple[CreditNote, ...]
    statement_lines: tuple[StatementLine, ...]
    expected: dict[int, tuple[str, ...]]


@dataclasses.dataclass
class _Draft:
    """An invoice being generated, before payments and credits settle its amount due."""

    id: str
    number: str
    party: Party
    issue: dt.date
    due: dt.date
    lines: tuple[InvoiceLine, ...]
    total: Money
    paid: Money


def _money(value: Decimal | int | str) -> Money:
    return Money(value, CURRENCY)


def _parties(rng: random.Random, count: int) -> list[Party]:
    names: set[str] = set()
    parties: list[Party] = []
    while len(parties) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {rng.choice(_SUFFIX)}"
        if name in names:
            continue
        names.add(name)
        index = len(parties) + 1
        slug = name.split(maxsplit=1)[0].lower()
        accounts = (f"US{rng.randrange(10**9, 10**10)}",) if rng.random() < 0.6 else ()
        parties.append(
            Party(
                id=f"C{index:03d}",
                name=name,
                emails=(f"ap@{slug}{index}.example.com",),
                bank_accounts=accounts,
                currency=CURRENCY,
            )
        )
    return parties


def demo_company(seed: int = 42, customers: int = 50, invoices: int = 300) -> DemoCompany:
    """Generate the demo company deterministically from ``seed``."""
    rng = random.Random(seed)
    parties = _parties(rng, customers)
    start = DEMO_TODAY - dt.timedelta(days=180)

    raw_invoices: list[_Draft] = []
    for n in range(invoices):
        party = parties[rng.randrange(len(parties))]
        issue = start + dt.timedelta(days=rng.randrange(175))
        invoice_lines: list[InvoiceLine] = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            description, price = rng.choice(_SERVICES)
            quantity = Decimal(rng.choice((1, 1, 2, 3, 4, 8)))
            invoice_lines.append(
                InvoiceLine(
                    description=description,
                    quantity=quantity,
                    unit_price=_money(price),
                    amount=_money(price * quantity),
                    item_code="Services",
                )
            )
        total = Money.sum((line.amount for line in invoice_lines), CURRENCY)
        raw_invoices.append(
            _Draft(
                id=f"I{n + 1:04d}",
                number=f"INV-{1001 + n}",
                party=party,
                issue=issue,
                due=issue + dt.timedelta(days=30),
                lines=tuple(invoice_lines),
                total=total,
                paid=_money(0),
            )
        )
    raw_invoices.sort(key=lambda r: (r.issue, r.number))

    payments: list[Payment] = []
    statement: list[tuple[dt.date, Money, str, str | None, tuple[Reference, ...]]] = []
    for raw in raw_invoices:
        issue, total, party = raw.issue, raw.total, raw.party
        age = (DEMO_TODAY - issue).days
        roll = rng.random()
        if (age > 45 and roll < 0.75) or (age > 20 and roll < 0.35):
            amount = total
        elif roll < 0.45:
            amount = _money((total.amount * Decimal("0.5")).quantize(Decimal("0.01")))
        else:
            continue
        paid_on = min(issue + dt.timedelta(days=rng.randrange(10, 50)), DEMO_TODAY - dt.timedelta(days=3))
        pid = f"P{len(payments) + 1:04d}"
        payments.append(
            Payment.build(
                id=pid,
                date=paid_on,
                amount=amount,
                customer_id=party.id,
                customer_name=party.name,
                allocations=[Allocation(invoice_id=raw.id, invoice_number=raw.number, amount=amount)],
                deposit_account="Checking",
                reference=raw.number,
                method="ACH",
            )
        )
        raw.paid = amount
        statement.append((paid_on, amount, f"ACH CREDIT {party.name.upper()} {raw.number}", party.name, ()))

    credit_notes: list[CreditNote] = []
    open_raws = [r for r in raw_invoices if r.paid.is_zero()]
    for k, raw in enumerate(rng.sample(open_raws, min(10, len(open_raws)))):
        party, total, issue = raw.party, raw.total, raw.issue
        credit = _money((total.amount * Decimal("0.1")).quantize(Decimal("0.01")))
        applied = k % 2 == 0
        credit_notes.append(
            CreditNote(
                id=f"CN{k + 1:03d}",
                number=f"CN-{501 + k}",
                customer_id=party.id,
                customer_name=party.name,
                date=min(issue + dt.timedelta(days=7), DEMO_TODAY),
                currency=CURRENCY,
                total=credit,
                remaining=_money(0) if applied else credit,
                allocations=(Allocation(invoice_id=raw.id, invoice_number=raw.number, amount=credit),)
                if applied
                else (),
            )
        )
        if applied:
            raw.paid = credit

    invoices_out: list[Invoice] = []
    for raw in raw_invoices:
        total, party = raw.total, raw.party
        due = total - raw.paid
        invoices_out.append(
            Invoice(
                id=raw.id,
                number=raw.number,
                customer_id=party.id,
                customer_name=party.name,
                issue_date=raw.issue,
                due_date=raw.due,
                currency=CURRENCY,
                lines=raw.lines,
                subtotal=total,
                tax=_money(0),
                total=total,
                amount_due=due,
                status=DocumentStatus.PAID if due.is_zero() else DocumentStatus.OPEN,
            )
        )

    expected_new: list[tuple[dt.date, Money, str, str | None, tuple[Reference, ...], tuple[str, ...]]] = []
    open_invoices = [inv for inv in invoices_out if inv.is_open and inv.amount_due == inv.total]
    rng.shuffle(open_invoices)
    by_party: dict[str, list[Invoice]] = {}
    for inv in open_invoices:
        by_party.setdefault(inv.customer_id, []).append(inv)
    used: set[str] = set()
    pay_day = DEMO_TODAY - dt.timedelta(days=14)

    def take(count: int) -> list[Invoice]:
        chosen = [inv for inv in open_invoices if inv.number not in used][:count]
        used.update(inv.number for inv in chosen)
        return chosen

    styles = ("exact", "lower", "hash", "spaced", "name_only", "partial", "fee")
    for k, inv in enumerate(take(28)):
        style = styles[k % len(styles)]
        digits = inv.number.split("-")[1]
        amount = inv.amount_due
        ref_text = {
            "exact": inv.number,
            "lower": f"inv {digits}",
            "hash": f"payment #{digits}",
            "spaced": f"INV {digits}",
            "name_only": "",
            "partial": inv.number,
            "fee": inv.number,
        }[style]
        if style == "partial":
            amount = _money((amount.amount / 2).quantize(Decimal("0.01")))
        if style == "fee":
            amount = amount - _money("15.00")  # an intermediary bank kept a wire fee
        day = pay_day + dt.timedelta(days=k % 10)
        desc = f"{'WIRE' if style == 'fee' else 'ACH'} CREDIT {inv.customer_name.upper()} {ref_text}".strip()
        expected_new.append((day, amount, desc, inv.customer_name, (), (inv.number,)))
    # One receipt paying several invoices of the same customer, with a batch remittance.
    for party_id, invs in by_party.items():
        group = [inv for inv in invs if inv.number not in used][:3]
        if len(group) == 3:
            used.update(inv.number for inv in group)
            amount = Money.sum((inv.amount_due for inv in group), CURRENCY)
            refs = tuple(Reference(kind="invoice", value=inv.number) for inv in group)
            desc = f"ACH CREDIT {group[0].customer_name.upper()} " + " ".join(inv.number for inv in group)
            expected_new.append(
                (
                    pay_day + dt.timedelta(days=5),
                    amount,
                    desc,
                    group[0].customer_name,
                    refs,
                    tuple(inv.number for inv in group),
                )
            )
            del party_id
            break
    for day_offset, amount, desc in (
        (1, _money("3.17"), "INTEREST PAYMENT"),
        (2, _money("-25.00"), "MONTHLY SERVICE FEE"),
        (4, _money("5000.00"), "TRANSFER FROM SAVINGS 0042"),
        (9, _money("-1250.00"), "PAYROLL ADP"),
    ):
        expected_new.append((pay_day + dt.timedelta(days=day_offset), amount, desc, None, (), ()))

    rows = [(d, a, desc, name, refs, None) for d, a, desc, name, refs in statement] + [
        (d, a, desc, name, refs, exp) for d, a, desc, name, refs, exp in expected_new
    ]
    rows.sort(key=lambda r: (r[0], r[2]))
    lines: list[StatementLine] = []
    expected: dict[int, tuple[str, ...]] = {}
    for i, (day, amount, desc, name, refs, exp) in enumerate(rows):
        line_no = i + 2  # line 1 is the CSV header
        lines.append(
            StatementLine(
                booking_date=day,
                amount=amount,
                description=desc,
                counterparty_name=name,
                references=refs,
                bank_id=f"DEMO{line_no:05d}",
                source=SourceRef(file=STATEMENT_FILE, line=line_no),
            )
        )
        if exp is not None:
            expected[line_no] = exp

    return DemoCompany(
        today=DEMO_TODAY,
        parties=tuple(parties),
        invoices=tuple(invoices_out),
        payments=tuple(payments),
        credit_notes=tuple(credit_notes),
        statement_lines=tuple(lines),
        expected=expected,
    )
