"""Workload balance: with the setting on, the spread of a day's route durations drops."""

from __future__ import annotations

import datetime as dt
from typing import Any

from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import RouteSequence
from optimizer.week.balance import balance_day, balance_week, spread_h
from optimizer.week.solve_days import DaySettings, solve_day
from tests.week.weeks import _site


def _unbalanced_day() -> Problem:
    """Six long stops east, one west, two vans: the cheapest split is very uneven."""
    sites: list[dict[str, Any]] = [
        {**_site("depot", "depot", 0, 0), "time_windows": []},
        *[{**_site(f"east-{i}", "partner", i * 0.5, 10), "service_min": 35} for i in range(6)],
        {**_site("west", "partner", 0, -10), "service_min": 35},
    ]
    for site in sites:
        site["time_windows"] = []
    van = {"depot": "depot", "shift_start": "07:00", "shift_end": "12:00",
           "capacity_kg": {"ambient": 1000}, "cost_per_km": 0.3, "cost_per_hour": 5}  # fmt: skip
    lot = {"category": "dry_groceries", "temperature": "ambient", "kg": 20, "date_kind": "DDM",
           "date": "2025-09-01"}  # fmt: skip
    deliveries = [
        {"id": f"d-{s['id']}", "site": s["id"], "lots": [{**lot, "id": f"lot-{s['id']}"}]}
        for s in sites[1:]
    ]
    return Problem.model_validate(
        {
            "date": "2025-06-02",
            "sites": sites,
            "deliveries": deliveries,
            "vehicles": [{**van, "id": "v1"}, {**van, "id": "v2"}],
        }
    )


def _durations(problem: Problem, sequences: list[RouteSequence]) -> list[int]:
    ctx = Context(problem)
    from optimizer.check import evaluate_route

    return [evaluate_route(ctx, s).route.duration_s for s in sequences if s.jobs]


def test_balance_on_lowers_the_spread_of_route_durations() -> None:
    problem = _unbalanced_day()
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
    problem = _unbalanced_day()
    ctx = Context(problem)
    routes = [RouteSequence("v1", (("d-east-0", "d-east-1"),)), RouteSequence("v2", ((),))]
    assert balance_day(ctx, routes, 0.0) == routes
    assert balance_day(ctx, routes, 100.0) == routes


def test_balance_week_gives_the_long_route_to_the_driver_with_fewer_hours() -> None:
    problem = _unbalanced_day()
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
