"""The editor's revision log and the row that serializes writes to the bank's files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...auth.models import User
from ...bank.models import QuestionVersion
from ...clock import now
from ...db_types import UTCDateTime
from ...extensions import db


class RevisionAction:
    CREATE = "create"
    EDIT = "edit"
    RETIRE = "retire"
    UNRETIRE = "unretire"
    RESTORE = "restore"
    IMPORT = "import"
    EXTERNAL = "external"  # the file changed outside the editor (a hand edit, a git pull)


class QuestionRevision(db.Model):
    """One saved change of one question.

    Versions are content-addressed (one row per distinct content), so restoring an old version
    reuses its row; the revision log is what records that it happened, by whom and when.
    """

    __tablename__ = "question_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), index=True)
    block_id: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(ForeignKey("question_version.id"))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    action: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(500))

    version: Mapped[QuestionVersion] = relationship(foreign_keys=[version_id])
    previous_version: Mapped[QuestionVersion | None] = relationship(
        foreign_keys=[previous_version_id]
    )
    author: Mapped[User | None] = relationship()


class BankWriteLock(db.Model):
    """A single row every bank write updates first: its row lock (PostgreSQL) or the write lock
    (SQLite) makes concurrent saves take turns, across processes and hosts."""

    __tablename__ = "bank_write_lock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    writes: Mapped[int] = mapped_column(Integer, default=0)
