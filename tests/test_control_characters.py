"""NUL and other control characters are refused with a message, never stored, never a 500."""

from __future__ import annotations

from sqlalchemy import func, select

from quiz_app.api import tokens
from quiz_app.auth.models import User
from quiz_app.extensions import db
from quiz_app.partner.leads.models import Lead

from .factories import PASSWORD
from .leads.conftest import lead_data


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_form_field_with_nul_gets_a_field_error(client):
    before = count(User)
    response = client.post(
        "/auth/register",
        data={
            "full_name": "Пётр\x00Новиков",
            "company": "ООО Новое",
            "email": "nul@example.com",
            "phone": "+79161112233",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "consent": "y",
        },
    )
    assert response.status_code == 400
    assert "недопустимый управляющий символ" in response.get_data(as_text=True)
    assert count(User) == before


def test_a_search_with_nul_is_a_400_naming_the_parameter(client, login, factory):
    login(factory.admin())
    response = client.get("/admin/people?q=%D0%98%00")
    assert response.status_code == 400
    assert "«q»" in response.get_data(as_text=True)


def test_the_lead_api_names_the_field(client, factory):
    _, raw = tokens.issue("test", by=None)
    db.session.commit()
    body = {**lead_data(), "company": "ООО\u0000Ромашка", "consent": True}
    body["budget"] = "1500000"
    response = client.post("/api/v1/leads", json=body, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"company": [response.get_json()["message"]]}
    assert count(Lead) == 0


def test_tabs_and_newlines_stay_allowed(client, factory):
    response = client.get("/tariffs/?q=%D0%B2%D0%BE%D1%80%D0%BE%D0%BD%D0%BA%D0%B0%09")
    assert response.status_code == 200
