"""Building routing tiles from an OpenStreetMap extract, once per region.

The wheel ships ``valhalla_build_tiles``; it is called by its path inside the installed package
(the venv's launchers fail when the venv is not on PATH).
"""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import valhalla

from optimizer.roads.config import ALGORITHMS, write_config

BUILD_TILES = Path(valhalla.__file__).parent / "bin" / "valhalla_build_tiles"
TILE_SUFFIX = ".gph"


class TilesError(Exception):
    """The tiles could not be built, or a directory holds none."""


@dataclass(frozen=True)
class BuildReport:
    tiles_dir: Path
    seconds: float
    tiles: int
    size_bytes: int


def build_tiles(
    extract: Path, tiles_dir: Path, progress: Callable[[str], None] | None = None
) -> BuildReport:
    """Build the tiles of ``extract`` (.osm.pbf) into ``tiles_dir``; ``progress`` gets each
    line Valhalla logs while it builds."""
    if not extract.is_file():
        raise TilesError(f"no such extract: {extract}")
    tiles_dir = tiles_dir.resolve()  # the builder runs in the tiles folder: no relative paths
    tiles_dir.mkdir(parents=True, exist_ok=True)
    config = write_config(tiles_dir, verbose=True)
    started = time.perf_counter()
    command = [str(BUILD_TILES), "-c", str(config), str(extract.resolve())]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tiles_dir
    ) as process:
        assert process.stdout is not None
        tail: list[str] = []
        for line in process.stdout:
            tail = [*tail[-19:], line.rstrip()]
            if progress is not None:
                progress(line.rstrip())
    for algorithm in ALGORITHMS:
        write_config(tiles_dir, algorithm=algorithm)
    if process.returncode != 0:
        raise TilesError(f"valhalla_build_tiles failed ({process.returncode}):\n" + "\n".join(tail))
    files = tile_files(tiles_dir)
    if not files:
        raise TilesError(f"the extract {extract} gave no road tiles")
    return BuildReport(
        tiles_dir,
        time.perf_counter() - started,
        len(files),
        sum(path.stat().st_size for path in files),
    )


def tile_files(tiles_dir: Path) -> list[Path]:
    return sorted(tiles_dir.rglob(f"*{TILE_SUFFIX}"))


def tiles_identity(tiles_dir: Path) -> str:
    """A short digest of the tiles (names, sizes, modification times): a rebuild changes it."""
    files = tile_files(tiles_dir)
    if not files:
        raise TilesError(f"{tiles_dir} holds no routing tiles (foodroute roads build)")
    digest = hashlib.sha256()
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(tiles_dir)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]
