"""The shipped bank: all 115 questions of the seed, faithfully transcribed, one key each."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import pytest

from quiz_app.bank.loader import load_bank

from ..conftest import REAL_BANK

SEED = json.loads((Path(__file__).parent.parent / "data" / "seed_questions.json").read_text())
EXPECTED_BLOCKS = [
    ("business", "Бизнес-часть", 9),
    ("settings", "Общие настройки", 10),
    ("import-export", "Импорт и экспорт", 10),
    ("mail", "Почта", 16),
    ("telephony", "Телефония", 10),
    ("website", "Интеграция с сайтом", 15),
    ("deals", "Сделки, контакты, задачи", 15),
    ("pipeline", "Воронка продаж, дополнительные поля, бизнес-процессы", 16),
    ("analytics", "Аналитика", 14),
]


@pytest.fixture(scope="module")
def bank():
    return load_bank(REAL_BANK)


def normalized(text: str) -> str:
    """What transcription may change: link artefacts, spacing, case, Latin look-alikes."""
    text = text.replace("(пример)", "")
    text = text.translate(str.maketrans("ABCEHKMOPTXaceopxy", "АВСЕНКМОРТХасеорху"))
    return re.sub(r"\s+", " ", text).strip().lower()


def close(ours: str, seed: str) -> bool:
    return difflib.SequenceMatcher(None, normalized(ours), normalized(seed)).ratio() >= 0.9


def test_settings_match_the_programme_rules(bank):
    assert bank.settings.time_limit_minutes == 60
    assert bank.settings.pass_score == 100
    assert bank.settings.retake.max_attempts is None
    assert bank.max_score == 115


def test_blocks_in_seed_order_with_seed_counts(bank):
    got = [(lb.block.id, lb.block.title, len(lb.block.questions)) for lb in bank.blocks]
    assert got == EXPECTED_BLOCKS
    assert [len(b["questions"]) for b in SEED["blocks"]] == [n for _, _, n in EXPECTED_BLOCKS]


def test_questions_and_options_follow_the_seed(bank):
    mismatches = []
    for loaded, seed_block in zip(bank.blocks, SEED["blocks"], strict=True):
        for number, (question, seed_q) in enumerate(
            zip(loaded.block.questions, seed_block["questions"], strict=True), 1
        ):
            assert question.id == f"{loaded.block.id}-{number:02d}"
            if not close(question.text, seed_q["text"]):
                mismatches.append((question.id, "text", question.text, seed_q["text"]))
            if len(question.options) != len(seed_q["options"]):
                mismatches.append((question.id, "option count", len(question.options)))
                continue
            for option, seed_option in zip(question.options, seed_q["options"], strict=True):
                if not close(option.text, seed_option):
                    mismatches.append((question.id, option.id, option.text, seed_option))
    assert mismatches == []


def test_every_question_has_one_key_an_explanation_and_one_point(bank):
    for _, question in bank.questions:
        assert question.answer in question.option_ids
        assert len(question.explanation) >= 40, question.id
        assert question.points == 1


def test_no_option_gives_the_answer_away(bank):
    """The seed's "(пример)" marks were links beside some options; they must not leak."""
    for _, question in bank.questions:
        for option in question.options:
            assert "(пример)" not in option.text, question.id


def test_lead_conversion_question_is_arithmetic(bank):
    """Question 1.6: 20 calls + 50 forms = 70 leads from 800 visits for 10 000 ₽."""
    _, question = bank.find("business-06")
    key = next(o.text for o in question.options if o.id == question.answer)
    assert f"{70 / 800:.2%}".replace(".", ",") in key
    assert str(int(10_000 / 70 * 100) / 100).replace(".", ",") in key


def test_the_shipped_bank_pauses_between_attempts(bank):
    # Unlimited instant retakes with per-block scores let a script recover the answer key;
    # README ("The question bank") says why the pause is there.
    assert bank.settings.retake.cooldown_minutes >= 30
