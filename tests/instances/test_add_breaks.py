"""The Dijon day with breaks: rebuilt byte for byte from the Dijon day, as its docstring says."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType

from optimizer.read.documents import load_problem

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "instances" / "dijon-200.json"
COMMITTED = ROOT / "instances" / "dijon-200-breaks.json"


def _script() -> ModuleType:
    """The script is not part of the package: load it from its file."""
    spec = importlib.util.spec_from_file_location(
        "add_breaks", ROOT / "instances" / "add_breaks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_file_is_what_the_script_makes_of_the_dijon_day() -> None:
    # If this fails after dijon-200.json changed, run `python instances/add_breaks.py`.
    script = _script()
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    text = json.dumps(
        script.add_breaks(source, random.Random(script.SEED)), indent=2, ensure_ascii=False
    )
    assert text + "\n" == COMMITTED.read_text(encoding="utf-8")


def test_every_shift_over_six_hours_has_one_break_of_20_to_45_minutes_by_six_hours() -> None:
    plain = {v.id: v for v in load_problem(SOURCE).vehicles}
    day = load_problem(COMMITTED)
    assert [job.id for job in day.jobs] == [job.id for job in load_problem(SOURCE).jobs]
    for vehicle in day.vehicles:
        assert vehicle.model_copy(update={"breaks": []}) == plain[vehicle.id]
        shift = vehicle.shift_end - vehicle.shift_start
        if shift <= 6 * 3600:
            assert vehicle.breaks == []
            continue
        (pause,) = vehicle.breaks
        assert 20 <= pause.duration_min <= 45
        assert pause.window.start == vehicle.shift_start + 4 * 3600
        assert pause.window.end <= vehicle.shift_start + 6 * 3600
        assert pause.window.end + pause.duration_s <= vehicle.shift_end
    assert sum(1 for v in day.vehicles if v.breaks) == 11
