"""Charts as SVG, drawn on the server by pure functions.

Each function takes plain numbers and already-translated labels and returns escaped SVG markup
(a Markup string, safe to embed in a page). Every piece of text goes through escape(), so a
question id or option text can never break the markup. Colours are presentation attributes
(not style attributes), which the strict CSP allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ... import svg
from .analysis import Bin

INK = "#1d2433"
MUTED = "#5f6b7d"
GRID = "#dde3ec"
BAR = "#1565d8"
OK = "#1f8a4c"
FAIL = "#c62828"
WARN_ZONE = "#fdeaea"


def _attrs(attributes: dict[str, object]) -> str:
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _tag(name: str, content: str = "", **attributes: object) -> str:
    if content:
        return f"<{name}{_attrs(attributes)}>{content}</{name}>"
    return f"<{name}{_attrs(attributes)}/>"


def _text(x: float, y: float, label: object, **attributes: object) -> str:
    attributes.setdefault("font_size", 12)
    attributes.setdefault("fill", MUTED)
    return _tag("text", str(escape(label)), x=_n(x), y=_n(y), **attributes)


_n = svg.number


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> Markup:
    return svg.document(width, height, title, body, css_class, fixed_size=True)


# `pass_label` is the caption of the pass mark, not a password (bandit B107).
def score_histogram(  # nosec B107
    bins: Sequence[Bin],
    title: str,
    pass_score: float | None = None,
    pass_label: str = "",
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Vertical bars, one per score bin, with the pass mark as a dashed line."""
    left, right, top, bottom = 40, 10, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((b.count for b in bins), default=0) or 1
    body = [_grid_lines(left, top, plot_w, plot_h, peak)]
    if bins:
        slot = plot_w / len(bins)
        for index, b in enumerate(bins):
            x = left + index * slot
            bar_h = plot_h * b.count / peak
            # Ranges need about 56 px; narrower bars are labelled with their lower bound.
            narrow = b.low == b.high or slot < 56
            label = f"{b.low}" if narrow else f"{b.low}–{b.high}"
            body.append(
                _tag(
                    "rect",
                    _tag("title", str(escape(f"{label}: {b.count}"))),
                    x=_n(x + 2),
                    y=_n(top + plot_h - bar_h),
                    width=_n(max(slot - 4, 1)),
                    height=_n(bar_h),
                    fill=BAR,
                )
            )
            body.append(_text(x + slot / 2, height - bottom + 16, label, text_anchor="middle"))
            if b.count:
                body.append(
                    _text(
                        x + slot / 2,
                        top + plot_h - bar_h - 3,
                        b.count,
                        text_anchor="middle",
                        fill=INK,
                    )
                )
        if pass_score is not None:
            top_score = bins[-1].high + 1
            px = left + plot_w * min(max(pass_score / top_score, 0), 1)
            body.append(
                _tag(
                    "line",
                    x1=_n(px),
                    y1=top,
                    x2=_n(px),
                    y2=top + plot_h,
                    stroke=FAIL,
                    stroke_width=2,
                    stroke_dasharray="5 4",
                )
            )
            # Near the right edge the label goes to the left of the line, so it is not cut.
            right_half = px > left + plot_w / 2
            body.append(
                _text(
                    px - 4 if right_half else px + 4,
                    top + 10,
                    pass_label or pass_score,
                    fill=FAIL,
                    text_anchor="end" if right_half else "start",
                )
            )
    body.append(
        _tag("line", x1=left, y1=top + plot_h, x2=left + plot_w, y2=top + plot_h, stroke=INK)
    )
    return _svg(width, height, title, body, "chart chart-histogram")


def _grid_lines(left: float, top: float, plot_w: float, plot_h: float, peak: int) -> str:
    steps = 4 if peak >= 4 else peak
    parts = []
    for i in range(steps + 1):
        value = peak * i / steps
        y = top + plot_h - plot_h * i / steps
        parts.append(_tag("line", x1=left, y1=_n(y), x2=left + plot_w, y2=_n(y), stroke=GRID))
        label = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
        parts.append(_text(left - 6, y + 4, label, text_anchor="end"))
    return "".join(parts)


@dataclass(frozen=True)
class ItemPoint:
    label: str
    facility: float  # 0..1
    discrimination: float  # -1..1
    href: str | None = None
    flagged: bool = False


def item_map(
    points: Sequence[ItemPoint],
    title: str,
    x_label: str,
    y_label: str,
    width: int = 640,
    height: int = 340,
) -> Markup:
    """Facility (x) against discrimination (y); the zones that raise flags are shaded."""
    left, right, top, bottom = 48, 24, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(f: float) -> float:
        return left + plot_w * min(max(f, 0.0), 1.0)

    def py(d: float) -> float:
        return top + plot_h * (1 - (min(max(d, -1.0), 1.0) + 1) / 2)

    body = [
        # Too hard (< 20 %), too easy (> 95 %), negative discrimination (< 0).
        _tag("rect", x=_n(px(0)), y=top, width=_n(px(0.2) - px(0)), height=plot_h, fill=WARN_ZONE),
        _tag(
            "rect", x=_n(px(0.95)), y=top, width=_n(px(1) - px(0.95)), height=plot_h, fill=WARN_ZONE
        ),
        _tag(
            "rect",
            x=left,
            y=_n(py(0)),
            width=plot_w,
            height=_n(py(-1) - py(0)),
            fill=WARN_ZONE,
            fill_opacity="0.6",
        ),
    ]
    for f in (0, 0.2, 0.4, 0.6, 0.8, 1.0):
        body.append(_tag("line", x1=_n(px(f)), y1=top, x2=_n(px(f)), y2=top + plot_h, stroke=GRID))
        body.append(_text(px(f), top + plot_h + 16, f"{f * 100:.0f}%", text_anchor="middle"))
    for d in (-1, -0.5, 0, 0.5, 1):
        body.append(
            _tag(
                "line",
                x1=left,
                y1=_n(py(d)),
                x2=left + plot_w,
                y2=_n(py(d)),
                stroke=INK if d == 0 else GRID,
            )
        )
        body.append(_text(left - 6, py(d) + 4, f"{d:g}", text_anchor="end"))
    body.append(_text(left + plot_w / 2, height - 4, x_label, text_anchor="middle", fill=INK))
    body.append(
        _text(
            12,
            top + plot_h / 2,
            y_label,
            text_anchor="middle",
            fill=INK,
            transform=f"rotate(-90 12 {_n(top + plot_h / 2)})",
        )
    )
    for point in points:
        tip = f"{point.label}: {point.facility * 100:.0f}%, {point.discrimination:.2f}"
        dot = _tag(
            "circle",
            _tag("title", str(escape(tip))),
            cx=_n(px(point.facility)),
            cy=_n(py(point.discrimination)),
            r=5,
            fill=FAIL if point.flagged else BAR,
            fill_opacity="0.8",
        )
        body.append(_tag("a", dot, href=point.href) if point.href else dot)
    return _svg(width, height, title, body, "chart chart-items")


@dataclass(frozen=True)
class Bar:
    label: str
    share: float  # 0..1
    count: int
    highlight: bool = False  # the correct option


def option_bars(bars: Sequence[Bar], title: str, width: int = 720) -> Markup:
    """Horizontal bars: how many chose each option; the correct one in green."""
    row, label_w, top = 28, 300, 6
    height = top * 2 + row * max(len(bars), 1)
    plot_w = width - label_w - 90
    body = []
    for index, bar in enumerate(bars):
        y = top + index * row
        # About 44 characters of 11 px text fit the label column; the full text is in <title>.
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        body.append(
            _text(
                label_w - 8,
                y + 18,
                label,
                text_anchor="end",
                font_size=11,
                fill=INK if bar.highlight else MUTED,
            )
        )
        bar_w = plot_w * min(max(bar.share, 0.0), 1.0)
        body.append(
            _tag(
                "rect",
                _tag("title", str(escape(f"{bar.label}: {bar.count} ({bar.share * 100:.0f}%)"))),
                x=label_w,
                y=y + 5,
                width=_n(max(bar_w, 1 if bar.count else 0)),
                height=row - 10,
                fill=OK if bar.highlight else BAR,
            )
        )
        body.append(
            _text(label_w + bar_w + 6, y + 18, f"{bar.share * 100:.0f}% ({bar.count})", fill=INK)
        )
    return _svg(width, height, title, body, "chart chart-options")
