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

from arsync.matching.normalize import names_someone, normalize_name

__all__ = ["paid_via", "payment_service"]

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

_FIRST_WORDS = frozenset(key.split()[0] for key in _SERVICES) | _SERVICE_WORDS
_VIA_WORD = re.compile(r"(?i)\svia\s")
_LABELS = sorted({re.escape(label) for label in _SERVICES.values()} | {r"bill\s*\.?\s*com"}, key=len, reverse=True)
_VIA = re.compile(r"(?i)(?:^|:)\s*([^:]*?\S)\s+via\s+(" + "|".join(_LABELS) + r")\b")


def payment_service(name: str) -> str | None:
    """The payment service a payer name is (``BILL.COM PAYABLES`` -> ``Bill.com``), or None for any other
    name. Only the service's name itself counts: ``Square One Design`` is a business, ``SQUARE INC`` is
    not."""
    norm = normalize_name(name)
    if norm.partition(" ")[0] not in _FIRST_WORDS:  # the common case, asked of every payer: one lookup
        return None
    words = [w for w in norm.split() if w not in _SERVICE_WORDS]
    return _SERVICES.get(" ".join(words)) if words else None


def paid_via(text: str) -> tuple[str, str] | None:
    """The business a service paid for and the service, when a text says so (``ACME CORP via Bill.com``
    -> ``("ACME CORP", "Bill.com")``), else None."""
    if not _VIA_WORD.search(text):  # the common case, asked of every statement line: one cheap scan
        return None
    match = _VIA.search(text)
    if match is None or not names_someone(match.group(1)):
        return None
    service = payment_service(match.group(2))
    return (match.group(1).strip(), service) if service else None
