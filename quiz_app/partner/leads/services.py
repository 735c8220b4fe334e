"""Lead rules: create, take (atomically), move through statuses, reassign, close.

Every change that can race is a conditional UPDATE whose WHERE states what the caller saw;
an UPDATE that matches no row means somebody else got there first, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select, text, update

from ... import audit, links
from ...auth import notices
from ...auth.models import User
from ...certificates.models import Certificate
from ...clock import now
from ...extensions import db
from .models import (
    OPEN_STATUSES,
    TRANSITIONS,
    EventKind,
    Lead,
    LeadEvent,
    LeadSource,
    LeadStatus,
)
from .validation import LeadIn

MIN_REASON = 3


class LeadError(Exception):
    """code names what went wrong; routes turn it into a message for people."""

    def __init__(self, code: str, **details):
        self.code = code
        self.details = details
        super().__init__(code)


class LeadNotFound(LeadError):
    def __init__(self):
        super().__init__("not_found")


# --- creating ------------------------------------------------------------------------------


def _new_lead(data: LeadIn, source: LeadSource, actor: User | None, detail: str | None) -> Lead:
    moment = now()
    lead = Lead(
        **data.model_dump(exclude={"source_detail"}),
        source=source,
        source_detail=data.source_detail or detail,
        created_at=moment,
        updated_at=moment,
        created_by_id=actor.id if actor is not None else None,
        status=LeadStatus.NEW,
    )
    db.session.add(lead)
    db.session.flush()
    db.session.add(
        LeadEvent(
            lead_id=lead.id,
            created_at=moment,
            actor_id=lead.created_by_id,
            kind=EventKind.CREATED,
            to_status=LeadStatus.NEW,
            note=source.value,
        )
    )
    return lead


def create(
    data: LeadIn,
    source: LeadSource,
    actor: User | None = None,
    detail: str | None = None,
) -> Lead:
    """Save one validated lead. Admin-created leads are written to the audit log."""
    lead = _new_lead(data, source, actor, detail)
    if source == LeadSource.ADMIN and actor is not None:
        audit.record(actor, "lead.create", "lead", lead.id, after=snapshot(lead))
    db.session.commit()
    return lead


def import_many(rows: Iterable[LeadIn], filename: str, actor: User) -> list[Lead]:
    """Save every row in one transaction: all of them or, on any failure, none."""
    leads = [_new_lead(row, LeadSource.IMPORT, actor, filename[:200]) for row in rows]
    audit.record(
        actor,
        "lead.import",
        "lead_import",
        filename[:64],
        after={"count": len(leads), "lead_ids": [lead.id for lead in leads]},
    )
    db.session.commit()
    return leads


def snapshot(lead: Lead) -> dict:
    """The fields an audit entry records."""
    return {
        "company": lead.company,
        "city": lead.city,
        "industry": lead.industry,
        "status": lead.status,
        "partner_id": lead.partner_id,
        "lost_reason": lead.lost_reason,
    }


# --- reading -------------------------------------------------------------------------------


def pool_filter(statement: Select, city: str | None, industry: str | None) -> Select:
    if city:
        statement = statement.where(Lead.city == city)
    if industry:
        statement = statement.where(Lead.industry == industry)
    return statement


def pool_query(city: str | None = None, industry: str | None = None) -> Select:
    """Open leads nobody has taken, newest first."""
    statement = select(Lead).where(Lead.partner_id.is_(None), Lead.status == LeadStatus.NEW)
    return pool_filter(statement, city, industry).order_by(Lead.created_at.desc(), Lead.id.desc())


_POOL_CITIES = text(
    # A loose index scan: one probe of ix_lead_pool_city per city, not a read of every lead.
    # 'new' is written out (LeadStatus.NEW) as in the index's predicate, which it must match.
    "WITH RECURSIVE c(city) AS ("
    " SELECT min(city) FROM lead WHERE partner_id IS NULL AND status = 'new'"
    " UNION ALL"
    " SELECT (SELECT min(city) FROM lead"
    "  WHERE partner_id IS NULL AND status = 'new' AND city > c.city)"
    " FROM c WHERE c.city IS NOT NULL"
    ") SELECT city FROM c WHERE city IS NOT NULL ORDER BY city"
)


def pool_cities() -> list[str]:
    return list(db.session.scalars(_POOL_CITIES))


def owned_query(partner: User, status: str | None = None) -> Select:
    """The partner's own leads: open ones first, then by when they were taken."""
    statement = select(Lead).where(Lead.partner_id == partner.id)
    if status:
        statement = statement.where(Lead.status == status)
    return statement.order_by(
        Lead.status.in_([s.value for s in OPEN_STATUSES]).desc(),
        Lead.taken_at.desc(),
        Lead.id.desc(),
    )


def status_counts(partner: User) -> dict[str, int]:
    rows = db.session.execute(
        select(Lead.status, func.count()).where(Lead.partner_id == partner.id).group_by(Lead.status)
    )
    return {status: count for status, count in rows}


def history(lead: Lead) -> list[LeadEvent]:
    return list(
        db.session.scalars(
            select(LeadEvent)
            .where(LeadEvent.lead_id == lead.id)
            .order_by(LeadEvent.created_at, LeadEvent.id)
        )
    )


def admin_query(
    status: str | None = None,
    city: str | None = None,
    industry: str | None = None,
    partner_id: int | None = None,
    unassigned: bool = False,
    source: str | None = None,
    search: str | None = None,
) -> Select:
    statement = pool_filter(select(Lead), city, industry)
    if status:
        statement = statement.where(Lead.status == status)
    if unassigned:
        statement = statement.where(Lead.partner_id.is_(None))
    elif partner_id:
        statement = statement.where(Lead.partner_id == partner_id)
    if source:
        statement = statement.where(Lead.source == source)
    if search:
        # autoescape: a typed % or _ is a character to find, not a wildcard.
        statement = statement.where(
            Lead.company.icontains(search, autoescape=True)
            | Lead.contact_name.icontains(search, autoescape=True)
            | Lead.phone.icontains(search, autoescape=True)
            | Lead.email.icontains(search, autoescape=True)
        )
    return statement.order_by(Lead.created_at.desc(), Lead.id.desc())


def all_cities() -> list[str]:
    return list(db.session.scalars(select(Lead.city).distinct().order_by(Lead.city)))


def certified_partners() -> list[User]:
    """Users holding a valid certificate now: the people a lead can be given to."""
    moment = now()
    valid = select(Certificate.user_id).where(
        Certificate.revoked_at.is_(None), Certificate.valid_until > moment
    )
    return list(
        db.session.scalars(
            select(User).where(User.id.in_(valid)).order_by(User.company, User.full_name)
        )
    )


# --- the partner's actions -----------------------------------------------------------------


def take(lead_id: int, partner: User) -> Lead:
    """Make `partner` the owner of an open lead. Exactly one of any number of racers wins.

    Raises LeadError("taken") when somebody else owns it or it is closed, ("yours") when the
    partner already owns it, LeadNotFound when there is no such lead.
    """
    moment = now()
    claimed = db.session.execute(
        update(Lead)
        .where(Lead.id == lead_id, Lead.partner_id.is_(None), Lead.status == LeadStatus.NEW)
        .values(partner_id=partner.id, taken_at=moment, updated_at=moment)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        owner = db.session.execute(select(Lead.partner_id).where(Lead.id == lead_id)).first()
        if owner is None:
            raise LeadNotFound()
        raise LeadError("yours" if owner.partner_id == partner.id else "taken")
    db.session.add(
        LeadEvent(
            lead_id=lead_id,
            created_at=moment,
            actor_id=partner.id,
            kind=EventKind.TAKEN,
            to_partner_id=partner.id,
        )
    )
    db.session.commit()
    return db.session.get(Lead, lead_id, populate_existing=True)


def change_status(
    lead: Lead, partner: User, expected: str, target: str, reason: str | None = None
) -> Lead:
    """Move the partner's lead from `expected` (what their page showed) to `target`.

    LeadError codes: "stale" (the status is no longer `expected`), "transition" (not a
    step the flow allows), "reason" (a lost lead needs a reason).
    """
    if target not in TRANSITIONS.get(expected, ()):
        raise LeadError("transition", current=expected, target=target)
    reason = " ".join((reason or "").split()) or None
    if target == LeadStatus.LOST and (reason is None or len(reason) < MIN_REASON):
        raise LeadError("reason")
    moment = now()
    closing = target in (LeadStatus.WON, LeadStatus.LOST)
    values = {"status": target, "updated_at": moment}
    if closing:
        values["closed_at"] = moment
    if target == LeadStatus.LOST:
        values["lost_reason"] = reason
    changed = db.session.execute(
        update(Lead)
        .where(Lead.id == lead.id, Lead.partner_id == partner.id, Lead.status == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(lead)
        raise LeadError("stale", current=lead.status)
    db.session.add(
        LeadEvent(
            lead_id=lead.id,
            created_at=moment,
            actor_id=partner.id,
            kind=EventKind.STATUS,
            from_status=expected,
            to_status=target,
            note=reason if target == LeadStatus.LOST else None,
        )
    )
    db.session.commit()
    db.session.refresh(lead)
    return lead


# --- the admin's actions -------------------------------------------------------------------


def reassign(lead: Lead, to_partner: User | None, admin: User, note: str | None = None) -> Lead:
    """Give an open lead to another partner, or back to the pool (to_partner None).

    The UPDATE is conditional on the owner and status the admin saw, so a partner taking or
    moving the lead at the same moment makes this fail cleanly ("stale") instead of being
    overwritten.
    """
    if not lead.is_open:
        raise LeadError("closed")
    previous_partner, previous_status = lead.partner_id, lead.status
    target_id = to_partner.id if to_partner is not None else None
    if target_id == previous_partner:
        raise LeadError("same_partner")
    if to_partner is not None and to_partner.id not in {u.id for u in certified_partners()}:
        raise LeadError("not_partner")
    moment = now()
    values: dict = {"partner_id": target_id, "updated_at": moment}
    if to_partner is None:
        values.update(status=LeadStatus.NEW, taken_at=None)
    else:
        values["taken_at"] = moment
    _update_if_unchanged(lead, previous_partner, previous_status, values)
    note = " ".join((note or "").split()) or None
    db.session.add(
        LeadEvent(
            lead_id=lead.id,
            created_at=moment,
            actor_id=admin.id,
            kind=EventKind.REASSIGNED,
            from_status=previous_status,
            to_status=values.get("status", previous_status),
            from_partner_id=previous_partner,
            to_partner_id=target_id,
            note=note,
        )
    )
    before = snapshot(lead)
    db.session.refresh(lead)
    audit.record(admin, "lead.reassign", "lead", lead.id, before=before, after=snapshot(lead))
    if to_partner is not None:
        notices.notify(
            to_partner,
            "lead_assigned",
            "lead_notices",
            company=lead.company,
            city=lead.city,
            lead_url=links.absolute_url("partner.leads.detail", lead_id=lead.id),
        )
    db.session.commit()
    return lead


def _update_if_unchanged(
    lead: Lead, previous_partner: int | None, previous_status: str, values: dict
) -> None:
    """Apply an admin's change only if the owner and status are still those the admin saw.

    Raises LeadError("stale") and rolls back when a partner or another admin got there first.
    """
    owner_clause = (
        Lead.partner_id.is_(None)
        if previous_partner is None
        else Lead.partner_id == previous_partner
    )
    changed = db.session.execute(
        update(Lead)
        .where(Lead.id == lead.id, owner_clause, Lead.status == previous_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(lead)
        raise LeadError("stale")


def close(lead: Lead, outcome: str, reason: str | None, admin: User) -> Lead:
    """Close an open lead as won or lost (lost needs a reason), e.g. spam or a duplicate."""
    if not lead.is_open:
        raise LeadError("closed")
    if outcome not in (LeadStatus.WON, LeadStatus.LOST):
        raise LeadError("transition", current=lead.status, target=outcome)
    reason = " ".join((reason or "").split()) or None
    if outcome == LeadStatus.LOST and (reason is None or len(reason) < MIN_REASON):
        raise LeadError("reason")
    previous_status, previous_partner = lead.status, lead.partner_id
    moment = now()
    values: dict = {"status": outcome, "updated_at": moment, "closed_at": moment}
    if outcome == LeadStatus.LOST:
        values["lost_reason"] = reason
    _update_if_unchanged(lead, previous_partner, previous_status, values)
    db.session.add(
        LeadEvent(
            lead_id=lead.id,
            created_at=moment,
            actor_id=admin.id,
            kind=EventKind.CLOSED,
            from_status=previous_status,
            to_status=outcome,
            note=reason,
        )
    )
    before = snapshot(lead)
    db.session.refresh(lead)
    after = snapshot(lead)
    if reason and outcome == LeadStatus.WON:
        after["note"] = reason
    audit.record(admin, "lead.close", "lead", lead.id, before=before, after=after)
    db.session.commit()
    return lead
