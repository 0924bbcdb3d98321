"""A day's workload balance, as ``foodroute plan`` runs it: the setting, its share of the
budget, and what it may never do (break a constraint, empty a route, overrun the deadline)."""

from __future__ import annotations

import time

from optimizer.backends.base import SolveOptions
from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.solving.solve import balance_share_s, solve
from optimizer.solving.workload import balance_day, spread_h
from tests.week.weeks import unbalanced_day

# Deterministic: 500 iterations, under a minute no machine reaches on this small day.
OPTIONS = SolveOptions(time_limit_s=60, seed=1, max_iterations=500)


def with_balance(problem: Problem, weight: float) -> Problem:
    settings = problem.settings.model_copy(update={"balance_eur_per_hour": weight})
    return problem.model_copy(update={"settings": settings})


def test_the_balance_setting_lowers_the_spread_of_the_day_s_routes() -> None:
    off, _ = solve(unbalanced_day(), "pyvrp", OPTIONS)
    balanced = with_balance(unbalanced_day(), 40)
    on, evaluation = solve(balanced, "pyvrp", OPTIONS)
    spread_off = spread_h([route.duration_s for route in off.routes])
    spread_on = spread_h([route.duration_s for route in on.routes])
    assert len(off.routes) == len(on.routes) == 2
    assert spread_off > 1.5 and spread_on < spread_off - 1.0
    assert on.kpis.distance_km >= off.kpis.distance_km  # its price: more kilometres
    assert evaluation.feasible and check_plan(balanced, on).feasible


def test_the_balance_has_a_share_of_the_budget_only_when_it_is_on() -> None:
    ctx = Context(unbalanced_day())
    assert balance_share_s(ctx, 30) == 0
    on = Context(with_balance(unbalanced_day(), 40))
    assert balance_share_s(on, 30) == 3.0 and balance_share_s(on, 300) == 10.0


def test_a_deadline_already_passed_moves_nothing() -> None:
    problem = with_balance(unbalanced_day(), 40)
    ctx = Context(problem)
    east = tuple(f"d-east-{i}" for i in range(6))
    routes = [RouteSequence("v1", (east,)), RouteSequence("v2", (("d-west",),))]
    assert balance_day(ctx, routes, 40, deadline=time.monotonic() - 1) == routes
    moved = balance_day(ctx, routes, 40)
    assert moved != routes and len(moved[0].jobs) < len(east)
