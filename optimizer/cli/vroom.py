"""``foodroute vroom``: a VROOM problem in, VROOM's answer out, planned by foodroute.

Exit codes are VROOM's and ours alike: 0 solved, 2 the input is refused (the answer is VROOM's
``{"code": 2, "error": ...}`` naming the key), 3 the checker finds the plan breaks a constraint
(the answer is still written, with the verdict under ``foodroute.check``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from optimizer.cli.app import EXIT_BAD_INPUT, EXIT_INFEASIBLE, errors, fail_input
from optimizer.cli.roads import RoadsOption
from optimizer.errors import ProblemError


def vroom(
    problem_file: Annotated[Path, typer.Argument(help="A problem in VROOM's input format.")],
    out: Annotated[
        Path | None, typer.Option(help="Where to write VROOM's answer (default: standard output).")
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Search time, seconds.")] = 30.0,
    backend: Annotated[str, typer.Option(help="pyvrp, ortools or auto.")] = "auto",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    iterations: Annotated[
        int | None, typer.Option(help="Also stop after this many search iterations.")
    ] = None,
    roads: RoadsOption = None,
) -> None:
    """Solve a VROOM problem (jobs, shipments, vehicles, matrices) and answer as VROOM does.

    Coordinates without matrices are planned on straight lines, or with ``--roads`` on that
    road network (VROOM's ``car`` profile), as vroom-express routes them with its engine.
    """
    from optimizer.model import RoadTravel
    from optimizer.solving.process_clock import command_started
    from optimizer.vroom import VroomInputError, solve_vroom

    try:
        data = json.loads(problem_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        _write({"code": 2, "error": f"{problem_file}: {error}"}, out)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    try:
        travel = None if roads is None else RoadTravel.of(roads)
    except ProblemError as error:
        fail_input(error)
    try:
        result = solve_vroom(
            data,
            backend=backend,
            time_limit_s=time_limit,
            seed=seed,
            max_iterations=iterations,
            started_at=command_started(),
            travel=travel,
        )
    except VroomInputError as error:
        _write(error.document(), out)
        errors.print(f"[bold red]VROOM input refused:[/] {error.sentence('en')}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    _write(result.document, out)
    summary = result.document["summary"]
    errors.print(
        f"{summary['routes']} route(s), {summary['unassigned']} unassigned, "
        f"priority {summary['priority']}, cost {summary['cost']}",
        highlight=False,
    )
    if not result.evaluation.feasible:
        errors.print("[bold red]The checker finds violations[/] (see foodroute.check).")
        raise typer.Exit(EXIT_INFEASIBLE)


def _write(document: dict[str, Any], out: Path | None) -> None:
    text = json.dumps(document, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
