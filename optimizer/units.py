"""User units and the integers the solvers see, kept apart with named conversions.

Files and the API speak local wall-clock ``HH:MM`` on the plan's date, kilograms and kilometres;
solvers work in integer seconds since midnight, integer kilograms and integer metres.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3600
METRES_PER_KM = 1000

_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


def parse_clock(value: Any) -> int:
    """``"07:30"`` → 27000 s after midnight. Integers are taken as seconds already.

    Hours may exceed 23 (``"25:30"`` is 01:30 the next day) so that benchmark instances whose
    horizon is longer than a day still read; a planner's file stays within one day.
    """
    if isinstance(value, bool):
        raise ValueError("expected a time such as '07:30', not true/false")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"a time cannot be negative (got {value})")
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str):
        match = _CLOCK.match(value.strip())
        if match:
            hours, minutes, seconds = match.groups()
            return int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)
    raise ValueError(f"expected a time as 'HH:MM' (e.g. '07:30'), got {value!r}")


def format_clock(seconds: int) -> str:
    """27000 → ``"07:30"``; seconds are shown only when there are some."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


ClockTime = Annotated[
    int,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{1,3}:[0-5]\d(:[0-5]\d)?$"},
                {"type": "integer", "minimum": 0},
            ],
            "description": "Local wall-clock time 'HH:MM' on the plan's date (or seconds).",
        }
    ),
]
"""A time of day: ``"HH:MM"`` in JSON, integer seconds after midnight in Python."""


def km(distance_m: float) -> float:
    """Metres → kilometres, rounded to 0.001 km for outputs."""
    return round(distance_m / METRES_PER_KM, 3)


def hours(duration_s: float) -> float:
    return duration_s / SECONDS_PER_HOUR


def minutes_to_seconds(value_min: float) -> int:
    return round(value_min * SECONDS_PER_MINUTE)


def ceil_int(value: float) -> int:
    """Round up, tolerating float noise (2.0000000001 → 2)."""
    return math.ceil(round(value, 6))
