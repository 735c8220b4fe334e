"""The autosave reads the signed-in account from the session without loading it."""

from __future__ import annotations

from ..exam.helpers import answer, items, start
from ..factories import PASSWORD


def test_a_remember_me_login_still_saves_after_the_session_cookie_is_gone(client, candidate):
    response = client.post(
        "/auth/login", data={"email": candidate.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    attempt = start(client)
    first = items(attempt)[0]
    client.delete_cookie("session")  # the browser was closed; the remember-me cookie stays
    saved = answer(client, attempt.id, first.question_id, first.option_order[0])
    assert saved.status_code == 200, saved.get_json()
    assert items(attempt)[0].chosen_option == first.option_order[0]


def test_without_any_login_the_autosave_goes_to_the_login_page(client, login, candidate):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    client.delete_cookie("session")
    refused = answer(client, attempt.id, first.question_id, first.option_order[0])
    assert refused.status_code == 302
    assert "/auth/login" in refused.headers["Location"]
    assert items(attempt)[0].chosen_option is None


def test_another_account_session_saves_nothing_into_the_attempt(client, login, candidate, factory):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    login(factory.user("other@example.com"))
    refused = answer(client, attempt.id, first.question_id, first.option_order[0])
    assert refused.status_code == 404
    assert items(attempt)[0].chosen_option is None
