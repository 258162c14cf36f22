"""Cash application for a US landscaping firm: batch check deposits, Zelle from spouses, card batches, NSF returns.

Run:  .venv/bin/python benchmarks/bench_match_batch_deposits.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

The world: Bluestem Landscape & Irrigation LLC, Raleigh NC (USD), bills ~110 homeowners (lawn plans, spring
cleanups, mulch and pine straw with NC sales tax on the materials, irrigation repairs; landlords with a job per
rental address, couples "Mark & Julie Donnelly", two pairs of namesakes "Ryan Ferrell" / "Ryan Ferrell (Wake
Forest)"), ~24 commercial accounts (monthly grounds maintenance; "Six Forks Baptist Church" and "... Academy" share
one 16-character ACH name; one is named for a place that is also a surname, "Sutton Self Storage LLC") and ~20 HOAs
and apartment owners' LLCs run by four property managers (several properties on the same contract price). Invoices
are numbered 1001 up from mid-December 2025; about 300 of ~400 are open at the export. Per seed it writes, with
answers only this script knows: the ledger, a QuickBooks Online "Open Invoices" report (odd seeds; properties the
ledger links to their manager are sub-customers ``Manager:Property``, rentals ``Owner:Address``; run with
``--currency USD``) or Xero's "Awaiting Payment" invoice export (even seeds; the manager as ``c/o`` in the postal
address, the service address in each line's description); March 2026 of the operating account as its bank exports
it (seed % 3: 1 Chase CSV, 2 Bank of America CSV with its summary preamble, 0 Wells Fargo's headerless CSV); March
of a second account as a Truist QFX (OFX 1.02 SGML, NAME cut to 32 characters). The statements hold what such a firm
sees: branch, mobile, remote and ATM deposits of 2-6 customers' checks as one line ("DEPOSIT  ID NUMBER", "REMOTE
ONLINE DEPOSIT #", "Counter Credit", "MOBILE DEPOSIT : REF NUMBER"), some whose total is by chance one customer's
open invoice or the sum of two of them; deposit slip and ATM sequence numbers and our own check numbers in the
invoice range; single-check and cash deposits; Zelle from homeowners, their spouses and tenants (memos only where
the bank prints them: not at Chase); Venmo / Cash App / PayPal cash-outs; Square / Stripe / Clover / Intuit
settlements net of fees; ACH from commercial customers (16-character names, addenda, their own payment number in IND
ID) and from property managers for several properties; returned checks (the debit, the fee, a returned-check fee
invoice, the customer paying again); interest, transfers, refunds and debits. It checks that ``arsync bank parse``
reads every line written, runs ``arsync match --bank <csv> --bank truist.qfx --ledger <ledger> --json`` and scores
every credit by kind through ``matchscore``.

Truth is what an experienced AR clerk applies from the bank line and the ledger alone. Clerk kinds (the payer and
the invoices are clear; invoices of one payer of the same amount are equivalent, a clerk takes the oldest):
zelle_name (the customer's own name, the only set of its open invoices that makes the amount), zelle_couple (one of
the two names on the invoice), zelle_multi, zelle_tip (more than the only open invoice: apply it, leave the tip),
zelle_partial (less than the only open invoice), zelle_memo_inv (a name that is no customer's, the memo names the
invoice), zelle_memo_addr and zelle_addr_num (the memo names the service address; in addr_num its house number is
another open invoice's number), ach_ref, ach_name, ach_multi, ach_payno (IND ID is the payer's own payment number,
another customer's open invoice number), ach_cut_one (two customers share the ACH name, only one has invoices that
make the amount), pm_ref (a manager names invoices), pm_property (names the property), pm_noref (no detail, one set
of its linked properties' invoices makes the amount), pm_own_acct (the property's own account pays), nsf_repay (the
customer pays again after its check came back, maybe with the returned-check fee). REVIEW kinds (a person must look:
any auto is wrong; a suggestion of the true set counts right): batch_checks, batch_fits_one, batch_fits_sum (several
customers' checks in one line, the total equal by chance to one customer's invoice or two), check_single,
check_single_amb (one check, no payer), cash_invoice, zelle_spouse (a spouse's name, no memo), zelle_stranger,
zelle_lookalike (a stranger whose surname is a business customer's name, which owes the amount too),
zelle_namesake (both customers of the payer's name owe the amount), zelle_other_cust (a customer pays another
customer's invoice), ach_cut_amb (both customers of one ACH name owe the amount), p2p_cashout, card_one_sale (one
card sale net of fees), pm_amb (several properties owe the amount), pm_unlinked (the ledger does not show the
property's manager), nsf_bounced (the deposit whose check came back). No invoice: card_batch, cash_sales,
noncustomer; debits only count whether anything was applied to them. Every auto is also checked never to apply more
than an invoice's open amount or the payment, also summed over all lines. ``--show KIND|missed|wrong`` prints those
credits. Always exits 0.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from matchscore import (
    ARSYNC,
    XERO_COLUMNS,
    C,
    Match,
    Table,
    Verdict,
    arguments,
    file_line,
    label,
    match,
    matches_by,
    reasons,
    report,
    run,
    score_credits,
    workdir,
)

ZERO = Decimal(0)
FIRM = "Bluestem Landscape & Irrigation LLC"
IND_NAME = "BLUESTEM LANDSCAPE & I"  # NACHA's 22-character receiver name
START, END = date(2026, 3, 2), date(2026, 3, 31)
FIRST_INVOICE = date(2025, 12, 15)
TAX = Decimal("0.0725")  # Wake County, NC: materials are taxed, labour is not
_KINDS = """zelle_name:12:clerk zelle_couple:3:clerk zelle_multi:4:clerk zelle_tip:3:clerk zelle_partial:3:clerk
zelle_memo_inv:6:clerk zelle_memo_addr:5:clerk zelle_addr_num:3:clerk ach_ref:8:clerk ach_name:8:clerk
ach_multi:4:clerk ach_payno:4:clerk pm_ref:4:clerk pm_property:3:clerk pm_noref:3:clerk pm_own_acct:3:clerk
nsf_repay:3:clerk batch_checks:10:review batch_fits_one:4:review batch_fits_sum:3:review check_single:8:review
check_single_amb:4:review cash_invoice:4:review zelle_spouse:5:review zelle_stranger:3:review p2p_cashout:6:review
card_one_sale:3:review pm_amb:3:review pm_unlinked:2:review nsf_bounced:3:review card_batch:8:none cash_sales:3:none
noncustomer:10:none ach_cut_one:2:clerk ach_cut_amb:2:review zelle_namesake:2:review zelle_lookalike:2:review
zelle_other_cust:2:review"""
KINDS = {k: (int(n), e) for k, n, e in (x.split(":") for x in _KINDS.split())}
CLERK = [k for k, (_, e) in KINDS.items() if e == "clerk"]
REVIEW = [k for k, (_, e) in KINDS.items() if e == "review"]
# kinds that change invoice amounts first, then those that need particular invoices; nsf_* are made together
ORDER = """zelle_namesake zelle_lookalike ach_cut_amb batch_fits_one batch_fits_sum check_single_amb pm_amb pm_unlinked
pm_noref zelle_addr_num ach_payno""".split()

FIRST_M = "Mark Brian Kevin Scott Jason Greg Todd Derek Matt Ryan Chris Eric Jeff Steve Tom Paul Alan Craig Doug Phil"
FIRST_F = (
    "Julie Lisa Karen Amy Heather Dana Jill Megan Kelly Tracy Laura Beth Wendy Carla Stacy Renee Nicole Erin Paige"
)
SURN = """Donnelly Whitfield Harrington Pruitt Caldwell Mebane Honeycutt Strickland Ashworth Faircloth Barefoot Pender
Royster Lassiter Godwin Tart Wooten Norris Holloman Gaskins Bullard Creech Batts Massengill Upchurch Lambeth Hinton
Yarborough Sauls Kearney Bunn Medlin Poole Thigpen Averette Lanier Ennis Rountree Tillery Hobgood Parrish Daughtry
Hocutt Jernigan Stancil Langdon Boykin Peele Okafor Castellano Brennan Fitzgerald Kowalski Delgado Vaughan Whitley
Pittman Barbour Sorrell Ragland Mangum Ferrell Seagroves Dupree Atkins Overby Partin Tilley Blalock Oakley Hester
Holder Pleasant Eatmon Massey Gupton""".split()
STRANGERS = """DEVONTE WILLIAMS|PRIYA RAMASWAMY|KAYLA BRENNER|LUIS OCAMPO|TYLER NGUYEN|AMBER KOWALCZYK|JAMAL PRICE|
SOFIA REYES|CONNOR BLAKE|HANNAH ZIMMER|ANDRES VILLALOBOS|MEI-LING CHO""".replace("\n", "").split("|")
STREETS = """Oak Hollow Dr|Lochmere Dr|Kildaire Farm Rd|Yates Mill Pond Rd|Sunset Lake Rd|Ten Ten Rd|Holly Springs Rd|
Penny Rd|Optimist Farm Rd|Glenwood Ave|Lead Mine Rd|Six Forks Rd|Falls of Neuse Rd|Wade Ave|Dixie Trl|Cameron St|
Brookside Dr|Fairway Ridge Dr|Wakefield Pines Dr|Heritage Lake Rd|Hemlock Bluffs Ct|Tryon Rd|Leesville Rd|
Stonehaven Dr|Pleasant Pines Dr|Castleburg Dr|Lake Wheeler Rd""".replace("\n", "").split("|")
CITIES = [("Raleigh", "27609"), ("Cary", "27518"), ("Apex", "27502"), ("Wake Forest", "27587"), ("Garner", "27529"),
          ("Holly Springs", "27540"), ("Raleigh", "27612"), ("Cary", "27513")]  # fmt: skip
PLACES = """Crabtree|Lochmere|Falls Lake|Umstead|Brier Creek|Midtown|Glenwood|Cameron Village|Sutton|Wakefield|
Fuquay|Knightdale|Morrisville|Six Forks|Oakwood|Triangle|Capital|Neuse River|Tryon|Pullen|Bent Tree|Swift Creek|
Reedy Creek|Harrison Park""".replace("\n", "").split("|")
TRADES = """Dental PLLC|Family Medicine PA|Animal Hospital|Baptist Church|Montessori School|Self Storage LLC|
Office Park LLC|Medical Plaza LLC|Auto Service Inc|Brewing Co|Realty Group Inc|Senior Living LLC|Veterinary Clinic PC|
Law Group PLLC|Insurance Agency Inc|Pediatrics PA|Fitness Center LLC|Orthodontics PA|Eye Care PA|Funeral Home Inc|
Church of Christ|Presbyterian Church""".replace("\n", "").split("|")
MANAGERS = [("Crestline Property Management", "crestlinepm.com"), ("Oakbridge Realty Group Inc", "oakbridgerg.com"),
            ("Tarheel Community Management LLC", "tarheelcm.com"),
            ("Pinnacle Residential Services Inc", "pinnacleres.com")]  # fmt: skip
PROPERTIES = (
    """Willow Creek HOA|Brookside Apartments LLC|Stonehenge Commons Owners Association|Parkside at Cary
Apartments LLC|Lochmere Village HOA|The Reserve at Wakefield|Falls Pointe Townhomes HOA|BRK Brookhaven Owner LLC|
Sutton Square Holdings LLC|Heritage Oaks Condominium Association|Bedford at Falls River HOA|Cary Park Townhomes HOA|
Amberly Glen Apartments LLC|Preston Village Owners Association|Crossroads Commons LLC|Weston Lakeside Apartments LLC|
Beaver Creek Commons HOA|Highcroft Village HOA|Twin Lakes Office Condominiums|Mills Park Townhomes HOA|Kildaire Pointe
Apartments LLC|Sorrell Grove HOA""".replace("\n", " ")
    .replace("| ", "|")
    .split("|")
)
ABBR = {"APARTMENTS": "APTS", "ASSOCIATION": "ASSN", "TOWNHOMES": "TH", "CONDOMINIUM": "CONDO",
        "CONDOMINIUMS": "CONDOS", "OWNERS": "OWNRS", "MANAGEMENT": "MGMT", "PROPERTY": "PROP", "COMMONS": "CMNS",
        "VILLAGE": "VLG"}  # fmt: skip
FORMS = {"LLC", "INC", "PA", "PC", "PLLC", "CO"}
PLANS = ["145.00", "165.00", "185.00", "185.00", "210.00", "240.00", "275.00"]  # monthly lawn care
WINTER = ["95.00", "120.00", "120.00", "145.00"]
BIZ_FEES = ["650.00", "825.00", "975.00", "1150.00", "1400.00", "1650.00", "2100.00", "2600.00", "3250.00", "4100.00"]
PM_FEES = ["980.00", "1150.00", "1325.00", "1450.00", "1875.00", "2250.00", "2600.00", "3100.00"]
CHASE_HEAD = ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""]
QBO_HEAD = ["", "Date", "Transaction type", "Num", "Term", "Due date", "Amount", "Open balance"]
PRIMARY = {1: ("chase", "chase.csv"), 2: ("bofa", "bofa.csv"), 0: ("wf", "wellsfargo.csv")}
OFX_HEAD = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260401061522.000[-5:EST]<LANGUAGE>ENG
<FI><ORG>Truist<FID>10898</FI><INTU.BID>10898<INTU.USERID>BLUESTEMLAND</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>0<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>053101121<ACCTID>1100028847315<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260301050000.000[-5:EST]<DTEND>20260331050000.000[-5:EST]"""


class NoInvoice(Exception):
    """No open invoice fits what a kind needs."""


@dataclass(eq=False)
class Cust:
    name: str  # as people write it: "Mark Donnelly", "Willow Creek HOA"
    group: str  # home | job | biz | prop
    address: str = ""  # the service address, "412 Oak Hollow Dr"
    city: tuple[str, str] = ("Raleigh", "27609")
    zelle: str = ""  # the name its Zelle payments show
    spouse: str = ""  # the name a spouse's Zelle shows
    couple: str = ""  # the second person of "Mark & Julie Donnelly"
    ach: str = ""  # the ACH originator name, 16 characters
    oid: str = ""  # its ACH company id
    vendor: str = ""  # our vendor number in its payables system
    parent: Cust | None = None  # a job's owner
    manager: int = -1  # index into MANAGERS of a property's manager
    linked: bool = False  # the ledger shows the manager (QBO sub-customer, Xero c/o)
    tag: str = ""  # namesake (two customers of one name), cut (two whose ACH names are one), lookalike
    email: str = ""
    invs: list[Inv] = field(default_factory=list)

    @property
    def root(self) -> Cust:
        return self.parent or self


@dataclass(eq=False)
class Inv:
    cust: Cust
    issued: date
    terms: int
    lines: list[tuple[str, Decimal, Decimal, bool]]  # description, quantity, unit price, taxable
    number: str = ""
    paid: Decimal = ZERO  # paid before March (a deposit on a big job)
    closed: bool = False  # paid before March: not in the export
    used: bool = False  # a credit's truth, or a decoy kept as it is
    ref: str = ""

    def amounts(self) -> list[tuple[Decimal, Decimal]]:
        out = []
        for _, q, u, taxable in self.lines:
            a = (q * u).quantize(C, ROUND_HALF_UP)
            out.append((a, (a * TAX).quantize(C, ROUND_HALF_UP) if taxable else ZERO))
        return out

    @property
    def total(self) -> Decimal:
        return sum((a + t for a, t in self.amounts()), ZERO)

    @property
    def due(self) -> Decimal:
        return ZERO if self.closed else self.total - self.paid

    def set_total(self, amount: Decimal, what: str = "Irrigation repair") -> None:
        self.lines, self.paid = [(what, Decimal(1), amount, False)], ZERO


@dataclass(eq=False)
class Credit:
    kind: str
    amount: Decimal
    day: date
    channel: str  # branch mobile atm atm_cash zelle ach p2p card int xfer ... (debits: check, returned, fee, ...)
    truth_invs: list[tuple[Inv, ...]] | None = None
    note: str = ""
    payer: str = ""  # Zelle name, ACH originator
    memo: str = ""  # Zelle memo, ACH addenda
    ind: str = ""  # ACH IND ID
    descr: str = ""  # ACH CO ENTRY DESCR
    oid: str = ""
    sec: str = "CCD"
    bank: str = ""  # chase bofa wf truist
    text: str = ""  # the description as written
    ctype: str = ""  # Chase Type / OFX TRNTYPE
    slip: str = ""  # Chase's Check or Slip #, Wells Fargo's check column
    checknum: str = ""  # OFX CHECKNUM
    ofx_name: str = ""
    file: str = ""
    line: int = 0

    @property
    def truth(self) -> list[tuple[str, ...]] | None:
        if self.truth_invs is None:
            return None
        return [tuple(sorted(i.number for i in s)) for s in self.truth_invs]


def usd(d: Decimal, sym: str = "") -> str:
    return ("-" if d < 0 else "") + f"{sym}{abs(d):,.2f}"


def ach16(name: str) -> str:
    words = name.upper().replace(".", "").replace(",", "").replace("'", "").replace("&", " & ").split()
    return " ".join(words)[:16].rstrip()


def short(name: str) -> str:
    """A property as a manager's addenda writes it: ``WILLOW CREEK HOA``, ``BROOKSIDE APTS``."""
    words = [ABBR.get(w, w) for w in name.upper().replace(".", "").split() if w not in FORMS and w != "THE"]
    return " ".join(words[:3])


class World:
    def __init__(self, seed: int) -> None:
        self.seed, self.r = seed, random.Random(f"batch-deposits:{seed}")
        self.qbo = seed % 2 == 1
        self.primary, self.primary_file = PRIMARY[seed % 3]
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.credits: list[Credit] = []
        self.skipped: Counter[str] = Counter()
        self.names: set[str] = set()  # every person's name a customer goes by (upper case)
        self.slip = self.r.randrange(1150, 1260)  # our deposit ticket book
        self.checkno = self.r.randrange(1180, 1290)  # our checkbook
        self.nsf: list[tuple[Inv, Inv, Credit]] = []  # the invoice, its returned-check fee invoice, the return debit

    # ------------------------------------------------------------------ customers
    def digits(self, k: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(k))

    def street(self) -> str:
        return f"{self.r.randrange(100, 9800)} {self.r.choice(STREETS)}"

    def new_cust(self, c: Cust) -> Cust:
        c.oid = c.oid or f"{self.r.choice('139')}{self.digits(9)}"
        self.custs.append(c)
        return c

    def customers(self) -> None:
        r, males, females = self.r, FIRST_M.split(), FIRST_F.split()
        surnames = list(SURN)
        r.shuffle(surnames)
        taken: set[str] = set()
        n = 0
        while sum(c.group in ("home", "job") and c.parent is None for c in self.custs) < 104:
            last = surnames[n % len(surnames)] if n < 80 else r.choice(surnames[:80])  # some surnames twice
            n += 1
            he, she = r.choice(males), r.choice(females)
            first, other = (he, she) if r.random() < 0.55 else (she, he)
            if f"{first} {last}".upper() in taken or f"{other} {last}".upper() in taken:
                continue
            couple = r.random() < 0.12
            name = f"{first} & {other} {last}" if couple else f"{first} {last}"
            c = self.new_cust(Cust(name, "home", self.street(), r.choice(CITIES)))
            c.zelle, c.spouse = f"{first} {last}".upper(), f"{other} {last}".upper()
            c.couple = c.spouse if couple else ""
            c.email = f"{first[0]}{last}{r.randrange(10, 99)}@{r.choice(['gmail.com', 'yahoo.com', 'icloud.com'])}"
            taken |= {c.zelle, c.spouse}
            self.names |= {c.zelle} | ({c.spouse} if couple else set())
        self.namesakes: list[tuple[Cust, Cust]] = []
        for c0 in r.sample([c for c in self.custs if not c.couple], 2):  # two customers of one name
            city = r.choice([x for x in CITIES if x[0] != c0.city[0]])
            c1 = self.new_cust(Cust(f"{c0.name} ({city[0]})", "home", self.street(), city, zelle=c0.zelle))
            c1.spouse, c1.email = (
                f"{r.choice(females)} {c0.name.split()[-1]}".upper(),
                f"{c0.name.split()[0]}.{r.randrange(1, 99)}@gmail.com",
            )
            c0.tag = c1.tag = "namesake"
            self.namesakes.append((c0, c1))
        for owner in r.sample([c for c in self.custs if not c.couple and not c.tag], 8):  # landlords: a job per rental
            owner.group = "owner"
            for _ in range(r.choice([2, 2, 3])):
                job = Cust(owner.name, "job", self.street(), r.choice(CITIES), parent=owner, email=owner.email)
                self.new_cust(job)
        seen: set[str] = set()
        look = r.choice(["Crabtree", "Sutton", "Tryon", "Pullen", "Umstead"])  # a place that is a surname too
        for name, tag in [(f"{look} {r.choice(TRADES)}", "lookalike"), ("Six Forks Baptist Church", "cut"),
                          ("Six Forks Baptist Academy", "cut")]:  # fmt: skip
            c = self.new_cust(Cust(name, "biz", self.street(), r.choice(CITIES), ach=ach16(name), tag=tag))
            c.email, c.vendor = f"office@{name.split()[0].lower()}{r.randrange(10, 99)}.org", r.choice(["", "BLUESTEM"])
            seen.add(ach16(name))
        self.lookalike = next(c for c in self.custs if c.tag == "lookalike")
        self.cut = [c for c in self.custs if c.tag == "cut"]
        while sum(c.group == "biz" for c in self.custs) < 24:
            name = f"{r.choice(PLACES)} {r.choice(TRADES)}"
            if ach16(name) in seen or name.split()[0] in {x.split()[0] for x in seen}:
                continue
            seen.add(ach16(name))
            slug = "".join(ch for ch in name.lower() if ch.isalpha())[:14]
            c = self.new_cust(
                Cust(name, "biz", self.street(), r.choice(CITIES), ach=ach16(name), email=f"ap@{slug}.com")
            )
            c.vendor = r.choice([f"V{r.randrange(10000, 99999)}", "BLUESTEM", f"BLU{r.randrange(100, 999)}", ""])
        props = r.sample(PROPERTIES, 20)
        for k, name in enumerate(props):
            m = k % len(MANAGERS)
            c = self.new_cust(Cust(name, "prop", self.street(), r.choice(CITIES), ach=ach16(name), manager=m))
            c.linked = k >= len(MANAGERS) or m >= 2  # managers 0 and 1 have one property the ledger does not link
            c.email = (
                f"ap@{MANAGERS[m][1]}" if c.linked else f"office@{''.join(filter(str.isalpha, name.lower()))[:12]}.org"
            )

    def ledger_name(self, c: Cust) -> str:
        """The customer as the export names it."""
        if not self.qbo:
            return c.root.name
        if c.group == "job":
            return f"{c.root.name}:{c.address}"
        if c.group == "prop" and c.linked:
            return f"{MANAGERS[c.manager][0]}:{c.name}"
        return c.name

    # ------------------------------------------------------------------ invoices
    def invoice(self, c: Cust, issued: date, lines: list[tuple[str, Decimal, Decimal, bool]], terms: int = -1) -> Inv:
        if terms < 0:
            terms = self.r.choice([0, 0, 15]) if c.group in ("home", "job") else self.r.choice([30, 30, 15])
        inv = Inv(c, issued, terms, lines)
        c.invs.append(inv)
        self.invs.append(inv)
        return inv

    def oneoff(self, c: Cust, issued: date) -> list[tuple[str, Decimal, Decimal, bool]]:
        r, d = self.r, Decimal
        spring = issued.month == 3
        roll = r.random()
        if spring and roll < 0.3:
            return [("Spring cleanup - beds, edging, debris haul", d(1), d(r.randrange(70, 220) * 5), False)]
        if roll < 0.5 and issued.month in (2, 3):
            bales = d(r.randrange(20, 90))
            return [("Pine straw - long leaf (bales)", bales, d("6.25"), True),
                    ("Pine straw installation", bales, d("2.75"), False)]  # fmt: skip
        if roll < 0.65:
            yards = d(r.randrange(3, 13))
            return [("Mulch - double shredded hardwood (cu yd)", yards, d("42.00"), True),
                    ("Mulch installation", yards, d("38.00"), False)]  # fmt: skip
        if roll < 0.8:
            heads = d(r.randrange(2, 9))
            return [("Irrigation repair - labor", d(1), d(r.choice([95, 125, 165, 210])), False),
                    ("Rotor / spray heads", heads, d("18.40"), True)]  # fmt: skip
        if roll < 0.9:
            what = r.choice(["Shrub pruning", "Leaf removal", "Tree & shrub care"])
            return [(what, d(1), d(r.randrange(36, 130) * 5),
                     False)]  # fmt: skip
        if roll < 0.95 and issued.month == 3:
            return [("Irrigation startup & inspection", d(1), d(r.choice([95, 125, 145, 165])), False)]
        return [("Sod installation - Bermuda (sq ft)", d(r.randrange(8, 40) * 100), d("1.85"), True),
                ("Grading & prep", d(1), d(r.randrange(40, 120) * 10), False)]  # fmt: skip

    def invoices(self) -> None:
        r, d = self.r, Decimal
        firsts = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
        for c in self.custs:
            if c.group in ("biz", "prop"):
                fee = d(r.choice(BIZ_FEES if c.group == "biz" else PM_FEES))
                while c.tag == "cut" and c is self.cut[1] and fee == self.cut[0].invs[0].total:
                    fee = d(r.choice(BIZ_FEES))
                for f in firsts:
                    self.invoice(c, f, [(f"Grounds maintenance - {f:%B %Y}", d(1), fee, False)], terms=30)
                for _ in range(r.choice([0, 0, 1, 1, 2]) if c.tag != "cut" else 3):
                    issued = FIRST_INVOICE + timedelta(r.randrange(0, 100))
                    extra = r.choice([("Seasonal color install", 1, r.randrange(30, 160) * 10),
                                      ("Irrigation repair", 1, r.randrange(12, 80) * 5),
                                      ("Pine straw - common areas (bales)", r.randrange(80, 400), "6.25"),
                                      ("Tree removal", 1, r.randrange(40, 250) * 10)])  # fmt: skip
                    self.invoice(c, issued, [(extra[0], d(extra[1]), d(extra[2]), "straw" in extra[0])])
                continue
            if c.group == "owner":
                continue
            if r.random() < 0.45 or c.tag:  # a lawn plan: winter visits in February, mowing from March
                self.invoice(c, firsts[1], [("Winter maintenance - February 2026", d(1), d(r.choice(WINTER)), False)])
                self.invoice(c, firsts[2], [("Lawn maintenance - March 2026", d(1), d(r.choice(PLANS)), False)])
            for _ in range(r.choice([0, 1, 1, 1, 2, 2])):
                day = FIRST_INVOICE + timedelta(r.randrange(0, 102))
                if r.random() < 0.45:
                    day = date(2026, 3, 1) + timedelta(r.randrange(0, 27))
                self.invoice(c, day, self.oneoff(c, day))
        for inv in self.invs:
            month = (inv.issued.year, inv.issued.month)
            p_paid = {(2025, 12): 0.85, (2026, 1): 0.55, (2026, 2): 0.3}.get(month, 0.0)
            inv.closed = r.random() < p_paid
            big_job = inv.total > 1500 and not inv.lines[0][0].startswith("Grounds")
            if not inv.closed and big_job and r.random() < 0.3:  # a deposit taken on a big job
                inv.paid = (inv.total * d("0.5")).quantize(d(1))
            if inv.cust.group in ("biz", "prop") and r.random() < 0.3:
                inv.ref = r.choice([f"PO {r.randrange(4000, 9999)}", f"WO-{r.randrange(50000, 69999)}"])

    def plan_nsf(self) -> None:
        """Three checks that come back: the invoice, the return debit and fee, a returned-check fee invoice."""
        r = self.r
        pool = [i for i in self.invs if i.due > 0 and i.issued <= date(2026, 2, 20) and not i.paid]
        for k in range(3):
            groups = ("home",) if k < 2 else ("biz",)
            cands = [i for i in pool if i.cust.group in groups and not i.used and len(self.open(i.cust)) <= 3]
            if not cands:
                self.skipped["nsf"] += 1
                continue
            inv = r.choice(cands)
            inv.used = True
            bounce = self.weekday(START + timedelta(r.randrange(0, 9)))
            back = self.weekday(bounce + timedelta(r.randrange(3, 6)))
            fee = self.invoice(inv.cust, back + timedelta(1), [("Returned check fee", Decimal(1), Decimal("35.00"),
                                                                 False)], terms=0)  # fmt: skip
            fee.used = True
            note = f"{inv.cust.root.name}'s check {inv.due} returned NSF"
            self.credits.append(Credit("debit", -inv.due, back, "returned", note=note, bank=self.primary))
            self.credits.append(Credit("debit", Decimal("-12.00"), back, "returned_fee", bank=self.primary))
            self.nsf.append((inv, fee, Credit("nsf_bounced", inv.due, bounce, "mobile")))

    def number(self) -> None:
        order = sorted(self.invs, key=lambda i: (i.issued, self.r.random()))
        for n, inv in enumerate(order, start=1001):
            inv.number = str(n)
        self.by_number = {i.number: i for i in self.invs}

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def weekday(d: date) -> date:
        while d.weekday() >= 5:
            d += timedelta(1)
        return min(d, END)

    def day(self, invs: Iterable[Inv], soon: int = 18) -> date:
        first = max([START, *(i.issued + timedelta(1) for i in invs)])
        d = first + timedelta(self.r.randrange(0, soon))
        if d > END:
            d = END - timedelta(self.r.randrange(0, 2))
        return self.weekday(max(d, first if first <= END else END))

    def open(self, c: Cust, family: bool = False) -> list[Inv]:
        custs = [x for x in self.custs if x.root is c.root] if family else [c]
        return [i for x in custs for i in x.invs if i.due > 0]

    def free(self, invs: Iterable[Inv]) -> list[Inv]:
        return [i for i in invs if i.due > 0 and not i.used and i.issued <= END - timedelta(3)]

    @staticmethod
    def sets(invs: list[Inv], amount: Decimal, kmax: int = 3) -> list[tuple[Inv, ...]]:
        pool = [i for i in invs if 0 < i.due <= amount]
        found = []
        for k in range(1, kmax + 1):
            if k == 3 and len(pool) > 40:
                break
            found += [s for s in combinations(pool, k) if sum((i.due for i in s), ZERO) == amount]
        return found

    def clear(self, invs: list[Inv], amount: Decimal, key: Callable[[Inv], Any] = lambda i: i.due) -> list | None:
        """The sets of ``invs`` that make ``amount`` when they are all alike (the same amounts, by ``key``): what a
        clerk applies; None when there is none or they differ."""
        ways = self.sets(invs, amount)
        keys = {tuple(sorted(map(key, s), key=str)) for s in ways}
        return ways if len(keys) == 1 else None

    def all_open(self) -> list[Inv]:
        return [i for i in self.invs if i.due > 0]

    def pick(self, pred: Callable[[Inv], bool], groups: tuple[str, ...] = ("home", "job", "biz")) -> Inv:
        pool = [i for i in self.free(self.invs) if i.cust.group in groups and pred(i)]
        if not pool:
            raise NoInvoice
        inv = self.r.choice(pool)
        inv.used = True
        return inv

    def decoy(self, far_from: Decimal, pred: Callable[[Inv], bool] = lambda i: True) -> Inv:
        """An open invoice, kept as it is, whose number a bank line will carry (of another amount)."""
        pool = [i for i in self.free(self.invs) if abs(i.due - far_from) > 40 and pred(i)]
        if not pool:
            raise NoInvoice
        inv = self.r.choice(pool)
        inv.used = True
        return inv

    def add(self, cr: Credit, invs: list[tuple[Inv, ...]] | None) -> Credit:
        cr.truth_invs = invs
        self.credits.append(cr)
        return cr

    def spell(self, n: str) -> str:
        return self.r.choice(["Inv {}", "invoice #{}", "{}", "inv {}", "Invoice {} thanks", "for invoice {}",
                              "INV{}", "bill {}", "#{}"]).format(n)  # fmt: skip

    def generic_memo(self) -> str:
        return self.r.choice(["", "", "", "lawn", "yard work", "Thank you!", "landscaping", "Bluestem", "mulch",
                              "pine straw", "thanks"])  # fmt: skip

    def plain_memo(self) -> str:
        """A memo that names no service (it could tell two candidate invoices apart)."""
        return self.r.choice(["", "", "thanks", "Thank you!", "Bluestem", "yard"])

    def memo_bank(self) -> str:
        """A bank that prints a Zelle memo: the operating account's unless it is at Chase."""
        return "truist" if self.primary == "chase" or self.r.random() < 0.3 else self.primary

    def bank_for(self, channel: str) -> str:
        return "truist" if self.r.random() < 0.3 else self.primary

    def zelle_credit(self, kind: str, amount: Decimal, invs: list[Inv], who: str, memo: str = "", **kw: Any) -> Credit:
        bank = self.memo_bank() if memo else self.bank_for("zelle")
        return Credit(kind, amount, kw.get("day") or self.day(invs, 10), "zelle", payer=who, memo=memo, bank=bank,
                      note=kw.get("note", ""))  # fmt: skip

    def ach_credit(self, kind: str, amount: Decimal, invs: list[Inv], name: str, oid: str, **kw: Any) -> Credit:
        r = self.r
        descr = kw.get("descr") or r.choice(["PAYMENT", "VENDOR PMT", "ACH PMT", "AP PAYMENT", "PAYABLES", "BILL PAY"])
        return Credit(kind, amount, kw.get("day") or self.day(invs, 25), "ach", payer=name, oid=oid, descr=descr,
                      ind=kw.get("ind", ""), memo=kw.get("memo", ""), bank=self.bank_for("ach"),
                      note=kw.get("note", ""))  # fmt: skip

    def deposit(self, kind: str, amount: Decimal, day: date, cash: bool = False, single: bool = False) -> Credit:
        r = self.r
        if cash:
            channel = r.choice(["branch", "branch", "atm_cash"])
        elif single:
            channel = r.choice(["mobile", "mobile", "mobile", "atm", "branch"])
        else:
            channel = r.choice(["branch", "branch", "mobile", "mobile", "atm"])
        return Credit(kind, amount, day, channel, bank=self.bank_for(channel))

    # ------------------------------------------------------------------ the kinds
    def homes(self) -> tuple[str, ...]:
        return ("home", "job")

    def make(self, kind: str) -> None:
        r, homes = self.r, self.homes()
        if kind in ("zelle_name", "zelle_couple", "zelle_multi", "zelle_tip", "zelle_partial", "zelle_spouse"):

            def fits(i: Inv) -> bool:
                c = i.cust.root
                if c.tag or (kind == "zelle_couple" and not c.couple):
                    return False
                if kind in ("zelle_tip", "zelle_partial"):
                    return len(self.open(i.cust, family=True)) == 1 and (kind == "zelle_tip" or i.due >= 300)
                return kind != "zelle_multi" or len(self.free(self.open(i.cust, family=True))) >= 2

            inv = self.pick(fits, homes)
            c, fam = inv.cust.root, self.open(inv.cust, family=True)
            invs = [inv]
            if kind == "zelle_multi":
                other = r.choice([i for i in self.free(fam) if i is not inv])
                other.used = True
                invs.append(other)
            amount = sum((i.due for i in invs), ZERO)
            who, note, truth = c.zelle, "", None
            if kind == "zelle_tip":  # a tip for the crew, or rounded up to the next fifty
                amount += Decimal(r.choice([10, 15, 20, 25])) if r.random() < 0.6 else (amount // 50 + 1) * 50 - amount
                note, truth = f"tip {amount - inv.due} over the only open invoice", [(inv,)]
            elif kind == "zelle_partial":
                amount = ((inv.due * Decimal(r.choice(["0.5", "0.4", "0.6"])) / 10).quantize(Decimal(1)) * 10).quantize(
                    C
                )
                note, truth = f"part of the only open invoice ({inv.due})", [(inv,)]
            elif kind == "zelle_couple":
                who, note = c.couple, f"the invoice is to {c.name}"
            elif kind == "zelle_spouse":
                who, note = c.spouse, f"spouse of {c.name}"
                if c.couple or who in self.names:
                    raise NoInvoice
            if who == c.zelle and r.random() < 0.2:  # the bank profile has a middle initial
                first, last = who.split(" ", 1)
                who, note = f"{first} {r.choice('ABCDEJLMRT')} {last}", "middle initial"
            truth = truth or self.clear(fam, amount)
            if truth is None:
                raise NoInvoice
            memo = self.generic_memo() if r.random() < 0.5 else ""
            if kind == "zelle_partial":
                memo = r.choice(["", "1st payment", "half now rest next month", "partial", ""])
            self.add(self.zelle_credit(kind, amount, invs, who, memo, note=note), truth)
        elif kind == "zelle_stranger":
            inv = self.pick(lambda i: True, homes)
            who = r.choice([s for s in STRANGERS if s not in {cr.payer for cr in self.credits}])
            note = f"pays for {inv.cust.root.name} (a tenant, a grown child)"
            self.add(self.zelle_credit(kind, inv.due, [inv], who, self.generic_memo(), note=note), [(inv,)])
        elif kind == "zelle_memo_inv":
            inv = self.pick(lambda i: True, homes)
            c = inv.cust.root
            who = c.spouse if not c.couple and c.spouse not in self.names else r.choice(STRANGERS)
            cr = self.zelle_credit(kind, inv.due, [inv], who, "@", note=f"for {c.name}")
            cr.memo = f"@{id(inv)}"  # written when the invoices have their numbers
            self.ref_invs[id(inv)] = inv
            self.add(cr, [(inv,)])
        elif kind in ("zelle_memo_addr", "zelle_addr_num"):
            groups = ("job",) if self.qbo else homes  # QBO shows an address only in a job's name
            inv = self.pick(lambda i: i.cust not in self.addressed, groups)
            c = inv.cust
            self.addressed.add(c)
            if kind == "zelle_addr_num":  # the house number is another open invoice's number
                dec = self.decoy(inv.due, lambda i: i.cust.root is not c.root)
                c.address = f"@{id(dec)} {c.address.split(' ', 1)[1]}"
                self.addr_decoys[id(dec)] = dec
            truth = self.clear(self.open(c), inv.due)
            if truth is None:
                raise NoInvoice
            root = c.root
            who = root.spouse if not root.couple and root.spouse not in self.names else r.choice(STRANGERS)
            cr = self.zelle_credit(kind, inv.due, [inv], who, "@addr", note=f"the address is {root.name}'s")
            cr.addr_of = c  # type: ignore[attr-defined]
            self.add(cr, truth)
        elif kind in ("ach_ref", "ach_name", "ach_multi", "ach_payno"):
            multi = kind == "ach_multi" or (kind == "ach_ref" and r.random() < 0.3)
            inv = self.pick(lambda i: len(self.free(self.open(i.cust))) >= (2 if multi else 1) and i.cust.tag != "cut",
                            ("biz",))  # fmt: skip
            c, invs = inv.cust, [inv]
            if multi:
                more = r.sample([i for i in self.free(self.open(c)) if i is not inv], 1)
                for i in more:
                    i.used = True
                invs += more
            amount = sum((i.due for i in invs), ZERO)
            ind, memo, note = c.vendor or self.digits(r.choice([6, 10])), "", ""
            named = kind == "ach_ref" or (kind == "ach_multi" and r.random() < 0.5)
            truth = [tuple(invs)] if named else self.clear(self.open(c), amount)
            if truth is None:
                raise NoInvoice
            if named:
                memo = "@" + " ".join(f"{id(i)}" for i in invs)
                self.ref_invs.update({id(i): i for i in invs})
            if kind == "ach_payno":
                dec = self.decoy(amount, lambda i: i.cust is not c)
                self.ref_invs[id(dec)] = dec
                ind, note = f"@pay{id(dec)}", "IND ID is the payer's payment number, another customer's invoice"
            self.add(self.ach_credit(kind, amount, invs, c.ach, c.oid, ind=ind, memo=memo, note=note), truth)
        elif kind.startswith("pm_"):
            self.manager_payment(kind)
        elif kind in ("zelle_namesake", "zelle_lookalike", "ach_cut_amb", "ach_cut_one", "zelle_other_cust"):
            self.trap(kind)
        elif kind in ("batch_checks", "batch_fits_one", "batch_fits_sum", "cash_invoice", "p2p_cashout"):
            n = {"cash_invoice": r.choice([1, 1, 2]), "p2p_cashout": r.choice([1, 1, 2, 3])}.get(
                kind, r.choice([2, 2, 3, 3, 4, 5, 6]))  # fmt: skip
            groups = homes if kind in ("cash_invoice", "p2p_cashout") else (*homes, "biz", "prop")
            invs: list[Inv] = []
            for _ in range(n):  # cash is paid in whole dollars
                invs.append(self.pick(lambda i: i.cust.root not in {x.cust.root for x in invs} and i.due < 4000
                                      and (kind != "cash_invoice" or i.due % 1 == 0), groups))  # fmt: skip
            amount = sum((i.due for i in invs), ZERO)
            note = "checks of " + ", ".join(f"{i.cust.root.name} {i.due}" for i in invs)
            if kind == "batch_fits_one":  # one other customer's open invoice is the total
                last = max(x.issued for x in invs)
                twin = self.pick(lambda i: i.cust.root not in {x.cust.root for x in invs} and not i.paid
                                 and i.issued <= last, (*homes, "biz"))  # fmt: skip
                twin.set_total(amount, r.choice(["Irrigation repair", "Landscape enhancement", "Drainage work"]))
                note += f"; {twin.cust.root.name} owes the total"
                self.twins[id(twin)] = twin
            elif kind == "batch_fits_sum":  # two of one other customer's open invoices make the total
                last = max(x.issued for x in invs)
                a = self.pick(lambda i: i.cust.root not in {x.cust.root for x in invs} and not i.paid and i.due < amount
                              and i.issued <= last and len([j for j in self.free(self.open(i.cust, family=True))
                                                            if j.issued <= last]) >= 2, (*homes, "biz"))  # fmt: skip
                b = r.choice([i for i in self.free(self.open(a.cust, family=True)) if i is not a and i.issued <= last])
                b.used = True
                b.set_total(amount - a.due, "Landscape enhancement")
                note += f"; {a.cust.root.name}'s two invoices make the total"
                self.twins.update({id(a): a, id(b): b})
            if kind == "p2p_cashout":
                cr = Credit(kind, amount, self.day(invs, 12), "p2p", bank=self.bank_for("ach"), sec="PPD")
                cr.payer, cr.descr = r.choice([("VENMO", "CASHOUT"), ("CASH APP", "CASH OUT"), ("PAYPAL", "TRANSFER")])
                cr.note = note.replace("checks of", "paid through " + cr.payer.title() + ":")
            else:
                cr = self.deposit(kind, amount, self.day(invs, 12), cash=kind == "cash_invoice")
                cr.note = note if kind != "cash_invoice" else note.replace("checks", "cash")
            self.add(cr, [tuple(invs)])
        elif kind in ("check_single", "check_single_amb"):

            def amount_ok(i: Inv) -> bool:
                return kind == "check_single_amb" or sum(j.due == i.due for j in self.all_open()) == 1

            inv = self.pick(lambda i: amount_ok(i) and not i.paid)
            truth, note = [(inv,)], ""
            if kind == "check_single_amb":
                twin = self.pick(lambda i: i.cust.root is not inv.cust.root and not i.paid and i.issued <= inv.issued)
                twin.set_total(inv.due, r.choice(["Irrigation repair", "Shrub pruning", "Leaf removal"]))
                self.twins[id(twin)] = twin
                note = f"{twin.cust.root.name} owes the same"
                truth = [(inv,), (twin,)]
            cr = self.deposit(kind, inv.due, self.day([inv], 12), single=True)
            cr.note = f"check of {inv.cust.root.name}" + (f"; {note}" if note else "")
            self.add(cr, truth)
        elif kind == "card_one_sale":
            inv = self.pick(lambda i: i.due > 150)
            name, descr, pct, fixed = r.choice([("SQUARE INC", "SQ@", "0.026", "0.15"),
                                                ("STRIPE", "TRANSFER", "0.029", "0.30"),
                                                ("INTUIT PYMT SOLN", "DEPOSIT", "0.0299", "0.25")])  # fmt: skip
            fee = (inv.due * Decimal(pct) + Decimal(fixed)).quantize(C, ROUND_HALF_UP)
            cr = Credit(
                kind,
                inv.due - fee,
                self.day([inv], 6),
                "card",
                payer=name,
                descr=descr,
                bank=self.bank_for("ach"),
                note=f"{inv.cust.root.name}'s card, {inv.due} less fee {fee}",
            )
            self.add(cr, [(inv,)])
        elif kind == "card_batch":
            name, descr, oid = r.choice([("SQUARE INC", "SQ@", "9424300002"), ("STRIPE", "TRANSFER", "1800948598"),
                                         ("BANKCARD-8076", "MTOT DEP", "1841010148"),
                                         ("INTUIT PYMT SOLN", "DEPOSIT", "1770329950")])  # fmt: skip
            amount = Decimal(r.randrange(18000, 420000)) / 100
            tempting = r.random() < 0.35
            if tempting:
                amount = r.choice(self.all_open()).due
            cr = Credit(kind, amount, self.weekday(START + timedelta(r.randrange(0, 29))), "card", payer=name,
                        descr=descr, oid=oid, bank=self.bank_for("ach"),
                        note="card sales net of fees" + (" (an open invoice's amount)" * tempting))  # fmt: skip
            self.add(cr, None)
        elif kind == "cash_sales":
            amount = Decimal(r.randrange(40, 900)) if r.random() < 0.6 else r.choice(self.all_open()).due
            cr = self.deposit(kind, amount, self.weekday(START + timedelta(r.randrange(0, 29))), cash=True)
            cr.note = "cash from walk-up sales (pine straw by the bale) and a crew's petty cash"
            self.add(cr, None)
        elif kind == "noncustomer":
            self.noncustomer()
        else:
            raise ValueError(kind)

    def trap(self, kind: str) -> None:
        r = self.r
        if kind == "zelle_namesake":  # "CHRIS SMITH" is two customers, and both owe the amount
            a, b = r.sample(r.choice(self.namesakes), 2)
            inv = self.pick(lambda i: i.cust is a and not i.paid, ("home",))
            twin = self.pick(lambda i: i.cust is b and not i.paid and i.issued <= inv.issued, ("home",))
            twin.set_total(inv.due, "Shrub pruning")
            self.twins[id(twin)] = twin
            cr = self.zelle_credit(kind, inv.due, [inv], a.zelle, self.plain_memo(), note=f"{a.name} pays; {b.name} "
                                   "owes the same amount")  # fmt: skip
            self.add(cr, self.sets(self.open(a) + self.open(b), inv.due))
        elif kind == "zelle_lookalike":  # no customer; the surname is a business customer's name, which owes it too
            biz = self.lookalike
            inv = self.pick(lambda i: i.due % 5 == 0 and not i.cust.root.tag, self.homes())
            twin = self.pick(lambda i: i.cust is biz and not i.paid and i.issued <= inv.issued, ("biz",))
            twin.set_total(inv.due, "Irrigation repair")
            self.twins[id(twin)] = twin
            who = f"{r.choice(FIRST_F.split() + FIRST_M.split())} {biz.name.split()[0]}".upper()
            note = f"pays for {inv.cust.root.name}; {biz.name} owes the same amount"
            self.add(self.zelle_credit(kind, inv.due, [inv], who, self.plain_memo(), note=note), [(inv,)])
        elif kind == "ach_cut_amb":  # two customers' ACH names are the same 16 characters; both owe the amount
            a, b = r.sample(self.cut, 2)
            inv = self.pick(lambda i: i.cust is a, ("biz",))
            twin = self.pick(lambda i: i.cust is b and not i.paid and i.issued <= inv.issued, ("biz",))
            twin.set_total(inv.due, "Seasonal color install")
            self.twins[id(twin)] = twin
            note = f"{a.name} pays; {b.name} (the same ACH name) owes the same"
            self.add(self.ach_credit(kind, inv.due, [inv], a.ach, a.oid, ind=a.vendor, note=note), [(inv,), (twin,)])
        elif kind == "ach_cut_one":  # the same, but only one of them has invoices that make the amount
            pool = [i for c in self.cut for i in self.open(c)]

            def alone(i: Inv) -> bool:
                ways = self.clear(pool, i.due, key=lambda j: (j.cust.name, j.due))
                return ways is not None and all(j.cust is i.cust for s in ways for j in s)

            inv = self.pick(alone, ("biz",))
            truth = self.clear(pool, inv.due, key=lambda j: (j.cust.name, j.due))
            note = f"{inv.cust.name} pays; {'/'.join(c.name for c in self.cut)} share the ACH name"
            self.add(self.ach_credit(kind, inv.due, [inv], inv.cust.ach, inv.cust.oid, note=note), truth)
        elif kind == "zelle_other_cust":  # a customer pays another customer's invoice (a parent's, a neighbour's)
            inv = self.pick(lambda i: not i.cust.root.tag and sum(j.due == i.due for j in self.all_open()) == 1,
                            self.homes())  # fmt: skip
            payers = [c for c in self.custs if c.group == "home" and not c.tag and c is not inv.cust.root
                      and not self.sets(self.open(c, family=True), inv.due)]  # fmt: skip
            x = r.choice(payers)
            note = f"{x.name} (a customer) pays {inv.cust.root.name}'s invoice"
            self.add(self.zelle_credit(kind, inv.due, [inv], x.zelle, self.plain_memo(), note=note), [(inv,)])

    def manager_payment(self, kind: str) -> None:
        r = self.r
        m = r.randrange(len(MANAGERS))
        props = [c for c in self.custs if c.group == "prop" and c.manager == m]
        linked = [c for c in props if c.linked]
        invs_l = [i for c in linked for i in self.open(c)]
        name = ach16(MANAGERS[m][0])
        oid = f"1{sum(map(ord, name)) * 7919 % 10**9:09d}"
        if kind == "pm_amb":  # two or more linked properties owe the same amount: the manager pays one, no detail
            fees = Counter(i.due for i in self.free(invs_l))
            same = [
                a for a, n in fees.items() if n >= 2 and len({i.cust for i in self.free(invs_l) if i.due == a}) >= 2
            ]
            if not same:
                raise NoInvoice
            amount = r.choice(same)
            inv = r.choice([i for i in self.free(invs_l) if i.due == amount])
            inv.used = True
            truth = [s for s in self.sets(invs_l, amount) if len(s) == 1]
            note = f"{len(truth)} properties of {MANAGERS[m][0]} owe {amount}; {inv.cust.name}'s is paid"
            self.add(self.ach_credit(kind, amount, [inv], name, oid, note=note), truth)
            return
        if kind == "pm_unlinked":
            unl = [c for c in props if not c.linked]
            inv = self.pick(lambda i: i.cust in unl and not self.sets(invs_l, i.due), ("prop",)) if unl else None
            if inv is None:
                raise NoInvoice
            note = f"{inv.cust.name}: the ledger does not show {MANAGERS[m][0]} manages it"
            self.add(self.ach_credit(kind, inv.due, [inv], name, oid, note=note), [(inv,)])
            return
        if kind == "pm_own_acct":
            inv = self.pick(lambda i: True, ("prop",))
            c = inv.cust
            truth = self.clear(self.open(c), inv.due)
            if truth is None:
                raise NoInvoice
            descr = r.choice(["VENDOR PAY", "APPFOLIO", "PAYABLES"])
            note = "the property's own account"
            self.add(self.ach_credit(kind, inv.due, [inv], c.ach, c.oid, descr=descr, note=note), truth)
            return
        n = {"pm_ref": r.choice([2, 3, 4]), "pm_property": r.choice([1, 1, 2]), "pm_noref": r.choice([1, 2])}[kind]
        pool = self.free(invs_l)
        if len({i.cust for i in pool}) < n:
            raise NoInvoice
        chosen: list[Inv] = []
        for c in r.sample(sorted({i.cust for i in pool}, key=lambda c: c.name), n):
            chosen.append(r.choice([i for i in pool if i.cust is c]))
        if kind == "pm_property":
            chosen = chosen[:1] + [i for i in pool if i.cust is chosen[0].cust and i is not chosen[0]][: n - 1]
        amount = sum((i.due for i in chosen), ZERO)
        memo, note = "", ""
        if kind == "pm_ref":
            truth: list[tuple[Inv, ...]] | None = [tuple(chosen)]
            memo = "@" + " ".join(f"{id(i)}" for i in chosen)
            self.ref_invs.update({id(i): i for i in chosen})
        elif kind == "pm_property":
            c = chosen[0].cust
            truth = self.clear(self.open(c), amount)
            memo = r.choice([short(c.name), f"{short(c.name)} GROUNDS", f"{short(c.name)} LANDSCAPE"])
            note = f"addenda names {c.name}"
        else:
            truth = self.clear(invs_l, amount, key=lambda i: (i.cust.name, i.due))
            note = "one set of the linked properties' open invoices makes the amount"
        if truth is None:
            raise NoInvoice
        for i in chosen:
            i.used = True
        self.add(self.ach_credit(kind, amount, chosen, name, oid, memo=memo, note=note), truth)

    def nsf_credits(self) -> None:
        r = self.r
        for k, (inv, fee, bounced) in enumerate(self.nsf):
            c = inv.cust
            others: list[Inv] = []
            if k == 2:  # the returned check was one of a branch deposit's checks
                try:
                    ok = lambda i, c=c, day=bounced.day: i.cust.root is not c.root and i.due < 3000 and i.issued < day  # noqa: E731
                    others = [self.pick(ok) for _ in range(2)]
                except NoInvoice:
                    others = []
                bounced.channel = "branch"
                bounced.note = f"branch deposit of {c.root.name}'s check {inv.due} (returned) and " + ", ".join(
                    f"{i.cust.root.name} {i.due}" for i in others)  # fmt: skip
            else:
                bounced.channel = r.choice(["mobile", "mobile", "branch"])
                bounced.note = f"{c.root.name}'s check, returned NSF later"
            bounced.amount = inv.due + sum((i.due for i in others), ZERO)
            bounced.bank = self.primary
            self.add(bounced, [(inv, *others)])
            with_fee = r.random() < 0.5
            amount = inv.due + (fee.due if with_fee else ZERO)
            truth = self.clear(self.open(c, family=True), amount)
            day = self.day([fee], 8)
            note = f"pays again after the return ({'with' if with_fee else 'without'} the $35 fee)"
            if truth is None:
                self.skipped["nsf_repay"] += 1
                continue
            if c.group == "biz":
                cr = self.ach_credit("nsf_repay", amount, [inv], c.ach, c.oid, day=day, note=note)
            else:
                cr = self.zelle_credit("nsf_repay", amount, [inv], c.root.zelle, "", day=day, note=note)
            self.add(cr, truth)

    def noncustomer(self) -> None:
        r = self.r
        what = r.choice(["interest", "savings", "owner", "loc", "siteone", "insurance", "irs", "homedepot", "wex",
                         "savings", "siteone"])  # fmt: skip
        amount = Decimal(r.randrange(4000, 650000)) / 100
        if r.random() < 0.4:
            amount = r.choice(self.all_open()).due
        amount = {"interest": Decimal(r.randrange(40, 2500)) / 100, "loc": Decimal(r.choice([10000, 15000, 25000])),
                  "owner": Decimal(r.choice([2500, 5000, 10000]))}.get(what, amount)  # fmt: skip
        day = END if what == "interest" else self.weekday(START + timedelta(r.randrange(0, 29)))
        cr = Credit("noncustomer", amount, day, what, bank=self.bank_for(what), note=what)
        if what in ("siteone", "insurance", "irs", "wex"):
            cr.channel = "ach"
            cr.payer, cr.descr, cr.oid = {"siteone": ("SITEONE LANDSCAP", "REFUND", "1461234567"),
                                         "insurance": ("ERIE INSURANCE", "CLAIM PMT", "1250411234"),
                                         "irs": ("IRS TREAS 310", "TAX REF", "3101036151"),
                                         "wex": ("WEX INC", "REBATE", "1010442871")}[what]  # fmt: skip
            cr.ind = self.digits(9)
            if what == "siteone":
                cr.memo = f"CREDIT MEMO {r.randrange(1001, 1400)}"  # its own credit memo number, in our range
        self.add(cr, None)

    def debits(self) -> None:
        r = self.r
        for k in range(30):
            day = self.weekday(START + timedelta(r.randrange(0, 29)))
            what = ["check", "check", "check", "gusto", "siteone", "wex", "hd", "loan", "transfer", "amex"][k % 10]
            amount = -Decimal(r.randrange(2500, 900000)) / 100
            cr = Credit("debit", amount, day, what, bank=self.primary if r.random() < 0.75 else "truist")
            if what in ACH_DEBITS:
                cr.channel = "ach"
                cr.payer, cr.descr, cr.oid, cr.sec = ACH_DEBITS[what]
                cr.ind = {"gusto": f"8V2K{self.digits(7)}", "wex": self.digits(8), "amex": f"W{self.digits(9)}"}[what]
            if what == "check":
                self.checkno += r.randrange(1, 4)
                cr.slip = cr.checknum = str(self.checkno)
                cr.note = f"our check {self.checkno}"
            self.credits.append(cr)

    def build(self) -> World:
        self.addr_decoys: dict[int, Inv] = {}
        self.addressed: set[Cust] = set()
        self.ref_invs: dict[int, Inv] = {}
        self.twins: dict[int, Inv] = {}
        self.customers()
        self.invoices()
        self.plan_nsf()
        plan = [k for k, (n, _) in KINDS.items() for _ in range(n) if not k.startswith("nsf_")]
        self.r.shuffle(plan)
        plan.sort(key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
        for kind in plan:
            for _ in range(100):
                used = [i for i in self.invs if i.used]
                addresses, addressed = [(c, c.address) for c in self.custs], set(self.addressed)
                try:
                    self.make(kind)
                    break
                except NoInvoice:  # undo what the attempt took
                    for i in self.invs:
                        i.used = False
                    for i in used:
                        i.used = True
                    for c, a in addresses:
                        c.address = a
                    self.addressed = addressed
            else:
                self.skipped[kind] += 1
        self.nsf_credits()
        self.debits()
        self.number()
        self.resolve()
        return self

    def resolve(self) -> None:
        """Writes the invoice numbers into memos, IND IDs and addresses; then checks each clerk truth again."""
        for c in self.custs:
            if c.address.startswith("@"):
                key, rest = c.address[1:].split(" ", 1)
                c.address = f"{self.addr_decoys[int(key)].number} {rest}"
        for cr in self.credits:
            if cr.memo == "@addr":
                c = cr.addr_of  # type: ignore[attr-defined]
                num, street = c.address.split(" ", 1)
                bare = street.rsplit(" ", 1)[0]
                cr.memo = self.r.choice([f"{num} {street}", f"{num} {bare}", f"lawn {num} {bare.lower()}",
                                         f"for {num} {street}"])  # fmt: skip
                other = self.by_number.get(num)
                if other is not None and other.due > 0:
                    cr.note += f"; house number {num} is also {other.cust.root.name}'s invoice, open {other.due}"
            elif cr.memo.startswith("@") and cr.channel == "zelle":
                cr.memo = self.spell(self.ref_invs[int(cr.memo[1:])].number)
            elif cr.memo.startswith("@"):
                nums = [self.ref_invs[int(x)].number for x in cr.memo[1:].split()]
                cr.memo = self.r.choice([f"INV {' '.join(nums)}", f"INV# {','.join(nums)}", ", ".join(nums),
                                         " ".join(f"INV{n}" for n in nums)])  # fmt: skip
                if len(nums) == 1 and cr.kind == "ach_ref" and self.r.random() < 0.4:
                    cr.ind, cr.memo = self.r.choice(["{}", "INV{}", "0000{}"]).format(nums[0]), ""
            if cr.ind.startswith("@pay"):
                n = self.ref_invs[int(cr.ind[4:])].number
                cr.ind = self.r.choice([f"{n}", f"000000{n}", f"0000{n}"])
                cr.note += f" ({n})"
        for cr in self.credits:  # a payment pays nothing issued after it
            if cr.truth_invs and len(cr.truth_invs) > 1:
                before = [t for t in cr.truth_invs if all(i.issued < cr.day for i in t)]
                cr.truth_invs = before or cr.truth_invs
            for t in cr.truth_invs or []:
                total = sum((i.due for i in t), ZERO)
                if any(i.due <= 0 for i in t) or (
                    total != cr.amount and cr.kind not in ("zelle_tip", "zelle_partial", "card_one_sale")
                ):
                    print(f"GENERATOR: {cr.kind} {cr.amount} on {cr.day}: truth {[i.number for i in t]} makes {total}")
                if cr.kind in CLERK and any(i.issued >= cr.day for i in t):
                    print(f"GENERATOR: {cr.kind} {cr.amount} on {cr.day} pays {[i.number for i in t]}, issued later")
            if cr.kind in CLERK and cr.kind in ("zelle_name", "zelle_multi", "ach_name", "pm_own_acct"):
                c = cr.truth_invs[0][0].cust if cr.truth_invs else None
                if c is not None and self.clear(self.open(c, family=True), cr.amount) is None:
                    print(f"GENERATOR: {cr.kind} {cr.amount} of {c.name} is no longer clear")


# ---------------------------------------------------------------------- bank text
def conf(r: random.Random, prefix: str, n: int = 8) -> str:
    return prefix + "".join(r.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def render(w: World, cr: Credit) -> None:
    """The description (and Type / TRNTYPE, slip, check number, OFX NAME) as ``cr.bank`` writes the line."""
    r, b, d = w.r, cr.bank, cr.day
    y6, md = f"{d:%y%m%d}", f"{d:%m/%d}"
    ch = cr.channel
    cr.ctype = "CREDIT" if b == "truist" else ""
    if ch in ("branch", "mobile", "atm", "atm_cash"):
        cash = ch == "atm_cash"
        seq = str(r.randrange(1001, 1400)) if r.random() < 0.5 else w.digits(4)  # an ATM's sequence number
        if b == "chase":
            if ch == "branch":
                w.slip += 1
                cr.text, cr.ctype, cr.slip = f"DEPOSIT  ID NUMBER {r.randrange(100000, 999999)}", "DEPOSIT", str(w.slip)
            elif ch == "mobile":
                n = r.choice([1, 1, 2, 3])
                cr.text, cr.ctype, cr.slip = f"REMOTE ONLINE DEPOSIT #          {n}", "CHECK_DEPOSIT", str(n)
            else:
                what = "CASH" if cash else "CHECK"
                cr.text, cr.ctype = f"ATM {what} DEPOSIT {md} 4201 CAPITAL BLVD RALEIGH NC", "ATM_DEPOSIT"
        elif b == "bofa":
            mobile = f"BKOFAMERICA MOBILE {md} {w.digits(10)} DEPOSIT *MOBILE NC"
            cr.text = {"branch": "Counter Credit", "mobile": mobile}.get(
                ch, f"BKOFAMERICA ATM {md} #00000{seq} DEPOSIT CAPITAL BLVD RALEIGH NC")  # fmt: skip
        elif b == "wf":
            at = f"{r.randrange(8, 12):02d}:{r.randrange(10, 59)}:{r.randrange(10, 59)} AM"
            cr.text = {"branch": "DEPOSIT", "mobile": f"MOBILE DEPOSIT : REF NUMBER :{w.digits(12)}"}.get(
                ch, f"EDEPOSIT IN BRANCH/STORE {d:%m/%d/%y} {at} 8311 CREEDMOOR RD RALEIGH NC {seq}")  # fmt: skip
        else:
            cr.ctype = "DEP"
            cr.ofx_name = {"branch": "DEPOSIT", "mobile": "MOBILE DEPOSIT"}.get(ch, "ATM DEPOSIT")
            cr.text = {"branch": "", "mobile": f"MOBILE DEPOSIT REF {w.digits(9)}"}.get(
                ch, f"ATM DEPOSIT {d:%m%d} 6300 FALLS OF NEUSE RD RALEIGH NC #{seq}")  # fmt: skip
        return
    if ch == "zelle":
        who, memo = cr.payer, cr.memo
        if b == "chase":  # Chase prints no memo
            cr.text, cr.ctype = f"Zelle Payment From {who.title()} {conf(r, r.choice(['BAC', 'WFCT', 'JPM']))}", (
                "QUICKPAY_CREDIT")  # fmt: skip
        elif b == "bofa":
            c = conf(r, "", 9).lower()
            cr.text = (
                f'Zelle payment from {who} for "{memo}"; Conf# {c}' if memo else f"Zelle payment from {who} Conf# {c}"
            )
        elif b == "wf":
            cr.text = f"ZELLE FROM {who} ON {md} REF # {conf(r, 'PP0', 7)}" + (f" {memo.upper()}" if memo else "")
        else:
            cr.ofx_name = f"ZELLE FROM {who}"[:32].rstrip()
            cr.text = f"ZELLE FROM {who} ON {md} REF {conf(r, 'TRU', 9)}" + (f" {memo}" if memo else "")
        return
    if ch in ("ach", "p2p", "card"):
        name, descr = cr.payer, cr.descr.replace("SQ@", f"SQ{y6}")
        ind = cr.ind or (f"T{conf(r, '', 11)}" if name == "SQUARE INC" else f"ST-{conf(r, '', 12)}" if name == "STRIPE"
                         else w.digits(10))  # fmt: skip
        oid = cr.oid or {"VENMO": "5264681992", "CASH APP": "9999999999", "PAYPAL": "PAYPALSD11",
                         "SQUARE INC": "9424300002", "STRIPE": "1800948598",
                         "INTUIT PYMT SOLN": "1770329950"}.get(name, f"1{w.digits(9)}")  # fmt: skip
        sec = cr.sec if ch != "p2p" else "PPD"
        add = cr.memo
        if b == "chase":
            cr.text = (f"ORIG CO NAME:{name:<16} ORIG ID:{oid} DESC DATE:{y6} CO ENTRY DESCR:{descr:<10} SEC:{sec}    "
                       f"TRACE#:{w.digits(15)} EED:{y6}   IND ID:{ind:<15} IND NAME:{IND_NAME}"
                       + (f" PMT INFO:{add}" if add else "") + f" TRN: {w.digits(10)}TC")  # fmt: skip
            cr.ctype = "ACH_CREDIT" if cr.amount > 0 else "ACH_DEBIT"
        elif b == "bofa":
            cr.text = f"{name} DES:{descr} ID:{ind} INDN:{IND_NAME} CO ID:{oid} {sec}" + (
                f" PMT INFO:{add}" if add else ""
            )
        elif b == "wf":
            cr.text = f"{name} {descr} {y6} {ind} BLUESTEM LANDSCAPE" + (f" {add}" if add else "")
        else:
            cr.ofx_name = name
            cr.text = f"{name} {descr} {ind} {IND_NAME}" + (f" {add}" if add else "")
            cr.ctype = "DIRECTDEP" if ch != "card" else "CREDIT"
            cr.ctype = cr.ctype if cr.amount > 0 else "DIRECTDEBIT"
        return
    # the bank's own lines and non-customer credits
    texts = {
        "interest": {
            "chase": ("INTEREST PAYMENT", "MISC_CREDIT"),
            "bofa": ("Interest Earned", ""),
            "wf": ("INTEREST PAYMENT", ""),
            "truist": ("INTEREST PAID", "INT"),
        },
        "savings": {
            "chase": (f"Online Transfer from SAV ...4821 transaction#: {w.digits(11)}", "ACCT_XFER"),
            "bofa": (f"Online Banking transfer from SAV 4821 Confirmation# {w.digits(10)}", ""),
            "wf": (
                (
                    f"ONLINE TRANSFER FROM BLUESTEM LANDSCAPE & IRRIGATION LLC BUSINESS MARKET RATE SAVINGS "
                    f"XXXXXX4821 REF #IB0{w.digits(7)} ON {d:%m/%d/%y}"
                ),
                "",
            ),
            "truist": ("TRANSFER FROM DDA 4821", "XFER"),
        },
        "owner": {
            "chase": (f"Online Transfer from CHK ...7730 transaction#: {w.digits(11)} OWNER CAPITAL", "ACCT_XFER"),
            "bofa": (f"Online Banking transfer from CHK 7730 Confirmation# {w.digits(10)}", ""),
            "wf": (f"ONLINE TRANSFER FROM BRENNAN D REF #IB0{w.digits(7)} EVERYDAY CHECKING ON {d:%m/%d/%y}", ""),
            "truist": ("TRANSFER FROM DDA 7730 D BRENNAN", "XFER"),
        },
        "loc": {
            "chase": ("LOAN PROCEEDS ACCT ...5512 LINE OF CREDIT", "LOAN"),
            "bofa": (f"BUSINESS ADVANTAGE LOC DES:LOAN ADV ID:{w.digits(10)} INDN:{IND_NAME} CO ID:900000001 CCD", ""),
            "wf": ("BUSINESSLINE ADVANCE FROM XXXXXX5512", ""),
            "truist": ("LOAN ADVANCE 5512", "XFER"),
        },
        "homedepot": {
            "chase": (f"THE HOME DEPOT #3641 {md} PURCHASE RETURN RALEIGH NC CARD 0457", "DEBIT_CARD"),
            "bofa": (f"THE HOME DEPOT 3641 {md} PURCHASE RETURN RALEIGH NC", ""),
            "wf": (f"PURCHASE RETURN AUTHORIZED ON {md} THE HOME DEPOT #3641 RALEIGH NC S{w.digits(15)} CARD 0457", ""),
            "truist": ("THE HOME DEPOT 3641 RETURN", "CREDIT"),
        },
        "check": {
            "chase": (f"CHECK {cr.checknum}", "CHECK_PAID"),
            "bofa": (f"Check {cr.checknum}", ""),
            "wf": (f"CHECK # {cr.checknum}", ""),
            "truist": (f"CHECK {cr.checknum}", "CHECK"),
        },
        "returned": {
            "chase": ("DEPOSITED ITEM RETURNED NSF", "MISC_DEBIT"),
            "bofa": ("RETURN OF POSTED CHECK / ITEM (RECEIVED ON " + f"{d:%m-%d})", ""),
            "wf": ("DEPOSITED ITEM RETURNED NSF", ""),
            "truist": ("RETURNED DEPOSIT ITEM", "DEBIT"),
        },
        "returned_fee": {
            "chase": ("RETURNED ITEM FEE", "FEE_TRANSACTION"),
            "bofa": ("RETURNED ITEM CHARGEBACK FEE", ""),
            "wf": ("RETURN ITEM FEE", ""),
            "truist": ("RETURN ITEM FEE", "FEE"),
        },
        "siteone": dict.fromkeys(PRIMARY_BANKS, (f"SITEONE LANDSCAPE SUPPLY {md} RALEIGH NC", "DEBIT_CARD")),
        "hd": dict.fromkeys(PRIMARY_BANKS, (f"THE HOME DEPOT #3641 {md} RALEIGH NC CARD 0457", "DEBIT_CARD")),
        "loan": dict.fromkeys(PRIMARY_BANKS, (f"LOAN PAYMENT ACCT ...5512 {md}", "LOAN_PMT")),
        "transfer": dict.fromkeys(PRIMARY_BANKS, (f"ONLINE TRANSFER TO SAV ...4821 {md}", "ACCT_XFER")),
    }
    text, ctype = texts[ch][b]
    cr.text = text
    cr.ofx_name = text[:32].rstrip()
    if b == "chase":
        cr.ctype = ctype or ("ACH_CREDIT" if cr.amount > 0 else "ACH_DEBIT")
    elif b == "truist":
        cr.ctype = ctype if ctype in ("INT", "XFER", "CHECK", "DEBIT", "FEE", "CREDIT") else (
            "CREDIT" if cr.amount > 0 else "DEBIT")  # fmt: skip


PRIMARY_BANKS = ("chase", "bofa", "wf", "truist")
ACH_DEBITS = {"gusto": ("GUSTO", "NET PAY", "9138864001", "CCD"), "wex": ("WEX INC", "FLEET PMT", "1010442871", "CCD"),
              "amex": ("AMERICAN EXPRESS", "ACH PMT", "1133133497", "CCD")}  # fmt: skip


# ---------------------------------------------------------------------- files
def write_ledger(w: World, out: Path) -> str:
    custs = sorted((c for c in w.custs if any(i.due > 0 for i in c.invs)), key=lambda c: w.ledger_name(c).lower())
    if w.qbo:
        rows: list[list[str]] = [["Open Invoices"], [FIRM], ["As of March 31, 2026"], [], QBO_HEAD]
        g_amt = g_open = ZERO
        for c in custs:
            invs = sorted((i for i in c.invs if i.due > 0), key=lambda i: (i.issued, int(i.number)))
            rows.append([w.ledger_name(c), "", "", "", "", "", "", ""])
            for i in invs:
                term = "Due on receipt" if i.terms == 0 else f"Net {i.terms}"
                rows.append(["", f"{i.issued:%m/%d/%Y}", "Invoice", i.number, term,
                             f"{i.issued + timedelta(i.terms):%m/%d/%Y}", usd(i.total), usd(i.due)])  # fmt: skip
            s_amt, s_open = sum((i.total for i in invs), ZERO), sum((i.due for i in invs), ZERO)
            rows += [[f"Total for {w.ledger_name(c)}", "", "", "", "", "", usd(s_amt, "$"), usd(s_open, "$")], []]
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows += [["TOTAL", "", "", "", "", "", usd(g_amt, "$"), usd(g_open, "$")], [], [],
                 ["Accrual Basis Wednesday, April 1, 2026 07:42 AM GMT-04:00"]]  # fmt: skip
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (out / "qbo-open-invoices.csv").write_text(buf.getvalue(), encoding="utf-8-sig")
        return "qbo-open-invoices.csv"
    with (out / "xero-invoices.csv").open("w", newline="", encoding="utf-8-sig") as fh:
        wr = csv.DictWriter(fh, XERO_COLUMNS, restval="")
        wr.writeheader()
        for c in custs:
            root = c.root  # a landlord's rentals are one Xero contact: the owner, at home; the rental in the line
            if c.group == "prop" and c.linked:
                po = [f"c/o {MANAGERS[c.manager][0]}", f"PO Box {w.r.randrange(10000, 99999)}", "Raleigh", "27619"]
            else:
                po = [root.address, "", *root.city]
            for i in sorted((i for i in c.invs if i.due > 0), key=lambda i: int(i.number)):
                amounts = i.amounts()
                for (desc, qty, unit, taxable), (amt, tax) in zip(i.lines, amounts):
                    if c.group in ("home", "job") and desc != "Returned check fee":
                        desc = f"{desc} - {c.address}"
                    wr.writerow({"ContactName": w.ledger_name(c), "EmailAddress": c.email or root.email,
                                 "POAddressLine1": po[0], "POAddressLine2": po[1], "POCity": po[2], "PORegion": "NC",
                                 "POPostalCode": po[3], "POCountry": "USA", "SAAddressLine1": root.address,
                                 "SACity": root.city[0], "SARegion": "NC", "SAPostalCode": root.city[1],
                                 "SACountry": "USA", "InvoiceNumber": i.number, "Reference": i.ref,
                                 "InvoiceDate": f"{i.issued:%m/%d/%Y}",
                                 "DueDate": f"{i.issued + timedelta(i.terms):%m/%d/%Y}", "Total": f"{i.total:.2f}",
                                 "TaxTotal": f"{sum(t for _, t in amounts):.2f}", "InvoiceAmountPaid": f"{i.paid:.2f}",
                                 "InvoiceAmountDue": f"{i.due:.2f}", "Description": desc, "Quantity": f"{qty:.4f}",
                                 "UnitAmount": f"{unit:.2f}", "LineAmount": f"{amt:.2f}",
                                 "AccountCode": "4010" if not taxable else "4020",
                                 "TaxType": "Wake County (7.25%)" if taxable else "Tax Exempt",
                                 "TaxAmount": f"{tax:.2f}",
                                 "Currency": "USD", "Type": "Sales invoice", "Sent": "Sent",
                                 "Status": "Awaiting Payment"})  # fmt: skip
    return "xero-invoices.csv"


def write_banks(w: World, out: Path) -> list[str]:
    for cr in w.credits:
        cr.bank = cr.bank or w.primary
    mine = {b: sorted((c for c in w.credits if c.bank == b), key=lambda c: (c.day, c.amount < 0, c.amount))
            for b in (w.primary, "truist")}  # fmt: skip
    for crs in mine.values():
        for cr in crs:
            render(w, cr)
    opening = Decimal("48213.77")
    rows = mine[w.primary]
    bals, bal = [], opening
    for cr in rows:
        bal += cr.amount
        bals.append(bal)
    path = out / w.primary_file
    for cr in rows:
        cr.file = w.primary_file
    if w.primary == "chase":  # newest first, a trailing empty column
        with path.open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(CHASE_HEAD)
            for k, (cr, b) in enumerate(zip(reversed(rows), reversed(bals))):
                cr.line = k + 2
                details = ("DSLIP" if cr.ctype in ("DEPOSIT", "CHECK_DEPOSIT") else "CHECK" if cr.ctype == "CHECK_PAID"
                           else "CREDIT" if cr.amount > 0 else "DEBIT")  # fmt: skip
                wr.writerow([details, f"{cr.day:%m/%d/%Y}", cr.text, f"{cr.amount:.2f}", cr.ctype, f"{b:.2f}", cr.slip,
                             ""])  # fmt: skip
    elif w.primary == "bofa":  # the summary, a blank line, the table with its "Beginning balance" row
        credits = sum((c.amount for c in rows if c.amount > 0), ZERO)
        first = f"Beginning balance as of {date(2026, 3, 1):%m/%d/%Y}"
        with path.open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, lineterminator="\r\n")
            wr.writerows([["Description", "", "Summary Amt."], [first, "", usd(opening)],
                          ["Total credits", "", usd(credits)], ["Total debits", "", usd(bal - opening - credits)],
                          [f"Ending balance as of {END:%m/%d/%Y}", "", usd(bal)], [],
                          ["Date", "Description", "Amount", "Running Bal."],
                          [f"{date(2026, 3, 1):%m/%d/%Y}", first, "", usd(opening)]])  # fmt: skip
            for k, (cr, b) in enumerate(zip(rows, bals)):
                cr.line = k + 9
                wr.writerow([f"{cr.day:%m/%d/%Y}", cr.text, usd(cr.amount), usd(b)])
    else:  # Wells Fargo: no header, five quoted columns, newest first
        with path.open("w", newline="", encoding="utf-8") as fh:
            wr = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
            for k, cr in enumerate(reversed(rows)):
                cr.line = k + 1
                wr.writerow([f"{cr.day:%m/%d/%Y}", f"{cr.amount:.2f}", "*", cr.slip if cr.channel == "check" else "",
                             cr.text])  # fmt: skip
    sgml = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
    lines = OFX_HEAD.splitlines()
    for k, cr in enumerate(mine["truist"]):
        cr.file, cr.line = "truist.qfx", len(lines) + 1
        lines += ["<STMTTRN>", f"<TRNTYPE>{cr.ctype}", f"<DTPOSTED>{cr.day:%Y%m%d}050000.000[-5:EST]",
                  f"<TRNAMT>{cr.amount:.2f}", f"<FITID>{cr.day:%Y%m%d}{k + 1:04d}{w.digits(6)}"]  # fmt: skip
        lines += [f"<CHECKNUM>{cr.checknum}"] if cr.checknum else []
        lines += [f"<NAME>{sgml(cr.ofx_name)}"] + ([f"<MEMO>{sgml(cr.text)}"] if cr.text else []) + ["</STMTTRN>"]
    closing = Decimal("21904.12") + sum((c.amount for c in mine["truist"]), ZERO)
    lines += ["</BANKTRANLIST>", f"<LEDGERBAL><BALAMT>{closing:.2f}<DTASOF>20260331050000.000[-5:EST]</LEDGERBAL>",
              "</STMTRS></STMTTRNRS></BANKMSGSRSV1>", "</OFX>"]  # fmt: skip
    (out / "truist.qfx").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return [w.primary_file, "truist.qfx"]


def check_parse(w: World, out: Path, files: list[str]) -> list[str]:
    """Every line written is read once, with its amount and date."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in w.credits:
        t = by.pop((cr.file, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(f"{cr.file}:{cr.line} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


# ---------------------------------------------------------------------- scoring
def score(w: World, doc: dict[str, Any], show: str) -> Table:
    got = matches_by(doc, file_line)
    every = {k: list(v) for k, v in got.items()}
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}

    def about(n: str) -> str:
        i = w.by_number.get(n)
        if i is None:
            return f"{n}: not in the ledger"
        return f"{n}: {w.ledger_name(i.cust)}, dated {i.issued}, {i.lines[0][0]!r}, open {i.due}"

    def header(key: tuple[str, int], cr: Credit) -> str:
        extra = f" slip/check#={cr.slip}" if cr.slip else ""
        extra += f" OFX NAME={cr.ofx_name!r}" if cr.file.endswith(".qfx") else ""
        return f"{key[0]}:{key[1]} {cr.day} USD {cr.amount} {cr.text!r}{extra}\n    note: {cr.note}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        truth = {n for s in cr.truth or [] for n in s}
        for n in sorted(truth):
            print(f"    truth  {about(n)}")
        for n in picked:
            if n not in truth:
                print(f"    picked {about(n)}")

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        verdicts[key] = (cr, v)

    credits = [((cr.file, cr.line), cr) for cr in sorted(w.credits, key=lambda x: (x.file, x.line))]
    table = score_credits(credits, got, show, header, review=REVIEW, judged=judged, ledger=ledger, applied=True)
    failed = amounts(w, every, verdicts, table, header, ledger)
    print("\nchecks of applied amounts on autos judged right by their invoices:", dict(failed) or "none failed")
    misses(verdicts)
    lucky = Counter(cr.kind for cr, v in verdicts.values() if cr.kind in REVIEW and v.decision == "auto"
                    and v.picked in (cr.truth or []))  # fmt: skip
    if lucky:
        print("review-kind autos on one of the acceptable invoice sets (wrong all the same: nothing on the line says "
              "so):", dict(lucky))  # fmt: skip
    return table


def misses(verdicts: dict[tuple[str, int], tuple[Credit, Verdict]]) -> None:
    """Payable credits not auto, per kind: whether the truth had one answer or several invoices of the same
    amount of one payer (a clerk takes the oldest), and what arsync did instead."""
    cols = ["missed", "one answer", "same-amount", "suggest ok", "suggest wrong", "unmatched"]
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for cr, v in verdicts.values():
        if v.payable and v.decision != "auto":
            t = tally[cr.kind]
            t["missed"] += 1
            t["same-amount" if len(cr.truth or []) > 1 else "one answer"] += 1
            t[v.outcome] += 1
    print("\npayable credits left to a person, per kind (same-amount: several equal invoices of the payer, a clerk "
          "takes the oldest)")  # fmt: skip
    print(f"{'kind':<16}" + "".join(f"{c:>14}" for c in cols))
    for kind in sorted(tally):
        print(f"{kind:<16}" + "".join(f"{tally[kind][c]:>14}" for c in cols))


def amounts(
    w: World,
    every: dict[tuple[str, int], list[Match]],
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]],
    table: Table,
    header: Any,
    ledger: Any,
) -> Counter[str]:
    """An auto applying more than an invoice's open amount or than the payment, or (over all lines) more than an
    invoice's open amount, moves from 'auto ok' to 'AUTO WRONG' (over all lines: the later lines judged right)."""
    failed: Counter[str] = Counter()
    total: dict[str, list[tuple[tuple[str, int], Decimal]]] = defaultdict(list)

    def wrong(key: tuple[str, int], cr: Credit, v: Verdict, why: list[str]) -> None:
        failed[cr.kind] += 1
        if v.outcome == "auto ok":
            table[cr.kind]["auto ok"] -= 1
            table[cr.kind]["AUTO WRONG"] += 1
            v.outcome = "AUTO WRONG"
        print(f"\n[{cr.kind}] {header(key, cr)}\n    AUTO WRONG by amount: {'; '.join(why)}")
        ledger(cr, v.picked)
        for m in every.get(key, []):
            if m.get("decision") == "auto":
                print(f"    auto {label(m)} applied={[i['applied'] for i in m['invoices']]} unapplied="
                      f"{m.get('unapplied')} write_off={m.get('write_off')}\n      reasons: {reasons(m)}")  # fmt: skip

    for key, (cr, v) in sorted(verdicts.items(), key=lambda kv: (kv[1][0].day, kv[0])):
        autos = [m for m in every.get(key, []) if m.get("decision") == "auto"]
        why = []
        for m in autos:
            for i in m.get("invoices", []):
                inv, applied = w.by_number.get(i["number"]), Decimal(i["applied"])
                total[i["number"]].append((key, applied))
                if inv is not None and applied > inv.due:
                    why.append(f"applies {applied} to {inv.number}, open {inv.due}")
                if inv is not None and sum(a for _, a in total[i["number"]]) > inv.due and len(total[i["number"]]) > 1:
                    lines = ", ".join(f"{f}:{n}" for (f, n), _ in total[i["number"]])
                    why.append(f"{inv.number} (open {inv.due}) is applied by autos on {lines}")
            if sum((Decimal(i["applied"]) for i in m.get("invoices", [])), ZERO) > cr.amount:
                why.append("applies more than the payment")
        if why and v.outcome == "auto ok":
            wrong(key, cr, v, why)
        elif why:
            print(f"\n[{cr.kind}] {key[0]}:{key[1]} {cr.amount}, already {v.outcome}, also: {'; '.join(why)}")
    return failed


def main() -> int:
    args = arguments(__doc__)
    w = World(args.seed).build()
    with workdir(args.keep, "bench_batch_deposits_") as out:
        ledger = write_ledger(w, out)
        files = write_banks(w, out)
        (out / "arsync.yaml").write_text(f"version: 1\nreports:\n  company_name: {FIRM}\n", encoding="utf-8")
        n_in = sum(c.amount > 0 for c in w.credits)
        n_open = sum(i.due > 0 for i in w.invs)
        nums = [int(i.number) for i in w.invs if i.due > 0]
        print(f"seed {args.seed}: {len(w.custs)} customers, {n_open} open invoices ({min(nums)}-{max(nums)}) in "
              f"{ledger}; {n_in} credits + {len(w.credits) - n_in} debits in {' and '.join(files)}; files in "
              f"{out}")  # fmt: skip
        if w.skipped:
            print("kinds short of invoices:", dict(w.skipped))
        for problem in check_parse(w, out, files):
            print("PARSE:", problem)
        extra = ["--currency", "USD"] if w.qbo else []
        doc = match(out, *(x for f in files for x in ("--bank", f)), "--ledger", ledger, *extra, timed=True)
        if doc is not None:
            report(score(w, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
