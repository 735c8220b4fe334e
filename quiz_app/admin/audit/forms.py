from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from ..filters import PeriodForm


class AuditFilterForm(PeriodForm):
    action = SelectField(_l("Действие"), choices=[], validate_choice=False)
    actor = SearchField(
        _l("Кто (ФИО или email)"),
        validators=[Length(max=200, message=_l("Не длиннее 200 символов."))],
    )
    target_type = SelectField(_l("Объект"), choices=[], validate_choice=False)
    target_id = StringField(
        _l("Идентификатор объекта"),
        validators=[Length(max=64, message=_l("Не длиннее 64 символов."))],
    )

    def set_choices(self, actions: list[str], types: list[str]) -> None:
        everything = SelectChoice("", _l("Все"))
        self.action.choices = [everything] + [SelectChoice(a) for a in actions]
        self.target_type.choices = [everything] + [SelectChoice(t) for t in types]
