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
from optimizer.roads.engine import RoadEngine
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


@dataclass(frozen=True)
class Survey:
    """Each site's snap, and whether it reaches the reference site and is reached from it
    (a site that does both reaches every other such site, through the reference)."""

    snaps: list[Snap]
    connected: list[bool]


def snap_sites(network: RoadEngine, sites: list[Site], profile: RoadProfile) -> list[Snap]:
    """Snap every site with ``profile``'s costing (a truck snaps only to roads it may use)."""
    return survey(network, sites, profile).snaps


def survey(network: RoadEngine, sites: list[Site], profile: RoadProfile) -> Survey:
    """Snaps and connection to the first site on a road, from a column and a row of
    CostMatrix (which answers null where no road connects)."""
    located = network.call(
        "locate",
        {"locations": _locations(sites), **profile.request(), "verbose": False},
    )
    on_roads = [s for s, found in zip(sites, located, strict=True) if (found or {}).get("edges")]
    snapped: dict[str, tuple[float, float]] = {}
    connected: dict[str, bool] = {}
    if on_roads:
        column = network.call("matrix", _request(on_roads, on_roads[:1], profile, verbose=True))
        row = network.call("matrix", _request(on_roads[:1], on_roads, profile, verbose=False))
        to_reference = column["sources_to_targets"]
        from_reference = row["sources_to_targets"]["distances"][0]
        for index, (site, point) in enumerate(zip(on_roads, column["sources"], strict=True)):
            snapped[site.id] = (point["lat"], point["lon"])
            reaches = to_reference[index][0].get("distance") is not None
            connected[site.id] = reaches and from_reference[index] is not None
    snaps = []
    for site in sites:
        if site.id not in snapped:
            snaps.append(Snap(site.id, site.lat, site.lon, None, None, None))
            continue
        lat, lon = snapped[site.id]
        snaps.append(
            Snap(site.id, site.lat, site.lon, lat, lon, metres(site.lat, site.lon, lat, lon))
        )
    return Survey(snaps, [connected.get(site.id, False) for site in sites])


def _request(
    sources: list[Site], targets: list[Site], profile: RoadProfile, verbose: bool
) -> dict[str, object]:
    return {
        "sources": _locations(sources),
        "targets": _locations(targets),
        **profile.request(),
        "verbose": verbose,
    }


def _locations(sites: list[Site]) -> list[dict[str, float]]:
    return [{"lat": s.lat, "lon": s.lon} for s in sites]


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, metres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(min(1.0, a))))
