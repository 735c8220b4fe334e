"""A pass issues a certificate at once, exactly once, with a sequential yearly number."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from quiz_app import numbering
from quiz_app.auth.models import Role
from quiz_app.certificates import services
from quiz_app.certificates.models import Certificate
from quiz_app.exam import finishing
from quiz_app.exam.models import FinishReason
from quiz_app.extensions import db

from ..exam.helpers import answer_with_score, start
from ..factories import answered_attempt, pass_exam


def certificate_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Certificate))


def test_pass_issues_certificate_and_makes_partner(factory, frozen_clock):
    user = factory.user(full_name="Петрова Анна Сергеевна", company="ООО «Интегратор»")
    attempt = pass_exam(user, correct=100)
    certificate = services.for_attempt(attempt.id)
    assert certificate.number == f"AP-{frozen_clock.now().year}-000001"
    assert (certificate.holder_name, certificate.company) == (user.full_name, user.company)
    assert (certificate.score, certificate.max_score) == (100, 115)
    assert certificate.issued_at == frozen_clock.now()
    assert certificate.valid_until == frozen_clock.now().replace(year=frozen_clock.now().year + 1)
    assert len(certificate.public_id) >= 20
    assert user.role == Role.PARTNER
    assert services.is_certified(user)


def test_fail_issues_nothing(factory):
    user = factory.user()
    pass_exam(user, correct=99)
    assert certificate_count() == 0
    assert user.role == Role.CANDIDATE


def test_numbers_are_sequential_per_year(factory, frozen_clock):
    first = services.for_attempt(pass_exam(factory.user()).id)
    second = services.for_attempt(pass_exam(factory.user()).id)
    frozen_clock.advance(timedelta(days=366))
    next_year = services.for_attempt(pass_exam(factory.user()).id)
    year = first.year
    assert [first.number, second.number] == [f"AP-{year}-000001", f"AP-{year}-000002"]
    assert next_year.number == f"AP-{year + 1}-000001"


def test_double_submit_issues_once(client, login, candidate):
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 110)
    first = client.post(f"/exam/attempts/{attempt.id}/submit")
    second = client.post(f"/exam/attempts/{attempt.id}/submit")
    assert first.headers["Location"].endswith("/partner/certificate")
    assert second.headers["Location"].endswith(f"/exam/attempts/{attempt.id}/result")
    assert certificate_count() == 1


def finalize_concurrently(app, attempt_ids: list[int]) -> list[BaseException]:
    barrier = threading.Barrier(len(attempt_ids))
    errors: list[BaseException] = []

    def submit(attempt_id: int):
        try:
            with app.app_context():
                barrier.wait()
                finishing.finalize(attempt_id, FinishReason.SUBMITTED)
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(a,)) for a in attempt_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_racing_finalizations_issue_one_certificate(app, factory):
    attempt = answered_attempt(factory.user())
    assert finalize_concurrently(app, [attempt.id] * 4) == []
    assert certificate_count() == 1


def test_concurrent_passes_get_distinct_consecutive_numbers(app, factory):
    attempts = [answered_attempt(factory.user()).id for _ in range(4)]
    assert finalize_concurrently(app, attempts) == []
    db.session.rollback()
    assert sorted(db.session.scalars(select(Certificate.sequence))) == [1, 2, 3, 4]


def sweep_after_deadline(frozen_clock) -> int:
    frozen_clock.advance(timedelta(minutes=60) + finishing.grace() + timedelta(seconds=1))
    return finishing.finalize_expired()


def test_sweep_issues_one_batch_of_consecutive_numbers(factory, frozen_clock):
    candidates = [factory.user() for _ in range(3)]
    failing = factory.user()
    admin = factory.admin()
    passing = [answered_attempt(user) for user in candidates]
    failed = answered_attempt(failing, correct=99)
    admins = answered_attempt(admin)
    assert sweep_after_deadline(frozen_clock) == 5
    issued = db.session.scalars(select(Certificate).order_by(Certificate.sequence)).all()
    in_attempt_order = [a.id for a in sorted([*passing, admins], key=lambda a: a.id)]
    assert [c.attempt_id for c in issued] == in_attempt_order
    assert [c.sequence for c in issued] == [1, 2, 3, 4]
    assert services.for_attempt(failed.id) is None
    db.session.refresh(failed)
    assert all(c.issued_at == failed.deadline for c in issued)
    by_attempt = {c.attempt_id: c for c in issued}
    for user, attempt in zip(candidates, passing, strict=True):
        db.session.refresh(user)
        assert user.role == Role.PARTNER
        assert by_attempt[attempt.id].holder_name == user.full_name
    for user, role in ((failing, Role.CANDIDATE), (admin, Role.ADMIN)):
        db.session.refresh(user)
        assert user.role == role


def test_batch_across_new_year_numbers_each_year_from_its_counter(factory, frozen_clock):
    frozen_clock.freeze(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    old_year = answered_attempt(factory.user())
    frozen_clock.advance(timedelta(hours=1))
    new_year = answered_attempt(factory.user())
    with db.session.begin():
        assert numbering.take_sequences("certificate", 2026, 4) == range(1, 5)
    sweep_after_deadline(frozen_clock)
    assert services.for_attempt(old_year.id).number == "AP-2026-000005"
    assert services.for_attempt(new_year.id).number == "AP-2027-000001"


def test_taken_blocks_follow_on_and_a_rollback_gives_them_back(app):
    assert numbering.take_sequences("order", 2026, 3) == range(1, 4)
    db.session.rollback()
    assert numbering.take_sequences("order", 2026, 2) == range(1, 3)
    db.session.commit()
    assert numbering.next_sequence("order", 2026) == 3
    assert numbering.take_sequences("order", 2027, 1) == range(1, 2)


def test_passing_in_the_browser_leads_to_certificate_page(client, login, candidate):
    login(candidate)
    attempt = start(client)
    answer_with_score(client, attempt, 115)
    response = client.post(f"/exam/attempts/{attempt.id}/submit", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/partner/certificate"
    assert "Поздравляем! Экзамен сдан" in page
    number = services.for_attempt(attempt.id).number
    assert number in page
    assert "Скачать PDF" in page
