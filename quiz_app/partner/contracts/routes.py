from __future__ import annotations

import logging

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...documents.dates import russian_date
from ...i18n import display_zone
from ...ownership import get_owned_or_404
from . import bp, platform, rendering, services
from .forms import GenerateForm, RequisitesForm
from .models import ContractVersion
from .requisites import FIELD_NAMES, RequisitesInvalid

log = logging.getLogger(__name__)


def _page(form: RequisitesForm | None = None, status: int = 200):
    saved = services.requisites_of(current_user)
    if form is None:
        form = RequisitesForm(formdata=None, data=saved.as_dict() if saved else None)
    versions = services.versions_of(current_user)
    latest = versions[0] if versions else None
    return render_template(
        "partner/contracts/index.html",
        form=form,
        generate_form=GenerateForm(),
        has_requisites=saved is not None,
        versions=versions,
        outdated=latest is not None and services.is_outdated(latest, saved),
    ), status


def contract_date(contract: ContractVersion) -> str:
    return russian_date(contract.created_at.astimezone(display_zone()))


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def save():
    form = RequisitesForm()
    if not form.validate_on_submit():  # only the CSRF token can fail here
        return _page(form, 400)
    try:
        services.save_requisites(current_user, {name: form[name].data for name in FIELD_NAMES})
    except RequisitesInvalid as invalid:
        for name, messages in invalid.errors.items():
            form[name].errors = list(messages)
        flash(_("Реквизиты не сохранены: исправьте отмеченные поля."), "error")
        return _page(form, 400)
    if form.save_and_generate.data:
        return _generate()
    flash(_("Реквизиты сохранены."), "success")
    return redirect(url_for("partner.contracts.index"))


def _generate():
    try:
        contract = services.generate(current_user, current_app.config)
    except services.NoRequisites:
        flash(_("Сначала заполните и сохраните реквизиты компании."), "error")
    except platform.PlatformRequisitesInvalid as error:
        log.error("platform requisites are invalid: %s", error)
        flash(
            _(
                "Договор сейчас нельзя сформировать: реквизиты платформы не настроены. "
                "Мы уже знаем о проблеме."
            ),
            "error",
        )
    else:
        flash(_("Договор № %(number)s сформирован.", number=contract.number), "success")
    return redirect(url_for("partner.contracts.index"))


@bp.post("/generate")
def generate():
    form = GenerateForm()
    if not form.validate_on_submit():
        return _page(status=400)
    return _generate()


@bp.get("/<int:contract_id>.pdf")
def pdf(contract_id: int):
    contract = get_owned_or_404(ContractVersion, contract_id)
    data = rendering.render_contract(contract.number, contract_date(contract), contract.snapshot)
    response = make_response(data)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{contract.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
