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
# Files of the default configuration that a plain tiles build does not make.
_ABSENT_FILES = ("traffic_extract", "admin", "landmarks", "timezone")


def valhalla_config(tiles_dir: Path, verbose: bool = False) -> dict[str, Any]:
    """The configuration for ``tiles_dir``: loopback only, large matrices allowed."""
    tiles_dir.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = valhalla.get_config(
        tile_extract="", tile_dir=str(tiles_dir), verbose=verbose
    )
    for name in _ABSENT_FILES:
        config["mjolnir"][name] = ""
    config["httpd"]["service"]["listen"] = "tcp://127.0.0.1:8002"
    for costing in MATRIX_COSTINGS:
        limits = config["service_limits"][costing]
        limits["max_matrix_location_pairs"] = MAX_MATRIX_LOCATION_PAIRS
        limits["max_locations"] = MAX_ROUTE_LOCATIONS
    return config


def write_config(tiles_dir: Path, verbose: bool = False) -> Path:
    """Write (or rewrite) ``tiles_dir/valhalla.json`` and return its path."""
    path = tiles_dir / CONFIG_NAME
    path.write_text(json.dumps(valhalla_config(tiles_dir, verbose), indent=1), encoding="utf-8")
    return path


def config_path(tiles_dir: Path) -> Path:
    """The configuration file of ``tiles_dir``, written if it is missing."""
    path = tiles_dir / CONFIG_NAME
    return path if path.is_file() else write_config(tiles_dir)
