"""Benchmark instance files recognised by suffix and content, each read by its own reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.errors import ProblemError
from optimizer.read.instance_file import (
    is_instance_file,
    read_instance_file,
    solution_node_offset,
)
from optimizer.read.lilim import read_lilim
from optimizer.read.solomon import read_solomon
from optimizer.read.vrplib import read_vrplib


@pytest.mark.parametrize(
    ("name", "reader", "offset"),
    [
        ("TinyCvrp.vrp", read_vrplib, 1),
        ("TinySolomon.txt", read_solomon, 0),
        ("TinyLiLim.txt", read_lilim, 0),
    ],
)
def test_each_family_goes_to_its_reader(
    read_data: Path, name: str, reader: object, offset: int
) -> None:
    path = read_data / name
    assert is_instance_file(path)
    assert read_instance_file(path) == reader(path)  # type: ignore[operator]
    assert solution_node_offset(path) == offset


def test_the_families_are_told_apart(read_data: Path) -> None:
    assert read_instance_file(read_data / "TinyLiLim.txt").shipments
    solomon = read_instance_file(read_data / "TinySolomon.txt")
    assert solomon.deliveries and not solomon.shipments


def test_a_problem_json_is_not_an_instance_file() -> None:
    assert not is_instance_file(Path("day.json"))


def test_errors_name_the_file_and_line(read_data: Path) -> None:
    with pytest.raises(ProblemError, match=r"SolomonNoVehicleSection\.txt"):
        read_instance_file(read_data / "SolomonNoVehicleSection.txt")
