"""The signed-in account's id, read from the signed session without loading the account.

The exam's autosave is the busiest request of a certification day, and loading the whole
account row for it cost about a third of its work. Its SQL already matches the attempt by
owner (`WHERE attempts.user_id = :user`), so the id the session was signed with is all it
needs: a deleted account has no attempts left to match, and a forged id cannot pass the
session cookie's signature.
"""

from __future__ import annotations

from flask import g, session
from flask_login import current_user

from ..extensions import login_manager


def session_user_id() -> int | None:
    """The id of the account this request is signed in as, or None for a visitor.

    Falls back to Flask-Login whenever the session itself does not name an account (a
    remember-me cookie restores one), has already been loaded, or fails session protection.
    """
    if "_signed_user_id" in g:  # the guard and the view both ask: 0.04 M of a save
        return g._signed_user_id
    user_id = session.get("_user_id")
    if (
        "_login_user" not in g
        and isinstance(user_id, str)
        and user_id.isdigit()
        and not login_manager._session_protection_failed()
    ):
        g._signed_user_id = int(user_id)
        return g._signed_user_id
    return current_user.id if current_user.is_authenticated else None
