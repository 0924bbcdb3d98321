"""One matrix (the most restrictive profile) against each vehicle on its own road profile, on
the Dijon road demo (``make demo-roads``'s street grid around ``instances/dijon-200.json``).

    nice -n 10 .venv/bin/python -m benchmarks.road_profiles --out benchmarks/ROAD_PROFILES.md

Prints the time to build each profile's matrix (cold cache), then plans the day with PyVRP on
an iteration budget (the same search on any machine), per seed, twice: every vehicle on the
most restrictive profile's matrix (how the engine planned before), and each vehicle on its own.
Both plans are checked, then counted as driven: each vehicle on its own matrix.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import platform
import tempfile
import time
from pathlib import Path

from benchmarks.road_networks import grid_covering

COMMAND = (
    "nice -n 10 .venv/bin/python -m benchmarks.road_profiles --out benchmarks/ROAD_PROFILES.md"
)
PROBLEM = Path("instances/dijon-200.json")


def build_demo_tiles(folder: Path) -> Path:
    """The street grid of ``make demo-roads`` (1 km spacing, every 5th line primary)."""
    from optimizer.roads import build_tiles

    sites = json.loads(PROBLEM.read_text(encoding="utf-8"))["sites"]
    extract = grid_covering([(s["lat"], s["lon"]) for s in sites], 1_000.0)
    pbf = extract.write(folder / "dijon-grid.osm.pbf")
    build_tiles(pbf, folder / "tiles")
    return folder / "tiles"


def profile_rows(tiles: Path) -> list[dict[str, object]]:
    from optimizer.read.documents import parse_problem
    from optimizer.roads import RoadNetwork, RoadTravel
    from optimizer.roads.profiles import most_restrictive, profiles_by_vehicle

    problem = parse_problem(json.loads(PROBLEM.read_text(encoding="utf-8")))
    by_vehicle = profiles_by_vehicle(problem)
    shared = most_restrictive(list(by_vehicle.values()))
    network = RoadNetwork(tiles)
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        for profile in sorted(set(by_vehicle.values()) | {shared}):
            started = time.perf_counter()
            matrix = RoadTravel(network, profile, Path(cache)).matrix(problem.sites)
            rows.append(
                {
                    "profile": profile.name,
                    "vehicles": sum(1 for p in by_vehicle.values() if p == profile),
                    "cold_s": time.perf_counter() - started,
                    "mean_m": float(matrix.distance_m.mean()),
                    "mean_s": float(matrix.duration_s.mean()),
                }
            )
    return rows


def plan_rows(tiles: Path, iterations: int, seeds: list[int]) -> list[dict[str, object]]:
    from optimizer.backends.base import SolveOptions
    from optimizer.check import evaluate
    from optimizer.context import Context
    from optimizer.matrix import build_matrix
    from optimizer.read.documents import parse_problem
    from optimizer.solving.solve import solve

    document = json.loads(PROBLEM.read_text(encoding="utf-8"))
    document["travel"] = {"kind": "road", "tiles": str(tiles)}
    problem = parse_problem(document)
    own = build_matrix(problem)
    one = dataclasses.replace(own, by_vehicle={})
    rows = []
    for seed in seeds:
        options = SolveOptions(time_limit_s=3600, seed=seed, max_iterations=iterations)
        for name, matrix in (("one matrix", one), ("per vehicle", own)):
            started = time.perf_counter()
            plan, evaluation = solve(problem, "pyvrp", options, matrix=matrix)
            seconds = time.perf_counter() - started
            # What the routes cost when each vehicle drives its own roads.
            driven = evaluate(Context(problem, own), plan.sequences())
            rows.append(
                {
                    "seed": seed,
                    "matrices": name,
                    "feasible": evaluation.feasible and driven.feasible,
                    "objective": evaluation.objective.total_eur,
                    "travel": evaluation.objective.travel_cost_eur,
                    "driven_objective": driven.objective.total_eur,
                    "driven_travel": driven.objective.travel_cost_eur,
                    "driven_km": sum(e.route.distance_m for e in driven.routes) / 1000,
                    "unassigned": len(plan.unassigned),
                    "seconds": seconds,
                }
            )
            print(rows[-1], flush=True)
    return rows


def markdown(profiles: list[dict[str, object]], plans: list[dict[str, object]], n: int) -> str:
    lines = [
        "# One road matrix against one per vehicle profile (Dijon road demo)",
        "",
        f"`{COMMAND}` — {dt.date.today()}, Python {platform.python_version()}, "
        f"{platform.machine()}, shared 2-core machine.",
        "",
        f"`{PROBLEM}` (200 stops, 12 vehicles) on `make demo-roads`'s grid: streets 1 km apart, "
        "every 5th a primary road, **no truck restriction** (no maxweight/maxheight tag): the "
        "profiles differ only by Valhalla's own truck and car costing.",
        "",
        "| profile | vehicles | matrix (cold) s | mean m | mean s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in profiles:
        lines.append(
            f"| {row['profile']} | {row['vehicles']} | {row['cold_s']:.2f} | "
            f"{row['mean_m']:.0f} | {row['mean_s']:.0f} |"
        )
    lines += [
        "",
        f"PyVRP, {n} iterations a seed; every plan through the checker on the matrices it was",
        "planned on, then counted as driven: each vehicle on its own profile's matrix (for the",
        "per-vehicle plans, the same numbers).",
        "",
        "| seed | planned on | feasible | objective € | travel € | driven: objective € "
        "| driven: travel € | driven km | unassigned | s |",
        "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in plans:
        lines.append(
            f"| {row['seed']} | {row['matrices']} | {row['feasible']} | {row['objective']:.2f} | "
            f"{row['travel']:.2f} | {row['driven_objective']:.2f} | {row['driven_travel']:.2f} | "
            f"{row['driven_km']:.1f} | {row['unassigned']} | {row['seconds']:.0f} |"
        )
    for name in ("one matrix", "per vehicle"):
        mine = [r for r in plans if r["matrices"] == name]
        travel = sum(float(r["driven_travel"]) for r in mine) / len(mine)  # type: ignore[arg-type]
        total = sum(float(r["driven_objective"]) for r in mine) / len(mine)  # type: ignore[arg-type]
        lines.append(f"| mean | {name} | | | | {total:.2f} | {travel:.2f} | | | |")
    return "\n".join([*lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tiles = build_demo_tiles(Path(folder))
        profiles = profile_rows(tiles)
        print(profiles, flush=True)
        plans = plan_rows(tiles, args.iterations, args.seeds)
    text = markdown(profiles, plans, args.iterations)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
