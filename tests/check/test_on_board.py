"""Time on board: a lot collected on the road against its class's limit in its compartment.

On the tiny day (``conftest.py``) V1 serves P1 at S from 08:00 (28800 s), delivers D1 at A at
10:00 and is back at D at 10:40 (38400 s): P1's chilled yoghurts stay on board 9600 s = 160 min.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from optimizer.check import Code, evaluate_route
from optimizer.check.on_board import unloading_deadlines, vehicle_limits
from optimizer.check.visits import visits_of
from optimizer.context import Context
from optimizer.model import CompartmentKind, TemperatureClass
from optimizer.plan import RouteSequence

Document = dict[str, Any]
Build = Callable[[Document], Context]

ROUTE = RouteSequence("V1", (("P1", "D1"),))


def limited(document: Document, minutes: float, kind: str = "insulated") -> Document:
    """V1's chilled compartment of ``kind``, with ``minutes`` allowed for chilled food in it."""
    document["vehicles"][0]["compartments"] = {"chilled": kind}
    document["settings"] = {"max_on_board_min": {"insulated": {"chilled": minutes}}}
    return document


def test_one_violation_per_lot_with_the_minutes_over(tiny_doc: Document, build: Build) -> None:
    ctx = build(limited(tiny_doc, 90))
    violations = evaluate_route(ctx, ROUTE).violations
    assert [(v.code, v.vehicle, v.job, v.lot) for v in violations] == [
        (Code.TIME_ON_BOARD, "V1", "P1", "P1-yog")  # the ambient lot has no limit
    ]
    assert violations[0].message == (
        "lot 'P1-yog' (chilled, insulated compartment) stays on board 160 min, "
        "more than the 90 min allowed (70 min over)"
    )


def test_each_limited_lot_is_reported(tiny_doc: Document, build: Build, lot: Any) -> None:
    tiny_doc["pickups"][0]["lots"].append(lot("P1-cream", 10, "chilled"))
    ctx = build(limited(tiny_doc, 100))
    violations = evaluate_route(ctx, ROUTE).violations
    assert [(v.lot, v.message.split("(")[-1]) for v in violations] == [
        ("P1-yog", "60 min over)"),
        ("P1-cream", "60 min over)"),
    ]


def test_within_the_limit_or_refrigerated_is_fine(tiny_doc: Document, build: Build) -> None:
    assert evaluate_route(build(limited(tiny_doc, 160)), ROUTE).violations == []
    fridge = build(limited(tiny_doc, 90, kind="refrigerated"))
    assert evaluate_route(fridge, ROUTE).violations == []


def test_a_reload_unloads_the_pickup(tiny_doc: Document, build: Build) -> None:
    """P1, then back to D, then D1: the yoghurts are unloaded at D 15 min after loading."""
    tiny_doc["vehicles"][0]["max_reloads"] = 1
    ctx = build(limited(tiny_doc, 20))
    evaluation = evaluate_route(ctx, RouteSequence("V1", (("P1",), ("D1",))))
    assert evaluation.violations == []
    pickup, reload = evaluation.route.stops[1], evaluation.route.stops[2]
    assert reload.service_start - pickup.service_start == 5 * 60 + 900


def test_a_shipment_is_unloaded_at_its_partner(tiny_doc: Document, build: Build, lot: Any) -> None:
    """S → A straight: loaded at 08:00 at S, waiting at A until 10:00 counts (120 min)."""
    tiny_doc["shipments"] = [
        {
            "id": "T1",
            "pickup": {"site": "S"},
            "delivery": {"site": "A"},
            "lots": [lot("T1-yog", 20, "chilled")],
        }
    ]
    tiny_doc["pickups"] = []
    ctx = build(limited(tiny_doc, 100))
    violations = evaluate_route(ctx, RouteSequence("V1", (("T1", "D1", "T1"),))).violations
    assert [(v.code, v.job, v.lot) for v in violations] == [(Code.TIME_ON_BOARD, "T1", "T1-yog")]
    assert "stays on board 130 min" in violations[0].message  # 08:00 to 10:10, after D1


def test_limits_per_class_and_deadlines(tiny_doc: Document, build: Build) -> None:
    ctx = build(limited(tiny_doc, 90))
    vehicle = ctx.vehicles["V1"]
    assert vehicle.compartment_kind(TemperatureClass.CHILLED) is CompartmentKind.INSULATED
    assert vehicle.compartment_kind(TemperatureClass.AMBIENT) is CompartmentKind.REFRIGERATED
    assert vehicle_limits(ctx, vehicle) == {TemperatureClass.CHILLED: 5400}
    visits = visits_of(ctx, vehicle, ROUTE)
    starts = [stop.service_start for stop in evaluate_route(ctx, ROUTE).route.stops]
    assert unloading_deadlines(ctx, vehicle, visits, starts) == [None, 28800 + 5400, None, None]


@pytest.mark.parametrize("limits", [{}, {"insulated": {"frozen": 30}}])
def test_no_limit_for_the_class_checks_nothing(
    tiny_doc: Document, build: Build, limits: dict[str, Any]
) -> None:
    tiny_doc["vehicles"][0]["compartments"] = {"chilled": "insulated"}
    tiny_doc["settings"] = {"max_on_board_min": limits}
    ctx = build(tiny_doc)
    assert vehicle_limits(ctx, ctx.vehicles["V1"]) == {}
    assert evaluate_route(ctx, ROUTE).violations == []
