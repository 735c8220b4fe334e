"""The calculator's arithmetic. Expected amounts are worked out by hand from the seed's prices
(499 / 999 / 1 499 ₽ per user per month; packages 4 999 and 14 999 ₽ a year), in kopecks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quiz_app.reference.loader import DEFAULT_FILE, load_reference
from quiz_app.reference.pricing import (
    BadUserCount,
    NoPrice,
    TermNotOffered,
    TooManyUsers,
    UnknownCurrency,
    UnknownFeature,
    UnknownOffer,
    cheapest,
    competitor_quotes,
    quote,
    round_half_up,
)

SHIPPED = DEFAULT_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ref():
    return load_reference(DEFAULT_FILE)


def with_discounts(tmp_path, **terms: str):
    """The shipped reference with known discounts, e.g. with_discounts(tmp_path, m12="10")."""
    text = SHIPPED
    for term, percent in terms.items():
        months = term.removeprefix("m")
        text = text.replace(f"    {months}: unknown\n", f"    {months}: {percent}\n")
    path = tmp_path / "tariffs.yaml"
    path.write_text(text, encoding="utf-8")
    return load_reference(path)


@pytest.mark.parametrize(
    ("offer", "users", "months", "total", "per_user_month"),
    [
        # 499 ₽ × 1 × 6 = 2 994 ₽
        ("basic", 1, 6, 2_994_00, 499_00),
        # 499 ₽ × 10 × 9 = 44 910 ₽
        ("basic", 10, 9, 44_910_00, 499_00),
        # 999 ₽ × 7 × 12 = 83 916 ₽: the issue's "7 users for 12 months" example
        ("extended", 7, 12, 83_916_00, 999_00),
        # 999 ₽ × 1 × 6 = 5 994 ₽
        ("extended", 1, 6, 5_994_00, 999_00),
        # 1 499 ₽ × 3 × 24 = 107 928 ₽
        ("professional", 3, 24, 107_928_00, 1_499_00),
        # 1 499 ₽ × 1 × 9 = 13 491 ₽
        ("professional", 1, 9, 13_491_00, 1_499_00),
        # 4 999 ₽ a year, one user: 4 999 / 12 = 416.583… ₽ a month
        ("micro-business", 1, 12, 4_999_00, 416_58),
        # two users share it: 4 999 / 24 = 208.291… ₽
        ("micro-business", 2, 12, 4_999_00, 208_29),
        # two years: 9 998 ₽; 9 998 / 48 = 208.291… ₽
        ("micro-business", 2, 24, 9_998_00, 208_29),
        # 14 999 ₽ a year for five: 14 999 / 60 = 249.983… ₽
        ("startup", 5, 12, 14_999_00, 249_98),
        # the same price for three: 14 999 / 36 = 416.638… ₽
        ("startup", 3, 12, 14_999_00, 416_64),
    ],
)
def test_every_plan_and_package(ref, offer, users, months, total, per_user_month):
    result = quote(ref, offer, users, months, "RUB")
    assert result.total == total
    assert result.per_user_month == per_user_month
    assert result.currency == "RUB"


def test_plans_keep_the_list_price_when_the_discount_is_unknown(ref):
    six = quote(ref, "basic", 2, 6, "RUB")
    assert (six.discount_percent, six.discount_known) == (Decimal(0), True)
    year = quote(ref, "basic", 2, 12, "RUB")
    assert year.discount_known is False
    assert year.total == year.list_total == 11_976_00  # 499 × 2 × 12


def test_a_known_discount_is_applied_and_rounded_half_up(tmp_path):
    ref = with_discounts(tmp_path, m12="10", m9="7.5")
    # 83 916 ₽ − 10 % (8 391.60 ₽) = 75 524.40 ₽; over 7 × 12 user-months: 899.10 ₽
    year = quote(ref, "extended", 7, 12, "RUB")
    assert (year.list_total, year.total, year.per_user_month) == (83_916_00, 75_524_40, 899_10)
    # 499 × 9 = 4 491 ₽; 7.5 % is 336.825 ₽, rounded up to 336.83 ₽ → 4 154.17 ₽
    nine = quote(ref, "basic", 1, 9, "RUB")
    assert nine.total == 4_154_17
    # A package's yearly price is its own condition: term discounts do not touch it.
    assert quote(ref, "startup", 5, 12, "RUB").total == 14_999_00


@pytest.mark.parametrize(
    ("offer", "currency", "yearly"),
    [
        ("micro-business", "RUB", 4_999_00),
        ("micro-business", "UAH", 2_999_00),
        ("micro-business", "KZT", 46_999_00),
        ("micro-business", "UZS", 499_000_00),
        ("startup", "RUB", 14_999_00),
        ("startup", "UAH", 8_999_00),
        ("startup", "KZT", 139_999_00),
        ("startup", "UZS", 1_999_000_00),
    ],
)
def test_packages_in_every_currency_of_the_seed(ref, offer, currency, yearly):
    assert quote(ref, offer, 1, 12, currency).total == yearly
    assert quote(ref, offer, 1, 24, currency).total == 2 * yearly


def test_uzs_share_is_rounded_to_a_tiyin(ref):
    # 1 999 000 soʻm / (3 users × 12 months) = 55 527.777… soʻm
    assert quote(ref, "startup", 3, 12, "UZS").per_user_month == 55_527_78


def test_plans_have_no_price_outside_roubles(ref):
    for currency in ("UAH", "KZT", "UZS"):
        with pytest.raises(NoPrice):
            quote(ref, "extended", 3, 12, currency)


@pytest.mark.parametrize(
    ("offer", "users", "months", "currency", "error"),
    [
        ("micro-business", 3, 12, "RUB", TooManyUsers),
        ("startup", 6, 12, "RUB", TooManyUsers),
        ("micro-business", 2, 6, "RUB", TermNotOffered),
        ("startup", 5, 9, "RUB", TermNotOffered),
        ("basic", 1, 1, "RUB", TermNotOffered),
        ("basic", 1, 3, "RUB", TermNotOffered),
        ("basic", 0, 12, "RUB", BadUserCount),
        ("basic", 1, 12, "EUR", UnknownCurrency),
        ("enterprise", 1, 12, "RUB", UnknownOffer),
    ],
)
def test_what_cannot_be_bought(ref, offer, users, months, currency, error):
    with pytest.raises(error):
        quote(ref, offer, users, months, currency)


def test_too_many_users_says_the_cap(ref):
    with pytest.raises(TooManyUsers) as caught:
        quote(ref, "micro-business", 3, 12, "RUB")
    assert caught.value.params == {"users": 3, "max_users": 2}


@pytest.mark.parametrize(
    ("users", "months", "best", "total"),
    [
        (2, 12, "micro-business", 4_999_00),  # vs Базовый 499 × 2 × 12 = 11 976 ₽
        (3, 12, "startup", 14_999_00),  # Микро-бизнес caps at 2; Базовый 17 964 ₽
        (6, 12, "basic", 35_928_00),  # no package takes 6: 499 × 6 × 12
        (5, 6, "basic", 14_970_00),  # packages are sold by the year: 499 × 5 × 6
    ],
)
def test_cheapest_without_features(ref, users, months, best, total):
    recommendation = cheapest(ref, [], users, months, "RUB")
    assert (recommendation.best.offer_id, recommendation.best.total) == (best, total)


def test_cheapest_respects_package_exclusions(ref):
    # Neither package has access rights («Нет разграничения прав доступа пользователей»).
    rights = cheapest(ref, ["access-rights"], 2, 12, "RUB")
    assert (rights.best.offer_id, rights.best.total) == ("basic", 11_976_00)
    assert dict(rights.lacking) == {
        "micro-business": ("access-rights",),
        "startup": ("access-rights",),
    }
    # Старт-ап has no regular report, Микро-бизнес has it but takes two users at most.
    reports = cheapest(ref, ["regular-reports"], 3, 12, "RUB")
    assert (reports.best.offer_id, reports.best.total) == ("basic", 17_964_00)
    assert cheapest(ref, ["regular-reports"], 2, 12, "RUB").best.offer_id == "micro-business"


def test_the_issue_example_mandatory_fields_for_seven_users(ref):
    recommendation = cheapest(ref, ["required-fields-by-stage"], 7, 12, "RUB")
    assert (recommendation.best.offer_id, recommendation.best.total) == ("extended", 83_916_00)
    # An old row name is the same feature.
    assert cheapest(ref, ["required-fields"], 7, 12, "RUB").best.offer_id == "extended"


def test_unknown_cells_are_offered_as_maybe_not_as_answers(ref):
    recommendation = cheapest(ref, ["salesbot"], 1, 12, "RUB")
    assert (recommendation.best.offer_id, recommendation.best.total) == ("professional", 17_988_00)
    assert [(c.quote.offer_id, c.quote.total) for c in recommendation.maybe] == [
        ("micro-business", 4_999_00),
        ("basic", 5_988_00),
        ("extended", 11_988_00),
        ("startup", 14_999_00),
    ]
    assert all(c.unknown == ("salesbot",) for c in recommendation.maybe)


def test_cheapest_in_another_currency_skips_unpriced_plans(ref):
    recommendation = cheapest(ref, [], 2, 12, "UAH")
    assert (recommendation.best.offer_id, recommendation.best.total) == ("micro-business", 2_999_00)
    assert {offer for offer, error in recommendation.unavailable if isinstance(error, NoPrice)} == {
        "basic",
        "extended",
        "professional",
    }
    assert cheapest(ref, [], 6, 12, "UAH").best is None


def test_cheapest_rejects_unknown_features(ref):
    with pytest.raises(UnknownFeature):
        cheapest(ref, ["teleportation"], 1, 12, "RUB")


def test_competitor_totals_for_seven_users(ref):
    quotes = {q.plan_id: q for q in competitor_quotes(ref, 7, 12)}
    assert quotes["b24-basic"].fits is False  # up to 5 employees
    assert (quotes["b24-standard"].fits, quotes["b24-standard"].total) == (True, 71_880_00)
    assert quotes["b24-professional"].total == 143_880_00  # 11 990 × 12
    assert (quotes["b24-free"].fits, quotes["b24-free"].total) == (True, 0)


def test_round_half_up():
    from fractions import Fraction

    assert [round_half_up(Fraction(n, 2)) for n in (1, 3, 5)] == [1, 2, 3]
    assert round_half_up(Fraction(4999_00, 12)) == 41658
