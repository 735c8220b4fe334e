"""Reading progress: which lessons a signed-in user has opened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db


class LessonView(db.Model):
    """One row per (user, lesson), updated on every later visit.

    `lesson_id` is the id from the lesson's front matter, not a foreign key: lessons are
    files, and a row for a lesson that was later removed is harmless.
    """

    __tablename__ = "lesson_view"
    __table_args__ = (
        # Settles concurrent first visits (two tabs): both upsert into the same row.
        UniqueConstraint("user_id", "lesson_id", name="uq_lesson_view_user_id_lesson_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(64))
    first_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    last_viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    view_count: Mapped[int] = mapped_column(Integer, default=1)
