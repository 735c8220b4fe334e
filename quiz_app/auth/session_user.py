"""The signed-in account's id, checked against its open sign-in without loading the account.

The exam's autosave is the busiest request of a certification day, and loading the whole
account row for it cost about a third of its work. Its SQL already matches the attempt by
owner (`WHERE attempts.user_id = :user`), so the id of the account behind the session's open
sign-in is all it needs: one indexed lookup of the sign-in row (auth/sessions.py), which
also refuses a session that was ended by logout, a password reset or an admin.
"""

from __future__ import annotations

from flask import g, session
from flask_login import current_user

from ..extensions import login_manager
from . import sessions


def session_user_id() -> int | None:
    """The id of the account this request is signed in as, or None for a visitor.

    Falls back to Flask-Login whenever the session itself does not name an open sign-in (a
    remember-me cookie restores one), has already been loaded, or fails session protection.
    """
    if "_signed_user_id" in g:  # the guard and the view both ask
        return g._signed_user_id
    key = session.get("_user_id")
    if (
        "_login_user" not in g
        and isinstance(key, str)
        and not login_manager._session_protection_failed()
        and (user_id := sessions.user_id_for(key)) is not None
    ):
        g._signed_user_id = user_id
        return user_id
    return current_user.id if current_user.is_authenticated else None
