"""The result page: own answers marked right or wrong where exam.yaml allows, numbered as in
the exam, and block bars coloured by their share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lxml import html

from ..factories import write_bank
from .helpers import answer, items, start, wrong_option


@pytest.fixture
def marking_bank(tmp_path, app_config):
    app_config["QUESTION_BANK_DIR"] = str(
        write_bank(
            tmp_path / "bank",
            review={"mark_own_answers": True},
            retake={"cooldown_minutes": 30},
        )
    )


def finish_with(client, attempt, right: int):
    """Answer the first `right` questions right and the rest wrong, then submit."""
    attempt_items = items(attempt)
    for index, item in enumerate(attempt_items):
        option = item.version.answer if index < right else wrong_option(item)
        answer(client, attempt.id, item.question_id, option)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    return attempt_items


def review(client, attempt) -> list[tuple[str, str]]:
    """(question label, mark class) of each own answer listed."""
    page = html.fromstring(client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True))
    return [
        (li.find_class("q-number")[0].text_content(), li.get("class"))
        for li in page.xpath("//ol[@class='review']/li")
    ]


def test_passed_attempt_marks_each_answer_without_revealing_the_key(
    marking_bank, client, login, candidate
):
    login(candidate)
    attempt = start(client)
    attempt_items = finish_with(client, attempt, right=5)
    assert review(client, attempt) == [
        (f"Вопрос {n}.", "correct" if n <= 5 else "incorrect")
        for n in range(1, len(attempt_items) + 1)
    ]
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Правильный ответ:" not in page


def test_failed_attempt_marks_wait_for_the_pause(
    marking_bank, client, login, candidate, frozen_clock
):
    login(candidate)
    attempt = start(client)
    finish_with(client, attempt, right=1)
    assert {mark for _, mark in review(client, attempt)} == {""}
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert 'data-marks="later"' in page
    frozen_clock.advance(timedelta(minutes=31))
    assert [mark for _, mark in review(client, attempt)][:2] == ["correct", "incorrect"]


@pytest.fixture
def plain_bank(tmp_path, app_config):
    app_config["QUESTION_BANK_DIR"] = str(write_bank(tmp_path / "bank"))


def test_without_the_setting_answers_are_listed_unmarked(plain_bank, client, login, candidate):
    login(candidate)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    marks = review(client, attempt)
    assert marks and {mark for _, mark in marks} == {""}


def test_block_bars_are_coloured_by_share(marking_bank, client, login, candidate):
    login(candidate)
    attempt = start(client)
    finish_with(client, attempt, right=3)
    page = html.fromstring(client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True))
    for meter in page.iter("meter"):
        maximum = float(meter.get("max"))
        assert float(meter.get("low")) == maximum * 0.5
        assert float(meter.get("high")) == maximum * 0.8
        assert float(meter.get("optimum")) == maximum
