from flask import Blueprint

bp = Blueprint("exam", __name__, url_prefix="/exam")

from . import routes  # noqa: E402,F401  (routes register themselves on bp)
