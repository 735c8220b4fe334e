"""Item analysis pages and their CSV downloads, nested in the admin blueprint (admins only)."""

from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...bank.models import QuestionVersion
from ...bank.publishing import question_version_ids
from ...errors import render_error
from ...extensions import db
from ...i18n import display_zone
from ..csv_export import csv_response
from . import bp, charts, tables
from .analysis import FlagRules, ItemStats, Report
from .forms import DEFAULT_MIN_ATTEMPTS, StatisticsFilter
from .loading import Period, load_item, load_report
from .rapid import RAPID_ATTEMPTS, rapid_retakers


def _filter() -> StatisticsFilter:
    return StatisticsFilter.from_query()


def _period(form: StatisticsFilter) -> Period:
    return Period.from_dates(form.date_from.data, form.date_to.data, display_zone())


def _rules(form: StatisticsFilter) -> FlagRules:
    return FlagRules(min_attempts=form.min_attempts.data or DEFAULT_MIN_ATTEMPTS)


def _report(form: StatisticsFilter) -> Report:
    return load_report(_period(form), _rules(form), _versions(form))


def _versions(form: StatisticsFilter) -> set[int] | None:
    """The question versions of the exam version picked, or None for all; 404 if unknown."""
    if form.exam_version.data is None:
        return None
    versions = question_version_ids(form.exam_version.data)
    if versions is None:
        abort(404)
    return versions


def _errors(form: StatisticsFilter) -> str:
    return " ".join(
        f"{form[name].label.text}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    )


def _question_url(question_id: str, form: StatisticsFilter) -> str:
    return url_for("admin.statistics.question", question_id=question_id, **form.query_args())


def _item_map(items: list[ItemStats], form: StatisticsFilter):
    points = [
        charts.ItemPoint(
            label=item.question_id,
            facility=item.facility,
            discrimination=item.discrimination,
            href=_question_url(item.question_id, form),
            flagged=bool(item.flags),
        )
        for item in items
        if item.facility is not None and item.discrimination is not None
    ]
    return charts.item_map(
        points,
        title=_("Лёгкость и дискриминация вопросов"),
        x_label=_("Лёгкость (доля верных ответов)"),
        y_label=_("Дискриминация"),
    )


@bp.get("/statistics")
def index():
    form = _filter()
    if not form.validate():
        return render_template("admin/statistics/index.html", form=form, report=None), 400
    report = _report(form)
    items = [item for item in report.items if item.flags] if form.flagged.data else report.items
    exam = report.exam
    histogram = charts.score_histogram(
        exam.histogram,
        title=_("Распределение баллов"),
        pass_score=exam.pass_score,
        pass_label=_("проходной %(score)s", score=exam.pass_score),
    )
    return render_template(
        "admin/statistics/index.html",
        form=form,
        report=report,
        items=items,
        flagged_count=sum(bool(item.flags) for item in report.items),
        histogram=histogram,
        item_map=_item_map(list(report.items), form),
        query=form.query_args(),
        flag_label=tables.flag_label,
        rapid_attempts=RAPID_ATTEMPTS,
        rapid=rapid_retakers(
            Period.from_dates(form.date_from.data, form.date_to.data, display_zone())
        ),
    )


@bp.get("/statistics/questions/<question_id>")
def question(question_id: str):
    known = db.session.scalar(
        select(QuestionVersion.id).where(QuestionVersion.question_id == question_id).limit(1)
    )
    if known is None:
        abort(404)
    form = _filter()
    if not form.validate():
        return render_error(400, _errors(form))
    item = load_item(_period(form), _rules(form), question_id, _versions(form))
    option_charts = []
    if item is not None:
        option_charts = [
            charts.option_bars(
                [
                    charts.Bar(
                        label=tables.option_label(o) + (f" · {o.text}" if o.text else ""),
                        share=o.share,
                        count=o.count,
                        highlight=o.correct,
                    )
                    for o in version.options
                ],
                title=_("Выбор вариантов, версия %(version)s", version=version.version_id),
            )
            for version in item.versions
        ]
    return render_template(
        "admin/statistics/question.html",
        form=form,
        question_id=question_id,
        item=item,
        option_charts=option_charts,
        query=form.query_args(),
        flag_label=tables.flag_label,
        rapid_attempts=RAPID_ATTEMPTS,
        rapid=rapid_retakers(
            Period.from_dates(form.date_from.data, form.date_to.data, display_zone())
        ),
    )


def _filename(stem: str, form: StatisticsFilter) -> str:
    first = form.date_from.data.isoformat() if form.date_from.data else "start"
    last = form.date_to.data.isoformat() if form.date_to.data else "now"
    return f"{stem}_{first}_{last}.csv"


CSV_TABLES = {
    "exam": (tables.EXAM_HEADER, lambda report: tables.exam_rows(report.exam)),
    "histogram": (tables.HISTOGRAM_HEADER, lambda report: tables.histogram_rows(report.exam)),
    "questions": (tables.QUESTION_HEADER, lambda report: tables.question_rows(report.items)),
    "options": (tables.OPTION_HEADER, lambda report: tables.option_rows(report.items)),
}


@bp.get("/statistics/<any(exam, histogram, questions, options):table>.csv")
def csv(table: str):
    form = _filter()
    if not form.validate():
        return render_error(400, _errors(form))
    report = _report(form)
    header, rows = CSV_TABLES[table]
    if table in ("questions", "options") and form.flagged.data:
        report = Report(exam=report.exam, items=tuple(i for i in report.items if i.flags))
    return csv_response(_filename(f"item-analysis-{table}", form), header, rows(report))


@bp.get("/statistics/questions/<question_id>/options.csv")
def question_csv(question_id: str):
    form = _filter()
    if not form.validate():
        return render_error(400, _errors(form))
    item = load_item(_period(form), _rules(form), question_id, _versions(form))
    items = [item] if item is not None else []
    if not items:
        abort(404)
    return csv_response(
        _filename(f"item-analysis-{question_id}", form),
        tables.OPTION_HEADER,
        tables.option_rows(items),
    )
