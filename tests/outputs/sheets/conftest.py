"""A small Dijon morning for the sheets: one truck, two trips, three compartments.

Trip 1: depot → Restos du Cœur (delivery, 07:30) → Carrefour (pickup) → Secours populaire
(delivery) → depot; reload; trip 2: depot → Épicerie sociale (delivery) → depot. Travel is an
explicit matrix (10 min, 5 km between any two sites), so every ETA is worked out by hand below.
"""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.check import check_plan
from optimizer.context import Context
from optimizer.model import Problem
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.solving.assemble import assemble_plan

SITES = ["bab", "restos", "carrefour", "secours", "epicerie"]
SEQUENCE = RouteSequence("pl19-1", (("d-restos", "p-carrefour", "d-secours"), ("d-epicerie",)))


def _lot(lot_id: str, kg: float, category: str, temperature: str, **extra: Any) -> dict[str, Any]:
    return {"id": lot_id, "kg": kg, "category": category, "temperature": temperature, **extra}


def morning_document() -> dict[str, Any]:
    def site(site_id: str, kind: str, name: str, lat: float, lon: float, **extra: Any) -> Any:
        return {"id": site_id, "kind": kind, "name": name, "lat": lat, "lon": lon, **extra}

    return {
        "name": "Matinée d'essai",
        "date": "2025-03-10",
        "sites": [
            site(
                "bab",
                "depot",
                "Entrepôt BAB",
                47.352,
                5.046,
                address="zone Cap Nord",
                commune="Dijon",
                service_min=15,
                access_notes="Quai 2 pour le chargement.",
            ),
            site(
                "restos",
                "partner",
                "Restos du Cœur – Longvic",
                47.289,
                5.062,
                address="3 rue de l'Église",
                commune="Longvic",
                contact={"name": "Françoise", "phone": "03 80 00 00 01"},
                access_notes="Sonner à l'interphone « Réception ».",
                time_windows=[{"start": "07:30", "end": "09:00"}],
                service_min=10,
            ),
            site(
                "carrefour",
                "donor",
                "Carrefour Quetigny",
                47.314,
                5.108,
                address="Centre commercial",
                commune="Quetigny",
                contact={"name": "Loïc", "phone": "+33 6 12 34 56 78"},
                time_windows=[{"start": "07:00", "end": "11:00"}],
                service_min=10,
            ),
            site("secours", "partner", "Secours populaire", 47.330, 5.020, service_min=10),
            site("epicerie", "partner", "Épicerie sociale", 47.360, 5.000, service_min=10),
        ],
        "vehicles": [
            {
                "id": "pl19-1",
                "name": "Porteur 19 t n° 1",
                "depot": "bab",
                "shift_start": "07:00",
                "shift_end": "13:00",
                "capacity_kg": {"ambient": 500, "chilled": 300, "frozen": 100},
                "cost_per_km": 1.0,
                "max_reloads": 1,
            }
        ],
        "pickups": [
            {
                "id": "p-carrefour",
                "site": "carrefour",
                "required": True,
                "lots": [
                    _lot(
                        "yaourts", 40, "dairy", "chilled", date="2025-03-12", description="Yaourts"
                    ),
                    _lot("pain", 12.5, "bakery", "ambient", date="2025-03-11", date_kind="DDM"),
                ],
            }
        ],
        "deliveries": [
            {
                "id": "d-restos",
                "site": "restos",
                "lots": [
                    _lot("pates", 100, "dry_groceries", "ambient", description="Pâtes"),
                    _lot("glaces", 20, "frozen", "frozen", description="Glaces", date="2025-06-01"),
                    _lot("fromage", 30, "dairy", "chilled", description="Fromages"),
                ],
            },
            {
                "id": "d-secours",
                "site": "secours",
                "lots": [
                    _lot("riz", 80, "dry_groceries", "ambient", description="Riz"),
                    _lot("poisson", 15, "frozen", "frozen", description="Poisson pané"),
                ],
            },
            {
                "id": "d-epicerie",
                "site": "epicerie",
                "lots": [
                    _lot("conserves", 60, "dry_groceries", "ambient", description="Conserves")
                ],
            },
        ],
        "travel": {
            "kind": "explicit",
            "site_ids": SITES,
            "distance_m": [[0 if i == j else 5000 for j in SITES] for i in SITES],
            "duration_s": [[0 if i == j else 600 for j in SITES] for i in SITES],
        },
    }


def morning_plan(problem: Problem) -> Plan:
    plan, _ = assemble_plan(Context(problem), BackendResult("hand", [SEQUENCE], 0.0))
    assert plan.feasible
    assert check_plan(problem, plan).violations == []
    return plan


@pytest.fixture
def morning() -> tuple[Problem, Plan]:
    problem = Problem.model_validate(morning_document())
    return problem, morning_plan(problem)
