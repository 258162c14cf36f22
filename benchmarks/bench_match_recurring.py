"""Cash application for a services / SaaS firm billing the same amount every month: Chase CSV, camt.053, Xero.

Run:  .venv/bin/python benchmarks/bench_match_recurring.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

The firm (Brightline Advisory LLC, New York, USD) bills ~270 customers a monthly retainer or subscription (in
advance on the 1st, or on the 1st for the month before), a few quarterly, and sells implementation work paid in
instalments. Most customers therefore have several open invoices of the same amount, and many customers share an
amount (1,500.00 is the usual retainer). Per seed it writes, with answers known only here: ``xero.csv``, Xero's
invoice export (Nov 2025 - Apr 2026, paid and open invoices, the period in each line's Description, blanket POs in
Reference, SLA credit notes as ``Sales credit note`` rows); ``chase.csv``, the operating account 2 Mar - 30 Apr 2026
(ACH credits with a 16-character originator name, the customer's vendor number for us in ``IND ID`` and its
remittance in ``PMT INFO``; Fedwire credits with ``OBI``; remote check deposits; interest, transfers, refunds,
debits); ``camt053-2026-03.xml`` and ``camt053-2026-04.xml``, camt.053.001.02 of a second account (wires with the
full name, ACH with the 16-character name, ``Ustrd`` text and some ``Strd`` invoice references with ``RmtdAmt``).
It runs ``arsync match --bank chase.csv --bank camt053-2026-03.xml --bank camt053-2026-04.xml --ledger xero.csv
--json`` and scores every credit by kind through ``matchscore``.

Truth is what an AR clerk does: the invoice or period the payment names (``MARCH RETAINER``, ``SVC 03/2026``, ``Q1
FEES``: the invoice whose Description names that period, whatever its date); unnamed, with several open invoices
of the amount, the oldest one (kinds in CONVENTION; a suggestion there is counted safe, and the autos that took
another invoice are counted apart); instalments on the invoice they name; net of the customer's open credit note
(an auto must carry that note); an annual prepayment closes what is open and leaves the excess unapplied (checked);
a prepayment of a customer with nothing open, and non-customer credits, pay no invoice. REVIEW kinds (a check
with no payer, an old price paid for a named new-price month, a payer name two customers share) need a person:
any auto there is wrong. Every auto is also checked to apply no more than each invoice's open amount.
``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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
    plain,
    reasons,
    report,
    run,
    score_credits,
    workdir,
)

ZERO = Decimal(0)
FIRM = "BRIGHTLINE ADVISORY LLC"
START, END = date(2026, 3, 2), date(2026, 4, 30)
ISSUES = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
QUARTERS = [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1)]
MONTHS = "January February March April May June July August September October November December".split()
CAMT = ("camt053-2026-03.xml", "camt053-2026-04.xml")
PLANS = ["1500.00"] * 7 + ["1650.00", "2500.00", "850.00", "1250.00", "3200.00", "995.00", "750.00", "2000.00"]
PLANS += ["495.00", "4200.00", "1500.00", "2500.00"]
RAISES = {"1500.00": ["1650.00", "1525.00"], "2500.00": ["2750.00"], "995.00": ["1045.00"], "495.00": ["499.00"]}
RAISES["850.00"] = ["865.00", "935.00"]
CLERK = """exact_ref name_only inv_named period_named bare_dated bare_sequence bare_oldest blanket_po multi_period
multi_inv multi_bare_oldest catch_up_all instalment instalment_noref credit_net_named credit_net_cnword credit_net_bare
price_new price_old_bare price_both price_underpaid prepay_over alike_named alike_bare""".split()
CONVENTION = {"bare_oldest", "blanket_po", "multi_bare_oldest", "credit_net_bare"}  # unnamed: the oldest, by habit
REVIEW = ("price_old_named", "alike_ambiguous", "check_bare")  # a person must decide: any auto is a guess
PLACES = """Northgate|Bayfront|Ridgeline|Cobalt|Juniper|Larkspur|Meridian|Halcyon|Ironwood|Copperleaf|Sagebrush|
Tidewater|Foxglove|Granite Peak|Beacon Hill|Aspen Grove|Redwood|Bluewater|Stonebridge|Millbrook|Crescent|Lantern|
Orchard|Sterling Falls|Windward|Quarry Lane|Oakmont|Birchwood|Silverline|Keystone|Fairhaven|Westbrook|Ashford|
Kingsley|Marigold|Cypress Point|Hollis|Pemberton|Calloway|Riverstone|Lakehurst|Brookfield|Whitmore|Everly|Thornton|
Alder|Kestrel|Osprey|Sequoia|Magnolia|Palisade|Harwick|Linden|Vantage|Carver|Ellery|Mosaic|Lumen|Tandem|Atlas|
Bramble|Cardinal|Driftwood|Emberly|Fieldstone|Glenmore|Hawthorne|Indigo|Jasper|Knoll|Lockwood|Maplewood|Nettle|
Oxbow|Pinecrest|Quillon|Rosedale|Saltmarsh|Thistle|Upland|Verity|Wexford|Yarrow|Zephyr|Amberly|Beckett|Corbin|
Dunmore|Eastlake|Farrow|Gallant|Holloway|Ivywood|Juno|Kinross|Lyndale|Marlowe|Norcross|Oriel|Prescott|Radley|
Sable|Trellis|Underhill|Valemont|Whitlock|Ardent|Bellwether|Clearwater|Deerfield|Evergreen|Fenwick|Grayson|
Hartwell|Irongate|Jubilee|Kendrick|Lowell|Merriweather|Newbury|Oakhurst|Pennington|Quincy|Redfern|Shelby|Talbot|
Ulster|Vireo|Waverly|Yardley|Abbott|Briarwood|Chandler|Dalton|Easton|Fairmont|Greenleaf|Hadley|Inkwell|Juniper Bay|
Kingfisher|Langley|Montclair|Northfield|Overland|Parkside|Ravenwood|Stanhope|Tillman""".replace("\n", "").split("|")
TRADES = """Dental Partners|Family Medicine|Law Group|Architects|Realty|Capital Partners|Wealth Management|
Veterinary Hospital|Physical Therapy|Brewing|Coffee Roasters|Logistics|Property Management|Orthodontics|Engineering|
Construction|Marketing|Analytics|Foods|Outfitters|Fitness|Hospitality Group|Insurance Agency|Accounting|Labs|
Software|Health|Pediatrics|Studios|Holdings|Biotech|Robotics|Media|Ventures|Clinic""".replace("\n", "").split("|")
FORMS = ["Inc", "LLC", "LLC", "Inc.", "Corp", "Co", "PLLC", "LLP", "", "Group LLC"]
CITIES = ["SEATTLE WA 98101", "AUSTIN TX 78701", "DENVER CO 80202", "BOSTON MA 02110", "CHICAGO IL 60606"]
CITIES += ["STAMFORD CT 06901", "HOBOKEN NJ 07030", "RALEIGH NC 27601", "PORTLAND OR 97204", "MIAMI FL 33131"]
STREETS = ["MAIN ST", "MARKET ST", "PARK AVE", "COMMERCE DR", "WATER ST", "HIGH ST", "CONGRESS AVE", "PINE ST"]
BANKS = [("WELLS FARGO BANK, N.A.", "121000248"), ("BANK OF AMERICA, N.A.", "026009593"), ("PNC BANK, NA", "043000096"),
         ("TRUIST BANK", "061000104"), ("U.S. BANK N.A.", "091000022"), ("CITIBANK N.A.", "021000089")]  # fmt: skip
# (Chase text or ACH "originator|entry description", Chase type, camt debtor|Ustrd, amount: any / tempting)
NONCUSTOMER = [
    ("INTEREST PAYMENT", "MISC_CREDIT", "|INTEREST CREDIT", "interest"),
    (
        "ONLINE TRANSFER FROM SAV ...4821 TRANSACTION#: {n11}",
        "ACCT_XFER",
        f"{FIRM}|TRANSFER FROM SAVINGS 4821",
        "round",
    ),
    ("IRS TREAS 310|TAX REF", "ACH_CREDIT", "US TREASURY 310|TAX REF IRS", "any"),
    ("NYS DTF BUS|TAX REFUND", "ACH_CREDIT", "NYS DEPT TAXATION FINANCE|CORP TAX REFUND", "any"),
    ("AMAZON WEB SERVI|REFUND", "ACH_CREDIT", "AMAZON WEB SERVICES INC|REFUND CASE {n7}", "tempting"),
    ("HISCOX INC|PREM REFND", "ACH_CREDIT", "HISCOX INC|PREMIUM REFUND POLICY {n7}", "tempting"),
    ("WEWORK COMPANIES|DEP REFUND", "ACH_CREDIT", "WEWORK COMPANIES LLC|SECURITY DEPOSIT REFUND", "tempting"),
    ("DELL MARKETING L|RMA CREDIT", "ACH_CREDIT", "DELL MARKETING L.P.|RMA {n7} CREDIT", "tempting"),
    ("THE HARTFORD|CLAIM PMT", "ACH_CREDIT", "HARTFORD FIRE INSURANCE|CLAIM {n7}", "tempting"),
    ("GUSTO|REVERSAL", "ACH_CREDIT", "GUSTO INC|PAYROLL REVERSAL", "any"),
    ("ONLINE TRANSFER FROM CHK ...0915 TRANSACTION#: {n11}", "ACCT_XFER", f"{FIRM}|SWEEP FROM MMDA 0915", "round"),
]
DEBITS = [("ORIG CO NAME:GUSTO            ORIG ID:9138864001 CO ENTRY DESCR:NET PAY   SEC:CCD", "ACH_DEBIT"),
          ("ORIG CO NAME:AMAZON WEB SERVI ORIG ID:9111111101 CO ENTRY DESCR:AWS       SEC:CCD", "ACH_DEBIT"),
          ("ONLINE WIRE TRANSFER VIA: JPMORGAN CHASE BANK/021000021 A/C: 450 PARK LANDLORD LLC", "WIRE_OUTGOING"),
          ("CHASE CREDIT CRD AUTOPAY", "ACH_DEBIT"), ("MONTHLY SERVICE FEE", "FEE_TRANSACTION")]  # fmt: skip


def d2(x: Decimal | str) -> Decimal:
    return Decimal(x).quantize(C)


def weekday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)


@dataclass
class Cust:
    name: str
    ach: str  # the originator name its bank sends on ACH credits: 16 characters
    plan: Decimal
    arrears: bool  # billed on the 1st for the month before
    word: str  # what it calls what it pays for: RETAINER, SUBSCRIPTION, SERVICES, FEES
    vendor: str  # our vendor number in its payables system (ACH IND ID)
    address: str
    terms: int = 30
    quarterly: bool = False
    invoices: list[Inv] = field(default_factory=list)


@dataclass
class Inv:
    number: str
    cust: Cust
    issued: date
    due_date: date
    total: Decimal
    desc: str
    period: tuple[int, int] | None = None  # (year, month) or (year, -quarter) it bills; None for one-offs
    paid: Decimal = ZERO
    ref: str = ""
    credit: bool = False

    @property
    def due(self) -> Decimal:
        return self.total - self.paid


@dataclass
class Credit:
    kind: str
    amount: Decimal
    day: date
    cust: Cust | None
    truth: list[tuple[str, ...]] | None
    text: str = ""  # what the payer wrote
    channel: str = ""  # ach, wire, check (Chase), cwire, cach (camt); other: a ready Chase text
    docs: list[tuple[str, Decimal]] = field(default_factory=list)  # camt Strd: invoice, amount remitted
    cn: str = ""  # the credit note the payment is net of
    excess: Decimal = ZERO  # what must stay unapplied
    note: str = ""
    payer: str = ""  # camt debtor name of a non-customer credit
    ctype: str = ""  # Chase type of a ready text
    file: str = ""
    line: int = 0
    shown: str = ""  # the line as the bank file writes it

    @property
    def camt(self) -> bool:
        return self.channel.startswith("c") and self.channel != "check"


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"recurring:{seed}")
        self.custs: list[Cust] = []
        self.cores: set[str] = set()
        self.places: Counter[str] = Counter()
        self.credits: list[Credit] = []
        self.cns: list[Inv] = []
        self.by_number: dict[str, Inv] = {}

    # ---- customers and invoices
    def cust(self, plan: str | None = None, arrears: bool | None = None, name: str = "", ach: str = "") -> Cust:
        r = self.r
        while not name:  # at most two customers of a place: their names are alike only by chance
            place, trade, form = r.choice(PLACES), r.choice(TRADES), r.choice(FORMS)
            core = f"{place} {trade}".lower()
            if core not in self.cores and self.places[place] < 2:
                self.cores.add(core)
                self.places[place] += 1
                name = f"{place} {trade} {form}".strip()
        arrears = r.random() < 0.25 if arrears is None else arrears
        saas = not arrears and r.random() < 0.35
        word = "SERVICES" if arrears else "SUBSCRIPTION" if saas else r.choice(["RETAINER", "RETAINER", "FEES"])
        if r.random() < 0.85:
            upper = plain(name).upper().replace(".", "").replace(",", "")
        else:  # the form left out by whoever set up its bank's ACH profile
            upper = plain(name).upper().rsplit(" ", 1)[0]
        n4 = f"{r.randint(1000, 9999)}"
        vendor = r.choice([n4, n4, f"V{r.randint(10000, 99999)}", f"BRIGH{r.randint(10, 99)}", "BRIGHTLINE ADV"])
        address = f"{r.randint(10, 2999)} {r.choice(STREETS)} {r.choice(CITIES)}"
        c = Cust(name, ach or upper[:16].rstrip(), Decimal(plan or r.choice(PLANS)), arrears, word, vendor, address)
        c.terms = r.choice([30, 30, 15, 30, 0])
        self.custs.append(c)
        return c

    def invoice(self, c: Cust, issued: date, total: Decimal, desc: str, period: Any = None, paid: bool = False) -> Inv:
        inv = Inv("", c, issued, issued + timedelta(days=c.terms), d2(total), desc, period)
        inv.paid = inv.total if paid else ZERO
        c.invoices.append(inv)
        return inv

    def bill(self, c: Cust, first: int = 0, open_from: int = 4, raise_at: int = 9, raise_to: str = "") -> None:
        """Monthly invoices dated ISSUES[first:], paid before ISSUES[open_from]; raise_to from ISSUES[raise_at]."""
        if c.quarterly:
            for k, issued in enumerate(QUARTERS):
                q, year = (issued.month - 1) // 3 + 1, issued.year
                desc = f"Quarterly retainer - Q{q} {year}"
                self.invoice(c, issued, c.plan, desc, (year, -q), paid=k < open_from)
            return
        for k in range(first, len(ISSUES)):
            issued = ISSUES[k]
            year, month = (issued.year, issued.month) if not c.arrears else self.prev(issued)
            mname = f"{MONTHS[month - 1]} {year}"
            desc = {"SERVICES": f"Advisory services rendered - {mname}",
                    "SUBSCRIPTION": f"Brightline Insights subscription (Growth) - {mname}"}.get(
                c.word, f"Monthly retainer - {mname}")  # fmt: skip
            total = Decimal(raise_to) if k >= raise_at else c.plan
            if k >= raise_at:
                desc += " (new rate)"
            self.invoice(c, issued, total, desc, (year, month), paid=k < open_from)

    @staticmethod
    def prev(d: date) -> tuple[int, int]:
        return (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)

    def open(self, c: Cust, amount: Decimal | None = None) -> list[Inv]:
        return sorted(
            (i for i in c.invoices if i.due > 0 and (amount is None or i.due == amount)), key=lambda i: i.issued
        )

    def number(self) -> None:
        invs = sorted((i for c in self.custs for i in c.invoices), key=lambda i: (i.issued, i.cust.name, i.desc))
        for n, inv in enumerate(invs, start=1690):
            inv.number = f"INV-{n}"
            self.by_number[inv.number] = inv
        for n, cn in enumerate(sorted(self.cns, key=lambda i: (i.issued, i.cust.name)), start=41):
            cn.number = f"CN-{n:04d}"
            self.by_number[cn.number] = cn

    # ---- what payers write
    def period_text(self, c: Cust, invs: list[Inv]) -> str:
        r, w = self.r, c.word
        ps = [i.period for i in invs if i.period]
        year, m = ps[0]
        if m < 0:  # a quarter
            return r.choice([f"Q{-m} FEES", f"Q{-m} {year} {w}", f"QTR {-m} {year}", f"{-m}Q{year % 100} {w}"])
        mon, month = MONTHS[m - 1][:3].upper(), MONTHS[m - 1].upper()
        if len(ps) == 1:
            return r.choice([f"{month} {w}", f"{mon} {w}", f"{w} {mon} {year}", f"{w} {mon}-{year % 100}",
                             f"SVC {m:02d}/{year}", f"{MONTHS[m - 1]} {year} {w.lower()}", f"{year}-{m:02d} {w}",
                             f"{w} FOR {month}", f"{m:02d}/{year % 100} {w}", f"{month} {year}"])  # fmt: skip
        mons = [MONTHS[p[1] - 1][:3].upper() for p in ps]
        forms = [f"{'+'.join(mons)} {w}", f"{'/'.join(mons)} {year}", f"{w} {mons[0]}-{mons[-1]}",
                 f"{' '.join(mons)} {w}", f"{MONTHS[ps[0][1] - 1].upper()} AND {MONTHS[ps[-1][1] - 1].upper()} {w}",
                 f"SVC {ps[0][1]:02d}/{year}-{ps[-1][1]:02d}/{ps[-1][0]}"]  # fmt: skip
        if [p[1] for p in ps] == [1, 2, 3] and ps[0][0] == 2026:
            forms += ["Q1 FEES", f"Q1 2026 {w}", "Q1 2026"]
        return r.choice(forms)

    def ref_text(self, invs: list[Inv]) -> str:
        r, ds = self.r, [i.number[4:] for i in invs]
        if len(ds) == 1:
            return r.choice(["INV-{}", "INV {}", "INV{}", "{}", "INVOICE {}", "Inv #{}", "INVOICE NO {}"]).format(ds[0])
        return r.choice(["INV-" + ", INV-".join(ds), "INV " + "/".join(ds), "INV " + " & ".join(ds),
                         "INVOICES " + ", ".join(ds), " ".join("INV" + d for d in ds)])  # fmt: skip

    # ---- payments
    def when(self, after: date, lo: date = START, hi: date = END) -> date:
        first = max(lo, after + timedelta(days=1))
        if first > hi:
            return weekday(first)
        return min(END, weekday(first + timedelta(days=self.r.randint(0, (hi - first).days))))

    def pay(self, kind: str, c: Cust | None, invs: list[Inv], amount: Decimal | None = None, **kw: Any) -> Credit:
        """kw: text, day, truth, channel, docs, cn, excess, note."""
        r = self.r
        amount = sum((i.due for i in invs), ZERO) if amount is None else amount
        truth = kw.get("truth", [tuple(sorted(i.number for i in invs))])
        day = kw.get("day") or self.when(max((i.issued for i in invs), default=START))
        channel = kw.get("channel") or r.choice(["ach"] * 9 + ["wire"] * 2 + ["cwire"] * 4 + ["cach"] * 4)
        cr = Credit(kind, amount, day, c, truth, kw.get("text", ""), channel, kw.get("docs", []), kw.get("cn", ""))
        cr.excess, cr.note = kw.get("excess", ZERO), kw.get("note", "")
        self.credits.append(cr)
        return cr

    def named(self, c: Cust, invs: list[Inv], how: str) -> str:
        """The remittance: by period, by number, or both."""
        if how == "period":
            return self.period_text(c, invs)
        if how == "both":
            return f"{self.ref_text(invs)} {self.period_text(c, invs)}"
        return self.ref_text(invs)

    def docs_for(self, invs: list[Inv], amounts: list[Decimal] | None = None) -> list[tuple[str, Decimal]]:
        return list(zip([i.number for i in invs], amounts or [i.due for i in invs]))

    # ---- scenarios: each sets up its customer(s) and invoices, yields while invoices are numbered, then pays
    def s_period_named(self, how: str = "period") -> Iterator[None]:
        r = self.r
        c = self.cust()
        if how == "period" and r.random() < 0.15:
            c.quarterly, c.plan, c.arrears, c.word = True, c.plan * 3, False, r.choice(["RETAINER", "FEES"])
            self.bill(c, open_from=1)
        else:
            self.bill(c, first=r.choice([0, 1, 2]), open_from=r.choice([2, 3, 3, 4]))
        yield
        opn = self.open(c)
        inv = opn[0] if r.random() < 0.5 else r.choice(opn)
        kind = "period_named" if how == "period" else "inv_named"
        text = self.named(c, [inv], how if how == "period" else r.choice(["ref", "ref", "both"]))
        cr = self.pay(
            kind, c, [inv], text=text, note=f"{'oldest' if inv is opn[0] else 'not the oldest'} of {len(opn)}"
        )
        if how != "period" and cr.camt and r.random() < 0.5:
            cr.docs, cr.text = self.docs_for([inv]), r.choice(["", cr.text])

    def s_bare_dated(self) -> Iterator[None]:
        r = self.r
        c = self.cust()
        self.bill(c, first=r.choice([0, 1, 2]), open_from=4)
        yield
        mar, apr = self.open(c)
        self.pay("bare_dated", c, [mar], day=self.when(mar.issued, hi=date(2026, 3, 31)), note="paid before Apr 1")
        if r.random() < 0.45:
            self.pay("bare_sequence", c, [apr], day=self.when(apr.issued), note=f"{mar.number} paid in March")

    def s_bare_oldest(self, po: bool = False) -> Iterator[None]:
        r = self.r
        c = self.cust()
        self.bill(c, first=0, open_from=r.choice([0, 1, 2, 2, 3]))
        n = f"45000{r.randint(10000, 99999)}"
        if po:
            for inv in c.invoices:
                inv.ref = f"PO {n}"
        yield
        opn = self.open(c)
        text = r.choice([f"PO {n}", n, f"PO#{n}", f"PO {n} {c.word}"]) if po else r.choice(["", "", c.word, "PAYMENT"])
        others = ",".join(i.number for i in opn[1:])
        self.pay("blanket_po" if po else "bare_oldest", c, [opn[0]], text=text, day=self.when(date(2026, 4, 1)),
                 note=f"oldest of {len(opn)} open; also {others}")  # fmt: skip

    def s_multi(self, how: str) -> Iterator[None]:
        r = self.r
        c = self.cust(arrears=False if how == "period" and r.random() < 0.5 else None)
        self.bill(c, first=0, open_from=r.choice([1, 2, 2, 3]))
        yield
        opn = self.open(c)
        if how == "all":
            text = r.choice(["", "", "BALANCE", "PAST DUE BALANCE", "ARREARS", "CATCH UP PAYMENT", "ACCOUNT BALANCE"])
            self.pay("catch_up_all", c, opn, text=text, day=self.when(date(2026, 4, 1)), note=f"all {len(opn)} open")
            return
        k = r.choice([2, 2, 3]) if len(opn) > 3 else 2
        skip = 1 if how != "bare" and r.random() < 0.3 and len(opn) > k else 0  # the oldest disputed
        picked = opn[skip : skip + k]
        day = self.when(max(i.issued for i in picked))
        if how == "bare":
            alts = len(opn)
            self.pay("multi_bare_oldest", c, picked, text=r.choice(["", "", c.word]), day=day,
                     note=f"oldest {k} of {alts} open")  # fmt: skip
            return
        text = self.named(c, picked, "period" if how == "period" else "ref")
        kind = "multi_period" if how == "period" else "multi_inv"
        cr = self.pay(kind, c, picked, text=text, day=day, note=f"{k} of {len(opn)} open" + " (not the oldest)" * skip)
        if how == "ref" and cr.camt and r.random() < 0.5:
            cr.docs = self.docs_for(picked)

    def s_instalment(self, ref: bool) -> Iterator[None]:
        r = self.r
        c = self.cust(plan=r.choice(["1500.00", "1500.00", "1200.00", "2000.00", "3000.00"]), arrears=False)
        self.bill(c, first=r.choice([2, 3]), open_from=4)
        total, n = r.choice([(Decimal(12000), 4), (Decimal(12000), 3), (Decimal(9600), 4), (Decimal(14400), 4)])
        big = self.invoice(c, date(2026, 1, 15), total, f"Implementation and onboarding - {n} instalments")
        big.due_date, big.paid = date(2026, 1, 30), total / n
        yield
        part = d2(total / n)
        for k, lo, hi in ((2, date(2026, 3, 9), date(2026, 3, 20)), (3, date(2026, 4, 8), date(2026, 4, 20))):
            d = big.number[4:]
            if ref:
                forms = [f"INSTALMENT {k} OF {n} INV {d}", f"INV-{d} INSTALLMENT {k}/{n}", f"{d} PMT {k} OF {n}"]
                text = r.choice([*forms, f"IMPLEMENTATION INST {k} OF {n} INV{d}", f"PAYMENT PLAN {k}/{n} INV-{d}"])
            else:
                text = r.choice([f"IMPLEMENTATION FEE INSTALMENT {k} OF {n}", f"ONBOARDING PMT {k}/{n}",
                                 f"INSTALLMENT {k} OF {n}", f"IMPLEMENTATION {k} OF {n}"])  # fmt: skip
            open_now = ", ".join(f"{i.number} {i.due}" for i in self.open(c) if i is not big)
            cr = self.pay("instalment" if ref else "instalment_noref", c, [big], part, text=text,
                          day=self.when(lo, lo=lo, hi=hi), note=f"{k} of {n}; retainers open {open_now}")  # fmt: skip
            if ref and cr.camt and r.random() < 0.4:
                cr.docs = [(big.number, part)]

    def s_credit_net(self, how: str) -> Iterator[None]:
        r = self.r
        c = self.cust(plan=r.choice(["1500.00", "1500.00", "2500.00", "995.00", "3200.00", "1250.00"]))
        self.bill(c, first=r.choice([1, 2]), open_from=r.choice([3, 4, 4]))
        amt = r.choice([c.plan / 10, Decimal(150), Decimal(250), c.plan / 20])
        cn = Inv("", c, date(2026, 3, 10), date(2026, 3, 10), d2(amt), "SLA service credit - February outage")
        cn.credit = True
        self.cns.append(cn)
        yield
        opn = self.open(c)
        inv = opn[0]
        cnn = cn.number
        if how == "named":
            cnr = r.choice([cnn, cnn.replace("-", " "), f"CREDIT NOTE {cnn}", f"CR {cnn[3:]}"])
            text = f"{self.named(c, [inv], r.choice(['ref', 'period']))} LESS {cnr}"
        elif how == "cnword":
            text = f"{self.named(c, [inv], r.choice(['ref', 'period']))} {r.choice(['LESS CREDIT', 'NET OF SLA CR'])}"
        else:
            text = r.choice(["", "", c.word])
        day = self.when(max(inv.issued, cn.issued))
        self.pay(f"credit_net_{how}", c, [inv], inv.due - cn.total, text=text, day=day, cn=cnn,
                 note=f"{inv.number} {inv.due} less {cnn} {cn.total}; open: {len(opn)}")  # fmt: skip

    def s_price(self, how: str) -> Iterator[None]:
        r = self.r
        old = r.choice(sorted(RAISES))
        new = r.choice(RAISES[old])
        c = self.cust(plan=old, arrears=False)
        self.bill(c, first=r.choice([0, 1]), open_from=5 if how == "underpaid" else 4, raise_at=5, raise_to=new)
        yield
        opn = self.open(c)
        apr = opn[-1]
        day = self.when(apr.issued)
        note = f"price {old} -> {new} from April; open " + ", ".join(f"{i.number} {i.due}" for i in opn)
        if how == "new":
            self.pay("price_new", c, [apr], text=r.choice(["", c.word]), day=day, note=note)
        elif how == "old_bare":
            self.pay("price_old_bare", c, [opn[0]], text=r.choice(["", c.word]), day=day, note=note)
        elif how == "old_named":
            text = self.period_text(c, [apr])
            self.pay("price_old_named", c, [apr], Decimal(old), text=text, day=day, note=note)
        elif how == "both":
            self.pay("price_both", c, opn, text=r.choice(["", c.word]), day=day, note=note)
        else:
            self.pay("price_underpaid", c, [apr], Decimal(old), text=r.choice(["", c.word]), day=day, note=note)

    def s_prepay(self, over: bool) -> Iterator[None]:
        r = self.r
        c = self.cust(arrears=False)
        self.bill(c, first=r.choice([0, 1, 2]), open_from=r.choice([4, 5]) if over else 6)
        yield
        opn = self.open(c)
        amount = d2(c.plan * 12 * r.choice([Decimal(1), Decimal(1), Decimal("0.9")]))
        text = r.choice(["ANNUAL PREPAYMENT 2026", "12 MONTHS RETAINER PREPAID", "PREPAY APR 2026-MAR 2027",
                         f"ANNUAL {c.word} RENEWAL", "ANNUAL PLAN"])  # fmt: skip
        excess = amount - sum((i.due for i in opn), ZERO)
        note = f"open {', '.join(i.number for i in opn) or 'nothing'}; excess {excess}"
        if over:
            self.pay(
                "prepay_over", c, opn, amount, text=text, day=self.when(date(2026, 4, 1)), excess=excess, note=note
            )
        else:
            self.pay("prepay_noopen", c, [], amount, text=text, day=self.when(date(2026, 4, 1)), truth=None, note=note)

    def s_one_off(self, ref: bool) -> Iterator[None]:
        r = self.r
        c = self.cust()
        self.bill(c, first=r.choice([1, 2, 3]), open_from=r.choice([4, 5, 6]))
        hours = Decimal(r.choice(["6", "7.5", "12", "12.5", "16", "22.5", "30", "40"]))
        rate = Decimal(r.choice(["185", "225", "240", "275", "310"]))
        inv = self.invoice(c, date(2026, 2, 1) + timedelta(days=r.randint(0, 45)), hours * rate,
                           f"Additional advisory hours ({hours} h @ {rate})")  # fmt: skip
        yield
        if not ref and sum(i.due == inv.due for i in self.open(c)) > 1:
            return
        text = self.ref_text([inv]) if ref else r.choice(["", "", "PAYMENT", "CONSULTING"])
        cr = self.pay("exact_ref" if ref else "name_only", c, [inv], text=text)
        if ref and cr.camt and r.random() < 0.4:
            cr.docs = self.docs_for([inv])

    def s_quiet(self, check: bool = False) -> Iterator[None]:
        r = self.r
        c = self.cust()
        self.bill(c, first=r.choice([0, 2, 3]), open_from=r.choice([2, 3, 4, 5]))
        yield
        if check:
            inv = self.open(c)[0]
            self.pay("check_bare", c, [inv], channel="check", note=f"a check from {c.name}: the bank line names nobody")

    def s_alike(self) -> Iterator[None]:
        """Customers named alike, all on 1,500.00, paying the April retainer on the same day."""
        r = self.r
        fams = [[("Northwind Traders Inc", ""), ("Northwind Trading Co", ""), ("Northwinds Ltd", "")],
                [("Summit Dental Group PLLC", ""), ("Summit Dental Partners LLC", "")],
                [("Blue Harbor Analytics Inc", ""), ("Blue Harbour Analytics Ltd", "")],
                [("Apex Consulting Group LLC", ""), ("Apex Consulting Inc", "")]]  # fmt: skip
        groups = []
        for fam in fams:
            members = []
            for name, ach in fam:
                self.cores.add(name.lower())
                c = self.cust(plan="1500.00", arrears=False, name=name, ach=ach)
                c.word = "RETAINER"
                self.bill(c, first=2, open_from=5)  # only the April retainer is open
                members.append(c)
            groups.append(members)
        yield
        for members in groups:
            day = self.when(date(2026, 4, 1), hi=date(2026, 4, 3))
            ambiguous = len({m.ach for m in members}) < len(members)  # Apex: the same 16 characters
            for c in members:
                apr = self.open(c)[0]
                roll = r.random()
                channel = "ach" if ambiguous or roll < 0.6 else r.choice(["wire", "cwire", "cach"])
                if roll < 0.3:
                    text = self.named(c, [apr], r.choice(["ref", "both"]))
                    kind = "alike_named"
                else:
                    text = r.choice(["", "", "RETAINER", "PAYMENT"])
                    kind = "alike_ambiguous" if ambiguous and channel in ("ach", "cach") else "alike_bare"
                self.pay(kind, c, [apr], text=text, day=day, channel=channel, note=f"ACH name {c.ach!r}")

    def noncustomer(self) -> None:
        r = self.r
        common = [Decimal(p) for p in ("1500.00", "3000.00", "2500.00", "850.00", "4500.00")]
        for k in range(30):
            text, ctype, camt, how = NONCUSTOMER[k % len(NONCUSTOMER)]
            amount = d2(Decimal(r.randint(1500, 650000)) / 100)
            if how == "interest":
                amount = d2(Decimal(r.randint(300, 9000)) / 100)
            elif how == "round":
                amount = Decimal(r.choice([5000, 10000, 15000, 3000, 1500]))
            elif how == "tempting" and r.random() < 0.6:
                amount = r.choice(common)
            fill = {"n11": str(r.randint(10**10, 10**11 - 1)), "n7": str(r.randint(10**6, 10**7 - 1))}
            day = weekday(START + timedelta(days=r.randint(0, 58)))
            cr = Credit("noncustomer", amount, day, None, None, channel="other", ctype=ctype)
            if k % 3 == 2:
                cr.channel, (cr.payer, cr.text) = "cother", camt.format(**fill).split("|")
            else:
                cr.text = text.format(**fill)
            self.credits.append(cr)
        for k in range(20):
            text, ctype = DEBITS[k % len(DEBITS)]
            amount = -d2(Decimal(r.randint(2500, 4500000)) / 100)
            day = weekday(START + timedelta(days=3 * k))
            self.credits.append(Credit("debit", amount, day, None, None, text=text, channel="other", ctype=ctype))

    def build(self) -> World:
        r = self.r
        plan: list[Iterator[None]] = [self.s_alike()]
        plan += [self.s_period_named("period") for _ in range(28)] + [self.s_period_named("ref") for _ in range(20)]
        plan += [self.s_bare_dated() for _ in range(18)] + [self.s_bare_oldest() for _ in range(16)]
        plan += [self.s_bare_oldest(po=True) for _ in range(7)]
        plan += [self.s_multi(h) for h, n in (("period", 11), ("ref", 8), ("bare", 9), ("all", 9)) for _ in range(n)]
        plan += [self.s_instalment(ref=k < 7) for k in range(12)]
        plan += [self.s_credit_net(h) for h, n in (("named", 5), ("cnword", 4), ("bare", 5)) for _ in range(n)]
        prices = [("new", 5), ("old_bare", 4), ("old_named", 4), ("both", 3), ("underpaid", 5)]
        plan += [self.s_price(h) for h, n in prices for _ in range(n)]
        plan += [self.s_prepay(over=k < 5) for k in range(8)]
        plan += [self.s_one_off(ref=k < 25) for k in range(45)]
        plan += [self.s_quiet(check=k < 5) for k in range(35)]
        r.shuffle(plan)
        for g in plan:
            next(g)
        self.number()
        for g in plan:
            next(g, None)
        self.noncustomer()
        return self

    # ---- files
    def write(self, out: Path) -> None:
        self.write_xero(out / "xero.csv")
        for cr in self.credits:
            cr.file = CAMT[cr.day.month - 3] if cr.camt else "chase.csv"
        self.write_chase(out / "chase.csv", [cr for cr in self.credits if cr.file == "chase.csv"])
        for k, name in enumerate(CAMT):
            self.write_camt(out / name, [cr for cr in self.credits if cr.file == name], k)
        (out / "arsync.yaml").write_text("version: 1\n", encoding="utf-8")

    def write_xero(self, path: Path) -> None:
        docs = sorted([*(i for c in self.custs for i in c.invoices), *self.cns], key=lambda i: (i.issued, i.number))
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(XERO_COLUMNS)
            for n, inv in enumerate(docs):
                c = inv.cust
                slug = "".join(ch for ch in plain(c.name).lower() if ch.isalnum())[:16]
                status = "PAID" if inv.due == 0 else "AUTHORISED" if n % 3 else "Awaiting Payment"
                row = dict.fromkeys(XERO_COLUMNS, "")
                row.update({"ContactName": c.name, "EmailAddress": f"ap@{slug}.example", "POCity": "New York",
                            "InvoiceNumber": inv.number, "Reference": inv.ref, "InvoiceDate": f"{inv.issued:%m/%d/%Y}",
                            "DueDate": f"{inv.due_date:%m/%d/%Y}", "Total": f"{inv.total:.2f}", "TaxTotal": "0.00",
                            "InvoiceAmountPaid": f"{inv.paid:.2f}", "InvoiceAmountDue": f"{inv.due:.2f}",
                            "Description": inv.desc, "Quantity": "1.0000", "UnitAmount": f"{inv.total:.2f}",
                            "LineAmount": f"{inv.total:.2f}", "AccountCode": "4000", "TaxType": "Tax Exempt",
                            "TaxAmount": "0.00", "Currency": "USD", "Sent": "Sent", "Status": status,
                            "Type": "Sales credit note" if inv.credit else "Sales invoice"})  # fmt: skip
                w.writerow([row[k] for k in XERO_COLUMNS])

    def chase_text(self, cr: Credit) -> tuple[str, str, str, str]:
        """(Details, Description, Type, Check or Slip #) as Chase writes the line."""
        r, c = self.r, cr.cust
        if cr.channel == "other":
            if "|" not in cr.text:
                return ("DEBIT" if cr.amount < 0 else "CREDIT"), cr.text, cr.ctype, ""
            name, descr = cr.text.split("|")
            oid, trace, ind, trn = (r.randint(10**k, 10 ** (k + 1) - 1) for k in (9, 14, 6, 9))
            cr.text = (f"ORIG CO NAME:{name:<16} ORIG ID:{oid} DESC DATE:{cr.day:%m%d%y} CO ENTRY DESCR:{descr:<10} "
                       f"SEC:CCD    TRACE#:{trace} EED:{cr.day:%y%m%d}   IND ID:{ind:<15} IND NAME:{FIRM[:22]} "
                       f"TRN: {trn}TC")  # fmt: skip
            return "CREDIT", cr.text, cr.ctype, ""
        assert c is not None
        if cr.channel == "check":
            return "DSLIP", "REMOTE ONLINE DEPOSIT #          1", "CHECK_DEPOSIT", "1"
        text = cr.text
        if cr.channel == "wire":
            bank, aba = r.choice(BANKS)
            obi = f" OBI={text}" if text else ""
            desc = (f"FEDWIRE CREDIT VIA: {bank}/{aba} B/O: {plain(c.name).upper()} {c.address} US REF: CHASE NYC/CTR/"
                    f"BNF={FIRM} NEW YORK NY 10018-2701 US/AC-000000731904 RFB=O/B {bank.split()[0]}{obi} IMAD: "
                    f"{cr.day:%m%d}MMQFMP{r.randint(10, 99)}{r.randint(100000, 999999)} TRN: "
                    f"{r.randint(10**9, 10**10 - 1)}FF")  # fmt: skip
            return "CREDIT", desc, "WIRE_INCOMING", ""
        descr, ind, add = (
            r.choice(["PAYMENT", "VENDOR PMT", "ACH PMT", "PAYMENTS", "AP PAYMENT", "EDI PYMNTS"]),
            c.vendor,
            "",
        )
        if text and len(text) <= 15 and r.random() < 0.4:
            ind = text  # the payer's reference in the individual id field
        elif text and len(text) <= 10 and r.random() < 0.3:
            descr = text
        elif text:
            add = f" PMT INFO:{text}"
        desc = (f"ORIG CO NAME:{c.ach:<16} ORIG ID:{r.randint(10**9, 10**10 - 1)} DESC DATE:{cr.day:%m%d%y} CO ENTRY "
                f"DESCR:{descr:<10} SEC:CCD    TRACE#:0{r.randint(10**13, 10**14 - 1)} EED:{cr.day:%y%m%d}   IND "
                f"ID:{ind:<15} IND NAME:{FIRM[:22]}{add} TRN: {r.randint(10**9, 10**10 - 1)}TC")  # fmt: skip
        return "CREDIT", desc, "ACH_CREDIT", ""

    def write_chase(self, path: Path, lines: list[Credit]) -> None:
        rows = sorted(lines, key=lambda cr: (cr.day, cr.amount))
        bal, bals = Decimal("182450.17"), []
        for cr in rows:
            bal += cr.amount
            bals.append(bal)
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""])
            for k, (cr, b) in enumerate(zip(reversed(rows), reversed(bals))):  # newest first
                details, desc, ctype, slip = self.chase_text(cr)
                cr.line, cr.shown = k + 2, desc
                w.writerow([details, f"{cr.day:%m/%d/%Y}", desc, f"{cr.amount:.2f}", ctype, f"{b:.2f}", slip, ""])

    def camt_entry(self, cr: Credit, k: int) -> list[str]:
        r, c = self.r, cr.cust
        sign = "CRDT" if cr.amount > 0 else "DBIT"
        code = {"cwire": "DMCT", "cach": "ACDT"}.get(cr.channel, "OTHR")
        fmly = "RCDT" if sign == "CRDT" else "ICDT"
        head = (f'<Ntry><NtryRef>{k + 1}</NtryRef><Amt Ccy="USD">{abs(cr.amount)}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
                f"<Sts>BOOK</Sts><BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt><AcctSvcrRef>"
                f"SV{cr.day:%y%m%d}{k:05d}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fmly}</Cd>"
                f"<SubFmlyCd>{code}</SubFmlyCd></Fmly></Domn></BkTxCd>")  # fmt: skip
        amt = f'<AmtDtls><TxAmt><Amt Ccy="USD">{abs(cr.amount)}</Amt></TxAmt></AmtDtls>'
        if c is None:  # interest, own transfers, refunds, debits
            if not cr.payer:
                cr.shown = cr.text
                return [head, f"<AddtlNtryInf>{escape(cr.text)}</AddtlNtryInf></Ntry>"]
            cr.shown = f"Dbtr={cr.payer!r} Ustrd={cr.text!r}"
            party = f"<RltdPties><Dbtr><Nm>{escape(cr.payer)}</Nm></Dbtr></RltdPties>"
            tx = f"<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>{amt}{party}"
            tx += f"<RmtInf><Ustrd>{escape(cr.text)}</Ustrd></RmtInf></TxDtls>"
            return [head, "<NtryDtls>", tx, "</NtryDtls><AddtlNtryInf>CREDIT</AddtlNtryInf></Ntry>"]
        wire = cr.channel == "cwire"
        name = r.choice([c.name, plain(c.name).upper()]) if wire else c.ach
        e2e = r.choice(["NOTPROVIDED", "NOTPROVIDED", f"PAYRUN{r.randint(10000, 99999)}"])
        acct = f"<DbtrAcct><Id><Othr><Id>{r.randint(10**8, 10**10)}</Id></Othr></Id></DbtrAcct>"
        tx = f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{amt}<RltdPties><Dbtr><Nm>{escape(name)}</Nm>"
        tx += (f"<PstlAdr><AdrLine>{c.address}</AdrLine></PstlAdr>" if wire else "") + f"</Dbtr>{acct}</RltdPties>"
        strd = "".join(
            f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{n}</Nb></RfrdDocInf>"
            f'<RfrdDocAmt><RmtdAmt Ccy="USD">{a}</RmtdAmt></RfrdDocAmt></Strd>'
            for n, a in cr.docs
        )
        if cr.text or strd:
            tx += "<RmtInf>" + (f"<Ustrd>{escape(cr.text)}</Ustrd>" if cr.text else "") + strd + "</RmtInf>"
        info = "WIRE TRANSFER CREDIT" if wire else f"ACH CREDIT {c.ach} {r.choice(['PAYMENT', 'VENDOR PMT'])}"
        docs = " ".join(f"{n}={a}" for n, a in cr.docs)
        cr.shown = f"Dbtr={name!r} Ustrd={cr.text!r}" + (f" Strd={docs}" if docs else "") + f" AddtlNtryInf={info!r}"
        return [head, "<NtryDtls>", tx + "</TxDtls>", f"</NtryDtls><AddtlNtryInf>{info}</AddtlNtryInf></Ntry>"]

    def write_camt(self, path: Path, lines: list[Credit], k: int) -> None:
        month = 3 + k
        first, last = date(2026, month, 1), date(2026, month, 31 if month == 3 else 30)
        ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<Document xmlns="{ns}">', "<BkToCstmrStmt>",
               f"<GrpHdr><MsgId>SVB{last:%Y%m%d}01</MsgId><CreDtTm>{last}T23:30:00</CreDtTm></GrpHdr>",
               (f"<Stmt><Id>STMT{last:%Y%m}</Id><ElctrncSeqNb>{k + 3}</ElctrncSeqNb><CreDtTm>{last}T23:30:00</CreDtTm>"
                f"<FrToDt><FrDtTm>{first}T00:00:00</FrDtTm><ToDtTm>{last}T23:59:59</ToDtTm></FrToDt>"
                "<Acct><Id><Othr><Id>3301847752</Id></Othr></Id><Ccy>USD</Ccy><Ownr><Nm>Brightline Advisory LLC</Nm>"
                "</Ownr></Acct>")]  # fmt: skip
        rows = sorted(lines, key=lambda cr: (cr.day, cr.amount))
        opening = Decimal("64018.55") + k * 1000
        closing = opening + sum((cr.amount for cr in rows), ZERO)
        for cd, bal, day in (("OPBD", opening, first), ("CLBD", closing, last)):
            out.append(f'<Bal><Tp><CdOrPrtry><Cd>{cd}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">{bal}</Amt>'
                       f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
        for n, cr in enumerate(rows):
            cr.line = len(out) + 1
            out += self.camt_entry(cr, n)
        out += ["</Stmt>", "</BkToCstmrStmt>", "</Document>"]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


def check_parse(world: World, out: Path) -> list[str]:
    """Every line written is read, once, with its amount and date."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", "chase.csv", *CAMT, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in world.credits:
        t = by.pop((cr.file, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(f"{cr.file}:{cr.line} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def score(world: World, doc: dict[str, Any], show: str) -> Table:
    got = matches_by(doc, file_line)
    every = {k: list(v) for k, v in got.items()}
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}

    def header(key: tuple[str, int], cr: Credit) -> str:
        who = cr.cust.name if cr.cust else "-"
        return f"{key[0]}:{key[1]} {cr.day} USD {cr.amount} customer={who!r} note={cr.note!r}\n    line: {cr.shown}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for tag, nums in (("truth", [n for t in cr.truth or [] for n in t]), ("picked", list(picked))):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None:
                    print(f"    {tag} {n}: {inv.cust.name}, dated {inv.issued}, {inv.desc!r}, open {inv.due}")

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        verdicts[key] = (cr, v)

    credits = sorted(world.credits, key=lambda x: (x.file, x.line))
    keyed = [((cr.file, cr.line), cr) for cr in credits]
    table = score_credits(keyed, got, show, header, review=REVIEW, judged=judged, ledger=ledger, applied=True,
                          credit_notes=True)  # fmt: skip
    extra = checks(world, every, verdicts, table, header, ledger)
    conventions(verdicts, table)
    print("\nchecks on autos judged right by their invoices:", dict(extra) or "none failed")
    return table


def checks(
    world: World,
    every: dict[tuple[str, int], list[Match]],
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]],
    table: Table,
    header: Any,
    ledger: Any,
) -> Counter[str]:
    """Amounts of every auto; the credit note of a net payment; the excess of a prepayment. A right set of invoices
    applied beyond an open amount or the payment, with a credit note the payer did not take, or leaving the wrong
    excess, moves to AUTO WRONG. Listed, not counted wrong: a net payment applied as a part payment (its credit note
    left open), and a price rise written off."""
    failed: Counter[str] = Counter()

    def listed(tag: str, key: tuple[str, int], cr: Credit, autos: list[Match]) -> None:
        failed[f"{tag} (listed, not counted wrong)"] += 1
        print(f"\n[{cr.kind}] {header(key, cr)}\n    {tag}")
        for m in autos:
            print(f"    auto {label(m)} applied={[i['applied'] for i in m['invoices']]} write_off={m.get('write_off')}"
                  f"\n      reasons: {reasons(m)}")  # fmt: skip

    for key, (cr, v) in verdicts.items():
        autos = [m for m in every.get(key, []) if m.get("decision") == "auto"]
        if not autos:
            continue
        why = []
        for m in autos:
            for i in m.get("invoices", []):
                inv = world.by_number.get(i["number"])
                if inv is not None and Decimal(i["applied"]) > inv.due:
                    why.append(f"applies {i['applied']} to {inv.number}, open {inv.due}")
            if sum((Decimal(i["applied"]) for i in m.get("invoices", [])), ZERO) > cr.amount:
                why.append("applies more than the payment")
        cns = sorted(x["number"] for m in autos for x in m.get("credit_notes") or [])
        if cns and cns != [cr.cn]:
            why.append(f"nets credit notes {cns}, the payer took {cr.cn or 'none'}")
        unapplied = sum((Decimal(m.get("unapplied") or 0) for m in autos), ZERO)
        if cr.kind == "prepay_over" and unapplied != cr.excess:
            why.append(f"unapplied {unapplied}, want {cr.excess}")
        if cr.cn and not cns and v.outcome == "auto ok":
            listed("applied as a part payment, its credit note left open", key, cr, autos)
        if cr.kind == "price_underpaid" and any(Decimal(m.get("write_off") or 0) for m in autos):
            listed("writes off the price rise the customer still owes", key, cr, autos)
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


def conventions(verdicts: dict[tuple[str, int], tuple[Credit, Verdict]], table: Table) -> None:
    """Unnamed payments with several open invoices of the amount: the clerk's habit (oldest) against the matcher.
    A suggestion there is safe: it moves from 'suggest wrong' to 'suggest ok'."""
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for cr, v in verdicts.values():
        if cr.kind not in CONVENTION:
            continue
        t = tally[cr.kind]
        t["n"] += 1
        if v.decision == "auto":
            t["auto oldest" if v.outcome == "auto ok" else "auto NOT oldest"] += 1
        else:
            t[v.decision] += 1
            if v.outcome == "suggest wrong":
                table[cr.kind]["suggest wrong"] -= 1
                table[cr.kind]["suggest ok"] += 1
    cols = ["n", "auto oldest", "auto NOT oldest", "suggest", "unmatched"]
    print("\nunnamed payments, several open invoices of the amount (clerk: the oldest; suggestions counted safe)")
    print(f"{'kind':<18}" + "".join(f"{c:>16}" for c in cols))
    for kind in sorted(tally):
        print(f"{kind:<18}" + "".join(f"{tally[kind][c]:>16}" for c in cols))


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_recurring_") as out:
        world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        n_inv = sum(len(c.invoices) for c in world.custs)
        n_open = sum(i.due > 0 for c in world.custs for i in c.invoices)
        print(f"seed {args.seed}: {len(world.custs)} customers, {n_inv} invoices ({n_open} open), {len(world.cns)} "
              f"credit notes, {n_in} credits + {len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
        for problem in check_parse(world, out):
            print("PARSE:", problem)
        doc = match(out, "--bank", "chase.csv", *(x for f in CAMT for x in ("--bank", f)), "--ledger", "xero.csv",
                    timed=True)  # fmt: skip
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
