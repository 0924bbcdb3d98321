"""Road matrices kept on disk, so that a re-plan or a second solve of the day reuses them.

The key is everything the matrix depends on: the sites' coordinates in order, the road profile
and the tiles' identity (a rebuild of the tiles changes it). Site ids are not part of it: the
same places under other names give the same matrix.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from optimizer.matrix import IntMatrix
from optimizer.roads.config import FULL_MATRIX
from optimizer.roads.profiles import RoadProfile

CACHE_FOLDER = "matrix-cache"


def cache_key(coordinates: list[tuple[float, float]], profile: RoadProfile, tiles: str) -> str:
    digest = hashlib.sha256(f"{tiles}|{profile!r}|{FULL_MATRIX}|".encode())
    digest.update(np.asarray(coordinates, dtype=np.float64).round(7).tobytes())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class RoadMatrices:
    """Metres and seconds (``-1`` where Valhalla found no road) and each site's snap, metres
    (NaN where no road is near)."""

    distance_m: IntMatrix
    duration_s: IntMatrix
    snap_m: npt.NDArray[np.float64]


class MatrixCache:
    """``<folder>/<key>.npz`` files holding the fields of :class:`RoadMatrices`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.npz"

    def get(self, key: str) -> RoadMatrices | None:
        path = self.path(key)
        if not path.is_file():
            return None
        with np.load(path) as stored:
            return RoadMatrices(stored["distance_m"], stored["duration_s"], stored["snap_m"])

    def put(self, key: str, matrices: RoadMatrices) -> None:
        """Write atomically: a reader in another process never sees half a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{key}.{os.getpid()}.npz"
        np.savez(
            partial,
            distance_m=matrices.distance_m,
            duration_s=matrices.duration_s,
            snap_m=matrices.snap_m,
        )
        partial.replace(self.path(key))
