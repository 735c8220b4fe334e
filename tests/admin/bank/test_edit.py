"""Editing questions in the browser: diffs, validation beside each field, atomic writes,
optimistic locking, creating, retiring, moving, previewing."""

from __future__ import annotations

import os
import re

import yaml
from sqlalchemy import func, select

from quiz_app.admin.bank.models import QuestionRevision
from quiz_app.audit import AuditEntry
from quiz_app.bank.loader import load_bank
from quiz_app.bank.models import QuestionVersion
from quiz_app.extensions import db

from .helpers import (
    changed_lines,
    errors_beside,
    form_fields,
    snapshot,
)

MAIL = "04_mail.yaml"


def question_in_file(path, question_id):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(q for q in data["questions"] if q["id"] == question_id)


def open_form(client, question_id):
    page = client.get(f"/admin/bank/questions/{question_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return form_fields(html), html


def row_of(fields, option_id):
    for key, value in fields.items():
        if key.endswith("-id") and value == option_id:
            return key.split("-")[1]
    raise AssertionError(option_id)


def test_fixing_an_answer_key_is_a_one_line_diff(admin_client, bank_dir):
    path = bank_dir / MAIL
    before = path.read_text(encoding="utf-8")
    old_answer = question_in_file(path, "mail-05")["answer"]
    fields, _html = open_form(admin_client, "mail-05")
    new_answer = next(v for k, v in fields.items() if k.endswith("-id") and v and v != old_answer)
    fields["answer"] = row_of(fields, new_answer)

    response = admin_client.post("/admin/bank/questions/mail-05", data=fields)

    assert response.status_code == 302
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == [f"    answer: {old_answer}"]
    assert added == [f"    answer: {new_answer}"]


def test_a_one_word_edit_is_a_one_line_diff(admin_client, bank_dir):
    path = bank_dir / MAIL
    before = path.read_text(encoding="utf-8")
    fields, _html = open_form(admin_client, "mail-02")
    fields["explanation"] = fields["explanation"].replace("нужен", "полезен", 1)

    assert admin_client.post("/admin/bank/questions/mail-02", data=fields).status_code == 302

    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert len(removed) == len(added) == 1
    assert "полезен" in added[0] and "нужен" in removed[0]


def test_saving_an_unchanged_form_does_not_touch_the_file(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-03")
    response = admin_client.post("/admin/bank/questions/mail-03", data=fields)
    assert response.status_code == 302
    assert snapshot(bank_dir) == before
    assert db.session.scalar(select(func.count()).select_from(QuestionRevision)) == 0


def test_every_error_is_shown_beside_its_field_and_nothing_changes(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-01")
    fields["text"] = "   "
    fields["points"] = "много"
    fields["explanation"] = ""
    fields["options-1-text"] = ""
    fields["options-0-position"] = "первый"
    fields.pop("answer")

    response = admin_client.post("/admin/bank/questions/mail-01", data=fields)

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert errors_beside(html, "text") == ["Заполните это поле."]
    assert errors_beside(html, "points") == ["Введите целое число."]
    assert errors_beside(html, "explanation") == ["Заполните это поле."]
    assert errors_beside(html, "options-1-text") == ["Заполните это поле."]
    assert errors_beside(html, "options-0-position") == ["Введите целое число."]
    assert 'id="answer-error">Отметьте правильный вариант ответа.' in html
    # The admin's input is kept in the form to be corrected.
    assert 'value="много"' in html
    assert snapshot(bank_dir) == before
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_points_out_of_range_and_duplicate_option_texts_are_refused(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-01")
    fields["points"] = "0"
    response = admin_client.post("/admin/bank/questions/mail-01", data=fields)
    assert response.status_code == 400
    assert errors_beside(response.get_data(as_text=True), "points") == ["Не меньше 1."]

    fields, _html = open_form(admin_client, "mail-01")
    fields["options-1-text"] = fields["options-0-text"]
    response = admin_client.post("/admin/bank/questions/mail-01", data=fields)
    assert response.status_code == 400
    assert "Два варианта ответа с одинаковым текстом." in response.get_data(as_text=True)
    assert snapshot(bank_dir) == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    admin_client, bank_dir, monkeypatch
):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-04")
    fields["text"] = fields["text"] + " (уточнено)"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    response = admin_client.post("/admin/bank/questions/mail-04", data=fields)

    assert response.status_code == 500
    assert "Не удалось записать файл банка" in response.get_data(as_text=True)
    assert snapshot(bank_dir) == before  # same files, same bytes, no .tmp left behind
    # The database transaction was rolled back with it: no version, revision or audit entry.
    assert db.session.scalar(select(func.count()).select_from(QuestionRevision)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_the_second_of_two_concurrent_edits_is_refused(admin_client, bank_dir, factory, login, app):
    other_admin = factory.admin(email="second@example.com")
    second = login(other_admin, into=app.test_client())
    first_fields, _ = open_form(admin_client, "mail-06")
    second_fields, _ = open_form(second, "mail-06")

    first_fields["text"] = "Первая правка текста вопроса?"
    assert admin_client.post("/admin/bank/questions/mail-06", data=first_fields).status_code == 302

    second_fields["text"] = "Вторая правка текста вопроса?"
    response = second.post("/admin/bank/questions/mail-06", data=second_fields)

    assert response.status_code == 409
    assert "изменился с тех пор, как вы его открыли" in response.get_data(as_text=True)
    assert question_in_file(bank_dir / MAIL, "mail-06")["text"] == "Первая правка текста вопроса?"


def test_an_edit_keeps_fields_the_form_does_not_know(admin_client, bank_dir):
    path = bank_dir / "09_analytics.yaml"
    referenced = next(
        q
        for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
        if q.get("reference")
    )
    fields, _html = open_form(admin_client, referenced["id"])
    fields["text"] = referenced["text"] + " Уточнение."
    assert (
        admin_client.post(f"/admin/bank/questions/{referenced['id']}", data=fields).status_code
        == 302
    )
    saved = question_in_file(path, referenced["id"])
    assert saved["reference"] == referenced["reference"]
    assert saved["text"].endswith("Уточнение.")


def test_options_can_be_added_removed_and_reordered(admin_client, bank_dir):
    fields, _html = open_form(admin_client, "mail-01")
    answer_id = question_in_file(bank_dir / MAIL, "mail-01")["answer"]
    ids = [v for k, v in fields.items() if k.endswith("-id") and v]
    spare = next(k.split("-")[1] for k, v in fields.items() if k.endswith("-id") and not v)
    fields[f"options-{spare}-text"] = "Новый вариант"
    fields[f"options-{spare}-position"] = "0"  # first
    removed = next(i for i in ids if i != answer_id)
    fields[f"options-{row_of(fields, removed)}-remove"] = "y"

    assert admin_client.post("/admin/bank/questions/mail-01", data=fields).status_code == 302

    saved = question_in_file(bank_dir / MAIL, "mail-01")
    assert saved["options"][0]["text"] == "Новый вариант"
    assert saved["options"][0]["id"] not in ids  # a fresh id, never a reused one
    assert removed not in [o["id"] for o in saved["options"]]
    assert saved["answer"] == answer_id


def test_removing_the_correct_option_is_refused(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-01")
    fields[f"options-{fields['answer']}-remove"] = "y"
    response = admin_client.post("/admin/bank/questions/mail-01", data=fields)
    assert response.status_code == 400
    assert "нельзя удалить" in response.get_data(as_text=True)
    assert snapshot(bank_dir) == before


def test_creating_a_question(admin_client, bank_dir, admin):
    existing = yaml.safe_load((bank_dir / MAIL).read_text(encoding="utf-8"))["questions"]
    next_id = f"mail-{max(int(q['id'].split('-')[1]) for q in existing) + 1:02d}"
    page = admin_client.get("/admin/bank/blocks/mail/new")
    fields = form_fields(page.get_data(as_text=True))
    assert fields["question_id"] == next_id
    fields.update(
        {
            "text": "Где подключается почта?",
            "points": "2",
            "options-0-text": "В разделе «Почта»",
            "options-1-text": "В карточке сделки",
            "options-2-text": "",
            "answer": "0",
            "explanation": "Ящик подключается в разделе «Почта».",
            "note": "новый вопрос по почте",
        }
    )
    response = admin_client.post("/admin/bank/blocks/mail/new", data=fields)
    assert response.status_code == 302

    data = yaml.safe_load((bank_dir / MAIL).read_text(encoding="utf-8"))
    created = data["questions"][-1]
    assert created == {
        "id": next_id,
        "text": "Где подключается почта?",
        "points": 2,
        "options": [
            {"id": "a", "text": "В разделе «Почта»"},
            {"id": "b", "text": "В карточке сделки"},
        ],
        "answer": "a",
        "explanation": "Ящик подключается в разделе «Почта».",
    }
    load_bank(bank_dir)  # still a valid bank
    version = db.session.scalars(
        select(QuestionVersion).where(QuestionVersion.question_id == next_id)
    ).one()
    assert version.author_id == admin.id
    assert version.note == "новый вопрос по почте"


def test_a_new_question_with_a_taken_id_is_refused_beside_the_id(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields = form_fields(admin_client.get("/admin/bank/blocks/mail/new").get_data(as_text=True))
    fields.update(
        {
            "question_id": "deals-01",  # taken in another block
            "text": "Вопрос?",
            "options-0-text": "Да",
            "options-1-text": "Нет",
            "answer": "1",
            "explanation": "Потому что.",
        }
    )
    response = admin_client.post("/admin/bank/blocks/mail/new", data=fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert errors_beside(html, "question_id") == [
        "Вопрос с таким идентификатором уже есть в банке."
    ]
    assert snapshot(bank_dir) == before


def test_retiring_and_restoring_a_question(admin_client, bank_dir):
    path = bank_dir / MAIL
    before = path.read_text(encoding="utf-8")
    fields, _html = open_form(admin_client, "mail-07")

    response = admin_client.post(
        "/admin/bank/questions/mail-07/retire", data={"token": fields["token"], "note": "устарел"}
    )
    assert response.status_code == 302
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == [] and added == ["    retired: true"]
    assert load_bank(bank_dir).find("mail-07")[1].retired
    assert "mail-07" not in [q.id for _, q in load_bank(bank_dir).questions]

    fields, _html = open_form(admin_client, "mail-07")
    response = admin_client.post(
        "/admin/bank/questions/mail-07/unretire", data={"token": fields["token"]}
    )
    assert response.status_code == 302
    assert path.read_text(encoding="utf-8") == before
    actions = db.session.scalars(
        select(QuestionRevision.action).order_by(QuestionRevision.id)
    ).all()
    assert actions == ["retire", "unretire"]


def test_retiring_below_the_pass_score_is_refused(admin_client, bank_dir):
    exam = bank_dir / "exam.yaml"
    maximum = load_bank(bank_dir).max_score
    exam.write_text(
        exam.read_text(encoding="utf-8").replace("pass_score: 100", f"pass_score: {maximum}"),
        encoding="utf-8",
    )
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-07")
    response = admin_client.post(
        "/admin/bank/questions/mail-07/retire",
        data={"token": fields["token"]},
        follow_redirects=True,
    )
    assert f"Проходной балл {maximum} больше максимума банка ({maximum - 1})" in response.get_data(
        as_text=True
    )
    assert snapshot(bank_dir) == before


def test_moving_questions_within_a_block(admin_client, bank_dir):
    def order():
        return [q["id"] for q in yaml.safe_load((bank_dir / MAIL).read_text("utf-8"))["questions"]]

    assert order()[:3] == ["mail-01", "mail-02", "mail-03"]
    admin_client.post("/admin/bank/questions/mail-02/move", data={"direction": "up"})
    assert order()[:3] == ["mail-02", "mail-01", "mail-03"]
    admin_client.post("/admin/bank/questions/mail-02/move", data={"direction": "down"})
    admin_client.post("/admin/bank/questions/mail-02/move", data={"direction": "down"})
    assert order()[:3] == ["mail-01", "mail-03", "mail-02"]
    assert (
        admin_client.post(
            "/admin/bank/questions/mail-02/move", data={"direction": "sideways"}
        ).status_code
        == 400
    )


def test_preview_shows_the_candidates_markup(admin_client, bank_dir):
    question = question_in_file(bank_dir / MAIL, "mail-05")
    html = admin_client.get("/admin/bank/questions/mail-05/preview").get_data(as_text=True)
    assert '<fieldset class="question card" id="q-mail-05">' in html
    assert f'<p class="q-text">{question["text"]}</p>' in html
    for option in question["options"]:
        assert f'name="q-mail-05" value="{option["id"]}"' in html
        assert f"<span>{option['text']}</span>" in html
    assert "checked" not in html  # nothing is marked: the candidate does not see the key


def test_preview_of_an_unsaved_draft(admin_client, bank_dir):
    before = snapshot(bank_dir)
    fields, _html = open_form(admin_client, "mail-05")
    fields["text"] = "Черновик текста?"
    fields["action"] = "preview"
    response = admin_client.post("/admin/bank/questions/mail-05", data=fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<p class="q-text">Черновик текста?</p>' in html
    assert snapshot(bank_dir) == before


def test_pins_and_the_order_flag_survive_an_edit_and_can_be_set(admin_client, bank_dir):
    path = bank_dir / "01_business.yaml"
    fields, html = open_form(admin_client, "business-04")
    assert "Всегда последним" in html
    fields["text"] = question_in_file(path, "business-04")["text"] + " Уточнение."
    assert admin_client.post("/admin/bank/questions/business-04", data=fields).status_code == 302
    saved = question_in_file(path, "business-04")
    assert saved["options"][-1]["pin"] == "last"
    assert "shuffle_options" not in saved

    before = path.read_text(encoding="utf-8")
    fields, _html = open_form(admin_client, "business-01")
    fields[f"options-{row_of(fields, 'c')}-pin_last"] = "y"
    fields["keep_order"] = "y"
    assert admin_client.post("/admin/bank/questions/business-01", data=fields).status_code == 302
    removed, added = changed_lines(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert sorted(added) == ["        pin: last", "    shuffle_options: false"]
    fields, _html = open_form(admin_client, "business-01")
    assert fields["keep_order"] == "y"
    assert fields[f"options-{row_of(fields, 'c')}-pin_last"] == "y"


def test_a_shuffled_preview_keeps_the_pinned_option_last(admin_client, bank_dir):
    firsts = set()
    for _ in range(30):
        html = admin_client.get("/admin/bank/questions/business-04/preview?shuffle=1").get_data(
            as_text=True
        )
        values = re.findall(r'name="q-business-04" value="([a-z0-9]+)"', html)
        assert sorted(values) == ["a", "b", "c", "d"] and values[-1] == "d"
        firsts.add(values[0])
    assert len(firsts) > 1  # still shuffled above the pin
