"""The yardstick: a bare Flask + SQLAlchemy app doing one authenticated single-row write.

Served by the same gunicorn settings as the real app:

    DATABASE_URL=... gunicorn -c gunicorn.conf.py bench.baseline_app:app

`POST /login` puts a user id in Flask's signed-cookie session (no password: the baseline
measures the write path, not hashing). `POST /save` with JSON {"question": ..., "option": ...}
needs that session and inserts one row. SQLite connections get the same pragmas as the app
(WAL, busy timeout), so the two compare on equal terms.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request, session
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, String, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BaselineSave(db.Model):
    __tablename__ = "baseline_save"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    question: Mapped[str] = mapped_column(String(64))
    option: Mapped[str] = mapped_column(String(8))
    saved_at: Mapped[datetime] = mapped_column(DateTime)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.post("/login")
    def login():
        user_id = request.args.get("user", "")
        if not user_id.isdigit():
            return jsonify(error="bad_request"), 400
        session["uid"] = int(user_id)
        return jsonify(ok=True)

    @app.post("/save")
    def save():
        user_id = session.get("uid")
        if user_id is None:
            return jsonify(error="unauthorized"), 401
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            return jsonify(error="bad_request"), 400
        row = BaselineSave(
            user_id=user_id,
            question=str(payload.get("question", ""))[:64],
            option=str(payload.get("option", ""))[:8],
            saved_at=datetime.now(UTC).replace(tzinfo=None),
        )
        db.session.add(row)
        db.session.flush()
        row_id = row.id  # read before commit: expire_on_commit would cost a SELECT
        db.session.commit()
        return jsonify(id=row_id)

    @app.get("/healthz")
    def healthz():
        db.session.execute(text("SELECT 1"))
        return "ok"

    return app


def create_schema() -> None:
    """Called once by the benchmark before the workers start (they would race on it)."""
    app = create_app()
    with app.app_context():
        db.create_all()
        db.engine.dispose()


if os.environ.get("DATABASE_URL") and os.environ.get("SECRET_KEY"):
    app = create_app()
