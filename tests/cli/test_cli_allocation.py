"""``foodroute allocate`` and ``foodroute plan`` on a problem with warehouse stock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from optimizer.allocation import Allocation
from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.plan import Plan

runner = CliRunner()

PARTNERS: list[dict[str, Any]] = [
    {"id": "A", "beneficiaries": 100, "lat": 47.30, "lon": 5.00},
    {"id": "B", "beneficiaries": 50, "receiving": "collects", "lat": 47.31, "lon": 5.02},
    {"id": "C", "beneficiaries": 150, "next_supply_date": "2025-03-12", "lat": 47.29, "lon": 5.05},
    {"id": "D", "beneficiaries": 100, "lat": 47.32, "lon": 5.06},
]
# Opens before the van leaves the depot: no route can reach it.
UNREACHABLE = {
    "id": "E",
    "beneficiaries": 100,
    "lat": 47.33,
    "lon": 5.01,
    "time_windows": [{"start": "05:00", "end": "05:30"}],
}
STOCK = [
    {"id": "pasta", "category": "dry_groceries", "temperature": "ambient", "kg": 500},
    {
        "id": "yoghurt",
        "category": "dairy",
        "temperature": "chilled",
        "kg": 100,
        "date": "2025-03-14",
    },
]


def write(tmp_path: Path, stock: bool = True, unreachable: bool = False) -> Path:
    """A van, a standing order for A, and (optionally) 600 kg of stock to share out."""
    partners = [*PARTNERS, UNREACHABLE] if unreachable else PARTNERS
    document = {
        "date": "2025-03-10",
        "sites": [
            {"id": "depot", "kind": "depot", "lat": 47.35, "lon": 5.04},
            *({"kind": "partner", **p} for p in partners),
        ],
        "vehicles": [
            {
                "id": "van",
                "depot": "depot",
                "shift_start": "07:00",
                "shift_end": "15:00",
                "capacity_kg": {"ambient": 1000, "chilled": 300},
                "cost_per_km": 0.5,
            }
        ],
        "deliveries": [
            {
                "id": "standing-order",
                "site": "A",
                "lots": [{"id": "nappies", "category": "other", "temperature": "ambient", "kg": 5}],
            }
        ],
        "stock": STOCK if stock else [],
    }
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_allocate_writes_json_csv_and_excel_pick_lists(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["allocate", str(write(tmp_path)), "--out", str(out)])

    assert result.exit_code == 0, result.output
    allocation = Allocation.model_validate_json((out / "allocation.json").read_text("utf-8"))
    # 400 beneficiaries, ample storage: 500 kg pasta + 100 kg yoghurt in exact shares.
    assert allocation.allocated_kg == 600
    assert allocation.partner("C").total_kg == 150 * 600 / 400
    assert (out / "pick_lists.xlsx").stat().st_size > 0
    assert sorted(p.name for p in (out / "pick_lists").iterdir()) == [
        "A.csv",
        "B.csv",
        "C.csv",
        "D.csv",
    ]
    rows = (out / "allocation.csv").read_text("utf-8").splitlines()
    assert len(rows) == 1 + 8  # header + 4 partners × 2 lots
    assert "600.0 of 600.0 kg" in result.output


def test_allocate_without_stock_is_bad_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["allocate", str(write(tmp_path, stock=False))])

    assert result.exit_code == EXIT_BAD_INPUT


def test_plan_with_stock_routes_the_allocation_and_the_routed_problem_checks(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    problem = write(tmp_path, unreachable=True)
    result = runner.invoke(
        app, ["plan", str(problem), "--out", str(out), "--time-limit", "1", "--seed", "2"]
    )

    assert result.exit_code == 0, result.output
    assert "Plan and allocation agree." in result.output
    plan = Plan.model_validate_json((out / "plan.json").read_text("utf-8"))
    allocation = Allocation.model_validate_json((out / "allocation.json").read_text("utf-8"))
    assert allocation.excluded_partners == ["E"]
    served = {stop.job for route in plan.routes for stop in route.stops if stop.job}
    assert served == {"standing-order", "alloc-A", "alloc-D"}
    routed = json.loads((out / "problem_routed.json").read_text("utf-8"))
    assert [d["id"] for d in routed["deliveries"]] == ["standing-order", "alloc-A", "alloc-D"]

    check = runner.invoke(app, ["check", str(out / "problem_routed.json"), str(out / "plan.json")])
    assert check.exit_code == 0, check.output
