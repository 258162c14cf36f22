"""Cash application end to end: bank files and a ledger written here, read by the real `arsync match` CLI.

    .venv/bin/python benchmarks/bench_match_csvfiles.py --style uk --seed 1 [--keep DIR] [--show KIND] [--config F]

Writes 250 customers, ~870 open invoices and ~400 credits (plus 30 debits) with a known answer each, runs
`arsync match --bank FILE... --ledger FILE --json` in a subprocess (empty directory, fresh state store) and prints
autos, wrong autos (another invoice set than the truth, or any auto on a non-customer credit), the auto rate over
payable lines, suggestions right/wrong, unmatched, a table per kind and every wrong auto with its text and reasons.
Exits 0 (a measurement). `--keep` keeps the files with `truth.json` and `match.json`; `--show` prints one kind.

`--style uk` (GBP): a Lloyds CSV (FPI/BGC/TFR, guarded sort code, payer and reference in one description) and a
Barclays CSV (fixed-width memo), names and references cut to 18 characters as Faster Payments/BACS do; the ledger
is a CSV list with day-first dates numbered `SI-10234` (odd seeds) or `2026/0456` (even). `--style mt940-de` (EUR):
a Sparkasse-style MT940 (GVC, `?20`-`?29` subfields of 27 characters with EREF+/SVWZ+/ABWA+, `?31` IBAN, `?32`/
`?33` name, wrapped at 65); the ledger is an XLSX with a title row, numbered `RE2026-00417` (odd seeds; seed 1 has
RE2025-02025/02026 open) or number cells `24417` (even). Kinds: ref-exact (many spellings), name-only, multi-ref,
multi-noref, partial, short (bank charge, discount/Skonto, rounding), overpay, same-amount, typo-ref, third-party,
twins (names differing by legal form or a word), ref-cut (uk: cut inside the number) or eref-only (de), and
non-customer credits (interest, tax refund, own transfer, card settlement, insurance, director's loan). Lines
without a usable reference pay an amount unique among the payer's (and its twin's) open invoices and subsets.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any, ClassVar

D = Decimal
CENT = D("0.01")
MONTH = [dt.date(2026, 3, d) for d in range(2, 32) if dt.date(2026, 3, d).weekday() < 5]
KINDS = {"same-amount": 24, "ref-exact": 100, "name-only": 50, "multi-ref": 35, "multi-noref": 20, "partial": 20}
KINDS |= {"short": 25, "overpay": 15, "typo-ref": 20, "third-party": 20, "twins": 20, "ref-cut": 15, "non-customer": 35}
SWIFT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "&": "+"})


@dataclasses.dataclass(eq=False)
class Customer:
    name: str
    account: str
    code: str = ""
    twin: Customer | None = None
    invoices: list[Invoice] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(eq=False)
class Invoice:
    customer: Customer
    issued: dt.date
    total: Decimal
    open: Decimal
    number: str = ""
    year: str = ""
    seq: str = ""
    used: bool = False


@dataclasses.dataclass
class Credit:
    kind: str
    amount: Decimal
    day: dt.date
    payer: str
    ref: str
    truth: tuple[str, ...] = ()
    account: str = ""
    eref: str = ""
    ultimate: str = ""
    note: str = ""
    text: str = ""
    where: tuple[str, int] = ("", 0)


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return (D(rng.randint(lo * 100, hi * 100)) / 100).quantize(CENT)


def pct(amount: Decimal, percent: str) -> Decimal:
    return (amount * D(percent) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def cut(text: str, n: int = 18) -> str:
    return text[:n].rstrip()


class Style:
    """One country's names, invoice numbers, remittance wording and files. `texts` are `|`-separated templates."""

    limit, decimal, overfee_odds, reorder = 140, ".", 0.0, 0.0
    texts: ClassVar[dict[str, str]]  # `|`-separated choices; templates take fill()'s fields
    vat = "20"

    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng, self.seed = rng, seed

    def base_name(self) -> str:  # German firms are also named trade first: "Metallbau Brenner GmbH"
        s, t = self.choice("surnames"), self.choice("trades")
        return f"{t} {s}" if self.rng.random() < self.reorder else f"{s} {t}"

    def choice(self, key: str) -> str:
        return self.rng.choice(self.texts[key].split("|"))

    def plain(self, name: str) -> str:
        """The name without its legal form."""
        for form in sorted(self.texts["forms"].split("|"), key=len, reverse=True):
            if name.endswith(" " + form):
                return name[: -len(form) - 1]
        return name

    def fill(self, key: str, inv: Invoice | None = None, c: Customer | None = None, **extra: str) -> str:
        r, c = self.rng, c or (inv.customer if inv else None)
        f = {"r4": str(r.randint(1000, 9999)), "r6": str(r.randint(10**5, 10**6)), "r9": str(r.randint(10**8, 10**9))}
        f |= {"pd": f"{r.choice(MONTH):%d.%m.%Y}", "sur": self.choice("surnames").translate(SWIFT)}
        if c:
            f |= {"code": c.code, "name": c.name, "word": c.name.split()[0], "WORD": c.name.split()[0].upper()}
        if inv:
            f |= {"n": inv.number, "nl": inv.number.lower(), "nd": inv.number.replace("-", ""), "s": inv.seq}
            f |= {"s0": inv.seq.lstrip("0"), "y": inv.year, "date": f"{inv.issued:%d.%m.%Y}"}
        text = self.choice(key).format(**(f | extra))
        return text if key in ("nc", "debit") else cut(text, self.limit)  # those hold payer;reference

    def abbr(self) -> dict[str, str]:
        return dict(w.split("=") for w in self.texts["abbr"].split("|"))

    def cite(self, inv: Invoice) -> str:
        return self.fill("cite_y" if inv.year else "cite", inv)

    def amount(self, x: Decimal) -> str:
        return f"{x:.2f}".replace(".", self.decimal)

    def short(self, inv: Invoice) -> tuple[str, Decimal, str]:
        roll, p = self.rng.random(), self.rng.choice(self.percents)
        if roll < self.short_odds[0]:
            fee = D(self.rng.choice(self.fees))
            return self.cite(inv), inv.open - fee, f"bank charge or difference {fee}"
        if roll < self.short_odds[1]:
            disc = pct(inv.open, p)
            return self.fill("discount", inv, p=p, amt=self.amount(disc)), inv.open - disc, f"discount {p}% = {disc}"
        return (
            self.cite(inv),
            (inv.open.to_integral_value(rounding=ROUND_DOWN) - (inv.open % 1 == 0)).quantize(CENT),
            "rounded down",
        )

    def overpay(self, inv: Invoice) -> tuple[str, Decimal, str]:
        if self.rng.random() < self.overfee_odds:
            extra = D(self.rng.choice(["5.00", "7.50", "10.00"]))
            return self.fill("overfee", inv, fee=self.amount(extra)), inv.open + extra, f"extra {extra}"
        up = (inv.open / 10).to_integral_value(rounding=ROUND_CEILING) * 10 - inv.open or D(10)
        extra = self.rng.choice([up, *map(D, self.extras)])
        return self.cite(inv), inv.open + extra, f"extra {extra}"

    def typo(self, inv: Invoice, invoices: list[Invoice]) -> tuple[str, str]:
        r, seq = self.rng, list(inv.seq)
        k, how = r.randrange(len(seq) // 2, len(seq)), r.choice("sdx")  # swap, drop or change a digit
        if how == "s" and seq[k - 1] != seq[k]:
            seq[k - 1], seq[k] = seq[k], seq[k - 1]
        elif how == "d":
            del seq[k]
        else:
            seq[k] = str((int(seq[k]) + r.choice([1, 9])) % 10)
        typo = "".join(seq)
        tn = inv.number[: len(inv.number) - len(inv.seq)] + typo
        hit = [f" (= open {i.number})" for i in invoices if i.seq == typo and i.year == inv.year]
        return self.fill("typo", inv, tn=tn, tnd=tn.replace("-", "")), f"typo {typo}" + "".join(hit)


class UK(Style):
    limit = 18
    texts: ClassVar[dict[str, str]] = {
        "surnames": "Harbour|Ashford|Pennine|Kestrel|Whitfield|Caldwell|Thornbury|Riverside|Oakridge|Marlow|Hadley|"
                    "Brackley|Fenwick|Garside|Holloway|Linden|Mercer|Northgate|Pemberton|Quayside|Redfern|Saxby|"
                    "Tamworth|Upton|Wexford|Alder|Beacon|Castleford|Dunmore|Elmsworth|Foxley|Granger|Hawthorne|Ingram",
        "trades": "Joinery|Plumbing & Heating|Electrical Services|Scaffolding|Logistics|Print Solutions|Engineering|"
                  "Catering|Landscapes|Roofing|Fabrications|Interiors|Veterinary Group|IT Support|Signs|Glazing|"
                  "Haulage|Construction|Facilities Management|Dental Care|Property Maintenance|Plant Hire|Packaging",
        "forms": "Ltd|Ltd|Ltd|Limited|LLP|PLC|& Co Ltd|Group Ltd",
        "twin_words": "Services|Group|Holdings|(UK)|Northern|Trade",
        "abbr": "SERVICES=SVCS|ENGINEERING=ENG|MANAGEMENT=MGMT|CONSTRUCTION=CONSTR|ELECTRICAL=ELEC|FACILITIES=FAC|"
                "LIMITED=LTD|SOLUTIONS=SOLNS|PROPERTY=PROP|MAINTENANCE=MAINT|SECURITY=SEC|SYSTEMS=SYS|VETERINARY=VET|"
                "PACKAGING=PKG|FABRICATIONS=FABS|HOLDINGS=HLDGS|PLUMBING=PLUMB|HEATING=HTG|LOGISTICS=LOGISTIC",
        "cite": "{n}|SI{s}|{s}|SI {s}|{nl}|inv {n}|INVOICE {s}|SI{s} THANKS|REF: {n}|PAYMENT SI{s}|{code} SI{s}|"
                "{s} {WORD}|Inv No {s}",
        "cite_y": "{n}|{y}{s}|{y}-{s}|{s}|{s0}|INV {y}/{s0}|inv {n}|{y} {s}|{code} {n}|{s} {WORD}|INVOICE {n}|"
                  "PAYMENT {n}",
        "typo": "{tn}|{tnd}|INV {tn}",
        "noref": "|PAYMENT|SUPPLIER PAYMENT|BACS PAYMENT|INVOICE|{code}|MARCH PAYMENT|THANK YOU|PAYRUN {r4}|PO {r6}",
        "partial": "PART PAY {nd}|{nd} PART PAYMENT|ON ACC {nd}|{s} INSTALMENT",
        "discount": "{nd} LESS {p}%",
        "third": "{WORD} HOLDINGS LTD|KPM ACCOUNTANTS LLP|BRIGHTSIDE PAYROLL|MRS A OKONKWO|CLOSE BROS ASSET FIN|"
                 "ANCHOR GROUP TREASURY",
        "third_ref": "{nd} {WORD}",
        "nc": "interest;GROSS INTEREST;FEB 2026|vat;HMRC VAT;{r9} RPY|ct;HMRC CUMBERNAULD;CT REFUND 0226|"
              "own;NORTHWIND TRADING;SWEEP FROM SAVER|card;WORLDPAY;MERCH {r6}|card;SUMUP PAYMENTS LIM;PAYOUT {r4}|"
              "card;DOJO PAYMENTS;SETTLEMENT {r4}|insurance;AVIVA INSURANCE;CLAIM {r9}|"
              "director;MR J {sur};DIRECTORS LOAN",
        "debit": "HMRC PAYE;123PA00456789|BRITISH GAS;BUSINESS DD|REGUS UK;RENT MAR|TRADE SUPPLIES LTD;PO 4471",
    }  # fmt: skip
    short_odds, fees, percents = (0.45, 0.8), "5.00|6.00|7.50|10.00|12.00|15.00|20.00".split("|"), ["2.5", "2"]
    extras = ("6.00", "12.50", "20.00")

    def code(self, i: int, name: str) -> str:
        return f"{''.join(c for c in name.upper() if c.isalpha())[:4]}{i:03d}"

    def account(self) -> str:
        r = self.rng
        return f"{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)} {r.randint(10000000, 99999999)}"

    def numbering(self, invoices: list[Invoice]) -> None:
        counters, n = {"2025": 380, "2026": 1}, 10234
        for inv in invoices:
            if self.seed % 2:
                inv.seq, inv.number, n = str(n), f"SI-{n}", n + self.rng.choice([1, 1, 1, 2])
            else:
                inv.year = y = str(inv.issued.year)
                inv.seq, counters[y] = f"{counters[y]:04d}", counters[y] + 1
                inv.number = f"{y}/{inv.seq}"

    def payer(self, c: Customer) -> str:
        r, ws = self.rng, c.name.upper().split()
        ws = ["AND" if w == "&" else w for w in ws] if r.random() < 0.3 else ws
        choice = r.randrange(5)
        if choice == 1:
            ws = self.plain(c.name).upper().split()
        elif choice == 2:
            ws = [self.abbr().get(w, w) for w in ws]
        elif choice == 3:
            ws = [{"LTD": "LIMITED", "LIMITED": "LTD", "LLP": "L.L.P."}.get(w, w) for w in ws]
        return cut(" ".join(ws))

    def cite_many(self, invs: list[Invoice]) -> str:
        nums, seqs = [i.number for i in invs], [i.seq for i in invs]
        short = [s[min(len(os.path.commonprefix([seqs[0], s])), len(s) - 2) :] for s in seqs[1:]]  # noqa: RUF071
        styles = [" ".join(n.replace("-", "") for n in nums), "/".join(seqs), "+".join(seqs), ",".join(nums)]
        return cut(self.rng.choice([*styles, "/".join([seqs[0], *short]), "INV " + " ".join(seqs)]))

    def ref_cut(self, inv: Invoice) -> str | None:
        prefixes = ["INVOICE # ", "INVOICE NO ", "PAYMENT INV ", "PYMT FOR INV ", "PAYMENT OF INV ", "REMIT INVOICE "]
        for prefix in self.rng.sample(prefixes, len(prefixes)):
            shown = 18 - len(prefix) - (len(inv.number) - len(inv.seq))  # digits of the sequence left
            if 2 <= shown < len(inv.seq):
                return cut(prefix + inv.number)
        return None

    def write_bank(self, credits: list[Credit], out: Path) -> list[Path]:
        r, lloyds, barclays = self.rng, out / "lloyds.csv", out / "barclays.csv"
        files: dict[Path, list[Credit]] = {lloyds: [], barclays: []}
        for c in credits:
            files[r.choice([lloyds, barclays])].append(c)
        rows = sorted(files[lloyds], key=lambda c: c.day, reverse=True)  # Lloyds: newest first
        balance = D("48211.37") + sum((c.amount for c in rows), D(0))
        with lloyds.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow("Transaction Date|Transaction Type|Sort Code|Account Number|Transaction Description|"
                             "Debit Amount|Credit Amount|Balance".split("|"))  # fmt: skip
            for i, c in enumerate(rows, start=2):
                code = {"own": "TFR", "interest": "BGC"}.get(c.note, "FPI" if r.random() < 0.7 else "BGC")
                code = r.choice(["DD", "FPO", "DEB"]) if c.amount < 0 else code
                text = f"{c.payer:<18} {c.ref}" if r.random() < 0.5 else f"{c.payer} {c.ref}"
                text += f" {c.account}" if code == "FPI" and r.random() < 0.2 and c.account else ""
                c.text, c.where = text.strip(), (lloyds.name, i)
                debit, credit = (f"{-c.amount:.2f}", "") if c.amount < 0 else ("", f"{c.amount:.2f}")
                w.writerow([f"{c.day:%d/%m/%Y}", code, "'30-94-57", "12345678", c.text, debit, credit, f"{balance}"])
                balance -= c.amount
        with barclays.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Number", "Date", "Account", "Amount", "Subcategory", "Memo"])
            for i, c in enumerate(sorted(files[barclays], key=lambda c: c.day), start=2):
                bgc = r.random() < 0.4 or c.note in ("vat", "ct", "interest")
                sub, tail = ("Direct Credit", "BGC") if bgc else ("Funds Transfer", "FT")
                sub, tail = ("Direct Debit", "DDR") if c.amount < 0 else (sub, tail)
                c.text, c.where = f"{c.payer:<18} {c.ref:<18} {tail}".upper(), (barclays.name, i)
                w.writerow([" ", f"{c.day:%d/%m/%Y}", "20-32-06 13152170", f"{c.amount:.2f}", sub, c.text])
        return [lloyds, barclays]

    def write_ledger(self, invoices: list[Invoice], out: Path) -> Path:
        path = out / "open-invoices.csv"
        with path.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow("Invoice No|Client|Account No|Invoice Date|Due Date|Gross|Outstanding|Currency".split("|"))
            for inv in invoices:
                dates = [f"{d:%d/%m/%Y}" for d in (inv.issued, inv.issued + dt.timedelta(days=30))]
                c = inv.customer
                w.writerow([inv.number, c.name, c.code, *dates, f"{inv.total:,.2f}", f"{inv.open:,.2f}", "GBP"])
        return path


class DE(Style):
    vat, decimal, reorder = "19", ",", 0.25
    texts: ClassVar[dict[str, str]] = {
        "surnames": "Brenner|Hoffmann|Müller|Schäfer|Krüger|Becker|Wagner|Lehmann|Vogel|Köhler|Bauer|Richter|Weiß|"
                    "Schröder|Neumann|Schwarz|Zimmermann|Braun|Hartmann|Lange|Werner|Krause|Meier|Fuchs|Jäger|Roth|"
                    "Böhm|Seidel|Günther|Dietrich|Kühn|Haas|Lorenz|Franke|Albrecht|Sommer|Winter|Ziegler|Pohl|Engel",
        "trades": "Metallbau|Haustechnik|Elektrotechnik|Dachdeckerei|Spedition|Druckerei|Maschinenbau|Gartenbau|"
                  "Fensterbau|Autohaus|Bäckerei|Immobilienverwaltung|Kältetechnik|Sanitär|Logistik|Werkzeugbau|"
                  "Zahntechnik|Malerbetrieb|Bauunternehmung|Schreinerei|Gebäudereinigung|Stahlhandel|IT-Service",
        "forms": "GmbH|GmbH|GmbH|GmbH & Co. KG|AG|KG|OHG|e.K.|UG (haftungsbeschränkt)",
        "twin_words": "Service|Montage|Holding|Nord|Süd|Handel",
        "abbr": "Maschinenbau=Maschinenb.|Haustechnik=Haustechn.|Elektrotechnik=Elektrot.|Spedition=Sped.|"
                "Immobilienverwaltung=Immob.-Verw.|Bauunternehmung=Bauunt.|Gebäudereinigung=Geb.-Reinig.|"
                "(haftungsbeschränkt)=(haftungsbeschr.)",
        "cite_y": "{n}|RE {y}-{s}|Re{y}-{s}|RE{y}{s}|{y}-{s}|RE-{y}-{s}|re{y} {s}|RG {n}|Rechnung {n} vom {date}|"
                  "Kd-Nr. {code} {n}|Ihre Rechnung Nr. {n} Danke",
        "cite": "{n}|Rechnung {n}|RG-Nr. {n}|RNr.{n}|Re.Nr: {n} Kd.Nr: {code}|Beleg {n}|Rechnung Nr. {n} vom {date}|"
                "Kunde {code} Rechnung {n}|{n} {name}",
        "typo": "{tn}|Rechnung {tn}|RG {tn}",
        "noref": "|Zahlung|Rechnung|Ihre Rechnung|Begleichung offener Posten|Kd-Nr. {code}|Lieferung Februar|"
                 "Zahllauf {pd}|Bestellung {r6}",
        "partial": "Teilzahlung {n}|Abschlag zu Rechnung {n}|1. Rate {n}|{n} Teilbetrag, Rest folgt|"
                   "Ratenzahlung RG {n}",
        "discount": "{n} abzgl. {p}% Skonto|Rechnung {n} ./. {p} % Skonto {amt}|{n} minus Skonto|"
                    "RG {n} Skonto {amt} EUR",
        "overfee": "{n} inkl. {fee} Mahngebuehr|{n} zzgl. Mahngebuehr {fee} EUR",
        "third": "{word} Holding GmbH|Steuerkanzlei Vogt + Partner|Hausverwaltung Lindner|Dr. Anja Kessler|"
                 "Creditreform Inkasso",
        "third_ref": "{n} fuer {name}",
        "nc": "interest;;Abschluss 31.03.2026 Habenzinsen|tax;Finanzamt Muenchen;ERSTATTUNG UST 02.2026 STNR 143/{r9}|"
              "own;Nordwind Handels GmbH;Umbuchung vom Tagesgeldkonto|card;PAYONE GMBH;Abrechnung {pd} VU-Nr. {r9}|"
              "card;CONCARDIS GMBH;Kartenumsaetze {pd} Terminal {r6}|card;SUMUP PAYMENTS LIMITED;Auszahlung {pd}|"
              "insurance;Allianz Versicherungs-AG;Schaden-Nr. {r4}/{r6} Erstattung|director;{sur}, Jens;Darlehen",
        "debit": "Stadtwerke Muenchen;Abschlag Strom|Finanzamt Muenchen;Lohnsteuer 02.2026|Telekom AG;Kd 4471",
    }  # fmt: skip
    short_odds, fees, percents = (0.2, 1.0), "0.50|1.00|3.00|5.00".split("|"), ["2", "3", "2"]
    overfee_odds, extras = 0.5, ()

    def code(self, i: int, name: str) -> str:
        return str(10000 + i)

    def account(self) -> str:
        bban = f"{self.rng.randint(10000000, 89999999)}{self.rng.randint(0, 9999999999):010d}"
        return f"DE{98 - int(bban + '131400') % 97:02d}{bban}"  # a valid IBAN check (D=13, E=14)

    def numbering(self, invoices: list[Invoice]) -> None:
        counters = {"2025": 1873 if self.seed % 4 == 1 else 1412, "2026": 1}
        for i, inv in enumerate(invoices):
            if self.seed % 2:
                inv.year = y = str(inv.issued.year)
                inv.seq, counters[y] = f"{counters[y]:05d}", counters[y] + 1
                inv.number = f"RE{y}-{inv.seq}"
            else:
                inv.seq = inv.number = str(24017 + i)

    def payer(self, c: Customer) -> str:
        r, name, choice = self.rng, c.name, self.rng.randrange(6)
        if choice == 1:
            name = self.plain(name)
        elif choice == 2:
            name = " ".join(self.abbr().get(w, w) for w in name.split())
        elif choice == 3:
            name = name.replace("GmbH & Co. KG", r.choice(["GmbH u. Co. KG", "GmbH und Co KG"])).replace(" e.K.", "")
        name = name.translate(SWIFT).upper() if r.random() < 0.35 else name.translate(SWIFT)
        return name[:27] if r.random() < 0.3 else name

    def cite_many(self, invs: list[Invoice]) -> str:
        nums, seqs, y = [i.number for i in invs], [i.seq for i in invs], invs[0].year
        styles = [", ".join(nums), "Rechnungen " + ", ".join(nums[:-1]) + " und " + nums[-1]]
        styles += ["Sammelzahlung " + " ".join(nums), "RG " + " / ".join(seqs) + f" Kd-Nr. {invs[0].customer.code}"]
        return self.rng.choice([*styles, f"RE{y}-" + "+".join(seqs) if y else "Re.Nr. " + " u. ".join(seqs)])

    def n86(self, c: Credit) -> str:
        r = self.rng
        if c.note == "interest":
            gvc, post, segs = "805", "ABSCHLUSS", [c.ref]
        else:
            gvc, post = ("105", "FOLGELASTSCHRIFT") if c.amount < 0 else ("166", "GUTSCHR. UEBERW.")
            roll = r.random()
            eref = c.eref or ("" if roll < 0.25 else "NOTPROVIDED" if roll < 0.85 else str(r.randint(10**15, 10**16)))
            segs = ([f"EREF+{eref}"] if eref else []) + ([f"SVWZ+{c.ref}".translate(SWIFT)] if c.ref else [])
            segs += [f"ABWA+{c.ultimate}"] if c.ultimate else []
        chunks = [s[i : i + 27] for s in segs for i in range(0, len(s), 27)][:14]
        tags = [f"?2{i}" for i in range(10)] + [f"?6{i}" for i in range(4)]
        body = f"{gvc}?00{post}?10{r.choice(['9310', '931', '0'])}" + "".join(t + ch for t, ch in zip(tags, chunks))
        if c.payer:
            body += f"?30{r.choice(['BYLADEM1001', 'COBADEFFXXX', 'DEUTDEMMXXX', 'GENODEF1M05'])}?31{c.account}"
            body += f"?32{c.payer[:27]}" + (f"?33{c.payer[27:54]}" if len(c.payer) > 27 else "")
        return body + "?34000"

    def write_bank(self, credits: list[Credit], out: Path) -> list[Path]:
        path, lines, balance = out / "umsaetze.sta", [], D("73412.90")
        for k, day in enumerate(MONTH):  # one statement per booking day
            lines += [":20:STARTUMSE", ":25:70050000/0012345678", f":28C:{k + 41:05d}/001"]
            lines.append(f":60F:{'C' if balance >= 0 else 'D'}{day:%y%m%d}EUR{self.amount(abs(balance))}")
            for c in [c for c in credits if c.day == day]:
                c.where, mark = (path.name, len(lines) + 1), "C" if c.amount > 0 else "D"
                bank_ref = f"{day:%y%m%d}{self.rng.randint(10**9, 10**10 - 1)}"
                lines.append(f":61:{day:%y%m%d}{day:%m%d}{mark}R{self.amount(abs(c.amount))}NTRFNONREF//{bank_ref}")
                c.text = self.n86(c)
                text = ":86:" + c.text
                while text:  # wrap at 65 characters; a line never starts with ':' or '-'
                    n = 65
                    while n < len(text) and text[n] in ":-":
                        n -= 1
                    lines.append(text[:n])
                    text = text[n:]
                balance += c.amount
            lines += [f":62F:{'C' if balance >= 0 else 'D'}{day:%y%m%d}EUR{self.amount(abs(balance))}", "-"]
        path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
        return [path]

    def write_ledger(self, invoices: list[Invoice], out: Path) -> Path:
        import openpyxl

        path, wb = out / "offene-posten.xlsx", openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        head = "Invoice No|Customer|Customer No|Invoice Date|Due Date|Invoice Amount|Open Amount|Currency".split("|")
        for row in (["Offene Posten Debitoren per 31.03.2026"], [], head):
            ws.append(row)
        for inv in invoices:
            number = int(inv.number) if inv.number.isdigit() else inv.number
            due = inv.issued + dt.timedelta(days=14)
            ws.append([number, inv.customer.name, int(inv.customer.code), inv.issued, due, inv.total, inv.open, "EUR"])
            for cell in ws[ws.max_row][3:7]:
                cell.number_format = "DD.MM.YYYY" if cell.column < 6 else "#,##0.00"
        wb.save(path)
        return path


def make_ledger(st: UK | DE) -> tuple[list[Customer], list[Invoice]]:
    r, customers, seen = st.rng, [], set()
    while len(customers) < 250:
        base = st.base_name()
        if base in seen:
            continue
        seen.add(base)
        customers.append(c := Customer(f"{base} {st.choice('forms')}", st.account()))
        if len(customers) <= 24 and len(customers) % 2:  # twelve pairs of names differing by legal form or a word
            form = c.name[len(base) + 1 :]
            other = r.choice([f for f in st.texts["forms"].split("|") if f != form])
            c.twin = Customer(r.choice([f"{base} {other}", f"{base} {st.choice('twin_words')} {form}"]), st.account())
            c.twin.twin = c
            customers.append(c.twin)
    r.shuffle(customers)
    invoices = []
    for i, c in enumerate(customers, start=1):
        c.code = st.code(i, c.name)
        for _ in range(r.choices(range(1, 9), [50, 45, 40, 35, 30, 20, 15, 15])[0]):
            issued = dt.date(2025, 11, 3) + dt.timedelta(days=r.randint(0, 137))
            if r.random() < 0.15:  # a round net amount plus VAT
                total = D(r.choice([150, 250, 300, 450, 500, 600, 750, 900, 1000, 1200, 1500, 2000])) * D(f"1.{st.vat}")
            else:
                total = money(r, *r.choices([(40, 400), (400, 2500), (2500, 9000), (9000, 26000)], [30, 40, 22, 8])[0])
            paid = pct(total, r.choice(["25", "40", "50"])) if r.random() < 0.05 else D(0)
            c.invoices.append(Invoice(c, issued, total.quantize(CENT), (total - paid).quantize(CENT)))
        invoices += c.invoices
    invoices.sort(key=lambda i: (i.issued, r.random()))
    st.numbering(invoices)
    return customers, invoices


def sums(invs: list[Invoice]) -> Counter[Decimal]:
    """How many subsets (1-5 invoices) of these invoices give each total."""
    return Counter(sum((i.open for i in subset), D(0)) for k in range(1, 6) for subset in combinations(invs, k))


def make_credits(st: UK | DE, customers: list[Customer], invoices: list[Invoice]) -> list[Credit]:
    r, credits = st.rng, []

    def family(c: Customer) -> list[Invoice]:
        return c.invoices + (c.twin.invoices if c.twin else [])

    def pick(n: int, unique: bool, custs: list[Customer]) -> list[Invoice] | None:
        for _ in range(400):
            c = r.choice(custs)
            free = [i for i in c.invoices if not i.used]
            chosen = r.sample(free, n) if len(free) >= n else []
            if chosen and (not unique or sums(family(c))[sum((i.open for i in chosen), D(0))] == 1):
                for i in chosen:
                    i.used = True
                return sorted(chosen, key=lambda i: i.number)
        return None

    def pay(kind: str, invs: list[Invoice], ref: str, amount: Decimal | None = None, **kw: str) -> None:
        days = [d for d in MONTH if d >= max(i.issued for i in invs) + dt.timedelta(days=3)] or MONTH[-1:]
        c, total = invs[0].customer, sum((i.open for i in invs), D(0))
        payer, truth = kw.pop("payer", None) or st.payer(c), tuple(i.number for i in invs)
        amount = total if amount is None else amount
        credits.append(Credit(kind, amount, r.choice(days), payer, ref, truth, c.account, **kw))

    for _ in range(KINDS["same-amount"] // 2):  # two customers with an invoice of the same amount, both paying
        pair = None
        while pair is None:
            a, b = r.sample(customers, 2)
            ia = [i for i in a.invoices if not i.used and i.open == i.total]
            ib = [i for i in b.invoices if not i.used and i.open == i.total]
            if a.twin is not b and ia and ib:
                x, y, amount = r.choice(ia), r.choice(ib), money(r, 200, 6000)
                x.total = x.open = y.total = y.open = amount
                pair = (x, y) if sums(family(a))[amount] == sums(family(b))[amount] == 1 else None
        for inv in pair:
            inv.used = True
            pay("same-amount", [inv], st.cite(inv) if r.random() < 0.3 else st.fill("noref", c=inv.customer))
    unique_kinds = ("name-only", "multi-ref", "multi-noref", "twins", "typo-ref", "ref-cut")
    for kind, count in KINDS.items():
        made = 0
        while made < count and kind != "same-amount":
            made += 1
            if kind == "non-customer":
                note, payer, ref = st.fill("nc").split(";")
                amount = money(r, 20, 40 if note == "interest" else 3000)
                amount = r.choice(invoices).open if r.random() < 0.35 else amount
                credits.append(Credit(kind, amount, r.choice(MONTH), payer, ref, account=st.account(), note=note))
                continue
            n = r.choice([2, 2, 3, 4]) if kind == "multi-ref" else 2 if kind == "multi-noref" else 1
            invs = pick(n, kind in unique_kinds, [c for c in customers if c.twin] if kind == "twins" else customers)
            if invs is None:
                continue
            inv, amount, kw = invs[0], None, {}
            ref: str | None = st.cite(inv)
            if kind in ("name-only", "multi-noref", "twins"):
                ref = ref if kind == "twins" and r.random() < 0.3 else st.fill("noref", c=inv.customer)
            elif kind == "multi-ref":
                ref = st.cite_many(invs)
            elif kind == "partial":
                ref, amount = st.fill("partial", inv), r.choice([pct(inv.open, "50"), pct(inv.open, "33.33")])
            elif kind == "short":
                ref, amount, kw["note"] = st.short(inv)
            elif kind == "overpay":
                ref, amount, kw["note"] = st.overpay(inv)
            elif kind == "typo-ref":
                ref, kw["note"] = st.typo(inv, invoices)
            elif kind == "third-party":
                kw["payer"] = st.fill("third", inv).translate(SWIFT)
                ref = st.fill("third_ref", inv).translate(SWIFT) if r.random() < 0.4 else ref
                kw["ultimate"] = inv.customer.name.translate(SWIFT) if isinstance(st, DE) and r.random() < 0.5 else ""
            elif kind == "ref-cut" and isinstance(st, UK):  # ref-cut: the 18 characters end inside the number
                ref = st.ref_cut(inv)
            elif kind == "ref-cut":  # eref-only: the payer's ERP put the number in the end-to-end reference only
                kw["kind"], kw["eref"] = "eref-only", r.choice([inv.number, inv.number.replace("-", "")])
                ref = r.choice(["Zahlung", f"Zahllauf {r.choice(MONTH):%d%m%Y}", "Avis"])
            if ref is None:
                inv.used, made = False, made - 1
                continue
            pay(kw.pop("kind", kind), invs, ref, amount, **kw)
    for payer, ref in (st.fill("debit").split(";") for _ in range(30)):
        credits.append(Credit("debit", -money(r, 30, 4000), r.choice(MONTH), payer, ref, account=st.account()))
    r.shuffle(credits)
    return credits


def run(args: argparse.Namespace) -> None:
    rng = random.Random(f"bench_match_csvfiles:{args.style}:{args.seed}")
    st = UK(rng, args.seed) if args.style == "uk" else DE(rng, args.seed)
    customers, invoices = make_ledger(st)
    credits = make_credits(st, customers, invoices)
    with tempfile.TemporaryDirectory(prefix="arsync-csvfiles-") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        banks, ledger = st.write_bank(credits, out), st.write_ledger(invoices, out)
        truth = [{**dataclasses.asdict(c), "amount": str(c.amount), "day": str(c.day)} for c in credits]
        (out / "truth.json").write_text(json.dumps(truth, indent=1))
        exe = Path(sys.executable).with_name("arsync")
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "arsync"]
        cmd += ["--config", str(args.config.resolve())] if args.config else []
        cmd += ["match", *[a for b in banks for a in ("--bank", str(b))], "--ledger", str(ledger), "--json"]
        env = {k: v for k, v in os.environ.items() if k not in ("ARSYNC_CONFIG", "ARSYNC_STATE_URL")}
        env["ARSYNC_STATE_URL"] = f"sqlite:///{Path(tmp) / 'state.db'}"
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp, env=env, check=False)
    print(f"$ arsync {' '.join(a if a.startswith('-') else Path(a).name for a in cmd[1:])}  (exit {proc.returncode})")
    if args.keep:
        (args.keep / "match.json").write_text(proc.stdout)
    if proc.returncode != 0:
        print(f"the CLI refused the files:\n{proc.stderr.strip()}")
        return
    print(f"style {args.style} seed {args.seed}: {len(customers)} customers, {len(invoices)} open invoices")
    score(json.loads(proc.stdout), credits, args.show)


def score(doc: dict[str, Any], credits: list[Credit], show: str | None) -> None:
    decided = {(Path(m["bank"]["file"]).name, m["bank"]["line"]): m for m in doc["matches"] + doc["unmatched_bank"]}
    rows: dict[str, Counter[str]] = {}
    wrong, missing, lines = [], [], [c for c in credits if c.amount > 0]
    for c in lines:
        m, row = decided.get(c.where), rows.setdefault(c.kind, Counter())
        row["n"] += 1
        if m is None:
            missing.append(c)
            continue
        got = tuple(sorted(i["number"] for i in m.get("invoices", [])))
        right = bool(c.truth) and got == tuple(sorted(c.truth))
        if m["decision"] == "auto":
            row["auto ok" if right else "AUTO WRONG"] += 1
            wrong += [] if right else [(c, m)]
        elif m["decision"] == "suggest" and got:
            row["sugg ok" if right else "sugg bad"] += 1
        else:
            row["unmatched"] += 1
        if show == c.kind:
            print(describe(c, m))
    total, nc = sum(rows.values(), Counter[str]()), rows["non-customer"]
    payable, payable_autos = total["n"] - nc["n"], total["auto ok"] + total["AUTO WRONG"] - nc["AUTO WRONG"]
    print(f"  {len(lines)} credits ({payable} payable, {nc['n']} non-customer), "
          f"{len(credits) - len(lines)} debits; the CLI's summary {doc['summary']}")  # fmt: skip
    print(f"  auto {total['auto ok'] + total['AUTO WRONG']}  wrong autos {total['AUTO WRONG']}  auto rate "
          f"{payable_autos / payable:.1%} of payable lines  suggest right {total['sugg ok']} "
          f"wrong {total['sugg bad']} (on non-customer credits {nc['sugg bad']})  unmatched {total['unmatched']} "
          f"(payable {total['unmatched'] - nc['unmatched']})  missing from the output {len(missing)}")  # fmt: skip
    cols = ["n", "auto ok", "AUTO WRONG", "sugg ok", "sugg bad", "unmatched"]
    print(f"  {'kind':<14}" + "".join(f"{h:>11}" for h in cols))
    for kind in sorted(rows):
        print(f"  {kind:<14}" + "".join(f"{rows[kind][h]:>11}" for h in cols))
    for c, m in wrong:
        print("WRONG AUTO " + describe(c, m))
    for c in missing:
        print(f"MISSING from the output: {c.where} {c.kind} {c.amount} {c.text!r}")


def describe(c: Credit, m: dict[str, Any] | None) -> str:
    m = m or {"decision": "missing"}
    alts = m.get("alternatives", [])
    best = m if m.get("reasons") or not alts else alts[0]  # an unmatched line explains itself by its closest fit
    reasons = "; ".join(f"{x['feature']} {x['weight']:+g}: {x['detail']}" for x in best.get("reasons", []))
    got = [f"{i['number']}={i['applied']}" for i in m.get("invoices", [])]
    alts_text = [[i["number"] for i in a.get("invoices", [])] for a in alts]
    note = f" ({c.note})" if c.note else ""
    return (f"[{c.kind}] {c.where[0]}:{c.where[1]} {c.amount} {c.text!r}{note}\n    -> {m['decision']} {got} "
            f"score {m.get('score')}  truth {list(c.truth)}  alternatives {alts_text}\n"
            f"    reasons{'' if best is m else ' (closest fit)'}: {reasons}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--style", choices=["uk", "mt940-de"], default="uk")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--show", metavar="KIND", help="print every line of this kind with the matcher's reasons")
    parser.add_argument("--config", type=Path, help="an arsync config file to run the matcher with")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
