"""Drivers' breaks under the PyVRP search: time kept for them in the shift, then placed exactly.

PyVRP has no breaks (and no engine has breaks and reloads together), but a break is only time:
the driver stops wherever the vehicle is, at a stop, on the road, at the depot between trips.
So the translation keeps each vehicle's breaks out of its shift: the vehicle type's latest
return and maximum duration are shorter by the breaks' total length, and PyVRP plans its trips
and reloads in what is left. The checker then places the breaks on each route by its own
dynamic programming (:mod:`optimizer.check.breaks`): where waiting absorbs a break the route
gains that time back; where a break pushes a later stop past its window, that stop is taken
out and inserted again wherever it fits (:func:`~optimizer.solving.insertion.insert_required`),
so every route the backend returns is one the checker accepts. docs/decisions/023 has the
measurements behind this choice.

A driver who cannot take the breaks at all after the first loading (a window that closes
before the depot's loading is over) gets no route: every route of that vehicle would break.
"""

from __future__ import annotations

from optimizer.check.breaks import BreakRule, can_take_all
from optimizer.context import Context
from optimizer.model import Vehicle
from optimizer.plan import RouteSequence
from optimizer.solving.insertion import best_insertion, compatible, insert_required
from optimizer.solving.repair import without_job


def break_rules(vehicle: Vehicle) -> list[BreakRule]:
    """The vehicle's breaks as the checker places them."""
    return [
        BreakRule(identifier, rule.window.start, rule.window.end, rule.duration_s)
        for identifier, rule in zip(vehicle.break_ids(), vehicle.breaks, strict=True)
    ]


def reserved_s(vehicle: Vehicle) -> int:
    """Seconds kept out of the shift for the breaks: their total length."""
    return sum(rule.duration_s for rule in vehicle.breaks)


def can_drive(ctx: Context, vehicle: Vehicle) -> bool:
    """False for a vehicle whose driver cannot take the breaks after loading, whatever the route."""
    if not vehicle.breaks:
        return True
    opens, _ = ctx.depot_hours(vehicle.depot)
    ready = max(vehicle.shift_start, opens) + ctx.depot_service_s(vehicle.depot)
    return can_take_all(ready, break_rules(vehicle))


def has_breaks(ctx: Context) -> bool:
    return any(vehicle.breaks for vehicle in ctx.problem.vehicles)


def repair_reserve_s(ctx: Context, budget_s: float) -> float:
    """Seconds the search leaves for :func:`with_breaks_placed` within its budget.

    Measured on the Dijon day with breaks (200 jobs) on a busy machine: taking out the stops
    a break made late and inserting the required ones again 0.7 s; when a required stop then
    has to take another's place, up to 2 s more. The searches of that day mostly stop on
    their own (no improvement) a few seconds before their limit, so the reserve costs little;
    never more than a tenth of the budget, so that a large day still gets its search.
    """
    if not has_breaks(ctx):
        return 0.0
    jobs = len(ctx.problem.jobs) + len(ctx.problem.shipments)
    return min(0.5 + 0.005 * jobs, 0.1 * budget_s)


def with_breaks_placed(ctx: Context, routes: list[RouteSequence]) -> list[RouteSequence]:
    """The routes once the checker has placed the breaks: stops a break makes late are moved.

    Those stops are taken out of the routes they break and the required ones inserted again
    wherever they fit, in the place of an optional stop if need be (:func:`_make_room`), so
    that the candidates a portfolio compares are all feasible; the optional food that still
    pays for its detour is added after the search, for the winner only
    (:func:`optimizer.solving.solve.solve`).
    """
    return _required_back(ctx, insert_required(ctx, [route for route in routes if route.jobs]))


def _required_left_out(ctx: Context, routes: list[RouteSequence]) -> list[str]:
    served = {job for route in routes for job in route.jobs}
    return [
        job.id
        for job in [*ctx.problem.jobs, *ctx.problem.shipments]
        if job.required and job.id not in served and ctx.food[job.id].lots
    ]


def _required_back(ctx: Context, routes: list[RouteSequence]) -> list[RouteSequence]:
    """Each required job still left out, in the place of an optional stop where one fits, else
    in the place of a nearby stop that moves to another place (:func:`_move_one_aside`)."""
    for job_id in _required_left_out(ctx, routes):
        routes = _make_room(ctx, routes, job_id) or _move_one_aside(ctx, routes, job_id) or routes
    return routes


NEARBY = 12
"""Stops nearest to a required job left out that the fallbacks try: the job's place is near
them, and trying every stop of every route costs seconds on a 200-job day."""


def _nearby(ctx: Context, routes: list[RouteSequence], job_id: str) -> list[tuple[str, int]]:
    """The pickups and deliveries nearest to ``job_id`` in the routes of vehicles that can
    carry it, with their route's index, nearest first."""
    site = ctx.sites_of(job_id)[-1]
    stops = sorted(
        (ctx.matrix.duration(site, ctx.jobs[stop].site), stop, index)
        for index, route in enumerate(routes)
        if compatible(ctx, ctx.vehicles[route.vehicle], job_id)
        for stop in dict.fromkeys(route.jobs)
        if stop in ctx.jobs and stop != job_id
    )
    return [(stop, index) for _, stop, index in stops[:NEARBY]]


def _move_one_aside(
    ctx: Context, routes: list[RouteSequence], job_id: str
) -> list[RouteSequence] | None:
    """The routes with ``job_id`` in the place of a nearby stop, that stop moved elsewhere.

    On a tight morning every route may be full in the job's window: a break took the time of
    one of its stops, and no other route has room. One of the stops nearest to the job can
    often go to another route (or elsewhere in its own) and leave its place to the job: the
    nearest stop that can wins (each try evaluates every route, so the first one found is
    kept). Shipments stay where they are.
    """
    if job_id in ctx.shipments:
        return None
    for stop, index in _nearby(ctx, routes, job_id):
        route = routes[index]
        trial = without_job(route, stop)
        into = best_insertion(ctx, [trial], job_id, vehicles=frozenset({route.vehicle}))
        if into is None:
            continue
        exchanged = [*routes[:index], into.apply([trial], job_id)[0], *routes[index + 1 :]]
        if not ctx.jobs[stop].required:
            return exchanged  # the optional stop is left out; the plan says why
        moved = best_insertion(ctx, exchanged, stop)
        if moved is not None:
            return moved.apply(exchanged, stop)
    return None


def _optional_stops(ctx: Context, route: RouteSequence) -> list[str]:
    return sorted(
        {j for j in route.jobs if not (ctx.jobs.get(j) or ctx.shipments[j]).required},
        key=lambda j: (ctx.food[j].value_eur, j),
    )


ROOM_TRIES = 3
"""Optional stops of a route tried, least valuable first, to make room for a required job."""


def _make_room(
    ctx: Context, routes: list[RouteSequence], job_id: str
) -> list[RouteSequence] | None:
    """The routes with a required job in the place of an optional stop, or None if none fits.

    A break can take the time a required delivery needs where a pickup of little value uses
    the rest: that pickup gives way. Of the routes near the job (:func:`_nearby`) and their
    least valuable optional stops, the exchange that loses least (the food left behind plus
    the detour) wins.
    """
    best: tuple[float, int, RouteSequence] | None = None
    for index in dict.fromkeys(index for _, index in _nearby(ctx, routes, job_id)):
        route = routes[index]
        for victim in _optional_stops(ctx, route)[:ROOM_TRIES]:
            trial = without_job(route, victim)
            insertion = best_insertion(ctx, [trial], job_id, vehicles=frozenset({route.vehicle}))
            if insertion is None:
                continue
            loss = insertion.extra_cost_eur + ctx.food[victim].value_eur
            if best is None or loss < best[0]:
                best = (loss, index, insertion.apply([trial], job_id)[0])
    if best is None:
        return None
    _, index, replaced = best
    return [*routes[:index], replaced, *routes[index + 1 :]]
