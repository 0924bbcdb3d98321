"""Li & Lim reader: pairs become shipments; published solutions re-checked; bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.check import Code, evaluate
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import SiteKind
from optimizer.plan import RouteSequence
from optimizer.read import benchdata
from optimizer.read.lilim import read_lilim
from optimizer.read.sintef import read_sintef


def test_pairs_become_required_shipments(read_data: Path) -> None:
    problem = read_lilim(read_data / "TinyLiLim.txt")
    assert problem.name == "TinyLiLim"
    assert (len(problem.vehicles), problem.deliveries, problem.pickups) == (2, [], [])
    assert [
        (s.id, s.pickup.site, s.delivery.site, s.lots[0].kg, s.required) for s in problem.shipments
    ] == [("1-2", "1", "2", 5, True), ("4-3", "4", "3", 3, True)]
    assert [problem.site(i).kind for i in ("1", "2", "3", "4")] == [
        SiteKind.DONOR,
        SiteKind.PARTNER,
        SiteKind.PARTNER,
        SiteKind.DONOR,
    ]
    ctx = Context(problem)
    assert ctx.shipment_service_s("1-2") == (1000, 1000)
    assert ctx.shipment_service_s("4-3") == (0, 0)


def test_a_sintef_solution_of_the_tiny_file_is_feasible(read_data: Path) -> None:
    problem = read_lilim(read_data / "TinyLiLim.txt")
    routes = read_sintef(read_data / "TinyLiLim.sol.txt", problem)
    assert routes == [RouteSequence("v1", (("1-2", "1-2", "4-3", "4-3"),))]
    evaluation = evaluate(Context(problem), routes)
    assert evaluation.feasible
    # 0→1→2→4→3→0 = 5 + 5 + √72 + 1 + 1 = 20.485 units.
    assert evaluation.objective.travel_cost_eur == 20.485
    assert max(s.load_after_kg.ambient for s in evaluation.routes[0].route.stops) == 5


def test_the_pairing_is_checked_by_the_checker(read_data: Path) -> None:
    ctx = Context(read_lilim(read_data / "TinyLiLim.txt"))
    evaluation = evaluate(
        ctx, [RouteSequence("v1", (("1-2", "4-3"),)), RouteSequence("v2", (("1-2", "4-3"),))]
    )
    assert (
        sorted(v.code for v in evaluation.violations)
        == [Code.SHIPMENT_INCOMPLETE] * 4 + [Code.SHIPMENT_SPLIT] * 2
    )


def test_a_solution_that_delivers_first_is_refused(read_data: Path) -> None:
    problem = read_lilim(read_data / "TinyLiLim.txt")
    with pytest.raises(ProblemError) as caught:
        read_sintef(read_data / "SintefDeliveryBeforePickup.txt", problem)
    (issue,) = caught.value.issues
    assert issue.path == "SintefDeliveryBeforePickup.txt:4"
    assert "pickup-then-delivery" in issue.message


@pytest.mark.parametrize(
    ("file", "line", "words"),
    [
        ("LiLimDeliveryNamesAnotherPickup.txt", 3, "does not name it back"),
        ("LiLimTextInNumbers.txt", 5, "found text"),
    ],
)
def test_malformed_files_name_the_line(read_data: Path, file: str, line: int, words: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_lilim(read_data / file)
    (issue,) = caught.value.issues
    assert issue.path == f"{file}:{line}"
    assert words in issue.message


@pytest.mark.usefixtures("benchmark_folder")
@pytest.mark.parametrize(
    "name", ["lc1_2_1", "lc2_2_6", "lr1_2_4", "lr2_2_8", "lrc1_2_1", "lrc2_2_9"]
)
def test_published_li_lim_solutions_are_feasible_at_their_distance(name: str) -> None:
    instance = benchdata.instance("lilim200", name)
    assert instance.bks is not None
    ctx = Context(instance.problem)
    evaluation = evaluate(ctx, instance.bks_routes())
    assert evaluation.feasible, [str(v) for v in evaluation.violations][:3]
    assert len(evaluation.routes) == instance.bks.vehicles
    assert evaluation.served == set(ctx.shipments)
    distance = evaluation.objective.travel_cost_eur
    stops = 2 * len(ctx.shipments)
    bound = (stops + instance.bks.vehicles) * 0.0005 + 5e-5
    assert abs(distance - instance.bks.distance) <= bound
    assert abs(distance - instance.bks.distance) / instance.bks.distance < 1e-5
