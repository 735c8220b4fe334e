"""POST /api/v1/accounts/<id>/events: a client account reports its activity with its token."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from ...api.openapi import register
from ...inputs import body_limit
from . import api_bp, events, services
from .models import AccountStatus

MAX_BODY_BYTES = 1024 * 1024


def _error(status: int, code: str, message: str, fields: dict | None = None, **headers):
    body = {"error": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def _bearer_token() -> str | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@api_bp.post("/<int:account_id>/events")
@body_limit(MAX_BODY_BYTES)
def client_account_events(account_id: int):
    account = services.authenticate(account_id, _bearer_token())
    if account is None:
        # The same answer for an unknown account and a wrong token: ids cannot be probed.
        return _error(
            401,
            "unauthorized",
            _("Нужен действующий токен этого аккаунта: Authorization: Bearer <токен>."),
            **{"WWW-Authenticate": 'Bearer realm="client-account"'},
        )
    if account.status == AccountStatus.BLOCKED:
        return _error(403, "account_blocked", _("Аккаунт заблокирован, события не принимаются."))
    # Reading stops at the limit (inputs.body_limit), also for a chunked body, which has no
    # Content-Length: a body that reached it was longer.
    if (request.content_length or 0) > MAX_BODY_BYTES or len(
        request.get_data(cache=True)
    ) >= MAX_BODY_BYTES:
        return _error(413, "too_large", _("Запрос больше 1 МБ; отправляйте события частями."))
    payload = request.get_json(silent=True)
    if payload is None:
        return _error(
            400,
            "invalid_json",
            _("Тело запроса должно быть JSON (Content-Type: application/json)."),
        )
    try:
        parsed = events.parse(payload)
    except events.PayloadInvalid as exc:
        return _error(422, "validation_error", _("Исправьте отмеченные поля."), exc.fields)
    stored, duplicates = events.record(account, parsed)
    return jsonify(stored=stored, duplicates=duplicates), 200


def _response(description: str, schema: str = "Error") -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


register(
    paths={
        "/accounts/{account_id}/events": {
            "post": {
                "operationId": "postClientAccountEvents",
                "summary": "Report a client account's activity",
                "description": (
                    'One event object, or {"events": [...]} with up to '
                    f"{events.MAX_BATCH} events. Amounts are integer kopecks, durations "
                    "seconds. Events with an `id` already received for the account are "
                    "ignored and counted as duplicates."
                ),
                "tags": ["Client accounts"],
                "security": [{"accountToken": []}],
                "parameters": [
                    {
                        "name": "account_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/Event"},
                                    {"$ref": "#/components/schemas/EventBatch"},
                                ]
                            }
                        }
                    },
                },
                "responses": {
                    "200": _response("Stored", "EventsStored"),
                    "400": _response("The body is not JSON"),
                    "401": _response("Missing or wrong token, or unknown account"),
                    "403": _response("The account is blocked"),
                    "413": _response("The body is larger than 1 MB"),
                    "422": _response("Invalid fields, listed in `fields`"),
                },
            }
        }
    },
    schemas={
        **events.openapi_schemas(),
        "EventsStored": {
            "type": "object",
            "required": ["stored", "duplicates"],
            "properties": {
                "stored": {"type": "integer", "description": "Events stored now"},
                "duplicates": {"type": "integer", "description": "Events already received"},
            },
        },
    },
    security_schemes={
        "accountToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "The client account's API token, shown once in the partner area.",
        }
    },
)
