"""The price of a time-on-board limit: the Dijon day with and without it, same engine and budget.

The limited day is ``instances/dijon-200.json`` with the chilled compartment of every van
(``van_3.5t`` with chilled capacity) declared insulated and chilled food allowed ``--minutes`` on
board in an insulated compartment; the trucks keep their refrigerated compartments. Both days are
planned by the same backend, budget and seeds; every plan is judged by the checker of the limited
day, so the free plan's column shows how many lots it would keep on board too long.

Usage::

    nohup nice -n 10 python benchmarks/time_on_board.py --out benchmarks/TIME_ON_BOARD.md &
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from optimizer.backends.base import SolveOptions  # noqa: E402
from optimizer.check import Code, Violation, evaluate  # noqa: E402
from optimizer.context import Context  # noqa: E402
from optimizer.model import CompartmentKind, Problem, TemperatureClass  # noqa: E402
from optimizer.plan import Plan, StopKind  # noqa: E402
from optimizer.read.documents import load_problem  # noqa: E402
from optimizer.solving.solve import solve  # noqa: E402

COLUMNS = (
    "day",
    "seed",
    "feasible (violations, limited day's checker)",
    "lots over the limit",
    "objective €",
    "travel cost €",
    "km",
    "reloads",
    "pickups served",
    "chilled kg rescued",
    "unassigned (time on board)",
    "iterations",
    "wall s",
)


def limited(problem: Problem, minutes: float) -> Problem:
    """The day with the vans' chilled compartments insulated, chilled food ``minutes`` in them."""
    insulated = {TemperatureClass.CHILLED: CompartmentKind.INSULATED}
    vehicles = [
        vehicle.model_copy(update={"compartments": insulated})
        if vehicle.type.startswith("van") and vehicle.capacity_kg.chilled > 0
        else vehicle
        for vehicle in problem.vehicles
    ]
    limits = {CompartmentKind.INSULATED: {TemperatureClass.CHILLED: minutes}}
    settings = problem.settings.model_copy(update={"max_on_board_min": limits})
    # Validated again, so the variant is a day a planner could have written.
    document = problem.model_copy(update={"vehicles": vehicles, "settings": settings})
    return Problem.model_validate(document.model_dump(mode="json"))


def verdict(violations: list[Violation]) -> str:
    """yes (0), or no with the count of each kind of violation."""
    if not violations:
        return "yes (0)"
    kinds = Counter(v.code.value for v in violations)
    return f"no ({', '.join(f'{n} {code}' for code, n in sorted(kinds.items()))})"


def row(day: str, seed: int, plan: Plan, judge: Context, wall_s: float) -> list[str]:
    evaluation = evaluate(judge, plan.sequences())
    over = sum(1 for v in evaluation.violations if v.code is Code.TIME_ON_BOARD)
    reloads = sum(1 for r in plan.routes for s in r.stops if s.kind is StopKind.RELOAD)
    held = sum(1 for u in plan.unassigned if u.reason.value == "time_on_board")
    return [
        day,
        str(seed),
        verdict(evaluation.violations),
        str(over),
        f"{plan.objective.total_eur:.2f}",
        f"{plan.objective.travel_cost_eur:.2f}",
        f"{plan.kpis.distance_km:.1f}",
        str(reloads),
        f"{plan.kpis.pickups_served}/{plan.kpis.pickups_offered}",
        f"{plan.kpis.picked_up_kg.chilled:.0f}",
        f"{len(plan.unassigned)} ({held})",
        str(plan.solver.iterations),
        f"{wall_s:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problem", type=Path, default=ROOT / "instances" / "dijon-200.json")
    parser.add_argument("--minutes", type=float, default=90.0)
    parser.add_argument("--backend", default="pyvrp")
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument(
        "--max-iterations",
        type=int,
        default=None,
        help="An iteration budget within the time limit: the same plans on any machine load.",
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    free = load_problem(args.problem)
    limit = limited(free, args.minutes)
    judge = Context(limit)
    rows: list[list[str]] = []
    objectives: dict[str, list[float]] = {"free": [], "limited": []}
    started = time.monotonic()
    for seed in args.seeds:
        for day, problem in (("free", free), ("limited", limit)):
            options = SolveOptions(
                time_limit_s=args.budget, seed=seed, max_iterations=args.max_iterations
            )
            begun = time.monotonic()
            plan, _ = solve(problem, args.backend, options)
            rows.append(row(day, seed, plan, judge, time.monotonic() - begun))
            objectives[day].append(plan.objective.total_eur)
            print(" | ".join(rows[-1]), flush=True)
    text = report(args, rows, objectives, time.monotonic() - started)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    print(text)


def report(
    args: argparse.Namespace,
    rows: list[list[str]],
    objectives: dict[str, list[float]],
    total_s: float,
) -> str:
    budget = f"{args.budget:g} s per plan"
    if args.max_iterations:
        budget = f"{args.max_iterations} iterations per plan (at most {args.budget:g} s)"
    free = statistics.mean(objectives["free"])
    limited_mean = statistics.mean(objectives["limited"])
    command = (
        f"nohup nice -n 10 python benchmarks/time_on_board.py --minutes {args.minutes:g} "
        f"--backend {args.backend} --budget {args.budget:g} "
        + (f"--max-iterations {args.max_iterations} " if args.max_iterations else "")
        + f"--seeds {' '.join(map(str, args.seeds))} --out benchmarks/TIME_ON_BOARD.md &"
    )
    lines = [
        "# Time on board: the Dijon day with and without a chilled limit for the vans",
        "",
        "```sh",
        command,
        "```",
        "",
        f"`{args.problem.relative_to(ROOT)}`; the limited day declares the chilled compartment "
        f"of each van with chilled capacity (vl-1, vl-2) insulated and allows chilled food "
        f"{args.minutes:g} min in it, from the start of loading at the donor to the start of "
        "unloading at the depot; the trucks stay refrigerated (no limit). Same backend "
        f"({args.backend}), {budget}, seeds {', '.join(map(str, args.seeds))}. "
        "Every plan is judged by the limited day's checker: the free plan's lots over the limit "
        "are what the limit prevents. Machine: "
        f"{platform.machine()}, Python {platform.python_version()}, 2 shared cores, run niced; "
        f"whole command {total_s:.0f} s.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
        f"Mean objective: free {free:.2f} €, limited {limited_mean:.2f} €; the price of the "
        f"limit is {limited_mean - free:+.2f} € ({(limited_mean - free) / abs(free) * 100:+.2f} % "
        "of the free day's objective; the objective is negative, value served minus travel).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
