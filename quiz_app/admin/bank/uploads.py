"""Archives checked by a dry run, kept until the admin confirms the import (or a day passes)."""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

from flask import current_app

KEEP_SECONDS = 24 * 3600
_HASH = re.compile(r"[0-9a-f]{64}")


def _directory() -> Path:
    return Path(current_app.config["BANK_UPLOADS_DIR"])


def keep(data: bytes) -> str:
    """Store `data` under its SHA-256 (written whole or not at all); returns the hash."""
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    _forget_old(directory)
    digest = hashlib.sha256(data).hexdigest()
    partial = directory / f".{digest}.{os.getpid()}.tmp"
    partial.write_bytes(data)
    partial.replace(directory / f"{digest}.zip")
    return digest


def read(digest: str) -> bytes | None:
    """The archive stored under `digest`, if it is still there (and is what its name says)."""
    if not _HASH.fullmatch(digest):
        return None
    try:
        data = (_directory() / f"{digest}.zip").read_bytes()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(digest: str | None) -> None:
    if digest and _HASH.fullmatch(digest):
        (_directory() / f"{digest}.zip").unlink(missing_ok=True)


def _forget_old(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in directory.glob("*.zip"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
