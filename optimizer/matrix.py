"""Travel distances and durations between sites, behind one small interface.

Every backend and the checker read the *same* integer matrices (metres, seconds), so that a
rounding difference can never make a solver and the checker disagree on a time window.
Road networks (:mod:`optimizer.roads`) are another :class:`TravelProvider`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from optimizer.model import ExplicitTravel, HaversineTravel, Problem, RoadTravel, Site

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

IntMatrix = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TravelMatrix:
    """Integer distances (m) and durations (s); row/column ``i`` is ``site_ids[i]``."""

    site_ids: tuple[str, ...]
    distance_m: IntMatrix
    duration_s: IntMatrix

    def __post_init__(self) -> None:
        size = len(self.site_ids)
        for name in ("distance_m", "duration_s"):
            matrix = getattr(self, name)
            if matrix.shape != (size, size):
                raise ValueError(f"{name} must be {size}×{size}, got {matrix.shape}")

    def index(self, site_id: str) -> int:
        return self._index[site_id]

    @property
    def _index(self) -> dict[str, int]:
        cached: dict[str, int] | None = self.__dict__.get("_index_cache")
        if cached is None:
            cached = {site_id: i for i, site_id in enumerate(self.site_ids)}
            object.__setattr__(self, "_index_cache", cached)
        return cached

    def distance(self, origin: str, destination: str) -> int:
        return int(self.distance_m[self.index(origin), self.index(destination)])

    def duration(self, origin: str, destination: str) -> int:
        return int(self.duration_s[self.index(origin), self.index(destination)])


class TravelProvider(Protocol):
    """Anything that turns a problem's sites into a :class:`TravelMatrix`."""

    def matrix(self, sites: list[Site]) -> TravelMatrix: ...


@dataclass(frozen=True)
class Haversine:
    """Great-circle distance × ``detour_factor``, driven at ``speed_kmh``."""

    speed_kmh: float
    detour_factor: float

    def matrix(self, sites: list[Site]) -> TravelMatrix:
        lat = np.radians(np.array([s.lat for s in sites], dtype=float))
        lon = np.radians(np.array([s.lon for s in sites], dtype=float))
        dlat = lat[:, None] - lat[None, :]
        dlon = lon[:, None] - lon[None, :]
        a = (
            np.sin(dlat / 2) ** 2
            + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
        )
        great_circle = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        distance = np.rint(great_circle * self.detour_factor).astype(np.int64)
        duration = np.rint(distance / (self.speed_kmh / 3.6)).astype(np.int64)
        return TravelMatrix(tuple(s.id for s in sites), distance, duration)


@dataclass(frozen=True)
class Explicit:
    """Matrices given in the input, reordered to the problem's site order."""

    travel: ExplicitTravel

    def matrix(self, sites: list[Site]) -> TravelMatrix:
        position = {site_id: i for i, site_id in enumerate(self.travel.site_ids)}
        order = [position[s.id] for s in sites]
        distance = np.rint(np.asarray(self.travel.distance_m, dtype=float)).astype(np.int64)
        duration = np.rint(np.asarray(self.travel.duration_s, dtype=float)).astype(np.int64)
        return TravelMatrix(
            tuple(s.id for s in sites),
            distance[np.ix_(order, order)],
            duration[np.ix_(order, order)],
        )


def provider_for(problem: Problem) -> TravelProvider:
    travel = problem.travel
    if isinstance(travel, HaversineTravel):
        return Haversine(speed_kmh=travel.speed_kmh, detour_factor=travel.detour_factor)
    if isinstance(travel, RoadTravel):
        # Imported here: the road engine loads Valhalla, which straight-line days never need.
        from optimizer.roads.problem import road_provider

        return road_provider(problem, travel)
    return Explicit(travel)


def build_matrix(problem: Problem) -> TravelMatrix:
    """The travel matrix the whole pipeline uses for this problem."""
    return provider_for(problem).matrix(problem.sites)
