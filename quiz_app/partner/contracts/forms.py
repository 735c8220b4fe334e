from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ...forms import AppForm
from .requisites import LABELS, LEGAL_FORMS

# The rules live in requisites.validate(); the form only carries the fields and their hints.


class RequisitesForm(AppForm):
    legal_form = SelectField(
        LABELS["legal_form"],
        choices=[SelectChoice("", _l("— выберите —"))] + [SelectChoice(c, c) for c in LEGAL_FORMS],
        validate_choice=False,
    )
    legal_name = StringField(
        LABELS["legal_name"], description=_l("Без формы, например: Ромашка. Для ИП — ФИО.")
    )
    inn = StringField(LABELS["inn"], description=_l("10 цифр у организации, 12 — у ИП."))
    kpp = StringField(LABELS["kpp"], description=_l("9 знаков. У ИП КПП нет — оставьте пустым."))
    ogrn = StringField(LABELS["ogrn"], description=_l("ОГРН — 13 цифр, ОГРНИП — 15 цифр."))
    legal_address = TextAreaField(LABELS["legal_address"])
    bank_name = StringField(LABELS["bank_name"])
    bik = StringField(LABELS["bik"], description=_l("9 цифр."))
    settlement_account = StringField(LABELS["settlement_account"], description=_l("20 цифр."))
    correspondent_account = StringField(
        LABELS["correspondent_account"], description=_l("20 цифр, начинается с 30101.")
    )
    signatory_name = StringField(LABELS["signatory_name"])
    signatory_position = StringField(
        LABELS["signatory_position"], description=_l("Например: Генеральный директор.")
    )
    signatory_basis = StringField(
        LABELS["signatory_basis"],
        description=_l("Например: Устава; доверенности № 5 от 10.01.2026; для ИП — ОГРНИП."),
    )
    save = SubmitField(_l("Сохранить реквизиты"))
    save_and_generate = SubmitField(_l("Сохранить и сформировать договор"))


class GenerateForm(AppForm):
    submit = SubmitField(_l("Сформировать договор"))
