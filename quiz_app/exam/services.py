"""Attempt rules: start, answer, submit, finalize, score. No request or session here."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..auth.models import User
from ..bank.loader import Bank
from ..bank.published import BankUnavailable, current_exam, version_settings
from ..bank.schema import ExamSettings
from ..bank.versions import version_ids
from ..clock import now
from ..extensions import db
from . import extra_time, scoring
from .finishing import finalize, finalize_if_expired, grace
from .layout import PlannedItem, plan
from .models import Attempt, AttemptItem, FinishReason, Status


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


# --- reading -------------------------------------------------------------------------------


# Built once: every exam page finds its attempt this way, and building the statement cost
# more CPU than running it (docs/benchmarks.md).
_OWNED_ATTEMPT = select(Attempt).where(
    Attempt.id == bindparam("b_attempt"), Attempt.user_id == bindparam("b_user")
)


def owned_attempt(attempt_id: int, user_id: int) -> Attempt:
    """The attempt, only if it belongs to the account `user_id`; anything else is 'not found'."""
    attempt = db.session.scalar(_OWNED_ATTEMPT, {"b_attempt": attempt_id, "b_user": user_id})
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
            Attempt.user_id == user.id,
            Attempt.status == Status.FINISHED,
            Attempt.is_preview.is_(False),
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
        if existing.is_open and existing.is_preview:
            # Only one attempt may be open: an admin's preview of the draft gives way.
            finalize(existing.id, FinishReason.SUBMITTED)
        elif existing.is_open:
            return existing
    exam = current_exam()
    _check_retake_policy(user, exam.settings.retake)
    return _start(user, exam, exam.version_ids, exam_version_id=exam.version_id)


def _start(user: User, bank: Bank, versions: dict[str, int] | None, **columns) -> Attempt:
    """A new attempt on `bank` (a published exam, or the draft for a preview)."""
    layout = plan(bank, secrets.randbits(31))
    attempt = Attempt(
        **new_attempt_columns(user.id, bank, layout, now(), time_limit_for(user.id, bank)),
        **columns,
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
        AttemptItem.__table__.insert(), item_rows(attempt.id, layout, versions or version_ids(bank))
    )
    db.session.commit()
    return attempt


def time_limit_for(user_id: int, bank: Bank) -> int:
    """Minutes the candidate's next attempt lasts: the exam's limit plus any extra time."""
    base = bank.settings.time_limit_minutes
    return extra_time.personal_limit(user_id, base) or base


class PreviewRefused(Exception):
    """The admin has a real attempt open: it must be finished before a preview."""


def start_preview(user: User, draft: Bank) -> Attempt:
    """An admin takes the draft as a candidate would: an attempt flagged as a preview, which
    statistics leave out and which issues no certificate. Retake rules do not apply; an open
    preview is resumed, an open real attempt refuses it."""
    existing = open_attempt(user)
    if existing is not None:
        finalize_if_expired(existing)
        if existing.is_open and existing.is_preview:
            return existing
        if existing.is_open:
            raise PreviewRefused()
    return _start(user, draft, None, is_preview=True)


def new_attempt_columns(
    user_id: int,
    bank: Bank,
    layout: list[PlannedItem],
    started: datetime,
    time_limit_minutes: int | None = None,
) -> dict:
    """The columns of an attempt that starts at `started` showing `layout` (bulk inserts too)."""
    minutes = time_limit_minutes or bank.settings.time_limit_minutes
    return {
        "user_id": user_id,
        "status": Status.IN_PROGRESS,
        "started_at": started,
        "last_activity_at": started,
        "deadline": started + timedelta(minutes=minutes),
        "current_block": 0,
        "time_limit_minutes": minutes,
        "pass_score": bank.settings.pass_score,
        "max_score": bank.max_score,
        "question_count": len(layout),
    }


def item_rows(attempt_id: int, layout: list[PlannedItem], versions: dict[str, int]) -> list[dict]:
    """The attempt_item rows of `layout`: each question's version, position and option order."""
    return [
        {
            "attempt_id": attempt_id,
            "position": position,
            "block_index": item.block_index,
            "question_id": item.question_id,
            "question_version_id": versions[item.question_id],
            "option_order": list(item.option_order),
        }
        for position, item in enumerate(layout)
    ]


def _check_retake_policy(user: User, policy) -> None:
    finished = select(Attempt).where(
        Attempt.user_id == user.id, Attempt.status == Status.FINISHED, Attempt.is_preview.is_(False)
    )
    if policy.max_attempts is not None:
        count = db.session.scalar(select(func.count()).select_from(finished.subquery()))
        if count >= policy.max_attempts:
            raise CannotStart("max_attempts")
    if policy.cooldown_minutes:
        last = db.session.scalar(
            select(func.max(Attempt.finished_at)).where(
                Attempt.user_id == user.id,
                Attempt.status == Status.FINISHED,
                Attempt.is_preview.is_(False),
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


# Built once: an answer save is the hottest path of the app, and constructing these statements
# on every call cost more CPU than running them.
_items = AttemptItem.__table__
_attempts = Attempt.__table__
_TOUCH_OPEN_ATTEMPT = (
    update(_attempts)
    .where(
        _attempts.c.id == bindparam("b_attempt"),
        _attempts.c.user_id == bindparam("b_user"),
        _attempts.c.status == Status.IN_PROGRESS.value,
        _attempts.c.deadline >= bindparam("b_cutoff"),
    )
    .values(
        last_activity_at=bindparam("b_saved_at"),
        answer_revision=_attempts.c.answer_revision + 1,
    )
)
_other = _items.alias("other_item")
_RECORD_CHOICE = update(_items).values(
    chosen_option=bindparam("b_option"), answered_at=bindparam("b_saved_at")
)
_CHOICE_RESULT = (
    _items.c.option_order,
    # Answered questions of the attempt, this one included. Counting the *other* items plus
    # one reads the same on PostgreSQL (RETURNING sees the statement's snapshot) and SQLite
    # (it may see the new value).
    # No correlated column here: SQLAlchemy renders RETURNING unqualified on SQLite.
    select(func.count(_other.c.chosen_option))
    .where(
        _other.c.attempt_id == bindparam("b_attempt"),
        _other.c.question_id != bindparam("b_question"),
    )
    .scalar_subquery()
    + 1,
)
_CHOOSE_OPTION = (
    _RECORD_CHOICE.where(
        _items.c.attempt_id == bindparam("b_attempt"),
        _items.c.question_id == bindparam("b_question"),
    )
).returning(*_CHOICE_RESULT)
# PostgreSQL runs both in one statement (one round trip fewer): the CTE's UPDATE takes the
# attempt's row lock just as the separate touch does, and an attempt it did not touch leaves
# the item's UPDATE nothing to join.
_touched = _TOUCH_OPEN_ATTEMPT.returning(_attempts.c.id).cte("touched_attempt")
_TOUCH_AND_CHOOSE = (
    _RECORD_CHOICE.where(
        _items.c.attempt_id == _touched.c.id,
        _items.c.question_id == bindparam("b_question"),
    )
).returning(*_CHOICE_RESULT)
_OPTION_ID_LENGTH = _items.c.chosen_option.type.length


def save_answer(attempt_id: int, user_id: int, question_id: str, option_id: str) -> SavedAnswer:
    """Record one choice, if the attempt is open and its deadline (plus grace) has not passed.

    Touching the attempt row first takes its row lock, so a concurrent finalization either
    waits for this answer or makes this update match nothing: an answer is never saved into
    an attempt that was already scored. The item's UPDATE returns its option order: a choice
    that is not one of the question's options is rolled back, touch included, as if never made.
    """
    saved_at = now()
    # An option id longer than the column would be refused by PostgreSQL: it cannot be one.
    if len(option_id) <= _OPTION_ID_LENGTH:
        chosen = _touch_and_choose(
            {
                "b_attempt": attempt_id,
                "b_user": user_id,
                "b_cutoff": saved_at - grace(),
                "b_saved_at": saved_at,
                "b_question": question_id,
                "b_option": option_id,
            }
        )
        if chosen is not None and option_id in chosen[0]:
            db.session.commit()
            return SavedAnswer(question_id, option_id, chosen[1], saved_at)
    db.session.rollback()
    raise _refusal(attempt_id, user_id, question_id, saved_at)


def _touch_and_choose(params: dict) -> tuple | None:
    """(option order, answered count) of the chosen item, or None if the attempt is not open
    in time or has no such question."""
    # On the session's connection, in its transaction: the session's own execute() costs a
    # measurable share of a save per statement (docs/benchmarks.md).
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return connection.execute(_TOUCH_AND_CHOOSE, params).first()
    if connection.execute(_TOUCH_OPEN_ATTEMPT, params).rowcount != 1:
        return None
    return connection.execute(_CHOOSE_OPTION, params).first()


def _refusal(attempt_id: int, user_id: int, question_id: str, saved_at: datetime) -> Exception:
    """Why a save changed nothing (it was rolled back): the exception to raise."""
    attempt = owned_attempt(attempt_id, user_id)  # raises AttemptNotFound
    if not attempt.is_open:
        return AnswerRefused("finished")
    if attempt.deadline < saved_at - grace():
        finalize(attempt.id, FinishReason.EXPIRED)
        return AnswerRefused("time_up")
    known = db.session.execute(
        select(_items.c.id).where(
            _items.c.attempt_id == attempt_id, _items.c.question_id == question_id
        )
    ).first()
    return AnswerRefused("unknown_option" if known else "unknown_question")


def save_answers(attempt: Attempt, user: User, choices: dict[str, str]) -> list[str]:
    """Save several choices (the no-JavaScript form). Returns the question ids refused."""
    refused = []
    for question_id, option_id in choices.items():
        try:
            save_answer(attempt.id, user.id, question_id, option_id)
        except AnswerRefused as exc:
            if exc.code in ("time_up", "finished"):
                raise
            refused.append(question_id)
    return refused


def set_flag(attempt_id: int, user_id: int, question_id: str, flagged: bool) -> None:
    """Mark or unmark a question for review, while answers are still accepted.

    A flag changes nothing in scoring, so unlike an answer it needs no lock on the attempt.
    """
    attempt = owned_attempt(attempt_id, user_id)  # raises AttemptNotFound
    if not attempt.is_open:
        raise AnswerRefused("finished")
    if attempt.deadline < now() - grace():
        finalize(attempt.id, FinishReason.EXPIRED)
        raise AnswerRefused("time_up")
    changed = db.session.execute(
        update(_items)
        .where(_items.c.attempt_id == attempt_id, _items.c.question_id == question_id)
        .values(flagged=flagged)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise AnswerRefused("unknown_question")
    db.session.commit()


def set_flags(attempt: Attempt, user: User, flags: dict[str, bool]) -> None:
    """set_flag for several questions (the no-JavaScript form)."""
    for question_id, flagged in flags.items():
        set_flag(attempt.id, user.id, question_id, flagged)


_REMEMBER_BLOCK = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("b_attempt"), _attempts.c.status == Status.IN_PROGRESS.value)
    .values(current_block=bindparam("b_block"))
)


def remember_block(attempt: Attempt, block_index: int) -> None:
    """Where to resume: the block the candidate last opened.

    One prebuilt UPDATE rather than the session's flush of the changed attribute: a block page
    writes this each time a candidate moves on, and the flush's extra work happens while
    SQLite's write lock is held.
    """
    if attempt.current_block != block_index and attempt.is_open:
        db.session.execute(_REMEMBER_BLOCK, {"b_attempt": attempt.id, "b_block": block_index})
        db.session.commit()


def settings_of(attempt: Attempt) -> ExamSettings | None:
    """The settings an attempt was taken under: its exam version's. A preview shows the admin
    everything; an attempt from before versions existed follows the published exam's."""
    if attempt.exam_version_id is not None:
        return version_settings(attempt.exam_version_id)
    if attempt.is_preview:
        return None
    try:
        return current_exam().settings
    except BankUnavailable:
        return None


def breakdown_shown_from(attempt: Attempt, cooldown_minutes: int) -> datetime | None:
    """When a failed attempt's per-block scores may be shown: None if now.

    Scores per block, read after every quick retake, tell which answers were right; held
    back until the pause before the next attempt has passed, a script learns the key no
    faster than a person may retake. A pass shows them at once.
    """
    if attempt.passed or not cooldown_minutes or attempt.finished_at is None:
        return None
    shown_from = attempt.finished_at + timedelta(minutes=cooldown_minutes)
    return shown_from if now() < shown_from else None
