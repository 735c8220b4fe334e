"""Building blocks of the server-side SVG charts (statistics, client dashboards).

Charts are strings of markup built from numbers and labels; every label goes through
`escape`, which is why wrapping the finished document in Markup is safe.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def number(value: float) -> str:
    """Coordinates with at most two decimals, without a trailing '.0'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def document(
    width: int, height: int, title: str, body: list[str], css_class: str, fixed_size: bool
) -> Markup:
    """The <svg> element around `body`, titled for screen readers.

    `fixed_size` adds width and height, for charts drawn at their natural size; without it
    the chart scales with its container.
    """
    label = escape(title)
    size = f' width="{width}" height="{height}"' if fixed_size else ""
    # Every piece of text in body and title is escaped (bandit B704).
    return Markup(  # nosec B704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"{size} '
        f'role="img" class="{escape(css_class)}" aria-label="{label}">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )
