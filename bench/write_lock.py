"""How long one submission holds the database's write lock, and how long it takes in all.

On SQLite the first write statement of a transaction takes the database's write lock until
the commit, and every answer save of every candidate waits while it is held. This times
submissions of answered, passing attempts one at a time on a fresh database (no other load):
from the start of the transaction's first write statement to the end of its commit, and the
whole call.

    .venv/bin/python -m bench.write_lock [--database-url URL] [--attempts 30]
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import event

from bench import dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file (WAL)")
    parser.add_argument("--attempts", type=int, default=30)
    args = parser.parse_args()
    with dataset.scratch(args.database_url, "quiz-lock-") as (workdir, url):
        setup = dataset.make_app(url, workdir)
        dataset.fresh_schema(setup)
        candidates = dataset.open_attempts_in_bulk(
            setup, dataset.create_candidates(setup, args.attempts + 1, "lock")
        )
        dataset.answer_directly(setup, candidates, correct_share=1.0)
        dataset.checkpoint(setup)
        totals, holds = measure([c.attempt_id for c in candidates])
    print(
        f"{len(holds)} passing submissions, one at a time: medians {statistics.median(totals):.2f}"
        f" ms in all, {statistics.median(holds):.2f} ms holding the write lock"
        f" (max {max(holds):.2f} ms)"
    )


def measure(attempt_ids: list[int]) -> tuple[list[float], list[float]]:
    """(total ms, ms from the first write to the end of the commit) of each finalization but
    the first, which fills the app's caches. The app has its own engine: none of the setup's
    shortcuts (no flush to disk on commit) apply."""
    from quiz_app import create_app
    from quiz_app.exam import finishing
    from quiz_app.exam.models import FinishReason
    from quiz_app.extensions import db
    from quiz_app.sqlite import is_write

    app = create_app()
    first_write: list[float] = []
    totals, holds = [], []
    with app.app_context():

        @event.listens_for(db.engine, "before_cursor_execute")
        def _note_first_write(conn, cursor, statement, parameters, context, executemany):
            if not first_write and is_write(statement):
                first_write.append(time.perf_counter())

        for number, attempt_id in enumerate(attempt_ids):
            first_write.clear()
            started = time.perf_counter()
            assert finishing.finalize(attempt_id, FinishReason.SUBMITTED)
            ended = time.perf_counter()
            if number:
                totals.append((ended - started) * 1000)
                holds.append((ended - first_write[0]) * 1000)
        db.session.remove()
        db.engine.dispose()
    return totals, holds


if __name__ == "__main__":
    main()
