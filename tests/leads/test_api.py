"""POST /api/v1/leads: bearer-token authentication, JSON validation, 201 with the lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz_app.api import tokens
from quiz_app.api.tokens import ApiToken
from quiz_app.extensions import db

from .conftest import all_leads, events, lead_data


def body(**overrides) -> dict:
    return lead_data(**{"users_count": 12, "budget": 150000.5, **overrides})


def post(client, payload, token: str | None = None, **headers):
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return client.post("/api/v1/leads", json=payload, headers=headers)


def test_valid_lead_is_created(client, api_token):
    response = post(client, body(source_detail="landing/spring"), api_token[1])
    assert response.status_code == 201
    created = response.get_json()
    [lead] = all_leads()
    assert created["id"] == lead.id
    assert created["phone"] == "+79161234567"
    assert created["budget_kopecks"] == 15_000_050
    assert created["status"] == "new"
    assert created["source"] == "api"
    assert created["source_detail"] == "landing/spring"
    assert created["created_at"].endswith("Z")
    assert lead.source == "api"
    assert [e.kind for e in events(lead)] == ["created"]


def test_source_detail_defaults_to_the_token_name(client, api_token):
    assert post(client, body(), api_token[1]).get_json()["source_detail"] == "Лендинг"


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["no header", "empty bearer", "other scheme"],
)
def test_missing_token_is_401(client, api_token, headers):
    response = client.post("/api/v1/leads", json=body(), headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert "Authorization: Bearer" in response.get_json()["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert all_leads() == []


def test_unknown_token_is_401(client, api_token):
    response = post(client, body(), api_token[1] + "x")
    assert response.status_code == 401
    assert "не найден" in response.get_json()["message"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert all_leads() == []


def test_revoked_token_is_401(client, api_token, factory):
    token, raw = api_token
    assert post(client, body(), raw).status_code == 201
    tokens.revoke(token.id, by=factory.admin())
    response = post(client, body(company="ООО После отзыва"), raw)
    assert response.status_code == 401
    assert "отозван" in response.get_json()["message"]
    assert [lead.company for lead in all_leads()] == ["ООО Ромашка"]


def test_last_use_is_recorded(client, api_token, frozen_clock):
    token, raw = api_token
    assert token.last_used_at is None
    post(client, body(), raw)
    db.session.rollback()
    assert db.session.get(ApiToken, token.id).last_used_at == frozen_clock.now()
    frozen_clock.advance(timedelta(minutes=5))
    post(client, body(), raw)
    db.session.rollback()
    assert db.session.get(ApiToken, token.id).last_used_at == frozen_clock.now()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("{not json", "application/json"), ("[1, 2]", "application/json"), ("a=b", "text/plain")],
)
def test_body_that_is_not_a_json_object_is_400(client, api_token, data, content_type):
    response = client.post(
        "/api/v1/leads",
        data=data,
        content_type=content_type,
        headers={"Authorization": f"Bearer {api_token[1]}"},
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"
    assert all_leads() == []


def test_missing_and_unknown_fields_are_named(client, api_token):
    payload = {"company": "ООО Ромашка", "utm_campaign": "spring"}
    response = post(client, payload, api_token[1])
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {
        "contact_name",
        "phone",
        "city",
        "industry",
        "users_count",
        "utm_campaign",
    }
    assert fields["phone"] == ["Заполните это поле"]
    assert fields["utm_campaign"] == ["Неизвестное поле"]


def test_wrong_json_types_are_named(client, api_token):
    response = post(client, body(company=42, users_count=True, budget=[1]), api_token[1])
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert fields["company"] == ["Ожидается текст"]
    assert fields["users_count"] == ["Укажите целое число"]
    assert set(fields) == {"company", "users_count", "budget"}


@pytest.fixture
def csrf_on(app_config):
    app_config.update(WTF_CSRF_ENABLED=True)


def test_api_needs_no_csrf_token(csrf_on, client, api_token):
    assert client.application.config["WTF_CSRF_ENABLED"]
    assert post(client, body(), api_token[1]).status_code == 201


def test_openapi_describes_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/leads"]["post"]
    assert operation["security"] == [{"ApiToken": []}]
    assert {"201", "400", "401", "422"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"
    schema = document["components"]["schemas"]["LeadInput"]
    assert set(schema["required"]) == {
        "company",
        "contact_name",
        "phone",
        "city",
        "industry",
        "users_count",
    }
    assert "retail" in schema["properties"]["industry"]["enum"]


def test_only_the_hash_of_a_token_is_stored(app, api_token):
    token, raw = api_token
    stored = db.session.execute(select(ApiToken.token_hash, ApiToken.prefix)).one()
    assert raw not in stored.token_hash
    assert stored.token_hash == tokens.hash_token(raw)
    assert raw.startswith(stored.prefix)
    assert len(stored.prefix) < len(raw) / 3
