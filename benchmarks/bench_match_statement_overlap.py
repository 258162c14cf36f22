"""Cash application over overlapping statement downloads: three months of one US business's bank account.

Run:  .venv/bin/python benchmarks/bench_match_statement_overlap.py [--style csv|ofx|camt|mixed] [--seed N]
      [--keep DIR] [--show KIND|missed|wrong|dup]

Per seed it writes (answers known only here) ``ledger.csv``, a plain open-invoice list (~300 invoices of 80
customers), and the statements a bookkeeper downloads for January to March 2026, overlapping the way people
download them:

* ``csv``: Chase monthly CSVs plus "last 30 days" activity exports (arsync's generic CSV with a status column) that
  overlap a month by 1-3 weeks and list the last days' credits as ``pending``, posted later in the next file;
* ``ofx``: monthly QFX files plus "last 30 days" QFX downloads with the same FITIDs;
* ``camt``: monthly camt.053 statements, an ad-hoc camt.053 over the last 30 days and camt.052 intraday reports
  with ``PDNG`` entries that the next day's statements book (``BOOK``), some with the same ``AcctSvcrRef``;
* ``mixed``: January as Chase CSV, February as QFX plus a CSV activity export of the same account (other text, no
  ids), March as camt.053 plus camt.052 reports and a QFX "last 30 days" download.

Every style has two genuinely identical payments on one day (same customer, amount and text: both real), a
deposit returned (NSF) in the month after its file, and a wrong deposit the bank reverses. The checks:

1. ``arsync bank parse FILE... --json``: each real transaction kept exactly once, each other copy reported as a
   duplicate, near duplicate or skipped row with a reason, both identical payments kept, pending rows replaced by
   their booked versions. Every transaction counted twice or lost is printed.
2. ``arsync match --bank ... --ledger ledger.csv --json --state-url sqlite:///DIR/state.db`` over all files: no
   money applied twice, no allocation from a duplicate, no pending credit ``auto``, no returned or reversed
   deposit ``auto`` while its return is in the files; autos right / wrong (wrong ones printed), auto rate,
   suggestions, unmatched.
3. ``arsync match`` again over February's files and then March's, with the same state store: what happens to lines
   an earlier run already decided (the state store is read and compared before and after).

``--show KIND|missed|wrong|dup`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import bisect
import csv
import json
import random
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchscore import ARSYNC, arguments, label, match, match_cmd, reasons, run, workdir

START, END = date(2026, 1, 2), date(2026, 3, 31)
OURS = "BRIGHTLINE SUPPLY CO"
ACCOUNT = "000123456789"
OPENING = Decimal("48210.55")
STYLES = ("csv", "ofx", "camt", "mixed")
PAYABLE = ("ref", "name", "multi", "twin", "retainer")  # credits a customer paid and nothing took back: auto is the aim
NEVER_AUTO = ("returned", "wrong_deposit", "pending_only", "noncustomer")
WORDS = "Apex Birch Cobalt Delta Ember Falcon Granite Harbor Iron Juniper Keystone Lakeside Meridian Northgate Oakridge"
WORDS += " Pinnacle Quarry Redwood Summit Tidewater Union Vantage Westfield Yellowstone Zenith Atlas Beacon Cedar"
WORDS += " Driftwood Evergreen Foxhill Greystone Highland Ironwood Jetstream Kingsley Lighthouse Maplewood Nightingale"
TRADES = "Dental|Logistics|Builders|Roofing|Electric|Plumbing|Foods|Printing|Veterinary|Motors|Surveying|Cabinetry"
TRADES += "|Coffee Roasters|Brewing|Equipment Rental|Freight|Landscaping|Medical Group|Engineering|Hardware"
FORMS = ["Inc", "LLC", "Corp", "Co", "Inc.", "LLC", "Holdings LLC", "& Sons Inc"]
BANKS = [("WELLS FARGO BANK, N.A.", "121000248"), ("BANK OF AMERICA, N.A.", "026009593"), ("PNC BANK", "043000096")]


@dataclass
class Cust:
    cid: str
    name: str
    invoices: list[Inv] = field(default_factory=list)


@dataclass
class Inv:
    number: str
    cust: Cust
    issued: date
    amount: Decimal
    used: bool = False


@dataclass
class Txn:
    tid: int
    kind: str  # credits: ref name multi twin returned wrong_deposit noncustomer pending_only; else debit
    day: date  # the booking (posting) date
    amount: Decimal
    payer: str = ""  # as the bank writes it
    ref: str = ""  # what the payer wrote
    channel: str = "ach"  # ach, wire, twin, fixed (text below), return, reversal
    truth: list[tuple[str, ...]] | None = None  # acceptable invoice sets; None: no customer's payment
    pend: date | None = None  # shown as pending on this date by files made before `day`
    pair: int | None = None  # a return / reversal: the deposit it takes back; a deposit: its return
    text: str = ""
    trace: str = ""
    balance: Decimal = Decimal(0)

    @property
    def credit(self) -> bool:
        return self.amount > 0


@dataclass
class BankFile:
    name: str
    fmt: str  # chase, generic, ofx, camt053, camt052
    start: date
    end: date
    rows: list[tuple[int, int, bool]] = field(default_factory=list)  # (first physical line, tid, pending)

    @property
    def month(self) -> int:
        return min(self.end.month, 3)


def money(d: Decimal) -> str:
    return f"{d:.2f}"


class World:
    def __init__(self, seed: int, style: str) -> None:
        self.r = random.Random(f"{style}-{seed}")
        self.style = style
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.txns: list[Txn] = []
        self.files: list[BankFile] = []
        self.l2 = date(2026, 2, self.r.randint(8, 21))  # the "last 30 days" downloads
        self.l3 = date(2026, 3, self.r.randint(8, 21))
        self.a4 = date(2026, 4, 1)

    # ---------------------------------------------------------------- ledger
    def ledger(self) -> None:
        r, names = self.r, set()
        while len(self.custs) < 80:
            name = f"{r.choice(WORDS.split())} {r.choice(TRADES.split('|'))} {r.choice(FORMS)}"
            core = " ".join(name.split()[:2])
            if core not in names:
                names.add(core)
                self.custs.append(Cust(f"C{len(self.custs) + 1:04d}", name))
        for c in self.custs:
            for _ in range(r.choice([2, 3, 3, 4, 4, 5, 6])):
                issued = date(2025, 10, 1) + timedelta(days=r.randint(0, 165))
                c.invoices.append(Inv("", c, issued, Decimal(r.randint(12000, 950000)) / 100))
        for c in self.custs[:3]:  # monthly retainers of one amount: identical same-day payments pay them
            fee = Decimal(r.choice([1250, 1800, 2400])) + Decimal(r.randint(0, 99)) / 100
            c.invoices += [Inv("", c, date(2025, 12, 1), fee), Inv("", c, date(2026, 1, 2), fee)]
        self.invs = sorted((i for c in self.custs for i in c.invoices), key=lambda i: (i.issued, i.cust.cid))
        for n, inv in enumerate(self.invs, start=1001):
            inv.number = f"INV-{n}"

    def unique(self, inv: Inv) -> bool:
        return sum(i.amount == inv.amount for i in inv.cust.invoices) == 1

    def free(self, day: date, cust: Cust | None = None, unique: bool = False) -> Inv:
        pool = cust.invoices if cust else self.invs
        for _ in range(3000):
            inv = self.r.choice(pool)
            if not inv.used and inv.issued <= day - timedelta(days=3) and (not unique or self.unique(inv)):
                if cust is None and inv.cust in self.custs[:3]:
                    continue
                inv.used = True
                return inv
        raise RuntimeError("ran out of invoices")

    # ---------------------------------------------------------------- bank activity
    def add(self, kind: str, day: date, amount: Decimal, **kw: Any) -> Txn:
        t = Txn(len(self.txns) + 1, kind, day, amount, **kw)
        t.trace = f"{self.r.randint(10**14, 10**15 - 1)}"
        self.txns.append(t)
        return t

    def payer(self, c: Cust) -> str:
        name = c.name.upper().replace(".", "")
        return name if self.r.random() < 0.6 else " ".join(w for w in name.split() if w not in ("INC", "LLC", "CO"))

    def day(self, lo: date = START, hi: date = END) -> date:
        return lo + timedelta(days=self.r.randint(0, (hi - lo).days))

    def reftext(self, invs: list[Inv]) -> str:
        ds = [i.number[4:] for i in invs]
        if len(ds) > 1:
            return self.r.choice(["INV " + "/".join(ds), "INV " + ", ".join(ds), " ".join(f"INV-{d}" for d in ds)])
        return self.r.choice(["INV {}", "INV-{}", "INVOICE {}", "PMT INV{}", "INV#{}", "Invoice {}"]).format(ds[0])

    def activity(self) -> None:
        r = self.r
        for _ in range(58):
            day = self.day()
            inv = self.free(day)
            channel = r.choice(["ach", "ach", "ach", "wire"])
            self.add("ref", day, inv.amount, payer=self.payer(inv.cust), ref=self.reftext([inv]), channel=channel,
                     truth=[(inv.number,)])  # fmt: skip
        for _ in range(22):
            day = self.day()
            inv = self.free(day, unique=True)
            self.add("name", day, inv.amount, payer=self.payer(inv.cust), truth=[(inv.number,)])
        for _ in range(8):
            day = self.day()
            c = r.choice(self.custs[2:])
            avail = [i for i in c.invoices if not i.used and i.issued <= day - timedelta(days=3)]
            if len(avail) < 2:
                continue
            picked = sorted(r.sample(avail, 2), key=lambda i: i.number)
            for i in picked:
                i.used = True
            amount = sum((i.amount for i in picked), Decimal(0))
            self.add("multi", day, amount, payer=self.payer(c), ref=self.reftext(picked),
                     truth=[tuple(i.number for i in picked)])  # fmt: skip
        # two genuinely identical payments on one day, inside an overlap of two downloads
        for c, (lo, hi) in zip(self.custs[:2], [(self.l2 - timedelta(days=28), date(2026, 1, 30)),
                                                (self.l3 - timedelta(days=27), date(2026, 2, 27))]):  # fmt: skip
            day, pair = self.day(lo, hi), c.invoices[-2:]
            for i in pair:
                i.used = True
            truth = [(pair[0].number,), (pair[1].number,)]
            payer = c.name.upper().replace(".", "")
            for _ in range(2):
                self.add("twin", day, pair[0].amount, payer=payer, ref="RETAINER", channel="twin", truth=truth)
        # one payment of a customer with two retainer invoices of one amount, where two downloads overlap: a copy
        # of it that survives de-duplication could pay the other retainer invoice
        c = self.custs[2]
        pair = c.invoices[-2:]
        truth = [(pair[0].number,), (pair[1].number,)]
        day = self.day(date(2026, 2, 2), self.l2 - timedelta(days=2))
        self.add("retainer", day, pair[0].amount, payer=c.name.upper().replace(".", ""), truth=truth)
        # deposits returned NSF in the month after their file
        for lo, hi, back in [(date(2026, 1, 21), date(2026, 1, 29), (3, 12)), (date(2026, 2, 19), date(2026, 2, 26),
                                                                               (5, 12))]:  # fmt: skip
            day = self.day(lo, hi)
            inv = self.free(day)
            dep = self.add("returned", day, inv.amount, payer=self.payer(inv.cust), ref=self.reftext([inv]),
                           truth=[(inv.number,)])  # fmt: skip
            ret_day = date(day.year, day.month + 1, 1) + timedelta(days=r.randint(*back))
            ret = self.add("debit", ret_day, -inv.amount, payer=dep.payer, channel="return", pair=dep.tid)
            dep.pair = ret.tid
        # a wrong deposit (a customer's money sent to us in error) that the bank reverses a few days later
        day = self.day(date(2026, 2, 2), date(2026, 3, 20))
        inv = self.free(day, unique=True)
        inv.used = False  # the invoice stays open: nobody paid it
        dep = self.add("wrong_deposit", day, inv.amount, payer=self.payer(inv.cust), ref="PAYMENT")
        rev = self.add("debit", day + timedelta(days=r.randint(2, 6)), -inv.amount, payer=dep.payer,
                       channel="reversal", pair=dep.tid)  # fmt: skip
        dep.pair = rev.tid
        for text in ["INTEREST PAYMENT", "ONLINE TRANSFER FROM SAV ...5521 TRANSACTION#: {n}", "IRS TREAS 310 TAX REF",
                     "ONLINE TRANSFER FROM SAV ...5521 TRANSACTION#: {n}", "MERCHANT BNKCD DEPOSIT {n}",
                     "INTEREST PAYMENT", "HARTFORD INS REFUND {n}", "IRS TREAS 310 TAX REF"]:  # fmt: skip
            small = text.startswith("INTEREST")
            amount = Decimal(r.randint(300, 9000) if small else r.randint(20000, 900000)) / 100
            if not small and r.random() < 0.5:  # tempting: an open invoice's amount
                amount = r.choice(self.invs).amount
            self.add("noncustomer", self.day(), amount, channel="fixed", text=text.format(n=r.randint(10**9, 10**10)))
        for k in range(36):
            text = ["ADP PAYROLL FEES ADP - FEES", "PAYROLL ADP WAGE PAY", "LEASE PMT OAKRIDGE PROPERTIES",
                    "CARD PURCHASE STAPLES 00123", "CHASE CREDIT CRD AUTOPAY", "COMCAST BUSINESS"][k % 6]  # fmt: skip
            self.add("debit", self.day(), -Decimal(r.randint(2500, 1800000)) / 100, channel="fixed", text=text)

    # ---------------------------------------------------------------- files
    def plan(self) -> None:
        months = [(date(2026, m, 1), date(2026, m + 1, 1) - timedelta(days=1)) for m in (1, 2, 3)]
        l2, l3, a4 = self.l2, self.l3, self.a4
        last30 = lambda d: d - timedelta(days=30)  # noqa: E731
        r = self.r
        f = self.files
        if self.style == "csv":
            f += [BankFile(f"chase_2026-{s.month:02d}.csv", "chase", s, e) for s, e in months]
            f += [BankFile(f"activity_{d}.csv", "generic", last30(d), d) for d in (l2, l3)]
            f.append(BankFile(f"activity_{a4}.csv", "generic", date(2026, 3, 18), a4))
        elif self.style == "ofx":
            f += [BankFile(f"stmt_2026-{s.month:02d}.qfx", "ofx", s, e) for s, e in months]
            f += [BankFile(f"last30_{d}.qfx", "ofx", last30(d), d) for d in (l2, l3)]
            f.append(BankFile(f"recent_{a4}.qfx", "ofx", date(2026, 3, 18), a4))
        elif self.style == "camt":
            f += [BankFile(f"camt053_2026-{s.month:02d}.xml", "camt053", s, e) for s, e in months]
            f.append(BankFile(f"camt053_adhoc_{l2}.xml", "camt053", last30(l2), l2))
            days = [date(2026, 1, r.randint(8, 28)), date(2026, 2, r.randint(2, 25)), l3, date(2026, 3, 31)]
            f += [BankFile(f"camt052_{d}.xml", "camt052", d, d) for d in days]
        else:
            f.append(BankFile("chase_2026-01.csv", "chase", *months[0]))
            f.append(BankFile("stmt_2026-02.qfx", "ofx", *months[1]))
            f.append(BankFile(f"activity_{l2}.csv", "generic", last30(l2), l2))
            f.append(BankFile("camt053_2026-03.xml", "camt053", *months[2]))
            f += [BankFile(f"camt052_{d}.xml", "camt052", d, d) for d in (date(2026, 3, r.randint(2, 20)), END)]
            f.append(BankFile(f"last30_{l3}.qfx", "ofx", last30(l3), l3))
        # credits booked in the next three days show as pending in a file that can show pending entries
        for bf in f:
            if bf.fmt not in ("generic", "camt052"):
                continue
            soon = [t for t in self.txns if t.kind in ("ref", "name") and bf.end < t.day <= bf.end + timedelta(days=3)]
            for t in r.sample([t for t in soon if t.pend is None], min(3, len(soon))):
                t.pend = bf.end - timedelta(days=r.choice([0, 0, 1]))
            if bf.end >= END:  # pending at the end of the quarter: posted after every file given
                for _ in range(2):
                    day = bf.end + timedelta(days=r.randint(1, 2))
                    inv = self.free(day)
                    self.add("pending_only", day, inv.amount, payer=self.payer(inv.cust), ref=self.reftext([inv]),
                             truth=[(inv.number,)], pend=bf.end)  # fmt: skip
        balance = OPENING
        for t in sorted(self.txns, key=lambda t: (t.day, t.tid)):
            balance += t.amount
            t.balance = balance

    def entries(self, bf: BankFile) -> list[tuple[Txn, bool]]:
        booked = [(t, False) for t in self.txns if bf.start <= t.day <= bf.end and t.day <= END]
        if bf.fmt in ("generic", "camt052"):
            lo = bf.start - timedelta(days=2) if bf.fmt == "camt052" else bf.start
            booked += [(t, True) for t in self.txns if t.pend and lo <= t.pend <= bf.end < t.day]
        return sorted(booked, key=lambda x: (x[0].pend if x[1] else x[0].day, x[0].tid))

    # ---------------------------------------------------------------- texts per format
    def chase(self, t: Txn) -> tuple[str, str, str]:
        d = t.day
        if t.channel == "fixed":
            kind = "ACH_DEBIT" if t.amount < 0 else "MISC_CREDIT" if "DEPOSIT" not in t.text else "DEPOSIT"
            return ("DEBIT" if t.amount < 0 else "CREDIT"), t.text, kind
        if t.channel == "return":
            return "DEBIT", f"DEPOSITED ITEM RETURNED NSF {t.payer[:16]} RETURNED ITEM {t.trace[:8]}", "MISC_DEBIT"
        if t.channel == "reversal":
            return "DEBIT", f"REVERSAL OF ACH CREDIT ORIG CO NAME:{t.payer[:16]} TRACE#:{t.trace}", "MISC_DEBIT"
        if t.channel == "twin":
            return "CREDIT", f"{t.payer} {t.ref} PAYMENT", "ACH_CREDIT"
        if t.channel == "wire":
            bank, aba = BANKS[int(t.trace) % 3]
            return (
                "CREDIT",
                (
                    f"FEDWIRE CREDIT VIA: {bank}/{aba} B/O: {t.payer} REF: CHASE NYC/CTR/BNF={OURS} NEW YORK NY "
                    "10017-4021 "
                    f"/AC-000000004521 RFB=O/B {bank.split()[0]} OBI={t.ref} IMAD: {d:%m%d}MMQFMP{t.trace[:6]} "
                    f"TRN: {t.trace[:10]}FF"
                ),
                "WIRE_INCOMING",
            )
        ind = t.ref[:15] if t.ref else ""
        return (
            "CREDIT",
            (
                f"ORIG CO NAME:{t.payer[:16]} ORIG ID:{t.trace[:10]} DESC DATE:{d:%y%m%d} CO ENTRY DESCR:PAYMENT "
                f"SEC:CCD TRACE#:{t.trace} EED:{d:%y%m%d} IND ID:{ind} IND NAME:{OURS} TRN: {t.trace[4:14]}TC"
            ),
            "ACH_CREDIT",
        )

    def ofx(self, t: Txn) -> tuple[str, str, str]:
        if t.channel == "fixed":
            kind = "INT" if t.text.startswith("INTEREST") else "DEBIT" if t.amount < 0 else "CREDIT"
            return kind, t.text[:32], t.text
        if t.channel == "return":
            return "DEBIT", "RETURNED ITEM", f"NSF RETURN {t.payer} {t.trace[:8]}"
        if t.channel == "reversal":
            return "DEBIT", "REVERSAL ACH CREDIT", f"REVERSAL {t.payer}"
        if t.channel == "twin":
            return "DIRECTDEP", t.payer[:32], f"ACH {t.ref}"
        if t.channel == "wire":
            return "CREDIT", "WIRE TRANSFER IN", f"B/O {t.payer} OBI {t.ref}".strip()
        return "DIRECTDEP", t.payer[:32], f"ACH CREDIT PAYMENT {t.ref}".strip()

    def camt(self, t: Txn) -> tuple[str, str, str, str, bool]:  # domain, party, unstructured, additional, reversal
        if t.channel == "fixed":
            code = "PMNT/RCDT/ESCT" if t.amount > 0 else "PMNT/ICDT/ESCT"
            return code, "", t.text, t.text, False
        if t.channel == "return":
            return "PMNT/RCDT/RRTN", t.payer, f"RETURNED ITEM NSF {t.trace[:8]}", "RETURNED ITEM", False
        if t.channel == "reversal":
            return "PMNT/RCDT/ESCT", t.payer, "REVERSAL OF CREDIT POSTED IN ERROR", "REVERSAL", True
        sub = "XBCT" if t.channel == "wire" else "ESCT"
        return (
            f"PMNT/RCDT/{sub}",
            t.payer.title(),
            t.ref or "PAYMENT",
            "WIRE IN" if sub == "XBCT" else "ACH CREDIT",
            False,
        )

    # ---------------------------------------------------------------- writers
    def write(self, out: Path) -> None:
        with (out / "ledger.csv").open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["Invoice No", "Customer", "Customer ID", "Invoice Date", "Due Date", "Currency", "Total",
                        "Amount Due", "Email"])  # fmt: skip
            for inv in self.invs:
                slug = "".join(ch for ch in inv.cust.name.lower() if ch.isalnum())[:16]
                w.writerow([inv.number, inv.cust.name, inv.cust.cid, inv.issued, inv.issued + timedelta(days=30),
                            "USD", money(inv.amount), money(inv.amount), f"ap@{slug}.example"])  # fmt: skip
        for bf in self.files:
            getattr(self, f"write_{bf.fmt}")(bf, out / bf.name, self.entries(bf))
            bf.rows.sort()

    def write_chase(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]]) -> None:
        lines = ["Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #"]
        for t, _ in reversed(rows):  # newest first, as Chase writes it
            details, desc, kind = self.chase(t)
            bf.rows.append((len(lines) + 1, t.tid, False))
            lines.append(
                csv_line([details, f"{t.day:%m/%d/%Y}", desc, money(t.amount), kind, money(t.balance), "", ""])
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write_generic(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]]) -> None:
        lines = ["date,amount,currency,description,status,balance"]
        for t, pending in reversed(rows):
            desc = self.chase(t)[1]
            if pending:  # the hold the bank shows before it posts: other text, no balance
                desc = f"ACH CREDIT PENDING {t.payer} {t.ref}".strip()
            bf.rows.append((len(lines) + 1, t.tid, pending))
            day = t.pend if pending else t.day
            status, bal = ("pending", "") if pending else ("posted", money(t.balance))
            lines.append(csv_line([f"{day}", money(t.amount), "USD", desc, status, bal]))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write_ofx(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]]) -> None:
        lines = [
            "OFXHEADER:100", "DATA:OFXSGML", "VERSION:102", "SECURITY:NONE", "ENCODING:USASCII", "CHARSET:1252",
            "COMPRESSION:NONE", "OLDFILEUID:NONE", "NEWFILEUID:NONE", "", "<OFX>",
            "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>",
            f"<DTSERVER>{bf.end:%Y%m%d}120000[-5:EST]<LANGUAGE>ENG<FI><ORG>B1<FID>10898</FI><INTU.BID>10898",
            "</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>",
            f"<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>021000021<ACCTID>{ACCOUNT}<ACCTTYPE>CHECKING</BANKACCTFROM>",
            f"<BANKTRANLIST><DTSTART>{bf.start:%Y%m%d}<DTEND>{bf.end:%Y%m%d}",
        ]  # fmt: skip
        sgml = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")  # noqa: E731
        last = OPENING
        for t, _ in rows:
            kind, name, memo = self.ofx(t)
            bf.rows.append((len(lines) + 1, t.tid, False))
            fitid = f"{t.day:%Y%m%d}{t.tid:07d}"
            lines += ["<STMTTRN>", f"<TRNTYPE>{kind}", f"<DTPOSTED>{t.day:%Y%m%d}120000[-5:EST]",
                      f"<TRNAMT>{money(t.amount)}", f"<FITID>{fitid}", f"<NAME>{sgml(name)}"]  # fmt: skip
            lines += [f"<MEMO>{sgml(memo)}", "</STMTTRN>"] if memo != name else ["</STMTTRN>"]
            last = t.balance
        lines += ["</BANKTRANLIST>", f"<LEDGERBAL><BALAMT>{money(last)}<DTASOF>{bf.end:%Y%m%d}</LEDGERBAL>"]
        lines += ["</STMTRS></STMTTRNRS></BANKMSGSRSV1>", "</OFX>"]
        path.write_bytes("\r\n".join(lines).encode("cp1252"))

    def write_camt053(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]]) -> None:
        self.write_camt(bf, path, rows, "053")

    def write_camt052(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]]) -> None:
        self.write_camt(bf, path, rows, "052")

    def write_camt(self, bf: BankFile, path: Path, rows: list[tuple[Txn, bool]], msg: str) -> None:
        root, block = ("BkToCstmrStmt", "Stmt") if msg == "053" else ("BkToCstmrAcctRpt", "Rpt")
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{msg}.001.02">',
            f"<{root}><GrpHdr><MsgId>MSG{msg}{bf.end:%Y%m%d}{bf.start:%m%d}</MsgId>",
            f"<CreDtTm>{bf.end}T18:00:00</CreDtTm></GrpHdr>",
            f"<{block}><Id>{msg}-{bf.start}-{bf.end}</Id><CreDtTm>{bf.end}T18:00:00</CreDtTm>",
            f"<FrToDt><FrDtTm>{bf.start}T00:00:00</FrDtTm><ToDtTm>{bf.end}T23:59:59</ToDtTm></FrToDt>",
            f"<Acct><Id><Othr><Id>{ACCOUNT}</Id></Othr></Id><Ccy>USD</Ccy></Acct>",
        ]
        for t, pending in rows:
            code, party, ustrd, addtl, reversal = self.camt(t)
            d, sts = (t.pend, "PDNG") if pending else (t.day, "BOOK")
            assert d is not None
            ref = f"<AcctSvcrRef>{t.day:%Y%m%d}{t.tid:07d}</AcctSvcrRef>" if not pending or t.tid % 2 else ""
            bookg = "" if pending and t.tid % 3 == 0 else f"<BookgDt><Dt>{d}</Dt></BookgDt>"
            domn, fmly, sub = code.split("/")
            role = "Dbtr" if t.amount > 0 or t.channel in ("return", "reversal") else "Cdtr"
            parties = f"<RltdPties><{role}><Nm>{escape(party)}</Nm></{role}></RltdPties>" if party else ""
            bf.rows.append((len(lines) + 1, t.tid, pending))
            lines += [
                "<Ntry>",
                f'<Amt Ccy="USD">{money(abs(t.amount))}</Amt>',
                f"<CdtDbtInd>{'CRDT' if t.amount > 0 else 'DBIT'}</CdtDbtInd>"
                + ("<RvslInd>true</RvslInd>" if reversal else "")
                + f"<Sts>{sts}</Sts>{bookg}<ValDt><Dt>{d}</Dt></ValDt>{ref}",
                f"<BkTxCd><Domn><Cd>{domn}</Cd><Fmly><Cd>{fmly}</Cd><SubFmlyCd>{sub}</SubFmlyCd></Fmly></Domn></BkTxCd>",
                f"<NtryDtls><TxDtls><Refs><EndToEndId>E2E{t.trace[:12]}</EndToEndId></Refs>{parties}",
                f"<RmtInf><Ustrd>{escape(ustrd)}</Ustrd></RmtInf></TxDtls></NtryDtls>",
                f"<AddtlNtryInf>{escape(addtl)}</AddtlNtryInf>",
                "</Ntry>",
            ]
        lines += [f"</{block}></{root}></Document>"]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def csv_line(cells: list[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in (c.replace('"', '""') for c in cells))


# -------------------------------------------------------------------- running arsync
def timed_run(cmd: list[str], cwd: Path) -> tuple[int, Any, str, float]:
    """``run`` and the seconds it took."""
    t0 = time.monotonic()
    code, doc, err = run(cmd, cwd)
    return code, doc, err, time.monotonic() - t0


def match_args(files: list[str]) -> list[str]:
    """``arsync match``'s banks (``files``) and ledger; there is no arsync.yaml, so arsync's own lookup applies."""
    return [*(x for f in files for x in ("--bank", f)), "--ledger", "ledger.csv"]


class Index:
    """(file, physical line) as arsync reports it -> the row written there."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.by_file = {bf.name: bf for bf in world.files}
        self.tx = {t.tid: t for t in world.txns}

    def row(self, src: dict[str, Any]) -> tuple[int, bool] | None:
        bf = self.by_file.get(Path(src["file"]).name)
        if bf is None or not bf.rows:
            return None
        k = bisect.bisect_right([r[0] for r in bf.rows], int(src["line"])) - 1
        return None if k < 0 else (bf.rows[k][1], bf.rows[k][2])

    def where(self, tid: int) -> list[str]:
        return [
            f"{bf.name}:{ln}{' (pending)' if p else ''}" for bf in self.world.files for ln, t, p in bf.rows if t == tid
        ]

    def describe(self, tid: int) -> str:
        t = self.tx[tid]
        pend = f" pending from {t.pend}" if t.pend else ""
        return f"#{tid} {t.kind} {t.day} {money(t.amount)} {t.payer or t.text} {t.ref}{pend}".rstrip()


def src_name(s: dict[str, Any]) -> str:
    return f"{Path(s['file']).name}:{s['line']}"


def check_parse(world: World, ix: Index, out: Path, show: str) -> Counter[str]:
    """Each real transaction once; copies reported; pending replaced."""
    files = [bf.name for bf in world.files]
    code, doc, err, took = timed_run([str(ARSYNC), "bank", "parse", *files, "--json"], out)
    res: Counter[str] = Counter()
    if doc is None:
        print(f"PARSE: bank parse refused (exit {code}): {err.strip()}")
        res["refused"] = 1
        return res
    kept: dict[int, list[tuple[dict[str, Any], bool]]] = defaultdict(list)
    for t in doc["transactions"]:
        row = ix.row(t["source"])
        if row is None:
            print(f"PARSE: {src_name(t['source'])} read but never written: {t['description']!r}")
            res["invented"] += 1
            continue
        kept[row[0]].append((t, row[1]))
    accounted: set[str] = set()
    for d in doc.get("duplicates", []):
        accounted.add(src_name(d["dropped"]))
    near: dict[str, list[str]] = defaultdict(list)
    for d in doc.get("near_duplicates", []):
        near[src_name(d["first"])].append(f"{src_name(d['second'])}: {d.get('reason')}")
        near[src_name(d["second"])].append(f"{src_name(d['first'])}: {d.get('reason')}")
    for s in doc.get("skipped", []):
        accounted.add(src_name(s))
    print(f"bank parse ({took:.1f}s): {len(doc['transactions'])} transactions kept, {len(doc.get('duplicates', []))} "
          f"duplicates, {len(doc.get('near_duplicates', []))} near duplicates, {len(doc.get('skipped', []))} skipped; "
          f"formats {dict(Counter(f['format'] for f in doc.get('files', [])))}")  # fmt: skip
    for tid in sorted(ix.tx):
        t, where = ix.tx[tid], ix.where(tid)
        if not where:
            continue
        booked_rows = [w for w in where if not w.endswith("(pending)")]
        got = kept.get(tid, [])
        n_booked = sum(1 for tr, pend in got if not pend)
        n_pending = sum(1 for tr, pend in got if pend)
        problem = ""
        if booked_rows and n_booked == 0:
            problem = "LOST"
        elif booked_rows and n_booked > 1:
            problem = "COUNTED TWICE"
        elif booked_rows and n_pending:
            problem = "PENDING KEPT BESIDE ITS BOOKED LINE"
        elif not booked_rows and n_pending > 1:
            problem = "PENDING COUNTED TWICE"
        for tr, _ in got:
            if Decimal(tr["amount"]) != t.amount:
                problem += f" amount read {tr['amount']}"
        rows_kept = {src_name(tr["source"]) for tr, _ in got}
        silent = [w for w in where if w.split(" ")[0] not in rows_kept | accounted and not near.get(w.split(" ")[0])]
        if silent:
            problem += f" DROPPED WITHOUT A REASON {silent}"
        if t.kind == "twin":
            res["twins kept"] += n_booked == 1
        if t.pend and booked_rows:
            res["pending then booked"] += 1
            res["pending replaced"] += n_booked == 1 and not n_pending
        if t.kind == "pending_only":
            res["pending only"] += 1
            res["pending only kept as pending line"] += n_pending
        if not problem:
            res["once"] += 1
            if show == "dup" and len(where) > 1:
                print(f"  ok {ix.describe(tid)}: rows {where}")
            continue
        res[problem.split(" amount")[0].split(" DROPPED")[0].strip() or "dropped without a reason"] += 1
        print(f"PARSE {problem.strip()}: {ix.describe(tid)}\n    rows written: {where}")
        for tr, _ in got:
            s = src_name(tr["source"])
            print(f"    kept {s} {tr['date']} {tr['amount']} status={tr['status']} bank_id={tr['bank_id']} "
                  f"{tr['description'][:90]!r}")  # fmt: skip
            for n in near.get(s, []):
                print(f"      near duplicate of {n}")
            if len(got) > 1 and not near.get(s):
                print("      (not reported in near_duplicates: counted twice silently)")
    return res


def decisions(ix: Index, doc: dict[str, Any]) -> dict[int, list[tuple[dict[str, Any], bool]]]:
    got: dict[int, list[tuple[dict[str, Any], bool]]] = defaultdict(list)
    for m in doc.get("matches", []) + doc.get("unmatched_bank", []):
        row = ix.row(m["bank"])
        if row is None:
            print(f"MATCH: output names a line the generator did not write: {m['bank']}")
            continue
        got[row[0]].append((m, row[1]))
    return got


def check_match(world: World, ix: Index, doc: dict[str, Any], show: str) -> Counter[str]:
    res: Counter[str] = Counter()
    got = decisions(ix, doc)
    in_files = {t for bf in world.files for _, t, _ in bf.rows}
    applied: dict[str, list[tuple[int, Decimal, str]]] = defaultdict(list)
    due = {i.number: i.amount for i in world.invs}
    for tid, ms in got.items():
        for m, _ in ms:
            if m.get("decision") == "auto":
                for i in m.get("invoices", []):
                    applied[i["number"]].append((tid, Decimal(i["applied"]), src_name(m["bank"])))
    for number, uses in sorted(applied.items()):
        total = sum((a for _, a, _ in uses), Decimal(0))
        tids = [u[0] for u in uses]
        if len(set(tids)) < len(tids):
            res["MONEY APPLIED TWICE"] += 1
            print(f"MONEY APPLIED TWICE: {number} gets the same transaction twice: {uses}")
        if total > due.get(number, Decimal(0)):
            res["invoice over-applied"] += 1
            print(f"INVOICE OVER-APPLIED: {number} open {due.get(number)} gets {total}: {uses}")
    for t in sorted(world.txns, key=lambda t: t.tid):
        if t.tid not in in_files:
            continue
        ms = got.get(t.tid, [])
        if not t.credit:
            res["debits matched"] += any(m.get("decision") in ("auto", "suggest") for m, _ in ms)
            continue
        kind = t.kind
        res[f"{kind} n"] += 1
        autos = [m for m, _ in ms if m.get("decision") == "auto"]
        decided = [m for m, _ in ms if m.get("decision") in ("auto", "suggest") and m.get("invoices")]
        if len(ms) > 1:
            res["decided twice (duplicate line reached match)"] += 1
            if len(decided) > 1:
                res["allocation from a duplicate"] += 1
            if len(autos) > 1:
                res["MONEY APPLIED TWICE"] += 1
        if any(p and m.get("decision") == "auto" for m, p in ms):
            res["PENDING APPLIED"] += 1
        decision = "auto" if autos else "suggest" if any(m.get("decision") == "suggest" for m, _ in ms) else "unmatched"
        if not ms:
            decision = "absent"
        first = next((m for m, _ in ms if m.get("decision") == decision), {})  # copies are counted above
        picked = tuple(sorted(i["number"] for i in first.get("invoices", [])))
        truth = t.truth or []
        returned_here = t.pair is not None and t.pair in in_files
        if kind in NEVER_AUTO or (kind == "returned" and returned_here):
            ok = decision != "auto"
            outcome = "suggest ok" if decision == "suggest" else decision if ok else "AUTO WRONG"
            if kind == "returned" and decision == "auto":
                res["RETURNED DEPOSIT AUTO"] += 1
            if kind == "wrong_deposit" and decision == "auto":
                res["REVERSED DEPOSIT AUTO"] += 1
        else:
            ok = picked in truth
            outcome = decision if decision in ("unmatched", "absent") else f"{decision} ok" if ok else (
                "AUTO WRONG" if decision == "auto" else "suggest wrong")  # fmt: skip
        res[f"{kind} {outcome}"] += 1
        res[outcome] += 1
        res["payable"] += kind in PAYABLE
        flags = (
            kind,
            "missed" if kind in PAYABLE and decision != "auto" else "-",
            "wrong" if "WRONG" in outcome else "-",
        )
        dup = "dup" if len(ms) > 1 else "-"
        if outcome == "AUTO WRONG" or len(autos) > 1 or len(decided) > 1 or show in (*flags, dup):
            want = " or ".join("+".join(s) for s in truth) if truth else "none (no customer's payment)"
            if kind in NEVER_AUTO or kind == "returned":
                want += " (never auto)"
            print(f"\n[{kind}] {ix.describe(t.tid)}\n    rows: {ix.where(t.tid)}\n    truth: {want}; got {outcome}")
            for m, p in ms:
                text = m.get("description") or (m.get("bank") or {}).get("description") or ""
                print(f"    {src_name(m['bank'])}{' (pending row)' if p else ''}: {m.get('decision')} {label(m)} "
                      f"score={m.get('score')} customer={m.get('customer_id')} {str(text)[:100]!r}\n"
                      f"      reasons: {reasons(m)[:600]}")  # fmt: skip
                for alt in m.get("alternatives", [])[:2]:
                    print(f"      alt {label(alt)} score={alt.get('score')}: {reasons(alt)[:200]}")
    return res


def match_report(res: Counter[str]) -> None:
    kinds = [*PAYABLE, "returned", "wrong_deposit", "pending_only", "noncustomer"]
    cols = ["n", "auto ok", "AUTO WRONG", "suggest ok", "suggest wrong", "unmatched", "absent"]
    print(f"\n{'kind':<15}" + "".join(f"{c:>14}" for c in cols))
    for k in kinds:
        if res[f"{k} n"]:
            print(f"{k:<15}" + "".join(f"{res[f'{k} {c}']:>14}" for c in cols))
    auto_ok = sum(res[f"{k} auto ok"] for k in PAYABLE)
    payable = res["payable"]
    print(f"\nautos right {auto_ok}, wrong {res['AUTO WRONG']}; auto rate over payable credits {auto_ok}/{payable}"
          f" = {auto_ok / max(payable, 1):.1%}; suggestions {res['suggest ok'] + res['suggest wrong']} (right "
          f"{res['suggest ok']}); unmatched {res['unmatched']}")  # fmt: skip
    print(f"money applied twice {res['MONEY APPLIED TWICE']}, invoices over-applied {res['invoice over-applied']}, "
          f"allocations from a duplicate line {res['allocation from a duplicate']}, pending applied "
          f"{res['PENDING APPLIED']}, returned deposit auto {res['RETURNED DEPOSIT AUTO']}, reversed deposit auto "
          f"{res['REVERSED DEPOSIT AUTO']}, credits decided on two lines "
          f"{res['decided twice (duplicate line reached match)']}, debits matched {res['debits matched']}")  # fmt: skip


def state_counts(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names if n != "alembic_version"}
    finally:
        con.close()


def autos(ix: Index, doc: dict[str, Any]) -> dict[int, list[tuple[str, str]]]:
    res: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tid, ms in decisions(ix, doc).items():
        for m, _ in ms:
            if m.get("decision") == "auto":
                res[tid].append((src_name(m["bank"]), label(m)))
    return res


def repeated_runs(world: World, ix: Index, out: Path, first: dict[str, Any]) -> None:
    """Months 2 and 3 again, one run each, with the state store of the full run."""
    db = out / "state.db"
    seen = autos(ix, first)
    print(f"\n== repeated runs with one state store (after the full run: {state_counts(db)})")
    earlier: dict[int, list[tuple[str, str]]] = {k: list(v) for k, v in seen.items()}
    for month in (2, 3):
        files = [bf.name for bf in world.files if bf.month == month]
        before = state_counts(db)
        code, doc, err, took = timed_run(match_cmd(out, *match_args(files), config=None), out)
        if doc is None:
            print(f"month {month} run failed (exit {code}): {err}")
            continue
        now = autos(ix, doc)
        again = sorted(t for t in now if t in earlier)
        words = Counter()
        for m in doc.get("matches", []) + doc.get("unmatched_bank", []):
            text = json.dumps(m).lower()
            for w in ("already", "previous run", "seen before", "applied before", "state"):
                words[w] += w in text
        print(f"month {month} ({took:.1f}s) files {files}: summary {json.dumps(doc.get('summary'))}")
        print(f"  state store before {before} after {state_counts(db)}")
        print(f"  transactions auto-applied again although an earlier run auto-applied them: {len(again)} of "
              f"{len(now)} autos; reasons mentioning {dict(words)}")  # fmt: skip
        same = sum(1 for t in again if {x[1] for x in now[t]} & {x[1] for x in earlier[t]})
        print(f"  of those, to the same invoices as before: {same}")
        for t in again[:3]:
            print(f"    e.g. {ix.describe(t)}: earlier {sorted(set(earlier[t]))}, now {now[t]}")
        in_run = {t for bf in world.files if bf.name in files for _, t, _ in bf.rows}
        for tid, ms in sorted(decisions(ix, doc).items()):
            t = ix.tx[tid]
            if t.kind in ("returned", "wrong_deposit", "pending_only") or t.pend:
                back = (
                    "" if t.pair is None else f", its return/reversal {'in' if t.pair in in_run else 'NOT in'} this run"
                )
                got = [
                    f"{src_name(m['bank'])}{' (pending row)' if p else ''} {m.get('decision')} {label(m)}"
                    for m, p in ms
                ]
                print(f"  {ix.describe(tid)}{back}: {got}")
        for t, v in now.items():
            earlier.setdefault(t, []).extend(v)


def main() -> int:
    args = arguments(__doc__, STYLES, "mixed", show="a kind, 'missed', 'wrong' or 'dup'")
    t0 = time.monotonic()
    world = World(args.seed, args.style)
    world.ledger()
    world.activity()
    world.plan()
    with workdir(args.keep, "bench_overlap_") as out:
        world.write(out)
        ix = Index(world)
        credits = sum(t.credit for t in world.txns)
        print(f"style {args.style} seed {args.seed}: {len(world.custs)} customers, {len(world.invs)} invoices, "
              f"{credits} credits + {len(world.txns) - credits} debits; files in {out}")  # fmt: skip
        for bf in world.files:
            pend = sum(p for _, _, p in bf.rows)
            print(f"  {bf.name:<28} {bf.fmt:<8} {bf.start} .. {bf.end}  {len(bf.rows)} rows ({pend} pending)")
        print("\n== 1. bank parse over every file")
        p = check_parse(world, ix, out, args.show)
        print(f"parse: {dict(p)}")
        print("\n== 2. arsync match over every file")
        doc = match(out, *match_args([bf.name for bf in world.files]), config=None, timed=True)
        if doc is None:
            return 0
        match_report(check_match(world, ix, doc, args.show))
        print("\n== 3. arsync match again, per month")
        repeated_runs(world, ix, out, doc)
    print(f"\ndone in {time.monotonic() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
