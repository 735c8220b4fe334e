"""Closing attempts: submit, expire, the periodic sweep, and scoring exactly once."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, case, select, update

from .. import links
from ..auth.models import User
from ..bank.models import QuestionVersion
from ..clock import now
from ..extensions import db
from ..mail import outbox
from ..sql import among
from . import scoring
from .models import Attempt, AttemptItem, FinishReason, Status
from .signals import FinalizedAttempt, attempts_finalized

_items = AttemptItem.__table__
_attempts = Attempt.__table__

# How many expired attempts the sweep closes per transaction. Larger batches mean fewer
# commits, but on SQLite the batch holds the database's write lock while it is scored.
FINALIZE_BATCH = 50

_RECORD_SCORE = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("b_id"))
    .values(score=bindparam("b_score"), passed=bindparam("b_passed"))
)


def grace() -> timedelta:
    """How long after the deadline an answer in flight is still accepted."""
    return timedelta(seconds=current_app.config["LATE_ANSWER_GRACE_SECONDS"])


def submit(attempt: Attempt) -> bool:
    """Close an open attempt at the candidate's request; True when it passed.

    The outcome comes from the transaction that closed it, not from reading the row back.
    Only when another request closed it first is the row read again, for that one's outcome.
    """
    # Submitted after 0:00 (the page finishes it itself once its last answers are sent):
    # the time ran out, and the attempt finished at its deadline.
    late = now() > attempt.deadline
    closed = _close(attempt.id, FinishReason.EXPIRED if late else FinishReason.SUBMITTED)
    if closed is not None:
        return closed.passed
    db.session.refresh(attempt)
    return bool(attempt.passed)


def finalize_if_expired(attempt: Attempt) -> bool:
    """Finalize an attempt whose time and grace are up. True when this call finalized it.

    Within the grace period a page view leaves the attempt open: answers still in flight, or
    queued by a page that was offline at 0:00, are accepted until the grace ends.
    """
    if attempt.is_open and now() > attempt.deadline + grace():
        finalized = finalize(attempt.id, FinishReason.EXPIRED)
        db.session.refresh(attempt)
        return finalized
    return False


def finalize(attempt_id: int, reason: FinishReason) -> bool:
    """Close and score an attempt exactly once, however many requests race to do it.

    The conditional UPDATE is the arbiter: only the request that flips the status scores.
    """
    return _close(attempt_id, reason) is not None


def _close(attempt_id: int, reason: FinishReason) -> FinalizedAttempt | None:
    """finalize(), giving what it wrote; None when the attempt was already closed."""
    closed = _finalize_batch([attempt_id], reason, _version_facts())
    return closed[0] if closed else None


def finalize_expired() -> int:
    """The periodic sweep: finalize every open attempt whose deadline and grace have passed.

    Attempts are closed in batches, one transaction each. If a batch fails, its attempts are
    retried one by one, so one attempt that cannot be finalized does not hold back the rest
    of its batch (the error is still raised, as before).
    """
    cutoff = now() - grace()
    ids = list(
        db.session.scalars(
            select(Attempt.id)
            .where(Attempt.status == Status.IN_PROGRESS, Attempt.deadline < cutoff)
            .order_by(Attempt.id)
        )
    )
    db.session.rollback()
    versions = _version_facts()
    finalized = 0
    for start in range(0, len(ids), FINALIZE_BATCH):
        batch = ids[start : start + FINALIZE_BATCH]
        try:
            finalized += len(_finalize_batch(batch, FinishReason.EXPIRED, versions))
        except Exception:
            db.session.rollback()
            finalized += sum(finalize(attempt_id, FinishReason.EXPIRED) for attempt_id in batch)
    return finalized


def _version_facts() -> dict:
    """(block title, points, answer) by question version id, kept for the app's lifetime.

    Versions are only ever inserted, never changed, so what was read once stays true; without
    this, every submission parsed the content of all 115 of its versions again.
    """
    return current_app.extensions.setdefault("exam.version_facts", {})


def _finalize_batch(
    attempt_ids: list[int], reason: FinishReason, versions: dict
) -> list[FinalizedAttempt]:
    """Score the still-open attempts among `attempt_ids`, then claim and record them in one
    transaction.

    Reading the items and scoring them come first, before any write: on SQLite the first
    write takes the database's write lock until the commit, and every answer save of every
    candidate waits for it, so the transaction that holds it only writes. The claiming UPDATE
    is still the arbiter: only the attempts whose status it flipped (RETURNING names them) are
    recorded here, so each attempt is scored by exactly one transaction. It returns each
    attempt's answer revision as it closes it; an attempt that took an answer after it was read
    (the revision moved on) is read and scored again, now that no answer can reach it.
    `versions` caches (block title, points, answer) by version id (see _version_facts).
    Returns the attempts this transaction closed, as it recorded them.
    """
    moment = now()
    read = _open_revisions(attempt_ids)
    if not read:
        db.session.rollback()
        return []
    pass_scores = {attempt_id: pass_score for attempt_id, (_, pass_score) in read.items()}
    scored = _score(list(read), pass_scores, versions)
    # SQLite writes only from a current snapshot: end the one the reads began (a commit, so
    # that nothing a caller left pending in the session is lost).
    db.session.commit()
    claimed = db.session.execute(_claim(list(read), reason, moment)).all()
    if not claimed:
        db.session.rollback()
        return []
    moved_on = [row.id for row in claimed if row.answer_revision != read[row.id][0]]
    if moved_on:
        scored.update(_score(moved_on, pass_scores, versions))
    finalized = []
    correct_by_points: dict[int, list[int]] = {}
    for attempt in sorted(claimed, key=lambda row: row.id):
        report, correct = scored[attempt.id]
        for points, item_ids in correct.items():
            correct_by_points.setdefault(points, []).extend(item_ids)
        finalized.append(
            FinalizedAttempt(
                attempt_id=attempt.id,
                user_id=attempt.user_id,
                finished_at=attempt.finished_at,
                max_score=attempt.max_score,
                report=report,
            )
        )
    claimed_ids = [row.id for row in claimed]
    # Every item ends up either right (true, its points) or wrong (false, 0 points): mark the
    # right ones by their points, then the rest, still unscored, as wrong. A few set-wise
    # UPDATEs, not one per item, and each item's row is written once.
    for points, item_ids in correct_by_points.items():
        db.session.execute(
            update(_items)
            .where(among(_items.c.id, item_ids))
            .values(is_correct=True, points_awarded=points)
        )
    db.session.execute(
        update(_items)
        .where(among(_items.c.attempt_id, claimed_ids), _items.c.is_correct.is_(None))
        .values(is_correct=False, points_awarded=0)
    )
    db.session.execute(
        _RECORD_SCORE,
        [{"b_id": a.attempt_id, "b_score": a.score, "b_passed": a.passed} for a in finalized],
    )
    if reason == FinishReason.EXPIRED:
        _mail_closed_by_deadline(finalized)
    attempts_finalized.send(attempts=tuple(finalized))
    db.session.commit()
    return finalized


def _mail_closed_by_deadline(finalized) -> None:
    """Tell candidates whose time ran out where their result is (same transaction)."""
    users = User.__table__
    people = {
        row.id: row
        for row in db.session.execute(
            select(users.c.id, users.c.email, users.c.full_name, users.c.locale).where(
                among(users.c.id, {a.user_id for a in finalized})
            )
        )
    }
    for attempt in finalized:
        person = people[attempt.user_id]
        outbox.enqueue(
            "attempt_expired",
            person.email,
            person.locale,
            name=person.full_name,
            score=attempt.score,
            max_score=attempt.max_score,
            result_url=links.absolute_url("exam.result", attempt_id=attempt.attempt_id),
        )


def _open_revisions(attempt_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(answer revision, pass score) of each still-open attempt among `attempt_ids`.

    Read before the items: an answer saved after this read moves the revision on, so the claim
    sees it, whichever of the two reads the answer itself reached.
    """
    rows = db.session.execute(
        select(_attempts.c.id, _attempts.c.answer_revision, _attempts.c.pass_score).where(
            among(_attempts.c.id, attempt_ids),
            _attempts.c.status == Status.IN_PROGRESS.value,
        )
    )
    return {row.id: (row.answer_revision, row.pass_score) for row in rows}


def _score(attempt_ids: list[int], pass_scores: dict[int, int], versions: dict) -> dict:
    """attempt id -> (score report, {points: ids of its items answered right})."""
    rows = db.session.execute(
        select(
            _items.c.id,
            _items.c.attempt_id,
            _items.c.block_index,
            _items.c.chosen_option,
            _items.c.question_version_id,
        )
        .where(among(_items.c.attempt_id, attempt_ids))
        .order_by(_items.c.attempt_id, _items.c.position)
    ).all()
    _load_versions(versions, {row.question_version_id for row in rows})
    items_of: dict[int, list] = {attempt_id: [] for attempt_id in attempt_ids}
    for row in rows:
        items_of[row.attempt_id].append(row)
    scored = {}
    for attempt_id, items in items_of.items():
        outcomes = [_outcome(versions[row.question_version_id], row) for row in items]
        correct: dict[int, list[int]] = {}
        for row, outcome in zip(items, outcomes, strict=True):
            if outcome.correct:
                correct.setdefault(outcome.awarded, []).append(row.id)
        scored[attempt_id] = (scoring.score(outcomes, pass_scores[attempt_id]), correct)
    return scored


def _claim(attempt_ids: list[int], reason: FinishReason, moment):
    """The UPDATE that closes the still-open attempts among `attempt_ids`.

    An expired attempt finished at its deadline, not when the sweep got to it.
    """
    finished_at = bindparam("b_now", moment, type_=_attempts.c.finished_at.type)
    if reason == FinishReason.EXPIRED:
        finished_at = case((_attempts.c.deadline < moment, _attempts.c.deadline), else_=finished_at)
    return (
        update(_attempts)
        .where(among(_attempts.c.id, attempt_ids), _attempts.c.status == Status.IN_PROGRESS.value)
        .values(status=Status.FINISHED.value, finish_reason=reason.value, finished_at=finished_at)
        .returning(
            _attempts.c.id,
            _attempts.c.user_id,
            _attempts.c.max_score,
            _attempts.c.finished_at,
            _attempts.c.answer_revision,
        )
    )


def _outcome(version: tuple, item) -> scoring.ItemOutcome:
    title, points, answer = version
    return scoring.ItemOutcome(
        block_index=item.block_index,
        block_title=title,
        points=points,
        answer=answer,
        chosen=item.chosen_option,
    )


def _load_versions(cache: dict, wanted: set[int]) -> None:
    missing = wanted - cache.keys()
    if missing:
        for version_id, title, content in db.session.execute(
            select(QuestionVersion.id, QuestionVersion.block_title, QuestionVersion.content).where(
                QuestionVersion.id.in_(missing)
            )
        ):
            cache[version_id] = (title, content["points"], content["answer"])
