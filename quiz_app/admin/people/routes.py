"""People pages nested in the admin blueprint (admins only): search, one person, role changes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...auth.models import User
from ...bounded import page_number
from ...errors import render_error
from ...exam import extra_time
from ...extensions import db
from ...i18n import format_duration, format_local
from ..csv_export import csv_response
from . import bp, services
from .forms import (
    ROLE_LABELS,
    ExtraTimeForm,
    PeopleSearchForm,
    RoleForm,
    SignOutEverywhereForm,
    WithdrawExtraTimeForm,
)

MAX_CSV_ROWS = 100_000

EXTRA_TIME_REFUSALS = {
    "range": lambda: _("Дополнительное время вне допустимых пределов."),
    "nothing": lambda: _("Укажите процент или минуты больше нуля."),
    "reason": lambda: _("Укажите основание: оно попадёт в журнал действий."),
}

REFUSALS = {
    "self": lambda: _("Нельзя снять права администратора с самого себя."),
    "last_admin": lambda: _("Нельзя снять права с последнего администратора."),
    "already_admin": lambda: _("Этот пользователь уже администратор."),
    "not_admin": lambda: _("Этот пользователь не администратор."),
    "changed": lambda: _("Роль изменилась, пока открыта страница. Проверьте и повторите."),
}


STATUS_LABELS = {
    "in_progress": lambda: _("идёт"),
    "submitted": lambda: _("отправлена"),
    "expired": lambda: _("время истекло"),
}


def status_label(attempt) -> str:
    key = attempt.finish_reason or attempt.status
    return STATUS_LABELS[key]() if key in STATUS_LABELS else key


def role_label(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return str(label) if label is not None else role


def _page_number() -> int:
    return page_number(request.args)


def _search_args(form: PeopleSearchForm) -> dict[str, str]:
    return {k: v for k, v in (("q", form.q.data or ""), ("role", form.role.data or "")) if v}


@bp.get("/people")
def index():
    form = PeopleSearchForm(request.args)
    if not form.validate():
        return render_template("admin/people/index.html", form=form, result=None), 400
    result = services.search(form.q.data or "", form.role.data or None, _page_number())
    return render_template(
        "admin/people/index.html",
        form=form,
        result=result,
        args=_search_args(form),
        role_label=role_label,
    )


@bp.get("/people.csv")
def csv():
    form = PeopleSearchForm(request.args)
    if not form.validate():
        return render_error(400, " ".join(m for ms in form.errors.values() for m in ms))
    result = services.search(form.q.data or "", form.role.data or None, 1, MAX_CSV_ROWS)
    header = (
        _("ФИО"),
        _("Email"),
        _("Компания"),
        _("Телефон"),
        _("Роль"),
        _("Регистрация"),
        _("Завершённых попыток"),
        _("Лучший балл"),
        _("Действующий сертификат"),
    )
    rows = (
        (
            row.user.full_name,
            row.user.email,
            row.user.company,
            row.user.phone,
            role_label(row.user.role),
            format_local(row.user.created_at),
            row.finished_attempts,
            row.best_score,
            row.certified,
        )
        for row in result.rows
    )
    return csv_response("people.csv", header, rows)


@bp.get("/people/<int:user_id>")
def person(user_id: int):
    return _person_page(user_id)


def _person_page(user_id: int, extra_time_form: ExtraTimeForm | None = None):
    """The person's page; with the extra-time form that failed, as a 400 showing its errors."""
    record = services.person(user_id) or abort(404)
    return render_template(
        "admin/people/person.html",
        record=record,
        form=RoleForm(),
        sign_out_form=SignOutEverywhereForm(),
        extra_time_form=extra_time_form or ExtraTimeForm(formdata=None),
        withdraw_form=WithdrawExtraTimeForm(),
        allowance=extra_time.allowance_of(user_id),
        role_label=role_label,
        status_label=status_label,
    ), (400 if extra_time_form is not None else 200)


@bp.post("/people/<int:user_id>/extra-time")
def grant_extra_time(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = ExtraTimeForm()
    if not form.validate_on_submit():
        return _person_page(user_id, extra_time_form=form)
    try:
        granted = extra_time.grant(
            user,
            percent=form.percent.data or 0,
            minutes=form.minutes.data or 0,
            reason=form.reason.data,
            by=current_user,
            open_attempt_too=form.open_attempt_too.data,
        )
    except extra_time.ExtraTimeRefused as exc:
        form.reason.errors = [*form.reason.errors, EXTRA_TIME_REFUSALS[str(exc)]()]
        return _person_page(user_id, extra_time_form=form)
    message = _(
        "%(name)s: лимит новых попыток — %(limit)s мин. вместо %(exam)s.",
        name=user.full_name,
        limit=granted.limit_minutes,
        exam=granted.exam_minutes,
    )
    if granted.open_attempt_deadline is not None:
        message += " " + _(
            "Текущая попытка продлена до %(time)s.",
            time=format_local(granted.open_attempt_deadline),
        )
    flash(message, "success")
    return redirect(url_for("admin.people.person", user_id=user_id))


@bp.post("/people/<int:user_id>/extra-time/withdraw")
def withdraw_extra_time(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not WithdrawExtraTimeForm().validate_on_submit():
        return render_error(400, _("Форма устарела: обновите страницу и повторите."))
    if extra_time.withdraw(user, by=current_user):
        flash(_("Дополнительное время отменено для новых попыток."), "success")
    return redirect(url_for("admin.people.person", user_id=user_id))


@bp.get("/people/<int:user_id>/attempts.csv")
def attempts_csv(user_id: int):
    record = services.person(user_id) or abort(404)
    blocks: list[str] = []
    for summary in record.attempts:
        for block in summary.report.blocks if summary.report else ():
            if block.title not in blocks:
                blocks.append(block.title)
    header = [
        _("Попытка"),
        _("Начата"),
        _("Завершена"),
        _("Длительность"),
        _("Статус"),
        _("Баллы"),
        _("Из"),
        _("Проходной"),
        _("Сдано"),
        _("Сертификат"),
        *blocks,
    ]
    rows = []
    for summary in record.attempts:
        attempt = summary.attempt
        by_title = {b.title: b for b in summary.report.blocks} if summary.report else {}
        rows.append(
            [
                attempt.id,
                format_local(attempt.started_at),
                format_local(attempt.finished_at),
                format_duration(attempt.duration) if attempt.finished_at else None,
                status_label(attempt),
                attempt.score,
                attempt.max_score,
                attempt.pass_score,
                attempt.passed,
                summary.certificate.number if summary.certificate else None,
                *(
                    f"{by_title[t].score}/{by_title[t].max_score}" if t in by_title else None
                    for t in blocks
                ),
            ]
        )
    return csv_response(f"person-{user_id}-attempts.csv", header, rows)


@bp.post("/people/<int:user_id>/role")
def role(user_id: int):
    form = RoleForm()
    if not form.validate_on_submit():
        return render_error(400, " ".join(m for ms in form.errors.values() for m in ms))
    try:
        if form.action.data == "promote":
            user = services.promote_to_admin(user_id, by=current_user)
            flash(_("%(name)s теперь администратор.", name=user.full_name), "success")
        else:
            user = services.revoke_admin(user_id, by=current_user)
            flash(
                _(
                    "%(name)s больше не администратор (роль: %(role)s).",
                    name=user.full_name,
                    role=role_label(user.role),
                ),
                "success",
            )
    except LookupError:
        abort(404)
    except services.RoleChangeRefused as exc:
        flash(REFUSALS[exc.code](), "error")
    return redirect(url_for("admin.people.person", user_id=user_id))


@bp.post("/people/<int:user_id>/sessions/end")
def sign_out_everywhere(user_id: int):
    if not SignOutEverywhereForm().validate_on_submit():
        return render_error(400, _("Форма устарела: обновите страницу и повторите."))
    try:
        user, ended = services.sign_out_everywhere(user_id, by=current_user)
    except LookupError:
        abort(404)
    flash(
        _(
            "%(name)s: выход выполнен на всех устройствах (%(count)s).",
            name=user.full_name,
            count=ended,
        ),
        "success",
    )
    return redirect(url_for("admin.people.person", user_id=user_id))
