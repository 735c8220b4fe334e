"""Server-side SVG charts: pure functions from numbers and labels to escaped SVG markup.

Colours come from CSS classes (c0…c7 in accounts.css), so the markup carries no
style attributes and works under the strict Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from ... import svg

PALETTE_SIZE = 8


_num = svg.number


def _svg(width: int, height: int, title: str, body: list[str], css: str) -> Markup:
    return svg.document(width, height, title, body, f"chart {css}", fixed_size=False)


def _arc(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """A ring segment from angle `start` to `end` (radians, clockwise from 12 o'clock)."""

    def point(radius: float, angle: float) -> str:
        return f"{_num(cx + radius * math.sin(angle))} {_num(cy - radius * math.cos(angle))}"

    large = 1 if end - start > math.pi else 0
    return (
        f"M {point(outer, start)} A {_num(outer)} {_num(outer)} 0 {large} 1 {point(outer, end)} "
        f"L {point(inner, end)} A {_num(inner)} {_num(inner)} 0 {large} 0 {point(inner, start)} Z"
    )


def donut(slices: Sequence[tuple[str, int]], title: str, size: int = 180) -> Markup:
    """A ring chart of shares; each segment's tooltip names its label, count and percent."""
    total = sum(value for _, value in slices if value > 0)
    center, outer, inner = size / 2, size / 2 - 4, size / 2 - 34
    body = []
    if total == 0:
        body.append(
            f'<circle class="chart-empty" cx="{_num(center)}" cy="{_num(center)}" '
            f'r="{_num((outer + inner) / 2)}" stroke-width="{_num(outer - inner)}" fill="none"/>'
        )
        return _svg(size, size, title, body, "donut")
    angle = 0.0
    for index, (label, value) in enumerate(slices):
        if value <= 0:
            continue
        share = value / total
        tooltip = escape(f"{label}: {value} ({round(share * 100)}%)")
        css = f"c{index % PALETTE_SIZE}"
        if share >= 1:
            # A full ring cannot be drawn as one arc: two halves.
            paths = [
                _arc(center, center, outer, inner, 0, math.pi),
                _arc(center, center, outer, inner, math.pi, 2 * math.pi),
            ]
        else:
            paths = [_arc(center, center, outer, inner, angle, angle + share * 2 * math.pi)]
        for d in paths:
            body.append(f'<path class="{css}" d="{d}"><title>{tooltip}</title></path>')
        angle += share * 2 * math.pi
    body.append(
        f'<text class="chart-total" x="{_num(center)}" y="{_num(center)}" '
        f'text-anchor="middle" dominant-baseline="central">{total}</text>'
    )
    return _svg(size, size, title, body, "donut")


def bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    value_format: Callable[[float], str] = lambda v: _num(v),
    width: int = 640,
    height: int = 200,
) -> Markup:
    """Vertical bars, one group per category and one colour per series.

    Only some category labels are printed when there are many, so they never overlap; every
    bar's tooltip names its category, series and value.
    """
    left, right, top, bottom = 36, 8, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((value for _, values in series for value in values), default=0)
    scale_max = peak if peak > 0 else 1
    body = [
        f'<line class="chart-axis" x1="{left}" y1="{top + plot_h}" '
        f'x2="{width - right}" y2="{top + plot_h}"/>',
        f'<text class="chart-label" x="{left - 4}" y="{top + 4}" text-anchor="end">'
        f"{escape(value_format(peak))}</text>",
        f'<text class="chart-label" x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    count = max(len(categories), 1)
    group_w = plot_w / count
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    label_every = max(1, math.ceil(count / 10))
    for index, category in enumerate(categories):
        x0 = left + index * group_w + group_w * 0.1
        for position, (name, values) in enumerate(series):
            value = values[index] if index < len(values) else 0
            bar_h = plot_h * value / scale_max
            tooltip = escape(f"{category} · {name}: {value_format(value)}")
            body.append(
                f'<rect class="c{position % PALETTE_SIZE}" x="{_num(x0 + position * bar_w)}" '
                f'y="{_num(top + plot_h - bar_h)}" width="{_num(bar_w)}" height="{_num(bar_h)}">'
                f"<title>{tooltip}</title></rect>"
            )
        if index % label_every == 0 or index == count - 1:
            body.append(
                f'<text class="chart-label" x="{_num(left + (index + 0.5) * group_w)}" '
                f'y="{height - 8}" text-anchor="middle">{escape(category)}</text>'
            )
    return _svg(width, height, title, body, "bars")


def hbars(rows: Sequence[tuple[str, int, str]], title: str, width: int = 760) -> Markup:
    """Horizontal bars, one per row: (label, value, text printed after the bar)."""
    row_h, label_w, text_w = 30, 190, 250
    height = max(len(rows), 1) * row_h + 4
    plot_w = width - label_w - text_w
    peak = max((value for _, value, _text in rows), default=0) or 1
    body = []
    for index, (label, value, text) in enumerate(rows):
        y = 2 + index * row_h
        bar_w = plot_w * value / peak
        body.append(
            f'<text class="chart-label" x="{label_w - 8}" y="{y + row_h / 2 + 4}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect class="c0" x="{label_w}" y="{y + 5}" width="{_num(bar_w)}" '
            f'height="{row_h - 10}"><title>{escape(f"{label}: {text}")}</title></rect>'
            f'<text class="chart-value" x="{_num(label_w + bar_w + 6)}" '
            f'y="{y + row_h / 2 + 4}">{escape(text)}</text>'
        )
    return _svg(width, height, title, body, "hbars")
