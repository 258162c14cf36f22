"""An invoice named by its own reference (the customer's order number, a Belgian structured communication,
a Swiss QR reference) or by a number with letters after it ("INV-0012-B"), as payers really write them."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.references import InvoiceNumberIndex
from arsync.matching.result import MatchResult
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Match, StatementLine
from arsync.plugins import load_plugins

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc")
DAY = dt.date(2026, 3, 2)


def run(lines: list[StatementLine], invoices: list[Invoice]) -> MatchResult:
    return match_statement(lines, (invoices, [ACME, BOLT]))


def only(result: MatchResult) -> Match:
    (match,) = (*result.matches, *result.unmatched_bank)
    return match


def applied(match: Match) -> list[str]:
    return [a.invoice_number for a in match.allocations]


def reference_reasons(match: Match) -> list[str]:
    return [r.detail for r in match.reasons if r.feature == "reference"]


def two_orders(first: str | None = "PO-7781", second: str | None = "PO-7782") -> list[Invoice]:
    """Two of Acme's invoices of the same amount, each carrying the customer's order number (Xero's
    Reference): only the order number tells them apart."""
    return [
        sample_invoice("INV-0301", "640.00", ACME, reference=first),
        sample_invoice("INV-0302", "640.00", ACME, reference=second),
    ]


@pytest.mark.parametrize("text", ["PO 7782", "PO#7782", "PO# 7782", "your ref PO-7782", "po7782 thanks"])
def test_the_customers_order_number_names_the_invoice_that_carries_it(text: str) -> None:
    match = only(run([sample_line("640.00", text, payer="ACME INDUSTRIES")], two_orders()))
    assert match.decision == "auto"
    assert applied(match) == ["INV-0302"]
    assert any("its reference 'PO-7782'" in r for r in reference_reasons(match)), match.reasons


def test_without_the_order_number_in_the_ledger_the_same_payment_waits_for_a_person() -> None:
    """The same text against the same invoices without their references: a coin toss, so no auto."""
    match = only(run([sample_line("640.00", "PO 7782", payer="ACME INDUSTRIES")], two_orders(None, None)))
    assert match.decision == "suggest"


def test_a_free_text_reference_is_not_named_by_one_of_its_words() -> None:
    """Xero's Reference is often a phrase ("Website redesign phase 2"): "phase 2" in another payment's text
    names nothing."""
    invoices = [
        sample_invoice("INV-0310", "900.00", ACME, reference="Website redesign phase 2"),
        sample_invoice("INV-0311", "900.00", ACME),
    ]
    match = only(run([sample_line("900.00", "PHASE 2 CONSTRUCTION", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "suggest"
    assert reference_reasons(match) == []


BELGIAN = [
    sample_invoice("F-2026-118", "450.00", BOLT, reference="+++090/9337/55493+++"),
    sample_invoice("F-2026-119", "450.00", BOLT, reference="+++120/0000/00191+++"),
]


@pytest.mark.parametrize("text", ["+++090/9337/55493+++", "***090/9337/55493***", "090/9337/55493", "090933755493"])
def test_a_belgian_structured_communication_is_read_however_it_is_printed(text: str) -> None:
    match = only(run([sample_line("450.00", text, payer="BOLT LOGISTICS")], BELGIAN))
    assert match.decision == "auto"
    assert applied(match) == ["F-2026-118"]


def test_a_swiss_qr_reference_printed_in_groups_of_five_names_its_invoice() -> None:
    invoices = [
        sample_invoice("R-55", "880.00", BOLT, reference="210000000003139471430009017"),
        sample_invoice("R-56", "880.00", BOLT, reference="210000000003139471430009025"),
    ]
    text = "QR-REF 21 00000 00003 13947 14300 09025 BOLT"
    match = only(run([sample_line("880.00", text, payer="BOLT LOGISTICS")], invoices))
    assert match.decision == "auto"
    assert applied(match) == ["R-56"]


def test_digit_groups_that_only_partly_spell_a_reference_name_nothing() -> None:
    index = InvoiceNumberIndex(["F-1", "F-2"], ["+++090/9337/55493+++", None])
    assert [h.invoice for h in index.find(["090/9337/55494"])] == []
    assert [h.invoice for h in index.find(["REF 090 9337 55493"])] == [0]


@given(
    digits=st.text("0123456789", min_size=8, max_size=27),
    cuts=st.sets(st.integers(1, 26), max_size=6),
    mark=st.sampled_from([" ", "/", ".", "-", " / ", "  "]),
)
def test_an_all_digit_reference_is_found_however_its_digits_are_grouped(digits: str, cuts: set[int], mark: str) -> None:
    index = InvoiceNumberIndex(["F-1", "F-2"], [digits, None])
    ends = [0, *sorted(c for c in cuts if c < len(digits)), len(digits)]
    written = mark.join(digits[a:b] for a, b in itertools.pairwise(ends))
    assert 0 in {h.invoice for h in index.find([f"REF {written} THANK YOU"])}


CAMT_CREDITOR_REFERENCE = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
 <BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-03T06:00:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>N1</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>USD</Ccy></Acct>
   <Ntry><Amt Ccy="USD">450.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
    <NtryDtls><TxDtls><Amt Ccy="USD">450.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
     <RltdPties><Dbtr><Pty><Nm>Bolt Logistics Inc</Nm></Pty></Dbtr></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
      <Ref>120000000191</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""


def test_a_creditor_reference_camt_passes_apart_names_the_invoice(tmp_path: Path) -> None:
    """A Belgian bank passes the structured communication as camt CdtrRefInf (SCOR, issuer BBA), digits only."""
    path = tmp_path / "notification.xml"
    path.write_text(CAMT_CREDITOR_REFERENCE)
    batch = parse_statements([path], registry=load_plugins())
    match = only(run(list(batch.lines), BELGIAN))
    assert match.decision == "auto"
    assert applied(match) == ["F-2026-119"]


LETTERED = [
    sample_invoice("INV-0012-A", "100.00", ACME),
    sample_invoice("INV-0012-B", "100.00", ACME),
    sample_invoice("INV-0013", "100.00", ACME),
]


@pytest.mark.parametrize("text", ["INV-0012-B", "INV 0012 B", "inv0012b", "Invoice INV-0012-B, thanks"])
def test_the_letters_after_a_number_tell_its_siblings_apart(text: str) -> None:
    match = only(run([sample_line("100.00", text, payer="ACME INDUSTRIES")], LETTERED))
    assert match.decision == "auto"
    assert applied(match) == ["INV-0012-B"]
    assert not any("another invoice" in r for r in reference_reasons(match)), match.reasons


def test_the_number_without_its_letters_names_both_siblings_and_decides_nothing() -> None:
    match = only(run([sample_line("100.00", "INV-0012", payer="ACME INDUSTRIES")], LETTERED))
    assert match.decision == "suggest"
    assert applied(match)[0].startswith("INV-0012-")


def test_a_lone_lettered_number_is_still_named_without_its_letters() -> None:
    invoices = [sample_invoice("INV-0012-A", "100.00", ACME), sample_invoice("INV-0013", "100.00", ACME)]
    match = only(run([sample_line("100.00", "INV-0012", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == ["INV-0012-A"]


def test_a_prefix_before_a_hash_sign_is_the_invoices_prefix() -> None:
    """'INV#13' is INV-0013 written with its prefix, not a bare '#13' that any numbering could hold."""
    invoices = [sample_invoice("INV-0012", "250.00", ACME), sample_invoice("INV-0013", "250.00", ACME)]
    match = only(run([sample_line("250.00", "INV#13", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == ["INV-0013"]


def acme_pays_500(text: str) -> Match:
    """Acme pays 500.00 with ``text``; Bolt owes invoice 1047, Acme 1052 and 1053, all 500.00."""
    invoices = [
        sample_invoice("1047", "500.00", BOLT),
        sample_invoice("1052", "500.00", ACME),
        sample_invoice("1053", "500.00", ACME),
    ]
    return only(run([sample_line("500.00", text, payer="ACME INDUSTRIES")], invoices))


@pytest.mark.parametrize("text", ["PO 1047", "PO# 1047", "P.O. 1047", "Purchase order no. 1047", "PO NO 1047"])
def test_the_customers_purchase_order_number_names_no_invoice_numbered_alike(text: str) -> None:
    """QuickBooks numbers invoices 1001, 1002, ...: Acme's purchase order 1047 is not Bolt's invoice 1047."""
    match = acme_pays_500(text)
    assert applied(match) != ["1047"]
    assert reference_reasons(match) == []


@pytest.mark.parametrize(
    "text", ["Estimate 1047", "deposit for quote #1047", "Anzahlung lt. Angebot Nr. 1047", "Devis 1047", "Offerte 1047"]
)
def test_a_quote_or_estimate_number_names_no_invoice_numbered_alike(text: str) -> None:
    """QuickBooks numbers estimates 1001, 1002, ... apart from invoices: a deposit on Acme's estimate 1047
    is not a payment of Bolt's invoice 1047 (before, that was the suggestion, with 1047 "named")."""
    match = acme_pays_500(text)
    assert applied(match) != ["1047"]
    assert reference_reasons(match) == []


def test_a_purchase_order_still_names_the_invoice_that_carries_it_as_its_reference() -> None:
    invoices = [
        sample_invoice("1052", "500.00", ACME, reference="PO 1047"),
        sample_invoice("1053", "500.00", ACME),
        sample_invoice("1047", "500.00", BOLT),
    ]
    match = only(run([sample_line("500.00", "P.O. 1047", payer="ACME INDUSTRIES")], invoices))
    assert match.decision == "auto"
    assert applied(match) == ["1052"]


@pytest.mark.parametrize("text", ["YOUR PO 4500085156", "ID:PO 4500085156", "P.O. No. 4500085156", "Order 4500085156"])
def test_an_order_number_the_ledger_keeps_in_digits_alone_names_its_invoice(text: str) -> None:
    """The ledger's PO Number column holds the customer's (SAP) order as digits alone, 4500085156. Before,
    the word PO made the number no invoice's and nothing was named: the payment was a coin toss between
    the customer's two invoices of the amount, and the wrong one was suggested."""
    invoices = [
        sample_invoice("1894", "350.00", ACME, reference="4500085157"),
        sample_invoice("1895", "350.00", ACME, reference="4500085156"),
        sample_invoice("4500", "350.00", BOLT),
    ]
    match = only(run([sample_line("350.00", text, payer="ACME INDUSTRIES")], invoices))
    assert (match.decision, applied(match)) == ("auto", ["1895"])


@pytest.mark.parametrize("text", ["YOUR ORDER 45852", "Bestellung Nr. 45852", "Commande 45852"])
def test_the_customers_order_named_without_po_names_the_invoice_that_carries_it(text: str) -> None:
    """The invoice carries the customer's order as its reference, `PO-45852` (Xero's Reference); the payer
    writes its order as it calls it. Before, nothing was named and a sibling of the same amount was as
    likely."""
    invoices = [
        sample_invoice("INV-0641", "500.00", ACME, reference="PO-45852"),
        sample_invoice("INV-0642", "500.00", ACME),
    ]
    match = only(run([sample_line("500.00", text, payer="ACME INDUSTRIES")], invoices))
    assert (match.decision, applied(match)) == ("auto", ["INV-0641"])


@pytest.mark.parametrize("text", ["INV-0030/2", "Rechnung INV-0030/2 Rate 2", "INV 30/1"])
def test_an_instalment_written_after_the_invoice_names_no_second_invoice(text: str) -> None:
    """ "INV-0030/2" is the second instalment of INV-0030, not INV-0030 and INV-0002; a number shortened
    from a long one ("4711/12") and a list of numbers alike ("INV 12/13") are still lists."""
    invoices = [
        sample_invoice("INV-0030", "300.00", ACME),
        sample_invoice("INV-0002", "150.00", ACME),
        sample_invoice("INV-0001", "150.00", ACME),
    ]
    match = only(run([sample_line("150.00", text, payer="ACME INDUSTRIES")], invoices))
    assert applied(match) == ["INV-0030"]
    assert match.decision == "auto"
    index = InvoiceNumberIndex(["4711", "4712", "INV-0012", "INV-0013"])
    assert sorted(h.invoice for h in index.find(["4711/12"])) == [0, 1]
    assert sorted(h.invoice for h in index.find(["INV 12/13"])) == [2, 3]


@pytest.mark.parametrize(
    ("paid", "kind"),
    [("730.00", "more than 4711"), ("300.00", "part of 4711")],
)
def test_a_named_invoice_at_another_amount_is_not_applied_unattended_when_another_is_paid_exactly(
    paid: str, kind: str
) -> None:
    """The payer wrote 4711 and paid an amount that is exactly its other open invoice's, and not 4711's
    (4711 is open for 500.00 or 900.00). Either 4711 was overpaid (or paid in part), or the other invoice
    was paid and 4711 is another number: a mistyped invoice, or the payer's vendor number for us, which
    Chase prints as the ACH's IND ID. Before, 4711 took the payment automatically; now a person decides,
    with the exactly paid invoice offered."""
    exact = sample_invoice("2001", paid, ACME, due=DAY)
    named = sample_invoice("4711", "500.00" if paid == "730.00" else "900.00", ACME, due=DAY)
    match = only(run([sample_line(paid, "ACME INDUSTRIES 4711", payer="ACME INDUSTRIES", day=DAY)], [named, exact]))
    assert (match.decision, applied(match)) == ("suggest", ["4711"]), kind
    assert [applied(alternative) for alternative in match.alternatives] == [["2001"]]
    assert any("2001, also this customer's, is exactly the amount paid" in r.detail for r in match.reasons)


def test_a_named_invoice_paid_in_part_is_still_applied_when_no_other_fits_exactly() -> None:
    invoices = [sample_invoice("4711", "900.00", ACME, due=DAY), sample_invoice("2001", "730.00", ACME, due=DAY)]
    match = only(run([sample_line("300.00", "ACME INDUSTRIES 4711", payer="ACME INDUSTRIES", day=DAY)], invoices))
    assert (match.decision, applied(match)) == ("auto", ["4711"])


@pytest.mark.parametrize(
    "text",
    [
        "PART PAYMENT 4711",
        "Teilzahlung Rechnung 4711",
        "4711 instalment 1 of 3",
        # as UK and German payers also write it (before: read as a shortfall, -3, and left to a person)
        "PART PAY 4711",
        "PART PAYME 4711",  # cut at 18 characters
        "4711 ON ACC",
        "1. Rate Rechnung 4711",
        "Rechnung 4711 Teilbetrag, Rest folgt",
    ],
)
def test_a_payer_that_says_it_pays_part_of_the_named_invoice_is_believed(text: str) -> None:
    invoices = [sample_invoice("4711", "900.00", ACME, due=DAY), sample_invoice("2001", "300.00", ACME, due=DAY)]
    match = only(run([sample_line("300.00", text, payer="ACME INDUSTRIES", day=DAY)], invoices))
    assert (match.decision, applied(match)) == ("auto", ["4711"])


def test_a_part_payment_is_never_written_off_as_a_short_payment() -> None:
    """ "Facture n° 335, Teilzahlung": the payer names an invoice by a bare number and says it pays part.
    Another of its invoices is open for 9.69 more than was paid, within the write-off tolerance. Before,
    that one took the payment with 9.69 written off; the rest of 335 is still to come, and nothing is
    written off."""
    named = sample_invoice("RE-2026-0335", "1615.89", ACME, due=DAY)
    near = sample_invoice("RE-2026-0262", "548.32", ACME, due=DAY)
    line = sample_line("538.63", "Facture n° 335 Teilzahlung", payer="ACME INDUSTRIES", day=DAY)
    match = only(run([line], [named, near]))
    assert (match.decision, applied(match), match.write_off) == ("auto", ["RE-2026-0335"], None)
    assert any(r.detail.endswith("pays part of USD 1,615.89, as the payer says") for r in match.reasons)
    # Without the words, the near one is the likelier story, and a person confirms it.
    plain = only(run([line.model_copy(update={"description": "Facture n° 335"})], [named, near]))
    assert (plain.decision, applied(plain)) == ("suggest", ["RE-2026-0262"])


@pytest.mark.parametrize("text", ["Teilzahlung RE2026-00261", "RE2026-00261", "re 2026 00261", "Rechnung RE2027-00004"])
def test_the_year_inside_a_number_names_no_invoice_numbered_like_that_year(text: str) -> None:
    """Numbers that carry their year (RE2025-02026, RE2026-00261): "2026" in "RE2026-00261" is part of the
    number, not invoice RE2025-02026 (a wrong auto before: the part payment of RE2026-00261 was also applied
    to RE2025-02026, which the same customer owed and the rest fitted). Also for a year no open invoice
    has yet (RE2027-)."""
    index = InvoiceNumberIndex(["RE2025-02025", "RE2025-02026", "RE2026-00261"])
    named = {hit.invoice for hit in index.find([text])}
    assert 1 not in named
    assert named == ({2} if "00261" in text else set())


@pytest.mark.parametrize(
    ("text", "strength"),
    [("Invoice 491", "number"), ("Invoice no. 491", "number"), ("Rechnung 491", "number"), ("Inv.-Nr. 0491", "exact")],
)
def test_an_invoice_word_stands_for_the_ledgers_own_prefix(text: str, strength: str) -> None:
    """The ledger numbers INV-0491; payers write "Invoice 491" or "Inv.-Nr. 0491". Before, the first read as
    a bare number after a marker (3 points) and the last not as INV-0491 at all."""
    index = InvoiceNumberIndex(["INV-0491", "INV-0691", "CN-0005"])
    assert [(h.invoice, h.strength) for h in index.find([text])] == [(0, strength)]
    assert index.find(["PO 491"]) == []


def test_a_typo_reading_does_not_outweigh_the_invoice_the_payer_names_as_written() -> None:
    """ "Inv.-Nr. 0880" pays 4,901.17; INV-0880 is open for more, and INV-0808 of the same customer is
    exactly 4,901.17. It was applied to INV-0808 unattended by reading 0880 as a typo, INV-0880 unseen.
    The payer may have mistyped, or paid part of INV-0880: a person decides."""
    invoices = [sample_invoice("INV-0880", "9800.00", ACME), sample_invoice("INV-0808", "4901.17", ACME)]
    for text in ("Inv.-Nr. 0880", "Inv.-Nr. 0880 part payment"):
        match = only(run([sample_line("4901.17", text, payer="ACME INDUSTRIES")], invoices))
        assert match.decision == "suggest"
        assert {"INV-0808", "INV-0880"} == {applied(m)[0] for m in (match, *match.alternatives[:1])}


@pytest.mark.parametrize(
    "text", ["INVOICE NO 2026/04 FT", "INVOICE # 2026/046", "HARBOUR SIGNS LIMI INVOICE NO 2026/04"]
)
def test_a_number_the_field_cut_short_names_no_invoice_of_its_first_digits(text: str) -> None:
    """UK payments carry 18 characters of reference, so "INVOICE NO 2026/0469" arrives "INVOICE NO 2026/04":
    that is not invoice 2026/0004 (before, -6 for naming another invoice, and the right one waited for a
    person). A zero-padded number with fewer digits than the ledger's, last in the text, is cut."""
    index = InvoiceNumberIndex(["2026/0004", "2026/0046", "2026/0469"])
    assert index.find([text]) == []
    assert [h.invoice for h in index.find(["INVOICE NO 2026/0004"])] == [0]
    assert {h.invoice for h in index.find(["2026/04 and 2026/0469"])} == {0, 2}  # not last: a short form


def test_a_group_of_several_customers_invoices_is_never_applied_unattended() -> None:
    """An AU direct-entry reference has 18 characters: "INV 3323, 3482, 34" lost the end of 3499, and
    "34" shortened 3482 to 3434, another customer's invoice. The payment was applied to 3323, 3434 and
    3482 unattended, with 4,323.22 left unapplied (a wrong auto). A group spanning customers waits for a
    person."""
    brindabella = sample_party("b1", "Brindabella Surveying Pty Ltd")
    waratah = sample_party("w1", "Waratah Print Pty Ltd")
    invoices = [
        sample_invoice("INV-3323", "4532.00", brindabella),
        sample_invoice("INV-3482", "3179.55", brindabella),
        sample_invoice("INV-3499", "5973.22", brindabella),
        sample_invoice("INV-3434", "1650.00", waratah),
    ]
    text = "DIRECT CREDIT 301500 BRINDABELLA SURV INV 3323, 3482, 34"
    line = sample_line("13684.77", text, payer="DIRECT CREDIT 301500 BRINDABELLA")
    match = only(match_statement([line], (invoices, [brindabella, waratah])))
    assert match.decision != "auto" or "INV-3434" not in applied(match)


def test_a_customer_account_after_acc_names_no_invoice() -> None:
    """NZ payers write their customer number "ACC#3183"; it named invoice INV-3183 of another customer (-6)."""
    index = InvoiceNumberIndex(["INV-3183"])
    assert index.find(["ACC#3183"]) == [] and index.find(["ACC 3183"]) == []
    assert [h.invoice for h in index.find(["INV 3183 ON ACC"])] == [0]


def test_the_units_of_an_amount_written_with_its_cents_name_no_invoice() -> None:
    """X12 remittance writes what it pays: "RMR*IV*1186*PI*1150.00" named invoice 1150 (another customer's,
    -6 against 1186). A number written with two decimals is an amount, unless an invoice's prefix comes
    before it ("INV-0012,50")."""
    index = InvoiceNumberIndex(["1150", "1186", "INV-0012"])
    assert [h.invoice for h in index.find(["RMR*IV*1186*PI*1150.00"])] == [1]
    assert [h.invoice for h in index.find(["INV-0012,50"])] == [2]
