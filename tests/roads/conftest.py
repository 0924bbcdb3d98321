"""Fixtures of the road tests: the network of :mod:`tests.roads.streets` built into tiles once
per session, and a day with a van and a truck planned on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from optimizer.model import Problem
from optimizer.read.documents import parse_problem
from optimizer.roads import RoadNetwork, build_tiles
from tests.roads.streets import (
    network_extract,
    road_document,
)


@pytest.fixture(scope="session")
def tiles_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("roads")
    build_tiles(network_extract().write(folder / "dijon-test.osm.pbf"), folder / "tiles")
    return folder / "tiles"


@pytest.fixture(scope="session")
def network(tiles_dir: Path) -> RoadNetwork:
    return RoadNetwork(tiles_dir)


@pytest.fixture
def road_problem(tiles_dir: Path) -> Callable[..., Problem]:
    def make(with_island: bool = False, **changes: Any) -> Problem:
        document = road_document(tiles_dir, with_island)
        document.update(changes)
        return parse_problem(document)

    return make
