"""The exam's numbers (questions, blocks, minutes, points) come from the published version:
no template or translatable string spells out the shipped bank's figures."""

from __future__ import annotations

import re
from pathlib import Path

from quiz_app.bank.loader import load_bank

from .conftest import PROJECT_ROOT, REAL_BANK

WORDS = {2: "двух", 9: "девят", 10: "десят"}


def _patterns() -> list[re.Pattern]:
    bank = load_bank(REAL_BANK)
    settings = bank.settings
    blocks = len(bank.blocks)
    numbers = {
        # Russian first, then the English catalog's wording.
        rf"\b{bank.question_count}\b",
        rf"\b{bank.max_score}\s+(балл|point)",
        rf"\b{settings.pass_score}\s+(балл|point)",
        rf"(из|of|out of)\s+{bank.max_score}\b",
        rf"\b{settings.time_limit_minutes}\s+(минут|min)",
        rf"\b{blocks}\s+(блок|block)",
        rf"\b{WORDS.get(blocks, '#')}\w*\s+блок",
        r"\bnine\s+blocks",
    }
    return [re.compile(p, re.IGNORECASE) for p in numbers]


def _user_facing_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((PROJECT_ROOT / "templates").rglob("*")):
        if path.suffix in (".html", ".txt"):
            text = path.read_text(encoding="utf-8")
            # Template comments are for developers.
            texts.append((str(path), re.sub(r"\{#.*?#\}", "", text, flags=re.S)))
    catalog = PROJECT_ROOT / "quiz_app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
    entries = catalog.read_text(encoding="utf-8")
    texts.append((str(catalog), "\n".join(re.findall(r'^msg(?:id|str) "(.*)"$', entries, re.M))))
    return texts


def test_no_literal_exam_figures_in_templates_or_messages():
    found = [
        f"{Path(name).relative_to(PROJECT_ROOT)}: {match.group(0)!r}"
        for name, text in _user_facing_texts()
        for pattern in _patterns()
        for match in pattern.finditer(text)
    ]
    assert found == []


def test_the_check_finds_a_figure_where_there_is_one():
    bank = load_bank(REAL_BANK)
    sample = f"Ваш лучший результат: 90 баллов из {bank.max_score}"
    assert any(pattern.search(sample) for pattern in _patterns())
