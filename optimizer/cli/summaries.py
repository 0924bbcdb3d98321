"""What a planner reads in the terminal after a solve or a share-out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from optimizer.cli.app import console, errors, language, say
from optimizer.model import TEMPERATURE_CLASSES, ClassKg
from optimizer.plan import Plan
from optimizer.units import format_clock

if TYPE_CHECKING:
    from optimizer.allocation import Allocation
    from optimizer.solving.plan_day import DayPlan


def _kg(amounts: ClassKg) -> str:
    return "/".join(f"{amounts.get(k):.0f}" for k in TEMPERATURE_CLASSES)


def print_summary(plan: Plan) -> None:
    """The table a planner reads after a solve: routes, totals, what was left out and why."""
    table = Table(
        title=f"{plan.problem_name} — {plan.date.isoformat()}",
        box=box.SIMPLE_HEAD,
        collapse_padding=True,
    )
    for index, column in enumerate(("vehicle", "stops", "start", "end", "km")):
        table.add_column(say(f"cli.column.{column}"), justify="left" if index == 0 else "right")
    # Short headers so that the table fits an 80-column terminal or a piped log.
    table.add_column(say("cli.column.picked_kg"), justify="right")
    table.add_column(say("cli.column.delivered_kg"), justify="right")
    table.add_column(say("cli.column.cost"), justify="right")
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
        say(
            "cli.summary.kpis",
            used=k.vehicles_used,
            available=k.vehicles_available,
            km=f"{k.distance_km:.1f}",
            co2e=f"{k.co2e_kg:.0f}",
            pickups=k.pickups_served,
            offered=k.pickups_offered,
            deliveries=k.deliveries_served,
            requested=k.deliveries_requested,
            kg=f"{k.picked_up_kg.total:.0f}",
            value=f"{k.value_rescued_eur:.0f}",
        ),
        markup=False,
    )
    _print_spread(plan)
    o = plan.objective
    verdict = say("cli.summary.feasible" if plan.feasible else "cli.summary.infeasible")
    console.print(
        say(
            "cli.summary.objective",
            total=f"{o.total_eur:.2f}",
            travel=f"{o.travel_cost_eur:.2f}",
            value=f"{o.value_served_eur:.2f}",
        )
        + (f" · [green]{verdict}[/]" if plan.feasible else f" · [red]{verdict}[/]")
    )
    solver = plan.solver
    if solver is not None and solver.time_to_best_s is not None:
        console.print(
            say(
                "cli.summary.time_to_best",
                best=f"{solver.time_to_best_s:.1f}",
                runtime=f"{solver.runtime_s:.1f}",
                backend=solver.backend,
                iterations=solver.iterations,
            ),
            markup=False,
        )
    if plan.unassigned:
        _print_left_out(plan)
    if plan.rejected_lots:
        console.print(say("cli.summary.rejected_lots", count=len(plan.rejected_lots)))


def _print_left_out(plan: Plan) -> None:
    """What was left out, each with its reason code and the sentence that explains it."""
    left = Table(title=say("cli.left_out.title"), box=box.SIMPLE_HEAD, collapse_padding=True)
    for column in ("job", "required", "kg", "reason", "why"):
        left.add_column(say(f"cli.left_out.{column}"))
    french = language() == "fr"
    for item in plan.unassigned:
        left.add_row(
            item.job,
            say("cli.yes" if item.required else "cli.no"),
            f"{item.kg.total:.0f}",
            item.reason.value,
            item.message_fr if french else item.message_en,
        )
    console.print(left)


def _clock(seconds: int) -> str:
    """HH:MM to the nearest minute: seconds are noise in a summary."""
    return format_clock(round(seconds / 60) * 60)


def print_passes(day: DayPlan) -> None:
    if len(day.passes) > 1:
        left_out = ", ".join(day.passes[-1].excluded)
        console.print(say("cli.passes", passes=len(day.passes), partners=left_out), markup=False)
    found = day.disagreements()
    if found:
        errors.print(f"[bold red]{say('cli.passes.disagree', count=len(found))}[/]")
        for item in found:
            errors.print(f"  - {item}", highlight=False, markup=False)
    else:
        console.print(f"[green]{say('cli.passes.agree')}[/]")


def print_allocation_summary(allocation: Allocation) -> None:
    """What a planner reads after a share-out: kilograms, equity, what stays and why."""
    m = allocation.metrics
    served = sum(1 for p in allocation.partners if p.total_kg > 0)
    console.print(
        say(
            "cli.allocation.summary",
            allocated=f"{allocation.allocated_kg:,.1f}",
            stock=f"{allocation.stock_kg:,.1f}",
            partners=served,
            deviation=f"{m.sum_deviation_kg:,.1f}",
            max_deviation=f"{m.max_deviation_kg:,.1f}",
            fill="–" if m.min_fill_rate is None else f"{m.min_fill_rate:.0%}",
            gini=f"{m.gini_kg_per_beneficiary:.3f}",
            solver=allocation.solver.solver,
            runtime=f"{allocation.solver.runtime_s:.2f}",
        ),
        markup=False,
    )
    if allocation.undistributed_kg_by_reason:
        left = Table(title=say("cli.allocation.not_distributed"))
        left.add_column(say("cli.left_out.reason"))
        left.add_column("kg", justify="right")
        for reason, kg in allocation.undistributed_kg_by_reason.items():
            left.add_row(reason.value, f"{kg:,.1f}")
        console.print(left)


def _print_spread(plan: Plan) -> None:
    """How the work is shared: the longest and shortest route driven, and their gap."""
    hours = [route.duration_s / 3600 for route in plan.routes if route.duration_s > 0]
    if len(hours) < 2:
        return
    console.print(
        say(
            "cli.summary.spread",
            longest=f"{max(hours):.1f}",
            shortest=f"{min(hours):.1f}",
            spread=f"{max(hours) - min(hours):.1f}",
        )
    )
