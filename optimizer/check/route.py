"""One route recomputed from its sequence of jobs: every violation, its stops and its cost."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.check.loads import (
    add_initial_load,
    assign_loads,
    load_violations,
    on_board_violations,
)
from optimizer.check.on_board import time_on_board_violations
from optimizer.check.schedule import (
    earliest_schedule,
    latest_useful_departure,
    schedule_with_breaks,
)
from optimizer.check.shipments import shipment_violations
from optimizer.check.violations import Code, Violation
from optimizer.check.visits import Visit, visits_of
from optimizer.context import Context, to_class_kg, zero_kg
from optimizer.model import TEMPERATURE_CLASSES, Vehicle
from optimizer.plan import Route, RouteBreak, RouteSequence, Stop, StopKind
from optimizer.units import format_clock


@dataclass
class RouteEvaluation:
    route: Route
    violations: list[Violation]
    fixed_eur: float
    distance_eur: float
    time_eur: float


def evaluate_route(ctx: Context, sequence: RouteSequence) -> RouteEvaluation:
    """Recompute one route from its sequence of jobs; list everything it violates."""
    evaluation = _evaluate_route(ctx, sequence, detail=True)
    assert isinstance(evaluation, RouteEvaluation)
    return evaluation


@dataclass(frozen=True, slots=True)
class RouteVerdict:
    """What a repair needs of a trial route: whether it breaks anything, and its travel cost."""

    feasible: bool
    cost_eur: float
    codes: frozenset[Code] = frozenset()


def route_verdict(ctx: Context, sequence: RouteSequence) -> RouteVerdict:
    """:func:`evaluate_route`'s verdict and cost without writing the stops of the route.

    The same computation, so the verdict is the same; building the stops' records was most of
    the time of the insertion repairs, which evaluate thousands of trial routes.
    """
    verdict = _evaluate_route(ctx, sequence, detail=False)
    assert isinstance(verdict, RouteVerdict)
    return verdict


def _evaluate_route(
    ctx: Context, sequence: RouteSequence, detail: bool
) -> RouteEvaluation | RouteVerdict:
    vehicle = ctx.vehicles[sequence.vehicle]
    violations = _sequence_violations(ctx, vehicle, sequence)
    visits = visits_of(ctx, vehicle, sequence)
    assign_loads(visits)
    add_initial_load(vehicle, visits)
    times, distances, breaks = _timetable(ctx, vehicle, visits, violations)
    violations.extend(time_on_board_violations(ctx, vehicle, visits, [t[1] for t in times]))
    trips = len(sequence.trips)
    if trips - 1 > vehicle.max_reloads:
        violations.append(
            Violation(
                Code.RELOADS,
                f"{trips - 1} reload(s) but the vehicle allows {vehicle.max_reloads}",
                vehicle.id,
            )
        )
    stops = _walk(ctx, vehicle, visits, times, distances, violations, detail)
    route_start = times[0][0]
    route_end = times[-1][0]
    duration = route_end - route_start
    violations.extend(_duration_violations(vehicle, route_end, duration))
    distance_m = sum(distances)
    violations.extend(_distance_violations(vehicle, distance_m))
    fixed = vehicle.fixed_cost if sequence.jobs else 0.0
    distance_eur = vehicle.cost_per_km * distance_m / 1000
    time_eur = vehicle.cost_per_hour * duration / 3600
    if not detail:
        return RouteVerdict(
            not violations, fixed + distance_eur + time_eur, frozenset(v.code for v in violations)
        )
    picked = zero_kg()
    delivered = zero_kg()
    for visit in visits:
        for klass in TEMPERATURE_CLASSES:
            picked[klass] += visit.picked[klass]
            delivered[klass] += visit.delivered[klass]
    value = sum(
        ctx.food[v.job].value_eur
        for v in visits
        if v.job is not None and v.kind is not StopKind.SHIPMENT_DELIVERY
    )
    route = Route(
        vehicle=vehicle.id,
        stops=stops,
        start=route_start,
        end=route_end,
        distance_m=distance_m,
        duration_s=duration,
        cost_eur=round(fixed + distance_eur + time_eur, 4),
        co2e_kg=round(vehicle.co2e_kg_per_km * distance_m / 1000, 4),
        picked_up_kg=to_class_kg(picked),
        delivered_kg=to_class_kg(delivered),
        value_eur=round(value, 4),
        breaks=breaks,
    )
    return RouteEvaluation(route, violations, fixed, distance_eur, time_eur)


def _sequence_violations(
    ctx: Context, vehicle: Vehicle, sequence: RouteSequence
) -> list[Violation]:
    """What is wrong with the sequence itself: unknown jobs, split shipments, goods on board."""
    violations = [
        Violation(Code.UNKNOWN_JOB, f"no job '{job_id}'", vehicle.id, job_id)
        for job_id in sequence.jobs
        if not ctx.knows(job_id)
    ]
    violations.extend(shipment_violations(ctx, sequence))
    violations.extend(on_board_violations(ctx, vehicle, sequence))
    return violations


Times = list[tuple[int, int, int, int]]
"""Per visit: arrival, service start, departure and slack, seconds."""


def _timetable(
    ctx: Context, vehicle: Vehicle, visits: list[Visit], violations: list[Violation]
) -> tuple[Times, list[int], list[RouteBreak]]:
    """The route's times and leg distances, breaks placed; a break that fits nowhere is added
    to ``violations``."""
    open_at, _ = ctx.depot_hours(vehicle.depot)
    earliest = vehicle.shift_start if vehicle.starts_away else max(vehicle.shift_start, open_at)
    if not vehicle.breaks:
        first_pass, _ = earliest_schedule(ctx, vehicle, visits, earliest)
        departure = latest_useful_departure(first_pass, earliest)
        times, distances = earliest_schedule(ctx, vehicle, visits, departure)
        return times, distances, []
    times, distances, placed = schedule_with_breaks(ctx, vehicle, visits, earliest)
    breaks = [
        RouteBreak(id=b.id, start=b.start, end=b.end, after_stop=b.after_visit)
        for b in placed.taken
    ]
    for rule in placed.missed:
        violations.append(
            Violation(
                Code.BREAK,
                f"break '{rule.id}' fits nowhere: the driver is never free to start it "
                f"between {format_clock(rule.earliest)} and {format_clock(rule.latest)}",
                vehicle.id,
            )
        )
    return times, distances, breaks


def _walk(
    ctx: Context,
    vehicle: Vehicle,
    visits: list[Visit],
    times: Times,
    distances: list[int],
    violations: list[Violation],
    detail: bool,
) -> list[Stop]:
    """Follow the load visit by visit; add what each visit breaks to ``violations`` and, with
    ``detail``, return the record of every stop."""
    stops: list[Stop] = []
    load = zero_kg()
    capacity = {k: vehicle.capacity_kg.get(k) for k in TEMPERATURE_CLASSES}
    skills = set(vehicle.skills)
    for visit, (arrival, start, leave, _), distance in zip(visits, times, distances, strict=True):
        if visit.kind in (StopKind.START, StopKind.RELOAD, StopKind.END):
            for klass in TEMPERATURE_CLASSES:
                load[klass] -= visit.unloaded[klass]
                if visit.kind is not StopKind.END:
                    load[klass] += visit.loaded[klass]
        else:
            for klass in TEMPERATURE_CLASSES:
                load[klass] += visit.picked[klass] - visit.delivered[klass]
        if visit.kind is not StopKind.END:
            violations.extend(load_violations(vehicle, load, capacity, visit))
        violations.extend(_visit_violations(ctx, vehicle.id, skills, visit, start))
        if not detail:
            continue
        stops.append(
            Stop(
                kind=visit.kind,
                site=visit.site,
                job=visit.job,
                lots=visit.lots,
                arrival=arrival,
                service_start=start,
                departure=leave,
                wait_s=start - arrival,
                distance_from_previous_m=distance,
                picked_up_kg=to_class_kg(visit.picked),
                delivered_kg=to_class_kg(visit.delivered),
                loaded_kg=to_class_kg(visit.loaded),
                unloaded_kg=to_class_kg(visit.unloaded),
                load_after_kg=to_class_kg(load),
            )
        )
    return stops


def _visit_violations(
    ctx: Context, name: str, skills: set[str], visit: Visit, start: int
) -> list[Violation]:
    """Skills, something to move, and the service start inside a window, at one visit."""
    violations = []
    if visit.job is not None:
        missing = set(ctx.sites[visit.site].required_skills) - skills
        if missing:
            violations.append(
                Violation(
                    Code.SKILL,
                    f"site '{visit.site}' needs {sorted(missing)} which the vehicle lacks",
                    name,
                    visit.job,
                )
            )
        if not visit.lots and visit.kind is not StopKind.SHIPMENT_DELIVERY:
            violations.append(
                Violation(
                    Code.NOTHING_TO_MOVE,
                    "every lot of this job is expired or too close to expiry",
                    name,
                    visit.job,
                )
            )
    if not any(early <= start <= late for early, late in visit.windows):
        what = visit.job or f"{visit.kind.value} at {visit.site}"
        violations.append(
            Violation(
                Code.TIME_WINDOW if visit.job else Code.SHIFT,
                f"{what}: service at {format_clock(start)} is outside "
                + ", ".join(f"{format_clock(a)}-{format_clock(b)}" for a, b in visit.windows),
                name,
                visit.job,
            )
        )
    return violations


def _duration_violations(vehicle: Vehicle, route_end: int, duration: int) -> list[Violation]:
    violations = []
    if route_end > vehicle.shift_end:
        violations.append(
            Violation(
                Code.SHIFT,
                f"back at {format_clock(route_end)}, after the shift end "
                f"{format_clock(vehicle.shift_end)}",
                vehicle.id,
            )
        )
    limit = vehicle.max_duration_s
    if limit is not None and duration > limit:
        violations.append(
            Violation(
                Code.MAX_DURATION,
                f"route lasts {duration // 60} min, more than {limit // 60} min "
                f"({_minutes(duration - limit)} min over)",
                vehicle.id,
            )
        )
    return violations


def _distance_violations(vehicle: Vehicle, distance_m: int) -> list[Violation]:
    limit = vehicle.max_distance_m
    if limit is None or distance_m <= limit:
        return []
    return [
        Violation(
            Code.MAX_DISTANCE,
            f"route covers {_km(distance_m)} km, more than {_km(limit)} km "
            f"({_km(distance_m - limit)} km over)",
            vehicle.id,
        )
    ]


def _minutes(seconds: int) -> str:
    """Minutes for a message: whole when whole, else one decimal (a few seconds over shows)."""
    return f"{seconds // 60}" if seconds % 60 == 0 else f"{seconds / 60:.1f}"


def _km(metres: int) -> str:
    """Kilometres for a message, to the metre, trailing zeros dropped: 80, 80.5, 0.001."""
    return f"{metres / 1000:.3f}".rstrip("0").rstrip(".")
