"""SINTEF solution files: routes of node numbers onto the problem's vehicles and jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.errors import ProblemError
from optimizer.plan import RouteSequence
from optimizer.read.sintef import parse_sintef, read_sintef
from optimizer.read.solomon import read_solomon


def test_routes_go_to_the_vehicles_in_file_order(read_data: Path) -> None:
    problem = read_solomon(read_data / "TinySolomon.txt")
    text = "Instance name : TINY3\nSolution\nRoute 1 : 3\nRoute 2 : 1 2\n"
    assert parse_sintef(text, "tiny.txt", problem) == [
        RouteSequence("v1", (("3",),)),
        RouteSequence("v2", (("1", "2"),)),
    ]


def test_an_unknown_node_names_its_line(read_data: Path) -> None:
    problem = read_solomon(read_data / "TinySolomon.txt")
    with pytest.raises(ProblemError) as caught:
        read_sintef(read_data / "SintefUnknownNode.txt", problem)
    (issue,) = caught.value.issues
    assert (issue.path, issue.message) == (
        "SintefUnknownNode.txt:4",
        "node 9 is not a customer of the instance",
    )


def test_more_routes_than_vehicles_is_an_error(read_data: Path) -> None:
    problem = read_solomon(read_data / "TinySolomon.txt")
    text = "Route 1 : 1\nRoute 2 : 2\nRoute 3 : 3\n"
    with pytest.raises(ProblemError, match=r"tiny\.txt:3: 3 routes but the instance has 2"):
        parse_sintef(text, "tiny.txt", problem)
