"""The question bank editor: browse, edit, version, import and export the YAML bank.

Its routes register on the admin blueprint (so the admin guard covers them); the services
(questions, settings, imports, transfer) are plain functions over the bank's files.
"""

from . import models, routes, routes_transfer  # noqa: F401  (models for the metadata, routes on bp)
