"""The partner's pages: the guard, the list and its flags, creating, the dashboard, isolation."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz_app import clock
from quiz_app.extensions import db
from quiz_app.partner.accounts import events, services
from quiz_app.partner.accounts.models import ClientAccount

from ..conftest import START

FORM = {
    "company": "ООО Ромашка",
    "contact_name": "Ирина Клиентова",
    "email": "irina@romashka.example",
    "phone": "8 916 123-45-67",
    "subdomain": "Romashka",
    "users_count": "7",
    "plan": "extended",
}


def page(response) -> str:
    return response.get_data(as_text=True)


def account_urls(account_id: int) -> list[tuple[str, str]]:
    base = f"/partner/accounts/{account_id}"
    return [("get", base), ("post", f"{base}/extend"), ("post", f"{base}/token")]


def test_the_section_is_linked_from_the_partner_home(client, login, partner):
    login(partner)
    assert 'href="/partner/accounts/"' in page(client.get("/partner/"))


def test_anonymous_and_uncertified_users_are_kept_out(client, login, factory, frozen_clock):
    for url in ("/partner/accounts/", "/partner/accounts/new", "/partner/accounts/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login(factory.user())
    for url in ("/partner/accounts/", "/partner/accounts/new"):
        assert client.get(url).status_code == 403
    assert client.post("/partner/accounts/new", data=FORM).status_code == 403
    assert db.session.scalar(select(ClientAccount)) is None


def test_creating_an_account_shows_its_token_once(client, login, partner):
    login(partner)
    assert client.get("/partner/accounts/new").status_code == 200
    response = client.post("/partner/accounts/new", data=FORM)
    assert response.status_code == 200
    text = page(response)
    token = re.search(r'id="api-token">(ca_[\w-]+)<', text).group(1)
    account = db.session.scalar(select(ClientAccount))
    assert account.subdomain == "romashka"
    assert account.phone == "+79161234567"
    assert account.users_count == 7
    assert account.partner_id == partner.id
    assert account.token_hash == hashlib.sha256(token.encode()).hexdigest()
    detail = page(client.get(f"/partner/accounts/{account.id}"))
    assert token not in detail
    assert account.token_prefix in detail


def test_each_bad_field_gets_its_own_message_and_nothing_is_saved(client, login, partner):
    login(partner)
    bad = {
        **FORM,
        "email": "не почта",
        "phone": "123",
        "subdomain": "рога и копыта",
        "users_count": "0",
        "plan": "gold",
        "company": "",
    }
    response = client.post("/partner/accounts/new", data=bad)
    assert response.status_code == 400
    text = page(response)
    assert "строчные латинские буквы" in text
    assert "От 1 до 10000 пользователей" in text
    assert text.count('class="error"') >= 6
    assert db.session.scalar(select(ClientAccount)) is None


def test_a_taken_subdomain_is_reported_on_the_form(
    client, login, partner, other_partner, make_account
):
    make_account(other_partner, subdomain="romashka")
    login(partner)
    response = client.post("/partner/accounts/new", data=FORM)
    assert response.status_code == 400
    assert "Поддомен «romashka» уже занят" in page(response)


def test_the_list_shows_only_the_partners_accounts(
    client, login, partner, other_partner, make_account
):
    make_account(partner, company="Ромашка А", subdomain="mine")
    make_account(other_partner, company="Чужая Компания", subdomain="theirs")
    login(partner)
    text = page(client.get("/partner/accounts/"))
    assert "Ромашка А" in text
    assert "Чужая Компания" not in text and "theirs" not in text


def test_the_list_flags_trials_ending_soon_and_quiet_accounts(client, login, partner, make_account):
    ending, _ = make_account(partner, company="Кончается")  # created at START
    clock.advance(timedelta(days=4))
    fresh, fresh_token = make_account(partner, company="Свежий")  # created day 4, ends day 18
    busy, busy_token = make_account(partner, company="Активный")
    clock.advance(timedelta(days=7))  # day 11
    # `busy` reports an event today; `fresh` reported its last one on day 4: 7 days ago
    events.record(busy, events.parse({"type": "login"}))
    day_four = (START + timedelta(days=4)).isoformat()
    events.record(fresh, events.parse({"type": "login", "occurred_at": day_four}))
    rows = {row.account.company: row for row in services.partner_accounts(partner)}
    assert rows["Кончается"].trial_ending_soon is True  # ends day 14, 3 days away
    assert rows["Свежий"].trial_ending_soon is False
    assert rows["Кончается"].inactive is True  # nothing since it was created 11 days ago
    assert rows["Свежий"].inactive is True  # last event 7 days ago
    assert rows["Активный"].inactive is False
    assert rows["Активный"].last_activity_at == START + timedelta(days=11)
    login(partner)
    text = page(client.get("/partner/accounts/"))
    assert "Пробный период скоро закончится: 1" in text
    assert "Нет активности 7 дней: 2" in text
    clock.advance(timedelta(days=3, seconds=1))  # `ending` has expired: no longer "ending soon"
    rows = {row.account.company: row for row in services.partner_accounts(partner)}
    assert rows["Кончается"].trial_ending_soon is False
    assert rows["Кончается"].inactive is False  # an expired trial is not nagged about


def test_a_brand_new_account_is_not_flagged_as_quiet(partner, make_account):
    make_account(partner)
    clock.advance(timedelta(days=6, hours=23))
    (row,) = services.partner_accounts(partner)
    assert row.inactive is False


def test_the_dashboard_shows_the_figures_for_the_chosen_period(
    client, login, partner, make_account
):
    account, _token = make_account(partner, company="Ромашка")
    clock.advance(timedelta(hours=1))  # 13:00 Moscow, Monday 2 March
    two_days_ago = (clock.now() - timedelta(days=2)).isoformat()
    payload = {
        "events": [
            {"type": "deal_created", "amount": 1_234_500, "stage": "Переговоры",
             "source": "Реклама <b>", "title": "Поставка №1"},
            {"type": "deal_won", "amount": 700_000, "stage": "Переговоры",
             "occurred_at": two_days_ago},
            {"type": "call_in", "duration": 90},
            {"type": "call_out", "duration": 30, "occurred_at": two_days_ago},
            {"type": "user_hours", "hours": 5},
        ]
    }  # fmt: skip
    events.record(account, events.parse(payload))
    login(partner)
    today = page(client.get(f"/partner/accounts/{account.id}?period=today"))
    assert "Ромашка" in today
    assert "12\u202f345\u00a0₽" in today  # the new deal's amount, in roubles
    assert 'amount-won">0\u00a0₽<' in today  # won two days ago: not today
    assert "<svg" in today and "Сделки по этапам" in today
    assert "Реклама &lt;b&gt;" in today and "Реклама <b>" not in today
    assert "Поставка №1" in today  # the events feed
    week = page(client.get(f"/partner/accounts/{account.id}?period=week"))
    assert 'amount-won">7\u202f000\u00a0₽<' in week
    assert "Звонки по дням" in week
    assert "5,0" in week  # usage hours this month
    # an unknown period falls back to the week instead of failing
    assert client.get(f"/partner/accounts/{account.id}?period=decade").status_code == 200
    feed = page(client.get(f"/partner/accounts/{account.id}?feed=call_in"))
    assert "1:30" in feed and "0:30" not in feed


def test_extending_from_the_page(client, login, partner, make_account):
    account, _token = make_account(partner)
    login(partner)
    response = client.post(f"/partner/accounts/{account.id}/extend", follow_redirects=True)
    assert "Пробный период продлён до 30 марта 2026" in page(response)
    response = client.post(f"/partner/accounts/{account.id}/extend", follow_redirects=True)
    assert "только один раз" in page(response)
    db.session.expire_all()
    assert db.session.get(ClientAccount, account.id).trial_ends_at == START + timedelta(days=28)


def test_regenerating_the_token_from_the_page(client, login, partner, make_account):
    account, old = make_account(partner)
    login(partner)
    response = client.post(f"/partner/accounts/{account.id}/token")
    assert response.status_code == 200
    new = re.search(r'id="api-token">(ca_[\w-]+)<', page(response)).group(1)
    assert new != old
    db.session.expire_all()
    assert services.authenticate(account.id, new) is not None
    assert services.authenticate(account.id, old) is None


@pytest.mark.parametrize("who", ["partner", "admin"])
def test_another_partners_account_is_404(client, login, partner, other_partner, make_account,
                                         factory, who):  # fmt: skip
    theirs, token = make_account(other_partner)
    login(partner if who == "partner" else factory.admin())
    for method, url in account_urls(theirs.id):
        assert getattr(client, method)(url).status_code == 404, url
    # nothing changed: the trial was not extended and the token still works
    db.session.expire_all()
    assert db.session.get(ClientAccount, theirs.id).extended is False
    assert services.authenticate(theirs.id, token) is not None


def test_a_missing_account_is_404(client, login, partner):
    login(partner)
    assert client.get("/partner/accounts/424242").status_code == 404
