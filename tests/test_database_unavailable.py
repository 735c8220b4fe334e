"""A database that drops a connection or is briefly away gives a 503 to retry, not a 500."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from quiz_app.exam import services
from quiz_app.extensions import db

from .conftest import is_postgresql
from .exam.helpers import answer, items, start


def _dropped(*args, **kwargs):
    raise OperationalError("UPDATE attempt …", {}, Exception("server closed the connection"))


def test_autosave_gets_a_json_503_and_the_page_a_503_page(client, login, candidate, monkeypatch):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    monkeypatch.setattr(services, "save_answer", _dropped)
    response = answer(client, attempt.id, first.question_id, first.option_order[0])
    assert response.status_code == 503
    assert "временно недоступна" in response.get_json()["message"]
    monkeypatch.setattr(services, "owned_attempt", _dropped)
    page = client.get(f"/exam/attempts/{attempt.id}/blocks/1")
    assert page.status_code == 503
    assert "временно недоступна" in page.get_data(as_text=True)


@pytest.mark.skipif(not is_postgresql(), reason="needs a PostgreSQL server to cut connections")
def test_after_the_server_drops_every_connection_the_next_request_reconnects(
    app, client, login, candidate
):
    login(candidate)
    attempt = start(client)
    first, second = items(attempt)[:2]
    assert answer(client, attempt.id, first.question_id, first.option_order[0]).status_code == 200
    db.session.remove()  # back to the pool, like every request's connection at its end
    url = db.engine.url
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
    ) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    statuses = [
        answer(client, attempt.id, second.question_id, second.option_order[0]).status_code
        for _ in range(2)
    ]
    # The pooled connection is gone: at most one request sees it, and the retry saves.
    assert statuses in ([503, 200], [200, 200])
    assert items(attempt)[1].chosen_option == second.option_order[0]
