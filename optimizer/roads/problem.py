"""The road provider of a problem whose travel is ``{"kind": "road", "tiles": DIR}``.

Each vehicle is planned and checked on the matrix of its own road profile (a truck on the
``truck`` costing with its dimensions, a van on ``auto``; decision record 024): PyVRP as one
routing profile per matrix, OR-Tools with per-vehicle transits, the checker per route. The
shared ``matrix`` of the problem is the most restrictive profile's (the heaviest, tallest
truck's), a road every vehicle may take, for what is not a vehicle's route (allocation
estimates, reports).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from optimizer.matrix import TravelMatrix
from optimizer.model import Problem, Site
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.roads.engine import RoadEngine
from optimizer.roads.network import RoadNetwork
from optimizer.roads.profiles import (
    RoadProfile,
    most_restrictive,
    profile_for,
    profiles_by_vehicle,
)
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


@dataclass
class FleetRoadTravel:
    """One road matrix per distinct profile of the fleet, each vehicle pointed at its own.

    A fleet of one profile gets that profile's matrix alone, exactly as before per-vehicle
    matrices. Every profile's matrix names the sites it cannot reach: a site a truck cannot
    reach refuses the day even if a van could (no vehicle-specific reachability yet).
    """

    engine: RoadEngine
    profiles: dict[str, RoadProfile]  # by vehicle id

    def matrix(self, sites: list[Site]) -> TravelMatrix:
        shared = most_restrictive(list(self.profiles.values()))
        built = {
            profile: RoadTravel(self.engine, profile).matrix(sites)
            for profile in sorted({shared, *self.profiles.values()})
        }
        if len(set(self.profiles.values())) <= 1:
            return built[shared]
        own = {vehicle_id: built[profile] for vehicle_id, profile in self.profiles.items()}
        return dataclasses.replace(built[shared], by_vehicle=own)


def road_provider(problem: Problem, travel: RoadTravelSpec) -> FleetRoadTravel:
    return FleetRoadTravel(engine_for(travel), profiles_by_vehicle(problem))
