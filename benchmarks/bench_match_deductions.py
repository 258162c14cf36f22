"""Cash application for a US snack maker paid by retailers and distributors who short-pay with deductions.

Run:  .venv/bin/python benchmarks/bench_match_deductions.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Harvest Ridge Snacks, Inc. (Minneapolis, USD, QuickBooks Online) sells kettle chips, pretzels and popcorn to ~150
customers: big chains (Walmart, Target, Kroger, Costco, Publix, H-E-B, Albertsons (whose Safeway division pays as
SAFEWAY INC), Dollar General), foodservice distributors (Sysco, US Foods), wholesalers and c-store distributors
(UNFI, KeHE, C&S, AWG, Core-Mark and McLane with their chains' stores set up as QuickBooks ship-to sub-customers
``Distributor:Store``), regional chains billed per store (``Chain:Store``) and ~110 independent grocers. Per seed
it writes, with answers known only here:

- ``open-invoices.csv``: QuickBooks Online's Open Invoices report (title rows, customer headings, ``Date,
  Transaction type, Num, P.O. Number, Memo/Description, Term, Due date, Amount, Open balance``, ``Total for``
  rows, ``TOTAL``, the footer): every invoice still open before April's cash is posted, among them invoices
  short-paid earlier whose open balance is the deduction taken (some customers' POs only in the memo);
- ``jpmc-prior-day.bai``: JPMorgan BAI2 for April 2026, one group a day, two accounts: the operating account
  (ACH CTX with X12 820 remittance in 88 continuation records: ``RMR*IV*<inv>*PI*<net>*<gross>*<discount>*
  <reason>*<deduction>``, ``RMR*PO``, ``REF*PO``, negative ``RMR*IV*<deduction no>`` lines, ``ADX``; CCD+ with one
  addenda; Fedwire with ``OBI=``; supplier rebates, interest, ZBA sweeps from the lockbox, debits) and the lockbox
  account (each check a ``116`` item: remitter, check number and the invoice numbers keyed from the stub);
- ``bofa-checking.csv``: Bank of America's checking export of a second account (summary preamble, ``Date,
  Description,Amount,Running Bal.``): ACH from independent grocers as BofA writes them (``<name> DES:... ID:...
  INDN:... CO ID:... CCD PMT INFO:<80 characters>``, a long invoice list cut at 80), mobile check deposits, card
  and marketplace settlements, transfers, debits.

``arsync.yaml`` grants the 2% 10 net 30 discount (``discount_max_pct`` 2, ``discount_days`` 10) and keeps the
default write-off tolerance. It checks that ``arsync bank parse`` reads every line with its amount, date and RMR
items, runs ``arsync match --bank jpmc-prior-day.bai --bank bofa-checking.csv --ledger open-invoices.csv
--currency USD --date-format mdy --json`` and scores every credit by kind through ``matchscore``.

Truth is what an experienced AR clerk applies with the same bank line and ledger: the cash goes to the invoices the
remittance names (by invoice number, zero-padded or not, or by the customer's PO, which QuickBooks holds in P.O.
Number or the memo; a ship-to's invoices when its parent or its distributor pays), each for at most its open amount
and what the payer says it paid on it; a deduction (per invoice, or a separate negative line or ``ADX`` naming a
deduction number, not an invoice) leaves the rest open on the invoice it was taken on; a 2% discount may be written
off when earned (2% 10 net 30 terms, paid within 10 days), an unearned one (late, or on Net 15/30 terms:
``discount_late``, ``discount_unauth``) or a deduction only within the write-off tolerance ($25 and 2.5%). A
repayment of an earlier deduction goes to the invoice it left open (named, in full or in part, or found by its unique
open amount). A payment without remittance is applied when exactly one set of up to four (big accounts: three) of
the payer's open invoices makes the amount; an 80-character list cut short, when at most two invoices are lost and
exactly one set of the payer's other open invoices makes the rest (else ``cut_amb``: the invoices it names in full
may be applied, the rest is for a person). REVIEW kinds need a person, so any auto there is wrong: an unnamed net
amount that fits no set of the payer's invoices (``net_unnamed``), a check or ACH without remittance that fits
several sets (``nostub_amb``, ``bare_amb``), a repayment naming only a deduction number whose amount fits several
open items (``repay_amb``), a mobile deposit that names nobody (``mobile_check``). Non-customer credits (supplier
rebates whose credit-memo numbers may look like ours, claims, interest, ZBA sweeps of the lockbox, card and
marketplace settlements, tax refunds) pay no invoice. Every auto is also checked to apply no more than an invoice's
open amount or the payment, not to move a deduction to another invoice (the end state must be the clerk's: cash,
earned discount and a short within the tolerance close an invoice), and to write off no more than the earned
discounts and the tolerance; an auto right so far that leaves named invoices to a person counts as a suggestion
("partly auto"), and the invoice-level auto rate is printed with it. Wrong autos are listed with the line, the
truth and arsync's reasons, then counted by cause. ``--show KIND|missed|wrong`` prints those credits. Always
exits 0.
"""

from __future__ import annotations

import csv
import random
import re
import sys
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from matchscore import (
    ARSYNC,
    C,
    Match,
    Verdict,
    applied,
    arguments,
    bai2_wrap,
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
    write_bofa_checking,
)

ZERO = Decimal(0)
US = "Harvest Ridge Snacks, Inc."
INDN22 = "HARVEST RIDGE SNACKS I"  # the receiving company's name as a CCD entry carries it (22 characters)
INDN16 = "HARVEST RIDGE SN"  # ... and a CTX entry (16)
START, END = date(2026, 4, 1), date(2026, 4, 30)
DAYS = [START + timedelta(days=k) for k in range(30) if (START + timedelta(days=k)).weekday() < 5]
BAI, BOFA, LEDGER = "jpmc-prior-day.bai", "bofa-checking.csv", "open-invoices.csv"
OPER, LOCKBOX = "000000483920117", "000000483920125"
TOL_ABS, TOL_PCT = Decimal(25), Decimal("0.025")
CLERK = """exact_rmr multi_exact multi_gross_net multi_net_only deduction_line ded_numclash discount_earned
discount_late discount_unauth po_rmr po_memo po_split po_clash shipto_parent shipto_distributor repay_inv repay_part
repay_ded check_stub
check_nostub ccd_exact_bare ccd_text ccd_cut wire_obi""".split()
REVIEW = ("net_unnamed", "nostub_amb", "bare_amb", "repay_amb", "cut_amb", "mobile_check")  # cut_amb: see score
PRODUCTS = [("Kettle chips sea salt 12/8oz", "27.60"), ("Kettle chips jalapeno 12/8oz", "27.60"),
            ("Kettle chips variety 30/1oz", "18.90"), ("Sourdough pretzel thins 12/7oz", "22.80"),
            ("White cheddar popcorn 12/6oz", "25.20"), ("Trail mix 24/2oz", "31.20"), ("Veggie straws 12/5oz", "21.00"),
            ("Tortilla chips 12/13oz", "30.60"), ("Protein snack bar 12ct display", "19.80"),
            ("Kettle chips BBQ 24/2oz", "23.40")]  # fmt: skip
# (QuickBooks name, ACH originator (16), group, terms, PO style, deduction number style, pads invoice numbers to)
BIG = [
    ("Walmart Inc.", "WALMART INC", "chain", "Net 30", "d10", "d10", 10),
    ("Target Corporation", "TARGET CORP", "chain", "Net 60", "tgt", "CB8", 0),
    ("The Kroger Co.", "THE KROGER CO", "chain", "Net 30", "d8", "KR7", 0),
    ("Costco Wholesale Corporation", "COSTCO WHOLESALE", "chain", "Net 30", "d9", "CM6", 0),
    ("Publix Super Markets, Inc.", "PUBLIX SUPER MAR", "chain", "Net 30", "d8", "DM7", 0),
    ("H-E-B, LP", "HEB GROCERY CO", "chain", "Net 60", "d8", "HEB7", 0),
    ("Albertsons Companies, Inc.", "ALBERTSONS COMPA", "chain", "Net 30", "d9", "AMS7", 0),
    ("Dollar General Corporation", "DOLLAR GENERAL", "chain", "Net 60", "d8", "DG8", 0),
    ("Sysco Corporation", "SYSCO CORPORATIO", "foodservice", "Net 30", "d7", "VA6", 0),
    ("US Foods, Inc.", "US FOODS INC", "foodservice", "Net 30", "d7", "DA7", 0),
]
DISTRIBUTORS = [
    ("United Natural Foods, Inc.", "UNITED NATURAL F", "2% 10 Net 30", []),
    ("KeHE Distributors, LLC", "KEHE DISTRIBUTOR", "2% 10 Net 30", []),
    ("C&S Wholesale Grocers, LLC", "C&S WHOLESALE GR", "Net 30", []),
    ("Associated Wholesale Grocers, Inc.", "ASSOC WHOLESALE", "2% 10 Net 30", []),
    ("SpartanNash Company", "SPARTANNASH", "Net 30", []),
    ("Bozzuto's Inc.", "BOZZUTOS INC", "2% 10 Net 30", []),
    ("Core-Mark International, Inc.", "CORE-MARK INTL", "Net 30",
     ["Casey's #2712 Ankeny IA", "Casey's #1409 Ames IA", "Casey's #3318 Mankato MN", "Casey's #0877 Fargo ND",
      "Casey's #2291 Rochester MN"]),
    ("McLane Company, Inc.", "MCLANE CO INC", "Net 30",
     ["7-Eleven #35512 Dallas TX", "7-Eleven #21874 Plano TX", "7-Eleven #40219 Frisco TX",
      "7-Eleven #18830 Irving TX"]),
]  # fmt: skip
STORE_CHAINS = [
    ("Kowalski's Markets", "KOWALSKIS MARKET", ["Store 03 Woodbury", "Store 07 Eagan", "Store 11 Stillwater",
                                                "Store 14 Excelsior", "Store 18 White Bear Lake"]),
    ("Festival Foods", "FESTIVAL FOODS", ["#112 Onalaska", "#118 Eau Claire", "#121 Madison East",
                                          "#127 Green Bay", "#133 Oshkosh", "#140 Appleton"]),
    ("Fresh Thyme Market", "FRESH THYME FARM", ["Store 304 Naperville", "Store 311 Ann Arbor", "Store 318 Indianapolis",
                                                "Store 322 Des Moines"]),
    ("Lunds & Byerlys", "LUNDS BYERLYS", ["Edina 50th St", "Wayzata", "Roseville", "St. Paul Highland",
                                          "Minnetonka Ridgedale"]),
]  # fmt: skip
OWNERS = """Hartman|Lindqvist|Pruitt|Olson|Brekke|Delgado|Kowal|Nguyen|Haugen|Schuler|Vang|Amundson|Fischer|Rios|
Tollefson|Mahoney|Sorensen|Quade|Jaworski|Bauer|Ostrowski|Kemper|Dvorak|Lund|Strand|Yoder|Bjork|Halvorson|Kaminski|Moua|Vogel|
Brandt|Engstrom|Ferrell|Gustafson|Hoeft|Iverson|Janke|Kessler|Lorentz|Mattson|Novak|Pfeiffer|Reinholt|Sauer|Thorson|
Ulrich|Voss|Wendt|Zimmerman|Abernathy|Blomquist|Carlisle|Dahlberg|Eckhart|Fairbanks|Gunderson|Hegland|Ingram|Jorgensen|
Kittleson|Lavalle|Markham|Nordby|Oyler|Pettibone|Quist|Rasmussen|Skoglund|Trygstad|Upham|Vandermeer|Whitcomb|Xiong|
Ylvisaker|Zeller|Ackerman|Bergstrom|Cortez|Dunleavy|Espinoza|Fogarty|Grabowski|Hendrickson|Isaacson|Jablonski|Kuehn|
Larkin|Mcgrath|Nygaard|Oberg|Paulsen|Rademacher|Stenberg|Tischler|Vreeland""".replace("\n", "").split("|")
PLACES = """Prairie|Riverside|Lakeland|Northside|Cedar Falls|Maple Grove|Bluff Country|Iron Range|Red River|Driftless|
Sandhill|Big Woods|Headwaters|Clear Lake|Pine City|Blue Earth|Sauk Valley|Crow Wing|Root River|Lake Country|
Bay Harbor|Granite Ridge|Otter Tail|Mesabi|Minnehaha|Kettle River|Cannon Valley|Coulee|Turtle Creek|Sheyenne""".replace(
    "\n", ""
).split("|")
STORE_WORDS = ["Fresh Market", "Foods", "Grocery", "Market", "Supermarket", "Food Center", "Country Market",
               "Natural Foods", "Family Foods", "Cash & Carry", "Food Co-op", "Marketplace"]  # fmt: skip
FORMS = ["Inc.", "LLC", "", "Co.", "Inc.", "LLC", "Corp."]
REASONS = [("11", "PROMO ALLOWANCE"), ("03", "DAMAGED"), ("05", "SHORTAGE"), ("01", "PRICING"), ("CS", "COMPLIANCE")]
ABA = ["121000248", "026009593", "091000022", "071000013", "043000096", "061000104", "111000614", "091000019"]
# Non-customer credits: (file, BAI2 type code or "", text; {y} YYMMDD, {d8} digits, {n} an open invoice number,
# {amt} the amount; amount kind: interest, round, any, tempting (often an open invoice's amount))
NONCUSTOMER = [
    ("bai2", "354", "INTEREST CREDIT", "interest"),
    ("bai2", "165", "ORIG CO NAME:CARGILL INC ORIG ID:1410221460 DESC DATE:{y} CO ENTRY DESCR:REBATE SEC:CCD "
     "TRACE#:0{d14} EED:{y} IND ID:V{d6} IND NAME:" + INDN22, "tempting"),
    ("bai2", "165", "ORIG CO NAME:GRAPHIC PACKAGIN ORIG ID:1582612315 DESC DATE:{y} CO ENTRY DESCR:VOL REBATE "
     "SEC:CCD TRACE#:0{d14} EED:{y} IND ID:{d8} IND NAME:" + INDN22 + "|PMT INFO:RMR*CM*{n}*PI*{amt}\\", "any"),
    ("bai2", "165", "ORIG CO NAME:ADM MILLING CO ORIG ID:1370661520 DESC DATE:{y} CO ENTRY DESCR:PRICE ADJ "
     "SEC:CCD TRACE#:0{d14} EED:{y} IND ID:{d8} IND NAME:" + INDN22, "any"),
    ("bai2", "165", "ORIG CO NAME:C H ROBINSON ORIG ID:1410973822 DESC DATE:{y} CO ENTRY DESCR:CLAIM PMT "
     "SEC:CCD TRACE#:0{d14} EED:{y} IND ID:CLM{d7} IND NAME:" + INDN22, "tempting"),
    ("bai2", "165", "ORIG CO NAME:IRS TREAS 310 ORIG ID:3101036151 DESC DATE:{y} CO ENTRY DESCR:TAX REF "
     "SEC:PPD TRACE#:0{d14} EED:{y} IND ID:{d15} IND NAME:" + INDN22, "any"),
    ("bai2", "195", ("WIRE TYPE:FED IN DATE:{y} TIME:1122 ET TRN:{y}{d6}|B/O SEALED AIR CORPORATION 2415 CASCADE "
                     "POINTE BLVD CHARLOTTE NC 28208|OBI=REBATE AGREEMENT 2025 SETTLEMENT"), "tempting"),
    ("bai2", "206", "BOOK TRANSFER CREDIT FROM ACCT 000000483920133 HARVEST RIDGE SNACKS PAYROLL", "round"),
    ("bofa", "", "BANKCARD 8076 DES:MTOT DEP ID:444{d8} INDN:" + INDN22 + " CO ID:1841010148 CCD", "any"),
    ("bofa", "", "SHOPIFY DES:TRANSFER ID:ST-{d8} INDN:" + INDN22 + " CO ID:4270435345 CCD", "any"),
    ("bofa", "", "AMAZON.COM SVCS DES:PAYMENTS ID:{d10} INDN:" + INDN22 + " CO ID:9111111103 CCD", "tempting"),
    ("bofa", "", "THE HARTFORD DES:CLAIM PMT ID:{d9} INDN:" + INDN22 + " CO ID:1060383030 CCD", "tempting"),
    ("bofa", "", "Online Banking transfer from SAV 7730 Confirmation# {d10}", "round"),
    ("bofa", "", "Interest Earned", "interest"),
    ("bofa", "", "MN DEPT OF REVENUE DES:TAX REFUND ID:{d9} INDN:" + INDN22 + " CO ID:1416007162 CCD", "any"),
    ("bofa", "", "UNITED FIRE CASUALT DES:CLAIM ID:{d8} INDN:" + INDN22 + " CO ID:1420481780 CCD PMT INFO:CLAIM "
     "{d7} INV {n} FREIGHT DAMAGE", "any"),
]  # fmt: skip
DEBITS = [
    ("bai2", "475", "CHECK PAID"),
    ("bai2", "455", "ORIG CO NAME:ADP PAYROLL ORIG ID:9659605001 CO ENTRY DESCR:PAYROLL SEC:CCD TRACE#:0{d14}"),
    ("bai2", "455", "ORIG CO NAME:CARGILL INC ORIG ID:1410221460 CO ENTRY DESCR:INGREDIENT SEC:CCD TRACE#:0{d14}"),
    ("bai2", "495", "WIRE TYPE:FED OUT DATE:{y} BNF=SOUTHERN STATES POTATO CO OBI=INV 88{d4}"),
    ("bofa", "", "ADP PAYROLL FEES DES:ADP FEES ID:{d10} INDN:" + INDN22 + " CO ID:9659605001 CCD"),
    ("bofa", "", "XCEL ENERGY-NSP DES:XCELENERGY ID:{d9} INDN:" + INDN22 + " CO ID:1410448780 PPD"),
    ("bofa", "", "Online Banking transfer to CHK 4117 Confirmation# {d10}"),
]


def d2(x: Decimal | str | float) -> Decimal:
    return Decimal(str(x)).quantize(C, ROUND_HALF_UP)


def money(d: Decimal) -> str:
    return f"{d:.2f}"


def upper(name: str) -> str:
    s = plain(name).upper().replace(".", "").replace(",", "").replace("'", "")
    return " ".join(s.split())


@dataclass(eq=False)
class Cust:
    name: str  # QuickBooks full name ("Parent:Ship-to" for a ship-to)
    orig: str  # the ACH originator name its bank sends (16 characters)
    group: str  # chain, foodservice, distributor, store_chain, shipto, regional
    terms: str
    oid: str  # ACH company id
    vendor: str  # our vendor number in its payables system
    po_style: str = ""
    ded_style: str = ""
    pad: int = 0
    po_in_memo: bool = False
    parent: Cust | None = None
    kids: list[Cust] = field(default_factory=list)  # its ship-tos
    invoices: list[Inv] = field(default_factory=list)

    @property
    def family(self) -> list[Cust]:
        return [self, *self.kids]

    @property
    def days(self) -> int:
        return int(self.terms.split()[-1])


@dataclass(eq=False)
class Inv:
    number: str
    cust: Cust
    issued: date
    total: Decimal
    paid: Decimal = ZERO  # paid before April (a deduction left the rest open)
    po: str = ""
    memo: str = ""
    ded_no: str = ""  # the deduction that left it short-paid
    memo_po: str = ""  # the customer's PO when it is only in the memo

    @property
    def due(self) -> Decimal:
        return self.total - self.paid

    @property
    def due_date(self) -> date:
        return self.issued + timedelta(days=self.cust.days)


@dataclass
class Item:
    """One remittance line as the payer writes it."""

    ref: str  # invoice number as written, the PO, or a deduction number
    qual: str  # IV, PO
    paid: Decimal  # negative: a deduction line
    inv: Inv | None
    gross: Decimal | None = None  # written when not None
    disc: Decimal = ZERO
    reason: str = ""
    adj: Decimal = ZERO


@dataclass(eq=False)
class Credit:
    kind: str
    file: str  # bai2, bofa
    amount: Decimal
    day: date
    cust: Cust | None  # the payer
    truth: list[tuple[str, ...]] | None
    items: list[Item] = field(default_factory=list)
    how: str = ""  # ctx, ccd, wire, lockbox, mobile, other (a ready text)
    text: str = ""  # free remittance: CCD addenda / PMT INFO, OBI, keyed stub lines (| between lines)
    adx: list[tuple[Decimal, str, str]] = field(default_factory=list)  # account-level deductions: amount, code, no
    caps: dict[str, Decimal] = field(default_factory=dict)  # invoice -> what the payer paid on it
    sure: set[str] = field(default_factory=set)  # a cut list: the invoices it names in full
    disc_ok: dict[str, Decimal] = field(default_factory=dict)  # invoice -> earned discount a write-off may take
    note: str = ""
    payer: str = ""  # the originator name the bank shows
    descr: str = ""  # ACH CO ENTRY DESCR
    code: str = ""  # BAI2 type code
    acct: str = OPER
    line: int = 0
    shown: str = ""

    @property
    def fname(self) -> str:
        return BAI if self.file == "bai2" else BOFA


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"deductions:{seed}")
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.by_number: dict[str, Inv] = {}
        self.used: set[str] = set()
        self.credits: list[Credit] = []
        self.skipped: Counter[str] = Counter()

    def digits(self, k: int) -> str:
        return str(self.r.randint(10 ** (k - 1), 10**k - 1))

    # ---- customers and invoices ------------------------------------------------------------------------------
    def cust(self, name: str, orig: str, group: str, terms: str, **kw: Any) -> Cust:
        r = self.r
        c = Cust(name, orig[:16].rstrip(), group, terms, f"{r.choice('1349')}{self.digits(9)}", **kw)
        self.custs.append(c)
        return c

    def customers(self) -> None:
        r = self.r
        for name, orig, group, terms, po, ded, pad in BIG:
            self.cust(name, orig, group, terms, vendor=self.digits(6), po_style=po, ded_style=ded, pad=pad)
        for name, orig, terms, stores in DISTRIBUTORS:
            c = self.cust(name, orig, "distributor", terms, vendor=f"V{self.digits(6)}", po_style="d7", ded_style="DM6")
            for s in stores:
                kid = self.cust(f"{name}:{s}", orig, "shipto", terms, vendor=c.vendor, po_style="d7", parent=c)
                c.kids.append(kid)
        for name, orig, stores in STORE_CHAINS:
            c = self.cust(name, orig, "store_chain", "Net 30", vendor=self.digits(5), po_style="d6", ded_style="d5")
            for s in stores:
                kid = self.cust(f"{name}:{s}", orig, "shipto", "Net 30", vendor=c.vendor, po_style="d6", parent=c)
                c.kids.append(kid)
        firsts: set[str] = set()
        while sum(c.group == "regional" for c in self.custs) < 110:  # one grocer to an owner or a place
            first = f"{r.choice(OWNERS)}'s" if r.random() < 0.6 else r.choice(PLACES)
            if first in firsts:
                continue
            firsts.add(first)
            name = f"{first} {r.choice(STORE_WORDS)} {r.choice(FORMS)}".strip()
            terms = r.choice(["Net 30", "Net 30", "Net 30", "2% 10 Net 30", "2% 10 Net 30", "Net 15"])
            u = upper(name)
            orig = u if r.random() < 0.8 else u.rsplit(" ", 1)[0]  # the legal form left out at its bank
            style = r.choice(["d5", "d5", "pre", "none", "none", "slash"])
            self.cust(name, orig, "regional", terms, vendor=r.choice([self.digits(4), f"HARV{self.digits(2)}", ""]),
                      po_style=style, po_in_memo=style != "none" and r.random() < 0.35)  # fmt: skip

    def po_for(self, c: Cust) -> str:
        r, s = self.r, c.po_style
        if s.startswith("d"):
            return self.digits(int(s[1:]))
        if s == "tgt":
            return f"{r.randint(200, 290)}-{self.digits(7)}"
        if s == "pre":
            return f"{''.join(w[0] for w in upper(c.name).split()[:3])}-{r.randint(1000, 9999)}"
        if s == "slash":
            return f"{r.randint(10, 99)}/{r.randint(1000, 9999)}"
        return ""

    def ded_no(self, c: Cust) -> str:
        s = (c.parent or c).ded_style or "DM6"
        if s[0] == "d":
            return self.digits(int(s[1:]))
        k = len(s.rstrip("0123456789"))
        return s[:k] + self.digits(int(s[k:]))

    def invoice_amount(self, c: Cust) -> Decimal:
        r = self.r
        lines = r.randint(1, 6)
        scale = {"chain": (40, 500), "foodservice": (20, 260), "distributor": (30, 400), "store_chain": (10, 90),
                 "shipto": (4, 45), "regional": (2, 40)}[c.group]  # fmt: skip
        return sum((r.randint(*scale) * Decimal(p) for _, p in r.sample(PRODUCTS, lines)), ZERO)

    def ledger(self) -> None:
        r = self.r
        per_week = {"chain": (6.0, 11.0), "foodservice": (2.5, 4.5), "distributor": (1.5, 4.0),
                    "store_chain": (0.3, 0.6), "shipto": (0.6, 1.2), "regional": (0.4, 1.0)}  # fmt: skip
        first = date(2025, 12, 1)
        raw: list[Inv] = []
        for c in self.custs:
            rate = r.uniform(*per_week[c.group])
            standard = [self.invoice_amount(c) for _ in range(3)]  # repeat orders: the same pallets
            d = first + timedelta(days=r.randint(0, 6))
            while d <= date(2026, 4, 28):
                if d.weekday() < 5:
                    amt = r.choice(standard) if c.group != "regional" and r.random() < 0.15 else self.invoice_amount(c)
                    inv = Inv("", c, d, amt, po=self.po_for(c))
                    cutoff = START - timedelta(days=c.days + r.randint(5, 15))
                    if d < cutoff:  # paid before April: open only when short-paid or disputed
                        roll = r.random()
                        big = c.group in ("chain", "foodservice", "distributor", "store_chain", "shipto")
                        if roll < (0.13 if big else 0.04):
                            ded = max(Decimal("4.80"), d2(inv.total * Decimal(r.uniform(0.01, 0.12))))
                            inv.paid, inv.ded_no = inv.total - ded, self.ded_no(c)
                        elif roll < (0.15 if big else 0.05):
                            pass  # disputed: left open whole
                        else:
                            inv.paid = inv.total
                    raw.append(inv)
                d += timedelta(days=max(1, round(r.expovariate(rate / 7))))
        raw.sort(key=lambda i: (i.issued, i.cust.name, i.total))
        base = 20_000 + r.randint(0, 900)
        for k, inv in enumerate(raw):
            inv.number = str(base + k)
            inv.cust.invoices.append(inv)
            self.by_number[inv.number] = inv
            self.invs.append(inv)
        for inv in self.invs:
            c = inv.cust
            if c.po_in_memo and inv.po:
                inv.memo = r.choice([f"PO# {inv.po}", f"Cust PO {inv.po}", f"PO {inv.po} - rec'd by phone"])
                inv.memo_po, inv.po = inv.po, ""
            elif c.group == "shipto":
                inv.memo = f"Ship to: {c.name.split(':', 1)[1]}"
            elif c.group == "chain" and r.random() < 0.3:
                inv.memo = f"DC {r.randint(6001, 7099)}"

    # ---- picking -----------------------------------------------------------------------------------------
    def open_of(self, custs: list[Cust], before: date | None = None, whole: bool = True) -> list[Inv]:
        return [
            i
            for c in custs
            for i in c.invoices
            if i.due > 0 and i.number not in self.used and (not whole or i.paid == 0)
            and (before is None or i.issued <= before)
        ]  # fmt: skip

    def all_open(self, custs: list[Cust]) -> list[Inv]:
        """What the ledger shows open for these customers (the clerk's view, used or not)."""
        return [i for c in custs for i in c.invoices if i.due > 0]

    def having(self, groups: tuple[str, ...], n: int, before: date, own: bool = False) -> Cust | None:
        """A customer of ``groups`` with ``n`` whole open invoices issued by ``before`` (``own``: its own, else
        its ship-tos' too)."""
        pool = [c for c in self.custs if c.group in groups and len(self.open_of([c] if own else c.family, before)) >= n]
        return self.r.choice(pool) if pool else None

    def pick(self, invs: list[Inv], n: int) -> list[Inv]:
        return sorted(self.r.sample(invs, min(n, len(invs))), key=lambda i: int(i.number))

    def day(self, lo: date = START, hi: date = END) -> date:
        return self.r.choice([d for d in DAYS if lo <= d <= hi] or [max(DAYS)])

    @staticmethod
    def fits(pool: list[Inv], target: Decimal, maxk: int, limit: int = 2) -> list[tuple[Inv, ...]]:
        """Up to ``limit`` sets of at most ``maxk`` invoices of ``pool`` whose open amounts make ``target``."""
        if len(pool) > 30:  # big accounts: singles, pairs and triples through a table of pair sums
            maxk = min(maxk, 3)
            out: list[tuple[Inv, ...]] = [(i,) for i in pool if i.due == target][:limit]
            pairs: dict[Decimal, list[tuple[int, int]]] = defaultdict(list)
            for a in range(len(pool)):
                for b in range(a + 1, len(pool)):
                    pairs[pool[a].due + pool[b].due].append((a, b))
            out += [(pool[a], pool[b]) for a, b in pairs.get(target, [])][: limit - len(out)]
            if maxk >= 3 and len(out) < limit:
                for a in range(len(pool)):
                    for b, c in pairs.get(target - pool[a].due, []):
                        if a < b:
                            out.append((pool[a], pool[b], pool[c]))
                            if len(out) >= limit:
                                return out
            return out[:limit]
        items = sorted(pool, key=lambda i: i.due, reverse=True)
        found: list[tuple[Inv, ...]] = []

        def go(start: int, left: Decimal, chosen: list[Inv]) -> None:
            if left == 0 and chosen:
                found.append(tuple(chosen))
                return
            if len(chosen) == maxk:
                return
            for j in range(start, len(items)):
                if items[j].due <= left and len(found) < limit:
                    chosen.append(items[j])
                    go(j + 1, left - items[j].due, chosen)
                    chosen.pop()

        go(0, target, [])
        return found

    def add(self, cr: Credit, invs: list[Inv]) -> Credit:
        for i in invs:
            self.used.add(i.number)
        if cr.truth is None and cr.kind not in ("noncustomer", "debit"):
            cr.truth = [tuple(sorted(i.number for i in invs))]
        if not cr.caps:
            cr.caps = {i.number: i.due for i in invs}
        self.credits.append(cr)
        return cr

    def written(self, inv: Inv, payer: Cust) -> str:
        """The invoice number as the payer's system writes it."""
        pad = (payer.parent or payer).pad
        return inv.number.zfill(pad) if pad else inv.number

    def deduct(self, it: Item, inv: Inv, share: float, day: date) -> None:
        """Maybe an early-pay discount and a deduction on one invoice (what the payer writes)."""
        r = self.r
        if inv.cust.terms.startswith("2%") and (day - inv.issued).days <= 10:
            it.disc = d2(inv.total * Decimal("0.02"))
        if r.random() < share:
            it.reason, _ = r.choice(REASONS)
            g = inv.due
            it.adj = {
                "11": d2(g * Decimal(r.uniform(0.03, 0.12))),  # promotional allowance
                "03": d2(g * Decimal(r.uniform(0.005, 0.03))),  # damages
                "05": Decimal(r.randint(1, 6)) * Decimal(r.choice(PRODUCTS)[1]),  # short shipped: cases
                "01": d2(g * Decimal(r.uniform(0.003, 0.02))),  # pricing
                "CS": d2(g * Decimal("0.03")),  # compliance (on-time in-full) fine
            }[it.reason]
            it.adj = min(it.adj, d2(g * Decimal("0.4")))
        it.gross = inv.due
        it.paid = inv.due - it.disc - it.adj

    def items_for(self, invs: list[Inv], payer: Cust, share: float, day: date) -> list[Item]:
        out = []
        for inv in invs:
            it = Item(self.written(inv, payer), "IV", inv.due, inv)
            self.deduct(it, inv, share, day)
            out.append(it)
        return out

    def close(self, cr: Credit) -> None:
        """Caps and earned discounts from the items."""
        for it in cr.items:
            if it.inv is not None and it.paid > 0:
                cr.caps[it.inv.number] = min(it.inv.due, it.paid)
                if it.disc and (cr.day - it.inv.issued).days <= 10:
                    cr.disc_ok[it.inv.number] = it.disc

    # ---- scenarios -----------------------------------------------------------------------------------------
    def s_multi(self, kind: str) -> None:
        r = self.r
        day = self.day(date(2026, 4, 6))
        n = r.choice([5, 6, 8, 10, 12, 15, 18, 20, 25, 30, 40])
        c = self.having(("chain", "foodservice", "distributor"), n, day - timedelta(days=8), own=True)
        if c is None:
            self.skipped[kind] += 1
            return
        invs = self.pick(self.open_of([c], day - timedelta(days=8)), n)
        share = {"multi_exact": 0.0, "multi_gross_net": 0.3, "multi_net_only": 0.35}[kind]
        items = self.items_for(invs, c, share, day)
        if kind == "multi_net_only":
            for it in items:
                it.gross, it.disc, it.reason, it.adj = None, ZERO, "", ZERO
            if all(it.paid == it.inv.due for it in items if it.inv):  # at least one short-paid
                it = items[r.randrange(len(items))]
                assert it.inv is not None
                it.paid = it.inv.due - d2(it.inv.due * Decimal(r.uniform(0.02, 0.1)))
        elif kind == "multi_exact":
            for it in items:
                it.gross = it.gross if r.random() < 0.5 else None
        amount = sum((it.paid for it in items), ZERO)
        payer = c.orig
        if c.name.startswith("Albertsons") and r.random() < 0.5:
            payer = "SAFEWAY INC"
        cr = Credit(kind, "bai2", amount, day, c, None, items, payer=payer, descr="EDI PYMNTS", how="ctx")
        cr.note = f"{len(invs)} invoices; " + ", ".join(f"{it.ref} {it.paid}" for it in items[:4])
        self.close(cr)
        self.add(cr, invs)

    def s_deduction_line(self, clash: bool = False) -> None:
        r = self.r
        kind = "ded_numclash" if clash else "deduction_line"
        day = self.day(date(2026, 4, 6))
        n = r.randint(3, 14)
        groups = ("store_chain",) if clash else ("chain", "foodservice", "distributor")
        c = self.having(groups, n, day - timedelta(days=8))
        if c is None:
            self.skipped[kind] += 1
            return
        invs = self.pick(self.open_of(c.family, day - timedelta(days=8)), n)
        items = [Item(self.written(i, c), "IV", i.due, i, gross=i.due if r.random() < 0.5 else None) for i in invs]
        gross = sum((i.due for i in invs), ZERO)
        what = r.choice(["slotting", "otif", "promo", "coop"])
        ded = {
            "slotting": Decimal(r.randint(5, 60) * 100),
            "otif": d2(gross * Decimal("0.03")),
            "promo": d2(gross * Decimal(r.uniform(0.02, 0.09))),
            "coop": Decimal(r.randint(5, 40) * 50),
        }[what]
        ded = min(ded, d2(gross * Decimal("0.35")))
        dno = self.ded_no(c)
        note = f"{len(invs)} invoices gross {gross} less {what} {dno} {ded}"
        if clash:  # the chain's 5-digit debit memo number is one of our open invoice numbers
            others = [i for i in self.all_open(c.family) if i not in invs]
            if not others:
                self.skipped[kind] += 1
                return
            twin = r.choice(others)
            dno = twin.number
            note += f"; {dno} is also an open invoice of {twin.cust.name} for {twin.due}"
        cr = Credit(kind, "bai2", gross - ded, day, c, None, items, payer=c.orig, descr="EDI PYMNTS", how="ctx")
        if clash or r.random() < 0.6:
            cr.items.append(Item(dno, "IV", -ded, None))
        else:
            code = {"slotting": "CS", "otif": "CS", "promo": "11", "coop": "11"}[what]
            cr.adx.append((ded, code, dno))
        cr.note = note
        self.add(cr, invs)

    def s_discount(self, earned: bool, unauth: bool = False) -> None:
        """2% taken: within 10 days on 2% 10 net 30 terms (earned), later (late), or on net terms (unauth)."""
        r = self.r
        kind = "discount_unauth" if unauth else "discount_earned" if earned else "discount_late"
        day = self.day(date(2026, 4, 3))
        lo, hi = (2, 9) if earned or unauth else (16, 28)
        pool = [c for c in self.custs if c.terms.startswith("2%") != unauth and c.group in ("regional", "distributor")]
        earned = earned and not unauth
        r.shuffle(pool)
        for c in pool:
            cands = [i for i in self.open_of([c]) if lo <= (day - i.issued).days <= hi]
            if cands:
                break
        else:
            self.skipped[kind] += 1
            return
        invs = self.pick(cands, r.randint(1, min(4, len(cands))))
        items = []
        for inv in invs:
            disc = d2(inv.total * Decimal("0.02"))
            items.append(Item(self.written(inv, c), "IV", inv.due - disc, inv, gross=inv.due, disc=disc))
        amount = sum((it.paid for it in items), ZERO)
        how = "ctx" if len(items) > 1 and c.group == "distributor" else r.choice(["ccd", "ccd", "bofa"])
        file, how = ("bofa", "ccd") if how == "bofa" else ("bai2", how)
        descr = r.choice(["PAYMENT", "AP PMT", "VENDOR PAY"])
        cr = Credit(kind, file, amount, day, c, None, items, payer=c.orig, descr=descr, how=how)
        if cr.how == "ccd":  # one addenda: one RMR, or a line of text
            if len(items) == 1 and r.random() < 0.6:
                it = items[0]
                cr.text = f"RMR*IV*{it.ref}*PI*{it.paid}*{it.gross}*{it.disc}\\"
            else:
                cr.text = r.choice(["INV {} LESS 2% DISC", "INV# {} 2% 10", "{} LESS 2 PCT"]).format(
                    " ".join(it.ref for it in items)
                )
            cr.items = []
        ages = ", ".join(f"{it.ref} {(day - it.inv.issued).days}d" for it in items if it.inv)
        cr.note = f"2% taken, {'earned' if earned else 'unearned'} on {c.terms} ({ages})"
        for it in items:
            assert it.inv is not None
            cr.caps[it.inv.number] = it.paid
            if earned:
                cr.disc_ok[it.inv.number] = it.disc
        self.add(cr, invs)

    def s_po(self, kind: str) -> None:
        r = self.r
        day = self.day(date(2026, 4, 6))
        if kind == "po_memo":
            pool = [c for c in self.custs if any(i.memo_po for i in self.open_of([c], day - timedelta(days=5)))]
        elif kind == "po_clash":
            pool = [c for c in self.custs if c.group == "regional" and c.po_style == "d5" and not c.po_in_memo]
            pool = [c for c in pool if self.open_of([c], day - timedelta(days=5))]
        else:
            pool = [c for c in self.custs if c.group in ("chain", "distributor") and c.po_style]
            pool = [c for c in pool if len(self.open_of([c], day - timedelta(days=8))) >= 4]
        if not pool:
            self.skipped[kind] += 1
            return
        c = r.choice(pool)
        cands = [i for i in self.open_of([c], day - timedelta(days=5)) if i.po or i.memo_po]
        if not cands:
            self.skipped[kind] += 1
            return
        if kind == "po_split":  # one PO shipped on two invoices
            a, b = self.pick(cands, 2)
            b.po = a.po
            invs = [a, b]
            items = [Item(a.po, "PO", a.due + b.due, None)]
            cr = Credit(kind, "bai2", a.due + b.due, day, c, None, items, payer=c.orig, descr="EDI PYMNTS", how="ctx")
            cr.note = f"PO {a.po} on {a.number} and {b.number}"
            cr.caps = {a.number: a.due, b.number: b.due}
            self.add(cr, invs)
            return
        if kind == "po_clash":  # the grocer's 5-digit PO is another customer's open invoice number
            inv = r.choice(cands)
            others = [i for i in self.invs if i.due > 0 and i.cust is not c and i.number not in self.used]
            twin = r.choice(others)
            inv.po = twin.number
            text = r.choice(["PO {}", "PO# {}", "P.O. {}", "PURCHASE ORDER {}"]).format(inv.po)
            file = r.choice(["bofa", "bai2"])
            cr = Credit(kind, file, inv.due, day, c, None, text=text, payer=c.orig, descr="PAYMENT", how="ccd")
            cr.note = (
                f"PO {inv.po} is on {inv.number} ({inv.due}); {twin.number} is {twin.cust.name}'s, open {twin.due}"
            )
            self.add(cr, [inv])
            return
        n = 1 if kind == "po_memo" else r.randint(1, min(6, len(cands)))
        invs = self.pick(cands, n)
        pos = [i.po or i.memo_po for i in invs]
        if kind == "po_memo":
            inv = invs[0]
            text = r.choice(["PO {}", "PO# {}", "{}", "PO {} THANK YOU"]).format(pos[0])
            file = r.choice(["bofa", "bai2"])
            cr = Credit(kind, file, inv.due, day, c, None, text=text, payer=c.orig, descr="PAYMENT", how="ccd")
            cr.note = f"the PO is only in {inv.number}'s memo {inv.memo!r}"
            self.add(cr, invs)
            return
        items = []
        for inv, po in zip(invs, pos):
            qual = "PO" if r.random() < 0.6 else "IV"  # some write their PO where the invoice number goes
            it = Item(po, qual, inv.due, inv, gross=inv.due if r.random() < 0.4 else None)
            if r.random() < 0.25:
                self.deduct(it, inv, 1.0, day)
                it.ref, it.qual = po, qual
            items.append(it)
        amount = sum((it.paid for it in items), ZERO)
        cr = Credit(kind, "bai2", amount, day, c, None, items, payer=c.orig, descr="EDI PYMNTS", how="ctx")
        cr.note = "POs " + ", ".join(f"{it.qual}:{it.ref} -> {it.inv.number if it.inv else '?'}" for it in items)
        self.close(cr)
        self.add(cr, invs)

    def s_shipto(self, kind: str) -> None:
        r = self.r
        day = self.day(date(2026, 4, 6))
        group = "store_chain" if kind == "shipto_parent" else "distributor"
        pool = [c for c in self.custs if c.group == group and c.kids]
        pool = [c for c in pool if len(self.open_of(c.kids, day - timedelta(days=8))) >= 3]
        if not pool:
            self.skipped[kind] += 1
            return
        c = r.choice(pool)
        cands = self.open_of(c.kids, day - timedelta(days=8))
        invs = self.pick(cands, r.randint(3, min(12, len(cands))))
        items = self.items_for(invs, c, 0.2, day)
        amount = sum((it.paid for it in items), ZERO)
        cr = Credit(kind, "bai2", amount, day, c, None, items, payer=c.orig, descr="EDI PYMNTS", how="ctx")
        stores = sorted({i.cust.name.split(":", 1)[1] for i in invs})
        cr.note = f"{len(invs)} invoices of {len(stores)} ship-tos: {', '.join(stores)[:120]}"
        self.close(cr)
        self.add(cr, invs)

    def s_repay(self, named: bool) -> None:
        """A retailer repays an earlier deduction found invalid: the invoice it left open gets the money."""
        r = self.r
        day = self.day()
        pool = [i for i in self.invs if i.ded_no and i.due > 0 and i.number not in self.used]
        if not pool:
            self.skipped["repay"] += 1
            return
        inv = r.choice(pool)
        c = inv.cust.parent or inv.cust
        kind, amount = ("repay_inv" if named else "repay_ded"), inv.due
        if named and r.random() < 0.35:  # the dispute settled for part of the deduction
            kind, amount = "repay_part", d2(inv.due * Decimal(r.choice(["0.5", "0.5", "0.25", "0.75"])))
        found: list[tuple[Inv, ...]] = []
        if not named:
            found = self.fits(self.all_open(c.family), inv.due, 2, 6)
            if len(found) != 1:
                kind = "repay_amb"
        cr = Credit(kind, "bai2", amount, day, c, None, payer=c.orig, how=r.choice(["ccd", "ctx"]))
        cr.caps = {inv.number: amount}
        if kind == "repay_amb":
            cr.truth = self.alternatives([inv], found)
        cr.descr = r.choice(["DED REPAY", "REVERSAL", "EDI PYMNTS", "CLAIM REPAY"])
        if named and cr.how == "ctx":
            cr.items = [Item(self.written(inv, c), "IV", amount, inv, gross=inv.total)]
        elif named:
            cr.text = r.choice([f"DEDUCTION REPAYMENT {inv.ded_no} INV {inv.number}",
                                f"REPAY DED {inv.ded_no} INV# {inv.number}",
                                f"RMR*IV*{self.written(inv, c)}*PI*{amount}\\"])  # fmt: skip
            if kind == "repay_part" and "RMR" not in cr.text:
                cr.text += r.choice([" PARTIAL", " SETTLEMENT", " PART"])
        elif cr.how == "ctx":
            cr.items = [Item(inv.ded_no, "IV", amount, None)]
        else:
            cr.text = r.choice([f"DEDUCTION REVERSAL {inv.ded_no}", f"REPAY {inv.ded_no} INVALID DEDUCTION",
                                f"RMR*IV*{inv.ded_no}*PI*{amount}\\"])  # fmt: skip
        part = "part of " if amount < inv.due else ""
        cr.note = f"repays {part}deduction {inv.ded_no} that left {inv.number} ({inv.cust.name}) open {inv.due}"
        self.add(cr, [inv])

    def s_check(self, stub: bool) -> None:
        r = self.r
        day = self.day()
        pool = [c for c in self.custs if c.group == "regional" and self.open_of([c], day - timedelta(days=5))]
        c = r.choice(pool)
        cands = self.open_of([c], day - timedelta(days=5))
        invs = self.pick(cands, r.choice([1, 1, 1, 2, 2, 3]))
        kind = "check_stub" if stub else "check_nostub"
        cr = Credit(kind, "bai2", sum((i.due for i in invs), ZERO), day, c, None, payer=self.remitter(c),
                    how="lockbox", acct=LOCKBOX)  # fmt: skip
        if stub:  # the lockbox keys each stub line one way: number and amount, or the number alone
            lines, form = [], r.choice(["INV {n} AMT {a}", "{n} {a}", "INV {n}"])
            for i in invs:
                paid = i.due
                if r.random() < 0.15:  # a damage taken on the stub
                    paid = i.due - d2(i.due * Decimal(r.uniform(0.01, 0.05)))
                    lines.append(f"INV {i.number} AMT {paid} LESS DMG")
                else:
                    lines.append(form.format(n=i.number, a=paid))
                cr.caps[i.number] = paid
            cr.amount = sum(cr.caps.values(), ZERO)
            cr.text = "|".join(lines)
        else:
            found = self.fits(self.all_open([c]), cr.amount, 4, 6)
            if len(found) != 1:
                cr.kind = "nostub_amb"
                cr.truth = self.alternatives(invs, found)
        cr.note = f"{len(invs)} of {len(self.all_open([c]))} open"
        self.add(cr, invs)

    @staticmethod
    def alternatives(invs: list[Inv], found: list[tuple[Inv, ...]]) -> list[tuple[str, ...]]:
        """The paid set first, then the other sets that make the amount (a suggestion of any is fair)."""
        real = tuple(sorted(i.number for i in invs))
        return [real, *(t for t in (tuple(sorted(x.number for x in s)) for s in found) if t != real)]

    def remitter(self, c: Cust) -> str:
        u = upper(c.name)
        owner = f"{self.r.choice(['JRK', 'BMH', 'TLC', 'DWS', 'RPN', 'KGB'])} ENTERPRISES INC"
        return self.r.choice([u, u, f"{owner} DBA {u}"[:40]])

    def s_ccd(self, kind: str) -> None:
        r = self.r
        day = self.day()
        pool = [c for c in self.custs if c.group == "regional" and self.open_of([c], day - timedelta(days=5))]
        if kind == "ccd_cut":
            pool = [c for c in pool if len(self.open_of([c], day - timedelta(days=5))) >= 7]
        if not pool:
            self.skipped[kind] += 1
            return
        c = r.choice(pool)
        cands = self.open_of([c], day - timedelta(days=5))
        file = r.choice(["bofa", "bofa", "bofa", "bai2"])
        descr = r.choice(["PAYMENT", "ACH PMT", "VENDOR PAY", "AP PAYMENT", "PAYABLES"])
        if kind == "ccd_exact_bare":
            invs = self.pick(cands, r.choice([1, 1, 1, 2]))
            amount = sum((i.due for i in invs), ZERO)
            found = self.fits(self.all_open([c]), amount, 4, 6)
            cr = Credit(kind, file, amount, day, c, None, payer=c.orig, descr=descr, how="ccd")
            if len(found) != 1:
                cr.kind = "bare_amb"
                cr.truth = self.alternatives(invs, found)
            cr.note = f"{len(invs)} of {len(self.all_open([c]))} open, no remittance"
            self.add(cr, invs)
            return
        if kind == "ccd_text":
            invs = self.pick(cands, r.choice([1, 1, 2, 2, 3, 4, 5]))
            nums = [i.number for i in invs]
            sep = r.choice([" ", ", ", "/", ","])
            text = r.choice(["INV {}", "INV# {}", "INVOICE {}", "{}", "INVOICES {}", "PAY INV {}"]).format(
                sep.join(nums)
            )
            cr = Credit(kind, file, sum((i.due for i in invs), ZERO), day, c, None, text=text[:80], payer=c.orig,
                        descr=descr, how="ccd")  # fmt: skip
            if len(text) > 80:
                cr.kind = "ccd_cut"
            self.add(cr, invs)
            return
        # ccd_cut: a grocer's AP system lists number and amount of each invoice; the addenda stops at 80
        invs = self.pick(cands, r.randint(5, min(9, len(cands))))
        form = r.choice(["{n} {a}", "INV {n} ${a}", "#{n} {a}"])
        text = "; ".join(form.format(n=i.number, a=f"{i.due:,.2f}") for i in invs)
        if len(text) <= 80:
            self.skipped[kind] += 1
            return
        shown = text[:80]
        visible = [i for i in invs if re.search(rf"(?<!\d){i.number}(?!\d)", shown)]  # our numbers have 5 digits
        rest = [i for i in invs if i not in visible]
        amount = sum((i.due for i in invs), ZERO)
        others = [i for i in self.all_open([c]) if i not in visible]
        found = self.fits(others, amount - sum((i.due for i in visible), ZERO), 4, 3)
        cr = Credit(kind, file, amount, day, c, None, text=shown, payer=c.orig, descr=descr, how="ccd")
        cr.note = f"{len(invs)} invoices, {len(visible)} readable; cut: {', '.join(i.number for i in rest)}"
        cr.sure = {i.number for i in visible}
        if rest and (len(found) != 1 or len(rest) > 2):  # more than two unnamed: a clerk asks rather than guesses
            cr.kind = "cut_amb"
            base = tuple(i.number for i in visible)
            cr.truth = [tuple(sorted(base + tuple(x.number for x in s))) for s in found]
            real = tuple(sorted(i.number for i in invs))
            cr.truth = [real, *(t for t in cr.truth if t != real)]
        self.add(cr, invs)

    def s_wire(self) -> None:
        r = self.r
        day = self.day(date(2026, 4, 6))
        c = self.having(("distributor", "foodservice"), 2, day - timedelta(days=8))
        if c is None:
            self.skipped["wire_obi"] += 1
            return
        invs = self.pick(self.open_of(c.family, day - timedelta(days=8)), r.randint(1, 4))
        text = r.choice(["INV {}", "INVOICES {}", "PAYMENT INV {}", "{}"]).format(" ".join(i.number for i in invs))
        cr = Credit("wire_obi", "bai2", sum((i.due for i in invs), ZERO), day, c, None, text=text, how="wire")
        cr.payer = r.choice([upper(c.name), c.name.upper()])
        self.add(cr, invs)

    def s_net_unnamed(self) -> None:
        r = self.r
        day = self.day()
        groups = r.choice([("regional",), ("regional",), ("chain", "distributor")])
        c = self.having(groups, 1, day - timedelta(days=8))
        if c is None:
            self.skipped["net_unnamed"] += 1
            return
        for _ in range(20):
            invs = self.pick(self.open_of(c.family, day - timedelta(days=8)), r.choice([1, 1, 2]))
            gross = sum((i.due for i in invs), ZERO)
            ded = max(Decimal("30.00"), d2(gross * Decimal(r.uniform(0.025, 0.09))))
            if not self.fits(self.all_open(c.family), gross - ded, 4, 1):
                break
        else:
            self.skipped["net_unnamed"] += 1
            return
        how = "lockbox" if c.group == "regional" and r.random() < 0.5 else "ccd"
        file = "bai2" if how == "lockbox" or c.group != "regional" else r.choice(["bofa", "bai2"])
        cr = Credit("net_unnamed", file, gross - ded, day, c, None, how=how, descr="PAYMENT",
                    acct=LOCKBOX if how == "lockbox" else OPER)  # fmt: skip
        cr.payer = self.remitter(c) if how == "lockbox" else c.orig
        cr.note = f"{', '.join(i.number for i in invs)} gross {gross} less an unstated {ded}; fits no set"
        self.add(cr, invs)

    def s_mobile(self) -> None:
        r = self.r
        day = self.day()
        pool = [c for c in self.custs if c.group == "regional" and self.open_of([c], day - timedelta(days=5))]
        c = r.choice(pool)
        inv = r.choice(self.open_of([c], day - timedelta(days=5)))
        cr = Credit("mobile_check", "bofa", inv.due, day, c, None, how="mobile", note=f"a check from {c.name}")
        self.add(cr, [inv])

    def noncustomer(self) -> None:
        r = self.r
        opened = [i for i in self.invs if i.due > 0]
        for k in range(22):
            file, code, text, how = NONCUSTOMER[k % len(NONCUSTOMER)]
            amount = d2(Decimal(r.randint(25000, 2500000)) / 100)
            n, m = r.choice(opened), r.choice(opened)  # a number the text may carry; an amount it may have
            if how == "interest":
                amount = d2(Decimal(r.randint(800, 40000)) / 100)
            elif how == "round":
                amount = Decimal(r.choice([10000, 25000, 50000, 75000]))
            elif how == "tempting" and r.random() < 0.6:
                amount = m.due
            fill = {"y": "", "n": n.number, "amt": money(amount)}
            fill |= {f"d{j}": self.digits(j) for j in (4, 6, 7, 8, 9, 10, 14, 15)}
            day = self.day()
            fill["y"] = f"{day:%y%m%d}"
            cr = Credit(
                "noncustomer", file, amount, day, None, None, how="other", code=code or "", text=text.format(**fill)
            )
            cr.note = f"tempting: {m.number} of {m.cust.name} is open {m.due}" if amount == m.due else ""
            cr.note += f"; names {n.number} ({n.cust.name}, open {n.due})" if "{n}" in text else ""
            self.credits.append(cr)
        for k in range(22):
            file, code, text = DEBITS[k % len(DEBITS)]
            fill = {f"d{j}": self.digits(j) for j in (4, 7, 8, 9, 10, 14)}
            day = self.day()
            fill["y"] = f"{day:%y%m%d}"
            top = 9_000_000 if file == "bai2" else 1_200_000
            amount = -d2(Decimal(r.randint(20000, top)) / 100)
            self.credits.append(Credit("debit", file, amount, day, None, None, how="other", code=code,
                                       text=text.format(**fill)))  # fmt: skip

    def sweeps(self) -> None:
        """The lockbox account sweeps each day's checks into the operating account (ZBA)."""
        by_day: dict[date, Decimal] = defaultdict(Decimal)
        for cr in self.credits:
            if cr.acct == LOCKBOX:
                by_day[cr.day] += cr.amount
        for day, amt in sorted(by_day.items()):
            text = f"ZBA CREDIT TRANSFER FROM ACCT {LOCKBOX[-9:]}"
            self.credits.append(Credit("noncustomer", "bai2", amt, day, None, None, how="other", code="275", text=text))
            self.credits[-1].note = "lockbox sweep"
            text = f"ZBA DEBIT TRANSFER TO ACCT {OPER[-9:]}"
            self.credits.append(Credit("debit", "bai2", -amt, day, None, None, how="other", code="575", text=text))
            self.credits[-1].acct = LOCKBOX

    def build(self) -> World:
        r = self.r
        self.customers()
        self.ledger()
        plan: list[tuple[Any, tuple[Any, ...], int]] = [
            (self.s_multi, ("multi_gross_net",), 9), (self.s_multi, ("multi_net_only",), 4),
            (self.s_multi, ("multi_exact",), 4), (self.s_deduction_line, (False,), 6),
            (self.s_deduction_line, (True,), 2), (self.s_discount, (True,), 6), (self.s_discount, (False,), 4),
            (self.s_discount, (False, True), 4), (self.s_po, ("po_rmr",), 6), (self.s_po, ("po_memo",), 4),
            (self.s_po, ("po_split",), 3), (self.s_po, ("po_clash",), 2), (self.s_shipto, ("shipto_parent",), 4),
            (self.s_shipto, ("shipto_distributor",), 4), (self.s_repay, (True,), 6), (self.s_repay, (False,), 4),
            (self.s_check, (True,), 10), (self.s_check, (False,), 9), (self.s_ccd, ("ccd_exact_bare",), 12),
            (self.s_ccd, ("ccd_text",), 12), (self.s_ccd, ("ccd_cut",), 4), (self.s_wire, (), 5),
            (self.s_net_unnamed, (), 6), (self.s_mobile, (), 4),
        ]  # fmt: skip
        steps = [(f, a) for f, a, n in plan for _ in range(n)]
        r.shuffle(steps)
        for f, a in steps:
            f(*a)
        self.noncustomer()
        self.sweeps()
        return self

    # ---- files ---------------------------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        self.write_qbo(out / LEDGER)
        self.write_bai2(out / BAI)
        self.write_bofa(out / BOFA)
        cfg = f'version: 1\nmatching:\n  discount_max_pct: "2"\n  discount_days: 10\nreports:\n  company_name: {US}\n'
        (out / "arsync.yaml").write_text(cfg, encoding="utf-8")

    def write_qbo(self, path: Path) -> None:
        def amt(d: Decimal) -> str:
            return f"{d:,.2f}"

        head = ["", "Date", "Transaction type", "Num", "P.O. Number", "Memo/Description", "Term", "Due date",
                "Amount", "Open balance"]  # fmt: skip
        rows: list[list[str]] = [[US], ["Open Invoices"], ["As of April 30, 2026"], [], head]
        blank = [""] * (len(head) - 3)
        grand_amt = grand_open = ZERO
        for c in sorted(self.custs, key=lambda x: x.name.lower()):
            docs = sorted((i for i in c.invoices if i.due > 0), key=lambda i: (i.issued, int(i.number)))
            if not docs:
                continue
            rows.append([c.name] + [""] * (len(head) - 1))
            for i in docs:
                rows.append(["", f"{i.issued:%m/%d/%Y}", "Invoice", i.number, i.po, i.memo, c.terms,
                             f"{i.due_date:%m/%d/%Y}", amt(i.total), amt(i.due)])  # fmt: skip
            a, o = sum((i.total for i in docs), ZERO), sum((i.due for i in docs), ZERO)
            grand_amt, grand_open = grand_amt + a, grand_open + o
            rows.append([f"Total for {c.name}", *blank, amt(a), amt(o)])
        rows += [["TOTAL", *blank, amt(grand_amt), amt(grand_open)], [], [],
                 ["Accrual Basis Friday, May 1, 2026 08:12 AM GMT-05:00"]]  # fmt: skip
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)

    def ach_text(self, cr: Credit, sec: str) -> str:
        c = cr.cust
        assert c is not None
        y, trace = f"{cr.day:%y%m%d}", f"0{self.digits(14)}"
        ind = c.vendor or self.digits(7)
        indn = INDN16 if sec == "CTX" else INDN22
        return (f"ORIG CO NAME:{cr.payer:<16} ORIG ID:{c.oid} DESC DATE:{y} CO ENTRY DESCR:{cr.descr:<10} SEC:{sec} "
                f"TRACE#:{trace} EED:{y} IND ID:{ind:<15} IND NAME:{indn}")  # fmt: skip

    def x12(self, cr: Credit) -> list[str]:
        """The 820 segments of a CTX entry, one or two to an 88 record."""
        c = cr.cust
        assert c is not None
        r = self.r
        segs = [f"ST*820*{self.digits(4)}", f"BPR*C*{cr.amount}*C*ACH*CTX*01*{r.choice(ABA)}*DA*{self.digits(10)}",
                f"TRN*1*{self.digits(10)}*1{c.oid}", f"REF*VR*{c.vendor}", f"DTM*097*{cr.day:%Y%m%d}",
                f"N1*PR*{upper((c.parent or c).name) if cr.payer != 'SAFEWAY INC' else 'SAFEWAY INC'}",
                f"N1*PE*{upper(US)}", "ENT*1"]  # fmt: skip
        for it in cr.items:
            els = ["RMR", it.qual, it.ref, "PI", money(it.paid)]
            if it.gross is not None:
                els.append(money(it.gross))
                if it.disc or it.adj:
                    els.append(money(it.disc) if it.disc else "")
                if it.adj:
                    els += [it.reason, money(it.adj)]
            segs.append("*".join(els))
            inv = it.inv
            if (
                inv is not None
                and inv.po
                and it.qual == "IV"
                and c.group in ("chain", "foodservice")
                and r.random() < 0.5
            ):
                segs.append(f"REF*PO*{inv.po}")
            if inv is not None and c.group == "chain" and r.random() < 0.3:
                segs.append(f"DTM*003*{inv.issued:%Y%m%d}")
        for amt, code, dno in cr.adx:
            segs.append(f"ADX*-{amt}*{code}*ZZ*{dno}")
        segs.append(f"SE*{len(segs) + 1}*0001")
        out, cur = [], ""
        for s in segs:
            s += "\\"
            if cur and len(cur) + len(s) > 77:
                out.append(cur)
                cur = ""
            cur += s
        return [*out, cur]

    def bai2_lines(self, cr: Credit) -> tuple[str, str, str, list[str]]:
        """(type code, customer reference, 16 text, 88 continuations)."""
        r = self.r
        if cr.how == "other":
            parts = cr.text.split("|")
            cr.shown = " ".join(parts)
            ref = self.digits(6) if cr.code == "475" else ""
            return cr.code, ref, parts[0], parts[1:]
        c = cr.cust
        assert c is not None
        if cr.how == "lockbox":
            check = self.digits(7)
            head = f"LOCKBOX 070734 BATCH {r.randint(1, 40):03d} ITEM {r.randint(1, 60):03d} CHECK {check}"
            cont = [f"REMITTER:{cr.payer} ABA:{r.choice(ABA)} ACCT:XXXXXX{self.digits(4)}"]
            cont += [x for x in cr.text.split("|") if x]
            cr.shown = " ".join([head, *cont])
            return "116", check, head, cont
        if cr.how == "wire":
            y = f"{cr.day:%y%m%d}"
            hhmm = f"{r.randint(8, 16):02d}{r.randint(0, 59):02d}"
            head = f"WIRE TYPE:FED IN DATE:{y} TIME:{hhmm} ET TRN:{y}{self.digits(6)}"
            bo = f"B/O {cr.payer}" if r.random() < 0.5 else f"ORG=/{self.digits(10)} {cr.payer}"
            cont = [f"{bo} {r.randint(100, 9999)} COMMERCE DR", f"OBI={cr.text}"]
            cr.shown = " ".join([head, *cont])
            return "195", "", head, cont
        sec = "CTX" if cr.how == "ctx" else "CCD"
        text = self.ach_text(cr, sec)
        cont = self.x12(cr) if sec == "CTX" else ([f"PMT INFO:{cr.text}"] if cr.text else [])
        cr.shown = " ".join([text, *cont])
        return r.choice(["165", "165", "142"]), "", text, cont

    def write_bai2(self, path: Path) -> None:
        r = self.r
        lines = ["01,021000021,HARVRIDGE01,260501,0615,0501,,,2/"]
        file_total, groups = 0, 0
        balances = {OPER: r.randint(10**8, 4 * 10**8), LOCKBOX: 0}
        mine = [cr for cr in self.credits if cr.file == "bai2"]
        for day in sorted({cr.day for cr in mine}):
            groups += 1
            g_start = len(lines)
            lines.append(f"02,HARVRIDGE01,021000021,1,{day:%y%m%d},2400,USD,2/")
            group_total = 0
            for acct in (OPER, LOCKBOX):
                todays = sorted((cr for cr in mine if cr.day == day and cr.acct == acct), key=lambda x: x.amount < 0)
                cents = [int(abs(cr.amount) * 100) for cr in todays]
                cr_sum = sum(c for c, cr in zip(cents, todays) if cr.amount > 0)
                dr_sum = sum(c for c, cr in zip(cents, todays) if cr.amount < 0)
                n_cr = sum(cr.amount > 0 for cr in todays)
                opening = balances[acct]
                closing = opening + cr_sum - dr_sum
                balances[acct] = closing
                a_start = len(lines)
                lines.append(f"03,{acct},USD,010,{opening},,,015,{closing},,,100,{cr_sum},{n_cr},,400,{dr_sum},"
                             f"{len(todays) - n_cr},/")  # fmt: skip
                total = opening + closing + cr_sum + dr_sum
                for cr, cent in zip(todays, cents):
                    code, cref, text, cont = self.bai2_lines(cr)
                    cr.line = len(lines) + 1
                    bref = f"{day:%y%m%d}{self.digits(8)}"
                    lines += bai2_wrap(f"16,{code},{cent},0,{bref},{cref},", text, cont)
                    total += cent
                lines.append(f"49,{total},{len(lines) - a_start + 1}/")
                group_total += total
            lines.append(f"98,{group_total},2,{len(lines) - g_start + 1}/")
            file_total += group_total
        lines.append(f"99,{file_total},{groups},{len(lines) + 1}/")
        path.write_text("\n".join(lines) + "\n", encoding="ascii")

    def bofa_text(self, cr: Credit) -> str:
        r = self.r
        if cr.how == "other":
            return cr.text
        c = cr.cust
        assert c is not None
        if cr.how == "mobile":
            return f"BKOFAMERICA MOBILE {cr.day:%m/%d} {self.digits(10)} DEPOSIT *MOBILE MN"
        ind = c.vendor or self.digits(7)
        text = f"{cr.payer} DES:{cr.descr} ID:{ind} INDN:{INDN22} CO ID:{c.oid} CCD"
        if cr.text:
            text += f" PMT INFO:{cr.text[:80]}"
        return text if r.random() < 0.9 else text.replace(" CCD", " PPD")

    def write_bofa(self, path: Path) -> None:
        rows = sorted((cr for cr in self.credits if cr.file == "bofa"), key=lambda x: (x.day, -x.amount))
        write_bofa_checking(path, rows, Decimal("84211.37"), START, END, self.bofa_text)


# ---- checks and scoring --------------------------------------------------------------------------------------
def check_parse(world: World, out: Path) -> list[str]:
    """Every line written is read, once, with its amount and date; a CTX entry with its RMR items."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", BAI, BOFA, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in world.credits:
        t = by.pop((cr.fname, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(f"{cr.fname}:{cr.line} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}")
            continue
        if cr.how == "ctx":
            got = [(i["references"][0]["value"] if i["references"] else "", Decimal(i["amount"])) for i in t["items"]]
            want = [(it.ref, it.paid) for it in cr.items]
            if got != want:
                problems.append(f"{cr.fname}:{cr.line} RMR items read {got[:3]}, written {want[:3]}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def amount_problems(world: World, cr: Credit, autos: list[Match]) -> list[str]:
    """What an auto does beyond the invoice set: more than open, than the payer paid on it, than the payment; a
    write-off beyond the earned discounts and the tolerance."""
    why = []
    got = applied(autos)
    for n, a in got.items():
        inv = world.by_number.get(n)
        if inv is not None and a > inv.due:
            why.append(f"applies {a} to {n}, open {inv.due}")
        cap = cr.caps.get(n)
        if cap is None or inv is None or a > inv.due:
            continue
        limit = cap + cr.disc_ok.get(n, ZERO)  # what closes it the clerk's way: the cash, an earned discount ...
        if ZERO < inv.due - limit <= min(TOL_ABS, d2(inv.due * TOL_PCT)):
            limit = inv.due  # ... and a short within the tolerance, which may be written off
        if a > limit:
            why.append(f"applies {a} to {n}, the payer paid {cap} on it (its deduction moved to another invoice)")
    if sum(got.values(), ZERO) > cr.amount:
        why.append(f"applies {sum(got.values(), ZERO)}, more than the payment {cr.amount}")
    for m in autos:
        wo = Decimal(m.get("write_off") or 0)
        if not wo:
            continue
        nums = [i["number"] for i in m.get("invoices", [])]
        opened = sum((world.by_number[n].due for n in nums if n in world.by_number), ZERO)
        allowed = sum((cr.disc_ok.get(n, ZERO) for n in nums), ZERO) + min(TOL_ABS, d2(opened * TOL_PCT))
        if wo > allowed:
            why.append(f"writes off {wo} on {'+'.join(nums)}; allowed {allowed} (earned discount + tolerance)")
    return why


def score(world: World, doc: dict[str, Any], show: str) -> Any:
    raw = matches_by(doc, file_line)
    got: dict[tuple[str, int], list[Match]] = {}
    problems: dict[tuple[str, int], list[str]] = {}
    partial: set[tuple[str, int]] = set()
    inv_total = inv_ok = 0
    for cr in world.credits:
        key = (cr.fname, cr.line)
        ms = [dict(m) for m in raw.get(key, [])]
        autos = [m for m in ms if m.get("decision") == "auto"]
        payable = cr.truth is not None and cr.kind not in REVIEW and cr.amount > 0
        want = set(cr.truth[0]) if cr.truth else set()
        inv_total += len(want) if payable else 0
        cut = cr.kind == "cut_amb" and autos and set(applied(autos)) <= cr.sure
        if autos and cr.amount > 0 and (cr.kind not in REVIEW or cut) and cr.truth is not None:
            why = amount_problems(world, cr, autos)
            picked = set(applied(autos))
            if why:  # the right invoices, wrong amounts: labelled with their amounts, so that no truth fits
                problems[key] = why
                for m in autos:
                    m["invoices"] = [{**i, "number": f"{i['number']}={i.get('applied')}"} for i in m["invoices"]]
            elif picked < want:
                partial.add(key)
                inv_ok += len(picked) if payable else 0
                for m in autos:
                    m["decision"] = "suggest"
                    bench = {"feature": "bench", "weight": 0, "detail": f"auto; {len(picked)} of {len(want)}"}
                    m["reasons"] = [*m.get("reasons", []), bench]
            elif picked == want:
                inv_ok += len(picked) if payable else 0
        got[key] = ms

    def header(key: tuple[str, int], cr: Credit) -> str:
        who = cr.cust.name if cr.cust else "-"
        items = "; ".join(
            f"{it.qual}:{it.ref} paid {it.paid}" + (f" of {it.gross}" if it.gross is not None else "")
            + (f" disc {it.disc}" if it.disc else "") + (f" adj {it.reason} {it.adj}" if it.adj else "")
            for it in cr.items[:5]
        )  # fmt: skip
        more = f" (+{len(cr.items) - 5} more)" if len(cr.items) > 5 else ""
        adx = "".join(f"; ADX {a} {code} {n}" for a, code, n in cr.adx)
        listed = f"\n    items: {items}{more}{adx}" if items or adx else ""
        head = f"{key[0]}:{key[1]} {cr.day} USD {cr.amount} customer={who!r} note={cr.note!r}"
        return f"{head}\n    line: {cr.shown[:400]}{listed}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for p in problems.get((cr.fname, cr.line), []):
            print(f"    WRONG: {p}")
        truth = {n for t in cr.truth or [] for n in t}
        for tag, nums in (("truth", sorted(truth)[:8]), ("picked", [p.split("=")[0] for p in picked][:8])):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None and (tag == "truth" or n not in truth):
                    print(f"    {tag} {n}: {inv.cust.name}, {inv.issued}, PO {inv.po or inv.memo or '-'}, "
                          f"total {inv.total}, open {inv.due}")  # fmt: skip

    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}
    keyed = [((cr.fname, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.fname, x.line))]
    table = score_credits(keyed, got, show, header, review=REVIEW, ledger=ledger, applied=True,
                          judged=lambda k, c, v: verdicts.__setitem__(k, (c, v)))  # fmt: skip
    moved = 0
    for key in partial:
        cr, v = verdicts[key]
        if v.outcome == "suggest wrong" and set(v.picked) <= set(cr.truth[0] if cr.truth else ()):
            table[cr.kind]["suggest wrong"] -= 1
            table[cr.kind]["suggest ok"] += 1
            moved += 1
        verdicts[key] = (cr, Verdict(v.decision, v.picked, "partly auto", v.payable))
    report(table, CLERK)
    causes: Counter[str] = Counter()
    for key, (_, v) in verdicts.items():
        if v.outcome != "AUTO WRONG":
            continue
        why = " ".join(problems.get(key, []))
        cause = "invoices the payer did not pay (or a line no auto can be right for)"
        if "more than" in why or ", open " in why:
            cause = "more than an invoice's open amount or the payment"
        elif "writes off" in why:
            cause = "right invoices, a write-off beyond the earned discount and the tolerance"
        elif "moved" in why:
            cause = "right invoices, a deduction or discount moved to another invoice of the payer"
        causes[cause] += 1
    print("wrong autos by cause:", dict(causes) or "none")
    print(f"lines auto-applied in part (right so far, the rest left to a person; counted as suggestions): "
          f"{len(partial)}; auto rate over invoices of payable credits: {inv_ok}/{inv_total} = "
          f"{inv_ok / max(inv_total, 1):.1%}")  # fmt: skip
    over_open(world, doc)
    left_groups(raw, verdicts)
    return table


def over_open(world: World, doc: dict[str, Any]) -> None:
    """Autos of all lines together against each invoice's open amount."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    lines: dict[str, list[str]] = defaultdict(list)
    for m in doc.get("matches", []):
        if m.get("decision") != "auto":
            continue
        for i in m.get("invoices", []):
            total[i["number"]] += Decimal(i.get("applied") or 0)
            lines[i["number"]].append(f"{m['bank']['file']}:{m['bank']['line']}")
    bad = [f"{n}: autos apply {a} (lines {', '.join(lines[n])}), open {world.by_number[n].due}"
           for n, a in total.items() if n in world.by_number and a > world.by_number[n].due]  # fmt: skip
    print(
        f"invoices whose autos over all lines exceed the open amount: {len(bad)}" + "".join(f"\n    {b}" for b in bad)
    )


def left_groups(
    raw: dict[tuple[str, int], list[Match]], verdicts: dict[tuple[str, int], tuple[Credit, Verdict]]
) -> None:
    groups: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for cr, v in verdicts.values():
        if v.payable and v.outcome not in ("auto ok", "AUTO WRONG"):
            groups[(cr.kind, v.outcome)].append(cr)
    print("\npayable credits left to a person, by kind and outcome:")
    for (kind, outcome), crs in sorted(groups.items(), key=lambda g: -len(g[1])):
        cr = crs[0]
        ms = raw.get((cr.fname, cr.line), [])
        m = next((x for x in ms if x.get("decision") != "auto"), ms[0] if ms else None)
        said = f"{m.get('decision')} {label(m)}: {reasons(m)}" if m else "no output"
        print(f"  {kind} / {outcome}: {len(crs)}; e.g. {cr.fname}:{cr.line} {cr.day} {cr.amount} "
              f"{cr.shown[:160]!r}\n      {said[:400]}")  # fmt: skip


def main() -> int:
    args = arguments(__doc__)
    try:
        world = World(args.seed).build()
        with workdir(args.keep, "bench_deductions_") as out:
            world.write(out)
            kinds = Counter(cr.kind for cr in world.credits)
            n_open = sum(i.due > 0 for i in world.invs)
            n_in = sum(cr.amount > 0 for cr in world.credits)
            print(f"seed {args.seed}: {len(world.custs)} customers (ship-tos included), {n_open} open invoices, "
                  f"{n_in} credits + {kinds['debit']} debits; files in {out}")  # fmt: skip
            if world.skipped:
                print("scenarios without a fitting customer:", dict(world.skipped))
            for problem in check_parse(world, out):
                print("PARSE:", problem)
            banks = ["--bank", BAI, "--bank", BOFA]
            doc = match(out, *banks, "--ledger", LEDGER, "--currency", "USD", "--date-format", "mdy", timed=True)
            if doc is not None:
                score(world, doc, args.show)
    except Exception:  # a benchmark reports, it does not fail
        traceback.print_exc(file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
