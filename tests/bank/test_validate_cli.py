from __future__ import annotations

from ..factories import question, write_bank


def test_validate_bank_summary_and_exit_zero(runner, tmp_path):
    write_bank(tmp_path)
    result = runner.invoke(args=["validate-bank", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "2 blocks, 6 questions, max score 6, pass score 4" in result.output


def test_validate_bank_prints_every_problem_and_exits_one(runner, tmp_path):
    write_bank(
        tmp_path, {"alpha": [question("alpha-01", options=1), question("alpha-02", answer="x")]}
    )
    result = runner.invoke(args=["validate-bank", str(tmp_path)])
    assert result.exit_code == 1
    assert "[alpha-01]" in result.output
    assert "[alpha-02]" in result.output
    assert "2 problem(s) found" in result.output


def test_validate_bank_defaults_to_configured_directory(runner):
    result = runner.invoke(args=["validate-bank"])
    assert result.exit_code == 0, result.output
    assert "9 blocks, 115 questions, max score 115, pass score 100" in result.output
