from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..certificates import services as certificates
from ..certificates import share
from ..certificates.routes import base_url, verify_url
from . import bp

# (title, description, endpoint or None while the section is being built)
SECTIONS = (
    (
        _l("Входящие заявки"),
        _l("Горячие заявки клиентов, которым нужно внедрение."),
        "partner.leads.pool",
    ),
    (
        _l("Сертификат"),
        _l("Скачать, поделиться и проверить ваш сертификат."),
        "partner.certificate",
    ),
    (
        _l("Договор"),
        _l("Реквизиты и партнёрский договор для покупки аккаунтов клиентам."),
        "partner.contracts.index",
    ),
    (
        _l("Аккаунты клиентов"),
        _l("Пробные аккаунты на 14 дней и активность клиентов."),
        "partner.accounts.index",
    ),
    (
        _l("Магазин"),
        _l("Активация аккаунтов клиентов сейчас, оплата позже."),
        "partner.store.index",
    ),
    (_l("Тарифы"), _l("Сравнение тарифов и калькулятор стоимости."), "reference.index"),
)


@bp.get("/")
def home():
    sections = [
        (title, text, url_for(endpoint) if endpoint in current_app.view_functions else None)
        for title, text, endpoint in SECTIONS
    ]
    return render_template(
        "partner/home.html", sections=sections, certificate=certificates.current(current_user)
    )


@bp.get("/certificate")
def certificate():
    current = certificates.current(current_user)
    history = certificates.of_user(current_user)
    context = {"certificate": current, "history": history}
    if current is not None:
        url = verify_url(current)
        credential_path = url_for("certificates.credential_json", public_id=current.public_id)
        context.update(
            url=url,
            share=share.links(current, url, current_app.config["ISSUER_NAME"]),
            image_url=url_for("certificates.image", public_id=current.public_id),
            credential_url=f"{base_url()}{credential_path}",
        )
    return render_template("partner/certificate.html", **context)
