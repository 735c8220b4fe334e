"""Publishing the draft: the diff page, the note, the optimistic lock, rollback, preview."""

from __future__ import annotations

import re

import yaml
from sqlalchemy import func, select

from quiz_app import audit
from quiz_app.bank import publishing
from quiz_app.bank.models import ExamVersion
from quiz_app.certificates.models import Certificate
from quiz_app.exam.models import Attempt
from quiz_app.extensions import db

from ...exam.helpers import answer, items, refreshed


def _edit_first_question(bank_dir, **changes) -> str:
    path = bank_dir / "01_intro.yaml" if (bank_dir / "01_intro.yaml").exists() else None
    path = path or sorted(bank_dir.glob("0*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    question = data["questions"][0]
    question.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return question["id"]


def _set_pass_score(bank_dir, value: int) -> None:
    exam = bank_dir / "exam.yaml"
    text = exam.read_text(encoding="utf-8")
    exam.write_text(re.sub(r"pass_score: \d+", f"pass_score: {value}", text), "utf-8")


def _latest() -> int:
    return publishing.latest_version().number


def test_the_page_shows_the_diff_scores_and_a_share_warning(admin_client, bank_dir):
    qid = _edit_first_question(bank_dir, text="Совсем новая формулировка")
    published = publishing.latest_version()
    _set_pass_score(bank_dir, published.pass_score - 1)
    page = admin_client.get("/admin/bank/publish").get_data(as_text=True)
    assert f'data-published="{published.number}"' in page
    assert f'data-change="changed" data-question="{qid}"' in page
    assert "<ins>Совсем новая формулировка</ins>" in page or "<ins>Совсем" in page
    assert 'data-setting="pass_score"' in page
    assert 'data-warning="share"' in page
    assert f"Максимум баллов: {published.max_score}" in page


def test_publishing_needs_a_note_and_records_who_and_why(admin_client, admin, bank_dir):
    _edit_first_question(bank_dir, text="Новая формулировка")
    before = _latest()
    refused = admin_client.post(
        "/admin/bank/publish", data={"note": "   ", "based_on": str(before)}
    )
    assert refused.status_code == 400
    assert "Укажите, что изменилось" in refused.get_data(as_text=True)
    assert _latest() == before

    done = admin_client.post(
        "/admin/bank/publish", data={"note": "Уточнили вопрос", "based_on": str(before)}
    )
    assert done.status_code == 302
    version = publishing.latest_version()
    assert version.number == before + 1
    assert version.note == "Уточнили вопрос"
    assert version.author_id == admin.id
    [entry] = audit.recent(action="exam.publish")
    assert entry.actor_id == admin.id
    assert entry.after["number"] == version.number
    assert entry.before["number"] == before


def test_a_publish_based_on_an_old_version_is_refused(admin_client, bank_dir):
    _edit_first_question(bank_dir, text="Правка первого администратора")
    base = _latest()
    assert (
        admin_client.post(
            "/admin/bank/publish", data={"note": "первый", "based_on": str(base)}
        ).status_code
        == 302
    )
    _edit_first_question(bank_dir, text="Правка второго администратора")
    page = admin_client.post(
        "/admin/bank/publish",
        data={"note": "второй", "based_on": str(base)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "другой администратор опубликовал версию" in page
    assert _latest() == base + 1


def test_an_invalid_draft_or_an_unchanged_one_is_not_published(admin_client, bank_dir):
    base = _latest()
    page = admin_client.post(
        "/admin/bank/publish",
        data={"note": "ничего", "based_on": str(base)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "публиковать нечего" in page
    (bank_dir / "exam.yaml").write_text("title: [", encoding="utf-8")
    page = admin_client.get("/admin/bank/publish").get_data(as_text=True)
    assert "Черновик не проходит проверку" in page
    admin_client.post("/admin/bank/publish", data={"note": "сломанный", "based_on": str(base)})
    assert _latest() == base


def test_editing_changes_nothing_for_candidates_until_published(
    admin_client, bank_dir, client, login, factory
):
    new_text = "Формулировка после публикации"
    qid = _edit_first_question(bank_dir, text=new_text)
    candidate = factory.user(email="c1@example.com")
    login(candidate)
    first = client.post("/exam/start")
    assert first.status_code == 302
    attempt = db.session.scalars(select(Attempt).where(Attempt.user_id == candidate.id)).one()
    shown = next(i for i in items(attempt) if i.question_id == qid)
    assert shown.version.text != new_text

    admin = factory.admin(email="boss@example.com")
    login(admin)
    client.post("/admin/bank/publish", data={"note": "новая", "based_on": str(_latest())})
    login(candidate)
    # The open attempt keeps its version to the end.
    client.get(f"/exam/attempts/{attempt.id}/blocks/1")
    assert next(i for i in items(attempt) if i.question_id == qid).version.text != new_text
    login(factory.user(email="c2@example.com"))
    client.post("/exam/start")
    second = db.session.scalars(select(Attempt).where(Attempt.id != attempt.id)).one()
    assert next(i for i in items(second) if i.question_id == qid).version.text == new_text
    assert second.exam_version_id == publishing.latest_version().id
    assert refreshed(attempt).exam_version_id != second.exam_version_id


def test_rollback_republishes_old_content_as_a_new_version(admin_client, bank_dir):
    first = publishing.latest_version()
    _edit_first_question(bank_dir, text="Неудачная правка")
    admin_client.post("/admin/bank/publish", data={"note": "правка", "based_on": str(first.number)})
    page = admin_client.get("/admin/bank/versions").get_data(as_text=True)
    assert f'data-version="{first.number}"' in page
    response = admin_client.post(
        f"/admin/bank/versions/{first.number}/republish",
        data={"note": "Откат неудачной правки", "based_on": str(first.number + 1)},
    )
    assert response.status_code == 302
    rolled = publishing.latest_version()
    assert rolled.number == first.number + 2
    assert rolled.source_version_id == first.id
    assert rolled.fingerprint == first.fingerprint
    assert publishing.question_version_ids(rolled.number) == publishing.question_version_ids(
        first.number
    )
    assert (
        admin_client.post(
            "/admin/bank/versions/999/republish", data={"note": "x", "based_on": str(rolled.number)}
        ).status_code
        == 404
    )


def test_a_preview_takes_the_draft_and_certifies_nobody(admin_client, admin, bank_dir):
    new_text = "Черновая формулировка"
    qid = _edit_first_question(bank_dir, text=new_text)
    response = admin_client.post("/admin/bank/preview")
    assert response.status_code == 302
    attempt = db.session.scalars(select(Attempt).where(Attempt.user_id == admin.id)).one()
    assert attempt.is_preview and attempt.exam_version_id is None
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "предпросмотр" in page.lower()
    for item in items(attempt):
        answer(admin_client, attempt.id, item.question_id, item.version.answer)
    assert next(i for i in items(attempt) if i.question_id == qid).version.text == new_text
    submitted = admin_client.post(f"/exam/attempts/{attempt.id}/submit")
    assert submitted.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/result")
    assert refreshed(attempt).passed
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    result = admin_client.get(f"/exam/attempts/{attempt.id}/result").get_data(as_text=True)
    assert "предпросмотр" in result.lower()
    assert db.session.scalar(select(func.count()).select_from(ExamVersion)) == 1


def test_the_command_publishes_once_and_then_reports_nothing_to_do(bank_dir, app):
    runner = app.test_cli_runner()
    base = _latest()
    same = runner.invoke(args=["publish-bank", "--note", "deploy"])
    assert same.exit_code == 0, same.output
    assert "already published" in same.output
    _edit_first_question(bank_dir, text="Правка в git")
    done = runner.invoke(args=["publish-bank", "--note", "deploy 2"])
    assert done.exit_code == 0, done.output
    db.session.rollback()  # the command committed in its own session
    assert _latest() == base + 1
    assert f"published exam version {base + 1}" in done.output
    missing = runner.invoke(args=["publish-bank", "--note", " "])
    assert missing.exit_code != 0
    assert "note" in missing.output


def test_the_bank_page_says_whether_the_draft_is_published(admin_client, bank_dir):
    assert 'data-draft="published"' in admin_client.get("/admin/bank/").get_data(as_text=True)
    _edit_first_question(bank_dir, text="Неопубликованная правка")
    page = admin_client.get("/admin/bank/").get_data(as_text=True)
    assert 'data-draft="unpublished"' in page
    assert "/admin/bank/publish" in page
