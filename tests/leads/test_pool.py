"""The open pool: untaken leads only, newest first, filtered by city and industry, paginated."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from quiz_app.partner.leads import services


@pytest.fixture
def three_per_page(app_config):
    app_config.update(LEADS_PER_PAGE=3)


def link(page: str, rel: str) -> str:
    (href,) = re.findall(rf'href="([^"]+)" rel="{rel}"', page)
    return html.unescape(href)


def companies(page: str) -> list[str]:
    return re.findall(r"<h2>(ООО [^<]+)</h2>", page)


def test_newest_first_across_pages(three_per_page, client, login, partner, make_lead, frozen_clock):
    for number in range(1, 6):
        make_lead(company=f"ООО Номер {number}")
        frozen_clock.advance(timedelta(minutes=1))
    login(partner)
    first = client.get("/partner/leads/").get_data(as_text=True)
    assert companies(first) == ["ООО Номер 5", "ООО Номер 4", "ООО Номер 3"]
    assert "Открытых заявок: 5" in first
    assert "Страница 1 из 2" in first
    # Pager links continue from the last lead shown (keyset), not from an offset.
    second = client.get(link(first, "next")).get_data(as_text=True)
    assert companies(second) == ["ООО Номер 2", "ООО Номер 1"]
    assert "Страница 2 из 2" in second and 'rel="next"' not in second
    back = client.get(link(second, "prev")).get_data(as_text=True)
    assert companies(back) == companies(first)
    assert "Страница 1 из 2" in back and 'rel="prev"' not in back
    # An old ?page=N link still works; a cursor that is not ours shows the first page.
    assert companies(client.get("/partner/leads/?page=2").get_data(as_text=True)) == [
        "ООО Номер 2",
        "ООО Номер 1",
    ]
    assert companies(client.get("/partner/leads/?page=9").get_data(as_text=True)) == []
    for bad in ("x", "1-0", "99999999999999999999-1", "-5-3", "1-99999999999999999999"):
        page = client.get(f"/partner/leads/?after={bad}&before={bad}")
        assert page.status_code == 200
        assert companies(page.get_data(as_text=True)) == companies(first)


def test_a_lead_arriving_between_pages_neither_repeats_nor_skips_one(
    three_per_page, client, login, partner, make_lead, frozen_clock
):
    for number in range(1, 7):
        make_lead(company=f"ООО Номер {number}")
        frozen_clock.advance(timedelta(minutes=1))
    login(partner)
    first = client.get("/partner/leads/").get_data(as_text=True)
    make_lead(company="ООО Свежая")  # an offset would now show Номер 4 again
    second = client.get(link(first, "next")).get_data(as_text=True)
    assert companies(second) == ["ООО Номер 3", "ООО Номер 2", "ООО Номер 1"]


def test_filters_by_city_and_industry(three_per_page, client, login, partner, make_lead):
    make_lead(company="ООО Казань Ритейл", city="Казань", industry="retail")
    make_lead(company="ООО Казань Айти", city="казань", industry="it")
    make_lead(company="ООО Омск Айти", city="Омск", industry="it")
    make_lead(company="ООО Казань Ритейл 2", city="Казань", industry="retail")
    make_lead(company="ООО Казань Ритейл 3", city="Казань", industry="retail")
    make_lead(company="ООО Казань Ритейл 4", city="Казань", industry="retail")
    login(partner)
    page = client.get("/partner/leads/?city=Казань&industry=it").get_data(as_text=True)
    assert companies(page) == ["ООО Казань Айти"]
    page = client.get("/partner/leads/?industry=it").get_data(as_text=True)
    assert set(companies(page)) == {"ООО Казань Айти", "ООО Омск Айти"}
    # The city list offers each city once, however it was typed.
    assert page.count('<option value="Казань"') == 1
    # Pager links keep the filter.
    page = client.get("/partner/leads/?city=Казань&industry=retail").get_data(as_text=True)
    following = link(page, "next")
    assert following.startswith(
        "/partner/leads/?city=%D0%9A%D0%B0%D0%B7%D0%B0%D0%BD%D1%8C&industry=retail&after="
    )
    assert companies(client.get(following).get_data(as_text=True)) == ["ООО Казань Ритейл"]


def test_unknown_filter_values_are_ignored(client, login, partner, make_lead):
    make_lead(company="ООО Любая")
    login(partner)
    page = client.get("/partner/leads/?industry=<script>&page=-3").get_data(as_text=True)
    assert companies(page) == ["ООО Любая"]


def test_taken_and_closed_leads_leave_the_pool(
    client, login, factory, partner, other_partner, make_lead
):
    taken = make_lead(company="ООО Взятая")
    spam = make_lead(company="ООО Спам")
    make_lead(company="ООО Свободная")
    services.take(taken.id, other_partner)
    services.close(spam, "lost", "Спам", factory.admin())
    login(partner)
    page = client.get("/partner/leads/").get_data(as_text=True)
    assert companies(page) == ["ООО Свободная"]
