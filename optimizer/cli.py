"""The ``foodroute`` command line: a thin door into the library, no optimisation logic here.

Exit codes: 0 ok, 1 internal error, 2 bad input (the message names the field), 3 the checked
plan violates a constraint.
"""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from optimizer.cli_geocode import GeocoderOption, geocode
from optimizer.errors import ProblemError
from optimizer.model import TEMPERATURE_CLASSES, ClassKg, Problem
from optimizer.plan import Improvement, Plan
from optimizer.read.documents import load_problem
from optimizer.units import format_clock

if TYPE_CHECKING:
    from optimizer.allocation import Allocation
    from optimizer.backends.base import SolveOptions
    from optimizer.plan_day import DayPlan

EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3

app = typer.Typer(
    help="foodroute: plan the pickups of donated food and the deliveries to partner associations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


class SchemaKind(StrEnum):
    PROBLEM = "problem"
    PLAN = "plan"
    PROGRESS = "progress"


def _fail_input(error: ProblemError) -> NoReturn:
    errors.print(f"[bold red]Invalid input[/] ({len(error.issues)} problem(s)):")
    for issue in error.issues:
        where = f"[bold]{escape(issue.path)}[/]: " if issue.path else ""
        errors.print(f"  - {where}{escape(issue.message)}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _load(path: Path) -> Problem:
    try:
        return load_problem(path)
    except ProblemError as error:
        _fail_input(error)


def _load_plan(path: Path) -> Plan:
    from pydantic import ValidationError

    from optimizer.errors import from_validation_error

    try:
        return Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        _fail_input(ProblemError.single("", f"file '{path}' does not exist"))
    except ValidationError as error:
        _fail_input(from_validation_error(error))


def _kg(amounts: ClassKg) -> str:
    return "/".join(f"{amounts.get(k):.0f}" for k in TEMPERATURE_CLASSES)


def print_summary(plan: Plan) -> None:
    """The table a planner reads after a solve: routes, totals, what was left out and why."""
    table = Table(
        title=f"{plan.problem_name} — {plan.date.isoformat()}",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
    )
    for column in ("Vehicle", "Stops", "Start", "End", "km"):
        table.add_column(column, justify="left" if column == "Vehicle" else "right")
    # Short headers so that the table fits an 80-column terminal or a piped log.
    table.add_column("Picked kg\namb/chi/fro", justify="right")
    table.add_column("Delivered kg\namb/chi/fro", justify="right")
    table.add_column("Cost €", justify="right")
    for route in plan.routes:
        jobs = sum(1 for stop in route.stops if stop.job)
        table.add_row(
            route.vehicle,
            str(jobs),
            _clock(route.start),
            _clock(route.end),
            f"{route.distance_m / 1000:.1f}",
            _kg(route.picked_up_kg),
            _kg(route.delivered_kg),
            f"{route.cost_eur:.2f}",
        )
    console.print(table)
    k = plan.kpis
    console.print(
        f"Vehicles {k.vehicles_used}/{k.vehicles_available} · {k.distance_km:.1f} km · "
        f"{k.co2e_kg:.0f} kgCO2e · pickups {k.pickups_served}/{k.pickups_offered} · "
        f"deliveries {k.deliveries_served}/{k.deliveries_requested} · "
        f"rescued {k.picked_up_kg.total:.0f} kg worth {k.value_rescued_eur:.0f} €"
    )
    o = plan.objective
    console.print(
        f"Objective {o.total_eur:.2f} € = travel {o.travel_cost_eur:.2f} € "
        f"− food value {o.value_served_eur:.2f} € · "
        + ("[green]feasible[/]" if plan.feasible else "[red]INFEASIBLE[/]")
    )
    if plan.unassigned:
        left = Table(title="Left out", box=box.SIMPLE_HEAD, collapse_padding=True)
        for column in ("Job", "Required", "kg", "Reason", "Why"):
            left.add_column(column)
        for item in plan.unassigned:
            left.add_row(
                item.job,
                "yes" if item.required else "no",
                f"{item.kg.total:.0f}",
                item.reason.value,
                item.message_en,
            )
        console.print(left)
    if plan.rejected_lots:
        console.print(f"{len(plan.rejected_lots)} lot(s) rejected as expired or too short-dated.")


def _clock(seconds: int) -> str:
    """HH:MM to the nearest minute: seconds are noise in a summary."""
    return format_clock(round(seconds / 60) * 60)


@app.command()
def plan(
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON (schema_version 1.0).")],
    out: Annotated[
        Path, typer.Option(help="Folder for plan.json (and the allocation files, with stock).")
    ] = Path("out"),
    time_limit: Annotated[
        float | None, typer.Option(help="Search time, seconds (default: the file's settings).")
    ] = None,
    backend: Annotated[str, typer.Option(help="pyvrp, ortools or auto.")] = "pyvrp",
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the file's).")] = None,
) -> None:
    """Optimise the day's routes and write plan.json, then print a summary.

    With warehouse stock, the stock is first shared out among the partners; those delivered
    today get a delivery on the routes, and the allocation files are written too.
    """
    from optimizer.backends.base import SolveOptions
    from optimizer.outputs.day_files import write_day_files
    from optimizer.plan_day import plan_day

    problem = _load(problem_file)
    try:
        options = SolveOptions(
            time_limit_s=time_limit if time_limit is not None else problem.settings.time_limit_s,
            seed=seed if seed is not None else problem.settings.seed,
        )
    except ValueError as error:
        _fail_input(ProblemError.single("--time-limit/--seed", str(error)))
    started = time.monotonic()
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[best]}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("Optimising", total=options.time_limit_s, best="")

        def report(improvement: Improvement) -> None:
            state = "" if improvement.feasible else " (infeasible)"
            progress.update(
                task,
                completed=min(improvement.elapsed_s, options.time_limit_s),
                best=f"best {improvement.objective_eur:,.2f} €{state}",
            )

        try:
            day = plan_day(problem, backend=backend, options=options, on_progress=report)
        except ProblemError as error:
            _fail_input(error)
        except ValueError as error:
            _fail_input(ProblemError.single("--backend", str(error)))
        progress.update(task, completed=options.time_limit_s)
    written = write_day_files(day, out)
    print_summary(day.plan)
    if day.allocation is not None:
        print_allocation_summary(day.allocation)
        _print_passes(day)
    console.print(f"Wrote {written[0]} in {time.monotonic() - started:.1f} s")
    if day.allocation is not None:
        console.print(
            f"Allocation files in {out}; check the plan with "
            f"`foodroute check {out / 'problem_routed.json'} {written[0]}`."
        )


def _print_passes(day: DayPlan) -> None:
    if len(day.passes) > 1:
        left_out = ", ".join(day.passes[-1].excluded)
        console.print(
            f"{len(day.passes)} allocation passes: the routes could not reach {left_out}; "
            "their share was allocated again to the other partners."
        )
    found = day.disagreements()
    if found:
        errors.print(f"[bold red]The plan does not deliver the allocation ({len(found)}):[/]")
        for item in found:
            errors.print(f"  - {item}", highlight=False, markup=False)
    else:
        console.print("[green]Plan and allocation agree.[/]")


def print_allocation_summary(allocation: Allocation) -> None:
    """What a planner reads after a share-out: kilograms, equity, what stays and why."""
    m = allocation.metrics
    served = sum(1 for p in allocation.partners if p.total_kg > 0)
    console.print(
        f"Allocation: {allocation.allocated_kg:,.1f} of {allocation.stock_kg:,.1f} kg to "
        f"{served} partners · deviation from fair shares {m.sum_deviation_kg:,.1f} kg "
        f"(max {m.max_deviation_kg:,.1f} kg) · min fill rate "
        + ("–" if m.min_fill_rate is None else f"{m.min_fill_rate:.0%}")
        + f" · Gini {m.gini_kg_per_beneficiary:.3f} · "
        f"{allocation.solver.solver} {allocation.solver.runtime_s:.2f} s"
    )
    if allocation.undistributed_kg_by_reason:
        left = Table(title="Not distributed")
        left.add_column("Reason")
        left.add_column("kg", justify="right")
        for reason, kg in allocation.undistributed_kg_by_reason.items():
            left.add_row(reason.value, f"{kg:,.1f}")
        console.print(left)


@app.command()
def allocate(
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON with warehouse stock.")],
    out: Annotated[
        Path, typer.Option(help="Folder for allocation.json, CSV and Excel pick lists.")
    ] = Path("out"),
    time_limit: Annotated[
        float | None, typer.Option(help="Solver time, seconds (default: the file's settings).")
    ] = None,
) -> None:
    """Share the warehouse stock among partners, fairly and before it expires; write pick lists."""
    from optimizer.allocation import allocate as share_out
    from optimizer.outputs.allocation_files import write_allocation_files

    problem = _load(problem_file)
    if not problem.stock:
        _fail_input(ProblemError.single("stock", "the problem has no warehouse stock to share"))
    if time_limit is not None and time_limit <= 0:
        _fail_input(ProblemError.single("--time-limit", "must be more than 0 seconds"))
    allocation = share_out(problem, time_limit_s=time_limit)
    written = write_allocation_files(allocation, out)
    print_allocation_summary(allocation)
    console.print(f"Wrote {len(written)} files in {out}")


@app.command()
def check(
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON.")],
    plan_file: Annotated[Path, typer.Argument(help="Plan JSON to verify.")],
) -> None:
    """Re-evaluate a plan independently; exit 3 if it violates anything."""
    from optimizer.check import check_plan

    problem = _load(problem_file)
    checked = _load_plan(plan_file)
    report = check_plan(problem, checked)
    if report.feasible:
        console.print(
            f"[green]No violation.[/] Objective {report.objective.total_eur:.2f} € "
            f"(travel {report.objective.travel_cost_eur:.2f} €, "
            f"food value {report.objective.value_served_eur:.2f} €)."
        )
        return
    errors.print(f"[bold red]{len(report.violations)} violation(s):[/]")
    for violation in report.violations:
        # A violation reads "[code] vehicle job: …": print it as text, not as rich markup.
        errors.print(f"  - {violation}", highlight=False, markup=False)
    raise typer.Exit(EXIT_INFEASIBLE)


@app.command()
def report(
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (included), YYYY-MM-DD.")],
    output_format: Annotated[
        str, typer.Option("--format", help="json, csv, xlsx, pdf (monthly report) or html.")
    ] = "json",
    history: Annotated[
        Path | None,
        typer.Option(help="Days as JSON Lines (problem, plan, stop reports); default: a demo."),
    ] = None,
    group_by: Annotated[
        str | None, typer.Option(help="e.g. month or week,category (json, csv, xlsx).")
    ] = None,
    factors: Annotated[Path | None, typer.Option(help="JSON overrides of the factors.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="File to write; default: report.<format>.")
    ] = None,
    demo_days: Annotated[int, typer.Option(help="Working days of the demo history.")] = 60,
    demo_base: Annotated[Path, typer.Option(help="Day the demo varies.")] = Path(
        "instances/dijon-200.json"
    ),
    seed: Annotated[int, typer.Option(help="Seed of the demo history.")] = 1,
    save_history: Annotated[
        Path | None, typer.Option(help="Also write the demo history (JSON Lines) here.")
    ] = None,
) -> None:
    """Impact report (indicators, exports, dashboard, monthly PDF) over a history of days.

    Without --history, a seeded demo history of working days from --from is generated from
    --demo-base (planned by a quick heuristic and checked; about 2 s a day).
    """
    import datetime as dt

    from optimizer.report.factors import load_factors_file
    from optimizer.report.history import read_history, write_history
    from optimizer.report.indicators import parse_group_by
    from optimizer.report.render import ReportFormat, render_report

    try:
        start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
    except ValueError:
        _fail_input(ProblemError.single("--from/--to", "dates are written YYYY-MM-DD"))
    if end < start:
        _fail_input(ProblemError.single("--to", "'--to' is before '--from'"))
    try:
        form = ReportFormat(output_format)
        keys = parse_group_by(group_by)
    except ValueError as error:
        _fail_input(ProblemError.single("--format/--group-by", str(error)))
    try:
        table = load_factors_file(factors.read_text(encoding="utf-8")) if factors else None
        if history is not None:
            records = list(read_history(history))
        else:
            from optimizer.report.generate import generate_history

            base = json.loads(demo_base.read_text(encoding="utf-8"))
            errors.print(f"Generating {demo_days} demo days from {demo_base}…")
            records = list(generate_history(base, start, demo_days, seed))
            if save_history is not None:
                save_history.parent.mkdir(parents=True, exist_ok=True)
                write_history(records, save_history)
    except ProblemError as error:
        _fail_input(error)
    except (FileNotFoundError, json.JSONDecodeError) as error:
        _fail_input(ProblemError.single("--factors/--demo-base", str(error)))
    target = out or Path(f"report.{form.value}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_report(records, start, end, form, keys, table))
    console.print(f"Wrote {target} ({len(records)} days read, {start} to {end})")


@app.command()
def sheets(
    plan_file: Annotated[Path, typer.Argument(help="Plan JSON (from `foodroute plan`).")],
    out: Annotated[Path, typer.Option(help="Folder for the route sheets.")] = Path("out/sheets"),
    problem: Annotated[
        Path | None,
        typer.Option(
            help="The problem the plan was made for (default: problem_routed.json next to the "
            "plan, written when the day had stock)."
        ),
    ] = None,
    language: Annotated[str, typer.Option(help="fr or en.")] = "fr",
) -> None:
    """Write each route's drivers' sheets: phone page (HTML), A4 PDF, GPX and GeoJSON."""
    from optimizer.outputs.sheets import write_sheets

    problem_file = problem or plan_file.parent / "problem_routed.json"
    if problem is None and not problem_file.is_file():
        _fail_input(ProblemError.single("--problem", "give the problem file the plan was made for"))
    started = time.monotonic()
    try:
        written = write_sheets(_load(problem_file), _load_plan(plan_file), out, language=language)
    except ValueError as error:
        _fail_input(ProblemError.single("--problem", str(error)))
    console.print(
        f"Wrote the sheets of {len(written)} routes in {out} in {time.monotonic() - started:.1f} s"
    )


@app.command()
def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="problem, plan or progress.")
    ] = SchemaKind.PROBLEM,
) -> None:
    """Print the JSON Schema of the problem (input), plan (output) or day-progress format."""
    from pydantic import BaseModel

    from optimizer.progress import DayProgress

    models: dict[SchemaKind, type[BaseModel]] = {
        SchemaKind.PROBLEM: Problem,
        SchemaKind.PLAN: Plan,
        SchemaKind.PROGRESS: DayProgress,
    }
    model = models[kind]
    print(json.dumps(model.model_json_schema(mode="validation"), indent=2, ensure_ascii=False))


app.command(name="geocode")(geocode)


@app.command(name="import")
def import_workbook(
    workbook: Annotated[
        Path, typer.Argument(help="Planners' workbook (.xlsx), or a folder or .zip of CSV files.")
    ],
    out: Annotated[Path, typer.Option(help="Problem JSON to write.")] = Path("problem.json"),
    geocoder: GeocoderOption = None,
) -> None:
    """Read the day from the planners' workbook; every error is listed with its sheet and cell.

    Sites given by address and no coordinates are geocoded first (see ``foodroute geocode``).
    """
    from optimizer.cli_geocode import geocoding_step
    from optimizer.workbook.read import read_workbook

    try:
        problem = read_workbook(workbook, prepare=geocoding_step(console, geocoder))
    except ProblemError as error:
        _fail_input(error)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(problem.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    console.print(
        f"Wrote {out}: {len(problem.sites)} sites, {len(problem.vehicles)} vehicles, "
        f"{len(problem.pickups)} pickups, {len(problem.deliveries)} deliveries, "
        f"{len(problem.stock)} stock lots."
    )


@app.command()
def template(
    out: Annotated[Path, typer.Option(help="Workbook to write.")] = Path("foodroute-modele.xlsx"),
    from_problem: Annotated[
        Path | None,
        typer.Option("--from", help="Fill the workbook with this problem JSON, not the example."),
    ] = None,
) -> None:
    """Write the planners' French workbook: the template with an example, or a given day."""
    from optimizer.workbook.template import write_problem_workbook, write_template

    if from_problem is None:
        write_template(out)
    else:
        try:
            write_problem_workbook(_load(from_problem), out)
        except ValueError as error:
            _fail_input(ProblemError.single("--from", str(error)))
    console.print(f"Wrote {out}")


@app.command(name="export-plan")
def export_plan(
    problem_file: Annotated[Path, typer.Argument(help="The problem the plan was made for.")],
    plan_file: Annotated[Path, typer.Argument(help="Plan JSON.")],
    out: Annotated[Path, typer.Option(help="Workbook to write.")] = Path("plan.xlsx"),
) -> None:
    """Write the plan as a French workbook: summary, one sheet per route, what was left out."""
    from optimizer.workbook.plan import write_plan_workbook

    write_plan_workbook(_load_plan(plan_file), out, _load(problem_file))
    console.print(f"Wrote {out}")


@app.command()
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
) -> None:
    """Re-plan the day: keep locked routes, drop removed vehicles, force stops onto vehicles; or
    re-plan the rest of a day under way (--progress or --at) from where the vehicles are, never
    revisiting a done stop.

    In-day, the problem of the rest of the day is written beside the plan
    (problem-in-day.json): it is what the new plan is checked against.
    """
    from optimizer.backends.base import SolveOptions
    from optimizer.replan import solve_with_locks

    problem = _load(problem_file)
    previous = _load_plan(plan_file)
    in_day = progress is not None or at is not None
    if in_day and (lock or force):
        _fail_input(
            ProblemError.single(
                "--lock/--force", "a re-plan during the day keeps no locked route or forced stop"
            )
        )
    forced = {}
    for choice in force or []:
        job, _, vehicle = choice.partition("=")
        if not job or not vehicle:
            _fail_input(ProblemError.single("--force", f"expected JOB=VEHICLE, got '{choice}'"))
        forced[job] = vehicle
    if progress is not None and at is not None:
        _fail_input(ProblemError.single("--at", "give --progress or --at, not both"))
    kept = {sequence.vehicle: sequence for sequence in previous.sequences()}
    missing = [vehicle for vehicle in lock or [] if vehicle not in kept]
    if missing:
        _fail_input(
            ProblemError.single("--lock", f"the plan has no route for {', '.join(missing)}")
        )
    try:
        options = SolveOptions(
            time_limit_s=time_limit if time_limit is not None else problem.settings.time_limit_s,
            seed=seed if seed is not None else problem.settings.seed,
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
        _fail_input(error)
    except ValueError as error:
        _fail_input(ProblemError.single("--backend/--time-limit/--seed", str(error)))
    out.mkdir(parents=True, exist_ok=True)
    target = out / "plan.json"
    target.write_text(new_plan.model_dump_json(indent=2), encoding="utf-8")
    print_summary(new_plan)
    if in_day:
        day_file = out / "problem-in-day.json"
        day_file.write_text(day.model_dump_json(indent=2, exclude_defaults=True), encoding="utf-8")
        console.print(f"Wrote {day_file}")
    console.print(f"Wrote {target}")


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
    from optimizer.in_day import replan_in_day
    from optimizer.progress import progress_at
    from optimizer.read.documents import load_progress
    from optimizer.replan import without_vehicles
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int | None, typer.Option(help="Local solver processes (default: one per core).")
    ] = None,
) -> None:
    """Start the solve-job service (FastAPI); settings come from FOODROUTE_* variables."""
    from api.serve import run_server  # the library never imports the service at import time

    run_server(host=host, port=port, workers=workers)


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(help="Jobs at once (default: one per core).")
    ] = None,
) -> None:
    """Run solve jobs from the Celery broker named by FOODROUTE_BROKER_URL."""
    from api.serve import run_worker

    run_worker(concurrency=concurrency)


def main() -> None:
    """Entry point that turns unexpected exceptions into exit code 1 with a short message."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as error:  # the last line of defence: never a bare traceback to a planner
        errors.print(f"[bold red]Internal error:[/] {type(error).__name__}: {escape(str(error))}")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
