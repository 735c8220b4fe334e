"""Creating, editing, retiring, moving and restoring questions: each one save of one block file.

A save holds the bank write lock, re-reads the block file, refuses a form opened on content
that has changed since (optimistic locking on `question_token`), validates the whole bank as
it would be after the change, records the versions and the audit entry, and only then replaces
the file. Any refusal leaves the files and the database as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from pydantic import ValidationError

from ... import audit
from ...auth.models import User
from ...bank.loader import Bank, BankInvalid, LoadedBlock, question_content
from ...bank.models import QuestionVersion
from ...bank.schema import Block, Question
from ...bank.writer import block_to_yaml
from . import history, store
from .drafts import Draft, build
from .field_errors import FORM, Conflict, SaveRejected, add, from_problems, from_validation
from .models import RevisionAction


class NotFound(LookupError):
    pass


class NothingChanged(Exception):
    pass


@dataclass(frozen=True)
class Located:
    loaded: LoadedBlock
    question: Question
    position: int

    @property
    def block(self) -> Block:
        return self.loaded.block

    @property
    def file_name(self) -> str:
        return Path(self.loaded.file).name


@dataclass(frozen=True)
class Saved:
    question: Question


# --- reading --------------------------------------------------------------------------------


def locate(bank: Bank, question_id: str) -> Located:
    for loaded in bank.blocks:
        for position, question in enumerate(loaded.block.questions):
            if question.id == question_id:
                return Located(loaded, question, position)
    raise NotFound(question_id)


def find_block(bank: Bank, block_id: str) -> LoadedBlock:
    for loaded in bank.blocks:
        if loaded.block.id == block_id:
            return loaded
    raise NotFound(block_id)


def preview(question_id: str | None, draft: Draft) -> Question:
    """Validate a draft without saving it, for the candidate's-eye preview."""
    base: dict[str, Any] = {}
    if question_id:
        base = locate(store.current_bank(), question_id).question.model_dump(mode="json")
    question, errors = build(base, draft)
    if question is None:
        raise SaveRejected(errors)
    return question


# --- saving --------------------------------------------------------------------------------


def _fresh(question_id: str) -> tuple[Path, Located, Block]:
    """The question's block as the file holds it now, read under the write lock."""
    directory = store.bank_directory()
    try:
        located = locate(store.current_bank(directory), question_id)
    except BankInvalid as exc:
        raise SaveRejected(from_problems(exc.problems, lambda p: None)) from None
    block = store.read_block(directory / located.file_name)
    return directory, located, block


def _question_in(block: Block, question_id: str) -> tuple[int, Question]:
    for position, question in enumerate(block.questions):
        if question.id == question_id:
            return position, question
    raise Conflict(question_id)


def _commit_block(
    directory: Path, file_name: str, new_block: Block, question_id: str | None = None
) -> Bank:
    """Validate the bank with the block's new text; raise SaveRejected with mapped errors."""
    try:
        return store.validate_with(directory, {file_name: block_to_yaml(new_block)})
    except BankInvalid as exc:

        def key_of(problem) -> str | None:
            mine = question_id and problem.question_id == question_id
            return "id" if mine and problem.message.startswith("id:") else None

        raise SaveRejected(from_problems(exc.problems, key_of)) from None


def _replace(block: Block, position: int, question: Question | None) -> Block:
    questions = list(block.questions)
    if question is None:
        del questions[position]
    else:
        questions[position] = question
    return block.model_copy(update={"questions": questions})


def edit(question_id: str, token: str, draft: Draft, author: User) -> Saved:
    with store.write_lock():
        directory, located, block = _fresh(question_id)
        position, current = _question_in(block, question_id)
        if store.question_token(current) != token:
            raise Conflict(question_id)
        draft.question_id = ""  # ids are stable: attempts and statistics refer to them
        question, errors = build(current.model_dump(mode="json"), draft)
        if question is None:
            raise SaveRejected(errors)
        if question == current:
            raise NothingChanged
        new_block = _replace(block, position, question)
        validated = _commit_block(directory, located.file_name, new_block, question_id)
        history.record_change(
            block, current, question, RevisionAction.EDIT, author, draft.note.strip()
        )
        audit.record(
            author,
            "bank.question.edit",
            "question",
            question_id,
            current.model_dump(mode="json"),
            question.model_dump(mode="json"),
        )
        store.write_files(directory, {located.file_name: block_to_yaml(new_block)}, validated)
    return Saved(question)


def create(block_id: str, draft: Draft, author: User) -> Saved:
    with store.write_lock():
        directory = store.bank_directory()
        try:
            bank = store.current_bank(directory)
        except BankInvalid as exc:
            raise SaveRejected(from_problems(exc.problems, lambda p: None)) from None
        loaded = find_block(bank, block_id)
        file_name = Path(loaded.file).name
        block = store.read_block(directory / file_name)
        question, errors = build({}, draft)
        if question is not None and bank.find(question.id) is not None:
            add(errors, "id", _("Вопрос с таким идентификатором уже есть в банке."))
            question = None
        if question is None:
            raise SaveRejected(errors)
        new_block = block.model_copy(update={"questions": [*block.questions, question]})
        validated = _commit_block(directory, file_name, new_block, question.id)
        history.record_change(
            block, None, question, RevisionAction.CREATE, author, draft.note.strip()
        )
        audit.record(
            author,
            "bank.question.create",
            "question",
            question.id,
            None,
            question.model_dump(mode="json"),
        )
        store.write_files(directory, {file_name: block_to_yaml(new_block)}, validated)
    return Saved(question)


def set_retired(question_id: str, token: str, retired: bool, author: User, note: str = "") -> Saved:
    with store.write_lock():
        directory, located, block = _fresh(question_id)
        position, current = _question_in(block, question_id)
        if store.question_token(current) != token:
            raise Conflict(question_id)
        if current.retired == retired:
            raise NothingChanged
        question = current.model_copy(update={"retired": retired})
        new_block = _replace(block, position, question)
        validated = _commit_block(directory, located.file_name, new_block, question_id)
        action = RevisionAction.RETIRE if retired else RevisionAction.UNRETIRE
        history.record_change(block, current, question, action, author, note.strip())
        audit.record(
            author,
            f"bank.question.{action}",
            "question",
            question_id,
            {"retired": current.retired},
            {"retired": retired},
        )
        store.write_files(directory, {located.file_name: block_to_yaml(new_block)}, validated)
    return Saved(question)


def move(question_id: str, offset: int, author: User) -> Saved:
    """Move a question up (-1) or down (+1) within its block."""
    with store.write_lock():
        directory, located, block = _fresh(question_id)
        position, current = _question_in(block, question_id)
        target = position + offset
        if not 0 <= target < len(block.questions):
            raise NothingChanged
        questions = list(block.questions)
        questions.insert(target, questions.pop(position))
        new_block = block.model_copy(update={"questions": questions})
        validated = _commit_block(directory, located.file_name, new_block, question_id)
        audit.record(
            author,
            "bank.question.move",
            "question",
            question_id,
            {"position": position + 1},
            {"position": target + 1},
        )
        store.write_files(directory, {located.file_name: block_to_yaml(new_block)}, validated)
    return Saved(current)


def restore_version(question_id: str, version: QuestionVersion, token: str, author: User) -> Saved:
    """Write an old version's content back as a new save (validated like any other)."""
    with store.write_lock():
        directory, located, block = _fresh(question_id)
        position, current = _question_in(block, question_id)
        if store.question_token(current) != token:
            raise Conflict(question_id)
        full = current.model_dump(mode="json")
        # Keep what versions do not record (the retired flag, editorial links); take the rest
        # from the version, dropping content fields the old version did not have.
        metadata = {k: v for k, v in full.items() if k not in question_content(current)}
        try:
            question = Question.model_validate({**metadata, **version.content})
        except ValidationError as exc:
            raise SaveRejected(from_validation(exc, lambda loc, item: FORM)) from None
        if question == current:
            raise NothingChanged
        new_block = _replace(block, position, question)
        validated = _commit_block(directory, located.file_name, new_block, question_id)
        note = _("Восстановлена версия №%(id)s", id=version.id)
        history.record_change(block, current, question, RevisionAction.RESTORE, author, note)
        audit.record(
            author,
            "bank.question.restore",
            "question",
            question_id,
            current.model_dump(mode="json"),
            {**question.model_dump(mode="json"), "restored_version_id": version.id},
        )
        store.write_files(directory, {located.file_name: block_to_yaml(new_block)}, validated)
    return Saved(question)
