"""One call from a problem to a checked plan: the search, its repairs, the finishing reserve."""

from __future__ import annotations

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.solving.progress import DayProgress, in_day_problem
from optimizer.solving.solve import finishing_reserve_s, solve

QUICK = SolveOptions(time_limit_s=30, seed=1, max_iterations=200)


def test_the_finishing_reserve_grows_with_the_day_within_a_tenth_of_the_budget(
    tiny: Problem,
) -> None:
    ctx = Context(tiny)  # two jobs
    assert finishing_reserve_s(ctx, 30) == pytest.approx(1.006)
    assert finishing_reserve_s(ctx, 5) == pytest.approx(0.5)


def test_the_finishing_reserve_doubles_with_drivers_breaks(tiny: Problem) -> None:
    pause = {"window": {"start": "10:00", "end": "11:00"}, "duration_min": 30}
    vehicle = tiny.vehicles[0].model_validate(tiny.vehicles[0].model_dump() | {"breaks": [pause]})
    ctx = Context(tiny.model_copy(update={"vehicles": [vehicle]}))
    assert finishing_reserve_s(ctx, 30) == pytest.approx(2.012)
    assert finishing_reserve_s(ctx, 5) == pytest.approx(0.5)


def test_a_fresh_day_is_searched_repaired_and_checked(tiny: Problem) -> None:
    plan, evaluation = solve(tiny, "pyvrp", QUICK)
    assert plan.solver is not None and plan.solver.backend == "pyvrp"
    assert evaluation.feasible and check_plan(tiny, plan).feasible
    assert plan.kpis.pickups_served == 1 and plan.kpis.deliveries_served == 1
    assert plan.objective.total_eur == pytest.approx(evaluation.objective.total_eur)


def test_a_day_under_way_goes_through_the_same_call_in_two_stages(tiny: Problem) -> None:
    state = DayProgress.model_validate(
        {
            "time": "08:10",
            "done": ["P1"],
            "vehicles": [{"vehicle": "V1", "site": "S", "on_board": ["D1"]}],
        }
    )
    day = in_day_problem(tiny, state)
    plan, evaluation = solve(day, "pyvrp", QUICK)
    assert plan.solver is not None and plan.solver.backend.startswith("in-day→")
    assert evaluation.feasible and check_plan(day, plan).feasible
    assert plan.sequences()[0].trips == (("D1",),)
