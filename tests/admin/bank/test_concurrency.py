"""Two saves of the same question at the same moment: the database makes them take turns, and
the second one, seeing the first one's file, is refused."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from quiz_app.admin.bank import drafts, questions, store
from quiz_app.admin.bank.field_errors import Conflict
from quiz_app.admin.bank.models import QuestionRevision
from quiz_app.auth.models import User
from quiz_app.extensions import db

from ...factories import write_bank


def test_simultaneous_saves_one_wins_one_is_refused(app, app_config, tmp_path, factory):
    directory = write_bank(tmp_path / "bank")
    app.config["QUESTION_BANK_DIR"] = str(directory)
    admin_ids = [factory.admin(email=f"a{i}@example.com").id for i in range(2)]
    question = questions.locate(store.current_bank(directory), "alpha-01").question
    token = store.question_token(question)
    barrier = threading.Barrier(2)

    def save(index: int) -> str:
        with app.app_context():
            author = db.session.get(User, admin_ids[index])
            draft = drafts.draft_of(question)
            draft.text = f"Правка номер {index}?"
            barrier.wait()
            try:
                questions.edit("alpha-01", token, draft, author)
            except Conflict:
                return "refused"
            finally:
                db.session.remove()
            return "saved"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(save, range(2)))

    assert sorted(results) == ["refused", "saved"]
    winner = results.index("saved")
    saved = questions.locate(store.current_bank(directory), "alpha-01").question
    assert saved.text == f"Правка номер {winner}?"
    db.session.rollback()
    revisions = db.session.scalars(select(QuestionRevision)).all()
    assert [(r.question_id, r.author_id) for r in revisions] == [("alpha-01", admin_ids[winner])]
