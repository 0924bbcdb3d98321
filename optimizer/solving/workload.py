"""Workload balance of a day: shorten the longest route while the day's score drops.

Neither PyVRP nor our OR-Tools model can put a cost on the longest route or on the spread of
route durations (a min-max objective), so balance is a post-pass on the engine's routes, judged
by the checker: :func:`balance_day` moves one stop at a time from the day's longest route to the
position of another route where it costs least, while ``travel cost + weight × spread`` drops
(spread: the longest minus the shortest route driven that day, hours) and both routes stay
feasible. A route is never emptied, so the spread cannot shrink by sending a driver home.

Used by a day's solve (``settings.balance_eur_per_hour``, :mod:`optimizer.solving.solve`) and by
the week (:mod:`optimizer.week.balance`). Off (weight 0) it returns the routes unchanged; with a
deadline it stops moving stops once the deadline is reached, each move already made kept.
"""

from __future__ import annotations

import time
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
    deadline: float | None = None,
) -> list[RouteSequence]:
    """The day's routes with stops moved off the longest route while the score drops.

    ``deadline``: the ``time.monotonic()`` instant after which no further move is searched.
    """
    routes = {s.vehicle: s for s in sequences if s.jobs}
    if weight_eur_per_h <= 0 or len(routes) < 2:
        return sequences
    costs = {v: route_cost(ctx, s) for v, s in routes.items()}
    if not all(c.feasible for c in costs.values()):
        return sequences
    for _ in range(max_moves):
        if deadline is not None and time.monotonic() >= deadline:
            break
        move = _best_move(ctx, routes, costs, weight_eur_per_h, deadline)
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
    deadline: float | None = None,
) -> list[tuple[RouteSequence, RouteCost]] | None:
    """The stop move off the longest route that lowers the score most, if any does.

    At ``deadline`` the search for it ends with the best move found so far.
    """
    current = _score(costs, weight)
    longest = max(costs, key=lambda v: (costs[v].duration_s, v))
    source = routes[longest]
    if len(source.jobs) < 2:
        return None
    best: tuple[float, list[tuple[RouteSequence, RouteCost]]] | None = None
    for job in dict.fromkeys(source.jobs):
        if deadline is not None and time.monotonic() >= deadline:
            break
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
