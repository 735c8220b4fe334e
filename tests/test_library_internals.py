"""The hot path leans on two non-public hooks of its libraries; these fail loudly if they move.

docs/benchmarks.md ("Hot-path shortcuts") records what each is worth. When one of these fails
after an upgrade, either adapt the shortcut to the library's new internals or fall back to the
public API named in the message.
"""

from __future__ import annotations

import inspect

from flask import session
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from quiz_app.extensions import csrf, login_manager


def test_flask_login_still_has_session_protection_failed(app):
    method = getattr(LoginManager, "_session_protection_failed", None)
    assert callable(method), (
        "Flask-Login no longer has LoginManager._session_protection_failed, which "
        "quiz_app/auth/session_user.py calls to trust the session's sign-in without loading "
        "the account; use `current_user` (public) instead"
    )
    assert list(inspect.signature(method).parameters) == ["self"], (
        "LoginManager._session_protection_failed takes other arguments now: "
        "adapt quiz_app/auth/session_user.py"
    )


def test_flask_login_session_protection_failed_still_means_what_we_read(app):
    login_manager.session_protection = "strong"
    try:
        with app.test_request_context("/", headers={"User-Agent": "one browser"}):
            from flask_login.utils import _create_identifier

            session["_user_id"] = "someone"
            session["_id"] = _create_identifier()
            assert login_manager._session_protection_failed() is False
        with app.test_request_context("/", headers={"User-Agent": "another browser"}):
            session["_user_id"] = "someone"
            session["_id"] = "an identifier made for a different client"
            assert login_manager._session_protection_failed() is True, (
                "Flask-Login's _session_protection_failed() no longer reports a session moved "
                "to another client: quiz_app/auth/session_user.py would trust it"
            )
            assert "_user_id" not in session
    finally:
        login_manager.session_protection = "basic"


def test_flask_wtf_still_reads_the_token_through_get_csrf_token():
    hook = getattr(CSRFProtect, "_get_csrf_token", None)
    assert callable(hook), (
        "Flask-WTF's CSRFProtect no longer has _get_csrf_token, which quiz_app/extensions.py "
        "overrides to read the X-CSRFToken header before parsing a form; drop the override"
    )
    assert "self._get_csrf_token()" in inspect.getsource(CSRFProtect.protect), (
        "CSRFProtect.protect() no longer asks _get_csrf_token() for the token: the override "
        "in quiz_app/extensions.py is dead; drop it"
    )
    assert type(csrf)._get_csrf_token is not CSRFProtect._get_csrf_token


def test_the_header_token_is_found_without_parsing_the_body(app):
    app.config["WTF_CSRF_ENABLED"] = True
    with app.test_request_context(
        "/", method="POST", headers={"X-CSRFToken": "from-the-header"}, data={"csrf_token": "f"}
    ):
        assert csrf._get_csrf_token() == "from-the-header"
