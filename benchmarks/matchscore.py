"""Scoring shared by the cash-application benchmarks: ``bench_match_ofx.py`` and the ones written from it,
``bench_match_europe.py``, ``bench_match_processors.py`` and ``bench_match_connectors.py``, and (for the frame,
the helpers and parts of the report) ``bench_match_ledger_exports.py`` and ``bench_match_statement_overlap.py``.

Each script generates a world whose answers only it knows, runs ``arsync match --json`` and hands the output here:
``matches_by`` groups the decisions by the statement line they name, ``score_credits`` judges each credit's
decision against its truth (and prints the ones ``--show`` asks for, with reasons and alternatives), and
``report`` / ``kind_table`` print the per-kind table and its summary lines. ``Invoice`` is the invoice of taxed
lines the ofx, europe, processors and fx worlds share, ``XERO_COLUMNS`` the header of Xero's invoice export;
``arguments``, ``workdir`` and ``match`` the frame of each ``main``; ``run``, ``plain``, ``label`` and ``reasons``
are small helpers; ``bai2_wrap``, ``write_bofa_checking`` and ``applied`` are shared by the deductions and
public-sector worlds.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

ROOT = Path(__file__).resolve().parents[1]
ARSYNC = ROOT / ".venv" / "bin" / "arsync"
C = Decimal("0.01")
COLS = ["n", "payable", "auto ok", "AUTO WRONG", "suggest ok", "suggest wrong", "unmatched"]
CLERK_LEFT = "payable credits of clerk kinds (an AR clerk applies them without asking) left to a person"
SHOW = "a kind, 'missed' or 'wrong'"
ADDRESS = "AddressLine1 AddressLine2 AddressLine3 AddressLine4 City Region PostalCode Country".split()
XERO_COLUMNS = ["ContactName", "EmailAddress", *(f"{p}{f}" for p in ("PO", "SA") for f in ADDRESS)]
XERO_COLUMNS += "InvoiceNumber Reference InvoiceDate DueDate PlannedDate Total TaxTotal InvoiceAmountPaid".split()
XERO_COLUMNS += "InvoiceAmountDue InventoryItemCode Description Quantity UnitAmount Discount LineAmount".split()
XERO_COLUMNS += "AccountCode TaxType TaxAmount TrackingName1 TrackingOption1 TrackingName2 TrackingOption2".split()
XERO_COLUMNS += "Currency Type Sent Status".split()  # Xero's invoice export, one row per line item

Match = dict[str, Any]  # one entry of the JSON's "matches" / "unmatched_bank"
Table = dict[str, Counter[str]]  # kind -> n, payable, outcome counts (debits: n, matched)


class Scored(Protocol):
    """A script's credit, as far as scoring goes."""

    kind: str
    truth: list[tuple[str, ...]] | None  # acceptable invoice sets; None: nothing to apply


K = TypeVar("K", bound=Hashable)  # how a script names a statement line
T = TypeVar("T", bound=Scored)


def plain(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int | None = None
) -> tuple[int, Any, str]:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=timeout)
    try:
        return proc.returncode, json.loads(proc.stdout), proc.stderr
    except json.JSONDecodeError:
        return proc.returncode, None, (proc.stderr + proc.stdout)[-3000:]


def arguments(
    doc: str, styles: Sequence[str] | None = None, default: str | None = None, show: str = SHOW
) -> argparse.Namespace:
    """The command line every script takes (``--style``, ``default`` or the first of ``styles``, if it has styles;
    ``show``: the help of ``--show``)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    if styles:
        ap.add_argument("--style", choices=styles, default=default or styles[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", type=Path, help="write the files here and keep them")
    ap.add_argument("--show", default="", help=show)
    return ap.parse_args()


@contextmanager
def workdir(keep: Path | None, prefix: str) -> Iterator[Path]:
    """``keep`` (created, kept) or a temporary directory, without the state database of an earlier run."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        out = (keep or Path(tmp)).resolve()
        out.mkdir(parents=True, exist_ok=True)
        for stale in ("state.db", "state.db-wal", "state.db-shm"):
            (out / stale).unlink(missing_ok=True)
        yield out


def match_cmd(out: Path, *args: str, config: str | None = "arsync.yaml") -> list[str]:
    """``arsync match`` with ``out``'s ``config`` (None: arsync's own lookup), ``args`` (banks, ledger), JSON output
    and state in ``out``."""
    state = ["--json", "--state-url", f"sqlite:///{out / 'state.db'}"]
    return [str(ARSYNC), *(["--config", config] if config else []), "match", *args, *state]


def match(out: Path, *args: str, config: str | None = "arsync.yaml", timed: bool = False) -> dict[str, Any] | None:
    """Runs ``match_cmd`` in ``out``; prints the summary (``timed``: with the seconds taken), or the failure and
    returns None."""
    t0 = time.monotonic()
    code, doc, err = run(match_cmd(out, *args, config=config), out)
    if doc is None:
        print(f"arsync match failed (exit {code}):\n{err}")
        return None
    took = f" ({time.monotonic() - t0:.1f}s)" if timed else ""
    print(f"arsync match{took} summary:", json.dumps(doc.get("summary")))
    return doc


@dataclass
class Invoice:
    """An invoice of taxed lines; a script's ``Inv`` adds its fields and says the tax rate."""

    number: str
    cust: Any
    issued: date
    due_date: date
    lines: list[tuple[str, Decimal, Decimal]]  # description, quantity, unit price (tax exclusive)
    paid: Decimal = Decimal(0)

    def tax_rate(self) -> Decimal:
        raise NotImplementedError

    def quantum(self) -> Decimal:  # what line amounts and taxes round to: cents, unless the currency has none
        return C

    def amounts(self) -> list[tuple[Decimal, Decimal]]:  # (line amount, tax) per line
        rate, c = self.tax_rate(), self.quantum()
        lines = [(q * u).quantize(c, ROUND_HALF_UP) for _, q, u in self.lines]
        return [(a, (a * rate).quantize(c, ROUND_HALF_UP)) for a in lines]

    @property
    def total(self) -> Decimal:
        return sum((a + t for a, t in self.amounts()), Decimal(0))

    @property
    def due(self) -> Decimal:
        return self.total - self.paid


def file_line(m: Match) -> tuple[str, int]:
    return Path(m["bank"]["file"]).name, m["bank"]["line"]


def matches_by(doc: dict[str, Any], key: Callable[[Match], K]) -> dict[K, list[Match]]:
    got: dict[K, list[Match]] = defaultdict(list)
    for m in doc.get("matches", []) + doc.get("unmatched_bank", []):
        got[key(m)].append(m)
    return got


def label(m: Match) -> str:
    return "+".join(sorted(i["number"] for i in m.get("invoices", []))) or "-"


def reasons(m: Match) -> str:
    return "; ".join(f"{x['feature']} {x['weight']}: {x['detail']}" for x in m.get("reasons", []))


@dataclass
class Verdict:
    decision: str  # auto, suggest or unmatched: the strongest the matcher gave the line
    picked: tuple[str, ...]  # the invoices of that decision
    outcome: str  # auto ok, AUTO WRONG, suggest ok, suggest wrong, unmatched
    payable: bool  # a customer paid known invoices and no person has to look


def judge(ms: list[Match], truth: list[tuple[str, ...]] | None, review: bool) -> Verdict:
    """``review``: a person must look whatever the matcher finds, so any auto is a guess."""
    payable = truth is not None and not review
    decisions = {m.get("decision") for m in ms}
    decision = "auto" if "auto" in decisions else "suggest" if "suggest" in decisions else "unmatched"
    picked = tuple(sorted(i["number"] for m in ms if m.get("decision") == decision for i in m.get("invoices", [])))
    ok = truth is not None and picked in truth and not (review and decision == "auto")
    wrong = "AUTO WRONG" if decision == "auto" else "suggest wrong"
    outcome = "unmatched" if decision == "unmatched" else f"{decision} ok" if ok else wrong
    return Verdict(decision, picked, outcome, payable)


def print_matches(
    ms: list[Match], applied: bool = False, credit_notes: bool = False, detail: Callable[[Match], None] | None = None
) -> None:
    """Each decision with its reasons and first three alternatives; ``applied``: the amount put on each invoice;
    ``credit_notes``: the credit notes it nets (`` cn A+B`` after its invoices); ``detail``: called with the
    decision after its reasons."""
    for m in ms:
        amounts = f" applied={[i.get('applied') for i in m.get('invoices', [])]}" if applied else ""
        cns = "+".join(x["number"] for x in m.get("credit_notes", []) or []) if credit_notes else ""
        print(f"    {m.get('decision')} {label(m)}{' cn ' + cns if cns else ''} score={m.get('score')} "
              f"customer={m.get('customer_id')}{amounts}\n      reasons: {reasons(m)}")  # fmt: skip
        if detail:
            detail(m)
        for alt in m.get("alternatives", [])[:3]:
            print(f"      alt {label(alt)} score={alt.get('score')}: {reasons(alt)[:240]}")


def score_credits(
    credits: Iterable[tuple[K, T]],
    got: dict[K, list[Match]],
    show: str,
    header: Callable[[K, T], str],
    *,
    review: Collection[str] = ("bare_ambiguous",),
    nobody: str = "none (no customer paid it)",
    tally_as: Callable[[T], str] | None = None,
    judged: Callable[[K, T, Verdict], None] | None = None,
    ledger: Callable[[T, tuple[str, ...]], None] | None = None,
    applied: bool = False,
    credit_notes: bool = False,
    detail: Callable[[Match], None] | None = None,
) -> Table:
    """Judges each (line, credit) in order against the decisions ``got`` holds for that line (taking them out).

    Debits (kind ``debit``) only count whether anything was applied. A credit is printed if its auto is wrong or
    ``show`` is its kind, ``missed`` (payable, not auto) or ``wrong``: ``[kind] `` + ``header(line, credit)``, its
    truth (``nobody`` when None) and outcome, ``ledger(credit, picked)`` if given, then its decisions. ``review``:
    kinds no auto can be right for; ``tally_as``: the table row of a credit (default its kind); ``judged`` is called
    with every verdict; ``applied``, ``credit_notes`` and ``detail`` go to ``print_matches``. Lines of ``got`` no
    credit claimed are printed last.
    """
    table: Table = defaultdict(Counter)
    for key, cr in credits:
        kind, truth = cr.kind, cr.truth
        ms, t = got.pop(key, []), table[tally_as(cr) if tally_as else kind]
        t["n"] += 1
        if kind == "debit":
            t["matched"] += any(m.get("decision") in ("auto", "suggest") for m in ms)
            continue
        v = judge(ms, truth, kind in review)
        t[v.outcome] += 1
        t["payable"] += v.payable
        if judged:
            judged(key, cr, v)
        missed = v.payable and v.decision != "auto"
        wanted = (kind, "missed" if missed else "-", "wrong" if "wrong" in v.outcome else "-")
        if v.outcome == "AUTO WRONG" or show in wanted:
            said = " or ".join("+".join(s) for s in truth) if truth else nobody
            print(f"\n[{kind}] {header(key, cr)}\n    truth: {said}; got {v.outcome}")
            if ledger:
                ledger(cr, v.picked)
            print_matches(ms, applied, credit_notes, detail)
    for key in got:
        print(f"output names a line the generator did not write: {key}")
    return table


def kind_table(table: Table) -> Counter[str]:
    """Prints a row per kind, the total over credits (debits left out) and the auto line; returns the total."""
    print(f"\n{'kind':<15}" + "".join(f"{c:>14}" for c in COLS))
    tot: Counter[str] = Counter()
    for kind in sorted(table):
        tot.update(table[kind] if kind != "debit" else {})
        print(f"{kind:<15}" + "".join(f"{table[kind][c]:>14}" for c in COLS))
    print(f"{'all credits':<15}" + "".join(f"{tot[c]:>14}" for c in COLS))
    ok, wrong, payable = tot["auto ok"], tot["AUTO WRONG"], tot["payable"]
    print(
        f"\nautos {ok + wrong}, wrong autos {wrong}, auto rate over payable {ok}/{payable} = {ok / max(payable, 1):.1%}"
    )
    return tot


def report(table: Table, clerk: Iterable[str], left: str = CLERK_LEFT) -> None:
    """``kind_table``, then suggestions and unmatched split by non-customer credits, debits matched, and how many
    payable credits of the ``clerk`` kinds were not auto (printed after ``left``)."""
    tot = kind_table(table)
    nonc = table["noncustomer"]
    person = sum(table[k]["payable"] - table[k]["auto ok"] for k in clerk)
    print(f"suggestions right {tot['suggest ok']}, wrong {tot['suggest wrong'] - nonc['suggest wrong']} on customer "
          f"credits + {nonc['suggest wrong']} on non-customer credits; unmatched {tot['unmatched']} (non-customer "
          f"{nonc['unmatched']}); debits matched {table['debit']['matched']} of {table['debit']['n']}")  # fmt: skip
    print(f"{left}: {person}")


def bai2_wrap(first: str, text: str, cont: list[str]) -> list[str]:
    """A BAI2 16 record (``first``, its text) cut into physical records of at most 80 characters at spaces,
    each continued by an 88 record, then the 88 records ``cont``."""
    out, cur = [], first + text
    while len(cur) > 80:
        cut = cur.rfind(" ", 0, 80)
        if cut <= len(first):
            break
        out.append(cur[:cut])
        cur = "88," + cur[cut + 1 :]
    out.append(cur)
    return out + [f"88,{x}" for x in cont]


def write_bofa_checking(
    path: Path, rows: Sequence[Any], opening: Decimal, start: date, end: date, text: Callable[[Any], str]
) -> None:
    """Bank of America's checking CSV as it downloads (summary preamble, a "Beginning balance" pseudo-row,
    then Date, Description, Amount, Running Bal.) of ``rows`` in their order: each row's ``amount`` and
    ``day``; its ``line`` and ``shown`` (``text`` of it) are set as written."""

    def usd(d: Decimal) -> str:
        return f"{d:,.2f}"

    bal, bals = opening, []
    for cr in rows:
        bal += cr.amount
        bals.append(bal)
    credits = sum((cr.amount for cr in rows if cr.amount > 0), Decimal(0))
    debits = sum((cr.amount for cr in rows if cr.amount < 0), Decimal(0))
    first = f"Beginning balance as of {start:%m/%d/%Y}"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerows([["Description", "", "Summary Amt."], [first, "", usd(opening)],
                     ["Total credits", "", usd(credits)], ["Total debits", "", usd(debits)],
                     [f"Ending balance as of {end:%m/%d/%Y}", "", usd(bal)], [],
                     ["Date", "Description", "Amount", "Running Bal."],
                     [f"{start:%m/%d/%Y}", first, "", usd(opening)]])  # fmt: skip
        for k, (cr, b) in enumerate(zip(rows, bals, strict=True)):
            cr.line = k + 9
            cr.shown = text(cr)
            w.writerow([f"{cr.day:%m/%d/%Y}", cr.shown, usd(cr.amount), usd(b)])


def applied(ms: list[Match]) -> dict[str, Decimal]:
    """Invoice number -> what the decisions ``ms`` apply to it, summed."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for m in ms:
        for i in m.get("invoices", []):
            out[i["number"]] += Decimal(i.get("applied") or 0)
    return dict(out)
