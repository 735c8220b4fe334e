"""JSON API under /api/v1: token-authenticated, CSRF-exempt, described by an OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import openapi, tokens  # noqa: E402,F401  (serves /api/v1/openapi.json; token model)
