"""Extra time for a person: granted by an admin, honoured by the server's deadline, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz_app.audit import AuditEntry
from quiz_app.exam.models import TimeAllowance
from quiz_app.extensions import db

from .helpers import refreshed, start


@pytest.fixture
def admin(factory):
    return factory.admin()


def grant(client, user_id: int, **fields):
    data = {"percent": "0", "minutes": "0", "reason": "Справка об инвалидности"} | fields
    return client.post(f"/admin/people/{user_id}/extra-time", data=data)


def audit_entries(action: str) -> list[AuditEntry]:
    db.session.rollback()
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


@pytest.mark.parametrize(
    ("percent", "minutes", "limit"),
    [("50", "0", 90), ("0", "20", 80), ("15", "5", 74), ("1", "0", 61)],
)
def test_new_attempts_last_the_exam_limit_plus_extra_time(
    app, client, login, candidate, admin, frozen_clock, percent, minutes, limit
):
    login(admin)
    response = grant(client, candidate.id, percent=percent, minutes=minutes)
    assert response.status_code == 302

    login(candidate)
    overview = client.get("/exam/").get_data(as_text=True)
    assert f'data-personal-limit="{limit}"' in overview
    attempt = start(client)
    assert attempt.time_limit_minutes == limit
    assert attempt.deadline == frozen_clock.now() + timedelta(minutes=limit)
    [entry] = audit_entries("exam.extra_time_granted")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        admin.id,
        "user",
        str(candidate.id),
    )
    assert entry.after["limit_minutes"] == limit
    assert entry.after["reason"] == "Справка об инвалидности"


def test_open_attempt_gains_time_only_when_asked_and_never_loses_it(
    client, login, candidate, admin, frozen_clock
):
    login(candidate)
    attempt = start(client)
    deadline = attempt.deadline
    login(admin)
    grant(client, candidate.id, minutes="15")
    assert refreshed(attempt).deadline == deadline  # future attempts only

    grant(client, candidate.id, minutes="30", open_attempt_too="y")
    attempt = refreshed(attempt)
    assert attempt.deadline == deadline + timedelta(minutes=30)
    assert attempt.time_limit_minutes == 90
    assert audit_entries("exam.extra_time_granted")[-1].after["open_attempt"] == attempt.id

    grant(client, candidate.id, minutes="10", open_attempt_too="y")
    assert refreshed(attempt).deadline == deadline + timedelta(minutes=30)

    # The server accepts answers until the new deadline.
    login(candidate)
    frozen_clock.advance(timedelta(minutes=80))
    page = client.get(f"/exam/attempts/{attempt.id}/blocks/1")
    assert page.status_code == 200
    assert 'data-remaining="600"' in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reason": ""}, "Укажите основание"),
        ({"minutes": "0", "percent": "0"}, "Укажите процент или минуты больше нуля."),
        ({"percent": "500"}, "От 0 до 300%."),
        ({"minutes": "-5"}, "От 0 до 600 минут."),
        ({"minutes": "десять"}, "Введите целое число."),
    ],
)
def test_bad_grants_are_refused_with_the_reason_and_save_nothing(
    client, login, candidate, admin, fields, message
):
    login(admin)
    response = grant(client, candidate.id, **({"minutes": "10"} | fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.get(TimeAllowance, candidate.id) is None
    assert audit_entries("exam.extra_time_granted") == []


def test_withdrawn_extra_time_no_longer_applies(client, login, candidate, admin):
    login(admin)
    grant(client, candidate.id, percent="25")
    client.post(f"/admin/people/{candidate.id}/extra-time/withdraw")
    assert audit_entries("exam.extra_time_withdrawn")[0].before["extra_percent"] == 25
    login(candidate)
    assert start(client).time_limit_minutes == 60


def test_only_admins_grant_extra_time(client, login, candidate):
    login(candidate)
    response = grant(client, candidate.id, minutes="30")
    assert response.status_code in (302, 403)
    assert db.session.get(TimeAllowance, candidate.id) is None
