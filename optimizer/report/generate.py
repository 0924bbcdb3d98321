"""A seeded history of working days for demos: varied days, planned, executed with noise.

Each day is derived from a base problem (``instances/dijon-200.json``): its date moves, lots'
dates move with it (±1 day of noise, so some food expires), donations vary with the weekday, the
season and chance, each partner is due a delivery about twice a week, and a vehicle is off now
and then. Some donors are relabelled producers or food industry so that reports by source show
more than supermarkets.

Planning 60 days with the real search takes minutes (≈7 s a day on this machine with a 1 s
limit), so each day is planned by a cheap greedy heuristic instead: required jobs in order of
their latest start, each inserted where the checker says it fits at the least extra cost
(:func:`optimizer.solving.insertion.best_insertion`), then the optional pickups worth their detour
(:func:`optimizer.solving.insertion.insert_profitable`).
The plan is then written by :func:`optimizer.solving.assemble.assemble_plan` like any backend's, so
every number in it is the checker's. Execution noise follows: drivers report about 90 % of
routes; a reported pickup brings ±10 % of the planned kg, 3 % of pickups and 1 % of deliveries
are skipped.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from typing import Any

from optimizer.context import Context
from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.model import TEMPERATURE_CLASSES, ClassKg, Problem
from optimizer.plan import BackendResult, Plan, RouteSequence, StopKind
from optimizer.report.history import DayRecord, StopReport, StopStatus
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.insertion import best_insertion, insert_profitable

# Monday brings the weekend's unsold food; Friday is quieter (BAB drivers' rule of thumb).
WEEKDAY_VOLUME = (1.2, 1.0, 1.0, 0.95, 0.85)
DELIVERY_PROBABILITY = 0.35  # each partner is delivered about twice a week
PICKUP_PROBABILITY = 0.92  # a store sometimes has nothing to give
VEHICLE_OFF_PROBABILITY = 0.25  # one vehicle off (no driver, repair) on about one day in four
ROUTE_REPORTED = 0.9
PICKUP_SKIPPED = 0.03
DELIVERY_SKIPPED = 0.01
PICKUP_NOISE = 0.10  # actual ÷ planned kg at a pickup: uniform in [0.9, 1.1]
SKIP_REASONS = ("magasin fermé", "rien à donner", "accès impossible", "association fermée")
# Every 7th donor is a producer, every 11th the food industry (the base file has only stores).
RELABEL = ((7, "producer"), (11, "industry"))


def working_days(start: dt.date, count: int) -> list[dt.date]:
    """``count`` weekdays from ``start`` on (``start`` included when it is a weekday)."""
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _kg(value: float) -> float:
    return max(0.5, round(value * 2) / 2)


def vary_problem(base: dict[str, Any], day: dt.date, rng: random.Random) -> Problem:
    """The base problem moved to ``day`` with the day's donations, deliveries and fleet."""
    base_date = dt.date.fromisoformat(base["date"])
    shift = day - base_date
    season = 1.0 + 0.12 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 30) / 365)
    volume = WEEKDAY_VOLUME[day.weekday()] * season

    def moved_lot(lot: dict[str, Any], factor: float) -> dict[str, Any]:
        out = dict(lot, kg=_kg(lot["kg"] * factor * rng.uniform(0.8, 1.2)))
        if "date" in lot:
            noise = rng.choice((-1, 0, 0, 0, 0, 1)) if lot.get("date_kind") != "DDM" else 0
            moved = dt.date.fromisoformat(lot["date"]) + shift + dt.timedelta(days=noise)
            out["date"] = moved.isoformat()
        return out

    donors = [s for s in base["sites"] if s["kind"] == "donor"]
    sources = {}
    for index, site in enumerate(donors, start=1):
        for every, source in RELABEL:
            if index % every == 0:
                sources[site["id"]] = source
    sites = [dict(s, source=sources.get(s["id"], s.get("source", ""))) for s in base["sites"]]
    pickups = [
        dict(p, lots=[moved_lot(lot, volume) for lot in p["lots"]])
        for p in base["pickups"]
        if p.get("required") or rng.random() < PICKUP_PROBABILITY
    ]
    deliveries = [
        dict(d, lots=[moved_lot(lot, 1.0) for lot in d["lots"]])
        for d in base["deliveries"]
        if rng.random() < DELIVERY_PROBABILITY
    ]
    vehicles = list(base["vehicles"])
    if rng.random() < VEHICLE_OFF_PROBABILITY:
        vehicles.pop(rng.randrange(len(vehicles)))
    document = dict(
        base,
        name=f"{base.get('name', 'day')} — {day.isoformat()}",
        date=day.isoformat(),
        sites=sites,
        vehicles=vehicles,
        pickups=pickups,
        deliveries=deliveries,
    )
    return Problem.model_validate(document)


def _latest_start(ctx: Context, job_id: str) -> int:
    windows = ctx.windows(job_id)
    return max((w.end for w in windows), default=10**9)


def greedy_routes(ctx: Context) -> list[RouteSequence]:
    """Insert each required job, latest start first, at its cheapest feasible place (the
    checker judges every candidate); then the optional pickups worth their detour.

    One trip per vehicle; a job that fits nowhere is left out (and explained by the plan).
    """
    jobs = [j for j in ctx.problem.jobs if ctx.food[j.id].lots and j.required]
    jobs.sort(key=lambda j: _latest_start(ctx, j.id))
    sequences: list[RouteSequence] = []
    for job in jobs:
        insertion = best_insertion(ctx, sequences, job.id)
        if insertion is not None:
            sequences = insertion.apply(sequences, job.id)
    return insert_profitable(ctx, sequences)


def plan_cheaply(problem: Problem, matrix: TravelMatrix | None = None) -> Plan:
    """The greedy routes as a checked plan (the checker's numbers and reasons)."""
    ctx = Context(problem, matrix)
    routes = greedy_routes(ctx)
    plan, _ = assemble_plan(ctx, BackendResult("greedy", routes, runtime_s=0.0))
    return plan


def execute(plan: Plan, rng: random.Random) -> list[StopReport] | None:
    """Drivers' reports for a plan: some routes unreported, noisy kg, a few skipped stops."""
    reports: list[StopReport] = []
    reported_any = False
    for route in plan.routes:
        if rng.random() >= ROUTE_REPORTED:
            continue
        reported_any = True
        for stop in route.stops:
            if stop.job is None or stop.kind not in (StopKind.PICKUP, StopKind.DELIVERY):
                continue
            pickup = stop.kind is StopKind.PICKUP
            if rng.random() < (PICKUP_SKIPPED if pickup else DELIVERY_SKIPPED):
                reason = rng.choice(SKIP_REASONS[:3] if pickup else SKIP_REASONS[3:])
                reports.append(StopReport(job=stop.job, status=StopStatus.SKIPPED, reason=reason))
                continue
            planned = stop.picked_up_kg if pickup else stop.delivered_kg
            if pickup:
                factor = rng.uniform(1 - PICKUP_NOISE, 1 + PICKUP_NOISE)
                actual = ClassKg(
                    **{k.value: round(planned.get(k) * factor, 1) for k in TEMPERATURE_CLASSES}
                )
                reports.append(StopReport(job=stop.job, status=StopStatus.DONE, actual_kg=actual))
            else:
                reports.append(StopReport(job=stop.job, status=StopStatus.DONE))
    return reports if reported_any else None


def generate_history(
    base: dict[str, Any], start: dt.date, days: int, seed: int = 1
) -> Iterator[DayRecord]:
    """``days`` working days from ``start``, the same for the same ``base`` and ``seed``."""
    matrix: TravelMatrix | None = None
    for index, day in enumerate(working_days(start, days)):
        rng = random.Random(seed * 1_000_003 + index)
        problem = vary_problem(base, day, rng)
        if matrix is None:  # the same sites every day: one matrix serves them all
            matrix = build_matrix(problem)
        plan = plan_cheaply(problem, matrix)
        yield DayRecord(problem=problem, plan=plan, reports=execute(plan, rng))
