"""The store prices every offer of the tariff reference, computed here by hand from its list.

List prices (reference/tariffs.yaml, seed 003): Базовый 499 ₽, Расширенный 999 ₽,
Профессиональный 1 499 ₽ per user per month; packages Микро-бизнес 4 999 ₽ a year (up to 2
users), Старт-ап 14 999 ₽ a year (up to 5 users). The reference gives no size for the 9/12/24
month discounts, so those terms are quoted at the list price.
"""

from __future__ import annotations

import pytest

from quiz_app.partner.store import services
from quiz_app.reference.loader import current_reference

# (offer, users, months) → kopecks, multiplied out by hand.
EXPECTED = {
    ("basic", 3, 6): 898_200,  # 499 × 3 × 6 = 8 982 ₽
    ("basic", 3, 9): 1_347_300,  # 499 × 3 × 9 = 13 473 ₽
    ("basic", 3, 12): 1_796_400,  # 17 964 ₽
    ("basic", 3, 24): 3_592_800,  # 35 928 ₽
    ("extended", 3, 6): 1_798_200,  # 999 × 3 × 6 = 17 982 ₽
    ("extended", 3, 9): 2_697_300,  # 26 973 ₽
    ("extended", 3, 12): 3_596_400,  # 35 964 ₽
    ("extended", 3, 24): 7_192_800,  # 71 928 ₽
    ("professional", 3, 6): 2_698_200,  # 1 499 × 3 × 6 = 26 982 ₽
    ("professional", 3, 9): 4_047_300,  # 40 473 ₽
    ("professional", 3, 12): 5_396_400,  # 53 964 ₽
    ("professional", 3, 24): 10_792_800,  # 107 928 ₽
    ("micro-business", 2, 12): 499_900,  # 4 999 ₽ × 1 year
    ("micro-business", 2, 24): 999_800,  # 4 999 ₽ × 2 years
    ("startup", 5, 12): 1_499_900,  # 14 999 ₽ × 1 year
    ("startup", 5, 24): 2_999_800,  # 14 999 ₽ × 2 years
}


@pytest.fixture
def ref(app):
    return current_reference()


def test_every_offer_of_the_reference_is_covered(ref):
    assert {offer.id for offer in ref.offers} == {key[0] for key in EXPECTED}


@pytest.mark.parametrize(("key", "kopecks"), EXPECTED.items(), ids=lambda v: str(v))
def test_store_price_matches_the_hand_computation(ref, key, kopecks):
    offer, users, months = key
    assert services.quote(ref, offer, users, months).total == kopecks


@pytest.mark.parametrize(
    ("offer", "users", "months", "field", "message"),
    [
        ("micro-business", 2, 6, "months", "«Микро-бизнес» продаётся на срок 12, 24 мес."),
        ("micro-business", 3, 12, "users", "«Микро-бизнес» рассчитан не больше чем на 2 польз."),
        ("basic", 0, 12, "users", "Число пользователей — от 1 до"),
        ("basic", 3, 3, "months", "«Базовый» продаётся на срок 6, 9, 12, 24 мес."),
        ("gold", 3, 12, "offer_id", "Выберите тариф из списка."),
    ],
)
def test_what_cannot_be_bought_is_explained_by_field(ref, offer, users, months, field, message):
    with pytest.raises(services.StoreError) as caught:
        services.quote(ref, offer, users, months)
    assert caught.value.field == field
    assert message in caught.value.message


def test_order_page_shows_the_reference_price(client, login, partner, account):
    login(partner)
    page = client.get(f"/partner/store/new?account={account.id}").get_data(as_text=True)
    # The account's plan of interest (Расширенный, 5 users) for 12 months: 999 × 5 × 12.
    assert "59\u00a0940,00\u00a0₽" in page
    assert "размер не опубликован" in page
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
    assert "26\u00a0982,00\u00a0₽" in page  # 1 499 × 3 × 6
    assert 'name="quoted_total" type="hidden" value="2698200"' in page
