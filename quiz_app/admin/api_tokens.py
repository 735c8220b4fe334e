"""Admin pages for API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..api import tokens
from ..forms import AppForm
from . import bp


class TokenForm(AppForm):
    name = StringField(
        _l("Название"),
        validators=[DataRequired(), Length(max=tokens.NAME_MAX)],
        description=_l("Кто будет пользоваться токеном, например «Лендинг весна 2026»."),
    )
    submit = SubmitField(_l("Создать токен"))


class RevokeTokenForm(AppForm):
    submit = SubmitField(_l("Отозвать"))


@bp.route("/api-tokens", methods=["GET", "POST"])
def api_tokens():
    form = TokenForm()
    created = None
    if form.validate_on_submit():
        token, raw = tokens.issue(form.name.data, by=current_user)
        created = {"token": token, "raw": raw}
        form = TokenForm(formdata=None)
    status = 201 if created else (400 if form.errors else 200)
    response = render_template(
        "admin/api_tokens.html",
        form=form,
        revoke_form=RevokeTokenForm(),
        tokens=tokens.all_tokens(),
        created=created,
    )
    headers = {"Cache-Control": "no-store"} if created else {}
    return response, status, headers


@bp.post("/api-tokens/<int:token_id>/revoke")
def api_token_revoke(token_id: int):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    token = tokens.revoke(token_id, by=current_user) or abort(404)
    flash(_("Токен «%(name)s» отозван.", name=token.name), "success")
    return redirect(url_for("admin.api_tokens"))
