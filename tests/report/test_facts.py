"""A shipment's two ends in the facts and figures: the two-partner day (conftest) plus S1.

S1 carries L8, 50 kg of bread (ambient, no date), from shop straight to pa; the route is
bab → shop (P1, S1 collected) → pa (D1, S1 delivered) → pb (D2) → bab, still 20 km. Planned:
collected 60 + 50 = 110 kg, distributed 200 + 50 = 250 kg; P2 (30 kg) not collected, L3 (5 kg)
expired.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import _problem

from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, RouteSequence, StopEnd
from optimizer.report.history import DayRecord, StopReport, StopStatus
from optimizer.report.indicators import Indicators, build_report
from optimizer.solving.assemble import assemble_plan

DAY = dt.date(2025, 3, 10)
MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def _totals(reports: list[StopReport] | None) -> Indicators:
    document = _problem(DAY).model_dump(mode="json", exclude_none=True)
    bread = {"id": "L8", "category": "bakery", "temperature": "ambient", "kg": 50}
    document["shipments"] = [
        {"id": "S1", "pickup": {"site": "shop"}, "delivery": {"site": "pa"}, "lots": [bread]}
    ]
    problem = Problem.model_validate(document)
    routes = [RouteSequence("V1", (("P1", "S1", "D1", "S1", "D2"),))]
    plan, _ = assemble_plan(Context(problem), BackendResult("hand", routes, runtime_s=0.0))
    assert plan.feasible
    record = DayRecord(problem=problem, plan=plan, reports=reports)
    return build_report([record], *MARCH).totals


def s1(end: StopEnd | None, status: StopStatus, **extra: object) -> StopReport:
    return StopReport.model_validate({"job": "S1", "end": end, "status": status, **extra})


DONE, SKIPPED = StopStatus.DONE, StopStatus.SKIPPED


def test_planned_shipment_is_collected_and_distributed() -> None:
    totals = _totals(None)
    assert (totals.collected_kg, totals.distributed_kg) == (110.0, 250.0)
    assert totals.lost_collected_not_delivered_kg == 0.0
    assert (totals.lost_kg, totals.distance_km, totals.stops) == (35.0, 20.0, 5)


def test_collected_but_not_delivered() -> None:
    """45 kg taken at the shop, pa closed: 45 kg on board, counted apart from not collected."""
    totals = _totals(
        [
            s1(StopEnd.PICKUP, DONE, actual_kg={"ambient": 45}),
            s1(StopEnd.DELIVERY, SKIPPED, reason="fermé"),
        ]
    )
    assert (totals.collected_kg, totals.collected_planned_kg) == (105.0, 110.0)
    assert (totals.distributed_kg, totals.distributed_planned_kg) == (200.0, 250.0)
    assert totals.lost_collected_not_delivered_kg == 45.0
    assert (totals.lost_not_collected_kg, totals.lost_undelivered_kg) == (30.0, 0.0)
    assert totals.lost_kg == 80.0  # 30 not collected + 5 expired + 45 collected, not delivered
    assert (totals.stops, totals.stops_reported, totals.stops_skipped) == (5, 2, 1)


@pytest.mark.parametrize(
    "reports",
    [
        [s1(StopEnd.PICKUP, SKIPPED, reason="rien")],  # the delivery end not reported
        [s1(StopEnd.PICKUP, SKIPPED, reason="rien"), s1(StopEnd.DELIVERY, SKIPPED, reason="x")],
        [s1(None, SKIPPED, reason="rien")],  # a report from before ends: both ends
    ],
)
def test_not_collected_is_lost_once(reports: list[StopReport]) -> None:
    """Nothing collected at the shop: 50 kg not collected, and nothing delivered or lost again."""
    totals = _totals(reports)
    assert totals.collected_kg == 60.0
    assert totals.distributed_kg == 200.0
    assert totals.lost_not_collected_kg == 80.0  # P2 30 + S1 50
    assert (totals.lost_undelivered_kg, totals.lost_collected_not_delivered_kg) == (0.0, 0.0)
    assert totals.lost_kg == 85.0


def test_a_report_from_before_ends_counts_for_both_ends() -> None:
    totals = _totals([s1(None, DONE, actual_kg={"ambient": 45})])
    assert (totals.collected_kg, totals.distributed_kg) == (105.0, 245.0)
    assert totals.stops_reported == 2
