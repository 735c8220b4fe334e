"""The public /tariffs page: reading, searching, differences, currency and the calculator, all
through the query string, so everything works without JavaScript."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

NBSP = "\u00a0"


class Rows(HTMLParser):
    """The table rows a reader sees: a row is visible unless it or its tbody is `hidden`."""

    def __init__(self):
        super().__init__()
        self.visible: list[str] = []
        self.hidden: list[str] = []
        self.checked: list[str] = []
        self._tbody_hidden = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tbody":
            self._tbody_hidden = "hidden" in attributes
        elif tag == "tr" and "data-row" in attributes and "data-search" in attributes:
            hidden = self._tbody_hidden or "hidden" in attributes
            (self.hidden if hidden else self.visible).append(attributes["data-search"])
        elif tag == "input" and attributes.get("name") == "feature" and "checked" in attributes:
            self.checked.append(attributes["value"])


def rows(html: str) -> Rows:
    parser = Rows()
    parser.feed(html)
    return parser


def page(client, query: str = "") -> str:
    response = client.get(f"/tariffs/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_public_page_shows_plans_and_packages_side_by_side(client):
    html = page(client)
    for title in ("Базовый", "Расширенный", "Профессиональный", "Микро-бизнес", "Старт-ап"):
        assert f'<span class="offer-title">{title}</span>' in html
    assert f"499{NBSP}₽ за пользователя в месяц" in html
    assert f"1{NBSP}499{NBSP}₽ за пользователя в месяц" in html
    assert f"4{NBSP}999{NBSP}₽ в год, до 2 польз." in html
    assert f"14{NBSP}999{NBSP}₽ в год, до 5 польз." in html
    assert "Количество тригерров в аккаунте" in html
    assert "Супер-поля" in html and "Ключевые события" in html
    assert "Битрикс24" in html and f"11{NBSP}990" in html
    assert 'id="tariffs-form" class="tariffs-form card" method="get"' in html
    assert 'class="tariff-result' not in html  # nothing calculated until asked


def test_page_obeys_the_content_security_policy(client):
    response = client.get("/tariffs/")
    html = response.get_data(as_text=True)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html
    assert 'src="/static/js/tariffs.js"' in html and 'href="/static/css/reference.css"' in html


def test_navigation_links_to_the_reference(client):
    html = client.get("/tariffs/").get_data(as_text=True)
    assert '<a href="/tariffs/">Тарифы</a>' in html


def test_search_filters_features(client):
    found = rows(page(client, "?q=ОБЯЗАТЕЛЬНОСТЬ"))
    assert found.visible == [
        "обязательность полей в зависимости от этапа продаж управление продажами и лидами",
        "обязательность заполнения полей работа с потенциальными клиентами",
    ]
    assert len(found.hidden) > 100
    everything = rows(page(client))
    assert everything.hidden == [] and len(everything.visible) == len(found.hidden) + 2


def test_search_by_group_title_shows_the_group(client):
    found = rows(page(client, "?q=подписки"))
    assert len(found.visible) == 4
    assert all("подписки (периодические покупки)" in row for row in found.visible)


def test_only_differences_hides_rows_where_all_offers_agree(client):
    html = page(client, "?diff=1")
    found = rows(html)
    assert not any(row.startswith("карточки сделок и контактов") for row in found.visible)
    assert any(row.startswith("обязательность полей") for row in found.visible)
    assert any(row.startswith("карточки сделок и контактов") for row in found.hidden)
    # The API limit is 50 requests a second everywhere: hidden too.
    api_row = re.search(r"<tr data-row data-limit[^>]*>\s*<th[^>]*>Ограничение API", html)
    assert api_row and "hidden" in api_row.group(0)


def test_currency_switch(client):
    html = page(client, "?currency=UAH")
    assert f"2{NBSP}999{NBSP}₴ в год, до 2 польз." in html
    assert f"8{NBSP}999{NBSP}₴ в год, до 5 польз." in html
    assert "нет цены в UAH" in html  # plans: the seed prices them in roubles only
    assert '<option value="UAH" selected>' in html
    kzt = page(client, "?currency=kzt")
    assert f"46{NBSP}999{NBSP}₸ в год" in kzt and f"9{NBSP}499{NBSP}₸ за аккаунт" in kzt
    assert f"499{NBSP}000{NBSP}soʻm в год" in page(client, "?currency=UZS")


def test_unknown_currency_falls_back_to_roubles(client):
    html = page(client, "?currency=EUR")
    assert "Такой валюты в справочнике нет; цены показаны в RUB." in html
    assert f"499{NBSP}₽ за пользователя в месяц" in html


def test_calculator_answers_the_issue_example(client):
    query = "?offer=extended&users=7&months=12&feature=required-fields-by-stage&calc=1"
    html = page(client, query)
    assert 'data-total="8391600"' in html
    assert f"83{NBSP}916{NBSP}₽" in html
    assert f"999{NBSP}₽ × 7 польз. × 12 мес." in html
    assert 'data-best="extended"' in html
    assert "размер в источниках не указан" in html
    assert rows(html).checked == ["required-fields-by-stage"]
    assert '<input type="hidden" name="calc" value="1">' in html
    # Bitrix24 for comparison: Стандартный fits 7 users, 5 990 × 12 = 71 880 ₽.
    assert 'data-competitor-total="7188000"' in html


def test_calculator_for_a_package(client):
    html = page(client, "?offer=startup&users=5&months=12&calc=1")
    assert 'data-total="1499900"' in html
    assert f"За пользователя в месяц: 249,98{NBSP}₽" in html


def test_calculator_explains_what_cannot_be_bought(client):
    assert "Пакет рассчитан не больше чем на 2 пользователей." in page(
        client, "?offer=micro-business&users=3&months=12&calc=1"
    )
    assert "Этот вариант продаётся на сроки: 12, 24 мес." in page(
        client, "?offer=micro-business&users=1&months=6&calc=1"
    )
    uah = page(client, "?offer=basic&users=2&months=12&currency=UAH&calc=1")
    assert "В источнике нет цены «Базовый» в UAH." in uah
    assert 'data-best="micro-business"' in uah  # 2 999 ₴ a year for two


@pytest.mark.parametrize("users", ["abc", "0", "-3", "100001"])
def test_calculator_rejects_bad_user_counts(client, users):
    html = page(client, f"?offer=basic&users={users}&months=12&calc=1")
    assert "Укажите целое число от 1 до 100 000." in html


def test_unknown_features_are_dropped_with_a_note(client):
    html = page(client, "?feature=teleportation&feature=access-rights&calc=1")
    assert "Некоторых отмеченных функций в справочнике нет" in html
    assert rows(html).checked == ["access-rights"]


def test_english_interface(client):
    assert client.get("/tariffs/?lang=en").status_code == 200


def test_broken_reference_file_gives_a_503_page(app_config, tmp_path):
    from quiz_app import create_app

    broken = tmp_path / "tariffs.yaml"
    broken.write_text("plans: [\n", encoding="utf-8")
    app = create_app({**app_config, "TARIFF_REFERENCE_FILE": str(broken)})
    response = app.test_client().get("/tariffs/")
    assert response.status_code == 503
    assert "Справочник тарифов временно недоступен." in response.get_data(as_text=True)


def test_calculator_says_when_nothing_can_be_bought(client):
    # Six users: no package takes them, and plans have no price in hryvnias.
    html = page(client, "?offer=basic&users=6&months=12&currency=UAH&calc=1")
    assert "Подходящего варианта нет: проверьте число пользователей, срок и валюту." in html
    assert (
        "Без цены в этой валюте (в расчёт не вошли): Базовый, Расширенный, Профессиональный" in html
    )
