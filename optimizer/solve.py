"""One call from a validated problem to a checked plan: matrix → backend → repair → plan."""

from __future__ import annotations

from optimizer.assemble import assemble_plan
from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import Context, Evaluation
from optimizer.in_day import needs_in_day, solve_in_day
from optimizer.insertion import insert_profitable, insert_required
from optimizer.matrix import TravelMatrix
from optimizer.model import Problem
from optimizer.plan import Plan


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
    cheapest feasible detour (a search stopped by its time limit can leave such food behind).
    """
    if options is None:
        options = SolveOptions.for_problem(problem)
    ctx = Context(problem, matrix)
    if needs_in_day(problem):
        return solve_in_day(problem, backend, options, on_progress, ctx)
    result = get_backend(backend).solve(ctx, options, on_progress)
    routes = insert_required(ctx, [s for s in result.routes if s.jobs])
    result.routes = insert_profitable(ctx, routes)
    return assemble_plan(ctx, result, seed=options.seed)
