"""Small builders for the API tests: a tiny planning day and tenants with keys."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from api.jobs.store import Sessions
from api.models import Role
from api.security import create_api_key, create_tenant

_SITES = ["depot", "shop", "partner_a", "partner_b"]


def tiny_problem(**settings: Any) -> dict[str, Any]:
    """One truck, one supermarket pickup and two partner deliveries, sites 10 km apart on a line.

    The truck (1 €/km) can do everything; the optimum is the line out and back: 60 km.
    """
    distance = [[abs(i - j) * 10_000 for j in range(len(_SITES))] for i in range(len(_SITES))]
    return copy.deepcopy(
        {
            "date": "2025-03-10",
            "name": "tiny",
            "sites": [
                {
                    "id": "depot",
                    "kind": "depot",
                    "lat": 47.35,
                    "lon": 5.05,
                    "time_windows": [{"start": "06:00", "end": "20:00"}],
                },
                {"id": "shop", "kind": "donor", "lat": 47.3, "lon": 5.0, "service_min": 5},
                {"id": "partner_a", "kind": "partner", "lat": 47.3, "lon": 5.0, "service_min": 5},
                {"id": "partner_b", "kind": "partner", "lat": 47.3, "lon": 5.0, "service_min": 5},
            ],
            "vehicles": [
                {
                    "id": "T1",
                    "depot": "depot",
                    "shift_start": "07:00",
                    "shift_end": "15:00",
                    "capacity_kg": {"ambient": 1000, "chilled": 500, "frozen": 200},
                    "cost_per_km": 1.0,
                }
            ],
            "pickups": [
                {
                    "id": "P1",
                    "site": "shop",
                    "lots": [
                        {
                            "id": "yoghurts",
                            "category": "dairy",
                            "temperature": "chilled",
                            "kg": 80,
                        }
                    ],
                }
            ],
            "deliveries": [
                {
                    "id": f"D{n}",
                    "site": site,
                    "lots": [
                        {
                            "id": f"pasta{n}",
                            "category": "dry_groceries",
                            "temperature": "ambient",
                            "kg": 100,
                        }
                    ],
                }
                for n, site in ((1, "partner_a"), (2, "partner_b"))
            ],
            "travel": {
                "kind": "explicit",
                "site_ids": _SITES,
                "distance_m": distance,
                "duration_s": [[d // 10 for d in row] for row in distance],
            },
            **({"settings": settings} if settings else {}),
        }
    )


def stock_problem() -> dict[str, Any]:
    """The tiny day with warehouse stock to share out between its two partners (2:1 by people).

    Allocated then routed, the plan carries one delivery ``alloc-<partner>`` per partner.
    """
    problem = tiny_problem()
    for site, people in (("partner_a", 100), ("partner_b", 50)):
        next(s for s in problem["sites"] if s["id"] == site)["beneficiaries"] = people
    problem["stock"] = [
        {"id": "rice", "category": "dry_groceries", "temperature": "ambient", "kg": 300},
        {
            "id": "cheese",
            "category": "dairy",
            "temperature": "chilled",
            "kg": 60,
            "date": "2025-03-14",
        },
    ]
    return problem


def shipment_day() -> dict[str, Any]:
    """The tiny day plus the shipment S1: 50 kg of bread (ambient) from the shop straight to
    partner_a."""
    document = tiny_problem()
    bread = {"id": "bread", "category": "bakery", "temperature": "ambient", "kg": 50}
    document["shipments"] = [
        {"id": "S1", "pickup": {"site": "shop"}, "delivery": {"site": "partner_a"}, "lots": [bread]}
    ]
    return document


@dataclass(frozen=True)
class TenantKeys:
    """A tenant and one key per role, in clear, ready for request headers."""

    tenant_id: str
    keys: dict[Role, str]

    def headers(self, role: Role = Role.PLANNER) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


def make_tenant(sessions: Sessions, name: str) -> TenantKeys:
    with sessions.begin() as session:
        tenant = create_tenant(session, name=name)
        keys = {role: create_api_key(session, tenant=tenant, role=role) for role in Role}
        return TenantKeys(tenant.id, keys)
