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


def repair_reserve_s(ctx: Context) -> float:
    """Seconds the search leaves for :func:`with_breaks_placed` within its budget.

    Measured on the Dijon day with breaks (200 jobs) on a busy machine: taking out the stops
    a break made late 0.2 s, inserting the required ones again a few tenths more.
    """
    if not has_breaks(ctx):
        return 0.0
    return 0.2 + 0.002 * (len(ctx.problem.jobs) + len(ctx.problem.shipments))


def with_breaks_placed(ctx: Context, routes: list[RouteSequence]) -> list[RouteSequence]:
    """The routes once the checker has placed the breaks: stops a break makes late are moved.

    Those stops are taken out of the routes they break and the required ones inserted again
    wherever they fit, in the place of an optional stop if need be (:func:`_make_room`), so
    that the candidates a portfolio compares are all feasible; the optional food that still
    pays for its detour is added after the search, for the winner only
    (:func:`optimizer.solving.solve.solve`).
    """
    repaired = insert_required(ctx, [route for route in routes if route.jobs])
    served = {job for route in repaired for job in route.jobs}
    for job in [*ctx.problem.jobs, *ctx.problem.shipments]:
        if job.required and job.id not in served and ctx.food[job.id].lots:
            repaired = _make_room(ctx, repaired, job.id) or repaired
    return repaired


ROOM_TRIES = 3
"""Optional stops of a route tried, least valuable first, to make room for a required job."""


def _make_room(
    ctx: Context, routes: list[RouteSequence], job_id: str
) -> list[RouteSequence] | None:
    """The routes with a required job in the place of an optional stop, or None if none fits.

    A break can take the time a required delivery needs where a pickup of little value uses
    the rest: that pickup gives way. Of all the routes and their least valuable optional
    stops, the exchange that loses least (the food left behind plus the detour) wins.
    """
    best: tuple[float, int, RouteSequence] | None = None
    for index, route in enumerate(routes):
        if not compatible(ctx, ctx.vehicles[route.vehicle], job_id):
            continue
        optional = sorted(
            {j for j in route.jobs if not (ctx.jobs.get(j) or ctx.shipments[j]).required},
            key=lambda j: (ctx.food[j].value_eur, j),
        )
        for victim in optional[:ROOM_TRIES]:
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
