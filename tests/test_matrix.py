"""Travel matrices: great-circle distances on known city pairs, explicit matrices reordered."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from optimizer.matrix import Explicit, Haversine, TravelMatrix, build_matrix, provider_for
from optimizer.model import ExplicitTravel, Site
from optimizer.read.documents import parse_problem

# Town-hall coordinates (WGS84).
DIJON = Site(id="dijon", kind="depot", lat=47.3220, lon=5.0415)
BEAUNE = Site(id="beaune", kind="donor", lat=47.0260, lon=4.8400)
CHALON = Site(id="chalon", kind="donor", lat=46.7806, lon=4.8539)
PARIS = Site(id="paris", kind="partner", lat=48.8566, lon=2.3522)

Document = dict[str, Any]


def test_great_circle_on_known_pairs() -> None:
    matrix = Haversine(speed_kmh=36.0, detour_factor=1.0).matrix([DIJON, BEAUNE, CHALON, PARIS])
    km = matrix.distance_m / 1000
    assert km[0, 1] == pytest.approx(36.3, abs=0.5)  # Dijon–Beaune, as the crow flies
    assert km[0, 2] == pytest.approx(61.9, abs=0.5)  # Dijon–Chalon-sur-Saône
    assert km[1, 2] == pytest.approx(27.3, abs=0.5)  # Beaune–Chalon-sur-Saône
    assert km[0, 3] == pytest.approx(262.7, abs=1.0)  # Dijon–Paris
    assert (np.diag(matrix.distance_m) == 0).all()
    assert (matrix.distance_m == matrix.distance_m.T).all()
    # 36 km/h is 10 m/s: every duration is the distance / 10, rounded.
    assert (matrix.duration_s == np.rint(matrix.distance_m / 10)).all()
    assert matrix.distance_m.dtype == np.int64 == matrix.duration_s.dtype


def test_detour_factor_and_speed() -> None:
    plain = Haversine(speed_kmh=35.0, detour_factor=1.0).matrix([DIJON, BEAUNE])
    road = Haversine(speed_kmh=35.0, detour_factor=1.3).matrix([DIJON, BEAUNE])
    crow = int(plain.distance_m[0, 1])
    assert abs(int(road.distance_m[0, 1]) - round(crow * 1.3)) <= 1  # rounding of each
    # 35 km/h = 9.7222 m/s: duration = distance / 9.7222
    assert road.duration_s[0, 1] == round(int(road.distance_m[0, 1]) / (35 / 3.6))


def test_same_place_is_zero() -> None:
    twin = Site(id="twin", kind="donor", lat=DIJON.lat, lon=DIJON.lon)
    matrix = Haversine(35.0, 1.3).matrix([DIJON, twin])
    assert matrix.distance("dijon", "twin") == 0 == matrix.duration("twin", "dijon")


def test_explicit_matrix_is_reordered_to_the_sites() -> None:
    travel = ExplicitTravel(
        site_ids=["b", "a", "c"],
        distance_m=[[0, 1, 2], [10, 0, 12], [20, 21, 0]],
        duration_s=[[0, 5, 6], [50, 0, 56], [60, 65, 0]],
    )
    sites = [Site(id=i, kind="donor", lat=47.0, lon=5.0) for i in ("a", "b", "c")]
    matrix = Explicit(travel).matrix(sites)
    assert matrix.site_ids == ("a", "b", "c")
    # row 'a' was the second row given: a→a 0, a→b 10, a→c 12
    assert matrix.distance_m.tolist() == [[0, 10, 12], [1, 0, 2], [21, 20, 0]]
    assert matrix.duration_s.tolist() == [[0, 50, 56], [5, 0, 6], [65, 60, 0]]
    assert matrix.distance("a", "c") == 12  # asymmetric matrices are kept as given
    assert matrix.distance("c", "a") == 21
    assert matrix.duration("b", "a") == 5


def test_explicit_values_are_rounded_to_integers() -> None:
    travel = ExplicitTravel(
        site_ids=["a", "b"], distance_m=[[0, 1000.6], [999.4, 0]], duration_s=[[0, 59.5], [60.4, 0]]
    )
    sites = [Site(id=i, kind="donor", lat=47.0, lon=5.0) for i in ("a", "b")]
    matrix = Explicit(travel).matrix(sites)
    assert matrix.distance_m.tolist() == [[0, 1001], [999, 0]]
    assert matrix.duration_s.tolist() == [[0, 60], [60, 0]]  # 59.5 rounds half to even: 60


def test_explicit_matrix_may_list_extra_sites() -> None:
    travel = ExplicitTravel(
        site_ids=["x", "a"], distance_m=[[0, 7], [7, 0]], duration_s=[[0, 3], [3, 0]]
    )
    matrix = Explicit(travel).matrix([Site(id="a", kind="donor", lat=47.0, lon=5.0)])
    assert matrix.site_ids == ("a",)
    assert matrix.distance_m.tolist() == [[0]]


def test_build_matrix_follows_the_problem(tiny_doc: Document) -> None:
    problem = parse_problem(tiny_doc)
    assert isinstance(provider_for(problem), Explicit)
    matrix = build_matrix(problem)
    assert matrix.site_ids == ("D", "S", "A")
    assert matrix.distance("S", "A") == 15000
    assert matrix.duration("A", "D") == 1800
    assert matrix.index("A") == 2

    del tiny_doc["travel"]
    problem = parse_problem(tiny_doc)
    provider = provider_for(problem)
    assert provider == Haversine(speed_kmh=35.0, detour_factor=1.3)
    assert build_matrix(problem).distance_m.shape == (3, 3)


def test_matrix_shape_is_checked() -> None:
    with pytest.raises(ValueError, match="distance_m must be 2×2"):
        TravelMatrix(("a", "b"), np.zeros((2, 3), np.int64), np.zeros((2, 2), np.int64))


def test_unknown_site_is_a_key_error() -> None:
    matrix = Haversine(35.0, 1.3).matrix([DIJON])
    with pytest.raises(KeyError):
        matrix.distance("dijon", "nowhere")


def test_every_vehicle_travels_on_the_shared_matrix_unless_it_has_its_own(
    tiny_doc: Document,
) -> None:
    problem = parse_problem(tiny_doc)
    shared = build_matrix(problem)
    ids = [v.id for v in problem.vehicles]
    assert not shared.by_vehicle  # straight lines: one matrix for everyone, as before
    assert all(shared.for_vehicle(v) is shared for v in ids)
    assert shared.profiles(ids) == ([shared], [0] * len(ids))
    slower = TravelMatrix(shared.site_ids, shared.distance_m, shared.duration_s * 2)
    mixed = TravelMatrix(
        shared.site_ids, shared.distance_m, shared.duration_s, by_vehicle={ids[0]: slower}
    )
    assert mixed.for_vehicle(ids[0]) is slower
    assert mixed.for_vehicle("another") is mixed
    assert mixed.profiles([ids[0], "another", ids[0]]) == ([slower, mixed], [0, 1, 0])
