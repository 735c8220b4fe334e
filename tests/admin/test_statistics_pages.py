"""Item analysis over real attempts: loading, the pages, the CSV downloads, the period filter."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from quiz_app import clock
from quiz_app.admin.statistics.loading import Period, load_dataset
from quiz_app.exam import finishing
from quiz_app.exam import services as exam_services
from quiz_app.exam.models import FinishReason
from quiz_app.extensions import db

from ..factories import question, write_bank

QUESTIONS = ["alpha-01", "alpha-02", "beta-01", "beta-02"]
# The hand-computed data set of test_statistics_analysis.py, taken through the real exam:
# rows are attempts (10, 20, … 60 minutes long), "a" is the key of every question.
#              alpha-01 alpha-02 beta-01 beta-02
CHOICES = [
    ["a", "a", "a", "b"],  # A1: 1 1 1 0 = 3
    ["a", "a", "a", "b"],  # A2: 1 1 1 0 = 3
    ["a", "a", "b", None],  # A3: 1 1 0 0 = 2
    ["a", "b", "b", "a"],  # A4: 1 0 0 1 = 2
    ["b", "c", "c", "a"],  # A5: 0 0 0 1 = 1
    ["c", None, "c", "a"],  # A6: 0 0 0 1 = 1
]
ADMIN_PERIOD = "date_from=2026-03-01&date_to=2026-03-02"


@pytest.fixture(autouse=True)
def small_bank(tmp_path, app_config):
    """Every test of this module runs on a four-question bank (set before the app exists)."""
    directory = write_bank(
        tmp_path / "bank",
        blocks={
            "alpha": [question("alpha-01"), question("alpha-02")],
            "beta": [question("beta-01"), question("beta-02")],
        },
        pass_score=2,
    )
    app_config["QUESTION_BANK_DIR"] = str(directory)
    return directory


def take(user, choices: list[str | None], minutes: int):
    attempt = exam_services.start_or_resume(user)
    for question_id, option in zip(QUESTIONS, choices, strict=True):
        if option is not None:
            exam_services.save_answer(attempt.id, user.id, question_id, option)
    clock.advance(timedelta(minutes=minutes))
    finishing.finalize(attempt.id, FinishReason.SUBMITTED)
    return attempt


@pytest.fixture
def attempts(small_bank, app, factory, frozen_clock):
    """Six attempts on 2 March (Moscow), and a seventh that ends after midnight in Moscow."""
    for index, choices in enumerate(CHOICES, 1):
        take(factory.user(full_name=f"Кандидат {index}"), choices, minutes=10 * index)
    # 22:00 UTC on 2 March plus 30 minutes is 01:30 on 3 March in Moscow.
    clock.freeze(datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    take(factory.user(full_name="Кандидат 7"), ["a", "a", "a", "a"], minutes=30)


@pytest.fixture
def admin_client(client, login, factory):
    login(factory.admin())
    return client


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def as_dicts(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows[1:]}


def test_questions_csv_has_hand_computed_facility_and_discrimination(admin_client, attempts):
    rows = read_csv(
        admin_client.get(f"/admin/statistics/questions.csv?{ADMIN_PERIOD}&min_attempts=6")
    )
    header = rows[0]
    assert header[:7] == [
        "Вопрос",
        "Блок",
        "Текст",
        "Попыток",
        "С ответом",
        "Лёгкость, %",
        "Дискриминация",
    ]
    by_question = as_dicts(rows)
    assert list(by_question) == QUESTIONS  # block order, then id
    # Facility: 4/6, 3/6, 2/6, 3/6 right. Discrimination (worked out in
    # test_statistics_analysis.py): 0.5, 1/3, 0.5, -3.5/sqrt(14.25) = -0.927.
    expected = {
        "alpha-01": ("6", "6", "66.7", "0.5"),
        "alpha-02": ("6", "5", "50.0", "0.333"),
        "beta-01": ("6", "6", "33.3", "0.5"),
        "beta-02": ("6", "5", "50.0", "-0.927"),
    }
    for question_id, values in expected.items():
        assert tuple(by_question[question_id][3:7]) == values, question_id
    assert "отрицательная дискриминация" in by_question["beta-02"][9]
    assert "никто не выбрал" in by_question["beta-02"][9]
    assert by_question["alpha-01"][9] == ""


def test_options_csv_counts_every_choice(admin_client, attempts):
    rows = read_csv(admin_client.get(f"/admin/statistics/options.csv?{ADMIN_PERIOD}"))
    counts = {(r[0], r[3]): (r[5], r[6], r[7]) for r in rows[1:]}
    # alpha-02: a a a b c (blank) -> a 3 (50 %), b 1, c 1, no answer 1
    assert counts[("alpha-02", "a")] == ("1", "3", "50.0")
    assert counts[("alpha-02", "b")] == ("0", "1", "16.7")
    assert counts[("alpha-02", "нет ответа")] == ("0", "1", "16.7")
    # beta-02: b b (blank) a a a -> nobody chose c
    assert counts[("beta-02", "c")] == ("0", "0", "0.0")


def test_exam_csv(admin_client, attempts):
    rows = dict(read_csv(admin_client.get(f"/admin/statistics/exam.csv?{ADMIN_PERIOD}"))[1:])
    assert rows["Завершённых попыток"] == "6"
    assert rows["Сдано"] == "4"  # totals 3 3 2 2 1 1, pass mark 2
    assert rows["Доля сдавших, %"] == "66.7"
    assert rows["Медианная длительность, мин"] == "35.0"  # (30 + 40) / 2
    assert rows["Альфа Кронбаха"] == "-0.556"  # -5/9
    histogram = read_csv(admin_client.get(f"/admin/statistics/histogram.csv?{ADMIN_PERIOD}"))
    assert histogram[1:] == [
        ["0", "0", "0"],
        ["1", "1", "2"],
        ["2", "2", "2"],
        ["3", "3", "2"],
        ["4", "4", "0"],
    ]


def test_period_is_whole_days_in_the_display_zone(admin_client, attempts):
    def count(query: str) -> str:
        rows = dict(read_csv(admin_client.get(f"/admin/statistics/exam.csv?{query}"))[1:])
        return rows["Завершённых попыток"]

    assert count("") == "7"
    assert count("date_to=2026-03-02") == "6"
    assert count("date_from=2026-03-03") == "1"  # 22:30 UTC on 2 March is 3 March in Moscow
    assert count("date_from=03.03.2026&date_to=03.03.2026") == "1"
    assert count("date_from=2026-03-04") == "0"


def test_overview_page(admin_client, attempts):
    response = admin_client.get(f"/admin/statistics?{ADMIN_PERIOD}&min_attempts=6")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for question_id in QUESTIONS:
        assert f"/admin/statistics/questions/{question_id}?" in page
    assert "-0.93" in page
    assert "отрицательная дискриминация" in page
    assert page.count("<svg") == 2  # histogram and item map
    assert "/admin/statistics/questions.csv?" in page
    assert "min_attempts=6" in page  # links keep the filter

    flagged = admin_client.get(f"/admin/statistics?{ADMIN_PERIOD}&min_attempts=6&flagged=y")
    table = flagged.get_data(as_text=True).split('class="items-table"')[1]
    assert "/admin/statistics/questions/beta-02?" in table
    assert "/admin/statistics/questions/alpha-01?" not in table


def test_question_page_shows_option_chart_and_table(admin_client, attempts):
    response = admin_client.get(f"/admin/statistics/questions/beta-02?{ADMIN_PERIOD}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Вопрос beta-02?" in page
    start = page.index("<svg")
    svg = page[start : page.index("</svg>", start) + len("</svg>")]
    ET.fromstring(svg)
    assert "50% (3)" in svg
    rows = read_csv(
        admin_client.get(f"/admin/statistics/questions/beta-02/options.csv?{ADMIN_PERIOD}")
    )
    assert {r[0] for r in rows[1:]} == {"beta-02"}


def test_question_page_for_a_quiet_period_and_an_unknown_question(admin_client, attempts):
    quiet = admin_client.get("/admin/statistics/questions/beta-02?date_from=2027-01-01")
    assert quiet.status_code == 200
    assert "не показывался" in quiet.get_data(as_text=True)
    assert admin_client.get("/admin/statistics/questions/no-such-99").status_code == 404


def test_empty_period_page(admin_client, small_bank):
    response = admin_client.get("/admin/statistics")
    assert response.status_code == 200
    assert "нет завершённых попыток" in response.get_data(as_text=True)
    rows = read_csv(admin_client.get("/admin/statistics/questions.csv"))
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2026-13-45", "Укажите дату в формате ГГГГ-ММ-ДД"),
        ("date_from=2026-03-05&date_to=2026-03-01", "Дата окончания раньше даты начала"),
        ("min_attempts=0", "Число от 1 до 1 000 000"),
        ("min_attempts=abc", "Неверное целое число"),
    ],
)
def test_bad_filters_are_named(admin_client, query, message):
    response = admin_client.get(f"/admin/statistics?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-invalid="true"' in page
    csv_response = admin_client.get(f"/admin/statistics/questions.csv?{query}")
    assert csv_response.status_code == 400
    assert message in csv_response.get_data(as_text=True)


def test_loading_takes_a_fixed_number_of_queries(app, attempts):
    statements = []

    def count(*args, **kwargs):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        few = load_dataset(Period(end=datetime(2026, 3, 2, 9, 40, tzinfo=UTC)))
        queries_for_few = len(statements)
        statements.clear()
        everything = load_dataset(Period())
        queries_for_all = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(few.attempts) == 2 and len(everything.attempts) == 7
    assert len(everything.responses) == 28
    assert queries_for_few == queries_for_all == 3
