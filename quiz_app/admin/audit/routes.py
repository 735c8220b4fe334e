"""The audit log page and its CSV download, nested in the admin blueprint (admins only)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l

from ...bounded import page_number
from ...certificates.models import Certificate
from ...errors import render_error
from ...i18n import display_zone, format_local
from ..csv_export import csv_response
from . import bp, services
from .changes import changes
from .forms import AuditFilterForm

MAX_CSV_ROWS = 100_000

ACTION_LABELS = {
    "certificate.revoke": _l("Отзыв сертификата"),
    "exam.publish": _l("Публикация версии экзамена"),
    "user.promote_admin": _l("Назначение администратором"),
    "user.revoke_admin": _l("Снятие прав администратора"),
    "user.sign_out_everywhere": _l("Завершение всех сеансов"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return f"{label} ({action})" if label is not None else action


@bp.app_template_filter("audit_changes")
def audit_changes(entry) -> list:
    return changes(entry.before, entry.after)


def _form() -> AuditFilterForm:
    form = AuditFilterForm.from_query()
    form.set_choices(*services.known_values())
    return form


def _filters(form: AuditFilterForm) -> services.AuditFilters:
    start, end = form.bounds(display_zone())
    return services.AuditFilters(
        action=form.action.data or "",
        actor=form.actor.data or "",
        target_type=form.target_type.data or "",
        target_id=form.target_id.data or "",
        start=start,
        end=end,
    )


def _target_link(entry, objects: dict) -> str | None:
    target = objects.get((entry.target_type, entry.target_id))
    if isinstance(target, Certificate):
        return url_for("admin.certificate_detail", certificate_id=target.id)
    if target is not None:
        return url_for("admin.people.person", user_id=target.id)
    return None


@bp.get("/audit")
def index():
    form = _form()
    if not form.validate():
        return render_template("admin/audit/index.html", form=form, result=None), 400
    page = page_number(request.args)
    result = services.entries(_filters(form), page)
    objects = services.target_objects(result.rows)
    return render_template(
        "admin/audit/index.html",
        form=form,
        result=result,
        objects=objects,
        links={entry.id: _target_link(entry, objects) for entry in result.rows},
        args=form.query_args(),
        action_label=action_label,
    )


@bp.get("/audit.csv")
def csv():
    form = _form()
    if not form.validate():
        messages = " ".join(
            f"{form[name].label.text}: {m}" for name, ms in form.errors.items() for m in ms
        )
        return render_error(400, messages)
    result = services.entries(_filters(form), 1, MAX_CSV_ROWS)
    header = (
        _l("Когда"),
        _l("Кто"),
        _l("Email"),
        _l("IP-адрес"),
        _l("Действие"),
        _l("Объект"),
        _l("Идентификатор"),
        _l("Поле"),
        _l("Было"),
        _l("Стало"),
    )

    def rows():
        for entry in result.rows:
            who = (entry.actor.full_name, entry.actor.email) if entry.actor else ("", "")
            common = (
                format_local(entry.created_at),
                *who,
                entry.ip,
                entry.action,
                entry.target_type,
                entry.target_id,
            )
            listed = changes(entry.before, entry.after) or [None]
            for change in listed:
                if change is None:
                    yield (*common, None, None, None)
                else:
                    yield (*common, change.field, change.before, change.after)

    return csv_response("audit-log.csv", header, rows())
