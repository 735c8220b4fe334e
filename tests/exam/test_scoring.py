"""Scoring: the pure function, and whole attempts on the real 115-question bank."""

from __future__ import annotations

import pytest

from quiz_app.exam import scoring

from .helpers import answer_with_score, refreshed, start


def outcome(block: int, correct: bool, points: int = 1, chosen: str | None = "x"):
    return scoring.ItemOutcome(
        block_index=block,
        block_title=f"Блок {block}",
        points=points,
        answer="a",
        chosen=("a" if correct else chosen),
    )


def test_score_sums_points_of_correct_answers_per_block():
    items = [
        outcome(0, True),
        outcome(0, False),
        outcome(1, True, points=2),
        outcome(1, False, chosen=None),
    ]
    report = scoring.score(items, pass_score=3)
    assert (report.score, report.max_score, report.answered, report.questions) == (3, 5, 3, 4)
    assert report.passed
    assert [(b.index, b.score, b.max_score, b.answered, b.questions) for b in report.blocks] == [
        (0, 1, 2, 2, 2),
        (1, 2, 3, 1, 2),
    ]


@pytest.mark.parametrize(("correct", "passed"), [(99, False), (100, True), (101, True)])
def test_pass_mark_boundary_pure(correct, passed):
    items = [outcome(i % 9, i < correct) for i in range(115)]
    report = scoring.score(items, pass_score=100)
    assert report.score == correct
    assert report.passed is passed


def test_unanswered_question_scores_nothing():
    assert scoring.score([outcome(0, False, chosen=None)], pass_score=1).score == 0


@pytest.mark.parametrize(("correct", "passed"), [(99, False), (100, True), (115, True)])
def test_whole_attempt_scored_against_pass_mark(client, login, candidate, correct, passed):
    login(candidate)
    attempt = start(client)
    assert attempt.question_count == 115
    answer_with_score(client, attempt, correct)
    response = client.post(f"/exam/attempts/{attempt.id}/submit")
    assert response.status_code == 302
    attempt = refreshed(attempt)
    assert attempt.score == correct
    assert attempt.passed is passed
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert f"<strong>{correct}</strong> / 115" in page
    assert ("Экзамен сдан!" in page) is passed
