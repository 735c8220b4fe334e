"""Sign-ins that can be ended: a copied cookie dies with the session it was copied from."""

from __future__ import annotations

from sqlalchemy import select

from quiz_app.audit import AuditEntry
from quiz_app.auth import services, sessions
from quiz_app.auth.models import UserSession
from quiz_app.extensions import db

from ..exam.helpers import answer, items, start
from ..factories import PASSWORD

ACCOUNT = "/auth/account"


def form_login(client, user, remember: bool = False, agent: str = "pytest"):
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def copy_cookies(source, target, names=("session", "remember_token")):
    """What a thief with the victim's cookies would send."""
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)
    return target


def signed_in(client) -> bool:
    return client.get(ACCOUNT).status_code == 200


def new_client(app):
    return app.test_client()


def test_logout_ends_the_copied_cookie_too(app, client, candidate):
    form_login(client, candidate)
    thief = copy_cookies(client, new_client(app))
    assert signed_in(thief)
    client.post("/auth/logout")
    assert not signed_in(client)
    assert not signed_in(thief)


def test_logout_leaves_other_devices_signed_in(app, client, candidate):
    form_login(client, candidate)
    laptop = form_login(new_client(app), candidate)
    client.post("/auth/logout")
    assert signed_in(laptop)


def test_password_reset_ends_every_session_and_remember_cookie(app, client, candidate):
    form_login(client, candidate, remember=True)
    session_thief = copy_cookies(client, new_client(app), names=("session",))
    remember_thief = copy_cookies(client, new_client(app), names=("remember_token",))
    assert signed_in(session_thief) and signed_in(remember_thief)

    token = services.request_password_reset(candidate.email)
    reset = new_client(app).post(
        f"/auth/reset/{token}", data={"password": "a new password 1", "confirm": "a new password 1"}
    )
    assert reset.status_code == 302

    assert not signed_in(client)
    assert not signed_in(session_thief)
    assert not signed_in(remember_thief)


def test_password_change_keeps_this_device_only(app, client, candidate):
    form_login(client, candidate)
    other = form_login(new_client(app), candidate)
    response = client.post(
        "/auth/account/password",
        data={"current": PASSWORD, "password": "brand new secret", "confirm": "brand new secret"},
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other)


def test_password_change_needs_the_current_password(app, client, candidate):
    form_login(client, candidate)
    other = form_login(new_client(app), candidate)
    response = client.post(
        "/auth/account/password",
        data={"current": "not it", "password": "brand new secret", "confirm": "brand new secret"},
    )
    assert response.status_code == 400
    assert "Неверный текущий пароль" in response.get_data(as_text=True)
    assert signed_in(other)


def test_account_page_lists_devices_and_signs_out_the_others(app, client, candidate):
    form_login(client, candidate, agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0")
    phone = form_login(
        new_client(app),
        candidate,
        agent="Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Safari/604.1",
    )
    page = client.get(ACCOUNT).get_data(as_text=True)
    assert "Chrome, Windows" in page and "Safari, iOS" in page
    assert "(это устройство)" in page

    assert client.post("/auth/account/sessions/end-others").status_code == 302
    assert signed_in(client)
    assert not signed_in(phone)
    assert "Safari, iOS" not in client.get(ACCOUNT).get_data(as_text=True)


def test_admin_signs_a_person_out_everywhere(app, client, login, factory, candidate):
    victim = form_login(new_client(app), candidate, remember=True)
    admin = factory.admin()
    login(admin)
    response = client.post(f"/admin/people/{candidate.id}/sessions/end")
    assert response.status_code == 302
    assert not signed_in(victim)
    fresh = copy_cookies(victim, new_client(app), names=("remember_token",))
    assert not signed_in(fresh)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.sign_out_everywhere")
    )
    assert entry.actor_id == admin.id and entry.target_id == str(candidate.id)


def test_the_answer_save_refuses_an_ended_session(app, client, candidate):
    form_login(client, candidate)
    attempt = start(client)
    item = items(attempt)[0]
    thief = copy_cookies(client, new_client(app))
    assert answer(thief, attempt.id, item.question_id, item.option_order[0]).status_code == 200
    client.post("/auth/logout")
    refused = answer(thief, attempt.id, item.question_id, item.option_order[1])
    assert refused.status_code in (302, 401)
    assert items(attempt)[0].chosen_option == item.option_order[0]


def test_a_cookie_naming_an_account_id_is_not_a_sign_in(app, client, candidate):
    # The format before sign-ins had rows: a bare account id, valid forever once signed.
    with client.session_transaction() as session:
        session["_user_id"] = str(candidate.id)
    assert not signed_in(client)


def test_sign_in_rows_record_device_and_address(app, client, candidate):
    form_login(client, candidate, agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
    row = db.session.scalar(select(UserSession).where(UserSession.user_id == candidate.id))
    assert sessions.device(row.user_agent) == "Firefox, Linux"
    assert row.ip == "127.0.0.1" and row.ended_at is None
