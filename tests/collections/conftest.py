"""A real SMTP server (aiosmtpd, STARTTLS with a self-signed certificate, login required), a real state
store, and a small ledger with customers at every dunning stage."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Invoice, Money, Party, Payment
from arsync.state.store import StateStore

TODAY = dt.date(2026, 6, 30)
SMTP_USER = "dunning"
SMTP_PASSWORD = "s3cret-pw"


@dataclass
class Inbox:
    """What the SMTP server accepted."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, r in zip(self.messages, self.recipients) if address in r]


@dataclass
class SmtpServer:
    host: str
    port: int
    ca_file: Path
    inbox: Inbox


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[SmtpServer]:
    """aiosmtpd on 127.0.0.1 that requires STARTTLS and a login before it accepts mail."""
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's own deprecation chatter
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, cert_file, inbox)
    finally:
        controller.stop()


@pytest.fixture
def state(tmp_path: Path) -> Iterator[StateStore]:
    store = StateStore.open(f"sqlite:///{tmp_path / 'state.db'}")
    try:
        yield store
    finally:
        store.close()


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def _invoice(number: str, customer: str, days_overdue: int, amount: str, total: str | None = None) -> Invoice:
    due = TODAY - dt.timedelta(days=days_overdue)
    return Invoice(
        id=f"id-{number}",
        number=number,
        customer_id=customer,
        customer_name=customer,
        issue_date=due - dt.timedelta(days=30),
        due_date=due,
        currency="USD",
        total=usd(total or amount),
        amount_due=usd(amount),
    )


@pytest.fixture
def ledger() -> LedgerSnapshot:
    """Alder (10 days overdue), Birch (50 and 20 days), Cedar (overdue, to be put on hold),
    Dune (not yet due), Elm (overdue but has unapplied cash)."""
    return LedgerSnapshot(
        source="ledger.csv",
        parties=(
            Party(id="alder", name="Alder Dental", emails=("ap@alder.example",)),
            Party(id="birch", name="Birch Bakery <Ltd>", emails=("pay@birch.example",)),
            Party(id="cedar", name="Cedar Labs", emails=("ap@cedar.example",)),
            Party(id="dune", name="Dune Design", emails=("ap@dune.example",)),
            Party(id="elm", name="Elm Foods", emails=("ap@elm.example",)),
        ),
        invoices=(
            _invoice("INV-101", "alder", 10, "100.00"),
            _invoice("INV-102", "alder", -5, "40.00"),
            _invoice("INV-201", "birch", 50, "250.50", "300.00"),
            _invoice("INV-202", "birch", 20, "99.50"),
            _invoice("INV-301", "cedar", 70, "500.00"),
            _invoice("INV-401", "dune", -1, "75.00"),
            _invoice("INV-501", "elm", 30, "60.00"),
        ),
        payments=(
            Payment.build(id="pay-elm", date=TODAY - dt.timedelta(days=2), customer_id="elm", amount=usd("60.00")),
        ),
    )
