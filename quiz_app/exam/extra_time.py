"""Extra time for one candidate: a percentage and/or minutes on top of the exam's limit.

Granted by an admin with a reason (an accessibility need, a documented incident), for the
attempts the candidate starts from then on and, if asked, for the attempt already open. The
server's deadline is the only one that counts, so this is where the time is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from .. import audit
from ..auth.models import User
from ..bank.published import current_exam
from ..clock import now
from ..extensions import db
from .models import Attempt, Status, TimeAllowance, extra_minutes

MAX_PERCENT = 300
MAX_MINUTES = 600


class ExtraTimeRefused(ValueError):
    """The request cannot be granted; the message says why, for the admin."""


@dataclass(frozen=True)
class Granted:
    allowance: TimeAllowance
    exam_minutes: int
    limit_minutes: int
    open_attempt_deadline: object | None  # the new deadline, when the open attempt got the time


def allowance_of(user_id: int) -> TimeAllowance | None:
    return db.session.get(TimeAllowance, user_id)


def personal_limit(user_id: int, exam_minutes: int) -> int | None:
    """The candidate's limit when it differs from the exam's, else None."""
    allowance = allowance_of(user_id)
    return allowance.minutes_for(exam_minutes) if allowance is not None else None


def grant(
    user: User,
    *,
    percent: int,
    minutes: int,
    reason: str,
    by: User,
    open_attempt_too: bool,
) -> Granted:
    """Set the candidate's extra time (replacing any earlier grant); audited."""
    reason = reason.strip()
    if not 0 <= percent <= MAX_PERCENT or not 0 <= minutes <= MAX_MINUTES:
        raise ExtraTimeRefused("range")
    if percent == 0 and minutes == 0:
        raise ExtraTimeRefused("nothing")
    if not reason:
        raise ExtraTimeRefused("reason")
    exam_minutes = current_exam().settings.time_limit_minutes
    allowance = allowance_of(user.id)
    before = _describe(allowance)
    if allowance is None:
        allowance = TimeAllowance(user_id=user.id)
        db.session.add(allowance)
    allowance.extra_percent = percent
    allowance.extra_minutes = minutes
    allowance.reason = reason
    allowance.granted_by_id = by.id
    allowance.granted_at = now()
    limit = exam_minutes + extra_minutes(exam_minutes, percent, minutes)
    after = _describe(allowance) | {"limit_minutes": limit}
    new_deadline = None
    if open_attempt_too:
        attempt = _open_attempt(user.id)
        # An open attempt only ever gains time: granting less than it already has changes it
        # not at all, rather than cutting a candidate's time mid-exam.
        if attempt is not None and attempt.deadline > now() and limit > attempt.time_limit_minutes:
            added = limit - attempt.time_limit_minutes
            before["open_attempt_deadline"] = attempt.deadline.isoformat()
            attempt.deadline = attempt.deadline + timedelta(minutes=added)
            attempt.time_limit_minutes = limit
            new_deadline = attempt.deadline
            after["open_attempt_deadline"] = new_deadline.isoformat()
            after["open_attempt"] = attempt.id
    audit.record(by, "exam.extra_time_granted", "user", user.id, before=before, after=after)
    db.session.commit()
    return Granted(allowance, exam_minutes, limit, new_deadline)


def withdraw(user: User, by: User) -> bool:
    """Remove the extra time for future attempts (an open attempt keeps its deadline)."""
    allowance = allowance_of(user.id)
    if allowance is None:
        return False
    audit.record(by, "exam.extra_time_withdrawn", "user", user.id, before=_describe(allowance))
    db.session.delete(allowance)
    db.session.commit()
    return True


def _open_attempt(user_id: int) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.status == Status.IN_PROGRESS)
        .with_for_update()
    )


def _describe(allowance: TimeAllowance | None) -> dict:
    if allowance is None:
        return {}
    return {
        "extra_percent": allowance.extra_percent,
        "extra_minutes": allowance.extra_minutes,
        "reason": allowance.reason,
    }
