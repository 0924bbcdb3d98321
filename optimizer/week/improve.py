"""Moves of partner deliveries between days, judged by the daily solves.

After the first plan of the week, each candidate move takes one delivery off a day and puts it
on another allowed day of its partner (keeping the days between visits): the stop whose detour
in its route is largest against its cheapest insertion into the other day's routes comes first
(distances from the matrix). Both days are then planned again by the daily engine, warm-started
from their current routes, and the move is kept only if the two checked plans are feasible and
their objective together is lower. Donor collections are not moved: a collection's contents
depend on the others' dates (:mod:`optimizer.week.supply`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from optimizer.matrix import TravelMatrix
from optimizer.plan import Plan, RouteSequence
from optimizer.week.calendar import Calendar
from optimizer.week.days import day_problems
from optimizer.week.model import WeekProblem
from optimizer.week.solve_days import DayResult, DaySettings, solve_days
from optimizer.week.validation import open_dates


@dataclass(frozen=True)
class Move:
    """One tried move and its verdict, for week.json."""

    site: str
    from_date: dt.date
    to_date: dt.date
    estimated_gain_m: int
    before_eur: float
    after_eur: float
    kept: bool


@dataclass(frozen=True)
class _Candidate:
    site: str
    job: str
    source: dt.date
    target: dt.date
    gain_m: int


def _route_sites(plan: Plan) -> list[list[str]]:
    """Each trip's sites in order, depot at both ends."""
    trips = []
    for route in plan.routes:
        sites = [route.stops[0].site]
        for stop in route.stops[1:]:
            sites.append(stop.site)
            if stop.kind.value in ("reload", "end"):
                trips.append(sites)
                sites = [stop.site]
    return trips


def _removal_m(matrix: TravelMatrix, plan: Plan, site: str) -> int:
    for trip in _route_sites(plan):
        for i in range(1, len(trip) - 1):
            if trip[i] == site:
                a, b = trip[i - 1], trip[i + 1]
                return matrix.distance(a, site) + matrix.distance(site, b) - matrix.distance(a, b)
    return 0


def _insertion_m(matrix: TravelMatrix, plan: Plan, site: str) -> int | None:
    best = None
    for trip in _route_sites(plan):
        for a, b in itertools.pairwise(trip):
            extra = matrix.distance(a, site) + matrix.distance(site, b) - matrix.distance(a, b)
            best = extra if best is None else min(best, extra)
    return best


def candidates(
    week: WeekProblem,
    calendar: Calendar,
    results: dict[dt.date, DayResult],
    matrix: TravelMatrix,
) -> list[_Candidate]:
    """Partner moves by estimated gain in metres, best first, one per partner."""
    found: dict[str, _Candidate] = {}
    for partner in week.partners:
        dates = calendar.partners.get(partner.site, ())
        for source in dates:
            if source not in results:
                continue
            removal = _removal_m(matrix, results[source].plan, partner.site)
            others = [d for d in dates if d != source]
            for target in open_dates(week, partner.allowed_days):
                if target in dates or target not in results:
                    continue
                if any(abs((target - d).days) < partner.min_days_between for d in others):
                    continue
                insertion = _insertion_m(matrix, results[target].plan, partner.site)
                if insertion is None:
                    continue
                gain = removal - insertion
                known = found.get(partner.site)
                if gain > 0 and (known is None or gain > known.gain_m):
                    job = f"delivery-{partner.site}-{source.isoformat()}"
                    found[partner.site] = _Candidate(partner.site, job, source, target, gain)
    return sorted(found.values(), key=lambda c: (-c.gain_m, c.site))


def _warm_start(plan: Plan, drop: str) -> tuple[RouteSequence, ...]:
    kept = []
    for sequence in plan.sequences():
        trips = tuple(
            t for t in (tuple(j for j in trip if j != drop) for trip in sequence.trips) if t
        )
        if trips:
            kept.append(RouteSequence(sequence.vehicle, trips))
    return tuple(kept)


def improve(
    week: WeekProblem,
    calendar: Calendar,
    results: dict[dt.date, DayResult],
    matrix: TravelMatrix,
    settings: DaySettings,
    moves: int,
    on_done: Callable[[DayResult], None] | None = None,
    workers: int = 1,
) -> tuple[Calendar, dict[dt.date, DayResult], list[Move]]:
    """Try up to ``moves`` moves, best estimate first; keep those the daily solves confirm."""
    tried: list[Move] = []
    for _ in range(moves):
        pending = [
            c
            for c in candidates(week, calendar, results, matrix)
            if not any(m.site == c.site for m in tried)
        ]
        if not pending:
            break
        move = pending[0]
        trial = calendar.moved(move.site, move.source, move.target)
        problems = day_problems(week, trial, settings.time_limit_s).problems
        jobs = {
            move.source: (problems[move.source], _warm_start(results[move.source].plan, move.job)),
            move.target: (problems[move.target], _warm_start(results[move.target].plan, "")),
        }
        new = solve_days(jobs, settings, workers, on_done)
        before = results[move.source].objective_eur + results[move.target].objective_eur
        after = new[move.source].objective_eur + new[move.target].objective_eur
        kept = all(r.ok for r in new.values()) and after < before - 1e-6
        tried.append(
            Move(
                move.site,
                move.source,
                move.target,
                move.gain_m,
                round(before, 2),
                round(after, 2),
                kept,
            )
        )
        if kept:
            calendar = trial
            results = {**results, **new}
    return calendar, results, tried
