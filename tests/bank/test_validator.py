"""The bank validator: each kind of broken bank gives one line naming file, line and question."""

from __future__ import annotations

import pytest

from quiz_app.bank.loader import BankInvalid, load_bank

from ..factories import question, write_bank


def problems_of(directory) -> list[str]:
    with pytest.raises(BankInvalid) as caught:
        load_bank(directory)
    return [str(p) for p in caught.value.problems]


def line_of(path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_valid_bank_loads(tmp_path):
    bank = load_bank(write_bank(tmp_path))
    assert bank.question_count == 6
    assert bank.max_score == 6
    assert [lb.block.id for lb in bank.blocks] == ["alpha", "beta"]


def test_unknown_key_names_file_line_and_question(tmp_path):
    bad = question("alpha-02", colour="red")
    write_bank(tmp_path, {"alpha": [question("alpha-01"), bad]})
    block = tmp_path / "01_alpha.yaml"
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{block}:{line_of(block, 'colour:')}:")
    assert "[alpha-02]" in problem
    assert "questions.1.colour: unknown key" in problem


def test_duplicate_ids_across_files(tmp_path):
    write_bank(
        tmp_path,
        {"alpha": [question("alpha-01"), question("alpha-02")], "beta": [question("alpha-02")]},
    )
    [problem] = problems_of(tmp_path)
    beta = tmp_path / "02_beta.yaml"
    assert problem.startswith(f"{beta}:{line_of(beta, 'id: alpha-02')}: [alpha-02]")
    assert "duplicate question id, first defined at" in problem
    assert "01_alpha.yaml" in problem


def test_no_correct_option(tmp_path):
    missing = question("alpha-01")
    del missing["answer"]
    write_bank(tmp_path, {"alpha": [missing, question("alpha-02", answer="z")]})
    problems = problems_of(tmp_path)
    assert len(problems) == 2
    assert "[alpha-01] questions.0.answer: required field is missing" in problems[0]
    assert "[alpha-02]" in problems[1]
    assert (
        "answer 'z' is not one of the options (a, b, c): no option is marked correct" in problems[1]
    )


def test_two_correct_options(tmp_path):
    write_bank(tmp_path, {"alpha": [question("alpha-01", answer=["a", "c"])]})
    [problem] = problems_of(tmp_path)
    assert (
        "[alpha-01] questions.0.answer: exactly one correct option is required, got 2 (a, c)"
        in problem
    )


def test_fewer_than_two_options(tmp_path):
    write_bank(tmp_path, {"alpha": [question("alpha-01", options=1)]})
    [problem] = problems_of(tmp_path)
    assert "[alpha-01] questions.0.options: needs at least 2 item(s), got 1" in problem


def test_empty_text(tmp_path):
    write_bank(tmp_path, {"alpha": [question("alpha-01", text="   ")]})
    block = tmp_path / "01_alpha.yaml"
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{block}:{line_of(block, 'text:')}:")
    assert "questions.0.text: must not be empty" in problem


def test_empty_option_text(tmp_path):
    broken = question("alpha-01")
    broken["options"][1]["text"] = ""
    write_bank(tmp_path, {"alpha": [broken]})
    [problem] = problems_of(tmp_path)
    assert "[alpha-01] questions.0.options.1.text: must not be empty" in problem


def test_pass_score_above_maximum(tmp_path):
    write_bank(tmp_path, pass_score=7)
    exam = tmp_path / "exam.yaml"
    [problem] = problems_of(tmp_path)
    assert problem == (
        f"{exam}:{line_of(exam, 'pass_score')}: pass_score: 7 is above the maximum score 6"
    )


def test_yaml_syntax_error_has_line(tmp_path):
    write_bank(tmp_path)
    block = tmp_path / "01_alpha.yaml"
    lines = block.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "  text: [unclosed, flow")
    block.write_text("\n".join(lines), encoding="utf-8")
    [problem] = problems_of(tmp_path)
    reported = int(problem.removeprefix(f"{block}:").split(":")[0])
    assert reported in (5, 6)  # the flow sequence opens on 5; PyYAML notices on the next line
    assert "YAML syntax error" in problem


def test_duplicate_yaml_key(tmp_path):
    write_bank(tmp_path)
    block = tmp_path / "01_alpha.yaml"
    text = block.read_text(encoding="utf-8").replace(
        "  answer: a\n", "  answer: a\n  answer: b\n", 1
    )
    block.write_text(text, encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert problem == f"{block}:{line_of(block, 'answer: b')}: duplicate key 'answer'"


def test_listed_block_file_missing_and_stray_file(tmp_path):
    write_bank(tmp_path)
    (tmp_path / "02_beta.yaml").rename(tmp_path / "99_beta.yaml")
    problems = problems_of(tmp_path)
    assert any("file 99_beta.yaml is in the bank directory but not listed" in p for p in problems)
    assert any("listed file 02_beta.yaml does not exist" in p for p in problems)


def test_bad_settings_types(tmp_path):
    write_bank(tmp_path, time_limit_minutes="soon", shuffle_questions="maybe")
    problems = problems_of(tmp_path)
    assert len(problems) == 2
    assert any("time_limit_minutes:" in p for p in problems)
    assert any("shuffle_questions:" in p for p in problems)


def test_bad_question_id(tmp_path):
    write_bank(tmp_path, {"alpha": [question("Alpha 1")]})
    [problem] = problems_of(tmp_path)
    assert "questions.0.id: 'Alpha 1' does not match the expected pattern" in problem


def test_duplicate_option_ids(tmp_path):
    broken = question("alpha-01")
    broken["options"][2]["id"] = "a"
    write_bank(tmp_path, {"alpha": [broken]})
    [problem] = problems_of(tmp_path)
    assert "duplicate option id(s): a" in problem


def test_every_problem_is_reported_at_once(tmp_path):
    write_bank(
        tmp_path,
        {
            "alpha": [question("alpha-01", options=1), question("alpha-02", answer="q")],
            "beta": [question("beta-01", text="")],
        },
    )
    assert len(problems_of(tmp_path)) == 3
