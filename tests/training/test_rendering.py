"""Lesson Markdown is rendered to HTML that cannot run script, whatever the file contains."""

from __future__ import annotations

from quiz_app.training.rendering import render_markdown

from .conftest import lesson_text, write_lesson

HOSTILE = """## Урок

Текст <script>alert("x")</script> и <a href="javascript:alert(1)" onclick="steal()">ссылка</a>.

<div onclick="steal()" style="color:red" onmouseover="steal()">блок</div>

[markdown-ссылка](javascript:alert(2)) и <img src="x.png" onerror="steal()">

<iframe src="https://example.com/"></iframe><style>body { display: none }</style>
<form action="https://evil.example/"><input name="password"></form>
"""


def test_script_handlers_and_styles_are_removed():
    html = str(render_markdown(HOSTILE))
    lowered = html.lower()
    for forbidden in ("<script", 'alert("x")', "onclick", "onmouseover", "onerror"):
        assert forbidden not in lowered, forbidden
    # A javascript: link is never a link; markdown-it leaves its source as inert text.
    assert 'href="javascript' not in lowered
    assert "[markdown-ссылка](javascript:alert(2))" in html
    for forbidden in ("style=", "<style", "<iframe", "<form", "<input"):
        assert forbidden not in lowered, forbidden
    assert "<h2>Урок</h2>" in html
    assert '<img src="x.png">' in html


def test_teaching_markup_survives():
    html = str(
        render_markdown(
            "| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
            "<details><summary>Ответ</summary>\n\n**Верно**\n</details>\n\n"
            "[справка](https://www.amocrm.ru/support) и <kbd>Ctrl</kbd>+<kbd>F</kbd>\n"
        )
    )
    assert "<table>" in html and "<td>2</td>" in html  # alignment styles are dropped
    assert "<details><summary>Ответ</summary>" in html
    assert "<strong>Верно</strong>" in html
    assert '<a href="https://www.amocrm.ru/support" rel="noopener noreferrer">справка</a>' in html
    assert "<kbd>Ctrl</kbd>" in html


def test_hostile_lesson_is_neutralized_on_the_page(lessons_dir, client):
    write_lesson(lessons_dir, "01_x.md", lesson_text(body=HOSTILE))
    response = client.get("/training/mail")
    page = response.get_data(as_text=True).lower()
    assert response.status_code == 200
    assert "steal()" not in page
    assert 'alert("x")' not in page
    assert 'href="javascript' not in page
