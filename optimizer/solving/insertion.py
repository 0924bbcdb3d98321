"""Cheapest feasible insertion of one job into a solution, judged by the checker.

Used twice: to explain why a job is left out (is there any feasible place for it, and would it
pay for its detour?) and to add any profitable optional pickup a backend missed. A cheap lower
bound on the detour (extra distance × €/km) prunes positions before the exact evaluation, which
keeps this fast enough for 200-stop days. A shipment is inserted as a pair: its pickup, then
its delivery later in the same trip.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from optimizer.check import route_verdict, time_bounds
from optimizer.check.on_board import vehicle_limits
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Delivery, Vehicle
from optimizer.plan import RouteSequence
from optimizer.solving.on_board import split_for_time_on_board
from optimizer.solving.repair import drop_violations


@dataclass(frozen=True)
class Insertion:
    """Where to insert a job: ``position`` in trip ``trip`` of ``vehicle``'s route.

    For a shipment, ``delivery_position`` is where its second occurrence (the delivery) goes in
    the trip once the pickup is in, so it is always greater than ``position``. With ``reload``,
    the vehicle goes back to the depot before ``position`` and the job starts the new trip
    there: the rest of the trip follows it; with ``reload_after``, it goes back right after.
    """

    vehicle: str
    trip: int
    position: int
    extra_cost_eur: float
    delivery_position: int | None = None
    reload: bool = False
    reload_after: bool = False
    """The vehicle goes back to the depot right after the job (a pickup whose food may not stay
    on board long): the rest of the trip follows in a new trip."""

    def apply(self, sequences: list[RouteSequence], job_id: str) -> list[RouteSequence]:
        updated = []
        found = False
        for sequence in sequences:
            if sequence.vehicle != self.vehicle:
                updated.append(sequence)
                continue
            found = True
            trips = [list(trip) for trip in sequence.trips] or [[]]
            if self.trip == len(trips):
                trips.append([])  # a trip of its own, after a reload at the depot
            if self.reload_after:
                trip = trips[self.trip]
                trips[self.trip : self.trip + 1] = [
                    [*trip[: self.position], job_id],
                    trip[self.position :],
                ]
                updated.append(RouteSequence(sequence.vehicle, tuple(tuple(t) for t in trips)))
                continue
            if self.reload:
                trip = trips[self.trip]
                trips[self.trip : self.trip + 1] = [trip[: self.position], [job_id]]
                trips[self.trip + 1].extend(trip[self.position :])
                updated.append(RouteSequence(sequence.vehicle, tuple(tuple(t) for t in trips)))
                continue
            trips[self.trip].insert(self.position, job_id)
            if self.delivery_position is not None:
                trips[self.trip].insert(self.delivery_position, job_id)
            updated.append(RouteSequence(sequence.vehicle, tuple(tuple(t) for t in trips)))
        if not found:
            alone = (job_id, job_id) if self.delivery_position is not None else (job_id,)
            updated.append(RouteSequence(self.vehicle, (alone,)))
        return updated


def compatible(ctx: Context, vehicle: Vehicle, job_id: str) -> bool:
    """Whether the vehicle has the skills and a big enough compartment for this job alone."""
    for site in ctx.sites_of(job_id):
        if not set(ctx.sites[site].required_skills) <= set(vehicle.skills):
            return False
    amounts = ctx.amounts[job_id]
    if any(amounts[k] > vehicle.capacity_kg.get(k) + 1e-6 for k in TEMPERATURE_CLASSES):
        return False
    return sum(amounts.values()) <= vehicle.payload_limit_kg + 1e-6


def best_insertion(
    ctx: Context,
    sequences: list[RouteSequence],
    job_id: str,
    budget_eur: float | None = None,
    vehicles: frozenset[str] | None = None,
    prune: bool = True,
) -> Insertion | None:
    """The cheapest feasible way to add ``job_id``; only detours under ``budget_eur`` are tried,
    only on ``vehicles`` when given.

    ``prune`` skips the positions that the route's time bounds rule out before evaluating them
    (same answer, far fewer evaluations); ``False`` evaluates every candidate.
    """
    sites = ctx.sites_of(job_id)
    by_vehicle = {s.vehicle: s for s in sequences}
    candidates: list[tuple[float, Insertion]] = []
    for vehicle in ctx.problem.vehicles:
        if vehicles is not None and vehicle.id not in vehicles:
            continue
        if not compatible(ctx, vehicle, job_id):
            continue
        sequence = by_vehicle.get(vehicle.id)
        distance = ctx.matrix_for(vehicle.id).distance
        if sequence is None or not sequence.jobs:
            path = [vehicle.start_site_id, *sites, vehicle.end_depot_id]
            alone_m = sum(distance(a, b) for a, b in itertools.pairwise(path))
            bound = vehicle.fixed_cost + vehicle.cost_per_km * alone_m / 1000
            pair = 1 if len(sites) == 2 else None
            candidates.append((bound, Insertion(vehicle.id, -1, 0, bound, pair)))
            continue
        for trip_index, trip in enumerate(sequence.trips):
            first = vehicle.start_site_id if trip_index == 0 else vehicle.depot
            last = vehicle.end_depot_id if trip_index == len(sequence.trips) - 1 else vehicle.depot
            path = [first, *ctx.stop_sites(trip), last]
            for extra_m, position, delivery in _detours(distance, path, sites):
                bound = vehicle.cost_per_km * extra_m / 1000
                candidates.append(
                    (bound, Insertion(vehicle.id, trip_index, position, bound, delivery))
                )
        if len(sequence.trips) <= vehicle.max_reloads:
            candidates.append(_new_trip(ctx, vehicle, sequence, sites))
            if isinstance(ctx.jobs.get(job_id), Delivery):
                candidates.extend(_reloads_before(ctx, vehicle, sequence, sites[0]))
            elif job_id in ctx.jobs and vehicle_limits(ctx, vehicle):
                candidates.extend(_reloads_after(ctx, vehicle, sequence, sites[0]))
    candidates.sort(key=lambda candidate: candidate[0])
    base_costs: dict[str, float] = {}
    reachable = _Reachability(ctx, job_id)
    best: Insertion | None = None
    for bound, candidate in candidates:
        if budget_eur is not None and bound >= budget_eur:
            break
        if best is not None and bound >= best.extra_cost_eur:
            break
        vehicle_id = candidate.vehicle
        sequence = by_vehicle.get(vehicle_id)
        pruned = prune and sequence is not None and candidate.trip >= 0
        if pruned and sequence is not None and not reachable(sequence, candidate):
            continue
        if candidate.trip < 0 or sequence is None:
            trial = RouteSequence(vehicle_id, (ctx.alone(job_id),))
            base = 0.0
            candidate = Insertion(vehicle_id, 0, 0, bound, candidate.delivery_position)
        else:
            if vehicle_id not in base_costs:
                base_costs[vehicle_id] = route_verdict(ctx, sequence).cost_eur
            base = base_costs[vehicle_id]
            (trial,) = candidate.apply([sequence], job_id)
        verdict = route_verdict(ctx, trial)
        if not verdict.feasible:
            continue
        extra = verdict.cost_eur - base
        if best is None or extra < best.extra_cost_eur:
            best = dataclasses.replace(candidate, extra_cost_eur=extra)
    return best


def _new_trip(
    ctx: Context, vehicle: Vehicle, sequence: RouteSequence, sites: tuple[str, ...]
) -> tuple[float, Insertion]:
    """The job in a trip of its own at the end of the route, after a reload at the depot.

    This is how a late order for depot goods gets on a vehicle whose trips are full.
    """
    distance = ctx.matrix_for(vehicle.id).distance
    last = ctx.stop_sites(sequence.trips[-1])[-1]
    path = [vehicle.depot, *sites, vehicle.end_depot_id]
    extra_m = (
        distance(last, vehicle.depot)
        + sum(distance(a, b) for a, b in itertools.pairwise(path))
        - distance(last, vehicle.end_depot_id)
    )
    bound = vehicle.cost_per_km * extra_m / 1000
    pair = 1 if len(sites) == 2 else None
    return bound, Insertion(vehicle.id, len(sequence.trips), 0, bound, pair)


def _reloads_before(
    ctx: Context, vehicle: Vehicle, sequence: RouteSequence, site: str
) -> list[tuple[float, Insertion]]:
    """A delivery of depot goods served after a detour to the depot inside a trip.

    The vehicle turns back to the depot before a stop of its trip, loads, serves the delivery
    and carries on: how a late order reaches a partner while the trips already under way keep
    their stops.
    """
    distance = ctx.matrix_for(vehicle.id).distance
    found = []
    for trip_index, trip in enumerate(sequence.trips):
        stops = ctx.stop_sites(trip)
        open_shipments: set[str] = set()
        for position in range(1, len(trip)):
            open_shipments ^= {trip[position - 1]} & ctx.shipments.keys()
            if open_shipments:
                continue  # never between the two ends of a shipment
            before, after = stops[position - 1], stops[position]
            extra_m = (
                distance(before, vehicle.depot)
                + distance(vehicle.depot, site)
                + distance(site, after)
                - distance(before, after)
            )
            bound = vehicle.cost_per_km * extra_m / 1000
            found.append(
                (bound, Insertion(vehicle.id, trip_index, position, bound, None, reload=True))
            )
    return found


def _reloads_after(
    ctx: Context, vehicle: Vehicle, sequence: RouteSequence, site: str
) -> list[tuple[float, Insertion]]:
    """A pickup served, then straight back to the depot, the rest of its trip after a reload.

    How a van whose chilled food may stay on board only so long collects a donor in the middle
    of its deliveries: it unloads before the limit and carries on.
    """
    distance = ctx.matrix_for(vehicle.id).distance
    found = []
    for trip_index, trip in enumerate(sequence.trips):
        first = vehicle.start_site_id if trip_index == 0 else vehicle.depot
        path = [first, *ctx.stop_sites(trip)]
        open_shipments: set[str] = set()
        for position in range(len(trip)):
            if position > 0:
                open_shipments ^= {trip[position - 1]} & ctx.shipments.keys()
            if open_shipments:
                continue  # never between the two ends of a shipment
            before, after = path[position], path[position + 1]
            extra_m = (
                distance(before, site)
                + distance(site, vehicle.depot)
                + distance(vehicle.depot, after)
                - distance(before, after)
            )
            bound = vehicle.cost_per_km * extra_m / 1000
            found.append(
                (bound, Insertion(vehicle.id, trip_index, position, bound, reload_after=True))
            )
    return found


class _Reachability:
    """A necessary condition on time for inserting one job's stop between two visits.

    The stop cannot start before the earliest departure from the visit before it plus the
    travel, and the visit after it must still be reached by its latest feasible start
    (:func:`optimizer.check.time_bounds`). A position that fails this would fail the checker,
    so skipping it changes no result, only the number of trial evaluations. Shipments (two
    stops) are left to the exact evaluation.
    """

    def __init__(self, ctx: Context, job_id: str) -> None:
        self.ctx = ctx
        self.single = job_id in ctx.jobs
        if self.single:
            self.site = ctx.jobs[job_id].site
            self.windows = ctx.window_pairs(job_id)
            self.service_s = ctx.service_s(job_id)
        self.bounds: dict[str, tuple[list[str], list[int], list[int], list[int]]] = {}

    def __call__(self, sequence: RouteSequence, insertion: Insertion) -> bool:
        if (
            not self.single
            or insertion.reload
            or insertion.reload_after
            or insertion.trip >= len(sequence.trips)
        ):
            return True
        bounds = self.bounds.get(sequence.vehicle)
        if bounds is None:
            sites, leaves, latest = time_bounds(self.ctx, sequence)
            # The visit index where each trip starts: its start or reload, then its stops.
            starts = list(itertools.accumulate((len(t) + 1 for t in sequence.trips), initial=0))
            bounds = self.bounds[sequence.vehicle] = (sites, leaves, latest, starts)
        sites, leaves, latest, starts = bounds
        before = starts[insertion.trip] + insertion.position
        duration = self.ctx.matrix_for(sequence.vehicle).duration
        arrival = leaves[before] + duration(sites[before], self.site)
        open_windows = [w for w in self.windows if w[1] >= arrival]
        if not open_windows:
            return False
        start = max(arrival, min(w[0] for w in open_windows))
        reach_next = start + self.service_s + duration(self.site, sites[before + 1])
        return reach_next <= latest[before + 1]


def _detours(
    distance: Callable[[str, str], int], path: list[str], sites: tuple[str, ...]
) -> list[tuple[int, int, int | None]]:
    """Extra metres of each way to insert a job's sites into ``path`` (depot, stops, depot).

    One site: (extra, position, None) per gap. Two sites (a shipment): (extra, pickup position,
    delivery position) per ordered pair of gaps, the delivery right after the pickup or later.
    ``distance`` is the vehicle's own matrix.
    """
    gaps = range(len(path) - 1)

    def detour(site: str, gap: int) -> int:
        before, after = path[gap], path[gap + 1]
        return distance(before, site) + distance(site, after) - distance(before, after)

    if len(sites) == 1:
        return [(detour(sites[0], gap), gap, None) for gap in gaps]
    pickup, delivery = sites
    to_pickup = [detour(pickup, gap) for gap in gaps]
    to_delivery = [detour(delivery, gap) for gap in gaps]
    found: list[tuple[int, int, int | None]] = []
    for first in gaps:
        before, after = path[first], path[first + 1]
        together = (
            distance(before, pickup)
            + distance(pickup, delivery)
            + distance(delivery, after)
            - distance(before, after)
        )
        found.append((together, first, first + 1))
        for later in range(first + 1, len(path) - 1):
            found.append((to_pickup[first] + to_delivery[later], first, later + 1))
    return found


def insert_required(ctx: Context, sequences: list[RouteSequence]) -> list[RouteSequence]:
    """Make the solution feasible, then add the required jobs left out wherever they fit.

    A search that ends on an infeasible solution (PyVRP's best may drop a required stop or break a
    window on a tight day, or when a busy machine cut it short) loses the stops that break its
    routes first (:func:`optimizer.solving.repair.drop_violations`); a required stop left out often
    still fits somewhere: at any cost, serving it is better than a plan that fails the checker.
    Largest first, as they are the hardest to place.
    """
    sequences = drop_violations(ctx, split_for_time_on_board(ctx, sequences))
    served = {job for s in sequences for job in s.jobs}
    pending = [
        job
        for job in [*ctx.problem.jobs, *ctx.problem.shipments]
        if job.id not in served and job.required and ctx.food[job.id].lots
    ]
    pending.sort(key=lambda job: -ctx.food[job.id].kg)
    for job in pending:
        insertion = best_insertion(ctx, sequences, job.id)
        if insertion is not None:
            sequences = insertion.apply(sequences, job.id)
    return sequences


def insert_profitable(ctx: Context, sequences: list[RouteSequence]) -> list[RouteSequence]:
    """Add unserved optional jobs whose value exceeds their cheapest feasible detour.

    Most valuable first; a backend stopped by its time limit can leave such gains on the table.
    """
    served = {job for s in sequences for job in s.jobs}
    pending = [
        job
        for job in [*ctx.problem.jobs, *ctx.problem.shipments]
        if job.id not in served and not job.required and ctx.food[job.id].lots
    ]
    pending.sort(key=lambda job: -ctx.food[job.id].value_eur)
    for job in pending:
        value = ctx.food[job.id].value_eur
        insertion = best_insertion(ctx, sequences, job.id, budget_eur=value)
        if insertion is not None and insertion.extra_cost_eur < value:
            sequences = insertion.apply(sequences, job.id)
    return sequences
