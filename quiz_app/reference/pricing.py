"""Prices from the reference: pure functions over plain data, shared by the page and the store.

Money is integer minor units (kopecks for ₽). A plan costs its price per user per month times
users times months; a package costs its yearly price per year, whatever the number of users up
to its cap. Term discounts apply to plans only, and only when the reference knows their size:
otherwise the quote keeps the list price and says the discount is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from .model import Reference, to_minor

MAX_USERS = 100_000  # far above any account; stops absurd input from building huge numbers


class QuoteError(ValueError):
    """Why an offer cannot be quoted; `code` and `params` let the page word it."""

    code = "invalid"

    def __init__(self, **params):
        self.params = params
        super().__init__(f"{self.code}: {params}")


class UnknownOffer(QuoteError):
    code = "unknown-offer"


class UnknownCurrency(QuoteError):
    code = "unknown-currency"


class UnknownFeature(QuoteError):
    code = "unknown-feature"


class NoPrice(QuoteError):
    """The source gives no price for this offer in this currency."""

    code = "no-price"


class TermNotOffered(QuoteError):
    code = "term-not-offered"


class BadUserCount(QuoteError):
    code = "bad-user-count"


class TooManyUsers(QuoteError):
    """More users than a package is made for."""

    code = "too-many-users"


@dataclass(frozen=True)
class Quote:
    offer_id: str
    kind: Literal["plan", "package"]
    users: int
    months: int
    currency: str
    # Per user per month for a plan, per year for a package; minor units.
    unit_price: int
    list_total: int
    # Percent off the list price; None when the vendor gives one but its size is unknown.
    discount_percent: Decimal | None
    total: int
    per_user_month: int

    @property
    def discount_known(self) -> bool:
        return self.discount_percent is not None

    @property
    def years(self) -> int:
        return self.months // 12


def round_half_up(value: Fraction) -> int:
    """The nearest integer, halves rounded up; exact, since amounts are never negative."""
    if value < 0:
        raise ValueError("amounts are never negative")
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def quote(ref: Reference, offer_id: str, users: int, months: int, currency: str) -> Quote:
    """The price of `offer_id` for `users` users over `months` months, in `currency`.

    Raises a QuoteError subclass when the offer cannot be bought that way.
    """
    offer = ref.offer(offer_id)
    if offer is None:
        raise UnknownOffer(offer=offer_id)
    if currency not in ref.currencies:
        raise UnknownCurrency(currency=currency)
    if not 1 <= users <= MAX_USERS:
        raise BadUserCount(users=users)
    if offer.max_users is not None and users > offer.max_users:
        raise TooManyUsers(users=users, max_users=offer.max_users)
    if months not in offer.terms:
        raise TermNotOffered(months=months, terms=offer.terms)
    unit = offer.prices.get(currency)
    if unit is None:
        raise NoPrice(offer=offer_id, currency=currency)

    if offer.kind == "plan":
        list_total = unit * users * months
        discount = ref.discount(months)
    else:
        list_total = unit * (months // 12)
        discount = Decimal(0)  # a package's yearly price is already its special condition
    total = list_total
    if discount is not None:
        total = list_total - round_half_up(Fraction(list_total) * Fraction(discount) / 100)
    per_user_month = round_half_up(Fraction(total, users * months))
    return Quote(
        offer.id,
        offer.kind,
        users,
        months,
        currency,
        unit,
        list_total,
        discount,
        total,
        per_user_month,
    )


@dataclass(frozen=True)
class Candidate:
    """An offer that might fit: the features it is not known to have are listed."""

    quote: Quote
    unknown: tuple[str, ...]


@dataclass(frozen=True)
class Recommendation:
    features: tuple[str, ...]
    # The cheapest offer that has every feature for certain.
    best: Quote | None
    # Cheaper offers that lack none of the features for certain but where some are unknown.
    maybe: tuple[Candidate, ...]
    # Offers that cannot be bought this way: (offer id, why).
    unavailable: tuple[tuple[str, QuoteError], ...]
    # Offers that lack at least one feature: (offer id, the missing features).
    lacking: tuple[tuple[str, tuple[str, ...]], ...]


def cheapest(
    ref: Reference, features: Iterable[str], users: int, months: int, currency: str
) -> Recommendation:
    """The cheapest plan or package that has every feature in `features`.

    Packages count only up to their user cap and for their terms; offers without a price in
    `currency` are left out. With no features, it is simply the cheapest offer.
    """
    wanted = tuple(dict.fromkeys(features))
    for key in wanted:
        if key not in ref.features:
            raise UnknownFeature(feature=key)
    if currency not in ref.currencies:
        raise UnknownCurrency(currency=currency)

    confirmed: list[Quote] = []
    uncertain: list[Candidate] = []
    unavailable: list[tuple[str, QuoteError]] = []
    lacking: list[tuple[str, tuple[str, ...]]] = []
    for offer in ref.offers:
        values = {key: ref.features[key].cells[offer.id].value for key in wanted}
        missing = tuple(key for key, value in values.items() if value == "no")
        if missing:
            lacking.append((offer.id, missing))
            continue
        try:
            offered = quote(ref, offer.id, users, months, currency)
        except QuoteError as exc:
            unavailable.append((offer.id, exc))
            continue
        unknown = tuple(key for key, value in values.items() if value == "unknown")
        if unknown:
            uncertain.append(Candidate(offered, unknown))
        else:
            confirmed.append(offered)

    # min() keeps the first of equal totals, i.e. the order of the reference (plans first).
    best = min(confirmed, key=lambda q: q.total, default=None)
    maybe = tuple(
        sorted(
            (c for c in uncertain if best is None or c.quote.total < best.total),
            key=lambda c: c.quote.total,
        )
    )
    return Recommendation(wanted, best, maybe, tuple(unavailable), tuple(lacking))


@dataclass(frozen=True)
class CompetitorQuote:
    plan_id: str
    title: str
    max_users: int | None
    fits: bool
    price_per_month: int
    months: int
    total: int


def competitor_quotes(ref: Reference, users: int, months: int) -> list[CompetitorQuote]:
    """Every competitor plan for `months` months, and whether it allows `users` users.

    The competitor prices a whole portal per month, so the user count does not change the price,
    only which plans fit. No discounts: the source names none.
    """
    if ref.competitor is None:
        return []
    quotes = []
    for plan in ref.competitor.plans:
        monthly = to_minor(plan.price_per_month)
        fits = plan.max_users is None or users <= plan.max_users
        quotes.append(
            CompetitorQuote(
                plan.id, plan.title, plan.max_users, fits, monthly, months, monthly * months
            )
        )
    return quotes
