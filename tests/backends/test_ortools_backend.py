"""The OR-Tools translation and search, judged by our checker on small hand-made days.

Sites sit on a line 10 km apart (depot first) and are driven at 10 m/s, so a leg between
neighbours is 10 000 m and 1000 s; with 1 €/km and no hourly cost a route's cost is its km.
"""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.backends.ortools_backend import (
    EUR_SCALE,
    REQUIRED_PENALTY,
    ORToolsBackend,
    translate,
)
from optimizer.check import Code, check_plan, evaluate
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import Improvement, Plan, RouteSequence
from optimizer.read.documents import parse_problem
from optimizer.solving.solve import solve
from optimizer.units import parse_clock
from tests.backends.days import line_day, lot, truck

FAST = SolveOptions(time_limit_s=0.5, seed=1)


def partners(*names: str) -> list[dict[str, Any]]:
    return [{"id": name, "kind": "partner"} for name in names]


def window(start: str, end: str) -> dict[str, str]:
    return {"start": start, "end": end}


def plan_of(problem: Problem, options: SolveOptions = FAST) -> Plan:
    plan, _ = solve(problem, backend="ortools", options=options)
    return plan


def assert_checked(problem: Problem, plan: Plan) -> None:
    """Feasible for the checker, and every number the plan reports is the checker's."""
    assert plan.feasible
    assert check_plan(problem, plan).violations == []


def jobs_by_vehicle(plan: Plan) -> dict[str, list[str]]:
    return {r.vehicle: [s.job for s in r.stops if s.job] for r in plan.routes}


# --- translation ---------------------------------------------------------------------------


def test_loads_are_tenths_of_kg_and_costs_hundred_thousandths_of_euro() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 12.34), lot("l2", 0.05, "chilled")]},
            {"id": "P1", "site": "s", "lots": [lot("l3", 10)]},
        ],
        [truck(capacity_kg={"ambient": 99.99, "chilled": 10}, cost_per_km=0.55, fixed_cost=20)],
        [*partners("a"), {"id": "s", "kind": "donor"}],
    )
    translation = translate(Context(problem))
    # Nodes: the vehicle's start, its end, D1, P1 (jobs in the order pickups, deliveries).
    assert [node.job for node in translation.nodes] == [None, None, "P1", "D1"]
    assert translation.dimensions == ["ambient", "chilled", "payload"]
    pickup, delivery = translation.nodes[2], translation.nodes[3]
    # 12.34 kg → 124 tenths (rounded up), 0.05 kg → 1; loaded at the depot, dropped at a.
    assert delivery.depot_loaded == [124, 1, 124]
    assert delivery.load_change == [-124, -1, -124]
    assert pickup.load_change == [100, 0, 100]
    assert pickup.depot_loaded == [0, 0, 0]
    assert delivery.penalty == REQUIRED_PENALTY
    # 10 kg of dry groceries without a date: 43 € of food.
    assert pickup.penalty == 43 * EUR_SCALE
    assert translation.tally.prize_total == 43 * EUR_SCALE
    routing, manager = translation.routing, translation.manager
    routing.CloseModel()
    # a → s is 10 km at 0.55 €/km: 5.5 € = 550 000 units. OR-Tools charges the fixed cost
    # (20 €) on the arc that leaves the depot, also 10 km long.
    assert routing.GetArcCostForVehicle(manager.NodeToIndex(3), manager.NodeToIndex(2), 0) == (
        550_000
    )
    assert routing.GetArcCostForVehicle(routing.Start(0), manager.NodeToIndex(3), 0) == (
        20 * EUR_SCALE + 550_000
    )


def test_jobs_nobody_can_carry_stay_out_of_the_model() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 10, "frozen")]},
            {"id": "D2", "site": "a", "lots": [lot("l2", 5000)]},
            {"id": "D3", "site": "a", "lots": [lot("l3", 10)]},
        ],
        [truck(capacity_kg={"ambient": 1000})],
        partners("a"),
    )
    translation = translate(Context(problem))
    assert translation.tally.left_out == ["D1", "D2"]
    assert [node.job for node in translation.nodes[2:]] == ["D3"]


# --- hand-computed optima ------------------------------------------------------------------


def test_a_line_of_deliveries_is_one_out_and_back_trip() -> None:
    problem = line_day(
        [{"id": f"D{i}", "site": site, "lots": [lot(f"l{i}", 10)]} for i, site in enumerate("abc")],
        [truck("T1", fixed_cost=10), truck("T2", fixed_cost=10)],
        partners("a", "b", "c"),
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    # One vehicle (10 €) out to c and back: 60 km at 1 €/km.
    assert plan.objective.travel_cost_eur == pytest.approx(70.0)
    (jobs,) = jobs_by_vehicle(plan).values()
    assert jobs in (["D0", "D1", "D2"], ["D2", "D1", "D0"])


def test_an_optional_pickup_is_taken_only_when_its_food_pays_for_the_detour() -> None:
    # d is 10 km past c (+20 km, 20 €, for 43 € of food); e is 70 km past c (+140 km for 43 €).
    sites = [*partners("a", "b", "c"), {"id": "d", "kind": "donor"}]
    sites += [{"id": f"x{i}", "kind": "donor"} for i in range(5)]
    sites += [{"id": "e", "kind": "donor"}]
    problem = line_day(
        [
            {"id": "D1", "site": "c", "lots": [lot("l1", 10)]},
            {"id": "P1", "site": "d", "lots": [lot("l2", 10)]},
            {"id": "P2", "site": "e", "lots": [lot("l3", 10)]},
        ],
        [truck()],
        sites,
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    assert sorted(jobs_by_vehicle(plan)["T"]) == ["D1", "P1"]
    assert [u.job for u in plan.unassigned] == ["P2"]
    assert plan.objective.travel_cost_eur == pytest.approx(80.0)
    assert plan.objective.value_served_eur == pytest.approx(86.0)


def test_the_van_leaves_with_its_deliveries_so_it_delivers_before_picking_up() -> None:
    # 100 kg compartment; 80 kg to deliver at a (20 km), 60 kg to collect at s (10 km).
    # Both orders drive 40 km, but collecting first would put 140 kg on board.
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 80)]},
            {"id": "P1", "site": "s", "lots": [lot("l2", 60)], "required": True},
        ],
        [truck(capacity_kg={"ambient": 100})],
        [{"id": "s", "kind": "donor"}, *partners("a")],
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    (route,) = plan.routes
    assert [s.job for s in route.stops] == [None, "D1", "P1", None]
    assert [s.load_after_kg.ambient for s in route.stops[:3]] == [80, 0, 60]


def test_skills_and_compartments_choose_the_vehicle() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 10)]},
            {"id": "D2", "site": "b", "lots": [lot("l2", 10, "frozen")]},
        ],
        [
            truck("cheap", capacity_kg={"ambient": 1000}),
            truck("equipped", cost_per_km=3.0, skills=["tail_lift"]),
        ],
        [{"id": "a", "kind": "partner", "required_skills": ["tail_lift"]}, *partners("b")],
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    # Only the equipped truck has a tail lift and a freezer: 40 km at 3 €/km.
    assert sorted(jobs_by_vehicle(plan)["equipped"]) == ["D1", "D2"]
    assert plan.objective.travel_cost_eur == pytest.approx(120.0)


def test_a_missed_first_window_falls_back_on_the_second() -> None:
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [window("07:00", "07:05"), window("11:00", "12:00")],
            }
        ],
        [truck()],
        partners("a"),
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    # Loading 07:00–07:10 then 1000 s: a is reached at 07:26:40 at the earliest.
    assert plan.routes[0].stops[1].service_start == parse_clock("11:00")


def test_a_paired_shipment_is_picked_up_then_delivered_by_one_vehicle() -> None:
    problem = line_day(
        [],
        [truck()],
        [{"id": "s", "kind": "donor"}, *partners("a")],
        shipments=[
            {
                "id": "S1",
                "pickup": {"site": "s"},
                "delivery": {"site": "a"},
                "lots": [lot("l1", 50)],
                "required": True,
            }
        ],
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    (route,) = plan.routes
    assert [s.job for s in route.stops] == [None, "S1", "S1", None]
    assert [s.load_after_kg.ambient for s in route.stops] == [0, 50, 0, 0]


# --- driver breaks -------------------------------------------------------------------------


def test_a_driver_whose_break_blocks_the_windows_leaves_the_jobs_to_another_vehicle() -> None:
    # The cheap truck's driver must start a 60-minute break between 08:00 and 08:05: busy
    # until 09:00 at least, it cannot serve a (08:30–08:40) nor b (08:50–08:55).
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [window("08:30", "08:40")],
            },
            {
                "id": "D2",
                "site": "b",
                "lots": [lot("l2", 10)],
                "time_windows": [window("08:50", "08:55")],
            },
        ],
        [
            truck("cheap", breaks=[{"window": window("08:00", "08:05"), "duration_min": 60}]),
            truck("dear", cost_per_km=2.0),
        ],
        partners("a", "b"),
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    assert jobs_by_vehicle(plan) == {"dear": ["D1", "D2"]}
    assert plan.objective.travel_cost_eur == pytest.approx(80.0)


def test_a_break_is_planned_inside_its_window_and_lengthens_the_route() -> None:
    # a, b, c at 10, 20, 30 km, open 07:00–10:00; the break (30 min) starts 08:00–08:10. The
    # driver is still out then, so it is taken during the route.
    problem = line_day(
        [
            {
                "id": f"D{i}",
                "site": site,
                "lots": [lot(f"l{i}", 10)],
                "time_windows": [window("07:00", "10:00")],
            }
            for i, site in enumerate("abc")
        ],
        [truck(breaks=[{"id": "lunch", "window": window("08:00", "08:10"), "duration_min": 30}])],
        partners("a", "b", "c"),
    )
    plan = plan_of(problem)
    assert_checked(problem, plan)
    (route,) = plan.routes
    (pause,) = route.breaks
    assert pause.id == "lunch"
    assert parse_clock("08:00") <= pause.start <= parse_clock("08:10")
    assert pause.end - pause.start == 1800
    assert route.start <= pause.start and pause.end <= route.end
    # 60 km (6000 s) + loading 600 s + 3 × 300 s service + the 1800 s break.
    assert route.duration_s == 6000 + 600 + 900 + 1800


def test_a_break_that_cannot_fit_leaves_required_jobs_out_and_the_checker_says_so() -> None:
    # The only driver must break 07:00–07:05 for 15 min, but loads 07:00–07:10.
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 10)]}],
        [truck(breaks=[{"window": window("07:00", "07:05"), "duration_min": 15}])],
        partners("a"),
    )
    ctx = Context(problem)
    # Without a usable vehicle nothing is left to search; a forced route would break the rule.
    assert ORToolsBackend().solve(ctx, FAST).routes == []
    forced = evaluate(ctx, [RouteSequence("T", (("D1",),))])
    assert [v.code for v in forced.violations] == [Code.BREAK]
    plan, evaluation = solve(problem, backend="ortools", options=FAST)
    assert [v.code for v in evaluation.violations] == [Code.REQUIRED_JOB_UNSERVED]
    assert not plan.feasible
    assert [u.job for u in plan.unassigned] == ["D1"]


# --- search --------------------------------------------------------------------------------


def random_day(seed: int) -> Problem:
    """Two vans around Dijon, 4 required deliveries and 6 optional pickups, wide windows."""
    rng = random.Random(seed)
    sites: list[dict[str, Any]] = [
        {
            "id": "depot",
            "kind": "depot",
            "lat": 47.33,
            "lon": 5.04,
            "time_windows": [window("06:00", "19:00")],
            "service_min": 10,
        }
    ]
    jobs: list[dict[str, Any]] = []
    for number in range(10):
        kind = "partner" if number < 4 else "donor"
        kg = (10, 60) if kind == "partner" else (20, 150)
        start = rng.choice(["07:00", "08:00", "09:00"])
        sites.append(
            {
                "id": f"s{number}",
                "kind": kind,
                "lat": 47.33 + rng.uniform(-0.1, 0.1),
                "lon": 5.04 + rng.uniform(-0.1, 0.1),
                "service_min": rng.choice([5, 10]),
                "time_windows": [window(start, f"{int(start[:2]) + 3:02d}:00")],
            }
        )
        temperature = rng.choice(["ambient", "chilled", "frozen"])
        jobs.append(
            {
                "id": f"{'D' if kind == 'partner' else 'P'}{number}",
                "site": f"s{number}",
                "lots": [lot(f"l{number}", rng.randint(*kg), temperature)],
            }
        )
    vans = [
        truck(
            f"van{n}",
            capacity_kg={"ambient": 300, "chilled": 200, "frozen": 100},
            cost_per_hour=20.0,
            fixed_cost=15.0,
            breaks=[{"window": window("11:00", "12:00"), "duration_min": 30}],
        )
        for n in range(2)
    ]
    return parse_problem(
        {
            "date": "2025-03-10",
            "sites": sites,
            "vehicles": vans,
            "pickups": [j for j in jobs if j["id"].startswith("P")],
            "deliveries": [j for j in jobs if j["id"].startswith("D")],
        }
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_small_days_are_feasible_for_the_checker(seed: int) -> None:
    problem = random_day(seed)
    ctx = Context(problem)
    result = ORToolsBackend().solve(ctx, FAST)
    evaluation = evaluate(ctx, result.routes)
    assert evaluation.violations == []
    assert result.solver_feasible is True
    # The search's own objective is the checker's within rounding: €/km per arc and €/h per
    # second are integers of 10⁻⁵ € (20 €/h is 555.6 units/s, counted as 556).
    assert result.improvements[-1].objective_eur == pytest.approx(
        evaluation.objective.total_eur, abs=0.5
    )


def test_progress_is_reported_on_each_improvement_within_the_budget() -> None:
    problem = random_day(4)
    seen: list[Improvement] = []
    started = time.monotonic()
    plan, evaluation = solve(
        problem,
        backend="ortools",
        options=SolveOptions(time_limit_s=1.0, seed=2),
        on_progress=seen.append,
    )
    assert time.monotonic() - started < 2.5
    assert evaluation.feasible
    assert_checked(problem, plan)
    objectives = [improvement.objective_eur for improvement in seen]
    assert objectives == sorted(objectives, reverse=True)
    assert len(set(objectives)) == len(objectives)
    assert plan.solver is not None and plan.solver.backend == "ortools"


def test_the_backend_keeps_to_its_wall_clock_budget() -> None:
    ctx = Context(random_day(5))
    started = time.monotonic()
    ORToolsBackend().solve(ctx, SolveOptions(time_limit_s=0.5, seed=1))
    assert time.monotonic() - started < 0.8


def test_a_cancelled_search_stops_early_with_its_best_routes() -> None:
    ctx = Context(random_day(6))
    started = time.monotonic()
    options = SolveOptions(
        time_limit_s=5.0, seed=1, should_stop=lambda: time.monotonic() - started > 0.3
    )
    result = ORToolsBackend().solve(ctx, options)
    assert time.monotonic() - started < 1.0
    assert result.routes
    assert evaluate(ctx, result.routes).feasible
