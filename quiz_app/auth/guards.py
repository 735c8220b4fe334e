"""Role checks for blueprints: `bp.before_request(require_admin)` guards every route on bp.

Here, in auth, rather than in the admin package, so that a feature keeping its own admin
screens (leads, client accounts, the store) guards them without loading the admin area.
"""

from __future__ import annotations

from flask import abort, jsonify, redirect, request, url_for
from flask_login import current_user

from ..errors import wants_json


def require_admin():
    if not current_user.is_authenticated:
        if wants_json():
            return jsonify(error=401), 401
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_user.is_admin:
        abort(403)
    return None
