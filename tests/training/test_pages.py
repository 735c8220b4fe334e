"""The training section is public: anyone can read; only signed-in readers leave a trace."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quiz_app.extensions import db
from quiz_app.training.models import LessonView

from .conftest import lesson_text, write_lesson


def test_anonymous_reads_the_index_grouped_by_exam_block(client):
    response = client.get("/training/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="block-mail"' in page
    assert "Блок 4. Почта" in page
    assert 'href="/training/mail"' in page
    assert 'id="general"' in page and 'href="/training/tariffs"' in page
    assert "Войдите, чтобы отмечать прочитанные уроки" in page
    # Blocks appear in exam order.
    order = [page.index(f'id="block-{b}"') for b in ("business", "mail", "analytics")]
    assert order == sorted(order)


def test_anonymous_reads_a_lesson_and_nothing_is_recorded(client):
    response = client.get("/training/mail")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Почта в amoCRM</h1>" in page
    assert 'href="/training/#block-mail"' in page  # the lesson links to its block
    assert "Готовит к блоку экзамена" in page
    assert 'rel="next" href="/training/telephony"' in page
    assert db.session.scalar(select(func.count()).select_from(LessonView)) == 0


def test_related_blocks_are_linked(client):
    page = client.get("/training/tariffs").get_data(as_text=True)
    assert "Пригодится также в блоках" in page
    assert 'href="/training/#block-pipeline"' in page


def test_unknown_lesson_is_404(client):
    assert client.get("/training/no-such-lesson").status_code == 404


def test_pages_respect_the_csp(client):
    for url in ("/training/", "/training/tariffs"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert not re.search(r"\sstyle=", page), url
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert "/static/css/training.css" in page


def test_navigation_and_home_page_link_to_training(client):
    home = client.get("/").get_data(as_text=True)
    assert home.count('href="/training/"') >= 2  # the main menu and the step card


def test_broken_lessons_keep_the_last_good_version(lessons_dir, client, caplog):
    path = write_lesson(lessons_dir, "01_mail.md", lesson_text(title="Первая версия"))
    assert "Первая версия" in client.get("/training/mail").get_data(as_text=True)
    path.write_text(lesson_text(title="Вторая: версия") + "\n", encoding="utf-8")
    page = client.get("/training/mail").get_data(as_text=True)
    assert "Первая версия" in page
    assert "lessons in" in caplog.text and "YAML syntax error" in caplog.text


def test_no_valid_lessons_is_503(lessons_dir, client):
    write_lesson(lessons_dir, "01_mail.md", "## no front matter\n")
    assert client.get("/training/").status_code == 503
    assert client.get("/training/mail").status_code == 503
