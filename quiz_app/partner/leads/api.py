"""`POST /api/v1/leads`: another system (a landing page, a call centre) sends a lead."""

from __future__ import annotations

from flask import g, jsonify, request
from flask_babel import gettext as _
from pydantic import ValidationError

from ...api.auth import SECURITY_SCHEMES, UNAUTHORIZED_RESPONSE, token_required
from ...api.openapi import register
from . import api_bp, services
from .models import Lead, LeadSource, LeadStatus
from .validation import INDUSTRIES, MAX_USERS, field_errors, validate_lead


def lead_json(lead: Lead) -> dict:
    return {
        "id": lead.id,
        "company": lead.company,
        "contact_name": lead.contact_name,
        "phone": lead.phone,
        "email": lead.email,
        "city": lead.city,
        "industry": lead.industry,
        "users_count": lead.users_count,
        "budget_kopecks": lead.budget_kopecks,
        "comment": lead.comment,
        "source": lead.source,
        "source_detail": lead.source_detail,
        "status": lead.status,
        "created_at": lead.created_at.isoformat().replace("+00:00", "Z"),
    }


@api_bp.post("")
@token_required
def create_lead():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(
            error="invalid_json",
            message=_("Ожидается JSON-объект с полями заявки (Content-Type: application/json)."),
        ), 400
    try:
        data = validate_lead(payload)
    except ValidationError as exc:
        return jsonify(
            error="validation_failed",
            message=_("Заявка не принята: исправьте поля, перечисленные в fields."),
            fields=field_errors(exc),
        ), 422
    lead = services.create(data, LeadSource.API, detail=g.api_token.name)
    return jsonify(lead_json(lead)), 201


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

LEAD_INPUT_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["company", "contact_name", "phone", "city", "industry", "users_count"],
    "properties": {
        "company": {"type": "string", "minLength": 1, "maxLength": 200},
        "contact_name": {"type": "string", "minLength": 1, "maxLength": 200},
        "phone": {
            "type": "string",
            "description": "Any valid number; without a country code it is read as Russian. "
            "Stored in E.164 (+79123456789).",
            "examples": ["+7 912 345-67-89"],
        },
        "email": {"type": ["string", "null"], "format": "email", "maxLength": 254},
        "city": {"type": "string", "minLength": 1, "maxLength": 100},
        "industry": {
            "type": "string",
            "enum": list(INDUSTRIES),
            "description": "An industry code (the Russian name is accepted too).",
        },
        "users_count": {"type": "integer", "minimum": 1, "maximum": MAX_USERS},
        "budget": {
            "type": ["number", "string", "null"],
            "description": "Budget in rubles, at most two decimals (150000, 150000.5, "
            '"150 000,50"); returned as integer `budget_kopecks`.',
        },
        "comment": {"type": ["string", "null"], "maxLength": 2000},
        "source_detail": {
            "type": ["string", "null"],
            "maxLength": 200,
            "description": "Where the lead came from (campaign, page); defaults to the "
            "token's name.",
        },
    },
}

LEAD_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "company": {"type": "string"},
        "contact_name": {"type": "string"},
        "phone": {"type": "string"},
        "email": {"type": ["string", "null"]},
        "city": {"type": "string"},
        "industry": {"type": "string"},
        "users_count": {"type": "integer"},
        "budget_kopecks": {"type": ["integer", "null"]},
        "comment": {"type": ["string", "null"]},
        "source": {"type": "string", "enum": [source.value for source in LeadSource]},
        "source_detail": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": [status.value for status in LeadStatus]},
        "created_at": {"type": "string", "format": "date-time"},
    },
}

register(
    paths={
        "/leads": {
            "post": {
                "summary": "Create a lead",
                "description": "Adds a lead to the partners' open pool.",
                "operationId": "createLead",
                "tags": ["leads"],
                "security": [{"ApiToken": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/LeadInput"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "The lead was created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Lead"}}
                        },
                    },
                    "400": {"description": "The body is not a JSON object", "content": _ERROR},
                    "401": UNAUTHORIZED_RESPONSE,
                    "422": {
                        "description": "Invalid fields; `fields` maps each to its messages",
                        "content": _ERROR,
                    },
                },
            }
        }
    },
    schemas={"LeadInput": LEAD_INPUT_SCHEMA, "Lead": LEAD_SCHEMA},
    security_schemes=SECURITY_SCHEMES,
)
