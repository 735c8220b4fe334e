"""The store: partners activate paid subscriptions for their clients now and pay by invoice.

Two blueprints, registered by create_app:
- `bp` — /partner/store, nested in the partner blueprint, behind its gate;
- `admin_bp` — /admin/store: orders and invoices across partners, marking payments (admins).
"""

from flask import Blueprint

from ...auth.guards import require_admin

bp = Blueprint("store", __name__, url_prefix="/store")
admin_bp = Blueprint("store_admin", __name__, url_prefix="/admin/store")
admin_bp.before_request(require_admin)

from . import admin_routes, models, routes  # noqa: E402,F401  (models for the metadata; routes)
