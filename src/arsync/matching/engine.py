"""The cash-application engine: statement lines in, explained decisions out.

Per payment (a statement line, or each remittance item of a batched credit):

1. references are extracted (learned invoice numbering, digit tokens, RF, structured references);
2. the payer is identified (account, learned alias, exact name, fuzzy name with abstention);
3. candidates come from blocking only: referenced invoices, the payer's open items, invoices whose
   open amount equals the payment; never all pairs;
4. proposals (one invoice, the referenced group, exact combinations of the payer's items from a
   bounded subset-sum) are scored with per-feature log2 weights, every term kept as a reason;
5. ``auto`` needs a score above the threshold *and* a clear margin over the runner-up.

Then the whole statement is made consistent: auto decisions claim invoice capacity strongest first,
a proposal whose invoice another payment already took is dropped and its line decided again.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import itertools
import math
import re
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from pydantic import BaseModel
from rapidfuzz.distance import OSA

from arsync.bankfiles.values import payer_in_text, street_address_start, without_bank_data
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.matching.discounts import StatedDiscount, percent_of, stated_discount
from arsync.matching.features import Feature, PaymentView, Strategy
from arsync.matching.learning import LearnedAliases
from arsync.matching.noncustomer import not_a_customer
from arsync.matching.normalize import BANK_NOISE, names_someone, normalize_account, normalize_name, normalize_text
from arsync.matching.parties import PartyAbstention, PartyHit, PartyResolver
from arsync.matching.references import (
    InvoiceNumberIndex,
    RefHit,
    account_codes,
    compact_number,
    customer_numbers,
    dated_years,
    names_no_invoice,
    number_key,
    street_number,
    written_amounts,
    year_like,
)
from arsync.matching.result import MatchResult
from arsync.matching.returns import Deposit, bank_marks_reversal, is_return, pair_returns, says_return, sent_back
from arsync.matching.services import BUILT_IN, PaymentServices
from arsync.matching.settings import MatchingSettings
from arsync.matching.subset_sum import find_subsets
from arsync.models import (
    CreditNote,
    DocumentStatus,
    ExchangeRate,
    Invoice,
    Match,
    MatchAllocation,
    MatchCreditNote,
    Money,
    Party,
    Reason,
    Reference,
    RemittanceItem,
    SourceRef,
    StatementLine,
    minor_units,
)

if TYPE_CHECKING:
    import numpy as np

__all__ = ["REFERENCE_WEIGHTS", "match_statement", "payer_in_description"]

# log2 likelihood-ratio weights. A reference the payer typed is the strongest evidence there is.
REFERENCE_WEIGHTS = {"rf": 12.0, "exact": 10.0, "number": 8.0, "digits": 6.0, "typo": 4.0, "marker": 3.0}
_STRONG_REFS = frozenset({"rf", "exact", "number", "digits"})
PARTY_WEIGHTS = {"account": 8.0, "customer_number": 8.0, "alias": 7.0, "name": 7.0, "fuzzy_high": 5.5, "fuzzy": 4.0}
_SURE_METHODS = frozenset({"account", "customer_number", "alias", "name"})
_NAMED = frozenset({"rf", "exact", "number"})  # references that name an invoice by its number as written
W_AMOUNT_EXACT = 6.0
W_GROUP_EXACT = 6.0
W_GROUP_ITEM = -0.5  # per invoice beyond the first: fewer objects is the likelier story
W_SHORT = 3.5
W_FX = 4.5
W_PARTIAL_REF = -3.0
W_PARTIAL = -4.0
W_PARTIAL_SAID = 0.0  # part of an invoice the payer names, and says it pays part of ("Teilzahlung")
W_OVER_REF = -3.0
W_OVER = -4.0
W_WRONG_PARTY_SURE = -8.0
W_WRONG_PARTY_FUZZY = -5.0
W_DATE_OK = 1.0
W_DATE_EARLY = -4.0
W_DATE_STALE = -1.5
W_CONFLICT_REF_MAX = 6.0
W_UNREFERENCED = -2.0
# ... when the group only comes near the payment (short within tolerance): a combination search finds
# such near fits by chance far more often than exact ones, so an invoice the payer did not name
# weighs more against it.
W_UNREFERENCED_NEAR = -4.0
W_HABIT = 1.0
# An invoice's open amount less one of the customer's open credit notes: two documents to fit, and a
# second write to make, so a little below an exact amount (and never auto, see _decide).
W_CREDIT = 5.0
_MAX_CREDITS = 8  # a customer's open credit notes tried against one payment
_KEEP_PROPOSALS = 12
# How a remittance naming an invoice that is not open is explained (see _Unit.names_closed).
_CLOSED_WORDS = {
    DocumentStatus.VOID: "void: a duplicate payment, or meant for another invoice",
    DocumentStatus.DELETED: "deleted: a duplicate payment, or meant for another invoice",
    DocumentStatus.DRAFT: "a draft: the ledger takes no payment against it until it is approved",
}
_CLOSED_PAID = "already paid: a duplicate payment, or meant for another invoice"
_CLOSED_LOOKBACK_DAYS = 730
_MAX_NEAR = 8  # a customer's items within the short-pay range of one amount considered at most
_FEW_SAME_AMOUNT = 64  # open invoices of one amount checked one by one for a typo'd number
_OTHERS_SAME_AMOUNT = 4  # other customers' invoices of the payment's amount looked at (see _propose)
_TIED_LOOKED_AT = 4  # of the customers a payer fits equally, those whose open invoices are candidates
# Invoices one payment names that are weighed together, as one group: a big retailer's remittance (an
# EDI 820, a camt.054 with a Strd block per document) lists 150 or more. The cap only bounds the work
# on a text full of numbers.
_MAX_NAMED = 400
_DATE_SCAN = 64  # invoices left out of a cut candidate list whose dates are looked at (best_date_weight)


_UNREAD = StatedDiscount((), (), "")  # _Unit.discount before the texts were read for one


@dataclass(slots=True)
class _Unit:
    order: int
    line: StatementLine
    item: int | None
    amount: int  # minor units, statement currency
    currency: str
    date: dt.date
    texts: tuple[str, ...]
    payer_name: str | None
    payer_account: str | None
    # Read from the line here, in statement order: later phases visit lines customer by customer, and
    # reaching back into a line object then is a cache miss per line on a large statement.
    structured: Sequence[Reference]  # the line's (or item's) structured references
    source: SourceRef
    payer_norm: str = ""  # payer_name normalized once, for the name comparisons of every proposal
    party: PartyHit | None = None
    abstention: PartyAbstention | None = None
    refs: dict[int, RefHit] = field(default_factory=dict)
    strong: list[tuple[RefHit, str]] = field(default_factory=list)  # set by _propose once refs are final
    hyps: list[_Hyp] = field(default_factory=list)
    notes: tuple[Reason, ...] = ()
    decision: str = "unmatched"
    chosen: _Hyp | None = None
    margin: float = 0.0
    subset_incomplete: bool = False
    blocked: bool = False  # kept from auto by a rule other than the margin (never auto by assignment)
    # Best score a proposal that was never built or kept could have: a capped candidate list or the
    # kept-proposals cut leaves rivals unseen, and a margin must be measured against them too.
    unseen: float = 0.0
    # What the payer sent when the bank converted it (camt InstdAmt, an "Original amount" column): its
    # currency, its minor units, and the bank's rate (that currency per the statement's).
    original: tuple[str, int, Decimal] | None = None
    # An invoice the remittance names that is not open ("INV-0005, which is already paid"): a duplicate
    # payment, or money meant for another invoice; or a draft, which takes no payment until it is approved.
    # Either way a person decides.
    names_closed: str = ""
    # A card processor's fee withheld from the charge (gross/fee/net records), or the charges the banks on
    # the way deducted (see _charges): ``amount`` is the gross the customer paid, the line booked the rest.
    fee: int = 0
    # The bank took this deposit back later on the statement (a bounced cheque, an ACH return), or this
    # credit is money sent out coming back: applied, it would close invoices that are still unpaid. What
    # the note says; see arsync.matching.returns.
    returned: str = ""
    # The cash discount the remittance says the payer took ("abzgl. 2% Skonto"), read when first needed.
    discount: StatedDiscount | None = _UNREAD
    says_part: bool | None = None  # whether the remittance says it pays part: read when first needed
    # A credit whose payer names no customer and whose words say it is none (interest, a tax refund, card
    # takings, an own transfer; see arsync.matching.noncustomer): nothing is proposed without a reference.
    not_customer: bool = False
    # Another line, in another file, of the same amount from the same payer days apart at most (a near
    # duplicate: the same account exported as CSV and as OFX, a pending line and its booking): maybe the
    # same money. Applied unattended, one payment could close two invoices: only a copy that names its
    # invoices is applied unattended (see _decide). What the note says.
    same_as: str = ""
    # The remittance's items, each with the amount the payer says it pays, add up to more than the bank
    # booked: which invoice is short the advice does not say, and applying the payment invoice by invoice
    # would put the shortfall on one the payer says it paid in full. What the note says.
    short_of_items: str = ""
    # Where another line's payment took an invoice this one's remittance names ("line 228", "line 228 of
    # x.bai"), set by the conflict resolution: with most of its siblings' (see _duplicate_advice).
    lost_to: str = ""
    # The invoices the remittance names that other lines' payments have closed (set by _drop_exhausted).
    spent: frozenset[int] = frozenset()
    # The service periods (year, month) the remittance names ("MARCH RETAINER", "SVC 04/2026", "Q1 fees"),
    # read when first needed (see _periods_of_unit).
    periods: frozenset[tuple[int, int]] | None = None


@dataclass(slots=True)
class _Hyp:
    invoices: tuple[int, ...]
    kind: str  # exact | short | partial | over | fx | group | group_short | group_split | credit ...
    applied: tuple[int, ...]  # statement-currency minor units per invoice
    consumed: tuple[int, ...]  # invoice-currency minor units taken from each invoice's open amount
    write_off: int = 0  # invoice-currency minor units
    unapplied: int = 0  # statement-currency minor units
    fx_difference: int | None = None  # invoice-currency minor units (converted payment - open)
    score: float = 0.0
    reasons: Sequence[Reason] = ()  # written only when the proposal is explained (output)
    tie_break: bool = False
    proposed_by: str = ""
    assigned_with: str = ""
    crowd: int = 1  # combinations found a little short of the payment alike, this one among them (_subset_search)


@dataclass(slots=True)
class _CreditHyp(_Hyp):
    """A proposal that applies the customer's open credit notes beside the payment: the payment and the
    credits together close the invoice. ``credits`` holds (index into ``_Context.credits``, minor units
    applied) for each: one or two notes in full, or part of one the remittance names."""

    credits: tuple[tuple[int, int], ...] = ()
    named: bool = False  # the remittance names every credit note too ("INV-0012 less CN-0005")


def _family_roots(parties: Sequence[Party]) -> dict[str, str]:
    """Each sub-customer's top ancestor among ``parties``; empty when no party has a parent."""
    parent = {p.id: p.parent_id for p in parties if p.parent_id}
    if not parent:
        return {}
    known = {p.id for p in parties}
    roots: dict[str, str] = {}
    for pid in parent:
        top, seen = pid, {pid}
        while (up := parent.get(top)) is not None and up in known and up not in seen:  # a cycle stops it
            seen.add(up)
            top = up
        if top != pid:
            roots[pid] = top
    return roots


def _families(parties: Sequence[Party], roots: Mapping[str, str]) -> list[Party]:
    """One party per family (see _family_roots): the top ancestor, with its members' names as aliases and
    their bank accounts."""
    members: dict[str, list[Party]] = {}
    for p in parties:
        if p.id in roots:
            members.setdefault(roots[p.id], []).append(p)
    out: list[Party] = []
    for p in parties:
        if p.id in roots:
            continue
        family = members.get(p.id)
        if family:
            names = [n for m in family for n in (m.name, *m.aliases) if n != p.name]
            accounts = [a for m in family for a in m.bank_accounts]
            p = p.model_copy(
                update={
                    "aliases": tuple(dict.fromkeys((*p.aliases, *names))),
                    "bank_accounts": tuple(dict.fromkeys((*p.bank_accounts, *accounts))),
                }
            )
        out.append(p)
    return out


def _int_array(values: np.ndarray[Any, Any]) -> array[int]:
    """A numpy integer array as the ``array("q")`` the per-payment code indexes (fast element access)."""
    import numpy as np

    out = array("q")
    out.frombytes(values.astype(np.int64, copy=False).tobytes())
    return out


_T = TypeVar("_T")


def _permuted(values: Sequence[_T], order: list[int]) -> list[_T]:
    """``[values[p] for p in order]``, with the loop in C (see :class:`_Context`). Not through a numpy
    object array: numpy probes every object it is handed (a pydantic model, about 9 us each)."""
    return list(map(values.__getitem__, order))


class _Context:
    """Indexes over the open invoices, built once per run."""

    def __init__(
        self,
        invoices: Sequence[Invoice],
        parties: Sequence[Party],
        settings: MatchingSettings,
        aliases: LearnedAliases,
        rates: Sequence[ExchangeRate] = (),
        *,
        closed_since: dt.date | None = None,
        credit_notes: Sequence[CreditNote] = (),
    ) -> None:
        self.settings = settings
        self.aliases = aliases
        # Sub-customers (a QBO job) are matched as their top ancestor, who mostly pays for them: one party
        # per family, knowing every member's names and accounts. The output still names each invoice's
        # own customer (own_party).
        roots = _family_roots(parties)
        original_parties = parties
        self.member_names = {p.id: p.name for p in parties} if roots else {}
        if roots:
            parties = _families(parties, roots)
            aliases = LearnedAliases(
                payers={text: roots.get(pid, pid) for text, pid in aliases.payers.items()},
                accounts={account: roots.get(pid, pid) for account, pid in aliases.accounts.items()},
                habits=aliases.habits,
            )
        own_at: list[str] = []
        terms_at: dict[int, tuple[Decimal, int]] = {}  # position in kept -> the discount of its terms
        plain_at: dict[int, str] = {}  # position in kept -> its terms, which grant no discount ("Net 30")
        shared: dict[str, str] = {}  # one string object per party id and currency code
        # One pass over the caller's invoices, in the caller's order (the order their objects sit in
        # memory), copies out every field the run reads. All that follows works on these flat lists: on a
        # million invoices, reaching into the objects again in another order is a cache miss per field.
        kept: list[Invoice] = []
        amount_at = array("q")
        issue_at = array("q")
        due_at = array("q")
        currency_at: list[str] = []
        party_at: list[str] = []
        number_at: list[str] = []
        id_at: list[str] = []
        reference_at: list[str | None] = []
        closed_number: list[str] = []
        closed_label: list[str] = []
        for inv in invoices:
            if not inv.is_open:
                if closed_since is None or inv.issue_date >= closed_since:
                    closed_number.append(inv.number)
                    closed_label.append(f"{inv.number}, which is {_CLOSED_WORDS.get(inv.status, _CLOSED_PAID)}")
                continue
            kept.append(inv)
            amount_at.append(inv.amount_due.minor)
            issue = inv.issue_date.toordinal()
            issue_at.append(issue)
            due_at.append(inv.due_date.toordinal() if inv.due_date is not None else issue)
            currency_at.append(shared.setdefault(inv.currency, inv.currency))
            if roots:
                own_at.append(inv.customer_id)
                family = roots.get(inv.customer_id, inv.customer_id)
                party_at.append(shared.setdefault(family, family))
            else:
                party_at.append(shared.setdefault(inv.customer_id, inv.customer_id))
            number_at.append(inv.number)
            id_at.append(inv.id)
            if inv.discount_pct is not None and inv.discount_until is not None:
                terms_at[len(kept) - 1] = (inv.discount_pct, inv.discount_until.toordinal())
            elif inv.payment_terms is not None:
                plain_at[len(kept) - 1] = inv.payment_terms
            reference_at.append(inv.reference)
        # Every ordering decision (ties, which same-amount invoices are looked at first) follows the
        # invoices' rank: due date, then number, then id.
        ranked = sorted(range(len(kept)), key=lambda p: (due_at[p], number_at[p], id_at[p]))
        # Storage follows the customer instead (by rank within it): a payment's candidates are mostly one
        # customer's invoices, so the arrays and objects it reads sit side by side in memory rather than
        # spread over the whole ledger, where each visit is a cache and TLB miss.
        # (Grouped by customer in rank order, then the customers sorted: a sort of one key per customer
        # instead of a tuple per invoice.)
        by_customer: dict[str, list[int]] = {}
        for p in ranked:
            group = by_customer.get(party_at[p])
            if group is None:
                by_customer[party_at[p]] = [p]
            else:
                group.append(p)
        import numpy as np

        layout = np.fromiter(
            (p for party in sorted(by_customer) for p in by_customer[party]), dtype=np.int64, count=len(kept)
        )
        del by_customer
        # Every field is then put in that order by a permutation in numpy: a Python loop reading a
        # million-element list in permuted order pays a cache miss per element in interpreted code.
        count = np.arange(len(kept), dtype=np.int64)
        rank_at = np.empty_like(count)
        rank_at[np.fromiter(ranked, dtype=np.int64, count=len(kept))] = count
        del ranked
        rank = rank_at[layout]
        self.rank = _int_array(rank)  # rank of the invoice stored at each index
        by_rank = np.empty_like(count)
        by_rank[rank] = count
        self.by_rank = _int_array(by_rank)  # index of the invoice of each rank
        order = layout.tolist()
        self.open: tuple[Invoice, ...] = tuple(_permuted(kept, order))  # by index (customer order)
        # The fields the per-payment loops read for many items at a time, stored inline (arrays) rather
        # than as attributes of scattered objects: on a million invoices every object visited is a cache
        # miss, and these loops visit dozens per payment.
        self.amount = _int_array(np.frombuffer(amount_at, dtype=np.int64)[layout])  # invoice currency minor units
        self.issue = _int_array(np.frombuffer(issue_at, dtype=np.int64)[layout])
        self.due = _int_array(np.frombuffer(due_at, dtype=np.int64)[layout])
        self.currency = _permuted(currency_at, order)
        self.party = _permuted(party_at, order)
        self.parties = {p.id: p for p in parties}
        # Customer numbers (Xero's AccountNumber) a remittance may give ("Kd.Nr. 1234567"), when unique.
        numbered: dict[str, set[str]] = {}
        for member in original_parties:
            number = compact_number(member.account_number or "")
            if number:
                numbered.setdefault(number, set()).add(roots.get(member.id, member.id))
        self.by_customer_number = {n: next(iter(ids)) for n, ids in numbered.items() if len(ids) == 1}
        # One shared ``(i,)`` per invoice: the key and member list of every single-invoice proposal.
        self.one: list[tuple[int, ...]] = [(i,) for i in range(len(self.open))]
        # The invoice number and id every explanation and allocation names, kept beside the arrays so the
        # output does not go back to the caller's invoice objects for them.
        self.number = _permuted(number_at, order)
        self.invoice_id = _permuted(id_at, order)
        self.own_party = _permuted(own_at, order) if roots else self.party  # each invoice's own customer
        # The early-payment discount of an invoice's own terms ("2% 10 Net 30"), by index: percent, and the
        # last day (ordinal) a payment earns it. A payer often takes it without a word.
        self.terms: dict[int, tuple[Decimal, int]] = {}
        # The terms of invoices whose terms grant no early-payment discount ("Net 30"), by index.
        self.plain_terms: dict[int, str] = {}
        if terms_at or plain_at:
            index_of = np.empty_like(layout)
            index_of[layout] = np.arange(len(layout), dtype=np.int64)
            self.terms = {int(index_of[p]): t for p, t in terms_at.items()}
            self.plain_terms = {int(index_of[p]): t for p, t in plain_at.items()}
        self.term_pcts = sorted({pct for pct, _ in self.terms.values()})
        references = _permuted(reference_at, order)
        self.index = InvoiceNumberIndex(self.number, references)
        # Each invoice's own reference, for the explanations, kept only when some invoice has one.
        self.reference: list[str | None] = references if any(references) else []
        # The ledger's closed invoices, only to notice a remittance naming one (see _Unit.names_closed).
        self.closed_index = InvoiceNumberIndex(closed_number) if closed_number else None
        self.closed_label = closed_label
        # Invoices by exact open amount, in rank order. Most amounts are one invoice's: it is listed by
        # its shared ``(i,)`` rather than a list of its own (a million fewer lists on a million invoices).
        # One table per currency, keyed by the amount alone: no (currency, amount) tuple per invoice to
        # build, keep and follow on every lookup.
        self._by_amount: dict[str, dict[int, Sequence[int]]] = {}
        amount_of, currency_of, one = self.amount, self.currency, self.one
        for i in self.by_rank:
            table = self._by_amount.get(currency_of[i])
            if table is None:
                table = self._by_amount[currency_of[i]] = {}
            minor = amount_of[i]
            same = table.get(minor)
            if same is None:
                table[minor] = one[i]
            elif isinstance(same, list):
                same.append(i)
            else:
                table[minor] = [*same, i]
        # A customer's items are one run of indexes, in rank order.
        self.by_party: dict[str, array[int]] = {}
        start = 0
        for end in range(1, len(layout) + 1):
            if end == len(layout) or self.party[end] != self.party[start]:
                self.by_party[self.party[start]] = array("q", range(start, end))
                start = end
        self.resolver = PartyResolver(
            parties,
            aliases=aliases.payers,
            account_aliases=aliases.accounts,
            cutoff=settings.fuzzy_name_cutoff,
            margin=settings.fuzzy_name_margin,
        )
        # A customer known only from its invoices is named as on its first one.
        for party, items in self.by_party.items():
            if party not in self.parties:
                self.resolver.add_party_name(party, self.open[items[0]].customer_name)
        # per party and currency: open amounts ascending, for range lookups near a payment's amount
        self._party_amounts: dict[tuple[str, str], tuple[array[int], array[int]]] = {}
        self._party_currencies: dict[str, list[str]] = {}
        for party, items in self.by_party.items():
            by_cur: dict[str, list[tuple[int, int]]] = {}
            for i in items:
                bucket = by_cur.get(self.currency[i])
                if bucket is None:
                    by_cur[self.currency[i]] = [(self.amount[i], i)]
                else:
                    bucket.append((self.amount[i], i))
            for currency, pairs in by_cur.items():
                pairs.sort()
                self._party_amounts[(party, currency)] = (
                    array("q", [a for a, _ in pairs]),
                    array("q", [i for _, i in pairs]),
                )
                self._party_currencies.setdefault(party, []).append(currency)
        self._similarity: dict[tuple[str, str], float] = {}
        self._dues: dict[str, array[int]] = {}
        self._rates = _RateTable(settings, rates)
        self.tolerance = _Tolerance(settings)
        self.discounts = settings.discount_max_pct > 0  # stated cash discounts may be written off
        self.periods: dict[int, frozenset[tuple[int, int]]] = {}  # per invoice, read when first needed
        self.services = PaymentServices(settings.payment_services) if settings.payment_services else BUILT_IN
        # Open credit notes, per customer newest first: (id, number, remaining minor units, currency).
        self.credits: list[tuple[str, str, int, str]] = []
        self.credits_of: dict[str, list[int]] = {}
        for note in sorted(credit_notes, key=lambda n: (n.date, n.number), reverse=True):
            if note.status == DocumentStatus.OPEN and note.remaining.amount > 0:
                self.credits_of.setdefault(roots.get(note.customer_id, note.customer_id), []).append(len(self.credits))
                self.credits.append((note.id, note.number, note.remaining.minor, note.currency))

    def drop_lookups(self) -> None:
        """Free the indexes only proposals use (invoice numbers, amounts, the customers' item lists, the
        payer-name blocks) once every line is decided, so the output, which needs none of them, is
        built in the memory they held instead of in memory the process has to be given afresh."""
        self.index = InvoiceNumberIndex(())
        self._by_amount = {}
        self.by_party = {}
        self._party_amounts = {}
        self._party_currencies = {}
        self._dues = {}
        self.one = []
        self.resolver.drop_blocks()

    def same_amount(self, currency: str, minor: int) -> Sequence[int]:
        """The open invoices of exactly this amount, in rank order."""
        table = self._by_amount.get(currency)
        return table.get(minor, ()) if table is not None else ()

    def amount_is(self, i: int, unit: _Unit) -> bool:
        """Whether open invoice ``i`` is open for exactly the payment's amount, in its currency (or exactly
        what the payer sent, in the payer's currency, when the bank converted it)."""
        if self.currency[i] == unit.currency:
            return self.amount[i] == unit.amount
        original = unit.original
        return original is not None and self.currency[i] == original[0] and self.amount[i] == original[1]

    def party_dues(self, party_id: str) -> array[int]:
        """Due-date ordinals of a party's open items, in the order of ``by_party`` (ascending)."""
        cached = self._dues.get(party_id)
        if cached is None:
            due = self.due
            cached = array("q", [due[i] for i in self.by_party.get(party_id, ())])
            self._dues[party_id] = cached
        return cached

    def party_near(  # noqa: PLR0917 - internal, called twice
        self,
        party_id: str,
        currency: str,
        amount: int,
        tolerance: int,
        when: dt.date,
        original: tuple[str, int, Decimal] | None = None,
    ) -> tuple[list[int], list[tuple[list[int], float]]]:
        """A party's open items that could take ``amount``: exact or a little more (short pay), the three
        nearest amounts either side (closest candidates), and the same for its items in other currencies,
        around the payment converted at ``when``'s rate (within the FX tolerance), or around what the payer
        sent (``original``, see ``_Unit``) in the payer's currency.

        The second list is empty unless the first was cut (more items fit than are returned): it then
        holds, per currency cut, the returned items that stand for those left out (the last amount kept,
        which the rest equal or exceed) and the best date weight among those left out.
        """
        out: list[int] = []
        cut: list[tuple[list[int], float]] = []
        day = when.toordinal()
        same = self._party_amounts.get((party_id, currency))
        if same is not None:
            self._near_amounts(same, amount, amount + tolerance, day, out, cut)
        for other in self._party_currencies.get(party_id, ()):
            if other == currency:
                continue
            if original is not None and original[0] == other:
                converted = Decimal(original[1])
            else:
                rate = self.rate(currency, other, when)
                if rate is None:
                    continue  # nothing to convert with: no proposal can be built for these (see _single)
                converted = _convert(amount, rate, currency, other)
            # _single calls an item "fx" when |converted - open| <= pct% of open: open lies between
            # converted / (1 + pct%) and converted / (1 - pct%) (no upper limit from 100% on). One more
            # unit either side absorbs rounding.
            pct = self.settings.fx_tolerance_pct / 100
            low = int(converted / (1 + pct)) - 1
            high = int(converted / (1 - pct)) + 1 if pct < 1 else sys.maxsize
            self._near_amounts(self._party_amounts[(party_id, other)], low, high, day, out, cut)
        return out, cut

    def _near_amounts(  # noqa: PLR0917 - internal, called twice
        self,
        sorted_items: tuple[array[int], array[int]],
        low: int,
        high: int,
        day: int,
        out: list[int],
        cut: list[tuple[list[int], float]],
    ) -> None:
        """Add to ``out`` the items (amounts ascending) whose amount lies in ``[low, high]``, at most
        _MAX_NEAR of them, and the three nearest either side; when more fit, add to ``cut`` the kept items
        that stand for those left out, with the best date weight among those left out."""
        amounts, ids = sorted_items
        lo = bisect.bisect_left(amounts, low)
        fitting = bisect.bisect_right(amounts, high)
        hi = min(fitting, lo + _MAX_NEAR)
        if fitting > hi:
            kept = [i for a, i in zip(amounts[lo:hi], ids[lo:hi], strict=True) if a == amounts[hi - 1]]
            cut.append((kept, self.best_date_weight(ids[hi:fitting], day)))
        out.extend(ids[max(0, lo - 3) : hi + 3])

    def discounted(self, party_id: str, unit: _Unit, percents: Iterable[Decimal]) -> list[int]:
        """A party's open items in the payment's currency that the payment pays less one of ``percents`` (a
        percentage the remittance states, "abzgl. 2% Skonto", or of the invoices' terms): 9,800.00 pays an
        invoice of 10,000.00 less 2%, far above the payment, outside the short-pay range of ``party_near``."""
        sorted_items = self._party_amounts.get((party_id, unit.currency))
        if sorted_items is None:
            return []
        amounts, ids = sorted_items
        out: list[int] = []
        for pct in percents:
            target = Decimal(unit.amount) * 100 / (100 - pct)
            lo = bisect.bisect_left(amounts, int(target) - 1)
            hi = bisect.bisect_right(amounts, int(target) + 2)
            out.extend(ids[lo : min(hi, lo + _MAX_NEAR)])
        return out

    def best_date_weight(self, items: Sequence[int], day: int) -> float:
        """The best date weight any of ``items`` gets for a payment on ``day`` (an ordinal). It looks at
        _DATE_SCAN of them at most, and assumes the best weight there is for the rest, as it does as soon
        as one is within terms: the bound stays safe however many are left out."""
        best = W_DATE_EARLY
        issue, due, early = self.issue, self.due, self.settings.early_days
        stale = self.settings.date_window_days
        for i in items[:_DATE_SCAN]:
            weight = _date_weight(day, issue[i], due[i], early, stale)[0]
            if weight >= W_DATE_OK:
                return W_DATE_OK
            best = max(best, weight)
        return best if len(items) <= _DATE_SCAN else W_DATE_OK

    def party_name(self, party_id: str) -> str:
        party = self.parties.get(party_id)
        return party.name if party is not None else self.resolver.names.get(party_id, party_id)

    def similarity(self, payer_norm: str, party_id: str) -> float:
        """How well a normalized payer name fits a party's names (0-100), cached per pair."""
        key = (payer_norm, party_id)
        cached = self._similarity.get(key)
        if cached is None:
            cached = self.resolver.similarity_normalized(payer_norm, party_id)
            self._similarity[key] = cached
        return cached

    def rate(self, base: str, quote: str, when: dt.date) -> Decimal | None:
        return self._rates.rate(base, quote, when)

    def rate_note(self, base: str, quote: str, when: dt.date) -> str:
        """``at 0.9231 EUR per USD (config matching.fx_rates[0] of 2026-11-02)``: the rate a conversion used."""
        found = self._rates.lookup(base, quote, when)
        if found is None:
            return "(no rate)"
        rate, source = found
        return f"at {_shown_rate(rate)} {quote} per {base} ({source})"


def _credit_words(ctx: _Context, k: int, amount: int, currency: str) -> str:
    """ "credit note CN-0005 (USD 200.00)", or "USD 200.00 of credit note CN-0005 (USD 300.00 left)"."""
    _id, number, remaining, _currency = ctx.credits[k]
    if amount == remaining:
        return f"credit note {number} ({_fmt(amount, currency)})"
    return f"{_fmt(amount, currency)} of credit note {number} ({_fmt(remaining, currency)} left)"


def _shown_rate(rate: Decimal) -> str:
    return f"{rate.quantize(Decimal('0.000001')).normalize() if rate.adjusted() > -6 else rate:f}"


def _original(amount: Money, original: Money | None) -> tuple[str, int, Decimal] | None:
    """``_Unit.original`` from a line's (or item's) amount and the payer's own amount."""
    if original is None or original.currency == amount.currency or not amount.amount:
        return None
    return original.currency, original.minor, original.amount / amount.amount


def _rate_for(ctx: _Context, unit: _Unit, currency: str) -> Decimal | None:
    """The rate converting the payment into ``currency``: the bank's own when the payer sent that currency."""
    original = unit.original
    if original is not None and original[0] == currency:
        return original[2]
    return ctx.rate(unit.currency, currency, unit.date)


def _convert(minor: int, rate: Decimal, base: str, quote: str) -> Decimal:
    """``minor`` units of ``base`` in minor units of ``quote`` at ``rate`` (quote per base), unrounded."""
    return Decimal(minor) * rate * Decimal(10) ** (minor_units(quote) - minor_units(base))


class _RateTable:
    """Exchange rates per currency pair, from the config's ``fx_rates`` and the ledger's own (the rates its
    foreign-currency invoices and payments recorded). A conversion uses the latest rate dated on or before
    the payment date; on one date the config's rate wins (an operator's override of the ledger) and an
    undated config rate counts as the oldest. A pair with no rate of its own goes through a currency both
    sides have rates to (EUR -> USD -> GBP when the ledger's home is USD)."""

    def __init__(self, settings: MatchingSettings, ledger_rates: Sequence[ExchangeRate] = ()) -> None:
        # per (base, quote): (date or "", rank, rate, where it came from) with rank 0 ledger, 1 config;
        # sorted, the last one on or before a day is the one that applies (a stable sort keeps the
        # ledger's order, payments after invoices)
        found: dict[tuple[str, str], list[tuple[str, int, Decimal, str]]] = {}
        given = [(r, 0, r.source or "the ledger") for r in ledger_rates]
        for n, fx in enumerate(settings.fx_rates):
            rate = ExchangeRate(base=fx.base.upper(), quote=fx.quote.upper(), rate=fx.rate)
            dated = dt.date.fromisoformat(fx.date) if fx.date else None
            given.append((rate.model_copy(update={"date": dated}), 1, f"config matching.fx_rates[{n}]"))
        for rate, rank, source in given:
            day = rate.date.isoformat() if rate.date else ""
            label = f"{source} of {day}" if day else source
            found.setdefault((rate.base, rate.quote), []).append((day, rank, rate.rate, label))
            inverse = (day, rank, Decimal(1) / rate.rate, f"{label}, inverted")
            found.setdefault((rate.quote, rate.base), []).append(inverse)
        self._days: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self._entries: dict[tuple[str, str], list[tuple[str, int, Decimal, str]]] = {}
        for pair, entries in found.items():
            entries.sort(key=lambda e: (e[0], e[1]))
            self._entries[pair] = entries
            self._days[pair] = [(e[0], e[1]) for e in entries]
        self._quotes: dict[str, list[str]] = {}
        for base, quote in sorted(found):
            self._quotes.setdefault(base, []).append(quote)

    def _direct(self, base: str, quote: str, day: str) -> tuple[Decimal, str] | None:
        days = self._days.get((base, quote))
        if not days:
            return None
        at = bisect.bisect_right(days, (day, 2))
        if at == 0:
            return None
        _, _, rate, label = self._entries[(base, quote)][at - 1]
        return rate, label

    def lookup(self, base: str, quote: str, when: dt.date) -> tuple[Decimal, str] | None:
        """The rate (quote per base) for a payment on ``when``, and where it came from."""
        day = when.isoformat()
        direct = self._direct(base, quote, day)
        if direct is not None:
            return direct
        for pivot in self._quotes.get(base, ()):
            first = self._direct(base, pivot, day)
            second = self._direct(pivot, quote, day) if first is not None else None
            if first is not None and second is not None:
                return first[0] * second[0], f"through {pivot}: {first[1]} and {second[1]}"
        return None

    def rate(self, base: str, quote: str, when: dt.date) -> Decimal | None:
        found = self.lookup(base, quote, when)
        return found[0] if found is not None else None


# --- units -----------------------------------------------------------------------------------------


def _net(item: RemittanceItem) -> int:
    """What an item added to the line: its amount less a processor's fee (minor units)."""
    assert item.amount is not None
    if item.net is not None:
        return item.net.minor
    return item.amount.minor - (item.fee.minor if item.fee is not None else 0)


def _units(lines: Sequence[StatementLine]) -> list[_Unit]:
    """Each incoming line becomes one payment, or one per remittance item when the items carry amounts.

    Card processors' records (gross/fee/net items whose nets add up to the line) are paid at the gross:
    the customer paid it, and the processor's fee is the business's cost, not a short payment.
    """
    units: list[_Unit] = []
    for line in lines:
        if line.amount.amount <= 0:
            continue
        if line.status == "pending":
            start = len(units)
            _add_units(line, units)
            for unit in units[start:]:
                unit.notes += (_PENDING,)
        else:
            _add_units(line, units)
    return units


# A credit the bank has not booked yet (camt PDNG, an export's "pending" state) can still fail or be
# withdrawn: applying it would close invoices with money that may never arrive.
_PENDING = Reason(
    feature="pending", weight=0.0, detail="the bank has not booked this credit yet (pending): applied once booked"
)


def _pays(kind: str) -> bool:
    """Whether a remittance item of this kind is a payment: a remittance, a card charge, or a processor's
    payment record (PayPal's types as its export writes them: ``express_checkout_payment``,
    ``general_payment``, ``subscription_payment``, ``payment_received``)."""
    return kind in ("remittance", "charge", "payment") or (
        "payment" in kind and not any(word in kind for word in ("reversal", "refund", "hold"))
    )


# A processor's credit that is no new payment (PayPal's "Cancellation of Hold for Dispute Resolution",
# "Reversal of General Account Hold", "General Currency Conversion", "Bank Deposit to PP Account"): money it
# held and now releases, a conversion between the account's own balances, a top-up from the business's
# bank. The payment it held was received, and applied, when it first came in.
_NOT_PAID_KINDS = ("hold", "conversion", "deposit_to_pp", "transfer_from", "withdrawal", "payout")


def _processor_credit(line: StatementLine) -> str | None:
    """Why a processor's credit is no customer's payment (see _NOT_PAID_KINDS), or None."""
    if not line.items or any(_pays(item.kind) for item in line.items):
        return None
    kind = next((item.kind for item in line.items if any(word in item.kind for word in _NOT_PAID_KINDS)), None)
    if kind is None:
        return None
    written = kind.replace("_", " ")
    return f"the processor's record says {written!r}: money it held or moved, no new payment from a customer"


def _add_units(line: StatementLine, units: list[_Unit]) -> None:
    """The payments of one incoming line (see _units), added to ``units``."""
    items = [
        (i, item)
        for i, item in enumerate(line.items)
        if item.amount is not None and item.amount.amount > 0 and _pays(item.kind)
    ]
    fees = [0] * len(items)
    if items:
        gross = [item.amount.minor - _net(item) for _, item in items if item.amount is not None]
        if any(gross) and sum(_net(item) for _, item in items) == line.amount.minor:
            fees = gross  # the processor withheld these: the items are paid at their gross
        item_total = sum((item.amount.minor for _, item in items if item.amount is not None), 0)
        if len(items) >= 2 and (item_total == line.amount.minor or any(fees)):
            for (i, item), fee in zip(items, fees, strict=True):
                assert item.amount is not None
                charges = _charges(item.amount, item.original_amount)
                units.append(
                    _Unit(
                        len(units),
                        line,
                        i,
                        item.amount.minor + charges,
                        item.amount.currency,
                        item.date or line.booking_date,
                        (item.description, *_remittance(item.references)),
                        item.counterparty_name or line.counterparty_name,
                        item.counterparty_account or line.counterparty_account,
                        item.references,
                        line.source,
                        original=_original(item.amount, item.original_amount),
                        fee=fee + charges,
                        discount=_given_discount((item,)),
                    )
                )
            return
    texts = [without_bank_data(line.description), *_remittance(line.references)]
    for item in line.items:
        texts.append(item.description)
        texts.extend(_remittance(item.references))
    amount, payer, account, structured = (
        line.amount,
        line.counterparty_name,
        line.counterparty_account,
        line.references,
    )
    original = line.original_amount
    if len(items) == 1 and fees[0]:  # one processor charge: at its gross
        item = items[0][1]
        assert item.amount is not None
        amount, original = item.amount, item.original_amount  # the line's would be against the net
        payer, account = payer or item.counterparty_name, account or item.counterparty_account
        structured = (*structured, *item.references)
    charges = _charges(amount, original)
    units.append(
        _Unit(
            len(units),
            line,
            None,
            amount.minor + charges,
            amount.currency,
            line.booking_date,
            tuple(t for t in texts if t),
            payer,
            account,
            structured,
            line.source,
            original=_original(amount, original),
            fee=(fees[0] if len(items) == 1 else 0) + charges,
            discount=_given_discount(line.items) if line.items else _UNREAD,
        )
    )
    cur = line.amount.currency
    # What the payer says each document gets: the items' amounts (a credit memo's negative), else camt's
    # amount remitted per document on the references (a credit note's taken off), each document once.
    said = [item.amount for item in line.items if item.amount is not None] if len(items) >= 2 else []
    if not said and (line.items or line.references):
        refs = (*line.references, *(r for item in line.items for r in item.references))
        per_doc = {
            (r.kind, r.value): -r.amount if r.kind == "credit_note" else r.amount
            for r in refs
            if r.kind in ("invoice", "credit_note") and r.amount is not None and r.amount.amount > 0
        }
        said = list(per_doc.values())
    stated = sum((m.minor for m in said), 0)
    if len(said) >= 2 and not any(fees) and stated > line.amount.minor and all(m.currency == cur for m in said):
        unit = units[-1]
        unit.short_of_items = (
            f"the remittance's {len(said)} items add up to {_fmt(stated, cur)}, "
            f"{_fmt(stated - line.amount.minor, cur)} more than the bank booked: which invoice is short the "
            "payer's advice does not say; a person decides"
        )
        unit.notes += (_construct(Reason, feature="remittance", weight=0.0, detail=unit.short_of_items),)
    moved = _processor_credit(line) if line.items and not items else None
    if moved is not None:
        unit = units[-1]
        unit.not_customer = True  # nothing is proposed unless the remittance names an invoice...
        unit.returned = moved  # ... and that is never applied unattended
        unit.notes += (_construct(Reason, feature="returned", weight=0.0, detail=moved),)


def _given_discount(items: Sequence[RemittanceItem]) -> StatedDiscount | None:
    """The cash discount remittance items pass apart (X12 RMR06, camt DscntApldAmt): each, and their sum,
    may explain a shortfall. Without one, the texts are read for it when needed (_UNREAD)."""
    taken = [item.discount for item in items if item.discount is not None and item.discount.amount > 0]
    if not taken:
        return _UNREAD
    amounts = [d.amount for d in taken]
    if len({d.currency for d in taken}) == 1 and len(taken) > 1:
        amounts.append(sum(amounts, Decimal(0)))
    return StatedDiscount((), tuple(dict.fromkeys(amounts)), "")  # its source: the advice (see .source)


def _mark_returned(units: Sequence[_Unit], outgoing: Sequence[StatementLine]) -> None:
    """Keep deposits the bank took back on the statement from ``auto`` (see arsync.matching.returns). A
    batch deposit's items are deposits of their own (one cheque of the batch bounces), and so is the line."""
    returns = [line for line in outgoing if is_return(line)]
    if not returns:
        return
    deposits: list[Deposit] = []
    owners: list[list[_Unit]] = []
    batches: dict[int, list[_Unit]] = {}
    for unit in units:
        deposits.append(Deposit(unit.currency, unit.amount - unit.fee, unit.date, unit.payer_name, unit.payer_account))
        owners.append([unit])
        if unit.item is not None:
            batches.setdefault(id(unit.line), []).append(unit)
    for batch in batches.values():
        line = batch[0].line
        payer, account = line.counterparty_name, line.counterparty_account
        deposits.append(Deposit(line.amount.currency, line.amount.minor, line.booking_date, payer, account))
        owners.append(batch)
    for k, taken in pair_returns(returns, deposits).items():
        back = taken.line
        amount = _fmt(-back.amount.minor, back.amount.currency)
        for unit in owners[k]:
            detail = (
                f"the bank took this deposit back ({amount}) on {_line_words(back, unit)}: "
                "applied, it would close invoices that are still unpaid"
                if taken.certain
                else f"a deposit of {amount} was taken back on {_line_words(back, unit)}; it may be this one"
            )
            unit.returned = detail
            unit.notes += (_construct(Reason, feature="returned", weight=0.0, detail=detail),)


def _mark_near_duplicates(units: Sequence[_Unit], pairs: Sequence[tuple[SourceRef, SourceRef]]) -> None:
    """Keep from ``auto`` both lines of a near-duplicate pair (see _Unit.same_as) whose payer is the same:
    the same party, account or name. Two payers' equal amounts on one day are two payments."""
    whole = {(u.source.file, u.source.line): u for u in units if u.item is None}
    for first, second in pairs:
        a, b = whole.get((first.file, first.line)), whole.get((second.file, second.line))
        if a is None or b is None or not _same_payer_of(a, b):
            continue
        for unit, other in ((a, b), (b, a)):
            detail = (
                f"maybe the same payment as {_line_words(other.line, unit)}: the same amount from the same payer "
                "in another file, days apart at most (an overlapping export, or a pending line and its booking); "
                "applied twice, it would close two invoices"
            )
            unit.same_as = detail
            unit.notes += (_construct(Reason, feature="duplicate", weight=0.0, detail=detail),)


def _same_payer_of(a: _Unit, b: _Unit) -> bool:
    """Whether two payments come from the same payer: one identified party, account or written name."""
    if a.party is not None and b.party is not None:
        return a.party.party_id == b.party.party_id
    if a.payer_account and b.payer_account:
        return normalize_account(a.payer_account) == normalize_account(b.payer_account)
    return bool(a.payer_norm) and a.payer_norm == b.payer_norm


def _line_words(other: StatementLine, unit: _Unit) -> str:
    """ "line 7 (2026-03-04: 'RETURNED ITEM')", with the file when it is another file than the unit's."""
    place = f"line {other.source.line}"
    if other.source.file != unit.source.file:
        place += f" of {other.source.file}"
    said = f": {other.description!r}" if other.description else ""
    return f"{place} ({other.booking_date}{said})"


def _mark_sent_back(units: Sequence[_Unit], outgoing: Sequence[StatementLine]) -> None:
    """Keep money coming back from ``auto``: a refund to a customer or a supplier payment that bounced is no
    customer's payment, even from a customer's account and of an open invoice's amount (see
    arsync.matching.returns). Looked at only for lines the bank marks as a reversal, or whose amount some
    payment out on the statement has."""
    amounts_out: dict[tuple[str, int], list[StatementLine]] = {}
    for line in outgoing:
        amounts_out.setdefault((line.amount.currency, -line.amount.minor), []).append(line)
    for unit in units:
        line = unit.line
        if unit.item is not None:
            continue
        marked = bool(line.raw or line.transaction_code) and bank_marks_reversal(line)
        if not marked and ((line.amount.currency, line.amount.minor) not in amounts_out or not says_return(line)):
            continue
        back = sent_back(line, amounts_out.get((line.amount.currency, line.amount.minor), ()))
        if back is None and not marked:
            continue
        if back is not None:
            paid = _fmt(-back.amount.minor, back.amount.currency)
            detail = f"this credit returns {paid} paid out on {_line_words(back, unit)}, not a customer's payment"
        else:
            detail = "the bank marks this credit as the return of a payment sent out, not a customer's payment"
        unit.returned = detail
        unit.notes += (_construct(Reason, feature="returned", weight=0.0, detail=detail),)


# Reference kinds that are not the payer's remittance: a cheque's serial number (OFX CHECKNUM, the "Check or
# Slip #" column of Chase and Wells Fargo exports), a processor's or bank's own ids, a direct-debit
# mandate. With invoices numbered 1001, 1002, ... a cheque number would name an invoice exactly.
_NOT_REMITTANCE = frozenset({"check", "payment_id", "payout", "related_id", "payee_id", "mandate", "ultimate_payer"})


def _remittance(references: Sequence[Reference]) -> list[str]:
    """The values of the references that are remittance (see _NOT_REMITTANCE), for reading invoice numbers."""
    return [ref.value for ref in references if ref.kind not in _NOT_REMITTANCE]


def _charges(amount: Money, original: Money | None) -> int:
    """What the banks a transfer passed through deducted (minor units): the payer's own amount in the
    account's currency, above what was booked. The payer paid that amount; the charges are the business's
    cost, not a short payment."""
    if original is None or original.currency != amount.currency:
        return 0
    return original.minor - amount.minor


def _structured_hits(ctx: _Context, unit: _Unit) -> dict[int, RefHit]:
    """References the bank delivered in structured fields (camt RfrdDocInf, RF creditor references)."""
    hits: dict[int, RefHit] = {}
    for ref in unit.structured:
        # A creditor reference the bank passes apart (camt CdtrRefInf: a Belgian structured communication,
        # a Finnish or Norwegian KID reference, a Swiss ISR number) names the invoice printing it.
        if ref.kind in ("invoice", "rf", "qrr", "isr", "creditor_ref", "end_to_end"):
            for i in ctx.index.lookup_exact(ref.value):
                hits[i] = RefHit(i, "rf" if ref.kind == "rf" else "exact", ref.value)
    return hits


# --- proposals -------------------------------------------------------------------------------------


class _Tolerance:
    """The write-off tolerance for a short payment: both the absolute and the percentage limit must hold.

    Asked once per candidate invoice, so it is kept in integers: the absolute limit in minor units per
    currency, the percentage as an exact fraction. ``int(pct * open / 100)`` in Decimal gives the same
    value for any percentage and amount that fit Decimal's 28 digits.
    """

    def __init__(self, settings: MatchingSettings) -> None:
        self._absolute_of = settings.write_off_tolerance_abs
        self._absolute: dict[str, int] = {}
        numerator, denominator = settings.write_off_tolerance_pct.as_integer_ratio()
        self._numerator = numerator
        self._denominator = denominator * 100

    def limit(self, open_minor: int, currency: str) -> int:
        absolute = self._absolute.get(currency)
        if absolute is None:
            absolute = self._absolute[currency] = int(self._absolute_of.scaleb(minor_units(currency)))
        scaled = self._numerator * open_minor
        # truncated toward zero, as int() truncates a Decimal
        relative = scaled // self._denominator if scaled >= 0 else -(-scaled // self._denominator)
        return max(0, min(absolute, relative))


def _terms_discount(ctx: _Context, unit: _Unit, ids: Sequence[int], shortfall: int) -> str | None:
    """Whether the early-payment discount of the invoices' own terms explains ``shortfall`` (each invoice's
    percentage of its open amount, to the cent): None when it does not (or an invoice has none); "" when
    the payment earns it; else the day it ended."""
    terms = [ctx.terms.get(i) for i in ids]
    if any(t is None for t in terms):
        return None
    earned = [t for t in terms if t is not None]
    expected = sum(percent_of(ctx.amount[i], pct) for i, (pct, _) in zip(ids, earned, strict=True))
    if abs(expected - shortfall) > len(ids):
        return None
    last = min(until for _, until in earned)
    return "" if unit.date.toordinal() <= last else dt.date.fromordinal(last).isoformat()


def _deduction(unit: _Unit, shortfall: int, currency: str) -> str | None:
    """The deduction a remittance item states (X12 RMR08 with its RMR07 reason code: damaged goods, a
    pricing dispute, a chargeback) when it accounts for ``shortfall`` (minor units of ``currency``) to the
    cent, alone or beside the discount the item states: "USD 4.00 (reason code 'CS')"; else None."""
    if unit.item is None:
        return None
    item = unit.line.items[unit.item]
    taken = item.adjustment
    if taken is None or taken.currency != currency:
        return None
    discount = item.discount.minor if item.discount is not None and item.discount.currency == currency else 0
    if shortfall not in (taken.minor, taken.minor + discount):
        return None
    reason = f" (reason code {item.adjustment_reason!r})" if item.adjustment_reason else ""
    return f"{_fmt(taken.minor, currency)}{reason}"


def _stated_discount(unit: _Unit) -> StatedDiscount | None:
    """The cash discount the payment's remittance states (see arsync.matching.discounts), read once."""
    if unit.discount is _UNREAD:
        unit.discount = stated_discount(unit.texts)
    return unit.discount


def _discount_why_not(ctx: _Context, unit: _Unit, ids: Sequence[int], shortfall: int) -> str | None:
    """Whether a cash discount the remittance states explains ``shortfall`` (minor units, the invoices'
    currency) off the invoices ``ids``: None when none does; "" when the business's terms grant it (within
    ``discount_max_pct`` and paid within ``discount_days`` of each invoice's date) and the ledger does not
    give an invoice terms without a discount ("Net 30"); else why not."""
    stated = _stated_discount(unit)
    if stated is None:
        return None
    opens = [ctx.amount[i] for i in ids]
    if stated.explains(shortfall, opens, minor_units(ctx.currency[ids[0]])) is None:
        return None
    plain = next((ctx.plain_terms[i] for i in ids if i in ctx.plain_terms), None) if ctx.plain_terms else None
    if plain is not None:
        return f"the invoice's terms ({plain}) grant no early-payment discount"
    settings = ctx.settings
    if settings.discount_max_pct <= 0:
        return "no cash discount is configured (matching.discount_max_pct is 0)"
    if shortfall * 100 > settings.discount_max_pct * sum(opens) + 100 * len(opens):  # a cent each for rounding
        return f"it is more than the {settings.discount_max_pct.normalize():f}% allowed (matching.discount_max_pct)"
    days = unit.date.toordinal() - min(ctx.issue[i] for i in ids)
    if days > settings.discount_days:
        return (
            f"paid {days} days after the invoice date, later than the {settings.discount_days} days allowed"
            " (matching.discount_days)"
        )
    return ""


def _single(ctx: _Context, unit: _Unit, i: int) -> _Hyp | None:
    pay = unit.amount
    open_minor = ctx.amount[i]
    currency = ctx.currency[i]
    if currency == unit.currency:
        diff = open_minor - pay
        if diff == 0:
            paid = (pay,)
            return _Hyp(ctx.one[i], "exact", paid, paid)
        if diff > 0:
            if (
                diff <= ctx.tolerance.limit(open_minor, currency)
                or (ctx.terms and _terms_discount(ctx, unit, ctx.one[i], diff) == "")
                or (ctx.discounts and _discount_why_not(ctx, unit, ctx.one[i], diff) == "")
            ) and not _says_part(unit):  # the rest is to come, not a fee or a discount to write off
                return _Hyp(ctx.one[i], "short", (pay,), (open_minor,), write_off=diff)
            paid = (pay,)
            return _Hyp(ctx.one[i], "partial", paid, paid)
        closed = (open_minor,)
        return _Hyp(ctx.one[i], "over", closed, closed, unapplied=-diff)
    if unit.original is not None and unit.original[0] == currency:
        return _sent_single(ctx, unit, i)
    rate = _rate_for(ctx, unit, currency)
    if rate is None:
        return None
    converted = int(_convert(pay, rate, unit.currency, currency).to_integral_value())
    diff = converted - open_minor
    if abs(diff) * 100 <= ctx.settings.fx_tolerance_pct * open_minor:
        return _Hyp(ctx.one[i], "fx", (pay,), (open_minor,), fx_difference=diff)
    if diff < 0:
        return _Hyp(ctx.one[i], "partial", (pay,), (converted,))
    scale = Decimal(10) ** (minor_units(currency) - minor_units(unit.currency))
    back = int((Decimal(open_minor) / rate / scale).to_integral_value())
    if back <= 0:
        return None  # the invoice is worth less than a cent of the payment's currency: nothing to apply
    return _Hyp(ctx.one[i], "over", (back,), (open_minor,), unapplied=pay - back)


def _sent_single(ctx: _Context, unit: _Unit, i: int) -> _Hyp | None:
    """An invoice in the currency the payer sent (``_Unit.original``): compared as a same-currency payment
    of what the payer sent. A shortfall is the payer's (a write-off within the tolerance, else a partial
    payment), an excess stays unapplied; the bank's rate only says how the booked amount divides."""
    assert unit.original is not None
    pay, sent = unit.amount, unit.original[1]
    open_minor = ctx.amount[i]
    diff = open_minor - sent
    if diff == 0:
        return _Hyp(ctx.one[i], "fx", (pay,), (open_minor,), fx_difference=0)
    if diff > 0:
        if diff <= ctx.tolerance.limit(open_minor, ctx.currency[i]):
            return _Hyp(ctx.one[i], "short", (pay,), (open_minor,), write_off=diff)
        return _Hyp(ctx.one[i], "partial", (pay,), (sent,))
    share = pay * open_minor // sent  # of the booked amount, at the bank's rate
    if share <= 0:
        return None  # the invoice is worth less than a cent of the payment's currency: nothing to apply
    return _Hyp(ctx.one[i], "over", (share,), (open_minor,), unapplied=pay - share)


def _group(ctx: _Context, unit: _Unit, members: Sequence[int]) -> _Hyp | None:
    """A proposal applying the payment to several same-currency invoices, oldest first."""
    amount, due = ctx.amount, ctx.due
    if len(members) < 2:
        return None
    if any(ctx.currency[i] != unit.currency for i in members):
        return _sent_group(ctx, unit, members) or _converted_group(ctx, unit, members)
    rank = ctx.rank
    ids = tuple(sorted(members, key=lambda i: (due[i], rank[i])))
    opens = tuple(amount[i] for i in ids)
    total = sum(opens)
    diff = total - unit.amount
    if diff == 0:
        return _Hyp(ids, "group", opens, opens)
    if diff > 0 and (
        diff <= ctx.tolerance.limit(total, unit.currency)
        or (ctx.terms and _terms_discount(ctx, unit, ids, diff) == "")
        or (ctx.discounts and _discount_why_not(ctx, unit, ids, diff) == "")
    ):
        applied = _off_newest(opens, diff)
        if applied is None:
            return None
        return _Hyp(ids, "group_short", applied, opens, write_off=diff)
    if diff < 0:
        return _Hyp(ids, "group_over", opens, opens, unapplied=-diff)
    # Underpaid beyond tolerance: a percentage the payer took off each (a discount not earned) stays open
    # on each; else fill oldest first, the last one partly.
    kept = _less_percent(ctx, unit, ids, opens, diff)
    if kept is not None:
        return _Hyp(ids, "group_partial", kept, kept)
    remaining = unit.amount
    applied_list: list[int] = []
    for open_minor in opens:
        take = min(open_minor, remaining)
        applied_list.append(take)
        remaining -= take
    if applied_list and applied_list[-1] == 0:
        return None
    return _Hyp(ids, "group_partial", tuple(applied_list), tuple(applied_list))


def _less_percent(
    ctx: _Context, unit: _Unit, ids: Sequence[int], opens: Sequence[int], diff: int
) -> tuple[int, ...] | None:
    """What each invoice gets when the shortfall ``diff`` is a percentage taken off each of them: the
    discount of their own terms, one the remittance states ("INV 22133 22188 LESS 2% DISC"), or a round
    percentage that accounts for it to the cent (a commission), each rounded to the cent, and the cents of
    rounding on the newest. None when no percentage accounts for it."""
    pcts: list[Decimal] | None = None
    if ctx.terms and all(i in ctx.terms for i in ids):
        pcts = [ctx.terms[i][0] for i in ids]
    stated = _stated_discount(unit)
    fits = pcts is not None and abs(sum(map(percent_of, opens, pcts)) - diff) <= len(ids)
    if not fits and stated is not None:
        pcts = next(
            ([p] * len(ids) for p in stated.percents if abs(sum(percent_of(o, p) for o in opens) - diff) <= len(ids)),
            None,
        )
        fits = pcts is not None
    if not fits:
        # A round percentage off each to the cent, said or not: a marketplace's commission on each order it
        # pays for ("ORDERS IUYD0JTAXO, 909FSV1RRE" at 85% of each), a withholding rate. By chance, with two
        # invoices or more, a shortfall is seldom that.
        total = sum(opens)
        tenths = (diff * 2000 + total) // (2 * total)  # the share in tenths of a percent, rounded half up
        # each invoice's part at that share, rounded half up to the cent, as percent_of does (in integers:
        # this runs for every group a payment is short of)
        expected = sum((o * tenths * 2 + 1000) // 2000 for o in opens)
        if len(ids) >= 2 and 0 < tenths < 1000 and abs(expected - diff) <= len(ids):
            pcts = [Decimal(tenths) / 10] * len(ids)
    if pcts is None:
        return None
    kept = [o - percent_of(o, p) for o, p in zip(opens, pcts, strict=True)]
    kept[-1] += unit.amount - sum(kept)
    return tuple(kept) if 0 < kept[-1] <= opens[-1] and all(k > 0 for k in kept) else None


def _off_newest(opens: Sequence[int], amount: int) -> tuple[int, ...] | None:
    """What each invoice of a group (oldest first) gets when ``amount`` less than their open total is
    taken off the newest first (a shortfall, a credit note), each keeping a positive part; None when
    the amount leaves some invoice nothing."""
    applied = list(opens)
    rest = amount
    for k in range(len(applied) - 1, -1, -1):
        take = min(rest, applied[k] - 1)
        applied[k] -= take
        rest -= take
    return None if rest else tuple(applied)


def _written_split(ctx: _Context, unit: _Unit, named: set[int]) -> _Hyp | None:
    """The payer's own split of a payment over the invoices it names: the amount remitted for each
    (camt ``RfrdDocAmt/RmtdAmt`` on the structured references), or an amount written after each invoice
    in the text ("INV-0040 480.00, INV-0041 250.00"). Each invoice gets what the payer says, not the
    oldest first, when the amounts add up to the payment and none is above its invoice's open amount."""
    if minor_units(unit.currency) != 2:
        return None
    # The structured amounts first; each text is read only if nothing before it gave a split.
    readings = itertools.chain(
        (_structured_split(ctx, unit, named),), (_text_split(ctx, unit, named, text) for text in unit.texts)
    )
    for split in readings:
        if split is None or len(split) < 2 or sum(split.values()) != unit.amount:
            continue
        if any(not 0 < minor <= ctx.amount[i] for i, minor in split.items()):
            continue  # more than an invoice's open amount: not a split this reading can apply
        if all(minor == ctx.amount[i] for i, minor in split.items()):
            continue  # every invoice in full: the exact group says so already
        ids = tuple(sorted(split, key=lambda i: (ctx.due[i], ctx.rank[i])))
        applied = tuple(split[i] for i in ids)
        opens = tuple(ctx.amount[i] for i in ids)
        short = sum(opens) - unit.amount
        if short <= ctx.tolerance.limit(sum(opens), unit.currency):
            # What the payer kept back is within the write-off tolerance: close the invoices (as a short
            # payment of one invoice does), and propose writing off the rest.
            return _Hyp(ids, "group_split", applied, opens, write_off=short)
        return _Hyp(ids, "group_split", applied, applied)  # the rest stays open on the invoices
    return None


def _structured_split(ctx: _Context, unit: _Unit, named: set[int]) -> dict[int, int] | None:
    """Invoice -> minor units from the structured references that carry a remitted amount, each naming
    one invoice of ``named`` in the payment's currency; None when any does not."""
    split: dict[int, int] = {}
    for ref in unit.structured:
        if ref.kind != "invoice" or ref.amount is None:
            continue
        found = [i for i in ctx.index.lookup_exact(ref.value) if i in named]
        if len(found) != 1 or found[0] in split or ref.amount.currency != unit.currency:
            return None
        if ctx.currency[found[0]] != unit.currency:
            return None
        split[found[0]] = ref.amount.minor
    return split


# Words around an amount a payer kept back from the invoice it has just paid (see _text_split).
_DEDUCTED = re.compile(
    r"(?i)\b(?:less|short|minus|disputed?|deduct(?:ed|ion)?|withh(?:e|o)ld(?:ing)?|retainage|retention|"
    r"not received|chargeback|adj(?:ustment)?)\b"
)


def _text_split(ctx: _Context, unit: _Unit, named: set[int], text: str) -> dict[int, int] | None:
    """Invoice -> minor units from the amounts written in ``text`` beside the invoices it names: each
    amount after its invoice ("INV-0040 480.00, INV-0041 250.00"), or each before it ("480.00 for
    INV-0040, 250.00 for INV-0041"). Every amount must go with exactly one invoice of ``named`` in the
    payment's currency, and every such invoice with an amount; another amount is allowed only as the
    total. Anything else (a discount line, an amount with no invoice) is not read."""
    pieces, amounts = written_amounts(text)
    if len(amounts) < 2:
        return None
    here = [{h.invoice for h in ctx.index.find([piece], near=unit.date) if h.invoice in named} for piece in pieces]
    for after in (True, False):  # the amount after its invoice, or before it
        # The piece that goes with no amount (the last one, or the first) must name no invoice.
        if here[-1 if after else 0]:
            continue
        split: dict[int, int] = {}
        for k, amount in enumerate(amounts):
            minor = int(amount.scaleb(2))
            invoices = here[k if after else k + 1]
            if len(invoices) == 1 and (i := next(iter(invoices))) not in split and ctx.currency[i] == unit.currency:
                split[i] = minor
            elif not invoices and minor == unit.amount:
                continue  # the total, before the items ("Payment of 730.00 for ...") or after them
            elif not invoices and after and split and _DEDUCTED.search(f"{pieces[k]} {pieces[k + 1][:24]}"):
                # "INV 31196 7,179.94 LESS 3,045.06 DISPUTED LINE", "31109 4,372.94 (1,562.06 NOT RECEIVED)":
                # what the payer kept back from the invoice before, not an amount it pays
                continue
            else:
                break
        else:
            return split
    return None


def _sent_group(ctx: _Context, unit: _Unit, members: Sequence[int]) -> _Hyp | None:
    """Several invoices in the payer's currency that what the payer sent (``_Unit.original``) pays exactly.

    The statement amount is split over them in proportion to their open amounts (the bank's one rate),
    the rounding remainder on the newest, so the applications add up to the payment to the cent.
    Only an exact sum: what the payer instructed is before any bank charge, so a shortfall there is a
    choice of the payer's that a person should see.
    """
    original = unit.original
    if original is None or any(ctx.currency[i] != original[0] for i in members):
        return None
    amount, due, rank = ctx.amount, ctx.due, ctx.rank
    ids = tuple(sorted(members, key=lambda i: (due[i], rank[i])))
    opens = tuple(amount[i] for i in ids)
    if sum(opens) != original[1]:
        return None
    applied = [unit.amount * o // original[1] for o in opens]
    applied[-1] += unit.amount - sum(applied)
    if min(applied) <= 0:
        return None  # a payment too small to give every invoice a cent
    return _Hyp(ids, "group", tuple(applied), opens, fx_difference=0)


def _converted_group(ctx: _Context, unit: _Unit, members: Sequence[int]) -> _Hyp | None:
    """Several invoices in one foreign currency that the payment pays once converted at the rate of its
    date (ledger or config, as for one invoice), within ``fx_tolerance_pct``: "RE-1 RE-3" paying USD
    3,797.50 for EUR 1,000.00 and 2,500.00. The payment is split in proportion to their open amounts."""
    currency = ctx.currency[members[0]]
    if any(ctx.currency[i] != currency for i in members):
        return None
    rate = _rate_for(ctx, unit, currency)
    if rate is None:
        return None
    amount, due, rank = ctx.amount, ctx.due, ctx.rank
    ids = tuple(sorted(members, key=lambda i: (due[i], rank[i])))
    opens = tuple(amount[i] for i in ids)
    total = sum(opens)
    converted = int(_convert(unit.amount, rate, unit.currency, currency).to_integral_value())
    diff = converted - total
    if abs(diff) * 100 > ctx.settings.fx_tolerance_pct * total:
        return None
    applied = [unit.amount * o // total for o in opens]
    applied[-1] += unit.amount - sum(applied)
    if min(applied) <= 0:
        return None
    return _Hyp(ids, "group_fx", tuple(applied), opens, fx_difference=diff)


def _typo_hits(ctx: _Context, unit: _Unit, candidates: Iterable[int]) -> None:
    """A reference one edit (or one transposition) away from a candidate's number is a typo'd reference."""
    words: set[str] = set()
    for text in unit.texts:
        split = normalize_text(text).split()
        words.update(
            w
            for k, w in enumerate(split)
            if len(w) >= 4
            and any(c.isdigit() for c in w)
            and not names_no_invoice(split, k)
            and not street_number(split, k)  # "ATM CHECK DEPOSIT 2450 S LAMAR BLVD": no typo of 2050
        )
        if any(year_like(w, unit.date) for w in words):
            words -= dated_years(text, unit.date)  # a date's year is no typo of an invoice number
    # Nor is the amount paid, written without its decimals ("ACME 1250" paying 1,250.00), nor an amount the
    # remittance writes ("RMR*IV*22762*PI*2316.00": 2316 is no typo of invoice 23136).
    words -= {str(unit.amount), str(unit.amount // 10 ** minor_units(unit.currency))}
    if any(w.isdigit() and any(f"{w}." in t or f"{w}," in t for t in unit.texts) for w in words):
        words -= {str(int(a)) for text in unit.texts for a in written_amounts(text)[1]}
    if not words:
        return
    joined = {normalize_text(text).replace(" ", "") for text in unit.texts}
    for i in candidates:
        if i in unit.refs:
            continue
        number = ctx.index.exact_of(i)
        digits = ctx.index.digits_of(i)
        if len(number) < 4:
            continue
        for w in words:
            target = number if not w.isdigit() else digits
            if len(target) >= 4 and abs(len(w) - len(target)) <= 1 and OSA.distance(w, target, score_cutoff=1) <= 1:
                unit.refs[i] = RefHit(i, "typo", w)
                break
        else:
            # "INV 00123" split in two words: compare against the joined text window.
            for text in joined:
                if len(number) >= 6 and number[:-1] in text and number not in text:
                    pos = text.find(number[:-1])
                    window = text[pos : pos + len(number)]
                    if OSA.distance(window, number, score_cutoff=1) <= 1:
                        unit.refs[i] = RefHit(i, "typo", window)
                        break


# Fields a bank export pads into one description: two or more spaces, or a comma or bar between spaces
# (UK banks: "ACME LTD            INV1047", "ACME LTD , INV 1047 , FP 02/03/26 0930 , 1234...").
_DESCRIPTION_FIELDS = re.compile(r"\s{2,}|\s+[,|]\s+")
# Words a payer writes about the payment, around its references, and not part of its name: "ACME PO 7781",
# "ACME INV 1001 LESS 2% DISC", "ACME PARTIAL PAYMENT INV 1001". Dropped only from a payer read out of a
# description, and only when the text as written names nobody: "DISCOUNT TIRE INV 1001" is Discount Tire.
_REMITTANCE_WORDS = frozenset(
    """po p o pono purchase order no nr num number less disc discount discounts partial part final balance bal
    settlement settles settling for per re against acct account amt amount paid pays short deduction ded
    dated date see attached remit advice supplier suppliers vendor payrun run on acc instalment installment
    monthly quarterly weekly fee fees january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


def payer_in_description(description: str, services: PaymentServices = BUILT_IN) -> str | None:
    """The payer a description names when the export has no payer field: the business a payment service
    says it paid for ("ACME CORP via Bill.com"), a labelled field (ACH "ORIG CO NAME:"), else the first
    padded field that is a name (letters, no digits, not only bank words), else the whole description."""
    via = services.paid_via(description)
    if via is not None:
        return via[0]
    labelled = payer_in_text(description)
    if labelled:
        # A wire's originator with its street address ("B/O: ALLIED STEEL INC 836 OAK AVE TAMPA FL 33602"):
        # the name ends before the house number, and its legal form then tells alike-named customers apart.
        street = street_address_start(labelled)
        return labelled[:street].rstrip(" ,") if street else labelled
    fields = _DESCRIPTION_FIELDS.split(description.strip())
    if len(fields) > 1:
        for field in fields:
            # Not a field of bank words only: Barclays ends its memo with the payment type ("FT", "BGC").
            if not any(c.isdigit() for c in field) and names_someone(field):
                return field.strip()
    # The whole description, without its references: "FASTER PAYMENTS RECEIPT REF INV1047 FROM ACME LTD"
    # is the payer "acme", not "inv1047 acme", which resembles nobody. Unless nothing else is left ("3M").
    words = description.split()
    plain = [w for w in words if not any(c.isdigit() for c in w)]
    if len(plain) < len(words) and names_someone(" ".join(plain)):
        return normalize_name(" ".join(plain))
    return normalize_name(description) or None


def _without_payment_words(payer: str) -> str | None:
    """A payer read from a description without the words about the payment (:data:`_REMITTANCE_WORDS`:
    "acme po", "acme less disc" are "acme"), or None when there are none, or nothing else."""
    words = payer.split()
    kept = [w for w in words if not all(token in _REMITTANCE_WORDS for token in normalize_text(w).split())]
    return " ".join(kept) if len(kept) < len(words) and names_someone(" ".join(kept)) else None


# The words of an ACH's company entry description (NACHA's 10 characters: "EDI PYMNTS", "AP PAYMENT",
# "VENDOR PMT", "PAYABLES") as banks print them after the originator's name.
_ENTRY_WORDS = frozenset(
    """edi pymnts pymnt pymt paymnt paymnts payment payments pmt pmts pmnt payables payable ap a p accts acct
    vendor vndr trade bill pay corp ach ccd ppd ctx remit eft dir dep settlement""".split()
)


def _before_entry_date(payer: str) -> str | None:
    """The originator's name of an ACH laid out as Wells Fargo prints it, "<company name> <entry
    description> <YYMMDD> <individual id> <individual name>" ("ROGERS ANIMAL HO EDI PYMNTS 260311 3906
    KESTREL MECHANICAL"): the words before the date, without the entry description's. None when the payer
    has no such date after a name."""
    words = payer.split()
    at = next((k for k, w in enumerate(words) if k and len(w) == 6 and w.isdigit()), None)
    if at is None:
        return None
    head = words[:at]
    while head and all(t in _ENTRY_WORDS for t in normalize_text(head[-1]).split()):
        head.pop()
    name = " ".join(head)
    return name if head and names_someone(name) else None


def _name_before_code(payer: str) -> str | None:
    """The words of ``payer`` before its first one with a digit, without the words about the payment that
    end them ("ZELLE FROM DAVID NGUYEN ON 03/30" gives "ZELLE FROM DAVID NGUYEN"); None when no word after
    the first has a digit, or nothing of a name is left."""
    words = payer.split()
    at = next((k for k, w in enumerate(words) if k and any(c.isdigit() for c in w)), None)
    if at is None:
        return None
    head = words[:at]
    while head and all(t in _NOT_NAME_WORDS for t in normalize_text(head[-1]).split()):
        head.pop()
    name = " ".join(head)
    return name if head and names_someone(name) else None


def _completed(payer: str, text: str) -> str:
    """The payer's name as ``text`` goes on to write it, when the export cut the payer field short and the
    description begins with the same words: an OFX NAME has 32 characters, the MEMO more. The word cut in
    the middle is finished ("... RIVERINA JO" of "... RIVERINA JOINERY") and the name's next words are
    added ("... THE SHARMA " of "... THE SHARMA FAMILY TRUST", "COASTAL PLUMBING PTY LTD"), up to a word
    with a digit or one about the payment ("INV3458", "PART", "OBO"). Cut short, "THE SHARMA" was the exact
    name of another customer, Sharma & Co."""
    n = len(payer)
    if len(text) <= n or text[:n].casefold() != payer.casefold():
        return payer
    mid_word = payer[-1:].isalnum() and text[n].isalnum()
    # A field cut at a space loses that space to the reader: 31 characters then are a cut 32 as well.
    if not (mid_word or payer[-1:].isspace() or n >= _CUT_PAYER - 1):
        return payer  # the field holds the whole name: what follows is the payment's text
    rest = text[n:].split()
    completed = payer.rstrip()
    if mid_word and rest:
        completed += rest.pop(0)
    for word in rest[:_NAME_WORDS_AFTER]:
        folded = normalize_text(word)
        if not folded or any(c.isdigit() for c in folded) or any(w in _NOT_NAME_WORDS for w in folded.split()):
            break
        completed += " " + word
    return completed


# An export's payer field cut at this many characters (OFX NAME) may hold only part of the name.
_CUT_PAYER = 32
_NAME_WORDS_AFTER = 4
_NOT_NAME_WORDS = BANK_NOISE | _REMITTANCE_WORDS | frozenset("obo behalf of via ref reference".split())


# Words that say the payer pays for someone else, whose name follows: a trust account, an accountant, a
# factor or a parent paying a client's invoice ("OBO COOLANGATTA ELECTRICAL", "on behalf of Acme Ltd", "im
# Auftrag von Müller GmbH", "pour (le) compte de Dupont SARL", "namens Bakker BV", "inz. Transport
# Groningen" and "t.b.v." in Dutch, "en nombre de", "per conto di"). Not a bare "for", "für" or "pour":
# "for services" would name a customer called Acme Services.
_ON_BEHALF = re.compile(
    r"(?<![^\W\d_])(?:OBO|O/B/O|ON BEHALF OF|IM AUFTRAG (?:VON|DER|DES)|POUR (?:LE )?COMPTE DE|NAMENS"
    r"|INZ\.|INZAKE|T\.\s?B\.\s?V\.|TEN BEHOEVE VAN|EN NOMBRE DE|PER CONTO DI)(?::\s*|\s+)(.+)",
    re.IGNORECASE,
)
_BEHALF_NAME_WORDS = 6
# Cheap to look for first: every line's texts are read for the phrase, and few have one.
_BEHALF_KEYS = (*"obo o/b/o behalf auftrag compte namens inz b.v behoeve nombre conto".split(), "b. v")


def on_behalf_in_text(texts: Sequence[str]) -> str | None:
    """The name a remittance says the payment is made on behalf of ("... TRUST ACCT OBO COOLANGATTA
    ELECTRICAL INV 3263" -> "COOLANGATTA ELECTRICAL"): the words after the phrase, up to one with a digit,
    one about the payment or a separator; None when no text says so."""
    for text in texts:
        folded = text.casefold()
        if not any(key in folded for key in _BEHALF_KEYS):
            continue
        found = _ON_BEHALF.search(text)
        if found is None:
            continue
        words: list[str] = []
        for word in re.split(r"\s+", found.group(1).strip()):
            if word[:1] in ",;/|(" or len(words) == _BEHALF_NAME_WORDS:
                break
            folded = normalize_text(word)
            if not folded or any(c.isdigit() for c in folded) or any(w in _NOT_NAME_WORDS for w in folded.split()):
                break
            words.append(word.rstrip(",;:"))
            if word[-1:] in ",;:":
                break
        if words:
            return " ".join(words)
    return None


def _through_service(ctx: _Context, unit: _Unit) -> None:
    """A payer that is a payment service paying for many businesses (see arsync.matching.services) names
    no customer, and neither does its pooled account: the payer is the business it says it paid for
    ("ACME CORP via Bill.com"), else unknown. Unless the ledger has a customer of exactly that name."""
    assert unit.payer_name is not None
    services = ctx.services
    via = services.paid_via(unit.payer_name)
    if via is None:
        service = services.service(unit.payer_name)
        if service is None or ctx.resolver.parties_named((unit.payer_name,)):
            return
        via = next((v for text in unit.texts if (v := services.paid_via(text)) is not None), ("", service))
    name, service = via
    unit.payer_name = name or None
    unit.payer_account = None  # the service's own
    said = f"the payer is {name!r}" if name else "the customer is known only from what the remittance says"
    detail = f"paid through {service}, which pays for many businesses: {said}"
    unit.notes += (_construct(Reason, feature="party", weight=0.0, detail=detail),)


def _names_surely(hit: PartyHit | PartyAbstention | None) -> bool:
    """Whether a name alone names a customer surely: exactly, by a learned alias, or fuzzily at 95 or more."""
    return isinstance(hit, PartyHit) and (hit.method in ("name", "alias") or hit.score >= 95)


def _by_customer_number(
    ctx: _Context, unit: _Unit, resolved: PartyHit | PartyAbstention | None
) -> PartyHit | PartyAbstention | None:
    """The party whose customer number the remittance gives ("Kd.Nr. 1234567"), over a payer known only
    fuzzily or not at all; against a sure payer of another party, neither is chosen."""
    for text in unit.texts:
        # After a word for one ("Kd.Nr. 1234567", "A/C WHIT001"), else a known code of letters and digits
        # alone ("THORNBURY HAULAGE  THOR016 SI10868").
        for number in (*customer_numbers(text), *account_codes(text)):
            party_id = ctx.by_customer_number.get(number)
            if party_id is None:
                continue
            name = ctx.party_name(party_id)
            if isinstance(resolved, PartyHit) and resolved.party_id == party_id:
                return resolved
            if isinstance(resolved, PartyHit) and resolved.method in _SURE_METHODS:
                detail = f"the remittance gives {name}'s customer number, but {resolved.detail}; not choosing"
                return PartyAbstention(resolved.party_id, party_id, 100.0, 100.0, detail)
            return PartyHit(party_id, "customer_number", 100.0, f"the remittance gives {name}'s customer number")
    return resolved


def _identify(ctx: _Context, unit: _Unit) -> None:
    """Who paid: the party, or an abstention between two (see PartyResolver)."""
    described = not unit.payer_name and not unit.payer_account and bool(unit.line.description)
    if described:
        # Plain CSV exports put the payer inside the description: in a labelled field ("ORIG CO NAME:ACME
        # CORP ORIG ID:..." in a Chase export), else somewhere in it ("ACH CREDIT ACME INDUSTRIES INV 12").
        unit.payer_name = payer_in_description(unit.line.description, ctx.services)
    elif unit.payer_name and unit.line.description:
        unit.payer_name = _completed(unit.payer_name, unit.line.description)
    if unit.payer_name:
        _through_service(ctx, unit)
    resolved = ctx.resolver.resolve(unit.payer_name, unit.payer_account)
    shorter = _without_payment_words(unit.payer_name) if described and unit.payer_name else None
    if shorter is not None and not isinstance(resolved, PartyHit):
        retried = ctx.resolver.resolve(shorter, None)
        # A customer, or customers named alike where the text as written named nobody ("UPTON FACILITIES M
        # PAYRUN 5757" of two Upton Facilities): either says more than no payer at all.
        if isinstance(retried, PartyHit) or (resolved is None and retried is not None):
            unit.payer_name, resolved = shorter, retried
    head = _before_entry_date(unit.payer_name) if unit.payer_name and not isinstance(resolved, PartyHit) else None
    if head is not None:
        retried = ctx.resolver.resolve(head, None)
        if isinstance(retried, PartyHit):
            unit.payer_name, resolved = head, retried
    if unit.payer_name and (resolved is None or (isinstance(resolved, PartyHit) and resolved.method == "fuzzy")):
        # A name followed by a code only resembles the customer ("David Nguyen BACBHDP4VW8", Chase's Zelle
        # with its confirmation code; "ZELLE FROM DAVID NGUYEN ON 03/30"): without it, it may be the exact
        # name, or the name of two customers, which the name with the code would hide.
        head = _name_before_code(unit.payer_name)
        if head is not None:
            retried = ctx.resolver.resolve(head, None)
            if (isinstance(retried, PartyHit) and retried.method in ("name", "alias")) or (
                isinstance(retried, PartyAbstention) and not retried.detail and retried.score >= 100
            ):
                unit.payer_name, resolved = head, retried
    unit.payer_norm = normalize_name(unit.payer_name) if unit.payer_name else ""
    # Paid on behalf of another (camt UltmtDbtr, MT940 ABWA+/ULTD; else written: "... TRUST ACCT OBO
    # COOLANGATTA ELECTRICAL"): whose invoice it is, when that name names a customer, whoever's account it
    # came from.
    ultimate = next((ref.value for ref in unit.structured if ref.kind == "ultimate_payer"), None)
    if ultimate is None and unit.texts:
        ultimate = on_behalf_in_text(unit.texts)
    if ultimate is not None:
        behalf = ctx.resolver.resolve(ultimate, None)
        # Against an account holder that is itself a known customer, only a sure name overrides it.
        sure = not isinstance(resolved, PartyHit) or _names_surely(behalf)
        if (
            isinstance(behalf, PartyHit)
            and sure
            and not (isinstance(resolved, PartyHit) and resolved.party_id == behalf.party_id)
        ):
            holder = f"paid from the account of {unit.payer_name!r}" if unit.payer_name else "paid"
            detail = f"{holder} on behalf of {ultimate!r}: {behalf.detail}"
            resolved = PartyHit(behalf.party_id, behalf.method, behalf.score, detail)
    if ctx.by_customer_number:
        resolved = _by_customer_number(ctx, unit, resolved)
    if isinstance(resolved, PartyHit):
        unit.party = resolved
    elif isinstance(resolved, PartyAbstention):
        unit.abstention = resolved
        if resolved.detail:
            unit.notes += (_construct(Reason, feature="party", weight=0.0, detail=resolved.detail),)
    if (
        (isinstance(resolved, PartyHit) and resolved.method == "fuzzy") or isinstance(resolved, PartyAbstention)
    ) and any(_REFUND_HINT.search(t) for t in unit.texts):
        # "CITY OF AUSTIN DES:UTIL REFND", "STATE OF TEXAS DES:TAX REFUND": a payer that is no one customer
        # for sure (it only resembles one), refunding the business
        said = not_a_customer((*unit.texts, unit.payer_name or ""))
        if said is not None and said[0] in ("a refund", "a tax refund"):
            _not_customer(unit, said)
    elif resolved is None:
        said = not_a_customer((*unit.texts, unit.payer_name or ""))
        if said is not None:
            _not_customer(unit, said)


# What any refund or tax refund not_a_customer reads begins with (a superset, searched first: most lines
# have none of it).
_REFUND_HINT = re.compile(
    r"(?i)refund|refnd|rfnd|erstatt|rembours|terugbetal|teruggaaf|reembols|rimbors|hmrc|irs|ird|ato|finanzamt|ftb"
    r"|dgfip|belastingdienst|agenciatributaria"
)


def _not_customer(unit: _Unit, said: tuple[str, str]) -> None:
    """Mark ``unit`` as no customer's payment (see _Unit.not_customer), for the reason ``said``."""
    unit.not_customer = True
    detail = f"reads as {said[0]} ({said[1]!r}), not a customer's payment: applied only to an invoice it names"
    unit.notes += (_construct(Reason, feature="party", weight=0.0, detail=detail),)


def _propose(ctx: _Context, unit: _Unit, strategies: Sequence[Strategy], features: Sequence[Feature]) -> None:
    """Candidates and scored proposals for one identified payment (see :func:`_identify`)."""
    unit.refs = {
        hit.invoice: hit
        for hit in ctx.index.find(
            unit.texts,
            amount_minor=unit.amount,
            amount_units=unit.amount // (10 ** minor_units(unit.currency)),
            near=unit.date,
        )
    }
    for i, hit in _structured_hits(ctx, unit).items():
        unit.refs[i] = hit
    if unit.party is not None and unit.refs:
        _drop_name_numbers(ctx, unit, unit.party.party_id)
    # Too many weak hits (a "#1" matching every numbering) say nothing about which one is meant.
    weak = [i for i, h in unit.refs.items() if h.strength == "marker"]
    if len(weak) > 3:
        for i in weak:
            del unit.refs[i]
    if ctx.closed_index is not None:
        _closed_named(ctx, unit)

    candidates: set[int] = set(unit.refs)
    party_items: Sequence[int] = ()
    tol = int(ctx.settings.write_off_tolerance_abs.scaleb(minor_units(unit.currency)))
    # Candidate lists that were cut short: the invoices left out are like the unreferenced ones kept, with
    # their own dates (the best date weight among them).
    cut: list[tuple[Sequence[int], float]] = []
    if unit.party is not None:
        party_items = ctx.by_party.get(unit.party.party_id, ())
        near, capped = ctx.party_near(unit.party.party_id, unit.currency, unit.amount, tol, unit.date, unit.original)
        candidates.update(near)
        cut.extend(capped)
        if ctx.discounts:
            stated = _stated_discount(unit)
            if stated is not None:
                candidates.update(ctx.discounted(unit.party.party_id, unit, stated.percents))
        if ctx.terms:
            candidates.update(ctx.discounted(unit.party.party_id, unit, ctx.term_pcts))
    exact_amount = ctx.same_amount(unit.currency, unit.amount)
    if unit.original is not None:  # or exactly what the payer sent, in the payer's currency
        sent = ctx.same_amount(unit.original[0], unit.original[1])
        exact_amount = sorted((*exact_amount, *sent), key=ctx.rank.__getitem__)
    # Other customers' invoices of the same amount: worth a look only when the payer is unknown or only
    # fuzzily known, and only when the amount is rare enough to mean something. Two of them already make
    # the amount alone ambiguous, so a few stand for the rest (the cut): a ledger ten times larger has
    # ten times the same-amount invoices per amount, and looking at eight grew that work 78-fold.
    if len(exact_amount) <= 20 and (unit.party is None or unit.party.method == "fuzzy"):
        strangers: Sequence[int] = exact_amount
        if unit.party is not None:
            # The payer's own invoices of the amount are candidates already (party_near). Among the ones
            # standing for the rest they would lend the left-out strangers the payer's name: a rival of
            # 12.5 where none is ("rivals" with no rival listed, when a stranger had four of the amount).
            own = unit.party.party_id
            strangers = [i for i in exact_amount if ctx.party[i] != own]
        others = strangers[:_OTHERS_SAME_AMOUNT]
        candidates.update(others)
        if len(strangers) > _OTHERS_SAME_AMOUNT:
            cut.append((others, ctx.best_date_weight(strangers[_OTHERS_SAME_AMOUNT:], unit.date.toordinal())))
    if unit.abstention is not None:
        for pid in unit.abstention.parties[:_TIED_LOOKED_AT]:
            near, capped = ctx.party_near(pid, unit.currency, unit.amount, tol, unit.date, unit.original)
            candidates.update(near)
            cut.extend(capped)
    payer_parties: set[str] = set()
    if unit.party is not None:
        payer_parties = {unit.party.party_id}
    elif unit.abstention is not None:
        payer_parties = set(unit.abstention.parties)
    # A named invoice that fits the amount settles the reference, unless it belongs to a customer the
    # payer is not: then the number may be a typo of the payer's own invoice.
    named_exactly = any(
        h.strength in _STRONG_REFS and ctx.amount_is(i, unit) and (not payer_parties or ctx.party[i] in payer_parties)
        for i, h in unit.refs.items()
    )
    # A typo is worth looking for only when no named invoice fits the amount, and when the number written
    # is not a closed invoice's: that one the payer wrote as it is.
    if not named_exactly and not unit.names_closed:
        _typo_hits(ctx, unit, candidates if len(party_items) > 60 else candidates | set(party_items))
        # The number written may be another invoice's: its one-edit neighbours are candidates too, so an
        # overpayment of the named invoice is weighed against the neighbour whose amount fits.
        for hit in [h for h in unit.refs.values() if h.strength in ("exact", "number")]:
            written = ctx.index.exact_of(hit.invoice)
            if len(exact_amount) <= _FEW_SAME_AMOUNT:
                # The neighbour must fit the amount: check the few invoices of this amount directly.
                neighbours = ctx.index.typo_neighbours_among(written, exact_amount)
            else:
                neighbours = [i for i, _ in ctx.index.typo_neighbours(written) if ctx.amount_is(i, unit)]
            for i in neighbours:
                if i not in unit.refs:
                    unit.refs[i] = RefHit(i, "typo", written)
                    candidates.add(i)

    # The strong references, strongest first, each with its digits: what every proposal not naming that
    # invoice is weighed against (see _score).
    unit.strong = [
        (h, _digits(h.text))
        for h in sorted(
            (h for h in unit.refs.values() if h.strength in _STRONG_REFS),
            key=lambda h: (-REFERENCE_WEIGHTS[h.strength], ctx.rank[h.invoice]),
        )
    ]
    hyps: dict[tuple[int, ...], _Hyp] = {}
    # Partial and over payments are only plausible for an invoice the payer named; the rest are kept
    # only as the closest candidates a reviewer may want to see, and built only if that is needed.
    loose: list[int] = []
    for i in sorted(candidates, key=ctx.rank.__getitem__):
        if i not in unit.refs and ctx.currency[i] == unit.currency:
            diff = ctx.amount[i] - unit.amount
            if diff < 0 or (
                diff > 0
                and diff > ctx.tolerance.limit(ctx.amount[i], unit.currency)
                and not (ctx.terms and _terms_discount(ctx, unit, ctx.one[i], diff) == "")
                and not (ctx.discounts and _discount_why_not(ctx, unit, ctx.one[i], diff) == "")
            ):
                loose.append(i)  # what _single would call "over" or "partial"
                continue
        hyp = _single(ctx, unit, i)
        if hyp is None:
            continue
        if hyp.kind in ("partial", "over") and i not in unit.refs:
            loose.append(i)
            continue
        hyps[hyp.invoices] = hyp
    if unit.party is not None and unit.party.party_id in ctx.credits_of:
        _credit_proposals(ctx, unit, unit.party.party_id, hyps)
    strong = sorted(i for i, h in unit.refs.items() if h.strength in _STRONG_REFS)
    if 2 <= len(strong) <= _MAX_NAMED:
        group = _group(ctx, unit, strong)
        if group is not None:
            hyps[group.invoices] = group
        if group is None or group.kind != "group":
            split = _written_split(ctx, unit, set(strong))
            if split is not None:  # the payer's own split replaces any other of the same invoices
                hyps[split.invoices] = split
            if unit.party is not None and unit.party.party_id in ctx.credits_of:
                _credit_group(ctx, unit, unit.party.party_id, hyps)
    if unit.party is not None and party_items:
        # When the payer named exactly what it pays, or one invoice fits exactly, a combination search
        # can only add a rival; it still runs, on a small budget, to catch a coincidental combination.
        settled = any(h.kind in ("exact", "group") and all(i in unit.refs for i in h.invoices) for h in hyps.values())
        if not settled:
            single_exact = any(h.kind == "exact" for h in hyps.values())
            _subset_proposals(
                ctx, unit, unit.party.party_id, party_items, hyps, budget=1_000 if single_exact else 4_000
            )
    elif unit.abstention is not None and not any(h.kind in ("exact", "group") for h in hyps.values()):
        # The payer is one of a few customers named alike: each one's invoices may add up to the payment
        # (a suggestion, with the customers it may be).
        for pid in unit.abstention.parties[:_TIED_LOOKED_AT]:
            _subset_proposals(ctx, unit, pid, ctx.by_party.get(pid, ()), hyps, budget=1_000)
    if strategies:
        by_id = {invoice_id: i for i, invoice_id in enumerate(ctx.invoice_id)}
        view = _view(ctx, unit)
        for strategy in strategies:
            for ids in strategy.propose(view, ctx.open):
                members = sorted({by_id[x] for x in ids if x in by_id})
                extra = _single(ctx, unit, members[0]) if len(members) == 1 else _group(ctx, unit, members)
                if extra is not None and extra.invoices not in hyps:
                    extra.proposed_by = strategy.name
                    hyps[extra.invoices] = extra
    for hyp in hyps.values():
        _score(ctx, unit, hyp, features)
    if loose and unit.party is not None and not any(h.score >= ctx.settings.suggest_threshold for h in hyps.values()):
        # Nothing fits: show the reviewer the payer's invoices nearest in amount.
        loose.sort(key=lambda i: (abs(ctx.amount[i] - unit.amount), ctx.rank[i]))
        for i in loose[:3]:
            closest = _single(ctx, unit, i)
            if closest is not None:
                _score(ctx, unit, closest, features)
                hyps[closest.invoices] = closest
    due = ctx.due
    ranked = sorted(hyps.values(), key=lambda h: (-h.score, len(h.invoices), [due[i] for i in h.invoices]))
    # Only the best few matter: the decision, the runners-up shown, and replacements when a stronger
    # line takes an invoice. Keeping every weak proposal would only cost memory on large statements.
    unit.hyps = ranked[:_KEEP_PROPOSALS]
    # What was cut still competes: a dropped proposal, or an invoice left out of a capped candidate list
    # (it scores like the unreferenced invoices of that list that were kept). Without this, once other
    # lines take the few invoices kept, the last one kept looks unrivalled when dozens are not.
    unseen = ranked[_KEEP_PROPOSALS].score if len(ranked) > _KEEP_PROPOSALS else 0.0
    for kept, best_date in cut:
        for i in kept:
            hyp = hyps.get((i,))
            if hyp is None or i in unit.refs:
                continue
            # An invoice left out has the kept one's amount terms but its own date: a stale kept invoice
            # must not stand for a left-out one dated within terms, or an exact fit leads by a margin it
            # does not have.
            rival = hyp.score + max(0.0, best_date - _date_term(ctx, unit, (i,))[0])
            unseen = max(unseen, rival)
    unit.unseen = unseen


def _credit_proposals(ctx: _Context, unit: _Unit, party_id: str, hyps: dict[tuple[int, ...], _Hyp]) -> None:
    """The customer's invoices the payment closes together with its open credit notes: "INV-0012 less
    CN-0005". Such a reading replaces a partial or short one of the same invoice: it explains the whole
    open amount. Tried: one credit note or two in full (the invoice whose open amount is the payment plus
    their credit), and part of one credit note for an invoice the remittance names, when it names that
    credit note too (part of an unnamed note would fit any shortfall)."""
    notes, named = _credit_notes_named(ctx, unit, party_id)
    if not notes:
        return

    def offer(i: int, credits: tuple[tuple[int, int], ...]) -> None:
        key = ctx.one[i]
        existing = hyps.get(key)
        all_named = all(k in named for k, _ in credits)
        if isinstance(existing, _CreditHyp):
            # a reading the remittance confirms wins, then the one with fewer credit notes
            if (existing.named, -len(existing.credits)) >= (all_named, -len(credits)):
                return
        elif existing is not None and existing.kind not in ("partial", "short"):
            return
        hyps[key] = _CreditHyp(key, "credit", (unit.amount,), (ctx.amount[i],), credits=credits, named=all_named)

    in_full = [(k,) for k in notes] + list(itertools.combinations(notes, 2))
    for combo in in_full:
        credits = tuple((k, ctx.credits[k][2]) for k in combo)
        for i in ctx.same_amount(unit.currency, unit.amount + sum(c for _, c in credits))[:_FEW_SAME_AMOUNT]:
            if ctx.party[i] == party_id:
                offer(i, credits)
    for i, hit in unit.refs.items():
        short = ctx.amount[i] - unit.amount
        if hit.strength in _STRONG_REFS and ctx.party[i] == party_id and ctx.currency[i] == unit.currency:
            for k in named:
                if 0 < short < ctx.credits[k][2]:
                    offer(i, ((k, short),))


def _credit_notes_named(ctx: _Context, unit: _Unit, party_id: str) -> tuple[list[int], set[int]]:
    """The customer's open credit notes in the payment's currency (a few, newest first), and those of
    them the remittance names."""
    notes = [k for k in ctx.credits_of.get(party_id, ())[:_MAX_CREDITS] if ctx.credits[k][3] == unit.currency]
    if not notes:
        return notes, set()
    words = _joined_words(unit.texts)
    return notes, {k for k in notes if normalize_text(ctx.credits[k][1]).replace(" ", "") in words}


def _credit_group(ctx: _Context, unit: _Unit, party_id: str, hyps: dict[tuple[int, ...], _Hyp]) -> None:
    """Several invoices the remittance names, paid less credit notes it names too ("INV-0012 INV-0013 less
    CN-0005"): the payment and one or two of those notes in full, or part of one, close them all. The
    credit comes off the newest invoices, and every invoice keeps a positive part of the payment."""
    named = sorted(_credit_notes_named(ctx, unit, party_id)[1])
    if not named:
        return
    members = sorted(
        (
            i
            for i, hit in unit.refs.items()
            if hit.strength in _STRONG_REFS and ctx.party[i] == party_id and ctx.currency[i] == unit.currency
        ),
        key=lambda i: (ctx.due[i], ctx.rank[i]),
    )
    if not 2 <= len(members) <= _MAX_NAMED:
        return
    ids = tuple(members)
    opens = [ctx.amount[i] for i in ids]
    owed = sum(opens) - unit.amount
    if owed <= 0:
        return
    combos = itertools.chain.from_iterable(itertools.combinations(named, n) for n in (1, 2))
    readings = [tuple((k, ctx.credits[k][2]) for k in combo) for combo in combos]  # in full
    readings += [((k, owed),) for k in named if owed < ctx.credits[k][2]]  # part of one note
    for credits in readings:
        if sum(amount for _, amount in credits) != owed:
            continue
        applied = _off_newest(opens, owed)
        existing = hyps.get(ids)
        if applied is None or (
            existing is not None and existing.kind not in ("group_partial", "group_short", "group_split")
        ):
            return
        hyps[ids] = _CreditHyp(ids, "credit", applied, tuple(opens), credits=credits, named=True)
        return


def _duplicate_advice(units: Sequence[_Unit]) -> None:
    """A payment whose remittance items name, for the most part, invoices another payment was applied to:
    the same advice paid twice (a retailer's EDI run repeated), or a remittance copied onto a second
    payment. The few items left would close invoices with money the customer may want back: none of
    them is applied unattended, and each says why."""
    by_line: dict[int, list[_Unit]] = {}
    for unit in units:
        if unit.item is not None:
            by_line.setdefault(id(unit.line), []).append(unit)
    for items in by_line.values():
        lost = [u for u in items if u.lost_to and u.decision != "auto"]
        if not lost or 2 * len(lost) < len(items):
            continue
        detail = (
            f"{len(lost)} of this payment's {len(items)} remittance items name invoices already applied to "
            f"another payment ({lost[0].lost_to}): the same advice paid twice?"
        )
        for unit in items:
            if unit.decision == "auto":
                unit.decision = "suggest"
                unit.notes += (_construct(Reason, feature="conflict", weight=0.0, detail=detail),)


def _credit_conflicts(units: Sequence[_Unit], ctx: _Context) -> None:
    """A credit note gives no more than its remaining credit: when the automatic decisions together would
    apply more of one than it holds, none of them that use it is applied unattended. Suggestions that
    offer the same credit note, with each other or with an automatic decision, and that could not all be
    accepted, say so, so that a person accepting one knows the others no longer hold."""
    users: dict[int, list[_Unit]] = {}
    for unit in units:
        if unit.decision in ("auto", "suggest") and isinstance(unit.chosen, _CreditHyp):
            for k, _amount in unit.chosen.credits:
                users.setdefault(k, []).append(unit)
    for k, sharing in users.items():
        autos = [u for u in sharing if u.decision == "auto"]
        if _credit_used(autos, k) > ctx.credits[k][2]:
            lines = ", ".join(f"line {u.source.line}" for u in autos)
            for unit in autos:
                unit.decision = "suggest"
                detail = f"{lines} would apply more of credit note {ctx.credits[k][1]} than it holds"
                unit.notes += (_construct(Reason, feature="conflict", weight=0.0, detail=detail),)
            continue
        offered = [u for u in sharing if u.decision == "suggest"]
        if not offered or _credit_used(sharing, k) <= ctx.credits[k][2]:
            continue
        lines = ", ".join(f"line {u.source.line}" for u in sharing)
        left = _fmt(ctx.credits[k][2], ctx.credits[k][3])
        for unit in offered:
            detail = (
                f"{lines} together would apply more of credit note {ctx.credits[k][1]} than the {left} it "
                "holds: accept one of them with it"
            )
            unit.notes += (_construct(Reason, feature="conflict", weight=0.0, detail=detail),)


def _credit_used(units: Iterable[_Unit], k: int) -> int:
    """How much of credit note ``k`` the chosen proposals of ``units`` apply."""
    return sum(
        amount
        for unit in units
        if isinstance(unit.chosen, _CreditHyp)
        for note, amount in unit.chosen.credits
        if note == k
    )


def _joined_words(texts: Iterable[str]) -> set[str]:
    """Every run of one to three adjacent words of the normalized texts, written together: "CN-0005" and
    "cn 0005" both give "cn0005"."""
    out: set[str] = set()
    for text in texts:
        words = normalize_text(text).split()
        for width in (1, 2, 3):
            out.update("".join(words[k : k + width]) for k in range(len(words) - width + 1))
    return out


def _closed_named(ctx: _Context, unit: _Unit) -> None:
    """Set ``unit.names_closed`` when the remittance names a closed invoice by its own number, unless an
    open invoice carries that same number (two numberings that overlap say nothing)."""
    assert ctx.closed_index is not None
    named_open = {h.text for h in unit.refs.values() if h.strength in _STRONG_REFS}
    for hit in ctx.closed_index.find(
        unit.texts,
        amount_minor=unit.amount,
        amount_units=unit.amount // (10 ** minor_units(unit.currency)),
        near=unit.date,
    ):
        if hit.strength in ("rf", "exact", "number") and hit.text not in named_open:
            unit.names_closed = ctx.closed_label[hit.invoice]
            unit.notes += (
                _construct(
                    Reason,
                    feature="reference",
                    weight=0.0,
                    detail=f"remittance names {unit.names_closed}",
                ),
            )
            return


def _subset_proposals(
    ctx: _Context,
    unit: _Unit,
    party_id: str,
    party_items: Sequence[int],
    hyps: dict[tuple[int, ...], _Hyp],
    *,
    budget: int,
) -> None:
    """Combinations of one customer's open invoices (``party_items``) that add up to the payment."""
    if not party_items:
        return
    limit = ctx.settings.subset_max_candidates
    day = unit.date.toordinal()
    if len(party_items) > 4 * limit:
        # A very large customer: look only at the items due nearest the payment date (the party's items
        # are sorted by due date), so the work per payment does not grow with the customer's ledger.
        at = bisect.bisect_left(ctx.party_dues(party_id), day)
        window = party_items[max(0, at - 2 * limit) : at + 2 * limit]
        unit.subset_incomplete = True
    else:
        window = party_items
    # In the statement's currency; and, for a payment the bank converted, exactly what the payer sent
    # in the payer's (see _sent_group).
    targets = [(unit.currency, unit.amount, ctx.tolerance.limit(unit.amount, unit.currency))]
    if unit.original is not None:
        targets.append((unit.original[0], unit.original[1], 0))
    for target_currency, target, tol in targets:
        _subset_search(ctx, unit, window, hyps, target_currency, target, tol, budget)


def _subset_search(  # noqa: PLR0917 - internal: one search of _subset_proposals
    ctx: _Context,
    unit: _Unit,
    window: Sequence[int],
    hyps: dict[tuple[int, ...], _Hyp],
    target_currency: str,
    target: int,
    tol: int,
    budget: int,
) -> None:
    s = ctx.settings
    day = unit.date.toordinal()
    latest_issue = day + s.early_days
    limit = s.subset_max_candidates
    amount, issue, due, currency = ctx.amount, ctx.issue, ctx.due, ctx.currency
    pool = [i for i in window if amount[i] < target and issue[i] <= latest_issue and currency[i] == target_currency]
    if len(pool) < 2:
        return
    if len(pool) > limit:
        # Keep the items due nearest the payment date: customers pay what is due now.
        rank = ctx.rank
        pool = sorted(pool, key=lambda i: (abs(due[i] - day), rank[i]))[:limit]
        unit.subset_incomplete = True
    amounts = [amount[i] for i in pool]
    # Exact combinations first; only when there is none, those a little short (fees, discounts).
    for low, high in ((target, target), (target + 1, target + tol)):
        if high < low:
            continue
        result = find_subsets(
            amounts,
            low,
            high,
            max_items=s.subset_max_items,
            max_solutions=s.subset_max_solutions,
            min_items=2,
            node_budget=budget,
            # Searching a sample of the items can never prove that no group fits.
            prove_none=not unit.subset_incomplete,
        )
        if not result.complete:
            unit.subset_incomplete = True
        if len(result.solutions) >= s.subset_max_solutions:
            unit.subset_incomplete = True  # so many combinations fit that none of them is evidence
        for solution in result.solutions:
            group = _group(ctx, unit, [pool[p] for p in solution])
            if group is not None and group.invoices not in hyps:
                if low > target:
                    group.crowd = len(result.solutions)
                hyps[group.invoices] = group
        if result.solutions:
            break


def _view(ctx: _Context, unit: _Unit) -> PaymentView:
    party = ctx.parties.get(unit.party.party_id) if unit.party is not None else None
    return PaymentView(
        unit.line,
        unit.item,
        Money.from_minor(unit.amount, unit.currency),
        unit.date,
        unit.payer_name,
        unit.payer_account,
        unit.texts,
        party,
    )


# --- scoring ---------------------------------------------------------------------------------------


_NUMBER_IN_NAME = re.compile(r"\d+")


def _drop_name_numbers(ctx: _Context, unit: _Unit, payer: str) -> None:
    """Forget the references to other customers' invoices whose number is one in the payer's own name: a
    franchise's store number ("Kwik Kar Lube #4079", which Chase's IND ID repeats as "IND ID:4079") or a
    street number names the payer, not another customer's invoice 4079."""
    numbers = {n.lstrip("0") for n in _NUMBER_IN_NAME.findall(ctx.party_name(payer))}
    if numbers:
        for i in [i for i, h in unit.refs.items() if ctx.party[i] != payer and _digits(h.text).lstrip("0") in numbers]:
            del unit.refs[i]


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


_M = TypeVar("_M", bound=BaseModel)
_TEMPLATES: dict[type[BaseModel], dict[str, Any]] = {}
_FIELDS_SETS: dict[tuple[type[BaseModel], frozenset[str]], set[str]] = {}


def _construct(cls: type[_M], **values: Any) -> _M:
    """``cls.model_construct(**values)`` for trusted values, without its per-object bookkeeping.

    A result holds several models per statement line (the match, its allocations, amounts, reasons,
    alternatives); ``model_construct`` gives each its own fields-set and rebuilds the defaults. Here the
    defaults come from one template per class and objects with the same explicit fields share one
    fields-set (the models are frozen, so nothing mutates it): a third less memory for large results.
    """
    template = _TEMPLATES.get(cls)
    if template is None:
        template = {
            name: None if field.is_required() else field.get_default(call_default_factory=True)
            for name, field in cls.model_fields.items()
        }
        _TEMPLATES[cls] = template
    key = (cls, frozenset(values))
    fields_set = _FIELDS_SETS.get(key)
    if fields_set is None:
        fields_set = set(values)
        _FIELDS_SETS[key] = fields_set
    data = dict(template)
    data.update(values)
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", data)
    object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


_MONEY: dict[tuple[int, str], Money] = {}


def _money(minor: int, currency: str) -> Money:
    """Money from integer minor units without re-validating (the value is exact by construction).

    Money is immutable, so equal amounts share one object within a run (``_MONEY`` is cleared at its end).
    """
    key = (minor, currency)
    cached = _MONEY.get(key)
    if cached is None:
        cached = _construct(Money, amount=Decimal(minor).scaleb(-minor_units(currency)), currency=currency)
        _MONEY[key] = cached
    return cached


def _fmt(minor: int, currency: str) -> str:
    """``USD 1,250.00`` as Money prints it, without building a Money."""
    return f"{currency} {Decimal(minor).scaleb(-minor_units(currency)):,f}"


def _date_term(ctx: _Context, unit: _Unit, ids: Sequence[int]) -> tuple[float, str]:
    """The date's weight for applying the payment to ``ids``, and its reason ("" when it weighs nothing)."""
    if len(ids) == 1:
        earliest_issue, latest_due = ctx.issue[ids[0]], ctx.due[ids[0]]
    else:
        earliest_issue = min(ctx.issue[i] for i in ids)
        latest_due = max(ctx.due[i] for i in ids)
    settings = ctx.settings
    return _date_weight(
        unit.date.toordinal(), earliest_issue, latest_due, settings.early_days, settings.date_window_days
    )


def _date_weight(day: int, earliest_issue: int, latest_due: int, early_days: int, stale_days: int) -> tuple[float, str]:
    """The date's weight for a payment on ``day`` against documents issued from ``earliest_issue`` and due
    by ``latest_due`` (ordinals), and its reason ("" when it weighs nothing)."""
    if day < earliest_issue - early_days:
        return W_DATE_EARLY, "paid before the invoice was issued"
    if day <= latest_due + 45:
        return W_DATE_OK, "paid within terms or soon after"
    if day > latest_due + stale_days:
        return W_DATE_STALE, "paid long after the due date"
    return 0.0, ""


def _score(ctx: _Context, unit: _Unit, hyp: _Hyp, features: Sequence[Feature], *, explain: bool = False) -> None:
    """Sum the log2 weights of every feature; with ``explain`` also write the sentence of each term.

    Scoring and explaining run the same code, so the reasons printed always add up to the score. Each
    term adds its weight, then writes its sentence only when explaining: a run scores millions of
    proposals and explains only the few it shows.
    """
    reasons: list[Reason] = []
    total = 0.0
    ids = hyp.invoices
    refs = unit.refs
    first_invoice = ids[0]

    # reference
    if len(ids) == 1:  # most proposals: skip the generator machinery
        first = refs.get(first_invoice)
        hits = [first] if first is not None else []
    else:
        hits = sorted((refs[i] for i in ids if i in refs), key=lambda h: -REFERENCE_WEIGHTS[h.strength])
    if hits:
        best_hit = hits[0]
        weight = REFERENCE_WEIGHTS[best_hit.strength] + sum(min(2.0, REFERENCE_WEIGHTS[h.strength]) for h in hits[1:])
        total += weight
        if explain:
            named = ", ".join(_named(ctx, h) for h in hits)
            reasons.append(_reason("reference", weight, "remittance names " + named))
        missing = [i for i in ids if i not in refs]
        if missing and best_hit.strength in _STRONG_REFS:
            weight = (W_UNREFERENCED if hyp.kind == "group" else W_UNREFERENCED_NEAR) * len(missing)
            total += weight
            if explain:
                unnamed = ", ".join(ctx.number[i] for i in missing)
                reasons.append(_reason("reference", weight, "remittance does not name " + unnamed))
        habit = ctx.aliases.habits.get(ctx.party[first_invoice])
        if habit and best_hit.strength in habit:
            total += W_HABIT
            if explain:
                detail = f"this customer has paid with {best_hit.strength} references before"
                reasons.append(_reason("history", W_HABIT, detail))
    if unit.strong:
        # A typo hit on an invoice the payment fits exactly reads the very token that named the other
        # invoice another way: that token is not a second, contrary reference.
        typo_tokens = {_digits(h.text) for h in hits if h.strength == "typo"} if hyp.kind == "exact" else set()
        # The strongest reference naming an invoice outside this proposal (unit.strong is strongest first).
        # A reference that also names this proposal's invoice is no other reference: a customer number (a
        # BPAY CRN) or an order number on several of the customer's invoices names each of them alike.
        strongest = None
        for h, digits in unit.strong:
            if h.invoice not in ids and digits not in typo_tokens:
                if hits and any(h.text == x.text for x in hits):
                    continue
                strongest = h
                break
        if strongest is not None:
            weight = -min(W_CONFLICT_REF_MAX, REFERENCE_WEIGHTS[strongest.strength])
            total += weight
            if explain:
                detail = f"remittance names another invoice, {ctx.number[strongest.invoice]}"
                reasons.append(_reason("reference", weight, detail))

    # amount
    cur = unit.currency
    inv_cur = ctx.currency[first_invoice]
    kind = hyp.kind
    n = len(ids)
    pay = _fmt(unit.amount, cur) if explain else ""
    open_total = _fmt(sum(ctx.amount[i] for i in ids), inv_cur) if explain else ""
    original = unit.original
    sent_in_invoice_currency = original is not None and original[0] == inv_cur and n == 1
    paid = pay  # what the amount sentences say was paid
    if explain and sent_in_invoice_currency:
        assert original is not None
        rate = f"{_shown_rate(original[2])} {inv_cur} per {cur}"
        paid = f"the payer sent {_fmt(original[1], inv_cur)} (booked as {pay} at the bank's rate of {rate})"
    detail = ""
    referenced = bool(hits)
    if kind == "exact":
        weight = W_AMOUNT_EXACT
        if explain:
            detail = f"{pay} equals the open amount"
    elif kind == "group":
        weight = W_GROUP_EXACT + W_GROUP_ITEM * (n - 1)
        if explain:
            listed = ", ".join(ctx.number[i] for i in ids)
            original = unit.original
            if original is not None and inv_cur != cur:  # see _sent_group
                sent = _fmt(original[1], inv_cur)
                booked = f"booked as {pay} at the bank's rate of {_shown_rate(original[2])} {inv_cur} per {cur}"
                detail = f"the payer sent {sent}, the sum of {n} open invoices ({listed}; {booked})"
            else:
                detail = f"{pay} equals the sum of {n} open invoices ({listed})"
    elif kind == "group_split":
        # The payer's own amounts add up to the payment exactly: as strong as an exact group.
        weight = W_GROUP_EXACT + W_GROUP_ITEM * (n - 1)
        if explain:
            parts = ", ".join(
                f"{ctx.number[i]} {_fmt(applied, cur)} of {_fmt(ctx.amount[i], inv_cur)} open"
                for i, applied in zip(ids, hyp.applied, strict=True)
            )
            detail = f"{pay} is split by the remittance itself: {parts}"
            if hyp.write_off:
                detail += f"; the {_fmt(hyp.write_off, inv_cur)} kept back is within the write-off tolerance"
    elif kind in ("short", "group_short"):
        weight = W_SHORT + W_GROUP_ITEM * (n - 1)
        # Several combinations of a customer's invoices falling a little short of the payment, none named:
        # among many invoices some pair lands within the tolerance by chance, so each says less, by
        # log2 of how many were found (one bit for two). An exact fit is then not held back by them.
        crowded = kind == "group_short" and hyp.crowd > 1 and not referenced
        if crowded:
            weight -= math.log2(hyp.crowd)
        if explain:
            detail = f"{paid} is {_fmt(hyp.write_off, inv_cur)} short of {open_total}"
            stated = _stated_discount(unit)
            how = stated.explains(hyp.write_off, [ctx.amount[i] for i in ids], minor_units(inv_cur)) if stated else None
            if ctx.terms and _terms_discount(ctx, unit, ids, hyp.write_off) == "":
                pcts = "/".join(sorted({f"{ctx.terms[i][0].normalize():f}%" for i in ids}))
                until = dt.date.fromordinal(min(ctx.terms[i][1] for i in ids)).isoformat()
                detail += f": the {pcts} early-payment discount of its terms (paid by {until}), proposed as a write-off"
            elif stated is not None and how is not None:
                detail += f": the cash discount the payer took ({how}, {stated.source}), proposed as a write-off"
            elif (deducted := _deduction(unit, hyp.write_off, inv_cur)) is not None:
                detail += f": a deduction the payer states ({deducted}), within the write-off tolerance"
            else:
                detail += ", within the write-off tolerance"
            if crowded:
                detail += f"; one of {hyp.crowd} such combinations of the customer's invoices"
    elif kind == "fx":
        if sent_in_invoice_currency:
            # The bank's own conversion of exactly the open amount (see _sent_single): an exact fit.
            weight = W_AMOUNT_EXACT
            if explain:
                detail = f"{paid}, the open amount"
        else:
            weight = W_FX
            if explain:
                gap = _fmt(abs(hyp.fx_difference or 0), inv_cur)
                note = ctx.rate_note(cur, inv_cur, unit.date)
                detail = f"{pay} converts to within {gap} of the open {open_total} {note}"
    elif kind == "group_fx":
        weight = W_FX + W_GROUP_ITEM * (n - 1)
        if explain:
            listed = ", ".join(ctx.number[i] for i in ids)
            gap = _fmt(abs(hyp.fx_difference or 0), inv_cur)
            note = ctx.rate_note(cur, inv_cur, unit.date)
            detail = f"{pay} converts to within {gap} of the {open_total} open on {n} invoices ({listed}) {note}"
    elif kind == "credit":
        weight = W_CREDIT
        if explain:
            assert isinstance(hyp, _CreditHyp)
            notes = " and ".join(_credit_words(ctx, k, amount, cur) for k, amount in hyp.credits)
            detail = f"{pay} and {notes} close the open {open_total}"
    elif kind in ("partial", "group_partial"):
        said = referenced and _says_part(unit)
        weight = W_PARTIAL_SAID if said else W_PARTIAL_REF if referenced else W_PARTIAL
        if explain:
            detail = f"{paid} pays part of {open_total}" + (", as the payer says" if said else "")
            shortfall = sum(ctx.amount[i] for i in ids) - unit.amount
            ended = _terms_discount(ctx, unit, ids, shortfall) if ctx.terms and inv_cur == cur else None
            if ended:
                detail += f"; the payer took the early-payment discount of its terms, which ended on {ended}: left open"
            why = _discount_why_not(ctx, unit, ids, shortfall) if inv_cur == cur and not ended else None
            if why:
                stated = _stated_discount(unit)
                assert stated is not None
                detail += (
                    f"; the payer took a cash discount of {_fmt(shortfall, inv_cur)} ({stated.source}), left open:"
                    f" {why}"
                )
            elif inv_cur == cur and (deducted := _deduction(unit, shortfall, inv_cur)) is not None:
                # A claim the customer makes (damaged goods, a price dispute): the invoice keeps it open
                # until someone agrees it or collects it, more than any write-off tolerance.
                detail += f"; the payer deducted {deducted}, left open on the invoice until the deduction is settled"
            elif inv_cur == cur and 0 < shortfall * 10 < unit.amount + shortfall:
                # A wire's fee or a small deduction (under a tenth), too large for the tolerance on this
                # invoice: say so, so that whoever reviews it sees why it is not written off.
                limit = ctx.tolerance.limit(shortfall + unit.amount, cur)
                if limit < shortfall and not _says_part(unit):
                    pct = ctx.settings.write_off_tolerance_pct.normalize()
                    detail += (
                        f"; {_fmt(shortfall, cur)} short, over the write-off tolerance (the lesser of"
                        f" {ctx.settings.write_off_tolerance_abs} and {pct:f}%: {_fmt(limit, cur)}): left open"
                    )
    elif kind in ("over", "group_over"):
        weight = W_OVER_REF if referenced else W_OVER
        if explain:
            detail = f"{paid} exceeds {open_total}; {_fmt(hyp.unapplied, cur)} stays unapplied"
    else:
        raise AssertionError(f"unknown proposal kind {kind!r}")
    total += weight
    if explain:
        reasons.append(_reason("amount", weight, detail))
    if inv_cur != cur:
        # weight 0.0: said, not weighed (the amount terms above already compare across currencies)
        total += 0.0
        if explain:
            reasons.append(_shared_reason("currency", 0.0, f"payment in {cur}, invoice in {inv_cur}"))

    # party
    first_party = ctx.party[first_invoice]
    parties = {first_party} if n == 1 else {ctx.party[i] for i in ids}
    if unit.party is not None:
        hit = unit.party
        if len(parties) == 1 and hit.party_id in parties:
            key = hit.method if hit.method != "fuzzy" else ("fuzzy_high" if hit.score >= 95 else "fuzzy")
            weight = PARTY_WEIGHTS[key]
            total += weight
            if explain:
                reasons.append(_shared_reason("party", weight, hit.detail))
        else:
            weight = W_WRONG_PARTY_SURE if hit.method in _SURE_METHODS else W_WRONG_PARTY_FUZZY
            total += weight
            if explain:
                owners = ", ".join(sorted(ctx.party_name(p) for p in parties))
                detail = f"payer is {ctx.party_name(hit.party_id)}, invoice belongs to {owners}"
                reasons.append(_reason("party", weight, detail))
    elif unit.abstention is not None and parties.isdisjoint(unit.abstention.parties):
        a = unit.abstention
        # The payer is one of two (or more) customers, we cannot tell which; none of them owns this.
        total += W_WRONG_PARTY_FUZZY
        if explain:
            owners = ", ".join(sorted(ctx.party_name(p) for p in parties))
            detail = f"payer resembles {_either(ctx, a.parties, 'or')}, invoice belongs to {owners}"
            reasons.append(_reason("party", W_WRONG_PARTY_FUZZY, detail))
    elif unit.payer_norm:
        best = max(ctx.similarity(unit.payer_norm, p) for p in parties)
        # Names alike only: an abstention with a detail (an account of one customer under another's
        # name) is two kinds of evidence disagreeing, which the name alone does not settle.
        tie = unit.abstention
        tied = tie.parties if tie is not None and not tie.detail else ()
        if tie is not None and len(parties) == 1 and tied and first_party in tied:
            # The resolver found the payer's name fits these customers alike, however the strings compare:
            # "J SMITH" is J Smith's name and John Smith's written with his initial.
            best = max(best, min(tie.score, tie.second_score))
        if best >= 80:
            weight = 3.0 if best >= 90 else 1.5
            if len(parties) == 1 and tied and best >= ctx.settings.fuzzy_name_cutoff:
                # The payer is one of the k customers it resembles alike, and this invoice is one of theirs:
                # the name's evidence is that of a fuzzy hit less log2(k) bits (one bit for two). The amount
                # may then tell them apart, as a clerk would; an invoice of another of them that fits as well
                # is a rival as strong, so the margin keeps that case a suggestion.
                hit_weight = PARTY_WEIGHTS["fuzzy_high" if best >= 95 else "fuzzy"]
                weight = max(weight, round(hit_weight - math.log2(len(tied)), 2))
            total += weight
            if explain:
                how = "resembles" if best >= 90 else "loosely resembles"
                detail = f"payer {unit.payer_name!r} {how} the customer ({best:.0f}/100)"
                if tied:
                    detail += f", one of the {len(tied)} customers it resembles about equally"
                reasons.append(_reason("party", weight, detail))

    # date
    weight, detail = _date_term(ctx, unit, ids)
    if detail:
        total += weight
        if explain:
            reasons.append(_shared_reason("date", weight, detail))
    periods = unit.periods if unit.periods is not None else _periods_of_unit(unit)
    if periods:
        weight, detail = _period_term(ctx, periods, ids)
        if detail:
            total += weight
            if explain:
                reasons.append(_reason("period", weight, detail))

    if features:
        view = _view(ctx, unit)
        docs = [ctx.open[i] for i in ids]
        for feature in features:
            term = feature.score(view, docs)
            if term is not None:
                total += term.weight
                if explain:
                    reasons.append(_reason(feature.name, term.weight, term.detail))
    if hyp.proposed_by:
        total += 0.0
        if explain:
            reasons.append(_reason("strategy", 0.0, f"proposed by {hyp.proposed_by}"))
    hyp.score = round(total, 4)
    if explain:
        hyp.reasons = reasons


def _named(ctx: _Context, hit: RefHit) -> str:
    """How a reason names an invoice the remittance names: by its number, or by the invoice's own
    reference (a customer's order number) when that is what was written."""
    how = f"{hit.strength}: {hit.text!r}"
    reference = ctx.reference[hit.invoice] if ctx.reference else None
    if reference:
        key = number_key(hit.text)
        by_reference = hit.text == normalize_text(reference).replace(" ", "") or (
            key == number_key(reference) and key != number_key(ctx.number[hit.invoice])
        )
        if by_reference and hit.text != normalize_text(ctx.number[hit.invoice]).replace(" ", ""):
            how = f"{hit.strength}: its reference {reference!r}"
    return f"{ctx.number[hit.invoice]} ({how})"


def _either(ctx: _Context, parties: Sequence[str], conjunction: str) -> str:
    """ "Globex and Globex Ltd", "Globex, Globex Ltd and Globex LLC": the parties an abstention names."""
    names = [ctx.party_name(p) for p in parties]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _reason(feature: str, weight: float, detail: str) -> Reason:
    return _construct(Reason, feature=feature, weight=round(weight, 4), detail=detail)


_SHARED_REASONS: dict[tuple[str, float, str], Reason] = {}


def _shared_reason(feature: str, weight: float, detail: str) -> Reason:
    """:func:`_reason` for a sentence many decisions repeat word for word (the date term, the payer's
    identification): one shared object (Reason is immutable) instead of one per proposal explained.
    Cleared at the end of each run, like ``_MONEY``."""
    key = (feature, weight, detail)
    cached = _SHARED_REASONS.get(key)
    if cached is None:
        cached = _SHARED_REASONS[key] = _reason(feature, weight, detail)
    return cached


# --- decisions -------------------------------------------------------------------------------------


def _round_sum(unit: _Unit) -> bool:
    """Whether the payment is a round sum (a multiple of 50 in the currency's units: 500.00, 1,000.00):
    what a customer sends on account. What a bank's or processor's fee leaves of an invoice seldom is."""
    return unit.fee == 0 and unit.amount > 0 and unit.amount % (50 * 10 ** minor_units(unit.currency)) == 0


def _shared_reference(ctx: _Context, unit: _Unit, top: _Hyp) -> str | None:
    """Why a proposal that does not fit the payment exactly waits for a person when it takes invoices the
    remittance names only by a reference three or more open invoices share (a subcontract's or a blanket
    order's number on every pay application, "PO 4545957242"): the number names the job, not which of its
    invoices this pays, short or over. None when no such reference names one of them."""
    by_text = _named_by_text(unit)
    for i in top.invoices:
        named = unit.refs.get(i)
        if (
            named is not None
            and len(by_text.get(named.text, ())) >= 3
            and named.text != normalize_text(ctx.number[i]).replace(" ", "")
        ):
            return (
                f"{named.text!r} is the reference of {len(by_text[named.text])} open invoices, not one invoice's "
                "number: which of them this pays a person decides"
            )
    return None


def _named_by_text(unit: _Unit) -> dict[str, list[int]]:
    """The invoices the remittance names by their number or own reference, by the text that names them."""
    by_text: dict[str, list[int]] = {}
    for hit in unit.refs.values():
        if hit.strength in _NAMED:
            by_text.setdefault(hit.text, []).append(hit.invoice)
    return by_text


def _swappable(ctx: _Context, unit: _Unit, top: _Hyp) -> str | None:
    """Why an exact fit waits for a person when it takes some of the invoices one reference names (a
    blanket order on every month's invoice, "RMR*PO*P2597318*PI*2500.00") and leaves out one open for the
    same amount as one it takes: that set fits as well, and which months were paid the number does not
    say. None otherwise."""
    by_text = _named_by_text(unit)
    taken = set(top.invoices)
    for i in top.invoices:
        named = unit.refs.get(i)
        if named is None or named.strength not in _NAMED:
            continue
        left = [
            j
            for j in by_text.get(named.text, ())
            if j not in taken and j not in unit.spent and ctx.amount[j] == ctx.amount[i]
        ]
        if left:
            return (
                f"{named.text!r} names {ctx.number[left[0]]} as well, open for the same amount as {ctx.number[i]}: "
                "which of them this pays a person decides"
            )
    return None


def _decide(ctx: _Context, unit: _Unit) -> None:
    s = ctx.settings
    unit.chosen = None
    unit.decision = "unmatched"
    unit.blocked = False
    if not unit.hyps:
        return
    top = unit.hyps[0]
    second = unit.hyps[1].score if len(unit.hyps) > 1 else 0.0
    unit.margin = top.score - max(second, unit.unseen, 0.0)
    if top.score < s.suggest_threshold:
        return
    if unit.not_customer and not all(i in unit.refs and unit.refs[i].strength in _NAMED for i in top.invoices):
        return  # see _Unit.not_customer: the closest proposals are listed, none is suggested
    unit.chosen = top
    unit.decision = "suggest"
    if top.score < s.auto_threshold:
        return
    if unit.names_closed and not all(i in unit.refs and unit.refs[i].strength in _STRONG_REFS for i in top.invoices):
        unit.blocked = True  # see _Unit.names_closed
        return
    if unit.returned or (unit.notes and _PENDING in unit.notes):
        unit.blocked = True  # see _Unit.returned and _PENDING
        return
    if unit.short_of_items:
        unit.blocked = True  # see _Unit.short_of_items
        return
    if unit.same_as and not all(i in unit.refs and unit.refs[i].strength in _NAMED for i in top.invoices):
        # See _Unit.same_as. A copy that names its invoices may still go: applied once, it is right; the
        # other copy then finds them taken. A copy that does not could take another invoice of the amount.
        unit.blocked = True
        return
    if isinstance(top, _CreditHyp) and not top.named:
        unit.blocked = True  # applying a credit note the payer did not name is a guess: a person confirms it
        return
    if (
        (top.kind.startswith("group") or top.kind == "short")
        and unit.subset_incomplete
        and not _all_referenced(unit, top)
    ):
        # The combination search was cut short: another group might fit as well (or fit exactly where
        # this proposal is only close).
        unit.blocked = True
        return
    if _exact_rival(ctx, unit, top) is not None:
        unit.blocked = True  # see _exact_rival
        return
    if (
        top.kind == "group_partial"
        and _less_percent(
            ctx,
            unit,
            top.invoices,
            [ctx.amount[i] for i in top.invoices],
            sum(ctx.amount[i] for i in top.invoices) - unit.amount,
        )
        is None
    ):
        # Part of what several invoices are open for, with no word of how it divides (a marketplace's
        # payout net of a different commission on each order): which invoice is short a person decides.
        unit.blocked = True
        detail = "pays part of the invoices it names without saying how much of each: a person divides it"
        unit.notes += (_construct(Reason, feature="amount", weight=0.0, detail=detail),)
        return
    if top.write_off and _round_sum(unit) and not _all_referenced(unit, top):
        unit.blocked = True
        detail = (
            f"a round {_fmt(unit.amount, unit.currency)}, {_fmt(top.write_off, ctx.currency[top.invoices[0]])} short "
            "of invoices it does not name: more likely a payment on account than a fee taken off; a person decides"
        )
        unit.notes += (_construct(Reason, feature="amount", weight=0.0, detail=detail),)
        return
    shared = None
    if len(unit.refs) >= 3:
        shared = _shared_reference(ctx, unit, top) if top.kind not in _FIT_KINDS else _swappable(ctx, unit, top)
    if shared is not None:
        unit.blocked = True
        unit.notes += (_construct(Reason, feature="reference", weight=0.0, detail=shared),)
        return
    if top.kind in _FIT_KINDS and not _all_referenced(unit, top) and any(map(_INSTALMENT.search, unit.texts)):
        # "INSTALLMENT 3 OF 4" for 2,400.00, and two retainers of 1,200.00 open: the payer pays part of one
        # larger amount, which the invoices it happens to fit are not.
        unit.blocked = True
        detail = "the remittance says it pays an instalment, and names no invoice: the invoices it fits may not be it"
        unit.notes += (_construct(Reason, feature="amount", weight=0.0, detail=detail),)
        return
    if unit.periods and _period_term(ctx, unit.periods, top.invoices)[0] < 0:
        unit.blocked = True  # the payer names another period than the one the invoice bills: see the reason
        return
    own = _own_rival(ctx, unit, top)
    if own is not None:
        unit.blocked = True
        numbers = ", ".join(ctx.number[i] for i in own.invoices)
        detail = (
            f"the payer's own {numbers} is paid exactly too: the number written may be the payer's vendor "
            "or order number and not another customer's invoice; a person decides"
        )
        unit.notes += (_construct(Reason, feature="party", weight=0.0, detail=detail),)
        return
    if _off_rate(ctx, unit, top):
        unit.blocked = True
        detail = (
            f"paid in {unit.currency} for an invoice in {ctx.currency[top.invoices[0]]}, further from it at the "
            "rate known than the FX tolerance (matching.fx_tolerance_pct): the payer's bank may have used "
            "another rate, so this may settle the invoice; a person decides"
        )
        unit.notes += (_construct(Reason, feature="currency", weight=0.0, detail=detail),)
        return
    if len(top.invoices) > 1 and len({ctx.party[i] for i in top.invoices}) > 1:
        # One payment for several customers' invoices: an accountant paying for clients may do it, but so
        # does a list the bank's field cut short ("INV 3323, 3482, 34" read 3434, another customer's). A
        # person confirms it.
        unit.blocked = True
        return
    if unit.margin >= s.auto_margin:
        unit.decision = "auto"
        return
    if s.tie_break == "stripe" and len(unit.hyps) > 1:
        rivals = [h for h in unit.hyps if top.score - h.score < s.auto_margin]
        exact = [h for h in rivals if h.kind in ("exact", "group")]
        if len(exact) == len(rivals) and top.kind in ("exact", "group"):
            best = min(
                exact,
                key=lambda h: (
                    len(h.invoices),
                    min(ctx.issue[i] for i in h.invoices),
                    tuple(ctx.rank[i] for i in h.invoices),
                ),
            )
            unit.chosen = best
            best.tie_break = True
            unit.decision = "auto"


_MISFIT_KINDS = frozenset({"over", "partial", "group_over", "group_partial"})
# A remittance that says it pays part of an invoice: an instalment ("INV-0030/2", "INV 30/1", "Rate 2"), a
# part payment. The instalment after a slash is one digit after a number of two or more: "03/31" and "1/15"
# are the dates a card or a Zelle line carries ("LOWE'S #4020 03/31 PURCHASE RETURN"), and "2026/3" a month.
_SAYS_PART = re.compile(
    r"(?i)\b(?:instal+ments?|partial|part[- ]?(?:paid|pay\w*|pmt)|teilzahlung|ratenzahlung|rate\s*\d"
    r"|\d\.\s*rate|teilbetrag|rest folgt|abschlag\w*|acompte|a cuenta|pago parcial|deelbetaling|termijn"
    r"|on account|on acc|on a/c|[1-9]\d? of [1-9]\d?)(?!\w)|(?<!\d)(?!(?:19|20)\d\d/)\d{2,}/[1-9](?![\d/]|[.,]\d)"
    r"|\b(?:pmt|payment|pymt)\s*[1-9]/[1-9]\b"
)
# The words of an instalment, a part of one amount agreed to be paid in several ("INSTALLMENT 3 OF 4",
# "IMPLEMENTATION 3 OF 3", "ONBOARDING PMT 2/4", "Rate 2"): not a payment "on account".
_INSTALMENT = re.compile(
    r"(?i)\b(?:instal+ments?|teilzahlung|ratenzahlung|rate\s*\d|\d\.\s*rate|abschlag\w*|acompte|termijn"
    r"|[1-9]\d? of [1-9]\d?)(?!\w)|\b(?:pmt|payment|pymt)\s*[1-9]/[1-9]\b"
)
_FIT_KINDS = frozenset({"exact", "group", "group_split"})


W_PERIOD = 2.0  # the service period the payer names is (or is not) the invoice's
_MONTH_WORDS: dict[str, int] = {
    word: month
    for month, words in enumerate(
        (
            "jan january januar janvier januari enero gennaio",
            "feb february februar fevrier februari febrero febbraio",
            "mar march marz maerz mars maart marzo",
            "apr april avril abril aprile",
            "may mai mei mayo maggio",
            "jun june juni juin junio giugno",
            "jul july juli juillet julio luglio",
            "aug august aout augustus agosto",
            "sep sept september septembre septiembre settembre",
            "oct october oktober octobre octubre ottobre",
            "nov november novembre noviembre",
            "dec december dezember decembre diciembre dicembre",
        ),
        start=1,
    )
    for word in words.split()
}
_QUARTER = re.compile(r"^q([1-4])$")
# What any period _periods_in reads begins with, found by one search before the words are looked at.
_PERIOD_HINT = re.compile(
    r"\b(?:"
    + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
    + r"|q[1-4])\b|\b(?:0?[1-9]|1[0-2]) \d\d(?:\d\d)?\b|\b20\d\d (?:0[1-9]|1[0-2])\b"
)
# Words next to which "04/26" is a period billed ("04/26 RETAINER", "SVC 04/26"), not the day a payment was sent.
_BILLED = frozenset(
    "retainer retainers svc service services fees fee rent subscription sub membership dues maintenance billing bill"
    " period month monthly invoice inv contract license licence support hosting lease".split()
)
# Words after which a month and a number are the payment's date, not a period ("ZELLE ... ON 03/30").
_DATE_WORDS = frozenset("on dated date am le el del".split())


def _periods_in(text: str, anchor: dt.date, skip: frozenset[str] = frozenset()) -> set[tuple[int, int]]:
    """The months (year, month) a text names as a service period: a month's name with or without its year
    ("MARCH RETAINER", "RETAINER APR-26", "November 2025"), a quarter ("Q1 2026"), a month and a year in
    numbers ("SVC 03/2026", "04/26 RETAINER" in the anchor's year, "2026-04"). A month without a year is
    the one nearest ``anchor`` (up to two months after it). A month's name in ``skip`` (the payer's own
    name's words, "MAY DEPT STORES") or "may" without a year is not read."""
    folded = normalize_text(text)
    if not _PERIOD_HINT.search(folded):
        return set()
    words = folded.split()
    found: set[tuple[int, int]] = set()
    for k, word in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else ""
        year = _year(after, anchor)
        month = _MONTH_WORDS.get(word)
        quarter = _QUARTER.match(word)
        if month is not None and word not in skip and (year is not None or word != "may"):
            found.add((year, month) if year is not None else _nearest(month, anchor))
        elif quarter is not None and year is not None:
            first = 3 * int(quarter.group(1)) - 2
            found.update((year, m) for m in range(first, first + 3))
        elif word.isdigit() and k and words[k - 1] in _DATE_WORDS:
            continue
        elif len(word) <= 2 and word.isdigit() and 1 <= int(word) <= 12 and year is not None:
            if len(after) == 4 or (
                int(after) in (anchor.year % 100 - 1, anchor.year % 100)
                and (not _near_day(int(word), after, anchor) or _BILLED.intersection(words[max(k - 1, 0) : k + 3]))
            ):
                found.add((year, int(word)))
        elif (
            len(word) == 4
            and word.startswith("20")
            and abs(int(word) - anchor.year) <= 1
            and after.isdigit()
            and len(after) == 2
            and 1 <= int(after) <= 12
        ):
            found.add((int(word), int(after)))
        if len(found) > 12:
            return set()  # a list of dates, not of periods
    return found


def _near_day(month: int, day: str, anchor: dt.date) -> bool:
    """Whether "02/26" may be a date up to ten days before ``anchor`` (the 26th of February) rather than a
    period (February 2026): a Zelle or card line prints the payment's date so, with no "ON" before it. Read
    as a period only next to a word of what is billed (see _BILLED)."""
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):  # "12/28" paid on 3 January
        try:
            then = dt.date(year, month, int(day))
        except ValueError:
            return False
        if -10 <= (then - anchor).days <= 1:  # the day a payment was sent, printed where it was booked
            return True
    return False


def _year(word: str, anchor: dt.date) -> int | None:
    """The year a word after a month writes ("2026", "26"), within a year of ``anchor``'s; else None."""
    if not word.isdigit() or len(word) not in (2, 4):
        return None
    year = int(word) if len(word) == 4 else 2000 + int(word)
    return year if abs(year - anchor.year) <= 1 else None


def _nearest(month: int, anchor: dt.date) -> tuple[int, int]:
    """The (year, month) of ``month`` nearest ``anchor``, up to two months after it."""
    at = anchor.year * 12 + anchor.month - 1
    best = min(
        (y * 12 + month - 1 for y in (anchor.year - 1, anchor.year, anchor.year + 1)),
        key=lambda n: (n - at > 2, abs(n - at)),
    )
    return best // 12, best % 12 + 1


def _periods_of_unit(unit: _Unit) -> frozenset[tuple[int, int]]:
    """The periods the remittance names (see _periods_in), read once per payment."""
    skip = frozenset(normalize_text(unit.payer_name or "").split())
    found: set[tuple[int, int]] = set()
    for text in unit.texts:
        found |= _periods_in(text, unit.date, skip)
    unit.periods = frozenset(found) if len(found) <= 12 else frozenset()
    return unit.periods


def _invoice_periods(ctx: _Context, i: int) -> frozenset[tuple[int, int]]:
    """The service periods an invoice's lines name ("Monthly retainer - November 2025", "Advisory services
    rendered - October 2025", "Q4 2025"): only what they write, never its date, since an invoice billed in
    arrears is dated the month after the one it bills."""
    got = ctx.periods.get(i)
    if got is None:
        invoice = ctx.open[i]
        found: set[tuple[int, int]] = set()
        for line in invoice.lines[:20]:
            found |= _periods_in(line.description, invoice.issue_date)
        got = ctx.periods[i] = frozenset(found) if len(found) <= 12 else frozenset()
    return got


def _period_term(ctx: _Context, named: frozenset[tuple[int, int]], ids: Sequence[int]) -> tuple[float, str]:
    """+W_PERIOD when every invoice bills a period the payer names, -W_PERIOD when one bills only others;
    nothing when an invoice's lines name no period."""
    periods = [_invoice_periods(ctx, i) for i in ids]
    if not all(periods):
        return 0.0, ""
    said, many = _months(named), len(ids) > 1
    if all(p <= named for p in periods):
        return W_PERIOD, f"the remittance names {said}, the period {'each invoice bills' if many else 'it bills'}"
    if any(not (p & named) for p in periods):
        other = next(p for p in periods if not (p & named))
        return -W_PERIOD, f"the remittance names {said}; {'an invoice' if many else 'it'} bills {_months(other)}"
    return 0.0, ""


def _months(periods: frozenset[tuple[int, int]]) -> str:
    return ", ".join(dt.date(y, m, 1).strftime("%B %Y") for y, m in sorted(periods))


def _off_rate(ctx: _Context, unit: _Unit, top: _Hyp) -> bool:
    """Whether ``top`` applies a payment in another currency than its invoice as a part payment or an
    overpayment, with no word that it pays part and without the payer's own amount in the invoice's
    currency. Off by more than the FX tolerance at the rate known, a payer who settled the invoice in full
    at its bank's rate is as likely: applied, a paid invoice stays open, or money is left unapplied."""
    if top.kind not in ("partial", "over"):
        return False
    foreign = [i for i in top.invoices if ctx.currency[i] != unit.currency]
    if not foreign:
        return False
    original = unit.original
    if original is not None and all(ctx.currency[i] == original[0] for i in foreign):
        return False  # the bank says what the payer sent in the invoice's currency: the shortfall is real
    return not _says_part(unit)


def _says_part(unit: _Unit) -> bool:
    """Whether the remittance says it pays part of what it names (see :data:`_SAYS_PART`), read once."""
    if unit.says_part is None:
        unit.says_part = any(_SAYS_PART.search(text) for text in unit.texts)
    return unit.says_part


def _exact_rival(ctx: _Context, unit: _Unit, hyp: _Hyp) -> _Hyp | None:
    """A proposal of the same customer's invoices that the payment pays exactly, when ``hyp`` applies it to
    the invoices the remittance names but at another amount (over or part of their open amount).

    The payer wrote 4711 and paid 730.00; 4711 is open for 500.00 and the payer's 2001 for exactly 730.00.
    Either 230.00 was overpaid on 4711, or 2001 was paid and the number is another (a mistyped invoice, the
    payer's vendor or order number): a person decides which, not the reference's weight."""
    if hyp.kind not in _MISFIT_KINDS:
        return None
    if hyp.kind in ("partial", "group_partial") and _says_part(unit):
        return None  # "INSTALMENT 2 4711", "INV-0030/2": the payer says it pays part of what it names
    party = ctx.party[hyp.invoices[0]]
    floor = ctx.settings.suggest_threshold
    return next(
        (
            h
            for h in unit.hyps
            if h is not hyp and h.kind in _FIT_KINDS and h.score >= floor and ctx.party[h.invoices[0]] == party
        ),
        None,
    )


def _own_rival(ctx: _Context, unit: _Unit, hyp: _Hyp) -> _Hyp | None:
    """A proposal of the identified payer's own invoices that the payment pays exactly, when ``hyp`` applies
    it to another customer's invoices (which the remittance names).

    Chase's "ORIG CO NAME:CEDAR CREEK BAPT ... IND ID:4161" for 156.12: 4161 is another customer's invoice of
    156.12, and Cedar Creek's own 4084 is open for 156.12 too. The IND ID is the payer's vendor number for
    the business as often as an invoice number: the reference and the payer disagree, and a person decides."""
    if unit.party is None or any(ctx.party[i] == unit.party.party_id for i in hyp.invoices):
        return None
    payer, floor = unit.party.party_id, ctx.settings.suggest_threshold
    return next(
        (
            h
            for h in unit.hyps
            if h is not hyp
            and h.kind in _FIT_KINDS
            and h.score >= floor
            and all(ctx.party[i] == payer for i in h.invoices)
        ),
        None,
    )


def _all_referenced(unit: _Unit, hyp: _Hyp) -> bool:
    return all(i in unit.refs for i in hyp.invoices)


def _fits(hyp: _Hyp, capacity: list[int]) -> bool:
    return all(capacity[i] >= c for i, c in zip(hyp.invoices, hyp.consumed, strict=True))


def _resolve_conflicts(ctx: _Context, units: list[_Unit]) -> None:
    """Auto decisions claim invoice capacity strongest first; losers and their neighbours decide again."""
    capacity = list(ctx.amount)
    taken_by: dict[int, _Unit] = {}
    pending = [u for u in units if u.decision == "auto"]
    watchers: dict[int, set[int]] | None = None
    for _round in range(ctx.settings.conflict_rounds + 1):
        pending.sort(key=lambda u: (-(u.chosen.score if u.chosen else 0.0), -u.margin, u.order))
        changed: set[int] = set()
        for unit in pending:
            hyp = unit.chosen
            if hyp is None or unit.decision != "auto":
                continue
            if _fits(hyp, capacity):
                for i, c in zip(hyp.invoices, hyp.consumed, strict=True):
                    capacity[i] -= c
                    taken_by[i] = unit
                    if capacity[i] == 0:
                        changed.add(i)
                unit.decision = "committed"
            else:
                _drop_exhausted(ctx, unit, capacity, taken_by)
                _decide(ctx, unit)
                if unit.decision == "auto" and unit.chosen is not None and _fits(unit.chosen, capacity):
                    for i, c in zip(unit.chosen.invoices, unit.chosen.consumed, strict=True):
                        capacity[i] -= c
                        taken_by[i] = unit
                        if capacity[i] == 0:
                            changed.add(i)
                    unit.decision = "committed"
                elif unit.decision == "auto":
                    unit.decision = "suggest"
        if not changed:
            break
        if watchers is None:
            # Which lines propose each invoice, so a round looks only at the lines touching an invoice
            # that just ran out instead of at every proposal of the statement. A committed line never
            # decides again, so it is left out.
            watchers = {}
            for unit in units:
                if unit.decision == "committed":
                    continue
                for h in unit.hyps:
                    for i in h.invoices:
                        lines_of = watchers.get(i)
                        if lines_of is None:
                            watchers[i] = {unit.order}
                        else:
                            lines_of.add(unit.order)
        pending = []
        for order in sorted({order for i in changed for order in watchers.get(i, ())}):
            unit = units[order]  # _units numbers the lines by their position in this list
            if unit.decision in ("committed",) or not unit.hyps:
                continue
            if any(i in changed for h in unit.hyps for i in h.invoices):
                _drop_exhausted(ctx, unit, capacity, taken_by)
                _decide(ctx, unit)
                if unit.decision == "auto":
                    pending.append(unit)
    for unit in units:
        if unit.decision == "auto":
            unit.decision = "suggest"
    _assign_components(ctx, units, capacity)
    for unit in units:
        if unit.decision == "committed":
            unit.decision = "auto"
        elif unit.decision == "suggest" and unit.chosen is not None and not _fits(unit.chosen, capacity):
            unit.notes += (
                Reason(
                    feature="conflict",
                    weight=0.0,
                    detail="an invoice in this proposal was applied to another payment",
                ),
            )


def _assign_components(ctx: _Context, units: list[_Unit], capacity: list[int]) -> None:
    """Lines still undecided that compete for the same invoices: solve each small group optimally.

    Every undecided line whose proposals are single invoices paid in full is a row, every such invoice a
    column (plus a "none of them" column per line). ``linear_sum_assignment`` finds the best consistent
    pairing; a pair becomes ``auto`` only when its proposal clears the threshold *and* forbidding that
    pair costs the whole group at least ``auto_margin``: the pairing is then forced, not a coin toss.
    """
    s = ctx.settings
    rows: list[_Unit] = []
    rows_cut: set[int] = set()
    edges: dict[int, dict[int, _Hyp]] = {}
    for unit in units:
        if unit.decision != "suggest" or not unit.hyps or unit.blocked:
            continue
        if unit.unseen >= s.suggest_threshold:
            # Its options were cut: a pairing forced within what was kept proves nothing.
            rows_cut.add(unit.order)
        options = {
            h.invoices[0]: h
            for h in unit.hyps
            if len(h.invoices) == 1 and h.kind in ("exact", "short", "fx") and h.score >= s.suggest_threshold
        }
        if options and unit.hyps[0].invoices[0] in options and unit.hyps[0].score >= s.auto_threshold:
            # A line too weak to be applied on its own (a bank credit that only resembles a payment) is
            # no competitor: counting it would force the real payments off the invoices that fit them.
            edges[unit.order] = options
            rows.append(unit)
    if len(rows) < 2:
        return
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for unit in rows:
        for i in edges[unit.order]:
            parent[find(-1 - i)] = find(unit.order)
    groups: dict[int, list[_Unit]] = {}
    for unit in rows:
        groups.setdefault(find(unit.order), []).append(unit)
    for members in groups.values():
        if any(u.order in rows_cut for u in members):
            continue
        if 2 <= len(members) <= s.assignment_max_component:
            _assign(ctx, members, edges, capacity)


def _assign(ctx: _Context, members: list[_Unit], edges: dict[int, dict[int, _Hyp]], capacity: list[int]) -> None:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    s = ctx.settings
    invoices = sorted({i for u in members for i in edges[u.order] if capacity[i] > 0}, key=ctx.rank.__getitem__)
    col = {i: k for k, i in enumerate(invoices)}
    n, m = len(members), len(invoices)
    forbidden = -1e6
    weights = np.full((n, m + n), forbidden)
    for r, unit in enumerate(members):
        weights[r, m + r] = 0.0  # leave this line unassigned
        for i, hyp in edges[unit.order].items():
            if i in col and capacity[i] >= hyp.consumed[0]:
                weights[r, col[i]] = hyp.score

    def best(w: np.ndarray[Any, Any]) -> tuple[float, list[tuple[int, int]]]:
        r_idx, c_idx = linear_sum_assignment(w, maximize=True)
        return float(w[r_idx, c_idx].sum()), list(zip(r_idx.tolist(), c_idx.tolist(), strict=True))

    total, pairs = best(weights)
    for r, c in pairs:
        if c >= m:
            continue
        unit, invoice = members[r], invoices[c]
        hyp = edges[unit.order][invoice]
        if hyp.score < s.auto_threshold:
            continue
        trial = weights.copy()
        trial[r, c] = forbidden
        alternative, _ = best(trial)
        if total - alternative < s.auto_margin or capacity[invoice] < hyp.consumed[0]:
            continue
        capacity[invoice] -= hyp.consumed[0]
        unit.chosen = hyp
        unit.decision = "committed"
        others = ", ".join(f"line {u.source.line}" for u in members if u is not unit)
        unit.notes = ()
        hyp.reasons = ()
        hyp.assigned_with = others


def _drop_exhausted(ctx: _Context, unit: _Unit, capacity: list[int], taken_by: dict[int, _Unit]) -> None:
    keep: list[_Hyp] = []
    for hyp in unit.hyps:
        blocked = [i for i, c in zip(hyp.invoices, hyp.consumed, strict=True) if capacity[i] < c]
        if not blocked:
            keep.append(hyp)
            continue
        i = blocked[0]
        other = taken_by.get(i)
        where = ""
        if other is not None:
            where = f" to line {other.source.line}"
            if other.source.file != unit.source.file:
                where += f" of {other.source.file}"  # several files: the line alone is ambiguous
        note = f"{ctx.number[i]} was already applied{where}"
        if other is not None and other.line is not unit.line and i in unit.refs:
            unit.lost_to = unit.lost_to or where.removeprefix(" to ")
        if i in unit.refs and capacity[i] == 0:
            unit.spent |= {i}
        if not any(n.detail == note for n in unit.notes):
            unit.notes += (_construct(Reason, feature="conflict", weight=0.0, detail=note),)
    unit.hyps = keep


# --- output ----------------------------------------------------------------------------------------


def _to_match(  # noqa: PLR0917
    ctx: _Context,
    unit: _Unit,
    hyp: _Hyp,
    decision: str,
    alternatives: Sequence[Match] = (),
    features: Sequence[Feature] = (),
) -> Match:
    _score(ctx, unit, hyp, features, explain=True)
    cur = unit.currency
    allocations = []
    paid_off: Sequence[int] = hyp.consumed
    if hyp.write_off and any(ctx.currency[i] != cur for i in hyp.invoices):
        # What the payment takes off a foreign invoice, in its currency, without the write-off, which the
        # match reports apart (as a same-currency allocation's ``applied`` is without it): the payer sent
        # EUR 54.23 of 54.32, so 54.23 is paid and 0.09 written off, not 54.32 paid and 0.09 written off.
        paid_off = _off_newest(hyp.consumed, hyp.write_off) or hyp.consumed
    for i, applied, consumed in zip(hyp.invoices, hyp.applied, paid_off, strict=True):
        inv_currency = ctx.currency[i]
        foreign = inv_currency != cur
        allocations.append(
            _construct(
                MatchAllocation,
                invoice_id=ctx.invoice_id[i],
                invoice_number=ctx.number[i],
                applied=_money(applied, cur),
                invoice_currency_amount=_money(consumed, inv_currency) if foreign else None,
            )
        )
    inv_cur = ctx.currency[hyp.invoices[0]]
    reasons = list(hyp.reasons)
    if hyp.assigned_with:
        reasons.append(
            Reason(
                feature="assignment",
                weight=0.0,
                detail=f"competes with {hyp.assigned_with} for the same invoices; this is the only consistent pairing",
            )
        )
    if hyp.tie_break:
        reasons.append(
            Reason(feature="policy", weight=0.0, detail="several groups fit; tie-break: fewest invoices, then oldest")
        )
    if unit.fee:
        fee, gross = _fmt(unit.fee, cur), _fmt(unit.amount, cur)
        source = unit.line.original_amount if unit.item is None else unit.line.items[unit.item].original_amount
        if source is not None and source.currency == cur:  # see _charges
            detail = f"the banks on the way deducted {fee} of the {gross} the payer sent; the deposit is the rest"
        else:
            detail = f"the processor withheld {fee} of the {gross} the customer paid; the deposit is the rest"
        reasons.append(Reason(feature="fee", weight=0.0, detail=detail))
    if ctx.member_names:
        jobs = [i for i in hyp.invoices if ctx.own_party[i] != ctx.party[i]]
        if jobs:
            whose = "; ".join(
                f"{ctx.number[i]} is {ctx.member_names.get(ctx.own_party[i], ctx.own_party[i])}'s" for i in jobs
            )
            detail = f"{whose}, a sub-customer of {ctx.party_name(ctx.party[jobs[0]])}"
            reasons.append(Reason(feature="party", weight=0.0, detail=detail))
    credit_notes: tuple[MatchCreditNote, ...] = ()
    if isinstance(hyp, _CreditHyp):
        credit_notes = tuple(
            _construct(
                MatchCreditNote,
                credit_note_id=ctx.credits[k][0],
                credit_note_number=ctx.credits[k][1],
                applied=_money(amount, cur),
            )
            for k, amount in hyp.credits
        )
        numbers = ("credit notes " if len(hyp.credits) > 1 else "credit note ") + " and ".join(
            ctx.credits[k][1] for k, _ in hyp.credits
        )
        detail = (
            f"the remittance names {numbers} too"
            if hyp.named
            else f"applies {numbers}, which the remittance does not name: a person confirms it"
        )
        reasons.append(Reason(feature="policy", weight=0.0, detail=detail))
    if decision != "auto":
        reasons.extend(unit.notes)
        rival = _exact_rival(ctx, unit, hyp) if hyp is unit.chosen else None
        if rival is not None:
            numbers = " + ".join(ctx.number[i] for i in rival.invoices)
            detail = (
                f"{numbers}, also this customer's, is exactly the amount paid: the number the payer wrote may not"
                " be the invoice paid"
            )
            reasons.append(Reason(feature="rivals", weight=0.0, detail=detail))
        listed = unit.hyps[1].score if len(unit.hyps) > 1 else 0.0
        if unit.unseen > listed and hyp.score - unit.unseen < ctx.settings.auto_margin:
            # The runner-up that kept this from `auto` is not among the alternatives: say so.
            detail = f"invoices not listed here fit nearly as well (best score {unit.unseen:.1f})"
            reasons.append(Reason(feature="rivals", weight=0.0, detail=detail))
    elif not reasons:  # the model's own rule, checked here because construction skips validation for speed
        raise AssertionError("an auto decision must carry its reasons")
    return _construct(
        Match,
        bank=unit.source,
        item=unit.item,
        statement_amount=_money(unit.amount, cur),
        allocations=tuple(allocations),
        customer_id=ctx.own_party[hyp.invoices[0]],
        score=round(hyp.score, 2),
        decision=cast(Literal["auto", "suggest", "unmatched"], decision),
        reasons=tuple(reasons),
        alternatives=tuple(alternatives),
        unapplied=_money(hyp.unapplied, cur) if hyp.unapplied else None,
        write_off=_money(hyp.write_off, inv_cur) if hyp.write_off else None,
        fx_difference=_money(hyp.fx_difference, inv_cur) if hyp.fx_difference is not None else None,
        credit_notes=credit_notes,
        fee_withheld=_money(unit.fee, cur) if unit.fee else None,
    )


def _result(
    ctx: _Context,
    units: list[_Unit],
    outgoing: Sequence[StatementLine],
    features: Sequence[Feature],
    visit: Sequence[_Unit],
) -> MatchResult:
    """The output, with every decision's reasons. Built in the order of ``visit`` (customer by customer,
    as the proposals were: the invoices each explanation reads are then near each other in memory) and
    returned in statement order."""
    built: list[Match | None] = [None] * len(units)
    used: set[int] = set()
    limit = ctx.settings.max_alternatives
    for unit in visit:
        if unit.decision in ("auto", "suggest") and unit.chosen is not None:
            alts = []
            if unit.decision == "suggest":
                others = [h for h in unit.hyps if h is not unit.chosen][:limit]
                alts = [_to_match(ctx, unit, h, "suggest", features=features) for h in others]
            built[unit.order] = _to_match(ctx, unit, unit.chosen, unit.decision, alts, features)
            used.update(unit.chosen.invoices)
            _release(unit)
        else:
            closest = [_to_match(ctx, unit, h, "suggest", features=features) for h in unit.hyps[:limit]]
            reasons = list(unit.notes)
            if unit.abstention is not None and not unit.abstention.detail:  # a detail is among the notes
                a = unit.abstention
                reasons.append(
                    Reason(
                        feature="party",
                        weight=0.0,
                        detail=f"payer fits {_either(ctx, a.parties, 'and')} "
                        f"about equally ({a.score:.0f} vs {a.second_score:.0f}); not choosing",
                    )
                )
            if not unit.hyps:
                taken = any(r.feature == "conflict" for r in unit.notes)
                detail = (
                    "what fitted this payment went to other lines (above); no open invoice left fits it"
                    if taken
                    else "no open invoice fits this payment"
                )
                reasons.append(Reason(feature="candidates", weight=0.0, detail=detail))
            built[unit.order] = _construct(
                Match,
                bank=unit.source,
                item=unit.item,
                statement_amount=_money(unit.amount, unit.currency),
                fee_withheld=_money(unit.fee, unit.currency) if unit.fee else None,
                customer_id=unit.party.party_id if unit.party is not None else None,
                score=round(unit.hyps[0].score, 2) if unit.hyps else 0.0,
                decision="unmatched",
                reasons=tuple(reasons),
                alternatives=tuple(closest),
            )
            _release(unit)
    matches: list[Match] = []
    unmatched: list[Match] = []
    for match in built:
        assert match is not None  # every unit is visited once
        (unmatched if match.decision == "unmatched" else matches).append(match)
    open_left = _permuted(ctx.open, _unused_by_rank(ctx.by_rank, used))
    return MatchResult(
        matches=tuple(matches),
        unmatched_bank=tuple(unmatched),
        unmatched_invoices=tuple(open_left),
        ignored_lines=tuple(outgoing),
    )


def _unused_by_rank(by_rank: array[int], used: set[int]) -> list[int]:
    """The invoices not in ``used``, in rank order. A mask in numpy rather than a million lookups in a
    set of nearly as many (each a cache miss)."""
    import numpy as np

    keep = np.ones(len(by_rank), dtype=bool)
    keep[np.fromiter(used, dtype=np.int64, count=len(used))] = False
    order = np.frombuffer(by_rank, dtype=np.int64)
    kept: list[int] = order[keep[order]].tolist()
    return kept


def _release(unit: _Unit) -> None:
    """Drop a decided line's working state once its output is built, so a large statement's result
    reuses that memory instead of adding to it."""
    unit.hyps = []
    unit.refs = {}
    unit.strong = []
    unit.notes = ()
    unit.chosen = None


def _proposal_order(units: Sequence[_Unit]) -> list[_Unit]:
    """The order payments are proposed in. Each payment is decided on its own, so the order is free:
    taking one customer's payments together keeps that customer's invoices (stored side by side) in the
    CPU caches."""
    return sorted(units, key=lambda u: (u.party.party_id if u.party is not None else "", u.order))


def match_statement(
    lines: Sequence[StatementLine],
    ledger: LedgerSnapshot | tuple[Sequence[Invoice], Sequence[Party]],
    settings: MatchingSettings | None = None,
    aliases: LearnedAliases | Mapping[str, str] | None = None,
    *,
    features: Sequence[Feature] = (),
    strategies: Sequence[Strategy] = (),
    near_duplicates: Sequence[tuple[SourceRef, SourceRef]] = (),
) -> MatchResult:
    """Apply statement lines to a ledger's open invoices.

    Args:
        lines: the statement lines (money out is listed as ignored, never matched).
        ledger: a :class:`LedgerSnapshot`, or ``(invoices, parties)``.
        settings: the ``matching:`` settings; defaults when None.
        aliases: learned payer aliases, account aliases and reference habits (or a plain mapping of
            payer text to party id).
        features: extra scoring features (from plugins).
        strategies: extra candidate strategies (from plugins).
        near_duplicates: pairs of lines that may be one payment read twice (``arsync.bankfiles``'s near
            duplicates: the same account in two exports): a pair from the same payer is never ``auto``.

    Returns:
        The decisions: ``auto`` and ``suggest`` matches, unmatched lines with their closest candidates,
        and the invoices no decision touched.
    """
    settings = settings or MatchingSettings()
    rates: Sequence[ExchangeRate] = ()
    credit_notes: Sequence[CreditNote] = ()
    if isinstance(ledger, LedgerSnapshot):
        invoices: Sequence[Invoice] = ledger.invoices
        parties: Sequence[Party] = ledger.parties
        rates = ledger.exchange_rates()
        credit_notes = ledger.credit_notes
    else:
        invoices, parties = ledger
    if aliases is None:
        learned = LearnedAliases()
    elif isinstance(aliases, LearnedAliases):
        learned = aliases
    else:
        learned = LearnedAliases(payers=dict(aliases))
    # The run allocates millions of small objects next to the caller's large ledger; Python's cyclic
    # collector would rescan all of them again and again (time growing faster than the input). The engine
    # makes no reference cycles worth collecting mid-run, so the collector waits until the end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # Closed invoices a payment could still name (see _Unit.names_closed): those issued within two
        # years of the newest line. An old ledger's paid history is far larger than what is open.
        newest = max((line.booking_date for line in lines), default=None)
        closed_since = newest - dt.timedelta(days=_CLOSED_LOOKBACK_DAYS) if newest is not None else None
        ctx = _Context(
            invoices, parties, settings, learned, rates, closed_since=closed_since, credit_notes=credit_notes
        )
        units = _units(lines)
        outgoing = [line for line in lines if line.amount.amount <= 0]
        _mark_sent_back(units, outgoing)
        _mark_returned(units, outgoing)
        for unit in units:
            _identify(ctx, unit)
        if near_duplicates:
            _mark_near_duplicates(units, near_duplicates)
        by_customer = _proposal_order(units)
        for unit in by_customer:
            _propose(ctx, unit, strategies, features)
            _decide(ctx, unit)
        _resolve_conflicts(ctx, units)
        _credit_conflicts(units, ctx)
        _duplicate_advice(units)
        ctx.drop_lookups()
        return _result(ctx, units, outgoing, features, by_customer)
    finally:
        _MONEY.clear()
        _SHARED_REASONS.clear()
        if was_enabled:
            gc.enable()
