"""Passwords that are guessed first are refused, and so is the account's own address."""

from __future__ import annotations

import pytest

from quiz_app.auth import services

FORM = {
    "full_name": "Пётр Новиков",
    "company": "ООО Новое",
    "email": "petr.novikov@example.com",
    "phone": "+79161112233",
    "consent": "y",
}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "слишком распространён"),
        ("Password", "слишком распространён"),
        ("йцукенгш", "слишком распространён"),
        ("petr.novikov@example.com", "не должен совпадать с адресом почты"),
        ("PETR.NOVIKOV", "не должен совпадать с адресом почты"),
    ],
)
def test_registration_refuses_a_guessable_password(client, password, message):
    response = client.post(
        "/auth/register", data={**FORM, "password": password, "confirm": password}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_reset_refuses_a_common_password(client, candidate):
    token = services.request_password_reset(candidate.email)
    form = {"password": "qwertyuiop", "confirm": "qwertyuiop"}
    response = client.post(f"/auth/reset/{token}", data=form)
    assert response.status_code == 200
    assert "слишком распространён" in response.get_data(as_text=True)


def test_a_good_password_passes(client):
    good = "тихий вечер у реки"
    response = client.post("/auth/register", data={**FORM, "password": good, "confirm": good})
    assert response.status_code == 302
