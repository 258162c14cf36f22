"""Settings for dunning (the ``collections:`` section of the config)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

__all__ = ["CollectionsSettings", "DunningStage", "HoldSetting", "SmtpSettings"]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DunningStage(_Block):
    """One step of the dunning policy."""

    name: str = Field(description="the stage's name, used in the journal: never rename a stage already sent")
    days_overdue: int = Field(ge=1, description="an invoice enters this stage when it is this many days overdue")
    template: str = Field(
        description=(
            "template base name: <template>.subject.j2, <template>.txt.j2 and optionally <template>.html.j2, "
            "looked up in templates_dir first, then among the built-in templates"
        )
    )


class HoldSetting(_Block):
    """A customer not to chase (a dispute, a payment plan) set in config; `arsync collect hold` records them too."""

    customer: str = Field(description="customer id (or exact name) in the ledger")
    until: dt.date | None = Field(default=None, description="last day of the hold; none means until removed")
    reason: str = Field(default="", description="why, shown in the worklist")


class SmtpSettings(_Block):
    """The outgoing mail server."""

    host: str = Field(default="localhost", description="SMTP server host name")
    port: int = Field(default=587, ge=1, le=65535, description="587 for STARTTLS, 465 for implicit TLS, 25 plain")
    starttls: bool = Field(default=True, description="upgrade the connection with STARTTLS (required when True)")
    ssl: bool = Field(default=False, description="implicit TLS from the first byte (port 465); excludes starttls")
    username: str | None = Field(default=None, description="login name; none sends without authentication")
    password: SecretStr | None = Field(
        default=None, description="login password; ${ARSYNC_SMTP_PASSWORD} or the environment variable of that name"
    )
    ca_file: Path | None = Field(default=None, description="CA bundle to verify the server's certificate against")
    timeout: float = Field(default=30.0, gt=0, description="seconds to wait for the server")

    @model_validator(mode="after")
    def _one_tls(self) -> Self:
        if self.ssl and self.starttls:
            raise ValueError("choose one of ssl (implicit TLS, port 465) and starttls (port 587), not both")
        return self

    def resolved_password(self) -> SecretStr | None:
        """The configured password, else ``$ARSYNC_SMTP_PASSWORD`` when set."""
        if self.password is not None and self.password.get_secret_value():
            return self.password
        env = os.environ.get("ARSYNC_SMTP_PASSWORD")
        return SecretStr(env) if env else None


def _default_stages() -> tuple[DunningStage, ...]:
    return (
        DunningStage(name="reminder", days_overdue=1, template="reminder"),
        DunningStage(name="second-notice", days_overdue=15, template="second-notice"),
        DunningStage(name="final-notice", days_overdue=45, template="final-notice"),
    )


class CollectionsSettings(BaseModel):
    """Settings for ``arsync collect`` (the ``collections:`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stages: tuple[DunningStage, ...] = Field(
        default_factory=_default_stages,
        description="the dunning policy: stages by days overdue, each with its template",
    )
    templates_dir: Path | None = Field(default=None, description="directory of your own stage templates")
    holds: tuple[HoldSetting, ...] = Field(default=(), description="customers on hold, besides `arsync collect hold`")
    send_via: Literal["smtp", "ledger"] = Field(
        default="smtp", description="smtp: our own email; ledger: the ledger emails each invoice (QBO send, Xero email)"
    )
    ledger_connector: str | None = Field(
        default=None, description="configured connector that sends when send_via is ledger (default: --ledger)"
    )
    ledger: str | None = Field(default=None, description="default --ledger SOURCE for `arsync collect`")
    smtp: SmtpSettings = Field(default_factory=SmtpSettings, description="outgoing mail server")
    from_address: str = Field(default="accounts@example.com", description="From: of reminder emails")
    reply_to: str | None = Field(default=None, description="Reply-To: of reminder emails")
    bcc: str | None = Field(default=None, description="a copy of every reminder, e.g. the AR mailbox")
    company_name: str = Field(default="", description="signs the emails")
    min_amount: Decimal = Field(default=Decimal(0), ge=0, description="do not chase customers owing less than this")
    skip_with_unapplied_cash: bool = Field(
        default=True,
        description="never chase a customer with unapplied cash or unallocated credit: apply it first",
    )
    promise_grace_days: int = Field(
        default=3, ge=0, description="a promise to pay holds reminders until its date plus these days"
    )

    @model_validator(mode="after")
    def _stages_ordered(self) -> Self:
        days = [stage.days_overdue for stage in self.stages]
        names = [stage.name for stage in self.stages]
        if days != sorted(set(days)):
            raise ValueError(f"stages must be in ascending, distinct days_overdue order, not {days}")
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique, not {names}")
        return self
