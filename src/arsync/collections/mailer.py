"""Delivering reminders: our own SMTP (STARTTLS or implicit TLS, optional login) or the ledger's invoice email."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING, Protocol

from arsync.collections.settings import CollectionsSettings, SmtpSettings
from arsync.errors import ConfigError, RetriableError
from arsync.logs import register_secret

if TYPE_CHECKING:
    from arsync.collections.dunning import DunningEmail
    from arsync.connectors.base import Connector

__all__ = ["LedgerSender", "Sender", "SmtpSender", "build_message"]


class Sender(Protocol):
    """Something that delivers one reminder and returns what to journal as the response."""

    def send(self, email: DunningEmail) -> dict[str, str]: ...


def build_message(email: DunningEmail, settings: CollectionsSettings) -> EmailMessage:
    """The MIME message: plain text, with the HTML alternative when the stage has one."""
    message = EmailMessage()
    message["Subject"] = email.subject
    message["From"] = settings.from_address
    message["To"] = ", ".join(email.to)
    if settings.reply_to:
        message["Reply-To"] = settings.reply_to
    domain = settings.from_address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring=email.key_digest, domain=domain)
    message["X-Arsync-Dunning-Key"] = email.key
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


class SmtpSender:
    """Sends through the configured SMTP server, one connection per run."""

    def __init__(self, settings: CollectionsSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def _context(self, smtp: SmtpSettings) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(smtp.ca_file) if smtp.ca_file else None)
        return context

    def _connect(self) -> smtplib.SMTP:
        smtp = self.settings.smtp
        try:
            client: smtplib.SMTP
            if smtp.ssl:
                client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=self._context(smtp))
            else:
                client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
                if smtp.starttls:
                    client.starttls(context=self._context(smtp))
            if smtp.username:
                password = smtp.resolved_password()
                if password is None:
                    raise ConfigError(
                        "an SMTP username is set but no password: set collections.smtp.password "
                        "(e.g. ${ARSYNC_SMTP_PASSWORD}) or the environment variable ARSYNC_SMTP_PASSWORD",
                        key="collections.smtp.password",
                    )
                register_secret(password.get_secret_value())
                client.login(smtp.username, password.get_secret_value())
        except smtplib.SMTPAuthenticationError:
            raise ConfigError(
                f"the SMTP server {smtp.host}:{smtp.port} refused the login of {smtp.username!r}; check the password",
                key="collections.smtp",
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise RetriableError(
                f"cannot reach the SMTP server {smtp.host}:{smtp.port} ({type(exc).__name__}: {exc}); "
                "check collections.smtp and try again"
            ) from None
        return client

    def send(self, email: DunningEmail) -> dict[str, str]:
        """Hand the message to the server; raises :class:`RetriableError` when it is not accepted."""
        if self._smtp is None:
            self._smtp = self._connect()
        message = build_message(email, self.settings)
        recipients = list(email.to) + ([self.settings.bcc] if self.settings.bcc else [])
        try:
            refused = self._smtp.send_message(message, to_addrs=recipients)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise RetriableError(f"the SMTP server did not accept the reminder ({type(exc).__name__}: {exc})") from None
        response = {"message_id": str(message["Message-ID"]), "via": "smtp"}
        if refused:
            response["refused"] = ", ".join(sorted(refused))
        return response

    def close(self) -> None:
        """Quit the SMTP session."""
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


class LedgerSender:
    """Asks the ledger to email each invoice itself (QBO send, Xero email); the ledger's template applies."""

    def __init__(self, connector: Connector) -> None:
        self.connector = connector

    def send(self, email: DunningEmail) -> dict[str, str]:
        """Send every invoice of the reminder through the ledger."""
        to = email.to[0] if email.to else None
        for invoice in email.invoices:
            self.connector.send_invoice_email(invoice.invoice_id, to)
        return {"via": f"ledger:{self.connector.name}", "invoices": ", ".join(i.number for i in email.invoices)}

    def close(self) -> None:
        """Nothing to release beyond the connector, which the caller owns."""
