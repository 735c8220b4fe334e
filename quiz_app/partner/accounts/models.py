"""Client accounts that partners open for their clients, and the activity those accounts report."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...auth.models import User
from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db


class AccountStatus(enum.StrEnum):
    """What a partner and an admin see. `expired` is never stored: the clock decides it."""

    TRIAL = "trial"
    ACTIVE = "active"
    EXPIRED = "expired"
    BLOCKED = "blocked"


class StoredState(enum.StrEnum):
    """The `state` column: what was last decided by a person (or the store)."""

    TRIAL = "trial"
    ACTIVE = "active"
    BLOCKED = "blocked"


class EventKind(enum.StrEnum):
    LOGIN = "login"
    DEAL_CREATED = "deal_created"
    DEAL_WON = "deal_won"
    DEAL_LOST = "deal_lost"
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    TASK_DONE = "task_done"
    USER_HOURS = "user_hours"


def effective_status(
    state: str,
    trial_ends_at: datetime,
    active_until: datetime | None,
    moment: datetime,
) -> AccountStatus:
    """The status at `moment`: blocked wins; a trial or a paid period ends by the clock."""
    if state == StoredState.BLOCKED:
        return AccountStatus.BLOCKED
    if state == StoredState.ACTIVE:
        if active_until is None or moment < active_until:
            return AccountStatus.ACTIVE
        return AccountStatus.EXPIRED
    return AccountStatus.TRIAL if moment < trial_ends_at else AccountStatus.EXPIRED


class ClientAccount(db.Model):
    __tablename__ = "client_account"
    # The lists' order (newest first), per partner and for the admin.
    __table_args__ = (
        Index("ix_client_account_partner_created", "partner_id", "created_at", "id"),
        Index("ix_client_account_created", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    company: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(32))
    # Unique across the platform: the database settles two partners choosing one name at once.
    subdomain: Mapped[str] = mapped_column(String(63), unique=True)
    users_count: Mapped[int] = mapped_column(Integer)
    plan: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=StoredState.TRIAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    trial_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    # Only the SHA-256 of the API token is kept; the token itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_prefix: Mapped[str] = mapped_column(String(16))
    token_created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # The latest occurred_at of its events, kept by the events insert (rollups.py): the lists
    # read it instead of a max() over the whole events table.
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[User] = relationship()

    def status_at(self, moment: datetime) -> AccountStatus:
        return effective_status(self.state, self.trial_ends_at, self.active_until, moment)

    @property
    def status(self) -> AccountStatus:
        return self.status_at(now())

    def __repr__(self) -> str:
        return f"<ClientAccount {self.id} {self.subdomain} {self.state}>"


class AccountEvent(db.Model):
    """One thing that happened in a client's CRM, as reported through the events API."""

    __tablename__ = "client_account_event"
    # A client may send an event id; a retried batch then does not count twice.
    __table_args__ = (
        UniqueConstraint("account_id", "external_id"),
        Index("ix_client_account_event_account_time", "account_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("client_account.id", ondelete="CASCADE"))
    external_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    user_name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    amount: Mapped[int | None] = mapped_column(BigInteger)  # kopecks
    stage: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(200))
    task_type: Mapped[str | None] = mapped_column(String(100))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)


class AccountDay(db.Model):
    """Events of one account on one local day (DISPLAY_TIMEZONE), summed: the dashboard's source.

    `dim` names what `value` is: '' for the kind's total, 'stage' and 'source' for deals,
    'task' for tasks done by type, 'user' for logins by user. An absent stage, source or
    task type is '' (a key column cannot be NULL). Kept by the events insert in its own
    transaction (rollups.py); `flask rebuild-rollups` recounts it from the events.
    """

    __tablename__ = "client_account_day"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("client_account.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)  # kopecks
    seconds: Mapped[int] = mapped_column(BigInteger)
