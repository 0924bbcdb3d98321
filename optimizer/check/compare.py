"""Checking a plan read from a file: re-evaluate it from its stop order, compare every number."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.check.evaluation import Evaluation, evaluate
from optimizer.check.violations import EUR_TOLERANCE, Code, Violation
from optimizer.context import Context, to_class_kg
from optimizer.matrix import TravelMatrix
from optimizer.model import (
    TEMPERATURE_CLASSES,
    ClassKg,
    Problem,
)
from optimizer.model.food import rejection
from optimizer.plan import Objective, Plan, Route, Stop, StopKind


@dataclass
class CheckReport:
    """The verdict on a plan: its violations and the objective as the checker computes it."""

    violations: list[Violation]
    objective: Objective

    @property
    def feasible(self) -> bool:
        return not self.violations


def check_plan(problem: Problem, plan: Plan, matrix: TravelMatrix | None = None) -> CheckReport:
    """Re-evaluate a plan from its stop order alone and compare every number it reports."""
    ctx = Context(problem, matrix)
    evaluation = evaluate(ctx, plan.sequences())
    violations = list(evaluation.violations)
    recomputed = {e.route.vehicle: e.route for e in evaluation.routes}
    for route in plan.routes:
        truth = recomputed.get(route.vehicle)
        if truth is None:
            continue
        violations.extend(_compare_route(route, truth))
        violations.extend(_shipment_order(ctx, route))
        for stop in route.stops:
            if stop.job is None or not ctx.knows(stop.job):
                continue
            job = ctx.jobs.get(stop.job) or ctx.shipments[stop.job]
            lots = {lot.id: lot for lot in job.lots}
            for lot_id in stop.lots:
                lot = lots.get(lot_id)
                if lot is not None and rejection(lot, job, problem.date, problem.settings):
                    violations.append(
                        Violation(
                            Code.EXPIRED_LOT,
                            f"lot '{lot_id}' may not travel on {problem.date.isoformat()}",
                            route.vehicle,
                            stop.job,
                        )
                    )
    violations.extend(_compare_unassigned(ctx, plan, evaluation.served))
    violations.extend(_compare_kpis(ctx, plan, evaluation))
    for name in (
        "fixed_eur",
        "distance_eur",
        "time_eur",
        "travel_cost_eur",
        "value_served_eur",
        "total_eur",
    ):
        claimed = getattr(plan.objective, name)
        actual = getattr(evaluation.objective, name)
        if abs(claimed - actual) > EUR_TOLERANCE:
            violations.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"objective.{name} says {claimed:.2f} €, recomputed {actual:.2f} €",
                )
            )
    if plan.feasible and evaluation.violations:
        violations.append(
            Violation(Code.REPORTED_MISMATCH, "plan claims to be feasible but is not")
        )
    return CheckReport(violations, evaluation.objective)


def _compare_route(claimed: Route, truth: Route) -> list[Violation]:
    found = []
    if len(claimed.stops) != len(truth.stops):
        return [
            Violation(
                Code.REPORTED_MISMATCH,
                f"{len(claimed.stops)} stops listed, {len(truth.stops)} expected",
                claimed.vehicle,
            )
        ]
    for position, (mine, real) in enumerate(zip(claimed.stops, truth.stops, strict=True)):
        found.extend(_compare_stop(claimed.vehicle, position, mine, real))
    if claimed.breaks != truth.breaks:
        found.append(
            Violation(
                Code.REPORTED_MISMATCH,
                f"breaks: plan says {[b.model_dump() for b in claimed.breaks]}, "
                f"recomputed {[b.model_dump() for b in truth.breaks]}",
                claimed.vehicle,
            )
        )
    for name in ("start", "end", "distance_m", "duration_s"):
        if getattr(claimed, name) != getattr(truth, name):
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"route {name}: plan says {getattr(claimed, name)}, "
                    f"recomputed {getattr(truth, name)}",
                    claimed.vehicle,
                )
            )
    if abs(claimed.cost_eur - truth.cost_eur) > EUR_TOLERANCE:
        found.append(
            Violation(
                Code.REPORTED_MISMATCH,
                f"route cost: plan says {claimed.cost_eur:.2f} €, "
                f"recomputed {truth.cost_eur:.2f} €",
                claimed.vehicle,
            )
        )
    for name in ("picked_up_kg", "delivered_kg"):
        mine_kg, real_kg = getattr(claimed, name), getattr(truth, name)
        if any(abs(mine_kg.get(k) - real_kg.get(k)) > 1e-3 for k in TEMPERATURE_CLASSES):
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"route {name}: plan says {mine_kg.model_dump()}, "
                    f"recomputed {real_kg.model_dump()}",
                    claimed.vehicle,
                )
            )
    for name in ("value_eur", "co2e_kg"):
        if abs(getattr(claimed, name) - getattr(truth, name)) > EUR_TOLERANCE:
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"route {name}: plan says {getattr(claimed, name):.2f}, "
                    f"recomputed {getattr(truth, name):.2f}",
                    claimed.vehicle,
                )
            )
    return found


def _compare_stop(vehicle: str, position: int, mine: Stop, real: Stop) -> list[Violation]:
    """Each reported figure of one stop against the recomputed one."""
    found = []
    for name in (
        "kind",
        "site",
        "job",
        "lots",
        "arrival",
        "service_start",
        "departure",
        "wait_s",
        "distance_from_previous_m",
    ):
        if getattr(mine, name) != getattr(real, name):
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"stop {position} {name}: plan says {getattr(mine, name)}, "
                    f"recomputed {getattr(real, name)}",
                    vehicle,
                    mine.job,
                )
            )
    for name in ("picked_up_kg", "delivered_kg", "loaded_kg", "unloaded_kg", "load_after_kg"):
        mine_kg: ClassKg = getattr(mine, name)
        real_kg: ClassKg = getattr(real, name)
        if any(abs(mine_kg.get(k) - real_kg.get(k)) > 1e-3 for k in TEMPERATURE_CLASSES):
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH,
                    f"stop {position} {name}: plan says {mine_kg.model_dump()}, "
                    f"recomputed {real_kg.model_dump()}",
                    vehicle,
                    mine.job,
                )
            )
    return found


def _compare_kpis(ctx: Context, plan: Plan, evaluation: Evaluation) -> list[Violation]:
    """The indicators reported to planners and ProDij, recomputed from the evaluation."""
    routes = [e.route for e in evaluation.routes]
    problem = ctx.problem
    everything = [*problem.jobs, *problem.shipments]
    unserved = [job.id for job in everything if job.id not in evaluation.served]
    served_pickups = [p.id for p in problem.pickups if p.id in evaluation.served]
    rejected = [
        lot.kg
        for job in everything
        for lot in job.lots
        if rejection(lot, job, problem.date, problem.settings) is not None
    ]

    def total(amounts: list[ClassKg]) -> ClassKg:
        return ClassKg(**{k.value: sum(a.get(k) for a in amounts) for k in TEMPERATURE_CLASSES})

    truth: dict[str, float | ClassKg] = {
        "vehicles_used": len(routes),
        "vehicles_available": len(problem.vehicles),
        "distance_km": sum(r.distance_m for r in routes) / 1000,
        "duration_h": sum(r.duration_s for r in routes) / 3600,
        "co2e_kg": sum(r.co2e_kg for r in routes),
        "picked_up_kg": total([r.picked_up_kg for r in routes]),
        "delivered_kg": total([r.delivered_kg for r in routes]),
        "pickups_served": len(served_pickups),
        "pickups_offered": len(problem.pickups),
        "deliveries_served": sum(1 for d in problem.deliveries if d.id in evaluation.served),
        "deliveries_requested": len(problem.deliveries),
        "unassigned_kg": total([to_class_kg(ctx.amounts[job_id]) for job_id in unserved]),
        "rejected_kg": sum(rejected),
        "value_rescued_eur": sum(ctx.food[job_id].value_eur for job_id in served_pickups)
        + sum(ctx.food[s.id].value_eur for s in problem.shipments if s.id in evaluation.served),
    }
    found = []
    for name, actual in truth.items():
        claimed = getattr(plan.kpis, name)
        shown: object
        expected: object
        if isinstance(actual, ClassKg):
            differs = any(abs(claimed.get(k) - actual.get(k)) > 1e-3 for k in TEMPERATURE_CLASSES)
            shown, expected = claimed.model_dump(), actual.model_dump()
        else:
            differs = abs(claimed - actual) > EUR_TOLERANCE  # outputs are rounded to 0.001 / 0.01
            shown, expected = claimed, round(actual, 3)
        if differs:
            found.append(
                Violation(
                    Code.REPORTED_MISMATCH, f"kpis.{name} says {shown}, recomputed {expected}"
                )
            )
    return found


def _shipment_order(ctx: Context, claimed: Route) -> list[Violation]:
    """A plan read from a file must show each shipment's pickup stop before its delivery stop."""
    found = []
    picked: set[str] = set()
    for stop in claimed.stops:
        if stop.job is None or stop.job not in ctx.shipments:
            continue
        if stop.kind is StopKind.SHIPMENT_DELIVERY and stop.job not in picked:
            found.append(
                Violation(
                    Code.SHIPMENT_ORDER,
                    "delivered before it is picked up",
                    claimed.vehicle,
                    stop.job,
                )
            )
        picked.add(stop.job)
    return found


def _compare_unassigned(ctx: Context, plan: Plan, served: set[str]) -> list[Violation]:
    """Every job is either in a route or listed as unassigned with a reason, never both."""
    listed = [u.job for u in plan.unassigned]
    found = []
    for job_id in [*ctx.jobs, *ctx.shipments]:
        in_route = job_id in served
        in_list = job_id in listed
        if in_route and in_list:
            found.append(
                Violation(
                    Code.UNASSIGNED_MISMATCH, "both routed and listed as unassigned", job=job_id
                )
            )
        elif not in_route and not in_list:
            found.append(
                Violation(
                    Code.UNASSIGNED_MISMATCH,
                    "neither routed nor listed as unassigned (silently dropped)",
                    job=job_id,
                )
            )
    return found
