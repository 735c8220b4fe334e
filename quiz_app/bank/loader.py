"""Reads a question bank directory and validates it, reporting problems by file and line."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .schema import Block, ExamSettings, Question

SETTINGS_FILE = "exam.yaml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the bank, located as precisely as the file allows."""

    file: str
    line: int | None
    message: str
    question_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" [{self.question_id}]" if self.question_id else ""
        return f"{where}:{who} {self.message}"


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
    """What a version records: the content, without unset optional fields or the retired flag.

    Leaving out unset fields keeps hashes stable when the format gains an optional key.
    """
    return question.model_dump(mode="json", exclude={"retired"}, exclude_none=True)


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


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _Document:
    """A parsed YAML file with the line of every node, addressable by its data path."""

    def __init__(self, path: Path):
        self.path = path
        self.name = _display(path)
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.data: Any = None
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(self.name, None, "file not found"))
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.problems.append(Problem(self.name, None, f"cannot be read: {exc}"))
            return
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                self.problems.append(Problem(self.name, 1, "file is empty"))
                return
            self._index(node, ())
            self.data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else None
            self.problems.append(Problem(self.name, line, f"YAML syntax error: {exc.problem}"))
        finally:
            loader.dispose()

    def _index(self, node: yaml.Node, path: tuple) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    self.problems.append(
                        Problem(self.name, key_node.start_mark.line + 1, f"duplicate key '{key}'")
                    )
                seen.add(key)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                self._index(value_node, (*path, key))
                # A key's own line is more useful than its value's for messages.
                self.lines[(*path, key)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._index(item, (*path, index))

    def line_of(self, loc: tuple) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None

    def question_id_at(self, loc: tuple) -> str | None:
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            try:
                qid = self.data["questions"][loc[1]]["id"]
            except (KeyError, IndexError, TypeError):
                return None
            return str(qid) if qid is not None else None
        return None

    def validation_problems(self, error: ValidationError) -> list[Problem]:
        problems = []
        for item in error.errors():
            loc = tuple(part for part in item["loc"] if part not in ("function-after",))
            field = ".".join(str(p) for p in loc) or "(document)"
            problems.append(
                Problem(
                    self.name,
                    self.line_of(loc),
                    f"{field}: {_describe(item)}",
                    self.question_id_at(loc),
                )
            )
        return problems


def _describe(item: dict) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown key (not part of the bank format)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        return f"'{item.get('input')}' does not match the expected pattern {ctx.get('pattern')}"
    message = item["msg"]
    return message.removeprefix("Value error, ")


def load_bank(directory: str | os.PathLike) -> Bank:
    """Load and validate a whole bank. Raises BankInvalid listing every problem found."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise BankInvalid([Problem(_display(root), None, "question bank directory not found")])

    settings_doc = _Document(root / SETTINGS_FILE)
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
    first_seen: dict[str, str] = {}
    block_ids: dict[str, str] = {}
    for index, name in enumerate(settings.blocks):
        doc = _Document(root / name)
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
        digest.update(question_hash(question).encode())
    fingerprint = digest.hexdigest()
    return Bank(settings, tuple(loaded), str(root), fingerprint)
