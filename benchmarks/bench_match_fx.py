"""Cash application across currencies: a Dutch B.V. invoicing in EUR, GBP, USD, CHF, SEK and JPY.

Run:  .venv/bin/python benchmarks/bench_match_fx.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Per seed it writes (answers known only here) ``xero.csv``, Xero's invoice export of ~500 open invoices of 120
customers, each invoice in its customer's currency (JPY without a minor unit); ``revolut.csv``, a Revolut Business
export of the GBP, EUR, USD, CHF and SEK accounts (``Orig currency`` / ``Orig amount`` / ``Exchange rate`` when
Revolut converted an incoming transfer, ``Fee`` for an incoming SWIFT, ``EXCHANGE`` rows between the balances);
``wise-usd.csv`` and ``wise-jpy.csv``, Wise balance statements (``Received money from .. with reference ..``,
``CONVERSION`` rows); ``ing-eur.xml``, a camt.053.001.08 of a EUR account where foreign transfers carry
``AmtDtls/InstdAmt`` (what the payer sent) and ``Chrgs`` (SHAR / CRED / DEBT: SHA / BEN / OUR); and ``arsync.yaml``
with ``matching.fx_rates`` (two dated rates per currency against EUR). It checks ``arsync bank parse`` reads every
transaction as written (amount, currency, date, ``original_amount``, the payer's words), runs ``arsync match
--bank .. --ledger xero.csv --json`` and scores each credit per kind (same_ccy, fx_orig, fx_rate, fx_multi,
charges, fx_partial, overpay, jpy, same_amount; never to be auto: far_rate, a EUR invoice paid in GBP at a rate
far off the configured one; noncustomer): autos right / wrong (printed with reasons, ``fx_difference`` and
``invoice_currency_amount``), auto rate over payable credits, suggestions right / wrong, unmatched. It also checks
that no allocation puts more on an invoice (in the invoice's currency) than is open on it, that the autos together
never do, and that no amount in the JSON is a float. ``--show KIND|missed|wrong`` prints those credits. Always
exits 0.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import (
    ARSYNC,
    XERO_COLUMNS,
    Invoice,
    Match,
    Verdict,
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
MINOR = {"EUR": 2, "GBP": 2, "USD": 2, "CHF": 2, "SEK": 2, "JPY": 0}
RATE_DAYS = (date(2026, 2, 27), date(2026, 3, 16))
EUR_PER = {  # EUR per unit, as given to arsync in matching.fx_rates (dated; the latest <= the payment date applies)
    "GBP": (Decimal("1.1860"), Decimal("1.1790")),
    "USD": (Decimal("0.9210"), Decimal("0.9275")),
    "CHF": (Decimal("1.0640"), Decimal("1.0602")),
    "SEK": (Decimal("0.08712"), Decimal("0.08690")),
    "JPY": (Decimal("0.006180"), Decimal("0.006215")),
}
CLERK = "same_ccy fx_orig fx_rate fx_multi charges fx_partial overpay jpy same_amount".split()
REVIEW = ("far_rate",)
REV_ACCOUNTS = ("GBP", "EUR", "USD", "CHF", "SEK")
REV_COLUMNS = (
    "Date started (UTC),Date completed (UTC),ID,Type,State,Description,Reference,Payer,Card number,Card label,"
    "Card state,Orig currency,Orig amount,Payment currency,Amount,Total amount,Exchange rate,Fee,Fee currency,"
    "Balance,Account,Beneficiary account number,Beneficiary sort code or routing number,Beneficiary IBAN,"
    "Beneficiary BIC,MCC,Related transaction id,Spend program"
).split(",")
WISE_COLUMNS = (
    "TransferWise ID,Date,Date Time,Amount,Currency,Description,Payment Reference,Running Balance,Exchange From,"
    "Exchange To,Exchange Rate,Payer Name,Payee Name,Payee Account Number,Merchant,Card Last Four Digits,"
    "Card Holder Full Name,Attachment,Note,Total fees,Exchange To Amount,Transaction Type,Transaction Details Type"
).split(",")
NOT_MONEY = {"score", "weight", "margin", "confidence"}  # floats allowed in the JSON
MONEY_KEYS = {"amount", "applied", "write_off", "unapplied", "fx_difference", "invoice_currency_amount", "amount_due"}
MONEY_KEYS |= {"fee_withheld", "total", "auto", "suggest", "unmatched"}

PLACES = {
    "EUR": "Noordzee Zuiderzee Veluwe Maasdal Rijnmond Brabant Kempen Eifel Schwarzwald Ardennen Loire Provence "
    "Twente Zeeland Drenthe Limburg Moezel Biesbosch",
    "GBP": "Thames Pennine Cotswold Severn Mersey Cheviot Solent Fenland Wessex Tamar Humber Chiltern Malvern",
    "USD": "Hudson Cascade Piedmont Sierra Ozark Chesapeake Mesa Prairie Redwood Lakeshore Appalachian Bayou",
    "CHF": "Alpstein Engadin Jura Lavaux Rigi Toggenburg Emmental Ticino",
    "SEK": "Norrland Vänern Gotland Skåne Dalarna Öresund Halland Lappland",
    "JPY": "Yamada Sakura Fujimoto Takeda Hoshino Kawasaki Morinaga Aoyama",
}
TRADES = "Logistics|Foods|Packaging|Engineering|Textiles|Instruments|Coatings|Marine|Hydraulics|Print|Timber|Optics"
TRADES += "|Pharma Supplies|Horticulture|Robotics|Tooling|Interiors|Brewing Supplies|Cold Chain|Metalworks"
FORMS = {
    "EUR": ["B.V.", "B.V.", "GmbH", "NV", "SAS", "BV", "GmbH & Co. KG", "S.r.l."],
    "GBP": ["Ltd", "Ltd", "Limited", "plc", "LLP", "Ltd"],
    "USD": ["Inc.", "LLC", "Corp.", "Inc", "Co."],
    "CHF": ["AG", "GmbH", "SA"],
    "SEK": ["AB", "AB"],
    "JPY": ["Co., Ltd.", "KK", "Shoji KK"],
}
MIX = ["EUR"] * 45 + ["GBP"] * 30 + ["USD"] * 25 + ["CHF"] * 8 + ["SEK"] * 7 + ["JPY"] * 5


def q(ccy: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR[ccy])


def fmt(amount: Decimal, ccy: str) -> str:
    return f"{amount.quantize(q(ccy)):f}"


def eur_per(ccy: str, day: date) -> Decimal:
    if ccy == "EUR":
        return Decimal(1)
    return EUR_PER[ccy][1 if day >= RATE_DAYS[1] else 0]


def convert(amount: Decimal, frm: str, to: str, day: date, dev: Decimal = Decimal(0)) -> Decimal:
    """``amount`` of ``frm`` in ``to`` at the configured rate of ``day`` (through EUR), off by ``dev``."""
    return (amount * eur_per(frm, day) / eur_per(to, day) * (1 + dev)).quantize(q(to), ROUND_HALF_UP)


def iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


@dataclass
class Cust:
    name: str
    ccy: str
    country: str
    account: str
    invoices: list[Inv] = field(default_factory=list)


@dataclass
class Inv(Invoice):  # lines net
    cust: Cust  # Invoice's, typed: keeps its place among the fields
    vat: Decimal = Decimal(0)  # 21% for Dutch customers, else 0 (intra-EU reverse charge or export)
    ref: str = ""

    @property
    def ccy(self) -> str:
        return self.cust.ccy

    def tax_rate(self) -> Decimal:
        return self.vat

    def quantum(self) -> Decimal:
        return q(self.ccy)


@dataclass
class Credit:
    kind: str
    file: str  # revolut.csv, wise-usd.csv, wise-jpy.csv, ing-eur.xml
    ccy: str  # the account's currency
    amount: Decimal  # as booked (net of any fee)
    day: date
    payer: str
    ref: str
    truth: list[tuple[str, ...]] | None
    original: tuple[Decimal, str] | None = None  # what the payer sent, when the bank converted it or took charges
    fee: Decimal = Decimal(0)  # Revolut's Fee column / camt Chrgs
    bearer: str = ""  # camt charge bearer: SHAR, CRED, DEBT
    rtype: str = "TRANSFER"  # Revolut Type / Wise details type
    text: str = ""  # Revolut Description / Wise Description / camt AddtlNtryInf when not the default
    note: str = ""
    rate: Decimal | None = None  # Revolut Exchange rate / Wise Exchange Rate
    counter: str = ""  # the payer's account (camt DbtrAcct)
    line: int = 0
    bank_id: str = ""


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.used: set[str] = set()
        self.credits: list[Credit] = []

    def customers(self) -> None:
        r, seen = self.r, set()
        mix = list(MIX)
        r.shuffle(mix)
        for ccy in mix:
            while True:
                place = r.choice(PLACES[ccy].split())
                name = f"{place} {r.choice(TRADES.split('|'))} {r.choice(FORMS[ccy])}"
                if ccy == "JPY":
                    name = f"{place} {r.choice(['Seiki', 'Shoji', 'Kogyo', 'Denki', 'Tsusho'])} {r.choice(FORMS[ccy])}"
                if name.split()[0] + name.split()[1] not in seen:
                    seen.add(name.split()[0] + name.split()[1])
                    break
            country = {"EUR": r.choice("NL NL NL DE BE FR IT".split()), "GBP": "GB", "USD": "US", "CHF": "CH"}
            ctry = {**country, "SEK": "SE", "JPY": "JP"}[ccy]
            if ctry in ("NL", "DE", "BE", "FR", "IT", "GB", "CH", "SE"):
                account = iban(
                    ctry, f"{r.choice(['ABNA', 'RABO', 'BARC', 'DEUT', 'UBSW', 'ESSE'])}{r.randint(10**9, 10**10 - 1)}"
                )
            else:
                account = f"{r.randint(10**8, 10**9 - 1)}"
            self.custs.append(Cust(name, ccy, ctry, account))

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            scale = Decimal(1) / eur_per(c.ccy, RATE_DAYS[0])
            for _ in range(r.choice([2, 3, 3, 4, 4, 5, 6, 7])):
                lines = []
                for _ in range(r.choice([1, 1, 2, 3])):
                    roll = r.random()
                    qty = Decimal(r.choice([1, 1, 2, 5, 10, 12, 24, 40]))
                    unit = (Decimal(r.randint(1500, 90000)) / 100 * scale).quantize(q(c.ccy) * 10)
                    if roll < 0.3:
                        lines.append(
                            ("Consulting (days)", Decimal(r.choice([1, 2, 3, 5])), (950 * scale).quantize(q(c.ccy)))
                        )
                    else:
                        lines.append((r.choice(["Goods as per order", "Spare parts", "Freight", "Licence"]), qty, unit))
                issued = date(2025, 12, 1) + timedelta(days=r.randint(0, 105))
                vat = Decimal("0.21") if c.country == "NL" else Decimal(0)
                inv = Inv("", c, issued, issued + timedelta(days=r.choice([14, 30, 30, 45, 60])), lines, vat=vat)
                if r.random() < 0.25:
                    inv.ref = r.choice([f"PO {r.randint(10000, 99999)}", f"4500{r.randint(100000, 999999)}"])
                if r.random() < 0.06 and inv.total > 500 / eur_per(c.ccy, START):
                    inv.paid = (inv.total * Decimal(r.choice(["0.5", "0.3"]))).quantize(q(c.ccy))
                c.invoices.append(inv)
                self.invs.append(inv)
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=4101):
            inv.number = f"INV-{n}"

    def unique(self, c: Cust, amount: Decimal) -> bool:
        return sum(i.due == amount for i in c.invoices) == 1

    def free(self, ccys: str, minimum: Decimal = Decimal(0)) -> Inv:
        """An invoice not yet paid in one of ``ccys`` of at least ``minimum`` EUR."""
        for _ in range(5000):
            inv = self.r.choice(self.invs)
            if (
                inv.number not in self.used
                and inv.ccy in ccys.split()
                and convert(inv.due, inv.ccy, "EUR", START) >= minimum
            ):
                return inv
        raise RuntimeError("ran out of invoices")

    def payer(self, c: Cust) -> str:
        r, name = self.r, plain(c.name)
        how = r.random()
        if how < 0.4:
            return name.upper()
        if how < 0.6:
            return name
        if how < 0.8:  # without the legal form
            return " ".join(name.split()[:2]).upper()
        return name.upper()[:24].rstrip(" ,.")

    def ref(self, inv: Inv) -> str:
        forms = ["INV-{n}", "INV{n}", "Invoice {n}", "inv {n}", "INV-{n}", "Payment INV-{n}", "INVOICE NO {n}"]
        forms += {"EUR": ["Factuur INV-{n}", "Rechnung INV-{n}", "Facture INV-{n}"], "JPY": ["INV{n} Yamada"]}.get(
            inv.ccy, ["Inv #{n}", "REF INV-{n}"]
        )
        return self.r.choice(forms).format(n=inv.number[4:])

    def multi_ref(self, invs: list[Inv]) -> str:
        ds = [i.number[4:] for i in invs]
        forms = ["INV-" + "/".join(ds), "INV " + ", ".join(ds), " ".join("INV-" + d for d in ds)]
        forms += ["Invoices " + " + ".join(ds), "INV-" + " & INV-".join(ds)]
        return self.r.choice(forms)

    def day(self, invs: list[Inv]) -> date:
        latest = max(i.issued for i in invs) + timedelta(days=self.r.randint(1, 20))
        return min(END, max(latest, START + timedelta(days=self.r.randint(0, 27))))

    def account_of(self, ccy: str) -> str:
        """Where a customer paying in ``ccy`` without conversion pays."""
        if ccy == "EUR":
            return "ing-eur.xml" if self.r.random() < 0.6 else "revolut.csv"
        if ccy == "USD":
            return "wise-usd.csv" if self.r.random() < 0.5 else "revolut.csv"
        return "wise-jpy.csv" if ccy == "JPY" else "revolut.csv"

    def add(self, kind: str, invs: list[Inv], file: str, ccy: str, amount: Decimal, **kw: Any) -> Credit:
        c = invs[0].cust
        payer = kw.pop("payer", None) or self.payer(c)
        ref = kw.pop("ref", self.ref(invs[0]) if len(invs) == 1 else self.multi_ref(invs))
        truth = kw.pop("truth", [tuple(sorted(i.number for i in invs))])
        day = kw.pop("day", None) or self.day(invs)
        cr = Credit(kind, file, ccy, amount, day, payer, ref, truth, counter=c.account, **kw)
        if file == "ing-eur.xml" and (cr.original or cr.fee or ccy != c.ccy) and self.r.random() < 0.4:
            street = self.r.choice(["1200 MAIN ST", "UNIT 4 RIVERSIDE WAY", "POSTFACH 1120", "BAHNHOFSTR 12"])
            cr.payer = f"{plain(c.name).upper()} {street}"[:35].rstrip()  # MT103 field 50K: name and address
            if ref and len(invs) == 1 and self.r.random() < 0.5:
                cr.ref = self.r.choice(["/RFB/{}", "/INV/{}", "/ROC/{}"]).format(
                    next(t for t in ref.split() if any(ch.isdigit() for ch in t))
                )
        self.credits.append(cr)
        self.used.update(i.number for i in invs)
        return cr

    def foreign(self, inv: Inv) -> tuple[str, str]:
        """A converting account for ``inv``: (file, account currency) in another currency than the invoice's."""
        if inv.ccy == "EUR":
            return "revolut.csv", self.r.choice(["GBP", "USD"])
        return (
            ("ing-eur.xml", "EUR") if self.r.random() < 0.7 else ("revolut.csv", "EUR" if inv.ccy != "GBP" else "USD")
        )

    def build(self) -> World:
        r = self.r
        self.customers()
        self.invoices()
        pairs = []  # the same amount, in two currencies, at two customers: B's invoice gets A's lines
        for _ in range(30):
            a = self.free("EUR")
            b = self.free("GBP USD CHF")
            if a.vat == 0:
                b.lines, b.paid = list(a.lines), a.paid
                self.used.update([a.number, b.number])
                if self.unique(a.cust, a.due) and self.unique(b.cust, b.due):
                    pairs.append((a, b))
        for k, (a, b) in enumerate(pairs[:12]):
            inv = a if k % 2 else b
            if k % 3 == 2:  # converted by the bank: the payer's amount names the currency
                file, ccy = self.foreign(inv)
                bank = Decimal(r.choice(["-0.012", "-0.006", "0.002", "0.005"]))
                amount = convert(inv.due, inv.ccy, ccy, self.day([inv]), bank)
                self.add(
                    "same_amount",
                    [inv],
                    file,
                    ccy,
                    amount,
                    ref="",
                    original=(inv.due, inv.ccy),
                    note=f"{inv.ccy} via {ccy}",
                )
            else:
                self.add(
                    "same_amount", [inv], self.account_of(inv.ccy), inv.ccy, inv.due, ref="", note=f"{inv.ccy}, no ref"
                )
        for _ in range(70):
            inv = self.free("EUR EUR EUR GBP GBP USD USD CHF SEK")
            ref = self.ref(inv) if r.random() < 0.85 else ""
            if not ref and not self.unique(inv.cust, inv.due):
                ref = inv.number
            self.add("same_ccy", [inv], self.account_of(inv.ccy), inv.ccy, inv.due, ref=ref, note=inv.ccy)
        for _ in range(30):  # converted by the bank, the payer's amount given
            inv = self.free("GBP USD USD CHF SEK EUR", Decimal(200))
            file, ccy = self.foreign(inv)
            day = self.day([inv])
            bank = Decimal(r.choice(["-0.025", "-0.015", "-0.008", "-0.004", "0.002", "0.006"]))
            ref = self.ref(inv) if r.random() < 0.7 else ""
            amount = convert(inv.due, inv.ccy, ccy, day, bank)
            note = f"{inv.ccy} {inv.due} -> {ccy}, bank rate {bank:+}"
            self.add("fx_orig", [inv], file, ccy, amount, ref=ref, day=day, original=(inv.due, inv.ccy), note=note)
        for _ in range(25):  # converted by the payer's bank, only the booked amount
            inv = self.free("GBP USD USD CHF SEK EUR", Decimal(200))
            file, ccy = ("ing-eur.xml", "EUR") if inv.ccy != "EUR" else ("wise-usd.csv", "USD")
            day = self.day([inv])
            dev = Decimal(r.choice(["-0.010", "-0.007", "-0.004", "-0.001", "0.002", "0.005", "0.009"]))
            ref = self.ref(inv) if r.random() < 0.8 or not self.unique(inv.cust, inv.due) else ""
            amount = convert(inv.due, inv.ccy, ccy, day, dev)
            self.add(
                "fx_rate", [inv], file, ccy, amount, ref=ref, day=day, note=f"{inv.ccy} {inv.due} -> {ccy} {dev:+}"
            )
        for k in range(14):  # several foreign invoices of one customer at once
            c = r.choice([x for x in self.custs if x.ccy in ("GBP", "USD", "CHF", "SEK")])
            avail = [i for i in c.invoices if i.number not in self.used]
            picked = sorted(r.sample(avail, min(len(avail), r.choice([2, 2, 3]))), key=lambda i: i.number)
            if len(picked) < 2:
                continue
            due, day = sum((i.due for i in picked), Decimal(0)), self.day(picked)
            if k % 2:  # the bank converted it and says what was sent
                ref = self.multi_ref(picked) if r.random() < 0.6 else ""
                amount = convert(due, c.ccy, "EUR", day, Decimal(r.choice(["-0.012", "-0.004", "0.003"])))
                note = f"{c.ccy} {due} sent"
                self.add(
                    "fx_multi", picked, "ing-eur.xml", "EUR", amount, ref=ref, day=day, original=(due, c.ccy), note=note
                )
            else:
                dev = Decimal(r.choice(["-0.008", "-0.003", "0", "0.004", "0.007"]))
                amount = convert(due, c.ccy, "EUR", day, dev)
                self.add(
                    "fx_multi",
                    picked,
                    "ing-eur.xml",
                    "EUR",
                    amount,
                    day=day,
                    note=f"{c.ccy} {due}, no original {dev:+}",
                )
        for k in range(18):  # the banks on the way took charges
            bearer = ["SHAR", "SHAR", "CRED", "DEBT", "SHAR", "CRED"][k % 6]
            inv = self.free("EUR GBP USD CHF" if k < 15 else "GBP", Decimal(400))
            day = self.day([inv])
            if k >= 15:  # Revolut's own fee on an incoming SWIFT payment, in the Fee column
                fee = Decimal(r.choice(["3.00", "5.00"]))
                self.add(
                    "charges", [inv], "revolut.csv", "GBP", inv.due - fee, day=day, fee=fee, note=f"Revolut fee {fee}"
                )
                continue
            fee = Decimal(0) if bearer == "DEBT" else Decimal(r.choice(["7.50", "12.00", "15.00", "18.00", "25.00"]))
            fee += Decimal(r.choice(["10.00", "20.00"])) if bearer == "CRED" else 0
            booked = convert(inv.due, inv.ccy, "EUR", day, Decimal(r.choice(["-0.01", "-0.004", "0.003"])))
            note = f"{inv.ccy} {inv.due} sent, {bearer} charges EUR {fee}"
            self.add("charges", [inv], "ing-eur.xml", "EUR", booked - fee, day=day, fee=fee, bearer=bearer,
                     original=(inv.due, inv.ccy), note=note)  # fmt: skip
        for k in range(10):  # part of a foreign invoice
            inv = self.free("USD GBP CHF", Decimal(600))
            part = r.choice([(inv.due / 2).quantize(q(inv.ccy)), (inv.due / 3).quantize(q(inv.ccy)), Decimal("500.00")])
            ref = r.choice(["Part payment {}", "{} instalment 1", "{} 50%", "Deposit {}", "Partial {}"])
            ref = ref.format(self.ref(inv))
            day = self.day([inv])
            if k % 2:
                amount = convert(part, inv.ccy, "EUR", day, Decimal(r.choice(["-0.01", "0.004"])))
                self.add("fx_partial", [inv], "ing-eur.xml", "EUR", amount, ref=ref, day=day, original=(part, inv.ccy),
                         note=f"{inv.ccy} {part} of {inv.due}")  # fmt: skip
            else:
                file = "wise-usd.csv" if inv.ccy == "USD" else "revolut.csv"
                self.add("fx_partial", [inv], file, inv.ccy, part, ref=ref, day=day, note=f"{part} of {inv.due}")
        for k in range(8):  # more than is open
            inv = self.free("USD GBP CHF SEK", Decimal(300))
            sent = inv.total if inv.paid else inv.due + Decimal(r.choice(["100.00", "50.00", "0.50", "1000.00"]))
            day = self.day([inv])
            if k % 2:
                amount = convert(sent, inv.ccy, "EUR", day, Decimal("-0.005"))
                self.add("overpay", [inv], "ing-eur.xml", "EUR", amount, day=day, original=(sent, inv.ccy),
                         note=f"{inv.ccy} {sent} sent, {inv.due} due")  # fmt: skip
            else:
                self.add(
                    "overpay", [inv], self.account_of(inv.ccy), inv.ccy, sent, day=day, note=f"{sent}, due {inv.due}"
                )
        for k in range(12):  # JPY: no minor unit
            jpy = [i for i in self.invs if i.ccy == "JPY" and i.number not in self.used]
            if not jpy:
                break
            inv, day = r.choice(jpy), None
            if k % 3 == 0:
                self.add("jpy", [inv], "wise-jpy.csv", "JPY", inv.due, note="JPY into JPY")
                continue
            day = self.day([inv])
            dev = Decimal(r.choice(["-0.009", "-0.004", "0.003", "0.008"]))
            amount = convert(inv.due, "JPY", "EUR", day, dev)
            orig = (inv.due, "JPY") if k % 3 == 1 else None
            self.add("jpy", [inv], "ing-eur.xml", "EUR", amount, day=day, original=orig,
                     note=f"JPY {inv.due} -> EUR {'with' if orig else 'without'} InstdAmt {dev:+}")  # fmt: skip
        for _ in range(8):  # a EUR invoice paid in GBP at a rate far off the configured one
            inv = self.free("EUR", Decimal(300))
            day = self.day([inv])
            dev = Decimal(r.choice(["-0.12", "-0.08", "-0.05", "0.04", "0.06", "0.10"]))
            amount = convert(inv.due, "EUR", "GBP", day, dev)
            self.add(
                "far_rate", [inv], "revolut.csv", "GBP", amount, day=day, note=f"EUR {inv.due} paid in GBP {dev:+}"
            )
        self.noncustomer()
        return self

    def noncustomer(self) -> None:
        r = self.r
        tempting = lambda ccy: r.choice([i.due for i in self.invs if i.ccy == ccy])  # noqa: E731
        for k in range(24):
            day = START + timedelta(days=r.randint(0, 28))
            roll = k % 8
            if roll == 0:
                amount = Decimal(r.randint(100, 9000)) / 100
                self.credits.append(Credit("noncustomer", "ing-eur.xml", "EUR", amount, day, "", "", None,
                                           text="CREDITRENTE Q1 2026", note="interest"))  # fmt: skip
            elif roll == 1:
                amount = tempting("EUR") if k % 2 else Decimal(r.randint(10000, 900000)) / 100
                self.credits.append(Credit("noncustomer", "ing-eur.xml", "EUR", amount, day, "BELASTINGDIENST",
                                           "TERUGGAAF OMZETBELASTING 2025 Q4", None, note="VAT refund"))  # fmt: skip
            elif roll in (2, 3, 4):  # Revolut: one balance exchanged into another (the credit leg here)
                frm, to = r.sample(REV_ACCOUNTS[:3], 2)
                got = tempting(to) if k % 2 else Decimal(r.randint(100, 2000) * 10)
                sent = convert(got, to, frm, day)
                rate = (got / sent).quantize(Decimal("0.000001"))
                self.credits.append(Credit("noncustomer", "revolut.csv", to, got, day, "", "", None,
                                           original=(sent, frm), rtype="EXCHANGE", text=f"Exchanged to {to}",
                                           rate=rate, note=f"from {frm}"))  # fmt: skip
                self.credits.append(Credit("debit", "revolut.csv", frm, -sent, day, "", "", None, rtype="EXCHANGE",
                                           text=f"Exchanged to {to}", note="exchange leg"))  # fmt: skip
            elif roll == 5:  # Wise: EUR converted into the USD or JPY balance
                to = r.choice(["USD", "JPY"])
                got = tempting(to) if k % 2 else Decimal(r.randint(100, 2000) * 10) / eur_per(to, day)
                got = got.quantize(q(to))
                sent = convert(got, to, "EUR", day)
                rate = (got / sent).quantize(Decimal("0.0001"))
                text = f"Converted {sent:,} EUR to {got:,} {to}"
                self.credits.append(Credit("noncustomer", f"wise-{to.lower()}.csv", to, got, day, "", "", None,
                                           rtype="CONVERSION", rate=rate, original=(sent, "EUR"), text=text,
                                           note="conversion"))  # fmt: skip
            elif roll == 6:
                amount = Decimal(r.randint(100, 5000)) / 100
                self.credits.append(Credit("noncustomer", "revolut.csv", r.choice(["GBP", "EUR"]), amount, day, "", "",
                                           None, rtype="REWARD", text="Savings interest", note="interest"))  # fmt: skip
            else:
                amount = tempting("EUR")
                self.credits.append(Credit("noncustomer", "ing-eur.xml", "EUR", amount, day, "NOORDKAAP TRADING BV",
                                           "Overboeking eigen rekening spaarrekening", None,
                                           counter="NL20INGB0001234567", note="own transfer"))  # fmt: skip
        debits = [("ing-eur.xml", "EUR", "Salarissen maart"), ("ing-eur.xml", "EUR", "Huur bedrijfspand"),
                  ("revolut.csv", "GBP", "To ROYAL MAIL"), ("revolut.csv", "USD", "To AWS EMEA"),
                  ("wise-usd.csv", "USD", "Sent money to Acme Freight Inc")]  # fmt: skip
        for k in range(15):
            file, ccy, text = debits[k % 5]
            amount = -Decimal(r.randint(2000, 500000)) / 100
            self.credits.append(Credit("debit", file, ccy, amount, START + timedelta(days=k * 2), "", "", None,
                                       text=text, rtype="TRANSFER"))  # fmt: skip

    def write(self, out: Path) -> None:
        with (out / "xero.csv").open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS, restval="")
            w.writeheader()
            for n, inv in enumerate(self.invs):
                c, dmy, cc = inv.cust, "%d/%m/%Y", inv.ccy
                slug = "".join(ch for ch in plain(c.name).lower() if ch.isalnum())[:14]
                for (desc, qty, unit), (amt, tax) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": f"ap@{slug}.example", "POCountry": c.country,
                                "InvoiceNumber": inv.number, "Reference": inv.ref,
                                "InvoiceDate": inv.issued.strftime(dmy), "DueDate": inv.due_date.strftime(dmy),
                                "Total": fmt(inv.total, cc), "TaxTotal": fmt(sum(t for _, t in inv.amounts()), cc),
                                "InvoiceAmountPaid": fmt(inv.paid, cc), "InvoiceAmountDue": fmt(inv.due, cc),
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": fmt(unit, cc),
                                "LineAmount": fmt(amt, cc), "AccountCode": "8000", "TaxAmount": fmt(tax, cc),
                                "TaxType": "BTW 21%" if inv.vat else "BTW verlegd / export", "Currency": cc,
                                "Type": "Sales invoice", "Sent": "Sent",
                                "Status": "Awaiting Payment" if n % 4 == 3 else "AUTHORISED"})  # fmt: skip
        by_file: dict[str, list[Credit]] = defaultdict(list)
        for n, cr in enumerate(sorted(self.credits, key=lambda x: (x.day, x.file, x.amount))):
            cr.bank_id = f"{n:06d}"
            by_file[cr.file].append(cr)
        self.write_revolut(out, by_file["revolut.csv"])
        for ccy in ("USD", "JPY"):
            self.write_wise(out, f"wise-{ccy.lower()}.csv", ccy, by_file[f"wise-{ccy.lower()}.csv"])
        self.write_camt(out, by_file["ing-eur.xml"])
        rates = [f'    - {{base: {ccy}, quote: EUR, rate: "{r}", date: "{d}"}}'
                 for ccy, pair in EUR_PER.items() for r, d in zip(pair, RATE_DAYS)]  # fmt: skip
        (out / "arsync.yaml").write_text("matching:\n  fx_rates:\n" + "\n".join(rates) + "\n", encoding="utf-8")

    def write_revolut(self, out: Path, credits: list[Credit]) -> None:
        balance = {ccy: Decimal("25000.00") for ccy in REV_ACCOUNTS}
        with (out / "revolut.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, REV_COLUMNS, restval="")
            w.writeheader()
            for n, cr in enumerate(credits, start=2):
                cr.line, gross = n, cr.amount + cr.fee
                balance[cr.ccy] += cr.amount
                row = {"Date started (UTC)": f"{cr.day - timedelta(days=cr.fee > 0):%Y-%m-%d}",
                       "Date completed (UTC)": f"{cr.day:%Y-%m-%d}",
                       "ID": f"69d{cr.bank_id}-6a1b-4c2d-9e8f-a1b2c3d4e5f6",
                       "Type": cr.rtype, "State": "COMPLETED", "Payment currency": cr.ccy,
                       "Amount": fmt(gross, cr.ccy), "Total amount": fmt(cr.amount, cr.ccy),
                       "Fee": fmt(cr.fee, cr.ccy), "Fee currency": cr.ccy, "Balance": fmt(balance[cr.ccy], cr.ccy),
                       "Account": f"{cr.ccy} Main"}  # fmt: skip
                if cr.kind in ("debit", "noncustomer"):
                    row["Description"] = cr.text
                else:
                    row |= {"Description": f"Money added from {cr.payer}", "Reference": cr.ref, "Payer": cr.payer}
                if cr.original and cr.original[1] != cr.ccy:
                    sent, frm = cr.original
                    sign = -1 if cr.rtype == "EXCHANGE" else 1
                    row |= {"Orig currency": frm, "Orig amount": fmt(sign * sent, frm)}
                    row["Exchange rate"] = f"{cr.rate or (cr.amount / sent).quantize(Decimal('0.000001'))}"
                w.writerow(row)

    def write_wise(self, out: Path, name: str, ccy: str, credits: list[Credit]) -> None:
        balance = Decimal(1_000_000 if ccy == "JPY" else 15000)
        with (out / name).open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, WISE_COLUMNS, restval="")
            w.writeheader()
            for n, cr in enumerate(credits, start=2):
                cr.line = n
                balance += cr.amount
                row = {"Date": f"{cr.day:%d-%m-%Y}", "Date Time": f"{cr.day:%d-%m-%Y} 1{n % 10}:0{n % 6}:12.000",
                       "Amount": fmt(cr.amount, ccy), "Currency": ccy, "Running Balance": fmt(balance, ccy),
                       "Total fees": fmt(Decimal(0), ccy),
                       "Transaction Type": "CREDIT" if cr.amount > 0 else "DEBIT"}  # fmt: skip
                if cr.rtype == "CONVERSION" and cr.original:
                    row |= {"TransferWise ID": f"CONVERSION-{cr.bank_id}", "Description": cr.text,
                            "Exchange From": cr.original[1], "Exchange To": ccy, "Exchange Rate": f"{cr.rate}",
                            "Exchange To Amount": fmt(cr.amount, ccy),
                            "Transaction Details Type": "CONVERSION"}  # fmt: skip
                elif cr.kind == "debit":
                    row |= {"TransferWise ID": f"TRANSFER-{cr.bank_id}", "Description": cr.text,
                            "Payee Name": cr.text.removeprefix("Sent money to "),
                            "Transaction Details Type": "TRANSFER"}  # fmt: skip
                else:
                    said = f" with reference {cr.ref}" if cr.ref else ""
                    row |= {"TransferWise ID": f"DEPOSIT-{cr.bank_id}", "Payer Name": cr.payer,
                            "Description": f"Received money from {cr.payer}{said}", "Payment Reference": cr.ref,
                            "Transaction Details Type": "DEPOSIT"}  # fmt: skip
                w.writerow(row)

    def write_camt(self, out: Path, credits: list[Credit]) -> None:
        x = lambda s: escape(plain(s))  # noqa: E731
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">',
                 "<BkToCstmrStmt><GrpHdr><MsgId>ING-STMT-20260331</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>",
                 "<Stmt><Id>NL69INGB0123456789-2026-03</Id><CreDtTm>2026-04-01T06:00:00</CreDtTm>",
                 "<Acct><Id><IBAN>NL69INGB0123456789</IBAN></Id><Ccy>EUR</Ccy>",
                 "<Ownr><Nm>Noordkaap Trading B.V.</Nm></Ownr></Acct>"]  # fmt: skip
        for cr in credits:
            cr.line = len(lines) + 1
            inc, amt = cr.amount > 0, f"{abs(cr.amount):.2f}"
            fam = "XBCT" if cr.original or cr.fee else "ESCT"
            info = cr.text or ("SWIFT CREDIT" if fam == "XBCT" else "SEPA OVERBOEKING") if inc else cr.text
            lines += ["<Ntry>", f'  <Amt Ccy="EUR">{amt}</Amt><CdtDbtInd>{"CRDT" if inc else "DBIT"}</CdtDbtInd>',
                      "  <Sts><Cd>BOOK</Cd></Sts>",
                      f"  <BookgDt><Dt>{cr.day}</Dt></BookgDt><ValDt><Dt>{cr.day}</Dt></ValDt>",
                      f"  <AcctSvcrRef>ING{cr.bank_id}</AcctSvcrRef>",
                      f"  <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{'RCDT' if inc else 'ICDT'}</Cd>",
                      f"    <SubFmlyCd>{fam}</SubFmlyCd></Fmly></Domn></BkTxCd>",
                      "  <NtryDtls><TxDtls>",
                      f"    <Refs><EndToEndId>{'E2E' + cr.bank_id if inc else 'NOTPROVIDED'}</EndToEndId></Refs>",
                      f'    <Amt Ccy="EUR">{amt}</Amt><CdtDbtInd>{"CRDT" if inc else "DBIT"}</CdtDbtInd>']  # fmt: skip
            if cr.original:
                sent, frm = cr.original
                lines.append(f'    <AmtDtls><InstdAmt><Amt Ccy="{frm}">{fmt(sent, frm)}</Amt></InstdAmt>'
                             f'<TxAmt><Amt Ccy="EUR">{amt}</Amt></TxAmt></AmtDtls>')  # fmt: skip
            if cr.bearer:
                lines.append(f'    <Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">{cr.fee:.2f}</TtlChrgsAndTaxAmt><Rcrd>'
                             f'<Amt Ccy="EUR">{cr.fee:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
                             f"<ChrgInclInd>{'false' if cr.bearer == 'DEBT' else 'true'}</ChrgInclInd>"
                             f"<Br>{cr.bearer}</Br></Rcrd></Chrgs>")  # fmt: skip
            if cr.payer:
                party = "Dbtr" if inc else "Cdtr"
                acct = (f"<IBAN>{cr.counter}</IBAN>" if cr.counter[:2].isalpha() else
                        f"<Othr><Id>{cr.counter}</Id></Othr>") if cr.counter else ""  # fmt: skip
                own = f"<{party}Acct><Id>{acct}</Id></{party}Acct>" if acct else ""
                lines.append(f"    <RltdPties><{party}><Pty><Nm>{x(cr.payer)}</Nm></Pty></{party}>{own}</RltdPties>")
            if cr.ref:
                lines.append(f"    <RmtInf><Ustrd>{x(cr.ref)}</Ustrd></RmtInf>")
            lines += ["  </TxDtls></NtryDtls>", f"  <AddtlNtryInf>{x(info)}</AddtlNtryInf>", "</Ntry>"]
        lines.append("</Stmt></BkToCstmrStmt></Document>")
        (out / "ing-eur.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")


BANKS = ["revolut.csv", "wise-usd.csv", "wise-jpy.csv", "ing-eur.xml"]


def check_parse(world: World, out: Path) -> list[str]:
    code, doc, err = run([str(ARSYNC), "bank", "parse", *BANKS, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = [f"skipped: {s}" for s in doc.get("skipped", [])]
    for cr in world.credits:
        t = by.pop((cr.file, cr.line), None)
        if t is None:
            problems.append(f"{cr.file}:{cr.line} ({cr.kind}) not read")
            continue
        orig = t.get("original_amount")
        got = (Decimal(t["amount"]), t["currency"], t["date"])
        got_orig = (Decimal(orig["amount"]), orig["currency"]) if orig else None
        want_orig = None
        if cr.original:
            sent, frm = cr.original
            want_orig = (sent if cr.amount > 0 else -sent, frm)
            if frm == cr.ccy and sent <= abs(cr.amount):  # the same currency, no charges: nothing to keep
                want_orig = None
            if cr.file.startswith("wise"):  # Wise's export has no column of the amount converted from
                want_orig = None
        want = (cr.amount, cr.ccy, cr.day.isoformat())
        seen = plain(f"{t['description']} {t.get('counterparty') or ''} {t.get('reference') or ''}").split()
        seen += [r["value"] for r in t.get("references", [])]
        lost = [w for w in plain(f"{cr.payer} {cr.ref}").split() if w != "-" and w not in " ".join(seen)]
        if got != want or got_orig != want_orig or lost:
            problems.append(f"{cr.file}:{cr.line} read {got} original {got_orig}; want {want} original {want_orig};"
                            f" words lost {lost}: {t['description']!r}")  # fmt: skip
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def money_of(inv: dict[str, Any]) -> Decimal:
    """What a decision puts on an invoice, in the invoice's currency."""
    return Decimal(inv.get("invoice_currency_amount") or inv["applied"])


def check_output(world: World, doc: dict[str, Any]) -> list[str]:
    """No allocation over what is open on its invoice (nor the autos together); no float where money is."""
    due = {i.number: i for i in world.invs}
    problems, autos = [], Counter[str]()
    for m in doc.get("matches", []):
        where = f"{m['bank']['file']}:{m['bank']['line']} {m.get('decision')}"
        for i in m.get("invoices", []):
            inv, put = due.get(i["number"]), money_of(i)
            if inv is None:
                problems.append(f"{where} names {i['number']}, no invoice of the ledger")
            elif put > inv.due:
                problems.append(f"{where} puts {inv.ccy} {put} on {inv.number}, which has {inv.due} open: {i}")
            if inv is not None and m.get("decision") == "auto":
                autos[i["number"]] += put
    for number, put in autos.items():
        if put > due[number].due:
            problems.append(f"autos together put {put} on {number}, which has {due[number].due} open")

    def walk(x: Any, path: str) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, f"{path}.{k}")
        elif isinstance(x, list):
            for n, v in enumerate(x):
                walk(v, f"{path}[{n}]")
        elif isinstance(x, float) and path.rsplit(".", 1)[-1] not in NOT_MONEY:
            problems.append(f"float in the JSON at {path}: {x!r}")
        elif (
            path.rsplit(".", 1)[-1] in MONEY_KEYS
            and not isinstance(x, (str, dict, type(None)))
            and ".summary" not in path
        ):
            problems.append(f"money not a decimal string at {path}: {x!r}")

    walk(doc, "$")
    return problems


def score(world: World, doc: dict[str, Any], show: str) -> dict[str, Counter[str]]:
    invs = {i.number: i for i in world.invs}
    left: dict[str, list[str]] = defaultdict(list)

    def header(key: tuple[str, int], cr: Credit) -> str:
        orig = f" original {cr.original[1]} {cr.original[0]}" if cr.original else ""
        fee = f" fee/charges {cr.fee}{' ' + cr.bearer if cr.bearer else ''}" if cr.fee or cr.bearer else ""
        return (f"{key[0]}:{cr.line} {cr.ccy} {cr.amount}{orig}{fee} {cr.day} payer={cr.payer!r} ref={cr.ref!r}\n"
                f"    note={cr.note!r}")  # fmt: skip

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for number in sorted({n for t in cr.truth or [] for n in t} | set(picked)):
            i = invs.get(number)
            if i:
                print(f"    ledger {i.number} {i.cust.name!r} {i.ccy} total {i.total} due {i.due} issued {i.issued}")

    def detail(m: Match) -> None:
        fx = {k: m[k] for k in ("fx_difference", "write_off", "unapplied", "fee_withheld") if m.get(k)}
        ica = [(i["number"], i.get("applied"), i.get("invoice_currency_amount")) for i in m.get("invoices", [])]
        print(f"      {fx} (number, applied, invoice_currency_amount): {ica}")

    def judged(key: tuple[str, int], cr: Credit, v: Verdict) -> None:
        if v.payable and v.decision != "auto":
            left[f"{cr.kind}: {v.decision}, {cr.note.split(' ')[0] if cr.kind != 'same_ccy' else cr.note}"].append(
                f"{key[0]}:{cr.line} {cr.ccy} {cr.amount} ref={cr.ref!r} ({cr.note})"
            )

    keyed = [((cr.file, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.file, x.line))]
    table = score_credits(keyed, matches_by(doc, file_line), show, header, review=REVIEW, ledger=ledger,
                          applied=True, detail=detail, judged=judged)  # fmt: skip
    print("\npayable credits left to a person, largest groups first:")
    for group, examples in sorted(left.items(), key=lambda kv: -len(kv[1]))[:8]:
        print(f"  {len(examples):>3}  {group}   e.g. {examples[0]}")
    return table


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_fx_") as out:
        world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        kinds = Counter(c.kind for c in world.credits)
        print(f"seed {args.seed}: {len(world.custs)} customers "
              f"({dict(Counter(c.ccy for c in world.custs))}), {len(world.invs)} invoices, {n_in} credits + "
              f"{len(world.credits) - n_in} debits {dict(kinds)}; files in {out}")  # fmt: skip
        for problem in check_parse(world, out):
            print("PARSE:", problem)
        banks = [a for b in BANKS for a in ("--bank", b)]
        doc = match(out, *banks, "--ledger", "xero.csv", timed=True)
        if doc is not None:
            for problem in check_output(world, doc):
                print("OUTPUT:", problem)
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
