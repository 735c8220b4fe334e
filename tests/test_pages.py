"""Error pages, language switch, health check."""

from __future__ import annotations

import re

from flask import render_template_string
from flask_babel import force_locale


def test_404_page_in_layout(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Страница не найдена" in page
    assert 'class="site-header"' in page


def test_404_as_json_when_json_is_wanted(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["title"] == "Страница не найдена"


def test_500_page_does_not_leak_traceback(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = client.get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Внутренняя ошибка" in page
    assert "secret detail" not in page
    assert "Traceback" not in page


def test_russian_by_default_english_on_request(client):
    assert "Партнёрская сертификация" in client.get("/").get_data(as_text=True)
    response = client.get("/lang/en?next=/exam/")
    assert response.headers["Location"] == "/exam/"
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Partner Certification" in page
    assert "Партнёрская сертификация" not in page


def test_language_switch_ignores_foreign_next(client):
    assert client.get("/lang/en?next=https://evil.example/").headers["Location"] == "/"


def test_health(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_english_interface_has_no_untranslated_chrome(client, login, factory):
    """The header, navigation and footer of every main page are translated."""
    login(factory.user(email="root@example.com", role="admin", full_name="Ada Admin"))
    client.get("/lang/en")
    for path in ("/", "/exam/", "/training/", "/tariffs/", "/partner/", "/admin/", "/request"):
        page = client.get(path).get_data(as_text=True)
        chrome = re.search(r"<header.*?</header>", page, re.S).group(0)
        chrome += re.search(r"<footer.*?</footer>", page, re.S).group(0)
        assert not re.search(r"[А-Яа-яЁё]", chrome), (path, re.findall(r"[А-Яа-яЁё][^<]*", chrome))


def test_templates_follow_the_locale_when_it_changes_within_a_request(app):
    """Templates keep the request's catalogue, yet a forced locale still wins while it lasts."""
    template = '{{ _("Ответ сохранён") }}'
    with app.test_request_context("/"):
        assert render_template_string(template) == "Ответ сохранён"
        with force_locale("en"):
            assert render_template_string(template) == "Answer saved"
        assert render_template_string(template) == "Ответ сохранён"
    with app.app_context(), app.test_request_context("/?lang=en"):  # a fresh `g`
        assert render_template_string(template) == "Answer saved"


def test_template_translations_escape_their_variables_as_jinja_does(app):
    """`_` and `gettext` format after translating, escaping values only where HTML is made."""
    with app.test_request_context("/?lang=en"):
        assert render_template_string('{{ _("Вопрос %(n)s", n="<b>") }}') == "Question &lt;b&gt;"
        assert render_template_string('{{ gettext("Вопрос %(n)s", n=3) }}') == "Question 3"
        unescaped = '{% autoescape false %}{{ _("Вопрос %(n)s", n="<b>") }}{% endautoescape %}'
        assert render_template_string(unescaped) == "Question <b>"
        assert render_template_string('{{ _("100%% ready") }}') == "100% ready"
