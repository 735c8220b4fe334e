"""Candidates get published versions only; attempts keep the question versions they showed;
a broken draft never stops the exam."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
import yaml
from markupsafe import escape
from sqlalchemy import func, select

from quiz_app.bank import publishing
from quiz_app.bank.loader import BankInvalid, load_bank
from quiz_app.bank.models import QuestionVersion
from quiz_app.exam.models import Attempt
from quiz_app.extensions import db

from ..conftest import retake_at_will_bank
from ..factories import write_bank
from .helpers import answer, items, refreshed, start


@pytest.fixture
def bank_dir(tmp_path, app_config):
    directory = retake_at_will_bank(tmp_path / "bank")
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


def edit_question(bank_dir, question_id: str, change) -> None:
    """Apply `change` to the question's YAML mapping, as a hand edit of its file would."""
    for path in bank_dir.glob("0*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            if q["id"] == question_id:
                change(q)
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
                stat = path.stat()
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
                return
    raise AssertionError(question_id)


def edit_answer_key(bank_dir, question_id: str, new_answer: str) -> None:
    edit_question(bank_dir, question_id, lambda q: q.update(answer=new_answer))


def publish_draft(bank_dir) -> int:
    version = publishing.publish(
        load_bank(bank_dir), "test edit", None, publishing.latest_version().number
    )
    return version.number


def test_editing_the_bank_never_changes_a_finished_attempt(bank_dir, client, login, candidate):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    old_answer = first.version.answer
    answer(client, attempt.id, first.question_id, old_answer)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    assert refreshed(attempt).score == 1

    new_answer = next(o for o in first.option_order if o != old_answer)
    edit_answer_key(bank_dir, first.question_id, new_answer)

    result = client.get(f"/exam/attempts/{attempt.id}/result")
    assert result.status_code == 200
    assert refreshed(attempt).score == 1
    assert items(attempt)[0].version.answer == old_answer

    unpublished = start(client)
    same = next(i for i in items(unpublished) if i.question_id == first.question_id)
    assert same.question_version_id == first.question_version_id
    client.post(f"/exam/attempts/{unpublished.id}/submit")

    assert publish_draft(bank_dir) == 2
    second = start(client)
    assert refreshed(second).exam_version_id != refreshed(attempt).exam_version_id
    second_item = next(i for i in items(second) if i.question_id == first.question_id)
    assert second_item.version.answer == new_answer
    assert second_item.question_version_id != first.question_version_id
    versions = db.session.scalars(
        select(QuestionVersion.content_hash).where(QuestionVersion.question_id == first.question_id)
    ).all()
    assert len(versions) == 2


def test_open_attempt_keeps_showing_the_wording_it_started_with(
    bank_dir, client, login, candidate, factory
):
    login(candidate)
    attempt = start(client)
    first = items(attempt)[0]
    old_text = first.version.text
    old_option = first.version.content["options"][0]["text"]  # the option reworded below

    def reword(question):
        question["text"] = "Новая формулировка вопроса"
        question["options"][0]["text"] = "Новый текст варианта"

    edit_question(bank_dir, first.question_id, reword)
    publish_draft(bank_dir)

    def block_page(attempt_id):
        page = client.get(f"/exam/attempts/{attempt_id}/blocks/1")
        assert page.status_code == 200
        return page.get_data(as_text=True)

    login(factory.user())
    later = start(client)
    later_page = block_page(later.id)
    assert "Новая формулировка вопроса" in later_page
    assert "Новый текст варианта" in later_page

    login(candidate)
    page = block_page(attempt.id)
    assert str(escape(old_text)) in page
    assert str(escape(old_option)) in page
    assert "Новая формулировка вопроса" not in page
    assert "Новый текст варианта" not in page
    assert re.findall(rf'name="q-{first.question_id}" value="(\w+)"', page) == first.option_order


def test_a_broken_draft_changes_nothing_for_candidates(bank_dir, client, login, candidate):
    published = load_bank(bank_dir)
    login(candidate)
    block = bank_dir / "04_mail.yaml"
    block.write_text(block.read_text(encoding="utf-8") + "\n  oops: [", encoding="utf-8")
    attempt = start(client)
    assert attempt.question_count == published.question_count
    with pytest.raises(BankInvalid, match="04_mail.yaml"):
        publish_draft(bank_dir)


@pytest.fixture
def broken_bank(tmp_path, app_config):
    app_config["QUESTION_BANK_DIR"] = str(write_bank(tmp_path / "bank", pass_score=99))


@pytest.fixture
def cooldown_bank(tmp_path, app_config):
    bank = write_bank(tmp_path / "bank", retake={"cooldown_minutes": 30})
    app_config["QUESTION_BANK_DIR"] = str(bank)


@pytest.fixture
def open_review_bank(tmp_path, app_config):
    bank = write_bank(
        tmp_path / "bank", review={"show_correct_answers": True, "show_explanations": True}
    )
    app_config["QUESTION_BANK_DIR"] = str(bank)


def test_without_a_published_version_exams_are_refused_politely(
    broken_bank, client, login, candidate
):
    login(candidate)
    response = client.post("/exam/start", follow_redirects=True)
    assert "Экзамен временно недоступен" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
    assert client.get("/").status_code == 200
    assert client.get("/exam/").status_code == 200


def test_cooldown_between_attempts(cooldown_bank, client, login, candidate, frozen_clock):
    login(candidate)
    first = start(client)
    client.post(f"/exam/attempts/{first.id}/submit")
    refused = client.post("/exam/start", follow_redirects=True).get_data(as_text=True)
    assert "Следующая попытка будет доступна" in refused
    frozen_clock.advance(timedelta(minutes=31))
    assert start(client).id != first.id


def test_review_policy_controls_what_result_shows(open_review_bank, client, login, candidate):
    login(candidate)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Правильный ответ:" in page
    assert "Потому что a." in page


def test_result_hides_correct_answers_by_default(client, login, candidate):
    login(candidate)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Результат по блокам" in page
    assert "Правильный ответ:" not in page
    first = items(attempt)[0]
    assert first.version.content["explanation"] not in page


def test_a_failed_attempts_block_scores_wait_for_the_pause(
    cooldown_bank, client, login, candidate, frozen_clock
):
    login(candidate)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")  # nothing answered: failed
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert 'data-breakdown="later"' in page
    assert "<meter" not in page
    frozen_clock.advance(timedelta(minutes=31))
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert 'data-breakdown="later"' not in page
    assert "<meter" in page


def test_a_passed_attempt_shows_block_scores_at_once(cooldown_bank, client, login, candidate):
    login(candidate)
    attempt = start(client)
    for item in items(attempt):
        answer(client, attempt.id, item.question_id, item.version.answer)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "<meter" in page and 'data-breakdown="later"' not in page
