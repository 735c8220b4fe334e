"""The partner area: open to certified partners (and admins), guarded in one place.

Its sections (leads, client accounts, contracts, the store) are blueprints of their own,
nested here, so the one gate below covers every route under /partner.
"""

from flask import Blueprint

from . import accounts, contracts, leads, store
from .guard import require_certified_partner

bp = Blueprint("partner", __name__, url_prefix="/partner")
bp.before_request(require_certified_partner)
for _section in (accounts, contracts, leads, store):
    bp.register_blueprint(_section.bp)

from . import routes  # noqa: E402,F401  (the home and certificate pages register on bp)
