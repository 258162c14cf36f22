"""Cash application through two OFX statements and a Xero invoice export, for an AU/NZ small business.

Run:  .venv/bin/python benchmarks/bench_match_ofx.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Per seed it writes (answers known only here) ``xero.csv``, Xero's invoice export of ~750 open invoices of 200 AU /
NZ customers (Pty Ltd, Limited, trusts, "& Co", "J & M Nguyen", Māori / Pacific names; NZD for NZ customers);
``aud.ofx``, OFX 1.02 SGML whose NAME is the first 32 characters of the AU narrative (``DIRECT CREDIT 301500 ..``,
``OSKO PAYMENT FROM ..``, ``DEPOSIT-OSKO PAYMENT ..``, ``BPAY .. CRN ..``, ``INTL TT ..``, ``TRANSFER FROM ..``);
``nzd.ofx``, OFX 2.11 XML with NAME the payer and MEMO the 12-character Particulars / Code / Reference; and
``arsync.yaml`` (``matching.fx_rates``). It checks ``arsync bank parse`` reads every transaction as written, runs
``arsync match --bank aud.ofx --bank nzd.ofx --ledger xero.csv --json`` and scores each credit per kind (exact, po,
name, multi_ref, multi_noref, partial, short_fee, overpay, same_amount, typo, third_party, fx, alike; never to be
auto: bare_ambiguous, noncustomer): autos right / wrong (printed with reasons), auto rate over payable credits,
suggestions right / wrong, unmatched. ``--show KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from matchscore import (
    ARSYNC,
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

NZD_AUD = Decimal("0.9132")  # AUD per NZD, given to arsync in matching.fx_rates
START, END = date(2026, 3, 2), date(2026, 3, 31)
CLERK = "exact po name multi_ref multi_noref partial short_fee overpay same_amount typo third_party fx alike".split()

AU_PLACES = "Banksia Wattle Ironbark Jacaranda Kookaburra Brindabella Yarra Fremantle Daintree Barossa Kimberley"
AU_PLACES += " Paperbark Mallee Grevillea Waratah Sandstone Saltwater Boab Bondi Coolangatta Gippsland Riverina"
NZ_PLACES = "Kōwhai Pōhutukawa Tōtara Mānuka Kauri Rimu Tūī Kererū Aoraki Waitematā Ōtaki Taupō Mātai Harakeke"
NZ_PLACES += " Rangitoto Ōhope Kāpiti Tākaka Remarkables Fiordland Westland Hokianga Whāngārei"
TRADES = "Plumbing|Electrical|Joinery|Landscaping|Catering|Bakery|Physiotherapy|Dental|Logistics|Builders|Roofing"
TRADES += "|Signs|Print|Veterinary|Motors|Surveying|Tiling|Cabinetry|Coffee Roasters|Brewing|Equipment Hire|Freight"
AU_SURNAMES = "Nguyen Tran Pham Le Kelly O'Brien Papadopoulos Singh Chen Wilson Murphy Rossi Kowalski Patel Walker"
AU_SURNAMES += " Lee Nikolaidis Costa Byrne Fitzgerald Huynh Sharma Ahmed McKenzie"
NZ_SURNAMES = "Ngata Parata Tipene Henare Kereama Fonoti Tuilagi Faleolo Latu Taufa Mahe Pōtaka Walker Tūhiwai"
NZ_MAORI = ["Te Whare Kai", "Ngā Hau e Whā", "Te Puna Ora", "Tūranga Kai", "Te Ākau Moana", "Māhina Kai"]
PACIFIC = ["Fale Pasifika", "Tautua Pasifika", "Moana Fresh", "Talofa Bakery", "Mālō Freight", "Kia Orana Tours"]
ALIKE = [("Harbour Cafe Pty Ltd", "AU"), ("Harbour Cafe Ltd", "NZ"), ("Summit Electrical Pty Ltd", "AU")]
ALIKE += [("Summit Electrical Limited", "NZ"), ("Coastal Plumbing Pty Ltd", "AU"), ("Coastal Plumbing & Gas", "AU")]
ACCOUNTANT = "Baxter & Co Pty Ltd"  # a customer whose trust account also pays for its clients
TRUSTS = [("AU", "BAXTER & CO TRUST ACCT"), ("AU", "WONG PARTNERS TRUST ACCOUNT"), ("NZ", "HENARE LAW TRUST A/C")]
ADDRESS = "AddressLine1 AddressLine2 AddressLine3 AddressLine4 City Region PostalCode Country".split()
XERO_COLUMNS = ",".join(["ContactName", "EmailAddress", *(f"{p}{f}" for p in ("PO", "SA") for f in ADDRESS)])
XERO_COLUMNS += ",InvoiceNumber,Reference,InvoiceDate,DueDate,PlannedDate,Total,TaxTotal,InvoiceAmountPaid,"
XERO_COLUMNS += "InvoiceAmountDue,InventoryItemCode,Description,Quantity,UnitAmount,Discount,LineAmount,AccountCode,"
XERO_COLUMNS += "TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,Type,Sent,"
XERO_COLUMNS += "Status"
SGML_HEAD = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\n"
    "OLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n"
    "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260401083000[+10:AEST]<LANGUAGE>ENG\n"
    "</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\n"
    "<STMTRS><CURDEF>AUD<BANKACCTFROM><BANKID>062914<ACCTID>10457812<ACCTTYPE>CHECKING</BANKACCTFROM>\n"
    "<BANKTRANLIST><DTSTART>20260301<DTEND>20260331"
)
SGML_TAIL = "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>84210.55<DTASOF>20260331</LEDGERBAL>\n"
SGML_TAIL += "</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>"
XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX>\n'
    "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n"
    "  <DTSERVER>20260401093000.000[+13:NZDT]</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>\n"
    "<BANKMSGSRSV1><STMTTRNRS><TRNUID>0</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n"
    "  <STMTRS><CURDEF>NZD</CURDEF><BANKACCTFROM><BANKID>12</BANKID><BRANCHID>3001</BRANCHID>\n"
    "    <ACCTID>0456789-00</ACCTID></BANKACCTFROM>\n"
    "    <BANKTRANLIST><DTSTART>20260301</DTSTART><DTEND>20260331</DTEND>"
)
XML_TAIL = "    </BANKTRANLIST><LEDGERBAL><BALAMT>23118.40</BALAMT><DTASOF>20260331</DTASOF></LEDGERBAL>\n"
XML_TAIL += "  </STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n"


@dataclass
class Cust:
    name: str
    country: str
    family: str
    invoices: list[Inv] = field(default_factory=list)


@dataclass
class Inv(Invoice):  # lines GST exclusive
    ref: str = ""

    def tax_rate(self) -> Decimal:  # GST
        return Decimal("0.10") if self.cust.country == "AU" else Decimal("0.15")


@dataclass
class Credit:
    kind: str
    account: str  # AUD or NZD: which statement
    amount: Decimal
    trntype: str
    name: str
    memo: str
    day: date
    truth: list[tuple[str, ...]] | None  # acceptable invoice sets; None: no customer paid this
    note: str = ""
    fitid: str = ""
    line: int = 0


def nolegal(name: str) -> str:
    for form in (" Pty Limited", " Pty Ltd", " Limited", " Ltd"):
        name = name.removesuffix(form)
    return name


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.used: set[str] = set()
        self.credits: list[Credit] = []

    def customers(self) -> None:
        r, cores = self.r, set()
        for name, country in ALIKE:  # the only customers sharing a name
            self.custs.append(Cust(name, country, " ".join(nolegal(name).split()[:2])))
            cores.add(plain(nolegal(name)).lower())
        self.custs.append(Cust(ACCOUNTANT, "AU", ACCOUNTANT))
        while len(self.custs) < 200:
            au = r.random() < 0.7
            place, trade = r.choice((AU_PLACES if au else NZ_PLACES).split()), r.choice(TRADES.split("|"))
            sur, roll = r.choice((AU_SURNAMES if au else NZ_SURNAMES).split()), r.random()
            if au:
                name = (
                    f"{place} {trade} Pty Ltd" if roll < 0.45 else f"{place} {trade} Pty Limited" if roll < 0.52
                    else f"{sur} & Co" if roll < 0.6 else f"The {sur} Family Trust" if roll < 0.68
                    else f"{r.choice('JAKTSDM')} & {r.choice('MLSPRN')} {sur}" if roll < 0.8 else f"{place} {trade}"
                )  # fmt: skip
            else:
                name = (
                    f"{place} {trade} Ltd" if roll < 0.4 else f"{place} {trade} Limited" if roll < 0.5
                    else f"{r.choice(NZ_MAORI)} {r.choice(['Ltd', 'Trust', 'Limited'])}" if roll < 0.65
                    else f"{r.choice(PACIFIC)} Ltd" if roll < 0.77 else f"{sur} Whānau Trust" if roll < 0.85
                    else f"{r.choice('TAHMR')} & {r.choice('LKSW')} {sur}"
                )  # fmt: skip
            core = plain(nolegal(name)).lower().removeprefix("the ")
            if core not in cores:
                cores.add(core)
                self.custs.append(Cust(name, "AU" if au else "NZ", name))

    def invoices(self) -> None:
        r = self.r
        for c in self.custs:
            for _ in range(r.choice([1, 2, 3, 3, 4, 4, 5, 6, 7])):
                lines = []
                for _ in range(r.choice([1, 1, 2, 3])):
                    roll, hours = r.random(), Decimal(r.choice(["1", "1.5", "2", "3.5", "4", "6", "7.5", "12"]))
                    lines.append(
                        ("Monthly service", Decimal(1), Decimal(r.choice([150, 250, 400, 600]))) if roll < 0.3
                        else ("Labour (hrs)", hours, Decimal(r.choice([85, 95, 120, 145, 165]))) if roll < 0.65
                        else ("Materials", Decimal(r.randint(1, 4)), Decimal(r.randint(1200, 95000)) / 100)
                    )  # fmt: skip
                issued = date(2025, 11, 3) + timedelta(days=r.randint(0, 138))
                inv = Inv("", c, issued, issued + timedelta(days=r.choice([7, 14, 14, 20, 30])), lines)
                if r.random() < 0.3:
                    n = r.randint(10000, 99999)
                    inv.ref = r.choice([f"PO {n}", f"PO-{n % 9000 + 1000}", f"45000{n}", f"Job {n % 900}", f"WO{n}"])
                if r.random() < 0.07 and inv.total > 400:
                    inv.paid = (inv.total * Decimal(r.choice(["0.5", "0.3"]))).quantize(Decimal(1))
                c.invoices.append(inv)
                self.invs.append(inv)
        self.invs.sort(key=lambda i: (i.issued, i.cust.name))
        for n, inv in enumerate(self.invs, start=2981):
            inv.number = f"INV-{n}"

    def family(self, c: Cust) -> list[Inv]:
        return [i for d in self.custs if d.family == c.family for i in d.invoices]

    def unique(self, c: Cust, amount: Decimal) -> bool:
        return sum(i.due == amount for i in self.family(c)) == 1

    def unique_subset(self, c: Cust, picked: list[Inv]) -> bool:
        target, pool = sum(i.due for i in picked), self.family(c)
        return sum(sum(i.due for i in k) == target for n in range(1, 7) for k in combinations(pool, n)) == 1

    def free(self, country: str, minimum: Decimal = Decimal(0)) -> Inv:
        for _ in range(5000):
            inv = self.r.choice(self.invs)
            ok = inv.number not in self.used and inv.due >= minimum and inv.cust.country == country
            if ok and inv.cust.name != ACCOUNTANT:
                return inv
        raise RuntimeError("ran out of invoices")

    def payer(self, c: Cust, how: str) -> str:
        r, name = self.r, plain(c.name)
        if how == "atf" and "Family Trust" in name:  # the trustee company, "as trustee for" the trust
            trust = name.removeprefix("The ")
            return f"{trust.split(' Family')[0].upper()} NOMINEES PTY LTD ATF {trust.upper()}"
        if how == "atf" and "&" in name and len(name.split()) == 4:  # the couple behind "J & M Nguyen"
            a, _, b, sur = name.upper().split()
            return f"MR {a} {sur} & MRS {b} {sur}"
        if how == "nolegal":
            return nolegal(name).upper()
        if how == "trunc":
            return name.upper()[: r.choice([16, 18, 20])].rstrip()
        return name.lower() if how == "lower" else c.name if how == "title" else name.upper()

    def ref(self, inv: Inv, nz: bool = False) -> str:
        forms = ["INV{n}", "INV-{n}", "{n}", "inv {n}", "Inv#{n}", "INVOICE {n}", "Invoice {n}", "INV {n}", "inv{n}"]
        forms += ["Inv No. {n}", "INV-{n}", "INV{n}"] if nz else ["PAYMENT INV{n}", "REF INV-{n}", "INV{n}"]
        return self.r.choice(forms).format(n=inv.number[4:])

    def multi_ref(self, invs: list[Inv], nz: bool) -> list[str]:
        ds = [i.number[4:] for i in invs]
        if nz:  # Particulars / Code / Reference: 12 characters each
            forms = [["INV" + " ".join(ds)], [" ".join(ds)], ["INV" + ds[0], "INV" + ds[1], *ds[2:]]]
            return [p[:12] for p in self.r.choice([*forms, ["/".join(ds)], [" ".join(ds[:2]), *ds[2:]]])]
        forms = ["INV" + "/".join(ds), "INV " + "+".join(ds), "/".join(ds), " ".join("INV" + d for d in ds)]
        return [self.r.choice([*forms, "INV " + ", ".join(ds), " & ".join(ds), "INVS " + " ".join(ds)])]

    def au(self, payer: str, ref: str, channel: str = "") -> tuple[str, str, str]:
        r = self.r
        channel = channel or r.choice(["dc", "dc", "osko", "dosko", "tfr"])
        if channel == "dc":  # BECS direct entry: remitter name 16 characters, lodgement reference 18
            uid = r.choice(["301500", "062914", "484799", "000123"])
            text = f"DIRECT CREDIT {uid} {plain(payer).upper()[:16].rstrip()} {ref[:18]}".rstrip()
            return r.choice(["CREDIT", "DIRECTDEP"]), text[:32], text
        if channel == "tfr":
            return "XFER", payer[:32], f"TRANSFER FROM {payer} {ref}".rstrip()
        lead = {"osko": "OSKO PAYMENT FROM", "intl": "INTL TT"}.get(
            channel, f"DEPOSIT-OSKO PAYMENT {r.randint(10**6, 10**7)}"
        )
        text = " ".join(f"{lead} {payer} {ref}".split())
        return "DEP" if channel == "dosko" else "CREDIT", text[:32], text

    def nz(self, payer: str, fields: list[str]) -> tuple[str, str, str]:
        r = self.r
        fields = [f[:12] for f in fields if f]
        if len(fields) < 3 and r.random() < 0.4:  # the payer's own customer number with us
            fields.append(r.choice(["ACCT ", "CUST ", "ACC#"]) + f"{r.randint(40, 4999):04d}")
        if len(fields) < 3 and r.random() < 0.35:
            fields.insert(0, plain(payer).upper()[:12].rstrip())
        return r.choice(["XFER", "XFER", "DIRECTDEP", "CREDIT"]), payer[:32], "  ".join(fields)

    def pay(self, kind: str, invs: list[Inv], amount: Decimal | None = None, **kw: Any) -> None:
        """kw: ref (AU text), fields (NZ, '|'-separated), how / payer, channel, account, texts, note."""
        c, r = invs[0].cust, self.r
        nz = c.country == "NZ" and kw.get("account") != "AUD"
        amount = sum((i.due for i in invs), Decimal(0)) if amount is None else amount
        how = kw.get("how") or r.choice(["upper", "upper", "nolegal", "trunc", "lower", "title", "atf"])
        payer = kw.get("payer") or self.payer(c, how)
        if "texts" in kw:
            trn, name, memo = kw["texts"]
        elif nz:
            trn, name, memo = self.nz(payer, kw.get("fields", self.ref(invs[0], nz=True)).split("|"))
        else:
            trn, name, memo = self.au(payer, kw.get("ref", self.ref(invs[0])), kw.get("channel", ""))
        day = min(END, max(START, max(i.issued for i in invs) + timedelta(days=r.randint(0, 20))))
        truth, acct = [tuple(sorted(i.number for i in invs))], "NZD" if nz else "AUD"
        self.credits.append(Credit(kind, acct, amount, trn, name, memo, day, truth, kw.get("note", "")))
        self.used.update(i.number for i in invs)

    def build(self) -> World:
        r = self.r
        self.customers()
        self.invoices()
        pairs = []  # the same amount at two customers: B's invoice gets A's lines
        for _ in range(22):
            a = self.free(r.choice(["AU", "AU", "NZ"]))
            b = self.free(a.cust.country)
            if a.cust.family != b.cust.family:
                b.lines, b.paid = list(a.lines), a.paid
                self.used.update([a.number, b.number])
                if self.unique(a.cust, a.due) and self.unique(b.cust, b.due):
                    pairs.append((a, b))
        for a, _b in pairs[:12]:
            self.pay("same_amount", [a], ref="", fields="", how=r.choice(["upper", "nolegal", "title"]))
        for a, b in pairs[12:20]:
            texts = ("CREDIT", "DEPOSIT", "DEPOSIT") if a.cust.country == "NZ" else self.au("", "", "dosko")
            self.pay("bare_ambiguous", [a], texts=texts)
            self.credits[-1].truth = [(a.number,), (b.number,)]
        kinds = [("exact", 105, 40, 0), ("po", 10, 5, 0), ("typo", 10, 5, 0), ("partial", 14, 6, 300)]
        for kind, n_au, n_nz, least in [*kinds, ("short_fee", 10, 5, 1000), ("overpay", 8, 4, 200)]:
            for k in range(n_au + n_nz):
                nz = k >= n_au
                inv = self.free("NZ" if nz else "AU", Decimal(least))
                ref, amount, due, note = self.ref(inv, nz), None, inv.due, ""
                if kind == "po":
                    inv.ref = inv.ref or f"PO {r.randint(10000, 99999)}"
                    form = ["{}", "ORDER|{}"] if nz else ["{}", "YOUR REF {}", "ORDER {}", "{} PAYMENT"]
                    ref = r.choice(form).format(inv.ref.replace(" ", ""))
                elif kind == "typo":  # two digits swapped, or one changed
                    d, j = list(inv.number[4:]), r.randrange(3)
                    d[j], d[j + 1] = (d[j + 1], d[j]) if d[j] != d[j + 1] else (d[j], str((int(d[j]) + 1) % 10))
                    ref = r.choice(["INV", "INV-", "", "inv "]) + "".join(d)
                elif kind == "partial":
                    amount = r.choice([(due / 2).quantize(C), Decimal("200.00"), (due / 3).quantize(C)])
                    form = ["PART PMT|{}", "{}|PART", "{}"] if nz else ["PART PMT {}", "{} PART", "{} INSTALMENT 1"]
                    ref = r.choice(form).format(ref)
                elif kind == "short_fee":  # a bank or intermediary fee taken on the way
                    fee = Decimal(r.choice(["10.00", "12.50", "15.00", "20.00", "22.00"]))
                    amount, note = due - fee, f"fee {fee}"
                elif kind == "overpay":  # the invoice total although part was paid, or a little / a lot more
                    amount = inv.total if inv.paid else due + Decimal(r.choice(["100.00", "50.00", "0.55", "1000.00"]))
                    note = f"due {due}"
                elif nz and r.random() < 0.25:  # written out; the 12-character field cuts it
                    ref = r.choice(["INVOICE NO {}", "INVOICE#{}-A", "INV {} MARCH"]).format(inv.number[4:])
                elif not nz and r.random() < 0.1:  # BPAY: the CRN is the invoice number
                    text = f"BPAY 301500 CRN {inv.number[4:].rjust(10, '0')}"
                    self.pay(kind, [inv], texts=("CREDIT", text, text), note="bpay")
                    continue
                self.pay(kind, [inv], amount, ref=ref, fields=ref, note=note or ref)
        for k in range(70):
            inv = self.free("AU" if k < 50 else "NZ")
            if self.unique(inv.cust, inv.due):
                how = r.choice(["upper", "nolegal", "trunc", "lower", "title", "atf", "atf"])
                self.pay("name", [inv], ref="", fields="", how=how, note=how)
        for k in range(64):
            c = r.choice([x for x in self.custs if x.country == ("AU" if k % 3 else "NZ") and x.name != ACCOUNTANT])
            avail = [i for i in c.invoices if i.number not in self.used]
            picked = sorted(r.sample(avail, min(len(avail), r.choice([2, 2, 3]))), key=lambda i: i.number)
            if len(picked) < 2:
                continue
            if k < 34:
                refs = self.multi_ref(picked, c.country == "NZ")
                self.pay("multi_ref", picked, ref=refs[0], fields="|".join(refs), note=" | ".join(refs))
            elif len(c.invoices) > len(picked) and self.unique_subset(c, picked):
                self.pay("multi_noref", picked, ref="", fields="", how=r.choice(["upper", "nolegal"]))
        for k in range(12):
            country, trust = TRUSTS[k % 3]
            inv = self.free(country)
            client = plain(nolegal(inv.cust.name)).upper()
            if country == "NZ":
                fields = f"{client[:12]}|{inv.number[4:] if k % 2 else ''}|TRUST"
                self.pay("third_party", [inv], payer=trust, fields=fields, note=trust)
            else:
                ref = f"{client} INV{inv.number[4:]}" if k % 2 else f"OBO {client}"
                self.pay("third_party", [inv], payer=trust, ref=ref, channel=r.choice(["dc", "osko"]), note=trust)
        for k in range(12):  # an NZ customer pays its NZD invoice into the AUD account
            inv = self.free("NZ", Decimal(150))
            dev = Decimal(r.choice(["-0.006", "-0.002", "0", "0.003", "0.007"]))
            amount = (inv.due * NZD_AUD * (1 + dev)).quantize(C, ROUND_HALF_UP)
            ref = self.ref(inv) if k < 9 else ""
            self.pay("fx", [inv], amount, ref=ref, channel=r.choice(["intl", "osko", "dc"]), account="AUD", note=ref)
        for c in [x for x in self.custs if x.family != x.name]:
            for _ in range(2):
                avail = [i for i in c.invoices if i.number not in self.used and self.unique(c, i.due)]
                if avail:
                    how = r.choice(["upper", "nolegal"])
                    self.pay("alike", [r.choice(avail)], ref="", fields="", how=how, note=how)
        self.noncustomer()
        return self

    def noncustomer(self) -> None:
        r = self.r
        au = [f"ATO 0{r.randint(10**7, 10**8)}", "CREDIT INTEREST", "SQUARE AUSTRALIA SETTLEMENT", "ATO GST REFUND",
              f"TYRO SETTLEMENT MID{r.randint(1000, 9999)}", "STRIPE PAYMENTS AUSTRALIA STRIPE", "MEDICARE BENEFIT",
              f"TRANSFER FROM SAVINGS ACC {r.randint(1000, 9999)}", "NIB HEALTH FUNDS LTD REFUND", "DEPOSIT INTEREST",
              "ALLIANZ AUSTRALIA CLAIM 7731842", "SQ *SQUARE AU PAYOUT"]  # fmt: skip
        nz = [("INLAND REVENUE DEPT", "TAX REFUND"), ("INTEREST CREDIT", ""), ("WINDCAVE LTD", "SETTLEMENT"),
              ("TRANSFER FROM 12-3001-0456789-50", "SAVINGS"), ("ACC", "WEEKLY COMP"),
              ("SOUTHERN CROSS HEALTH", "CLAIM")]  # fmt: skip
        for k in range(42):
            nzd = k % 3 == 0
            name, memo = nz[(k // 3) % 6] if nzd else (au[k % 12][:32], au[k % 12])
            amount = Decimal(r.randint(500, 480000)) / 100
            if r.random() < 0.5:  # tempting: the amount of an open invoice in the account's currency
                amount = r.choice([i for i in self.invs if i.cust.country == ("NZ" if nzd else "AU")]).due
            amount, trn = (Decimal(r.randint(50, 9000)) / 100, "INT") if "INTEREST" in name else (amount, "CREDIT")
            day, acct = START + timedelta(days=r.randint(0, 28)), "NZD" if nzd else "AUD"
            self.credits.append(Credit("noncustomer", acct, amount, trn, name, memo, day, None))
        for k, text in enumerate(["EFTPOS PURCHASE BUNNINGS", "BPAY TO TELSTRA", "ATO BAS PAYMENT", "IRD GST"] * 6):
            acct, amount = "NZD" if "IRD" in text else "AUD", -Decimal(r.randint(2000, 900000)) / 100
            self.credits.append(Credit("debit", acct, amount, "DEBIT", text, text, START + timedelta(days=k), None))

    def write(self, out: Path) -> None:
        with (out / "xero.csv").open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.DictWriter(fh, XERO_COLUMNS.split(","), restval="")
            w.writeheader()
            for n, inv in enumerate(self.invs):
                c, dmy, au = inv.cust, "%d/%m/%Y", inv.cust.country == "AU"
                slug = "".join(ch for ch in plain(c.name).lower() if ch.isalnum())[:14]
                for (desc, qty, unit), (amt, tax) in zip(inv.lines, inv.amounts()):
                    w.writerow({"ContactName": c.name, "EmailAddress": f"accounts@{slug}.example",
                                "POCity": "Parramatta" if au else "Whangārei", "InvoiceNumber": inv.number,
                                "POCountry": "Australia" if au else "New Zealand", "Reference": inv.ref,
                                "InvoiceDate": inv.issued.strftime(dmy), "DueDate": inv.due_date.strftime(dmy),
                                "Total": f"{inv.total:.2f}", "TaxTotal": f"{sum(t for _, t in inv.amounts()):.2f}",
                                "InvoiceAmountPaid": f"{inv.paid:.2f}", "InvoiceAmountDue": f"{inv.due:.2f}",
                                "Description": desc, "Quantity": f"{qty:.4f}", "UnitAmount": f"{unit:.2f}",
                                "LineAmount": f"{amt:.2f}", "AccountCode": "200", "TaxAmount": f"{tax:.2f}",
                                "TaxType": "GST on Income" if au else "15% GST on Income", "Type": "Sales invoice",
                                "Currency": "AUD" if au else "NZD", "Sent": "Sent",
                                "Status": "Awaiting Payment" if n % 4 == 3 else "AUTHORISED"})  # fmt: skip
        for n, cr in enumerate(sorted(self.credits, key=lambda x: (x.day, x.account))):
            cr.fitid = f"{cr.day:%Y%m%d}{n:05d}"
        sgml = lambda s: plain(s).replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        lines = SGML_HEAD.splitlines()
        for cr in sorted((x for x in self.credits if x.account == "AUD"), key=lambda x: x.fitid):
            cr.line = len(lines) + 1
            lines += ["<STMTTRN>", f"<TRNTYPE>{cr.trntype}", f"<DTPOSTED>{cr.day:%Y%m%d}000000[+10:AEST]",
                      f"<TRNAMT>{cr.amount:.2f}", f"<FITID>{cr.fitid}", f"<NAME>{sgml(cr.name[:32])}"]  # fmt: skip
            lines += [f"<MEMO>{sgml(cr.memo)}"] if cr.memo and cr.memo != cr.name else []
            lines.append("</STMTTRN>")
        (out / "aud.ofx").write_bytes("\r\n".join(lines + SGML_TAIL.splitlines()).encode("cp1252"))
        xml = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        lines = XML_HEAD.splitlines()
        for cr in sorted((x for x in self.credits if x.account == "NZD"), key=lambda x: x.fitid):
            cr.line = len(lines) + 1
            tags = [("TRNTYPE", cr.trntype), ("DTPOSTED", f"{cr.day:%Y%m%d}120000.000[+13:NZDT]"),
                    ("TRNAMT", f"{cr.amount:.2f}"), ("FITID", cr.fitid), ("NAME", xml(cr.name[:32])),
                    ("MEMO", xml(cr.memo))]  # fmt: skip
            lines += ["        <STMTTRN>", *(f"          <{t}>{v}</{t}>" for t, v in tags if v), "        </STMTTRN>"]
        (out / "nzd.ofx").write_text("\n".join(lines) + "\n" + XML_TAIL, encoding="utf-8")
        rates = f'[{{base: NZD, quote: AUD, rate: "{NZD_AUD}", date: "2026-02-27"}}]'
        (out / "arsync.yaml").write_text(f"matching:\n  fx_rates: {rates}\n", encoding="utf-8")


def check_parse(world: World, out: Path) -> list[str]:
    code, doc, err = run([str(ARSYNC), "bank", "parse", "aud.ofx", "nzd.ofx", "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in world.credits:
        fname, conv = ("aud.ofx", plain) if cr.account == "AUD" else ("nzd.ofx", str)
        t = by.pop((fname, cr.line), {"amount": 0, "date": "not read", "description": "", "counterparty": ""})
        got = (Decimal(t["amount"]), t["date"], t.get("currency"), t.get("bank_id"))
        want = (cr.amount, cr.day.isoformat(), cr.account, cr.fitid)
        seen = (t["description"] + " " + (t["counterparty"] or "")).split()
        if got != want or (lost := [w for w in (conv(cr.name[:32]) + " " + conv(cr.memo)).split() if w not in seen]):
            problems.append(f"{fname}:{cr.line} read {got} want {want}; words lost {lost}: {t['description']!r}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def score(world: World, doc: dict[str, Any], show: str) -> dict[str, Counter[str]]:
    def header(key: tuple[str, int], cr: Credit) -> str:
        return (f"{key[0]}:{cr.line} {cr.account} {cr.amount} {cr.trntype} NAME={cr.name!r}\n"
                f"    MEMO={cr.memo!r} note={cr.note!r}")  # fmt: skip

    credits = sorted(world.credits, key=lambda x: (x.account, x.line))
    keyed = [(("aud.ofx" if cr.account == "AUD" else "nzd.ofx", cr.line), cr) for cr in credits]
    return score_credits(keyed, matches_by(doc, file_line), show, header)


def main() -> int:
    args = arguments(__doc__)
    world = World(args.seed).build()
    with workdir(args.keep, "bench_ofx_") as out:
        world.write(out)
        n_in = sum(c.amount > 0 for c in world.credits)
        print(f"seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices, {n_in} credits + "
              f"{len(world.credits) - n_in} debits; files in {out}")  # fmt: skip
        for problem in check_parse(world, out):
            print("PARSE:", problem)
        doc = match(out, "--bank", "aud.ofx", "--bank", "nzd.ofx", "--ledger", "xero.csv")
        if doc is not None:
            report(score(world, doc, args.show), CLERK)
    return 0


if __name__ == "__main__":
    sys.exit(main())
