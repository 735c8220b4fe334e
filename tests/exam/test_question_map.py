"""The question map and flags for review: on every block page, saved with the attempt."""

from __future__ import annotations

from datetime import timedelta

from lxml import html

from .helpers import answer, items, refreshed, start


def page_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return html.fromstring(response.get_data(as_text=True))


def map_entries(page) -> list[tuple[str, str, bool, bool]]:
    """(number, question id, answered, flagged) of each question on the map."""
    return [
        (
            link.text.strip(),
            link.get("data-map-for"),
            "answered" in link.get("class").split(),
            "flagged" in link.get("class").split(),
        )
        for link in page.xpath("//ol[@class='map-questions']/li/a")
    ]


def flag(client, attempt_id: int, question: str, flagged: bool = True):
    return client.post(
        f"/exam/attempts/{attempt_id}/flags", json={"question": question, "flagged": flagged}
    )


def test_map_lists_every_question_by_its_number_in_the_attempt(client, login, candidate):
    login(candidate)
    attempt = start(client)
    attempt_items = items(attempt)
    answered, flagged = attempt_items[3], attempt_items[40]
    assert (
        answer(client, attempt.id, answered.question_id, answered.option_order[0]).status_code
        == 200
    )
    assert flag(client, attempt.id, flagged.question_id).status_code == 200

    page = page_of(client, f"/exam/attempts/{attempt.id}/blocks/5")

    assert map_entries(page) == [
        (str(n), item.question_id, item is answered, item is flagged)
        for n, item in enumerate(attempt_items, start=1)
    ]
    # Each entry leads to its question on its block's page.
    link = page.xpath(f"//a[@data-map-for='{flagged.question_id}']")[0]
    assert link.get("href") == f"{flagged.block_index + 1}#q-{flagged.question_id}"
    assert page.get_element_by_id("flagged-count").text == "1"


def test_flag_survives_reload_and_another_device(app, client, login, candidate):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    assert flag(client, attempt.id, item.question_id).get_json() == {
        "question": item.question_id,
        "flagged": True,
    }
    second = app.test_client()  # another device: a session of its own
    login(candidate, into=second)
    page = page_of(second, f"/exam/attempts/{attempt.id}/blocks/1")
    button = page.xpath(f"//button[@data-flag-for='{item.question_id}']")[0]
    assert button.get("aria-pressed") == "true"
    assert "flagged" in page.get_element_by_id(f"q-{item.question_id}").get("class")

    assert flag(second, attempt.id, item.question_id, False).status_code == 200
    assert not any(entry.flagged for entry in items(attempt))


def test_flag_without_javascript_saves_the_block_and_sets_the_flag(client, login, candidate):
    login(candidate)
    attempt = start(client)
    first, second = [item for item in items(attempt) if item.block_index == 0][:2]
    response = client.post(
        f"/exam/attempts/{attempt.id}/blocks/1",
        data={f"q-{first.question_id}": first.option_order[1], "flag": f"{second.question_id}:1"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/blocks/1#q-{second.question_id}")
    saved = {item.question_id: item for item in items(attempt)}
    assert saved[first.question_id].chosen_option == first.option_order[1]
    assert saved[second.question_id].flagged is True

    client.post(f"/exam/attempts/{attempt.id}/blocks/1", data={"flag": f"{second.question_id}:0"})
    assert {item.question_id: item for item in items(attempt)}[second.question_id].flagged is False


def test_flag_refusals(client, login, candidate, factory, frozen_clock):
    login(candidate)
    attempt = start(client)
    item = items(attempt)[0]
    bad = client.post(f"/exam/attempts/{attempt.id}/flags", json={"question": item.question_id})
    assert bad.status_code == 400 and "flagged" in bad.get_json()["message"]
    unknown = flag(client, attempt.id, "no-such-question-01")
    assert (unknown.status_code, unknown.get_json()["error"]) == (422, "unknown_question")
    other = factory.user(email="other@example.com")
    login(other)
    assert flag(client, attempt.id, item.question_id).status_code == 404

    login(candidate)
    frozen_clock.advance(timedelta(minutes=61))
    late = flag(client, attempt.id, item.question_id)
    assert (late.status_code, late.get_json()["error"]) == (409, "time_up")
    assert refreshed(attempt).finish_reason == "expired"
    assert not items(attempt)[0].flagged


def test_confirmation_lists_unanswered_and_flagged_with_links(client, login, candidate):
    login(candidate)
    attempt = start(client)
    attempt_items = items(attempt)
    for item in attempt_items[:-2]:
        answer(client, attempt.id, item.question_id, item.option_order[0])
    flagged = attempt_items[10]
    flag(client, attempt.id, flagged.question_id)

    page = page_of(client, f"/exam/attempts/{attempt.id}/submit")
    lists = page.xpath("//ul[@class='question-list']")
    unanswered_links = [a.get("href") for a in lists[0].iter("a")]
    flagged_links = [a.get("href") for a in lists[1].iter("a")]
    assert unanswered_links == [
        f"/exam/attempts/{attempt.id}/blocks/{item.block_index + 1}#q-{item.question_id}"
        for item in attempt_items[-2:]
    ]
    assert flagged_links == [
        f"/exam/attempts/{attempt.id}/blocks/{flagged.block_index + 1}#q-{flagged.question_id}"
    ]
    total = len(attempt_items)
    assert [a.text_content().strip() for a in lists[0].iter("a")] == [
        f"Вопрос {total - 1}",
        f"Вопрос {total}",
    ]


def test_no_javascript_form_names_refused_answers_by_their_numbers(client, login, candidate):
    login(candidate)
    attempt = start(client)
    first, second = [item for item in items(attempt) if item.block_index == 1][:2]
    response = client.post(
        f"/exam/attempts/{attempt.id}/blocks/2",
        data={f"q-{first.question_id}": "zz", f"q-{second.question_id}": second.option_order[0]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert f"Не сохранены ответы на вопросы: {first.position + 1}." in page
    assert first.question_id not in page.split('class="flashes"')[1].split("</div>")[0]
    assert {item.question_id: item.chosen_option for item in items(attempt)}[
        second.question_id
    ] == second.option_order[0]
