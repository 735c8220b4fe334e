"""The partner's side: the open pool, taking a lead, my leads, a lead's page and its status."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ... import keyset
from ...bounded import page_number
from ...certificates import services as certificates
from ...extensions import db
from ...ownership import get_owned_or_404
from . import bp, services
from .display import status_label
from .forms import StatusForm, TakeForm, industry_choices
from .models import Lead, LeadStatus
from .validation import INDUSTRIES


def _per_page() -> int:
    return current_app.config["LEADS_PER_PAGE"]


def _page() -> int:
    return page_number(request.args)


PAGING = ("page", "after", "before")


def filter_args() -> dict[str, str]:
    """The page's query (without the page number or cursor), for pager links."""
    return {key: value for key, value in request.args.items() if key not in PAGING and value}


@bp.get("/")
def pool():
    city = request.args.get("city", "").strip() or None
    industry = request.args.get("industry", "").strip()
    industry = industry if industry in INDUSTRIES else None
    pagination = keyset.paginate(
        services.pool_query(city, industry).order_by(None),
        Lead.created_at,
        Lead.id,
        per_page=_per_page(),
        page=_page(),
        after=keyset.Cursor.decode(request.args.get("after")),
        before=keyset.Cursor.decode(request.args.get("before")),
    )
    return render_template(
        "partner/leads/pool.html",
        pagination=pagination,
        cities=services.pool_cities(),
        industries=industry_choices(),
        city=city,
        industry=industry,
        counts=services.status_counts(current_user),
        filter_args=filter_args(),
    )


@bp.get("/mine")
def mine():
    status = request.args.get("status", "").strip()
    status = status if status in LeadStatus._value2member_map_ else None
    pagination = db.paginate(
        services.owned_query(current_user, status),
        page=_page(),
        per_page=_per_page(),
        error_out=False,
    )
    return render_template(
        "partner/leads/mine.html",
        pagination=pagination,
        status=status,
        statuses=list(LeadStatus),
        counts=services.status_counts(current_user),
        filter_args=filter_args(),
    )


def _render_lead(lead: Lead, lost_form: StatusForm | None = None, code: int = 200):
    return render_template(
        "partner/leads/lead.html",
        lead=lead,
        events=services.history(lead),
        lost_form=lost_form or StatusForm(formdata=None),
    ), code


@bp.get("/<int:lead_id>")
def detail(lead_id: int):
    return _render_lead(get_owned_or_404(Lead, lead_id))


@bp.post("/<int:lead_id>/take")
def take(lead_id: int):
    if not TakeForm().validate_on_submit():
        abort(400)
    if not certificates.is_certified(current_user):
        # Admins pass the partner guard to look around; leads belong to certified partners.
        flash(
            _(
                "Заявки берут сертифицированные партнёры. Передать заявку партнёру можно "
                "в администрировании."
            ),
            "error",
        )
        return redirect(url_for(".pool"))
    try:
        lead = services.take(lead_id, current_user)
    except services.LeadNotFound:
        abort(404)
    except services.LeadError as exc:
        if exc.code == "yours":
            flash(_("Эта заявка уже у вас в работе."), "info")
            return redirect(url_for(".detail", lead_id=lead_id))
        flash(
            _("Эту заявку уже взял другой партнёр или она закрыта. Выберите другую из списка."),
            "error",
        )
        return redirect(url_for(".pool"))
    flash(
        _(
            "Заявка «%(company)s» ваша. Свяжитесь с клиентом и отметьте это здесь.",
            company=lead.company,
        ),
        "success",
    )
    return redirect(url_for(".detail", lead_id=lead.id))


@bp.post("/<int:lead_id>/status")
def change_status(lead_id: int):
    lead = get_owned_or_404(Lead, lead_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_status(
            lead, current_user, form.expected.data, form.target.data, form.reason.data
        )
    except services.LeadError as exc:
        if exc.code == "reason":
            form.reason.errors = [
                ngettext(
                    "Укажите причину отказа (не короче %(num)s символа).",
                    "Укажите причину отказа (не короче %(num)s символов).",
                    services.MIN_REASON,
                )
            ]
            return _render_lead(lead, lost_form=form, code=400)
        if exc.code == "stale":
            flash(
                _(
                    "Статус уже изменён (сейчас: %(status)s). Проверьте и повторите.",
                    status=status_label(lead.status),
                ),
                "error",
            )
        else:
            flash(
                _(
                    "Из статуса «%(old)s» нельзя перейти в «%(new)s».",
                    old=status_label(form.expected.data),
                    new=status_label(form.target.data),
                ),
                "error",
            )
        return redirect(url_for(".detail", lead_id=lead.id))
    flash(_("Статус: %(status)s.", status=status_label(lead.status)), "success")
    return redirect(url_for(".detail", lead_id=lead.id))
