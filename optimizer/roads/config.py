"""The Valhalla configuration file written beside the tiles.

One file per tiles directory, written once: an ``Actor`` built from a dict leaves a temporary
copy in /tmp at every construction, and the default configuration listens on all interfaces and
names files under /data that do not exist here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import valhalla

CONFIG_NAME = "valhalla.json"
# Valhalla refuses matrices of more than 2,500 location pairs by default (error 150);
# 1,000 sites are 1,000,000 pairs.
MAX_MATRIX_LOCATION_PAIRS = 4_000_000
MATRIX_COSTINGS = ("auto", "truck")
# A route through every stop of a day's tour at once (the default allows 20 locations).
MAX_ROUTE_LOCATIONS = 1_000
# Two matrix algorithms, one configuration file each (Valhalla takes it from the configuration,
# not from the request):
# - "timedistancematrix", one-to-many Dijkstra, for the full matrices: exact, and on a dense
#   street grid 6× faster for 200 × 200 than CostMatrix, which differed by up to 47 s on a few
#   pairs there. But it answers 0 (or another site's row), not null, for a pair it cannot
#   connect: it is only used once every site is known to reach and be reached.
# - "costmatrix" (Valhalla's default, also the HTTP server's) answers null for those: it checks
#   reachability to and from one reference site, one column and one row.
FULL_MATRIX = "timedistancematrix"
REACHABILITY = "costmatrix"
ALGORITHMS = (FULL_MATRIX, REACHABILITY)
# Files of the default configuration that a plain tiles build does not make.
_ABSENT_FILES = ("traffic_extract", "admin", "landmarks", "timezone")


def valhalla_config(
    tiles_dir: Path,
    verbose: bool = False,
    algorithm: str = REACHABILITY,
    listen: str = "tcp://127.0.0.1:8002",
) -> dict[str, Any]:
    """The configuration for ``tiles_dir``: loopback unless told, large matrices allowed."""
    tiles_dir.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = valhalla.get_config(
        tile_extract="", tile_dir=str(tiles_dir), verbose=verbose
    )
    for name in _ABSENT_FILES:
        config["mjolnir"][name] = ""
    config["thor"]["source_to_target_algorithm"] = algorithm
    config["httpd"]["service"]["listen"] = listen
    for costing in MATRIX_COSTINGS:
        limits = config["service_limits"][costing]
        limits["max_matrix_location_pairs"] = MAX_MATRIX_LOCATION_PAIRS
        limits["max_locations"] = MAX_ROUTE_LOCATIONS
    return config


def _name(algorithm: str) -> str:
    return CONFIG_NAME if algorithm == REACHABILITY else f"valhalla-{algorithm}.json"


def write_config(tiles_dir: Path, verbose: bool = False, algorithm: str = REACHABILITY) -> Path:
    """Write (or rewrite) the configuration of ``algorithm`` beside the tiles; its path."""
    path = tiles_dir / _name(algorithm)
    config = valhalla_config(tiles_dir, verbose, algorithm)
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return path


def config_path(tiles_dir: Path, algorithm: str = REACHABILITY) -> Path:
    """The configuration file of ``tiles_dir`` for ``algorithm``, written if it is missing."""
    path = tiles_dir / _name(algorithm)
    return path if path.is_file() else write_config(tiles_dir, algorithm=algorithm)


def write_server_config(tiles_dir: Path, host: str, port: int) -> Path:
    """The configuration ``foodroute roads serve`` starts Valhalla's HTTP service with.

    CostMatrix, so that the service answers null for pairs it cannot connect, as the in-process
    reachability check relies on.
    """
    path = tiles_dir / "valhalla-service.json"
    config = valhalla_config(tiles_dir, listen=f"tcp://{host}:{port}")
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    return path
