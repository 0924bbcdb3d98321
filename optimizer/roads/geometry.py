"""Road shapes on a plan's routes: what the maps, GPX and GeoJSON draw when travel is by road.

The shapes are taken with the profile the day was planned on (the most restrictive of its
vehicles, decision record 019), so the line drawn is the road whose distance the plan counts.
One Valhalla route request per vehicle route: a few milliseconds each.
"""

from __future__ import annotations

from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.plan import Route
from optimizer.roads.problem import engine_for, planning_profile
from optimizer.roads.shapes import leg_shapes


def with_road_shapes(problem: Problem, travel: RoadTravelSpec, routes: list[Route]) -> list[Route]:
    """``routes`` with ``road_shape`` set: one list of (lat, lon) points per leg."""
    network = engine_for(travel)
    profile = planning_profile(problem)
    shaped: list[Route] = []
    for route in routes:
        stops = [problem.site(stop.site) for stop in route.stops]
        shape = leg_shapes(network, profile, [(site.lat, site.lon) for site in stops])
        shaped.append(route.model_copy(update={"road_shape": shape}))
    return shaped
