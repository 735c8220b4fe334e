"""Management of candidates and partners: search, a person's record, role changes.

Nested in the admin blueprint (admin/__init__.py), whose guard covers it.
"""

from flask import Blueprint

bp = Blueprint("people", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
