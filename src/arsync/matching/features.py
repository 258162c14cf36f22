"""Extension points for cash application: scoring features and candidate strategies.

Plugins register instances through the ``register_matchers`` hook (see ``arsync.hookspecs``):

- a :class:`Feature` adds one scored, explained term to every proposal the engine considers;
- a :class:`Strategy` proposes extra groups of invoices for a payment (for example a customer's
  own remittance portal that says which invoices a transfer pays).

Weights are log2 likelihood ratios (Fellegi-Sunter): +1 means the evidence makes the proposal twice as
likely to be right, -1 half as likely. Keep them modest: the built-in reference weight is 10.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from arsync.models import Invoice, Money, Party, StatementLine

__all__ = ["Feature", "FeatureTerm", "PaymentView", "Strategy"]


@dataclass(frozen=True, slots=True)
class PaymentView:
    """The payment being applied: a whole statement line or one remittance item of it.

    Attributes:
        line: the statement line.
        item: the index of the remittance item in ``line.items``, or None for the whole line.
        amount: the money to apply (positive).
        date: the booking date.
        payer_name: the payer as the bank shows it, if any.
        payer_account: the payer's IBAN or account number, if any.
        texts: the remittance texts searched for references.
        party: the party the payer was identified as, if any.
    """

    line: StatementLine
    item: int | None
    amount: Money
    date: dt.date
    payer_name: str | None
    payer_account: str | None
    texts: tuple[str, ...]
    party: Party | None


@dataclass(frozen=True, slots=True)
class FeatureTerm:
    """One term a feature adds to a proposal's score, with the sentence a reviewer reads."""

    weight: float
    detail: str


class Feature(abc.ABC):
    """A scored, explained term added to every proposal (payment -> group of invoices)."""

    name: ClassVar[str] = "feature"

    @abc.abstractmethod
    def score(self, payment: PaymentView, invoices: Sequence[Invoice]) -> FeatureTerm | None:
        """Return the term for this proposal, or None when the feature has nothing to say.

        Args:
            payment: the payment being applied.
            invoices: the open invoices the proposal applies it to.
        """


class Strategy(abc.ABC):
    """Proposes extra candidate groups of invoices for a payment; the engine scores them like its own."""

    name: ClassVar[str] = "strategy"

    @abc.abstractmethod
    def propose(self, payment: PaymentView, open_invoices: Sequence[Invoice]) -> Iterable[Sequence[str]]:
        """Yield groups of invoice ids (each group one proposal).

        Args:
            payment: the payment being applied.
            open_invoices: every open invoice of the ledger (do not scan them all per payment on large
                ledgers: index them once, e.g. in ``__init__`` or on first call).
        """
