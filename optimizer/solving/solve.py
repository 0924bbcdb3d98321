"""One call from a validated problem to a checked plan: matrix → backend → repair → plan."""

from __future__ import annotations

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import Evaluation
from optimizer.context import Context
from optimizer.matrix import TravelMatrix
from optimizer.model import Problem
from optimizer.plan import Plan
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.in_day import needs_in_day, search_in_day
from optimizer.solving.insertion import insert_profitable, insert_required
from optimizer.solving.workload import balance_day


def finishing_reserve_s(ctx: Context, time_limit_s: float) -> float:
    """Time kept after the search for the repairs, the reasons, the checker and the plan files.

    Measured on days of 200 to 1,000 points (repairs, reasons and assembly 0.1-0.3 s, writing
    plan.json about as much again, on an idle machine). On a machine busy with other work the
    same steps took up to three times longer (a 400-point day returned 1.6 s late with a reserve
    of 0.5 s plus 2 ms a job): one second plus 3 ms a job, never more than a tenth of the
    budget taken from the search. Twice that with drivers' breaks: every route the repairs try
    has its breaks placed by the checker's dynamic programming, and the Dijon day with breaks
    returned 0.6 s late with the single reserve.
    """
    jobs = len(ctx.problem.jobs) + len(ctx.problem.shipments)
    factor = 2 if any(vehicle.breaks for vehicle in ctx.problem.vehicles) else 1
    return min(factor * (1.0 + 0.003 * jobs), 0.1 * time_limit_s)


def balance_share_s(ctx: Context, time_limit_s: float) -> float:
    """Time kept for the workload balance when it is on: a tenth of the budget, at most 10 s.

    Each move of :func:`~optimizer.solving.workload.balance_day` tries every stop of the
    longest route at every position of the others (about 0.5 s on a 200-point day, idle); the
    balance stops at its deadline with the moves made so far.
    """
    if ctx.problem.settings.balance_eur_per_hour <= 0:
        return 0.0
    return min(0.1 * time_limit_s, 10.0)


def solve(
    problem: Problem,
    backend: str = "pyvrp",
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    matrix: TravelMatrix | None = None,
) -> tuple[Plan, Evaluation]:
    """Plan the day with ``backend`` and return the plan with the checker's evaluation.

    The options default to the problem's own settings (time limit, seed). After the search, two
    repairs judged by the checker: any required stop left out that still fits is inserted (a
    search can end infeasible on a tight day), then any optional pickup whose value exceeds its
    cheapest feasible detour (a search stopped by its time limit can leave such food behind);
    with ``settings.balance_eur_per_hour``, stops then move off the longest route
    (:mod:`~optimizer.solving.workload`, in a share of the budget kept for it). A day under way
    (a vehicle on the road) is searched in two stages instead
    (:func:`~optimizer.solving.in_day.search_in_day`); either way the routes end in the same
    assembly, evaluated by the checker.
    """
    if options is None:
        options = SolveOptions.for_problem(problem)
    deadline = options.fixed_deadline()
    ctx = Context(problem, matrix)
    if needs_in_day(problem):
        result = search_in_day(ctx, backend, options.until(deadline), on_progress)
    else:
        finishing = finishing_reserve_s(ctx, options.time_limit_s)
        balancing = balance_share_s(ctx, options.time_limit_s)
        search = options.until(deadline - finishing - balancing)
        result = get_backend(backend).solve(ctx, search, on_progress)
        routes = insert_required(ctx, [s for s in result.routes if s.jobs])
        result.routes = insert_profitable(ctx, routes)
        if balancing:
            weight = problem.settings.balance_eur_per_hour
            unused = [s for s in result.routes if not s.jobs]
            driven = [s for s in result.routes if s.jobs]
            result.routes = [
                *balance_day(ctx, driven, weight, deadline=deadline - finishing),
                *unused,
            ]
    return assemble_plan(ctx, result, seed=options.seed)
