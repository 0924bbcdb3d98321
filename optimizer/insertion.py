"""Cheapest feasible insertion of one job into a solution, judged by the checker.

Used twice: to explain why a job is left out (is there any feasible place for it, and would it
pay for its detour?) and to add any profitable optional pickup a backend missed. A cheap lower
bound on the detour (extra distance × €/km) prunes positions before the exact evaluation, which
keeps this fast enough for 200-stop days.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.check import Context, RouteEvaluation, evaluate_route
from optimizer.model import TEMPERATURE_CLASSES, Vehicle
from optimizer.plan import RouteSequence


@dataclass(frozen=True)
class Insertion:
    vehicle: str
    trip: int
    position: int
    extra_cost_eur: float

    def apply(self, sequences: list[RouteSequence], job_id: str) -> list[RouteSequence]:
        updated = []
        found = False
        for sequence in sequences:
            if sequence.vehicle != self.vehicle:
                updated.append(sequence)
                continue
            found = True
            trips = [list(trip) for trip in sequence.trips]
            trips[self.trip].insert(self.position, job_id)
            updated.append(RouteSequence(sequence.vehicle, tuple(tuple(t) for t in trips)))
        if not found:
            updated.append(RouteSequence(self.vehicle, ((job_id,),)))
        return updated


def compatible(ctx: Context, vehicle: Vehicle, job_id: str) -> bool:
    """Whether the vehicle has the skills and a big enough compartment for this job alone."""
    job = ctx.jobs[job_id]
    if not set(ctx.sites[job.site].required_skills) <= set(vehicle.skills):
        return False
    amounts = ctx.amounts[job_id]
    if any(amounts[k] > vehicle.capacity_kg.get(k) + 1e-6 for k in TEMPERATURE_CLASSES):
        return False
    return sum(amounts.values()) <= vehicle.payload_limit_kg + 1e-6


def _cost(evaluation: RouteEvaluation) -> float:
    return evaluation.fixed_eur + evaluation.distance_eur + evaluation.time_eur


def best_insertion(
    ctx: Context,
    sequences: list[RouteSequence],
    job_id: str,
    budget_eur: float | None = None,
) -> Insertion | None:
    """The cheapest feasible way to add ``job_id``; only detours under ``budget_eur`` are tried."""
    site = ctx.jobs[job_id].site
    distance = ctx.matrix.distance
    by_vehicle = {s.vehicle: s for s in sequences}
    candidates: list[tuple[float, str, int, int]] = []
    for vehicle in ctx.problem.vehicles:
        if not compatible(ctx, vehicle, job_id):
            continue
        sequence = by_vehicle.get(vehicle.id)
        if sequence is None or not sequence.jobs:
            bound = (
                vehicle.fixed_cost
                + vehicle.cost_per_km
                * (distance(vehicle.depot, site) + distance(site, vehicle.end_depot_id))
                / 1000
            )
            candidates.append((bound, vehicle.id, -1, 0))
            continue
        for trip_index, trip in enumerate(sequence.trips):
            stops = [ctx.jobs[j].site for j in trip]
            first = vehicle.depot
            last = vehicle.end_depot_id if trip_index == len(sequence.trips) - 1 else vehicle.depot
            path = [first, *stops, last]
            for position in range(len(path) - 1):
                before, after = path[position], path[position + 1]
                extra_m = distance(before, site) + distance(site, after) - distance(before, after)
                candidates.append(
                    (vehicle.cost_per_km * extra_m / 1000, vehicle.id, trip_index, position)
                )
    candidates.sort()
    base_costs: dict[str, float] = {}
    best: Insertion | None = None
    for bound, vehicle_id, trip_index, position in candidates:
        if budget_eur is not None and bound >= budget_eur:
            break
        if best is not None and bound >= best.extra_cost_eur:
            break
        sequence = by_vehicle.get(vehicle_id)
        if trip_index < 0 or sequence is None:
            trial = RouteSequence(vehicle_id, ((job_id,),))
            base = 0.0
            trip_index, position = 0, 0
        else:
            if vehicle_id not in base_costs:
                base_costs[vehicle_id] = _cost(evaluate_route(ctx, sequence))
            base = base_costs[vehicle_id]
            trips = [list(t) for t in sequence.trips]
            trips[trip_index].insert(position, job_id)
            trial = RouteSequence(vehicle_id, tuple(tuple(t) for t in trips))
        evaluation = evaluate_route(ctx, trial)
        if evaluation.violations:
            continue
        extra = _cost(evaluation) - base
        if best is None or extra < best.extra_cost_eur:
            best = Insertion(vehicle_id, trip_index, position, extra)
    return best


def insert_profitable(ctx: Context, sequences: list[RouteSequence]) -> list[RouteSequence]:
    """Add unserved optional jobs whose value exceeds their cheapest feasible detour.

    Most valuable first; a backend stopped by its time limit can leave such gains on the table.
    """
    served = {job for s in sequences for job in s.jobs}
    pending = [
        job
        for job in ctx.problem.jobs
        if job.id not in served and not job.required and ctx.food[job.id].lots
    ]
    pending.sort(key=lambda job: -ctx.food[job.id].value_eur)
    for job in pending:
        value = ctx.food[job.id].value_eur
        insertion = best_insertion(ctx, sequences, job.id, budget_eur=value)
        if insertion is not None and insertion.extra_cost_eur < value:
            sequences = insertion.apply(sequences, job.id)
    return sequences
