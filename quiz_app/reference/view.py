"""Which rows the page shows for a search and the "only differences" switch.

Rows that do not match are kept but marked hidden: the page's script can then widen a search
without a reload, and ticked features in hidden rows still go with the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import FeatureRow, GroupView, Reference
from .schema import Limit


def normalize(text: str) -> str:
    """Case, ё and the seed's non-breaking hyphens must not stop a search from matching."""
    return " ".join(text.casefold().replace("ё", "е").replace("\u2011", "-").split())


@dataclass(frozen=True)
class SourceNote:
    """One source and the offers whose cells it backs."""

    offers: tuple[str, ...]
    text: str
    # Set when the offers are packages that take the cell from this plan.
    inherited_from: str | None = None


@dataclass(frozen=True)
class RowView:
    row: FeatureRow
    shown: bool
    # Text the page's script searches in: the row's names and its group's title.
    haystack: str
    sources: tuple[SourceNote, ...]


def source_notes(row: FeatureRow) -> tuple[SourceNote, ...]:
    """The row's cell sources, each once, with the offers it covers (in table order)."""
    grouped: dict[tuple[str, str | None], list[str]] = {}
    for offer, cell in row.cells.items():
        grouped.setdefault((cell.source, cell.inherited_from), []).append(offer)
    return tuple(
        SourceNote(tuple(offers), text, inherited) for (text, inherited), offers in grouped.items()
    )


@dataclass(frozen=True)
class GroupRows:
    group: GroupView
    rows: tuple[RowView, ...]

    @property
    def shown(self) -> bool:
        return any(view.shown for view in self.rows)


def feature_rows(
    ref: Reference, search: str, only_differences: bool, previous: bool = False
) -> list[GroupRows]:
    """The groups of the current table (and rows outside it), or of the previous table."""
    needle = normalize(search)
    result = []
    for group in ref.groups:
        if (group.table == "previous") != previous:
            continue
        views = []
        for row in group.rows:
            # A group's title is searched too: "подписки" finds the whole Подписки group.
            haystack = normalize(" ".join((*row.names, group.title)))
            shown = needle in haystack and (row.differs or not only_differences)
            views.append(RowView(row, shown, haystack, source_notes(row)))
        result.append(GroupRows(group, tuple(views)))
    return result


def limit_differs(limit: Limit) -> bool:
    return len({cell.model_dump_json(exclude={"source"}) for cell in limit.cells.values()}) > 1


def count_shown(groups: list[GroupRows]) -> int:
    return sum(view.shown for group in groups for view in group.rows)
