"""A vehicle's maximum distance in both backends, judged by our checker.

The depot D sits between two partners A and B, 20 km from each and A 30 km from B; the donor E
is 30 km from D (50 km from A and B). Driving costs 1 €/km and nothing else, so one vehicle
doing D → A → B → D (70 km) beats two vehicles doing D → A → D and D → B → D (80 km), until
each vehicle may drive at most 50 km. E's pickup (430 € of food) is worth the 60 km round trip
without a limit and out of reach with it.
"""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import check_plan, evaluate
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import UnassignedReason
from optimizer.read.documents import parse_problem
from optimizer.solving.solve import solve
from tests.backends.days import lot

BACKENDS = ["pyvrp", "ortools"]

# PyVRP stops after 300 iterations whatever the machine's speed (the time limit is a ceiling
# it does not reach). OR-Tools has no iteration budget: its first solution and first local
# search pass, milliseconds on three stops, already find these optima; the rest is its limit.
OPTIONS = {
    "pyvrp": SolveOptions(time_limit_s=10.0, seed=1, max_iterations=300),
    "ortools": SolveOptions(time_limit_s=1.0, seed=1),
}

SITES = ["D", "A", "B", "E"]
DISTANCE_KM = [
    [0, 20, 20, 30],
    [20, 0, 30, 50],
    [20, 30, 0, 50],
    [30, 50, 50, 0],
]


def van(vehicle_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": vehicle_id,
        "depot": "D",
        "shift_start": "07:00",
        "shift_end": "19:00",
        "capacity_kg": {"ambient": 1000},
        "cost_per_km": 1.0,
        **extra,
    }


def day(max_distance_km: float | None, with_pickup: bool = False) -> Problem:
    limit = {} if max_distance_km is None else {"max_distance_km": max_distance_km}
    metres = [[km * 1000 for km in row] for row in DISTANCE_KM]
    return parse_problem(
        {
            "date": "2025-03-10",
            "name": "star",
            "sites": [
                {"id": "D", "kind": "depot", "lat": 47.3, "lon": 5.0},
                {"id": "A", "kind": "partner", "lat": 47.3, "lon": 5.0},
                {"id": "B", "kind": "partner", "lat": 47.3, "lon": 5.0},
                {"id": "E", "kind": "donor", "lat": 47.3, "lon": 5.0},
            ],
            "vehicles": [van("V1", **limit), van("V2", **limit)],
            "deliveries": [
                {"id": "DA", "site": "A", "lots": [lot("la", 100)]},
                {"id": "DB", "site": "B", "lots": [lot("lb", 100)]},
            ],
            "pickups": (
                [{"id": "PE", "site": "E", "lots": [lot("le", 100)]}] if with_pickup else []
            ),
            "travel": {
                "kind": "explicit",
                "site_ids": SITES,
                "distance_m": metres,
                "duration_s": [[m // 10 for m in row] for row in metres],
            },
        }
    )


def jobs_per_route(problem: Problem, backend: str) -> list[list[str]]:
    """The backend's own routes (before any repair), checked: feasible, sorted by first job."""
    ctx = Context(problem)
    result = get_backend(backend).solve(ctx, OPTIONS[backend])
    routes = [route for route in result.routes if route.jobs]
    assert evaluate(ctx, routes).violations == []
    return sorted(sorted(route.jobs) for route in routes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_without_a_limit_one_vehicle_serves_both(backend: str) -> None:
    assert jobs_per_route(day(None), backend) == [["DA", "DB"]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_maximum_distance_splits_the_route(backend: str) -> None:
    problem = day(50)
    assert jobs_per_route(problem, backend) == [["DA"], ["DB"]]
    plan, _ = solve(problem, backend=backend, options=OPTIONS[backend])
    assert plan.feasible
    assert check_plan(problem, plan).violations == []
    assert sorted(route.distance_m for route in plan.routes) == [40_000, 40_000]
    assert plan.kpis.distance_km == 80.0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_pickup_beyond_every_range_is_left_out_with_that_reason(backend: str) -> None:
    unlimited, _ = solve(day(None, with_pickup=True), backend=backend, options=OPTIONS[backend])
    assert unlimited.unassigned == []  # 430 € of food for 60 km: worth it without a limit
    problem = day(50, with_pickup=True)
    plan, _ = solve(problem, backend=backend, options=OPTIONS[backend])
    assert plan.feasible
    assert check_plan(problem, plan).violations == []
    (left_out,) = plan.unassigned
    assert (left_out.job, left_out.reason) == ("PE", UnassignedReason.MAX_DISTANCE)
    assert left_out.message_fr == (
        "Aucun véhicule ne peut servir « PE » sans dépasser sa distance maximale : la tournée "
        "la plus courte qui le sert fait 60.0 km."
    )
