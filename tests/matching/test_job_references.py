"""A subcontractor's general contractors name the subcontract (the PO every pay application carries), not
the invoice, and pay applications net of retainage: each of these was applied unattended to the wrong set of
invoices by the independent benchmark bench_match_construction.py."""

from __future__ import annotations

from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Match

GC = sample_party("G1", "Stonegate Builders LLC")
# Four pay applications of one subcontract, each carrying its PO as the invoice's reference.
PAY_APPS = [
    sample_invoice(number, amount, GC).model_copy(update={"reference": "4583868453"})
    for number, amount in (("2265", "1000.00"), ("2293", "2500.00"), ("2364", "3700.00"), ("2529", "4100.00"))
]


def _only(amount: str, text: str) -> Match:
    (match,) = match_statement([sample_line(amount, text, payer="STONEGATE BUILDERS LLC")], (PAY_APPS, [GC])).matches
    return match


def test_a_set_of_a_jobs_invoices_that_only_nearly_fits_waits_for_a_person() -> None:
    """6,190.00 for "PO 4583868453": 2293 + 2364 make 6,200.00, 10.00 more (within the write-off tolerance).
    The PO names the job, not which of its four pay applications were paid: before, the two were closed
    and 10.00 written off unattended."""
    match = _only("6190.00", "ACH CTX PO 4583868453")
    assert match.decision == "suggest"
    assert "'4583868453' is the reference of 4 open invoices" in " ".join(r.detail for r in match.reasons)


def test_a_jobs_invoices_that_fit_exactly_are_still_applied() -> None:
    match = _only("6200.00", "ACH CTX PO 4583868453")
    assert (match.decision, sorted(a.invoice_number for a in match.allocations)) == ("auto", ["2293", "2364"])
