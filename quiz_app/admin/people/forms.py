from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from ...auth.models import Role
from ...exam.extra_time import MAX_MINUTES, MAX_PERCENT
from ...forms import AppForm, CountField

ROLE_LABELS = {
    Role.CANDIDATE: _l("Кандидат"),
    Role.PARTNER: _l("Партнёр"),
    Role.ADMIN: _l("Администратор"),
}


class PeopleSearchForm(AppForm):
    """Read from the query string; a search changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("ФИО, email или компания"),
        validators=[Length(max=200, message=_l("Не длиннее 200 символов."))],
    )
    role = SelectField(
        _l("Роль"),
        choices=[SelectChoice("", _l("Все роли"))]
        + [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        default="",
    )


class RoleForm(AppForm):
    action = HiddenField(
        validators=[AnyOf(["promote", "demote"], message=_l("Неизвестное действие с ролью."))]
    )


class SignOutEverywhereForm(AppForm):
    submit = SubmitField(_l("Завершить все сеансы"))


class ExtraTimeForm(AppForm):
    percent = CountField(
        _l("Дополнительно, % от лимита экзамена"),
        default=0,
        validators=[
            Optional(),
            # NumberRange fills in %(max)s itself.
            NumberRange(0, MAX_PERCENT, message=_l("От 0 до %(max)s%%.")),
        ],
    )
    minutes = CountField(
        _l("Дополнительно, минут"),
        default=0,
        validators=[
            Optional(),
            NumberRange(0, MAX_MINUTES, message=_l("От 0 до %(max)s минут.")),
        ],
    )
    reason = StringField(
        _l("Основание"),
        validators=[
            DataRequired(message=_l("Укажите основание: оно попадёт в журнал действий.")),
            Length(max=500, message=_l("Не длиннее 500 символов.")),
        ],
    )
    open_attempt_too = BooleanField(_l("Добавить время и к текущей незавершённой попытке"))
    submit = SubmitField(_l("Назначить дополнительное время"))


class WithdrawExtraTimeForm(AppForm):
    submit = SubmitField(_l("Отменить дополнительное время"))
