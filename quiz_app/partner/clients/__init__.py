"""Client accounts (Аккаунты клиентов): trial accounts partners open for their clients.

Partner pages live under /partner/accounts behind the partner area's own guard; the events
API is on the /api/v1 blueprint and the admin pages on the admin blueprint. `activate()` in
services is what the store calls when a subscription is bought.
"""

from flask import Blueprint, Flask
from flask.blueprints import BlueprintSetupState

from ..guard import require_certified_partner

bp = Blueprint("client_accounts", __name__, url_prefix="/partner/accounts")
# The partner area's single gate, applied to this blueprint too.
bp.before_request(require_certified_partner)


def init_app(app: Flask) -> None:
    from .simulate import simulate_activity

    app.cli.add_command(simulate_activity)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    init_app(state.app)


from . import admin_routes, api, labels, models, routes  # noqa: E402,F401  (register themselves)
