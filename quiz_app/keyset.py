"""Keyset pagination over (created_at, id), newest first, with page numbers for people.

A pager link carries the key of the row it continues from (`?after=` the last row shown,
`?before=` the first), so page 500 is an index range read like page 1 instead of an OFFSET
that walks past 10 000 rows. `?page=N` alone (an old link) still works by OFFSET. The page
number travels in the links only to show "page N of M".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Select, func, select, tuple_

from .extensions import db

_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,19})$")
_LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    created_at: datetime
    id: int

    def encode(self) -> str:
        micros = round(self.created_at.timestamp() * 1_000_000)
        return f"{micros}-{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """None for anything that is not a cursor this module wrote (a first page then)."""
        match = _CURSOR.match(text or "")
        if not match:
            return None
        micros, row_id = int(match[1]), int(match[2])
        if not 0 < row_id <= _LARGEST_ID:
            return None
        try:
            moment = datetime.fromtimestamp(micros / 1_000_000, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return cls(moment, row_id)


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    has_prev: bool
    has_next: bool
    prev_args: dict = field(default_factory=dict)
    next_args: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)


def older_than(base: Select, created_at, row_id, per_page: int, after: Cursor | None) -> Select:
    """The statement of a page after `after` (the first page when None): an index range."""
    statement = base.order_by(created_at.desc(), row_id.desc()).limit(per_page + 1)
    if after is not None:
        statement = statement.where(tuple_(created_at, row_id) < tuple_(after.created_at, after.id))
    return statement


def paginate(
    base: Select,
    created_at,
    row_id,
    *,
    per_page: int,
    page: int = 1,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> Page:
    """One page of `base` (a select of one entity, unordered) newest first."""
    key = tuple_(created_at, row_id)
    total = db.session.scalar(select(func.count()).select_from(base.order_by(None).subquery()))
    if before is not None:
        rows = list(
            db.session.scalars(
                base.where(key > tuple_(before.created_at, before.id))
                .order_by(created_at.asc(), row_id.asc())
                .limit(per_page + 1)
            )
        )
        has_prev = len(rows) > per_page
        items = list(reversed(rows[:per_page]))
        has_next = True
        page = max(page, 2 if has_prev else 1) if has_prev else 1
    else:
        statement = older_than(base, created_at, row_id, per_page, after)
        if after is None:
            statement = statement.offset((page - 1) * per_page)
        rows = list(db.session.scalars(statement))
        items = rows[:per_page]
        has_next = len(rows) > per_page
        has_prev = page > 1 or after is not None
        if after is not None:
            page = max(page, 2)
    result = Page(items, total, page, per_page, has_prev and bool(items), has_next and bool(items))
    if items:
        first, last = items[0], items[-1]
        result.prev_args = {
            "before": Cursor(first.created_at, first.id).encode(),
            "page": max(page - 1, 1),
        }
        result.next_args = {"after": Cursor(last.created_at, last.id).encode(), "page": page + 1}
    return result
