"""The dashboard's figures as pure functions over plain event data (no app, no database).

Periods are in the display time zone: today, yesterday, the last 7 days and the last 30 days,
each including today. Usage hours are always for the last 30 days, compared with the 30
days before, as the CRM's «Использование системы за месяц» block shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from flask_babel import gettext as _

PERIODS = ("today", "yesterday", "week", "month")
PERIOD_DAYS = {"week": 7, "month": 30}
# The vendor's default pipeline, in order; stages a client adds follow alphabetically.
DEFAULT_STAGES = ("Первичный контакт", "Переговоры", "Принимают решение", "Согласование договора")


@dataclass(frozen=True)
class EventData:
    kind: str
    occurred_at: datetime
    amount: int | None = None
    stage: str | None = None
    source: str | None = None
    duration_seconds: int | None = None
    task_type: str | None = None
    user_name: str | None = None


@dataclass
class StageRow:
    stage: str
    new_count: int = 0
    new_amount: int = 0
    won_count: int = 0
    won_amount: int = 0
    lost_count: int = 0
    lost_amount: int = 0


@dataclass
class Deals:
    new_count: int = 0
    new_amount: int = 0
    won_count: int = 0
    won_amount: int = 0
    lost_count: int = 0
    lost_amount: int = 0
    stages: list[StageRow] = field(default_factory=list)


@dataclass(frozen=True)
class DayCalls:
    day: date
    incoming: int
    outgoing: int


@dataclass
class Calls:
    incoming: int = 0
    outgoing: int = 0
    incoming_seconds: int = 0
    outgoing_seconds: int = 0
    by_day: list[DayCalls] = field(default_factory=list)


@dataclass
class Usage:
    seconds: int
    previous_seconds: int
    by_day: list[tuple[date, int]]

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)

    @property
    def change_percent(self) -> int | None:
        """How much more (+) or less (−) than the 30 days before; None without a base."""
        if not self.previous_seconds:
            return None
        return round((self.seconds - self.previous_seconds) * 100 / self.previous_seconds)


@dataclass
class Dashboard:
    period: str
    start: datetime
    end: datetime
    deals: Deals
    sources: list[tuple[str, int]]
    calls: Calls
    tasks: list[tuple[str, int]]
    logins: int
    active_users: int
    usage: Usage


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def period_bounds(period: str, moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC of a period ending with the local day that contains `moment`."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    today = moment.astimezone(zone).date()
    if period == "yesterday":
        return _midnight(today - timedelta(days=1), zone), _midnight(today, zone)
    days = PERIOD_DAYS.get(period, 1)
    return (
        _midnight(today - timedelta(days=days - 1), zone),
        _midnight(today + timedelta(days=1), zone),
    )


def local_days(start: datetime, end: datetime, zone: tzinfo) -> list[date]:
    first = start.astimezone(zone).date()
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _within(events: Iterable[EventData], start: datetime, end: datetime) -> list[EventData]:
    return [event for event in events if start <= event.occurred_at < end]


def _stage_key(stage: str) -> tuple[int, str]:
    if stage in DEFAULT_STAGES:
        return (DEFAULT_STAGES.index(stage), "")
    return (len(DEFAULT_STAGES), stage.casefold())


def deals(events: Iterable[EventData]) -> Deals:
    """New, won and lost deals (count and kopecks), in total and by stage."""
    summary = Deals()
    rows: dict[str, StageRow] = {}
    for event in events:
        amount = event.amount or 0
        row = rows.setdefault(event.stage, StageRow(event.stage)) if event.stage else None
        if event.kind == "deal_created":
            summary.new_count += 1
            summary.new_amount += amount
            if row:
                row.new_count += 1
                row.new_amount += amount
        elif event.kind == "deal_won":
            summary.won_count += 1
            summary.won_amount += amount
            if row:
                row.won_count += 1
                row.won_amount += amount
        elif event.kind == "deal_lost":
            summary.lost_count += 1
            summary.lost_amount += amount
            if row:
                row.lost_count += 1
                row.lost_amount += amount
    summary.stages = sorted(
        (row for row in rows.values() if row.new_count or row.won_count or row.lost_count),
        key=lambda row: _stage_key(row.stage),
    )
    return summary


def _ranked(counter: Counter) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0].casefold()))


def sources(events: Iterable[EventData]) -> list[tuple[str, int]]:
    """Where new deals came from, the largest first."""
    unknown = _("Не указан")
    return _ranked(
        Counter(event.source or unknown for event in events if event.kind == "deal_created")
    )


def calls(events: Iterable[EventData], days: list[date], zone: tzinfo) -> Calls:
    result = Calls()
    per_day: dict[date, list[int]] = {day: [0, 0] for day in days}
    for event in events:
        if event.kind not in ("call_in", "call_out"):
            continue
        incoming = event.kind == "call_in"
        seconds = event.duration_seconds or 0
        if incoming:
            result.incoming += 1
            result.incoming_seconds += seconds
        else:
            result.outgoing += 1
            result.outgoing_seconds += seconds
        day = event.occurred_at.astimezone(zone).date()
        if day in per_day:
            per_day[day][0 if incoming else 1] += 1
    result.by_day = [DayCalls(day, *per_day[day]) for day in days]
    return result


def tasks(events: Iterable[EventData]) -> list[tuple[str, int]]:
    """Tasks done, by type (the CRM's «Активность» block)."""
    other = _("Задача")
    return _ranked(
        Counter(event.task_type or other for event in events if event.kind == "task_done")
    )


def usage(events: list[EventData], moment: datetime, zone: tzinfo) -> Usage:
    start, end = period_bounds("month", moment, zone)
    previous_start = start - timedelta(days=PERIOD_DAYS["month"])
    per_day = {day: 0 for day in local_days(start, end, zone)}
    seconds = previous = 0
    for event in events:
        if event.kind != "user_hours":
            continue
        value = event.duration_seconds or 0
        if start <= event.occurred_at < end:
            seconds += value
            per_day[event.occurred_at.astimezone(zone).date()] += value
        elif previous_start <= event.occurred_at < start:
            previous += value
    return Usage(seconds=seconds, previous_seconds=previous, by_day=list(per_day.items()))


def window_start(moment: datetime, zone: tzinfo) -> datetime:
    """The earliest moment any figure of the dashboard looks at (usage's previous 30 days)."""
    return period_bounds("month", moment, zone)[0] - timedelta(days=PERIOD_DAYS["month"])


def dashboard(events: list[EventData], period: str, moment: datetime, zone: tzinfo) -> Dashboard:
    start, end = period_bounds(period, moment, zone)
    chosen = _within(events, start, end)
    logins = [event for event in chosen if event.kind == "login"]
    return Dashboard(
        period=period,
        start=start,
        end=end,
        deals=deals(chosen),
        sources=sources(chosen),
        calls=calls(chosen, local_days(start, end, zone), zone),
        tasks=tasks(chosen),
        logins=len(logins),
        active_users=len({event.user_name for event in logins if event.user_name}),
        usage=usage(events, moment, zone),
    )


# --- the same dashboard from day rows (rollups.py keeps them as events arrive) -------------


@dataclass(frozen=True)
class DayRow:
    """The events of one kind on one local day, in total (dim '') or by stage, source, …"""

    day: date
    kind: str
    dim: str
    value: str
    events: int
    amount: int
    seconds: int


def _local_range(start: datetime, end: datetime, zone: tzinfo) -> tuple[date, date]:
    """[first, last) local days of a period whose bounds are local midnights."""
    return start.astimezone(zone).date(), end.astimezone(zone).date()


def _deals_from(rows: list[DayRow]) -> Deals:
    summary = Deals()
    stages: dict[str, StageRow] = {}
    for row in rows:
        if row.kind not in ("deal_created", "deal_won", "deal_lost"):
            continue
        if row.dim == "":
            target = summary
        elif row.dim == "stage":
            target = stages.setdefault(row.value, StageRow(row.value))
        else:
            continue
        prefix = {"deal_created": "new", "deal_won": "won", "deal_lost": "lost"}[row.kind]
        setattr(target, f"{prefix}_count", getattr(target, f"{prefix}_count") + row.events)
        setattr(target, f"{prefix}_amount", getattr(target, f"{prefix}_amount") + row.amount)
    summary.stages = sorted(
        (row for row in stages.values() if row.new_count or row.won_count or row.lost_count),
        key=lambda row: _stage_key(row.stage),
    )
    return summary


def _counted(rows: list[DayRow], kind: str, dim: str, blank: str) -> list[tuple[str, int]]:
    counter: Counter = Counter()
    for row in rows:
        if row.kind == kind and row.dim == dim:
            counter[row.value or blank] += row.events
    return _ranked(counter)


def _calls_from(rows: list[DayRow], days: list[date]) -> Calls:
    result = Calls()
    per_day: dict[date, list[int]] = {day: [0, 0] for day in days}
    for row in rows:
        if row.dim != "" or row.kind not in ("call_in", "call_out"):
            continue
        incoming = row.kind == "call_in"
        if incoming:
            result.incoming += row.events
            result.incoming_seconds += row.seconds
        else:
            result.outgoing += row.events
            result.outgoing_seconds += row.seconds
        if row.day in per_day:
            per_day[row.day][0 if incoming else 1] += row.events
    result.by_day = [DayCalls(day, *per_day[day]) for day in days]
    return result


def _usage_from(rows: list[DayRow], moment: datetime, zone: tzinfo) -> Usage:
    start, end = period_bounds("month", moment, zone)
    first, after = _local_range(start, end, zone)
    previous_first = first - timedelta(days=PERIOD_DAYS["month"])
    per_day = {day: 0 for day in local_days(start, end, zone)}
    seconds = previous = 0
    for row in rows:
        if row.kind != "user_hours" or row.dim != "":
            continue
        if first <= row.day < after:
            seconds += row.seconds
            per_day[row.day] += row.seconds
        elif previous_first <= row.day < first:
            previous += row.seconds
    return Usage(seconds=seconds, previous_seconds=previous, by_day=list(per_day.items()))


def dashboard_from_days(
    rows: list[DayRow], period: str, moment: datetime, zone: tzinfo
) -> Dashboard:
    """What `dashboard` gives for the events the day rows were summed from (days in `zone`)."""
    start, end = period_bounds(period, moment, zone)
    first, after = _local_range(start, end, zone)
    chosen = [row for row in rows if first <= row.day < after]
    return Dashboard(
        period=period,
        start=start,
        end=end,
        deals=_deals_from(chosen),
        sources=_counted(chosen, "deal_created", "source", _("Не указан")),
        calls=_calls_from(chosen, local_days(start, end, zone)),
        tasks=_counted(chosen, "task_done", "task", _("Задача")),
        logins=sum(row.events for row in chosen if row.kind == "login" and row.dim == ""),
        active_users=len(
            {row.value for row in chosen if row.kind == "login" and row.dim == "user"}
        ),
        usage=_usage_from(rows, moment, zone),
    )
