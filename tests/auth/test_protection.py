"""CSRF on forms and autosave, login rate limit, security headers."""

from __future__ import annotations

import pytest

from ..factories import PASSWORD


@pytest.fixture
def csrf_on(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


def test_form_without_csrf_token_is_refused(csrf_on, client, candidate):
    response = client.post("/auth/login", data={"email": candidate.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Форма устарела" in response.get_data(as_text=True)


def test_autosave_needs_csrf_header(csrf_on, client, login, candidate):
    login(candidate)
    page = client.get("/exam/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    start = client.post("/exam/start", data={"csrf_token": token})
    attempt_id = start.headers["Location"].split("/attempts/")[1].split("/")[0]
    url = f"/exam/attempts/{attempt_id}/answers"
    body = {"question": "business-01", "option": "a"}
    refused = client.post(url, json=body)
    assert refused.status_code == 400
    assert refused.is_json
    accepted = client.post(url, json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


@pytest.fixture
def rate_limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")


def test_login_is_rate_limited(rate_limited, client, candidate):
    codes = [
        client.post("/auth/login", data={"email": candidate.email, "password": "wrong"}).status_code
        for _ in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    assert "Слишком много попыток" in client.post(
        "/auth/login", data={"email": candidate.email, "password": PASSWORD}
    ).get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
