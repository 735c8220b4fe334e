"""Where the gunicorn workers' threads spend an open loop of answer saves: py-spy, all workers.

Unlike `make bench-profile` (pyinstrument inside the WSGI app), py-spy also sees gunicorn's own
code and the time a thread spends inside a C call: waiting for the SQLite writer queue, in a
commit, for the interpreter lock. Threads waiting for work are left out.

    .venv/bin/python -m bench.spy_workers [--database-url URL] [--rate 250] [--seconds 20]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
from pathlib import Path

from bench import dataset, load, servers
from bench.run import run

# Leaf frames of a thread with nothing to do.
IDLE = ("thread.py:81", "select", "poll", "sleep (", "wait (threading")

# First match wins; the frames of a stack are joined with ";".
KINDS = (
    ("waiting for the SQLite writer queue", ("take_turn",)),
    ("in a commit", ("QueuedWritesConnection.commit (", "Connection.commit (psycopg")),
    ("running SQL", ("do_execute", "QueuedWritesCursor.execute", "psycopg")),
    ("CSRF check", ("csrf",)),
    ("rate limiter hook", ("limiter",)),
    ("SQLAlchemy's Python", ("sqlalchemy",)),
    ("the rest of Flask and the view", ("Flask.wsgi_app",)),
    ("gunicorn: environ and response", ("handle_request",)),
    ("gunicorn: accept, poll, keep-alive", ("gthread",)),
)


def classify(raw: Path) -> tuple[collections.Counter, int]:
    kinds: collections.Counter = collections.Counter()
    busy = 0
    for line in raw.read_text().splitlines():
        stack, count = line.rsplit(" ", 1)
        frames = [f for f in stack.split(";") if not f.startswith("process ")]
        if not frames or any(mark in frames[-1] for mark in IDLE):
            continue
        busy += int(count)
        joined = ";".join(frames)
        kind = next((k for k, marks in KINDS if any(m in joined for m in marks)), "other")
        kinds[kind] += int(count)
    return kinds, busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file (WAL)")
    parser.add_argument("--rate", type=float, default=250.0, help="answer saves a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    spy = Path(sys.executable).with_name("py-spy")
    with dataset.scratch(args.database_url, "quiz-spy-") as (workdir, url):
        app = dataset.make_app(url, workdir)
        dataset.fresh_schema(app)
        pool = dataset.create_candidates(app, 3000, "spy")
        pool = dataset.mint_sessions(app, dataset.open_attempts_in_bulk(app, pool))
        dataset.checkpoint(app)
        raw = workdir / "spy.txt"
        env = dataset.app_env(url, workdir)
        server = servers.Gunicorn(env=env, log_file=workdir / "app.log", settle=1.5).start()
        base, master = server.url, server.pid
        try:
            recorder = subprocess.Popen(
                [str(spy), "record", "--pid", str(master), "--subprocesses", "--nonblocking"]
                + ["--format", "raw", "--rate", "200", "--duration", str(int(args.seconds))]
                + ["--output", str(raw)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            result = run(load.open_loop(load.AppTarget(base), pool, args.rate, args.seconds, 1.0))
            recorder.wait(timeout=args.seconds + 60)
        finally:
            server.stop()
        save = result["kinds"]["save"]
        print(f"{save['per_second']:.0f} saves/s, p99 {save['p99'] * 1000:.1f} ms (py-spy running)")
        kinds, busy = classify(raw)
        print(f"{busy} samples of threads with work, at 200 a second per thread:")
        for kind, count in kinds.most_common():
            print(f"  {count / busy:6.1%}  {kind}")


if __name__ == "__main__":
    main()
