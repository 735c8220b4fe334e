"""Hand-edited and uploaded YAML cannot expand into billions of nodes ("billion laughs")."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from quiz_app.yamlfile import ALIASES_REFUSED, YamlDocument


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
