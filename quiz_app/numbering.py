"""Sequential document numbers (certificates, contracts, orders, invoices), one per kind and year.

Make sure the counter row exists (INSERT … ON CONFLICT DO
NOTHING), then increment it with an UPDATE … RETURNING. The UPDATE holds the row's lock until the
caller's transaction ends, so concurrent requests get consecutive numbers, never the same one,
on SQLite and PostgreSQL alike; a rolled-back transaction gives its number back.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .sql import dialect_insert


class DocumentCounter(db.Model):
    __tablename__ = "document_counter"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


def next_sequence(kind: str, year: int) -> int:
    """Take the next number of `kind` in `year`, inside the caller's transaction."""
    db.session.execute(
        dialect_insert(DocumentCounter)
        .values(kind=kind, year=year, last=0)
        .on_conflict_do_nothing(index_elements=["kind", "year"])
    )
    return db.session.execute(
        update(DocumentCounter)
        .where(DocumentCounter.kind == kind, DocumentCounter.year == year)
        .values(last=DocumentCounter.last + 1)
        .returning(DocumentCounter.last)
    ).scalar_one()


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"
