"""Item analysis (Статистика): per-question and per-exam statistics over finished attempts.

Nested in the admin blueprint (admin/__init__.py), whose guard covers it.
"""

from flask import Blueprint

bp = Blueprint("statistics", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
