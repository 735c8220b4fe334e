"""The admin area, guarded in one place: admins only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import guard, routes  # noqa: E402,F401  (register the guard and the routes on bp)
