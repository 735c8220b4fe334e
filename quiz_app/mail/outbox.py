"""Enqueueing: a message rendered now, in the recipient's language, and stored with the event."""

from __future__ import annotations

import uuid
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import func, select

from ..clock import now
from ..extensions import db
from ..links import absolute_url
from ..sql import dialect_insert
from .models import MailStatus, OutboxMessage


def message_id() -> str:
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


def enqueue(
    kind: str,
    to: str,
    locale: str | None,
    *,
    key: str | None = None,
    attachments: list[dict] | None = None,
    headers: dict[str, str] | None = None,
    **context,
) -> bool:
    """Add a message to the caller's transaction; with `key`, only if none has that key yet.

    templates/mail/<kind>.txt holds the subject on its first line, a blank line and the plain
    text; templates/mail/<kind>.html the HTML alternative. Both get `context`, the product's
    name and a link to the site.
    """
    language = locale if locale in current_app.config["LANGUAGES"] else "ru"
    values = {
        "product": current_app.config["ISSUER_NAME"],
        "home": absolute_url("main.index"),
        **context,
    }
    with force_locale(language):
        subject, _, text = render_template(f"mail/{kind}.txt", **values).partition("\n\n")
        html = render_template(f"mail/{kind}.html", **values)
    subject, text = " ".join(subject.split()), text.strip() + "\n"
    row = {
        "key": key,
        "kind": kind,
        "to_address": to,
        "subject": subject,
        "text_body": text,
        "html_body": html,
        "headers": headers or {},
        "attachments": attachments or [],
        "message_id": message_id(),
        "status": MailStatus.PENDING.value,
        "attempts": 0,
        "created_at": now(),
        "next_attempt_at": now(),
    }
    if key is None:
        db.session.add(OutboxMessage(**row))
        return True
    table = OutboxMessage.__table__
    inserted = db.session.execute(
        dialect_insert(table)
        .values(**row)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    ).first()
    return inserted is not None


def recent(kind: str, to: str, within: timedelta) -> int:
    """How many messages of `kind` went (or wait to go) to `to` in the last `within`."""
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.kind == kind,
            OutboxMessage.to_address == to,
            OutboxMessage.created_at >= now() - within,
        )
    )
