"""Incoming leads: the public request form, the API, the partner's pool and pipeline, admin tools.

Three blueprints, all registered by create_app:
- `lead_request` — the public request form at /request (no login);
- `partner_leads` — /partner/leads, behind the partner area's own guard;
- routes on the `admin` blueprint (admin_routes.py) and the `api` blueprint (api.py).
"""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from ..guard import require_certified_partner

bp = Blueprint("partner_leads", __name__, url_prefix="/partner/leads")
# The same gate as every other page under /partner: certified partners (and admins) only.
bp.before_request(require_certified_partner)

public_bp = Blueprint("lead_request", __name__)


@public_bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    from . import display

    display.init_app(state.app)


from . import admin_routes, api, models, public, routes  # noqa: E402,F401  (register on the blueprints)
