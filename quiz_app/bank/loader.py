"""Reads a question bank directory and validates it, reporting problems by file and line."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

# Problem lives in yamlfile now; it is re-exported here for code that imports it from the bank.
from ..yamlfile import Problem, YamlDocument, display_path
from .checks import block_warnings
from .schema import Block, ExamSettings, Question

SETTINGS_FILE = "exam.yaml"


class BankInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedBlock:
    block: Block
    file: str
    question_lines: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Bank:
    settings: ExamSettings
    blocks: tuple[LoadedBlock, ...]
    directory: str
    fingerprint: str
    # Things to look at that do not make the bank invalid (validate-bank and the editor show them).
    warnings: tuple[Problem, ...] = ()

    @property
    def questions(self) -> list[tuple[Block, Question]]:
        return [(lb.block, q) for lb in self.blocks for q in lb.block.active_questions]

    @property
    def question_count(self) -> int:
        return len(self.questions)

    @property
    def max_score(self) -> int:
        return sum(q.points for _, q in self.questions)

    def find(self, question_id: str) -> tuple[Block, Question] | None:
        for block, question in ((lb.block, q) for lb in self.blocks for q in lb.block.questions):
            if question.id == question_id:
                return block, question
        return None


def question_content(question: Question) -> dict:
    """What a version records: the content, without unset optional fields or editorial metadata.

    Leaving out unset fields keeps hashes stable when the format gains an optional key. The
    retired flag and the tariff-reference link change nothing a candidate sees or is scored on,
    so setting them must not create new versions either. Pins and `shuffle_options: false` are
    content: they decide the order a candidate sees, and a version must reproduce it.
    """
    content = question.model_dump(mode="json", exclude={"retired", "reference"}, exclude_none=True)
    if question.shuffle_options:  # the default, left out like an unset field
        del content["shuffle_options"]
    return content


def question_hash(question: Question) -> str:
    """A content hash: equal for equal content, whatever the YAML formatting was."""
    canonical = json.dumps(question_content(question), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def directory_signature(directory: str | os.PathLike) -> tuple:
    """Cheap to compute: names, sizes and modification times of the YAML files."""
    path = Path(directory)
    try:
        entries = sorted(path.glob("*.y*ml"))
        return tuple((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries)
    except OSError:
        return ()


class _BankDocument(YamlDocument):
    """A bank file; problems inside a question also name the question's id."""

    def __init__(self, path: Path):
        super().__init__(path, format_name="bank")

    def question_id_at(self, loc: tuple) -> str | None:
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            try:
                qid = self.data["questions"][loc[1]]["id"]
            except (KeyError, IndexError, TypeError):
                return None
            return str(qid) if qid is not None else None
        return None

    def validation_problems(self, error: ValidationError) -> list[Problem]:
        return super().validation_problems(error, self.question_id_at)


def load_bank(directory: str | os.PathLike) -> Bank:
    """Load and validate a whole bank. Raises BankInvalid listing every problem found."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise BankInvalid([Problem(display_path(root), None, "question bank directory not found")])

    settings_doc = _BankDocument(root / SETTINGS_FILE)
    problems += settings_doc.problems
    settings: ExamSettings | None = None
    if settings_doc.data is not None:
        try:
            settings = ExamSettings.model_validate(settings_doc.data)
        except ValidationError as exc:
            problems += settings_doc.validation_problems(exc)
    if settings is None:
        raise BankInvalid(problems)

    listed = set(settings.blocks)
    for stray in sorted(p.name for p in root.glob("*.y*ml")):
        if stray != SETTINGS_FILE and stray not in listed:
            problems.append(
                Problem(
                    settings_doc.name,
                    settings_doc.line_of(("blocks",)),
                    f"blocks: file {stray} is in the bank directory but not listed here",
                )
            )

    loaded: list[LoadedBlock] = []
    warnings: list[Problem] = []
    first_seen: dict[str, str] = {}
    block_ids: dict[str, str] = {}
    for index, name in enumerate(settings.blocks):
        doc = _BankDocument(root / name)
        if doc.problems and doc.data is None and not (root / name).exists():
            problems.append(
                Problem(
                    settings_doc.name,
                    settings_doc.line_of(("blocks", index)),
                    f"blocks: listed file {name} does not exist",
                )
            )
            continue
        problems += doc.problems
        if doc.data is None:
            continue
        try:
            block = Block.model_validate(doc.data)
        except ValidationError as exc:
            problems += doc.validation_problems(exc)
            continue
        if block.id in block_ids:
            problems.append(
                Problem(
                    doc.name,
                    doc.line_of(("id",)),
                    f"id: block id '{block.id}' is already used by {block_ids[block.id]}",
                )
            )
        block_ids[block.id] = doc.name
        question_lines = {}
        for position, question in enumerate(block.questions):
            line = doc.line_of(("questions", position))
            question_lines[question.id] = line
            where = f"{doc.name}:{line}"
            if question.id in first_seen:
                problems.append(
                    Problem(
                        doc.name,
                        doc.line_of(("questions", position, "id")),
                        f"id: duplicate question id, first defined at {first_seen[question.id]}",
                        question.id,
                    )
                )
            else:
                first_seen[question.id] = where
        loaded.append(LoadedBlock(block, doc.name, question_lines))
        warnings += block_warnings(block, doc)

    if problems:
        raise BankInvalid(problems)

    max_score = sum(q.points for lb in loaded for q in lb.block.active_questions)
    if settings.pass_score > max_score:
        problems.append(
            Problem(
                settings_doc.name,
                settings_doc.line_of(("pass_score",)),
                f"pass_score: {settings.pass_score} is above the maximum score {max_score}",
            )
        )
        raise BankInvalid(problems)

    digest = hashlib.sha256(settings.model_dump_json().encode())
    for question in (q for lb in loaded for q in lb.block.questions):
        # Retiring is not content (the hash leaves it out) but it changes the exam.
        digest.update(question_hash(question).encode() + (b"r" if question.retired else b"a"))
    fingerprint = digest.hexdigest()
    return Bank(settings, tuple(loaded), str(root), fingerprint, tuple(warnings))
