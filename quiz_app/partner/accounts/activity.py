"""Reading an account's activity from the database for the dashboard and the events feed."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy import select

from ...clock import now
from ...extensions import db
from . import stats
from .models import AccountDay, AccountEvent, ClientAccount

FEED_LIMIT = 50


def dashboard(account: ClientAccount, period: str, zone: tzinfo) -> stats.Dashboard:
    """The figures from the account's day rows (rollups.py), a few thousand rows at most.

    The day rows are local days of DISPLAY_TIMEZONE, which is the zone the pages pass.
    """
    moment = now()
    first = stats.window_start(moment, zone).astimezone(zone).date()
    rows = [
        stats.DayRow(*row)
        for row in db.session.execute(
            select(
                AccountDay.day,
                AccountDay.kind,
                AccountDay.dim,
                AccountDay.value,
                AccountDay.events,
                AccountDay.amount,
                AccountDay.seconds,
            ).where(AccountDay.account_id == account.id, AccountDay.day >= first)
        )
    ]
    return stats.dashboard_from_days(rows, period, moment, zone)


def feed(account: ClientAccount, kind: str | None = None, limit: int = FEED_LIMIT):
    """The newest events first, optionally of one kind."""
    statement = (
        select(AccountEvent)
        .where(AccountEvent.account_id == account.id)
        .order_by(AccountEvent.occurred_at.desc(), AccountEvent.id.desc())
        .limit(limit)
    )
    if kind:
        statement = statement.where(AccountEvent.kind == kind)
    return list(db.session.scalars(statement))
