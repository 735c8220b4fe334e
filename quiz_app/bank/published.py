"""The published exam: the latest exam version in the database, as candidates get it.

Every instance reads the same rows, so all of them serve the new version the moment a publish
commits. Each process keeps the version it built last and asks the database only for the
newest version number (one indexed MAX(number), a fraction of a millisecond) each time a page
needs the exam: exam starts and the pages that describe the exam, never the answer saves or
block pages of an attempt under way, which read their own rows. Checking every N seconds
instead would save that query but leave a window in which two instances start attempts on
different versions; the query is cheap enough to close it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import func, select

from ..extensions import db
from .loader import Bank, LoadedBlock
from .models import ExamVersion, ExamVersionQuestion, QuestionVersion
from .schema import Block, ExamSettings, Question


class BankUnavailable(Exception):
    """There is no exam to serve."""


class NotPublished(BankUnavailable):
    """No exam version has been published yet (flask setup or publish-bank does it)."""


@dataclass(frozen=True)
class PublishedExam(Bank):
    """A published version rebuilt as a Bank, so the layout and the pages use it as they use
    the draft; it also knows each question's version row."""

    version_id: int = 0
    number: int = 0
    published_at: datetime | None = None
    note: str = ""
    version_ids: dict[str, int] | None = None  # question id -> question_version.id


def latest_number() -> int | None:
    return db.session.scalar(select(func.max(ExamVersion.number)))


def build(version: ExamVersion) -> PublishedExam:
    """The exam of one version row, from its members' stored content."""
    rows = db.session.execute(
        select(ExamVersionQuestion.block_id, QuestionVersion.id, QuestionVersion.content)
        .join(QuestionVersion, QuestionVersion.id == ExamVersionQuestion.question_version_id)
        .where(ExamVersionQuestion.exam_version_id == version.id)
        .order_by(ExamVersionQuestion.position)
    ).all()
    by_block: dict[str, list[Question]] = {}
    version_ids: dict[str, int] = {}
    for block_id, version_id, content in rows:
        question = Question.model_validate(content)
        by_block.setdefault(block_id, []).append(question)
        version_ids[question.id] = version_id
    blocks = tuple(
        LoadedBlock(
            Block(
                id=block["id"],
                title=block["title"],
                title_en=block.get("title_en"),
                questions=by_block[block["id"]],
            ),
            block["file"],
        )
        for block in version.blocks
        if by_block.get(block["id"])
    )
    return PublishedExam(
        settings=ExamSettings.model_validate(version.settings),
        blocks=blocks,
        directory="",
        fingerprint=version.fingerprint,
        version_id=version.id,
        number=version.number,
        published_at=version.created_at,
        note=version.note,
        version_ids=version_ids,
    )


class PublishedCache:
    """The last exam version this process built, replaced when a newer number appears."""

    def __init__(self):
        self._lock = threading.Lock()
        self._exam: PublishedExam | None = None
        self._settings: dict[int, ExamSettings] = {}
        self._titles: dict[int, list[str]] = {}

    def current(self) -> PublishedExam:
        number = latest_number()
        if number is None:
            raise NotPublished("no exam version has been published")
        exam = self._exam
        if exam is None or exam.number != number:
            with self._lock:
                exam = self._exam
                if exam is None or exam.number != number:
                    version = db.session.scalars(
                        select(ExamVersion).where(ExamVersion.number == number)
                    ).one()
                    exam = self._exam = build(version)
        return exam

    def settings_of(self, version_id: int) -> ExamSettings | None:
        """The settings of any version (an attempt's own), kept: versions never change."""
        settings = self._settings.get(version_id)
        if settings is None:
            stored = db.session.scalar(
                select(ExamVersion.settings).where(ExamVersion.id == version_id)
            )
            if stored is None:
                return None
            settings = self._settings[version_id] = ExamSettings.model_validate(stored)
        return settings

    def block_titles_of(self, version_id: int) -> list[str]:
        """The titles of a version's blocks that have questions, in the exam's order."""
        titles = self._titles.get(version_id)
        if titles is None:
            version = db.session.get(ExamVersion, version_id)
            if version is None:
                return []
            used = set(
                db.session.scalars(
                    select(ExamVersionQuestion.block_id)
                    .where(ExamVersionQuestion.exam_version_id == version_id)
                    .distinct()
                )
            )
            titles = [block["title"] for block in version.blocks if block["id"] in used]
            self._titles[version_id] = titles
        return titles


def init_app(app: Flask) -> None:
    from .titles import block_title

    app.extensions["published_exam"] = PublishedCache()
    app.jinja_env.filters["block_title"] = block_title


def current_exam() -> PublishedExam:
    """The latest published version; raises NotPublished when there is none."""
    return current_app.extensions["published_exam"].current()


def version_settings(version_id: int) -> ExamSettings | None:
    return current_app.extensions["published_exam"].settings_of(version_id)


def version_block_titles(version_id: int) -> list[str]:
    return current_app.extensions["published_exam"].block_titles_of(version_id)
