"""Dunning: which customers get which reminder stage, rendered from templates, sent at most once.

Each open invoice moves through the policy's stages by its days overdue. A customer gets one email
when at least one of their invoices has reached a stage it has not had yet; the email is at the
highest such stage and lists every overdue invoice being chased, with the total due.

Never twice: before a message is handed to the mail server the journal records it ``started``
(request: the customer, the stage and each invoice with its stage); after the server accepts it,
``done``. Every (invoice, stage) pair in a ``started`` or ``done`` entry counts as sent, so a rerun
sends nothing new. A ``started`` entry left by a crash is *in doubt* and is not resent (at most
once); it is reported so someone can check the mail log.

Not chased: customers on hold, with an active promise to pay, disputing the account (disputed
invoices are left out), with unapplied cash or credit on account (apply it first), with no email
address (SMTP), or owing less than ``min_amount``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from typing import Any, Protocol

import jinja2

from arsync.collections.notes import CollectionNote
from arsync.collections.settings import CollectionsSettings, DunningStage
from arsync.collections.worklist import WorklistEntry, build_worklist
from arsync.errors import ArsyncError, ConfigError, FatalError
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.models import Money
from arsync.reports.settings import ReportSettings

__all__ = [
    "DunningEmail",
    "DunningOutcome",
    "DunningPlan",
    "Journal",
    "ReminderInvoice",
    "Skip",
    "plan_dunning",
    "send_reminders",
]

KIND = "dunning"


class Journal(Protocol):
    """The part of :class:`arsync.state.StateStore` dunning needs."""

    def journal_record(
        self,
        key: str,
        *,
        kind: str,
        tenant: str,
        status: str,
        request: dict[str, Any] | None = ...,
        response: dict[str, Any] | None = ...,
        error: str | None = ...,
    ) -> Any: ...

    def journal_get(self, key: str) -> Any: ...

    def journal_entries(
        self, *, tenant: str | None = ..., status: str | None = ..., kind: str | None = ...
    ) -> Iterable[Any]: ...


@dataclasses.dataclass(frozen=True)
class ReminderInvoice:
    """An invoice listed in a reminder, with the stage it reached."""

    invoice_id: str
    number: str
    issue_date: dt.date
    due_date: dt.date | None
    days_overdue: int
    amount_due: Money
    stage: str


@dataclasses.dataclass
class DunningEmail:
    """One reminder to one customer."""

    tenant: str
    customer_id: str
    customer_name: str
    to: tuple[str, ...]
    stage: DunningStage
    invoices: list[ReminderInvoice]
    total_due: Money
    subject: str
    text: str
    html: str | None
    key: str
    key_digest: str

    def journal_request(self) -> dict[str, Any]:
        """What the journal keeps about the message (no body, amounts as strings)."""
        return {
            "customer_id": self.customer_id,
            "customer": self.customer_name,
            "stage": self.stage.name,
            "to": list(self.to),
            "subject": self.subject,
            "total_due": format(self.total_due.amount, "f"),
            "currency": self.total_due.currency,
            "invoices": [
                {
                    "id": i.invoice_id,
                    "number": i.number,
                    "stage": i.stage,
                    "amount_due": format(i.amount_due.amount, "f"),
                }
                for i in self.invoices
            ],
        }

    def as_json(self) -> dict[str, Any]:
        """JSON form for ``arsync collect --json``."""
        return {**self.journal_request(), "key": self.key, "text": self.text}


@dataclasses.dataclass(frozen=True)
class Skip:
    """An overdue customer not chased this run, and why."""

    customer_id: str
    customer_name: str
    reason: str


@dataclasses.dataclass
class DunningPlan:
    """The reminders a run would send."""

    today: dt.date
    tenant: str
    emails: list[DunningEmail]
    skipped: list[Skip]
    worklist: list[WorklistEntry]


@dataclasses.dataclass
class DunningOutcome:
    """What sending did."""

    sent: list[DunningEmail] = dataclasses.field(default_factory=list)
    already: list[tuple[DunningEmail, str]] = dataclasses.field(default_factory=list)
    failed: list[tuple[DunningEmail, str]] = dataclasses.field(default_factory=list)


def _field(entry: Any, name: str) -> Any:
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def _sent_stages(journal: Journal | None, tenant: str) -> tuple[dict[str, set[str]], list[Any]]:
    """Per invoice id, the stages sent (or in doubt); and the entries still in doubt."""
    sent: dict[str, set[str]] = {}
    in_doubt: list[Any] = []
    if journal is None:
        return sent, in_doubt
    for entry in journal.journal_entries(tenant=tenant, kind=KIND):
        status = _field(entry, "status")
        if status not in ("started", "done"):
            continue
        if status == "started":
            in_doubt.append(entry)
        request = _field(entry, "request") or {}
        for invoice in request.get("invoices", []):
            sent.setdefault(str(invoice["id"]), set()).add(str(invoice["stage"]))
    return sent, in_doubt


def _environment(settings: CollectionsSettings) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if settings.templates_dir is not None:
        if not settings.templates_dir.is_dir():
            raise ConfigError(
                f"templates directory {settings.templates_dir} does not exist", key="collections.templates_dir"
            )
        loaders.append(jinja2.FileSystemLoader(str(settings.templates_dir)))
    loaders.append(jinja2.PackageLoader("arsync.collections", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _render(env: jinja2.Environment, stage: DunningStage, context: dict[str, Any]) -> tuple[str, str, str | None]:
    try:
        subject = env.get_template(f"{stage.template}.subject.j2").render(context)
        # One line, no header injection from a customer name.
        subject = re.sub(r"\s+", " ", subject).strip()
        text = env.get_template(f"{stage.template}.txt.j2").render(context)
        try:
            html_template = env.get_template(f"{stage.template}.html.j2")
        except jinja2.TemplateNotFound:
            html = None
        else:
            html = html_template.render({**context, "subject": subject})
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(
            f"stage {stage.name!r}: template {exc.name} not found in collections.templates_dir or the built-ins",
            key="collections.stages",
        ) from None
    except jinja2.TemplateError as exc:
        raise ConfigError(
            f"stage {stage.name!r}: template {stage.template!r} failed: {exc}", key="collections.stages"
        ) from None
    return subject, text, html


def _stage_for(days: int, stages: tuple[DunningStage, ...]) -> int | None:
    reached = None
    for index, stage in enumerate(stages):
        if days >= stage.days_overdue:
            reached = index
    return reached


def plan_dunning(
    snapshot: LedgerSnapshot,
    today: dt.date,
    settings: CollectionsSettings,
    *,
    tenant: str,
    notes: list[CollectionNote] | None = None,
    journal: Journal | None = None,
    report_settings: ReportSettings | None = None,
) -> DunningPlan:
    """Work out and render the reminders due on ``today``; sends nothing.

    Args:
        snapshot: the ledger (today's balances are used).
        today: the run date.
        settings: the policy.
        tenant: the ledger source, scoping the journal.
        notes: holds, promises and disputes.
        journal: the state store; ``None`` plans as if nothing was ever sent.
        report_settings: bucket settings for the worklist.

    Raises:
        ConfigError: a stage's template is missing or broken.
    """
    notes = notes or []
    stages = settings.stages
    env = _environment(settings)
    sent, in_doubt = _sent_stages(journal, tenant)
    worklist = build_worklist(snapshot, today, notes, report_settings)
    emails: list[DunningEmail] = []
    skipped: list[Skip] = []
    doubt_by_customer = {str((_field(e, "request") or {}).get("customer_id")): e for e in in_doubt}

    for entry in worklist:

        def skip(reason: str, entry: WorklistEntry = entry) -> None:
            skipped.append(Skip(entry.customer_id, entry.customer_name, reason))

        active = [n for n in entry.notes if n.active(today, settings.promise_grace_days)]
        blocking = [n for n in active if n.kind in ("hold", "promise") or (n.kind == "dispute" and n.invoice is None)]
        if blocking:
            skip("; ".join(n.describe() for n in blocking))
            continue
        if not stages:
            skip("no dunning stages configured")
            continue
        disputed = {n.invoice for n in active if n.kind == "dispute"}
        chase = [a for a in entry.overdue_invoices if a.invoice.number not in disputed]
        if not chase:
            skip("every overdue invoice is disputed")
            continue
        if settings.skip_with_unapplied_cash and not entry.unapplied.is_zero():
            skip(f"{entry.unapplied} unapplied cash or credit on account: apply it before chasing")
            continue
        total = Money.sum((a.open_amount for a in chase), entry.currency)
        if total.amount < settings.min_amount:
            skip(f"owes {total}, less than collections.min_amount {settings.min_amount}")
            continue

        listed: list[ReminderInvoice] = []
        pending: list[int] = []
        for aged in chase:
            index = _stage_for(aged.days, stages)
            if index is None:
                continue
            done = sent.get(aged.invoice.id, set())
            done_index = max((i for i, s in enumerate(stages) if s.name in done), default=-1)
            if index > done_index:
                pending.append(index)
            listed.append(
                ReminderInvoice(
                    invoice_id=aged.invoice.id,
                    number=aged.invoice.number,
                    issue_date=aged.invoice.issue_date,
                    due_date=aged.invoice.due_date,
                    days_overdue=aged.days,
                    amount_due=aged.open_amount,
                    stage=stages[max(index, done_index)].name,
                )
            )
        if not pending:
            doubt = doubt_by_customer.get(entry.customer_id)
            if doubt is not None:
                skip(
                    f"reminder {_field(doubt, 'key')} was started but never confirmed (a crash?): not resent; "
                    "check the mail server's log"
                )
            continue
        if settings.send_via == "smtp" and not entry.emails:
            skip("no email address on file")
            continue

        stage = stages[max(pending)]
        listed.sort(key=lambda i: (-i.days_overdue, i.number))
        listed_total = Money.sum((i.amount_due for i in listed), entry.currency)
        pairs = sorted(f"{i.invoice_id}={i.stage}" for i in listed)
        digest = hashlib.sha256("\n".join([entry.customer_id, stage.name, *pairs]).encode()).hexdigest()[:16]
        context = {
            "customer_name": entry.customer_name,
            "customer_id": entry.customer_id,
            "company_name": settings.company_name,
            "stage": stage.name,
            "today": today.isoformat(),
            "currency": entry.currency,
            "total_due": f"{listed_total.amount:,.{_places(listed_total)}f}",
            "invoices": [
                {
                    "number": i.number,
                    "issue_date": i.issue_date.isoformat(),
                    "due_date": i.due_date.isoformat() if i.due_date else "",
                    "days_overdue": i.days_overdue,
                    "currency": i.amount_due.currency,
                    "amount_due": f"{i.amount_due.amount:,.{_places(i.amount_due)}f}",
                }
                for i in listed
            ],
        }
        subject, text, html = _render(env, stage, context)
        emails.append(
            DunningEmail(
                tenant=tenant,
                customer_id=entry.customer_id,
                customer_name=entry.customer_name,
                to=entry.emails,
                stage=stage,
                invoices=listed,
                total_due=listed_total,
                subject=subject,
                text=text,
                html=html,
                key=f"{KIND}:{tenant}:{entry.customer_id}:{stage.name}:{digest}",
                key_digest=digest,
            )
        )
    return DunningPlan(today=today, tenant=tenant, emails=emails, skipped=skipped, worklist=worklist)


def _places(amount: Money) -> int:
    return max(-int(amount.amount.as_tuple().exponent), 0)


class _Closable(Protocol):
    def send(self, email: DunningEmail) -> dict[str, str]: ...

    def close(self) -> None: ...


def send_reminders(plan: DunningPlan, journal: Journal, sender: _Closable) -> DunningOutcome:
    """Send the plan's reminders, journaling each before and after; never resends a started or done one."""
    outcome = DunningOutcome()
    try:
        for email in plan.emails:
            existing = journal.journal_get(email.key)
            status = _field(existing, "status") if existing is not None else None
            if status in ("done", "started"):
                outcome.already.append((email, str(status)))
                continue
            journal.journal_record(
                email.key, kind=KIND, tenant=plan.tenant, status="started", request=email.journal_request()
            )
            try:
                response = sender.send(email)
            except ArsyncError as exc:
                journal.journal_record(email.key, kind=KIND, tenant=plan.tenant, status="failed", error=exc.message)
                outcome.failed.append((email, exc.message))
                if isinstance(exc, FatalError):  # a refused login fails every message alike: stop here
                    rest = plan.emails[plan.emails.index(email) + 1 :]
                    outcome.failed.extend((other, f"not attempted: {exc.message}") for other in rest)
                    break
                continue
            journal.journal_record(email.key, kind=KIND, tenant=plan.tenant, status="done", response=response)
            outcome.sent.append(email)
    finally:
        sender.close()
    return outcome
