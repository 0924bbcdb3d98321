"""Workload balance: with the setting on, the spread of a day's route durations drops."""

from __future__ import annotations

import datetime as dt

from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.week.balance import balance_day, balance_week, spread_h
from optimizer.week.solve_days import DaySettings, solve_day
from tests.week.weeks import unbalanced_day


def _durations(problem: Problem, sequences: list[RouteSequence]) -> list[int]:
    ctx = Context(problem)
    from optimizer.check import evaluate_route

    return [evaluate_route(ctx, s).route.duration_s for s in sequences if s.jobs]


def test_balance_on_lowers_the_spread_of_route_durations() -> None:
    problem = unbalanced_day()
    off = solve_day(
        problem, DaySettings(time_limit_s=30, balance_eur_per_hour=0, max_iterations=500)
    )
    on = solve_day(
        problem, DaySettings(time_limit_s=30, balance_eur_per_hour=40, max_iterations=500)
    )
    assert off.ok and on.ok
    spread_off = spread_h([r.duration_s for r in off.plan.routes])
    spread_on = spread_h([r.duration_s for r in on.plan.routes])
    assert len(off.plan.routes) == 2  # six 35-minute stops and the drives do not fit one shift
    assert spread_off > 1.5
    assert spread_on < spread_off - 1.0
    # The price: more kilometres, never a broken constraint.
    assert on.plan.kpis.distance_km >= off.plan.kpis.distance_km
    assert check_plan(problem, on.plan).feasible


def test_balance_off_or_one_route_changes_nothing() -> None:
    problem = unbalanced_day()
    ctx = Context(problem)
    routes = [RouteSequence("v1", (("d-east-0", "d-east-1"),)), RouteSequence("v2", ((),))]
    assert balance_day(ctx, routes, 0.0) == routes
    assert balance_day(ctx, routes, 100.0) == routes


def test_balance_week_gives_the_long_route_to_the_driver_with_fewer_hours() -> None:
    problem = unbalanced_day()
    ctx = Context(problem)
    long_route = RouteSequence("v1", (tuple(f"d-east-{i}" for i in range(4)),))
    short_route = RouteSequence("v2", (("d-west",),))
    monday, tuesday = dt.date(2025, 6, 2), dt.date(2025, 6, 3)
    days = {monday: [long_route, short_route], tuesday: [long_route, short_route]}
    contexts = {monday: ctx, tuesday: ctx}
    drivers = {"v1": "Marie", "v2": "Jean"}
    balanced = balance_week(contexts, days, drivers.__getitem__, ["Jean", "Marie"], 20.0)
    hours = {}
    for _day, sequences in balanced.items():
        for sequence, duration in zip(sequences, _durations(problem, sequences), strict=True):
            hours[drivers[sequence.vehicle]] = hours.get(drivers[sequence.vehicle], 0) + duration
        assert sorted(s.jobs[0] for s in sequences) == ["d-east-0", "d-west"]
    assert abs(hours["Marie"] - hours["Jean"]) < 60  # one long and one short route each
