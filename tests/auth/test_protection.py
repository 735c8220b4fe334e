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


def _started_attempt(client, login, candidate) -> tuple[str, str]:
    """(autosave URL, CSRF token) of an attempt started through the form, token in its field."""
    login(candidate)
    page = client.get("/exam/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    start = client.post("/exam/start", data={"csrf_token": token})
    assert start.status_code == 302
    attempt_id = start.headers["Location"].split("/attempts/")[1].split("/")[0]
    return f"/exam/attempts/{attempt_id}/answers", token


def test_autosave_needs_csrf_header(csrf_on, client, login, candidate):
    url, token = _started_attempt(client, login, candidate)
    body = {"question": "business-01", "option": "a"}
    refused = client.post(url, json=body)
    assert refused.status_code == 400
    assert refused.is_json
    accepted = client.post(url, json=body, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_autosave_refuses_a_token_it_did_not_sign(csrf_on, client, login, candidate):
    url, token = _started_attempt(client, login, candidate)
    body = {"question": "business-01", "option": "a"}
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for header in (forged, "not-a-token"):
        refused = client.post(url, json=body, headers={"X-CSRFToken": header})
        assert refused.status_code == 400
    # The refused choice was not saved: the first real save counts one answered question.
    other = {"question": "business-02", "option": "a"}
    accepted = client.post(url, json=other, headers={"X-CSRFToken": token})
    assert accepted.get_json()["answered"] == 1


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
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_security_headers_leave_a_response_its_own(app, client):
    @app.get("/own-headers")
    def own_headers():
        return "ok", {"x-frame-options": "SAMEORIGIN", "Content-Security-Policy": "sandbox"}

    headers = client.get("/own-headers").headers
    assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert headers.getlist("Content-Security-Policy") == ["sandbox"]
    assert headers.getlist("X-Content-Type-Options") == ["nosniff"]
