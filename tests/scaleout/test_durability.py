"""SIGKILL during a stream of answer saves: every save that was acknowledged survives."""

from __future__ import annotations

import http.client
import threading
import time

from sqlalchemy import select

from quiz_app.exam import services
from quiz_app.exam.models import AttemptItem
from quiz_app.extensions import db

from ..conftest import REAL_BANK
from ..factories import PASSWORD
from .servers import Browser, Server, server_env


def test_acknowledged_answers_survive_sigkill(database_url, signing_key_file, app, factory):
    user = factory.user(email="crash@example.com")
    attempt_id = services.start_or_resume(user).id
    plan = [
        (item.question_id, item.option_order[-1])
        for item in db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        )
    ]
    db.session.rollback()
    env = server_env(database_url, signing_key_file, REAL_BANK)
    server = Server(env=env, workers=1, threads=4).start()
    current = {"url": server.url}
    acknowledged: list[tuple[str, str]] = []
    failures = 0
    browser = Browser()
    browser.login(server.url, user.email, PASSWORD)

    def stream():
        nonlocal failures
        for question, option in plan:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    status, _, _ = browser.request(
                        current["url"],
                        f"/exam/attempts/{attempt_id}/answers",
                        json_body={"question": question, "option": option},
                    )
                # A kill between the status line and the body ends the read early
                # (IncompleteRead): that save was never acknowledged, so it is sent again.
                except (OSError, http.client.HTTPException):
                    failures += 1
                    time.sleep(0.05)
                    continue
                if status == 200:
                    acknowledged.append((question, option))
                    break
                failures += 1
                time.sleep(0.05)

    writer = threading.Thread(target=stream)
    writer.start()
    try:
        while len(acknowledged) < 40 and writer.is_alive():
            time.sleep(0.005)
        server.kill()
        killed_after = len(acknowledged)
        restarted = Server(env=env, workers=1, threads=4).start()
        current["url"] = restarted.url
        writer.join(timeout=120)
    finally:
        server.stop()
        if "restarted" in locals():
            restarted.stop()

    assert not writer.is_alive()
    assert killed_after >= 40
    assert len(acknowledged) == len(plan), "the stream did not resume after the restart"
    db.session.rollback()
    saved = dict(
        db.session.execute(
            select(AttemptItem.question_id, AttemptItem.chosen_option).where(
                AttemptItem.attempt_id == attempt_id
            )
        ).all()
    )
    lost = [(q, o) for q, o in acknowledged if saved.get(q) != o]
    assert lost == []
