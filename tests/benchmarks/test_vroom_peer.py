"""The VROOM peer of the benchmarks keeps to our vehicles' maximum distance."""

from __future__ import annotations

import pytest

from optimizer.backends.base import SolveOptions
from optimizer.check import evaluate
from optimizer.context import Context
from tests.backends.test_max_distance import day

pytest.importorskip("vroom")

from benchmarks.vroom_peer import VroomPeer


@pytest.mark.parametrize(("limit_km", "routes"), [(None, [["DA", "DB"]]), (50, [["DA"], ["DB"]])])
def test_a_maximum_distance_splits_vrooms_route(
    limit_km: float | None, routes: list[list[str]]
) -> None:
    ctx = Context(day(limit_km))
    # Exploration level 1 on two stops: VROOM's search ends long before the limit.
    result = VroomPeer(levels=(1,), threads=1).solve(ctx, SolveOptions(time_limit_s=10, seed=1))
    sequences = [sequence for sequence in result.routes if sequence.jobs]
    assert evaluate(ctx, sequences).violations == []
    assert sorted(sorted(sequence.jobs) for sequence in sequences) == routes
