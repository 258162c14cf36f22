"""What cash application learns from confirmed matches: payer aliases and reference habits.

The engine reads a :class:`LearnedAliases` value (pure data, so tests need no database). The CLI loads
it from the state store, where aliases are rows ``(kind, key, value, scope)``:

- ``payer``: normalized payer text -> party id ("ACME HLDGS" pays for party 42);
- ``payer_account``: normalized IBAN/account -> party id;
- ``ref_habit``: party id -> the kind of reference the party writes (``exact``, ``number``, ``digits``,
  ``marker``, ``typo``, ``rf``), several joined by commas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from arsync.matching.normalize import normalize_account, normalize_name
from arsync.matching.services import BUILT_IN, PaymentServices

__all__ = ["ALIAS_KINDS", "AliasRow", "LearnedAliases", "learn_from_match"]

ALIAS_KINDS = ("payer", "payer_account", "ref_habit")


class AliasRow(Protocol):
    """What the state store returns for an alias."""

    @property
    def kind(self) -> str: ...

    @property
    def key(self) -> str: ...

    @property
    def value(self) -> str: ...


@dataclass(frozen=True)
class LearnedAliases:
    """Aliases and habits the engine uses; see the module docstring for their meaning."""

    payers: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    habits: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[AliasRow]) -> LearnedAliases:
        """Build from state-store alias rows (other kinds are ignored)."""
        payers: dict[str, str] = {}
        accounts: dict[str, str] = {}
        habits: dict[str, frozenset[str]] = {}
        for row in rows:
            if row.kind == "payer":
                payers[normalize_name(row.key)] = row.value
            elif row.kind == "payer_account":
                accounts[normalize_account(row.key)] = row.value
            elif row.kind == "ref_habit":
                habits[row.key] = frozenset(v for v in row.value.split(",") if v)
        return cls(payers, accounts, habits)


def learn_from_match(
    *,
    party_id: str,
    payer_name: str | None,
    payer_account: str | None,
    reference_kinds: Iterable[str] = (),
    existing_habits: Iterable[str] = (),
    services: PaymentServices = BUILT_IN,
) -> list[tuple[str, str, str]]:
    """The ``(kind, key, value)`` aliases a confirmed match teaches.

    Args:
        party_id: the customer the payment belonged to.
        payer_name: the payer text on the bank line. A payment service paying for many businesses
            (Bill.com, AvidXchange, Stripe...) is not learned, nor its account: see arsync.matching.services.
        payer_account: the payer's account on the bank line.
        reference_kinds: how the remittance referred to the invoices (strengths of the hits).
        existing_habits: the habits already stored for the party, kept.
        services: the payment services known (the built-in list, and ``matching.payment_services``).
    """
    out: list[tuple[str, str, str]] = []
    if payer_name:
        via = services.paid_via(payer_name)  # "ACME CORP via Bill.com": ACME CORP paid, from Bill.com's account
        if via is not None or services.service(payer_name):
            # A service that pays for many businesses is no one customer's alias, nor is its pooled account.
            payer_name, payer_account = (via[0] if via else None), None
    if payer_name and normalize_name(payer_name):
        out.append(("payer", normalize_name(payer_name), party_id))
    if payer_account and normalize_account(payer_account):
        out.append(("payer_account", normalize_account(payer_account), party_id))
    habits = sorted(set(existing_habits) | {k for k in reference_kinds if k})
    if habits:
        out.append(("ref_habit", party_id, ",".join(habits)))
    return out
