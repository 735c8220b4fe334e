"""A company's requisites (реквизиты) and their validation: pure functions, no Flask.

Every field is checked independently and gets its own message; the numbers are checked with
python-stdnum (INN, OGRN/OGRNIP) and the Bank of Russia's account keys (bank_keys.py). A caller
gets either a complete, clean `Requisites` or `RequisitesInvalid` listing every problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from stdnum import exceptions as stdnum_errors
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from . import bank_keys

SOLE_TRADER = "ИП"
LEGAL_FORMS = {
    "ООО": "Общество с ограниченной ответственностью",
    "АО": "Акционерное общество",
    "ПАО": "Публичное акционерное общество",
    "НАО": "Непубличное акционерное общество",
    "ЗАО": "Закрытое акционерное общество",
    SOLE_TRADER: "Индивидуальный предприниматель",
}

LABELS = {
    "legal_form": _l("Организационно-правовая форма"),
    "legal_name": _l("Наименование"),
    "inn": _l("ИНН"),
    "kpp": _l("КПП"),
    "ogrn": _l("ОГРН / ОГРНИП"),
    "legal_address": _l("Юридический адрес"),
    "bank_name": _l("Банк"),
    "bik": _l("БИК"),
    "settlement_account": _l("Расчётный счёт"),
    "correspondent_account": _l("Корреспондентский счёт"),
    "signatory_name": _l("ФИО подписанта"),
    "signatory_position": _l("Должность подписанта"),
    "signatory_basis": _l("Действует на основании"),
}

# Free-text fields: (min length, max length).
TEXT_LIMITS = {
    "legal_name": (2, 300),
    "legal_address": (10, 500),
    "bank_name": (2, 200),
    "signatory_name": (5, 200),
    "signatory_position": (2, 120),
    "signatory_basis": (3, 200),
}
DIGIT_FIELDS = ("inn", "kpp", "ogrn", "bik", "settlement_account", "correspondent_account")
KPP_PATTERN = re.compile(r"\d{4}[\dA-Z]{2}\d{3}")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Requisites:
    legal_form: str
    legal_name: str
    inn: str
    kpp: str | None
    ogrn: str
    legal_address: str
    bank_name: str
    bik: str
    settlement_account: str
    correspondent_account: str
    signatory_name: str
    signatory_position: str
    signatory_basis: str

    @property
    def is_sole_trader(self) -> bool:
        return self.legal_form == SOLE_TRADER

    @property
    def display_name(self) -> str:
        """«ООО «Ромашка»», «ИП Иванов Иван Иванович»."""
        if self.is_sole_trader or "«" in self.legal_name or '"' in self.legal_name:
            return f"{self.legal_form} {self.legal_name}"
        return f"{self.legal_form} «{self.legal_name}»"

    @property
    def full_legal_form(self) -> str:
        return LEGAL_FORMS.get(self.legal_form, self.legal_form)

    @property
    def ogrn_label(self) -> str:
        return "ОГРНИП" if self.is_sole_trader else "ОГРН"

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Requisites:
        """Rebuild from a stored snapshot (already validated when it was taken)."""
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


FIELD_NAMES = tuple(f.name for f in fields(Requisites))


class RequisitesInvalid(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in errors.items()))
        self.errors = errors


def _clean(raw: Mapping[str, object]) -> dict[str, str]:
    cleaned = {}
    for name in FIELD_NAMES:
        value = raw.get(name)
        text = "" if value is None else str(value)
        if name in DIGIT_FIELDS:
            text = SPACES.sub("", text).upper()
        else:
            text = SPACES.sub(" ", text).strip()
        cleaned[name] = text
    return cleaned


def _digits_error(value: str, length: int, what: str) -> str | None:
    if not value.isdigit():
        return _("%(what)s состоит только из цифр.", what=what)
    if len(value) != length:
        return _(
            "%(what)s должен содержать %(length)s цифр, введено %(count)s.",
            what=what,
            length=length,
            count=len(value),
        )
    return None


def _check_inn(value: str, sole_trader: bool | None) -> str | None:
    if sole_trader is True:
        length, what = 12, _("ИНН индивидуального предпринимателя")
    else:
        length, what = 10, _("ИНН организации")
    if sole_trader is None:  # the form is unknown: accept either length, report only the rest
        length = 12 if len(value) == 12 else 10
    if error := _digits_error(value, length, what):
        return error
    try:
        stdnum_inn.validate(value)
    except stdnum_errors.ValidationError:
        return _("Неверный ИНН: не сходятся контрольные цифры. Проверьте, нет ли опечатки.")
    return None


def _ogrnip_checksum_ok(value: str) -> bool:
    """The OGRNIP's control digit is the LAST DIGIT of the remainder mod 13 (FNS order № 115н).

    python-stdnum 2.2 compares the whole remainder, so it rejects the valid numbers whose
    remainder is 10, 11 or 12; those are accepted here.
    """
    return int(value[:-1]) % 13 % 10 == int(value[-1])


def _check_ogrn(value: str, sole_trader: bool | None) -> str | None:
    if sole_trader is True:
        length, what = 15, "ОГРНИП"
    else:
        length, what = 13, _("ОГРН организации")
    if sole_trader is None:
        length = 15 if len(value) == 15 else 13
    if error := _digits_error(value, length, what):
        return error
    try:
        stdnum_ogrn.validate(value)
    except stdnum_errors.InvalidComponent:
        return _("%(what)s не может начинаться с цифры %(digit)s.", what=what, digit=value[0])
    except stdnum_errors.InvalidChecksum:
        if not (length == 15 and _ogrnip_checksum_ok(value)):
            return _(
                "Неверный %(what)s: не сходится контрольная цифра. Проверьте, нет ли опечатки.",
                what=what,
            )
    except stdnum_errors.ValidationError:
        return _("Неверный %(what)s.", what=what)
    return None


def _check_kpp(value: str, sole_trader: bool | None) -> str | None:
    if sole_trader:
        if value:
            return _("У индивидуального предпринимателя нет КПП — оставьте поле пустым.")
        return None
    if not value:
        # Unknown legal form (already reported): do not guess whether a KPP is needed.
        return None if sole_trader is None else _("Укажите КПП: он есть у каждой организации.")
    if not KPP_PATTERN.fullmatch(value):
        return _(
            "КПП — 9 знаков: 4 цифры, затем 2 цифры или заглавные латинские буквы, затем 3 цифры."
        )
    return None


def _check_bik(value: str) -> str | None:
    if error := _digits_error(value, 9, "БИК"):
        return error
    if not value.startswith("0"):
        return _("БИК российского банка начинается с 0.")
    return None


def _check_settlement(value: str, bik: str | None) -> str | None:
    if error := _digits_error(value, 20, _("Расчётный счёт")):
        return error
    if bik and not bank_keys.settlement_account_key_ok(value, bik):
        return _(
            "Расчётный счёт не сходится с БИК %(bik)s по контрольному ключу: "
            "проверьте номер счёта и БИК.",
            bik=bik,
        )
    return None


def _check_correspondent(value: str, bik: str | None) -> str | None:
    if error := _digits_error(value, 20, _("Корреспондентский счёт")):
        return error
    if not value.startswith("30101"):
        return _("Корреспондентский счёт банка начинается с 30101.")
    if bik:
        if value[-3:] != bik[-3:]:
            return _(
                "Последние три цифры корреспондентского счёта должны совпадать "
                "с последними тремя цифрами БИК (%(digits)s).",
                digits=bik[-3:],
            )
        if not bank_keys.correspondent_account_key_ok(value, bik):
            return _(
                "Корреспондентский счёт не сходится с БИК %(bik)s по контрольному ключу: "
                "проверьте номер счёта и БИК.",
                bik=bik,
            )
    return None


def validate(raw: Mapping[str, object]) -> Requisites:
    """Clean and check every field; raise RequisitesInvalid with a message per wrong field."""
    data = _clean(raw)
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str | None) -> None:
        if message:
            errors.setdefault(name, []).append(message)

    form = data["legal_form"]
    if form not in LEGAL_FORMS:
        fail("legal_form", _("Выберите организационно-правовую форму из списка."))
        sole_trader = None
    else:
        sole_trader = form == SOLE_TRADER

    for name in FIELD_NAMES:
        if name != "kpp" and name != "legal_form" and not data[name]:
            fail(name, _("Заполните поле «%(label)s».", label=LABELS[name]))
    for name, (low, high) in TEXT_LIMITS.items():
        value = data[name]
        if value and not low <= len(value) <= high:
            fail(
                name,
                _(
                    "«%(label)s»: от %(low)s до %(high)s символов, введено %(count)s.",
                    label=LABELS[name],
                    low=low,
                    high=high,
                    count=len(value),
                ),
            )
    name_given = data["signatory_name"] and "signatory_name" not in errors
    if name_given and len(data["signatory_name"].split(" ")) < 2:
        fail("signatory_name", _("Укажите фамилию, имя и отчество подписанта."))

    if data["inn"]:
        fail("inn", _check_inn(data["inn"], sole_trader))
    fail("kpp", _check_kpp(data["kpp"], sole_trader))
    if data["ogrn"]:
        fail("ogrn", _check_ogrn(data["ogrn"], sole_trader))
    if data["bik"]:
        fail("bik", _check_bik(data["bik"]))
    # The accounts are keyed against the BIK; with a wrong BIK only the BIK is reported.
    bik = data["bik"] if data["bik"] and "bik" not in errors else None
    if data["settlement_account"]:
        fail("settlement_account", _check_settlement(data["settlement_account"], bik))
    if data["correspondent_account"]:
        fail("correspondent_account", _check_correspondent(data["correspondent_account"], bik))

    if errors:
        raise RequisitesInvalid(errors)
    data["kpp"] = data["kpp"] or None
    return Requisites(**data)
