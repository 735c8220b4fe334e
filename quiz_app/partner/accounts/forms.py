from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from ...auth.forms import valid_phone
from ...forms import AppForm
from . import subdomains
from .plans import plan_choices
from .services import MAX_USERS


def _subdomain(form, field) -> None:
    field.data = subdomains.normalize(field.data)
    problem = subdomains.problem(field.data)
    if problem:
        raise ValidationError(problem)


class AccountForm(AppForm):
    company = StringField(_l("Компания клиента"), validators=[DataRequired(), Length(max=200)])
    contact_name = StringField(_l("Контактное лицо"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    phone = TelField(_l("Телефон"), validators=[DataRequired(), valid_phone])
    subdomain = StringField(
        _l("Поддомен"),
        validators=[_subdomain],
        description=_l(
            "Адрес аккаунта: строчные латинские буквы, цифры и дефис, от 3 до 63 символов."
        ),
    )
    users_count = IntegerField(
        _l("Количество пользователей"),
        validators=[
            InputRequired(message=_l("Укажите количество пользователей целым числом.")),
            NumberRange(min=1, max=MAX_USERS, message=_l("От 1 до %(max)s пользователей.")),
        ],
    )
    plan = SelectField(_l("Интересующий тариф"), validators=[DataRequired()])
    submit = SubmitField(_l("Создать пробный аккаунт"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan.choices = plan_choices()


class ActionForm(AppForm):
    """A button that changes something: CSRF only."""

    submit = SubmitField()


class BlockForm(AppForm):
    reason = TextAreaField(
        _l("Причина блокировки"), validators=[DataRequired(), Length(min=5, max=1000)]
    )
    submit = SubmitField(_l("Заблокировать"))
