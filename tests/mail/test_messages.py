"""Every kind of message, when it is sent, to whom, once, and how people turn some off."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from quiz_app.auth import services as auth
from quiz_app.exam import finishing
from quiz_app.exam import services as exam
from quiz_app.extensions import db
from quiz_app.mail import sender, transports
from quiz_app.mail.models import MailStatus, OutboxMessage
from quiz_app.partner.accounts.reminders import send_trial_reminders
from quiz_app.partner.contracts import services as contracts
from quiz_app.partner.leads import services as leads
from quiz_app.partner.leads.models import LeadSource
from quiz_app.partner.leads.validation import validate_lead
from quiz_app.partner.store import services as store
from quiz_app.partner.store.reminders import send_invoice_reminders
from quiz_app.reference.loader import current_reference

from ..contracts.helpers import COMPANY
from ..factories import PASSWORD, certify
from ..leads.conftest import lead_data
from ..store.conftest import open_account


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    db.session.rollback()
    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        statement = statement.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(statement))


def deliver():
    transport = transports.from_url(
        current_app.config["MAIL_URL"], current_app.config["MAIL_FILE_DIR"]
    )
    return sender.deliver_due(transport)


REGISTRATION = {
    "full_name": "Пётр Новиков",
    "company": "ООО Новое",
    "email": "new@example.com",
    "phone": "+79161112233",
    "password": PASSWORD,
    "confirm": PASSWORD,
    "consent": "y",
}


def test_registration_mails_a_link_that_confirms_the_address(client, smtp):
    assert client.post("/auth/register", data=REGISTRATION).status_code == 302
    assert "ещё не подтверждён" in client.get("/auth/account").get_data(as_text=True)
    deliver()
    [mail] = smtp.messages
    assert mail["To"] == "new@example.com"
    link = re.search(
        r"http://localhost(/auth/confirm/\S+)", mail.get_body(("plain",)).get_content()
    )
    client.get(link.group(1))
    assert "Адрес new@example.com подтверждён" in client.get("/auth/account").get_data(as_text=True)


def test_confirmation_resends_are_limited_per_account(client, smtp):
    client.post("/auth/register", data=REGISTRATION)
    for _ in range(3):
        client.post("/auth/account/confirm")
    page = client.get("/auth/account").get_data(as_text=True)
    assert "несколько раз за последний час" in page
    assert len(outbox("confirm_email")) == 3  # the first at registration, two resends


def test_reset_mail_is_limited_per_account(client, candidate, smtp):
    tokens = [auth.request_password_reset(candidate.email) for _ in range(5)]
    assert sum(t is not None for t in tokens) == 3
    assert len(outbox("password_reset")) == 3


def test_a_trial_ending_and_ended_is_mailed_once_each(factory, smtp, frozen_clock):
    partner = factory.user(email="partner@example.com")
    certify(partner)
    account = open_account(partner)
    frozen_clock.advance(timedelta(days=12))  # 14-day trial: 2 days left
    assert send_trial_reminders() == 1
    assert send_trial_reminders() == 0
    frozen_clock.advance(timedelta(days=3))
    assert send_trial_reminders() == 1
    assert [m.kind for m in outbox()[-2:]] == ["trial_ending", "trial_ended"]
    deliver()
    ending = next(m for m in smtp.messages if "заканчивается" in m["Subject"])
    assert account.company in ending["Subject"]
    assert ending["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/auth/unsubscribe/" in ending["List-Unsubscribe"]


def test_one_click_unsubscribe_stops_those_mails(client, factory, smtp, frozen_clock):
    partner = factory.user(email="partner@example.com")
    certify(partner)
    open_account(partner)
    frozen_clock.advance(timedelta(days=12))
    send_trial_reminders()
    deliver()
    header = smtp.messages[-1]["List-Unsubscribe"]
    url = "/auth/unsubscribe/" + header.split("/auth/unsubscribe/")[1].rstrip(">")
    assert client.get(url).status_code == 200  # a link scanner's GET changes nothing
    db.session.refresh(partner)
    assert partner.mail_reminders is True
    assert client.post(url).status_code == 200  # the mail client's one-click POST, no token
    db.session.refresh(partner)
    assert partner.mail_reminders is False
    frozen_clock.advance(timedelta(days=3))
    assert send_trial_reminders() == 0


def test_invoices_issued_due_and_overdue(app, factory, smtp, frozen_clock):
    partner = factory.user(email="partner@example.com")
    certify(partner)
    contracts.save_requisites(partner, COMPANY)
    contracts.generate(partner, app.config)
    account = open_account(partner)
    store.place_order(
        partner, account, current_reference(), "extended", 5, 12, 5_994_000, "k", app.config
    )
    [issued] = outbox("invoice_issued")
    assert issued.to_address == "partner@example.com"
    assert "59\u00a0940,00\u00a0₽" in issued.text_body
    frozen_clock.advance(timedelta(days=12))
    assert send_invoice_reminders() == 1
    frozen_clock.advance(timedelta(days=3))
    assert send_invoice_reminders() == 1
    assert send_invoice_reminders() == 0
    assert [m.kind for m in outbox()[-2:]] == ["invoice_due", "invoice_overdue"]


def test_a_lead_given_by_an_admin_is_mailed_to_the_partner(factory, smtp, frozen_clock):
    partner = factory.user(email="partner@example.com")
    certify(partner)
    lead = leads.create(validate_lead(lead_data(company="ООО Клиент")), LeadSource.SITE)
    leads.reassign(lead, partner, factory.admin())
    [notice] = outbox("lead_assigned")
    assert notice.to_address == "partner@example.com"
    assert "ООО Клиент" in notice.subject
    assert f"/partner/leads/{lead.id}" in notice.text_body


def test_an_attempt_closed_by_the_sweep_is_mailed(factory, smtp, frozen_clock):
    candidate = factory.user(email="late@example.com")
    attempt = exam.start_or_resume(candidate)
    frozen_clock.advance(timedelta(hours=2))
    assert finishing.finalize_expired() == 1
    [notice] = outbox("attempt_expired")
    assert notice.to_address == "late@example.com"
    assert f"/exam/attempts/{attempt.id}/result" in notice.text_body


def test_admins_who_asked_hear_of_mail_that_failed_for_good(factory, smtp, candidate):
    admin = factory.admin()
    admin.mail_admin_failures = True
    db.session.commit()
    smtp.answers.append("550 5.1.1 No such user")
    auth.request_password_reset(candidate.email)
    deliver()
    [notice] = outbox("mail_failed")
    assert notice.to_address == admin.email
    assert "550 5.1.1 No such user" in notice.text_body
    smtp.answers.append("550 5.1.1 Admin mailbox gone")
    deliver()
    assert len(outbox("mail_failed")) == 1  # no notice about a failed notice
    assert outbox("mail_failed")[0].status == MailStatus.FAILED


def test_without_mail_url_messages_become_eml_files_listed_for_admins(
    app, client, login, factory, candidate
):
    auth.request_password_reset(candidate.email)
    outcome = deliver()
    assert outcome.sent
    files = sorted(Path(app.config["MAIL_FILE_DIR"]).glob("*.eml"))
    assert files and b"Subject: =?utf-8?" in files[-1].read_bytes()
    login(factory.admin())
    page = client.get("/admin/mail").get_data(as_text=True)
    assert files[-1].name in page
    download = client.get(f"/admin/mail/files/{files[-1].name}")
    assert download.status_code == 200 and download.data == files[-1].read_bytes()
    download.close()


def test_admins_see_whether_an_address_is_confirmed(client, login, factory, smtp):
    person = factory.user(email="person@example.com")
    login(factory.admin())
    assert 'data-confirmed="no"' in client.get(f"/admin/people/{person.id}").get_data(as_text=True)
    person.email_confirmed_at = person.created_at
    db.session.commit()
    assert 'data-confirmed="yes"' in client.get(f"/admin/people/{person.id}").get_data(as_text=True)
