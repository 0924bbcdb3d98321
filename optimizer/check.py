"""The independent checker: the single source of truth on feasibility and cost.

Given a problem and the ordered stops of each vehicle, it recomputes everything from scratch:
travel, arrival, waiting, service start and departure at every stop; the load per temperature
class after every stop; windows, shifts, maximum duration, reloads, compartments, payload,
skills, DLC and coverage; and the objective in euros. It never trusts a solver's numbers: plans
are *built* from its evaluation, and a plan read from a file is re-evaluated and compared.

Conventions (the backends model exactly these):
- a route starts at the vehicle's depot no earlier than its shift start and the depot's opening;
  loading at the depot (the depot's ``service_min``) happens at the start of every trip;
- service starts inside one of the stop's windows; arriving early means waiting;
- the route ends on arrival at the end depot, by the shift end and the depot's closing;
- departure is as late as possible without making any stop later (minimal duration);
- loads: a trip leaves with all its deliveries on board and brings all its pickups back;
- a vehicle re-planned during the day (``Vehicle.start_site`` away from its depot) starts there
  at its shift start with no loading: its first trip carries ``initial_load_kg`` (food already
  picked up, unloaded at the next depot visit) and only the deliveries ``on_board`` it; goods on
  board one vehicle are delivered by that vehicle before it next reaches the depot;
- a shipment's id appears twice in one trip: first its pickup, then its delivery; its kg are on
  board between the two and never pass through the depot;
- driver breaks (``Vehicle.breaks``, in the order of their windows): between the end of one
  service and the start of the next the driver drives, may wait, and may take breaks. A break
  starts as soon as the previous service is over and its window has opened — at that stop, on
  the road, or while waiting at the next stop — and never after its latest start; it delays the
  next service by its duration unless waiting absorbs it, so it lengthens the route. No break is
  taken before the route's first loading; a break whose window is still open when the driver is
  back at the end depot is taken there, after the route (not counted in its duration). The
  checker places each break on the leg that gives the earliest schedule
  (:mod:`optimizer.breaks`) and reports ``break`` when a break fits nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from optimizer.breaks import BreakRule, BreakSchedule, latest_departure, schedule
from optimizer.breaks import Visit as BreakVisit
from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.model import (
    TEMPERATURE_CLASSES,
    ClassKg,
    Delivery,
    Pickup,
    Problem,
    Shipment,
    Site,
    TemperatureClass,
    TimeWindow,
    Vehicle,
)
from optimizer.model.food import JobFood, job_food, rejection
from optimizer.plan import Objective, Plan, Route, RouteBreak, RouteSequence, Stop, StopKind
from optimizer.units import format_clock, minutes_to_seconds

KG_TOLERANCE = 1e-6
EUR_TOLERANCE = 0.01


class Code(StrEnum):
    """Kinds of violation; a plan with any of them is infeasible."""

    UNKNOWN_VEHICLE = "unknown_vehicle"
    VEHICLE_USED_TWICE = "vehicle_used_twice"
    UNKNOWN_JOB = "unknown_job"
    JOB_SERVED_TWICE = "job_served_twice"
    REQUIRED_JOB_UNSERVED = "required_job_unserved"
    NOTHING_TO_MOVE = "nothing_to_move"
    TIME_WINDOW = "time_window"
    SHIFT = "shift"
    MAX_DURATION = "max_duration"
    CAPACITY = "capacity"
    PAYLOAD = "payload"
    SKILL = "skill"
    RELOADS = "reloads"
    EXPIRED_LOT = "expired_lot"
    SHIPMENT_INCOMPLETE = "shipment_incomplete"
    SHIPMENT_SPLIT = "shipment_split"
    SHIPMENT_ORDER = "shipment_order"
    BREAK = "break"
    NOT_ON_BOARD = "not_on_board"
    ON_BOARD = "on_board"
    UNASSIGNED_MISMATCH = "unassigned_mismatch"
    REPORTED_MISMATCH = "reported_mismatch"


@dataclass(frozen=True)
class Violation:
    code: Code
    message: str
    vehicle: str | None = None
    job: str | None = None

    def __str__(self) -> str:
        where = " ".join(part for part in (self.vehicle, self.job) if part)
        return f"[{self.code.value}] {where + ': ' if where else ''}{self.message}"


def _zero() -> dict[TemperatureClass, float]:
    return dict.fromkeys(TEMPERATURE_CLASSES, 0.0)


def class_kg(food: JobFood) -> dict[TemperatureClass, float]:
    amounts = _zero()
    for lot in food.lots:
        amounts[lot.temperature] += lot.kg
    return amounts


def to_class_kg(amounts: dict[TemperatureClass, float]) -> ClassKg:
    return ClassKg(**{k.value: round(max(v, 0.0), 6) for k, v in amounts.items()})


class Context:
    """Per-problem facts the evaluation needs, computed once: matrix, usable food, windows."""

    def __init__(self, problem: Problem, matrix: TravelMatrix | None = None) -> None:
        self.problem = problem
        self.matrix = matrix if matrix is not None else build_matrix(problem)
        self.sites: dict[str, Site] = {s.id: s for s in problem.sites}
        self.vehicles: dict[str, Vehicle] = {v.id: v for v in problem.vehicles}
        self.jobs: dict[str, Pickup | Delivery] = {j.id: j for j in problem.jobs}
        self.shipments: dict[str, Shipment] = {s.id: s for s in problem.shipments}
        self.shipment_food: dict[str, JobFood] = {
            s.id: job_food(s, problem.date, problem.settings) for s in problem.shipments
        }
        self.food: dict[str, JobFood] = {
            j.id: job_food(j, problem.date, problem.settings) for j in problem.jobs
        }
        self.food.update(self.shipment_food)
        self.amounts = {job_id: class_kg(food) for job_id, food in self.food.items()}
        self.carried_by: dict[str, str] = {
            job_id: vehicle.id for vehicle in problem.vehicles for job_id in vehicle.on_board
        }
        # Per-job facts every route evaluation reads, computed on first use: the repairs
        # evaluate thousands of trial routes, so nothing in them may rebuild a look-up.
        self._window_pairs: dict[str, list[tuple[int, int]]] = {}
        self._service: dict[str, int] = {}

    def knows(self, job_id: str) -> bool:
        """Whether ``job_id`` names a pickup, a delivery or a shipment of the problem."""
        return job_id in self.jobs or job_id in self.shipments

    def sites_of(self, job_id: str) -> tuple[str, ...]:
        """The site of a job, or the pickup and delivery sites of a shipment."""
        shipment = self.shipments.get(job_id)
        if shipment is None:
            return (self.jobs[job_id].site,)
        return shipment.pickup.site, shipment.delivery.site

    def stop_sites(self, job_ids: list[str] | tuple[str, ...]) -> list[str]:
        """The site of each stop of a trip, a shipment's first occurrence being its pickup."""
        seen: set[str] = set()
        sites = []
        for job_id in job_ids:
            ends = self.sites_of(job_id)
            sites.append(ends[-1] if job_id in seen else ends[0])
            seen.add(job_id)
        return sites

    def alone(self, job_id: str) -> tuple[str, ...]:
        """The trip that serves only this job: its id, twice for a shipment."""
        return (job_id, job_id) if job_id in self.shipments else (job_id,)

    def shipment_windows(self, shipment_id: str) -> tuple[list[TimeWindow], list[TimeWindow]]:
        """Pickup and delivery windows: each stop's own, else its site's."""
        shipment = self.shipments[shipment_id]
        return tuple(  # type: ignore[return-value]
            end.time_windows if end.time_windows is not None else self.sites[end.site].time_windows
            for end in (shipment.pickup, shipment.delivery)
        )

    def shipment_service_s(self, shipment_id: str) -> tuple[int, int]:
        """Service at the pickup and at the delivery: each site's fixed time plus handling."""
        shipment = self.shipments[shipment_id]
        kg = self.food[shipment_id].kg
        pickup, delivery = (self.sites[end.site] for end in (shipment.pickup, shipment.delivery))
        return (
            minutes_to_seconds(pickup.service_min) + round(pickup.service_s_per_kg * kg),
            minutes_to_seconds(delivery.service_min) + round(delivery.service_s_per_kg * kg),
        )

    def windows(self, job_id: str) -> list[TimeWindow]:
        job = self.jobs[job_id]
        own = job.time_windows
        return own if own is not None else self.sites[job.site].time_windows

    def window_pairs(self, job_id: str) -> list[tuple[int, int]]:
        """The job's windows as (start, end) seconds; the whole day when it has none."""
        pairs = self._window_pairs.get(job_id)
        if pairs is None:
            pairs = [(w.start, w.end) for w in self.windows(job_id)] or [(0, 10**9)]
            self._window_pairs[job_id] = pairs
        return pairs

    def service_s(self, job_id: str) -> int:
        service = self._service.get(job_id)
        if service is None:
            site = self.sites[self.jobs[job_id].site]
            service = minutes_to_seconds(site.service_min) + round(
                site.service_s_per_kg * self.food[job_id].kg
            )
            self._service[job_id] = service
        return service

    def depot_service_s(self, depot_id: str) -> int:
        return minutes_to_seconds(self.sites[depot_id].service_min)

    def depot_hours(self, depot_id: str) -> tuple[int, int]:
        windows = self.sites[depot_id].time_windows
        if not windows:
            return 0, 10**9
        return min(w.start for w in windows), max(w.end for w in windows)


@dataclass
class _Visit:
    kind: StopKind
    site: str
    job: str | None
    windows: list[tuple[int, int]]
    service_s: int
    picked: dict[TemperatureClass, float] = field(default_factory=_zero)
    delivered: dict[TemperatureClass, float] = field(default_factory=_zero)
    loaded: dict[TemperatureClass, float] = field(default_factory=_zero)
    unloaded: dict[TemperatureClass, float] = field(default_factory=_zero)
    lots: list[str] = field(default_factory=list)


@dataclass
class RouteEvaluation:
    route: Route
    violations: list[Violation]
    fixed_eur: float
    distance_eur: float
    time_eur: float


def _visits(ctx: Context, vehicle: Vehicle, sequence: RouteSequence) -> list[_Visit]:
    start_open, end_close = ctx.depot_hours(vehicle.depot)
    end_open, end_depot_close = ctx.depot_hours(vehicle.end_depot_id)
    if vehicle.starts_away:
        # Already on the road: nothing to load, no depot hours to wait for.
        first = _Visit(StopKind.START, vehicle.start_site_id, None, [(0, 10**9)], 0)
    else:
        first = _Visit(
            StopKind.START,
            vehicle.depot,
            None,
            [(start_open, end_close)],
            ctx.depot_service_s(vehicle.depot),
        )
    visits = [first]
    delivering: set[str] = set()
    for number, trip in enumerate(sequence.trips):
        if number > 0:
            visits.append(
                _Visit(
                    StopKind.RELOAD,
                    vehicle.depot,
                    None,
                    [(start_open, end_close)],
                    ctx.depot_service_s(vehicle.depot),
                )
            )
        for job_id in trip:
            if job_id in ctx.shipments:
                visits.append(_shipment_visit(ctx, job_id, job_id in delivering))
                delivering.add(job_id)
                continue
            job = ctx.jobs.get(job_id)
            if job is None:
                continue
            kind = StopKind.PICKUP if isinstance(job, Pickup) else StopKind.DELIVERY
            visit = _Visit(kind, job.site, job_id, ctx.window_pairs(job_id), ctx.service_s(job_id))
            visit.lots = [lot.id for lot in ctx.food[job_id].lots]
            amounts = ctx.amounts[job_id]
            if kind is StopKind.PICKUP:
                visit.picked = dict(amounts)
            else:
                visit.delivered = dict(amounts)
            visits.append(visit)
    visits.append(
        _Visit(StopKind.END, vehicle.end_depot_id, None, [(end_open, end_depot_close)], 0)
    )
    return visits


_SHIPMENT_KINDS = (StopKind.SHIPMENT_PICKUP, StopKind.SHIPMENT_DELIVERY)


def _shipment_visit(ctx: Context, shipment_id: str, delivering: bool) -> _Visit:
    """One end of a shipment: its first occurrence in a route picks up, the second delivers."""
    shipment = ctx.shipments[shipment_id]
    end = 1 if delivering else 0
    windows = [(w.start, w.end) for w in ctx.shipment_windows(shipment_id)[end]] or [(0, 10**9)]
    visit = _Visit(
        StopKind.SHIPMENT_DELIVERY if delivering else StopKind.SHIPMENT_PICKUP,
        (shipment.delivery if delivering else shipment.pickup).site,
        shipment_id,
        windows,
        ctx.shipment_service_s(shipment_id)[end],
    )
    visit.lots = [lot.id for lot in ctx.food[shipment_id].lots]
    if delivering:
        visit.delivered = dict(ctx.amounts[shipment_id])
    else:
        visit.picked = dict(ctx.amounts[shipment_id])
    return visit


def _shipment_violations(ctx: Context, sequence: RouteSequence) -> list[Violation]:
    """Both ends of each shipment in one trip of this route (the order is fixed by encoding)."""
    trips_of: dict[str, list[int]] = {}
    for number, trip in enumerate(sequence.trips):
        for job_id in trip:
            if job_id in ctx.shipments:
                trips_of.setdefault(job_id, []).append(number)
    found = []
    name = sequence.vehicle
    for shipment_id, trips in trips_of.items():
        if len(trips) == 1:
            found.append(
                Violation(
                    Code.SHIPMENT_INCOMPLETE,
                    "only one end of this shipment is in the route; "
                    "its pickup and its delivery go in the same trip",
                    name,
                    shipment_id,
                )
            )
        elif len(trips) > 2:
            found.append(
                Violation(
                    Code.JOB_SERVED_TWICE,
                    f"shipment listed {len(trips)} times in the route (2 expected)",
                    name,
                    shipment_id,
                )
            )
        elif trips[0] != trips[1]:
            found.append(
                Violation(
                    Code.SHIPMENT_SPLIT,
                    f"picked up in trip {trips[0] + 1} and delivered in trip {trips[1] + 1}: "
                    "a shipment does not pass through the depot",
                    name,
                    shipment_id,
                )
            )
    return found


def _assign_loads(visits: list[_Visit]) -> None:
    """What is loaded at the start of each trip and unloaded at its end."""
    trip_starts = [i for i, v in enumerate(visits) if v.kind in (StopKind.START, StopKind.RELOAD)]
    for position, first in enumerate(trip_starts):
        last = trip_starts[position + 1] if position + 1 < len(trip_starts) else len(visits) - 1
        for visit in visits[first + 1 : last]:
            if visit.kind in _SHIPMENT_KINDS:
                continue  # carried from its pickup to its delivery, never via the depot
            for klass in TEMPERATURE_CLASSES:
                visits[first].loaded[klass] += visit.delivered[klass]
                visits[last].unloaded[klass] += visit.picked[klass]


def _add_initial_load(vehicle: Vehicle, visits: list[_Visit]) -> None:
    """Food on board at the start is carried to the first depot visit and unloaded there."""
    first_depot = next(
        i for i, v in enumerate(visits) if i > 0 and v.kind in (StopKind.RELOAD, StopKind.END)
    )
    for klass in TEMPERATURE_CLASSES:
        visits[0].loaded[klass] += vehicle.initial_load_kg.get(klass)
        visits[first_depot].unloaded[klass] += vehicle.initial_load_kg.get(klass)


def _on_board_violations(
    ctx: Context, vehicle: Vehicle, sequence: RouteSequence
) -> list[Violation]:
    """Goods on board one vehicle are delivered by it on its current trip, and by no other.

    A vehicle that starts away from its depot has nothing else to deliver until it has been
    back there: the first trip's deliveries must all be on board.
    """
    found = []
    for number, trip in enumerate(sequence.trips):
        for job_id in trip:
            carrier = ctx.carried_by.get(job_id)
            if carrier is not None and carrier != vehicle.id:
                found.append(
                    Violation(
                        Code.ON_BOARD,
                        f"the goods are on board '{carrier}', not this vehicle",
                        vehicle.id,
                        job_id,
                    )
                )
            elif carrier is not None and number > 0:
                found.append(
                    Violation(
                        Code.ON_BOARD,
                        f"the goods are on board: delivered in trip 1, not trip {number + 1}",
                        vehicle.id,
                        job_id,
                    )
                )
            elif (
                carrier is None
                and number == 0
                and vehicle.starts_away
                and isinstance(ctx.jobs.get(job_id), Delivery)
            ):
                found.append(
                    Violation(
                        Code.NOT_ON_BOARD,
                        "the vehicle starts on the road and these goods are at the depot: "
                        "it must go back to load them first",
                        vehicle.id,
                        job_id,
                    )
                )
    return found


def _schedule(
    ctx: Context, vehicle: Vehicle, visits: list[_Visit], departure: int
) -> tuple[list[tuple[int, int, int, int]], list[int]]:
    """Earliest-start forward pass: per visit (arrival, service start, departure, slack)."""
    times: list[tuple[int, int, int, int]] = []
    distances: list[int] = []
    now = departure
    previous: str | None = None
    for visit in visits:
        travel = 0 if previous is None else ctx.matrix.duration(previous, visit.site)
        distances.append(0 if previous is None else ctx.matrix.distance(previous, visit.site))
        arrival = now + travel
        open_windows = [w for w in visit.windows if w[1] >= arrival]
        if open_windows:
            window = min(open_windows, key=lambda w: w[0])
            start = max(arrival, window[0])
            slack = window[1] - start
        else:
            start = arrival  # late: reported as a violation, the schedule carries on
            slack = 0
        leave = start + (visit.service_s if visit.kind is not StopKind.END else 0)
        times.append((arrival, start, leave, slack))
        now = leave
        previous = visit.site
    return times, distances


def _latest_useful_departure(times: list[tuple[int, int, int, int]], earliest: int) -> int:
    """Delay the departure to absorb waiting without making any stop later (or late).

    A delay D propagates until waiting absorbs it: at stop i the service moves by
    ``max(0, D - waits_before_and_at_i)``, which must stay within that stop's slack. Delaying
    by more than the total wait would only move the end later, so D ≤ total wait too.
    """
    waits = 0
    bound = None
    for arrival, start, _, slack in times[1:]:
        waits += start - arrival
        limit = slack + waits
        bound = limit if bound is None else min(bound, limit)
    delay = min(waits, bound if bound is not None else 0)
    return earliest + max(delay, 0)


def _schedule_with_breaks(
    ctx: Context, vehicle: Vehicle, visits: list[_Visit], earliest: int
) -> tuple[list[tuple[int, int, int, int]], list[int], BreakSchedule]:
    """Like :func:`_schedule` from the latest useful departure, with the driver's breaks placed."""
    legs: list[BreakVisit] = []
    distances: list[int] = []
    previous: str | None = None
    for visit in visits:
        travel = 0 if previous is None else ctx.matrix.duration(previous, visit.site)
        distances.append(0 if previous is None else ctx.matrix.distance(previous, visit.site))
        service = visit.service_s if visit.kind is not StopKind.END else 0
        legs.append(BreakVisit(travel, visit.windows, service))
        previous = visit.site
    rules = [
        BreakRule(identifier, rule.window.start, rule.window.end, rule.duration_s)
        for identifier, rule in zip(vehicle.break_ids(), vehicle.breaks, strict=True)
    ]
    placed = schedule(latest_departure(earliest, legs, rules), legs, rules)
    times = [(t.arrival, t.start, t.departure, t.slack) for t in placed.times]
    return times, distances, placed


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
    violations: list[Violation] = []
    vehicle = ctx.vehicles[sequence.vehicle]
    name = vehicle.id
    for job_id in sequence.jobs:
        if not ctx.knows(job_id):
            violations.append(Violation(Code.UNKNOWN_JOB, f"no job '{job_id}'", name, job_id))
    violations.extend(_shipment_violations(ctx, sequence))
    violations.extend(_on_board_violations(ctx, vehicle, sequence))
    visits = _visits(ctx, vehicle, sequence)
    _assign_loads(visits)
    _add_initial_load(vehicle, visits)

    open_at, _ = ctx.depot_hours(vehicle.depot)
    earliest = vehicle.shift_start if vehicle.starts_away else max(vehicle.shift_start, open_at)
    breaks: list[RouteBreak] = []
    if vehicle.breaks:
        times, distances, placed = _schedule_with_breaks(ctx, vehicle, visits, earliest)
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
                    name,
                )
            )
    else:
        first_pass, _ = _schedule(ctx, vehicle, visits, earliest)
        departure = _latest_useful_departure(first_pass, earliest)
        times, distances = _schedule(ctx, vehicle, visits, departure)

    trips = len(sequence.trips)
    if trips - 1 > vehicle.max_reloads:
        violations.append(
            Violation(
                Code.RELOADS,
                f"{trips - 1} reload(s) but the vehicle allows {vehicle.max_reloads}",
                name,
            )
        )

    stops: list[Stop] = []
    load = _zero()
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
            violations.extend(_load_violations(vehicle, load, capacity, visit))
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

    route_start = times[0][0]
    route_end = times[-1][0]
    duration = route_end - route_start
    if route_end > vehicle.shift_end:
        violations.append(
            Violation(
                Code.SHIFT,
                f"back at {format_clock(route_end)}, after the shift end "
                f"{format_clock(vehicle.shift_end)}",
                name,
            )
        )
    if vehicle.max_duration_s is not None and duration > vehicle.max_duration_s:
        violations.append(
            Violation(
                Code.MAX_DURATION,
                f"route lasts {duration // 60} min, more than {vehicle.max_duration_s // 60} min",
                name,
            )
        )

    distance_m = sum(distances)
    used = bool(sequence.jobs)
    fixed = vehicle.fixed_cost if used else 0.0
    distance_eur = vehicle.cost_per_km * distance_m / 1000
    time_eur = vehicle.cost_per_hour * duration / 3600
    if not detail:
        return RouteVerdict(
            not violations, fixed + distance_eur + time_eur, frozenset(v.code for v in violations)
        )
    picked = _zero()
    delivered = _zero()
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
        vehicle=name,
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


def time_bounds(ctx: Context, sequence: RouteSequence) -> tuple[list[str], list[int], list[int]]:
    """Per visit of a route (its start, stops, reloads and end): site, earliest departure, and
    an upper bound on its latest feasible service start (the end's: its latest arrival).

    Earliest departures come from the earliest-start schedule, which no schedule of the route,
    nor of the route with a stop inserted later on, can beat (service starts never decrease when
    arrivals are later; breaks only add time). The latest starts come backwards from each stop's
    last window end, the depot's closing time and the shift end. Together they give a necessary
    condition for inserting a stop between two visits, which lets the repairs skip most trial
    evaluations without ever changing a verdict.
    """
    vehicle = ctx.vehicles[sequence.vehicle]
    visits = _visits(ctx, vehicle, sequence)
    open_at, _ = ctx.depot_hours(vehicle.depot)
    earliest = vehicle.shift_start if vehicle.starts_away else max(vehicle.shift_start, open_at)
    times, _ = _schedule(ctx, vehicle, visits, earliest)
    latest = [0] * len(visits)
    latest[-1] = min(max(end for _, end in visits[-1].windows), vehicle.shift_end)
    for index in range(len(visits) - 2, -1, -1):
        visit = visits[index]
        travel = ctx.matrix.duration(visit.site, visits[index + 1].site)
        latest[index] = min(
            max(end for _, end in visit.windows), latest[index + 1] - visit.service_s - travel
        )
    return [v.site for v in visits], [t[2] for t in times], latest


def _load_violations(
    vehicle: Vehicle,
    load: dict[TemperatureClass, float],
    capacity: dict[TemperatureClass, float],
    visit: _Visit,
) -> list[Violation]:
    found = []
    where = visit.job or f"{visit.kind.value} at {visit.site}"
    for klass in TEMPERATURE_CLASSES:
        if load[klass] > capacity[klass] + KG_TOLERANCE:
            found.append(
                Violation(
                    Code.CAPACITY,
                    f"after {where}: {load[klass]:g} kg {klass.value} on board, "
                    f"compartment holds {capacity[klass]:g} kg",
                    vehicle.id,
                    visit.job,
                )
            )
    total = sum(load.values())
    if total > vehicle.payload_limit_kg + KG_TOLERANCE:
        found.append(
            Violation(
                Code.PAYLOAD,
                f"after {where}: {total:g} kg on board, payload is {vehicle.payload_limit_kg:g} kg",
                vehicle.id,
                visit.job,
            )
        )
    return found


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
                        claimed.vehicle,
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
                        claimed.vehicle,
                        mine.job,
                    )
                )
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


def rank(ctx: Context, sequences: list[RouteSequence]) -> tuple[bool, int, float]:
    """How the checker orders candidate solutions: feasible first, then fewer violations, then
    the lower objective (smaller is better)."""
    evaluation = evaluate(ctx, [sequence for sequence in sequences if sequence.jobs])
    return (not evaluation.feasible, len(evaluation.violations), evaluation.objective.total_eur)
