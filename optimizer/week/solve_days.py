"""Plan each day of a week with the daily engine, balance it if asked, and check it.

Every day goes through :func:`optimizer.solving.plan_day.plan_day` (the same engine as
``foodroute plan``), then :func:`optimizer.week.balance.balance_day` when a balance weight is
set, and the plan that leaves is always the one :func:`optimizer.check.check_plan` re-evaluated.
Days are independent, so with ``workers > 1`` they are solved in parallel processes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.plan_day import plan_day
from optimizer.week.balance import balance_day


@dataclass(frozen=True)
class DaySettings:
    """How each day is solved: backend, budget, seed and the balance weight (€/h of spread)."""

    backend: str = "pyvrp"
    time_limit_s: float = 10.0
    seed: int = 1
    balance_eur_per_hour: float = 0.0
    max_iterations: int | None = None
    """An iteration budget besides the time limit (see :class:`SolveOptions`): with a generous
    time limit, each day's search is the same on any machine."""


@dataclass
class DayResult:
    """A day's checked plan and the problem it routes (the one to check it against)."""

    date: dt.date
    problem: Problem = field(repr=False)
    plan: Plan
    violations: list[str]
    runtime_s: float

    @property
    def objective_eur(self) -> float:
        return self.plan.objective.total_eur

    @property
    def ok(self) -> bool:
        return not self.violations


def solve_day(
    problem: Problem,
    settings: DaySettings,
    initial_routes: tuple[RouteSequence, ...] = (),
    should_stop: Callable[[], bool] | None = None,
    on_progress: ProgressCallback | None = None,
) -> DayResult:
    """Plan one day: the engine, the balance post-pass, the checker.

    ``should_stop`` and ``on_progress`` are the search's (a service's cancel and progress):
    a day of a week job is solved by this function on whichever worker claims it.
    """
    started = time.monotonic()
    options = SolveOptions(
        time_limit_s=settings.time_limit_s,
        seed=settings.seed,
        initial_routes=initial_routes,
        max_iterations=settings.max_iterations,
        should_stop=should_stop,
    )
    day = plan_day(problem, backend=settings.backend, options=options, on_progress=on_progress)
    plan = day.plan
    ctx = Context(day.routed, day.matrix)
    if settings.balance_eur_per_hour > 0:
        sequences = [s for s in plan.sequences() if s.jobs]
        balanced = balance_day(ctx, sequences, settings.balance_eur_per_hour)
        if balanced != sequences:
            backend = plan.solver.backend if plan.solver else settings.backend
            result = BackendResult(
                backend=f"{backend} + balance",
                routes=balanced,
                runtime_s=plan.solver.runtime_s if plan.solver else 0.0,
            )
            plan, _ = assemble_plan(ctx, result, seed=settings.seed)
    report = check_plan(day.routed, plan, ctx.matrix)
    return DayResult(
        problem.date,
        day.routed,
        plan,
        [str(v) for v in report.violations],
        time.monotonic() - started,
    )


def replace_routes(result: DayResult, sequences: list[RouteSequence], seed: int) -> DayResult:
    """The day with other routes for its vehicles (a week-level swap), assembled and checked."""
    ctx = Context(result.problem)
    backend = result.plan.solver.backend if result.plan.solver else "week"
    runtime = result.plan.solver.runtime_s if result.plan.solver else 0.0
    plan, _ = assemble_plan(
        ctx,
        BackendResult(backend=f"{backend} + drivers", routes=sequences, runtime_s=runtime),
        seed=seed,
    )
    report = check_plan(result.problem, plan, ctx.matrix)
    return DayResult(
        result.date, result.problem, plan, [str(v) for v in report.violations], result.runtime_s
    )


DayJob = tuple[Problem, tuple[RouteSequence, ...]]
"""A day to solve: its problem and a warm start (routes to begin from, maybe none)."""


def solve_days(
    jobs: dict[dt.date, DayJob],
    settings: DaySettings,
    workers: int = 1,
    on_done: Callable[[DayResult], None] | None = None,
) -> dict[dt.date, DayResult]:
    """Solve the days (a problem and a warm start each), in date order or in parallel."""
    results: dict[dt.date, DayResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        for day in sorted(jobs):
            problem, initial = jobs[day]
            results[day] = solve_day(problem, settings, initial)
            if on_done is not None:
                on_done(results[day])
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {
            day: pool.submit(solve_day, problem, settings, initial)
            for day, (problem, initial) in sorted(jobs.items())
        }
        for day, future in futures.items():
            results[day] = future.result()
            if on_done is not None:
                on_done(results[day])
    return results
