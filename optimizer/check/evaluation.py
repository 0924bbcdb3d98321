"""A whole solution evaluated: every route, coverage of jobs and vehicles, the objective, and
the one ranking of candidate solutions (feasible first, fewer violations, lower objective).
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.check.route import RouteEvaluation, evaluate_route
from optimizer.check.violations import Code, Violation
from optimizer.context import Context
from optimizer.plan import Objective, RouteSequence


@dataclass
class Evaluation:
    """All routes of a solution, evaluated, with coverage checked and the objective summed."""

    routes: list[RouteEvaluation]
    violations: list[Violation]
    objective: Objective
    served: set[str]

    @property
    def feasible(self) -> bool:
        return not self.violations


def evaluate(ctx: Context, sequences: list[RouteSequence]) -> Evaluation:
    """Evaluate a whole solution: every route, then coverage of jobs and vehicles."""
    violations: list[Violation] = []
    evaluations: list[RouteEvaluation] = []
    seen_vehicles: set[str] = set()
    served: dict[str, str] = {}
    for sequence in sequences:
        if sequence.vehicle not in ctx.vehicles:
            violations.append(
                Violation(
                    Code.UNKNOWN_VEHICLE, f"no vehicle '{sequence.vehicle}'", sequence.vehicle
                )
            )
            continue
        if sequence.vehicle in seen_vehicles:
            violations.append(
                Violation(Code.VEHICLE_USED_TWICE, "vehicle has two routes", sequence.vehicle)
            )
        seen_vehicles.add(sequence.vehicle)
        if not sequence.jobs:
            continue
        counted_shipments: set[str] = set()
        for job_id in sequence.jobs:
            if job_id in ctx.shipments:
                if job_id in counted_shipments:
                    continue  # its second end; repeats are reported with the route
                counted_shipments.add(job_id)
            if job_id in served:
                split = job_id in ctx.shipments and sequence.jobs.count(job_id) == 1
                violations.append(
                    Violation(
                        Code.SHIPMENT_SPLIT if split else Code.JOB_SERVED_TWICE,
                        f"pickup and delivery on different vehicles ({served[job_id]})"
                        if split
                        else f"also served by {served[job_id]}",
                        sequence.vehicle,
                        job_id,
                    )
                )
            served[job_id] = sequence.vehicle
        evaluation = evaluate_route(ctx, sequence)
        evaluations.append(evaluation)
        violations.extend(evaluation.violations)
    for job in [*ctx.problem.jobs, *ctx.problem.shipments]:
        if job.required and job.id not in served and ctx.food[job.id].lots:
            violations.append(
                Violation(Code.REQUIRED_JOB_UNSERVED, "required but in no route", job=job.id)
            )
    fixed = sum(e.fixed_eur for e in evaluations)
    distance = sum(e.distance_eur for e in evaluations)
    time = sum(e.time_eur for e in evaluations)
    value = sum(e.route.value_eur for e in evaluations)
    objective = Objective(
        fixed_eur=round(fixed, 4),
        distance_eur=round(distance, 4),
        time_eur=round(time, 4),
        travel_cost_eur=round(fixed + distance + time, 4),
        value_served_eur=round(value, 4),
        total_eur=round(fixed + distance + time - value, 4),
    )
    return Evaluation(evaluations, violations, objective, set(served))


def rank(ctx: Context, sequences: list[RouteSequence]) -> tuple[bool, int, float]:
    """How the checker orders candidate solutions: feasible first, then fewer violations, then
    the lower objective (smaller is better)."""
    evaluation = evaluate(ctx, [sequence for sequence in sequences if sequence.jobs])
    return (not evaluation.feasible, len(evaluation.violations), evaluation.objective.total_eur)
