"""Plans that respect the time-on-board limits, which no backend can express.

PyVRP and OR-Tools know nothing of how long a lot has been on board (PyVRP #1097, VROOM
#703/#1241 ask for it), so the limit is enforced after the search, judged by the checker: a route
that keeps a lot too long goes back to the depot to unload in the middle of its trip (the trip
is split by a reload) while the vehicle may reload; what still breaks the limit is then taken
out by :func:`optimizer.solving.repair.drop_violations`, and the insertions that follow accept
only routes the checker accepts. A pickup left out because no route can bring it back in time
gets the reason ``time_on_board`` when it would fit without the limit (:func:`without_limits`,
asked by :mod:`optimizer.solving.assemble`).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from optimizer.check import Code, Violation, evaluate_route
from optimizer.check.on_board import vehicle_limits
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import RouteSequence


def split_for_time_on_board(ctx: Context, sequences: list[RouteSequence]) -> list[RouteSequence]:
    """Each route that keeps a lot on board too long, with reloads added where they help."""
    return [_split_route(ctx, sequence) for sequence in sequences]


def _split_route(ctx: Context, sequence: RouteSequence) -> RouteSequence:
    """Add one reload at a time while it keeps a lot on board too long and may reload.

    Each time the cut that leaves the fewest lots over their limit, then the cheapest, and only
    a cut that breaks nothing else the route did not already break: a later return that misses
    a window would cost a required stop. A vehicle without a reload left may still move one of
    its returns to the depot (two trips joined, then cut elsewhere).
    """
    vehicle = ctx.vehicles.get(sequence.vehicle)
    if vehicle is None or not sequence.jobs or not vehicle_limits(ctx, vehicle):
        return sequence
    over, other = _counts(evaluate_route(ctx, sequence).violations)
    while over:
        best: tuple[int, float, RouteSequence] | None = None
        may_reload = len(sequence.trips) <= vehicle.max_reloads
        candidates = _splits(ctx, sequence) if may_reload else []
        for candidate in candidates + _moved_reloads(ctx, sequence):
            evaluation = evaluate_route(ctx, candidate)
            still, broken = _counts(evaluation.violations)
            if broken > other or still >= over:
                continue
            key = (still, evaluation.route.cost_eur, candidate)
            if best is None or key[:2] < best[:2]:
                best = key
        if best is None:
            break
        over, sequence = best[0], best[2]
    return sequence


def _counts(violations: list[Violation]) -> tuple[int, int]:
    """Lots over their limit, and every other violation."""
    over = sum(1 for v in violations if v.code is Code.TIME_ON_BOARD)
    return over, len(violations) - over


def _splits(ctx: Context, sequence: RouteSequence, only: int | None = None) -> list[RouteSequence]:
    """The route with one trip (or trip ``only``) cut in two by a return to the depot, at every
    cut possible.

    Never between the two ends of a shipment: its food never passes through the depot.
    """
    found = []
    for index, trip in enumerate(sequence.trips):
        if only is not None and index != only:
            continue
        open_shipments: set[str] = set()
        for position in range(1, len(trip)):
            open_shipments ^= {trip[position - 1]} & ctx.shipments.keys()
            if open_shipments:
                continue
            trips = (*sequence.trips[:index], trip[:position], trip[position:])
            found.append(RouteSequence(sequence.vehicle, trips + sequence.trips[index + 1 :]))
    return found


def _moved_reloads(ctx: Context, sequence: RouteSequence) -> list[RouteSequence]:
    """The route with one of its returns to the depot moved: two trips joined, then cut again."""
    found: list[RouteSequence] = []
    for index in range(len(sequence.trips) - 1):
        joined = (sequence.trips[index] + sequence.trips[index + 1],)
        merged = RouteSequence(
            sequence.vehicle, sequence.trips[:index] + joined + sequence.trips[index + 2 :]
        )
        found.extend(cut for cut in _splits(ctx, merged, only=index) if cut != sequence)
    return found


_RELAXED: WeakKeyDictionary[Context, Context] = WeakKeyDictionary()


def without_limits(ctx: Context) -> Context:
    """The same day and matrix with no time-on-board limit: what the limit alone prevents.

    Built once per context: every job left out asks it.
    """
    relaxed = _RELAXED.get(ctx)
    if relaxed is None:
        problem = ctx.problem
        settings = problem.settings.model_copy(update={"max_on_board_min": {}})
        free: Problem = problem.model_copy(update={"settings": settings})
        relaxed = _RELAXED[ctx] = Context(free, ctx.matrix)
    return relaxed


def largest_limit_min(ctx: Context, job_id: str) -> int | None:
    """The most lenient limit on any of the job's lots over the vehicles, minutes, or None."""
    classes = {lot.temperature for lot in ctx.food[job_id].lots}
    limits = [
        limit
        for vehicle in ctx.problem.vehicles
        for klass, limit in vehicle_limits(ctx, vehicle).items()
        if klass in classes
    ]
    return max(limits) // 60 if limits else None
