"""Two app processes on one database serve one candidate alternately, and race a submission."""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from quiz_app.certificates.models import Certificate
from quiz_app.exam.models import Attempt, AttemptItem
from quiz_app.extensions import db

from ..conftest import REAL_BANK
from ..factories import PASSWORD
from .servers import Browser, running, server_env


def test_one_attempt_through_two_processes(database_url, signing_key_file, app, factory):
    user = factory.user(email="lb@example.com")
    env = server_env(database_url, signing_key_file, REAL_BANK)
    with running(env, count=2) as (first, second):
        browser = Browser()
        browser.login(first.url, user.email, PASSWORD)
        status, headers, _ = browser.request(second.url, "/exam/start", {})
        assert status == 302
        attempt_id = int(re.search(r"/attempts/(\d+)/", headers["Location"]).group(1))

        items = db.session.scalars(
            select(AttemptItem)
            .where(AttemptItem.attempt_id == attempt_id)
            .order_by(AttemptItem.position)
        ).all()
        for index, item in enumerate(items):
            server = (first, second)[index % 2]
            status, _, body = browser.request(
                server.url,
                f"/exam/attempts/{attempt_id}/answers",
                json_body={"question": item.question_id, "option": item.version.answer},
            )
            assert status == 200, body
        assert (
            f'data-status-for="{items[0].question_id}"'
            in browser.request(second.url, f"/exam/attempts/{attempt_id}/blocks/1")[2]
        )

        results: list[int] = []
        barrier = threading.Barrier(2)

        def submit(server):
            barrier.wait()
            results.append(
                browser.request(server.url, f"/exam/attempts/{attempt_id}/submit", {})[0]
            )

        threads = [threading.Thread(target=submit, args=(s,)) for s in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [302, 302]

    db.session.rollback()
    attempt = db.session.get(Attempt, attempt_id)
    assert attempt.score == 115
    assert attempt.passed
    certificates = db.session.scalar(
        select(func.count()).select_from(Certificate).where(Certificate.user_id == user.id)
    )
    assert certificates == 1
