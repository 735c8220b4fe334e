"""Submitting twice, from two tabs, concurrently, or after the end: one score, counted once."""

from __future__ import annotations

import threading

from quiz_app.exam import finishing, services
from quiz_app.exam.models import FinishReason, Status
from quiz_app.exam.signals import attempts_finalized
from quiz_app.extensions import db

from .helpers import answer, answer_with_score, items, refreshed, start


def test_double_submit_scores_once(client, login, candidate):
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 100)
    finalized = []
    with attempts_finalized.connected_to(
        lambda _, attempts: finalized.extend(a.attempt_id for a in attempts)
    ):
        assert client.post(f"/exam/attempts/{attempt.id}/submit").status_code == 302
        assert client.post(f"/exam/attempts/{attempt.id}/submit").status_code == 302
    assert finalized == [attempt.id]
    assert refreshed(attempt).score == 100


def test_concurrent_finalization_has_one_winner(app, client, login, candidate):
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 50)
    barrier = threading.Barrier(4)
    results: list[bool] = []
    errors: list[BaseException] = []

    def finalize_in_own_session():
        try:
            with app.app_context():
                barrier.wait()
                results.append(finishing.finalize(attempt.id, FinishReason.SUBMITTED))
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    finalized = []
    with attempts_finalized.connected_to(
        lambda _, attempts: finalized.extend(a.attempt_id for a in attempts)
    ):
        threads = [threading.Thread(target=finalize_in_own_session) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(results) == [False, False, False, True]
    assert finalized == [attempt.id]
    assert refreshed(attempt).score == 50


def test_submission_losing_the_race_follows_the_winners_outcome(
    app, client, login, candidate, monkeypatch
):
    """The submission reads the attempt open, then another request closes it first: this one
    scores nothing and sends the candidate where the winner's outcome (a pass) leads."""
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 100)
    read_owned = services.owned_attempt

    def read_then_lose_the_race(attempt_id, user_id):
        found = read_owned(attempt_id, user_id)
        assert found.is_open

        def close_elsewhere():
            with app.app_context():
                finishing.finalize(attempt_id, FinishReason.SUBMITTED)
                db.session.remove()

        other = threading.Thread(target=close_elsewhere)
        other.start()
        other.join(timeout=30)
        return found

    monkeypatch.setattr(services, "owned_attempt", read_then_lose_the_race)
    finalized = []
    with attempts_finalized.connected_to(
        lambda _, attempts: finalized.extend(a.attempt_id for a in attempts)
    ):
        response = client.post(f"/exam/attempts/{attempt.id}/submit")
    assert finalized == [attempt.id]  # the other request's closing only
    assert response.headers["Location"].endswith("/partner/certificate")
    assert (refreshed(attempt).score, refreshed(attempt).passed) == (100, True)


def test_answers_after_submission_are_refused(client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    client.post(f"/exam/attempts/{attempt.id}/submit")
    response = answer(client, attempt.id, item.question_id, item.version.answer)
    assert response.status_code == 409
    assert response.get_json()["error"] == "finished"
    assert refreshed(attempt).score == 0


def test_finished_attempt_pages_redirect_to_result(client, login, candidate):
    login(candidate)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    for path in ("blocks/1", "submit", ""):
        response = client.get(f"/exam/attempts/{attempt.id}/{path}".rstrip("/"))
        assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/result")


def test_two_tabs_starting_get_one_attempt(client, login, candidate):
    login(candidate)
    first = start(client)
    second = start(client)
    assert first.id == second.id
    assert services.open_attempt(candidate).id == first.id


def test_retake_after_finishing_starts_new_attempt(client, login, candidate):
    login(candidate)
    first = start(client)
    client.post(f"/exam/attempts/{first.id}/submit")
    second = start(client)
    assert second.id != first.id
    assert refreshed(first).status == Status.FINISHED
    assert refreshed(second).status == Status.IN_PROGRESS


def test_answer_saves_racing_finalization_are_scored_or_refused(app, client, login, candidate):
    """Every save that succeeded is in the score; every one after the scoring was refused."""
    login(candidate)
    attempt = start(client)
    key = [(item.question_id, item.version.answer) for item in items(attempt)]
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []
    go = threading.Barrier(3)
    record = threading.Lock()
    twenty_saved = threading.Event()

    def save_in_own_session(half):
        try:
            with app.app_context():
                go.wait()
                for question_id, option in half:
                    try:
                        services.save_answer(attempt.id, candidate.id, question_id, option)
                        outcome = "saved"
                    except services.AnswerRefused as exc:
                        outcome = exc.code
                    db.session.remove()
                    with record:
                        outcomes[question_id] = outcome
                        if sum(o == "saved" for o in outcomes.values()) >= 20:
                            twenty_saved.set()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def finalize_in_own_session():
        try:
            with app.app_context():
                go.wait()
                twenty_saved.wait(timeout=30)  # let some saves land first, then race the rest
                finishing.finalize(attempt.id, FinishReason.SUBMITTED)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=save_in_own_session, args=(key[0::2],)),
        threading.Thread(target=save_in_own_session, args=(key[1::2],)),
        threading.Thread(target=finalize_in_own_session),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    saved = {q for q, outcome in outcomes.items() if outcome == "saved"}
    assert set(outcomes.values()) <= {"saved", "finished"}
    assert 20 <= len(saved) < len(key), "the finalization did not race the saves"
    scored = items(attempt)
    assert {item.question_id for item in scored if item.chosen_option} == saved
    assert all(item.points_awarded == (1 if item.question_id in saved else 0) for item in scored)
    assert refreshed(attempt).score == len(saved)


def _spy_on_scoring(monkeypatch, between=None) -> list[list[int]]:
    """Record the attempt ids of each scoring read; run `between` after the first one."""
    reads: list[list[int]] = []
    score = finishing._score

    def recorded(attempt_ids, pass_scores, versions):
        result = score(attempt_ids, pass_scores, versions)
        reads.append(list(attempt_ids))
        if between is not None and len(reads) == 1:
            between()
        return result

    monkeypatch.setattr(finishing, "_score", recorded)
    return reads


def test_scoring_reads_an_unchanged_attempt_once(client, login, candidate, monkeypatch):
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 100)
    reads = _spy_on_scoring(monkeypatch)
    assert client.post(f"/exam/attempts/{attempt.id}/submit").status_code == 302
    assert reads == [[attempt.id]]
    assert refreshed(attempt).score == 100


def test_answer_saved_between_scoring_and_closing_is_scored(client, login, candidate, monkeypatch):
    """Scoring reads the answers before the attempt is closed; an answer saved in between moves
    the attempt's revision on, and the closed attempt is scored again, that answer included."""
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 99)
    last = items(attempt)[-1]  # answered wrong

    def save_the_right_answer():
        services.save_answer(attempt.id, candidate.id, last.question_id, last.version.answer)

    reads = _spy_on_scoring(monkeypatch, between=save_the_right_answer)
    assert client.post(f"/exam/attempts/{attempt.id}/submit").status_code == 302
    assert reads == [[attempt.id], [attempt.id]]
    finished = refreshed(attempt)
    assert (finished.score, finished.passed) == (100, True)
    scored = {item.question_id: item for item in items(attempt)}
    assert scored[last.question_id].chosen_option == last.version.answer
    assert scored[last.question_id].is_correct is True
