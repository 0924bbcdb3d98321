"""Where each site meets the road network, and how far from its coordinates.

Valhalla snaps a point silently to the nearest road within 35 km, and passes over a road in a
small unconnected piece of the map for the next one: a site with a wrong coordinate would be
planned from a road far away. The snap is read from Valhalla's matrix service itself (one
column, so it is cheap), so it is the very place the matrices start and end at.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.matrix import EARTH_RADIUS_M
from optimizer.model import Site
from optimizer.roads.network import RoadNetwork
from optimizer.roads.profiles import RoadProfile

# Farther than this from the road it is planned from, a site's coordinates are refused.
MAX_SNAP_M = 1_000.0


@dataclass(frozen=True)
class Snap:
    site_id: str
    lat: float
    lon: float
    snapped_lat: float | None  # None: no road within Valhalla's search radius (35 km)
    snapped_lon: float | None
    distance_m: float | None

    @property
    def far(self) -> bool:
        return self.distance_m is None or self.distance_m > MAX_SNAP_M


def snap_sites(network: RoadNetwork, sites: list[Site], profile: RoadProfile) -> list[Snap]:
    """Snap every site with ``profile``'s costing (a truck snaps only to roads it may use)."""
    located = network.call(
        "locate",
        {"locations": _locations(sites), **profile.request(), "verbose": False},
    )
    on_roads = [s for s, found in zip(sites, located, strict=True) if (found or {}).get("edges")]
    snapped: dict[str, tuple[float, float]] = {}
    if on_roads:
        answer = network.call(
            "matrix",
            {
                "sources": _locations(on_roads),
                "targets": _locations(on_roads[:1]),
                **profile.request(),
                "verbose": True,
            },
        )
        for site, point in zip(on_roads, answer["sources"], strict=True):
            snapped[site.id] = (point["lat"], point["lon"])
    snaps = []
    for site in sites:
        if site.id not in snapped:
            snaps.append(Snap(site.id, site.lat, site.lon, None, None, None))
            continue
        lat, lon = snapped[site.id]
        snaps.append(
            Snap(site.id, site.lat, site.lon, lat, lon, metres(site.lat, site.lon, lat, lon))
        )
    return snaps


def _locations(sites: list[Site]) -> list[dict[str, float]]:
    return [{"lat": s.lat, "lon": s.lon} for s in sites]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, metres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(min(1.0, a))))
