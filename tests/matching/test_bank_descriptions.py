"""Bank exports with no payer column (Chase and Bank of America in the US; NatWest, Lloyds, Barclays and
HSBC in the UK): the payer and the numbers that are no invoice's are read from the description, as a
person reads "ORIG CO NAME:ACME CORP ... TRACE#:..." or "ACME CORP , INV 1047 , FP 02/03/26 0930".
QuickBooks numbers invoices 1001, 1002, ...: every bank number could name one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.bankfiles.values import payer_in_text, without_bank_data
from arsync.matching.engine import match_statement, payer_in_description
from arsync.matching.normalize import normalize_name
from arsync.matching.parties import PartyAbstention, PartyHit, PartyResolver
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Match
from arsync.plugins import load_plugins

ACME = sample_party("c1", "Acme Corp")
BOLT = sample_party("c2", "Bolt Logistics Inc")
ACH = (
    "ORIG CO NAME:ACME CORP ORIG ID:1234567890 DESC DATE:260302 CO ENTRY DESCR:PAYMENT SEC:CCD "
    "TRACE#:021000021234567 EED:260302 IND ID:1047 IND NAME:NORTHWIND SUPPLY TRN: 0611234567TC"
)

# Bank of America's wire text: the bank's date, time, reference and sequence numbers, the originator and
# its account id, the sending bank and its routing id, then what the payer wrote (PMT DET).
BOFA_WIRE = (
    "WIRE TYPE:WIRE IN DATE: 260302 TIME:{time} ET TRN:2026030200277191 SEQ:1002233445JS/100200 "
    "ORIG:ACME CORP ID:0099887766 SND BK:FIRST NATIONAL BANK, N.A. ID:0002 PMT DET:{details}"
)

# Chase's Fedwire credit: the sending bank and its routing number, the payer with its address, the receiver
# (Northwind, whose ZIP+4 ends in 1047) with its account, what the payer wrote (OBI=), the bank's ids.
CHASE_WIRE = (
    "FEDWIRE CREDIT VIA: CITIBANK N.A./021000089 B/O: ACME CORP NEW YORK NY 10048 REF: CHASE NYC/CTR/BNF="
    "NORTHWIND SUPPLY LLC CHICAGO IL 60601-1047 US/AC-000000001048 RFB=O/B CITIBANK NYC OBI={obi} "
    "IMAD: 0302B1QGC01C001048 TRN: 1048600302FF"
)


def ledger() -> list[Invoice]:
    """Acme owes 1047 and 1049, Bolt owes 1048 and 2603, all 500.00."""
    return [
        sample_invoice("1047", "500.00", ACME),
        sample_invoice("1048", "500.00", BOLT),
        sample_invoice("1049", "500.00", ACME),
        sample_invoice("2603", "500.00", BOLT),
    ]


def chase(tmp_path: Path, description: str) -> Match:
    """One 500.00 credit in a Chase checking export (no payer column), decided against ledger()."""
    path = tmp_path / "chase.csv"
    path.write_text(
        "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,\n"
        f"CREDIT,03/02/2026,{description},500.00,ACH_CREDIT,10500.00,,\n"
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    result = match_statement(lines, (ledger(), [ACME, BOLT]))
    (match,) = (*result.matches, *result.unmatched_bank)
    return match


@pytest.mark.parametrize(
    ("text", "payer"),
    [
        (ACH, "ACME CORP"),
        (
            "WIRE TYPE:WIRE IN DATE:260302 TIME:1015 ET TRN:2026030200123456 B/O ACME CORP NEW YORK NY",
            "ACME CORP NEW YORK NY",
        ),
        ("Zelle payment from ACME CORP Conf# 1057abc", "ACME CORP"),
        ("ACME CORP DES:PAYMENT ID:0001047 INDN:NORTHWIND SUPPLY CO ID:1234567890 CCD", "ACME CORP"),
        (BOFA_WIRE.format(time="0802", details="INV 1047"), "ACME CORP"),
        (CHASE_WIRE.format(obi="PAYMENT"), "ACME CORP NEW YORK NY 10048"),
        ("Zelle payment from JOHN DOE 12345678901", "JOHN DOE"),
        ("DEPOSIT", None),
    ],
)
def test_the_payer_a_us_bank_text_labels_is_read(text: str, payer: str | None) -> None:
    assert payer_in_text(text) == payer


def test_an_ach_credit_described_only_names_its_payer_and_its_invoice(tmp_path: Path) -> None:
    """The payer is read from ORIG CO NAME (an exact name, not the whole description loosely)."""
    match = chase(tmp_path, ACH)
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert any(r.detail == "payer 'ACME CORP' is the name of Acme Corp" for r in match.reasons)


@pytest.mark.parametrize("text", ["REMOTE ONLINE DEPOSIT # 2603", "Zelle payment from ACME CORP Conf# 1048ab"])
def test_deposit_and_confirmation_numbers_name_no_invoice(tmp_path: Path, text: str) -> None:
    """Chase numbers remote deposits, Zelle confirms with a code: 2603 and 1048 are Bolt's invoices."""
    match = chase(tmp_path, text)
    assert all(a.invoice_number not in ("2603", "1048") for a in match.allocations)
    assert not [r for r in match.reasons if r.feature == "reference"]


NATWEST_ROW = "02/03/2026,BAC,\"'{description}\",500.00,10500.00,'OUR COMPANY LTD,'601613-31926819\n"


@pytest.mark.parametrize(
    "description",
    ["ACME CORP , INV 1047 , FP 02/03/26 0930 , 100000000123456789", "ACME CORP            INV1047"],
)
def test_a_uk_description_names_its_payer_in_its_first_padded_field(tmp_path: Path, description: str) -> None:
    """UK banks pad the payer's name and the reference into one description (NatWest's " , " fields,
    Lloyds' run of spaces): the payer is the first field, not the whole text."""
    path = tmp_path / "natwest.csv"
    path.write_text(
        "Date, Type, Description, Value, Balance, Account Name, Account Number\n"
        + NATWEST_ROW.format(description=description)
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    pounds = [
        sample_invoice(i.number, "500.00", ACME if i.customer_id == ACME.id else BOLT, currency="GBP") for i in ledger()
    ]
    (match,) = match_statement(lines, (pounds, [ACME, BOLT])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert any(r.detail == "payer 'ACME CORP' is the name of Acme Corp" for r in match.reasons)


def bofa(tmp_path: Path, description: str, invoices: list[Invoice]) -> Match:
    """One 500.00 credit in a Bank of America checking export (summary preamble, no payer column)."""
    path = tmp_path / "bofa.csv"
    path.write_text(
        'Description,,Summary Amt.\nBeginning balance as of 03/01/2026,,"10,000.00"\n\n'
        "Date,Description,Amount,Running Bal.\n"
        '03/01/2026,Beginning balance as of 03/01/2026,,"10,000.00"\n'
        f'03/02/2026,"{description}","500.00","10,500.00"\n'
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    result = match_statement(lines, (invoices, [ACME, BOLT]))
    (match,) = (*result.matches, *result.unmatched_bank)
    return match


def test_a_bank_of_america_ach_credit_names_its_payer_and_its_individual_id(tmp_path: Path) -> None:
    """ "ACME CORP DES:... ID:... INDN:... CO ID:...": the payer is the originator before DES (exactly, not
    the whole text loosely), the ACH individual id names the invoice, the company id and INDN (the
    receiving company itself) name nothing."""
    match = bofa(tmp_path, "ACME CORP DES:PAYMENT ID:0001049 INDN:NORTHWIND SUPPLY CO ID:1048 CCD", ledger())
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1049"]
    assert any(r.detail == "payer 'ACME CORP' is the name of Acme Corp" for r in match.reasons)
    assert not any("1048" in r.detail for r in match.reasons)


def test_a_wire_is_applied_by_what_the_payer_wrote_not_by_the_banks_numbers(tmp_path: Path) -> None:
    """Acme owes 1047 and 1049, both 500.00, and wires 500.00 "PMT DET:INV 1047" at 10:49: the wire's
    time is no invoice number (before, 1049 was named too, and the wire only suggested)."""
    match = bofa(tmp_path, BOFA_WIRE.format(time="1049", details="INV 1047"), ledger())
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert not any("1049" in r.detail for r in match.reasons)


def test_a_sending_banks_id_names_no_invoice(tmp_path: Path) -> None:
    """With Xero's numbering, the sending bank's "ID:0002" read as INV-0002 and applied this wire to it
    automatically, although nothing the payer wrote names either of Acme's two 500.00 invoices."""
    xero = [sample_invoice("INV-0002", "500.00", ACME), sample_invoice("INV-0003", "500.00", ACME)]
    unnamed = bofa(tmp_path, BOFA_WIRE.format(time="0930", details="MB60302135571826"), xero)
    assert unnamed.decision == "suggest"  # two of Acme's invoices fit: a person decides
    assert not [r for r in unnamed.reasons if r.feature == "reference"]


@pytest.mark.parametrize(
    ("obi", "invoice", "decision"), [("INVOICE 1049", "1049", "auto"), ("PAYMENT", "1047", "suggest")]
)
def test_a_fedwire_credit_is_applied_by_what_the_payer_wrote(
    tmp_path: Path, obi: str, invoice: str, decision: str
) -> None:
    """Before, the receiver's own ZIP+4 (60601-1047) named 1047: the wire was only suggested against the
    1049 its OBI names, and without an OBI it went to 1047 automatically, one of Acme's two 500.00
    invoices picked by an address. The bank's IMAD and TRN (...1048...) name Bolt's 1048 no more."""
    match = chase(tmp_path, CHASE_WIRE.format(obi=obi))
    assert (match.decision, [a.invoice_number for a in match.allocations]) == (decision, [invoice])
    assert match.customer_id == ACME.id
    assert [r.detail for r in match.reasons if r.feature == "reference"] == (
        ["remittance names 1049 (exact: '1049')"] if obi != "PAYMENT" else []
    )


def test_a_wells_fargo_wire_is_applied_by_its_rfb_not_by_its_fed_reference(tmp_path: Path) -> None:
    """Wells Fargo's wire text: "WT Fed#<the Fed's reference> <sending bank> /Org=<payer> Srf# ... Trn#...
    Rfb# <what the payer wrote>". The Fed reference 01049 named Acme's other invoice 1049 beside the 1047
    the payer wrote, and the payer was the whole text."""
    path = tmp_path / "wellsfargo.csv"
    text = "WT Fed#01049 JPMorgan Chase Ba /Org=Acme Corp Srf# 0012345678901234 Trn#260302012345 Rfb# INV 1047"
    path.write_text(f'"03/02/2026","500.00","*","","{text}"\n')
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    (match,) = match_statement(lines, (ledger(), [ACME, BOLT])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1047"]
    assert not any("1049" in r.detail for r in match.reasons)
    assert any(r.detail == "payer 'Acme Corp' is the name of Acme Corp" for r in match.reasons)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (ACH, "CO ENTRY DESCR:PAYMENT SEC:CCD IND ID:1047"),
        (BOFA_WIRE.format(time="0802", details="INV 1047"), "WIRE TYPE:WIRE IN PMT DET:INV 1047"),
        (CHASE_WIRE.format(obi="INVOICE 1049"), "FEDWIRE CREDIT RFB=O/B CITIBANK NYC OBI=INVOICE 1049"),
        ("WT Fed#00102 American National /Org=Acme Corp Srf# D1020140041101 Trn#220114020140 Rfb#", "Rfb#"),
        ("Rechnung 1047 Datum: 02.03.2026 TIME: 10:49", "Rechnung 1047 Datum: 02.03.2026 TIME: 10:49"),
    ],
)
def test_only_what_the_payer_wrote_is_searched_for_references(text: str, kept: str) -> None:
    """The bank's own fields go; Chase's IND ID and a wire's PMT DET stay; other text is left alone."""
    assert without_bank_data(text) == kept


@pytest.mark.parametrize(
    "description",
    [
        "FASTER PAYMENTS RECEIPT REF.INV1049 FROM ACME CORP",
        "ACME CORP INV1049 BGC",
        "FPI ACME CORP 1049",
        "Transfer from ACME CORP NetBank INV1049",
        "OSKO PAYMENT ACME CORP INV1049",
        "ACME CORP PO 7781 INV1049",  # what the payer says about the payment is not its name
        "ACME CORP P.O. 7781 FINAL PAYMENT INV 1049",
    ],
)
def test_a_description_that_runs_the_payer_and_the_reference_together_names_the_payer(
    tmp_path: Path, description: str
) -> None:
    """An HSBC UK export has one description for the payer and the reference, unpadded: the payer is what
    is left without the reference ("acme", exactly), not "inv1049 acme", which resembled nobody."""
    path = tmp_path / "hsbc.csv"
    path.write_text(f'02/03/2026,"{description}",500.00\n')
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    pounds = [
        sample_invoice("1049", "500.00", ACME, currency="GBP"),
        sample_invoice("1048", "500.00", BOLT, currency="GBP"),
    ]
    (match,) = match_statement(lines, (pounds, [ACME, BOLT])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1049"]
    assert any(r.detail == "payer 'acme' is the name of Acme Corp" for r in match.reasons)


@pytest.mark.parametrize(
    "originator",
    ["ACME CORP NEW YORK NY 10048", "ACME CORP 250 PARK AVE S NEW YORK NY 10003-1402 US"],
)
def test_a_wires_originator_is_read_before_its_address(tmp_path: Path, originator: str) -> None:
    """Chase prints the originator with its address ("B/O: ACME CORP NEW YORK NY 10048"). Acme's name
    followed by an address is Acme: its one 500.00 invoice is paid, not Bolt's of the same amount. Before,
    the whole text only loosely resembled Acme (85, under the cutoff), and the wire was a suggestion."""
    text = CHASE_WIRE.format(obi="PAYMENT").replace("ACME CORP NEW YORK NY 10048", originator)
    path = tmp_path / "chase.csv"
    path.write_text(
        "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,\n"
        f"CREDIT,03/02/2026,{text},500.00,WIRE_INCOMING,10500.00,,\n"
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    invoices = [sample_invoice("1047", "500.00", ACME), sample_invoice("1048", "500.00", BOLT)]
    (match,) = match_statement(lines, (invoices, [ACME, BOLT])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["1047"])
    # a street address ends the name at its house number (the name is then read as written); a city and
    # ZIP code alone leave where the name ends to a guess
    said = "is the name of Acme Corp" + ("" if "PARK AVE" in originator else " followed by an address")
    assert any(said in r.detail for r in match.reasons)


@pytest.mark.parametrize(
    ("originator", "party"),
    [
        ("GLOBEX NEW YORK NY 10048", "c3"),
        ("GLOBEX 1 BANK ST NEW YORK NY 10048", "c3"),
        ("GLOBEX HOLDINGS NEW YORK NY 10048", None),  # the holding, which may pay for another subsidiary
        ("GLOBEX PO 10048", None),  # a purchase order, no address
        ("INITECH NEW YORK NY 10048", None),  # two customers have that name
        ("GLOBEX LONDON EC1A 1BB GB", "c3"),  # a British payer: the postcode ends the address
        ("GLOBEX 1 HIGH ST MANCHESTER M1 1AE", "c3"),
        ("GLOBEX GROUP LEEDS LS1 4AP UNITED KINGDOM", None),  # the group, maybe paying for another
    ],
)
def test_only_a_name_followed_by_an_address_is_read_so(originator: str, party: str | None) -> None:
    parties = [
        ACME,
        sample_party("c3", "Globex"),
        sample_party("c4", "Initech LLC"),
        sample_party("c5", "Initech Inc"),
    ]
    hit = PartyResolver(parties).resolve(originator, None)
    assert (hit.party_id if isinstance(hit, PartyHit) else None) == party


ADDRESS_WORDS = ["GLOBEX", "ACME", "CORP", "HOLDINGS", "NEW", "YORK", "1", "250", "PARK", "-", "\u00e9"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(ADDRESS_WORDS), max_size=8),
    st.sampled_from(["NY 10048", "CA 94105-1402 US", "PO 10048", "", "NY", "EC1A 1BB GB", "M1 1AE", "1BB"]),
)
def test_reading_a_name_before_an_address_never_raises_and_names_a_prefix(words: list[str], address: str) -> None:
    text = " ".join([*words, address])
    hit = PartyResolver([ACME, sample_party("c3", "Globex")]).resolve(text, None)
    if isinstance(hit, PartyHit) and hit.score == 92.0:
        name = normalize_name({"c1": "Acme Corp", "c3": "Globex"}[hit.party_id])
        assert normalize_name(text).startswith(name)


@pytest.mark.parametrize(
    ("payer", "party"),
    [
        ("ACME MFG", "m1"),  # an ACH company name has 16 characters: "Acme Manufacturing" does not fit
        ("INTL PAPER CO", "m2"),
        ("GLOBAL TECH SVCS", "m3"),
        ("NORTHWIND MANUFACTURING", "m4"),  # the ledger abbreviates, the bank writes it out
        ("STARK IND", None),  # Stark Industries or Stark Industrial Supply: not choosing
        ("NORTHWIND SVCS", None),  # services, not manufacturing: another business of that name
        ("CALDER MED SUPPL", "m7"),  # 82 against the full name before
        ("EASTLEIGH INTL DIST LTD", "m8"),  # named nobody before
        ("LEHMANN IMMOB.-VERW. E.K.", "m9"),  # a German bank's 27 characters
        ("BAUUNT. JAEGER GMBH", "m10"),
        ("REDFERN PROP MAINT", "m11"),
        ("MERCER PLUMB & HTG", "m12"),
        ("PIONEER VET CLIN", "m13"),  # ACH names of 16 characters (named nobody before)
        ("TIDEWATER REST G", "m14"),
        ("COPPER CANYON PKG", "m15"),
    ],
)
def test_a_name_abbreviated_by_the_bank_or_the_ledger_is_read_written_out(payer: str, party: str | None) -> None:
    parties = [
        sample_party("m1", "Acme Manufacturing Inc"),
        sample_party("m2", "International Paper"),
        sample_party("m3", "Global Technology Services LLC"),
        sample_party("m4", "Northwind Mfg Co"),
        sample_party("m5", "Stark Industries"),
        sample_party("m6", "Stark Industrial Supply"),
        sample_party("m7", "Calder Medical Supplies Inc"),
        sample_party("m8", "Eastleigh International Distributors Ltd"),
        sample_party("m9", "Lehmann Immobilien-Verwaltung e.K."),
        sample_party("m10", "Jaeger Bauunternehmung GmbH"),
        sample_party("m11", "Redfern Property Maintenance Ltd"),
        sample_party("m12", "Mercer Plumbing & Heating Ltd"),
        sample_party("m13", "Pioneer Veterinary Clinic Inc"),
        sample_party("m14", "Tidewater Restaurant Group LLC"),
        sample_party("m15", "Copper Canyon Packaging Inc"),
    ]
    hit = PartyResolver(parties).resolve(payer, None)
    assert (hit.party_id if isinstance(hit, PartyHit) else None) == party


def test_an_ach_credit_from_an_abbreviated_name_is_applied_to_that_customer(tmp_path: Path) -> None:
    """Two customers are owed 500.00; ORIG CO NAME:ACME MFG names one of them, which the ledger writes out."""
    acme = sample_party("c1", "Acme Manufacturing Inc")
    path = tmp_path / "chase.csv"
    path.write_text(
        "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,\n"
        f"CREDIT,03/02/2026,{ACH.replace('ACME CORP', 'ACME MFG').replace('IND ID:1047', 'IND ID:77')},500.00,"
        "ACH_CREDIT,10500.00,,\n"
    )
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    invoices = [sample_invoice("1047", "500.00", acme), sample_invoice("1048", "500.00", BOLT)]
    (match,) = match_statement(lines, (invoices, [acme, BOLT])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["1047"])
    assert any("resembles Acme Manufacturing Inc" in r.detail for r in match.reasons)


def test_a_customer_whose_name_holds_a_payment_word_is_still_named_by_it(tmp_path: Path) -> None:
    """ "Discount" and "Balance" are words payers write about a payment, and also words of names: the
    description names Discount Tire as it is written, so the words are dropped only when it names nobody."""
    tire = sample_party("c7", "Discount Tire Co")
    path = tmp_path / "hsbc.csv"
    path.write_text('02/03/2026,"DISCOUNT TIRE INV1049",500.00\n')
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    pounds = [
        sample_invoice("1049", "500.00", tire, currency="GBP"),
        sample_invoice("1048", "500.00", ACME, currency="GBP"),
    ]
    (match,) = match_statement(lines, (pounds, [tire, ACME])).matches
    assert any(r.detail == "payer 'discount tire' is the name of Discount Tire Co" for r in match.reasons)


def test_a_payer_three_customers_are_named_like_counts_for_each_of_them() -> None:
    """Three customers are called Stark Foods (plain, LLC, Ltd). A payment naming the Ltd's invoice is
    not held against the payer as another customer's: before, only the first two of them counted as
    whom the payer may be, and the named invoice lost 5 points and the line went unmatched."""
    plain, llc, ltd = (
        sample_party(k, f"Stark Foods{form}") for k, form in (("s1", ""), ("s2", " LLC"), ("s3", " Ltd"))
    )
    invoices = [sample_invoice("2177", "1605.40", ltd), sample_invoice("2178", "700.00", llc)]
    (match,) = match_statement([sample_line("802.70", "STARK FOODS INV 2177")], (invoices, [plain, llc, ltd])).matches
    assert [a.invoice_number for a in match.allocations] == ["2177"]
    assert not any("invoice belongs to" in r.detail for r in match.reasons)
    hit = PartyResolver([plain, llc, ltd]).resolve("STARK FOODS", None)
    assert isinstance(hit, PartyAbstention) and set(hit.parties) == {"s1", "s2", "s3"}


def test_an_unmatched_line_names_every_customer_its_payer_fits() -> None:
    plain, llc, ltd = (
        sample_party(k, f"Stark Foods{form}") for k, form in (("s1", ""), ("s2", " LLC"), ("s3", " Ltd"))
    )
    invoices = [sample_invoice("2177", "1605.40", ltd)]
    result = match_statement([sample_line("50.00", "STARK FOODS")], (invoices, [plain, llc, ltd]))
    (line,) = result.unmatched_bank
    assert any(
        r.detail.startswith("payer fits Stark Foods, Stark Foods LLC and Stark Foods Ltd about equally")
        for r in line.reasons
    )


@pytest.mark.parametrize(
    ("payer", "party"),
    [
        ("STARK FOODS LTD", "s3"),
        ("STARK FOODS LIMITED", "s3"),  # one spelling per form
        ("STARK FOODS LLC", "s2"),
        ("STARK FOODS", None),  # no form stated: either
        ("STARK FOODS INC", None),  # a form neither has
    ],
)
def test_customers_named_alike_but_for_their_legal_form_are_told_apart_by_it(payer: str, party: str | None) -> None:
    """A group's companies in two countries: the payer's legal form says which one paid."""
    llc, ltd = sample_party("s2", "Stark Foods LLC"), sample_party("s3", "Stark Foods Ltd")
    hit = PartyResolver([llc, ltd]).resolve(payer, None)
    assert (hit.party_id if isinstance(hit, PartyHit) else None) == party


def test_a_legal_form_tells_nothing_while_a_customer_of_that_name_states_none() -> None:
    """ "Stark Foods", without a form, may be how someone wrote Stark Foods Ltd's name: not choosing."""
    parties = [
        sample_party("s1", "Stark Foods"),
        sample_party("s2", "Stark Foods LLC"),
        sample_party("s3", "Stark Foods Ltd"),
    ]
    assert isinstance(PartyResolver(parties).resolve("STARK FOODS LTD", None), PartyAbstention)


def test_a_payment_from_one_of_two_companies_named_alike_is_applied_to_its_own_invoice() -> None:
    llc, ltd = sample_party("s2", "Stark Foods LLC"), sample_party("s3", "Stark Foods Ltd")
    invoices = [sample_invoice("2177", "700.00", ltd), sample_invoice("2178", "700.00", llc)]
    (match,) = match_statement([sample_line("700.00", payer="STARK FOODS LTD")], (invoices, [llc, ltd])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["2177"])
    assert any("legal form and all (which tells it from Stark Foods LLC)" in r.detail for r in match.reasons)


def test_the_amount_tells_apart_two_customers_the_payer_is_named_like() -> None:
    """ "STARK FOODS" with no legal form is either company; only Stark Foods Ltd has an invoice of the exact
    amount, due now. A clerk applies it: the name says one of two (one bit less than a name that fits one
    customer), the amount says which. The same payment with an invoice of that amount at each company
    stays a suggestion."""
    llc, ltd = sample_party("s2", "Stark Foods LLC"), sample_party("s3", "Stark Foods Ltd")
    invoices = [sample_invoice("2177", "4503.02", ltd), sample_invoice("2178", "1200.00", llc)]
    line = sample_line("4503.02", "ACH CREDIT STARK FOODS")
    (match,) = match_statement([line], (invoices, [llc, ltd])).matches
    assert (match.decision, [a.invoice_number for a in match.allocations]) == ("auto", ["2177"])
    assert any("one of the 2 customers it resembles about equally" in r.detail for r in match.reasons)
    both = [*invoices, sample_invoice("2179", "4503.02", llc)]
    (match,) = match_statement([line], (both, [llc, ltd])).matches
    assert match.decision == "suggest"


def test_two_invoices_paid_together_by_a_payer_named_like_two_customers_are_applied() -> None:
    """No reference, and the payer is one of two customers named alike: the combination of one's invoices
    that adds up to the payment, when nothing of the other's does, is applied (before the tied customers'
    invoices were searched, it was left unmatched)."""
    llc, ltd = sample_party("s2", "Stark Foods LLC"), sample_party("s3", "Stark Foods Ltd")
    invoices = [
        sample_invoice("2177", "700.00", ltd),
        sample_invoice("2179", "300.00", ltd),
        sample_invoice("2178", "450.00", llc),
    ]
    (match,) = match_statement([sample_line("1000.00", payer="STARK FOODS")], (invoices, [llc, ltd])).matches
    assert match.decision == "auto"
    assert sorted(a.invoice_number for a in match.allocations) == ["2177", "2179"]


def test_the_house_number_of_a_wires_originator_names_no_invoice() -> None:
    """A Fedwire credit writes the originator's address after its name. With four-digit invoice numbers a
    house number often is one: "2525 MAIN ST" named Hawthorne's invoice 2525 exactly, and Ironbridge's
    450.00 went to it unattended although the payer was another customer (a wrong auto). The number before
    a street name and type is an address; "INV 2525" still names the invoice."""
    ironbridge = sample_party("c1", "Ironbridge Brewing Company, Inc.")
    hawthorne = sample_party("c2", "Hawthorne Textiles, LLC")
    invoices = [
        sample_invoice("2511", "450.00", ironbridge),
        sample_invoice("2601", "450.00", ironbridge),
        sample_invoice("2525", "450.00", hawthorne),
    ]
    wire = "B/O IRONBRIDGE BREWING CO INCORPORATED 2525 MAIN ST CHICAGO IL 60607 OBI=MONTHLY FEE"
    (match,) = match_statement([sample_line("450.00", wire)], (invoices, [ironbridge, hawthorne])).matches
    assert match.decision == "suggest"
    assert {a.invoice_number for a in match.allocations} <= {"2511", "2601"}
    assert not any(r.feature == "reference" for r in match.reasons)
    (named,) = match_statement([sample_line("450.00", "INV 2525 MAIN ST")], (invoices, [ironbridge, hawthorne])).matches
    assert [a.invoice_number for a in named.allocations] == ["2525"]


@pytest.mark.parametrize(
    "memo",
    [
        "WHITFIELD SCAFFOLD SI10500            FT",  # Barclays: the payment type ends the memo
        "WHITFIELD SCAFFOLD SI10500            BGC",
        "WHITFIELD SCAFFOLD SUPPLIER PAYMENT",  # the payer's words about the payment after its name
        "WHITFIELD SCAFFOLD MARCH PAYMENT",
        "WHITFIELD SCAFFOLD PAYRUN 6695",
    ],
)
def test_the_payer_in_a_uk_memo_is_read_past_the_payment_type_and_the_payers_words(memo: str) -> None:
    """Before, "FT" (the last padded field without digits) was taken for the payer, and "whitfield scaffold
    supplier" resembled nobody (84/100)."""
    whitfield = sample_party("c9", "Whitfield Scaffolding Ltd")
    assert payer_in_description(memo) is not None
    invoices = [sample_invoice("SI-10400", "1200.00", whitfield), sample_invoice("SI-10401", "300.00", ACME)]
    (match,) = match_statement([sample_line("1200.00", memo)], (invoices, [whitfield, ACME])).matches
    assert any(r.feature == "party" and "Whitfield Scaffolding Ltd" in r.detail for r in match.reasons), match.reasons


@pytest.mark.parametrize(
    ("names", "payer", "party"),
    [
        (("Lumen Optics Ltd", "Lumen Optics B.V."), "LUMEN OPTICS BV", "p1"),
        (("Mosaic Tiles SAS", "Mosaic Tiles Ltd"), "MOSAIC TILES S.A.S.", "p0"),
        (("Nordic Pumps SARL", "Nordic Pumps GmbH"), "NORDIC PUMPS S.A.R.L.", "p0"),
        (("Kappa Tooling GmbH", "Kappa Tooling S.A."), "KAPPA TOOLING SA", "p1"),
    ],
)
def test_a_legal_form_written_letter_by_letter_is_that_form(names: tuple[str, str], payer: str, party: str) -> None:
    """ "B.V." folded to the words "b v", which were kept in the name: "LUMEN OPTICS BV" was then the exact
    name of the twin Lumen Optics Ltd, and the B.V.'s payments went to the Ltd's invoices."""
    hit = PartyResolver([sample_party(f"p{k}", name) for k, name in enumerate(names)]).resolve(payer, None)
    assert isinstance(hit, PartyHit) and hit.party_id == party
    assert normalize_name("J.A. Smith") == "j a smith"  # initials are no legal form


def test_a_memo_naming_customers_alike_once_the_payers_words_are_dropped_names_them() -> None:
    """ "UPTON FACILITIES M PAYRUN 5757        FT" names nobody as written; without "PAYRUN" it fits both
    Upton Facilities companies. Before, the retry was kept only when it named one customer, so the line
    had no payer at all; now the amount tells the two apart."""
    management = sample_party("u1", "Upton Facilities Management Ltd")
    maintenance = sample_party("u2", "Upton Facilities Maintenance Ltd")
    invoices = [sample_invoice("2026/0248", "3046.29", management), sample_invoice("2026/0249", "99.00", maintenance)]
    memo = "UPTON FACILITIES M PAYRUN 5757        FT"
    (match,) = match_statement([sample_line("3046.29", memo)], (invoices, [management, maintenance])).matches
    assert [a.invoice_number for a in match.allocations] == ["2026/0248"]
    assert any("one of the 2 customers it resembles about equally" in r.detail for r in match.reasons)


@pytest.mark.parametrize(
    ("name", "memo", "party"),
    [
        # an OFX NAME has 32 characters; the MEMO goes on
        ("DIRECT CREDIT 484799 RIVERINA JO", "DIRECT CREDIT 484799 RIVERINA JOINERY INV3458 PART", "r1"),
        ("DIRECT CREDIT 301500 THE SHARMA", "DIRECT CREDIT 301500 THE SHARMA FAMIL", "s2"),
        ("OSKO PAYMENT FROM COASTAL PLUMBI", "OSKO PAYMENT FROM COASTAL PLUMBING PTY LTD INV 12", "c1"),
    ],
)
def test_a_payer_field_cut_short_is_read_on_in_the_description(name: str, memo: str, party: str) -> None:
    """Before, "DIRECT CREDIT 484799 RIVERINA JO" named nobody, and "... THE SHARMA" (cut) was the exact name
    of Sharma & Co, whose invoice of the amount the Sharma Family Trust's payment went to unattended."""
    parties = [
        sample_party("r1", "Riverina Joinery Pty Ltd"),
        sample_party("s1", "Sharma & Co"),
        sample_party("s2", "The Sharma Family Trust"),
        sample_party("c1", "Coastal Plumbing Pty Ltd"),
        sample_party("c2", "Coastal Plumbing Ltd"),
    ]
    invoices = [sample_invoice(f"INV-{k}", "440.00", p) for k, p in enumerate(parties, 1)]
    line = sample_line("440.00", memo, payer=name)
    (match,) = (*match_statement([line], (invoices, parties)).matches,)
    assert match.customer_id == party


def test_a_wires_originator_with_a_street_address_states_its_legal_form() -> None:
    """ "B/O: ALLIED STEEL INC 836 OAK AVE TAMPA FL 33602": the address hid the legal form, so the payer
    fitted Allied Steel Inc and Allied Steel LLC alike, and the LLC's invoice of the amount (its sister
    company's) was applied unattended. The name ends before the house number; INC says which company."""
    inc, llc = sample_party("a1", "Allied Steel Inc"), sample_party("a2", "Allied Steel LLC")
    invoices = [sample_invoice("1798", "3500.00", llc), sample_invoice("1799", "120.00", inc)]
    text = "FEDWIRE CREDIT VIA: FROST BANK/114000093 B/O: ALLIED STEEL INC 836 OAK AVE TAMPA FL 33602 REF: CHASE NYC"
    (match,) = match_statement([sample_line("3500.00", text)], (invoices, [inc, llc])).matches
    assert match.decision != "auto"
    assert payer_in_description(text) == "ALLIED STEEL INC"


def test_the_house_number_of_an_atm_is_no_typo_of_an_invoice_number() -> None:
    """Two customers owe 3,250.00; a cheque deposited at an ATM names nobody. "2450 S LAMAR BLVD" read as a
    typo of invoice 2050 and applied it unattended (a wrong auto): it is the ATM's address."""
    adams, baker = sample_party("a1", "Adams Welding LLC"), sample_party("b1", "Baker Supply Inc")
    invoices = [sample_invoice("2050", "3250.00", adams), sample_invoice("1309", "3250.00", baker)]
    line = sample_line("3250.00", "ATM CHECK DEPOSIT 10/01 2450 S LAMAR BLVD AUSTIN TX")
    (match,) = match_statement([line], (invoices, [adams, baker])).matches
    assert match.decision == "suggest"
    assert not any(r.feature == "reference" for r in match.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "BKOFAMERICA ATM 10/01 #000002015 DEPOSIT LAMAR AUSTIN TX",
        "BKOFAMERICA MOBILE 10/01 0000002015 DEPOSIT *MOBILE TX",
        "ATM CHECK DEPOSIT ON 10/01 2015 MAIN ST AUSTIN TX 0002015 ATM ID 2015H CARD 2015",
        "EDEPOSIT IN BRANCH/STORE 10/01/26 10:20:15 AM 2015 MAIN ST AUSTIN TX 2015",
        "MOBILE DEPOSIT : REF NUMBER :000000002015",
        "REMOTE ONLINE DEPOSIT # 2015",
    ],
)
def test_a_deposit_at_the_banks_own_machine_names_no_invoice(text: str) -> None:
    """A cheque deposited at an ATM or by phone: the text is the bank's, its numbers the machine's sequence,
    the date and the branch's address. "#000002015" read as invoice 2015 and, the amounts being equal,
    applied it unattended, though Baker owes the same amount."""
    adams, baker = sample_party("a1", "Adams Welding LLC"), sample_party("b1", "Baker Supply Inc")
    invoices = [sample_invoice("2015", "3250.00", adams), sample_invoice("1309", "3250.00", baker)]
    (match,) = match_statement([sample_line("3250.00", text)], (invoices, [adams, baker])).matches
    assert match.decision == "suggest"
    assert not any(r.feature == "reference" for r in match.reasons)


@pytest.mark.parametrize(
    ("addendum", "amount", "ledger", "paid"),
    [
        ("ADDENDA:INV-1689", "494.54", (("INV-1689", "409.54"), ("INV-1758", "498.86")), "INV-1689"),
        ("REF*TN*Invoice 1286 PART PMT\\", "250.00", (("1286", "500.00"), ("1287", "900.00")), "1286"),
    ],
)
def test_an_addendum_after_the_receivers_name_is_the_payers_remittance(
    addendum: str, amount: str, ledger: tuple[tuple[str, str], ...], paid: str
) -> None:
    """Some exports print the ACH addenda after "IND NAME:" (the receiving company), labelled ("ADDENDA:INV-1689")
    or as an X12 segment ("REF*TN*Invoice 1286 PART PMT\\"). It was dropped with the name: the 494.54 paying
    INV-1689 (85.00 over) went to another invoice 4.32 short, unattended, and the part payment of 1286 named
    nothing (unmatched)."""
    text = (
        "ORIG CO NAME:LEWIS REALTY ORIG ID:1234567890 DESC DATE:251001 CO ENTRY DESCR:PAYMENT SEC:CCD "
        f"TRACE#:021000021234567 EED:251001 IND ID:0001 IND NAME:HIGHLINE FACILITY SVCS {addendum} TRN: 12TC"
    )
    assert addendum.split(maxsplit=1)[0] in without_bank_data(text)
    assert "HIGHLINE" not in without_bank_data(text)
    lewis = sample_party("l1", "Lewis Realty LLC")
    invoices = [sample_invoice(number, total, lewis) for number, total in ledger]
    (match,) = match_statement([sample_line(amount, text)], (invoices, [lewis])).matches
    assert match.decision != "auto" or [a.invoice_number for a in match.allocations] == [paid]
    assert any(paid in r.detail for r in match.reasons if r.feature == "reference")


@pytest.mark.parametrize("payer", ["TWIN PINES BUILDERS", "TWIN PINES BUILD", "ACME WINDOWS"])
def test_a_customer_doing_business_under_another_name_is_known_by_it(payer: str) -> None:
    """Ledgers write "Silver Lake Holdings LLC dba Twin Pines Builders"; the payer writes the trade name,
    cut or whole. Before, the whole trade name only resembled the customer and the cut one named nobody."""
    dba = sample_party("d1", "Silver Lake Holdings LLC dba Twin Pines Builders")
    ta = sample_party("d2", "Acme Ltd t/a Acme Windows")
    hit = PartyResolver([dba, ta, sample_party("d3", "Twin Oaks Co")]).resolve(payer, None)
    assert isinstance(hit, PartyHit) and hit.party_id == ("d2" if "ACME" in payer else "d1")
    assert hit.method == "name" or payer == "TWIN PINES BUILD"
