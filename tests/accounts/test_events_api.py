"""POST /api/v1/accounts/<id>/events: token authentication, payload validation, storage."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quiz_app import clock
from quiz_app.extensions import db
from quiz_app.partner.accounts import services
from quiz_app.partner.accounts.models import AccountEvent

from ..conftest import START


def url(account) -> str:
    return f"/api/v1/accounts/{account.id}/events"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def stored_count(account=None) -> int:
    statement = select(func.count()).select_from(AccountEvent)
    if account is not None:
        statement = statement.where(AccountEvent.account_id == account.id)
    return db.session.scalar(statement)


DEAL = {"type": "deal_created", "amount": 1_500_000, "stage": "Первичный контакт", "source": "Сайт"}


@pytest.fixture
def account(partner, make_account):
    return make_account(partner)


def test_an_event_is_stored_with_the_accounts_token(client, account):
    acct, token = account
    response = client.post(url(acct), json=DEAL, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"stored": 1, "duplicates": 0}
    event = db.session.scalar(select(AccountEvent))
    assert (event.account_id, event.kind, event.amount, event.stage, event.source) == (
        acct.id, "deal_created", 1_500_000, "Первичный контакт", "Сайт",
    )  # fmt: skip
    assert event.occurred_at == START  # no time given: now


def test_only_the_sha256_of_the_token_is_stored(account):
    import hashlib

    acct, token = account
    assert token.startswith("ca_") and len(token) > 40
    assert acct.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {acct.token_hash, acct.token_prefix}
    assert token.startswith(acct.token_prefix)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer ca_wrong"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
)
def test_missing_or_wrong_token_is_401(client, account, headers):
    acct, _token = account
    response = client.post(url(acct), json=DEAL, headers=headers)
    assert response.status_code == 401
    body = response.get_json()
    assert body["error"] == "unauthorized"
    assert "Bearer" in body["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert stored_count() == 0


def test_another_accounts_token_does_not_open_this_account(client, partner, make_account):
    first, _first_token = make_account(partner)
    _second, second_token = make_account(partner)
    response = client.post(url(first), json=DEAL, headers=bearer(second_token))
    assert response.status_code == 401
    assert stored_count() == 0


def test_an_unknown_account_answers_like_a_wrong_token(client, account):
    _acct, token = account
    response = client.post("/api/v1/accounts/999999/events", json=DEAL, headers=bearer(token))
    assert response.status_code == 401


def test_a_regenerated_token_replaces_the_old_one_at_once(client, account):
    acct, old = account
    new = services.regenerate_token(acct)
    assert new != old
    assert client.post(url(acct), json=DEAL, headers=bearer(old)).status_code == 401
    assert client.post(url(acct), json=DEAL, headers=bearer(new)).status_code == 200


def test_a_blocked_account_is_refused(client, account, factory):
    acct, token = account
    services.block(acct, factory.admin(), "Жалоба на спам")
    response = client.post(url(acct), json=DEAL, headers=bearer(token))
    assert response.status_code == 403
    assert response.get_json()["error"] == "account_blocked"


def test_a_batch_of_every_kind_is_stored(client, account):
    acct, token = account
    at = (START - timedelta(hours=2)).isoformat()
    batch = {
        "events": [
            {"type": "login", "user": "Анна", "occurred_at": at},
            DEAL,
            {"type": "deal_won", "amount": 500_000, "stage": "Переговоры"},
            {"type": "deal_lost", "amount": 100, "stage": "Переговоры", "reason": "Дорого"},
            {"type": "call_in", "duration": 65},
            {"type": "call_out", "duration": 0},
            {"type": "task_done", "task_type": "Встреча"},
            {"type": "user_hours", "hours": 6.5, "user": "Анна"},
        ]
    }
    response = client.post(url(acct), json=batch, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"stored": 8, "duplicates": 0}
    rows = {e.kind: e for e in db.session.scalars(select(AccountEvent))}
    assert rows["login"].occurred_at == START - timedelta(hours=2)
    assert rows["login"].user_name == "Анна"
    assert rows["call_in"].duration_seconds == 65
    assert rows["user_hours"].duration_seconds == 6 * 3600 + 1800
    assert rows["deal_lost"].reason == "Дорого"
    assert rows["task_done"].task_type == "Встреча"


def test_events_with_an_id_already_received_are_not_counted_twice(client, account):
    acct, token = account
    batch = {"events": [{**DEAL, "id": "d-1"}, {**DEAL, "id": "d-2"}]}
    assert client.post(url(acct), json=batch, headers=bearer(token)).get_json() == {
        "stored": 2,
        "duplicates": 0,
    }
    again = {"events": [{**DEAL, "id": "d-2"}, {**DEAL, "id": "d-3"}, {**DEAL, "id": "d-3"}]}
    assert client.post(url(acct), json=again, headers=bearer(token)).get_json() == {
        "stored": 1,
        "duplicates": 2,
    }
    assert stored_count(acct) == 3


def test_the_same_event_id_may_be_used_by_different_accounts(client, partner, make_account):
    first, first_token = make_account(partner)
    second, second_token = make_account(partner)
    for acct, token in ((first, first_token), (second, second_token)):
        body = client.post(url(acct), json={**DEAL, "id": "x"}, headers=bearer(token)).get_json()
        assert body == {"stored": 1, "duplicates": 0}


def invalid(client, account, payload) -> dict:
    acct, token = account
    response = client.post(url(acct), json=payload, headers=bearer(token))
    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert body["error"] == "validation_error"
    assert body["message"]
    assert stored_count() == 0  # nothing half-saved
    return body["fields"]


def test_each_bad_field_is_named(client, account):
    fields = invalid(
        client,
        account,
        {
            "events": [
                DEAL,
                {"type": "deal_created", "amount": 10.5, "stage": ""},
                {"type": "call_in"},
                {"type": "deal_lost", "amount": -1, "stage": "Переговоры", "colour": "red"},
                {"type": "teleport"},
                {"amount": 5},
            ]
        },
    )
    assert fields == {
        "events.1.amount": ["Нужно целое число."],
        "events.1.stage": ["Не может быть пустым."],
        "events.2.duration": ["Обязательное поле."],
        "events.3.amount": ["Не меньше 0."],
        "events.3.colour": ["Неизвестное поле."],
        "events.4": [
            "Неизвестный тип события «teleport»; допустимы: login, deal_created, deal_won, "
            "deal_lost, call_in, call_out, task_done, user_hours."
        ],
        "events.5": [
            "Укажите тип события (type): login, deal_created, deal_won, deal_lost, call_in, "
            "call_out, task_done, user_hours."
        ],
    }


def test_a_single_event_names_its_fields_without_a_prefix(client, account):
    fields = invalid(client, account, {"type": "deal_won", "amount": "100"})
    assert fields == {"amount": ["Нужно целое число."]}


@pytest.mark.parametrize(
    ("occurred_at", "message"),
    [
        ("2026-03-02T09:00:00", "часовой пояс"),
        ("вчера", "ISO 8601"),
        ((START + timedelta(hours=1)).isoformat(), "в будущем"),
        ((START - timedelta(days=400)).isoformat(), "старше 366 дней"),
    ],
)
def test_times_must_be_plausible_and_zoned(client, account, occurred_at, message):
    fields = invalid(client, account, {**DEAL, "occurred_at": occurred_at})
    assert list(fields) == ["occurred_at"]
    assert message in fields["occurred_at"][0]


def test_a_little_clock_skew_is_accepted(client, account):
    acct, token = account
    soon = (clock.now() + timedelta(minutes=2)).isoformat()
    response = client.post(url(acct), json={**DEAL, "occurred_at": soon}, headers=bearer(token))
    assert response.status_code == 200


def test_batch_limits(client, account):
    assert invalid(client, account, {"events": []}) == {"events": ["Нужно хотя бы одно событие."]}
    too_many = {"events": [DEAL] * 1001}
    assert invalid(client, account, too_many) == {"events": ["Не больше 1000 событий за запрос."]}


def test_a_body_that_is_not_json_is_400(client, account):
    acct, token = account
    response = client.post(
        url(acct), data="amount=5", headers={**bearer(token), "Content-Type": "text/plain"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_json"
    response = client.post(url(acct), json=[DEAL], headers=bearer(token))
    assert response.status_code == 422
    assert "(body)" in response.get_json()["fields"]


def test_the_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/accounts/{account_id}/events"]["post"]
    assert operation["security"] == [{"accountToken": []}]
    assert {"200", "401", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    for name in ("Event", "EventBatch", "DealCreated", "UserHours", "EventsStored"):
        assert name in schemas, name
    assert set(schemas["Event"]["discriminator"]["mapping"]) == {
        "login", "deal_created", "deal_won", "deal_lost", "call_in", "call_out", "task_done",
        "user_hours",
    }  # fmt: skip
    assert document["components"]["securitySchemes"]["accountToken"]["scheme"] == "bearer"
    # every reference resolves inside the document
    text = str(document)
    import re

    for ref in set(re.findall(r"#/components/schemas/(\w+)", text)):
        assert ref in schemas, ref


def test_a_chunked_body_is_held_to_the_same_limit(client, account):
    import io
    import json

    acct, token = account
    events = {"events": [{**DEAL, "id": f"e{n}"} for n in range(20_000)]}  # about 3 MB
    body = json.dumps(events).encode()
    assert len(body) > 2 * 1024 * 1024
    response = client.post(
        url(acct),
        input_stream=io.BytesIO(body),
        headers={
            **bearer(token),
            "Content-Type": "application/json",
            "Transfer-Encoding": "chunked",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert stored_count(acct) == 0
