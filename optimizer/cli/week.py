"""``foodroute plan-week``: read the week, plan it with progress, write the files, print a summary.

A thin door: the planning is :func:`optimizer.week.plan_week`; this module reads arguments,
shows progress over the whole week and prints what a planner reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from optimizer.cli.app import EXIT_INFEASIBLE, console, errors, fail_input
from optimizer.errors import ProblemError
from optimizer.week.files import write_week_files
from optimizer.week.model import WeekProblem
from optimizer.week.plan_week import CalendarKind, WeekOptions, WeekPlan, WeekProgress
from optimizer.week.plan_week import plan_week as plan_whole_week
from optimizer.week.read import load_week
from optimizer.week.summary import WeekSummary
from optimizer.workbook.week_calendar import write_week_calendar

CALENDAR_WORKBOOK = "semaine.xlsx"
WORKBOOK_SUFFIXES = (".xlsx", ".zip")


def plan_week(
    week_file: Annotated[
        Path, typer.Argument(help="Week JSON (foodroute schema week) or week workbook (.xlsx).")
    ],
    out: Annotated[Path, typer.Option(help="Folder for week.json and one folder per day.")] = Path(
        "out/week"
    ),
    time_limit_per_day: Annotated[
        float | None, typer.Option(help="Search time per day, seconds (default: the file's).")
    ] = None,
    calendar: Annotated[
        str, typer.Option(help="optimised (CP-SAT, then moves) or fixed (the usual days).")
    ] = "optimised",
    balance: Annotated[
        float | None,
        typer.Option(help="€ per hour of spread between routes and drivers (0 = off)."),
    ] = None,
    moves: Annotated[int | None, typer.Option(help="Moves of deliveries between days.")] = None,
    backend: Annotated[str, typer.Option(help="pyvrp, ortools or auto.")] = "pyvrp",
    seed: Annotated[int | None, typer.Option(help="Random seed (default: the file's).")] = None,
    workers: Annotated[int, typer.Option(help="Days solved in parallel.")] = 1,
) -> None:
    """Plan the week: which partner and donor on which day, then each day's checked routes."""
    try:
        options = WeekOptions(
            calendar=CalendarKind(calendar),
            backend=backend,
            time_limit_per_day_s=time_limit_per_day,
            balance_eur_per_hour=balance,
            improving_moves=moves,
            seed=seed,
            workers=workers,
        )
    except ValueError as error:
        fail_input(ProblemError.single("--calendar", str(error)))
    if time_limit_per_day is not None and time_limit_per_day <= 0:
        fail_input(ProblemError.single("--time-limit-per-day", "must be more than 0 seconds"))
    if balance is not None and balance < 0:
        fail_input(ProblemError.single("--balance", "must be 0 (off) or more"))
    try:
        result = run_plan_week(week_file, out, options)
    except ProblemError as error:
        fail_input(error)
    except ValueError as error:
        fail_input(ProblemError.single("--backend", str(error)))
    if not result.ok:
        raise typer.Exit(EXIT_INFEASIBLE)


def run_plan_week(week_file: Path, out: Path, options: WeekOptions) -> WeekPlan:
    """Plan the week of ``week_file`` into ``out``; raises ProblemError on bad input."""
    week = read_week_file(week_file)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} · {task.fields[detail]}"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
    ) as progress:
        task = progress.add_task("Week", total=None, detail="calendar")

        def report(state: WeekProgress) -> None:
            progress.update(task, total=state.total, completed=state.done, detail=state.detail)

        result = plan_whole_week(week, options, report)
    target = write_week_files(result, out)
    plans = {day: day_result.plan for day, day_result in result.days.items()}
    write_week_calendar(week, result.summary, plans, out / CALENDAR_WORKBOOK)
    print_week_summary(result.summary, result.calendar.source)
    kept = sum(1 for m in result.moves if m.kept)
    if result.moves:
        console.print(f"Moves between days: {kept} kept of {len(result.moves)} tried.")
    console.print(
        f"Wrote {target}, {out / CALENDAR_WORKBOOK} and one folder per day in "
        f"{result.runtime_s:.1f} s"
    )
    return result


def read_week_file(path: Path) -> WeekProblem:
    """A week from its JSON file or from a week workbook (a Semaine sheet, or CSV sheets)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES or path.is_dir():
        from optimizer.workbook.week_read import read_week_workbook

        return read_week_workbook(path)
    return load_week(path)


def week_workbook(
    week_file: Annotated[Path, typer.Argument(help="Week JSON (foodroute schema week).")],
    out: Annotated[Path, typer.Option(help="Workbook to write.")] = Path("semaine.xlsx"),
) -> None:
    """Write a week as the planners' French workbook: Sites, Véhicules, Paramètres, Semaine,
    Dons de la semaine and Réglages de la semaine; plan-week reads it back as it is."""
    from optimizer.workbook.week_template import write_week_workbook

    try:
        write_week_workbook(read_week_file(week_file), out)
    except ProblemError as error:
        fail_input(error)
    except ValueError as error:
        fail_input(ProblemError.single("vehicles", str(error)))
    console.print(f"Wrote {out}")


def print_week_summary(summary: WeekSummary, source: str = "") -> None:
    """The table a planner reads after a week: each day, then the week's totals and balance."""
    table = Table(title=f"Week ({source})", box=box.SIMPLE_HEAD, collapse_padding=True)
    for column in ("Day", "Routes", "km", "h", "Longest", "Spread", "Deliv.", "Pick."):
        table.add_column(column, justify="left" if column == "Day" else "right")
    table.add_column("kg", justify="right")
    table.add_column("Checked", justify="left")
    for day in summary.days:
        table.add_row(
            f"{day.weekday.value} {day.date:%d/%m}",
            str(day.routes),
            f"{day.distance_km:.1f}",
            f"{day.duration_h:.1f}",
            f"{day.longest_route_h:.2f}",
            f"{day.route_spread_h:.2f}",
            day.deliveries,
            day.pickups,
            f"{day.picked_up_kg.total:.0f}",
            "ok" if day.feasible else f"{day.violations} violation(s)",
        )
    console.print(table)
    console.print(
        f"{summary.distance_km:.1f} km · {summary.duration_h:.1f} h · rescued "
        f"{summary.picked_up_kg.total:.0f} kg (ambient {summary.picked_up_kg.ambient:.0f}, "
        f"chilled {summary.picked_up_kg.chilled:.0f}, frozen {summary.picked_up_kg.frozen:.0f}) · "
        f"expired before collection {summary.expired_before_collection_kg:.0f} kg · left at "
        f"donors {summary.left_at_donors_kg:.0f} kg"
    )
    console.print(
        f"Partners visited as often as asked: {summary.partners_met}/{summary.partners} · "
        f"drivers' hours spread {summary.driver_spread_h:.1f} h · largest day route spread "
        f"{summary.max_route_spread_h:.1f} h"
    )
    missed = [p for p in summary.partner_visits if not p.met]
    for partner in missed[:10]:
        console.print(
            f"  - {partner.site}: {len(partner.visited)} visit(s) of {partner.wanted}",
            highlight=False,
        )
