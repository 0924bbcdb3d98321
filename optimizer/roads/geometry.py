"""Road shapes on a plan's routes: what the maps, GPX and GeoJSON draw when travel is by road.

Each route's shapes are taken with its vehicle's road profile, the one its matrix was built
with (decision record 024), so the line drawn is the road whose distance the plan counts.
One Valhalla route request per vehicle route: a few milliseconds each.
"""

from __future__ import annotations

from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.plan import Route
from optimizer.roads.problem import engine_for
from optimizer.roads.profiles import profile_for
from optimizer.roads.shapes import leg_shapes


def with_road_shapes(problem: Problem, travel: RoadTravelSpec, routes: list[Route]) -> list[Route]:
    """``routes`` with ``road_shape`` set: one list of (lat, lon) points per leg."""
    network = engine_for(travel)
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    shaped: list[Route] = []
    for route in routes:
        profile = profile_for(vehicles[route.vehicle])
        stops = [problem.site(stop.site) for stop in route.stops]
        shape = leg_shapes(network, profile, [(site.lat, site.lon) for site in stops])
        shaped.append(route.model_copy(update={"road_shape": shape}))
    return shaped
