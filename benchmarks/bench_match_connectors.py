"""Cash application against a configured QuickBooks Online or Xero connector, through the loopback sandboxes.

Run:  .venv/bin/python benchmarks/bench_match_connectors.py --style qbo|xero [--seed N] [--keep DIR]
      [--show KIND|missed|wrong]

Per seed it starts the plugin's sandbox on 127.0.0.1 (``QuickBooksSandbox`` / ``XeroSandbox``, empty seed, in this
process) and seeds it over the wire through the vendor's own SDK (python-quickbooks / xero-python): ~100 US
customers (LLCs, "& Sons", dental groups, people paying by Zelle; four pairs named alike; for QBO five parents with
sub-customers (jobs), and CAD / EUR customers; for Xero EUR / GBP contacts, the currencies enabled with the
sandbox's documented ``ledger.enable_currency``) and ~400 invoices in the vendor's numbering (QBO DocNumber 1001..,
a "P.O. Number" custom field; Xero INV-0001.. with a Reference, some with 10% tax, some DRAFT). Earlier payments
leave some invoices part paid and some paid; some are voided (QBO through the SDK; Xero's sandbox cannot void, so
the record is set VOIDED in the in-process ledger); credit memos / credit notes are left open or applied. Answers
are known only here. It then writes ``arsync.yaml`` (the connector ``books`` pointed at the sandbox, secrets through
``${VAR}``) and a statement: ``chase.csv`` (Chase checking: ACH ``ORIG CO NAME:`` cut to 16 characters, Fedwire
``B/O:`` / ``OBI=``, Zelle, remote deposits) for qbo, ``camt053.xml`` (USD, ``Dbtr/Pty/Nm``, ``Ustrd`` or
``Strd`` documents) for xero. It checks ``arsync bank parse`` reads each line as written, runs
``arsync --config arsync.yaml match --bank FILE --ledger books --json --state-url sqlite:///DIR/state.db`` and
scores each credit per kind (exact, po, name, multi_ref, multi_noref, partial, short_fee, overpay, remaining,
credit_net, job, alike, fx; never to be auto: void_paid, same_amount, job_same, draft,
noncustomer): autos right / wrong (each
wrong one printed with reasons), auto rate over payable credits, suggestions right / wrong, unmatched. It also
checks every open invoice and amount the JSON reports against the seeded ledger (an open amount that ignores a
payment or a credit, a void or paid invoice offered, an open one missing). ``--show KIND|missed|wrong`` prints
those credits. Always exits 0 and always stops the sandbox.
"""

from __future__ import annotations

import json
import os
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
from xml.sax.saxutils import escape

from matchscore import ARSYNC, C, arguments, match_cmd, matches_by, report, run, score_credits, workdir

START, END = date(2026, 11, 2), date(2026, 11, 20)
US = "Brightline Services LLC"  # the business receiving the money
CLERK = "exact po name multi_ref multi_noref partial short_fee overpay remaining total_trap credit_net job alike fx"
CLERK = CLERK.split()
REVIEW = {"same_amount", "void_paid", "job_same", "draft"}  # a person must look, whatever the matcher finds
# QBO: USD per unit (ExchangeRate); Xero: units per USD (CurrencyRate)
QBO_FX = {"CAD": Decimal("0.7142"), "EUR": Decimal("1.0815")}
XERO_FX = {"EUR": Decimal("0.9240"), "GBP": Decimal("0.7930")}

PLACES = "Summit Cedar Harbor Granite Maple Riverside Lakeview Ironwood Redwood Bayside Prairie Copper Liberty"
PLACES += " Pioneer Evergreen Keystone Sierra Magnolia Aspen Beacon Willow Frontier Heritage Northgate Oakridge"
PLACES += " Blue Ridge|Silver Creek|Stonebridge|Clearwater|Pine Valley|Golden Gate|Red Rock|High Desert|Tri-County"
TRADES = "Plumbing|Electric|Dental Group|Landscaping|Heating & Air|Roofing|Bakery|Veterinary Clinic|Logistics|Builders"
TRADES += "|Auto Repair|Printing|Coffee Roasters|Family Medicine|Staffing|Engineering|Realty|Catering|Fitness|Millwork"
TRADES += "|Tire & Wheel|Orthodontics|Pest Control|Glass|Cabinetry|Physical Therapy|Brewing Co|Surveying|Signs"
SUFFIXES = ["LLC", "LLC", "Inc.", "Inc", "Co.", "Corp.", "Group", "", "", "Partners LLC"]
SURNAMES = "Nguyen Patel O'Brien Garcia Kowalski Johnson Whitaker Delgado Chen Thompson Brennan Okafor Schmidt"
SURNAMES += " Romano Haddad Murphy Castillo Lindqvist Washington Yamamoto Ferreira Gallagher Novak Rivera"
FIRST = "Jennifer Michael Karen David Maria Robert Linda James Patricia Daniel Susan Carlos Emily Anthony".split()
ALIKE = [
    ("Summit Electric LLC", "Summit Electrical Contractors Inc"),
    ("Blue Ridge Dental Group", "Blue Ridge Dental Lab LLC"),
    ("Pacific Coast Builders Inc", "Pacific Coast Builders Supply Co"),
    ("Lakeside Family Medicine", "Lakeside Medical Group PLLC"),
]
JOBS = [
    ("Hargrove Construction LLC", ["Elm Street Remodel", "Hargrove - Oak Plaza Fitout", "Westfield School Annex"]),
    ("Meridian Property Management", ["Meridian - 120 Pine St", "Meridian - Harbor View Apts"]),
    ("Castle Rock Homes Inc", ["Castle Rock - Lot 14 Aspen Trail", "Castle Rock - Lot 22 Aspen Trail"]),
    ("Northstar Hospitality Group", ["Northstar Inn Denver", "Northstar Inn Boulder", "Northstar Suites Aurora"]),
    ("Bellweather School District", ["Bellweather High School", "Bellweather Middle School"]),
]
FOREIGN = {
    "qbo": [
        ("Maple Leaf Outfitters Ltd.", "CAD"),
        ("Okanagan Orchard Supply Inc.", "CAD"),
        ("Rideau Canal Consulting Ltd.", "CAD"),
        ("Brauerei Hofmann GmbH", "EUR"),
        ("Atelier Dubois SARL", "EUR"),
    ],
    "xero": [
        ("Brauerei Hofmann GmbH", "EUR"),
        ("Atelier Dubois SARL", "EUR"),
        ("Studio Verde S.r.l.", "EUR"),
        ("Thames Valley Joinery Ltd", "GBP"),
        ("Caledonian Tweed Ltd", "GBP"),
    ],
}
BANKS = ["WELLS FARGO BANK, N.A./121000248", "BANK OF AMERICA, N.A./026009593", "CITIBANK N.A./021000089"]
CITIES = ["DALLAS TX 75201", "DENVER CO 80202", "PHOENIX AZ 85004", "SEATTLE WA 98101", "ATLANTA GA 30303"]


@dataclass(eq=False)
class Cust:
    name: str
    family: str  # the name of the top customer; jobs share their parent's
    currency: str = "USD"
    person: bool = False
    parent: Cust | None = None
    invoices: list[Inv] = field(default_factory=list)
    lid: str = ""  # ledger id


@dataclass(eq=False)
class Inv:
    number: str
    cust: Cust
    issued: date
    due_date: date
    lines: list[tuple[str, Decimal, Decimal]]  # description, quantity, unit price
    taxed: bool = False  # Xero: 10% on each line, rounded per line
    ref: str = ""  # QBO "P.O. Number" custom field, Xero Reference
    state: str = "open"  # open, paid, void, draft
    paid: Decimal = Decimal(0)  # earlier payments recorded in the ledger
    credited: Decimal = Decimal(0)  # credit memos applied in the ledger
    lid: str = ""

    @property
    def total(self) -> Decimal:
        amounts = [(q * u).quantize(C, ROUND_HALF_UP) for _, q, u in self.lines]
        tax = sum(((a * Decimal("0.10")).quantize(C, ROUND_HALF_UP) for a in amounts), Decimal(0)) if self.taxed else 0
        return sum(amounts, Decimal(0)) + tax

    @property
    def due(self) -> Decimal:
        return self.total - self.paid - self.credited if self.state == "open" else Decimal(0)

    @property
    def currency(self) -> str:
        return self.cust.currency


@dataclass(eq=False)
class Memo:
    number: str
    cust: Cust
    day: date
    amount: Decimal
    applied_to: Inv | None = None
    lid: str = ""

    @property
    def remaining(self) -> Decimal:
        return Decimal(0) if self.applied_to else self.amount


@dataclass(eq=False)
class Credit:
    kind: str
    amount: Decimal
    day: date
    channel: str  # ach, wire, zelle, check, sct (camt), other, debit
    payer: str  # as the bank prints it
    ref: str  # what the payer wrote
    truth: list[tuple[str, ...]] | None  # acceptable invoice sets; None: nothing to apply
    note: str = ""
    docs: list[tuple[str, str, Decimal]] = field(default_factory=list)  # camt Strd: (CINV|CREN, number, amount)
    text: str = ""  # the statement's description as written
    bank_id: str = ""
    line: int = 0


def nolegal(name: str) -> str:
    for form in (" Partners LLC", " LLC", " Inc.", " Inc", " Co.", " Corp.", " PLLC", " Ltd.", " Ltd", " GmbH"):
        name = name.removesuffix(form)
    return name.rstrip(",")


def core(name: str) -> str:
    return "".join(ch for ch in nolegal(name).lower() if ch.isalnum())


def chase_credit(r: random.Random, kind: str, text: str, suffix: str) -> tuple[str, str, str, str]:
    """An ACH or wire credit of a Chase export: the text ends with Chase's transaction number (``TRN: ..TC``)."""
    return "CREDIT", f"{text} TRN: {r.randint(10**9, 10**10 - 1)}{suffix}", kind, ""


class World:
    def __init__(self, seed: int, style: str) -> None:
        self.r = random.Random(f"{style}:{seed}")
        self.style = style
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.memos: list[Memo] = []
        self.payments: list[tuple[Cust, date, list[tuple[Inv, Decimal]]]] = []  # earlier, recorded in the ledger
        self.allocs: list[tuple[Memo, Inv, Decimal]] = []  # credit memos applied in the ledger
        self.credits: list[Credit] = []
        self.used: set[str] = set()
        self.by_number: dict[str, Inv] = {}
        self.traps: list[tuple[Inv, Inv]] = []  # (part-paid invoice, another of the customer owing its total)
        self.job_twins: list[tuple[Inv, Inv]] = []  # two jobs of one parent owing the same amount

    # --- the ledger -------------------------------------------------------------------------------

    def customers(self) -> None:
        r, seen = self.r, set()

        def add(c: Cust) -> None:
            self.custs.append(c)
            seen.add(core(c.name))

        for a, b in ALIKE:
            add(Cust(a, a))
            add(Cust(b, b))
        if self.style == "qbo":
            for parent, jobs in JOBS:
                top = Cust(parent, parent)
                add(top)
                for job in jobs:
                    add(Cust(job, parent, parent=top))
        for name, currency in FOREIGN[self.style]:
            add(Cust(name, name, currency))
        for first in r.sample(FIRST, 7):
            name = f"{first} {r.choice(SURNAMES.split())}"
            if core(name) not in seen:
                add(Cust(name, name, person=True))
        while sum(c.parent is None for c in self.custs) < 100:
            roll, sur = r.random(), r.choice(SURNAMES.split())
            place, trade = (
                r.choice(PLACES.replace("|", " ").split() + PLACES.split("|")[1:]),
                r.choice(TRADES.split("|")),
            )
            name = (
                f"{place} {trade} {r.choice(SUFFIXES)}".strip()
                if roll < 0.7
                else f"{sur} & Sons {r.choice(['Inc', 'LLC', 'Construction'])}"
                if roll < 0.78
                else f"{sur} & Associates CPA"
                if roll < 0.84
                else f"{sur} Family {r.choice(['Dentistry', 'Pharmacy'])}"
                if roll < 0.9
                else f"{sur} {trade} {r.choice(SUFFIXES)}".strip()
            )
            if core(name) not in seen and not any(core(name) in s or s in core(name) for s in seen):
                add(Cust(name, name))

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            top_with_jobs = c.parent is None and any(d.parent is c for d in self.custs)
            for _ in range(r.choice([0, 1] if top_with_jobs else [2, 2, 3, 3, 4, 4, 5, 6])):
                self.invs.append(self.new_invoice(c, date(2026, 6, 1) + timedelta(days=r.randint(0, 160))))
        a_pool = [i for i in self.invs if i.currency == "USD" and i.cust.parent is None]
        for _ in range(10):  # two customers owing exactly the same amount
            a = r.choice(a_pool)
            b = r.choice(
                [c for c in self.custs if c is not a.cust and c.currency == "USD" and c.family != a.cust.family]
            )
            twin = self.new_invoice(b, a.issued + timedelta(days=r.randint(-9, 9)))
            twin.lines, twin.taxed, twin.state = list(a.lines), a.taxed, "twin"
            a.state = "twin"
            self.invs.append(twin)
        for parent, _ in JOBS[:3] if self.style == "qbo" else []:  # two jobs billed the same monthly fee
            a, b = r.sample([c for c in self.custs if c.parent is not None and c.family == parent], 2)
            day = date(2026, 10, 1) + timedelta(days=r.randint(0, 20))
            pair = (self.new_invoice(a, day), self.new_invoice(b, day))
            for inv in pair:
                inv.lines, inv.taxed, inv.state = (
                    [("Monthly service agreement", Decimal(1), Decimal(1850))],
                    False,
                    "twin",
                )
            self.invs += pair
            self.job_twins.append(pair)
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=1):
            inv.number = str(1000 + n) if self.style == "qbo" else f"INV-{n:04d}"
            self.by_number[inv.number] = inv
        for inv in self.invs:
            if inv.state == "twin":
                inv.state = "open"
                continue
            roll = r.random()
            if roll < 0.11 and inv.total > 300 and inv.currency == "USD":  # paid in part earlier
                inv.paid = (inv.total * Decimal(r.choice(["0.25", "0.4", "0.5", "0.6"]))).quantize(Decimal(1))
            elif roll < 0.20:
                inv.paid, inv.state = inv.total, "paid"
            elif roll < 0.235 and inv.currency == "USD":
                inv.state = "void"
            elif roll < 0.25 and self.style == "xero":
                inv.state = "draft"
        part_paid = [i for i in self.invs if i.paid and i.state == "open" and i.cust.parent is None]
        for a in r.sample(part_paid, min(6, len(part_paid))):  # another invoice owing the part-paid one's total
            b = self.new_invoice(a.cust, a.issued + timedelta(days=35))
            b.lines, b.taxed, b.ref = list(a.lines), a.taxed, ""
            b.number = str(1001 + len(self.invs)) if self.style == "qbo" else f"INV-{len(self.invs) + 1:04d}"
            self.invs.append(b)
            self.by_number[b.number] = b
            self.traps.append((a, b))
        for inv in self.invs:
            if inv.paid and inv.state == "open":
                day = min(inv.issued + timedelta(days=r.randint(5, 40)), date(2026, 10, 30))
                self.payments.append((inv.cust, day, [(inv, inv.paid)]))
        open_usd = [i for i in self.invs if i.state == "open" and i.currency == "USD" and not i.paid and i.total > 400]
        for k, inv in enumerate(r.sample(open_usd, 34)):  # credit memos: half applied, half open
            amount = Decimal(r.choice([50, 75, 120, 150, 175, 200, 240, 300]))
            memo = Memo("", inv.cust, inv.issued + timedelta(days=r.randint(3, 20)), amount)
            if k % 2:
                memo.applied_to, inv.credited = inv, amount
                self.allocs.append((memo, inv, amount))
            self.memos.append(memo)
        self.memos.sort(key=lambda m: m.day)
        for n, memo in enumerate(self.memos, start=1):
            memo.number = str(1000 + len(self.invs) + n) if self.style == "qbo" else f"CN-{n:04d}"

    def new_invoice(self, c: Cust, issued: date) -> Inv:
        r, lines = self.r, []
        for _ in range(r.choice([1, 1, 2, 3])):
            roll = r.random()
            lines.append(
                ("Monthly service agreement", Decimal(1), Decimal(r.choice([350, 500, 750, 1200, 1500, 2400])))
                if roll < 0.3
                else (
                    "Labor (hours)",
                    Decimal(r.choice(["1", "1.5", "2", "3.5", "4", "6", "8", "12.5"])),
                    Decimal(r.choice([85, 95, 110, 125, 145, 165])),
                )
                if roll < 0.65
                else ("Materials", Decimal(r.randint(1, 6)), Decimal(r.randint(1500, 98000)) / 100)
            )
        inv = Inv("", c, issued, issued + timedelta(days=r.choice([15, 30, 30, 30, 45])), lines)
        inv.taxed = self.style == "xero" and r.random() < 0.35
        if r.random() < 0.3:
            n = r.randint(10000, 99999)
            inv.ref = r.choice([f"PO {n}", f"PO-{n % 9000 + 1000}", f"4500{n}", f"WO-{n % 90000 + 10000}"])
        c.invoices.append(inv)
        return inv

    # --- what the bank shows ---------------------------------------------------------------------

    def family(self, c: Cust) -> list[Inv]:
        return [i for d in self.custs if d.family == c.family for i in d.invoices if i.due > 0]

    def unique(self, c: Cust, amount: Decimal) -> bool:
        return sum(i.due == amount for i in self.family(c)) == 1

    def unique_subset(self, c: Cust, picked: list[Inv]) -> bool:
        target, pool = sum(i.due for i in picked), self.family(c)[:22]
        return sum(sum(i.due for i in k) == target for n in range(1, 5) for k in combinations(pool, n)) == 1

    def free(self, test: Any = None, tries: int = 4000) -> Inv | None:
        for _ in range(tries):
            inv = self.r.choice(self.invs)
            if inv.number in self.used or inv.due <= 0 or inv.cust.person or inv.cust.parent is not None:
                continue
            if inv.currency == "USD" and not inv.paid and not inv.credited and (test is None or test(inv)):
                return inv
        return None

    def payer(self, c: Cust, channel: str) -> str:
        top = c.parent or c
        name = top.name.upper().replace(".", "").replace(",", "")
        if channel == "ach":  # NACHA's company name: 16 characters
            name = self.r.choice([name, nolegal(top.name).upper().replace(".", "")])[:16].rstrip()
            if sum(d.name.upper().replace(".", "").startswith(name) for d in self.custs if d.parent is None) > 1:
                return ""  # the 16 characters name two customers: the caller takes another channel
            return name
        if channel == "sct":
            return self.r.choice([top.name, top.name.upper(), nolegal(top.name)])
        return self.r.choice([name, nolegal(top.name).upper().replace(".", "")])

    def ref(self, inv: Inv) -> str:
        n = inv.number
        if self.style == "qbo":
            forms = ["INV {n}", "INV# {n}", "INVOICE {n}", "{n}", "INV{n}", "Inv {n}", "INV NO {n}", "PMT INV {n}"]
        else:
            forms = ["{n}", "{n}", "INV {d}", "INV{d}", "Invoice {n}", "PAYMENT {n}", "inv-{d}", "{n} PAYMENT"]
        return self.r.choice(forms).format(n=n, d=n[4:] if self.style == "xero" else n)

    def multi_ref(self, invs: list[Inv]) -> str:
        ns = [i.number for i in invs]
        if self.style == "qbo":
            forms = [
                "INV " + "/".join(ns),
                "INV " + " ".join(ns),
                "INVS " + ", ".join(ns),
                " ".join("INV" + n for n in ns),
            ]
            return self.r.choice([*forms, " & ".join(ns)])
        return self.r.choice([", ".join(ns), " ".join(ns), "INV " + "/".join(n[4:] for n in ns), " + ".join(ns)])

    def pay(self, kind: str, invs: list[Inv], amount: Decimal | None = None, ref: str = "", **kw: Any) -> bool:
        """kw: channel, truth, note, docs, payer (as printed)."""
        c = invs[0].cust if invs else None
        channel = kw.get("channel") or (
            "sct"
            if self.style == "xero"
            else self.r.choice(["ach", "ach", "ach", "wire"])
            if c and not c.person
            else "zelle"
        )
        payer = kw.get("payer")
        if payer is None and c is not None:
            payer = self.payer(c, channel)
            if not payer:
                channel, payer = "wire", self.payer(c, "wire")
        amount = sum((i.due for i in invs), Decimal(0)) if amount is None else amount
        truth = kw.get("truth", [tuple(sorted(i.number for i in invs))])
        day = START + timedelta(days=self.r.randint(0, (END - START).days))
        note = kw.get("note", ref)
        self.credits.append(Credit(kind, amount, day, channel, payer or "", ref, truth, note, kw.get("docs", [])))
        self.used.update(i.number for i in invs)
        return True

    def build(self) -> World:
        r = self.r
        self.customers()
        self.invoices()
        for _ in range(44):  # the invoice number named, the open amount paid
            inv = self.free()
            if inv:
                self.pay("exact", [inv], ref=self.ref(inv))
        for _ in range(12):  # the customer's PO / reference quoted instead
            inv = self.free(lambda i: bool(i.ref))
            if inv:
                self.pay("po", [inv], ref=r.choice(["{}", "PO {}", "{} PAYMENT"]).format(inv.ref.removeprefix("PO ")))
        for _ in range(26):  # the name only
            inv = self.free(lambda i: self.unique(i.cust, i.due))
            if inv:
                self.pay("name", [inv], ref=r.choice(["", "", "PAYMENT", "VENDOR PMT", "ACCTS PAYABLE"]))
        for k in range(24):  # several invoices of one customer
            c = r.choice([x for x in self.custs if x.currency == "USD" and not x.person and x.parent is None])
            avail = [i for i in self.family(c) if i.number not in self.used and not i.paid and not i.credited]
            picked = sorted(r.sample(avail, min(len(avail), r.choice([2, 2, 3]))), key=lambda i: i.number)
            if len(picked) < 2:
                continue
            if k < 14:
                ref = self.multi_ref(picked)
                docs = [("CINV", i.number, i.due) for i in picked] if self.style == "xero" and k % 3 == 0 else []
                self.pay("multi_ref", picked, ref="" if docs else ref, docs=docs, note=ref)
            elif self.unique_subset(c, picked):
                self.pay("multi_noref", picked, ref="")
        for _ in range(9):  # part of one invoice, named
            inv = self.free(lambda i: i.due > 600)
            if inv:
                part = (inv.due * Decimal(r.choice(["0.5", "0.25", "0.4"]))).quantize(Decimal(1))
                self.pay("partial", [inv], part, ref=self.ref(inv) + r.choice(["", " PARTIAL", " PART PMT"]))
        for _ in range(9):  # short by a wire or processing fee
            inv = self.free(lambda i: i.due > 1100)
            if inv:
                fee = Decimal(r.choice(["10.00", "12.00", "15.00", "18.00", "20.00", "25.00"]))
                self.pay("short_fee", [inv], inv.due - fee, ref=self.ref(inv), channel=self.style == "qbo" and "wire")
        for _ in range(7):  # more than is open
            inv = self.free(lambda i: i.due > 200)
            if inv:
                extra = Decimal(r.choice(["50.00", "100.00", "0.50", "250.00"]))
                self.pay("overpay", [inv], inv.due + extra, ref=self.ref(inv), note=f"+{extra}")
        for a, b in self.traps:  # the name only, the amount of a part-paid invoice's TOTAL: the other one
            if a.number not in self.used and b.number not in self.used and self.unique(b.cust, b.due):
                self.used.add(a.number)
                self.pay("total_trap", [b], ref="", note=f"{a.number} total {a.total}, paid {a.paid}, open {a.due}")
        for a, b in self.job_twins:  # the parent pays one of two equal job invoices, naming neither
            if a.due != b.due:  # a credit memo was applied to one of them: no longer alike
                continue
            self.pay(
                "job_same",
                [a, b],
                a.due,
                ref="",
                truth=[(a.number,), (b.number,)],
                note=f"{a.cust.name} / {b.cust.name}",
            )
        part_paid = [i for i in self.invs if i.paid and i.state == "open" and i.number not in self.used]
        for k, inv in enumerate(r.sample(part_paid, min(14, len(part_paid)))):  # the REMAINING balance
            if k % 2 == 0:
                self.pay("remaining", [inv], ref=self.ref(inv), note=f"total {inv.total}, paid {inv.paid} earlier")
            elif self.unique(inv.cust, inv.due):
                self.pay("remaining", [inv], ref="", note=f"name only; total {inv.total}, paid {inv.paid} earlier")
        for k, memo in enumerate(m for m in self.memos if m.applied_to is None):  # net of an open credit memo
            pool = [i for i in memo.cust.invoices if i.due > memo.amount + 100 and i.number not in self.used]
            if not pool:
                continue
            inv = r.choice(pool)
            if k % 3 == 0:
                ref = f"{self.ref(inv)} LESS CREDIT {memo.number}" if self.style == "qbo" else f"{inv.number}"
                docs = (
                    [("CINV", inv.number, inv.due), ("CREN", memo.number, memo.amount)] if self.style == "xero" else []
                )
                self.pay("credit_net", [inv], inv.due - memo.amount, ref=ref if not docs else "", docs=docs, note=ref)
            elif k % 3 == 1:
                self.pay("credit_net", [inv], inv.due - memo.amount, ref=f"{self.ref(inv)} LESS CM {memo.number}")
            else:
                self.pay("credit_net", [inv], inv.due - memo.amount, ref=self.ref(inv), note="memo not named")
        for c in [x for x in self.custs if x.parent is not None]:  # the parent pays a job's invoice
            avail = [i for i in c.invoices if i.due > 0 and i.number not in self.used and not i.paid and not i.credited]
            for k, inv in enumerate(avail[:2]):
                named = k == 0 or not self.unique(c, inv.due)
                self.pay("job", [inv], ref=self.ref(inv) if named else "", note=f"job {c.name}; parent {c.family}")
        for a, b in ALIKE:  # customers named alike
            for name in (a, b):
                c = next(x for x in self.custs if x.name == name)
                avail = [i for i in c.invoices if i.due > 0 and i.number not in self.used and not i.paid]
                for k, inv in enumerate(avail[:2]):
                    named = k == 0 or not self.unique(c, inv.due)
                    chan = "sct" if self.style == "xero" else "wire"
                    self.pay("alike", [inv], ref=self.ref(inv) if named else "", channel=chan, note=name)
        for c in [x for x in self.custs if x.currency != "USD"]:  # a foreign invoice paid in dollars
            for inv in [i for i in c.invoices if i.due > 0][:2]:
                dev = Decimal(r.choice(["0", "0", "-0.004", "0.003", "0.006"]))
                rate = QBO_FX[c.currency] if self.style == "qbo" else 1 / XERO_FX[c.currency]
                usd = (inv.due * rate * (1 + dev)).quantize(C, ROUND_HALF_UP)
                chan = "wire" if self.style == "qbo" else "sct"
                self.pay("fx", [inv], usd, ref=self.ref(inv), channel=chan, note=f"{inv.currency} {inv.due} dev {dev}")
        for c in [x for x in self.custs if x.person]:  # people pay by Zelle
            for inv in [i for i in c.invoices if i.due > 0 and i.number not in self.used and not i.paid][:2]:
                if self.unique(c, inv.due):
                    self.pay("name", [inv], ref=r.choice(["", self.ref(inv)]), note="person")
        closed = [i for i in self.invs if i.state in ("void", "paid") and i.currency == "USD" and not i.cust.person]
        for inv in r.sample(closed, min(12, len(closed))):  # a void or already-paid invoice, named
            c = inv.cust
            twin = [i for i in self.family(c) if i.due == inv.total]
            truth = [(i.number,) for i in twin] or None
            self.pay("void_paid", [inv], inv.total, ref=self.ref(inv), truth=truth, note=f"{inv.state} {inv.number}")
        for inv in [i for i in self.invs if i.state == "draft"][:6]:  # Xero: a DRAFT (not approved) invoice, named
            self.pay("draft", [inv], inv.total, ref=self.ref(inv), truth=None, note=f"draft {inv.number}")
        self.same_amount()
        self.noncustomer()
        return self

    def same_amount(self) -> None:
        """A deposit naming nobody and nothing, of an amount two customers owe: a person must choose."""
        r = self.r
        dues: dict[Decimal, list[Inv]] = defaultdict(list)
        for inv in self.invs:
            if inv.due > 0 and inv.currency == "USD":
                dues[inv.due].append(inv)
        pairs = [
            v for v in dues.values() if len({i.cust.family for i in v}) > 1 and not self.used & {i.number for i in v}
        ]
        for invs in r.sample(pairs, min(10, len(pairs))):
            truth = [(i.number,) for i in invs]
            channel = "check" if self.style == "qbo" else "sct"
            ref = "" if self.style == "qbo" else r.choice(["", "PAYMENT", "INVOICE PAYMENT", "ACH CREDIT"])
            self.pay(
                "same_amount",
                [],
                invs[0].due,
                ref=ref,
                channel=channel,
                payer="",
                truth=truth,
                note="owed by " + " and ".join(f"{i.cust.name} {i.number}" for i in invs),
            )

    def noncustomer(self) -> None:
        r = self.r
        qbo = [
            ("other", "IRS TREAS 310 TAX REF", "MISC_CREDIT"),
            ("other", "INTEREST PAYMENT", "MISC_CREDIT"),
            ("ach", "STRIPE|TRANSFER|ST-R4K2L9Q1", "ACH_CREDIT"),
            ("ach", "SQUARE INC|SQ261104|T3F9K2", "ACH_CREDIT"),
            ("other", "Online Transfer from SAV ...4821 transaction#: 23456789", "ACCT_XFER"),
            ("ach", "STATE FARM RO 27|CLAIM PMT|CLM 448812", "ACH_CREDIT"),
            ("ach", "GUSTO|REFUND|GUS7731", "ACH_CREDIT"),
            ("ach", "AMAZON.COM SVCS|REFUND|AMZ88121", "ACH_CREDIT"),
            ("other", "REMOTE ONLINE DEPOSIT #  1", "DEPOSIT"),
        ]
        xero = [
            ("sct", "INTERNAL REVENUE SERVICE|TAX REFUND"),
            ("sct", "JPMORGAN CHASE BANK NA|INTEREST"),
            ("sct", "STRIPE PAYMENTS UK LTD|STRIPE PAYOUT ST-R4K2L9Q1"),
            ("sct", "SQUARE INC|SQ PAYOUT 261104"),
            ("sct", "BRIGHTLINE SERVICES LLC|TRANSFER FROM SAVINGS"),
            ("sct", "STATE FARM|CLAIM 448812"),
            ("sct", "GUSTO|PAYROLL REFUND"),
            ("sct", "AMAZON.COM SERVICES|REFUND 112-4459"),
        ]
        opens = [i for i in self.invs if i.due > 0 and i.currency == "USD"]
        for k in range(22):
            amount = Decimal(r.randint(500, 650000)) / 100
            if r.random() < 0.45:  # tempting: the amount of an open invoice
                amount = r.choice(opens).due
            if self.style == "qbo":
                channel, text, kind = qbo[k % len(qbo)]
                amount = Decimal(r.randint(40, 9000)) / 100 if "INTEREST" in text else amount
                self.credits.append(Credit("noncustomer", amount, self.day(), channel, "", text, None, note=kind))
            else:
                channel, text = xero[k % len(xero)]
                payer, ref = text.split("|")
                amount = Decimal(r.randint(40, 9000)) / 100 if "INTEREST" in ref else amount
                self.credits.append(Credit("noncustomer", amount, self.day(), channel, payer, ref, None))
        for k in range(12):
            text = ["ADP PAYROLL", "CHECK 4412", "CARD PURCHASE STAPLES 0412", "ONLINE TRANSFER TO SAV ...4821"][k % 4]
            amount = -Decimal(r.randint(2000, 900000)) / 100
            self.credits.append(Credit("debit", amount, self.day(), "debit", "", text, None))

    def day(self) -> date:
        return START + timedelta(days=self.r.randint(0, (END - START).days))

    # --- files -----------------------------------------------------------------------------------

    def chase_text(self, cr: Credit, n: int) -> tuple[str, str, str, str]:
        """(Details, Description, Type, Check or Slip #) of a Chase checking export."""
        r, d = random.Random(n), f"{cr.day:%y%m%d}"
        if cr.kind == "debit":
            return "DEBIT", cr.ref, "ACH_DEBIT" if "ADP" in cr.ref else "MISC_DEBIT", ""
        if cr.channel == "ach":
            payer, descr, ind = [*cr.ref.split("|"), "", ""][:3] if cr.kind == "noncustomer" else (cr.payer, "", "")
            if cr.kind != "noncustomer":
                ref = cr.ref
                descr = ref if 0 < len(ref) <= 10 and r.random() < 0.4 else r.choice(["PAYMENT", "PAYMENTS", "AP PMT"])
                ind = ref if ref and descr != ref and len(ref) <= 15 else f"V{r.randint(10000, 99999)}"
                addenda = f" PMT INFO:{ref}" if ref and descr != ref and ind != ref else ""
            else:
                addenda = ""
            fields = [f"ORIG CO NAME:{payer}", f"ORIG ID:{r.randint(10**9, 10**10 - 1)}", f"DESC DATE:{d}",
                      f"CO ENTRY DESCR:{descr}", "SEC:CCD", f"TRACE#:0210000{r.randint(10**7, 10**8 - 1)}", f"EED:{d}",
                      f"IND ID:{ind}", f"IND NAME:{US.upper()}{addenda}"]  # fmt: skip
            return chase_credit(r, "ACH_CREDIT", " ".join(fields), "TC")
        if cr.channel == "wire":
            obi = f" OBI={cr.ref}" if cr.ref else ""
            text = (
                f"FEDWIRE CREDIT VIA: {r.choice(BANKS)} B/O: {cr.payer} {r.choice(CITIES)} REF: CHASE NYC/CTR/BNF="
                f"{US.upper()} NEW YORK NY 10017-/AC-000000004321 RFB=O/B {r.randint(10**5, 10**6)}{obi} IMAD: "
                f"{cr.day:%m%d}I1B7031R00{r.randint(1000, 9999)}"
            )
            return chase_credit(r, "WIRE_INCOMING", text, "FF")
        if cr.channel == "zelle":
            memo = f' for "{cr.ref}"' if cr.ref else ""
            text = f"Zelle payment from {cr.payer}{memo}; Conf# {r.choice('abcdefgh')}{r.randint(10**6, 10**7)}"
            return "CREDIT", text, "QUICKPAY_CREDIT", ""
        if cr.channel == "check":
            return "DSLIP", f"REMOTE ONLINE DEPOSIT #          {r.randint(1, 9)}", "DEPOSIT", str(r.randint(1, 999))
        return "CREDIT", cr.ref, cr.note or "MISC_CREDIT", ""

    def write_chase(self, out: Path) -> str:
        rows, balance = [], Decimal("48210.17")
        ordered = sorted(self.credits, key=lambda x: (x.day, x.kind, x.amount))
        for n, cr in enumerate(ordered):
            balance += cr.amount
            details, cr.text, kind, slip = self.chase_text(cr, n)
            rows.append(
                (cr, [details, f"{cr.day:%m/%d/%Y}", cr.text, f"{cr.amount:.2f}", kind, f"{balance:.2f}", slip])
            )
        rows.reverse()  # Chase lists the newest first
        quote = lambda s: f'"{s}"' if any(ch in s for ch in ',"') else s  # noqa: E731
        lines = ["Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #,"]
        for cr, cells in rows:
            cr.line = len(lines) + 1
            lines.append(",".join(quote(x.replace('"', '""')) for x in cells) + ",")
        (out / "chase.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return "chase.csv"

    def write_camt(self, out: Path) -> str:
        ordered = sorted(self.credits, key=lambda x: (x.day, x.kind, x.amount))
        entries = []
        for n, cr in enumerate(ordered):
            cr.bank_id = f"2026{cr.day:%m%d}{n:06d}"
            ind = "CRDT" if cr.amount > 0 else "DBIT"
            party = "Dbtr" if cr.amount > 0 else "Cdtr"
            rmt = ""
            if cr.docs:
                rmt = "".join(
                    f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Nb>{escape(num)}</Nb>"
                    f'</RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="USD">{amt:.2f}</RmtdAmt></RfrdDocAmt></Strd>'
                    for code, num, amt in cr.docs
                )
            elif cr.ref:
                rmt = f"<Ustrd>{escape(cr.ref)}</Ustrd>"
            cr.text = " ".join(x for x in (cr.payer, cr.ref, " ".join(d[1] for d in cr.docs)) if x)
            name = (
                f"<RltdPties><{party}><Pty><Nm>{escape(cr.payer)}</Nm></Pty></{party}></RltdPties>" if cr.payer else ""
            )
            fam, sub = ("RCDT", "ESCT") if cr.amount > 0 else ("ICDT", "ESCT")
            entries.append(
                f'<Ntry><Amt Ccy="USD">{abs(cr.amount):.2f}</Amt><CdtDbtInd>{ind}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
                f"<BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt>"
                f"<AcctSvcrRef>{cr.bank_id}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{fam}</Cd>"
                f"<SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs>"
                f"<EndToEndId>{'E2E' + cr.bank_id if n % 3 else 'NOTPROVIDED'}</EndToEndId></Refs>"
                f'<Amt Ccy="USD">{abs(cr.amount):.2f}</Amt>{name}'
                + (f"<RmtInf>{rmt}</RmtInf>" if rmt else "")
                + "</TxDtls></NtryDtls></Ntry>"
            )
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
            "<BkToCstmrStmt><GrpHdr><MsgId>STMT20261121</MsgId><CreDtTm>2026-11-21T06:00:00-05:00</CreDtTm></GrpHdr>"
            "<Stmt><Id>STMT20261121-1</Id><CreDtTm>2026-11-21T06:00:00-05:00</CreDtTm><FrToDt>"
            f"<FrDtTm>{START}T00:00:00-05:00</FrDtTm><ToDtTm>{END}T23:59:59-05:00</ToDtTm></FrToDt>"
            "<Acct><Id><Othr><Id>483101927</Id></Othr></Id><Ccy>USD</Ccy><Ownr><Nm>BRIGHTLINE SERVICES LLC</Nm></Ownr>"
            "</Acct>"
        )
        tail = "</Stmt></BkToCstmrStmt></Document>\n"
        (out / "camt053.xml").write_text(head + "\n" + "\n".join(entries) + "\n" + tail, encoding="utf-8")
        return "camt053.xml"


# --- seeding the sandboxes ------------------------------------------------------------------------


def seed_qbo(world: World, box: Any) -> str:
    """Seed the QuickBooks sandbox through python-quickbooks; returns the rotated refresh token."""
    from arsync_quickbooks.testing import sdk_client
    from quickbooks.objects.base import CustomField, EmailAddress, LinkedTxn, Ref
    from quickbooks.objects.creditmemo import CreditMemo
    from quickbooks.objects.customer import Customer
    from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail
    from quickbooks.objects.invoice import Invoice
    from quickbooks.objects.payment import Payment, PaymentLine

    qb = sdk_client(box)

    def ref(value: str) -> Ref:
        out = Ref()
        out.value = value
        return out

    def lines(items: list[tuple[str, Decimal, Decimal]]) -> list[SalesItemLine]:
        out = []
        for desc, qty, unit in items:
            line = SalesItemLine()
            line.Amount = (qty * unit).quantize(C, ROUND_HALF_UP)
            line.Description = desc
            line.SalesItemLineDetail = SalesItemLineDetail()
            line.SalesItemLineDetail.ItemRef = ref("1")
            line.SalesItemLineDetail.Qty = qty
            line.SalesItemLineDetail.UnitPrice = unit
            out.append(line)
        return out

    def link(txn_id: str, txn_type: str, amount: Decimal) -> PaymentLine:
        pl = PaymentLine()
        pl.Amount = amount
        lt = LinkedTxn()
        lt.TxnId, lt.TxnType = txn_id, txn_type
        pl.LinkedTxn = [lt]
        return pl

    for c in sorted(world.custs, key=lambda x: x.parent is not None):
        cu = Customer()
        cu.DisplayName = c.name
        cu.CompanyName = None if c.person or c.parent else c.name
        cu.PrintOnCheckName = c.name
        if c.person:
            cu.GivenName, cu.FamilyName = c.name.split(" ", 1)
        slug = "".join(ch for ch in core((c.parent or c).name))[:16]
        cu.PrimaryEmailAddr = EmailAddress()
        cu.PrimaryEmailAddr.Address = f"ap@{slug}.example.com"
        if c.parent is not None:
            cu.ParentRef = ref(c.parent.lid)
            cu.Job = True
            cu.BillWithParent = True
        if c.currency != "USD":
            cu.CurrencyRef = ref(c.currency)
        c.lid = str(cu.save(qb=qb).Id)
    for inv in world.invs:
        iv = Invoice()
        iv.CustomerRef = ref(inv.cust.lid)
        iv.DocNumber, iv.TxnDate, iv.DueDate = inv.number, inv.issued.isoformat(), inv.due_date.isoformat()
        iv.Line = lines(inv.lines)
        if inv.ref:
            cf = CustomField()
            cf.DefinitionId, cf.Name, cf.Type, cf.StringValue = "1", "P.O. Number", "StringType", inv.ref
            iv.CustomField = [cf]
        if inv.currency != "USD":
            iv.CurrencyRef = ref(inv.currency)
            iv.ExchangeRate = QBO_FX[inv.currency]
        saved = iv.save(qb=qb)
        inv.lid = str(saved.Id)
        if inv.state == "void":
            saved.void(qb=qb)
    for memo in world.memos:
        cm = CreditMemo()
        cm.CustomerRef = ref(memo.cust.lid)
        cm.DocNumber, cm.TxnDate = memo.number, memo.day.isoformat()
        cm.Line = lines([("Service credit", Decimal(1), memo.amount)])
        memo.lid = str(cm.save(qb=qb).Id)
    for c, day, parts in world.payments:
        pm = Payment()
        pm.CustomerRef = ref(c.lid)
        pm.TotalAmt = sum((a for _, a in parts), Decimal(0))
        pm.TxnDate = day.isoformat()
        pm.DepositToAccountRef = ref("35")
        pm.Line = [link(i.lid, "Invoice", a) for i, a in parts]
        pm.save(qb=qb)
    for inv in [i for i in world.invs if i.state == "paid"]:
        pm = Payment()
        pm.CustomerRef = ref(inv.cust.lid)
        pm.TotalAmt = inv.total
        pm.TxnDate = min(inv.issued + timedelta(days=25), date(2026, 10, 30)).isoformat()
        pm.DepositToAccountRef = ref("35")
        pm.Line = [link(inv.lid, "Invoice", inv.total)]
        if inv.currency != "USD":
            pm.CurrencyRef = ref(inv.currency)
            pm.ExchangeRate = QBO_FX[inv.currency]
        pm.save(qb=qb)
    for memo, inv, amount in world.allocs:  # QBO applies a credit memo through a zero-total Payment
        pm = Payment()
        pm.CustomerRef = ref(memo.cust.lid)
        pm.TotalAmt = Decimal(0)
        pm.TxnDate = memo.day.isoformat()
        pm.Line = [link(inv.lid, "Invoice", amount), link(memo.lid, "CreditMemo", amount)]
        pm.save(qb=qb)
    return str(qb.refresh_token)


def seed_xero(world: World, box: Any) -> str:
    """Seed the Xero sandbox through xero-python; returns the rotated refresh token."""
    import urllib3
    from xero_python.accounting import (
        Account,
        AccountingApi,
        Allocation,
        Allocations,
        Contact,
        Contacts,
        CreditNote,
        CreditNotes,
        CurrencyCode,
        Invoice,
        Invoices,
        LineAmountTypes,
        LineItem,
        Payment,
        Payments,
    )
    from xero_python.api_client import ApiClient, Configuration
    from xero_python.api_client.oauth2 import OAuth2Token, TokenApi

    info = box.info
    for code, rate in XERO_FX.items():
        box.ledger.enable_currency(code, rate)
    token: dict[str, Any] = {}
    config = Configuration()
    config.oauth2_token = OAuth2Token(client_id=info.client_id, client_secret=info.client_secret)
    client = ApiClient(config, pool_threads=1, oauth2_token_getter=lambda: token, oauth2_token_saver=token.update)
    client.rest_client.pool_manager.connection_pool_kw["retries"] = urllib3.Retry(total=0, raise_on_status=False)
    token_api = TokenApi(client, info.client_id, info.client_secret)
    token_api.refresh_token_url = info.base_url + "/connect/token"
    new = token_api.refresh_token(info.refresh_token, ["offline_access", "accounting.transactions"])
    token.update(
        access_token=new["access_token"],
        scope=new["scope"].split(),
        expires_in=new["expires_in"],
        token_type=new["token_type"],
        expires_at=time.time() + new["expires_in"],
    )
    api, tenant = AccountingApi(client, base_url=info.base_url + "/api.xro/2.0"), info.tenant

    def chunks(items: list[Any], n: int = 50) -> list[list[Any]]:
        return [items[k : k + n] for k in range(0, len(items), n)]

    def items(lines: list[tuple[str, Decimal, Decimal]], taxed: bool) -> list[LineItem]:
        tax = "OUTPUT" if taxed else "NONE"
        return [
            LineItem(description=d, quantity=q, unit_amount=u, account_code="200", tax_type=tax) for d, q, u in lines
        ]

    for part in chunks(world.custs):
        made = api.create_contacts(
            tenant,
            Contacts(
                contacts=[
                    Contact(
                        name=c.name,
                        email_address=f"ap@{core(c.name)[:16]}.example.com",
                        default_currency=getattr(CurrencyCode, c.currency),
                    )
                    for c in part
                ]
            ),
        )
        for c, m in zip(part, made.contacts):
            c.lid = str(m.contact_id)
    for part in chunks(world.invs):
        docs = []
        for inv in part:
            foreign = inv.currency != "USD"
            docs.append(
                Invoice(
                    type="ACCREC",
                    contact=Contact(contact_id=inv.cust.lid),
                    date=inv.issued,
                    due_date=inv.due_date,
                    line_items=items(inv.lines, inv.taxed),
                    line_amount_types=LineAmountTypes.EXCLUSIVE if inv.taxed else LineAmountTypes.NOTAX,
                    invoice_number=inv.number,
                    reference=inv.ref or None,
                    status="DRAFT" if inv.state == "draft" else "AUTHORISED",
                    currency_code=getattr(CurrencyCode, inv.currency),
                    currency_rate=XERO_FX[inv.currency] if foreign else None,
                )
            )
        made = api.create_invoices(tenant, Invoices(invoices=docs), summarize_errors=False)
        for inv, m in zip(part, made.invoices):
            if m.status_attribute_string == "ERROR":
                raise RuntimeError(f"invoice {inv.number} refused: {[e.message for e in m.validation_errors]}")
            inv.lid = str(m.invoice_id)
    memo_docs = [
        CreditNote(
            type="ACCRECCREDIT",
            contact=Contact(contact_id=m.cust.lid),
            date=m.day,
            line_items=items([("Service credit", Decimal(1), m.amount)], False),
            line_amount_types=LineAmountTypes.NOTAX,
            credit_note_number=m.number,
            status="AUTHORISED",
        )
        for m in world.memos
    ]
    made = api.create_credit_notes(tenant, CreditNotes(credit_notes=memo_docs), summarize_errors=False)
    for memo, m in zip(world.memos, made.credit_notes):
        memo.lid = str(m.credit_note_id)
    pays = [(day, inv, amount) for _, day, parts in world.payments for inv, amount in parts]
    pays += [
        (min(i.issued + timedelta(days=25), date(2026, 10, 30)), i, i.total) for i in world.invs if i.state == "paid"
    ]
    for part in chunks(pays):
        batch = [
            Payment(
                invoice=Invoice(invoice_id=inv.lid),
                account=Account(code="090"),
                date=day,
                amount=amount,
                currency_rate=XERO_FX.get(inv.currency),
            )
            for day, inv, amount in part
        ]
        made = api.create_payments(tenant, Payments(payments=batch), summarize_errors=False)
        bad = [p for p in made.payments if p.status_attribute_string == "ERROR"]
        if bad:
            raise RuntimeError(f"payments refused: {[e.message for p in bad for e in p.validation_errors]}")
    for memo, inv, amount in world.allocs:
        alloc = Allocation(invoice=Invoice(invoice_id=inv.lid), amount=amount, date=memo.day)
        api.create_credit_note_allocation(tenant, memo.lid, Allocations(allocations=[alloc]))
    voids = [i for i in world.invs if i.state == "void"]
    with box.ledger.lock:  # no void over the sandbox's wire (it has no POST /Invoices/{id}): set it in the ledger
        for inv in voids:
            record = box.ledger.get("invoices", inv.lid)
            record["Status"] = "VOIDED"
            record["UpdatedDateUTC"] = box.ledger.stamp()
    return str(new["refresh_token"])


def start_and_seed(world: World, out: Path) -> tuple[Any, dict[str, str]]:
    """Start the style's sandbox, seed it, write arsync.yaml; returns the sandbox and the run's environment."""
    tokens = out / "tokens"
    tokens.mkdir(mode=0o700, exist_ok=True)
    for old in tokens.iterdir():
        old.unlink()
    qbo = world.style == "qbo"
    if qbo:
        from arsync_quickbooks.sandbox import QuickBooksSandbox

        box: Any = QuickBooksSandbox(seed="empty", limits=None)  # no throttling while seeding ~1,000 records
    else:
        from arsync_xero.sandbox import XeroSandbox

        box = XeroSandbox(seed="empty")
    box.start()
    refresh = (seed_qbo if qbo else seed_xero)(world, box)
    info = box.info
    tenant = f"realm_id: '{info.tenant}'" if qbo else f"tenant_id: {info.tenant}"
    identity = "" if qbo else f"    identity_url: {info.base_url}\n"
    block = (
        f"    type: {'quickbooks' if qbo else 'xero'}\n    {tenant}\n    client_id: {info.client_id}\n"
        f"    client_secret: ${{ARSYNC_BENCH_SECRET}}\n    refresh_token: ${{ARSYNC_BENCH_REFRESH}}\n"
        f"    base_url: {info.base_url}\n{identity}    token_dir: {tokens}\n"
    )
    (out / "arsync.yaml").write_text(f"version: 1\nconnectors:\n  books:\n{block}", encoding="utf-8")
    env = {**os.environ, "ARSYNC_BENCH_SECRET": info.client_secret, "ARSYNC_BENCH_REFRESH": refresh}
    return box, env


# --- running and scoring --------------------------------------------------------------------------


def check_parse(world: World, out: Path, bank: str, env: dict[str, str]) -> tuple[list[str], dict[int, Credit]]:
    """``arsync bank parse`` reads each line as written; returns the problems and statement line -> credit."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", bank, "--json"], out, env, timeout=600)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()}"], {}
    by_line: dict[int, Credit] = {}
    problems = []
    mine = {cr.bank_id: cr for cr in world.credits} if world.style == "xero" else {cr.line: cr for cr in world.credits}
    for t in doc["transactions"]:
        line = t["source"]["line"]
        cr = mine.pop(t.get("bank_id") if world.style == "xero" else line, None)
        if cr is None:
            problems.append(f"{bank}:{line} read but never written: {t.get('description')!r}")
            continue
        by_line[line] = cr
        got, want = (Decimal(t["amount"]), t["date"], t.get("currency")), (cr.amount, cr.day.isoformat(), "USD")
        if got != want:
            problems.append(f"{bank}:{line} read {got}, written {want}")
    problems += [f"{bank}: {cr.kind} line {cr.line or cr.bank_id} written but not read" for cr in mine.values()]
    return problems, by_line


def check_ledger(world: World, doc: dict[str, Any]) -> list[str]:
    """Every open invoice and amount the JSON reports against what was seeded."""
    problems: list[str] = []
    seen: set[str] = set()
    for u in doc.get("unmatched_invoices", []):
        inv = world.by_number.get(u["number"])
        seen.add(u["number"])
        if inv is None:
            problems.append(f"open invoice {u['number']} reported, never seeded")
            continue
        if inv.due <= 0:
            problems.append(f"invoice {inv.number} ({inv.state}, total {inv.total}) reported open: {u['amount_due']}")
        elif Decimal(u["amount_due"]) != inv.due or u.get("currency") != inv.currency:
            problems.append(
                f"invoice {inv.number} of {inv.cust.name}: reported open {u.get('currency')} "
                f"{u['amount_due']}, seeded {inv.currency} {inv.due} (total {inv.total}, paid earlier "
                f"{inv.paid}, credited {inv.credited})"
            )
        if u.get("customer_id") not in (None, inv.cust.lid):
            problems.append(f"invoice {inv.number}: customer {u.get('customer_id')}, seeded {inv.cust.lid}")
    for m in doc.get("matches", []) + doc.get("unmatched_bank", []):
        for cand in [m, *m.get("alternatives", [])]:
            for i in cand.get("invoices", []):
                inv = world.by_number.get(i["number"])
                if cand is m and m.get("decision") in ("auto", "suggest"):
                    seen.add(i["number"])
                if inv is None:
                    problems.append(f"line {m['bank']['line']} names invoice {i['number']}, never seeded")
                elif inv.due <= 0:
                    problems.append(f"line {m['bank']['line']} offers {inv.state} invoice {inv.number}")
                elif Decimal(i.get("invoice_currency_amount") or i.get("applied") or 0) > inv.due:
                    problems.append(
                        f"line {m['bank']['line']} applies {i} to {inv.number} whose open "
                        f"amount is {inv.due} (total {inv.total})"
                    )
    missing = [i for i in world.invs if i.due > 0 and i.number not in seen]
    problems += [f"open invoice {i.number} ({i.cust.name}, {i.currency} {i.due}) not in the output" for i in missing]
    return sorted(set(problems))


def score(world: World, doc: dict[str, Any], lines: dict[int, Credit], show: str) -> dict[str, Counter[str]]:
    def header(line: int, cr: Credit) -> str:
        return f"line {line} {cr.day} USD {cr.amount} {cr.text!r}\n    note={cr.note!r}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:  # the invoices it should and did go to, as seeded
        for num in sorted({n for s in cr.truth or [] for n in s} | set(picked)):
            inv = world.by_number.get(num)
            if inv:
                print(
                    f"      ledger {num}: {inv.cust.name} ({inv.cust.lid}) {inv.state} total {inv.currency} "
                    f"{inv.total} paid {inv.paid} credited {inv.credited} open {inv.due} ref {inv.ref!r}"
                )

    got = matches_by(doc, lambda m: m["bank"]["line"])
    nobody = "none (nothing to apply)"
    return score_credits(
        sorted(lines.items()), got, show, header, review=REVIEW, nobody=nobody, ledger=ledger, applied=True
    )


def main() -> int:
    args = arguments(__doc__, ["qbo", "xero"])
    started = time.monotonic()
    world = World(args.seed, args.style).build()
    with workdir(args.keep, "bench_conn_") as out:
        bank = world.write_chase(out) if args.style == "qbo" else world.write_camt(out)
        box = None
        try:
            box, env = start_and_seed(world, out)
            states = Counter(i.state if i.state != "open" or not i.paid else "part paid" for i in world.invs)
            n_in = sum(c.amount > 0 for c in world.credits)
            print(
                f"style {args.style} seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices "
                f"{dict(states)}, {len(world.memos)} credit memos ({len(world.allocs)} applied), {n_in} credits + "
                f"{len(world.credits) - n_in} debits; seeded in {time.monotonic() - started:.1f} s; files in {out}"
            )
            problems, lines = check_parse(world, out, bank, env)
            for problem in problems:
                print("PARSE:", problem)
            cmd = match_cmd(out, "--bank", bank, "--ledger", "books")
            t0 = time.monotonic()
            code, doc, err = run(cmd, out, env, timeout=600)
            if doc is None:
                print(f"arsync match failed (exit {code}): {' '.join(cmd)}\n{err}")
                return 0
            print(f"arsync match: exit {code}, {time.monotonic() - t0:.1f} s; summary {json.dumps(doc.get('summary'))}")
            (out / "match.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
            ledger = check_ledger(world, doc)
            print(f"\nledger as arsync read it vs as seeded: {len(ledger)} disagreements")
            for problem in ledger:
                print("LEDGER:", problem)
            report(score(world, doc, lines, args.show), CLERK)
        except Exception:
            print("bench failed:\n" + traceback.format_exc())
        finally:
            if box is not None:
                box.stop()
        print(f"\nwall {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
