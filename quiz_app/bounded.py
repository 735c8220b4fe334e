"""Numbers from URLs kept within what the databases store, so a huge one is a 404, not a 500.

PostgreSQL's BIGINT and SQLite's INTEGER both stop at 2**63 - 1; a larger id in a path or a
query string would otherwise reach the database and fail there.
"""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**63 - 1
# Far beyond any list's length, and far below what an OFFSET can take.
LARGEST_PAGE = 1_000_000


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: at most LARGEST_ID unless the rule says otherwise."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def page_number(args: Mapping) -> int:
    """?page=N as a page number: 1 when missing or wrong, at most LARGEST_PAGE."""
    return min(max(args.get("page", 1, type=int) or 1, 1), LARGEST_PAGE)


def optional_id(args: Mapping, name: str) -> int | None:
    """?name=N as a database id, or None when missing, wrong or out of range."""
    value = args.get(name, type=int)
    return value if value is not None and 0 < value <= LARGEST_ID else None
