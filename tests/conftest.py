"""Fixtures shared by the whole suite.

The same tests run on SQLite (default) and on PostgreSQL when DATABASE_URL is set. The schema
is built once per session by the real Alembic migrations; each test then starts from empty
tables.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import MetaData, delete, text
from werkzeug.serving import make_server

from quiz_app import clock, create_app
from quiz_app.audit import AuditEntry
from quiz_app.auth import sessions
from quiz_app.extensions import db

from .factories import Factory

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_BANK = PROJECT_ROOT / "question_bank"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pytest_sessionstart(session):
    """Compile the translation catalogs when stale, so a bare `pytest` works like `make test`;
    copy the bank the tests use."""
    TEST_BANK_DIR["path"] = retake_at_will_bank(
        Path(tempfile.mkdtemp(prefix="quiz-test-bank-")) / "question_bank"
    )
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (PROJECT_ROOT / "quiz_app" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalog)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )


# The shipped bank with no pause between attempts: most tests retake at will; the pause
# itself is tested on banks of its own (tests/exam/test_bank_changes.py).
TEST_BANK_DIR: dict[str, Path | None] = {"path": None}


def retake_at_will_bank(directory: Path) -> Path:
    shutil.copytree(REAL_BANK, directory)
    exam = directory / "exam.yaml"
    text = exam.read_text(encoding="utf-8")
    exam.write_text(re.sub(r"cooldown_minutes: \d+", "cooldown_minutes: 0", text), "utf-8")
    return directory


def _config(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "QUESTION_BANK_DIR": str(TEST_BANK_DIR["path"] or REAL_BANK),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _schema(database_url):
    """Build the schema with the migrations, from scratch, once per run."""
    app = create_app(_config(database_url))
    with app.app_context():
        reflected = MetaData()
        reflected.reflect(bind=db.engine)
        reflected.drop_all(bind=db.engine)
        upgrade(revision="heads")
        db.engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("keys") / "credential_signing_key.pem")


@pytest.fixture
def app_config(_schema, signing_key_file, tmp_path) -> dict:
    """Tests may change this before the `app` fixture is first used."""
    return _config(
        _schema,
        CREDENTIAL_SIGNING_KEY_FILE=signing_key_file,
        MAIL_FILE_DIR=str(tmp_path / "mail"),  # never the project's instance/
        BANK_UPLOADS_DIR=str(tmp_path / "bank-uploads"),
    )


class IsolatedClient(FlaskClient):
    """Each request gets its own application context, as in production.

    The test itself runs inside an app context; without this, requests would share its `g`
    (and the user Flask-Login caches there) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


# Banks parsed for publishing, by folder and its files' names, sizes and times: most tests
# share one folder, and parsing it for every test would add minutes to a run.
_PARSED_BANKS: dict[tuple, object] = {}


def publish_test_bank(app) -> None:
    """Publish the app's bank folder as exam version 1, as `flask setup` does on a first run:
    candidates get only published versions. A bank that does not validate is left
    unpublished (the tests of a broken bank)."""
    from quiz_app.bank.loader import BankInvalid, directory_signature, load_bank
    from quiz_app.bank.publishing import publish

    directory = app.config["QUESTION_BANK_DIR"]
    key = (directory, directory_signature(directory))
    if key not in _PARSED_BANKS:
        try:
            _PARSED_BANKS[key] = load_bank(directory)
        except BankInvalid as exc:
            _PARSED_BANKS[key] = exc
    bank = _PARSED_BANKS[key]
    if isinstance(bank, BankInvalid):
        return
    with app.app_context():
        publish(bank, "tests", None, None)
        # Tests of the audit log start from an empty log, as before exams were versioned.
        db.session.execute(delete(AuditEntry))
        db.session.commit()


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    publish_test_bank(app)
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(delete(table))
        db.engine.dispose()


@pytest.fixture
def another_app(app_config):
    """More instances of the app on the test's database (other settings, other processes)."""
    made = []

    def _make(**overrides):
        made.append(create_app({**app_config, **overrides}))
        return made[-1]

    yield _make
    for instance in made:
        with instance.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def frozen_clock():
    """The application's clock, frozen at START; tests move it with clock.advance()."""
    clock.freeze(START)
    yield clock
    clock.unfreeze()


@pytest.fixture
def factory(app) -> Factory:
    return Factory(app)


@pytest.fixture
def candidate(factory):
    return factory.user(email="candidate@example.com")


@pytest.fixture
def login(client):
    """Log a user into the test client's session, as Flask-Login would after a form login."""

    def _login(user, into=None):
        target = into or client
        key = sessions.open_for(user, user_agent="pytest", ip="127.0.0.1").key
        with target.session_transaction() as session:
            session["_user_id"] = key
            session["_fresh"] = True
        return target

    return _login


def is_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgresql")


@pytest.fixture
def db_dialect(app) -> str:
    return db.session.execute(text("SELECT 1")).connection.dialect.name


@pytest.fixture
def live_server(app):
    """Serve the test's app on a free local port, for clients outside this process."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
