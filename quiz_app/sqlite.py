"""The embedded SQLite database: its pragmas, and writers queued per process.

SQLite lets one connection write at a time. A connection that finds the write lock taken does
not wait for it: it sleeps and tries again, 1, 2, 5, 10 … up to 100 ms between tries. Under a
burst of answer saves the threads of a worker then spend their time on those sleep timers
rather than on the lock, and the slowest saves take hundreds of milliseconds although each
write transaction holds the lock for well under one. So each process queues its own writers on
a lock of its own, handed on the moment a transaction ends; only the few gunicorn processes
still meet in SQLite's busy handler, and with one writer each that is rare.

The queue never decides who may write: SQLite's own locking still does. A writer that waits
longer than the busy timeout for the queue goes on without it, so the worst case is SQLite's
usual "database is locked" after the same timeout, never a new deadlock.
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 5000

# Statements that take SQLite's write lock. A write this misses (a WITH … INSERT, say) is
# still correct, only queued by SQLite's busy handler instead of here.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")

_queues: dict[str, threading.Lock] = {}
_queues_guard = threading.Lock()


def _queue_for(database: str) -> threading.Lock:
    with _queues_guard:
        return _queues.setdefault(database, threading.Lock())


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


class QueuedWritesConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions wait their turn on the process's queue."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        name = str(database)
        # Each in-memory database is private to its connection: nothing to queue for.
        self._queue = None if name == ":memory:" or "mode=memory" in name else _queue_for(name)
        self._holding = False

    def cursor(self, factory=None):
        return super().cursor(factory or QueuedWritesCursor)

    # The shortcuts would make plain cursors, which do not queue.
    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def take_turn(self, statement: str) -> None:
        if self._queue is not None and not self._holding and _is_write(statement):
            self._holding = self._queue.acquire(timeout=BUSY_TIMEOUT_MS / 1000)

    def end_turn(self) -> None:
        if self._holding and not self.in_transaction:
            self._holding = False
            self._queue.release()

    def commit(self):
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self):
        try:
            super().close()
        finally:
            if self._holding:
                self._holding = False
                self._queue.release()


class QueuedWritesCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=()):
        self.connection.take_turn(sql)
        try:
            return super().execute(sql, parameters)
        finally:
            self.connection.end_turn()  # a write outside a transaction is done already

    def executemany(self, sql, seq_of_parameters):
        self.connection.take_turn(sql)
        try:
            return super().executemany(sql, seq_of_parameters)
        finally:
            self.connection.end_turn()


def engine_options(database_url: str, options: dict) -> dict:
    """SQLAlchemy engine options for `database_url`, with the queue for SQLite files."""
    if not database_url.startswith("sqlite"):
        return options
    options = dict(options)
    options["connect_args"] = {"factory": QueuedWritesConnection} | options.get("connect_args", {})
    return options


@event.listens_for(Engine, "connect")
def _pragmas(dbapi_connection, connection_record):
    """WAL and a busy timeout let several workers share the embedded database."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # SQLite's built-in lower() folds ASCII only, so ILIKE would miss "Иванов" for "иванов".
        dbapi_connection.create_function(
            "lower", 1, lambda v: v.lower() if isinstance(v, str) else v, deterministic=True
        )
