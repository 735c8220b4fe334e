"""Certificates: issuance on a pass, PDF/PNG rendering, public verification, credentials."""

from flask import Blueprint

bp = Blueprint("certificates", __name__)

from . import routes  # noqa: E402,F401  (routes register on bp)
