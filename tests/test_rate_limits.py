"""Rate limits: what a refused client is told, counters shared through Redis, and what happens
when Redis is down. The limits of each form are tested beside the form (auth, leads)."""

from __future__ import annotations

import contextlib
import logging

import pytest
import redis

from quiz_app import create_app
from quiz_app.extensions import db

REDIS_URL = "redis://127.0.0.1:6379/15"
UNREACHABLE = "redis://:s3cret@127.0.0.1:1/0"


def _wrong_login(client, candidate, **kwargs):
    return client.post(
        "/auth/login", data={"email": candidate.email, "password": "wrong"}, **kwargs
    )


@pytest.fixture
def limited(app_config):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute;10 per hour")


def test_a_refused_client_is_told_when_to_come_back(limited, client, candidate):
    assert [_wrong_login(client, candidate).status_code for _ in range(2)] == [400, 400]
    refused = _wrong_login(client, candidate)
    assert refused.status_code == 429
    seconds = int(refused.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert f"Повторите через {seconds} с." in refused.get_data(as_text=True)
    as_json = _wrong_login(client, candidate, headers={"Accept": "application/json"})
    assert as_json.status_code == 429
    assert as_json.get_json()["message"].startswith("Слишком много попыток с вашего адреса")


def test_each_address_has_its_own_counter(limited, client, candidate):
    other = {"REMOTE_ADDR": "192.0.2.7"}
    assert [_wrong_login(client, candidate).status_code for _ in range(3)] == [400, 400, 429]
    assert _wrong_login(client, candidate, environ_base=other).status_code == 400


def test_reading_a_limited_form_is_not_counted(limited, client, candidate):
    for _ in range(5):
        assert client.get("/auth/login").status_code == 200
    assert _wrong_login(client, candidate).status_code == 400


def test_a_setting_that_is_not_a_limit_stops_the_start(app_config):
    app_config.update(LOGIN_RATE_LIMIT="ten per minute")
    with pytest.raises(ValueError, match="LOGIN_RATE_LIMIT='ten per minute' is not a rate limit"):
        create_app(app_config)


@contextlib.contextmanager
def another_instance(app_config):
    """A second app process's worth of app, on the same database and settings."""
    app = create_app(app_config)
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def shared_redis(app_config):
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.flushdb()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}: .ci/run's machine has one")
    app_config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    yield
    connection.flushdb()


def test_instances_share_their_counters_through_redis(
    shared_redis, limited, app_config, client, candidate
):
    """Two app instances, as behind a load balancer: the limit holds across both."""
    with another_instance(app_config) as second:
        other = second.test_client()
        codes = [
            _wrong_login(client, candidate).status_code,
            _wrong_login(other, candidate).status_code,
            _wrong_login(client, candidate).status_code,
            _wrong_login(other, candidate).status_code,
        ]
    assert codes == [400, 400, 429, 429]


def _three_wrong_logins_without_redis(app_config, candidate, caplog) -> list[str]:
    """Three wrong logins on an instance whose Redis is unreachable; the warnings logged."""
    app_config["RATELIMIT_STORAGE_URI"] = UNREACHABLE
    with another_instance(app_config) as app:
        client = app.test_client()
        with caplog.at_level(logging.WARNING, logger="quiz_app.rate_limits"):
            codes = [_wrong_login(client, candidate).status_code for _ in range(3)]
    # Counted in the process meanwhile: the limit still holds.
    assert codes == [400, 400, 429]
    return [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]


def test_unreachable_redis_falls_back_to_counting_in_the_process(
    limited, app_config, candidate, caplog
):
    warnings = _three_wrong_logins_without_redis(app_config, candidate, caplog)
    # One warning; then the process counts on its own, without asking Redis on each request.
    assert len(warnings) == 1
    assert "redis://127.0.0.1:1" in warnings[0]
    assert "s3cret" not in warnings[0]


def test_redis_is_tried_again_once_the_pause_is_over(
    limited, app_config, candidate, caplog, monkeypatch
):
    monkeypatch.setattr("quiz_app.rate_limits.RETRY_STORAGE_SECONDS", 0.0)
    warnings = _three_wrong_logins_without_redis(app_config, candidate, caplog)
    # Each limit checked asked Redis again: both limits of the first two requests, and the
    # first limit of the third, which refused it.
    assert len(warnings) == 5
