"""Where a `next` parameter may send a person: back into this site, never to another one."""

from __future__ import annotations

from urllib.parse import urlsplit

# Browsers drop tabs and newlines anywhere in a URL and read a backslash as a slash
# (WHATWG URL parsing), so "/\t/evil.example" and "/\\evil.example" both leave the site.
_DROPPED_BY_BROWSERS = str.maketrans("", "", "\t\n\r")


def local_target(target: str | None) -> str | None:
    """`target` as a path on this site, or None when a browser could read it as another site.

    The check runs on the URL as a browser would normalise it, and the normalised form is
    what is returned, so the Location header holds exactly what was checked.
    """
    if not target:
        return None
    normalised = target.translate(_DROPPED_BY_BROWSERS).strip(" ").replace("\\", "/")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in normalised):
        return None
    if not normalised.startswith("/") or normalised.startswith("//"):
        return None
    parts = urlsplit(normalised)
    if parts.scheme or parts.netloc:
        return None
    return normalised
