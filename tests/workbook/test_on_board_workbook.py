"""The time-on-board rules in the planners' workbook: a column per cold compartment, a setting per
compartment kind and cold class, read back as written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from optimizer.model import CompartmentKind, Problem, TemperatureClass
from optimizer.workbook.read import WorkbookError, read_workbook
from optimizer.workbook.template import example_problem, write_problem_workbook


def limited_example() -> Problem:
    problem = example_problem()
    vehicle = problem.vehicles[0]
    compartments = {TemperatureClass.CHILLED: CompartmentKind.INSULATED}
    limits = {CompartmentKind.INSULATED: {TemperatureClass.CHILLED: 90.0}}
    return problem.model_copy(
        update={
            "vehicles": [vehicle.model_copy(update={"compartments": compartments})],
            "settings": problem.settings.model_copy(update={"max_on_board_min": limits}),
        }
    )


def test_the_limits_read_back_as_written(tmp_path: Path) -> None:
    problem = limited_example()
    path = write_problem_workbook(problem, tmp_path / "jour.xlsx")
    assert read_workbook(path) == problem
    workbook = openpyxl.load_workbook(path)
    vehicles = workbook["Véhicules"]
    header = [cell.value for cell in vehicles[1]]
    chilled = header.index("Compartiment frais")
    assert vehicles.cell(row=2, column=chilled + 1).value == "Isotherme"
    settings = {row[0]: row[1] for row in workbook["Paramètres"].iter_rows(values_only=True)}
    assert settings["Temps à bord max. (min) – frais en compartiment isotherme"] == 90
    assert settings["Temps à bord max. (min) – surgelé en compartiment frigorifique"] is None


def test_a_bad_limit_is_pointed_at_its_cell(tmp_path: Path) -> None:
    path = write_problem_workbook(limited_example(), tmp_path / "jour.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Paramètres"]
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if r[0].value == "Temps à bord max. (min) – frais en compartiment isotherme"
    )
    row[1].value = 0
    workbook.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"Paramètres, ligne {row[1].row}, colonne B (Valeur): "
        "La valeur doit être plus grande que 0 (lu : 0)."
    )
