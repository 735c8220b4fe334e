"""The /tariffs page's query string: what to show and what to calculate.

Everything is a GET parameter, so a search, a currency or a calculation is a link a partner
can send to a client, and the page works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from .model import Reference
from .pricing import MAX_USERS

SEARCH_MAX = 100
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class PageQuery:
    currency: str
    search: str
    only_differences: bool
    offer_id: str
    users: int
    months: int
    features: tuple[str, ...]
    # Whether to calculate: the calculator's button was pressed, and the page then keeps the
    # flag in the form so a later currency or search change recalculates.
    calculate: bool
    # Fields given but unusable: "currency", "offer", "users", "months", "features".
    invalid: frozenset[str]


def parse_query(args: MultiDict, ref: Reference) -> PageQuery:
    invalid: set[str] = set()

    currency = args.get("currency", ref.default_currency).strip().upper()
    if currency not in ref.currencies:
        invalid.add("currency")
        currency = ref.default_currency

    plans = [offer.id for offer in ref.offers if offer.kind == "plan"]
    # The middle plan is what most partners price first; any plan would do.
    offer_id = args.get("offer", plans[len(plans) // 2])
    if ref.offer(offer_id) is None:
        invalid.add("offer")
        offer_id = plans[0]

    users = _integer(args.get("users"), default=1)
    if users is None or not 1 <= users <= MAX_USERS:
        invalid.add("users")
        users = 1

    months = _integer(args.get("months"), default=DEFAULT_MONTHS)
    if months not in ref.terms:
        invalid.add("months")
        months = DEFAULT_MONTHS if DEFAULT_MONTHS in ref.terms else ref.terms[0]

    features = tuple(dict.fromkeys(key for key in args.getlist("feature") if key))
    if any(key not in ref.features for key in features):
        invalid.add("features")
        features = tuple(key for key in features if key in ref.features)

    return PageQuery(
        currency=currency,
        search=args.get("q", "").strip()[:SEARCH_MAX],
        only_differences=args.get("diff") in ("1", "on", "true"),
        offer_id=offer_id,
        users=users,
        months=months,
        features=features,
        calculate=args.get("calc") == "1",
        invalid=frozenset(invalid),
    )


def _integer(raw: str | None, default: int) -> int | None:
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw.strip())
    except ValueError:
        return None
