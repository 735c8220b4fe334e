"""Lesson files: front matter validation names the file, the line and the field."""

from __future__ import annotations

import pytest

from quiz_app.training.loader import LessonsInvalid, check_blocks, load_lessons

from .conftest import lesson_text, write_lesson


def problems_of(directory) -> list[str]:
    with pytest.raises(LessonsInvalid) as caught:
        load_lessons(directory)
    return [str(problem) for problem in caught.value.problems]


def test_valid_lessons_load_in_reading_order(tmp_path):
    write_lesson(tmp_path, "02_b.md", lesson_text("second", order=20))
    write_lesson(tmp_path, "01_a.md", lesson_text("first", order=10, block=None))
    catalog = load_lessons(tmp_path)
    assert [lesson.id for lesson in catalog.lessons] == ["first", "second"]
    second = catalog.get("second")
    assert second.block == "mail"
    assert "<h2>Раздел</h2>" in second.html
    assert catalog.neighbours(second) == (catalog.get("first"), None)


def test_wrong_type_and_unknown_key_name_line_and_field(tmp_path):
    path = write_lesson(
        tmp_path,
        "01_bad.md",
        "---\n"  # 1
        "id: mail\n"  # 2
        "title: Почта\n"  # 3
        "block: mail\n"  # 4
        "order: first\n"  # 5
        "summary: Кратко.\n"  # 6
        "colour: red\n"  # 7
        "---\n"
        "Текст.\n",
    )
    problems = problems_of(tmp_path)
    assert any(p.startswith(f"{path}:5: order:") for p in problems), problems
    assert f"{path}:7: colour: unknown key" in "\n".join(problems)


def test_missing_field_and_bad_id(tmp_path):
    path = write_lesson(
        tmp_path,
        "01_bad.md",
        "---\nid: Mail Box\ntitle: Почта\nblock: mail\norder: 1\n---\nТекст.\n",
    )
    problems = problems_of(tmp_path)
    assert f"{path}:2: summary: required field is missing" in problems
    assert any(
        p.startswith(f"{path}:2: id: 'Mail Box' does not match the expected pattern")
        for p in problems
    ), problems


def test_yaml_syntax_error_points_at_its_line(tmp_path):
    path = write_lesson(
        tmp_path,
        "01_bad.md",
        "---\nid: mail\ntitle: Почта: основы\nblock: mail\norder: 1\nsummary: x\n---\nТекст.\n",
    )
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{path}:3: YAML syntax error")


def test_duplicate_key_is_reported(tmp_path):
    path = write_lesson(
        tmp_path,
        "01_bad.md",
        "---\nid: mail\ntitle: A\ntitle: B\nblock: mail\norder: 1\nsummary: x\n---\nТекст.\n",
    )
    assert f"{path}:4: duplicate key 'title'" in problems_of(tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Без front matter\n", ":1: front matter missing"),
        ("---\nid: mail\ntitle: x\n", ":1: front matter is not closed"),
        (lesson_text(body="\n   \n"), ":7: lesson text after the front matter is empty"),
    ],
)
def test_file_shape_problems(tmp_path, text, expected):
    path = write_lesson(tmp_path, "01_bad.md", text)
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{path}{expected}"), problem


def test_duplicate_lesson_ids_across_files(tmp_path):
    write_lesson(tmp_path, "01_a.md", lesson_text("mail"))
    second = write_lesson(tmp_path, "02_b.md", lesson_text("mail", order=20))
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{second}:2: id: lesson id 'mail' is already used by")


def test_related_blocks_must_not_repeat_the_own_block(tmp_path):
    text = lesson_text().replace("order: 10\n", "order: 10\nrelated_blocks: [mail]\n")
    path = write_lesson(tmp_path, "01_a.md", text)
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{path}:6: related_blocks: repeats the lesson's own block 'mail'")


def test_empty_or_missing_directory(tmp_path):
    assert "no lesson files" in problems_of(tmp_path)[0]
    assert "directory not found" in problems_of(tmp_path / "absent")[0]


def test_check_blocks_reports_unknown_and_uncovered_blocks(tmp_path):
    path = write_lesson(tmp_path, "01_a.md", lesson_text("mail", block="post"))
    catalog = load_lessons(tmp_path)
    problems = [str(p) for p in check_blocks(catalog, [("mail", "04_mail.yaml")])]
    assert problems[0].startswith(f"{path}:4: block: 'post' is not a block of the exam")
    assert "no lesson has 'block: mail' (exam block from 04_mail.yaml)" in problems[1]
