"""Planning the rest of a day that has started: vehicles on the road, goods on board.

The backends plan routes that leave a depot; a vehicle re-planned at 11:00 is somewhere on the
road, carrying the food it picked up and the goods of the deliveries it has not made yet. Its
route is planned in two stages, each judged by the checker:

1. **Finish the current trip.** The goods on board can only be delivered by that vehicle, and
   it cannot deliver anything else before it has been back to the depot to load it. Its
   on-board deliveries are sequenced from where it is (cheapest feasible insertion, then
   moves of one stop while they pay), and the trip ends at the depot.
2. **The rest of the day.** Each vehicle is then at its depot, from the time it gets there:
   an ordinary problem for any backend, with the trips used by stage 1 taken off its reloads,
   duration and distance, and the breaks it took off its breaks.

The two are joined (the first trip, then the backend's trips), optional pickups that pay are
added anywhere they fit — including on the way back to the depot — and the whole plan is
evaluated on the in-day problem, so the checker verifies the start position, time and load.
Given the rest of the morning's plan as ``initial_routes`` ("carry on as planned"), the re-plan
keeps whichever of the two the checker ranks first, so it is never worse than not re-planning.
"""

from __future__ import annotations

import dataclasses
import time

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import RouteEvaluation, evaluate_route, rank
from optimizer.context import Context
from optimizer.model import Problem, Vehicle
from optimizer.plan import BackendResult, RouteSequence
from optimizer.solving.insertion import insert_profitable, insert_required


def needs_in_day(problem: Problem) -> bool:
    """Whether some vehicle starts on the road (a re-plan during the day)."""
    return any(vehicle.starts_away for vehicle in problem.vehicles)


def _trip_cost(evaluation: RouteEvaluation) -> tuple[int, float]:
    """Violations first, then euros: the order in which stage 1 compares sequences."""
    return (
        len(evaluation.violations),
        evaluation.distance_eur + evaluation.time_eur + evaluation.fixed_eur,
    )


def _evaluate_first_trip(ctx: Context, vehicle: Vehicle, trip: list[str]) -> RouteEvaluation:
    """The current trip alone, from where the vehicle is to its end depot."""
    return evaluate_route(ctx, RouteSequence(vehicle.id, (tuple(trip),)))


def back_at_depot(ctx: Context, vehicle: Vehicle, evaluation: RouteEvaluation) -> int:
    """When the vehicle is back at its (reload) depot after the current trip."""
    last = evaluation.route.stops[-2]
    return last.departure + ctx.matrix_for(vehicle.id).duration(last.site, vehicle.depot)


def _feasible_prefix_order(ctx: Context, vehicle: Vehicle) -> list[str]:
    """The on-board deliveries in the order given, skipping any that would break the trip."""
    trip: list[str] = []
    for job in vehicle.on_board:
        if not _evaluate_first_trip(ctx, vehicle, [*trip, job]).violations:
            trip.append(job)
    return trip


def _insert_rest(ctx: Context, vehicle: Vehicle, trip: list[str]) -> list[str]:
    """Each on-board delivery not in ``trip`` where it adds least, if it fits anywhere."""
    pending = sorted(
        (job for job in vehicle.on_board if job not in trip), key=lambda job: -ctx.food[job].kg
    )
    for job in pending:
        best: tuple[tuple[int, float], list[str]] | None = None
        for position in range(len(trip) + 1):
            candidate = [*trip[:position], job, *trip[position:]]
            cost = _trip_cost(_evaluate_first_trip(ctx, vehicle, candidate))
            if cost[0] == 0 and (best is None or cost < best[0]):
                best = (cost, candidate)
        if best is not None:
            trip = best[1]
    return trip


def _relocate(ctx: Context, vehicle: Vehicle, trip: list[str]) -> list[str]:
    """Move single stops while a move lowers the cost (first improvement)."""
    current = _trip_cost(_evaluate_first_trip(ctx, vehicle, trip))
    improved = True
    while improved:
        improved = False
        for index in range(len(trip)):
            rest = trip[:index] + trip[index + 1 :]
            for position in range(len(rest) + 1):
                candidate = [*rest[:position], trip[index], *rest[position:]]
                cost = _trip_cost(_evaluate_first_trip(ctx, vehicle, candidate))
                if cost < current:
                    trip, current, improved = candidate, cost, True
                    break
            if improved:
                break
    return trip


def first_trip(ctx: Context, vehicle: Vehicle) -> list[str]:
    """The on-board deliveries of ``vehicle`` in an order that breaks nothing and costs little.

    Two starts: the order given (the driver's current sheet, usually still good) and cheapest
    insertion from scratch; each completed by inserting what is missing where it adds least,
    then improved by moving single stops. The one serving more, then costing less, is kept;
    a delivery that fits nowhere is left out and reported by the checker.
    """
    starts = [_feasible_prefix_order(ctx, vehicle), []]
    best: tuple[tuple[int, float], list[str]] | None = None
    for start in starts:
        trip = _relocate(ctx, vehicle, _insert_rest(ctx, vehicle, start))
        violations, cost = _trip_cost(_evaluate_first_trip(ctx, vehicle, trip))
        key = (violations - len(trip), cost)
        if best is None or key < best[0]:
            best = (key, trip)
    assert best is not None
    return best[1]


def _net_value(evaluation: RouteEvaluation) -> tuple[int, float]:
    """Violations first, then cost minus the value of the food moved (lower is better)."""
    cost = evaluation.distance_eur + evaluation.time_eur + evaluation.fixed_eur
    return len(evaluation.violations), cost - evaluation.route.value_eur


def _better_first_trip(
    ctx: Context, vehicle: Vehicle, on_board_only: list[str], planned: list[str] | None
) -> list[str]:
    """The planned current trip (with its pickups) if it serves every delivery on board and
    nets more than delivering them alone, else the on-board deliveries alone."""
    if planned is None or not set(on_board_only) <= set(planned):
        return on_board_only
    alone = _net_value(_evaluate_first_trip(ctx, vehicle, on_board_only))
    as_planned = _net_value(_evaluate_first_trip(ctx, vehicle, planned))
    return planned if as_planned < alone else on_board_only


def _rest_of_day_vehicle(
    vehicle: Vehicle, back: int, evaluation: RouteEvaluation
) -> Vehicle | None:
    """The vehicle as stage 2 sees it: at its depot when stage 1 brings it back, or None."""
    if vehicle.max_reloads == 0 or back >= vehicle.shift_end:
        return None
    spent_min = (back - evaluation.route.start) / 60
    duration = None
    if vehicle.max_duration_min is not None:
        duration = vehicle.max_duration_min - spent_min
        if duration <= 0:
            return None
    distance = None
    if vehicle.max_distance_km is not None:
        distance = vehicle.max_distance_km - evaluation.route.distance_m / 1000
        if distance <= 0:
            return None
    taken = {pause.id for pause in evaluation.route.breaks if pause.start < back}
    breaks = []
    for break_id, pause in zip(vehicle.break_ids(), vehicle.breaks, strict=True):
        if break_id in taken or pause.window.end < back:
            continue
        window = pause.window.model_copy(update={"start": max(pause.window.start, back)})
        breaks.append(pause.model_copy(update={"id": break_id, "window": window}))
    return Vehicle.model_validate(
        vehicle.model_dump()
        | {
            "start_site": None,
            "initial_load_kg": {},
            "on_board": [],
            "shift_start": back,
            "max_reloads": vehicle.max_reloads - 1,
            "max_duration_min": duration,
            "max_distance_km": distance,
            "breaks": breaks,
        }
    )


def rest_of_day(problem: Problem, first_trips: dict[str, list[str]], ctx: Context) -> Problem:
    """Stage 2's problem: every vehicle at its depot, the jobs stage 1 did not take."""
    taken = {job for trip in first_trips.values() for job in trip}
    carried = {job for vehicle in problem.vehicles for job in vehicle.on_board}
    vehicles = []
    for vehicle in problem.vehicles:
        if not vehicle.starts_away:
            vehicles.append(vehicle)
            continue
        evaluation = _evaluate_first_trip(ctx, vehicle, first_trips[vehicle.id])
        back = back_at_depot(ctx, vehicle, evaluation)
        later = _rest_of_day_vehicle(vehicle, back, evaluation)
        if later is not None:
            vehicles.append(later)
    gone = taken | carried  # goods on board that could not be delivered stay out
    return problem.model_copy(
        update={
            "vehicles": vehicles,
            "deliveries": [d for d in problem.deliveries if d.id not in gone],
        }
    )


def search_in_day(
    ctx: Context,
    backend: str,
    options: SolveOptions,
    on_progress: ProgressCallback | None = None,
) -> BackendResult:
    """The routes of the rest of the day for vehicles on the road (see the module's stages).

    The search step of :func:`optimizer.solving.solve.solve` for a day under way: its routes,
    repaired, are then assembled and checked as any backend's.
    """
    problem = ctx.problem
    started = time.monotonic()
    deadline = options.fixed_deadline()
    away = [vehicle for vehicle in problem.vehicles if vehicle.starts_away]
    planned = {route.vehicle: list(route.trips[0]) for route in options.initial_routes}
    first_trips = {
        vehicle.id: _better_first_trip(
            ctx, vehicle, first_trip(ctx, vehicle), planned.get(vehicle.id)
        )
        for vehicle in away
    }
    rest = rest_of_day(problem, first_trips, ctx)
    later: dict[str, list[tuple[str, ...]]] = {}
    iterations = 0
    if rest.vehicles and (rest.pickups or rest.deliveries or rest.shipments):
        rest_ctx = Context(rest, ctx.matrix)
        # The rest of the day is a fresh search: the same budget (deadline, iterations, stop),
        # not the warm start, whose first trips are already fixed above.
        result = get_backend(backend).solve(
            rest_ctx, dataclasses.replace(options.until(deadline), initial_routes=()), on_progress
        )
        iterations = result.iterations
        for sequence in insert_required(rest_ctx, [s for s in result.routes if s.jobs]):
            later[sequence.vehicle] = [trip for trip in sequence.trips if trip]
    routes = []
    for vehicle in problem.vehicles:
        trips = later.get(vehicle.id, [])
        if vehicle.starts_away:
            trips = [tuple(first_trips[vehicle.id]), *trips]
        if any(trips):
            routes.append(RouteSequence(vehicle.id, tuple(trips)))
    routes = insert_profitable(ctx, insert_required(ctx, routes))
    name = f"in-day→{backend}"
    if options.initial_routes:
        baseline = insert_profitable(ctx, insert_required(ctx, list(options.initial_routes)))
        if rank(ctx, baseline) < rank(ctx, routes):
            routes, name = baseline, "in-day→as planned"
    return BackendResult(
        backend=name,
        routes=routes,
        runtime_s=time.monotonic() - started,
        iterations=iterations,
    )
