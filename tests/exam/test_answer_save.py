"""One answer save: what is kept, what is refused, and the progress figure it returns."""

from __future__ import annotations

from datetime import timedelta

from .helpers import answer, items, refreshed, start, wrong_option


def test_a_refused_option_leaves_the_previous_choice(client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    assert answer(client, attempt.id, item.question_id, item.option_order[0]).status_code == 200

    refused = answer(client, attempt.id, item.question_id, "zz")

    assert refused.status_code == 422
    assert refused.get_json()["error"] == "unknown_option"
    assert items(attempt)[0].chosen_option == item.option_order[0]


def test_an_overlong_option_is_refused_naming_the_wrong_part(client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]

    long_option = answer(client, attempt.id, item.question_id, "x" * 200)
    long_everything = answer(client, attempt.id, "nope-01", "x" * 200)

    assert long_option.status_code == 422
    assert long_option.get_json()["error"] == "unknown_option"
    assert long_everything.status_code == 422
    assert long_everything.get_json()["error"] == "unknown_question"
    assert all(i.chosen_option is None for i in items(attempt))


def test_the_answered_figure_counts_each_question_once(client, login, candidate):
    login(candidate)
    attempt = start(client)
    first, second = items(attempt)[:2]

    replies = [
        answer(client, attempt.id, first.question_id, first.option_order[0]),
        answer(client, attempt.id, second.question_id, second.option_order[0]),
        answer(client, attempt.id, first.question_id, wrong_option(first)),
        answer(client, attempt.id, "nope-01", "a"),
    ]

    assert [r.status_code for r in replies] == [200, 200, 200, 422]
    assert [r.get_json().get("answered") for r in replies[:3]] == [1, 2, 2]
    saved = {i.question_id: i.chosen_option for i in items(attempt) if i.chosen_option}
    assert saved == {
        first.question_id: wrong_option(first),
        second.question_id: second.option_order[0],
    }


def test_a_save_marks_the_attempt_active_and_a_refused_one_does_not(
    client, login, candidate, frozen_clock
):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    frozen_clock.advance(timedelta(minutes=7))
    assert answer(client, attempt.id, item.question_id, item.option_order[0]).status_code == 200
    saved_at = frozen_clock.now()
    frozen_clock.advance(timedelta(minutes=3))

    assert answer(client, attempt.id, item.question_id, "zz").status_code == 422

    assert refreshed(attempt).last_activity_at == saved_at
    assert items(attempt)[0].answered_at == saved_at
