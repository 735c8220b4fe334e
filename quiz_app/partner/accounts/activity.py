"""Reading an account's activity from the database for the dashboard and the events feed."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy import select

from ...clock import now
from ...extensions import db
from . import stats
from .models import AccountEvent, ClientAccount

FEED_LIMIT = 50


def _data(event: AccountEvent) -> stats.EventData:
    return stats.EventData(
        kind=event.kind,
        occurred_at=event.occurred_at,
        amount=event.amount,
        stage=event.stage,
        source=event.source,
        duration_seconds=event.duration_seconds,
        task_type=event.task_type,
        user_name=event.user_name,
    )


def dashboard(account: ClientAccount, period: str, zone: tzinfo) -> stats.Dashboard:
    moment = now()
    rows = db.session.scalars(
        select(AccountEvent).where(
            AccountEvent.account_id == account.id,
            AccountEvent.occurred_at >= stats.window_start(moment, zone),
        )
    )
    return stats.dashboard([_data(row) for row in rows], period, moment, zone)


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
