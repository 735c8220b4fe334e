"""Two admins publish from the same version at the same moment: the database lets one through
(the unique version number) and the other is refused as stale, with nothing half-saved."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from quiz_app.bank import publishing
from quiz_app.bank.loader import load_bank
from quiz_app.bank.models import ExamVersion, ExamVersionQuestion
from quiz_app.extensions import db

from ...factories import question, write_bank


def test_simultaneous_publishes_one_wins_one_is_refused(app, tmp_path):
    base = publishing.latest_version()
    drafts = [
        load_bank(
            write_bank(
                tmp_path / f"bank-{index}",
                blocks={"alpha": [question("alpha-01", text=f"Черновик {index}?")]},
                pass_score=1,
            )
        )
        for index in range(2)
    ]
    db.session.commit()
    barrier = threading.Barrier(2)

    def publish(index: int) -> str:
        with app.app_context():
            barrier.wait()
            try:
                publishing.publish(drafts[index], f"admin {index}", None, base.number)
            except publishing.PublishRefused as exc:
                return exc.code
            finally:
                db.session.remove()
            return "published"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(publish, range(2)))

    assert sorted(results) == ["published", "stale"]
    db.session.rollback()
    versions = db.session.scalars(select(ExamVersion).order_by(ExamVersion.number)).all()
    assert [v.number for v in versions] == [base.number, base.number + 1]
    assert versions[-1].note == f"admin {results.index('published')}"
    members = db.session.scalar(
        select(func.count())
        .select_from(ExamVersionQuestion)
        .where(ExamVersionQuestion.exam_version_id == versions[-1].id)
    )
    assert members == 1
