"""A hand-built reporting day, planned through the checker, so every figure can be worked out.

The *two-partner day* on date ``d``::

    sites      bab (depot, Dijon), shop (donor, supermarket, Dijon), farm (donor, producer,
               Quetigny), pa (partner, Dijon, 100 beneficiaries), pb (partner, Talant, 300)
    distances  bab–shop 5 km, shop–pa 3 km, pa–pb 4 km, pb–bab 8 km, any other pair 10 km;
               10 m/s everywhere; no windows, no service time
    vehicle    V1, van_3.5t (table: 0.51 kgCO2e/km; the problem says 0.6), 0.5 €/km, 20 €/h,
               10 € fixed, shift 06:00–14:00
    P1 @shop   L1 fruits_vegetables ambient 40 kg, DDM d+1 (+2 days grace: 3 days left)
               L2 dairy chilled 20 kg, DLC d+2 (2 days left: near expiry)
               L3 bakery ambient 5 kg, DLC d−1 (expired: rejected)
    P2 @farm   L4 fruits_vegetables ambient 30 kg, no date — left out of the route
    D1 @pa     L5 dry_groceries ambient 100 kg
    D2 @pb     L6 dry_groceries ambient 60 kg, L7 dairy chilled 40 kg DLC d+5

The route is bab → shop (P1) → pa (D1) → pb (D2) → bab: 5 + 3 + 4 + 8 = 20 km, 2000 s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, RouteSequence
from optimizer.report.history import DayRecord, StopReport
from optimizer.solving.assemble import assemble_plan

_SITES = ["bab", "shop", "farm", "pa", "pb"]
_KM = {("bab", "shop"): 5, ("shop", "pa"): 3, ("pa", "pb"): 4, ("pb", "bab"): 8}


def _km(a: str, b: str) -> int:
    if a == b:
        return 0
    return _KM.get((a, b), _KM.get((b, a), 10))


def _problem(day: dt.date) -> Problem:
    def date(offset: int) -> str:
        return (day + dt.timedelta(days=offset)).isoformat()

    def site(sid: str, kind: str, commune: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": sid,
            "kind": kind,
            "lat": 47.3,
            "lon": 5.0,
            "commune": commune,
            "service_min": 0,
            **extra,
        }

    metres = [[_km(a, b) * 1000 for b in _SITES] for a in _SITES]
    document: dict[str, Any] = {
        "name": "two-partner day",
        "date": day.isoformat(),
        "sites": [
            site("bab", "depot", "Dijon"),
            site("shop", "donor", "Dijon", source="supermarket"),
            site("farm", "donor", "Quetigny", source="producer"),
            site("pa", "partner", "Dijon", beneficiaries=100),
            site("pb", "partner", "Talant", beneficiaries=300),
        ],
        "vehicles": [
            {
                "id": "V1",
                "type": "van_3.5t",
                "depot": "bab",
                "shift_start": "06:00",
                "shift_end": "14:00",
                "capacity_kg": {"ambient": 1000, "chilled": 500},
                "cost_per_km": 0.5,
                "cost_per_hour": 20,
                "fixed_cost": 10,
                "co2e_kg_per_km": 0.6,
            }
        ],
        "pickups": [
            {
                "id": "P1",
                "site": "shop",
                "lots": [
                    {
                        "id": "L1",
                        "category": "fruits_vegetables",
                        "temperature": "ambient",
                        "kg": 40,
                        "date": date(1),
                        "date_kind": "DDM",
                    },
                    {
                        "id": "L2",
                        "category": "dairy",
                        "temperature": "chilled",
                        "kg": 20,
                        "date": date(2),
                    },
                    {
                        "id": "L3",
                        "category": "bakery",
                        "temperature": "ambient",
                        "kg": 5,
                        "date": date(-1),
                    },
                ],
            },
            {
                "id": "P2",
                "site": "farm",
                "lots": [
                    {
                        "id": "L4",
                        "category": "fruits_vegetables",
                        "temperature": "ambient",
                        "kg": 30,
                    }
                ],
            },
        ],
        "deliveries": [
            {
                "id": "D1",
                "site": "pa",
                "lots": [
                    {"id": "L5", "category": "dry_groceries", "temperature": "ambient", "kg": 100}
                ],
            },
            {
                "id": "D2",
                "site": "pb",
                "lots": [
                    {"id": "L6", "category": "dry_groceries", "temperature": "ambient", "kg": 60},
                    {
                        "id": "L7",
                        "category": "dairy",
                        "temperature": "chilled",
                        "kg": 40,
                        "date": date(5),
                    },
                ],
            },
        ],
        "travel": {
            "kind": "explicit",
            "site_ids": _SITES,
            "distance_m": metres,
            "duration_s": [[m / 10 for m in row] for row in metres],
        },
    }
    return Problem.model_validate(document)


def build_record(day: dt.date, reports: list[StopReport] | None = None) -> DayRecord:
    """The two-partner day planned as P1, D1, D2 on V1 (P2 left out), judged by the checker."""
    problem = _problem(day)
    ctx = Context(problem)
    result = BackendResult("hand", [RouteSequence("V1", (("P1", "D1", "D2"),))], runtime_s=0.0)
    plan, _ = assemble_plan(ctx, result)
    return DayRecord(problem=problem, plan=plan, reports=reports)


@pytest.fixture
def make_record() -> Callable[..., DayRecord]:
    """``make_record(date, reports=None)``: the two-partner day on ``date``."""
    return build_record
