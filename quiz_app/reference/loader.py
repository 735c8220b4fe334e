"""Reads and validates the tariff reference file, and keeps the last good one per process."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from pathlib import Path

from flask import Flask, current_app
from pydantic import ValidationError

from ..config import PROJECT_ROOT
from ..yamlfile import Problem, YamlDocument
from .checks import check
from .model import Reference
from .schema import ReferenceFile

DEFAULT_FILE = PROJECT_ROOT / "reference" / "tariffs.yaml"
CONFIG_KEY = "TARIFF_REFERENCE_FILE"
log = logging.getLogger(__name__)


class ReferenceInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ReferenceUnavailable(Exception):
    """No valid reference has been loaded yet."""


class _ReferenceDocument(YamlDocument):
    def __init__(self, path: Path):
        super().__init__(path, format_name="tariff reference")

    def subject_at(self, loc: tuple) -> str | None:
        """The key or id of the row a path points into, so a message says which row."""
        node = self.data
        subject = None
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, dict):
                subject = node.get("key") or node.get("id") or subject
        return str(subject) if subject is not None else None


def load_reference(path: str | os.PathLike) -> Reference:
    """Load and validate the reference file. Raises ReferenceInvalid listing every problem."""
    doc = _ReferenceDocument(Path(path))
    if doc.problems:
        raise ReferenceInvalid(doc.problems)
    try:
        data = ReferenceFile.model_validate(doc.data)
    except ValidationError as exc:
        raise ReferenceInvalid(doc.validation_problems(exc, doc.subject_at)) from exc
    findings = check(data)
    if findings:
        raise ReferenceInvalid(
            [doc.problem(f.loc, f.message, f.subject or doc.subject_at(f.loc)) for f in findings]
        )
    fingerprint = hashlib.sha256(data.model_dump_json().encode()).hexdigest()
    return Reference(data, fingerprint)


def file_signature(path: str | os.PathLike) -> tuple:
    try:
        stat = Path(path).stat()
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


class ReferenceRegistry:
    """Re-reads the file when it changes; a broken edit is logged and the last good one served."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._reference: Reference | None = None
        self.problems: list[str] = []

    def current(self) -> Reference:
        signature = file_signature(self.path)
        if signature != self._signature:
            with self._lock:
                if signature != self._signature:
                    self._reload(signature)
        if self._reference is None:
            raise ReferenceUnavailable("; ".join(self.problems) or "tariff reference not loaded")
        return self._reference

    def _reload(self, signature: tuple) -> None:
        self._signature = signature
        try:
            reference = load_reference(self.path)
        except ReferenceInvalid as exc:
            self.problems = [str(p) for p in exc.problems]
            kept = "keeping the previous one" if self._reference else "nothing to serve"
            log.error(
                "tariff reference %s is invalid (%s):\n%s",
                self.path,
                kept,
                "\n".join(self.problems),
            )
            return
        self.problems = []
        self._reference = reference


def reference_path(app: Flask) -> Path:
    return Path(app.config.get(CONFIG_KEY) or DEFAULT_FILE)


def init_app(app: Flask) -> None:
    app.extensions["tariff_reference"] = ReferenceRegistry(reference_path(app))


def current_reference() -> Reference:
    """The reference a request should use; raises ReferenceUnavailable if none is valid."""
    return current_app.extensions["tariff_reference"].current()
