"""A customer often pays an invoice less a credit note it holds: the payment and the credit note together
close the invoice. The engine proposes that reading, names the credit note, and leaves the second write
for a person to confirm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.matching.engine import match_statement
from arsync.matching.result import match_json
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import CreditNote, DocumentStatus, Invoice, Money, Party

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc")


def credit_note(
    number: str, remaining: str, party: Party = ACME, status: DocumentStatus = DocumentStatus.OPEN
) -> CreditNote:
    return CreditNote(
        id=f"id-{number}",
        number=number,
        customer_id=party.id,
        customer_name=party.name,
        date=dt.date(2026, 2, 20),
        currency="USD",
        total=Money(remaining, "USD"),
        remaining=Money(remaining, "USD"),
        status=status,
    )


def ledger(invoices: list[Invoice], credits: list[CreditNote]) -> LedgerSnapshot:
    background = [sample_invoice("INV-0101", "310.00", BOLT), sample_invoice("INV-0102", "77.15", ACME)]
    return LedgerSnapshot(
        source="qbo", parties=(ACME, BOLT), invoices=(*invoices, *background), credit_notes=tuple(credits)
    )


def test_an_invoice_paid_less_the_customers_credit_note_is_proposed_with_the_credit_note() -> None:
    """INV-0012 is open for 1,000.00 and Acme holds CN-0005 for 200.00; Acme pays 800.00 naming the
    invoice. Read alone, that is a partial payment; with the credit note it closes the invoice."""
    snapshot = ledger([sample_invoice("INV-0012", "1000.00", ACME)], [credit_note("CN-0005", "200.00")])
    result = match_statement([sample_line("800.00", "INV-0012", payer="ACME INDUSTRIES")], snapshot)
    (match,) = result.matches
    assert match.decision == "suggest"
    assert [(a.invoice_number, a.applied) for a in match.allocations] == [("INV-0012", Money("800.00", "USD"))]
    assert [(c.credit_note_number, c.applied) for c in match.credit_notes] == [("CN-0005", Money("200.00", "USD"))]
    amount = next(r.detail for r in match.reasons if r.feature == "amount")
    assert "credit note CN-0005 (USD 200.00) close the open USD 1,000.00" in amount
    assert match_json(match)["credit_notes"] == [{"number": "CN-0005", "id": "id-CN-0005", "applied": "200.00"}]


def test_another_customers_or_a_used_up_credit_note_is_not_offered() -> None:
    """Bolt's credit note and Acme's voided one do not fit Acme's payment: it stays a partial payment."""
    snapshot = ledger(
        [sample_invoice("INV-0012", "1000.00", ACME)],
        [credit_note("CN-0006", "200.00", BOLT), credit_note("CN-0007", "200.00", status=DocumentStatus.VOID)],
    )
    (match,) = match_statement([sample_line("800.00", "INV-0012", payer="ACME INDUSTRIES")], snapshot).matches
    assert not match.credit_notes
    assert all(not alt.credit_notes for alt in match.alternatives)
    assert [a.applied.amount for a in match.allocations] == [Decimal("800.00")]


def test_a_credit_note_the_remittance_names_is_applied_automatically_once() -> None:
    """ "INV-0012 less CN-0005": the payer says what it deducted, so the payment and the credit note are
    applied unattended. Two lines both deducting the same credit note cannot both be: neither is."""
    invoices = [sample_invoice("INV-0012", "1000.00", ACME), sample_invoice("INV-0013", "1000.00", ACME)]
    snapshot = ledger(invoices, [credit_note("CN-0005", "200.00")])
    (named,) = match_statement(
        [sample_line("800.00", "INV-0012 less CN-0005", payer="ACME INDUSTRIES")], snapshot
    ).matches
    assert named.decision == "auto"
    assert [c.credit_note_number for c in named.credit_notes] == ["CN-0005"]
    twice = match_statement(
        [
            sample_line("800.00", "INV-0012 less CN-0005", payer="ACME INDUSTRIES"),
            sample_line("800.00", "INV-0013 less CN-0005", payer="ACME INDUSTRIES", line=3),
        ],
        snapshot,
    )
    assert [m.decision for m in twice.matches] == ["suggest", "suggest"]
    assert all(any("apply the same credit note" in r.detail for r in m.reasons) for m in twice.matches)


@settings(max_examples=60, deadline=None)
@given(
    opens=st.lists(st.integers(min_value=200, max_value=5_000), min_size=1, max_size=6),
    credits=st.lists(st.integers(min_value=100, max_value=1_000), min_size=1, max_size=3),
    picks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.booleans()), min_size=1, max_size=5),
)
def test_credit_notes_are_never_applied_past_what_they_hold(
    opens: list[int], credits: list[int], picks: list[tuple[int, int, bool]]
) -> None:
    """Whatever the statement: a match applying a credit note closes its invoice exactly (payment plus
    credit), and the automatic decisions never use a credit note more than once."""
    invoices = [sample_invoice(f"INV-{k:04d}", str(Decimal(v)), ACME) for k, v in enumerate(opens)]
    notes = [credit_note(f"CN-{k:04d}", str(Decimal(v))) for k, v in enumerate(credits)]
    lines = []
    for n, (i, c, name_it) in enumerate(picks):
        invoice, note = invoices[i % len(invoices)], notes[c % len(notes)]
        pay = invoice.amount_due.amount - note.remaining.amount
        if pay <= 0:
            continue
        text = f"{invoice.number} less {note.number}" if name_it else invoice.number
        lines.append(sample_line(str(pay), text, payer="ACME INDUSTRIES", line=n + 2))
    result = match_statement(lines, ledger(invoices, notes))
    open_of = {inv.id: inv.amount_due.amount for inv in invoices}
    used: dict[str, int] = {}
    for match in result.matches:
        for proposal in (match, *match.alternatives):
            if proposal.credit_notes:
                (allocation,) = proposal.allocations
                (credit,) = proposal.credit_notes
                assert allocation.applied.amount + credit.applied.amount == open_of[allocation.invoice_id]
        if match.decision == "auto":
            for credit in match.credit_notes:
                used[credit.credit_note_id] = used.get(credit.credit_note_id, 0) + 1
    assert all(count == 1 for count in used.values())
