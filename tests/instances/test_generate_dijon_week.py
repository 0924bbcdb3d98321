"""The Dijon week: rebuilt byte for byte from the Dijon day, shaped as its docstring says."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from optimizer.week import load_week

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "instances" / "dijon-week.json"


def _script() -> ModuleType:
    path = ROOT / "instances" / "generate_dijon_week.py"
    spec = importlib.util.spec_from_file_location("generate_dijon_week", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_week_is_what_the_script_makes_of_the_dijon_day() -> None:
    # If this fails after dijon-200.json changed, run `python instances/generate_dijon_week.py`.
    script = _script()
    day = json.loads(script.SOURCE.read_text(encoding="utf-8"))
    text = json.dumps(script.generate(day), indent=1, ensure_ascii=False) + "\n"
    assert text == COMMITTED.read_text(encoding="utf-8")


def test_the_week_has_five_planned_days_and_every_kind_of_frequency() -> None:
    week = load_week(COMMITTED)
    assert [d.isoformat() for d in week.working_dates()] == [
        "2025-05-26", "2025-05-27", "2025-05-28", "2025-05-30", "2025-05-31",
    ]  # fmt: skip
    assert len(week.partners) == 160 and len(week.donors) == 40
    kinds = {(p.visits, p.per) for p in week.partners}
    assert {(1, "week"), (2, "week"), (3, "week"), (1, "fortnight")} <= kinds
    assert sum(1 for d in week.donors if d.required) == 2
    assert all(week.vehicle_dates(v) for v in week.vehicles)
