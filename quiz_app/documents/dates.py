"""Dates as documents print them, and calendar arithmetic for validity periods."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from babel.dates import format_date


def russian_date(moment: date | datetime) -> str:
    """2026-03-02 → «2 марта 2026 г.» (Babel's genitive month names)."""
    return f"{format_date(moment, 'd MMMM y', locale='ru')} г."


def add_months(moment: datetime, months: int) -> datetime:
    """Same day `months` later; the 31st becomes the month's last day where needed."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)
