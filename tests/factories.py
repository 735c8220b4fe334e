"""Builders that make test data in one call."""

from __future__ import annotations

import functools
from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from quiz_app import clock
from quiz_app.auth.models import Role, User
from quiz_app.certificates import services as certificates
from quiz_app.certificates.models import Certificate
from quiz_app.exam import finishing
from quiz_app.exam import services as exam_services
from quiz_app.exam.models import Attempt, AttemptItem, FinishReason, Status
from quiz_app.exam.scoring import ScoreReport
from quiz_app.exam.signals import FinalizedAttempt
from quiz_app.extensions import db

PASSWORD = "correct horse battery"


@functools.cache
def _password_hash() -> str:
    # Hashing is deliberately slow; tests share one hash of the default password.
    return generate_password_hash(PASSWORD)


class Factory:
    def __init__(self, app):
        self.app = app
        self._count = 0

    def user(self, email: str | None = None, role: str = Role.CANDIDATE, **fields) -> User:
        self._count += 1
        user = User(
            email=email or f"user{self._count}@example.com",
            full_name=fields.pop("full_name", f"Тестовый Пользователь {self._count}"),
            company=fields.pop("company", "ООО Ромашка"),
            phone=fields.pop("phone", "+79123456789"),
            password_hash=_password_hash(),
            role=role,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def admin(self, email: str = "admin@example.com") -> User:
        return self.user(email=email, role=Role.ADMIN)


def question(qid: str, answer: str = "a", options: int = 3, **extra) -> dict:
    data = {
        "id": qid,
        "text": f"Вопрос {qid}?",
        "points": 1,
        "options": [
            {"id": chr(97 + i), "text": f"Вариант {chr(97 + i)} к {qid}"} for i in range(options)
        ],
        "answer": answer,
        "explanation": f"Потому что {answer}.",
    }
    data.update(extra)
    return data


def write_bank(
    directory: Path,
    blocks: dict[str, list[dict]] | None = None,
    **settings,
) -> Path:
    """A small valid bank (two blocks of three questions) unless told otherwise."""
    directory.mkdir(parents=True, exist_ok=True)
    blocks = blocks or {
        "alpha": [question(f"alpha-0{i}") for i in range(1, 4)],
        "beta": [question(f"beta-0{i}", answer="b") for i in range(1, 4)],
    }
    files = []
    for index, (block_id, questions) in enumerate(blocks.items(), 1):
        name = f"{index:02d}_{block_id}.yaml"
        files.append(name)
        text = yaml.safe_dump(
            {"id": block_id, "title": f"Блок {block_id}", "questions": questions},
            allow_unicode=True,
            sort_keys=False,
        )
        (directory / name).write_text(text, encoding="utf-8")
    exam = {
        "title": "Тестовый экзамен",
        "time_limit_minutes": 60,
        "pass_score": 4,
        "shuffle_questions": True,
        "shuffle_options": True,
        "blocks": files,
    }
    exam.update(settings)
    (directory / "exam.yaml").write_text(
        yaml.safe_dump(exam, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return directory


def answered_attempt(user: User, correct: int = 115):
    """An open attempt on the real bank with every question answered, `correct` of them right."""
    attempt = exam_services.start_or_resume(user)
    items = db.session.scalars(
        select(AttemptItem)
        .where(AttemptItem.attempt_id == attempt.id)
        .order_by(AttemptItem.position)
    ).all()
    for index, item in enumerate(items):
        right = item.version.answer
        chosen = right if index < correct else next(o for o in item.option_order if o != right)
        db.session.execute(
            update(AttemptItem).where(AttemptItem.id == item.id).values(chosen_option=chosen)
        )
    db.session.commit()
    return attempt


def finished_attempt(user: User, score: int, *, max_score: int = 115, pass_score: int = 100):
    """A finished, scored attempt row as finalization leaves it, without its 115 items.

    For tests that need a result or a certificate but are not about the exam: the real
    attempt (`pass_exam`) stays for the tests of the exam and of issuance.
    """
    moment = clock.now()
    attempt = Attempt(
        user_id=user.id,
        status=Status.FINISHED,
        started_at=moment - timedelta(minutes=30),
        deadline=moment + timedelta(minutes=30),
        last_activity_at=moment,
        time_limit_minutes=60,
        pass_score=pass_score,
        max_score=max_score,
        question_count=max_score,
        finished_at=moment,
        finish_reason=FinishReason.SUBMITTED,
        score=score,
        passed=score >= pass_score,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def certify(user: User, score: int = 115) -> Certificate:
    """Make `user` a certified partner through the certificate service, as a pass would."""
    attempt = finished_attempt(user, score)
    report = ScoreReport(
        score=score,
        max_score=attempt.max_score,
        pass_score=attempt.pass_score,
        answered=attempt.question_count,
        questions=attempt.question_count,
        blocks=(),
    )
    assert report.passed, f"a score of {score} does not pass"
    certificates.issue_for(
        [FinalizedAttempt(attempt.id, user.id, attempt.finished_at, attempt.max_score, report)]
    )
    db.session.commit()
    db.session.refresh(user)
    return certificates.for_attempt(attempt.id)


def pass_exam(user: User, correct: int = 115):
    """Take the real bank's exam for `user` through the services and submit it."""
    attempt = answered_attempt(user, correct)
    finishing.finalize(attempt.id, FinishReason.SUBMITTED)
    db.session.refresh(attempt)
    return attempt
