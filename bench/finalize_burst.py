"""1 000 candidates whose deadlines pass together: how long until every attempt is finalized?

Sets up 1 000 open attempts (the rows the start service writes, inserted in bulk), answers
all their questions (half of them well enough to pass, so certificates are issued too), moves
every deadline past the grace period, then runs the real `flask --app quiz_app
finalize-expired` and times it, start-up of the command included. Checks that every attempt
ended up finished and scored.

    .venv/bin/python -m bench.finalize_burst [--database-url URL] [--count 1000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from bench import dataset
from bench.servers import ROOT

TARGET_SECONDS = 10.0


def run(database_url: str, workdir: Path, count: int = 1000, fresh: bool = True) -> dict:
    app = dataset.make_app(database_url, workdir)
    if fresh:
        dataset.fresh_schema(app)
    watch = dataset.Stopwatch()
    candidates = dataset.create_candidates(app, count, f"burst{int(time.time())}-")
    candidates = dataset.open_attempts_in_bulk(app, candidates)
    dataset.answer_directly(app, candidates, correct_share=0.5)
    dataset.expire_attempts(app, [c.attempt_id for c in candidates], seconds_ago=60)
    dataset.checkpoint(app)
    setup_seconds = watch()

    env = dict(os.environ)
    env.update(dataset.app_env(database_url, workdir))
    cpu_before = _children_cpu()
    started = time.perf_counter()
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "quiz_app", "finalize-expired"],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    seconds = time.perf_counter() - started
    cpu_seconds = _children_cpu() - cpu_before
    if completed.returncode != 0:
        raise RuntimeError(f"finalize-expired failed:\n{completed.stdout}\n{completed.stderr}")
    return {
        "attempts": count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "setup_seconds": setup_seconds,
        "command_output": completed.stdout.strip(),
        **_check(app, [c.attempt_id for c in candidates]),
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _check(app, attempt_ids: list[int]) -> dict:
    from quiz_app.certificates.models import Certificate
    from quiz_app.exam.models import Attempt, Status
    from quiz_app.extensions import db

    with app.app_context():
        finished = db.session.scalar(
            select(func.count()).where(
                Attempt.id.in_(attempt_ids),
                Attempt.status == Status.FINISHED,
                Attempt.score.is_not(None),
            )
        )
        passed = db.session.scalar(
            select(func.count()).where(Attempt.id.in_(attempt_ids), Attempt.passed.is_(True))
        )
        certificates = db.session.scalar(
            select(func.count()).where(Certificate.attempt_id.in_(attempt_ids))
        )
        db.session.remove()
        db.engine.dispose()
    return {"finished": finished, "passed": passed, "certificates": certificates}


def describe(result: dict) -> str:
    if "error" in result:
        return f"finalize burst: FAILED: {result['error'].splitlines()[-1][:300]}"
    verdict = (
        "met"
        if result["seconds"] <= TARGET_SECONDS and result["finished"] == result["attempts"]
        else "MISSED"
    )
    return (
        f"finalize burst: {result['finished']}/{result['attempts']} attempts finalized in "
        f"{result['seconds']:.1f} s, the command's start-up included (target "
        f"{TARGET_SECONDS:.0f} s: {verdict}; the command used {result['cpu_seconds']:.1f} s of "
        f"CPU); "
        f"{result['passed']} passed, {result['certificates']} certificates; "
        f"`{result['command_output']}`"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file (WAL)")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with dataset.scratch(args.database_url, "quiz-bench-") as (workdir, url):
        print(describe(run(url, workdir, args.count)))


if __name__ == "__main__":
    main()
