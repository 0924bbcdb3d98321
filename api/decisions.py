"""A planner's decisions carried by a solve job: locked routes, vehicles taken out, forced stops
and a warm start.

Kept apart from :mod:`api.schemas` so that the solver process can read a job's decisions without
importing the database layer. The checks and the re-plan are the engine's
(:mod:`optimizer.replan`): the service only refuses bad decisions before it queues a solve, with
the paths the engine would raise.
"""

from __future__ import annotations

import dataclasses

from pydantic import BaseModel, ConfigDict, Field

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.check import Evaluation
from optimizer.errors import InputIssue
from optimizer.model import Problem
from optimizer.plan import Plan, RouteSequence
from optimizer.replan import lock_issues, solve_with_locks
from optimizer.solve import solve


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
