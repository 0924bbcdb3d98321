"""VROOM as a peer in the quality benchmark: the same problem, the same matrices, our checker.

Everything the food-bank model says that VROOM can express is given to it: amounts per
temperature class plus payload, skills, multiple time windows, shifts, fixed and per-distance
costs, and priorities for optional pickups. What it cannot express is left out and stated here:

- every VROOM job is optional and ``priority`` is lexicographic (priority sum first, then cost):
  required jobs get priority 100, optional ones a priority scaled from their food value, so VROOM
  takes every optional pickup it can fit whatever the detour costs;
- no reloads (multi-trip) and no depot loading time at reloads; the depot loading time at the
  start is given by opening the vehicle's window that much later;
- its hourly cost ignores waiting time.

The routes VROOM returns are re-evaluated by :mod:`optimizer.check` like any backend's.
"""

from __future__ import annotations

import time
from datetime import timedelta

import numpy as np
import vroom

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Pickup
from optimizer.plan import BackendResult, RouteSequence
from optimizer.units import ceil_int

# Costs are integers in VROOM: 1 unit = 0.001 €, precise enough for €/km of a few tenths.
COST_UNITS_PER_EUR = 1000
REQUIRED_PRIORITY = 100
NO_MAX_DISTANCE = 2**32 - 1
"""pyvroom's own default ``max_distance`` (metres): no limit."""


def _amounts(ctx: Context, job_id: str) -> list[int]:
    amounts = ctx.amounts[job_id]
    per_class = [ceil_int(amounts[k]) for k in TEMPERATURE_CLASSES]
    return [*per_class, ceil_int(sum(amounts.values()))]


class VroomPeer:
    """Solve with VROOM at one or several exploration levels sharing one wall-clock budget."""

    def __init__(self, levels: tuple[int, ...] = (1, 2, 3, 4, 5), threads: int = 2) -> None:
        if not levels or any(level not in range(1, 6) for level in levels):
            raise ValueError("exploration levels must be between 1 and 5.")
        self.levels = levels
        self.threads = threads
        self.name = "vroom"
        self.per_level: dict[int, float] = {}

    def _input(self, ctx: Context) -> tuple[vroom.Input, dict[int, str]]:
        problem = ctx.problem
        matrix = ctx.matrix
        problem_input = vroom.Input()
        skill_ids: dict[str, int] = {}

        def skills(names: list[str]) -> set[int]:
            return {skill_ids.setdefault(name, len(skill_ids) + 1) for name in names}

        values = [ctx.food[j.id].value_eur for j in problem.jobs if not j.required]
        values += [ctx.food[s.id].value_eur for s in problem.shipments if not s.required]
        top_value = max(values, default=1.0) or 1.0
        for number, vehicle in enumerate(problem.vehicles, start=1):
            profile = f"v{number}"
            cost = (
                matrix.distance_m.astype(float) * vehicle.cost_per_km / 1000
                + matrix.duration_s.astype(float) * vehicle.cost_per_hour / 3600
            ) * COST_UNITS_PER_EUR
            problem_input.set_durations_matrix(profile, matrix.duration_s.astype(np.uint32))
            problem_input.set_distances_matrix(profile, matrix.distance_m.astype(np.uint32))
            problem_input.set_costs_matrix(profile, np.rint(cost).astype(np.uint32))
            open_at, _ = ctx.depot_hours(vehicle.depot)
            start = max(vehicle.shift_start, open_at) + ctx.depot_service_s(vehicle.depot)
            end = min(vehicle.shift_end, ctx.depot_hours(vehicle.end_depot_id)[1])
            capacity = [int(vehicle.capacity_kg.get(k)) for k in TEMPERATURE_CLASSES]
            limit_m = vehicle.max_distance_m
            problem_input.add_vehicle(
                vroom.Vehicle(
                    number,
                    start=matrix.index(vehicle.depot),
                    end=matrix.index(vehicle.end_depot_id),
                    profile=profile,
                    capacity=[*capacity, int(vehicle.payload_limit_kg)],
                    skills=skills(vehicle.skills),
                    time_window=vroom.TimeWindow(start, max(end, start)),
                    costs=vroom.VehicleCosts(fixed=round(vehicle.fixed_cost * COST_UNITS_PER_EUR)),
                    max_travel_time=vehicle.max_duration_s,
                    max_distance=NO_MAX_DISTANCE if limit_m is None else limit_m,
                )
            )
        job_ids: dict[int, str] = {}
        jobs = []
        for number, job in enumerate(problem.jobs, start=1):
            if not ctx.food[job.id].lots:
                continue
            job_ids[number] = job.id
            amounts = _amounts(ctx, job.id)
            empty = [0] * len(amounts)
            windows = [vroom.TimeWindow(w.start, w.end) for w in ctx.windows(job.id)]
            priority = (
                REQUIRED_PRIORITY
                if job.required
                else max(1, round(99 * ctx.food[job.id].value_eur / top_value))
            )
            jobs.append(
                vroom.Job(
                    number,
                    location=matrix.index(job.site),
                    default_service=ctx.service_s(job.id),
                    pickup=amounts if isinstance(job, Pickup) else empty,
                    delivery=empty if isinstance(job, Pickup) else amounts,
                    skills=skills(ctx.sites[job.site].required_skills),
                    priority=priority,
                    time_windows=windows,
                )
            )
        if jobs:
            problem_input.add_job(jobs)
        for number, shipment in enumerate(problem.shipments, start=len(problem.jobs) + 1):
            if not ctx.food[shipment.id].lots:
                continue
            job_ids[-number] = shipment.id  # negative keys: shipment steps, not single jobs
            pickup_windows, delivery_windows = ctx.shipment_windows(shipment.id)
            pickup_service, delivery_service = ctx.shipment_service_s(shipment.id)
            steps = []
            for site, windows, service in (
                (shipment.pickup.site, pickup_windows, pickup_service),
                (shipment.delivery.site, delivery_windows, delivery_service),
            ):
                steps.append(
                    vroom.ShipmentStep(
                        number,
                        location=matrix.index(site),
                        default_service=service,
                        time_windows=[vroom.TimeWindow(w.start, w.end) for w in windows],
                    )
                )
            priority = (
                REQUIRED_PRIORITY
                if shipment.required
                else max(1, round(99 * ctx.food[shipment.id].value_eur / top_value))
            )
            problem_input.add_shipment(
                steps[0],
                steps[1],
                amount=vroom.Amount(_amounts(ctx, shipment.id)),
                skills=skills(
                    ctx.sites[shipment.pickup.site].required_skills
                    + ctx.sites[shipment.delivery.site].required_skills
                ),
                priority=priority,
            )
        return problem_input, job_ids

    def solve(
        self,
        ctx: Context,
        options: SolveOptions,
        on_progress: ProgressCallback | None = None,
    ) -> BackendResult:
        started = time.monotonic()
        problem_input, job_ids = self._input(ctx)
        vehicle_ids = {n: v.id for n, v in enumerate(ctx.problem.vehicles, start=1)}
        best: tuple[int, int, list[RouteSequence]] | None = None
        for level in self.levels:
            remaining = options.time_limit_s - (time.monotonic() - started)
            if remaining <= 0.05:
                break
            solution = problem_input.solve(
                exploration_level=level,
                nb_threads=self.threads,
                timeout=timedelta(seconds=remaining),
            )
            routes = _sequences(solution.routes, job_ids, vehicle_ids)
            unassigned = len(solution.unassigned)
            cost = int(solution.summary.cost)
            self.per_level[level] = cost / COST_UNITS_PER_EUR
            if best is None or (unassigned, cost) < (best[0], best[1]):
                best = (unassigned, cost, routes)
        return BackendResult(
            backend=f"vroom(levels {','.join(map(str, self.levels))})",
            routes=best[2] if best else [],
            runtime_s=time.monotonic() - started,
            solver_objective=best[1] / COST_UNITS_PER_EUR if best else None,
        )


def _sequences(
    routes: object, job_ids: dict[int, str], vehicle_ids: dict[int, str]
) -> list[RouteSequence]:
    """VROOM's step table (one row per step) → one trip per vehicle, in visiting order."""
    table = routes  # a pandas-like frame with vehicle_id, type and id columns
    ordered: dict[str, list[str]] = {}
    for vehicle, kind, job in zip(
        table["vehicle_id"],
        table["type"],
        table["id"],
        strict=True,  # type: ignore[index]
    ):
        if kind == "job":
            ordered.setdefault(vehicle_ids[int(vehicle)], []).append(job_ids[int(job)])
        elif kind in ("pickup", "delivery"):
            # A shipment's id twice in the trip: its pickup, then its delivery.
            ordered.setdefault(vehicle_ids[int(vehicle)], []).append(job_ids[-int(job)])
    return [RouteSequence(vehicle, (tuple(jobs),)) for vehicle, jobs in ordered.items()]
