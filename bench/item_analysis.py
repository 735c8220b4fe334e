"""How long the item analysis page takes over many finished attempts.

    .venv/bin/python -m bench.item_analysis [ATTEMPTS] [DATABASE_URL]

Builds a fresh schema (SQLite file in a temporary directory unless DATABASE_URL is given, which
is wiped), inserts ATTEMPTS finished attempts on the real 115-question bank in bulk (answers
drawn from a simple ability/difficulty model, so the statistics look like real ones), then
prints the time to load the data, to compute the statistics, and to serve the whole page and
the questions CSV, with the number of SQL statements each took.
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import MetaData, event, insert

from bench.dataset import publish_bank

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build(app, attempts: int, seed: int = 7) -> int:
    from quiz_app.auth.models import Role, User
    from quiz_app.bank.published import current_exam
    from quiz_app.exam.models import Attempt, AttemptItem
    from quiz_app.extensions import db

    rng = random.Random(seed)
    bank = current_exam()
    versions = bank.version_ids
    questions = [
        (index, q) for index, loaded in enumerate(bank.blocks) for q in loaded.block.questions
    ]
    difficulty = {q.id: rng.gauss(0, 1) for _, q in questions}
    db.session.execute(
        insert(User),
        [
            {
                "email": f"bench{i}@example.com",
                "full_name": f"Кандидат {i}",
                "company": "Бенч",
                "phone": "",
                "password_hash": "x",
                "role": Role.CANDIDATE,
            }
            for i in range(attempts)
        ],
    )
    user_ids = [u.id for u in db.session.query(User.id).order_by(User.id)]
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    rows, items = [], []
    for n, user_id in enumerate(user_ids):
        ability = rng.gauss(0, 1)
        began = start + timedelta(minutes=7 * n)
        answers = []
        for block_index, q in questions:
            p = 1 / (1 + math.exp(-1.5 * (ability - difficulty[q.id])))
            wrong = [o.id for o in q.options if o.id != q.answer]
            right = rng.random() < p
            chosen = q.answer if right else (rng.choice(wrong) if rng.random() > 0.05 else None)
            answers.append((block_index, q, chosen, int(right)))
        score = sum(a[3] for a in answers)
        rows.append(
            {
                "user_id": user_id,
                "status": "finished",
                "started_at": began,
                "deadline": began + timedelta(minutes=60),
                "last_activity_at": began,
                "seed": 0,
                "time_limit_minutes": 60,
                "pass_score": bank.settings.pass_score,
                "max_score": bank.max_score,
                "question_count": len(questions),
                "finished_at": began + timedelta(minutes=rng.randint(20, 60)),
                "finish_reason": "submitted",
                "score": score,
                "passed": score >= bank.settings.pass_score,
            }
        )
        items.append(answers)
    db.session.execute(insert(Attempt), rows)
    attempt_ids = [a.id for a in db.session.query(Attempt.id).order_by(Attempt.id)]
    batch = []
    for attempt_id, answers in zip(attempt_ids, items, strict=True):
        for position, (block_index, q, chosen, right) in enumerate(answers):
            batch.append(
                {
                    "attempt_id": attempt_id,
                    "position": position,
                    "block_index": block_index,
                    "question_id": q.id,
                    "question_version_id": versions[q.id],
                    "option_order": [o.id for o in q.options],
                    "chosen_option": chosen,
                    "is_correct": bool(right),
                    "points_awarded": right,
                }
            )
        if len(batch) > 20_000:
            db.session.execute(insert(AttemptItem), batch)
            batch = []
    if batch:
        db.session.execute(insert(AttemptItem), batch)
    db.session.commit()
    return len(attempt_ids) * len(questions)


def timed(label: str, engine, action):
    statements = []

    def count(*args, **kwargs):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    began = time.perf_counter()
    try:
        result = action()
    finally:
        elapsed = time.perf_counter() - began
        event.remove(engine, "before_cursor_execute", count)
    print(f"{label:<34} {elapsed * 1000:8.0f} ms   {len(statements):3d} SQL statements")
    return result


def main() -> None:
    attempts = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    workdir = Path(tempfile.mkdtemp(prefix="item-analysis-"))
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{workdir / 'bench.sqlite3'}"
    from quiz_app import create_app
    from quiz_app.admin.statistics.analysis import analyse
    from quiz_app.admin.statistics.loading import Period, load_dataset
    from quiz_app.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "QUESTION_BANK_DIR": str(PROJECT_ROOT / "question_bank"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "CREDENTIAL_SIGNING_KEY_FILE": str(workdir / "key.pem"),
        }
    )
    with app.app_context():
        reflected = MetaData()
        reflected.reflect(bind=db.engine)
        reflected.drop_all(bind=db.engine)
        upgrade(revision="heads")
        publish_bank(app)
        began = time.perf_counter()
        count = build(app, attempts)
        print(
            f"{attempts} attempts, {count} attempt items on {db.engine.dialect.name} "
            f"(built in {time.perf_counter() - began:.1f} s)"
        )
        dataset = timed("load_dataset (all time)", db.engine, lambda: load_dataset(Period()))
        report = timed("analyse (pure)", db.engine, lambda: analyse(dataset))
        print(
            f"  alpha {report.exam.alpha:.3f}, "
            f"flagged questions {sum(bool(i.flags) for i in report.items)}"
        )
        from quiz_app.auth import sessions
        from quiz_app.auth.services import create_admin

        admin, _ = create_admin("bench-admin@example.com", "bench-password")
        client = app.test_client()
        key = sessions.open_for(admin).key
        with client.session_transaction() as session:
            session["_user_id"] = key
            session["_fresh"] = True
        for label, url_path in (
            ("GET /admin/statistics", "/admin/statistics"),
            ("GET /admin/statistics/questions.csv", "/admin/statistics/questions.csv"),
            ("GET /admin/statistics/questions/<id>", "/admin/statistics/questions/mail-05"),
        ):
            response = timed(label, db.engine, lambda p=url_path: client.get(p))
            assert response.status_code == 200, response.status_code


if __name__ == "__main__":
    main()
