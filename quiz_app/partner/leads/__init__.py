"""Incoming leads: the public request form, the API, the partner's pool and pipeline, admin tools.

Four blueprints, registered by create_app:
- `bp` — /partner/leads, nested in the partner blueprint, behind its gate;
- `public_bp` — the public request form at /request (no login);
- `admin_bp` — /admin/leads: create, import, reassign, close (admins);
- `api_bp` — POST /api/v1/leads (API tokens, no cookies).
"""

from flask import Blueprint, Flask

from ...auth.guards import require_admin

bp = Blueprint("leads", __name__, url_prefix="/leads")
public_bp = Blueprint("leads_public", __name__)
admin_bp = Blueprint("leads_admin", __name__, url_prefix="/admin/leads")
admin_bp.before_request(require_admin)
api_bp = Blueprint("leads_api", __name__, url_prefix="/api/v1/leads")


def init_app(app: Flask) -> None:
    """The template filters that lead pages use."""
    from . import display

    display.init_app(app)


from . import admin_routes, api, models, public, routes  # noqa: E402,F401  (register on the blueprints)
