"""Dunning against a real SMTP server (aiosmtpd with STARTTLS and login) and a real state store."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from arsync.collections.dunning import plan_dunning, send_reminders
from arsync.collections.mailer import SmtpSender
from arsync.collections.notes import CollectionNote, load_notes, record_note
from arsync.collections.settings import CollectionsSettings, SmtpSettings
from arsync.errors import ConfigError
from arsync.ledgerfiles.snapshot import LedgerSnapshot
from arsync.state.store import StateStore

from .conftest import SMTP_PASSWORD, SMTP_USER, TODAY, SmtpServer

TENANT = "ledger.csv"


def _settings(server: SmtpServer, password: str | None = SMTP_PASSWORD) -> CollectionsSettings:
    return CollectionsSettings(
        smtp=SmtpSettings(
            host=server.host,
            port=server.port,
            starttls=True,
            username=SMTP_USER,
            password=password,
            ca_file=server.ca_file,
            timeout=10,  # type: ignore[arg-type]
        ),
        from_address="ar@seller.example",
        company_name="Seller Inc.",
    )


def _run(ledger: LedgerSnapshot, state: StateStore, settings: CollectionsSettings):  # type: ignore[no-untyped-def]
    plan = plan_dunning(
        ledger, TODAY, settings, tenant=TENANT, notes=load_notes(state, TENANT, settings), journal=state
    )
    return plan, send_reminders(plan, state, SmtpSender(settings))


def test_each_overdue_customer_gets_one_email_at_the_right_stage_with_its_invoices_and_total(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    _, outcome = _run(ledger, state, _settings(smtp_server))

    inbox = smtp_server.inbox
    assert sorted(r for rs in inbox.recipients for r in rs) == [
        "ap@alder.example",
        "ap@cedar.example",
        "pay@birch.example",
    ]
    assert len(outcome.sent) == 3

    (alder,) = inbox.to("ap@alder.example")
    assert alder["Subject"].startswith("Friendly reminder")
    body = alder.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "INV-101" in body and "USD 100.00" in body
    assert "INV-102" not in body  # not yet due
    assert "Total due: USD 100.00" in body

    (birch,) = inbox.to("pay@birch.example")
    assert birch["Subject"] == "Final notice: USD 350.00 seriously overdue"  # 50 days overdue: stage 3 (45+)
    text = birch.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "INV-201" in text and "USD 250.50" in text
    assert "INV-202" in text and "USD 99.50" in text
    assert "Total due: USD 350.00" in text
    html = birch.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "Birch Bakery &lt;Ltd&gt;" in html  # the customer's name is escaped, not markup
    assert 'name="viewport"' in html


def test_elm_with_unapplied_cash_is_not_chased_and_says_why(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    plan, _ = _run(ledger, state, _settings(smtp_server))
    assert smtp_server.inbox.to("ap@elm.example") == []
    (skip,) = [s for s in plan.skipped if s.customer_id == "elm"]
    assert "unapplied" in skip.reason


def test_a_rerun_sends_nothing_new(smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot) -> None:
    settings = _settings(smtp_server)
    _run(ledger, state, settings)
    first = len(smtp_server.inbox.messages)

    plan, outcome = _run(ledger, state, settings)

    assert len(smtp_server.inbox.messages) == first
    assert plan.emails == []
    assert outcome.sent == []


def test_a_resent_plan_is_refused_by_the_journal(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    settings = _settings(smtp_server)
    plan = plan_dunning(ledger, TODAY, settings, tenant=TENANT, journal=state)
    send_reminders(plan, state, SmtpSender(settings))
    count = len(smtp_server.inbox.messages)

    outcome = send_reminders(plan, state, SmtpSender(settings))  # the very same plan, sent again

    assert len(smtp_server.inbox.messages) == count
    assert [status for _, status in outcome.already] == ["done"] * count


def test_an_invoice_reaching_the_next_stage_gets_the_next_email_once(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    settings = _settings(smtp_server)
    _run(ledger, state, settings)
    later = TODAY + dt.timedelta(days=5)  # Alder's INV-101 is now 15 days overdue; Dune's invoice 4 days
    plan = plan_dunning(ledger, later, settings, tenant=TENANT, journal=state)
    assert sorted((e.customer_id, e.stage.name) for e in plan.emails) == [
        ("alder", "second-notice"),
        ("dune", "reminder"),
    ]


def test_a_customer_on_hold_gets_nothing(smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot) -> None:
    record_note(state, TENANT, CollectionNote(kind="hold", customer_id="cedar", reason="payment plan agreed"))

    plan, _ = _run(ledger, state, _settings(smtp_server))

    assert smtp_server.inbox.to("ap@cedar.example") == []
    assert len(smtp_server.inbox.messages) == 2
    (skip,) = [s for s in plan.skipped if s.customer_id == "cedar"]
    assert "payment plan agreed" in skip.reason


def test_a_disputed_invoice_is_left_out_of_the_reminder(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    record_note(
        state, TENANT, CollectionNote(kind="dispute", customer_id="birch", invoice="INV-201", reason="damaged goods")
    )

    _run(ledger, state, _settings(smtp_server))

    (birch,) = smtp_server.inbox.to("pay@birch.example")
    text = birch.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "INV-201" not in text
    assert "Total due: USD 99.50" in text
    assert birch["Subject"].startswith("Second notice")


def test_a_promise_to_pay_holds_reminders_until_its_date(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    record_note(state, TENANT, CollectionNote(kind="promise", customer_id="alder", until=TODAY, amount="100.00"))
    _run(ledger, state, _settings(smtp_server))
    assert smtp_server.inbox.to("ap@alder.example") == []


def test_a_wrong_smtp_password_fails_without_sending_and_without_showing_the_password(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    _, outcome = _run(ledger, state, _settings(smtp_server, password="wrong-password-123"))
    assert smtp_server.inbox.messages == []
    assert outcome.sent == []
    assert outcome.failed and all("wrong-password-123" not in error for _, error in outcome.failed)
    # nothing is marked sent: a later run with the right password sends them
    _, retry = _run(ledger, state, _settings(smtp_server))
    assert len(retry.sent) == 3


def test_the_password_may_come_from_the_environment(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARSYNC_SMTP_PASSWORD", SMTP_PASSWORD)
    _, outcome = _run(ledger, state, _settings(smtp_server, password=None))
    assert len(outcome.sent) == 3


def test_journal_keeps_each_sent_reminder_with_its_invoices(
    smtp_server: SmtpServer, state: StateStore, ledger: LedgerSnapshot
) -> None:
    _run(ledger, state, _settings(smtp_server))
    entries = state.journal_entries(kind="dunning", tenant=TENANT)
    assert {e.status for e in entries} == {"done"}
    birch = next(e for e in entries if e.request and e.request["customer_id"] == "birch")
    assert birch.request is not None
    assert sum(Decimal(i["amount_due"]) for i in birch.request["invoices"]) == Decimal("350.00")


def test_a_missing_template_is_a_config_error_naming_the_stage(state: StateStore, ledger: LedgerSnapshot) -> None:
    settings = CollectionsSettings(stages=[{"name": "nudge", "days_overdue": 1, "template": "nope"}])  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="nudge"):
        plan_dunning(ledger, TODAY, settings, tenant=TENANT, journal=state)
