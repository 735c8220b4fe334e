"""The admin area: admins only, guarded in one place for all its sections.

Its own pages (home, certificates, API tokens) are on `bp`; each section is a blueprint of its
own, nested here, so `/admin/...` URLs and the `admin.<section>.<page>` endpoints share names
with the section's package and templates folder.
"""

from flask import Blueprint

from ..auth.guards import require_admin
from . import audit, bank, mail, people, statistics

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_admin)
for _section in (audit, bank, mail, people, statistics):
    bp.register_blueprint(_section.bp)

from . import api_tokens, routes  # noqa: E402,F401  (the admin's own pages register on bp)
