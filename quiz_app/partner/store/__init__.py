"""The store: partners activate paid subscriptions for their clients now and pay by invoice.

Partner pages live under /partner/store behind the partner area's own guard; admin pages
(orders and invoices across partners, marking payments) are on the admin blueprint.
"""

from flask import Blueprint

from ..guard import require_certified_partner

bp = Blueprint("store", __name__, url_prefix="/partner/store")
# The partner area's one gate, applied to this blueprint too.
bp.before_request(require_certified_partner)

from . import admin_routes, models, routes  # noqa: E402,F401  (models for the metadata; routes)
