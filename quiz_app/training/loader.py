"""Reads the lesson files (Markdown with YAML front matter) and reports problems by file and line.

A lesson file looks like this:

    ---
    id: mail
    title: Почта
    block: mail
    order: 40
    summary: One or two sentences for the lesson list.
    ---
    ## Markdown from here on
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pydantic import ValidationError

from ..yamlfile import Problem, YamlDocument, display_path
from .rendering import render_markdown
from .schema import LessonMeta

FENCE = "---"
LESSON_GLOB = "*.md"


class LessonsInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    block: str | None
    related_blocks: tuple[str, ...]
    order: int
    summary: str
    file: str
    html: Markup
    # Line of each front matter key, for messages that point at a field (`block: …`).
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def blocks(self) -> tuple[str, ...]:
        """Every block the lesson helps with, its own block first."""
        return ((self.block,) if self.block else ()) + self.related_blocks


@dataclass(frozen=True)
class Catalog:
    """All lessons of a directory, in reading order (`order`, then id)."""

    lessons: tuple[Lesson, ...]
    directory: str

    def get(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def for_block(self, block_id: str) -> list[Lesson]:
        """Lessons that prepare for a block: the ones written for it, then related ones."""
        own = [lesson for lesson in self.lessons if lesson.block == block_id]
        related = [lesson for lesson in self.lessons if block_id in lesson.related_blocks]
        return own + related

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        index = self.lessons.index(lesson)
        previous = self.lessons[index - 1] if index > 0 else None
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return previous, following


def directory_signature(directory: str | os.PathLike) -> tuple:
    """Cheap to compute: names, sizes and modification times of the lesson files."""
    try:
        entries = sorted(Path(directory).glob(LESSON_GLOB))
        return tuple((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries)
    except OSError:
        return ()


def load_lesson(path: Path) -> Lesson:
    """Parse, validate and render one lesson file. Raises LessonsInvalid."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LessonsInvalid([Problem(name, None, f"cannot be read: {exc}")]) from exc
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise LessonsInvalid(
            [Problem(name, 1, f"front matter missing: the file must start with a '{FENCE}' line")]
        )
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if closing is None:
        raise LessonsInvalid([Problem(name, 1, f"front matter is not closed by a '{FENCE}' line")])

    front = YamlDocument(path, "lesson front matter", text="".join(lines[1:closing]), first_line=2)
    problems = list(front.problems)
    meta: LessonMeta | None = None
    if front.data is not None:
        try:
            meta = LessonMeta.model_validate(front.data)
        except ValidationError as exc:
            problems += front.validation_problems(exc)
    body = "".join(lines[closing + 1 :])
    if not body.strip():
        problems.append(Problem(name, closing + 1, "lesson text after the front matter is empty"))
    if problems or meta is None:
        raise LessonsInvalid(problems)

    key_lines = {path[0]: line for path, line in front.lines.items() if len(path) == 1}
    return Lesson(
        id=meta.id,
        title=meta.title,
        block=meta.block,
        related_blocks=tuple(meta.related_blocks),
        order=meta.order,
        summary=meta.summary,
        file=name,
        html=render_markdown(body),
        key_lines=key_lines,
    )


def load_lessons(directory: str | os.PathLike) -> Catalog:
    """Load every lesson of a directory. Raises LessonsInvalid listing every problem found."""
    root = Path(directory)
    if not root.is_dir():
        raise LessonsInvalid([Problem(display_path(root), None, "lesson directory not found")])
    paths = sorted(root.glob(LESSON_GLOB))
    if not paths:
        raise LessonsInvalid([Problem(display_path(root), None, "no lesson files (*.md) found")])

    problems: list[Problem] = []
    lessons: list[Lesson] = []
    first_seen: dict[str, Lesson] = {}
    for path in paths:
        try:
            lesson = load_lesson(path)
        except LessonsInvalid as exc:
            problems += exc.problems
            continue
        if lesson.id in first_seen:
            earlier = first_seen[lesson.id]
            problems.append(
                Problem(
                    lesson.file,
                    lesson.key_lines.get("id"),
                    f"id: lesson id '{lesson.id}' is already used by {earlier.file}",
                )
            )
            continue
        first_seen[lesson.id] = lesson
        lessons.append(lesson)
    if problems:
        raise LessonsInvalid(problems)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return Catalog(tuple(lessons), str(root))


def check_blocks(catalog: Catalog, blocks: list[tuple[str, str]]) -> list[Problem]:
    """Lessons against the exam: every block id they name exists, every block has a lesson.

    `blocks` is the bank's (block id, block file) pairs in exam order.
    """
    known = {block_id for block_id, _ in blocks}
    problems = []
    for lesson in catalog.lessons:
        if lesson.block is not None and lesson.block not in known:
            problems.append(
                Problem(
                    lesson.file,
                    lesson.key_lines.get("block"),
                    f"block: '{lesson.block}' is not a block of the exam "
                    f"({', '.join(sorted(known))})",
                )
            )
        for related in lesson.related_blocks:
            if related not in known:
                problems.append(
                    Problem(
                        lesson.file,
                        lesson.key_lines.get("related_blocks"),
                        f"related_blocks: '{related}' is not a block of the exam",
                    )
                )
    covered = {lesson.block for lesson in catalog.lessons}
    for block_id, block_file in blocks:
        if block_id not in covered:
            problems.append(
                Problem(
                    display_path(Path(catalog.directory)),
                    None,
                    f"no lesson has 'block: {block_id}' (exam block from {block_file})",
                )
            )
    return problems
