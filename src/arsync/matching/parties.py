"""Who paid: bank account first, then learned aliases, then fuzzy names with an abstain-on-ambiguity margin.

Fuzzy matching never scans every party: candidates come from an index of name tokens and of 4-letter
token prefixes (so a truncated ``ACME INDUSTR`` still finds ``Acme Industries``), and results are
cached per payer text because the same payers recur all through a statement.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from arsync.matching.normalize import legal_forms, normalize_account, normalize_name, spelled_out
from arsync.models import Party

__all__ = ["PartyHit", "PartyResolver", "name_similarities", "name_similarity"]

_MAX_BLOCK = 300  # a word (pair) shared by more parties than this is too common to block on
# Parties compared in full with one payer name. The heaviest blocks come first, so the parties past the
# first few share only common words with the payer ("harbour industries"); they tie on weight and are cut
# by id, not by likeness. A payer's blocks hold about 15 parties at 100k invoices; at a million the
# common word pairs hold 80, and a cut at 40 compared 2.4 times as many names per payer (identification
# 19x slower for 10x the data) for no better decision: default size, 100k and 1M decide as well with 16.
_MAX_FUZZY = 16
_BATCH = 8  # from this many names on, one rapidfuzz pass per scorer beats a call per name


# The end of a US postal address: a state's (or DC's, a territory's) code, the ZIP code, maybe the country.
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
# Words that make a name another entity's rather than a city's ("Globex Holdings" is not Globex).
_ANOTHER_ENTITY = frozenset(
    "holdings holding hldgs group grp treasury international intl enterprises partners capital ventures trust "
    "foundation bank services".split()
)
_US_ADDRESS_END = r"\s(?:" + "|".join(_STATES.split()) + r")\s+\d{5}(?:-\d{4})?(?:\s+(?:US|USA))?"
# A UK postcode ("EC1A 1BB", "M1 1AE", "LS1 4AP"), maybe the country: how a British payer's address ends.
_UK_ADDRESS_END = r"\s[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?:\s+(?:GB|UK|UNITED\s+KINGDOM|ENGLAND|SCOTLAND|WALES))?"
_ADDRESS_END = re.compile(f"(?:{_US_ADDRESS_END}|{_UK_ADDRESS_END})\\s*$")


@dataclass(frozen=True, slots=True)
class PartyHit:
    """The party a payer was identified as, how, and how sure (0-100), with the runner-up for the record."""

    party_id: str
    method: str  # "account", "alias", "name", "fuzzy"
    score: float
    detail: str
    runner_up: str | None = None
    runner_up_score: float = 0.0


@dataclass(frozen=True, slots=True)
class PartyAbstention:
    """Two parties (or more: ``others``) fit the payer about equally well, so none is chosen (``detail``
    says why, when it is more than similar names)."""

    best: str
    second: str
    score: float
    second_score: float
    detail: str = ""
    others: tuple[str, ...] = ()  # further parties that fit as well: three customers called "Stark Foods"

    @property
    def parties(self) -> tuple[str, ...]:
        """Every party the payer may be."""
        return (self.best, self.second, *self.others)


# "Silver Lake Holdings LLC dba Twin Pines Builders", "Acme Ltd t/a Acme Windows": a legal name and the name
# it trades under, either of which a payer may write.
_DOING_BUSINESS_AS = re.compile(r"\s+(?:d\.?/?b\.?/?a\.?|t/a|trading as|doing business as)\s+", re.IGNORECASE)


# Mail providers anyone may use: their domain names no company.
_FREE_MAIL = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de yahoo.es yahoo.it yahoo.com.au ymail.com
    outlook.com hotmail.com hotmail.co.uk hotmail.fr hotmail.de hotmail.es hotmail.it live.com live.co.uk live.fr
    msn.com icloud.com me.com mac.com aol.com gmx.de gmx.net gmx.at gmx.ch gmx.com web.de t-online.de freenet.de
    proton.me protonmail.com pm.me mail.com zoho.com yandex.com yandex.ru mail.ru qq.com 163.com 126.com
    orange.fr free.fr laposte.net sfr.fr wanadoo.fr libero.it virgilio.it btinternet.com sky.com virginmedia.com
    bigpond.com bigpond.net.au optusnet.com.au xtra.co.nz shaw.ca rogers.com sympatico.ca comcast.net
    verizon.net att.net sbcglobal.net bellsouth.net cox.net charter.net earthlink.net fastmail.com hey.com
    telenet.be skynet.be ziggo.nl kpnmail.nl hetnet.nl planet.nl home.nl bluewin.ch hispeed.ch online.no
    telia.com""".split()
)


def company_domain(email: str) -> str:
    """The mail domain of ``email`` when it may be a company's own (``ap@acme.com`` -> ``acme.com``); "" for
    free mail (gmail.com, outlook.com...) or a text that is no e-mail address."""
    local, at, domain = email.strip().rpartition("@")
    domain = domain.strip().rstrip(".").casefold()
    if not at or not local or "." not in domain or " " in domain:
        return ""
    return "" if domain in _FREE_MAIL else domain


def trade_names(name: str) -> list[str]:
    """A party's name, and the names it says it does business under: "X dba Y" is X and Y, and the whole."""
    parts = [p.strip() for p in _DOING_BUSINESS_AS.split(name) if p.strip()]
    return [name, *parts] if len(parts) > 1 else [name]


def _pairs(words: list[str]) -> list[str]:
    """Blocking keys for consecutive words: the first word and the next one's first four letters."""
    return [f"{a}|{b[:4]}" for a, b in itertools.pairwise(words)]


def _rule_score(a: str, b: str) -> float | None:
    """The score of two names that needs no fuzzy scorer (empty, equal, truncated), else None."""
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= 8 and longer.startswith(shorter):
        return 96.0  # bank fields cut names at 18-35 characters
    return None


def _subset_weight(a: str, b: str) -> float:
    """token_set_ratio scores 100 when one name's words are all inside the other; that is strong evidence
    only when there are at least two such words ("acme industries" in "acme industries treasury"), not
    for a one-word name ("globex" in "globex holdings treasury" may be another company)."""
    shorter = a if len(a) <= len(b) else b
    return 0.97 if len(shorter.split()) >= 2 else 0.85


def name_similarity(a: str, b: str) -> float:
    """0-100 similarity of two normalized names; a truncated name scores as high as its full form."""
    fixed = _rule_score(a, b)
    if fixed is not None:
        return fixed
    return float(max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b), _subset_weight(a, b) * fuzz.token_set_ratio(a, b)))


def name_similarities(a: str, names: Sequence[str]) -> list[float]:
    """:func:`name_similarity` of ``a`` against each of ``names``, with each rapidfuzz scorer run once over
    the whole list (``cdist``) instead of three calls per name from Python."""
    if len(names) < _BATCH or not a:
        return [name_similarity(a, b) for b in names]
    sort_ratio, plain, token_set = (
        process.cdist([a], names, scorer=scorer, dtype=np.float64)[0]
        for scorer in (fuzz.token_sort_ratio, fuzz.ratio, fuzz.token_set_ratio)
    )
    out: list[float] = []
    for k, b in enumerate(names):
        fixed = _rule_score(a, b)
        if fixed is None:
            fixed = float(max(sort_ratio[k], plain[k], _subset_weight(a, b) * token_set[k]))
        out.append(fixed)
    return out


_GENERATIONS = frozenset("jr sr ii iii iv".split())
# The widths banks cut a payer's name to (an ACH originator's 16 characters, a BACS or Faster Payments name's
# 18, an OFX NAME's 32, a SWIFT line's 35), and one less: a cut at a space loses the space.
_CUT_WIDTHS = frozenset({15, 16, 17, 18, 31, 32, 34, 35})
# A parenthesised qualifier in a customer's name: "(Raleigh)", "(Leeds)", "(UK)"; not the legal form's own
# "UG (haftungsbeschränkt)".
_QUALIFIER = re.compile(r"\s*\((?!haftungsbeschr)[^()]*\)", re.IGNORECASE)


def _without_initials(norm: str) -> str:
    """A normalized person's name without its middle initials and generation ("john a smith", "john smith
    jr" and "john a b smith" give "john smith"); other names as they are."""
    words = norm.split()
    if len(words) < 3:
        return norm
    kept = [words[0], *(w for w in words[1:-1] if len(w) > 1)]
    if words[-1] not in _GENERATIONS:
        kept.append(words[-1])
    return " ".join(kept) if len(kept) >= 2 else norm


def _with_initial(norm: str) -> str | None:
    """A name of two or three words written with its first word's initial ("john smith" as "j smith"), or
    None (one word, more than three, or an initial already)."""
    first, _, rest = norm.partition(" ")
    if len(first) < 2 or not rest or rest.count(" ") > 1:
        return None
    return f"{first[0]} {rest}"


def _add_weight(weight: dict[int, float], block: set[int], w: float) -> None:
    """Add ``w`` to the weight of every party in ``block`` (from 0.0 for a party not weighted yet).

    The same sums as ``weight[n] = weight.get(n, 0.0) + w`` per party, in the same order, but with the
    loops in C: a payer's blocks hold hundreds of parties on a large ledger.
    """
    if not weight:
        weight.update(dict.fromkeys(block, w))
        return
    seen = list(weight.keys() & block)
    weight.update(zip(seen, map(w.__add__, map(weight.__getitem__, seen)), strict=True))
    if len(seen) < len(block):
        weight.update(dict.fromkeys(block.difference(seen), w))


class PartyResolver:
    """Identifies the party behind a payer name and/or account among the ledger's parties."""

    def __init__(
        self,
        parties: Sequence[Party],
        *,
        aliases: Mapping[str, str] | None = None,
        account_aliases: Mapping[str, str] | None = None,
        cutoff: float = 86.0,
        margin: float = 6.0,
    ) -> None:
        self.cutoff = cutoff
        self.margin = margin
        self.names: dict[str, str] = {}
        self._by_account: dict[str, set[str]] = {}
        self._by_name: dict[str, set[str]] = {}
        self._by_own_name: dict[str, set[str]] = {}  # a party's own name only, not its aliases
        # Names that differ from another only by a middle initial or a generation ("john a smith", "john
        # smith jr"), under the name without it ("john smith"), and names under their first word's initial
        # ("john smith" as "j smith"): the names a person's payment may give for them (see _resolve).
        self._by_bare: dict[str, set[str]] = {}
        # Blocks hold party numbers, not ids: the per-payer weighting visits hundreds of them, and small
        # ints allocated together are far cheaper to visit than id strings spread over the ledger.
        self._by_token: dict[str, set[int]] = {}
        self._numbers: dict[str, int] = {}
        self._ids: list[str] = []
        self._rank_by_number: array[int] = array("q")  # see _id_rank
        self._number_by_rank: list[int] = []
        self._names_by_number: list[list[str]] = []  # normalized names and aliases, by party number
        self._aliases: dict[str, str] = {}
        self._cache: dict[tuple[str, str], PartyHit | PartyAbstention | None] = {}
        # Payment services give the payer's e-mail where a bank gives its account (PayPal's "From Email
        # Address", Stripe's customer_email): a party's own e-mail names it like its bank account does.
        self._emails: set[str] = set()
        # A company's own mail domain (see _by_mail_domain): the parties whose e-mails are at it.
        self._by_domain: dict[str, set[str]] = {}
        for party in parties:
            self.names[party.id] = party.name
            for account in party.bank_accounts:
                self._by_account.setdefault(normalize_account(account), set()).add(party.id)
            for email in party.emails:
                if "@" in email:
                    key = normalize_account(email)
                    self._emails.add(key)
                    self._by_account.setdefault(key, set()).add(party.id)
                    domain = company_domain(email)
                    if domain:
                        self._by_domain.setdefault(domain, set()).add(party.id)
            for name in (party.name, *party.aliases):
                for part in trade_names(name):
                    self._add_name(party.id, part)
            for part in trade_names(party.name):
                self._by_own_name.setdefault(normalize_name(part), set()).add(party.id)
        for text, party_id in (aliases or {}).items():
            self._aliases[normalize_name(text)] = party_id
        for account, party_id in (account_aliases or {}).items():
            self._by_account.setdefault(normalize_account(account), set()).add(party_id)

    def _add_name(self, party_id: str, name: str) -> None:
        norm = normalize_name(name)
        if not norm:
            return
        self._by_name.setdefault(norm, set()).add(party_id)
        bare = _without_initials(norm)
        if bare != norm:
            self._by_bare.setdefault(bare, set()).add(party_id)
        initial = _with_initial(bare)
        if initial is not None:
            self._by_bare.setdefault(initial, set()).add(party_id)
        if "(" in name:
            # "Brian Tart (Raleigh)": a qualifier the business added to tell two customers apart, which no
            # payer writes. Without it, the name is Brian Tart's too.
            plain = normalize_name(_QUALIFIER.sub(" ", name))
            if plain and plain != norm:
                self._by_bare.setdefault(plain, set()).add(party_id)
            for inner in _QUALIFIER.findall(name):
                # "Great Lakes Precast (2278939 Ontario Inc.)": the numbered company that trades so
                numbered = inner.strip(" ()")
                if normalize_name(numbered)[:1].isdigit():
                    self._add_name(party_id, numbered)
        number = self._numbers.get(party_id)
        if number is None:
            number = self._numbers[party_id] = len(self._ids)
            self._ids.append(party_id)
            self._names_by_number.append([])
        # A name written with abbreviations ("Acme Mfg Co") is also compared, and found, written out.
        for form in (norm, *spelled_out(norm)):
            self._names_by_number[number].append(form)
            self._index(number, form.split())

    def _index(self, number: int, words: list[str]) -> None:
        keys = [k for token in set(words) for k in ((token, token[:4] + "*") if len(token) > 4 else (token,))]
        by_token = self._by_token
        for key in (*keys, *_pairs(words)):
            block = by_token.get(key)
            if block is None:
                by_token[key] = {number}  # not setdefault(key, set()): a throwaway set per call
            else:
                block.add(number)

    def add_party_name(self, party_id: str, name: str) -> None:
        """Index another name for a party (names seen only on invoices)."""
        if party_id not in self.names:
            self.names[party_id] = name
            self._by_own_name.setdefault(normalize_name(name), set()).add(party_id)
        self._add_name(party_id, name)
        self._cache.clear()

    def drop_blocks(self) -> None:
        """Free the name blocks and the per-payer cache when no more payers will be resolved (the
        matcher's output only compares names, see :meth:`similarity_normalized`). Resolving afterwards
        finds only exact names, accounts and aliases."""
        self._by_token = {}
        self._cache = {}

    def similarity(self, payer_name: str, party_id: str) -> float:
        """How well ``payer_name`` fits one party's known names (0-100)."""
        return self.similarity_normalized(normalize_name(payer_name), party_id)

    def similarity_normalized(self, norm: str, party_id: str) -> float:
        """:meth:`similarity` for a payer name already passed through ``normalize_name``."""
        number = self._numbers.get(party_id)
        known_names = self._names_by_number[number] if number is not None else ()
        forms = (norm, *spelled_out(norm))
        return max((name_similarity(form, known) for form in forms for known in known_names), default=0.0)

    def resolve(self, name: str | None, account: str | None) -> PartyHit | PartyAbstention | None:
        """The party behind this payer, an abstention when two fit equally, or None when none fits."""
        key = (name or "", account or "")
        if key in self._cache:
            return self._cache[key]
        result = self._resolve(name or "", account or "")
        self._cache[key] = result
        return result

    def _resolve(self, name: str, account: str) -> PartyHit | PartyAbstention | None:
        found = self._resolve_written(name, account)
        if "@" in account and self._by_domain and normalize_account(account) not in self._by_account:
            return self._by_mail_domain(found, account)
        return found

    def _by_mail_domain(
        self, found: PartyHit | PartyAbstention | None, account: str
    ) -> PartyHit | PartyAbstention | None:
        """A payer e-mail the ledger does not know, at a company's own domain (jane@acme.com paying Acme,
        whose e-mail is ap@acme.com): another mailbox of that company, so it resembles that customer (95),
        unless the name says otherwise. A card's holder is often an employee, and an employee may be a
        customer too ("Daniel Kim" with daniel@summitdental.com): then neither is chosen, and the invoice
        the remittance names decides. Free mail (gmail.com, outlook.com...) names no company."""
        domain = company_domain(account)
        owners = self._by_domain.get(domain, set()) if domain else set()
        if len(owners) != 1:
            return found
        (owner,) = owners
        detail = f"payer e-mail {account} is at {domain}, the domain of {self.names[owner]}'s e-mail"
        if found is None:
            return PartyHit(owner, "fuzzy", 95.0, detail)
        if isinstance(found, PartyAbstention):
            if owner not in found.parties:
                return found
            return PartyHit(owner, "fuzzy", 95.0, f"{detail} (of the customers the name fits alike)")
        if found.party_id == owner:
            return found
        said = f"{detail}, but {found.detail}; not choosing"
        return PartyAbstention(owner, found.party_id, 95.0, found.score, said)

    def _resolve_written(self, name: str, account: str) -> PartyHit | PartyAbstention | None:
        norm = normalize_name(name)
        if account:
            owners = self._by_account.get(normalize_account(account), set())
            if len(owners) == 1:
                (owner,) = owners
                named = self._named(norm)
                if named is not None and named != owner and self._unlike(norm, owner):
                    # The account is one customer's, the name exactly another's: a shared account (a
                    # payment service's pooled one) or stale master data. Either could have paid.
                    detail = (
                        f"payer account {account} belongs to {self.names[owner]}, but the payer's name "
                        f"{name!r} is {self.names[named]}'s; not choosing"
                    )
                    return PartyAbstention(owner, named, 100.0, 100.0, detail)
                if normalize_account(account) in self._emails:
                    return PartyHit(owner, "account", 100.0, f"payer e-mail {account} is {self.names[owner]}'s")
                return PartyHit(owner, "account", 100.0, f"payer account {account} belongs to {self.names[owner]}")
        if not norm:
            return None
        alias = self._aliases.get(norm)
        if alias is not None and alias in self.names:
            return PartyHit(alias, "alias", 100.0, f"payer {name!r} is a learned alias of {self.names[alias]}")
        exact = self._by_name.get(norm, set())
        if len(exact) == 1:
            (only,) = exact
            alike = self._by_bare.get(norm, set())
            if len(name.strip()) in _CUT_WIDTHS:
                # "APEX CONSULTING" in a 16-character ACH name is Apex Consulting Inc's name, and what the
                # field leaves of Apex Consulting Group LLC's.
                alike = alike | self._extending(norm)
            namesakes = sorted(alike - exact)
            told = self._by_legal_form(name, {only, *namesakes}) if namesakes else None
            if told is not None:
                return told  # "SANITAER HOFFMANN GMBH": of Sanitär Hoffmann GmbH and ... UG, the GmbH
            if namesakes:
                # "JOHN SMITH" is John Smith's name, and John A. Smith's written without his initial: a
                # person's payment (a Zelle, a cheque) names no more than that, so either may have paid.
                # Names alike (no detail): the amount may still tell them apart, as it would for a clerk.
                return PartyAbstention(only, namesakes[0], 100.0, 100.0, others=tuple(namesakes[1:]))
            return PartyHit(only, "name", 100.0, f"payer {name!r} is the name of {self.names[only]}")
        if len(exact) > 1:
            told = self._by_legal_form(name, exact)
            if told is not None:
                return told
            first, second, *others = sorted(exact)
            return PartyAbstention(first, second, 100.0, 100.0, others=tuple(others))
        return self._fuzzy(name, norm) or self._before_address(name)

    def _namesakes_within(self, norm: str, party_id: str, name: str) -> list[str]:
        """The other parties whose name, or its form without middle initials or with the first name's
        initial, is one of ``party_id``'s names, when the payer's words hold all of that name's words (the
        namesakes an exact payer name abstains between, found when the payer adds a word of its own). When
        the payer's text begins with that name at a field's width ("COASTAL CATERING TASMAN": an Australian
        direct entry's 16-character name, then the payer's reference), every party whose name goes on from
        there is one too (Coastal Catering Services Pty Ltd)."""
        words = set(norm.split())
        written = name.split()
        alike: set[str] = set()
        for known in self._names_by_number[self._numbers[party_id]]:
            if words.issuperset(known.split()):
                alike |= self._by_bare.get(known, set()) | self._by_name.get(known, set())
                head = " ".join(written[: len(known.split())])
                if len(head) in _CUT_WIDTHS and len(written) > len(known.split()) and normalize_name(head) == known:
                    alike |= self._extending(known)
        alike.discard(party_id)
        return sorted(alike)

    def _extending(self, norm: str) -> set[str]:
        """The parties with a name that begins with the words of ``norm`` and goes on ("brightwell retail
        leeds" for "brightwell retail"): what a payer field cut at its width leaves of them. Found in the
        block of the first two words (see _pairs), which holds every such name."""
        words = norm.split()
        if len(words) < 2:
            return set()
        start, names = norm + " ", self._names_by_number
        block = self._by_token.get(_pairs(words[:2])[0], ())
        return {self._ids[n] for n in block if any(name.startswith(start) for name in names[n])}

    def _by_legal_form(self, name: str, parties: set[str]) -> PartyHit | None:
        """Customers named alike but for their legal form ("Stark Foods Ltd", "Stark Foods LLC"): the one
        whose form the payer states, when each of them states one and no other has the payer's."""
        forms = legal_forms(name)
        if not forms:
            return None
        theirs = {pid: legal_forms(self.names[pid]) for pid in parties}
        alike = [pid for pid, own in theirs.items() if own == forms]
        if len(alike) != 1 or not all(theirs.values()):
            return None  # "Stark Foods" without a form may be either, as written by someone in a hurry
        (only,) = alike
        others = ", ".join(sorted(self.names[pid] for pid in parties if pid != only))
        detail = f"payer {name!r} is the name of {self.names[only]}, legal form and all (which tells it from {others})"
        return PartyHit(only, "name", 100.0, detail)

    def _before_address(self, name: str) -> PartyHit | None:
        """A wire's originator with its US address ("B/O: ACME CORP NEW YORK NY 10048", "... 1 MAIN ST
        NEW YORK NY 10048"): the party whose exact name the text starts with, before the street number or
        the city (one to three words before the state and ZIP code). Only "resembles" (92): where the
        name ends is read, not written. None unless exactly one party has that name."""
        end = _ADDRESS_END.search(name)
        if end is None:
            return None
        words = name[: end.start()].split()
        street = next((k for k, w in enumerate(words) if k and w[0].isdigit()), None)
        heads = [words[:street]] if street is not None else [words[:-drop] for drop in range(1, 4) if drop < len(words)]
        for head in heads:
            if any(w.casefold() in _ANOTHER_ENTITY for w in words[len(head) : street]):
                return None  # "GLOBEX HOLDINGS NEW YORK NY": the holding pays, maybe for another subsidiary
            owners = self._by_name.get(normalize_name(" ".join(head)), set())
            if owners:
                if len(owners) > 1:
                    return None
                (only,) = owners
                detail = f"payer {name!r} is the name of {self.names[only]} followed by an address"
                return PartyHit(only, "fuzzy", 92.0, detail)
        return None

    def _unlike(self, norm: str, party_id: str) -> bool:
        """Whether the payer's normalized name fits none of the party's names ("RIDGE HILL DESIGN", cut
        short by the bank, fits "Ridge Hill Design Holdings" as well as another party's "Ridge Hill
        Design GmbH")."""
        return self.similarity_normalized(norm, party_id) < self.cutoff

    def _named(self, norm: str) -> str | None:
        """The one party whose own name the normalized payer name is exactly, if any. Not an alias, listed
        or learned: a holding company's name, kept as one subsidiary's alias, is paid from every
        subsidiary's account."""
        exact = self._by_own_name.get(norm, ()) if norm else ()
        return next(iter(exact)) if len(exact) == 1 else None

    def _candidates(self, norm: str) -> list[tuple[str, int]]:
        """The parties sharing the rarest words with the payer (IDF-weighted), at most ``_MAX_FUZZY``, as
        (party id, party number) in party id order.

        Scoring every party that shares any word would grow with the number of customers; ranking by
        shared rare words first keeps the fuzzy comparison to a fixed handful per payer.
        """
        weight: dict[int, float] = {}
        words = norm.split()
        # Sorted: the weights are summed in this order, which must be the same in every process (a set's
        # order of strings is not), or a rerun of the same statement could compare other parties.
        singles = sorted(k for t in set(words) for k in (t, t[:4] + "*" if len(t) >= 4 else "") if k)
        # Word pairs ("acme|indu") are rare even among a million customers; single words are the fallback.
        # Blocks larger than _MAX_BLOCK are skipped, so the work per payer stays bounded as the ledger grows.
        for keys in (_pairs(words), singles):
            for key in keys:
                block = self._by_token.get(key)
                if block and len(block) <= _MAX_BLOCK:
                    _add_weight(weight, block, 1.0 / len(block))
            if weight:
                break
        ids = self._ids
        if len(weight) <= _MAX_FUZZY:
            return sorted((ids[n], n) for n in weight)
        # The _MAX_FUZZY heaviest, ties at the cut broken by party id. Thousands of parties can tie at the
        # cut on a large ledger (they share one common word with the payer), so every pass over them runs
        # in C (compress/map/sorted): per party, a Python-level loop cost more than all the weighting.
        numbers, values = weight.keys(), weight.values()
        cut = sorted(values, reverse=True)[_MAX_FUZZY - 1]
        chosen = list(itertools.compress(numbers, map(cut.__lt__, values)))
        rank, number_at = self._id_rank()
        tied = itertools.compress(numbers, map(cut.__eq__, values))
        # Party ids are unique, so the first ranks are the first ids.
        first = sorted(map(rank.__getitem__, tied))[: _MAX_FUZZY - len(chosen)]
        return sorted((ids[n], n) for n in chosen + [number_at[r] for r in first])

    def _id_rank(self) -> tuple[array[int], list[int]]:
        """Each party number's position in party id order, and the party number at each position (rebuilt
        after parties are added)."""
        if len(self._rank_by_number) != len(self._ids):
            ids = self._ids
            self._number_by_rank = sorted(range(len(ids)), key=ids.__getitem__)
            # Inline, not a list of int objects: the tie-break sorts thousands of ranks read from it at
            # random, and on a large ledger every scattered int object visited is a cache miss.
            self._rank_by_number = array("q", bytes(8 * len(ids)))
            for position, number in enumerate(self._number_by_rank):
                self._rank_by_number[number] = position
        return self._rank_by_number, self._number_by_rank

    def _fuzzy(self, name: str, norm: str) -> PartyHit | PartyAbstention | None:
        forms = spelled_out(norm)  # "STARK IND" is also read "stark industries" and "stark industrial"
        candidates = self._candidates(norm)
        if forms:
            candidates = sorted({c for form in forms for c in self._candidates(form)}.union(candidates))
        names_of = self._names_by_number
        owners = [pid for pid, n in candidates for _ in names_of[n]]
        known = [known for _, n in candidates for known in names_of[n]]
        per_party: dict[str, float] = {}
        for form in (norm, *forms):
            for pid, score in zip(owners, name_similarities(form, known), strict=True):
                if score > per_party.get(pid, -1.0):
                    per_party[pid] = score
        scored = sorted(((per_party[pid], pid) for pid, _ in candidates), key=lambda pair: (-pair[0], pair[1]))
        if not scored or scored[0][0] < self.cutoff:
            return None
        best_score, best = scored[0]
        second_score, second = scored[1] if len(scored) > 1 else (0.0, None)
        if second is not None and best_score - second_score < self.margin:
            others = tuple(pid for score, pid in scored[2:] if best_score - score < self.margin)
            return PartyAbstention(best, second, best_score, second_score, others=others)
        namesakes = self._namesakes_within(norm, best, name)
        if namesakes:
            # "J SMITH STOCK" resembles J Smith for the words it shares with that name, and those words are
            # John Smith's name written with his initial: the extra word tells neither apart.
            first, *others_alike = namesakes
            return PartyAbstention(best, first, best_score, best_score, others=tuple(others_alike))
        return PartyHit(
            best,
            "fuzzy",
            best_score,
            f"payer {name!r} resembles {self.names[best]} ({best_score:.0f}/100)",
            second,
            second_score,
        )

    def parties_named(self, names: Iterable[str]) -> set[str]:
        """Parties whose normalized name equals one of ``names`` (for tests and diagnostics)."""
        out: set[str] = set()
        for name in names:
            out |= self._by_name.get(normalize_name(name), set())
        return out
