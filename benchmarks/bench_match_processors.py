"""Cash application through card processors and fintech accounts, for a US SaaS selling to US, UK and EU customers.

Run:  .venv/bin/python benchmarks/bench_match_processors.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Per seed it writes (answers known only here) ``xero.csv``, Xero's invoice export of 500-550 open invoices of 150
customers (US companies "Inc." / "LLC", UK "Ltd" / "LLP", EU GmbH / B.V. / SARL, individuals, look-alike names such
as "Brightline Studio" / "Brightline Studios LLC"; monthly plan invoices of the same amount at one customer and across
customers; USD, GBP and EUR) with each contact's billing e-mail; ``stripe_balance.csv``, Stripe's itemized "Balance
change from activity" report of the US account (charges named "Invoice INV-1234", Stripe Billing "Subscription
update" charges carrying Stripe's own invoice number, Checkout charges with only the customer's e-mail or a
``payment_metadata[invoice_number]``, UK / EU cards settled in USD with ``customer_facing_amount``, refunds,
disputes and won disputes, payouts, Stripe's own fees); ``stripe_uk_payments.csv``, the Dashboard's payments export
of the UK account, with the Dashboard's own header (``Created date (UTC)``, ``Amount Refunded``, ``Customer Email``;
a failed and a refunded charge); ``paypal.csv``, PayPal's activity download (Express Checkout payments with the
invoice number, General / Subscription payments, EUR payments and their General Currency Conversion pairs, refunds,
chargebacks, dispute holds and their release, withdrawals to the bank, an authorization memo row); ``wise_gbp.csv``,
a Wise GBP statement, newest first ("Received money from KESTREL DIGITAL LTD with reference INV-1234", conversions,
own-account sweeps, HMRC, card spend, fee rows sharing the transfer's id); ``chase.csv``, Chase business checking,
newest first (Stripe and PayPal payout lumps, customer ACH credits with the invoice in IND ID, domestic and
international wires with the intermediary's fee taken, remote check deposits, interest, a savings transfer, an IRS
refund); and ``arsync.yaml`` (``matching.fx_rates`` GBP and EUR to USD).

It checks ``arsync bank parse`` reads each file (a refused file is reported and left out of the match) and every
row as written (amount net of fees, date, currency, payer name and e-mail), runs ``arsync match --bank ... --ledger
xero.csv --json`` and scores each credit per kind (processor_ref, bank_ref, email_only, metadata_ref, name_only,
alike, subscription (any of the customer's same-amount invoices is right), partial, overpay, wire_fee, fx, typo;
never to be auto: bare_ambiguous; never applied: payout, refund, dispute, conversion, noncustomer): autos right /
wrong (printed with reasons), auto rate over payable credits, suggestions right / wrong, unmatched, and the payable
credits left to a person by kind and file. Money going out (refunds, chargebacks, withdrawals, spend) is written
but not scored unless the matcher applies it. ``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import string
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from matchscore import (
    ARSYNC,
    C,
    Invoice,
    Verdict,
    arguments,
    file_line,
    kind_table,
    match,
    matches_by,
    plain,
    run,
    score_credits,
    workdir,
)

RATE = {"USD": Decimal(1), "GBP": Decimal("1.2650"), "EUR": Decimal("1.0820")}  # USD per unit, given to arsync
START, END = date(2026, 3, 2), date(2026, 3, 31)
ME = "LUMEN METRICS INC"
PAYABLE = "processor_ref bank_ref email_only metadata_ref name_only alike subscription partial overpay wire_fee fx typo"
NEVER = {"payout", "refund", "dispute", "conversion", "noncustomer", "money_out"}

US_A = "Northwind Bluefin Cedar Summit Harbor Redwood Granite Copper Lakeshore Meridian Pioneer Beacon Ironwood"
US_A += " Silverline Brightpath Evergreen Keystone Lighthouse Maple Orchard Prairie Riverbend Sierra Tidewater"
US_A += " Willow Falcon Juniper Atlas Canyon Hudson Magnolia Bayview"
US_B = "Analytics|Labs|Studio|Software|Dental|Logistics|Media|Ventures|Consulting|Health|Realty|Fitness|Coffee"
US_B += " Roasters|Marketing|Design|Legal|Data|Robotics|Outfitters|Insurance Group|Pediatrics|Brewing"
US_SUFFIX = ["Inc.", "LLC", "Co.", "Corp.", "", "Group LLC", "Inc", "LLC"]
UK_A = "Kestrel Thistle Harbour Ashdown Bramble Pennine Cobalt Wren Larch Foxglove Granary Saltmarsh Hawthorn"
UK_A += " Mersey Clyde Severn Ambleside Cotswold Tamar"
UK_B = "Digital|Analytics|Studio|Media|Consulting|Software|Architects|Dental Care|Lettings|Marketing|Print|Events"
UK_SUFFIX = ["Ltd", "Limited", "Ltd", "& Co Ltd", "LLP", "Ltd"]
EU = [("Müller Software GmbH", "de"), ("Studio Vermeer B.V.", "nl"), ("Lumière Conseil SARL", "fr"),
      ("Bergmann & Söhne KG", "de"), ("Atelier Dubois SAS", "fr"), ("Van Dijk Logistiek B.V.", "nl"),
      ("Rossi Design S.r.l.", "it"), ("Kovač Analytics d.o.o.", "si"), ("O'Sullivan Software Ltd", "ie"),
      ("Innova Soluciones S.L.", "es"), ("Brandt IT-Services GmbH", "de"), ("Helsinki Pixel Oy", "fi"),
      ("Agência Lusa Lda", "pt"), ("Nordlicht Media GmbH", "de")]  # fmt: skip
FIRST = "Jane Marcus Priya Daniel Aisha Tom Elena Kevin Grace Omar Sofia Luis Hannah Wei Noah Fatima Ryan Chloe"
FIRST += " Mateo Zoe Dana Siobhan Rhys Imogen"
LAST = "Okafor Chen Raman Whitfield Nguyen Garcia Kowalski Patel Brooks Alvarez Kim Sullivan Haddad Rossi Murphy"
LAST += " Lindqvist Osei Fischer Tanaka Moreau Hughes Evans Pritchard"
ALIKE = [("Acme Analytics Inc.", "US"), ("Acme Analytics Ltd", "UK"), ("Brightline Studio", "US"),
         ("Brightline Studios LLC", "US"), ("Summit Dental Group", "US"), ("Summit Dental Partners LLC", "US"),
         ("Jane Smith", "US"), ("Jane Smyth", "UK")]  # fmt: skip
PLANS = {"USD": ["49", "99", "99", "249", "499"], "GBP": ["39", "79", "79", "199"], "EUR": ["45", "89", "229"]}
PERSON_PLANS = {"USD": ["12", "29", "29"], "GBP": ["9", "19"], "EUR": ["12"]}
SEAT = {"USD": Decimal(12), "GBP": Decimal(10), "EUR": Decimal(11)}
MONTHS = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
XERO_COLUMNS = "ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
XERO_COLUMNS += "POPostalCode,POCountry,InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,"
XERO_COLUMNS += "InvoiceAmountPaid,InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,"
XERO_COLUMNS += "LineAmount,AccountCode,TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,"
XERO_COLUMNS += "TrackingOption2,Currency,Type,Sent,Status"
STRIPE_COLUMNS = "balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,"
STRIPE_COLUMNS += "source_id,description,customer_facing_amount,customer_facing_currency,customer_id,customer_email,"
STRIPE_COLUMNS += "customer_name,customer_description,charge_id,payment_intent_id,invoice_id,invoice_number,"
STRIPE_COLUMNS += "payment_method_type,card_brand,card_funding,statement_descriptor,dispute_reason,"
STRIPE_COLUMNS += "payment_metadata[invoice_number]"
STRIPE_UK_COLUMNS = "id,Description,Seller Message,Created date (UTC),Amount,Amount Refunded,Currency,Converted "
STRIPE_UK_COLUMNS += "Amount,Converted Amount Refunded,Fee,Tax,Converted Currency,Status,Statement Descriptor,"
STRIPE_UK_COLUMNS += "Customer ID,Customer Description,Customer Email,Captured,Card ID,Invoice ID,Transfer,"
STRIPE_UK_COLUMNS += "invoice_number (metadata)"
PAYPAL_COLUMNS = "Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,From Email Address,To Email Address,"
PAYPAL_COLUMNS += "Transaction ID,Shipping Address,Address Status,Item Title,Item ID,Shipping and Handling Amount,"
PAYPAL_COLUMNS += "Insurance Amount,Sales Tax,Option 1 Name,Option 1 Value,Option 2 Name,Option 2 Value,Reference "
PAYPAL_COLUMNS += "Txn ID,Invoice Number,Custom Number,Quantity,Receipt ID,Balance,Address Line 1,Address Line 2/"
PAYPAL_COLUMNS += "District/Neighborhood,Town/City,State/Province/Region/County/Territory/Prefecture/Republic,Zip/"
PAYPAL_COLUMNS += "Postal Code,Country,Contact Phone Number,Subject,Note,Country Code,Balance Impact"
WISE_COLUMNS = "TransferWise ID,Date,Date Time,Amount,Currency,Description,Payment Reference,Running Balance,"
WISE_COLUMNS += "Exchange From,Exchange To,Exchange Rate,Payer Name,Payee Name,Payee Account Number,Merchant,"
WISE_COLUMNS += "Card Last Four Digits,Card Holder Full Name,Attachment,Note,Total fees,Exchange To Amount,"
WISE_COLUMNS += "Transaction Type,Transaction Details Type"
CHASE_COLUMNS = "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #"
FILES = {"stripe": "stripe_balance.csv", "stripe_uk": "stripe_uk_payments.csv", "paypal": "paypal.csv",
         "wise": "wise_gbp.csv", "chase": "chase.csv"}  # fmt: skip


@dataclass
class Cust:
    name: str
    country: str  # US, UK or EU
    ccy: str
    email: str
    person: bool
    contact: str  # the person who pays: a Stripe customer name, a PayPal account
    channel: str  # stripe, stripe_uk, paypal, wise, chase
    invoices: list[Inv] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class Inv(Invoice):  # lines before VAT
    vat: Decimal = Decimal(0)

    def tax_rate(self) -> Decimal:
        return self.vat


@dataclass
class Row:
    src: str  # a key of FILES
    kind: str
    when: datetime
    amount: Decimal  # what the account's balance moved: net of the processor's fee, signed
    ccy: str
    cells: dict[str, str]
    truth: list[tuple[str, ...]] | None = None  # acceptable invoice sets; None: no invoice is paid by it
    note: str = ""
    text: str = ""
    read: bool = True  # False: the format's reader leaves it out (failed charge, memo row)
    payer: str = ""  # name and e-mail the reader should find
    email: str = ""
    line: int = 0


def money(x: Decimal) -> str:
    return f"{x:.2f}"


def slug(name: str) -> str:
    core = name
    for s in (" Group LLC", " LLC", " Inc.", " Inc", " Co.", " Corp.", " Ltd", " Limited", " & Co", " LLP", " GmbH"):
        core = core.removesuffix(s)
    return "".join(ch for ch in plain(core).lower() if ch.isalnum())


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.used: set[str] = set()
        self.rows: list[Row] = []
        self.emails: set[str] = set()

    def rid(self, prefix: str, n: int = 24, chars: str = string.ascii_letters + string.digits) -> str:
        return prefix + "".join(self.r.choice(chars) for _ in range(n))

    def moment(self, lo: date = START, hi: date = END) -> datetime:
        d = lo + timedelta(days=self.r.randint(0, max(0, (hi - lo).days)))
        return datetime(d.year, d.month, d.day, self.r.randint(0, 23), self.r.randint(0, 59), self.r.randint(0, 59))

    # ---- customers and invoices ----------------------------------------------------------------------------
    def add_cust(self, name: str, country: str, person: bool, cc: str = "") -> None:
        r = self.r
        ccy = {"US": "USD", "UK": "GBP", "EU": "EUR"}[country]
        if person:
            first, last = plain(name).lower().removeprefix("dr. ").split()[:2]
            local = r.choice(
                [f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}.{last}{r.randint(1, 99)}"]
            )
            email = f"{local}@{r.choice(['gmail.com', 'outlook.com', 'icloud.com', 'yahoo.com', 'hotmail.co.uk'])}"
            contact = name.removeprefix("Dr. ")
        else:
            tld = {"US": r.choice(["com", "com", "io", "co"]), "UK": "co.uk", "EU": cc or "eu"}[country]
            email = f"{r.choice(['billing', 'accounts', 'ap', 'finance', 'admin', 'hello', 'ops'])}@{slug(name)}.{tld}"
            contact = f"{r.choice(FIRST.split())} {r.choice(LAST.split())}"
        if email in self.emails:
            return
        roll = r.random()
        channel = (
            ("stripe" if roll < 0.65 else "paypal" if roll < 0.85 else "chase") if country == "US"
            else ("wise" if roll < 0.5 else "stripe_uk" if roll < 0.75 else "stripe" if roll < 0.88 else "paypal")
            if country == "UK" else ("stripe" if roll < 0.55 else "paypal")
        )  # fmt: skip
        if person and channel in ("chase", "wise") and country == "US":
            channel = "stripe"
        self.emails.add(email)
        self.custs.append(Cust(name, country, ccy, email, person, contact, channel))

    def customers(self) -> None:
        r, names = self.r, set()
        for name, country in ALIKE:
            self.add_cust(name, country, name.startswith("Jane"))
            names.add(name)
        for name, cc in EU:
            self.add_cust(name, "EU", False, cc)
            names.add(name)
        while len(self.custs) < 150:
            roll = r.random()
            if roll < 0.5:
                name = f"{r.choice(US_A.split())} {r.choice(US_B.split('|'))} {r.choice(US_SUFFIX)}".strip()
                country, person = "US", False
            elif roll < 0.68:
                name = f"{r.choice(['', '', '', 'Dr. '])}{r.choice(FIRST.split())} {r.choice(LAST.split())}"
                country, person = "US", True
            elif roll < 0.92:
                name = f"{r.choice(UK_A.split())} {r.choice(UK_B.split('|'))} {r.choice(UK_SUFFIX)}"
                country, person = "UK", False
            else:
                name = f"{r.choice(FIRST.split())} {r.choice(LAST.split())}"
                country, person = "UK", True
            core = slug(name.removeprefix("Dr. "))
            if core not in {slug(n.removeprefix("Dr. ")) for n in names}:
                names.add(name)
                self.add_cust(name, country, person)

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            vat = Decimal("0.20") if c.country == "UK" and c.person else Decimal(0)
            plans = (PERSON_PLANS if c.person else PLANS)[c.ccy]
            subs = 1 if c.person or r.random() < 0.8 else 2  # an agency runs two workspaces
            for s in range(subs if r.random() < 0.9 else 0):
                plan, seats = Decimal(r.choice(plans)), r.choice([0, 0, 0, 2, 3, 5, 8, 12]) if not c.person else 0
                annual = not c.person and r.random() < 0.08
                k = 1 if annual else r.choice([1, 2, 2, 3, 3, 4, 5])
                for m in MONTHS[-k:]:
                    period = "annual" if annual else m.strftime("%b %Y")
                    title = f"{'Business' if plan > 200 else 'Team'} plan - {period}{' (workspace 2)' if s else ''}"
                    lines = [(title, Decimal(1), plan * (10 if annual else 1))]
                    if seats:
                        lines.append((f"Additional seats ({m:%b %Y})", Decimal(seats), SEAT[c.ccy]))
                    if r.random() < 0.15 and not c.person:
                        lines.append(("API usage overage", Decimal(r.randint(1, 40)), Decimal(r.randint(5, 250)) / 100))
                    issued = m + timedelta(days=r.randint(0, 2))
                    self.add_inv(c, issued, r.choice([14, 30]), lines, vat)
            if not c.person and r.random() < 0.5:
                for _ in range(r.choice([1, 1, 2, 3])):
                    roll = r.random()
                    line = (("Onboarding & implementation", Decimal(1), Decimal(r.choice([750, 1500, 2500, 4000])))
                            if roll < 0.35 else
                            ("Consulting (hours)", Decimal(r.choice([2, 3, 5, 6, 8])), Decimal(r.choice([150, 225])))
                            if roll < 0.7 else
                            ("Data migration", Decimal(1), Decimal(r.randint(30000, 900000)) / 100))  # fmt: skip
                    inv = self.add_inv(c, date(2025, 11, 3) + timedelta(days=r.randint(0, 135)), 30, [line], vat)
                    if r.random() < 0.06 and inv.total > 500:
                        inv.paid = (inv.total * Decimal(r.choice(["0.5", "0.25"]))).quantize(Decimal(1))
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=1187):
            inv.number = f"INV-{n}"

    def add_inv(self, c: Cust, issued: date, terms: int, lines: list[Any], vat: Decimal) -> Inv:
        inv = Inv("", c, issued, issued + timedelta(days=terms), lines, vat=vat)
        c.invoices.append(inv)
        self.invs.append(inv)
        return inv

    def free(self, pred: Any, least: Decimal = Decimal(0)) -> Inv | None:
        pool = [i for i in self.invs if i.number not in self.used and i.due >= least and pred(i)]
        return self.r.choice(pool) if pool else None

    def unique(self, inv: Inv) -> bool:  # the only open item of that amount at its customer
        return sum(i.due == inv.due for i in inv.cust.invoices) == 1

    def same(self, inv: Inv) -> list[Inv]:
        return [i for i in inv.cust.invoices if i.due == inv.due]

    # ---- text a payer writes ---------------------------------------------------------------------------------
    def invref(self, inv: Inv) -> str:
        forms = ["Invoice {n}", "Invoice {n}", "Payment for invoice {n}", "{n}", "Invoice #{n}", "{n} - Lumen Metrics"]
        return self.r.choice(forms).format(n=inv.number)

    def bankref(self, inv: Inv) -> str:
        d = inv.number[4:]
        return self.r.choice([f"INV-{d}", f"INV-{d}", f"INV{d}", f"Invoice {d}", d, f"INV {d}", f"LUMEN INV-{d}"])

    def typo(self, inv: Inv) -> str:
        d, j = list(inv.number[4:]), self.r.randrange(3)
        d[j], d[j + 1] = (d[j + 1], d[j]) if d[j] != d[j + 1] else (d[j], str((int(d[j]) + 1) % 10))
        return "".join(d)

    def when_after(self, invs: list[Inv]) -> datetime:
        lo = min(END, max(START, *(i.issued for i in invs)))
        return self.moment(lo, min(END, lo + timedelta(days=24)))

    # ---- Stripe (US account, balance report) -------------------------------------------------------------------
    def cus_id(self, c: Cust, src: str) -> str:
        return c.ids.setdefault(src, self.rid("cus_", 14))

    def stripe(self, kind: str, c: Cust | None, gross: Decimal, truth: Any, when: datetime, **kw: Any) -> Row:
        """kw: desc, email, name, facing (amount, ccy), intl, meta, billing, note."""
        r = self.r
        pct = (
            Decimal("0.029") + (Decimal("0.015") if kw.get("intl") else 0) + (Decimal("0.01") if "facing" in kw else 0)
        )
        fee = (gross * pct + Decimal("0.30")).quantize(C, ROUND_HALF_UP)
        ch, facing = self.rid("ch_3Oq"), kw.get("facing", (gross, "usd"))
        cells = {"balance_transaction_id": self.rid("txn_3Oq"), "created_utc": f"{when:%Y-%m-%d %H:%M:%S}",
                 "available_on_utc": f"{when.date() + timedelta(days=2):%Y-%m-%d} 00:00:00", "currency": "usd",
                 "gross": money(gross), "fee": money(fee), "net": money(gross - fee), "reporting_category": "charge",
                 "source_id": ch, "description": kw.get("desc", ""), "customer_facing_amount": money(facing[0]),
                 "customer_facing_currency": facing[1], "customer_id": self.cus_id(c, "stripe") if c else "",
                 "customer_email": kw.get("email", ""), "customer_name": kw.get("name", ""),
                 "customer_description": "", "charge_id": ch, "payment_intent_id": self.rid("pi_3Oq"),
                 "payment_method_type": "card", "card_brand": r.choice(["visa", "visa", "mastercard", "amex"]),
                 "card_funding": r.choice(["credit", "credit", "debit"]), "statement_descriptor": "LUMEN METRICS",
                 "payment_metadata[invoice_number]": kw.get("meta", "")}  # fmt: skip
        if kw.get("billing"):
            cells["invoice_id"] = self.rid("in_1Oq")
            cells["invoice_number"] = (
                f"{c.ids.setdefault('prefix', self.rid('', 8, '0123456789ABCDEF'))}-{r.randint(1, 40):04d}"  # type: ignore[union-attr]
            )
        row = Row("stripe", kind, when, gross - fee, "USD", cells, truth, kw.get("note", ""))
        row.text = f"{cells['description']!r} email={cells['customer_email']!r} name={cells['customer_name']!r}"
        row.text += f" gross={money(gross)} fee={money(fee)}" + (
            f" facing={facing[0]} {facing[1]}" if "facing" in kw else ""
        )
        row.text += f" meta={kw['meta']!r}" if kw.get("meta") else ""
        row.text += f" stripe_invoice={cells['invoice_number']}" if kw.get("billing") else ""
        row.payer, row.email = kw.get("name", ""), kw.get("email", "")
        self.rows.append(row)
        return row

    def stripe_other(self, kind: str, when: datetime, gross: Decimal, fee: Decimal, category: str, **cells: str) -> Row:
        base = {"balance_transaction_id": self.rid("txn_3Oq"), "created_utc": f"{when:%Y-%m-%d %H:%M:%S}",
                "available_on_utc": f"{when.date() + timedelta(days=2):%Y-%m-%d} 00:00:00", "currency": "usd",
                "gross": money(gross), "fee": money(fee), "net": money(gross - fee),
                "reporting_category": category}  # fmt: skip
        row = Row("stripe", kind, when, gross - fee, "USD", base | cells, None, text=f"{category} {cells}")
        row.email = cells.get("customer_email", "")
        row.payer = cells.get("customer_name", "")
        self.rows.append(row)
        return row

    def stripe_uk(self, kind: str, c: Cust, gross: Decimal, truth: Any, when: datetime, **kw: Any) -> Row:
        fee = (gross * Decimal("0.015") + Decimal("0.20")).quantize(C, ROUND_HALF_UP)
        status, refunded = kw.get("status", "Paid"), gross if kw.get("status") == "Refunded" else Decimal(0)
        cells = {"id": self.rid("ch_3Pb"), "Description": kw.get("desc", ""),
                 "Seller Message": "Payment complete." if status != "Failed" else "The bank declined the payment.",
                 "Created date (UTC)": f"{when:%Y-%m-%d %H:%M:%S}", "Amount": money(gross),
                 "Amount Refunded": money(refunded), "Currency": "gbp", "Converted Amount": money(gross),
                 "Converted Amount Refunded": money(refunded), "Fee": money(fee if status != "Failed" else Decimal(0)),
                 "Tax": "0.00", "Converted Currency": "gbp", "Status": status, "Statement Descriptor": "LUMEN METRICS",
                 "Customer ID": self.cus_id(c, "stripe_uk"), "Customer Description": kw.get("name", ""),
                 "Customer Email": kw.get("email", ""), "Captured": "true" if status != "Failed" else "false",
                 "Card ID": self.rid("card_1Pb"), "Invoice ID": self.rid("in_1Pb") if kw.get("billing") else "",
                 "Transfer": "", "invoice_number (metadata)": kw.get("meta", "")}  # fmt: skip
        net = gross - (fee if status != "Failed" else 0)
        row = Row("stripe_uk", kind, when, net, "GBP", cells, truth, kw.get("note", ""), read=status != "Failed")
        row.text = f"{cells['Description']!r} email={cells['Customer Email']!r} gross={money(gross)} status={status}"
        row.payer, row.email = kw.get("name", ""), kw.get("email", "")
        self.rows.append(row)
        return row

    # ---- PayPal ------------------------------------------------------------------------------------------------
    def paypal(self, kind: str, ccy: str, gross: Decimal, truth: Any, when: datetime, **kw: Any) -> Row:
        """kw: type, name, email, item, invoice, note, ref, fee, impact, status, country."""
        pp_fee = Decimal("0.0349") * gross + (Decimal("0.49") if ccy == "USD" else Decimal("0.39"))
        fee = kw.get("fee", -pp_fee.quantize(C, ROUND_HALF_UP) if gross > 0 else Decimal(0))
        cells = {"Date": f"{when:%m/%d/%Y}", "Time": f"{when:%H:%M:%S}",
                 "TimeZone": "PDT" if when.date() >= date(2026, 3, 8) else "PST", "Name": kw.get("name", ""),
                 "Type": kw["type"], "Status": kw.get("status", "Completed"), "Currency": ccy,
                 "Gross": f"{gross:,.2f}", "Fee": f"{fee:,.2f}", "Net": f"{gross + fee:,.2f}",
                 "From Email Address": kw.get("email", "") if gross > 0 else "payments@lumenmetrics.com",
                 "To Email Address": "payments@lumenmetrics.com" if gross > 0 else kw.get("email", ""),
                 "Transaction ID": self.rid("", 17, string.ascii_uppercase + string.digits),
                 "Address Status": "Non-Confirmed" if kw.get("name") else "", "Item Title": kw.get("item", ""),
                 "Reference Txn ID": kw.get("ref", ""), "Invoice Number": kw.get("invoice", ""), "Quantity": "1",
                 "Note": kw.get("note", ""), "Country Code": kw.get("country", ""),
                 "Balance Impact": kw.get("impact", "Credit" if gross > 0 else "Debit")}  # fmt: skip
        read = cells["Balance Impact"] != "Memo" and cells["Status"] not in ("Pending", "Denied")
        row = Row("paypal", kind, when, gross + fee, ccy, cells, truth, kw.get("label", ""), read=read)
        row.text = (
            f"{kw['type']} name={cells['Name']!r} email={cells['From Email Address']!r} item={cells['Item Title']!r}"
        )
        row.text += (
            f" invoice={cells['Invoice Number']!r} note={cells['Note']!r} gross={cells['Gross']} fee={cells['Fee']}"
        )
        row.payer = cells["Name"]
        row.email = cells["From Email Address"] if gross > 0 else ""
        self.rows.append(row)
        return row

    # ---- Wise (GBP) --------------------------------------------------------------------------------------------
    def wise(self, kind: str, amount: Decimal, truth: Any, when: datetime, **kw: Any) -> Row:
        """kw: payer, ref, desc, details, id, note, payee, merchant, exchange (from, to, rate, to_amount)."""
        payer, ref = kw.get("payer", ""), kw.get("ref", "")
        desc = kw.get("desc") or f"Received money from {payer}" + (f" with reference {ref}" if ref else "")
        ex = kw.get("exchange", ("", "", "", ""))
        cells = {"TransferWise ID": kw.get("id") or f"TRANSFER-{self.r.randint(10**9, 2 * 10**9)}",
                 "Date": f"{when:%d-%m-%Y}", "Date Time": f"{when:%d-%m-%Y %H:%M:%S}.{self.r.randint(0, 999):03d}",
                 "Amount": money(amount), "Currency": "GBP", "Description": desc, "Payment Reference": ref,
                 "Exchange From": ex[0], "Exchange To": ex[1], "Exchange Rate": ex[2], "Payer Name": payer,
                 "Payee Name": kw.get("payee", ""), "Merchant": kw.get("merchant", ""), "Total fees": "0.00",
                 "Exchange To Amount": ex[3], "Transaction Type": "CREDIT" if amount > 0 else "DEBIT",
                 "Transaction Details Type": kw.get("details", "DEPOSIT")}  # fmt: skip
        row = Row("wise", kind, when, amount, "GBP", cells, truth, kw.get("note", ""), text=desc, payer=payer)
        self.rows.append(row)
        return row

    def fps_name(self, c: Cust) -> str:  # Faster Payments: the payer's account name, upper case, 18 characters
        name = plain(c.name).upper().removeprefix("DR. ")
        return name[:18].rstrip() if self.r.random() < 0.5 else name

    # ---- Chase (USD checking) ----------------------------------------------------------------------------------
    def chase(self, kind: str, amount: Decimal, truth: Any, when: datetime, desc: str, typ: str, **kw: Any) -> Row:
        cells = {"Details": kw.get("details", "CREDIT" if amount > 0 else "DEBIT"), "Posting Date": f"{when:%m/%d/%Y}",
                 "Description": desc, "Amount": money(amount), "Type": typ, "Check or Slip #": ""}  # fmt: skip
        row = Row("chase", kind, when, amount, "USD", cells, truth, kw.get("note", ""), text=desc)
        self.rows.append(row)
        return row

    def ach(self, payer: str, ind_id: str, when: datetime) -> str:
        r, d = self.r, f"{when:%y%m%d}"
        descr = r.choice(["PAYMENTS", "ACH PMT", "VENDOR PAY", "AP PAYMENT", "EDI PYMNTS"])
        return (f"ORIG CO NAME:{plain(payer).upper()[:16].rstrip()} ORIG ID:{r.randint(10**9, 10**10 - 1)} "
                f"DESC DATE:{d} CO ENTRY DESCR:{descr} SEC:CCD TRACE#:{r.randint(10**14, 10**15 - 1)} EED:{d} "
                f"IND ID:{ind_id} IND NAME:{ME} TRN: {r.randint(10**9, 10**10 - 1)}TC")  # fmt: skip

    def wire(self, payer: str, obi: str, when: datetime, intl: bool) -> str:
        r = self.r
        via = (r.choice(["HSBC BANK USA, N.A./0108", "CITIBANK N.A./0008", "DEUTSCHE BANK TRUST CO AMERICAS/0103"])
               if intl else r.choice(["WELLS FARGO BANK, N.A./121000248", "BANK OF AMERICA, N.A./026009593"])
               )  # fmt: skip
        lead = "CHIPS CREDIT" if intl else "FEDWIRE CREDIT"
        return (f"{lead} VIA: {via} B/O: {plain(payer).upper()} REF: CHASE NYC/CTR/BNF={ME} NEW YORK NY "
                f"10018-1234/AC-000000004821 RFB={r.randint(10**7, 10**8)} OBI={obi} IMAD: {when:%m%d}MMQFMP2N"
                f"{r.randint(100000, 999999)} TRN: {r.randint(10**9, 10**10 - 1)}FF")  # fmt: skip

    # ---- the month's money -------------------------------------------------------------------------------------
    def build(self) -> World:
        self.customers()
        self.invoices()
        self.ambiguous()
        for kind, n in [("subscription", 42), ("processor_ref", 44), ("bank_ref", 24), ("email_only", 20),
                        ("metadata_ref", 5), ("name_only", 16), ("alike", 6), ("partial", 10), ("overpay", 7),
                        ("wire_fee", 4), ("fx", 12), ("typo", 7)]:  # fmt: skip
            for k in range(n):
                getattr(self, f"pay_{kind}")(k)
        self.stripe_events()
        for status in ("Failed", "Failed", "Refunded"):  # the UK account: declined cards, a charge refunded in full
            inv = self.free(lambda i: i.cust.channel == "stripe_uk")
            if inv is not None:
                c = inv.cust
                self.stripe_uk("refund", c, inv.due, None, self.when_after([inv]), desc=self.invref(inv),
                               email=c.email, name=c.name, status=status)  # fmt: skip
        self.paypal_events()
        self.wise_events()
        self.chase_events()
        return self

    def take(self, inv: Inv, *others: Inv) -> list[tuple[str, ...]]:
        self.used.update(i.number for i in (inv, *others))
        return [(inv.number,)]

    def ambiguous(self) -> None:  # one-off amounts at two customers, paid with no identifying text
        r = self.r
        for k in range(6):
            a = self.free(lambda i: i.cust.ccy == "USD" and not i.cust.person and len(i.lines) == 1, Decimal(300))
            b = self.free(lambda i, a=a: i.cust.ccy == "USD" and i.cust is not a.cust and not i.cust.person)  # type: ignore[union-attr]
            if a is None or b is None:
                continue
            b.lines, b.paid = list(a.lines), a.paid
            self.used.update([a.number, b.number])
            if not (self.unique(a) and self.unique(b)):
                continue
            truth = [(i.number,) for i in self.invs if i.due == a.due and i.cust.ccy == "USD"]
            when = self.when_after([a, b])
            if k < 4:
                self.chase("bare_ambiguous", a.due, truth, when, "REMOTE ONLINE DEPOSIT #          1",
                           "CHECK_DEPOSIT", details="DSLIP")  # fmt: skip
            else:
                self.stripe("bare_ambiguous", None, a.due, truth, when, desc=r.choice(["Payment", ""]))

    def payer_of(self, c: Cust) -> tuple[str, str]:  # (name, e-mail) a processor shows for this customer
        r = self.r
        name = c.name if c.person or r.random() < 0.6 else c.contact
        email = c.email if r.random() < 0.8 else f"{c.contact.split()[0].lower()}@{c.email.split('@')[1]}"
        if c.person and email != c.email:
            email = c.email
        return name, email

    def pay_subscription(self, k: int) -> None:
        r = self.r
        src = ["stripe"] * 28 + ["stripe_uk"] * 5 + ["paypal"] * 5 + ["wise"] * 4
        want = src[k % len(src)]
        inv = self.free(lambda i: i.cust.channel == want and len(self.same(i)) >= 2 and "plan" in i.lines[0][0])
        if inv is None:
            inv = self.free(lambda i: i.cust.channel == want and "plan" in i.lines[0][0])
        if inv is None:
            return
        same = self.same(inv)
        truth = [(i.number,) for i in same]
        self.used.update(i.number for i in same)
        c, when = inv.cust, self.when_after([inv])
        name, email = self.payer_of(c)
        note = f"{len(same)} open at {inv.due}"
        if want == "stripe":
            desc = r.choice(
                ["Subscription update", "Subscription update", "Subscription creation", "Payment for Invoice"]
            )
            self.stripe(
                "subscription", c, inv.due, truth, when, desc=desc, email=email, name=name, billing=True, note=note
            )
        elif want == "stripe_uk":
            self.stripe_uk("subscription", c, inv.due, truth, when, desc="Subscription update", email=email, name=name,
                           billing=True, note=note)  # fmt: skip
        elif want == "paypal":
            typ = r.choice(["Subscription Payment", "PreApproved Payment Bill User Payment"])
            self.paypal("subscription", c.ccy, inv.due, truth, when, type=typ, name=name, email=email,
                        item=f"Lumen Metrics {inv.lines[0][0].split(' - ')[0]}", label=note)  # fmt: skip
        else:
            ref = r.choice(["LUMEN METRICS", "SUBSCRIPTION", "MONTHLY SUB", "LUMEN", ""])
            self.wise("subscription", inv.due, truth, when, payer=self.fps_name(c), ref=ref, note=note)

    def pay_processor_ref(self, k: int) -> None:
        r = self.r
        want = "stripe" if k < 26 else "stripe_uk" if k < 34 else "paypal"
        inv = self.free(lambda i: i.cust.channel == want and (want != "stripe" or i.cust.ccy == "USD"))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        name, email = self.payer_of(c)
        if r.random() < 0.3:
            name, email = "", ""  # a payment link paid by a guest: no customer object
        if want == "stripe":
            self.stripe("processor_ref", c, inv.due, truth, when, desc=self.invref(inv), email=email, name=name)
        elif want == "stripe_uk":
            self.stripe_uk("processor_ref", c, inv.due, truth, when, desc=self.invref(inv), email=email, name=name)
        elif r.random() < 0.6:  # PayPal Invoicing: the invoice number travels in its own column
            self.paypal("processor_ref", c.ccy, inv.due, truth, when, type="Express Checkout Payment",
                        name=name or c.name, email=email or c.email, invoice=inv.number, item=f"Invoice {inv.number}",
                        country=c.country[:2].replace("UK", "GB").replace("EU", "DE"))  # fmt: skip
        else:
            note = r.choice([f"for {inv.number}", f"Invoice {inv.number[4:]}, thanks!", inv.number])
            self.paypal("processor_ref", c.ccy, inv.due, truth, when, type="General Payment", name=name or c.name,
                        email=email or c.email, note=note)  # fmt: skip

    def pay_bank_ref(self, k: int) -> None:
        want = "wise" if k < 14 else "chase"
        inv = self.free(lambda i: i.cust.channel == want and not i.cust.person, Decimal(0 if k < 22 else 500))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        if want == "wise":
            self.wise("bank_ref", inv.due, truth, when, payer=self.fps_name(c), ref=self.bankref(inv))
        elif k < 22:
            self.chase("bank_ref", inv.due, truth, when, self.ach(c.name, self.bankref(inv), when), "ACH_CREDIT")
        else:
            self.chase(
                "bank_ref", inv.due, truth, when, self.wire(c.name, self.bankref(inv), when, False), "WIRE_INCOMING"
            )

    def pay_email_only(self, k: int) -> None:
        r = self.r
        want = "stripe" if k < 16 else "stripe_uk"
        inv = self.free(
            lambda i: i.cust.channel == want and self.unique(i) and (want != "stripe" or i.cust.ccy == "USD")
        )
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        other = not c.person and r.random() < 0.3
        email = f"{c.contact.split()[0].lower()}@{c.email.split('@')[1]}" if other else c.email
        name = r.choice(["", "", c.contact]) if not c.person else r.choice(["", c.contact])
        desc = r.choice(["", "Payment", "Checkout payment", "Lumen Metrics", "Payment for services"])
        note = "other mailbox" if other else "billing e-mail"
        if want == "stripe":
            self.stripe("email_only", c, inv.due, truth, when, desc=desc, email=email, name=name, note=note)
        else:
            self.stripe_uk("email_only", c, inv.due, truth, when, desc=desc, email=email, name=name, note=note)

    def pay_metadata_ref(self, k: int) -> None:
        inv = self.free(lambda i: i.cust.channel == "stripe" and i.cust.ccy == "USD")
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        email = c.email if k % 2 else ""
        self.stripe("metadata_ref", c, inv.due, truth, when, desc="Checkout payment", email=email, meta=inv.number)

    def pay_name_only(self, k: int) -> None:
        r = self.r
        want = "paypal" if k < 7 else "wise" if k < 13 else "chase"
        inv = self.free(lambda i: i.cust.channel == want and self.unique(i) and i.cust.name not in dict(ALIKE))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        if want == "paypal":
            email = (
                f"{c.contact.split()[0].lower()}.{c.contact.split()[1].lower()}@gmail.com" if not c.person else c.email
            )
            self.paypal("name_only", c.ccy, inv.due, truth, when, type="General Payment", name=c.name, email=email,
                        note=r.choice(["", "", "March", "Thanks!"]), label="payer name, personal e-mail")  # fmt: skip
        elif want == "wise":
            self.wise("name_only", inv.due, truth, when, payer=self.fps_name(c), ref=r.choice(["", "PAYMENT", "LUMEN"]))
        else:
            self.chase(
                "name_only", inv.due, truth, when, self.ach(c.name, f"{r.randint(10**6, 10**7)}", when), "ACH_CREDIT"
            )

    def pay_alike(self, k: int) -> None:
        r = self.r
        names = [n for n, _ in ALIKE]
        inv = self.free(lambda i: i.cust.name == names[k % len(names)] and self.unique(i))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        if c.ccy == "USD" and r.random() < 0.5:
            self.stripe("alike", c, inv.due, truth, when, desc="Payment", email=c.email, name=c.name, note="email")
        elif c.ccy == "USD":
            self.paypal("alike", "USD", inv.due, truth, when, type="General Payment", name=c.name, email=c.email,
                        label="name + email")  # fmt: skip
        else:
            self.wise("alike", inv.due, truth, when, payer=plain(c.name).upper(), ref="", note="name")

    def pay_partial(self, k: int) -> None:
        r = self.r
        want = ["stripe", "stripe", "stripe", "stripe", "wise", "wise", "wise", "chase", "chase", "paypal"][k % 10]
        inv = self.free(lambda i: i.cust.channel == want and i.cust.ccy in ("USD", "GBP"), Decimal(400))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        part = r.choice([(inv.due / 2).quantize(C), Decimal(r.choice([200, 250, 500])), (inv.due / 3).quantize(C)])
        note = f"due {inv.due}"
        if want == "stripe":
            desc = r.choice(
                [f"Partial payment {inv.number}", f"{inv.number} (deposit 50%)", f"Invoice {inv.number} - part 1"]
            )
            self.stripe("partial", c, part, truth, when, desc=desc, email=c.email, name=c.name, note=note)
        elif want == "wise":
            ref = r.choice([f"PART {inv.number}", f"{inv.number} PART PMT", f"INV{inv.number[4:]} INSTAL 1"])
            self.wise("partial", part, truth, when, payer=self.fps_name(c), ref=ref, note=note)
        elif want == "chase":
            self.chase("partial", part, truth, when, self.ach(c.name, inv.number, when), "ACH_CREDIT", note=note)
        else:
            self.paypal("partial", c.ccy, part, truth, when, type="General Payment", name=c.name, email=c.email,
                        note=f"part payment {inv.number}", label=note)  # fmt: skip

    def pay_overpay(self, k: int) -> None:
        r = self.r
        want = ["wise", "wise", "wise", "chase", "chase", "stripe", "paypal"][k % 7]
        inv = self.free(lambda i: i.cust.channel == want and i.cust.ccy in ("USD", "GBP"), Decimal(100))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        amount = inv.total if inv.paid else inv.due + Decimal(r.choice(["100.00", "50.00", "0.50", "1000.00", "25.00"]))
        note = f"due {inv.due}"
        if want == "wise":
            self.wise("overpay", amount, truth, when, payer=self.fps_name(c), ref=self.bankref(inv), note=note)
        elif want == "chase":
            self.chase(
                "overpay", amount, truth, when, self.ach(c.name, self.bankref(inv), when), "ACH_CREDIT", note=note
            )
        elif want == "stripe":
            self.stripe(
                "overpay", c, amount, truth, when, desc=f"Invoice {inv.number} + late fee", email=c.email, note=note
            )
        else:
            self.paypal("overpay", c.ccy, amount, truth, when, type="General Payment", name=c.name, email=c.email,
                        note=f"{inv.number} incl. tip", label=note)  # fmt: skip

    def pay_wire_fee(self, k: int) -> None:  # an international wire: an intermediary bank takes its fee on the way
        r = self.r
        inv = self.free(lambda i: i.cust.ccy == "USD" and not i.cust.person and i.cust.channel == "chase", Decimal(700))
        inv = inv or self.free(lambda i: i.cust.ccy == "USD" and not i.cust.person, Decimal(700))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        fee = Decimal(r.choice(["15.00", "20.00", "25.00", "35.00"]))
        obi = self.bankref(inv) if k % 2 == 0 else "PAYMENT"
        self.chase("wire_fee", inv.due - fee, truth, when, self.wire(c.name, obi, when, True), "WIRE_INCOMING",
                   note=f"fee {fee}")  # fmt: skip

    def pay_fx(self, k: int) -> None:
        r = self.r
        want = "stripe" if k < 10 else "paypal"
        inv = self.free(lambda i: i.cust.ccy in ("GBP", "EUR") and i.cust.channel in ("stripe", want), Decimal(30))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        dev = Decimal(r.choice(["-0.004", "-0.002", "0", "0.002", "0.005"]))
        usd = (inv.due * RATE[c.ccy] * (1 + dev)).quantize(C, ROUND_HALF_UP)
        note = f"{c.ccy} {inv.due} at {RATE[c.ccy]}{dev:+}"
        if want == "stripe":
            desc = self.invref(inv) if k < 7 else r.choice(["Subscription update", "Payment"])
            self.stripe("fx", c, usd, truth, when, desc=desc, email=c.email, name=c.name, intl=True,
                        facing=(inv.due, c.ccy.lower()), billing=k >= 7, note=note)  # fmt: skip
        else:  # the payer's PayPal converted: it arrives in USD
            self.paypal("fx", "USD", usd, truth, when, type="Express Checkout Payment", name=c.name, email=c.email,
                        invoice=inv.number, label=note)  # fmt: skip

    def pay_typo(self, k: int) -> None:
        r = self.r
        want = ["stripe", "stripe", "stripe", "wise", "wise", "wise", "chase"][k % 7]
        inv = self.free(lambda i: i.cust.channel == want and i.cust.ccy in ("USD", "GBP") and self.unique(i))
        if inv is None:
            return
        c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
        bad = self.typo(inv)
        if want == "stripe":
            self.stripe("typo", c, inv.due, truth, when, desc=f"Invoice INV-{bad}", note=f"INV-{bad}",
                        email=r.choice(["", c.email]))  # fmt: skip
        elif want == "wise":
            self.wise(
                "typo", inv.due, truth, when, payer=self.fps_name(c), ref=r.choice([f"INV-{bad}", f"INV{bad}", bad])
            )
        else:
            self.chase("typo", inv.due, truth, when, self.ach(c.name, f"INV-{bad}", when), "ACH_CREDIT")

    # ---- events that pay no invoice ----------------------------------------------------------------------------
    def stripe_events(self) -> None:
        r = self.r
        charges = [x for x in self.rows if x.src == "stripe" and x.amount > 0 and x.truth and x.cells["customer_email"]]
        picked = r.sample(charges, min(10, len(charges)))  # each charge refunded or disputed at most once
        for x in picked[:5]:  # refunds: a cancelled plan, a double charge
            when = x.when + timedelta(days=r.randint(1, 5), hours=2)
            amt = Decimal(x.cells["gross"]) if r.random() < 0.7 else (Decimal(x.cells["gross"]) / 2).quantize(C)
            self.stripe_other("refund", min(when, datetime(2026, 3, 31, 20)), -amt, Decimal(0), "refund",
                              source_id=self.rid("re_3Oq"), charge_id=x.cells["charge_id"],
                              description=f"REFUND FOR CHARGE ({x.cells['description'] or 'Payment'})",
                              customer_email=x.cells["customer_email"],
                              customer_name=x.cells["customer_name"])  # fmt: skip
        for k, x in enumerate(picked[5:]):  # disputes; the last two won back
            when = min(x.when + timedelta(days=r.randint(2, 8)), datetime(2026, 3, 30, 12))
            gross, reason = (
                Decimal(x.cells["gross"]),
                r.choice(["fraudulent", "product_not_received", "subscription_canceled"]),
            )
            common = {"charge_id": x.cells["charge_id"], "customer_email": x.cells["customer_email"],
                      "customer_name": x.cells["customer_name"], "dispute_reason": reason,
                      "description": x.cells["description"]}  # fmt: skip
            if k < 3:
                self.stripe_other(
                    "refund", when, -gross, Decimal("15.00"), "dispute", source_id=self.rid("du_1Oq"), **common
                )
            else:  # a February plan charge disputed in February, won now: its invoice was closed, the money is back
                inv = self.free(
                    lambda i: i.cust.channel == "stripe" and i.cust.ccy == "USD" and "plan" in i.lines[0][0]
                )
                if inv is None:
                    continue
                c = inv.cust  # the March invoice of the same plan amount stays open, and is not paid by this
                common |= {"description": "Subscription update", "customer_email": c.email, "customer_name": c.name}
                common |= {"charge_id": self.rid("ch_3Ol"), "customer_id": self.cus_id(c, "stripe")}
                self.stripe_other("dispute", when, inv.due, Decimal("-15.00"), "dispute_reversal",
                                  source_id=self.rid("du_1Ol"), **common)  # fmt: skip
                self.rows[-1].note = f"won dispute of a February charge; {len(self.same(inv))} open at {inv.due}"
        for k, period in enumerate(["2026-02-01 - 2026-02-28", "2026-03-01 - 2026-03-15"]):
            when = datetime(2026, 3, 3 + 14 * k, 6, 12, 40)
            amt = Decimal(r.randint(800, 6000)) / 100
            self.stripe_other("money_out", when, -amt, Decimal(0), "fee", source_id=self.rid("ar_1Oq"),
                              description=f"Billing - Usage Fee ({period})")  # fmt: skip
        balance = Decimal(r.randint(50000, 400000)) / 100  # carried over from February, paid out on the 6th
        for day in (6, 13, 20, 27):  # Friday payouts of the balance available; the bank shows the lump
            cutoff = datetime(2026, 3, day)
            moved = [
                x
                for x in self.rows
                if x.src == "stripe" and not x.cells.get("_paid") and x.cells["reporting_category"] != "payout"
            ]
            for x in moved:
                if datetime.strptime(x.cells["available_on_utc"], "%Y-%m-%d %H:%M:%S") <= cutoff:
                    balance += x.amount
                    x.cells["_paid"] = "1"
            if balance <= 0:
                continue
            po = self.rid("po_1Oq")
            self.stripe_other("payout", cutoff + timedelta(minutes=5), -balance, Decimal(0), "payout", source_id=po,
                              description="STRIPE PAYOUT")  # fmt: skip
            trace = self.rid("", 12, string.ascii_uppercase + string.digits)
            desc = f"STRIPE           TRANSFER   ST-{trace}    CCD ID: 1800948598"
            self.chase("payout", balance, None, cutoff + timedelta(days=1, hours=6), desc, "ACH_CREDIT",
                       note="Stripe payout")  # fmt: skip
            balance = Decimal(0)
        for x in self.rows:
            x.cells.pop("_paid", None)

    def paypal_events(self) -> None:
        r = self.r
        for k in range(4):  # EU customers pay EUR invoices in EUR; PayPal converts the balance to USD
            inv = self.free(lambda i: i.cust.ccy == "EUR" and i.cust.channel == "paypal")
            if inv is None:
                continue
            c, truth, when = inv.cust, self.take(inv), self.when_after([inv])
            pay = self.paypal("processor_ref" if k % 2 else "name_only", "EUR", inv.due, truth, when,
                              type="Express Checkout Payment", name=c.name, email=c.email,
                              invoice=inv.number if k % 2 else "", country=c.email.rsplit(".", 1)[1].upper(),
                              label="EUR invoice paid in EUR")  # fmt: skip
            if k % 2 == 0 and not self.unique(inv):
                pay.truth = [(i.number,) for i in self.same(inv)]
            eur = pay.amount
            usd = (eur * RATE["EUR"] * Decimal("0.975")).quantize(C, ROUND_HALF_UP)  # PayPal's spread
            later = pay.when + timedelta(seconds=2)
            tid = pay.cells["Transaction ID"]
            self.paypal(
                "money_out", "EUR", -eur, None, later, type="General Currency Conversion", ref=tid, fee=Decimal(0)
            )
            self.paypal("conversion", "USD", usd, None, later, type="General Currency Conversion", ref=tid,
                        fee=Decimal(0),
                        label="converted from EUR")  # fmt: skip
        pays = [x for x in self.rows if x.src == "paypal" and x.amount > 0 and x.truth and x.ccy == "USD"]
        picked = r.sample(pays, min(7, len(pays)))  # each payment refunded, charged back or held at most once
        for x in picked[:3]:
            self.paypal("refund", "USD", -Decimal(x.cells["Gross"].replace(",", "")), None,
                        min(x.when + timedelta(days=2), datetime(2026, 3, 31, 9)), type="Payment Refund",
                        name=x.cells["Name"], email=x.cells["From Email Address"], ref=x.cells["Transaction ID"],
                        invoice=x.cells["Invoice Number"], fee=Decimal(0))  # fmt: skip
        for k, x in enumerate(picked[3:]):
            gross = Decimal(x.cells["Gross"].replace(",", ""))
            when = min(x.when + timedelta(days=3), datetime(2026, 3, 29, 9))
            common = {"name": x.cells["Name"], "email": x.cells["From Email Address"], "ref": x.cells["Transaction ID"]}
            if k < 2:
                self.paypal("refund", "USD", -gross, None, when, type="Chargeback", fee=Decimal(0), **common)
                self.paypal(
                    "money_out", "USD", Decimal("-20.00"), None, when, type="Chargeback Fee", fee=Decimal(0), **common
                )
            else:  # held while PayPal looks into a claim, then released: money back, no new payment
                self.paypal("refund", "USD", -gross, None, when, type="Hold on Balance for Dispute Investigation",
                            fee=Decimal(0), **common)  # fmt: skip
                self.paypal("dispute", "USD", gross, None, min(when + timedelta(days=2), datetime(2026, 3, 31, 10)),
                            type="Cancellation of Hold for Dispute Resolution", fee=Decimal(0), **common)  # fmt: skip
        x = r.choice(pays)
        self.paypal("money_out", "USD", Decimal(x.cells["Gross"].replace(",", "")), None, x.when - timedelta(minutes=1),
                    type="General Authorization", name=x.cells["Name"], impact="Memo", status="Pending",
                    fee=Decimal(0))  # fmt: skip
        balance = Decimal(r.randint(20000, 150000)) / 100
        for day in (9, 16, 23, 30):  # the whole USD balance withdrawn to Chase each Monday
            cutoff = datetime(2026, 3, day, 7)
            for x in self.rows:
                if x.src == "paypal" and x.ccy == "USD" and x.read and x.when < cutoff and not x.cells.get("_w"):
                    balance += x.amount
                    x.cells["_w"] = "1"
            if balance <= 0:
                continue
            self.paypal("money_out", "USD", -balance, None, cutoff, type="General Withdrawal",
                        name="Bank Account", fee=Decimal(0))  # fmt: skip
            self.rows[-1].cells["_w"] = "1"
            self.rows[-1].payer = "Bank Account"
            desc = f"PAYPAL           TRANSFER   {r.randint(10**12, 10**13)}    CCD ID: PAYPALSD11"
            self.chase(
                "payout", balance, None, cutoff + timedelta(days=2), desc, "ACH_CREDIT", note="PayPal withdrawal"
            )
            balance = Decimal(0)
        for x in self.rows:
            x.cells.pop("_w", None)

    def wise_events(self) -> None:
        r = self.r
        for _ in range(2):
            usd = Decimal(r.choice([2000, 3000, 5000]))
            rate = (1 / RATE["GBP"] * Decimal("0.996")).quantize(Decimal("0.00001"))
            gbp = (usd * rate).quantize(C)
            self.wise("conversion", gbp, None, self.moment(), details="CONVERSION",
                      id=f"BALANCE-{r.randint(10**9, 2 * 10**9)}", desc=f"Converted {usd:,.2f} USD to {gbp:,.2f} GBP",
                      exchange=("USD", "GBP", str(rate), money(gbp)))  # fmt: skip
        for _ in range(2):
            self.wise("noncustomer", Decimal(r.randint(1000, 8000)) * 5, None, self.moment(), payer=ME,
                      ref="TREASURY SWEEP",
                      note="own account")  # fmt: skip
        inv = r.choice([i for i in self.invs if i.cust.ccy == "GBP"])
        self.wise("noncustomer", inv.due, None, self.moment(), payer="HMRC VAT", ref=f"{r.randint(10**8, 10**9)}",
                  note=f"VAT repayment of an open invoice's amount ({inv.number})")  # fmt: skip
        for payee in ["Google Cloud EMEA Ltd", "Regus Management UK Ltd", "Hawthorn Accountants LLP"]:
            when, amt, tid = (
                self.moment(),
                -Decimal(r.randint(20000, 300000)) / 100,
                f"TRANSFER-{r.randint(10**9, 2 * 10**9)}",
            )
            self.wise(
                "money_out", amt, None, when, desc=f"Sent money to {payee}", payee=payee, details="TRANSFER", id=tid
            )
            self.wise("money_out", Decimal("-0.41"), None, when - timedelta(seconds=3), desc=f"Wise Charges for: {tid}",
                      details="FEE", id=tid)  # fmt: skip
        for merchant in ["Figma", "Github", "Slack", "Pret A Manger"]:
            amt = Decimal(r.randint(500, 9000)) / 100
            self.wise("money_out", -amt, None, self.moment(), details="CARD", id=f"CARD-{r.randint(10**8, 10**9)}",
                      desc=f"Card transaction of {amt:.2f} GBP issued by {merchant}", merchant=merchant)  # fmt: skip

    def chase_events(self) -> None:
        r = self.r
        opens = [i.due for i in self.invs if i.cust.ccy == "USD"]
        self.chase(
            "noncustomer",
            Decimal(r.randint(300, 9000)) / 100,
            None,
            datetime(2026, 3, 31),
            "INTEREST PAYMENT",
            "MISC_CREDIT",
        )
        for _ in range(2):
            n = r.randint(10**10, 10**11)
            self.chase("noncustomer", r.choice(opens), None, self.moment(),
                       f"Online Transfer from SAV ...4821 transaction#: {n}", "ACCT_XFER",
                       note="savings, an open amount")  # fmt: skip
        self.chase("noncustomer", Decimal(r.randint(100000, 900000)) / 100, None, self.moment(),
                   f"IRS TREAS 310 TAX REF {START:%m%d%y} xxxxx1234 CCD ID: 3123456789", "ACH_CREDIT")  # fmt: skip
        self.chase("noncustomer", r.choice(opens), None, self.moment(),
                   f"AMAZON.COM SERVICES REFUND {r.randint(10**6, 10**7)} CCD ID: 9000155001", "ACH_CREDIT",
                   note="a supplier refund of an open amount")  # fmt: skip
        for text, typ in [("GUSTO PAY 638211 PAYROLL CCD ID: 9138864001", "ACH_DEBIT"),
                          ("AMERICAN EXPRESS ACH PMT W4213", "ACH_DEBIT"),
                          ("AMAZON WEB SERVICES AWS.AMAZON.CO WA", "DEBIT_CARD"),
                          ("ONLINE TRANSFER TO SAV ...4821", "ACCT_XFER")]:  # fmt: skip
            for _ in range(2):
                self.chase("money_out", -Decimal(r.randint(10000, 2500000)) / 100, None, self.moment(), text, typ)

    # ---- files ---------------------------------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        with (out / "xero.csv").open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS.split(","), restval="")
            w.writeheader()
            for n, inv in enumerate(self.invs):
                c, mdy = inv.cust, "%m/%d/%Y"
                tax = "No VAT" if not inv.vat else "20% (VAT on Income)"
                for (desc, qty, unit), (amt, vat) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": c.email, "InvoiceNumber": inv.number,
                                "POCountry": {"US": "United States", "UK": "United Kingdom", "EU": ""}[c.country],
                                "InvoiceDate": inv.issued.strftime(mdy), "DueDate": inv.due_date.strftime(mdy),
                                "Total": money(inv.total), "TaxTotal": money(sum(t for _, t in inv.amounts())),
                                "InvoiceAmountPaid": money(inv.paid), "InvoiceAmountDue": money(inv.due),
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": money(unit),
                                "LineAmount": money(amt), "AccountCode": "4000", "TaxType": tax,
                                "TaxAmount": money(vat),
                                "Currency": c.ccy, "Type": "Sales invoice", "Sent": "Sent",
                                "Status": "Awaiting Payment" if n % 3 == 2 else "AUTHORISED"})  # fmt: skip
        self.write_csv(out, "stripe", STRIPE_COLUMNS, newest_first=False)
        self.write_csv(out, "stripe_uk", STRIPE_UK_COLUMNS, newest_first=True)
        self.write_csv(out, "paypal", PAYPAL_COLUMNS, newest_first=False, balance="Balance", bom=True)
        self.write_csv(out, "wise", WISE_COLUMNS, newest_first=True, balance="Running Balance")
        self.write_csv(out, "chase", CHASE_COLUMNS, newest_first=True, balance="Balance", trailing=True)
        rates = ", ".join(
            f'{{base: {k}, quote: USD, rate: "{v}", date: "2026-02-27"}}' for k, v in RATE.items() if k != "USD"
        )
        (out / "arsync.yaml").write_text(f"matching:\n  fx_rates: [{rates}]\n", encoding="utf-8")

    def write_csv(self, out: Path, src: str, columns: str, newest_first: bool, balance: str = "", **kw: Any) -> None:
        rows = sorted((x for x in self.rows if x.src == src), key=lambda x: x.when)
        if balance:
            run: dict[str, Decimal] = defaultdict(lambda: Decimal(self.r.randint(500000, 2000000)) / 100)
            for x in rows:
                if x.read:
                    run[x.ccy] += x.amount
                x.cells[balance] = f"{run[x.ccy]:,.2f}" if src == "paypal" else money(run[x.ccy])
        if newest_first:
            rows.reverse()
        for n, x in enumerate(rows, start=2):
            x.line = n
        with (out / FILES[src]).open("w", newline="", encoding="utf-8-sig" if kw.get("bom") else "utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_MINIMAL if src != "paypal" else csv.QUOTE_ALL)
            w.writerow(columns.split(","))
            for x in rows:
                w.writerow([x.cells.get(col, "") for col in columns.split(",")] + ([""] if kw.get("trailing") else []))


def check_parse(world: World, out: Path) -> tuple[list[str], list[str]]:
    """Parses each file alone; returns the files read and the problems found."""
    problems, readable = [], []
    for src, fname in FILES.items():
        code, doc, err = run([str(ARSYNC), "bank", "parse", fname, "--json"], out)
        if doc is None:
            lost = sum(x.amount > 0 and x.read for x in world.rows if x.src == src)
            problems.append(
                f"{fname} REFUSED (exit {code}), its {lost} credits left out: {err.strip().split(' (known:')[0]}"
            )
            continue
        readable.append(fname)
        by = {t["source"]["line"]: t for t in doc["transactions"]}
        for x in (x for x in world.rows if x.src == src):
            t = by.pop(x.line, None)
            if t is None:
                problems += [] if not x.read else [f"{fname}:{x.line} {x.kind} {x.amount} not read: {x.text[:120]}"]
                continue
            if not x.read:
                problems.append(f"{fname}:{x.line} read although the format leaves it out: {x.text[:120]}")
            got = (Decimal(t["amount"]), t["date"], t.get("currency"))
            want = (x.amount, x.when.date().isoformat(), x.ccy)
            if got != want:
                problems.append(f"{fname}:{x.line} read {got} want {want}: {x.text[:120]}")
            if x.email and (t.get("counterparty_account") or "").lower() != x.email.lower():
                problems.append(f"{fname}:{x.line} payer e-mail {x.email!r} read as {t.get('counterparty_account')!r}")
            if x.payer and x.amount > 0 and x.payer.lower() not in (t.get("counterparty") or "").lower():
                problems.append(f"{fname}:{x.line} payer {x.payer!r} read as {t.get('counterparty')!r}")
        problems += [f"{fname}:{line} read but never written" for line in by]
    return readable, problems


def score(world: World, doc: dict[str, Any], readable: list[str], show: str) -> dict[str, Counter[str]]:
    """Scores the rows read from a readable file, money going out only where the matcher applied it."""
    got = matches_by(doc, file_line)
    rows = []
    for x in sorted(world.rows, key=lambda x: (x.src, x.line)):
        key = (FILES[x.src], x.line)
        if not x.read or key[0] not in readable or (x.amount <= 0 and key not in got):
            got.pop(key, None)
        else:
            rows.append((key, x))
    missed: Counter[tuple[str, str]] = Counter()

    def judged(key: tuple[str, int], x: Row, v: Verdict) -> None:
        if v.payable and v.outcome != "auto ok":
            missed[(x.kind, key[0])] += 1

    def header(key: tuple[str, int], x: Row) -> str:
        return f"{key[0]}:{x.line} {x.ccy} {x.amount} {x.text}\n    note={x.note!r}"

    table = score_credits(
        rows,
        got,
        show,
        header,
        nobody="none (pays no invoice)",
        tally_as=lambda x: x.kind if x.amount > 0 else "money_out",
        judged=judged,
    )
    if missed:
        print("\npayable credits left to a person (or wrongly applied), by kind and file:")
        for (kind, fname), n in missed.most_common():
            print(f"    {n:4d}  {kind:<14} {fname}")
    return table


def report(table: dict[str, Counter[str]]) -> None:
    tot = kind_table(table)
    never = sum((table[k] for k in NEVER if k in table), Counter())
    print(f"suggestions right {tot['suggest ok']}, wrong {tot['suggest wrong'] - never['suggest wrong']} on customer "
          f"credits + {never['suggest wrong']} on credits that pay no invoice; unmatched {tot['unmatched']} "
          f"(of them paying no invoice: {never['unmatched']})")  # fmt: skip


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_proc_") as out:
        world.write(out)
        n_in = sum(x.amount > 0 and x.read for x in world.rows)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices, {n_in} credits + "
              f"{len(world.rows) - n_in} other rows in {len(FILES)} files; files in {out}")  # fmt: skip
        readable, problems = check_parse(world, out)
        for problem in problems:
            print("PARSE:", problem)
        doc = match(out, *(a for f in readable for a in ("--bank", f)), "--ledger", "xero.csv")
        if doc is not None:
            report(score(world, doc, readable, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
