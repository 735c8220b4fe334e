"""Language choice (Russian first, English on request) and local-time display."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import format_datetime, get_locale

LANG_SESSION_KEY = "lang"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands, services called from tests: the default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or session.get(LANG_SESSION_KEY)
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def display_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["DISPLAY_TIMEZONE"])


def format_local(value: datetime | None, fmt: str = "medium") -> str:
    """A UTC datetime shown in the platform's display zone (Europe/Moscow by default)."""
    if value is None:
        return "—"
    local = value.astimezone(display_zone())
    return format_datetime(local.replace(tzinfo=None), fmt) + " " + local.strftime("%Z")


def format_duration(delta) -> str:
    seconds = max(int(delta.total_seconds()), 0)
    return f"{seconds // 60}:{seconds % 60:02d}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters["localtime"] = format_local
    app.jinja_env.filters["duration"] = format_duration
    app.context_processor(_template_context)


def _template_context() -> dict:
    return {"current_locale": str(get_locale() or "ru")}
