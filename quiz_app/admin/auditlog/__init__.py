"""The audit log page: every recorded admin action, filterable, with before → after."""

from . import routes  # noqa: F401  (registers the pages on the admin blueprint)
