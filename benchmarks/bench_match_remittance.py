"""Cash application of large retailer remittances (BAI2 CTX, camt.054, Chase CSV) for a US consumer-goods supplier.

Run:  .venv/bin/python benchmarks/bench_match_remittance.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Per seed it writes (answers known only here) the ledger of Brightway Home Products LLC, ~40 customers (four big
retailers / distributors with 150-280 open invoices each) and ~800-1,500 open invoices numbered like 100234, credit
memos in the same numbering and terms of ``2% 10 Net 30`` for some: for odd seeds QuickBooks Online's "Open
Invoices" report (``open-invoices.csv``), for even seeds a plain list (``open-invoices-list.csv``, with paid rows
and customer ids). The bank side is ``prior-day.bai`` (BAI2, one group per day; CTX credits whose 88 records carry
X12 820 segments: ``TRN``, ``REF*VR``, ``N1*PR``, ``RMR*IV*<invoice>*PI*<paid>*<invoice amount>*<discount>*<reason>*
<adjustment>`` with ``REF*PO`` / ``DTM*003``, ``RMR*CM`` credit memos), ``remittance.camt054.xml`` (camt.054.001.08,
one ``Strd`` per invoice with ``DuePyblAmt``, ``DscntApldAmt``, ``AdjstmntAmtAndRsn``, ``RmtdAmt``; ``CREN`` credit
memos with ``CdtNoteAmt``) and ``chase.csv`` (Chase checking export: the remittance is at most a short text);
``arsync.yaml`` grants the 2% early-payment discount (``discount_max_pct`` 2, ``discount_days`` 10).

It checks ``arsync bank parse`` reads every line, item, amount, discount, adjustment and reason as written, runs
``arsync match`` and scores each credit per kind (multi, deductions, credit_memo, paid_item, partial, short_text,
noremit, dup_first; never to be auto: mismatch, noremit_ambiguous, duplicate, noncustomer) at the level of each
invoice and the amount applied to it: an auto is right only when every invoice it applies to is one the payer paid,
with the amount the payer paid for it (credit memos: each consumed as stated, the cash adding up), and it writes
off no more than the payer stated (discount + deduction). A line whose autos are all right but leave some of its
invoices to a person is tallied as a suggestion (``bench`` reason). Every wrong auto is printed with the line, chosen
vs correct invoices and amounts, write-offs and reasons; then auto rates over payable credits and over invoices,
suggestions, unmatched, allocations above an invoice's open amount and the largest groups left to a person.
``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from matchscore import ARSYNC, C, Match, arguments, file_line, match, matches_by, reasons, report, run, score_credits
from matchscore import workdir as make_workdir

START, END = date(2026, 3, 2), date(2026, 3, 31)
US = "BRIGHTWAY HOME PRODUCTS LLC"
CLERK = "multi deductions credit_memo paid_item partial short_text noremit dup_first".split()
REVIEW = ("mismatch", "noremit_ambiguous", "duplicate")
BANK_FILES = ("prior-day.bai", "remittance.camt054.xml", "chase.csv")
# (ledger name, ACH originator name as the payer's bank writes it, big)
CUSTOMERS = [
    ("Walmart Inc.", "WALMART INC", True),
    ("Target Corporation", "TARGET CORP", True),
    ("The Kroger Co.", "KROGER CO", True),
    ("McLane Company, Inc.", "MCLANE COMPANY INC", True),
    ("Albertsons Companies, Inc.", "ALBERTSONS COMPAN", False),
    ("Costco Wholesale Corporation", "COSTCO WHOLESALE", False),
    ("Dollar General Corporation", "DOLLAR GENERAL", False),
    ("CVS Pharmacy, Inc.", "CVS PHARMACY INC", False),
    ("Walgreen Co.", "WALGREEN CO", False),
    ("H-E-B, LP", "H E B LP", False),
    ("Publix Super Markets, Inc.", "PUBLIX SUPER MARK", False),
    ("Meijer, Inc.", "MEIJER INC", False),
    ("Wakefern Food Corp.", "WAKEFERN FOOD CORP", False),
    ("United Natural Foods, Inc.", "UNITED NATURAL FOO", False),
    ("KeHE Distributors, LLC", "KEHE DISTRIBUTORS", False),
    ("Core-Mark International, Inc.", "CORE-MARK INTL", False),
    ("Dollar Tree Stores, Inc.", "DOLLAR TREE STORES", False),
    ("BJ's Wholesale Club, Inc.", "BJS WHOLESALE CLUB", False),
    ("Hy-Vee, Inc.", "HY-VEE INC", False),
    ("Giant Eagle, Inc.", "GIANT EAGLE INC", False),
    ("Wegmans Food Markets, Inc.", "WEGMANS FOOD MKTS", False),
    ("Southeastern Grocers, Inc.", "SOUTHEASTERN GROCE", False),
    ("Raley's", "RALEYS", False),
    ("Schnuck Markets, Inc.", "SCHNUCK MARKETS", False),
    ("Big Lots Stores, LLC", "BIG LOTS STORES", False),
    ("Five Below, Inc.", "FIVE BELOW INC", False),
    ("Ollie's Bargain Outlet, Inc.", "OLLIES BARGAIN", False),
    ("Stater Bros. Markets", "STATER BROS MARKETS", False),
    ("Brookshire Grocery Company", "BROOKSHIRE GROCERY", False),
    ("Ingles Markets, Incorporated", "INGLES MARKETS INC", False),
    ("Weis Markets, Inc.", "WEIS MARKETS INC", False),
    ("Smart & Final Stores LLC", "SMART AND FINAL", False),
    ("Save Mart Supermarkets", "SAVE MART SUPERMKT", False),
    ("Harris Teeter, LLC", "HARRIS TEETER LLC", False),
    ("Bi-Mart Corporation", "BI-MART CORP", False),
    ("Nash Finch Company", "NASH FINCH CO", False),
    ("Associated Wholesale Grocers, Inc.", "ASSOC WHOLESALE GR", False),
    ("Pharmavite Retail Supply", "PHARMAVITE RETAIL", False),
    ("Lowe's Home Centers, LLC", "LOWES HOME CENTERS", False),
    ("Tractor Supply Company", "TRACTOR SUPPLY CO", False),
]
REASONS = [("04", "DAMAGED GOODS"), ("01", "PRICING ERROR"), ("PA", "PROMOTIONAL ALLOWANCE"), ("06", "SHORT SHIPMENT")]
CITIES = ["BENTONVILLE AR 72716", "MINNEAPOLIS MN 55403", "CINCINNATI OH 45202", "TEMPLE TX 76504", "BOISE ID 83706"]


@dataclass
class Cust:
    name: str
    payer: str
    big: bool
    terms: str
    cid: str
    orig_id: str
    vendor: str  # our vendor number with the customer (IND ID, REF*VR)
    invoices: list[Inv] = field(default_factory=list)


@dataclass
class Inv:
    number: str
    cust: Cust
    issued: date
    total: Decimal
    paid: Decimal = Decimal(0)  # paid before the statement
    memo: bool = False  # a credit memo: total negative
    po: str = ""

    @property
    def due(self) -> Decimal:
        return self.total - self.paid

    @property
    def due_date(self) -> date:
        days = 60 if self.cust.terms == "Net 60" else 30
        return self.issued + timedelta(days=0 if self.memo else days)


@dataclass
class Item:
    """One remittance line as the payer writes it."""

    inv: Inv | None  # None: a number nobody issued
    number: str
    paid: Decimal  # what the payer says it pays (negative for a credit memo)
    gross: Decimal  # the invoice amount the payer writes (RMR05, DuePyblAmt)
    discount: Decimal = Decimal(0)
    reason: str = ""  # adjustment reason code
    reason_text: str = ""
    adjustment: Decimal = Decimal(0)  # taken off (positive)
    apply: bool = True  # the truth: this item's money goes to its invoice


@dataclass
class Credit:
    kind: str
    fmt: str  # bai2, camt, chase
    amount: Decimal
    day: date
    cust: Cust | None
    items: list[Item] = field(default_factory=list)
    text: str = ""  # chase description / bai2 16 text / camt payer name
    ctype: str = "ACH_CREDIT"
    truth: list[tuple[str, ...]] | None = None  # acceptable invoice sets (numbers, credit memos left out)
    alloc: dict[str, Decimal] = field(default_factory=dict)  # invoice -> amount the payer paid on it
    cn: dict[str, Decimal] = field(default_factory=dict)  # credit memo -> amount consumed
    stated_off: dict[str, Decimal] = field(default_factory=dict)  # invoice -> discount + deduction stated
    note: str = ""
    bank_id: str = ""
    line: int = 0

    @property
    def fname(self) -> str:
        return {"bai2": "prior-day.bai", "camt": "remittance.camt054.xml", "chase": "chase.csv"}[self.fmt]


def money(d: Decimal) -> str:
    return f"{d:.2f}"


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.seed = seed
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.used: set[str] = set()
        self.credits: list[Credit] = []
        self.trace = 0

    # ----- ledger -----
    def ledger(self) -> None:
        r = self.r
        raw: list[tuple[Cust, date, Decimal, bool, Decimal]] = []
        for k, (name, payer, big) in enumerate(CUSTOMERS):
            terms = "Net 60" if big and k % 2 else r.choice(["2% 10 Net 30", "Net 30", "Net 30", "2% 10 Net 30"])
            c = Cust(
                name,
                payer,
                big,
                terms,
                f"C{1040 + 7 * k}",
                f"{r.randint(10**9, 2 * 10**9 - 1)}",
                f"V{r.randint(10**5, 10**6 - 1)}",
            )
            self.custs.append(c)
            n = r.randint(230, 330) if big else r.randint(3, 22)
            standard = [Decimal(r.randint(90000, 900000)) / 100 for _ in range(3)]  # repeat orders: same pallets
            for _ in range(n):
                issued = date(2025, 12, 1) + timedelta(days=r.randint(0, 116))
                amount = r.choice(standard) if r.random() < 0.12 else Decimal(r.randint(18000, 2500000)) / 100
                paid = Decimal(0)
                if r.random() < 0.04:
                    paid = (amount * Decimal(r.choice(["0.5", "0.25", "0.6"]))).quantize(C)
                if r.random() < 0.18:  # paid before the statement (not in QuickBooks' open report)
                    paid = amount
                raw.append((c, issued, amount, False, paid))
            for _ in range(r.randint(1, 4) if big else r.randint(0, 1)):
                issued = date(2026, 1, 5) + timedelta(days=r.randint(0, 70))
                raw.append((c, issued, -Decimal(r.randint(5000, 150000)) / 100, True, Decimal(0)))
        raw.sort(key=lambda x: (x[1], x[0].name, x[2]))
        for n, (c, issued, amount, memo, paid) in enumerate(raw, start=100013):
            inv = Inv(str(n), c, issued, amount, paid, memo)
            if not memo and c.big:
                inv.po = f"45{r.randint(10**7, 10**8 - 1)}"
            c.invoices.append(inv)
            self.invs.append(inv)

    def open_of(self, c: Cust, whole: bool = True) -> list[Inv]:
        return [
            i
            for i in c.invoices
            if not i.memo and i.due > 0 and i.number not in self.used and (not whole or i.paid == 0)
        ]

    def memos(self, c: Cust) -> list[Inv]:
        return [i for i in c.invoices if i.memo and i.number not in self.used]

    # ----- payments -----
    def day_after(self, invs: list[Inv], lo: int = 1, hi: int = 9) -> date:
        d = max(i.issued for i in invs) + timedelta(days=self.r.randint(lo, hi))
        return min(END, max(START, d))

    def having(self, pool: list[Cust], n: int) -> Cust:
        """A customer of ``pool`` with at least ``n`` whole open invoices nobody paid yet."""
        return self.r.choice([c for c in pool if len(self.open_of(c)) >= n] or [max(pool, key=self.open_of_len)])

    def open_of_len(self, c: Cust) -> int:
        return len(self.open_of(c))

    def pick(self, c: Cust, n: int, recent: bool = False) -> list[Inv]:
        avail = self.open_of(c)
        if recent:
            avail.sort(key=lambda i: i.issued, reverse=True)
            avail = avail[: max(n * 2, n + 5)]
        picked = self.r.sample(avail, min(n, len(avail)))
        return sorted(picked, key=lambda i: i.number)

    def add(self, cr: Credit) -> Credit:
        for it in cr.items:
            if it.inv is not None and it.apply:
                self.used.add(it.inv.number)
                if it.inv.memo:
                    cr.cn[it.number] = cr.cn.get(it.number, Decimal(0)) - it.paid
                else:
                    cr.alloc[it.number] = cr.alloc.get(it.number, Decimal(0)) + it.paid
                    cr.stated_off[it.number] = it.discount + it.adjustment
        if cr.truth is None and cr.kind not in ("duplicate", "noncustomer", "debit"):
            cr.truth = [tuple(sorted(cr.alloc))]
        self.credits.append(cr)
        return cr

    def full_items(self, invs: list[Inv]) -> list[Item]:
        return [Item(i, i.number, i.due, i.total) for i in invs]

    def batch(
        self, kind: str, c: Cust, items: list[Item], day: date, fmt: str, amount: Decimal | None = None
    ) -> Credit:
        total = sum((it.paid for it in items), Decimal(0)) if amount is None else amount
        return self.add(Credit(kind, fmt, total, day, c, items))

    def deduct(self, items: list[Item], day: date, share: float) -> None:
        r = self.r
        for it in items:
            inv = it.inv
            assert inv is not None
            if inv.cust.terms.startswith("2%") and ((day - inv.issued).days <= 10 or r.random() < 0.15):
                it.discount = (inv.total * Decimal("0.02")).quantize(C, ROUND_HALF_UP)
            if r.random() < share:
                it.reason, it.reason_text = r.choice(REASONS)
                small = r.random() < 0.4
                top = min(inv.due * Decimal("0.02"), Decimal(24)) if small else inv.due * Decimal("0.3")
                it.adjustment = max(Decimal("1.00"), (top * Decimal(r.randint(20, 100)) / 100).quantize(C))
            it.paid = it.gross - it.discount - it.adjustment

    def build(self) -> World:
        r = self.r
        self.ledger()
        big = [c for c in self.custs if c.big]
        mid = [c for c in self.custs if not c.big and len(self.open_of(c)) >= 12]
        fmts = ["bai2", "camt"]
        for k in range(5):  # multi: 20-150 invoices with per-invoice amounts
            n = r.choice([20, 35, 60, 90, 120, 150]) if k < 4 else r.randint(20, 40)
            c = big[k % 4] if len(self.open_of(big[k % 4])) >= n + 40 else self.having(big, n)
            invs = self.pick(c, n)
            self.batch("multi", c, self.full_items(invs), self.day_after(invs, 2, 20), fmts[k % 2])
        for k in range(4):  # short pays with stated deductions and discounts taken
            n = r.randint(20, 70) if k < 3 else 20
            c = self.having(big, n) if k < 3 else self.having(mid + big, 20)
            invs = self.pick(c, n, recent=True)
            day = self.day_after(invs, 1, 6)
            items = self.full_items(invs)
            self.deduct(items, day, 0.25)
            self.batch("deductions", c, items, day, fmts[(k + 1) % 2])
        for k in range(3):  # a credit memo netted in the remittance
            with_memos = [x for x in big + mid if self.memos(x) and len(self.open_of(x)) >= 25]
            if not with_memos:
                continue
            c = r.choice(with_memos)
            memos = self.memos(c)
            cm = r.choice(memos)
            invs = self.pick(c, r.randint(4, 25))
            items = [*self.full_items(invs), Item(cm, cm.number, cm.total, cm.total)]
            if k == 2:  # part of the credit memo only
                items[-1].paid = items[-1].gross = (cm.total / 2).quantize(C)
            self.batch("credit_memo", c, items, self.day_after(invs, 1, 12), fmts[k % 2])
        for k in range(3):  # one item names an invoice already paid, or a number never issued
            c = self.having(big, 30)
            invs = self.pick(c, r.randint(8, 30))
            if not invs:
                continue
            items = self.full_items(invs)
            paid = [i for i in c.invoices if i.paid == i.total and not i.memo and i.number not in self.used]
            if k < 2 and paid:
                inv = r.choice(paid)
                bad = Item(inv, inv.number, inv.total, inv.total, apply=False)
                self.used.add(inv.number)
                note = f"{inv.number} was paid before"
            else:
                number = str(100013 + len(self.invs) + r.randint(40, 400))
                amount = Decimal(r.randint(50000, 900000)) / 100
                bad, note = Item(None, number, amount, amount, apply=False), f"{number} was never issued"
            items.insert(r.randrange(len(items)), bad)
            self.batch("paid_item", c, items, self.day_after(invs, 1, 12), fmts[k % 2]).note = note
        for k in range(3):  # the items do not add up to the money received
            n = r.randint(5, 25)
            c = self.having(big + mid, n)
            invs = self.pick(c, n)
            items = self.full_items(invs)
            total = sum((it.paid for it in items), Decimal(0))
            off = [-items[-1].paid, Decimal("-15.00"), Decimal(r.choice([1, -1]) * r.randint(3000, 90000)) / 100][k]
            cr = self.batch("mismatch", c, items, self.day_after(invs, 1, 12), fmts[k % 2], total + off)
            cr.note = f"items add up to {total}, the bank booked {total + off}"
            if k == 0:  # the last item's money did not come: its invoices without it are a fair suggestion too
                cr.truth = [tuple(sorted(cr.alloc)), tuple(sorted(i.number for i in invs[:-1]))]
        for k in range(4):  # partial payment of a named invoice
            c = self.having(big + mid, 1)
            (inv,) = self.pick(c, 1)
            part = (inv.due * Decimal(r.choice(["0.5", "0.4", "0.75"]))).quantize(C)
            if k < 2:
                it = Item(inv, inv.number, part, inv.total)
                self.batch("partial", c, [it], self.day_after([inv], 5, 30), fmts[k % 2])
            else:
                text = r.choice(["PARTIAL PMT INV {}", "INV {} PART PAYMENT", "INSTALMENT 1 INV {}"]).format(inv.number)
                cr = self.chase("partial", c, [inv], part, text)
                cr.alloc = {inv.number: part}
        for _ in range(6):  # a short text naming a few invoices
            n = r.randint(1, 4)
            c = self.having(big + mid, n)
            invs = self.pick(c, n)
            nums = [i.number for i in invs]
            text = r.choice(["INV {}", "INV {}", "INVOICES {}", "{}"]).format(
                r.choice(["/", ", ", " / ", ","]).join(nums) if len(nums) > 1 else nums[0]
            )
            self.chase("short_text", c, invs, None, text)
        for k in range(8):  # no remittance: several invoices of a large customer
            c = self.having(big, 3)
            if k < 5:
                for _ in range(30):
                    invs = self.pick(c, r.randint(2, 3))
                    if self.combos(c, invs) == 1:
                        self.chase("noremit", c, invs, None, "")
                        break
            else:  # ambiguous: an equal open invoice could stand in for one of them
                pool = self.open_of(c)
                same = [(a, b) for a, b in combinations(pool, 2) if a.due == b.due]
                if not same:
                    continue
                a, b = r.choice(same)
                rest = [i for i in self.pick(c, 3) if i not in (a, b)][:2]
                invs = sorted([a, *rest], key=lambda i: i.number)
                alt = sorted([b, *rest], key=lambda i: i.number)
                cr = self.chase("noremit_ambiguous", c, invs, None, "")
                cr.truth = [tuple(i.number for i in invs), tuple(i.number for i in alt)]
                cr.note = f"{a.number} and {b.number} are both open for {a.due}"
        for _ in range(2):  # the same advice paid twice
            c = self.having(big, 30)
            invs = self.pick(c, r.randint(20, 30))
            first = self.batch("dup_first", c, self.full_items(invs), self.day_after(invs, 1, 5), "bai2")
            again = Credit("duplicate", "bai2", first.amount, min(END, first.day + timedelta(days=r.randint(1, 6))), c)
            again.items, again.note = first.items, f"the advice of {first.day} again"
            self.credits.append(again)
        self.noncustomer()
        return self

    def combos(self, c: Cust, invs: list[Inv]) -> int:
        """How many sets of 1-3 of the customer's open invoices (whole and part paid) add up to their sum (with a
        few hundred open invoices, sets of four collide by chance: no payer can be told apart that way)."""
        target = sum((i.due for i in invs), Decimal(0))
        pool = [i.due for i in c.invoices if not i.memo and i.due > 0 and i.number not in self.used]
        n, count = len(pool), 0
        pairs: dict[Decimal, list[tuple[int, int]]] = defaultdict(list)
        for a in range(n):
            count += pool[a] == target
            for b in range(a + 1, n):
                pairs[pool[a] + pool[b]].append((a, b))
        count += len(pairs.get(target, []))
        for a in range(n):  # triples a < b < c
            count += sum(1 for b, _ in pairs.get(target - pool[a], []) if b > a)
        return count

    def chase(self, kind: str, c: Cust, invs: list[Inv], amount: Decimal | None, remit: str) -> Credit:
        r = self.r
        amount = sum((i.due for i in invs), Decimal(0)) if amount is None else amount
        day = self.day_after(invs, 2, 25)
        self.trace += 1
        if r.random() < 0.6:
            descr = r.choice(["EDI PYMNTS", "PAYMENTS", "AP PAYMENT", "VENDOR PMT"])
            text = (
                f"ORIG CO NAME:{c.payer[:16].rstrip()} ORIG ID:{c.orig_id} DESC DATE:{day:%y%m%d} "
                f"CO ENTRY DESCR:{descr} SEC:CCD TRACE#:0210000{r.randint(10**7, 10**8 - 1)} EED:{day:%y%m%d} "
                f"IND ID:{c.vendor} IND NAME:{US[:22]}{' PMT INFO:' + remit if remit else ''} "
                f"TRN: {r.randint(10**9, 10**10 - 1)}TC"
            )
            ctype = "ACH_CREDIT"
        else:
            text = (
                f"FEDWIRE CREDIT VIA: WELLS FARGO BANK, N.A./121000248 B/O: {c.payer} {r.choice(CITIES)} "
                f"REF: CHASE NYC/CTR/BNF={US} NEW YORK NY 10017-2014 US/AC-000000004821 RFB=O/B WELLS FARGO "
                f"{'OBI=' + remit + ' ' if remit else ''}IMAD: {day:%m%d}MMQFMP2N0{r.randint(10**5, 10**6 - 1)} "
                f"TRN: {r.randint(10**9, 10**10 - 1)}FF"
            )
            ctype = "WIRE_INCOMING"
        items = [Item(i, i.number, i.due, i.total) for i in invs]
        cr = Credit(kind, "chase", amount, day, c, items, text, ctype)
        return self.add(cr)

    def noncustomer(self) -> None:
        r = self.r
        for text, ctype in [
            ("INTEREST PAYMENT", "MISC_CREDIT"),
            ("ONLINE TRANSFER FROM SAV ...4821", "ACCT_XFER"),
            ("IRS TREAS 310 TAX REF", "ACH_CREDIT"),
        ]:
            amount = (
                Decimal(r.randint(1500, 40000)) / 100 if "INTEREST" in text else Decimal(r.randint(10**5, 10**7)) / 100
            )
            day = START + timedelta(days=r.randint(0, 27))
            self.credits.append(Credit("noncustomer", "chase", amount, day, None, [], text, ctype))
        for k, (text, ctype) in enumerate(
            [
                ("ADP PAYROLL FEES ADP - FEES", "ACH_DEBIT"),
                ("ONLINE DOMESTIC WIRE TRANSFER A/C: PACKAGING CORP", "WIRE_OUTGOING"),
                ("CHECK 10482", "CHECK_PAID"),
                ("UPS BILLING PAYMENT", "ACH_DEBIT"),
            ]
        ):
            amount = -Decimal(r.randint(20000, 5000000)) / 100
            self.credits.append(
                Credit("debit", "chase", amount, START + timedelta(days=3 + 6 * k), None, [], text, ctype)
            )
        for k in range(2):
            amount = -Decimal(r.randint(200000, 9000000)) / 100
            self.credits.append(
                Credit("debit", "bai2", amount, START + timedelta(days=4 + 9 * k), None, [], "CHECK PAID")
            )

    # ----- files -----
    def write(self, out: Path) -> str:
        ledger = self.write_qbo(out) if self.seed % 2 else self.write_list(out)
        cfg = 'matching:\n  discount_max_pct: "2"\n  discount_days: 10\n'
        (out / "arsync.yaml").write_text(cfg, encoding="utf-8")
        self.write_bai2(out)
        self.write_camt(out)
        self.write_chase(out)
        return ledger

    def write_qbo(self, out: Path) -> str:
        def usd(d: Decimal) -> str:
            s = f"{abs(d):,.2f}"
            return f"-{s}" if d < 0 else f"${s}" if d >= 1000 else s

        rows: list[list[str]] = [[US.title().replace("Llc", "LLC")], ["Open Invoices"], ["As of March 31, 2026"], []]
        rows.append(["", "Date", "Transaction type", "Num", "Term", "Due date", "Amount", "Open balance"])
        grand = Decimal(0)
        for c in sorted(self.custs, key=lambda x: x.name.lower()):
            docs = sorted((i for i in c.invoices if i.due != 0), key=lambda i: (i.issued, i.number))
            if not docs:
                continue
            rows.append([c.name] + [""] * 7)
            for i in docs:
                kind, term = ("Credit Memo", "") if i.memo else ("Invoice", c.terms)
                rows.append(
                    [
                        "",
                        f"{i.issued:%m/%d/%Y}",
                        kind,
                        i.number,
                        term,
                        f"{i.due_date:%m/%d/%Y}",
                        usd(i.total),
                        usd(i.due),
                    ]
                )
            sub = sum((i.due for i in docs), Decimal(0))
            grand += sub
            rows.append([f"Total for {c.name}"] + [""] * 6 + [usd(sub)])
        rows += [["TOTAL"] + [""] * 6 + [usd(grand)], [], ["Tuesday, March 31, 2026 05:12 PM GMT-05:00"]]
        with (out / "open-invoices.csv").open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
        return "open-invoices.csv"

    def write_list(self, out: Path) -> str:
        head = [
            "Invoice Number",
            "Customer",
            "Customer ID",
            "Invoice Date",
            "Due Date",
            "Terms",
            "Currency",
            "Invoice Total",
            "Amount Due",
            "Status",
            "Type",
            "PO Number",
        ]
        with (out / "open-invoices-list.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(head)
            for i in sorted(self.invs, key=lambda x: x.number):
                status = "Open" if i.due != 0 else "Paid"
                w.writerow(
                    [
                        i.number,
                        i.cust.name,
                        i.cust.cid,
                        i.issued.isoformat(),
                        i.due_date.isoformat(),
                        "" if i.memo else i.cust.terms,
                        "USD",
                        money(i.total),
                        money(i.due),
                        status,
                        "Credit Memo" if i.memo else "Invoice",
                        i.po,
                    ]
                )
        return "open-invoices-list.csv"

    def write_bai2(self, out: Path) -> None:
        r = self.r
        lines = ["01,021000021,BRIGHTWAYHP,260401,0615,1,,,2/"]
        file_total, groups = 0, 0
        days = sorted({cr.day for cr in self.credits if cr.fmt == "bai2"})
        for day in days:
            groups += 1
            lines.append(f"02,BRIGHTWAYHP,021000021,1,{day:%y%m%d},,USD,2/")
            opening, closing = r.randint(10**8, 10**9), r.randint(10**8, 10**9)
            lines.append(f"03,000004821,USD,010,{opening},,,015,{closing},,/")
            acct_total, start = opening + closing, len(lines) - 1
            for cr in sorted((x for x in self.credits if x.fmt == "bai2" and x.day == day), key=lambda x: x.kind):
                cents = int(abs(cr.amount) * 100)
                acct_total += cents
                self.trace += 1
                cr.bank_id = f"{day:%y%m%d}{self.trace:07d}"
                cr.line = len(lines) + 1
                if cr.amount < 0:
                    lines.append(f"16,475,{cents},0,{cr.bank_id},{r.randint(10000, 99999)},CHECK PAID/")
                    continue
                c = cr.cust
                assert c is not None
                trace = f"0910000{r.randint(10**7, 10**8 - 1)}"
                cr.text = (
                    f"ORIG CO NAME:{c.payer[:16].rstrip()} ORIG ID:{c.orig_id} DESC DATE:{cr.day:%y%m%d} "
                    f"CO ENTRY DESCR:EDI PYMNTS SEC:CTX TRACE#:{trace} EED:{cr.day:%y%m%d} IND ID:{c.vendor} "
                    f"IND NAME:{US[:22]}"
                )
                lines.append(f"16,165,{cents},0,{cr.bank_id},,{cr.text}")
                lines.append(f"88,TRN*1*{trace}*1{c.orig_id}\\REF*VR*{c.vendor}\\")
                lines.append(f"88,N1*PR*{c.payer}\\N1*PE*{US}\\")
                for it in cr.items:
                    q = "CM" if it.inv is not None and it.inv.memo else "IV"
                    els = [q, it.number, "PI", money(it.paid), money(it.gross)]
                    if it.discount or it.adjustment:
                        els.append(money(it.discount) if it.discount else "")
                    if it.adjustment:
                        els += [it.reason, money(it.adjustment)]
                    lines.append("88,RMR*" + "*".join(els) + "\\")
                    if it.inv is not None and it.inv.po and r.random() < 0.5:
                        lines.append(f"88,REF*PO*{it.inv.po}\\DTM*003*{it.inv.issued:%Y%m%d}\\")
            n = len(lines) - start + 1
            lines.append(f"49,{acct_total},{n}/")
            lines.append(f"98,{acct_total},1,{n + 2}/")
            file_total += acct_total
        lines.append(f"99,{file_total},{groups},{len(lines) + 1}/")
        (out / "prior-day.bai").write_text("\n".join(lines) + "\n", encoding="ascii")

    def write_camt(self, out: Path) -> None:
        r = self.r
        x = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">',
            "<BkToCstmrDbtCdtNtfctn>",
            "<GrpHdr><MsgId>JPMC054260401061500</MsgId><CreDtTm>2026-04-01T06:15:00-05:00</CreDtTm></GrpHdr>",
            "<Ntfctn><Id>NTF260401000001</Id><CreDtTm>2026-04-01T06:15:00-05:00</CreDtTm>",
            "<Acct><Id><Othr><Id>000000004821</Id></Othr></Id><Ccy>USD</Ccy></Acct>",
        ]

        def amt(tag: str, d: Decimal) -> str:
            return f'<{tag} Ccy="USD">{money(d)}</{tag}>'

        for cr in sorted((c for c in self.credits if c.fmt == "camt"), key=lambda c: c.day):
            c = cr.cust
            assert c is not None
            self.trace += 1
            cr.bank_id = f"{cr.day:%Y%m%d}WIRE{self.trace:06d}"
            cr.line = len(x) + 1
            x += [
                "<Ntry>",
                amt("Amt", cr.amount),
                "<CdtDbtInd>CRDT</CdtDbtInd>",
                "<Sts><Cd>BOOK</Cd></Sts>",
                f"<BookgDt><Dt>{cr.day}</Dt></BookgDt>",
                f"<ValDt><Dt>{cr.day}</Dt></ValDt>",
                f"<AcctSvcrRef>{cr.bank_id}</AcctSvcrRef>",
                "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>",
                "<NtryDtls><TxDtls>",
                f"<Refs><EndToEndId>{r.randint(10**9, 10**10 - 1)}</EndToEndId><TxId>{cr.bank_id}</TxId></Refs>",
                amt("Amt", cr.amount),
                "<CdtDbtInd>CRDT</CdtDbtInd>",
                f"<RltdPties><Dbtr><Pty><Nm>{c.name.replace('&', '&amp;')}</Nm></Pty></Dbtr>",
                f"<DbtrAcct><Id><Othr><Id>{c.orig_id[:9]}7731</Id></Othr></Id></DbtrAcct></RltdPties>",
                "<RmtInf>",
            ]
            for it in cr.items:
                memo = it.inv is not None and it.inv.memo
                x += [
                    "<Strd>",
                    f"<RfrdDocInf><Tp><CdOrPrtry><Cd>{'CREN' if memo else 'CINV'}</Cd></CdOrPrtry></Tp>"
                    f"<Nb>{it.number}</Nb>" + (f"<RltdDt>{it.inv.issued}</RltdDt>" if it.inv else "") + "</RfrdDocInf>",
                    "<RfrdDocAmt>",
                ]
                if memo:
                    x.append(amt("CdtNoteAmt", -it.paid))
                else:
                    x.append(amt("DuePyblAmt", it.gross))
                    if it.discount:
                        x.append(f"<DscntApldAmt><Tp><Cd>EARLY</Cd></Tp>{amt('Amt', it.discount)}</DscntApldAmt>")
                    if it.adjustment:
                        x.append(
                            f"<AdjstmntAmtAndRsn>{amt('Amt', it.adjustment)}<CdtDbtInd>DBIT</CdtDbtInd>"
                            f"<Rsn>{it.reason}</Rsn><AddtlInf>{it.reason_text}</AddtlInf></AdjstmntAmtAndRsn>"
                        )
                    x.append(amt("RmtdAmt", it.paid))
                x += ["</RfrdDocAmt>", "</Strd>"]
            x += ["</RmtInf>", "</TxDtls></NtryDtls>", "</Ntry>"]
        x += ["</Ntfctn>", "</BkToCstmrDbtCdtNtfctn>", "</Document>"]
        (out / "remittance.camt054.xml").write_text("\n".join(x) + "\n", encoding="utf-8")

    def write_chase(self, out: Path) -> None:
        rows = sorted((c for c in self.credits if c.fmt == "chase"), key=lambda c: (c.day, c.amount), reverse=True)
        balance = Decimal("412877.19")
        out_rows = []
        for cr in rows:  # newest first, as Chase exports
            out_rows.append(cr)
        with (out / "chase.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""])
            for n, cr in enumerate(out_rows, start=2):
                cr.line = n
                check = cr.text.split()[-1] if cr.ctype == "CHECK_PAID" else ""
                w.writerow(
                    [
                        "CREDIT" if cr.amount > 0 else "DEBIT",
                        f"{cr.day:%m/%d/%Y}",
                        cr.text,
                        money(cr.amount),
                        cr.ctype,
                        money(balance),
                        check,
                        "",
                    ]
                )
                balance -= cr.amount


# ----- checks -----
def check_parse(world: World, out: Path) -> list[str]:
    code, doc, err = run([str(ARSYNC), "bank", "parse", *BANK_FILES, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems: list[str] = []
    for cr in world.credits:
        t = by.pop((cr.fname, cr.line), None)
        if t is None:
            problems.append(f"{cr.fname}:{cr.line} ({cr.kind}) not read")
            continue
        got = (Decimal(t["amount"]), t["date"], t.get("currency"))
        if got != (cr.amount, cr.day.isoformat(), "USD"):
            problems.append(f"{cr.fname}:{cr.line} read {got}, wrote {(cr.amount, cr.day.isoformat())}")
        if cr.fmt == "chase" and " ".join(cr.text.split()) != t["description"]:
            problems.append(f"{cr.fname}:{cr.line} description {t['description']!r}, wrote {cr.text!r}")
        payer = (cr.cust.payer[:16].rstrip() if cr.fmt == "bai2" else cr.cust.name) if cr.cust else None
        if cr.fmt != "chase" and cr.amount > 0 and t.get("counterparty") != payer:
            problems.append(f"{cr.fname}:{cr.line} payer {t.get('counterparty')!r}")
        if cr.fmt == "bai2" and cr.amount > 0:
            problems += check_rmr(cr, t)
        if cr.fmt == "camt":
            problems += check_strd(cr, t)
    camt = [t for t in doc["transactions"] if t["source"]["file"].endswith(".xml")]
    if not any("amount" in x for t in camt for i in t.get("items", []) for x in i["references"]):
        problems.append(
            "camt: bank parse --json prints no amount on a reference, so RfrdDocAmt/RmtdAmt (what each "
            "invoice gets) cannot be checked here; the item's TxDtls/Amt, DscntApldAmt, AdjstmntAmtAndRsn are"
        )
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def dec(x: Any) -> Decimal:
    if x is None:
        return Decimal(0)
    return Decimal(x["amount"] if isinstance(x, dict) else x)


def check_rmr(cr: Credit, t: dict[str, Any]) -> list[str]:
    got = [
        (
            i["references"][0]["value"] if i["references"] else "",
            dec(i["amount"]),
            dec(i.get("discount")),
            dec(i.get("adjustment")),
            i.get("adjustment_reason") or "",
        )
        for i in t.get("items", [])
    ]
    want = [(it.number, it.paid, it.discount, it.adjustment, it.reason if it.adjustment else "") for it in cr.items]
    if got == want:
        return []
    diff = [f"{w} read as {g}" for g, w in zip(got, want) if g != w][:3]
    return [f"{cr.fname}:{cr.line} {len(got)} RMR items read of {len(want)}: {diff}"]


def check_strd(cr: Credit, t: dict[str, Any]) -> list[str]:
    items = t.get("items") or []
    if len(items) != 1:
        return [f"{cr.fname}:{cr.line} {len(items)} items read of 1 TxDtls"]
    (item,) = items
    docs = [x for x in item["references"] if x["kind"] in ("invoice", "credit_note")]
    shown = any("amount" in x for x in docs)  # bank parse --json may leave the RmtdAmt of a reference out
    refs = [(x["kind"], x["value"], dec(x.get("amount")) if shown else None) for x in docs]
    want = [("credit_note" if it.inv and it.inv.memo else "invoice", it.number, None) for it in cr.items]
    if shown:
        want = [(k, n, Decimal(0) if k == "credit_note" else it.paid) for (k, n, _), it in zip(want, cr.items)]
    problems = [] if dec(item["amount"]) == cr.amount else [f"{cr.fname}:{cr.line} TxDtls/Amt read {item['amount']}"]
    if refs != want:
        diff = [f"{w} read as {g}" for g, w in zip(refs, want) if g != w][:3]
        problems.append(f"{cr.fname}:{cr.line} {len(refs)} references of {len(want)}: {diff}")
    disc = sum((it.discount for it in cr.items), Decimal(0))
    adj = sum((it.adjustment for it in cr.items), Decimal(0))
    reason = next((it.reason for it in cr.items if it.adjustment), "")
    got = (dec(item.get("discount")), dec(item.get("adjustment")), item.get("adjustment_reason") or "")
    if got != (disc, adj, reason):
        problems.append(f"{cr.fname}:{cr.line} discount/adjustment/reason {got}, wrote {(disc, adj, reason)}")
    return problems


# ----- scoring -----
def allocations(ms: list[Match]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    inv: dict[str, Decimal] = defaultdict(Decimal)
    cns: dict[str, Decimal] = defaultdict(Decimal)
    for m in ms:
        for i in m.get("invoices", []):
            inv[i["number"]] += Decimal(i.get("applied") or 0)
        for cn in m.get("credit_notes") or []:
            cns[cn["number"]] += Decimal(cn.get("applied") or 0)
    return dict(inv), dict(cns)


def evaluate(cr: Credit, autos: list[Match]) -> tuple[str, list[str]]:
    """'ok' (every invoice right, nothing missing), 'partial' (right so far, some left) or 'wrong', with why."""
    got, cns = allocations(autos)
    review = cr.truth is None or cr.kind in REVIEW
    problems = ["no auto can be right for this credit"] if review else []
    with_cn = bool(cr.cn or cns)
    for n, a in got.items():
        want = cr.alloc.get(n)
        if want is None:
            problems.append(f"{n} applied {a}: the payer did not pay it")
        elif (a != want and not with_cn) or a > want:
            problems.append(f"{n} applied {a}, the payer paid {want}")
    for n, a in cns.items():
        if a != cr.cn.get(n):
            problems.append(f"credit memo {n} consumed {a}, the payer took {cr.cn.get(n, Decimal(0))}")
    for m in autos:
        wo = dec(m.get("write_off"))
        stated = sum((cr.stated_off.get(i["number"], Decimal(0)) for i in m.get("invoices", [])), Decimal(0))
        if wo > stated:
            problems.append(f"writes off {wo} where the payer stated {stated} ({label_amounts(m)})")
    if problems or review:
        return "wrong", problems
    complete = set(got) == set(cr.alloc) and (
        not with_cn or (cns == cr.cn and sum(got.values()) + sum(cns.values()) == sum(cr.alloc.values()))
    )
    return ("ok" if complete else "partial"), []


def label_amounts(m: Match) -> str:
    parts = [i["number"] if "=" in i["number"] else f"{i['number']}={i.get('applied')}" for i in m.get("invoices", [])]
    parts += [f"CM {x['number']}={x.get('applied')}" for x in m.get("credit_notes") or []]
    return ", ".join(parts) or "-"


def score(world: World, doc: dict[str, Any], show: str) -> None:
    raw = matches_by(doc, file_line)
    got: dict[tuple[str, int], list[Match]] = {}
    inv_total = inv_auto_ok = inv_auto_wrong = partial_lines = 0
    wrongs: list[tuple[Credit, list[str]]] = []
    for cr in world.credits:
        key = (cr.fname, cr.line)
        ms = [dict(m) for m in raw.get(key, [])]
        autos = [m for m in ms if m.get("decision") == "auto"]
        payable = cr.truth is not None and cr.kind not in REVIEW
        inv_total += len(cr.alloc) if payable else 0
        if autos and cr.amount > 0:
            verdict, problems = evaluate(cr, autos)
            a, _ = allocations(autos)
            if verdict == "wrong":
                wrongs.append((cr, problems))
                inv_auto_wrong += sum(1 for n, v in a.items() if cr.alloc.get(n) != v) or 1
                for m in autos:  # invoice + amount labels: only a right split matches the truth
                    m["invoices"] = [{**i, "number": f"{i['number']}={i.get('applied')}"} for i in m["invoices"]]
            else:
                inv_auto_ok += len(a)
            if verdict == "partial":
                partial_lines += 1
                for m in autos:
                    m["decision"] = "suggest"
                    m["reasons"] = [
                        *m.get("reasons", []),
                        {
                            "feature": "bench",
                            "weight": 0,
                            "detail": f"auto in arsync's output; {len(a)} of {len(cr.alloc)} invoices",
                        },
                    ]
        got[key] = ms

    def header(key: tuple[str, int], cr: Credit) -> str:
        items = "; ".join(
            f"{it.number} paid {it.paid} of {it.gross}"
            + (f" disc {it.discount}" if it.discount else "")
            + (f" adj {it.reason} {it.adjustment}" if it.adjustment else "")
            for it in cr.items[:6]
        )
        more = f" (+{len(cr.items) - 6} more)" if len(cr.items) > 6 else ""
        return (
            f"{key[0]}:{key[1]} {cr.day} {cr.amount} {(cr.cust.name if cr.cust else '-')!r} note={cr.note!r}\n"
            f"    text={cr.text[:220]!r}\n    items: {items}{more}"
        )

    def ledger_rows(cr: Credit, picked: tuple[str, ...]) -> None:
        for cr2, problems in wrongs:
            if cr2 is cr:
                for p in problems:
                    print(f"    WRONG: {p}")
                want = ", ".join(f"{n}={a}" for n, a in sorted(cr.alloc.items())[:12])
                print(
                    f"    correct: {want}{' ...' if len(cr.alloc) > 12 else ''}"
                    + (f"; credit memos {cr.cn}" if cr.cn else "")
                )

    def detail(m: Match) -> None:
        if m.get("decision") == "auto" or m.get("write_off") or m.get("unapplied"):
            print(
                f"      amounts: {label_amounts(m)[:400]} write_off={m.get('write_off')} "
                f"unapplied={m.get('unapplied')} item={m['bank'].get('item')}"
            )

    keyed = [((cr.fname, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.fname, x.line))]
    verdicts: dict[tuple[str, int], Any] = {}
    table = score_credits(
        keyed,
        got,
        show,
        header,
        review=REVIEW,
        ledger=ledger_rows,
        applied=True,
        credit_notes=True,
        detail=detail,
        judged=lambda k, _c, v: verdicts.__setitem__(k, v),
    )
    report(table, CLERK)
    print(
        f"auto rate over invoices of payable credits: {inv_auto_ok}/{inv_total} = {inv_auto_ok / max(inv_total, 1):.1%}"
        f" (invoices auto-applied with the right amount, partly-auto lines included); wrong invoice allocations "
        f"{inv_auto_wrong}; lines whose autos were right but left invoices to a person: {partial_lines}"
    )
    over_open(world, doc)
    left_groups(world, raw, verdicts)


def over_open(world: World, doc: dict[str, Any]) -> None:
    open_amt = {i.number: i.due for i in world.invs}
    total: dict[str, Decimal] = defaultdict(Decimal)
    bad = []
    for m in doc.get("matches", []):
        for i in m.get("invoices", []):
            a = Decimal(i.get("applied") or 0)
            if m.get("decision") == "auto":
                total[i["number"]] += a
            if i["number"] in open_amt and a > open_amt[i["number"]]:
                bad.append(f"{m['bank']['file']}:{m['bank']['line']} {m.get('decision')} {i['number']} {a} > open")
    bad += [f"autos apply {a} to {n}, open {open_amt.get(n)}" for n, a in total.items() if a > open_amt.get(n, a)]
    print(f"allocations above an invoice's open amount: {len(bad)}" + "".join(f"\n    {b}" for b in bad[:10]))


def left_groups(world: World, raw: dict[tuple[str, int], list[Match]], verdicts: dict[tuple[str, int], Any]) -> None:
    groups: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for cr in world.credits:
        v = verdicts.get((cr.fname, cr.line))
        if v is not None and v.payable and v.outcome not in ("auto ok", "AUTO WRONG"):
            groups[(cr.kind, v.outcome)].append(cr)
    print("\npayable credits left to a person, largest groups:")
    for (kind, outcome), crs in sorted(groups.items(), key=lambda g: -len(g[1]))[:5]:
        cr = crs[0]
        ms = raw.get((cr.fname, cr.line), [])
        why = next((reasons(m) for m in ms if m.get("decision") != "auto"), "") or (reasons(ms[0]) if ms else "")
        decided = Counter(m.get("decision") for m in ms)
        print(
            f"  {kind} / {outcome}: {len(crs)}; e.g. {cr.fname}:{cr.line} {cr.amount} {len(cr.alloc)} invoices, "
            f"decisions {dict(decided)}\n      {why[:400]}"
        )


def main() -> int:
    args = arguments(__doc__)
    try:
        run_seed(args)
    except Exception:  # a benchmark reports, it does not fail: print what broke and exit 0
        traceback.print_exc(file=sys.stdout)
    return 0


def run_seed(args: Any) -> None:
    t0 = time.monotonic()
    world = World(args.seed).build()
    with make_workdir(args.keep, "bench_remit_") as out:
        ledger = world.write(out)
        n_open = sum(1 for i in world.invs if i.due > 0 and not i.memo)
        kinds = Counter(cr.kind for cr in world.credits)
        print(
            f"seed {args.seed}: {len(world.custs)} customers, {n_open} open invoices, "
            f"{sum(1 for i in world.invs if i.memo)} credit memos; ledger {ledger}; credits {dict(kinds)}; "
            f"{sum(len(cr.alloc) for cr in world.credits)} invoices paid; files in {out}"
        )
        for problem in check_parse(world, out):
            print("PARSE:", problem)
        banks = [a for f in BANK_FILES for a in ("--bank", f)]
        extra = ["--currency", "USD", "--date-format", "mdy"] if ledger == "open-invoices.csv" else []
        doc = match(out, *banks, "--ledger", ledger, *extra, timed=True)
        if doc is not None:
            score(world, doc, args.show)
    print(f"took {time.monotonic() - t0:.1f}s")


if __name__ == "__main__":
    sys.exit(main())
