"""A tiles directory and its Valhalla actors, one per process and thread.

One ``valhalla.Actor`` must not be shared between threads (crashes and hangs were seen); each
thread of each process gets its own, built from the configuration file beside the tiles.
"""

from __future__ import annotations

import json
import os
import threading
from functools import cached_property
from pathlib import Path
from typing import Any

import valhalla

from optimizer.errors import ProblemError
from optimizer.messages import message
from optimizer.roads.cache import CACHE_FOLDER
from optimizer.roads.config import REACHABILITY, config_path
from optimizer.roads.tiles import tile_files, tiles_identity


class RoadNetwork:
    """The roads of one tiles directory."""

    def __init__(self, tiles_dir: Path | str) -> None:
        self.tiles_dir = Path(tiles_dir).resolve()
        if not tile_files(self.tiles_dir):
            raise ProblemError.single(
                "travel.tiles", message("roads.no_tiles", "fr", tiles=str(self.tiles_dir))
            )
        self._local = threading.local()

    @cached_property
    def identity(self) -> str:
        return tiles_identity(self.tiles_dir)

    @property
    def cache_folder(self) -> Path:
        """Beside the tiles: a rebuild of the tiles changes the identity, not the folder."""
        return self.tiles_dir / CACHE_FOLDER

    def actor(self, algorithm: str = REACHABILITY) -> valhalla.Actor:
        """This thread's actor for ``algorithm``'s configuration (new ones after a fork)."""
        if getattr(self._local, "owner", None) != os.getpid():
            self._local.actors = {}
            self._local.owner = os.getpid()
        actors: dict[str, valhalla.Actor] = self._local.actors
        if algorithm not in actors:
            actors[algorithm] = valhalla.Actor(str(config_path(self.tiles_dir, algorithm)))
        return actors[algorithm]

    def call(self, service: str, request: dict[str, Any], algorithm: str = REACHABILITY) -> Any:
        """One request to ``service`` (``matrix``, ``route``, ``locate``) as JSON text; the
        answer as Valhalla gives it (an object, or a list for ``locate``). ``algorithm`` picks
        the matrix algorithm (see :mod:`optimizer.roads.config`)."""
        answer: str = getattr(self.actor(algorithm), service)(json.dumps(request))
        return json.loads(answer)

    def __getstate__(self) -> dict[str, Any]:
        # Actors stay in their process: a pickled network makes its own where it lands.
        return {"tiles_dir": self.tiles_dir}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tiles_dir = state["tiles_dir"]
        self._local = threading.local()
