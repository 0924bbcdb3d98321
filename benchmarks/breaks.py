"""Breaks benchmark: the Dijon day with its drivers' breaks against the same day without them.

    python benchmarks/breaks.py --budget 30 --seeds 1 --out benchmarks/BREAKS.md

Plans ``instances/dijon-200.json`` with ``auto`` and ``pyvrp`` (the references), then
``instances/dijon-200-breaks.json`` (written by ``instances/add_breaks.py``) with ``auto``,
``pyvrp`` and ``ortools``, each through the engine's own ``solve`` (search, repairs, checked
plan) with the same wall-clock budget and seeds. Per run: feasibility by the checker, required
deliveries missed, breaks taken inside their windows, routes that reload, the objective and its
gap to the same solver's on the day without breaks (same seed; ``auto``'s for OR-Tools, which
cannot plan that day's reloads), the wall-clock time. The Markdown starts with the
command that wrote it; raw rows go to ``benchmarks/results/breaks.jsonl`` as they come.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from optimizer.backends.base import SolveOptions  # noqa: E402
from optimizer.check import check_plan  # noqa: E402
from optimizer.plan import StopKind  # noqa: E402
from optimizer.read.documents import load_problem  # noqa: E402
from optimizer.solving.solve import solve  # noqa: E402

PLAIN = ROOT / "instances" / "dijon-200.json"
BREAKS = ROOT / "instances" / "dijon-200-breaks.json"
RUNS = (
    (PLAIN, "auto"),
    (PLAIN, "pyvrp"),
    (BREAKS, "auto"),
    (BREAKS, "pyvrp"),
    (BREAKS, "ortools"),
)


@dataclass
class Row:
    day: str
    solver: str
    seed: int
    feasible: bool
    violations: int
    required_missed: int
    breaks_taken: int
    breaks_due: int
    reload_routes: int
    routes: int
    unassigned: int
    objective_eur: float
    km: float
    wall_s: float


def run(day: Path, solver: str, budget: float, seed: int) -> Row:
    """One checked plan of ``day``, timed as a user waits for it (reading the file included)."""
    started = time.monotonic()
    problem = load_problem(day)
    options = SolveOptions(time_limit_s=budget, seed=seed, deadline=started + budget)
    plan, _ = solve(problem, solver, options)
    wall = time.monotonic() - started
    report = check_plan(problem, plan)
    used = {route.vehicle for route in plan.routes}
    return Row(
        day=day.name,
        solver=solver,
        seed=seed,
        feasible=plan.feasible and not report.violations,
        violations=len(report.violations),
        required_missed=sum(1 for u in plan.unassigned if u.required),
        breaks_taken=sum(len(route.breaks) for route in plan.routes),
        breaks_due=sum(len(v.breaks) for v in problem.vehicles if v.id in used),
        reload_routes=sum(
            1 for route in plan.routes if any(s.kind is StopKind.RELOAD for s in route.stops)
        ),
        routes=len(plan.routes),
        unassigned=len(plan.unassigned),
        objective_eur=round(plan.objective.total_eur, 2),
        km=round(plan.kpis.distance_km, 1),
        wall_s=round(wall, 1),
    )


Reference = dict[tuple[str, int], float]
"""The plain day's objective per (solver, seed)."""


def _gap(row: Row, reference: Reference) -> float | None:
    """None for the reference rows themselves, and where the plain day has no plan."""
    if row.day == PLAIN.name:
        return None
    base = reference.get((row.solver, row.seed), reference.get(("auto", row.seed)))
    return None if base is None else (row.objective_eur - base) / abs(base) * 100


def _summary(rows: list[Row], reference: Reference) -> list[str]:
    """Per day and solver over the seeds: feasible runs, required missed, mean and worst gap."""
    lines = [
        "| day | solver | feasible | required missed (worst) | mean gap % | worst gap % |",
        "|---|---|---|---|---|---|",
    ]
    for day, solver in dict.fromkeys((r.day, r.solver) for r in rows):
        group = [r for r in rows if (r.day, r.solver) == (day, solver)]
        gaps = [g for g in (_gap(r, reference) for r in group) if g is not None]
        mean = f"{sum(gaps) / len(gaps):.2f}" if gaps else "–"
        worst = f"{max(gaps):.2f}" if gaps else "–"
        feasible = sum(1 for r in group if r.feasible)
        missed = max(r.required_missed for r in group)
        lines.append(
            f"| {day} | {solver} | {feasible}/{len(group)} | {missed} | {mean} | {worst} |"
        )
    return lines


def markdown(rows: list[Row], command: str, budget: float) -> str:
    """The tables, each run's gap taken to the plain day's plan by the same solver and seed."""
    reference = {(r.solver, r.seed): r.objective_eur for r in rows if r.day == PLAIN.name}
    lines = [
        "# Drivers' breaks benchmark",
        "",
        f"Produced by: `{command}`",
        "",
        f"Budget: {budget:g} s wall-clock per plan (reading, search, repairs, checked plan), on",
        "this 2-core machine. Gap: objective % above the same solver's on the day without",
        "breaks, same seed (`auto`'s for OR-Tools); the objective is negative, travel cost",
        "minus the food's value, so a positive gap is a worse plan. Breaks: taken inside their",
        "windows per the checker / due on the routes used.",
        "",
        *_summary(rows, reference),
        "",
        "| day | solver | seed | feasible (violations) | required missed | breaks | routes "
        "reloading | unassigned | objective € | gap % | km | wall s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        value = _gap(r, reference)
        gap = "–" if value is None else f"{value:.2f}"
        lines.append(
            f"| {r.day} | {r.solver} | {r.seed} | {'yes' if r.feasible else 'no'} "
            f"({r.violations}) | {r.required_missed} | {r.breaks_taken}/{r.breaks_due} | "
            f"{r.reload_routes}/{r.routes} | {r.unassigned} | {r.objective_eur:.2f} | {gap} | "
            f"{r.km:.1f} | {r.wall_s:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--seeds", type=int, default=1, help="seeds 1..N per run")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "BREAKS.md")
    parser.add_argument("--raw", type=Path, default=ROOT / "benchmarks/results/breaks.jsonl")
    parser.add_argument("--report-only", metavar="COMMAND", help="rebuild from --raw")
    args = parser.parse_args()
    if args.report_only:
        lines = args.raw.read_text(encoding="utf-8").splitlines()
        rows = [Row(**json.loads(line)) for line in lines]
        args.out.write_text(markdown(rows, args.report_only, args.budget), encoding="utf-8")
        return 0
    command = "python benchmarks/breaks.py " + " ".join(sys.argv[1:])
    args.raw.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    with args.raw.open("w", encoding="utf-8") as raw:
        for seed in range(1, args.seeds + 1):
            for day, solver in RUNS:
                row = run(day, solver, args.budget, seed)
                rows.append(row)
                raw.write(json.dumps(asdict(row)) + "\n")
                raw.flush()
                print(row, flush=True)
    args.out.write_text(markdown(rows, command.strip(), args.budget), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
