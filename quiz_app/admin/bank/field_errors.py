"""Validation problems turned into messages for the form field they belong to."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from pydantic import ValidationError

from ...bank.loader import Problem

FORM = "_form"  # errors that belong to no single field: shown above the form


class SaveRejected(Exception):
    """Nothing was written; `errors` maps a field key to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


class Conflict(Exception):
    """The object changed since the form was opened; the save was refused."""


def add(errors: dict[str, list[str]], key: str, message: str) -> None:
    messages = errors.setdefault(key, [])
    if message not in messages:
        messages.append(message)


def describe(item: dict) -> str:
    """A pydantic error in words for the person filling the form."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind in ("missing", "string_too_short", "string_type") and not item.get("input"):
        return _("Заполните это поле.")
    if kind == "string_too_short":
        return _("Заполните это поле.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Введите целое число.")
    if kind == "greater_than_equal":
        return _("Не меньше %(n)s.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("Не больше %(n)s.", n=ctx.get("le"))
    if kind == "too_short":
        return _("Нужно не меньше %(n)s.", n=ctx.get("min_length"))
    if kind == "bool_parsing":
        return _("Ожидается да или нет.")
    if kind == "extra_forbidden":
        return _("Такого поля нет в формате банка.")
    if kind == "string_pattern_mismatch":
        return _("Значение «%(value)s» не подходит по формату.", value=item.get("input"))
    message = str(item["msg"]).removeprefix("Value error, ")
    if message.startswith("duplicate option id"):
        return _("Два варианта с одинаковым идентификатором: %(ids)s.", ids=message.split(": ")[-1])
    if message.startswith("two options have the same text"):
        return _("Два варианта ответа с одинаковым текстом.")
    if "is not one of the options" in message:
        return _("Правильный ответ должен быть одним из вариантов.")
    if message.startswith("exactly one correct option"):
        return _("Нужен ровно один правильный вариант.")
    return message


def from_validation(
    error: ValidationError, key_of: callable, errors: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Group pydantic's errors by form field; `key_of(loc, item)` names the field."""
    errors = {} if errors is None else errors
    for item in error.errors():
        loc = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function")))
        add(errors, key_of(loc, item), describe(item))
    return errors


_ABOVE_MAX = re.compile(r"pass_score: (\d+) is above the maximum score (\d+)")


def from_problems(
    problems: Iterable[Problem], key_of: callable, errors: dict[str, list[str]] | None = None
) -> dict[str, list[str]]:
    """Problems of the whole-bank check: the known ones in words, the rest as the validator
    prints them (file, line, question), above the form."""
    errors = {} if errors is None else errors
    for problem in problems:
        message = problem.message
        if found := _ABOVE_MAX.search(message):
            add(
                errors,
                key_of(problem) or "pass_score",
                _(
                    "Проходной балл %(score)s больше максимума банка (%(max)s): "
                    "уменьшите проходной балл или верните вопросы.",
                    score=found.group(1),
                    max=found.group(2),
                ),
            )
        elif "duplicate question id" in message:
            add(
                errors,
                key_of(problem) or FORM,
                _("Вопрос с таким идентификатором уже есть в банке."),
            )
        else:
            add(errors, key_of(problem) or FORM, str(problem))
    return errors
