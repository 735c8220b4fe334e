"""Questions as the edit form holds them (drafts) and building a bank question from one."""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

from flask_babel import gettext as _
from pydantic import ValidationError

from ...bank.loader import Bank
from ...bank.schema import Block, Question
from .field_errors import FORM, add, describe

# The fields the edit form has inputs for; any other field of the schema (an optional link
# added later, say) is shown generically and otherwise kept as it is.
FORM_FIELDS = (
    "id",
    "text",
    "points",
    "options",
    "shuffle_options",
    "answer",
    "explanation",
    "retired",
)


@dataclass
class OptionRow:
    """One row of the options table: an existing option (with its id) or a new one."""

    id: str = ""
    text: str = ""
    position: str = ""
    remove: bool = False
    pin_last: bool = False


@dataclass
class Draft:
    text: str = ""
    points: str = "1"
    explanation: str = ""
    options: list[OptionRow] = field(default_factory=list)
    answer_row: str | None = None  # index into `options` of the row marked correct
    # Unchecked boxes are not sent, so the form asks "keep the order?" and silence means shuffle.
    keep_order: bool = False
    extras: dict[str, str] = field(default_factory=dict)  # other text fields of the schema
    question_id: str = ""  # only when creating
    note: str = ""


def extra_fields() -> list[str]:
    return [name for name in Question.model_fields if name not in FORM_FIELDS]


def is_text_field(name: str) -> bool:
    """An optional field the form can offer as a text input (a string or nothing)."""

    def accepts_str(annotation: Any) -> bool:
        if annotation is str:
            return True
        return any(accepts_str(arg) for arg in get_args(annotation))

    return accepts_str(Question.model_fields[name].annotation)


def draft_of(question: Question) -> Draft:
    return Draft(
        text=question.text,
        points=str(question.points),
        explanation=question.explanation,
        options=[
            OptionRow(o.id, o.text, str(i + 1), pin_last=o.pin == "last")
            for i, o in enumerate(question.options)
        ],
        answer_row=str(question.option_ids.index(question.answer)),
        keep_order=not question.shuffle_options,
        extras={
            name: getattr(question, name) or ""
            for name in extra_fields()
            if is_text_field(name) and isinstance(getattr(question, name), str | None)
        },
        question_id=question.id,
    )


def suggest_id(bank: Bank, block: Block) -> str:
    """The next free `<prefix>-NN` id, the prefix taken from the block's questions or id."""
    prefixes = [q.id.rsplit("-", 1)[0] for q in block.questions]
    prefix = max(set(prefixes), key=prefixes.count) if prefixes else block.id
    taken = {q.id for lb in bank.blocks for q in lb.block.questions}
    numbers = [int(q.id.rsplit("-", 1)[1]) for q in block.questions if q.id.startswith(prefix)]
    number = max(numbers, default=0) + 1
    while True:
        candidate = f"{prefix}-{number:02d}"
        if candidate not in taken:
            return candidate
        number += 1


def _normal(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _option_ids(used: set[str]) -> Iterator[str]:
    for letter in string.ascii_lowercase:
        if letter not in used:
            yield letter
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            if first + second not in used:
                yield first + second


def build(base: dict[str, Any], draft: Draft) -> tuple[Question | None, dict[str, list[str]]]:
    """The question the form describes, on top of `base` (the stored question's fields).

    Returns the question, or None and the errors keyed by form field: "text", "options",
    "options.<row>.text", "answer", "extra.<name>", …
    """
    errors: dict[str, list[str]] = {}
    kept: list[tuple[int, int, OptionRow]] = []  # (position, row index, row)
    for index, row in enumerate(draft.options):
        if row.remove or (not row.id and not _normal(row.text).strip()):
            continue
        try:
            position = int(row.position)
        except (TypeError, ValueError):
            if row.position.strip():
                add(errors, f"options.{index}.position", _("Введите целое число."))
            position = index + 1
        kept.append((position, index, row))
    kept.sort(key=lambda item: (item[0], item[1]))
    fresh = _option_ids({row.id for row in draft.options if row.id})
    options, row_of, id_of_row = [], [], {}
    for _position, index, row in kept:
        option_id = row.id or next(fresh)
        id_of_row[index] = option_id
        option = {"id": option_id, "text": _normal(row.text)}
        if row.pin_last:
            option["pin"] = "last"
        options.append(option)
        row_of.append(index)

    answer = ""
    if draft.answer_row is None or not str(draft.answer_row).isdigit():
        add(errors, "answer", _("Отметьте правильный вариант ответа."))
    else:
        answer_row = int(draft.answer_row)
        if answer_row in id_of_row:
            answer = id_of_row[answer_row]
        elif answer_row < len(draft.options) and draft.options[answer_row].remove:
            add(errors, "answer", _("Вариант, отмеченный правильным, нельзя удалить."))
        else:
            add(errors, "answer", _("Отметьте правильный вариант ответа."))

    data = dict(base)
    data.update(
        text=_normal(draft.text),
        points=draft.points.strip() if isinstance(draft.points, str) else draft.points,
        options=options,
        shuffle_options=not draft.keep_order,
        answer=answer or "-",
        explanation=_normal(draft.explanation),
    )
    if draft.question_id:
        data["id"] = draft.question_id.strip()
    for name, value in draft.extras.items():
        if name in Question.model_fields and name not in FORM_FIELDS:
            data[name] = _normal(value).strip() or None

    def key_of(loc: tuple, item: dict) -> str:
        if not loc:
            message = str(item["msg"]).removeprefix("Value error, ")
            return "answer" if message.startswith("answer") else "options"
        if loc[0] == "options" and len(loc) >= 3 and isinstance(loc[1], int):
            return f"options.{row_of[loc[1]]}.{loc[2]}"
        if loc[0] in ("text", "points", "explanation", "id", "options"):
            return loc[0]
        if loc[0] == "answer":
            return "answer"
        if loc[0] in Question.model_fields:
            return f"extra.{loc[0]}"
        return FORM

    try:
        question = Question.model_validate(data)
    except ValidationError as exc:
        for item in exc.errors():
            # An unmarked answer was reported above in plainer words.
            if item["loc"] and item["loc"][0] == "answer" and not answer:
                continue
            if not item["loc"] and not answer and "answer" in str(item["msg"]):
                continue
            loc = tuple(
                p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function"))
            )
            add(errors, key_of(loc, item), describe(item))
        return None, errors
    if errors:
        return None, errors
    return question, {}
