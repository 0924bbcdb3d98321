"""The PyVRP translation and search, judged by our checker on small hand-made days."""

from __future__ import annotations

import pytest

from optimizer.backends.base import SolveOptions, stall_window
from optimizer.backends.pyvrp_backend import (
    EUR_SCALE,
    FORBIDDEN_ARC,
    KG_SCALE,
    PyVRPBackend,
    translate,
)
from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import Improvement, Plan, UnassignedReason
from optimizer.solving.solve import solve
from tests.backends.days import line_day, lot, truck

FAST = SolveOptions(time_limit_s=1.0, seed=3)


def assert_checked(problem: Problem, plan: Plan) -> None:
    """Feasible for the checker, and every number the plan reports is the checker's."""
    assert plan.feasible
    report = check_plan(problem, plan)
    assert report.violations == []


def test_loads_are_tenths_of_kg_rounded_safely() -> None:
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 12.34), lot("l2", 0.05, "chilled")]}],
        [truck(capacity_kg={"ambient": 99.99, "chilled": 10})],
        [{"id": "a", "kind": "partner"}],
    )
    translation = translate(Context(problem))
    client = translation.data.clients()[0]
    # 12.34 kg → 123.4 tenths, rounded up to 124; 0.05 kg → 0.5 → 1; payload 12.39 → 124.
    assert client.delivery == [124, 1, 0, 124]
    assert client.pickup == [0, 0, 0, 0]
    vehicle_type = translation.data.vehicle_types()[0]
    # 99.99 kg floored to 999 tenths; the payload defaults to the sum of compartments.
    assert vehicle_type.capacity == [999, 100, 0, 1099]
    assert KG_SCALE == 10


def test_costs_are_scaled_per_metre_and_second() -> None:
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 10)]}],
        [truck(cost_per_km=0.55, cost_per_hour=36.0, fixed_cost=20)],
        [{"id": "a", "kind": "partner"}],
    )
    vehicle_type = translate(Context(problem)).data.vehicle_types()[0]
    # 0.55 €/km = 0.00055 €/m = 55 units of 1e-5 €; 36 €/h = 0.01 €/s = 1000 units.
    assert vehicle_type.unit_distance_cost == 55
    assert vehicle_type.unit_duration_cost == 1000
    assert vehicle_type.fixed_cost == 20 * EUR_SCALE


def test_identical_vehicles_share_one_type_and_come_back_with_their_ids() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 800)]},
            {"id": "D2", "site": "b", "lots": [lot("l2", 800)]},
        ],
        [truck("T1"), truck("T2"), truck("V", capacity_kg={"ambient": 100})],
        [{"id": "a", "kind": "partner"}, {"id": "b", "kind": "partner"}],
    )
    ctx = Context(problem)
    translation = translate(ctx)
    assert [vt.num_available for vt in translation.data.vehicle_types()] == [2, 1]
    result = PyVRPBackend().solve(ctx, FAST)
    # 800 + 800 kg exceed one truck's 1000 kg: both trucks go out, the van stays home.
    assert sorted(s.vehicle for s in result.routes) == ["T1", "T2"]
    assert sorted(job for s in result.routes for job in s.jobs) == ["D1", "D2"]
    assert result.solver_feasible is True


def test_alternative_windows_become_one_mutually_exclusive_group() -> None:
    problem = line_day(
        [
            {
                "id": "D1",
                "site": "a",
                "lots": [lot("l1", 10)],
                "time_windows": [
                    {"start": "06:00", "end": "06:30"},
                    {"start": "09:00", "end": "09:30"},
                ],
            }
        ],
        [truck()],
        [{"id": "a", "kind": "partner"}],
    )
    translation = translate(Context(problem))
    assert translation.client_jobs == ["D1", "D1"]
    group = translation.data.groups()[0]
    assert group.required and group.mutually_exclusive and list(group) == [0, 1]
    plan, _ = solve(problem, "pyvrp", FAST)
    assert_checked(problem, plan)
    stop = plan.routes[0].stops[1]
    # The shift starts at 07:00, after the first window: the 09:00 window is the one used.
    assert stop.service_start == 9 * 3600


def test_a_site_needing_a_tail_lift_gets_the_vehicle_that_has_one() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 50)]},
            {"id": "D2", "site": "b", "lots": [lot("l2", 50)]},
        ],
        [truck("plain"), truck("lift", skills=["tail_lift"], fixed_cost=50)],
        [
            {"id": "a", "kind": "partner"},
            {"id": "b", "kind": "partner", "required_skills": ["tail_lift"]},
        ],
    )
    plan, _ = solve(problem, "pyvrp", FAST)
    assert_checked(problem, plan)
    # One route with the lift truck is cheaper (fixed 50 €, 40 km) than both trucks, and the
    # plain truck alone cannot serve b: the lift truck does everything.
    routes = {route.vehicle: [s.job for s in route.stops if s.job] for route in plan.routes}
    assert "D2" in routes["lift"]


def test_chilled_food_only_travels_in_a_chilled_compartment() -> None:
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 30, "chilled", date="2025-03-12")]}],
        [
            truck("dry", capacity_kg={"ambient": 1000}, cost_per_km=0.1),
            truck("cold", cost_per_km=2.0),
        ],
        [{"id": "a", "kind": "partner"}],
    )
    plan, _ = solve(problem, "pyvrp", FAST)
    assert_checked(problem, plan)
    assert [route.vehicle for route in plan.routes] == ["cold"]


def test_a_valuable_pickup_is_made_and_a_worthless_detour_is_not() -> None:
    # Value 4.3 €/kg × urgency 1.3 (DLC in 2 days): 100 kg = 559 €; 1 kg = 5.59 €.
    # The near donor costs 2 × 10 km = 20 € at 1 €/km; the far one 2 × 30 km = 60 €.
    problem = line_day(
        [
            {"id": "P1", "site": "near", "lots": [lot("l1", 100, "chilled", date="2025-03-12")]},
            {"id": "P2", "site": "far", "lots": [lot("l2", 1, "chilled", date="2025-03-12")]},
        ],
        [truck()],
        [
            {"id": "near", "kind": "donor"},
            {"id": "x", "kind": "donor"},
            {"id": "far", "kind": "donor"},
        ],
    )
    plan, _ = solve(problem, "pyvrp", FAST)
    assert_checked(problem, plan)
    assert [s.job for s in plan.routes[0].stops if s.job] == ["P1"]
    (left,) = plan.unassigned
    assert left.job == "P2" and left.reason is UnassignedReason.NOT_WORTH_DETOUR
    # 20 km at 1 €/km − 559 € of food.
    assert plan.objective.total_eur == pytest.approx(20 - 559, abs=0.01)


def test_a_second_trip_after_a_reload_when_one_load_is_not_enough() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 700)]},
            {"id": "D2", "site": "b", "lots": [lot("l2", 700)]},
        ],
        [truck(max_reloads=1)],
        [{"id": "a", "kind": "partner"}, {"id": "b", "kind": "partner"}],
    )
    plan, _ = solve(problem, "pyvrp", FAST)
    assert_checked(problem, plan)
    kinds = [stop.kind.value for stop in plan.routes[0].stops]
    assert kinds == ["start", "delivery", "reload", "delivery", "end"]
    # a at 10 km, b at 20 km, one trip each: 20 + 40 km.
    assert plan.routes[0].distance_m == 60_000


def test_a_job_no_vehicle_can_carry_stays_out_with_its_reason() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 10, "frozen", date="2025-06-01")]},
            {"id": "D2", "site": "a", "lots": [lot("l2", 10)]},
        ],
        [truck(capacity_kg={"ambient": 1000, "chilled": 100})],
        [{"id": "a", "kind": "partner"}],
    )
    assert translate(Context(problem)).left_out == ["D1"]
    plan, evaluation = solve(problem, "pyvrp", FAST)
    (left,) = plan.unassigned
    assert left.reason is UnassignedReason.NO_COMPATIBLE_VEHICLE
    assert "surgelé" in left.message_fr
    # D1 is required and cannot be served: the checker says so, nothing else is wrong.
    assert [v.code.value for v in evaluation.violations] == ["required_job_unserved"]


def test_progress_reports_the_checker_objective_in_euros() -> None:
    problem = line_day(
        [{"id": "D1", "site": "a", "lots": [lot("l1", 10)]}],
        [truck(cost_per_hour=30)],
        [{"id": "a", "kind": "partner"}],
    )
    seen: list[Improvement] = []
    plan, _ = solve(problem, "pyvrp", FAST, on_progress=seen.append)
    assert seen and seen[-1].feasible
    assert seen[-1].objective_eur == pytest.approx(plan.objective.total_eur, abs=0.05)


def test_a_stop_is_out_of_reach_of_vehicles_lacking_its_compartment() -> None:
    problem = line_day(
        [
            {"id": "D1", "site": "a", "lots": [lot("l1", 30, "chilled", date="2025-03-12")]},
            {"id": "D2", "site": "a", "lots": [lot("l2", 30)]},
        ],
        [truck("dry", capacity_kg={"ambient": 1000}), truck("cold")],
        [{"id": "a", "kind": "partner"}],
    )
    data = translate(Context(problem)).data
    # Locations: the depot, then one per client although both stops are at site a.
    assert data.num_locations == 3 and data.num_profiles == 2
    dry = next(vt for vt in data.vehicle_types() if vt.name == "dry")
    cold = next(vt for vt in data.vehicle_types() if vt.name == "cold")
    dry_distance = data.distance_matrix(dry.profile)
    cold_distance = data.distance_matrix(cold.profile)
    # D1 (chilled) is location 1: closed to the dry van, 10 km for the cold truck; D2 open to both.
    assert dry_distance[0, 1] == FORBIDDEN_ARC and cold_distance[0, 1] == 10_000
    assert dry_distance[0, 2] == cold_distance[0, 2] == 10_000
    assert dry_distance[1, 2] == cold_distance[1, 2] == 0


def test_a_converged_search_stops_early_with_a_stall_window() -> None:
    problem = line_day(
        [{"id": "P1", "site": "near", "lots": [lot("l1", 100, "chilled", date="2025-03-12")]}],
        [truck()],
        [{"id": "near", "kind": "donor"}],
    )
    # Nothing to improve on a one-stop day: 30 iterations without a better solution end it,
    # long before the iteration budget that would otherwise stop it.
    options = SolveOptions(time_limit_s=600, seed=1, max_iterations=5000, stall_iterations=30)
    plan, _ = solve(problem, "pyvrp", options)
    assert_checked(problem, plan)
    assert plan.solver is not None and plan.solver.iterations <= 31


def test_the_stall_window_grows_with_the_day() -> None:
    assert stall_window(100) == 2000
    assert stall_window(1000) == 11000
