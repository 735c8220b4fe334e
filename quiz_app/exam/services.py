"""Attempt rules: start, answer, submit, finalize, score. No request or session here."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..auth.models import User
from ..bank.models import QuestionVersion
from ..bank.registry import current_bank
from ..bank.versions import version_ids
from ..clock import now
from ..extensions import db
from . import scoring
from .layout import plan
from .models import Attempt, AttemptItem, FinishReason, Status
from .signals import attempt_finalized


class CannotStart(Exception):
    def __init__(self, reason: str, until: datetime | None = None):
        self.reason = reason
        self.until = until
        super().__init__(reason)


class AnswerRefused(Exception):
    """code: time_up | finished | unknown_question | unknown_option"""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


class AttemptNotFound(Exception):
    pass


def grace() -> timedelta:
    return timedelta(seconds=current_app.config["LATE_ANSWER_GRACE_SECONDS"])


# --- reading -------------------------------------------------------------------------------


def get_owned_attempt(attempt_id: int, user: User) -> Attempt:
    """The attempt, only if it belongs to `user`; anything else is 'not found'."""
    attempt = db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user.id)
    )
    if attempt is None:
        raise AttemptNotFound(attempt_id)
    return attempt


def open_attempt(user: User) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).where(Attempt.user_id == user.id, Attempt.status == Status.IN_PROGRESS)
    )


def history(user: User) -> list[Attempt]:
    return list(
        db.session.scalars(
            select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.started_at.desc())
        )
    )


def best_score(user: User) -> int | None:
    return db.session.scalar(
        select(func.max(Attempt.score)).where(
            Attempt.user_id == user.id, Attempt.status == Status.FINISHED
        )
    )


@dataclass(frozen=True)
class BlockNav:
    index: int
    title: str
    questions: int
    answered: int


def block_navigation(attempt: Attempt) -> list[BlockNav]:
    rows = db.session.execute(
        select(
            AttemptItem.block_index,
            func.min(QuestionVersion.block_title),
            func.count(),
            func.count(AttemptItem.chosen_option),
        )
        .join(QuestionVersion, AttemptItem.question_version_id == QuestionVersion.id)
        .where(AttemptItem.attempt_id == attempt.id)
        .group_by(AttemptItem.block_index)
        .order_by(AttemptItem.block_index)
    )
    return [BlockNav(*row) for row in rows]


def block_items(attempt: Attempt, block_index: int) -> list[AttemptItem]:
    return list(
        db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id, AttemptItem.block_index == block_index)
            .order_by(AttemptItem.position)
        )
    )


def all_items(attempt: Attempt) -> list[AttemptItem]:
    return list(
        db.session.scalars(
            select(AttemptItem)
            .join(AttemptItem.version)
            .options(contains_eager(AttemptItem.version))
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        )
    )


def remaining_seconds(attempt: Attempt) -> int:
    """Seconds left by the server's clock; the page's countdown starts from this."""
    return max(int((attempt.deadline - now()).total_seconds()), 0)


def answered_count(attempt_id: int) -> int:
    return db.session.scalar(
        select(func.count(AttemptItem.chosen_option)).where(AttemptItem.attempt_id == attempt_id)
    )


def report(attempt: Attempt, items: list[AttemptItem] | None = None) -> scoring.ScoreReport:
    items = items if items is not None else all_items(attempt)
    return scoring.score([_outcome(item) for item in items], attempt.pass_score)


def _outcome(item: AttemptItem) -> scoring.ItemOutcome:
    version = item.version
    return scoring.ItemOutcome(
        block_index=item.block_index,
        block_title=version.block_title,
        points=version.points,
        answer=version.answer,
        chosen=item.chosen_option,
    )


# --- starting ------------------------------------------------------------------------------


def start_or_resume(user: User) -> Attempt:
    """The candidate's open attempt, or a new one. Raises CannotStart with the reason."""
    existing = open_attempt(user)
    if existing is not None:
        finalize_if_expired(existing)
        if existing.is_open:
            return existing
    bank = current_bank()
    _check_retake_policy(user, bank.settings.retake)

    started = now()
    layout = plan(bank, secrets.randbits(31))
    versions = version_ids(bank)
    attempt = Attempt(
        user_id=user.id,
        status=Status.IN_PROGRESS,
        started_at=started,
        last_activity_at=started,
        deadline=started + timedelta(minutes=bank.settings.time_limit_minutes),
        seed=0,
        time_limit_minutes=bank.settings.time_limit_minutes,
        pass_score=bank.settings.pass_score,
        max_score=bank.max_score,
        question_count=len(layout),
    )
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request opened an attempt for this user a moment ago: resume that one.
        db.session.rollback()
        concurrent = open_attempt(user)
        if concurrent is None:
            raise
        return concurrent
    db.session.execute(
        AttemptItem.__table__.insert(),
        [
            {
                "attempt_id": attempt.id,
                "position": position,
                "block_index": item.block_index,
                "question_id": item.question_id,
                "question_version_id": versions[item.question_id],
                "option_order": list(item.option_order),
            }
            for position, item in enumerate(layout)
        ],
    )
    db.session.commit()
    return attempt


def _check_retake_policy(user: User, policy) -> None:
    finished = select(Attempt).where(Attempt.user_id == user.id, Attempt.status == Status.FINISHED)
    if policy.max_attempts is not None:
        count = db.session.scalar(select(func.count()).select_from(finished.subquery()))
        if count >= policy.max_attempts:
            raise CannotStart("max_attempts")
    if policy.cooldown_minutes:
        last = db.session.scalar(
            select(func.max(Attempt.finished_at)).where(
                Attempt.user_id == user.id, Attempt.status == Status.FINISHED
            )
        )
        if last is not None:
            until = last + timedelta(minutes=policy.cooldown_minutes)
            if now() < until:
                raise CannotStart("cooldown", until)


# --- answering -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedAnswer:
    question_id: str
    option_id: str
    answered: int
    saved_at: datetime


def save_answer(attempt_id: int, user: User, question_id: str, option_id: str) -> SavedAnswer:
    """Record one choice, if the attempt is open and its deadline (plus grace) has not passed.

    Touching the attempt row first takes its row lock, so a concurrent finalization either
    waits for this answer or makes this update match nothing: an answer is never saved into
    an attempt that was already scored.
    """
    saved_at = now()
    touched = db.session.execute(
        update(Attempt)
        .where(
            Attempt.id == attempt_id,
            Attempt.user_id == user.id,
            Attempt.status == Status.IN_PROGRESS,
            Attempt.deadline >= saved_at - grace(),
        )
        .values(last_activity_at=saved_at)
    )
    if touched.rowcount != 1:
        db.session.rollback()
        attempt = get_owned_attempt(attempt_id, user)
        if attempt.is_open:
            finalize(attempt.id, FinishReason.EXPIRED)
            raise AnswerRefused("time_up")
        raise AnswerRefused("finished")
    row = db.session.execute(
        select(AttemptItem.id, AttemptItem.option_order).where(
            AttemptItem.attempt_id == attempt_id, AttemptItem.question_id == question_id
        )
    ).first()
    if row is None:
        db.session.rollback()
        raise AnswerRefused("unknown_question")
    if option_id not in row.option_order:
        db.session.rollback()
        raise AnswerRefused("unknown_option")
    db.session.execute(
        update(AttemptItem)
        .where(AttemptItem.id == row.id)
        .values(chosen_option=option_id, answered_at=saved_at)
    )
    answered = answered_count(attempt_id)
    db.session.commit()
    return SavedAnswer(question_id, option_id, answered, saved_at)


def save_answers(attempt: Attempt, user: User, choices: dict[str, str]) -> list[str]:
    """Save several choices (the no-JavaScript form). Returns the question ids refused."""
    refused = []
    for question_id, option_id in choices.items():
        try:
            save_answer(attempt.id, user, question_id, option_id)
        except AnswerRefused as exc:
            if exc.code in ("time_up", "finished"):
                raise
            refused.append(question_id)
    return refused


def remember_block(attempt: Attempt, block_index: int) -> None:
    """Where to resume: the block the candidate last opened."""
    if attempt.current_block != block_index and attempt.is_open:
        attempt.current_block = block_index
        db.session.commit()


# --- finishing -----------------------------------------------------------------------------


def submit(attempt: Attempt) -> Attempt:
    late = now() > attempt.deadline + grace()
    finalize(attempt.id, FinishReason.EXPIRED if late else FinishReason.SUBMITTED)
    db.session.refresh(attempt)
    return attempt


def finalize_if_expired(attempt: Attempt) -> bool:
    """Finalize an attempt whose time is up. True when this call finalized it."""
    if attempt.is_open and now() >= attempt.deadline:
        finalized = finalize(attempt.id, FinishReason.EXPIRED)
        db.session.refresh(attempt)
        return finalized
    return False


def finalize(attempt_id: int, reason: FinishReason) -> bool:
    """Close and score an attempt exactly once, however many requests race to do it.

    The conditional UPDATE is the arbiter: only the request that flips the status scores.
    """
    finished_at = now()
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.status == Status.IN_PROGRESS)
        .values(status=Status.FINISHED, finish_reason=reason, finished_at=finished_at)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    attempt = db.session.get(Attempt, attempt_id, populate_existing=True)
    if reason == FinishReason.EXPIRED and attempt.deadline < finished_at:
        attempt.finished_at = attempt.deadline
    items = all_items(attempt)
    result = report(attempt, items)
    db.session.execute(
        update(AttemptItem),
        [
            {
                "id": item.id,
                "is_correct": outcome.correct,
                "points_awarded": outcome.awarded,
            }
            for item, outcome in ((item, _outcome(item)) for item in items)
        ],
    )
    attempt.score = result.score
    attempt.passed = result.passed
    attempt_finalized.send(attempt, report=result)
    db.session.commit()
    return True


def finalize_expired() -> int:
    """The periodic sweep: finalize every open attempt whose deadline and grace have passed."""
    cutoff = now() - grace()
    ids = list(
        db.session.scalars(
            select(Attempt.id).where(
                Attempt.status == Status.IN_PROGRESS, Attempt.deadline < cutoff
            )
        )
    )
    db.session.rollback()
    return sum(finalize(attempt_id, FinishReason.EXPIRED) for attempt_id in ids)
