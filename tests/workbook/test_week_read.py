"""The week workbook reads back into the same week, and every error is located in French."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.week import WeekProblem, load_week, parse_week
from optimizer.workbook.read import WorkbookError
from optimizer.workbook.week_format import Days, is_week_workbook
from optimizer.workbook.week_read import read_week_workbook
from optimizer.workbook.week_template import write_week_workbook
from tests.week.weeks import tiny_week

ROOT = Path(__file__).resolve().parents[2]
ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def _week() -> dict[str, Any]:
    data = tiny_week()
    data["holidays"] = ["2025-06-05"]
    data["partners"][5]["allowed_days"] = ["wed", "thu", "fri"]
    data["partners"][4].update(visits=3, fortnight_week=2)
    data["vehicles"][0]["max_week_hours"] = 20
    data["week"]["balance_eur_per_hour"] = 12.5
    return data


def _errors(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_week_workbook(path)
    return [str(issue) for issue in caught.value.issues]


def test_a_week_reads_back_equal_from_its_workbook(tmp_path: Path) -> None:
    week = parse_week(_week())
    file = write_week_workbook(week, tmp_path / "semaine.xlsx")
    back = read_week_workbook(file)
    assert back == week
    assert back.holidays == week.holidays
    assert back.partners[4].fortnight_week == 2
    assert back.vehicles[0].max_week_hours == 20


def test_the_dijon_week_reads_back_equal(tmp_path: Path) -> None:
    week = load_week(ROOT / "instances" / "dijon-week.json")
    back = read_week_workbook(write_week_workbook(week, tmp_path / "dijon.xlsx"))
    assert back == week
    assert len(back.partners) == 160 and len(back.donors) == 40


def test_the_week_sheets_speak_french(tmp_path: Path) -> None:
    file = write_week_workbook(parse_week(_week()), tmp_path / "semaine.xlsx")
    workbook = openpyxl.load_workbook(file)
    assert is_week_workbook(workbook.sheetnames)
    assert workbook.sheetnames[3:] == ["Semaine", "Dons de la semaine", "Réglages de la semaine"]
    sheet = workbook["Semaine"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Type", "Site ou véhicule", "Jours possibles"]
    assert [cell.value for cell in sheet[2]][:5] == [
        "partenaire", "north-1", "mardi, vendredi", "mardi, vendredi", 2,
    ]  # fmt: skip
    drivers = [row for row in sheet.iter_rows(values_only=True) if row[0] == "chauffeur"]
    assert [(row[1], row[2]) for row in drivers] == [
        ("van-1", "lundi, mardi, mercredi, jeudi, vendredi"),
        ("van-2", "lundi, mardi, jeudi, vendredi"),
    ]


def test_days_read_in_french_or_english_full_or_short() -> None:
    assert Days().parse("Vendredi, lun.; MER") == ["mon", "wed", "fri"]
    assert Days().parse("tuesday thu") == ["tue", "thu"]


def _broken(tmp_path: Path) -> Path:
    file = write_week_workbook(parse_week(tiny_week()), tmp_path / "semaine.xlsx")
    workbook = openpyxl.load_workbook(file)
    sheet = workbook["Semaine"]
    sheet["C3"] = "lundo, mardi"  # north-2's possible days
    sheet["E2"] = 3  # north-1: three visits, but Tuesday and Friday 3 days apart allow two
    workbook["Dons de la semaine"]["A2"] = "shop-zz"
    target = tmp_path / "broken.xlsx"
    workbook.save(target)
    return target


def test_every_error_is_located_and_names_the_partner(tmp_path: Path) -> None:
    errors = _errors(_broken(tmp_path))
    assert (
        "Semaine, ligne 3, colonne C (Jours possibles): « lundo » n'est pas un jour ; "
        "écrivez par exemple « lundi, jeudi »."
    ) in errors
    assert "Dons de la semaine, ligne 2: « shop-zz » n'a pas de ligne donateur" in "\n".join(errors)
    frequency = next(e for e in errors if e.startswith("Semaine, ligne 2, colonne E (Passages)"))
    assert "Le partenaire « north-1 » demande 3 livraison(s)" in frequency
    assert "n'en permettent que 2" in frequency


def test_a_driver_with_no_day_is_located_on_its_row(tmp_path: Path) -> None:
    file = write_week_workbook(parse_week(tiny_week()), tmp_path / "semaine.xlsx")
    workbook = openpyxl.load_workbook(file)
    sheet = workbook["Semaine"]
    row = next(r for r in sheet.iter_rows() if r[1].value == "van-2")
    row[2].value = "samedi"
    workbook.save(file)
    errors = _errors(file)
    where = f"Semaine, ligne {row[0].row}, colonne C (Jours possibles)"
    assert any(e.startswith(where) and "« Jean » (véhicule « van-2 »)" in e for e in errors)


def test_plan_week_refuses_a_broken_workbook_with_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["plan-week", str(_broken(tmp_path)), "--out", str(out)], env=ENV
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert "« lundo » n'est pas un jour" in result.output
    assert not out.exists()


def test_week_workbook_writes_what_plan_week_reads(tmp_path: Path) -> None:
    source = tmp_path / "week.json"
    source.write_text(json.dumps(_week()), encoding="utf-8")
    target = tmp_path / "semaine.xlsx"
    result = CliRunner().invoke(app, ["week-workbook", str(source), "--out", str(target)], env=ENV)
    assert result.exit_code == 0, result.output
    assert read_week_workbook(target) == WeekProblem.model_validate(_week())
