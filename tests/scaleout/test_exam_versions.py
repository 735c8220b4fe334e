"""Two app processes on one database, each with its own copy of the bank's files (two hosts):
a publish through one is what the other starts new attempts on, at once."""

from __future__ import annotations

import re

import yaml
from sqlalchemy import select

from quiz_app.bank.models import ExamVersion
from quiz_app.exam.models import Attempt, AttemptItem
from quiz_app.extensions import db

from ..conftest import retake_at_will_bank
from ..factories import PASSWORD
from .servers import Browser, running, server_env

NEW_TEXT = "Формулировка, опубликованная на другом хосте"


def _reword_first_question(bank_dir) -> str:
    path = sorted(bank_dir.glob("0*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["text"] = NEW_TEXT
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return data["questions"][0]["id"]


def _start(browser: Browser, base: str) -> Attempt:
    status, headers, _ = browser.request(base, "/exam/start", {})
    assert status == 302, status
    attempt_id = int(re.search(r"/attempts/(\d+)/", headers["Location"]).group(1))
    db.session.rollback()  # the server committed it: read it with a fresh snapshot
    return db.session.get(Attempt, attempt_id)


def _text_shown(attempt: Attempt, question_id: str) -> str:
    item = db.session.scalars(
        select(AttemptItem).where(
            AttemptItem.attempt_id == attempt.id, AttemptItem.question_id == question_id
        )
    ).one()
    return item.version.text


def test_publish_through_one_process_start_through_the_other(
    database_url, signing_key_file, app, factory, tmp_path
):
    editing_host = retake_at_will_bank(tmp_path / "editing-host" / "question_bank")
    other_host = retake_at_will_bank(tmp_path / "other-host" / "question_bank")
    admin = factory.admin(email="publisher@example.com")
    early = factory.user(email="early@example.com")
    late = factory.user(email="late@example.com")
    db.session.commit()
    first_version = db.session.scalars(select(ExamVersion)).one()

    editor_env = server_env(database_url, signing_key_file, editing_host)
    other_env = server_env(database_url, signing_key_file, other_host)
    with running(editor_env) as (editor,), running(other_env) as (other,):
        early_browser = Browser()
        early_browser.login(other.url, early.email, PASSWORD)
        open_attempt = _start(early_browser, other.url)  # the other host caches version 1
        assert open_attempt.exam_version_id == first_version.id

        question_id = _reword_first_question(editing_host)
        admin_browser = Browser()
        admin_browser.login(editor.url, admin.email, PASSWORD)
        status, _, body = admin_browser.request(
            editor.url,
            "/admin/bank/publish",
            {"note": "Новая формулировка", "based_on": str(first_version.number)},
        )
        assert status == 302, body
        db.session.rollback()
        published = db.session.scalars(
            select(ExamVersion).where(ExamVersion.number == first_version.number + 1)
        ).one()

        late_browser = Browser()
        late_browser.login(other.url, late.email, PASSWORD)
        new_attempt = _start(late_browser, other.url)
        assert new_attempt.exam_version_id == published.id
        assert _text_shown(new_attempt, question_id) == NEW_TEXT

        # The attempt opened before the publish keeps its version to the end.
        resumed = _start(early_browser, other.url)
        assert resumed.id == open_attempt.id
        assert resumed.exam_version_id == first_version.id
        assert _text_shown(resumed, question_id) != NEW_TEXT
        page = early_browser.request(other.url, f"/exam/attempts/{open_attempt.id}/blocks/1")[2]
        assert NEW_TEXT not in page
