"""Cash application for a US specialty subcontractor paid by general contractors on AIA pay applications.

Run:  .venv/bin/python benchmarks/bench_match_construction.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

The firm (odd seeds Ironbridge Electric, Inc., Charlotte NC; even seeds Cardinal Mechanical Services, Inc., Columbus
OH; USD, QuickBooks Online) works for 16 general contractors (Stonegate Construction, Inc. and Stonegate Builders LLC
are named alike; Pinnacle Peak Construction, Inc. and Pinnacle Peak Contractors LLC send the same 16-character ACH
name) on ~60 jobs, for three owners on direct contracts (a school district at 5% retainage, a health system, a
developer) and for six service customers. Each job bills a monthly AIA G702/G703 pay application ("Pay App #7", the
GC's job number and name, the period) along an S-curve, so a job's pay apps have similar amounts; some projects are
two buildings under separate subcontracts with the same schedule of values, so the same pay app amounts. Retainage
is 10% (5% public). A GC pays 25-90 days after the pay app on its pay-run days (the 10th and 25th, the 15th, or
Thursdays), one payment a job or every approved item of the run in one ACH, wire or check; 9% of pay apps are funded
only in part (the owner cut the GC's pay app); jobs with a joint check agreement (10%) are paid by joint check (the
supplier's share endorsed to it, the rest deposited); finished jobs get their retainage months later, sometimes less
a backcharge; T&M tickets and change orders are billed apart; an owner sometimes pays a GC's pay app itself; 4% of
items are disputed and stay open. The bookkeeping alternates by seed: ``net`` (seeds 1, 4, 5, 8, ...: each pay app
invoice carries a "less retainage" line, so it is the net, and retainage is billed on a retainage invoice at the end)
or ``gross`` (seeds 2, 3, 6, 7, ...: the invoice is the work billed, the GC's payment leaves the retainage open on
it, and the release pays those balances).

Per seed it writes (answers known only here) ``qbo-open-invoices.csv``, QuickBooks Online's "Open Invoices" report
as of 30 Apr 2026, a job per sub-customer (``Whitford Builders, Inc.:25104 Riverside Medical Office Building``), with
two added columns: ``P.O. Number`` (the GC's subcontract / PO / commitment number) and ``Memo/Description`` (pay app,
GC job, period, retainage); ``pnc-prior-day.bai``, BAI2 prior-day data of the operating account 2 Feb - 30 Apr 2026
(NACHA-labelled ACH credits; CTX remittance as X12 ``RMR*IV*<the GC's reference>*PI*<paid>*<gross>`` with
``REF*PO`` in 88 records; CCD+ ``ADDENDA:`` cut at 80 characters; Fedwire credits with ``ORG=`` and ``OBI=`` cut at
140; remote check deposits; a line of credit advance, interest, book transfers, refunds, debits);
``bofa-business-checking.csv``, Bank of America's business checking download (summary preamble, ``DES:``/``INDN:``/
``CO ID:`` ACH text with ``PMT INFO:``, ``WIRE TYPE:WIRE IN`` wires with ``PMT DET:``, mobile check deposits);
``citi-camt053.xml``, camt.053.001.08 of a treasury account, one statement a month (wires with the debtor's name and
``Ustrd``, CTX with a ``Strd`` per item: ``Nb``, ``DuePyblAmt`` gross, ``RmtdAmt`` paid); and ``arsync.yaml``. The
GC's remittance names its own subcontract/PO and pay app number (``SC 2517-26 APP 7``, ``PA07`` with ``REF*PO``),
the job and building by name, a T&M ticket or change order, or only the job, only the pay app number, nothing, and
now and then our invoice number. The script checks that ``arsync bank parse`` reads every line with its amount and
date and that ``arsync aging`` reads the report's open total, runs ``arsync match --bank ... --ledger
qbo-open-invoices.csv --currency USD --json`` and scores every credit by kind through ``matchscore``.

Truth is what an experienced AR clerk does with the same bank line and the same report (its memo and P.O. columns
included), working through the lines by date: the cash goes where the GC's remittance says, in the amounts it
says; a pay app (or a single retainage invoice) it names and funds only in part is applied in part. A remittance
naming only the job or only the pay app number, or nothing, is applied when exactly one set of the payer's open
items (up to four, or a whole job's retainage) makes the amount, each pay app at its net of retainage (the payer:
every customer the bank's name could be); sets of the same customer, job and amounts are interchangeable (any is
right). For a person (REVIEW kinds: any auto is wrong, a suggestion of the true set right): several sets of
different jobs (twin buildings, the project named without its building), none (partial funding without detail),
joint checks, check deposits that name nobody, several named pay apps paid short without saying which, retainage of
several pay apps short of a backcharge, an owner's payment its text does not settle. Non-customer credits (loan
advances, rental and supplier refunds, rebates, a bid deposit refund from an owner who is a customer, tax,
insurance, interest, transfers, a refund check) pay no invoice. Every auto judged right is also checked to apply no
more than each invoice's open amount and the payment, what the truth applies to each invoice, and to write nothing
off (the retainage and the cut part of a pay app are still owed); a failure counts as AUTO WRONG. Autos that apply
some of a line's invoices, each named by the remittance and with what was paid on it, leaving the rest to a person,
count as suggestions.

Kinds a clerk applies unasked: app_named, app_invno, app_number_only, app_po_only, partial_named, bare_unique,
bare_multi, bare_same_job, named_same_job, multi_remit (an amount per item), multi_text, tm_named, tm_bare,
service_named, service_bare, retainage_named, retainage_partial, retainage_bare, owner_named; REVIEW: check_bare,
check_batch, joint_check, owner_direct, retainage_short, partial_unnamed, partial_ambiguous, multi_short, bare_same,
named_ambiguous, coincidence, no_fit; noncustomer, debit. ``--show KIND|missed|wrong`` prints those credits. Always
exits 0.
"""

from __future__ import annotations

import csv
import math
import random
import sys
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, product
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import (
    ARSYNC,
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
START, END = date(2026, 2, 2), date(2026, 4, 30)
LEDGER = "qbo-open-invoices.csv"
FILES = {"pnc": "pnc-prior-day.bai", "bofa": "bofa-business-checking.csv", "citi": "citi-camt053.xml"}
CLERK = """app_named app_invno app_number_only app_po_only partial_named bare_unique bare_multi bare_same_job
named_same_job multi_remit multi_text tm_named tm_bare service_named service_bare retainage_named retainage_partial
retainage_bare owner_named""".split()
REVIEW = """check_bare check_batch joint_check owner_direct retainage_short partial_unnamed partial_ambiguous
multi_short bare_same named_ambiguous coincidence no_fit""".split()
# name, ACH individual name (22), CSI division, trade, city
FIRMS = [
    ("Cardinal Mechanical Services, Inc.", "CARDINAL MECHANICAL SE", "23", "mechanical", "COLUMBUS OH 43205"),
    ("Ironbridge Electric, Inc.", "IRONBRIDGE ELECTRIC IN", "26", "electrical", "CHARLOTTE NC 28206"),
]
GCS = [
    ("Whitford Builders, Inc.", "4400 SHARON RD CHARLOTTE NC 28211"),
    ("Caldera Construction Company", "1200 BLAKE ST DENVER CO 80202"),
    ("Harmon-Reyes Construction Co.", "310 S TRYON ST CHARLOTTE NC 28202"),
    ("Northline Building Group, Inc.", "88 E BROAD ST COLUMBUS OH 43215"),
    ("Bayard & Sons Construction Co.", "2200 W MOREHEAD ST CHARLOTTE NC 28208"),
    ("Meridian Constructors LLC", "6000 FAIRVIEW RD CHARLOTTE NC 28210"),
    ("Tessler Construction Management, Inc.", "250 CIVIC CENTER DR COLUMBUS OH 43215"),
    ("Granite Ridge Contractors, Inc.", "1515 MOCKINGBIRD LN DALLAS TX 75235"),
    ("Ashby-Kerr General Contractors, LLC", "901 E CARY ST RICHMOND VA 23219"),
    ("Holloway Brothers Builders", "45 N HIGH ST DUBLIN OH 43017"),
    ("Vance & Okafor Construction Group", "7300 CARMEL EXECUTIVE PARK DR CHARLOTTE NC 28226"),
    ("Summit Row Constructors, Inc.", "1800 PEACHTREE ST NW ATLANTA GA 30309"),
]
ALIKE_GCS = [
    ("Stonegate Construction, Inc.", "1401 S BLVD CHARLOTTE NC 28203"),
    ("Stonegate Builders LLC", "530 N POPLAR ST CHARLOTTE NC 28202"),
    ("Pinnacle Peak Construction, Inc.", "4700 N 24TH ST PHOENIX AZ 85016"),
    ("Pinnacle Peak Contractors LLC", "16 W MAIN ST CARY NC 27511"),
]
# name, address, style, bank, retainage, invoice number named how often
OWNERS = [
    ("Mecklenburg Valley School District", "701 E MLK JR BLVD CHARLOTTE NC 28202", "ccd", "pnc", "0.05", 0.85),
    ("St. Brendan Health System", "1000 BLYTHE BLVD CHARLOTTE NC 28203", "wire", "citi", "0.10", 0.15),
    ("Queens Landing Apartments LLC", "2100 QUEENS RD CHARLOTTE NC 28207", "plain", "pnc", "0.10", 0.0),
]
SERVICE = [
    ("Lakeshore Property Management LLC", "ccd"),
    ("Crescent Hospitality Group", "ccd"),
    ("Beacon Self Storage Partners", "plain"),
    ("Harbor Point Apartments LLC", "check"),
    ("Oakridge Medical Plaza Owners Association", "ccd"),
    ("Trinity Lutheran Church", "check"),
    ("Ridgeview Industrial Park LLC", "plain"),
    ("Elm Street Brewing Co.", "ccd"),
]
PLACES = """Riverside Eastgate Westfield Lakeview Brookside Cedar_Hill Mill_Creek Northpark Southgate Fairview Oak_Grove
Pine_Ridge Stonebrook Willow_Bend Sycamore Ballantyne University_Park Crossroads Midtown Hawthorne Providence
Steele_Creek Dilworth Plaza_Midwood Berewick Harrisburg Mallard_Creek Grandview Easton Polaris""".split()
TYPES = ["Medical Office Building", "Elementary School Addition", "Apartments Phase II", "Distribution Center",
         "Senior Living", "Fire Station No. 7", "Library Renovation", "Hotel", "Parking Deck", "Retail Center",
         "Community Center", "Office Fit-Out", "Charter School", "Surgery Center", "Self Storage",
         "Church Expansion", "Data Center Shell", "Middle School Gym", "Police Headquarters",
         "Cancer Center"]  # fmt: skip
TWIN_TYPES = ["Apartments", "Townhomes", "Medical Office", "Flex Warehouse", "Residence Hall", "Self Storage"]
TM = {"electrical": ["after-hours panel relocation", "added EV charger circuits", "temporary power for trailers",
                     "relocate floor boxes per RFI 41", "added fire alarm devices in corridor",
                     "repair conduit damaged by others", "generator hookup for owner", "lighting controls changes"],
      "mechanical": ["relocate VAV boxes per RFI 17", "added exhaust fan EF-4", "after-hours chilled water shutdown",
                     "reroute condensate lines", "replace ductwork damaged by others", "added gas piping to kitchen",
                     "re-balance after owner changes", "temporary heat"]}  # fmt: skip
SVC = {"electrical": ["Service call - tripped breaker troubleshooting", "Quarterly generator PM",
                      "Parking lot lighting repair", "Replace exit and emergency lights", "Add dedicated circuits"],
       "mechanical": ["Service call - RTU-3 no heat", "Quarterly PM - rooftop units", "Boiler repair",
                      "Replace condenser fan motor", "Water heater replacement"]}  # fmt: skip
SUPPLIERS = {"electrical": ["Graybar Electric Company", "CED Charlotte", "WESCO Distribution"],
             "mechanical": ["Ferguson Enterprises", "Johnstone Supply", "Winsupply of Columbus"]}  # fmt: skip
BANKS = [("JPMORGAN CHASE BANK NA", "021000021"), ("WELLS FARGO BANK NA", "121000248"),
         ("TRUIST BANK", "061000104"), ("FIFTH THIRD BANK", "042000314"), ("BANK OF AMERICA NA", "026009593"),
         ("US BANK NA", "091000022"), ("PNC BANK NA", "043000096")]  # fmt: skip
OTHER_DESCR = ["PROGRESS PAYMENT", "VENDOR PAYMENT", "SUBCONTRACTOR PMT", "AP PAYMENT", "PAYMENT"]


def d2(x: Decimal | float | str) -> Decimal:
    return Decimal(str(x)).quantize(C, ROUND_HALF_UP)


def weekday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)


def month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def ach_name(name: str) -> str:
    """The company name an ACH credit carries: upper case, '.' and ',' dropped, 16 characters."""
    s = plain(name).upper().replace(".", "").replace(",", "")
    return " ".join(s.split())[:16].rstrip()


def upper(name: str, n: int = 35) -> str:
    return " ".join(plain(name).upper().replace(".", "").replace(",", "").split())[:n].rstrip()


@dataclass(eq=False)
class Cust:
    name: str
    role: str  # gc, owner, service
    address: str
    ach: str = ""  # ACH company name (16)
    style: str = ""  # how it pays: ctx, ccd, wire, plain, check
    bank: str = ""  # the account it pays into: pnc, bofa, citi
    orig_id: str = ""
    vendor: str = ""  # our vendor number in its payables system
    batch: bool = False  # one payment for every item of a pay run
    lag: int = 45  # days from pay app to payment, on average
    runs: str = "semi"  # pay-run days: semi (10th, 25th), monthly (15th), weekly (Thursday)
    subs: bool = True  # its jobs are QuickBooks sub-customers
    pe: int = 25  # period end of its pay apps (31: month end)
    terms: int = 30
    apform: str = "pa"  # how its AP names our pay app: pa (PA07), jobapp (2517-07), scapp, ours (25104-07)
    p_inv: float = 0.08  # how often its remittance names our invoice number
    jobs: list[Job] = field(default_factory=list)
    own: list[Inv] = field(default_factory=list)  # invoices on no job (service)

    @property
    def wire(self) -> str:
        return upper(self.name)

    def invoices(self) -> list[Inv]:
        return [*self.own, *(i for j in self.jobs for i in (*j.apps, *j.extras))]


@dataclass(eq=False)
class Job:
    cust: Cust
    name: str
    ours: str  # our job number
    gcno: str  # the GC's job number
    sc: str  # its subcontract / PO / commitment number: the invoice's P.O. Number
    rate: Decimal
    contract: Decimal = ZERO
    joint: str = ""  # supplier of a joint check agreement
    release: date | None = None  # retainage released (gross bookkeeping)
    twin: Job | None = None  # the other building of the project
    apps: list[Inv] = field(default_factory=list)
    extras: list[Inv] = field(default_factory=list)  # T&M tickets, change orders, the retainage invoice

    @property
    def qbo(self) -> str:
        return f"{self.cust.name}:{self.ours} {self.name}" if self.cust.subs else self.cust.name

    @property
    def short(self) -> str:
        """The job as a payer writes it: two words of its name, and the building."""
        bldg = f" {self.name[-6:].upper()}" if self.twin else ""
        return upper(" ".join(self.name.split()[:2]), 20) + bldg


@dataclass(eq=False)
class Inv:
    number: str
    cust: Cust
    job: Job | None
    kind: str  # app (pay application), ret (retainage invoice), tm (T&M ticket / change order), svc (service)
    issued: date
    terms: int
    total: Decimal  # the invoice's amount in QuickBooks
    retain: Decimal = ZERO  # retainage held on a pay app
    gross: Decimal = ZERO  # work billed on a pay app
    app: int = 0
    period: date | None = None
    tag: str = ""  # T&M TICKET 1182, CO 4
    po: str = ""  # a service customer's work order
    memo: str = ""
    paid: Decimal = ZERO
    pay_day: date | None = None  # when its payer pays it (None: not in sight)

    @property
    def due_date(self) -> date:
        return self.issued + timedelta(days=self.terms)

    @property
    def open(self) -> Decimal:
        return self.total - self.paid


@dataclass(eq=False)
class Item:
    inv: Inv
    amount: Decimal  # what the payer pays on it
    how: str  # what its remittance says of it: inv, po_app, app, po, none
    wide: bool = False  # it names the project, not which of its two buildings


@dataclass(eq=False)
class Credit:
    kind: str
    amount: Decimal
    day: date
    bank: str
    channel: str  # ctx, ccd, wire, plain, check, other
    cust: Cust | None
    items: list[Item] = field(default_factory=list)
    scene: str = "regular"  # regular, partial, joint, retainage, retainage_short, owner_direct
    truth: list[tuple[str, ...]] | None = None
    applied: dict[str, Decimal] = field(default_factory=dict)  # what the truth applies to each invoice
    note: str = ""
    text: str = ""  # the payer's remittance text (CCD addenda, wire OBI, Ustrd), or a ready bank text
    rmr: list[tuple[str, Decimal, Decimal, str]] = field(default_factory=list)  # CTX: ref, paid, gross, PO
    payer: str = ""  # the name the bank shows for lines of no customer
    ctype: str = ""  # BAI2 type code of a ready line
    checks: int = 0
    file: str = ""
    line: int = 0
    shown: str = ""


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"construction:{seed}")
        self.seed = seed
        self.firm, self.indn, self.div, self.trade, self.city = FIRMS[seed % 2]
        self.method = "net" if (seed // 2) % 2 == 0 else "gross"
        self.custs: list[Cust] = []
        self.credits: list[Credit] = []
        self.by_number: dict[str, Inv] = {}
        self.used_jobs: set[str] = set()
        self.ours = 25001 + self.r.randint(0, 60)

    # ---- customers, jobs, pay apps
    def customers(self) -> None:
        r = self.r
        gcs = [*ALIKE_GCS, *r.sample(GCS, len(GCS))]
        for name, address in gcs:
            style = r.choices(["ctx", "ccd", "wire", "plain", "check"], [30, 30, 12, 16, 12])[0]
            bank = "citi" if style in ("wire", "ctx") and r.random() < 0.3 else "bofa" if r.random() < 0.25 else "pnc"
            if style == "ctx" and bank == "bofa":
                bank = "pnc"
            c = Cust(name, "gc", address, ach_name(name), style, bank)
            c.batch = r.random() < 0.55
            c.lag = r.randint(35, 60)
            c.runs = r.choice(["semi", "semi", "monthly", "weekly"])
            c.subs = r.random() < 0.8
            c.pe = r.choice([25, 25, 31])
            c.terms = r.choice([30, 30, 45])
            c.apform = r.choice(["pa", "pa", "jobapp", "scapp", "ours"])
            c.p_inv = r.choice([0.05, 0.08, 0.12])
            self.ids(c)
            self.custs.append(c)
            jobform = r.choice(["yy2", "yy3", "six", "j"])
            scform = r.choice(["jobdiv", "scjob", "jobseq", "sap", "sub"])
            for _ in range(r.choice([1, 2, 2, 3, 3, 4, 4])):
                self.job(c, jobform, scform, Decimal("0.10"))
            if r.random() < 0.3:  # two buildings of one project, separate subcontracts, the same schedule of values
                self.job(c, jobform, scform, Decimal("0.10"), twins=True)
        for name, address, style, bank, rate, p_inv in OWNERS:
            c = Cust(name, "owner", address, ach_name(name), style, bank)
            c.lag, c.runs, c.subs, c.pe, c.terms, c.p_inv = r.randint(30, 50), "semi", True, 31, 30, p_inv
            c.apform = "ours"
            self.ids(c)
            self.custs.append(c)
            for _ in range(r.choice([1, 2])):
                self.job(c, "yy3", "contract", Decimal(rate))
        for name, style in r.sample(SERVICE, 6):
            c = Cust(name, "service", "", ach_name(name), style, "bofa" if r.random() < 0.5 else "pnc")
            c.lag, c.runs, c.terms, c.batch, c.p_inv = r.randint(18, 45), "weekly", 30, r.random() < 0.4, 0.7
            self.ids(c)
            self.custs.append(c)
            self.service(c)

    def ids(self, c: Cust) -> None:
        r = self.r
        c.orig_id = f"{r.choice('123')}{r.randint(10**8, 10**9 - 1)}"
        mine = self.firm[:3].upper()
        c.vendor = r.choice(
            [f"V{r.randint(10000, 99999)}", f"{r.randint(100000, 999999)}", f"{mine}{r.randint(10, 99)}0"]
        )

    def job(self, c: Cust, jobform: str, scform: str, rate: Decimal, twins: bool = False) -> None:
        """A job, or two buildings of one project under separate subcontracts with the same contract, schedule of
        values and billing dates, so the same pay app amounts."""
        r = self.r
        while True:
            name = f"{r.choice(PLACES).replace('_', ' ')} {r.choice(TWIN_TYPES if twins else TYPES)}"
            if name not in self.used_jobs:
                self.used_jobs.add(name)
                break
        yy, seq = r.choice([24, 25, 25, 26]), r.randint(3, 68)
        gcno = {"yy2": f"{yy}{seq:02d}", "yy3": f"{yy}-{seq:03d}", "six": f"{r.randint(100000, 199999)}",
                "j": f"J{yy}{seq:03d}"}[jobform]  # fmt: skip
        sc = {"jobdiv": f"{gcno}-{self.div}", "scjob": f"SC-{gcno}-{self.div}0",
              "jobseq": f"{gcno}-{r.randint(3, 40):03d}", "sap": f"45{r.randint(10**7, 10**8 - 1)}",
              "sub": f"SUB-{r.randint(10000, 99999)}",
              "contract": f"C-2025-{r.randint(100, 399)}"}[scform]  # fmt: skip
        contract = Decimal(r.randint(90, 2400) * 1000 + r.choice([0, 250, 500, 750]))
        first, n = r.randint(0, 11), r.randint(5, 16)  # month 0: March 2025
        w = [math.sin(math.pi * (k + 0.5) / n) ** 1.3 * r.uniform(0.85, 1.15) for k in range(n)]
        grosses = [d2(contract * Decimal(x / sum(w))) for x in w]
        grosses[-1] += contract - sum(grosses)
        late = [0 if c.pe == 31 or r.random() < 0.6 else r.randint(1, 4) for _ in range(n)]  # days after the period
        self.ours += r.randint(1, 9)
        for bldg in ("A", "B") if twins else ("",):
            j = Job(c, f"{name} Bldg {bldg}" if bldg else name, str(self.ours), gcno, sc + bldg, rate, contract)
            if bldg == "B":
                j.twin, c.jobs[-1].twin = c.jobs[-1], j
            self.ours += 1
            j.joint = r.choice(SUPPLIERS[self.trade]) if c.role == "gc" and r.random() < 0.1 else ""
            c.jobs.append(j)
            self.bill(j, first, grosses, late)

    def bill(self, j: Job, first: int, grosses: list[Decimal], late: list[int]) -> None:
        """Its pay apps to April 2026, the retainage of a finished job, T&M tickets and change orders."""
        r, c, n = self.r, j.cust, len(grosses)
        for k in range(n):
            mi = first + k
            y, m = 2025 + (2 + mi) // 12, (2 + mi) % 12 + 1
            if (y, m) > (2026, 4):
                break
            period = month_end(y, m) if c.pe == 31 else date(y, m, 25)
            issued = period + timedelta(days=late[k])
            if issued > END:
                break
            gross, retain = grosses[k], d2(grosses[k] * j.rate)
            total = gross - retain if self.method == "net" else gross
            inv = Inv("", c, j, "app", issued, c.terms, total, retain, gross, k + 1, period)
            inv.memo = (f"Pay App #{k + 1} - GC Job {j.gcno} {j.name} - Period to {period:%m/%d/%Y} - Work this "
                        f"period {gross:,.2f} less retainage {j.rate * 100:.0f}% {retain:,.2f}")  # fmt: skip
            j.apps.append(inv)
            self.schedule(inv)
        last = j.apps[-1]
        if len(j.apps) == n and last.issued < date(2026, 2, 1):  # finished: retainage comes later
            held = sum((a.retain for a in j.apps), ZERO)
            if self.method == "net":
                issued = last.issued + timedelta(days=r.randint(20, 60))
                if issued <= END:
                    ret = Inv("", c, j, "ret", issued, c.terms, held)
                    ret.memo = f"Retainage billing - Pay Apps 1-{len(j.apps)} - GC Job {j.gcno} {j.name}"
                    j.extras.append(ret)
                    self.schedule(ret, extra=r.randint(20, 90))
            else:
                j.release = weekday(last.issued + timedelta(days=r.randint(75, 200)))
                if j.release < START:
                    for a in j.apps:
                        a.paid = a.total if a.paid > 0 else a.paid
        for _ in range(r.choice([0, 0, 1, 1, 2, 3]) if c.role == "gc" else 0):
            issued = date(2025, 12, 1) + timedelta(days=r.randint(0, 140))
            if issued > END or issued < j.apps[0].issued:
                continue
            amount = d2(Decimal(r.randint(65000, 2400000)) / 100)
            if r.random() < 0.5:
                ticket = r.randint(1100, 1999)
                tag, memo = f"T&M TICKET {ticket}", f"T&M Ticket #{ticket} - {r.choice(TM[self.trade])}"
            else:
                n_co = r.randint(2, 14)
                tag, memo = f"CO {n_co}", f"Change Order #{n_co} - {r.choice(TM[self.trade])} (PCO {r.randint(5, 60)})"
            inv = Inv("", c, j, "tm", issued, c.terms, amount, tag=tag, memo=f"{memo} - GC Job {j.gcno} {j.name}")
            j.extras.append(inv)
            self.schedule(inv)

    def service(self, c: Cust) -> None:
        r = self.r
        pm = d2(Decimal(r.choice([850, 1150, 1450, 1875, 2400])))
        wo = r.random() < 0.5
        for _ in range(r.randint(2, 7)):
            issued = date(2026, 1, 5) + timedelta(days=r.randint(0, 105))
            if r.random() < 0.35:
                inv = Inv("", c, None, "svc", issued, c.terms, pm, memo=SVC[self.trade][1] + f" {issued:%b %Y}")
            else:
                amount = d2(Decimal(r.randint(28000, 980000)) / 100)
                inv = Inv("", c, None, "svc", issued, c.terms, amount, memo=r.choice(SVC[self.trade]))
            inv.po = f"WO-{r.randint(10000, 99999)}" if wo else ""
            c.own.append(inv)
            self.schedule(inv)

    def schedule(self, inv: Inv, extra: int = 0) -> None:
        """When its payer pays it: its lag, then the next pay run; 4% are disputed and never paid."""
        r, c = self.r, inv.cust
        if r.random() < 0.04:
            return
        d = inv.issued + timedelta(days=c.lag + extra + r.randint(-10, 15))
        if c.runs == "weekly":
            d += timedelta(days=(3 - d.weekday()) % 7)
        elif c.runs == "monthly":
            d = date(d.year, d.month, 15) if d.day <= 15 else date(d.year + (d.month == 12), d.month % 12 + 1, 15)
        else:
            d = date(d.year, d.month, 10 if d.day <= 10 else 25) if d.day <= 25 else date(
                d.year + (d.month == 12), d.month % 12 + 1, 10)  # fmt: skip
        d = weekday(d + timedelta(days=1))  # settles the next business day
        inv.pay_day = d
        if d < START and inv.kind != "ret":
            inv.paid = inv.total if self.method == "net" or inv.kind != "app" else inv.total - inv.retain
        elif d < START:
            inv.paid = inv.total

    def number(self) -> None:
        invs = sorted((i for c in self.custs for i in c.invoices()), key=lambda i: (i.issued, i.cust.name, i.app))
        for n, inv in enumerate(invs, start=self.r.randint(1850, 4100)):
            inv.number = str(n)
            self.by_number[inv.number] = inv

    # ---- what is open, what a payer pays on it
    def retention_only(self, inv: Inv) -> bool:
        return self.method == "gross" and inv.kind == "app" and inv.paid > 0

    def expected(self, inv: Inv) -> Decimal:
        """What the customer pays on the item now: an unpaid pay app at its net of retainage."""
        if self.method == "gross" and inv.kind == "app" and inv.paid == 0:
            return inv.total - inv.retain
        return inv.open

    def open_items(self, c: Cust) -> list[Inv]:
        return [i for i in c.invoices() if i.open > 0]

    # ---- payments
    def plan(self) -> None:
        r = self.r
        drafts: list[Credit] = []
        ret_scene = {False: "retainage", True: "retainage_short"}
        for c in self.custs:
            units: list[tuple[date, Job | None, list[Item], str]] = []
            for inv in c.invoices():
                if inv.pay_day is None or not START <= inv.pay_day <= END:
                    continue
                if inv.kind == "ret":
                    short = r.random() < 0.3
                    units.append((inv.pay_day, inv.job, [Item(inv, inv.total, "po")], ret_scene[short]))
                    continue
                scene = "joint" if inv.job is not None and inv.job.joint and inv.kind == "app" else "regular"
                amount = self.expected(inv)
                if scene == "regular" and inv.kind == "app" and r.random() < 0.09:
                    scene, amount = "partial", d2(amount * Decimal(str(r.uniform(0.6, 0.95))))
                units.append((inv.pay_day, inv.job, [Item(inv, amount, "")], scene))
            for j in c.jobs:
                if j.release is not None and START <= j.release <= END:
                    held = [a for a in j.apps if a.open > 0]
                    if all(self.retention_only(a) for a in held):  # every pay app paid but its retainage
                        items = [Item(a, a.open, "po") for a in held]
                        units.append((j.release, j, items, ret_scene[r.random() < 0.3]))
            groups: dict[tuple[date, int, int], list[tuple[date, Job | None, list[Item], str]]] = defaultdict(list)
            for n, u in enumerate(units):
                if u[3] in ("regular", "partial"):  # one payment a pay run, or one a job
                    groups[(u[0], 0 if c.batch else id(u[1]), -1)].append(u)
                else:  # joint checks and retainage go alone
                    groups[(u[0], id(u[1]), n)].append(u)
            for key in sorted(groups, key=lambda k: (k[0], k[2])):
                us = groups[key]
                items = [it for u in us for it in u[2]]
                scenes = {u[3] for u in us}
                scene = "partial" if "partial" in scenes else us[0][3]
                if scene == "retainage_short":  # less a backcharge
                    cut = d2(Decimal(r.randint(35000, 480000)) / 100)
                    items[-1].amount = max(items[-1].amount - cut, d2(items[-1].amount / 3))
                drafts.append(self.credit(c, key[0], items, scene))
        self.owner_direct(drafts)
        self.deposit_checks(drafts)

    def credit(self, c: Cust, day: date, items: list[Item], scene: str) -> Credit:
        r = self.r
        channel = c.style
        if scene == "joint":
            channel = "check"
            for it in items:
                it.amount = d2(it.amount * Decimal(str(r.uniform(0.4, 0.75))))  # the supplier's share went to it
        elif channel in ("ctx", "ccd") and r.random() < 0.08:
            channel = "plain"  # the addenda did not come through
        bank = c.bank if channel != "check" else ("pnc" if c.bank == "citi" else c.bank)
        amount = sum((it.amount for it in items), ZERO)
        cr = Credit("", amount, day, bank, channel, c, items, scene)
        retainage = scene.startswith("retainage")
        for it in items:
            it.how = self.how(c, it.inv, channel, len(items), retainage)
        if channel == "ctx":
            self.ctx(cr)
        elif channel in ("ccd", "wire"):
            self.remit_text(cr, 140 if channel == "wire" else 80)
        return cr

    def how(self, c: Cust, inv: Inv, channel: str, n: int, retainage: bool) -> str:
        r = self.r
        if channel in ("plain", "check"):
            return "none"
        if retainage:
            return "po"
        if inv.kind == "svc" or c.role == "service":
            return "inv" if r.random() < c.p_inv else "none"
        if r.random() < (c.p_inv if inv.kind == "app" else 0.45):
            return "inv"
        if inv.kind == "tm":  # the ticket or change order number names it
            return "po_app"
        if channel == "ctx":
            return "po_app" if c.apform != "pa" or r.random() < 0.8 else "app"
        if n > 1:
            return r.choices(["po_app", "app", "none"], [80, 12, 8])[0]
        return r.choices(["po_app", "app", "po", "none"], [62, 14, 14, 10])[0]

    def part(self, it: Item) -> str:
        r, inv, how = self.r, it.inv, it.how
        j, n = inv.job, inv.number
        if how == "inv":
            return r.choice([f"INV {n}", f"INVOICE {n}", f"INV# {n}", f"INV NO {n}", n])
        if how == "none" or j is None:
            return ""
        if inv.kind == "tm":
            return r.choice([f"{inv.tag} {j.sc}", f"{inv.tag} JOB {j.gcno}", f"{j.sc} {inv.tag}"])
        a, short = inv.app, j.short
        if j.twin and r.random() < 0.5:  # the project's name, not the building's
            short, it.wide = short[:-7], True
        if how == "po_app":
            forms = [f"SC {j.sc} APP {a}", f"{j.sc} PAY APP #{a}", f"PO {j.sc} APPL {a}", f"{j.sc} PA{a:02d}"]
            named = [f"JOB {j.gcno} {short} APP {a}", f"{short} PAY APP {a}"]
        elif how == "app":
            return r.choice([f"PAY APP {a}", f"APP #{a}", f"APPLICATION NO {a}", f"PA{a:02d}"])
        else:
            forms, named = [f"SC {j.sc}", f"PO {j.sc}"], [f"JOB {j.gcno} {short}", f"{short} PROGRESS PMT"]
        k = r.randrange(len(forms) + len(named))
        it.wide = it.wide and k >= len(forms)
        return (forms + named)[k]

    def remit_text(self, cr: Credit, width: int) -> None:
        r = self.r
        if cr.scene.startswith("retainage"):
            j = cr.items[0].inv.job
            assert j is not None
            cr.text = r.choice([f"RETAINAGE {j.sc}", f"RETAINAGE RELEASE JOB {j.gcno}", f"RET {j.sc}",
                                f"FINAL RETAINAGE {j.short}"])  # fmt: skip
            if cr.scene == "retainage_short" and r.random() < 0.5:
                cr.text += " LESS BACKCHARGE"
            return
        parts, kept = [self.part(it) for it in cr.items], list[str]()
        for it, p in zip(cr.items, parts):
            if not p:
                continue
            if len(" / ".join([*kept, p])) > width:
                it.how = "none"  # cut off: the bank carries only so many characters
                continue
            kept.append(p)
        cr.text = " / ".join(kept) if kept else r.choice(["", "", *OTHER_DESCR])

    def apref(self, it: Item) -> str:
        inv, c = it.inv, it.inv.cust
        j = inv.job
        if it.how == "inv" or j is None:
            return inv.number
        if inv.kind == "tm":
            return inv.tag.replace("T&M TICKET ", "TM").replace(" ", "")
        if inv.kind == "ret" or it.how == "po":
            return f"{j.gcno}-RET"
        form = c.apform if it.how == "po_app" else "pa"
        return {"pa": f"PA{inv.app:02d}", "jobapp": f"{j.gcno}-{inv.app:02d}", "scapp": f"{j.sc}-{inv.app}",
                "ours": f"{j.ours}-{inv.app:02d}"}[form]  # fmt: skip

    def ctx(self, cr: Credit) -> None:
        """X12 RMR per item: the payer's reference for it, paid, the gross it was billed at, and REF*PO (a
        retainage release is one voucher in the GC's payables: one RMR)."""
        if cr.scene.startswith("retainage"):
            j = cr.items[0].inv.job
            assert j is not None
            held = sum((it.inv.open for it in cr.items), ZERO)
            cr.rmr = [(f"{j.gcno}-RET", cr.amount, held, j.sc)]
            return
        for it in cr.items:
            inv, j = it.inv, it.inv.job
            gross = inv.gross if inv.kind == "app" else inv.open
            po = j.sc if j is not None and (it.how in ("po", "po_app") or self.r.random() < 0.3) else ""
            if it.how == "app":
                po = ""
            cr.rmr.append((self.apref(it), it.amount, gross, po))

    def owner_direct(self, drafts: list[Credit]) -> None:
        """The owner pays a GC's pay app to us directly (the GC stopped paying its subs)."""
        r = self.r
        pool = [cr for cr in drafts if cr.cust and cr.cust.role == "gc" and cr.scene == "regular"
                and len(cr.items) == 1 and cr.items[0].inv.kind == "app"]  # fmt: skip
        for cr in r.sample(pool, min(3, len(pool))):
            it = cr.items[0]
            inv = it.inv
            assert inv.job is not None
            j = inv.job
            cr.scene, cr.channel, cr.bank = "owner_direct", "wire", r.choice(["pnc", "citi"])
            cr.payer = f"{j.name.split()[0]} {' '.join(j.name.split()[1:3])} Owner LLC"
            if r.random() < 0.6:
                it.how = "po_app"
                cr.text = f"ON BEHALF OF {upper(inv.cust.name, 24)} {j.short} PAY APP {inv.app}"
            else:
                it.how = "po"
                what = r.choice(["DIRECT PAY", "SUB PAYMENT", self.trade.upper()])
                cr.text = f"{upper(j.name)} {what}"
            cr.rmr = []
        self.credits = drafts

    def deposit_checks(self, drafts: list[Credit]) -> None:
        """Checks arrive by mail: Bank of America's mobile deposit takes one check a deposit; the operating
        account's remote deposit scanner sends the checks scanned on a Tuesday or Thursday as one deposit."""
        r = self.r
        out, scanned = [], defaultdict(list)
        for cr in drafts:
            if cr.channel != "check":
                out.append(cr)
                continue
            got = weekday(cr.day + timedelta(days=r.randint(2, 6)))
            cr.checks = 1
            if cr.bank == "bofa":
                cr.day = got
                out.append(cr)
            else:
                while got.weekday() not in (1, 3):
                    got += timedelta(days=1)
                scanned[got].append(cr)
        for day, crs in scanned.items():
            first = crs[0]
            first.day = day
            for other in crs[1:]:
                first.items += other.items
                first.amount += other.amount
                first.checks += 1
                first.scene = first.scene if first.scene == "joint" else other.scene
            out.append(first)
        self.credits = [cr for cr in out if cr.day <= END]

    # ---- truth: what the clerk does, line by line in date order
    def payers(self, cr: Credit) -> list[Cust]:
        assert cr.cust is not None
        if cr.channel == "wire" or cr.scene == "owner_direct":  # the owner's text names the GC's job
            return [cr.cust]
        return [c for c in self.custs if c.ach == cr.cust.ach]

    def fits(self, pool: list[Inv], amount: Decimal) -> list[frozenset[Inv]]:
        """Sets of up to four open items, or a whole job's open items, whose payments make the amount."""
        exp = {i: self.expected(i) for i in pool}
        pairs: dict[Decimal, list[tuple[Inv, Inv]]] = defaultdict(list)
        for a, b in combinations(pool, 2):
            pairs[exp[a] + exp[b]].append((a, b))
        out: list[frozenset[Inv]] = [frozenset([i]) for i in pool if exp[i] == amount]
        out += [frozenset(p) for p in pairs.get(amount, [])]
        for i in pool:
            out += [frozenset((i, *p)) for p in pairs.get(amount - exp[i], []) if i not in p]
        for total, ps in pairs.items():
            for p in ps:
                out += [frozenset((*p, *q)) for q in pairs.get(amount - total, []) if not set(p) & set(q)]
        jobs: dict[int, list[Inv]] = defaultdict(list)
        for i in pool:
            if i.job is not None:
                jobs[id(i.job)].append(i)
        for items in jobs.values():
            if len(items) > 4 and sum(i.open for i in items) == amount:
                out.append(frozenset(items))
        return list(dict.fromkeys(out))

    def ident(self, it: Item, pool: list[Inv]) -> list[Inv]:
        """The open items the remittance's words for the item could mean."""
        inv = it.inv
        jobs = [inv.job, inv.job.twin] if it.wide and inv.job is not None else [inv.job]
        if it.how == "inv" or (it.how == "po_app" and not it.wide):
            return [inv] if inv in pool else []
        if it.how == "po_app":
            return [i for i in pool if i.job in jobs and i.kind == inv.kind and i.app == inv.app and i.tag == inv.tag]
        if it.how == "app":
            return [i for i in pool if i.kind == "app" and i.app == inv.app and not self.retention_only(i)]
        if it.how == "po":
            return [i for i in pool if i.job in jobs]
        return pool

    def solutions(self, cr: Credit, pool: list[Inv]) -> tuple[list[frozenset[Inv]], bool]:
        """The sets of items the remittance and the amount allow, and whether a named item is paid in part."""
        named = [it for it in cr.items if it.how != "none"]
        if cr.channel == "ctx":  # an amount per item
            per = []
            for it in named:
                cands = self.ident(it, pool)
                fit = [i for i in cands if self.expected(i) == it.amount]
                if not fit and len(cands) == 1 and it.amount < self.expected(cands[0]):
                    fit = cands
                per.append(fit)
            sols = [frozenset(x) for x in product(*per) if len(set(x)) == len(x)]
            part = any(it.amount < self.expected(it.inv) for it in named)
            return list(dict.fromkeys(sols)), part
        hidden = len(named) < len(cr.items)
        per = [self.ident(it, pool) for it in named]
        sols = []
        if math.prod(len(p) for p in per) <= 20000:
            for combo in product(*per):
                if len(set(combo)) < len(combo):
                    continue
                rest = cr.amount - sum((self.expected(i) for i in combo), ZERO)
                if rest == 0 and (named or not hidden):
                    sols.append(frozenset(combo))
                elif rest > 0 and hidden:
                    left = [i for i in pool if i not in combo]
                    sols += [frozenset(combo) | extra for extra in self.fits(left, rest)]
        if not sols and len(named) == 1 and not hidden and len(per[0]) == 1 and cr.amount < self.expected(per[0][0]):
            return [frozenset(per[0])], True
        return list(dict.fromkeys(sols)), False

    def alike(self, a: frozenset[Inv], b: frozenset[Inv]) -> bool:
        def key(x: frozenset[Inv]) -> list[tuple[str, int, Decimal]]:
            return sorted((i.cust.name, id(i.job), self.expected(i)) for i in x)

        return key(a) == key(b)

    def classify(self) -> None:
        """Line by line in date order, as the clerk works: what earlier lines paid is no longer open."""
        settled: set[Inv] = set()
        either: set[Inv] = set()  # items an earlier line could have paid as well as the one it paid
        for cr in sorted(self.credits, key=lambda x: (x.day, x.bank, x.amount)):
            truth = frozenset(it.inv for it in cr.items)
            cr.truth = [tuple(sorted(i.number for i in truth))]
            cr.kind, cr.applied = self.kind_of(cr, truth, settled)
            if cr.kind.endswith("_same_job"):
                either |= {self.by_number[n] for t in cr.truth for n in t}
            elif cr.kind in CLERK and len(truth) == 1:  # the clerk may have given the earlier line this one
                alts = [i for i in either - truth if self.alike(frozenset([i]), truth)]
                cr.truth += [(i.number,) for i in alts]
                cr.applied.update({i.number: cr.applied[next(iter(truth)).number] for i in alts})
            settled |= truth  # a later line naming an interchangeable item moves the clerk's earlier choice

    def kind_of(self, cr: Credit, truth: frozenset[Inv], settled: set[Inv]) -> tuple[str, dict[str, Decimal]]:
        if cr.channel == "check":
            return ("joint_check" if cr.scene == "joint" else "check_batch" if cr.checks > 1 else "check_bare"), {}
        pool = [i for c in self.payers(cr) for i in self.open_items(c) if i not in settled]
        full = {i.number: self.expected(i) for i in truth}
        named = [it for it in cr.items if it.how != "none"]
        if cr.scene.startswith("retainage") and named:
            job = cr.items[0].inv.job
            held = [i for i in pool if i.job is job and (i.kind == "ret" or self.retention_only(i))]
            due = sum((i.open for i in held), ZERO)
            if frozenset(held) == truth and cr.amount == due:
                return "retainage_named", {i.number: i.open for i in held}
            if frozenset(held) == truth and len(held) == 1 and cr.amount < due:  # one retainage invoice, paid short
                return "retainage_partial", {held[0].number: cr.amount}
            return "retainage_short", {}  # short over several pay apps' retainage: which is unpaid?
        sols, part = self.solutions(cr, pool)
        if sols and all(self.alike(x, truth) for x in sols):
            # same customer, same job, same amounts: whichever the clerk takes (the oldest) comes to the same
            cr.truth = sorted({tuple(sorted(i.number for i in x)) for x in [*sols, truth]})
            if sols != [truth]:
                cr.note += f"; {len(sols)} sets of the same amounts: any is right"
                return "bare_same_job" if not named else "named_same_job", {
                    i.number: self.expected(i) for x in sols for i in x}  # fmt: skip
        if len(sols) != 1:
            if not sols:
                if cr.scene == "owner_direct":
                    return "owner_direct", {}
                if cr.scene == "partial":
                    return ("partial_ambiguous" if named else "partial_unnamed"), {}
                return ("multi_short" if len(named) > 1 else "no_fit"), {}
            return ("owner_direct" if cr.scene == "owner_direct" else "named_ambiguous" if named else "bare_same"), {}
        if sols[0] != truth:
            return "coincidence", {}
        if cr.channel == "ctx":
            applied = {it.inv.number: it.amount for it in cr.items}
        elif part:
            applied = {next(iter(truth)).number: cr.amount}
        else:
            applied = full
        if cr.scene.startswith("retainage"):
            return "retainage_bare", applied
        if cr.scene == "owner_direct":
            return "owner_named", applied
        if len(truth) > 1:
            return ("multi_remit" if cr.channel == "ctx" else "multi_text" if named else "bare_multi"), applied
        inv, how = next(iter(truth)), cr.items[0].how
        if part:
            return "partial_named", applied
        if inv.kind in ("svc", "tm"):
            base = "service" if inv.kind == "svc" else "tm"
            return f"{base}_{'named' if named else 'bare'}", applied
        return {"inv": "app_invno", "po_app": "app_named", "app": "app_number_only", "po": "app_po_only"}.get(
            how, "bare_unique"), applied  # fmt: skip

    # ---- credits of no customer, debits
    def noncustomer(self) -> None:
        r = self.r
        opens = [i for c in self.custs for i in self.open_items(c)]
        school = next(c for c in self.custs if c.role == "owner")
        supplier = upper(SUPPLIERS[self.trade][0], 16)
        rows = [
            ("pnc", "171", "", "LOAN ADVANCE NOTE 0001 COMMERCIAL LINE OF CREDIT", "loan"),
            ("pnc", "354", "", "INTEREST CREDIT", "interest"),
            ("pnc", "206", "", "BOOK TRANSFER CREDIT FROM ACCOUNT 0004471920", "round"),
            ("pnc", "ach", "UNITED RENTALS", "REFUND", "tempting"),
            ("pnc", "ach", "SUNBELT RENTALS", "AR REFUND", "tempting"),
            ("pnc", "ach", "IRS TREAS 310", "TAX REF", "any"),
            ("pnc", "ach", "THE HARTFORD", "WC DIVIDND", "any"),
            ("pnc", "ach", supplier, "REBATE", "tempting"),
            ("pnc", "ach", school.ach, "BID DEP RF", "bid"),
            ("pnc", "ach", "CAT FINANCIAL", "REFUND", "tempting"),
            ("bofa", "", "", "BUSINESS ADVANTAGE LOC DES:LOAN ADV ID:{n10} INDN:{indn} CO ID:9000000001 CCD", "loan"),
            ("bofa", "", "", "Interest Earned", "interest"),
            ("bofa", "", "", "Online Banking transfer from CHK 4471 Confirmation# {n10}", "round"),
            ("bofa", "ach", "WEX INC", "REBATE", "any"),
            ("bofa", "mobile", "", "", "tempting"),
            ("citi", "ach", "TRAVELERS CASUALTY AND SURETY COMPANY", "BOND PREMIUM REFUND 106{n6}", "tempting"),
            ("citi", "camt", upper(self.firm), "TRANSFER FROM PNC OPERATING", "round"),
            ("citi", "int", "", "INTEREST CREDIT", "interest"),
        ]
        for k in range(30):
            bank, how, payer, text, rule = rows[k % len(rows)]
            amount = d2(Decimal(r.randint(150000, 4500000)) / 100)
            if rule == "interest":
                amount = d2(Decimal(r.randint(400, 38000)) / 100)
            elif rule in ("round", "loan"):
                amount = Decimal(r.choice([25000, 50000, 75000, 100000, 150000]))
            elif rule == "bid":
                amount = Decimal(r.choice([2500, 5000, 10000]))
            elif rule == "tempting" and r.random() < 0.5 and opens:
                amount = self.expected(r.choice(opens))
            fill = {"n10": str(r.randint(10**9, 10**10 - 1)), "n6": str(r.randint(10**5, 10**6 - 1)),
                    "indn": self.indn}  # fmt: skip
            day = weekday(START + timedelta(days=r.randint(0, (END - START).days - 2)))
            channel = {"ach": "other_ach", "mobile": "check", "camt": "other_camt"}.get(how, "other")
            cr = Credit("noncustomer", amount, day, bank, channel, None, text=text.format(**fill), payer=payer)
            cr.ctype = how if how.isdigit() else "354" if how == "int" else ""
            cr.checks = 1 if how == "mobile" else 0
            if rule == "tempting" and amount in {self.expected(i) for i in opens}:
                cr.note = "the amount of an open item"
            self.credits.append(cr)
        debits = [
            ("pnc", "451", "ADP PAYROLL", "PAYROLL"),
            ("pnc", "451", "IBEW LOCAL 379" if self.trade == "electrical" else "UA LOCAL 189", "FRINGE BEN"),
            ("pnc", "495", "", f"WIRE OUT {upper(SUPPLIERS[self.trade][1])}"),
            ("pnc", "475", "", "CHECK PAID"),
            ("pnc", "451", "BCBS NC", "PREMIUM"),
            ("bofa", "", "", "AMERICAN EXPRESS DES:ACH PMT ID:W{n10} INDN:{indn} CO ID:1133133497 CCD"),
            ("bofa", "", "", "Check {chk}"),
            ("bofa", "", "", "WEX INC DES:FLEET PMT ID:{n10} INDN:{indn} CO ID:1043451501 CCD"),
            ("citi", "", "", "TRANSFER TO PNC OPERATING"),
        ]
        for k in range(36):
            bank, code, payer, text = debits[k % len(debits)]
            fill = {"n10": str(r.randint(10**9, 10**10 - 1)), "indn": self.indn, "chk": str(r.randint(10400, 10999))}
            amount = -d2(Decimal(r.randint(50000, 9000000)) / 100)
            day = weekday(START + timedelta(days=(END - START).days * k // 36 + r.randint(0, 2)))
            cr = Credit("debit", amount, day, bank, "other_ach" if payer else "other", None, text=text.format(**fill))
            cr.payer, cr.ctype = payer, code
            self.credits.append(cr)

    def build(self) -> World:
        self.customers()
        self.number()
        self.plan()
        self.classify()
        self.noncustomer()
        return self

    # ---- files
    def write(self, out: Path) -> list[str]:
        self.write_qbo(out / LEDGER)
        (out / "arsync.yaml").write_text(f"version: 1\nreports:\n  company_name: {self.firm}\n", encoding="utf-8")
        files = []
        for bank, name in FILES.items():
            lines = [cr for cr in self.credits if cr.bank == bank]
            for cr in lines:
                cr.file = name
            getattr(self, f"write_{bank}")(out / name, lines)
            files.append(name)
        return files

    def write_qbo(self, path: Path) -> None:
        """QuickBooks Online Open Invoices, customized: P.O. Number and Memo/Description added."""
        head = ["", "Date", "Transaction type", "Num", "P.O. Number", "Memo/Description", "Term", "Due date",
                "Amount", "Open balance"]  # fmt: skip
        rows: list[list[str]] = [["Open Invoices"], [self.firm], ["As of April 30, 2026"], [], head]
        groups: dict[str, list[Inv]] = defaultdict(list)
        for c in self.custs:
            for inv in c.invoices():
                if inv.open > 0:
                    groups[inv.job.qbo if inv.job else c.name].append(inv)
        g_amt = g_open = ZERO
        for name in sorted(groups, key=str.lower):
            rows.append([name] + [""] * 9)
            s_amt = s_open = ZERO
            for inv in sorted(groups[name], key=lambda i: (i.issued, int(i.number))):
                po = inv.job.sc if inv.job else inv.po
                rows.append(["", f"{inv.issued:%m/%d/%Y}", "Invoice", inv.number, po, inv.memo, f"Net {inv.terms}",
                             f"{inv.due_date:%m/%d/%Y}", f"{inv.total:,.2f}", f"{inv.open:,.2f}"])  # fmt: skip
                s_amt, s_open = s_amt + inv.total, s_open + inv.open
            rows.append([f"Total for {name}", "", "", "", "", "", "", "", f"${s_amt:,.2f}", f"${s_open:,.2f}"])
            rows.append([])
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows.append(["TOTAL", "", "", "", "", "", "", "", f"${g_amt:,.2f}", f"${g_open:,.2f}"])
        rows += [[], [], ["Accrual Basis Friday, May 1, 2026 07:42 AM GMT-04:00"]]
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)

    # the payer's side of an ACH line: (company name, entry description, SEC, ACH individual id)
    def ach_parts(self, cr: Credit) -> tuple[str, str, str, str]:
        r, c = self.r, cr.cust
        if c is None:
            return cr.payer, cr.text[:10], "CCD", str(r.randint(10**5, 10**6 - 1))
        sec = "CTX" if cr.channel == "ctx" else "CCD"
        descr = (
            "EDI PYMNTS"
            if sec == "CTX"
            else r.choice(["VENDOR PAY", "AP PAYMENT", "PAYMENTS", "ACH PMT", "SUBCONTRAC"])
        )
        return c.ach, descr, sec, c.vendor

    def x12(self, cr: Credit) -> list[str]:
        assert cr.cust is not None
        trace = f"{self.r.randint(10**9, 10**10 - 1)}"
        segs = [f"TRN*1*{trace}*1{cr.cust.orig_id}\\", f"N1*PR*{upper(cr.cust.name, 60)}\\"]
        for ref, paid, gross, po in cr.rmr:
            segs.append(f"RMR*IV*{ref}*PI*{paid}*{gross}\\" + (f"REF*PO*{po}\\" if po else ""))
        return segs

    def bai2_text(self, cr: Credit) -> tuple[str, str, list[str]]:
        """(type code, 16 text, 88 continuation texts) of a line."""
        r, c = self.r, cr.cust
        if cr.channel == "other":
            return cr.ctype or "399", cr.text, []
        if cr.channel == "check":
            return "301", "REMOTE DEPOSIT", []
        if cr.channel == "wire":
            name = upper(cr.payer) if cr.scene == "owner_direct" or c is None else c.wire
            addr = c.address if c is not None and cr.scene != "owner_direct" else "100 N TRYON ST CHARLOTTE NC 28202"
            bank, aba = r.choice(BANKS)
            head = (f"INCOMING WIRE TRN:{cr.day:%Y%m%d}{r.randint(10**5, 10**6 - 1)} SND BK:{bank} ID:{aba} "
                    f"ORG=/{r.randint(10**8, 10**10)} {name} {addr}")  # fmt: skip
            return "195", head, ([f"OBI={cr.text}"] if cr.text else [])
        name, descr, sec, ind = self.ach_parts(cr)
        text = (f"ORIG CO NAME:{name} ORIG ID:{c.orig_id if c else r.randint(10**9, 10**10 - 1)} DESC DATE:"
                f"{cr.day:%y%m%d} CO ENTRY DESCR:{descr} SEC:{sec} TRACE#:0{r.randint(10**13, 10**14 - 1)} "
                f"EED:{cr.day:%y%m%d} IND ID:{ind} IND NAME:{self.indn}")  # fmt: skip
        more = self.x12(cr) if cr.channel == "ctx" else [f"ADDENDA:{cr.text}"] if cr.text and c is not None else []
        return ("451" if cr.amount < 0 else "165"), text, more

    def write_pnc(self, path: Path, lines: list[Credit]) -> None:
        r = self.r
        me = f"{self.firm[:4].upper()}0001"
        out = [f"01,043000096,{me},260501,0545,1,,,2/"]
        file_total, groups = 0, 0
        for day in sorted({cr.day for cr in lines}):
            groups += 1
            out.append(f"02,{me},043000096,1,{day:%y%m%d},2400,USD,2/")
            opening, closing = r.randint(10**7, 10**9), r.randint(10**7, 10**9)
            out.append(f"03,5302114478,USD,010,{opening},,,015,{closing},,/")
            start, acct_total = len(out) - 1, opening + closing
            for cr in sorted((x for x in lines if x.day == day), key=lambda x: (x.amount < 0, x.amount)):
                cents = int(abs(cr.amount) * 100)
                acct_total += cents
                code, text, more = self.bai2_text(cr)
                cr.line = len(out) + 1
                bankref = f"{day:%y%m%d}{r.randint(10**8, 10**9 - 1)}"
                custref = f"{r.randint(10400, 10999)}" if code == "475" else ""
                out.append(f"16,{code},{cents},{'1' if code == '301' else '0'},{bankref},{custref},{text}")
                out += [f"88,{m}" for m in more]
                cr.shown = " ".join([text, *more])
            n = len(out) - start + 1
            out.append(f"49,{acct_total},{n}/")
            out.append(f"98,{acct_total},1,{n + 2}/")
            file_total += acct_total
        out.append(f"99,{file_total},{groups},{len(out) + 1}/")
        path.write_text("\n".join(out) + "\n", encoding="ascii")

    def bofa_text(self, cr: Credit) -> str:
        r, c = self.r, cr.cust
        if cr.channel == "other":
            return cr.text
        if cr.channel == "check":
            return f"BKOFAMERICA MOBILE {cr.day:%m/%d} {r.randint(10**9, 10**10 - 1)} DEPOSIT *MOBILE NC"
        if cr.channel == "wire":
            name = upper(cr.payer) if cr.scene == "owner_direct" or c is None else c.wire
            bank, aba = r.choice(BANKS)
            det = f" PMT DET:{cr.text}" if cr.text else ""
            hhmm = f"{r.randint(8, 17):02d}{r.randint(0, 59):02d}"
            return (f"WIRE TYPE:WIRE IN DATE:{cr.day:%y%m%d} TIME:{hhmm} ET TRN:{cr.day:%Y%m%d}"
                    f"{r.randint(10**5, 10**6 - 1)} SEQ:{cr.day:%Y%m%d}{r.randint(10**5, 10**6 - 1)}/"
                    f"{r.randint(10**5, 10**6 - 1)} ORIG:{name} ID:{r.randint(10**8, 10**10)} SND BK:{bank} "
                    f"ID:{aba}{det}")  # fmt: skip
        name, descr, sec, ind = self.ach_parts(cr)
        oid = c.orig_id if c else str(r.randint(10**9, 10**10 - 1))
        info = f" PMT INFO:{cr.text}" if cr.text and c is not None else ""
        return f"{name} DES:{descr} ID:{ind} INDN:{self.indn} CO ID:{oid} {sec}{info}"

    def write_bofa(self, path: Path, lines: list[Credit]) -> None:
        rows = sorted(lines, key=lambda x: (x.day, x.amount))
        opening = Decimal("84211.37")
        bals, bal = [], opening
        for cr in rows:
            bal += cr.amount
            bals.append(bal)
        ins = sum((cr.amount for cr in rows if cr.amount > 0), ZERO)
        outs = sum((cr.amount for cr in rows if cr.amount < 0), ZERO)
        first = f"Beginning balance as of {START:%m/%d/%Y}"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerows([["Description", "", "Summary Amt."], [first, "", f"{opening:,.2f}"],
                         ["Total credits", "", f"{ins:,.2f}"], ["Total debits", "", f"{outs:,.2f}"],
                         [f"Ending balance as of {END:%m/%d/%Y}", "", f"{bal:,.2f}"], [],
                         ["Date", "Description", "Amount", "Running Bal."],
                         [f"{START:%m/%d/%Y}", first, "", f"{opening:,.2f}"]])  # fmt: skip
            for k, (cr, b) in enumerate(zip(rows, bals)):
                cr.line, cr.shown = k + 9, self.bofa_text(cr)
                w.writerow([f"{cr.day:%m/%d/%Y}", cr.shown, f"{cr.amount:,.2f}", f"{b:,.2f}"])

    def camt_entry(self, cr: Credit, k: int) -> list[str]:
        r, c = self.r, cr.cust
        sign = "CRDT" if cr.amount > 0 else "DBIT"
        amt = f'<Amt Ccy="USD">{abs(cr.amount)}</Amt>'
        if cr.channel == "wire" or cr.scene == "owner_direct":
            fam, sub, bai, info = "RCDT", "DMCT", "195", "FEDWIRE CREDIT"
        elif cr.channel in ("ctx", "ccd", "plain", "other_ach"):
            fam, sub, bai, info = "RCDT", "ACDT", "165", "ACH CREDIT"
        elif cr.ctype == "354":
            fam, sub, bai, info = "RCDT", "OTHR", "354", cr.text
        else:
            fam, sub, bai, info = ("RCDT", "BOOK", "206", "BOOK TRANSFER CREDIT") if sign == "CRDT" else (
                "ICDT", "BOOK", "495", "BOOK TRANSFER DEBIT")  # fmt: skip
        head = (f"<Ntry><NtryRef>{k + 1}</NtryRef>{amt}<CdtDbtInd>{sign}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
                f"<BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt><AcctSvcrRef>"
                f"CITI{cr.day:%y%m%d}{k:06d}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd>"
                f"<SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn><Prtry><Cd>{bai}</Cd><Issr>BAI</Issr></Prtry>"
                "</BkTxCd>")  # fmt: skip
        if c is None and not cr.payer:
            cr.shown = info
            return [head, f"<AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>"]
        if c is None or cr.scene == "owner_direct":
            name, addr = cr.payer, ""
        else:
            name = c.name if cr.channel == "wire" else c.ach
            addr = c.address if cr.channel == "wire" else ""
        e2e = r.choice(["NOTPROVIDED", f"{r.randint(10**9, 10**10 - 1)}"])
        tx = f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>{amt}<CdtDbtInd>{sign}</CdtDbtInd>"
        adr = f"<PstlAdr><AdrLine>{escape(addr)}</AdrLine></PstlAdr>" if addr else ""
        tx += f"<RltdPties><Dbtr><Pty><Nm>{escape(name)}</Nm>{adr}</Pty></Dbtr><DbtrAcct><Id><Othr><Id>"
        tx += f"{r.randint(10**8, 10**10)}</Id></Othr></Id></DbtrAcct></RltdPties>"
        if info == "FEDWIRE CREDIT":
            bank, aba = r.choice(BANKS)
            tx += (f"<RltdAgts><DbtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>{aba}"
                   f"</MmbId></ClrSysMmbId><Nm>{bank}</Nm></FinInstnId></DbtrAgt></RltdAgts>")  # fmt: skip
        strd = ""
        for ref, paid, gross, _po in cr.rmr:
            strd += (f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{escape(ref)}</Nb>"
                     f'</RfrdDocInf><RfrdDocAmt><DuePyblAmt Ccy="USD">{gross}</DuePyblAmt><RmtdAmt Ccy="USD">{paid}'
                     "</RmtdAmt></RfrdDocAmt></Strd>")  # fmt: skip
        pos = sorted({po for *_, po in cr.rmr if po})
        ustrd = cr.text or (" ".join(f"PO {p}" for p in pos) if pos else "")
        if ustrd or strd:
            tx += "<RmtInf>" + (f"<Ustrd>{escape(ustrd[:140])}</Ustrd>" if ustrd else "") + strd + "</RmtInf>"
        docs = " ".join(f"{ref}={paid}/{gross}" for ref, paid, gross, _ in cr.rmr)
        cr.shown = f"Dbtr={name!r} Ustrd={ustrd!r}" + (f" Strd={docs}" if docs else "") + f" AddtlNtryInf={info!r}"
        return [head, "<NtryDtls>", tx + "</TxDtls>", f"</NtryDtls><AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>"]

    def write_citi(self, path: Path, lines: list[Credit]) -> None:
        ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f'<Document xmlns="{ns}">', "<BkToCstmrStmt>",
               "<GrpHdr><MsgId>CITI20260501053001</MsgId><CreDtTm>2026-05-01T04:10:00-04:00</CreDtTm></GrpHdr>",
               ]  # fmt: skip
        opening = Decimal("412500.00")
        months = [(date(2026, m, 1), month_end(2026, m)) for m in range(START.month, END.month + 1)]
        for k, (first, last) in enumerate(months):
            rows = sorted((cr for cr in lines if first <= cr.day <= last), key=lambda x: (x.day, x.amount))
            closing = opening + sum((cr.amount for cr in rows), ZERO)
            out.append(f"<Stmt><Id>CITI-{last:%Y%m}-3391</Id><ElctrncSeqNb>{k + 3}</ElctrncSeqNb><CreDtTm>{last}"
                       f"T23:00:00-04:00</CreDtTm><FrToDt><FrDtTm>{first}T00:00:00-05:00</FrDtTm><ToDtTm>{last}"
                       f"T23:59:59-04:00</ToDtTm></FrToDt><Acct><Id><Othr><Id>30983391</Id></Othr></Id><Ccy>USD</Ccy>"
                       f"<Ownr><Nm>{escape(self.firm)}</Nm></Ownr><Svcr><FinInstnId><BICFI>CITIUS33</BICFI>"
                       "</FinInstnId></Svcr></Acct>")  # fmt: skip
            for cd, bal, day in (("OPBD", opening, first), ("CLBD", closing, last)):
                out.append(f'<Bal><Tp><CdOrPrtry><Cd>{cd}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">{bal}</Amt>'
                           f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
            for n, cr in enumerate(rows):
                cr.line = len(out) + 1
                out += self.camt_entry(cr, n + 100 * k)
            out.append("</Stmt>")
            opening = closing
        out += ["</BkToCstmrStmt>", "</Document>"]
        path.write_text("\n".join(out) + "\n", encoding="utf-8")


# ---- checks of the files
def check_parse(world: World, out: Path, files: list[str]) -> list[str]:
    """Every line written is read, once, with its amount and date."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in world.credits:
        t = by.pop((cr.file, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(f"{cr.file}:{cr.line} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def check_ledger(world: World, out: Path) -> list[str]:
    """``arsync aging`` reads the report's open total and every customer's."""
    cmd = [str(ARSYNC), "aging", "--as-of", "2026-04-30", "--ledger", LEDGER, "--currency", "USD", "--json"]
    code, doc, err = run(cmd, out)
    if doc is None:
        return [f"aging refused the ledger (exit {code}): {err.strip()[:2000]}"]
    want = sum((i.open for c in world.custs for i in world.open_items(c)), ZERO)
    got = Decimal(str(doc.get("totals", {}).get("total", "0")))
    return [] if got == want else [f"aging total {got}, the report's open invoices add up to {want}"]


# ---- scoring
def score(world: World, doc: dict[str, Any], show: str) -> Table:
    got = matches_by(doc, file_line)
    every = {k: list(v) for k, v in got.items()}
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}

    def header(key: tuple[str, int], cr: Credit) -> str:
        who = cr.cust.name if cr.cust else cr.payer or "-"
        note = cr.note.strip("; ")
        head = f"{key[0]}:{key[1]} {cr.day} USD {cr.amount} payer={who!r} scene={cr.scene} note={note!r}"
        return f"{head}\n    line: {cr.shown}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for tag, nums in (("truth", [n for t in cr.truth or [] for n in t]), ("picked", list(picked))):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None:
                    where = inv.job.qbo if inv.job else inv.cust.name
                    po = f" PO {inv.job.sc}" if inv.job else ""
                    told = f", truth applies {cr.applied[n]}" if n in cr.applied else ""
                    pays = f"open {inv.open}, pays {world.expected(inv)}{told}"
                    print(f"    {tag} {n}: {where}{po}, {inv.memo[:70]!r}, {pays}")

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        verdicts[key] = (cr, v)

    keyed = [((cr.file, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.file, x.line))]
    table = score_credits(keyed, got, show, header, review=REVIEW, judged=judged, ledger=ledger, applied=True)
    failed = checks(world, every, verdicts, table, header, ledger)
    print("\nchecks on autos judged right by their invoices:", dict(failed) or "none failed")
    missed(verdicts, every)
    return table


def checks(
    world: World,
    every: dict[tuple[str, int], list[Match]],
    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]],
    table: Table,
    header: Any,
    ledger: Any,
) -> Counter[str]:
    """Amounts of every auto judged right: no invoice beyond its open amount, no more than the payment, each
    invoice what the truth applies to it, nothing written off. A failure moves it to AUTO WRONG."""
    failed: Counter[str] = Counter()
    for key, (cr, v) in verdicts.items():
        autos = [m for m in every.get(key, []) if m.get("decision") == "auto"]
        if autos and v.outcome == "AUTO WRONG" and part_right(cr, autos):
            failed["autos on part of the line, as its remittance says (counted suggest ok)"] += 1
            table[cr.kind]["AUTO WRONG"] -= 1
            table[cr.kind]["suggest ok"] += 1
            print(f"\n[{cr.kind}] {key[0]}:{key[1]}: not wrong after all: the autos apply {label(autos[0])} as the "
                  "remittance names and pays them; the rest is left to a person (counted suggest ok)")  # fmt: skip
            continue
        if not autos or v.outcome != "auto ok":
            continue
        why: list[str] = []
        applied: dict[str, Decimal] = defaultdict(Decimal)
        for m in autos:
            for i in m.get("invoices", []):
                applied[i["number"]] += Decimal(i["applied"])
            off = Decimal(m.get("write_off") or 0)
            if off:
                why.append(f"writes off {off}, which the payer still owes")
        for n, a in applied.items():
            inv = world.by_number.get(n)
            if inv is not None and a > inv.open:
                why.append(f"applies {a} to {n}, open {inv.open}")
            if n in cr.applied and a != cr.applied[n]:
                why.append(f"applies {a} to {n}, the payer paid {cr.applied[n]} on it")
        if sum(applied.values(), ZERO) > cr.amount:
            why.append("applies more than the payment")
        if why:
            failed[cr.kind] += 1
            table[cr.kind]["auto ok"] -= 1
            table[cr.kind]["AUTO WRONG"] += 1
            print(f"\n[{cr.kind}] {header(key, cr)}\n    AUTO WRONG by amount: {'; '.join(why)}")
            ledger(cr, v.picked)
            for m in autos:
                print(f"    auto {label(m)} applied={[i['applied'] for i in m['invoices']]} unapplied="
                      f"{m.get('unapplied')} write_off={m.get('write_off')}\n      reasons: {reasons(m)}")  # fmt: skip
    return failed


def part_right(cr: Credit, autos: list[Match]) -> bool:
    """The autos apply some of the line's invoices, each one the remittance names by itself (our number, or its
    subcontract and pay app) and with what was paid on it, write nothing off and leave the rest unapplied."""
    got: dict[str, Decimal] = defaultdict(Decimal)
    for m in autos:
        if Decimal(m.get("write_off") or 0):
            return False
        for i in m.get("invoices", []):
            got[i["number"]] += Decimal(i["applied"])
    named = {it.inv.number: it.amount for it in cr.items if it.how in ("inv", "po_app") and cr.channel != "check"}
    if cr.kind in CLERK:
        named = {n: cr.applied[n] for n in cr.applied} if cr.channel == "ctx" else named
    return bool(got) and all(n in named and a == named[n] for n, a in got.items())


def missed(verdicts: dict[tuple[str, int], tuple[Credit, Verdict]], every: dict[tuple[str, int], list[Match]]) -> None:
    """Payable credits left to a person, by kind and decision, with the reason features of the first."""
    tally: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], str] = {}
    for key, (cr, v) in sorted(verdicts.items()):
        if not v.payable or v.decision == "auto":
            continue
        k = (cr.kind, f"{v.decision}{'' if v.outcome != 'suggest wrong' else ' (wrong set)'}")
        tally[k] += 1
        ms = [m for m in every.get(key, []) if m.get("decision") == v.decision] or every.get(key, [])
        first.setdefault(k, f"{key[0]}:{key[1]}: " + (reasons(ms[0])[:200] if ms else "-"))
    print("\npayable credits not auto, by kind and decision (first example's reasons)")
    for (kind, dec), n in sorted(tally.items(), key=lambda kv: -kv[1]):
        print(f"  {kind:<16} {dec:<22} {n:>3}  {first[(kind, dec)]}")


def main() -> int:
    args = arguments(__doc__)
    try:
        world = World(args.seed).build()
        with workdir(args.keep, "bench_construction_") as out:
            files = world.write(out)
            custs = [c for c in world.custs if c.invoices()]
            n_open = sum(len(world.open_items(c)) for c in custs)
            n_in = sum(cr.amount > 0 for cr in world.credits)
            print(f"seed {args.seed}: {world.firm}, {world.method} retainage bookkeeping; {len(custs)} customers, "
                  f"{sum(len(c.jobs) for c in custs)} jobs, {n_open} open invoices; {n_in} credits + "
                  f"{len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
            for problem in check_parse(world, out, files) + check_ledger(world, out):
                print("PARSE:", problem)
            bank = [a for f in files for a in ("--bank", f)]
            doc = match(out, *bank, "--ledger", LEDGER, "--currency", "USD", timed=True)
            if doc is not None:
                report(score(world, doc, args.show), CLERK)
    except Exception:  # a benchmark reports, it does not fail
        traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main())
