"""A candidate can neither read nor write another candidate's attempt."""

from __future__ import annotations

import pytest

from .helpers import answer, items, refreshed, start


@pytest.fixture
def victim_attempt(client, login, factory):
    victim = factory.user(email="victim@example.com")
    login(victim)
    attempt = start(client)
    with client.session_transaction() as session:
        session.clear()
    return attempt


@pytest.mark.parametrize("path", ["", "/blocks/1", "/submit", "/result"])
def test_other_candidate_gets_404_on_pages(client, login, factory, victim_attempt, path):
    login(factory.user(email="intruder@example.com"))
    assert client.get(f"/exam/attempts/{victim_attempt.id}{path}").status_code == 404


def test_other_candidate_cannot_answer_or_submit(client, login, factory, victim_attempt):
    item = items(victim_attempt)[0]
    login(factory.user(email="intruder@example.com"))
    response = answer(client, victim_attempt.id, item.question_id, item.version.answer)
    assert response.status_code == 404
    assert client.post(f"/exam/attempts/{victim_attempt.id}/submit").status_code == 404
    assert (
        client.post(
            f"/exam/attempts/{victim_attempt.id}/blocks/1", data={f"q-{item.question_id}": "a"}
        ).status_code
        == 404
    )
    attempt = refreshed(victim_attempt)
    assert attempt.is_open
    assert items(attempt)[0].chosen_option is None


def test_anonymous_is_sent_to_login(client, victim_attempt):
    response = client.get(f"/exam/attempts/{victim_attempt.id}/blocks/1")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
