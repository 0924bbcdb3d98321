"""Travel distances and durations between sites, behind one small interface.

Every backend and the checker read the *same* integer matrices (metres, seconds), so that a
rounding difference can never make a solver and the checker disagree on a time window.
Road networks (:mod:`optimizer.roads`) are another :class:`TravelProvider`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

from optimizer.model import ExplicitTravel, HaversineTravel, Problem, RoadTravel, Site

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)

IntMatrix = npt.NDArray[np.int64]


@dataclass(frozen=True)
class TravelMatrix:
    """Integer distances (m) and durations (s); row/column ``i`` is ``site_ids[i]``.

    ``by_vehicle`` holds a vehicle's own matrix when vehicles do not all travel alike (road
    profiles: a truck on the ``truck`` costing, a van on ``auto``); a vehicle it does not name
    travels on this matrix, the shared one that straight-line and explicit travel only have.
    """

    site_ids: tuple[str, ...]
    distance_m: IntMatrix
    duration_s: IntMatrix
    by_vehicle: Mapping[str, TravelMatrix] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        size = len(self.site_ids)
        for name in ("distance_m", "duration_s"):
            matrix = getattr(self, name)
            if matrix.shape != (size, size):
                raise ValueError(f"{name} must be {size}×{size}, got {matrix.shape}")

    def for_vehicle(self, vehicle_id: str) -> TravelMatrix:
        """The matrix ``vehicle_id`` drives on: its own, else the shared one."""
        return self.by_vehicle.get(vehicle_id, self)

    def profiles(self, vehicle_ids: list[str]) -> tuple[list[TravelMatrix], list[int]]:
        """The distinct matrices of these vehicles, in the order they first appear, and each
        vehicle's position in that list: what a solver's routing profiles are made of."""
        matrices: list[TravelMatrix] = []
        positions: list[int] = []
        for vehicle_id in vehicle_ids:
            own = self.for_vehicle(vehicle_id)
            known = next((i for i, m in enumerate(matrices) if m is own), None)
            if known is None:
                matrices.append(own)
                known = len(matrices) - 1
            positions.append(known)
        return matrices, positions

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
