"""Give the Dijon day its drivers' breaks: the day every engine is measured on with breaks.

    python instances/add_breaks.py [SOURCE] [TARGET]

reads ``instances/dijon-200.json`` (the day made by ``generate_dijon.py``) and writes
``instances/dijon-200-breaks.json``: the same day where every driver whose shift is longer than
six hours takes one break (French labour rules: a pause once six hours of work are reached;
volunteers ask for one too), of 20 to 45 minutes in steps of 5, drawn per driver. The break
starts between four and six hours after the start of the shift, and early enough to end inside
the shift. Shorter shifts keep no break.

Deterministic: one ``random.Random(SEED)``, vehicles visited in file order; the same source
gives a byte-identical target.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SEED = 20250310
HERE = Path(__file__).resolve().parent
SOURCE = HERE / "dijon-200.json"
TARGET = HERE / "dijon-200-breaks.json"

SIX_HOURS_MIN = 6 * 60
OPENS_AFTER_MIN = 4 * 60
"""The break's window opens after four hours of work and closes at six."""
DURATIONS_MIN = (20, 25, 30, 35, 40, 45)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def add_breaks(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The copy of a problem document with a break for every shift over six hours."""
    result = json.loads(json.dumps(document))
    result["name"] = f"{result.get('name', 'day')} (pauses des chauffeurs)"
    for vehicle in result["vehicles"]:
        start, end = _minutes(vehicle["shift_start"]), _minutes(vehicle["shift_end"])
        duration = rng.choice(DURATIONS_MIN)
        if end - start <= SIX_HOURS_MIN:
            continue
        latest = min(start + SIX_HOURS_MIN, end - duration)
        vehicle["breaks"] = [
            {
                "id": "pause",
                "window": {"start": _clock(start + OPENS_AFTER_MIN), "end": _clock(latest)},
                "duration_min": duration,
            }
        ]
    return result


def main(argv: Sequence[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    target = Path(argv[2]) if len(argv) > 2 else TARGET
    document = json.loads(source.read_text(encoding="utf-8"))
    with_breaks = add_breaks(document, random.Random(SEED))

    # Validate with the engine's own model before writing: a bundled day must always load.
    sys.path.insert(0, str(HERE.parent))
    from optimizer.read.documents import parse_problem

    problem = parse_problem(with_breaks)
    target.write_text(json.dumps(with_breaks, indent=2, ensure_ascii=False) + "\n", "utf-8")
    drivers = [v for v in problem.vehicles if v.breaks]
    print(f"Wrote {target.name}: {len(drivers)} of {len(problem.vehicles)} drivers take a break")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
