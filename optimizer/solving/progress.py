"""Where the day stands: what is done, where each vehicle is, what it carries.

A truck breaks down at 11:00, a partner calls to cancel, a supermarket offers a pallet: the
planner re-plans the rest of the day. :class:`DayProgress` says what happened so far (the
drivers' reports and the dispatcher's knowledge) and :func:`in_day_problem` turns the morning's
problem and that progress into the problem of the rest of the day:

- done jobs disappear (a done stop can never be visited again: it is no longer in the day);
- a vehicle on the road starts where it is (a site of the day, or a GPS position added as a
  ``position`` site), at the time given, with the food it picked up on board and the
  deliveries whose goods it carries (``on_board``), which it alone delivers before it next
  reaches the depot; a shipment picked up but not delivered becomes such a delivery;
- a vehicle not listed is at its depot, free from ``time`` on; a vehicle whose shift is over,
  and every break whose window has passed or that the driver already took, are dropped.

``max_duration_min`` and ``max_reloads`` count from now: the current trip is the first.
``max_distance_km`` counts from now too, less the ``distance_km`` a vehicle reports (a vehicle
not listed has driven nothing that counts).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import Field, model_validator

from optimizer.errors import InputIssue, ProblemError
from optimizer.model import (
    TEMPERATURE_CLASSES,
    Break,
    ClassKg,
    Delivery,
    ExplicitTravel,
    Identifier,
    Problem,
    Site,
    SiteKind,
    Strict,
    TimeWindow,
    Vehicle,
)
from optimizer.model.fleet import MAX_DISTANCE_KM
from optimizer.plan import Plan, Route, RouteSequence, StopKind
from optimizer.units import ClockTime


class VehicleProgress(Strict):
    """One vehicle on the road: where it is, since when, and what it carries."""

    vehicle: Identifier
    time: ClockTime | None = Field(None, description="When it is there; default: the day's time.")
    site: Identifier | None = Field(None, description="The site of the day where it is.")
    lat: float | None = Field(None, ge=-90, le=90, description="Or its GPS position.")
    lon: float | None = Field(None, ge=-180, le=180)
    load_kg: ClassKg = Field(
        default_factory=ClassKg, description="Food picked up and still on board."
    )
    on_board: list[Identifier] = Field(
        default_factory=list,
        description="Deliveries (or shipments picked up) whose goods are on board.",
    )
    breaks_taken: list[Identifier] = Field(
        default_factory=list, description="Ids of the driver's breaks already taken."
    )
    distance_km: float = Field(
        0.0,
        ge=0,
        le=MAX_DISTANCE_KM,
        description="Kilometres driven since the shift started, taken off 'max_distance_km'.",
    )

    @model_validator(mode="after")
    def _one_place(self) -> VehicleProgress:
        has_position = self.lat is not None or self.lon is not None
        if self.site is None and not has_position:
            raise ProblemError.single("site", "give the site where the vehicle is, or lat and lon")
        if self.site is not None and has_position:
            raise ProblemError.single("site", "give either a site or lat/lon, not both")
        if has_position and (self.lat is None or self.lon is None):
            raise ProblemError.single("lat" if self.lat is None else "lon", "give both lat and lon")
        return self


class DayProgress(Strict):
    """The state of the day when the planner re-plans it."""

    time: ClockTime = Field(description="Now: nothing can be planned earlier.")
    done: list[Identifier] = Field(
        default_factory=list, description="Jobs already served (pickups, deliveries, shipments)."
    )
    vehicles: list[VehicleProgress] = Field(
        default_factory=list, description="Vehicles on the road; the others are at their depot."
    )


def _progress_issues(problem: Problem, progress: DayProgress) -> list[InputIssue]:
    issues: list[InputIssue] = []
    known = {job.id for job in problem.jobs} | {s.id for s in problem.shipments}
    deliveries = {d.id for d in problem.deliveries} | {s.id for s in problem.shipments}
    sites = {site.id for site in problem.sites}
    vehicles = {vehicle.id: vehicle for vehicle in problem.vehicles}
    done = set(progress.done)
    for index, job_id in enumerate(progress.done):
        if job_id not in known:
            issues.append(InputIssue(f"done[{index}]", f"no job '{job_id}'"))
    seen: dict[str, str] = {}
    carried: dict[str, str] = {}
    for index, state in enumerate(progress.vehicles):
        path = f"vehicles[{index}]"
        vehicle = vehicles.get(state.vehicle)
        if vehicle is None:
            issues.append(InputIssue(f"{path}.vehicle", f"no vehicle '{state.vehicle}'"))
        elif state.vehicle in seen:
            issues.append(InputIssue(f"{path}.vehicle", f"'{state.vehicle}' is listed twice"))
        seen[state.vehicle] = path
        if state.site is not None and state.site not in sites:
            issues.append(InputIssue(f"{path}.site", f"no site '{state.site}'"))
        if state.site is None and isinstance(problem.travel, ExplicitTravel):
            issues.append(
                InputIssue(
                    f"{path}.lat",
                    "travel times come from matrices between the day's sites: give the site "
                    "where the vehicle is, not a GPS position",
                )
            )
        when = state.time if state.time is not None else progress.time
        if vehicle is not None and when >= vehicle.shift_end:
            issues.append(InputIssue(f"{path}.time", "at or after the end of the driver's shift"))
        if vehicle is not None:
            break_ids = set(vehicle.break_ids())
            for position, break_id in enumerate(state.breaks_taken):
                if break_id not in break_ids:
                    issues.append(
                        InputIssue(f"{path}.breaks_taken[{position}]", f"no break '{break_id}'")
                    )
        for position, job_id in enumerate(state.on_board):
            where = f"{path}.on_board[{position}]"
            if job_id not in deliveries:
                issues.append(InputIssue(where, f"no delivery or shipment '{job_id}'"))
            elif job_id in done:
                issues.append(InputIssue(where, f"'{job_id}' is done: it is no longer on board"))
            elif job_id in carried:
                issues.append(InputIssue(where, f"'{job_id}' is on board '{carried[job_id]}' too"))
            else:
                carried[job_id] = state.vehicle
    return issues


def _position_site_id(problem: Problem, vehicle_id: str) -> str:
    taken = {site.id for site in problem.sites}
    candidate = f"{vehicle_id}@position"
    while candidate in taken:
        candidate += "_"
    return candidate


def _remaining_breaks(vehicle: Vehicle, now: int, taken: Iterable[str]) -> list[Break]:
    """Breaks still to take: not taken, window not over; a window that opened waits for now."""
    done = set(taken)
    kept = []
    for break_id, pause in zip(vehicle.break_ids(), vehicle.breaks, strict=True):
        if break_id in done or pause.window.end < now:
            continue
        window = TimeWindow(start=max(pause.window.start, now), end=pause.window.end)
        kept.append(pause.model_copy(update={"id": break_id, "window": window}))
    return kept


def _reduced_duration(vehicle: Vehicle, now: int) -> float | None:
    if vehicle.max_duration_min is None:
        return None
    spent_min = max(now - vehicle.shift_start, 0) / 60
    return max(vehicle.max_duration_min - spent_min, 1.0)


def _reduced_distance(vehicle: Vehicle, state: VehicleProgress | None) -> float | None:
    if vehicle.max_distance_km is None:
        return None
    driven_km = 0.0 if state is None else state.distance_km
    # Never 0 (the field is > 0): a vehicle out of range keeps 1 m, the checker says the rest.
    return max(vehicle.max_distance_km - driven_km, 0.001)


def in_day_problem(problem: Problem, progress: DayProgress) -> Problem:
    """The rest of the day from ``progress``; raises :class:`ProblemError` on bad progress.

    The result is a complete problem (it validates, it can be saved, checked and solved): the
    same sites, plus one ``position`` site per vehicle given by GPS; the jobs not done, with
    each picked-up shipment turned into a required delivery of its goods; the vehicles whose
    shift is not over, starting from where they are.
    """
    issues = _progress_issues(problem, progress)
    if issues:
        raise ProblemError(issues)
    done = set(progress.done)
    states = {state.vehicle: state for state in progress.vehicles}
    on_board = {job_id for state in progress.vehicles for job_id in state.on_board}

    sites = list(problem.sites)
    vehicles = []
    for vehicle in problem.vehicles:
        state = states.get(vehicle.id)
        now = progress.time if state is None or state.time is None else state.time
        if now >= vehicle.shift_end:
            continue
        start = max(vehicle.shift_start, now)
        update: dict[str, object] = {
            "shift_start": start,
            "breaks": _remaining_breaks(vehicle, start, state.breaks_taken if state else ()),
            "max_duration_min": _reduced_duration(vehicle, start),
            "max_distance_km": _reduced_distance(vehicle, state),
        }
        if state is not None:
            site_id = state.site
            if site_id is None:
                site_id = _position_site_id(problem, vehicle.id)
                sites.append(
                    Site(
                        id=site_id,
                        kind=SiteKind.POSITION,
                        name=f"{vehicle.name or vehicle.id} (position)",
                        lat=state.lat,
                        lon=state.lon,
                        service_min=0,
                    )
                )
            loaded = state.on_board or state.load_kg.total > 0
            if site_id != vehicle.depot or loaded:
                update |= {
                    "start_site": site_id,
                    "initial_load_kg": state.load_kg,
                    "on_board": list(state.on_board),
                }
        vehicles.append(Vehicle.model_validate(vehicle.model_dump() | update))
    if not vehicles:
        raise ProblemError.single("time", "every driver's shift is over: nothing left to plan")

    picked_shipments = [s for s in problem.shipments if s.id in on_board]
    carried_deliveries = [
        Delivery(
            id=shipment.id,
            site=shipment.delivery.site,
            lots=shipment.lots,
            time_windows=shipment.delivery.time_windows,
            required=True,
            note=shipment.note,
        )
        for shipment in picked_shipments
    ]
    updated = problem.model_dump(mode="python", exclude={"sites", "vehicles"}) | {
        "sites": sites,
        "vehicles": vehicles,
        "pickups": [p for p in problem.pickups if p.id not in done],
        "deliveries": [
            *(d for d in problem.deliveries if d.id not in done),
            *carried_deliveries,
        ],
        "shipments": [s for s in problem.shipments if s.id not in done and s.id not in on_board],
    }
    return Problem.model_validate(updated)


_DEPOT_STOPS = (StopKind.START, StopKind.RELOAD, StopKind.END)


def _route_progress(route: Route, now: int) -> tuple[list[str], VehicleProgress | None]:
    """Jobs done by ``now`` on this route, and the vehicle's state if it is out on a trip."""
    departed = [index for index, stop in enumerate(route.stops) if stop.departure <= now]
    done = [
        stop.job
        for stop in route.stops
        if stop.job is not None
        and stop.departure <= now
        and stop.kind is not StopKind.SHIPMENT_PICKUP
    ]
    if not departed or route.stops[departed[-1]].kind is StopKind.END:
        return done, None  # not left yet, or back for the day: at the depot from now
    last = departed[-1]
    trip_start = max(i for i in departed if route.stops[i].kind in _DEPOT_STOPS)
    load = dict.fromkeys(TEMPERATURE_CLASSES, 0.0)
    on_board: list[str] = []
    for index, stop in enumerate(route.stops[trip_start + 1 :], start=trip_start + 1):
        if stop.kind in _DEPOT_STOPS or stop.job is None:
            break
        if index <= last and stop.kind is StopKind.PICKUP:
            for klass in TEMPERATURE_CLASSES:
                load[klass] += stop.picked_up_kg.get(klass)
        elif index <= last and stop.kind is StopKind.SHIPMENT_PICKUP:
            on_board.append(stop.job)
        elif index <= last and stop.kind is StopKind.SHIPMENT_DELIVERY:
            on_board.remove(stop.job)
        elif index > last and stop.kind is StopKind.DELIVERY:
            on_board.append(stop.job)
    left = route.stops[last]
    driven_km = sum(stop.distance_from_previous_m for stop in route.stops[: last + 1]) / 1000
    if left.kind in _DEPOT_STOPS and not on_board:
        # Left the depot with nothing to deliver: as good as at the depot before loading.
        return done, VehicleProgress(
            vehicle=route.vehicle, time=left.service_start, site=left.site, distance_km=driven_km
        )
    state = VehicleProgress(
        vehicle=route.vehicle,
        time=route.stops[last].departure,
        site=route.stops[last].site,
        load_kg=ClassKg(**{k.value: round(kg, 6) for k, kg in load.items()}),
        on_board=on_board,
        breaks_taken=[pause.id for pause in route.breaks if pause.end <= now],
        distance_km=driven_km,
    )
    return done, state


def progress_at(plan: Plan, now: int) -> DayProgress:
    """The day's progress at ``now`` if every route went exactly as planned.

    A stop is done once the vehicle has left it; a vehicle between two stops is taken at the
    last one it left, when it left it (a re-plan takes effect from there). The planner
    corrects this with what the drivers reported and where the vehicles are.
    """
    done: list[str] = []
    states = []
    for route in plan.routes:
        route_done, state = _route_progress(route, now)
        done += route_done
        if state is not None:
            states.append(state)
    return DayProgress(time=now, done=done, vehicles=states)


def remaining_sequences(plan: Plan, in_day: Problem) -> list[RouteSequence]:
    """The rest of ``plan`` as routes of the in-day problem: "carry on as planned".

    Done stops are dropped (a shipment picked up keeps only its delivery, which the in-day
    problem holds as a delivery); a vehicle on the road whose next stops are not its current
    trip's goes back to the depot first (an empty first trip). The checker judges the result
    like any plan: it is the baseline a re-plan must beat.
    """
    vehicles = {vehicle.id: vehicle for vehicle in in_day.vehicles}
    jobs = {job.id for job in in_day.jobs} | {s.id for s in in_day.shipments}
    deliveries = {d.id for d in in_day.deliveries}
    sequences = []
    for sequence in plan.sequences():
        vehicle = vehicles.get(sequence.vehicle)
        if vehicle is None:
            continue
        trips: list[tuple[str, ...]] = []
        for trip in sequence.trips:
            kept: list[str] = []
            for job_id in trip:
                if job_id not in jobs:
                    continue  # done, or a picked-up shipment's pickup end
                if job_id in deliveries and job_id in kept:
                    continue  # a shipment turned delivery: once only
                kept.append(job_id)
            if kept:
                trips.append(tuple(kept))
        if vehicle.starts_away and trips:
            first = trips[0]
            if any(job in deliveries and job not in vehicle.on_board for job in first):
                trips.insert(0, ())
        if trips:
            sequences.append(RouteSequence(vehicle.id, tuple(trips)))
    return sequences
