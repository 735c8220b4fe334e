"""Leaving and coming back: same attempt, same order, same answers, same block."""

from __future__ import annotations

import re

from .helpers import answer, items, start


def question_order(page: str) -> list[str]:
    return re.findall(r'<fieldset class="question card" id="q-([\w-]+)"', page)


def option_order(page: str, question_id: str) -> list[str]:
    return re.findall(rf'name="q-{question_id}" value="(\w+)"', page)


def test_resume_on_another_device(app, client, login, candidate):
    login(candidate)
    attempt = start(client)
    third_block = [i for i in items(attempt) if i.block_index == 2]
    chosen = third_block[0]
    assert answer(client, attempt.id, chosen.question_id, chosen.option_order[1]).status_code == 200
    before = client.get(f"/exam/attempts/{attempt.id}/blocks/3").get_data(as_text=True)

    other_device = login(candidate, into=app.test_client())
    response = other_device.post("/exam/start")
    assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/blocks/3")
    after = other_device.get(f"/exam/attempts/{attempt.id}/blocks/3").get_data(as_text=True)
    assert question_order(after) == question_order(before)
    assert option_order(after, chosen.question_id) == option_order(before, chosen.question_id)
    assert re.search(
        rf'name="q-{chosen.question_id}" value="{chosen.option_order[1]}"\s+checked', after
    )
    assert 'id="answered-count">1<' in after


def test_overview_offers_to_continue(client, login, candidate):
    login(candidate)
    attempt = start(client)
    page = client.get("/exam/").get_data(as_text=True)
    assert f'href="/exam/attempts/{attempt.id}"' in page
    assert "Продолжить попытку" in page


def test_answers_can_be_changed(client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    answer(client, attempt.id, item.question_id, item.option_order[0])
    response = answer(client, attempt.id, item.question_id, item.option_order[1])
    assert response.get_json()["answered"] == 1
    assert items(attempt)[0].chosen_option == item.option_order[1]


def test_block_form_fallback_saves_choices_and_moves_on(client, login, candidate):
    login(candidate)
    attempt = start(client)
    first_block = [i for i in items(attempt) if i.block_index == 0]
    form = {f"q-{i.question_id}": i.option_order[0] for i in first_block[:3]}
    form["nav"] = "2"
    response = client.post(f"/exam/attempts/{attempt.id}/blocks/1", data=form)
    assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/blocks/2")
    saved = {i.question_id: i.chosen_option for i in items(attempt) if i.chosen_option}
    assert saved == {i.question_id: i.option_order[0] for i in first_block[:3]}


def test_block_form_finish_goes_to_confirmation_listing_unanswered(client, login, candidate):
    login(candidate)
    attempt = start(client)
    all_items = items(attempt)
    for item in all_items[1:]:
        answer(client, attempt.id, item.question_id, item.option_order[0])
    response = client.post(f"/exam/attempts/{attempt.id}/blocks/9", data={"nav": "finish"})
    assert response.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/submit")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Отвечено 114 из 115 вопросов." in page
    assert f"#q-{all_items[0].question_id}" in page
    assert "Без ответа (1)" in page


def test_unknown_option_or_question_refused(client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    bad_option = answer(client, attempt.id, item.question_id, "zz")
    assert bad_option.status_code == 422
    assert bad_option.get_json()["error"] == "unknown_option"
    bad_question = answer(client, attempt.id, "nope-01", "a")
    assert bad_question.status_code == 422
    assert bad_question.get_json()["error"] == "unknown_question"
    malformed = client.post(f"/exam/attempts/{attempt.id}/answers", json={"question": 5})
    assert malformed.status_code == 400
    assert "question и option" in malformed.get_json()["message"]
