"""The question bank editor: browse, edit, version, import and export the YAML bank.

Nested in the admin blueprint (admin/__init__.py), whose guard covers it; the services
(questions, settings, imports, transfer) are plain functions over the bank's files.
"""

from flask import Blueprint

bp = Blueprint("bank", __name__)

from . import models, routes, routes_publish, routes_transfer  # noqa: E402,F401  (models, routes)
