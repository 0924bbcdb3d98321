"""Leg geometries follow the written streets."""

from __future__ import annotations

import itertools

from optimizer.roads import AUTO, RoadNetwork, leg_shapes
from optimizer.roads.profiles import RoadProfile
from tests.roads.streets import (
    BARRED_C,
    DEPOT,
    ONE_WAY_A,
    ONE_WAY_B,
    metres_off_streets,
    street_segments,
)


def test_leg_shapes_have_more_points_than_stops_and_lie_on_streets(
    network: RoadNetwork,
) -> None:
    segments = street_segments()
    stops = [DEPOT, ONE_WAY_A, ONE_WAY_B, DEPOT, DEPOT]
    shapes = leg_shapes(network, AUTO, stops)
    assert len(shapes) == len(stops) - 1
    assert sum(len(leg) for leg in shapes) > 3 * len(stops)
    # The street grid turns: A → B → D are not straight lines.
    assert all(len(leg) >= 3 for leg in shapes[:3])
    assert shapes[3] == [DEPOT]  # a stay at the depot is one point
    for leg in shapes:
        for point in leg:
            assert metres_off_streets(point, segments) < 1.0
    # Each leg starts where the previous one ended.
    for before, after in itertools.pairwise(shapes[:3]):
        assert before[-1] == after[0]


def test_a_truck_leg_goes_round_the_street_it_may_not_take(network: RoadNetwork) -> None:
    truck = RoadProfile("truck", weight_t=12.0, height_m=3.5, axle_load_t=7.8)
    (van_leg,) = leg_shapes(network, AUTO, [DEPOT, BARRED_C])
    (truck_leg,) = leg_shapes(network, truck, [DEPOT, BARRED_C])
    # The truck's lane runs down to the grid's southern edge (row 0).
    assert min(lat for lat, _ in truck_leg) < min(lat for lat, _ in van_leg) - 0.005
