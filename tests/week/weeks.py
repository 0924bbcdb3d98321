"""A tiny week: a depot, six partners and two donors around it, two vans, Monday to Friday."""

from __future__ import annotations

from typing import Any

from optimizer.model import Problem

DEPOT = (47.35, 5.05)


def _site(identifier: str, kind: str, north_km: float, east_km: float) -> dict[str, Any]:
    return {
        "id": identifier,
        "kind": kind,
        "name": identifier.title(),
        "lat": round(DEPOT[0] + north_km / 111.0, 5),
        "lon": round(DEPOT[1] + east_km / 75.0, 5),
        "time_windows": [{"start": "07:00", "end": "12:00"}],
        "service_min": 10,
    }


def tiny_week() -> dict[str, Any]:
    sites = [
        {**_site("depot", "depot", 0, 0), "time_windows": [{"start": "06:00", "end": "18:00"}]},
        _site("north-1", "partner", 8, 0),
        _site("north-2", "partner", 9, 1),
        _site("east-1", "partner", 0, 9),
        _site("east-2", "partner", 1, 10),
        _site("south-1", "partner", -7, 0),
        _site("west-1", "partner", 0, -8),
        _site("shop-a", "donor", 2, 2),
        _site("shop-b", "donor", -2, -3),
    ]
    van = {
        "depot": "depot",
        "shift_start": "07:00",
        "shift_end": "13:00",
        "capacity_kg": {"ambient": 800, "chilled": 300},
        "cost_per_km": 0.3,
        "cost_per_hour": 5,
        "fixed_cost": 10,
    }
    need = {"ambient": 60, "chilled": 15}
    return {
        "name": "Petite semaine",
        "week_start": "2025-06-02",
        "sites": sites,
        "vehicles": [
            {**van, "id": "van-1", "driver": "Marie"},
            {**van, "id": "van-2", "driver": "Jean", "days": ["mon", "tue", "thu", "fri"]},
        ],
        "partners": [
            {"site": "north-1", "allowed_days": ["tue", "fri"], "visits": 2,
             "min_days_between": 3, "weekly_need_kg": need, "usual_days": ["tue", "fri"]},
            {"site": "north-2", "allowed_days": ["mon", "wed", "fri"], "visits": 1,
             "weekly_need_kg": need, "usual_days": ["mon"]},
            {"site": "east-1", "allowed_days": ["mon", "tue", "wed", "thu"], "visits": 2,
             "min_days_between": 2, "weekly_need_kg": need},
            {"site": "east-2", "visits": 1, "weekly_need_kg": need, "usual_days": ["thu"]},
            {"site": "south-1", "visits": 1, "per": "fortnight", "weekly_need_kg": need},
            {"site": "west-1", "allowed_days": ["wed", "thu"], "visits": 1,
             "weekly_need_kg": need, "usual_days": ["wed"]},
        ],
        "donors": [
            {"site": "shop-a", "collections": 3, "usual_days": ["mon", "wed", "fri"],
             "supply": [
                 {"category": "dairy", "temperature": "chilled", "shelf_life_days": 2,
                  "kg_by_day": {"mon": 20, "tue": 20, "wed": 20, "thu": 20, "fri": 30}},
                 {"category": "dry_groceries", "temperature": "ambient", "shelf_life_days": 60,
                  "date_kind": "DDM", "kg_by_day": {"mon": 10, "fri": 10}},
             ]},
            {"site": "shop-b", "collections": 2, "allowed_days": ["tue", "thu", "fri"],
             "supply": [
                 {"category": "bakery", "temperature": "ambient", "shelf_life_days": 0,
                  "date_kind": "DDM", "kg_by_day": {"tue": 15, "thu": 15, "fri": 15}},
             ]},
        ],
        "settings": {"seed": 1},
        "week": {"time_limit_per_day_s": 1, "improving_moves": 1,
                 "assignment_time_limit_s": 1},
    }  # fmt: skip


def unbalanced_day() -> Problem:
    """Six long stops east, one west, two vans: the cheapest split is very uneven."""
    sites: list[dict[str, Any]] = [
        {**_site("depot", "depot", 0, 0), "time_windows": []},
        *[{**_site(f"east-{i}", "partner", i * 0.5, 10), "service_min": 35} for i in range(6)],
        {**_site("west", "partner", 0, -10), "service_min": 35},
    ]
    for site in sites:
        site["time_windows"] = []
    van = {"depot": "depot", "shift_start": "07:00", "shift_end": "12:00",
           "capacity_kg": {"ambient": 1000}, "cost_per_km": 0.3, "cost_per_hour": 5}  # fmt: skip
    lot = {"category": "dry_groceries", "temperature": "ambient", "kg": 20, "date_kind": "DDM",
           "date": "2025-09-01"}  # fmt: skip
    deliveries = [
        {"id": f"d-{s['id']}", "site": s["id"], "lots": [{**lot, "id": f"lot-{s['id']}"}]}
        for s in sites[1:]
    ]
    return Problem.model_validate(
        {
            "date": "2025-06-02",
            "sites": sites,
            "deliveries": deliveries,
            "vehicles": [{**van, "id": "v1"}, {**van, "id": "v2"}],
        }
    )
