"""A small planning day for load tests: quick to solve, so the burst measures the service."""

from __future__ import annotations

from typing import Any

_SITES = ["depot", "shop", "partner_a", "partner_b"]


def small_day() -> dict[str, Any]:
    """One truck, one supermarket pickup, two partner deliveries on a 10 km-spaced line."""
    distance = [[abs(i - j) * 10_000 for j in range(len(_SITES))] for i in range(len(_SITES))]
    lot = {"category": "dry_groceries", "temperature": "ambient", "kg": 100}
    return {
        "date": "2025-03-10",
        "name": "load",
        "sites": [
            {
                "id": "depot",
                "kind": "depot",
                "lat": 47.35,
                "lon": 5.05,
                "time_windows": [{"start": "06:00", "end": "20:00"}],
            },
            {"id": "shop", "kind": "donor", "lat": 47.3, "lon": 5.0},
            {"id": "partner_a", "kind": "partner", "lat": 47.3, "lon": 5.0},
            {"id": "partner_b", "kind": "partner", "lat": 47.3, "lon": 5.0},
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
                    {"id": "yoghurts", "category": "dairy", "temperature": "chilled", "kg": 80}
                ],
            }
        ],
        "deliveries": [
            {"id": "D1", "site": "partner_a", "lots": [{"id": "pasta1", **lot}]},
            {"id": "D2", "site": "partner_b", "lots": [{"id": "pasta2", **lot}]},
        ],
        "travel": {
            "kind": "explicit",
            "site_ids": _SITES,
            "distance_m": distance,
            "duration_s": [[d // 10 for d in row] for row in distance],
        },
    }
