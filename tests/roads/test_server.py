"""Road travel from a Valhalla HTTP service: the wheel's ``valhalla_service``, started on
loopback over the written Dijon network, gives the in-process engine's matrices, shapes, plans."""

from __future__ import annotations

import itertools
import json
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from typer.testing import CliRunner

from api.config import Settings
from api.crud import validate_problem
from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.errors import ProblemError
from optimizer.model import Problem
from optimizer.model import RoadTravel as RoadTravelSpec
from optimizer.plan import Plan
from optimizer.read.documents import parse_problem
from optimizer.roads import AUTO, RoadNetwork, RoadTravel, leg_shapes
from optimizer.roads.problem import planning_profile
from optimizer.roads.server import RoadServer, service_command
from tests.loopback import free_port
from tests.roads.streets import DEPOT, ONE_WAY_A, ONE_WAY_B, OPEN_E, road_document


@pytest.fixture(scope="module")
def server_url(tiles_dir: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        service_command(tiles_dir, "127.0.0.1", port, threads=1),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{url}/status", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            pytest.fail("valhalla_service did not start")
        yield url
    finally:
        process.kill()  # the service ignores SIGTERM while its workers idle
        process.wait(timeout=10)


def test_the_service_gives_the_in_process_matrix(
    server_url: str, network: RoadNetwork, road_problem: Callable[..., Problem], tmp_path: Path
) -> None:
    problem = road_problem()
    profile = planning_profile(problem)
    local = RoadTravel(network, profile, tmp_path / "local").matrix(problem.sites)
    served = RoadTravel(RoadServer(server_url), profile, tmp_path / "served").matrix(problem.sites)
    # CostMatrix (the service's) and the in-process one-to-many search measure the same roads,
    # to a few metres where they meet an edge.
    assert np.abs(local.distance_m - served.distance_m).max() <= 3
    assert np.abs(local.duration_s - served.duration_s).max() <= 2


def test_a_long_route_is_cut_to_the_service_s_limits_and_joined_back(
    server_url: str, network: RoadNetwork
) -> None:
    stops = list(itertools.islice(itertools.cycle([DEPOT, ONE_WAY_A, ONE_WAY_B, OPEN_E]), 45))
    assert leg_shapes(RoadServer(server_url), AUTO, stops) == leg_shapes(network, AUTO, stops)


def test_a_matrix_larger_than_the_default_limit_comes_in_blocks(server_url: str) -> None:
    points = [{"lat": DEPOT[0] + i * 1e-5, "lon": DEPOT[1]} for i in range(60)]
    request = {"sources": points, "targets": points, **AUTO.request(), "verbose": False}
    table = RoadServer(server_url).call("matrix", request)["sources_to_targets"]
    assert len(table["distances"]) == 60 and all(len(row) == 60 for row in table["durations"])


def test_plan_and_check_on_the_service(
    server_url: str, tmp_path: Path, tiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOODROUTE_ROAD_CACHE", str(tmp_path / "cache"))
    document = road_document(tiles_dir)
    del document["travel"]
    day = tmp_path / "day.json"
    day.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    planned = runner.invoke(
        app, ["plan", str(day), "--roads", server_url, "--out", str(out), "--time-limit", "2"]
    )
    assert planned.exit_code == 0, planned.output
    checked = runner.invoke(app, ["check", str(day), str(out / "plan.json"), "--roads", server_url])
    assert checked.exit_code == 0, checked.output
    plan = Plan.model_validate_json((out / "plan.json").read_text(encoding="utf-8"))
    assert all(route.road_shape for route in plan.routes)
    assert list((tmp_path / "cache").rglob("*.npz"))


def test_a_service_that_does_not_answer_is_named(tmp_path: Path, tiles_dir: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ProblemError) as raised:
        RoadServer(url, tmp_path).identity  # noqa: B018 - the property does the call
    assert raised.value.issues[0].path == "travel.url" and url in raised.value.issues[0].message
    document = road_document(tiles_dir)
    del document["travel"]
    day = tmp_path / "day.json"
    day.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", str(day), "--roads", url, "--out", str(tmp_path)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert url in result.output


def test_road_travel_takes_a_folder_or_an_address_never_both() -> None:
    assert RoadTravelSpec.of("http://localhost:8002").url == "http://localhost:8002"
    assert RoadTravelSpec.of("tiles/bourgogne").tiles == "tiles/bourgogne"
    with pytest.raises(ProblemError):
        RoadTravelSpec.of("http://local host:8002")
    for wrong in ({}, {"tiles": "t", "url": "http://localhost:8002"}, {"url": "file:///etc"}):
        with pytest.raises(ProblemError):
            parse_problem({**road_document(Path("t")), "travel": {"kind": "road", **wrong}})


def test_the_service_s_address_is_the_server_s_never_the_client_s(tiles_dir: Path) -> None:
    document = road_document(tiles_dir)
    document["travel"] = {"kind": "road", "url": "http://169.254.169.254"}
    settings = Settings(environment="test", road_url="http://127.0.0.1:8002")
    problem = validate_problem(document, settings)
    assert problem.travel == RoadTravelSpec(url="http://127.0.0.1:8002")
