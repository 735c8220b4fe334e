from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SearchField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length

from ...auth.models import Role
from ...forms import AppForm

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
