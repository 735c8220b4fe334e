"""The admin home page, and the admin guard on every statistics, people and audit route."""

from __future__ import annotations

import pytest

from quiz_app.admin import dashboard
from quiz_app.auth.models import Role, User
from quiz_app.extensions import db

GET_ROUTES = [
    "/admin/",
    "/admin/statistics",
    "/admin/statistics/exam.csv",
    "/admin/statistics/histogram.csv",
    "/admin/statistics/questions.csv",
    "/admin/statistics/options.csv",
    "/admin/statistics/questions/mail-05",
    "/admin/statistics/questions/mail-05/options.csv",
    "/admin/people",
    "/admin/people.csv",
    "/admin/people/{user}",
    "/admin/people/{user}/attempts.csv",
    "/admin/audit",
    "/admin/audit.csv",
]
POST_ROUTES = ["/admin/people/{user}/role"]


@pytest.fixture
def someone(factory):
    return factory.user(email="someone@example.com")


@pytest.mark.parametrize("route", GET_ROUTES + POST_ROUTES)
def test_anonymous_is_sent_to_login(client, someone, route):
    url = route.format(user=someone.id)
    response = (
        client.post(url, data={"action": "promote"}) if route in POST_ROUTES else client.get(url)
    )
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.PARTNER])
@pytest.mark.parametrize("route", GET_ROUTES)
def test_candidates_and_partners_get_403(client, login, factory, someone, role, route):
    login(factory.user(role=role))
    response = client.get(route.format(user=someone.id))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.PARTNER])
def test_non_admin_cannot_promote_anybody(client, login, factory, someone, role):
    user = factory.user(role=role)
    login(user)
    for target in (someone, user):
        response = client.post(f"/admin/people/{target.id}/role", data={"action": "promote"})
        assert response.status_code == 403
    db.session.rollback()
    assert db.session.get(User, user.id).role == role
    assert db.session.get(User, someone.id).role == Role.CANDIDATE


def test_admin_home_links_every_section_that_exists(app, client, login, factory):
    login(factory.admin())
    page = client.get("/admin/").get_data(as_text=True)
    for title, _text, endpoint in dashboard.SECTIONS:
        present = endpoint in app.view_functions
        assert (str(title) in page) is present, endpoint
    for link in ("/admin/statistics", "/admin/people", "/admin/audit", "/admin/certificates"):
        assert f'href="{link}"' in page


def test_sections_not_yet_built_are_skipped(app, client, login, factory, monkeypatch):
    monkeypatch.setattr(
        dashboard,
        "SECTIONS",
        (*dashboard.SECTIONS, ("Раздел из будущего", "Ещё не готов.", "admin.not_built_yet")),
    )
    login(factory.admin())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Раздел из будущего" not in response.get_data(as_text=True)


def test_admin_home_figures(client, login, factory):
    from ..factories import certify

    login(factory.admin())
    certify(factory.user(email="p@example.com"))
    factory.user(email="c@example.com")
    page = client.get("/admin/").get_data(as_text=True)
    figures = page.split('class="card admin-figures"')[1].split("</section>")[0]
    assert "<strong>1</strong> кандидат</p>" in figures
    assert "<strong>1</strong> партнёр</p>" in figures
    assert "<strong>1</strong> действующий сертификат</p>" in figures
