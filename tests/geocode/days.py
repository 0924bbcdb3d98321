"""A small day whose sites are given by address, in a problem document."""

from __future__ import annotations

from typing import Any


def site(
    ident: str, kind: str, address: str, postcode: str = "21000", commune: str = "Dijon"
) -> dict[str, Any]:
    return {
        "id": ident,
        "kind": kind,
        "name": ident,
        "address": address,
        "postcode": postcode,
        "commune": commune,
    }


def delivery(ident: str, site_id: str) -> dict[str, Any]:
    lot = {"id": f"{ident}-sec", "category": "dry_groceries", "temperature": "ambient", "kg": 50}
    return {"id": ident, "site": site_id, "lots": [lot]}


def day(sites: list[dict[str, Any]]) -> dict[str, Any]:
    """A depot given by hand, ``sites`` as partners, one delivery each."""
    depot = {"id": "depot", "kind": "depot", "name": "Entrepôt", "lat": 47.352, "lon": 5.046}
    vehicle = {
        "id": "V1", "depot": "depot", "shift_start": "07:00", "shift_end": "15:00",
        "capacity_kg": {"ambient": 1000}, "cost_per_km": 1.0,
    }  # fmt: skip
    return {
        "schema_version": "1.0",
        "name": "Journée géocodée",
        "date": "2025-03-10",
        "sites": [depot, *sites],
        "vehicles": [vehicle],
        "pickups": [],
        "deliveries": [delivery(f"d-{s['id']}", s["id"]) for s in sites],
    }
