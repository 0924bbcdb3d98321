"""The plan's workbook reads back (openpyxl) with the plan's own routes, stops, kg and km."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from optimizer.backends.base import SolveOptions
from optimizer.cli import app
from optimizer.context import Context
from optimizer.model import TEMPERATURE_CLASSES, Problem
from optimizer.plan import BackendResult, Plan, RouteSequence
from optimizer.read.documents import load_problem
from optimizer.solving.assemble import assemble_plan
from optimizer.solving.solve import solve
from optimizer.workbook.plan import (
    ROUTE_HEADER_ROW,
    route_sheet_title,
    write_plan_workbook,
)
from optimizer.workbook.template import example_problem

INSTANCES = Path(__file__).parents[2] / "instances"
CLASS_FR = {"ambient": "sec", "chilled": "frais", "frozen": "surgelé"}


@pytest.fixture(scope="module")
def example() -> Problem:
    return example_problem()


@pytest.fixture(scope="module")
def hand_plan(example: Problem) -> Plan:
    """Two routes by hand, one with the driver's break; the bakery pickup left out."""
    routes = [
        RouteSequence("pl19-1", (("pickup-01", "delivery-02"),)),
        RouteSequence("vul-1", (("delivery-01",),)),
    ]
    plan, _ = assemble_plan(Context(example), BackendResult("hand", routes, 0.0))
    assert plan.feasible
    return plan


def table(sheet: Any, header_row: int) -> list[dict[str, Any]]:
    """The rows under ``header_row`` until the first empty one, as header → value."""
    header = [cell.value for cell in sheet[header_row]]
    rows = []
    for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] is None:
            break
        rows.append(dict(zip(header, values, strict=False)))
    return rows


def kg(value: Any) -> float:
    return 0.0 if value is None else float(value)


def assert_reads_back(path: Path, plan: Plan) -> None:
    workbook = openpyxl.load_workbook(path)
    summary = workbook["Synthèse"]
    header_row = next(
        row[0].row for row in summary.iter_rows(min_col=1, max_col=1) if row[0].value == "Véhicule"
    )
    routes = table(summary, header_row)
    assert [row["Véhicule"] for row in routes] == [route.vehicle for route in plan.routes]
    taken: set[str] = {"synthèse", "non servis", "lots refusés"}
    for row, route in zip(routes, plan.routes, strict=True):
        assert row["Distance (km)"] == pytest.approx(route.distance_m / 1000, abs=1e-9)
        assert row["Arrêts"] == sum(1 for stop in route.stops if stop.job)
        for klass in TEMPERATURE_CLASSES:
            french = CLASS_FR[klass.value]
            assert kg(row[f"Collecté {french} (kg)"]) == pytest.approx(
                route.picked_up_kg.get(klass)
            )
            assert kg(row[f"Livré {french} (kg)"]) == pytest.approx(route.delivered_kg.get(klass))
        stops = table(workbook[route_sheet_title(route.vehicle, taken)], ROUTE_HEADER_ROW)
        assert [(s["N°"], s["Site"], s["Mission"]) for s in stops] == [
            (number, stop.site, stop.job) for number, stop in enumerate(route.stops)
        ]
        for read, stop in zip(stops, route.stops, strict=True):
            assert read["Depuis l'arrêt précédent (km)"] == pytest.approx(
                stop.distance_from_previous_m / 1000, abs=1e-9
            )
            for klass in TEMPERATURE_CLASSES:
                french = CLASS_FR[klass.value]
                assert kg(read[f"Collecté {french} (kg)"]) == pytest.approx(
                    stop.picked_up_kg.get(klass)
                )
                assert kg(read[f"Livré {french} (kg)"]) == pytest.approx(
                    stop.delivered_kg.get(klass)
                )
            assert (read["Lots"] or "").split(", ") == (stop.lots or [""])
        assert sum(s["Depuis l'arrêt précédent (km)"] for s in stops) == pytest.approx(
            route.distance_m / 1000
        )
    assert sum(row["Distance (km)"] for row in routes) == pytest.approx(
        plan.kpis.distance_km, abs=0.01
    )
    left = table(workbook["Non servis"], 1)
    if plan.unassigned:
        assert [(row["Mission"], row["Raison"], row["Code"]) for row in left] == [
            (item.job, item.message_fr, item.reason.value) for item in plan.unassigned
        ]
        assert sum(row["Poids (kg)"] for row in left) == pytest.approx(
            plan.kpis.unassigned_kg.total
        )


def test_hand_plan_reads_back(tmp_path: Path, example: Problem, hand_plan: Plan) -> None:
    path = write_plan_workbook(hand_plan, tmp_path / "plan.xlsx", example)
    assert_reads_back(path, hand_plan)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Synthèse", "Tournée pl19-1", "Tournée vul-1", "Non servis"]
    truck = workbook["Tournée pl19-1"]
    assert truck["A1"].value == "Tournée pl19-1 – Porteur frigorifique 19 t – 10/03/2025"
    stops = table(truck, ROUTE_HEADER_ROW)
    assert [s["Type"] for s in stops] == ["Départ", "Collecte", "Livraison", "Retour"]
    assert stops[1]["Nom"] == "Supermarché de la Toison d'Or"
    assert stops[1]["Collecté frais (kg)"] == 35 and stops[1]["Collecté surgelé (kg)"] == 12.5
    assert stops[2]["Livré sec (kg)"] == 240
    assert stops[2]["Consignes"] == "Décharger au hayon, entrée rue de Bourgogne."
    (pause,) = hand_plan.routes[0].breaks
    break_line = truck.cell(row=ROUTE_HEADER_ROW + len(stops) + 2, column=1).value
    # The checker places the break when the driver is back at the depot (stop 3), at 10:10.
    assert break_line == "Pause « pause » de 10:10 à 10:25, après l'arrêt n° 3"
    assert (pause.after_stop, pause.end - pause.start) == (3, 15 * 60)
    (left,) = table(workbook["Non servis"], 1)
    assert (left["Mission"], left["Obligatoire"], left["Poids (kg)"]) == ("pickup-02", "non", 18)


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long_name = "camion/frigorifique:numéro[1]-de-la-banque"
    first = route_sheet_title(long_name, taken)
    second = route_sheet_title(long_name, taken)
    assert first == "Tournée camion-frigorifique-num"
    assert second == "Tournée camion-frigorifique (2)"
    assert len(first) <= 31 and len(second) <= 31


def test_cli_export_plan(tmp_path: Path, example: Problem, hand_plan: Plan) -> None:
    problem_file = tmp_path / "problem.json"
    problem_file.write_text(example.model_dump_json(), encoding="utf-8")
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(hand_plan.model_dump_json(), encoding="utf-8")
    out = tmp_path / "export" / "plan.xlsx"
    result = CliRunner().invoke(
        app, ["export-plan", str(problem_file), str(plan_file), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert_reads_back(out, Plan.model_validate_json(plan_file.read_text("utf-8")))


@pytest.mark.slow
def test_dijon_plan_reads_back(tmp_path: Path) -> None:
    """A solved Dijon day: twelve routes, pickups left out, lots refused as too short-dated."""
    dijon = load_problem(INSTANCES / "dijon-200.json")
    plan, _ = solve(
        dijon, backend="pyvrp", options=SolveOptions(time_limit_s=120, seed=1, max_iterations=200)
    )
    assert plan.feasible and len(plan.routes) >= 8 and plan.unassigned and plan.rejected_lots
    path = write_plan_workbook(plan, tmp_path / "dijon.xlsx", dijon)
    assert_reads_back(path, plan)
    refused = table(openpyxl.load_workbook(path)["Lots refusés"], 1)
    assert [(row["Lot"], row["Poids (kg)"]) for row in refused] == [
        (lot.lot, lot.kg) for lot in plan.rejected_lots
    ]
