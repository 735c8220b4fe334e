"""Admin pages for leads (on the guarded `admin` blueprint): list, create, import, reassign,
close. Every change is written to the audit log by the services."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...auth.models import User
from ...bounded import page_number
from ...extensions import db
from . import admin_bp, importing, services
from .forms import AdminLeadForm, CloseForm, ImportForm, ReassignForm, industry_choices
from .models import Lead, LeadSource, LeadStatus
from .routes import filter_args
from .validation import INDUSTRIES

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _filters() -> dict:
    args = request.args
    status = args.get("status", "")
    industry = args.get("industry", "")
    source = args.get("source", "")
    partner = args.get("partner", "")
    return {
        "status": status if status in LeadStatus._value2member_map_ else None,
        "city": args.get("city", "").strip() or None,
        "industry": industry if industry in INDUSTRIES else None,
        "partner_id": int(partner) if partner.isdigit() else None,
        "unassigned": partner == "none",
        "source": source if source in LeadSource._value2member_map_ else None,
        "search": args.get("q", "").strip() or None,
    }


@admin_bp.get("")
def index():
    filters = _filters()
    page = page_number(request.args)
    pagination = db.paginate(
        services.admin_query(**filters),
        page=page,
        per_page=current_app.config["LEADS_PER_PAGE"],
        error_out=False,
    )
    return render_template(
        "partner/leads/admin_list.html",
        pagination=pagination,
        filters=filters,
        filter_args=filter_args(),
        statuses=list(LeadStatus),
        sources=list(LeadSource),
        cities=services.all_cities(),
        industries=industry_choices(),
        partners=services.certified_partners(),
    )


@admin_bp.route("/new", methods=["GET", "POST"])
def new():
    form = AdminLeadForm()
    if form.validate_on_submit():
        lead = services.create(form.lead, LeadSource.ADMIN, actor=current_user)
        flash(
            _("Заявка «%(company)s» создана и попала в общий пул.", company=lead.company), "success"
        )
        return redirect(url_for("leads_admin.detail", lead_id=lead.id))
    return render_template("partner/leads/admin_form.html", form=form), (
        400 if form.errors else 200
    )


@admin_bp.route("/import", methods=["GET", "POST"])
def import_csv():
    form = ImportForm()
    context: dict = {"form": form, "industries": industry_choices()}
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.read(MAX_IMPORT_BYTES + 1)
        filename = upload.filename or "leads.csv"
        if len(raw) > MAX_IMPORT_BYTES:
            form.file.errors.append(
                _("Файл больше %(mb)s МБ. Разделите его на части.", mb=MAX_IMPORT_BYTES // 2**20)
            )
        else:
            parsed = importing.parse(raw, current_app.config["LEAD_IMPORT_MAX_ROWS"])
            context.update(parsed=parsed, filename=filename)
            if parsed.ok and not form.dry_run.data:
                created = services.import_many(parsed.rows, filename, current_user)
                flash(
                    _(
                        "Импортировано заявок: %(n)s (файл %(file)s).",
                        n=len(created),
                        file=filename,
                    ),
                    "success",
                )
                return redirect(url_for("leads_admin.index", source=LeadSource.IMPORT.value))
            if not parsed.ok:
                return render_template("partner/leads/admin_import.html", **context), 422
    return render_template("partner/leads/admin_import.html", **context), (
        400 if form.errors else 200
    )


def _lead_or_404(lead_id: int) -> Lead:
    return db.session.get(Lead, lead_id) or abort(404)


def _render_detail(lead: Lead, reassign_form=None, close_form=None, code: int = 200):
    partners = services.certified_partners()
    return render_template(
        "partner/leads/admin_detail.html",
        lead=lead,
        events=services.history(lead),
        reassign_form=reassign_form or ReassignForm(partners, formdata=None),
        close_form=close_form or CloseForm(formdata=None),
    ), code


@admin_bp.get("/<int:lead_id>")
def detail(lead_id: int):
    return _render_detail(_lead_or_404(lead_id))


_REFUSALS = {
    "closed": lambda: _("Заявка уже закрыта."),
    "same_partner": lambda: _("Заявка уже у этого партнёра."),
    "not_partner": lambda: _("Передать можно только партнёру с действующим сертификатом."),
    "stale": lambda: _("Заявку только что изменили. Проверьте её состояние и повторите."),
}


@admin_bp.post("/<int:lead_id>/reassign")
def reassign(lead_id: int):
    lead = _lead_or_404(lead_id)
    form = ReassignForm(services.certified_partners())
    if not form.validate_on_submit():
        return _render_detail(lead, reassign_form=form, code=400)
    target = db.session.get(User, int(form.partner.data)) if form.partner.data else None
    try:
        services.reassign(lead, target, current_user, form.note.data)
    except services.LeadError as exc:
        flash(_REFUSALS.get(exc.code, _REFUSALS["stale"])(), "error")
    else:
        if target is None:
            flash(_("Заявка возвращена в общий пул."), "success")
        else:
            flash(_("Заявка передана: %(name)s.", name=target.full_name), "success")
    return redirect(url_for("leads_admin.detail", lead_id=lead.id))


@admin_bp.post("/<int:lead_id>/close")
def close(lead_id: int):
    lead = _lead_or_404(lead_id)
    form = CloseForm()
    if not form.validate_on_submit():
        return _render_detail(lead, close_form=form, code=400)
    try:
        services.close(lead, form.outcome.data, form.reason.data, current_user)
    except services.LeadError as exc:
        if exc.code == "reason":
            form.reason.errors = [
                ngettext(
                    "Укажите причину отказа (не короче %(num)s символа).",
                    "Укажите причину отказа (не короче %(num)s символов).",
                    services.MIN_REASON,
                )
            ]
            return _render_detail(lead, close_form=form, code=400)
        flash(_REFUSALS.get(exc.code, _REFUSALS["stale"])(), "error")
    else:
        flash(_("Заявка закрыта."), "success")
    return redirect(url_for("leads_admin.detail", lead_id=lead.id))
