"""``arsync bench match``: a seeded generator of statements and ledgers with known answers, and a scorer.

The generator draws customers (some with similar names, bank accounts, parent companies paying for
them), invoices (some with the same round amounts across customers, some in EUR) and a bank statement
that pays them the ways real customers do: exact and mangled references, typos, name only, truncated
payer names, one payment for several invoices, instalments, partial, short and over payments, foreign
currency, batched credits with remittance items, RF references, and credits that are not customer
payments at all (interest, refunds, transfers). Every payment carries the invoices it truly pays.

The scorer reports precision of auto decisions, the auto rate over matchable payments and at invoice
level, suggestion and ambiguity rates, a per-kind breakdown and the run time.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import resource
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel

from arsync.matching.engine import match_statement
from arsync.matching.references import make_rf
from arsync.matching.result import MatchResult
from arsync.matching.settings import FxRate, MatchingSettings
from arsync.models import Invoice, Money, Party, Reference, RemittanceItem, SourceRef, StatementLine

__all__ = ["LEGAL_FORMS", "BenchData", "generate", "run_bench", "score"]

_FIRST = """Acme Apex Atlas Aurora Beacon Birch Blue Bright Cedar Cobalt Coastal Copper Crest Crown Delta Eagle
Echo Ember Evergreen Falcon Fern Forge Frontier Galaxy Garnet Granite Harbor Hawk Highland Horizon Iron
Jade Juniper Keystone Lakeside Liberty Lunar Maple Meadow Metro Midland Monarch Nova Oak Orbit Pacific
Peak Pine Pioneer Polar Prairie Quantum Quartz Redwood Ridge River Rocky Sage Sierra Silver Solar Spruce
Sterling Stone Summit Sun Terra Titan Trident Union Valley Vertex Vista Willow Zenith Northern Southern
Western Eastern Central Golden Royal United Allied Premier""".split()
_SECOND = """Industries Foods Logistics Systems Dental Motors Builders Labs Media Partners Supplies Energy Textiles
Analytics Bakery Brewing Capital Cleaning Consulting Design Electric Engineering Farms Fitness Freight
Garden Health Hospitality Imports Interiors Legal Lighting Machinery Marine Medical Metals Mining Network
Optics Packaging Paper Pharma Plastics Plumbing Printing Properties Retail Robotics Roofing Security
Software Solar Steel Studios Telecom Tools Transport Travel Ventures Water Wireless""".split()
_SUFFIX = ["Ltd", "Inc", "LLC", "GmbH", "Corp", "Co", "Limited", "Group", "& Sons", "Holdings", "", "", ""]
LEGAL_FORMS = frozenset({"LTD", "INC", "LLC", "GMBH", "CORP", "CO", "LIMITED"})  # what banks drop from a name
_NOISE = ["ACH CREDIT", "SEPA CT", "WIRE IN", "FPS CREDIT", "BACS", "INCOMING TRANSFER", "CREDIT", ""]
_NON_CUSTOMER = [
    ("INTEREST PAYMENT", "FIRST NATIONAL BANK"),
    ("REFUND ORDER", "AMAZON MARKETPLACE"),
    ("TRANSFER FROM SAVINGS", "OWN ACCOUNT"),
    ("VAT REFUND", "HMRC"),
    ("CARD SETTLEMENT", "WORLDPAY"),
    ("INSURANCE CLAIM SETTLEMENT", "ZURICH INSURANCE"),
    ("SUPPLIER REBATE", "OFFICE DEPOT"),
    ("LOAN DRAWDOWN", "BUSINESS LOANS DEPT"),
]
KINDS = (
    "exact_ref",
    "mangled_ref",
    "typo_ref",
    "name_only",
    "one_to_many",
    "many_to_one",
    "partial",
    "short_pay",
    "overpay",
    "fx",
    "remittance_items",
    "rf_reference",
    "same_amount",
    "alias_payer",
    "unknown_payer",
    "non_customer",
)
_WEIGHTS = (23, 10, 3, 22, 8, 3, 3, 5, 2, 3, 3, 3, 3, 2, 2, 6)
EUR_USD = Decimal("1.0850")


@dataclass
class BenchData:
    """A generated ledger and statement with the answers."""

    parties: list[Party]
    invoices: list[Invoice]
    lines: list[StatementLine]
    truth: dict[tuple[int, int | None], frozenset[str]]
    kinds: dict[tuple[int, int | None], str]
    settings: MatchingSettings = field(default_factory=MatchingSettings)


_PLACE = """Bay Canyon Harbour Lake Metro Park River Valley Coast County Delta Hill Island Mesa Plains Port Ridge
Shore Vale Woods Creek Falls Field Glen Grove Heights Hollow Point Springs Bridge Mill Station Square Street""".split()


def _coined_words(count: int) -> list[str]:
    """Made-up brand words ("Kavor", "Tenil"), the same on every run, none of them in ``_FIRST``."""
    rng = random.Random(0)
    onsets, vowels, codas = "bdfgklmnprstvz", "aeiou", ["", "n", "r", "x", "s", "l"]
    seen = set(_FIRST)
    words: list[str] = []
    while len(words) < count:
        word = "".join(
            (rng.choice(onsets), rng.choice(vowels), rng.choice(onsets), rng.choice(vowels), rng.choice(codas))
        ).capitalize()
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


# Ten times the customers need ten times the names, or "ten times the data" is other data: drawn from
# the 176,290 first-place-second cores, 166,666 customers (a million invoices) leave a third of them
# with a twin that differs only by its legal form, against 4% at 16,666 customers, and the payer of a
# quarter of the payments cannot be told. Above 20,000 customers the first word also comes from coined
# brand words, which keeps twins (4.6%) and customers sharing an 18-character bank name (1.08 each) at
# the level of the 100k ledger. Short words, so that a name cut at 18 characters still says as much.
_FIRST_LARGE = _FIRST + _coined_words(9 * len(_FIRST))  # ten times the first words


_B = TypeVar("_B", bound=BaseModel)
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _lean(model: _B) -> _B:
    """Let ``model`` and the models inside it share one fields-set per set of explicit fields.

    A pydantic instance keeps its own set of the fields it was given (hundreds of bytes); at a million
    invoices and lines those sets alone are gigabytes of the generated data, which is input to the
    benchmark, not the matcher's memory. The models are frozen, so a shared set is never mutated.
    """
    key = frozenset(model.__pydantic_fields_set__)
    shared = _FIELDS_SETS.setdefault(key, set(key))
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    for value in model.__dict__.values():
        if isinstance(value, BaseModel):
            _lean(value)
        elif isinstance(value, tuple):
            for member in value:
                if isinstance(member, BaseModel):
                    _lean(member)
    return model


def _name(rng: random.Random, used: set[str], customers: int) -> str:
    # A large ledger needs a larger name space, or customers would differ only by their legal form.
    first = _FIRST_LARGE if customers > 20_000 else _FIRST
    while True:
        place = f" {rng.choice(_PLACE)}" if customers > 1500 else ""
        name = f"{rng.choice(first)}{place} {rng.choice(_SECOND)} {rng.choice(_SUFFIX)}".strip()
        if name not in used:
            used.add(name)
            return name


def _iban(rng: random.Random) -> str:
    return (
        "GB"
        + "".join(rng.choice("0123456789") for _ in range(2))
        + "ARSY"
        + "".join(rng.choice("0123456789") for _ in range(14))
    )


def _payer_variant(rng: random.Random, name: str) -> str:
    """How a bank shows a customer's name: upper case, noise, legal form dropped, truncated, a typo."""
    text = name.upper()
    roll = rng.random()
    if roll < 0.25:
        text = " ".join(w for w in text.split() if w not in LEGAL_FORMS)
    elif roll < 0.45:
        text = text[:18].rstrip()
    elif roll < 0.52 and len(text) > 8:
        i = rng.randrange(2, len(text) - 2)
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    noise = rng.choice(_NOISE)
    return text if rng.random() < 0.6 or not noise else f"{text}"


def _amount(rng: random.Random) -> int:
    if rng.random() < 0.15:
        return rng.choice([250, 300, 500, 750, 1000, 1200, 1500, 2000, 2500, 5000]) * 100
    return max(1500, int(rng.lognormvariate(7.0, 1.0) * 100))


def generate(lines: int = 2000, *, invoices: int | None = None, seed: int = 7) -> BenchData:
    """Generate a ledger of about ``invoices`` open invoices and a statement of about ``lines`` lines."""
    rng = random.Random(seed)
    n_invoices = invoices if invoices is not None else int(lines * 1.4)
    n_parties = max(30, n_invoices // 6)
    today = dt.date(2026, 6, 30)
    used: set[str] = set()
    parties: list[Party] = []
    parents: dict[str, str] = {}
    eur_parties: set[str] = set()
    for p in range(n_parties):
        name = _name(rng, used, n_parties)
        pid = f"C{p + 1:05d}"
        accounts = (_iban(rng),) if rng.random() < 0.35 else ()
        aliases: tuple[str, ...] = ()
        if rng.random() < 0.04:
            parent = f"{rng.choice(_FIRST)} {rng.choice(['Holdings', 'Group Treasury', 'Capital Partners'])}"
            parents[pid] = parent
            if rng.random() < 0.5:
                aliases = (parent,)
        currency = "USD"
        if rng.random() < 0.04:
            currency = "EUR"
            eur_parties.add(pid)
        parties.append(Party(id=pid, name=name, aliases=aliases, bank_accounts=accounts, currency=currency))
    invs: list[Invoice] = []
    days: dict[dt.date, dt.date] = {}  # one object per calendar day
    base = rng.randrange(1000, 40000)
    for k in range(n_invoices):
        party = parties[
            min(int(rng.paretovariate(1.2)) - 1, n_parties - 1) if rng.random() < 0.2 else rng.randrange(n_parties)
        ]
        issue = today - dt.timedelta(days=rng.randrange(5, 150))
        terms = rng.choice([14, 30, 30, 30, 45, 60])
        amount = _amount(rng)
        currency = party.currency or "USD"
        number = f"INV-{base + k:05d}"
        reference = None
        owed = Money.from_minor(amount, currency)  # one object for total and amount due
        invs.append(
            _lean(
                Invoice(
                    id=f"I{k + 1:06d}",
                    number=number,
                    customer_id=party.id,
                    customer_name=party.name,
                    issue_date=days.setdefault(issue, issue),
                    due_date=days.setdefault(issue + dt.timedelta(days=terms), issue + dt.timedelta(days=terms)),
                    currency=currency,
                    total=owed,
                    amount_due=owed,
                    reference=reference,
                )
            )
        )
    by_party: dict[str, list[Invoice]] = {}
    for inv in invs:
        by_party.setdefault(inv.customer_id, []).append(inv)
    by_amount: dict[int, list[Invoice]] = {}
    for inv in invs:
        by_amount.setdefault(inv.amount_due.minor, []).append(inv)
    party_by_id = {p.id: p for p in parties}
    shared_amounts = sorted(a for a, group in by_amount.items() if len({i.customer_id for i in group}) > 1)

    unpaid = [inv for inv in invs if inv.currency == "USD"]
    rng.shuffle(unpaid)
    eur_unpaid = [inv for inv in invs if inv.currency == "EUR"]
    rng.shuffle(eur_unpaid)
    paid: set[str] = set()
    out: list[StatementLine] = []
    truth: dict[tuple[int, int | None], frozenset[str]] = {}
    kinds: dict[tuple[int, int | None], str] = {}

    def take(pool: list[Invoice] | None = None) -> Invoice | None:
        source = unpaid if pool is None else pool
        while source:
            inv = source.pop()
            if inv.id not in paid:
                paid.add(inv.id)
                return inv
        return None

    def pay_date(inv: Invoice) -> dt.date:
        due = inv.due_date or inv.issue_date
        day = due + dt.timedelta(days=rng.randrange(-12, 25))
        return max(day, inv.issue_date + dt.timedelta(days=1))

    def payer(inv: Invoice) -> tuple[str, str | None]:
        party = party_by_id[inv.customer_id]
        if party.id in parents and rng.random() < 0.7:
            name = parents[party.id].upper()
        else:
            name = _payer_variant(rng, party.name)
        account = party.bank_accounts[0] if party.bank_accounts and rng.random() < 0.7 else None
        return name, account

    def add(  # noqa: PLR0917 - a local helper; keyword-only would only add noise at 40 call sites
        kind: str,
        amount: int,
        date: dt.date,
        description: str,
        name: str | None,
        account: str | None,
        answer: Sequence[Invoice],
        *,
        currency: str = "USD",
        references: tuple[Reference, ...] = (),
        items: tuple[RemittanceItem, ...] = (),
        item_truth: Sequence[Sequence[Invoice]] = (),
    ) -> None:
        line_no = len(out) + 2
        out.append(
            _lean(
                StatementLine(
                    booking_date=days.setdefault(date, date),
                    amount=Money.from_minor(amount, currency),
                    description=description,
                    counterparty_name=name,
                    counterparty_account=account,
                    references=references,
                    source=SourceRef(file="bench-statement.csv", line=line_no),
                    items=items,
                    bank_id=f"B{line_no:08d}",
                )
            )
        )
        if item_truth:
            for i, group in enumerate(item_truth):
                truth[(line_no, i)] = frozenset(inv.id for inv in group)
                kinds[(line_no, i)] = kind
        else:
            truth[(line_no, None)] = frozenset(inv.id for inv in answer)
            kinds[(line_no, None)] = kind

    def mangle(number: str) -> str:
        digits = number.rsplit("-", maxsplit=1)[-1]
        style = rng.randrange(5)
        if style == 0:
            return f"inv {int(digits)}"
        if style == 1:
            return f"#{int(digits)}"
        if style == 2:
            return number.replace("-", "")
        if style == 3:
            return f"invoice no. {digits}"
        return digits

    def typo(number: str) -> str:
        digits = list(number.rsplit("-", maxsplit=1)[-1])
        i = rng.randrange(len(digits) - 1)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        if digits == list(number.rsplit("-", maxsplit=1)[-1]):
            digits[-1] = str((int(digits[-1]) + 1) % 10)
        return "INV-" + "".join(digits)

    attempts = 0
    while len(out) < lines and attempts < lines * 5:
        attempts += 1
        kind = rng.choices(KINDS, _WEIGHTS)[0]
        if kind == "non_customer":
            desc, name = rng.choice(_NON_CUSTOMER)
            amount = _amount(rng) if rng.random() < 0.5 else rng.randrange(100, 300000)
            suffix = f" {rng.randrange(10**7, 10**8)}" if rng.random() < 0.4 else ""
            add(kind, amount, today - dt.timedelta(days=rng.randrange(60)), desc + suffix, name, None, [])
            continue
        if kind == "fx":
            fx_inv = take(eur_unpaid)
            if fx_inv is None:
                continue
            inv = fx_inv
            usd = int(Decimal(inv.amount_due.minor) * EUR_USD * Decimal(1 + rng.uniform(-0.006, 0.006)))
            name, account = payer(inv)
            add(kind, usd, pay_date(inv), f"{rng.choice(_NOISE)} {inv.number}", name, account, [inv])
            continue
        if kind == "one_to_many":
            anchor = take()
            if anchor is None:
                break
            pool = [i for i in by_party[anchor.customer_id][:200] if i.id not in paid and i.currency == "USD"]
            rng.shuffle(pool)
            group = [anchor, *pool[: rng.randrange(1, 4)]]
            for inv in group[1:]:
                paid.add(inv.id)
            total = sum(inv.amount_due.minor for inv in group)
            name, account = payer(anchor)
            refs = ", ".join(inv.number for inv in group) if rng.random() < 0.5 else ""
            add(kind, total, max(pay_date(inv) for inv in group), refs, name, account, group)
            continue
        if kind == "remittance_items":
            anchor = take()
            if anchor is None:
                break
            pool = [i for i in by_party[anchor.customer_id][:200] if i.id not in paid and i.currency == "USD"]
            group = [anchor, *pool[: rng.randrange(1, 3)]]
            for inv in group[1:]:
                paid.add(inv.id)
            name, account = payer(anchor)
            items = tuple(
                RemittanceItem(
                    amount=inv.amount_due,
                    references=(Reference(kind="invoice", value=inv.number),),
                    description=f"Invoice {inv.number}",
                )
                for inv in group
            )
            total = sum(inv.amount_due.minor for inv in group)
            if len(group) == 1:
                add(kind, total, pay_date(anchor), "BATCH CREDIT", name, account, group, items=items)
            else:
                add(kind, total, pay_date(anchor), "BATCH CREDIT", name, account, group, items=items,
                    item_truth=[[inv] for inv in group])  # fmt: skip
            continue
        if kind == "same_amount":
            if not shared_amounts:
                continue
            group = by_amount[rng.choice(shared_amounts)]
            open_ones = [i for i in group if i.id not in paid and i.currency == "USD"]
            if not open_ones:
                continue
            inv = rng.choice(open_ones)
            paid.add(inv.id)
            name, account = payer(inv)
            add(kind, inv.amount_due.minor, pay_date(inv), rng.choice(_NOISE), name, account, [inv])
            continue
        taken = take()
        if taken is None:
            break
        inv = taken
        name, account = payer(inv)
        amount = inv.amount_due.minor
        date = pay_date(inv)
        noise = rng.choice(_NOISE)
        if kind == "exact_ref":
            if rng.random() < 0.3:
                add(
                    kind,
                    amount,
                    date,
                    noise,
                    name,
                    account,
                    [inv],
                    references=(Reference(kind="invoice", value=inv.number),),
                )
            else:
                add(kind, amount, date, f"{noise} {inv.number}".strip(), name, account, [inv])
        elif kind == "mangled_ref":
            add(kind, amount, date, f"{noise} {mangle(inv.number)}".strip(), name, account, [inv])
        elif kind == "typo_ref":
            add(kind, amount, date, f"PAYMENT {typo(inv.number)}", name, account, [inv])
        elif kind == "name_only":
            add(kind, amount, date, noise, name, account, [inv])
        elif kind == "alias_payer":
            party = party_by_id[inv.customer_id]
            if party.id not in parents:
                parent = f"{rng.choice(_FIRST)} Holdings"
                desc = f"{noise} {inv.number}".strip()
                add(kind, amount, date, desc, parent.upper(), None, [inv])
            else:
                add(kind, amount, date, f"{inv.number}", parents[party.id].upper(), None, [inv])
        elif kind == "many_to_one":
            first = amount * rng.choice([30, 40, 50, 60]) // 100
            add(kind, first, date, f"INSTALMENT 1 {inv.number}", name, account, [inv])
            add(kind, amount - first, date + dt.timedelta(days=30), f"INSTALMENT 2 {inv.number}", name, account, [inv])
        elif kind == "partial":
            part = amount * rng.randrange(20, 80) // 100
            add(kind, part, date, f"PART PAYMENT {inv.number}", name, account, [inv])
        elif kind == "short_pay":
            limit = min(2500, amount * 2 // 100)
            if limit < 100:
                add("name_only", amount, date, noise, name, account, [inv])
                continue
            fee = rng.randrange(100, limit + 1)
            desc = f"{inv.number}" if rng.random() < 0.5 else noise
            add(kind, amount - fee, date, desc, name, account, [inv])
        elif kind == "overpay":
            extra = rng.randrange(100, 20000)
            add(kind, amount + extra, date, f"{inv.number} + ADVANCE", name, account, [inv])
        elif kind == "rf_reference":
            rf = make_rf(inv.number)
            spaced = " ".join(rf[i : i + 4] for i in range(0, len(rf), 4))
            add(kind, amount, date, spaced, name, account, [inv], references=(Reference(kind="rf", value=rf),))
        elif kind == "unknown_payer":
            add(kind, amount, date, "DEPOSIT", rng.choice(["J SMITH", "M JONES", "CASH DEPOSIT", ""]), None, [inv])
    settings = MatchingSettings(fx_rates=(FxRate(base="EUR", quote="USD", rate=EUR_USD),))
    return BenchData(parties, invs, out, truth, kinds, settings)


def score(data: BenchData, result: MatchResult) -> dict[str, Any]:
    """Precision, auto rates, suggestion and ambiguity rates, and a per-kind breakdown."""
    decided: dict[tuple[int, int | None], tuple[str, frozenset[str], float, float | None]] = {}
    for m in result.matches:
        alt = m.alternatives[0].score if m.alternatives else None
        decided[(m.bank.line, m.item)] = (m.decision, frozenset(a.invoice_id for a in m.allocations), m.score, alt)
    auto = correct = matchable = auto_matchable = suggest = ambiguous = 0
    inv_total = inv_auto = 0
    per_kind: dict[str, Counter[str]] = {}
    wrong: list[dict[str, Any]] = []
    for key, answer in data.truth.items():
        kind = data.kinds[key]
        counts = per_kind.setdefault(kind, Counter())
        counts["payments"] += 1
        decision, got, top, alt = decided.get(key, ("unmatched", frozenset(), 0.0, None))
        counts[decision] += 1
        if answer:
            matchable += 1
            inv_total += len(answer)
        if decision == "auto":
            auto += 1
            if answer:
                auto_matchable += 1
            if got == answer:
                correct += 1
                counts["auto_correct"] += 1
                inv_auto += len(answer)
            else:
                wrong.append(
                    {"line": key[0], "item": key[1], "kind": kind, "expected": sorted(answer), "got": sorted(got)}
                )
        elif decision == "suggest":
            suggest += 1
            if alt is not None and top - alt < data.settings.auto_margin:
                ambiguous += 1
    total = len(data.truth)
    return {
        "payments": total,
        "matchable": matchable,
        "auto": auto,
        "precision": correct / auto if auto else 1.0,
        "auto_rate": auto_matchable / matchable if matchable else 0.0,
        "invoice_auto_rate": inv_auto / inv_total if inv_total else 0.0,
        "suggest_rate": suggest / total if total else 0.0,
        "ambiguity_rate": ambiguous / total if total else 0.0,
        "per_kind": {k: dict(v) for k, v in sorted(per_kind.items())},
        "wrong_auto": wrong[:20],
    }


def _status_mb(field_name: str) -> float | None:
    """A ``/proc/self/status`` memory figure (``VmRSS``, ``VmHWM``) in MB; None where there is no procfs."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith(field_name + ":"):
                    return int(row.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark for this process (Linux ``clear_refs`` 5); False where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def run_bench(lines: int = 2000, *, invoices: int | None = None, seed: int = 7) -> dict[str, Any]:
    """Generate, match and score; adds timings and peak memory.

    Memory is reported three ways: the whole process's peak (``peak_rss_mb``), the resident size once
    the data was generated (``generated_rss_mb``), and the matcher's own peak on top of that
    (``match_peak_extra_mb``: the kernel's peak mark is reset before matching, where Linux allows it).
    """
    started = time.perf_counter()
    gc.disable()  # millions of long-lived objects: see the note in match_statement
    try:
        data = generate(lines, invoices=invoices, seed=seed)
    finally:
        gc.enable()
    generated = time.perf_counter()
    before = _status_mb("VmRSS")
    reset = _reset_peak()
    cpu = time.process_time()
    kernel = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    result = match_statement(data.lines, (data.invoices, data.parties), data.settings)
    matched = time.perf_counter()
    cpu = time.process_time() - cpu
    # The kernel's share of the CPU time is almost all page faults on memory the run touches for the first
    # time; a virtual machine pays more per fault the more memory the process takes.
    kernel = resource.getrusage(resource.RUSAGE_SELF).ru_stime - kernel
    match_peak = _status_mb("VmHWM") if reset else None
    report = score(data, result)
    report.update(
        {
            "statement_lines": len(data.lines),
            "open_invoices": len(data.invoices),
            "seed": seed,
            "generate_seconds": round(generated - started, 3),
            "match_seconds": round(matched - generated, 3),
            "match_cpu_seconds": round(cpu, 3),
            "match_kernel_seconds": round(kernel, 3),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "generated_rss_mb": round(before, 1) if before is not None else None,
            "match_peak_extra_mb": (
                round(match_peak - before, 1) if match_peak is not None and before is not None else None
            ),
        }
    )
    return report
