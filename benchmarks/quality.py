"""Quality benchmark: foodroute against its peers, same instances, same wall-clock budget, one run.

Solvers compared (each plan re-evaluated by foodroute's own checker, the single truth):

- ``foodroute-auto``: our portfolio (two searches on the two cores, best by the checker);
- ``pyvrp``: our PyVRP translation alone, one search, one thread;
- ``vroom``: pyvroom, exploration levels 1 to 5 sharing the budget, best level kept;
- ``ortools``: OR-Tools routing with guided local search, one thread.

Instances: Gehring-Homberger 200 (VRPTW) and Li & Lim 200 (PDPTW) from ``../shared/benchdata``
(read in place, never copied), ``--subset N`` instances per class (C1, C2, R1, R2, RC1, RC2),
and the bundled Dijon day with every food constraint a peer can express. Two views per family:
the literature's hierarchical ranking (fewer vehicles first, then distance: CNV and CTD, the
distance gap on the instances solved at the BKS fleet size) and the distance-only gaps beside it.

Each run is timed whole, as a user waits for it: reading the instance, the solve and the checker.
foodroute's backends run through the engine's own ``optimizer.solving.solve.solve`` (search,
repairs, reasons for what is left out, the checked plan); VROOM's routes go through the checker. The
time to the best solution is the plan's ``time_to_best_s`` when it reports one, else its last
improvement (– for VROOM, which reports none).

Usage::

    python benchmarks/quality.py --budget 30 --subset 2 --out benchmarks/RESULTS.md

Raw results go to a JSON-lines file as they come, so an interrupted run keeps what it measured;
``--report-only`` rebuilds the Markdown from that file.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.vroom_peer import VroomPeer  # noqa: E402
from optimizer.backends.base import SolveOptions  # noqa: E402
from optimizer.backends.registry import get_backend  # noqa: E402
from optimizer.check import Evaluation, evaluate  # noqa: E402
from optimizer.context import Context  # noqa: E402
from optimizer.model import TEMPERATURE_CLASSES, Problem  # noqa: E402
from optimizer.plan import BackendResult, SolverStats  # noqa: E402
from optimizer.read import benchdata  # noqa: E402
from optimizer.read.documents import load_problem  # noqa: E402
from optimizer.solving.solve import solve  # noqa: E402

SOLVERS = ("foodroute-auto", "pyvrp", "vroom", "ortools")
FAMILIES = ("homberger200", "lilim200")
DIJON = ROOT / "instances" / "dijon-200.json"
DIJON_BREAKS = ROOT / "instances" / "dijon-200-breaks.json"
"""The same day with a 20-45 min break for every driver on shift over six hours."""


@dataclass
class Row:
    family: str
    instance: str
    solver: str
    feasible: bool
    violations: int
    vehicles: int
    distance: float
    objective_eur: float
    bks_vehicles: int | None
    bks_distance: float | None
    wall_s: float
    cpu_s: float
    served_pickups: int = 0
    unassigned: int = 0
    kg_rescued: dict[str, float] | None = None
    km: float = 0.0
    read_s: float | None = None
    time_to_best_s: float | None = None


def _solver(name: str) -> Any:
    if name == "foodroute-auto":
        return get_backend("auto")
    if name == "vroom":
        return VroomPeer()
    return get_backend(name)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time_to_best(stats: SolverStats | BackendResult | None) -> float | None:
    """The solver's own time to its best plan, else the time of its last improvement."""
    if stats is None:
        return None
    reported = getattr(stats, "time_to_best_s", None)
    if reported is not None:
        return round(float(reported), 2)
    improvements = stats.improvements
    if not improvements:
        return None
    last = improvements[-1]
    return round(last[0] if isinstance(last, tuple) else last.elapsed_s, 2)


def _solve_whole(
    read: Callable[[], Problem], solver_name: str, budget_s: float, seed: int
) -> tuple[Problem, Evaluation, float, float | None]:
    """Read, solve and check as a user would: the problem, the checker's verdict, read time, and
    the time to the best solution."""
    started = time.monotonic()
    problem = read()
    read_s = time.monotonic() - started
    options = SolveOptions(time_limit_s=budget_s, seed=seed)
    if solver_name == "vroom":
        ctx = Context(problem)
        result: BackendResult = _solver(solver_name).solve(ctx, options)
        evaluation = evaluate(ctx, [r for r in result.routes if r.jobs])
        return problem, evaluation, read_s, _time_to_best(result) if result.improvements else None
    backend = "auto" if solver_name == "foodroute-auto" else solver_name
    plan, evaluation = solve(problem, backend=backend, options=options)
    return problem, evaluation, read_s, _time_to_best(plan.solver)


def run_one(
    family: str,
    name: str,
    read: Callable[[], Problem],
    solver_name: str,
    budget_s: float,
    seed: int,
    scale: float,
    bks: tuple[int | None, float | None],
) -> Row:
    cpu_before = _cpu_seconds()
    started = time.monotonic()
    problem, evaluation, read_s, to_best = _solve_whole(read, solver_name, budget_s, seed)
    wall = time.monotonic() - started
    cpu = _cpu_seconds() - cpu_before
    routes = evaluation.routes
    distance_m = sum(e.route.distance_m for e in routes)
    rescued = {
        k.value: round(sum(e.route.picked_up_kg.get(k) for e in routes), 1)
        for k in TEMPERATURE_CLASSES
    }
    return Row(
        family=family,
        instance=name,
        solver=solver_name,
        feasible=evaluation.feasible,
        violations=len(evaluation.violations),
        vehicles=len(routes),
        distance=distance_m / scale,
        objective_eur=evaluation.objective.total_eur,
        bks_vehicles=bks[0],
        bks_distance=bks[1],
        wall_s=round(wall, 2),
        cpu_s=round(cpu, 2),
        served_pickups=sum(1 for p in problem.pickups if p.id in evaluation.served),
        unassigned=sum(1 for j in problem.jobs if j.id not in evaluation.served),
        kg_rescued=rescued,
        km=round(distance_m / 1000, 1),
        read_s=round(read_s, 2),
        time_to_best_s=to_best,
    )


def _reader(instance: benchdata.Instance) -> Callable[[], Problem]:
    """Reads the instance file afresh on every call, so that each run is timed with its read."""
    return lambda: replace(instance).problem


def _pct(value: float, reference: float) -> float:
    return 100.0 * (value - reference) / reference


def _mean_time_to_best(rows: list[Row]) -> str:
    known = [r.time_to_best_s for r in rows if r.time_to_best_s is not None]
    return f"{sum(known) / len(known):.1f}" if known else "–"


def hierarchical(family: str, rows: list[Row]) -> list[str]:
    """The literature's ranking: CNV (vehicles) first, then CTD (distance), feasible plans only.

    "At BKS fleet" counts the instances solved with no more vehicles than the BKS; the distance
    gap beside it is taken on the instances solved with exactly the BKS fleet, the only ones
    whose distances compare.
    """
    solvers = [s for s in SOLVERS if any(r.solver == s for r in rows)]
    ranked = []
    for solver in solvers:
        mine = [r for r in rows if r.solver == solver and r.bks_vehicles and r.bks_distance]
        feasible = [r for r in mine if r.feasible]
        cnv = sum(r.vehicles for r in feasible)
        ctd = sum(r.distance for r in feasible)
        same_fleet = [r for r in feasible if r.vehicles == r.bks_vehicles]
        gaps = [_pct(r.distance, r.bks_distance or 1.0) for r in same_fleet]
        ranked.append((len(mine) - len(feasible), cnv, ctd, solver, mine, feasible, gaps))
    ranked.sort(key=lambda item: item[:3])
    lines = [
        f"## {family}: ranked as the literature ranks (vehicles first, then distance)",
        "",
        "| rank | solver | feasible | CNV (BKS) | CTD (BKS) | at BKS fleet or fewer | "
        "distance gap at BKS fleet % (n) | to best s | wall s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for failed, cnv, ctd, solver, mine, feasible, gaps in ranked:
        place = 1 + sum(1 for other in ranked if other[:3] < (failed, cnv, ctd))
        bks_cnv = sum(r.bks_vehicles or 0 for r in feasible)
        bks_ctd = sum(r.bks_distance or 0.0 for r in feasible)
        at_fleet = sum(1 for r in feasible if r.vehicles <= (r.bks_vehicles or 0))
        gap = f"{sum(gaps) / len(gaps):.2f} ({len(gaps)})" if gaps else "– (0)"
        wall = sum(r.wall_s for r in mine) / len(mine) if mine else 0.0
        lines.append(
            f"| {place} | {solver} | {len(feasible)}/{len(mine)} | {cnv} ({bks_cnv}) | "
            f"{ctd:.1f} ({bks_ctd:.1f}) | {at_fleet}/{len(mine)} | {gap} | "
            f"{_mean_time_to_best(mine)} | {wall:.1f} |"
        )
    return [*lines, ""]


def render(rows: list[Row], command: str, budget_s: float) -> str:
    """The Markdown report: per family, gaps to the BKS and to the best of the run."""
    lines = [
        "# Quality benchmark",
        "",
        f"Produced by: `{command}`",
        "",
        f"Budget: {budget_s:g} s wall-clock per solver and instance, on this 2-core machine. "
        "Every plan is re-evaluated by foodroute's checker; an infeasible plan counts as "
        "infeasible whatever its distance. Gap = distance % above the reference "
        "(literature units). The literature ranks vehicles first, then distance: each family's "
        "first table does so, the distance-only table follows it. Wall = the whole solve as a "
        "user waits for it (reading, search, repairs, checker); to best = time to the best "
        "solution where the solver reports it.",
        "",
    ]
    by_family: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_family[row.family].append(row)
    for family, family_rows in by_family.items():
        if family == "dijon":
            continue
        lines += hierarchical(family, family_rows)
        best_of_run: dict[str, float] = {}
        for row in family_rows:
            if row.feasible:
                current = best_of_run.get(row.instance, math.inf)
                best_of_run[row.instance] = min(current, row.distance)
        instances = sorted({r.instance for r in family_rows})
        lines += [
            f"## {family} ({len(instances)} instances)",
            "",
            "| solver | feasible | mean gap to BKS % | worst gap to BKS % | "
            "mean gap to best of run % | worst % | vehicles (BKS) | to best s | wall s | CPU s |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for solver in SOLVERS:
            mine = [r for r in family_rows if r.solver == solver]
            if not mine:
                continue
            feasible = [r for r in mine if r.feasible]
            gaps = [_pct(r.distance, r.bks_distance) for r in feasible if r.bks_distance]
            run_gaps = [_pct(r.distance, best_of_run[r.instance]) for r in feasible]
            vehicles = sum(r.vehicles for r in mine)
            bks_vehicles = sum(r.bks_vehicles or 0 for r in mine)

            def fmt(values: list[float], worst: bool = False) -> str:
                if not values:
                    return "–"
                return f"{max(values):.2f}" if worst else f"{sum(values) / len(values):.2f}"

            lines.append(
                f"| {solver} | {len(feasible)}/{len(mine)} | {fmt(gaps)} | {fmt(gaps, True)} | "
                f"{fmt(run_gaps)} | {fmt(run_gaps, True)} | {vehicles} ({bks_vehicles}) | "
                f"{_mean_time_to_best(mine)} | {sum(r.wall_s for r in mine) / len(mine):.1f} | "
                f"{sum(r.cpu_s for r in mine) / len(mine):.1f} |"
            )
        lines.append("")
    dijon = by_family.get("dijon")
    if dijon:
        lines += [
            "## Dijon days (instances/dijon-200.json, and dijon-200-breaks.json with the "
            "drivers' breaks; all food constraints)",
            "",
            "| day | solver | feasible (violations) | objective € | km | vehicles | "
            "pickups served | kg rescued ambient / chilled / frozen | unassigned jobs | "
            "to best s | wall s | CPU s |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in dijon:
            kg = row.kg_rescued or {}
            lines.append(
                f"| {row.instance} | {row.solver} | {'yes' if row.feasible else 'no'} "
                f"({row.violations}) | "
                f"{row.objective_eur:.2f} | {row.km:.1f} | {row.vehicles} | {row.served_pickups} | "
                f"{kg.get('ambient', 0):.0f} / {kg.get('chilled', 0):.0f} / "
                f"{kg.get('frozen', 0):.0f} | {row.unassigned} | {_mean_time_to_best([row])} | "
                f"{row.wall_s:.1f} | "
                f"{row.cpu_s:.1f} |"
            )
        lines.append("")
    lines += [
        "## Per instance",
        "",
        "| family | instance | solver | feasible | vehicles | distance | BKS | to best s | "
        "wall s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        bks = f"{row.bks_vehicles} / {row.bks_distance:.2f}" if row.bks_distance else "–"
        lines.append(
            f"| {row.family} | {row.instance} | {row.solver} | {'yes' if row.feasible else 'no'} "
            f"| {row.vehicles} | {row.distance:.2f} | {bks} | {_mean_time_to_best([row])} | "
            f"{row.wall_s:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per solver run")
    parser.add_argument("--subset", type=int, default=2, help="instances per class and family")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--solvers", default=",".join(SOLVERS))
    parser.add_argument("--no-dijon", action="store_true")
    parser.add_argument(
        "--instances", default="", help="only these instances of the subset (comma-separated)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument(
        "--raw", type=Path, default=ROOT / "benchmarks" / "results" / "quality.jsonl"
    )
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args(argv)
    command = "python benchmarks/quality.py " + " ".join(argv if argv is not None else sys.argv[1:])
    solvers = [s for s in args.solvers.split(",") if s]
    for solver in solvers:
        if solver not in SOLVERS:
            parser.error(f"unknown solver {solver!r}; choose among {', '.join(SOLVERS)}")

    if not args.report_only:
        args.raw.parent.mkdir(parents=True, exist_ok=True)
        args.raw.write_text("", encoding="utf-8")
        chosen = {name for name in args.instances.split(",") if name}
        jobs: list[tuple[str, str, Callable[[], Problem], float, tuple[int | None, float | None]]]
        jobs = []
        for family in [f for f in args.families.split(",") if f]:
            for instance in benchdata.subset(family, args.subset):
                if chosen and instance.name not in chosen:
                    continue
                jobs.append(
                    (
                        family,
                        instance.name,
                        _reader(instance),
                        instance.scale,
                        (instance.bks_vehicles, instance.bks_distance),
                    )
                )
        if not args.no_dijon:
            for path in (DIJON, DIJON_BREAKS):
                jobs.append(("dijon", path.stem, partial(load_problem, path), 1000.0, (None, None)))
        for family, name, read, scale, bks in jobs:
            for solver in solvers:
                row = run_one(family, name, read, solver, args.budget, args.seed, scale, bks)
                with args.raw.open("a", encoding="utf-8") as raw:
                    raw.write(json.dumps(asdict(row)) + "\n")
                print(
                    f"{family:13} {name:12} {solver:15} feasible={row.feasible!s:5} "
                    f"vehicles={row.vehicles:3} distance={row.distance:10.2f} "
                    f"wall={row.wall_s:5.1f}s",
                    flush=True,
                )
    rows = [
        Row(**json.loads(line))
        for line in args.raw.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    args.out.write_text(render(rows, command, args.budget), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
