"""The route drawn as SVG from the stops' coordinates: no tiles, no network, works offline.

An equirectangular projection scaled by cos(latitude) is exact enough at the scale of a
département: shapes are right to a few per cent, which is all a driver needs to see the loop.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from optimizer.outputs.sheets.sheet import RouteSheet

WIDTH = 340
HEIGHT = 260
MARGIN = 18


def project(
    points: list[tuple[float, float]], width: int = WIDTH, height: int = HEIGHT
) -> list[tuple[float, float]]:
    """(lat, lon) → (x, y) in a ``width`` × ``height`` box, north up, aspect ratio kept."""
    if not points:
        return []
    mean_lat = math.radians(sum(lat for lat, _ in points) / len(points))
    xs = [lon * math.cos(mean_lat) for _, lon in points]
    ys = [-lat for lat, _ in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    scale = min((width - 2 * MARGIN) / span, (height - 2 * MARGIN) / span)
    # Centre the drawing in the box.
    offset_x = (width - (max(xs) - min(xs)) * scale) / 2
    offset_y = (height - (max(ys) - min(ys)) * scale) / 2
    return [
        ((x - min(xs)) * scale + offset_x, (y - min(ys)) * scale + offset_y)
        for x, y in zip(xs, ys, strict=True)
    ]


def project_with_line(
    sheet: RouteSheet, width: int = WIDTH, height: int = HEIGHT
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The stops' projected points and the drawn line's, in one frame that holds both."""
    stops = sheet.points
    projected = project(stops + sheet.road_path, width, height)
    xy = projected[: len(stops)]
    return xy, projected[len(stops) :] or xy


def marker_positions(sheet: RouteSheet, xy: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Where each stop's marker goes, from its projected point ``xy`` (one per stop).

    Stops at the same place (two partners in one building) go side by side, 16 units apart,
    so that no number hides another; the depot keeps its place. The PDF map uses it too.
    """
    placed: list[tuple[float, float]] = []
    positions: list[tuple[float, float]] = []
    for stop, (x, y) in zip(sheet.stops, xy, strict=True):
        if stop.number is not None:
            while any(abs(x - px) < 14 and abs(y - py) < 14 for px, py in placed):
                x += 16
            placed.append((x, y))
        positions.append((x, y))
    return positions


def route_svg(
    sheet: RouteSheet, width: int = WIDTH, height: int = HEIGHT, *, titled: bool = True
) -> str:
    """A standalone SVG: the path in driving order, numbered stops, the depot as a square.

    ``titled=False`` leaves out the accessible ``<title>`` (for an SVG set inside a page that
    has its own heading).
    """
    xy, line = project_with_line(sheet, width, height)
    title = escape(f"{sheet.t('sheet.map')} — {sheet.vehicle_name}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{title}">',
        *([f"<title>{title}</title>"] if titled else []),
        f'<rect width="{width}" height="{height}" fill="#f4f6f8"/>',
    ]
    if len(line) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="#1f5fa8" stroke-width="2.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for stop, (x, y) in zip(sheet.stops, marker_positions(sheet, xy), strict=True):
        if stop.number is None:
            parts.append(
                f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="#222"/>'
            )
            continue
        fill = "#2e7d32" if stop.kind.value.endswith("pickup") else "#c62828"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{fill}" stroke="#fff" '
            'stroke-width="1.5"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{y + 3.5:.1f}" font-family="DejaVu Sans, sans-serif" '
            f'font-size="10" font-weight="bold" fill="#fff" text-anchor="middle">'
            f"{stop.number}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
