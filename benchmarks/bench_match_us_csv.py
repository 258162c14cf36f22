"""Cash application end to end: a US small business, its Chase and Bank of America CSV exports, the real CLI.

    .venv/bin/python benchmarks/bench_match_us_csv.py --seed 3 [--keep DIR] [--show KIND|missed|wrong]

Per seed (deterministic): ~200 customers (Inc/LLC/Corp/Co/LLP/PC, "X dba Y", affiliates named alike but for the legal
form, individuals) with ~840 open invoices (1001-2400, INV-1xxxx, CM- credit memos, POs, part paid) in an open-invoice
CSV (MM/DD/YYYY, `$1,234.56`); October's Chase and Bank of America checking CSVs with ~420 credits (ACH CCD/CTX, wires,
Zelle, check deposits, Bill.com, and IRS/interest/Square/Stripe/transfer/loan/insurance credits that pay no invoice)
and 40 debits. It runs `arsync match --bank chase.csv --bank bofa.csv --ledger open_invoices.csv --json` and scores
each credit against its known answer and kind (KINDS: what a careful AR clerk does): autos, wrong autos (printed with
reasons), auto rate over payable lines, suggestions right/wrong (and on non-customer credits), unmatched, per kind.
`--show missed` lists what a clerk applies unasked but arsync left to a person. The exit code is always 0.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import subprocess
import tempfile
import traceback
from collections import Counter, defaultdict
from dataclasses import field, make_dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ARSYNC = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "arsync"
START, END = date(2025, 10, 1), date(2025, 10, 31)
# kind:lines:what a careful clerk does. auto = applies it unasked; either = fine both ways; review = a person must
# choose (an auto is unsafe even when it happens to be right); none = pays no invoice, must never be applied.
_KINDS = """exact_ref:80:auto name_only:55:auto multi_ref:24:auto multi_noref:18:auto partial:14:auto
short_wirefee:14:auto short_discount:10:auto overpay:10:auto same_amount:18:auto typo_ref:14:auto po_ref:10:auto
paid_balance:8:auto net_credit:6:auto dba:14:auto alike_legal:12:auto zelle_person:10:auto zelle_owner_ref:10:auto
zelle_owner_noref:8:either billcom:8:auto vendor_id_trap:6:auto recurring:8:either check_unique:14:either
check_ambiguous:14:review alike_cross:6:review noncustomer:36:none"""
KINDS = {k: (int(n), e) for k, n, e in (x.split(":") for x in _KINDS.split())}
FIRST = "Michael David James Robert John Richard Daniel Kevin Maria Jennifer Linda Susan Carlos Luis Priya".split()
LAST = """Smith Johnson Williams Brown Garcia Miller Davis Rodriguez Martinez Lopez Gonzalez Wilson Anderson Taylor
Moore Jackson Lee Thompson Harris Clark Lewis Walker King Wright Scott Torres Nguyen Hill Flores Green Adams Baker Hall
Rivera Campbell Mitchell Kowalski Okafor Patel Schultz Brennan Delgado Fitzgerald Yamamoto""".split()
PLACES = """Summit|Lakeshore|Red Oak|Bayview|Prairie|Granite State|Liberty|Pioneer|Cascade|Magnolia|Heritage|Keystone|
Frontier|Harbor Point|Sterling|Blue Ridge|Iron Horse|Cedar Creek|Lone Star|Great Plains|Tri-County|Northstar|
Silver Lake|Riverbend|Twin Pines|Bluebonnet|Evergreen|Sunbelt|Copper Canyon|Palmetto|Allegheny|Chesapeake|
Mesa Verde|Old Dominion|Hudson Valley|Gulf Coast|Mid-Atlantic|Tidewater""".replace("\n", "").split("|")
TRADES = """Plumbing|Electric|Mechanical|Roofing|Landscaping|Dental Group|Logistics|Manufacturing|Distributors|
Construction|Builders|Services|Technologies|Engineering|Supply|Auto Repair|Catering|Printing|Medical Associates|
Property Management|Consulting|Architects|Heating & Air|Fire Protection|Flooring|Paving|Veterinary Clinic|Realty|
Fabrication|Packaging|Staffing|Signs & Graphics|Tool & Die|Welding|Restaurant Group|Hotel Partners|Charter School|
Fitness Centers|Self Storage|Title Company""".replace("\n", "").split("|")
SHORT = "Apex Delta Vista Union Eagle Metro Allied Sierra Titan Crown Acorn Bison".split(), "Steel Glass Tile".split()
FORMS = ["Inc", "Inc.", "LLC", "LLC", "Corp", "Corp.", "Corporation", "Co", "Company", "L.L.C.", "Inc"]
FORM_WORDS = {"INC", "LLC", "CORP", "CORPORATION", "CO", "COMPANY", "LLP", "PC", "LTD"}
_ABBR = """MANUFACTURING=MFG SERVICES=SVCS ENGINEERING=ENGR DISTRIBUTORS=DIST CONSTRUCTION=CONSTR TECHNOLOGIES=TECH
MECHANICAL=MECH ELECTRIC=ELEC LANDSCAPING=LNDSCP MEDICAL=MED ASSOCIATES=ASSOC MANAGEMENT=MGMT PROPERTY=PPTY
PLUMBING=PLBG VETERINARY=VET CONSULTING=CONSLT FABRICATION=FAB PACKAGING=PKG RESTAURANT=REST PARTNERS=PTNRS
PROTECTION=PROT LOGISTICS=LOGIST GROUP=GRP COMPANY=CO CORPORATION=CORP ENTERPRISES=ENTRPRS"""
ABBR = dict(x.split("=") for x in _ABBR.split())
CITIES = "DALLAS TX 75201|ATLANTA GA 30303|DENVER CO 80202|PHOENIX AZ 85004|COLUMBUS OH 43215|TAMPA FL 33602".split("|")
BANKS = [("WELLS FARGO BANK, N.A.", "121000248"), ("BANK OF AMERICA, N.A.", "026009593"), ("PNC BANK, NA", "043000096"),
         ("TRUIST BANK", "061000104"), ("U.S. BANK N.A.", "091000022"), ("FROST BANK", "114000093")]  # fmt: skip
# ~N in a template is N random digits
CHASE_ACH = ("ORIG CO NAME:{name} ORIG ID:{oid} DESC DATE:{d6} CO ENTRY DESCR:{descr} SEC:{sec} TRACE#:~15 EED:{d6} "
             "IND ID:{ind} IND NAME:HIGHLINE FACILITY SVCS{add} TRN: ~10TC")  # fmt: skip
BOFA_ACH = "{name} DES:{descr} ID:{ind} INDN:HIGHLINE FACILITY SERVICES CO ID:{oid} CCD{add}"
FEDWIRE = ("FEDWIRE CREDIT VIA: {bank}/{aba} B/O: {name} REF: CHASE NYC/CTR/BNF=HIGHLINE FACILITY SERVICES LLC "
           "AUSTIN TX 78704-1212 US/AC-000000482911 RFB=O/B {short}{add} IMAD: {md}MMQFMP~6 TRN: ~10FF")  # fmt: skip
BOFA_WIRE = ("WIRE TYPE:WIRE IN DATE:{d6} TIME:1~3 ET TRN:{d8}~6 SEQ:{d8}~6/~6 ORIG:{name} ID:~10 SND BK:{bank} "
             "ID:{aba}{add}")  # fmt: skip
# credits that pay no invoice: (bank, Chase type, "ACH originator|entry description|company id" or the text, amount)
NONCUSTOMER = [
    ("ach", "", "IRS TREAS 310|TAX REF|3101036151", "any"), ("ach", "", "TX COMPTROLLER|TAX REFUND|1746000192", "any"),
    ("ach", "", "SBAD TREAS 310|MISC PAY|3100005118", "any"), ("ach", "", "SQUARE INC|SQ{d6}|9424300002", "any"),
    ("ach", "", "STRIPE|TRANSFER|1800948598", "any"), ("ach", "", "SHOPIFY|TRANSFER|1275832411", "any"),
    ("ach", "", "BANKCARD-8076|MTOT DEP|1841010148", "any"), ("ach", "", "THE HARTFORD|CLAIM PMT|1060923453", "any"),
    ("ach", "", "GRAINGER|REFUND|1361150280", "any"), ("chase", "MISC_CREDIT", "INTEREST PAYMENT", "interest"),
    ("bofa", "", "Interest Earned", "interest"), ("chase", "LOAN", "LOAN PROCEEDS ACCT ...7710 LINE OF CREDIT", "loan"),
    ("chase", "ACCT_XFER", "Online Transfer from SAV ...4821 transaction#: ~11", "any"),
    ("bofa", "", "Online Banking transfer from SAV 4821 Confirmation# ~10", "any"),
    ("bofa", "", "BUSINESS ADVANTAGE LOC DES:LOAN ADV ID:~10 INDN:HIGHLINE FACILITY SERVICES CO ID:900000001", "loan"),
    ("chase", "ACCT_XFER", "Online Transfer from CHK ...3390 transaction#: ~11 OWNER CAPITAL", "any"),
]  # fmt: skip
DEBITS = [
    ("chase", "ACH_DEBIT", CHASE_ACH.format(name="GUSTO", oid="9138864001", d6="{d6}", descr="NET PAY", sec="CCD",
                                            ind="8V2K~7", add="")),
    ("chase", "CHECK_PAID", "CHECK {check}"), ("bofa", "", "WIRE IN FEE"),
    ("chase", "ACCT_XFER", "Online Transfer to SAV ...4821 transaction#: ~11"),
    ("bofa", "", "AMERICAN EXPRESS DES:ACH PMT ID:W~10 INDN:HIGHLINE FACILITY SERVICES CO ID:1133133497 CCD"),
    ("bofa", "", "FERGUSON ENT DES:BILL PAY ID:~7 INDN:HIGHLINE FACILITY SERVICES CO ID:~10 PPD"),
]  # fmt: skip
LEDGER = "Invoice No.,Customer,Invoice Date,Due Date,Terms,PO Number,Invoice Total,Balance Due,Currency,Email,Type"


# ach: the (at most 16-character) company name on its ACH credits; wire: the originator as a wire shows it (name and
# address); oid: its ACH company id; vendor_id: our id in its AP system (IND ID / ID); group: plain, person, dba, alike
Cust = make_dataclass("Cust", [*"name ach wire owner email oid vendor_id group".split(), ("twin", int, -1)])
Inv = make_dataclass("Inv", [*"number cust issued terms total open".split(), ("po", str, ""), ("used", bool, False)])
# ctype: Chase's Type column; truth: the acceptable invoice-number sets (none: the line pays no invoice)
LINE_DEFAULTS = [("ctype", str, "ACH_CREDIT"), ("slip", str, ""), ("kind", str, "debit"), ("cms", tuple, ())]
LINE_DEFAULTS += [("truth", list, field(default_factory=list)), ("line", int, 0)]
Line = make_dataclass("Line", [*"bank text amount day".split(), *LINE_DEFAULTS])


def money(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"))


def usd(d: Decimal, sign: str = "$") -> str:  # $1,234.56 in the ledger, 1,234.56 at Bank of America
    return ("-" if d < 0 else "") + f"{sign}{abs(d):,.2f}"


def ach16(name: str, rng: random.Random, keep_form: float = 0.25) -> str:
    words = re.sub(r"[.,']", "", name.upper()).replace("-", " ").split()
    while rng.random() > keep_form and len(words) > 1 and words[-1] in FORM_WORDS:
        words.pop()
    return " ".join(ABBR.get(w, w) if rng.random() < 0.75 else w for w in words)[:16].rstrip()


def make_customers(rng: random.Random) -> list[Cust]:
    custs: list[Cust] = []

    def add(name: str, group: str, owner: tuple[str, str], ach: str | None = None) -> int:
        dom = re.sub(r"[^a-z]", "", name.lower())[:14] + rng.choice([".com", ".net", ".us"])
        email = rng.choice([f"ap@{dom}", f"billing@{dom}", f"{owner[0].lower()}@{dom}", f"accounts@{dom}"])
        email = f"{owner[0]}.{owner[1]}{rng.randrange(10, 99)}@gmail.com".lower() if group == "person" else email
        vid = rng.choice([f"V{rng.randrange(10**4, 10**5)}", str(rng.randrange(10**9, 10**10)), "HIGH01"])
        street = f"{rng.randrange(100, 9999)} {rng.choice(['MAIN ST', 'COMMERCE DR', 'INDUSTRIAL BLVD', 'OAK AVE'])}"
        wire, who = f"{name.upper()} {street} {rng.choice(CITIES)}", f"{owner[0]} {owner[1]}".upper()
        oid = str(rng.randrange(10**9, 10**10))
        custs.append(Cust(name, ach or ach16(name, rng), wire, who, email, oid, vid, group))
        return len(custs) - 1

    def taken(n: str) -> bool:
        key = re.sub(r"\W", "", n.upper())
        return any((c := re.sub(r"\W", "", x.name.upper())).startswith(key) or key.startswith(c) for x in custs)

    while len(custs) < 16:  # affiliates in two states, named alike but for the legal form
        base = f"{rng.choice(SHORT[0])} {rng.choice(SHORT[1])}"
        if not taken(base):
            forms = rng.choice([("Inc", "LLC"), ("Corp", "LLC"), ("Co", "Inc"), ("LLC", "Corp")])
            a, b = (add(f"{base} {f}", "alike", (rng.choice(FIRST), "X"), f"{base} {f}".upper()) for f in forms)
            custs[a].twin, custs[b].twin = b, a
    while len(custs) < 30:  # trade names: the bank shows the DBA
        first, last, trade = rng.choice(FIRST), rng.choice(LAST), rng.choice(TRADES)
        legal, dba = f"{first} {last} Enterprises LLC", f"{last}'s {trade}"
        if rng.random() < 0.5:
            legal, dba = f"{rng.choice(PLACES)} Holdings Inc", f"{rng.choice(PLACES)} {trade}"
        if not taken(dba) and not taken(legal):
            add(f"{legal} dba {dba}", "dba", (first, last), ach16(dba, rng, 0.0))
    while len(custs) < 44:  # individuals (homeowners, sole proprietors without a company name)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if not taken(f"{first} {last}"):
            add(f"{first} {last}", "person", (first, last), f"{first} {last}".upper())
    while len(custs) < 200:
        trade, r, last = rng.choice(TRADES), rng.random(), rng.choice(LAST)
        base, form = (f"{rng.choice(PLACES)} {trade}" if r < 0.55 else f"{last} {trade}"), rng.choice(FORMS)
        if r > 0.88:
            base, form = f"{last} & {rng.choice(LAST)}", rng.choice(["LLP", "CPAs LLP", "Law Group LLP", "PC"])
        if not taken(base):
            add(f"{base} {form}", "plain", (rng.choice(FIRST), last if r >= 0.55 else rng.choice(LAST)))
    return custs


def make_invoices(rng: random.Random, custs: list[Cust]) -> tuple[list[Inv], list[Inv]]:
    invs: list[Inv] = []
    for ci, c in enumerate(custs):
        n = rng.choice([1, 1, 2, 3]) if c.group == "person" else rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8])
        scale = 450 if c.group == "person" else rng.choice([300, 900, 2500, 6000, 15000])
        fixed = money(round(scale * rng.uniform(0.5, 1.5) / 25) * 25) if n >= 3 and rng.random() < 0.2 else None
        terms = rng.choice(["Net 30", "Net 30", "Net 15", "Net 45", "Due on receipt", "2% 10 Net 30"])
        po_style = rng.choice(["", "", "45000~5", "PO-~5", "2~5"]) if c.group == "plain" else ""
        for _ in range(n):
            amt = fixed or money(scale * rng.uniform(0.3, 2.5))
            if fixed is None and rng.random() < 0.35:
                amt = money(round(amt / 50) * 50 or 75)
            po = re.sub(r"~(\d)", lambda m: str(rng.randrange(10 ** (int(m[1]) - 1), 10 ** int(m[1]))), po_style)
            invs.append(Inv("", ci, date(2025, 6, 20) + timedelta(rng.randrange(0, 128)), terms, amt, amt, po))
    invs.sort(key=lambda i: (i.issued, i.cust))
    n2 = len(invs) // 14
    series2 = iter(sorted(rng.sample(range(10010, 10900), n2)))
    main = iter(sorted(rng.sample(range(1001, 2401), len(invs))))
    picks = set(rng.sample(range(len(invs)), n2))
    for k, inv in enumerate(invs):
        inv.number = f"INV-{next(series2)}" if k in picks else str(next(main))
        if rng.random() < 0.06 and inv.total > 400:  # already part paid
            inv.open = inv.total - money(round(float(inv.total) * rng.uniform(0.2, 0.6) / 10) * 10)
    plain = [i for i, c in enumerate(custs) if c.group == "plain"]
    amts = [-money(rng.choice([75, 120, 250, 318.4, 500, 42.5, 900])) for _ in range(14)]
    cms = [Inv(f"CM-{201 + k}", rng.choice(plain), START - timedelta(30 - k), "", a, a) for k, a in enumerate(amts)]
    return invs, cms


def spell(num: str, rng: random.Random) -> str:
    if num.startswith("INV-"):
        return rng.choice([num, f"INV{num[4:]}", num[4:], f"INV {num[4:]}"])
    forms = ["{}", "INV {}", "INV#{}", "INV{}", "INVOICE {}", "INV NO {}", "#{}", "Inv. {}", "INV-{}", "INVOICE# {}"]
    return rng.choice(forms).format(num)


def typo(num: str, rng: random.Random, existing: set[str]) -> str:
    ds = num.removeprefix("INV-")
    cands = [ds[:k] + ds[k + 1] + ds[k] + ds[k + 2 :] for k in range(len(ds) - 1) if ds[k] != ds[k + 1]]
    cands += [ds[:k] + d + ds[k + 1 :] for k in range(1, len(ds)) for d in "0123456789" if d != ds[k]]
    cands = [num[: len(num) - len(ds)] + c for c in cands]
    hits = [c for c in cands if c in existing]  # half the time the typo is some other customer's real invoice
    return rng.choice(hits) if hits and rng.random() < 0.5 else rng.choice([c for c in cands if c not in existing])


class Gen:
    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.custs = make_customers(rng)
        self.invs, self.cms = make_invoices(rng, self.custs)
        self.by_cust: dict[int, list[Inv]] = defaultdict(list)
        for inv in self.invs:
            self.by_cust[inv.cust].append(inv)
        self.twin_src: dict[str, list[Inv]] = {"same_amount": [], "check_ambiguous": [], "alike_legal": []}
        for purpose, n in (("same_amount", 18), ("check_ambiguous", 14), ("alike_legal", 6)):
            while len(self.twin_src[purpose]) < n:  # give another customer an open invoice of the same amount
                a = self.pick("alike" if purpose == "alike_legal" else "plain", self.unique, mark=False)
                b_cust = self.custs[a.cust].twin
                if purpose != "alike_legal":
                    b_cust = rng.choice([c for c in range(200) if c != a.cust and self.custs[c].group != "person"])
                bs = [i for i in self.by_cust[b_cust] if not i.used and i.open == i.total and i not in self.twins()]
                if bs and a not in self.twins():
                    b = rng.choice(bs)
                    b.total, b.open, b.used = a.open, a.open, True  # the look-alike stays open
                    self.twin_src[purpose].append(a)
        self.amt_count = Counter(i.open for i in self.invs)

    def twins(self) -> list[Inv]:  # invoices given a look-alike amount at another customer
        return [i for v in self.twin_src.values() for i in v]

    def unique(self, inv: Inv) -> bool:
        return sum(i.open == inv.open for i in self.by_cust[inv.cust]) == 1

    def pick(self, group: str | tuple = "plain", ok=lambda i: True, mark: bool = True) -> Inv:
        groups, tw = (group,) if isinstance(group, str) else group, self.twins()
        pool = [i for i in self.invs if not i.used and self.custs[i.cust].group in groups and ok(i) and i not in tw]
        inv = self.rng.choice([i for i in pool if i.issued <= END - timedelta(3)])
        inv.used = mark
        return inv

    def fill(self, template: str, d: date, **kw: str) -> str:
        t = re.sub(r"~(\d+)", lambda m: "".join(self.rng.choice("0123456789") for _ in range(int(m[1]))), template)
        return t.format(d6=f"{d:%y%m%d}", d8=f"{d:%Y%m%d}", md=f"{d:%m%d}", sl=f"{d:%m/%d}", **kw)

    def day(self, invs: list[Inv]) -> date:
        if not invs:
            return START + timedelta(self.rng.randrange(31))
        return min(END, max(START, max(i.issued for i in invs) + timedelta(self.rng.randrange(4, 55))))

    def ach(self, c: Cust, amt: Decimal, invs: list[Inv], ref: str | None, descr: str = "") -> Line:
        rng, d = self.rng, self.day(invs)
        descr = descr or rng.choice(["PAYMENT", "VENDOR PMT", "AP PAYMENT", "ACH PMT", "EDI PAYMNT", "PAYABLES"])
        ind, add, chase = c.vendor_id, "", rng.random() < 0.55
        if ref and len(invs) < 2 and len(ref) <= 15 and rng.random() < 0.45:
            ind = ref  # Chase IND ID / BofA ID: the payer's own reference field, 15 characters
        elif ref:
            add = f" ADDENDA:{ref}" if chase else f" PMT INFO:{ref[:80]}"  # BofA shows 80 characters
        kw = {"name": c.ach, "oid": c.oid, "descr": descr, "ind": ind[:15], "add": add}
        sec = "CTX" if add.endswith("\\") else "CCD"
        if chase:
            return Line("chase", self.fill(CHASE_ACH, d, sec=sec, **kw), amt, d)
        return Line("bofa", self.fill(BOFA_ACH, d, **kw), amt, d)

    def wire(self, c: Cust, amt: Decimal, invs: list[Inv], ref: str | None) -> Line:
        rng, d = self.rng, self.day(invs)
        bank, aba = rng.choice(BANKS)
        if rng.random() < 0.5:
            add = f" OBI={ref}" if ref else ""
            text = self.fill(FEDWIRE, d, bank=bank, aba=aba, name=c.wire, short=bank.split(",")[0], add=add)
            return Line("chase", text, amt, d, "WIRE_INCOMING")
        add = f" PMT DET:{ref}" if ref else ""
        return Line("bofa", self.fill(BOFA_WIRE, d, bank=bank, aba=aba, name=c.name.upper()[:35], add=add), amt, d)

    def zelle(self, who: str, amt: Decimal, invs: list[Inv], memo: str | None) -> Line:
        rng, d = self.rng, self.day(invs)
        code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(9))
        if memo is None and rng.random() < 0.6:  # Chase shows no memo
            text = f"Zelle payment from {who} {rng.choice(['BAC', 'JPM', 'WFCT'])}{code}"
            return Line("chase", text, amt, d, "QUICKPAY_CREDIT")
        memo = f' for "{memo}";' if memo else ""
        return Line("bofa", f"Zelle payment from {who}{memo} Conf# {code.lower()}", amt, d)

    def check(self, amt: Decimal, invs: list[Inv]) -> Line:
        rng, d = self.rng, self.day(invs)
        return rng.choice([
            Line("chase", "REMOTE ONLINE DEPOSIT #          1", amt, d, "CHECK_DEPOSIT", self.fill("~1", d)),
            Line("chase", f"ATM CHECK DEPOSIT {d:%m/%d} 2450 S LAMAR BLVD AUSTIN TX", amt, d, "ATM_DEPOSIT"),
            Line("chase", self.fill("DEPOSIT  ID NUMBER ~6", d), amt, d, "DEPOSIT", self.fill("1~3", d)),
            Line("bofa", self.fill("BKOFAMERICA MOBILE {sl} ~10 DEPOSIT *MOBILE TX", d), amt, d),
            Line("bofa", self.fill("BKOFAMERICA ATM {sl} #00000~4 DEPOSIT LAMAR AUSTIN TX", d), amt, d),
        ])  # fmt: skip

    def channel(self, c: Cust, amt: Decimal, invs: list[Inv], ref: str | None, wire_p: float = 0.2) -> Line:
        return self.wire(c, amt, invs, ref) if self.rng.random() < wire_p else self.ach(c, amt, invs, ref)

    def payable(self, kind: str) -> Line:
        rng, uniq = self.rng, self.unique
        if kind in ("exact_ref", "partial", "overpay", "po_ref", "paid_balance", "short_discount", "typo_ref"):
            ok = {"partial": lambda i: i.open > 600 and uniq(i), "po_ref": lambda i: bool(i.po), "overpay": uniq,
                  "paid_balance": lambda i: i.open < i.total, "short_discount": lambda i: i.open > 800 and uniq(i),
                  "typo_ref": uniq}  # fmt: skip
            inv = self.pick("plain", ok.get(kind, lambda i: True))
            amt, ref = inv.open, spell(inv.number, rng)
            if kind == "partial":
                amt = money(round(float(inv.open) * rng.uniform(0.3, 0.7) / 100) * 100)
                ref = rng.choice([f"PARTIAL PMT {ref}", ref, f"{ref} PMT 1 OF 2"])
            elif kind == "overpay":
                amt = inv.open + money(rng.choice([85, 120.5, 300, float(inv.open) * 0.1]))
            elif kind == "po_ref":
                ref = rng.choice([f"PO {inv.po}", f"PO#{inv.po}", inv.po, f"YOUR PO {inv.po}"])
            elif kind == "short_discount":
                amt = money(inv.open * Decimal("0.98"))
                ref = rng.choice([f"{ref} LESS 2% DISC", f"{ref} 2/10 DISC TAKEN", ref])
            elif kind == "typo_ref":
                ref = spell(typo(inv.number, rng, {i.number for i in self.invs}), rng)
            return self.done(self.channel(self.custs[inv.cust], amt, [inv], ref), kind, [inv])
        if kind in ("name_only", "same_amount", "vendor_id_trap", "alike_legal", "dba", "recurring", "short_wirefee"):
            ok = {"short_wirefee": lambda i: i.open > 1500 and uniq(i), "recurring": lambda i: not uniq(i)}
            src, group = self.twin_src.get(kind), {"alike_legal": "alike", "dba": "dba"}.get(kind, "plain")
            inv = src.pop() if src else self.pick(group, ok.get(kind, uniq))
            inv.used, c = True, self.custs[inv.cust]
            ref = spell(inv.number, rng) if kind in ("dba", "short_wirefee") and rng.random() < 0.5 else None
            if kind == "short_wirefee":
                fee = money(rng.choice([15, 18, 20, 25, 30, 35]))
                return self.done(self.wire(c, inv.open - fee, [inv], ref), kind, [inv])
            if kind == "recurring":  # any of the customer's open invoices of this amount will do
                alts = [frozenset({j.number}) for j in self.by_cust[inv.cust] if j.open == inv.open]
                return self.done(self.ach(c, inv.open, [inv], None), kind, [inv], alts=alts)
            if kind != "vendor_id_trap":
                return self.done(self.channel(c, inv.open, [inv], ref, 0.3), kind, [inv])
            line = self.ach(c, inv.open, [inv], None)  # the payer's vendor number is another customer's invoice number
            other = [i for i in self.invs if i.cust != inv.cust and i.number.isdigit() and abs(i.open - inv.open) > 50]
            line.text = re.sub(r"(IND ID:| ID:)" + c.vendor_id[:15], rf"\g<1>{rng.choice(other).number}", line.text)
            return self.done(line, kind, [inv])
        if kind in ("multi_ref", "multi_noref"):
            while True:
                ci = rng.choice([k for k in self.by_cust if self.custs[k].group == "plain"])
                free = [i for i in self.by_cust[ci] if not i.used and i not in self.twins() and i.issued < END]
                if len(free) < 2:
                    continue
                group = sorted(rng.sample(free, rng.randrange(2, min(5, len(free)) + 1)), key=lambda i: i.number)
                total = sum((i.open for i in group), Decimal(0))
                opens = [i.open for i in self.by_cust[ci]]
                sums = Counter(sum(s) for k in range(1, 6) for s in itertools.combinations(opens, k))
                if kind == "multi_ref" or sums[total] == 1:  # without references only one combination may fit
                    break
            for i in group:
                i.used = True
            nums, ref = [i.number for i in group], None
            if kind == "multi_ref":
                ref = rng.choice(["INV " + ", ".join(nums), "/".join(nums), " ".join(spell(n, rng) for n in nums)])
                if rng.random() < 0.35:
                    ref = "".join(f"RMR*IV*{i.number}*PI*{i.open}\\" for i in group)
            return self.done(self.channel(self.custs[ci], total, group, ref, 0.15), kind, group)
        if kind == "alike_cross":  # an affiliate pays an amount only its sister company (named alike) has open
            inv = self.pick("alike", lambda i: self.amt_count[i.open] == 1)
            sister = self.custs[self.custs[inv.cust].twin]
            return self.done(self.channel(sister, inv.open, [inv], None, 0.6), kind, [inv])
        if kind == "net_credit":
            cm = rng.choice([m for m in self.cms if not m.used])
            cm.used = True
            if not any(i.cust == cm.cust and not i.used and i.open > -2 * cm.open for i in self.invs):
                return self.payable("exact_ref")
            inv = self.pick("plain", lambda i: i.cust == cm.cust and i.open > -2 * cm.open)
            ref = f"{spell(inv.number, rng)} LESS {cm.number}"
            return self.done(self.ach(self.custs[inv.cust], inv.open + cm.open, [inv], ref), kind, [inv], (cm.number,))
        if kind in ("zelle_person", "zelle_owner_ref", "zelle_owner_noref"):  # owners pay from their personal Zelle
            inv = self.pick("person" if kind == "zelle_person" else "plain", lambda i: uniq(i) and i.open < 5000)
            c, memo = self.custs[inv.cust], None
            if kind == "zelle_owner_ref":
                memo = rng.choice([spell(inv.number, rng), f"{c.name[:20]} inv {inv.number}"])
            elif kind == "zelle_person":
                memo = rng.choice([None, None, spell(inv.number, rng), "invoice " + inv.number, "gutter work"])
            return self.done(self.zelle(c.owner, inv.open, [inv], memo), kind, [inv])
        if kind == "billcom":
            inv = self.pick("plain")
            svc = Cust("", "BILL.COM", "", "", "", "1680627873", self.fill("015~10", START), "x")
            info = f"{self.custs[inv.cust].name[:30]} Bill.com {svc.vendor_id} Inv {inv.number}"
            return self.done(self.ach(svc, inv.open, [inv], info, "PAYABLES"), kind, [inv])
        if kind in ("check_unique", "check_ambiguous"):
            src = self.twin_src["check_ambiguous"] if kind == "check_ambiguous" else None
            inv = src.pop() if src else self.pick(("plain", "person", "dba"), lambda i: self.amt_count[i.open] == 1)
            inv.used = True
            return self.done(self.check(inv.open, [inv]), kind, [inv])
        raise ValueError(kind)

    def done(self, line: Line, kind: str, invs: list[Inv], cms: tuple = (), alts: list | None = None) -> Line:
        line.kind, line.truth, line.cms = kind, alts or [frozenset(i.number for i in invs)], cms
        return line

    def noncustomer(self) -> Line:
        rng = self.rng
        bank, ctype, text, amt_kind = rng.choice(NONCUSTOMER)
        amt = money(rng.uniform(40, 9000))
        if rng.random() < 0.3:  # the amount happens to equal an open invoice
            amt = rng.choice([i.open for i in self.invs if not i.used])
        amt = {"interest": money(rng.uniform(0.5, 60)), "loan": money(rng.choice([25000, 75000]))}.get(amt_kind, amt)
        if bank == "ach":
            name, descr, oid = text.split("|")
            ind = self.fill("ST-~4X~3Y~4" if name == "STRIPE" else "~12", START)
            ref = self.fill("CLAIM ~8 POLICY 84UUN~6", START) if "CLAIM" in descr else None
            line = self.ach(Cust("", name, "", "", "", oid, ind, "x"), amt, [], ref, descr)
            line.text = line.text.replace("{d6}", f"{line.day:%y%m%d}")
        else:
            d = END if amt_kind == "interest" else START + timedelta(rng.randrange(31))
            line = Line(bank, self.fill(text, d), amt, d, ctype or "ACH_CREDIT")
        line.kind = "noncustomer"
        return line

    def build(self) -> None:
        plan = [k for k, (n, _) in KINDS.items() for _ in range(n)]
        self.rng.shuffle(plan)
        self.lines = [self.noncustomer() if k == "noncustomer" else self.payable(k) for k in plan]
        for _ in range(40):
            bank, ctype, text = self.rng.choice(DEBITS)
            d, amt = START + timedelta(self.rng.randrange(31)), -money(self.rng.uniform(25, 6000))
            check = str(self.rng.randrange(1001, 2400)) if ctype == "CHECK_PAID" else ""  # in the invoice range
            amt = -money(self.rng.choice([15, 17])) if "FEE" in text else amt
            self.lines.append(Line(bank, self.fill(text, d, check=check), amt, d, ctype or "ACH_DEBIT", check))

    def write(self, out: Path) -> None:
        with (out / "open_invoices.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(LEDGER.split(","))
            for i in sorted([*self.invs, *self.cms], key=lambda i: (self.custs[i.cust].name.lower(), i.issued)):
                c, cm = self.custs[i.cust], i.total < 0
                days = {"Net 15": 15, "Net 45": 45, "Due on receipt": 0}.get(i.terms, 30)
                due = "" if cm else f"{i.issued + timedelta(days):%m/%d/%Y}"
                kind = "Credit Memo" if cm else "Invoice"
                w.writerow([i.number, c.name, f"{i.issued:%m/%d/%Y}", due, i.terms, i.po, usd(i.total), usd(i.open),
                            "USD", c.email, kind])  # fmt: skip
        for bank in ("chase", "bofa"):
            rows = sorted((ln for ln in self.lines if ln.bank == bank), key=lambda ln: ln.day)
            opening = money(self.rng.uniform(20000, 90000))
            bals = list(itertools.accumulate((ln.amount for ln in rows), initial=opening))[1:]
            with (out / f"{bank}.csv").open("w", newline="", encoding="utf-8") as f:
                if bank == "chase":  # newest first, a trailing comma on every row
                    w = csv.writer(f, lineterminator="\n")
                    w.writerow([*"Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #".split(","), ""])
                    for k, (ln, bal) in enumerate(zip(reversed(rows), reversed(bals))):
                        ln.line = k + 2
                        det = ("CHECK", "DSLIP", "DEBIT", "CREDIT")[2 * (not ln.slip) + (ln.amount > 0)]
                        w.writerow([det, f"{ln.day:%m/%d/%Y}", ln.text, f"{ln.amount:.2f}", ln.ctype,
                                    f"{bal:.2f}", ln.slip, ""])  # fmt: skip
                    continue
                w = csv.writer(f, lineterminator="\r\n")
                cr = sum((x.amount for x in rows if x.amount > 0), Decimal(0))
                first = f"Beginning balance as of {START:%m/%d/%Y}"
                w.writerows([["Description", "", "Summary Amt."], [first, "", usd(opening, "")],
                             ["Total credits", "", usd(cr, "")], ["Total debits", "", usd(bals[-1] - opening - cr, "")],
                             [f"Ending balance as of {END:%m/%d/%Y}", "", usd(bals[-1], "")], [],
                             ["Date", "Description", "Amount", "Running Bal."],
                             [f"{START:%m/%d/%Y}", first, "", usd(opening, "")]])  # fmt: skip
                for k, (ln, bal) in enumerate(zip(rows, bals)):
                    ln.line = k + 9
                    w.writerow([f"{ln.day:%m/%d/%Y}", ln.text, usd(ln.amount, ""), usd(bal, "")])


def describe(ln: Line, m: dict, why: str = "") -> None:
    got = ", ".join(f"{i['number']}={i['applied']}" for i in m.get("invoices", [])) or "-"
    truth = " or ".join(",".join(sorted(t)) for t in ln.truth) or "no invoice"
    truth += f" + {','.join(ln.cms)}" if ln.cms else ""
    print(f"  [{ln.kind}]{why} {ln.bank}.csv:{ln.line} {ln.amount} {ln.text}")
    print(f"    truth {truth}; arsync {m.get('decision', '-')} {got} score {m.get('score')} {m.get('customer_id')}")
    for r in m.get("reasons", []):
        print(f"      {r['feature']} {r['weight']:+}: {r['detail']}")
    for a in m.get("alternatives", [])[:2]:  # the runners-up
        print(f"      alternative {[i['number'] for i in a.get('invoices', [])]} score {a.get('score')}")


def score(gen: Gen, doc: dict, seed: int, show: str | None) -> None:
    got = {(Path(m["bank"]["file"]).stem, m["bank"]["line"]): m for m in [*doc["matches"], *doc["unmatched_bank"]]}
    table: dict[str, Counter] = defaultdict(Counter)
    wrong, missed = [], []
    for ln in gen.lines:
        m = got.get((ln.bank, ln.line), {})
        dec, expect = m.get("decision", "unmatched"), KINDS.get(ln.kind, (0, "none"))[1]
        right = bool(ln.truth) and frozenset(i["number"] for i in m.get("invoices", [])) in ln.truth
        auto_col = "auto_ok" if right and expect != "review" else "auto_bad"
        col = {"auto": auto_col, "suggest": "sugg_ok" if right else "sugg_bad"}.get(dec, "unm")
        table[ln.kind].update((col, "n"))
        if col == "auto_bad":
            wrong.append((ln, m, " UNSAFE (a person must decide)" if right else " WRONG"))
        if col == "auto_ok" and ln.cms and {c["number"] for c in m.get("credit_notes", [])} != set(ln.cms):
            table[ln.kind]["cm_missing"] += 1
        if expect == "auto" and dec != "auto":
            missed.append((ln, m))
    t = sum((c for k, c in table.items() if KINDS.get(k, (0, "none"))[1] != "none"), Counter())
    nc, pay = table["noncustomer"], max(t["n"], 1)
    bad = t["auto_bad"] + nc["auto_bad"] + table["debit"]["auto_bad"]
    autos = t["auto_ok"] + bad
    print(f"seed {seed}: credits {t['n'] + nc['n']} payable {t['n']} | autos {autos} wrong autos {bad} | "
          f"auto rate {t['auto_ok'] / pay:.1%} | "
          f"suggest right {t['sugg_ok']} wrong {t['sugg_bad']} | suggest on non-customer {nc['sugg_bad']} | unmatched "
          f"payable {t['unm']} non-customer {nc['unm']} | clerk-auto lines left to a person {len(missed)} | "
          f"net-of-credit autos without the credit memo {t['cm_missing']}")  # fmt: skip
    cols = ("n", "auto_ok", "auto_bad", "sugg_ok", "sugg_bad", "unm")
    print(f"  {'kind':18} {'clerk':>6}" + "".join(f"{c:>9}" for c in cols))
    for kind, (_, expect) in KINDS.items():
        print(f"  {kind:18} {expect:>6}" + "".join(f"{table[kind][c]:9}" for c in cols))
    print(f"  wrong autos ({len(wrong)}):" if wrong else "  no wrong autos")
    for ln, m, why in wrong:
        describe(ln, m, why)
    if show == "missed":
        print(f"  lines a clerk applies unasked, not auto ({len(missed)}):")
        for ln, m in missed:
            describe(ln, m)
    for ln in gen.lines if show in KINDS else []:
        if ln.kind == show:
            describe(ln, got.get((ln.bank, ln.line), {}))


def run(seed: int, keep: str | None, show: str | None) -> None:
    gen = Gen(seed)
    gen.build()
    with tempfile.TemporaryDirectory(prefix="bench_us_") as tmp:
        out = Path(keep or tmp)
        out.mkdir(parents=True, exist_ok=True)
        gen.write(out)
        cmd = [str(ARSYNC), "match", "--bank", str(out / "chase.csv"), "--bank", str(out / "bofa.csv")]
        cmd += ["--ledger", str(out / "open_invoices.csv"), "--json"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 and "--date-format" in proc.stderr:
            print(f"seed {seed}: arsync asked for --date-format: {proc.stderr.strip()}")
            proc = subprocess.run([*cmd, "--date-format", "mdy"], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"seed {seed}: arsync refused the files (exit {proc.returncode}):\n{proc.stderr.strip()}")
        return
    score(gen, json.loads(proc.stdout), seed, show)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", metavar="DIR", help="write the three files to DIR and keep them")
    ap.add_argument("--show", metavar="KIND|missed|wrong", help="list a kind's lines, or clerk-applied lines not auto")
    args = ap.parse_args()
    if args.show not in (None, *KINDS, "missed", "wrong"):
        print(f"--show takes one of {', '.join(KINDS)}, missed, wrong")
        return
    try:
        run(args.seed, args.keep, args.show)
    except Exception:  # a benchmark reports; it does not fail
        traceback.print_exc()


if __name__ == "__main__":
    main()
