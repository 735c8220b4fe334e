"""Accounts that start attempts in quick succession: the way a script learns the answer key.

A person retakes after studying; a script retakes at once, compares the scores and keeps
the answers that raised them. Three attempts started within an hour flag the account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ...auth.models import User
from ...exam.models import Attempt
from ...extensions import db
from .loading import Period

RAPID_ATTEMPTS = 3
RAPID_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class RapidRetaker:
    user_id: int
    full_name: str
    email: str
    attempts: int  # in the busiest window
    first: datetime
    last: datetime


def busiest_windows(
    starts: Iterable[tuple[int, datetime]],
) -> dict[int, tuple[int, datetime, datetime]]:
    """Per account, the most attempts started within RAPID_WINDOW, and that window's bounds,
    for accounts that reach RAPID_ATTEMPTS (pure: plain data in, plain data out)."""
    by_user: dict[int, list[datetime]] = defaultdict(list)
    for user_id, started in starts:
        by_user[user_id].append(started)
    flagged = {}
    for user_id, moments in by_user.items():
        moments.sort()
        best, left = (0, moments[0], moments[0]), 0
        for right, moment in enumerate(moments):
            while moment - moments[left] > RAPID_WINDOW:
                left += 1
            if right - left + 1 > best[0]:
                best = (right - left + 1, moments[left], moment)
        if best[0] >= RAPID_ATTEMPTS:
            flagged[user_id] = best
    return flagged


def rapid_retakers(period: Period) -> list[RapidRetaker]:
    conditions = []
    if period.start is not None:
        conditions.append(Attempt.started_at >= period.start)
    if period.end is not None:
        conditions.append(Attempt.started_at < period.end)
    # Only accounts with enough attempts in the period can be flagged: the database counts,
    # and only their start times are read (not one row per attempt of the period). The count
    # reads the user index alone; previews (admins' tries of the draft) are left out after it.
    enough = (
        select(Attempt.user_id)
        .where(*conditions)
        .group_by(Attempt.user_id)
        .having(func.count() >= RAPID_ATTEMPTS)
    )
    statement = select(Attempt.user_id, Attempt.started_at).where(
        *conditions, Attempt.is_preview.is_(False), Attempt.user_id.in_(enough)
    )
    flagged = busiest_windows(db.session.execute(statement).all())
    if not flagged:
        return []
    people = {
        user.id: user for user in db.session.scalars(select(User).where(User.id.in_(list(flagged))))
    }
    return sorted(
        (
            RapidRetaker(uid, people[uid].full_name, people[uid].email, count, first, last)
            for uid, (count, first, last) in flagged.items()
        ),
        key=lambda r: (-r.attempts, r.first),
    )
