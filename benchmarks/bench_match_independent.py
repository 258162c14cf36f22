"""Cash application on statements and ledgers written apart from `arsync bench match`'s generator.

    .venv/bin/python benchmarks/bench_match_independent.py --style us --seed 1
    .venv/bin/python benchmarks/bench_match_independent.py --style eu --seed 1 --show partial

The main generator (arsync.matching.bench) is what the matcher was tuned on; the issue says it will be
checked on data nobody here generated. This script writes data with other conventions, so that what the
matcher learned from one generator's habits shows up as errors here:

- ``us``: 300 customers from 30 first words, 15 trades and 7 legal forms (many share a name but for the
  form), numeric invoice numbers, the payer inside the description half the time, upper case,
  abbreviated (`MFG`, `INTL`, `SVCS`) or cut to 16 characters as ACH company names are; wire fees, a
  person paying with the reference, a sister company paying, a payer citing another customer's number.
- ``eu``: EUR, `RE-2026-0042` numbers written `Rechnung`, `Facture n°`, `Re.Nr. 2026/0042`; IBANs the
  ledger knows for 40% of customers; umlauts spelt out or not; Skonto, `Teilzahlung`, `Sammelzahlung`;
  a parent company paying.

It prints the auto decisions, the wrong ones (with their reasons) and, per kind, how the lines were
decided. The answers are the generator's own; nothing here is read by the matcher. Recorded figures:
results_match.md, "The fifteenth round".
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import itertools
import random
from decimal import Decimal

from arsync.matching.engine import match_statement
from arsync.matching.samples import sample_invoice, sample_line, sample_party
from arsync.models import Invoice, Party, StatementLine

TODAY = dt.date(2026, 11, 20)
US_FIRST = (
    "Acme Summit Pioneer Atlas Northwind Contoso Fabrikam Globex Initech Umbrella Stark Wayne Wonka Cyberdyne "
    "Tyrell Soylent Hooli Vandelay Massive Dynamic Oscorp Gringotts Monarch Sterling Cooper Prestige Bluth "
    "Piper Aperture Mesa"
).split()
US_TRADE = [
    "Industries", "Industrial Supply", "Holdings", "Logistics", "Consulting Group", "Dental", "Medical Center",
    "Construction", "Foods", "Manufacturing", "Services", "Technologies", "International", "Labs", "Partners",
]  # fmt: skip
US_FORM = ["Inc", "LLC", "Ltd", "Co", "Corp", "", ""]
US_ABBR = {"Industries": "IND", "Manufacturing": "MFG", "International": "INTL", "Services": "SVCS"}
EU_FIRST = (
    "Müller Schröder Bäcker Nordwind Alpen Rhein Elbe Hansa Meyer Janssen Dubois Lefèvre Bakker Visser Weiß "
    "Groß Köhler Fischer Becker"
).split()
EU_TRADE = ["Maschinenbau", "Logistik", "Bau", "Elektro", "Handel", "Consulting", "Software", "Metallbau"]
EU_FORM = ["GmbH", "AG", "GmbH & Co. KG", "B.V.", "SARL", "e.K.", "KG"]


class Data:
    def __init__(self) -> None:
        self.parties: list[Party] = []
        self.invoices: list[Invoice] = []
        self.lines: list[StatementLine] = []
        self.truth: dict[int, frozenset[str]] = {}
        self.kinds: dict[int, str] = {}

    def add(
        self,
        rng: random.Random,
        amount: Decimal,
        text: str,
        payer: str | None,
        account: str | None = None,
        currency: str = "USD",
    ) -> int:
        line = len(self.lines) + 2
        day = TODAY + dt.timedelta(days=rng.randrange(0, 10))
        self.lines.append(
            sample_line(str(amount), text, payer=payer, account=account, day=day, currency=currency, line=line)
        )
        return line


def _ledger(rng: random.Random, data: Data, currency: str, numbers: list[str]) -> list[Invoice]:
    """Open invoices with these numbers, three in ten for the largest customers (Pareto), the rest spread;
    returned in the random order they are paid in."""
    for number in numbers:
        pool = data.parties
        party = pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1)] if rng.random() < 0.3 else rng.choice(pool)
        amount = Decimal(int(rng.lognormvariate(7, 1) * 100) + 100) / 100
        if currency == "USD" and rng.random() < 0.15:
            amount = Decimal(rng.choice([500, 750, 1000, 1200, 2500]))
        due = TODAY - dt.timedelta(days=rng.randrange(-20, 60))
        issued = due - dt.timedelta(days=30)
        data.invoices.append(sample_invoice(number, str(amount), party, due=due, issued=issued, currency=currency))
    order = list(data.invoices)
    rng.shuffle(order)
    return order


def _another(rng: random.Random, data: Data, inv: Invoice, taken: set[str]) -> Invoice | None:
    """Another open invoice of the same customer, not paid yet, to pay together with ``inv``."""
    others = [i for i in data.invoices if i.customer_id == inv.customer_id and i.id not in taken and i.id != inv.id]
    if not others:
        return None
    other = rng.choice(others)
    taken.add(other.id)
    return other


def us(seed: int) -> Data:
    rng = random.Random(seed)
    data = Data()
    used: set[str] = set()
    while len(data.parties) < 300:
        name = f"{rng.choice(US_FIRST)} {rng.choice(US_TRADE)} {rng.choice(US_FORM)}".strip()
        if name not in used:
            used.add(name)
            data.parties.append(sample_party(f"C{len(data.parties):03d}", name))
    numbers = list(itertools.accumulate(rng.choice([1, 1, 1, 2, 3]) for _ in range(1500)))
    order = _ledger(rng, data, "USD", [str(1000 + n) for n in numbers])
    names = {p.id: p.name for p in data.parties}
    taken: set[str] = set()
    for inv in order[:900]:
        if inv.id in taken:
            continue
        payer = names[inv.customer_id].upper()
        if rng.random() < 0.3:
            for full, short in US_ABBR.items():
                payer = payer.replace(full.upper(), short)
        if rng.random() < 0.3:
            payer = payer[:16].rstrip()
        amount, answer = inv.amount_due.amount, {inv.id}
        ref = rng.choice([f"INV {inv.number}", f"INV#{inv.number}", inv.number, f"INVOICE {inv.number}"])
        kind = rng.choices(
            ["exact_ref", "name_only", "two", "partial", "fee", "person", "typo", "over", "wrong_ref", "sister"],
            [30, 15, 10, 7, 8, 6, 6, 6, 6, 6],
        )[0]
        if kind == "name_only":
            ref = ""
        elif kind == "two":
            other = _another(rng, data, inv, taken)
            if other is None:
                continue
            amount += other.amount_due.amount
            answer.add(other.id)
            ref = rng.choice([f"INV {inv.number} {other.number}", f"INV {inv.number}, {other.number}", ""])
            kind += "" if ref else "_noref"
        elif kind == "partial":
            amount = (amount / 2).quantize(Decimal("0.01"))
        elif kind == "fee":
            amount -= Decimal(rng.choice(["15.00", "25.00", "12.50"]))
            if amount <= 0:
                continue
        elif kind == "person":
            payer = rng.choice(["JOHN SMITH", "MARIA GARCIA", "LI WEI", "ANNA MULLER"])
        elif kind == "typo":
            digits = list(inv.number)
            at = rng.randrange(len(digits) - 1)
            digits[at], digits[at + 1] = digits[at + 1], digits[at]
            ref = "INV " + "".join(digits)
        elif kind == "over":
            amount += Decimal("10.00")
        elif kind == "wrong_ref":
            other = rng.choice(data.invoices)
            if other.customer_id == inv.customer_id:
                continue
            ref = f"INV {other.number}"
        elif kind == "sister":
            payer = payer.split()[0] + " GLOBAL TREASURY"
        taken.add(inv.id)
        in_text = rng.random() < 0.5
        line = data.add(
            rng,
            amount,
            f"ACH CREDIT {payer} {ref}".strip() if in_text else ref or "PAYMENT",
            None if in_text else payer,
        )
        data.truth[line], data.kinds[line] = frozenset(answer), kind
    for _ in range(40):
        text = rng.choice(["INTEREST PAYMENT", "REFUND AMAZON", "TRANSFER FROM SAVINGS"])
        line = data.add(rng, Decimal(rng.randrange(100, 5000)) / 100, text, None)
        data.truth[line], data.kinds[line] = frozenset(), "non_customer"
    return data


def eu(seed: int) -> Data:
    rng = random.Random(seed)
    data = Data()
    used: set[str] = set()
    accounts: dict[str, str] = {}

    def iban() -> str:
        return "DE" + "".join(rng.choice("0123456789") for _ in range(20))

    while len(data.parties) < 250:
        name = f"{rng.choice(EU_FIRST)} {rng.choice(EU_TRADE)} {rng.choice(EU_FORM)}"
        if name in used:
            continue
        used.add(name)
        pid, account = f"K{len(data.parties):04d}", iban()
        accounts[pid] = account
        data.parties.append(sample_party(pid, name, accounts=[account] if rng.random() < 0.4 else []))
    order = _ledger(rng, data, "EUR", [f"RE-2026-{k:04d}" for k in range(1, 1201)])
    names = {p.id: p.name for p in data.parties}
    taken: set[str] = set()
    for inv in order[:800]:
        if inv.id in taken:
            continue
        payer, account = names[inv.customer_id].upper(), accounts[inv.customer_id]
        if rng.random() < 0.4:
            payer = payer.replace("Ü", "UE").replace("Ö", "OE").replace("Ä", "AE").replace("ß", "SS").replace("È", "E")
        number, short = inv.number, inv.number.split("-")[-1]
        text = rng.choice(
            [f"Rechnung {number}", f"RG-NR. {number}", f"Re.Nr. 2026/{short}", f"Factuur {number}",
             f"Facture n° {short.lstrip('0')}", number, f"RE {short}", f"Rechnungsnummer {number.replace('-', '')}"]
        )  # fmt: skip
        amount, answer = inv.amount_due.amount, {inv.id}
        kind = rng.choices(
            ["exact_ref", "name_only", "skonto", "two", "partial", "other_account", "typo", "parent"],
            [35, 15, 10, 10, 8, 8, 7, 7],
        )[0]
        if kind == "name_only":
            text = rng.choice(["Zahlung", "Überweisung", "Betaling", "Virement", ""])
        elif kind == "skonto":
            amount = (amount * Decimal("0.98")).quantize(Decimal("0.01"))
            text += " abzgl. 2% Skonto"
        elif kind == "two":
            other = _another(rng, data, inv, taken)
            if other is None:
                continue
            amount += other.amount_due.amount
            answer.add(other.id)
            text = f"Rechnungen {number} und {other.number}" if rng.random() < 0.7 else "Sammelzahlung"
            kind += "" if "und" in text else "_noref"
        elif kind == "partial":
            amount = (amount / 3).quantize(Decimal("0.01"))
            text += " Teilzahlung"
        elif kind == "other_account":
            account = iban()
        elif kind == "typo":
            digits = list(number)
            at = rng.randrange(len(digits) - 3, len(digits) - 1)
            digits[at], digits[at + 1] = digits[at + 1], digits[at]
            text = "Rechnung " + "".join(digits)
        elif kind == "parent":
            payer, account = payer.split()[0] + " HOLDING AG", iban()
        taken.add(inv.id)
        line = data.add(rng, amount, text, payer, account=account, currency="EUR")
        data.truth[line], data.kinds[line] = frozenset(answer), kind
    for _ in range(30):
        text = rng.choice(["Zinsen", "Erstattung Finanzamt", "Umbuchung"])
        payer = rng.choice(["FINANZAMT KOELN", "EIGENES KONTO", None])
        line = data.add(rng, Decimal(rng.randrange(100, 90000)) / 100, text, payer, currency="EUR")
        data.truth[line], data.kinds[line] = frozenset(), "non_customer"
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--style", choices=["us", "eu"], default="us")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", default=None, help="also print the lines of this kind not decided auto")
    args = parser.parse_args()
    data = us(args.seed) if args.style == "us" else eu(args.seed)
    result = match_statement(data.lines, (data.invoices, data.parties))
    decided = {m.bank.line: m for m in (*result.matches, *result.unmatched_bank)}
    auto = [m for m in result.matches if m.decision == "auto"]
    wrong = [m for m in auto if frozenset(a.invoice_id for a in m.allocations) != data.truth[m.bank.line]]
    matchable = sum(1 for answer in data.truth.values() if answer)
    print(
        f"{args.style} seed {args.seed}: {len(data.lines)} lines, {matchable} matchable, {len(auto)} auto, "
        f"{len(wrong)} wrong, auto rate {len(auto) / matchable:.1%}"
    )
    per_kind: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for line, kind in data.kinds.items():
        per_kind[kind][decided[line].decision] += 1
    for kind in sorted(per_kind):
        print(f"  {kind:16} " + ", ".join(f"{n} {decision}" for decision, n in per_kind[kind].most_common()))
    shown = [m for m in decided.values() if args.show and data.kinds[m.bank.line] == args.show and m.decision != "auto"]
    for m in wrong + shown:
        source = data.lines[m.bank.line - 2]
        print(
            "WRONG" if m in wrong else m.decision.upper(),
            f"line {m.bank.line}: {source.amount} {source.description!r} payer {source.counterparty_name!r} ->",
            [a.invoice_number for a in m.allocations],
            "expected",
            sorted(data.truth[m.bank.line]),
        )
        for reason in m.reasons:
            print(f"    {reason.weight:+.1f} {reason.feature}: {reason.detail}")


if __name__ == "__main__":
    main()
