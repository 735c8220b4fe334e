"""Question and option order: shuffled per attempt, fixed for the attempt's life."""

from __future__ import annotations

from quiz_app.bank.loader import load_bank
from quiz_app.exam.layout import plan

from ..factories import question, write_bank
from .helpers import items, start


def test_same_seed_same_order_other_seed_other_order():
    bank = load_bank("question_bank")
    assert plan(bank, 42) == plan(bank, 42)
    assert plan(bank, 42) != plan(bank, 43)


def test_blocks_keep_their_order_and_questions_stay_in_their_block():
    bank = load_bank("question_bank")
    layout = plan(bank, 7)
    assert [i.block_index for i in layout] == sorted(i.block_index for i in layout)
    for item in layout:
        block = bank.blocks[item.block_index].block
        assert item.question_id in {q.id for q in block.questions}


def test_shuffling_changes_order(tmp_path):
    questions = [question(f"alpha-{n:02d}", options=4) for n in range(1, 21)]
    bank = load_bank(write_bank(tmp_path, {"alpha": questions}, pass_score=1))
    layout = plan(bank, 1)
    assert [i.question_id for i in layout] != [q["id"] for q in questions]
    assert any(i.option_order != ("a", "b", "c", "d") for i in layout)
    assert sorted(i.question_id for i in layout) == [q["id"] for q in questions]


def test_shuffling_can_be_switched_off(tmp_path):
    questions = [question(f"alpha-{n:02d}", options=4) for n in range(1, 21)]
    bank = load_bank(
        write_bank(
            tmp_path,
            {"alpha": questions},
            pass_score=1,
            shuffle_questions=False,
            shuffle_options=False,
        )
    )
    layout = plan(bank, 1)
    assert [i.question_id for i in layout] == [q["id"] for q in questions]
    assert all(i.option_order == ("a", "b", "c", "d") for i in layout)


def test_order_is_stored_with_the_attempt(client, login, candidate, factory):
    login(candidate)
    first = start(client)
    stored = [(i.question_id, i.option_order) for i in items(first)]
    assert len(stored) == 115
    assert stored == [(i.question_id, i.option_order) for i in items(first)]
    login(factory.user())
    second = start(client)
    assert [(i.question_id, i.option_order) for i in items(second)] != stored
