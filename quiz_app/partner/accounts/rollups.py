"""Client activity summed per account and local day, kept as events arrive.

The events insert hands the rows it really stored (its RETURNING, so an event id sent again
is not counted twice) to `add`, in the same transaction: the day rows and the account's
`last_activity_at` commit or fail with the events. The dashboard then reads at most a few
thousand day rows whatever the history, and the lists read one column.

Days are local days in DISPLAY_TIMEZONE, as every figure of the dashboard is. After a
restore, or a change of that zone, `flask rebuild-rollups` recounts everything from the
events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

import click
from flask.cli import with_appcontext
from sqlalchemy import case, delete, func, literal, select, text, update

from ...db_types import UTCDateTime
from ...extensions import db
from ...i18n import display_zone
from ...sql import dialect_insert
from .models import AccountDay, AccountEvent, ClientAccount

# Columns of an event the day rows are made from, in this order.
EVENT_COLUMNS = (
    AccountEvent.account_id,
    AccountEvent.kind,
    AccountEvent.occurred_at,
    AccountEvent.amount,
    AccountEvent.stage,
    AccountEvent.source,
    AccountEvent.task_type,
    AccountEvent.user_name,
    AccountEvent.duration_seconds,
)

Key = tuple[int, date, str, str, str]  # account, day, kind, dim, value


@dataclass
class Sums:
    events: int = 0
    amount: int = 0
    seconds: int = 0


def _dims(kind: str, stage, source, task_type, user_name) -> list[tuple[str, str]]:
    """The (dim, value) rows one event counts in, besides its kind's total."""
    dims = [("", "")]
    if kind in ("deal_created", "deal_won", "deal_lost") and stage:
        dims.append(("stage", stage))
    if kind == "deal_created":
        dims.append(("source", source or ""))
    elif kind == "task_done":
        dims.append(("task", task_type or ""))
    elif kind == "login" and user_name:
        dims.append(("user", user_name))
    return dims


def summed(events: Iterable[tuple], zone: tzinfo) -> dict[Key, Sums]:
    """Day rows of events given as tuples in EVENT_COLUMNS order (a pure function)."""
    rows: dict[Key, Sums] = {}
    for account_id, kind, occurred_at, amount, stage, source, task, user, seconds in events:
        day = occurred_at.astimezone(zone).date()
        for dim, value in _dims(kind, stage, source, task, user):
            sums = rows.get((account_id, day, kind, dim, value))
            if sums is None:
                sums = rows[(account_id, day, kind, dim, value)] = Sums()
            sums.events += 1
            sums.amount += amount or 0
            sums.seconds += seconds or 0
    return rows


def _as_values(rows: dict[Key, Sums]) -> list[dict]:
    # Sorted keys: two transactions adding to the same rows lock them in one order.
    return [
        {
            "account_id": key[0],
            "day": key[1],
            "kind": key[2],
            "dim": key[3],
            "value": key[4],
            "events": sums.events,
            "amount": sums.amount,
            "seconds": sums.seconds,
        }
        for key, sums in sorted(rows.items())
    ]


def _upsert(values: list[dict]) -> None:
    # Core executemany (batched VALUES); the ORM's bulk path would run it row by row.
    table = AccountDay.__table__
    statement = dialect_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["account_id", "day", "kind", "dim", "value"],
        set_={
            "events": table.c.events + statement.excluded.events,
            "amount": table.c.amount + statement.excluded.amount,
            "seconds": table.c.seconds + statement.excluded.seconds,
        },
    )
    db.session.connection().execute(statement, values)


def touch(account_id: int, latest: datetime) -> None:
    """Raise the account's last activity to `latest` (never lower it).

    Called before the events insert: the row lock it takes makes concurrent batches of one
    account take turns, so their day-row upserts cannot deadlock.
    """
    column, value = ClientAccount.last_activity_at, literal(latest, UTCDateTime)
    db.session.execute(
        update(ClientAccount)
        .where(ClientAccount.id == account_id)
        .values(
            last_activity_at=case((column.is_(None), value), (column < value, value), else_=column)
        )
        .execution_options(synchronize_session=False)
    )


def add(stored: Iterable[tuple]) -> None:
    """Count events just stored (tuples in EVENT_COLUMNS order) into the day rows."""
    values = _as_values(summed(stored, display_zone()))
    if values:
        _upsert(values)


def rebuild(batch: int = 50_000) -> int:
    """Recount every day row and last activity from the events; the number of day rows.

    One transaction: the pages see the old figures until it commits.
    """
    zone = display_zone()
    db.session.execute(delete(AccountDay))
    latest = (
        select(func.max(AccountEvent.occurred_at))
        .where(AccountEvent.account_id == ClientAccount.id)
        .scalar_subquery()
    )
    db.session.execute(
        update(ClientAccount)
        .values(last_activity_at=latest)
        .execution_options(synchronize_session=False)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        written = _rebuild_in_sql(zone.key)
        db.session.commit()
        return written
    written = 0
    # One account at a time keeps memory bounded by the largest account's day rows.
    account_ids = db.session.scalars(
        select(AccountEvent.account_id).distinct().order_by(AccountEvent.account_id)
    ).all()
    connection = db.session.connection()
    for account_id in account_ids:
        rows: dict[Key, Sums] = {}
        result = connection.execute(
            select(*EVENT_COLUMNS)
            .where(AccountEvent.account_id == account_id)
            .execution_options(yield_per=batch)
        )
        for part in result.partitions():
            for key, sums in summed(part, zone).items():
                total = rows.setdefault(key, Sums())
                total.events += sums.events
                total.amount += sums.amount
                total.seconds += sums.seconds
        values = _as_values(rows)
        for start in range(0, len(values), batch):
            connection.execute(dialect_insert(AccountDay.__table__), values[start : start + batch])
        written += len(values)
    db.session.commit()
    return written


def _rebuild_in_sql(zone: str) -> int:
    """PostgreSQL: the same day rows as `summed`, by one INSERT … SELECT over the events
    (tens of millions of rows are not read into Python). The dims follow `_dims`."""
    result = db.session.execute(
        text(
            "INSERT INTO client_account_day (account_id, day, kind, dim, value, events, amount,"
            " seconds)"
            " SELECT e.account_id, ((e.occurred_at AT TIME ZONE 'UTC') AT TIME ZONE :zone)::date,"
            "  e.kind, d.dim, d.value, count(*), sum(coalesce(e.amount, 0)),"
            "  sum(coalesce(e.duration_seconds, 0))"
            " FROM client_account_event e CROSS JOIN LATERAL (VALUES ('', ''),"
            "  (CASE WHEN e.kind IN ('deal_created', 'deal_won', 'deal_lost') AND e.stage <> ''"
            "   THEN 'stage' END, e.stage),"
            "  (CASE WHEN e.kind = 'deal_created' THEN 'source' END, coalesce(e.source, '')),"
            "  (CASE WHEN e.kind = 'task_done' THEN 'task' END, coalesce(e.task_type, '')),"
            "  (CASE WHEN e.kind = 'login' AND e.user_name <> '' THEN 'user' END, e.user_name)"
            " ) AS d(dim, value)"
            " WHERE d.dim IS NOT NULL"
            " GROUP BY 1, 2, 3, 4, 5"
        ),
        {"zone": zone},
    )
    return result.rowcount


@click.command("rebuild-rollups")
@with_appcontext
def rebuild_rollups() -> None:
    """Recount client activity per day and last activity from the stored events."""
    rows = rebuild()
    click.echo(f"{rows} day rows of client activity rebuilt")
