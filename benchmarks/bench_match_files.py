"""Cash application end to end: real bank and ledger files, the real CLI, answers known in advance.

    .venv/bin/python benchmarks/bench_match_files.py --style camt-xero --seed 1
    .venv/bin/python benchmarks/bench_match_files.py --style bai2-qbo --seed 2 --keep /tmp/b2 --show missed

camt-xero: a camt.053 statement (.02 for odd seeds, .08 for even; GBP and EUR accounts) and Xero's invoice
export. bai2-qbo: a BAI2 prior-day file (USD, a group per day) and QuickBooks Online's Open Invoices report.
~250 customers, ~900 open invoices, ~400 credits with known answers; `arsync match --json` runs in a subprocess
with a fresh state store (`bank parse` and `aging` check the files were read as written; nothing is imported).
Kinds: exact_ref, po_ref, name_only (upper case, legal form changed or dropped, abbreviated, cut at 16/35),
multi_ref, multi_noref, one_cited (two paid, one cited), partial, partial_collides (equal to another invoice),
short_fee, discount, overpay, same_amount (another customer owes it), typo_ref, third_party, twins (named alike
but for the legal form or a word), sister_pays (a twin pays the other's), oldest_first (a retainer month),
duplicate (paid twice: the second stays unapplied), batch (camt TxDtls), ctx (BAI2 RMR) and non_customer
(interest, tax refunds, transfers, card settlements). Payable credits are ones an AR clerk would apply unasked.
`--show KIND`, a verdict (`sug_wrong`) or `missed` prints lines with the reasons. It always exits 0.
"""

from __future__ import annotations

import argparse
import collections
import csv
import dataclasses
import datetime as dt
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

TODAY = dt.date(2026, 11, 20)
CENT = Decimal("0.01")
ARSYNC = Path(sys.executable).with_name("arsync")
FIRST = (
    "Aldgate Bramble Calder Dunmore Elmstead Fairhaven Greystone Halcyon Ironbridge Juniper Kestrel Lowther Marlow "
    "Northgate Oakridge Pennant Quarrybank Redwater Saltmarsh Thornbury Upland Vantage Westbrook Yarrow Zephyr "
    "Ashcombe Blackthorn Coldharbour Driftwood Eastleigh Foxglove Goldcrest Hawthorne Inglewood Kingfisher Larkhill "
    "Merrow Nettlebed Pinecrest Silverline Tidewater Brightwater"
).split()
TRADES = (
    "Logistics|Dental Practice|Joinery|Print Works|Facilities Management|Precision Engineering|Agricultural "
    "Machinery Supplies|Catering|Architects|Veterinary Clinic|Office Interiors|Electrical Contractors|Coffee "
    "Roasters|Marine Services|Software|Packaging|Medical Supplies|Landscaping|Builders Merchants|Freight "
    "Forwarding|Laboratory Services|Textiles|Brewing Company|Signs & Graphics|Pharmacy|Recruitment|Scaffolding|"
    "Plumbing & Heating|International Distribution|Manufacturing Technologies"
).split("|")
PLANS = [Decimal(p).quantize(CENT) for p in "95 180 250 375 450 600 750 950 1250 1800 2400 3600".split()]
STYLES: dict[str, dict[str, Any]] = {
    "camt-xero": {
        "forms": {"Ltd": ["LIMITED", "LTD."], "Limited": ["LTD"], "GmbH": ["GMBH", "Gesellschaft mbH"],
                  "B.V.": ["BV"], "S.A.": ["SA"], "SAS": ["S.A.S."], "AG": ["Aktiengesellschaft"],
                  "PLC": ["Public Limited Company", "P.L.C."], "SARL": ["S.A.R.L."], "LLP": ["L.L.P."]},
        "third": ["CLOSE BROTHERS INVOICE FINANCE", "PEMBROKE HOLDINGS PLC", "MR J A THORNTON", "ADVANTAGE PAYROLL"],
        "other": ("BARCLAYS BANK PLC|CREDIT INTEREST OCT 2026;HM REVENUE & CUSTOMS|VAT REPAYMENT 298451177 PERIOD "
                  "09/26;LARKSPUR TRADING LTD|TRANSFER FROM DEPOSIT ACCOUNT 40-12-76;WORLDPAY (UK) LIMITED|MERCHANT "
                  "SETTLEMENT 18NOV26 MID 4471102;AVIVA INSURANCE LIMITED|CLAIM 55012938 SETTLEMENT;ADYEN N.V.|"
                  "Payout batch 2026-11 nr 48").split(";"),
    },
    "bai2-qbo": {
        "forms": {"Inc.": ["INC", "INCORPORATED"], "LLC": ["L.L.C.", "LIMITED LIABILITY CO"], "Corp.":
                  ["CORPORATION", "CORP"], "Co.": ["COMPANY"], "Ltd.": ["LTD"], "LP": ["L.P."], "PLLC": ["P.L.L.C."]},
        "third": ["BILL.COM", "PEMBROKE HOLDINGS LLC", "JOHN A THORNTON", "MELIO PAYMENTS"],
        "other": ("354|INTEREST CREDIT;IRS TREAS 310|TAX REF;275|ZBA CREDIT TRANSFER FROM ACCT 000004417720;"
                  "MERCHANT BNKCD|DEPOSIT;AMEX EPAYMENT|SETTLEMENT;301|BRANCH DEPOSIT 0142;CA FTB|TAX REFUND;"
                  "206|BOOK TRANSFER CREDIT FROM COPPERLINE SUPPLY SAVINGS").split(";"),
    },
}  # fmt: skip
ABBR = {"INTERNATIONAL": "INTL", "MANUFACTURING": "MFG", "SERVICES": "SVCS", "COMPANY": "CO", "TECHNOLOGIES": "TECH",
        "DISTRIBUTION": "DIST", "LABORATORY": "LAB", "ENGINEERING": "ENGRG", "MANAGEMENT": "MGMT", "SUPPLIES": "SUPPL",
        "MEDICAL": "MED", "CONTRACTORS": "CONTR", "MACHINERY": "MACH", "PRACTICE": "PRAC"}  # fmt: skip
UNABBR = {v: k for k, v in ABBR.items()}
COUNTS = {"exact_ref": 70, "po_ref": 10, "name_only": 45, "multi_ref": 28, "multi_noref": 20, "one_cited": 10,
          "partial": 20, "partial_collides": 8, "short_fee": 25, "discount": 14, "overpay": 15, "same_amount": 20,
          "typo_ref": 20, "third_party": 20, "twins": 24, "sister_pays": 8, "oldest_first": 8, "duplicate": 8,
          "non_customer": 44, "bundle": 7}  # fmt: skip
POOL_TESTS = {
    "full": lambda i: i.due == i.total,  # nothing paid yet
    "big": lambda i: i.due >= 1000,  # 25 of charges stay within 2.5%
    "recent": lambda i: i.issued >= TODAY - dt.timedelta(12),  # the prompt-payment discount still applies
    "old": lambda i: i.issued < TODAY - dt.timedelta(9),
}
BY_NAME = ("name_only", "short_fee", "same_amount", "twins", "sister_pays")  # need a customer clerks can tell


@dataclasses.dataclass
class Customer:
    base: str
    form: str
    currency: str
    name: str
    account: str = ""
    twin: Customer | None = None
    plan: Decimal | None = None


@dataclasses.dataclass
class Invoice:
    number: str
    cust: Customer
    issued: dt.date
    po: str
    lines: list[tuple[str, Decimal, Decimal]] = dataclasses.field(default_factory=list)  # item, net, tax
    due: Decimal = Decimal(0)
    used: bool = False

    @property
    def total(self) -> Decimal:
        return sum((net + tax for _, net, tax in self.lines), Decimal(0))


@dataclasses.dataclass
class Credit:
    kind: str
    amount: Decimal
    currency: str
    payer: str
    text: str
    truth: frozenset[str]
    account: str = ""
    docs: list[tuple[str, Decimal, Decimal]] = dataclasses.field(default_factory=list)  # number, paid, discount
    instructed: Decimal | None = None
    channel: str = "wire"  # bai2: ach / wire / ctx, or the type code of a credit the bank makes
    ultimate: str = ""
    address: str = ""
    items: list[Credit] = dataclasses.field(default_factory=list)
    earliest: dt.date = TODAY - dt.timedelta(days=30)
    latest: dt.date = TODAY
    follows: Credit | None = None  # the payment this one repeats
    booked: dt.date = TODAY
    line: int = 0


def norm(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper().replace("&", "AND"))


def iban(rng: random.Random, country: str) -> str:
    bban = {"GB": "NWBK", "NL": "RABO"}.get(country, "")
    bban += "".join(rng.choice("0123456789") for _ in range({"GB": 14, "NL": 10, "DE": 18, "FR": 23}[country]))
    return f"{country}{98 - int(''.join(str(int(c, 36)) for c in bban + country + '00')) % 97:02d}{bban}"


class Generator:
    """Customers, open invoices and credits with their answers, all drawn from one seeded Random."""

    def __init__(self, style: str, seed: int) -> None:
        self.cfg, self.rng, self.camt = STYLES[style], random.Random(f"{style}:{seed}"), style == "camt-xero"
        self.customers: list[Customer] = []
        self.invoices: list[Invoice] = []
        self.credits: list[Credit] = []
        self.of: dict[str, list[Invoice]] = collections.defaultdict(list)  # a customer's invoices

    def build_ledger(self) -> None:
        rng, forms = self.rng, list(self.cfg["forms"])

        def name(base: str, form: str) -> str:  # QuickBooks display names often keep the comma
            comma = not self.camt and form in ("Inc.", "LLC") and rng.random() < 0.5
            return f"{base}{',' if comma else ''} {form}"

        for i, base in enumerate(rng.sample([f"{f} {t}" for f in FIRST for t in TRADES], 230)):
            form, ccy = rng.choice(forms), rng.choice(("GBP", "GBP", "EUR")) if self.camt else "USD"
            self.customers.append(cust := Customer(base, form, ccy, name(base, form)))
            if i < 20:  # twins: the same words and another legal form (12), or one more word (8)
                tbase = base if i < 12 else f"{base} {rng.choice(('Group', 'Services', 'Wholesale', 'Europe'))}"
                tform = rng.choice([f for f in forms if f != form and {f, form} != {"Ltd", "Limited"}])
                self.customers.append(twin := Customer(tbase, tform if i < 12 else form, ccy, "", twin=cust))
                twin.name, cust.twin = name(twin.base, twin.form), twin
        drafts = []
        for cust in self.customers:
            cust.account = iban(rng, "GB" if cust.currency == "GBP" else rng.choice(("NL", "DE", "FR")))
            if rng.random() < 0.25:  # a retainer: the same amount on the first of every month
                cust.plan = rng.choice(PLANS)
                drafts += [(dt.date(2026, 12 - m, 1), cust) for m in range(1, rng.randint(3, 6))]
            else:
                ages = (3, 8, 15, 25, 40, 60, 90, 150)
                drafts += [(TODAY - dt.timedelta(rng.choice(ages) + rng.randint(0, 12)), cust)
                           for _ in range(rng.choice((2, 2, 3, 3, 4, 4, 5, 6, 8)))]  # fmt: skip
        first = rng.randint(20, 300) if self.camt else rng.randint(1000, 4000)
        for n, (issued, cust) in enumerate(sorted(drafts, key=lambda d: d[0])[-900:]):
            inv = Invoice(f"INV-{first + n:04d}" if self.camt else str(first + n), cust, issued, "")
            inv.po = f"PO-{rng.randint(40000, 49999)}" if rng.random() < 0.6 else ""
            if cust.plan:
                nets = [cust.plan]
            elif rng.random() < 0.3:  # a price list item or two
                nets = rng.sample(PLANS, rng.randint(1, 2))
            else:
                nets = [(Decimal(rng.randint(4_000, 900_000)) / 100).quantize(CENT) for _ in range(rng.randint(1, 3))]
            rate = Decimal("0.2") if cust.currency == "GBP" else Decimal(0)
            items = ("Monthly retainer",) if cust.plan else ("Consulting", "Parts", "Freight", "Licence")
            inv.lines = [(rng.choice(items), net, (net * rate).quantize(CENT, ROUND_HALF_UP)) for net in nets]
            inv.due = inv.total
            if rng.random() < 0.06:  # already part-paid: the open balance is below the total
                inv.due = (inv.total * Decimal(rng.choice(("0.5", "0.4", "0.25")))).quantize(CENT)
            self.invoices.append(inv)
            self.of[cust.name].append(inv)

    def pool(self, cust: Customer | None = None, **cond: bool) -> list[Invoice]:
        """Open invoices nobody pays yet; of one customer, only those a clerk can tell apart by amount."""
        out = [i for i in (self.invoices if cust is None else self.of[cust.name]) if not i.used]
        out = [i for i in out if all(POOL_TESTS[k](i) for k, on in cond.items() if on)]
        if cust is not None:
            dues = collections.Counter(i.due for i in self.of[cust.name])
            out = [i for i in out if dues[i.due] == 1]
        return out

    def take(self, n: int = 1, cust: Customer | None = None, **cond: bool) -> list[Invoice]:
        if cust is None and n > 1:
            cust = self.rng.choice([c for c in self.customers if len(self.pool(c, **cond)) >= n])
        chosen = self.rng.sample(self.pool(cust, **cond), n)
        for inv in chosen:
            inv.used = True
        return chosen

    def clone(self, inv: Invoice, other: Customer) -> None:
        """Bill `other` once the amount of `inv` (the same plan sold to both)."""
        pool = [i for i in self.of[other.name] if not i.used and i.due == i.total]
        if pool and all(i.due != inv.due for i in self.of[other.name]):
            copy = self.rng.choice(pool)
            copy.lines, copy.due = list(inv.lines), inv.due

    def cite(self, number: str) -> str:
        r, d = self.rng, number[4:] if self.camt else number
        forms = ([number, f"INV{d}", f"Inv {d}", f"Invoice {int(d)}", f"inv.no. {number}", f"Rechnung {number}",
                  f"Facture n° {d}", f"INV/{d}", number.lower(), f"YOUR INVOICE {number}", f"Inv.-Nr. {d}"]
                 if self.camt else [f"INV {d}", f"INV#{d}", f"INVOICE {d}", f"#{d}", d, f"IN{d}", f"BILL {d}",
                                    f"INV-{d}", f"INV NO {d}", f"PMT INV {d}"])  # fmt: skip
        text = r.choice(forms)
        if r.random() < 0.25:  # the payer's own payment advice number or date around it
            text = r.choice((f"ADV {r.randint(2000000000, 2099999999)} {text}", f"{text} DD {TODAY:%d.%m.%Y}",
                             f"{text} PAYMENT DOC 15{r.randint(100000, 999999)}"))  # fmt: skip
        return text

    def cite_many(self, numbers: list[str]) -> str:
        short = [n[4:] for n in numbers] if self.camt else numbers
        return self.rng.choice([", ".join(numbers), " ".join(numbers), "INV " + "/".join(short), " ".join(f"#{d}" for d
                                in short), "Invoices " + " + ".join(str(int(d)) for d in short)])  # fmt: skip

    def bank_name(self, cust: Customer, clear: bool) -> str:
        """The payer as the bank writes it; `clear` keeps the legal form (what tells a twin apart)."""
        r, name = self.rng, cust.name
        mode = r.choice(("asis", "upper")) if clear else r.choice(("asis", "upper", "form", "drop", "abbr"))
        if mode == "form":
            name = f"{cust.base} {r.choice(self.cfg['forms'][cust.form])}"
        elif mode in ("drop", "abbr"):
            name = cust.base
        if mode != "asis" or not self.camt:
            name = name.upper().replace(",", "")
            name = name.replace(" & ", " AND ") if r.random() < 0.5 else name
        if mode == "abbr" or (not self.camt and r.random() < 0.5):
            name = " ".join(ABBR.get(w, w) for w in name.split())
        return name

    def recognisable(self, cust: Customer, payer: str) -> bool:
        """True when a clerk reading `payer` would think of `cust` and of no other customer."""
        p = norm(" ".join(UNABBR.get(w, w) for w in payer.upper().split()))
        cands = [c for c in self.customers if p.startswith(norm(c.base)) or norm(c.base).startswith(p)]
        own = any(p.endswith(norm(f)) for f in (cust.form, *self.cfg["forms"][cust.form]))
        return cust in cands and all(c is cust or (own and c.base == cust.base) for c in cands)

    def payer_for(self, cust: Customer, clear: bool = False) -> tuple[str, str]:
        """(payer, channel): ACH company names are cut at 16 characters, wire and SEPA names at 35."""
        channel = "wire" if self.camt or self.rng.random() < 0.35 else "ach"
        for _ in range(8):
            payer = self.bank_name(cust, clear)[: 16 if channel == "ach" else 35].rstrip()
            if self.recognisable(cust, payer):
                return payer, channel
        return cust.name.upper().replace(",", ""), "wire"  # the whole name, as a wire's originator field has it

    def credit(self, kind: str, invs: list[Invoice], amount: Decimal, text: str, **kw: Any) -> Credit:
        r, cust = self.rng, invs[0].cust
        payer, channel = self.payer_for(cust, clear=kind == "twins")
        c = Credit(kind, amount, cust.currency, payer, text, frozenset(i.number for i in invs), cust.account,
                   channel=channel, earliest=max(i.issued for i in invs) + dt.timedelta(1))  # fmt: skip
        for key, value in kw.items():
            setattr(c, key, value)
        if c.channel == "wire" and r.random() < 0.6:  # the originator's address; its number may be an invoice's
            number = r.choice(self.invoices).number[-4:].lstrip("0") if r.random() < 0.3 else str(r.randint(1, 9999))
            street = r.choice(("MAIN ST CHICAGO IL 60607", "COMMERCE DR AUSTIN TX 78701", "HARBOR BLVD RENO NV"))
            c.address = f"Unit {number} Riverside Park, Leeds LS10 1AB" if self.camt else f"{number} {street}"
        self.credits.append(c)
        return c

    def build_credits(self) -> None:
        for kind, count in COUNTS.items():
            for _ in range(count):
                getattr(self, f"k_{kind}", self.single)(kind)
        self.rng.shuffle(self.credits)
        days = [TODAY - dt.timedelta(d) for d in range(19) if (TODAY - dt.timedelta(d)).weekday() < 5]
        for c in sorted(self.credits, key=lambda c: c.follows is not None):
            earliest = max(c.earliest, c.follows.booked + dt.timedelta(1)) if c.follows else c.earliest
            late = [d for d in days if earliest <= d <= c.latest] or [TODAY]
            c.booked = self.rng.choice(late if c.kind != "discount" else late[-3:])  # a discount is paid promptly

    def single(self, kind: str) -> None:
        """One invoice paid; the kind says how the payer wrote it and what it paid."""
        r = self.rng
        kind = "exact_ref" if kind == "po_ref" and not self.camt else kind  # QuickBooks' report has no PO numbers
        pick = {"full": kind in ("partial", "discount", "same_amount"), "recent": kind == "discount"}
        pick["big"] = kind == "short_fee"
        noref = kind in ("name_only", "same_amount", "twins") and r.random() < (1 if kind == "name_only" else 0.5)
        noref = noref or (kind == "short_fee" and r.random() < 0.3)
        cands = [c for c in self.customers if self.pool(c, **pick) and (c.twin or kind not in ("twins", "sister_pays"))]
        (inv,) = self.take(cust=r.choice(cands) if kind in BY_NAME else None, **pick)
        amount, text, kw = inv.due, self.cite(inv.number), dict[str, Any]()
        if noref:
            text = r.choice(("PAYMENT", "", "SUPPLIER PAYMENT", "Zahlung", "BACS", "PAYMENT THANK YOU"))
        if kind == "po_ref":
            inv.po = inv.po or f"PO-{r.randint(50000, 59999)}"
            text = r.choice((inv.po, f"YOUR ORDER {inv.po[3:]}", f"P/O {inv.po[3:]}"))
        elif kind == "partial":
            amount = (inv.due * Decimal(r.choice(("0.5", "0.3", "0.25")))).quantize(CENT)
            text += " " + r.choice(("part payment", "1st instalment", "on account", "PARTIAL PMT"))
        elif kind == "short_fee":
            amount -= Decimal(r.randint(10, 25))
            kw["instructed"] = inv.due if r.random() < 0.5 else None
        elif kind == "discount":
            disc = (inv.due * Decimal("0.02")).quantize(CENT)
            amount, text, kw["docs"] = (
                inv.due - disc,
                f"{text} less 2% early settlement",
                [(inv.number, amount - disc, disc)],
            )
        elif kind == "overpay":
            amount = inv.total if inv.total != inv.due else inv.due + Decimal(r.choice((50, 100, 10, 1)))
        elif kind == "typo_ref":
            digits, i = list(inv.number[-4:]), r.randint(0, 2)
            if digits[i] != digits[i + 1] and r.random() < 0.5:
                digits[i], digits[i + 1] = digits[i + 1], digits[i]
            else:
                digits[i + 1] = str((int(digits[i + 1]) + r.randint(1, 8)) % 10)
            text = self.cite(inv.number[:-4] + "".join(digits))
        elif kind == "same_amount":
            self.clone(inv, r.choice([c for c in self.customers if c.currency == inv.cust.currency and not c.twin]))
        elif kind == "twins" and r.random() < 0.4 and inv.cust.twin:
            self.clone(inv, inv.cust.twin)  # the twin owes the same amount
        elif kind == "sister_pays" and inv.cust.twin:
            kw["payer"], kw["channel"] = self.payer_for(inv.cust.twin, clear=True)
            kw["account"] = inv.cust.twin.account
        elif kind == "third_party":
            kw["payer"], kw["account"], kw["channel"] = r.choice(self.cfg["third"]), iban(r, "GB"), "wire"
            text = f"{text} {r.choice(('on behalf of', 'for', 're'))} {inv.cust.base}"
            if self.camt and r.random() < 0.4:  # SEPA names the customer paid for as the ultimate debtor
                kw["ultimate"], text = inv.cust.name, self.cite(inv.number)
        elif kind == "exact_ref" and self.camt and r.random() < 0.3:
            kw["docs"] = [(inv.number, inv.due, Decimal(0))]
        near = [i for i in self.of[inv.cust.name] if i is not inv and abs(i.due - amount) <= 25]
        if near and (noref or amount != inv.due):
            return self.single(kind)  # another invoice of the customer fits as well: a clerk would ask
        self.credit(kind, [inv], amount, text, **kw)
        return None

    def k_multi_ref(self, kind: str) -> None:
        invs = self.take(self.rng.randint(2, 4))
        docs = [(i.number, i.due, Decimal(0)) for i in invs] if self.camt and self.rng.random() < 0.4 else []
        self.credit(
            kind, invs, sum((i.due for i in invs), Decimal(0)), self.cite_many([i.number for i in invs]), docs=docs
        )

    def k_multi_noref(self, kind: str) -> None:
        invs = self.take(2)
        rest, total = [i.due for i in self.of[invs[0].cust.name] if i not in invs], invs[0].due + invs[1].due
        if total in rest or any(a + b == total for a in rest for b in rest):  # a clerk could not tell: try again
            invs[0].used = invs[1].used = False
            return self.k_multi_noref(kind)
        text = self.cite(invs[0].number) if kind == "one_cited" else self.rng.choice(("REMITTANCE", "PAYMENT RUN 47"))
        self.credit(kind, invs, total, text)
        return None

    k_one_cited = k_multi_noref  # two invoices paid, one of them cited

    def k_partial_collides(self, kind: str) -> None:
        a, b = sorted(self.take(2, full=True), key=lambda i: -i.due)
        self.credit(kind, [a], b.due, f"{self.cite(a.number)} {self.rng.choice(('part payment', 'on account'))}")

    def k_oldest_first(self, kind: str) -> None:
        invs = [self.of[c.name] for c in self.customers if c.plan and len(self.of[c.name]) >= 2]
        invs = [i for i in invs if len({x.due for x in i}) == 1 and not any(x.used for x in i)]
        if not invs:
            return
        cust = self.rng.choice(invs)[0].cust
        for inv in self.of[cust.name]:
            inv.used = True
        oldest = min(self.of[cust.name], key=lambda i: i.issued)
        self.credit(kind, [oldest], oldest.due, self.rng.choice(("MONTHLY FEE", "RETAINER", "")))

    def k_duplicate(self, kind: str) -> None:
        (inv,) = self.take(old=True)
        first = self.credit("exact_ref", [inv], inv.due, self.cite(inv.number), latest=TODAY - dt.timedelta(5))
        self.credits.append(dataclasses.replace(first, kind=kind, truth=frozenset(), follows=first))

    def k_non_customer(self, kind: str) -> None:
        r = self.rng
        who, text = r.choice(self.cfg["other"]).split("|")
        ccy = ("EUR" if who.startswith("ADYEN") else "GBP") if self.camt else "USD"
        amount = (Decimal(r.randint(100, 900_000)) / 100).quantize(CENT)
        if r.random() < 0.25:  # by coincidence the amount of some open invoice
            amount = r.choice([i.due for i in self.invoices if not i.used and i.cust.currency == ccy])
        payer, channel = ("", who) if who.isdigit() else (who, "ach")
        self.credits.append(Credit(kind, amount, ccy, payer, text, frozenset(), iban(r, "GB"), channel=channel))

    def k_bundle(self, kind: str) -> None:
        """camt: a batch entry of 2-4 transfers from different customers; BAI2: a CTX payment with RMR segments."""
        r = self.rng
        if not self.camt:
            invs = self.take(r.randint(2, 4))
            docs = [(i.number, i.due, Decimal(0)) for i in invs]
            if r.random() < 0.4:
                disc = (invs[0].due * Decimal("0.01")).quantize(CENT)
                docs[0] = (invs[0].number, invs[0].due - disc, disc)
            self.credit("ctx", invs, sum((d[1] for d in docs), Decimal(0)), "", docs=docs, channel="ctx")
            return
        ccy, items = r.choice(("GBP", "EUR")), []
        for _ in range(r.randint(2, 4)):
            (inv,) = self.take(cust=r.choice([c for c in self.customers if c.currency == ccy and self.pool(c)]))
            payer, _ = self.payer_for(inv.cust)
            items.append(Credit("batch", inv.due, ccy, payer, self.cite(inv.number), frozenset({inv.number}),
                                inv.cust.account, earliest=inv.issued + dt.timedelta(1)))  # fmt: skip
        total, earliest = sum((i.amount for i in items), Decimal(0)), max(i.earliest for i in items)
        self.credits.append(Credit("batch", total, ccy, "", "", frozenset(), items=items, earliest=earliest))


XERO_COLS = (
    "ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
    "POPostalCode,POCountry,SAAddressLine1,SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,SARegion,"
    "SAPostalCode,SACountry,InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,"
    "InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,"
    "AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,Type,Sent,"
    "Status"
).split(",")


def write_xero(path: Path, invoices: list[Invoice]) -> None:
    """Xero's invoice export: one row per line item, day-first dates, the invoice fields repeated."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, XERO_COLS)
        w.writeheader()
        for k, inv in enumerate(sorted(invoices, key=lambda i: i.number)):
            email = f"accounts@{norm(inv.cust.base).lower()[:14]}.example"
            head = {"ContactName": inv.cust.name, "EmailAddress": email,
                    "POCountry": "United Kingdom" if inv.cust.currency == "GBP" else "Netherlands",
                    "InvoiceNumber": inv.number, "Reference": inv.po, "InvoiceDate": f"{inv.issued:%d/%m/%Y}",
                    "DueDate": f"{inv.issued + dt.timedelta(30):%d/%m/%Y}", "Total": inv.total,
                    "TaxTotal": sum((t for _, _, t in inv.lines), Decimal(0)),
                    "InvoiceAmountPaid": inv.total - inv.due, "InvoiceAmountDue": inv.due, "Type": "Sales invoice",
                    "Currency": inv.cust.currency, "Sent": "Sent" if k % 4 else "",
                    "Status": "AUTHORISED" if k % 2 else "Awaiting Payment"}  # fmt: skip
            for item, net, tax in inv.lines:
                w.writerow(head | {"Description": item, "Quantity": "1.0000", "UnitAmount": net, "LineAmount": net,
                                   "AccountCode": "200", "TaxAmount": tax,
                                   "TaxType": "20% (VAT on Income)" if tax else "Zero Rated EC Services"})  # fmt: skip


def write_qbo(path: Path, invoices: list[Invoice]) -> None:
    """QuickBooks Online's Open Invoices report: preamble, customer headings, subtotals, TOTAL, run date."""
    rows: list[list[str]] = [["Copperline Supply Inc"], ["Open Invoices"], [f"As of {TODAY:%B %d, %Y}"], []]
    rows.append(["", "Date", "Transaction type", "Num", "Term", "Due date", "Amount", "Open balance"])
    by_cust: dict[str, list[Invoice]] = collections.defaultdict(list)
    for inv in invoices:
        by_cust[inv.cust.name].append(inv)

    def totals(invs: list[Invoice]) -> list[str]:
        return [f"${sum((getattr(i, f) for i in invs), Decimal(0)):,.2f}" for f in ("total", "due")]

    for name in sorted(by_cust, key=str.lower):
        rows.append([name, "", "", "", "", "", "", ""])
        term = 30 if len(name) % 3 else 15
        for inv in sorted(by_cust[name], key=lambda i: (i.issued, i.number)):
            due = inv.issued + dt.timedelta(term)
            rows.append(["", f"{inv.issued:%m/%d/%Y}", "Invoice", inv.number, f"Net {term}", f"{due:%m/%d/%Y}",
                         f"{inv.total:,.2f}", f"{inv.due:,.2f}"])  # fmt: skip
        rows.append([f"Total for {name}", "", "", "", "", "", *totals(by_cust[name])])
    rows += [["TOTAL", "", "", "", "", "", *totals(invoices)], [], [], [f"{TODAY:%A, %B %d, %Y} 07:42 AM GMT-08:00"]]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def camt_tx(c: Credit, v8: bool, rng: random.Random) -> str:
    """One TxDtls: .02 has the amount in AmtDtls/TxAmt, .08 in TxDtls/Amt; .08 nests names in Pty."""
    amt = f'<Amt Ccy="{c.currency}">{c.amount}</Amt>'
    e2e = "NOTPROVIDED" if rng.random() < 0.7 else f"PAYRUN-{rng.randint(10000, 99999)}"
    out = f"<TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>" + (f"{amt}<CdtDbtInd>CRDT</CdtDbtInd>" if v8 else "")
    instd = f'<InstdAmt><Amt Ccy="{c.currency}">{c.instructed}</Amt></InstdAmt>' if c.instructed else ""
    out += f"<AmtDtls>{instd}<TxAmt>{amt}</TxAmt></AmtDtls>" if instd or not v8 else ""

    def party(tag: str, name: str, adr: str = "") -> str:
        nm = f"<Nm>{escape(name)}</Nm>" + (f"<PstlAdr><AdrLine>{adr}</AdrLine></PstlAdr>" if adr else "")
        return f"<{tag}>" + (f"<Pty>{nm}</Pty>" if v8 else nm) + f"</{tag}>"

    if c.payer:
        out += f"<RltdPties>{party('Dbtr', c.payer, c.address)}<DbtrAcct><Id><IBAN>{c.account}</IBAN></Id></DbtrAcct>"
        out += (party("UltmtDbtr", c.ultimate) if c.ultimate else "") + "</RltdPties>"
    strd = ""
    for number, paid, disc in c.docs:
        d = "" if not disc else f'<DuePyblAmt Ccy="{c.currency}">{paid + disc}</DuePyblAmt>' + (
            f'<DscntApldAmt><Amt Ccy="{c.currency}">{disc}</Amt></DscntApldAmt>' if v8
            else f'<DscntApldAmt Ccy="{c.currency}">{disc}</DscntApldAmt>')  # fmt: skip
        strd += (f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{number}</Nb></RfrdDocInf>"
                 f'<RfrdDocAmt>{d}<RmtdAmt Ccy="{c.currency}">{paid}</RmtdAmt></RfrdDocAmt></Strd>')  # fmt: skip
    if c.text or strd:
        out += "<RmtInf>" + (f"<Ustrd>{escape(c.text)}</Ustrd>" if c.text else "") + strd + "</RmtInf>"
    return out + "</TxDtls>"


def write_camt(path: Path, credits: list[Credit], seed: int, rng: random.Random) -> None:
    v8, start = seed % 2 == 0, TODAY - dt.timedelta(days=18)
    ns = f"urn:iso:std:iso:20022:tech:xsd:camt.053.001.{'08' if v8 else '02'}"
    head = f"<GrpHdr><MsgId>LARK{TODAY:%Y%m%d}{seed}</MsgId><CreDtTm>{TODAY}T06:10:00</CreDtTm></GrpHdr>"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<Document xmlns="{ns}">', "<BkToCstmrStmt>", head]
    for n, ccy in enumerate(("GBP", "EUR")):
        entries = sorted((c for c in credits if c.currency == ccy), key=lambda c: c.booked)
        opening = Decimal("48210.17") * (n + 1)
        lines.append(f"<Stmt><Id>STMT-{ccy}-{TODAY:%Y%m%d}</Id><ElctrncSeqNb>{310 + seed}</ElctrncSeqNb>"
                     f"<CreDtTm>{TODAY}T06:10:00</CreDtTm><FrToDt><FrDtTm>{start}T00:00:00</FrDtTm><ToDtTm>{TODAY}"
                     f"T23:59:59</ToDtTm></FrToDt><Acct><Id><IBAN>{iban(rng, 'GB')}</IBAN></Id><Ccy>{ccy}</Ccy>"
                     "<Ownr><Nm>Larkspur Trading Ltd</Nm></Ownr></Acct>")  # fmt: skip
        for code, bal, day in (("OPBD", opening, start), ("CLBD", opening + sum(c.amount for c in entries), TODAY)):
            lines.append(f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="{ccy}">{bal}</Amt>'
                         f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
        for k, c in enumerate(entries):
            c.line = len(lines) + 1
            lines.append(f'<Ntry><NtryRef>{k + 1}</NtryRef><Amt Ccy="{ccy}">{c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
                         f"{'<Sts><Cd>BOOK</Cd></Sts>' if v8 else '<Sts>BOOK</Sts>'}<BookgDt><Dt>{c.booked}</Dt>"
                         f"</BookgDt><ValDt><Dt>{c.booked}</Dt></ValDt><AcctSvcrRef>{ccy}{c.booked:%y%m%d}{k:05d}"
                         "</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>"
                         f"{'ESCT' if ccy == 'EUR' else 'DMCT'}</SubFmlyCd></Fmly></Domn></BkTxCd>")  # fmt: skip
            if c.items:
                lines.append(f'<NtryDtls><Btch><NbOfTxs>{len(c.items)}</NbOfTxs><TtlAmt Ccy="{ccy}">{c.amount}'
                             "</TtlAmt></Btch>")  # fmt: skip
                lines += [camt_tx(item, v8, rng) for item in c.items]
                lines.append(f"</NtryDtls><AddtlNtryInf>BULK CREDIT {len(c.items)} ITEMS</AddtlNtryInf></Ntry>")
            else:
                info = "SEPA CREDIT TRANSFER" if ccy == "EUR" else "FASTER PAYMENT"
                lines += ["<NtryDtls>", camt_tx(c, v8, rng), f"</NtryDtls><AddtlNtryInf>{info}</AddtlNtryInf></Ntry>"]
        lines.append("</Stmt>")
    path.write_text("\n".join([*lines, "</BkToCstmrStmt>", "</Document>"]) + "\n", encoding="utf-8")


def bai2_record(c: Credit, rng: random.Random) -> tuple[str, str, list[str]]:
    """(type code, 16-record text, 88 continuations) as US banks write ACH, Fedwire and CTX credits."""
    trace, d = f"0210000{rng.randint(10**7, 10**8 - 1)}", f"{c.booked:%y%m%d}"
    if c.channel.isdigit():
        return c.channel, c.text, []
    if c.channel == "wire":
        bo = f"B/O {c.payer}" if rng.random() < 0.5 else f"ORG=/{rng.randint(10**9, 10**10 - 1)} {c.payer}"
        head = f"WIRE TYPE:FED IN DATE:{d} TIME:{rng.randint(8, 16):02d}{rng.randint(0, 59):02d} ET TRN:{d}{trace[-6:]}"
        return rng.choice(("195", "208")), head, [f"{bo} {c.address}".rstrip(), f"OBI={c.text}"]
    descr = "EDI PYMNTS" if c.channel == "ctx" else c.text if c.kind == "non_customer" else "VENDOR PMT"
    ind = c.text if c.text and len(c.text) <= 15 and c.kind != "non_customer" else str(rng.randint(10**8, 10**9))
    sec = "CTX" if c.channel == "ctx" else "CCD"
    text = (f"ORIG CO NAME:{c.payer:16} ORIG ID:{rng.randint(10**9, 10**10 - 1)} DESC DATE:{d} CO ENTRY DESCR:"
            f"{descr:10} SEC:{sec} TRACE#:{trace} EED:{d} IND ID:{ind:15}")  # fmt: skip
    cont = [f"IND NAME:COPPERLINE SUPPLY INC TRN:{trace[-10:]}TC"]
    if c.channel == "ctx":
        rmr = [f"RMR*IV*{n}*PI*{paid}*{paid + disc}" + (f"*{disc}" if disc else "") + "~" for n, paid, disc in c.docs]
        cont += [f"ISA*00*~ST*820*0001~BPR*C*{c.amount}*C*ACH*CTX~", *rmr, f"SE*{len(c.docs) + 3}*0001~"]
    elif len(c.text) > 15:
        cont.append(f"PMT DET:{c.text}")
    return ("165" if rng.random() < 0.7 else "166"), text, cont


def write_bai2(path: Path, credits: list[Credit], rng: random.Random) -> None:
    """A prior-day file: one group per business day, control totals and record counts as BAI2 defines them."""
    lines, file_total = [f"01,COPPERLINE,121000248,{TODAY:%y%m%d},0605,{rng.randint(100, 999)},,,2/"], 0
    for day in sorted({c.booked for c in credits}):
        todays, debits = [c for c in credits if c.booked == day], [rng.randint(10_000, 2_000_000) for _ in range(2)]
        cr, dr, g_start, opening = sum(int(c.amount * 100) for c in todays), sum(debits), len(lines), 7_500_000
        lines.append(f"02,COPPERLINE,121000248,1,{day:%y%m%d},2400,USD,2/")
        lines.append(
            f"03,4417720031,USD,010,{opening},,,015,{opening + cr - dr},,,100,{cr},{len(todays)},,400,{dr},2,/"
        )
        for c in todays:
            code, text, cont = bai2_record(c, rng)
            c.line = len(lines) + 1
            lines += [
                f"16,{code},{int(c.amount * 100)},Z,{rng.randint(10**11, 10**12)},,{text}",
                *(f"88,{t}" for t in cont),
            ]
        lines += [f"16,475,{amt},Z,{rng.randint(10**11, 10**12)},,CHECK PAID" for amt in debits]
        total = opening + (opening + cr - dr) + cr + dr + cr + dr  # 010, 015, 100, 400, then the 16 records
        lines += [f"49,{total},{len(lines) - g_start}/", f"98,{total},1,{len(lines) - g_start + 2}/"]
        file_total += total
    lines.append(f"99,{file_total},{sum(ln.startswith('02,') for ln in lines)},{len(lines) + 1}/")
    path.write_text("\n".join(lines) + "\n", encoding="ascii")


def run(args: list[str], cwd: Path) -> tuple[int, dict[str, Any] | None, str]:
    proc = subprocess.run([str(ARSYNC), *args], cwd=cwd, capture_output=True, text=True, check=False)
    try:
        return proc.returncode, json.loads(proc.stdout), proc.stderr
    except json.JSONDecodeError:
        return proc.returncode, None, proc.stderr or proc.stdout


def units(credits: list[Credit]) -> dict[tuple[int, int | None], Credit]:
    """What is scored: each line, or each TxDtls of a batch entry (the JSON's bank.item)."""
    out: dict[tuple[int, int | None], Credit] = {}
    for c in credits:
        out.update({(c.line, k): item for k, item in enumerate(c.items)} if c.items else {(c.line, None): c})
    return out


def check_files(bank: Path, ledger: Path, gen: Generator, extra: list[str], work: Path) -> list[str]:
    """What `bank parse` and `aging` read that differs from what was written."""
    code, doc, err = run(["bank", "parse", str(bank), "--json"], work)
    if doc is None:
        return [f"bank parse refused {bank.name} (exit {code}): {err.strip()[-600:]}"]
    problems, seen = [], {tx["source"]["line"]: tx for tx in doc["transactions"]}
    for (line, item), c in units(gen.credits).items():
        tx = seen.get(line, {})
        got = tx if item is None else (tx.get("items") or [{}] * (item + 1))[item]
        if Decimal(got.get("amount") or "0") != c.amount:
            problems.append(f"line {line} item {item}: amount {got.get('amount')} read, {c.amount} written")
        elif c.payer and not (got.get("counterparty") or "").upper().startswith(c.payer.upper()):
            problems.append(f"line {line}: payer {got.get('counterparty')!r} read, {c.payer!r} written")
    code, aging, err = run(["aging", "--ledger", str(ledger), "--as-of", str(TODAY), "--method", "current", "--json",
                            *extra], work)  # fmt: skip
    if aging is None:
        return [*problems, f"aging refused {ledger.name} (exit {code}): {err.strip()[-800:]}"]
    read = {aging["currency"]: aging["totals"]["total"]}
    read |= {o["currency"]: o["totals"]["total"] for o in aging.get("other_currencies", [])}
    mine: dict[str, Decimal] = collections.defaultdict(Decimal)
    for inv in gen.invoices:
        mine[inv.cust.currency] += inv.due
    return problems + [f"ledger {ccy}: aging total {read.get(ccy)}, the file {amt}" for ccy, amt in mine.items()
                       if Decimal(read.get(ccy, "0")) != amt]  # fmt: skip


def score(gen: Generator, doc: dict[str, Any], show: str | None) -> None:
    entries: dict[int, list[dict[str, Any]]] = collections.defaultdict(list)
    for e in doc.get("matches", []) + doc.get("unmatched_bank", []):
        entries[e["bank"]["line"]].append(e)
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    wrong: list[str] = []
    for (line, item), c in sorted(units(gen.credits).items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        es = [e for e in entries.get(line, []) if item is None or e["bank"].get("item") in (item, None)]
        autos, sugg = ([e for e in es if e.get("decision") == d] for d in ("auto", "suggest"))
        got = frozenset(i["number"] for e in (autos or sugg) for i in e.get("invoices", []))
        if not es:
            verdict = "missing"
        elif autos:  # auto_part: some remittance items auto-applied rightly, the others only suggested
            verdict = "auto_ok" if got == c.truth and not sugg else "auto_wrong" if not got <= c.truth else "auto_part"
        else:
            verdict = ("sug_ok" if got == c.truth else "sug_wrong") if sugg else "unmatched"
        for counter in (table[c.kind], table["ALL"]):
            counter.update(["n", verdict] + (["payable"] if c.truth else []))
            counter["auto_payable"] += bool(c.truth) and verdict in ("auto_ok", "auto_part")
        why = " | ".join(f"{e.get('decision')} {[i['number'] for i in e.get('invoices', [])]} score {e.get('score')}: "
                         + "; ".join(f"{r['feature']}({r['weight']}): {r['detail']}" for r in e.get("reasons", []))
                         for e in es)  # fmt: skip
        docs = "".join(f" [{n} {p}{f' disc {d}' if d else ''}]" for n, p, d in c.docs)
        extra = (f" for {c.ultimate!r}" if c.ultimate else "") + (f" at {c.address!r}" if c.address else "")
        msg = (f"  line {line}{'' if item is None else f'.{item}'} [{c.kind}] {c.amount} {c.currency} from "
               f"{c.payer!r}{extra} ({c.channel}) text {c.text!r}{docs}\n    truth {sorted(c.truth)}")  # fmt: skip
        if verdict == "auto_wrong":
            wrong.append(f"{msg} -> {verdict}: {why}")
        if show in (c.kind, verdict) or (show == "missed" and c.truth and verdict != "auto_ok"):
            print(f"{msg} -> {verdict}: {why}")
    t = table["ALL"]
    print(f"\nauto {t['auto_ok'] + t['auto_wrong'] + t['auto_part']} (of them partly {t['auto_part']})  wrong autos "
          f"{t['auto_wrong']}  auto rate {100 * t['auto_payable'] / max(t['payable'], 1):.1f}% of {t['payable']} "
          f"payable  suggest right {t['sug_ok']} wrong {t['sug_wrong']}  unmatched {t['unmatched']}  missing "
          f"{t['missing']}")  # fmt: skip
    cols = ("n", "auto_ok", "auto_wrong", "auto_part", "sug_ok", "sug_wrong", "unmatched", "missing")
    print(f"\n{'kind':17}" + "".join(f"{c:>11}" for c in cols))
    for kind in sorted(table):
        print(f"{kind:17}" + "".join(f"{table[kind][c]:>11}" for c in cols))
    print(f"\nwrong autos ({len(wrong)}):\n" + ("\n".join(wrong) or "  none"))


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--style", choices=sorted(STYLES), default="camt-xero")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the files to this directory and keep them")
    ap.add_argument("--show", help="print the lines of this kind, of this verdict, or 'missed', with the reasons")
    args = ap.parse_args()
    gen = Generator(args.style, args.seed)
    gen.build_ledger()
    gen.build_credits()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-match-files-"))
    work.mkdir(parents=True, exist_ok=True)
    bank, ledger = work / ("statement.camt053.xml" if gen.camt else "prior-day.bai2"), work / "open-invoices.csv"
    extra = [] if gen.camt else ["--currency", "USD"]  # QuickBooks' report has no currency column
    if gen.camt:
        write_camt(bank, gen.credits, args.seed, gen.rng)
    else:
        write_bai2(bank, gen.credits, gen.rng)
    (write_xero if gen.camt else write_qbo)(ledger, gen.invoices)
    kinds = collections.Counter(c.kind for c in units(gen.credits).values())
    print(
        f"{args.style} seed {args.seed}: {len(gen.customers)} customers, {len(gen.invoices)} open invoices, "
        f"{len(gen.credits)} credits in {work}\n  " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    )
    problems = check_files(bank, ledger, gen, extra, work)
    print("".join(f"MISREAD {p}\n" for p in problems[:5]) + (f"MISREAD ({len(problems)} in all)\n" if problems else ""))
    state = ["--state-url", f"sqlite:///{work / 'state.db'}"]
    code, doc, err = run(["match", "--bank", str(bank), "--ledger", str(ledger), "--json", *state, *extra], work)
    if doc is None:
        print(f"MATCH REFUSED (exit {code}): {err.strip()[-1500:]}")
    else:
        score(gen, doc, args.show)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
