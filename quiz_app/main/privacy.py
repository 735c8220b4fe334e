"""The privacy policy: Markdown from a file the site's operator edits (PRIVACY_POLICY_FILE)."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup

from ..training.rendering import render_markdown

log = logging.getLogger(__name__)


def policy_html(path: str | Path) -> Markup | None:
    """The policy as sanitized HTML, or None when the file is missing, unreadable or empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("privacy policy file %s cannot be read: %s", path, exc)
        return None
    if not text.strip():
        log.warning("privacy policy file %s is empty", path)
        return None
    return render_markdown(text)
