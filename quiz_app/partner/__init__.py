"""The partner area: open to certified partners (and admins), guarded in one place."""

from flask import Blueprint

bp = Blueprint("partner", __name__, url_prefix="/partner")

from . import guard, routes  # noqa: E402,F401  (register the guard and the routes on bp)
