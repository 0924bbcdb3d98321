"""Re-planning around a planner's decisions: keep some routes as they are, take vehicles out.

``solve_with_locks(problem, locked, removed_vehicles, forced=...)`` is the "keep route 3 as
it is, this truck is off today, this partner goes with Marc's van, optimise the rest" of the
planners' console. A forced stop is moved onto its vehicle after the search, where it costs
least (:func:`force_onto`). The locked routes' vehicles and
jobs, and the removed vehicles, are taken out of the day; the backend plans what remains; the
locked routes are put back unchanged and the whole day is evaluated by the checker, so the
merged plan's numbers, feasibility and reasons for what is left out are the checker's as for
any plan. A locked route is evaluated on its own (routes share nothing but the problem), so it
comes back with the same stops and times it had.

Taking a vehicle out changes the day: the merged plan is the plan of
``without_vehicles(problem, removed)``, checked against it, with what is left out explained by
the vehicles still available (a removed truck is not "a vehicle that could have served it").
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence

from optimizer.backends.base import ProgressCallback, SolveOptions
from optimizer.backends.registry import get_backend
from optimizer.check import Evaluation
from optimizer.context import Context
from optimizer.errors import InputIssue, ProblemError
from optimizer.matrix import TravelMatrix
from optimizer.model import Problem
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.in_day import needs_in_day
from optimizer.solving.insertion import best_insertion, insert_profitable, insert_required
from optimizer.solving.progress import DayProgress, in_day_problem, remaining_sequences
from optimizer.solving.solve import solve


def _forced_issues(
    problem: Problem,
    locked: Sequence[RouteSequence],
    removed: Sequence[str],
    forced: Mapping[str, str],
) -> list[InputIssue]:
    """Forced stops must name a job and a vehicle that is neither removed nor locked."""
    vehicles = {vehicle.id for vehicle in problem.vehicles}
    jobs = {job.id for job in problem.jobs} | {s.id for s in problem.shipments}
    locked_jobs = {job: route.vehicle for route in locked for job in route.jobs}
    locked_vehicles = {route.vehicle for route in locked}
    issues = []
    for job, vehicle in forced.items():
        path = f"forced.{job}"
        if job not in jobs:
            issues.append(InputIssue(path, f"no job '{job}'"))
        elif job in locked_jobs:
            issues.append(
                InputIssue(path, f"'{job}' is in the locked route of '{locked_jobs[job]}'")
            )
        if vehicle not in vehicles:
            issues.append(InputIssue(path, f"no vehicle '{vehicle}'"))
        elif vehicle in removed:
            issues.append(InputIssue(path, f"vehicle '{vehicle}' is removed"))
        elif vehicle in locked_vehicles:
            issues.append(InputIssue(path, f"the route of '{vehicle}' is locked: it cannot change"))
    return issues


def force_onto(
    ctx: Context, sequences: list[RouteSequence], forced: Mapping[str, str]
) -> list[RouteSequence]:
    """Move each forced job onto its vehicle, where it costs least and breaks nothing.

    Raises :class:`ProblemError` when a job fits nowhere on its vehicle (windows, capacity,
    skills, shift): the planner learns which decision cannot be honoured.
    """
    issues = []
    for job, vehicle in forced.items():
        current = next((s.vehicle for s in sequences if job in s.jobs), None)
        if current == vehicle:
            continue
        without = [
            RouteSequence(s.vehicle, tuple(tuple(j for j in t if j != job) for t in s.trips))
            for s in sequences
        ]
        without = [s for s in without if s.jobs]
        insertion = best_insertion(ctx, without, job, vehicles=frozenset({vehicle}))
        if insertion is None:
            issues.append(_fits_nowhere(job, vehicle))
            continue
        sequences = insertion.apply(without, job)
    if issues:
        raise ProblemError(issues)
    return sequences


def _fits_nowhere(job: str, vehicle: str) -> InputIssue:
    return InputIssue(
        f"forced.{job}",
        f"'{job}' fits nowhere on '{vehicle}' (hours, capacity, equipment or shift)",
    )


def forced_fit_issues(ctx: Context, forced: Mapping[str, str]) -> list[InputIssue]:
    """Forced stops that could not go on their vehicle even alone on an empty route.

    Checked before the search, so that a decision that cannot be honoured is refused at once
    rather than after the whole time limit; a stop that fits alone may still find no room
    among the others, which :func:`force_onto` reports after the search.
    """
    return [
        _fits_nowhere(job, vehicle)
        for job, vehicle in forced.items()
        if best_insertion(ctx, [], job, vehicles=frozenset({vehicle})) is None
    ]


def _lock_issues(
    problem: Problem, locked: Sequence[RouteSequence], removed: Sequence[str]
) -> list[InputIssue]:
    """Locks that name an unknown vehicle or job, or use one twice."""
    vehicles = {vehicle.id for vehicle in problem.vehicles}
    jobs = {job.id for job in problem.jobs} | {s.id for s in problem.shipments}
    issues = []
    for index, vehicle in enumerate(removed):
        if vehicle not in vehicles:
            issues.append(InputIssue(f"removed_vehicles[{index}]", f"no vehicle '{vehicle}'"))
    shipments = {s.id for s in problem.shipments}
    seen_vehicles: set[str] = set()
    visits: dict[str, int] = {}
    for index, route in enumerate(locked):
        path = f"locked[{index}]"
        if route.vehicle not in vehicles:
            issues.append(InputIssue(f"{path}.vehicle", f"no vehicle '{route.vehicle}'"))
        elif route.vehicle in removed:
            issues.append(
                InputIssue(f"{path}.vehicle", f"vehicle '{route.vehicle}' is locked and removed")
            )
        elif route.vehicle in seen_vehicles:
            issues.append(
                InputIssue(f"{path}.vehicle", f"vehicle '{route.vehicle}' is locked twice")
            )
        seen_vehicles.add(route.vehicle)
        for trip_index, trip in enumerate(route.trips):
            for position, job in enumerate(trip):
                where = f"{path}.trips[{trip_index}][{position}]"
                visits[job] = visits.get(job, 0) + 1
                if job not in jobs:
                    issues.append(InputIssue(where, f"no job '{job}'"))
                elif visits[job] > (2 if job in shipments else 1):
                    # A shipment appears twice, its pickup then its delivery; a job once.
                    issues.append(InputIssue(where, f"job '{job}' is locked twice"))
    return issues


def lock_issues(
    problem: Problem,
    locked: Sequence[RouteSequence],
    removed_vehicles: Sequence[str],
    forced: Mapping[str, str],
) -> list[InputIssue]:
    """Everything :func:`solve_with_locks` would refuse in these decisions, with their paths.

    Lets a caller (the HTTP service) turn bad decisions away before it queues a solve, with the
    same paths and messages the re-plan itself would raise.
    """
    issues = _lock_issues(problem, locked, removed_vehicles)
    return (
        issues
        + _forced_issues(problem, locked, removed_vehicles, forced)
        + _in_day_issues(problem, locked, forced)
    )


def _in_day_issues(
    problem: Problem, locked: Sequence[RouteSequence], forced: Mapping[str, str]
) -> list[InputIssue]:
    """Vehicles already on the road are re-planned from where they are: nothing is locked."""
    if not needs_in_day(problem) or not (locked or forced):
        return []
    return [
        InputIssue(
            "locked" if locked else "forced",
            "vehicles are on the road (start_site): a re-plan during the day keeps no locked "
            "route or forced stop",
        )
    ]


def without_vehicles(problem: Problem, removed_vehicles: Sequence[str]) -> Problem:
    """The day as it now is: the same jobs, without the vehicles taken out.

    This is the problem a re-planned day is checked against: its plan counts the vehicles
    still available, and explains what is left out by those vehicles only.
    """
    removed = set(removed_vehicles)
    return problem.model_copy(
        update={"vehicles": [v for v in problem.vehicles if v.id not in removed]}
    )


def remaining_problem(
    problem: Problem, locked: Sequence[RouteSequence], removed_vehicles: Sequence[str]
) -> Problem:
    """The day without the locked routes' vehicles and jobs, and without removed vehicles.

    The result may have no vehicle left; it is then not a valid problem for a backend.
    """
    taken_vehicles = {route.vehicle for route in locked} | set(removed_vehicles)
    taken_jobs = {job for route in locked for job in route.jobs}
    return problem.model_copy(
        update={
            "vehicles": [v for v in problem.vehicles if v.id not in taken_vehicles],
            "pickups": [p for p in problem.pickups if p.id not in taken_jobs],
            "deliveries": [d for d in problem.deliveries if d.id not in taken_jobs],
            "shipments": [s for s in problem.shipments if s.id not in taken_jobs],
        }
    )


def solve_with_locks(
    problem: Problem,
    locked: Sequence[RouteSequence],
    removed_vehicles: Sequence[str] = (),
    backend: str = "pyvrp",
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
    matrix: TravelMatrix | None = None,
    forced: Mapping[str, str] | None = None,
) -> tuple[Plan, Evaluation]:
    """Plan the rest of the day around ``locked`` routes without ``removed_vehicles``, with
    each job of ``forced`` (job id → vehicle id) on the vehicle the planner chose.

    Returns the merged plan and the checker's evaluation of it, for the day without the removed
    vehicles (:func:`without_vehicles`). The locked routes are in the
    plan exactly as given (same trips, same order); raises :class:`ProblemError` when a lock
    names an unknown vehicle or job, or uses a vehicle or a job twice.
    """
    forced = forced or {}
    issues = lock_issues(problem, locked, removed_vehicles, forced)
    if issues:
        raise ProblemError(issues)
    if options is None:
        options = SolveOptions.for_problem(problem)
    if needs_in_day(problem):  # vehicles on the road: only removals, planned from where they are
        return solve(without_vehicles(problem, removed_vehicles), backend, options, on_progress)
    ctx = Context(without_vehicles(problem, removed_vehicles), matrix)
    rest = remaining_problem(problem, locked, removed_vehicles)
    started = time.monotonic()
    routes: list[RouteSequence] = []
    iterations = 0
    if rest.vehicles and (rest.pickups or rest.deliveries or rest.shipments):
        rest_ctx = Context(rest, ctx.matrix)
        unfit = forced_fit_issues(rest_ctx, forced)
        if unfit:
            raise ProblemError(unfit)
        result = get_backend(backend).solve(rest_ctx, options, on_progress)
        routes = insert_required(rest_ctx, [s for s in result.routes if s.jobs])
        routes = force_onto(rest_ctx, routes, forced)
        routes = insert_profitable(rest_ctx, routes)
        iterations = result.iterations
    merged = BackendResult(
        backend=backend,
        routes=[*locked, *routes],
        runtime_s=time.monotonic() - started,
        iterations=iterations,
    )
    return assemble_plan(ctx, merged, seed=options.seed)


def replan_in_day(
    problem: Problem,
    plan: Plan,
    progress: DayProgress,
    backend: str = "pyvrp",
    options: SolveOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[Problem, Plan, Evaluation]:
    """Re-plan the rest of the day of ``plan`` from ``progress``; never worse than carrying on.

    The in-day problem goes through :func:`~optimizer.solving.solve.solve` as any day, with the
    rest of ``plan`` as the warm start ("carry on as planned").

    Returns the in-day problem (what the new plan is checked against), the plan and its
    evaluation. Raises :class:`~optimizer.errors.ProblemError` when the progress does not fit
    the day (unknown job or vehicle, goods on board twice…), naming the field.
    """
    in_day = in_day_problem(problem, progress)
    if options is None:
        options = SolveOptions.for_problem(problem)
    options = dataclasses.replace(options, initial_routes=tuple(remaining_sequences(plan, in_day)))
    new_plan, evaluation = solve(in_day, backend, options, on_progress)
    return in_day, new_plan, evaluation
