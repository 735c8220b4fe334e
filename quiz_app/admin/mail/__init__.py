"""The outbox as admins see it: what was sent, what waits, what failed and what the server said.

Nested in the admin blueprint (admin/__init__.py), whose guard covers it.
"""

from flask import Blueprint

bp = Blueprint("mail", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
