"""Road matrix benchmark: build time and memory of Valhalla matrices for 200 and 1,000 sites,
and the time of a cache hit, on a synthetic street grid written with pyosmium (no download).

    nice -n 10 .venv/bin/python -m benchmarks.roads --out benchmarks/ROADS.md

Each size is measured in a fresh process, so that the resident memory is that size's own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.road_networks import Extract, grid, metres_to_degrees

SOUTH_WEST = (47.25, 4.95)
GRID_LINES = 80  # 80 × 80 streets 200 m apart: a 16 km square, every 5th a main road
SPACING_M = 200.0
COMMAND = "nice -n 10 .venv/bin/python -m benchmarks.roads --out benchmarks/ROADS.md"


def build_network(folder: Path) -> dict[str, float]:
    from optimizer.roads import build_tiles

    extract = Extract()
    grid(extract, SOUTH_WEST, GRID_LINES, GRID_LINES, SPACING_M)
    pbf = extract.write(folder / "grid.osm.pbf")
    report = build_tiles(pbf, folder / "tiles")
    return {
        "build_s": report.seconds,
        "tiles_mb": report.size_bytes / 1e6,
        "extract_mb": pbf.stat().st_size / 1e6,
        "nodes": len(extract.nodes),
    }


def random_sites(count: int, seed: int) -> list[dict[str, object]]:
    dlat, dlon = metres_to_degrees(SOUTH_WEST[0], SPACING_M * (GRID_LINES - 1))
    rng = random.Random(seed)
    return [
        {
            "id": f"s{i}",
            "kind": "depot" if i == 0 else "partner",
            "lat": SOUTH_WEST[0] + rng.random() * dlat,
            "lon": SOUTH_WEST[1] + rng.random() * dlon,
        }
        for i in range(count)
    ]


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(tiles: Path, count: int, costing: str) -> dict[str, float]:
    """One size, one profile, in this process: cold matrix, then a cache hit."""
    from optimizer.model import Site
    from optimizer.roads import AUTO, RoadNetwork, RoadProfile, RoadTravel

    profile = AUTO if costing == "auto" else RoadProfile("truck", 12.0, 3.5, 7.8)
    sites = [Site.model_validate(s) for s in random_sites(count, seed=count)]
    network = RoadNetwork(tiles)
    before = resident_mb()
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        matrix = RoadTravel(network, profile, Path(cache)).matrix(sites)
        cold = time.perf_counter() - started
        after = resident_mb()
        started = time.perf_counter()
        again = RoadTravel(network, profile, Path(cache)).matrix(sites)
        hit = time.perf_counter() - started
    assert (again.duration_s == matrix.duration_s).all()
    return {
        "sites": count,
        "cold_s": cold,
        "hit_s": hit,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "mean_duration_s": float(matrix.duration_s.mean()),
    }


def markdown(network: dict[str, float], rows: list[dict[str, object]]) -> str:
    lines = [
        "# Road matrices (Valhalla in process)",
        "",
        f"`{COMMAND}` — {dt.date.today()}, Python {platform.python_version()}, "
        f"{platform.machine()}, shared 2-core machine, one thread.",
        "",
        f"Synthetic grid: {GRID_LINES} × {GRID_LINES} streets {SPACING_M:.0f} m apart "
        f"({network['nodes']:.0f} nodes, every 5th line a primary road), extract "
        f"{network['extract_mb'] * 1000:.0f} kB written with pyosmium; tiles built in "
        f"{network['build_s']:.1f} s ({network['tiles_mb']:.1f} MB). Sites at random on the grid; "
        "each size and profile measured in a fresh process.",
        "",
        "| sites | profile | matrix (cold) s | cache hit s | RSS before → after MB | peak RSS MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['sites']} | {row['costing']} | {row['cold_s']:.2f} | {row['hit_s']:.3f} | "
            f"{row['rss_before_mb']:.0f} → {row['rss_after_mb']:.0f} | {row['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        "A cache hit reads the npz file and re-checks the stored snaps and unreachable pairs (no",
        "Valhalla call). The cold time includes the survey: locate, then one CostMatrix column and",
        "row to and from the first site (snaps, reachability) before the full one-to-many matrix.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--measure", nargs=3, metavar=("TILES", "SITES", "COSTING"))
    args = parser.parse_args()
    if args.measure:
        tiles, count, costing = args.measure
        print(json.dumps(measure(Path(tiles), int(count), costing)))
        return
    with tempfile.TemporaryDirectory() as folder:
        network = build_network(Path(folder))
        print(f"tiles built in {network['build_s']:.1f} s, {network['tiles_mb']:.1f} MB")
        rows = []
        for count in args.sizes:
            for costing in ("auto", "truck"):
                answer = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "benchmarks.roads",
                        "--measure",
                        str(Path(folder) / "tiles"),
                        str(count),
                        costing,
                    ],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                row = {"costing": costing, **json.loads(answer.stdout)}
                print(row)
                rows.append(row)
    text = markdown(network, rows)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
