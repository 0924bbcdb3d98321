"""The command line in French by default, in English with ``--language en``, from one catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from optimizer.cli import EXIT_BAD_INPUT, EXIT_REQUIRED_LEFT_OUT, app

# No FOODROUTE_LANGUAGE (the suite sets English for the other tests): the default speaks.
ENV: dict[str, str | None] = {"COLUMNS": "250", "NO_COLOR": "1", "FOODROUTE_LANGUAGE": None}
DATA = Path(__file__).parents[1] / "data"
THREE_ERRORS = DATA / "ReversedWindowNegativeCapacityUnknownSite.json"


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV)


def test_validation_is_in_french_by_default_every_error_at_once(tmp_path: Path) -> None:
    result = run("check", THREE_ERRORS, tmp_path / "plan.json")
    assert result.exit_code == EXIT_BAD_INPUT == 2
    assert result.stderr.splitlines() == [
        "Données invalides (3 problème(s)) :",
        "  - sites[1].time_windows[0].end: the window ends before it starts ('end' must be at "
        "or after 'start')",
        "  - vehicles[0].capacity_kg.chilled: la valeur doit être supérieure ou égale à 0",
        "  - deliveries[0].site: aucun site « Nowhere »",
    ]


def test_validation_in_english_on_request(tmp_path: Path) -> None:
    result = run("--language", "en", "check", THREE_ERRORS, tmp_path / "plan.json")
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.splitlines()[0] == "Invalid input (3 problem(s)):"
    assert "  - vehicles[0].capacity_kg.chilled: Input should be greater than or equal to 0" in (
        result.stderr.splitlines()
    )
    assert result.stderr.splitlines()[-1] == "  - deliveries[0].site: no site 'Nowhere'"


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    result = run("--language", "de", "check", THREE_ERRORS, tmp_path / "plan.json")
    assert result.exit_code == 2
    assert "choose one of fr, en" in result.output


def test_summary_and_reasons_in_french(tiny_doc: dict[str, Any], tmp_path: Path) -> None:
    # 100 kg of frozen food and no vehicle with a frozen compartment: D1 cannot be served.
    tiny_doc["deliveries"][0]["lots"] = [
        {"id": "D1-ice", "category": "frozen", "temperature": "frozen", "kg": 100}
    ]
    problem = tmp_path / "frozen.json"
    problem.write_text(json.dumps(tiny_doc), encoding="utf-8")
    args = ("plan", problem, "--out", tmp_path, "--max-iterations", "50")
    result = run(*args)
    assert result.exit_code == EXIT_REQUIRED_LEFT_OUT, result.output
    assert "Véhicule" in result.stdout and "Coût €" in result.stdout
    assert "Non planifié" in result.stdout
    assert "Aucun véhicule disponible n'a de compartiment surgelé pour « D1 »." in result.stdout
    assert "valeur des produits 447.20 € · IRRÉALISABLE" in result.stdout
    assert f"Écrit : {tmp_path / 'plan.json'} en " in result.stdout
    assert "1 mission(s) obligatoire(s) non planifiée(s) : D1" in result.stderr
    english = run("--language", "en", *args)
    assert english.exit_code == EXIT_REQUIRED_LEFT_OUT
    assert "Vehicle" in english.stdout and "Left out" in english.stdout
    assert "1 required job(s) left out: D1" in english.stderr
