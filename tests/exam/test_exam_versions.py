"""Numbers and rules shown to candidates come from the published version: the locked partner
page, the home page, and an attempt's result page, which follows its own version."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import delete

from quiz_app.bank import publishing
from quiz_app.bank.loader import load_bank
from quiz_app.bank.models import ExamVersion, ExamVersionQuestion
from quiz_app.certificates import services as certificates
from quiz_app.exam.models import Attempt
from quiz_app.extensions import db

from ..factories import question, write_bank
from .helpers import answer, items, start


@pytest.fixture
def bank_dir(tmp_path, app_config):
    directory = write_bank(
        tmp_path / "bank",
        blocks={
            "alpha": [question("alpha-01", points=3), question("alpha-02")],
            "beta": [question("beta-01"), question("beta-02"), question("beta-03")],
        },
        pass_score=4,
        time_limit_minutes=17,
    )
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


def _set(bank_dir, **fields) -> None:
    """Change exam.yaml's settings, as an admin editing the draft would."""
    exam = bank_dir / "exam.yaml"
    data = yaml.safe_load(exam.read_text(encoding="utf-8"))
    data.update(fields)
    exam.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def test_the_locked_partner_page_quotes_the_published_scores(bank_dir, client, login, factory):
    user = factory.user()
    login(user)
    attempt = start(client)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get("/partner/").get_data(as_text=True)
    assert "Сдайте экзамен на 4 баллов и больше" in page
    assert "Ваш лучший результат: 0 баллов из 7, нужно 4." in page

    _set(bank_dir, pass_score=5)
    assert "нужно 4." in client.get("/partner/").get_data(as_text=True)  # a draft only
    publishing.publish(load_bank(bank_dir), "harder", None, 1)
    page = client.get("/partner/").get_data(as_text=True)
    assert "Сдайте экзамен на 5 баллов и больше" in page
    assert "из 7, нужно 5." in page


def test_the_home_page_describes_the_published_exam(bank_dir, client):
    page = client.get("/").get_data(as_text=True)
    assert "5 вопросов в 2 блоках, 17 минут" in page
    assert "не менее 4 баллов" in page


def test_a_result_follows_the_review_policy_of_its_own_version(bank_dir, client, login, factory):
    login(factory.user())
    attempt = start(client)
    _set(bank_dir, review={"show_correct_answers": True})
    publishing.publish(load_bank(bank_dir), "show keys", None, 1)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    page = client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "Правильный ответ:" not in page  # version 1 did not show them

    later = start(client)
    client.post(f"/exam/attempts/{later.id}/submit")
    page = client.get(f"/exam/attempts/{later.id}/result").get_data(as_text=True)
    assert "Правильный ответ:" in page


def test_setup_publishes_the_bank_the_first_time_only(app, runner):
    db.session.execute(delete(ExamVersionQuestion))
    db.session.execute(delete(ExamVersion))
    db.session.commit()
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "published as exam version 1" in first.output
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "published" not in second.output
    db.session.rollback()
    assert publishing.latest_version().number == 1
    assert db.session.query(Attempt).count() == 0


def test_a_certificate_lists_the_blocks_of_the_version_it_was_earned_on(
    bank_dir, client, login, factory
):
    login(factory.user())
    attempt = start(client)
    for item in items(attempt):
        answer(client, attempt.id, item.question_id, item.version.answer)
    client.post(f"/exam/attempts/{attempt.id}/submit")
    certificate = certificates.for_attempt(attempt.id)
    assert certificate is not None

    block_file = bank_dir / "01_alpha.yaml"
    block = yaml.safe_load(block_file.read_text(encoding="utf-8"))
    block["title"] = "Переименованный блок"
    block_file.write_text(yaml.safe_dump(block, allow_unicode=True, sort_keys=False), "utf-8")
    publishing.publish(load_bank(bank_dir), "rename", None, 1)

    page = client.get(f"/verify/{certificate.public_id}").get_data(as_text=True)
    assert "<li>Блок alpha</li>" in page
    assert "Переименованный блок" not in page
