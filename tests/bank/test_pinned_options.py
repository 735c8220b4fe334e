"""Options that refer to the others: `pin: last`, `shuffle_options: false`, their validation,
the writer, the content hash, and the warning about an unpinned «all of the above»."""

from __future__ import annotations

import random

import pytest

from quiz_app.bank.checks import refers_to_other_options
from quiz_app.bank.loader import BankInvalid, load_bank, question_content, question_hash
from quiz_app.bank.ordering import option_order
from quiz_app.bank.schema import Question
from quiz_app.bank.writer import block_to_yaml
from quiz_app.exam.layout import plan

from ..factories import question, write_bank


def with_all_of_the_above(qid: str, **extra) -> dict:
    data = question(qid, options=4, **extra)
    data["options"][3] = {"id": "d", "text": "Все выше перечисленное", "pin": "last"}
    return data


def problems_of(directory) -> list[str]:
    with pytest.raises(BankInvalid) as caught:
        load_bank(directory)
    return [str(p) for p in caught.value.problems]


def test_a_pinned_option_stays_last_over_many_seeds(tmp_path):
    questions = [with_all_of_the_above(f"alpha-{n:02d}") for n in range(1, 6)]
    bank = load_bank(write_bank(tmp_path, {"alpha": questions}, pass_score=1))
    firsts = set()
    for seed in range(300):
        for item in plan(bank, seed):
            assert item.option_order[-1] == "d"
            assert sorted(item.option_order) == ["a", "b", "c", "d"]
            firsts.add(item.option_order[0])
    assert firsts == {"a", "b", "c"}  # the others are still shuffled


def test_several_pinned_options_keep_their_file_order_at_the_end():
    q = Question.model_validate(
        {
            **question("alpha-01", options=5),
            "options": [
                {"id": "a", "text": "Один"},
                {"id": "b", "text": "Ничего из перечисленного", "pin": "last"},
                {"id": "c", "text": "Два"},
                {"id": "d", "text": "Все перечисленное", "pin": "last"},
                {"id": "e", "text": "Три"},
            ],
        }
    )
    for seed in range(100):
        assert option_order(q, random.Random(seed))[-2:] == ("b", "d")
    # Unshuffled, pins still go last: the order a candidate sees does not depend on exam.yaml.
    assert option_order(q, random.Random(0), shuffle=False) == ("a", "c", "e", "b", "d")


def test_shuffle_options_false_keeps_the_file_order(tmp_path):
    fixed = question("alpha-01", options=5, shuffle_options=False)
    others = [question(f"alpha-{n:02d}", options=5) for n in range(2, 8)]
    bank = load_bank(write_bank(tmp_path, {"alpha": [fixed, *others]}, pass_score=1))
    orders = {}
    for seed in range(200):
        for item in plan(bank, seed):
            orders.setdefault(item.question_id, set()).add(item.option_order)
    assert orders["alpha-01"] == {("a", "b", "c", "d", "e")}
    assert all(len(orders[f"alpha-{n:02d}"]) > 1 for n in range(2, 8))


def test_a_bank_without_the_new_fields_shuffles_as_before(tmp_path):
    """Questions that use neither field are laid out exactly as by a plain shuffle."""
    questions = [question(f"alpha-{n:02d}", options=4) for n in range(1, 8)]
    bank = load_bank(write_bank(tmp_path, {"alpha": questions}, pass_score=1))
    rng = random.Random(5)
    shuffled = list(bank.blocks[0].block.questions)
    rng.shuffle(shuffled)
    expected = []
    for q in shuffled:
        options = list(q.option_ids)
        rng.shuffle(options)
        expected.append((q.id, tuple(options)))
    assert [(i.question_id, i.option_order) for i in plan(bank, 5)] == expected


def test_a_wrong_pin_names_file_line_question_and_field(tmp_path):
    bad = question("alpha-02", options=3)
    bad["options"][2]["pin"] = "first"
    write_bank(tmp_path, {"alpha": [question("alpha-01"), bad]})
    [problem] = problems_of(tmp_path)
    block = tmp_path / "01_alpha.yaml"
    line = next(
        n
        for n, text in enumerate(block.read_text(encoding="utf-8").splitlines(), 1)
        if "pin: first" in text
    )
    assert problem.startswith(f"{block}:{line}: [alpha-02] questions.1.options.2.pin:")
    assert "'first' is not one of 'last'" in problem


def test_a_wrong_shuffle_flag_names_the_question_and_field(tmp_path):
    write_bank(tmp_path, {"alpha": [question("alpha-01", shuffle_options="sometimes")]})
    [problem] = problems_of(tmp_path)
    assert "[alpha-01] questions.0.shuffle_options:" in problem
    assert "boolean" in problem


def test_the_writer_round_trips_the_new_fields(tmp_path):
    pinned = with_all_of_the_above("alpha-01", shuffle_options=False)
    plain = question("alpha-02")
    bank = load_bank(write_bank(tmp_path, {"alpha": [pinned, plain]}, pass_score=1))
    text = block_to_yaml(bank.blocks[0].block)
    assert "      pin: last\n" in text
    assert "    shuffle_options: false\n" in text
    # Defaults stay out of the file: one question's flag is not written into every other.
    assert text.count("shuffle_options") == 1 and text.count("pin:") == 1
    (tmp_path / "01_alpha.yaml").write_text(text, encoding="utf-8")
    again = load_bank(tmp_path)
    assert again.blocks[0].block == bank.blocks[0].block
    assert block_to_yaml(again.blocks[0].block) == text


def test_pins_are_content_and_old_questions_keep_their_hash():
    plain = Question.model_validate(question("alpha-01", options=4))
    assert "shuffle_options" not in question_content(plain)
    explicit_default = Question.model_validate(
        question("alpha-01", options=4, shuffle_options=True)
    )
    assert question_hash(explicit_default) == question_hash(plain)

    pinned = Question.model_validate(
        {
            **question("alpha-01", options=4),
            "options": [
                *question("alpha-01", options=3)["options"],
                {"id": "d", "text": "Вариант d к alpha-01", "pin": "last"},
            ],
        }
    )
    unshuffled = Question.model_validate(question("alpha-01", options=4, shuffle_options=False))
    assert question_content(pinned)["options"][3]["pin"] == "last"
    assert question_content(unshuffled)["shuffle_options"] is False
    assert len({question_hash(plain), question_hash(pinned), question_hash(unshuffled)}) == 3


@pytest.mark.parametrize(
    "text",
    [
        "Все выше перечисленное",
        "Всё вышеперечисленное",
        "Все перечисленные выше варианты",
        "Возможны все указанные варианты",
        "Всеми указанными способами",
        "Все утверждения верны",
        "Ничего из перечисленного",
        "Ни один из вариантов не подходит",
        "Нет правильного ответа",
        "Верны варианты а и б",
        "All of the above",
        "None of the above",
    ],
)
def test_texts_that_refer_to_other_options(text):
    assert refers_to_other_options(text)


@pytest.mark.parametrize(
    "text",
    [
        "Все пользователи",
        "Все сделки данного менеджера удалятся",
        "На всех, за исключением «Старт-ап»",
        "Можно, для всех трех сущностей, независимо от используемого тарифа",
        "Синхронизируются все письма только за предыдущий месяц",
        "Список — это перечень, с возможностью выбрать только один вариант ответа",
    ],
)
def test_ordinary_texts_are_not_taken_for_references(text):
    assert not refers_to_other_options(text)


def test_the_bank_check_warns_about_an_unpinned_reference(tmp_path, runner):
    unpinned = with_all_of_the_above("alpha-01")
    del unpinned["options"][3]["pin"]
    pinned = with_all_of_the_above("alpha-02")
    unshuffled = with_all_of_the_above("alpha-03", shuffle_options=False)
    del unshuffled["options"][3]["pin"]
    retired = with_all_of_the_above("alpha-04", retired=True)
    del retired["options"][3]["pin"]
    write_bank(tmp_path, {"alpha": [unpinned, pinned, unshuffled, retired]}, pass_score=1)
    bank = load_bank(tmp_path)  # a warning, not an error: the bank loads
    block = tmp_path / "01_alpha.yaml"
    line = next(
        n
        for n, text in enumerate(block.read_text(encoding="utf-8").splitlines(), 1)
        if "Все выше перечисленное" in text
    )
    assert [str(w) for w in bank.warnings] == [
        f"{block}:{line}: [alpha-01] questions.0.options.3.text: option 'd' refers to the "
        "other options but may be shuffled above them: add 'pin: last' to it, or "
        "'shuffle_options: false' to the question"
    ]
    result = runner.invoke(args=["validate-bank", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {bank.warnings[0]}" in result.output


def test_the_shipped_bank_pins_every_reference_and_has_no_warnings():
    bank = load_bank("question_bank")
    assert bank.warnings == ()
    pinned = sorted(q.id for _, q in bank.questions if any(o.pin == "last" for o in q.options))
    assert {"business-04", "telephony-01", "pipeline-12", "pipeline-13"} <= set(pinned)
    assert {"analytics-02", "analytics-06", "analytics-07"} <= set(pinned)
    for _, q in bank.questions:
        for option in q.options:
            if refers_to_other_options(option.text):
                assert option.pin == "last", (q.id, option.id)
