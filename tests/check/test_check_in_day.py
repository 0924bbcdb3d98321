"""The checker on a vehicle re-planned during the day: start site, time, load, goods on board.

The tiny day (``conftest.py``) with V1 on the road at the donor S at 09:00, the donor's 60 kg
ambient already on board, and D1's 100 kg (for the partner A) on board too. Worked out by hand:

    start at S, 09:00, no loading    first pass: A at 09:20, waits until 10:00 (window),
                                     leaves 10:10, back at D 10:40
    latest departure                 wait 2400 s, slack at A 7200 s → delay 2400: leave S 09:40
    final schedule                   S 09:40; A 10:00–10:10; D 10:40; duration 3600 s
    loads (ambient)                  160 at S (60 picked earlier + 100 for D1), 60 after A,
                                     unloaded at D
    distance                         S–A 15000 + A–D 20000 = 35000 m
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.check import Code, evaluate, evaluate_route
from optimizer.context import Context
from optimizer.errors import ProblemError
from optimizer.model import ClassKg
from optimizer.plan import RouteSequence, StopKind
from optimizer.read.documents import parse_problem

Document = dict[str, Any]


def on_the_road(document: Document, **extra: Any) -> Document:
    document["vehicles"][0] |= {
        "shift_start": "09:00",
        "start_site": "S",
        "initial_load_kg": {"ambient": 60},
        "on_board": ["D1"],
        **extra,
    }
    return document


def codes(ctx: Context, *sequences: RouteSequence) -> list[Code]:
    return sorted(v.code for v in evaluate(ctx, list(sequences)).violations)


def test_route_starts_where_the_vehicle_is_with_its_load(
    tiny_doc: Document, build: Callable[[Document], Context]
) -> None:
    ctx = build(on_the_road(tiny_doc))
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("D1",),)))
    assert evaluation.violations == []
    route = evaluation.route
    assert [(s.kind, s.site) for s in route.stops] == [
        (StopKind.START, "S"),
        (StopKind.DELIVERY, "A"),
        (StopKind.END, "D"),
    ]
    times = [(s.arrival, s.service_start, s.departure) for s in route.stops]
    assert times == [(34800, 34800, 34800), (36000, 36000, 36600), (38400, 38400, 38400)]
    assert [s.load_after_kg for s in route.stops] == [
        ClassKg(ambient=160),
        ClassKg(ambient=60),
        ClassKg(),
    ]
    assert route.stops[-1].unloaded_kg == ClassKg(ambient=60)
    assert (route.distance_m, route.duration_s) == (35000, 3600)


def test_goods_at_the_depot_need_a_depot_visit_first(
    tiny_doc: Document, build: Callable[[Document], Context]
) -> None:
    ctx = build(on_the_road(tiny_doc, on_board=[], max_reloads=1))
    assert codes(ctx, RouteSequence("V1", (("D1",),))) == [Code.NOT_ON_BOARD]
    # Back to the depot, load, then deliver: fine.
    evaluation = evaluate_route(ctx, RouteSequence("V1", ((), ("D1",))))
    assert evaluation.violations == []
    kinds = [s.kind for s in evaluation.route.stops]
    assert kinds == [StopKind.START, StopKind.RELOAD, StopKind.DELIVERY, StopKind.END]
    assert evaluation.route.stops[1].unloaded_kg == ClassKg(ambient=60)
    assert evaluation.route.stops[1].loaded_kg == ClassKg(ambient=100)


def test_a_pickup_fits_on_the_way_back(
    tiny_doc: Document, build: Callable[[Document], Context]
) -> None:
    tiny_doc["sites"][1]["time_windows"] = [{"start": "07:30", "end": "12:00"}]
    ctx = build(on_the_road(tiny_doc, start_site="A", on_board=[]))
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("P1",),)))
    assert evaluation.violations == []
    # 60 kg already on board plus P1's 60 ambient and 40 chilled.
    assert evaluation.route.stops[1].load_after_kg == ClassKg(ambient=120, chilled=40)


def test_goods_on_board_stay_on_their_vehicle_and_trip(
    tiny_doc: Document, vehicle: Callable[..., Document], build: Callable[[Document], Context]
) -> None:
    tiny_doc["vehicles"].append(vehicle("V2"))
    ctx = build(on_the_road(tiny_doc, max_reloads=1))
    assert codes(ctx, RouteSequence("V2", (("D1",),))) == [Code.ON_BOARD]
    assert codes(ctx, RouteSequence("V1", ((), ("D1",)))) == [Code.ON_BOARD]


def test_load_on_board_counts_against_capacity(
    tiny_doc: Document, build: Callable[[Document], Context]
) -> None:
    ctx = build(on_the_road(tiny_doc, initial_load_kg={"ambient": 450}))
    assert Code.CAPACITY in codes(ctx, RouteSequence("V1", (("D1",),)))


@pytest.mark.parametrize(
    ("extra", "path", "message"),
    [
        ({"on_board": ["D1"]}, "vehicles[0].on_board", "starts at its depot"),
        ({"initial_load_kg": {"ambient": 5}}, "vehicles[0].initial_load_kg", "no initial load"),
        ({"start_site": "X"}, "vehicles[0].start_site", "no site 'X'"),
        ({"start_site": "S", "on_board": ["P1"]}, "vehicles[0].on_board[0]", "no delivery"),
    ],
)
def test_in_day_fields_are_checked_on_input(
    tiny_doc: Document, extra: Document, path: str, message: str
) -> None:
    tiny_doc["vehicles"][0] |= extra
    with pytest.raises(ProblemError) as raised:
        parse_problem(tiny_doc)
    assert any(i.path == path and message in i.message for i in raised.value.issues)


def test_goods_cannot_be_on_two_vehicles(
    tiny_doc: Document, vehicle: Callable[..., Document]
) -> None:
    tiny_doc["vehicles"][0] |= {"start_site": "S", "on_board": ["D1"]}
    tiny_doc["vehicles"].append(vehicle("V2", start_site="A", on_board=["D1"]))
    with pytest.raises(ProblemError) as raised:
        parse_problem(tiny_doc)
    assert [(i.path, i.message) for i in raised.value.issues] == [
        ("vehicles[1].on_board[0]", "delivery 'D1' is on board 'V1' too")
    ]
