"""The partner contract: requisites with checksums, numbered contract PDFs, every version kept.

`bp` is nested in the partner blueprint (/partner/contracts), behind its gate.
"""

from flask import Blueprint

bp = Blueprint("contracts", __name__, url_prefix="/contracts")

from . import models, routes  # noqa: E402,F401  (models for the metadata; routes register on bp)
