"""The entry point for cash application: detect each file's format, parse, expand payouts, de-duplicate.

:func:`parse_statements` reads every file completely before returning: a bad record anywhere raises
:class:`~arsync.errors.InputError` and nothing is returned (no partial output).

De-duplication across overlapping statements is layered:

1. a line with the bank's own id is keyed on ``(account, bank id, date, amount)``; a line without one
   on an *occurrence-aware* content key ``(account, date, amount, normalized description, k)``
   where ``k`` counts identical lines within the same file, so two genuinely identical payments on
   one day both survive, while the same two lines in an overlapping second file are dropped;
2. lines that are only similar (same amount, dates within two days, from different files) are
   reported as near-duplicates and kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arsync.bankfiles.base import BankFormat, ParseOptions, SkippedRow
from arsync.bankfiles.values import normalize_text
from arsync.errors import InputError
from arsync.models import Money, RemittanceItem, SourceRef, StatementLine

if TYPE_CHECKING:
    from arsync.plugins import Registry

__all__ = [
    "Detection",
    "Duplicate",
    "NearDuplicate",
    "PayoutExpansion",
    "StatementBatch",
    "detect_format",
    "parse_statements",
]

HEAD_BYTES = 65536
MIN_CONFIDENCE = 0.3
AMBIGUITY_MARGIN = 0.05
NEAR_DUPLICATE_DAYS = 2
# How long after a pending line its booking may come (a camt.052 intraday PDNG entry, then the camt.053
# BOOK entry; a card credit posted days later): the window in which the two are one payment.
PENDING_BOOKED_DAYS = 10


@dataclasses.dataclass(frozen=True)
class Detection:
    """Which format a file was read with, and how sure detection was (1.0 when given by ``--profile``)."""

    file: str
    format: str
    confidence: float
    lines: int = 0


@dataclasses.dataclass(frozen=True)
class Duplicate:
    """A line dropped because an earlier file already had it: ``kept`` stays, ``dropped`` went."""

    kept: SourceRef
    dropped: SourceRef
    key: str


@dataclasses.dataclass(frozen=True)
class NearDuplicate:
    """Two kept lines that look alike (same amount, close dates, different files): review them."""

    first: SourceRef
    second: SourceRef
    reason: str


@dataclasses.dataclass(frozen=True)
class PayoutExpansion:
    """A processor payout in the bank expanded into the charges of the processor's itemized report."""

    bank: SourceRef
    payout_id: str
    items: int
    net: Money


@dataclasses.dataclass
class StatementBatch:
    """What :func:`parse_statements` returns."""

    lines: list[StatementLine]
    duplicates: list[Duplicate] = dataclasses.field(default_factory=list)
    near_duplicates: list[NearDuplicate] = dataclasses.field(default_factory=list)
    skipped: list[SkippedRow] = dataclasses.field(default_factory=list)
    files: list[Detection] = dataclasses.field(default_factory=list)
    payouts: list[PayoutExpansion] = dataclasses.field(default_factory=list)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=path) from None


def _how_to_add() -> str:
    return (
        "To add a bank, copy the generic profile (`arsync bank formats` shows it) into a YAML file in your "
        "plugins directory and run with --plugins-dir; see docs/bank-formats.md, 'Adding a bank'."
    )


def detect_format(path: Path, formats: dict[str, BankFormat]) -> tuple[BankFormat, float]:
    """Pick the format of ``path`` by scoring every registered format on the file's head.

    Raises:
        InputError: no format recognizes the file (the known ones are listed, with how to add one),
            or the best candidates are too close to call (they are listed; pass ``--profile``).
    """
    head = _head(path)
    if not head.strip():
        raise InputError("the file is empty", file=path)
    scores: list[tuple[float, str, BankFormat]] = []
    for name, fmt in formats.items():
        try:
            score = float(fmt.identify(path, head))
        except Exception:  # a third-party format's identify must not break detection
            score = 0.0
        if score > 0:
            scores.append((min(score, 1.0), name, fmt))
    scores.sort(key=lambda s: (-s[0], s[1]))
    if not scores or scores[0][0] < MIN_CONFIDENCE:
        known = ", ".join(sorted(formats))
        raise InputError(
            f"unknown statement format: no known format or bank profile recognizes this file (known: {known}). "
            + _how_to_add(),
            file=path,
        )
    best = scores[0]
    close = [s for s in scores if best[0] - s[0] < AMBIGUITY_MARGIN]
    if len(close) > 1:
        # Each candidate's description says how it reads the file (Amex negates the amounts, QuickBooks'
        # upload does not), so the user can tell which one their bank wrote.
        listed = "; ".join(
            f"{name}, {_described(fmt)} ({score:.2f}: {_explain(fmt, path, head)})" for score, name, fmt in close[:5]
        )
        raise InputError(
            f"the format is ambiguous; the best candidates are {listed}. Pass --profile NAME to choose one.",
            file=path,
        )
    if best[0] < 0.6:
        pass  # a headerless row-shape match: accepted, but reported with its low confidence
    return best[2], best[0]


def _described(fmt: BankFormat) -> str:
    return fmt.description or "no description"


def _explain(fmt: BankFormat, path: Path, head: bytes) -> str:
    try:
        return fmt.explain(path, head) or "matched"
    except Exception:
        return "matched"


def parse_statements(
    paths: Iterable[Path | str],
    *,
    profile: str | None = None,
    skip_bad_rows: bool = False,
    registry: Registry | None = None,
) -> StatementBatch:
    """Detect, parse and de-duplicate bank statements (and processor reports) into one batch.

    Args:
        paths: statement files, in the order their lines should be kept (the first copy of a
            duplicate wins).
        profile: a format or CSV profile name to use for every file instead of detection.
        skip_bad_rows: skip unreadable records (listed in ``skipped``) instead of failing.
        registry: the loaded plugins; defaults to :func:`arsync.plugins.load_plugins`.

    Returns:
        The batch: lines (amounts positive for money in), dropped exact duplicates, reported
        near-duplicates, skipped records, the format of each file, and expanded processor payouts.

    Raises:
        InputError: a file cannot be read, its format is unknown or ambiguous, the profile does not
            exist, or a record is bad (naming file, line, column and value).
    """
    if registry is None:
        from arsync.plugins import load_plugins

        registry = load_plugins()
    formats = registry.bank_formats
    chosen: BankFormat | None = None
    if profile is not None:
        chosen = formats.get(profile)
        if chosen is None:
            raise InputError(
                f"no bank format or profile named {profile!r} (known: {', '.join(sorted(formats))}). " + _how_to_add()
            )
    options = ParseOptions(skip_bad_rows=skip_bad_rows)
    per_file: list[tuple[Path, BankFormat, list[StatementLine]]] = []
    files: list[Detection] = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise InputError("no such file", file=path)
        if chosen is not None:
            fmt, confidence = chosen, 1.0
        else:
            fmt, confidence = detect_format(path, formats)
        try:
            lines = list(fmt.parse_with(path, options))
        except InputError:
            raise
        except (OSError, UnicodeError) as exc:
            raise InputError(f"cannot read the file as {fmt.name}: {exc}", file=path) from None
        per_file.append((path, fmt, lines))
        files.append(Detection(str(path), fmt.name, round(confidence, 3), len(lines)))
    all_lines, payouts = _expand_payouts(per_file)
    kept, duplicates = _deduplicate(all_lines)
    kept = _without_superseded_pending(kept, duplicates)
    near = _near_duplicates(kept)
    return StatementBatch(
        lines=kept,
        duplicates=duplicates,
        near_duplicates=near,
        skipped=options.skipped,
        files=files,
        payouts=payouts,
    )


# --- processor payouts ------------------------------------------------------------------------

_PAYOUT_FORMATS = ("stripe-payout-reconciliation",)


def _payout_id(line: StatementLine) -> str | None:
    for ref in line.references:
        if ref.kind == "payout":
            return ref.value
    return None


def _expand_payouts(
    per_file: Sequence[tuple[Path, BankFormat, list[StatementLine]]],
) -> tuple[list[list[StatementLine]], list[PayoutExpansion]]:
    """Attach a payout report's rows to the bank line of that payout (sum of net == bank amount)."""
    groups: dict[str, list[StatementLine]] = defaultdict(list)
    for _path, fmt, lines in per_file:
        if fmt.name in _PAYOUT_FORMATS:
            for line in lines:
                pid = _payout_id(line)
                if pid:
                    groups[pid].append(line)
    result: list[list[StatementLine]] = [list(lines) for _p, _f, lines in per_file]
    if not groups:
        return result, []
    consumed: set[int] = set()
    expansions: list[PayoutExpansion] = []
    bank_lines = [
        (fi, li, line)
        for fi, (_p, fmt, lines) in enumerate(per_file)
        if fmt.name not in _PAYOUT_FORMATS and not fmt.name.startswith(("stripe", "paypal"))
        for li, line in enumerate(lines)
    ]
    used_bank: set[tuple[int, int]] = set()
    replacements: dict[tuple[int, int], StatementLine] = {}
    for pid, rows in groups.items():
        currency = rows[0].amount.currency
        if any(r.amount.currency != currency for r in rows):
            raise InputError(f"payout {pid} mixes currencies", file=rows[0].source.file, line=rows[0].source.line)
        net = Money.sum((r.amount for r in rows), currency)
        last = max(r.booking_date for r in rows)
        named = [
            (fi, li, b)
            for fi, li, b in bank_lines
            if (fi, li) not in used_bank and pid.lower() in (b.description + " " + " ".join(b.raw.values())).lower()
        ]
        candidates = named or [
            (fi, li, b)
            for fi, li, b in bank_lines
            if (fi, li) not in used_bank
            and b.amount == net
            and "stripe" in (b.description + " " + (b.counterparty_name or "")).lower()
            and dt.timedelta(days=-1) <= b.booking_date - last <= dt.timedelta(days=10)
        ]
        if len(candidates) != 1:
            continue  # not in these bank statements (or not identifiable): the rows stay as lines
        fi, li, bank = candidates[0]
        if bank.amount != net:
            raise InputError(
                f"Stripe payout {pid}: the itemized report's net amounts sum to {net.amount} but the bank line is "
                f"{bank.amount.amount}; the report is incomplete or for another payout",
                file=bank.source.file,
                line=bank.source.line,
            )
        used_bank.add((fi, li))
        items = tuple(item for r in rows for item in (r.items or _as_items(r)))
        replacements[(fi, li)] = bank.model_copy(update={"items": bank.items + items})
        consumed.update(id(r) for r in rows)
        expansions.append(PayoutExpansion(bank.source, pid, len(items), net))
    for (fi, li), new in replacements.items():
        result[fi][li] = new
    result = [[line for line in lines if id(line) not in consumed] for lines in result]
    return result, expansions


def _as_items(line: StatementLine) -> tuple[RemittanceItem, ...]:
    return (RemittanceItem(kind="charge", amount=line.amount, net=line.amount, references=line.references),)


# --- de-duplication ---------------------------------------------------------------------------


def _key(line: StatementLine) -> str:
    account = line.raw.get("account", "")
    amount = f"{line.amount.currency} {line.amount.amount}"
    if line.bank_id:
        return f"id|{account}|{line.bank_id}|{line.booking_date}|{amount}"
    return "|".join(
        (
            "content",
            account,
            line.booking_date.isoformat(),
            amount,
            normalize_text(line.description),
            normalize_text(line.counterparty_name or ""),
        )
    )


def _deduplicate(per_file: list[list[StatementLine]]) -> tuple[list[StatementLine], list[Duplicate]]:
    seen: dict[tuple[str, int], SourceRef] = {}
    kept: list[StatementLine] = []
    duplicates: list[Duplicate] = []
    for lines in per_file:
        occurrences: dict[str, int] = defaultdict(int)
        new: dict[tuple[str, int], SourceRef] = {}
        for line in lines:
            key = _key(line)
            k = occurrences[key]
            occurrences[key] = k + 1
            first = seen.get((key, k))
            if first is not None:
                duplicates.append(Duplicate(kept=first, dropped=line.source, key=key.split("|", 1)[0]))
                continue
            new[(key, k)] = line.source
            kept.append(line)
        seen.update(new)
    return kept, duplicates


def _without_superseded_pending(lines: list[StatementLine], duplicates: list[Duplicate]) -> list[StatementLine]:
    """``lines`` without each pending line whose booking is among them: a booked line of the same account,
    bank id and amount, on the pending line's date or up to PENDING_BOOKED_DAYS later (a camt.052 PDNG entry
    and the camt.053 BOOK entry with its AcctSvcrRef). The dropped line goes to ``duplicates`` (key
    ``pending``). Without a bank id nothing says the two are one payment: they stay, as near duplicates."""
    pending = [line for line in lines if line.status == "pending" and line.bank_id]
    if not pending:
        return lines
    booked: dict[tuple[str, str, str, Decimal], list[StatementLine]] = defaultdict(list)
    for line in lines:
        if line.status != "pending" and line.bank_id:
            key = (line.raw.get("account", ""), line.bank_id, line.amount.currency, line.amount.amount)
            booked[key].append(line)
    window = dt.timedelta(days=PENDING_BOOKED_DAYS)
    dropped: set[int] = set()
    for line in pending:
        key = (line.raw.get("account", ""), line.bank_id or "", line.amount.currency, line.amount.amount)
        booking = next(
            (b for b in booked.get(key, ()) if line.booking_date <= b.booking_date <= line.booking_date + window),
            None,
        )
        if booking is not None:
            duplicates.append(Duplicate(kept=booking.source, dropped=line.source, key="pending"))
            dropped.add(id(line))
    return [line for line in lines if id(line) not in dropped]


def _near_duplicates(lines: list[StatementLine]) -> list[NearDuplicate]:
    by_amount: dict[tuple[str, Decimal], list[StatementLine]] = defaultdict(list)
    for line in lines:
        by_amount[(line.amount.currency, line.amount.amount)].append(line)
    found: list[NearDuplicate] = []
    window = dt.timedelta(days=NEAR_DUPLICATE_DAYS)
    # A pending line and a booked one may be days apart (see PENDING_BOOKED_DAYS).
    widest = dt.timedelta(days=max(NEAR_DUPLICATE_DAYS, PENDING_BOOKED_DAYS))
    for group in by_amount.values():
        if len(group) < 2 or len({g.source.file for g in group}) < 2:
            continue
        group.sort(key=lambda x: x.booking_date)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if b.booking_date - a.booking_date > widest:
                    break
                if a.source.file == b.source.file:
                    continue
                if a.status == b.status and b.booking_date - a.booking_date > window:
                    continue
                days = (b.booking_date - a.booking_date).days
                reason = f"same amount {a.amount}, {days} day(s) apart, different text"
                if a.status != b.status:
                    reason = f"same amount {a.amount}: a {a.status} line and a {b.status} line {days} day(s) apart"
                found.append(NearDuplicate(a.source, b.source, reason))
                if len(found) >= 10000:
                    return found
    return found


def batch_document(batch: StatementBatch) -> dict[str, Any]:
    """The JSON document of ``arsync bank parse --json`` (amounts as strings; positive is money in)."""
    return {
        "transactions": [transaction_json(line) for line in batch.lines],
        "files": [dataclasses.asdict(d) for d in batch.files],
        "duplicates": [
            {"kept": d.kept.model_dump(), "dropped": d.dropped.model_dump(), "key": d.key} for d in batch.duplicates
        ],
        "near_duplicates": [
            {"first": n.first.model_dump(), "second": n.second.model_dump(), "reason": n.reason}
            for n in batch.near_duplicates
        ],
        "skipped": [dataclasses.asdict(s) for s in batch.skipped],
        "payouts": [
            {"bank": p.bank.model_dump(), "payout_id": p.payout_id, "items": p.items, "net": format(p.net.amount, "f")}
            for p in batch.payouts
        ],
    }


_REF_PRIORITY = ("rf", "qrr", "isr", "creditor_ref", "invoice", "end_to_end", "customer_ref", "text")


def _best_reference(line: StatementLine) -> str | None:
    refs = list(line.references) + [r for item in line.items for r in item.references]
    for kind in _REF_PRIORITY:
        for ref in refs:
            if ref.kind == kind:
                return ref.value
    return refs[0].value if refs else None


def _money(m: Money | None) -> str | None:
    return None if m is None else format(m.amount, "f")


def _money_json(m: Money | None) -> dict[str, str] | None:
    """An amount in a currency of its own (what the payer sent, before the bank converted it)."""
    return None if m is None else {"amount": format(m.amount, "f"), "currency": m.currency}


def transaction_json(line: StatementLine) -> dict[str, Any]:
    """One transaction in the DESIGN.md shape."""
    return {
        "date": line.booking_date.isoformat(),
        "value_date": line.value_date.isoformat() if line.value_date else None,
        "amount": format(line.amount.amount, "f"),
        "currency": line.amount.currency,
        "description": line.description,
        "counterparty": line.counterparty_name,
        "counterparty_account": line.counterparty_account,
        "reference": _best_reference(line),
        "references": [{"kind": r.kind, "value": r.value} for r in line.references],
        "bank_id": line.bank_id,
        "status": line.status,
        "transaction_code": line.transaction_code,
        "balance_after": _money(line.balance_after),
        "original_amount": _money_json(line.original_amount),
        "items": [
            {
                "kind": item.kind,
                "amount": _money(item.amount),
                "fee": _money(item.fee),
                "net": _money(item.net),
                "currency": (item.amount or item.net or line.amount).currency,
                "description": item.description,
                "counterparty": item.counterparty_name,
                "counterparty_account": item.counterparty_account,
                "references": [{"kind": r.kind, "value": r.value} for r in item.references],
                "bank_id": item.bank_id,
                "original_amount": _money_json(item.original_amount),
                "discount": _money_json(item.discount),
                "adjustment": _money_json(item.adjustment),
                "adjustment_reason": item.adjustment_reason,
            }
            for item in line.items
        ],
        "source": {"file": line.source.file, "line": line.source.line},
        "raw": dict(line.raw),
    }
