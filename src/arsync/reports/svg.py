"""Small inline SVG charts (no JavaScript, no external files): an aging bar chart and a DSO trend line.

Coordinates are computed with Decimal and printed with one decimal; every text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from arsync.exportsafe import escape_html

__all__ = ["bar_chart", "line_chart"]

_WIDTH = Decimal(640)
_HEIGHT = Decimal(260)
_LEFT = Decimal(56)
_RIGHT = Decimal(32)
_TOP = Decimal(16)
_BOTTOM = Decimal(40)
_COLOURS = ("#2e7d32", "#9e9d24", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a", "#37474f")


def _n(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def _nice_max(value: Decimal) -> Decimal:
    """A round axis maximum at or above ``value`` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        candidate = magnitude * step
        if candidate >= value:
            return candidate
    return magnitude * 10


def _frame(title: str, body: list[str], top: Decimal, labels: str) -> str:
    plot_h = _HEIGHT - _TOP - _BOTTOM
    lines = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
            f'aria-label="{escape_html(title)}" class="chart">'
        ),
        f"<title>{escape_html(title)}</title>",
    ]
    for i in range(5):
        value = top * i / 4
        y = _TOP + plot_h - plot_h * i / 4
        lines.append(
            f'<line x1="{_LEFT}" y1="{_n(y)}" x2="{_WIDTH - _RIGHT}" y2="{_n(y)}" stroke="#ddd" stroke-width="1"/>'
        )
        lines.append(
            f'<text x="{_LEFT - 6}" y="{_n(y + 4)}" text-anchor="end" font-size="11" fill="#555">'
            f"{escape_html(labels.format(value))}</text>"
        )
    lines.extend(body)
    lines.append("</svg>")
    return "\n".join(lines)


def bar_chart(title: str, bars: Sequence[tuple[str, Decimal]]) -> str:
    """Vertical bars, one per (label, value); values must be ≥ 0 (negatives are drawn as 0)."""
    top = _nice_max(max((v for _, v in bars), default=Decimal(0)))
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    slot = plot_w / max(len(bars), 1)
    body: list[str] = []
    for index, (label, value) in enumerate(bars):
        height = plot_h * max(value, Decimal(0)) / top
        x = _LEFT + slot * index + slot / 8
        y = _TOP + plot_h - height
        colour = _COLOURS[min(index, len(_COLOURS) - 1)]
        body.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 3 / 4)}" height="{_n(height)}" fill="{colour}">'
            f"<title>{escape_html(label)}: {escape_html(format(value, ','))}</title></rect>"
        )
        body.append(
            f'<text x="{_n(x + slot * 3 / 8)}" y="{_n(_HEIGHT - _BOTTOM + 16)}" text-anchor="middle" '
            f'font-size="12" fill="#222">{escape_html(label)}</text>'
        )
    return _frame(title, body, top, "{:,.0f}")


def line_chart(title: str, points: Sequence[tuple[str, Decimal | None]], unit: str = "days") -> str:
    """A line through (label, value) points, left to right; ``None`` values leave a gap."""
    known = [v for _, v in points if v is not None]
    top = _nice_max(max(known, default=Decimal(0)))
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    body: list[str] = []
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, (label, value) in enumerate(points):
        x = _LEFT + step * index
        body.append(
            f'<text x="{_n(x)}" y="{_n(_HEIGHT - _BOTTOM + 16)}" text-anchor="middle" font-size="11" fill="#222">'
            f"{escape_html(label)}</text>"
        )
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = _TOP + plot_h - plot_h * value / top
        segment.append(f"{_n(x)},{_n(y)}")
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="#1565c0">'
            f"<title>{escape_html(label)}: {_n(value)} {escape_html(unit)}</title></circle>"
        )
    if segment:
        segments.append(segment)
    for points_text in segments:
        body.insert(0, f'<polyline points="{" ".join(points_text)}" fill="none" stroke="#1565c0" stroke-width="2.5"/>')
    return _frame(title, body, top, "{:,.0f}")
