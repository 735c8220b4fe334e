"""Keeping and reading the sufficient statistics of item analysis (models.py).

`count_finalized` receives `exam.signals.attempts_finalized` inside the finalizing
transaction: a few set-wise INSERT … SELECT … ON CONFLICT DO UPDATE statements per local day
of the batch, so the sums commit or fail with the scores. `rebuild-statistics` recounts
them from the answers (after a restore, or a change of DISPLAY_TIMEZONE).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, tzinfo

import click
from flask.cli import with_appcontext
from sqlalchemy import Date, case, delete, func, literal, select, text

from ...exam.models import Attempt, AttemptItem, Status
from ...extensions import db
from ...i18n import display_zone
from ...sql import among, dialect_insert
from .analysis import VersionSums
from .models import ExamSums, ItemSums, OptionCount

SUMMED = ("attempts", "answered", "sum_x", "sum_xx", "sum_t", "sum_tt", "sum_xt")


def _upsert(model, keys: list[str], added: list[str], select_statement, extra=None):
    columns = keys + added + list(extra or {})
    statement = dialect_insert(model).from_select(columns, select_statement)
    excluded = statement.excluded
    set_ = {name: getattr(model, name) + getattr(excluded, name) for name in added}
    set_.update(
        {
            name: rule(getattr(model, name), getattr(excluded, name))
            for name, rule in (extra or {}).items()
        }
    )
    db.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=set_))


def _smaller(old, new):
    return case((new < old, new), else_=old)


def _larger(old, new):
    return case((new > old, new), else_=old)


def add_attempts(day: date, attempt_ids: list[int]) -> None:
    """Add finished attempts of one local day to the sums: set-wise, whatever their number."""
    item = AttemptItem
    x = func.coalesce(item.points_awarded, 0)
    totals = (
        select(item.attempt_id.label("attempt_id"), func.sum(x).label("t"))
        .where(among(item.attempt_id, attempt_ids))
        .group_by(item.attempt_id)
        .subquery()
    )
    t = totals.c.t
    on_day = literal(day, Date)
    _upsert(
        ItemSums,
        ["question_version_id", "day"],
        list(SUMMED),
        select(
            item.question_version_id,
            on_day,
            func.count(),
            func.count(item.chosen_option),
            func.sum(x),
            func.sum(x * x),
            func.sum(t),
            func.sum(t * t),
            func.sum(x * t),
            func.min(item.block_index),
            func.max(item.attempt_id),
        )
        .join(totals, totals.c.attempt_id == item.attempt_id)
        .where(among(item.attempt_id, attempt_ids))
        .group_by(item.question_version_id),
        extra={"min_block": _smaller, "last_attempt_id": _larger},
    )
    chosen = func.coalesce(item.chosen_option, "")
    _upsert(
        OptionCount,
        ["question_version_id", "day", "chosen"],
        ["count"],
        select(item.question_version_id, on_day, chosen, func.count())
        .where(among(item.attempt_id, attempt_ids))
        .group_by(item.question_version_id, chosen),
    )
    _upsert(
        ExamSums,
        ["day"],
        ["attempts", "sum_t", "sum_tt"],
        # HAVING: an aggregate over no attempt rows would still make one row, of NULL sums.
        select(on_day, func.count(), func.sum(t), func.sum(t * t))
        .where(t.is_not(None))
        .having(func.count() > 0),
    )


def _by_day(rows: Iterable[tuple[int, datetime]], zone: tzinfo) -> dict[date, list[int]]:
    days: dict[date, list[int]] = defaultdict(list)
    for attempt_id, finished_at in rows:
        days[finished_at.astimezone(zone).date()].append(attempt_id)
    return days


def count_finalized(sender=None, *, attempts=()) -> None:
    """Receiver of `exam.signals.attempts_finalized` (connected by create_app). An admin's
    preview of the draft is no candidate's attempt and is left out."""
    if not attempts:
        return
    previews = set(
        db.session.scalars(
            select(Attempt.id).where(
                among(Attempt.id, [a.attempt_id for a in attempts]), Attempt.is_preview.is_(True)
            )
        )
    )
    zone = display_zone()
    counted = ((a.attempt_id, a.finished_at) for a in attempts if a.attempt_id not in previews)
    for day, ids in _by_day(counted, zone).items():
        add_attempts(day, ids)


def rebuild(chunk: int = 2000) -> int:
    """Recount every sum from the finished attempts' answers; the number of attempts."""
    for model in (ItemSums, OptionCount, ExamSums):
        db.session.execute(delete(model))
    if db.session.get_bind().dialect.name == "postgresql":
        count = _rebuild_in_sql(display_zone().key)
        db.session.commit()
        return count
    rows = db.session.execute(
        select(Attempt.id, Attempt.finished_at).where(
            Attempt.status == Status.FINISHED,
            Attempt.finished_at.is_not(None),
            Attempt.is_preview.is_(False),
        )
    ).all()
    for day, ids in sorted(_by_day(rows, display_zone()).items()):
        for start in range(0, len(ids), chunk):
            add_attempts(day, ids[start : start + chunk])
    db.session.commit()
    return len(rows)


_FINISHED_DAYS = (
    "WITH a AS (SELECT id, ((finished_at AT TIME ZONE 'UTC') AT TIME ZONE :zone)::date AS day"
    " FROM attempt WHERE status = 'finished' AND finished_at IS NOT NULL AND NOT is_preview),"
    " t AS (SELECT attempt_id, sum(coalesce(points_awarded, 0)) AS t FROM attempt_item"
    " GROUP BY attempt_id)"
)


def _rebuild_in_sql(zone: str) -> int:
    """PostgreSQL: every sum in three INSERT … SELECT over all answers, the days computed by
    the database (a per-day loop over 100 000 attempts reads the answers 365 times).
    The same figures as `add_attempts`; the number of finished attempts."""
    x = "coalesce(i.points_awarded, 0)"
    statements = (
        "INSERT INTO item_sums (question_version_id, day, attempts, answered, sum_x, sum_xx,"
        " sum_t, sum_tt, sum_xt, min_block, last_attempt_id)"
        f" SELECT i.question_version_id, a.day, count(*), count(i.chosen_option), sum({x}),"
        f" sum({x} * {x}), sum(t.t), sum(t.t * t.t), sum({x} * t.t), min(i.block_index),"
        " max(i.attempt_id)"
        " FROM attempt_item i JOIN a ON a.id = i.attempt_id JOIN t ON t.attempt_id = i.attempt_id"
        " GROUP BY i.question_version_id, a.day",
        "INSERT INTO item_option_count (question_version_id, day, chosen, count)"
        " SELECT i.question_version_id, a.day, coalesce(i.chosen_option, ''), count(*)"
        " FROM attempt_item i JOIN a ON a.id = i.attempt_id"
        " GROUP BY i.question_version_id, a.day, coalesce(i.chosen_option, '')",
        "INSERT INTO exam_sums (day, attempts, sum_t, sum_tt)"
        " SELECT a.day, count(*), sum(t.t), sum(t.t * t.t) FROM t JOIN a ON a.id = t.attempt_id"
        " GROUP BY a.day",
    )
    for statement in statements:
        db.session.execute(text(_FINISHED_DAYS + " " + statement), {"zone": zone})
    return db.session.scalar(
        text(
            "SELECT count(*) FROM attempt"
            " WHERE status = 'finished' AND finished_at IS NOT NULL AND NOT is_preview"
        )
    )


def _day_range(model, first: date | None, after: date | None) -> list:
    conditions = []
    if first is not None:
        conditions.append(model.day >= first)
    if after is not None:
        conditions.append(model.day < after)
    return conditions


def _versions(model, version_ids: list[int] | None) -> list:
    return [] if version_ids is None else [among(model.question_version_id, version_ids)]


def local_days(start: datetime | None, end: datetime | None, zone: tzinfo):
    """[first, after) local days of a period whose bounds are local midnights (None: open)."""
    return (
        start.astimezone(zone).date() if start else None,
        end.astimezone(zone).date() if end else None,
    )


def load_sums(
    first: date | None, after: date | None, version_ids: list[int] | None = None
) -> tuple[list[VersionSums], dict[int, dict[str | None, int]], tuple[int, float, float]]:
    """Per version sums, option counts and the exam's (N, Σ T, Σ T²) over [first, after);
    only of `version_ids` when given (one question's page)."""
    version_rows = [
        VersionSums(*row)
        for row in db.session.execute(
            select(
                ItemSums.question_version_id,
                *(func.sum(getattr(ItemSums, name)) for name in SUMMED),
                func.min(ItemSums.min_block),
                func.max(ItemSums.last_attempt_id),
            )
            .where(*_day_range(ItemSums, first, after), *_versions(ItemSums, version_ids))
            .group_by(ItemSums.question_version_id)
        )
    ]
    options: dict[int, dict[str | None, int]] = defaultdict(dict)
    for version_id, chosen, count in db.session.execute(
        select(OptionCount.question_version_id, OptionCount.chosen, func.sum(OptionCount.count))
        .where(*_day_range(OptionCount, first, after), *_versions(OptionCount, version_ids))
        .group_by(OptionCount.question_version_id, OptionCount.chosen)
    ):
        options[version_id][chosen or None] = int(count)
    n, sum_t, sum_tt = db.session.execute(
        select(
            func.coalesce(func.sum(ExamSums.attempts), 0),
            func.coalesce(func.sum(ExamSums.sum_t), 0),
            func.coalesce(func.sum(ExamSums.sum_tt), 0),
        ).where(*_day_range(ExamSums, first, after))
    ).one()
    return version_rows, dict(options), (int(n), float(sum_t), float(sum_tt))


@click.command("rebuild-statistics")
@with_appcontext
def rebuild_statistics() -> None:
    """Recount the item analysis sums from the finished attempts' answers."""
    count = rebuild()
    click.echo(f"item statistics rebuilt from {count} finished attempts")
