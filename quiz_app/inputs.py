"""Text from outside may not carry control characters: PostgreSQL refuses NUL in text, and
none of them means anything in a name, a search or a comment.

Forms (forms.AppForm) answer with a field error; query strings and JSON bodies with a 400
naming the parameter or field, before any view runs.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _

from .errors import render_error, wants_json

# C0 controls and DEL, except tab, line feed and carriage return (multi-line comments).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(value: Any) -> bool:
    return isinstance(value, str) and CONTROL.search(value) is not None


def _first_control_in_json(value: Any, path: str = "") -> str | None:
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if has_control(item):
            return where or "(body)"
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
    return None


def body_limit(max_bytes: int):
    """Mark a view as taking at most `max_bytes` of body, counted on the bytes read, so a
    chunked body (which has no Content-Length) is held to it too."""

    def mark(view):
        view.max_body_bytes = max_bytes
        return view

    return mark


def check_input():
    """Before any view: the body limit of the view, and no control characters or absurd
    nesting in the query string or a JSON body."""
    view = current_app.view_functions.get(request.endpoint)
    if (limit := getattr(view, "max_body_bytes", None)) is not None:
        request.max_content_length = limit  # enforced by Werkzeug as the body is read
    where = next(
        (name for name, value in request.args.items(multi=True) if has_control(value)), None
    )
    if where is None and request.is_json:
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # json.loads recurses on nesting
            return _refused("(body)", _("JSON вложен слишком глубоко."))
        where = _first_control_in_json(body)
    if where is None:
        return None
    return _refused(where, _("«%(field)s» содержит недопустимый управляющий символ.", field=where))


def _refused(where: str, message: str):
    if wants_json() or request.is_json:
        return jsonify(error="invalid_character", message=message, fields={where: [message]}), 400
    return render_error(400, message)


def init_app(app: Flask) -> None:
    app.before_request(check_input)
