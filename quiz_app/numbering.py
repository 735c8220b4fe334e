"""Sequential document numbers (certificates, contracts, orders, invoices), one per kind and year.

Increment the counter row (by one, or by a batch's size) with an UPDATE … RETURNING, creating
the row first (INSERT … ON CONFLICT DO NOTHING) when a year has none yet. The UPDATE holds the
row's lock until the caller's transaction ends, so concurrent requests get consecutive numbers,
never the same one, on SQLite and PostgreSQL alike; a rolled-back transaction gives its numbers
back.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, bindparam, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .sql import dialect_insert


class DocumentCounter(db.Model):
    __tablename__ = "document_counter"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


_counters = DocumentCounter.__table__
# Built once, on the table rather than the mapped class: building and running an ORM-enabled
# UPDATE took ten times as long as this (about 450 against 50 µs), and a certificate takes its
# number while its transaction holds SQLite's write lock.
_INCREMENT = (
    update(_counters)
    .where(_counters.c.kind == bindparam("b_kind"), _counters.c.year == bindparam("b_year"))
    .values(last=_counters.c.last + bindparam("b_count"))
    .returning(_counters.c.last)
)


def next_sequence(kind: str, year: int) -> int:
    """Take the next number of `kind` in `year`, inside the caller's transaction."""
    return take_sequences(kind, year, 1)[0]


def take_sequences(kind: str, year: int, count: int) -> range:
    """Take the next `count` consecutive numbers of `kind` in `year`, in one increment.

    The counter's row exists after the first number of a year, so the increment comes first;
    only when it matched nothing is the row created (two transactions racing to create it
    both land on the one row, and the increment's row lock orders them).
    """
    params = {"b_kind": kind, "b_year": year, "b_count": count}
    last = db.session.execute(_INCREMENT, params).scalar_one_or_none()
    if last is None:
        db.session.execute(
            dialect_insert(_counters)
            .values(kind=kind, year=year, last=0)
            .on_conflict_do_nothing(index_elements=["kind", "year"])
        )
        last = db.session.execute(_INCREMENT, params).scalar_one()
    return range(last - count + 1, last + 1)


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"
