"""What ties the parts of a valid-shaped reference together.

Each check yields the data path of the offending value, so the loader can name its line:
a misspelt plan in one cell points at that cell, not at the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .schema import Feature, ReferenceFile


@dataclass(frozen=True)
class Finding:
    loc: tuple
    message: str
    subject: str | None = None


def check(ref: ReferenceFile) -> list[Finding]:
    return [
        *_currencies(ref),
        *_offers(ref),
        *_billing(ref),
        *_keys(ref),
        *_features(ref),
        *_packages(ref),
        *_limits(ref),
        *_events(ref),
        *_competitor(ref),
    ]


def _plan_ids(ref: ReferenceFile) -> list[str]:
    return [plan.id for plan in ref.plans]


def _offer_ids(ref: ReferenceFile) -> list[str]:
    return [*_plan_ids(ref), *(package.id for package in ref.packages)]


def _exactly(
    found: list[str], expected: list[str], loc: tuple, what: str, subject: str | None
) -> Iterator[Finding]:
    """A table row names each of `expected` once: a missing one or a typo is a finding."""
    for name in found:
        if name not in expected:
            yield Finding((*loc, name), f"'{name}' is not {what} ({', '.join(expected)})", subject)
    missing = [name for name in expected if name not in found]
    if missing:
        yield Finding(loc, f"missing {what}: {', '.join(missing)}", subject)


def _duplicates(values: list[str]) -> set[str]:
    return {value for value in values if values.count(value) > 1}


def _currencies(ref: ReferenceFile) -> Iterator[Finding]:
    codes = [currency.code for currency in ref.currencies]
    for index, code in enumerate(codes):
        if code in _duplicates(codes[: index + 1]):
            yield Finding(("currencies", index, "code"), f"currency {code} is listed twice")
    offers = [
        *(
            (("plans", i, "price_per_user_month"), plan.price_per_user_month, plan.id)
            for i, plan in enumerate(ref.plans)
        ),
        *(
            (("packages", i, "price_per_year"), package.price_per_year, package.id)
            for i, package in enumerate(ref.packages)
        ),
    ]
    addons = [
        (("addons", i, "options", n, "price_per_month"), option.price_per_month, addon.key)
        for i, addon in enumerate(ref.addons)
        for n, option in enumerate(addon.options)
        if option.price_per_month is not None
    ]
    for loc, prices, subject in [*offers, *addons]:
        for code in prices:
            if code not in codes:
                yield Finding((*loc, code), f"currency {code} is not in currencies", subject)
    # The first currency is the page's default: every plan and package must have a price in it.
    for loc, prices, subject in offers:
        if codes[0] not in prices:
            yield Finding(loc, f"needs a price in {codes[0]}, the default currency", subject)
    if ref.competitor and ref.competitor.currency not in codes:
        yield Finding(("competitor", "currency"), f"currency {ref.competitor.currency} is unknown")


def _offers(ref: ReferenceFile) -> Iterator[Finding]:
    seen: set[str] = set()
    for kind in ("plans", "packages"):
        for index, offer in enumerate(getattr(ref, kind)):
            if offer.id in seen:
                yield Finding((kind, index, "id"), f"id '{offer.id}' is used twice", offer.id)
            seen.add(offer.id)


def _billing(ref: ReferenceFile) -> Iterator[Finding]:
    billing = ref.billing
    for index, months in enumerate(billing.package_terms):
        if months % 12:
            yield Finding(
                ("billing", "package_terms", index),
                f"{months}: packages are priced per year, so terms are whole years",
            )
    terms = sorted({*billing.plan_terms, *billing.package_terms})
    for months in billing.discounts:
        if months not in terms:
            yield Finding(("billing", "discounts", months), f"{months} months is not a term")
    missing = [str(m) for m in billing.plan_terms if m not in billing.discounts]
    if missing:
        yield Finding(
            ("billing", "discounts"),
            f"no discount entry for {', '.join(missing)} month(s): write 0 or unknown",
        )


def _keys(ref: ReferenceFile) -> Iterator[Finding]:
    """Exam questions name a row by its key alone, so keys are unique across the whole file."""
    owners: dict[str, tuple] = {}
    places: list[tuple[str, tuple]] = [
        *((limit.key, ("limits", i, "key")) for i, limit in enumerate(ref.limits)),
        *((group.key, ("events", i, "key")) for i, group in enumerate(ref.events)),
        *(
            (feature.key, ("feature_groups", g, "features", f, "key"))
            for g, group in enumerate(ref.feature_groups)
            for f, feature in enumerate(group.features)
        ),
    ]
    for key, loc in places:
        if key in owners:
            first = ".".join(map(str, owners[key]))
            yield Finding(loc, f"key '{key}' is already used at {first}", key)
        else:
            owners[key] = loc


def _all_features(ref: ReferenceFile) -> Iterator[tuple[tuple, Feature]]:
    for g, group in enumerate(ref.feature_groups):
        for f, feature in enumerate(group.features):
            yield ("feature_groups", g, "features", f), feature


def _features(ref: ReferenceFile) -> Iterator[Finding]:
    plans = _plan_ids(ref)
    by_key = {feature.key: feature for _, feature in _all_features(ref)}
    for loc, feature in _all_features(ref):
        if feature.same_as is not None:
            target = by_key.get(feature.same_as)
            if target is None:
                yield Finding((*loc, "same_as"), f"no row has key '{feature.same_as}'", feature.key)
            elif target.same_as is not None:
                yield Finding(
                    (*loc, "same_as"),
                    f"'{feature.same_as}' is itself an old name; point at '{target.same_as}'",
                    feature.key,
                )
            continue
        cells = feature.cells or {}
        yield from _exactly(list(cells), plans, (*loc, "cells"), "a plan", feature.key)
        yield from _nesting(feature, plans, loc)


def _nesting(feature: Feature, plans: list[str], loc: tuple) -> Iterator[Finding]:
    """Rule plans-nested: a feature of a plan is a feature of every dearer plan too."""
    cells = feature.cells or {}
    has_it = None
    for plan in plans:
        value = cells[plan].value if plan in cells else "unknown"
        if value == "yes" and has_it is None:
            has_it = plan
        elif value == "no" and has_it is not None:
            yield Finding(
                (*loc, "cells", plan),
                f"'no' on {plan} but 'yes' on the cheaper {has_it}: a dearer plan includes "
                "every feature of a cheaper one (rule plans-nested)",
                feature.key,
            )


def _packages(ref: ReferenceFile) -> Iterator[Finding]:
    plans = _plan_ids(ref)
    rows = {feature.key: feature for _, feature in _all_features(ref)}
    for index, package in enumerate(ref.packages):
        if package.features_of not in plans:
            yield Finding(
                ("packages", index, "features_of"),
                f"'{package.features_of}' is not a plan ({', '.join(plans)})",
                package.id,
            )
        for number, exclusion in enumerate(package.excludes):
            row = rows.get(exclusion.feature)
            loc = ("packages", index, "excludes", number, "feature")
            if row is None:
                yield Finding(loc, f"no row has key '{exclusion.feature}'", package.id)
            elif row.same_as is not None:
                yield Finding(loc, f"'{row.key}' is an old name of '{row.same_as}'", package.id)


def _limits(ref: ReferenceFile) -> Iterator[Finding]:
    offers = _offer_ids(ref)
    for index, limit in enumerate(ref.limits):
        loc = ("limits", index, "cells")
        yield from _exactly(list(limit.cells), offers, loc, "a plan or package", limit.key)


def _events(ref: ReferenceFile) -> Iterator[Finding]:
    plans = _plan_ids(ref)
    for index, group in enumerate(ref.events):
        loc = ("events", index, "retention")
        yield from _exactly(list(group.retention), plans, loc, "a plan", group.key)


def _competitor(ref: ReferenceFile) -> Iterator[Finding]:
    if ref.competitor is None:
        return
    features = [feature.key for feature in ref.competitor.features]
    for index, plan in enumerate(ref.competitor.plans):
        loc = ("competitor", "plans", index, "cells")
        yield from _exactly(list(plan.cells), features, loc, "a competitor feature", plan.id)
        for key, cell in plan.cells.items():
            if cell.source is None:
                yield Finding((*loc, key), "each competitor cell needs its own source", plan.id)
