"""Every save is a version with its author, time and diff; old versions can be restored;
attempts keep the versions they showed."""

from __future__ import annotations

import os
from datetime import timedelta

import yaml
from sqlalchemy import select

from quiz_app.admin.bank.models import QuestionRevision
from quiz_app.audit import AuditEntry
from quiz_app.bank.models import QuestionVersion
from quiz_app.exam.models import AttemptItem
from quiz_app.extensions import db

from ...exam.helpers import start
from .helpers import (
    changed_lines,
    form_fields,
)

MAIL = "04_mail.yaml"


def edit_text(client, question_id, change, note=""):
    fields = form_fields(client.get(f"/admin/bank/questions/{question_id}").get_data(as_text=True))
    fields["text"] = change(fields["text"])
    fields["note"] = note
    response = client.post(f"/admin/bank/questions/{question_id}", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)


def revisions(question_id):
    db.session.rollback()
    return db.session.scalars(
        select(QuestionRevision)
        .where(QuestionRevision.question_id == question_id)
        .order_by(QuestionRevision.id)
    ).all()


def test_each_save_is_a_version_with_author_time_and_note(
    admin_client, bank_dir, admin, frozen_clock
):
    original = yaml.safe_load((bank_dir / MAIL).read_text("utf-8"))["questions"][1]["text"]
    edit_text(admin_client, "mail-02", lambda t: t.replace("подключать", "подключают"), "опечатка")
    frozen_clock.advance(timedelta(minutes=5))
    edit_text(admin_client, "mail-02", lambda t: t + " Выберите один ответ.", "уточнение")

    first, second = revisions("mail-02")
    assert (first.action, second.action) == ("edit", "edit")
    assert first.author_id == second.author_id == admin.id
    assert second.created_at - first.created_at == timedelta(minutes=5)
    assert second.previous_version_id == first.version_id  # consecutive versions diff
    assert first.previous_version.content["text"] == original
    assert second.version.content["text"].endswith("Выберите один ответ.")
    assert second.version.author_id == admin.id
    assert second.version.note == "уточнение"

    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "bank.question.edit")
    ).all()
    assert len(entries) == 2 and entries[0].actor_id == admin.id
    assert entries[0].before["text"] == original


def test_history_page_shows_who_when_and_the_changed_words(admin_client, bank_dir):
    edit_text(admin_client, "mail-02", lambda t: t.replace("подключать", "подключают"), "опечатка")
    html = admin_client.get("/admin/bank/questions/mail-02/history").get_data(as_text=True)
    assert "Анна Админова" in html
    assert "опечатка" in html
    assert "<del>подключать</del>" in html
    assert "<ins>подключают</ins>" in html
    # Only the changed line and its context, not the whole question.
    assert html.count('class="diff-removed"') == 1
    assert html.count('class="diff-added"') == 1


def test_restoring_a_version_writes_it_back_as_a_new_save(admin_client, bank_dir, admin):
    path = bank_dir / MAIL
    original_text = path.read_text(encoding="utf-8")
    edit_text(admin_client, "mail-03", lambda t: "Совсем другой вопрос?")
    edited_text = path.read_text(encoding="utf-8")
    original_version = revisions("mail-03")[0].previous_version

    token = form_fields(
        admin_client.get("/admin/bank/questions/mail-03/history").get_data(as_text=True),
        'name="token"',
    )["token"]
    response = admin_client.post(
        f"/admin/bank/questions/mail-03/versions/{original_version.id}/restore",
        data={"token": token},
    )

    assert response.status_code == 302
    assert path.read_text(encoding="utf-8") == original_text
    removed, added = changed_lines(edited_text, original_text)
    assert len(removed) == len(added) == 1  # the restore is itself a one-line diff
    history = revisions("mail-03")
    assert [r.action for r in history] == ["edit", "restore"]
    assert history[-1].version_id == original_version.id  # content-addressed: same row
    assert history[-1].author_id == admin.id
    versions = db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.question_id == "mail-03")
    ).all()
    assert len(versions) == 2


def test_restore_with_a_stale_page_is_refused(admin_client, bank_dir):
    edit_text(admin_client, "mail-03", lambda t: "Первая правка?")
    history_page = admin_client.get("/admin/bank/questions/mail-03/history").get_data(as_text=True)
    token = form_fields(history_page, 'name="token"')["token"]
    original_version = revisions("mail-03")[0].previous_version
    edit_text(admin_client, "mail-03", lambda t: "Вторая правка?")  # someone saves meanwhile

    response = admin_client.post(
        f"/admin/bank/questions/mail-03/versions/{original_version.id}/restore",
        data={"token": token},
        follow_redirects=True,
    )
    assert "изменился с тех пор" in response.get_data(as_text=True)
    text = yaml.safe_load((bank_dir / MAIL).read_text("utf-8"))["questions"][2]["text"]
    assert text == "Вторая правка?"


def test_a_version_of_another_question_cannot_be_restored(admin_client, bank_dir):
    edit_text(admin_client, "mail-03", lambda t: "Правка?")
    foreign = revisions("mail-03")[0].previous_version
    response = admin_client.post(
        f"/admin/bank/questions/mail-04/versions/{foreign.id}/restore", data={"token": "x"}
    )
    assert response.status_code == 404


def test_a_hand_edit_between_saves_appears_in_the_history(admin_client, bank_dir):
    path = bank_dir / MAIL
    edit_text(admin_client, "mail-02", lambda t: t + " (1)")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" (1)", " (вручную)"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    edit_text(admin_client, "mail-02", lambda t: t + " (2)")

    history = revisions("mail-02")
    assert [r.action for r in history] == ["edit", "external", "edit"]
    assert history[1].author_id is None
    assert history[1].previous_version_id == history[0].version_id
    assert history[2].previous_version_id == history[1].version_id
    assert history[1].version.content["text"].endswith("(вручную)")


def test_attempts_keep_the_versions_they_showed(
    admin_client, bank_dir, client, login, factory, app
):
    candidate = factory.user(email="cand@example.com")
    candidate_client = login(candidate, into=app.test_client())
    attempt = start(candidate_client)
    shown = db.session.scalars(
        select(AttemptItem).where(
            AttemptItem.attempt_id == attempt.id, AttemptItem.question_id == "mail-05"
        )
    ).one()
    before = dict(shown.version.content)

    fields = form_fields(admin_client.get("/admin/bank/questions/mail-05").get_data(as_text=True))
    fields["answer"] = next(
        k.split("-")[1]
        for k, v in fields.items()
        if k.endswith("-id") and v and v != before["answer"]
    )
    assert admin_client.post("/admin/bank/questions/mail-05", data=fields).status_code == 302

    db.session.rollback()
    item = db.session.get(AttemptItem, shown.id)
    assert item.version.content == before
