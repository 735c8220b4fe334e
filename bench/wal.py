"""How much write-ahead log PostgreSQL wrote during a measurement, and how many whole pages.

An answer save updates a row on a page that other saves seldom touched a moment before, while
the baseline inserts into the table's last page. After a checkpoint (and every latency
measurement starts with one, see bench.run.settle) the first change to a page logs the whole
8 kB page, so the app may write many times the baseline's WAL per save; each commit waits for
its WAL to reach the disk. Read from `pg_stat_wal` (PostgreSQL 14+), which counts the whole
server, like bench.cpu counts the whole machine. SQLite: nothing is read.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url

FIELDS = ("wal_records", "wal_fpi", "wal_bytes")


def snapshot(database_url: str | None = None) -> dict[str, float]:
    """The server's WAL counters now; empty for SQLite or when they cannot be read.

    `database_url` defaults to DATABASE_URL, which bench.dataset.make_app sets for the run.
    """
    url = database_url or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return {}
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, connect_timeout=3, autocommit=True) as connection:
            row = connection.execute(f"SELECT {', '.join(FIELDS)} FROM pg_stat_wal").fetchone()
    except psycopg.Error:  # a figure that cannot be read is left out, not guessed
        return {}
    return dict(zip(FIELDS, (float(value) for value in row), strict=True))


def written(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """WAL records, full-page images and bytes written between two snapshots."""
    if not before or not after:
        return {}
    return {field: after[field] - before[field] for field in FIELDS}


def describe(wal: dict[str, float], saves: int) -> str:
    """Per answer save: everything the server logged in the measurement (its submissions and
    pages too) divided by the saves it sent."""
    if not wal or saves <= 0:
        return ""
    return (
        f"WAL {wal['wal_bytes'] / saves / 1024:.1f} kB and {wal['wal_fpi'] / saves:.2f}"
        f" full-page images per save"
    )
