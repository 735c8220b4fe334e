"""The dashboard's figures for each period, on an event set whose answers were worked out by hand.

The clock stands at Monday 2 March 2026, 12:00 Moscow time (09:00 UTC). In Moscow (UTC+3):
today = 2 Mar, yesterday = 1 Mar, week = 24 Feb – 2 Mar, month = 1 Feb – 2 Mar, and the
usage comparison looks at 2 Jan – 31 Jan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from quiz_app.partner.accounts import stats
from quiz_app.partner.accounts.stats import EventData

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def msk(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MSK).astimezone(UTC)


def ev(kind: str, at: datetime, **fields) -> EventData:
    return EventData(kind=kind, occurred_at=at, **fields)


FIRST, TALKS, DECIDING = "Первичный контакт", "Переговоры", "Принимают решение"

EVENTS = [
    # deals
    ev("deal_created", msk(3, 2, 10), amount=100_000, stage=FIRST, source="Сайт"),
    # 00:30 in Moscow is still 1 March in UTC: it belongs to "today"
    ev("deal_created", msk(3, 2, 0, 30), amount=50_000, stage=TALKS),
    ev("deal_created", msk(3, 1, 23, 59), amount=20_000, stage=FIRST, source="Сайт"),
    ev("deal_won", msk(3, 1, 15), amount=300_000, stage=TALKS),
    ev("deal_lost", msk(3, 2, 11), amount=70_000, stage=DECIDING),
    ev("deal_lost", msk(2, 24, 0, 0), amount=10_000, stage=FIRST),  # first moment of the week
    ev("deal_created", msk(2, 23, 23, 59), amount=40_000, stage="Свой этап", source="Реклама"),
    ev("deal_created", msk(2, 1, 0, 0), amount=5_000, stage=FIRST, source="Сайт"),
    ev("deal_created", msk(1, 31, 23, 59), amount=999_999, stage=FIRST, source="Сайт"),
    # calls
    ev("call_in", msk(3, 2, 9), duration_seconds=60),
    ev("call_out", msk(3, 2, 9, 30), duration_seconds=120),
    ev("call_out", msk(3, 1, 10), duration_seconds=30),
    ev("call_in", msk(2, 25, 10), duration_seconds=300),
    # tasks
    ev("task_done", msk(3, 2, 10), task_type="Встреча"),
    ev("task_done", msk(3, 2, 11)),
    ev("task_done", msk(2, 26, 11), task_type="Встреча"),
    # logins
    ev("login", msk(3, 2, 9), user_name="Анна"),
    ev("login", msk(3, 2, 9, 5), user_name="Анна"),
    ev("login", msk(3, 2, 9, 10), user_name="Иван"),
    ev("login", msk(3, 1, 9), user_name="Анна"),
    # usage: 3 h + 2 h in the last 30 days, 4 h in the 30 days before, 5 h earlier still
    ev("user_hours", msk(3, 1, 19), duration_seconds=3 * 3600),
    ev("user_hours", msk(2, 10, 19), duration_seconds=2 * 3600),
    ev("user_hours", msk(1, 20, 19), duration_seconds=4 * 3600),
    ev("user_hours", msk(12, 31, 19, year=2025), duration_seconds=5 * 3600),
]


def board(period: str) -> stats.Dashboard:
    return stats.dashboard(EVENTS, period, NOW, MSK)


def stage_table(dashboard: stats.Dashboard) -> list[tuple]:
    return [
        (r.stage, r.new_count, r.new_amount, r.won_count, r.won_amount, r.lost_count, r.lost_amount)
        for r in dashboard.deals.stages
    ]


def totals(dashboard: stats.Dashboard) -> tuple:
    d = dashboard.deals
    return (d.new_count, d.new_amount, d.won_count, d.won_amount, d.lost_count, d.lost_amount)


def test_period_bounds_follow_moscow_days():
    assert stats.period_bounds("today", NOW, MSK) == (msk(3, 2, 0), msk(3, 3, 0))
    assert stats.period_bounds("yesterday", NOW, MSK) == (msk(3, 1, 0), msk(3, 2, 0))
    assert stats.period_bounds("week", NOW, MSK) == (msk(2, 24, 0), msk(3, 3, 0))
    assert stats.period_bounds("month", NOW, MSK) == (msk(2, 1, 0), msk(3, 3, 0))
    with pytest.raises(ValueError):
        stats.period_bounds("year", NOW, MSK)


def test_today():
    today = board("today")
    assert totals(today) == (2, 150_000, 0, 0, 1, 70_000)
    assert stage_table(today) == [
        (FIRST, 1, 100_000, 0, 0, 0, 0),
        (TALKS, 1, 50_000, 0, 0, 0, 0),
        (DECIDING, 0, 0, 0, 0, 1, 70_000),
    ]
    assert today.sources == [("Не указан", 1), ("Сайт", 1)]
    calls = today.calls
    assert (calls.incoming, calls.incoming_seconds, calls.outgoing, calls.outgoing_seconds) == (
        1, 60, 1, 120,
    )  # fmt: skip
    assert [(d.day, d.incoming, d.outgoing) for d in calls.by_day] == [(date(2026, 3, 2), 1, 1)]
    assert today.tasks == [("Встреча", 1), ("Задача", 1)]
    assert (today.logins, today.active_users) == (3, 2)


def test_yesterday():
    yesterday = board("yesterday")
    assert totals(yesterday) == (1, 20_000, 1, 300_000, 0, 0)
    assert stage_table(yesterday) == [
        (FIRST, 1, 20_000, 0, 0, 0, 0),
        (TALKS, 0, 0, 1, 300_000, 0, 0),
    ]
    assert yesterday.sources == [("Сайт", 1)]
    assert (yesterday.calls.incoming, yesterday.calls.outgoing) == (0, 1)
    assert yesterday.calls.outgoing_seconds == 30
    assert yesterday.tasks == []
    assert (yesterday.logins, yesterday.active_users) == (1, 1)


def test_week():
    week = board("week")
    assert totals(week) == (3, 170_000, 1, 300_000, 2, 80_000)
    assert stage_table(week) == [
        (FIRST, 2, 120_000, 0, 0, 1, 10_000),
        (TALKS, 1, 50_000, 1, 300_000, 0, 0),
        (DECIDING, 0, 0, 0, 0, 1, 70_000),
    ]
    assert week.sources == [("Сайт", 2), ("Не указан", 1)]
    calls = week.calls
    assert (calls.incoming, calls.incoming_seconds, calls.outgoing, calls.outgoing_seconds) == (
        2, 360, 2, 150,
    )  # fmt: skip
    by_day = {d.day: (d.incoming, d.outgoing) for d in calls.by_day}
    assert list(by_day) == [date(2026, 2, 24 + n) for n in range(5)] + [
        date(2026, 3, 1),
        date(2026, 3, 2),
    ]
    assert by_day[date(2026, 2, 25)] == (1, 0)
    assert by_day[date(2026, 3, 1)] == (0, 1)
    assert by_day[date(2026, 3, 2)] == (1, 1)
    assert sum(i + o for i, o in by_day.values()) == 4
    assert week.tasks == [("Встреча", 2), ("Задача", 1)]
    assert (week.logins, week.active_users) == (4, 2)


def test_month():
    month = board("month")
    assert totals(month) == (5, 215_000, 1, 300_000, 2, 80_000)
    assert stage_table(month) == [
        (FIRST, 3, 125_000, 0, 0, 1, 10_000),
        (TALKS, 1, 50_000, 1, 300_000, 0, 0),
        (DECIDING, 0, 0, 0, 0, 1, 70_000),
        ("Свой этап", 1, 40_000, 0, 0, 0, 0),  # a client's own stage comes after the defaults
    ]
    assert month.sources == [("Сайт", 3), ("Не указан", 1), ("Реклама", 1)]
    assert len(month.calls.by_day) == 30


def test_usage_is_for_the_month_whatever_the_period():
    for period in stats.PERIODS:
        usage = board(period).usage
        assert usage.seconds == 5 * 3600
        assert usage.hours == 5.0
        assert usage.previous_seconds == 4 * 3600
        assert usage.change_percent == 25  # 5 h against 4 h
        days = dict(usage.by_day)
        assert len(days) == 30
        assert days[date(2026, 3, 1)] == 3 * 3600
        assert days[date(2026, 2, 10)] == 2 * 3600
        assert sum(days.values()) == 5 * 3600


def test_usage_change_without_a_previous_month_is_unknown():
    usage = stats.usage([ev("user_hours", msk(3, 1), duration_seconds=3600)], NOW, MSK)
    assert usage.change_percent is None
    less = stats.usage(
        [
            ev("user_hours", msk(3, 1), duration_seconds=3600),
            ev("user_hours", msk(1, 15), duration_seconds=4 * 3600),
        ],
        NOW,
        MSK,
    )
    assert less.change_percent == -75


def test_an_empty_account_has_zero_figures():
    empty = stats.dashboard([], "week", NOW, MSK)
    assert totals(empty) == (0, 0, 0, 0, 0, 0)
    assert empty.deals.stages == []
    assert empty.sources == []
    assert (empty.calls.incoming, empty.calls.outgoing) == (0, 0)
    assert empty.usage.seconds == 0
