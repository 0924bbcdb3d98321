"""``foodroute geocode`` and ``import`` as a planner runs them: the table, doubts first, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, app
from optimizer.read.documents import parse_problem
from optimizer.workbook.template import write_problem_workbook
from tests.geocode.ban import ARDENNES_12
from tests.geocode.days import day, site

ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_geocode_prints_the_doubtful_first_and_writes_the_problem(
    addok_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    document = day(
        [
            site("ardennes", "partner", "12 rue des Ardennes"),
            site("inconnue", "partner", "8 rue Inconnue"),
        ]
    )
    out = tmp_path / "placed.json"
    result = run(
        "geocode", _write(tmp_path / "day.json", document), "--geocoder", addok_url, "--out", out
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    inconnue = next(i for i, line in enumerate(lines) if line.strip().startswith("inconnue"))
    ardennes = next(i for i, line in enumerate(lines) if line.strip().startswith("ardennes"))
    assert inconnue < ardennes
    assert "« à vérifier » : score faible" in lines[inconnue]
    assert "12 Rue des Ardennes 21000 Dijon" in lines[ardennes]
    assert "numéro" in lines[ardennes] and "trouvé" in lines[ardennes]
    assert "3 sites : 1 trouvés, 1 à vérifier, 0 introuvables, 1 saisis à la main." in result.output
    placed = parse_problem(json.loads(out.read_text(encoding="utf-8")))
    assert (placed.site("ardennes").lat, placed.site("ardennes").lon) == ARDENNES_12


def test_geocode_exits_2_naming_every_site_it_cannot_place(
    addok_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    document = day(
        [
            site("gibberish", "partner", "qzxw vbnk", "", ""),
            {"id": "nothing", "kind": "partner"},
            site("ardennes", "partner", "12 rue des Ardennes"),
        ]
    )
    result = run("geocode", _write(tmp_path / "day.json", document), "--geocoder", addok_url)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "sites[1]: Le site « gibberish » n'a pas pu être placé" in result.output
    assert "sites[2]: Le site « nothing » n'a ni coordonnées" in result.output


def test_import_geocodes_a_workbook_given_by_address(
    embedded: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    document = day([site("ardennes", "partner", "12 rue des Ardennes")])
    workbook = tmp_path / "adresses.xlsx"
    write_problem_workbook(parse_problem(_with_point(document)), workbook)
    _clear_points(workbook, "ardennes")
    out = tmp_path / "problem.json"
    result = run("import", workbook, "--out", out, "--geocoder", "embedded")
    assert result.exit_code == 0, result.output
    assert "12 Rue des Ardennes 21000 Dijon" in result.output
    problem = parse_problem(json.loads(out.read_text(encoding="utf-8")))
    assert (problem.site("ardennes").lat, problem.site("ardennes").lon) == ARDENNES_12
    assert problem.site("ardennes").postcode == "21000"


def _with_point(document: dict[str, Any]) -> dict[str, Any]:
    """The template writer needs a valid problem: a point to blank out afterwards."""
    for each in document["sites"]:
        each.setdefault("lat", 47.0)
        each.setdefault("lon", 5.0)
    return document


def _clear_points(workbook: Path, site_id: str) -> None:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(workbook)
    sheet = book["Sites"]
    header = [cell.value for cell in sheet[1]]
    lat, lon = header.index("Latitude") + 1, header.index("Longitude") + 1
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == site_id:
            sheet.cell(row[0].row, lat).value = None
            sheet.cell(row[0].row, lon).value = None
    book.save(workbook)


def test_an_empty_embedded_index_is_an_error_not_a_list_of_unknown_addresses(
    tmp_path: Path, monkeypatch: Any, embedded: Any
) -> None:
    from optimizer.geocode.addok_config import AddokRedis
    from optimizer.geocode.base import GeocoderUnavailable
    from optimizer.geocode.embedded import EmbeddedAddok
    from optimizer.geocode.load import reset_index

    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    document = day([site("ardennes", "partner", "12 rue des Ardennes")])
    reset_index(embedded.redis)
    try:
        result = run("geocode", _write(tmp_path / "day.json", document), "--geocoder", "embedded")
        assert result.exit_code == 1
        assert "is empty: load the BAN file" in result.output
        with pytest.raises(GeocoderUnavailable):
            EmbeddedAddok(AddokRedis.from_url(embedded.source.split()[-1]))
    finally:
        from optimizer.geocode.load import load_ban
        from tests.geocode.ban import write_ban

        load_ban(write_ban(tmp_path / "ban.ndjson.gz"), embedded.redis)
    assert not (tmp_path / "cache.sqlite").exists() or _no_answers(tmp_path / "cache.sqlite")


def _no_answers(path: Path) -> bool:
    import sqlite3

    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
