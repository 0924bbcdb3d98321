"""The Dijon day by address: the bundled BAN file places every site where ``dijon-200.json``
has it, so the day imported from addresses plans exactly as the Dijon day does."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from optimizer.model import SiteKind
from optimizer.read.documents import load_problem, parse_problem
from tests.geocode.test_cli_geocode import run

INSTANCES = Path(__file__).resolve().parents[2] / "instances"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_dijon_addresses", INSTANCES / "generate_dijon_addresses.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundled_files_are_regenerated_byte_for_byte(tmp_path: Path) -> None:
    assert _generator().main(["generate", str(tmp_path)]) == 0
    for name in ("ban-dijon-200.ndjson.gz", "dijon-200-adresses.xlsx"):
        assert (tmp_path / name).read_bytes() == (INSTANCES / name).read_bytes(), name
    assert (INSTANCES / "ban-dijon-200.ndjson.gz").stat().st_size < 200_000


def test_the_address_workbook_imports_to_the_dijon_day(
    index_of: Callable[[Path], Any], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("FOODROUTE_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    index_of(INSTANCES / "ban-dijon-200.ndjson.gz")
    out = tmp_path / "problem.json"
    result = run("import", INSTANCES / "dijon-200-adresses.xlsx", "--out", out)
    assert result.exit_code == 0, result.output
    assert "201 sites : 197 trouvés, 0 à vérifier, 0 introuvables, 4 saisis à la main." in (
        result.output
    )
    imported = parse_problem(json.loads(out.read_text(encoding="utf-8")))
    dijon = load_problem(INSTANCES / "dijon-200.json")
    placed = [s for s in imported.sites if s.geocode is not None]
    assert len(placed) == 197
    assert all(s.geocode.match_type == "housenumber" for s in placed if s.kind != SiteKind.DEPOT)  # type: ignore[union-attr]
    plain = imported.model_copy(
        update={
            "sites": [
                s.model_copy(update={"geocode": None, "postcode": ""}) for s in imported.sites
            ]
        }
    )
    assert plain == dijon
