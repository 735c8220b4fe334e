from __future__ import annotations

from flask import abort, current_app, jsonify, make_response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import links
from ..bank.published import BankUnavailable, current_exam, version_block_titles
from ..clock import now
from ..documents.dates import russian_date
from . import bp, credential, rendering, services, share, signing_key, status_list
from .models import Certificate, CertificateStatus


def base_url() -> str:
    """Absolute URLs in credentials and share links; fixed by PUBLIC_BASE_URL in production."""
    return links.site_url()


def verify_url(certificate: Certificate) -> str:
    return links.absolute_url("certificates.verify", public_id=certificate.public_id)


def _certificate_or_404(public_id: str) -> Certificate:
    try:
        return services.by_public_id(public_id)
    except services.CertificateNotFound:
        abort(404)


STATUS_LABELS = {CertificateStatus.REVOKED: "ОТОЗВАН", CertificateStatus.EXPIRED: "ИСТЁК СРОК"}


def view_of(certificate: Certificate) -> rendering.CertificateView:
    return rendering.CertificateView(
        holder_name=certificate.holder_name,
        company=certificate.company,
        number=certificate.number,
        score=certificate.score,
        max_score=certificate.max_score,
        issued_on=russian_date(certificate.issued_at),
        valid_until=russian_date(certificate.valid_until),
        verify_url=verify_url(certificate),
        status_label=STATUS_LABELS.get(services.status_of(certificate)),
    )


def _file(data: bytes, mimetype: str, filename: str | None = None, max_age: int = 300):
    response = make_response(data)
    response.mimetype = mimetype
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@bp.get("/verify/<public_id>")
def verify(public_id: str):
    certificate = _certificate_or_404(public_id)
    url = verify_url(certificate)
    base = base_url()
    entry = status_list.entry(base, certificate.id)
    list_number, index = status_list.position(certificate.id)
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        status=services.status_of(certificate),
        url=url,
        image_url=f"{base}{url_for('certificates.image', public_id=public_id)}",
        share=share.links(certificate, url, current_app.config["ISSUER_NAME"]),
        is_owner=current_user.is_authenticated and current_user.id == certificate.user_id,
        criteria=criteria(certificate),
        blocks=_block_titles(certificate),
        status_entry=entry,
        listed_revoked=index in services.revoked_in_list(list_number),
    )


def _block_titles(certificate: Certificate) -> list[str]:
    """The blocks of the exam version the certificate was earned on (the published exam's for
    certificates from before exam versions)."""
    attempt = services.exam_terms(certificate)
    if attempt is not None and attempt.exam_version_id is not None:
        return version_block_titles(attempt.exam_version_id)
    try:
        return [loaded.block.title for loaded in current_exam().blocks]
    except BankUnavailable:
        return []


def criteria(certificate: Certificate) -> str:
    attempt = services.exam_terms(certificate)
    return (
        f"Экзамен из {attempt.question_count} вопросов за {attempt.time_limit_minutes} минут "
        f"без подсказок; сертификат выдаётся при {attempt.pass_score} баллах и более."
    )


def signed_credential(certificate: Certificate) -> dict:
    key = signing_key.private_key()
    multibase = signing_key.public_multibase(key.public_key())
    base = base_url()
    document = credential.unsigned_credential(
        certificate,
        base,
        current_app.config["ISSUER_NAME"],
        multibase,
        status_list.entry(base, certificate.id),
        criteria(certificate),
    )
    return credential.sign(document, key, multibase, certificate.issued_at)


def _json_ld(document: dict):
    response = jsonify(document)
    # JSON-LD for clients that ask for it; plain JSON (which browsers show) for everyone else,
    # browsers' and curl's `*/*` included.
    response.mimetype = request.accept_mimetypes.best_match(
        ("application/json", "application/ld+json"), default="application/json"
    )
    response.vary.add("Accept")
    return response


@bp.get("/verify/<public_id>.json")
def credential_json(public_id: str):
    response = _json_ld(signed_credential(_certificate_or_404(public_id)))
    if request.args.get("download"):
        response.headers["Content-Disposition"] = (
            f'attachment; filename="credential-{public_id}.json"'
        )
    return response


@bp.get("/status/revocation/<int(max=1000000):list_number>")
def status_list_credential(list_number: int):
    """The signed revocation list, built from the database on every request."""
    key = signing_key.private_key()
    multibase = signing_key.public_multibase(key.public_key())
    base = base_url()
    moment = now()
    document = status_list.unsigned_list_credential(
        base,
        list_number,
        services.revoked_in_list(list_number),
        credential.issuer(base, current_app.config["ISSUER_NAME"], multibase),
        credential.iso(moment),
    )
    response = _json_ld(credential.sign(document, key, multibase, moment))
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/verify/<public_id>.png")
def image(public_id: str):
    certificate = _certificate_or_404(public_id)
    return _file(rendering.render_png(view_of(certificate)), "image/png")


def certificate_pdf(public_id: str) -> tuple[str, str, bytes]:
    """The PDF as a mail attachment (registered with quiz_app.mail by create_app)."""
    certificate = services.by_public_id(public_id)
    return (
        f"{certificate.number}.pdf",
        "application/pdf",
        rendering.render_pdf(view_of(certificate)),
    )


@bp.get("/certificates/<public_id>.pdf")
def pdf(public_id: str):
    """The printable certificate, for its holder and admins."""
    certificate = _certificate_or_404(public_id)
    if not current_user.is_authenticated or (
        current_user.id != certificate.user_id and not current_user.is_admin
    ):
        abort(404)
    data = rendering.render_pdf(view_of(certificate))
    response = _file(data, "application/pdf", f"{certificate.number}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/issuer")
def issuer():
    key = signing_key.private_key().public_key()
    profile = credential.issuer_profile(
        base_url(), current_app.config["ISSUER_NAME"], signing_key.public_multibase(key)
    )
    return _json_ld(profile)


@bp.get("/.well-known/credential-issuer-key.json")
def public_key():
    """The key that verifies every credential this platform signs, as a Multikey."""
    key = signing_key.private_key().public_key()
    return jsonify(credential.verification_method(signing_key.public_multibase(key)))


STATUS_NAMES = {
    CertificateStatus.VALID: _l("действителен"),
    CertificateStatus.EXPIRED: _l("срок истёк"),
    CertificateStatus.REVOKED: _l("отозван"),
}


@bp.app_template_filter("certificate_status")
def _status_filter(certificate: Certificate) -> str:
    """The status code (valid, expired, revoked), for templates that choose by it."""
    return services.status_of(certificate).value


@bp.app_template_filter("certificate_status_name")
def _status_name_filter(certificate: Certificate) -> str:
    """The status in words of the page's language, for people to read."""
    return str(STATUS_NAMES[services.status_of(certificate)])
