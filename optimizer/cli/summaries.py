"""What a planner reads in the terminal after a solve or a share-out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table

from optimizer.cli.app import console, errors
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
    solver = plan.solver
    if solver is not None and solver.time_to_best_s is not None:
        console.print(
            f"Best plan found after {solver.time_to_best_s:.1f} s of a "
            f"{solver.runtime_s:.1f} s search ({solver.backend}, {solver.iterations} iterations)"
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


def print_passes(day: DayPlan) -> None:
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
