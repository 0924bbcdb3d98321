"""The plan: routes of ordered stops with times and loads, what was left out and why, KPIs.

This is the public output contract (``schema_version`` 1.0). A backend never writes it
directly: it returns a :class:`RouteSequence` per vehicle, and the checker's evaluation turns
those into a plan, so every number in a plan is computed by the one piece of code that also
judges feasibility.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from optimizer.model import ClassKg
from optimizer.units import ClockTime

PLAN_SCHEMA_VERSION = "1.0"


@dataclass(frozen=True)
class RouteSequence:
    """A backend's decision for one vehicle: trips of job ids, a reload at the depot between trips.

    ``trips == [["p1", "d2"], ["p3"]]`` means: leave the depot, serve p1 then d2, come back,
    reload, serve p3, come back.
    """

    vehicle: str
    trips: tuple[tuple[str, ...], ...]

    @property
    def jobs(self) -> list[str]:
        return [job for trip in self.trips for job in trip]


@dataclass
class Improvement:
    elapsed_s: float
    objective_eur: float
    feasible: bool


@dataclass
class BackendResult:
    """What any routing backend returns: sequences plus its own statistics."""

    backend: str
    routes: list[RouteSequence]
    runtime_s: float
    iterations: int = 0
    solver_objective: float | None = None
    solver_feasible: bool | None = None
    improvements: list[Improvement] = field(default_factory=list)


class Output(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StopKind(StrEnum):
    START = "start"
    PICKUP = "pickup"
    DELIVERY = "delivery"
    SHIPMENT_PICKUP = "shipment_pickup"
    SHIPMENT_DELIVERY = "shipment_delivery"
    RELOAD = "reload"
    END = "end"


class StopEnd(StrEnum):
    """Which end of a job a stop serves: the food taken on board, or the food handed over.

    A pickup has one end (pickup), a delivery one (delivery), a shipment both: collected at
    the donor, delivered at the partner. Drivers report each end on its own.
    """

    PICKUP = "pickup"
    DELIVERY = "delivery"


_END_OF_KIND = {
    StopKind.PICKUP: StopEnd.PICKUP,
    StopKind.SHIPMENT_PICKUP: StopEnd.PICKUP,
    StopKind.DELIVERY: StopEnd.DELIVERY,
    StopKind.SHIPMENT_DELIVERY: StopEnd.DELIVERY,
}


def end_of(kind: StopKind) -> StopEnd | None:
    """The end a stop of ``kind`` serves; ``None`` for depot stops (start, reload, end)."""
    return _END_OF_KIND.get(kind)


class Stop(Output):
    """One stop of a route, in driving order."""

    kind: StopKind
    site: str
    job: str | None = None
    lots: list[str] = Field(default_factory=list, description="Lots handled at this stop.")
    arrival: ClockTime
    service_start: ClockTime
    departure: ClockTime
    wait_s: int = Field(ge=0, description="Waiting before the window opens, seconds.")
    distance_from_previous_m: int = Field(ge=0)
    picked_up_kg: ClassKg = Field(default_factory=ClassKg)
    delivered_kg: ClassKg = Field(default_factory=ClassKg)
    loaded_kg: ClassKg = Field(
        default_factory=ClassKg, description="Loaded at the depot for the next trip."
    )
    unloaded_kg: ClassKg = Field(
        default_factory=ClassKg, description="Unloaded at the depot from the previous trip."
    )
    load_after_kg: ClassKg = Field(description="On board when leaving this stop.")


class RouteBreak(Output):
    """A driver's break as the checker placed it (see the convention in :mod:`optimizer.check`)."""

    id: str
    start: ClockTime
    end: ClockTime
    after_stop: int = Field(
        ge=0, description="Index in ``stops`` of the last stop served before the break."
    )


class Route(Output):
    vehicle: str
    stops: list[Stop]
    start: ClockTime
    end: ClockTime
    distance_m: int
    duration_s: int
    cost_eur: float = Field(description="Fixed + distance + time cost of this route, €.")
    co2e_kg: float
    picked_up_kg: ClassKg
    delivered_kg: ClassKg
    value_eur: float = Field(description="Value of the food collected and delivered, €.")
    breaks: list[RouteBreak] = Field(
        default_factory=list, description="The driver's breaks, in time order."
    )
    road_shape: list[list[tuple[float, float]]] | None = Field(
        default=None,
        description=(
            "With road travel, the road geometry of each leg (stop i → stop i + 1) as "
            "(lat, lon) points, for maps, GPX and GeoJSON; absent with straight-line or "
            "given-matrix travel."
        ),
    )

    def road_line(self) -> list[tuple[float, float]]:
        """The legs' road shapes joined end to end; empty when travel is not by road."""
        line: list[tuple[float, float]] = []
        for leg in self.road_shape or []:
            line.extend(leg[1:] if line and leg and leg[0] == line[-1] else leg)
        return line


class UnassignedReason(StrEnum):
    """Why a job is not in any route (machine-readable; a sentence accompanies it)."""

    EXPIRED = "expired"
    NO_COMPATIBLE_VEHICLE = "no_compatible_vehicle"
    TIME_WINDOW_UNREACHABLE = "time_window_unreachable"
    CAPACITY = "capacity"
    NOT_WORTH_DETOUR = "not_worth_detour"
    NO_ROOM_IN_ROUTES = "no_room_in_routes"
    MAX_DISTANCE = "max_distance"
    """Served alone it would make a route longer than every fitting vehicle's max distance."""
    MAX_DURATION = "max_duration"
    """Served alone it would make a route last longer than every fitting vehicle allows."""
    DRIVER_BREAK = "driver_break"
    """Served alone it fits a vehicle's shift, but not together with its driver's breaks."""
    TIME_ON_BOARD = "time_on_board"
    """No route can bring its food back to the depot within the time on board allowed."""


class Unassigned(Output):
    job: str
    kind: StopKind
    site: str
    required: bool
    reason: UnassignedReason
    message_fr: str
    message_en: str
    kg: ClassKg
    value_eur: float


class RejectedLot(Output):
    """A lot that may not travel today (past its DLC, or too close to it to redistribute)."""

    job: str
    lot: str
    reason: str
    message_fr: str
    message_en: str
    kg: float


class Objective(Output):
    """The objective in euros: travel cost minus the value of food moved. Lower is better."""

    fixed_eur: float
    distance_eur: float
    time_eur: float
    travel_cost_eur: float
    value_served_eur: float
    total_eur: float


class Kpis(Output):
    vehicles_used: int
    vehicles_available: int
    distance_km: float
    duration_h: float
    co2e_kg: float
    picked_up_kg: ClassKg
    delivered_kg: ClassKg
    pickups_served: int
    pickups_offered: int
    deliveries_served: int
    deliveries_requested: int
    unassigned_kg: ClassKg
    rejected_kg: float
    value_rescued_eur: float


class SolverStats(Output):
    backend: str
    runtime_s: float
    iterations: int
    seed: int
    solver_objective: float | None = None
    solver_feasible: bool | None = None
    improvements: list[tuple[float, float]] = Field(
        default_factory=list, description="(elapsed s, objective €) each time the best improved."
    )
    time_to_best_s: float | None = Field(
        default=None,
        description="Seconds of search until the best solution was found (its last "
        "improvement); the rest of runtime_s found nothing better.",
    )


class Plan(Output):
    schema_version: str = PLAN_SCHEMA_VERSION
    problem_name: str
    date: dt.date
    feasible: bool
    routes: list[Route]
    unassigned: list[Unassigned]
    rejected_lots: list[RejectedLot]
    objective: Objective
    kpis: Kpis
    solver: SolverStats | None = None

    def sequences(self) -> list[RouteSequence]:
        """The decisions behind this plan, to re-evaluate it independently of its numbers."""
        sequences = []
        for route in self.routes:
            trips: list[list[str]] = [[]]
            for stop in route.stops:
                if stop.kind is StopKind.RELOAD:
                    trips.append([])
                elif stop.job is not None:
                    trips[-1].append(stop.job)
            sequences.append(RouteSequence(route.vehicle, tuple(tuple(t) for t in trips)))
        return sequences
