"""Day rows and last activity kept by the events insert equal a recount from the raw events."""

from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select

from quiz_app import clock
from quiz_app.extensions import db
from quiz_app.partner.accounts import activity, events, rollups, simulate, stats
from quiz_app.partner.accounts.models import AccountDay, AccountEvent, ClientAccount

from ..conftest import START

MSK = ZoneInfo("Europe/Moscow")


def kept_rows() -> dict:
    return {
        (r.account_id, r.day, r.kind, r.dim, r.value): (r.events, r.amount, r.seconds)
        for r in db.session.scalars(select(AccountDay))
    }


def recount() -> dict:
    """The day rows summed from every stored event, by the pure function."""
    raw = db.session.execute(select(*rollups.EVENT_COLUMNS)).all()
    return {key: (s.events, s.amount, s.seconds) for key, s in rollups.summed(raw, MSK).items()}


def raw_events(account) -> list[stats.EventData]:
    return [
        stats.EventData(
            kind=e.kind,
            occurred_at=e.occurred_at,
            amount=e.amount,
            stage=e.stage,
            source=e.source,
            duration_seconds=e.duration_seconds,
            task_type=e.task_type,
            user_name=e.user_name,
        )
        for e in db.session.scalars(
            select(AccountEvent).where(AccountEvent.account_id == account.id)
        )
    ]


def last_activity() -> dict:
    kept = dict(db.session.execute(select(ClientAccount.id, ClientAccount.last_activity_at)).all())
    latest = dict(
        db.session.execute(
            select(AccountEvent.account_id, func.max(AccountEvent.occurred_at)).group_by(
                AccountEvent.account_id
            )
        ).all()
    )
    return {account_id: (kept[account_id], latest.get(account_id)) for account_id in kept}


def with_ids(payload: list[dict], prefix: str) -> list[dict]:
    return [{**event, "id": f"{prefix}-{n}"} for n, event in enumerate(payload)]


def send(account, payload: list[dict]) -> tuple[int, int]:
    stored = events.record(account, events.parse({"events": payload}, clock.now()))
    db.session.expire_all()
    return stored


def assert_dashboards_match(account) -> None:
    raw = raw_events(account)
    for period in stats.PERIODS:
        old = stats.dashboard(raw, period, clock.now(), MSK)
        assert activity.dashboard(account, period, MSK) == old, period


@pytest.fixture
def accounts(partner, make_account):
    return make_account(partner, users_count=6)[0], make_account(partner, users_count=2)[0]


def test_batches_retries_and_events_without_ids_match_a_recount(app, accounts):
    busy, quiet = accounts
    generated = with_ids(simulate.generate(random.Random("r"), 6, 65, START, MSK), "r")
    assert len(generated) > 2000
    # Without ids some events cannot be recognised as repeats; they are stored (and counted).
    anonymous = [{k: v for k, v in e.items() if k != "id"} for e in generated[:300]]
    assert send(busy, anonymous) == (300, 0)
    for start in range(300, len(generated), 1000):
        batch = generated[start : start + 1000]
        assert send(busy, batch) == (len(batch), 0)
    # A retried batch, and one half old, half new: only the new events count.
    assert send(busy, generated[300:1300]) == (0, 1000)
    small = with_ids(simulate.generate(random.Random("q"), 2, 40, START, MSK), "q")
    half = len(small) // 2
    send(quiet, small[:half])
    assert send(quiet, small) == (len(small) - half, half)

    assert kept_rows() == recount()
    assert all(kept == latest for kept, latest in last_activity().values())
    assert_dashboards_match(busy)
    assert_dashboards_match(quiet)
    board = activity.dashboard(busy, "month", MSK)
    assert board.deals.new_count > 0 and board.calls.outgoing > 0 and board.active_users > 1


def test_a_late_event_never_lowers_the_last_activity(app, accounts):
    busy, _ = accounts
    send(busy, [{"type": "login", "user": "Анна", "id": "a"}])
    newest = db.session.get(ClientAccount, busy.id).last_activity_at
    assert newest == START
    older = (START - timedelta(days=3)).isoformat()
    send(busy, [{"type": "login", "user": "Борис", "id": "b", "occurred_at": older}])
    assert db.session.get(ClientAccount, busy.id).last_activity_at == START
    assert kept_rows() == recount()


def test_days_are_local_days_of_the_display_zone(app, accounts):
    busy, _ = accounts
    # 21:30 UTC is 00:30 the next day in Moscow.
    late = START.replace(hour=21, minute=30) - timedelta(days=2)
    send(busy, [{"type": "call_in", "duration": 60, "occurred_at": late.isoformat()}])
    (day,) = db.session.scalars(select(AccountDay.day).distinct())
    assert day == late.astimezone(MSK).date() != late.date()
    assert_dashboards_match(busy)


def test_deleting_an_account_takes_its_day_rows(app, accounts):
    busy, quiet = accounts
    send(busy, simulate.generate(random.Random("d"), 3, 10, START, MSK)[:500])
    send(quiet, simulate.generate(random.Random("e"), 2, 10, START, MSK)[:200])
    db.session.execute(delete(ClientAccount).where(ClientAccount.id == busy.id))
    db.session.commit()
    rows = kept_rows()
    assert rows and {key[0] for key in rows} == {quiet.id}
    assert rows == recount()


def test_rebuild_recounts_after_events_are_removed_or_restored(app, accounts, runner):
    busy, quiet = accounts
    send(busy, simulate.generate(random.Random("f"), 4, 20, START, MSK))
    send(quiet, simulate.generate(random.Random("g"), 2, 20, START, MSK)[:300])
    incremental = kept_rows()
    # A restore brings back events without their day rows; the command recounts them.
    db.session.execute(delete(AccountDay))
    db.session.commit()
    result = runner.invoke(args=["rebuild-rollups"])
    assert result.exit_code == 0, result.output
    assert f"{len(incremental)} day rows" in result.output
    db.session.expire_all()
    assert kept_rows() == incremental
    # Events removed by hand (as a retention clean-up would): the rebuild follows them.
    cut = START - timedelta(days=10)
    db.session.execute(delete(AccountEvent).where(AccountEvent.occurred_at < cut))
    db.session.execute(delete(AccountEvent).where(AccountEvent.account_id == quiet.id))
    db.session.commit()
    rollups.rebuild()
    db.session.expire_all()
    assert kept_rows() == recount() != incremental
    assert all(kept == latest for kept, latest in last_activity().values())
    assert db.session.get(ClientAccount, quiet.id).last_activity_at is None
    assert_dashboards_match(busy)
