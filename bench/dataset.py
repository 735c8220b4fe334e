"""Benchmark data: a fresh schema, candidate accounts and their open attempts, made fast.

Setup must not dominate a benchmark run, so accounts are inserted in bulk with one
precomputed password hash, and attempts are made by the real `start_or_resume` service in one
process (no HTTP round trips). Sessions for large candidate pools are minted with the app's
own session serializer exactly as a form login would leave them (Flask-Login's user id,
freshness and session identifier, plus Flask-WTF's CSRF secret), so ten thousand candidates
do not need ten thousand logins.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData, event, insert, select, text
from werkzeug.security import generate_password_hash

PASSWORD = "bench-password-1"
# One cheap hash for every bench account: the login request stays real, but checking a
# password does not cost 90 ms of CPU per candidate (the production scrypt default).
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
USER_AGENT = "quiz-bench/1.0"
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789abcdef"


@dataclass(frozen=True)
class Candidate:
    user_id: int
    email: str
    attempt_id: int | None = None
    cookie: str | None = None  # a minted session cookie value
    csrf: str | None = None  # the matching X-CSRFToken value
    questions: tuple = ()  # ((question_id, option ids...), ...) in the attempt's order
    answers: tuple = ()  # the correct option of each question, same order
    blocks: tuple = ()  # the block index of each question, same order


@contextlib.contextmanager
def scratch(database_url: str | None, prefix: str):
    """A temporary work folder, removed afterwards, and the database to use there:
    `database_url`, or a fresh SQLite file in the folder. Yields (folder, URL)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        workdir = Path(tmp)
        yield workdir, database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"


def app_env(database_url: str, workdir: Path) -> dict[str, str]:
    """Environment for the app (gunicorn, flask CLI, in-process setup) during a benchmark."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "REGISTER_RATE_LIMIT": "100000 per minute",
        "CREDENTIAL_SIGNING_KEY_FILE": str(workdir / "credential_signing_key.pem"),
        "LOG_LEVEL": "warning",
    }


def make_app(database_url: str, workdir: Path):
    """The app for setting up data in this process. Its connections skip the flush to disk on
    commit (SQLite `synchronous=OFF`, PostgreSQL `synchronous_commit=off`): setup is not what
    is measured, and the servers' own connections keep the app's settings."""
    os.environ.update(app_env(database_url, workdir))
    from quiz_app import create_app
    from quiz_app.extensions import db

    app = create_app()
    with app.app_context():
        event.listen(db.engine, "connect", _fast_setup_connection)
        db.engine.dispose()
    return app


def _fast_setup_connection(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor.execute("PRAGMA synchronous=OFF")
    else:
        cursor.execute("SET synchronous_commit = off")
    cursor.close()
    if not isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.commit()


def fresh_schema(app) -> None:
    """Drop whatever is there and build the schema with the real migrations."""
    from flask_migrate import upgrade

    from bench import baseline_app
    from quiz_app.extensions import db

    with app.app_context():
        reflected = MetaData()
        reflected.reflect(bind=db.engine)
        reflected.drop_all(bind=db.engine)
        upgrade(revision="heads")
        publish_bank(app)
        db.engine.dispose()
    baseline_app.create_schema()


def publish_bank(app) -> None:
    """Publish the app's bank as exam version 1: candidates start only on published versions."""
    from quiz_app.bank.loader import load_bank
    from quiz_app.bank.publishing import publish

    publish(load_bank(app.config["QUESTION_BANK_DIR"]), "bench", None, None)


def create_candidates(app, count: int, prefix: str) -> list[Candidate]:
    """Insert `count` candidate accounts in bulk; emails are {prefix}{i}@bench.example."""
    from quiz_app.auth.models import Role, User
    from quiz_app.clock import now
    from quiz_app.extensions import db

    with app.app_context():
        created = now()
        rows = [
            {
                "email": f"{prefix}{i}@bench.example",
                "full_name": f"Кандидат {prefix}{i}",
                "company": "ООО Нагрузка",
                "phone": "+79000000000",
                "password_hash": PASSWORD_HASH,
                "role": Role.CANDIDATE.value,
                "created_at": created,
            }
            for i in range(count)
        ]
        for start in range(0, count, 2000):
            db.session.execute(insert(User), rows[start : start + 2000])
        db.session.commit()
        found = dict(
            db.session.execute(
                select(User.email, User.id).where(User.email.like(f"{prefix}%@bench.example"))
            ).all()
        )
        db.session.remove()
    return [Candidate(found[row["email"]], row["email"]) for row in rows]


def start_attempts(app, candidates: list[Candidate]) -> list[Candidate]:
    """Open an attempt for each candidate through the real service; fills questions/answers."""
    from quiz_app.auth.models import User
    from quiz_app.exam import services
    from quiz_app.exam.models import AttemptItem
    from quiz_app.extensions import db

    answers_of = _answer_key(app)
    result = []
    with app.app_context():
        for candidate in candidates:
            user = db.session.get(User, candidate.user_id)
            attempt = services.start_or_resume(user)
            rows = db.session.execute(
                select(AttemptItem.question_id, AttemptItem.option_order, AttemptItem.block_index)
                .where(AttemptItem.attempt_id == attempt.id)
                .order_by(AttemptItem.position)
            ).all()
            result.append(
                Candidate(
                    candidate.user_id,
                    candidate.email,
                    attempt.id,
                    questions=tuple((qid, *order) for qid, order, _ in rows),
                    answers=tuple(answers_of[qid] for qid, _, _ in rows),
                    blocks=tuple(block for _, _, block in rows),
                )
            )
            db.session.expunge_all()
        db.session.remove()
    return result


def open_attempts_in_bulk(app, candidates: list[Candidate]) -> list[Candidate]:
    """The rows `start_or_resume` writes, for thousands of candidates at a time.

    Built by the exam's own code (plan, new_attempt_columns, item_rows, version_ids); only
    the inserts are batched, so ten thousand attempts take seconds instead of minutes. The
    service itself is exercised by the candidates that start through HTTP and by
    start_attempts.
    """
    import secrets

    from quiz_app.bank.published import current_exam
    from quiz_app.clock import now
    from quiz_app.exam.layout import plan
    from quiz_app.exam.models import Attempt, AttemptItem
    from quiz_app.exam.services import item_rows, new_attempt_columns
    from quiz_app.extensions import db

    attempts, items = Attempt.__table__, AttemptItem.__table__
    answers_of = _answer_key(app)
    result = []
    with app.app_context():
        bank = current_exam()
        versions = bank.version_ids
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            started = now()
            layouts = [plan(bank, secrets.randbits(31)) for _ in chunk]
            rows = db.session.execute(
                insert(attempts).returning(attempts.c.id, sort_by_parameter_order=True),
                [
                    new_attempt_columns(c.user_id, bank, layout, started)
                    | {"exam_version_id": bank.version_id}
                    for c, layout in zip(chunk, layouts, strict=True)
                ],
            ).all()
            all_items = []
            for candidate, layout, (attempt_id,) in zip(chunk, layouts, rows, strict=True):
                all_items += item_rows(attempt_id, layout, versions)
                result.append(
                    Candidate(
                        candidate.user_id,
                        candidate.email,
                        attempt_id,
                        questions=tuple((i.question_id, *i.option_order) for i in layout),
                        answers=tuple(answers_of[i.question_id] for i in layout),
                        blocks=tuple(i.block_index for i in layout),
                    )
                )
            db.session.execute(insert(items), all_items)
            db.session.commit()
        db.session.remove()
    return result


def _answer_key(app) -> dict[str, str]:
    from quiz_app.bank.loader import load_bank

    bank = load_bank(app.config["QUESTION_BANK_DIR"])
    return {q.id: q.answer for _, q in bank.questions}


def mint_sessions(app, candidates: list[Candidate]) -> list[Candidate]:
    """The session cookie and CSRF token a form login would have given each candidate."""
    from flask import session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from quiz_app.auth.models import User, UserSession
    from quiz_app.clock import now
    from quiz_app.extensions import db

    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        users = {
            user.id: user
            for user in db.session.scalars(
                select(User).where(User.id.in_([c.user_id for c in candidates]))
            )
        }
        db.session.expunge_all()
        # One open sign-in row per candidate, inserted in bulk, as a form login leaves one.
        moment = now()
        rows = [
            {"key": secrets.token_urlsafe(32), "user_id": user_id, "created_at": moment,
             "last_seen_at": moment, "user_agent": USER_AGENT, "ip": "127.0.0.1"}
            for user_id in users
        ]  # fmt: skip
        if rows:
            db.session.execute(insert(UserSession), rows)
            db.session.commit()
        for row in rows:
            users[row["user_id"]].session_key = row["key"]
    result = []
    for candidate in candidates:
        # A request context of its own per candidate: Flask-WTF caches the token in `g`.
        with app.test_request_context(
            "/", environ_base={"REMOTE_ADDR": "127.0.0.1"}, headers={"User-Agent": USER_AGENT}
        ):
            login_user(users[candidate.user_id])
            csrf = generate_csrf()
            cookie = serializer.dumps(dict(session))
        result.append(_replace(candidate, cookie=cookie, csrf=csrf))
    return result


def _replace(candidate: Candidate, **changes) -> Candidate:
    from dataclasses import replace

    return replace(candidate, **changes)


def expire_attempts(app, attempt_ids: list[int], seconds_ago: int = 60) -> None:
    """Move the deadline of these attempts into the past (the burst of deadlines)."""
    from datetime import timedelta

    from sqlalchemy import update

    from quiz_app.clock import now
    from quiz_app.exam.models import Attempt
    from quiz_app.extensions import db

    with app.app_context():
        moment = now() - timedelta(seconds=seconds_ago)
        for start in range(0, len(attempt_ids), 500):
            db.session.execute(
                update(Attempt)
                .where(Attempt.id.in_(attempt_ids[start : start + 500]))
                .values(deadline=moment)
            )
        db.session.commit()
        db.session.remove()


def answer_directly(app, candidates: list[Candidate], correct_share: float = 0.5) -> None:
    """Fill every answer of these attempts in bulk: the first `correct_share` of them pass,
    the others get every other question wrong (they fail)."""
    from sqlalchemy import bindparam, update

    from quiz_app.clock import now
    from quiz_app.exam.models import AttemptItem
    from quiz_app.extensions import db

    items = AttemptItem.__table__
    statement = (
        update(items)
        .where(items.c.attempt_id == bindparam("b_attempt"))
        .where(items.c.question_id == bindparam("b_question"))
        .values(chosen_option=bindparam("b_option"), answered_at=bindparam("b_at"))
    )
    with app.app_context():
        moment = now()
        rows = []
        for index, candidate in enumerate(candidates):
            passing = index < len(candidates) * correct_share
            for position, (question, answer) in enumerate(
                zip(candidate.questions, candidate.answers, strict=True)
            ):
                qid, *options = question
                option = answer if passing or position % 2 else _other(options, answer)
                rows.append(
                    {"b_attempt": candidate.attempt_id, "b_question": qid, "b_option": option}
                )
        for start in range(0, len(rows), 5000):
            chunk = [dict(row, b_at=moment) for row in rows[start : start + 5000]]
            db.session.connection().execute(statement, chunk)
        db.session.commit()
        db.session.remove()


def _other(options: list[str], answer: str) -> str:
    return next(o for o in options if o != answer)


def checkpoint(app) -> None:
    """Settle the database after bulk setup so runs start alike: on SQLite fold the WAL back
    into the file; on PostgreSQL vacuum and analyze (or autovacuum would do it mid-run) and
    write the dirty pages out now rather than in a checkpoint during a measured window."""
    from quiz_app.extensions import db

    with app.app_context():
        with db.engine.connect() as connection:
            if db.engine.dialect.name == "sqlite":
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            else:
                autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
                autocommit.execute(text("VACUUM ANALYZE"))
                autocommit.execute(text("CHECKPOINT"))
        db.engine.dispose()


class Stopwatch:
    def __init__(self):
        self.start = time.perf_counter()

    def __call__(self) -> float:
        return time.perf_counter() - self.start
