"""Each vehicle on its own road profile: the van takes the street closed to trucks, the truck
goes round by the lane, and the checker, PyVRP and OR-Tools all count each route on its
vehicle's matrix."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan, evaluate
from optimizer.context import Context
from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.read.documents import parse_problem
from optimizer.roads.geometry import with_road_shapes
from optimizer.solving.progress import progress_at
from optimizer.solving.replan import replan_in_day
from optimizer.solving.solve import solve
from optimizer.units import format_clock
from tests.roads.streets import BARRED_C, at, metres_off_streets, road_document

# The middle of the street closed to trucks, 150 m east of the grid's corner (4, 7).
BARRED_MIDDLE = (at(4, 7)[0], (at(4, 7)[1] + BARRED_C[1]) / 2)


def metres_from_line(point: tuple[float, float], line: list[tuple[float, float]]) -> float:
    return metres_off_streets(point, list(itertools.pairwise(line)))


def lot(lot_id: str, temperature: str, kg: float) -> dict[str, Any]:
    if temperature == "chilled":
        return {
            "id": lot_id,
            "category": "dairy",
            "temperature": "chilled",
            "kg": kg,
            "date": "2025-03-13",
            "date_kind": "DLC",
        }
    return {"id": lot_id, "category": "dry_groceries", "temperature": "ambient", "kg": kg}


def mixed_day(tiles: Path, chilled_by: str | None = None) -> dict[str, Any]:
    """The road day, where C needs both vehicles: yoghurt that only the van keeps cold (by
    ``chilled_by``, HH:MM), and 1,500 kg of dry goods that only the truck carries."""
    document = road_document(tiles)
    van, truck = document["vehicles"]
    van["capacity_kg"] = {"ambient": 1000, "chilled": 200, "frozen": 0}
    truck["capacity_kg"] = {"ambient": 3000, "chilled": 0, "frozen": 0}
    deliveries = [d for d in document["deliveries"] if d["site"] != "C"]
    cold = {"id": "to-C-cold", "site": "C", "lots": [lot("C-yog", "chilled", 50)]}
    if chilled_by is not None:
        cold["time_windows"] = [{"start": "07:00", "end": chilled_by}]
    heavy = {"id": "to-C-heavy", "site": "C", "lots": [lot("C-dry", "ambient", 1500)]}
    document["deliveries"] = [*deliveries, cold, heavy]
    return document


def shared_only(matrix: TravelMatrix) -> TravelMatrix:
    """The same problem's matrix as before per-vehicle matrices: the truck's, for everyone."""
    return dataclasses.replace(matrix, by_vehicle={})


def tight_window(tiles: Path) -> str:
    """A window at C that the van makes straight from the depot, and the truck's lane misses."""
    problem = parse_problem(mixed_day(tiles))
    matrix = build_matrix(problem)
    van, truck = matrix.for_vehicle("van"), matrix.for_vehicle("truck")
    leave = problem.vehicles[0].shift_start + 5 * 60  # the depot's 5 minutes of loading
    end = math.ceil((leave + van.duration("D", "C")) / 60) * 60 + 60
    assert leave + truck.duration("D", "C") > end  # the truck's lane would be late
    return format_clock(end)


@pytest.fixture(scope="module")
def day(tiles_dir: Path) -> Problem:
    return parse_problem(mixed_day(tiles_dir, tight_window(tiles_dir)))


def test_each_profile_of_the_fleet_gets_its_own_matrix(
    road_problem: Callable[..., Problem],
) -> None:
    problem = road_problem()
    matrix = build_matrix(problem)
    van, truck = matrix.for_vehicle("van"), matrix.for_vehicle("truck")
    assert van.distance("D", "C") == pytest.approx(1195, abs=2)
    assert truck.distance("D", "C") == pytest.approx(3155, abs=2)
    # The shared matrix is the most restrictive profile's: drivable by every vehicle.
    assert matrix.distance("D", "C") == truck.distance("D", "C")
    assert matrix.profiles(["van", "truck", "van"]) == ([van, truck], [0, 1, 0])
    # A fleet of one profile keeps one matrix, as straight lines do.
    vans = road_problem(vehicles=[problem.vehicles[0].model_dump(mode="json")])
    assert not build_matrix(vans).by_vehicle


def test_the_checker_judges_the_van_on_its_own_matrix(day: Problem) -> None:
    """The van serves C in time by the street closed to trucks; on the truck's matrix (the one
    matrix of the whole day before) the same route is late."""
    matrix = build_matrix(day)
    routes = [
        RouteSequence("van", (("to-C-cold", "to-A", "to-E"),)),
        RouteSequence("truck", (("to-C-heavy", "to-B"),)),
    ]
    own = evaluate(Context(day, matrix), routes)
    assert own.feasible, own.violations
    van, truck = (own.routes[0].route, own.routes[1].route)
    assert van.stops[1].site == truck.stops[1].site == "C"
    assert van.stops[1].distance_from_previous_m == pytest.approx(1195, abs=2)
    assert truck.stops[1].distance_from_previous_m == pytest.approx(3155, abs=2)
    before = evaluate(Context(day, shared_only(matrix)), routes)
    assert [(v.code.value, v.job) for v in before.violations] == [("time_window", "to-C-cold")]


@pytest.mark.parametrize("backend", ["pyvrp", "ortools"])
def test_both_backends_plan_each_vehicle_on_its_own_matrix(
    day: Problem, tiles_dir: Path, backend: str
) -> None:
    options = SolveOptions(time_limit_s=30, max_iterations=300)
    plan, evaluation = solve(day, backend, options)
    assert evaluation.feasible, evaluation.violations
    assert not plan.unassigned
    assert not check_plan(day, plan).violations
    matrix = build_matrix(day)
    served_by = {stop.job: route.vehicle for route in plan.routes for stop in route.stops}
    assert served_by["to-C-cold"] == "van" and served_by["to-C-heavy"] == "truck"
    for route in plan.routes:
        own = matrix.for_vehicle(route.vehicle)
        legs = list(zip(route.stops, route.stops[1:], strict=False))
        assert route.distance_m == sum(own.distance(a.site, b.site) for a, b in legs)
        assert route.stops[-1].arrival - route.stops[0].departure >= sum(
            own.duration(a.site, b.site) for a, b in legs
        )
    # Drawn along the roads with each vehicle's profile: only the van is on the closed street.
    shaped = {r.vehicle: r.road_line() for r in with_road_shapes(day, day.travel, plan.routes)}
    assert metres_from_line(BARRED_MIDDLE, shaped["van"]) < 1.0
    assert metres_from_line(BARRED_MIDDLE, shaped["truck"]) > 100.0


def test_a_plan_counted_on_the_one_truck_matrix_is_refused_by_the_check(day: Problem) -> None:
    """``foodroute check`` recomputes each route on its vehicle's matrix: a plan whose van
    kilometres are the truck's (one matrix for the whole day) does not pass."""
    plan, _ = solve(day, "pyvrp", SolveOptions(time_limit_s=30, max_iterations=300))
    matrix = build_matrix(day)
    van = next(r for r in plan.routes if r.vehicle == "van")
    legs = list(zip(van.stops, van.stops[1:], strict=False))
    on_truck = sum(matrix.for_vehicle("truck").distance(a.site, b.site) for a, b in legs)
    assert on_truck > van.distance_m
    counted = van.model_copy(update={"distance_m": on_truck})
    other = [r for r in plan.routes if r.vehicle != "van"]
    report = check_plan(day, plan.model_copy(update={"routes": [counted, *other]}))
    assert any(v.vehicle == "van" for v in report.violations)


def test_a_replan_during_the_day_keeps_each_vehicle_on_its_own_matrix(day: Problem) -> None:
    """The van re-planned from C (the yoghurt delivered) drives on from there on its own
    matrix; the in-day plan passes the checker, route by route on each vehicle's roads."""
    options = SolveOptions(time_limit_s=30, max_iterations=300)
    morning, _ = solve(day, "pyvrp", options)
    van = next(r for r in morning.routes if r.vehicle == "van")
    at_c = next(s for s in van.stops if s.job == "to-C-cold")
    in_day, later, evaluation = replan_in_day(
        day, morning, progress_at(morning, at_c.departure + 60), "pyvrp", options
    )
    assert evaluation.feasible, evaluation.violations
    assert not check_plan(in_day, later).violations
    matrix = build_matrix(in_day)
    assert matrix.by_vehicle  # a van and a truck: still two profiles
    for route in later.routes:
        own = matrix.for_vehicle(route.vehicle)
        legs = list(zip(route.stops, route.stops[1:], strict=False))
        assert route.distance_m == sum(own.distance(a.site, b.site) for a, b in legs)
