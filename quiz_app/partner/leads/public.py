"""The public request form: a company asks for a CRM implementation. No login needed."""

from __future__ import annotations

import logging

from flask import redirect, render_template, request, url_for

from ...extensions import limiter
from . import public_bp, services
from .forms import PublicLeadForm
from .models import LeadSource

log = logging.getLogger(__name__)


@public_bp.route("/request", methods=["GET", "POST"])
@limiter.limit("LEAD_FORM_RATE_LIMIT")
def request_form():
    form = PublicLeadForm()
    if request.method == "POST" and form.website.data:
        # The honeypot is filled: a bot. Answer as if all went well and keep nothing.
        log.info("lead form: honeypot filled, submission from %s discarded", request.remote_addr)
        return redirect(url_for(".thanks"))
    if form.validate_on_submit():
        services.create(form.lead, LeadSource.SITE)
        return redirect(url_for(".thanks"))
    return render_template("partner/leads/request.html", form=form), (400 if form.errors else 200)


@public_bp.get("/request/thanks")
def thanks():
    return render_template("partner/leads/request_thanks.html")
