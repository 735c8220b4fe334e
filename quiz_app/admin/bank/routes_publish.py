"""Publishing the draft, the list of exam versions with rollback, and previewing the draft.

The bank's files are the draft; candidates get only what is published here (or with
`flask publish-bank`). Nested in the admin blueprint, whose guard covers these routes.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...bank import publishing
from ...bank.loader import BankInvalid
from ...bank.published import NotPublished, current_exam
from ...exam import services as exam_services
from . import bp, history, publish_diff, store
from .forms import PublishForm


def _author():
    return current_user._get_current_object()


def _published():
    try:
        return current_exam()
    except NotPublished:
        return None


def _based_on(form: PublishForm) -> int | None:
    """The version number the form was made from; anything but digits or empty is a 400."""
    value = (form.based_on.data or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        abort(400)
    return int(value)


def refusal_message(exc: publishing.PublishRefused) -> str:
    if exc.code == "stale":
        return _(
            "Пока вы смотрели страницу, другой администратор опубликовал версию %(n)s. "
            "Ничего не опубликовано: проверьте изменения заново.",
            n=exc.latest,
        )
    if exc.code == "unchanged":
        return _(
            "Черновик совпадает с опубликованной версией %(n)s: публиковать нечего.", n=exc.latest
        )
    if exc.code == "unknown_version":
        return _("Такой версии экзамена нет.")
    return _("Укажите, что изменилось (до %(n)s символов).", n=publishing.NOTE_MAX)


def _render_publish(form: PublishForm, published, status: int = 200):
    draft, problems = store.draft_or_problems()
    return render_template(
        "admin/bank/publish.html",
        form=form,
        draft=draft,
        problems=problems,
        published=published,
        diff=publish_diff.compare(draft, published) if draft else None,
    ), status


@bp.get("/bank/publish")
def publish_page():
    published = _published()
    form = PublishForm(formdata=None, based_on=str(published.number) if published else "")
    return _render_publish(form, published)


@bp.post("/bank/publish")
def publish():
    form = PublishForm()
    form.validate_on_submit()  # CSRF is checked app-wide; this runs the length limit
    based_on = _based_on(form)
    if form.errors:
        return _render_publish(form, _published(), 400)
    try:
        draft = store.current_bank()
    except BankInvalid:
        flash(_("Черновик не проходит проверку: публикация невозможна."), "error")
        return redirect(url_for("admin.bank.publish_page"))
    try:
        version = publishing.publish(draft, form.note.data or "", _author(), based_on)
    except publishing.PublishRefused as exc:
        if exc.code == "note":
            form.note.errors = [*form.note.errors, refusal_message(exc)]
            return _render_publish(form, _published(), 400)
        flash(refusal_message(exc), "error")
        return redirect(url_for("admin.bank.publish_page"))
    flash(
        _("Опубликована версия %(n)s: новые попытки начинаются на ней.", n=version.number),
        "success",
    )
    return redirect(url_for("admin.bank.versions"))


@bp.get("/bank/versions")
def versions():
    versions = publishing.all_versions()
    latest = versions[0].number if versions else None
    by_id = {v.id: v for v in versions}
    return render_template(
        "admin/bank/versions.html",
        versions=versions,
        latest=latest,
        sources={v.id: by_id[v.source_version_id] for v in versions if v.source_version_id},
        authors=history.authors({v.author_id for v in versions if v.author_id}),
        form=PublishForm(formdata=None, based_on=str(latest) if latest else ""),
    )


@bp.post("/bank/versions/<int:number>/republish")
def republish(number: int):
    form = PublishForm()
    form.validate_on_submit()
    based_on = _based_on(form)
    if form.errors:
        flash(refusal_message(publishing.PublishRefused("note")), "error")
        return redirect(url_for("admin.bank.versions"))
    try:
        version = publishing.republish(number, form.note.data or "", _author(), based_on)
    except publishing.PublishRefused as exc:
        if exc.code == "unknown_version":
            abort(404)
        flash(refusal_message(exc), "error")
        return redirect(url_for("admin.bank.versions"))
    flash(
        _(
            "Версия %(old)s опубликована снова как версия %(n)s.",
            old=number,
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for("admin.bank.versions"))


@bp.post("/bank/preview")
def preview():
    """Take the draft as a candidate would: a preview attempt on the exam pages."""
    if not PublishForm().validate_on_submit():
        abort(400)
    try:
        draft = store.current_bank()
    except BankInvalid:
        flash(_("Черновик не проходит проверку: предпросмотр невозможен."), "error")
        return redirect(url_for("admin.bank.publish_page"))
    try:
        attempt = exam_services.start_preview(_author(), draft)
    except exam_services.PreviewRefused:
        flash(_("Сначала завершите свою попытку экзамена."), "error")
        return redirect(url_for("admin.bank.publish_page"))
    return redirect(url_for("exam.block", attempt_id=attempt.id, number=attempt.current_block + 1))
