"""What people read: no internal words, labels rather than codes, plurals, one date format,
translated names on English pages, a favicon."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from quiz_app.i18n import format_local, format_local_date

from .factories import certify
from .test_route_guards import world  # noqa: F401  (the fixture: every kind of object)

MOMENT = datetime(2026, 12, 5, 1, 29, tzinfo=UTC)  # 04:29 in Moscow
SKIPPED = {"static", "main.set_language", "auth.logout", "main.favicon"}


def pages(app, client, login, user, lang: str, args: dict):
    """(endpoint, url, html) of every GET page that answers 200 with HTML for `user`."""
    if user is not None:
        login(user)
    client.get(f"/lang/{lang}")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        url = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)[1]
        response = client.get(url)
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        response.close()  # files sent by send_file
        if response.status_code == 200 and html is not None:
            yield rule.endpoint, url, html


# A local date and time as one pattern writes it in both languages: «5 декабря 2026, 04:29 MSK».
DATE_TIME = re.compile(r"\d{1,2} [^\W\d_]+ \d{4}, \d{2}:\d{2} MSK")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_speaks_to_people(app, client, login, world, lang):  # noqa: F811
    """No internal jargon and one date-time format, on every page each persona can open."""
    problems = []
    seen = 0
    for persona in ("anonymous", "candidate", "partner_a", "admin"):
        for _endpoint, url, html in pages(app, client, login, world[persona], lang, world["args"]):
            seen += 1
            text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
            if re.search(r"\bseed\b", text, re.I):
                problems.append((persona, url, "says 'seed'"))
            for zone in re.finditer(r"MSK", text):
                before = text[max(zone.start() - 40, 0) : zone.end()]
                if not DATE_TIME.search(before):
                    problems.append((persona, url, f"another date format: {before!r}"))
            if re.search(r"\b\d{1,2}:\d{2}:\d{2}\b|\b[AP]M MSK", text):
                problems.append((persona, url, "a time with seconds or AM/PM"))
    assert seen > 60
    assert not problems, problems


def test_one_date_and_one_date_time_format_per_language(app):
    with app.test_request_context("/"):
        assert format_local(MOMENT) == "5 декабря 2026, 04:29 MSK"
        assert format_local_date(MOMENT) == "5 декабря 2026"
        with force_locale("en"):
            assert format_local(MOMENT) == "5 December 2026, 04:29 MSK"
            assert format_local_date(MOMENT) == "5 December 2026"
        # The date is the day in the display zone, not in UTC.
        assert format_local_date(datetime(2026, 12, 4, 22, 0, tzinfo=UTC)) == "5 декабря 2026"


def test_the_lead_form_names_industries_by_their_labels(client):
    response = client.post("/request", data={"industry": "космос", "company": "ООО Ромашка"})
    errors = re.findall(r'<p class="error">([^<]*)</p>', response.get_data(as_text=True))
    [industry] = [error for error in errors if "отрасль" in error]
    assert industry.startswith("Выберите отрасль из списка: Розничная торговля; Оптовая торговля")
    assert "Другое" in industry
    assert not re.search(r"\b(retail|wholesale|services|other)\b", industry)


@pytest.mark.parametrize(
    ("lang", "count", "words"),
    [
        ("ru", 1, "кандидат"),
        ("ru", 2, "кандидата"),
        ("ru", 5, "кандидатов"),
        ("ru", 21, "кандидат"),
        ("en", 1, "candidate"),
        ("en", 2, "candidates"),
    ],
)
def test_counts_agree_with_their_nouns(client, login, factory, lang, count, words):
    login(factory.admin())
    for number in range(count):
        factory.user(email=f"c{number}@example.com")
    client.get(f"/lang/{lang}")
    page = client.get("/admin/").get_data(as_text=True)
    assert f"<strong>{count}</strong> {words}</p>" in page
    administrators = "администратор" if lang == "ru" else "administrator"
    assert f"<strong>1</strong> {administrators}</p>" in page


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 вопрос в экзамене"), (2, "2 вопроса в экзамене"), (5, "5 вопросов в экзамене")],
)
def test_plural_forms_come_from_the_russian_catalogue(app, count, text):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            '{{ ngettext("%(num)s вопрос в экзамене", "%(num)s вопросов в экзамене", n) }}'
        )
        assert template.render(n=count) == text
        assert template.render(n=count + 20) == text.replace(str(count), str(count + 20), 1)


def test_statuses_are_words_in_both_languages(client, login, factory):
    login(factory.admin())
    certify(factory.user(email="p@example.com"))
    page = client.get("/admin/certificates").get_data(as_text=True)
    assert "<td>действителен</td>" in page
    assert ">valid<" not in page
    client.get("/lang/en")
    assert "<td>valid</td>" in client.get("/admin/certificates").get_data(as_text=True)


def test_english_pages_name_blocks_and_plans_in_english(client):
    client.get("/lang/en")
    training = client.get("/training/").get_data(as_text=True)
    assert re.search(r"<h2>Block 1\. Business basics\s", training)
    assert not re.search(r"<h2>[^<]*Бизнес-часть", training)
    tariffs = client.get("/tariffs/").get_data(as_text=True)
    assert '<span class="offer-title">Advanced</span>' in tariffs
    client.get("/lang/ru")
    assert '<span class="offer-title">Расширенный</span>' in client.get("/tariffs/").get_data(
        as_text=True
    )


def test_a_favicon_on_every_page(client):
    home = client.get("/").get_data(as_text=True)
    link = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', home)
    assert link
    icon = client.get(link.group(1))
    icon.close()
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    redirected = client.get("/favicon.ico")
    assert redirected.status_code == 302
    assert redirected.headers["Location"] == link.group(1)
