"""A wholesale marketplace (Faire) invoiced for its retailers' orders pays them net of its commission, naming
its own order ids: found by an independent benchmark (bench_match_platforms.py), where the ids were never read
and payouts were applied at the orders' gross amounts."""

from __future__ import annotations

from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Match

FAIRE = sample_party("F1", "Faire Wholesale, Inc.")
ORDERS = [
    sample_invoice(number, amount, FAIRE).model_copy(update={"reference": reference})
    for number, amount, reference in (
        ("1305", "750.00", "IUYD0JTAXO"),
        ("1456", "480.54", "909FSV1RRE"),
        ("1519", "473.93", "LX39XW0FRP"),
        ("1611", "506.22", "Faire 8HUKXMQCJR"),
    )
]


def _payout(amount: str, orders: str) -> Match:
    text = f"ORIG CO NAME:FAIRE WHOLESALE CO ENTRY DESCR:PAYOUT SEC:CCD PMT INFO:{orders}"
    (match,) = match_statement([sample_line(amount, text, payer="FAIRE WHOLESALE")], (ORDERS, [FAIRE])).matches
    return match


def test_a_marketplaces_made_up_order_ids_name_the_invoices_that_carry_them() -> None:
    for orders, invoice in (("ORDER LX39XW0FRP", "1519"), ("ORDER 8HUKXMQCJR", "1611"), ("ORDERS 909FSV1RRE", "1456")):
        match = _payout("100.00", orders)
        assert [a.invoice_number for a in match.allocations] == [invoice], orders
        assert "remittance names" in " ".join(r.detail for r in match.reasons), orders


def test_a_payout_net_of_one_commission_on_each_order_keeps_the_commission_open_on_each() -> None:
    """1,045.96 for two orders of 750.00 and 480.54: 85% of each, to the cent (637.50 and 408.46)."""
    match = _payout("1045.96", "ORDERS IUYD0JTAXO, 909FSV1RRE")
    assert match.decision == "auto"
    assert {a.invoice_number: str(a.applied.amount) for a in match.allocations} == {"1305": "637.50", "1456": "408.46"}


def test_a_payout_that_does_not_say_how_it_divides_waits_for_a_person() -> None:
    """1,100.00 for the same two orders, a different commission on each: which order is short by how much
    only the marketplace's portal says. Before, the older one was closed in full and the rest put on the other."""
    match = _payout("1100.00", "ORDERS IUYD0JTAXO, 909FSV1RRE")
    assert match.decision == "suggest"
    assert "without saying how much of each" in " ".join(r.detail for r in match.reasons)
