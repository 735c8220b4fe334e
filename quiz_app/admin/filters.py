"""GET filter forms shared by the admin reports: a period of whole local days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Field
from wtforms.validators import ValidationError
from wtforms.widgets import DateInput

from ..forms import AppForm

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")  # what <input type=date> sends; what people type


def day_bounds(
    first: date | None, last: date | None, zone: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """Whole local days, both inclusive, as [start, end) in aware datetimes (None: open)."""
    start = datetime.combine(first, time(), zone) if first else None
    end = datetime.combine(last + timedelta(days=1), time(), zone) if last else None
    return start, end


class LocalDateField(Field):
    """A calendar date, optional; accepts 2026-03-01 and 01.03.2026."""

    widget = DateInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        for fmt in DATE_FORMATS:
            try:
                self.data = datetime.strptime(text, fmt).date()
                return
            except ValueError:
                continue
        raise ValueError(_l("Укажите дату в формате ГГГГ-ММ-ДД, например 2026-03-01."))


class PeriodForm(AppForm):
    """Read from the query string; a filter changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    date_from = LocalDateField(_l("С даты"))
    date_to = LocalDateField(_l("По дату (включительно)"))

    @classmethod
    def from_query(cls, **kwargs) -> PeriodForm:
        return cls(request.args, **kwargs)

    def validate_date_to(self, field: LocalDateField) -> None:
        first: date | None = self.date_from.data
        if first and field.data and field.data < first:
            raise ValidationError(_l("Дата окончания раньше даты начала."))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        return day_bounds(self.date_from.data, self.date_to.data, zone)

    def query_args(self) -> dict[str, str]:
        """The filter as query parameters, for links such as the CSV download."""
        args = {}
        for name, field in self._fields.items():
            if isinstance(field, BooleanField):
                value = "y" if field.data else None
            elif field.raw_data:
                value = field.raw_data[0]
            else:
                value = field.data
            if value not in (None, ""):
                args[name] = str(value)
        return args
