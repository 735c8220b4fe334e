"""Admin: every partner's client accounts, the status filter, block and unblock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quiz_app import clock
from quiz_app.audit import AuditEntry
from quiz_app.extensions import db
from quiz_app.partner.accounts.models import AccountStatus, ClientAccount


def page(response) -> str:
    return response.get_data(as_text=True)


def test_only_admins_get_in(client, login, partner, make_account):
    account, _ = make_account(partner)
    login(partner)
    assert client.get("/admin/accounts").status_code == 403
    assert client.get(f"/admin/accounts/{account.id}").status_code == 403
    response = client.post(f"/admin/accounts/{account.id}", data={"reason": "Просто так"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(ClientAccount, account.id).status == AccountStatus.TRIAL


def test_the_list_covers_all_partners_and_filters_by_status(
    client, login, partner, other_partner, make_account, factory
):
    make_account(partner, company="Старая Ромашка", subdomain="old")
    clock.advance(timedelta(days=10))
    make_account(other_partner, company="Новый Лютик", subdomain="new")
    clock.advance(timedelta(days=5))  # the first trial has expired, the second runs
    login(factory.admin())
    everything = page(client.get("/admin/accounts"))
    assert "Старая Ромашка" in everything and "Новый Лютик" in everything
    assert "partner-b@example.com" in everything
    expired = page(client.get("/admin/accounts?status=expired"))
    assert "Старая Ромашка" in expired and "Новый Лютик" not in expired
    trial = page(client.get("/admin/accounts?status=trial"))
    assert "Новый Лютик" in trial and "Старая Ромашка" not in trial
    assert "Ничего не найдено" in page(client.get("/admin/accounts?status=blocked"))
    # an unknown filter shows everything rather than failing
    assert "Новый Лютик" in page(client.get("/admin/accounts?status=nonsense"))


def link(html_page: str, rel: str) -> str:
    import html
    import re

    (href,) = re.findall(rf'href="([^"]+)" rel="{rel}"', html_page)
    return html.unescape(href)


def test_the_list_pages_by_key_and_keeps_the_filter(
    client, login, partner, other_partner, make_account, factory, monkeypatch
):
    from quiz_app.partner.accounts import services

    monkeypatch.setattr(services, "ADMIN_PER_PAGE", 2)
    for number in range(1, 6):
        make_account(partner if number % 2 else other_partner, company=f"Клиент {number}")
        clock.advance(timedelta(minutes=1))
    login(factory.admin())
    first = page(client.get("/admin/accounts?status=trial"))
    assert "Клиент 5" in first and "Клиент 4" in first and "Клиент 3" not in first
    assert "Страница 1 из 3" in first and 'rel="prev"' not in first
    following = link(first, "next")
    assert following.startswith("/admin/accounts?status=trial&after=")
    second = page(client.get(following))
    assert "Клиент 3" in second and "Клиент 2" in second and "Клиент 4" not in second
    third = page(client.get(link(second, "next")))
    assert "Клиент 1" in third and 'rel="next"' not in third and "Страница 3 из 3" in third
    back = page(client.get(link(third, "prev")))
    assert "Клиент 3" in back and "Клиент 2" in back and "Страница 2 из 3" in back


def test_block_and_unblock_from_the_page(client, login, partner, make_account, factory):
    account, token = make_account(partner)
    admin = factory.admin()
    login(admin)
    url = f"/admin/accounts/{account.id}"
    response = client.post(url, data={"reason": ""})
    assert response.status_code == 400
    assert 'class="error"' in page(response)
    response = client.post(url, data={"reason": "Рассылка спама"}, follow_redirects=True)
    assert "заблокирован" in page(response)
    db.session.expire_all()
    assert db.session.get(ClientAccount, account.id).status == AccountStatus.BLOCKED
    # the partner sees why, and the API refuses the account's events
    login(partner)
    assert "Рассылка спама" in page(client.get(f"/partner/accounts/{account.id}"))
    refused = client.post(
        f"/api/v1/accounts/{account.id}/events",
        json={"type": "login"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 403
    login(admin)
    response = client.post(f"{url}/unblock", follow_redirects=True)
    assert "разблокирован" in page(response)
    db.session.expire_all()
    assert db.session.get(ClientAccount, account.id).status == AccountStatus.TRIAL
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["client_account.block", "client_account.unblock"]


def test_unknown_account_is_404(client, login, factory, frozen_clock):
    login(factory.admin())
    assert client.get("/admin/accounts/999").status_code == 404
    assert client.post("/admin/accounts/999/unblock").status_code == 404
