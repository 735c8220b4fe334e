"""Reading the audit log with filters; entries and their actors in one query per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from ...audit import AuditEntry
from ...auth.models import User
from ...certificates.models import Certificate
from ...extensions import db
from ..people.services import Page

PER_PAGE = 100


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # words matched against the actor's name and email
    target_type: str = ""
    target_id: str = ""
    start: datetime | None = None  # aware UTC, inclusive
    end: datetime | None = None  # exclusive


def _statement(filters: AuditFilters):
    actor = aliased(User)
    statement = (
        select(AuditEntry)
        .outerjoin(actor, AuditEntry.actor)
        .options(contains_eager(AuditEntry.actor.of_type(actor)))
    )
    if filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    if filters.target_type:
        statement = statement.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id:
        statement = statement.where(AuditEntry.target_id == filters.target_id.strip())
    for word in filters.actor.split():
        statement = statement.where(
            or_(
                actor.full_name.icontains(word, autoescape=True),
                actor.email.icontains(word, autoescape=True),
            )
        )
    if filters.start is not None:
        statement = statement.where(AuditEntry.created_at >= filters.start)
    if filters.end is not None:
        statement = statement.where(AuditEntry.created_at < filters.end)
    return statement


def entries(filters: AuditFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    statement = _statement(filters)
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(-(-total // per_page), 1)
    page = min(max(page, 1), pages)
    rows = list(
        db.session.scalars(
            statement.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(rows=rows, total=total, page=page, per_page=per_page)


def known_values() -> tuple[list[str], list[str]]:
    """The actions and target types that occur in the log, for the filter's choices."""
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    types = db.session.scalars(
        select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)
    )
    return list(actions), list(types)


def target_objects(rows: list[AuditEntry]) -> dict[tuple[str, str], object]:
    """Users and certificates named by the entries, fetched in one query per kind."""
    user_ids = {int(e.target_id) for e in rows if e.target_type == "user" and e.target_id.isdigit()}
    numbers = {e.target_id for e in rows if e.target_type == "certificate"}
    found: dict[tuple[str, str], object] = {}
    if user_ids:
        for user in db.session.scalars(select(User).where(User.id.in_(user_ids))):
            found[("user", str(user.id))] = user
    if numbers:
        for certificate in db.session.scalars(
            select(Certificate).where(Certificate.number.in_(numbers))
        ):
            found[("certificate", certificate.number)] = certificate
    return found
