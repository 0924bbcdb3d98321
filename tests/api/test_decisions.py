"""Decisions carried by a solve job, checked and solved in process (no service, no database)."""

from __future__ import annotations

import pytest
from factories import stock_problem, tiny_problem

from api.decisions import (
    Decisions,
    decision_issues,
    plan_with_decisions,
    solve_with_decisions,
    stock_refusal,
)
from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.read.documents import parse_problem
from optimizer.solving.replan import without_vehicles

ONE_SECOND = SolveOptions(time_limit_s=1, seed=1)


@pytest.fixture
def two_trucks() -> Problem:
    document = tiny_problem()
    truck = document["vehicles"][0]
    document["vehicles"] = [truck, {**truck, "id": "T2"}]
    return parse_problem(document)


def test_only_locks_removals_and_forced_stops_make_a_replan() -> None:
    assert not Decisions().constrains
    assert not Decisions.model_validate(
        {"initial_plan": [{"vehicle": "T1", "trips": []}]}
    ).constrains
    assert Decisions(removed_vehicles=["T1"]).constrains
    assert Decisions.model_validate({"forced": {"D1": "T1"}}).constrains


def test_good_decisions_have_no_issues(two_trucks: Problem) -> None:
    decisions = Decisions.model_validate(
        {
            "locked": [{"vehicle": "T1", "trips": [["P1"], ["D1"]]}],
            "forced": {"D2": "T2"},
            "initial_plan": [{"vehicle": "T2", "trips": [["D2"]]}],
        }
    )
    assert decision_issues(two_trucks, decisions) == []
    assert decisions.locked_routes() == [RouteSequence("T1", (("P1",), ("D1",)))]
    assert decisions.initial_routes() == (RouteSequence("T2", (("D2",),)),)


def test_issues_carry_the_engines_paths_and_the_warm_starts(two_trucks: Problem) -> None:
    decisions = Decisions.model_validate(
        {
            "locked": [{"vehicle": "T1", "trips": [["D1"]]}],
            "removed_vehicles": ["T1"],
            "forced": {"D1": "T9"},
            "initial_plan": [{"vehicle": "T7", "trips": [["D2", "nothing"]]}],
        }
    )
    paths = [issue.path for issue in decision_issues(two_trucks, decisions)]
    assert paths == [
        "locked[0].vehicle",
        "forced.D1",
        "forced.D1",
        "initial_plan[0].vehicle",
        "initial_plan[0].trips[0][1]",
    ]


def test_a_replan_keeps_the_lock_and_leaves_the_removed_truck_home(two_trucks: Problem) -> None:
    decisions = Decisions.model_validate(
        {
            "locked": [{"vehicle": "T1", "trips": [["D2"]]}],
            "initial_plan": [{"vehicle": "T1", "trips": [["P1", "D1", "D2"]]}],
        }
    )
    plan, _ = solve_with_decisions(two_trucks, decisions, "pyvrp", ONE_SECOND)
    assert plan.sequences()[0] == RouteSequence("T1", (("D2",),))
    assert {"P1", "D1"} <= set(plan.sequences()[1].jobs)
    assert check_plan(two_trucks, plan).violations == []

    removed = Decisions(removed_vehicles=["T2"])
    plan, _ = solve_with_decisions(two_trucks, removed, "pyvrp", ONE_SECOND)
    assert [route.vehicle for route in plan.routes] == ["T1"]
    assert check_plan(without_vehicles(two_trucks, ["T2"]), plan).violations == []


def test_without_decisions_it_is_the_ordinary_solve(two_trucks: Problem) -> None:
    plan, _ = solve_with_decisions(two_trucks, None, "pyvrp", ONE_SECOND)
    # One truck out along the line and back serves everything (see tiny_problem).
    assert plan.kpis.distance_km == pytest.approx(60.0)
    assert plan.unassigned == []


def test_a_day_with_stock_is_allocated_then_routed_from_its_warm_start() -> None:
    problem = parse_problem(stock_problem())
    warm = Decisions.model_validate({"initial_plan": [{"vehicle": "T1", "trips": [["D1"]]}]})
    assert stock_refusal(problem, warm) is None
    day = plan_with_decisions(problem, warm, "pyvrp", ONE_SECOND)
    assert day.allocation is not None and day.allocation.allocated_kg == pytest.approx(360.0)
    assert check_plan(day.routed, day.plan).violations == []
    assert day.disagreements() == []


def test_a_day_with_stock_refuses_constraining_decisions() -> None:
    problem = parse_problem(stock_problem())
    locked = Decisions.model_validate({"removed_vehicles": ["T1"]})
    refusal = stock_refusal(problem, locked)
    assert refusal is not None and "routed problem" in refusal
    with pytest.raises(ValueError, match="routed problem"):
        plan_with_decisions(problem, locked, "pyvrp", ONE_SECOND)
    # Without stock the same decisions are an ordinary re-plan.
    assert stock_refusal(parse_problem(tiny_problem()), locked) is None


def test_without_stock_the_day_is_the_problem_itself(two_trucks: Problem) -> None:
    day = plan_with_decisions(two_trucks, None, "pyvrp", ONE_SECOND)
    assert day.routed is two_trucks and day.allocation is None
    assert day.plan.kpis.distance_km == pytest.approx(60.0)
