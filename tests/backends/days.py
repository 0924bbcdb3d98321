"""Small days on a line, shared by the backend tests: every number is easy to work out by hand.

Imported as ``tests.backends.days`` (a plain module, not a conftest, so that no other folder's
helpers can shadow it).
"""

from __future__ import annotations

from typing import Any

from optimizer.model import Problem
from optimizer.read.documents import parse_problem


def line_day(
    jobs: list[dict[str, Any]],
    vehicles: list[dict[str, Any]],
    sites: list[dict[str, Any]],
    shipments: list[dict[str, Any]] | None = None,
    spacing_m: int = 10_000,
) -> Problem:
    """Sites on a line ``spacing_m`` apart (depot first), driven at 10 m/s (36 km/h).

    Jobs whose id starts with ``P`` are pickups, the others deliveries.
    """
    all_sites = [
        {
            "id": "depot",
            "kind": "depot",
            "lat": 47.35,
            "lon": 5.05,
            "time_windows": [{"start": "06:00", "end": "20:00"}],
            "service_min": 10,
        },
        *({"lat": 47.3, "lon": 5.0, "service_min": 5, **site} for site in sites),
    ]
    ids = [site["id"] for site in all_sites]
    distance = [[abs(i - j) * spacing_m for j in range(len(ids))] for i in range(len(ids))]
    return parse_problem(
        {
            "date": "2025-03-10",
            "name": "line",
            "sites": all_sites,
            "vehicles": vehicles,
            "pickups": [job for job in jobs if job["id"].startswith("P")],
            "deliveries": [job for job in jobs if not job["id"].startswith("P")],
            "shipments": shipments or [],
            "travel": {
                "kind": "explicit",
                "site_ids": ids,
                "distance_m": distance,
                "duration_s": [[d // 10 for d in row] for row in distance],
            },
        }
    )


def lot(lot_id: str, kg: float, temperature: str = "ambient", **extra: Any) -> dict[str, Any]:
    category = {"ambient": "dry_groceries", "chilled": "dairy", "frozen": "frozen"}[temperature]
    return {"id": lot_id, "category": category, "temperature": temperature, "kg": kg, **extra}


def truck(vehicle_id: str = "T", **extra: Any) -> dict[str, Any]:
    """07:00-15:00, 1000 kg ambient, 500 chilled, 200 frozen, 1 €/km."""
    return {
        "id": vehicle_id,
        "depot": "depot",
        "shift_start": "07:00",
        "shift_end": "15:00",
        "capacity_kg": {"ambient": 1000, "chilled": 500, "frozen": 200},
        "cost_per_km": 1.0,
        **extra,
    }
