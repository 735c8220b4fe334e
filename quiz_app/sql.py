"""Statements whose SQL differs between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
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


def among(column, values: Collection):
    """`column IN values`; on PostgreSQL `column = ANY(:array)`.

    An IN list is rendered with one placeholder per value, so every batch size is a new
    statement text: psycopg parses texts over 4 KB anew each time and the server plans each
    one. The array form is one text whatever the count.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)
