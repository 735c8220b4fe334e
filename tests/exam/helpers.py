from __future__ import annotations

from sqlalchemy import select

from quiz_app.exam.models import Attempt, AttemptItem
from quiz_app.extensions import db


def start(client) -> Attempt:
    response = client.post("/exam/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].split("/attempts/")[1].split("/")[0])
    return db.session.get(Attempt, attempt_id)


def items(attempt: Attempt) -> list[AttemptItem]:
    db.session.rollback()  # end the test's read transaction: see what requests committed
    return list(
        db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt.id)
            .order_by(AttemptItem.position)
        )
    )


def answer(client, attempt_id: int, question: str, option: str):
    return client.post(
        f"/exam/attempts/{attempt_id}/answers", json={"question": question, "option": option}
    )


def wrong_option(item: AttemptItem) -> str:
    return next(o for o in item.option_order if o != item.version.answer)


def answer_with_score(client, attempt: Attempt, correct: int) -> None:
    """Answer every question, exactly `correct` of them right."""
    for index, item in enumerate(items(attempt)):
        option = item.version.answer if index < correct else wrong_option(item)
        response = answer(client, attempt.id, item.question_id, option)
        assert response.status_code == 200, response.get_json()


def refreshed(attempt: Attempt) -> Attempt:
    db.session.rollback()
    return db.session.get(Attempt, attempt.id)
