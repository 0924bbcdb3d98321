"""Plan a week: a calendar, each day's routes, moves between days, balance, the summary.

1. the calendar: :func:`optimizer.week.calendar.optimised_calendar` (CP-SAT on estimated
   costs), or today's :func:`~optimizer.week.calendar.fixed_calendar`;
2. one day problem per working date (:mod:`optimizer.week.days`), each planned by the daily
   engine and checked (:mod:`optimizer.week.solve_days`), with the balance post-pass if set;
3. for the optimised calendar, ``improving_moves`` moves of deliveries between days, each judged
   by planning both days again (:mod:`optimizer.week.improve`);
4. with balance on, routes swapped between a day's vehicles to even out drivers' weekly hours;
5. the summary (:mod:`optimizer.week.summary`), read from the checked plans.

Progress is reported over the whole week: one step per day solve, including the moves'.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from optimizer.context import Context
from optimizer.matrix import TravelMatrix
from optimizer.model import Problem
from optimizer.week.balance import balance_week
from optimizer.week.calendar import Calendar, fixed_calendar, optimised_calendar
from optimizer.week.days import day_problems, week_matrix
from optimizer.week.improve import Move, improve
from optimizer.week.model import WeekProblem
from optimizer.week.solve_days import (
    DayJob,
    DayResult,
    DaySettings,
    replace_routes,
    solve_days,
)
from optimizer.week.summary import WeekSummary, week_summary


class CalendarKind(StrEnum):
    OPTIMISED = "optimised"
    FIXED = "fixed"


@dataclass(frozen=True)
class WeekProgress:
    """Where the week's planning is: ``done`` of ``total`` day solves, and what just ended."""

    done: int
    total: int
    stage: str
    detail: str = ""


WeekProgressCallback = Callable[[WeekProgress], None]


@dataclass(frozen=True)
class WeekOptions:
    """How the week is planned; ``None`` fields take the week file's settings."""

    calendar: CalendarKind = CalendarKind.OPTIMISED
    backend: str = "pyvrp"
    time_limit_per_day_s: float | None = None
    balance_eur_per_hour: float | None = None
    improving_moves: int | None = None
    seed: int | None = None
    workers: int = 1
    max_iterations_per_day: int | None = None


@dataclass
class WeekPlan:
    week: WeekProblem
    calendar: Calendar
    days: dict[dt.date, DayResult]
    summary: WeekSummary
    moves: list[Move] = field(default_factory=list)
    runtime_s: float = 0.0

    @property
    def ok(self) -> bool:
        return all(day.ok for day in self.days.values())


def day_settings(week: WeekProblem, options: WeekOptions) -> DaySettings:
    w = week.week
    return DaySettings(
        backend=options.backend,
        time_limit_s=options.time_limit_per_day_s or w.time_limit_per_day_s,
        seed=options.seed if options.seed is not None else week.settings.seed,
        balance_eur_per_hour=(
            options.balance_eur_per_hour
            if options.balance_eur_per_hour is not None
            else w.balance_eur_per_hour
        ),
        max_iterations=options.max_iterations_per_day,
    )


@dataclass
class WeekStart:
    """The week before its days are planned: the calendar and one day problem per date.

    :func:`plan_week` plans the days here and now; the service sends them to its workers as
    jobs of their own, then :func:`finish_week` does the rest, so both follow one path.
    """

    week: WeekProblem
    options: WeekOptions
    settings: DaySettings
    matrix: TravelMatrix
    calendar: Calendar
    problems: dict[dt.date, Problem]

    @property
    def moves(self) -> int:
        """Moves between days to try: only the optimised calendar moves anything."""
        if self.options.calendar is not CalendarKind.OPTIMISED:
            return 0
        if self.options.improving_moves is not None:
            return self.options.improving_moves
        return self.week.week.improving_moves

    @property
    def total_steps(self) -> int:
        """Day solves the week will take: one per day, two per move."""
        return len(self.problems) + 2 * self.moves


def start_week(week: WeekProblem, options: WeekOptions | None = None) -> WeekStart:
    """Step 1: the calendar (CP-SAT or today's) and the day problems it gives."""
    options = options or WeekOptions()
    settings = day_settings(week, options)
    matrix = week_matrix(week)
    optimise = options.calendar is CalendarKind.OPTIMISED
    calendar = optimised_calendar(week, matrix) if optimise else fixed_calendar(week)
    built = day_problems(week, calendar, settings.time_limit_s)
    return WeekStart(week, options, settings, matrix, calendar, built.problems)


def progress_counter(
    total: int, on_progress: WeekProgressCallback | None, done_before: int = 0
) -> Callable[[DayResult], None]:
    """A callback for each finished day solve that reports the week's progress."""
    count = [done_before]

    def done(result: DayResult) -> None:
        count[0] += 1
        if on_progress is not None:
            state = "ok" if result.ok else f"{len(result.violations)} violation(s)"
            detail = (
                f"{result.date.isoformat()}: {result.plan.objective.total_eur:,.2f} € ({state})"
            )
            on_progress(WeekProgress(count[0], max(total, count[0]), "day", detail))

    return done


def plan_week(
    week: WeekProblem,
    options: WeekOptions | None = None,
    on_progress: WeekProgressCallback | None = None,
) -> WeekPlan:
    """Plan the week (see the module's docstring); every day plan is checked."""
    started = time.monotonic()
    begun = start_week(week, options)
    if on_progress is not None:
        on_progress(WeekProgress(0, begun.total_steps, "calendar", begun.calendar.source))
    done = progress_counter(begun.total_steps, on_progress)
    jobs: dict[dt.date, DayJob] = {day: (problem, ()) for day, problem in begun.problems.items()}
    results = solve_days(jobs, begun.settings, begun.options.workers, done)
    plan = finish_week(begun, results, done)
    plan.runtime_s = time.monotonic() - started
    return plan


def finish_week(
    begun: WeekStart,
    results: dict[dt.date, DayResult],
    done: Callable[[DayResult], None] | None = None,
) -> WeekPlan:
    """Steps 3 to 5 once every day has its checked plan: moves, drivers' balance, summary."""
    week, settings, calendar = begun.week, begun.settings, begun.calendar
    tried: list[Move] = []
    built = day_problems(week, calendar, settings.time_limit_s)
    if begun.moves:
        calendar, results, tried = improve(
            week, calendar, results, begun.matrix, settings, begun.moves, done,
            begun.options.workers,
        )  # fmt: skip
        built = day_problems(week, calendar, settings.time_limit_s)
    if settings.balance_eur_per_hour > 0:
        results = _balance_drivers(week, results, settings)
    summary = week_summary(
        week,
        {d: r.plan for d, r in results.items()},
        {d: len(r.violations) for d, r in results.items()},
        built.expired,
        built.carried_over,
    )
    return WeekPlan(week, calendar, results, summary, tried)


def _balance_drivers(
    week: WeekProblem, results: dict[dt.date, DayResult], settings: DaySettings
) -> dict[dt.date, DayResult]:
    contexts = {day: Context(r.problem) for day, r in results.items()}
    driver_of = {v.id: v.driver_name for v in week.vehicles}
    drivers = sorted({v.driver_name for v in week.vehicles})
    days = {day: [s for s in r.plan.sequences() if s.jobs] for day, r in results.items()}
    balanced = balance_week(
        contexts, days, driver_of.__getitem__, drivers, settings.balance_eur_per_hour
    )
    changed = dict(results)
    for day, sequences in balanced.items():
        if sequences != days[day]:
            candidate = replace_routes(results[day], sequences, settings.seed)
            if candidate.ok:
                changed[day] = replace(candidate, runtime_s=results[day].runtime_s)
    return changed
