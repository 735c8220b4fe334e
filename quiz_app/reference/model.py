"""The reference as the page, the calculator and the store use it.

The file is written for editors: packages inherit the basic plan's features, old row names
point at current rows, money is in whole units. `Reference` resolves all that once, so readers
ask simple questions: the cell of this feature for this offer, the price of this offer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..money import MINOR_PER_UNIT
from .schema import (
    Addon,
    Billing,
    Competitor,
    Currency,
    EventGroup,
    FaqEntry,
    Feature,
    Limit,
    ReferenceFile,
    Rule,
)

# ₽ (kopecks), ₴ (kopiyky), ₸ (tiyn) and soʻm (tiyin) all divide into 100 minor units.


def to_minor(amount: Decimal) -> int:
    """Whole units from the file to integer minor units; the schema allows two decimals."""
    return int(amount * MINOR_PER_UNIT)


@dataclass(frozen=True)
class Offer:
    """Something a client can buy: a plan (per user per month) or a package (per year)."""

    id: str
    title: str
    summary: str
    kind: Literal["plan", "package"]
    # Minor units per currency: per user per month for a plan, per year for a package.
    prices: Mapping[str, int]
    terms: tuple[int, ...]
    max_users: int | None
    source: str
    title_en: str | None = None

    def display_title(self, locale: str) -> str:
        """The name in a page's language (documents and orders keep the Russian `title`)."""
        return self.title_en if locale == "en" and self.title_en else self.title


@dataclass(frozen=True)
class CellValue:
    value: Literal["yes", "no", "unknown"]
    source: str
    # The plan a package took this cell from ("Функционал базового плана"), if any.
    inherited_from: str | None = None


@dataclass(frozen=True)
class FeatureRow:
    key: str
    title: str
    aliases: tuple[str, ...]
    group: str
    table: str
    cells: Mapping[str, CellValue]
    # For an old row name: the key of the current row whose cells it shows.
    same_as: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)

    @property
    def differs(self) -> bool:
        """Whether the offers disagree on this row (unknown counts as different)."""
        return len({cell.value for cell in self.cells.values()}) > 1


@dataclass(frozen=True)
class GroupView:
    key: str
    title: str
    title_note: str | None
    table: str
    rows: tuple[FeatureRow, ...]


class Reference:
    def __init__(self, data: ReferenceFile, fingerprint: str = ""):
        self.data = data
        self.fingerprint = fingerprint
        self.currencies: dict[str, Currency] = {c.code: c for c in data.currencies}
        self.default_currency = data.currencies[0].code
        self.billing: Billing = data.billing
        self.offers: tuple[Offer, ...] = (
            *(
                Offer(
                    plan.id,
                    plan.title,
                    plan.summary,
                    "plan",
                    {code: to_minor(a) for code, a in plan.price_per_user_month.items()},
                    tuple(data.billing.plan_terms),
                    None,
                    plan.source,
                    plan.title_en,
                )
                for plan in data.plans
            ),
            *(
                Offer(
                    package.id,
                    package.title,
                    package.summary,
                    "package",
                    {code: to_minor(a) for code, a in package.price_per_year.items()},
                    tuple(data.billing.package_terms),
                    package.max_users,
                    package.source,
                    package.title_en,
                )
                for package in data.packages
            ),
        )
        self._offers = {offer.id: offer for offer in self.offers}
        self.groups: tuple[GroupView, ...] = self._resolve_groups()
        self.features: dict[str, FeatureRow] = {
            row.key: row for group in self.groups for row in group.rows
        }

    # -- lookups ---------------------------------------------------------------------------

    def offer(self, offer_id: str) -> Offer | None:
        return self._offers.get(offer_id)

    @staticmethod
    def in_minor(amount: Decimal) -> int:
        """For templates showing a whole-unit amount from the file (an add-on's price)."""
        return to_minor(amount)

    def discount(self, months: int) -> Decimal | None:
        """Percent off a plan's list price for this term; None when its size is unknown."""
        return self.billing.discounts.get(months)

    @property
    def terms(self) -> tuple[int, ...]:
        return tuple(sorted({*self.billing.plan_terms, *self.billing.package_terms}))

    @property
    def limits(self) -> list[Limit]:
        return self.data.limits

    @property
    def addons(self) -> list[Addon]:
        return self.data.addons

    @property
    def events(self) -> list[EventGroup]:
        return self.data.events

    @property
    def rules(self) -> list[Rule]:
        return self.data.rules

    @property
    def faq(self) -> list[FaqEntry]:
        return self.data.faq

    @property
    def competitor(self) -> Competitor | None:
        return self.data.competitor

    def keys(self) -> set[str]:
        """Every key an exam question may name in its `reference`."""
        return {
            *self.features,
            *(limit.key for limit in self.limits),
            *(e.key for e in self.events),
        }

    # -- resolution ------------------------------------------------------------------------

    def _resolve_groups(self) -> tuple[GroupView, ...]:
        written = {f.key: f for group in self.data.feature_groups for f in group.features}
        groups = []
        for group in self.data.feature_groups:
            rows = []
            for feature in group.features:
                current = written[feature.same_as] if feature.same_as else feature
                rows.append(
                    FeatureRow(
                        key=feature.key,
                        title=feature.title,
                        aliases=tuple(feature.aliases),
                        group=group.key,
                        table=group.table,
                        cells=self._cells(current),
                        same_as=feature.same_as,
                    )
                )
            groups.append(
                GroupView(group.key, group.title, group.title_note, group.table, tuple(rows))
            )
        return tuple(groups)

    def _cells(self, feature: Feature) -> dict[str, CellValue]:
        written = feature.cells or {}
        cells = {
            plan: CellValue(cell.value, cell.source or feature.source or "")
            for plan, cell in written.items()
        }
        for package in self.data.packages:
            excluded = next((e for e in package.excludes if e.feature == feature.key), None)
            base = cells[package.features_of]
            if excluded is not None:
                cells[package.id] = CellValue("no", excluded.source)
            else:
                cells[package.id] = CellValue(base.value, base.source, package.features_of)
        return cells
