"""What a valid lead is: one set of rules for the public form, the admin form, the API and CSV.

The schema raises locale-free error codes; `field_errors()` turns them into messages in the
user's language, keyed by field name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

MAX_USERS = 100_000
MAX_BUDGET_RUBLES = Decimal("10000000000")  # ten billion: anything above is a typo

INDUSTRIES: dict[str, Any] = {
    "retail": _l("Розничная торговля"),
    "wholesale": _l("Оптовая торговля и дистрибуция"),
    "services": _l("Услуги для бизнеса"),
    "consumer_services": _l("Услуги для людей"),
    "manufacturing": _l("Производство"),
    "construction": _l("Строительство и недвижимость"),
    "education": _l("Образование"),
    "it": _l("IT и телеком"),
    "finance": _l("Финансы и страхование"),
    "health": _l("Медицина и красота"),
    "travel": _l("Туризм, отели, рестораны"),
    "logistics": _l("Логистика и транспорт"),
    "auto": _l("Автобизнес"),
    "other": _l("Другое"),
}

FIELD_NAMES = (
    "company",
    "contact_name",
    "phone",
    "email",
    "city",
    "industry",
    "users_count",
    "budget",
    "comment",
    "source_detail",
)


def industry_label(code: str) -> str:
    label = INDUSTRIES.get(code)
    return str(label) if label is not None else code


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def normalize_phone(value: str) -> str:
    """E.164; a number without a country code is Russian (as at registration)."""
    try:
        number = phonenumbers.parse(value, "RU")
    except phonenumbers.NumberParseException as exc:
        raise PydanticCustomError("phone_format", "not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise PydanticCustomError("phone_invalid", "no such phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_rubles(value: Any) -> int | None:
    """Rubles (150000, 150000.5, "150 000,50") → kopecks. Empty → None."""
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PydanticCustomError("budget_format", "not an amount")
    text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    text = text.removesuffix("₽").removesuffix("руб.").removesuffix("руб")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise PydanticCustomError("budget_format", "not an amount") from exc
    if not amount.is_finite():
        raise PydanticCustomError("budget_format", "not an amount")
    if amount < 0:
        raise PydanticCustomError("budget_negative", "negative amount")
    if amount > MAX_BUDGET_RUBLES:
        raise PydanticCustomError("budget_too_large", "amount too large")
    kopecks = amount * 100
    if kopecks != kopecks.to_integral_value():
        raise PydanticCustomError("budget_format", "more than two decimal places")
    return int(kopecks)


_CITY_PARTICLES = {"на", "над", "под", "де", "ла", "ле", "об", "о", "в", "у", "upon", "on"}


def normalize_city(value: str) -> str:
    """One spelling per city, so the pool's city filter groups «москва» with «Москва».

    A name typed all in lower (or upper) case gets its words capitalised, keeping the
    particles of names like Ростов-на-Дону in lower case; any other spelling is kept.
    """
    value = " ".join(value.split())
    if value != value.lower() and value != value.upper():
        return value
    words = re.split(r"([ -])", value.lower())
    return "".join(
        word if index and word in _CITY_PARTICLES else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _labels(locale: str | None = None) -> dict[str, str]:
    if locale is None:
        return {code: str(label) for code, label in INDUSTRIES.items()}
    with force_locale(locale):
        return {code: str(label) for code, label in INDUSTRIES.items()}


def _industry_code(value: Any) -> Any:
    """Accept the code (retail) or the label in the user's language or in Russian, any case."""
    if not isinstance(value, str):
        return value
    wanted = " ".join(value.split()).casefold()
    if wanted in INDUSTRIES:
        return wanted
    for labels in (_labels(), _labels("ru")):
        for code, label in labels.items():
            if wanted == label.casefold():
                return code
    raise PydanticCustomError("industry_unknown", "unknown industry")


Text200 = Annotated[str, Field(min_length=1, max_length=200)]


class LeadIn(BaseModel):
    """A lead as submitted. Strings are stripped; optional fields may be empty."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    company: Text200
    contact_name: Text200
    phone: str = Field(min_length=1, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    city: str = Field(min_length=1, max_length=100)
    industry: str
    users_count: int = Field(ge=1, le=MAX_USERS)
    # Submitted as `budget` in rubles; held (and stored) as kopecks.
    budget_kopecks: int | None = Field(default=None, alias="budget")
    comment: str | None = Field(default=None, max_length=2000)
    source_detail: str | None = Field(default=None, max_length=200)

    @field_validator("email", "comment", "source_detail", mode="before")
    @classmethod
    def _optional(cls, value: Any) -> Any:
        return _blank_to_none(value)

    @field_validator("users_count", mode="before")
    @classmethod
    def _users(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "")
            if not value:
                raise PydanticCustomError("missing", "required")
        if isinstance(value, bool):
            raise PydanticCustomError("int_type", "not an integer")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalize_phone(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise PydanticCustomError("email_invalid", "not an email address") from exc

    @field_validator("city")
    @classmethod
    def _city(cls, value: str) -> str:
        return normalize_city(value)

    @field_validator("industry", mode="before")
    @classmethod
    def _industry(cls, value: Any) -> Any:
        return _industry_code(value)

    @field_validator("budget_kopecks", mode="before")
    @classmethod
    def _budget(cls, value: Any) -> int | None:
        return parse_rubles(value)

    @field_validator("company", "contact_name", "comment", "source_detail")
    @classmethod
    def _collapse(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return value if "\n" in value else " ".join(value.split())


def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("Заполните это поле"),
        "string_too_short": _("Заполните это поле"),
        "string_too_long": ngettext(
            "Не длиннее %(num)s символа", "Не длиннее %(num)s символов", ctx.get("max_length", 0)
        ),
        "string_type": _("Ожидается текст"),
        "int_parsing": _("Укажите целое число"),
        "int_type": _("Укажите целое число"),
        "int_from_float": _("Укажите целое число"),
        "greater_than_equal": _("Не меньше %(min)s", min=ctx.get("ge")),
        "less_than_equal": _("Не больше %(max)s", max=ctx.get("le")),
        "phone_format": _("Укажите телефон, например +7 912 345-67-89"),
        "phone_invalid": _("Такого номера телефона не существует, проверьте цифры"),
        "email_invalid": _("Укажите email, например name@company.ru"),
        # Labels, not codes: people read this (the API's codes are in its OpenAPI enum).
        "industry_unknown": _(
            "Выберите отрасль из списка: %(labels)s", labels="; ".join(_labels().values())
        ),
        "budget_format": _(
            "Укажите сумму в рублях, не больше двух знаков после запятой, например 150000,50"
        ),
        "budget_negative": _("Бюджет не может быть отрицательным"),
        "budget_too_large": _("Слишком большая сумма, проверьте количество нулей"),
        "extra_forbidden": _("Неизвестное поле"),
        "model_type": _("Ожидается объект JSON с полями заявки"),
    }
    return messages.get(kind) or error.get("msg", kind)


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    """{field: [messages]} in the current language; errors about the whole object go under "_"."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        location = error.get("loc") or ()
        name = str(location[0]) if location else "_"
        message = _message(error)
        if message not in errors.setdefault(name, []):
            errors[name].append(message)
    return errors


def validate_lead(data: Any) -> LeadIn:
    """LeadIn from a mapping; raises pydantic.ValidationError (use field_errors on it)."""
    return LeadIn.model_validate(data)
