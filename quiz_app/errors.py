"""Error pages in the site's layout; JSON for clients that asked for JSON."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

log = logging.getLogger(__name__)


def wants_json() -> bool:
    if request.is_json or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _titles() -> dict[int, str]:
    return {
        400: _("Некорректный запрос"),
        403: _("Доступ запрещён"),
        404: _("Страница не найдена"),
        405: _("Метод не поддерживается"),
        413: _("Слишком большой запрос"),
        429: _("Слишком много попыток"),
        500: _("Внутренняя ошибка"),
        503: _("Сервис временно недоступен"),
    }


def render_error(code: int, message: str | None = None):
    title = _titles().get(code, _("Ошибка"))
    if wants_json():
        return jsonify(error=code, title=title, message=message or title), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, _("Форма устарела или отправлена не с этого сайта. Обновите страницу и повторите.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code != 429:
            return render_error(error.code)
        body, code = render_error(error.code, error.description)
        retry_after = getattr(error, "retry_after", None)
        return body, code, ({"Retry-After": str(retry_after)} if retry_after else {})

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # A dropped connection (the pool reconnects on the next request), a database that is
        # restarting, SQLite's write lock held past the busy timeout: all worth a retry.
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error)
        _rollback_quietly()
        return render_error(
            503, _("База данных временно недоступна. Повторите через несколько секунд.")
        )

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        _rollback_quietly()
        return render_error(InternalServerError.code)


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the error page must go out even if the database is down
        log.exception("rollback failed")
