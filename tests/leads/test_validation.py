"""Invalid leads are refused field by field, with the same rules in the form, the API and CSV."""

from __future__ import annotations

import re

import pytest

from .conftest import all_leads, lead_data

# (field, value, words the message for that field must contain)
BAD_FIELDS = [
    ("company", "", "Заполните это поле"),
    ("company", "К" * 201, "Не длиннее 200 символов"),
    ("contact_name", "   ", "Заполните это поле"),
    ("phone", "позвоните мне", "Укажите телефон, например +7 912 345-67-89"),
    ("phone", "+7 000 000-00-00", "Такого номера телефона не существует"),
    ("email", "irina@", "Укажите email, например name@company.ru"),
    ("city", "", "Заполните это поле"),
    ("city", "Г" * 101, "Не длиннее 100 символов"),
    ("industry", "", "Выберите отрасль из списка"),
    ("industry", "космос", "Выберите отрасль из списка"),
    ("users_count", "", "Заполните это поле"),
    ("users_count", "десять", "Укажите целое число"),
    ("users_count", "2.5", "Укажите целое число"),
    ("users_count", "0", "Не меньше 1"),
    ("users_count", "100001", "Не больше 100000"),
    ("budget", "много", "Укажите сумму в рублях"),
    ("budget", "100,555", "не больше двух знаков после запятой"),
    ("budget", "-100", "Бюджет не может быть отрицательным"),
    ("budget", "1" + "0" * 15, "Слишком большая сумма"),
    ("comment", "я" * 2001, "Не длиннее 2000 символов"),
]


def field_errors_on_page(page: str) -> dict[str, list[str]]:
    """{input name: [error messages]} for every field the page marks as wrong."""
    found = {}
    for block in re.findall(r'<div class="field has-error">(.*?)</div>', page, re.S):
        name = re.search(r'name="([^"]+)"', block).group(1)
        found[name] = re.findall(r'<p class="error">(.*?)</p>', block, re.S)
    return found


@pytest.mark.parametrize(("field", "value", "message"), BAD_FIELDS)
def test_public_form_names_the_wrong_field(client, field, value, message):
    response = client.post("/request", data=lead_data(**{field: value}, consent="y"))
    assert response.status_code == 400
    errors = field_errors_on_page(response.get_data(as_text=True))
    assert list(errors) == [field]
    assert any(message in text for text in errors[field]), errors
    assert all_leads() == []


@pytest.mark.parametrize(("field", "value", "message"), BAD_FIELDS)
def test_api_names_the_wrong_field(client, api_token, field, value, message):
    body = lead_data(users_count=12, budget=150000)
    body[field] = value
    response = client.post(
        "/api/v1/leads", json=body, headers={"Authorization": f"Bearer {api_token[1]}"}
    )
    assert response.status_code == 422
    payload = response.get_json()
    assert payload["error"] == "validation_failed"
    assert list(payload["fields"]) == [field]
    assert any(message in text for text in payload["fields"][field]), payload
    assert all_leads() == []


def test_every_wrong_field_is_reported_at_once(client):
    data = lead_data(company="", phone="123", email="x", users_count="0", consent="y")
    errors = field_errors_on_page(client.post("/request", data=data).get_data(as_text=True))
    assert set(errors) == {"company", "phone", "email", "users_count"}


def test_input_is_normalised(client):
    data = lead_data(
        company="  ООО   Ромашка ",
        phone="8 (916) 123-45-67",
        email="Irina@Romashka.Example",
        city="ростов-на-дону",
        industry="Розничная торговля",
        users_count=" 1 200 ",
        budget="1 500 000,50",
        consent="y",
    )
    assert client.post("/request", data=data).status_code == 302
    [lead] = all_leads()
    assert lead.company == "ООО Ромашка"
    assert lead.phone == "+79161234567"
    assert lead.email == "Irina@romashka.example"
    assert lead.city == "Ростов-на-Дону"
    assert lead.industry == "retail"
    assert lead.users_count == 1200
    assert lead.budget_kopecks == 150_000_050


def test_optional_fields_may_be_left_empty(client):
    data = lead_data(email="", budget="", comment="", consent="y")
    assert client.post("/request", data=data).status_code == 302
    [lead] = all_leads()
    assert (lead.email, lead.budget_kopecks, lead.comment) == (None, None, None)


def test_foreign_number_keeps_its_country(client):
    data = lead_data(phone="+44 20 7946 0958", consent="y")
    assert client.post("/request", data=data).status_code == 302
    assert all_leads()[0].phone == "+442079460958"
