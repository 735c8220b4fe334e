"""Bearer-token authentication for API endpoints: `@token_required`."""

from __future__ import annotations

import functools

from flask import g, jsonify, request
from flask_babel import gettext as _

from . import tokens

SECURITY_SCHEMES = {
    "ApiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <token>`. Tokens are created by an admin "
        "(Администрирование → API-токены) or with `flask --app quiz_app create-api-token NAME`.",
    }
}
UNAUTHORIZED_RESPONSE = {
    "description": "The token is missing, unknown or revoked",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _messages() -> dict[str, str]:
    return {
        "missing": _("Нужен API-токен: заголовок Authorization: Bearer <токен>."),
        "invalid": _("API-токен не найден. Проверьте, что он скопирован полностью."),
        "revoked": _("API-токен отозван. Попросите администратора выпустить новый."),
    }


def token_required(view):
    """Run `view` only for a request with an active token; the token is in `g.api_token`."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        try:
            g.api_token = tokens.authenticate(_bearer())
        except tokens.TokenRejected as exc:
            response = jsonify(error="unauthorized", message=_messages()[exc.reason])
            challenge = 'Bearer realm="api"'
            if exc.reason != "missing":
                challenge += ', error="invalid_token"'
            response.headers["WWW-Authenticate"] = challenge
            return response, 401
        return view(*args, **kwargs)

    return wrapped
