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
from sqlalchemy import Date, case, delete, func, literal, select

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
    """Receiver of `exam.signals.attempts_finalized` (connected by create_app)."""
    zone = display_zone()
    for day, ids in _by_day(((a.attempt_id, a.finished_at) for a in attempts), zone).items():
        add_attempts(day, ids)


def rebuild(chunk: int = 2000) -> int:
    """Recount every sum from the finished attempts' answers; the number of attempts."""
    for model in (ItemSums, OptionCount, ExamSums):
        db.session.execute(delete(model))
    rows = db.session.execute(
        select(Attempt.id, Attempt.finished_at).where(
            Attempt.status == Status.FINISHED, Attempt.finished_at.is_not(None)
        )
    ).all()
    for day, ids in sorted(_by_day(rows, display_zone()).items()):
        for start in range(0, len(ids), chunk):
            add_attempts(day, ids[start : start + chunk])
    db.session.commit()
    return len(rows)


def _day_range(model, first: date | None, after: date | None) -> list:
    conditions = []
    if first is not None:
        conditions.append(model.day >= first)
    if after is not None:
        conditions.append(model.day < after)
    return conditions


def local_days(start: datetime | None, end: datetime | None, zone: tzinfo):
    """[first, after) local days of a period whose bounds are local midnights (None: open)."""
    return (
        start.astimezone(zone).date() if start else None,
        end.astimezone(zone).date() if end else None,
    )


def load_sums(
    first: date | None, after: date | None
) -> tuple[list[VersionSums], dict[int, dict[str | None, int]], tuple[int, float, float]]:
    """Per version sums, option counts and the exam's (N, Σ T, Σ T²) over [first, after)."""
    version_rows = [
        VersionSums(*row)
        for row in db.session.execute(
            select(
                ItemSums.question_version_id,
                *(func.sum(getattr(ItemSums, name)) for name in SUMMED),
                func.min(ItemSums.min_block),
                func.max(ItemSums.last_attempt_id),
            )
            .where(*_day_range(ItemSums, first, after))
            .group_by(ItemSums.question_version_id)
        )
    ]
    options: dict[int, dict[str | None, int]] = defaultdict(dict)
    for version_id, chosen, count in db.session.execute(
        select(OptionCount.question_version_id, OptionCount.chosen, func.sum(OptionCount.count))
        .where(*_day_range(OptionCount, first, after))
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
