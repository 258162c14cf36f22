"""Cash application for a US environmental services firm whose customers are public bodies: BAI2, BofA CSV, QuickBooks.

Run:  .venv/bin/python benchmarks/bench_match_public_sector.py [--seed N] [--keep DIR] [--show KIND|missed|wrong]

Tri-Point Environmental Services, Inc. (Austin TX, USD, QuickBooks Online) samples groundwater, runs a lab and
does on-call monitoring for ~60 public customers, each agency or department its own QuickBooks customer: Texas,
California and New York state agencies (TCEQ, two TxDOT districts, two Caltrans districts, CDPH, NYS DEC ...), paid
by their state (``STATE OF TEXAS``, ``STATE OF CALIFOR``, ``NYS COMPTROLLER``) with a voucher, claim schedule or
warrant number and, often, the agency and our invoice number in the addenda (CCD+ ``PMT INFO``, CTX with X12 820
``N1*PR`` and ``RMR`` segments); federal offices (two USACE districts, EPA Region 6, FWS, NPS, VA) paid by ``US
TREASURY 220`` / ``TREAS 310`` ``MISC PAY`` (RMR invoice, or only the contract number, or nothing); county and city
departments (LA County DPH/DPW/Sheriff/Fire, Harris County, City of Austin, San Diego, New York) paid by the county or
city by ACH or by a warrant in the lockbox; school districts (ISDs, Unified School Districts), universities (UT, Texas
A&M, UC campuses paid by ``REGENTS OF THE U``), and transit authorities (MTA's agencies, Houston METRO, whose ACH name
cut to 16 characters is also MTA's, LA Metro, whose 16 characters read as Los Angeles County). Monthly monitoring
fees of the same few amounts are open at many agencies; public payers pay months late, several invoices at once,
sometimes short (5-10% retainage withheld, California's 7% nonresident withholding, a disputed line, a 2% 10 discount
their terms grant), sometimes naming only their purchase order (a project PO, a blanket PO, a federal contract).

Per seed it writes, with answers known only here: ``open-invoices.csv``, QuickBooks Online's Open Invoices report
(title rows, customer headings, ``Date, Transaction type, Num, P.O. Number, Memo/Description, Term, Due date, Amount,
Open balance``, ``Total for`` rows, ``TOTAL``, footer; invoices short-paid earlier show their retainage open);
``wf-prior-day.bai``, a BAI2 prior-day file for April 2026 (one group a day; the operating account with ACH
CCD+/CTX, whose text and addenda run on in 88 continuation records, Fedwire credits with ``OBI=``, interest, book
transfers, ZBA sweeps, debits; the lockbox account, each check a 116 item with the remitter and the invoice lines
keyed from its stub); ``bofa-checking.csv``, Bank of America's checking export of a second account (summary
preamble, ``Date,Description,Amount,Running Bal.``, ACH as ``<name> DES:... ID:... INDN:... CO ID:... CCD PMT
INFO:<80 characters>``, mobile deposits, refunds, transfers, debits); ``arsync.yaml``. It checks that ``arsync bank
parse`` reads every line (CTX with its RMR items), runs ``arsync match --bank wf-prior-day.bai --bank
bofa-checking.csv --ledger open-invoices.csv --currency USD --date-format mdy --json`` and scores every credit by
kind through ``matchscore``.

Truth is what an experienced AR clerk applies with the same bank line and ledger: the invoices the remittance names
(by number, zero-padded or not, whoever's they are). A line naming none is worked after those (the clerk has the
month's statements at once), in date order, against the invoices still open: the invoices of the P.O. it names, or
of every customer its payer pays for (a state: all its agencies; a county or city: its departments, Austin Energy
among the City of Austin's; the UC Regents: the campuses; a name cut to 16 characters: every customer whose payer it
could be), narrowed to the agency or department it names in words the ledger's customer name holds (an agency code
alone, 582 or DEC01, is not in the ledger and names nobody). It is payable (``*_unique``) when exactly one set of up
to three open invoices of one of those customers, any n of one customer's invoices of one amount, or one customer's
whole open balance makes the amount; when the sets that fit are one customer's interchangeable invoices (months of
one fee), the clerk takes the oldest (``*_oldest``: any of the sets suggested is safe, an auto of another counts
wrong, by cause "not the oldest"). A short payment goes to the invoices it names for what it says it paid on each:
the rest (retainage, withholding, a disputed line) stays open, and only an earned discount may be written off.
REVIEW kinds need a person, so any auto there is wrong: a government payer not naming whom it pays for, with an
amount several agencies' invoices fit, or one agency's invoices of different amounts (``*_amb``), and a mobile check
deposit, which names nobody. Non-customer credits (a Texas franchise tax refund and an unclaimed-property payment
from STATE OF TEXAS, a federal grant drawdown from US TREASURY 220, IRS and FTB refunds, a county permit-fee refund,
a City of Austin utility deposit refund, interest, sweeps, transfers, an insurance claim) pay no invoice. Every auto
is also checked to apply no more than an invoice's open amount, what the payer said it paid on it, or the payment,
and to write off no more than an earned discount plus the tolerance; an auto right so far that leaves named invoices
to a person counts as a suggestion ("partly auto"). Wrong autos are printed with the line, the truth and arsync's
reasons, then counted by cause; the payable credits left to a person are grouped by kind. ``--show
KIND|missed|wrong`` prints those credits. Always exits 0.
"""

from __future__ import annotations

import csv
import random
import sys
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from matchscore import (
    ARSYNC,
    C,
    Match,
    Verdict,
    applied,
    arguments,
    bai2_wrap,
    file_line,
    label,
    match,
    matches_by,
    plain,
    reasons,
    report,
    run,
    score_credits,
    workdir,
    write_bofa_checking,
)

ZERO = Decimal(0)
US = "Tri-Point Environmental Services, Inc."
INDN22 = "TRI-POINT ENVIRONMENTA"  # the receiver's name as a CCD entry carries it (22 characters)
INDN16 = "TRI-POINT ENVIRO"  # ... and a CTX entry (16)
START, END = date(2026, 4, 1), date(2026, 4, 30)
DAYS = [START + timedelta(days=k) for k in range(30) if (START + timedelta(days=k)).weekday() < 5]
BAI, BOFA, LEDGER = "wf-prior-day.bai", "bofa-checking.csv", "open-invoices.csv"
OPER, LOCKBOX = "4127730091", "4127730109"
TOL_ABS, TOL_PCT = Decimal(25), Decimal("0.025")
AMB = ("state_named", "state_bare", "fed_po", "fed_bare", "county_named", "county_bare", "po_only", "blanket_po")
AMB += ("univ_named", "univ_bare", "own_bare", "alike_bare")
REVIEW = (*(f"{k}_amb" for k in AMB), "mobile_check")
CONVENTION = tuple(f"{k}_oldest" for k in AMB)  # the payer's invoices of one amount: the oldest, by habit
CLERK = """state_inv state_multi state_two_agencies withholding fed_inv fed_discount county_inv county_check
retainage retainage_release check_clash school_multi disputed discount univ_inv own_inv wire_inv""".split()
CLERK += [f"{k}_unique" for k in AMB] + list(CONVENTION)

# key: (name as a wire's B/O, a lockbox remitter or an 820's N1*PR writes it, ACH originator (16), kind, ACH entry
# descriptions, payers whose customers a clerk could also take the ACH name for)
PAYERS: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "TX": ("STATE OF TEXAS COMPTROLLER", "STATE OF TEXAS", "state", ("VENDOR PMT", "DIR DEP"), ()),
    "CA": ("STATE OF CALIFORNIA", "STATE OF CALIFOR", "state", ("EFT PMT", "SCO EFT"), ()),
    "NY": ("NYS OFFICE OF THE STATE COMPTROLLER", "NYS COMPTROLLER", "state", ("VENDOR PAY", "NYS OSC"), ()),
    "US": ("US TREASURY", "US TREASURY 220", "federal", ("MISC PAY",), ()),
    "LA": ("COUNTY OF LOS ANGELES", "COUNTY OF LOS AN", "county", ("VENDOR PAY", "EFT PMT"), ()),
    "HARRIS": ("HARRIS COUNTY", "HARRIS COUNTY", "county", ("AP PAYMENT", "VENDOR PMT"), ()),
    "AUSTIN": ("CITY OF AUSTIN", "CITY OF AUSTIN", "city", ("VENDOR PMT", "PAYMENTS"), ()),
    "SD": ("CITY OF SAN DIEGO", "CITY OF SAN DIEG", "city", ("PAYMENT", "A/P PMT"), ()),
    "NYC": ("CITY OF NEW YORK", "CITY OF NEW YORK", "city", ("VENDOR PAY", "NYC FMS"), ()),
    "AISD": ("AUSTIN INDEPENDENT SCHOOL DISTRICT", "AUSTIN INDEPENDE", "school", ("VENDOR PMT",), ()),
    "HISD": ("HOUSTON INDEPENDENT SCHOOL DISTRICT", "HOUSTON INDEPEND", "school", ("AP PAYMENT",), ()),
    "RRISD": ("ROUND ROCK INDEPENDENT SCHOOL DISTRICT", "ROUND ROCK ISD", "school", ("ACCTS PAY",), ()),
    "PFISD": ("PFLUGERVILLE INDEPENDENT SCHOOL DISTRICT", "PFLUGERVILLE ISD", "school", ("VENDOR PMT",), ()),
    "LAUSD": ("LOS ANGELES UNIFIED SCHOOL DISTRICT", "LOS ANGELES UNIF", "school", ("VENDOR PAY",), ()),
    "SDUSD": ("SAN DIEGO UNIFIED SCHOOL DISTRICT", "SAN DIEGO UNIFIE", "school", ("AP PMT",), ()),
    "FUSD": ("FRESNO UNIFIED SCHOOL DISTRICT", "FRESNO UNIFIED S", "school", ("PAYABLES",), ()),
    "BPS": ("BOARD OF EDUCATION CITY OF BUFFALO", "BUFFALO BD OF ED", "school", ("VENDOR PMT",), ()),
    "UT": ("THE UNIVERSITY OF TEXAS AT AUSTIN", "UNIV OF TEXAS AT", "univ", ("PAYMENTS", "UT PAYMENT"), ()),
    "TAMU": ("TEXAS A&M UNIVERSITY", "TEXAS A&M UNIVER", "univ", ("VENDOR PAY",), ()),
    "AGRI": ("TEXAS A&M AGRILIFE RESEARCH", "TEXAS A&M AGRILI", "univ", ("VENDOR PAY",), ()),
    "UB": ("UNIVERSITY AT BUFFALO", "UNIVERSITY AT BU", "univ", ("AP PAYMENT",), ()),
    "UC": ("REGENTS OF THE UNIVERSITY OF CALIFORNIA", "REGENTS OF THE U", "univ", ("AP PAYMENT", "SUPPLIER"), ()),
    "CAPMETRO": ("CAPITAL METROPOLITAN TRANSPORTATION AUTHORITY", "CAPITAL METROPOL", "transit", ("PAYMENT",), ()),
    "LAMETRO": ("LOS ANGELES COUNTY METROPOLITAN TRANSPORTATION AUTHORITY", "LOS ANGELES COUN", "transit",
                ("VENDOR PAY",), ("LA",)),
    "MTA": ("METROPOLITAN TRANSPORTATION AUTHORITY", "METROPOLITAN TRA", "transit", ("MTA BSC PMT",), ("HMETRO",)),
    "HMETRO": ("METROPOLITAN TRANSIT AUTHORITY OF HARRIS COUNTY", "METROPOLITAN TRA", "transit", ("AP PAYMENT",),
               ("MTA",)),
}  # fmt: skip
# (QuickBooks name, payer, tag: the words of the name a remittance names it by, the abbreviation the payer's system
# writes, agency code, the agency as the payer's 820 N1*PR writes it, terms, PO style)
CUSTOMERS: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("Texas Commission on Environmental Quality (TCEQ)", "TX", "TCEQ", "TCEQ", "582",
     "TEXAS COMMISSION ON ENVIRONMENTAL QUALITY", "Net 30", "tx"),
    ("TxDOT - Austin District", "TX", "TXDOT", "TXDOT", "601", "TEXAS DEPARTMENT OF TRANSPORTATION", "Net 30", "tx"),
    ("TxDOT - Houston District", "TX", "TXDOT", "TXDOT", "601", "TEXAS DEPARTMENT OF TRANSPORTATION", "Net 30", "tx"),
    ("Texas Parks and Wildlife Department", "TX", "PARKS AND WILDLIFE", "TPWD", "802",
     "TEXAS PARKS AND WILDLIFE DEPARTMENT", "Net 30", "tx"),
    ("Texas Dept of State Health Services (DSHS)", "TX", "DSHS", "DSHS", "537", "DEPARTMENT OF STATE HEALTH SERVICES",
     "Net 30", "tx"),
    ("Texas General Land Office", "TX", "GENERAL LAND OFFICE", "GLO", "305", "GENERAL LAND OFFICE", "Net 30", "tx"),
    ("Texas Water Development Board (TWDB)", "TX", "TWDB", "TWDB", "580", "TEXAS WATER DEVELOPMENT BOARD", "Net 30",
     "tx"),
    ("Texas Dept of Criminal Justice", "TX", "CRIMINAL JUSTICE", "TDCJ", "696", "TEXAS DEPT OF CRIMINAL JUSTICE",
     "Net 30", "tx"),
    ("Texas Facilities Commission", "TX", "FACILITIES COMMISSION", "TFC", "303", "TEXAS FACILITIES COMMISSION",
     "Net 30", "tx"),
    ("CA State Water Resources Control Board", "CA", "WATER RESOURCES CONTROL BOARD", "SWRCB", "3940",
     "STATE WATER RESOURCES CONTROL BOARD", "Net 45", "ca"),
    ("Caltrans District 7", "CA", "CALTRANS", "CALTRANS", "2660", "DEPARTMENT OF TRANSPORTATION", "Net 45", "ca"),
    ("Caltrans District 11", "CA", "CALTRANS", "CALTRANS", "2660", "DEPARTMENT OF TRANSPORTATION", "Net 45", "ca"),
    ("California Dept of Public Health (CDPH)", "CA", "CDPH", "CDPH", "4265", "DEPARTMENT OF PUBLIC HEALTH", "Net 45",
     "ca"),
    ("Dept of Toxic Substances Control (DTSC)", "CA", "DTSC", "DTSC", "3960", "DEPT OF TOXIC SUBSTANCES CONTROL",
     "Net 45", "ca"),
    ("CA Dept of Fish and Wildlife", "CA", "FISH AND WILDLIFE", "CDFW", "3600", "DEPARTMENT OF FISH AND WILDLIFE",
     "Net 45", "ca"),
    ("CA Dept of General Services (DGS)", "CA", "DGS", "DGS", "7760", "DEPARTMENT OF GENERAL SERVICES", "Net 45",
     "ca"),
    ("NYS Dept of Environmental Conservation (DEC)", "NY", "DEC", "DEC", "DEC01",
     "ENVIRONMENTAL CONSERVATION, DEPARTMENT OF", "Net 30", "ny"),
    ("NYS Department of Health", "NY", "DEPARTMENT OF HEALTH", "DOH", "DOH01", "HEALTH, DEPARTMENT OF", "Net 30", "ny"),
    ("NYSDOT Region 8", "NY", "NYSDOT", "DOT", "DOT01", "TRANSPORTATION, DEPARTMENT OF", "Net 30", "ny"),
    ("NYS Office of General Services (OGS)", "NY", "OGS", "OGS", "OGS01", "GENERAL SERVICES, OFFICE OF", "Net 30",
     "ny"),
    ("USACE Fort Worth District", "US", "FORT WORTH", "USACE SWF", "W9126G", "DEPT OF THE ARMY", "Net 30", "fed"),
    ("USACE Los Angeles District", "US", "LOS ANGELES", "USACE SPL", "W912PL", "DEPT OF THE ARMY", "Net 30", "fed"),
    ("US EPA Region 6", "US", "EPA", "EPA", "68HE06", "ENVIRONMENTAL PROTECTION AGENCY", "1% 10 Net 30", "fed"),
    ("US Fish & Wildlife Service - Region 2", "US", "FISH AND WILDLIFE", "FWS", "140F02", "FISH AND WILDLIFE SERVICE",
     "Net 30", "fed"),
    ("National Park Service - Big Bend NP", "US", "NATIONAL PARK SERVICE", "NPS", "140P12", "NATIONAL PARK SERVICE",
     "Net 30", "fed"),
    ("VA Central Texas Health Care System", "US", "VA", "VA", "36C257", "DEPARTMENT OF VETERANS AFFAIRS", "Net 30",
     "fed"),
    ("LA County Dept of Public Health", "LA", "PUBLIC HEALTH", "DPH", "", "", "Net 45", "lac"),
    ("LA County Dept of Public Works", "LA", "PUBLIC WORKS", "DPW", "", "", "Net 45", "lac"),
    ("LA County Sheriff's Department", "LA", "SHERIFF", "LASD", "", "", "Net 45", "lac"),
    ("LA County Fire Department", "LA", "FIRE", "FIRE", "", "", "Net 45", "lac"),
    ("Harris County Flood Control District", "HARRIS", "FLOOD CONTROL", "HCFCD", "", "", "Net 30", "city"),
    ("Harris County Public Health", "HARRIS", "PUBLIC HEALTH", "HCPH", "", "", "Net 30", "city"),
    ("Harris County Engineering Department", "HARRIS", "ENGINEERING", "HCED", "", "", "Net 30", "city"),
    ("City of Austin - Austin Water", "AUSTIN", "AUSTIN WATER", "AW", "", "", "Net 30", "city"),
    ("City of Austin - Watershed Protection", "AUSTIN", "WATERSHED", "WPD", "", "", "Net 30", "city"),
    ("Austin Energy", "AUSTIN", "AUSTIN ENERGY", "AE", "", "", "Net 30", "city"),
    ("City of San Diego - Public Utilities", "SD", "PUBLIC UTILITIES", "PUD", "", "", "Net 30", "city"),
    ("City of San Diego - Stormwater Department", "SD", "STORMWATER", "SWD", "", "", "Net 30", "city"),
    ("NYC Dept of Environmental Protection", "NYC", "ENVIRONMENTAL PROTECTION", "DEP", "826", "", "Net 30", "city"),
    ("NYC Parks & Recreation", "NYC", "PARKS", "DPR", "846", "", "Net 30", "city"),
    ("NYC Dept of Design and Construction", "NYC", "DESIGN AND CONSTRUCTION", "DDC", "850", "", "Net 30", "city"),
    ("Austin ISD", "AISD", "AUSTIN ISD", "AISD", "", "", "Net 30", "isd"),
    ("Houston ISD", "HISD", "HOUSTON ISD", "HISD", "", "", "Net 30", "sap"),
    ("Round Rock ISD", "RRISD", "ROUND ROCK ISD", "RRISD", "", "", "2% 10 Net 30", "isd"),
    ("Pflugerville ISD", "PFISD", "PFLUGERVILLE ISD", "PFISD", "", "", "Net 30", "isd"),
    ("Los Angeles Unified School District", "LAUSD", "LOS ANGELES UNIFIED", "LAUSD", "", "", "Net 45", "sap"),
    ("San Diego Unified School District", "SDUSD", "SAN DIEGO UNIFIED", "SDUSD", "", "", "Net 30", "isd"),
    ("Fresno Unified School District", "FUSD", "FRESNO UNIFIED", "FUSD", "", "", "2% 10 Net 30", "isd"),
    ("Buffalo Public Schools", "BPS", "BUFFALO PUBLIC SCHOOLS", "BPS", "", "", "Net 30", "isd"),
    ("The University of Texas at Austin", "UT", "UNIVERSITY OF TEXAS", "UT AUSTIN", "", "", "Net 30", "sap"),
    ("Texas A&M University", "TAMU", "TEXAS A AND M UNIVERSITY", "TAMU", "", "", "2% 10 Net 30", "tamu"),
    ("Texas A&M AgriLife Research", "AGRI", "AGRILIFE", "AGRILIFE", "", "", "Net 30", "tamu"),
    ("University at Buffalo (SUNY)", "UB", "UNIVERSITY AT BUFFALO", "UB", "", "", "Net 30", "sap"),
    ("UC Davis", "UC", "DAVIS", "UCD", "", "", "Net 45", "uc"),
    ("UC Riverside", "UC", "RIVERSIDE", "UCR", "", "", "Net 45", "uc"),
    ("UC San Diego", "UC", "SAN DIEGO", "UCSD", "", "", "Net 45", "uc"),
    ("Capital Metro", "CAPMETRO", "CAPITAL METRO", "CAPMETRO", "", "", "Net 30", "transit"),
    ("LA Metro", "LAMETRO", "LA METRO", "METRO", "", "", "Net 30", "transit"),
    ("MTA New York City Transit", "MTA", "NEW YORK CITY TRANSIT", "NYCT", "", "", "Net 30", "transit"),
    ("MTA Long Island Rail Road", "MTA", "LONG ISLAND RAIL ROAD", "LIRR", "", "", "Net 30", "transit"),
    ("Houston METRO", "HMETRO", "HOUSTON METRO", "METRO", "", "", "Net 30", "transit"),
]  # fmt: skip
FEES = ["4850.00", "2375.00", "6120.00", "1980.00", "3450.00", "2375.00", "4850.00", "1250.00", "4850.00"]
FEE_WORDS = ["On-call environmental monitoring", "Quarterly groundwater monitoring program - monthly fee",
             "Stormwater compliance monitoring", "Drinking water sampling program"]  # fmt: skip
# (line description, unit price, quantity range)
SERVICES = [
    ("Groundwater sampling - per well", "385.00", (4, 24)), ("Lab analysis - VOCs EPA 8260D", "145.00", (6, 40)),
    ("Lab analysis - metals EPA 6020B", "118.00", (6, 40)), ("PFAS analysis EPA 1633", "395.00", (2, 16)),
    ("Field technician (hours)", "95.00", (8, 80)), ("Project engineer (hours)", "165.00", (4, 40)),
    ("SWPPP inspection", "450.00", (1, 6)), ("Phase I environmental site assessment", "3850.00", (1, 1)),
    ("Asbestos survey - per building", "1275.00", (1, 5)), ("Lead in drinking water - per fixture", "42.50", (20, 160)),
    ("Sampling supplies and shipping", "186.40", (1, 3)), ("Mileage", "0.70", (120, 900)),
]  # fmt: skip
ABA = ["111000025", "121000358", "021000021", "026009593", "113000023", "322271627", "021000089", "114000093"]
ADDRESS = {"TX": "111 E 17TH ST AUSTIN TX 78774", "CA": "3301 C ST SACRAMENTO CA 95816",
           "CAPMETRO": "2910 E 5TH ST AUSTIN TX 78702", "LAMETRO": "1 GATEWAY PLAZA LOS ANGELES CA 90012",
           "MTA": "2 BROADWAY NEW YORK NY 10004", "HMETRO": "1900 MAIN ST HOUSTON TX 77002",
           "UT": "110 INNER CAMPUS DR AUSTIN TX 78712", "UB": "12 CAPEN HALL BUFFALO NY 14260",
           "UC": "1111 FRANKLIN ST OAKLAND CA 94607", "TAMU": "400 BIZZELL ST COLLEGE STATION TX 77843"}  # fmt: skip


def d2(x: Decimal | str | float) -> Decimal:
    return Decimal(str(x)).quantize(C, ROUND_HALF_UP)


def usd(d: Decimal) -> str:
    return f"{d:,.2f}"


def words(s: str) -> str:
    s = plain(s).upper().replace("&", " AND ").replace("'", "")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in s).split())


@dataclass(eq=False)
class Payer:
    key: str
    full: str
    ach: str
    kind: str
    descr: tuple[str, ...]
    alike: tuple[str, ...]
    oid: str = ""  # ACH company id
    vendor: str = ""  # our vendor number in its payables system (ACH individual id)
    custs: list[Cust] = field(default_factory=list)


@dataclass(eq=False)
class Cust:
    name: str
    payer: Payer
    tag: str
    abbr: str
    code: str
    n1: str
    terms: str
    po_style: str
    fee: Decimal | None = None
    contract: str = ""  # the blanket PO or contract on its fee invoices (federal: on all)
    invoices: list[Inv] = field(default_factory=list)

    @property
    def days(self) -> int:
        return int(self.terms.split()[-1])

    @property
    def discount(self) -> Decimal:
        return Decimal(self.terms.split("%")[0]) / 100 if "%" in self.terms else ZERO


@dataclass(eq=False)
class Inv:
    number: str
    cust: Cust
    issued: date
    total: Decimal
    paid: Decimal = ZERO  # paid before April (retainage withheld)
    po: str = ""
    memo: str = ""

    @property
    def due(self) -> Decimal:
        return self.total - self.paid

    @property
    def due_date(self) -> date:
        return self.issued + timedelta(days=self.cust.days)


@dataclass
class Item:
    """One RMR segment as the payer writes it."""

    qual: str  # IV, PO
    ref: str
    paid: Decimal
    gross: Decimal | None = None
    disc: Decimal = ZERO
    reason: str = ""
    adj: Decimal = ZERO


@dataclass(eq=False)
class Credit:
    kind: str
    file: str  # bai2, bofa
    how: str  # ccd, ctx, wire, lockbox, ach (BofA), mobile, other (a ready text)
    amount: Decimal
    day: date
    payer: Payer | None
    truth: list[tuple[str, ...]] | None
    alts: list[tuple[str, ...]] = field(default_factory=list)  # interchangeable sets that fit (see settle)
    found: list[tuple[str, ...]] | None = None  # a line naming no invoice: the sets that fit (None: it names them)
    real: tuple[str, ...] = ()  # what the payer paid
    text: str = ""  # CCD+ addenda / PMT INFO, OBI, or stub lines keyed by the lockbox ("|" between lines)
    items: list[Item] = field(default_factory=list)
    n1: str = ""  # the 820's N1*PR
    refs: list[tuple[str, str]] = field(default_factory=list)  # 820 REF segments
    check: str = ""
    ach: str = ""  # the originator name shown, when not the payer's own
    caps: dict[str, Decimal] = field(default_factory=dict)  # invoice -> what the payer paid on it
    disc_ok: dict[str, Decimal] = field(default_factory=dict)  # invoice -> earned discount a write-off may take
    note: str = ""
    code: str = ""  # BAI2 type code of a ready text
    acct: str = OPER
    line: int = 0
    shown: str = ""

    @property
    def fname(self) -> str:
        return BAI if self.file == "bai2" else BOFA


class World:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(f"public-sector:{seed}")
        self.payers: dict[str, Payer] = {}
        self.custs: list[Cust] = []
        self.invs: list[Inv] = []
        self.by_number: dict[str, Inv] = {}
        self.used: set[str] = set()
        self.credits: list[Credit] = []
        self.skipped: Counter[str] = Counter()
        self.last: tuple[tuple[str, ...], list[tuple[str, ...]]] | None = None  # classify's paid set and fits

    def digits(self, k: int, lo: str = "1") -> str:
        return str(self.r.randint(int(lo) * 10 ** (k - 1), 10**k - 1))

    # ---- customers and invoices ----------------------------------------------------------------------------
    def customers(self) -> None:
        r = self.r
        for key, (full, ach, kind, descr, alike) in PAYERS.items():
            p = Payer(key, full, ach[:16].rstrip(), kind, descr, alike)
            p.oid = f"{r.choice('1349')}{self.digits(9)}"
            p.vendor = {"TX": f"1742891043{r.randint(0, 9)}000", "US": "742891043"}.get(key, "")  # TIN-based
            p.vendor = p.vendor or r.choice([f"V{self.digits(6)}", self.digits(7), f"0000{self.digits(6)}"])
            self.payers[key] = p
        for name, key, tag, abbr, code, n1, terms, po in CUSTOMERS:
            p = self.payers[key]
            c = Cust(name, p, tag, abbr, code, n1, terms, po)
            recurring = {"state": 0.6, "federal": 0.5, "county": 0.5, "city": 0.5, "school": 0.35, "univ": 0.5}
            if r.random() < recurring.get(p.kind, 0.5):
                c.fee = Decimal(r.choice(FEES))
            c.contract = self.po_for(c, blanket=True)
            p.custs.append(c)
            self.custs.append(c)

    def po_for(self, c: Cust, blanket: bool = False) -> str:
        r, s = self.r, c.po_style
        yy = r.choice(["24", "25", "26"])
        if s == "tx":
            return f"{c.code}-{yy}-{self.digits(5, '5')}" if blanket else f"{c.code}-{self.digits(8, '2')}"
        if s == "ca":
            return f"{yy}-{self.digits(4)}" if blanket else f"PO {c.code}-{self.digits(6)}"
        if s == "ny":
            return f"C{self.digits(6, '1')}" if blanket else f"PO{self.digits(8, '1')}"
        if s == "fed":
            return f"{c.code}{yy}{'F' if blanket else 'P'}{self.digits(4)}"
        if s == "lac":
            return f"MA-{c.abbr[:2]}-{yy}{self.digits(5, '5')}" if blanket else f"PO-{yy}-{self.digits(6)}"
        if s == "city":
            return f"MA {self.digits(4)} {self.digits(7)}" if blanket else f"PO {self.digits(7)}"
        if s == "isd":
            return f"P{yy}{self.digits(5, '5')}"
        if s == "sap":
            return f"45{self.digits(8)}"
        if s == "tamu":
            return f"{r.choice('PM')}{yy}{self.digits(5, '5')}"
        if s == "uc":
            return f"BP{self.digits(6)}" if blanket else f"PO{self.digits(7)}"
        return f"{yy}-{self.digits(6)}"  # transit

    def project_amount(self) -> tuple[Decimal, str]:
        r = self.r
        lines = r.sample(SERVICES, r.choice([1, 2, 2, 3, 3, 4]))
        total = sum((Decimal(r.randint(*q)) * Decimal(p) for _, p, q in lines), ZERO)
        return d2(total), lines[0][0]

    def ledger(self) -> None:
        r = self.r
        raw: list[Inv] = []
        months = [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1),
                  date(2026, 3, 1), date(2026, 4, 1)]  # fmt: skip
        for c in self.custs:
            if c.fee is not None:
                word = r.choice(FEE_WORDS)
                for m in months[r.choice([1, 2, 2, 3, 4]) :]:  # the older months are paid: not in the report
                    memo = f"{word} - {m:%B %Y}"
                    raw.append(Inv("", c, m, c.fee, po=c.contract, memo=memo))
            late = c.payer.kind in ("school", "univ", "county", "city")
            for _ in range(r.choice([2, 3, 4, 4, 5, 6])):
                lo = date(2025, 9, 15) if late else date(2025, 12, 1)
                issued = lo + timedelta(days=r.randint(0, (date(2026, 4, 24) - lo).days))
                while issued.weekday() >= 5:
                    issued -= timedelta(days=1)
                total, desc = self.project_amount()
                blanket = c.po_style in ("fed",) or (c.po_style in ("tx", "ca", "ny") and r.random() < 0.5)
                po = c.contract if blanket else self.po_for(c)
                inv = Inv("", c, issued, total, po=po, memo=f"WA {r.randint(1, 40)} - {desc}")
                retain = {"county": Decimal("0.05"), "transit": Decimal("0.10")}.get(c.payer.kind)
                if c.payer.key == "NYC" or c.name.startswith("Harris"):
                    retain = Decimal("0.05")
                if retain and issued < date(2026, 2, 15) and r.random() < 0.35:
                    inv.paid = total - d2(total * retain)  # paid but the retainage
                    inv.memo += f" ({int(retain * 100)}% retainage held)"
                raw.append(inv)
            if c.discount:  # April invoices a 2% 10 payer may pay within its discount window
                for _ in range(2):
                    issued = date(2026, 4, 1) + timedelta(days=r.randint(0, 13))
                    while issued.weekday() >= 5:
                        issued -= timedelta(days=1)
                    total, desc = self.project_amount()
                    raw.append(Inv("", c, issued, total, po=self.po_for(c), memo=f"WA {r.randint(1, 40)} - {desc}"))
        raw.sort(key=lambda i: (i.issued, i.cust.name, i.total))
        n = 31000 + r.randint(0, 600)
        for inv in raw:
            n += 1 if r.random() < 0.45 else r.randint(2, 9)  # the numbers between are paid, or other customers'
            inv.number = str(n)
            inv.cust.invoices.append(inv)
            self.by_number[inv.number] = inv
            self.invs.append(inv)

    # ---- what a clerk can tell ------------------------------------------------------------------------------
    def pool(self, p: Payer, cut: bool) -> list[Cust]:
        """Every customer a clerk could take the payer for: its own, and when the bank shows the 16-character ACH
        name, those of the payers it could be cut from too."""
        out = list(p.custs)
        for key in p.alike if cut else ():
            out += self.payers[key].custs
        return out

    @staticmethod
    def named(custs: list[Cust], tag: str) -> list[Cust]:
        t = f" {words(tag)} "
        return [c for c in custs if t in f" {words(c.name)} "]

    @staticmethod
    def ways(custs: list[Cust], amount: Decimal, kmax: int = 3, po: str = "") -> list[tuple[str, ...]]:
        """The sets of up to ``kmax`` open invoices of one customer of ``custs`` (only those of P.O. ``po``), any
        ``n`` of its invoices of one amount (``n`` months of a fee), or a customer's whole open balance, that make
        ``amount`` (a few more than eight at most)."""
        found: list[tuple[str, ...]] = []
        target = int(amount * 100)
        for c in sorted(custs, key=lambda x: x.name):
            pool = [(int(i.due * 100), i.number) for i in c.invoices if i.due > 0 and (not po or i.po == po)]
            for k in range(1, kmax + 1):
                if k == 3 and len(pool) > 16:
                    break
                for combo in combinations(pool, k):
                    if sum(x for x, _ in combo) == target:
                        found.append(tuple(sorted(n for _, n in combo)))
            same: dict[int, list[str]] = defaultdict(list)
            for x, n in pool:
                same[x].append(n)
            for x, nums in same.items():
                k, rest = divmod(target, x)
                if not rest and kmax < k <= len(nums):
                    found += [tuple(sorted(combo)) for combo in combinations(nums, k)]
            whole = tuple(sorted(n for _, n in pool))
            if len(pool) > kmax and sum(x for x, _ in pool) == target and whole not in found:
                found.append(whole)
            if len(found) > 8:
                break
        return found

    def classify(self, base: str, invs: list[Inv], found: list[tuple[str, ...]]) -> tuple[str, list[tuple[str, ...]]]:
        """A line naming no invoice, provisionally (``settle`` decides with the other lines): ``base``_unique when
        only one set fits; ``base``_oldest when the sets that fit are one customer's invoices of the same amounts (a
        clerk takes the oldest); else ``base``_amb, for a person."""
        real = tuple(sorted(i.number for i in invs))
        self.last = (real, found)
        return self.judge(base, real, found)

    def judge(
        self, base: str, real: tuple[str, ...], found: list[tuple[str, ...]]
    ) -> tuple[str, list[tuple[str, ...]]]:
        if len(found) == 1:
            return f"{base}_unique", found
        if self.interchangeable(found):
            return f"{base}_oldest", [min(found, key=lambda w: sorted(self.by_number[n].issued for n in w))]
        return f"{base}_amb", found or [real]

    def interchangeable(self, sets: list[tuple[str, ...]]) -> bool:
        """Several sets, all of one customer's invoices of the same amounts (months of one fee)."""
        custs = {self.by_number[n].cust.name for w in sets for n in w}
        shapes = {tuple(sorted(self.by_number[n].due for n in w)) for w in sets}
        return len(sets) > 1 and len(custs) == 1 and len(shapes) == 1

    def settle(self) -> None:
        """The clerk works the month's statements at once: the lines that name their invoices first, then, day by
        day, the others (naming a PO, an agency or nothing) against the invoices still open. When what fits after
        the named lines is one customer's interchangeable invoices, those sets are the line's alternatives: the
        clerk's pick is the oldest still open, any of them suggested is safe, an auto of another is counted wrong
        by its own cause."""
        named = (x for x in self.credits if x.found is None and x.truth and x.kind not in REVIEW)
        named_taken = {n for cr in named for n in (cr.truth or [()])[0]}
        taken = set(named_taken)
        for cr in sorted((x for x in self.credits if x.found is not None), key=lambda x: (x.day, x.line, x.amount)):
            assert cr.found is not None
            seen = [w for w in cr.found if not set(w) & named_taken]
            left = [w for w in seen if not set(w) & taken]
            base = cr.kind.rsplit("_", 1)[0]
            cr.kind, cr.truth = self.judge(base, cr.real, left)
            cr.alts = seen if cr.kind not in REVIEW and self.interchangeable(seen) else []
            if cr.kind not in REVIEW:
                taken.update(cr.truth[0])

    # ---- picking ------------------------------------------------------------------------------------------
    def free(self, c: Cust, whole: bool = True, before: date | None = None) -> list[Inv]:
        return [i for i in c.invoices if i.number not in self.used and (not whole or i.paid == 0)
                and (before is None or i.issued <= before)]  # fmt: skip

    def pick(self, custs: list[Cust], n: int = 1, before: date | None = None, **kw: Any) -> Cust | None:
        ok = [c for c in custs if len(self.free(c, before=before, **kw)) >= n]
        return self.r.choice(ok) if ok else None

    def day(self, invs: list[Inv], lo: date = START, hi: date = END, gap: int = 3) -> date:
        first = max([lo, *(i.issued + timedelta(days=gap) for i in invs)])
        days = [d for d in DAYS if first <= d <= hi]
        return self.r.choice(days) if days else DAYS[-1]

    def add(self, cr: Credit, invs: list[Inv]) -> Credit:
        if self.last is not None:
            cr.real, cr.found = self.last
            self.last = None
        self.used.update(i.number for i in invs)
        if cr.truth is None and cr.kind not in ("noncustomer", "debit"):
            cr.truth = [tuple(sorted(i.number for i in invs))]
        for i in invs:
            cr.caps.setdefault(i.number, i.due)
        self.credits.append(cr)
        return cr

    def of(self, kinds: tuple[str, ...]) -> list[Payer]:
        return [p for p in self.payers.values() if p.kind in kinds]

    # ---- what payers write --------------------------------------------------------------------------------
    def num(self, inv: Inv, pad: bool = True) -> str:
        """The invoice number as a state or federal system keys it: often zero-padded to ten."""
        return inv.number.zfill(10) if pad and self.r.random() < 0.3 else inv.number

    def voucher(self, p: Payer) -> str:
        r = self.r
        if p.key == "TX":
            return r.choice([f"VCHR {self.digits(8, '2')}", f"VOUCHER {self.digits(8, '2')}"])
        if p.key == "CA":
            return r.choice([f"CLAIM SCH {self.digits(7, '2')}", f"WARRANT {self.digits(10, '1')}"])
        if p.key == "NY":
            return f"VOUCHER {self.digits(8, '1')}"
        return f"DOC {self.digits(9, '2')}"

    def state_text(self, p: Payer, c: Cust, invs: list[Inv], how: str) -> str:
        """how: inv (names the invoices), named (the agency in the ledger's words), bare (neither)."""
        r, v = self.r, self.voucher(p)
        ns = " ".join(self.num(i) for i in invs)
        if how == "inv":
            forms = {"TX": [f"{c.code} {c.abbr} {v} INV {ns}", f"AGY {c.code} INV {ns}", f"INV {ns} {c.abbr}",
                            f"VENDOR INV {ns} {v}", ns],
                     "CA": [f"{c.code} {c.abbr} INV {ns} {v}", f"INVOICE {ns} {v}", f"ORG {c.code} INV# {ns}"],
                     "NY": [f"{c.code} {v} INV {ns}", f"SFS {v} INVOICE {ns}", f"INV {ns} {c.code}"],
                     }[p.key]  # fmt: skip
        elif how == "named":
            forms = [f"{c.tag} {v}", f"AGY {c.code} {c.tag} {v}" if p.key == "TX" else f"{v} {c.tag}"]
        else:
            forms = [v, f"AGY {c.code} {v}" if p.key == "TX" else v, ""]
        return r.choice(forms)[:80]

    def stub(self, invs: list[Inv], paid: list[Decimal] | None = None) -> list[str]:
        """Invoice lines as the lockbox keys them from the check stub."""
        r = self.r
        form = r.choice(["INV {n} {a}", "INVOICE {n} AMT {a}", "{n} {a}", "INV# {n} PAID {a}"])
        return [form.format(n=i.number, a=usd(a)) for i, a in zip(invs, paid or [i.due for i in invs])]

    def ach_refs(self, invs: list[Inv]) -> str:
        r = self.r
        ns = [i.number for i in invs]
        if len(ns) == 1:
            return r.choice(["INV {}", "INVOICE {}", "{}", "INV# {}", "INV NO {}"]).format(ns[0])
        return r.choice(["INV " + " ".join(ns), "INV " + ",".join(ns), "INVOICES " + " ".join(ns), " ".join(ns)])

    # ---- scenarios: state comptrollers ---------------------------------------------------------------------
    def state(self) -> Payer:
        return self.payers[self.r.choice(["TX"] * 9 + ["CA"] * 6 + ["NY"] * 5)]

    def s_state_inv(self) -> None:
        r, p = self.r, self.state()
        c = self.pick(p.custs)
        if c is None:
            self.skipped["state_inv"] += 1
            return
        inv = r.choice(self.free(c))
        day = self.day([inv], gap=20)
        if r.random() < 0.3:
            cr = Credit("state_inv", "bai2", "ctx", inv.due, day, p, None, n1=c.n1)
            cr.items, cr.refs = [Item("IV", self.num(inv), inv.due)], [("VV", self.voucher(p).split()[-1])]
        else:
            cr = Credit("state_inv", "bai2", "ccd", inv.due, day, p, None, text=self.state_text(p, c, [inv], "inv"))
        cr.note = f"{c.name}"
        self.add(cr, [inv])

    def s_state_multi(self, two: bool = False) -> None:
        r, p = self.r, self.state()
        cs = [c for c in p.custs if len(self.free(c)) >= 2]
        if len(cs) < (2 if two else 1):
            self.skipped["state_two_agencies" if two else "state_multi"] += 1
            return
        picked = r.sample(cs, 2) if two else [r.choice(cs)]
        invs = [i for c in picked for i in r.sample(self.free(c), min(len(self.free(c)), r.choice([2, 2, 3, 4])))]
        amount = sum((i.due for i in invs), ZERO)
        kind = "state_two_agencies" if two else "state_multi"
        cr = Credit(kind, "bai2", "ctx", amount, self.day(invs, gap=20), p, None, n1=p.full if two else picked[0].n1)
        cr.items = [Item("IV", self.num(i), i.due) for i in invs]
        cr.refs = [("VV", self.voucher(p).split()[-1])]
        cr.note = " + ".join(c.name for c in picked)
        self.add(cr, invs)

    def s_state_named(self) -> None:
        r, p = self.r, self.state()
        c = self.pick(p.custs)
        if c is None:
            self.skipped["state_named"] += 1
            return
        inv = r.choice(self.free(c))
        among = self.named(p.custs, c.tag)
        kind, truth = self.classify("state_named", [inv], self.ways(among, inv.due))
        cr = Credit(kind, "bai2", "ccd", inv.due, self.day([inv], gap=20), p, truth)
        cr.text = self.state_text(p, c, [inv], "named")
        cr.note = f"{c.name}; names {', '.join(x.name for x in among)}"
        self.add(cr, [inv])

    def s_state_bare(self, shared: bool) -> None:
        """``shared``: an amount open at another agency of the state too (a monthly fee)."""
        r, p = self.r, self.state()
        amounts = Counter(i.due for c in p.custs for i in c.invoices)
        cs = [c for c in p.custs if any((amounts[i.due] > 1) == shared for i in self.free(c))]
        if not cs:
            self.skipped["state_bare"] += 1
            return
        c = r.choice(cs)
        inv = r.choice([i for i in self.free(c) if (amounts[i.due] > 1) == shared])
        kind, truth = self.classify("state_bare", [inv], self.ways(p.custs, inv.due))
        cr = Credit(kind, "bai2", "ccd", inv.due, self.day([inv], gap=20), p, truth)
        cr.text = self.state_text(p, c, [inv], "bare")
        cr.note = f"{c.name}; {amounts[inv.due]} open invoices of {inv.due} at the state's agencies"
        self.add(cr, [inv])

    def s_withholding(self) -> None:
        """California withholds 7% of a nonresident's payment for services in California."""
        r, p = self.r, self.payers["CA"]
        c = self.pick(p.custs)
        if c is None:
            self.skipped["withholding"] += 1
            return
        inv = r.choice(self.free(c))
        wh = d2(inv.due * Decimal("0.07"))
        paid = inv.due - wh
        day = self.day([inv], gap=25)
        if r.random() < 0.5:
            cr = Credit("withholding", "bai2", "ctx", paid, day, p, None, n1=c.n1, refs=[("VV", self.digits(7, "2"))])
            cr.items = [Item("IV", self.num(inv), paid, inv.due, ZERO, "WH", wh)]
        else:
            text = r.choice([f"{c.code} INV {inv.number} GROSS {usd(inv.due)} LESS 7% NRA WH {usd(wh)}",
                             f"INV {inv.number} NONRES WITHHOLDING {usd(wh)}"])  # fmt: skip
            cr = Credit("withholding", "bai2", "ccd", paid, day, p, None, text=text)
        cr.caps[inv.number] = paid
        cr.note = f"{c.name}: {inv.due} less 7% {wh}"
        self.add(cr, [inv])

    # ---- federal -------------------------------------------------------------------------------------------
    def fed_ach(self) -> str:
        return "TREAS 310" if self.r.random() < 0.2 else "US TREASURY 220"

    def s_fed_inv(self) -> None:
        r, p = self.r, self.payers["US"]
        c = self.pick(p.custs)
        if c is None:
            self.skipped["fed_inv"] += 1
            return
        invs = r.sample(self.free(c), min(len(self.free(c)), r.choice([1, 1, 1, 2, 3])))
        amount = sum((i.due for i in invs), ZERO)
        day = self.day(invs, gap=15)
        if r.random() < 0.7:
            cr = Credit("fed_inv", "bai2", "ctx", amount, day, p, None, n1=c.n1, ach=self.fed_ach())
            cr.items = [Item("IV", i.number, i.due) for i in invs]
            cr.refs = [("PO", invs[0].po)] if r.random() < 0.6 else []
        else:
            text = f"{self.ach_refs(invs)} {invs[0].po}" if r.random() < 0.5 else self.ach_refs(invs)
            cr = Credit("fed_inv", "bai2", "ccd", amount, day, p, None, text=text, ach=self.fed_ach())
        cr.note = c.name
        self.add(cr, invs)

    def s_fed_po(self) -> None:
        """IPP remittance naming only the contract: every invoice of the customer carries it."""
        r, p = self.r, self.payers["US"]
        c = self.pick(p.custs)
        if c is None:
            self.skipped["fed_po"] += 1
            return
        invs = r.sample(self.free(c), min(len(self.free(c)), r.choice([1, 1, 2])))
        amount = sum((i.due for i in invs), ZERO)
        kind, truth = self.classify("fed_po", invs, self.ways(self.custs, amount, po=c.contract))
        cr = Credit(kind, "bai2", "ctx", amount, self.day(invs, gap=15), p, truth, n1=c.n1, ach=self.fed_ach())
        cr.items = [Item("PO", c.contract, amount)]
        cr.note = f"{c.name}, contract {c.contract}"
        self.add(cr, invs)

    def s_fed_bare(self) -> None:
        r, p = self.r, self.payers["US"]
        c = self.pick(p.custs)
        if c is None:
            self.skipped["fed_bare"] += 1
            return
        inv = r.choice(self.free(c))
        kind, truth = self.classify("fed_bare", [inv], self.ways(p.custs, inv.due))
        text = r.choice(["", f"ALC {self.digits(8, '1')}", f"SCHEDULE {self.digits(6)}"])
        cr = Credit(kind, "bai2", "ccd", inv.due, self.day([inv], gap=15), p, truth, text=text, ach=self.fed_ach())
        cr.note = c.name
        self.add(cr, [inv])

    def s_discount(self, federal: bool = False) -> None:
        """A payer whose terms grant a prompt-pay discount pays within the window, net."""
        r = self.r
        custs = [c for c in self.custs if c.discount and (c.payer.kind == "federal") == federal]
        ok = [(c, i) for c in custs for i in self.free(c) if i.issued >= date(2026, 3, 30)]
        if not ok:
            self.skipped["fed_discount" if federal else "discount"] += 1
            return
        c, inv = r.choice(ok)
        day = self.day([inv], gap=2, hi=inv.issued + timedelta(days=10))
        disc = d2(inv.due * c.discount)
        net = inv.due - disc
        kind = "fed_discount" if federal else "discount"
        p = c.payer
        if federal or r.random() < 0.5:
            cr = Credit(
                kind, "bai2", "ctx", net, day, p, None, n1=c.n1 or p.full, ach=self.fed_ach() if federal else ""
            )
            cr.items = [Item("IV", inv.number, net, inv.due, disc)]
        else:
            lines = [f"INV {inv.number} GROSS {usd(inv.due)} DISC {usd(disc)} NET {usd(net)}"]
            cr = Credit(kind, "bai2", "lockbox", net, day, p, None, text="|".join(lines), check=self.digits(6))
        cr.caps[inv.number], cr.disc_ok[inv.number] = net, disc
        cr.note = f"{c.name} {c.terms}: issued {inv.issued}, {inv.due} less {disc}"
        self.add(cr, [inv])

    # ---- counties and cities -------------------------------------------------------------------------------
    def local(self) -> Payer:
        return self.payers[self.r.choice(["LA"] * 4 + ["HARRIS"] * 3 + ["AUSTIN"] * 3 + ["SD"] * 2 + ["NYC"] * 3)]

    def doc(self, p: Payer) -> str:
        r = self.r
        return {"LA": f"PV {self.digits(9, '2')}", "HARRIS": f"AP {self.digits(8, '1')}",
                "AUSTIN": f"PV{self.digits(8, '2')}", "SD": f"DOC {self.digits(10, '1')}",
                "NYC": f"PV{r.choice(['826', '846', '850'])}{self.digits(8, '2')}"}[p.key]  # fmt: skip

    def local_credit(self, kind: str, p: Payer, c: Cust | None, invs: list[Inv], amount: Decimal, named: str,
                     stub: list[str], truth: list[tuple[str, ...]] | None = None) -> Credit:  # fmt: skip
        """A county's or city's payment: BofA ACH (LA, Austin, San Diego) or BAI2 CCD+ (Harris, NYC) with ``named``
        as its addenda, or a check (LA County and New York City: a warrant, ten digits) in the lockbox with
        ``stub`` keyed from its stub."""
        r = self.r
        day = self.day(invs, gap=30)
        if r.random() < 0.45:
            check = self.digits(10, "1") if p.key in ("LA", "NYC") else self.digits(7, "1")
            return Credit(kind, "bai2", "lockbox", amount, day, p, truth, text="|".join(stub), check=check)
        if p.key in ("LA", "AUSTIN", "SD"):
            return Credit(kind, "bofa", "ach", amount, day, p, truth, text=named)
        return Credit(kind, "bai2", "ccd", amount, day, p, truth, text=named)

    def s_county_inv(self) -> None:
        r, p = self.r, self.local()
        c = self.pick(p.custs)
        if c is None:
            self.skipped["county_inv"] += 1
            return
        invs = r.sample(self.free(c), min(len(self.free(c)), r.choice([1, 1, 1, 2, 3])))
        amount = sum((i.due for i in invs), ZERO)
        named = r.choice([f"{c.abbr} INV {' '.join(i.number for i in invs)} {self.doc(p)}",
                          f"{self.doc(p)} {self.ach_refs(invs)}", self.ach_refs(invs)])[:80]  # fmt: skip
        stub = [f"{c.abbr} {self.doc(p)}", *self.stub(invs)]
        cr = self.local_credit("county_inv", p, c, invs, amount, named, stub)
        cr.kind = "county_check" if cr.how == "lockbox" else "county_inv"
        cr.note = c.name
        self.add(cr, invs)

    def s_county_named(self) -> None:
        r, p = self.r, self.local()
        c = self.pick(p.custs)
        if c is None:
            self.skipped["county_named"] += 1
            return
        inv = r.choice(self.free(c))
        among = self.named(p.custs, c.tag)
        kind, truth = self.classify("county_named", [inv], self.ways(among, inv.due))
        named = r.choice([f"{c.tag} {self.doc(p)}", f"{self.doc(p)} {c.tag}"])
        cr = self.local_credit(kind, p, c, [inv], inv.due, named, [named], truth)
        cr.note = f"{c.name}; names {', '.join(x.name for x in among)}"
        self.add(cr, [inv])

    def s_county_bare(self) -> None:
        r, p = self.r, self.local()
        c = self.pick(p.custs)
        if c is None:
            self.skipped["county_bare"] += 1
            return
        inv = r.choice(self.free(c))
        kind, truth = self.classify("county_bare", [inv], self.ways(p.custs, inv.due))
        cr = self.local_credit(kind, p, c, [inv], inv.due, r.choice(["", self.doc(p)]), [], truth)
        cr.note = c.name
        self.add(cr, [inv])

    def s_retainage(self) -> None:
        """A county, city or transit authority holds back 5% (transit 10%) of a project invoice."""
        r = self.r
        cs = [c for c in self.custs if c.payer.kind in ("county", "transit") or c.payer.key == "NYC"]
        c = self.pick(cs)
        if c is None:
            self.skipped["retainage"] += 1
            return
        inv = r.choice(self.free(c))
        pct = Decimal("0.10") if c.payer.kind == "transit" else Decimal("0.05")
        ret = d2(inv.due * pct)
        paid = inv.due - ret
        text = r.choice([f"INV {inv.number} LESS {int(pct * 100)}% RETAINAGE {usd(ret)}",
                         f"INV {inv.number} {usd(inv.due)} RET {usd(ret)} NET {usd(paid)}",
                         f"{c.abbr} INV {inv.number} RETENTION WITHHELD {usd(ret)}"])[:80]  # fmt: skip
        p = c.payer
        if p.kind == "transit":
            how = r.choice(["wire", "ccd"])
            cr = Credit("retainage", "bai2", how, paid, self.day([inv], gap=20), p, None, text=text)
        else:
            cr = self.local_credit("retainage", p, c, [inv], paid, text, [text])
        cr.caps[inv.number] = paid
        cr.note = f"{c.name}: {inv.due} less {ret} retainage"
        self.add(cr, [inv])

    def s_retainage_release(self) -> None:
        r = self.r
        ok = [i for c in self.custs for i in self.free(c, whole=False) if i.paid > 0]
        if not ok:
            self.skipped["retainage_release"] += 1
            return
        inv = r.choice(ok)
        c, p = inv.cust, inv.cust.payer
        text = r.choice([f"RETAINAGE RELEASE INV {inv.number}", f"RET REL INV {inv.number}",
                         f"{c.abbr} RETENTION PAYMENT INV {inv.number}"])  # fmt: skip
        if p.kind == "transit":
            cr = Credit("retainage_release", "bai2", "ccd", inv.due, self.day([inv], gap=60), p, None, text=text)
        else:
            cr = self.local_credit("retainage_release", p, c, [inv], inv.due, text, [text])
        cr.note = f"{c.name}: {inv.total} paid but {inv.due} retainage"
        self.add(cr, [inv])

    # ---- school districts, universities, transit ---------------------------------------------------------
    def own(self, kinds: tuple[str, ...] = ("school", "univ", "transit")) -> list[Cust]:
        return [c for c in self.custs if c.payer.kind in kinds]

    def s_school_multi(self) -> None:
        """A district or university pays a batch of old invoices by check, the stub listing them."""
        r = self.r
        c = self.pick(self.own(("school", "univ")), 3, before=date(2026, 2, 15))
        if c is None:
            self.skipped["school_multi"] += 1
            return
        old = sorted(self.free(c, before=date(2026, 2, 15)), key=lambda i: i.number)
        invs = old[: r.randint(3, min(len(old), 10))]
        amount = sum((i.due for i in invs), ZERO)
        cr = Credit("school_multi", "bai2", "lockbox", amount, self.day(invs, gap=40), c.payer, None,
                    text="|".join(self.stub(invs)), check=self.digits(6))  # fmt: skip
        cr.note = f"{c.name}: {len(invs)} invoices, oldest {invs[0].issued}"
        self.add(cr, invs)

    def s_check_clash(self) -> None:
        """The check's number is another customer's open invoice number; the stub names the right one."""
        r = self.r
        c = self.pick(self.own(("school",)) + [x for x in self.custs if x.payer.kind in ("county", "city")])
        if c is None:
            self.skipped["check_clash"] += 1
            return
        inv = r.choice(self.free(c))
        other = r.choice([i for i in self.invs if i.cust is not c and i.due != inv.due])
        lines = self.stub([inv])
        p = c.payer
        if p.kind in ("county", "city"):
            lines = [f"{c.abbr} {self.doc(p)}", *lines]
        cr = Credit("check_clash", "bai2", "lockbox", inv.due, self.day([inv], gap=20), p, None,
                    text="|".join(lines), check=other.number)  # fmt: skip
        cr.note = f"{c.name}; check number {other.number} is {other.cust.name}'s invoice ({other.due})"
        self.add(cr, [inv])

    def s_po_only(self, blanket: bool = False) -> None:
        """The payer quotes its purchase order, which the invoice's P.O. Number holds, and no invoice number."""
        r = self.r
        custs = self.own(("school", "univ", "transit"))
        if blanket:
            custs = [c for c in custs if c.fee is not None and sum(i.po == c.contract for i in self.free(c)) >= 2]
        c = self.pick(custs)
        if c is None:
            self.skipped["blanket_po" if blanket else "po_only"] += 1
            return
        if blanket:
            under = sorted((i for i in self.free(c) if i.po == c.contract), key=lambda i: i.issued)
            invs = under if r.random() < 0.5 else under[: r.randint(1, len(under))]
            po = c.contract
        else:
            invs = [r.choice([i for i in self.free(c) if i.po != c.contract] or self.free(c))]
            po = invs[0].po
        amount = sum((i.due for i in invs), ZERO)
        kind, truth = self.classify("blanket_po" if blanket else "po_only", invs,
                                    self.ways(self.custs, amount, po=po))  # fmt: skip
        text = r.choice([f"PO {po}", f"PO# {po}", f"P.O. {po}", po])
        p, day = c.payer, self.day(invs, gap=25)
        roll = r.random()
        if roll < 0.4:
            cr = Credit(kind, "bai2", "lockbox", amount, day, p, truth, text=f"{text} {usd(amount)}",
                        check=self.digits(6))  # fmt: skip
        elif roll < 0.7:
            cr = Credit(kind, "bofa", "ach", amount, day, p, truth, text=text)
        else:
            cr = Credit(kind, "bai2", "ctx", amount, day, p, truth, n1=p.full)
            cr.items = [Item("PO", po, amount)]
        cr.note = f"{c.name}: PO {po} on {len([i for i in c.invoices if i.po == po])} open invoices"
        self.add(cr, invs)

    def s_disputed(self) -> None:
        """Several invoices, one paid short by a line the payer disputes."""
        r = self.r
        c = self.pick(self.own(("school", "univ")), 2)
        if c is None:
            self.skipped["disputed"] += 1
            return
        invs = sorted(r.sample(self.free(c), min(len(self.free(c)), r.randint(2, 4))), key=lambda i: i.number)
        short = r.choice(invs)
        cut = min(d2(short.due * Decimal(r.uniform(0.05, 0.3))), short.due - 1)
        cut = max(cut, Decimal("85.00"))
        paid = [i.due - (cut if i is short else ZERO) for i in invs]
        amount = sum(paid, ZERO)
        day = self.day(invs, gap=30)
        if c.payer.kind == "univ" and r.random() < 0.6:
            cr = Credit("disputed", "bai2", "ctx", amount, day, c.payer, None, n1=c.payer.full)
            cr.items = [Item("IV", i.number, a, i.due if i is short else None, ZERO, "DS" if i is short else "",
                             cut if i is short else ZERO) for i, a in zip(invs, paid)]  # fmt: skip
        else:
            lines = self.stub(invs, paid)
            k = invs.index(short)
            lines[k] += r.choice([f" SHORT {usd(cut)} DISPUTED", f" LESS {usd(cut)} DISPUTED LINE",
                                  f" ({usd(cut)} NOT RECEIVED)"])  # fmt: skip
            cr = Credit("disputed", "bai2", "lockbox", amount, day, c.payer, None, text="|".join(lines),
                        check=self.digits(6))  # fmt: skip
        cr.caps = {i.number: a for i, a in zip(invs, paid)}
        cr.note = f"{c.name}: {short.number} short {cut}"
        self.add(cr, invs)

    def s_univ(self, how: str) -> None:
        """The UC Regents pay for the campuses: naming the invoice, the campus, or neither."""
        r, p = self.r, self.payers["UC"]
        c = self.pick(p.custs)
        if c is None:
            self.skipped[f"univ_{how}"] += 1
            return
        inv = r.choice(self.free(c))
        day = self.day([inv], gap=30)
        if how == "inv":
            text = r.choice([f"{c.abbr} {self.ach_refs([inv])}", f"UC {c.tag} INV {inv.number}", inv.number])
            cr = Credit("univ_inv", "bai2", "ccd", inv.due, day, p, None, text=text)
        else:
            among = self.named(p.custs, c.tag) if how == "named" else p.custs
            kind, truth = self.classify(f"univ_{how}", [inv], self.ways(among, inv.due))
            text = r.choice([f"UC {c.tag} PMT {self.digits(8, '2')}", f"{c.tag} CAMPUS AP"]) if how == "named" else ""
            cr = Credit(kind, "bai2", "ccd", inv.due, day, p, truth, text=text)
        cr.note = c.name
        self.add(cr, [inv])

    def s_own_inv(self) -> None:
        r = self.r
        c = self.pick(self.own())
        if c is None:
            self.skipped["own_inv"] += 1
            return
        invs = r.sample(self.free(c), min(len(self.free(c)), r.choice([1, 1, 1, 2, 2, 3])))
        amount = sum((i.due for i in invs), ZERO)
        text = self.ach_refs(invs)
        if c.payer.key in ("UC", "MTA"):
            text = f"{c.abbr} {text}"
        file = "bofa" if r.random() < 0.5 else "bai2"
        cr = Credit("own_inv", file, "ach" if file == "bofa" else "ccd", amount, self.day(invs, gap=25), c.payer,
                    None, text=text)  # fmt: skip
        cr.note = c.name
        self.add(cr, invs)

    def s_wire(self) -> None:
        r = self.r
        c = self.pick([x for x in self.own(("transit", "univ")) if x.payer.key in ADDRESS])
        if c is None:
            self.skipped["wire_inv"] += 1
            return
        invs = r.sample(self.free(c), min(len(self.free(c)), r.choice([1, 1, 2])))
        amount = sum((i.due for i in invs), ZERO)
        text = f"{self.ach_refs(invs)} {invs[0].po}" if r.random() < 0.4 else self.ach_refs(invs)
        if c.payer.key in ("UC", "MTA"):
            text = f"{c.abbr} {text}"
        cr = Credit("wire_inv", "bai2", "wire", amount, self.day(invs, gap=20), c.payer, None, text=text)
        cr.note = c.name
        self.add(cr, invs)

    def s_own_bare(self, alike: bool = False) -> None:
        """An ACH naming no invoice: by the payer alone (``alike``: a 16-character name several payers share)."""
        r = self.r
        if alike:
            custs = [c for c in self.custs if c.payer.alike]
        else:
            custs = [c for c in self.own() if not c.payer.alike and len(c.payer.custs) == 1]
        c = self.pick(custs)
        if c is None:
            self.skipped["alike_bare" if alike else "own_bare"] += 1
            return
        free = self.free(c)
        if r.random() < 0.25 and len(free) == len([i for i in c.invoices if i.due > 0]) and len(free) > 1:
            invs = free  # the whole balance
        else:
            invs = r.sample(free, min(len(free), r.choice([1, 1, 1, 2])))
        amount = sum((i.due for i in invs), ZERO)
        among = self.pool(c.payer, cut=True)
        kind, truth = self.classify("alike_bare" if alike else "own_bare", invs, self.ways(among, amount))
        text = r.choice(["", "", f"PMT {self.digits(8, '2')}", "VENDOR PAYMENT"])
        file = "bofa" if r.random() < 0.5 else "bai2"
        cr = Credit(kind, file, "ach" if file == "bofa" else "ccd", amount, self.day(invs, gap=25), c.payer, truth,
                    text=text)  # fmt: skip
        cr.note = f"{c.name}; payer could be {', '.join(x.name for x in among)}"
        self.add(cr, invs)

    def s_mobile(self) -> None:
        r = self.r
        c = self.pick(self.own(("school",)))
        if c is None:
            self.skipped["mobile_check"] += 1
            return
        inv = r.choice(self.free(c))
        cr = Credit("mobile_check", "bofa", "mobile", inv.due, self.day([inv], gap=20), c.payer, None)
        cr.note = f"a check from {c.name}: the bank line names nobody"
        self.add(cr, [inv])

    # ---- non-customer credits and debits ------------------------------------------------------------------
    def noncustomer(self) -> None:
        r = self.r
        ind = self.payers["TX"].vendor

        def tempting(custs: list[Cust]) -> Decimal:
            ok = [i.due for c in custs for i in c.invoices if i.due > 0]
            return r.choice(ok) if ok and r.random() < 0.6 else d2(Decimal(r.randint(5000, 900000)) / 100)

        tx, us = self.payers["TX"].custs, self.payers["US"].custs
        # (file, BAI2 type code, ACH originator, entry description, addenda or text, amount)
        specs: list[tuple[str, str, str, str, str, Decimal]] = []
        for _ in range(3):
            specs += [
                (
                    "bai2",
                    "165",
                    "STATE OF TEXAS",
                    "TAX REFUND",
                    f"FRANCHISE TAX REFUND RPT {self.digits(11)}",
                    tempting(tx),
                ),
                (
                    "bai2",
                    "165",
                    "US TREASURY 220",
                    "MISC PAY",
                    f"ASAP DRAWDOWN REQ {self.digits(7)} EPA GRANT {r.choice(['84', '96'])}{self.digits(6)}",
                    tempting(us),
                ),
                ("bai2", "354", "", "", "INTEREST CREDIT", d2(Decimal(r.randint(1500, 48000)) / 100)),
                ("bofa", "", "IRS TREAS 310", "TAX REF", "", d2(Decimal(r.randint(20000, 900000)) / 100)),
                (
                    "bofa",
                    "",
                    "HARRIS COUNTY",
                    "REFUND",
                    f"PERMIT FEE REFUND {self.digits(7)}",
                    tempting(self.payers["HARRIS"].custs),
                ),
                ("bofa", "", "CITY OF AUSTIN", "UTIL REFND", "", tempting(self.payers["AUSTIN"].custs)),
            ]
        specs += [
            ("bai2", "165", "STATE OF TEXAS", "UNCLM PROP", f"UNCLAIMED PROPERTY CLAIM {self.digits(8)}",
             tempting(tx)),
            ("bai2", "165", "FRANCHISE TAX BD", "CASTTAXRFD", "", d2(Decimal(r.randint(8000, 300000)) / 100)),
            ("bai2", "206", "", "", f"BOOK TRANSFER CREDIT FROM ACCT 4127730117 {words(US)} MMDA",
             Decimal(r.choice([25000, 50000, 100000]))),
            ("bofa", "", "", "", f"Online Banking transfer from SAV 4471 Confirmation# {self.digits(10)}",
             Decimal(r.choice([10000, 20000, 5000]))),
            ("bofa", "", "", "", "Interest Earned", d2(Decimal(r.randint(300, 9000)) / 100)),
            ("bofa", "", "THE HARTFORD", "CLAIM PMT", f"CLAIM {self.digits(8)} VEHICLE",
             d2(Decimal(r.randint(50000, 900000)) / 100)),
        ]  # fmt: skip
        for file, code, orig, descr, text, amount in specs:
            day = r.choice(DAYS)
            if not orig:
                cr = Credit("noncustomer", file, "other", amount, day, None, None, text=text, code=code)
            elif file == "bai2":
                y = f"{day:%y%m%d}"
                full = (f"ORIG CO NAME:{orig:<16} ORIG ID:{self.digits(10)} DESC DATE:{y} CO ENTRY DESCR:{descr:<10} "
                        f"SEC:{'PPD' if 'TREAS 310' in orig else 'CCD'} TRACE#:0{self.digits(14)} EED:{y} IND ID:"
                        f"{ind:<15} IND NAME:{INDN22}")  # fmt: skip
                cr = Credit("noncustomer", file, "other", amount, day, None, None, code=code,
                            text=full + (f"|PMT INFO:{text}" if text else ""))  # fmt: skip
            else:
                full = f"{orig} DES:{descr} ID:{self.digits(9)} INDN:{INDN22} CO ID:{self.digits(10)} CCD"
                cr = Credit("noncustomer", file, "other", amount, day, None, None, text=full + (
                    f" PMT INFO:{text}" if text else ""))  # fmt: skip
            cr.note = f"{orig or 'bank'} {descr}".strip()
            self.credits.append(cr)
        debits = [("bai2", "475", "CHECK PAID"),
                  ("bai2", "455", "ORIG CO NAME:ADP PAYROLL ORIG ID:9659605001 CO ENTRY DESCR:PAYROLL SEC:CCD"),
                  ("bai2", "495", "WIRE TYPE:FED OUT BNF=EUROFINS ENVIRONMENT TESTING OBI=INV 88{d4}"),
                  ("bai2", "455", "ORIG CO NAME:FISHER SCIENTIFI ORIG ID:1251071080 CO ENTRY DESCR:AP SEC:CCD"),
                  ("bofa", "", "AUSTIN ENERGY DES:UTIL PMT ID:{d9} INDN:" + INDN22 + " CO ID:1746000001 PPD"),
                  ("bofa", "", "ENTERPRISE FM TRU DES:LEASE ID:{d9} INDN:" + INDN22 + " CO ID:1431260001 CCD"),
                  ("bofa", "", "Online Banking transfer to CHK 9920 Confirmation# {d10}")]  # fmt: skip
        for k in range(14):
            file, code, text = debits[k % len(debits)]
            text = text.format(d4=self.digits(4), d9=self.digits(9), d10=self.digits(10))
            amount = -d2(Decimal(r.randint(5000, 4500000)) / 100)
            self.credits.append(Credit("debit", file, "other", amount, r.choice(DAYS), None, None, text=text,
                                       code=code))  # fmt: skip

    def sweeps(self) -> None:
        """The lockbox account is swept into the operating account each day it took checks."""
        by_day: dict[date, Decimal] = defaultdict(Decimal)
        for cr in self.credits:
            if cr.how == "lockbox":
                cr.acct = LOCKBOX
                by_day[cr.day] += cr.amount
        for day, amt in sorted(by_day.items()):
            text = f"ZBA CREDIT TRANSFER FROM ACCT {LOCKBOX}"
            cr = Credit("noncustomer", "bai2", "other", amt, day, None, None, text=text, code="275")
            cr.note = "lockbox sweep"
            self.credits.append(cr)
            db = Credit("debit", "bai2", "other", -amt, day, None, None, text=f"ZBA DEBIT TRANSFER TO ACCT {OPER}")
            db.code, db.acct = "575", LOCKBOX
            self.credits.append(db)

    def build(self) -> World:
        r = self.r
        self.customers()
        self.ledger()
        plan: list[tuple[Any, tuple[Any, ...], int]] = [
            (self.s_state_inv, (), 20), (self.s_state_multi, (), 7), (self.s_state_multi, (True,), 3),
            (self.s_state_named, (), 8), (self.s_state_bare, (True,), 8), (self.s_state_bare, (False,), 6),
            (self.s_withholding, (), 4), (self.s_fed_inv, (), 8), (self.s_fed_po, (), 5), (self.s_fed_bare, (), 5),
            (self.s_discount, (True,), 2), (self.s_discount, (), 5), (self.s_county_inv, (), 20),
            (self.s_county_named, (), 6), (self.s_county_bare, (), 8), (self.s_retainage, (), 5),
            (self.s_retainage_release, (), 4), (self.s_check_clash, (), 3), (self.s_school_multi, (), 8),
            (self.s_po_only, (), 6), (self.s_po_only, (True,), 4), (self.s_disputed, (), 5), (self.s_univ, ("inv",), 3),
            (self.s_univ, ("named",), 3), (self.s_univ, ("bare",), 3), (self.s_own_inv, (), 12), (self.s_wire, (), 4),
            (self.s_own_bare, (), 8), (self.s_own_bare, (True,), 6), (self.s_mobile, (), 3),
        ]  # fmt: skip
        steps = [(f, a) for f, a, n in plan for _ in range(n)]
        r.shuffle(steps)
        for f, a in steps:
            f(*a)
        self.settle()
        self.noncustomer()
        self.sweeps()
        return self

    # ---- files ---------------------------------------------------------------------------------------------
    def write(self, out: Path) -> None:
        self.write_qbo(out / LEDGER)
        self.write_bai2(out / BAI)
        self.write_bofa(out / BOFA)
        (out / "arsync.yaml").write_text(f"version: 1\nreports:\n  company_name: {US}\n", encoding="utf-8")

    def write_qbo(self, path: Path) -> None:
        head = ["", "Date", "Transaction type", "Num", "P.O. Number", "Memo/Description", "Term", "Due date",
                "Amount", "Open balance"]  # fmt: skip
        rows: list[list[str]] = [[US], ["Open Invoices"], ["As of April 30, 2026"], [], head]
        blank = [""] * (len(head) - 3)
        grand_amt = grand_open = ZERO
        for c in sorted(self.custs, key=lambda x: x.name.lower()):
            docs = sorted((i for i in c.invoices if i.due > 0), key=lambda i: (i.issued, int(i.number)))
            if not docs:
                continue
            rows.append([c.name] + [""] * (len(head) - 1))
            for i in docs:
                rows.append(["", f"{i.issued:%m/%d/%Y}", "Invoice", i.number, i.po, i.memo, c.terms,
                             f"{i.due_date:%m/%d/%Y}", usd(i.total), usd(i.due)])  # fmt: skip
            a, o = sum((i.total for i in docs), ZERO), sum((i.due for i in docs), ZERO)
            grand_amt, grand_open = grand_amt + a, grand_open + o
            rows.append([f"Total for {c.name}", *blank, usd(a), usd(o)])
        rows += [["TOTAL", *blank, usd(grand_amt), usd(grand_open)], [], [],
                 ["Accrual Basis Friday, May 1, 2026 07:48 AM GMT-05:00"]]  # fmt: skip
        with path.open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)

    def ach_text(self, cr: Credit, sec: str) -> str:
        p = cr.payer
        assert p is not None
        y = f"{cr.day:%y%m%d}"
        indn = INDN16 if sec == "CTX" else INDN22
        return (f"ORIG CO NAME:{cr.ach or p.ach:<16} ORIG ID:{p.oid} DESC DATE:{y} CO ENTRY DESCR:"
                f"{self.r.choice(p.descr):<10} SEC:{sec} TRACE#:0{self.digits(14)} EED:{y} IND ID:{p.vendor:<15} "
                f"IND NAME:{indn}")  # fmt: skip

    def x12(self, cr: Credit) -> list[str]:
        """The 820 segments of a CTX entry, packed into 88 records."""
        p = cr.payer
        assert p is not None
        r = self.r
        segs = [f"ST*820*{self.digits(4)}", f"BPR*C*{cr.amount}*C*ACH*CTX*01*{r.choice(ABA)}*DA*{self.digits(10)}",
                f"TRN*1*{self.digits(10)}*1{p.oid[1:]}", *(f"REF*{q}*{v}" for q, v in cr.refs),
                f"DTM*097*{cr.day:%Y%m%d}", f"N1*PR*{cr.n1 or p.full}", f"N1*PE*{words(US)}", "ENT*1"]  # fmt: skip
        for it in cr.items:
            els = ["RMR", it.qual, it.ref, "PI", f"{it.paid:.2f}"]
            if it.gross is not None:
                els.append(f"{it.gross:.2f}")
                if it.disc or it.adj:
                    els.append(f"{it.disc:.2f}" if it.disc else "")
                if it.adj:
                    els += [it.reason, f"{it.adj:.2f}"]
            segs.append("*".join(els))
        segs.append(f"SE*{len(segs) + 1}*{self.digits(4)}")
        out, cur = [], ""
        for s in segs:
            s += "\\"
            if cur and len(cur) + len(s) > 77:
                out.append(cur)
                cur = ""
            cur += s
        return [*out, cur]

    def bai2_lines(self, cr: Credit) -> tuple[str, str, str, list[str]]:
        """(type code, customer reference, 16 text, 88 continuations)."""
        r = self.r
        if cr.how == "other":
            parts = cr.text.split("|")
            cr.shown = " ".join(parts)
            return cr.code, (self.digits(6) if cr.code == "475" else ""), parts[0], parts[1:]
        p = cr.payer
        assert p is not None
        if cr.how == "lockbox":
            head = f"LOCKBOX 771204 BATCH {r.randint(1, 30):03d} ITEM {r.randint(1, 80):03d} CHECK {cr.check}"
            cont = [f"REMITTER:{p.full} ABA:{r.choice(ABA)} ACCT:XXXXXX{self.digits(4)}"]
            cont += [x for x in cr.text.split("|") if x]
            cr.shown = " ".join([head, *cont])
            return "116", cr.check, head, cont
        if cr.how == "wire":
            y = f"{cr.day:%y%m%d}"
            head = f"WIRE TYPE:FED IN DATE:{y} TIME:{r.randint(8, 16):02d}{r.randint(0, 59):02d} ET TRN:{y}" + (
                self.digits(6))  # fmt: skip
            bo = f"B/O {p.full}" if r.random() < 0.5 else f"ORG=/{self.digits(10)} {p.full}"
            cont = [f"{bo} {ADDRESS.get(p.key, '')}".rstrip(), f"OBI={cr.text}"]
            cr.shown = " ".join([head, *cont])
            return "195", "", head, cont
        sec = "CTX" if cr.how == "ctx" else "CCD"
        text = self.ach_text(cr, sec)
        cont = self.x12(cr) if sec == "CTX" else ([f"PMT INFO:{cr.text[:80]}"] if cr.text else [])
        cr.shown = " ".join([text, *cont])
        return r.choice(["165", "165", "142"]), "", text, cont

    def write_bai2(self, path: Path) -> None:
        r = self.r
        lines = [f"01,121000248,TRIPOINT01,{END + timedelta(days=1):%y%m%d},0530,{r.randint(100, 999)},,,2/"]
        file_total, groups = 0, 0
        balances = {OPER: r.randint(10**8, 5 * 10**8), LOCKBOX: 0}
        mine = [cr for cr in self.credits if cr.file == "bai2"]
        for day in sorted({cr.day for cr in mine}):
            groups += 1
            g_start = len(lines)
            lines.append(f"02,TRIPOINT01,121000248,1,{day:%y%m%d},2400,USD,2/")
            group_total = 0
            for acct in (OPER, LOCKBOX):
                todays = [cr for cr in mine if cr.day == day and cr.acct == acct]
                todays.sort(key=lambda x: x.amount < 0)
                cents = [int(abs(cr.amount) * 100) for cr in todays]
                cr_sum = sum(c for c, cr in zip(cents, todays) if cr.amount > 0)
                dr_sum = sum(c for c, cr in zip(cents, todays) if cr.amount < 0)
                n_cr = sum(cr.amount > 0 for cr in todays)
                opening = balances[acct]
                closing = opening + cr_sum - dr_sum
                balances[acct] = closing
                a_start = len(lines)
                lines.append(f"03,{acct},USD,010,{opening},,,015,{closing},,,100,{cr_sum},{n_cr},,400,{dr_sum},"
                             f"{len(todays) - n_cr},/")  # fmt: skip
                total = opening + closing + cr_sum + dr_sum
                for cr, cent in zip(todays, cents):
                    code, cref, text, cont = self.bai2_lines(cr)
                    cr.line = len(lines) + 1
                    bref = f"{day:%y%m%d}{self.digits(8)}"
                    lines += bai2_wrap(f"16,{code},{cent},0,{bref},{cref},", text, cont)
                    total += cent
                lines.append(f"49,{total},{len(lines) - a_start + 1}/")
                group_total += total
            lines.append(f"98,{group_total},2,{len(lines) - g_start + 1}/")
            file_total += group_total
        lines.append(f"99,{file_total},{groups},{len(lines) + 1}/")
        path.write_text("\n".join(lines) + "\n", encoding="ascii")

    def bofa_text(self, cr: Credit) -> str:
        if cr.how == "other":
            return cr.text
        p = cr.payer
        assert p is not None
        if cr.how == "mobile":
            return f"BKOFAMERICA MOBILE {cr.day:%m/%d} {self.digits(10)} DEPOSIT *MOBILE TX"
        text = f"{cr.ach or p.ach} DES:{self.r.choice(p.descr)} ID:{p.vendor} INDN:{INDN22} CO ID:{p.oid} CCD"
        return text + (f" PMT INFO:{cr.text[:80]}" if cr.text else "")

    def write_bofa(self, path: Path) -> None:
        rows = sorted((cr for cr in self.credits if cr.file == "bofa"), key=lambda x: (x.day, -x.amount))
        write_bofa_checking(path, rows, Decimal("143877.52"), START, END, self.bofa_text)


# ---- checks and scoring --------------------------------------------------------------------------------------
def check_parse(world: World, out: Path) -> list[str]:
    """Every line written is read, once, with its amount and date; a CTX entry with its RMR items."""
    code, doc, err = run([str(ARSYNC), "bank", "parse", BAI, BOFA, "--json"], out)
    if doc is None:
        return [f"bank parse refused (exit {code}): {err.strip()[:2000]}"]
    by = {(Path(t["source"]["file"]).name, t["source"]["line"]): t for t in doc["transactions"]}
    problems = []
    for cr in world.credits:
        t = by.pop((cr.fname, cr.line), None)
        if t is None or Decimal(t["amount"]) != cr.amount or t["date"] != cr.day.isoformat():
            problems.append(f"{cr.fname}:{cr.line} {cr.amount} {cr.day} read as {t and (t['amount'], t['date'])}")
            continue
        if cr.how == "ctx":
            got = [(i["references"][0]["value"] if i["references"] else "", Decimal(i["amount"])) for i in t["items"]]
            want = [(it.ref, it.paid) for it in cr.items]
            if got != want:
                problems.append(f"{cr.fname}:{cr.line} RMR items read {got[:3]}, written {want[:3]}")
    return problems + [f"{k[0]}:{k[1]} read but never written" for k in by]


def amount_problems(world: World, cr: Credit, autos: list[Match]) -> list[str]:
    """What an auto does beyond its invoice set: more than an invoice's open amount, than the payer said it paid on
    it, or than the payment; a write-off beyond the earned discount and the tolerance."""
    why = []
    got = applied(autos)
    for n, a in got.items():
        inv = world.by_number.get(n)
        if inv is not None and a > inv.due:
            why.append(f"applies {a} to {n}, open {inv.due}")
        elif n in cr.caps and a > cr.caps[n] + cr.disc_ok.get(n, ZERO):
            why.append(f"applies {a} to {n}, the payer paid {cr.caps[n]} on it")
    if sum(got.values(), ZERO) > cr.amount:
        why.append(f"applies {sum(got.values(), ZERO)}, more than the payment {cr.amount}")
    for m in autos:
        wo = Decimal(m.get("write_off") or 0)
        if not wo:
            continue
        nums = [i["number"] for i in m.get("invoices", [])]
        opened = sum((world.by_number[n].due for n in nums if n in world.by_number), ZERO)
        allowed = sum((cr.disc_ok.get(n, ZERO) for n in nums), ZERO) + min(TOL_ABS, d2(opened * TOL_PCT))
        if wo > allowed:
            why.append(f"writes off {wo} on {'+'.join(nums)}; allowed {allowed} (earned discount + tolerance)")
    return why


def score(world: World, doc: dict[str, Any], show: str) -> None:
    raw = matches_by(doc, file_line)
    got: dict[tuple[str, int], list[Match]] = {}
    problems: dict[tuple[str, int], list[str]] = {}
    partial: set[tuple[str, int]] = set()
    for cr in world.credits:
        key = (cr.fname, cr.line)
        ms = [dict(m) for m in raw.get(key, [])]
        autos = [m for m in ms if m.get("decision") == "auto"]
        want = set(cr.truth[0]) if cr.truth and len(cr.truth) == 1 else set()
        if autos and cr.amount > 0 and cr.kind not in REVIEW and cr.truth is not None:
            why = amount_problems(world, cr, autos)
            picked = set(applied(autos))
            if why:  # the right invoices, wrong amounts: labelled with their amounts, so that no truth fits
                problems[key] = why
                for m in autos:
                    m["invoices"] = [{**i, "number": f"{i['number']}={i.get('applied')}"} for i in m["invoices"]]
            elif picked < want:
                partial.add(key)
                for m in autos:
                    m["decision"] = "suggest"
                    bench = {"feature": "bench", "weight": 0, "detail": f"auto; {len(picked)} of {len(want)}"}
                    m["reasons"] = [*m.get("reasons", []), bench]
        got[key] = ms

    def header(key: tuple[str, int], cr: Credit) -> str:
        items = "; ".join(
            f"{it.qual}:{it.ref} paid {it.paid}" + (f" of {it.gross}" if it.gross is not None else "")
            + (f" disc {it.disc}" if it.disc else "") + (f" adj {it.reason} {it.adj}" if it.adj else "")
            for it in cr.items[:6]
        )  # fmt: skip
        listed = f"\n    items: {items}" if items else ""
        head = f"{key[0]}:{key[1]} {cr.day} USD {cr.amount} note={cr.note!r}"
        return f"{head}\n    line: {cr.shown[:600]}{listed}"

    def ledger(cr: Credit, picked: tuple[str, ...]) -> None:
        for p in problems.get((cr.fname, cr.line), []):
            print(f"    WRONG: {p}")
        truth = {n for t in cr.truth or [] for n in t}
        for tag, nums in (("truth", sorted(truth)[:8]), ("picked", [p.split("=")[0] for p in picked][:8])):
            for n in nums:
                inv = world.by_number.get(n)
                if inv is not None and (tag == "truth" or n not in truth):
                    print(f"    {tag} {n}: {inv.cust.name}, {inv.issued}, PO {inv.po or '-'}, total {inv.total}, "
                          f"open {inv.due}")  # fmt: skip

    verdicts: dict[tuple[str, int], tuple[Credit, Verdict]] = {}
    keyed = [((cr.fname, cr.line), cr) for cr in sorted(world.credits, key=lambda x: (x.fname, x.line))]
    table = score_credits(keyed, got, show, header, review=REVIEW, ledger=ledger, applied=True,
                          judged=lambda k, c, v: verdicts.__setitem__(k, (c, v)))  # fmt: skip
    for key in partial:
        cr, v = verdicts[key]
        if v.outcome == "suggest wrong":
            table[cr.kind]["suggest wrong"] -= 1
            table[cr.kind]["suggest ok"] += 1
        verdicts[key] = (cr, Verdict(v.decision, v.picked, "partly auto", v.payable))
    for key, (cr, v) in verdicts.items():  # a suggestion of any of the interchangeable sets is safe
        if cr.alts and v.outcome == "suggest wrong" and v.picked in cr.alts:
            table[cr.kind]["suggest wrong"] -= 1
            table[cr.kind]["suggest ok"] += 1
            verdicts[key] = (cr, Verdict(v.decision, v.picked, "suggest ok", v.payable))
    report(table, CLERK)
    causes: Counter[str] = Counter()
    for key, (cr, v) in verdicts.items():
        if v.outcome != "AUTO WRONG":
            continue
        why = " ".join(problems.get(key, []))
        if "more than" in why or ", open " in why or "paid" in why:
            cause = "more than an invoice's open amount, what the payer paid on it, or the payment"
        elif "writes off" in why:
            cause = "right invoices, a write-off beyond the earned discount and the tolerance"
        elif cr.alts and v.picked in cr.alts:
            cause = "not the oldest of the payer's interchangeable invoices (convention kinds)"
        elif cr.kind in REVIEW:
            cause = f"a line a person must decide ({cr.kind})"
        elif cr.truth is None:
            cause = "a non-customer credit applied to invoices"
        else:
            cause = "invoices the payer did not pay"
        causes[cause] += 1
    print("wrong autos by cause:", dict(causes) or "none")
    print(f"lines auto-applied in part (right so far, the rest left to a person; counted as suggestions): "
          f"{len(partial)}")  # fmt: skip
    over_open(world, doc)
    left_groups(raw, verdicts)


def over_open(world: World, doc: dict[str, Any]) -> None:
    """Autos of all lines together against each invoice's open amount."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    lines: dict[str, list[str]] = defaultdict(list)
    for m in doc.get("matches", []):
        if m.get("decision") != "auto":
            continue
        for i in m.get("invoices", []):
            total[i["number"]] += Decimal(i.get("applied") or 0)
            lines[i["number"]].append(f"{m['bank']['file']}:{m['bank']['line']}")
    bad = [f"{n}: autos apply {a} (lines {', '.join(lines[n])}), open {world.by_number[n].due}"
           for n, a in total.items() if n in world.by_number and a > world.by_number[n].due]  # fmt: skip
    print(
        f"invoices whose autos over all lines exceed the open amount: {len(bad)}" + "".join(f"\n    {b}" for b in bad)
    )


def left_groups(
    raw: dict[tuple[str, int], list[Match]], verdicts: dict[tuple[str, int], tuple[Credit, Verdict]]
) -> None:
    groups: dict[tuple[str, str], list[Credit]] = defaultdict(list)
    for cr, v in verdicts.values():
        if v.payable and v.outcome not in ("auto ok", "AUTO WRONG"):
            groups[(cr.kind, v.outcome)].append(cr)
    print("\npayable credits left to a person, by kind and outcome:")
    for (kind, outcome), crs in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        cr = crs[0]
        ms = raw.get((cr.fname, cr.line), [])
        m = next((x for x in ms if x.get("decision") != "auto"), ms[0] if ms else None)
        said = f"{m.get('decision')} {label(m)}: {reasons(m)}" if m else "no output"
        print(f"  {kind} / {outcome}: {len(crs)}; e.g. {cr.fname}:{cr.line} {cr.day} {cr.amount} "
              f"{cr.shown[:220]!r}\n      truth {cr.truth}; {said[:500]}")  # fmt: skip


def main() -> int:
    args = arguments(__doc__)
    try:
        world = World(args.seed).build()
        with workdir(args.keep, "bench_public_") as out:
            world.write(out)
            kinds = Counter(cr.kind for cr in world.credits)
            n_open = sum(i.due > 0 for i in world.invs)
            n_in = sum(cr.amount > 0 for cr in world.credits)
            print(f"seed {args.seed}: {len(world.custs)} customers, {n_open} open invoices, {n_in} credits + "
                  f"{kinds['debit']} debits; files in {out}")  # fmt: skip
            if world.skipped:
                print("scenarios without a fitting customer:", dict(world.skipped))
            for problem in check_parse(world, out):
                print("PARSE:", problem)
            banks = ["--bank", BAI, "--bank", BOFA]
            doc = match(out, *banks, "--ledger", LEDGER, "--currency", "USD", "--date-format", "mdy", timed=True)
            if doc is not None:
                score(world, doc, args.show)
    except Exception:  # a benchmark reports, it does not fail
        traceback.print_exc(file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
