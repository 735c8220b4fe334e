"""The lead pages sit behind the partner area's own guard, like every page under /partner."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quiz_app.certificates import services as certificates

from ..factories import certify
from .conftest import fresh


@pytest.fixture
def urls(make_lead):
    lead = make_lead()
    return lead, ["/partner/leads/", "/partner/leads/mine", f"/partner/leads/{lead.id}"]


def test_every_lead_route_is_under_the_guard(app):
    rules = [
        rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("partner.leads.")
    ]
    assert rules
    for rule in rules:
        assert rule.rule.startswith("/partner/leads"), rule.rule


def test_anonymous_is_sent_to_login(client, urls):
    lead, pages = urls
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]
    response = client.post(f"/partner/leads/{lead.id}/take")
    assert response.status_code == 302
    assert fresh(lead).partner_id is None
    assert client.get("/partner/leads/", headers={"Accept": "application/json"}).status_code == 401


def test_candidate_without_certificate_is_locked_out(client, login, factory, urls):
    lead, pages = urls
    user = factory.user()
    login(user)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Партнёрский кабинет откроется после сертификации" in response.get_data(as_text=True)
    assert client.post(f"/partner/leads/{lead.id}/take").status_code == 403
    assert fresh(lead).partner_id is None


def test_revoked_partner_is_locked_out(client, login, partner, factory, urls):
    lead, _pages = urls
    certificates.revoke(certificates.current(partner), "Жалобы клиентов", by=factory.admin())
    login(partner)
    assert client.get("/partner/leads/").status_code == 403
    assert client.post(f"/partner/leads/{lead.id}/take").status_code == 403
    assert fresh(lead).partner_id is None


def test_certified_partner_and_admin_get_in(client, login, partner, factory, urls):
    _lead, pages = urls
    for user in (partner, factory.admin()):
        login(user)
        assert client.get(pages[0]).status_code == 200
        assert client.get(pages[1]).status_code == 200


def test_partner_home_links_to_the_pool(client, login, partner):
    login(partner)
    page = client.get("/partner/").get_data(as_text=True)
    assert 'href="/partner/leads/"' in page


def test_expired_certificate_locks_out(client, login, factory, frozen_clock, urls):
    user = factory.user(email="soon-expired@example.com")
    certify(user)
    login(user)
    assert client.get("/partner/leads/").status_code == 200
    frozen_clock.advance(timedelta(days=366))
    assert client.get("/partner/leads/").status_code == 403


def test_admin_may_look_but_not_take(client, login, factory, urls):
    lead, _pages = urls
    login(factory.admin())
    response = client.post(f"/partner/leads/{lead.id}/take", follow_redirects=True)
    assert "Заявки берут сертифицированные партнёры" in response.get_data(as_text=True)
    assert fresh(lead).partner_id is None
