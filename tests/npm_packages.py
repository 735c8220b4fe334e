"""npm packages the tests run, installed from their committed lock files (`npm ci`)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest


def install_pinned(source: Path, target: Path, files: tuple[str, ...], why: str) -> Path:
    """Copy `files` (package.json and package-lock.json among them) from `source` to `target`
    and `npm ci` there, again only when the lock file changed; skips, saying `why`, without npm.
    Returns `target`."""
    npm = shutil.which("npm")
    if not npm:
        pytest.skip(why)
    target.mkdir(parents=True, exist_ok=True)
    lock = hashlib.sha256((source / "package-lock.json").read_bytes()).hexdigest()
    stamp = target / ".installed-lock"
    if not stamp.exists() or stamp.read_text() != lock:
        for name in files:
            shutil.copy(source / name, target / name)
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=target,
            check=True,
            timeout=600,
        )
        stamp.write_text(lock)
    return target
