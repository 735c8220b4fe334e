"""Requisite validation: published valid numbers pass, each wrong field gets its own message."""

from __future__ import annotations

import pytest
from stdnum.ru import ogrn as stdnum_ogrn

from quiz_app.partner.contracts import bank_keys
from quiz_app.partner.contracts.requisites import FIELD_NAMES, RequisitesInvalid, validate

from .helpers import COMPANY, SOLE_TRADER


def errors_of(data: dict) -> dict[str, list[str]]:
    with pytest.raises(RequisitesInvalid) as caught:
        validate(data)
    return caught.value.errors


def with_(base: dict, **changes) -> dict:
    return {**base, **changes}


# --- bank account keys (Bank of Russia algorithm) ---------------------------------------------


@pytest.mark.parametrize(
    ("account", "bik"),
    [
        ("30101810400000000225", "044525225"),  # ПАО Сбербанк
        ("30101810200000000827", "044030827"),
        ("30101810145250000974", "044525974"),  # АО «Т-Банк»
        ("30101810200000000593", "044525593"),  # АО «Альфа-Банк»
        ("30101810700000000187", "044525187"),  # Банк ВТБ (ПАО)
    ],
)
def test_published_correspondent_accounts_are_keyed(account, bik):
    assert bank_keys.correspondent_account_key_ok(account, bik)


def test_settlement_account_key_accepts_only_the_right_control_digit():
    # The ninth digit is the key: only 9 fits 40702810?00000002851 at БИК 044030827.
    keyed = [
        digit
        for digit in "0123456789"
        if bank_keys.settlement_account_key_ok(f"40702810{digit}00000002851", "044030827")
    ]
    assert keyed == ["9"]


def test_settlement_account_in_a_bank_of_russia_unit_uses_the_unit_number():
    # BIK 044525000 ends in 000: the conditional number starts with "0" + digits 5–6, "025".
    # 025 + 40702810?00000000001 with weights 7-1-3: digit sum 30 + 3·key, so the key is 0.
    # Keyed with the BIK's last three digits ("000") instead, the sum would be 23.
    assert bank_keys.settlement_account_key_ok("40702810000000000001", "044525000")
    assert not bank_keys.settlement_account_key_ok("40702810200000000001", "044525000")


# --- whole requisites ----------------------------------------------------------------------


def test_published_company_requisites_pass():
    requisites = validate(COMPANY)
    assert requisites.inn == "7707083893"
    assert requisites.display_name == "ПАО «Сбербанк России»"
    assert requisites.ogrn_label == "ОГРН"


def test_sole_trader_passes_without_kpp():
    requisites = validate(SOLE_TRADER)
    assert requisites.kpp is None
    assert requisites.display_name == "ИП Иванова Мария Сергеевна"
    assert requisites.ogrn_label == "ОГРНИП"


def test_spaces_in_numbers_are_ignored_and_text_is_trimmed():
    requisites = validate(
        with_(COMPANY, inn=" 7707 083 893 ", bik="04 40 30 827", legal_name="  Сбербанк   России ")
    )
    assert requisites.inn == "7707083893"
    assert requisites.bik == "044030827"
    assert requisites.legal_name == "Сбербанк России"


def test_empty_form_names_every_required_field():
    errors = errors_of({})
    assert set(errors) == set(FIELD_NAMES) - {"kpp"}
    assert errors["inn"] == ["Заполните поле «ИНН»."]
    assert errors["legal_form"] == ["Выберите организационно-правовую форму из списка."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # python-stdnum's documented invalid examples
        ("inn", "1234567895", "Неверный ИНН: не сходятся контрольные цифры"),
        ("ogrn", "1022500001328", "Неверный ОГРН организации: не сходится контрольная цифра"),
        # Sberbank's numbers with one digit changed
        ("inn", "7707083894", "Неверный ИНН"),
        ("ogrn", "1027700132196", "не сходится контрольная цифра"),
        ("inn", "770708389", "ИНН организации должен содержать 10 цифр, введено 9."),
        ("inn", "123456789047", "ИНН организации должен содержать 10 цифр, введено 12."),
        ("inn", "77070838ЗЗ", "ИНН организации состоит только из цифр."),
        ("ogrn", "385768585948949", "ОГРН организации должен содержать 13 цифр, введено 15."),
        ("ogrn", "0027700132195", "ОГРН организации не может начинаться с цифры 0."),
        ("kpp", "", "Укажите КПП"),
        ("kpp", "77360100", "КПП — 9 знаков"),
        ("kpp", "7736аб001", "КПП — 9 знаков"),
        ("bik", "04403082", "БИК должен содержать 9 цифр, введено 8."),
        ("bik", "144030827", "БИК российского банка начинается с 0."),
        (
            "settlement_account",
            "40702810000000002851",
            "Расчётный счёт не сходится с БИК 044030827",
        ),
        ("settlement_account", "4070281090000000285", "должен содержать 20 цифр, введено 19."),
        ("correspondent_account", "30101810300000000827", "не сходится с БИК 044030827"),
        ("correspondent_account", "40101810200000000827", "начинается с 30101"),
        ("correspondent_account", "30101810400000000225", "последними тремя цифрами БИК (827)"),
        ("legal_address", "Москва", "от 10 до 500 символов, введено 6"),
        ("signatory_name", "Петров", "Укажите фамилию, имя и отчество подписанта."),
        ("legal_form", "ОАОО", "Выберите организационно-правовую форму из списка."),
    ],
)
def test_each_wrong_company_field_gets_its_own_message(field, value, message):
    errors = errors_of(with_(COMPANY, **{field: value}))
    assert list(errors) == [field]
    assert message in " ".join(errors[field])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kpp", "773601001", "У индивидуального предпринимателя нет КПП"),
        ("inn", "7707083893", "ИНН индивидуального предпринимателя должен содержать 12 цифр"),
        ("inn", "123456789037", "Неверный ИНН"),  # stdnum's documented invalid 12-digit ИНН
        ("ogrn", "1027700132195", "ОГРНИП должен содержать 15 цифр, введено 13."),
        ("ogrn", "385768585948948", "Неверный ОГРНИП"),
        ("ogrn", "585768585948949", "ОГРНИП не может начинаться с цифры 5."),
    ],
)
def test_sole_trader_rules(field, value, message):
    errors = errors_of(with_(SOLE_TRADER, **{field: value}))
    assert list(errors) == [field]
    assert message in " ".join(errors[field])


def test_several_wrong_fields_are_all_reported():
    errors = errors_of(with_(COMPANY, inn="7707083894", bik="12", signatory_basis=""))
    assert set(errors) == {"inn", "bik", "signatory_basis"}


def test_with_a_wrong_bik_only_the_bik_is_blamed():
    errors = errors_of(with_(COMPANY, bik="044030828"[:8]))
    assert list(errors) == ["bik"]


def test_ogrnip_whose_remainder_is_two_digits_is_accepted():
    # 30450011600018 mod 13 = 10: the control digit is the remainder's last digit, 0.
    number = "304500116000180"
    assert int(number[:-1]) % 13 == 10
    assert not stdnum_ogrn.is_valid(number)  # python-stdnum 2.2 gets this case wrong
    assert validate(with_(SOLE_TRADER, ogrn=number)).ogrn == number
    assert "ogrn" in errors_of(with_(SOLE_TRADER, ogrn="304500116000181"))
