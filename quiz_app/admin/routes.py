from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..certificates import services as certificates
from ..certificates.models import Certificate
from ..extensions import db
from . import bp, dashboard
from .forms import RevokeForm


@bp.get("/")
def index():
    return dashboard.render()


@bp.get("/certificates")
def certificate_list():
    query = request.args.get("q", "").strip()
    statement = select(Certificate).order_by(Certificate.issued_at.desc()).limit(200)
    if query:
        # autoescape: a typed % or _ is a character to find, not a wildcard.
        statement = statement.where(
            or_(
                Certificate.number.icontains(query, autoescape=True),
                Certificate.holder_name.icontains(query, autoescape=True),
                Certificate.company.icontains(query, autoescape=True),
            )
        )
    return render_template(
        "admin/certificates.html", certificates=db.session.scalars(statement).all(), query=query
    )


@bp.route("/certificates/<int:certificate_id>", methods=["GET", "POST"])
def certificate_detail(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id) or abort(404)
    form = RevokeForm()
    if form.validate_on_submit():
        certificates.revoke(certificate, form.reason.data, by=current_user)
        flash(_("Сертификат %(number)s отозван.", number=certificate.number), "success")
        return redirect(url_for("admin.certificate_detail", certificate_id=certificate.id))
    return render_template("admin/certificate.html", certificate=certificate, form=form), (
        400 if form.errors else 200
    )
