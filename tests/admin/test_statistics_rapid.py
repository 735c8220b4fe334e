"""The statistics page flags accounts that start attempts in quick succession."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quiz_app.admin.statistics.rapid import RAPID_ATTEMPTS, busiest_windows
from quiz_app.exam import finishing
from quiz_app.exam import services as exam
from quiz_app.exam.models import FinishReason

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_three_starts_within_an_hour_flag_an_account():
    starts = [(1, T0), (1, T0 + timedelta(minutes=20)), (1, T0 + timedelta(minutes=59))]
    starts += [(2, T0), (2, T0 + timedelta(minutes=40)), (2, T0 + timedelta(hours=2))]
    assert busiest_windows(starts) == {1: (3, T0, T0 + timedelta(minutes=59))}


def test_the_busiest_window_is_reported():
    starts = [(7, T0 + timedelta(minutes=m)) for m in (0, 70, 80, 90, 100, 300)]
    count, first, last = busiest_windows(starts)[7]
    assert (count, first, last) == (4, T0 + timedelta(minutes=70), T0 + timedelta(minutes=100))
    assert count >= RAPID_ATTEMPTS


def test_the_page_lists_a_rapid_retaker(client, login, factory, frozen_clock):
    quick = factory.user(email="quick@example.com", full_name="Быстрый Скрипт")
    for _ in range(3):
        attempt = exam.start_or_resume(quick)
        finishing.finalize(attempt.id, FinishReason.SUBMITTED)
        frozen_clock.advance(timedelta(minutes=5))
    slow = factory.user(email="slow@example.com")
    attempt = exam.start_or_resume(slow)
    finishing.finalize(attempt.id, FinishReason.SUBMITTED)
    login(factory.admin())
    page = client.get("/admin/statistics").get_data(as_text=True)
    assert f'data-rapid="{quick.id}"' in page
    assert f'data-rapid="{slow.id}"' not in page
