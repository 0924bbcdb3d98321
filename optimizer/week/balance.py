"""Workload balance: shorten the longest route of a day, even out the drivers' hours of a week.

Neither PyVRP nor our OR-Tools model can put a cost on the longest route or on the spread of
route durations (a min-max objective), so balance is a post-pass on the engine's routes, judged
by the checker:

- :func:`balance_day` moves one stop at a time from the day's longest route to the position of
  another route where it costs least, while ``travel cost + weight × spread`` drops (spread: the
  longest minus the shortest route driven that day, hours) and both routes stay feasible. A
  route is never emptied, so the spread cannot shrink by sending a driver home.
- :func:`balance_week` gives a day's routes to the drivers with fewer hours so far that week:
  two vehicles of that day swap their routes when both stay feasible (same compartments, hours,
  skills) and the week's spread of drivers' hours drops more than the cost rises × weight.

Off (weight 0) both return the routes unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from optimizer.check import evaluate_route
from optimizer.context import Context
from optimizer.plan import RouteSequence

MAX_MOVES = 60
"""Stop moves per day at most: each is one stop; a day of ~80 stops needs far fewer."""


@dataclass(frozen=True)
class RouteCost:
    feasible: bool
    cost_eur: float
    duration_s: int


def route_cost(ctx: Context, sequence: RouteSequence) -> RouteCost:
    evaluation = evaluate_route(ctx, sequence)
    return RouteCost(
        not evaluation.violations, evaluation.route.cost_eur, evaluation.route.duration_s
    )


def spread_h(durations: list[int]) -> float:
    """Longest minus shortest of the routes driven (durations in seconds), hours."""
    driven = [d for d in durations if d > 0]
    return (max(driven) - min(driven)) / 3600 if len(driven) > 1 else 0.0


def _insertions(sequence: RouteSequence, job: str) -> list[RouteSequence]:
    """Every sequence with ``job`` inserted at one position of one trip."""
    found = []
    for t, trip in enumerate(sequence.trips):
        for position in range(len(trip) + 1):
            new_trip = (*trip[:position], job, *trip[position:])
            trips = (*sequence.trips[:t], new_trip, *sequence.trips[t + 1 :])
            found.append(RouteSequence(sequence.vehicle, trips))
    return found


def _without(sequence: RouteSequence, job: str) -> RouteSequence:
    trips = tuple(tuple(j for j in trip if j != job) for trip in sequence.trips)
    kept = tuple(t for t in trips if t) or ((),)
    return RouteSequence(sequence.vehicle, kept)


def _score(costs: dict[str, RouteCost], weight: float) -> float:
    return sum(c.cost_eur for c in costs.values()) + weight * spread_h(
        [c.duration_s for c in costs.values()]
    )


def balance_day(
    ctx: Context,
    sequences: list[RouteSequence],
    weight_eur_per_h: float,
    max_moves: int = MAX_MOVES,
) -> list[RouteSequence]:
    """The day's routes with stops moved off the longest route while the score drops."""
    routes = {s.vehicle: s for s in sequences if s.jobs}
    if weight_eur_per_h <= 0 or len(routes) < 2:
        return sequences
    costs = {v: route_cost(ctx, s) for v, s in routes.items()}
    if not all(c.feasible for c in costs.values()):
        return sequences
    for _ in range(max_moves):
        move = _best_move(ctx, routes, costs, weight_eur_per_h)
        if move is None:
            break
        for sequence, cost in move:
            routes[sequence.vehicle] = sequence
            costs[sequence.vehicle] = cost
    unused = [s for s in sequences if not s.jobs]
    return [*routes.values(), *unused]


def _best_move(
    ctx: Context,
    routes: dict[str, RouteSequence],
    costs: dict[str, RouteCost],
    weight: float,
) -> list[tuple[RouteSequence, RouteCost]] | None:
    """The stop move off the longest route that lowers the score most, if any does."""
    current = _score(costs, weight)
    longest = max(costs, key=lambda v: (costs[v].duration_s, v))
    source = routes[longest]
    if len(source.jobs) < 2:
        return None
    best: tuple[float, list[tuple[RouteSequence, RouteCost]]] | None = None
    for job in dict.fromkeys(source.jobs):
        shorter = _without(source, job)
        shorter_cost = route_cost(ctx, shorter)
        if not shorter_cost.feasible:
            continue
        for vehicle, target in routes.items():
            if vehicle == longest:
                continue
            for candidate in _insertions(target, job):
                cost = route_cost(ctx, candidate)
                if not cost.feasible:
                    continue
                trial = {**costs, longest: shorter_cost, vehicle: cost}
                score = _score(trial, weight)
                if score < current - 1e-6 and (best is None or score < best[0]):
                    best = (score, [(shorter, shorter_cost), (candidate, cost)])
    return None if best is None else best[1]


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
