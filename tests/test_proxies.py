"""Client addresses and HTTPS behind trusted proxies; Secure cookies whenever HTTPS was used."""

from __future__ import annotations

import pytest

from quiz_app.proxies import trusted_proxies

NGINX = {"REMOTE_ADDR": "127.0.0.1"}  # the proxy's own address, as the app's socket sees it


def _wrong_login(client, candidate, forwarded_for: str):
    return client.post(
        "/auth/login",
        data={"email": candidate.email, "password": "wrong"},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base=NGINX,
    )


@pytest.fixture
def limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute")


def test_behind_a_trusted_proxy_each_client_has_its_own_counter(limited, another_app, candidate):
    client = another_app(TRUSTED_PROXIES=1).test_client()
    first = [_wrong_login(client, candidate, "198.51.100.1").status_code for _ in range(3)]
    assert first == [400, 400, 429]
    # Another client behind the same nginx is not locked out by the first one.
    assert _wrong_login(client, candidate, "198.51.100.2").status_code == 400


def test_without_trusted_proxies_a_forged_address_is_ignored(limited, client, candidate):
    codes = [_wrong_login(client, candidate, f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [400, 400, 429]


def test_only_the_trusted_hops_are_read(limited, another_app, candidate):
    # With one trusted proxy, an address the client put in front of nginx's is not believed.
    client = another_app(TRUSTED_PROXIES=1).test_client()
    codes = [
        _wrong_login(client, candidate, f"203.0.113.{n}, 198.51.100.9").status_code
        for n in range(3)
    ]
    assert codes == [400, 400, 429]


def _cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_cookies_are_secure_over_https(client):
    response = client.get("/lang/en", base_url="https://localhost")
    cookies = _cookies(response)
    assert cookies and all("; Secure" in cookie for cookie in cookies)


def test_cookies_over_plain_http_follow_the_setting(client):
    cookies = _cookies(client.get("/lang/en"))
    assert cookies and not any("Secure" in cookie for cookie in cookies)


def test_https_seen_by_a_trusted_proxy_makes_cookies_secure(another_app):
    client = another_app(TRUSTED_PROXIES=1).test_client()
    https = client.get("/lang/en", headers={"X-Forwarded-Proto": "https"}, environ_base=NGINX)
    assert all("; Secure" in cookie for cookie in _cookies(https))


def test_a_forged_https_header_is_ignored_without_trusted_proxies(client):
    response = client.get("/lang/en", headers={"X-Forwarded-Proto": "https"})
    assert not any("Secure" in cookie for cookie in _cookies(response))


def test_remember_cookie_is_secure_over_https(client, candidate):
    from .factories import PASSWORD

    response = client.post(
        "/auth/login",
        data={"email": candidate.email, "password": PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )
    cookies = _cookies(response)
    assert any(cookie.startswith("remember_token=") for cookie in cookies)
    assert all("; Secure" in cookie for cookie in cookies)


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_trusted_proxies_setting_says_what_is_wrong(value):
    with pytest.raises(ValueError, match=f"TRUSTED_PROXIES='{value}' must be a whole number"):
        trusted_proxies(value)


def test_the_audit_log_records_the_client_behind_the_proxy(another_app, factory):
    from sqlalchemy import select

    from quiz_app.audit import AuditEntry
    from quiz_app.extensions import db

    from .factories import PASSWORD

    client = another_app(TRUSTED_PROXIES=1).test_client()
    admin, person = factory.admin(), factory.user()
    forwarded = {"X-Forwarded-For": "198.51.100.23"}
    client.post(
        "/auth/login",
        data={"email": admin.email, "password": PASSWORD},
        headers=forwarded,
        environ_base=NGINX,
    )
    client.post(f"/admin/people/{person.id}/sessions/end", headers=forwarded, environ_base=NGINX)
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "user.sign_out_everywhere")
    )
    assert entry.ip == "198.51.100.23"
