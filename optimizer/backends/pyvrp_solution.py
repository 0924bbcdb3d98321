"""PyVRP solutions and our route sequences, both ways.

Out of the search: a PyVRP solution becomes one :class:`~optimizer.plan.RouteSequence` per
vehicle used, its trips split at the reloads. Into it: routes of ours (a previous plan, a repair)
become a PyVRP solution the search starts from.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from pyvrp import Activity, ActivityType, Route, Solution

from optimizer.check import evaluate_route
from optimizer.plan import RouteSequence

if TYPE_CHECKING:
    from optimizer.backends.pyvrp_backend import Translation
    from optimizer.context import Context


def sequences_from(translation: Translation, solution: Solution) -> list[RouteSequence]:
    """PyVRP routes → one :class:`RouteSequence` per vehicle used, trips split at reloads."""
    unused = [list(vehicles) for vehicles in translation.type_vehicles]
    sequences = []
    for route in solution.routes():
        vehicle = unused[route.vehicle_type()].pop(0)
        trips: list[list[str]] = [[]]
        for visit in route.schedule()[1:-1]:
            if visit.is_depot():
                trips.append([])
            elif visit.is_client():
                trips[-1].append(translation.client_jobs[visit.idx])
            else:
                trips[-1].append(translation.shipment_ids[visit.idx])
        trips = [trip for trip in trips if trip]
        sequences.append(RouteSequence(vehicle, tuple(tuple(trip) for trip in trips)))
    return sequences


def _clients_by_service_start(
    translation: Translation,
    routes: tuple[RouteSequence, ...] | list[RouteSequence],
    ctx: Context,
) -> dict[str, int]:
    """For jobs with alternative windows: the client whose window holds the checked start."""
    alternatives: dict[str, list[int]] = defaultdict(list)
    for index, job_id in enumerate(translation.client_jobs):
        alternatives[job_id].append(index)
    chosen: dict[str, int] = {}
    clients = translation.data.clients()
    for sequence in routes:
        if sequence.vehicle not in ctx.vehicles:
            continue
        for stop in evaluate_route(ctx, sequence).route.stops:
            options = alternatives.get(stop.job or "", [])
            if len(options) < 2:
                continue
            for index in options:
                if clients[index].tw_early <= stop.service_start <= clients[index].tw_late:
                    chosen[stop.job or ""] = index
                    break
    return chosen


def initial_solution(
    translation: Translation,
    routes: tuple[RouteSequence, ...] | list[RouteSequence],
    ctx: Context | None = None,
) -> Solution | None:
    """PyVRP's solution for routes of ours: a warm start for the search.

    A job with several windows starts on the alternative whose window holds the service start
    the checker computes for these routes (given ``ctx``), so that a feasible plan stays feasible
    for PyVRP; without ``ctx``, on its first alternative. Jobs PyVRP does not know (left out of
    the model) are dropped, and routes of vehicles it does not know are skipped. ``None`` when
    PyVRP refuses the routes: the search then starts from scratch, as without a warm start.
    """
    first_client: dict[str, int] = {}
    for index, job_id in enumerate(translation.client_jobs):
        first_client.setdefault(job_id, index)
    if ctx is not None:
        first_client.update(_clients_by_service_start(translation, routes, ctx))
    shipment_index = {shipment_id: i for i, shipment_id in enumerate(translation.shipment_ids)}
    type_of = {
        vehicle: number
        for number, vehicles in enumerate(translation.type_vehicles)
        for vehicle in vehicles
    }
    pyvrp_routes = []
    for sequence in routes:
        if sequence.vehicle not in type_of:
            continue
        activities: list[Activity] = []
        for trip_number, trip in enumerate(sequence.trips):
            if trip_number > 0 and activities:
                depot = translation.data.vehicle_type(type_of[sequence.vehicle]).start_depot
                activities.append(Activity(ActivityType.DEPOT, depot))
            picked: set[str] = set()
            for job_id in trip:
                if job_id in first_client:
                    activities.append(Activity(ActivityType.CLIENT, first_client[job_id]))
                elif job_id in shipment_index:
                    kind = ActivityType.DELIVERY if job_id in picked else ActivityType.PICKUP
                    picked.add(job_id)
                    activities.append(Activity(kind, shipment_index[job_id]))
        if activities:
            pyvrp_routes.append((activities, type_of[sequence.vehicle]))
    try:
        return Solution(
            translation.data,
            [Route(translation.data, activities, vt) for activities, vt in pyvrp_routes],
        )
    except (ValueError, RuntimeError, IndexError):
        return None
