"""Road matrices against Valhalla's own routes on the written Dijon network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from optimizer.errors import ProblemError
from optimizer.matrix import build_matrix
from optimizer.model import Problem
from optimizer.roads import AUTO, RoadNetwork, RoadTravel, profile_for
from optimizer.roads.problem import planning_profile


def route(
    network: RoadNetwork, costing: dict[str, object], a: tuple[float, float], b: tuple[float, float]
) -> tuple[float, float]:
    """Metres and seconds of Valhalla's route from ``a`` to ``b``."""
    request = {"locations": [{"lat": a[0], "lon": a[1]}, {"lat": b[0], "lon": b[1]}], **costing}
    summary = network.call("route", request)["trip"]["summary"]
    return summary["length"] * 1000, summary["time"]


@pytest.mark.parametrize("vehicle", ["van", "truck"])
def test_matrix_values_are_those_of_valhalla_routes(
    network: RoadNetwork, road_problem: Callable[..., Problem], tmp_path: Path, vehicle: str
) -> None:
    problem = road_problem()
    profile = profile_for(next(v for v in problem.vehicles if v.id == vehicle))
    matrix = RoadTravel(network, profile, tmp_path).matrix(problem.sites)
    points = {s.id: (s.lat, s.lon) for s in problem.sites}
    for origin, destination in [("D", "A"), ("B", "A"), ("D", "C"), ("C", "E"), ("E", "B")]:
        metres, seconds = route(network, profile.request(), points[origin], points[destination])
        # The matrix service gives whole metres and whole seconds.
        assert matrix.distance(origin, destination) == pytest.approx(metres, abs=1.5)
        assert matrix.duration(origin, destination) == pytest.approx(seconds, abs=1.5)


def test_a_one_way_street_makes_the_matrix_asymmetric(
    network: RoadNetwork, road_problem: Callable[..., Problem], tmp_path: Path
) -> None:
    matrix = RoadTravel(network, AUTO, tmp_path).matrix(road_problem().sites)
    # A → B runs down the one-way row (1,000 m); B → A goes round by the next row.
    assert matrix.distance("A", "B") == pytest.approx(1000, abs=2)
    assert matrix.distance("B", "A") == pytest.approx(2000, abs=2)
    assert matrix.duration("B", "A") > matrix.duration("A", "B") + 60


def test_a_truck_is_barred_from_a_street_a_van_may_take(
    network: RoadNetwork, road_problem: Callable[..., Problem], tmp_path: Path
) -> None:
    problem = road_problem()
    truck = profile_for(next(v for v in problem.vehicles if v.id == "truck"))
    assert (truck.costing, truck.weight_t, truck.height_m) == ("truck", 12.0, 3.5)
    van = RoadTravel(network, AUTO, tmp_path).matrix(problem.sites)
    lorry = RoadTravel(network, truck, tmp_path).matrix(problem.sites)
    # The van takes the 300 m street closed over 3.5 t; the truck goes round by the 1.8 km lane.
    assert van.distance("D", "C") == pytest.approx(1195, abs=2)
    assert lorry.distance("D", "C") == pytest.approx(3155, abs=2)
    assert lorry.distance("D", "A") == van.distance("D", "A")


def test_the_shared_matrix_is_the_most_restrictive_profiles(
    road_problem: Callable[..., Problem],
) -> None:
    problem = road_problem()
    assert planning_profile(problem).costing == "truck"
    assert build_matrix(problem).distance("D", "C") == pytest.approx(3155, abs=2)
    vans_only = road_problem(vehicles=[road_problem().vehicles[0].model_dump(mode="json")])
    assert planning_profile(vans_only) == AUTO
    assert build_matrix(vans_only).distance("D", "C") == pytest.approx(1195, abs=2)


def test_an_unreachable_site_is_named_in_a_clear_error(
    road_problem: Callable[..., Problem],
) -> None:
    problem = road_problem(with_island=True)
    with pytest.raises(ProblemError) as raised:
        build_matrix(problem)
    (issue,) = raised.value.issues
    index = [s.id for s in problem.sites].index("I")
    assert issue.path == f"sites[{index}]"
    assert "« I »" in issue.message and "route" in issue.message


def test_a_site_far_from_every_road_is_refused_not_snapped(
    road_problem: Callable[..., Problem], tiles_dir: Path
) -> None:
    problem = road_problem()
    far = problem.sites[1].model_copy(update={"lat": problem.sites[1].lat + 0.05})  # 5.5 km north
    sites = [problem.sites[0], far, *problem.sites[2:]]
    with pytest.raises(ProblemError) as raised:
        build_matrix(problem.model_copy(update={"sites": sites}))
    (issue,) = raised.value.issues
    assert issue.path == "sites[1]"
    assert "« A »" in issue.message and "m de la route" in issue.message


def test_a_second_solve_reads_the_matrix_from_the_cache(
    network: RoadNetwork, road_problem: Callable[..., Problem], tmp_path: Path
) -> None:
    sites = road_problem().sites
    first = RoadTravel(network, AUTO, tmp_path).matrix(sites)
    (stored,) = tmp_path.glob("*.npz")
    again = RoadTravel(network, AUTO, tmp_path).matrix(sites)
    assert (again.distance_m == first.distance_m).all()
    assert (again.duration_s == first.duration_s).all()
    # The key is the coordinates, the profile and the tiles: another profile is another entry.
    RoadTravel(network, profile_for(road_problem().vehicles[1]), tmp_path).matrix(sites)
    assert len(list(tmp_path.glob("*.npz"))) == 2
    # A cached entry is what is read: change it and the next matrix follows.
    with np.load(stored) as data:
        edited = {name: data[name].copy() for name in data.files}
    edited["distance_m"][0, 1] += 7
    np.savez(stored, **edited)
    assert (
        RoadTravel(network, AUTO, tmp_path).matrix(sites).distance_m[0, 1]
        == first.distance_m[0, 1] + 7
    )
