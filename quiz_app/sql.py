"""Statements whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db


def dialect_insert(target):
    """An INSERT that supports ON CONFLICT on the session's database (both dialects have it).

    Races settled by a unique key (first attempt creating a question version, counters,
    idempotent events) use it instead of check-then-insert.
    """
    dialect = db.session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(target)
