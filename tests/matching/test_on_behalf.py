"""A payment made on behalf of a customer (SEPA's ultimate debtor): a parent paying for its subsidiary, a
payment service paying for its client. Whose invoice it is follows the party paid for. And a parent
customer paying its sub-customers' (QuickBooks jobs') invoices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arsync.bankfiles.api import parse_statements
from arsync.matching.engine import match_statement
from arsync.matching.normalize import normalize_name
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Party
from arsync.plugins import load_plugins

ACME = sample_party("c1", "Acme Industries Ltd")
BOLT = sample_party("c2", "Bolt Logistics Inc")
HOLDING = sample_party("c3", "Nordwind Holding AG", accounts=["DE89370400440532013000"])

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
 <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-03T06:00:00</CreDtTm></GrpHdr>
 <Ntfctn><Id>N1</Id><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id><Ccy>EUR</Ccy></Acct>
  <Ntry><Amt Ccy="EUR">480.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
   <BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
   <NtryDtls><TxDtls><Amt Ccy="EUR">480.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
    <RltdPties><Dbtr><Pty><Nm>{debtor}</Nm></Pty></Dbtr>
     <DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>{ultimate}</RltdPties>
    <RmtInf><Ustrd>PAYMENT MARCH</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
 </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>
"""
MT940 = (
    ":20:STARTUMS\n:25:10020030/1234567\n:28C:0\n:60F:C260301EUR1000,00\n"
    ":61:2603020302CR480,00NTRFNONREF//BANKREF1\n"
    ":86:166?00GUTSCHRIFT?20SVWZ+PAYMENT MARCH?21ABWA+{ultimate}?31{iban}?32{debtor}\n"
    ":62F:C260302EUR1480,00\n-\n"
)


def invoices() -> list:  # type: ignore[type-arg]
    day = dt.date(2026, 2, 20)
    return [
        sample_invoice("INV-0012", "480.00", ACME, currency="EUR", issued=day),
        sample_invoice("INV-0020", "480.00", BOLT, currency="EUR", issued=day),
        sample_invoice("INV-0030", "480.00", HOLDING, currency="EUR", issued=day),
    ]


def decide(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text)
    lines = list(parse_statements([path], registry=load_plugins()).lines)
    (match,) = match_statement(lines, (invoices(), [ACME, BOLT, HOLDING])).matches
    return match


@pytest.mark.parametrize(
    ("name", "template", "ultimate"),
    [
        ("n.xml", CAMT, "<UltmtDbtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></UltmtDbtr>"),
        ("s.sta", MT940, "Acme Industries Ltd"),
    ],
    ids=["camt-UltmtDbtr", "mt940-ABWA"],
)
def test_a_payment_service_paying_for_a_customer_applies_to_that_customers_invoice(
    tmp_path: Path, name: str, template: str, ultimate: str
) -> None:
    """PayPal pays 480.00 for Acme: three customers have an invoice of 480.00, and only the ultimate
    debtor says whose it is."""
    text = template.format(
        debtor="PayPal Europe S.a r.l. et Cie S.C.A.", iban="LU89751000135104200E", ultimate=ultimate
    )
    match = decide(tmp_path, name, text)
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    party = next(r.detail for r in match.reasons if r.feature == "party")
    assert "on behalf of 'Acme Industries Ltd'" in party
    without = decide(
        tmp_path,
        name,
        template.format(debtor="PayPal Europe S.a r.l. et Cie S.C.A.", iban="LU89751000135104200E", ultimate=""),
    )
    assert without.decision != "auto"


def test_a_parent_paying_from_its_own_account_for_its_subsidiary_applies_to_the_subsidiary(tmp_path: Path) -> None:
    """Nordwind Holding's known account pays for its subsidiary Acme: the account alone would say Nordwind."""
    ultimate = "<UltmtDbtr><Pty><Nm>Acme Industries Ltd</Nm></Pty></UltmtDbtr>"
    match = decide(
        tmp_path, "n.xml", CAMT.format(debtor="Nordwind Holding AG", iban="DE89370400440532013000", ultimate=ultimate)
    )
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    alone = decide(
        tmp_path, "n.xml", CAMT.format(debtor="Nordwind Holding AG", iban="DE89370400440532013000", ultimate="")
    )
    assert [a.invoice_number for a in alone.allocations] == ["INV-0030"]


FREEMAN = sample_party("7", "Freeman Sporting Goods")
# QuickBooks' sample company: jobs under Freeman, each printing the parent's name on its cheques.
TWIN_LANE = sample_party("9", "55 Twin Lane", aliases=["Freeman Sporting Goods"]).model_copy(update={"parent_id": "7"})
OCEAN_VIEW = sample_party("8", "0969 Ocean View Road", aliases=["Freeman Sporting Goods"]).model_copy(
    update={"parent_id": "7"}
)


@pytest.mark.parametrize("text", ["INV 1036", "PAYMENT"])
def test_a_parent_customer_pays_its_jobs_invoice(text: str) -> None:
    """QuickBooks jobs (sub-customers) are billed under their own names and paid by the parent: the
    parent's name names the family, not an abstention between the parent and a job."""
    invoices = [
        sample_invoice("1036", "85.00", TWIN_LANE),
        sample_invoice("1037", "226.00", OCEAN_VIEW),
        sample_invoice("1038", "226.00", ACME),
    ]
    line = sample_line("85.00", text, payer="FREEMAN SPORTING GOODS")
    (match,) = match_statement([line], (invoices, [FREEMAN, TWIN_LANE, OCEAN_VIEW, ACME])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["1036"]
    assert match.customer_id == "9"  # the invoice's own customer
    assert any("1036 is 55 Twin Lane's, a sub-customer of Freeman Sporting Goods" in r.detail for r in match.reasons)
    assert all(r.weight >= 0 for r in match.reasons if r.feature == "party")
    # Without the family, the name fits the parent and both jobs alike: the payer abstains between the
    # three, so the name is weaker evidence (an invoice of any of them may be the payer's), and without a
    # reference the payment is only offered.
    unrelated = [p.model_copy(update={"parent_id": None}) for p in (TWIN_LANE, OCEAN_VIEW)]
    without = match_statement([line], (invoices, [FREEMAN, *unrelated, ACME]))
    (alone,) = (*without.matches, *without.unmatched_bank)
    party = [r.weight for r in alone.reasons if r.feature == "party"]
    assert party and max(party) < max(r.weight for r in match.reasons if r.feature == "party")
    assert alone.decision == ("auto" if text == "INV 1036" else "suggest")


MUELLER_GMBH = sample_party("m1", "Müller GmbH").model_copy(update={"account_number": "10-1234567"})
MUELLER_AG = sample_party("m2", "Müller AG").model_copy(update={"account_number": "10-7654321"})


@pytest.mark.parametrize("text", ["Kd.Nr. 10-7654321 Rechnung", "Kundennummer: 107654321", "Customer no 10-7654321"])
def test_the_customer_number_in_the_remittance_names_the_payer(text: str) -> None:
    """Two customers called Müller: the payer's name fits both, so neither is chosen; the customer number
    the payer writes (Xero's AccountNumber) says which one it is."""
    invoices = [sample_invoice("RE-0100", "595.00", MUELLER_GMBH), sample_invoice("RE-0101", "595.00", MUELLER_AG)]
    parties = [MUELLER_GMBH, MUELLER_AG, ACME]
    (match,) = match_statement([sample_line("595.00", text, payer="MUELLER")], (invoices, parties)).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["RE-0101"]
    assert any("gives Müller AG's customer number" in r.detail for r in match.reasons if r.feature == "party")
    (plain,) = match_statement([sample_line("595.00", "Rechnung", payer="MUELLER")], (invoices, parties)).matches
    assert plain.decision != "auto"


@pytest.mark.parametrize("text", ["A/C WHIT002", "ACC WHIT002", "J SMITH WHIT002"])
def test_an_account_code_the_ledger_gave_the_customer_names_the_payer(text: str) -> None:
    """UK ledgers (Sage) give customers codes of letters and digits, which payers quote with "A/C", "ACC" or
    no word at all. Two Whitfields: the code says which (before, only "amount +6")."""
    one = sample_party("w1", "Whitfield Scaffolding Ltd").model_copy(update={"account_number": "WHIT001"})
    two = sample_party("w2", "Whitfield Scaffolding Services Ltd").model_copy(update={"account_number": "WHIT002"})
    invoices = [sample_invoice("SI-10500", "640.00", one), sample_invoice("SI-10501", "640.00", two)]
    (match,) = match_statement([sample_line("640.00", text)], (invoices, [one, two, ACME])).matches
    assert [a.invoice_number for a in match.allocations] == ["SI-10501"]
    assert any("gives Whitfield Scaffolding Services Ltd's customer number" in r.detail for r in match.reasons)


def test_a_customer_number_against_another_customers_known_account_decides_nothing() -> None:
    acme = ACME.model_copy(update={"bank_accounts": ("DE02120300000000202051",)})
    invoices = [sample_invoice("RE-0101", "595.00", MUELLER_AG), sample_invoice("INV-0012", "595.00", acme)]
    line = sample_line("595.00", "Kd.Nr. 10-7654321", payer="ACME INDUSTRIES", account="DE02120300000000202051")
    result = match_statement([line], (invoices, [MUELLER_AG, acme]))
    (match,) = (*result.matches, *result.unmatched_bank)
    assert match.decision != "auto"


def test_the_payers_e_mail_from_a_payment_service_names_the_customer() -> None:
    """PayPal and Stripe give the payer's e-mail where a bank gives its account: the customer's own e-mail
    names it, whatever name the payer uses; an e-mail two customers share names neither."""
    acme = ACME.model_copy(update={"emails": ("ap@acme.example",)})
    invoices = [sample_invoice("INV-0012", "99.00", acme), sample_invoice("INV-0020", "99.00", BOLT)]
    line = sample_line("99.00", "PayPal payment", payer="John Smith", account="AP@acme.example")
    (match,) = match_statement([line], (invoices, [acme, BOLT])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["INV-0012"]
    assert any("payer e-mail AP@acme.example is Acme Industries Ltd's" in r.detail for r in match.reasons)
    bolt = BOLT.model_copy(update={"emails": ("ap@acme.example",)})
    shared = match_statement([line], (invoices, [acme, bolt]))
    assert all(m.decision != "auto" for m in (*shared.matches, *shared.unmatched_bank))


MASCHINENBAU = sample_party("d1", "Müller Maschinenbau GmbH")
JORGENSEN = sample_party("d2", "Søren Jørgensen ApS")


@pytest.mark.parametrize(
    ("payer", "party"),
    [
        ("MUELLER MASCHINENBAU GMBH", MASCHINENBAU),
        ("MULLER MASCHINENBAU", MASCHINENBAU),
        ("Müller Maschinenbau GmbH", MASCHINENBAU),
        ("SOEREN JOERGENSEN APS", JORGENSEN),
        ("SOREN JORGENSEN", JORGENSEN),
    ],
)
def test_a_name_with_umlauts_is_the_customers_however_the_bank_spells_it(payer: str, party: Party) -> None:
    """Banks limited to plain letters write "Müller" as MUELLER (SEPA's basic character set) or MULLER, and
    "Søren Jørgensen" as SOEREN JOERGENSEN or SOREN JORGENSEN: each is the customer's own name, exactly.
    Before, MUELLER and SOEREN resembled no one, and SOREN JORGENSEN no one either."""
    invoices = [sample_invoice("RE-0100", "595.00", party), sample_invoice("INV-0012", "595.00", ACME)]
    (match,) = match_statement(
        [sample_line("595.00", "Rechnung", payer=payer)], (invoices, [MASCHINENBAU, JORGENSEN, ACME])
    ).matches
    assert match.customer_id == party.id
    assert any(r.detail == f"payer {payer!r} is the name of {party.name}" for r in match.reasons)


_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "æ": "ae", "Ä": "AE", "Ö": "OE", "Ü": "UE", "Ø": "OE"}


@given(st.text(alphabet="abcdeilmnorsuzäöüøæÄÖÜØ -", max_size=30))
def test_every_spelling_of_a_names_vowels_normalizes_alike(name: str) -> None:
    """Written with the letter, with two plain letters or with the plain vowel, a name reads the same."""
    two = "".join(_SPELLINGS.get(c, c) for c in name)
    plain = "".join(_SPELLINGS.get(c, c)[0] for c in name)
    assert normalize_name(name) == normalize_name(two) == normalize_name(plain)


@pytest.mark.parametrize(
    ("payer", "memo"),
    [
        ("OSKO PAYMENT FROM BAXTER & CO TR", "OSKO PAYMENT FROM BAXTER & CO TRUST ACCT OBO COOLANGATTA ELECTRICAL"),
        ("WONG PARTNERS TRUST ACCOUNT", "DIRECT CREDIT 062914 WONG PARTNERS TR OBO COOLANGATTA ELEC"),
        ("Kanzlei Weber Anderkonto", "Zahlung im Auftrag von Coolangatta Electrical, Rechnung vom 02.03."),
        ("HENARE LAW TRUST A/C", "on behalf of: Coolangatta Electrical Pty Ltd"),
        ("ABN AMRO Commercial Finance N.V.", "inz. Coolangatta Electrical"),
        ("Administratiekantoor Bosman B.V.", "t.b.v. Coolangatta Electrical factuur"),
        ("Fiduciaire Lambert SRL", "pour compte de Coolangatta Electrical"),
    ],
)
def test_a_remittance_naming_whom_it_pays_for_names_the_customer(payer: str, memo: str) -> None:
    """A solicitor's trust account (or an accountant, a parent) pays a client's invoice and writes "OBO
    <client>". Before, only the amount spoke, and another customer's invoice of the same amount tied with it:
    a suggestion. The client's name now names the customer, like camt's UltmtDbtr does."""
    client = sample_party("c1", "Coolangatta Electrical Pty Ltd")
    other = sample_party("c2", "Daintree Signs Pty Ltd")
    invoices = [sample_invoice("INV-3263", "1653.59", client), sample_invoice("INV-3264", "1653.59", other)]
    (match,) = match_statement([sample_line("1653.59", memo, payer=payer)], (invoices, [client, other])).matches
    assert match.decision == "auto"
    assert [a.invoice_number for a in match.allocations] == ["INV-3263"]
    assert any("on behalf of" in r.detail for r in match.reasons if r.feature == "party")


def test_a_customer_paying_on_behalf_of_a_name_the_ledger_does_not_know_stays_the_payer() -> None:
    """A tenant's name after OBO is nobody in the ledger: the account holder, a customer, still pays."""
    acme, other = sample_party("c1", "Acme Property Management"), sample_party("c2", "Bolt Logistics Inc")
    invoices = [sample_invoice("INV-1", "950.00", acme), sample_invoice("INV-2", "950.00", other)]
    line = sample_line("950.00", "RENT MARCH OBO JOHN SMITH UNIT 4", payer="ACME PROPERTY MANAGEMENT")
    (match,) = match_statement([line], (invoices, [acme, other])).matches
    assert [a.invoice_number for a in match.allocations] == ["INV-1"]
