"""Item analysis (Статистика): per-question and per-exam statistics over finished attempts."""

from . import routes  # noqa: F401  (registers the pages on the admin blueprint)
