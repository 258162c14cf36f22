"""A customer often pays an invoice less a credit note it holds: the payment and the credit note together
close the invoice. The engine proposes that reading, names the credit note, and leaves the second write
for a person to confirm."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.matching.engine import match_statement
from arsync.matching.result import match_json
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import CreditNote, DocumentStatus, Invoice, Match, Money, Party
from arsync.plugins import load_plugins

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
    assert all(any("more of credit note CN-0005 than it holds" in r.detail for r in m.reasons) for m in twice.matches)


@settings(max_examples=60, deadline=None)
@given(
    opens=st.lists(st.integers(min_value=200, max_value=5_000), min_size=1, max_size=6),
    credits=st.lists(st.integers(min_value=100, max_value=1_000), min_size=1, max_size=3),
    picks=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.booleans()), min_size=1, max_size=5),
)
def test_credit_notes_are_never_applied_past_what_they_hold(
    opens: list[int], credits: list[int], picks: list[tuple[int, int, bool]]
) -> None:
    """Whatever the statement: a match applying credit notes closes its invoice exactly (payment plus
    credits), and the automatic decisions together never use more of a credit note than it holds."""
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
    holds = {note.id: note.remaining.amount for note in notes}
    used: dict[str, Decimal] = {}
    for match in result.matches:
        for proposal in (match, *match.alternatives):
            if proposal.credit_notes:
                (allocation,) = proposal.allocations
                credited = sum(c.applied.amount for c in proposal.credit_notes)
                assert allocation.applied.amount + credited == open_of[allocation.invoice_id]
                assert all(0 < c.applied.amount <= holds[c.credit_note_id] for c in proposal.credit_notes)
        if match.decision == "auto":
            for credit in match.credit_notes:
                used[credit.credit_note_id] = used.get(credit.credit_note_id, Decimal(0)) + credit.applied.amount
    assert all(total <= holds[note_id] for note_id, total in used.items())


def test_two_credit_notes_and_part_of_one_are_read_when_the_remittance_names_them() -> None:
    """ "INV-0012 less CN-0005 and CN-0006" deducts both notes in full; "INV-0013 less CN-0007" deducts
    150.00 of a note holding 400.00. Named, both are applied unattended; part of a note the payer does not
    name is not offered, since it would fit any shortfall."""
    invoices = [sample_invoice("INV-0012", "1000.00", ACME), sample_invoice("INV-0013", "900.00", ACME)]
    notes = [credit_note("CN-0005", "200.00"), credit_note("CN-0006", "50.00"), credit_note("CN-0007", "400.00")]
    snapshot = ledger(invoices, notes)
    both = match_statement(
        [sample_line("750.00", "INV-0012 less CN-0005 and CN-0006", payer="ACME INDUSTRIES")], snapshot
    ).matches[0]
    assert both.decision == "auto"
    assert {c.credit_note_number: c.applied.amount for c in both.credit_notes} == {
        "CN-0005": Decimal("200.00"),
        "CN-0006": Decimal("50.00"),
    }
    part = match_statement(
        [sample_line("750.00", "INV-0013 less CN-0007", payer="ACME INDUSTRIES", line=3)], snapshot
    ).matches[0]
    assert part.decision == "auto"
    assert [(c.credit_note_number, c.applied.amount) for c in part.credit_notes] == [("CN-0007", Decimal("150.00"))]
    amount = next(r.detail for r in part.reasons if r.feature == "amount")
    assert "USD 150.00 of credit note CN-0007 (USD 400.00 left)" in amount
    unnamed = match_statement([sample_line("750.00", "INV-0013", payer="ACME INDUSTRIES", line=4)], snapshot).matches[0]
    assert all(c.credit_note_number != "CN-0007" for m in (unnamed, *unnamed.alternatives) for c in m.credit_notes)


def test_two_payments_may_share_a_credit_note_that_holds_enough_for_both() -> None:
    """CN-0007 holds 400.00: 150.00 against INV-0013 and 100.00 against INV-0014 both fit it."""
    invoices = [sample_invoice("INV-0013", "900.00", ACME), sample_invoice("INV-0014", "600.00", ACME)]
    snapshot = ledger(invoices, [credit_note("CN-0007", "400.00")])
    lines = [
        sample_line("750.00", "INV-0013 less CN-0007", payer="ACME INDUSTRIES"),
        sample_line("500.00", "INV-0014 less CN-0007", payer="ACME INDUSTRIES", line=3),
    ]
    result = match_statement(lines, snapshot)
    assert [m.decision for m in result.matches] == ["auto", "auto"]
    assert [m.credit_notes[0].applied.amount for m in result.matches] == [Decimal("150.00"), Decimal("100.00")]


def test_several_invoices_paid_less_a_credit_note_the_remittance_names_close_together() -> None:
    """ "INV-0012 INV-0013 less CN-0005": 700.00 and CN-0005's 100.00 close 500.00 + 300.00. Read as a
    payment alone, INV-0013 would stay open for 100.00 and the credit note unused; part of a larger note
    works the same way, and a note the payer does not name is not used."""
    invoices = [sample_invoice("INV-0012", "500.00", ACME), sample_invoice("INV-0013", "300.00", ACME)]
    for note, text in ((credit_note("CN-0005", "100.00"), "INV-0012 INV-0013 less CN-0005"),
                       (credit_note("CN-0005", "350.00"), "INV-0012, INV-0013 ./. Gutschrift CN-0005")):  # fmt: skip
        snapshot = ledger(invoices, [note])
        (match,) = match_statement([sample_line("700.00", text, payer="ACME INDUSTRIES")], snapshot).matches
        assert match.decision == "auto"
        assert [(a.invoice_number, a.applied.amount) for a in match.allocations] == [
            ("INV-0012", Decimal("500.00")),
            ("INV-0013", Decimal("200.00")),
        ]
        assert [(c.credit_note_number, c.applied.amount) for c in match.credit_notes] == [
            ("CN-0005", Decimal("100.00"))
        ]
    snapshot = ledger(invoices, [credit_note("CN-0005", "100.00")])
    (unnamed,) = match_statement(
        [sample_line("700.00", "INV-0012 INV-0013", payer="ACME INDUSTRIES")], snapshot
    ).matches
    assert unnamed.credit_notes == ()


BAI2_CTX_WITH_CREDIT_MEMO = (
    "01,BANK,CUST,260302,0800,1,,,2/\n02,CUST,BANK,1,260302,,USD,2/\n03,123456789,USD,010,100000,,/\n"
    "16,165,70000,0,REF1,,ORIG CO NAME:ACME INDUSTRIES SEC:CTX\n"
    "88,RMR*IV*INV-0012*PI*500.00\\RMR*IV*INV-0013*PI*300.00\\RMR*CM*CN-0005*PI*-100.00\\\n"
    "49,170000,4/\n98,170000,1,6/\n99,170000,1,8/\n"
)


def test_an_ach_remittance_listing_a_credit_memo_closes_the_invoices_with_it(tmp_path: Path) -> None:
    """A corporate ACH (CTX) pays two invoices and deducts a credit memo, each an X12 RMR segment: the
    payment and the credit memo close both invoices."""
    path = tmp_path / "ctx.bai"
    path.write_text(BAI2_CTX_WITH_CREDIT_MEMO)
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    invoices = [sample_invoice("INV-0012", "500.00", ACME), sample_invoice("INV-0013", "300.00", ACME)]
    (match,) = match_statement(lines, ledger(invoices, [credit_note("CN-0005", "100.00")])).matches
    assert match.decision == "auto"
    assert [(a.invoice_number, a.applied.amount) for a in match.allocations] == [
        ("INV-0012", Decimal("500.00")),
        ("INV-0013", Decimal("200.00")),
    ]
    assert [(c.credit_note_number, c.applied.amount) for c in match.credit_notes] == [("CN-0005", Decimal("100.00"))]


def two_payments_one_credit_note(first: str) -> tuple[Match, ...]:
    """Acme owes INV-0012 and INV-0013 (1,000.00 each) and holds CN-0005 (200.00); it pays 800.00 with
    ``first`` (line 2), then 800.00 with "INV-0013" (line 3)."""
    snapshot = ledger(
        [sample_invoice("INV-0012", "1000.00", ACME), sample_invoice("INV-0013", "1000.00", ACME)],
        [credit_note("CN-0005", "200.00")],
    )
    lines = [
        sample_line("800.00", first, payer="ACME INDUSTRIES", line=2),
        sample_line("800.00", "INV-0013", payer="ACME INDUSTRIES", line=3),
    ]
    return match_statement(lines, snapshot).matches


def test_suggestions_offering_the_same_credit_note_say_only_one_can_take_it() -> None:
    """Acme pays 800.00 twice, for INV-0012 and INV-0013 (1,000.00 each), and holds one credit note of
    200.00. Each payment is proposed with the credit note; accepting both would apply 400.00 of it. Each
    suggestion says so, naming the other line. Before, each read as if the note were its own."""
    matches = two_payments_one_credit_note("INV-0012")
    assert [m.decision for m in matches] == ["suggest", "suggest"]
    assert all([c.credit_note_number for c in m.credit_notes] == ["CN-0005"] for m in matches)
    for match in matches:
        conflict = [r.detail for r in match.reasons if r.feature == "conflict"]
        expected = (
            "line 2, line 3 together would apply more of credit note CN-0005 than the USD 200.00 it holds: "
            "accept one of them with it"
        )
        assert conflict == [expected]


def test_a_suggestion_offering_a_credit_note_an_automatic_decision_takes_says_so() -> None:
    """Line 2 names INV-0012 and CN-0005 and is applied with it; line 3 pays INV-0013 short by the same
    200.00 without naming it. The automatic decision keeps the note; the suggestion says it is taken."""
    named, offered = two_payments_one_credit_note("INV-0012 less CN-0005")
    assert named.decision == "auto" and [c.credit_note_number for c in named.credit_notes] == ["CN-0005"]
    assert not [r for r in named.reasons if r.feature == "conflict"]
    assert offered.decision == "suggest"
    assert any("line 2, line 3 together would apply more" in r.detail for r in offered.reasons)
