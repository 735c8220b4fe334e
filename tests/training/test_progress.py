"""Signed-in readers: each opened lesson is recorded once per (user, lesson) and shown."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from quiz_app.extensions import db
from quiz_app.training.models import LessonView
from quiz_app.training.services import opened_lessons, record_view

from ..conftest import START


def views(user) -> list[LessonView]:
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(select(LessonView).where(LessonView.user_id == user.id)))


def test_opening_a_lesson_is_recorded_and_counted(client, login, candidate, frozen_clock):
    login(candidate)
    assert client.get("/training/mail").status_code == 200
    frozen_clock.advance(timedelta(hours=2))
    assert client.get("/training/mail").status_code == 200
    [view] = views(candidate)
    assert (view.lesson_id, view.view_count) == ("mail", 2)
    assert view.first_viewed_at == START
    assert view.last_viewed_at == START + timedelta(hours=2)


def test_index_shows_which_lessons_were_opened(client, login, candidate):
    login(candidate)
    client.get("/training/mail")
    client.get("/training/deals")
    page = client.get("/training/").get_data(as_text=True)
    assert "Открыто уроков: 2 из 12." in page
    opened = page.split('href="/training/mail"')[1].split("</li>")[0]
    assert "открыт" in opened
    not_opened = page.split('href="/training/telephony"')[1].split("</li>")[0]
    assert "открыт" not in not_opened


def test_progress_is_per_user(client, login, candidate, factory):
    other = factory.user()
    login(candidate)
    client.get("/training/mail")
    assert views(other) == []
    login(other)
    assert "Открыто уроков: 0 из 12." in client.get("/training/").get_data(as_text=True)


def test_repeated_upsert_keeps_one_row(app, candidate):
    for _ in range(3):
        record_view(candidate, "pipeline")
    assert opened_lessons(candidate)["pipeline"].view_count == 3
    assert len(views(candidate)) == 1
