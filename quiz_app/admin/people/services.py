"""Candidates, partners and admins: search, one person's record, and role changes."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import aliased, contains_eager

from ... import audit
from ...audit import AuditEntry
from ...auth import sessions
from ...auth.models import Role, User
from ...certificates import services as certificates
from ...certificates.models import Certificate
from ...clock import now
from ...exam import services as exam_services
from ...exam.models import Attempt, AttemptItem, Status
from ...exam.scoring import ScoreReport
from ...extensions import db

PER_PAGE = 50


# --- search --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    user: User
    finished_attempts: int
    best_score: int | None
    certified: bool


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)


def _matches(query: str):
    """Every word must appear in the name, the email or the company (case-insensitive)."""
    return and_(
        *(
            or_(
                User.full_name.icontains(word, autoescape=True),
                User.email.icontains(word, autoescape=True),
                User.company.icontains(word, autoescape=True),
            )
            for word in query.split()
        )
    )


def _certified_now():
    moment = now()
    return exists().where(
        Certificate.user_id == User.id,
        Certificate.revoked_at.is_(None),
        Certificate.valid_until > moment,
    )


def search(
    query: str = "", role: str | None = None, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """People matching the query, newest first, with attempt counts: one query for the page."""
    conditions = []
    if query.strip():
        conditions.append(_matches(query))
    if role:
        conditions.append(User.role == role)
    total = db.session.scalar(select(func.count()).select_from(User).where(*conditions))
    page = min(max(page, 1), max(math.ceil(total / per_page), 1))
    attempts = (
        select(
            Attempt.user_id,
            func.count().label("finished"),
            func.max(Attempt.score).label("best"),
        )
        .where(Attempt.status == Status.FINISHED)
        .group_by(Attempt.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, attempts.c.finished, attempts.c.best, _certified_now().label("certified"))
        .outerjoin(attempts, attempts.c.user_id == User.id)
        .where(*conditions)
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(
        rows=[
            PersonRow(user, finished or 0, best, bool(certified))
            for user, finished, best, certified in rows
        ],
        total=total,
        page=page,
        per_page=per_page,
    )


# --- one person ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptSummary:
    attempt: Attempt
    report: ScoreReport | None  # None while the attempt is open
    certificate: Certificate | None


@dataclass(frozen=True)
class PersonRecord:
    user: User
    attempts: list[AttemptSummary]
    certificates: list[Certificate]
    certified: bool
    audit: list[AuditEntry]


def person(user_id: int) -> PersonRecord | None:
    """Everything an admin needs about one account, in a fixed number of queries."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    attempts = list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id)
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        )
    )
    finished_ids = [a.id for a in attempts if a.status == Status.FINISHED]
    items_by_attempt: dict[int, list[AttemptItem]] = defaultdict(list)
    if finished_ids:
        for item in db.session.scalars(
            select(AttemptItem)
            .join(AttemptItem.version)
            .options(contains_eager(AttemptItem.version))
            .where(AttemptItem.attempt_id.in_(finished_ids))
            .order_by(AttemptItem.attempt_id, AttemptItem.position)
        ):
            items_by_attempt[item.attempt_id].append(item)
    held = certificates.of_user(user)
    by_attempt = {c.attempt_id: c for c in held}
    summaries = [
        AttemptSummary(
            attempt=a,
            report=(
                exam_services.report(a, items_by_attempt[a.id])
                if a.status == Status.FINISHED
                else None
            ),
            certificate=by_attempt.get(a.id),
        )
        for a in attempts
    ]
    return PersonRecord(
        user=user,
        attempts=summaries,
        certificates=held,
        certified=any(c.revoked_at is None and c.valid_until > now() for c in held),
        audit=_audit_about(user, [c.number for c in held]),
    )


def _audit_about(user: User, certificate_numbers: list[str], limit: int = 50) -> list[AuditEntry]:
    """Admin actions on this account or its certificates, newest first."""
    about = (AuditEntry.target_type == "user") & (AuditEntry.target_id == str(user.id))
    if certificate_numbers:
        about = about | (
            (AuditEntry.target_type == "certificate")
            & AuditEntry.target_id.in_(certificate_numbers)
        )
    actor = aliased(User)
    return list(
        db.session.scalars(
            select(AuditEntry)
            .outerjoin(actor, AuditEntry.actor)
            .options(contains_eager(AuditEntry.actor.of_type(actor)))
            .where(about)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


# --- roles ---------------------------------------------------------------------------------


class RoleChangeRefused(Exception):
    """code: self | last_admin | already_admin | not_admin | changed"""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def promote_to_admin(user_id: int, by: User) -> User:
    user = db.session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise LookupError(user_id)
    before = user.role
    if before == Role.ADMIN:
        db.session.rollback()
        raise RoleChangeRefused("already_admin")
    changed = db.session.execute(
        update(User)
        .where(User.id == user_id, User.role == before)
        .values(role=Role.ADMIN)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise RoleChangeRefused("changed")
    audit.record(
        by, "user.promote_admin", "user", user_id, {"role": str(before)}, {"role": Role.ADMIN.value}
    )
    db.session.commit()
    db.session.refresh(user)
    return user


def revoke_admin(user_id: int, by: User) -> User:
    """Take admin rights away; the account becomes a partner if it holds a valid certificate.

    Admins never lose the last admin: the admin rows are locked (PostgreSQL) and the UPDATE
    itself requires another admin to remain, so two admins demoting each other at the same
    moment cannot both succeed.
    """
    if user_id == by.id:
        raise RoleChangeRefused("self")
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    admins = set(
        db.session.scalars(select(User.id).where(User.role == Role.ADMIN).with_for_update())
    )
    if user_id not in admins:
        db.session.rollback()
        raise RoleChangeRefused("not_admin")
    if by.id not in admins:
        db.session.rollback()
        raise RoleChangeRefused("changed")
    new_role = Role.PARTNER if certificates.is_certified(user) else Role.CANDIDATE
    others = aliased(User)
    still_admin = (
        select(func.count())
        .select_from(others)
        .where(others.role == Role.ADMIN, others.id != user_id)
        .scalar_subquery()
    )
    changed = db.session.execute(
        update(User)
        .where(User.id == user_id, User.role == Role.ADMIN, still_admin >= 1)
        .values(role=new_role)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        raise RoleChangeRefused("last_admin")
    audit.record(
        by,
        "user.revoke_admin",
        "user",
        user_id,
        {"role": Role.ADMIN.value},
        {"role": new_role.value},
    )
    db.session.commit()
    db.session.refresh(user)
    return user


def sign_out_everywhere(user_id: int, by: User) -> tuple[User, int]:
    """End every sign-in of the account (a stolen cookie, a lost device); audited."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    ended = sessions.end_all(user)
    audit.record(by, "user.sign_out_everywhere", "user", user.id, after={"sessions": ended})
    db.session.commit()
    return user, ended
