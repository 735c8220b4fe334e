"""/admin/mail: the outbox, failed messages first, and the .eml files of a server without SMTP."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

from ...extensions import db
from ...mail import transports
from ...mail.models import MailStatus, OutboxMessage
from . import bp

LISTED = 200
STATUS_NAMES = {
    MailStatus.PENDING: _l("ждёт отправки"),
    MailStatus.SENDING: _l("отправляется"),
    MailStatus.SENT: _l("отправлено"),
    MailStatus.FAILED: _l("не доставлено"),
}


@bp.get("/mail")
def index():
    failed_first = case((OutboxMessage.status == MailStatus.FAILED, 0), else_=1)
    messages = db.session.scalars(
        select(OutboxMessage).order_by(failed_first, OutboxMessage.id.desc()).limit(LISTED)
    ).all()
    transport = transports.from_url(
        current_app.config["MAIL_URL"], current_app.config["MAIL_FILE_DIR"]
    )
    files = (
        sorted(transport.directory.glob("*.eml"), reverse=True)[:LISTED]
        if isinstance(transport, transports.FileTransport)
        else []
    )
    return render_template(
        "admin/mail/index.html",
        messages=messages,
        transport=transport.describe(),
        files=files,
        status_names=STATUS_NAMES,
    )


@bp.get("/mail/files/<name>")
def eml(name: str):
    transport = transports.from_url(
        current_app.config["MAIL_URL"], current_app.config["MAIL_FILE_DIR"]
    )
    if not isinstance(transport, transports.FileTransport) or Path(name).name != name:
        abort(404)
    path = transport.directory / name
    if path.suffix != ".eml" or not path.is_file():
        abort(404)
    return send_file(path, mimetype="message/rfc822", as_attachment=True, download_name=name)
