"""What an audit entry changed, as readable (field, before, after) rows. Pure."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MISSING = "—"


@dataclass(frozen=True)
class Change:
    field: str | None  # None when the whole value changed (it is not a mapping)
    before: str
    after: str


def show(value: Any) -> str:
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(before: Any, after: Any) -> list[Change]:
    """The fields whose values differ, in the order the entry lists them."""
    if before is None and after is None:
        return []
    if isinstance(before, dict | None) and isinstance(after, dict | None):
        old, new = before or {}, after or {}
        keys = list(old) + [key for key in new if key not in old]
        return [
            Change(str(key), show(old.get(key)), show(new.get(key)))
            for key in keys
            if old.get(key) != new.get(key)
        ]
    if before == after:
        return []
    return [Change(None, show(before), show(after))]
