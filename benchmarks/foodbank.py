"""Food-bank benchmark: foodroute ``auto`` against PyVRP direct, VROOM and OR-Tools, food-bank days.

Days (:mod:`benchmarks.foodbank_days`): one-site days of the Banque Alimentaire de Bourgogne
(Dijon, Chalon-sur-Saône, Nevers, Auxerre, the site turning with the size and the seed) and
regional days from all four depots; 20 % optional pickups, 80 % required deliveries, explicit
matrices. Every solver runs in a process of its own at the same wall budget, and every plan is
scored by foodroute's checker (:mod:`benchmarks.foodbank_runs`). Problems and plans go to
``--out`` (a temporary folder by default), never into the repository.

Usage (the full run; about 80 minutes of budgets plus what the runs overrun)::

    nice -n 10 .venv/bin/python benchmarks/foodbank.py

``--breaks`` gives every day its drivers' breaks (``instances/add_breaks.py``: a 20-45 min
break for every shift over six hours) and names the days ``…-breaks``; PyVRP direct, a plain
PyVRP model, knows no breaks, so the checker finds its plans late where a break falls.
``--quick`` plans one tiny day with 3 s budgets, for the test. Raw rows go to a JSON-lines file
as they come; ``--report-only`` rebuilds the Markdown from it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.foodbank_days import DEPOTS, REGIONAL, DaySpec, generate_day  # noqa: E402
from benchmarks.foodbank_report import render  # noqa: E402
from benchmarks.foodbank_runs import SOLVERS, Row, run_solver  # noqa: E402
from instances.add_breaks import SEED as BREAKS_SEED  # noqa: E402
from instances.add_breaks import add_breaks  # noqa: E402
from optimizer.context import Context  # noqa: E402
from optimizer.read.documents import parse_problem  # noqa: E402

SIZES = (200, 400, 1000)
SEEDS = (1, 2, 3)
QUICK_POINTS = 15
QUICK_BUDGET_S = 3.0


def budget_for(points: int, budgets: dict[int, float]) -> float:
    """The budget of the smallest size class that holds ``points`` (the largest beyond it)."""
    for size in sorted(budgets):
        if points <= size:
            return budgets[size]
    return budgets[max(budgets)]


def days(sizes: list[int], seeds: list[int], regional: bool, regional_size: int) -> list[DaySpec]:
    """One-site days turning through the four sites, then the regional days."""
    sites = list(DEPOTS)
    chosen = [
        DaySpec(sites[(number + seed - 1) % len(sites)], points, seed)
        for number, points in enumerate(sizes)
        for seed in seeds
    ]
    if regional:
        chosen += [DaySpec(REGIONAL, regional_size, seed) for seed in seeds]
    return chosen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="points per day")
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)))
    parser.add_argument("--regional", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--regional-size", type=int, default=1000, help="points of a regional day")
    parser.add_argument("--budget-200", type=float, default=30.0, help="s, days up to 200 points")
    parser.add_argument("--budget-400", type=float, default=30.0, help="s, days up to 400 points")
    parser.add_argument("--budget-1000", type=float, default=120.0, help="s, larger days")
    parser.add_argument("--solvers", default=",".join(SOLVERS))
    parser.add_argument("--out", type=Path, default=None, help="problems and plans (temp dir)")
    parser.add_argument("--report", type=Path, default=None, help="benchmarks/FOODBANK.md")
    parser.add_argument("--raw", type=Path, default=None, help="results/foodbank.jsonl")
    parser.add_argument("--breaks", action="store_true", help="every day with drivers' breaks")
    parser.add_argument("--quick", action="store_true", help="one tiny day, 3 s budgets")
    parser.add_argument("--report-only", action="store_true")
    return parser


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part]


def run_day(
    spec: DaySpec,
    budget_s: float,
    solvers: list[str],
    out: Path,
    raw: Path,
    breaks: bool = False,
) -> list[Row]:
    """Write the day's problem, run every solver on it, append each scored row to ``raw``."""
    document = generate_day(spec, time_limit_s=budget_s)
    name = spec.name
    if breaks:
        document = add_breaks(document, random.Random(BREAKS_SEED + spec.seed))
        name = f"{spec.name}-breaks"
    problem = parse_problem(document)  # the benchmark's days must be valid problems
    workdir = out / name
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "problem.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    ctx = Context(problem)
    rows = []
    for solver in solvers:
        row = Row(name, spec.site, spec.points, spec.seed, solver, budget_s, "running")
        run_solver(solver, path, ctx, row, workdir)
        with raw.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(row)) + "\n")
        print(
            f"{name:22} {solver:13} {row.status:8} feasible={row.feasible!s:5} "
            f"objective={row.objective_eur} wall={row.wall_s:.1f}s peak={row.peak_mb:.0f}MB",
            flush=True,
        )
        rows.append(row)
    return rows


def _without_scratch_folder(argv: list[str]) -> list[str]:
    """The arguments minus ``--out DIR``: where scratch files went says nothing of the run."""
    kept: list[str] = []
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
        elif arg == "--out":
            skip_next = True
        elif not arg.startswith("--out="):
            kept.append(arg)
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command = "python benchmarks/foodbank.py " + " ".join(
        _without_scratch_folder(argv if argv is not None else sys.argv[1:])
    )
    solvers = [s for s in args.solvers.split(",") if s]
    for solver in solvers:
        if solver not in SOLVERS:
            parser.error(f"unknown solver {solver!r}; choose among {', '.join(SOLVERS)}")
    out = args.out or Path(tempfile.mkdtemp(prefix="foodbank-"))
    report = args.report or (
        out / "FOODBANK.md" if args.quick else ROOT / "benchmarks" / "FOODBANK.md"
    )
    raw = args.raw or (
        out / "foodbank.jsonl" if args.quick else ROOT / "benchmarks" / "results" / "foodbank.jsonl"
    )
    budgets = {200: args.budget_200, 400: args.budget_400, 1000: args.budget_1000}
    if args.quick:
        budgets = dict.fromkeys(budgets, QUICK_BUDGET_S)
        specs = [DaySpec("dijon", QUICK_POINTS, seed) for seed in _ints(args.seeds)[:1]]
    else:
        specs = days(_ints(args.sizes), _ints(args.seeds), args.regional, args.regional_size)
    if not args.report_only:
        out.mkdir(parents=True, exist_ok=True)
        raw.parent.mkdir(parents=True, exist_ok=True)
        raw.write_text("", encoding="utf-8")
        started = time.monotonic()
        for spec in specs:
            run_day(spec, budget_for(spec.points, budgets), solvers, out, raw, args.breaks)
        print(f"{len(specs)} days in {(time.monotonic() - started) / 60:.1f} min; files in {out}")
    rows = [
        Row(**json.loads(line)) for line in raw.read_text(encoding="utf-8").splitlines() if line
    ]
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(render(rows, command), encoding="utf-8")
    print(f"wrote {report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
