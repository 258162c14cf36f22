"""Cash application for a Canadian distributor: RBC and TD downloads, a National Bank camt.053, an RBC USD BAI2, Xero.

Run:  .venv/bin/python benchmarks/bench_match_canada.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Laurentide Industrial Supply Ltd. (Mississauga, with a Montreal branch: Fournitures industrielles Laurentide ltee)
sells safety and shop supplies to ~185 customers in Ontario, Quebec, British Columbia and Alberta (CAD invoices with
HST 13%, GST 5% + QST 9.975%, GST 5% + PST 7%, GST 5%; French lines for Quebec) and to ~14 US customers (USD, zero
rated). Customers are English and French companies (Inc., Ltd., Limited, Corp., ltee, s.e.n.c.), family companies
whose owner pays by Interac, numbered companies (``2456781 Ontario Inc. o/a Lakeshore Dental``, ``9123-4567 Quebec
inc.``) shown in Xero by their numbered name, their trade name or both, and look-alikes whose names share the 15
characters an EFT carries. Per seed it writes (answers known only here) ``xero.csv``, Xero's invoice export (open,
part-paid and paid invoices of both currencies); ``rbc-operating.ofx``, the CAD operating account as RBC's
Money/Quicken download writes it (``<NAME>`` is the CSV's Description 1, ``<MEMO>`` its Description 2: ``e-Transfer
- Autodeposit`` / ``MARIE-CLAUDE GAGNON CAx9...``, ``MISC PAYMENT`` / the payer's 15-character EFT short name,
``Funds transfer credit`` / ``TT <payer>``, cheque deposits with no payer, Moneris and Stripe, CRA, interest, own
transfers); ``td-business.ofx``, a second CAD account as TD's download writes it (one text: ``E-TRANSFER ***uJP``
without the sender, ``<SHORT NAME> MSP``, ``GC 0912-DEPOSIT``, ``MC DEP 77120 MSP``, ``TFR-FR 6070101``);
``bnc-camt053.xml``, a National Bank commercial account in camt.053.001.08 (Interac e-Transfers with the sender and
the sender's message, often in French, EFTs with the 30-character originator name and a cross-reference, USD wires
converted to CAD with ``InstdAmt``, cheque deposits, Revenu Quebec, CNESST, Moneris); ``rbc-usd.bai``, the USD account
as BAI2 (wires ``B/O`` with ``OBI``, some short by an intermediary's fee, cheque deposits); and ``arsync.yaml``. It
checks that ``arsync bank parse`` reads every line, runs ``arsync match --bank ... --ledger xero.csv --json`` and
scores each credit per kind through ``matchscore``.

The banks' own CSV layouts (RBC ``"Account Type","Account Number","Transaction Date","Cheque Number","Description
1","Description 2","CAD$","USD$"``, TD EasyWeb's headerless date, description, debit, credit, balance, Scotiabank,
BMO, CIBC, Desjardins) are not recognised by arsync's parsers; the same banks' OFX downloads are, and carry the same
texts, so RBC and TD are written as OFX.

Truth is what an AR clerk with the statement line and the Xero export (nothing else) applies. A payer name is "any
customer whose name, trade name or numbered name, without accents, legal form or ``Saint``/``St``, could have been
cut to what the bank shows"; a person's name ties to the customers carrying that surname, or to the customer the
Interac message names. A line naming an invoice (the Interac message, a camt ``Ustrd``, a wire's ``OBI``) pays it when
the amount agrees (less: a part payment; more: the open amount, the excess left unapplied; a transposed number: the
payer's own invoice of that amount; a ``PO`` number is the customer's order, not our invoice). A line naming no
invoice is payable only when exactly one set of up to four of those customers' open invoices makes the amount. A USD
wire converted into the CAD account pays its invoice when the camt gives the instructed USD amount.

Kinds (clerk): name_only, name_fr (accents or ``Saint`` written without), numbered and trade_name (the name the Xero
contact shows beside the other), multi_bare, inv_msg, person_msg, person_for (a person's Interac whose message names
the customer), multi_msg, partial_named, overpay_named, typo_named, po_trap, same_amount (another customer has the
amount open), person_surname (the owner's Interac), usd_wire, usd_wire_fee, fx_wire. REVIEW kinds need a person
whatever the matcher finds (any auto is wrong, a suggestion of a right set is right): cheque and cheque_batch (no
payer), etr_bare (TD's e-Transfer, no sender), person_unknown (a stranger's Interac), numco_unknown (a numbered or
trade name the Xero contact does not show), trunc_amb (a cut name two customers share, the amount open at both),
card_one (a card batch of one payment), on_account (a round sum naming nothing), fx_norate (a converted USD wire
without the USD amount), paid_again (an invoice Xero shows paid is named and paid again). Card batches (settlement),
a customer's prepayment with nothing open, and non-customer credits (CRA, Revenu Quebec, CNESST, interest, own
transfers, refunds, claims) pay no invoice: any auto is wrong; debits only count whether anything was applied. Every
auto is also checked to put no more on an invoice than it has open, and to apply no more than the payment.
``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import re
import string
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import (
    ARSYNC,
    XERO_COLUMNS,
    C,
    Invoice,
    Match,
    Table,
    Verdict,
    arguments,
    file_line,
    label,
    match,
    matches_by,
    plain,
    reasons,
    report,
    run,
    score_credits,
    workdir,
)

ZERO = Decimal(0)
FIRM = "Laurentide Industrial Supply Ltd."
FIRM_FR = "FOURNITURES INDUSTRIELLES LAURENTIDE LTEE"
START, END = date(2026, 3, 2), date(2026, 3, 31)
FILES = {"rbc": "rbc-operating.ofx", "td": "td-business.ofx", "bnc": "bnc-camt053.xml", "usd": "rbc-usd.bai"}
TAX = {"ON": ["0.13"], "QC": ["0.05", "0.09975"], "BC": ["0.05", "0.07"], "AB": ["0.05"], "US": []}
TAXTYPE = {"ON": "HST on Sales (ON) 13%", "QC": "GST/QST on Sales 14.975%", "BC": "GST/PST on Sales (BC) 12%",
           "AB": "GST on Sales 5%", "US": "Zero Rated Exports"}  # fmt: skip
CITIES = {"ON": ["Mississauga L5T", "Hamilton L8E", "London N6E", "Kitchener N2C", "Barrie L4N", "Oshawa L1H",
                 "Sudbury P3A", "Windsor N8W", "Ottawa K1G", "Peterborough K9J", "Vaughan L4K", "Brampton L6T"],
          "QC": ["Montreal H4T", "Laval H7L", "Quebec G1P", "Trois-Rivieres G8T", "Sherbrooke J1L", "Levis G6W",
                 "Saint-Jerome J7Y", "Drummondville J2C", "Gatineau J8R", "Boucherville J4B"],
          "BC": ["Surrey V3W", "Burnaby V5J", "Kelowna V1X", "Kamloops V2C", "Nanaimo V9T", "Abbotsford V2T"],
          "AB": ["Calgary T2C", "Edmonton T6E", "Red Deer T4P", "Lethbridge T1H", "Grande Prairie T8V"]}  # fmt: skip
US_ADDR = ["2153 COMMERCE DR AUSTIN TX 78701", "400 W MICHIGAN AVE KALAMAZOO MI 49007",
           "88 PINE ST BURLINGTON VT 05401", "1200 INDUSTRIAL PKWY TOLEDO OH 43612", "75 HARBOR RD PORTLAND ME 04101",
           "310 RIVER ST TROY NY 12180",
           "950 LAKE ST DULUTH MN 55802", "18 MILL RD ERIE PA 16501"]  # fmt: skip
EN_PLACES = """Lakeshore|Muskoka|Kawartha|Georgian Bay|Rideau|Niagara|Grand River|Credit Valley|Huron|Algoma|Frontenac|
Haliburton|Trillium|Maple Ridge|Fraser Valley|Okanagan|Kootenay|Cariboo|Coastal|Chinook|Bow Valley|Foothills|Prairie|
Parkland|Peace River|Northern|Great Lakes|Superior|Boreal|Cardinal|Polaris|Summit|Keystone|Heritage|Dominion|Royal Oak|
Harbourfront|Northshore|Westmount|Kingsway|Thunder Bay|Ottawa Valley|Bluewater|Long Point|Elgin|Carleton|Simcoe|
Waterloo|Durham|Halton|Peel|Yellowhead|Athabasca|Sunridge|Glenmore|Mountain View|Lions Gate|Skeena""".replace(
    "\n", ""
).split("|")
EN_TRADES = """Mechanical|Fabrication|Welding|Construction|Electric|Plumbing & Heating|Landscaping|Millwork|Machining|
Automotive|Trucking|Logistics|Paving|Roofing|Excavating|Industrial Services|Steel|Refrigeration|Fleet Services|
Maintenance|Environmental|Contracting|Hydraulics|Marine|Tool & Die|Precast|Packaging|Cabinets|Drywall|Glass""".replace(
    "\n", ""
).split("|")
EN_FORMS = ["Inc.", "Inc.", "Ltd.", "Ltd.", "Limited", "Corp.", "Corporation", "Inc", "Ltd", "Co. Ltd."]
FR_SURN = """Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier Bélanger Lévesque
Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier Dubé Poirier Fournier Lapointe Leclerc
Lefebvre Thériault Bédard Hébert Séguin Gélinas Fréchette Légaré Pépin Bérubé Désilets Bélisle""".split()
FR_TRADES = """Boulangerie|Quincaillerie|Transport|Excavation|Construction|Plomberie|Électricité|Toitures|Usinage|
Soudure|Menuiserie|Déneigement|Paysagement|Mécanique|Distribution|Entretien|Ébénisterie|Béton|Réfrigération|Camionnage""".replace(
    "\n", ""
).split("|")
FR_PLACES = """Saint-Hubert|Saint-Jérôme|Sainte-Julie|Saint-Laurent|Lévis|Beauce|Mauricie|Laurentides|Outaouais|Estrie|
Charlevoix|Lanaudière|Côte-Nord|Rive-Sud|Saguenay|Portneuf|Bellechasse|Montérégie|Sainte-Foy|Saint-Eustache""".replace(
    "\n", ""
).split("|")
FR_FORMS = ["inc.", "Inc.", "ltée", "Ltée", "inc.", "s.e.n.c."]
EN_FIRST = (
    "Kevin Jennifer Michael Sarah David Amanda Ryan Jessica Brian Melissa Jason Nicole Daniel Lisa Gurpreet".split()
)
EN_LAST = """Walsh MacDonald Campbell Kowalski Nguyen Singh Patel Chen Wong Fraser MacLeod Thompson Wilson Martin Brown
Murray Sandhu Gill Dhillon Petrov Novak Kaur Reid Sutherland Boyko Hryniuk""".split()
FR_FIRST = """Marie-Claude Jean-François Mélanie Sébastien Geneviève Stéphane Isabelle Éric Nathalie Martin Julie
Pierre-Luc Annie Mathieu Josée Benoît""".split()
US_PLACES = "Dunmore|Great Lakes|Adirondack|Cascade|Green Mountain|Hudson Valley|Keweenaw|Allegheny|Chesapeake|Ozark"
US_TRADES = "Logistics|Fluid Power|Millwork|Marine Services|Industrial Supply|Fabricators|Machine Works|Packaging"
US_FORMS = ["Inc", "LLC", "Inc.", "Corp", "Co"]
# (English description, French description, unit price)
PRODUCTS = [("Nitrile gloves 6 mil (case 1000)", "Gants nitrile 6 mil (caisse 1000)", "89.50"),
            ("Hi-vis vest class 2 (12)", "Dossard haute visibilité classe 2 (12)", "74.40"),
            ("Hydraulic hose 1/2in x 50ft", "Boyau hydraulique 1/2po x 50pi", "212.00"),
            ("Hex bolts 3/8 x 2 Gr8 (100)", "Boulons hex 3/8 x 2 Gr8 (100)", "38.75"),
            ("Cut-off wheels 4.5in (25)", "Disques à tronçonner 4,5po (25)", "41.90"),
            ("Safety glasses anti-fog (12)", "Lunettes de sécurité antibuée (12)", "56.20"),
            ("Shop towels (box 200)", "Essuie-tout d'atelier (boîte 200)", "23.15"),
            ("Absorbent pads (100)", "Tampons absorbants (100)", "67.80"),
            ("Marking paint orange (12)", "Peinture de marquage orange (12)", "88.60"),
            ("Cable ties 14in (1000)", "Attaches autobloquantes 14po (1000)", "29.95"),
            ("Duct tape 48mm (24)", "Ruban adhésif en toile 48mm (24)", "96.00"),
            ("Ear plugs (200 pair)", "Bouchons d'oreilles (200 paires)", "44.30"),
            ("CSA work boots size 10", "Bottes de travail CSA pointure 10", "164.99"),
            ("Welding rod E7018 1/8 (50 lb)", "Électrodes E7018 1/8 (50 lb)", "178.40"),
            ("Fall arrest harness", "Harnais antichute", "139.00"),
            ("Degreaser 20 L", "Dégraissant 20 L", "118.25"),
            ("Respirator cartridges P100 (6)", "Cartouches respirateur P100 (6)", "52.70"),
            ("Grinding discs 7in (10)", "Disques à meuler 7po (10)", "63.45")]  # fmt: skip
FREIGHT = ("Freight", "Transport", ["45.00", "65.00", "85.00", "125.00"])
TAILS = {"INC", "LTD", "CORP", "CO", "SENC", "LLC"}
WORDS = {"LIMITED": "LTD", "LTEE": "LTD", "LIMITEE": "LTD", "INCORPORATED": "INC", "CORPORATION": "CORP",
         "SAINT": "ST", "SAINTE": "STE", "AND": "&", "ET": "&", "COMPANY": "CO"}  # fmt: skip
CLERK = """name_only name_fr numbered trade_name multi_bare inv_msg person_msg person_for multi_msg partial_named
overpay_named typo_named po_trap same_amount person_surname usd_wire usd_wire_fee fx_wire""".split()
REVIEW = """cheque cheque_batch etr_bare person_unknown numco_unknown trunc_amb card_one on_account fx_norate
paid_again""".split()
CHANNELS = {"rbc": ("eft", "etr", "wire"), "td": ("eft",), "bnc": ("eft", "etr", "wire"), "usd": ("wire",)}
MSG_EN = ["{N}", "Invoice {N}", "INV {d}", "inv {d}", "Payment for invoice {N}", "#{d}", "{N} thank you", "Inv#{d}",
          "pmt {N}"]  # fmt: skip
MSG_FR = ["Facture {N}", "Paiement facture {d}", "Fact. {d}", "facture no {d}", "Paiement fact #{d} merci", "fact {N}",
          "Fac. {d}", "Paiement {N}"]  # fmt: skip
GARBAGE_EN = ["", "", "", "Payment", "Thanks", "March invoices", "supplies"]
GARBAGE_FR = ["", "", "", "Paiement", "Merci", "Paiement fournitures", "Facture mars"]


def norm(s: str) -> str:
    """A name as a clerk compares it: no accents, case, punctuation; legal words and Saint/St in one spelling."""
    s = plain(s).upper().replace("&", " & ").replace("'", "").replace(".", "")
    s = "".join(ch if ch.isalnum() or ch == "&" else " " for ch in s)
    return " ".join(WORDS.get(w, w) for w in s.split())


def upper(s: str, n: int = 0) -> str:
    """What an EFT or a wire carries: upper case without accents, dots and commas; cut to ``n``."""
    s = " ".join(plain(s).upper().replace(".", "").replace(",", "").split())
    return s[:n].rstrip() if n else s


def d2(x: Decimal | str) -> Decimal:
    return Decimal(x).quantize(C, ROUND_HALF_UP)


@dataclass(eq=False)
class Cust:
    name: str  # the Xero contact
    prov: str  # ON QC BC AB US
    kind: str  # en, fr, family, numbered, alike, us
    city: str = ""
    legal: str = ""  # a numbered company's legal name
    trade: str = ""  # the name it operates as
    display: str = "name"  # what the contact shows of a numbered company: oa, paren, trade, legal
    surname: str = ""  # the owner's surname, in the company's name
    people: list[str] = field(default_factory=list)  # who pays for it by Interac (owner, bookkeeper)
    terms: int = 30
    closed: bool = False  # nothing open: its payments are prepayments
    email: str = ""
    invoices: list[Inv] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)

    @property
    def ccy(self) -> str:
        return "USD" if self.prov == "US" else "CAD"

    def payer(self, which: str = "name") -> str:
        """The name its bank knows it by: its legal (numbered) name, its trade name, or its name."""
        if which == "legal" and self.legal:
            return self.legal
        if which == "trade" and self.trade:
            return self.trade
        return self.legal or self.name if self.kind == "numbered" else self.name


@dataclass(eq=False)
class Inv(Invoice):
    ref: str = ""

    def tax_rate(self) -> Decimal:  # unused: taxes are per component
        return ZERO

    def amounts(self) -> list[tuple[Decimal, Decimal]]:
        out = []
        for _, q, u in self.lines:
            a = (q * u).quantize(C, ROUND_HALF_UP)
            tax = sum(((a * Decimal(rate)).quantize(C, ROUND_HALF_UP) for rate in TAX[self.cust.prov]), ZERO)
            out.append((a, tax))
        return out


@dataclass(eq=False)
class Credit:
    kind: str
    bank: str  # rbc, td, bnc, usd
    channel: str  # eft, etr, wire, fxwire, chq, card, other, debit
    amount: Decimal
    day: date
    truth: list[tuple[str, ...]] | None
    cust: Cust | None = None
    name: str = ""  # OFX NAME; camt Dbtr; BAI2 B/O payer
    memo: str = ""  # OFX MEMO; camt Ustrd; BAI2 OBI
    info: str = ""  # camt AddtlNtryInf; BAI2 16 text of a ready line
    code: str = ""  # OFX TRNTYPE, camt family/sub-family, BAI2 type code
    instd: Decimal | None = None  # camt InstdAmt (USD) of a converted wire
    e2e: str = ""
    note: str = ""
    excess: Decimal = ZERO
    line: int = 0
    shown: str = ""  # the line as the bank file writes it

    @property
    def file(self) -> str:
        return FILES[self.bank]


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"canada:{seed}")
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.by_number: dict[str, Inv] = {}
        self.credits: list[Credit] = []
        self.used: set[str] = set()  # invoices a credit pays
        self.kept: set[int] = set()  # id() of invoices kept for the same-amount cases
        self.twins: list[tuple[Inv, Inv]] = []
        self.alike: list[tuple[Cust, Cust]] = []
        self.keys: set[str] = set()
        self.transits = [f"{self.r.randint(100, 3999):04d}" for _ in range(2)]
        self.written: dict[str, list[Credit]] = defaultdict(list)
        self.made: Counter[str] = Counter()

    # ---- customers ------------------------------------------------------------------------------------------
    def person(self, fr: bool, surname: str = "") -> str:
        r = self.r
        first = r.choice(FR_FIRST if fr else EN_FIRST)
        return f"{first} {surname or r.choice(FR_SURN if fr and r.random() < 0.8 else EN_LAST)}"

    def new(self, name: str, prov: str, kind: str, **kw: Any) -> Cust | None:
        key = " ".join(w for w in norm(kw.get("trade") or name).split() if w not in TAILS)
        if key in self.keys:
            return None
        self.keys.add(key)
        r = self.r
        c = Cust(name, prov, kind, **kw)
        c.city = r.choice(CITIES[prov]) if prov != "US" else r.choice(US_ADDR)
        if prov != "US":
            c.city += f" {r.randint(1, 9)}{r.choice('ABCEGHJKLMNPRSTVWXYZ')}{r.randint(1, 9)}"
        c.terms = r.choice([30, 30, 30, 45, 15, 60 if prov == "US" else 30])
        fr = prov == "QC"
        c.people = [self.person(fr, c.surname) if c.surname else self.person(fr)]
        c.people += [self.person(fr)] if r.random() < 0.5 else []
        words = norm(c.trade or name).split()
        slug = "".join(w for w in words if w not in TAILS and w != "&").lower()[:20]
        tld = ".com" if prov == "US" else ".ca"
        box = "comptabilite" if fr else "ap" if r.random() < 0.5 else "accounts"
        if c.surname and r.random() < 0.5:
            first, last = c.people[0].split(" ", 1)
            box = plain(f"{first}.{last}").lower().replace(" ", "")
        c.email = f"{box}@{slug}{tld}"
        self.custs.append(c)
        return c

    def customers(self) -> None:
        r = self.r
        while len(self.alike) < 5:  # two customers whose 15-character EFT names are the same
            base = f"{r.choice(EN_PLACES)} {r.choice(EN_TRADES)}"
            if len(upper(base)) < 16 or "Services" in base:
                continue
            prov = r.choice(["ON", "ON", "AB", "BC"])
            tails = r.choice([("Inc.", "Services Ltd."), ("Ltd.", "(2019) Ltd."), ("Inc.", "West Inc."),
                              ("Ltd.", "Supply Ltd.")])  # fmt: skip
            a = self.new(f"{base} {tails[0]}", prov, "alike")
            b = self.new(f"{base} {tails[1]}", prov, "alike") if a else None
            if a and b:
                self.alike.append((a, b))
        while len(self.custs) < 185:
            prov = r.choices(["ON", "QC", "BC", "AB"], [45, 30, 12, 13])[0]
            roll, fr = r.random(), prov == "QC" or (prov == "ON" and r.random() < 0.05)
            if roll < 0.13:
                self.numbered(prov)
            elif roll < 0.3:
                sur = r.choice(FR_SURN if fr else EN_LAST)
                if fr:
                    form, trade = r.choice(FR_FORMS), r.choice(FR_TRADES)
                    name = r.choice([f"{trade} {sur} {form}", f"Les Entreprises {sur} {form}", f"{sur} & Fils {form}",
                                     f"Groupe {sur} inc."])  # fmt: skip
                else:
                    name = f"{sur} {r.choice(EN_TRADES)} {r.choice(EN_FORMS)}"
                self.new(name, prov, "family", surname=sur)
            elif fr:
                form, trade, place = r.choice(FR_FORMS), r.choice(FR_TRADES), r.choice(FR_PLACES)
                a, b = r.sample(FR_SURN, 2)
                name = r.choice(
                    [f"{trade} {place} {form}", f"Les {trade} {place} {form}", f"{trade} {a} et {b} {form}"]
                )
                self.new(name, prov, "fr")
            else:
                self.new(f"{r.choice(EN_PLACES)} {r.choice(EN_TRADES)} {r.choice(EN_FORMS)}", prov, "en")
        while len([c for c in self.custs if c.prov == "US"]) < 14:
            name = f"{r.choice(US_PLACES.split('|'))} {r.choice(US_TRADES.split('|'))} {r.choice(US_FORMS)}"
            self.new(name, "US", "us")
        for c in r.sample([c for c in self.custs if c.kind in ("en", "fr")], 5):
            c.closed = True
        for c in self.custs:
            c.forms = self.forms_of(c)

    def numbered(self, prov: str) -> None:
        r = self.r
        legal = {"ON": f"{r.randint(1000000, 2899999)} Ontario Inc.", "QC": f"9{r.randint(100, 499)}-"
                 f"{r.randint(1000, 9999)} Québec inc.", "BC": f"{r.randint(1000000, 1399999)} B.C. Ltd.",
                 "AB": f"{r.randint(1000000, 2599999)} Alberta Ltd."}[prov]  # fmt: skip
        if prov == "QC":
            trade = f"{r.choice(FR_TRADES)} {r.choice(FR_PLACES)}"
        else:
            trade = f"{r.choice(EN_PLACES)} {r.choice(EN_TRADES)}"
        display = r.choices(["oa", "paren", "trade", "legal"], [35, 25, 25, 15])[0]
        oa = "f.a.s.r.s." if prov == "QC" else "o/a"
        name = {"oa": f"{legal} {oa} {trade}", "paren": f"{trade} ({legal})", "trade": trade, "legal": legal}[display]
        self.new(name, prov, "numbered", legal=legal, trade=trade, display=display)

    @staticmethod
    def forms_of(c: Cust) -> set[str]:
        """The spellings a clerk reads as this customer: the names its Xero contact shows, with and without their
        legal form, a leading article, and a numbered name's digits joined."""
        if c.kind == "numbered":
            names = {"oa": [c.legal, c.trade], "paren": [c.legal, c.trade], "trade": [c.trade], "legal": [c.legal]}
            shown = names[c.display]
        else:
            shown = [c.name]
        out: set[str] = set()
        for n in shown:
            words = norm(n).split()
            out.add(" ".join(words))
            while len(words) > 1 and words[-1] in TAILS:
                words.pop()
            out.add(" ".join(words))
            if words[0] in ("LES", "THE", "LA", "LE", "GROUPE"):
                out.add(" ".join(words[1:]))
        out |= {re.sub(r"\b(\d{3,4}) (\d{4})\b", r"\1\2", f) for f in out}
        return out

    # ---- invoices -------------------------------------------------------------------------------------------
    def invoice(self, c: Cust, lines: list[tuple[str, Decimal, Decimal]] | None = None) -> Inv:
        r = self.r
        if lines is None:
            fr = c.prov == "QC"
            lines = [(f if fr else e, Decimal(r.randint(1, 24)), Decimal(p)) for e, f, p in
                     r.sample(PRODUCTS, r.randint(1, 5))]  # fmt: skip
            if r.random() < 0.35:
                lines.append((FREIGHT[1] if fr else FREIGHT[0], Decimal(1), Decimal(r.choice(FREIGHT[2]))))
        issued = date(2025, 11, 20) + timedelta(days=r.randint(0, 125))
        inv = Inv("", c, issued, issued + timedelta(days=c.terms), lines)
        if r.random() < 0.3:
            inv.ref = r.choice(["PO {}", "PO-{}", "PO# {}", "{}", "BC {}"]).format(r.randint(10000, 99999))
        c.invoices.append(inv)
        self.invs.append(inv)
        return inv

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            for _ in range(r.choice([2, 3, 3, 4, 4, 5, 6, 7])):
                self.invoice(c)
        for _ in range(16):  # the same amount open at two customers of one province
            prov = r.choice(["ON", "ON", "QC", "QC", "AB", "BC"])
            a, b = r.sample([c for c in self.custs if c.prov == prov and not c.closed], 2)
            mine = self.invoice(a)
            self.twins.append((mine, self.invoice(b, list(mine.lines))))
        for a, b in self.alike:  # and at two look-alikes
            mine = self.invoice(a)
            self.twins.append((mine, self.invoice(b, list(mine.lines))))
        for inv in self.invs:
            old = inv.issued < date(2026, 1, 20)
            if inv.cust.closed or (old and r.random() < 0.45) or r.random() < 0.08:
                inv.paid = inv.total
            elif r.random() < 0.07 and inv.total > 300:
                inv.paid = d2(inv.total * Decimal(r.choice(["0.3", "0.5", "0.25"]))).quantize(Decimal(1))
        for a, b in self.twins:
            a.paid = b.paid = ZERO
            self.kept.update((id(a), id(b)))
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=r.randint(1850, 2400)):
            inv.number = f"INV-{n:04d}"
            self.by_number[inv.number] = inv

    # ---- what a clerk can tell ------------------------------------------------------------------------------
    def compatible(self, shown: str, ccy: str) -> set[Cust]:
        s = norm(shown)
        if not s:
            return set()
        joined = re.sub(r"\b(\d{3,4}) (\d{4})\b", r"\1\2", s)
        return {c for c in self.custs if c.ccy == ccy and any(self.fits(x, f) for f in c.forms for x in (s, joined))}

    @staticmethod
    def fits(s: str, f: str) -> bool:
        return f.startswith(s) or s.startswith(f + " ") or s == f

    def surnamed(self, person: str, ccy: str) -> set[Cust]:
        last = norm(person).split()[-1]
        return {c for c in self.custs if c.ccy == ccy and last in norm(c.name).split()}

    def ways(self, custs: set[Cust], amount: Decimal, ccy: str, kmax: int = 4) -> list[tuple[str, ...]]:
        """The sets of up to ``kmax`` open invoices of ``custs`` that make ``amount`` (at most six)."""
        pool = sorted((int(i.due * 100), i.number) for c in custs if c.ccy == ccy for i in c.invoices if i.due > 0)
        target, found = int(amount * 100), []
        for k in range(1, kmax + 1):
            if (k == 3 and len(pool) > 60) or (k == 4 and len(pool) > 24):
                break
            for combo in combinations(pool, k):
                if sum(x for x, _ in combo) == target:
                    found.append(tuple(sorted(n for _, n in combo)))
                    if len(found) > 5:
                        return found
        return found

    def singles(self, amount: Decimal, ccy: str, invs: list[Inv]) -> list[tuple[str, ...]]:
        """The paid set, then every other open invoice of that amount: what a person may pick for a nameless line."""
        mine = tuple(sorted(i.number for i in invs))
        others = [(i.number,) for i in self.invs if i.cust.ccy == ccy and i.due == amount and (i.number,) != mine]
        return [mine, *others]

    # ---- building credits -----------------------------------------------------------------------------------
    def free(self, c: Cust) -> list[Inv]:
        return [i for i in c.invoices if i.due > 0 and i.number not in self.used and id(i) not in self.kept]

    def pick(self, pred: Any = None) -> Cust | None:
        pool = [c for c in self.custs if not c.closed and self.free(c) and (pred is None or pred(c))]
        return self.r.choice(pool) if pool else None

    def day(self, invs: list[Inv]) -> date:
        first = max([START, *(i.issued + timedelta(days=2) for i in invs)])
        d = min(END, first + timedelta(days=self.r.randint(0, 20)))
        return d + timedelta(days=(7 - d.weekday()) % 7) if d.weekday() >= 5 and d + timedelta(2) <= END else d

    @staticmethod
    def over_limit(channel: str, amount: Decimal, person: bool = False) -> bool:
        """Above what Interac e-Transfer sends: 10,000 from a person's account, 25,000 from a business's."""
        return channel == "etr" and amount > (10000 if person else 25000)

    def add(self, kind: str, bank: str, channel: str, invs: list[Inv], **kw: Any) -> Credit | None:
        """kw: truth (default: these invoices), amount, name, memo, info, code, instd, e2e, note, day, cust, excess.
        None (nothing added) for an e-Transfer above Interac's limit."""
        amount = kw.pop("amount", None)
        amount = sum((i.due for i in invs), ZERO) if amount is None else amount
        if self.over_limit(channel, amount, kind.startswith("person_")):
            return None
        truth = kw.pop("truth") if "truth" in kw else [tuple(sorted(i.number for i in invs))]
        day = kw.pop("day", None) or self.day(invs)
        cust = kw.pop("cust", invs[0].cust if invs else None)
        cr = Credit(kind, bank, channel, d2(amount), day, truth, cust, **kw)
        self.credits.append(cr)
        self.used.update(i.number for i in invs)
        self.made[kind] += 1
        return cr

    def bank_for(self, c: Cust, channels: tuple[str, ...] = ("eft", "etr", "wire")) -> tuple[str, str]:
        r = self.r
        if c.ccy == "USD":
            return "usd", "wire"
        w = {"QC": {"bnc": 7, "rbc": 3}, "ON": {"rbc": 7, "td": 2, "bnc": 1}, "BC": {"rbc": 8, "td": 2},
             "AB": {"td": 6, "rbc": 4}}[c.prov]  # fmt: skip
        while True:
            bank = r.choices(list(w), list(w.values()))[0]
            ok = [ch for ch in channels if ch in CHANNELS[bank]]
            if ok:
                ch = r.choices(ok, [{"eft": 5, "etr": 4, "wire": 1}[x] for x in ok])[0]
                return bank, ch

    def payer_of(self, c: Cust, which: str = "name") -> str:
        """``c.payer(which)``; a Quebec numbered name as payers' banks write it: 9123-4567, 91234567 or 9123 4567."""
        name = c.payer(which)
        if c.kind == "numbered" and c.prov == "QC" and name == c.legal:
            name = re.sub(r"^(9\d{3})-(\d{4})", self.r.choice([r"\1-\2", r"\1\2", r"\1 \2"]), name)
        return name

    def iref(self) -> str:
        return "CA" + "".join(self.r.choice(string.ascii_letters + string.digits) for _ in range(10))

    def present(self, c: Cust, bank: str, channel: str, sender: str, message: str = "") -> dict[str, Any]:
        """The bank fields of a customer's payment and the payer name a clerk reads in them ('shown')."""
        r = self.r
        if channel == "eft":
            if bank == "rbc":
                name = upper(sender, 15)
                return {"name": "MISC PAYMENT", "memo": name, "code": "CREDIT", "shown": name}
            if bank == "td":
                name = upper(sender, 15)
                return {"name": f"{name} MSP", "code": "CREDIT", "shown": name}
            name = upper(sender, 30)
            xref = r.choice(["", "", f"{r.randint(10**8, 10**9 - 1)}", f"PAIEMENT {r.randint(10**5, 10**6 - 1)}"])
            return {"name": name, "memo": message or xref, "info": r.choice(["DEPOT DIRECT", "PAIEMENT DIVERS"]),
                    "code": "PMNT/RCDT/DMCT", "shown": name}  # fmt: skip
        if channel == "etr":
            if bank == "rbc":
                name = upper(sender)
                return {"name": "e-Transfer - Autodeposit", "memo": f"{name} {self.iref()}", "code": "CREDIT",
                        "shown": name}  # fmt: skip
            if bank == "td":
                tail = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(3))
                return {"name": f"E-TRANSFER ***{tail}", "code": "CREDIT", "shown": ""}
            name = r.choice([sender, upper(sender)])
            return {"name": name, "memo": message, "info": r.choice(["VIREMENT INTERAC RECU", "Virement Interac reçu"]),
                    "code": "PMNT/RCDT/DMCT", "e2e": self.iref(), "shown": name}  # fmt: skip
        if channel == "wire":
            if bank == "rbc":
                name = upper(sender, 35)
                return {"name": "Funds transfer credit", "memo": f"TT {name}", "code": "CREDIT", "shown": name}
            if bank == "usd":
                name = upper(sender)
                return {"name": name, "memo": message, "code": "195", "shown": name}
            name = r.choice([sender, upper(sender)])
            return {"name": name, "memo": message, "info": "VIREMENT RECU", "code": "PMNT/RCDT/DMCT", "shown": name}
        raise ValueError(channel)

    def msg(self, invs: list[Inv], fr: bool) -> str:
        r = self.r
        full, ds = [i.number for i in invs], [i.number[4:] for i in invs]
        if len(invs) == 1:
            return r.choice(MSG_FR if fr else MSG_EN).format(N=full[0], d=ds[0])
        if fr:
            return r.choice([f"Factures {', '.join(ds[:-1])} et {ds[-1]}", "Paiement " + ", ".join(full),
                             "Fact. " + " / ".join(ds), " ".join(ds)])  # fmt: skip
        return r.choice([", ".join(full), "Invoices " + " & ".join(ds), "inv " + " / ".join(ds), " ".join(ds)])

    # ---- the customers' payments ----------------------------------------------------------------------------
    def by_name(self) -> None:
        """One invoice, or a set, paid under the customer's name with nothing that names an invoice."""
        r = self.r
        want = {"name_only": 30, "name_fr": 12, "numbered": 6, "trade_name": 5, "numco_unknown": 4, "multi_bare": 10}
        for _ in range(4000):
            if all(self.made[k] >= n for k, n in want.items()):
                break
            c = self.pick(lambda x: x.ccy == "CAD")
            if c is None:
                break
            free = self.free(c)
            multi = len(free) >= 2 and r.random() < 0.25
            invs = sorted(r.sample(free, r.randint(2, min(3, len(free)))), key=lambda i: i.number) if multi else [
                r.choice(free)]  # fmt: skip
            which = r.choice(["legal", "trade"]) if c.kind == "numbered" else "name"
            bank, channel = self.bank_for(c)
            fr = c.prov == "QC"
            p = self.present(c, bank, channel, self.payer_of(c, which), r.choice(GARBAGE_FR if fr else GARBAGE_EN))
            amount = sum((i.due for i in invs), ZERO)
            pool = self.compatible(p["shown"], c.ccy)
            target = tuple(sorted(i.number for i in invs))
            if c not in pool:
                if c.kind != "numbered" or multi:
                    continue
                kind = "numco_unknown"
                truth = self.singles(amount, c.ccy, invs)
            else:
                if self.ways(pool, amount, c.ccy) != [target]:
                    continue
                truth = [target]
                kind = self.name_kind(c, which, multi)
            if self.made[kind] >= want[kind]:
                continue
            note = f"Xero contact {c.name!r}" + (f", paid as {which} name" if c.kind == "numbered" else "")
            self.add(kind, bank, channel, invs, truth=truth, note=note, **self.fields(p))

    @staticmethod
    def name_kind(c: Cust, which: str, multi: bool) -> str:
        if multi:
            return "multi_bare"
        if c.kind == "numbered" and (which == "legal" or c.display in ("oa", "paren")):
            return "numbered" if which == "legal" else "trade_name"
        fr = c.prov == "QC" and (plain(c.name) != c.name or "Saint" in c.name)
        return "name_fr" if fr else "name_only"

    @staticmethod
    def fields(p: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in p.items() if k != "shown"}

    def named(self) -> None:
        """Payments whose message, Ustrd or OBI names our invoices."""
        r = self.r
        want = {"inv_msg": 16, "person_msg": 8, "multi_msg": 8, "partial_named": 6, "overpay_named": 4}
        for _ in range(3000):
            if all(self.made[k] >= n for k, n in want.items()):
                break
            kind = r.choice(list(want))
            if self.made[kind] >= want[kind]:
                continue
            if kind == "overpay_named":  # a deposit was paid; the customer pays the invoice's whole total
                c = self.pick(lambda x: any(i.paid > 0 for i in self.free(x)))
                if c is None:
                    want[kind] = self.made[kind]
                    continue
                invs = [r.choice([i for i in self.free(c) if i.paid > 0])]
            else:
                c = self.pick(lambda x, k=kind: k != "person_msg" or x.ccy == "CAD")
                if c is None:
                    continue
                free = self.free(c)
                if kind == "multi_msg" and len(free) < 2:
                    continue
                k = r.randint(2, min(4, len(free))) if kind == "multi_msg" else 1
                invs = sorted(r.sample(free, k), key=lambda i: i.number)
            fr = c.prov == "QC"
            if kind == "person_msg":  # RBC's and TD's downloads drop the Interac message: only the camt has it
                bank, channel, sender = "bnc", "etr", r.choice(c.people)
            else:
                bank, channel = ("usd", "wire") if c.ccy == "USD" else ("bnc", r.choice(["etr", "etr", "wire"]))
                sender = self.payer_of(c, r.choice(["legal", "trade"]) if c.kind == "numbered" else "name")
            message = self.msg(invs, fr)
            if c.ccy == "USD":
                message = upper(message)
            due = sum((i.due for i in invs), ZERO)
            amount, excess = due, ZERO
            if kind == "partial_named":
                amount = d2(due * Decimal(r.choice(["0.5", "0.4", "0.6", "0.3"]))).quantize(Decimal(1))
                if amount <= 0 or amount >= due:
                    continue
            if kind == "overpay_named":
                amount, excess = invs[0].total, invs[0].paid
            p = self.present(c, bank, channel, sender, message)
            note = f"message names {', '.join(i.number for i in invs)}" + (f"; excess {excess}" if excess else "")
            self.add(kind, bank, channel, invs, amount=amount, excess=excess, note=note, **self.fields(p))

    def traps(self) -> None:
        """A transposed invoice number; a PO number that is another customer's invoice number; the same amount open
        at another customer; an owner paying by Interac; a wire from the US."""
        r = self.r
        numbers = {i.number[4:]: i for i in self.invs}
        for _ in range(400):
            if self.made["typo_named"] >= 4 and self.made["po_trap"] >= 4:
                break
            c = self.pick(lambda x: x.ccy == "CAD")
            if c is None:
                break
            inv = r.choice(self.free(c))
            d = inv.number[4:]
            fr = c.prov == "QC"
            sender = self.payer_of(c, "legal" if c.kind == "numbered" and c.display != "trade" else "name")
            if self.made["typo_named"] < 4:
                k = r.randint(0, 2)
                typo = d[:k] + d[k + 1] + d[k] + d[k + 2 :]
                other = numbers.get(typo)
                if typo == d or (other is not None and other.cust is c and other.due in (inv.due, ZERO)):
                    continue
                p = self.present(c, "bnc", "etr", sender, self.msg([inv], fr).replace(d, typo))
                if self.ways(self.compatible(p["shown"], "CAD"), inv.due, "CAD") != [(inv.number,)]:
                    continue
                note = (
                    f"message names {typo} ({other.cust.name + ', open ' + str(other.due) if other else 'no invoice'})"
                )
                self.add("typo_named", "bnc", "etr", [inv], note=note, **self.fields(p))
                continue
            other = r.choice([i for i in self.invs if i.cust is not c and i.cust.ccy == "CAD"])
            po = other.number[4:]
            text = r.choice(["PO {}", "PO#{}", "P.O. {}", "Bon de commande {}" if fr else "Our PO {}"]).format(po)
            bank, channel = "bnc", r.choice(["etr", "eft"])
            p = self.present(c, bank, channel, sender, text)
            if self.ways(self.compatible(p["shown"], "CAD"), inv.due, "CAD") != [(inv.number,)]:
                continue
            inv.ref = inv.ref if r.random() < 0.5 else f"PO {po}"  # the customer's PO, on our invoice or not
            note = f"PO {po} is {other.number}'s digits ({other.cust.name}); Xero Reference {inv.ref!r}"
            self.add("po_trap", bank, channel, [inv], note=note, **self.fields(p))
        for a, b in self.twins:  # the same amount is open at another customer: the name says which
            if self.made["same_amount"] >= 10 or a.number in self.used or b.number in self.used:
                continue
            if a.cust.kind == "alike":
                continue
            mine = r.choice([a, b])
            c = mine.cust
            bank, channel = self.bank_for(c)
            p = self.present(c, bank, channel, self.payer_of(c, "legal" if c.kind == "numbered" else "name"))
            if c.kind == "numbered" and c.display == "trade":
                continue
            if self.ways(self.compatible(p["shown"], "CAD"), mine.due, "CAD") != [(mine.number,)]:
                continue
            other = b if mine is a else a
            self.add("same_amount", bank, channel, [mine], note=f"{other.number} of {other.cust.name} is the same",
                     **self.fields(p))  # fmt: skip
        for _ in range(600):  # the owner pays by Interac from a personal account
            if self.made["person_surname"] >= 8:
                break
            c = self.pick(lambda x: x.kind == "family")
            if c is None:
                break
            inv = r.choice(self.free(c))
            bank = "rbc" if c.prov != "QC" or r.random() < 0.3 else "bnc"
            p = self.present(c, bank, "etr", c.people[0], "")
            if self.ways(self.surnamed(c.people[0], "CAD"), inv.due, "CAD") != [(inv.number,)]:
                continue
            self.add("person_surname", bank, "etr", [inv], note=f"{c.people[0]} for {c.name}", **self.fields(p))
        for _ in range(600):  # someone pays by Interac and says for whom
            if self.made["person_for"] >= 6:
                break
            c = self.pick(lambda x: x.ccy == "CAD" and x.kind != "alike")
            if c is None:
                break
            inv, fr = r.choice(self.free(c)), c.prov == "QC"
            who = r.choice([c.trade or c.name, upper(c.trade or c.name)])
            text = r.choice([f"Paiement {who}", f"pour {who}", who] if fr else [f"Payment {who}", f"for {who}", who])
            sender = self.person(fr)
            p = self.present(c, "bnc", "etr", sender, text)
            pool = self.compatible(who, "CAD") | self.compatible(sender, "CAD") | self.surnamed(sender, "CAD")
            if c not in pool or self.ways(pool, inv.due, "CAD") != [(inv.number,)]:
                continue
            self.add("person_for", "bnc", "etr", [inv], note=f"{sender}, for {c.name}", **self.fields(p))

    def usd(self) -> None:
        r = self.r
        for _ in range(600):
            kinds = [k for k, n in (("usd_wire", 10), ("usd_wire_fee", 4), ("fx_wire", 5)) if self.made[k] < n]
            if not kinds:
                break
            kind = r.choice(kinds)
            c = self.pick(lambda x: x.ccy == "USD")
            if c is None:
                break
            inv = r.choice(self.free(c))
            named = kind == "usd_wire_fee" or r.random() < 0.6
            message = upper(self.msg([inv], False)) if named else r.choice(["", "PAYMENT", "INVOICE PAYMENT"])
            if kind == "fx_wire":
                rate = Decimal(r.randint(13500, 14100)) / 10000
                p = self.present(c, "bnc", "wire", c.name, message)
                p["info"] = "VIREMENT INTERNATIONAL RECU"
                p["code"] = "PMNT/RCDT/XBCT"
                if not named and self.ways(self.compatible(p["shown"], "USD"), inv.due, "USD") != [(inv.number,)]:
                    continue
                self.add(kind, "bnc", "fxwire", [inv], amount=d2(inv.due * rate), instd=inv.due,
                         note=f"USD {inv.due} at {rate}", **self.fields(p))  # fmt: skip
                continue
            p = self.present(c, "usd", "wire", c.name, message)
            amount = inv.due
            if kind == "usd_wire_fee":
                amount -= Decimal(r.choice(["15.00", "20.00", "25.00", "30.00"]))
            elif not named and self.ways(self.compatible(p["shown"], "USD"), inv.due, "USD") != [(inv.number,)]:
                continue
            note = f"short {inv.due - amount} (intermediary fee)" if amount != inv.due else ""
            self.add(kind, "usd", "wire", [inv], amount=amount, note=note, **self.fields(p))

    def nameless(self) -> None:
        """Cheque deposits, TD's e-Transfers, strangers' Interac, look-alike names, one card payment: a person looks."""
        r = self.r
        twins = [t for t in self.twins if t[0].cust.kind != "alike"]
        for n in range(22):
            if n < 6 and twins:  # a cheque of an amount open at two customers
                a, b = twins.pop()
                if a.number in self.used or b.number in self.used:
                    continue
                inv = r.choice([a, b])
            else:
                c = self.pick()
                if c is None:
                    break
                inv = r.choice(self.free(c))
            c = inv.cust
            bank = "usd" if c.ccy == "USD" else r.choice(["rbc", "rbc", "td", "bnc"])
            self.cheque("cheque", bank, [inv], self.singles(inv.due, c.ccy, [inv]), "")
        for _ in range(4):  # a branch deposit of two or three customers' cheques
            custs = r.sample(
                [c for c in self.custs if c.ccy == "CAD" and not c.closed and self.free(c)], r.randint(2, 3)
            )
            invs = sorted((r.choice(self.free(c)) for c in custs), key=lambda i: i.number)
            note = "cheques of " + " + ".join(i.cust.name for i in invs)
            self.cheque("cheque_batch", r.choice(["rbc", "td", "bnc"]), invs, [tuple(i.number for i in invs)], note)
        for _ in range(2):  # a USD invoice paid into the CAD account, converted, no instructed amount shown
            c = self.pick(lambda x: x.ccy == "USD")
            if c is None:
                break
            inv = r.choice(self.free(c))
            rate = Decimal(r.randint(13500, 14100)) / 10000
            p = self.present(c, "rbc", "wire", c.name)
            self.add("fx_norate", "rbc", "wire", [inv], amount=d2(inv.due * rate), cust=c,
                     note=f"USD {inv.due} at {rate}, only CAD shown", **self.fields(p))  # fmt: skip
        for _ in range(200):  # an invoice Xero shows paid is paid again, by name
            if self.made["paid_again"] >= 3:
                break
            inv = r.choice([i for i in self.invs if i.due == 0 and i.cust.ccy == "CAD" and not i.cust.closed])
            c = inv.cust
            if c.kind == "numbered" and c.display == "trade":
                continue
            same = [(i.number,) for i in c.invoices if i.due == inv.total and i.number not in self.used]
            channel = r.choice(["etr", "eft"])
            p = self.present(c, "bnc", channel, self.payer_of(c), self.msg([inv], c.prov == "QC"))
            note = f"{inv.number} is paid in Xero" + (f"; {same[0][0]} has the amount open" if same else "")
            self.add("paid_again", "bnc", channel, [], amount=inv.total, truth=same or None, cust=c,
                     day=START + timedelta(days=r.randint(0, 28)), note=note, **self.fields(p))  # fmt: skip
        for _ in range(8):  # TD writes an e-Transfer without its sender
            c = self.pick(lambda x: x.ccy == "CAD" and x.prov in ("AB", "ON", "BC"))
            if c is None:
                break
            inv = r.choice(self.free(c))
            p = self.present(c, "td", "etr", c.name)
            self.add("etr_bare", "td", "etr", [inv], truth=self.singles(inv.due, "CAD", [inv]),
                     note=f"sent by {c.name}", **self.fields(p))  # fmt: skip
        for _ in range(200):  # someone the ledger does not know pays by Interac
            if self.made["person_unknown"] >= 8:
                break
            c = self.pick(lambda x: x.ccy == "CAD" and x.kind not in ("family",))
            if c is None:
                break
            inv = r.choice(self.free(c))
            who = self.person(c.prov == "QC")  # a surname may be in some customer's name: a person must ask
            bank = "bnc" if c.prov == "QC" else "rbc"
            p = self.present(c, bank, "etr", who, "")
            self.add("person_unknown", bank, "etr", [inv], truth=self.singles(inv.due, "CAD", [inv]),
                     note=f"{who}, for {c.name}", **self.fields(p))  # fmt: skip
        for a, b in [t for t in self.twins if t[0].cust.kind == "alike"][:4]:  # the cut name is both look-alikes'
            if a.number in self.used or b.number in self.used:
                continue
            bank = r.choice(["rbc", "td"])
            p = self.present(a.cust, bank, "eft", a.cust.name)
            pool = self.compatible(p["shown"], "CAD")
            if not {a.cust, b.cust} <= pool:
                continue
            self.add("trunc_amb", bank, "eft", [a], truth=self.ways(pool, a.due, "CAD"),
                     note=f"{a.cust.name} / {b.cust.name}", **self.fields(p))  # fmt: skip
            self.used.add(b.number)
        for _ in range(300):  # a round sum on account, naming nothing: which invoice is for a person to ask
            if self.made["on_account"] >= 4:
                break
            c = self.pick(lambda x: x.ccy == "CAD" and len(self.free(x)) >= 2)
            if c is None:
                break
            free = self.free(c)
            amount = Decimal(r.choice([500, 1000, 1500, 2000, 2500, 3000, 5000]))
            bank, channel = self.bank_for(c, ("eft",))
            p = self.present(c, bank, channel, self.payer_of(c, "legal" if c.kind == "numbered" else "name"))
            pool = self.compatible(p["shown"], "CAD")
            if c not in pool or amount >= sum((i.due for i in free), ZERO) or self.ways(pool, amount, "CAD"):
                continue
            truth = [(i.number,) for i in sorted(free, key=lambda i: i.issued) if i.due >= amount]
            self.add("on_account", bank, channel, [], amount=amount, truth=truth or None, cust=c,
                     day=START + timedelta(days=r.randint(0, 28)), note="a round sum, no remittance",
                     **self.fields(p))  # fmt: skip
        for _ in range(4):  # a card batch holding one payment (Moneris deposits gross, fees are billed monthly)
            c = self.pick(lambda x: x.ccy == "CAD")
            if c is None:
                break
            inv = r.choice(self.free(c))
            bank = r.choice(["rbc", "td", "bnc"])
            self.card(
                "card_one", bank, inv.due, [inv], self.singles(inv.due, "CAD", [inv]), f"card payment by {c.name}"
            )

    def cheque(self, kind: str, bank: str, invs: list[Inv], truth: Any, note: str) -> Credit | None:
        r = self.r
        if bank == "rbc":
            f = {"name": r.choice(["Deposit", "ATM deposit", "Mobile cheque deposit"]), "code": "DEP"}
        elif bank == "td":
            f = {"name": r.choice([f"GC {r.choice(self.transits)}-DEPOSIT", "MOBILE DEPOSIT"]), "code": "DEP"}
        elif bank == "bnc":
            f = {"info": r.choice(["DEPOT DE CHEQUE", "Dépôt au comptoir", "DEPOT MOBILE"]), "code": "PMNT/RCHQ/CCHQ"}
        else:
            f = {"info": r.choice(["DEPOSIT", "CHEQUE DEPOSIT"]), "code": "301"}
        who = invs[0].cust.name if invs else ""
        return self.add(kind, bank, "chq", invs, truth=truth, note=note or f"cheque of {who}", **f)

    def card(self, kind: str, bank: str, amount: Decimal, invs: list[Inv], truth: Any, note: str) -> Credit | None:
        r = self.r
        merchant = f"{r.randint(10000, 99999)}"
        if bank == "rbc":
            f = {"name": "MISC PAYMENT", "memo": r.choice(["MONERIS", "STRIPE"]), "code": "CREDIT"}
        elif bank == "td":
            f = {"name": r.choice([f"MC DEP {merchant} MSP", f"VSA DEP {merchant} MSP", "SQUARE CANADA MSP"]),
                 "code": "CREDIT"}  # fmt: skip
        else:
            f = {"name": "MONERIS SOLUTIONS CORPORATION", "memo": f"DEPOT LOT {r.randint(100, 999)}",
                 "info": "DEPOT DIRECT", "code": "PMNT/RCDT/DMCT"}  # fmt: skip
        day = self.day(invs) if invs else START + timedelta(days=r.randint(0, 28))
        return self.add(kind, bank, "card", invs, amount=amount, truth=truth, note=note, cust=None, day=day, **f)

    def others(self) -> None:
        """Card batches, prepayments, non-customer credits and debits."""
        r = self.r
        opens = [i for i in self.invs if i.due > 0 and i.cust.ccy == "CAD"]
        for _ in range(8):
            amount = d2(Decimal(r.randint(15000, 900000)) / 100)
            self.card("settlement", r.choice(["rbc", "td", "bnc"]), amount, [], None, "card batch of several payments")
        for c in [c for c in self.custs if c.closed][:4]:
            amount = r.choice(opens).due if r.random() < 0.5 else d2(Decimal(r.randint(500, 5000)))
            bank, channel = self.bank_for(c)
            p = self.present(c, bank, channel, c.name, "Dépôt commande" if c.prov == "QC" else "Deposit on order")
            self.add("prepayment", bank, channel, [], amount=amount, truth=None, cust=c,
                     day=START + timedelta(days=r.randint(0, 28)), note=f"{c.name} has nothing open",
                     **self.fields(p))  # fmt: skip
        four = f"{r.randint(1000, 9999)}"
        nonc: list[tuple[str, str, dict[str, str]]] = [
            ("rbc", "tempting", {"name": "Federal payment", "memo": "GST/HST CANADA", "code": "CREDIT"}),
            ("rbc", "interest", {"name": "Deposit interest", "code": "INT"}),
            ("rbc", "round", {"name": f"Online Banking transfer - {four}", "code": "XFER"}),
            ("rbc", "tempting", {"name": "MISC PAYMENT", "memo": "WSIB", "code": "CREDIT"}),
            ("rbc", "tempting", {"name": "MISC PAYMENT", "memo": "ULINE CANADA CO", "code": "CREDIT"}),
            ("rbc", "tempting", {"name": "MISC PAYMENT", "memo": "INTACT INSURANC", "code": "CREDIT"}),
            ("td", "round", {"name": f"TFR-FR {r.randint(10**6, 10**7 - 1)}", "code": "XFER"}),
            ("td", "tempting", {"name": "GST CANADA MSP", "code": "CREDIT"}),
            ("td", "tempting", {"name": "ACKLANDS-GRAING MSP", "code": "CREDIT"}),
            (
                "bnc",
                "tempting",
                {
                    "name": "REVENU QUEBEC",
                    "memo": f"REMBOURSEMENT TVQ {r.randint(10**9, 10**10 - 1)}TQ0001",
                    "info": "DEPOT DIRECT",
                    "code": "PMNT/RCDT/DMCT",
                },
            ),
            ("bnc", "interest", {"info": "INTERETS CREDITEURS", "code": "ACMT/MCOP/INTR"}),
            ("bnc", "round", {"name": FIRM_FR, "info": "VIREMENT ENTRE COMPTES", "code": "PMNT/RCDT/BOOK"}),
            (
                "bnc",
                "tempting",
                {"name": "CNESST", "memo": "REMBOURSEMENT", "info": "DEPOT DIRECT", "code": "PMNT/RCDT/DMCT"},
            ),
            (
                "bnc",
                "tempting",
                {
                    "name": "ACKLANDS-GRAINGER INC",
                    "memo": f"NOTE DE CREDIT {r.randint(10**5, 10**6)}",
                    "info": "PAIEMENT DIVERS",
                    "code": "PMNT/RCDT/DMCT",
                },
            ),
            ("usd", "interest", {"info": "INTEREST CREDIT", "code": "354"}),
            ("usd", "round", {"info": "BOOK TRANSFER CREDIT FROM CAD ACCOUNT", "code": "208"}),
            (
                "usd",
                "tempting",
                {"name": "MCMASTER-CARR SUPPLY CO", "memo": f"REFUND RMA {r.randint(10**5, 10**6)}", "code": "195"},
            ),
        ]
        for bank, how, f in nonc + r.sample(nonc, 5):
            ccy = "USD" if bank == "usd" else "CAD"
            amount = d2(Decimal(r.randint(5000, 1200000)) / 100)
            if how == "tempting" and r.random() < 0.6:
                amount = r.choice([i for i in self.invs if i.due > 0 and i.cust.ccy == ccy]).due
            elif how == "round":
                amount = Decimal(r.choice([5000, 10000, 15000, 25000, 40000]))
            elif how == "interest":
                amount = d2(Decimal(r.randint(100, 40000)) / 100)
            channel = "other"
            self.add("noncustomer", bank, channel, [], amount=amount, truth=None, cust=None,
                     day=START + timedelta(days=r.randint(0, 28)), **f)  # fmt: skip
        debits = [("rbc", {"name": "Business PAD", "memo": "ADP CANADA", "code": "DEBIT"}),
                  ("rbc", {"name": f"Cheque - {r.randint(100, 999)}", "code": "CHECK"}),
                  ("rbc", {"name": "Online Banking payment - 4821", "memo": "ROGERS", "code": "DEBIT"}),
                  ("rbc", {"name": "Monthly fee", "code": "SRVCHG"}),
                  ("td", {"name": f"CHQ#00{r.randint(100, 999)}-{r.randint(10**6, 10**7 - 1)}", "code": "CHECK"}),
                  ("td", {"name": f"SEND E-TFR ***{r.choice(['kQ2', 'F9P', 'x7B'])}", "code": "DEBIT"}),
                  ("td", {"name": "MONTHLY PLAN FEE", "code": "SRVCHG"}),
                  ("bnc", {"name": "HYDRO-QUEBEC", "info": "PAIEMENT PREAUTORISE", "code": "PMNT/IDDT/ESDD"}),
                  ("bnc", {"info": f"CHEQUE {r.randint(100, 999)}", "code": "PMNT/ICHQ/CCHQ"}),
                  ("bnc", {"info": "FRAIS MENSUELS", "code": "ACMT/MDOP/CHRG"}),
                  ("usd", {"info": "OUTGOING WIRE TO SUPPLIER", "code": "495"}),
                  ("usd", {"info": "CHEQUE PAID", "code": "475"})]  # fmt: skip
        for bank, f in debits + r.sample(debits, 6):
            amount = -d2(Decimal(r.randint(2000, 2500000)) / 100)
            self.add("debit", bank, "debit", [], amount=amount, truth=None, cust=None,
                     day=START + timedelta(days=r.randint(0, 28)), **f)  # fmt: skip

    def build(self) -> World:
        self.customers()
        self.invoices()
        self.named()
        self.traps()
        self.usd()
        self.nameless()
        self.by_name()
        self.others()
        return self

    # ---- files ----------------------------------------------------------------------------------------------
    def write(self, out: Path) -> list[str]:
        self.write_xero(out / "xero.csv")
        (out / "arsync.yaml").write_text(f"version: 1\nreports:\n  company_name: {FIRM}\n", encoding="utf-8")
        by_bank: dict[str, list[Credit]] = defaultdict(list)
        for cr in sorted(self.credits, key=lambda x: (x.day, x.amount)):
            by_bank[cr.bank].append(cr)
        self.write_ofx(out / FILES["rbc"], by_bank["rbc"], "rbc")
        self.write_ofx(out / FILES["td"], by_bank["td"], "td")
        self.write_camt(out / FILES["bnc"], by_bank["bnc"])
        self.write_bai2(out / FILES["usd"], by_bank["usd"])
        return list(FILES.values())

    def write_xero(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS, restval="")
            w.writeheader()
            for n, inv in enumerate(sorted(self.invs, key=lambda i: i.number)):
                c, dmy = inv.cust, "%d/%m/%Y"
                words = c.city.split()
                city, pcode = (" ".join(words[:-2]), " ".join(words[-2:])) if c.prov != "US" else ("", words[-1])
                region = c.prov if c.prov != "US" else words[-2]
                status = "PAID" if inv.due == 0 else "Awaiting Payment" if n % 3 else "AUTHORISED"
                for (desc, qty, unit), (amt, tax) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": c.email, "POCity": city, "PORegion": region,
                                "POPostalCode": pcode, "POCountry": "United States" if c.prov == "US" else "Canada",
                                "InvoiceNumber": inv.number, "Reference": inv.ref,
                                "InvoiceDate": inv.issued.strftime(dmy), "DueDate": inv.due_date.strftime(dmy),
                                "Total": f"{inv.total:.2f}", "TaxTotal": f"{sum(t for _, t in inv.amounts()):.2f}",
                                "InvoiceAmountPaid": f"{inv.paid:.2f}", "InvoiceAmountDue": f"{inv.due:.2f}",
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": f"{unit:.2f}",
                                "LineAmount": f"{amt:.2f}", "AccountCode": "4000", "TaxType": TAXTYPE[c.prov],
                                "TaxAmount": f"{tax:.2f}", "Currency": c.ccy, "Type": "Sales invoice",
                                "Sent": "Sent", "Status": status})  # fmt: skip

    def write_ofx(self, path: Path, crs: list[Credit], bank: str) -> None:
        """RBC's and TD's Money/Quicken download: OFX 1.02 SGML, one tag a line, cp1252."""
        r = self.r
        bankid, acct = ("000300002", "0234511234567") if bank == "rbc" else ("000400004", "0912-5203417")
        head = ["OFXHEADER:100", "DATA:OFXSGML", "VERSION:102", "SECURITY:NONE", "ENCODING:USASCII", "CHARSET:1252",
                "COMPRESSION:NONE", "OLDFILEUID:NONE", "NEWFILEUID:NONE", "", "<OFX>", "<SIGNONMSGSRSV1>", "<SONRS>",
                "<STATUS>", "<CODE>0", "<SEVERITY>INFO", "</STATUS>", f"<DTSERVER>{END:%Y%m%d}120000[-5:EST]",
                "<LANGUAGE>ENG", "</SONRS>", "</SIGNONMSGSRSV1>", "<BANKMSGSRSV1>", "<STMTTRNRS>", "<TRNUID>0",
                "<STATUS>", "<CODE>0", "<SEVERITY>INFO", "</STATUS>", "<STMTRS>", "<CURDEF>CAD", "<BANKACCTFROM>",
                f"<BANKID>{bankid}", f"<ACCTID>{acct}", "<ACCTTYPE>CHECKING", "</BANKACCTFROM>", "<BANKTRANLIST>",
                f"<DTSTART>{START:%Y%m%d}", f"<DTEND>{END:%Y%m%d}"]  # fmt: skip
        out = list(head)
        for k, cr in enumerate(crs):
            trntype = cr.code or ("CREDIT" if cr.amount > 0 else "DEBIT")
            fitid = f"{cr.day:%Y%m%d}{r.randint(10**9, 10**10 - 1)}" if bank == "rbc" else f"{k + 1:05d}{cr.day:%m%d}"
            out += ["<STMTTRN>", f"<TRNTYPE>{trntype}", f"<DTPOSTED>{cr.day:%Y%m%d}120000[-5:EST]",
                    f"<TRNAMT>{cr.amount:.2f}", f"<FITID>{fitid}", f"<NAME>{escape(cr.name)}"]  # fmt: skip
            out += [f"<MEMO>{escape(cr.memo)}"] if cr.memo else []
            out.append("</STMTTRN>")
            cr.shown = f"NAME={cr.name!r}" + (f" MEMO={cr.memo!r}" if cr.memo else "")
            self.written[bank].append(cr)
        bal = Decimal("48210.55") + sum((c.amount for c in crs), ZERO)
        out += ["</BANKTRANLIST>", "<LEDGERBAL>", f"<BALAMT>{bal:.2f}", f"<DTASOF>{END:%Y%m%d}", "</LEDGERBAL>",
                "</STMTRS>", "</STMTTRNRS>", "</BANKMSGSRSV1>", "</OFX>"]  # fmt: skip
        path.write_bytes(("\r\n".join(out) + "\r\n").encode("cp1252"))

    def camt_entry(self, cr: Credit, k: int) -> list[str]:
        r = self.r
        sign = "CRDT" if cr.amount > 0 else "DBIT"
        amt = f"{abs(cr.amount):.2f}"
        domn, fam, sub = (cr.code or "PMNT/RCDT/OTHR").split("/")
        out = [(f'<Ntry><NtryRef>{k + 1}</NtryRef><Amt Ccy="CAD">{amt}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
               f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt>"
               f"<AcctSvcrRef>BNC{cr.day:%y%m%d}{k:05d}</AcctSvcrRef><BkTxCd><Domn><Cd>{domn}</Cd><Fmly><Cd>{fam}</Cd>"
               f"<SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>")]  # fmt: skip
        parts = [f"Amt={amt}"]
        if cr.name or cr.memo or cr.instd is not None:
            tx = f"<TxDtls><Refs><EndToEndId>{escape(cr.e2e or 'NOTPROVIDED')}</EndToEndId></Refs>"
            tx += f'<Amt Ccy="CAD">{amt}</Amt>'
            if cr.instd is not None:
                rate = (abs(cr.amount) / cr.instd).quantize(Decimal("0.000001"))
                tx += (f'<AmtDtls><InstdAmt><Amt Ccy="USD">{cr.instd:.2f}</Amt></InstdAmt><TxAmt><Amt Ccy="CAD">{amt}'
                       f"</Amt><CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>CAD</TrgtCcy><XchgRate>{rate}</XchgRate>"
                       "</CcyXchg></TxAmt></AmtDtls>")  # fmt: skip
                parts.append(f"InstdAmt=USD {cr.instd:.2f}")
            if cr.name:
                role = "Dbtr" if sign == "CRDT" else "Cdtr"
                addr = ""
                if cr.channel == "fxwire" and cr.cust is not None:
                    addr = f"<PstlAdr><AdrLine>{escape(cr.cust.city)}</AdrLine></PstlAdr>"
                tx += (f"<RltdPties><{role}><Pty><Nm>{escape(cr.name)}</Nm>{addr}</Pty></{role}><{role}Acct><Id><Othr>"
                       f"<Id>{r.randint(10**6, 10**7 - 1)}</Id></Othr></Id></{role}Acct></RltdPties>")  # fmt: skip
                parts.append(f"Dbtr={cr.name!r}")
            if cr.memo:
                tx += f"<RmtInf><Ustrd>{escape(cr.memo)}</Ustrd></RmtInf>"
                parts.append(f"Ustrd={cr.memo!r}")
            out += ["<NtryDtls>", tx + "</TxDtls>", "</NtryDtls>"]
        info = cr.info or ("CREDIT" if sign == "CRDT" else "DEBIT")
        out.append(f"<AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>")
        cr.shown = " ".join([*parts, f"AddtlNtryInf={info!r}"])
        return out

    def write_camt(self, path: Path, crs: list[Credit]) -> None:
        ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<Document xmlns="{ns}">', "<BkToCstmrStmt>",
               f"<GrpHdr><MsgId>BNC{END:%Y%m%d}0001</MsgId><CreDtTm>{END}T23:10:00-04:00</CreDtTm></GrpHdr>",
               (f"<Stmt><Id>STMT{END:%Y%m}</Id><ElctrncSeqNb>3</ElctrncSeqNb><CreDtTm>{END}T23:10:00-04:00</CreDtTm>"
                f"<FrToDt><FrDtTm>{START}T00:00:00-05:00</FrDtTm><ToDtTm>{END}T23:59:59-04:00</ToDtTm></FrToDt>"
                "<Acct><Id><Othr><Id>00601-1047226</Id></Othr></Id><Ccy>CAD</Ccy><Ownr><Nm>"
                f"{escape(FIRM_FR)}</Nm></Ownr><Svcr><FinInstnId><BICFI>BNDCCAMMINT</BICFI></FinInstnId></Svcr>"
                "</Acct>")]  # fmt: skip
        opening = Decimal("91240.18")
        closing = opening + sum((cr.amount for cr in crs), ZERO)
        for cd, bal, day in (("OPBD", opening, START), ("CLBD", closing, END)):
            ind = "CRDT" if bal >= 0 else "DBIT"
            out.append(f'<Bal><Tp><CdOrPrtry><Cd>{cd}</Cd></CdOrPrtry></Tp><Amt Ccy="CAD">{abs(bal):.2f}</Amt>'
                       f"<CdtDbtInd>{ind}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
        for k, cr in enumerate(crs):
            out += self.camt_entry(cr, k)
            self.written["bnc"].append(cr)
        out += ["</Stmt>", "</BkToCstmrStmt>", "</Document>"]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")

    def bai2_text(self, cr: Credit) -> tuple[str, str]:
        r = self.r
        if cr.channel in ("chq", "debit") or (cr.channel == "other" and not cr.name):
            return cr.code, cr.info
        addr = cr.cust.city if cr.cust is not None else "600 N BROADWAY ST MILWAUKEE WI 53202"
        obi = f" OBI={cr.memo}" if cr.memo else ""
        bank = r.choice(["JPMORGAN CHASE BANK NA", "BANK OF AMERICA NA", "KEYBANK NA", "CITIZENS BANK NA"])
        text = (f"INCOMING WIRE TRANSFER SND BK:{bank} B/O: {cr.name} {addr}{obi} "
                f"TRN:{cr.day:%Y%m%d}{r.randint(10**6, 10**7 - 1)}")  # fmt: skip
        return cr.code, text

    def write_bai2(self, path: Path, crs: list[Credit]) -> None:
        r = self.r
        out = [f"01,ROYCCAT2,LAURENTIDE,{END:%y%m%d},0600,1,,,2/"]
        file_total, groups = 0, 0
        for day in sorted({cr.day for cr in crs}):
            groups += 1
            out.append(f"02,LAURENTIDE,ROYCCAT2,1,{day:%y%m%d},2400,USD,2/")
            opening, closing = r.randint(10**6, 10**8), r.randint(10**6, 10**8)
            out.append(f"03,4001234567,USD,010,{opening},,,015,{closing},,/")
            start, acct_total = len(out) - 1, opening + closing
            for cr in (x for x in crs if x.day == day):
                cents = int(abs(cr.amount) * 100)
                acct_total += cents
                code, text = self.bai2_text(cr)
                out.append(f"16,{code},{cents},0,{day:%y%m%d}{r.randint(10**5, 10**6 - 1)},,{text}")
                cr.shown = text
                self.written["usd"].append(cr)
            n = len(out) - start + 1
            out.append(f"49,{acct_total},{n}/")
            out.append(f"98,{acct_total},1,{n + 2}/")
            file_total += acct_total
        out.append(f"99,{file_total},{groups},{len(out) + 1}/")
        path.write_text("\n".join(out) + "\n", encoding="ascii")


def check_parse(world: World, out: Path, files: list[str]) -> list[str]:
    """Reads the files back; every credit gets the line the reader gives it (in the order written)."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    problems, by_file = [], defaultdict(list)
    for t in doc["transactions"]:
        by_file[Path(t["source"]["file"]).name].append(t)
    for bank, fname in FILES.items():
        got = sorted(by_file.pop(fname, []), key=lambda t: t["source"]["line"])
        mine = world.written[bank]
        if len(got) != len(mine):
            problems.append(f"{fname}: read {len(got)} transactions, wrote {len(mine)}")
        for cr, t in zip(mine, got):
            have = (Decimal(str(t["amount"])), t["date"], t.get("currency"))
            want = (cr.amount, cr.day.isoformat(), "USD" if bank == "usd" else "CAD")
            if have != want:
                problems.append(f"{fname}:{t['source']['line']} read {have} want {want}")
            cr.line = t["source"]["line"]
    return problems + [f"{f}: read but never written" for f in by_file]


def score(world: World, doc: dict[str, Any], show: str) -> Table:
    got = matches_by(doc, file_line)
    every = {k: list(v) for k, v in got.items()}
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}

    def header(key: tuple[str, int], cr: Credit) -> str:
        ccy = "USD" if cr.bank == "usd" else "CAD"
        who = cr.cust.name if cr.cust else "-"
        return (f"{key[0]}:{key[1]} {cr.day} {ccy} {cr.amount} customer={who!r} note={cr.note!r}\n"
                f"    line: {cr.shown}")  # fmt: skip

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for tag, nums in (("truth", [n for t in (cr.truth or [])[:3] for n in t]), ("picked", list(picked))):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None:
                    print(f"    {tag} {n}: {inv.cust.name}, {inv.cust.ccy}, dated {inv.issued}, total {inv.total}, "
                          f"open {inv.due}, ref {inv.ref!r}")  # fmt: skip

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        verdicts[key] = (cr, v)

    keyed = [((cr.file, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.file, x.line))]
    table = score_credits(keyed, got, show, header, review=REVIEW, judged=judged, ledger=ledger, applied=True)
    failed = checks(world, every, verdicts, table, header, ledger)
    print("\nchecks on autos judged right by their invoices:", dict(failed) or "none failed")
    return table


def put(i: dict[str, Any]) -> Decimal:
    """What a decision puts on an invoice, in the invoice's currency."""
    return Decimal(i.get("invoice_currency_amount") or i["applied"])


def checks(
    world: World,
    every: dict[tuple[str, int], list[Match]],
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]],
    table: Table,
    header: Any,
    ledger: Any,
) -> Counter[str]:
    """Every auto puts at most each invoice's open amount on it (``invoice_currency_amount``, else ``applied``) and
    applies in all at most the payment (``applied``, in the payment's currency); a right set of invoices applied
    beyond either moves to AUTO WRONG. An overpayment's excess must stay unapplied (checked)."""
    failed: Counter[str] = Counter()
    for key, (cr, v) in verdicts.items():
        autos = [m for m in every.get(key, []) if m.get("decision") == "auto"]
        if not autos:
            continue
        why = []
        for m in autos:
            for i in m.get("invoices", []):
                inv = world.by_number.get(i["number"])
                if inv is not None and put(i) > inv.due:
                    why.append(f"puts {put(i)} on {inv.number}, open {inv.due}")
            if sum((Decimal(i["applied"]) for i in m.get("invoices", [])), ZERO) > cr.amount:
                why.append(f"applies more than the payment {cr.amount}")
        if cr.kind == "overpay_named":
            applied = sum((put(i) for m in autos for i in m.get("invoices", [])), ZERO)
            if applied != cr.amount - cr.excess:
                why.append(f"applies {applied}, the open amount is {cr.amount - cr.excess}")
        if why and v.outcome == "auto ok":
            failed[cr.kind] += 1
            table[cr.kind]["auto ok"] -= 1
            table[cr.kind]["AUTO WRONG"] += 1
            print(f"\n[{cr.kind}] {header(key, cr)}\n    AUTO WRONG by amount: {'; '.join(why)}")
            ledger(cr, v.picked)
            for m in autos:
                print(f"    auto {label(m)} applied={[i['applied'] for i in m['invoices']]} unapplied="
                      f"{m.get('unapplied')} write_off={m.get('write_off')}\n      reasons: {reasons(m)}")  # fmt: skip
    return failed


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_canada_") as out:
        files = world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        n_open = sum(i.due > 0 for i in world.invs)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices ({n_open} open), {n_in} "
              f"credits + {len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
        for problem in check_parse(world, out, files):
            print("PARSE:", problem)
        doc = match(out, *(a for f in files for a in ("--bank", f)), "--ledger", "xero.csv", timed=True)
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
