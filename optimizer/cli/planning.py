"""Commands that plan: ``plan`` (allocate, then route), ``allocate`` and ``replan``."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from optimizer.cli.app import (
    EXIT_REQUIRED_LEFT_OUT,
    console,
    errors,
    fail_input,
    load_plan_file,
    load_problem_file,
    say,
)
from optimizer.cli.roads import RoadsOption
from optimizer.cli.summaries import print_allocation_summary, print_passes, print_summary
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Improvement, Plan

if TYPE_CHECKING:
    from optimizer.backends.base import SolveOptions
    from optimizer.solving.plan_day import DayPlan


BalanceOption = Annotated[
    float | None,
    typer.Option(
        help="Workload balance, € per hour between the longest and the shortest route "
        "(default: the file's settings.balance_eur_per_hour; 0 = off).",
    ),
]


def plan(
    problem_file: Annotated[
        Path,
        typer.Argument(
            help="Problem JSON (schema_version 1.0), or a benchmark instance: CVRPLIB .vrp, "
            "Solomon or Li & Lim .txt (then plan.sol is written too)."
        ),
    ],
    out: Annotated[
        Path, typer.Option(help="Folder for plan.json (and the allocation files, with stock).")
    ] = Path("out"),
    time_limit: Annotated[
        float | None, typer.Option(help="Search time, seconds (default: the file's settings).")
    ] = None,
    backend: Annotated[str, typer.Option(help="pyvrp, ortools or auto.")] = "pyvrp",
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the file's).")] = None,
    stop_early: Annotated[
        bool | None,
        typer.Option(
            "--stop-early/--full-budget",
            help="End the search once it stops improving, or use the whole time limit "
            "(default: the file's settings.stop_early).",
        ),
    ] = None,
    max_iterations: Annotated[
        int | None,
        typer.Option(
            help="Also stop after this many search iterations (PyVRP): the same plan on any "
            "machine, within the time limit."
        ),
    ] = None,
    roads: RoadsOption = None,
    balance: BalanceOption = None,
) -> None:
    """Optimise the day's routes and write plan.json, then print a summary.

    With warehouse stock, the stock is first shared out among the partners; those delivered
    today get a delivery on the routes, and the allocation files are written too. A benchmark
    instance also gets ``plan.sol``, the VRPLIB solution PyVRP and the literature read.
    """
    from optimizer.backends.base import SolveOptions
    from optimizer.outputs.day_files import write_day_files
    from optimizer.outputs.vrplib_solution import SOLUTION_FILE, write_solution
    from optimizer.read.instance_file import is_instance_file, solution_node_offset
    from optimizer.solving.process_clock import command_started

    problem = _with_balance(load_problem_file(problem_file, roads), balance)
    try:
        # The promise is about what the planner waits for: from the launch of the command.
        options = SolveOptions.for_problem(
            problem,
            time_limit_s=time_limit,
            seed=seed,
            started_at=command_started(),
            stop_early=stop_early,
        )
        options = dataclasses.replace(options, max_iterations=max_iterations)
    except ValueError as error:
        fail_input(ProblemError.single("--time-limit/--seed/--max-iterations", str(error)))
    started = time.monotonic()
    day = _plan_with_progress(problem, backend, options)
    written = write_day_files(day, out)
    print_summary(day.plan)
    if day.allocation is not None:
        print_allocation_summary(day.allocation)
        print_passes(day)
    console.print(say("cli.wrote_in", file=written[0], seconds=f"{time.monotonic() - started:.1f}"))
    if is_instance_file(problem_file):
        offset = solution_node_offset(problem_file)
        console.print(say("cli.wrote", file=write_solution(day.plan, out / SOLUTION_FILE, offset)))
    if day.allocation is not None:
        console.print(
            say(
                "cli.allocation.files",
                out=out,
                command=f"foodroute check {out / 'problem_routed.json'} {written[0]}",
            )
        )
    exit_if_required_left_out(day.plan)


def _with_balance(problem: Problem, balance: float | None) -> Problem:
    """The problem with ``--balance`` as its balance setting (none given: the file's)."""
    if balance is None:
        return problem
    if not 0 <= balance <= 10_000:
        fail_input(ProblemError.single("--balance", "a balance from 0 to 10,000 €/h"))
    settings = problem.settings.model_copy(update={"balance_eur_per_hour": balance})
    return problem.model_copy(update={"settings": settings})


def _plan_with_progress(problem: Problem, backend: str, options: SolveOptions) -> DayPlan:
    """Plan the day behind a progress bar of the best objective so far; bad input exits 2."""
    from optimizer.solving.plan_day import plan_day

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[best]}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task(say("cli.progress"), total=options.time_limit_s, best="")

        def report(improvement: Improvement) -> None:
            state = "" if improvement.feasible else say("cli.progress.infeasible")
            progress.update(
                task,
                completed=min(improvement.elapsed_s, options.time_limit_s),
                best=say("cli.progress.best", cost=f"{improvement.objective_eur:,.2f}") + state,
            )

        try:
            day = plan_day(problem, backend=backend, options=options, on_progress=report)
        except ProblemError as error:
            fail_input(error)
        except ValueError as error:
            fail_input(ProblemError.single("--backend", str(error)))
        progress.update(task, completed=options.time_limit_s)
    return day


def exit_if_required_left_out(plan: Plan) -> None:
    """Exit with the code of ``required_left_out`` when a required job is in no route.

    The plan is written and usable, but a script that runs the day must not take it for a
    complete one: the code says so, the summary above says which jobs and why.
    """
    missing = [item.job for item in plan.unassigned if item.required]
    if missing:
        errors.print(say("cli.required_left_out", count=len(missing), jobs=", ".join(missing)))
        raise typer.Exit(EXIT_REQUIRED_LEFT_OUT)


def allocate(
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON with warehouse stock.")],
    out: Annotated[
        Path, typer.Option(help="Folder for allocation.json, CSV and Excel pick lists.")
    ] = Path("out"),
    time_limit: Annotated[
        float | None, typer.Option(help="Solver time, seconds (default: the file's settings).")
    ] = None,
    roads: RoadsOption = None,
) -> None:
    """Share the warehouse stock among partners, fairly and before it expires; write pick lists."""
    from optimizer.allocation import allocate as share_out
    from optimizer.outputs.allocation_files import write_allocation_files

    problem = load_problem_file(problem_file, roads)
    if not problem.stock:
        fail_input(ProblemError.single("stock", "the problem has no warehouse stock to share"))
    if time_limit is not None and time_limit <= 0:
        fail_input(ProblemError.single("--time-limit", "must be more than 0 seconds"))
    allocation = share_out(problem, time_limit_s=time_limit)
    written = write_allocation_files(allocation, out)
    print_allocation_summary(allocation)
    console.print(say("cli.wrote_files", count=len(written), out=out))


def replan(
    problem_file: Annotated[Path, typer.Argument(help="The problem the plan was made for.")],
    plan_file: Annotated[Path, typer.Argument(help="The plan being changed.")],
    lock: Annotated[
        list[str] | None, typer.Option(help="Vehicle whose route is kept as it is (repeatable).")
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option(help="Vehicle not available any more (repeatable).")
    ] = None,
    force: Annotated[
        list[str] | None,
        typer.Option(help="JOB=VEHICLE: put this stop on this vehicle (repeatable)."),
    ] = None,
    progress: Annotated[
        Path | None,
        typer.Option(
            help="During the day: JSON of what is done and where the vehicles are "
            "(time, done, vehicles with site or lat/lon, load_kg, on_board)."
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(help="During the day: re-plan from HH:MM, the plan followed until then."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the new plan.json.")] = Path("out"),
    time_limit: Annotated[
        float | None, typer.Option(help="Search time, seconds (default: the file's settings).")
    ] = None,
    backend: Annotated[str, typer.Option(help="pyvrp, ortools or auto.")] = "pyvrp",
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the file's).")] = None,
    roads: RoadsOption = None,
) -> None:
    """Re-plan the day: keep locked routes, drop removed vehicles, force stops onto vehicles; or
    re-plan the rest of a day under way (--progress or --at) from where the vehicles are, never
    revisiting a done stop.

    In-day, the problem of the rest of the day is written beside the plan
    (problem-in-day.json): it is what the new plan is checked against.
    """
    from optimizer.backends.base import SolveOptions
    from optimizer.solving.process_clock import command_started
    from optimizer.solving.replan import solve_with_locks

    problem = load_problem_file(problem_file, roads)
    previous = load_plan_file(plan_file)
    in_day = progress is not None or at is not None
    both = progress is not None and at is not None
    forced = _replan_choices(previous, lock or [], force or [], in_day, both=both)
    kept = {sequence.vehicle: sequence for sequence in previous.sequences()}
    try:
        options = SolveOptions.for_problem(
            problem, time_limit_s=time_limit, seed=seed, started_at=command_started()
        )
        if in_day:
            day, new_plan = _replan_in_day(
                problem, previous, progress, at, remove or [], backend, options
            )
        else:
            new_plan, _ = solve_with_locks(
                problem,
                [kept[vehicle] for vehicle in lock or []],
                removed_vehicles=remove or [],
                backend=backend,
                options=options,
                forced=forced,
            )
    except ProblemError as error:
        fail_input(error)
    except ValueError as error:
        fail_input(ProblemError.single("--backend/--time-limit/--seed", str(error)))
    _write_replan(out, new_plan, day if in_day else None)


def _replan_choices(
    previous: Plan, lock: list[str], force: list[str], in_day: bool, *, both: bool
) -> dict[str, str]:
    """The forced stops (job to vehicle), once the re-plan's options agree with each other."""
    if in_day and (lock or force):
        fail_input(
            ProblemError.single(
                "--lock/--force", "a re-plan during the day keeps no locked route or forced stop"
            )
        )
    forced = {}
    for choice in force:
        job, _, vehicle = choice.partition("=")
        if not job or not vehicle:
            fail_input(ProblemError.single("--force", f"expected JOB=VEHICLE, got '{choice}'"))
        forced[job] = vehicle
    if both:
        fail_input(ProblemError.single("--at", "give --progress or --at, not both"))
    routed = {sequence.vehicle for sequence in previous.sequences()}
    missing = [vehicle for vehicle in lock if vehicle not in routed]
    if missing:
        fail_input(ProblemError.single("--lock", f"the plan has no route for {', '.join(missing)}"))
    return forced


def _write_replan(out: Path, new_plan: Plan, day: Problem | None) -> None:
    """Write the new plan and, in-day, the problem of the rest of the day it is checked against."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "plan.json"
    target.write_text(new_plan.model_dump_json(indent=2), encoding="utf-8")
    print_summary(new_plan)
    if day is not None:
        day_file = out / "problem-in-day.json"
        day_file.write_text(day.model_dump_json(indent=2, exclude_defaults=True), encoding="utf-8")
        console.print(say("cli.wrote", file=day_file))
    console.print(say("cli.wrote", file=target))


def _replan_in_day(
    problem: Problem,
    previous: Plan,
    progress_file: Path | None,
    at: str | None,
    removed: list[str],
    backend: str,
    options: SolveOptions,
) -> tuple[Problem, Plan]:
    """The rest of the day from a progress file or from ``at`` (the plan followed until then)."""
    from optimizer.read.documents import load_progress
    from optimizer.solving.progress import progress_at
    from optimizer.solving.replan import replan_in_day, without_vehicles
    from optimizer.units import parse_clock

    if progress_file is not None:
        state = load_progress(progress_file)
    else:
        try:
            now = parse_clock(at)
        except ValueError as error:
            raise ProblemError.single("--at", str(error)) from None
        state = progress_at(previous, now)
    unknown = [v for v in removed if v not in {vehicle.id for vehicle in problem.vehicles}]
    if unknown:
        raise ProblemError.single("--remove", f"no vehicle {', '.join(unknown)}")
    state = state.model_copy(
        update={"vehicles": [v for v in state.vehicles if v.vehicle not in removed]}
    )
    day, plan, _ = replan_in_day(
        without_vehicles(problem, removed), previous, state, backend, options
    )
    return day, plan
