"""Small charts drawn as inline SVG: grouped bars, horizontal bars, lines.

Inline SVG needs no script and no network, prints well and works offline, which is what a
dashboard opened from a file or behind a firewall needs. Every chart is an ``<svg class="chart"
data-chart="...">`` with a ``<title>``, so tests (and screen readers) can find it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 560
HEIGHT = 260
MARGIN_LEFT = 62
MARGIN_RIGHT = 12
MARGIN_TOP = 34
MARGIN_BOTTOM = 48
FONT = "font-family='DejaVu Sans, Arial, sans-serif'"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above ``value`` (an axis maximum)."""
    if value <= 0:
        return 1.0
    power: float = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return step * power
    return 10 * power


def axis(value: float, ticks: int = 5) -> tuple[float, float]:
    """(top, step) of an axis from 0 showing ``value``: a round step (1, 2 or 5 × 10^n) and
    at most ``ticks`` intervals, so that labels read 0, 5 000, 10 000… rather than 6 250."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / ticks
    power: float = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)
    return step * math.ceil(value / step - 1e-9), step


def number(value: float) -> str:
    """French-style thousands with a thin space: 12 345; up to two decimals under 10."""
    if abs(value) < 10 and value != int(value):
        return f"{value:.2f}".rstrip("0").replace(".", ",")
    return f"{value:,.0f}".replace(",", "\u202f")


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    return [
        f"<svg class='chart' data-chart='{escape(chart_id)}' xmlns='http://www.w3.org/2000/svg' "
        f"viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' "
        f"aria-label='{escape(title)}' {FONT}>",
        f"<title>{escape(title)}</title>",
        f"<text x='{width / 2}' y='18' text-anchor='middle' font-size='14' font-weight='bold' "
        f"fill='#1f2937'>{escape(title)}</text>",
    ]


def _legend(series: Sequence[Series], width: int, y: float) -> list[str]:
    parts = []
    x = width - MARGIN_RIGHT
    for item in reversed(series):
        text_width = 7 * len(item.name) + 18
        x -= text_width
        parts.append(
            f"<rect x='{x}' y='{y - 9}' width='10' height='10' fill='{item.color}'/>"
            f"<text x='{x + 14}' y='{y}' font-size='11' fill='#374151'>{escape(item.name)}</text>"
        )
    return parts


def _y_axis(top: float, step: float, plot_height: float, width: int, unit: str) -> list[str]:
    parts = []
    for tick in range(round(top / step) + 1):
        y = MARGIN_TOP + plot_height - plot_height * tick * step / top
        parts.append(
            f"<line x1='{MARGIN_LEFT}' x2='{width - MARGIN_RIGHT}' y1='{y:.1f}' y2='{y:.1f}' "
            f"stroke='#e5e7eb'/>"
            f"<text x='{MARGIN_LEFT - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='10' "
            f"fill='#6b7280'>{number(tick * step)}</text>"
        )
    parts.append(
        f"<text x='12' y='{MARGIN_TOP + plot_height / 2:.1f}' font-size='10' fill='#6b7280' "
        f"transform='rotate(-90 12 {MARGIN_TOP + plot_height / 2:.1f})' "
        f"text-anchor='middle'>{escape(unit)}</text>"
    )
    return parts


def _x_labels(labels: Sequence[str], x0: float, step: float, baseline: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / 12))  # at most a dozen labels stay readable
    parts = []
    for index, text in enumerate(labels):
        if index % every:
            continue
        x = x0 + step * (index + 0.5)
        parts.append(
            f"<text x='{x:.1f}' y='{baseline + 14}' text-anchor='middle' font-size='10' "
            f"fill='#374151'>{escape(text)}</text>"
        )
    return parts


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Vertical bars, one group per label, one bar per series."""
    plot_width = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = height - MARGIN_TOP - MARGIN_BOTTOM
    top, tick = axis(max((v or 0.0 for s in series for v in s.values), default=0.0))
    parts = _open(chart_id, title, width, height)
    parts += _y_axis(top, tick, plot_height, width, unit)
    baseline = MARGIN_TOP + plot_height
    step = plot_width / max(1, len(labels))
    bar = step * 0.8 / max(1, len(series))
    for index in range(len(labels)):
        for rank, item in enumerate(series):
            value = item.values[index] or 0.0
            bar_height = plot_height * value / top
            x = MARGIN_LEFT + step * index + step * 0.1 + bar * rank
            parts.append(
                f"<rect class='bar' x='{x:.1f}' y='{baseline - bar_height:.1f}' "
                f"width='{max(bar - 1, 1):.1f}' height='{bar_height:.1f}' fill='{item.color}'>"
                f"<title>{escape(labels[index])} — {escape(item.name)} : {number(value)}</title>"
                f"</rect>"
            )
    parts += _x_labels(labels, MARGIN_LEFT, step, baseline)
    parts += _legend(series, width, height - 8)
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    top: float | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Lines with a dot per value; a missing value breaks the line."""
    plot_width = width - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = height - MARGIN_TOP - MARGIN_BOTTOM
    top, tick = axis(
        top if top is not None else max((v or 0.0 for s in series for v in s.values), default=0)
    )
    parts = _open(chart_id, title, width, height)
    parts += _y_axis(top, tick, plot_height, width, unit)
    baseline = MARGIN_TOP + plot_height
    step = plot_width / max(1, len(labels))
    for item in series:
        points: list[str] = []
        segments: list[list[str]] = [points]
        for index, value in enumerate(item.values):
            if value is None:
                points = []
                segments.append(points)
                continue
            x = MARGIN_LEFT + step * (index + 0.5)
            y = baseline - plot_height * min(value, top) / top
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.5' fill='{item.color}'>"
                f"<title>{escape(labels[index])} — {escape(item.name)} : {value:.2f}</title>"
                f"</circle>"
            )
        for segment in segments:
            if len(segment) > 1:
                parts.append(
                    f"<polyline class='line' points='{' '.join(segment)}' fill='none' "
                    f"stroke='{item.color}' stroke-width='2'/>"
                )
    parts += _x_labels(labels, MARGIN_LEFT, step, baseline)
    parts += _legend(series, width, height - 8)
    parts.append("</svg>")
    return "".join(parts)


def hbar_chart(
    chart_id: str,
    title: str,
    items: Sequence[tuple[str, float]],
    color: str,
    unit: str,
    width: int = WIDTH,
) -> str:
    """Horizontal bars, largest first, the value written at the end of each bar."""
    row = 24
    label_width = 170
    height = MARGIN_TOP + row * max(1, len(items)) + 12
    parts = _open(chart_id, title, width, height)
    top = nice_ceiling(max((value for _, value in items), default=0.0))
    plot_width = width - label_width - MARGIN_RIGHT - 70
    for index, (name, value) in enumerate(items):
        y = MARGIN_TOP + row * index
        bar_width = plot_width * value / top
        parts.append(
            f"<text x='{label_width - 8}' y='{y + 15}' text-anchor='end' font-size='11' "
            f"fill='#374151'>{escape(name)}</text>"
            f"<rect class='bar' x='{label_width}' y='{y + 4}' width='{bar_width:.1f}' "
            f"height='{row - 8}' fill='{color}'><title>{escape(name)} : {number(value)} "
            f"{escape(unit)}</title></rect>"
            f"<text x='{label_width + bar_width + 6:.1f}' y='{y + 15}' font-size='11' "
            f"fill='#111827'>{number(value)} {escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
