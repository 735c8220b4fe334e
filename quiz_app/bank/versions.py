"""Maps the questions of a loaded bank to their stored version rows, creating missing ones."""

from __future__ import annotations

from sqlalchemy import select, tuple_

from ..clock import now
from ..extensions import db
from ..sql import dialect_insert
from .loader import Bank, question_content, question_hash
from .models import QuestionVersion


def _insert_ignoring_duplicates(rows: list[dict]) -> None:
    """Concurrent first attempts may both insert a version; the unique key keeps one."""
    stmt = (
        dialect_insert(QuestionVersion)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["question_id", "content_hash"])
    )
    db.session.execute(stmt)


# Content hashes of recently seen banks, by bank fingerprint: a bank never changes once loaded,
# and hashing all of its questions again on every exam start was most of the start's CPU.
_HASHES: dict[str, dict[str, str]] = {}


def _hashes(bank: Bank) -> dict[str, str]:
    hashes = _HASHES.get(bank.fingerprint)
    if hashes is None:
        hashes = {
            question.id: question_hash(question)
            for loaded in bank.blocks
            for question in loaded.block.questions
        }
        if len(_HASHES) >= 8:
            _HASHES.clear()
        _HASHES[bank.fingerprint] = hashes
    return hashes


def version_ids(bank: Bank) -> dict[str, int]:
    """question id -> QuestionVersion.id for every question of the bank."""
    hashes = _hashes(bank)
    wanted = {}
    for loaded in bank.blocks:
        for question in loaded.block.questions:
            wanted[(question.id, hashes[question.id])] = (loaded.block, question)
    keys = list(wanted)
    found = _lookup(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        created = now()
        _insert_ignoring_duplicates(
            [
                {
                    "question_id": qid,
                    "content_hash": digest,
                    "block_id": wanted[(qid, digest)][0].id,
                    "block_title": wanted[(qid, digest)][0].title,
                    "content": question_content(wanted[(qid, digest)][1]),
                    "created_at": created,
                }
                for qid, digest in missing
            ]
        )
        found.update(_lookup(missing))
    return {qid: version_id for (qid, _), version_id in found.items()}


def _lookup(keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        rows = db.session.execute(
            select(
                QuestionVersion.question_id, QuestionVersion.content_hash, QuestionVersion.id
            ).where(tuple_(QuestionVersion.question_id, QuestionVersion.content_hash).in_(chunk))
        )
        found.update({(qid, digest): vid for qid, digest, vid in rows})
    return found
