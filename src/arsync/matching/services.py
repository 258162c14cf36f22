"""Payment services that pay on behalf of many businesses: their name as the payer names no customer.

A payables platform (Bill.com, AvidXchange, Melio, Tipalti, Paymode-X...) sends every client's vendor
payments from its own pooled account, under its own name; a processor's payout (Stripe, PayPal, Square)
sums many customers' charges. Identified by that name, or by that account, every such payment would go
to whichever customer first paid that way, and learning the name as one customer's alias would send the
next client's payment to that customer too. What the service writes of the real payer is kept: Bill.com
states it as "<business name> via Bill.com" (Bill.com support, "What Vendors see for ePayments").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from arsync.matching.normalize import names_someone, normalize_name

__all__ = ["BUILT_IN", "PaymentServices", "service_key"]

# Normalized name (see normalize_name) -> how the service writes itself.
_SERVICES = {
    "bill com": "Bill.com",
    "billcom": "Bill.com",
    "avidxchange": "AvidXchange",
    "avid xchange": "AvidXchange",
    "avidpay": "AvidXchange",
    "melio": "Melio",
    "tipalti": "Tipalti",
    "paymode": "Paymode-X",
    "paymode x": "Paymode-X",
    "bottomline": "Bottomline",
    "corpay": "Corpay",
    "comdata": "Comdata",
    "nvoicepay": "Nvoicepay",
    "payoneer": "Payoneer",
    "veem": "Veem",
    "routable": "Routable",
    "plastiq": "Plastiq",
    "versapay": "Versapay",
    "billtrust": "Billtrust",
    "stripe": "Stripe",
    "paypal": "PayPal",
    "square": "Square",
    "intuit": "Intuit",
    "shopify": "Shopify",
    "gocardless": "GoCardless",
    "adyen": "Adyen",
}
# Words a service puts beside its name ("BILL.COM PAYABLES", "INTUIT PYMT SOLN", "STRIPE PAYOUT"). Bank
# words (payment, transfer, ach...) are already gone from a normalized name.
_SERVICE_WORDS = frozenset(
    "payables payable payout payouts pay vendor vendors services svc soln solutions network".split()
)

_VIA_WORD = re.compile(r"(?i)\svia\s")


def service_key(name: str) -> str:
    """A service's name as payer names are compared with it: normalized, without the words a service puts
    beside its name."""
    return _without_service_words(normalize_name(name))


def _without_service_words(norm: str) -> str:
    return " ".join(w for w in norm.split() if w not in _SERVICE_WORDS)


class PaymentServices:
    """The payment services a run knows: the built-in list and those the config adds
    (``matching.payment_services``: a local payables platform, a marketplace's payouts)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        self._names = dict(_SERVICES)
        for label in extra:
            key = service_key(label)
            if key:
                self._names.setdefault(key, label.strip())
        self._first = frozenset(key.split()[0] for key in self._names) | _SERVICE_WORDS
        labels = {re.escape(label) for label in self._names.values()} | {r"bill\s*\.?\s*com"}
        self._via = re.compile(
            r"(?i)(?:^|:)\s*([^:]*?\S)\s+via\s+(" + "|".join(sorted(labels, key=len, reverse=True)) + r")\b"
        )

    def service(self, name: str) -> str | None:
        """The payment service a payer name is (``BILL.COM PAYABLES`` -> ``Bill.com``), or None for any
        other name. Only the service's name itself counts: ``Square One Design`` is a business, ``SQUARE
        INC`` is not."""
        norm = normalize_name(name)
        if norm.partition(" ")[0] not in self._first:  # the common case, asked of every payer: one lookup
            return None
        key = _without_service_words(norm)
        return self._names.get(key) if key else None

    def paid_via(self, text: str) -> tuple[str, str] | None:
        """The business a service paid for and the service, when a text says so (``ACME CORP via
        Bill.com`` -> ``("ACME CORP", "Bill.com")``), else None."""
        if not _VIA_WORD.search(text):  # the common case, asked of every statement line: one cheap scan
            return None
        match = self._via.search(text)
        if match is None or not names_someone(match.group(1)):
            return None
        service = self.service(match.group(2))
        return (match.group(1).strip(), service) if service else None


BUILT_IN = PaymentServices()
