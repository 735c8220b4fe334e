"""The OpenAPI 3.1 document. Each feature adds its paths and schemas with `register()`.

Keeping the description beside the code that serves it (one call per module, at import)
means the document cannot silently lose an endpoint that exists.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import jsonify

from . import bp

_paths: dict[str, dict[str, Any]] = {}
_schemas: dict[str, dict[str, Any]] = {}
_security_schemes: dict[str, dict[str, Any]] = {}


def register(
    paths: dict[str, dict[str, Any]],
    schemas: dict[str, dict[str, Any]] | None = None,
    security_schemes: dict[str, dict[str, Any]] | None = None,
) -> None:
    for path, operations in paths.items():
        _paths.setdefault(path, {}).update(operations)
    _schemas.update(schemas or {})
    _security_schemes.update(security_schemes or {})


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": ["string", "integer"]},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Per-field validation messages",
        },
    },
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Partner Certification API",
            "version": "1.0.0",
            "description": "Leads and client-account activity for the partner platform.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": copy.deepcopy(_paths),
        "components": {
            "schemas": {"Error": ERROR_SCHEMA, **copy.deepcopy(_schemas)},
            "securitySchemes": copy.deepcopy(_security_schemes),
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
