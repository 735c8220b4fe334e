"""Production refuses development defaults; limits that protect the service."""

from __future__ import annotations

import pytest

from quiz_app import create_app
from quiz_app.config import UnsafeConfiguration

GOOD = {
    "SECRET_KEY": "k" * 48,
    "PUBLIC_BASE_URL": "https://partners.example.com",
    "CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/credential.pem",
}


@pytest.fixture
def production_env(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    for name in (
        "SECRET_KEY",
        "PUBLIC_BASE_URL",
        "CREDENTIAL_SIGNING_KEY",
        "CREDENTIAL_SIGNING_KEY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_secrets(production_env):
    with pytest.raises(UnsafeConfiguration) as refused:
        create_app()
    message = str(refused.value)
    assert "SECRET_KEY must be set" in message
    assert "CREDENTIAL_SIGNING_KEY" in message
    assert "PUBLIC_BASE_URL" in message


def test_production_refuses_a_weak_secret_key(production_env):
    for name, value in GOOD.items():
        production_env.setenv(name, value)
    production_env.setenv("SECRET_KEY", "change-me")
    with pytest.raises(UnsafeConfiguration, match="SECRET_KEY"):
        create_app()


def test_production_starts_with_proper_settings_and_secure_cookies(production_env):
    for name, value in GOOD.items():
        production_env.setenv(name, value)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_oversized_request_refused(app_config, _schema):
    app_config["MAX_CONTENT_LENGTH"] = 1024
    app = create_app(app_config)
    response = app.test_client().post("/auth/login", data={"email": "x" * 4096})
    assert response.status_code == 413
    assert "Слишком большой запрос" in response.get_data(as_text=True)
