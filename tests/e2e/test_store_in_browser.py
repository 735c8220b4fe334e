"""In Chromium: the order form's «Итого» follows plan, users and term as they change, and an
order confirmed right after a change is charged what the page shows. Without JavaScript the
«Пересчитать» button does it, and a confirmation of a changed form names the change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quiz_app.extensions import db
from quiz_app.partner.contracts import services as contracts
from quiz_app.partner.store.models import StoreOrder

from ..contracts.helpers import COMPANY, certified_partner
from ..factories import PASSWORD
from ..store.conftest import open_account

NBSP = "\u00a0"


def rub(amount: int) -> str:
    """A whole-rouble amount as the pages show it: 71 928,00 ₽."""
    return f"{amount:,}".replace(",", NBSP) + f",00{NBSP}₽"


@pytest.fixture
def shop(app, factory):
    partner = certified_partner(factory, "shop@example.com")
    contracts.save_requisites(partner, COMPANY)
    contracts.generate(partner, app.config)
    return partner, open_account(partner, plan="extended", users=5)


def sign_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("button", name="Выйти").wait_for()


def ordered() -> list[tuple]:
    db.session.rollback()
    return [
        tuple(row)
        for row in db.session.execute(
            select(StoreOrder.offer_id, StoreOrder.users, StoreOrder.months, StoreOrder.total)
        )
    ]


def total_of(page) -> str:
    return page.locator("[data-store-total]").inner_text()


def test_the_total_follows_the_form_and_is_what_gets_ordered(page, shop, shots):
    partner, account = shop
    sign_in(page, partner.email)
    page.goto(f"/partner/store/new?account={account.id}")
    assert total_of(page) == rub(999 * 5 * 12)
    assert page.get_by_role("button", name="Пересчитать").is_hidden()
    shots(page, "opened")

    page.fill("#users", "6")
    page.wait_for_function(
        "t => document.querySelector('[data-store-total]').textContent === t", arg=rub(999 * 6 * 12)
    )
    page.select_option("#months", "6")
    page.wait_for_function(
        "t => document.querySelector('[data-store-total]').textContent === t", arg=rub(999 * 6 * 6)
    )
    page.select_option("#offer_id", "professional")
    page.wait_for_function(
        "t => document.querySelector('[data-store-total]').textContent === t", arg=rub(1499 * 6 * 6)
    )
    assert page.get_by_text(f"{rub(1499)} × 6 × 6").is_visible()
    shots(page, "followed")

    # Impossible input: no total and no confirm button, and the reason is shown.
    page.fill("#users", "0")
    page.get_by_text("Число пользователей — от 1").wait_for()
    assert page.get_by_role("button", name="Подтвердить заказ").count() == 0
    page.fill("#users", "6")
    page.wait_for_function(
        "t => document.querySelector('[data-store-total]')?.textContent === t",
        arg=rub(1499 * 6 * 6),
    )

    page.get_by_role("button", name="Подтвердить заказ").click()
    page.get_by_text("оформлен").wait_for()
    shots(page, "ordered")
    assert ordered() == [("professional", 6, 6, 1499 * 6 * 6 * 100)]


def test_without_javascript_recalculate_and_a_named_change(browser, live_server, shop, shots):
    partner, account = shop
    context = browser.new_context(base_url=live_server, locale="ru-RU", java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        sign_in(page, partner.email)
        page.goto(f"/partner/store/new?account={account.id}")
        page.fill("#users", "6")
        assert total_of(page) == rub(999 * 5 * 12)  # nothing follows without the script

        page.get_by_role("button", name="Подтвердить заказ").click()
        message = page.get_by_role("alert").inner_text()
        assert (
            f"Вы изменили число пользователей: сумма заказа теперь {rub(999 * 6 * 12)}" in message
        )
        assert total_of(page) == rub(999 * 6 * 12)
        shots(page, "named-change")

        page.select_option("#months", "6")
        page.get_by_role("button", name="Пересчитать").click()
        assert total_of(page) == rub(999 * 6 * 6)
        page.get_by_role("button", name="Подтвердить заказ").click()
        page.get_by_text("оформлен").wait_for()
        assert ordered() == [("extended", 6, 6, 999 * 6 * 6 * 100)]
    finally:
        context.close()
