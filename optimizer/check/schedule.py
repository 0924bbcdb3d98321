"""When each visit happens: earliest starts, the latest useful departure, breaks, time bounds."""

from __future__ import annotations

from optimizer.check.breaks import BreakRule, BreakSchedule, latest_departure, schedule
from optimizer.check.breaks import Visit as BreakVisit
from optimizer.check.visits import Visit, visits_of
from optimizer.context import Context
from optimizer.model import (
    Vehicle,
)
from optimizer.plan import RouteSequence, StopKind


def earliest_schedule(
    ctx: Context, vehicle: Vehicle, visits: list[Visit], departure: int
) -> tuple[list[tuple[int, int, int, int]], list[int]]:
    """Earliest-start forward pass: per visit (arrival, service start, departure, slack)."""
    times: list[tuple[int, int, int, int]] = []
    distances: list[int] = []
    now = departure
    previous: str | None = None
    matrix = ctx.matrix_for(vehicle.id)
    for visit in visits:
        travel = 0 if previous is None else matrix.duration(previous, visit.site)
        distances.append(0 if previous is None else matrix.distance(previous, visit.site))
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


def latest_useful_departure(times: list[tuple[int, int, int, int]], earliest: int) -> int:
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


def schedule_with_breaks(
    ctx: Context, vehicle: Vehicle, visits: list[Visit], earliest: int
) -> tuple[list[tuple[int, int, int, int]], list[int], BreakSchedule]:
    """Like :func:`earliest_schedule` from the latest useful departure, with the driver's breaks
    placed."""
    legs: list[BreakVisit] = []
    distances: list[int] = []
    previous: str | None = None
    matrix = ctx.matrix_for(vehicle.id)
    for visit in visits:
        travel = 0 if previous is None else matrix.duration(previous, visit.site)
        distances.append(0 if previous is None else matrix.distance(previous, visit.site))
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
    visits = visits_of(ctx, vehicle, sequence)
    open_at, _ = ctx.depot_hours(vehicle.depot)
    earliest = vehicle.shift_start if vehicle.starts_away else max(vehicle.shift_start, open_at)
    times, _ = earliest_schedule(ctx, vehicle, visits, earliest)
    latest = [0] * len(visits)
    latest[-1] = min(max(end for _, end in visits[-1].windows), vehicle.shift_end)
    for index in range(len(visits) - 2, -1, -1):
        visit = visits[index]
        travel = ctx.matrix_for(vehicle.id).duration(visit.site, visits[index + 1].site)
        latest[index] = min(
            max(end for _, end in visit.windows), latest[index + 1] - visit.service_s - travel
        )
    return [v.site for v in visits], [t[2] for t in times], latest
