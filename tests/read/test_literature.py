"""The scale and the matrices shared by every reader."""

from __future__ import annotations

import math

import numpy as np

from optimizer.read.literature import (
    SCALE,
    Node,
    euclidean_matrix,
    scaled,
    vehicles_first_cost,
)


def node(number: int, x: float, y: float) -> Node:
    return Node(number, x, y, 0.0, 0.0, 1.0, 0.0)


def test_one_literature_unit_is_a_thousand_matrix_units() -> None:
    assert SCALE == 1000
    assert scaled(12.3456) == 12346
    assert scaled(1351) == 1_351_000


def test_euclidean_distances_are_rounded_once_after_scaling() -> None:
    matrix = euclidean_matrix([node(0, 0, 0), node(1, 1, 1), node(2, 3, 4)])
    assert matrix.tolist() == [[0, 1414, 5000], [1414, 0, 3606], [5000, 3606, 0]]
    assert abs(matrix[0, 1] - math.sqrt(2) * SCALE) <= 0.5


def test_nint_rounds_each_arc_to_whole_units_first() -> None:
    matrix = euclidean_matrix([node(0, 0, 0), node(1, 1, 1), node(2, 1, 2)], nint=True)
    # √2 = 1.414 → 1, √5 = 2.236 → 2, 1 → 1 (TSPLIB nint), then × 1000.
    assert matrix.tolist() == [[0, 1000, 2000], [1000, 0, 1000], [2000, 1000, 0]]


def test_vehicles_first_cost_exceeds_any_total_distance() -> None:
    distance = np.array([[0, 3000, 4000], [3000, 0, 5000], [4000, 5000, 0]], dtype=np.int64)
    # Longest arcs out of each node: 4 + 5 + 5 = 14 units, so 15 € per vehicle.
    assert vehicles_first_cost(distance) == 15.0
