"""Turn a backend's sequences into the plan: the checker's numbers, reasons for what is left out.

Nothing is silently dropped: each job is in a route or in ``unassigned`` with a machine-readable
reason and a sentence in French and English; each lot that may not travel is in ``rejected_lots``.
"""

from __future__ import annotations

import copy

from optimizer.check import Code, Evaluation, evaluate, evaluate_route, route_verdict
from optimizer.context import Context, to_class_kg
from optimizer.messages import message
from optimizer.model import (
    TEMPERATURE_CLASSES,
    ClassKg,
    Delivery,
    Pickup,
    Problem,
    RoadTravel,
    Shipment,
    TemperatureClass,
    Vehicle,
)
from optimizer.model.food import rejection
from optimizer.plan import (
    BackendResult,
    Kpis,
    Plan,
    RejectedLot,
    Route,
    RouteSequence,
    SolverStats,
    StopKind,
    Unassigned,
    UnassignedReason,
)
from optimizer.solving.insertion import best_insertion, compatible
from optimizer.solving.on_board import largest_limit_min, without_limits

_TIME_CODES = frozenset({Code.TIME_WINDOW, Code.SHIFT})
_LIMIT_CODES = _TIME_CODES | {Code.MAX_DURATION, Code.MAX_DISTANCE, Code.BREAK}


def _sentences(key: str, **values: object) -> tuple[str, str]:
    return message(key, "fr", **values), message(key, "en", **values)


def _reason(
    ctx: Context, sequences: list[RouteSequence], job_id: str
) -> tuple[UnassignedReason, str, str]:
    """Why this job is in no route, checked in the order a planner would ask."""
    food = ctx.food[job_id]
    if not food.lots:
        return (UnassignedReason.EXPIRED, *_sentences("unassigned.expired", job=job_id))
    needed_skills = {
        skill for site in ctx.sites_of(job_id) for skill in ctx.sites[site].required_skills
    }
    needed_classes = [k for k in TEMPERATURE_CLASSES if ctx.amounts[job_id][k] > 0]
    vehicles = ctx.problem.vehicles
    equipped = [
        v
        for v in vehicles
        if needed_skills <= set(v.skills) and all(v.capacity_kg.get(k) > 0 for k in needed_classes)
    ]
    if not equipped:
        lacking_classes = [
            k for k in needed_classes if all(v.capacity_kg.get(k) <= 0 for v in vehicles)
        ]
        return (
            UnassignedReason.NO_COMPATIBLE_VEHICLE,
            *_need_sentences(job_id, lacking_classes, sorted(needed_skills)),
        )
    fitting = [v for v in equipped if compatible(ctx, v, job_id)]
    if not fitting:
        kg = round(food.kg, 1)
        return (UnassignedReason.CAPACITY, *_sentences("unassigned.capacity", job=job_id, kg=kg))
    limit = _route_limit(ctx, fitting, job_id)
    if limit is not None:
        return limit
    insertion = best_insertion(ctx, sequences, job_id)
    if insertion is None:
        held = time_on_board_reason(ctx, sequences, job_id)
        if held is not None:
            return held
        return (
            UnassignedReason.NO_ROOM_IN_ROUTES,
            *_sentences("unassigned.no_room_in_routes", job=job_id),
        )
    return (
        UnassignedReason.NOT_WORTH_DETOUR,
        *_sentences(
            "unassigned.not_worth_detour",
            job=job_id,
            cost=f"{insertion.extra_cost_eur:.2f}",
            value=f"{food.value_eur:.2f}",
        ),
    )


def _route_limit(
    ctx: Context, fitting: list[Vehicle], job_id: str
) -> tuple[UnassignedReason, str, str] | None:
    """Why no fitting vehicle can serve the job even alone, or None when one can.

    The job alone on a vehicle is the shortest route it can be on. When that breaks only a
    vehicle's maximum distance (or only its maximum duration) on some vehicle, the limit is
    the reason a planner can act on; otherwise the windows and shifts are.
    """
    blocked: list[frozenset[Code]] = []
    shortest_m: int | None = None
    for vehicle in fitting:
        verdict = route_verdict(ctx, RouteSequence(vehicle.id, (ctx.alone(job_id),)))
        codes = _LIMIT_CODES & verdict.codes
        if not codes:
            return None
        blocked.append(codes)
        if codes == {Code.MAX_DISTANCE}:
            alone = evaluate_route(ctx, RouteSequence(vehicle.id, (ctx.alone(job_id),)))
            metres = alone.route.distance_m
            shortest_m = metres if shortest_m is None else min(shortest_m, metres)
    if shortest_m is not None:
        km = f"{shortest_m / 1000:.1f}"
        return (
            UnassignedReason.MAX_DISTANCE,
            *_sentences("unassigned.max_distance", job=job_id, km=km),
        )
    if frozenset({Code.MAX_DURATION}) in blocked:
        return (
            UnassignedReason.MAX_DURATION,
            *_sentences("unassigned.max_duration", job=job_id),
        )
    if _blocked_by_breaks(ctx, fitting, job_id):
        return (UnassignedReason.DRIVER_BREAK, *_sentences("unassigned.driver_break", job=job_id))
    return (
        UnassignedReason.TIME_WINDOW_UNREACHABLE,
        *_sentences("unassigned.time_window_unreachable", job=job_id),
    )


def _blocked_by_breaks(ctx: Context, fitting: list[Vehicle], job_id: str) -> bool:
    """Whether a vehicle whose driver takes breaks could serve the job alone without them.

    Then no order of the stops can fit both the job's window and the break: the planner may
    move the break (or the window), which is what the reason tells.
    """
    with_breaks = [v for v in fitting if v.breaks]
    if not with_breaks:
        return False
    unbroken = copy.copy(ctx)
    unbroken.vehicles = {
        **ctx.vehicles,
        **{v.id: v.model_copy(update={"breaks": []}) for v in with_breaks},
    }
    for vehicle in with_breaks:
        verdict = route_verdict(unbroken, RouteSequence(vehicle.id, (ctx.alone(job_id),)))
        if not _LIMIT_CODES & verdict.codes:
            return True
    return False


def time_on_board_reason(
    ctx: Context, sequences: list[RouteSequence], job_id: str
) -> tuple[UnassignedReason, str, str] | None:
    """``time_on_board`` when the job fits nowhere but would fit without the limit, else None.

    Asked of a job that no route can take: the limit is the reason a planner can act on (a
    refrigerated vehicle, one more reload) when the same routes could take it without it.
    """
    limit = largest_limit_min(ctx, job_id)
    if limit is None or best_insertion(without_limits(ctx), sequences, job_id) is None:
        return None
    return (
        UnassignedReason.TIME_ON_BOARD,
        *_sentences("unassigned.time_on_board", job=job_id, limit=limit),
    )


def _need_sentences(
    job_id: str, classes: list[TemperatureClass], skills: list[str]
) -> tuple[str, str]:
    pair = []
    for language in ("fr", "en"):
        parts = []
        if classes:
            names = ", ".join(message(f"class.{k.value}", language) for k in classes)
            parts.append(message("need.compartment", language, classes=names))
        if skills or not parts:
            parts.append(message("need.skills", language, skills=", ".join(skills)))
        need = " + ".join(parts)
        pair.append(message("unassigned.no_compatible_vehicle", language, need=need, job=job_id))
    return pair[0], pair[1]


def _rejected_lots(ctx: Context) -> list[RejectedLot]:
    problem = ctx.problem
    rejected = []
    for job in [*problem.jobs, *problem.shipments]:
        for lot in job.lots:
            why = rejection(lot, job, problem.date, problem.settings)
            if why is None:
                continue
            date = lot.date.isoformat() if lot.date else ""
            fr, en = _sentences(f"lot.{why.value}", lot=lot.id, job=job.id, date=date)
            rejected.append(
                RejectedLot(
                    job=job.id,
                    lot=lot.id,
                    reason=why.value,
                    message_fr=fr,
                    message_en=en,
                    kg=lot.kg,
                )
            )
    return rejected


def _kind(job: Pickup | Delivery | Shipment) -> StopKind:
    """The kind of stop a job makes; a shipment is listed by its pickup (site and kind)."""
    if isinstance(job, Shipment):
        return StopKind.SHIPMENT_PICKUP
    return StopKind.PICKUP if isinstance(job, Pickup) else StopKind.DELIVERY


def _sum_kg(amounts: list[ClassKg]) -> ClassKg:
    return ClassKg(
        **{k.value: round(sum(a.get(k) for a in amounts), 6) for k in TEMPERATURE_CLASSES}
    )


def _drawn_along_roads(problem: Problem, routes: list[Route]) -> list[Route]:
    """With road travel, each route gets its legs' road geometry; otherwise unchanged."""
    if not isinstance(problem.travel, RoadTravel) or not routes:
        return routes
    # Imported here: the road engine loads Valhalla, which straight-line days never need.
    from optimizer.roads.geometry import with_road_shapes

    return with_road_shapes(problem, problem.travel, routes)


def assemble_plan(ctx: Context, result: BackendResult, seed: int = 0) -> tuple[Plan, Evaluation]:
    """Evaluate the backend's routes with the checker and write the complete plan."""
    sequences = [s for s in result.routes if s.jobs]
    evaluation = evaluate(ctx, sequences)
    unassigned = []
    for job in [*ctx.problem.jobs, *ctx.problem.shipments]:
        if job.id in evaluation.served:
            continue
        reason, fr, en = _reason(ctx, sequences, job.id)
        unassigned.append(
            Unassigned(
                job=job.id,
                kind=_kind(job),
                site=ctx.sites_of(job.id)[0],
                required=job.required,
                reason=reason,
                message_fr=fr,
                message_en=en,
                kg=to_class_kg(ctx.amounts[job.id]),
                value_eur=round(ctx.food[job.id].value_eur, 2),
            )
        )
    rejected = _rejected_lots(ctx)
    routes = _drawn_along_roads(ctx.problem, [e.route for e in evaluation.routes])
    pickups = ctx.problem.pickups
    deliveries = ctx.problem.deliveries
    served_pickups = [p for p in pickups if p.id in evaluation.served]
    served_shipments = [s for s in ctx.problem.shipments if s.id in evaluation.served]
    kpis = Kpis(
        vehicles_used=len(routes),
        vehicles_available=len(ctx.problem.vehicles),
        distance_km=round(sum(r.distance_m for r in routes) / 1000, 3),
        duration_h=round(sum(r.duration_s for r in routes) / 3600, 3),
        co2e_kg=round(sum(r.co2e_kg for r in routes), 3),
        picked_up_kg=_sum_kg([r.picked_up_kg for r in routes]),
        delivered_kg=_sum_kg([r.delivered_kg for r in routes]),
        pickups_served=len(served_pickups),
        pickups_offered=len(pickups),
        deliveries_served=sum(1 for d in deliveries if d.id in evaluation.served),
        deliveries_requested=len(deliveries),
        unassigned_kg=_sum_kg([u.kg for u in unassigned]),
        rejected_kg=round(sum(r.kg for r in rejected), 3),
        # Food rescued from donors: pickups brought back and shipments taken straight on.
        value_rescued_eur=round(
            sum(ctx.food[p.id].value_eur for p in served_pickups)
            + sum(ctx.food[s.id].value_eur for s in served_shipments),
            2,
        ),
    )
    solver = SolverStats(
        backend=result.backend,
        runtime_s=round(result.runtime_s, 3),
        iterations=result.iterations,
        seed=seed,
        solver_objective=result.solver_objective,
        solver_feasible=result.solver_feasible,
        improvements=[
            (round(i.elapsed_s, 3), round(i.objective_eur, 2)) for i in result.improvements
        ],
        time_to_best_s=(
            round(result.improvements[-1].elapsed_s, 3) if result.improvements else None
        ),
    )
    plan = Plan(
        problem_name=ctx.problem.name,
        date=ctx.problem.date,
        feasible=evaluation.feasible,
        routes=routes,
        unassigned=unassigned,
        rejected_lots=rejected,
        objective=evaluation.objective,
        kpis=kpis,
        solver=solver,
    )
    return plan, evaluation
