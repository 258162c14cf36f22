"""Text normalization for payer names and remittance text: casefold, strip bank noise and legal suffixes."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ABBREVIATIONS",
    "BANK_NOISE",
    "LEGAL_SUFFIXES",
    "fold_text",
    "legal_forms",
    "names_someone",
    "normalize_account",
    "normalize_name",
    "normalize_text",
    "spelled_out",
    "tokens",
]

# Words banks wrap around the payer's name; they carry no identity.
BANK_NOISE = frozenset(
    """ach credit crdt cr dr pos sepa sct transfer trf xfer ref reference payment pmt paymt pymt deposit dep
    wire incoming inward received receipt from by order of giro ueberweisung gutschrift eft bacs fps faster
    chq cheque check mobile online bank banking remit remittance ccd ppd ctx web tel iat fpi netbank osko bpay
    book transaction txn trn inst instant rtp zelle sepacredit inv invoice invoices thanks thank you
    payments bgc ft tfr direct
    uberweisung zahlungseingang sammelgutschrift echtzeitueberweisung echtzeituberweisung dauerauftrag zahlung
    rechnung
    vir virement recu paiement facture
    overboeking overschrijving betaling factuur storting ontvangen
    transferencia transf abono recibida pago factura bonifico pagamento fattura""".split()
)
# Text is folded before it is compared (see normalize_text): "Überweisung" reads "uberweisung", "reçu" "recu".

# Legal-form suffixes: "Acme Ltd" and "ACME LIMITED" are the same payer.
LEGAL_SUFFIXES = frozenset(
    """ltd limited llc inc incorporated corp corporation co company gmbh ag sa sas sarl bv nv plc pty oy ab
    as aps kg srl spa lp llp pllc se kft sro ug ohg mbh e k haftungsbeschrankt the and""".split()
)

# Words of business names as banks abbreviate them: an ACH originator's name has 16 characters, and a
# remitter's system often fewer, so "Acme Manufacturing" arrives as "ACME MFG" and "International Paper"
# as "INTL PAPER". Each abbreviation with the words it may stand for (normalized, singular and plural).
# Abbreviations that are also words of names by themselves ("lab", "labs", "gen", "med", "auto", "trans") are
# left out.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    abbr: tuple(words.split())
    for abbrs, words in (
        ("ind inds indus", "industries industrial"),
        ("mfg mfgr mfrs mfr manuf", "manufacturing manufacturers manufacturer"),
        ("intl internat", "international"),
        ("svc svcs srvc srvcs servs", "services service"),
        ("sys syst", "systems system"),
        ("engr engrg engg", "engineering engineers"),
        ("grp", "group"),
        ("apt apts", "apartments apartment"),
        ("hldgs hldg hldng", "holdings holding"),
        ("mgmt mgt", "management"),
        ("assoc assocs assn", "associates association"),
        ("distr distrib", "distribution distributors distributing"),
        ("natl", "national"),
        ("entpr entprs entps", "enterprises enterprise"),
        ("prods", "products productions"),
        ("soln solns", "solutions solution"),
        ("sply splys suppl", "supply supplies"),
        ("dist", "distribution distributors distributing district"),
        ("mach mchy", "machinery machines"),
        ("prop props", "property properties"),
        ("maint mnt", "maintenance"),
        ("plumb plmb plbg", "plumbing"),
        ("rest rstrnt", "restaurant restaurants"),
        ("vet", "veterinary"),
        ("clin", "clinic clinical"),
        ("ppty", "property properties"),
        ("fab", "fabrication fabricators"),
        ("lndscp lndscpg", "landscaping"),
        ("pkg pkging", "packaging"),
        ("htg", "heating"),
        ("elec", "electric electrical electronics"),
        # German ones banks shorten to fit 27 characters ("LEHMANN IMMOB.-VERW. E.K.", "BAUUNT. JAEGER")
        ("bauunt", "bauunternehmung bauunternehmen"),
        ("immob", "immobilien"),
        ("verw", "verwaltung"),
        ("sped", "spedition"),
        ("haustechn", "haustechnik"),
        ("geb", "gebaude"),
        ("reinig", "reinigung"),
        ("bros", "brothers"),
        ("constr", "construction"),
        ("consltg cnsltg", "consulting"),
        ("mktg", "marketing"),
        ("pharm pharms", "pharmaceuticals pharmaceutical pharmacy"),
        ("equip", "equipment"),
        ("hosp", "hospital hospitality"),
        ("ctr cntr", "center centre"),
        ("univ", "university"),
        ("hlth", "health healthcare"),
        ("tech technol", "technologies technology"),
    )
    for abbr in abbrs.split()
}
_MAX_SPELLINGS = 8  # a name with several abbreviations is read at most this many ways

# Legal forms as one spelling each, to tell apart customers whose names differ only there.
# "UG (haftungsbeschränkt)" is one form, the UG.
_FORM_SPELLINGS = {
    "limited": "ltd",
    "incorporated": "inc",
    "corporation": "corp",
    "company": "co",
    "mbh": "gmbh",
    "haftungsbeschrankt": "ug",
}
_FORMS = frozenset(LEGAL_SUFFIXES - {"the", "and"})

# The places a numbered company's name gives after its number (Canada's provinces and territories), as
# normalize_name spells them.
_NUMBERED_PLACES = frozenset(
    "canada ontario qubec quebec alberta manitoba saskatchewan british columbia bc nova scotia new brunswick nb"
    " ns prince edward island pei newfoundland labrador nl yukon nunavut northwest territories nwt".split()
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGRAPH = re.compile(r"([aou])e+")  # "ae", "oe", "ue" (and "aee": "äe" spelt out) read as the vowel
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


# Letters that carry no accent to drop, written in plain Latin letters the way banks do ("Søren" is
# "SOREN" or "SOEREN", "Łódź" is "LODZ").
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def fold_text(text: str) -> str:
    """NFKC, casefold and accents dropped, punctuation kept: the text :func:`normalize_text` reads."""
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).translate(_PLAIN_LETTERS)


@lru_cache(maxsize=200_000)
def normalize_text(text: str) -> str:
    """NFKC, casefold, punctuation to spaces, whitespace collapsed; digits kept."""
    return " ".join(_NON_ALNUM.sub(" ", fold_text(text)).split())


def tokens(text: str) -> list[str]:
    """Alphabetic and digit runs of the normalized text (``INV-0012`` gives ``inv``, ``0012``)."""
    return _TOKEN.findall(normalize_text(text))


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """A party or payer name reduced to what identifies it: no bank noise, no legal suffixes, and one
    spelling of the vowels German and Scandinavian names are also written with two letters."""
    words = [_one_spelling(w) for w in _forms_joined(normalize_text(name).split())]
    if len(words) > 2 and words[0] in _TITLES:
        words = words[1:]  # "MR J SMITH" is J Smith: a bank prints the title of a personal account's holder
    kept = [w for w in words if w not in _NOISE_SPELT and w not in _SUFFIXES_SPELT]
    # Digits-only words in a payer field are usually trace numbers, not part of the name; but a numbered
    # company ("9280-7783 Québec inc.", "2278939 Ontario Inc.") is named by its number and its province.
    named = [w for w in kept if not w.isdigit()]
    if named and len(named) < len(kept) and all(w in _NUMBERED_PLACES for w in named):
        return " ".join(["".join(w for w in kept if w.isdigit()), *named])
    return " ".join(named if named else (w for w in words if not w.isdigit()))


@lru_cache(maxsize=50_000)
def spelled_out(norm: str) -> tuple[str, ...]:
    """A normalized name read with its abbreviations written out, each way they may be meant ("acme ind"
    gives "acme industries" and "acme industrial"); empty when it has none (see :data:`ABBREVIATIONS`)."""
    words = norm.split()
    if not any(w in ABBREVIATIONS for w in words):
        return ()
    # Every abbreviation written out at once: the other name usually writes all of them, or keeps them all.
    spellings = itertools.product(*(ABBREVIATIONS.get(w, (w,)) for w in words))
    return tuple(" ".join(ws) for ws in itertools.islice(spellings, _MAX_SPELLINGS))


def legal_forms(name: str) -> frozenset[str]:
    """The legal forms a name states, one spelling each ("ACME LIMITED" and "Acme Ltd" both give
    ``{"ltd"}``): what :func:`normalize_name` drops."""
    return frozenset(_FORM_SPELLINGS.get(w, w) for w in _forms_joined(normalize_text(name).split()) if w in _FORMS)


def names_someone(name: str) -> bool:
    """Whether a text holds a word of a name, not only bank noise, legal forms and numbers (which is when
    :func:`normalize_name` keeps them rather than falling back to all of its words)."""
    return any(
        w not in _NOISE_SPELT and w not in _SUFFIXES_SPELT and not w.isdigit()
        for w in map(_one_spelling, _forms_joined(normalize_text(name).split()))
    )


def _forms_joined(words: list[str]) -> list[str]:
    """``words`` with a legal form written letter by letter joined into one: "B.V.", "S.A.R.L." and
    "S A S" fold to "b v", "s a r l", "s a s", which are "bv", "sarl", "sas". Before, "Lumen Optics B.V."
    kept "b v" in its name, so "LUMEN OPTICS BV" was the exact name of its twin "Lumen Optics Ltd"."""
    if not any(len(w) == 1 for w in words):
        return words
    out: list[str] = []
    k = 0
    while k < len(words):
        end = k
        while end < len(words) and len(words[end]) == 1 and words[end].isalpha():
            end += 1
        if end - k >= 2 and (joined := "".join(words[k:end])) in _FORMS:
            out.append(joined)
        else:
            out.extend(words[k : max(end, k + 1)])
        k = max(end, k + 1)
    return out


def _one_spelling(word: str) -> str:
    """ "Müller" folds to "muller", but banks limited to plain letters write "MUELLER" (and "SOEREN" for
    "Søren"): ae, oe and ue read a, o and u, whichever side they are on, so both spellings are one name.
    Names that differ only there ("Michal", "Michael") then read alike, which makes the resolver abstain
    between them rather than choose."""
    if "e" in word and ("ae" in word or "oe" in word or "ue" in word):
        return _DIGRAPH.sub(r"\1", word)
    return word


def normalize_account(account: str) -> str:
    """An IBAN or account number without spaces or punctuation, upper case."""
    return re.sub(r"[^0-9A-Za-z]", "", account).upper()


# The noise and suffix words as normalize_name compares them, spelt the one way its words are ("coe" of
# "CÖ" or "COE" is a name's word, not "co").
_NOISE_SPELT = frozenset(map(_one_spelling, BANK_NOISE))
_TITLES = frozenset("mr mrs ms miss mx dr herr frau mme mlle".split())
_SUFFIXES_SPELT = frozenset(map(_one_spelling, LEGAL_SUFFIXES))
