"""The road provider of a problem whose travel is ``{"kind": "road", "tiles": DIR}``.

The engine plans on one matrix per problem today (the checker, PyVRP and OR-Tools all read
``Context.matrix``): it is the matrix of the most restrictive road profile among the problem's
vehicles (decision record 014), so that every vehicle's route is drivable by it.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.roads.network import RoadNetwork
from optimizer.roads.profiles import RoadProfile, most_restrictive, profile_for
from optimizer.roads.travel import RoadTravel

_NETWORKS: dict[Path, RoadNetwork] = {}


def network_for(tiles: str | Path) -> RoadNetwork:
    """One network (and so one actor per thread) per tiles folder in this process."""
    path = Path(tiles).resolve()
    if path not in _NETWORKS:
        _NETWORKS[path] = RoadNetwork(path)
    return _NETWORKS[path]


def planning_profile(problem: Problem) -> RoadProfile:
    return most_restrictive([profile_for(v) for v in problem.vehicles])


def road_provider(problem: Problem, travel: RoadTravelSpec) -> RoadTravel:
    return RoadTravel(network_for(travel.tiles), planning_profile(problem))
