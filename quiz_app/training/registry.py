"""Keeps the last good set of lessons of a running process and reloads it when files change.

Lessons are rendered once per load, not per request. A broken edit is logged and ignored:
readers keep seeing the previous good version, as with the question bank.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask, current_app

from ..config import PROJECT_ROOT
from .loader import Catalog, LessonsInvalid, directory_signature, load_lessons

log = logging.getLogger(__name__)

DEFAULT_DIRECTORY = PROJECT_ROOT / "training"


class LessonsUnavailable(Exception):
    """No valid set of lessons has been loaded yet."""


class LessonRegistry:
    def __init__(self, directory: str):
        self.directory = directory
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._catalog: Catalog | None = None
        self.problems: list[str] = []

    def current(self) -> Catalog:
        """The newest valid lessons; raises LessonsUnavailable when none ever loaded."""
        signature = directory_signature(self.directory)
        if signature != self._signature:
            with self._lock:
                if signature != self._signature:
                    self._reload(signature)
        if self._catalog is None:
            raise LessonsUnavailable("; ".join(self.problems) or "lessons not loaded")
        return self._catalog

    def _reload(self, signature: tuple) -> None:
        self._signature = signature
        try:
            catalog = load_lessons(self.directory)
        except LessonsInvalid as exc:
            self.problems = [str(p) for p in exc.problems]
            kept = "keeping the previous lessons" if self._catalog else "no lessons to serve"
            log.error(
                "lessons in %s are invalid (%s):\n%s",
                self.directory,
                kept,
                "\n".join(self.problems),
            )
            return
        self.problems = []
        log.info("lessons loaded: %d from %s", len(catalog.lessons), self.directory)
        self._catalog = catalog


def init_app(app: Flask) -> None:
    # An explicit setting (tests) wins over the environment, which wins over the default.
    app.config.setdefault("TRAINING_DIR", os.environ.get("TRAINING_DIR") or str(DEFAULT_DIRECTORY))
    app.extensions["lesson_registry"] = LessonRegistry(app.config["TRAINING_DIR"])


def current_catalog() -> Catalog:
    return current_app.extensions["lesson_registry"].current()
