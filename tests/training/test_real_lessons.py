"""The lessons in training/ against the real question bank, and the validate-lessons command."""

from __future__ import annotations

import re

from quiz_app.bank.loader import load_bank
from quiz_app.training.loader import check_blocks, load_lessons

from ..conftest import PROJECT_ROOT, REAL_BANK
from .conftest import lesson_text, write_lesson

TRAINING = PROJECT_ROOT / "training"


def test_every_exam_block_has_its_own_lesson():
    bank = load_bank(REAL_BANK)
    catalog = load_lessons(TRAINING)
    assert check_blocks(catalog, [(lb.block.id, lb.file) for lb in bank.blocks]) == []
    for loaded in bank.blocks:
        own = [lesson for lesson in catalog.lessons if lesson.block == loaded.block.id]
        assert own, f"no lesson for block {loaded.block.id}"


def test_seed_lessons_exist_beyond_the_nine_blocks():
    catalog = load_lessons(TRAINING)
    assert {"dashboard", "automation", "tariffs"} <= {lesson.id for lesson in catalog.lessons}
    assert len(catalog.lessons) == 12


def test_lessons_cite_their_sources_and_offer_a_self_check():
    for lesson in load_lessons(TRAINING).lessons:
        assert "<h2>Источники</h2>" in lesson.html, lesson.id
        assert re.search(r"<details>\s*<summary>Проверьте себя", lesson.html), lesson.id


def test_validate_lessons_ok(runner):
    result = runner.invoke(args=["validate-lessons"])
    assert result.exit_code == 0, result.output
    assert "OK — 12 lessons; each of the 9 exam blocks has a lesson" in result.output


def test_validate_lessons_reports_file_line_and_field(runner, tmp_path):
    path = write_lesson(tmp_path, "01_mail.md", lesson_text(block="post"))
    result = runner.invoke(args=["validate-lessons", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{path}:4: block: 'post' is not a block of the exam" in result.output
    assert "no lesson has 'block: business'" in result.output

    path.write_text(lesson_text().replace("order: 10", "order: ten"), encoding="utf-8")
    result = runner.invoke(args=["validate-lessons", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{path}:5: order:" in result.output
