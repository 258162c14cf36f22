"""Cash application for a US wholesale brand paid through marketplaces, AP platforms, card processors and a lockbox.

Run:  .venv/bin/python benchmarks/bench_match_platforms.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

The world: Juniper & Vale Goods Co., Portland OR (USD), sells candles, stationery and home goods wholesale to ~200
independent retailers (boutiques, gift shops, general stores; two store groups whose stores are customers of their
own, "Coastal Cottage Stores Inc - Naples"; six members of a buying co-op; shops whose bank account is in the name of
the owner's holding LLC; customers named like payment services: "Square One Home & Gift LLC", "Bill's General
Store", "Faire Isle Knits & Gifts", "Stripe & Sparrow Boutique"). Invoices (Dec 2025 - Mar 2026, no sales tax:
resale) are for cases of products, prepacks of the same price at many customers, freight; a retailer's own PO in
Reference / P.O. Number. Orders through wholesale marketplaces (Faire, Abound, Tundra) are invoiced either to the
retailer or to the marketplace as the customer (one or the other per seed), with the marketplace's order number in
Reference / P.O. Number; the marketplace pays the brand per payout, net of its commission (3%, 15% or 25%), and the
retailer never pays the brand for them. Per seed it writes, with answers only this script knows: the ledger (odd
seeds a QuickBooks Online "Open Invoices" report with a P.O. Number column, sub-customers "Group:Store", run with
``--currency USD``; even seeds Xero's invoice export, paid and open invoices, one row per line item); March 2026 of
the operating account as its bank exports it (seed % 3: 1 Chase CSV, 2 Bank of America CSV with its summary
preamble, 0 Wells Fargo's headerless CSV, which shows no ACH addenda); March of the collections account of a
commercial bank (seed % 4 in 1, 2: a prior-day BAI2 file, else camt.053.001.02): lockbox deposits, wires, CTX
payments with X12 ``N1``/``RMR`` addenda (camt: ``UltmtDbtr`` and ``Strd``); ``stripe-payouts.csv``, Stripe's
payout reconciliation itemized report of the Stripe payouts in the operating account; ``paypal.csv``, PayPal's
activity download. The credits: retailers' own ACH (invoice, PO or nothing in the addenda or IND ID; some several
invoices; some from the owner's holding LLC), wires, lockbox checks (one a line, or several in one deposit), remote
deposits; BILL.com payments ("BILL.COM PAYABLES" with the customer in IND NAME and the invoice or "MULTIPLE" in the
addenda); AvidXchange, Paymode-X, Corpay and Tipalti payments for one retailer, for a store group's stores or for
the co-op's members in one payment, with the invoices in the addenda, or only "remittance e-mailed", or nothing;
Melio and Plastiq payments; Resolve (net-terms) advances net of its fee; Faire and Abound payouts on the operating
account (the order numbers in the addenda, or only a payout id) and Tundra's through Tipalti on the collections
account (CTX with an RMR per order); Stripe payouts whose report rows carry the invoice in the description or in
``payment_metadata[invoice_number]``, or only the customer's name and e-mail, or a virtual card of an AP platform,
or nothing, and refunds; Square and Shopify payouts with no records; PayPal payments (Invoice Number, a note, a
name) and PayPal's transfers to the bank; interest, transfers, tax refunds, a Shopify Capital advance, marketplace
reimbursements; debits. It checks that ``arsync bank parse`` reads every line, item and payout as written, runs
``arsync match --bank <csv> --bank <bai2|camt> --bank stripe-payouts.csv --bank paypal.csv --ledger <ledger>
--json`` and scores every credit through ``matchscore``: by remittance item where the file itemizes the line (a
Stripe payout's rows, a CTX line's RMR segments, a camt lockbox deposit's checks), else by line.

Truth is what an experienced AR clerk applies with the same files. A payment service's name (BILL.COM, AVIDXCHANGE,
STRIPE, FAIRE ...) is never the customer; the customer is whoever the remittance names (IND NAME, N1*PR,
UltmtDbtr, the addenda, the report row); a batched payment of several customers' invoices applies each named
invoice; a marketplace payout applies the orders it names (the invoices whose Reference is that order number, net
of commission); a processor payout is applied only where its report rows tie each charge to an invoice (by number,
or by the customer's name or e-mail and the amount). A payment that names its customer but no invoice is the clerk's
when one set of up to four of that customer's open invoices (issued by then) makes the amount, or only single
invoices of that amount do (equivalent: any of them is right); else a person picks. Clerk kinds: ach_inv,
ach_multi, ach_po (the retailer's PO), ach_name (name only),
ach_dba_inv (the owner's LLC pays, naming the invoice), wire_inv, lockbox_inv, lockbox_name, lockbox_person (the
owner's personal check, the stub names the invoice), lockbox_batch (a BAI2 lockbox deposit of several checks, each
item named in the text), bill_inv, bill_multi, bill_name, ap_inv, ap_name_fit, ap_group, coop_batch, melio_plastiq,
resolve_adv, mkt_order, mkt_orders, card_inv, card_meta, card_name, card_vcard_inv, paypal_inv, paypal_note,
paypal_name. REVIEW kinds (a person must look it up: any auto is wrong; a suggestion of the true set counts right):
ach_name_amb, bill_name_amb, lockbox_name_amb, ap_email (the remittance went by e-mail and several sets fit),
ap_noname (no customer, no invoice), resolve_bare, mkt_bare (only a payout id: the portal says which orders),
card_name_amb, card_vcard_bare, card_bare, card_norec (a Square payout of retailers' card payments, no records),
check_mobile (a remote deposit names nobody), paypal_name_amb. No invoice: card_sales (trade-show, webshop and
pop-up payouts), paypal_transfer (PayPal's transfer of payments applied from paypal.csv), refund, noncustomer;
debits only count whether anything was applied. A line whose items arsync decided as one is scored whole (its own
kind, or whole_line / whole_line_review, the items' truths joined). Every auto is also checked never to apply more
than an invoice's open amount, than the payer paid for that invoice (a marketplace order's net, not its gross) or
than the payment, also summed over all lines; an auto of part of what the remittance names, each invoice at what was
paid for it, the rest left unapplied, is scored as a right suggestion and listed. ``--show KIND|missed|wrong``
prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import io
import random
import string
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, product
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import (
    ARSYNC,
    XERO_COLUMNS,
    C,
    Invoice,
    Match,
    Table,
    Verdict,
    arguments,
    label,
    match,
    plain,
    reasons,
    report,
    run,
    score_credits,
    workdir,
)

ZERO = Decimal(0)
FIRM = "Juniper & Vale Goods Co."
FIRM22 = "JUNIPER & VALE GOODS C"  # NACHA's 22-character receiver name
START, END = date(2026, 3, 2), date(2026, 3, 31)
FIRST_ISSUE, LAST_ISSUE = date(2025, 12, 1), date(2026, 3, 24)
PRIMARY = {1: ("chase", "chase.csv"), 2: ("bofa", "bofa.csv"), 0: ("wf", "wellsfargo.csv")}
STRIPE_FILE, PAYPAL_FILE = "stripe-payouts.csv", "paypal.csv"

CLERK = """ach_inv ach_multi ach_po ach_name ach_dba_inv wire_inv lockbox_inv lockbox_name lockbox_person lockbox_batch
bill_inv bill_multi bill_name ap_inv ap_name_fit ap_group coop_batch melio_plastiq resolve_adv mkt_order mkt_orders
card_inv card_meta card_name card_vcard_inv paypal_inv paypal_note paypal_name whole_line""".split()
REVIEW = """ach_name_amb bill_name_amb lockbox_name_amb lockbox_batch_amb ap_email ap_noname resolve_bare mkt_bare
card_name_amb card_vcard_bare card_bare card_norec check_mobile paypal_name_amb whole_line_review""".split()
# how many of each scenario a world has
PLAN = {"ach_inv": 16, "ach_multi": 5, "ach_po": 5, "ach_name": 10, "ach_dba_inv": 3, "wire": 4, "mobile": 4,
        "lockbox": 10, "lockbox_batch": 3, "bill_inv": 10, "bill_multi": 4, "bill_multiple": 6, "ap_inv": 8,
        "ap_group": 2, "coop": 2, "ap_email": 3, "ap_noname": 3, "melio_plastiq": 5, "resolve": 4, "resolve_bare": 2,
        "mkt_order": 8, "mkt_orders": 4, "mkt_bare": 7, "stripe": 6, "square_sales": 3, "square_norec": 2,
        "shopify": 3, "paypal": 10}  # fmt: skip

PLACES = """Magnolia & Main|Salt & Pine|Harbor Street|Willow Creek|Juniper Lane|Olive & Oak|Bluebird|Cottonwood|
Driftwood|Hollow Tree|Marigold|Honeycomb|Fern & Fox|Lark & Linen|Wildflower|Copper Kettle|Rosemary|Saltbox|Bramble|
Linden|Clover|Hearthside|Meadowlark|Birch & Bough|Thistle|Lantern|Cedar Hill|Pebble Beach|Sage & Stone|Orchard Row|
Harvest Moon|Wren|Goldfinch|Ivy Lane|Poppy|Dogwood|Larkspur|Starling|Tidewater|Bayside|Prairie Rose|Riverbend|
Foxglove|Acorn|Aspen|Laurel|Magpie|Tin Roof|Red Door|Blue Heron|Front Porch|Kindred|Paper Moon|Little Bird|Hazel|
Indigo|Maple Leaf|Nest|Oak & Ivy|Peony|Quince|Silver Spoon|Tumbleweed|Vine Street|Yellow House|Zinnia|Mercer|
Fulton|Bishop|Canal Street|Front Street|Water Street|Market Street|Union|Elm Street|Park Avenue|Sweet Pea|Honeybee|
Lilac|Evergreen|Brambleberry|Sea Glass|Sandpiper|Beach Plum|Cranberry|Huckleberry|Mulberry|Pinecone|
Sunflower""".replace("\n", "").split("|")
TRADES = """Boutique|Gift Shop|Mercantile|General Store|Home & Gift|Paper Co|Apothecary|Trading Co|Bookshop|Florist|
Market|Goods|Outfitters|Home Goods|Gifts|Living|Provisions|Design|Collective|Emporium|Kitchen Store|
Candle Co""".replace("\n", "").split("|")
FORMS = ["LLC", "LLC", "LLC", "Inc", "Inc.", "Co", "", "", "Ltd"]
STATES = [("Asheville", "NC"), ("Bend", "OR"), ("Boise", "ID"), ("Charleston", "SC"), ("Savannah", "GA"),
          ("Burlington", "VT"), ("Bozeman", "MT"), ("Fredericksburg", "TX"), ("Traverse City", "MI"),
          ("Portsmouth", "NH"), ("Santa Fe", "NM"), ("Healdsburg", "CA"), ("Door County", "WI"), ("Nantucket", "MA"),
          ("Carmel", "IN"), ("Madison", "WI"), ("Annapolis", "MD"), ("Durango", "CO")]  # fmt: skip
FIRST = "Jane Amy Heather Laura Megan Kelly Sarah Emily Rachel Dana Molly Kate Tom Mark Ben Chris Sam Nick Leah".split()
SURN = """Whitaker Holloway Brennan Castillo Fairbanks Lindqvist Okafor Pruitt Donnelly Harrington Kowalski Delgado
Vaughan Ashworth Gallagher Sorensen Rutledge Ellison Marchetti Blackwood""".split()
GROUPS = {"Coastal Cottage Stores Inc": ["Naples", "Sarasota", "Venice"],
          "Mountain Mercantile Group LLC": ["Bend", "Sisters", "Hood River"]}  # fmt: skip
GROUP_ACH = {"Coastal Cottage Stores Inc": "COASTAL COTTAGE", "Mountain Mercantile Group LLC": "MOUNTAIN MERCANTI"}
COOP = "Heartland Independent Gift Retailers Cooperative"
TRAPS = ["Square One Home & Gift LLC", "Bill's General Store", "Faire Isle Knits & Gifts", "Stripe & Sparrow Boutique"]
PRODUCTS = [("Soy candle 8oz - Fig & Cedar", "14.00", 6), ("Soy candle 8oz - Sea Salt & Sage", "14.00", 6),
            ("Soy candle 12oz - Smoked Vanilla", "19.50", 4), ("Travel tin candle 4oz", "7.50", 12),
            ("Linen spray 4oz", "9.00", 6), ("Hand cream 2oz - Lavender", "6.75", 12), ("Bar soap 5oz", "4.50", 12),
            ("Letterpress greeting card - Thank You", "2.75", 6), ("Letterpress greeting card - Birthday", "2.75", 6),
            ("Tea towel - Botanical", "8.50", 6), ("Ceramic ring dish", "11.00", 4), ("Reed diffuser 6oz", "16.00", 4),
            ("Linen notebook A5", "9.25", 6), ("Enamel pin", "5.00", 10), ("Wrapping paper roll", "4.25", 12),
            ("Wax melts - Citrus Grove", "5.50", 12), ("Matches in apothecary jar", "6.00", 12),
            ("Stoneware mug - Speckled", "12.00", 4), ("Beeswax taper pair", "8.00", 6)]  # fmt: skip
PREPACKS = [("Spring 2026 candle prepack (24 units)", "300.00"), ("Bestsellers prepack (36 units)", "480.00"),
            ("Holiday prepack (48 units)", "750.00"), ("Card & paper prepack (72 units)", "240.00")]  # fmt: skip
ACH_DESCR = ["PAYMENT", "VENDOR PMT", "ACH PMT", "AP PAYMENT", "BILL PAY", "PAYMENTS", "CORP PMT", "EDI PYMNTS"]
MARKETS = {"Faire": ("Faire Wholesale, Inc.", "FAIRE WHOLESALE", [0.15, 0.15, 0.25, 0.03]),
           "Abound": ("Abound Wholesale Inc", "ABOUND", [0.15, 0.15, 0.20]),
           "Tundra": ("Tundra, Inc.", "TUNDRA INC", [0.03, 0.05])}  # fmt: skip
AP = {"avid": ("AVIDXCHANGE INC", "AvidXchange, Inc.", "VENDOR PMT"),
      "paymode": ("PAYMODE-X", "Bottomline Technologies Paymode-X", "PAYMENTS"),
      "corpay": ("CORPAY SOLUTION", "Corpay Solutions Inc", "ACH PMT"),
      "tipalti": ("TIPALTI INC", "Tipalti Inc", "PAYMENT")}  # fmt: skip
VCARD = ["AvidXchange Virtual Card", "CORPAY ONE VIRTUAL CARD", "BILL VIRTUAL CARD", "Paymode-X VCard"]
BANKS = [("WELLS FARGO BANK, N.A.", "121000248"), ("BANK OF AMERICA, N.A.", "026009593"), ("PNC BANK, NA", "043000096"),
         ("TRUIST BANK", "061000104"), ("U.S. BANK N.A.", "091000022"), ("CITIZENS BANK NA", "011500120")]  # fmt: skip
# non-customer credits: (originator, entry description) of an ACH, or a bank's own text; the amount "any", "tempting"
NONCUSTOMER = [("IRS TREAS 310", "TAX REF", "any"), ("OR DEPT OF REV", "TAX REFUND", "any"),
               ("SHOPIFY CAPITAL", "ADVANCE", "round"), ("UPS BILLING CTR", "REFUND", "tempting"),
               ("FAIRE WHOLESALE", "REIMBURSE", "tempting"), ("AMAZON.COM SVCS", "MARKETPLAC", "any"),
               ("ETSY INC", "DEPOSIT", "tempting"), ("THE HARTFORD", "CLAIM PMT", "tempting"),
               ("=interest", "", "interest"), ("=transfer", "", "round")]  # fmt: skip
DEBITS = [("GUSTO", "NET PAY"), ("AMERICAN EXPRESS", "ACH PMT"), ("UPS BILLING CTR", "UPS BILL"),
          ("FAIRE WHOLESALE", "RETURNS"), ("ULINE", "PAYMENT"), ("PGE", "WEB ONLINE")]  # fmt: skip


def d2(x: Decimal | str | float) -> Decimal:
    return Decimal(str(x)).quantize(C, ROUND_HALF_UP)


def usd(d: Decimal, sym: str = "") -> str:
    return ("-" if d < 0 else "") + f"{sym}{abs(d):,.2f}"


def weekday(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)


def upper(name: str) -> str:
    """A name as banks carry it: upper case, no accents, no apostrophes or commas."""
    return " ".join(plain(name).upper().replace("'", "").replace(",", "").replace(".", "").split())


@dataclass(eq=False)
class Cust:
    name: str  # as Xero writes it
    qbo: str  # as QuickBooks writes it (a group's store is a sub-customer "Group:Store")
    ach: str  # the 16-character originator name its bank sends
    email: str
    city: tuple[str, str]
    terms: int = 30
    group: str = ""  # the store group or co-op that pays for it
    person: str = ""  # the owner
    dba: str = ""  # the owner's holding LLC, whose account pays for some shops
    platform: bool = False  # a marketplace invoiced as the customer
    invs: list[Inv] = field(default_factory=list)


@dataclass(eq=False)
class Inv(Invoice):
    ref: str = ""  # Reference / P.O. Number: the retailer's PO, or the marketplace's order number
    order: str = ""  # the marketplace's order number
    market: str = ""  # Faire, Abound, Tundra: the order came through it
    store: Cust | None = None  # the retailer of a marketplace order
    rate: Decimal = ZERO  # the marketplace's commission
    taken: bool = False  # a credit of this world pays it

    def tax_rate(self) -> Decimal:
        return ZERO


@dataclass(eq=False)
class Unit:
    """What is scored: a whole line, or one remittance item of a line the file itemizes."""

    kind: str
    truth: list[tuple[str, ...]] | None
    amount: Decimal
    note: str = ""
    text: str = ""
    item: int | None = None


@dataclass(eq=False)
class Check:
    remitter: str
    number: str
    amount: Decimal
    stub: str
    unit: Unit


@dataclass(eq=False)
class Credit:
    kind: str
    amount: Decimal
    day: date
    truth: list[tuple[str, ...]] | None
    src: str = "primary"  # primary (the bank CSV), commercial (BAI2 / camt.053), paypal
    chan: str = "ach"  # ach, wire, lockbox, mobile, bank (the bank's own text), paypal
    note: str = ""
    orig: str = ""  # ACH originator (16) / wire originator / camt debtor
    oid: str = ""
    descr: str = ""  # ACH company entry description (10)
    sec: str = "CCD"
    ind_id: str = ""  # (15)
    ind_name: str = FIRM22  # (22)
    info: str = ""  # the addenda (80)
    n1: str = ""  # CTX N1*PR
    rmr: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)  # reference, paid, invoice amount
    ents: list[str] = field(default_factory=list)  # CTX ENT/N1 name of each RMR (a co-op's member)
    ultimate: str = ""  # camt UltmtDbtr
    dbtr: str = ""  # camt Dbtr / wire originator, when not the ACH originator
    obi: str = ""
    checks: list[Check] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)  # Stripe report rows of a payout
    items: list[Unit] = field(default_factory=list)  # scored one by one
    own: str = ""  # a bank's own text (interest, transfers), "=interest" / "=transfer"
    file: str = ""
    line: int = 0
    shown: str = ""

    def units(self) -> list[Unit | Credit]:
        return list(self.items) if self.items else [self]


class World:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.r = random.Random(f"platforms:{seed}")
        self.qbo = seed % 2 == 1
        self.bank, self.bank_file = PRIMARY[seed % 3]
        self.bai = seed % 4 in (1, 2)
        self.coll_file = "collections.bai" if self.bai else "collections-camt053.xml"
        self.mkt_style = self.r.choice(["retailer", "platform"])
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.credits: list[Credit] = []
        self.by_number: dict[str, Inv] = {}
        self.markets: dict[str, Cust] = {}
        self.cores: set[str] = set()
        self.ids: set[str] = set()
        self.paid_for: dict[str, Decimal] = {}  # invoice -> what the credit paying it pays for it
        self.before: date | None = None  # the day of the payment a scenario is making, when it chose it first

    # ---- small helpers
    def alnum(self, n: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
        while True:
            s = "".join(self.r.choice(alphabet) for _ in range(n))
            if s not in self.ids:
                self.ids.add(s)
                return s

    def digits(self, n: int) -> str:
        return self.alnum(n, string.digits)

    def day(self, after: date, lo: date = START, hi: date = END) -> date:
        first = max(lo, after + timedelta(days=2))
        if first > hi:
            return weekday(min(first, END)) if weekday(first) <= END else date(2026, 3, 31)
        d = weekday(first + timedelta(days=self.r.randint(0, (hi - first).days)))
        return d if d <= END else date(2026, 3, 31)

    def any_day(self, lo: int = 0) -> date:
        d = weekday(START + timedelta(days=self.r.randint(lo, 28)))
        return d if d <= END else date(2026, 3, 31)

    def address(self) -> str:
        street = self.r.choice(["MAIN ST", "MARKET ST", "WATER ST", "FRONT ST", "COMMERCE DR", "HIGH ST", "OAK AVE"])
        city, state = self.r.choice(STATES)
        return f"{self.r.randint(10, 2999)} {street} {city.upper()} {state} {self.r.randint(10000, 99999)}"

    def shows_info(self, src: str) -> bool:
        """Does the statement show the ACH addenda? Wells Fargo's export does not."""
        return src != "primary" or self.bank != "wf"

    # ---- customers and invoices
    def cust(self, name: str, qbo: str = "", ach: str = "", group: str = "", platform: bool = False) -> Cust:
        r = self.r
        words = [w for w in name.replace(",", "").split() if w.rstrip(".") not in ("LLC", "Inc", "Co", "Ltd", "-")]
        slug = "".join(ch for ch in plain(" ".join(words)).lower() if ch.isalnum())[:22]
        email = r.choice([f"orders@{slug}.com", f"{slug}@gmail.com", f"hello@{slug}.com", f"ap@{slug}.com"])
        ach = ach or upper(name).replace(" LLC", "").replace(" INC", "")[:16].rstrip()
        c = Cust(name, qbo or name, ach, email, r.choice(STATES), r.choice([30, 30, 30, 60, 0]), group)
        c.person = f"{r.choice(FIRST)} {r.choice(SURN)}"
        c.platform = platform
        self.custs.append(c)
        return c

    def customers(self) -> None:
        r = self.r
        for group, stores in GROUPS.items():
            for store in stores:
                self.cust(f"{group} - {store}", f"{group}:{store}", GROUP_ACH[group], group=group)
        for name in TRAPS:
            self.cust(name)
            self.cores.add(name.split()[0].lower())
        while len(self.custs) < 200:
            place, trade, form = r.choice(PLACES), r.choice(TRADES), r.choice(FORMS)
            form = "LLC" if form == "Co" and trade.endswith(" Co") else form
            core = f"{place} {trade}".lower()
            if core in self.cores or sum(c.name.startswith(place + " ") for c in self.custs) >= 3:
                continue
            self.cores.add(core)
            c = self.cust(f"{place} {trade} {form}".strip())
            if r.random() < 0.12:  # the shop's account is in the name of the owner's holding LLC
                initials = "".join(w[0] for w in c.name.split() if w[0].isalpha())[:3].upper()
                c.dba = f"{initials} {r.choice(['HOLDINGS', 'ENTERPRISES', 'VENTURES'])} LLC"
        members = r.sample([c for c in self.custs[10:] if not c.dba], 6)
        for c in members:
            c.group = COOP
        if self.mkt_style == "platform":
            for m, (name, ach, _) in MARKETS.items():
                self.markets[m] = self.cust(name, ach=ach, platform=True)
                self.markets[m].terms = 30

    def lines(self) -> list[tuple[str, Decimal, Decimal]]:
        r = self.r
        if r.random() < 0.2:
            desc, price = r.choice(PREPACKS)
            return [(desc, Decimal(1), Decimal(price))]
        out = []
        for desc, price, pack in r.sample(PRODUCTS, r.randint(2, 6)):
            out.append((desc, Decimal(pack * r.choice([1, 1, 2, 2, 3])), Decimal(price)))
        if r.random() < 0.55:
            out.append(("Freight - UPS Ground", Decimal(1), d2(r.randint(1250, 6800) / 100)))
        return out

    def invoice(self, c: Cust, issued: date, paid: bool = False) -> Inv:
        inv = Inv("", c, issued, issued + timedelta(days=c.terms), self.lines())
        inv.paid = inv.total if paid else ZERO
        if not paid and self.r.random() < 0.3:
            inv.ref = self.r.choice([f"PO {self.r.randint(1000, 9999)}", str(self.r.randint(1000, 9999)),
                                     f"PO-{self.r.randint(20000, 29999)}"])  # fmt: skip
        c.invs.append(inv)
        self.invs.append(inv)
        return inv

    def invoices(self) -> None:
        r = self.r
        span = (LAST_ISSUE - FIRST_ISSUE).days
        for c in self.custs:
            if c.platform:
                continue
            n = r.choice([1, 2, 2, 3, 3, 3, 4, 5, 6]) + (2 if c.group in GROUPS else 0)
            for _ in range(n):
                issued = FIRST_ISSUE + timedelta(days=r.randint(0, span))
                self.invoice(c, issued, paid=issued < date(2026, 2, 6) and r.random() < 0.45)
        orders = {"Faire": 36, "Abound": 10, "Tundra": 12}
        pool = [c for c in self.custs if not c.platform and not c.group]
        for market, n in orders.items():
            for _ in range(n):
                store = r.choice(pool)
                c = self.markets[market] if self.mkt_style == "platform" else store
                issued = date(2026, 1, 20) + timedelta(days=r.randint(0, 50))
                inv = self.invoice(c, issued)
                inv.market, inv.store, inv.rate = market, store, d2(r.choice(MARKETS[market][2]))
                inv.order = (self.alnum(10) if market == "Faire" else f"AB-{self.digits(6)}" if market == "Abound"
                             else self.digits(7))  # fmt: skip
                inv.ref = inv.order if self.qbo or r.random() < 0.6 else f"{market} {inv.order}"
                inv.due_date = issued + timedelta(days=30)
                place = f"{store.name} ({store.city[0]}, {store.city[1]})"
                inv.lines = [(f"{market} order {inv.order} - {place}" if k == 0 else d, q, u)
                             for k, (d, q, u) in enumerate(inv.lines)]  # fmt: skip
        ordered = sorted(self.invs, key=lambda i: (i.issued, i.cust.name))
        for k, inv in enumerate(ordered):
            inv.number = str(1001 + k) if self.qbo else f"INV-{1001 + k}"
            self.by_number[inv.number] = inv

    # ---- choosing invoices
    def open_of(self, c: Cust) -> list[Inv]:
        """What a clerk sees open at a customer and could expect it to pay itself (not marketplace orders)."""
        return sorted((i for i in c.invs if i.due > 0 and not i.market), key=lambda i: (i.issued, i.number))

    def free(self, c: Cust) -> list[Inv]:
        """Open invoices no credit pays yet (issued two days before ``self.before``, when a scenario set it)."""
        last = self.before - timedelta(days=2) if self.before else END
        return [i for i in self.open_of(c) if not i.taken and i.issued <= last]

    def retailer(self, need: int = 1, cond: Any = None) -> Cust:
        pool = [c for c in self.custs if not c.platform and not c.group and len(self.free(c)) >= need
                and (cond is None or cond(c))]  # fmt: skip
        return self.r.choice(pool)

    def one(self, c: Cust) -> Inv:
        opn = self.free(c)
        return opn[0] if self.r.random() < 0.6 else self.r.choice(opn)

    def some(self, c: Cust, lo: int, hi: int) -> list[Inv]:
        opn = self.free(c)
        k = min(len(opn), self.r.randint(lo, hi))
        start = self.r.randint(0, len(opn) - k)
        return opn[start : start + k]

    def fits(self, c: Cust, amount: Decimal, day: date, k: int = 4) -> list[tuple[str, ...]]:
        """Every set of up to k of the customer's open invoices issued by the day that makes the amount."""
        invs = [i for i in self.open_of(c) if i.issued <= day]
        out = []
        for n in range(1, min(k, len(invs)) + 1):
            for combo in combinations(invs, n):
                if sum((i.due for i in combo), ZERO) == amount:
                    out.append(tuple(sorted(i.number for i in combo)))
        return out

    @staticmethod
    def clear(truth: list[tuple[str, ...]]) -> bool:
        """A name-only payment is the clerk's to apply when one set of the customer's invoices makes the amount, or
        only single invoices of that amount do (equivalent: the clerk takes one, usually the oldest)."""
        return len(truth) == 1 or all(len(t) == 1 for t in truth)

    def take(self, invs: Iterable[Inv], paid: Iterable[Decimal] | None = None) -> list[tuple[str, ...]]:
        """Marks the invoices paid by the credit being made (``paid``: what it pays for each, else its open amount);
        returns the truth: that set."""
        invs = list(invs)
        for i, p in zip(invs, paid or [i.due for i in invs]):
            assert not i.taken, i.number
            i.taken = True
            self.paid_for[i.number] = p
        return [tuple(sorted(i.number for i in invs))]

    def num(self, inv: Inv) -> str:
        return inv.number.removeprefix("INV-")

    def inv_text(self, invs: list[Inv], maxlen: int = 80) -> str:
        r = self.r
        ds = [self.num(i) for i in invs]
        for _ in range(50):
            if len(ds) == 1:
                s = r.choice(["INV {}", "INV#{}", "{}", "INVOICE {}", "INV-{}", "INV{}", "INV NO {}"]).format(ds[0])
            else:
                s = r.choice(["INV " + " ".join(ds), "INV " + "/".join(ds), "INVOICES " + ", ".join(ds),
                              " ".join(ds), "INV " + " & ".join(ds), ",".join(ds)])  # fmt: skip
            if len(s) <= maxlen:
                return s
        return " ".join(ds)[:maxlen]

    # ---- credits
    def add(self, kind: str, amount: Decimal, day: date, truth: list[tuple[str, ...]] | None, **kw: Any) -> Credit:
        cr = Credit(kind, amount, day, truth, **kw)
        self.credits.append(cr)
        return cr

    def ach_fields(self, orig: str, descr: str = "", **kw: Any) -> dict[str, Any]:
        return {"orig": orig[:16].rstrip(), "oid": kw.pop("oid", None) or f"{self.r.randint(1, 9)}{self.digits(9)}",
                "descr": (descr or self.r.choice(ACH_DESCR))[:10].rstrip(), **kw}  # fmt: skip

    def place_text(self, src: str, text: str, short_id: bool = True) -> dict[str, str]:
        """Where a payer's remittance text lands: the addenda, or (Wells Fargo, or a payer's habit) IND ID."""
        r = self.r
        vendor = r.choice([self.digits(6), f"V{self.digits(5)}", f"JUNI{self.digits(3)}", self.digits(9)])
        if not text:
            return {"ind_id": vendor}
        if not self.shows_info(src) or (short_id and len(text) <= 15 and r.random() < 0.3):
            return {"ind_id": text[:15]}
        return {"ind_id": vendor, "info": text}

    def s_ach(self, how: str) -> None:
        r = self.r
        need = 2 if how == "multi" else 1
        cond = {"po": lambda c: any(i.ref for i in self.free(c)), "dba_inv": lambda c: bool(c.dba)}.get(how)
        c = self.retailer(need, cond)
        src = "commercial" if r.random() < 0.25 else "primary"
        if how == "multi":
            invs = self.some(c, 2, 3)
        elif how == "po":
            invs = [next(i for i in self.free(c) if i.ref)]
        else:
            invs = [self.one(c)]
        amount = sum((i.due for i in invs), ZERO)
        day = self.day(max(i.issued for i in invs))
        maxlen = 80 if self.shows_info(src) else 15
        if how == "po":
            po = invs[0].ref.replace("PO", "").strip(" -")
            text = r.choice(["PO {}", "PO#{}", "PO {}", "P.O. {}", "PO NO {}"]).format(po)
        elif how == "name":
            text = r.choice(["", "", "PAYMENT", "ORDER", "THANK YOU", "WHOLESALE"])
        else:
            text = self.inv_text(invs, maxlen)
        kind, truth = (
            {"inv": "ach_inv", "multi": "ach_multi", "po": "ach_po", "dba_inv": "ach_dba_inv"}.get(how, ""),
            None,
        )
        if how == "name":
            truth = self.fits(c, amount, day)
            kind = "ach_name" if self.clear(truth) else "ach_name_amb"
            for i in invs:
                self.take([i])
        else:
            truth = self.take(invs)
        orig = c.dba if how == "dba_inv" else c.ach
        fields = self.ach_fields(orig, **self.place_text(src, text))
        note = f"{c.name} pays {', '.join(f'{i.number} {i.due} ref {i.ref!r}' for i in invs)}"
        self.add(kind, amount, day, truth, src=src, note=note, **fields)

    def s_wire(self) -> None:
        r = self.r
        c = self.retailer()
        invs = self.some(c, 1, 2)
        src = "commercial" if r.random() < 0.7 else "primary"
        amount = sum((i.due for i in invs), ZERO)
        self.add("wire_inv", amount, self.day(max(i.issued for i in invs)), self.take(invs), src=src, chan="wire",
                 orig=upper(c.name), obi=self.inv_text(invs, 35), note=f"wire from {c.name}")  # fmt: skip

    def s_mobile(self) -> None:
        c = self.retailer()
        inv = self.one(c)
        self.add("check_mobile", inv.due, self.day(inv.issued), self.take([inv]), chan="mobile",
                 note=f"a check from {c.name} for {inv.number}, deposited by phone: the line names nobody")  # fmt: skip

    def check(self, how: str) -> Check:
        """One check through the lockbox: the remitter as keyed from the check, the stub's text."""
        r = self.r
        c = self.retailer()
        inv = self.one(c)
        remitter = (
            c.person.upper() if how == "person" else upper(c.dba or c.name) if r.random() < 0.2 else upper(c.name)
        )
        stub = self.inv_text([inv], 30) if how in ("inv", "person") else ""
        if how == "name":
            truth = self.fits(c, inv.due, self.before or END)
            kind = "lockbox_name" if self.clear(truth) and remitter == upper(c.name) else "lockbox_name_amb"
            self.take([inv])
        else:
            truth, kind = self.take([inv]), f"lockbox_{how}"
        unit = Unit(kind, truth, inv.due, note=f"check of {c.name} for {inv.number}", text=f"{remitter} {stub}")
        return Check(remitter, str(r.randint(1001, 29999)), inv.due, stub, unit)

    def s_lockbox(self, n: int) -> None:
        r = self.r
        hows = [r.choice(["inv", "inv", "inv", "name", "person"]) for _ in range(n)]
        day = self.any_day()
        self.before = day
        checks = [self.check(h) for h in hows]
        self.before = None
        amount = sum((ch.amount for ch in checks), ZERO)
        if n == 1:
            u = checks[0].unit
            self.add(u.kind, amount, day, u.truth, src="commercial", chan="lockbox", checks=checks, note=u.note)
            return
        note = "; ".join(ch.unit.note for ch in checks)
        if self.bai:  # one 115 record: the deposit, its items in the text
            review = any(ch.unit.kind in REVIEW for ch in checks)
            truth = [
                tuple(sorted(n for t in combo for n in t)) for combo in product(*(ch.unit.truth or [] for ch in checks))
            ]
            kind = "lockbox_batch_amb" if review else "lockbox_batch"
            self.add(kind, amount, day, truth, src="commercial", chan="lockbox", checks=checks, note=note)
        else:  # camt: a TxDtls per check, each an item
            cr = self.add(
                "lockbox_batch", amount, day, None, src="commercial", chan="lockbox", checks=checks, note=note
            )
            cr.items = [ch.unit for ch in checks]

    def s_bill(self, how: str) -> None:
        r = self.r
        c = self.retailer(2 if how == "multi" else 1)
        src = "commercial" if r.random() < 0.25 else "primary"
        invs = self.some(c, 2, 3) if how == "multi" else self.some(c, 1, 2) if how == "multiple" else [self.one(c)]
        amount = sum((i.due for i in invs), ZERO)
        day = self.day(max(i.issued for i in invs))
        shown = self.shows_info(src)
        if how == "multiple":
            text = (
                f"{upper(c.name)[:40]} VIA BILL.COM MULTIPLE" if len(invs) > 1 else f"{upper(c.name)[:40]} VIA BILL.COM"
            )
        else:
            text = f"{upper(c.name)[:40]} VIA BILL.COM {self.inv_text(invs, 38)}"
        if how == "multiple" or not shown:
            truth = self.fits(c, amount, day)
            kind = "bill_name" if self.clear(truth) else "bill_name_amb"
            for i in invs:
                self.take([i])
        else:
            truth, kind = self.take(invs), "bill_inv" if how == "inv" else "bill_multi"
        fields = self.ach_fields("BILL.COM", "PAYABLES", ind_id=f"015{self.alnum(12)}", ind_name=upper(c.name)[:22],
                                 info=text[:80])  # fmt: skip
        if src == "commercial" and r.random() < 0.5:
            fields["ultimate"] = c.name
        note = f"BILL.com for {c.name}: {', '.join(f'{i.number} {i.due}' for i in invs)}"
        self.add(kind, amount, day, truth, src=src, note=note, **fields)

    def ctx_items(self, cr: Credit, invs: list[Inv], kind: str, paid: list[Decimal] | None = None) -> None:
        """CTX: an RMR segment per invoice (an item each in BAI2; camt writes them as Strd of one item)."""
        paid = paid or [i.due for i in invs]
        refs = [i.order or i.number for i in invs]
        cr.rmr = [(ref, p, i.total) for ref, p, i in zip(refs, paid, invs)]
        if self.bai:
            cr.items = [
                Unit(kind, self.take([i], [p]), p, note=f"RMR {ref} {p}") for ref, p, i in zip(refs, paid, invs)
            ]
        else:
            cr.truth = self.take(invs, paid)

    def s_ap(self, how: str) -> None:
        r = self.r
        plat = r.choice(list(AP))
        orig, full, descr = AP[plat]
        day_of = lambda invs: self.day(max(i.issued for i in invs))  # noqa: E731
        if how in ("group", "coop"):
            group = r.choice(list(GROUPS)) if how == "group" else COOP
            stores = [c for c in self.custs if c.group == group and self.free(c)]
            picked = r.sample(stores, min(len(stores), r.randint(2, 3)))
            invs = [i for c in picked for i in self.some(c, 1, 2)]
            payer = upper(group)
            if how == "coop":
                orig, full, descr = "HEARTLAND INDEPE", COOP, "VENDORPAY"
            kind = "ap_group" if how == "group" else "coop_batch"
            amount = sum((i.due for i in invs), ZERO)
            cr = self.add(kind, amount, day_of(invs), None, src="commercial", sec="CTX", n1=payer,
                          note=f"{group} pays " + ", ".join(f"{i.number} ({i.cust.name}) {i.due}" for i in invs),
                          **self.ach_fields(orig, descr, ind_id=self.alnum(10)))  # fmt: skip
            cr.dbtr = full
            if how == "coop":
                cr.ents = [upper(i.cust.name) for i in invs]
            self.ctx_items(cr, invs, kind)
            return
        c = self.retailer()
        invs = self.some(c, 1, 3)
        amount = sum((i.due for i in invs), ZERO)
        note = f"{full} for {c.name}: " + ", ".join(f"{i.number} {i.due}" for i in invs)
        src = "commercial" if r.random() < 0.75 or not self.shows_info("primary") else "primary"
        fields = self.ach_fields(orig, descr, ind_id=self.alnum(10))
        if how == "inv":
            if src == "commercial":
                cr = self.add("ap_inv", amount, day_of(invs), None, src=src, sec="CTX", n1=upper(c.name), note=note,
                              **fields)  # fmt: skip
                cr.dbtr, cr.ultimate = full, c.name if r.random() < 0.5 else ""
                self.ctx_items(cr, invs, "ap_inv")
            else:
                text = f"{upper(c.name)[:40]} {self.inv_text(invs, 38)}"
                self.add("ap_inv", amount, day_of(invs), self.take(invs), src=src, info=text, note=note, **fields)
        elif how == "email":
            day = day_of(invs)
            truth = self.fits(c, amount, day)
            for i in invs:
                self.take([i])
            kind = "ap_name_fit" if self.clear(truth) else "ap_email"
            text = r.choice(["REMITTANCE SENT BY EMAIL", "SEE EMAILED REMIT", "REMIT DETAIL EMAILED TO AR"])
            if src == "commercial":
                cr = self.add(kind, amount, day, truth, src=src, n1=upper(c.name), info=text, note=note,
                              sec="CTX", **fields)  # fmt: skip
                cr.dbtr, cr.ultimate = full, c.name
            else:
                self.add(kind, amount, day, truth, src=src, info=f"{upper(c.name)[:40]} {text}"[:80],
                         note=note, **fields)  # fmt: skip
        else:  # noname: a payment number only
            fields["info"] = f"PAYMENT {self.digits(8)}"
            cr = self.add("ap_noname", amount, day_of(invs), self.take(invs), src=src, note=note, **fields)
            cr.dbtr = full

    def s_melio_plastiq(self) -> None:
        r = self.r
        c = self.retailer()
        invs = [self.one(c)]
        src = "primary" if self.shows_info("primary") else "commercial"
        if r.random() < 0.5:
            fields = self.ach_fields("MELIO", upper(c.name)[:10], ind_id=self.alnum(12),
                                     info=f"PAYMENT FROM {upper(c.name)[:40]} {self.inv_text(invs, 20)}")  # fmt: skip
            who = "Melio"
        else:
            fields = self.ach_fields("PLASTIQ INC", "PLASTIQPAY", ind_id=f"PLQ{self.digits(9)}",
                                     info=f"{upper(c.name)[:40]} {self.inv_text(invs, 30)}")  # fmt: skip
            who = "Plastiq"
        self.add("melio_plastiq", invs[0].due, self.day(invs[0].issued), self.take(invs), src=src,
                 note=f"{who} for {c.name}", **fields)  # fmt: skip

    def s_resolve(self, bare: bool) -> None:
        r = self.r
        c = self.retailer()
        invs = [self.one(c)] if not bare else self.some(c, 1, 2)
        fee = Decimal(r.choice(["0.03", "0.035"]))
        nets = [i.due - d2(i.due * fee) for i in invs]
        amount = sum(nets, ZERO)
        src = "primary" if self.shows_info("primary") else "commercial"
        info = f"ADVANCE BATCH {self.digits(7)}" if bare else f"{upper(c.name)[:40]} INV {self.num(invs[0])} ADVANCE"
        fields = self.ach_fields("RESOLVE PAY", "ADVANCE", ind_id=f"RSV{self.digits(8)}", info=info)
        note = f"Resolve advances {', '.join(i.number for i in invs)} of {c.name} less {fee:.1%}"
        self.add("resolve_bare" if bare else "resolve_adv", amount, self.day(max(i.issued for i in invs)),
                 self.take(invs, nets), src=src, note=note, **fields)  # fmt: skip

    def s_market(self, how: str) -> None:
        r = self.r
        market = r.choice(["Faire", "Faire", "Faire", "Abound", "Tundra", "Tundra"])
        pool = sorted((i for i in self.invs if i.market == market and not i.taken), key=lambda i: i.issued)
        if not pool:
            return
        k = {"order": 1, "orders": r.randint(2, 4), "bare": r.randint(1, 3)}[how]
        invs = r.sample(pool, min(k, len(pool)))
        nets = [i.due - d2(i.due * i.rate) for i in invs]
        amount = sum(nets, ZERO)
        day = self.day(max(i.issued for i in invs) + timedelta(days=7))
        note = f"{market} payout: " + ", ".join(f"{i.number} order {i.order} {i.due} less {i.rate:.0%}" for i in invs)
        kind = {"order": "mkt_order", "orders": "mkt_orders" if len(invs) > 1 else "mkt_order"}.get(how, "mkt_bare")
        if market == "Tundra":  # through Tipalti, to the collections account
            fields = self.ach_fields("TIPALTI INC", "TUNDRA INC", ind_id=self.alnum(10), sec="CTX")
            cr = self.add(kind, amount, day, None, src="commercial", note=note, **fields)
            cr.dbtr, cr.ultimate = "Tipalti Inc", "Tundra, Inc."
            if how == "bare":
                cr.info, cr.truth = f"TUNDRA PAYOUT {day:%Y-%m-%d}", self.take(invs, nets)
            else:
                cr.n1 = "TUNDRA INC"
                self.ctx_items(cr, invs, kind, nets)
            return
        ach = MARKETS[market][1]
        info = ""
        if how != "bare":
            info = ("ORDER " if len(invs) == 1 else "ORDERS ") + ", ".join(i.order for i in invs)
        if not self.shows_info("primary"):
            kind = "mkt_bare"
        fields = self.ach_fields(ach, "PAYOUT", ind_id=f"P{self.digits(9)}", info=info)
        self.add(kind, amount, day, self.take(invs, nets), note=note, **fields)

    def charge(self, how: str, day: date) -> tuple[dict[str, str], Unit]:
        """A Stripe charge (or refund) in a payout: the report row and what is scored."""
        r = self.r
        row = {"reporting_category": "charge", "description": "", "customer_name": "", "customer_email": "",
               "payment_metadata[invoice_number]": "", "payment_method_type": "card",
               "card_brand": r.choice(["visa", "mastercard", "amex", "visa"]), "card_funding": "credit"}  # fmt: skip
        created = day - timedelta(days=r.randint(2, 5))
        row["created_utc"] = f"{created} {r.randint(14, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
        if how == "refund":
            gross = -d2(r.randint(2000, 25000) / 100)
            row.update(reporting_category="refund", description="REFUND FOR CHARGE (Wholesale order)")
            row.update(gross=f"{gross:.2f}", fee="0.00", net=f"{gross:.2f}")
            return row, Unit("refund", None, gross, note="a refund inside the payout")
        c = self.retailer()
        inv = self.one(c)
        gross = inv.due
        name, desc = c.name, ""
        kind, truth = how, self.take([inv])
        if how == "card_inv":
            n = self.num(inv)
            desc = r.choice([f"Invoice {inv.number}", f"INV {n} - {c.name}", f"{c.name} inv {n}",
                             f"Payment for invoice {inv.number}"])  # fmt: skip
        elif how == "card_meta":
            desc = r.choice(["Wholesale order payment", "Payment", "Invoice payment"])
            row["payment_metadata[invoice_number]"] = inv.number
        elif how == "card_name":
            desc = r.choice(["Wholesale payment", "Card payment", "Phone order", "Payment"])
            truth = self.fits(c, gross, created)
            kind = "card_name" if self.clear(truth) else "card_name_amb"
            if r.random() < 0.3:
                name = ""  # the e-mail only
        elif how == "card_vcard_inv":
            name = r.choice(VCARD)
            desc = r.choice(
                [f"VCC {upper(c.name)[:30]} INV {self.num(inv)}", f"Virtual card - {c.name} - {inv.number}"]
            )
        elif how == "card_vcard_bare":
            name, desc = r.choice(VCARD), "Virtual card payment"
        else:  # card_bare
            name, desc = "", r.choice(["Payment", "Card payment", "Wholesale"])
        email = c.email if (name == c.name and r.random() < 0.6) or (how == "card_name" and not name) else ""
        fee = (
            d2(gross * Decimal("0.029") + Decimal("0.30"))
            if row["card_brand"] != "amex"
            else d2(gross * Decimal("0.035"))
        )
        row.update(description=desc, customer_name=name, customer_email=email, gross=f"{gross:.2f}", fee=f"{fee:.2f}",
                   net=f"{gross - fee:.2f}", customer_id=f"cus_{self.alnum(14, string.ascii_letters + string.digits)}"
                   if name or email else "")  # fmt: skip
        return row, Unit(
            kind, truth, gross, note=f"{c.name} {inv.number} {inv.due}", text=f"{name!r} {email!r} {desc!r}"
        )

    def s_stripe(self) -> None:
        r = self.r
        day = self.any_day(3)
        self.before = day - timedelta(days=5)
        hows = ["card_inv"] * 6 + ["card_meta"] * 3 + ["card_name"] * 4 + ["card_vcard_inv"] * 2
        hows += ["card_vcard_bare", "card_bare", "card_bare", "refund"]
        rows: list[dict[str, str]] = []
        units: list[Unit] = []
        for _ in range(r.randint(2, 6)):
            running = sum((Decimal(x["net"]) for x in rows), ZERO)
            how = r.choice(hows)
            if how == "refund" and running < 600:
                how = "card_inv"
            row, unit = self.charge(how, day)
            rows.append(row)
            units.append(unit)
        self.before = None
        amount = sum((Decimal(x["net"]) for x in rows), ZERO)
        po = f"po_1{self.alnum(23, string.ascii_letters + string.digits)}"
        for row in rows:
            row.update(automatic_payout_id=po, automatic_payout_effective_at_utc=f"{day} 00:00:00",
                       balance_transaction_id=f"txn_1{self.alnum(23, string.ascii_letters + string.digits)}",
                       available_on_utc=f"{day} 00:00:00", currency="usd")  # fmt: skip
            if row["reporting_category"] == "charge":
                row["charge_id"] = f"ch_3{self.alnum(23, string.ascii_letters + string.digits)}"
                row["payment_intent_id"] = f"pi_3{self.alnum(23, string.ascii_letters + string.digits)}"
                row["source_id"] = row["charge_id"]
            else:
                row["source_id"] = f"re_3{self.alnum(23, string.ascii_letters + string.digits)}"
        fields = self.ach_fields("STRIPE", "TRANSFER", oid="1800948598", ind_id=f"ST-{self.alnum(12)}")
        cr = self.add("stripe_payout", amount, day, None, chan="payout", rows=rows, note=f"Stripe payout {po}",
                      **fields)  # fmt: skip
        cr.items = units

    def s_square(self, how: str) -> None:
        r = self.r
        day = self.any_day(2)
        truth, note = None, "card sales at a trade show / pop-up: no invoice"
        if how == "norec":
            self.before = day - timedelta(days=2)
            invs = [self.one(self.retailer()) for _ in range(r.randint(1, 2))]
            self.before = None
            invs = list({id(i): i for i in invs}.values())
            nets = [i.due - d2(i.due * Decimal("0.029") + Decimal("0.15")) for i in invs]
            amount = sum(nets, ZERO)
            truth, note = (
                self.take(invs, nets),
                "retailers' card payments by phone: " + ", ".join(i.number for i in invs),
            )
        else:
            amount = d2(r.randint(30000, 420000) / 100)
            trap = [i for c in self.custs if c.name.startswith("Square One") for i in self.free(c)]
            if trap and r.random() < 0.6:
                amount, note = trap[0].due, note + f" (the amount of Square One's {trap[0].number})"
        fields = self.ach_fields("SQUARE INC", f"{day:%y%m%d}P2", oid="9424300002", ind_id=f"L2{self.alnum(13)}")
        self.add("card_norec" if how == "norec" else "card_sales", amount, day, truth, note=note, **fields)

    def s_shopify(self) -> None:
        r = self.r
        day = weekday(START + timedelta(days=r.randint(0, 28)))
        day = day if day <= END else date(2026, 3, 31)
        amount = d2(r.randint(8000, 260000) / 100)
        fields = self.ach_fields("SHOPIFY", "TRANSFER", oid="1466293801", ind_id=f"ST-{self.alnum(12)}")
        self.add("card_sales", amount, day, None, note="webshop (Shopify) payout: orders paid at checkout", **fields)

    def s_paypal(self) -> None:
        """PayPal payments (in paypal.csv), and PayPal's transfers of the balance to the operating account."""
        r = self.r
        pending: list[Credit] = []
        for _ in range(PLAN["paypal"]):
            day = self.any_day()
            self.before = day
            c = self.retailer()
            inv = self.one(c)
            self.before = None
            how = r.choice(["inv", "inv", "note", "note", "name", "name"])
            gross = inv.due
            fee = d2(gross * Decimal("0.0349") + Decimal("0.49"))
            named = c.name if how != "name" or r.random() < 0.7 else c.person
            mail = c.email if r.random() < 0.8 else c.person.lower().replace(" ", ".") + "@gmail.com"
            cells = {"Name": named, "From Email Address": mail, "Gross": usd(gross), "Fee": usd(-fee),
                     "Net": usd(gross - fee)}  # fmt: skip
            if how == "inv":
                cells.update(Type="Website Payment", **{"Invoice Number": inv.number})
                kind, truth = "paypal_inv", self.take([inv])
            elif how == "note":
                cells.update(Type="General Payment", Note=r.choice([f"for {self.inv_text([inv], 20)}",
                                                                   f"Invoice {self.num(inv)} thanks!"]))  # fmt: skip
                kind, truth = "paypal_note", self.take([inv])
            else:
                cells.update(Type="General Payment")
                who_known = named == c.name or cells["From Email Address"] == c.email  # its address names the shop
                truth = self.fits(c, gross, day)
                kind = "paypal_name" if self.clear(truth) and who_known else "paypal_name_amb"
                self.take([inv])
            cr = self.add(kind, gross - fee, day, truth, src="paypal", chan="paypal", note=f"{c.name} {inv.number}")
            cr.rows = [cells]
            pending.append(cr)
        pending.sort(key=lambda x: x.day)
        while pending:  # a withdrawal of what came in, two or three payments at a time
            batch, pending = pending[:3], pending[3:]
            amount = sum((x.amount for x in batch), ZERO)
            out_day = weekday(max(x.day for x in batch) + timedelta(days=1))
            if out_day > END:
                break
            wd = self.add("debit", -amount, out_day, None, src="paypal", chan="paypal", note="withdrawal to the bank")
            wd.rows = [{"Type": "General Withdrawal", "Name": "Bank Account", "Gross": usd(-amount), "Fee": "0.00",
                        "Net": usd(-amount)}]  # fmt: skip
            bank_day = weekday(out_day + timedelta(days=1))
            if bank_day <= END:
                fields = self.ach_fields("PAYPAL", "TRANSFER", oid="PAYPALSI77", ind_id=self.digits(13), sec="PPD")
                self.add("paypal_transfer", amount, bank_day, None, note="PayPal balance transferred", **fields)

    def noncustomer(self) -> None:
        r = self.r
        tempting = [i.due for i in self.invs if i.due > 0][:400]
        for k in range(16):
            orig, descr, how = NONCUSTOMER[k % len(NONCUSTOMER)]
            amount = d2(r.randint(2500, 450000) / 100)
            if how == "interest":
                amount = d2(r.randint(300, 6000) / 100)
            elif how == "round":
                amount = Decimal(r.choice([2500, 5000, 10000, 15000, 25000]))
            elif how == "tempting" and r.random() < 0.6:
                amount = r.choice(tempting)
            day = weekday(START + timedelta(days=r.randint(0, 28)))
            day = day if day <= END else date(2026, 3, 31)
            src = "commercial" if orig == "=interest" and r.random() < 0.5 else "primary"
            if orig.startswith("="):
                self.add("noncustomer", amount, day, None, src=src, chan="bank", own=orig, note=orig[1:])
            else:
                fields = self.ach_fields(orig, descr, ind_id=self.digits(9))
                self.add("noncustomer", amount, day, None, note=f"{orig} {descr}", **fields)
        for k in range(20):
            orig, descr = DEBITS[k % len(DEBITS)]
            amount = -d2(r.randint(2500, 1500000) / 100)
            day = weekday(START + timedelta(days=r.randint(0, 28)))
            day = day if day <= END else date(2026, 3, 31)
            src = "commercial" if k % 5 == 4 else "primary"
            if src == "commercial":
                self.add("debit", amount, day, None, src=src, chan="bank", own="=sweep", note="sweep to operating")
            else:
                fields = self.ach_fields(orig, descr, ind_id=self.digits(9))
                self.add("debit", amount, day, None, note=f"{orig} {descr}", **fields)

    def build(self) -> World:
        r = self.r
        self.customers()
        self.invoices()
        jobs: list[tuple[Any, tuple[Any, ...]]] = []
        jobs += [(self.s_ach, (h,)) for h in ("inv", "multi", "po", "name", "dba_inv") for _ in range(PLAN[f"ach_{h}"])]
        jobs += [(self.s_wire, ())] * PLAN["wire"] + [(self.s_mobile, ())] * PLAN["mobile"]
        jobs += [(self.s_lockbox, (1,))] * PLAN["lockbox"]
        jobs += [(self.s_lockbox, (r.randint(2, 4),)) for _ in range(PLAN["lockbox_batch"])]
        jobs += [(self.s_bill, (h,)) for h in ("inv", "multi", "multiple") for _ in range(PLAN[f"bill_{h}"])]
        jobs += [(self.s_ap, (h,)) for h in ("inv", "group", "email", "noname") for _ in range(PLAN[f"ap_{h}"])]
        jobs += [(self.s_ap, ("coop",))] * PLAN["coop"] + [(self.s_melio_plastiq, ())] * PLAN["melio_plastiq"]
        jobs += [(self.s_resolve, (False,))] * PLAN["resolve"] + [(self.s_resolve, (True,))] * PLAN["resolve_bare"]
        jobs += [(self.s_market, (h,)) for h in ("order", "orders", "bare") for _ in range(PLAN[f"mkt_{h}"])]
        jobs += [(self.s_stripe, ())] * PLAN["stripe"] + [(self.s_shopify, ())] * PLAN["shopify"]
        jobs += [(self.s_square, ("sales",))] * PLAN["square_sales"] + [(self.s_square, ("norec",))] * PLAN[
            "square_norec"
        ]
        r.shuffle(jobs)
        for fn, args in jobs:
            fn(*args)
        self.s_paypal()
        self.noncustomer()
        return self

    # ---- the ledger
    def write_ledger(self, out: Path) -> str:
        if self.qbo:
            return self.write_qbo(out)
        path = out / "xero-invoices.csv"
        with path.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS, restval="")
            w.writeheader()
            for inv in sorted(self.invs, key=lambda i: i.number):
                c = inv.cust
                for (desc, qty, unit), (amt, _) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": c.email, "POCity": c.city[0],
                                "PORegion": c.city[1], "POCountry": "USA", "InvoiceNumber": inv.number,
                                "Reference": inv.ref, "InvoiceDate": f"{inv.issued:%m/%d/%Y}",
                                "DueDate": f"{inv.due_date:%m/%d/%Y}", "Total": f"{inv.total:.2f}", "TaxTotal": "0.00",
                                "InvoiceAmountPaid": f"{inv.paid:.2f}", "InvoiceAmountDue": f"{inv.due:.2f}",
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": f"{unit:.2f}",
                                "LineAmount": f"{amt:.2f}", "AccountCode": "4000", "TaxType": "Tax Exempt",
                                "TaxAmount": "0.00", "Currency": "USD", "Type": "Sales invoice", "Sent": "Sent",
                                "Status": "PAID" if inv.due == 0 else "AUTHORISED"})  # fmt: skip
        return path.name

    def write_qbo(self, out: Path) -> str:
        head = ["", "Date", "Transaction type", "Num", "P.O. Number", "Term", "Due date", "Amount", "Open balance"]
        rows: list[list[str]] = [[FIRM], ["Open Invoices"], ["As of March 31, 2026"], [], head]
        g_amt = g_open = ZERO
        for c in sorted(self.custs, key=lambda c: c.qbo.lower()):
            invs = sorted((i for i in c.invs if i.due > 0), key=lambda i: (i.issued, int(i.number)))
            if not invs:
                continue
            rows.append([c.qbo] + [""] * 8)
            for i in invs:
                term = "Due on receipt" if c.terms == 0 else f"Net {c.terms}"
                rows.append(["", f"{i.issued:%m/%d/%Y}", "Invoice", i.number, i.ref, term, f"{i.due_date:%m/%d/%Y}",
                             usd(i.total), usd(i.due)])  # fmt: skip
            s_amt, s_open = sum((i.total for i in invs), ZERO), sum((i.due for i in invs), ZERO)
            rows += [[f"Total for {c.qbo}", "", "", "", "", "", "", usd(s_amt, "$"), usd(s_open, "$")]]
            g_amt, g_open = g_amt + s_amt, g_open + s_open
        rows += [["TOTAL", "", "", "", "", "", "", usd(g_amt, "$"), usd(g_open, "$")], [], [],
                 ["Accrual Basis Wednesday, April 1, 2026 07:42 AM GMT-07:00"]]  # fmt: skip
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (out / "qbo-open-invoices.csv").write_text(buf.getvalue(), encoding="utf-8-sig")
        return "qbo-open-invoices.csv"

    # ---- the operating account's CSV
    def ach_line(self, cr: Credit) -> str:
        r, d = self.r, cr.day
        if self.bank == "chase":
            info = f" PMT INFO:{cr.info}" if cr.info else ""
            return (f"ORIG CO NAME:{cr.orig:<16} ORIG ID:{cr.oid} DESC DATE:{d:%m%d%y} CO ENTRY DESCR:{cr.descr:<10} "
                    f"SEC:{cr.sec}    TRACE#:0{r.randint(10**13, 10**14 - 1)} EED:{d:%y%m%d}   IND ID:{cr.ind_id:<15} "
                    f"IND NAME:{cr.ind_name:<22}{info} TRN: {r.randint(10**9, 10**10 - 1)}TC")  # fmt: skip
        if self.bank == "bofa":
            info = f" PMT INFO:{cr.info}" if cr.info else ""
            return f"{cr.orig} DES:{cr.descr} ID:{cr.ind_id} INDN:{cr.ind_name} CO ID:{cr.oid} {cr.sec}{info}"
        return f"{cr.orig} {cr.descr} {d:%y%m%d} {cr.ind_id} {cr.ind_name}"

    def primary_text(self, cr: Credit) -> tuple[str, str, str]:
        """(Description, Chase Type, Check or Slip #) of a line of the operating account."""
        r, d, b = self.r, cr.day, self.bank
        if cr.chan in ("ach", "payout"):
            return self.ach_line(cr), "ACH_CREDIT" if cr.amount > 0 else "ACH_DEBIT", ""
        if cr.chan == "wire":
            bank, aba = r.choice(BANKS)
            imad = f"{d:%Y%m%d}MMQFMP{r.randint(10, 99)}{r.randint(100000, 999999)}"
            if b == "chase":
                text = (f"FEDWIRE CREDIT VIA: {bank}/{aba} B/O: {cr.orig} {self.address()} US REF: CHASE NYC/CTR/"
                        f"BNF={FIRM22} PORTLAND OR 97209-2314 US/AC-000000556731 RFB=O/B {bank.split()[0]} "
                        f"OBI={cr.obi} IMAD: {imad} TRN: {r.randint(10**9, 10**10 - 1)}FF")  # fmt: skip
                return text, "WIRE_INCOMING", ""
            if b == "bofa":
                text = (f"WIRE TYPE:WIRE IN DATE: {d:%y%m%d} TIME:{r.randint(8, 17):02d}{r.randint(0, 59):02d} ET "
                        f"TRN:{d:%Y%m%d}{self.digits(8)} SEQ:{d:%Y%m%d}{self.digits(6)}/{self.digits(6)} "
                        f"ORIG:{cr.orig} ID:{self.digits(10)} SND BK:{bank} ID:{aba} PMT DET:{cr.obi}")  # fmt: skip
                return text, "", ""
            text = (f"WT FED#{self.digits(5)} {bank[:16]} /ORG={cr.orig} SRF# {self.digits(10)} TRN#{d:%y%m%d}"
                    f"{self.digits(6)} RFB# {cr.obi}")  # fmt: skip
            return text, "", ""
        if cr.chan == "mobile":
            if b == "chase":
                return "REMOTE ONLINE DEPOSIT #          1", "CHECK_DEPOSIT", "1"
            if b == "bofa":
                return f"BKOFAMERICA MOBILE {d:%m/%d} {self.digits(10)} DEPOSIT *MOBILE OR", "", ""
            return f"MOBILE DEPOSIT : REF NUMBER :{self.digits(12)}", "", ""
        if cr.own == "=interest":
            return (
                {"chase": "INTEREST PAYMENT", "bofa": "Interest Earned", "wf": "INTEREST PAYMENT"}[b],
                "MISC_CREDIT",
                "",
            )
        n = self.digits(10)
        return {"chase": f"ONLINE TRANSFER FROM SAV ...4821 TRANSACTION#: {n}",
                "bofa": f"Online Banking transfer from SAV 4821 Confirmation# {n}",
                "wf": f"ONLINE TRANSFER FROM JUNIPER VALE GOODS CO BUSINESS MARKET RATE SAVINGS XXXXXX4821 REF "
                      f"#IB0{self.alnum(7)} ON {d:%m/%d/%y}"}[b], "ACCT_XFER", ""  # fmt: skip

    def write_primary(self, out: Path) -> None:
        rows = sorted((cr for cr in self.credits if cr.src == "primary"), key=lambda cr: (cr.day, cr.amount))
        opening, bal, bals = Decimal("84213.77"), Decimal("84213.77"), []
        for cr in rows:
            bal += cr.amount
            bals.append(bal)
            cr.file = self.bank_file
        texts = {id(cr): self.primary_text(cr) for cr in rows}
        for cr in rows:
            cr.shown = texts[id(cr)][0]
        path = out / self.bank_file
        if self.bank == "chase":  # newest first, a trailing empty column
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(
                    ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #", ""]
                )
                for k, (cr, b) in enumerate(zip(reversed(rows), reversed(bals))):
                    text, ctype, slip = texts[id(cr)]
                    cr.line = k + 2
                    details = "DSLIP" if cr.chan == "mobile" else "CREDIT" if cr.amount > 0 else "DEBIT"
                    w.writerow([details, f"{cr.day:%m/%d/%Y}", text, f"{cr.amount:.2f}", ctype, f"{b:.2f}", slip, ""])
        elif self.bank == "bofa":  # the summary, a blank line, the table with its "Beginning balance" row
            credits = sum((c.amount for c in rows if c.amount > 0), ZERO)
            first = f"Beginning balance as of {date(2026, 3, 1):%m/%d/%Y}"
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator="\r\n")
                w.writerows([["Description", "", "Summary Amt."], [first, "", usd(opening)],
                             ["Total credits", "", usd(credits)], ["Total debits", "", usd(bal - opening - credits)],
                             [f"Ending balance as of {END:%m/%d/%Y}", "", usd(bal)], [],
                             ["Date", "Description", "Amount", "Running Bal."],
                             [f"{date(2026, 3, 1):%m/%d/%Y}", first, "", usd(opening)]])  # fmt: skip
                for k, (cr, b) in enumerate(zip(rows, bals)):
                    cr.line = k + 9
                    w.writerow([f"{cr.day:%m/%d/%Y}", texts[id(cr)][0], usd(cr.amount), usd(b)])
        else:  # Wells Fargo: no header, five quoted columns, newest first
            with path.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
                for k, cr in enumerate(reversed(rows)):
                    cr.line = k + 1
                    w.writerow([f"{cr.day:%m/%d/%Y}", f"{cr.amount:.2f}", "*", "", texts[id(cr)][0]])

    # ---- the collections account: BAI2 or camt.053
    def bai_records(self, cr: Credit) -> tuple[str, str, list[str]]:
        """(type code, text, 88 continuation records) of a line of the collections account."""
        r, d = self.r, cr.day
        if cr.chan == "lockbox":
            head = f"LOCKBOX 4471 DEPOSIT BATCH {r.randint(1, 40):03d} ITEMS {len(cr.checks)}"
            if len(cr.checks) == 1:
                ch = cr.checks[0]
                return "115", f"{head} CHK {ch.number} REMITTER {ch.remitter} {ch.stub}".rstrip(), []
            more = [f"88,ITEM {k + 1} CHK {ch.number} AMT {ch.amount} REMITTER {ch.remitter} {ch.stub}".rstrip()
                    for k, ch in enumerate(cr.checks)]  # fmt: skip
            return "115", head, more
        if cr.chan == "wire":
            bank, aba = r.choice(BANKS)
            imad = f"{d:%Y%m%d}MMQFMP{r.randint(10, 99)}{self.digits(6)}"
            text = f"FEDWIRE CREDIT IMAD:{imad} ORG=/{self.digits(10)} {cr.orig} {self.address()} OGB={bank} {aba}"
            return "195", f"{text} OBI={cr.obi}", []
        if cr.own == "=interest":
            return "354", "INTEREST CREDIT", []
        if cr.own == "=sweep":
            return "575", "ZBA TRANSFER DEBIT TO ACCOUNT 000004821", []
        info = f" PMT INFO:{cr.info}" if cr.info else ""
        text = (f"ORIG CO NAME:{cr.orig} ORIG ID:{cr.oid} DESC DATE:{d:%y%m%d} CO ENTRY DESCR:{cr.descr} SEC:{cr.sec} "
                f"TRACE#:0{r.randint(10**13, 10**14 - 1)} EED:{d:%y%m%d} IND ID:{cr.ind_id} IND NAME:{cr.ind_name}"
                f"{info}")  # fmt: skip
        more = [f"88,N1*PR*{cr.n1}\\"] if cr.n1 else []
        for k, (ref, paid, total) in enumerate(cr.rmr):
            ent = f"ENT*{k + 1}\\N1*PE*{cr.ents[k]}\\" if cr.ents else ""
            more.append(f"88,{ent}RMR*IV*{ref}*PI*{paid:.2f}*{total:.2f}\\")
        return ("142" if cr.sec != "CTX" else "165"), text, more

    def write_bai2(self, out: Path) -> None:
        r = self.r
        rows = [cr for cr in self.credits if cr.src == "commercial"]
        lines = ["01,026009593,JUNIPERVALE,260401,0605,1,,,2/"]
        file_total, groups = 0, 0
        for day in sorted({cr.day for cr in rows}):
            groups += 1
            lines.append(f"02,JUNIPERVALE,026009593,1,{day:%y%m%d},,USD,2/")
            opening, closing = r.randint(10**6, 10**8), r.randint(10**6, 10**8)
            lines.append(f"03,3301847752,USD,010,{opening},,,015,{closing},,/")
            acct_total, start = opening + closing, len(lines) - 1
            for cr in sorted((x for x in rows if x.day == day), key=lambda x: (x.amount < 0, x.amount)):
                cents = int(abs(cr.amount) * 100)
                acct_total += cents
                code, text, more = self.bai_records(cr)
                cr.file, cr.line = self.coll_file, len(lines) + 1
                cr.shown = " ".join([text, *(m[3:] for m in more)])
                lines.append(f"16,{code},{cents},0,{day:%y%m%d}{self.digits(7)},,{text}")
                lines += more
            n = len(lines) - start + 1
            lines.append(f"49,{acct_total},{n}/")
            lines.append(f"98,{acct_total},1,{n + 2}/")
            file_total += acct_total
        lines.append(f"99,{file_total},{groups},{len(lines) + 1}/")
        (out / self.coll_file).write_text("\n".join(lines) + "\n", encoding="ascii")

    def camt_entry(self, cr: Credit, k: int) -> list[str]:
        sign = "CRDT" if cr.amount > 0 else "DBIT"
        amt = abs(cr.amount)
        dom, fam, sub = ("PMNT", "RCDT", "ACDT")
        if cr.chan == "wire":
            sub = "DMCT"
        elif cr.chan == "lockbox":
            fam, sub = "LBOX", "LBDP"
        elif cr.own == "=interest":
            dom, fam, sub = "ACMT", "MCOP", "INTR"
        elif cr.own == "=sweep":
            fam, sub = "ICDT", "BOOK"
        head = (f'<Ntry><NtryRef>{k + 1}</NtryRef><Amt Ccy="USD">{amt}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
                f"<Sts>BOOK</Sts><BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt><AcctSvcrRef>"
                f"CB{cr.day:%y%m%d}{k:05d}</AcctSvcrRef><BkTxCd><Domn><Cd>{dom}</Cd><Fmly><Cd>{fam}</Cd>"
                f"<SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>")  # fmt: skip
        if cr.own:
            cr.shown = {"=interest": "INTEREST CREDIT", "=sweep": "ZBA TRANSFER TO 000004821"}[cr.own]
            return [head, f"<AddtlNtryInf>{cr.shown}</AddtlNtryInf></Ntry>"]
        if cr.chan == "lockbox":
            txs, shown = [], []
            for ch in cr.checks:
                tx = (f"<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><ChqNb>{ch.number}</ChqNb></Refs>"
                      f'<AmtDtls><TxAmt><Amt Ccy="USD">{ch.amount}</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>'
                      f"{escape(ch.remitter)}</Nm></Dbtr></RltdPties>")  # fmt: skip
                tx += f"<RmtInf><Ustrd>{escape(ch.stub)}</Ustrd></RmtInf>" if ch.stub else ""
                txs.append(tx + "</TxDtls>")
                shown.append(f"[chk {ch.number} {ch.amount} Dbtr={ch.remitter!r} Ustrd={ch.stub!r}]")
            cr.shown = "LOCKBOX DEPOSIT " + " ".join(shown)
            btch = f"<Btch><NbOfTxs>{len(txs)}</NbOfTxs></Btch>" if len(txs) > 1 else ""
            return [head, f"<NtryDtls>{btch}", *txs, "</NtryDtls><AddtlNtryInf>LOCKBOX DEPOSIT</AddtlNtryInf></Ntry>"]
        payer = cr.dbtr or cr.orig
        e2e = cr.ind_id if cr.chan == "ach" and cr.ind_id else "NOTPROVIDED"  # the ACH individual id
        tx = (f"<TxDtls><Refs><EndToEndId>{escape(e2e)}</EndToEndId></Refs>"
              f'<AmtDtls><TxAmt><Amt Ccy="USD">{amt}</Amt></TxAmt></AmtDtls><RltdPties><Dbtr><Nm>{escape(payer)}</Nm>'
              f"</Dbtr><DbtrAcct><Id><Othr><Id>{self.digits(10)}</Id></Othr></Id></DbtrAcct>")  # fmt: skip
        tx += f"<UltmtDbtr><Nm>{escape(cr.ultimate)}</Nm></UltmtDbtr>" if cr.ultimate else ""
        tx += "</RltdPties>"
        ustrd = cr.obi if cr.chan == "wire" else cr.info or (cr.descr if not cr.rmr else "")
        if cr.n1 and cr.n1 != upper(cr.ultimate) and not ustrd:
            ustrd = cr.n1
        strd = ""
        for ref, paid, total in cr.rmr:
            adj = ""
            if total != paid:
                adj = (f'<AdjstmntAmtAndRsn><Amt Ccy="USD">{total - paid:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
                       "<AddtlInf>MARKETPLACE COMMISSION</AddtlInf></AdjstmntAmtAndRsn>")  # fmt: skip
            strd += (f"<Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>{escape(ref)}</Nb>"
                     f'</RfrdDocInf><RfrdDocAmt><DuePyblAmt Ccy="USD">{total:.2f}</DuePyblAmt>{adj}'
                     f'<RmtdAmt Ccy="USD">{paid:.2f}</RmtdAmt></RfrdDocAmt></Strd>')  # fmt: skip
        if ustrd or strd:
            tx += "<RmtInf>" + (f"<Ustrd>{escape(ustrd)}</Ustrd>" if ustrd else "") + strd + "</RmtInf>"
        info = "WIRE TRANSFER CREDIT" if cr.chan == "wire" else f"ACH CREDIT {cr.orig} {cr.descr}"
        docs = " ".join(f"{ref}={paid}/{total}" for ref, paid, total in cr.rmr)
        cr.shown = (f"Dbtr={payer!r}" + (f" UltmtDbtr={cr.ultimate!r}" if cr.ultimate else "") + f" Ustrd={ustrd!r}"
                    + (f" Strd={docs}" if docs else "") + f" AddtlNtryInf={info!r}")  # fmt: skip
        return [head, "<NtryDtls>", tx + "</TxDtls>", f"</NtryDtls><AddtlNtryInf>{escape(info)}</AddtlNtryInf></Ntry>"]

    def write_camt(self, out: Path) -> None:
        first, last = date(2026, 3, 1), END
        out_lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                     '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">', "<BkToCstmrStmt>",
                     f"<GrpHdr><MsgId>CB{last:%Y%m%d}01</MsgId><CreDtTm>{last}T23:30:00</CreDtTm></GrpHdr>",
                     (f"<Stmt><Id>STMT{last:%Y%m}</Id><ElctrncSeqNb>3</ElctrncSeqNb><CreDtTm>{last}T23:30:00</CreDtTm>"
                      f"<FrToDt><FrDtTm>{first}T00:00:00</FrDtTm><ToDtTm>{last}T23:59:59</ToDtTm></FrToDt>"
                      "<Acct><Id><Othr><Id>3301847752</Id></Othr></Id><Ccy>USD</Ccy><Ownr><Nm>Juniper &amp; Vale "
                      "Goods Co.</Nm></Ownr></Acct>")]  # fmt: skip
        rows = sorted((cr for cr in self.credits if cr.src == "commercial"), key=lambda cr: (cr.day, cr.amount))
        opening = Decimal("36018.55")
        closing = opening + sum((cr.amount for cr in rows), ZERO)
        for cd, bal, day in (("OPBD", opening, first), ("CLBD", closing, last)):
            out_lines.append(f'<Bal><Tp><CdOrPrtry><Cd>{cd}</Cd></CdOrPrtry></Tp><Amt Ccy="USD">{bal}</Amt>'
                             f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>")  # fmt: skip
        for n, cr in enumerate(rows):
            cr.file, cr.line = self.coll_file, len(out_lines) + 1
            out_lines += self.camt_entry(cr, n)
        out_lines += ["</Stmt>", "</BkToCstmrStmt>", "</Document>"]
        (out / self.coll_file).write_text("\n".join(out_lines) + "\n", encoding="utf-8")

    # ---- the processors' exports
    def write_stripe(self, out: Path) -> None:
        cols = ["automatic_payout_id", "automatic_payout_effective_at_utc", "balance_transaction_id", "created_utc",
                "available_on_utc", "currency", "gross", "fee", "net", "reporting_category", "source_id",
                "description", "customer_id", "customer_email", "customer_name", "charge_id", "payment_intent_id",
                "payment_method_type", "card_brand", "card_funding", "payment_metadata[invoice_number]"]  # fmt: skip
        with (out / STRIPE_FILE).open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, cols, restval="", extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            for cr in sorted((x for x in self.credits if x.kind == "stripe_payout"), key=lambda x: x.day):
                for row in cr.rows:
                    w.writerow(row)
                cr.shown = f"{cr.shown} [Stripe {cr.rows[0]['automatic_payout_id']}, {len(cr.rows)} rows]"

    def write_paypal(self, out: Path) -> None:
        cols = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
                "From Email Address", "To Email Address", "Transaction ID", "Shipping Address", "Address Status",
                "Item Title", "Item ID", "Shipping and Handling Amount", "Insurance Amount", "Sales Tax",
                "Option 1 Name", "Option 1 Value", "Option 2 Name", "Option 2 Value", "Reference Txn ID",
                "Invoice Number", "Custom Number", "Quantity", "Receipt ID", "Balance", "Address Line 1",
                "Address Line 2/District/Neighborhood", "Town/City",
                "State/Province/Region/County/Territory/Prefecture/Republic", "Zip/Postal Code", "Country",
                "Contact Phone Number", "Subject", "Note", "Country Code", "Balance Impact"]  # fmt: skip
        rows = sorted((x for x in self.credits if x.src == "paypal"), key=lambda x: (x.day, x.amount < 0))
        bal = Decimal("1204.33")
        with (out / PAYPAL_FILE).open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, cols, restval="", quoting=csv.QUOTE_ALL, lineterminator="\n")
            w.writeheader()
            for k, cr in enumerate(rows):
                bal += cr.amount
                cells = dict(cr.rows[0])
                tz = "PDT" if cr.day >= date(2026, 3, 8) else "PST"
                cells.update({"Date": f"{cr.day:%m/%d/%Y}", "Time": f"{self.r.randint(6, 21):02d}:"
                              f"{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}", "TimeZone": tz,
                              "Status": "Completed", "Currency": "USD", "To Email Address": "ar@junipervale.com"
                              if cr.amount > 0 else "", "Transaction ID": self.alnum(17), "Balance": usd(bal),
                              "Balance Impact": "Credit" if cr.amount > 0 else "Debit", "Quantity": "1"
                              if cr.amount > 0 else ""})  # fmt: skip
                if cr.amount < 0:
                    cells["From Email Address"] = "ar@junipervale.com"
                w.writerow(cells)
                cr.file, cr.line = PAYPAL_FILE, k + 2
                cr.shown = " | ".join(
                    f"{c}={cells[c]!r}"
                    for c in ("Type", "Name", "From Email Address", "Gross", "Fee", "Net", "Invoice Number", "Note")
                    if cells.get(c)
                )

    def write(self, out: Path) -> tuple[list[str], str]:
        ledger = self.write_ledger(out)
        self.write_primary(out)
        if self.bai:
            self.write_bai2(out)
        else:
            self.write_camt(out)
        self.write_stripe(out)
        self.write_paypal(out)
        (out / "arsync.yaml").write_text("version: 1\n", encoding="utf-8")
        return [self.bank_file, self.coll_file, STRIPE_FILE, PAYPAL_FILE], ledger


def check_parse(world: World, out: Path, files: list[str]) -> list[str]:
    """Every line written is read once, with its amount and date; every Stripe payout gets its report's rows, every
    itemized line its items."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    expanded = {(Path(p["bank"]["file"]).name, p["bank"]["line"]) for p in doc.get("payouts", [])}
    problems = []
    for cr in world.credits:
        t = by.pop((cr.file, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(
                f"{cr.file}:{cr.line} {cr.kind} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}"
            )
            continue
        want = len(cr.rows) if cr.kind == "stripe_payout" else len(cr.rmr) if world.bai else len(cr.checks)
        if cr.kind == "stripe_payout" and (cr.file, cr.line) not in expanded:
            problems.append(f"{cr.file}:{cr.line} Stripe payout {cr.amount} not expanded")
        if cr.items and len(t.get("items", [])) != want:
            problems.append(f"{cr.file}:{cr.line} {cr.kind}: {len(t.get('items', []))} items read, {want} written")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


Key = tuple[str, int, "int | None"]
Scorable = Unit | Credit


def entries(doc: dict[str, Any]) -> dict[Key, list[Match]]:
    got: dict[Key, list[Match]] = defaultdict(list)
    for m in doc.get("matches", []) + doc.get("unmatched_bank", []):
        got[(Path(m["bank"]["file"]).name, m["bank"]["line"], m["bank"].get("item"))].append(m)
    return got


def units_of(world: World, got: dict[Key, list[Match]]) -> tuple[list[tuple[Key, Scorable]], dict[int, Credit]]:
    """What is scored, keyed as arsync names it: a line's items one by one when arsync decided them one by one (or
    left the whole line unmatched), else the line (its items' truths joined)."""
    keyed: list[tuple[Key, Scorable]] = []
    owner: dict[int, Credit] = {}
    for cr in sorted(world.credits, key=lambda x: (x.file, x.line)):
        base = (cr.file, cr.line)
        per_item = {k for f, ln, k in got if (f, ln) == base and k is not None}
        whole = any(m.get("invoices") for m in got.get((*base, None), []))
        if cr.items and not whole:  # items decided one by one, or the whole line left unmatched: each item unmatched
            got.pop((*base, None), None)
            for k, u in enumerate(cr.items):
                u.item = k
                keyed.append(((*base, k), u))
                owner[id(u)] = cr
            continue
        for k in per_item:  # decided item by item, scored as the line
            got[(*base, None)].extend(got.pop((*base, k)))
        obj: Scorable = cr
        if cr.items:
            truths = [u.truth for u in cr.items]
            review = any(u.kind not in CLERK for u in cr.items)
            joined = None
            if all(truths):
                joined = [tuple(sorted(n for t in combo for n in t)) for combo in product(*(t or [] for t in truths))]
            kind = "whole_line_review" if review else "whole_line"
            if cr.kind in CLERK and cr.kind != "whole_line":  # a CTX or lockbox line: its own kind
                kind = cr.kind if not review else f"{cr.kind}_amb" if f"{cr.kind}_amb" in REVIEW else kind
            obj = Unit(kind, joined, cr.amount, note=cr.note)
            owner[id(obj)] = cr
        keyed.append(((*base, None), obj))
        owner[id(obj)] = cr
    return keyed, owner


def score(world: World, doc: dict[str, Any], show: str) -> Table:
    got = entries(doc)
    keyed, owner = units_of(world, got)
    totals = applied_totals(got)
    parts = partial_autos(world, keyed, got)
    every = {k: list(v) for k, v in got.items()}
    verdicts: dict[Key, tuple[Scorable, Verdict]] = {}

    def header(key: Key, u: Scorable) -> str:
        cr = owner[id(u)]
        item = "" if key[2] is None else f" item {key[2]}"
        what = f"\n    item: {u.text}" if isinstance(u, Unit) and u.text else ""
        return (f"{key[0]}:{key[1]}{item} {cr.day} USD {u.amount} (line {cr.amount}) note={u.note or cr.note!r}\n"
                f"    line: {cr.shown}{what}")  # fmt: skip

    def ledger(u: Scorable, picked: tuple[str, ...]) -> None:
        for tag, nums in (("truth", sorted({n for t in u.truth or [] for n in t})), ("picked", list(picked))):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None:
                    via = (
                        f", {inv.market} order {inv.order} for {inv.store.name if inv.store else '-'}"
                        if inv.market
                        else ""
                    )
                    paid = (
                        f", this payment pays {world.paid_for[n]} of it"
                        if tag == "truth" and n in world.paid_for
                        else ""
                    )
                    print(f"    {tag} {n}: {inv.cust.name}, dated {inv.issued}, total {inv.total}, open {inv.due}, "
                          f"ref {inv.ref!r}{via}{paid}")  # fmt: skip

    def judged(key: Key, u: Scorable, v: Verdict) -> None:
        verdicts[key] = (u, v)

    table = score_credits(keyed, got, show, header, review=REVIEW, judged=judged, ledger=ledger, applied=True)
    listed = []
    for key, picked in parts.items():
        u, v = verdicts[key]
        if v.outcome == "suggest wrong" and set(v.picked) <= {n for t in u.truth or [] for n in t}:
            table[u.kind]["suggest wrong"] -= 1
            table[u.kind]["suggest ok"] += 1
            verdicts[key] = (u, Verdict(v.decision, v.picked, "suggest ok", v.payable))
        listed.append(f"{key[0]}:{key[1]}{'' if key[2] is None else f'.{key[2]}'} {u.kind} {picked}")
    if parts:
        print("\nautos of part of what a remittance names, each invoice at what was paid for it, the rest left to a "
              f"person (scored as right suggestions): {len(parts)}: {', '.join(listed)}")  # fmt: skip
    extra = amount_checks(world, every, totals, verdicts, table, header, ledger)
    print("\nchecks of the amounts of autos judged right by their invoices:", dict(extra) or "none failed")
    misses(verdicts)
    return table


def applied_totals(got: dict[Key, list[Match]]) -> dict[str, tuple[Decimal, list[Key]]]:
    """What all the autos together apply to each invoice, and from which lines."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    where: dict[str, list[Key]] = defaultdict(list)
    for key, ms in got.items():
        for m in ms:
            if m.get("decision") == "auto":
                for i in m.get("invoices", []):
                    total[i["number"]] += Decimal(i["applied"])
                    where[i["number"]].append(key)
    return {n: (a, where[n]) for n, a in total.items()}


def over_paid(world: World, m: Match) -> list[str]:
    """The invoices an auto gives more than the payer paid for them (a marketplace order at its gross, not its net)."""
    out = []
    for i in m.get("invoices", []):
        paid = world.paid_for.get(i["number"])
        if paid is not None and Decimal(i["applied"]) > paid:
            out.append(f"applies {i['applied']} to {i['number']}, the payer paid {paid} for it")
    return out


def partial_autos(world: World, keyed: list[tuple[Key, Scorable]], got: dict[Key, list[Match]]) -> dict[Key, str]:
    """Autos that apply part of what the remittance names, each invoice no more than was paid for it, leaving the
    rest unapplied: no money on a wrong invoice, so they are turned into suggestions (with a ``bench`` reason)."""
    parts: dict[Key, str] = {}
    for key, u in keyed:
        if u.kind in REVIEW or not u.truth:
            continue
        autos = [m for m in got.get(key, []) if m.get("decision") == "auto"]
        picked = {i["number"] for m in autos for i in m.get("invoices", [])}
        if not autos or not any(picked < set(t) for t in u.truth) or any(over_paid(world, m) for m in autos):
            continue
        for m in autos:
            m["decision"] = "suggest"
            m["reasons"] = [
                {"feature": "bench", "weight": 0, "detail": "auto of part of the remittance"},
                *m["reasons"],
            ]
        parts[key] = "+".join(sorted(picked))
    return parts


def amount_checks(
    world: World,
    every: dict[Key, list[Match]],
    totals: dict[str, tuple[Decimal, list[Key]]],
    verdicts: dict[Key, tuple[Scorable, Verdict]],
    table: Table,
    header: Any,
    ledger: Any,
) -> Counter[str]:
    """Every auto applies no more than each invoice's open amount, than the payer paid for it, and than the payment;
    summed over all autos, no invoice gets more than its open amount. A right set of invoices applied wrongly moves
    to AUTO WRONG."""
    failed: Counter[str] = Counter()
    for key, (u, v) in verdicts.items():
        autos = [m for m in every.get(key, []) if m.get("decision") == "auto"]
        if not autos:
            continue
        why = []
        for m in autos:
            for i in m.get("invoices", []):
                inv = world.by_number.get(i["number"])
                if inv is not None and Decimal(i["applied"]) > inv.due:
                    why.append(f"applies {i['applied']} to {inv.number}, open {inv.due}")
            why += over_paid(world, m)
            paid = Decimal(m.get("amount") or u.amount)
            if sum((Decimal(i["applied"]) for i in m.get("invoices", [])), ZERO) > max(paid, u.amount):
                why.append(f"applies more than the payment {paid}")
        for n in sorted({i["number"] for m in autos for i in m.get("invoices", [])}):
            got, lines = totals.get(n, (ZERO, []))
            if n in world.by_number and got > world.by_number[n].due:
                why.append(f"{n} gets {got} from lines {lines}, open {world.by_number[n].due}")
        if why and v.outcome == "auto ok":
            failed[u.kind] += 1
            table[u.kind]["auto ok"] -= 1
            table[u.kind]["AUTO WRONG"] += 1
            print(f"\n[{u.kind}] {header(key, u)}\n    AUTO WRONG by amount: {'; '.join(why)}")
            ledger(u, v.picked)
            for m in autos:
                print(
                    f"    auto {label(m)} applied={[i['applied'] for i in m['invoices']]}\n      reasons: {reasons(m)}"
                )
    return failed


def misses(verdicts: dict[Key, tuple[Scorable, Verdict]]) -> None:
    """Payable credits left to a person, by kind and what arsync did."""
    tally: Counter[tuple[str, str]] = Counter()
    for u, v in verdicts.values():
        if v.payable and v.decision != "auto":
            tally[(u.kind, v.outcome)] += 1
    if tally:
        print("\npayable credits not applied automatically, by kind:", ", ".join(
            f"{k} {o}: {n}" for (k, o), n in sorted(tally.items(), key=lambda kv: -kv[1])))  # fmt: skip


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_platforms_") as out:
        files, ledger = world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        n_open = sum(i.due > 0 for i in world.invs)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices ({n_open} open), ledger "
              f"{ledger}, marketplace orders invoiced to the {world.mkt_style}; {n_in} credits + "
              f"{len(world.credits) - n_in} debits in {', '.join(files)}; files in {out}")  # fmt: skip
        for problem in check_parse(world, out, files):
            print("PARSE:", problem)
        extra = ["--currency", "USD"] if world.qbo else []
        doc = match(out, *(a for f in files for a in ("--bank", f)), "--ledger", ledger, *extra, timed=True)
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
