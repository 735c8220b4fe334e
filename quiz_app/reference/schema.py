"""Pydantic schema of the tariff reference file (reference/tariffs.yaml).

This checks the shape of each part; checks.py then checks what ties the parts together (a
package built on an existing plan, every plan named in every row, …), where the exact data
path, and so the line, of each problem is known.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
# Whole units as the seed prints them (4999 for 4 999 ₽); code converts to minor units.
Amount = Annotated[Decimal, Field(ge=0, decimal_places=2)]
Prices = Annotated[dict[CurrencyCode, Amount], Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _yes_no(value: Any) -> Any:
    """YAML 1.1 reads a bare yes/no as a boolean; the file means the words."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


Availability = Annotated[Literal["yes", "no", "unknown"], BeforeValidator(_yes_no)]


def _scalar_as(field: str):
    """Lets a cell be written as its bare value when it needs no source of its own."""

    def convert(value: Any) -> Any:
        return value if isinstance(value, dict) else {field: value}

    return convert


class FeatureCell(_Strict):
    value: Availability
    source: Text | None = None


Cell = Annotated[FeatureCell, BeforeValidator(_scalar_as("value"))]


class Feature(_Strict):
    key: Key
    title: Text
    aliases: list[Text] = []
    cells: dict[Key, Cell] | None = None
    source: Text | None = None
    # An old name of another row: the row takes that row's cells, so a fact is written once.
    same_as: Key | None = None

    @model_validator(mode="after")
    def _cells_or_same_as(self) -> Feature:
        if self.same_as is not None:
            if self.cells is not None or self.source is not None:
                raise ValueError(
                    "a row with same_as takes that row's cells and source; remove them"
                )
            return self
        if self.cells is None:
            raise ValueError("needs cells (one per plan) or same_as (the key of another row)")
        if self.source is None:
            unsourced = [plan for plan, cell in self.cells.items() if cell.source is None]
            if unsourced:
                raise ValueError(
                    f"no source for the cell(s) {', '.join(unsourced)}: give the row a source "
                    "or each cell its own"
                )
        return self


class FeatureGroup(_Strict):
    key: Key
    title: Text
    title_note: Text | None = None
    table: Literal["current", "previous", "other"]
    features: list[Feature] = Field(min_length=1)


class Currency(_Strict):
    code: CurrencyCode
    symbol: Text
    title: Text


class Plan(_Strict):
    id: Key
    title: Text
    title_en: Text | None = None  # the name on English pages; the Russian one when absent
    summary: Text
    price_per_user_month: Prices
    source: Text


class Exclusion(_Strict):
    feature: Key
    source: Text


class Package(_Strict):
    id: Key
    title: Text
    title_en: Text | None = None
    summary: Text
    max_users: int = Field(ge=1)
    price_per_year: Prices
    features_of: Key
    excludes: list[Exclusion] = []
    source: Text


def _word_as_none(word: str):
    """A word in the file (`unknown`, `individual`) that the code reads as "no figure"."""

    def convert(value: Any) -> Any:
        return None if value == word else value

    return convert


# Percent off the list price; None: the vendor gives a discount but its size is not published.
Discount = Annotated[
    Annotated[Decimal, Field(ge=0, lt=100)] | None, BeforeValidator(_word_as_none("unknown"))
]


class Billing(_Strict):
    plan_terms: list[int] = Field(min_length=1)
    package_terms: list[int] = Field(min_length=1)
    discounts: dict[int, Discount]
    source: Text

    @field_validator("plan_terms", "package_terms")
    @classmethod
    def _ascending_months(cls, value: list[int]) -> list[int]:
        if any(months < 1 for months in value) or value != sorted(set(value)):
            raise ValueError("terms are months, positive, ascending and listed once")
        return value


class Rule(_Strict):
    key: Key
    title: Text
    text: Text
    source: Text


class FaqEntry(_Strict):
    question: Text
    answer: Text


class LimitCell(_Strict):
    status: Literal["value", "none", "unlimited", "unknown"] = "value"
    amount: int | None = Field(default=None, ge=0)
    per: Literal["user", "account"] | None = None
    source: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"status": value}
        return value

    @model_validator(mode="after")
    def _amount_only_for_values(self) -> LimitCell:
        if self.status == "value" and (self.amount is None or self.per is None):
            raise ValueError("a limit needs amount and per (user or account)")
        if self.status != "value" and self.amount is not None:
            raise ValueError(f"'{self.status}' takes no amount")
        return self


class Limit(_Strict):
    key: Key
    title: Text
    aliases: list[Text] = []
    measure: Literal["count", "megabytes", "months", "requests-per-second"]
    cells: dict[Key, LimitCell]
    source: Text


class AddonOption(_Strict):
    title: Text | None = None
    # None: priced individually by the vendor ("индивидуально").
    price_per_month: Annotated[Prices | None, BeforeValidator(_word_as_none("individual"))]


class Addon(_Strict):
    key: Key
    title: Text
    unit: Text
    options: list[AddonOption] = Field(min_length=1)
    source: Text


class Retention(_Strict):
    """How long a kind of event stays in the history: some months, or for ever."""

    months: int | None = Field(default=None, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if value == "unlimited":
            return {"months": None}
        return value


class EventGroup(_Strict):
    key: Key
    title: Text
    retention: dict[Key, Retention]
    source: Text
    events: list[Text] = Field(min_length=1)


class CompetitorFeature(_Strict):
    key: Key
    title: Text


class CompetitorPlan(_Strict):
    id: Key
    title: Text
    price_per_month: Amount
    max_users: int | None = Field(ge=1)
    summary: Text
    cells: dict[Key, Cell]


class Competitor(_Strict):
    vendor: Text
    currency: CurrencyCode
    note: Text
    source: Text
    features: list[CompetitorFeature] = Field(min_length=1)
    plans: list[CompetitorPlan] = Field(min_length=1)


class ReferenceFile(_Strict):
    vendor: Text
    title: Text
    source: Text
    currencies: list[Currency] = Field(min_length=1)
    currency_note: Text | None = None
    plans: list[Plan] = Field(min_length=1)
    packages: list[Package] = []
    billing: Billing
    rules: list[Rule] = []
    faq: list[FaqEntry] = []
    limits: list[Limit] = []
    limits_note: Text | None = None
    addons: list[Addon] = []
    events: list[EventGroup] = []
    feature_groups: list[FeatureGroup] = Field(min_length=1)
    competitor: Competitor | None = None
