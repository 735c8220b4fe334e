"""The audit log page: every recorded admin action, filterable, with before → after.

Nested in the admin blueprint (admin/__init__.py), whose guard covers it.
"""

from flask import Blueprint

bp = Blueprint("audit", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
