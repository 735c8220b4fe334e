"""`flask simulate-activity`: realistic, reproducible demo activity through the real validation."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from quiz_app.extensions import db
from quiz_app.partner.accounts import events, services, simulate
from quiz_app.partner.accounts.models import AccountEvent

from ..conftest import START

MSK = ZoneInfo("Europe/Moscow")


def kinds(account=None) -> Counter:
    statement = select(AccountEvent.kind, func.count()).group_by(AccountEvent.kind)
    if account is not None:
        statement = statement.where(AccountEvent.account_id == account.id)
    return Counter(dict(db.session.execute(statement).all()))


def test_generate_is_reproducible_and_realistic():
    one = simulate.generate(random.Random("7"), 5, 30, START, MSK)
    two = simulate.generate(random.Random("7"), 5, 30, START, MSK)
    other = simulate.generate(random.Random("8"), 5, 30, START, MSK)
    assert one == two
    assert one != other
    counted = Counter(event["type"] for event in one)
    assert set(counted) == {
        "login", "deal_created", "deal_won", "deal_lost", "call_in", "call_out", "task_done",
        "user_hours",
    }  # fmt: skip
    assert counted["call_out"] > counted["call_in"]  # managers call out more than they get calls
    assert counted["deal_created"] > counted["deal_won"]
    times = [datetime.fromisoformat(event["occurred_at"]) for event in one]
    assert max(times) <= START
    assert min(times) >= START - timedelta(days=30)
    # weekdays are busier than weekends
    per_weekday = Counter(t.astimezone(MSK).weekday() for t in times)
    assert per_weekday[2] > 3 * per_weekday[6]
    # every generated payload passes the API's own validation
    assert len(events.parse({"events": one[:1000]}, START)) == min(len(one), 1000)


def test_the_command_fills_accounts_and_a_seed_repeats_itself(runner, partner, make_account):
    first, _ = make_account(partner, users_count=3)
    second, _ = make_account(partner, users_count=8)
    result = runner.invoke(args=["simulate-activity", "--days", "14", "--seed", "42"])
    assert result.exit_code == 0, result.output
    assert f"account {first.id} ({first.subdomain}):" in result.output
    assert f"account {second.id} ({second.subdomain}):" in result.output
    first_kinds, second_kinds = kinds(first), kinds(second)
    assert sum(first_kinds.values()) > 50
    assert sum(second_kinds.values()) > sum(first_kinds.values())  # more users, more activity
    total = sum(kinds().values())
    again = runner.invoke(args=["simulate-activity", "--days", "14", "--seed", "42"])
    assert again.exit_code == 0
    assert "already present" in again.output
    assert sum(kinds().values()) == total  # the same seed stores nothing new


def test_one_account_and_the_dashboard_reads_it(runner, partner, make_account, app):
    only, _ = make_account(partner)
    untouched, _ = make_account(partner)
    result = runner.invoke(args=["simulate-activity", "--account", str(only.id), "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert sum(kinds(only).values()) > 0
    assert sum(kinds(untouched).values()) == 0
    from quiz_app.partner.accounts import activity

    board = activity.dashboard(only, "month", MSK)
    assert board.deals.new_count == kinds(only)["deal_created"]
    assert board.usage.seconds > 0


def test_blocked_accounts_are_skipped_unless_named(runner, partner, make_account, factory):
    blocked, _ = make_account(partner)
    services.block(blocked, factory.admin(), "Нарушение правил")
    result = runner.invoke(args=["simulate-activity", "--seed", "1"])
    assert "no client accounts to simulate" in result.output
    assert sum(kinds().values()) == 0


def test_errors_are_clear(runner, frozen_clock, app):
    result = runner.invoke(args=["simulate-activity", "--account", "999"])
    assert result.exit_code != 0
    assert "client account 999 not found" in result.output
    result = runner.invoke(args=["simulate-activity", "--days", "0"])
    assert result.exit_code != 0
    assert "--days" in result.output


def test_generate_stops_at_now():
    late_evening = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)  # 21:30 in Moscow
    morning = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
    for moment in (late_evening, morning):
        generated = simulate.generate(random.Random("x"), 4, 3, moment, MSK)
        assert all(datetime.fromisoformat(e["occurred_at"]) <= moment for e in generated)
