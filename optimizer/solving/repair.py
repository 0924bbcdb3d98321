"""Take stops out of a solution until the checker accepts every route.

A search stopped early (a busy machine, a short budget) may end on a solution that breaks a
window, a shift or a compartment. Such a plan must never leave the engine: the stops that cause
the violations are taken out, optional ones for good (reported with their reason), required
ones to be inserted again where they fit (:func:`optimizer.solving.insertion.insert_required`).
"""

from __future__ import annotations

from optimizer.check import evaluate_route
from optimizer.context import Context
from optimizer.plan import RouteSequence


def without_job(sequence: RouteSequence, job_id: str) -> RouteSequence:
    """The route with every occurrence of ``job_id`` removed (both ends of a shipment)."""
    trips = tuple(tuple(j for j in trip if j != job_id) for trip in sequence.trips)
    return RouteSequence(sequence.vehicle, tuple(t for t in trips if t))


def _violation_count(ctx: Context, sequence: RouteSequence) -> int:
    return len(evaluate_route(ctx, sequence).violations) if sequence.jobs else 0


def _feasible_route(ctx: Context, sequence: RouteSequence) -> RouteSequence:
    """Remove one stop at a time, the one whose removal leaves the fewest violations.

    Only the stops a violation names are tried first (a late stop, an overloaded pickup); when
    none is named (a shift that ends too late, a trip loaded beyond its compartment at the
    depot) every stop is. Ties go to optional stops, then to the least valuable.
    """
    while sequence.jobs:
        violations = evaluate_route(ctx, sequence).violations
        if not violations:
            return sequence
        named = {v.job for v in violations if v.job is not None and v.job in sequence.jobs}
        candidates = sorted(named) if named else sorted(set(sequence.jobs))
        route = sequence
        victim = min(candidates, key=lambda job_id: _removal_key(ctx, route, job_id))
        sequence = without_job(sequence, victim)
    return sequence


def _removal_key(ctx: Context, sequence: RouteSequence, job_id: str) -> tuple[int, bool, float]:
    """Violations left without the job, then required before optional, then its value."""
    job = ctx.jobs.get(job_id) or ctx.shipments[job_id]
    remaining = without_job(sequence, job_id)
    return _violation_count(ctx, remaining), job.required, ctx.food[job_id].value_eur


def drop_violations(ctx: Context, sequences: list[RouteSequence]) -> list[RouteSequence]:
    """Every route made feasible on its own, and each job kept in one route only.

    Jobs are known to the problem and served once (the first route that lists one keeps it);
    then each route loses the stops that break its constraints.
    """
    seen: set[str] = set()
    kept = []
    for sequence in sequences:
        if sequence.vehicle not in ctx.vehicles:
            continue
        clean = sequence
        for job_id in dict.fromkeys(sequence.jobs):
            if not ctx.knows(job_id) or job_id in seen:
                clean = without_job(clean, job_id)
            elif sequence.jobs.count(job_id) != (2 if job_id in ctx.shipments else 1):
                clean = without_job(clean, job_id)  # listed twice, or half a shipment
            seen.add(job_id)
        route = _feasible_route(ctx, clean)
        if route.jobs:
            kept.append(route)
    return kept
