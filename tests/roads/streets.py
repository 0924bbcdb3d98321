"""A small road network around Dijon, written with pyosmium and built into tiles once.

An 8 × 8 grid of streets 250 m apart (south-west corner 47.310 N 5.020 E), and::

    row 3           one-way eastwards: A → B along it, B → A around a block
    east of (4, 7)  a 300 m street closed to vehicles over 3.5 t or 2.5 m high, to the
                    partner C; trucks reach C by a 1.8 km lane from (0, 7)
    5 km east       an island: a 8 × 8 grid of streets 100 m apart (large enough for Valhalla
                    to snap to it rather than to the nearest connected road), with the partner
                    I, joined to nothing

Sites sit in the middle of a block side so that each snaps to one street.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

from benchmarks.road_networks import Extract, grid, metres_to_degrees

SOUTH_WEST = (47.310, 5.020)
SPACING_M = 250.0
SIZE = 8
DLAT, DLON = metres_to_degrees(SOUTH_WEST[0], SPACING_M)


def at(row: float, column: float) -> tuple[float, float]:
    """(lat, lon) of a point of the grid; fractional rows/columns lie between streets."""
    return SOUTH_WEST[0] + row * DLAT, SOUTH_WEST[1] + column * DLON


# Site positions (lat, lon).
DEPOT = at(4, 3.5)
ONE_WAY_A = at(3, 1.5)
ONE_WAY_B = at(3, 5.5)
BARRED_C = (at(4, 7)[0] - 20 / 111_320, at(4, 7)[1] + 300 / SPACING_M * DLON)
ISLAND_SOUTH_WEST = (SOUTH_WEST[0], SOUTH_WEST[1] + 5_000 / SPACING_M * DLON)
ISLAND_I = (ISLAND_SOUTH_WEST[0] + 3 * DLAT / 2.5, ISLAND_SOUTH_WEST[1] + 3.5 * DLON / 2.5)
OPEN_E = at(6.5, 2)


def network_extract() -> Extract:
    extract = Extract()
    ids = grid(extract, SOUTH_WEST, SIZE, SIZE, SPACING_M, main_every=0)
    # Row 3 becomes one-way: its way is the (3 + 1)-th written by ``grid``.
    extract.ways[3][1]["oneway"] = "yes"
    junction = extract.node(at(4, 7)[0], BARRED_C[1])
    extract.way([ids[4][7], junction], highway="residential", maxweight="3.5", maxheight="2.5")
    corner = extract.node(at(0, 7)[0], BARRED_C[1])
    extract.way([ids[0][7], corner, junction], highway="residential")
    grid(extract, ISLAND_SOUTH_WEST, SIZE, SIZE, 100.0, main_every=0)
    return extract


Segment = tuple[tuple[float, float], tuple[float, float]]


def street_segments() -> list[Segment]:
    """Every street segment of the written network, (lat, lon) ends."""
    extract = network_extract()
    return [
        (extract.nodes[a], extract.nodes[b])
        for node_ids, _ in extract.ways
        for a, b in itertools.pairwise(node_ids)
    ]


def metres_off_streets(point: tuple[float, float], segments: list[Segment]) -> float:
    """Distance from ``point`` to the nearest street segment, metres (local plane)."""
    lat0 = point[0]
    scale_lon = math.cos(math.radians(lat0)) * 111_320.0

    def plane(p: tuple[float, float]) -> tuple[float, float]:
        return (p[1] - point[1]) * scale_lon, (p[0] - point[0]) * 111_320.0

    best = math.inf
    for a, b in segments:
        (ax, ay), (bx, by) = plane(a), plane(b)
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def site(site_id: str, kind: str, point: tuple[float, float]) -> dict[str, Any]:
    return {"id": site_id, "kind": kind, "lat": point[0], "lon": point[1], "service_min": 5}


def road_document(tiles: Path, with_island: bool = False) -> dict[str, Any]:
    """A day with one van and one 12 t truck delivering A, B, C and E (and I)."""
    partners = {"A": ONE_WAY_A, "B": ONE_WAY_B, "C": BARRED_C, "E": OPEN_E}
    if with_island:
        partners["I"] = ISLAND_I
    vehicle = {
        "depot": "D",
        "shift_start": "07:00",
        "shift_end": "15:00",
        "capacity_kg": {"ambient": 2000, "chilled": 0, "frozen": 0},
        "cost_per_km": 0.5,
        "cost_per_hour": 20.0,
    }
    return {
        "name": "roads",
        "date": "2025-03-10",
        "sites": [site("D", "depot", DEPOT)]
        + [site(name, "partner", point) for name, point in partners.items()],
        "vehicles": [
            {"id": "van", "type": "van_3.5t", **vehicle},
            {"id": "truck", "type": "truck_12t", **vehicle},
        ],
        "deliveries": [
            {
                "id": f"to-{name}",
                "site": name,
                "lots": [
                    {
                        "id": f"{name}-dry",
                        "category": "dry_groceries",
                        "temperature": "ambient",
                        "kg": 100,
                    }
                ],
            }
            for name in partners
        ],
        "travel": {"kind": "road", "tiles": str(tiles)},
    }
