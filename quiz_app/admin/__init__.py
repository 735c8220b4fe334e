"""The admin area, guarded in one place: admins only."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The guard and every section register on bp: api tokens, the audit log, the bank editor,
# people, certificates (routes) and item analysis (statistics).
from . import (  # noqa: E402,F401
    api_tokens,
    auditlog,
    bank_editor,
    guard,
    people,
    routes,
    statistics,
)
