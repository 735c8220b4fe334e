"""HTML forms for leads. The lead's own fields are checked by the shared schema (validation.py),
so the public form, the admin form, the API and CSV import refuse exactly the same things."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from pydantic import ValidationError
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from ...forms import AppForm
from .models import LeadStatus
from .validation import INDUSTRIES, LeadIn, field_errors, validate_lead


def industry_choices() -> list[tuple[str, str]]:
    """(code, label) pairs, for filters."""
    return [(code, str(label)) for code, label in INDUSTRIES.items()]


class LeadFields(AppForm):
    company = StringField(_l("Компания"), render_kw={"maxlength": 200})
    contact_name = StringField(_l("Контактное лицо"), render_kw={"maxlength": 200})
    phone = TelField(_l("Телефон"), description=_l("Например +7 912 345-67-89"))
    email = EmailField(_l("Email"), description=_l("Необязательно"))
    city = StringField(_l("Город"), render_kw={"maxlength": 100})
    industry = SelectField(_l("Отрасль"), validate_choice=False)
    users_count = StringField(
        _l("Сколько сотрудников будут работать в CRM"), render_kw={"inputmode": "numeric"}
    )
    budget = StringField(
        _l("Бюджет на внедрение, ₽"),
        description=_l("Необязательно"),
        render_kw={"inputmode": "decimal"},
    )
    comment = TextAreaField(
        _l("Комментарий"),
        description=_l("Какие задачи должна решать CRM"),
        render_kw={"maxlength": 2000, "rows": 4},
    )

    lead: LeadIn | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.industry.choices = [SelectChoice("", _l("— выберите —"))] + [
            SelectChoice(code, label) for code, label in INDUSTRIES.items()
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        data = {
            name: field.data
            for name, field in self._fields.items()
            if name in LeadIn.model_fields or name == "budget"
        }
        try:
            self.lead = validate_lead(data)
        except ValidationError as exc:
            for name, messages in field_errors(exc).items():
                target = self._fields.get(name)
                if target is not None:
                    target.errors = list(target.errors) + messages
            return False
        return valid


class PublicLeadForm(LeadFields):
    # Hidden from people by CSS; bots that fill every field give themselves away.
    website = StringField(
        _l("Сайт компании (не заполняйте это поле)"),
        render_kw={"autocomplete": "off", "tabindex": "-1"},
    )
    consent = BooleanField(
        _l("Согласен на обработку персональных данных для связи по заявке"),
        validators=[InputRequired(message=_l("Без согласия мы не сможем передать заявку"))],
    )
    submit = SubmitField(_l("Отправить заявку"))


class AdminLeadForm(LeadFields):
    source_detail = StringField(
        _l("Откуда заявка"),
        description=_l("Необязательно: выставка, звонок, рекомендация…"),
        render_kw={"maxlength": 200},
    )
    submit = SubmitField(_l("Создать заявку"))


class StatusForm(AppForm):
    expected = HiddenField(validators=[DataRequired()])
    target = HiddenField(validators=[DataRequired()])
    reason = TextAreaField(
        _l("Причина отказа"), validators=[Length(max=2000)], render_kw={"rows": 3}
    )


class TakeForm(AppForm):
    submit = SubmitField(_l("Взять в работу"))


class ReassignForm(AppForm):
    partner = SelectField(_l("Передать"), validate_choice=True)
    note = StringField(_l("Комментарий"), validators=[Length(max=500)])
    submit = SubmitField(_l("Передать"))

    def __init__(self, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner.choices = [SelectChoice("", _l("— вернуть в общий пул —"))] + [
            SelectChoice(str(user.id), f"{user.full_name} ({user.company}, {user.email})")
            for user in partners
        ]


class CloseForm(AppForm):
    outcome = SelectField(
        _l("Итог"),
        choices=[
            SelectChoice(LeadStatus.LOST.value, _l("Отказ")),
            SelectChoice(LeadStatus.WON.value, _l("Успешно")),
        ],
    )
    reason = TextAreaField(
        _l("Причина"),
        description=_l("Обязательна для отказа: спам, дубль, клиент передумал…"),
        validators=[Length(max=2000)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Закрыть заявку"))


class ImportForm(AppForm):
    file = FileField(
        _l("CSV-файл"),
        validators=[FileRequired(message=_l("Выберите файл"))],
        description=_l(
            "UTF-8, первая строка — заголовок; разделитель — запятая или точка с запятой"
        ),
    )
    dry_run = BooleanField(_l("Только проверить, ничего не сохранять"))
    submit = SubmitField(_l("Загрузить"))
