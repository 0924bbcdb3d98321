"""The French template: sheets, headers, drop-down lists and notes a planner can work with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from optimizer.model import (
    Category,
    ExplicitTravel,
    Lot,
    Shipment,
    ShipmentStop,
    TemperatureClass,
)
from optimizer.workbook.format import PARAMETERS, TABLES
from optimizer.workbook.read import read_workbook
from optimizer.workbook.template import (
    example_problem,
    write_problem_workbook,
    write_template,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_template(tmp_path_factory.mktemp("template") / "modele.xlsx")
    return openpyxl.load_workbook(path)


def headers(sheet: Any) -> list[str]:
    return [cell.value for cell in sheet[1] if cell.value is not None]


def test_sheets_and_headers_in_french(template: Any) -> None:
    assert template.sheetnames == [
        "Sites",
        "Véhicules",
        "Collectes",
        "Livraisons",
        "Stock",
        "Paramètres",
        "Notes",
    ]
    assert headers(template["Collectes"]) == [
        "Identifiant",
        "Site",
        "Obligatoire",
        "Horaires",
        "Remarque",
        "Lot",
        "Catégorie",
        "Température",
        "Poids (kg)",
        "Date limite",
        "Type de date",
        "Description",
    ]
    assert headers(template["Véhicules"])[5:8] == [
        "Début de service",
        "Fin de service",
        "Durée max (min)",
    ]
    assert headers(template["Paramètres"]) == ["Paramètre", "Valeur", "Explication"]


def test_example_rows(template: Any) -> None:
    """One row per lot; the job's cells repeated; times as typed text, dates as dates."""
    pickups = list(template["Collectes"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[5], row[6], row[7], row[8]) for row in pickups] == [
        ("pickup-01", "lot-001", "Produits laitiers", "Frais", 35),
        ("pickup-01", "lot-002", "Fruits et légumes", "Sec", 60),
        ("pickup-01", "lot-003", "Surgelés", "Surgelé", 12.5),
        ("pickup-02", "lot-004", "Boulangerie", "Sec", 18),
    ]
    assert pickups[0][2] == "oui" and pickups[3][3] == "08:30-09:30"
    sites = template["Sites"]
    partner = next(
        row for row in sites.iter_rows(min_row=2, values_only=True) if row[0] == "partner-01"
    )
    assert partner[1] == "Partenaire"
    assert partner[12] == "09:00-11:00; 14:00-16:00"
    vehicle = template["Véhicules"]
    assert vehicle["F2"].value == "06:30" and vehicle["F2"].number_format == "@"
    assert vehicle["T2"].value == "pause = 09:30-10:30 15 min"


def test_drop_down_lists(template: Any) -> None:
    lists = {
        (sheet.title, str(rule.sqref).split(":")[0]): rule.formula1
        for sheet in template.worksheets
        for rule in sheet.data_validations.dataValidation
    }
    assert lists[("Sites", "B2")] == '"Entrepôt,Donateur,Partenaire"'
    assert lists[("Sites", "V2")] == '"Livré,Vient à l\'entrepôt"'
    assert lists[("Collectes", "C2")] == '"oui,non"'
    assert lists[("Collectes", "G2")] == (
        '"Fruits et légumes,Produits laitiers,Viande et poisson,Boulangerie,Épicerie sèche,'
        'Surgelés,Divers"'
    )
    assert lists[("Livraisons", "H2")] == '"Sec,Frais,Surgelé"'
    assert lists[("Stock", "F2")] == '"DLC,DDM"'


def test_notes_explain_every_column(template: Any) -> None:
    notes = list(template["Notes"].iter_rows(min_row=2, values_only=True))
    documented = {(row[0], row[1]) for row in notes if row[1]}
    for spec in TABLES:
        for column in spec.columns:
            assert (spec.title(), column.header()) in documented
    assert len(documented) == sum(len(spec.columns) for spec in TABLES) + len(PARAMETERS)
    assert ("Collectes", "Poids (kg)", "oui", "Poids du lot en kg, plus que 0.") in notes
    # Each header also carries its explanation as a comment.
    assert template["Sites"]["M1"].comment.text.startswith("Créneaux d'ouverture")


def test_template_reads_back_as_the_example(tmp_path: Path) -> None:
    assert read_workbook(write_template(tmp_path / "modele.xlsx")) == example_problem()


def test_same_day_same_bytes(tmp_path: Path) -> None:
    first = write_template(tmp_path / "a.xlsx").read_bytes()
    assert write_template(tmp_path / "b.xlsx").read_bytes() == first


def test_what_a_workbook_cannot_hold(tmp_path: Path) -> None:
    example = example_problem()
    ids = [site.id for site in example.sites]
    square = [[0.0] * len(ids) for _ in ids]
    explicit = example.model_copy(
        update={"travel": ExplicitTravel(site_ids=ids, distance_m=square, duration_s=square)}
    )
    with pytest.raises(ValueError, match=r"travel\.kind = explicit"):
        write_problem_workbook(explicit, tmp_path / "x.xlsx")
    shipment = Shipment(
        id="direct-1",
        pickup=ShipmentStop(site="donor-01"),
        delivery=ShipmentStop(site="partner-01"),
        lots=[
            Lot(id="lot-900", category=Category.BAKERY, temperature=TemperatureClass.AMBIENT, kg=10)
        ],
    )
    with pytest.raises(ValueError, match="shipments"):
        write_problem_workbook(
            example.model_copy(update={"shipments": [shipment]}), tmp_path / "y.xlsx"
        )
