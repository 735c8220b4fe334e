"""Mail to a person: the optional kinds they can turn off, confirmation of their address.

Password reset, address confirmation and certificate mail always go. Reminders, lead notices
and (for admins who opted in) failed-delivery notices respect the person's preferences, and
each carries a one-click unsubscribe link, also as List-Unsubscribe headers (RFC 8058).
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import select

from .. import links
from ..clock import now
from ..extensions import db
from ..mail import outbox
from .models import Role, User

# topic → the User column that turns it on or off
TOPICS = {
    "reminders": "mail_reminders",
    "lead_notices": "mail_lead_notices",
    "admin_failures": "mail_admin_failures",
}
CONFIRM_MAX_AGE = 7 * 24 * 3600


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe")


def unsubscribe_token(user: User, topic: str) -> str:
    return _unsubscribe_serializer().dumps({"uid": user.id, "topic": topic})


def unsubscribe(token: str) -> tuple[User, str] | None:
    """Turn the token's topic off for its person; None for a token that is not ours."""
    try:
        data = _unsubscribe_serializer().loads(token)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("topic") not in TOPICS:
        return None
    setattr(user, TOPICS[data["topic"]], False)
    db.session.commit()
    return user, data["topic"]


def notify(user: User, kind: str, topic: str, *, key: str | None = None, **context) -> bool:
    """Enqueue an optional message for `user` unless they turned `topic` off."""
    if not getattr(user, TOPICS[topic]):
        return False
    url = links.absolute_url("auth.unsubscribe", token=unsubscribe_token(user, topic))
    return outbox.enqueue(
        kind,
        user.email,
        user.locale,
        key=key,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        name=user.full_name,
        unsubscribe_url=url,
        **context,
    )


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="confirm-email")


def send_confirmation(user: User) -> None:
    """Mail a link that confirms the address (in the caller's transaction)."""
    token = _confirm_serializer().dumps({"uid": user.id, "email": user.email})
    outbox.enqueue(
        "confirm_email",
        user.email,
        user.locale,
        name=user.full_name,
        confirm_url=links.absolute_url("auth.confirm_email", token=token),
    )


def confirm(token: str) -> User | None:
    try:
        data = _confirm_serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now()
        db.session.commit()
    return user


def tell_admins_of_failure(message) -> None:
    """A message failed for good: tell the admins who asked to know (never about itself)."""
    if message.kind == "mail_failed":
        return
    admins = db.session.scalars(
        select(User).where(User.role == Role.ADMIN, User.mail_admin_failures.is_(True))
    )
    for admin in admins:
        notify(
            admin,
            "mail_failed",
            "admin_failures",
            subject=message.subject,
            recipient=message.to_address,
            error=message.last_error or "",
            mail_url=links.absolute_url("admin.mail.index"),
        )
    db.session.commit()
