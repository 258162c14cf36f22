"""Cash application when the money comes from someone else than the customer on the invoice.

Run:  .venv/bin/python benchmarks/bench_match_payers.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Kinross & Hale Wholesale Ltd, a Leeds wholesaler of catering and cleaning supplies with an Irish trade (GBP invoices
with 20% VAT, zero-rated EUR invoices in the same Xero), is paid by parents for their subsidiaries (Brightwell Group
plc for Brightwell Retail Ltd and Brightwell Retail (Leeds) Ltd, sometimes both in one payment), by invoice-finance
houses and payment platforms (BIBBY FS, Close Brothers, iwoca, Modulr, Tide, Stripe payouts), by accountants' and
solicitors' client accounts, by NHS SBS for NHS trusts, by councils for their schools, and by customers whose names
look alike (Johnson & Sons Ltd, Johnson and Son Ltd, Johnsons Ltd, A Johnson; J Smith and John Smith T/A Smith
Electrical), are cut to 18 characters, trade as someone else (T/A) or changed since (the old name on the bank's side).
Per seed it writes (answers known only here) ``xero.csv``, Xero's invoice export of ~1,000 open invoices of 235
customers; the GBP credits spread over six UK exports, ``barclays.csv``, ``hsbc.csv`` (headerless), ``lloyds.csv``,
``natwest.csv`` (payer and reference cut to 18 characters, as BACS and Faster Payments carry them), ``starling.csv``
and ``monzo.csv`` (the payer's account name whole, the 18-character reference apart); the EUR credits in
``aib.camt053.xml`` (camt.053.001.02: Dbtr, UltmtDbtr, Ustrd, EndToEndId); and ``arsync.yaml``. It checks that
``arsync bank parse`` reads every line, runs ``arsync match --bank ... --ledger xero.csv --json`` and scores each
credit per kind through ``matchscore``.

A line's truth is what an AR clerk with the statement line and the ledger, and nothing else, would apply. A payer
(or a customer the reference names) is "any customer whose name could have been cut or shortened to what the bank
shows" (and, for a person's initial and surname, every sole trader of that initial and surname); a line without an
invoice number is payable only when exactly one set of up to four of those customers' open invoices makes the
amount. Otherwise a person decides (the kinds ending ``_amb``/``_blind``: every auto counts as wrong, a suggestion of
one of the sets as right). Non-customer credits (HMRC VAT, interest, director's loan, own transfers, supplier
refunds, insurance, a loan drawdown, a council's rates refund) have no truth: any auto is wrong.

Kinds: exact, name, po, po_unknown, po_trap (the customer's PO has another customer's invoice number), multi_ref,
multi_noref, trunc18, trading_as, alike, alike_trap (exact name, a look-alike has the same amount open), same_amount,
renamed, group_ref, group_ref2 (one payment, two subsidiaries named), group_noref, group_noref2, factor, agent,
agent_trap (an accountant who is a customer pays from its client account for a client, its own invoice of the same
amount open), public, nhs_sbs, school_council; review: alike_amb, bare_amb, renamed_blind, group_amb, platform_amb,
nhs_sbs_amb; noncustomer, debit. ``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import (
    ARSYNC,
    XERO_COLUMNS,
    C,
    Invoice,
    arguments,
    file_line,
    match,
    matches_by,
    plain,
    report,
    run,
    score_credits,
    workdir,
)

START, END = date(2026, 3, 2), date(2026, 3, 31)
US = "Kinross & Hale Wholesale Ltd"
CUT = ("barclays", "hsbc", "lloyds", "natwest")  # BACS / Faster Payments text: 18 characters a field
GBP_BANKS = {"barclays": 22, "lloyds": 18, "hsbc": 14, "natwest": 16, "starling": 16, "monzo": 14}
FILES = {"barclays": "barclays.csv", "hsbc": "hsbc.csv", "lloyds": "lloyds.csv", "natwest": "natwest.csv",
         "starling": "starling.csv", "monzo": "monzo.csv", "aib": "aib.camt053.xml"}  # fmt: skip
REVIEW = "alike_amb bare_amb renamed_blind group_amb platform_amb nhs_sbs_amb".split()
CLERK = "exact name po po_unknown po_trap multi_ref multi_noref trunc18 trading_as alike alike_trap same_amount".split()
CLERK += "renamed group_ref group_ref2 group_noref group_noref2 factor agent agent_trap public nhs_sbs".split()
CLERK += ["school_council"]
LEGAL_TAIL = {"LTD", "PLC", "LLP", "DAC", "TEORANTA", "UC", "UK", "UNLIMITED", "COMPANY"}
GARBAGE = ["", "", "PAYMENT", "INVOICE", "THANKS", "THANK YOU", "SUPPLIES", "MARCH", "ACCOUNT", "BACS", "STOCK",
           "GOODS", "WHOLESALE", "MARCH PAYMENT", "SUPPLIER PAYMENT"]  # fmt: skip
EUR_GARBAGE = ["", "Payment", "Supplier payment", "March payment", "Invoice payment", "Stock"]

PLACES = "Wharfedale Otley Ilkley Skipton Keighley Halifax Huddersfield Wakefield Pontefract Selby Tadcaster Wetherby"
PLACES += " Knaresborough Thirsk Malton Whitby Scarborough Beverley Driffield Barnsley Rotherham Doncaster Dewsbury"
PLACES += " Batley Morley Pudsey Calderdale Airedale Nidderdale Swaledale Wensleydale Holmfirth Hebden Todmorden"
TRADES = "Catering Supplies|Cafe|Bakery|Butchers|Deli|Hotel|Tearooms|Fish Bar|Pizzeria|Care Home|Day Nursery"
TRADES += "|Cleaning Services|Facilities Management|Dental Practice|Veterinary Surgery|Garage|Convenience Store"
TRADES += "|Pharmacy|Golf Club|Cricket Club|Leisure Centre|Brewery|Hair Studio|Pub Company|Kitchens|Foodservice"
FORMS = ["Ltd", "Ltd", "Ltd", "Limited", "LLP", "plc", "& Co Ltd", "(UK) Ltd", "Group Ltd"]
FIRST = "David Karen Paul Susan Mark Joanne Andrew Claire Stephen Helen Richard Nicola Graham Lisa Neil Amanda".split()
SURN = "Sykes Rhodes Greenwood Ackroyd Holroyd Sutcliffe Hirst Dyson Haigh Firth Crowther Ramsden Lockwood"
SURN += " Barraclough Wainwright Oldroyd Moorhouse Pickles Hinchliffe Brook"
IE_PLACES = "Athlone Mullingar Tullamore Kilkenny Carlow Wexford Waterford Clonmel Ennis Tralee Killarney Sligo"
IE_PLACES += " Letterkenny Castlebar Westport Navan Drogheda Dundalk Naas Bray Kinsale Bantry Dingle Cashel"
IE_SURN = "Murphy Kelly Byrne Ryan Walsh McCarthy Gallagher Dunne Brennan Quinn Kavanagh Nolan Fitzpatrick Moran"
IE_FORMS = ["Ltd", "Ltd", "Limited", "DAC", "Teoranta", "Unlimited Company"]
PRODUCTS = [("Centrefeed blue roll 2ply (6)", "14.95"), ("Nitrile gloves L (box 100)", "6.40"),
            ("Black refuse sacks (200)", "18.20"), ("Catering foil 450mm x 75m", "21.50"),
            ("Kraft takeaway boxes No.8 (200)", "32.80"), ("Paper cups 12oz (1000)", "54.00"),
            ("Heavy duty degreaser 5L", "13.75"), ("Toilet rolls 2ply (36)", "17.60"), ("Cling film 450mm", "9.85"),
            ("Washing up liquid 5L", "7.90"), ("Napkins 33cm 2ply (2000)", "28.40"),
            ("Disposable aprons (1000)", "24.60"), ("Hand sanitiser gel 5L", "19.99"),
            ("Pizza boxes 12in (100)", "23.15"), ("Vacuum pouches (1000)", "38.25"), ("Till rolls 57x40 (20)", "11.30"),
            ("Glass cleaner 750ml (6)", "8.45"), ("Wooden cutlery (1000)", "26.70")]  # fmt: skip

# name, currency, family (a group's subsidiaries, look-alikes), sole trader (initial, surname), former name
SPECIAL: list[tuple[str, str, str, tuple[str, str] | None, str]] = [
    ("Brightwell Retail Ltd", "GBP", "brightwell", None, ""),
    ("Brightwell Retail (Leeds) Ltd", "GBP", "brightwell", None, ""),
    ("Castlegate Hotels Ltd", "GBP", "castlegate", None, ""),
    ("Castlegate Inns (York) Ltd", "GBP", "castlegate", None, ""),
    ("Marlow Garden Centres Ltd", "GBP", "evergreen", None, ""),
    ("Hadley's Farm Shop Ltd", "GBP", "evergreen", None, ""),
    ("Kerrigan Foods Ltd", "EUR", "kerrigan", None, ""),
    ("Kerrigan Foods (Galway) Ltd", "EUR", "kerrigan", None, ""),
    ("Johnson & Sons Ltd", "GBP", "johnson", None, ""),
    ("Johnson and Son Ltd", "GBP", "johnson", None, ""),
    ("Johnsons Ltd", "GBP", "johnson", None, ""),
    ("A Johnson", "GBP", "johnson", ("A", "JOHNSON"), ""),
    ("J Smith", "GBP", "smith", ("J", "SMITH"), ""),
    ("John Smith T/A Smith Electrical", "GBP", "smith", ("J", "SMITH"), ""),
    ("D Patel T/A Patel News", "GBP", "patel", ("D", "PATEL"), ""),
    ("Patel Brothers (UK) Ltd", "GBP", "patel", None, ""),
    ("R Patel", "GBP", "patel", ("R", "PATEL"), ""),
    ("Sarah Khan T/A The Cake Box", "GBP", "khan", ("S", "KHAN"), ""),
    ("Khan's Cash & Carry Ltd", "GBP", "khan", None, ""),
    ("Michael O'Brien T/A O'Brien Decorators", "GBP", "obrien", ("M", "OBRIEN"), ""),
    ("Gareth Hughes T/A Hughes Plumbing & Heating", "GBP", "hughes", ("G", "HUGHES"), ""),
    ("St Mary's Catholic Primary School", "GBP", "stmarys", None, ""),
    ("St Mary's CofE Primary School", "GBP", "stmarys", None, ""),
    ("Harrogate Catering Supplies Ltd", "GBP", "harrocat", None, ""),
    ("Harrogate Catering Equipment Ltd", "GBP", "harrocat", None, ""),
    ("Pennine Scaffolding Services Ltd", "GBP", "pennine", None, ""),
    ("Pennine Scaffolding (Yorkshire) Ltd", "GBP", "pennine", None, ""),
    ("Leeds City Council", "GBP", "leedscity", None, ""),
    ("Leeds City College", "GBP", "leedscity", None, ""),
    ("Northstar Foods Ltd", "GBP", "", None, "Pickering Provisions Ltd"),
    ("Vale Dental Group Ltd", "GBP", "", None, "Smile Dental Care Ltd"),
    ("Halden Artisan Bakery Ltd", "GBP", "", None, "Halden & Daughters Ltd"),
    ("Ashcroft Care Homes Ltd", "GBP", "", None, "Ashcroft Nursing Homes Ltd"),
    ("Pickering Plant Hire Ltd", "GBP", "", None, ""),
    ("Hargreaves & Co Accountants Ltd", "GBP", "", None, ""),
    ("Hale Joinery Ltd", "GBP", "", None, ""),
    ("Leeds Teaching Hospitals NHS Trust", "GBP", "nhs", None, ""),
    ("Harrogate and District NHS Foundation Trust", "GBP", "nhs", None, ""),
    ("Airedale NHS Foundation Trust", "GBP", "nhs", None, ""),
    ("Bradford Teaching Hospitals NHS Foundation Trust", "GBP", "nhs", None, ""),
    ("Kirklees Council", "GBP", "", None, ""),
    ("North Yorkshire Council", "GBP", "", None, ""),
    ("Harrogate High School", "GBP", "", None, ""),
    ("Ripon Grammar School", "GBP", "", None, ""),
    ("Doyle Hospitality Ltd", "EUR", "", None, ""),
    ("Ó Súilleabháin Foods Teoranta", "EUR", "", None, ""),
    ("O'Brien Catering Ltd", "EUR", "", None, ""),
    ("Health Service Executive", "EUR", "", None, ""),
    ("Cork County Council", "EUR", "", None, ""),
    ("Galway City Council", "EUR", "", None, ""),
    ("St. Mary's National School", "EUR", "", None, ""),
]
GROUPS = {"brightwell": ["BRIGHTWELL GROUP PLC", "Brightwell Group plc", "BRIGHTWELL GROUP"],
          "castlegate": ["CASTLEGATE LEISURE GROUP LTD", "Castlegate Leisure Group Ltd"],
          "evergreen": ["EVERGREEN RETAIL HOLDINGS LTD", "Evergreen Retail Holdings Ltd"],
          "kerrigan": ["Kerrigan Group Holdings DAC", "KERRIGAN GROUP HOLDINGS DAC"]}  # fmt: skip
BLIND = ("Northstar Foods Ltd", "Vale Dental Group Ltd")
NAMED_GROUPS = {"brightwell", "castlegate", "kerrigan"}  # the parent's name says whose invoices it pays
FACTORS = ["BIBBY FS", "Bibby Financial Services Ltd", "Close Brothers Invoice Finance", "Ultimate Finance Ltd",
           "MarketFinance Ltd", "iwoca Ltd", "Modulr FS Ltd", "MODULR FS", "TIDE", "Tide Platform Ltd"]  # fmt: skip
EU_FACTORS = ["Bibby Financial Services (Ireland) Ltd", "Bank of Ireland Invoice Finance", "Grenke Finance Ireland"]
AGENTS = ["HARGREAVES & CO CLIENT A/C", "KPM ACCOUNTANTS LLP CLIENT AC", "WARD HADAWAY LLP CLIENT ACCOUNT",
          "BLACKSTONE LAW CLIENT ACCOUNT", "R PATTERSON & CO SOLICITORS CLIENT"]  # fmt: skip
STRANGERS = ["MR P WALSH", "MRS K OKAFOR", "L NOWAK", "MR S AHMED", "MISS R DUNCAN", "T FERREIRA"]


@dataclass(eq=False)
class Cust:
    name: str
    ccy: str
    family: str = ""
    person: tuple[str, str] | None = None
    old: str = ""
    invoices: list[Inv] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)

    @property
    def core(self) -> str:  # the name without its legal form, as a payer writes it in a reference
        words = norm(self.name.split(" T/A ")[-1]).split()
        while len(words) > 1 and words[-1] in LEGAL_TAIL:
            words.pop()
        return " ".join(words).replace(" AND ", " & ")


@dataclass(eq=False)
class Inv(Invoice):
    ref: str = ""

    def tax_rate(self) -> Decimal:
        return Decimal("0.20") if self.cust.ccy == "GBP" else Decimal(0)


@dataclass(eq=False)
class Credit:
    kind: str
    ccy: str
    amount: Decimal
    bank: str
    payer: str  # as the bank shows it
    ref: str  # as the bank shows it
    day: date
    truth: list[tuple[str, ...]] | None
    note: str = ""
    ultimate: str = ""  # camt UltmtDbtr
    e2e: str = ""
    code: str = ""  # payment type: fp, bacs, chq, int, tfr, dd
    line: int = 0
    text: str = ""  # the description as written


def norm(s: str) -> str:
    s = plain(s).upper().replace("&", " AND ").replace("'", "").replace(".", "")
    s = "".join(ch if ch.isalnum() else " " for ch in s)
    return " ".join("LTD" if w == "LIMITED" else w for w in s.split())


def bacs(s: str) -> str:
    """What BACS and Faster Payments carry: upper case, A-Z 0-9 and ``&-./`` (an apostrophe is dropped)."""
    s = plain(s).upper().replace("'", "")
    return " ".join("".join(ch if ch.isalnum() or ch in "&-./" else " " for ch in s).split())


def cut(s: str, n: int = 18) -> str:
    return bacs(s)[:n].rstrip()


def digits_in(n: str, text: str) -> bool:
    return re.search(rf"(?<!\d){n}(?!\d)", text) is not None


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"payers:{seed}")
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.used: set[str] = set()
        self.credits: list[Credit] = []
        self.twins: dict[str, list[tuple[Inv, Inv]]] = defaultdict(list)
        self.kept: set[int] = set()  # id() of invoices kept for the same-amount cases

    # ---- customers and invoices ----------------------------------------------------------------------------
    def customers(self) -> None:
        r, seen = self.r, set()
        for name, ccy, fam, person, old in SPECIAL:
            self.custs.append(Cust(name, ccy, fam, person, old))
            seen.add(norm(name))
        while len(self.custs) < 235:
            eur, roll = len(self.custs) >= 195, r.random()
            if eur:
                first = r.choice(IE_PLACES.split()) if roll < 0.6 else r.choice(IE_SURN.split())
                name, person = f"{first} {r.choice(TRADES.split('|'))} {r.choice(IE_FORMS)}", None
            elif roll < 0.1:
                f, s = r.choice(FIRST), r.choice(SURN.split())
                name, person = (
                    f"{f} {s} T/A {r.choice(PLACES.split())} {r.choice(TRADES.split('|'))}",
                    (f[0], s.upper()),
                )
            elif roll < 0.22:
                a, b = r.sample(SURN.split(), 2)
                name, person = f"{a} & {b} {r.choice(['Ltd', 'LLP', 'Limited'])}", None
            else:
                name, person = f"{r.choice(PLACES.split())} {r.choice(TRADES.split('|'))} {r.choice(FORMS)}", None
            key = norm(name.split(" T/A ")[-1])
            key = " ".join(w for w in key.split() if w not in LEGAL_TAIL)
            if key not in seen:
                seen.add(key)
                self.custs.append(Cust(name, "EUR" if eur else "GBP", "", person))
        for c in self.custs:
            parts = [c.name, *c.name.split(" T/A ")] if " T/A " in c.name else [c.name]
            for p in parts:
                words = norm(p).split()
                c.forms.append(" ".join(words))
                while len(words) > 1 and words[-1] in LEGAL_TAIL:
                    words.pop()
                c.forms.append(" ".join(words))
                if words[0] == "THE":
                    c.forms.append(" ".join(words[1:]))

    def invoice(self, c: Cust, lines: list[tuple[str, Decimal, Decimal]] | None = None) -> Inv:
        r = self.r
        if lines is None:
            if r.random() < 0.12:  # the monthly consumables pack of the customer's agreement
                lines = [("Monthly consumables pack", Decimal(1), Decimal(r.choice(["150", "250", "400", "600"])))]
            else:
                lines = [(d, Decimal(r.randint(1, 30)), Decimal(p)) for d, p in r.sample(PRODUCTS, r.randint(1, 6))]
                if r.random() < 0.4:
                    lines.append(("Delivery", Decimal(1), Decimal("12.50")))
        issued = date(2025, 12, 1) + timedelta(days=r.randint(0, 113))
        inv = Inv("", c, issued, issued + timedelta(days=30), lines)
        if r.random() < 0.25:
            inv.ref = r.choice(["PO {}", "PO-{}", "PO{}"]).format(r.randint(30000, 89999))
        c.invoices.append(inv)
        self.invs.append(inv)
        return inv

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            n = r.randint(4, 8) if c.family in GROUPS or c.family == "nhs" else r.choice([1, 2, 3, 3, 4, 4, 5, 6])
            for _ in range(max(n, 3 if c.family or c.old else 1)):
                self.invoice(c)
        fams = defaultdict(list)
        for c in self.custs:
            if c.family:
                fams[c.family].append(c)
        plan = {"smith": 2, "stmarys": 2, "harrocat": 2, "pennine": 2, "brightwell": 3, "castlegate": 1}
        plan |= {"kerrigan": 2, "evergreen": 1, "nhs": 3, "johnson": 3, "patel": 1, "khan": 1, "leedscity": 1}
        for fam, n in plan.items():  # the same amount open at two members of one family
            for _ in range(n):
                a, b = r.sample(fams[fam], 2)
                mine = self.invoice(a)
                self.twins[fam].append((mine, self.invoice(b, list(mine.lines))))
        plain_custs = [c for c in self.custs if not c.family and not c.old and c.ccy == "GBP"]
        hargreaves = self.cust("Hargreaves & Co Accountants Ltd")
        for _ in range(4):  # an accountant's own invoice of a client's amount
            mine = self.invoice(r.choice([c for c in plain_custs if c is not hargreaves]))
            self.twins["agent"].append((mine, self.invoice(hargreaves, list(mine.lines))))
        for _ in range(40):  # the same amount at two unrelated customers
            ccy = "EUR" if r.random() < 0.2 else "GBP"
            a, b = r.sample([c for c in self.custs if not c.family and c.ccy == ccy and c is not hargreaves], 2)
            mine = self.invoice(a)
            self.twins["cross"].append((mine, self.invoice(b, list(mine.lines))))
        for inv in self.invs:
            if r.random() < 0.06 and inv.total > 300:
                inv.paid = (inv.total * Decimal(r.choice(["0.5", "0.4"]))).quantize(Decimal(1))
        for fam in [*plan, "agent", "cross"]:
            for a, b in self.twins[fam]:
                b.paid = a.paid
                self.kept.update((id(a), id(b)))
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=r.randint(13000, 13900)):
            inv.number = f"INV-{n}"

    def cust(self, name: str) -> Cust:
        return next(c for c in self.custs if c.name == name)

    # ---- who a clerk could take a name for, and what an amount could pay -----------------------------------
    def compatible(self, shown: str, ccy: str) -> set[Cust]:
        s = norm(shown)
        if not s:
            return set()
        return {
            c for c in self.custs if c.ccy == ccy and any(f.startswith(s) or s.startswith(f + " ") for f in c.forms)
        }

    def persons(self, c: Cust) -> set[Cust]:
        return {d for d in self.custs if c.person and d.person == c.person} | {c}

    def ways(self, custs: set[Cust], amount: Decimal, ccy: str, kmax: int = 4) -> list[tuple[str, ...]]:
        """The sets of up to ``kmax`` open invoices of ``custs`` that make ``amount`` (at most six)."""
        pool = [(int(i.due * 100), i.number) for c in custs if c.ccy == ccy for i in c.invoices]
        pool.sort()
        target, found = int(amount * 100), []
        for k in range(1, kmax + 1):
            if k == 4 and len(pool) > 22:
                break
            for combo in combinations(pool, k):
                if sum(x for x, _ in combo) == target:
                    found.append(tuple(sorted(n for _, n in combo)))
                    if len(found) > 5:
                        return found
        return found

    # ---- banks --------------------------------------------------------------------------------------------
    def bank(self, ccy: str, among: tuple[str, ...] = ()) -> str:
        if ccy == "EUR":
            return "aib"
        names = [b for b in GBP_BANKS if not among or b in among]
        return self.r.choices(names, [GBP_BANKS[b] for b in names])[0]

    def shown(self, bank: str, payer: str, ref: str) -> tuple[str, str]:
        """(payer, reference) as ``bank`` prints them."""
        if bank == "aib":
            return payer, ref
        ref = ref[:18].rstrip() if bank in ("starling", "monzo") else cut(ref)
        return (payer[:40] if bank in ("starling", "monzo") else cut(payer)), ref

    def day(self, invs: list[Inv]) -> date:
        first = max([START, *(i.issued + timedelta(days=2) for i in invs)])
        return min(END, first + timedelta(days=self.r.randint(0, 24)))

    def free(self, c: Cust) -> list[Inv]:  # open, not paid by another line, not kept for a same-amount case
        return [i for i in c.invoices if i.number not in self.used and i.due > 0 and id(i) not in self.kept]

    def add(self, kind: str, invs: list[Inv], bank: str, payer: str, ref: str, **kw: Any) -> Credit:
        """kw: truth (default: these invoices), amount, ultimate, e2e, code, note, day."""
        amount = kw.get("amount") or sum((i.due for i in invs), Decimal(0))
        truth = kw["truth"] if "truth" in kw else [tuple(sorted(i.number for i in invs))]
        ccy = invs[0].cust.ccy if invs else kw["ccy"]
        code = kw.get("code") or ("bacs" if self.r.random() < 0.3 else "fp")
        cr = Credit(kind, ccy, amount, bank, payer, ref, kw.get("day") or self.day(invs), truth, kw.get("note", ""),
                    kw.get("ultimate", ""), kw.get("e2e", ""), code)  # fmt: skip
        self.credits.append(cr)
        self.used.update(i.number for i in invs)
        return cr

    # ---- what payers write --------------------------------------------------------------------------------
    def inv_ref(self, inv: Inv, eur: bool = False) -> str:
        n = inv.number[4:]
        if eur:
            forms = ["INV-{n}", "Invoice INV-{n}", "Inv {n}", "Payment INV-{n}", "INV{n} {c}", "{c} - Invoice {n}",
                     "Invoice no. {n} thank you", "INV-{n} {c}"]  # fmt: skip
        else:
            forms = ["INV-{n}", "INV{n}", "{n}", "INV {n}", "INVOICE {n}", "INVOICE NO {n}", "PAYMENT INV{n}",
                     "INV{n} THANKS", "{n} {c8}", "INV NO {n}", "INV-{n}", "{n}"]  # fmt: skip
        return self.r.choice(forms).format(n=n, c=inv.cust.core.title(), c8=inv.cust.core[:8].rstrip())

    def multi_ref(self, invs: list[Inv], eur: bool = False) -> str:
        ds = [i.number[4:] for i in invs]
        if eur:
            return self.r.choice(["INV-{} ", "Invoices {} ", "Inv {}, "]).format(ds[0]) + ", ".join(ds[1:])
        forms = ["INV" + "/".join(ds), "/".join(ds), " ".join(ds), "INV" + "+".join(ds), ",".join(ds)]
        if len(ds) == 2:
            forms += [f"INV {ds[0]} & {ds[1]}", f"INV{ds[0]} INV{ds[1]}"]
            forms += [f"{ds[0]}/{ds[1][-2:]}"] if ds[0][:3] == ds[1][:3] else []  # the end replaced: 13621/90
        return self.r.choice([f for f in forms if len(f) <= 18])

    def own_payer(self, c: Cust) -> tuple[str, set[Cust], str]:
        """(the account name the customer pays from, customers a clerk takes its person form for, how)."""
        r, up = self.r, plain(c.name).upper()
        forms = [(up, "upper"), (c.name, "title")]
        core = " ".join(w for w in up.split() if w not in ("LTD", "LIMITED", "PLC", "LLP", "DAC", "TEORANTA"))
        forms += [(core, "nolegal")] if core != up else []
        forms += [(up.replace(" LTD", " LIMITED"), "limited")] if up.endswith(" LTD") else []
        forms += [(up.replace("&", "AND"), "and")] if "&" in up else []
        forms += [(up.replace(" AND ", " & "), "amp")] if " AND " in up else []
        forms += [(up.replace(" (UK)", ""), "no-uk")] if "(UK)" in up else []
        if " T/A " in up:
            owner, trade = up.split(" T/A ")
            ws = owner.replace("'", "").split()
            title = "MRS" if ws[0] in ("SARAH", "KAREN", "SUSAN", "JOANNE", "CLAIRE", "HELEN", "NICOLA") else "MR"
            forms += [(owner, "owner"), (trade, "trade"), (f"{title} {ws[0][0]} {ws[-1]}", "mr"), (trade, "trade")]
        elif c.person:
            forms += [(f"MR {c.person[0]} {c.person[1]}", "mr")]
        name, how = r.choice(forms)
        return name, (self.persons(c) if c.person and how in ("owner", "mr", "upper", "title") else {c}), how

    def intermediary_ref(self, inv: Inv, eur: bool = False) -> tuple[str, str, str]:
        """(reference, the client's name as written in it, form) that a payer for ``inv``'s customer writes."""
        r, c, n = self.r, inv.cust, inv.number[4:]
        name = r.choice([c.core, plain(c.name.split(" T/A ")[-1]).upper()])
        if eur:
            form = r.choice(["obo", "re", "name_num", "num"])
            text = {"obo": f"On behalf of {c.name} INV-{n}", "re": f"Re {c.name}", "name_num": f"{c.name} inv {n}",
                    "num": f"INV-{n}"}[form]  # fmt: skip
            return text, c.name, form
        form = r.choice(["re", "re", "obo", "name", "name_num", "num_name", "num"])
        short = bacs(name)[: 17 - len(n)].rstrip()
        text = {"re": f"RE {name}", "obo": f"OBO {name}", "name": name, "name_num": f"{short} {n}",
                "num_name": f"{n} {short}", "num": f"INV{n}"}[form]  # fmt: skip
        return text, name, form

    def client_named(self, inv: Inv, bank: str, ref: str, form: str, name: str) -> set[Cust]:
        """The customers a clerk could take the client named in ``ref`` (as shown) for."""
        if form == "num":
            return set()
        if bank == "aib":
            return self.compatible(name, inv.cust.ccy)
        shown = {"re": ref[3:], "obo": ref[4:], "name": ref}.get(form, re.sub(r"\b\d{5}\b", "", ref))
        return self.compatible(shown, inv.cust.ccy)

    # ---- the credits ----------------------------------------------------------------------------------------
    def build(self) -> World:
        self.customers()
        self.invoices()
        self.own_payments()
        self.lookalikes()
        self.groups()
        self.intermediaries()
        self.public()
        self.noncustomer()
        return self

    def pick(self, ccy: str | None = None, plain_only: bool = True) -> Cust:
        pool = [c for c in self.custs if (not plain_only or (not c.family and not c.old)) and self.free(c)]
        return self.r.choice([c for c in pool if ccy is None or c.ccy == ccy])

    def noref_unique(self, kind: str, c: Cust, invs: list[Inv], tries: int = 1, **kw: Any) -> bool:
        """A payment of ``invs`` from ``c`` by name alone, when the amount says which (``kw``: bank, payer)."""
        amount = sum((i.due for i in invs), Decimal(0))
        bank = kw.get("bank") or self.bank(c.ccy)
        name, explicit, how = self.own_payer(c) if "payer" not in kw else (kw["payer"], {c}, "given")
        payer, ref = self.shown(bank, name, self.r.choice(EUR_GARBAGE if c.ccy == "EUR" else GARBAGE))
        pool = self.compatible(payer, c.ccy) | explicit
        if c not in pool or self.ways(pool, amount, c.ccy) != [tuple(sorted(i.number for i in invs))]:
            return False
        self.add(kind, invs, bank, payer, ref, note=kw.get("note", how))
        return True

    def own_payments(self) -> None:
        r = self.r
        for k in range(60):  # the customer pays, naming the invoice
            c = self.pick("EUR" if k % 4 == 0 else "GBP", plain_only=k % 3 != 0)
            inv, bank = r.choice(self.free(c)), self.bank(c.ccy)
            payer, ref = self.shown(bank, self.own_payer(c)[0], self.inv_ref(inv, c.ccy == "EUR"))
            e2e = inv.number if bank == "aib" and r.random() < 0.2 else ""
            self.add("exact", [inv], bank, payer, ref, e2e=e2e)
        made = 0
        for _ in range(400):  # by name alone
            c = self.pick("EUR" if made % 4 == 0 else "GBP")
            made += made < 30 and self.noref_unique("name", c, [r.choice(self.free(c))])
        for k in range(12):  # the customer's order number, on the invoice (Reference) or not
            c = self.pick("GBP", plain_only=False)
            inv = r.choice(self.free(c))
            if k < 7:
                inv.ref = inv.ref or f"PO {r.randint(30000, 89999)}"
                po = inv.ref.replace("PO-", "").replace("PO", "").strip()
                bank = self.bank("GBP")
                payer, ref = self.shown(bank, self.own_payer(c)[0], r.choice(["PO {}", "PO{}", "PO NO {}"]).format(po))
                self.add("po", [inv], bank, payer, ref, note=f"Xero Reference {inv.ref}")
            else:
                bank = self.bank("GBP")
                name, explicit, _ = self.own_payer(c)
                theirs = f"PO {r.randint(30000, 89999)}"
                payer, ref = self.shown(bank, name, theirs)
                pool = self.compatible(payer, "GBP") | explicit
                if inv.ref != theirs and self.ways(pool, inv.due, "GBP") == [(inv.number,)]:
                    self.add("po_unknown", [inv], bank, payer, ref, note="PO not in the ledger")
        made = 0
        for _ in range(300):  # the PO's digits are another customer's invoice number
            c = self.pick("GBP")
            inv = r.choice(self.free(c))
            other = r.choice([i for i in self.invs if i.cust.ccy == "GBP" and i.cust is not c and i.due != inv.due])
            bank = self.bank("GBP")
            name, explicit, _ = self.own_payer(c)
            payer, ref = self.shown(bank, name, r.choice(["PO {}", "PO{}", "ORDER NO {}", "P/O {}"]).format(
                other.number[4:]))  # fmt: skip
            pool = self.compatible(payer, "GBP") | explicit
            if made < 6 and self.ways(pool, inv.due, "GBP") == [(inv.number,)]:
                self.add("po_trap", [inv], bank, payer, ref, note=f"{other.number} is {other.cust.name}'s")
                made += 1
        for k in range(14):  # several invoices, named
            c = self.pick("EUR" if k % 4 == 0 else "GBP")
            avail = self.free(c)
            if len(avail) >= 2:
                invs = sorted(r.sample(avail, min(len(avail), r.choice([2, 2, 2, 3]))), key=lambda i: i.number)
                bank = self.bank(c.ccy)
                payer, ref = self.shown(bank, self.own_payer(c)[0], self.multi_ref(invs, c.ccy == "EUR"))
                self.add("multi_ref", invs, bank, payer, ref)
        made = 0
        for _ in range(300):  # several invoices, unnamed, the only set making the amount
            c = self.pick()
            avail = self.free(c)
            if made < 10 and len(avail) >= 3:
                made += self.noref_unique("multi_noref", c, sorted(r.sample(avail, 2), key=lambda i: i.number))
        made = 0
        longs = [c for c in self.custs if len(bacs(c.name)) > 18 and c.ccy == "GBP" and not c.old]
        for _ in range(300):  # names cut to 18 characters by BACS / Faster Payments
            c = r.choice(longs)
            if made < 14 and self.free(c):
                made += self.noref_unique("trunc18", c, [r.choice(self.free(c))], bank=self.bank("GBP", CUT),
                                          payer=plain(c.name).upper(), note="cut to 18")  # fmt: skip
        made = 0
        tas = [c for c in self.custs if " T/A " in c.name]
        for _ in range(300):  # sole traders paying as themselves or as their trade
            c = r.choice(tas)
            if made < 12 and self.free(c):
                made += self.noref_unique("trading_as", c, [r.choice(self.free(c))])
        for a, b in self.twins["cross"][:14]:  # the same amount open at another customer
            if a.number not in self.used and b.number not in self.used:
                self.noref_unique("same_amount", a.cust, [a], note=f"{b.number} of {b.cust.name} is the same")
        for a, b in self.twins["cross"][14:22]:  # nobody named: a stranger pays for someone
            if a.number in self.used or b.number in self.used:
                continue
            bank = self.bank(a.cust.ccy, CUT)
            payer, ref = self.shown(bank, r.choice(STRANGERS), r.choice(["INVOICE", "PAYMENT", "", "SUPPLIES"]))
            if a.cust.ccy == "EUR":
                payer, ref = r.choice(["J. Moran", "Payment", "M Kearney"]), r.choice(["Payment", "Invoice", ""])
            truth = self.ways(set(self.custs), a.due, a.cust.ccy, kmax=1)
            self.add("bare_amb", [a], bank, payer, ref, truth=truth, note=f"{a.number}/{b.number}")
            self.used.add(b.number)
        for c in [x for x in self.custs if x.old]:  # the old name on the bank's side
            blind = c.name in BLIND  # nothing in the old name says who it is now
            for k in range(2):
                avail = self.free(c)
                if not avail:
                    break
                inv, bank = r.choice(avail), self.bank("GBP")
                if k == 0:
                    payer, ref = self.shown(bank, plain(c.old).upper(), self.inv_ref(inv))
                    self.add("renamed", [inv], bank, payer, ref, note=f"was {c.old}")
                elif blind:
                    payer, ref = self.shown(bank, plain(c.old).upper(), r.choice(GARBAGE))
                    self.add("renamed_blind", [inv], bank, payer, ref, note=f"was {c.old}")
                else:
                    word = norm(c.name).split()[0]
                    explicit = {d for d in self.custs if word in norm(d.name).split()}
                    payer, ref = self.shown(bank, plain(c.old).upper(), r.choice(GARBAGE))
                    if self.ways(self.compatible(payer, "GBP") | explicit, inv.due, "GBP") == [(inv.number,)]:
                        self.add("renamed", [inv], bank, payer, ref, note=f"was {c.old}, no reference")

    def lookalikes(self) -> None:
        r = self.r
        fams = [c for c in self.custs if c.family in ("johnson", "smith", "patel", "khan", "stmarys", "harrocat",
                                                       "pennine", "leedscity", "obrien", "hughes")]  # fmt: skip
        made = 0
        for _ in range(300):
            c = r.choice(fams)
            if made < 14 and self.free(c):
                made += self.noref_unique("alike", c, [r.choice(self.free(c))])
        for fam in ("johnson", "patel", "khan", "leedscity"):  # exact name; a look-alike has the amount open too
            for a, b in self.twins[fam]:
                for mine in (a, b):
                    if mine.number in self.used:
                        continue
                    name = plain(mine.cust.name).upper()
                    if mine.cust.person or " T/A " in name:
                        continue
                    other = b if mine is a else a
                    if self.noref_unique("alike_trap", mine.cust, [mine], payer=name,
                                         note=f"{other.number} of {other.cust.name} is the same"):  # fmt: skip
                        break
        ambiguous = {"smith": ["MR J SMITH", "J SMITH"], "stmarys": ["ST MARYS SCHOOL FUND", "ST MARYS PRIMARY"],
                     "harrocat": ["HARROGATE CATERING"], "pennine": ["PENNINE SCAFFOLDING"],
                     "brightwell": ["BRIGHTWELL RETAIL"]}  # fmt: skip
        for fam, names in ambiguous.items():  # a name that could be either; the amount is open at both
            members = {c for c in self.custs if c.family == fam}
            for a, b in self.twins[fam][:2]:
                if a.number in self.used or b.number in self.used:
                    continue
                bank = self.bank("GBP", CUT)
                payer, ref = self.shown(bank, r.choice(names), r.choice(GARBAGE))
                truth = self.ways(members | self.compatible(payer, "GBP"), a.due, "GBP")
                self.add("alike_amb", [a], bank, payer, ref, truth=truth, note=f"{a.cust.name} / {b.cust.name}")
                self.used.add(b.number)

    def groups(self) -> None:
        r = self.r
        subs = {fam: [c for c in self.custs if c.family == fam] for fam in GROUPS}
        for fam, (a, b) in [(f, t) for f in GROUPS for t in self.twins[f]]:  # the amount is open at both
            if a.number in self.used or b.number in self.used:
                continue
            ccy, members = a.cust.ccy, set(subs[fam])
            bank = self.bank(ccy)
            payer, ref = self.shown(bank, r.choice(GROUPS[fam]), r.choice(GARBAGE if ccy == "GBP" else EUR_GARBAGE))
            truth = self.ways(members, a.due, ccy)
            self.add("group_amb", [a], bank, payer, ref, truth=truth, note=f"{a.cust.name} / {b.cust.name}")
            self.used.add(b.number)
        counts = Counter()
        for _ in range(2000):
            fam = r.choice(list(GROUPS))
            members = subs[fam]
            ccy = next(iter(members)).ccy
            avail = [i for c in members for i in self.free(c)]
            if len(avail) < 3:
                continue
            bank, want = self.bank(ccy), r.choice(["group_ref", "group_ref2", "group_noref", "group_noref2"])
            pair = [r.choice(self.free(c)) for c in members if self.free(c)]
            if want == "group_ref" and counts[want] < 12:
                inv = r.choice(avail)
                text = self.inv_ref(inv, ccy == "EUR")
                if ccy == "EUR" and r.random() < 0.5:
                    text = f"{inv.cust.name} {text}"
                payer, ref = self.shown(bank, r.choice(GROUPS[fam]), text)
                self.add(want, [inv], bank, payer, ref, note=f"for {inv.cust.name}")
            elif want == "group_ref2" and counts[want] < 7 and len(pair) == 2:
                pair.sort(key=lambda i: i.number)
                payer, ref = self.shown(bank, r.choice(GROUPS[fam]), self.multi_ref(pair, ccy == "EUR"))
                self.add(want, pair, bank, payer, ref, note=" + ".join(i.cust.name for i in pair))
            elif want in ("group_noref", "group_noref2") and counts[want] < (9 if want == "group_noref" else 5):
                invs = [r.choice(avail)] if want == "group_noref" else pair
                if len(invs) != (1 if want == "group_noref" else 2):
                    continue
                amount = sum((i.due for i in invs), Decimal(0))
                payer, ref = self.shown(bank, r.choice(GROUPS[fam]), r.choice(GARBAGE if ccy == "GBP" else EUR_GARBAGE))
                if self.ways(set(members), amount, ccy) != [tuple(sorted(i.number for i in invs))]:
                    continue
                note = " + ".join(i.cust.name for i in invs)
                if fam not in NAMED_GROUPS:  # the parent's name says nothing: only a person who knows can tell
                    self.add("group_amb", invs, bank, payer, ref, note=f"{note}; the parent's name is not theirs")
                else:
                    self.add(want, invs, bank, payer, ref, note=note)
            else:
                continue
            counts[want] += 1

    def intermediaries(self) -> None:
        r = self.r
        made = Counter()
        for _ in range(800):  # factors, invoice finance and payment platforms; client accounts
            kind = r.choice(["factor", "factor", "agent"])
            eur = kind == "factor" and r.random() < 0.25
            if made[kind] >= (18 if kind == "factor" else 14):
                continue
            c = self.pick("EUR" if eur else "GBP", plain_only=r.random() < 0.7)
            if c.name.startswith("Hargreaves") or c.family in GROUPS or c.family == "nhs":
                continue
            inv = r.choice(self.free(c))
            bank = self.bank(c.ccy)
            who = r.choice(EU_FACTORS if eur else FACTORS if kind == "factor" else AGENTS)
            text, name, form = self.intermediary_ref(inv, eur)
            ultimate = ""
            if eur and r.random() < 0.5:  # SEPA names the customer paid for apart
                ultimate, text, form = c.name, r.choice([self.inv_ref(inv, True), r.choice(EUR_GARBAGE)]), "ultimate"
            payer, ref = self.shown(bank, who, text)
            if digits_in(inv.number[4:], ref) and not (bank == "aib" and "INV" not in ref.upper()):
                self.add(kind, [inv], bank, payer, ref, ultimate=ultimate, note=f"for {c.name}")
            else:
                named = {c} if form == "ultimate" else self.client_named(inv, bank, ref, form, name)
                if c in named and self.ways(named, inv.due, c.ccy) == [(inv.number,)]:
                    self.add(kind, [inv], bank, payer, ref, ultimate=ultimate, note=f"for {c.name}, by name")
                else:
                    continue
            made[kind] += 1
        hargreaves = self.cust("Hargreaves & Co Accountants Ltd")
        for client_inv, own in self.twins["agent"]:  # the accountant's own invoice has the client's amount
            c = client_inv.cust
            bank = self.bank("GBP")
            payer, ref = self.shown(bank, "HARGREAVES & CO CLIENT A/C", r.choice(["RE {}", "OBO {}"]).format(c.core))
            named = self.compatible(ref[3:] if ref.startswith("RE ") else ref[4:], "GBP")
            if c in named and self.ways(named, client_inv.due, "GBP") == [(client_inv.number,)]:
                self.add("agent_trap", [client_inv], bank, payer, ref, note=f"{own.number} of {hargreaves.name}")
        for k in range(8):  # platforms whose line names nobody
            c = self.pick("GBP")
            inv = r.choice(self.free(c))
            if k < 4:  # a Stripe payout of one card payment, net of Stripe's fee
                fee = (inv.due * Decimal("0.015") + Decimal("0.20")).quantize(C, ROUND_HALF_UP)
                bank = self.bank("GBP")
                payer, ref = self.shown(
                    bank, "STRIPE PAYMENTS UK", r.choice(["STRIPE", f"ST-{r.randint(10**9, 10**10)}"])
                )
                self.add("platform_amb", [inv], bank, payer, ref, amount=inv.due - fee, note=f"net of fee {fee}")
            else:
                bank = self.bank("GBP")
                payer, ref = self.shown(bank, r.choice(["MODULR FS", "TIDE", "Modulr FS Ltd"]), r.choice(GARBAGE))
                truth = self.ways(set(self.custs), inv.due, "GBP", kmax=1)
                self.add("platform_amb", [inv], bank, payer, ref, truth=truth, note=f"for {c.name}")

    def public(self) -> None:
        r = self.r
        nhs = {c for c in self.custs if c.family == "nhs"}
        for a, b in self.twins["nhs"][:2]:  # NHS SBS pays for every trust: the amount is open at two
            if a.number in self.used or b.number in self.used:
                continue
            bank = self.bank("GBP", CUT)
            payer, ref = self.shown(bank, "NHS SBS", f"REMIT {r.randint(10**5, 10**6 - 1):08d}")
            self.add("nhs_sbs_amb", [a], bank, payer, ref, truth=self.ways(nhs, a.due, "GBP"), note=b.number)
            self.used.add(b.number)
        made = Counter()
        for _ in range(600):
            c = r.choice(sorted(nhs, key=lambda x: x.name))
            if not self.free(c):
                continue
            inv, bank = r.choice(self.free(c)), self.bank("GBP", CUT)
            remit = f"{r.randint(10**5, 10**6 - 1):08d}"
            if made["nhs_sbs"] < 7:  # NHS Shared Business Services, its own remittance number
                payer, ref = self.shown(bank, "NHS SBS", r.choice([f"REMIT {remit}", remit, f"NHS SBS {remit}"]))
                if self.ways(nhs, inv.due, "GBP") == [(inv.number,)]:
                    self.add("nhs_sbs", [inv], bank, payer, ref, note=f"for {c.name}")
                    made["nhs_sbs"] += 1
            elif made["nhs"] < 6:  # the trust itself
                payer, ref = self.shown(bank, plain(c.name).upper(), r.choice([f"REMIT {remit}", self.inv_ref(inv)]))
                pool = self.compatible(payer, "GBP") | {c}
                if digits_in(inv.number[4:], ref) or self.ways(pool, inv.due, "GBP") == [(inv.number,)]:
                    self.add("public", [inv], bank, payer, ref, note="trust pays")
                    made["nhs"] += 1
        bodies = ["Leeds City Council", "Kirklees Council", "North Yorkshire Council", "Harrogate High School",
                  "Ripon Grammar School", "Leeds City College", "Health Service Executive", "Cork County Council",
                  "Galway City Council", "St. Mary's National School"]  # fmt: skip
        for k in range(40):
            c = self.cust(r.choice(bodies))
            if made["body"] >= 14 or not self.free(c):
                continue
            inv, bank = r.choice(self.free(c)), self.bank(c.ccy)
            name = plain(c.name).upper()
            if c.ccy == "EUR":
                text = r.choice([f"PAYMENT REF 4500{r.randint(100000, 999999)}", self.inv_ref(inv, True),
                                 f"EFT {r.randint(10**8, 10**9)} INV-{inv.number[4:]}"])  # fmt: skip
            elif c.name == "Kirklees Council" and k % 2:  # its supplier number for us, 5 digits like our invoices
                other = r.choice([i for i in self.invs if i.cust is not c and i.cust.ccy == "GBP"])
                text = f"SUPPLIER NO {other.number[4:]}"
            else:
                text = r.choice([f"BACS {r.randint(10**9, 10**10 - 1)}", f"REMIT {r.randint(10**9, 10**10 - 1)}",
                                 self.inv_ref(inv), f"{r.randint(10**9, 10**10 - 1)}"])  # fmt: skip
            payer, ref = self.shown(bank, name, text)
            pool = self.compatible(payer, c.ccy) | {c}
            if digits_in(inv.number[4:], ref) or self.ways(pool, inv.due, c.ccy) == [(inv.number,)]:
                self.add("public", [inv], bank, payer, ref, note=c.name)
                made["body"] += 1
        schools = {"NORTH YORKSHIRE COUNCIL": ["Harrogate High School", "Ripon Grammar School"],
                   "LEEDS CITY COUNCIL": ["St Mary's Catholic Primary School"]}  # fmt: skip
        for _ in range(60):  # a council pays for its maintained school
            council = r.choice(list(schools))
            c = self.cust(r.choice(schools[council]))
            if made["school"] >= 7 or not self.free(c):
                continue
            inv, bank = r.choice(self.free(c)), self.bank("GBP")
            text, name, form = self.intermediary_ref(inv)
            payer, ref = self.shown(bank, council, text)
            named = self.client_named(inv, bank, ref, form, name)
            if digits_in(inv.number[4:], ref) or (c in named and self.ways(named, inv.due, "GBP") == [(inv.number,)]):
                self.add("school_council", [inv], bank, payer, ref, note=c.name)
                made["school"] += 1

    def noncustomer(self) -> None:
        r = self.r
        hale = self.cust("Hale Joinery Ltd")
        gbp = [("HMRC VAT", "VAT REPAYMENT", "bacs"), ("HMRC VAT", f"{r.randint(10**8, 10**9)} VAT RPY", "bacs"),
               ("HMRC CUMBERNAULD", "CT REFUND", "bacs"), ("GROSS INTEREST", "", "int"), ("INTEREST PAID", "", "int"),
               ("MR T HALE", "DIRECTORS LOAN", "fp"), ("MR T HALE", "DLA INJECTION", "fp"),
               ("KINROSS & HALE WHOLESALE LTD", "TFR FROM SAVER", "tfr"),
               ("KINROSS & HALE WHOLESALE LTD", "SWEEP", "tfr"),
               ("BUNZL UK LTD", f"REFUND CN {r.randint(10000, 99999)}", "bacs"), ("BOOKER LTD", "REFUND", "bacs"),
               ("JANGRO LTD", "OVERPAYMENT REFUND", "fp"),
               ("AVIVA INSURANCE LTD", f"CLAIM {r.randint(10**6, 10**7)}", "bacs"),
               ("HISCOX UNDERWRITING", "CLAIM SETTLEMENT", "bacs"), ("FUNDING CIRCLE LTD", "LOAN ADVANCE", "bacs"),
               ("LEEDS CITY COUNCIL", "BUSINESS RATES REFUND", "bacs"),
               ("WORLDPAY", f"MERCH {r.randint(100000, 999999)}", "bacs")]  # fmt: skip
        eur = [("Revenue Commissioners", "VAT REPAYMENT 01-02 2026"), ("", "CREDIT INTEREST"),
               (US, "Transfer from GBP account"), ("FBD Insurance plc", f"Claim {r.randint(10**5, 10**6)} settlement"),
               ("Musgrave Wholesale Partners", f"Refund credit note CN-{r.randint(1000, 9999)}")]  # fmt: skip
        for k in range(34):
            ccy = "EUR" if k % 5 == 4 else "GBP"
            if ccy == "GBP":
                name, text, code = gbp[k % len(gbp)]
            else:
                (name, text), code = eur[(k // 5) % len(eur)], "bacs"
                code = "int" if "INTEREST" in text else code
            amount = Decimal(r.randint(500, 600000)) / 100
            if r.random() < 0.5:  # tempting: an open invoice's amount
                pool = hale.invoices if name == "MR T HALE" else [i for i in self.invs if i.cust.ccy == ccy]
                amount = r.choice(pool).due
            if code == "int":
                amount = Decimal(r.randint(50, 9000)) / 100
            bank = self.bank(ccy, ("starling", "monzo") if name.startswith("KINROSS") else ())
            payer, ref = self.shown(bank, name, text)
            day = START + timedelta(days=r.randint(0, 28))
            self.add("noncustomer", [], bank, payer, ref, truth=None, amount=amount, ccy=ccy, code=code, day=day)
        for k in range(18):
            ccy = "EUR" if k % 6 == 5 else "GBP"
            debits = [("HMRC PAYE", "123PA00456789"), ("BRAKES BROS LTD", "SUPPLIER PAYMENT"),
                      ("EDF ENERGY", "DD 88213"), ("BUNZL UK LTD", "PURCHASE LEDGER"),
                      ("SAGE UK LTD", "DD SUBSCRIPTION")]  # fmt: skip
            name, text = r.choice(debits) if ccy == "GBP" else ("DHL Express Ireland", "Invoice DUB88123")
            amount = -Decimal(r.randint(2000, 900000)) / 100
            bank = self.bank(ccy)
            payer, ref = self.shown(bank, name, text)
            self.add("debit", [], bank, payer, ref, truth=None, amount=amount, ccy=ccy, code="dd",
                     day=START + timedelta(days=r.randint(0, 28)))  # fmt: skip

    # ---- files ----------------------------------------------------------------------------------------------
    def write(self, out: Path) -> list[str]:
        with (out / "xero.csv").open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS, restval="")
            w.writeheader()
            for n, inv in enumerate(self.invs):
                c, dmy = inv.cust, "%d/%m/%Y"
                slug = "".join(ch for ch in plain(c.name).lower() if ch.isalnum())[:16]
                for (desc, qty, unit), (amt, tax) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": f"accounts@{slug}.example",
                                "POCity": "Leeds" if c.ccy == "GBP" else "Cork", "InvoiceNumber": inv.number,
                                "POCountry": "United Kingdom" if c.ccy == "GBP" else "Ireland", "Reference": inv.ref,
                                "InvoiceDate": inv.issued.strftime(dmy), "DueDate": inv.due_date.strftime(dmy),
                                "Total": f"{inv.total:.2f}", "TaxTotal": f"{sum(t for _, t in inv.amounts()):.2f}",
                                "InvoiceAmountPaid": f"{inv.paid:.2f}", "InvoiceAmountDue": f"{inv.due:.2f}",
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": f"{unit:.2f}",
                                "LineAmount": f"{amt:.2f}", "AccountCode": "200", "TaxAmount": f"{tax:.2f}",
                                "TaxType": "20% (VAT on Income)" if c.ccy == "GBP" else "Zero Rated Income",
                                "Type": "Sales invoice", "Currency": c.ccy, "Sent": "Sent",
                                "Status": "Awaiting Payment" if n % 4 == 3 else "AUTHORISED"})  # fmt: skip
        (out / "arsync.yaml").write_text(f"version: 1\nreports:\n  company_name: {US}\n", encoding="utf-8")
        by_bank: dict[str, list[Credit]] = defaultdict(list)
        for cr in sorted(self.credits, key=lambda x: (x.day, x.amount)):
            by_bank[cr.bank].append(cr)
        for bank, crs in by_bank.items():
            getattr(self, f"write_{bank}")(out / FILES[bank], crs)
        return [FILES[b] for b in FILES if b in by_bank]

    def write_barclays(self, path: Path, crs: list[Credit]) -> None:
        sub = {"fp": ("Funds Transfer", "FT"), "bacs": ("Direct Credit", "BGC"), "int": ("Interest", "INT"),
               "tfr": ("Funds Transfer", "TFR"), "dd": ("Direct Debit", "DDR")}  # fmt: skip
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Number", "Date", "Account", "Amount", "Subcategory", "Memo"])
            for cr in crs:
                name, tail = sub[cr.code]
                cr.text = f"{cr.payer:<18} {cr.ref:<18} {tail}"
                w.writerow([" ", f"{cr.day:%d/%m/%Y}", "20-32-06 13152170", f"{cr.amount:.2f}", name, cr.text])

    def write_hsbc(self, path: Path, crs: list[Credit]) -> None:
        with path.open("w", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL)
            for cr in crs:
                cr.text = f"{cr.payer:<18} {cr.ref}".rstrip() if self.r.random() < 0.5 else f"{cr.payer} {cr.ref}"
                w.writerow([f"{cr.day:%d/%m/%Y}", cr.text.rstrip(), f"{cr.amount:,.2f}"])

    def write_lloyds(self, path: Path, crs: list[Credit]) -> None:
        code = {"fp": "FPI", "bacs": "BGC", "int": "BGC", "tfr": "TFR", "dd": "DD"}
        balance = Decimal("61408.22") + sum((c.amount for c in crs), Decimal(0))
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow("Transaction Date|Transaction Type|Sort Code|Account Number|Transaction Description|"
                       "Debit Amount|Credit Amount|Balance".split("|"))  # fmt: skip
            for cr in reversed(crs):  # newest first
                cr.text = f"{cr.payer} {cr.ref}".strip() if self.r.random() < 0.6 else f"{cr.payer:<18} {cr.ref}"
                debit, credit = (f"{-cr.amount:.2f}", "") if cr.amount < 0 else ("", f"{cr.amount:.2f}")
                w.writerow([f"{cr.day:%d/%m/%Y}", code[cr.code], "'30-94-57", "12345678", cr.text.strip(), debit,
                            credit, f"{balance:.2f}"])  # fmt: skip
                balance -= cr.amount

    def write_natwest(self, path: Path, crs: list[Credit]) -> None:
        code = {"fp": "BAC", "bacs": "BAC", "int": "INT", "tfr": "TFR", "dd": "D/D"}
        balance = Decimal("18233.90")
        with path.open("w", newline="") as fh:
            fh.write("\nDate, Type, Description, Value, Balance, Account Name, Account Number\n")
            w = csv.writer(fh)
            for cr in crs:
                balance += cr.amount
                if cr.code == "fp":
                    stamp = f"{cr.day:%d/%m/%y} {self.r.randint(7, 19):02d}{self.r.randint(0, 59):02d}"
                    cr.text = f"{cr.payer} , {cr.ref} , FP {stamp} , {self.r.randint(10**17, 10**18 - 1)}"
                else:
                    cr.text = f"{cr.payer} {cr.ref}".strip()
                row = [f"{cr.day:%d/%m/%Y}", code[cr.code], "'" + cr.text, f"{cr.amount:.2f}", f"{balance:.2f}",
                       "'KINROSS & HALE WHO", "'604012-31926408", ""]  # fmt: skip
                w.writerow(row)

    def write_starling(self, path: Path, crs: list[Credit]) -> None:
        kind = {"fp": "FASTER PAYMENT", "bacs": "BACS", "int": "INTEREST", "tfr": "FASTER PAYMENT",
                "dd": "DIRECT DEBIT"}  # fmt: skip
        balance = Decimal("9120.04")
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Date", "Counter Party", "Reference", "Type", "Amount (GBP)", "Balance (GBP)",
                        "Spending Category", "Notes"])  # fmt: skip
            for cr in crs:
                balance += cr.amount
                cr.text = f"{cr.payer} | {cr.ref}"
                w.writerow([f"{cr.day:%d/%m/%Y}", cr.payer, cr.ref, kind[cr.code], f"{cr.amount:.2f}",
                            f"{balance:.2f}", "INCOME" if cr.amount > 0 else "BILLS_AND_SERVICES", ""])  # fmt: skip

    def write_monzo(self, path: Path, crs: list[Credit]) -> None:
        kind = {"fp": "Faster payment", "bacs": "Bacs (Direct Credit)", "int": "Interest", "tfr": "Faster payment",
                "dd": "Direct Debit"}  # fmt: skip
        balance = Decimal("4410.75")
        head = "Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,"
        head += "Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In,Balance,Balance currency"
        with path.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(head.split(","))
            for n, cr in enumerate(crs):
                balance += cr.amount
                cr.text = f"{cr.payer} | {cr.ref}"
                out, inn = (f"{cr.amount:.2f}", "") if cr.amount < 0 else ("", f"{cr.amount:.2f}")
                w.writerow([f"tx_0000{n:04d}AbCdEf{self.r.randint(1000, 9999)}", f"{cr.day:%d/%m/%Y}",
                            f"{self.r.randint(6, 20):02d}:{self.r.randint(0, 59):02d}:00", kind[cr.code], cr.payer, "",
                            "Income" if cr.amount > 0 else "Bills", f"{cr.amount:.2f}", "GBP", f"{cr.amount:.2f}",
                            "GBP", cr.ref, "", "", bacs(cr.payer), "", out, inn, f"{balance:.2f}", "GBP"])  # fmt: skip

    def write_aib(self, path: Path, crs: list[Credit]) -> None:
        r, iban = self.r, "IE29AIBK93115212345678"
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">', "<BkToCstmrStmt>",
                 f"<GrpHdr><MsgId>AIB{END:%Y%m%d}01</MsgId><CreDtTm>{END}T22:00:00</CreDtTm></GrpHdr>",
                 (f"<Stmt><Id>STMT-EUR-{END:%Y%m%d}</Id><CreDtTm>{END}T22:00:00</CreDtTm><FrToDt><FrDtTm>{START}"
                  f"T00:00:00</FrDtTm><ToDtTm>{END}T23:59:59</ToDtTm></FrToDt><Acct><Id><IBAN>{iban}</IBAN></Id>"
                  f"<Ccy>EUR</Ccy><Ownr><Nm>{escape(US)}</Nm></Ownr></Acct>")]  # fmt: skip
        opening = Decimal("22150.40")
        for code, bal, day in (("OPBD", opening, START), ("CLBD", opening + sum(c.amount for c in crs), END)):
            sign = "CRDT" if bal >= 0 else "DBIT"
            lines.append(f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(bal)}</Amt>'
                         f"<CdtDbtInd>{sign}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
        for k, cr in enumerate(crs):
            ind, amt = ("CRDT", cr.amount) if cr.amount > 0 else ("DBIT", -cr.amount)
            fam = (
                ("ACMT", "MCOP", "INTR") if cr.code == "int" else ("PMNT", "RCDT" if ind == "CRDT" else "ICDT", "ESCT")
            )
            lines.append(f'<Ntry><NtryRef>{k + 1}</NtryRef><Amt Ccy="EUR">{amt}</Amt><CdtDbtInd>{ind}</CdtDbtInd>'
                         f"<Sts>BOOK</Sts><BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt>"
                         f"<AcctSvcrRef>AIB{cr.day:%y%m%d}{k:05d}</AcctSvcrRef><BkTxCd><Domn><Cd>{fam[0]}</Cd><Fmly>"
                         f"<Cd>{fam[1]}</Cd><SubFmlyCd>{fam[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>")  # fmt: skip
            tx = f"<TxDtls><Refs><EndToEndId>{escape(cr.e2e or 'NOTPROVIDED')}</EndToEndId></Refs>"
            tx += f'<AmtDtls><TxAmt><Amt Ccy="EUR">{amt}</Amt></TxAmt></AmtDtls>'
            if cr.payer:
                role, acct = ("Dbtr", "DbtrAcct") if ind == "CRDT" else ("Cdtr", "CdtrAcct")
                other = f"IE{r.randint(10, 99)}BOFI{r.randint(10**13, 10**14 - 1)}"
                tx += f"<RltdPties><{role}><Nm>{escape(cr.payer)}</Nm></{role}><{acct}><Id><IBAN>{other}</IBAN></Id>"
                tx += f"</{acct}>" + (f"<UltmtDbtr><Nm>{escape(cr.ultimate)}</Nm></UltmtDbtr>" if cr.ultimate else "")
                tx += "</RltdPties>"
            tx += f"<RmtInf><Ustrd>{escape(cr.ref)}</Ustrd></RmtInf>" if cr.ref and cr.payer else ""
            info = cr.ref if not cr.payer else "SEPA CREDIT TRANSFER" if ind == "CRDT" else "SEPA PAYMENT"
            cr.text = f"{cr.payer} | {cr.ultimate} | {cr.ref} | e2e {cr.e2e}"
            lines += ["<NtryDtls>", tx + "</TxDtls>", f"</NtryDtls><AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>"]
        lines += ["</Stmt>", "</BkToCstmrStmt>", "</Document>"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def check_parse(world: World, out: Path, files: list[str]) -> list[str]:
    """Reads the files back; every credit gets the line the reader gives it (the files are written in day order)."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()}"]
    problems, by_file = [], defaultdict(list)
    for t in doc["transactions"]:
        by_file[Path(t["source"]["file"]).name].append(t)
    for bank, fname in FILES.items():
        got = sorted(by_file.pop(fname, []), key=lambda t: t["source"]["line"])
        mine = sorted((c for c in world.credits if c.bank == bank), key=lambda x: (x.day, x.amount))
        if bank == "lloyds":
            mine.reverse()
        if len(got) != len(mine):
            problems.append(f"{fname}: read {len(got)} transactions, wrote {len(mine)}")
        for cr, t in zip(mine, got):
            have, want = (
                (Decimal(str(t["amount"])), t["date"], t.get("currency")),
                (cr.amount, cr.day.isoformat(), cr.ccy),
            )
            dump = norm(" ".join(str(v) for v in (t.get("description"), t.get("counterparty"), t.get("references"))))
            lost = [w for w in norm(f"{cr.payer} {cr.ref} {cr.ultimate}").split() if w not in dump.split()]
            if have != want or lost:
                problems.append(f"{fname}:{t['source']['line']} read {have} want {want}; words lost {lost}")
            cr.line = t["source"]["line"]
    return problems + [f"{f}: read but never written" for f in by_file]


def score(world: World, doc: dict[str, Any], show: str) -> dict[str, Counter[str]]:
    def header(key: tuple[str, int], cr: Credit) -> str:
        return f"{key[0]}:{key[1]} {cr.ccy} {cr.amount} text={cr.text!r}\n    note={cr.note!r}"

    keyed = [((FILES[cr.bank], cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.bank, x.line))]
    return score_credits(keyed, matches_by(doc, file_line), show, header, review=REVIEW)


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_payers_") as out:
        files = world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices, {n_in} credits + "
              f"{len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
        for problem in check_parse(world, out, files):
            print("PARSE:", problem)
        doc = match(out, *(a for f in files for a in ("--bank", f)), "--ledger", "xero.csv", timed=True)
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
