"""Question versions written by the editor, the revision log, and readable diffs between them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from ...auth.models import User
from ...bank.loader import question_content, question_hash
from ...bank.models import QuestionVersion
from ...bank.schema import Block, Question
from ...bank.writer import to_yaml
from ...clock import now
from ...extensions import db
from ...sql import dialect_insert
from .models import QuestionRevision, RevisionAction


def ensure_version(
    block: Block, question: Question, author: User | None = None, note: str | None = None
) -> QuestionVersion:
    """The version row of this content, created (with its author) if it is new.

    The same insert-or-ignore as the exam uses, so an editor save and a first exam start that
    meet on one new content agree on one row.
    """
    digest = question_hash(question)
    db.session.execute(
        dialect_insert(QuestionVersion)
        .values(
            question_id=question.id,
            content_hash=digest,
            block_id=block.id,
            block_title=block.title,
            content=question_content(question),
            created_at=now(),
            author_id=author.id if author is not None else None,
            note=note or None,
        )
        .on_conflict_do_nothing(index_elements=["question_id", "content_hash"])
    )
    return db.session.scalars(
        select(QuestionVersion).where(
            QuestionVersion.question_id == question.id, QuestionVersion.content_hash == digest
        )
    ).one()


def latest_revision(question_id: str) -> QuestionRevision | None:
    return db.session.scalars(
        select(QuestionRevision)
        .where(QuestionRevision.question_id == question_id)
        .order_by(QuestionRevision.id.desc())
        .limit(1)
    ).first()


def record_change(
    block: Block,
    before: Question | None,
    after: Question,
    action: str,
    author: User | None,
    note: str | None = None,
    before_block: Block | None = None,
) -> QuestionRevision:
    """Record one saved change: the versions before and after, and a revision between them.

    When the file had changed outside the editor since the last recorded revision, that
    change is recorded first (without an author), so consecutive revisions always diff.
    """
    previous = ensure_version(before_block or block, before) if before is not None else None
    last = latest_revision(after.id)
    if previous is not None and last is not None and last.version_id != previous.id:
        db.session.add(
            QuestionRevision(
                question_id=after.id,
                block_id=block.id,
                version_id=previous.id,
                previous_version_id=last.version_id,
                author_id=None,
                created_at=now(),
                action=RevisionAction.EXTERNAL,
            )
        )
    current = ensure_version(block, after, author, note)
    revision = QuestionRevision(
        question_id=after.id,
        block_id=block.id,
        version_id=current.id,
        previous_version_id=previous.id if previous is not None else None,
        author_id=author.id if author is not None else None,
        created_at=now(),
        action=action,
        note=note or None,
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def revisions_of(question_id: str) -> list[QuestionRevision]:
    return list(
        db.session.scalars(
            select(QuestionRevision)
            .where(QuestionRevision.question_id == question_id)
            .order_by(QuestionRevision.id.desc())
        )
    )


def versions_of(question_id: str) -> list[QuestionVersion]:
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.question_id == question_id)
            .order_by(QuestionVersion.created_at.desc(), QuestionVersion.id.desc())
        )
    )


def version_of(question_id: str, version_id: int) -> QuestionVersion | None:
    version = db.session.get(QuestionVersion, version_id)
    if version is None or version.question_id != question_id:
        return None
    return version


def authors(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


# --- diffs -----------------------------------------------------------------------------


def content_yaml(content: dict | None) -> str:
    """A version's content in the layout of the bank files, so a diff reads like `git diff`."""
    return to_yaml(content) if content else ""


@dataclass
class DiffLine:
    kind: str  # "same", "removed", "added", "gap"
    text: str = ""
    # For a changed line, the words: (changed?, text) pairs, to highlight what differs.
    words: list[tuple[bool, str]] = field(default_factory=list)


_WORD = re.compile(r"\s+|[\w-]+|[^\w\s]", re.UNICODE)


def _word_pair(old: str, new: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    left: list[tuple[bool, str]] = []
    right: list[tuple[bool, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append((False, "".join(a[i1:i2])))
            right.append((False, "".join(b[j1:j2])))
        else:
            if i2 > i1:
                left.append((True, "".join(a[i1:i2])))
            if j2 > j1:
                right.append((True, "".join(b[j1:j2])))
    return left, right


def diff_lines(old: str, new: str, context: int = 2) -> list[DiffLine]:
    """A line diff of two texts with the changed words of each changed line marked."""
    a, b = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", line) for line in a[i1:i2]]
                continue
            removed, added = a[i1:i2], b[j1:j2]
            if tag == "replace" and len(removed) == len(added):
                pairs = [_word_pair(x, y) for x, y in zip(removed, added, strict=True)]
                lines += [DiffLine("removed", x, w[0]) for x, w in zip(removed, pairs, strict=True)]
                lines += [DiffLine("added", y, w[1]) for y, w in zip(added, pairs, strict=True)]
            else:
                lines += [DiffLine("removed", x, [(True, x)]) for x in removed]
                lines += [DiffLine("added", y, [(True, y)]) for y in added]
    return lines


def unified_diff(old: str, new: str, old_name: str = "before", new_name: str = "after") -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
        )
    )


def revision_diff(revision: QuestionRevision) -> list[DiffLine]:
    old = revision.previous_version.content if revision.previous_version else None
    return diff_lines(content_yaml(old), content_yaml(revision.version.content))
