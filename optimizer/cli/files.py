"""Commands on documents: verify a plan, write sheets, schemas and workbooks, read a workbook.

``check``, ``sheets``, ``schema``, ``import``, ``template`` and ``export-plan`` each read a
document and write or verify another; none plans.
"""

from __future__ import annotations

import json
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from optimizer.cli.app import (
    EXIT_INFEASIBLE,
    console,
    errors,
    fail_input,
    load_plan_file,
    load_problem_file,
    say,
)
from optimizer.cli.geocode import GeocoderOption
from optimizer.cli.roads import RoadsOption
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.plan import Plan

if TYPE_CHECKING:
    pass


def check(
    problem_file: Annotated[Path, typer.Argument(help="Problem JSON.")],
    plan_file: Annotated[Path, typer.Argument(help="Plan JSON to verify.")],
    roads: RoadsOption = None,
) -> None:
    """Re-evaluate a plan independently; exit 3 if it violates anything."""
    from optimizer.check import check_plan

    problem = load_problem_file(problem_file, roads)
    checked = load_plan_file(plan_file)
    try:
        report = check_plan(problem, checked)
    except ProblemError as error:  # e.g. a site the road network cannot reach
        fail_input(error)
    if report.feasible:
        console.print(
            f"[green]{say('cli.check.no_violation')}[/] "
            + say(
                "cli.check.objective",
                total=f"{report.objective.total_eur:.2f}",
                travel=f"{report.objective.travel_cost_eur:.2f}",
                value=f"{report.objective.value_served_eur:.2f}",
            )
        )
        return
    errors.print(f"[bold red]{say('cli.check.violations', count=len(report.violations))}[/]")
    for violation in report.violations:
        # A violation reads "[code] vehicle job: …": print it as text, not as rich markup.
        errors.print(f"  - {violation}", highlight=False, markup=False)
    raise typer.Exit(EXIT_INFEASIBLE)


class SchemaKind(StrEnum):
    PROBLEM = "problem"
    PLAN = "plan"
    PROGRESS = "progress"
    WEEK = "week"


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
        fail_input(ProblemError.single("--problem", "give the problem file the plan was made for"))
    started = time.monotonic()
    try:
        written = write_sheets(
            load_problem_file(problem_file), load_plan_file(plan_file), out, language=language
        )
    except ValueError as error:
        fail_input(ProblemError.single("--problem", str(error)))
    console.print(
        f"Wrote the sheets of {len(written)} routes in {out} in {time.monotonic() - started:.1f} s"
    )


def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="problem, plan, progress or week.")
    ] = SchemaKind.PROBLEM,
) -> None:
    """Print the JSON Schema of the problem (input), plan (output), day-progress or week format."""
    from pydantic import BaseModel

    from optimizer.solving.progress import DayProgress
    from optimizer.week import WeekProblem

    models: dict[SchemaKind, type[BaseModel]] = {
        SchemaKind.PROBLEM: Problem,
        SchemaKind.PLAN: Plan,
        SchemaKind.PROGRESS: DayProgress,
        SchemaKind.WEEK: WeekProblem,
    }
    model = models[kind]
    print(json.dumps(model.model_json_schema(mode="validation"), indent=2, ensure_ascii=False))


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
    from optimizer.cli.geocode import fail_geocoder, geocoding_step
    from optimizer.geocode.base import GeocoderUnavailable
    from optimizer.workbook.read import read_workbook

    try:
        problem = read_workbook(workbook, prepare=geocoding_step(console, geocoder))
    except ProblemError as error:
        fail_input(error)
    except GeocoderUnavailable as error:
        fail_geocoder(error)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(problem.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    console.print(
        f"Wrote {out}: {len(problem.sites)} sites, {len(problem.vehicles)} vehicles, "
        f"{len(problem.pickups)} pickups, {len(problem.deliveries)} deliveries, "
        f"{len(problem.stock)} stock lots."
    )


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
            write_problem_workbook(load_problem_file(from_problem), out)
        except ValueError as error:
            fail_input(ProblemError.single("--from", str(error)))
    console.print(say("cli.wrote", file=out))


def export_plan(
    problem_file: Annotated[Path, typer.Argument(help="The problem the plan was made for.")],
    plan_file: Annotated[Path, typer.Argument(help="Plan JSON.")],
    out: Annotated[Path, typer.Option(help="Workbook to write.")] = Path("plan.xlsx"),
) -> None:
    """Write the plan as a French workbook: summary, one sheet per route, what was left out."""
    from optimizer.workbook.plan import write_plan_workbook

    write_plan_workbook(load_plan_file(plan_file), out, load_problem_file(problem_file))
    console.print(say("cli.wrote", file=out))
