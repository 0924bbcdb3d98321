"""Road profiles: which Valhalla costing, with which dimensions, a vehicle drives with.

A vehicle's ``type`` names its class (``van_3.5t``, ``truck_12t``, ``truck_19t_refrigerated``):
vans drive with ``auto``; a truck drives with ``truck`` and its gross weight, height and axle
load, so that roads barred by ``maxweight``/``maxheight``/``maxaxleload`` are avoided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from optimizer.model import Problem, Vehicle

_TRUCK = re.compile(r"^truck_(?P<tonnes>\d+(?:\.\d+)?)t")
# Typical French rigid trucks: height by gross weight, refrigerated bodies a little taller.
_HEIGHT_M = ((7.5, 3.2), (12.0, 3.5), (19.0, 3.7), (float("inf"), 4.0))
_REFRIGERATED_EXTRA_M = 0.2
# Two axles: the rear axle carries about 65 % of the gross weight, capped by the legal 11.5 t.
_REAR_AXLE_SHARE = 0.65
_MAX_AXLE_LOAD_T = 11.5


@dataclass(frozen=True, order=True)
class RoadProfile:
    """A costing and its vehicle dimensions; equal profiles share one matrix."""

    costing: str  # "auto" or "truck"
    weight_t: float = 0.0
    height_m: float = 0.0
    axle_load_t: float = 0.0

    @property
    def name(self) -> str:
        if self.costing == "auto":
            return "auto"
        return f"truck-{self.weight_t:g}t-{self.height_m:g}m"

    def costing_options(self) -> dict[str, dict[str, float]]:
        if self.costing != "truck":
            return {}
        return {
            "truck": {
                "weight": self.weight_t,
                "height": self.height_m,
                "axle_load": self.axle_load_t,
            }
        }

    def request(self) -> dict[str, object]:
        """The costing part of a Valhalla request."""
        return {"costing": self.costing, "costing_options": self.costing_options()}


AUTO = RoadProfile("auto")


def profile_for(vehicle: Vehicle) -> RoadProfile:
    """``truck_<t>t...`` types drive as trucks of that weight; any other type as a car/van."""
    match = _TRUCK.match(vehicle.type)
    if match is None:
        return AUTO
    tonnes = float(match["tonnes"])
    height = next(h for limit, h in _HEIGHT_M if tonnes <= limit)
    if "refrigerated" in vehicle.type:
        height += _REFRIGERATED_EXTRA_M
    axle = min(round(tonnes * _REAR_AXLE_SHARE, 1), _MAX_AXLE_LOAD_T)
    return RoadProfile("truck", weight_t=tonnes, height_m=round(height, 2), axle_load_t=axle)


def profiles_by_vehicle(problem: Problem) -> dict[str, RoadProfile]:
    return {vehicle.id: profile_for(vehicle) for vehicle in problem.vehicles}


def most_restrictive(profiles: list[RoadProfile]) -> RoadProfile:
    """The profile whose roads every other can take too: the heaviest, tallest truck.

    Its matrix is the problem's shared one (what is not a vehicle's route: allocation
    estimates, reports): a road on it is drivable by every vehicle of the fleet. Each vehicle's
    routes are planned on its own profile's matrix.
    """
    trucks = [p for p in profiles if p.costing == "truck"]
    if not trucks:
        return AUTO
    return RoadProfile(
        "truck",
        weight_t=max(p.weight_t for p in trucks),
        height_m=max(p.height_m for p in trucks),
        axle_load_t=max(p.axle_load_t for p in trucks),
    )
