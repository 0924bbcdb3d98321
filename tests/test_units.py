"""Clock times in files, integer seconds inside: the conversions and their edge cases."""

from __future__ import annotations

from typing import Any

import pytest

from optimizer.units import ceil_int, format_clock, hours, km, minutes_to_seconds, parse_clock


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("07:30", 27000),  # 7 × 3600 + 30 × 60
        ("7:30", 27000),
        ("00:00", 0),
        ("23:59", 86340),  # 23 × 3600 + 59 × 60
        ("24:00", 86400),
        ("25:30", 91800),  # next day 01:30: benchmark horizons beyond midnight
        ("100:00", 360000),
        ("07:30:15", 27015),
        (" 08:05 ", 29100),  # surrounding spaces are tolerated
        (27000, 27000),  # integers are seconds already
        (0, 0),
        (1800.0, 1800),  # a whole float from a JSON number
    ],
)
def test_parse_clock(text: Any, seconds: int) -> None:
    assert parse_clock(text) == seconds


@pytest.mark.parametrize(
    "text",
    ["7h30", "07:60", "07:5", "07:30:60", "-01:00", "1000:00", "", "07", "noon", 1.5, True, None],
)
def test_parse_clock_refuses(text: Any) -> None:
    with pytest.raises(ValueError, match="expected a time"):
        parse_clock(text)


def test_negative_seconds_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        parse_clock(-1)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (27000, "07:30"),
        (0, "00:00"),
        (27015, "07:30:15"),  # seconds only when there are some
        (86340, "23:59"),
        (91800, "25:30"),  # beyond one day the hours keep counting
        (59, "00:00:59"),
    ],
)
def test_format_clock(seconds: int, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize("seconds", [0, 59, 3600, 27015, 86399, 91800])
def test_format_then_parse_round_trips(seconds: int) -> None:
    assert parse_clock(format_clock(seconds)) == seconds


def test_named_conversions() -> None:
    assert km(45000) == 45.0
    assert km(1234.5678) == 1.235  # rounded to the metre: 1.2345678 km → 1.235
    assert hours(11100) == pytest.approx(3.083333, abs=1e-6)  # 11100 / 3600
    assert minutes_to_seconds(7.5) == 450
    assert minutes_to_seconds(0.01) == 1  # 0.6 s rounds to 1
    assert ceil_int(2.0000000001) == 2  # float noise does not add a unit
    assert ceil_int(2.01) == 3
    assert ceil_int(0) == 0
