"""The one place that reads the time. Tests freeze and move it.

Every datetime handed around the application is timezone-aware UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None


def now() -> datetime:
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(at: datetime) -> None:
    global _frozen
    if at.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = at.astimezone(UTC)


def advance(delta: timedelta) -> None:
    freeze(now() + delta)


def unfreeze() -> None:
    global _frozen
    _frozen = None
