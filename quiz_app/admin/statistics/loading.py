"""Loading the plain data the analysis needs: three queries, whatever the number of attempts.

Rows are fetched as tuples (no ORM objects, no lazy loads): attempts, their items, and the
question versions the items showed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select

from ...bank.models import QuestionVersion
from ...exam.models import Attempt, AttemptItem, Status
from ...extensions import db
from ...i18n import display_zone
from ..filters import day_bounds
from . import sums
from .analysis import (
    AttemptRecord,
    Dataset,
    FlagRules,
    Report,
    Response,
    VersionInfo,
    alpha_from_sums,
    exam_from_attempts,
    exam_statistics,
    items_from_sums,
)


@dataclass(frozen=True)
class Period:
    """Finished attempts with start <= finished_at < end (aware UTC; None is unbounded)."""

    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def from_dates(cls, first: date | None, last: date | None, zone: ZoneInfo) -> Period:
        """Whole local days, both ends inclusive, as the admin picked them."""
        return cls(*day_bounds(first, last, zone))


@contextmanager
def _cyclic_gc_paused():
    """Pause the cyclic garbage collector while tens of thousands of row tuples are made.

    Each burst of allocations otherwise triggers full collections that traverse every row
    made so far, most of the fetch time (`python -m bench.item_analysis`). Rows
    hold no reference cycles, so nothing is lost; the collector runs again right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _attempt_filter(period: Period) -> list[ColumnElement[bool]]:
    conditions = [Attempt.status == Status.FINISHED, Attempt.finished_at.is_not(None)]
    if period.start is not None:
        conditions.append(Attempt.finished_at >= period.start)
    if period.end is not None:
        conditions.append(Attempt.finished_at < period.end)
    return conditions


def load_attempts(period: Period) -> list[AttemptRecord]:
    return [
        AttemptRecord(
            id=row.id,
            score=row.score or 0,
            max_score=row.max_score,
            pass_score=row.pass_score,
            passed=bool(row.passed),
            duration_seconds=max((row.finished_at - row.started_at).total_seconds(), 0.0),
        )
        for row in db.session.execute(
            select(
                Attempt.id,
                Attempt.score,
                Attempt.max_score,
                Attempt.pass_score,
                Attempt.passed,
                Attempt.started_at,
                Attempt.finished_at,
            )
            .where(*_attempt_filter(period))
            .order_by(Attempt.id)
        )
    ]


def load_report(period: Period, rules: FlagRules) -> Report:
    """The report from the kept sums (a few hundred rows) and one row per attempt.

    Only when the questions differ between the period's attempts (the bank changed within
    it) does Cronbach's alpha, over the questions every attempt showed, need the answers.
    """
    attempts = load_attempts(period)
    first, after = sums.local_days(period.start, period.end, display_zone())
    rows, options, exam = sums.load_sums(first, after)
    versions = _versions_by_id([row.version_id for row in rows])
    items = items_from_sums(rows, options, versions, rules)
    alpha = alpha_from_sums(rows, versions, exam) if exam[0] == len(attempts) else None
    if alpha is None:
        exam_stats = exam_statistics(load_dataset(period))
    else:
        exam_stats = exam_from_attempts(attempts, *alpha)
    return Report(exam=exam_stats, items=items)


def load_dataset(period: Period) -> Dataset:
    conditions = _attempt_filter(period)
    attempts = load_attempts(period)
    # Core execution skips the ORM's per-row bookkeeping; the columns are labelled and ordered
    # as Response's fields, so each row becomes a Response without a Python-level loop.
    with _cyclic_gc_paused():
        rows = (
            db.session.connection()
            .execute(
                select(
                    AttemptItem.attempt_id,
                    AttemptItem.question_id,
                    AttemptItem.question_version_id.label("version_id"),
                    AttemptItem.block_index,
                    AttemptItem.chosen_option.label("chosen"),
                    func.coalesce(AttemptItem.points_awarded, 0).label("score"),
                )
                .join(Attempt, Attempt.id == AttemptItem.attempt_id)
                .where(*conditions)
                .order_by(AttemptItem.attempt_id, AttemptItem.position)
            )
            .all()
        )
        responses = list(map(Response._make, rows))
    shown = (
        select(AttemptItem.question_version_id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(*conditions)
        .distinct()
    )
    versions = _versions(shown)
    return Dataset(attempts=attempts, responses=responses, versions=versions)


def _versions(ids) -> dict[int, VersionInfo]:
    """The versions whose ids `ids` (a subquery or a list) gives."""
    return {
        row.id: _version_info(row)
        for row in db.session.execute(
            select(
                QuestionVersion.id,
                QuestionVersion.question_id,
                QuestionVersion.block_title,
                QuestionVersion.content,
            ).where(QuestionVersion.id.in_(ids))
        )
    }


def _versions_by_id(ids: list[int]) -> dict[int, VersionInfo]:
    return _versions(ids) if ids else {}


def _version_info(row) -> VersionInfo:
    content = row.content
    return VersionInfo(
        id=row.id,
        question_id=row.question_id,
        block_title=row.block_title,
        text=content["text"],
        points=content.get("points", 1),
        answer=content["answer"],
        options=tuple((option["id"], option["text"]) for option in content["options"]),
    )
