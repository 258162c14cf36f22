"""Cash application for a US business on QuickBooks Online's default invoice numbers (1001, 1002, ... no prefix).

Run:  .venv/bin/python benchmarks/bench_match_numeric.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

The world: Kestrel Mechanical LLC, an HVAC contractor in Dallas (commercial accounts, franchise stores named by
store number, homeowners with QuickBooks jobs named by street address, several "John Smith"-like customers). Its
invoices were numbered 1001 up from mid-2023, about three a day, so the ~420-450 still open run from a few disputed
1xxx-3xxx ones to a dense block near 3800-4200. Everything in the bank text is numbers too: customers' check
numbers, deposit slip and ATM sequence numbers, ACH IND IDs that are sometimes the invoice and sometimes our vendor
number in the customer's AP system (zero padded or not), franchise store numbers, street numbers and ZIP+4 codes of
wire originators, phone numbers, dates (0315, 12/14), amounts written out ("PMT 3,412.50"), card-processor merchant
and batch numbers, transfer account suffixes, a supplier refund quoting its own invoice number. Open invoice numbers
are planted into those fields on purpose (the decoy stays open and unpaid, of another amount, except in
vendor_same_amt, where it is given the amount paid, as flat fees make happen).

Kinds (~255 credits and 24 debits a seed): ach_ind_inv (the ACH IND ID is the invoice), vendor_other (it is our
vendor number, another customer's open invoice), vendor_same_amt (the same, and that invoice is open for the amount
paid), vendor_own (it is another of the payer's own invoices), ach_addenda (``RMR*IV*``, ``INV 4012`` in PMT INFO),
ach_multi_ref, ach_multi_noref, ach_name_only, recurring (a monthly fee, several open), store_number (a franchise's
store number is an open invoice), wire_address (the originator's street number and ZIP+4 are), wire_short_fee,
amount_text ("PMT 3412.50" beside invoice 3412), inv_date_amount ("INV 4012 DTD 12/14/25" beside invoice 1214),
phone_in_text, same_amt_named, partial_ref, zelle_ref, zelle_spouse, zelle_job_addr (the memo names the job's street
address, whose number is an open invoice), zelle_name, zelle_cluster (Zelle shows "JOHN SMITH" for John A. Smith),
check_unique, check_collide (check, slip or ATM number is an open invoice), check_ambiguous, deposit_batch,
smith_ambiguous (John Smith and John A. Smith owe the amount; Zelle shows "JOHN SMITH"), noncustomer (interest,
transfers, tax refunds, card batches, Intuit deposits, loans, supplier and card refunds with store numbers).

Per seed it writes ``open-invoices.csv`` (QuickBooks Online's "Open Invoices" report: title rows, a heading per
customer, jobs as ``Parent:Job``, ``Total for`` rows, ``TOTAL``, run date), ``chase.csv`` (Chase checking export),
``bofa.csv`` (Bank of America checking export) and ``wf.qbo`` (a Wells Fargo Web Connect file, OFX 1.02), runs
``arsync match --bank chase.csv --bank bofa.csv --bank wf.qbo --ledger open-invoices.csv --currency USD --json`` and
scores each credit against its known answer through ``matchscore``. KINDS says per kind what a careful AR clerk does
with the bank line alone: auto (applies it unasked), either (amount only, or a doubtful number: fine both ways),
review (a person must choose: any auto is wrong), none (pays no invoice). Wrong autos are always printed with the
matcher's reasons; ``--show missed|wrong|KIND`` prints more. Always exits 0.
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from matchscore import C, Match, arguments, file_line, match, matches_by, report, score_credits, workdir

US = "KESTREL MECHANICAL LLC"
START, END = date(2026, 3, 2), date(2026, 3, 31)
T0 = date(2023, 6, 1)  # the day of invoice 1001; about 3.1 invoices a day since
# kind:lines:what a clerk does with the bank line alone (auto, either, review, none)
_KINDS = """ach_ind_inv:22:auto vendor_other:14:auto vendor_same_amt:5:either vendor_own:4:either
ach_addenda:14:auto ach_multi_ref:10:auto ach_multi_noref:6:auto ach_name_only:16:auto recurring:6:either
store_number:8:auto wire_address:8:auto wire_short_fee:6:auto amount_text:8:auto inv_date_amount:6:auto
phone_in_text:4:auto same_amt_named:10:auto partial_ref:6:auto zelle_ref:10:auto zelle_spouse:4:auto
zelle_job_addr:4:auto zelle_name:6:auto zelle_cluster:4:either check_unique:14:either check_collide:14:either
check_ambiguous:8:review deposit_batch:4:review smith_ambiguous:4:review noncustomer:32:none"""
KINDS = {k: (int(n), e) for k, n, e in (x.split(":") for x in _KINDS.split())}
CLERK = [k for k, (_, e) in KINDS.items() if e == "auto"]
REVIEW = [k for k, (_, e) in KINDS.items() if e == "review"]
# kinds that set invoice amounts go first, then those that need particular customers
ORDER = """same_amt_named vendor_same_amt check_ambiguous smith_ambiguous amount_text store_number recurring
zelle_job_addr zelle_cluster inv_date_amount""".split()

PLACES = """Lakeshore|Cedar Creek|Preston Hollow|Bluebonnet|Trinity|Lone Star|White Rock|Las Colinas|Keller|Frisco|
Oak Cliff|Deep Ellum|Addison|Coppell|Mesquite|Rockwall|Brazos|Red Oak|Grapevine|Legacy|Stonebridge|Heritage|
Riverbend|Prairie Creek|Chisholm|Pecan Grove|Magnolia|Live Oak|Sunbelt|North Texas""".replace("\n", "").split("|")
TRADES = """Property Management|Apartments|Dental Group|Family Medicine|Animal Hospital|Baptist Church|Montessori|
Self Storage|Fitness|Brewing Co|Dry Cleaners|Auto Repair|Logistics|Distribution|Cold Storage|Office Park|Plaza|
Senior Living|Veterinary Clinic|Printing|Machine Works|Title Company|Realty|Hotel Partners|Event Center|Bakery|
Grill|Tire & Service|Pharmacy|Daycare""".replace("\n", "").split("|")
LAST = """Patel Nguyen Garcia Martinez Robinson Clark Rodriguez Lewis Walker Hall Allen Young Hernandez King Wright
Lopez Hill Scott Green Adams Baker Gonzalez Nelson Carter Mitchell Perez Roberts Turner Phillips Campbell Parker
Evans Edwards Collins Stewart Morris Rogers Reed Cook Morgan Bell Murphy Bailey Rivera Cooper""".split()
FIRST = """James Robert Mary Patricia Jennifer Linda Elizabeth William Barbara Susan Richard Joseph Thomas Sarah
Karen Nancy Lisa Daniel Betty Matthew Sandra Anthony Ashley Steven Kimberly Andrew Emily Paul Donna Kevin""".split()
FORMS = ["LLC", "LLC", "Inc", "Inc.", "Ltd", "LP", "Co", "Corp", "PLLC", ""]
CLUSTERS = [["John Smith", "John A. Smith", "Jon Smith"], ["Michael Johnson", "Mike Johnson", "Michael Johnson Jr."],
            ["Maria Garcia", "Maria L. Garcia"], ["David Nguyen", "David T. Nguyen"]]  # fmt: skip
BRANDS = ["Taco Casa", "Sonic Drive-In", "Whataburger", "Jiffy Lube", "Ace Hardware", "Kwik Kar Lube", "Circle K",
          "Dairy Queen", "Shipley Donuts", "Great Clips", "Tom Thumb", "Wingstop"]  # fmt: skip
STREETS = ["ELM ST", "MAIN ST", "COMMERCE DR", "INDUSTRIAL BLVD", "OAK LAWN AVE", "PRESTON RD", "BELT LINE RD"]
CITIES = ["DALLAS TX 75201", "PLANO TX 75074", "IRVING TX 75038", "GARLAND TX 75040", "FORT WORTH TX 76102"]
WIRE_BANKS = [("WELLS FARGO BANK, N.A.", "121000248"), ("BANK OF AMERICA, N.A.", "026009593"),
              ("FROST BANK", "114000093"), ("COMERICA BANK", "111000753"), ("PNC BANK, NA", "043000096")]  # fmt: skip
ABBR = {"MANAGEMENT": "MGMT", "PROPERTY": "PPTY", "APARTMENTS": "APTS", "DISTRIBUTION": "DIST", "MEDICINE": "MED",
        "HOSPITAL": "HOSP", "SERVICE": "SVC", "COMPANY": "CO", "CHURCH": "CH", "VETERINARY": "VET"}  # fmt: skip
QBO_HEAD = ["", "Date", "Transaction type", "Num", "Term", "Due date", "Amount", "Open balance"]
CHASE_HEAD = ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""]
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
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260401071500[-6:CST]<LANGUAGE>ENG
<FI><ORG>Wells Fargo<FID>3000</FI><INTU.BID>3000<INTU.USERID>KESTRELMECH</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>111900659<ACCTID>7716203381<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260301120000[0:GMT]<DTEND>20260331120000[0:GMT]"""
# credits that pay no invoice: (bank, Chase Type / OFX TRNTYPE, text, amount kind); {n}: a four-digit number, often
# an open invoice's; {y}: YYMMDD; {md}: MM/DD; ~k: k random digits
NONCUSTOMER = [
    ("chase", "MISC_CREDIT", "INTEREST PAYMENT", "interest"),
    ("chase", "ACCT_XFER", "Online Transfer from SAV ...{n} transaction#: ~11", "any"),
    ("chase", "LOAN", "LOAN PROCEEDS ACCT ...{n} LINE OF CREDIT", "loan"),
    ("chase", "ACH_CREDIT", ("ORIG CO NAME:IRS TREAS 310 ORIG ID:3101036151 DESC DATE:{y} CO ENTRY DESCR:TAX REF "
     "SEC:PPD TRACE#:~15 EED:{y} IND ID:~15 IND NAME:KESTREL MECHANICAL LLC TRN: ~10TC"), "any"),
    ("chase", "DEBIT_CARD", "HOME DEPOT #{n} {md} PURCHASE RETURN DALLAS TX CARD 4417", "small"),
    ("chase", "DEBIT_CARD", "LOWE'S #{n} {md} PURCHASE RETURN GARLAND TX CARD 4417", "small"),
    ("chase", "ACH_CREDIT", "ORIG CO NAME:INTUIT PYMT SOLN ORIG ID:1770329950 DESC DATE:{y} CO ENTRY DESCR:DEPOSIT "
     "SEC:CCD TRACE#:~15 EED:{y} IND ID:524771~6 IND NAME:" + US + " TRN: ~10TC", "any"),
    ("bofa", "", "Interest Earned", "interest"),
    ("bofa", "", "BANKCARD 8076 DES:MTOT DEP ID:444~8 INDN:" + US + " CO ID:1841010148 CCD", "any"),
    ("bofa", "", "SQUARE INC DES:SQ{y} ID:T~4{n} INDN:" + US + " CO ID:9424300002 CCD", "any"),
    ("bofa", "", "FERGUSON ENT DES:REFUND ID:~9 INDN:" + US + " CO ID:1541234567 CCD PMT INFO:CREDIT MEMO {n} "
     "RETURNED GOODS", "any"),
    ("bofa", "", "Online Banking transfer from SAV {n} Confirmation# ~10", "any"),
    ("bofa", "", "TX COMPTROLLER DES:TAX REFUND ID:~10 INDN:" + US + " CO ID:1746000192 CCD", "any"),
    ("wf", "INT", "INTEREST PAYMENT", "interest"),
    ("wf", "XFER", ("ONLINE TRANSFER FROM KESTREL MECHANICAL LLC BUSINESS MARKET RATE SAVINGS XXXXXX{n} REF #IB0~8 "
     "ON {md}/26"), "any"),
    ("wf", "CREDIT", "BANKCARD-8076 MTOT DEP {y} 4441234{n} KESTREL MECHANICAL", "any"),
    ("wf", "CREDIT", "GRAINGER REFUND {y} INV {n} KESTREL MECHANICAL", "any"),
    ("wf", "CREDIT", "SBAD TREAS 310 MISC PAY {y} ~9 KESTREL MECHANICAL", "loan"),
    ("wf", "DEP", "AMAZON.COM SVCS REFUND {y} ~8 KESTREL MECHANICAL", "small"),
    ("wf", "CREDIT", "PURCHASE RETURN AUTHORIZED ON {md} THE HOME DEPOT #{n} DALLAS TX S~15 CARD 4417", "small"),
    ("wf", "CREDIT", "CLOVER APP DEP {y} 52~6 KESTREL MECHANICAL CALL 800-555-{n}", "any"),
]  # fmt: skip


class NoInvoice(Exception):
    """No open invoice fits what a kind needs."""


@dataclass(eq=False)
class Cust:
    name: str  # QuickBooks display name; "Parent:Job" for a job
    group: str  # biz | contract | store | person | job
    ach: str = ""  # the ACH company name (16 characters at most)
    zelle: str = ""  # the name a Zelle payment shows
    oid: str = ""  # ACH company id
    parent: Cust | None = None
    invs: list[Inv] = field(default_factory=list)

    @property
    def root(self) -> Cust:
        return self.parent or self


@dataclass(eq=False)
class Inv:
    number: str
    cust: Cust
    issued: date
    terms: int
    total: Decimal
    paid: Decimal = Decimal(0)
    used: bool = False  # the truth of a credit, or a decoy kept open and unpaid

    @property
    def due(self) -> Decimal:
        return self.total - self.paid


@dataclass
class Credit:
    kind: str
    bank: str  # chase | bofa | wf
    day: date
    amount: Decimal
    text: str
    truth: list[tuple[str, ...]] | None  # acceptable invoice sets; None: pays no invoice
    note: str = ""
    ctype: str = "ACH_CREDIT"  # Chase's Type, or the OFX TRNTYPE
    slip: str = ""  # Chase's "Check or Slip #"
    checknum: str = ""  # OFX CHECKNUM
    file: str = ""
    line: int = 0


def money(r: random.Random, low: Decimal | int, high: Decimal | int) -> Decimal:
    """A random amount of whole cents from low up to high."""
    return Decimal(r.randrange(int(low * 100), int(high * 100))) * C


def rounded(d: Decimal, step: int) -> Decimal:
    return ((d / step).quantize(Decimal(1)) * step).quantize(C)


def usd(d: Decimal, sym: str = "") -> str:
    return ("-" if d < 0 else "") + f"{sym}{abs(d):,.2f}"


class World:
    def __init__(self, seed: int) -> None:
        self.seed, self.r = seed, random.Random(f"numeric/{seed}")
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.credits: list[Credit] = []
        self.skipped: Counter[str] = Counter()

    # ------------------------------------------------------------------ customers and invoices
    def digits(self, k: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(k))

    def fill(self, text: str, day: date, n: str = "") -> str:
        text = text.replace("{y}", f"{day:%y%m%d}").replace("{md}", f"{day:%m/%d}").replace("{n}", n)
        while "~" in text:
            k = text.index("~")
            width = int(text[k + 1 : k + 3]) if text[k + 1 : k + 3].isdigit() else int(text[k + 1])
            text = text[:k] + self.digits(width) + text[k + 1 + len(str(width)) :]
        return text

    def ach16(self, name: str) -> str:
        words = name.upper().replace(".", "").replace(",", "").replace("'", "").replace("-", " ").split()
        if words[-1] in {"LLC", "INC", "LTD", "LP", "CO", "CORP", "PLLC"} and self.r.random() < 0.6:
            words.pop()
        return " ".join(ABBR.get(w, w) if self.r.random() < 0.7 else w for w in words)[:16].rstrip()

    def add(self, name: str, group: str, parent: Cust | None = None) -> Cust:
        c = Cust(name, group, parent=parent, oid=str(self.r.randrange(10**9, 10**10)))
        c.ach = self.ach16(name.split(":", maxsplit=1)[0])
        person = (parent or c).name if group in ("person", "job") else ""
        c.zelle = person.upper().replace(".", "")
        if person and "." in person and self.r.random() < 0.5:  # the bank profile has no middle initial
            c.zelle = " ".join(w for w in c.zelle.split() if len(w) > 1)
        self.custs.append(c)
        return c

    def customers(self) -> None:
        r, names = self.r, set()
        while len(self.custs) < 100:
            roll, place, trade = r.random(), r.choice(PLACES), r.choice(TRADES)
            form, last = r.choice(FORMS), r.choice(LAST)
            name = (f"{place} {trade} {form}" if roll < 0.55 else f"{last} {trade} {form}" if roll < 0.8
                    else f"{last} & {r.choice(LAST)} PLLC").strip()  # fmt: skip
            if name.split()[0] + name.split()[1] not in names:
                names.add(name.split()[0] + name.split()[1])
                self.add(name, "biz")
        while sum(c.group == "contract" for c in self.custs) < 6:  # maintenance contracts: a fee every month
            name = f"{r.choice(PLACES)} {r.choice(['Office Park', 'Plaza', 'Senior Living', 'Apartments'])} Owners LLC"
            if name.split()[0] + "owners" not in names:
                names.add(name.split()[0] + "owners")
                self.add(name, "contract")
        for brand in r.sample(BRANDS, 9):  # franchise stores; store_number makes the number an invoice's
            store = self.add(f"{brand} #{r.randrange(100, 999)}", "store")
            store.ach = store.name.upper().replace("'", "").replace("-", "")[:16].rstrip()
        for cluster in CLUSTERS:
            for name in cluster:
                self.add(name, "person")
        taken = {n.split()[-1] for cl in CLUSTERS for n in cl}
        while sum(c.group == "person" for c in self.custs) < 50:
            name = f"{r.choice(FIRST)} {r.choice(LAST)}"
            if name not in names and name.split()[-1] not in taken:
                names.add(name)
                self.add(name, "person")
        owners = [c for c in self.custs if c.group == "person"]
        for owner in [owners[0], *r.sample(owners[10:], 5)]:  # homeowners' jobs, named by address
            for _ in range(r.choice([1, 2])):
                self.add(f"{owner.name}:{r.randrange(100, 9999)} {r.choice(STREETS).title()}", "job", owner)

    def amount(self, c: Cust) -> Decimal:
        r = self.r
        if c.group in ("person", "job"):
            if r.random() < 0.4:
                return Decimal(r.choice(["89.00", "125.00", "189.00", "245.00", "350.00", "475.00"]))
            return money(r, 150, 9800) if r.random() < 0.3 else money(r, 150, 2400)
        scale = {"biz": r.choice([600, 1500, 4000, 9000]), "store": 1200}.get(c.group, 2000)
        amt = money(r, scale // 4, scale * 22 // 10)
        return rounded(amt, 25) if r.random() < 0.3 else amt

    def invoices(self) -> None:
        r = self.r
        drafts: list[tuple[date, Cust, Decimal, int]] = []
        for c in self.custs:
            if c.group == "person" and any(j.parent is c for j in self.custs) and r.random() < 0.5:
                continue  # invoiced only on the jobs
            terms = r.choice([30, 30, 15, 0, 45]) if c.group != "person" else r.choice([0, 0, 15])
            n = {"person": r.choice([1, 1, 1, 2]), "job": r.choice([1, 1, 2]), "store": r.choice([2, 2, 3]),
                 "contract": 0}.get(c.group, r.choice([1, 1, 2, 2, 3, 3, 4, 5]))  # fmt: skip
            n = 2 if any(c.name in cl for cl in CLUSTERS) else n
            for _ in range(n):
                drafts.append((date(2025, 11, 20) + timedelta(r.randrange(0, 128)), c, self.amount(c), terms))
            if c.group == "contract":
                fee = Decimal(r.choice(["450.00", "625.00", "1150.00", "380.00", "895.00", "1275.00"]))
                for m in (12, 1, 2, 3):
                    drafts.append((date(2025 if m == 12 else 2026, m, 1), c, fee, 30))
            if r.random() < (0.35 if c.group in ("biz", "store") else 0.1):  # long overdue or disputed
                old = date(2023, 7, 10) + timedelta(r.randrange(0, 860))
                drafts.append((old, c, self.amount(c), terms))
        for k in range(7):  # a few from 2023, in collections
            c = r.choice([x for x in self.custs if x.group == "biz"])
            drafts.append((date(2023, 6, 20) + timedelta(11 * k + r.randrange(0, 8)), c, self.amount(c), 30))
        drafts.sort(key=lambda d: (d[0], d[1].name))
        last = 1000
        for issued, c, amt, terms in drafts:
            last = max(last + 1, 1001 + int((issued - T0).days * 3.1) + r.randrange(0, 3))
            inv = Inv(str(last), c, issued, terms, amt)
            if r.random() < 0.05 and amt > 500 and c.group != "contract":  # part paid already
                inv.paid = rounded(amt * r.randrange(20, 50) / 100, 50)
            c.invs.append(inv)
            self.invs.append(inv)
        self.by_number = {i.number: i for i in self.invs}

    # ------------------------------------------------------------------ helpers
    def family(self, c: Cust) -> list[Inv]:
        return [i for x in self.custs if x.root is c.root for i in x.invs]

    def n_amount(self, amt: Decimal) -> int:
        return sum(i.due == amt for i in self.invs)

    def n_family(self, c: Cust, amt: Decimal) -> int:
        return sum(i.due == amt for i in self.family(c))

    def pick(self, groups: tuple[str, ...], ok: Callable[[Inv], bool] = lambda i: True) -> Inv:
        pool = [i for i in self.invs if not i.used and i.cust.group in groups and i.issued <= END - timedelta(3)]
        pool = [i for i in pool if ok(i)]
        if not pool:
            raise NoInvoice
        inv = self.r.choice(pool)
        inv.used = True
        return inv

    def decoy(self, payer: Cust, amount: Decimal, same: bool = False) -> Inv:
        """An open invoice of another customer, kept unpaid, whose number the bank line will carry (``same``: of
        a customer like the payer, to be given the payer's amount)."""
        far = lambda i: abs(i.due - amount) > max(Decimal(50), amount / 5)  # noqa: E731
        kin = lambda i: (i.cust.group in ("person", "job")) == (payer.group in ("person", "job"))  # noqa: E731
        pool = [i for i in self.invs if not i.used and i.cust.root is not payer.root and i.cust.group != "contract"]
        pool = [i for i in pool if (kin(i) if same else far(i))]
        if not pool:
            raise NoInvoice
        inv = self.r.choice(pool)
        inv.used = True
        return inv

    def day(self, invs: list[Inv]) -> date:
        d = max(i.issued for i in invs) + timedelta(self.r.randrange(2, 40))
        d = min(END, max(d, START + timedelta(self.r.randrange(0, 12))))
        while d.weekday() >= 5:
            d = d - timedelta(1) if d == END or d + timedelta(1) > END else d + timedelta(1)
        return d

    def spell(self, n: str) -> str:
        forms = ["INV {}", "INV#{}", "INV{}", "INVOICE {}", "Inv {}", "#{}", "{}", "INV NO {}", "INVOICE# {}"]
        return self.r.choice([*forms, "inv. {}", "INV-{}", "Invoice #{}"]).format(n)

    def add_credit(self, cr: Credit, invs: list[Inv] | None = None, alts: list[tuple[str, ...]] | None = None) -> None:
        if cr.truth is None and invs is not None:
            cr.truth = alts or [tuple(sorted(i.number for i in invs))]
        self.credits.append(cr)

    # ------------------------------------------------------------------ bank text
    def ach(self, bank: str, c: Cust, day: date, ind: str, addenda: str = "", name: str = "") -> tuple[str, str]:
        r, y = self.r, f"{day:%y%m%d}"
        name = name or c.ach
        descr = r.choice(["PAYMENT", "VENDOR PMT", "ACH PMT", "PAYABLES", "AP PAYMENT", "CORP PMT", "EDI PYMNTS"])
        if bank == "chase":
            text = (f"ORIG CO NAME:{name} ORIG ID:{c.oid} DESC DATE:{y} CO ENTRY DESCR:{descr} SEC:CCD "
                    f"TRACE#:{self.digits(15)} EED:{y} IND ID:{ind} IND NAME:{US}")  # fmt: skip
            return text + (f" PMT INFO:{addenda}" if addenda else "") + f" TRN: {self.digits(10)}TC", "ACH_CREDIT"
        if bank == "bofa":
            text = f"{name} DES:{descr} ID:{ind} INDN:{US} CO ID:{c.oid} CCD"
            return text + (f" PMT INFO:{addenda}" if addenda else ""), ""
        text = f"{name} {descr} {y} {ind} KESTREL MECHANICAL"  # Wells Fargo: the fields without their labels
        return text + (f" {addenda}" if addenda else ""), "DIRECTDEP"

    def wire(self, bank: str, c: Cust, day: date, obi: str, addr: str = "", zip4: str = "") -> tuple[str, str]:
        r = self.r
        addr = addr or f"{r.randrange(100, 9999)} {r.choice(STREETS)}"
        city = r.choice(CITIES) + (f"-{zip4}" if zip4 else "")
        sbank, aba = r.choice(WIRE_BANKS)
        name = c.name.upper().replace(".", "").replace(",", "")
        if bank == "chase":
            return (f"FEDWIRE CREDIT VIA: {sbank}/{aba} B/O: {name} {addr} {city} REF: CHASE NYC/CTR/BNF={US} "
                    f"DALLAS TX 75247-4102 US/AC-000000482911 RFB=O/B {sbank[:10]} OBI={obi} "
                    f"IMAD: {day:%m%d}MMQFMP{self.digits(6)} TRN: {self.digits(10)}FF"), "WIRE_INCOMING"  # fmt: skip
        if bank == "bofa":
            return (f"WIRE TYPE:WIRE IN DATE:{day:%y%m%d} TIME:{r.randrange(8, 17):02d}{r.randrange(60):02d} ET "
                    f"TRN:{day:%Y%m%d}{self.digits(6)} SEQ:{day:%Y%m%d}{self.digits(6)}/{self.digits(6)} "
                    f"ORIG:{name[:35]} ID:{self.digits(10)} SND BK:{sbank} ID:{aba} PMT DET:{obi}"), ""  # fmt: skip
        return (f"WT FED#{self.digits(5)} {sbank} /ORG={name} {addr} {city} SRF# {self.digits(10)} "
                f"TRN#{day:%y%m%d}{self.digits(6)} RFB# {obi}"), "CREDIT"  # fmt: skip

    def zelle(self, bank: str, who: str, day: date, memo: str = "") -> tuple[str, str]:
        conf = self.r.choice(["BAC", "WFCT", "JPM", "CTI"]) + "".join(
            self.r.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(8)
        )
        if bank == "chase":  # Chase prints no memo
            return f"Zelle Payment From {who.title()} {conf}", "QUICKPAY_CREDIT"
        if bank == "bofa":
            return (f'Zelle payment from {who} for "{memo}"; Conf# {conf.lower()}' if memo
                    else f"Zelle payment from {who} Conf# {conf.lower()}"), ""  # fmt: skip
        return f"ZELLE FROM {who} ON {day:%m/%d} REF # {conf}" + (f" {memo}" if memo else ""), "CREDIT"

    def deposit(self, bank: str, day: date, number: str) -> Credit:
        """A check deposit; ``number`` is the customer's check number, a slip or sequence number, or ''."""
        r, cr = self.r, Credit("", bank, day, Decimal(0), "", None)
        if bank == "chase":
            if number or r.random() < 0.5:  # a branch deposit with its deposit ticket's number
                cr.text, cr.ctype = f"DEPOSIT  ID NUMBER {r.randrange(100000, 999999)}", "DEPOSIT"
                cr.slip = number or str(r.randrange(100, 999))
            else:
                cr.text, cr.ctype = f"REMOTE ONLINE DEPOSIT #          {r.randrange(1, 4)}", "DEPOSIT"
        elif bank == "bofa":
            if number:
                cr.text = f"BKOFAMERICA ATM {day:%m/%d} #00000{number} DEPOSIT PRESTON RD DALLAS TX"
            else:
                cr.text = f"BKOFAMERICA MOBILE {day:%m/%d} {self.digits(10)} DEPOSIT *MOBILE TX"
        else:
            cr.ctype = "DEP"
            if number:
                cr.text = r.choice(["DEPOSIT CHECK #{}", "CHECK {}", "RDC DEPOSIT CHECK {}"]).format(number)
                cr.checknum = number if r.random() < 0.5 else ""
            else:
                at = f"02:{r.randrange(10, 59)}:{r.randrange(10, 59)} PM"
                branch = f"EDEPOSIT IN BRANCH/STORE {day:%m/%d/%y} {at} 8411 PRESTON RD DALLAS TX {self.digits(4)}"
                cr.text = r.choice([f"MOBILE DEPOSIT : REF NUMBER :{self.digits(9)}", branch])
        return cr

    # ------------------------------------------------------------------ the kinds
    def payable(self, kind: str) -> None:
        r = self.r
        biz = ("biz", "store")
        uniq = lambda i: self.n_family(i.cust, i.due) == 1  # noqa: E731
        if kind in ("ach_ind_inv", "ach_name_only", "vendor_other", "vendor_own", "ach_addenda"):
            if kind == "vendor_own":
                inv = self.pick(biz, lambda i: uniq(i) and any(not j.used and j.due != i.due for j in i.cust.invs))
                other = r.choice([j for j in inv.cust.invs if not j.used and j.due != inv.due])
                other.used = True
            else:
                inv = self.pick(biz, uniq)
            bank, day, c, addenda, note = r.choice(["chase", "bofa", "wf"]), self.day([inv]), inv.cust, "", ""
            ind = r.choice([f"V{r.randrange(10**4, 10**5)}", str(r.randrange(10**6, 10**9)), "KESTRE001", ""])
            if kind == "ach_ind_inv":
                ind = r.choice(["{}", "{}", "INV{}", "INV {}", "000000{}", "00000000000{}"]).format(inv.number)
            elif kind in ("vendor_other", "vendor_own"):
                n = other.number if kind == "vendor_own" else self.decoy(c, inv.due).number
                ind, note = r.choice(["{}", "{}", "000000{}", "00000000000{}"]).format(n), f"vendor number {n}"
            elif kind == "ach_addenda":
                bank = r.choice(["chase", "bofa", "bofa"])
                addenda = r.choice([f"RMR*IV*{inv.number}*PI*{inv.due}\\", f"RMR*IV*{inv.number}**{inv.due}\\",
                                    self.spell(inv.number), f"PAYMENT FOR INVOICE {inv.number}",
                                    f"REF*IV*{inv.number}\\"])  # fmt: skip
                if r.random() < 0.35:  # and the IND ID is the vendor number, another open invoice's
                    ind = self.decoy(c, inv.due).number
                    note = f"IND ID {ind} is a vendor number"
            text, ctype = self.ach(bank, c, day, ind, addenda)
            self.add_credit(Credit(kind, bank, day, inv.due, text, None, note, ctype), [inv])
        elif kind == "vendor_same_amt":  # the vendor number is another customer's invoice of the same amount
            inv = self.pick(biz, uniq)
            dec = self.decoy(inv.cust, inv.due, same=True)
            dec.total, dec.paid = inv.due, Decimal(0)
            bank, day = r.choice(["chase", "bofa", "wf"]), self.day([inv])
            text, ctype = self.ach(bank, inv.cust, day, dec.number)
            note = f"IND ID {dec.number} is the payer's vendor number for us"
            self.add_credit(Credit(kind, bank, day, inv.due, text, None, note, ctype), [inv])
        elif kind == "recurring":
            free = [x for x in self.custs if x.group == "contract" and not any(i.used for i in x.invs)]
            if not free:
                raise NoInvoice
            c = r.choice(free)
            same = [i for i in c.invs if i.issued <= END - timedelta(3)]
            for i in same:
                i.used = True
            bank, day = r.choice(["chase", "bofa", "wf"]), self.day(same[:1])
            text, ctype = self.ach(bank, c, day, f"V{r.randrange(10**4, 10**5)}")
            alts = [(i.number,) for i in same]
            self.add_credit(Credit(kind, bank, day, same[0].due, text, None, "monthly fee", ctype), same, alts)
        elif kind in ("ach_multi_ref", "ach_multi_noref"):
            for _ in range(200):
                c = r.choice([x for x in self.custs if x.group == "biz"])
                free = [i for i in c.invs if not i.used and i.issued <= END - timedelta(3)]
                if len(free) < 2:
                    continue
                group = sorted(r.sample(free, r.randrange(2, min(4, len(free)) + 1)), key=lambda i: int(i.number))
                total = sum((i.due for i in group), Decimal(0))
                fam = [i.due for i in self.family(c)]
                fits = sum(sum(s) == total for k in range(1, 5) for s in combinations(fam, k))
                if kind == "ach_multi_ref" or fits == 1:
                    break
            else:
                raise NoInvoice
            for i in group:
                i.used = True
            nums, addenda, bank = [i.number for i in group], "", r.choice(["chase", "bofa", "wf"])
            if kind == "ach_multi_ref":
                bank = r.choice(["chase", "bofa"])
                addenda = r.choice(["".join(f"RMR*IV*{i.number}*PI*{i.due}\\" for i in group),
                                    "INV " + ", ".join(nums), "INV " + "/".join(nums), "INVS " + " ".join(nums),
                                    " ".join(f"INV#{n}" for n in nums), "INV " + " & ".join(nums)])  # fmt: skip
            day = self.day(group)
            text, ctype = self.ach(bank, c, day, str(r.randrange(10**6, 10**9)), addenda)
            self.add_credit(Credit(kind, bank, day, total, text, None, "", ctype), group)
        elif kind == "store_number":
            inv = self.pick(("store",), lambda i: uniq(i) and len(i.cust.name.split("#")[1]) == 3)
            c = inv.cust
            dec = self.decoy(c, inv.due)
            brand = c.name.split(" #")[0]
            c.name = f"{brand} #{dec.number}"
            store = r.choice([f"{brand} #{dec.number}", f"{brand} {dec.number}", f"{brand} STORE {dec.number}"])
            c.ach = store.upper().replace("'", "").replace("-", "")[:16].rstrip()
            bank, day = r.choice(["chase", "bofa", "wf"]), self.day([inv])
            ind = r.choice([dec.number, f"STORE {dec.number}", str(r.randrange(10**6, 10**9))])[:15]
            text, ctype = self.ach(bank, c, day, ind)
            self.add_credit(Credit(kind, bank, day, inv.due, text, None, f"store {dec.number}", ctype), [inv])
        elif kind in ("wire_address", "wire_short_fee", "phone_in_text"):
            least = Decimal(1200) if kind == "wire_short_fee" else Decimal(0)
            inv = self.pick(("biz",), lambda i: uniq(i) and i.due >= least)
            c, day, amount, addr, zip4, note = inv.cust, self.day([inv]), inv.due, "", "", ""
            bank = r.choice(["chase", "wf"]) if kind == "wire_address" else r.choice(["chase", "bofa", "wf"])
            obi = r.choice([self.spell(inv.number), "PAYMENT", f"INV {inv.number}", "VENDOR PAYMENT"])
            if kind == "wire_address":
                a, b = self.decoy(c, amount), self.decoy(c, amount)
                addr, zip4 = f"{a.number} {r.choice(STREETS)}", b.number
                note = f"street number {a.number}, ZIP+4 {b.number}"
            elif kind == "wire_short_fee":
                fee = Decimal(r.choice(["15.00", "20.00", "25.00"]))
                amount, obi, note = amount - fee, f"INV {inv.number}", f"short {fee} (wire fee)"
            else:
                d = self.decoy(c, amount)
                obi = r.choice([f"PMT FOR SVC QUESTIONS CALL 972-555-{d.number}", f"ATTN AR PH 214 555 {d.number}"])
                note = f"phone ends {d.number}"
            text, ctype = self.wire(bank, c, day, obi, addr, zip4)
            self.add_credit(Credit(kind, bank, day, amount, text, None, note, ctype), [inv])
        elif kind == "amount_text":  # the payer writes the amount, whose dollars are another invoice's number
            inv = self.pick(("biz",), uniq)
            dec = self.decoy(inv.cust, Decimal(0))
            inv.total, inv.paid = Decimal(f"{dec.number}.{r.choice(['00', '00', '50', '25'])}"), Decimal(0)
            if self.n_family(inv.cust, inv.due) != 1 or abs(dec.due - inv.due) < 50:
                raise NoInvoice
            amt = inv.due
            said = r.choice([f"PMT {amt}", f"PAYMENT {amt:,}", f"AMT {amt}", f"${amt:,}", f"{amt}"])
            if r.random() < 0.5:
                said = r.choice([f"INV {inv.number} AMT {amt}", f"{inv.number} {amt:,}", f"INV# {inv.number} ${amt}"])
            bank, day = r.choice(["chase", "bofa"]), self.day([inv])
            text, ctype = self.ach(bank, inv.cust, day, str(r.randrange(10**6, 10**9)), said)
            note = f"the amount's dollars are invoice {dec.number}"
            self.add_credit(Credit(kind, bank, day, amt, text, None, note, ctype), [inv])
        elif kind == "inv_date_amount":  # 'INV 4012 DTD 12/14/25 AMT ...': its date reads as another number
            want = {i.number for i in self.invs if not i.used}
            try:  # the date, written MMDD, is another open invoice's number when it can be
                inv = self.pick(biz, lambda i: uniq(i) and f"{i.issued:%m%d}" in want)
                dec = self.by_number[f"{inv.issued:%m%d}"]
                dec.used, note = True, f"the invoice date is invoice {dec.number}"
            except NoInvoice:
                inv, note = self.pick(biz, uniq), "no invoice numbered like the date"
            d, amt = inv.issued, inv.due
            said = r.choice([f"INV {inv.number} DTD {d:%m/%d/%y} AMT {amt}", f"INV#{inv.number} {d:%m%d%y} ${amt:,}",
                             f"{inv.number} {d:%m%d} {amt}", f"INV {inv.number} INV DT {d:%m%d} {amt:,}"])  # fmt: skip
            bank, day = r.choice(["chase", "bofa"]), self.day([inv])
            text, ctype = self.ach(bank, inv.cust, day, str(r.randrange(10**6, 10**9)), said)
            self.add_credit(Credit(kind, bank, day, amt, text, None, note, ctype), [inv])
        elif kind == "same_amt_named":  # other customers have invoices of exactly this amount
            inv = self.pick(biz, uniq)
            pool = [i for i in self.invs if not i.used and i.cust.root is not inv.cust.root and i.cust.group == "biz"]
            for other in r.sample(pool, 2):
                other.total, other.paid = inv.due, Decimal(0)
            bank, day = r.choice(["chase", "bofa", "wf"]), self.day([inv])
            text, ctype = self.ach(bank, inv.cust, day, str(r.randrange(10**6, 10**9)))
            self.add_credit(
                Credit(kind, bank, day, inv.due, text, None, f"{self.n_amount(inv.due)} open", ctype), [inv]
            )
        elif kind in ("zelle_ref", "zelle_spouse", "zelle_name", "zelle_cluster", "smith_ambiguous"):
            cluster = {n for cl in CLUSTERS for n in cl}
            if kind == "zelle_name":
                inv = self.pick(("person",), lambda i: uniq(i) and i.cust.name not in cluster)
            elif kind in ("zelle_cluster", "smith_ambiguous"):
                # a middle initial, "Jr." or a nickname: the bank shows the cluster's first name ("Jon" it would not)
                alias, lone = {n for n in cluster if "." in n or n.startswith("Mike")}, kind == "zelle_cluster"
                inv = self.pick(("person",), lambda i: i.cust.name in alias and uniq(i)
                                and (not lone or self.n_amount(i.due) == 1))  # fmt: skip
            else:
                inv = self.pick(("person", "job"), uniq)
            c, memo, alts, note = inv.cust, "", None, ""
            who = c.zelle
            if kind in ("zelle_cluster", "smith_ambiguous"):  # paid as the cluster's plain name
                head = next(cl[0] for cl in CLUSTERS if c.name in cl)
                who = head.upper()
                if kind == "smith_ambiguous":
                    twin = next(x for x in self.custs if x.name == head)
                    pool = [i for i in self.family(twin) if not i.used]
                    if not pool:
                        raise NoInvoice
                    rival = pool[0]
                    rival.total, rival.paid, rival.used = inv.due, Decimal(0), True
                    alts, note = [(inv.number,), (rival.number,)], f"{head} owes the amount too"
                else:
                    note = f"{c.name}'s; {head} is a customer too"
            if kind in ("zelle_ref", "zelle_spouse"):
                memo = r.choice([self.spell(inv.number), f"invoice {inv.number}", f"inv {inv.number} thanks",
                                 f"Payment for invoice #{inv.number}"])  # fmt: skip
            if kind == "zelle_spouse":
                last = (c.parent or c).name.split()[-1].upper()
                who = f"{r.choice([f for f in FIRST if f.upper() not in who])} {last}".upper()
                note = f"spouse of {(c.parent or c).name}"
            bank = r.choice(["bofa", "wf"]) if memo else r.choice(["chase", "bofa", "wf"])
            day = self.day([inv])
            text, ctype = self.zelle(bank, who, day, memo)
            self.add_credit(Credit(kind, bank, day, inv.due, text, alts, note, ctype), [inv])
        elif kind == "zelle_job_addr":  # the memo names the job's address; its number is another invoice's
            inv = self.pick(("job",), uniq)
            c = inv.cust
            dec = self.decoy(c, inv.due)
            street = c.name.split(":")[1].split(" ", 1)[1]
            c.name = f"{c.parent.name}:{dec.number} {street}" if c.parent else c.name
            where = f"{dec.number} {street}"
            memo = r.choice([where, f"for {where.lower()}", f"{where} repair"])
            bank, day = r.choice(["bofa", "wf"]), self.day([inv])
            text, ctype = self.zelle(bank, c.zelle, day, memo)
            self.add_credit(Credit(kind, bank, day, inv.due, text, None, f"job {c.name}", ctype), [inv])
        elif kind == "partial_ref":
            inv = self.pick((*biz, "person"), lambda i: i.due >= 600)
            amount = r.choice([(inv.due / 2).quantize(C), (inv.due / 3).quantize(C), Decimal(500)])
            said = r.choice([f"PARTIAL PMT INV {inv.number}", f"INV {inv.number} PARTIAL PAYMENT",
                             f"PMT 1 OF 3 INV {inv.number}", f"INV {inv.number} 1ST INSTALLMENT"])  # fmt: skip
            day, c = self.day([inv]), inv.cust
            if c.group == "person":
                bank = r.choice(["bofa", "wf"])
                text, ctype = self.zelle(bank, c.zelle, day, said)
            else:
                bank = r.choice(["chase", "bofa"])
                text, ctype = self.ach(bank, c, day, str(r.randrange(10**6, 10**9)), said)
            self.add_credit(Credit(kind, bank, day, amount, text, None, f"open {inv.due}", ctype), [inv])
        elif kind in ("check_unique", "check_collide", "check_ambiguous"):
            ok = lambda i: self.n_amount(i.due) == 1  # noqa: E731
            if kind == "check_ambiguous":
                inv = self.pick(("person", "biz", "job"), ok)
                rival = self.decoy(inv.cust, inv.due, same=True)
                rival.total, rival.paid = inv.due, Decimal(0)
                alts, note = [(inv.number,), (rival.number,)], "two customers owe the amount"
            else:
                inv, alts, note = self.pick(("person", "biz", "job"), ok), None, ""
            bank, day, number = r.choice(["chase", "bofa", "wf"]), self.day([inv]), ""
            if kind == "check_collide":
                bank = r.choice(["wf", "wf", "wf", "chase", "bofa"])
                number = self.decoy(inv.cust, inv.due).number
                note = f"check number {number}"
            elif bank == "wf" and r.random() < 0.6:  # the customer's check number, no open invoice's
                numbers = {i.number for i in self.invs}
                number = next(n for n in (str(r.randrange(1001, 9999)) for _ in range(99)) if n not in numbers)
            cr = self.deposit(bank, day, number)
            cr.kind, cr.amount, cr.note = kind, inv.due, note
            self.add_credit(cr, [inv], alts)
        elif kind == "deposit_batch":  # a branch deposit of several customers' checks
            invs = [self.pick(("person", "biz", "job"), lambda i: i.due < 3000) for _ in range(r.choice([2, 3]))]
            bank = r.choice(["chase", "bofa", "wf"])
            cr = self.deposit(bank, self.day(invs), "")
            cr.kind, cr.amount = kind, sum((i.due for i in invs), Decimal(0))
            cr.note = "checks of " + ", ".join(i.cust.name for i in invs)
            self.add_credit(cr, invs)
        else:
            raise ValueError(kind)

    def noncustomer(self) -> None:
        r = self.r
        bank, ctype, text, how = r.choice(NONCUSTOMER)
        day = START + timedelta(r.randrange(0, 30))
        n = r.choice(self.invs).number if r.random() < 0.6 else str(r.randrange(1001, 9999))
        amount = money(r, 40, 9000)
        if r.random() < 0.35:  # the amount of an open invoice
            amount = r.choice(self.invs).due
        amount = {"interest": money(r, Decimal("0.4"), 60), "loan": Decimal(r.choice([25000, 50000, 18500])),
                  "small": money(r, 12, 400)}.get(how, amount)  # fmt: skip
        day = END if how == "interest" else day
        note = f"{n} is an open invoice's number" if n in self.by_number else ""
        self.credits.append(Credit("noncustomer", bank, day, amount, self.fill(text, day, n), None, note, ctype))

    def debits(self) -> None:
        r = self.r
        for k in range(24):
            day, amount = START + timedelta(r.randrange(0, 30)), -money(r, 40, 8000)
            n = str(r.randrange(3100, 3700))  # our own checkbook, in the invoices' range
            bank = ["chase", "bofa", "wf"][k % 3]
            text, ctype, slip, checknum = {
                "chase": [(f"CHECK {n}", "CHECK_PAID", n, ""), (self.fill(
                    f"ORIG CO NAME:GUSTO ORIG ID:9138864001 DESC DATE:{{y}} CO ENTRY DESCR:NET PAY SEC:CCD "
                    f"TRACE#:~15 EED:{{y}} IND ID:8V2K~7 IND NAME:{US} TRN: ~10TC", day), "ACH_DEBIT", "", "")],
                "bofa": [(f"FERGUSON ENT DES:BILL PAY ID:~7 INDN:{US} CO ID:1541234567 PPD", "", "", ""),
                         (f"AMERICAN EXPRESS DES:ACH PMT ID:W~10 INDN:{US} CO ID:1133133497 CCD", "", "", "")],
                "wf": [(f"CHECK # {n}", "CHECK", "", n),
                       (f"PURCHASE AUTHORIZED ON {day:%m/%d} JOHNSTONE SUPPLY #0{n[1:]} DALLAS TX S~15 CARD 4417",
                        "DEBIT", "", "")],
            }[bank][k % 2]  # fmt: skip
            cr = Credit("debit", bank, day, amount, self.fill(text, day), None, "", ctype or "ACH_DEBIT", slip)
            cr.checknum = checknum
            self.credits.append(cr)

    def build(self) -> World:
        self.customers()
        self.invoices()
        plan = [k for k, (n, _) in KINDS.items() for _ in range(n) if k != "noncustomer"]
        self.r.shuffle(plan)
        plan.sort(key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
        for kind in plan:
            try:
                self.payable(kind)
            except NoInvoice:
                self.skipped[kind] += 1
        for _ in range(KINDS["noncustomer"][0]):
            self.noncustomer()
        self.debits()
        return self

    # ------------------------------------------------------------------ files
    def write_ledger(self, out: Path) -> None:
        rows: list[list[str]] = [["Kestrel Mechanical LLC"], ["Open Invoices"], ["As of April 1, 2026"], [], QBO_HEAD]
        g_amt = g_open = Decimal(0)
        for c in sorted((c for c in self.custs if c.invs), key=lambda c: c.name.lower()):
            rows.append([c.name, "", "", "", "", "", "", ""])
            for i in sorted(c.invs, key=lambda i: int(i.number)):
                term = "Due on receipt" if i.terms == 0 else f"Net {i.terms}"
                rows.append(["", f"{i.issued:%m/%d/%Y}", "Invoice", i.number, term,
                             f"{i.issued + timedelta(i.terms):%m/%d/%Y}", usd(i.total), usd(i.due)])  # fmt: skip
            s_amt, s_open = sum((i.total for i in c.invs), Decimal(0)), sum((i.due for i in c.invs), Decimal(0))
            rows += [[f"Total for {c.name}", "", "", "", "", "", usd(s_amt, "$"), usd(s_open, "$")], []]
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows += [["TOTAL", "", "", "", "", "", usd(g_amt, "$"), usd(g_open, "$")], [], [],
                 ["Accrual Basis Wednesday, April 1, 2026 07:12 AM GMT-05:00"]]  # fmt: skip
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (out / "open-invoices.csv").write_text(buf.getvalue(), encoding="utf-8-sig")

    def write_banks(self, out: Path) -> None:
        for cr in self.credits:
            cr.file = {"chase": "chase.csv", "bofa": "bofa.csv", "wf": "wf.qbo"}[cr.bank]
        mine = {b: sorted((c for c in self.credits if c.bank == b), key=lambda c: (c.day, c.amount < 0))
                for b in ("chase", "bofa", "wf")}  # fmt: skip
        opening = Decimal("61842.17")
        rows, bal = [], opening
        for cr in mine["chase"]:
            bal += cr.amount
            details = "DSLIP" if cr.ctype == "DEPOSIT" else "CHECK" if cr.ctype == "CHECK_PAID" else (
                "CREDIT" if cr.amount > 0 else "DEBIT")  # fmt: skip
            rows.append((cr, [details, f"{cr.day:%m/%d/%Y}", cr.text, f"{cr.amount:.2f}", cr.ctype, f"{bal:.2f}",
                              cr.slip, ""]))  # fmt: skip
        rows.reverse()  # newest first
        with (out / "chase.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(CHASE_HEAD)
            for k, (cr, row) in enumerate(rows):
                cr.line = k + 2
                w.writerow(row)
        rows_b = mine["bofa"]
        bals, bal = [], opening
        for cr in rows_b:
            bal += cr.amount
            bals.append(bal)
        cr_sum = sum((c.amount for c in rows_b if c.amount > 0), Decimal(0))
        first = f"Beginning balance as of {START:%m/%d/%Y}"
        with (out / "bofa.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerows([["Description", "", "Summary Amt."], [first, "", usd(opening)],
                         ["Total credits", "", usd(cr_sum)], ["Total debits", "", usd(bal - opening - cr_sum)],
                         [f"Ending balance as of {END:%m/%d/%Y}", "", usd(bal)], [],
                         ["Date", "Description", "Amount", "Running Bal."],
                         [f"{START:%m/%d/%Y}", first, "", usd(opening)]])  # fmt: skip
            for k, (cr, b) in enumerate(zip(rows_b, bals)):
                cr.line = k + 9
                w.writerow([f"{cr.day:%m/%d/%Y}", cr.text, usd(cr.amount), usd(b)])
        sgml = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        lines = OFX_HEAD.splitlines()
        for k, cr in enumerate(mine["wf"]):
            cr.line = len(lines) + 1
            trn = cr.ctype if cr.ctype in ("CREDIT", "DEP", "DIRECTDEP", "INT", "XFER", "CHECK", "DEBIT") else "CREDIT"
            lines += ["<STMTTRN>", f"<TRNTYPE>{trn}", f"<DTPOSTED>{cr.day:%Y%m%d}120000[0:GMT]",
                      f"<TRNAMT>{cr.amount:.2f}", f"<FITID>{cr.day:%Y%m%d}{k:06d}"]  # fmt: skip
            lines += [f"<CHECKNUM>{cr.checknum}"] if cr.checknum else []
            lines += [f"<NAME>{sgml(cr.text[:32].rstrip())}", f"<MEMO>{sgml(cr.text)}", "</STMTTRN>"]
        bal = opening + sum((c.amount for c in mine["wf"]), Decimal(0))
        lines += ["</BANKTRANLIST>", f"<LEDGERBAL><BALAMT>{bal:.2f}<DTASOF>20260331120000[0:GMT]</LEDGERBAL>",
                  "</STMTRS></STMTTRNRS></BANKMSGSRSV1>", "</OFX>"]  # fmt: skip
        (out / "wf.qbo").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def score(world: World, doc: dict[str, Any], show: str) -> Any:
    def header(key: tuple[str, int], cr: Credit) -> str:
        extra = f" slip={cr.slip}" if cr.slip else f" CHECKNUM={cr.checknum}" if cr.checknum else ""
        truth = {n for s in cr.truth or [] for n in s}
        decoys = [n for n in dict.fromkeys(re.findall(r"\b\d{4}\b", cr.note)) if n in world.by_number]
        said = "".join(f"\n    decoy: {about(n)}" for n in decoys if n not in truth)
        return f"{cr.file}:{cr.line} {cr.amount} {cr.text!r}{extra}\n    note: {cr.note}{said}"

    def about(n: str) -> str:
        i = world.by_number.get(n)
        return f"{n} = {i.cust.name}, issued {i.issued}, open {i.due}" if i else f"{n} = not in the ledger"

    def truth_rows(cr: Credit, picked: tuple[str, ...]) -> None:
        print("    truth: " + "; ".join(about(n) for s in cr.truth or [] for n in s))

    def chosen(m: Match) -> None:
        for i in m.get("invoices", []):
            print(f"      chosen: {about(i['number'])}")

    credits = [((cr.file, cr.line), cr) for cr in sorted(world.credits, key=lambda c: (c.file, c.line))]
    got = matches_by(doc, file_line)
    lost = [key for key, cr in credits if cr.amount > 0 and key not in got]
    if lost:
        print(f"{len(lost)} credits missing from arsync's output (scored unmatched), e.g. {lost[:3]}")
    return score_credits(credits, got, show, header, review=REVIEW,
                         ledger=truth_rows, applied=True, detail=chosen)  # fmt: skip


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_numeric_") as out:
        world.write_ledger(out)
        world.write_banks(out)
        (out / "arsync.yaml").write_text("matching: {}\n", encoding="utf-8")
        n_in = sum(c.amount > 0 for c in world.credits)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} open invoices "
              f"({min(int(i.number) for i in world.invs)}-{max(int(i.number) for i in world.invs)}), {n_in} credits "
              f"+ {len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
        if world.skipped:
            print("kinds short of invoices:", dict(world.skipped))
        bank_args = [x for b in ("chase.csv", "bofa.csv", "wf.qbo") for x in ("--bank", b)]
        doc = match(out, *bank_args, "--ledger", "open-invoices.csv", "--currency", "USD", timed=True)
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
