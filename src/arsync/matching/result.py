"""The outcome of a cash-application run and its JSON form (the shape in DESIGN.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from arsync.models import Invoice, Match, Money, StatementLine

__all__ = ["MatchResult"]

_TOTALS = ("auto", "suggest", "unmatched", "write_off", "unapplied")


def _money(value: Any) -> str | None:
    return None if value is None else format(value.amount, "f")


@dataclass(frozen=True)
class MatchResult:
    """Decisions for one statement against one ledger.

    Attributes:
        matches: ``auto`` and ``suggest`` decisions (suggestions carry ranked ``alternatives``).
        unmatched_bank: incoming lines (or items) with no acceptable proposal, each with its closest candidates.
        unmatched_invoices: open invoices no decision touched.
        ignored_lines: money going out, which cash application never matches.
    """

    matches: tuple[Match, ...]
    unmatched_bank: tuple[Match, ...]
    unmatched_invoices: tuple[Invoice, ...]
    ignored_lines: tuple[StatementLine, ...] = ()

    def auto(self) -> list[Match]:
        """The decisions safe to apply unattended."""
        return [m for m in self.matches if m.decision == "auto"]

    def suggestions(self) -> list[Match]:
        """The decisions a person should confirm."""
        return [m for m in self.matches if m.decision == "suggest"]

    def summary(self) -> dict[str, int]:
        """Counts of each decision."""
        return {
            "auto": len(self.auto()),
            "suggest": len(self.suggestions()),
            "unmatched": len(self.unmatched_bank),
            "unmatched_invoices": len(self.unmatched_invoices),
            "ignored": len(self.ignored_lines),
        }

    def totals(self) -> dict[str, dict[str, Money]]:
        """Money per currency: the deposits decided automatically, to confirm and unmatched, and of the
        decided ones the shortfalls to write off and the overpayments left unapplied (what finance staff
        reconcile the run to)."""
        out: dict[str, dict[str, Money]] = {}

        def sums(currency: str) -> dict[str, Money]:
            if currency not in out:
                out[currency] = {key: Money.zero(currency) for key in _TOTALS}
            return out[currency]

        for m in (*self.matches, *self.unmatched_bank):
            sums(m.statement_amount.currency)[m.decision] += m.statement_amount
            for key, money in (("write_off", m.write_off), ("unapplied", m.unapplied)):
                if money is not None:
                    sums(money.currency)[key] += money
        return dict(sorted(out.items()))

    def to_json(self) -> dict[str, Any]:
        """The ``arsync match --json`` document; amounts are decimal strings."""
        return {
            "summary": self.summary(),
            "totals": {
                currency: {key: format(money.amount, "f") for key, money in sums.items()}
                for currency, sums in self.totals().items()
            },
            "matches": [match_json(m) for m in self.matches],
            "unmatched_bank": [match_json(m) for m in self.unmatched_bank],
            "unmatched_invoices": [
                {
                    "number": inv.number,
                    "id": inv.id,
                    "customer": inv.customer_name,
                    "customer_id": inv.customer_id,
                    "currency": inv.currency,
                    "amount_due": _money(inv.amount_due),
                    "due_date": (inv.due_date or inv.issue_date).isoformat(),
                }
                for inv in self.unmatched_invoices
            ],
        }


def match_json(match: Match, *, nested: bool = False) -> dict[str, Any]:
    """One decision as JSON."""
    bank: dict[str, Any] = {"file": match.bank.file, "line": match.bank.line}
    if match.item is not None:
        bank["item"] = match.item
    doc: dict[str, Any] = {
        "bank": bank,
        "amount": _money(match.statement_amount),
        "currency": match.statement_amount.currency,
        "invoices": [
            {
                "number": a.invoice_number,
                "id": a.invoice_id,
                "applied": _money(a.applied),
                **(
                    {"invoice_currency_amount": _money(a.invoice_currency_amount)}
                    if a.invoice_currency_amount is not None
                    else {}
                ),
            }
            for a in match.allocations
        ],
        "decision": match.decision,
        "score": match.score,
        "customer_id": match.customer_id,
        "reasons": [{"feature": r.feature, "weight": r.weight, "detail": r.detail} for r in match.reasons],
    }
    for name in ("unapplied", "write_off", "fx_difference", "fee_withheld"):
        value = getattr(match, name)
        if value is not None:
            doc[name] = _money(value)
    if match.credit_notes:
        doc["credit_notes"] = [
            {"number": c.credit_note_number, "id": c.credit_note_id, "applied": _money(c.applied)}
            for c in match.credit_notes
        ]
    if not nested:
        doc["alternatives"] = [match_json(alt, nested=True) for alt in match.alternatives]
    return doc


def matches_json(matches: Iterable[Match]) -> list[dict[str, Any]]:
    """Several decisions as JSON."""
    return [match_json(m) for m in matches]
