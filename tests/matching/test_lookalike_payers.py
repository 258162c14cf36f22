"""Payers whose name fits two customers, and numbers in a bank line that name no invoice: each of these was
applied unattended to the wrong customer's invoice by the independent benchmarks bench_match_numeric.py and
bench_match_payers.py (a Dallas contractor on QuickBooks' plain invoice numbers; a Leeds wholesaler)."""

from __future__ import annotations

import datetime as dt

import pytest

from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, InvoiceLine, Match, Party, StatementLine


def _decide(line: StatementLine, invoices: list[Invoice], parties: list[Party]) -> tuple[str, list[str], str]:
    result = match_statement([line], (invoices, parties))
    (match,) = result.matches or [None]  # type: ignore[list-item]
    if match is None:
        return "unmatched", [], ""
    return match.decision, [a.invoice_number for a in match.allocations], _why(match)


def _why(match: Match) -> str:
    return " | ".join(r.detail for r in match.reasons)


SMITH = sample_party("P1", "John Smith")
SMITH_A = sample_party("P2", "John A. Smith")


@pytest.mark.parametrize(
    ("owed", "expected"),
    [
        (("475.00", "475.00"), ("suggest", None)),  # both owe it: a person decides
        (("475.00", "610.00"), ("auto", "4000")),  # only John Smith owes it
        (("610.00", "475.00"), ("auto", "3969")),  # only John A. Smith owes it
    ],
)
def test_a_persons_name_without_the_initial_fits_both_namesakes(
    owed: tuple[str, str], expected: tuple[str, str | None]
) -> None:
    """ "Zelle payment from JOHN SMITH" for 475.00, John Smith and John A. Smith both customers. Before, the
    exact name took it, even when both owed 475.00; the amount now tells them apart, as it would a clerk."""
    invoices = [sample_invoice("4000", owed[0], SMITH), sample_invoice("3969", owed[1], SMITH_A)]
    line = sample_line("475.00", "Zelle payment from JOHN SMITH Conf# jpmhy2n677y", payer="JOHN SMITH")
    decision, applied, _ = _decide(line, invoices, [SMITH, SMITH_A])
    assert decision == expected[0]
    if expected[1] is not None:
        assert applied == [expected[1]]


def test_the_initial_a_payer_writes_is_read_as_the_namesake_it_may_be() -> None:
    """ "MR J SMITH" is J Smith's name, and John Smith's (trading as Smith Electrical) with his initial: both
    owe 979.74, also when the payer adds a word ("J SMITH STOCK"). A payer who writes the full first name, or
    the trading name, is the one it names."""
    j = sample_party("P3", "J Smith")
    trader = sample_party("P4", "John Smith T/A Smith Electrical")
    invoices = [sample_invoice("INV-14097", "979.74", j), sample_invoice("INV-13980", "979.74", trader)]
    for payer in ("J SMITH", "MR J SMITH", "J SMITH STOCK"):  # a word of the payer's own tells neither apart
        assert _decide(sample_line("979.74", "BACS", payer=payer), invoices, [j, trader])[0] == "suggest", payer
    for payer in ("JOHN SMITH", "SMITH ELECTRICAL"):
        assert _decide(sample_line("979.74", "BACS", payer=payer), invoices, [j, trader])[:2] == (
            "auto",
            ["INV-13980"],
        ), payer


def test_a_name_cut_at_the_fields_width_fits_every_customer_it_begins() -> None:
    """BACS prints 18 characters: "BRIGHTWELL RETAIL" is Brightwell Retail Ltd's name, and all that is left
    of Brightwell Retail (Leeds) Ltd's. Both owe 802.68. The full name, written out, still decides."""
    ltd = sample_party("B1", "Brightwell Retail Ltd")
    leeds = sample_party("B2", "Brightwell Retail (Leeds) Ltd")
    invoices = [sample_invoice("INV-14142", "802.68", ltd), sample_invoice("INV-13603", "802.68", leeds)]
    cut = sample_line("802.68", "SUPPLIES", payer="BRIGHTWELL RETAIL")
    assert _decide(cut, invoices, [ltd, leeds])[0] == "suggest"
    whole = sample_line("802.68", "SUPPLIES", payer="BRIGHTWELL RETAIL (LEEDS) LIMITED")
    assert _decide(whole, invoices, [ltd, leeds])[:2] == ("auto", ["INV-13603"])


def test_a_zelle_name_with_its_confirmation_code_is_read_without_it() -> None:
    """Chase writes "Zelle Payment From David Nguyen BACBHDP4VW8": with the code the name only resembled
    David Nguyen (96/100), which hid that it is David T. Nguyen's name too. Both owe 2,236.56."""
    nguyen, nguyen_t = sample_party("N1", "David Nguyen"), sample_party("N2", "David T. Nguyen")
    invoices = [sample_invoice("4067", "2236.56", nguyen), sample_invoice("4142", "2236.56", nguyen_t)]
    line = sample_line("2236.56", "Zelle Payment From David Nguyen BACBHDP4VW8")
    assert _decide(line, invoices, [nguyen, nguyen_t])[0] == "suggest"


CEDAR = sample_party("C1", "Cedar Creek Baptist Church")
TURNER = sample_party("C2", "Turner Hotel Partners Co")
ACH = (
    "ORIG CO NAME:CEDAR CREEK BAPT ORIG ID:4009708836 DESC DATE:260309 CO ENTRY DESCR:ACH PMT SEC:CCD "
    "TRACE#:335228426232210 EED:260309 IND ID:4161 IND NAME:KESTREL MECHANICAL LLC"
)


def test_a_number_naming_another_customers_invoice_does_not_outvote_the_payers_own_exact_invoice() -> None:
    """Cedar Creek's ACH carries IND ID 4161, its vendor number for us, and 4161 is Turner Hotel's invoice
    of 156.12; Cedar Creek's own 4084 is open for 156.12 too. Before, 4161 was applied unattended."""
    invoices = [sample_invoice("4084", "156.12", CEDAR), sample_invoice("4161", "156.12", TURNER)]
    decision, _, why = _decide(sample_line("156.12", ACH), invoices, [CEDAR, TURNER])
    assert decision == "suggest"
    assert "the payer's own 4084 is paid exactly too" in why


def test_wells_fargos_ach_layout_gives_the_originators_name() -> None:
    """ "ROGERS ANIMAL HO EDI PYMNTS 260311 3906 KESTREL MECHANICAL": the name, the entry description, the
    date, the individual id and name. Read whole, the payer was nobody, and 3906 (another customer's
    invoice of the amount) was applied unattended; now the payer is Rogers Animal Hospital, whose own
    invoice of the amount makes it a question for a person."""
    rogers = sample_party("R1", "Rogers Animal Hospital Inc.")
    other = sample_party("R2", "Gonzalez Printing")
    invoices = [sample_invoice("3645", "5500.00", rogers), sample_invoice("3906", "5500.00", other)]
    text = "ROGERS ANIMAL HO EDI PYMNTS 260311 3906 KESTREL MECHANICAL"
    line = sample_line("5500.00", text, payer="ROGERS ANIMAL HO EDI PYMNTS 260311")
    decision, _, why = _decide(line, invoices, [rogers, other])
    assert decision == "suggest"
    assert "Rogers Animal Hospital" in why


def test_the_store_number_in_the_payers_name_names_no_invoice() -> None:
    """Kwik Kar Lube #4079 pays 1,250.00 with IND ID 4079, its store number; 4079 is another customer's
    invoice of 475.00. Before, "names another invoice" (-6) left the payer's own 1,250.00 invoice to a person."""
    kwik, other = sample_party("K1", "Kwik Kar Lube #4079"), sample_party("K2", "Sunbelt Daycare")
    invoices = [sample_invoice("2517", "1250.00", kwik), sample_invoice("4079", "475.00", other)]
    text = "ORIG CO NAME:KWIK KAR LUBE 40 ORIG ID:7492485545 CO ENTRY DESCR:PAYMENT SEC:CCD IND ID:4079"
    assert _decide(sample_line("1250.00", text), invoices, [kwik, other])[:2] == ("auto", ["2517"])


def test_a_card_purchase_return_is_no_customers_part_payment() -> None:
    """ "LOWE'S #4020 03/31 PURCHASE RETURN": the card date 03/31 was read as an instalment ("the payer says it
    pays part"), and the store number as invoice 4020: 49.40 was applied to a 2,465.73 invoice unattended."""
    rockwall = sample_party("L1", "Rockwall Cold Storage")
    invoices = [sample_invoice("4020", "2465.73", rockwall), sample_invoice("4021", "49.40", rockwall)]
    line = sample_line("49.40", "LOWE'S #4020 03/31 PURCHASE RETURN GARLAND TX CARD 4417")
    assert _decide(line, invoices, [rockwall])[0] != "auto"
    unnamed = sample_line("49.40", "HOME DEPOT 03/31 PURCHASE RETURN DALLAS TX CARD 4417")
    decision, _, _ = _decide(unnamed, invoices, [rockwall])
    assert decision == "unmatched"  # the 49.40 invoice fits, but a merchant's credit pays no invoice


def test_an_instalment_that_happens_to_fit_other_invoices_waits_for_a_person() -> None:
    """ "INSTALLMENT 3 OF 4" for 2,400.00 from a customer with a 7,200.00 implementation invoice and two
    1,200.00 subscriptions open: the sum of the two subscriptions was applied unattended."""
    redfern = sample_party("F1", "Redfern Foods PLLC")
    invoices = [
        sample_invoice("INV-2195", "7200.00", redfern),
        sample_invoice("INV-2694", "1200.00", redfern),
        sample_invoice("INV-2979", "1200.00", redfern),
    ]
    line = sample_line("2400.00", "INSTALLMENT 3 OF 4", payer="REDFERN FOODS PLLC")
    decision, _, why = _decide(line, invoices, [redfern])
    assert decision == "suggest"
    assert "the remittance says it pays an instalment" in why


def _retainer(number: str, amount: str, party: Party, month: int, text: str) -> Invoice:
    """An invoice dated the 1st of ``month`` whose one line bills the period ``text`` names."""
    invoice = sample_invoice(number, amount, party, issued=dt.date(2026, month, 1), due=dt.date(2026, month, 28))
    line = InvoiceLine(description=f"Monthly retainer - {text}", amount=invoice.total)
    return invoice.model_copy(update={"lines": (line,)})


TALBOT = sample_party("T1", "Talbot Fitness LLC")


@pytest.mark.parametrize("said", ["MARCH RETAINER", "RETAINER MAR-26", "SVC 03/2026", "03/26 RETAINER"])
def test_the_period_a_payer_names_picks_that_months_invoice_of_several_alike(said: str) -> None:
    """Three retainers of 995.00 open, billed for January, February and March 2026 (the month on each line,
    as a Xero export writes it). Before, the period was not read: a suggestion of the oldest."""
    invoices = [
        _retainer("INV-2251", "995.00", TALBOT, 1, "January 2026"),
        _retainer("INV-2533", "995.00", TALBOT, 2, "February 2026"),
        _retainer("INV-2735", "995.00", TALBOT, 3, "March 2026"),
    ]
    line = sample_line("995.00", said, payer="Talbot Fitness LLC", day=dt.date(2026, 3, 20))
    decision, applied, why = _decide(line, invoices, [TALBOT])
    assert (decision, applied) == ("auto", ["INV-2735"])
    assert "the remittance names March 2026, the period it bills" in why


def test_a_payment_naming_a_period_no_invoice_of_the_amount_bills_waits_for_a_person() -> None:
    """The old price (995.00) paid for April, whose invoice is at the new 1,045.00: the March invoice of
    995.00 fits the amount, but the payer says April. Before, March's was applied unattended."""
    invoices = [
        _retainer("INV-2735", "995.00", TALBOT, 3, "March 2026"),
        _retainer("INV-3019", "1045.00", TALBOT, 4, "April 2026 (new rate)"),
    ]
    line = sample_line("995.00", "RETAINER APR-26", payer="Talbot Fitness LLC", day=dt.date(2026, 4, 8))
    decision, _, why = _decide(line, invoices, [TALBOT])
    assert decision == "suggest"
    assert "the remittance names April 2026; it bills March 2026" in why


def test_a_card_date_or_a_payment_date_names_no_period() -> None:
    """ "ON 03/30" is when a Zelle was sent, "03/31" a card's date: neither is a period. The oldest of two
    equal retainers is then no more likely than the other, and a person decides as before."""
    invoices = [
        _retainer("INV-2533", "995.00", TALBOT, 2, "February 2026"),
        _retainer("INV-2735", "995.00", TALBOT, 3, "March 2026"),
    ]
    for text in ("ZELLE FROM TALBOT FITNESS LLC ON 03/30 REF # BAC5U6MKBSW", "TALBOT FITNESS 03/31"):
        line = sample_line("995.00", text, payer="Talbot Fitness LLC", day=dt.date(2026, 3, 31))
        decision, _, why = _decide(line, invoices, [TALBOT])
        assert decision == "suggest", text
        assert "period" not in why, text


@pytest.mark.parametrize("paid", [dt.date(2026, 2, 27), dt.date(2026, 3, 3)])
def test_a_zelle_date_without_on_names_no_period(paid: dt.date) -> None:
    """ "ZELLE FROM TALBOT FITNESS LLC 02/26" is the 26th of February, the day the Zelle was sent, not
    February 2026: of two equal retainers (January and February), neither is more likely, and a person
    decides. Before, February's was applied unattended."""
    invoices = [
        _retainer("INV-2251", "995.00", TALBOT, 1, "January 2026"),
        _retainer("INV-2533", "995.00", TALBOT, 2, "February 2026"),
    ]
    line = sample_line(
        "995.00", "ZELLE FROM TALBOT FITNESS LLC 02/26 CONF# X8LQ2", payer="Talbot Fitness LLC", day=paid
    )
    decision, _, why = _decide(line, invoices, [TALBOT])
    assert decision == "suggest"
    assert "period" not in why


@pytest.mark.parametrize("payer", ["BRIAN TART", "ZELLE FROM BRIAN TART"])
def test_a_customer_told_apart_by_a_qualifier_in_brackets_is_a_namesake(payer: str) -> None:
    """Brian Tart and "Brian Tart (Raleigh)" both owe 185.00: the town is the business's note, which no
    Zelle carries. Before, the payer's exact name took it unattended (an independent benchmark's landscaping
    firm, three wrong autos)."""
    tart = sample_party("T7", "Brian Tart")
    raleigh = sample_party("T8", "Brian Tart (Raleigh)")
    invoices = [sample_invoice("1248", "185.00", tart), sample_invoice("1228", "185.00", raleigh)]
    line = sample_line("185.00", f"{payer} ON 03/05 REF TRULMC5CJ6KM", payer=payer)
    assert _decide(line, invoices, [tart, raleigh])[0] == "suggest"
    invoices[1] = sample_invoice("1228", "240.00", raleigh)  # only one of them owes it
    assert _decide(line, invoices, [tart, raleigh])[:2] == ("auto", ["1248"])


def test_a_name_cut_at_the_fields_width_and_followed_by_a_reference_fits_every_customer_it_begins() -> None:
    """An Australian direct entry prints 16 characters of the remitter's name, then the payer's reference:
    "COASTAL CATERING TASMAN" is all that is left of Coastal Catering Pty Ltd's name and of Coastal Catering
    Services Pty Ltd's, and both owe 164.40. Before, the shorter name took it unattended (bench_match_anz.py)."""
    pty = sample_party("A1", "Coastal Catering Pty Ltd")
    services = sample_party("A2", "Coastal Catering Services Pty Ltd")
    invoices = [sample_invoice("INV-1723", "164.40", pty), sample_invoice("INV-1526", "164.40", services)]
    line = sample_line("164.40", "DEPOSIT COASTAL CATERING TASMAN", payer="COASTAL CATERING TASMAN")
    assert _decide(line, invoices, [pty, services])[0] == "suggest"
    invoices[1] = sample_invoice("INV-1526", "250.00", services)  # only one of them owes it
    assert _decide(line, invoices, [pty, services])[:2] == ("auto", ["INV-1723"])


def test_a_legal_form_in_brackets_is_no_qualifier_and_the_form_the_payer_writes_decides() -> None:
    """ "UG (haftungsbeschränkt)" is a legal form, not a note that tells two customers apart: the payer
    writing "GMBH" is Sanitär Hoffmann GmbH, though Sanitär Hoffmann UG (haftungsbeschränkt) owes as much."""
    gmbh = sample_party("H1", "Sanitär Hoffmann GmbH")
    ug = sample_party("H2", "Sanitär Hoffmann UG (haftungsbeschränkt)")
    invoices = [sample_invoice("RE2025-01664", "743.65", gmbh), sample_invoice("RE2025-01700", "743.65", ug)]
    line = sample_line("743.65", "GUTSCHR. UEBERW. Rechnung", payer="Sanitaer Hoffmann GmbH")
    assert _decide(line, invoices, [gmbh, ug])[:2] == ("auto", ["RE2025-01664"])


def test_a_payer_without_a_legal_form_may_be_the_ug_haftungsbeschraenkt_as_well_as_the_gmbh() -> None:
    """ "Logistik Weiss" is Logistik Weiß GmbH's name and Logistik Weiß UG (haftungsbeschränkt)'s: only the
    UG owes 6,543.70, so the amount decides. Before, "(haftungsbeschränkt)" was read as part of the name,
    the payer was the GmbH alone, and the UG's invoice was never looked at (the payment went unmatched)."""
    gmbh = sample_party("W1", "Logistik Weiß GmbH")
    ug = sample_party("W2", "Logistik Weiß UG (haftungsbeschränkt)")
    invoices = [sample_invoice("RE2025-01983", "1233.53", gmbh), sample_invoice("RE2025-02166", "6543.70", ug)]
    line = sample_line("6543.70", "GUTSCHR. UEBERW. Begleichung offener Posten", payer="Logistik Weiss")
    assert _decide(line, invoices, [gmbh, ug])[:2] == ("auto", ["RE2025-02166"])


@pytest.mark.parametrize(
    ("payer", "expected"),
    [("9280 7783 QUEBEC INC", "9001"), ("9342-7723 QUEBEC INC", "9002"), ("2278939 ONTARIO INC", "9003")],
)
def test_a_numbered_company_is_named_by_its_number(payer: str, expected: str) -> None:
    """Canada's numbered companies ("9280-7783 Québec inc.") differ only by their number: before, the number
    was dropped as a trace number and every Québec numbered company looked alike (an independent Canadian
    benchmark). One that trades under a name keeps its number in brackets ("Great Lakes Precast (2278939
    Ontario Inc.)"), which the bank prints."""
    first = sample_party("Q1", "9280-7783 Québec inc.")
    second = sample_party("Q2", "9342-7723 Québec inc.")
    trading = sample_party("O1", "Great Lakes Precast (2278939 Ontario Inc.)")
    parties = [first, second, trading]
    invoices = [
        sample_invoice("9001", "1500.00", first),
        sample_invoice("9002", "1500.00", second),
        sample_invoice("9003", "1500.00", trading),
    ]
    line = sample_line("1500.00", f"EFT CREDIT {payer}", payer=payer)
    assert _decide(line, invoices, parties)[:2] == ("auto", [expected])
