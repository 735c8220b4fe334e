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

from sqlalchemy import ColumnElement, case, func, select

from ...bank.models import QuestionVersion
from ...exam.models import Attempt, AttemptItem, Status
from ...extensions import db
from ...i18n import display_zone
from ..filters import day_bounds
from . import sums
from .analysis import (
    AttemptRecord,
    Dataset,
    ExamCounts,
    FlagRules,
    ItemStats,
    Report,
    Response,
    VersionInfo,
    alpha_from_sums,
    analyse,
    exam_from_counts,
    exam_statistics,
    items_from_sums,
    median,
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


def _attempt_filter(period: Period, versions: set[int] | None = None) -> list[ColumnElement[bool]]:
    conditions = [
        Attempt.status == Status.FINISHED,
        Attempt.finished_at.is_not(None),
        Attempt.is_preview.is_(False),  # an admin's preview of the draft is no candidate's
    ]
    if versions is not None:
        # Attempts that showed any of these question versions (a question unchanged between
        # two exam versions has one version row, so its figures pool both exam versions).
        conditions.append(
            Attempt.id.in_(
                select(AttemptItem.attempt_id).where(AttemptItem.question_version_id.in_(versions))
            )
        )
    if period.start is not None:
        conditions.append(Attempt.finished_at >= period.start)
    if period.end is not None:
        conditions.append(Attempt.finished_at < period.end)
    return conditions


def load_attempts(period: Period, versions: set[int] | None = None) -> list[AttemptRecord]:
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
            .where(*_attempt_filter(period, versions))
            .order_by(Attempt.id)
        )
    ]


def load_exam_counts(period: Period, versions: set[int] | None = None) -> ExamCounts:
    """The exam's figures' inputs aggregated in the database: a row per distinct score."""
    conditions = _attempt_filter(period, versions)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    seconds = func.greatest(func.extract("epoch", Attempt.finished_at - Attempt.started_at), 0)
    aggregates = [
        func.count(),
        func.coalesce(func.sum(case((Attempt.passed.is_(True), 1), else_=0)), 0),
        func.max(Attempt.max_score),
        func.count(Attempt.pass_score.distinct()),
        func.min(Attempt.pass_score),
    ]
    if postgresql:
        # The mean of the two middle values for an even count, as `median` takes it.
        aggregates.append(func.percentile_cont(0.5).within_group(seconds))
    row = db.session.execute(select(*aggregates).where(*conditions)).one()
    n, passed, max_score, marks, mark = row[:5]
    if postgresql:
        duration = float(row[5]) if row[5] is not None else None
    else:
        # SQLite has no percentile and its date arithmetic is not exact to the microsecond:
        # the embedded database (small data) reads the durations.
        duration = median(
            max((finished - started).total_seconds(), 0.0)
            for started, finished in db.session.execute(
                select(Attempt.started_at, Attempt.finished_at).where(*conditions)
            )
        )
    score = func.coalesce(Attempt.score, 0)
    pairs = tuple(
        (value, count)
        for value, count in db.session.execute(
            select(score, func.count()).where(*conditions).group_by(score)
        )
    )
    return ExamCounts(
        score_counts=pairs,
        passed=int(passed),
        max_score=max_score,
        pass_score=mark if marks == 1 else None,
        median_duration_seconds=duration if n else None,
    )


def load_report(period: Period, rules: FlagRules, versions: set[int] | None = None) -> Report:
    """The report from the kept sums and counts per score: a few hundred rows.

    Only when the questions differ between the period's attempts (the bank changed within
    it) does Cronbach's alpha, over the questions every attempt showed, need the answers.
    With `versions` (the question versions of one exam version) the report is recomputed from
    those versions' answers: discrimination then correlates with the score on those questions
    alone, which the sums, kept with each attempt's whole score, cannot give.
    """
    if versions is not None:
        return analyse(load_dataset(period, versions), rules)
    counts = load_exam_counts(period)
    attempts = sum(count for _, count in counts.score_counts)
    first, after = sums.local_days(period.start, period.end, display_zone())
    rows, options, exam = sums.load_sums(first, after)
    versions = _versions_by_id([row.version_id for row in rows])
    items = items_from_sums(rows, options, versions, rules)
    alpha = alpha_from_sums(rows, versions, exam) if exam[0] == attempts else None
    if alpha is None:
        exam_stats = exam_statistics(load_dataset(period))
    else:
        exam_stats = exam_from_counts(counts, *alpha)
    return Report(exam=exam_stats, items=items)


def load_item(
    period: Period, rules: FlagRules, question_id: str, versions: set[int] | None = None
) -> ItemStats | None:
    """One question's figures, from the sums of its versions only (its page needs no more);
    with `versions`, recomputed as `load_report` does."""
    if versions is not None:
        items = load_report(period, rules, versions).items
        return next((item for item in items if item.question_id == question_id), None)
    ids = [
        version_id
        for version_id in db.session.scalars(
            select(QuestionVersion.id).where(QuestionVersion.question_id == question_id)
        )
    ]
    if not ids:
        return None
    first, after = sums.local_days(period.start, period.end, display_zone())
    rows, options, _exam = sums.load_sums(first, after, ids)
    versions = _versions_by_id([row.version_id for row in rows])
    items = items_from_sums(rows, options, versions, rules)
    return items[0] if items else None


def load_dataset(period: Period, versions: set[int] | None = None) -> Dataset:
    """The finished attempts of `period`; with `versions` (question_version ids, those of one
    exam version), only the responses to those versions."""
    conditions = _attempt_filter(period, versions)
    item_conditions = (
        [AttemptItem.question_version_id.in_(versions)] if versions is not None else []
    )
    attempts = load_attempts(period, versions)
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
                .where(*conditions, *item_conditions)
                .order_by(AttemptItem.attempt_id, AttemptItem.position)
            )
            .all()
        )
        responses = list(map(Response._make, rows))
    shown = (
        select(AttemptItem.question_version_id)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(*conditions, *item_conditions)
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
