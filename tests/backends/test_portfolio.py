"""``backend=auto``: parallel searches, the best plan by our checker, within the budget."""

from __future__ import annotations

import time

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.backends.portfolio import RESTART_MAX_STOPS, Member, PortfolioBackend, members_for
from optimizer.check import check_plan, evaluate
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import Improvement
from optimizer.read.documents import parse_problem
from optimizer.solving.solve import solve


def ring_day(stops: int = 12) -> Problem:
    """A depot and ``stops`` partners on a ring around Dijon, two trucks, morning windows."""
    import math

    sites = [{"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.05, "service_min": 10}]
    deliveries = []
    for i in range(stops):
        angle = 2 * math.pi * i / stops
        sites.append(
            {
                "id": f"a{i}",
                "kind": "partner",
                "lat": 47.35 + 0.1 * math.sin(angle),
                "lon": 5.05 + 0.15 * math.cos(angle),
                "time_windows": [{"start": "08:00", "end": "12:00"}],
            }
        )
        deliveries.append(
            {
                "id": f"d{i}",
                "site": f"a{i}",
                "lots": [
                    {
                        "id": f"l{i}",
                        "category": "dry_groceries",
                        "temperature": "ambient",
                        "kg": 100 + 10 * i,
                    }
                ],
            }
        )
    vehicles = [
        {
            "id": f"T{n}",
            "depot": "depot",
            "shift_start": "07:00",
            "shift_end": "14:00",
            "capacity_kg": {"ambient": 1200},
            "cost_per_km": 0.8,
            "cost_per_hour": 20,
            "fixed_cost": 25,
        }
        for n in (1, 2)
    ]
    return parse_problem(
        {
            "date": "2025-03-10",
            "sites": sites,
            "vehicles": vehicles,
            "deliveries": deliveries,
        }
    )


def test_members_are_a_steady_and_a_restarting_pyvrp_search_without_breaks() -> None:
    ctx = Context(ring_day(4))
    assert members_for(ctx) == [Member("pyvrp", 0), Member("pyvrp", 1, rounds=2)]
    assert members_for(ctx, workers=3, rounds=4) == [
        Member("pyvrp", 0),
        Member("pyvrp", 1, rounds=4),
        Member("pyvrp", 2, rounds=4),
    ]


def test_workers_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="workers < 1"):
        PortfolioBackend(workers=0)


def test_auto_returns_the_best_checked_plan_within_its_budget() -> None:
    problem = ring_day()
    seen: list[Improvement] = []
    started = time.monotonic()
    plan, evaluation = solve(
        problem, "auto", SolveOptions(time_limit_s=2.0, seed=5), on_progress=seen.append
    )
    elapsed = time.monotonic() - started
    assert evaluation.feasible and check_plan(problem, plan).violations == []
    assert plan.solver is not None and plan.solver.backend.startswith("auto(pyvrp#0+pyvrp#1×2)")
    # Improvements are reported from both members, only when the best improves.
    objectives = [i.objective_eur for i in seen]
    assert objectives == sorted(objectives, reverse=True)
    # PyVRP's view of the objective: €/h rounded to 10⁻⁵ € per second, so within cents.
    assert objectives[-1] == pytest.approx(plan.objective.total_eur, abs=0.5)
    # Every delivery served (1200 kg trucks, 1860 kg in all: both trucks are needed).
    assert plan.kpis.deliveries_served == 12 and plan.kpis.vehicles_used == 2
    # Wall-clock budget plus process start-up; generous, this is not a speed test.
    assert elapsed < 2.0 + 3.0


def test_auto_is_never_worse_than_its_own_first_member() -> None:
    problem = ring_day()
    ctx = Context(problem)
    options = SolveOptions(time_limit_s=1.5, seed=7)
    result = PortfolioBackend().solve(ctx, options)
    auto_objective = evaluate(ctx, result.routes).objective.total_eur
    from optimizer.backends.pyvrp_backend import PyVRPBackend

    alone = PyVRPBackend().solve(ctx, SolveOptions(time_limit_s=0.5, seed=7))
    alone_objective = evaluate(ctx, alone.routes).objective.total_eur
    # The ring's optimum is found by either search in well under a second.
    assert auto_objective <= alone_objective + 1e-6


def test_a_restarting_member_starts_each_round_from_its_best() -> None:
    """Two rounds of one member: the second is warm-started, so it can only keep or improve."""
    from optimizer.backends.portfolio import _search

    ctx = Context(ring_day(6))
    seen: list[Improvement] = []
    result = _search(
        Member("pyvrp", 1, rounds=2), ctx, SolveOptions(time_limit_s=1.0, seed=3), seen.append
    )
    assert evaluate(ctx, result.routes).feasible
    assert result.iterations > 0
    # Both rounds reported: the second round's first report is its warm start, no worse.
    feasible = [i.objective_eur for i in seen if i.feasible]
    assert feasible and min(feasible) == pytest.approx(
        evaluate(ctx, result.routes).objective.total_eur, abs=0.5
    )


def test_one_round_is_two_independent_searches() -> None:
    problem = ring_day(6)
    ctx = Context(problem)
    result = PortfolioBackend(rounds=1).solve(ctx, SolveOptions(time_limit_s=1.0, seed=2))
    assert result.backend == "auto(pyvrp#0+pyvrp#1)→pyvrp"
    assert evaluate(ctx, result.routes).feasible


def test_rounds_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="rounds < 1"):
        PortfolioBackend(rounds=0)


def test_large_days_get_two_steady_searches() -> None:
    ctx = Context(ring_day(RESTART_MAX_STOPS + 1))
    assert members_for(ctx) == [Member("pyvrp", 0), Member("pyvrp", 1)]
