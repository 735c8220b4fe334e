"""Publishing: freezing the draft (the bank's files) into a new exam version, and rollbacks.

Used by the admin page and by `flask publish-bank`. A publish names the version it was based
on; the new version's number is that one plus one and numbers are unique, so when two admins
publish from the same base, the database lets exactly one of them through (optimistic lock).
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..auth.models import User
from ..clock import now
from ..extensions import db
from .loader import Bank, question_hash
from .models import ExamVersion, ExamVersionQuestion, QuestionVersion
from .versions import version_ids

NOTE_MAX = 500


class PublishRefused(Exception):
    """code: note | stale | unchanged | unknown_version"""

    def __init__(self, code: str, latest: int | None = None):
        self.code = code
        self.latest = latest
        super().__init__(code)


def latest_version() -> ExamVersion | None:
    return db.session.scalars(
        select(ExamVersion).order_by(ExamVersion.number.desc()).limit(1)
    ).first()


def all_versions() -> list[ExamVersion]:
    return list(db.session.scalars(select(ExamVersion).order_by(ExamVersion.number.desc())))


def version_by_number(number: int) -> ExamVersion | None:
    return db.session.scalars(select(ExamVersion).where(ExamVersion.number == number)).first()


def block_records(bank: Bank) -> list[dict]:
    records = []
    for loaded, name in zip(bank.blocks, bank.settings.blocks, strict=True):
        record = {"id": loaded.block.id, "title": loaded.block.title, "file": name}
        # Only when set, so a bank without English titles keeps its fingerprint.
        if loaded.block.title_en:
            record["title_en"] = loaded.block.title_en
        records.append(record)
    return records


def _fingerprint(settings: dict, blocks: list[dict], members: list[tuple[str, str, str]]) -> str:
    """Equal for equal settings, blocks and (block, question, content hash) in order."""
    canonical = json.dumps([settings, blocks, members], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def draft_fingerprint(bank: Bank) -> str:
    members = [(b.id, q.id, question_hash(q)) for b, q in bank.questions]
    return _fingerprint(bank.settings.model_dump(mode="json"), block_records(bank), members)


def is_published(bank: Bank) -> bool:
    latest = latest_version()
    return latest is not None and latest.fingerprint == draft_fingerprint(bank)


def _clean_note(note: str) -> str:
    note = " ".join((note or "").split())
    if not note or len(note) > NOTE_MAX:
        raise PublishRefused("note")
    return note


def _check_base(based_on: int | None) -> ExamVersion | None:
    latest = latest_version()
    number = latest.number if latest is not None else None
    if number != based_on:
        raise PublishRefused("stale", number)
    return latest


def _insert_version(version: ExamVersion, members: list[tuple[str, int]]) -> ExamVersion:
    """Add the version and its members; a concurrent publish of the same number loses here."""
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise PublishRefused("stale", version.number - 1) from None
    db.session.execute(
        ExamVersionQuestion.__table__.insert(),
        [
            {
                "exam_version_id": version.id,
                "position": position,
                "block_id": block_id,
                "question_version_id": version_id,
            }
            for position, (block_id, version_id) in enumerate(members)
        ],
    )
    return version


def _audit(actor: User | None, version: ExamVersion, based_on: ExamVersion | None) -> None:
    def facts(v: ExamVersion | None):
        if v is None:
            return None
        return {
            "number": v.number,
            "questions": v.question_count,
            "max_score": v.max_score,
            "pass_score": v.pass_score,
            "time_limit_minutes": v.time_limit_minutes,
        }

    after = facts(version) | {"note": version.note}
    if version.source_version_id is not None:
        after["republishes"] = db.session.get(ExamVersion, version.source_version_id).number
    audit.record(actor, "exam.publish", "exam_version", version.number, facts(based_on), after)


def publish(bank: Bank, note: str, author: User | None, based_on: int | None) -> ExamVersion:
    """Publish a valid draft as version `based_on + 1`; commits.

    Raises PublishRefused: no note, another version was published since `based_on` (stale),
    or the draft is exactly the latest version (unchanged).
    """
    note = _clean_note(note)
    previous = _check_base(based_on)
    fingerprint = draft_fingerprint(bank)
    if previous is not None and previous.fingerprint == fingerprint:
        raise PublishRefused("unchanged", previous.number)
    ids = version_ids(bank)
    members = [(block.id, ids[question.id]) for block, question in bank.questions]
    version = ExamVersion(
        number=(based_on or 0) + 1,
        settings=bank.settings.model_dump(mode="json"),
        blocks=block_records(bank),
        question_count=bank.question_count,
        max_score=bank.max_score,
        fingerprint=fingerprint,
        created_at=now(),
        author_id=author.id if author is not None else None,
        note=note,
    )
    _insert_version(version, members)
    _audit(author, version, previous)
    db.session.commit()
    return version


def republish(number: int, note: str, author: User | None, based_on: int | None) -> ExamVersion:
    """Roll back: publish the content of version `number` again, as a new version; commits."""
    note = _clean_note(note)
    source = version_by_number(number)
    if source is None:
        raise PublishRefused("unknown_version")
    previous = _check_base(based_on)
    if previous is not None and previous.fingerprint == source.fingerprint:
        raise PublishRefused("unchanged", previous.number)
    members = db.session.execute(
        select(ExamVersionQuestion.block_id, ExamVersionQuestion.question_version_id)
        .where(ExamVersionQuestion.exam_version_id == source.id)
        .order_by(ExamVersionQuestion.position)
    ).all()
    version = ExamVersion(
        number=(based_on or 0) + 1,
        settings=source.settings,
        blocks=source.blocks,
        question_count=source.question_count,
        max_score=source.max_score,
        fingerprint=source.fingerprint,
        created_at=now(),
        author_id=author.id if author is not None else None,
        note=note,
        source_version_id=source.id,
    )
    _insert_version(version, [tuple(m) for m in members])
    _audit(author, version, previous)
    db.session.commit()
    return version


def member_versions(version: ExamVersion) -> list[QuestionVersion]:
    """The question versions of an exam version, in the exam's order."""
    return list(
        db.session.scalars(
            select(QuestionVersion)
            .join(
                ExamVersionQuestion,
                ExamVersionQuestion.question_version_id == QuestionVersion.id,
            )
            .where(ExamVersionQuestion.exam_version_id == version.id)
            .order_by(ExamVersionQuestion.position)
        )
    )


def question_version_ids(version_number: int) -> set[int] | None:
    """The question_version ids of one exam version (statistics filter by them); None if no
    such version."""
    version = version_by_number(version_number)
    if version is None:
        return None
    return set(
        db.session.scalars(
            select(ExamVersionQuestion.question_version_id).where(
                ExamVersionQuestion.exam_version_id == version.id
            )
        )
    )
