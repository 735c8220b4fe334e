"""SQLite writers queued per process (quiz_app/sqlite.py): no lost writes, no held turns."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, event, text

from quiz_app import sqlite as queued


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / "queue.sqlite3")


def connect(path: str, timeout: float = 5.0) -> queued.QueuedWritesConnection:
    connection = sqlite3.connect(
        path, factory=queued.QueuedWritesConnection, timeout=timeout, check_same_thread=False
    )
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


def test_the_app_engine_uses_the_queue_on_sqlite_only(path):
    options = queued.engine_options(f"sqlite:///{path}", {"pool_recycle": 1800})
    assert options["connect_args"]["factory"] is queued.QueuedWritesConnection
    assert options["pool_recycle"] == 1800
    postgres = {"pool_recycle": 1800}
    assert queued.engine_options("postgresql+psycopg://db/x", postgres) is postgres
    engine = create_engine(f"sqlite:///{path}", **options)
    event.listen(engine, "connect", queued.set_pragmas)
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, queued.QueuedWritesConnection)
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def _create_saves(path: str) -> None:
    setup = connect(path)
    setup.execute("CREATE TABLE saves (writer INTEGER, n INTEGER)")
    setup.close()


def _write_saves(path: str, writer: int, count: int) -> None:
    """`count` write transactions of two statements each, from one connection."""
    connection = connect(path)
    try:
        for n in range(count):
            connection.execute("INSERT INTO saves VALUES (?, ?)", (writer, n))
            connection.execute("UPDATE saves SET n = n WHERE writer = ?", (writer,))
            connection.commit()
    finally:
        connection.close()


def test_concurrent_writers_all_land_and_leave_the_turn_free(path):
    _create_saves(path)
    errors: list[BaseException] = []

    def write(thread: int) -> None:
        try:
            _write_saves(path, thread, 40)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    check = connect(path)
    assert check.execute("SELECT COUNT(*) FROM saves").fetchone() == (12 * 40,)
    assert not queued._queue_for(path).locked()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_write_transaction_holds_the_turn_until_it_ends(path, end):
    connection = connect(path)
    connection.execute("CREATE TABLE t (x INTEGER)")
    reads = connection.execute("SELECT COUNT(*) FROM t").fetchone()
    assert reads == (0,) and not queued._queue_for(path).locked()  # reads never queue
    connection.execute("INSERT INTO t VALUES (1)")
    assert queued._queue_for(path).locked()
    getattr(connection, end)()
    assert not queued._queue_for(path).locked()


def test_a_second_writer_in_the_same_thread_times_out_instead_of_hanging(path, monkeypatch):
    monkeypatch.setattr(queued, "BUSY_TIMEOUT_MS", 200)
    first, second = connect(path, timeout=0.2), connect(path, timeout=0.2)
    first.execute("CREATE TABLE t (x INTEGER)")
    first.execute("INSERT INTO t VALUES (1)")
    # The queue gives up after the busy timeout and SQLite reports its own lock, as it would
    # without the queue: an error the caller sees, never a thread stuck for good.
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        second.execute("INSERT INTO t VALUES (2)")
    first.commit()
    second.rollback()
    second.execute("INSERT INTO t VALUES (3)")
    second.commit()
    assert sorted(first.execute("SELECT x FROM t").fetchall()) == [(1,), (3,)]
    assert not queued._queue_for(path).locked()


def test_writers_in_several_processes_queue_on_the_lock_file(path):
    _create_saves(path)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_saves, args=(path, p, 60)) for p in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0, 0]
    check = connect(path)
    assert check.execute("SELECT COUNT(*) FROM saves").fetchone() == (3 * 60,)
    assert os.path.exists(f"{path}-writers")


def test_only_the_apps_engine_gets_the_pragmas(app, tmp_path):
    from quiz_app.extensions import db

    other = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        with other.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 0
    finally:
        other.dispose()
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
