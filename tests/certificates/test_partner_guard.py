"""Every partner route is guarded in one place: anonymous, candidate, revoked, expired, partner."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quiz_app.certificates import services

from ..factories import pass_exam


def partner_urls(app, *, with_ids: bool = True) -> list[str]:
    """Every GET URL of the partner area, its sections included; ids filled in as 1.

    The gate answers before any view runs, so an id that names nothing still shows whether
    the gate let the request through. Pages that should answer 200 are asked for without ids.
    """
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("partner.") and "GET" in rule.methods:
            if rule.arguments and not with_ids:
                continue
            urls.append(re.sub(r"<[^>]+>", "1", rule.rule))
    assert urls, "the partner blueprint has no routes"
    return urls


@pytest.fixture
def certified(factory, frozen_clock):
    user = factory.user(email="partner@example.com")
    pass_exam(user)
    return user


def test_anonymous_is_sent_to_login(app, client):
    for url in partner_urls(app):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]
        json = client.get(url, headers={"Accept": "application/json"})
        assert json.status_code == 401, url


def test_candidate_sees_what_certification_unlocks(app, client, login, factory):
    user = factory.user()
    pass_exam(user, correct=93)
    login(user)
    for url in partner_urls(app):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 403, url
        assert "Партнёрский кабинет откроется после сертификации" in page
        assert "Ваш лучший результат: 93 балла" in page
        assert 'href="/exam/"' in page
        json = client.get(url, headers={"Accept": "application/json"})
        assert json.status_code == 403
        assert json.is_json


def test_certified_partner_and_admin_get_in(app, client, login, certified, factory):
    for user in (certified, factory.admin()):
        login(user)
        for url in partner_urls(app, with_ids=False):
            assert client.get(url).status_code == 200, (user.email, url)


def test_revoked_partner_is_locked_out_until_next_pass(app, client, login, certified, factory):
    certificate = services.current(certified)
    services.revoke(certificate, "Жалобы клиентов", by=factory.admin())
    login(certified)
    for url in partner_urls(app):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "отозван" in response.get_data(as_text=True)
    pass_exam(certified)
    for url in partner_urls(app, with_ids=False):
        assert client.get(url).status_code == 200, url
    assert services.current(certified).id != certificate.id


def test_expired_partner_is_locked_out(app, client, login, certified, frozen_clock):
    login(certified)
    frozen_clock.advance(timedelta(days=365))
    for url in partner_urls(app):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Срок действия сертификата" in response.get_data(as_text=True)


def test_home_lists_the_sections(client, login, certified):
    login(certified)
    page = client.get("/partner/").get_data(as_text=True)
    for section in (
        "Входящие заявки",
        "Сертификат",
        "Договор",
        "Аккаунты клиентов",
        "Магазин",
        "Тарифы",
    ):
        assert section in page
