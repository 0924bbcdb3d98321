"""The ``report`` command: impact indicators, exports, the dashboard and the monthly PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from optimizer.cli.app import console, errors, fail_input
from optimizer.errors import ProblemError

if TYPE_CHECKING:
    pass


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
    week: Annotated[
        list[Path] | None,
        typer.Option(help="Also the days of a week planned by plan-week (its --out folder)."),
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

    --week adds the days of a week planned by ``plan-week`` (each day's problem and plan).
    Without --history or --week, a seeded demo history of working days from --from is generated from
    --demo-base (planned by a quick heuristic and checked; about 2 s a day).
    """
    import datetime as dt

    from optimizer.report.factors import load_factors_file
    from optimizer.report.history import read_history, read_week_folder, write_history
    from optimizer.report.indicators import parse_group_by
    from optimizer.report.render import ReportFormat, render_report

    try:
        start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
    except ValueError:
        fail_input(ProblemError.single("--from/--to", "dates are written YYYY-MM-DD"))
    if end < start:
        fail_input(ProblemError.single("--to", "'--to' is before '--from'"))
    try:
        form = ReportFormat(output_format)
        keys = parse_group_by(group_by)
    except ValueError as error:
        fail_input(ProblemError.single("--format/--group-by", str(error)))
    try:
        table = load_factors_file(factors.read_text(encoding="utf-8")) if factors else None
        if history is not None or week:
            records = list(read_history(history)) if history is not None else []
            for folder in week or []:
                records.extend(read_week_folder(folder))
        else:
            from optimizer.report.generate import generate_history

            base = json.loads(demo_base.read_text(encoding="utf-8"))
            errors.print(f"Generating {demo_days} demo days from {demo_base}…")
            records = list(generate_history(base, start, demo_days, seed))
            if save_history is not None:
                save_history.parent.mkdir(parents=True, exist_ok=True)
                write_history(records, save_history)
    except ProblemError as error:
        fail_input(error)
    except (FileNotFoundError, json.JSONDecodeError) as error:
        fail_input(ProblemError.single("--factors/--demo-base", str(error)))
    target = out or Path(f"report.{form.value}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_report(records, start, end, form, keys, table))
    console.print(f"Wrote {target} ({len(records)} days read, {start} to {end})")
