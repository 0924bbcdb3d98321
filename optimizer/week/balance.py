"""Workload balance over a week: even out the drivers' hours.

A day's own balance (shorten its longest route) is
:func:`optimizer.solving.workload.balance_day`, re-exported here. :func:`balance_week` gives a
day's routes to the drivers with fewer hours so far that week: two vehicles of that day swap
their routes when both stay feasible (same compartments, hours, skills) and the week's spread of
drivers' hours drops more than the cost rises × weight. Off (weight 0) it returns the routes
unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from optimizer.context import Context
from optimizer.plan import RouteSequence
from optimizer.solving.workload import RouteCost, balance_day, route_cost, spread_h

__all__ = ["balance_day", "balance_week", "driver_hours", "spread_h"]

DayRoutes = dict[dt.date, list[RouteSequence]]


def driver_hours(
    contexts: dict[dt.date, Context],
    days: DayRoutes,
    driver_of: Callable[[str], str],
) -> dict[str, float]:
    """Hours each driver drives over the week, from the checker's route durations."""
    hours: dict[str, float] = {}
    for day, sequences in days.items():
        for sequence in sequences:
            if sequence.jobs:
                duration = route_cost(contexts[day], sequence).duration_s / 3600
                name = driver_of(sequence.vehicle)
                hours[name] = hours.get(name, 0.0) + duration
    return hours


def balance_week(
    contexts: dict[dt.date, Context],
    days: DayRoutes,
    driver_of: Callable[[str], str],
    drivers: list[str],
    weight_eur_per_h: float,
) -> DayRoutes:
    """Swap routes between a day's vehicles so that drivers' weekly hours even out."""
    if weight_eur_per_h <= 0:
        return days
    result = {day: list(sequences) for day, sequences in days.items()}
    for day in sorted(result):
        ctx = contexts[day]
        improved = True
        while improved:
            improved = _swap_once(ctx, result, day, driver_of, drivers, weight_eur_per_h, contexts)
    return result


def _week_spread(hours: dict[str, float], drivers: list[str]) -> float:
    values = [hours.get(d, 0.0) for d in drivers]
    return max(values) - min(values) if values else 0.0


def _swap_once(
    ctx: Context,
    result: DayRoutes,
    day: dt.date,
    driver_of: Callable[[str], str],
    drivers: list[str],
    weight: float,
    contexts: dict[dt.date, Context],
) -> bool:
    """Apply the best improving swap of two vehicles' routes on ``day``; False if none."""
    by_vehicle = {s.vehicle: s for s in result[day]}
    for vehicle in ctx.problem.vehicles:
        by_vehicle.setdefault(vehicle.id, RouteSequence(vehicle.id, ((),)))
    hours = driver_hours(contexts, result, driver_of)
    spread = _week_spread(hours, drivers)
    costs = {
        v: route_cost(ctx, s) if s.jobs else RouteCost(True, 0.0, 0) for v, s in by_vehicle.items()
    }
    best: tuple[float, list[RouteSequence]] | None = None
    names = sorted(by_vehicle)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if not by_vehicle[a].jobs and not by_vehicle[b].jobs:
                continue
            swapped_a = RouteSequence(a, by_vehicle[b].trips)
            swapped_b = RouteSequence(b, by_vehicle[a].trips)
            new_a = route_cost(ctx, swapped_a) if swapped_a.jobs else RouteCost(True, 0.0, 0)
            new_b = route_cost(ctx, swapped_b) if swapped_b.jobs else RouteCost(True, 0.0, 0)
            if not (new_a.feasible and new_b.feasible):
                continue
            trial = dict(hours)
            for changed, old, new in ((a, costs[a], new_a), (b, costs[b], new_b)):
                name = driver_of(changed)
                trial[name] = trial.get(name, 0.0) + (new.duration_s - old.duration_s) / 3600
            extra = new_a.cost_eur + new_b.cost_eur - costs[a].cost_eur - costs[b].cost_eur
            gain = weight * (spread - _week_spread(trial, drivers)) - extra
            if gain > 1e-6 and (best is None or gain > best[0]):
                best = (gain, [swapped_a, swapped_b])
    if best is None:
        return False
    by_vehicle.update({s.vehicle: s for s in best[1]})
    result[day] = [s for s in by_vehicle.values() if s.jobs]
    return True
