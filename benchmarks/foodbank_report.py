"""The Markdown report of the food-bank benchmark: one row per day and solver, then the summary."""

from __future__ import annotations

from benchmarks.foodbank_runs import Row

HEADER = (
    "| day | solver | status | objective € | feasible | violations | required missed | km | "
    "vehicles | pickups | kg rescued ambient / chilled / frozen | wall s | to best s | peak MB |"
)
FOODROUTE = ("auto", "ortools")


def _dash(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def wall_allowed_s(budget_s: float) -> float:
    """The whole solve's ceiling the engine promises: the limit plus max(1 s, 2 %)."""
    return budget_s + max(1.0, 0.02 * budget_s)


def gap_pct(mine: float, reference: float) -> float:
    """Objective % above ``reference`` (objectives are negative: below 0 means ``mine`` wins)."""
    return 100.0 * (mine - reference) / abs(reference)


def _row_line(row: Row) -> str:
    kg = row.kg_rescued
    rescued = " / ".join(f"{kg.get(k, 0):.0f}" for k in ("ambient", "chilled", "frozen"))
    return (
        f"| {row.day} | {row.solver} | {row.status} | {_dash(row.objective_eur, 2)} | "
        f"{'yes' if row.feasible else 'no'} | {row.violations} | {row.required_missed} | "
        f"{row.km:.1f} | {row.vehicles} | {row.pickups_served} | {rescued} | {row.wall_s:.1f} | "
        f"{_dash(row.time_to_best_s)} | {row.peak_mb:.0f} |"
    )


def _gaps(rows: list[Row]) -> list[tuple[str, float | None]]:
    """Per day: auto's objective gap to PyVRP direct, ``None`` when either has no feasible plan."""
    by_key = {(r.day, r.solver): r for r in rows}
    gaps: list[tuple[str, float | None]] = []
    for day in dict.fromkeys(r.day for r in rows):
        auto, direct = by_key.get((day, "auto")), by_key.get((day, "pyvrp-direct"))
        if auto is None or direct is None:
            continue
        both = auto.feasible and direct.feasible
        if both and auto.objective_eur is not None and direct.objective_eur:
            gaps.append((day, gap_pct(auto.objective_eur, direct.objective_eur)))
        else:
            gaps.append((day, None))
    return gaps


def summary(rows: list[Row]) -> list[str]:
    gaps = _gaps(rows)
    measured = [g for _, g in gaps if g is not None]
    lines = ["## Summary", ""]
    if gaps:
        mean = f"{sum(measured) / len(measured):+.3f} %" if measured else "–"
        ahead = sum(1 for g in measured if g < 0)
        lines += [
            "| | value |",
            "|---|---|",
            f"| `auto`'s mean gap to PyVRP direct (objective, negative = auto better) | {mean} |",
            f"| days `auto` strictly below PyVRP direct | {ahead} of {len(gaps)} |",
        ]
        lines.append(
            "| per day | "
            + ", ".join(f"{day} {'–' if g is None else f'{g:+.3f} %'}" for day, g in gaps)
            + " |"
        )
    ours = [r for r in rows if r.solver in FOODROUTE]
    if ours:
        if not gaps:
            lines += ["| | value |", "|---|---|"]
        within = sum(1 for r in ours if r.status == "ok" and r.wall_s <= wall_allowed_s(r.budget_s))
        clean = sum(1 for r in ours if r.feasible and r.required_missed == 0)
        lines += [
            f"| foodroute rows within limit + max(1 s, 2 %) wall | {within} of {len(ours)} |",
            f"| foodroute rows feasible, no required delivery missed | {clean} of {len(ours)} |",
            f"| largest peak memory of a foodroute run | {max(r.peak_mb for r in ours):.0f} MB |",
        ]
    return [*lines, ""]


def render(rows: list[Row], command: str) -> str:
    lines = [
        "# Food-bank benchmark",
        "",
        f"Produced by: `{command}`",
        "",
        "Days of the Banque Alimentaire de Bourgogne written by `benchmarks/foodbank_days.py` "
        "(20 % optional pickups valued kg × €/kg × urgency, 80 % required deliveries, three "
        "compartments and a payload, explicit matrices). Each solver runs in its own process at "
        "the day's wall budget on this 2-core machine: `auto` and `ortools` as "
        "`foodroute plan FILE --time-limit T --backend B`, PyVRP direct (a plain PyVRP model, "
        "best of two seeds on the two cores), VROOM (two threads). Every plan is scored by "
        "foodroute's checker; objective in € (lower is better). Wall = launch to exit; peak = "
        "resident memory of the process tree; to best = the plan's time to its best solution "
        "(`time_to_best_s`, else its last improvement; – when it reports none).",
        "",
        *summary(rows),
        "## Days",
        "",
        HEADER,
        "|" + "---|" * (HEADER.count("|") - 1),
    ]
    lines += [_row_line(row) for row in rows]
    budgets = sorted({(r.points, r.budget_s) for r in rows})
    lines += ["", "Budgets: " + ", ".join(f"{p} points {b:g} s" for p, b in budgets), ""]
    notes = [r for r in rows if r.note]
    if notes:
        lines += ["## Runs that returned no plan", ""]
        for row in notes:
            tail = " ".join(row.note.split())[-200:].replace("`", "'")
            lines.append(f"- {row.day} {row.solver}: {row.status} — `{tail}`")
        lines.append("")
    return "\n".join(lines)
