"""A planner's decisions carried by a solve job: locked routes, vehicles taken out, forced stops
and a warm start.

Kept apart from :mod:`api.schemas` so that the solver process can read a job's decisions without
importing the database layer. The checks and the re-plan are the engine's
(:mod:`optimizer.solving.replan`): the service only refuses bad decisions before it queues a solve,
with the paths the engine would raise.

A day with warehouse stock is allocated, then routed (:func:`optimizer.solving.plan_day.plan_day`):
its deliveries only exist once the stock is shared out, so routes locked or stops forced on it could
name nothing. Such a day takes a warm start at most; its routed problem (without the stock) is the
one to re-plan around decisions.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.check import Evaluation
from optimizer.errors import InputIssue
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence
from optimizer.solving.plan_day import DayPlan, plan_day
from optimizer.solving.replan import lock_issues, solve_with_locks
from optimizer.solving.solve import solve

STOCK_WITH_DECISIONS = (
    "a day with warehouse stock is allocated and routed afresh; to keep routes, remove "
    "vehicles or force stops, re-plan its routed problem (without the stock) instead"
)


class RouteIn(BaseModel):
    """One vehicle's route in the plan's stop order, the shape of the engine's route sequence."""

    model_config = ConfigDict(extra="forbid")

    vehicle: str = Field(min_length=1, description="Vehicle id.")
    trips: list[list[str]] = Field(
        description="Job ids of each trip in visiting order, a reload at the depot between "
        "trips; a shipment appears twice in its trip, pickup then delivery."
    )

    def sequence(self) -> RouteSequence:
        return RouteSequence(self.vehicle, tuple(tuple(trip) for trip in self.trips))


class Decisions(BaseModel):
    """What the planner has decided before the search, and where the search may start from."""

    model_config = ConfigDict(extra="forbid")

    locked: list[RouteIn] = Field(
        default_factory=list, description="Routes kept exactly as given (same trips, same order)."
    )
    removed_vehicles: list[str] = Field(
        default_factory=list, description="Vehicles off today: they get no route."
    )
    forced: dict[str, str] = Field(
        default_factory=dict, description="Job id → the vehicle it must go with."
    )
    initial_plan: list[RouteIn] | None = Field(
        default=None,
        description="A warm start (e.g. the previous plan's routes); the search may change it.",
    )

    @property
    def constrains(self) -> bool:
        """True when the day is re-planned around decisions, not merely warm-started."""
        return bool(self.locked or self.removed_vehicles or self.forced)

    def locked_routes(self) -> list[RouteSequence]:
        return [route.sequence() for route in self.locked]

    def initial_routes(self) -> tuple[RouteSequence, ...]:
        return tuple(route.sequence() for route in self.initial_plan or ())


def stock_refusal(problem: Problem, decisions: Decisions | None) -> str | None:
    """Why ``decisions`` cannot apply to ``problem`` as a whole, or None when they can."""
    if problem.stock and decisions is not None and decisions.constrains:
        return STOCK_WITH_DECISIONS
    return None


def decision_issues(problem: Problem, decisions: Decisions) -> list[InputIssue]:
    """Every decision that names an unknown vehicle or job or contradicts another, by path."""
    issues = lock_issues(
        problem, decisions.locked_routes(), decisions.removed_vehicles, decisions.forced
    )
    return issues + _warm_start_issues(problem, decisions.initial_plan or [])


def _warm_start_issues(problem: Problem, routes: list[RouteIn]) -> list[InputIssue]:
    """A warm start must name the problem's vehicles and jobs.

    The search would silently skip unknown ones; a typo is more likely than intent, so it is
    refused like any other bad input.
    """
    vehicles = {vehicle.id for vehicle in problem.vehicles}
    jobs = {job.id for job in problem.jobs} | {s.id for s in problem.shipments}
    issues = []
    for index, route in enumerate(routes):
        path = f"initial_plan[{index}]"
        if route.vehicle not in vehicles:
            issues.append(InputIssue(f"{path}.vehicle", f"no vehicle '{route.vehicle}'"))
        for trip_index, trip in enumerate(route.trips):
            for position, job in enumerate(trip):
                if job not in jobs:
                    where = f"{path}.trips[{trip_index}][{position}]"
                    issues.append(InputIssue(where, f"no job '{job}'"))
    return issues


def solve_with_decisions(
    problem: Problem,
    decisions: Decisions | None,
    backend: str,
    options: SolveOptions,
    on_progress: ProgressCallback | None = None,
) -> tuple[Plan, Evaluation]:
    """Plan the day around ``decisions``: a re-plan when any route is locked, vehicle removed or
    stop forced, otherwise an ordinary solve; either way from the warm start, if any."""
    if decisions is None:
        return solve(problem, backend=backend, options=options, on_progress=on_progress)
    options = dataclasses.replace(options, initial_routes=decisions.initial_routes())
    if not decisions.constrains:
        return solve(problem, backend=backend, options=options, on_progress=on_progress)
    return solve_with_locks(
        problem,
        decisions.locked_routes(),
        decisions.removed_vehicles,
        backend=backend,
        options=options,
        on_progress=on_progress,
        forced=decisions.forced,
    )


def plan_with_decisions(
    problem: Problem,
    decisions: Decisions | None,
    backend: str,
    options: SolveOptions,
    on_progress: ProgressCallback | None = None,
) -> DayPlan:
    """The job's day: allocated then routed when it has stock, else :func:`solve_with_decisions`.

    The result's ``routed`` is the problem the plan must be checked against (``problem`` itself
    without stock). Raises ``ValueError`` for a day with stock and constraining decisions,
    which the service refuses before queueing (:func:`stock_refusal`).
    """
    refusal = stock_refusal(problem, decisions)
    if refusal is not None:
        raise ValueError(refusal)
    if not problem.stock:
        plan, evaluation = solve_with_decisions(problem, decisions, backend, options, on_progress)
        return DayPlan(plan, evaluation, problem)
    initial = decisions.initial_routes() if decisions is not None else options.initial_routes
    options = dataclasses.replace(
        options, initial_routes=initial, should_stop=_within(options.time_limit_s, options)
    )
    return plan_day(problem, backend, options, on_progress)


def _within(budget_s: float, options: SolveOptions) -> Callable[[], bool]:
    """Stop when asked to, or once ``budget_s`` has passed since now.

    :func:`~optimizer.solving.plan_day.plan_day` gives every routing pass the full time limit, but a
    job is killed past its own limit plus a grace: the job's time limit bounds the whole day. A
    second pass starts with what the first left (often nothing: its search stops at once, and the
    first pass's routes without the partners left out compete with it).
    """
    deadline = time.monotonic() + budget_s
    asked = options.should_stop
    return lambda: time.monotonic() >= deadline or (asked is not None and asked())
