"""The service plans road travel on its own tiles folder, never on a path a client sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.config import Settings
from api.crud import validate_problem
from api.errors import ApiError
from optimizer.matrix import build_matrix
from optimizer.model import RoadTravel
from tests.roads.streets import road_document


def test_road_travel_is_refused_without_the_server_setting(tiles_dir: Path) -> None:
    document = road_document(tiles_dir)
    with pytest.raises(ApiError) as raised:
        validate_problem(document, Settings(environment="test"), prefix="problem")
    assert raised.value.status == 422
    assert [issue.path for issue in raised.value.issues] == ["problem.travel.kind"]


def test_the_client_s_tiles_path_is_replaced_by_the_server_s(tiles_dir: Path) -> None:
    document = road_document(tiles_dir)
    document["travel"] = {"kind": "road", "tiles": "/etc"}
    problem = validate_problem(document, Settings(environment="test", road_tiles=str(tiles_dir)))
    assert problem.travel == RoadTravel(tiles=str(tiles_dir))
    # The document kept for the solver names the server's folder too.
    assert document["travel"] == {"kind": "road", "tiles": str(tiles_dir)}
    assert build_matrix(problem).distance("A", "B") == pytest.approx(1000, abs=2)


def test_a_client_may_leave_the_tiles_out(tiles_dir: Path) -> None:
    document = road_document(tiles_dir)
    document["travel"] = {"kind": "road"}
    problem = validate_problem(document, Settings(environment="test", road_tiles=str(tiles_dir)))
    assert problem.travel == RoadTravel(tiles=str(tiles_dir))


def test_vroom_documents_follow_the_server_s_road_setting(tiles_dir: Path) -> None:
    from api.roads import server_road_travel

    assert server_road_travel(Settings(environment="test")) is None  # straight lines
    on_tiles = Settings(environment="test", road_tiles=str(tiles_dir))
    assert server_road_travel(on_tiles) == RoadTravel(tiles=str(tiles_dir))
    on_service = Settings(environment="test", road_url="http://127.0.0.1:8002")
    assert server_road_travel(on_service) == RoadTravel(url="http://127.0.0.1:8002")
