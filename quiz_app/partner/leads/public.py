"""The public request form: a company asks for a CRM implementation. No login needed."""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import rate_limits
from . import public_bp, services
from .forms import PublicLeadForm
from .models import LeadSource

log = logging.getLogger(__name__)


# Accepted and refused submissions are counted apart (LEAD_FORM_RATE_LIMIT and the higher
# LEAD_FORM_INVALID_RATE_LIMIT), so a person fixing typos never uses up the leads they may send,
# while a flood of junk is still refused.
ACCEPTED, INVALID = "leads.request.accepted", "leads.request.invalid"


def _flood(seconds: int) -> str:
    return _(
        "Слишком много неверно заполненных заявок с вашего адреса. Повторите через %(seconds)d с.",
        seconds=seconds,
    )


def _sent_enough(seconds: int) -> str:
    return _(
        "С вашего адреса уже отправлено много заявок. Повторите через %(seconds)d с.",
        seconds=seconds,
    )


@public_bp.route("/request", methods=["GET", "POST"])
def request_form():
    form = PublicLeadForm()
    if request.method == "POST" and form.website.data:
        # The honeypot is filled: a bot. Answer as if all went well and keep nothing.
        rate_limits.count("LEAD_FORM_INVALID_RATE_LIMIT", INVALID, _flood)
        log.info("lead form: honeypot filled, submission from %s discarded", request.remote_addr)
        return redirect(url_for(".thanks"))
    if form.validate_on_submit():
        rate_limits.count("LEAD_FORM_RATE_LIMIT", ACCEPTED, _sent_enough)
        services.create(form.lead, LeadSource.SITE)
        return redirect(url_for(".thanks"))
    if request.method == "POST":
        rate_limits.count("LEAD_FORM_INVALID_RATE_LIMIT", INVALID, _flood)
    return render_template("partner/leads/request.html", form=form), (400 if form.errors else 200)


@public_bp.get("/request/thanks")
def thanks():
    return render_template("partner/leads/request_thanks.html")
