"""Importing GIFT or Moodle XML questions into a block: the plan (a dry run) and applying it.

A question whose text matches one already in the block updates it (same id); the others are
added with the next free ids. Questions the bank cannot hold are skipped, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError

from ... import audit
from ...auth.models import User
from ...bank.checks import refers_to_other_options
from ...bank.loader import BankInvalid
from ...bank.schema import Block, Question
from ...bank.writer import block_to_yaml
from . import history, store
from .drafts import suggest_id
from .field_errors import Conflict, SaveRejected, describe, from_problems
from .formats import FileRejected, ParsedQuestion, ParseResult, SkippedQuestion, excerpt
from .gift import parse_gift
from .models import RevisionAction
from .moodle_xml import parse_moodle_xml
from .questions import find_block

FORMATS = {"gift": "GIFT", "moodle_xml": "Moodle XML"}


@dataclass
class PlannedQuestion:
    source: ParsedQuestion
    question: Question
    before: Question | None = None  # set when the import changes an existing question


@dataclass
class ImportPlan:
    block: Block
    file_name: str
    token: str  # the block file's hash when planned: applying refuses a changed block
    added: list[PlannedQuestion] = field(default_factory=list)
    changed: list[PlannedQuestion] = field(default_factory=list)
    unchanged: list[PlannedQuestion] = field(default_factory=list)
    skipped: list[SkippedQuestion] = field(default_factory=list)
    new_block: Block | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)


def parse(fmt: str, data: bytes) -> ParseResult:
    if fmt == "gift":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileRejected(_l("Файл GIFT должен быть в кодировке UTF-8.")) from None
        return parse_gift(text)
    if fmt == "moodle_xml":
        return parse_moodle_xml(data)
    raise FileRejected(_l("Неизвестный формат: %(f)s", f=fmt))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def plan(fmt: str, data: bytes, block_id: str) -> ImportPlan:
    directory = store.bank_directory()
    try:
        bank = store.current_bank(directory)
    except BankInvalid as exc:
        raise SaveRejected(from_problems(exc.problems, lambda p: None)) from None
    loaded = find_block(bank, block_id)
    file_name = Path(loaded.file).name
    text = (directory / file_name).read_text(encoding="utf-8")
    block = store.read_block(directory / file_name)
    parsed = parse(fmt, data)
    result = ImportPlan(block, file_name, store.text_token(text), skipped=list(parsed.skipped))

    questions = list(block.questions)
    by_text = {_key(q.text): i for i, q in enumerate(questions)}
    working = block
    for source in parsed.questions:
        position = by_text.get(_key(source.text))
        existing = questions[position] if position is not None else None
        data_ = _question_data(source, existing, fmt)
        if existing is None:
            data_["id"] = suggest_id(bank, working)
        try:
            question = Question.model_validate(data_)
        except ValidationError as exc:
            reasons = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or '—'}: {describe(e)}" for e in exc.errors()
            )
            result.skipped.append(
                SkippedQuestion(
                    source.number,
                    source.title,
                    excerpt(source.text),
                    "invalid",
                    _("Не проходит проверку банка: %(reasons)s", reasons=reasons),
                )
            )
            continue
        planned = PlannedQuestion(source, question, existing)
        if question.shuffle_options and any(
            option.pin is None and refers_to_other_options(option.text)
            for option in question.options
        ):
            # Neither format can pin one option (GIFT cannot even keep the order): say so.
            source.warnings.append(
                _l(
                    "Вариант ссылается на другие варианты, а варианты перемешиваются: "
                    "отметьте его «Всегда последним» в редакторе вопроса."
                )
            )
        if existing is None:
            questions.append(question)
            by_text[_key(question.text)] = len(questions) - 1
            result.added.append(planned)
        elif question == existing:
            result.unchanged.append(planned)
        else:
            questions[position] = question
            result.changed.append(planned)
        working = block.model_copy(update={"questions": questions})
    result.new_block = working
    return result


def _question_data(source: ParsedQuestion, existing: Question | None, fmt: str) -> dict:
    data = existing.model_dump(mode="json") if existing is not None else {}
    options = [{"id": chr(ord("a") + i), "text": t} for i, t in enumerate(source.options)]
    if existing is not None and [o.text for o in existing.options] == source.options:
        options = [o.model_dump(mode="json") for o in existing.options]
    explanation = source.explanation or (
        existing.explanation
        if existing is not None
        else _(
            "Пояснение не задано: вопрос импортирован из %(format)s («%(title)s»).",
            format=FORMATS[fmt],
            title=source.title,
        )
    )
    data.update(
        text=source.text,
        options=options,
        answer=options[source.correct]["id"] if len(options) > source.correct else "",
        explanation=explanation,
    )
    if source.shuffle_options is not None:
        data["shuffle_options"] = source.shuffle_options
    if source.points is not None:
        data["points"] = source.points
    elif existing is None:
        data["points"] = 1
    return data


def apply(fmt: str, data: bytes, block_id: str, token: str | None, author: User) -> ImportPlan:
    """Import for real; `token` (from a dry run) refuses a block changed since."""
    with store.write_lock():
        result = plan(fmt, data, block_id)
        if token and token != result.token:
            raise Conflict(block_id)
        if not result.has_changes:
            return result
        directory = store.bank_directory()
        new_text = block_to_yaml(result.new_block)
        try:
            validated = store.validate_with(directory, {result.file_name: new_text})
        except BankInvalid as exc:
            raise SaveRejected(from_problems(exc.problems, lambda p: None)) from None
        note = _("Импорт из %(format)s", format=FORMATS[fmt])
        for item in result.changed:
            history.record_change(
                result.block, item.before, item.question, RevisionAction.IMPORT, author, note
            )
        for item in result.added:
            history.record_change(
                result.block, None, item.question, RevisionAction.IMPORT, author, note
            )
        audit.record(
            author,
            f"bank.import.{fmt}",
            "block",
            block_id,
            None,
            {
                "added": [i.question.id for i in result.added],
                "changed": [i.question.id for i in result.changed],
                "skipped": [{"number": s.number, "reason": str(s.reason)} for s in result.skipped],
            },
        )
        store.write_files(directory, {result.file_name: new_text}, validated)
    return result
