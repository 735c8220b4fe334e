"""Question versions (the exact content an attempt showed, kept forever) and exam versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now
from ..db_types import UTCDateTime
from ..extensions import db


class QuestionVersion(db.Model):
    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    block_id: Mapped[str] = mapped_column(String(64))
    block_title: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Set when the version was written by the bank editor; versions first seen in the files
    # (hand edits, the seed) have neither.
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(String(500))

    @property
    def text(self) -> str:
        return self.content["text"]

    @property
    def answer(self) -> str:
        return self.content["answer"]

    @property
    def points(self) -> int:
        return self.content["points"]

    def option_text(self, option_id: str) -> str:
        for option in self.content["options"]:
            if option["id"] == option_id:
                return option["text"]
        raise KeyError(option_id)


class ExamVersion(db.Model):
    """A published exam: the settings and the question versions candidates get, frozen.

    Numbered 1, 2, … without gaps: the unique number is what makes two admins publishing from
    the same base version collide, so only one of them succeeds (the optimistic lock).
    """

    __tablename__ = "exam_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    # ExamSettings as JSON (time limit, pass score, review and retake policies, shuffling).
    settings: Mapped[dict] = mapped_column(JSON)
    # [{"id", "title", "file"}] in the exam's order, blocks without active questions included.
    blocks: Mapped[list] = mapped_column(JSON)
    question_count: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    # Equal for equal settings, blocks and question versions: "the draft is what is published".
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str] = mapped_column(String(500))
    # Set on a rollback: the earlier version whose content this one republishes.
    source_version_id: Mapped[int | None] = mapped_column(ForeignKey("exam_version.id"))

    @property
    def pass_score(self) -> int:
        return self.settings["pass_score"]

    @property
    def time_limit_minutes(self) -> int:
        return self.settings["time_limit_minutes"]


class ExamVersionQuestion(db.Model):
    """One question of a published exam, in the order the exam lists it."""

    __tablename__ = "exam_version_question"

    exam_version_id: Mapped[int] = mapped_column(
        ForeignKey("exam_version.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    block_id: Mapped[str] = mapped_column(String(64))
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"), index=True)
