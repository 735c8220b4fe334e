"""Management of candidates and partners: search, a person's record, role changes."""

from . import routes  # noqa: F401  (registers the pages on the admin blueprint)
