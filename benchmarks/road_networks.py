"""Synthetic OpenStreetMap extracts written with pyosmium, so that nothing is downloaded.

The road tests, the road benchmark and ``make demo-roads`` build Valhalla tiles from these:
a square grid of streets (a few of them faster main roads) that covers given coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import osmium

METRES_PER_DEGREE_LAT = 111_320.0


@dataclass
class Extract:
    """Nodes and ways of an extract being written; ids are given in order."""

    nodes: dict[int, tuple[float, float]] = field(default_factory=dict)  # id → (lat, lon)
    ways: list[tuple[list[int], dict[str, str]]] = field(default_factory=list)

    def node(self, lat: float, lon: float) -> int:
        node_id = len(self.nodes) + 1
        self.nodes[node_id] = (lat, lon)
        return node_id

    def way(self, node_ids: Sequence[int], **tags: str) -> None:
        self.ways.append((list(node_ids), dict(tags)))

    def road(self, points: Iterable[tuple[float, float]], **tags: str) -> list[int]:
        """A way through new nodes at ``points`` (lat, lon); returns their ids."""
        ids = [self.node(lat, lon) for lat, lon in points]
        self.way(ids, **tags)
        return ids

    def write(self, path: Path) -> Path:
        """Write the extract as ``.osm.pbf`` (nodes, then ways, as osmium expects)."""
        path.unlink(missing_ok=True)
        writer = osmium.SimpleWriter(str(path))
        try:
            for node_id, (lat, lon) in self.nodes.items():
                writer.add_node(osmium.osm.mutable.Node(id=node_id, location=(lon, lat), version=1))
            for way_id, (node_ids, tags) in enumerate(self.ways, start=1):
                writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=node_ids, tags=tags))
        finally:
            writer.close()
        return path


def metres_to_degrees(lat: float, metres: float) -> tuple[float, float]:
    """(Δlat, Δlon) of ``metres`` north and east at latitude ``lat``."""
    return (
        metres / METRES_PER_DEGREE_LAT,
        metres / (METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))),
    )


def grid(
    extract: Extract,
    south_west: tuple[float, float],
    rows: int,
    columns: int,
    spacing_m: float,
    main_every: int = 5,
) -> list[list[int]]:
    """A ``rows`` × ``columns`` grid of two-way streets; every ``main_every``-th line is a
    primary road. Returns the node ids, ``[row][column]``."""
    lat0, lon0 = south_west
    dlat, dlon = metres_to_degrees(lat0, spacing_m)
    ids = [
        [extract.node(lat0 + r * dlat, lon0 + c * dlon) for c in range(columns)]
        for r in range(rows)
    ]
    for r in range(rows):
        extract.way(ids[r], highway=_kind(r, main_every), name=f"Rue {r}")
    for c in range(columns):
        extract.way([ids[r][c] for r in range(rows)], highway=_kind(c, main_every), name=f"Av {c}")
    return ids


def _kind(line: int, main_every: int) -> str:
    return "primary" if main_every and line % main_every == 0 else "residential"


def grid_covering(
    points: Sequence[tuple[float, float]], spacing_m: float, margin_m: float = 1_000.0
) -> Extract:
    """An extract whose grid covers every (lat, lon) of ``points`` with a margin."""
    south = min(p[0] for p in points)
    west = min(p[1] for p in points)
    north = max(p[0] for p in points)
    east = max(p[1] for p in points)
    dlat, dlon = metres_to_degrees(south, margin_m)
    south, west, north, east = south - dlat, west - dlon, north + dlat, east + dlon
    step_lat, step_lon = metres_to_degrees(south, spacing_m)
    rows = math.ceil((north - south) / step_lat) + 1
    columns = math.ceil((east - west) / step_lon) + 1
    extract = Extract()
    grid(extract, (south, west), rows, columns, spacing_m)
    return extract


def main() -> None:
    """Write a street grid covering the sites of a problem file (``make demo-roads``)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("problem", type=Path, help="Problem JSON whose sites to cover.")
    parser.add_argument("--out", type=Path, required=True, help="The .osm.pbf to write.")
    parser.add_argument("--spacing-m", type=float, default=1_000.0)
    args = parser.parse_args()
    sites = json.loads(args.problem.read_text(encoding="utf-8"))["sites"]
    extract = grid_covering([(s["lat"], s["lon"]) for s in sites], args.spacing_m)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    extract.write(args.out)
    print(f"Wrote {args.out}: {len(extract.nodes)} nodes, {len(extract.ways)} streets")


if __name__ == "__main__":
    main()
