"""Sign-ins that can be ended: one row per signed-in device, checked on every request.

Cookies are signed, so they cannot be forged, but a signed cookie alone stays valid for as
long as it is kept: a copied one would outlive a logout or a password reset. The cookie
therefore carries only the key of a `UserSession` row, and a request is signed in while that
row is open. Logout ends its own row; a password change or reset and an admin's "sign out
everywhere" end every row of the account, remember-me cookies included.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_login import login_user
from sqlalchemy import bindparam, select, update

from ..clock import now
from ..extensions import db
from .models import User, UserSession

# last_seen_at is a hint for the account page, not an audit trail: refreshing it at most
# this often keeps ordinary page views free of writes.
LAST_SEEN_EVERY = timedelta(minutes=5)
_USER_AGENT_MAX = 300


def open_for(user: User, *, user_agent: str = "", ip: str = "") -> UserSession:
    """A new open session row for `user` (commits); its key is what the cookies carry."""
    moment = now()
    row = UserSession(
        key=secrets.token_urlsafe(32),
        user_id=user.id,
        created_at=moment,
        last_seen_at=moment,
        user_agent=(user_agent or "")[:_USER_AGENT_MAX],
        ip=(ip or "")[:45],
    )
    db.session.add(row)
    db.session.commit()
    user.session_key = row.key
    return row


def sign_in(user: User, *, remember: bool, user_agent: str, ip: str) -> UserSession:
    """Open a session row for `user` and sign the request's session into it."""
    row = open_for(user, user_agent=user_agent, ip=ip)
    login_user(user, remember=remember)
    return row


def load_user(key: str) -> User | None:
    """Flask-Login's user loader: the account of an open session row, else nobody."""
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.key == key, UserSession.ended_at.is_(None))
    ).first()
    if row is None:
        return None
    sign_in_row, user = row
    moment = now()
    if moment - sign_in_row.last_seen_at >= LAST_SEEN_EVERY:
        sign_in_row.last_seen_at = moment
        db.session.commit()
    user.session_key = key
    return user


_sessions = UserSession.__table__
# Built once: the answer save asks this on every request.
_OPEN_SESSION_USER = select(_sessions.c.user_id).where(
    _sessions.c.key == bindparam("b_key"), _sessions.c.ended_at.is_(None)
)


def user_id_for(key: object) -> int | None:
    """The account id of an open session, for requests that need no more than that."""
    if not isinstance(key, str):
        return None
    # On the session's connection: the ORM session's own execute() costs more than the query.
    return db.session.connection().execute(_OPEN_SESSION_USER, {"b_key": key}).scalar()


def end(key: str | None) -> None:
    """End one sign-in (logout)."""
    if key:
        db.session.execute(
            update(UserSession)
            .where(UserSession.key == key, UserSession.ended_at.is_(None))
            .values(ended_at=now())
        )
        db.session.commit()


def end_all(user: User, *, keep: str | None = None) -> int:
    """End every sign-in of `user` but `keep`, in the caller's transaction; returns how many."""
    statement = (
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=now())
    )
    if keep is not None:
        statement = statement.where(UserSession.key != keep)
    return db.session.execute(statement).rowcount


def open_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
        )
    )


def device(user_agent: str) -> str:
    """A short description of a browser's User-Agent: «Chrome, Windows»."""
    browser = next(
        (name for token, name in _BROWSERS if token in user_agent), user_agent[:40] or "?"
    )
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return f"{browser}, {system}" if system else browser


# Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("YaBrowser/", "Yandex Browser"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)
