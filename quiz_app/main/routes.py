from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from ..bank.published import BankUnavailable, current_exam
from ..exam import services as exam_services
from ..extensions import db
from ..i18n import LANG_SESSION_KEY
from ..redirects import local_target
from . import bp
from .privacy import policy_html


@bp.get("/")
def index():
    try:
        bank = current_exam()
    except BankUnavailable:
        bank = None
    context = {"bank": bank}
    if current_user.is_authenticated:
        context["open_attempt"] = exam_services.open_attempt(current_user)
        context["best_score"] = exam_services.best_score(current_user)
    return render_template("main/index.html", **context)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session[LANG_SESSION_KEY] = code
        if current_user.is_authenticated and current_user.locale != code:
            current_user.locale = code
            db.session.commit()
    return redirect(local_target(request.args.get("next")) or url_for("main.index"))


@bp.get("/favicon.ico")
def favicon():
    """Pages link the SVG icon; clients that ask for /favicon.ico anyway are sent to it."""
    return redirect(url_for("static", filename="favicon.svg"))


@bp.get("/healthz")
def health():
    """For the load balancer: the process answers and the database is reachable."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/privacy")
def privacy():
    """The operator's policy; a plain notice (and a log line) while its file is missing."""
    policy = policy_html(current_app.config["PRIVACY_POLICY_FILE"])
    return render_template("main/privacy.html", policy=policy), (200 if policy else 503)
