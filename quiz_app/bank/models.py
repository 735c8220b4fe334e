"""Question versions: the exact content an attempt showed, kept forever."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
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
