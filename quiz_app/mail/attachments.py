"""Attachments are rendered when a message is sent, not when it is enqueued.

Enqueueing happens inside the event's transaction (a certificate issued by the sweep holds
SQLite's write lock meanwhile), so a message names what to attach and the sender renders it.
Features register a renderer per kind from create_app.
"""

from __future__ import annotations

from collections.abc import Callable

Rendered = tuple[str, str, bytes]  # file name, MIME type, content
_renderers: dict[str, Callable[[str], Rendered]] = {}


def register(kind: str, renderer: Callable[[str], Rendered]) -> None:
    _renderers[kind] = renderer


def render(spec: dict) -> Rendered:
    try:
        renderer = _renderers[spec["kind"]]
    except KeyError as exc:
        raise LookupError(f"no renderer registered for attachments of kind {spec!r}") from exc
    return renderer(spec["ref"])
