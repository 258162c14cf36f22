"""Cash application against the ledger reports finance staff really download (QuickBooks Online, Xero, a typed XLSX).

Run:  .venv/bin/python benchmarks/bench_match_ledger_exports.py --style STYLE [--seed N] [--keep DIR]
      [--show KIND|missed|wrong]

STYLE is one of:

- ``qbo-open``: QuickBooks Online "Open Invoices" report (CSV on odd seeds, XLSX on even seeds): title, company and
  "As of" rows, the header on line 5, a customer heading before each customer's rows, sub-customers written
  ``Parent:Child``, ``Payment`` and ``Credit Memo`` rows negative, ``Total for <customer>`` rows, blank spacer rows,
  ``TOTAL`` and the footer with the run date. Odd seeds are a US company (USD, mm/dd/yyyy, Chase checking CSV), even
  seeds a UK company (GBP, dd/mm/yyyy, Barclays CSV). ``--currency`` is passed, as the report has no currency column.
- ``qbo-aging``: QuickBooks Online "A/R Aging Detail" (XLSX on odd seeds, CSV on even): sections per aging period
  (``Current``, ``1 - 30 days past due``, ..., each with its ``Total for`` row) and a ``Customer`` column.
- ``xero-aged``: Xero "Aged Receivables Detail" CSV (contact sections, ``Total <contact>`` rows, bucket columns, a
  Currency column, dd/mm/yyyy); UK company (GBP, EUR, USD) on odd seeds, AU company (AUD, NZD, USD) on even seeds; a
  camt.053 statement with one account per currency.
- ``xero-invoices``: Xero's invoice list "Export" CSV (one row per line item; Draft, Awaiting Approval, Awaiting
  Payment and Paid; Sales credit notes; several currencies); camt.053 as above.
- ``xlsx-messy``: a list typed by a person in Excel: merged title, a notes row above the header, trailing spaces, an
  empty column, currency symbols in amount text (``$1,250.00`` on odd seeds, ``1.250,00 €`` on even seeds), real
  Excel dates and text dates, a totals row. Odd seeds: US company with Chase CSV; even: Dutch company with camt.053.

About 400 open invoices of about 100 customers (names alike but for a word or legal form, sub-customers, the same
amount at several customers, partly paid invoices, credit notes, foreign currencies where the export carries them).

Checks: (1) ``arsync aging --as-of 2026-03-31 --ledger FILE --json`` must read every open invoice with its customer,
open amount, currency and due date, every credit note and unapplied payment on its customer, and nothing else; every
disagreement is printed with its export row (a refusal is printed as is). (2) ``arsync match`` on the statement is
scored per kind (never to be auto: bare_ambiguous, draft, noncustomer): autos right / wrong (each wrong auto printed
with its line, the chosen and the right invoices and the matcher's reasons), auto rate over payable credits,
suggestions, unmatched. Always exits 0.
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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
    kind_table,
    match,
    matches_by,
    run,
    score_credits,
    workdir,
)

AS_OF = date(2026, 3, 31)
START, END = date(2026, 4, 1), date(2026, 4, 24)
STYLES = ["qbo-open", "qbo-aging", "xero-aged", "xero-invoices", "xlsx-messy"]
NEVER_AUTO = {"bare_ambiguous", "draft", "noncustomer"}
CLERK = "exact remaining name multi_ref multi_noref partial cm_net parent_pays same_named fx".split()

LOCALES: dict[str, dict[str, Any]] = {
    "us": {"ccy": "USD", "fx": ["EUR", "CAD"], "dmy": False, "company": "Cedar Ridge Supply Co.", "sym": "$",
           "legal": ["LLC", "Inc.", "Co.", "Corp.", "", ""], "vat": Decimal(0)},
    "uk": {"ccy": "GBP", "fx": ["EUR", "USD"], "dmy": True, "company": "Thistle & Finch Ltd", "sym": "£",
           "legal": ["Ltd", "Limited", "LLP", "& Sons Ltd", "", ""], "vat": Decimal("0.20")},
    "au": {"ccy": "AUD", "fx": ["NZD", "USD"], "dmy": True, "company": "Banksia Office Supplies Pty Ltd", "sym": "$",
           "legal": ["Pty Ltd", "Pty Limited", "& Co", "", ""], "vat": Decimal("0.10")},
    "eu": {"ccy": "EUR", "fx": ["USD", "GBP"], "dmy": True, "company": "Brouwer Techniek B.V.", "sym": "€",
           "legal": ["B.V.", "GmbH", "SARL", "NV", "", ""], "vat": Decimal("0.21")},
}  # fmt: skip
RATES = {"EUR": Decimal("0.85"), "USD": Decimal("0.79"), "CAD": Decimal("0.58"), "NZD": Decimal("0.91")}
PLACES = "Harbor Maple Granite Summit Lakeside Pioneer Redwood Cypress Ironwood Prairie Keystone Liberty Beacon"
PLACES += " Northgate Riverbend Oakhollow Canyon Sierra Bluewater Hillcrest Westfield Elmwood Stonebridge Fairview"
TRADES = "Dental|Landscaping|Plumbing|Auto Body|Veterinary Clinic|Bakery|Roofing|Electric|Coffee Roasters|Fitness"
TRADES += "|Printing|HVAC|Construction|Catering|Florist|Logistics|Pharmacy|Realty|Cabinetry|Surveying|Signs|Brewing"
SURNAMES = "Freeman Patel Okafor Nguyen Kowalski Rossi Murphy Schmidt Garcia Chen Lindqvist Haddad Brennan Moreau"
SURNAMES += " Novak Tanaka Silva Walsh Dubois Jensen Fischer Costa Byrne Ahmed"
FIRST = "Amy Bill Carla Dev Ellen Frank Gita Hugo Ines Jack Kofi Lena Mo Nora Omar Pia Raj Sam Tess Uma Vic".split()
ALIKE = ["Summit Dental", "Summit Dental Lab", "Harborview Plumbing", "Harbor View Plumbing & Heating"]
ALIKE += ["Green Leaf Landscaping", "Greenleaf Landscape Supply", "Patel Brothers", "Patel & Sons"]
SPECIAL = ["Globex, Inc.", "Smith, Jones & Partners", "Café Lumière", "Müller Haustechnik", "O'Brien's Pub & Grill"]
SPECIAL += ["Ødegaard Design", "A-1 Towing & Recovery", "St. Mary's Parish (Hall Fund)"]
STREETS = ["55 Twin Lane", "0969 Ocean View Road", "12 Mill St", "Unit 4 Dockside", "Riverside Site", "Phase 2"]
QBO_OPEN = ["", "Date", "Transaction type", "Num", "Term", "Due date", "Amount", "Open balance"]
QBO_AGING = ["", "Date", "Transaction type", "Num", "Customer", "Due date", "Past due", "Amount", "Open balance"]
XERO_AGED = ["Invoice Date", "Invoice Number", "Invoice Reference", "Due Date", "Currency", "Current", "< 1 Month"]
XERO_AGED += ["1 Month", "2 Months", "3 Months", "Older", "Total"]
CHASE = ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""]
BARCLAYS = ["Number", "Date", "Account", "Amount", "Subcategory", "Memo"]
IBANS = {"GBP": "GB33BUKB20201555555555", "EUR": "NL91ABNA0417164300", "USD": "GB94BARC10201530093459",
         "AUD": "AU12BKCH0629140457812", "NZD": "NZ02ANZB0101000456789", "CAD": "CA12RBC00000123456"}  # fmt: skip


@dataclass
class Cust:
    name: str  # as the export writes it: "Parent:Child" for a QuickBooks sub-customer
    ccy: str
    parent: Cust | None = None
    docs: list[Doc] = field(default_factory=list)

    @property
    def root(self) -> Cust:
        return self.parent or self


@dataclass
class Doc:
    number: str
    cust: Cust
    kind: str  # invoice | credit | payment
    issued: date
    due_date: date
    total: Decimal  # positive, tax included
    paid: Decimal = Decimal(0)
    status: str = "open"  # open | draft | approval | paid
    ref: str = ""
    lines: list[tuple[str, Decimal]] = field(default_factory=list)  # description, net amount (Xero line items)

    @property
    def due(self) -> Decimal:
        return self.total - self.paid

    @property
    def is_open_invoice(self) -> bool:
        return self.kind == "invoice" and self.status == "open" and self.due > 0


@dataclass
class Credit:
    kind: str
    ccy: str
    amount: Decimal
    payer: str  # "" when the bank shows none
    ref: str
    day: date
    truth: list[tuple[str, ...]] | None  # acceptable invoice sets; None: no open invoice is paid
    channel: str = ""
    note: str = ""
    file: str = ""
    line: int = 0
    text: str = ""  # the bank line as written


def money(d: Decimal, eu: bool = False, sym: str = "", after: bool = False) -> str:
    s = f"{abs(d):,.2f}"
    if eu:
        s = s.replace(",", " ").replace(".", ",").replace(" ", ".")
    s = (f"{s} {sym}" if after else f"{sym}{s}") if sym else s
    return f"-{s}" if d < 0 else s


class World:
    def __init__(self, style: str, seed: int) -> None:
        self.style, self.seed, self.r = style, seed, random.Random(f"{style}/{seed}")
        odd = seed % 2 == 1
        family = style.partition("-")[0]
        self.loc = {"qbo": "us" if odd else "uk", "xero": "uk" if odd else "au", "xlsx": "us" if odd else "eu"}[family]
        self.L = LOCALES[self.loc]
        self.qbo = style.startswith("qbo")
        self.home: str = self.L["ccy"]
        self.xlsx = style == "xlsx-messy" or (self.qbo and (style == "qbo-open") != odd)
        self.bank = "chase" if self.loc == "us" else "barclays" if self.qbo else "camt"
        self.bank_ccys = {self.home} | (set(self.L["fx"]) if self.bank == "camt" else set())
        self.custs: list[Cust] = []
        self.docs: list[Doc] = []
        self.credits: list[Credit] = []
        self.used: set[str] = set()
        self.rows: dict[str, str] = {}  # document number -> its row in the export, for reproductions
        self.ledger = ""
        self.fixes: set[str] = set()  # what a refusal asked to change (xlsx-messy)

    # ---------------------------------------------------------------- customers and documents
    def customers(self) -> None:
        r, seen = self.r, set()

        def add(name: str, ccy: str, parent: Cust | None = None) -> Cust | None:
            key = name.lower().replace(" ", "")
            if key in seen:
                return None
            seen.add(key)
            c = Cust(name, ccy, parent)
            self.custs.append(c)
            return c

        legal = self.L["legal"]
        for name in ALIKE:
            add(f"{name} {r.choice(legal)}".strip(), self.home)
        for name in SPECIAL:  # commas, accents, apostrophes, brackets
            add(name, self.home)
        if self.qbo:  # QuickBooks sub-customers (jobs), written Parent:Child
            for sur in r.sample(SURNAMES.split(), 5):
                parent = add(f"{sur} Properties {r.choice(legal)}".strip(), self.home)
                for street in r.sample(STREETS, r.choice([2, 2, 3])):
                    if parent:
                        add(f"{parent.name}:{street}", self.home, parent)
        fx = self.L["fx"] if not self.qbo else []
        while len(self.custs) < 100:
            roll, trade = r.random(), r.choice(TRADES.split("|"))
            ccy = r.choice(fx) if fx and r.random() < 0.14 else self.home
            name = (
                f"{r.choice(PLACES.split())} {trade} {r.choice(legal)}" if roll < 0.5
                else f"{r.choice(FIRST)}'s {trade}" if roll < 0.65
                else f"{r.choice(SURNAMES.split())} & {r.choice(SURNAMES.split())} {r.choice(legal)}" if roll < 0.8
                else f"{r.choice(SURNAMES.split())} {trade} {r.choice(legal)}"
            ).strip()  # fmt: skip
            add(name, ccy)

    def documents(self) -> None:
        r, vat = self.r, self.L["vat"]
        retainers = [Decimal(x) for x in ("500.00", "750.00", "1500.00", "2400.00")]
        for c in self.custs:
            if c.parent is None and any(d.parent is c for d in self.custs) and r.random() < 0.5:
                continue  # a parent with no rows of its own
            for _ in range(r.choice([1, 2, 3, 4, 4, 5, 6, 7])):
                issued = date(2025, 11, 17) + timedelta(days=r.randint(0, 134))
                terms = r.choice([0, 14, 30, 30, 30, 45, 60])
                if r.random() < 0.15:
                    total, lines = r.choice(retainers), [("Monthly retainer", r.choice(retainers))]
                    lines = [(lines[0][0], (total / (1 + vat)).quantize(C, ROUND_HALF_UP))]
                    total = lines[0][1] + (lines[0][1] * vat).quantize(C, ROUND_HALF_UP)
                else:
                    lines = [
                        (r.choice(["Labour", "Materials", "Service call", "Consulting", "Parts", "Delivery"]),
                         Decimal(r.randint(2500, 420000)) / 100)
                        for _ in range(r.choice([1, 1, 2, 3]))
                    ]  # fmt: skip
                    total = sum((a + (a * vat).quantize(C, ROUND_HALF_UP) for _, a in lines), Decimal(0))
                d = Doc("", c, "invoice", issued, issued + timedelta(days=terms), total, lines=lines)
                if r.random() < 0.09 and total > 300:
                    d.paid = (total * Decimal(r.choice(["0.5", "0.25", "0.4"]))).quantize(Decimal(1))
                if r.random() < 0.25:
                    d.ref = r.choice(
                        [f"PO {r.randint(10000, 99999)}", f"PO-{r.randint(1000, 9999)}", f"WO{r.randint(100, 999)}"]
                    )
                c.docs.append(d)
                self.docs.append(d)
        same = [d for d in self.docs if d.paid == 0]
        for _ in range(14):  # the same amount at two customers of different families
            a, b = r.sample(same, 2)
            if a.cust.root is not b.cust.root and a.cust.ccy == b.cust.ccy:
                b.total, b.lines = a.total, list(a.lines)
        for c in r.sample([c for c in self.custs if c.docs], 16):  # open credit memos / credit notes
            amt = Decimal(r.randint(4000, 40000)) / 100
            day = AS_OF - timedelta(days=r.randint(2, 60))
            net = (amt / (1 + vat)).quantize(C, ROUND_HALF_UP)
            d = Doc("", c, "credit", day, day, amt, lines=[("Credit - returned goods", net)])
            c.docs.append(d)
            self.docs.append(d)
        if self.qbo:  # unapplied payments
            for c in r.sample([c for c in self.custs if c.docs], 6):
                day = AS_OF - timedelta(days=r.randint(1, 40))
                d = Doc("", c, "payment", day, day, Decimal(r.randint(10000, 250000)) / 100)
                c.docs.append(d)
                self.docs.append(d)
        if self.style == "xero-invoices":
            for d in r.sample([d for d in self.docs if d.kind == "invoice" and d.paid == 0], 30):
                d.status = r.choice(["draft", "approval", "paid", "paid"])
                d.paid = d.total if d.status == "paid" else Decimal(0)
        self.docs.sort(key=lambda d: (d.issued, d.cust.name))
        for n, d in enumerate(self.docs):
            if self.qbo:
                d.number = "" if d.kind == "payment" and n % 2 else str(1041 + n)
            elif self.style.startswith("xero"):
                d.number = f"CN-{n + 211:04d}" if d.kind == "credit" else f"INV-{n + 4102:04d}"
            else:
                d.number = f"CR-{n + 11}" if d.kind == "credit" else f"26-{n + 118:04d}"
        for c in self.custs:  # an invoice paid off is not on an open-items report
            c.docs.sort(key=lambda d: d.issued)
        if self.style != "xero-invoices":
            self.docs = [d for d in self.docs if d.kind != "invoice" or d.is_open_invoice]
            for c in self.custs:
                c.docs = [d for d in c.docs if d.kind != "invoice" or d.is_open_invoice]

    # ---------------------------------------------------------------- payments
    def family(self, c: Cust) -> list[Doc]:
        root = c.root
        return [d for x in self.custs if x.root is root for d in x.docs if d.is_open_invoice]

    def unique(self, c: Cust, amount: Decimal) -> bool:
        return sum(d.due == amount for d in self.family(c)) == 1

    def unique_subset(self, c: Cust, picked: list[Doc]) -> bool:
        target, pool = sum(d.due for d in picked), self.family(c)
        return sum(sum(d.due for d in k) == target for n in range(1, 5) for k in combinations(pool, n)) == 1

    def free(self, ok: Any = None) -> Doc | None:
        pool = [
            d for d in self.docs if d.is_open_invoice and d.number not in self.used and d.cust.ccy in self.bank_ccys
        ]
        pool = [d for d in pool if ok is None or ok(d)]
        return self.r.choice(pool) if pool else None

    def payer(self, c: Cust, how: str) -> str:
        name = c.root.name
        bare = name
        for form in sorted(self.L["legal"], key=len, reverse=True):
            if form and bare.endswith(" " + form):
                bare = bare[: -len(form) - 1]
                break
        if how == "nolegal":
            return bare.upper()
        if how == "trunc":
            return name.upper()[:16].rstrip()
        return name if how == "title" else name.upper()

    def refs(self, docs: list[Doc]) -> str:
        nums = [d.number for d in docs]
        if len(nums) == 1:
            form = self.r.choice(["INV {n}", "INV{n}", "{n}", "Invoice {n}", "INV#{n}", "inv {n}", "PMT INV {n}"])
            return form.format(n=nums[0])
        return self.r.choice(["INV " + " ".join(nums), "/".join(nums), "INVS " + ", ".join(nums), " & ".join(nums)])

    def pay(self, kind: str, docs: list[Doc], amount: Decimal | None = None, **kw: Any) -> None:
        c, r = docs[0].cust, self.r
        amount = sum((d.due for d in docs), Decimal(0)) if amount is None else amount
        payer = (
            kw["payer"]
            if "payer" in kw
            else self.payer(c, kw.get("how") or r.choice(["upper", "nolegal", "trunc", "title"]))
        )
        ref = kw["ref"] if "ref" in kw else self.refs(docs)
        day = min(END, START + timedelta(days=r.randint(0, 23)))
        truth = kw.get("truth", [tuple(sorted(d.number for d in docs))])
        self.credits.append(
            Credit(kind, c.ccy, amount, payer, ref, day, truth, kw.get("channel", ""), kw.get("note", ""))
        )
        self.used.update(d.number for d in docs)

    def build(self) -> World:
        r = self.r
        self.customers()
        self.documents()
        pairs: list[tuple[Doc, Doc]] = []
        by_amount: dict[tuple[str, Decimal], list[Doc]] = defaultdict(list)
        for d in self.docs:
            if d.is_open_invoice and d.cust.ccy in self.bank_ccys:
                by_amount[(d.cust.ccy, d.due)].append(d)
        for group in by_amount.values():
            roots = {d.cust.root.name for d in group}
            if len(roots) >= 2:
                a = group[0]
                b = next(d for d in group if d.cust.root is not a.cust.root)
                if self.unique(a.cust, a.due) and self.unique(b.cust, b.due):
                    pairs.append((a, b))
        r.shuffle(pairs)
        for k, (a, b) in enumerate(pairs[:12]):
            if a.number in self.used or b.number in self.used:
                continue
            if k % 2:
                self.pay("same_named", [a], ref="", how=r.choice(["upper", "nolegal", "title"]))
            else:
                truth = [(a.number,), (b.number,)]
                self.pay("bare_ambiguous", [a], payer="", ref="", truth=truth, channel="deposit")
            self.used.add(b.number)
        for _ in range(70):
            if d := self.free():
                self.pay("fx" if d.cust.ccy != self.home else "exact", [d])
        for _ in range(10):
            if d := self.free(lambda d: d.paid > 0):
                self.pay("remaining", [d], note=f"total {d.total}, paid {d.paid}")
        for _ in range(10):
            if d := self.free(lambda d: d.due > 300):
                amount = r.choice([(d.due / 2).quantize(C), Decimal("250.00"), (d.due / 3).quantize(C)])
                self.pay("partial", [d], amount, ref=f"{self.refs([d])} PART PMT", note=f"due {d.due}")
        for _ in range(30):
            if (d := self.free()) and self.unique(d.cust, d.due):
                self.pay("name", [d], ref="", channel=r.choice(["ach", "wire", "zelle", ""]))
        for k in range(22):
            c = r.choice([c for c in self.custs if c.ccy in self.bank_ccys])
            avail = [d for d in self.family(c) if d.number not in self.used]
            if len(avail) < 2:
                continue
            picked = sorted(r.sample(avail, min(len(avail), r.choice([2, 2, 3]))), key=lambda d: d.number)
            if k < 14:
                self.pay("multi_ref", picked)
            elif len(self.family(c)) > len(picked) and self.unique_subset(c, picked):
                self.pay("multi_noref", picked, ref="")
        for c in [c for c in self.custs if any(d.kind == "credit" for d in c.docs) and c.ccy in self.bank_ccys]:
            cm = next(d for d in c.docs if d.kind == "credit")
            avail = [d for d in c.docs if d.is_open_invoice and d.number not in self.used and d.due > cm.total + 50]
            if avail and len([x for x in self.credits if x.kind == "cm_net"]) < 8:
                inv = avail[0]
                ref = r.choice(
                    [f"INV {inv.number} LESS CREDIT {cm.number}", f"{inv.number} less {cm.number}", f"INV {inv.number}"]
                )
                self.pay(
                    "cm_net", [inv], inv.due - cm.total, ref=ref, note=f"due {inv.due} less {cm.number} {cm.total}"
                )
                self.used.add(cm.number)
        for _ in range(6):  # a job's invoice paid by the parent company
            if d := self.free(lambda d: d.cust.parent is not None):
                self.pay("parent_pays", [d], note=d.cust.name)
        if self.style == "xero-invoices":
            for d in [d for d in self.docs if d.status in ("draft", "approval")][:4]:
                self.pay("draft", [d], d.total, truth=None, note=f"{d.status} {d.number}")
        self.noncustomer()
        return self

    def noncustomer(self) -> None:
        r = self.r
        names = {
            "chase": ["IRS TREAS 310", "STRIPE", "SQUARE INC", "INTEREST PAYMENT", "ONLINE TRANSFER FROM SAV ...4417",
                      "AMEX EPAYMENT", "STATE OF CA EDD REFUND", "HARTFORD INS CLAIM"],
            "barclays": ["HMRC VAT", "STRIPE PAYMENTS UK", "INTEREST PAID", "TRANSFER FROM 20-32-06 55512345",
                         "SUMUP PAYMENTS LTD", "AVIVA INSURANCE CLAIM", "HMRC CT REPAYMENT"],
            "camt": ["Belastingdienst", "Stripe Payments Europe Ltd", "Interest", "Own account transfer", "Adyen N.V.",
                     "Allianz Insurance claim", "Tax Office refund"],
        }[self.bank]  # fmt: skip
        opens = [d for d in self.docs if d.is_open_invoice and d.cust.ccy == self.home]
        for k in range(20):
            amount = Decimal(r.randint(500, 480000)) / 100
            if r.random() < 0.5:  # tempting: an open invoice's amount
                amount = r.choice(opens).due
            ref = f"REF {r.randint(100000, 999999)}" if k % 3 == 0 else ""
            day = START + timedelta(days=r.randint(0, 23))
            self.credits.append(Credit("noncustomer", self.home, amount, names[k % len(names)], ref, day, None))
        for k in range(8):
            amount = -Decimal(r.randint(2000, 900000)) / 100
            payee = ["PAYROLL ADP", "RENT", "UTILITIES", "CARD PAYMENT"][k % 4]
            self.credits.append(Credit("debit", self.home, amount, payee, "", START + timedelta(days=k), None))

    # ---------------------------------------------------------------- ledger exports
    def dtext(self, d: date) -> str:
        return d.strftime("%d/%m/%Y" if self.L["dmy"] else "%m/%d/%Y")

    def write_rows(self, path: Path, rows: list[list[Any]], merged_title: int = 0) -> None:
        """rows to CSV (QuickBooks writes UTF-8 with BOM) or XLSX; records each document's row for reproductions."""
        if path.suffix == ".csv":
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            path.write_text(buf.getvalue(), encoding="utf-8-sig")
            lines = buf.getvalue().splitlines()
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "Open invoices" if self.style == "xlsx-messy" else "Sheet1"
            for row in rows:
                ws.append([None if v == "" else v for v in row])
            for n in range(1, merged_title + 1):
                ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=max(len(x) for x in rows))
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, datetime):
                        cell.number_format = "dd/mm/yyyy" if self.L["dmy"] else "mm/dd/yyyy"
                    elif isinstance(cell.value, Decimal):
                        cell.number_format = "#,##0.00;-#,##0.00"
            wb.save(path)
            lines = [repr([str(v) for v in row]) for row in rows]
        numbers = {d.number for d in self.docs if d.number}
        for n, (row, line) in enumerate(zip(rows, lines), start=1):
            for v in row[:5]:
                if str(v).strip() in numbers:
                    where = f"{path.name}:{n}" if path.suffix == ".csv" else f"{path.name} row {n}"
                    self.rows.setdefault(str(v).strip(), f"{where}: {line}")

    def cell_date(self, d: date) -> Any:
        return datetime(d.year, d.month, d.day) if self.xlsx else self.dtext(d)

    def cell_amount(self, a: Decimal, total: bool = False) -> Any:
        if self.xlsx:
            return a
        return money(a, sym=self.L["sym"]) if total else money(a)

    def qbo_rows(self, d: Doc) -> tuple[str, str, str, Decimal, Decimal]:
        kind = {"invoice": "Invoice", "credit": "Credit Memo", "payment": "Payment"}[d.kind]
        sign = Decimal(1) if d.kind == "invoice" else Decimal(-1)
        terms = (d.due_date - d.issued).days
        term = "" if d.kind != "invoice" else "Due on receipt" if terms == 0 else f"Net {terms}"
        return kind, d.number, term, sign * d.total, sign * d.due

    def write_qbo_open(self, out: Path) -> None:
        title = [["Open Invoices"], [self.L["company"]], [f"As of {AS_OF:%B} {AS_OF.day}, {AS_OF:%Y}"], []]
        rows: list[list[Any]] = [*title, QBO_OPEN]
        g_amt = g_open = Decimal(0)
        for c in sorted((c for c in self.custs if c.docs), key=lambda c: c.name.lower()):
            rows.append([c.name, "", "", "", "", "", "", ""])
            s_amt = s_open = Decimal(0)
            for d in c.docs:
                kind, num, term, amt, open_ = self.qbo_rows(d)
                rows.append(["", self.cell_date(d.issued), kind, num, term, self.cell_date(d.due_date),
                             self.cell_amount(amt), self.cell_amount(open_)])  # fmt: skip
                s_amt, s_open = s_amt + amt, s_open + open_
            rows.append([f"Total for {c.name}", "", "", "", "", "", self.cell_amount(s_amt, True),
                         self.cell_amount(s_open, True)])  # fmt: skip
            rows.append([])
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows.append(["TOTAL", "", "", "", "", "", self.cell_amount(g_amt, True), self.cell_amount(g_open, True)])
        rows += [
            [],
            [],
            [f"Accrual Basis Wednesday, April 1, 2026 09:14 AM GMT{'-07:00' if self.loc == 'us' else '+01:00'}"],
        ]
        self.ledger = "qbo-open-invoices" + (".xlsx" if self.xlsx else ".csv")
        self.write_rows(out / self.ledger, rows, merged_title=3 if self.xlsx else 0)

    def write_qbo_aging(self, out: Path) -> None:
        title = [["A/R Aging Detail"], [self.L["company"]], [f"As of {AS_OF:%B} {AS_OF.day}, {AS_OF:%Y}"], []]
        rows: list[list[Any]] = [*title, QBO_AGING]
        buckets = [("Current", -10**6, 0), ("1 - 30 days past due", 1, 30), ("31 - 60 days past due", 31, 60),
                   ("61 - 90 days past due", 61, 90), ("91 or more days past due", 91, 10**6)]  # fmt: skip
        g_amt = g_open = Decimal(0)
        for label, lo, hi in buckets:
            docs = [d for c in self.custs for d in c.docs if lo <= (AS_OF - d.due_date).days <= hi]
            if not docs:
                continue
            rows.append([label] + [""] * 8)
            s_amt = s_open = Decimal(0)
            for d in sorted(docs, key=lambda d: (d.issued, d.number)):
                kind, num, _, amt, open_ = self.qbo_rows(d)
                past = (AS_OF - d.due_date).days
                rows.append(["", self.cell_date(d.issued), kind, num, d.cust.name, self.cell_date(d.due_date),
                             past if self.xlsx else str(past), self.cell_amount(amt),
                             self.cell_amount(open_)])  # fmt: skip
                s_amt, s_open = s_amt + amt, s_open + open_
            rows.append([f"Total for {label}", "", "", "", "", "", "", self.cell_amount(s_amt, True),
                         self.cell_amount(s_open, True)])  # fmt: skip
            rows.append([])
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows.append(["TOTAL", "", "", "", "", "", "", self.cell_amount(g_amt, True), self.cell_amount(g_open, True)])
        rows += [
            [],
            [],
            [f"Accrual Basis Wednesday, April 1, 2026 09:14 AM GMT{'-07:00' if self.loc == 'us' else '+01:00'}"],
        ]
        self.ledger = "qbo-ar-aging-detail" + (".xlsx" if self.xlsx else ".csv")
        self.write_rows(out / self.ledger, rows, merged_title=3 if self.xlsx else 0)

    def write_xero_aged(self, out: Path) -> None:
        rows: list[list[Any]] = [["Aged Receivables Detail"], [self.L["company"]], [f"As at {AS_OF.day} {AS_OF:%B %Y}"]]
        rows += [["Ageing by due date"], [], XERO_AGED]
        grand = Decimal(0)
        for c in sorted((c for c in self.custs if c.docs), key=lambda c: c.name.lower()):
            rows.append([c.name])
            sums = [Decimal(0)] * 7
            for d in c.docs:
                days = (AS_OF - d.due_date).days
                col = (
                    0
                    if days <= 0
                    else 1
                    if days < 31
                    else 2
                    if days < 62
                    else 3
                    if days < 92
                    else 4
                    if days < 123
                    else 5
                )
                amt = d.due if d.kind == "invoice" else -d.due
                cells = [Decimal(0)] * 6
                cells[col] = amt
                sums = [s + v for s, v in zip(sums, [*cells, amt])]
                rows.append([self.dtext(d.issued), d.number, d.ref, self.dtext(d.due_date), d.cust.ccy,
                             *(f"{v:.2f}" for v in cells), f"{amt:.2f}"])  # fmt: skip
            rows.append([f"Total {c.name}", "", "", "", "", *(f"{v:.2f}" for v in sums)])
            rows.append([])
            grand += sums[-1] * RATES.get(c.ccy, Decimal(1)) if c.ccy != self.home else sums[-1]
        rows.append(["Total", "", "", "", "", "", "", "", "", "", "", f"{grand.quantize(C, ROUND_HALF_UP):.2f}"])
        self.ledger = "Aged_Receivables_Detail.csv"
        self.write_rows(out / self.ledger, rows)

    def write_xero_invoices(self, out: Path) -> None:
        vat = self.L["vat"]
        status = {"open": "Awaiting Payment", "draft": "Draft", "approval": "Awaiting Approval", "paid": "Paid"}
        rows: list[list[Any]] = [XERO_COLUMNS]
        for n, d in enumerate(self.docs):
            c = d.cust
            slug = "".join(ch for ch in c.name.lower() if ch.isalnum())[:14]
            tax = [(a * vat).quantize(C, ROUND_HALF_UP) for _, a in d.lines]
            tax[-1] += d.total - sum(a for _, a in d.lines) - sum(tax)  # rounding lands on the last line
            for (desc, amt), t in zip(d.lines, tax):
                row = dict.fromkeys(XERO_COLUMNS, "")
                row.update({"ContactName": c.name, "EmailAddress": f"accounts@{slug}.example",
                            "InvoiceNumber": d.number, "Reference": d.ref, "InvoiceDate": self.dtext(d.issued),
                            "DueDate": self.dtext(d.due_date), "Total": f"{d.total:.2f}",
                            "TaxTotal": f"{sum(tax):.2f}", "InvoiceAmountPaid": f"{d.paid:.2f}",
                            "InvoiceAmountDue": f"{d.due:.2f}", "Description": desc, "Quantity": "1.0000",
                            "UnitAmount": f"{amt:.2f}", "LineAmount": f"{amt:.2f}", "AccountCode": "200",
                            "TaxType": "20% (VAT on Income)" if self.loc == "uk" else "GST on Income",
                            "TaxAmount": f"{t:.2f}", "Currency": c.ccy, "Sent": "Sent" if n % 3 else "",
                            "Type": "Sales credit note" if d.kind == "credit" else "Sales invoice",
                            "Status": status[d.status] if d.kind == "invoice" else "Awaiting Payment"})  # fmt: skip
                rows.append([row[k] for k in XERO_COLUMNS])
        self.ledger = "Export.csv"
        self.write_rows(out / self.ledger, rows)

    def write_messy(self, out: Path) -> None:
        r, eu = self.r, self.loc == "eu"
        head = ["Client ", "Invoice # ", "Invoice date" if "header" in self.fixes else "Inv. date", "Due", "", "Amount"]
        head += ["Balance ", "Ccy", "Notes"]
        rows: list[list[Any]] = [[f"OPEN INVOICES - {self.L['company']}"], ["updated by Sarah 31/3 - pls don't sort!!"]]
        rows += [[], head]
        sym = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$"}
        totals: Counter[str] = Counter()
        for d in sorted(self.docs, key=lambda d: (d.cust.name, d.issued)):
            sign = Decimal(1) if d.kind == "invoice" else Decimal(-1)

            def amt(a: Decimal, d: Doc = d) -> Any:
                roll = r.random()
                if roll < 0.4:
                    return a  # a number cell
                if eu:
                    return money(a, eu=True, sym=sym[d.cust.ccy], after=True)
                return money(a, sym="" if "cad" in self.fixes and d.cust.ccy == "CAD" else sym[d.cust.ccy])

            def day(x: date) -> Any:
                if r.random() < 0.6:
                    return datetime(x.year, x.month, x.day)
                return f"{x.day}-{x.month}-{x.year}" if eu else f"{x.month}/{x.day}/{x.year}"

            note = (
                "credit note"
                if d.kind == "credit"
                else f"pd {d.paid}"
                if d.paid
                else r.choice(["", "", "chased 3/3", "disputed?"])
            )
            name = d.cust.name + (" " if r.random() < 0.3 else "")
            rows.append([name, d.number + (" " if r.random() < 0.2 else ""), day(d.issued), day(d.due_date), "",
                         amt(sign * d.total), amt(sign * d.due), d.cust.ccy, note])  # fmt: skip
            totals[d.cust.ccy] += sign * d.due  # type: ignore[assignment]
        rows.append([])
        rows.append(["TOTAL", "", "", "", "", "", totals[self.home], self.home, "(home currency only)"])
        self.ledger = "open invoices 2026-03" + (f" fixed{len(self.fixes)}.xlsx" if self.fixes else ".xlsx")
        self.write_rows(out / self.ledger, rows, merged_title=1)

    # ---------------------------------------------------------------- bank statements
    def write_bank(self, out: Path) -> str:
        for n, cr in enumerate(sorted(self.credits, key=lambda x: (x.day, x.ccy, x.kind))):
            cr.line = n
        ordered = sorted(self.credits, key=lambda x: x.line)
        if self.bank == "chase":
            return self.write_chase(out, ordered)
        if self.bank == "barclays":
            return self.write_barclays(out, ordered)
        return self.write_camt(out, ordered)

    def chase_text(self, cr: Credit) -> tuple[str, str, str, str]:
        r = self.r
        if cr.amount < 0:
            return (
                "DEBIT",
                f"ORIG CO NAME:{cr.payer:<16} ORIG ID:9{r.randint(10**8, 10**9 - 1)} CO ENTRY DESCR:PAYMENT",
                "ACH_DEBIT",
                "",
            )
        if cr.channel == "deposit" or (not cr.payer and not cr.ref):
            return (
                "DSLIP",
                f"REMOTE ONLINE DEPOSIT #          {r.randint(1, 9)}",
                "DEPOSIT",
                str(r.randint(10**8, 10**9)),
            )
        if cr.kind == "noncustomer":
            return "CREDIT", f"{cr.payer} {cr.ref}".strip(), "MISC_CREDIT", ""
        ch = cr.channel or r.choice(["ach", "ach", "ach", "wire", "zelle"])
        ymd = cr.day.strftime("%y%m%d")
        if ch == "zelle":
            payer = cr.payer.title()
            return (
                "CREDIT",
                f"Zelle payment from {payer} {cr.ref} Bac{r.randint(10**7, 10**8)}".replace("  ", " "),
                "QUICKPAY_CREDIT",
                "",
            )
        if ch == "wire":
            text = f"WIRE TRANSFER VIA: WELLS FARGO BANK, N.A./121000248 B/O: {cr.payer.upper()} SAN JOSE CA 95112"
            text += f" REF: {cr.ref or 'PAYMENT'} IMAD: 0402MMQFMP2L0{r.randint(10000, 99999)}"
            text += f" TRN: {r.randint(10**9, 10**10)}FF"
            return "CREDIT", text, "WIRE_INCOMING", ""
        ind = cr.ref[:15] if len(cr.ref) <= 15 and cr.ref else f"{r.randint(100000, 999999)}"
        text = f"ORIG CO NAME:{cr.payer.upper()[:16]:<16} ORIG ID:{r.randint(10**9, 10**10 - 1)} DESC DATE:{ymd} "
        text += f"CO ENTRY DESCR:{'PAYMENTS':<10}SEC:CCD    TRACE#:0210000{r.randint(10**7, 10**8 - 1)} EED:{ymd}   "
        text += f"IND ID:{ind:<15} IND NAME:{self.L['company'].upper()}"
        if cr.ref and len(cr.ref) > 15:
            text += f" REF*TN*{cr.ref}\\"
        return "CREDIT", text + f" TRN: {r.randint(10**9, 10**10)}TC", "ACH_CREDIT", ""

    def write_chase(self, out: Path, credits: list[Credit]) -> str:
        bal, body = Decimal("48210.55"), []
        for cr in credits:
            bal += cr.amount
            details, text, typ, slip = self.chase_text(cr)
            body.append(
                (cr, [details, cr.day.strftime("%m/%d/%Y"), text, f"{cr.amount:.2f}", typ, f"{bal:.2f}", slip, ""])
            )
        body.reverse()  # Chase lists the newest first
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([CHASE, *(row for _, row in body)])
        (out / "chase.csv").write_text(buf.getvalue(), encoding="utf-8")
        lines = buf.getvalue().splitlines()
        for n, (cr, _) in enumerate(body, start=2):
            cr.file, cr.line, cr.text = "chase.csv", n, lines[n - 1]
        return "chase.csv"

    def write_barclays(self, out: Path, credits: list[Credit]) -> str:
        r, rows = self.r, [BARCLAYS]
        for cr in credits:
            if cr.amount < 0:
                sub, memo = "Direct Debit", f"{cr.payer:<18} DDR"
            elif not cr.payer and not cr.ref:
                sub, memo = "Counter Credit", f"PAID IN AT BARCLAYS {r.randint(100, 999)}         CHQ"
            else:
                sub = r.choice(["Funds Transfer", "Bank Giro Credit", "Funds Transfer"])
                code = "BGC" if sub == "Bank Giro Credit" else "FT"
                memo = f"{cr.payer[:18]:<18} {cr.ref[:18]:<18} {code}"
            rows.append(["", cr.day.strftime("%d/%m/%Y"), "20-32-06 43218765", f"{cr.amount:.2f}", sub, memo])
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (out / "barclays.csv").write_text(buf.getvalue(), encoding="utf-8")
        for n, (cr, line) in enumerate(zip(credits, buf.getvalue().splitlines()[1:]), start=2):
            cr.file, cr.line, cr.text = "barclays.csv", n, line
        return "barclays.csv"

    def write_camt(self, out: Path, credits: list[Credit]) -> str:
        r, x = self.r, lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">', "<BkToCstmrStmt>",
                 f"<GrpHdr><MsgId>STMT{self.seed}2604</MsgId>",
                 "<CreDtTm>2026-04-25T06:00:00</CreDtTm></GrpHdr>"]  # fmt: skip
        for ccy in sorted(self.bank_ccys):
            mine = [c for c in credits if c.ccy == ccy]
            lines += ["<Stmt>", f"<Id>{ccy}-2604</Id><ElctrncSeqNb>4</ElctrncSeqNb>",
                      "<CreDtTm>2026-04-25T06:00:00</CreDtTm>",
                      f"<Acct><Id><IBAN>{IBANS[ccy]}</IBAN></Id><Ccy>{ccy}</Ccy></Acct>",
                      (f'<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="{ccy}">10000.00</Amt>'
                       "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-01</Dt></Dt></Bal>")]  # fmt: skip
            for cr in mine:
                cr.file, cr.line = "statement.camt053.xml", len(lines) + 1
                ind = "CRDT" if cr.amount > 0 else "DBIT"
                party = "Dbtr" if cr.amount > 0 else "Cdtr"
                ntry = [f'<Ntry><Amt Ccy="{ccy}">{abs(cr.amount):.2f}</Amt><CdtDbtInd>{ind}</CdtDbtInd>',
                        f"<Sts>BOOK</Sts><BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt>",
                        f"<AcctSvcrRef>{ccy}{cr.day:%m%d}{len(lines):06d}</AcctSvcrRef>",
                        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>",
                        "<NtryDtls><TxDtls>",
                        f"<Refs><EndToEndId>{x(cr.ref[:35]) or 'NOTPROVIDED'}</EndToEndId></Refs>"]  # fmt: skip
                if cr.payer:
                    iban = f"GB{r.randint(10, 99)}LOYD{r.randint(10**13, 10**14 - 1)}"
                    ntry.append(f"<RltdPties><{party}><Nm>{x(cr.payer)}</Nm></{party}><{party}Acct><Id><IBAN>{iban}"
                                f"</IBAN></Id></{party}Acct></RltdPties>")  # fmt: skip
                if cr.ref:
                    ntry.append(f"<RmtInf><Ustrd>{x(cr.ref)}</Ustrd></RmtInf>")
                ntry.append("</TxDtls></NtryDtls>")
                if not cr.payer and not cr.ref:
                    ntry.append("<AddtlNtryInf>CASH DEPOSIT BRANCH 0412</AddtlNtryInf>")
                ntry.append("</Ntry>")
                cr.text = "".join(ntry)
                lines += ntry
            lines.append("</Stmt>")
        lines += ["</BkToCstmrStmt>", "</Document>"]
        (out / "statement.camt053.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return "statement.camt053.xml"

    def write(self, out: Path) -> tuple[str, list[str]]:
        getattr(self, "write_" + self.style.replace("-", "_").replace("xlsx_", ""))(out)
        bank = self.write_bank(out)
        extra = ["--currency", self.home] if self.qbo else []
        if self.fx_needed():
            rates = ", ".join(
                f'{{base: {c}, quote: {self.home}, rate: "{RATES[c]}", date: "2026-03-31"}}'
                for c in self.L["fx"]
                if c in RATES
            )
            (out / "arsync.yaml").write_text(f"matching:\n  fx_rates: [{rates}]\n", encoding="utf-8")
        else:
            (out / "arsync.yaml").write_text("matching: {}\n", encoding="utf-8")
        return bank, extra

    def fx_needed(self) -> bool:
        return any(c.ccy != self.home for c in self.custs)


def check_aging(world: World, out: Path, extra: list[str]) -> tuple[list[str], str]:
    cmd = [str(ARSYNC), "--config", "arsync.yaml", "aging", "--as-of", AS_OF.isoformat(), "--ledger", world.ledger,
           "--json", *extra]  # fmt: skip
    code, doc, err = run(cmd, out)
    if doc is None:
        return [], f"exit {code}: {err.strip()}"
    got: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    custs: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "invoices" in x and "customer" in x:
                for i in x["invoices"]:
                    got[i["number"]].append((x["customer"], x.get("currency", ""), i))
                for k in ("unapplied_cash", "unallocated_credit"):
                    custs[x["customer"]][k] += Decimal(x.get(k) or 0)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc)
    problems = []
    for d in world.docs:
        if not d.is_open_invoice:
            continue
        want = (d.cust.name, d.due, d.cust.ccy, d.due_date.isoformat())
        found = got.pop(d.number, [])
        row = world.rows.get(d.number, "(row not located)")
        if not found:
            problems.append(f"MISSING {d.number} {want}\n      {row}")
            continue
        cust, ccy, i = found[0]
        have = (cust, Decimal(i["open"]), ccy, i.get("due_date"))
        if have != want or len(found) > 1:
            problems.append(
                f"MISREAD {d.number}: read {have} want {want}{' (twice)' if len(found) > 1 else ''}\n      {row}"
            )
    for num, found in got.items():
        d0 = next((d for d in world.docs if d.number == num), None)
        what = f"a {d0.kind} {d0.status}" if d0 else "no document"
        row = world.rows.get(num, "")
        read = f"({found[0][0]}, {found[0][2].get('open')})"
        problems.append(f"EXTRA {num!r} read as an open invoice {read} but is {what}\n      {row}")
    for c in world.custs:
        want_cr = sum((d.due for d in c.docs if d.kind == "credit"), Decimal(0))
        want_pay = sum((d.due for d in c.docs if d.kind == "payment"), Decimal(0))
        have = custs.get(c.name, {})
        have_cr, have_pay = have.get("unallocated_credit", Decimal(0)), have.get("unapplied_cash", Decimal(0))
        if (have_cr, have_pay) != (want_cr, want_pay):
            problems.append(
                f"CREDITS {c.name!r}: read credit {have_cr} / unapplied {have_pay}, want {want_cr} / {want_pay}"
            )
    names = {c.name for c in world.custs}
    for name in custs:
        if name not in names:
            problems.append(f"CUSTOMER {name!r} read, not in the export as a customer")
    return problems, ""


def judge(message: str, ledger: str) -> str:
    """Does a refusal name the file, the line, and what to do?"""
    line = re.search(re.escape(ledger) + r":(\d+)", message)
    todo = re.search(r"\b(add|rename|pass|export|save|delete|use|write)\b", re.split(r"[;)]\s", message)[-1])
    parts = [f"names the file: {'yes' if ledger in message else 'NO'}", f"the line: {line.group(1) if line else 'NO'}"]
    return ", ".join([*parts, f"what to do: {todo.group(0) + ' ...' if todo else 'NO'}"])


def score(world: World, doc: dict[str, Any], show: str) -> tuple[Table, dict[str, Counter[str]]]:
    """The per-kind table and, per kind, the outcomes of payable credits left to a person."""
    got = matches_by(doc, file_line)
    mine = {(cr.file, cr.line) for cr in world.credits if cr.amount > 0}
    if set(got) - mine and len(got) == len(mine):  # the tool counts lines otherwise: pair them in order
        print("note: bank lines numbered differently by arsync; paired in file order")
        got = dict(zip(sorted(mine, key=lambda k: k[1]), (got[k] for k in sorted(got, key=lambda k: k[1]))))
    left: dict[str, Counter[str]] = defaultdict(Counter)

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        if v.payable and v.decision != "auto":
            left[cr.kind][v.outcome] += 1

    def header(key: tuple[str, int], cr: Credit) -> str:
        return (f"{cr.file}:{cr.line} {cr.ccy} {cr.amount} payer={cr.payer!r} ref={cr.ref!r} note={cr.note!r}\n"
                f"    line: {cr.text[:400]}")  # fmt: skip

    def truth_rows(cr: Credit, picked: tuple[str, ...]) -> None:
        for n in [x for s in cr.truth or [] for x in s]:
            print(f"    ledger row: {world.rows.get(n, '?')[:300]}")

    def chosen_rows(m: Match) -> None:
        for n in m.get("invoices", []):
            print(f"      chosen row: {world.rows.get(n['number'], '?')[:300]}")

    credits = [((cr.file, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.file, x.line))]
    table = score_credits(credits, got, show, header, review=NEVER_AUTO, nobody="none (no open invoice paid)",
                          judged=judged, ledger=truth_rows, credit_notes=True, detail=chosen_rows)  # fmt: skip
    return table, left


def report(table: Table, left_by_kind: dict[str, Counter[str]]) -> None:
    tot = kind_table(table)
    print(f"suggestions right {tot['suggest ok']}, wrong {tot['suggest wrong']}; unmatched {tot['unmatched']} "
          f"(non-customer {table['noncustomer']['unmatched']}); debits matched "
          f"{table['debit']['matched']}")  # fmt: skip
    left = Counter({(k, o): n for k in table for o, n in left_by_kind[k].items() if n})
    clerk = sum(n for (k, _), n in left.items() if k in CLERK)
    print(
        f"payable credits left to a person: {sum(left.values())} ({clerk} of clerk kinds); largest groups: "
        + ", ".join(f"{k} {o} {n}" for (k, o), n in left.most_common(6))
    )


def main() -> int:
    args = arguments(__doc__, STYLES)
    world = World(args.style, args.seed).build()
    with workdir(args.keep, "bench_ledger_") as out:
        bank, extra = world.write(out)
        n_open = sum(d.is_open_invoice for d in world.docs)
        n_in = sum(c.amount > 0 for c in world.credits)
        print(f"style {args.style} seed {args.seed} ({world.loc}, {world.home}): {len(world.custs)} customers, "
              f"{n_open} open invoices + {len(world.docs) - n_open} other documents in {world.ledger}; "
              f"{n_in} credits in {bank}; files in {out}")  # fmt: skip
        problems, refusal = check_aging(world, out, extra)
        if refusal:
            print(f"\nAGING REFUSED the ledger file ({refusal})")
            print("  the message " + judge(refusal, world.ledger))
            fixes = [("missing required column(s) issue_date", "header", "renamed 'Inv. date' to 'Invoice date'"),
                     ("CA$", "cad", "wrote the CA$ amounts without the symbol")]  # fmt: skip
            for needle, fix, what in fixes if args.style == "xlsx-messy" else []:
                if refusal and needle in refusal:  # do what the message asks, and read the file again
                    world.fixes.add(fix)
                    world.rows = {}
                    world.write_messy(out)
                    problems, refusal = check_aging(world, out, extra)
                    result = "refused: " + refusal if refusal else "read"
                    print(f"  {what} as the message asks, in {world.ledger!r}: {result}")
                    if refusal:
                        print("  the message " + judge(refusal, world.ledger))
        print(f"\naging: {len(problems)} disagreements")
        for p in problems:
            print("  " + p)
        print()
        doc = match(out, "--bank", bank, "--ledger", world.ledger, *extra)
        if doc is not None:
            report(*score(world, doc, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
