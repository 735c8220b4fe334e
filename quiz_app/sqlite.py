"""The embedded SQLite database: its pragmas, and its writers queued.

SQLite lets one connection write at a time. A connection that finds the write lock taken does
not wait for it: it sleeps and tries again, 1, 2, 5, 10 … up to 100 ms between tries. Under a
burst of answer saves the writers then spend their time on those sleep timers rather than on
the lock, and the slowest saves take hundreds of milliseconds although each write transaction
holds the lock for well under one. So writers queue before they write: the threads of a
process on a lock of that process, the processes (gunicorn workers) on a lock file beside the
database, which a waiting process retries every half millisecond. The turn is handed on the
moment a transaction ends.

The queue never decides who may write: SQLite's own locking still does. A writer that waits
longer than the busy timeout for its turn goes on without it, so the worst case is SQLite's
usual "database is locked" after the same timeout, never a new deadlock.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
import weakref

from flask import Flask
from sqlalchemy import event

from .extensions import db

BUSY_TIMEOUT_MS = 5000

# Statements that take SQLite's write lock. A write this misses (a WITH … INSERT, say) is
# still correct, only queued by SQLite's busy handler instead of here.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")

_FILE_LOCK_POLL_SECONDS = 0.0005

_queues: dict[str, threading.Lock] = {}
_queues_guard = threading.Lock()


def _queue_for(database: str) -> threading.Lock:
    with _queues_guard:
        return _queues.setdefault(database, threading.Lock())


def is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


class QueuedWritesConnection(sqlite3.Connection):
    """A sqlite3 connection whose write transactions wait their turn in the queue."""

    def __init__(self, database, *args, **kwargs):
        super().__init__(database, *args, **kwargs)
        name = os.fsdecode(database)
        self._holding = False
        # An in-memory database is private to its connection: nothing to queue for.
        if name == ":memory:" or name.startswith("file:"):
            self._queue = self._lock_file = None
            return
        self._queue = _queue_for(os.path.abspath(name))
        self._lock_file = os.open(f"{name}-writers", os.O_RDWR | os.O_CREAT, 0o600)
        # Closed with the connection, or when a connection nobody closed is collected.
        self._close_lock_file = weakref.finalize(self, os.close, self._lock_file)

    def cursor(self, factory=None):
        return super().cursor(factory or QueuedWritesCursor)

    # The shortcuts would make plain cursors, which do not queue.
    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self.cursor().executemany(sql, seq_of_parameters)

    def take_turn(self, statement: str) -> None:
        if self._queue is None or self._holding or not is_write(statement):
            return
        timeout = BUSY_TIMEOUT_MS / 1000
        deadline = time.monotonic() + timeout
        if not self._queue.acquire(timeout=timeout):
            return
        while True:
            try:
                fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._holding = True
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._queue.release()
                    return
                time.sleep(_FILE_LOCK_POLL_SECONDS)

    def end_turn(self, closing: bool = False) -> None:
        if self._holding and (closing or not self.in_transaction):
            self._holding = False
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
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
            self.end_turn(closing=True)
            if self._lock_file is not None:
                self._close_lock_file()


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


def init_app(app: Flask) -> None:
    """Set the pragmas below on every connection of the app's engine, when it is SQLite.

    Registered on this engine only: other engines in the process (a test's, a tool's) keep
    SQLite's defaults unless they ask for these with `event.listen(engine, "connect", ...)`.
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", set_pragmas)


def set_pragmas(dbapi_connection, connection_record) -> None:
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
