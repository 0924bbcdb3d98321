"""Plan a day that has warehouse stock: allocate, turn it into deliveries, route, and agree.

Without stock this is :func:`optimizer.solving.solve.solve`. With stock:

1. :func:`optimizer.allocation.allocate` shares the stock out;
2. :func:`optimizer.allocation.routing.deliveries_from_allocation` gives every partner delivered
   today a required delivery carrying its allocation (collecting partners get pick lists);
3. :func:`optimizer.solving.solve.solve` routes the day;
4. if some of those deliveries are in no route, or in a route that breaks a limit (time window,
   shift, capacity: see :func:`_unserved`), their partners are excluded and the stock is
   allocated again — their share goes to the partners who collect or are supplied later, or
   stays in the warehouse — then the day is routed again.

Why the partners still delivered are capped, in the second pass, at what they received in the
first: then the first pass's routes, without the excluded stops, still carry every delivery (loads
and handling times only shrink), so when those routes were otherwise feasible a second pass
serves all of its deliveries — with the new search or with the kept routes, whichever the
checker prefers. Without the cap the served partners would absorb the excluded ones' share,
their stops would grow, and a new search could leave other partners out, pass after pass. Each
pass runs a full routing search (``options.time_limit_s``): a day that needs a second pass takes
about twice as long.

The result carries the final allocation, the routed problem (the input plus the allocation's
deliveries: what ``foodroute check`` needs to verify the plan) and the plan, which agree exactly:
:func:`optimizer.allocation.agreement.disagreements` is empty whenever the routes are feasible.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from optimizer.allocation import Allocation, allocate
from optimizer.allocation.agreement import Disagreement, disagreements
from optimizer.allocation.routing import (
    allocation_job_id,
    delivered_today,
    deliveries_from_allocation,
)
from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.check import Evaluation
from optimizer.context import Context
from optimizer.matrix import TravelMatrix, build_matrix
from optimizer.model import ClassKg, Problem, Receiving
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.insertion import insert_profitable
from optimizer.solving.solve import solve

MAX_PASSES = 3
"""Allocate-and-route passes at most. The cap above makes the second pass final whenever the
first plan's routes were feasible; a third is there for routes that were not."""


@dataclass(frozen=True)
class RoutingPass:
    """One allocate-then-route pass: who was left out before it, who its routes could not reach."""

    excluded: tuple[str, ...]
    unserved: tuple[str, ...]
    allocated_kg: float
    kept_previous_routes: bool
    objective_eur: float
    feasible: bool


@dataclass
class DayPlan:
    """The day's plan and, when the problem has stock, the allocation it delivers."""

    plan: Plan
    evaluation: Evaluation
    routed: Problem = field(repr=False)
    """The problem the plan routes: the input plus one delivery per partner delivered today."""
    allocation: Allocation | None = None
    passes: list[RoutingPass] = field(default_factory=list)
    matrix: TravelMatrix | None = field(default=None, repr=False)

    def disagreements(self) -> list[Disagreement]:
        """Where the plan does not deliver what the allocation gives (empty: they agree)."""
        if self.allocation is None:
            return []
        return disagreements(self.routed, self.allocation, self.plan, self.matrix)


def plan_day(
    problem: Problem,
    backend: str = "pyvrp",
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    max_passes: int = MAX_PASSES,
) -> DayPlan:
    """Allocate ``problem.stock`` (if any) and route the day so that both agree.

    ``backend``, ``options`` and ``on_progress`` are those of :func:`optimizer.solving.solve.solve`
    and apply to every routing pass. Raises ``ValueError`` for an unknown backend or ``max_passes <
    1``.
    """
    if max_passes < 1:
        raise ValueError(f"max_passes={max_passes} not understood; it must be ≥ 1")
    if options is None:
        options = SolveOptions.for_problem(problem)
    deadline = options.fixed_deadline()
    matrix = build_matrix(problem)
    if not problem.stock:
        plan, evaluation = solve(problem, backend, options.until(deadline), on_progress, matrix)
        return DayPlan(plan, evaluation, problem, matrix=matrix)

    seed = options.seed
    excluded: set[str] = set()
    caps: dict[str, ClassKg] = {}
    passes: list[RoutingPass] = []
    previous: tuple[Plan, Evaluation] | None = None
    while True:
        allocation = allocate(problem, exclude_partners=excluded, caps_kg=caps)
        routed = deliveries_from_allocation(problem, allocation)
        ctx = Context(routed, matrix)
        # The passes share the time limit: each may take what is left over the passes to come.
        share_s = (deadline - time.monotonic()) / (max_passes - len(passes))
        pass_options = options.until(time.monotonic() + max(share_s, 0.05))
        candidates = [(*solve(routed, backend, pass_options, on_progress, matrix), False)]
        if previous is not None:
            candidates.append((*_keep_routes(ctx, previous[0], seed), True))
        plan, evaluation, kept = min(
            candidates,
            key=lambda c: (
                len(_unserved(routed, allocation, c[0], c[1])),
                not c[1].feasible,
                c[1].objective.total_eur,
            ),
        )
        unserved = _unserved(routed, allocation, plan, evaluation)
        passes.append(
            RoutingPass(
                excluded=tuple(sorted(excluded)),
                unserved=tuple(unserved),
                allocated_kg=allocation.allocated_kg,
                kept_previous_routes=kept,
                objective_eur=plan.objective.total_eur,
                feasible=plan.feasible,
            )
        )
        if not unserved or len(passes) >= max_passes:
            return DayPlan(plan, evaluation, routed, allocation, passes, matrix)
        excluded |= set(unserved)
        caps = {
            entry.partner: entry.kg_by_class
            for entry in allocation.partners
            if entry.receiving is Receiving.DELIVERED
            and entry.supply_date == problem.date
            and entry.partner not in excluded
        }
        previous = plan, evaluation


def _unserved(
    routed: Problem, allocation: Allocation, plan: Plan, evaluation: Evaluation
) -> list[str]:
    """Partners delivered today whose allocation the routes do not deliver *feasibly*.

    A required delivery may be in no route, or in a route that breaks a limit: PyVRP must visit
    every required client, so an unreachable window comes back as a violated one. A violation on
    the delivery itself names its partner; one on a whole route (shift end, capacity, duration)
    names the partner with the largest allocated stop of that route, the one whose removal helps
    most. Whatever its reason, the next pass leaves these partners out.
    """
    jobs = {allocation_job_id(p): p for p in delivered_today(routed, allocation)}
    bad = {job for job in jobs if job not in evaluation.served}
    bad |= {v.job for v in evaluation.violations if v.job in jobs}
    broken = {v.vehicle for v in evaluation.violations if v.job is None and v.vehicle}
    for route in plan.routes:
        if route.vehicle not in broken:
            continue
        carried = [s for s in route.stops if s.job in jobs]
        if carried and not any(s.job in bad for s in carried):
            largest = max(carried, key=lambda s: (s.delivered_kg.total, s.job or ""))
            bad.add(largest.job or "")
    return [partner for job, partner in jobs.items() if job in bad]


def _keep_routes(ctx: Context, previous: Plan, seed: int) -> tuple[Plan, Evaluation]:
    """The previous plan's routes on the new problem, without the jobs it no longer has."""
    jobs = set(ctx.jobs)
    sequences = [
        RouteSequence(
            s.vehicle,
            tuple(kept for trip in s.trips if (kept := tuple(j for j in trip if j in jobs))),
        )
        for s in previous.sequences()
    ]
    sequences = insert_profitable(ctx, [s for s in sequences if s.jobs])
    backend = previous.solver.backend if previous.solver else "previous"
    result = BackendResult(backend=f"{backend} (routes kept)", routes=sequences, runtime_s=0.0)
    return assemble_plan(ctx, result, seed=seed)
