from __future__ import annotations

import functools
from pathlib import Path

import phonenumbers
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField, TelField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..forms import AppForm

MIN_PASSWORD = 8


def valid_phone(form, field) -> None:
    """Accept any valid international number; a number without a country code is Russian."""
    try:
        number = phonenumbers.parse(field.data or "", "RU")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_l("Укажите телефон, например +7 912 345-67-89")) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_l("Такого номера телефона не существует, проверьте цифры"))
    field.data = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.cache
def common_passwords() -> frozenset[str]:
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def not_guessable(form, field) -> None:
    """Refuse the commonest passwords and the account's own address (in any letter case)."""
    password = (field.data or "").strip().lower()
    email = getattr(getattr(form, "email", None), "data", None)
    if email is None and current_user.is_authenticated:
        email = current_user.email
    if password in common_passwords():
        raise ValidationError(_l("Этот пароль слишком распространён: его подбирают первым."))
    if email and password in {email.strip().lower(), email.strip().lower().partition("@")[0]}:
        raise ValidationError(_l("Пароль не должен совпадать с адресом почты."))


class RegistrationForm(AppForm):
    full_name = StringField(_l("ФИО"), validators=[DataRequired(), Length(max=200)])
    company = StringField(_l("Компания"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    phone = TelField(_l("Телефон"), validators=[DataRequired(), valid_phone])
    password = PasswordField(
        _l("Пароль"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128), not_guessable],
        description=_l("Не короче 8 символов"),
    )
    confirm = PasswordField(
        _l("Повторите пароль"),
        validators=[DataRequired(), EqualTo("password", message=_l("Пароли не совпадают"))],
    )
    submit = SubmitField(_l("Зарегистрироваться"))


class LoginForm(AppForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Пароль"), validators=[DataRequired()])
    remember = BooleanField(_l("Запомнить меня"))
    submit = SubmitField(_l("Войти"))


class ResetRequestForm(AppForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    submit = SubmitField(_l("Получить ссылку"))


class ResetPasswordForm(AppForm):
    password = PasswordField(
        _l("Новый пароль"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=128), not_guessable],
    )
    confirm = PasswordField(
        _l("Повторите пароль"),
        validators=[DataRequired(), EqualTo("password", message=_l("Пароли не совпадают"))],
    )
    submit = SubmitField(_l("Сохранить пароль"))


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(_l("Текущий пароль"), validators=[DataRequired()])
    submit = SubmitField(_l("Сменить пароль"))


class NoticesForm(AppForm):
    reminders = BooleanField(_l("Напоминания: пробные периоды клиентов и счета"))
    lead_notices = BooleanField(_l("Заявки, переданные мне администратором"))
    admin_failures = BooleanField(_l("Письма, которые не удалось доставить (для администраторов)"))
    submit = SubmitField(_l("Сохранить"))


class ResendConfirmationForm(AppForm):
    submit = SubmitField(_l("Отправить письмо ещё раз"))


class EndOtherSessionsForm(AppForm):
    submit = SubmitField(_l("Выйти на всех других устройствах"))


class LogoutForm(AppForm):
    submit = SubmitField(_l("Выйти"))
