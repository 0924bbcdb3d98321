"""Leg geometries along the roads, for the maps of a plan (sheets, GPX, GeoJSON, console).

One Valhalla route request per vehicle route, through all its stops; each leg's shape is an
encoded polyline of precision 6, decoded to (lat, lon) points.
"""

from __future__ import annotations

import itertools

from valhalla.midgard.utils import decode_polyline

from optimizer.roads.engine import RoadEngine
from optimizer.roads.profiles import RoadProfile

Point = tuple[float, float]  # (lat, lon)
POLYLINE_PRECISION = 6


def leg_shapes(network: RoadEngine, profile: RoadProfile, stops: list[Point]) -> list[list[Point]]:
    """The road geometry of each leg ``stops[i] → stops[i + 1]``.

    Consecutive stops at the same place (a reload at the depot) have a one-point leg: Valhalla
    is asked only about the distinct places in order.
    """
    if len(stops) < 2:
        return []
    distinct = [stops[0]] + [b for a, b in itertools.pairwise(stops) if b != a]
    road_legs: list[list[Point]] = []
    if len(distinct) > 1:
        request = {
            "locations": [{"lat": lat, "lon": lon, "type": "break"} for lat, lon in distinct],
            **profile.request(),
            "directions_type": "none",
        }
        trip = network.call("route", request)["trip"]
        road_legs = [_decode(leg["shape"]) for leg in trip["legs"]]
    shapes: list[list[Point]] = []
    legs = iter(road_legs)
    for a, b in itertools.pairwise(stops):
        shapes.append([a] if a == b else next(legs))
    return shapes


def _decode(shape: str) -> list[Point]:
    return [(lat, lon) for lon, lat in decode_polyline(shape, POLYLINE_PRECISION)]
