"""Payables platforms and processors pay for many businesses under their own name and from their own
account: that name or account never identifies one customer, and is never learned as one's alias."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from arsync.config import parse_config
from arsync.errors import ConfigError
from arsync.matching.engine import match_statement
from arsync.matching.learning import LearnedAliases, learn_from_match
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.matching.services import BUILT_IN, PaymentServices
from arsync.matching.settings import MatchingSettings
from arsync.models import Match

BILL_COM_ACCOUNT = "021000021 4429017733"  # the platform's own pooled account
ACME = sample_party("C1", "Acme Industries Ltd")
BOLT = sample_party("C2", "Bolt Logistics Inc")
LEDGER = (
    [sample_invoice("INV-0012", "500.00", ACME), sample_invoice("INV-0030", "500.00", BOLT)],
    [ACME, BOLT],
)


def _only(lines: list[Any], aliases: LearnedAliases | None = None) -> Match:
    result = match_statement(lines, LEDGER, aliases=aliases)
    (decision,) = [*result.matches, *result.unmatched_bank]
    return decision


@pytest.mark.parametrize(
    "aliases",
    [
        LearnedAliases(payers={"bill com": "C1"}),  # taught by an earlier version, or typed by hand
        LearnedAliases(accounts={BILL_COM_ACCOUNT.replace(" ", ""): "C1"}),
    ],
    ids=["name", "account"],
)
def test_a_payment_through_bill_com_is_not_the_customer_who_paid_that_way_before(aliases: LearnedAliases) -> None:
    """Acme paid through Bill.com once, and its name or account was remembered as Acme's. Bolt's payment
    through Bill.com, of the same amount as an Acme invoice and naming none, must not be applied to Acme."""
    line = sample_line("500.00", "BILL.COM PAYABLES 015QWERTY", payer="BILL.COM", account=BILL_COM_ACCOUNT)
    decision = _only([line], aliases)
    assert decision.decision != "auto"
    assert any("paid through Bill.com, which pays for many businesses" in r.detail for r in decision.reasons)
    assert all("learned alias" not in r.detail and "belongs to" not in r.detail for r in decision.reasons)


def test_the_business_a_service_names_is_the_payer() -> None:
    """Bill.com writes the paying business as "<name> via Bill.com": that business is the payer, so its
    invoice of the amount is applied to it, and the other customer's equal invoice is not."""
    line = sample_line("500.00", "ACME INDUSTRIES VIA BILL.COM 015QWERTY", payer="BILL.COM", account=BILL_COM_ACCOUNT)
    decision = _only([line])
    assert (decision.decision, decision.customer_id) == ("auto", "C1")
    assert [a.invoice_number for a in decision.allocations] == ["INV-0012"]


def test_the_business_a_service_names_in_a_plain_description_is_the_payer() -> None:
    decision = _only([sample_line("500.00", "ACH CREDIT BOLT LOGISTICS VIA BILL.COM 015ASDFGH")])
    assert (decision.decision, decision.customer_id) == ("auto", "C2")
    assert [a.invoice_number for a in decision.allocations] == ["INV-0030"]


def test_a_customer_called_like_a_service_is_still_that_customer() -> None:
    """A business that is itself a customer of ours (we invoice Square for something) pays as itself."""
    square = sample_party("C9", "Square Inc")
    ledger = ([sample_invoice("INV-0090", "500.00", square), *LEDGER[0]], [square, *LEDGER[1]])
    result = match_statement([sample_line("500.00", payer="SQUARE INC")], ledger)
    assert [m.customer_id for m in result.matches] == ["C9"]


def test_learning_skips_a_service_and_keeps_the_business_it_names() -> None:
    assert learn_from_match(party_id="C1", payer_name="BILL.COM PAYABLES", payer_account=BILL_COM_ACCOUNT) == []
    learned = learn_from_match(party_id="C1", payer_name="ACME INDUSTRIES via Bill.com", payer_account=BILL_COM_ACCOUNT)
    assert learned == [("payer", "acme industries", "C1")]
    # Anyone else is learned as before.
    assert ("payer", "acme hldgs", "C1") in learn_from_match(party_id="C1", payer_name="ACME HLDGS", payer_account=None)


@pytest.mark.parametrize(
    ("name", "service"),
    [
        ("BILL.COM", "Bill.com"),
        ("BILL.COM PAYABLES", "Bill.com"),
        ("AvidXchange, Inc.", "AvidXchange"),
        ("INTUIT PYMT SOLN", "Intuit"),
        ("STRIPE TRANSFER", "Stripe"),
        ("Square One Design", None),
        ("Bill Comstock", None),
        ("Acme Industries Ltd", None),
    ],
)
def test_services_are_known_by_their_own_name_only(name: str, service: str | None) -> None:
    assert BUILT_IN.service(name) == service


def test_via_needs_a_known_service_and_a_name() -> None:
    assert BUILT_IN.paid_via("CO ENTRY DESCR:ACME CORP VIA BILL.COM SEC:CCD") == ("ACME CORP", "Bill.com")
    assert BUILT_IN.paid_via("goods shipped via UPS") is None
    assert BUILT_IN.paid_via("Payment via PayPal") is None  # no business named, only bank words


LEDGER_CSV = """number,customer,customer_id,issue_date,due_date,currency,total,amount_due
INV-0012,Acme Industries Ltd,C1,2026-01-05,2026-02-04,USD,500.00,500.00
INV-0030,Bolt Logistics Inc,C2,2026-01-03,2026-02-02,USD,500.00,500.00
"""


def test_accepting_a_bill_com_payment_learns_no_alias_and_says_why(run_arsync: Any, tmp_path: Path) -> None:
    """Bank of America puts the originator before DES: here Bill.com. Accepting the suggestion for Acme
    must not teach that every Bill.com payment is Acme's; the user is told why nothing was learned."""
    (tmp_path / "ledger.csv").write_text(LEDGER_CSV)
    text = "BILL.COM DES:PAYABLES ID:015QWERTY INDN:NORTHWIND SUPPLY CO ID:XXXXX42850 CCD"
    (tmp_path / "bank.csv").write_text(f'Date,Description,Amount,Running Bal.\n02/08/2026,"{text}",500.00,"1.00"\n')
    files = [
        "--bank",
        str(tmp_path / "bank.csv"),
        "--ledger",
        str(tmp_path / "ledger.csv"),
        "--profile",
        "bofa-checking",
    ]
    accepted = run_arsync("match", "accept", *files, "--line", "2", "--customer", "C1", "--json")
    assert accepted.returncode == 0, accepted.stderr
    assert all(item["kind"] != "payer" for item in json.loads(accepted.stdout)["learned"])
    assert "is Bill.com, which pays for many businesses" in accepted.stderr
    listed = json.loads(run_arsync("match", "aliases", "list", "--json").stdout)["aliases"]
    assert all(a["kind"] not in ("payer", "payer_account") for a in listed)


def test_a_service_the_config_adds_is_known_like_the_built_in_ones() -> None:
    """A local payables platform the built-in list lacks: `matching.payment_services: [Paystand]`."""
    line = sample_line("500.00", "PAYSTAND 8812", payer="PAYSTAND INC", account=BILL_COM_ACCOUNT)
    aliases = LearnedAliases(payers={"paystand": "C1"})
    assert _only([line], aliases).decision == "auto"  # unknown to the list: the alias decides
    settings = MatchingSettings(payment_services=("Paystand",))
    decision = match_statement([line], LEDGER, settings, aliases).matches[0]
    assert decision.decision != "auto"
    assert any("paid through Paystand" in r.detail for r in decision.reasons)
    services = PaymentServices(settings.payment_services)
    assert learn_from_match(party_id="C1", payer_name="PAYSTAND INC", payer_account=None, services=services) == []


def test_a_configured_service_that_is_only_bank_words_is_a_config_error_naming_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"matching.payment_services.*no name once bank words"):
        parse_config("matching:\n  payment_services: [ACH Payments]\n", source=tmp_path / "arsync.yaml")
