"""Fixtures for the micro-benchmarks: an app on a fresh SQLite file built by the migrations.

Not part of `make test` (its testpaths is tests/); run them with `make bench-micro`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask_migrate import upgrade

from quiz_app import create_app
from quiz_app.extensions import db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REAL_BANK = PROJECT_ROOT / "question_bank"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    directory = tmp_path_factory.mktemp("micro")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "micro-benchmark-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'micro.sqlite3'}",
            "QUESTION_BANK_DIR": str(REAL_BANK),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "CREDENTIAL_SIGNING_KEY_FILE": str(directory / "signing_key.pem"),
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.engine.dispose()
