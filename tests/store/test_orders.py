"""Ordering in the browser: activate now, invoice with a due date, credit limit, PDFs."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from quiz_app import clock
from quiz_app.extensions import db
from quiz_app.partner.accounts import services as accounts
from quiz_app.partner.accounts.models import AccountStatus, ClientAccount
from quiz_app.partner.contracts import platform
from quiz_app.partner.store.models import Invoice, PartnerCredit, StoreOrder

from ..contracts.helpers import certified_partner
from .conftest import open_account


def order_form(account, **overrides) -> dict:
    """Расширенный, 5 users, 12 months: 999 × 5 × 12 = 59 940 ₽."""
    data = {
        "account_id": account.id,
        "offer_id": "extended",
        "users": 5,
        "months": 12,
        "quoted_total": "5994000",
        "request_key": f"key-{account.id}-{overrides.get('months', 12)}",
        "confirm": "1",
    }
    data.update(overrides)
    return data


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def unpaid_total(partner) -> int:
    db.session.rollback()
    return (
        db.session.scalar(
            select(PartnerCredit.unpaid_total).where(PartnerCredit.partner_id == partner.id)
        )
        or 0
    )


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_confirmed_order_activates_the_account_and_issues_an_invoice(
    client, login, partner, account
):
    login(partner)
    response = client.post("/partner/store/new", data=order_form(account))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Заказ ORD-2026-000001 оформлен" in page
    assert "активен до 2 марта 2027" in page
    assert "Счёт INV-2026-000001 нужно оплатить до 16 марта 2026 включительно." in page
    assert "Не оплачен" in page

    db.session.rollback()
    refreshed = db.session.get(ClientAccount, account.id)
    assert refreshed.status == AccountStatus.ACTIVE
    assert refreshed.active_until == datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    assert (refreshed.plan, refreshed.users_count) == ("extended", 5)
    invoice = db.session.scalar(select(Invoice))
    assert invoice.amount == 5_994_000
    assert invoice.status == "unpaid"
    assert unpaid_total(partner) == 5_994_000


def test_renewal_extends_from_the_end_of_the_paid_period(client, login, partner, account):
    login(partner)
    client.post("/partner/store/new", data=order_form(account))
    client.post(
        "/partner/store/new",
        data=order_form(account, months=6, quoted_total="2997000", request_key="second"),
    )
    db.session.rollback()
    assert db.session.get(ClientAccount, account.id).active_until == datetime(
        2027, 9, 2, 9, 0, tzinfo=UTC
    )
    assert count(StoreOrder) == 2


def test_the_store_needs_a_contract(client, login, factory):
    user = certified_partner(factory, "nocontract@example.com")
    victim = open_account(user)
    login(user)
    page = client.get("/partner/store/new").get_data(as_text=True)
    assert "сначала сформируйте партнёрский договор" in page
    assert 'href="/partner/contracts/"' in page
    assert 'href="/partner/contracts/"' in client.get("/partner/store/").get_data(as_text=True)
    response = client.post("/partner/store/new", data=order_form(victim))
    assert response.status_code == 400
    assert count(StoreOrder) == 0
    db.session.rollback()
    assert db.session.get(ClientAccount, victim.id).status == AccountStatus.TRIAL


def test_without_accounts_the_store_says_so(client, login, partner):
    login(partner)
    page = client.get("/partner/store/new").get_data(as_text=True)
    assert "нет аккаунтов клиентов" in page


def test_a_changed_form_is_priced_again_and_named_instead_of_ordered(
    client, login, partner, account
):
    """Without JavaScript: users changed from 5 to 6 and «Подтвердить» pressed at once."""
    login(partner)
    response = client.post(
        "/partner/store/new",
        data=order_form(account, users=6, quoted_total="5994000", quoted_for="extended|5|12"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Вы изменили число пользователей: сумма заказа теперь 71\u00a0928,00\u00a0₽" in page
    assert "прайс-лист" not in page
    assert 'name="quoted_for" type="hidden" value="extended|6|12"' in page
    assert count(StoreOrder) == 0

    both = client.post(
        "/partner/store/new",
        data=order_form(account, offer_id="professional", months=6, quoted_for="extended|5|12"),
    ).get_data(as_text=True)
    assert "Вы изменили тариф и срок:" in both

    # Confirmed again with what the page now shows: ordered.
    again = client.post(
        "/partner/store/new",
        data=order_form(account, users=6, quoted_total="7192800", quoted_for="extended|6|12"),
    )
    assert again.status_code == 302
    assert count(StoreOrder) == 1


def test_a_changed_price_list_is_named_as_such(client, login, partner, account):
    """The same parameters as shown, but the total shown is not today's price."""
    login(partner)
    response = client.post(
        "/partner/store/new",
        data=order_form(account, quoted_total="5000000", quoted_for="extended|5|12"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert (
        "Изменился прайс-лист: сумма заказа была 50\u00a0000,00\u00a0₽, "
        "теперь 59\u00a0940,00\u00a0₽" in page
    )
    assert "Вы изменили" not in page
    assert count(StoreOrder) == 0


def test_the_quote_endpoint_prices_like_the_order_page(client, login, partner, account):
    login(partner)
    data = client.get(
        "/partner/store/quote", query_string={"offer_id": "professional", "users": 3, "months": 6}
    ).get_json()
    page = client.post(
        "/partner/store/new",
        data={
            "account_id": account.id,
            "offer_id": "professional",
            "users": 3,
            "months": 6,
            "calculate": "1",
        },
    ).get_data(as_text=True)
    assert f'name="quoted_total" type="hidden" value="{data["total"]}"' in page
    assert data["quoted_for"] == "professional|3|6"
    assert "Итого" in data["html"] and "Подтвердить заказ" in data["html"]
    total_cell = data["html"].split("data-store-total>")[1].split("<")[0]
    assert total_cell in page

    for query, message in [
        ({"offer_id": "professional", "users": "", "months": 6}, "Укажите число пользователей."),
        ({"offer_id": "professional", "users": "три", "months": 6}, "Введите целое число."),
        ({"offer_id": "nope", "users": 3, "months": 6}, "Выберите тариф из списка."),
        ({"offer_id": "professional", "users": 0, "months": 6}, "Число пользователей — от 1"),
    ]:
        refused = client.get("/partner/store/quote", query_string=query)
        assert refused.status_code == 200
        body = refused.get_json()
        assert body["total"] is None and body["quoted_for"] == ""
        assert message in body["html"]
        assert "Подтвердить заказ" not in body["html"]


def test_a_double_submit_orders_once(client, login, partner, account):
    login(partner)
    first = client.post("/partner/store/new", data=order_form(account, request_key="same"))
    second = client.post("/partner/store/new", data=order_form(account, request_key="same"))
    assert first.headers["Location"] == second.headers["Location"]
    assert count(StoreOrder) == 1
    assert unpaid_total(partner) == 5_994_000


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"users": "0"}, "Число пользователей — от 1 до 100000."),
        ({"users": "много"}, "Введите целое число."),
        ({"offer_id": "micro-business", "months": 6, "users": 2}, "продаётся на срок 12, 24 мес."),
        ({"offer_id": "startup", "users": 6}, "рассчитан не больше чем на 5 польз."),
    ],
)
def test_invalid_orders_are_refused_by_field(client, login, partner, account, changes, message):
    login(partner)
    response = client.post("/partner/store/new", data=order_form(account, **changes))
    assert response.status_code in (200, 400)
    assert message in response.get_data(as_text=True)
    assert count(StoreOrder) == 0


def test_a_blocked_account_cannot_be_paid(client, login, partner, account, factory):
    accounts.block(account, factory.admin(), "Нарушение правил")
    login(partner)
    response = client.post("/partner/store/new", data=order_form(account))
    assert response.status_code == 400
    assert "заблокирован" in response.get_data(as_text=True)
    assert count(StoreOrder) == 0
    assert unpaid_total(partner) == 0


def test_credit_limit_refuses_with_the_excess(app, client, login, partner, account):
    app.config["PARTNER_CREDIT_LIMIT"] = 10_000_000  # 100 000 ₽
    second = open_account(partner)
    login(partner)
    assert client.post("/partner/store/new", data=order_form(account)).status_code == 302
    response = client.post("/partner/store/new", data=order_form(second))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    # 59 940 ₽ unpaid + 59 940 ₽ ordered − 100 000 ₽ limit = 19 880 ₽ over.
    assert "Заказ превышает кредитный лимит на 19\u00a0880,00\u00a0₽" in page
    assert (
        "лимит 100\u00a0000,00\u00a0₽, не оплачено 59\u00a0940,00\u00a0₽, "
        "заказ на 59\u00a0940,00\u00a0₽" in page
    )
    assert count(StoreOrder) == 1
    assert unpaid_total(partner) == 5_994_000
    db.session.rollback()
    assert db.session.get(ClientAccount, second.id).status == AccountStatus.TRIAL
    # A smaller order that fits goes through: 999 × 3 × 12 = 35 964 ₽ ≤ 40 060 ₽ left.
    fitting = order_form(second, users=3, quoted_total="3596400", request_key="fits")
    assert client.post("/partner/store/new", data=fitting).status_code == 302


def test_invoice_becomes_overdue_after_its_last_day(client, login, partner, account):
    login(partner)
    client.post("/partner/store/new", data=order_form(account))
    # Issued 2 March 12:00 Moscow time; 14 days to pay: up to 16 March inclusive.
    clock.advance(timedelta(days=14, hours=11, minutes=59))  # 16 March 23:59 Moscow
    assert "Не оплачен" in client.get("/partner/store/").get_data(as_text=True)
    clock.advance(timedelta(minutes=1))  # 17 March 00:00 Moscow
    page = client.get("/partner/store/").get_data(as_text=True)
    assert "Просрочен" in page
    db.session.rollback()
    assert db.session.scalar(select(Invoice)).current_status == "overdue"


def test_invoice_pdf_carries_the_order_and_both_parties(app, client, login, partner, account):
    login(partner)
    client.post("/partner/store/new", data=order_form(account))
    db.session.rollback()
    invoice = db.session.scalar(select(Invoice))
    response = client.get(f"/partner/store/invoices/{invoice.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    operator = platform.load(app.config).requisites
    for expected in (
        "Счёт на оплату № INV-2026-000001 от 2 марта 2026 г.",
        "Партнёрский договор № PD-2026-000001",
        "ПАО «Сбербанк России»",
        "ИНН 7707083893",
        operator.inn,
        operator.bik,
        operator.settlement_account,
        operator.correspondent_account,
        "«Расширенный», 5 польз., 12 мес.",
        account.subdomain,
        "59 940,00 ₽",
        "Оплатить не позднее 16 марта 2026 г. включительно",
    ):
        assert expected in text, expected


def test_english_order_form_names_plans_in_english(client, login, partner, account):
    login(partner)
    client.get("/lang/en")
    page = client.get("/partner/store/new").get_data(as_text=True)
    assert ">Advanced</option>" in page
    assert "Расширенный" not in page
    client.get("/lang/ru")
    assert ">Расширенный</option>" in client.get("/partner/store/new").get_data(as_text=True)
