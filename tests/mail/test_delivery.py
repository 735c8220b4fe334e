"""Mail through the outbox to a real SMTP server: once, retried, refused, never lost."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from quiz_app.auth import services as auth
from quiz_app.extensions import db
from quiz_app.mail import outbox, sender, transports
from quiz_app.mail.models import MailStatus, OutboxMessage

from ..conftest import REAL_BANK
from ..factories import PASSWORD, certify
from ..scaleout.servers import server_env


def transport():
    return transports.from_url(current_app.config["MAIL_URL"], current_app.config["MAIL_FILE_DIR"])


def messages() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_reset_mail_arrives_and_its_link_works_once(app, client, smtp, candidate):
    assert client.post("/auth/reset", data={"email": candidate.email}).status_code == 302
    assert sender.deliver_due(transport()).sent
    [mail] = smtp.messages
    assert mail["To"] == candidate.email
    assert mail["Subject"] == "Сброс пароля"
    assert mail["Message-ID"].endswith("@example.com>")
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    link = re.search(r"http://localhost(/auth/reset/\S+)", text).group(1)
    assert link in html
    form = {"password": "a brand new one", "confirm": "a brand new one"}
    assert client.post(link, data=form).status_code == 302
    assert "недействительна" in client.post(link, data=form, follow_redirects=True).get_data(
        as_text=True
    )
    assert client.post("/auth/login", data={"email": candidate.email, "password": PASSWORD})


def test_english_readers_get_english_mail(app, client, smtp, candidate):
    client.get("/lang/en")
    client.post("/auth/reset", data={"email": candidate.email})
    sender.deliver_due(transport())
    assert smtp.messages[0]["Subject"] == "Reset password"


def test_the_certificate_mail_carries_the_pdf(app, smtp, factory, frozen_clock):
    holder = factory.user(email="holder@example.com", full_name="Орлова Мария")
    certificate = certify(holder)
    sender.deliver_due(transport())
    [mail] = smtp.messages
    assert certificate.number in mail["Subject"]
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{certificate.number}.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert f"/verify/{certificate.public_id}" in mail.get_body(("plain",)).get_content()


def test_a_temporary_refusal_is_retried_and_delivered_once(app, smtp, candidate, frozen_clock):
    smtp.answers.append("451 4.3.0 Try again later")
    auth.request_password_reset(candidate.email)
    first = sender.deliver_due(transport())
    assert first.retrying and not smtp.messages
    [waiting] = messages()
    assert waiting.status == MailStatus.PENDING and "451" in waiting.last_error
    assert not sender.deliver_due(transport()).sent  # not due before its backoff
    frozen_clock.advance(timedelta(minutes=2))
    assert sender.deliver_due(transport()).sent
    frozen_clock.advance(timedelta(hours=1))
    sender.deliver_due(transport())
    assert len(smtp.messages) == 1
    assert messages()[0].status == MailStatus.SENT


def test_a_permanent_refusal_fails_at_once_and_shows_to_admins(
    app, client, login, factory, smtp, candidate
):
    smtp.answers.append("550 5.1.1 No such user here")
    auth.request_password_reset(candidate.email)
    assert sender.deliver_due(transport()).failed
    [failed] = messages()
    assert failed.status == MailStatus.FAILED and failed.attempts == 1
    login(factory.admin())
    page = client.get("/admin/mail").get_data(as_text=True)
    assert "550 5.1.1 No such user here" in page
    assert 'data-status="failed"' in page


def test_too_many_temporary_failures_end_in_failed(app, smtp, candidate, frozen_clock):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp.answers.extend(["421 busy", "452 full"])
    auth.request_password_reset(candidate.email)
    sender.deliver_due(transport())
    frozen_clock.advance(timedelta(hours=1))
    assert sender.deliver_due(transport()).failed
    assert "after 2 tries" in messages()[0].last_error


def test_an_unreachable_server_is_a_temporary_failure(app, app_config, candidate):
    app.config["MAIL_URL"] = "smtp://127.0.0.1:1"
    auth.request_password_reset(candidate.email)
    assert sender.deliver_due(transport()).retrying


def test_two_senders_at_once_deliver_each_message_once(app, smtp, factory):
    for n in range(20):
        auth.request_password_reset(factory.user(email=f"u{n}@example.com").email)

    def run():
        with app.app_context():
            sender.deliver_due(transport())
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(m["To"] for m in smtp.messages) == sorted(f"u{n}@example.com" for n in range(20))
    assert {m.status for m in messages()} == {MailStatus.SENT}


def test_a_rolled_back_event_sends_nothing(app, smtp, candidate):
    outbox.enqueue(
        "password_reset", candidate.email, "ru", name="x", reset_url="http://x/", minutes=60
    )
    db.session.rollback()
    assert not sender.deliver_due(transport()).sent
    assert smtp.messages == []


def test_a_bad_mail_url_says_what_is_wrong():
    import pytest

    for url, message in (
        ("http://mail.example.com", "must start with smtp:// or smtps://"),
        ("smtp://", "names no host"),
    ):
        with pytest.raises(ValueError, match=message):
            transports.from_url(url, "/tmp")


def test_the_password_never_reaches_descriptions():
    smtp = transports.from_url("smtp://user:s3cr%40t@mail.example.com:587?starttls=1", "/tmp")
    assert smtp.password == "s3cr@t"
    assert "s3cr" not in smtp.describe()
    assert smtp.describe() == "SMTP user@mail.example.com:587 (starttls)"


def test_a_killed_sender_loses_nothing(app, smtp, factory, database_url, signing_key_file):
    addresses = [f"k{n}@example.com" for n in range(5)]
    for address in addresses:
        auth.request_password_reset(factory.user(email=address).email)
    smtp.hold = True
    environment = {
        **os.environ,
        **server_env(database_url, signing_key_file, REAL_BANK),
        "MAIL_URL": smtp.url,
        "MAIL_CLAIM_SECONDS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "quiz_app", "send-mail"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert smtp.held.wait(timeout=60), process.stderr.read().decode()[-2000:]
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        process.stderr.close()
    states = [m.status for m in messages()]
    assert states.count(MailStatus.SENDING) == 1 and states.count(MailStatus.PENDING) == 4

    smtp.hold = False
    time.sleep(1.2)  # the killed sender's claim expires
    delivered = sender.deliver_due(transport())
    assert len(delivered.sent) == 5
    assert sorted(m["To"] for m in smtp.messages) == addresses
    assert {m.status for m in messages()} == {MailStatus.SENT}
