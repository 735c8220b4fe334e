"""Registration, login, logout, password reset."""

from __future__ import annotations

import logging
import re

from sqlalchemy import select

from quiz_app.auth.models import Role, User
from quiz_app.extensions import db
from quiz_app.mail.models import OutboxMessage

from ..factories import PASSWORD

VALID = {
    "full_name": "Иванов Иван Иванович",
    "company": "ООО «Внедрение»",
    "email": "Ivan@Example.com",
    "phone": "8 (912) 345-67-89",
    "password": "s3cret-pass",
    "confirm": "s3cret-pass",
}


def test_wtforms_messages_follow_the_chosen_language(client):
    bad = dict(VALID, email="not-an-email", full_name="")
    russian = client.post("/auth/register", data=bad).get_data(as_text=True)
    assert "Обязательное поле." in russian
    client.get("/lang/en")
    english = client.post("/auth/register", data=bad).get_data(as_text=True)
    assert "This field is required." in english
    assert "Invalid email address." in english
    assert "Неверный адрес электронной почты." not in english


def test_wtforms_catalogue_is_read_once_per_language(client, monkeypatch):
    """Parsing the catalogue again on every request cost up to a millisecond of each page."""
    import gettext

    from quiz_app import forms

    parsed = []
    real_parse = gettext.GNUTranslations._parse

    def counting_parse(self, fp):
        parsed.append(getattr(fp, "name", ""))
        return real_parse(self, fp)

    monkeypatch.setattr(gettext.GNUTranslations, "_parse", counting_parse)
    forms.wtforms_messages.cache_clear()
    bad = dict(VALID, email="not-an-email")
    for _ in range(3):
        assert "Неверный адрес" in client.post("/auth/register", data=bad).get_data(as_text=True)
    assert len([name for name in parsed if name.endswith("wtforms.mo")]) == 1


def test_register_creates_candidate_and_logs_in(client):
    response = client.post("/auth/register", data=VALID)
    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert user.email == "ivan@example.com"
    assert user.phone == "+79123456789"
    assert user.role == Role.CANDIDATE
    assert user.password_hash != VALID["password"]
    assert user.check_password(VALID["password"])
    assert "Иванов Иван Иванович" in client.get("/").get_data(as_text=True)


def test_register_reports_each_bad_field(client):
    data = dict(VALID, email="not-an-email", phone="12", password="short", confirm="other")
    response = client.post("/auth/register", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Неверный адрес электронной почты." in page  # WTForms' own message, in Russian
    assert "Укажите телефон" in page or "Такого номера телефона не существует" in page
    assert "Пароли не совпадают" in page
    assert db.session.scalar(select(User)) is None


def test_register_refuses_taken_email(client, factory):
    factory.user(email="ivan@example.com")
    response = client.post("/auth/register", data=VALID)
    assert response.status_code == 400
    assert "Этот email уже зарегистрирован" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(User)).all()) == 1


def test_login_and_logout(client, candidate):
    response = client.post(
        "/auth/login", data={"email": "CANDIDATE@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert candidate.full_name in client.get("/").get_data(as_text=True)
    client.post("/auth/logout")
    assert candidate.full_name not in client.get("/").get_data(as_text=True)


def test_login_wrong_password(client, candidate):
    response = client.post("/auth/login", data={"email": candidate.email, "password": "nope"})
    assert response.status_code == 400
    assert "Неверный email или пароль" in response.get_data(as_text=True)


def test_login_next_only_follows_local_paths(client, candidate):
    data = {"email": candidate.email, "password": PASSWORD}
    local = client.post("/auth/login?next=/exam/", data=data)
    assert local.headers["Location"] == "/exam/"
    client.post("/auth/logout")
    remote = client.post("/auth/login?next=//evil.example/", data=data)
    assert remote.headers["Location"] == "/"


def test_password_reset_via_the_mailed_link(client, candidate, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post("/auth/reset", data={"email": candidate.email})
    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "password_reset"))
    assert message.to_address == candidate.email
    token = re.search(r"/auth/reset/(\S+)", message.text_body).group(1)
    assert token not in caplog.text  # the token is as good as the password: never logged
    form = {"password": "brand-new-pass", "confirm": "brand-new-pass"}
    assert client.post(f"/auth/reset/{token}", data=form).status_code == 302
    db.session.refresh(candidate)
    assert candidate.check_password("brand-new-pass")
    reused = client.post(f"/auth/reset/{token}", data=form, follow_redirects=True)
    assert "недействительна или устарела" in reused.get_data(as_text=True)


def test_password_reset_does_not_reveal_accounts(client, caplog):
    with caplog.at_level(logging.WARNING, logger="quiz_app.auth.services"):
        response = client.post(
            "/auth/reset", data={"email": "nobody@example.com"}, follow_redirects=True
        )
    assert "Если такой аккаунт есть" in response.get_data(as_text=True)
    assert "password reset token" not in caplog.text


def test_forged_reset_token_refused(client):
    response = client.get("/auth/reset/forged.token.value", follow_redirects=True)
    assert "недействительна или устарела" in response.get_data(as_text=True)
