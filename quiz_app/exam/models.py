"""Attempts and the questions each attempt showed, in the order it showed them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..bank.models import QuestionVersion
from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db

# Percent of each PostgreSQL page filled by inserts; the rest is left for updated row versions.
ATTEMPT_FILLFACTOR = 70
ITEM_FILLFACTOR = 50


class Status(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class FinishReason(enum.StrEnum):
    SUBMITTED = "submitted"
    EXPIRED = "expired"


class Attempt(db.Model):
    __tablename__ = "attempt"
    __table_args__ = (
        # At most one open attempt per candidate, even when two tabs start at once.
        Index(
            "uq_attempt_one_open_per_user",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'in_progress'"),
            postgresql_where=text("status = 'in_progress'"),
        ),
        # Every answer save updates the attempt's row: room on its page lets PostgreSQL
        # update it in place (a HOT update), without new entries in the row's indexes.
        {"postgresql_with": {"fillfactor": ATTEMPT_FILLFACTOR}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=Status.IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    current_block: Mapped[int] = mapped_column(Integer, default=0)
    time_limit_minutes: Mapped[int] = mapped_column(Integer)
    pass_score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    question_count: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[int | None] = mapped_column(Integer)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    # Counts the answers saved: finalization scores what it read and then checks, when it
    # closes the attempt, that no answer arrived in between (see exam.finishing).
    answer_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The published exam version it was started on (None: started before versions existed, or
    # a preview of the draft). Its settings, not today's, govern the attempt's result page.
    exam_version_id: Mapped[int | None] = mapped_column(ForeignKey("exam_version.id"))
    # An admin taking the draft: never in statistics, never certified, marked on its pages.
    is_preview: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    items: Mapped[list[AttemptItem]] = relationship(
        back_populates="attempt", order_by="AttemptItem.position", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.status == Status.IN_PROGRESS

    @property
    def duration(self):
        end = self.finished_at or now()
        return end - self.started_at


class AttemptItem(db.Model):
    __tablename__ = "attempt_item"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        UniqueConstraint("attempt_id", "question_id"),
        # Each item is updated when answered and again when scored; see Attempt.
        {"postgresql_with": {"fillfactor": ITEM_FILLFACTOR}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    block_index: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str] = mapped_column(String(64))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    option_order: Mapped[list] = mapped_column(JSON)
    chosen_option: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_correct: Mapped[bool | None] = mapped_column(Boolean)
    points_awarded: Mapped[int | None] = mapped_column(Integer)
    # Marked by the candidate to come back to before submitting; it changes nothing in scoring.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    attempt: Mapped[Attempt] = relationship(back_populates="items")
    version: Mapped[QuestionVersion] = relationship(lazy="joined")


class TimeAllowance(db.Model):
    """Extra time an admin granted one candidate for the attempts they start from now on."""

    __tablename__ = "time_allowance"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    extra_percent: Mapped[int] = mapped_column(Integer, default=0)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(500))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    def minutes_for(self, base_minutes: int) -> int:
        """The time limit of an attempt whose exam allows `base_minutes`."""
        return base_minutes + extra_minutes(base_minutes, self.extra_percent, self.extra_minutes)


def extra_minutes(base_minutes: int, percent: int, minutes: int) -> int:
    """Minutes added to `base_minutes` by `percent` (rounded up) and `minutes`."""
    return -(-base_minutes * percent // 100) + minutes
