"""Absolute links to this site, in pages, credentials and mail alike (requests or not)."""

from __future__ import annotations

from flask import current_app, has_request_context, request

DEVELOPMENT_SITE = "http://127.0.0.1:5000"


def site_url() -> str:
    """PUBLIC_BASE_URL (required in production); else the request's site; else `make run`'s."""
    configured = current_app.config["PUBLIC_BASE_URL"]
    if configured:
        return configured
    if has_request_context():
        return request.url_root.rstrip("/")
    return DEVELOPMENT_SITE


def absolute_url(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) on site_url(), also where no request is being served."""
    return site_url() + current_app.url_map.bind("localhost").build(endpoint, values)
