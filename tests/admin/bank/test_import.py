"""GIFT and Moodle XML imports: what is read, what is skipped and why, dry runs, re-imports."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from sqlalchemy import func, select

from quiz_app.admin.bank.formats import FileRejected
from quiz_app.admin.bank.gift import parse_gift
from quiz_app.admin.bank.models import QuestionRevision
from quiz_app.admin.bank.moodle_xml import parse_moodle_xml
from quiz_app.bank.loader import load_bank
from quiz_app.bank.published import current_exam
from quiz_app.extensions import db

from .helpers import FIXTURES, snapshot

GIFT = (FIXTURES / "moodle_sample.gift").read_text(encoding="utf-8")
XML = (FIXTURES / "moodle_sample.xml").read_bytes()


def test_gift_multiple_choice_questions(app):
    result = parse_gift(GIFT)
    read = {q.number: q for q in result.questions}
    assert sorted(read) == [1, 2, 3, 4, 5]

    first = read[1]
    assert first.title == "Pipeline stages"
    assert first.text == "Where are the stages of a pipeline configured?"
    assert first.options == [
        "In the pipeline settings",
        "In the user profile",
        "In the mail section",
    ]
    assert first.correct == 0
    assert first.explanation == "Stages are edited on the pipeline's own settings page."
    assert first.category == "$course$/top/CRM basics"

    escapes = read[2]
    assert escapes.text == "Which string is a valid template placeholder {name}?"
    assert escapes.options == ["{{contact.name}}", "contact=name", "#name", "name: value"]
    assert escapes.correct == 0
    assert escapes.explanation is None

    missing_word = read[3]
    assert missing_word.text == "Moodle costs _____ to download from moodle.org."
    assert missing_word.options == ["lots of money", "nothing", "a small amount"]
    assert missing_word.correct == 1

    html = read[4]
    assert html.title == "HTML question"
    assert html.text == (
        "Which report shows\nthe sales funnel?\nLine two\nline three with a backslash \\ here."
    )
    assert html.options == ["Calls report", "Funnel analytics", "Events log"]
    assert html.correct == 1

    weights = read[5]
    assert weights.options == ["Two", "Three", "One"]
    assert weights.correct == 2
    assert len(weights.warnings) == 1  # the negative weight is not carried over


def test_gift_other_question_types_are_skipped_with_reasons(app):
    result = parse_gift(GIFT)
    kinds = {s.number: s.kind for s in result.skipped}
    assert kinds == {
        6: "truefalse",
        7: "shortanswer",
        8: "matching",
        9: "numerical",
        10: "essay",
        11: "multiple_correct",
        12: "description",
        13: "multiple_correct",
    }
    titles = {s.number: s.title for s in result.skipped}
    assert titles[6] == "TF" and titles[12] == "Description"
    assert all(str(s.reason) for s in result.skipped)


def test_gift_blank_lines_inside_braces_do_not_split_a_question(app):
    result = parse_gift("Pick one {\n=yes\n\n~no\n}\n")
    assert [q.options for q in result.questions] == [["yes", "no"]]


def test_moodle_xml_multiple_choice_questions(app):
    result = parse_moodle_xml(XML)
    assert [q.number for q in result.questions] == [1, 2]
    first, second = result.questions
    assert first.title == "Call recording"
    assert first.text == "Where are call recordings listened to?"
    assert first.options == [
        "In the mail section",
        "In the deal card, on the call event",
        "In the settings & nowhere else",
    ]
    assert first.correct == 1
    assert first.explanation == "Recordings are attached to the call event in the card."
    assert first.points == 2
    assert first.category == "$course$/top/Telephony"
    assert len(first.warnings) == 1  # negative fraction

    assert second.text == "Which widget connects telephony?"
    assert second.correct == 0
    assert second.explanation == "Correct: integrations connect PBX systems."
    assert second.points == 1  # 1.5 cannot be kept: bank points are whole numbers
    assert len(second.warnings) == 1


def test_moodle_xml_other_types_are_skipped_with_reasons(app):
    result = parse_moodle_xml(XML)
    assert [(s.number, s.kind) for s in result.skipped] == [
        (3, "multiple_correct"),
        (4, "multiple_correct"),
        (5, "truefalse"),
        (6, "shortanswer"),
        (7, "essay"),
        (8, "matching"),
        (9, "numerical"),
        (10, "description"),
    ]
    assert all(str(s.reason) for s in result.skipped)


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<html><body>hello</body></html>",
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>',
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<quiz>&x;</quiz>",
    ],
)
def test_moodle_xml_rejects_files_it_cannot_trust_or_read(app, data):
    with pytest.raises(FileRejected):
        parse_moodle_xml(data)


def upload(client, fmt, data, action, block="mail"):
    return client.post(
        "/admin/bank/import/questions",
        data={
            "block": block,
            "format": fmt,
            "source": (io.BytesIO(data), "questions.gift" if fmt == "gift" else "questions.xml"),
            "action": action,
        },
        content_type="multipart/form-data",
    )


def block_questions(bank_dir):
    return yaml.safe_load((bank_dir / "04_mail.yaml").read_text("utf-8"))["questions"]


def test_dry_run_reports_and_changes_nothing(admin_client, bank_dir):
    before = snapshot(bank_dir)
    response = upload(admin_client, "gift", GIFT.encode(), "dry_run")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "ничего не записано" in html
    assert "Будут добавлены (5)" in html
    assert "Пропущены (8)" in html
    assert "Эссе" in html and "соответствие" in html
    assert snapshot(bank_dir) == before
    assert db.session.scalar(select(func.count()).select_from(QuestionRevision)) == 0


def test_gift_import_adds_questions_to_the_block(admin_client, bank_dir, admin):
    existing = block_questions(bank_dir)
    last = max(int(q["id"].split("-")[1]) for q in existing)
    response = upload(admin_client, "gift", GIFT.encode(), "import")
    assert response.status_code == 200

    questions = block_questions(bank_dir)
    added = questions[len(existing) :]
    assert [q["id"] for q in added] == [f"mail-{n:02d}" for n in range(last + 1, last + 6)]
    assert added[0]["text"] == "Where are the stages of a pipeline configured?"
    assert added[0]["answer"] == "a"
    assert added[0]["explanation"] == "Stages are edited on the pipeline's own settings page."
    assert added[1]["explanation"].startswith("Пояснение не задано")  # the schema requires one
    assert added[4]["answer"] == "c"
    draft = load_bank(bank_dir)  # the bank is still valid
    revisions = db.session.scalars(select(QuestionRevision)).all()
    assert len(revisions) == 5
    # Only the draft grew: candidates get the published version until someone publishes.
    published = current_exam()
    assert published.question_count == draft.question_count - 5
    assert published.find(added[0]["id"]) is None
    assert {r.action for r in revisions} == {"import"} and {r.author_id for r in revisions} == {
        admin.id
    }


def test_reimporting_the_same_file_changes_nothing(admin_client, bank_dir):
    upload(admin_client, "gift", GIFT.encode(), "import")
    after_first = snapshot(bank_dir)
    response = upload(admin_client, "gift", GIFT.encode(), "dry_run")
    html = response.get_data(as_text=True)
    assert "Уже есть, без изменений (5)" in html
    assert "Добавлять и менять нечего." in html
    upload(admin_client, "gift", GIFT.encode(), "import")
    assert snapshot(bank_dir) == after_first


def test_reimport_with_a_fixed_key_updates_the_question(admin_client, bank_dir):
    upload(admin_client, "gift", GIFT.encode(), "import")
    fixed = GIFT.replace("~%0%Three\n  ~%100%One", "~%100%Three\n  ~%0%One")
    html = upload(admin_client, "gift", fixed.encode(), "dry_run").get_data(as_text=True)
    assert "Будут изменены (1)" in html
    upload(admin_client, "gift", fixed.encode(), "import")
    changed = next(q for q in block_questions(bank_dir) if q["text"].startswith("How many owners"))
    assert changed["answer"] == "b"


def test_moodle_xml_import_through_the_dry_run_confirmation(admin_client, bank_dir):
    dry = upload(admin_client, "moodle_xml", XML, "dry_run")
    html = dry.get_data(as_text=True)
    assert "Будут добавлены (2)" in html and "Пропущены (8)" in html
    confirm = dict(re.findall(r'name="(payload|token|block|format)"[^>]*value="([^"]*)"', html))
    response = admin_client.post("/admin/bank/import/questions", data={**confirm, "confirm": "1"})
    assert response.status_code == 200
    added = block_questions(bank_dir)[-2:]
    assert added[0]["text"] == "Where are call recordings listened to?"
    assert added[0]["points"] == 2
    assert added[0]["answer"] == "b"


def test_a_dry_run_is_refused_when_the_block_changed_since(admin_client, bank_dir):
    html = upload(admin_client, "gift", GIFT.encode(), "dry_run").get_data(as_text=True)
    confirm = dict(re.findall(r'name="(payload|token|block|format)"[^>]*value="([^"]*)"', html))
    path = bank_dir / "04_mail.yaml"
    path.write_text(path.read_text("utf-8").replace("Почта", "Почта и письма", 1), "utf-8")
    before = snapshot(bank_dir)
    response = admin_client.post("/admin/bank/import/questions", data={**confirm, "confirm": "1"})
    assert response.status_code == 409
    assert snapshot(bank_dir) == before


def test_an_unreadable_file_is_reported(admin_client, bank_dir):
    before = snapshot(bank_dir)
    response = upload(admin_client, "moodle_xml", b"<quiz><question", "import")
    assert response.status_code == 400
    assert "не читается как XML" in response.get_data(as_text=True)
    assert snapshot(bank_dir) == before


UNSHUFFLED_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Ordered</text></name>
    <questiontext format="plain_text"><text>Which plans have call recording?</text></questiontext>
    <single>true</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="0"><text>Only the largest</text></answer>
    <answer fraction="0"><text>Only the smallest</text></answer>
    <answer fraction="100"><text>All of the above</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Shuffled</text></name>
    <questiontext format="plain_text"><text>Where is the mail section?</text></questiontext>
    <shuffleanswers>1</shuffleanswers>
    <answer fraction="100"><text>On the left</text></answer>
    <answer fraction="0"><text>None of the above</text></answer>
  </question>
</quiz>
"""


def test_moodle_xml_shuffleanswers_becomes_shuffle_options(app):
    ordered, shuffled = parse_moodle_xml(UNSHUFFLED_XML).questions
    assert ordered.shuffle_options is False
    assert shuffled.shuffle_options is True
    # GIFT has no such flag: its questions follow the bank's default.
    assert all(q.shuffle_options is None for q in parse_gift(GIFT).questions)


def test_imported_order_is_kept_and_an_unpinned_reference_is_pointed_out(admin_client, bank_dir):
    html = upload(admin_client, "moodle_xml", UNSHUFFLED_XML, "dry_run").get_data(as_text=True)
    # The shuffled question's «None of the above» can land on top: the report says so, once.
    assert html.count("отметьте его «Всегда последним»") == 1
    upload(admin_client, "moodle_xml", UNSHUFFLED_XML, "import")
    ordered, shuffled = block_questions(bank_dir)[-2:]
    assert ordered["text"] == "Which plans have call recording?"
    assert ordered["shuffle_options"] is False
    assert "shuffle_options" not in shuffled
    bank = load_bank(bank_dir)
    assert [w.subject for w in bank.warnings] == [shuffled["id"]]
    index = admin_client.get("/admin/bank/").get_data(as_text=True)
    assert "Стоит проверить" in index and f"[{shuffled['id']}]" in index
