"""The server-side deadline: countdown, late answers, finalization on access and by the sweep."""

from __future__ import annotations

import re
from datetime import timedelta

from quiz_app.exam.models import FinishReason, Status

from .helpers import answer, items, refreshed, start


def test_deadline_is_start_plus_time_limit(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    assert attempt.started_at == frozen_clock.now()
    assert attempt.deadline == frozen_clock.now() + timedelta(minutes=60)


def test_countdown_comes_from_the_server_clock(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    frozen_clock.advance(timedelta(minutes=45, seconds=30))
    page = client.get(f"/exam/attempts/{attempt.id}/blocks/1").get_data(as_text=True)
    assert 'data-remaining="870"' in page  # 14 min 30 s left, whatever the browser's clock says


def test_answer_within_grace_is_accepted(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    frozen_clock.advance(timedelta(minutes=60, seconds=5))
    response = answer(client, attempt.id, first.question_id, first.version.answer)
    assert response.status_code == 200


def test_late_answer_refused_and_attempt_scored_on_saved_answers(
    client, login, candidate, frozen_clock
):
    login(candidate)
    attempt = start(client)
    first, second = items(attempt)[:2]
    assert answer(client, attempt.id, first.question_id, first.version.answer).status_code == 200
    frozen_clock.advance(timedelta(minutes=60, seconds=11))
    response = answer(client, attempt.id, second.question_id, second.version.answer)
    assert response.status_code == 409
    assert response.get_json()["error"] == "time_up"
    assert "Время попытки истекло" in response.get_json()["message"]
    attempt = refreshed(attempt)
    assert attempt.status == Status.FINISHED
    assert attempt.finish_reason == FinishReason.EXPIRED
    assert attempt.score == 1
    assert attempt.finished_at == attempt.deadline
    assert [i.chosen_option for i in items(attempt)[:2]] == [first.version.answer, None]


def test_expired_attempt_finalized_on_next_access(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    frozen_clock.advance(timedelta(minutes=61))
    response = client.get(f"/exam/attempts/{attempt.id}/blocks/2")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/result")
    attempt = refreshed(attempt)
    assert attempt.status == Status.FINISHED
    assert attempt.score == 0
    assert not attempt.passed


def test_sweep_finalizes_abandoned_attempts_only(
    app, client, runner, login, factory, candidate, frozen_clock
):
    login(candidate)
    abandoned = start(client)
    frozen_clock.advance(timedelta(minutes=30))
    other = factory.user()
    login(other)
    fresh = start(client)
    frozen_clock.advance(timedelta(minutes=31))
    result = runner.invoke(args=["finalize-expired"])
    assert result.exit_code == 0
    assert "finalized 1 expired attempt(s)" in result.output
    assert refreshed(abandoned).status == Status.FINISHED
    assert refreshed(fresh).status == Status.IN_PROGRESS
    again = runner.invoke(args=["finalize-expired"])
    assert "finalized 0 expired attempt(s)" in again.output


def test_submit_after_deadline_counts_as_expired(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    frozen_clock.advance(timedelta(minutes=70))
    client.post(f"/exam/attempts/{attempt.id}/submit")
    attempt = refreshed(attempt)
    assert attempt.finish_reason == FinishReason.EXPIRED
    assert attempt.finished_at == attempt.deadline


def test_duration_shown_in_history(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    frozen_clock.advance(timedelta(minutes=12, seconds=7))
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get("/exam/").get_data(as_text=True)
    assert re.search(r"<td>12:07</td>", page)


def test_page_view_within_grace_keeps_the_attempt_open_for_answers_in_flight(
    client, login, candidate, frozen_clock
):
    """At 0:00 the page finishes the attempt itself after sending what it still holds: a page
    view in between must not close it, or those answers would be refused as 'finished'."""
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    frozen_clock.advance(timedelta(minutes=60, seconds=2))
    page = client.get(f"/exam/attempts/{attempt.id}/blocks/1")
    assert page.status_code == 200
    assert 'data-remaining="0"' in page.get_data(as_text=True)
    frozen_clock.advance(timedelta(seconds=1))
    assert answer(client, attempt.id, first.question_id, first.version.answer).status_code == 200

    client.post(f"/exam/attempts/{attempt.id}/submit")
    attempt = refreshed(attempt)
    assert attempt.status == Status.FINISHED
    # The time ran out: the attempt ends at its deadline, with the late answer counted.
    assert attempt.finish_reason == FinishReason.EXPIRED
    assert attempt.finished_at == attempt.deadline
    assert attempt.score == first.version.points


def test_page_view_after_grace_closes_the_attempt(client, login, candidate, frozen_clock):
    login(candidate)
    attempt = start(client)
    frozen_clock.advance(timedelta(minutes=60, seconds=11))
    response = client.get(f"/exam/attempts/{attempt.id}/blocks/1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/result")
    assert refreshed(attempt).finish_reason == FinishReason.EXPIRED
