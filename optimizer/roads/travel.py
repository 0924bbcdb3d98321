"""Road distances and durations from Valhalla's matrix service, as a :class:`TravelProvider`.

Valhalla answers ``null`` for a pair it cannot connect (an island, a road the truck may not
take) and snaps a point far from any road silently. Neither becomes a number the solver might
use: the sites that cannot be reached both ways, or lie far from the roads, are named in a
:class:`ProblemError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from optimizer.errors import InputIssue, ProblemError
from optimizer.matrix import IntMatrix, TravelMatrix
from optimizer.messages import message
from optimizer.model import Site
from optimizer.roads.cache import MatrixCache, RoadMatrices, cache_key
from optimizer.roads.config import FULL_MATRIX
from optimizer.roads.engine import RoadEngine
from optimizer.roads.profiles import RoadProfile
from optimizer.roads.snapping import MAX_SNAP_M, survey

UNREACHABLE = -1
Mask = npt.NDArray[np.bool_]


@dataclass
class RoadTravel:
    """Matrices of ``profile`` on ``network``, cached under ``cache_dir``."""

    network: RoadEngine
    profile: RoadProfile
    cache_dir: Path | None = None

    @property
    def cache(self) -> MatrixCache:
        return MatrixCache(self.cache_dir or self.network.cache_folder)

    def matrix(self, sites: list[Site]) -> TravelMatrix:
        found = self.road_matrices(sites)
        issues = far_issues(sites, found.snap_m)
        if not issues:
            issues = unreachable_issues(sites, found.distance_m < 0, self.profile)
        if issues:
            raise ProblemError(issues)
        return TravelMatrix(tuple(s.id for s in sites), found.distance_m, found.duration_s)

    def road_matrices(self, sites: list[Site]) -> RoadMatrices:
        """Matrices and snaps of ``sites``, from the cache when they were computed before."""
        key = cache_key([(s.lat, s.lon) for s in sites], self.profile, self.network.identity)
        found = self.cache.get(key)
        if found is None:
            found = self._compute(sites)
            self.cache.put(key, found)
        return found

    def _compute(self, sites: list[Site]) -> RoadMatrices:
        found = survey(self.network, sites, self.profile)
        snap_m = np.array([np.nan if s.distance_m is None else s.distance_m for s in found.snaps])
        size = len(sites)
        unknown = np.full((size, size), UNREACHABLE, dtype=np.int64)
        np.fill_diagonal(unknown, 0)
        if np.isnan(snap_m).any():  # Valhalla refuses the whole matrix: nothing to compute
            return RoadMatrices(unknown, unknown.copy(), snap_m)
        cut_off = [i for i, connected in enumerate(found.connected) if not connected]
        if cut_off:
            # Only which sites are cut off matters (the day is refused): mark their pairs.
            reachable = unknown + 1
            reachable[cut_off, :] = UNREACHABLE
            reachable[:, cut_off] = UNREACHABLE
            np.fill_diagonal(reachable, 0)
            return RoadMatrices(reachable, reachable.copy(), snap_m)
        locations = [{"lat": s.lat, "lon": s.lon} for s in sites]
        request = {
            "sources": locations,
            "targets": locations,
            **self.profile.request(),
            "verbose": False,
        }
        answer = self.network.call("matrix", request, FULL_MATRIX)["sources_to_targets"]
        return RoadMatrices(
            _integers(answer["distances"], 1000.0), _integers(answer["durations"], 1.0), snap_m
        )


def _integers(rows: list[list[float | None]], scale: float) -> IntMatrix:
    values = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    missing = np.isnan(values)
    result = np.rint(np.where(missing, 0.0, values) * scale).astype(np.int64)
    result[missing] = UNREACHABLE
    np.fill_diagonal(result, 0)
    return result


def far_issues(sites: list[Site], snap_m: npt.NDArray[np.float64]) -> list[InputIssue]:
    issues = []
    for index, (site, distance) in enumerate(zip(sites, snap_m, strict=True)):
        if np.isnan(distance) or distance > MAX_SNAP_M:
            shown = "plus de 35 000" if np.isnan(distance) else f"{distance:.0f}"
            issues.append(
                InputIssue(
                    f"sites[{index}]", message("roads.far_snap", "fr", site=site.id, metres=shown)
                )
            )
    return issues


def unreachable_sites(missing: Mask) -> list[int]:
    """Sites outside the largest group of sites that all reach each other.

    The reference is the site with the fewest missing pairs; a site it cannot reach, or that
    cannot reach it, is unreachable (an island, a one-way dead end, a road barred to the truck).
    """
    if not missing.any():
        return []
    counts = missing.sum(axis=0) + missing.sum(axis=1)
    reference = int(np.argmin(counts))
    cut_off = [i for i in range(len(missing)) if missing[reference, i] or missing[i, reference]]
    if cut_off:
        return cut_off
    # Every site reaches the reference, yet some pairs are missing: name both ends.
    return sorted({int(i) for pair in np.argwhere(missing) for i in pair})


def unreachable_issues(sites: list[Site], missing: Mask, profile: RoadProfile) -> list[InputIssue]:
    return [
        InputIssue(
            f"sites[{i}]",
            message("roads.unreachable", "fr", site=sites[i].id, profile=profile.name),
        )
        for i in unreachable_sites(missing)
    ]
