"""The partner contract: requisites with checksums, numbered contract PDFs, every version kept."""

from flask import Blueprint

from ..guard import require_certified_partner

bp = Blueprint("contracts", __name__, url_prefix="/partner/contract")
# The partner area's one gate, applied to this blueprint too.
bp.before_request(require_certified_partner)

from . import models, routes  # noqa: E402,F401  (models for the metadata; routes register on bp)
