"""Hand-edited and uploaded YAML cannot explode: aliases, nesting, integer keys."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from quiz_app.yamlfile import ALIASES_REFUSED, MAX_DEPTH, NESTING_REFUSED, YamlDocument


def bomb(levels: int = 7) -> str:
    """Each level lists the previous one nine times: 9**levels strings from ~60 bytes a line."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_of_a_list_is_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "exam.yaml"
    path.write_text("title: x\n" + bomb(), encoding="utf-8")
    tracemalloc.start()
    try:
        document = YamlDocument(path, "bank")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert document.data is None
    assert [(p.line, p.message) for p in document.problems] == [(3, ALIASES_REFUSED)]
    assert peak < 5_000_000, f"{peak} bytes traced while reading a {path.stat().st_size}-byte file"


def test_an_alias_of_a_mapping_is_refused(tmp_path: Path):
    path = tmp_path / "block.yaml"
    path.write_text("base: &base {a: 1}\nother:\n  copy: *base\n", encoding="utf-8")
    document = YamlDocument(path, "bank")
    assert [(p.line, p.message) for p in document.problems] == [(3, ALIASES_REFUSED)]


def test_an_alias_of_a_scalar_stays_one_value(tmp_path: Path):
    path = tmp_path / "reference.yaml"
    path.write_text("a: &note 'one note'\nb: *note\n", encoding="utf-8")
    document = YamlDocument(path, "reference")
    assert document.problems == []
    assert document.data == {"a": "one note", "b": "one note"}
    assert document.line_of(("b",)) == 2


def test_deep_nesting_is_refused_with_its_line_before_composing(tmp_path: Path):
    path = tmp_path / "01_block.yaml"
    path.write_text("id: x\nquestions: " + "[" * 60_000 + "]" * 60_000 + "\n", encoding="utf-8")
    document = YamlDocument(path, "bank")
    assert document.data is None
    assert [(p.line, p.message) for p in document.problems] == [(2, NESTING_REFUSED)]


def test_nesting_within_the_limit_is_read(tmp_path: Path):
    path = tmp_path / "ok.yaml"
    inner = MAX_DEPTH - 1  # the top-level mapping is the first level
    path.write_text("a: " + "[" * inner + "1" + "]" * inner + "\n", encoding="utf-8")
    document = YamlDocument(path, "reference")
    assert document.problems == []
    assert document.line_of(("a",) + (0,) * inner) == 1


def test_integer_keys_keep_their_lines(tmp_path: Path):
    path = tmp_path / "terms.yaml"
    path.write_text(
        "terms:\n" + "".join(f"  {n}:\n    price: {n}\n" for n in range(1, 8001)), "utf-8"
    )
    document = YamlDocument(path, "reference")
    assert document.problems == []
    assert document.line_of(("terms", 8000, "price")) == 1 + 2 * 8000
    assert document.line_of(("terms", 12)) == 1 + 2 * 12 - 1


def test_validate_bank_reports_a_deep_file_in_one_line(runner, tmp_path: Path):
    from .factories import write_bank

    bank = write_bank(tmp_path / "bank")
    block = sorted(bank.glob("0*_*.yaml"))[0]
    block.write_text("[" * 60_000 + "]" * 60_000 + "\n", encoding="utf-8")
    result = runner.invoke(args=["validate-bank", str(bank)])
    assert result.exit_code == 1
    assert f"{block.name}:1: " in result.output and "nested more than" in result.output
    assert "Traceback" not in result.output
