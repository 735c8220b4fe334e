"""Leads (requests from companies that need the CRM implemented) and their history."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...auth.models import User
from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db


class LeadStatus(enum.StrEnum):
    NEW = "new"
    IN_CONTACT = "in_contact"
    MEETING = "meeting"
    WON = "won"
    LOST = "lost"


OPEN_STATUSES = (LeadStatus.NEW, LeadStatus.IN_CONTACT, LeadStatus.MEETING)
CLOSED_STATUSES = (LeadStatus.WON, LeadStatus.LOST)

# The partner's path: forward one step at a time, or «lost» (with a reason) from any open step.
TRANSITIONS: dict[str, tuple[LeadStatus, ...]] = {
    LeadStatus.NEW: (LeadStatus.IN_CONTACT, LeadStatus.LOST),
    LeadStatus.IN_CONTACT: (LeadStatus.MEETING, LeadStatus.LOST),
    LeadStatus.MEETING: (LeadStatus.WON, LeadStatus.LOST),
    LeadStatus.WON: (),
    LeadStatus.LOST: (),
}


class LeadSource(enum.StrEnum):
    SITE = "site"
    API = "api"
    ADMIN = "admin"
    IMPORT = "import"


class EventKind(enum.StrEnum):
    CREATED = "created"
    TAKEN = "taken"
    STATUS = "status"
    REASSIGNED = "reassigned"
    CLOSED = "closed"


class Lead(db.Model):
    __tablename__ = "lead"
    __table_args__ = (
        # The open pool: untaken new leads, newest first.
        Index("ix_lead_pool", "status", "partner_id", "created_at"),
        # The pool filtered by city, in its order: a page is an index range, not a sort.
        Index(
            "ix_lead_pool_city",
            "city",
            "created_at",
            "id",
            postgresql_where=text("partner_id IS NULL AND status = 'new'"),
            sqlite_where=text("partner_id IS NULL AND status = 'new'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    city: Mapped[str] = mapped_column(String(100), index=True)
    industry: Mapped[str] = mapped_column(String(32), index=True)
    users_count: Mapped[int] = mapped_column(Integer)
    budget_kopecks: Mapped[int | None] = mapped_column(BigInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))
    source_detail: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(16), default=LeadStatus.NEW)
    lost_reason: Mapped[str | None] = mapped_column(Text)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    partner: Mapped[User | None] = relationship(foreign_keys=[partner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def next_statuses(self) -> tuple[LeadStatus, ...]:
        return TRANSITIONS.get(self.status, ())

    def __repr__(self) -> str:
        return f"<Lead {self.id} {self.company!r} {self.status} partner={self.partner_id}>"


class LeadEvent(db.Model):
    """One line of a lead's history: who did what, when, from which state to which."""

    __tablename__ = "lead_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    from_partner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    to_partner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    from_partner: Mapped[User | None] = relationship(foreign_keys=[from_partner_id])
    to_partner: Mapped[User | None] = relationship(foreign_keys=[to_partner_id])
