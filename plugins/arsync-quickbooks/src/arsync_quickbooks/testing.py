"""Helpers for tests, benchmarks and ``arsync demo``: connectors and SDK clients wired to a sandbox."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intuitlib.client import AuthClient
from quickbooks import QuickBooks

from arsync_quickbooks.connector import QuickBooksConnector
from arsync_quickbooks.sandbox import QuickBooksSandbox
from arsync_quickbooks.settings import QuickBooksSettings

__all__ = ["MakeConnector", "connector_factory", "sdk_client"]

MakeConnector = Callable[..., QuickBooksConnector]


def connector_factory(box: QuickBooksSandbox, token_dir: Path) -> MakeConnector:
    """Connectors for a started ``box``, sharing one token directory (as runs on one machine do)."""

    def make(**overrides: Any) -> QuickBooksConnector:
        info = box.info
        if info is None:
            raise RuntimeError("start the sandbox first")
        fields: dict[str, Any] = {
            "realm_id": info.tenant,
            "client_id": info.client_id,
            "client_secret": info.client_secret,
            "refresh_token": info.refresh_token,
            "base_url": info.base_url,
            "token_dir": token_dir,
            "timeout_seconds": 5,
            "retry_max_wait": 0.05,
        }
        fields.update(overrides)
        return QuickBooksConnector("qbo", QuickBooksSettings(**fields))

    return make


def sdk_client(box: QuickBooksSandbox, refresh_token: str | None = None) -> QuickBooks:
    """The unmodified python-quickbooks client pointed at ``box`` (the reference's emulator recipe, §1.3)."""
    info = box.info
    if info is None:
        raise RuntimeError("start the sandbox first")
    os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

    base_url = info.base_url

    class SandboxQuickBooks(QuickBooks):  # type: ignore[misc]
        api_url_v3 = f"{base_url}/v3"
        sandbox_api_url_v3 = api_url_v3

    auth = AuthClient(
        info.client_id,
        info.client_secret,
        "http://localhost/callback",
        environment=f"{info.base_url}/.well-known/openid_configuration/",
    )
    client: QuickBooks = SandboxQuickBooks(
        auth_client=auth,
        refresh_token=refresh_token or info.refresh_token,
        company_id=info.tenant,
        minorversion=75,
        use_decimal=True,
    )
    return client


def sdk_services_line(amount: str) -> Any:
    """A python-quickbooks sales line of the sandbox's "Services" item (id 1) for ``amount`` (a decimal
    string), for an invoice or a credit memo."""
    from decimal import Decimal

    from quickbooks.objects.base import Ref
    from quickbooks.objects.detailline import SalesItemLine, SalesItemLineDetail

    line = SalesItemLine()
    line.Amount = Decimal(amount)
    line.SalesItemLineDetail = SalesItemLineDetail()
    line.SalesItemLineDetail.ItemRef = Ref()
    line.SalesItemLineDetail.ItemRef.value = "1"
    return line


def sdk_invoice(qb: QuickBooks, customer_id: str, amount: str, **fields: Any) -> Any:
    """Save, through python-quickbooks, an invoice of one "Services" line for ``amount`` (a decimal
    string); ``fields`` set further attributes first (``CurrencyRef``, ``ExchangeRate``, ``TxnDate``...)."""
    from quickbooks.objects.base import Ref
    from quickbooks.objects.invoice import Invoice

    invoice = Invoice()
    invoice.Line.append(sdk_services_line(amount))
    invoice.CustomerRef = Ref()
    invoice.CustomerRef.value = customer_id
    for name, value in fields.items():
        setattr(invoice, name, value)
    return invoice.save(qb=qb)
