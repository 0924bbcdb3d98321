"""The road provider of a problem whose travel is ``{"kind": "road", "tiles": DIR}``.

The engine plans on one matrix per problem today (the checker, PyVRP and OR-Tools all read
``Context.matrix``): it is the matrix of the most restrictive road profile among the problem's
vehicles (decision record 014), so that every vehicle's route is drivable by it.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.roads.engine import RoadEngine
from optimizer.roads.network import RoadNetwork
from optimizer.roads.profiles import RoadProfile, most_restrictive, profile_for
from optimizer.roads.server import RoadServer
from optimizer.roads.travel import RoadTravel

_NETWORKS: dict[Path, RoadNetwork] = {}
_SERVERS: dict[str, RoadServer] = {}


def network_for(tiles: str | Path) -> RoadNetwork:
    """One network (and so one actor per thread) per tiles folder in this process."""
    path = Path(tiles).resolve()
    if path not in _NETWORKS:
        _NETWORKS[path] = RoadNetwork(path)
    return _NETWORKS[path]


def engine_for(travel: RoadTravelSpec) -> RoadEngine:
    """The in-process network of the travel's tiles, or its Valhalla service."""
    if travel.url is not None:
        if travel.url not in _SERVERS:
            _SERVERS[travel.url] = RoadServer(travel.url)
        return _SERVERS[travel.url]
    assert travel.tiles is not None  # the model holds exactly one of them
    return network_for(travel.tiles)


def planning_profile(problem: Problem) -> RoadProfile:
    return most_restrictive([profile_for(v) for v in problem.vehicles])


def road_provider(problem: Problem, travel: RoadTravelSpec) -> RoadTravel:
    return RoadTravel(engine_for(travel), planning_profile(problem))
