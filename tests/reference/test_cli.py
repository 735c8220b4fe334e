"""`flask --app quiz_app validate-reference [FILE]`."""

from __future__ import annotations

from quiz_app.reference.loader import DEFAULT_FILE


def test_validates_the_shipped_reference_by_default(runner):
    result = runner.invoke(args=["validate-reference"])
    assert result.exit_code == 0, result.output
    assert "OK — 5 offers" in result.output
    assert "plan cells:" in result.output


def test_prints_every_problem_and_exits_one(runner, tmp_path):
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    text = text.replace("    max_users: 2\n", "    max_users: 0\n")
    broken = tmp_path / "tariffs.yaml"
    broken.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["validate-reference", str(broken)])
    assert result.exit_code == 1
    assert "packages.0.max_users: Input should be greater than or equal to 1" in result.output
    assert f"1 problem(s) found in {broken}" in result.output
