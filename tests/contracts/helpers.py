"""Requisites taken from published sources, and a partner who has signed up for a contract."""

from __future__ import annotations

from quiz_app.auth.models import User
from quiz_app.partner.contracts import services

from ..factories import certify

# ПАО Сбербанк's registration numbers (ИНН 7707083893, ОГРН 1027700132195, КПП 773601001) as
# published in the Unified State Register; the bank triple (БИК 044030827, к/с …827,
# р/с 40702810900000002851) is the positive example of rin-nas/postgresql-patterns-library's
# is_client_account/is_correspondent_account tests.
COMPANY = {
    "legal_form": "ПАО",
    "legal_name": "Сбербанк России",
    "inn": "7707083893",
    "kpp": "773601001",
    "ogrn": "1027700132195",
    "legal_address": "117312, г. Москва, ул. Вавилова, д. 19",
    "bank_name": "ПАО Банк Тестовый",
    "bik": "044030827",
    "settlement_account": "40702810900000002851",
    "correspondent_account": "30101810200000000827",
    "signatory_name": "Петров Пётр Петрович",
    "signatory_position": "Генеральный директор",
    "signatory_basis": "Устава",
}

# ИНН 123456789047 and ОГРНИП 385768585948949 are python-stdnum's documented valid examples;
# ПАО Сбербанк's own correspondent account 30101810400000000225 is keyed against БИК 044525225.
SOLE_TRADER = {
    "legal_form": "ИП",
    "legal_name": "Иванова Мария Сергеевна",
    "inn": "123456789047",
    "kpp": "",
    "ogrn": "385768585948949",
    "legal_address": "190000, г. Санкт-Петербург, Невский пр., д. 1, кв. 2",
    "bank_name": "ПАО Сбербанк",
    "bik": "044525225",
    # keyed by hand: 225 + 40802810838000000001 with weights 7-1-3 gives a digit sum of 50
    "settlement_account": "40802810838000000001",
    "correspondent_account": "30101810400000000225",
    "signatory_name": "Иванова Мария Сергеевна",
    "signatory_position": "Индивидуальный предприниматель",
    "signatory_basis": "листа записи ЕГРИП",
}


def certified_partner(factory, email: str | None = None) -> User:
    user = factory.user(email=email)
    certify(user)
    return user


def partner_with_contract(factory, app, email: str | None = None, requisites=None) -> User:
    """A certified partner with saved requisites and one generated contract."""
    user = certified_partner(factory, email)
    services.save_requisites(user, requisites or COMPANY)
    services.generate(user, app.config)
    return user
