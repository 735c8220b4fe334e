"""Client accounts (Аккаунты клиентов): trial accounts partners open for their clients.

Three blueprints, registered by create_app:
- `bp` — /partner/accounts, nested in the partner blueprint, behind its gate;
- `admin_bp` — /admin/accounts, every partner's accounts (admins);
- `api_bp` — POST /api/v1/accounts/<id>/events (account tokens, no cookies).
`activate()` in services is what the store calls when a subscription is bought.
"""

from flask import Blueprint, Flask

from ...auth.guards import require_admin

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
admin_bp = Blueprint("accounts_admin", __name__, url_prefix="/admin/accounts")
admin_bp.before_request(require_admin)
api_bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1/accounts")


def init_app(app: Flask) -> None:
    """The `simulate-activity` and `rebuild-rollups` commands."""
    from .rollups import rebuild_rollups
    from .simulate import simulate_activity

    app.cli.add_command(simulate_activity)
    app.cli.add_command(rebuild_rollups)


from . import admin_routes, api, labels, models, routes  # noqa: E402,F401  (register on the blueprints)
