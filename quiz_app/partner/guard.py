"""The single gate of the partner area, registered once on its blueprint (partner/__init__.py)."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..bank.published import BankUnavailable, current_exam
from ..certificates import services as certificates
from ..errors import wants_json
from ..exam import services as exam


def require_certified_partner():
    if not current_user.is_authenticated:
        if wants_json():
            return jsonify(error=401, message=_("Требуется вход.")), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if current_user.is_admin or certificates.is_certified(current_user):
        return None
    if wants_json():
        return jsonify(
            error=403,
            message=_("Раздел доступен только сертифицированным партнёрам."),
        ), 403
    past = certificates.of_user(current_user)
    try:
        published = current_exam()
    except BankUnavailable:
        published = None
    return render_template(
        "partner/locked.html",
        exam=published,
        best_score=exam.best_score(current_user),
        last_certificate=past[0] if past else None,
    ), 403
